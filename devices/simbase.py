"""What every device simulator shares: a pty, its threads, unplug/replug, and the control lines.

A simulator subclasses ``PtySimulator``: it names its threads (``_workers``), may react to the
cable (``_on_unplug`` / ``_on_replug``) and lists its own control commands (``_control_commands``).
The base gives every simulator the same lifecycle: ``start()`` opens the pty and starts the threads
(a second call returns the same path and does nothing else), ``stop(timeout) -> bool`` ends them and
removes the link, and ``with Simulator() as sim:`` starts and stops it.

Control lines (``kiosk sim idcard`` / ``kiosk sim printer`` read them on stdin) go through one loop,
``serve_control``: each line is a verb and its arguments, answered with one line, ``ok ...`` or
``error: ...``. The verbs ``unplug``, ``replug``, ``help`` and ``quit`` are common to every
simulator; the rest come from the simulator's table. Faults are injected through this control API,
never through the protocol bytes.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Protocol, Self

from devices.ptylink import PtyLink

log = logging.getLogger("devices.sim")


class ControlError(ValueError):
    """A control line that cannot be carried out; its message is the reply after ``error:``."""


@dataclass(frozen=True)
class ControlCommand:
    """One verb of a simulator's control lines.

    ``run`` gets the arguments after the verb and returns what follows ``ok`` in the reply; it
    raises ``ValueError`` (or one of the simulator's ``control_errors``) for a line it cannot do.
    """

    usage: str  # "place FILE|SAMPLE"
    help: str  # what it does, in a few words
    run: Callable[[list[str]], str]
    min_args: int = 0
    max_args: int | None = 0  # None: any number

    def accepts(self, n_args: int) -> bool:
        return n_args >= self.min_args and (self.max_args is None or n_args <= self.max_args)


class SimLink(Protocol):
    """The device end of a cable: ``PtyLink``, or another transport's stand-in with the same calls."""

    @property
    def link(self) -> str | os.PathLike[str]: ...

    @property
    def tty_name(self) -> str | None: ...

    @property
    def connected(self) -> bool: ...

    def open(self) -> str: ...

    def unplug(self) -> None: ...

    def replug(self) -> str: ...

    def close(self) -> None: ...

    def read(self, max_bytes: int = 4096, timeout: float = 0.1) -> bytes: ...

    def write(self, data: bytes, timeout: float = 2.0) -> int: ...


class PtySimulator:
    """Base of a device simulator on the master side of a pseudo-terminal (or another ``SimLink``)."""

    #: Short name for thread names and log lines ("idcard", "printer").
    kind: ClassVar[str] = "device"
    #: Exceptions a control command may raise for a bad line (besides ValueError and OSError).
    control_errors: ClassVar[tuple[type[Exception], ...]] = ()

    def __init__(self, link: SimLink | str | os.PathLike[str] | None = None, *, baud: int | None = None) -> None:
        self.baud = baud  # None: no wire time emulated
        given = link is not None and not isinstance(link, str | os.PathLike)
        self._own_link = not given
        self._link_path = Path(link) if isinstance(link, str | os.PathLike) else None
        self._link: SimLink | None = link if given and not isinstance(link, str | os.PathLike) else None
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lifecycle_lock = threading.Lock()

    # ---- lifecycle -------------------------------------------------------------------------------
    def start(self) -> str:
        """Open the pty and start the simulator's threads; returns the path a driver should open."""
        with self._lifecycle_lock:
            if self.running:
                return self.port
            if self._link is None:
                self._link = PtyLink(self._link_path)
            self._prepare()
            port = self._link.open()
            self._stopping.clear()
            self._threads = [
                threading.Thread(target=target, name=f"{self.kind}-sim-{name}", daemon=True)
                for name, target in self._workers()
            ]
            for thread in self._threads:
                thread.start()
        log.info("%s simulator from stopped to running (%s)", self.kind, port)
        return port

    def stop(self, timeout: float = 2.0) -> bool:
        """Stop the threads and remove the link; True when every thread ended within ``timeout``."""
        self._stopping.set()
        self._wake()
        deadline = time.monotonic() + timeout
        with self._lifecycle_lock:
            threads, self._threads = self._threads, []
            for thread in threads:
                if thread is not threading.current_thread():
                    thread.join(max(0.0, deadline - time.monotonic()))
            ended = not any(t.is_alive() for t in threads if t is not threading.current_thread())
            link = self._link
            if link is not None:
                link.close()
                if self._own_link and ended:
                    self._link = None  # a later start() makes a fresh pty (at the same path, if one was given)
        if threads:
            log.info("%s simulator from running to stopped", self.kind)
        if not ended:
            log.warning("%s simulator threads did not stop within %.1f s", self.kind, timeout)
        return ended

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    @property
    def link(self) -> SimLink:
        if self._link is None:
            raise RuntimeError(f"{self.kind} simulator not started")
        return self._link

    @property
    def port(self) -> str:
        """The stable path (symlink) a driver opens."""
        if self._link is not None:
            return str(self._link.link)
        if self._link_path is not None:
            return str(self._link_path)
        raise RuntimeError(f"{self.kind} simulator not started")

    @property
    def tty_name(self) -> str | None:
        return self._link.tty_name if self._link is not None else None

    @property
    def connected(self) -> bool:
        return self._link is not None and self._link.connected

    def unplug(self) -> None:
        """Close the master: the driver sees EIO / SerialException as on a pulled cable."""
        link = self.link
        link.unplug()
        self._on_unplug()

    def replug(self) -> str:
        """Put the cable back: a new pty pair behind the same link, as udev does."""
        link = self.link
        self._on_replug()
        return link.replug()

    def cpu_time(self) -> float:
        """CPU seconds used by the simulator's threads (to subtract its share in benchmarks)."""
        total = 0.0
        for thread in self._threads:
            if thread.ident is None or not thread.is_alive():
                continue
            with contextlib.suppress(OSError, AttributeError):  # it just ended, or no per-thread clocks
                total += time.clock_gettime(time.pthread_getcpuclockid(thread.ident))
        return total

    # ---- hooks ----------------------------------------------------------------------------------------
    def _workers(self) -> Sequence[tuple[str, Callable[[], None]]]:
        """(name, loop) of each thread; loops run until ``_stopping`` is set."""
        raise NotImplementedError

    def _prepare(self) -> None:
        """Before the pty opens (create output directories, ...)."""

    def _wake(self) -> None:
        """Wake threads waiting on something else than ``_stopping`` (called by stop())."""

    def _on_unplug(self) -> None:
        """The cable was pulled (after the pty closed)."""

    def _on_replug(self) -> None:
        """The cable goes back in (before the new pty opens)."""

    def _control_commands(self) -> dict[str, ControlCommand]:
        """This simulator's own control verbs."""
        return {}

    # ---- control lines -----------------------------------------------------------------------------------
    def control_commands(self) -> dict[str, ControlCommand]:
        """Every control verb: the simulator's own, then the ones all simulators share."""
        common = {
            "unplug": ControlCommand("unplug", "pull the cable", self._control_unplug),
            "replug": ControlCommand("replug", "put the cable back", self._control_replug),
            "help": ControlCommand("help", "show this list", lambda args: self.control_help()),
        }
        return {**self._control_commands(), **common}

    def control_help(self) -> str:
        commands = self.control_commands()
        width = max(len(c.usage) for c in commands.values())
        lines = [f"  {c.usage:<{width}}  {c.help}" for c in commands.values()]
        lines.append(f"  {'quit':<{width}}  stop the simulator")
        return "commands (one per line):\n" + "\n".join(lines)

    def control(self, line: str) -> str | None:
        """Carry out one control line; the reply line, or None for quit."""
        try:
            words = shlex.split(line)
        except ValueError as exc:
            return f"error: {exc}"
        if not words:
            return "error: empty command (try help)"
        verb, args = words[0].lower(), words[1:]
        if verb in ("quit", "exit") and not args:
            return None
        command = self.control_commands().get(verb)
        if command is None or not command.accepts(len(args)):
            return f"error: unknown command {line.strip()!r} (try help)"
        handled: tuple[type[Exception], ...] = (ValueError, OSError, *self.control_errors)
        try:
            done = command.run(args)
        except handled as exc:
            return "error: " + " ".join(str(exc).split())
        return f"ok {done}".rstrip()

    def serve_control(self, lines: Iterable[str], reply: Callable[[str], None]) -> bool:
        """Answer control lines until quit (returns True) or until ``lines`` run out (False)."""
        for line in lines:
            if not line.strip():
                continue
            answer = self.control(line)
            if answer is None:
                return True
            reply(answer)
        return False

    def _control_unplug(self, args: list[str]) -> str:
        self.unplug()
        return "unplugged"

    def _control_replug(self, args: list[str]) -> str:
        self.replug()
        return f"replugged {self.tty_name}"


def parse_params(args: Iterable[str]) -> dict[str, float]:
    """``key=value`` arguments of a control line as numbers (fault parameters)."""
    params: dict[str, float] = {}
    for text in args:
        key, sep, value = text.partition("=")
        if not sep or not key:
            raise ControlError(f"expected key=value, got {text!r}")
        try:
            params[key] = float(value)
        except ValueError:
            raise ControlError(f"{key}: expected a number, got {value!r}") from None
    return params


__all__ = ["ControlCommand", "ControlError", "PtySimulator", "SimLink", "parse_params"]
