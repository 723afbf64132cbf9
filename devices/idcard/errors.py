"""The ID card reader's exception family: one base, one class per SAM status word, plain messages.

``IdCardError`` is the only thing callers need to catch. The kiosk converts it at its boundary
(``raise KioskError(...) from exc``); ``message_key`` lets the UI translate the sentence.
"""

from __future__ import annotations

from enum import IntEnum

from devices.status import DeviceProblem


class SW3(IntEnum):
    """The SAM's status byte (third status word of every response), from the reference table."""

    SUCCESS = 0x90
    FIND_SUCCESS = 0x9F
    NO_SUCH_ITEM = 0x91
    CHECKSUM_ERROR = 0x10
    LENGTH_ERROR = 0x11
    BAD_COMMAND = 0x21
    NOT_PERMITTED = 0x23
    UNRECOGNISED = 0x24
    CARD_AUTH_SAM_FAILED = 0x31
    SAM_AUTH_CARD_FAILED = 0x32
    VERIFICATION_ERROR = 0x33
    UNKNOWN_CARD_TYPE = 0x40
    READ_FAILED = 0x41
    RANDOM_NUMBER_FAILED = 0x47
    SAM_SELF_TEST_FAILED = 0x60
    SAM_NOT_AUTHORISED = 0x66
    FIND_FAILED = 0x80
    SELECT_FAILED = 0x81


class IdCardError(Exception):
    """Base of every error the ID card library raises on purpose."""

    message_key = "idcard.error"
    default_message = "The ID card reader failed."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


# ---- codec ------------------------------------------------------------------------------------
class CodecError(IdCardError):
    """Bytes that do not form a valid frame or payload."""

    message_key = "idcard.error.codec"
    default_message = "The reader sent data that does not follow the protocol."


class InvalidCardData(CodecError):
    """The card's text block decodes but its content is not a valid identity."""

    message_key = "idcard.error.invalid_data"
    default_message = "The card's data is not valid."


class InvalidIdNumber(InvalidCardData):
    """An ID number with a wrong length, check digit or birth date."""

    message_key = "idcard.error.invalid_id_number"
    default_message = "The ID number is not valid."


# ---- transport / device -------------------------------------------------------------------------
class DeviceUnavailable(IdCardError):
    """The reader's port cannot be opened, was unplugged or does not answer."""

    message_key = "idcard.error.unavailable"
    default_message = "The ID card reader is not connected."


class ReplyTimeout(IdCardError):
    """No valid reply within the stage's deadline."""

    message_key = "idcard.error.timeout"
    default_message = "The ID card reader did not answer in time."

    def __init__(self, stage: str, seconds: float, corrupt_frames: int = 0) -> None:
        self.stage = stage
        self.seconds = seconds
        self.corrupt_frames = corrupt_frames
        extra = f"; {corrupt_frames} corrupt frame(s) dropped" if corrupt_frames else ""
        super().__init__(f"The ID card reader did not answer '{stage}' within {seconds:.2f} s{extra}.")


class BringUpFailed(ReplyTimeout):
    """Neither reset, nor SAM status, nor the SAM id was answered; the message says what each did."""

    message_key = "idcard.error.timeout"

    def __init__(self, steps: str) -> None:
        self.stage = "reset"
        self.seconds = 0.0
        self.corrupt_frames = 0
        IdCardError.__init__(self, f"The ID card reader does not answer ({steps}).")


class ReplyBrokenOff(ReplyTimeout):
    """A reply started and then stopped mid-frame (typically: the card left the field mid-read)."""

    def __init__(self, stage: str, received: int) -> None:
        self.stage = stage
        self.seconds = 0.0
        self.corrupt_frames = 0
        self.received = received
        IdCardError.__init__(self, f"The ID card reader's reply to '{stage}' broke off after {received} bytes.")


class CorruptReply(ReplyTimeout):
    """Only damaged frames (bad checksum, impossible length) arrived within the stage's deadline."""

    message_key = "idcard.error.corrupt"


class UnexpectedReply(IdCardError):
    """A well-formed reply that does not fit the command (late reply to an earlier command)."""

    message_key = "idcard.error.unexpected"
    default_message = "The ID card reader answered something unexpected."


class NoCardError(IdCardError):
    """No card was read before the caller's deadline."""

    message_key = "idcard.error.no_card"
    default_message = "No ID card was placed on the reader in time."


# ---- SAM status words -----------------------------------------------------------------------------
class SamError(IdCardError):
    """The SAM answered with a status other than success."""

    sw3: int = 0
    message_key = "idcard.error.sam"
    default_message = "The reader's security module reported an error."
    #: The status says the module itself is broken (not the card, not the person).
    hardware = False
    #: What the reader's status reports while this error keeps it down (hardware errors only).
    problem: DeviceProblem | None = None

    def __init__(self, message: str | None = None, *, sw3: int | None = None, stage: str = "") -> None:
        if sw3 is not None:
            self.sw3 = sw3
        self.stage = stage
        text = message or self.default_message
        where = f" during '{stage}'" if stage else ""
        super().__init__(f"{text} (SW3 {self.sw3:02X}{where})")


class FrameChecksumRejected(SamError):
    sw3 = SW3.CHECKSUM_ERROR
    message_key = "idcard.error.sam.checksum"
    default_message = "The reader received a damaged command."


class FrameLengthRejected(SamError):
    sw3 = SW3.LENGTH_ERROR
    message_key = "idcard.error.sam.length"
    default_message = "The reader received a command of the wrong length."


class BadCommand(SamError):
    sw3 = SW3.BAD_COMMAND
    message_key = "idcard.error.sam.bad_command"
    default_message = "The reader does not know this command."


class OperationNotPermitted(SamError):
    sw3 = SW3.NOT_PERMITTED
    message_key = "idcard.error.sam.not_permitted"
    default_message = "The reader refused the operation."


class UnrecognisedSamError(SamError):
    sw3 = SW3.UNRECOGNISED
    message_key = "idcard.error.sam.unrecognised"
    default_message = "The reader reported an unrecognised error."


class CardAuthenticationFailed(SamError):
    sw3 = SW3.CARD_AUTH_SAM_FAILED
    message_key = "idcard.error.sam.card_auth"
    default_message = "The card could not authenticate the reader."


class SamAuthenticationFailed(SamError):
    sw3 = SW3.SAM_AUTH_CARD_FAILED
    message_key = "idcard.error.sam.sam_auth"
    default_message = "The reader could not authenticate the card."


class VerificationFailed(SamError):
    sw3 = SW3.VERIFICATION_ERROR
    message_key = "idcard.error.sam.verification"
    default_message = "The card's information failed verification."


class UnknownCardType(SamError):
    sw3 = SW3.UNKNOWN_CARD_TYPE
    message_key = "idcard.error.sam.card_type"
    default_message = "This card type is not supported."


class CardReadFailed(SamError):
    sw3 = SW3.READ_FAILED
    message_key = "idcard.error.sam.read_failed"
    default_message = "The card could not be read; keep it still on the reader."


class RandomNumberFailed(SamError):
    sw3 = SW3.RANDOM_NUMBER_FAILED
    message_key = "idcard.error.sam.random"
    default_message = "The reader failed to talk to the card securely."


class SamSelfTestFailed(SamError):
    sw3 = SW3.SAM_SELF_TEST_FAILED
    message_key = "idcard.error.sam.self_test"
    default_message = "The reader's security module failed its self-test."
    hardware = True
    problem = DeviceProblem.SAM_FAILED


class SamNotAuthorised(SamError):
    sw3 = SW3.SAM_NOT_AUTHORISED
    message_key = "idcard.error.sam.not_authorised"
    default_message = "The reader's security module is not authorised."
    hardware = True
    problem = DeviceProblem.SAM_NOT_AUTHORISED


class FindCardFailed(SamError):
    sw3 = SW3.FIND_FAILED
    message_key = "idcard.error.sam.find"
    default_message = "No card found on the reader."


class SelectCardFailed(SamError):
    sw3 = SW3.SELECT_FAILED
    message_key = "idcard.error.sam.select"
    default_message = "The card on the reader could not be selected."


class NoSuchItem(SamError):
    sw3 = SW3.NO_SUCH_ITEM
    message_key = "idcard.error.sam.no_item"
    default_message = "The card holds no such item."


class UnknownSamStatus(SamError):
    message_key = "idcard.error.sam.unknown"
    default_message = "The reader answered with an unknown status."


SW3_ERRORS: dict[int, type[SamError]] = {
    cls.sw3: cls
    for cls in (
        FrameChecksumRejected,
        FrameLengthRejected,
        BadCommand,
        OperationNotPermitted,
        UnrecognisedSamError,
        CardAuthenticationFailed,
        SamAuthenticationFailed,
        VerificationFailed,
        UnknownCardType,
        CardReadFailed,
        RandomNumberFailed,
        SamSelfTestFailed,
        SamNotAuthorised,
        FindCardFailed,
        SelectCardFailed,
        NoSuchItem,
    )
}


def error_for_sw3(sw3: int, stage: str = "") -> SamError:
    """The typed error for a non-success status byte (``UnknownSamStatus`` for codes not in the table)."""
    cls = SW3_ERRORS.get(sw3)
    if cls is None:
        return UnknownSamStatus(sw3=sw3, stage=stage)
    return cls(stage=stage)
