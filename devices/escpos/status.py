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


def is_status_byte(b: int) -> bool:
    """True when ``b`` has the fixed bits of a DLE EOT reply (XON 0x11 and XOFF 0x13 do not)."""
    return b & STATUS_MASK == STATUS_FIXED


def is_paper_sensor_byte(b: int) -> bool:
    """True when ``b`` can be a GS r 1 reply (bits 4-7 are zero)."""
    return b & 0xF0 == 0


class PaperState(StrEnum):
    OK = "ok"
    NEAR_END = "near_end"
    OUT = "out"


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
        """A condition that still lets the printer print (paper near end), or None."""
        return DeviceProblem.PAPER_LOW if self.paper == PaperState.NEAR_END else None

    @property
    def warnings(self) -> list[str]:
        return [self.warning.describe("printer")] if self.warning is not None else []

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
    "STATUS_QUERY",
    "XOFF",
    "XON",
    "PaperState",
    "PrinterStatus",
    "encode_status",
    "is_paper_sensor_byte",
    "is_status_byte",
]
