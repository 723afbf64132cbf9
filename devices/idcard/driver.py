"""The ID card reader driver: the codec over a pyserial port, on its own thread, pushing events.

Poll cycle (every ``poll_interval`` seconds, on the driver's thread)::

    find ──9F──> [new placement: CardPlaced] ──> select ──90──> read ──90──> decode ──> CardRead
      └──80──> card was on the reader? ──> probe with select ──90──> CardStillPresent (once)
                                                           └──else──> CardRemoved

"Same card still present": after a successful read the SAM does not answer find with 9F again until
the card leaves the field (reference). So when find fails while we believe a card is on the reader,
the driver probes with *select*, which a card in the field still answers: 90 means the same card is
still there (reported once per placement), anything else means it was lifted. A card whose read
failed is read again on the next cycle (restart from find, as the reference asks). Readers that do
answer 9F again for a card already read are handled too: the card is read again and compared with
the last read (same text block -> still present; different -> removed, placed, read).

Retries: only idempotent steps (reset, status, SAM id, find) are sent again after a timeout, a
corrupt reply or SW3 10/11; select and read never are (a failed read restarts from find).

Device state (CEN/XFS spirit): OFFLINE before the first contact and when the reader stops
answering or the port fails (unplug: SerialException / EIO); NO_DEVICE when the port cannot be
opened and was never opened; HARDWARE_ERROR for SAM self-test/authorisation failures and for a line
that only delivers corrupt frames; BUSY while a card is being read; ONLINE otherwise. Next to the
state, ``ReaderStatus.problem_kind`` (a ``DeviceProblem``) says why it is down: not connected, no
answer, line noise, SAM self-test failed, SAM not authorised. After any loss the port is closed and
reopened with exponential back-off (interruptible by ``stop``).

The thread, the listeners, the "from X to Y (reason)" log lines and the back-off come from
``devices.runtime.DeviceWorker``; this module holds only the reader's protocol steps.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum
from typing import Any

import serial

from devices.idcard.codec import (
    HEADER_LEN,
    SW3,
    Command,
    FrameParser,
    Response,
    build_command,
    decode_text_block,
    format_sam_id,
    parse_read_data,
)
from devices.idcard.errors import (
    BringUpFailed,
    CorruptReply,
    DeviceUnavailable,
    FrameChecksumRejected,
    FrameLengthRejected,
    IdCardError,
    InvalidCardData,
    NoCardError,
    ReplyBrokenOff,
    ReplyTimeout,
    SamError,
    UnexpectedReply,
    error_for_sw3,
)
from devices.idcard.identity import Identity
from devices.idcard.timeouts import StageTimeouts
from devices.idcard.usbbulk import UsbBulkPort, UsbFinder, is_usb_port
from devices.runtime import Backoff, DeviceWorker
from devices.status import DeviceProblem, DeviceState

try:  # termios.error is not an OSError; pyserial lets it escape from reset_input_buffer
    import termios

    _LINK_ERRORS: tuple[type[BaseException], ...] = (OSError, termios.error)
except ImportError:  # pragma: no cover - not POSIX
    _LINK_ERRORS = (OSError,)
_OPEN_ERRORS: tuple[type[BaseException], ...] = (*_LINK_ERRORS, ValueError)
_CANCEL_ERRORS: tuple[type[BaseException], ...] = (*_LINK_ERRORS, AttributeError)

log = logging.getLogger("devices.idcard")
traffic = logging.getLogger("devices.idcard.traffic")

_IO_SLICE = 0.05  # longest blocking read: bounds how late stop() and a stage deadline are noticed
#: A reply whose header arrived but whose bytes then stop for this long has broken off (the card
#: left the field mid-read and the SAM gave up): say so at once instead of waiting for the read
#: stage's full deadline. Serial adapters deliver in bursts a few milliseconds apart; the SAM's own
#: thinking happens before the first byte, so it never counts.
STALL_SECONDS = 0.25


class CardPresence(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"


@dataclass(frozen=True)
class ReaderStatus:
    """The reader's device state, the card's presence, the SAM's id, and why it is down.

    ``cause`` is the precise reason the driver knows (SAM self-test failed, line noise, ...);
    ``problem_kind`` falls back to what the device state implies when there is none.
    """

    device: DeviceState = DeviceState.OFFLINE
    card: CardPresence = CardPresence.ABSENT
    sam_id: str | None = None
    cause: DeviceProblem | None = None

    @property
    def problem_kind(self) -> DeviceProblem | None:
        """Why the reader cannot read cards now, or None when it can (online or busy reading)."""
        if self.device in (DeviceState.ONLINE, DeviceState.BUSY):
            return None
        return self.cause or DeviceProblem.for_state(self.device)

    @property
    def problem(self) -> str | None:
        """The same in short English words, or None."""
        kind = self.problem_kind
        return kind.describe("ID card reader") if kind is not None else None

    def to_json_dict(self) -> dict[str, Any]:
        kind = self.problem_kind
        return {
            "device": self.device.value,
            "card": self.card.value,
            "sam_id": self.sam_id,
            "problem": kind.value if kind is not None else None,
        }


# ---- events ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StatusChanged:
    status: ReaderStatus
    reason: str = ""


@dataclass(frozen=True)
class CardPlaced:
    pass


@dataclass(frozen=True)
class CardRead:
    identity: Identity


@dataclass(frozen=True)
class CardRemoved:
    pass


@dataclass(frozen=True)
class CardStillPresent:
    pass


@dataclass(frozen=True)
class ReadFailed:
    error: IdCardError


ReaderEvent = StatusChanged | CardPlaced | CardRead | CardRemoved | CardStillPresent | ReadFailed
Listener = Callable[[ReaderEvent], None]


class _Stopped(Exception):
    """stop() was called while a step was waiting."""


class LinkLost(DeviceUnavailable):
    """The port failed under us (unplugged: SerialException / EIO)."""


# ---- one port, one command at a time --------------------------------------------------------------
def _expected(command: Command, resp: Response) -> bool:
    """Does this reply fit the command? (a late reply to an earlier command does not)."""
    if resp.sw3 in (SW3.FIND_SUCCESS, SW3.FIND_FAILED):
        return command is Command.FIND
    if resp.sw3 == SW3.SELECT_FAILED:
        return command is Command.SELECT
    if resp.sw3 != SW3.SUCCESS:
        return command is not Command.FIND or resp.sw3 != SW3.READ_FAILED
    if command is Command.FIND:
        return False
    if command in (Command.RESET, Command.STATUS):
        return len(resp.data) == 0
    if command is Command.SAM_ID:
        return len(resp.data) > 0  # 16 bytes usually, 8 on some modules; bring_up judges the length
    if command is Command.SELECT:
        return len(resp.data) == 8
    if command is Command.READ_ADDRESS:
        return len(resp.data) == 70
    return len(resp.data) >= 4


class Link:
    """An open port plus a frame parser: send one command, wait for its reply within a deadline."""

    def __init__(
        self, port: str, baud: int, stop: threading.Event | None = None, *, usb_find: UsbFinder | None = None
    ) -> None:
        self.port = port
        self._stop = stop or threading.Event()
        self.parser = FrameParser()
        self.unexpected_replies = 0
        self._ser: Any
        try:
            if is_usb_port(port):  # bulk endpoints through pyusb (optional); the same frames
                self._ser = UsbBulkPort.open(port, find=usb_find, timeout=_IO_SLICE)
            else:
                self._ser = serial.serial_for_url(
                    port, baudrate=baud, bytesize=8, parity="N", stopbits=1, timeout=_IO_SLICE, write_timeout=1.0
                )
        except _OPEN_ERRORS as exc:
            why = (exc.strerror or os.strerror(exc.errno)) if isinstance(exc, OSError) and exc.errno else str(exc)
            raise DeviceUnavailable(f"Cannot open the ID card reader at {port}: {why}.") from exc

    def close(self) -> None:
        with contextlib.suppress(*_LINK_ERRORS):
            self._ser.close()

    def cancel(self) -> None:
        """Wake a blocked read (called from another thread by stop())."""
        with contextlib.suppress(*_CANCEL_ERRORS):
            self._ser.cancel_read()

    def transact(self, command: Command, timeout: float, data: bytes = b"") -> Response:
        try:
            self._ser.reset_input_buffer()  # drain stale input (late replies) before each command
            self.parser.clear()
            frame = build_command(command, data)
            if traffic.isEnabledFor(logging.DEBUG):
                traffic.debug("-> %s", frame.hex(" ").upper())
            self._ser.write(frame)
            return self._await(command, timeout)
        except _Stopped:
            raise
        except IdCardError:
            raise
        except _LINK_ERRORS as exc:
            raise LinkLost(f"The ID card reader at {self.port} was disconnected: {exc}") from exc

    def _await(self, command: Command, timeout: float) -> Response:
        ser, parser = self._ser, self.parser
        corrupt_before = parser.corrupt_frames
        deadline = time.monotonic() + timeout
        last_rx = time.monotonic()
        while True:
            if self._stop.is_set():
                raise _Stopped
            now = time.monotonic()
            if parser.pending >= HEADER_LEN and now - last_rx >= STALL_SECONDS and now < deadline:
                held = parser.pending
                for resp in parser.flush():
                    if _expected(command, resp):
                        self._log_reply(command, resp)
                        return resp
                raise ReplyBrokenOff(command.stage, held)
            if now >= deadline:
                late = parser.flush()  # a fake preamble in garbage may be holding the real reply back
                for resp in late:
                    if _expected(command, resp):
                        self._log_reply(command, resp)
                        return resp
                corrupt = parser.corrupt_frames - corrupt_before
                if corrupt:
                    raise CorruptReply(command.stage, timeout, corrupt)
                raise ReplyTimeout(command.stage, timeout)
            waiting = ser.in_waiting
            chunk = ser.read(waiting or 1)
            if not chunk:
                continue
            last_rx = time.monotonic()
            for resp in parser.feed(chunk):
                if _expected(command, resp):
                    self._log_reply(command, resp)
                    return resp
                self.unexpected_replies += 1
                log.debug("dropped a reply that does not fit %s (SW3 %02X)", command.name, resp.sw3)

    def _log_reply(self, command: Command, resp: Response) -> None:
        if not traffic.isEnabledFor(logging.DEBUG):
            return
        length = len(resp.data) + 4
        head = f"AA AA AA 96 69 {length >> 8:02X} {length & 0xFF:02X} {resp.sw1:02X} {resp.sw2:02X} {resp.sw3:02X}"
        if command.carries_personal_data and resp.data:
            traffic.debug("<- %s [%d data bytes redacted]", head, len(resp.data))
        else:
            traffic.debug("<- %s %s", head, resp.data.hex(" ").upper())


# ---- bring-up -------------------------------------------------------------------------------------
SAM_ID_LENGTHS = (16, 8)


@dataclass(frozen=True)
class BringUp:
    """What reset, SAM status and SAM id answered: the SAM id (None if not given) and one note a step."""

    sam_id: bytes | None
    notes: tuple[str, ...]

    @property
    def sam_id_text(self) -> str | None:
        return None if self.sam_id is None else format_sam_id(self.sam_id)

    @property
    def reason(self) -> str:
        return "; ".join(self.notes)


def bring_up(send: Callable[[Command], Response]) -> BringUp:
    """Reset, ask SAM status and the SAM id, tolerating what real readers do.

    ``send`` sends one command and returns its reply, raising ``ReplyTimeout`` when none came
    (after its own retries). Readers differ: some answer reset or status with 21 (not supported) or
    not at all, some give an 8-byte SAM id. None of that keeps a reader offline: it comes online as
    soon as one of the three answered, with every step noted in the reason. Raises
    ``BringUpFailed`` when none answered, and the SAM's error when it reports itself broken
    (SW3 60, 66); ``CorruptReply`` and ``LinkLost`` pass through.
    """
    notes: list[str] = []
    answered = False
    for command, label in ((Command.RESET, "reset"), (Command.STATUS, "SAM status")):
        try:
            resp = send(command)
        except CorruptReply:
            raise
        except ReplyTimeout as exc:
            notes.append(f"{label}: no answer within {exc.seconds:.2f} s")
            continue
        answered = True
        if resp.sw3 == SW3.SUCCESS:
            notes.append(f"{label} answered")
            continue
        error = error_for_sw3(resp.sw3, command.stage)
        if error.hardware:
            raise error
        why = "not supported" if resp.sw3 == SW3.BAD_COMMAND else "refused"
        notes.append(f"{label} {why} (SW3 {resp.sw3:02X})")
    sam_id: bytes | None = None
    try:
        resp = send(Command.SAM_ID)
    except CorruptReply:
        raise
    except ReplyTimeout as exc:
        notes.append(f"SAM id: no answer within {exc.seconds:.2f} s")
        if not answered:
            raise BringUpFailed("; ".join(notes)) from exc
        return BringUp(None, tuple(notes))
    if resp.sw3 == SW3.SUCCESS and len(resp.data) in SAM_ID_LENGTHS:
        sam_id = resp.data
        notes.append(f"SAM id of {len(resp.data)} bytes")
    elif resp.sw3 == SW3.SUCCESS:
        notes.append(f"SAM id of {len(resp.data)} bytes not understood")
    else:
        error = error_for_sw3(resp.sw3, "status")
        if error.hardware:
            raise error
        notes.append(f"SAM id refused (SW3 {resp.sw3:02X})")
    return BringUp(sam_id, tuple(notes))


# ---- the reader ----------------------------------------------------------------------------------
class _Track(Enum):
    ABSENT = "absent"
    PLACED = "placed"  # on the reader, not read yet (or the read failed)
    READ = "read"


_RETRYABLE = (ReplyTimeout, FrameChecksumRejected, FrameLengthRejected)


@dataclass
class ReaderStats:
    cycles: int = 0
    reads: int = 0
    retries: int = 0
    reconnects: int = 0
    corrupt_frames: int = 0
    unexpected_replies: int = 0
    errors: dict[str, int] = field(default_factory=dict)


class IdCardReader(DeviceWorker[ReaderEvent, ReaderStatus]):
    """Polls the reader on its own thread and pushes ``ReaderEvent`` objects to listeners.

    Listeners run on the driver thread and must return quickly (the UI marshals them with queued
    signals). The caller is never blocked: ``start`` and ``stop`` return at once / within ``timeout``.
    The thread, listeners, status logging and back-off are ``devices.runtime.DeviceWorker``'s.
    """

    def __init__(
        self,
        port: str,
        baud: int = 115200,
        timeouts: StageTimeouts | None = None,
        poll_interval: float = 0.3,
        listener: Listener | None = None,
        *,
        retries: int = 1,
        backoff_min: float = 0.2,
        backoff_max: float = 5.0,
        absent_polls: int = 2,
        reverify_interval: float = 10.0,
        usb_find: UsbFinder | None = None,
    ) -> None:
        super().__init__(name=f"idcard:{port}", logger=log, status=ReaderStatus(), listener=listener)
        self.port = port
        self.baud = baud
        self.timeouts = timeouts or StageTimeouts()
        self.poll_interval = poll_interval
        self.retries = retries
        self.backoff_min = backoff_min
        self.backoff_max = backoff_max
        self._backoff = Backoff(backoff_min, backoff_max)
        self.stats = ReaderStats()
        self._link: Link | None = None
        self._ever_opened = False
        self._track = _Track.ABSENT
        self._still_reported = False
        self._failures_reported: set[type[BaseException]] = set()
        self._last_digest: bytes | None = None
        #: Polls in a row that found no card (find and select failed) for a card believed present.
        self.absent_polls = max(1, absent_polls)
        #: With a reader that re-arms find: seconds between comparisons of the card's data.
        self.reverify_interval = reverify_interval
        self._usb_find = usb_find  # ``usb:`` ports: find the device (default: pyusb)
        self._empty_polls = 0
        self._rearms = False  # learned: this reader answers find again for a card already read
        self._verified_at = 0.0

    @property
    def corrupt_frames(self) -> int:
        """Frames dropped for a bad checksum or an impossible length, since start."""
        link = self._link
        return self.stats.corrupt_frames + (link.parser.corrupt_frames if link else 0)

    # ---- runtime hooks ---------------------------------------------------------------------------
    def _status_event(self, status: ReaderStatus, reason: str) -> ReaderEvent:
        return StatusChanged(status, reason)

    def _status_changes(self, old: ReaderStatus, new: ReaderStatus) -> Iterable[tuple[str, str, str]]:
        changes = []
        if new.device != old.device:
            changes.append(("reader", old.device.value, new.device.value))
        if new.card != old.card:
            changes.append(("card", old.card.value, new.card.value))
        return changes

    def _interrupt(self) -> None:
        link = self._link
        if link is not None:
            link.cancel()

    def _cleanup(self) -> None:
        if self._link is not None:
            self._link.close()
            self._link = None

    def _crashed(self, exc: Exception) -> None:
        self._update("driver thread crashed", device=DeviceState.HARDWARE_ERROR, cause=DeviceProblem.HARDWARE_ERROR)

    def _update(self, reason: str, **changes: Any) -> None:
        if "device" in changes and "cause" not in changes:
            changes["cause"] = None  # a new device state without a cause of its own clears the old one
        self._set_status(replace(self._status, **changes), reason)

    # ---- thread ----------------------------------------------------------------------------------
    def _run(self) -> None:
        backoff = self._backoff
        backoff.reset()
        while not self._stopping.is_set():
            if self._link is None and not self._connect():
                self._back_off(backoff)
                continue
            # The back-off only resets after a whole poll cycle worked, so a reader that
            # answers reset but not find is not reopened in a tight loop.
            try:
                self._poll_once()
                backoff.reset()
            except _Stopped:
                break
            except LinkLost as exc:
                self._lose_link(DeviceState.OFFLINE, DeviceProblem.NOT_CONNECTED, str(exc))
            except SamError as exc:
                if exc.hardware:
                    self._lose_link(DeviceState.HARDWARE_ERROR, exc.problem, str(exc))
                else:
                    self._poll_failed(exc)
            except CorruptReply as exc:
                self._lose_link(DeviceState.HARDWARE_ERROR, DeviceProblem.LINE_NOISE, f"only corrupt frames: {exc}")
            except ReplyTimeout as exc:
                self._lose_link(DeviceState.OFFLINE, DeviceProblem.NO_ANSWER, f"no reply: {exc}")
            except IdCardError as exc:
                self._poll_failed(exc)
            if self._link is None:  # lost: reopen after the back-off
                self._back_off(backoff)
            else:
                self._pause(self.poll_interval)

    def _poll_failed(self, exc: IdCardError) -> None:
        self._count_error(exc)
        level = logging.DEBUG if self.stats.errors[type(exc).__name__] > 1 else logging.WARNING
        log.log(level, "poll failed: %s", exc)  # warn once per kind, not every poll

    def _count_error(self, exc: BaseException) -> None:
        name = type(exc).__name__
        self.stats.errors[name] = self.stats.errors.get(name, 0) + 1

    def _connect(self) -> bool:
        try:
            link = Link(self.port, self.baud, self._stopping, usb_find=self._usb_find)
        except DeviceUnavailable as exc:
            state = DeviceState.OFFLINE if self._ever_opened else DeviceState.NO_DEVICE
            self._update(
                str(exc), device=state, card=CardPresence.ABSENT, sam_id=None, cause=DeviceProblem.NOT_CONNECTED
            )
            return False
        self._ever_opened = True
        self._link = link
        try:
            came_up = bring_up(lambda command: self._command(command, retry=True))
        except _Stopped:
            return False
        except SamError as exc:
            if exc.hardware:
                self._lose_link(DeviceState.HARDWARE_ERROR, exc.problem, str(exc))
            else:  # pragma: no cover - bring_up raises only the SAM's hardware errors
                self._lose_link(DeviceState.OFFLINE, DeviceProblem.OFFLINE, str(exc))
            return False
        except CorruptReply as exc:
            self._lose_link(DeviceState.HARDWARE_ERROR, DeviceProblem.LINE_NOISE, f"only corrupt frames: {exc}")
            return False
        except LinkLost as exc:
            self._lose_link(DeviceState.OFFLINE, DeviceProblem.NOT_CONNECTED, str(exc))
            return False
        except ReplyTimeout as exc:
            self._lose_link(DeviceState.OFFLINE, DeviceProblem.NO_ANSWER, str(exc))
            return False
        except IdCardError as exc:
            self._lose_link(DeviceState.OFFLINE, DeviceProblem.OFFLINE, str(exc))
            return False
        self.stats.reconnects += 1
        self._track = _Track.ABSENT
        self._empty_polls = 0
        self._rearms = False
        self._update(
            came_up.reason,
            device=DeviceState.ONLINE,
            card=CardPresence.ABSENT,
            sam_id=came_up.sam_id_text,
        )
        return True

    def _lose_link(self, state: DeviceState, cause: DeviceProblem | None, reason: str) -> None:
        self._count_error_name(state.value)
        if self._link is not None:
            self.stats.corrupt_frames += self._link.parser.corrupt_frames
            self.stats.unexpected_replies += self._link.unexpected_replies
            self._link.close()
            self._link = None
        if self._track is not _Track.ABSENT:
            self._track = _Track.ABSENT
            self._update(reason, device=state, card=CardPresence.ABSENT, cause=cause)
            self._emit(CardRemoved())
        else:
            self._update(reason, device=state, cause=cause)

    def _count_error_name(self, name: str) -> None:
        self.stats.errors[name] = self.stats.errors.get(name, 0) + 1

    # ---- commands ----------------------------------------------------------------------------
    def _command(self, command: Command, *, retry: bool = False) -> Response:
        link = self._link
        if link is None:
            raise LinkLost("The ID card reader is not open.")
        attempts = 1 + (self.retries if retry else 0)
        timeout = self.timeouts.for_command(command)
        for attempt in range(attempts):
            try:
                resp = link.transact(command, timeout)
                if resp.sw3 in (SW3.CHECKSUM_ERROR, SW3.LENGTH_ERROR):
                    raise error_for_sw3(resp.sw3, command.stage)
                return resp
            except _RETRYABLE as exc:
                if attempt + 1 >= attempts:
                    raise
                self.stats.retries += 1
                log.debug("retrying %s after: %s", command.name, exc)
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _require_ok(resp: Response, command: Command) -> None:
        if resp.sw3 not in (SW3.SUCCESS, SW3.FIND_SUCCESS):
            raise error_for_sw3(resp.sw3, command.stage)

    # ---- the poll cycle ----------------------------------------------------------------------------
    def _poll_once(self) -> None:
        self.stats.cycles += 1
        find = self._command(Command.FIND, retry=True)
        if find.sw3 not in (SW3.FIND_SUCCESS, SW3.FIND_FAILED):
            raise error_for_sw3(find.sw3, "find")
        found = find.sw3 == SW3.FIND_SUCCESS
        if self._track is _Track.ABSENT:
            if found:
                self._placed("find answered")
                self._read_card()
            return
        selected = False
        if not found:  # find is silent for a card already read: ask the card itself
            probe = self._command(Command.SELECT)
            if probe.sw3 != SW3.SUCCESS:
                self._field_empty(f"find and select failed (SW3 {probe.sw3:02X})")
                return
            selected = True
        was_empty, self._empty_polls = self._empty_polls > 0, 0
        if self._track is _Track.PLACED:  # not read yet, or the read failed: read (again)
            self._read_card(selected=selected)
        elif found and self._reverify_due(was_empty):
            self._read_card(selected=False)  # compare by data: the same card, or another one?
        else:
            self._still_present("find silent, select answered" if selected else "find answered again")

    def _field_empty(self, why: str) -> None:
        """A poll found no card; removal needs ``absent_polls`` such polls in a row."""
        self._empty_polls += 1
        if self._empty_polls >= self.absent_polls:
            self._removed(f"{why} on {self._empty_polls} polls in a row")
        else:
            log.debug("no card on this poll (%s); removed only after %d in a row", why, self.absent_polls)

    def _reverify_due(self, was_empty: bool) -> bool:
        """Find answered 9F for a card already read: read again to compare, or trust it is the same?

        A reader that follows the reference stays silent on find after a read, so 9F means a fresh
        card: compare at once. A reader that re-arms find answers 9F every poll; once a comparison
        showed the same card (``_rearms``), compare only after a poll without a card (lifted and put
        back, perhaps another card) or every ``reverify_interval`` seconds, not every poll.
        """
        if was_empty or not self._rearms:
            return True
        return time.monotonic() - self._verified_at >= self.reverify_interval

    def _still_present(self, why: str) -> None:
        if not self._still_reported:
            self._still_reported = True
            log.info("same card still present (%s)", why)
            self._emit(CardStillPresent())

    def _placed(self, reason: str) -> None:
        self._track = _Track.PLACED
        self._still_reported = False
        self._failures_reported = set()
        self._last_digest = None
        self._empty_polls = 0
        self._update(reason, card=CardPresence.PRESENT)
        self._emit(CardPlaced())

    def _removed(self, reason: str) -> None:
        self._track = _Track.ABSENT
        self._empty_polls = 0
        self._update(reason, card=CardPresence.ABSENT)
        self._emit(CardRemoved())

    def _card_still_there(self) -> bool:
        """After a failed read: is a card in the field? ``absent_polls`` checks back to back, so a card
        lifted mid-read is reported removed at once instead of as a failed read."""
        for _ in range(self.absent_polls):
            find = self._command(Command.FIND, retry=True)
            if find.sw3 == SW3.FIND_SUCCESS:
                return True
            if self._command(Command.SELECT).sw3 == SW3.SUCCESS:
                return True
        return False

    def _read_card(self, selected: bool = False) -> None:
        """Select (unless just done) and read; a first read emits CardRead, a re-read compares data."""
        rereading = self._track is _Track.READ
        try:
            if not selected:
                self._require_ok(self._command(Command.SELECT), Command.SELECT)
            # BUSY only on the first attempt of a placement: retries after a failure must not
            # flood listeners with busy/online pairs every poll.
            busy = not self._failures_reported and self._track is _Track.PLACED
            if busy:
                self._update("reading the card", device=DeviceState.BUSY)
            try:
                resp = self._command(Command.READ)
            finally:
                if busy and self._status.device is DeviceState.BUSY:
                    self._update("read finished", device=DeviceState.ONLINE)
            self._require_ok(resp, Command.READ)
            payload = parse_read_data(resp.data)
            digest = hashlib.sha256(payload.text).digest()
            if rereading:
                self._verified_at = time.monotonic()
                if digest == self._last_digest:
                    if not self._rearms:
                        self._rearms = True
                        log.info("this reader answers find again for a card already read")
                    self._still_present("the same data read again")
                    return
                self._removed("a card with other data answered")
                self._placed("a card with other data answered")
            identity = decode_text_block(payload.text, payload.photo)
        except (SamError, ReplyTimeout, UnexpectedReply, InvalidCardData) as exc:
            if isinstance(exc, SamError) and exc.hardware:
                raise
            if self._track is _Track.READ:
                log.debug("re-read of a card already read failed: %s", exc)
                return
            if not isinstance(exc, InvalidCardData) and not self._card_still_there():
                self._removed(f"lifted during the read ({exc})")
                return
            self._read_failed(exc)
            return
        except IdCardError as exc:
            if isinstance(exc, LinkLost):
                raise
            self._read_failed(exc)
            return
        self._track = _Track.READ
        self._last_digest = digest
        self._verified_at = time.monotonic()
        self.stats.reads += 1
        log.info("card read (%s)", identity.card_type.value)
        self._emit(CardRead(identity))

    def _read_failed(self, exc: IdCardError) -> None:
        self._count_error(exc)
        if type(exc) not in self._failures_reported:
            log.warning("card read failed: %s", exc)
            self._failures_reported.add(type(exc))
            self._emit(ReadFailed(exc))


# ---- blocking conveniences (CLI, maintenance) -------------------------------------------------------
def read_one_card(
    port: str,
    baud: int = 115200,
    timeout: float = 10.0,
    *,
    timeouts: StageTimeouts | None = None,
    poll_interval: float = 0.1,
) -> Identity:
    """Start a reader, wait for one card and return its identity; hard deadline ``timeout``.

    Raises DeviceUnavailable (no port / no answer / hardware error), InvalidCardData (the card's data
    is not valid) or NoCardError (nothing read in time; chained to the last read error if any).
    """
    events: queue.SimpleQueue[ReaderEvent] = queue.SimpleQueue()
    reader = IdCardReader(port, baud, timeouts, poll_interval, listener=events.put)
    deadline = time.monotonic() + timeout
    last_status: StatusChanged | None = None
    last_error: IdCardError | None = None
    reader.start()
    try:
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                event = events.get(timeout=remaining)
            except queue.Empty:
                break
            if isinstance(event, CardRead):
                return event.identity
            if isinstance(event, ReadFailed):
                if isinstance(event.error, InvalidCardData):
                    raise event.error
                last_error = event.error
            elif isinstance(event, StatusChanged):
                last_status = event
                if event.status.device is DeviceState.NO_DEVICE:
                    raise DeviceUnavailable(event.reason)
    finally:
        reader.stop()
    if last_status is None or last_status.status.device not in (DeviceState.ONLINE, DeviceState.BUSY):
        why = last_status.reason if last_status else f"it was still starting up after {timeout:g} s"
        raise DeviceUnavailable(f"The ID card reader at {port} is not ready ({why}).")
    if last_error is not None:
        raise NoCardError(f"No card read within {timeout:g} s (last error: {last_error})") from last_error
    raise NoCardError(f"No ID card was placed on the reader within {timeout:g} s.")


def probe_status(port: str, baud: int = 115200, timeouts: StageTimeouts | None = None) -> tuple[ReaderStatus, str]:
    """Open the port, reset, ask status, SAM id and whether a card is there; (status, reason)."""
    t = timeouts or StageTimeouts()
    try:
        link = Link(port, baud)
    except DeviceUnavailable as exc:
        return ReaderStatus(device=DeviceState.NO_DEVICE, cause=DeviceProblem.NOT_CONNECTED), str(exc)
    def send(command: Command) -> Response:
        try:
            return link.transact(command, t.for_command(command))
        except ReplyTimeout:  # one retry, as the driver does
            return link.transact(command, t.for_command(command))

    try:
        came_up = bring_up(send)
        find = link.transact(Command.FIND, t.find)
        card = CardPresence.PRESENT if find.sw3 == SW3.FIND_SUCCESS else CardPresence.ABSENT
        return ReaderStatus(DeviceState.ONLINE, card, came_up.sam_id_text), came_up.reason
    except SamError as exc:
        if exc.hardware:
            return ReaderStatus(device=DeviceState.HARDWARE_ERROR, cause=exc.problem), str(exc)
        return ReaderStatus(device=DeviceState.OFFLINE, cause=DeviceProblem.OFFLINE), str(exc)
    except CorruptReply as exc:
        return ReaderStatus(device=DeviceState.HARDWARE_ERROR, cause=DeviceProblem.LINE_NOISE), str(exc)
    except LinkLost as exc:
        return ReaderStatus(device=DeviceState.OFFLINE, cause=DeviceProblem.NOT_CONNECTED), str(exc)
    except ReplyTimeout as exc:
        return ReaderStatus(device=DeviceState.OFFLINE, cause=DeviceProblem.NO_ANSWER), str(exc)
    except IdCardError as exc:
        return ReaderStatus(device=DeviceState.OFFLINE, cause=DeviceProblem.OFFLINE), str(exc)
    finally:
        link.close()


__all__ = [
    "BringUp",
    "CardPlaced",
    "CardPresence",
    "CardRead",
    "CardRemoved",
    "CardStillPresent",
    "IdCardReader",
    "Link",
    "LinkLost",
    "ReadFailed",
    "ReaderEvent",
    "ReaderStats",
    "ReaderStatus",
    "StageTimeouts",
    "StatusChanged",
    "bring_up",
    "probe_status",
    "read_one_card",
]
