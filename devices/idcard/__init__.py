"""Resident ID card reader (SAM serial protocol): codec, driver, simulator and sample cards.

Standalone: standard library and pyserial only. See ``driver`` for the poll cycle and the status
model, ``codec`` for the bytes, ``simulator`` for the device end on a pseudo-terminal.
"""

import logging

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
