"""The number on each card a tax hall accepts, checked by the card's type before a taxpayer is looked up.

* resident ID card and HK/Macao/Taiwan residence permit: the citizen ID number (``idnumber``);
  permits carry 81 (Hong Kong), 82 (Macao) or 83 (Taiwan) in place of the county code.
* 2023 foreign permanent residence card ("Y"): 18 characters, first digit 9, the same MOD 11-2
  check digit and birth date as a resident number (National Immigration Administration, 2023).
* 2017 foreign permanent residence card ("I"): 15 characters, three Latin letters and 12 digits.

Kept apart from ``idnumber`` so staff entry and the command line keep the resident rules they ask for.
"""

from __future__ import annotations

import re

from kiosk.domain import idnumber
from kiosk.errors import UserInputError

RESIDENT = "resident"
HK_MO_TW_PERMIT = "hk_mo_tw_permit"
FOREIGN_PERMANENT = "foreign_permanent"
FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"
CARD_TYPES = (RESIDENT, HK_MO_TW_PERMIT, FOREIGN_PERMANENT, FOREIGN_PERMANENT_2023)

_FOREIGN_2017 = re.compile(r"^[A-Z]{3}\d{12}$")


def validate(raw: str, card_type: str = RESIDENT) -> str:
    """The normalised card number, or UserInputError saying what is wrong with it."""
    if card_type == FOREIGN_PERMANENT:
        number = idnumber.normalise(raw).upper()
        if not _FOREIGN_2017.match(number):
            raise UserInputError(
                "a 2017 permanent residence card number has 15 characters: 3 letters and 12 digits",
                message_key="error.id_shape",
            )
        return number
    if card_type not in CARD_TYPES:
        raise UserInputError(f"this card type is not accepted here ({card_type})", message_key="error.id_shape")
    number = idnumber.validate(raw)
    if card_type == FOREIGN_PERMANENT_2023 and number[0] != "9":
        raise UserInputError("a 2023 permanent residence card number starts with 9", message_key="error.id_shape")
    if card_type == HK_MO_TW_PERMIT and number[:2] not in ("81", "82", "83"):
        raise UserInputError("a residence permit number starts with 81, 82 or 83", message_key="error.id_shape")
    return number


__all__ = ["CARD_TYPES", "FOREIGN_PERMANENT", "FOREIGN_PERMANENT_2023", "HK_MO_TW_PERMIT", "RESIDENT", "validate"]
