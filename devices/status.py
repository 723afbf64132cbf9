"""Device state shared by every device library, in the CEN/XFS spirit.

Device state is kept apart from media state (card present/absent, paper low/out): each device
library adds its own media enum next to this one.

``DeviceProblem`` names *why* a device cannot do its work (or, for paper low, why it warns). It is
the one vocabulary from a driver up to the screen: its English ``text`` goes to logs and the command
line, its ``message_key`` to the flow, which shows the translated sentence for it. Each device's
status model decides which problem applies (one precedence order, next to the status bits); nobody
above the device library maps statuses to words or keys again.
"""

from __future__ import annotations

from enum import StrEnum


class DeviceState(StrEnum):
    """What a device can do right now (CEN/XFS fwDevice, simplified)."""

    ONLINE = "online"
    OFFLINE = "offline"
    HARDWARE_ERROR = "hardware_error"
    USER_ERROR = "user_error"
    BUSY = "busy"
    NO_DEVICE = "no_device"


class DeviceProblem(StrEnum):
    """Why a device cannot work (CEN/XFS device and media conditions, as one flat list)."""

    # the device as a whole (any device)
    NOT_CONNECTED = "not_connected"  # the port cannot be opened, or the cable was pulled
    NO_ANSWER = "no_answer"  # the port is open, the device stays silent
    OFFLINE = "offline"  # the device answers that it is offline
    HARDWARE_ERROR = "hardware_error"  # the device reports a fault it cannot recover from
    LINE_NOISE = "line_noise"  # only damaged frames arrive: cable, baud rate or adapter
    # printer
    PAPER_OUT = "paper_out"
    PAPER_LOW = "paper_low"  # a warning: the printer still prints
    COVER_OPEN = "cover_open"
    CUTTER_ERROR = "cutter_error"
    HEAD_TOO_HOT = "head_too_hot"  # pauses by itself until the head cools down
    WAITING_RECOVERY = "waiting_recovery"  # stopped mid-job, waits for DLE ENQ
    NO_CHINESE_FONT = "no_chinese_font"  # a warning: prints, but Chinese text is left out
    # ID card reader (its security module, the SAM)
    SAM_FAILED = "sam_failed"  # SW3 60: the SAM failed its self-test
    SAM_NOT_AUTHORISED = "sam_not_authorised"  # SW3 66: the SAM is not authorised

    @property
    def message_key(self) -> str:
        """The flow's message key for this problem (the screen shows its translated sentence)."""
        return _PROBLEMS[self][0]

    @property
    def text(self) -> str:
        """A short English phrase for logs and the command line; ``device`` names the whole device."""
        return self.describe("device")

    def describe(self, device: str) -> str:
        """The English phrase with ``device`` ("printer", "ID card reader") where it needs a subject."""
        return _PROBLEMS[self][1].format(device=device)

    @property
    def blocking(self) -> bool:
        """False only for warnings (paper low): the device still does its work."""
        return self not in (DeviceProblem.PAPER_LOW, DeviceProblem.NO_CHINESE_FONT)

    @classmethod
    def for_state(cls, state: DeviceState) -> DeviceProblem | None:
        """The generic problem a device state implies when the driver knows nothing more precise."""
        return _FOR_STATE.get(state)


# message key, English phrase ({device} where the condition is the whole device's)
_PROBLEMS: dict[DeviceProblem, tuple[str, str]] = {
    DeviceProblem.NOT_CONNECTED: ("device.unplugged", "{device} not connected"),
    DeviceProblem.NO_ANSWER: ("device.no_answer", "{device} does not answer"),
    DeviceProblem.OFFLINE: ("device.offline", "{device} offline"),
    DeviceProblem.HARDWARE_ERROR: ("device.hardware_error", "{device} has an unrecoverable error"),
    DeviceProblem.LINE_NOISE: ("device.line_noise", "{device} sends only corrupt frames"),
    DeviceProblem.PAPER_OUT: ("printer.paper_out", "paper out"),
    DeviceProblem.PAPER_LOW: ("printer.paper_near_end", "paper near end"),
    DeviceProblem.COVER_OPEN: ("printer.cover_open", "{device} cover open"),
    DeviceProblem.CUTTER_ERROR: ("printer.cutter_error", "paper cutter error"),
    DeviceProblem.HEAD_TOO_HOT: ("printer.head_too_hot", "print head too hot"),
    DeviceProblem.WAITING_RECOVERY: ("printer.waiting_recovery", "{device} waiting for recovery"),
    DeviceProblem.NO_CHINESE_FONT: ("printer.no_chinese_font", "this {device} has no Chinese font"),
    DeviceProblem.SAM_FAILED: ("idcard.sam_failed", "{device} security module failed its self-test"),
    DeviceProblem.SAM_NOT_AUTHORISED: ("idcard.sam_not_authorised", "{device} security module not authorised"),
}

_FOR_STATE: dict[DeviceState, DeviceProblem] = {
    DeviceState.NO_DEVICE: DeviceProblem.NOT_CONNECTED,
    DeviceState.OFFLINE: DeviceProblem.NO_ANSWER,
    DeviceState.HARDWARE_ERROR: DeviceProblem.HARDWARE_ERROR,
}


__all__ = ["DeviceProblem", "DeviceState"]
