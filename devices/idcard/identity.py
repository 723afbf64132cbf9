"""What a card says about its holder: the Identity value, the sex and nation tables, ID number checks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum, StrEnum
from typing import Any

from devices.idcard.errors import InvalidIdNumber


class CardType(StrEnum):
    RESIDENT = "resident"
    FOREIGN_PERMANENT = "foreign_permanent"  # 2017 layout, card type flag "I", 15-character number
    FOREIGN_PERMANENT_2023 = "foreign_permanent_2023"  # 2023 layout, flag "Y", 18 digits starting 9
    HK_MO_TW_PERMIT = "hk_mo_tw_permit"


class Sex(Enum):
    """GB/T 2261.1 sex codes as the card stores them, with the label printed on the card."""

    UNKNOWN = "0"
    MALE = "1"
    FEMALE = "2"
    UNSPECIFIED = "9"

    @property
    def code(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return _SEX_LABELS[self]

    @classmethod
    def parse(cls, text: str) -> Sex:
        """A code ("1") or a label ("男") -> Sex; ValueError otherwise."""
        text = text.strip()
        for sex in cls:
            if text in (sex.value, sex.label):
                return sex
        raise ValueError(f"unknown sex {text!r}")


_SEX_LABELS = {Sex.UNKNOWN: "未知", Sex.MALE: "男", Sex.FEMALE: "女", Sex.UNSPECIFIED: "未说明"}

# GB 3304 nation codes 01..56 in order, then the two special codes the card may carry.
_NATION_NAMES = (
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣",
    "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉",
    "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"
)
NATIONS: dict[str, str] = {f"{i:02d}": name for i, name in enumerate(_NATION_NAMES, start=1)}
NATIONS["97"] = "其他"
NATIONS["98"] = "外国血统中国籍人士"
_NATION_CODES = {name: code for code, name in NATIONS.items()}


def nation_name(code: str) -> str:
    """"01" -> "汉"; KeyError for codes outside the table."""
    return NATIONS[code]


def nation_code(name_or_code: str) -> str:
    """"汉" or "01" -> "01"; KeyError when neither."""
    if name_or_code in NATIONS:
        return name_or_code
    return _NATION_CODES[name_or_code]


# ---- ID numbers (GB 11643) -------------------------------------------------------------------------
# ISO 7064 MOD 11-2, written out here rather than taken from python-stdnum: devices/ is a standalone
# library (stdlib + pyserial only), and stdnum's validate() also rejects real cards whose county code
# was created after the holder's birth (numbers are assigned at first issue, from 1984 on).
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def id_check_digit(first17: str) -> str:
    """The 18th character for the first 17 digits of an ID number."""
    if len(first17) != 17 or not first17.isdigit():
        raise InvalidIdNumber("An ID number starts with 17 digits.")
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_birth_date(number: str) -> date:
    """The birth date written in digits 7-14 of an 18-character ID number."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError as exc:
        raise InvalidIdNumber("The ID number holds an impossible birth date.") from exc


def validate_id_number(number: str, birth_date: date | None = None, *, today: date | None = None) -> str:
    """Return the number (upper-cased) when its format, check digit and birth date are right.

    The county code is deliberately not checked (see the comment above ``_WEIGHTS``).
    """
    number = number.strip().upper()
    if not _ID_RE.match(number):
        raise InvalidIdNumber("An ID number has 17 digits and a final digit or X.")
    if id_check_digit(number[:17]) != number[17]:
        raise InvalidIdNumber("The ID number's check digit is wrong.")
    born = id_birth_date(number)
    if born > (today or date.today()) or born.year < 1850:
        raise InvalidIdNumber("The ID number holds an impossible birth date.")
    if birth_date is not None and born != birth_date:
        raise InvalidIdNumber("The ID number's birth date differs from the card's birth date.")
    return number


def validate_foreign_2023_number(number: str, birth_date: date | None = None, *, today: date | None = None) -> str:
    """The 2023 foreigner card's number: 18 characters, first digit 9, the same MOD 11-2 check digit and
    birth date (digits 7-14) as a resident ID number (National Immigration Administration, 2023)."""
    number = validate_id_number(number, birth_date, today=today)
    if number[0] != "9":
        raise InvalidIdNumber("A 2023 permanent residence card number starts with 9.")
    return number


def validate_foreign_2017_number(number: str) -> str:
    """The 2017 foreigner card's number: 15 characters, three Latin letters (nationality) and 12 digits."""
    number = number.strip().upper()
    if not _FOREIGN_2017_RE.match(number):
        raise InvalidIdNumber("A 2017 permanent residence card number has 3 letters and 12 digits.")
    return number


_FOREIGN_2017_RE = re.compile(r"^[A-Z]{3}\d{12}$")


def is_valid_id_number(number: str) -> bool:
    try:
        validate_id_number(number)
    except InvalidIdNumber:
        return False
    return True


# ---- the identity --------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class Identity:
    """The holder's identity as read from a card. ``repr`` hides personal data (it ends up in logs).

    ``photo`` is the encrypted WLT image (1024 bytes), opaque: keep it only as long as the session.
    ``extra`` holds card-type specific fields (english_name, nationality, pass_number, issue_count,
    nation_code, private_use_fields ...).
    """

    card_type: CardType
    name: str
    sex: Sex
    nation: str
    birth_date: date
    address: str
    id_number: str
    issuing_authority: str
    valid_from: date
    valid_to: date | None
    long_term: bool = False
    photo: bytes = b""
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"Identity(card_type={self.card_type.value!r}, <personal data hidden>, photo={len(self.photo)} bytes)"

    __str__ = __repr__

    @property
    def sex_label(self) -> str:
        return self.sex.label

    def without_photo(self) -> Identity:
        """A copy without the photo, for anything kept beyond the session."""
        return replace(self, photo=b"")

    def to_json_dict(self) -> dict[str, Any]:
        """The fields the CLI and the kiosk exchange; dates as YYYY-MM-DD, no photo."""
        return {
            "card_type": self.card_type.value,
            "name": self.name,
            "sex": self.sex.label,
            "nation": self.nation,
            "birth_date": self.birth_date.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "issuing_authority": self.issuing_authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": None if self.valid_to is None else self.valid_to.isoformat(),
            "long_term": self.long_term,
        }
