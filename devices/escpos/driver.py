"""Receipt printer driver: ESC/POS over pyserial on its own thread.

* Real-time status: the four DLE EOT queries go out in one write and the replies are read as they
  arrive (pyserial returns as soon as the bytes are there), so a status round trip takes
  milliseconds; ``status_timeout`` only bounds the wait for a printer that does not answer.
* Jobs are lists of parts. Status is checked before a job; after each part the driver sends GS r 1,
  which the printer answers only when it has printed everything before it, and polls DLE EOT while
  it waits. So a part counts as done only once it is on paper, and a paper out, open cover or
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
import select
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

import serial

from devices.escpos.errors import PrinterStoppedError, PrinterTimeoutError
from devices.escpos.status import (
    STATUS_QUERY,
    XOFF,
    XON,
    PaperState,
    PrinterStatus,
    is_paper_sensor_byte,
    is_status_byte,
)
from devices.printjob import JobState
from devices.runtime import Backoff, DeviceWorker
from devices.status import DeviceState

log = logging.getLogger("devices.escpos")
traffic = logging.getLogger("devices.escpos.traffic")

PAPER_SENSOR_QUERY = b"\x1d\x72\x01"  # GS r 1: answered after everything before it is printed
RECOVER_RESTART = b"\x10\x05\x01"  # DLE ENQ 1
RECOVER_CLEAR = b"\x10\x05\x02"  # DLE ENQ 2
FLOW_CONTROLS = ("none", "xonxoff", "rtscts")
TRAFFIC_HEX_LIMIT = 64


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
    """ESC/POS receipt printer on a serial port, driven from its own thread."""

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
    ) -> None:
        if flow_control not in FLOW_CONTROLS:
            raise ValueError(f"flow_control must be one of {', '.join(FLOW_CONTROLS)}, got {flow_control!r}")
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

        self._commands: queue.Queue[_Command] = queue.Queue()
        self._ser: serial.Serial | None = None
        self._paused = False  # XOFF received
        self._status_bytes: list[int] = []
        self._sensor_bytes: list[int] = []
        self._known_jobs: OrderedDict[str, JobState | None] = OrderedDict()  # None: queued/printing
        self._jobs_lock = threading.Lock()
        self._last_recover = 0.0
        self._needs_clear = False
        self._wire_free = 0.0  # when the bytes written so far have left at the baud rate

    # ---- public API --------------------------------------------------------------------------------
    def submit(self, parts: list[bytes], job_id: str | None = None) -> PrintJob:
        """Queue a job and return at once. A job id that already printed is refused (FAILED), so a
        retried request never prints twice; an INCOMPLETE job may be submitted again on purpose."""
        job = PrintJob(job_id or uuid.uuid4().hex[:12], [bytes(p) for p in parts if p])
        with self._jobs_lock:
            previous = self._known_jobs.get(job.id, JobState.INCOMPLETE)
            if job.id in self._known_jobs and previous in (None, JobState.PRINTED):
                why = "already printed" if previous == JobState.PRINTED else "already queued"
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
            if self._ser is None:
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

    # ---- port ----------------------------------------------------------------------------------------------
    def _open(self) -> bool:
        try:
            ser = serial.Serial()
            ser.port = self.port
            ser.baudrate = self.baud
            ser.timeout = 0  # reads never block; _pump waits with select
            ser.write_timeout = self.write_timeout
            ser.xonxoff = False  # XON/XOFF bytes are read here, not swallowed by the tty
            ser.rtscts = self.flow_control == "rtscts"
            ser.open()
        except (serial.SerialException, OSError, ValueError) as exc:
            self._set_status(
                PrinterStatus.unreachable(DeviceState.NO_DEVICE, "printer not connected", self._status),
                f"cannot open {self.port}: {exc}",
            )
            return False
        with contextlib.suppress(serial.SerialException, OSError):
            ser.reset_input_buffer()
        self._ser = ser
        self._paused = False
        log.info("port from closed to open (%s, %d baud, flow %s)", self.port, self.baud, self.flow_control)
        return True

    def _close(self) -> None:
        ser, self._ser = self._ser, None
        if ser is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                ser.close()

    def _lost(self, reason: str) -> None:
        self._close()
        self._set_status(
            PrinterStatus.unreachable(DeviceState.NO_DEVICE, "printer disconnected", self._status), reason
        )

    def _write(self, data: bytes) -> None:
        ser = self._ser
        if ser is None:
            raise _Disconnected("port closed")
        traffic.debug("TX %s", _hex(data))
        try:
            n = ser.write(data)
        except serial.SerialTimeoutException as exc:
            raise _JobStop(
                JobState.INCOMPLETE, f"printer did not take data for {self.write_timeout:.1f} s"
            ) from exc
        except (serial.SerialException, OSError) as exc:
            raise _Disconnected(f"write failed: {exc}") from exc
        if n is not None and n != len(data):
            raise _JobStop(JobState.INCOMPLETE, f"printer took {n} of {len(data)} bytes")

    def _pump(self, timeout: float) -> None:
        """Read what the printer sent (waiting at most ``timeout`` for the first byte) and sort it."""
        ser = self._ser
        if ser is None:
            raise _Disconnected("port closed")
        try:
            waiting = ser.in_waiting
            if waiting == 0:
                if timeout <= 0:
                    return
                # wait on the descriptor: changing ser.timeout would reconfigure the tty each time
                ready, _, _ = select.select([ser.fileno()], [], [], timeout)
                if not ready:
                    return
            data = ser.read(max(1, ser.in_waiting))
        except (serial.SerialException, OSError, TypeError, ValueError) as exc:
            raise _Disconnected(f"read failed: {exc}") from exc
        if not data:
            return
        traffic.debug("RX %s", data.hex(" "))
        for b in data:
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
            elif is_paper_sensor_byte(b):
                self._sensor_bytes.append(b)
            else:
                traffic.debug("RX unexpected byte 0x%02X ignored", b)

    # ---- status --------------------------------------------------------------------------------------------
    def _read_status(self, attempts: int = 2) -> PrinterStatus:
        """DLE EOT 1-4 round trip; asked again once before an unanswered query means OFFLINE
        (a busy host can miss a short ``status_timeout`` once without the printer being gone)."""
        for _ in range(attempts):
            self._pump(0)  # sort out anything stale first
            self._status_bytes.clear()
            self._write(STATUS_QUERY)
            deadline = time.monotonic() + self.status_timeout
            while len(self._status_bytes) < 4:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._pump(left)
            if len(self._status_bytes) >= 4:
                raw = bytes(self._status_bytes[:4])
                del self._status_bytes[:4]
                return PrinterStatus.decode(raw)
        return PrinterStatus.unreachable(DeviceState.OFFLINE, "printer does not answer", self._status)

    def _refresh_status(self, reason: str = "status query") -> PrinterStatus:
        st = self._read_status()
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
            total = len(job.parts)
            for index, part in enumerate(job.parts):
                sent_any = True
                self._send_part(part, index, total)
                self._confirm_part(index, total)
                done += 1
                st = self._refresh_status(f"after part {index + 1} of {total}")
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
        self._finish_job(job, JobState.PRINTED, done, "")

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
        rate = self.baud / 10.0  # 8N1: ten bit times per byte
        ahead = 2 * self.chunk_size / rate
        for start in range(0, len(part), self.chunk_size):
            chunk = part[start : start + self.chunk_size]
            while True:
                self._pump(0)
                if self._paused:
                    self._wait_xon(index, total)
                early = self._wire_free - time.monotonic() - ahead
                if early <= 0:
                    break
                self._pump(early)
            self._write(chunk)
            self._wire_free = max(self._wire_free, time.monotonic()) + len(chunk) / rate

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

    def _confirm_part(self, index: int, total: int) -> None:
        """Wait until the printer has printed the part (GS r 1 answered), watching status meanwhile."""
        self._sensor_bytes.clear()
        self._write(PAPER_SENSOR_QUERY)
        deadline = time.monotonic() + self.confirm_timeout
        next_check = time.monotonic() + 0.05
        for attempt in itertools.count():
            if self._sensor_bytes:
                self._sensor_bytes.clear()
                return
            now = time.monotonic()
            if now >= deadline:
                raise _JobStop(JobState.INCOMPLETE, f"printer did not confirm part {index + 1} of {total}")
            if self._stopping.is_set():
                raise _JobStop(JobState.INCOMPLETE, "printer driver stopped")
            if now >= next_check and not self._paused:
                st = self._refresh_status(f"during part {index + 1} of {total}")
                if self._sensor_bytes:
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
) -> JobResult:
    """Open the port, print one job, close; the result says PRINTED, INCOMPLETE or FAILED."""
    printer = ReceiptPrinter(port, baud, flow_control, write_timeout, status_timeout)
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


def read_status_once(
    port: str, *, baud: int = 115200, status_timeout: float = 0.2, timeout: float = 3.0
) -> PrinterStatus:
    """Open the port, ask DLE EOT 1-4 once, close. A missing port gives a NO_DEVICE status."""
    # a status look must not change the printer: no automatic DLE ENQ here
    printer = ReceiptPrinter(
        port, baud, status_timeout=status_timeout, poll_interval=3600, auto_recover=False
    )
    printer.start()
    try:
        return printer.query_status(timeout)
    finally:
        printer.stop()


__all__ = [
    "JobFinished",
    "JobResult",
    "JobState",
    "PrintJob",
    "PrinterEvent",
    "ReceiptPrinter",
    "StatusChanged",
    "print_once",
    "read_status_once",
]
