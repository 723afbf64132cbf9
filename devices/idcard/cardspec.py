"""A card description (JSON file) for the simulator: who the card belongs to, in plain fields.

Example (resident card)::

    {"card_type": "resident", "name": "张伟", "sex": "男", "nation": "汉",
     "birth_date": "1985-03-12", "address": "...", "id_number": "110105198503121239",
     "issuing_authority": "北京市公安局朝阳分局", "valid_from": "2015-06-01", "valid_to": "2035-06-01"}

``valid_to`` may be "长期". Foreigner cards add ``english_name``, ``nationality`` (ISO alpha-3),
``version``; ``issuing_authority`` is then the authority code. Residence permits add
``pass_number`` and ``issue_count``. Keys starting with "_" are comments.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from devices.idcard.codec import (
    LONG_TERM,
    PHOTO_LEN,
    WLT_HEADER,
    decode_text_block,
    encode_text_block,
    private_use_substitute,
)
from devices.idcard.errors import InvalidCardData
from devices.idcard.identity import NATIONS, CardType, Identity, Sex, nation_name

_EXTRA_KEYS = (
    "english_name", "nationality", "version", "pass_number", "issue_count", "renewal_count", "previous_link",
)
_OPTIONAL = ("nation", "address", *_EXTRA_KEYS)
_REQUIRED = ("card_type", "name", "sex", "birth_date", "id_number", "issuing_authority", "valid_from", "valid_to")
_KNOWN = {*_REQUIRED, *_OPTIONAL}


@dataclass(frozen=True, repr=False)
class CardSpec:
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
    extra: dict[str, str] = field(default_factory=dict)
    source: str = ""

    def __repr__(self) -> str:
        return f"CardSpec({self.card_type.value!r}, source={Path(self.source).name or '-'!r})"

    @property
    def long_term(self) -> bool:
        return self.valid_to is None

    @property
    def name_on_card(self) -> str:
        """The name as the card holds it: characters outside the BMP become private-use code points."""
        return "".join(private_use_substitute(c) for c in self.name)

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "") -> CardSpec:
        where = f" in {source}" if source else ""
        missing = [k for k in _REQUIRED if k not in data]
        if missing:
            raise InvalidCardData(f"Card description lacks {', '.join(missing)}{where}.")
        unknown = sorted(k for k in data if not k.startswith("_") and k not in _KNOWN)
        if unknown:  # a misspelt optional key must not silently vanish
            raise InvalidCardData(f"Card description has unknown keys {', '.join(unknown)}{where}.")
        try:
            card_type = CardType(data["card_type"])
            nation = str(data.get("nation", ""))
            if card_type is CardType.RESIDENT:
                nation = nation_name(nation) if nation.isdigit() else nation
                if nation not in NATIONS.values():
                    raise ValueError(f"unknown nation {nation!r}")
            elif card_type in (CardType.FOREIGN_PERMANENT, CardType.FOREIGN_PERMANENT_2023):
                nation = str(data.get("nationality", nation))
            valid_to_text = str(data["valid_to"])
            spec = cls(
                card_type=card_type,
                name=str(data["name"]),
                sex=Sex.parse(str(data["sex"])),
                nation=nation,
                birth_date=date.fromisoformat(str(data["birth_date"])),
                address=str(data.get("address", "")),
                id_number=str(data["id_number"]).upper(),
                issuing_authority=str(data["issuing_authority"]),
                valid_from=date.fromisoformat(str(data["valid_from"])),
                valid_to=None if valid_to_text == LONG_TERM else date.fromisoformat(valid_to_text),
                extra={k: str(data[k]) for k in _EXTRA_KEYS if k in data},
                source=source,
            )
        except (ValueError, KeyError) as exc:
            raise InvalidCardData(f"Card description has a bad value{where}: {exc}") from exc
        spec.text_block()  # validates lengths, dates and the ID number
        return spec

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> CardSpec:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InvalidCardData(f"Cannot read card description {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise InvalidCardData(f"Card description {path} is not a JSON object.")
        return cls.from_dict(data, source=str(path))

    def to_identity(self) -> Identity:
        extra: dict[str, Any] = dict(self.extra)
        if self.card_type is CardType.FOREIGN_PERMANENT:
            extra.setdefault("chinese_name", self.name)
            extra.setdefault("authority_code", self.issuing_authority)
        elif self.card_type is CardType.FOREIGN_PERMANENT_2023:
            extra.setdefault("chinese_name", self.name)
        return Identity(
            card_type=self.card_type,
            name=self.name,
            sex=self.sex,
            nation=self.nation,
            birth_date=self.birth_date,
            address=self.address,
            id_number=self.id_number,
            issuing_authority=self.issuing_authority,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            long_term=self.valid_to is None,
            photo=self.photo(),
            extra=extra,
        )

    def text_block(self) -> bytes:
        """The 256 bytes the card holds; InvalidCardData when the description cannot be a real card."""
        block = encode_text_block(self.to_identity())
        decode_text_block(block)  # the same checks the driver makes
        return block

    def photo(self) -> bytes:
        """A stand-in for the encrypted WLT photo: the WLT header real cards carry, then bytes derived
        from the card number (1024 in all)."""
        out = bytearray(WLT_HEADER)
        seed = self.id_number.encode()
        while len(out) < PHOTO_LEN:
            seed = hashlib.sha256(seed).digest()
            out += seed
        return bytes(out[:PHOTO_LEN])

