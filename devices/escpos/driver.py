"""Receipt printer driver: ESC/POS over a serial tty, a USB printer-class device or raw TCP, on its
own thread (``devices.escpos.transport`` picks the transport from the configured port).

* Bring-up, each time a connection opens: automatic status back off (GS a 0), so the only bytes
  the printer sends are answers; the printer's identity (GS I: model, firmware, fonts) and how
  print-out can be confirmed: GS r 1 where the printer answers it, else "DLE EOT after drain"
  (``ConfirmMethod``), configured or probed once. ASB blocks that still arrive (sent before GS a 0
  took effect, or by a printer that ignores it) are recognised by their first byte and set aside
  wherever they arrive; they are never taken for a reply.
* Timeouts follow the wire: an answer is awaited for ``status_timeout`` plus the time the bytes
  still queued ahead of the query, the query and its reply take at the configured baud (10 bits a
  byte), so 9600 baud prints as well as 115200.
* Real-time status: the four DLE EOT queries go out in one write and the replies are read as they
  arrive (pyserial returns as soon as the bytes are there), so a status round trip takes
  milliseconds; ``status_timeout`` only bounds the wait for a printer that does not answer.
* Jobs are lists of parts. Status is checked before a job; after each part the driver sends GS r 1,
  which the printer answers only when it has printed everything before it, and polls DLE EOT while
  it waits. So a part counts as done only once it is on paper (on a printer without GS r: once a
  DLE EOT after it was answered without a fault, and the job ends SENT_UNCONFIRMED, never FAILED), and a paper out, open cover or
  cutter error in the middle of a job makes the job INCOMPLETE with the parts done so far. The
  driver then clears the printer's buffer (DLE ENQ 2) so the rest of a torn job never comes out
  later, and never reprints by itself: the caller decides.
* Flow control: XON/XOFF is handled here (the driver sees 0x13/0x11 between status bytes, which
  can never be status replies) and writes go out in small chunks; RTS/CTS is left to the kernel.
  Every write has a timeout; a stall longer than ``write_timeout`` ends the job as INCOMPLETE.
* Unplugging gives a NO_DEVICE status event; the driver reopens the port with back-off.

Listeners are called from the driver thread; callers never block on the printer. The thread, the
listeners, the "from X to Y (reason)" log lines and the back-off come from
``devices.runtime.DeviceWorker``; this module holds only the printer's protocol steps.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import queue
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace

from devices.escpos.adapt import JobAdapter, NoQrEncoderError, QrEncoder
from devices.escpos.errors import PrinterStoppedError, PrinterTimeoutError
from devices.escpos.status import (
    ASB_LENGTH,
    STATUS_QUERY,
    TEXT_REPLY_HEADER,
    XOFF,
    XON,
    AsbBlock,
    ConfirmMethod,
    PaperState,
    PrinterIdentity,
    PrinterStatus,
    is_asb_header,
    is_plain_reply_byte,
    is_status_byte,
)
from devices.escpos.transport import (
    PrinterTransport,
    TransportLost,
    TransportTimeout,
    open_transport,
    transport_kind,
)
from devices.printjob import JobState
from devices.runtime import Backoff, DeviceWorker
from devices.status import DeviceState

log = logging.getLogger("devices.escpos")
traffic = logging.getLogger("devices.escpos.traffic")

PAPER_SENSOR_QUERY = b"\x1d\x72\x01"  # GS r 1: answered after everything before it is printed
RECOVER_RESTART = b"\x10\x05\x01"  # DLE ENQ 1
RECOVER_CLEAR = b"\x10\x05\x02"  # DLE ENQ 2
ASB_OFF = b"\x1d\x61\x00"  # GS a 0
IDENTITY_QUERIES = ((0x43, "model"), (0x41, "firmware"), (0x45, "fonts"))  # GS I n: "_" text NUL
TYPE_ID_QUERY = b"\x1d\x49\x02"  # GS I 2: one byte, bit 0 = multi-byte characters
FLOW_CONTROLS = ("none", "xonxoff", "rtscts")
CONFIRM_CHOICES = ("auto", "gs_r", "drain")
TRAFFIC_HEX_LIMIT = 64
TEXT_REPLY_LIMIT = 80
UNPACED_PART_GRACE = 1.0  # USB / TCP: no baud to derive from; a query may wait behind a full buffer


@dataclass(frozen=True)
class JobResult:
    job_id: str
    state: JobState
    parts_done: int
    parts_total: int
    reason: str = ""


@dataclass(frozen=True)
class StatusChanged:
    status: PrinterStatus
    reason: str = ""


@dataclass(frozen=True)
class JobFinished:
    result: JobResult


PrinterEvent = StatusChanged | JobFinished
Listener = Callable[[PrinterEvent], None]


class PrintJob:
    """A submitted job; ``wait`` for its result (never blocks longer than the timeout)."""

    def __init__(self, job_id: str, parts: list[bytes]) -> None:
        self.id = job_id
        self.parts = parts
        self._done = threading.Event()
        self._result: JobResult | None = None

    @property
    def done(self) -> bool:
        return self._done.is_set()

    @property
    def result(self) -> JobResult | None:
        return self._result

    def wait(self, timeout: float | None = None) -> JobResult | None:
        self._done.wait(timeout)
        return self._result

    def _finish(self, result: JobResult) -> None:
        self._result = result
        self._done.set()

    def __repr__(self) -> str:
        return f"PrintJob({self.id!r}, parts={len(self.parts)}, done={self.done})"


# ---- what the driver thread is asked to do (one queue, typed) --------------------------------------
@dataclass(frozen=True)
class _AskStatus:
    reply: Future[PrinterStatus]


@dataclass(frozen=True)
class _Recover:
    clear_buffer: bool
    reply: Future[PrinterStatus]


@dataclass(frozen=True)
class _Wake:
    """stop() was called: leave any wait on the queue."""


_Command = PrintJob | _AskStatus | _Recover | _Wake


class _Disconnected(Exception):
    """The port went away (pyserial error); the loop closes it and reopens with back-off."""


class _JobStop(Exception):
    def __init__(self, state: JobState, reason: str) -> None:
        super().__init__(reason)
        self.state = state
        self.reason = reason


def _hex(data: bytes) -> str:
    if len(data) <= TRAFFIC_HEX_LIMIT:
        return data.hex(" ")
    return f"{len(data)} bytes (payload not logged)"


class ReceiptPrinter(DeviceWorker[PrinterEvent, PrinterStatus]):
    """ESC/POS receipt printer on a serial tty, a usblp device or a TCP port, driven from its own thread."""

    def __init__(
        self,
        port: str,
        baud: int = 115200,
        flow_control: str = "none",
        write_timeout: float = 5.0,
        status_timeout: float = 0.2,
        listener: Listener | None = None,
        *,
        poll_interval: float = 0.5,
        confirm_timeout: float = 30.0,
        chunk_size: int = 256,
        reopen_backoff: tuple[float, float] = (0.1, 5.0),
        recover_interval: float = 1.0,
        auto_recover: bool = True,
        confirm: str = "auto",
        native_qr: bool = True,
        chinese_font: bool | None = None,
        identify: bool = True,
        qr_encoder: QrEncoder | None = None,
    ) -> None:
        if flow_control not in FLOW_CONTROLS:
            raise ValueError(f"flow_control must be one of {', '.join(FLOW_CONTROLS)}, got {flow_control!r}")
        if confirm not in CONFIRM_CHOICES:
            raise ValueError(f"confirm must be one of {', '.join(CONFIRM_CHOICES)}, got {confirm!r}")
        super().__init__(
            name=f"escpos-{port}",
            logger=log,
            status=PrinterStatus.unreachable(DeviceState.NO_DEVICE, "driver not started"),
            listener=listener,
        )
        self.port = port
        self.baud = baud
        self.flow_control = flow_control
        self.write_timeout = write_timeout
        self.status_timeout = status_timeout
        self.poll_interval = poll_interval
        self.confirm_timeout = confirm_timeout
        self.chunk_size = chunk_size
        self.reopen_backoff = reopen_backoff
        self._backoff = Backoff(*reopen_backoff)
        self.recover_interval = recover_interval
        self.auto_recover = auto_recover
        self.confirm = confirm
        self.native_qr = native_qr
        self.chinese_font_configured = chinese_font  # None: as the printer says (GS I), else yes
        self.identify = identify
        self.qr_encoder = qr_encoder
        self.transport_name = transport_kind(port)

        self._commands: queue.Queue[_Command] = queue.Queue()
        self._transport: PrinterTransport | None = None
        self._paused = False  # XOFF received
        self._status_bytes: list[int] = []
        self._plain_bytes: list[int] = []  # GS r n and GS I 1-3 answers
        self._text_replies: list[bytes] = []  # GS I 65-69 answers
        self._text_reply: bytearray | None = None  # a "_ ... NUL" answer being received
        self._asb: bytearray | None = None  # an ASB block being received
        self.asb_blocks = 0  # ASB blocks set aside since start (a printer that ignores GS a 0 shows here)
        self._asb_reoff = False
        self._known_jobs: OrderedDict[str, JobState | None] = OrderedDict()  # None: queued/printing
        self._jobs_lock = threading.Lock()
        self._last_recover = 0.0
        self._needs_clear = False
        self._wire_free = 0.0  # when the bytes written so far have left at the baud rate
        self.identity = PrinterIdentity()
        self.confirmation: ConfirmMethod | None = (
            None if confirm == "auto" else ConfirmMethod(confirm)
        )

    # ---- public API --------------------------------------------------------------------------------
    def submit(self, parts: list[bytes], job_id: str | None = None) -> PrintJob:
        """Queue a job and return at once. A job id that already printed is refused (FAILED), so a
        retried request never prints twice; an INCOMPLETE job may be submitted again on purpose."""
        job = PrintJob(job_id or uuid.uuid4().hex[:12], [bytes(p) for p in parts if p])
        with self._jobs_lock:
            previous = self._known_jobs.get(job.id, JobState.INCOMPLETE)
            if job.id in self._known_jobs and (previous is None or previous.counts_as_printed):
                why = "already queued" if previous is None else "already printed"
                job._finish(JobResult(job.id, JobState.FAILED, 0, len(job.parts), f"job {job.id} {why}"))
                return job
            self._known_jobs[job.id] = None
            self._known_jobs.move_to_end(job.id)
            while len(self._known_jobs) > 1000:
                self._known_jobs.popitem(last=False)
        if self._stopping.is_set() or self._thread is None:
            self._finish_job(job, JobState.FAILED, 0, "printer driver not running")
            return job
        self._commands.put(job)
        return job

    def query_status(self, timeout: float = 2.0) -> PrinterStatus:
        """Ask the printer now (thread-safe; for command-line tools and diagnostics)."""
        if self._thread is None or self._stopping.is_set():
            raise PrinterStoppedError("printer driver not running")
        fut: Future[PrinterStatus] = Future()
        self._commands.put(_AskStatus(fut))
        try:
            return fut.result(timeout)
        except FutureTimeout as exc:
            raise PrinterTimeoutError(f"no printer status within {timeout:.1f} s") from exc

    def recover(self, clear_buffer: bool = True) -> Future[PrinterStatus]:
        """DLE ENQ 2 (clear the buffer) or 1 (restart from the failed line); resolves to the new status."""
        fut: Future[PrinterStatus] = Future()
        if self._thread is None:
            fut.set_exception(PrinterStoppedError("printer driver not running"))
            return fut
        self._commands.put(_Recover(clear_buffer, fut))
        return fut

    @property
    def chinese_font(self) -> bool:
        """Whether Chinese text is sent: the configuration's word, else the printer's (GS I), else yes."""
        if self.chinese_font_configured is not None:
            return self.chinese_font_configured
        said = self.identity.chinese_font
        return True if said is None else said

    def describe(self) -> dict[str, object]:
        """The printer's identity and how jobs are confirmed (for status reports)."""
        return {
            "transport": self.transport_name,
            "identity": self.identity.to_json_dict(),
            "confirmation": self.confirmation.value if self.confirmation is not None else "unknown",
            "native_qr": self.native_qr,
            "asb_blocks_set_aside": self.asb_blocks,
        }

    # ---- runtime hooks -------------------------------------------------------------------------------
    def _status_event(self, status: PrinterStatus, reason: str) -> PrinterEvent:
        return StatusChanged(status, reason)

    def _status_changes(self, old: PrinterStatus, new: PrinterStatus) -> Iterable[tuple[str, str, str]]:
        return [("status", old.summary(), new.summary())]

    def _interrupt(self) -> None:
        self._commands.put(_Wake())  # the thread waits on the command queue, not the stop event

    def _cleanup(self) -> None:
        self._close()
        self._fail_queued("printer driver stopped")

    def _crashed(self, exc: Exception) -> None:
        self._set_status(
            PrinterStatus.unreachable(DeviceState.HARDWARE_ERROR, "driver thread crashed", self._status),
            "driver thread crashed",
        )

    # ---- thread ------------------------------------------------------------------------------------
    def _run(self) -> None:
        backoff = self._backoff
        backoff.reset()
        next_poll = 0.0
        while not self._stopping.is_set():
            if self._transport is None:
                if self._open():
                    backoff.reset()
                    next_poll = 0.0
                else:
                    self._serve_offline(backoff.next())
                    continue
            command: _Command | None = None  # None: time for the periodic status poll
            try:
                wait = max(0.0, next_poll - time.monotonic())
                with contextlib.suppress(queue.Empty):
                    command = self._commands.get(timeout=wait)
                if isinstance(command, PrintJob):
                    self._run_job(command)
                    next_poll = time.monotonic() + self.poll_interval
                elif isinstance(command, _AskStatus):
                    command.reply.set_result(self._refresh_status())
                elif isinstance(command, _Recover):
                    self._send_recover(command.clear_buffer)
                    command.reply.set_result(self._refresh_status())
                elif command is None:
                    st = self._refresh_status()
                    self._maybe_auto_recover(st)
                    next_poll = time.monotonic() + self.poll_interval
            except _Disconnected as exc:
                self._lost(str(exc))
                self._answer_pending(command)
            except _JobStop as exc:  # a status query or recovery could not be written in time
                self._set_status(
                    PrinterStatus.unreachable(DeviceState.OFFLINE, exc.reason, self._status), exc.reason
                )
                self._answer_pending(command)
            except Exception:  # the driver thread must outlive any bug in one step
                log.exception("printer driver step %s failed", type(command).__name__)
                self._answer_pending(command)

    def _serve_offline(self, delay: float) -> None:
        """While the port is gone: answer status calls from memory, fail jobs, wait ``delay``.

        The back-off waits on the command queue (so status calls are answered meanwhile); stop()
        puts a wake-up on it, so the wait never delays stopping."""
        deadline = time.monotonic() + delay
        while not self._stopping.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            try:
                command = self._commands.get(timeout=left)
            except queue.Empty:
                return
            if isinstance(command, PrintJob):
                self._finish_job(command, JobState.FAILED, 0, self._status.problem or "printer not connected")
            elif isinstance(command, _AskStatus | _Recover):
                command.reply.set_result(self._status)

    def _answer_pending(self, command: _Command | None) -> None:
        """A call whose step failed gets the status as it is now (it says why); a job that a bug
        broke off is INCOMPLETE, since nobody knows what came out."""
        if isinstance(command, _AskStatus | _Recover) and not command.reply.done():
            command.reply.set_result(self._status)
        elif isinstance(command, PrintJob) and not command.done:
            self._finish_job(command, JobState.INCOMPLETE, 0, "internal error")

    def _fail_queued(self, reason: str) -> None:
        while True:
            try:
                command = self._commands.get_nowait()
            except queue.Empty:
                return
            if isinstance(command, PrintJob):
                self._finish_job(command, JobState.FAILED, 0, reason)
            elif isinstance(command, _AskStatus | _Recover) and not command.reply.done():
                command.reply.set_exception(PrinterStoppedError(reason))

    # ---- connection ------------------------------------------------------------------------------------
    def _open(self) -> bool:
        try:
            transport = open_transport(
                self.port, baud=self.baud, rtscts=self.flow_control == "rtscts",
                connect_timeout=min(3.0, self.write_timeout),
            )
            transport.open()
        except (TransportLost, ValueError) as exc:
            self._set_status(
                PrinterStatus.unreachable(DeviceState.NO_DEVICE, "printer not connected", self._status),
                str(exc),
            )
            return False
        transport.discard_input()
        self._transport = transport
        self._paused = False
        self._asb = self._text_reply = None
        self._asb_reoff = False
        self._wire_free = 0.0
        rate = f"{self.baud} baud, flow {self.flow_control}" if transport.wire_rate else "no baud rate"
        log.info("port from closed to open (%s, %s, %s)", self.port, transport.name, rate)
        try:
            self._bring_up()
        except _JobStop as exc:  # the printer does not take data: let the status poll say so
            log.info("printer bring-up cut short: %s", exc.reason)
        except _Disconnected as exc:
            self._lost(str(exc))
            return False
        return True

    def _bring_up(self) -> None:
        """ASB off, identity, confirmation method: once per connection, before any job."""
        self._write(ASB_OFF)
        st = self._refresh_status("connected")
        if self.identify:
            self._query_identity()
            if self.chinese_font_configured is None and self.identity.chinese_font is False:
                st = replace(self._status, no_chinese_font=True)
                self._set_status(st, "printer has no Chinese font (GS I)")
        if self.confirm == "auto" and st.ready:
            self._probe_confirmation()

    def _query_identity(self) -> None:
        found: dict[str, str] = {}
        for n, key in IDENTITY_QUERIES:
            text = self._ask_text(n)
            if text is None:
                break  # a printer that does not answer one of these answers none of them
            found[key] = text
        type_id = self._ask_plain(TYPE_ID_QUERY)
        old, self.identity = self.identity, PrinterIdentity(
            model=found.get("model"), firmware=found.get("firmware"), fonts=found.get("fonts"), type_id=type_id
        )
        if old != self.identity:
            log.info("identity from %s to %s (GS I)", old.summary(), self.identity.summary())

    def _ask_text(self, n: int) -> str | None:
        self._text_replies.clear()
        self._write(b"\x1d\x49" + bytes([n]))
        deadline = time.monotonic() + self._reply_timeout(TEXT_REPLY_LIMIT // 4)
        while not self._text_replies:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._pump(left)
        return self._text_replies.pop(0).decode("ascii", errors="replace").strip()

    def _ask_plain(self, query: bytes) -> int | None:
        self._plain_bytes.clear()
        self._write(query)
        deadline = time.monotonic() + self._reply_timeout(1)
        while not self._plain_bytes:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self._pump(left)
        return self._plain_bytes.pop(0)

    def _probe_confirmation(self) -> None:
        """GS r 1 with nothing queued is answered at once by a printer that knows it."""
        answer = self._ask_plain(PAPER_SENSOR_QUERY)
        old, self.confirmation = self.confirmation, ConfirmMethod.GS_R if answer is not None else ConfirmMethod.DRAIN
        if old != self.confirmation:
            log.info(
                "confirmation from %s to %s (%s)",
                old.value if old else "unknown",
                self.confirmation.value,
                "GS r 1 answered" if answer is not None else "no answer to GS r 1: jobs end sent, not confirmed",
            )

    def _close(self) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            transport.close()

    def _lost(self, reason: str) -> None:
        self._close()
        self._set_status(
            PrinterStatus.unreachable(DeviceState.NO_DEVICE, "printer disconnected", self._status), reason
        )

    def _write(self, data: bytes) -> None:
        transport = self._transport
        if transport is None:
            raise _Disconnected("port closed")
        traffic.debug("TX %s", _hex(data))
        try:
            transport.write(data, self.write_timeout)
        except TransportTimeout as exc:
            raise _JobStop(JobState.INCOMPLETE, f"printer did not take data for {self.write_timeout:.1f} s") from exc
        except TransportLost as exc:
            raise _Disconnected(str(exc)) from exc
        rate = transport.wire_rate
        if rate:
            self._wire_free = max(self._wire_free, time.monotonic()) + len(data) / rate

    def _reply_timeout(self, reply_bytes: int = 4, in_job: bool = False) -> float:
        """How long an answer to what was just written may take: ``status_timeout`` for the printer
        itself, plus the wire time of every byte still queued ahead of the answer and of the answer
        at the configured baud (ten bit times a byte). Without a baud (USB, TCP) a query inside a
        job may wait behind a full receive buffer, so it gets a fixed grace instead."""
        rate = self._transport.wire_rate if self._transport is not None else None
        if not rate:
            return self.status_timeout + (UNPACED_PART_GRACE if in_job else 0.0)
        queued = max(0.0, self._wire_free - time.monotonic())
        return self.status_timeout + queued + reply_bytes / rate

    def _pump(self, timeout: float) -> None:
        """Read what the printer sent (waiting at most ``timeout`` for the first byte) and sort it:
        XON/XOFF, DLE EOT answers (0xx1xx10), ASB blocks (4 bytes from a 0xx1xx00), GS I texts
        ("_" ... NUL) and plain answers to GS r / GS I 1-3 (0xx0xxxx)."""
        transport = self._transport
        if transport is None:
            raise _Disconnected("port closed")
        try:
            data = transport.read(timeout)
        except TransportLost as exc:
            raise _Disconnected(str(exc)) from exc
        if not data:
            return
        traffic.debug("RX %s", data.hex(" "))
        for b in data:
            self._sort_byte(b)

    def _sort_byte(self, b: int) -> None:
        if self._asb is not None:
            self._asb.append(b)
            if len(self._asb) == ASB_LENGTH:
                self._asb_block(AsbBlock(bytes(self._asb)))
                self._asb = None
            return
        if self._text_reply is not None:
            if b == 0 or len(self._text_reply) >= TEXT_REPLY_LIMIT:
                self._text_replies.append(bytes(self._text_reply))
                self._text_reply = None
            else:
                self._text_reply.append(b)
            return
        if b == XOFF:
            if not self._paused:
                log.info("flow from sending to paused (XOFF)")
            self._paused = True
        elif b == XON:
            if self._paused:
                log.info("flow from paused to sending (XON)")
            self._paused = False
        elif is_status_byte(b):
            self._status_bytes.append(b)
        elif is_asb_header(b):
            self._asb = bytearray([b])
        elif b == TEXT_REPLY_HEADER:
            self._text_reply = bytearray()
        elif is_plain_reply_byte(b):
            self._plain_bytes.append(b)
        else:
            traffic.debug("RX unexpected byte 0x%02X ignored", b)

    def _asb_block(self, block: AsbBlock) -> None:
        """An automatic status back block: never a reply. Turn ASB off again once per connection
        (it came before GS a 0 took effect, or the printer forgot it after a reset)."""
        self.asb_blocks += 1
        log.info("ASB block %s set aside (paper %s, cover %s)", block.raw.hex(" "), block.paper,
                 "open" if block.cover_open else "closed")
        if not self._asb_reoff:
            self._asb_reoff = True
            with contextlib.suppress(_Disconnected, _JobStop):
                self._write(ASB_OFF)

    # ---- status --------------------------------------------------------------------------------------------
    def _read_status(self, attempts: int = 2, in_job: bool = False) -> PrinterStatus:
        """DLE EOT 1-4 round trip; asked again once before an unanswered query means OFFLINE
        (a busy host can miss a short ``status_timeout`` once without the printer being gone)."""
        for _ in range(attempts):
            self._pump(0)  # sort out anything stale first
            self._status_bytes.clear()
            self._write(STATUS_QUERY)
            deadline = time.monotonic() + self._reply_timeout(4, in_job)
            while len(self._status_bytes) < 4:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._pump(left)
            if len(self._status_bytes) >= 4:
                raw = bytes(self._status_bytes[:4])
                del self._status_bytes[:4]
                st = PrinterStatus.decode(raw)
                return replace(st, no_chinese_font=not self.chinese_font)
        return PrinterStatus.unreachable(DeviceState.OFFLINE, "printer does not answer", self._status)

    def _refresh_status(self, reason: str = "status query", in_job: bool = False) -> PrinterStatus:
        st = self._read_status(in_job=in_job)
        self._set_status(st, reason)
        return st

    def _maybe_auto_recover(self, st: PrinterStatus) -> None:
        """Once the cause of a stop is gone, let the printer go on: DLE ENQ 2 (buffer cleared, so
        the rest of an interrupted job does not print). At most once per ``recover_interval``."""
        if not self.auto_recover or not (st.waiting_recovery or st.cutter_error or self._needs_clear):
            return
        if st.cover_open or st.paper == PaperState.OUT or st.device == DeviceState.NO_DEVICE:
            return
        if time.monotonic() - self._last_recover < self.recover_interval:
            return
        self._send_recover(True)
        self._refresh_status("after recovery")

    def _send_recover(self, clear: bool) -> None:
        self._last_recover = time.monotonic()
        self._needs_clear = False
        log.info("printer from stopped to recovering (DLE ENQ %d)", 2 if clear else 1)
        self._write(RECOVER_CLEAR if clear else RECOVER_RESTART)
        self._paused = False if clear else self._paused

    # ---- jobs ------------------------------------------------------------------------------------------------
    def _finish_job(self, job: PrintJob, state: JobState, done: int, reason: str) -> None:
        result = JobResult(job.id, state, done, len(job.parts), reason)
        with self._jobs_lock:
            self._known_jobs[job.id] = state
        log.info(
            "job %s from printing to %s (%d/%d parts%s)",
            job.id,
            state,
            done,
            len(job.parts),
            f", {reason}" if reason else "",
        )
        job._finish(result)
        self._emit(JobFinished(result))

    def _adapt(self, parts: list[bytes]) -> list[bytes]:
        """The job as this printer can print it: Chinese text left out where it has no Chinese
        font, QR codes as raster images where it has no native QR."""
        if self.chinese_font and self.native_qr:
            return parts
        adapter = JobAdapter(chinese=self.chinese_font, native_qr=self.native_qr, qr_encoder=self.qr_encoder)
        return adapter.adapt(parts)

    def _run_job(self, job: PrintJob) -> None:
        done = 0
        sent_any = False
        try:
            st = self._refresh_status("before job")
            if not st.ready:
                if st.waiting_recovery or st.cutter_error:
                    self._maybe_auto_recover(st)
                    st = self._status
                if not st.ready:
                    raise _JobStop(JobState.FAILED, st.problem or "printer not ready")
            if self.confirmation is None:
                self._probe_confirmation()
            method = self.confirmation or ConfirmMethod.DRAIN
            try:
                parts = self._adapt(job.parts)
            except NoQrEncoderError as exc:
                raise _JobStop(JobState.FAILED, str(exc)) from exc
            total = len(parts)
            for index, part in enumerate(parts):
                sent_any = True
                self._send_part(part, index, total)
                if method == ConfirmMethod.GS_R:
                    self._confirm_part(index, total)
                    st = self._refresh_status(f"after part {index + 1} of {total}", in_job=True)
                else:
                    st = self._confirm_sent(index, total)
                done += 1
                fatal = _job_stopper(st)
                if fatal and done < total:
                    raise _JobStop(JobState.INCOMPLETE, f"{fatal} after part {done} of {total}")
        except _JobStop as stop:
            if sent_any:  # drop the torn rest from the printer before anyone hears of the job
                self._needs_clear = True
                self._clear_after_interrupt()
            self._finish_job(job, JobState.INCOMPLETE if sent_any else JobState.FAILED, done, stop.reason)
            return
        except _Disconnected as exc:
            self._lost(str(exc))
            state = JobState.INCOMPLETE if sent_any else JobState.FAILED
            reason = "printer disconnected" + (
                f" during part {done + 1} of {len(job.parts)}" if sent_any else ""
            )
            self._finish_job(job, state, done, reason)
            return
        if method == ConfirmMethod.GS_R:
            self._finish_job(job, JobState.PRINTED, done, "")
        else:
            self._finish_job(
                job, JobState.SENT_UNCONFIRMED, done, "sent, not confirmed (the printer does not answer GS r)"
            )

    def _clear_after_interrupt(self) -> None:
        """Drop what is left of a torn job from the printer's buffer right away."""
        try:
            self._send_recover(True)
            self._refresh_status("after interrupted job")
        except (_Disconnected, _JobStop) as exc:
            log.info("could not clear printer buffer after interrupted job: %s", exc)
            if isinstance(exc, _Disconnected):
                self._lost(str(exc))

    def _send_part(self, part: bytes, index: int, total: int) -> None:
        """Write a part in chunks, no faster than the wire carries them (so an XOFF is seen within
        a chunk or two instead of after the kernel buffered kilobytes), pausing on XOFF."""
        rate = self._transport.wire_rate if self._transport is not None else None
        ahead = 2 * self.chunk_size / rate if rate else 0.0
        for start in range(0, len(part), self.chunk_size):
            chunk = part[start : start + self.chunk_size]
            while True:
                self._pump(0)
                if self._paused:
                    self._wait_xon(index, total)
                early = self._wire_free - time.monotonic() - ahead if rate else 0.0
                if early <= 0:
                    break
                self._pump(early)
            self._write(chunk)

    def _wait_xon(self, index: int, total: int) -> None:
        deadline = time.monotonic() + self.write_timeout
        while self._paused:
            if self._stopping.is_set():
                raise _JobStop(JobState.INCOMPLETE, "printer driver stopped")
            left = deadline - time.monotonic()
            if left <= 0:
                raise _JobStop(
                    JobState.INCOMPLETE,
                    f"printer buffer full (XOFF) for more than {self.write_timeout:.1f} s in part {index + 1} of {total}",
                )
            self._pump(min(left, 0.05))

    def _confirm_sent(self, index: int, total: int) -> PrinterStatus:
        """No GS r on this printer: a DLE EOT answered after the part proves every byte of it reached
        the printer (real-time commands are handled as they arrive, after the data before them)."""
        st = self._refresh_status(f"after sending part {index + 1} of {total}", in_job=True)
        if not st.raw:
            raise _JobStop(JobState.INCOMPLETE, f"printer does not answer after part {index + 1} of {total}")
        fatal = _job_stopper(st)
        if fatal:
            raise _JobStop(JobState.INCOMPLETE, f"{fatal} during part {index + 1} of {total}")
        return st

    def _confirm_part(self, index: int, total: int) -> None:
        """Wait until the printer has printed the part (GS r 1 answered), watching status meanwhile."""
        self._plain_bytes.clear()
        self._write(PAPER_SENSOR_QUERY)
        # the part may still be on the wire: its wire time comes on top of the printer's time
        deadline = time.monotonic() + self.confirm_timeout + self._reply_timeout(1)
        next_check = time.monotonic() + 0.05
        for attempt in itertools.count():
            if self._plain_bytes:
                self._plain_bytes.clear()
                return
            now = time.monotonic()
            if now >= deadline:
                raise _JobStop(JobState.INCOMPLETE, f"printer did not confirm part {index + 1} of {total}")
            if self._stopping.is_set():
                raise _JobStop(JobState.INCOMPLETE, "printer driver stopped")
            if now >= next_check and not self._paused:
                st = self._refresh_status(f"during part {index + 1} of {total}", in_job=True)
                if self._plain_bytes:
                    continue
                fatal = _job_stopper(st)
                if fatal:
                    raise _JobStop(JobState.INCOMPLETE, f"{fatal} during part {index + 1} of {total}")
                next_check = time.monotonic() + min(0.1 * (attempt + 1), 0.25)
                continue
            self._pump(min(0.02, max(0.0, next_check - now)) or 0.001)


def _job_stopper(st: PrinterStatus) -> str | None:
    """Why a running job cannot go on, or None when it may just be slow (hot head, XOFF)."""
    if not st.raw:
        return st.problem or "printer does not answer"
    if st.unrecoverable_error or st.cutter_error or st.cover_open or st.paper == PaperState.OUT:
        return st.problem
    if st.waiting_recovery:
        return st.problem
    return None


# ---- blocking helpers for command-line tools --------------------------------------------------------------
@dataclass(frozen=True)
class PrinterReport:
    """A status look with what the printer said about itself (``kiosk device printer-status``)."""

    status: PrinterStatus
    identity: PrinterIdentity
    confirmation: ConfirmMethod | None
    transport: str


def print_once(
    port: str,
    parts: list[bytes],
    timeout: float = 30.0,
    *,
    baud: int = 115200,
    flow_control: str = "none",
    write_timeout: float = 5.0,
    status_timeout: float = 0.2,
    job_id: str | None = None,
    confirm: str = "auto",
    native_qr: bool = True,
    qr_encoder: QrEncoder | None = None,
) -> JobResult:
    """Open the port, print one job, close; the result says PRINTED, SENT_UNCONFIRMED, INCOMPLETE
    or FAILED."""
    printer = ReceiptPrinter(
        port, baud, flow_control, write_timeout, status_timeout,
        confirm=confirm, native_qr=native_qr, qr_encoder=qr_encoder,
    )
    printer.start()
    try:
        job = printer.submit(parts, job_id)
        result = job.wait(timeout)
        if result is None:
            return JobResult(
                job.id, JobState.INCOMPLETE, 0, len(job.parts), f"no result within {timeout:.0f} s"
            )
        return result
    finally:
        printer.stop()


def read_report_once(
    port: str, *, baud: int = 115200, status_timeout: float = 0.2, timeout: float = 3.0, confirm: str = "auto"
) -> PrinterReport:
    """Open the port, bring the printer up (ASB off, GS I, confirmation probe), ask DLE EOT 1-4,
    close. A missing port gives a NO_DEVICE status."""
    # a status look must not change the printer: no automatic DLE ENQ here
    printer = ReceiptPrinter(
        port, baud, status_timeout=status_timeout, poll_interval=3600, auto_recover=False, confirm=confirm
    )
    printer.start()
    try:
        status = printer.query_status(timeout)
        return PrinterReport(status, printer.identity, printer.confirmation, printer.transport_name)
    finally:
        printer.stop()


def read_status_once(
    port: str, *, baud: int = 115200, status_timeout: float = 0.2, timeout: float = 3.0
) -> PrinterStatus:
    """Open the port, ask DLE EOT 1-4 once, close. A missing port gives a NO_DEVICE status."""
    return read_report_once(port, baud=baud, status_timeout=status_timeout, timeout=timeout).status


__all__ = [
    "JobFinished",
    "JobResult",
    "JobState",
    "PrintJob",
    "PrinterEvent",
    "PrinterReport",
    "ReceiptPrinter",
    "StatusChanged",
    "print_once",
    "read_report_once",
    "read_status_once",
]
