"""Resident ID card reader (SAM serial protocol): codec, driver, simulator and sample cards.

Standalone: standard library and pyserial only. See ``driver`` for the poll cycle and the status
model, ``codec`` for the bytes, ``simulator`` for the device end on a pseudo-terminal.
"""

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from devices.idcard.cardspec import CardSpec
    from devices.idcard.codec import (
        SW3,
        Command,
        CommandParser,
        FrameParser,
        Response,
        build_command,
        decode_text_block,
        encode_response,
        encode_text_block,
    )
    from devices.idcard.driver import (
        CardPlaced,
        CardPresence,
        CardRead,
        CardRemoved,
        CardStillPresent,
        IdCardReader,
        ReaderEvent,
        ReaderStatus,
        ReadFailed,
        StatusChanged,
        probe_status,
        read_one_card,
    )
    from devices.idcard.errors import (
        CodecError,
        DeviceUnavailable,
        IdCardError,
        InvalidCardData,
        InvalidIdNumber,
        NoCardError,
        ReplyTimeout,
        SamError,
        error_for_sw3,
    )
    from devices.idcard.identity import CardType, Identity, Sex, is_valid_id_number, validate_id_number
    from devices.idcard.simulator import Fault, IdCardSimulator
    from devices.idcard.timeouts import StageTimeouts
    from devices.status import DeviceProblem, DeviceState

# The names are loaded on first use (PEP 562), so a program that needs one small part - the
# configuration needs only ``StageTimeouts`` - does not pay for the driver, the simulator and their
# imports (`kiosk run` paints its first screen sooner).
_LAZY: dict[str, str] = {
    "CardSpec": "devices.idcard.cardspec",
    "SW3": "devices.idcard.codec",
    "Command": "devices.idcard.codec",
    "CommandParser": "devices.idcard.codec",
    "FrameParser": "devices.idcard.codec",
    "Response": "devices.idcard.codec",
    "build_command": "devices.idcard.codec",
    "decode_text_block": "devices.idcard.codec",
    "encode_response": "devices.idcard.codec",
    "encode_text_block": "devices.idcard.codec",
    "CardPlaced": "devices.idcard.driver",
    "CardPresence": "devices.idcard.driver",
    "CardRead": "devices.idcard.driver",
    "CardRemoved": "devices.idcard.driver",
    "CardStillPresent": "devices.idcard.driver",
    "IdCardReader": "devices.idcard.driver",
    "ReaderEvent": "devices.idcard.driver",
    "ReaderStatus": "devices.idcard.driver",
    "ReadFailed": "devices.idcard.driver",
    "StatusChanged": "devices.idcard.driver",
    "probe_status": "devices.idcard.driver",
    "read_one_card": "devices.idcard.driver",
    "CodecError": "devices.idcard.errors",
    "DeviceUnavailable": "devices.idcard.errors",
    "IdCardError": "devices.idcard.errors",
    "InvalidCardData": "devices.idcard.errors",
    "InvalidIdNumber": "devices.idcard.errors",
    "NoCardError": "devices.idcard.errors",
    "ReplyTimeout": "devices.idcard.errors",
    "SamError": "devices.idcard.errors",
    "error_for_sw3": "devices.idcard.errors",
    "CardType": "devices.idcard.identity",
    "Identity": "devices.idcard.identity",
    "Sex": "devices.idcard.identity",
    "is_valid_id_number": "devices.idcard.identity",
    "validate_id_number": "devices.idcard.identity",
    "Fault": "devices.idcard.simulator",
    "IdCardSimulator": "devices.idcard.simulator",
    "StageTimeouts": "devices.idcard.timeouts",
    "DeviceProblem": "devices.status",
    "DeviceState": "devices.status",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


# A library's loggers get a NullHandler (the logging HOWTO's advice for libraries): without one, an
# application that configures no logging gets every warning printed on stderr by logging's "last
# resort" handler - a stray line under `kiosk device read-card`'s own one-line error.
logging.getLogger("devices.idcard").addHandler(logging.NullHandler())

__all__ = [
    "SW3",
    "CardPlaced",
    "CardPresence",
    "CardRead",
    "CardRemoved",
    "CardSpec",
    "CardStillPresent",
    "CardType",
    "CodecError",
    "Command",
    "CommandParser",
    "DeviceProblem",
    "DeviceState",
    "DeviceUnavailable",
    "Fault",
    "FrameParser",
    "IdCardError",
    "IdCardReader",
    "IdCardSimulator",
    "Identity",
    "InvalidCardData",
    "InvalidIdNumber",
    "NoCardError",
    "ReadFailed",
    "ReaderEvent",
    "ReaderStatus",
    "ReplyTimeout",
    "Response",
    "SamError",
    "Sex",
    "StageTimeouts",
    "StatusChanged",
    "build_command",
    "decode_text_block",
    "encode_response",
    "encode_text_block",
    "error_for_sw3",
    "is_valid_id_number",
    "probe_status",
    "read_one_card",
    "validate_id_number",
]
