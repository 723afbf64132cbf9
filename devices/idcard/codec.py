"""The SAM serial protocol as pure functions: frames, an incremental parser, the card's text block.

No I/O here. The driver (host end) and the simulator (device end) both use this module, so what one
writes the other reads with the same code. Every byte layout follows
/work/shared/reference/idcard-sam-protocol.md.

Characters outside the Basic Multilingual Plane: the card stores UCS-2, which cannot hold them. The
issuing office writes such a character as a code point of the Private Use Area (U+E000..U+F8FF) from
its own table, and the reader hands that code point over unchanged. ``encode_text_block`` does the
same with a fictional table (``private_use_substitute``); ``decode_text_block`` keeps private-use code
points as they are and lists the fields holding them in ``Identity.extra["private_use_fields"]`` so the
kiosk can ask staff to check the name against the card face. A valid surrogate pair is decoded as
UTF-16 (a harmless superset); a lone surrogate becomes U+FFFD and is listed the same way.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import reduce
from operator import xor

from devices.idcard.errors import SW3, CodecError, InvalidCardData
from devices.idcard.identity import (
    NATIONS,
    CardType,
    Identity,
    Sex,
    nation_code,
    validate_foreign_2023_number,
    validate_id_number,
)

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2  # preamble + LEN_H LEN_L
#: Largest LEN a receiver accepts (the reference: "about 2321 bytes"; a 30 10 read with a
#: 1024-byte fingerprint needs 3 + 6 + 256 + 1024 + 1024 + 1 = 2314).
MAX_LEN = 2321
TEXT_LEN = 256
PHOTO_LEN = 1024
#: The first bytes of the encrypted photo on real cards ("WLf" and a NUL): the WLT file header.
WLT_HEADER = b"\x57\x4c\x66\x00"
LONG_TERM = "长期"


class Command(Enum):
    """(CMD, PARA) of every command in the reference."""

    RESET = (0x10, 0xFF)
    STATUS = (0x11, 0xFF)
    SAM_ID = (0x12, 0xFF)
    FIND = (0x20, 0x01)
    SELECT = (0x20, 0x02)
    READ = (0x30, 0x01)
    READ_ADDRESS = (0x30, 0x03)
    READ_FINGERPRINT = (0x30, 0x10)
    #: Set the largest RF frame (data byte 0x50); sent by some clients at start (hevz/hev-idcard-reader).
    SET_MAX_RF = (0x61, 0xFF)

    @property
    def cmd(self) -> int:
        return self.value[0]

    @property
    def para(self) -> int:
        return self.value[1]

    @property
    def stage(self) -> str:
        """The StageTimeouts field that bounds this command."""
        return _STAGES[self]

    @property
    def carries_personal_data(self) -> bool:
        return self.cmd == 0x30

    @classmethod
    def lookup(cls, cmd: int, para: int) -> Command | None:
        try:
            return cls((cmd, para))
        except ValueError:
            return None


_STAGES = {
    Command.RESET: "reset",
    Command.STATUS: "status",
    Command.SAM_ID: "status",
    Command.FIND: "find",
    Command.SELECT: "select",
    Command.READ: "read",
    Command.READ_ADDRESS: "read",
    Command.READ_FINGERPRINT: "read",
    Command.SET_MAX_RF: "status",
}


def checksum(body: bytes | bytearray | memoryview) -> int:
    """XOR of LEN_H through the last DATA byte."""
    return reduce(xor, body, 0)


def _frame(payload: bytes) -> bytes:
    length = len(payload) + 1
    if length > 0xFFFF:
        raise CodecError("Frame payload too long.")
    body = length.to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([checksum(body)])


def build_command(command: Command, data: bytes = b"") -> bytes:
    """``AA AA AA 96 69 | LEN | CMD PARA | DATA | CHK``."""
    return _frame(bytes([command.cmd, command.para]) + data)


def encode_response(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """``AA AA AA 96 69 | LEN | SW1 SW2 SW3 | DATA | CHK`` (the simulator's side)."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Response:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def status(self) -> SW3 | None:
        try:
            return SW3(self.sw3)
        except ValueError:
            return None

    @property
    def ok(self) -> bool:
        return self.sw3 in (SW3.SUCCESS, SW3.FIND_SUCCESS)

    def __repr__(self) -> str:  # data may be a card's text block: show its length only
        return f"Response(sw3={self.sw3:02X}, {len(self.data)} data bytes)"


@dataclass(frozen=True)
class CommandFrame:
    cmd: int
    para: int
    data: bytes = b""

    @property
    def command(self) -> Command | None:
        return Command.lookup(self.cmd, self.para)


class FrameFault(Enum):
    CHECKSUM = "checksum"
    LENGTH = "length"


class _FrameScanner:
    """Finds frames in a byte stream fed piecewise; never raises, never holds more than one frame.

    On garbage it slides to the next preamble; a LEN outside [min_len, MAX_LEN] or a bad checksum
    drops one byte and rescans (the real frame may start inside the bad one). A frame still waiting
    for bytes is kept; ``flush`` gives up on it when the caller's deadline passes.
    """

    def __init__(self, min_len: int) -> None:
        self._min_len = min_len
        self._buf = bytearray()
        self.checksum_errors = 0
        self.length_errors = 0
        self.discarded_bytes = 0
        self.faults: deque[FrameFault] = deque(maxlen=64)

    @property
    def pending(self) -> int:
        """Bytes held back (a partial preamble or a frame still arriving)."""
        return len(self._buf)

    @property
    def corrupt_frames(self) -> int:
        return self.checksum_errors + self.length_errors

    def clear(self) -> None:
        self.discarded_bytes += len(self._buf)
        self._buf.clear()

    def _drop(self, n: int) -> None:
        del self._buf[:n]
        self.discarded_bytes += n

    def _payloads(self, data: bytes) -> list[bytes]:
        buf = self._buf
        buf += data
        out: list[bytes] = []
        while buf:
            start = buf.find(PREAMBLE)
            if start < 0:
                self._drop(len(buf) - _partial_preamble_tail(buf))
                break
            if start:
                self._drop(start)
            if len(buf) < HEADER_LEN:
                break
            length = (buf[5] << 8) | buf[6]
            if not self._min_len <= length <= MAX_LEN:
                self.length_errors += 1
                self.faults.append(FrameFault.LENGTH)
                self._drop(1)
                continue
            total = HEADER_LEN + length
            if len(buf) < total:
                break
            if checksum(memoryview(buf)[5 : total - 1]) != buf[total - 1]:
                self.checksum_errors += 1
                self.faults.append(FrameFault.CHECKSUM)
                self._drop(1)
                continue
            out.append(bytes(buf[HEADER_LEN : total - 1]))
            del buf[:total]
        return out

    def _flush_payloads(self) -> list[bytes]:
        out: list[bytes] = []
        while len(self._buf) >= len(PREAMBLE) and self._buf.startswith(PREAMBLE):
            self._drop(1)
            out += self._payloads(b"")
        return out


def _partial_preamble_tail(buf: bytearray) -> int:
    for n in range(min(len(PREAMBLE) - 1, len(buf)), 0, -1):
        if buf.endswith(PREAMBLE[:n]):
            return n
    return 0


class FrameParser(_FrameScanner):
    """Incremental parser of responses: ``feed(bytes) -> list[Response]``."""

    def __init__(self) -> None:
        super().__init__(min_len=4)

    def feed(self, data: bytes) -> list[Response]:
        return [_response(p) for p in self._payloads(data)]

    def flush(self) -> list[Response]:
        """Give up on a frame still waiting for bytes and rescan what is held (a fake preamble in
        garbage may announce a long frame that swallows the real reply)."""
        return [_response(p) for p in self._flush_payloads()]


class CommandParser(_FrameScanner):
    """Incremental parser of commands (the simulator's side)."""

    def __init__(self) -> None:
        super().__init__(min_len=3)

    def feed(self, data: bytes) -> list[CommandFrame]:
        return [CommandFrame(p[0], p[1], p[2:]) for p in self._payloads(data)]

    def flush(self) -> list[CommandFrame]:
        return [CommandFrame(p[0], p[1], p[2:]) for p in self._flush_payloads()]


def _response(payload: bytes) -> Response:
    return Response(payload[0], payload[1], payload[2], payload[3:])


def parse_response(frame: bytes) -> Response:
    """Exactly one complete response frame -> Response; CodecError otherwise."""
    parser = FrameParser()
    found = parser.feed(frame)
    if len(found) != 1 or parser.pending or parser.discarded_bytes:
        raise CodecError("Not exactly one valid response frame.")
    return found[0]


def parse_command(frame: bytes) -> CommandFrame:
    parser = CommandParser()
    found = parser.feed(frame)
    if len(found) != 1 or parser.pending or parser.discarded_bytes:
        raise CodecError("Not exactly one valid command frame.")
    return found[0]


# ---- read payloads -----------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class ReadPayload:
    text: bytes
    photo: bytes
    fingerprint: bytes = b""

    def __repr__(self) -> str:
        return f"ReadPayload(text={len(self.text)}, photo={len(self.photo)}, fingerprint={len(self.fingerprint)})"


def build_read_data(text: bytes, photo: bytes, fingerprint: bytes | None = None) -> bytes:
    """DATA of a 30 01 response (or of 30 10 when ``fingerprint`` is given)."""
    blocks = [text, photo] if fingerprint is None else [text, photo, fingerprint]
    return b"".join(len(b).to_bytes(2, "big") for b in blocks) + b"".join(blocks)


def parse_read_data(data: bytes, *, fingerprint: bool = False) -> ReadPayload:
    """Split the DATA of a read response into its blocks; CodecError when the lengths do not add up."""
    words = 3 if fingerprint else 2
    if len(data) < 2 * words:
        raise CodecError("Read response too short for its length words.")
    lengths = [int.from_bytes(data[2 * i : 2 * i + 2], "big") for i in range(words)]
    if 2 * words + sum(lengths) != len(data):
        raise CodecError("Read response lengths do not add up.")
    if lengths[0] != TEXT_LEN:
        raise CodecError(f"Text block of {lengths[0]} bytes; expected {TEXT_LEN}.")
    blocks = []
    pos = 2 * words
    for n in lengths:
        blocks.append(data[pos : pos + n])
        pos += n
    return ReadPayload(*blocks)


def format_sam_id(data: bytes) -> str:
    """The 16-byte SAM id as vendors print it ("05.01-20101111-0001234567-1234567890"); hex otherwise.

    The layout (two little-endian words, three little-endian double words) is vendor convention,
    not part of the reference.
    """
    if len(data) != 16:
        return data.hex().upper()
    w = [int.from_bytes(data[i : i + 2], "little") for i in (0, 2)]
    d = [int.from_bytes(data[i : i + 4], "little") for i in (4, 8, 12)]
    return f"{w[0]:02d}.{w[1]:02d}-{d[0]:08d}-{d[1]:010d}-{d[2]:010d}"


# ---- the text block ------------------------------------------------------------------------------
# (offset, bytes) of each field, from the reference.
RESIDENT_LAYOUT = {
    "name": (0, 30),
    "sex": (30, 2),
    "nation": (32, 4),
    "birth_date": (36, 16),
    "address": (52, 70),
    "id_number": (122, 36),
    "issuing_authority": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
}
PERMIT_LAYOUT = {**RESIDENT_LAYOUT, "pass_number": (220, 18), "issue_count": (238, 4)}
FOREIGN_LAYOUT = {
    "english_name": (0, 120),
    "sex": (120, 2),
    "id_number": (122, 30),
    "nationality": (152, 6),
    "chinese_name": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "birth_date": (220, 16),
    "version": (236, 4),
    "authority_code": (240, 8),
}
# The 2023 card keeps the resident card's places for the fields both have (so resident-only software
# reads name, sex, birth date, number and validity where it expects them): Chinese name in the name
# field, the English name's first 35 characters in the address field, the rest in the reserved area
# before the nationality (ISO 3166 alpha-3) and the flag "Y". Sources in README.md ("2023 card").
FOREIGN_2023_LAYOUT = {
    "chinese_name": (0, 30),
    "sex": (30, 2),
    "renewal_count": (32, 4),
    "birth_date": (36, 16),
    "english_name": (52, 70),
    "id_number": (122, 36),
    "issuing_authority": (158, 30),
    "valid_from": (188, 16),
    "valid_to": (204, 16),
    "english_name_more": (220, 22),
    "nationality": (242, 6),
    "previous_link": (250, 6),
}
_ENGLISH_FIRST = FOREIGN_2023_LAYOUT["english_name"][1] // 2
TYPE_FLAG = (248, 2)
_FLAGS = {CardType.FOREIGN_PERMANENT: "I", CardType.HK_MO_TW_PERMIT: "J", CardType.FOREIGN_PERMANENT_2023: "Y"}
_PUA_FIRST, _PUA_SIZE = 0xE000, 0x1900


def private_use_substitute(char: str) -> str:
    """The (fictional) issuing table: a character outside the BMP -> a Private Use Area code point."""
    cp = ord(char)
    if cp <= 0xFFFF:
        return char
    return chr(_PUA_FIRST + (cp - 0x10000) % _PUA_SIZE)


def _has_private_use(text: str) -> bool:
    return any(_PUA_FIRST <= ord(c) < _PUA_FIRST + _PUA_SIZE or c == "\ufffd" for c in text)


def _put(block: bytearray, where: tuple[int, int], text: str, field: str) -> None:
    offset, size = where
    raw = "".join(private_use_substitute(c) for c in text).encode("utf-16-le")
    if len(raw) > size:
        raise InvalidCardData(f"{field} is longer than its {size // 2} characters on the card.")
    block[offset : offset + size] = raw + " ".encode("utf-16-le") * ((size - len(raw)) // 2)


def _get(block: bytes, where: tuple[int, int]) -> str:
    offset, size = where
    return block[offset : offset + size].decode("utf-16-le", errors="replace").rstrip(" \x00")


def _ymd(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _parse_date(text: str, field: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise InvalidCardData(f"The card's {field.replace('_', ' ')} is not a date.")
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError as exc:
        raise InvalidCardData(f"The card's {field.replace('_', ' ')} is not a date.") from exc


def encode_text_block(identity: Identity) -> bytes:
    """The 256-byte text block a card of this identity holds (used by the simulator and tests)."""
    block = bytearray(" ".encode("utf-16-le") * (TEXT_LEN // 2))
    valid_to = LONG_TERM if identity.long_term or identity.valid_to is None else _ymd(identity.valid_to)
    extra = identity.extra
    if identity.card_type is CardType.FOREIGN_PERMANENT:
        values = {
            "english_name": extra.get("english_name", ""),
            "sex": identity.sex.code,
            "id_number": identity.id_number,
            "nationality": extra.get("nationality", identity.nation),
            "chinese_name": extra.get("chinese_name", identity.name),
            "valid_from": _ymd(identity.valid_from),
            "valid_to": valid_to,
            "birth_date": _ymd(identity.birth_date),
            "version": extra.get("version", "01"),
            "authority_code": extra.get("authority_code", identity.issuing_authority),
        }
        layout = FOREIGN_LAYOUT
    elif identity.card_type is CardType.FOREIGN_PERMANENT_2023:
        english = str(extra.get("english_name", ""))
        values = {
            "chinese_name": extra.get("chinese_name", identity.name),
            "sex": identity.sex.code,
            "renewal_count": extra.get("renewal_count", "00"),
            "birth_date": _ymd(identity.birth_date),
            "english_name": english[:_ENGLISH_FIRST],
            "id_number": identity.id_number,
            "issuing_authority": identity.issuing_authority,
            "valid_from": _ymd(identity.valid_from),
            "valid_to": valid_to,
            "english_name_more": english[_ENGLISH_FIRST:],
            "nationality": extra.get("nationality", identity.nation),
            "previous_link": extra.get("previous_link", ""),
        }
        layout = FOREIGN_2023_LAYOUT
    else:
        permit = identity.card_type is CardType.HK_MO_TW_PERMIT
        values = {
            "name": identity.name,
            "sex": identity.sex.code,
            "nation": "" if permit else nation_code(identity.nation),
            "birth_date": _ymd(identity.birth_date),
            "address": identity.address,
            "id_number": identity.id_number,
            "issuing_authority": identity.issuing_authority,
            "valid_from": _ymd(identity.valid_from),
            "valid_to": valid_to,
        }
        if permit:
            values["pass_number"] = extra.get("pass_number", "")
            values["issue_count"] = extra.get("issue_count", "")
        layout = PERMIT_LAYOUT if permit else RESIDENT_LAYOUT
    for field, where in layout.items():
        _put(block, where, str(values[field]), field)
    if identity.card_type in _FLAGS:
        _put(block, TYPE_FLAG, _FLAGS[identity.card_type], "card type")
    return bytes(block)


def card_type_of(block: bytes) -> CardType:
    flag = _get(block, TYPE_FLAG)
    if flag == "I":
        return CardType.FOREIGN_PERMANENT
    if flag == "J":
        return CardType.HK_MO_TW_PERMIT
    if flag == "Y":
        return CardType.FOREIGN_PERMANENT_2023
    return CardType.RESIDENT


def _check_sex_digit(number: str, sex: Sex) -> None:
    if sex in (Sex.MALE, Sex.FEMALE) and (int(number[16]) % 2 == 1) != (sex is Sex.MALE):
        raise InvalidCardData("The ID number's sex digit differs from the card's sex.")


def decode_text_block(
    block: bytes, photo: bytes = b"", *, validate: bool = True, today: date | None = None
) -> Identity:
    """The 256-byte text block -> Identity; InvalidCardData when a field is not what the card must hold.

    ``validate`` also checks the ID number (check digit, birth date agreeing with the card's).
    """
    if len(block) != TEXT_LEN:
        raise InvalidCardData(f"Text block of {len(block)} bytes; expected {TEXT_LEN}.")
    card_type = card_type_of(block)
    layout = {
        CardType.FOREIGN_PERMANENT: FOREIGN_LAYOUT,
        CardType.FOREIGN_PERMANENT_2023: FOREIGN_2023_LAYOUT,
        CardType.HK_MO_TW_PERMIT: PERMIT_LAYOUT,
    }.get(card_type, RESIDENT_LAYOUT)
    f = {name: _get(block, where) for name, where in layout.items()}
    try:
        sex = Sex.parse(f["sex"])
    except ValueError as exc:
        raise InvalidCardData("The card's sex code is not in the table.") from exc
    birth = _parse_date(f["birth_date"], "birth_date")
    valid_from = _parse_date(f["valid_from"], "valid_from")
    long_term = f["valid_to"] == LONG_TERM
    valid_to = None if long_term else _parse_date(f["valid_to"], "valid_to")
    if valid_to is not None and valid_to < valid_from:
        raise InvalidCardData("The card's validity ends before it starts.")
    extra: dict[str, object] = {}
    if card_type is CardType.FOREIGN_PERMANENT:
        name = f["chinese_name"] or f["english_name"]
        nation = f["nationality"]
        address = ""
        authority = f["authority_code"]
        extra.update(
            english_name=f["english_name"],
            chinese_name=f["chinese_name"],
            nationality=f["nationality"],
            version=f["version"],
            authority_code=f["authority_code"],
        )
        if validate and not (f["id_number"].isalnum() and f["id_number"].isascii() and f["nationality"].isalpha()):
            raise InvalidCardData("The permanent residence card number or nationality is not valid.")
    elif card_type is CardType.FOREIGN_PERMANENT_2023:
        # the English name as printed: its first 35 characters, then the rest, without a gap
        english = (block[52:122].decode("utf-16-le", errors="replace") + f["english_name_more"]).rstrip(" \x00")
        name = f["chinese_name"] or english
        nation = f["nationality"]
        address = ""
        authority = f["issuing_authority"]
        extra.update(
            english_name=english,
            chinese_name=f["chinese_name"],
            nationality=f["nationality"],
            renewal_count=f["renewal_count"],
            previous_link=f["previous_link"],
        )
        if validate:
            validate_foreign_2023_number(f["id_number"], birth, today=today)
            if not f["nationality"].isalpha():
                raise InvalidCardData("The permanent residence card's nationality is not valid.")
            _check_sex_digit(f["id_number"], sex)
    else:
        name, address, authority = f["name"], f["address"], f["issuing_authority"]
        if card_type is CardType.HK_MO_TW_PERMIT:
            nation = ""
            extra.update(pass_number=f["pass_number"], issue_count=f["issue_count"])
        else:
            if f["nation"] not in NATIONS:
                raise InvalidCardData("The card's nation code is not in the table.")
            nation = NATIONS[f["nation"]]
            extra["nation_code"] = f["nation"]
        if validate:
            validate_id_number(f["id_number"], birth, today=today)
            _check_sex_digit(f["id_number"], sex)
    if validate and not name:
        raise InvalidCardData("The card holds no name.")
    private = [k for k, v in f.items() if _has_private_use(v)]
    if private:
        extra["private_use_fields"] = private
    return Identity(
        card_type=card_type,
        name=name,
        sex=sex,
        nation=nation,
        birth_date=birth,
        address=address,
        id_number=f["id_number"],
        issuing_authority=authority,
        valid_from=valid_from,
        valid_to=valid_to,
        long_term=long_term,
        photo=bytes(photo),
        extra=extra,
    )


__all__ = [
    "HEADER_LEN",
    "LONG_TERM",
    "MAX_LEN",
    "PREAMBLE",
    "SW3",
    "WLT_HEADER",
    "Command",
    "CommandFrame",
    "CommandParser",
    "FrameParser",
    "ReadPayload",
    "Response",
    "build_command",
    "build_read_data",
    "card_type_of",
    "checksum",
    "decode_text_block",
    "encode_response",
    "encode_text_block",
    "format_sam_id",
    "parse_command",
    "parse_read_data",
    "parse_response",
]
