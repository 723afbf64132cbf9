"""Printer status model and the decoding of the four DLE EOT replies (pure, no I/O).

DLE EOT n (10 04 n) is answered at once with one byte of the form 0xx1xx10:
n=1 printer (bit 3 offline, bit 5 waiting for online recovery), n=2 offline cause (bit 2 cover
open, bit 5 stopped by paper end, bit 6 error), n=3 error (bit 3 autocutter, bit 5 unrecoverable,
bit 6 auto-recoverable such as a hot head), n=4 paper roll (0x0C near end, 0x60 end).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from devices.status import DeviceProblem, DeviceState

STATUS_QUERY = bytes.fromhex("10 04 01 10 04 02 10 04 03 10 04 04")
STATUS_MASK = 0x93  # bits 0, 1, 4, 7 are fixed in every real-time status byte
STATUS_FIXED = 0x12  # ... to 0, 1, 1, 0
XON = 0x11
XOFF = 0x13


class PaperState(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


def is_status_byte(b: int) -> bool:
    """True when ``b`` has the fixed bits of a DLE EOT reply (XON 0x11 and XOFF 0x13 do not)."""
    return b & STATUS_MASK == STATUS_FIXED


def is_paper_sensor_byte(b: int) -> bool:
    """True when ``b`` can be a GS r 1 reply (bits 4-7 are zero)."""
    return b & 0xF0 == 0


def is_plain_reply_byte(b: int) -> bool:
    """True when ``b`` can answer GS r n or GS I 1-3 (bits 4 and 7 fixed to 0)."""
    return b & 0x90 == 0


ASB_MASK = 0x93  # the first byte of an automatic status back block is 0xx1xx00
ASB_FIXED = 0x10
ASB_LENGTH = 4
TEXT_REPLY_HEADER = 0x5F  # GS I 65-69 answer "_", the text, NUL


def is_asb_header(b: int) -> bool:
    """True when ``b`` starts a 4-byte automatic status back block (GS a n)."""
    return b & ASB_MASK == ASB_FIXED


@dataclass(frozen=True)
class AsbBlock:
    """An automatic status back block (GS a), decoded as far as every ESC/POS printer agrees:
    byte 1 bit 3 offline, bit 5 cover open; byte 2 bit 3 autocutter error, bit 5 unrecoverable,
    bit 6 auto-recoverable; byte 3 bits 0-1 paper near end, bits 2-3 paper end."""

    raw: bytes

    @property
    def offline(self) -> bool:
        return bool(self.raw[0] & 0x08)

    @property
    def cover_open(self) -> bool:
        return bool(self.raw[0] & 0x20)

    @property
    def paper(self) -> PaperState:
        if self.raw[2] & 0x0C:
            return PaperState.OUT
        return PaperState.NEAR_END if self.raw[2] & 0x03 else PaperState.OK


def encode_asb(*, offline: bool = False, cover_open: bool = False, paper: PaperState = PaperState.OK,
               cutter_error: bool = False, unrecoverable_error: bool = False,
               auto_recoverable_error: bool = False) -> bytes:
    """The 4-byte ASB block a printer in this state sends (the simulator's side)."""
    b1 = ASB_FIXED | (0x08 if offline else 0) | (0x20 if cover_open else 0)
    b2 = (0x08 if cutter_error else 0) | (0x20 if unrecoverable_error else 0) | (0x40 if auto_recoverable_error else 0)
    b3 = 0x0F if paper == PaperState.OUT else 0x03 if paper == PaperState.NEAR_END else 0
    return bytes([b1, b2, b3, 0])


class ConfirmMethod(StrEnum):
    """How the driver knows a part is done."""

    GS_R = "gs_r"  # GS r 1 answered after everything before it printed: on paper
    DRAIN = "drain"  # DLE EOT answered after the data: every byte reached the printer, no fault


@dataclass(frozen=True)
class PrinterIdentity:
    """What the printer says it is (GS I), queried once a connection opens; None where it did not say."""

    model: str | None = None  # GS I 67 (model name)
    firmware: str | None = None  # GS I 65
    fonts: str | None = None  # GS I 69 (mounted additional fonts: "CHINA GB18030", "KANJI JAPANESE")
    type_id: int | None = None  # GS I 2: bit 0 multi-byte characters, bit 1 autocutter

    @property
    def answered(self) -> bool:
        return any(v is not None for v in (self.model, self.firmware, self.fonts, self.type_id))

    @property
    def chinese_font(self) -> bool | None:
        """True/False when the printer told us, None when it did not (then the configuration decides)."""
        if self.fonts is not None:
            upper = self.fonts.upper()
            return "CHINA" in upper or "GB" in upper or "BIG5" in upper or "BIG-5" in upper
        if self.type_id is not None:
            return bool(self.type_id & 0x01)
        return None

    def summary(self) -> str:
        if not self.answered:
            return "printer does not identify itself (no GS I answer)"
        bits = [self.model or "unknown model"]
        if self.firmware:
            bits.append(f"firmware {self.firmware}")
        chinese = self.chinese_font
        bits.append("Chinese font" if chinese else "no Chinese font" if chinese is False else "fonts unknown")
        return ", ".join(bits)

    def to_json_dict(self) -> dict[str, object]:
        return {"model": self.model, "firmware": self.firmware, "fonts": self.fonts,
                "type_id": self.type_id, "chinese_font": self.chinese_font}


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself, plus the driver's view of the connection (``device``)."""

    online: bool = True
    cover_open: bool = False
    paper: PaperState = PaperState.OK
    cutter_error: bool = False
    unrecoverable_error: bool = False
    auto_recoverable_error: bool = False
    waiting_recovery: bool = False
    device: DeviceState = DeviceState.ONLINE
    no_chinese_font: bool = False  # the printer said so (GS I): Chinese text is not sent to it
    raw: bytes = field(default=b"", compare=False)
    reason: str = field(default="", compare=False)  # why the driver could not ask (unplugged, ...)

    # ---- derived -----------------------------------------------------------------------------------
    @property
    def ready(self) -> bool:
        """Can a job start now? (paper near end still prints)"""
        return self.problem_kind is None

    @property
    def problem_kind(self) -> DeviceProblem | None:
        """Why the printer cannot print, or None when it can: the one precedence order of its bits."""
        if self.device == DeviceState.NO_DEVICE:
            return DeviceProblem.NOT_CONNECTED
        if not self.raw and self.device == DeviceState.OFFLINE:
            return DeviceProblem.NO_ANSWER
        if not self.raw and self.device == DeviceState.HARDWARE_ERROR:  # the driver itself failed
            return DeviceProblem.HARDWARE_ERROR
        if self.unrecoverable_error:
            return DeviceProblem.HARDWARE_ERROR
        if self.cutter_error:
            return DeviceProblem.CUTTER_ERROR
        if self.cover_open:
            return DeviceProblem.COVER_OPEN
        if self.paper == PaperState.OUT:
            return DeviceProblem.PAPER_OUT
        if self.auto_recoverable_error:
            return DeviceProblem.HEAD_TOO_HOT
        if self.waiting_recovery:
            return DeviceProblem.WAITING_RECOVERY
        if not self.online:
            return DeviceProblem.OFFLINE
        return None

    @property
    def problem(self) -> str | None:
        """A short English reason why the printer cannot print, or None when it can.

        When the driver could not ask the printer, its own words (``reason``: "printer
        disconnected", ...) say more than the problem's phrase, so they come first.
        """
        kind = self.problem_kind
        if kind is None:
            return None
        if kind in (DeviceProblem.NOT_CONNECTED, DeviceProblem.NO_ANSWER) and self.reason:
            return self.reason
        return kind.describe("printer")

    @property
    def warning(self) -> DeviceProblem | None:
        """A condition that still lets the printer print (paper near end, no Chinese font), or None."""
        found = self.all_warnings
        return found[0] if found else None

    @property
    def all_warnings(self) -> list[DeviceProblem]:
        found = [DeviceProblem.PAPER_LOW] if self.paper == PaperState.NEAR_END else []
        if self.no_chinese_font:
            found.append(DeviceProblem.NO_CHINESE_FONT)
        return found

    @property
    def warnings(self) -> list[str]:
        return [w.describe("printer") for w in self.all_warnings]

    def to_json_dict(self) -> dict[str, object]:
        return {
            "online": self.online,
            "cover_open": self.cover_open,
            "paper": self.paper.value,
            "cutter_error": self.cutter_error,
            "unrecoverable_error": self.unrecoverable_error,
            "auto_recoverable_error": self.auto_recoverable_error,
        }

    def summary(self) -> str:
        """One line for logs and the command line: 'ready', 'ready (paper near end)' or the problem."""
        if self.problem:
            return self.problem
        return "ready" + (f" ({', '.join(self.warnings)})" if self.warnings else "")

    # ---- constructors ----------------------------------------------------------------------------------
    @classmethod
    def unreachable(
        cls, device: DeviceState, reason: str, last: PrinterStatus | None = None
    ) -> PrinterStatus:
        """The status when nobody answers: offline, with the last known paper state if any."""
        base = last if last is not None else cls()
        return replace(
            base,
            online=False,
            device=device,
            raw=b"",
            reason=reason,
            waiting_recovery=False,
        )

    @classmethod
    def decode(cls, raw: bytes) -> PrinterStatus:
        """Decode the replies to DLE EOT 1, 2, 3, 4 (in that order).

        Raises ValueError when ``raw`` is not four status bytes (wrong length or fixed bits wrong).
        """
        if len(raw) != 4:
            raise ValueError(f"expected 4 status bytes, got {len(raw)}")
        bad = [b for b in raw if not is_status_byte(b)]
        if bad:
            raise ValueError(f"not a status byte: 0x{bad[0]:02X}")
        printer, offline_cause, error, paper_roll = raw
        offline = bool(printer & 0x08)
        waiting = bool(printer & 0x20)
        cover_open = bool(offline_cause & 0x04)
        paper_end_stop = bool(offline_cause & 0x20)
        cutter = bool(error & 0x08)
        unrecoverable = bool(error & 0x20)
        auto_recoverable = bool(error & 0x40)
        if paper_roll & 0x60 or paper_end_stop:
            paper = PaperState.OUT
        elif paper_roll & 0x0C:
            paper = PaperState.NEAR_END
        else:
            paper = PaperState.OK
        if cutter or unrecoverable:
            device = DeviceState.HARDWARE_ERROR
        elif cover_open or paper == PaperState.OUT:
            device = DeviceState.USER_ERROR
        elif auto_recoverable:
            device = DeviceState.BUSY
        elif offline or waiting:
            device = DeviceState.OFFLINE
        else:
            device = DeviceState.ONLINE
        return cls(
            online=not offline,
            cover_open=cover_open,
            paper=paper,
            cutter_error=cutter,
            unrecoverable_error=unrecoverable,
            auto_recoverable_error=auto_recoverable,
            waiting_recovery=waiting,
            device=device,
            raw=bytes(raw),
        )


def encode_status(
    *,
    offline: bool = False,
    waiting_recovery: bool = False,
    cover_open: bool = False,
    paper: PaperState = PaperState.OK,
    cutter_error: bool = False,
    unrecoverable_error: bool = False,
    auto_recoverable_error: bool = False,
) -> bytes:
    """The four DLE EOT replies a printer in this state sends (the simulator's side of decode)."""
    any_error = cutter_error or unrecoverable_error or auto_recoverable_error
    paper_out = paper == PaperState.OUT
    offline = offline or cover_open or paper_out or any_error or waiting_recovery
    b1 = STATUS_FIXED | (0x08 if offline else 0) | (0x20 if waiting_recovery else 0)
    b2 = STATUS_FIXED | (0x04 if cover_open else 0) | (0x20 if paper_out else 0) | (0x40 if any_error else 0)
    b3 = (
        STATUS_FIXED
        | (0x08 if cutter_error else 0)
        | (0x20 if unrecoverable_error else 0)
        | (0x40 if auto_recoverable_error else 0)
    )
    b4 = STATUS_FIXED | (0x60 if paper_out else 0x0C if paper == PaperState.NEAR_END else 0)
    return bytes([b1, b2, b3, b4])


__all__ = [
    "ASB_LENGTH",
    "STATUS_QUERY",
    "TEXT_REPLY_HEADER",
    "XOFF",
    "XON",
    "AsbBlock",
    "ConfirmMethod",
    "PaperState",
    "PrinterIdentity",
    "PrinterStatus",
    "encode_asb",
    "encode_status",
    "is_asb_header",
    "is_paper_sensor_byte",
    "is_plain_reply_byte",
    "is_status_byte",
]
