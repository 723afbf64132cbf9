"""Resident ID numbers (GB 11643-1999): validation with python-stdnum's check-digit code.

``stdnum.cn.ric.validate`` also rejects numbers whose county code did not exist on the holder's
birth date, but real cards carry such numbers (a number is assigned where the person is registered
when the card is first issued), so we take only its check-digit and birth-date parts.
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import ric

from kiosk.errors import UserInputError

_SHAPE = re.compile(r"^\d{17}[\dX]$")


def normalise(raw: str) -> str:
    """Lenient input: strip spaces, full-width digits and a lower-case x."""
    table = str.maketrans("０１２３４５６７８９ｘＸx", "0123456789XXX")
    return "".join(raw.split()).translate(table)


def birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def validate(raw: str, *, today: dt.date | None = None) -> str:
    """Return the normalised number, or raise :class:`UserInputError` saying what is wrong."""
    number = normalise(raw)
    if not _SHAPE.match(number):
        raise UserInputError(
            "an ID number has 18 characters: 17 digits and a last digit or X", message_key="error.id_shape"
        )
    try:
        born = birth_date(number)
    except ValueError:
        raise UserInputError("the birth date inside the ID number is not a real date",
                             message_key="error.id_birth") from None
    if born > (today or dt.date.today()) or born.year < 1900:
        raise UserInputError("the birth date inside the ID number is not possible",
                             message_key="error.id_birth")
    if ric.calc_check_digit(number) != number[17]:  # it reads the first 17 of 18
        raise UserInputError("the ID number's last digit does not match (check digit)",
                             message_key="error.id_check")
    return number


def is_valid(raw: str) -> bool:
    try:
        validate(raw)
    except UserInputError:
        return False
    return True


def with_check_digit(first17: str) -> str:
    """Complete 17 digits with their check digit (for demo data and sample cards)."""
    return first17 + ric.calc_check_digit(first17 + "0")  # stdnum ignores the last char
