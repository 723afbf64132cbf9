"""What every device driver does besides its protocol: a thread, listeners, status, back-off.

A driver subclasses ``DeviceWorker`` and writes only its protocol steps in ``_run`` (the body of
its thread). The worker gives every driver the same contract:

* listeners are added and removed under a lock and called outside it, on the driver thread, in
  the order they were added; a listener that raises is logged and never kills the thread;
* ``_set_status`` logs each change as "<what> from X to Y (reason)" on the driver's logger and
  pushes the driver's status event to the listeners; the first status after each ``start()`` is
  pushed even when it equals the one before (a printer missing from the start, a restart), so a
  listener always learns where the device stands;
* ``start()`` is idempotent (a second call while running does nothing), ``stop(timeout)`` returns
  True when the thread ended in time, ``with driver:`` starts and stops it;
* waits between attempts (``_pause``, ``Backoff``) are waits on the stop event, so ``stop()`` is
  never held up by a back-off.

Nothing here knows about ports or bytes: a driver's transport (pyserial today, USB or TCP later)
is the driver's business, opened and closed inside ``_run``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, Self, TypeVar

EventT = TypeVar("EventT")
StatusT = TypeVar("StatusT")


class Backoff:
    """Exponential delays between reconnect attempts: ``first``, doubling, at most ``longest``."""

    def __init__(self, first: float, longest: float, factor: float = 2.0) -> None:
        if first <= 0 or factor < 1:
            raise ValueError(f"a back-off needs first > 0 and factor >= 1, got {first} and {factor}")
        self.first = first
        self.longest = max(longest, first)
        self.factor = factor
        self._next = first

    def next(self) -> float:
        """The delay to wait now; the one after it is longer (up to ``longest``)."""
        delay = self._next
        self._next = min(self._next * self.factor, self.longest)
        return delay

    def reset(self) -> None:
        """The device answered: the next loss waits ``first`` again."""
        self._next = self.first

    def __repr__(self) -> str:
        return f"Backoff({self.first}, {self.longest}, next={self._next})"


class DeviceWorker(Generic[EventT, StatusT]):
    """Base of a driver that runs on its own thread and pushes events of type ``EventT``.

    Subclasses implement ``_run`` (loop until ``_stopping`` is set), ``_status_event`` (the event
    announcing a new status) and, where the default is not enough, ``_status_changes`` (what the
    log says changed), ``_interrupt`` (wake blocking I/O from ``stop``), ``_cleanup`` (on the driver
    thread as it ends) and ``_crashed`` (after an unexpected exception in ``_run``).
    """

    def __init__(
        self,
        *,
        name: str,
        logger: logging.Logger,
        status: StatusT,
        listener: Callable[[EventT], None] | None = None,
    ) -> None:
        self.name = name
        self.log = logger
        self._status = status
        self._listeners: list[Callable[[EventT], None]] = [listener] if listener is not None else []
        self._listeners_lock = threading.Lock()
        self._lifecycle_lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._announced = False  # has the status been pushed since start()?

    # ---- listeners ---------------------------------------------------------------------------------
    def add_listener(self, callback: Callable[[EventT], None]) -> None:
        with self._listeners_lock:
            self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[EventT], None]) -> None:
        """Forget ``callback`` (no error when it was never added); an emit already under way may
        still call it once."""
        with self._listeners_lock:
            if callback in self._listeners:
                self._listeners.remove(callback)

    def _emit(self, event: EventT) -> None:
        with self._listeners_lock:
            listeners = list(self._listeners)
        for callback in listeners:  # outside the lock: a listener may add or remove listeners
            try:
                callback(event)
            except Exception:
                self.log.exception("listener %r failed on %s", callback, type(event).__name__)

    # ---- status --------------------------------------------------------------------------------------
    @property
    def status(self) -> StatusT:
        """The last known status (written by the driver thread only)."""
        return self._status

    def _set_status(self, new: StatusT, reason: str) -> bool:
        """Record ``new``; when it differs, log each change and emit the status event. True if changed.

        ``new`` is kept even when it compares equal: fields left out of the comparison (the raw
        bytes, the driver's own words) still describe the latest look."""
        old = self._status
        self._status = new
        if new == old and self._announced:
            return False
        self._announced = True
        for what, before, after in self._status_changes(old, new):
            if before != after:
                self.log.info("%s from %s to %s (%s)", what, before, after, reason)
        self._emit(self._status_event(new, reason))
        return new != old

    def _status_changes(self, old: StatusT, new: StatusT) -> Iterable[tuple[str, str, str]]:
        """(what, from, to) for the log; by default the whole status in its str() form."""
        return [("status", str(old), str(new))]

    def _status_event(self, status: StatusT, reason: str) -> EventT:
        raise NotImplementedError

    # ---- lifecycle -------------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    @property
    def stopping(self) -> bool:
        """stop() was called; the thread is ending (or has ended)."""
        return self._stopping.is_set()

    def start(self) -> None:
        """Start the driver thread; does nothing when it is already running."""
        with self._lifecycle_lock:
            if self.running:
                return
            self._stopping.clear()
            self._announced = False
            self._thread = threading.Thread(target=self._main, name=self.name, daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop the driver thread; True when it ended within ``timeout`` seconds (or never ran).

        Called from a listener (on the driver thread itself) it returns True at once: the thread
        ends as soon as the listener returns.
        """
        self._stopping.set()
        self._interrupt()
        with self._lifecycle_lock:
            thread = self._thread
        if thread is None or thread is threading.current_thread():
            return True
        thread.join(timeout)
        if thread.is_alive():
            self.log.warning("driver thread did not stop within %.1f s", timeout)
            return False
        with self._lifecycle_lock:
            if self._thread is thread:
                self._thread = None
        return True

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def cpu_time(self) -> float:
        """CPU seconds the driver thread has used so far (Linux/BSD: per-thread clock)."""
        thread = self._thread
        if thread is None or thread.ident is None:
            return 0.0
        try:
            return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
        except (OSError, AttributeError):  # the thread just ended, or no per-thread clocks here
            return 0.0

    def _pause(self, seconds: float) -> bool:
        """Wait ``seconds`` unless stop() comes first; True when the driver is stopping."""
        return self._stopping.wait(seconds)

    def _back_off(self, backoff: Backoff) -> bool:
        """Wait the next back-off delay unless stop() comes first; True when the driver is stopping."""
        return self._pause(backoff.next())

    # ---- hooks ----------------------------------------------------------------------------------------------
    def _main(self) -> None:
        try:
            self._run()
        except Exception as exc:  # never let the thread die silently
            self.log.exception("driver thread crashed")
            self._crashed(exc)
        finally:
            self._cleanup()

    def _run(self) -> None:
        raise NotImplementedError

    def _interrupt(self) -> None:
        """Wake the thread from blocking I/O (called by stop() on the caller's thread)."""

    def _cleanup(self) -> None:
        """Release the transport and settle what is pending (on the driver thread, as it ends)."""

    def _crashed(self, exc: Exception) -> None:
        """An unexpected exception ended ``_run``: report a status saying so."""


__all__ = ["Backoff", "DeviceWorker"]
