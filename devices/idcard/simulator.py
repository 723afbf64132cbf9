"""The device end of the SAM protocol on the master side of a pseudo-terminal.

The real driver opens the slave (through PtyLink's stable symlink) with pyserial and cannot tell
the simulator from a reader. Cards and faults are controlled through this class's methods (and the
control lines of ``devices.simbase``), never through the protocol bytes.

Card behaviour emulated (reference): find answers 9F while a card is on the reader and has not been
read; after a successful read it answers 80 until the card is lifted (or the SAM is reset), while
select and read keep answering for the card still in the field. Reset also wakes the card again,
so a freshly started driver reads a card that was left on the reader.

``SimModes`` switches on the ways real readers differ from that (see the class): reset or SAM
status answered 21 or not at all, an 8-byte SAM id, a select that fails once after a read, a find
that re-arms for a card already read. They are set at construction, with ``set_modes`` or with the
control line ``mode key=value ...``.
"""

from __future__ import annotations

import itertools
import logging
import os
import random
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from pathlib import Path

from devices.idcard.cardspec import CardSpec
from devices.idcard.codec import (
    SW3,
    Command,
    CommandFrame,
    CommandParser,
    build_read_data,
    encode_response,
)
from devices.idcard.errors import IdCardError
from devices.ptylink import PtyLink
from devices.simbase import ControlCommand, PtySimulator, parse_params

log = logging.getLogger("devices.idcard.sim")

#: What real SAMs take to read a card (vendor code allows 1.1-3.5 s for the read stage; the SAM
#: itself works about 0.5-1 s). ``kiosk sim idcard`` uses it by default; the class defaults to 0 so
#: unit tests stay fast.
REALISTIC_SAM_DELAY = 0.6

#: Written as vendors print it: "05.01-20101111-0001234567-1234567890" (see codec.format_sam_id).
DEFAULT_SAM_ID = (
    (5).to_bytes(2, "little")
    + (1).to_bytes(2, "little")
    + (20101111).to_bytes(4, "little")
    + (1234567).to_bytes(4, "little")
    + (1234567890).to_bytes(4, "little")
)


class Reply(StrEnum):
    """How a reader answers a bring-up command (reset, SAM status)."""

    OK = "ok"  # SW3 90
    UNSUPPORTED = "unsupported"  # SW3 21: bad command (readers whose SAM has no such command)
    SILENT = "silent"  # no answer at all


_TRUE = {"1", "on", "yes", "true"}
_FALSE = {"0", "off", "no", "false"}


@dataclass(frozen=True)
class SimModes:
    """Ways real readers differ; each default is the reference behaviour.

    ``reset`` / ``status``: how reset (10 FF) and SAM status (11 FF) are answered.
    ``sam_id_len``: 16 (the usual id) or 8 bytes (some modules).
    ``select_needs_fresh_find``: the first select after a read answers 81 (the reader wants a fresh
    find first); the find that follows answers 80 for the card already read and counts as that
    fresh find, so later selects answer 90 again.
    ``rearm_find``: find answers 9F again for a card already read, every time.
    ``sam_delay``: seconds the SAM works before a read's reply starts (0: instant).
    """

    reset: Reply = Reply.OK
    status: Reply = Reply.OK
    sam_id_len: int = 16
    select_needs_fresh_find: bool = False
    rearm_find: bool = False
    sam_delay: float = 0.0

    def __post_init__(self) -> None:
        if self.sam_id_len not in (8, 16):
            raise ValueError("sam_id_len: 8 or 16")
        if not 0 <= self.sam_delay <= 10:
            raise ValueError("sam_delay: 0 to 10 seconds")

    def with_params(self, params: Mapping[str, str]) -> SimModes:
        """A copy with ``key=value`` texts applied (control lines, the command line)."""
        known = {f.name: f for f in fields(self)}
        changes: dict[str, object] = {}
        for key, text in params.items():
            if key not in known:
                raise ValueError(f"unknown mode {key!r} (known: {', '.join(known)})")
            current = getattr(self, key)
            try:
                if isinstance(current, Reply):
                    changes[key] = Reply(text.lower())
                elif isinstance(current, bool):
                    if text.lower() not in _TRUE | _FALSE:
                        raise ValueError(text)
                    changes[key] = text.lower() in _TRUE
                elif isinstance(current, int):
                    changes[key] = int(text)
                else:
                    changes[key] = float(text)
            except ValueError:
                raise ValueError(f"{key}: bad value {text!r}") from None
        return replace(self, **changes)  # type: ignore[arg-type]

    def describe(self) -> str:
        return " ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))


def parse_modes(args: Sequence[str]) -> dict[str, str]:
    """``key=value`` words -> a dict (for ``SimModes.with_params``)."""
    out: dict[str, str] = {}
    for word in args:
        key, sep, value = word.partition("=")
        if not sep or not key:
            raise ValueError(f"expected key=value, got {word!r}")
        out[key] = value
    return out


class Fault(StrEnum):
    NO_REPLY = "no_reply"  # commands are swallowed
    GARBAGE = "garbage"  # noise (and broken frames) before every reply
    SPLIT = "split"  # replies cut inside the preamble, the header and the data, with delays
    CHECKSUM = "checksum"  # every reply's checksum is wrong
    READ_FAILURE = "read_failure"  # read answers SW3 41
    SLOW_SAM = "slow_sam"  # read answers after a delay (seconds, parameter "delay")
    SAM_FAILURE = "sam_failure"  # every command answers SW3 60 (self-test failed)


_DEFAULT_PARAMS: dict[Fault, dict[str, float]] = {
    Fault.SPLIT: {"delay": 0.01},
    Fault.SLOW_SAM: {"delay": 1.0},
    Fault.GARBAGE: {"size": 24},
}


class IdCardSimulator(PtySimulator):
    """A simulated reader. ``start()`` returns the path a driver should open."""

    kind = "idcard"
    control_errors = (IdCardError,)

    def __init__(
        self,
        link: PtyLink | str | os.PathLike[str] | None = None,
        *,
        baud: int | None = None,
        card: CardSpec | str | Path | None = None,
        sam_id: bytes = DEFAULT_SAM_ID,
        seed: int = 1,
        rearm_find: bool = False,
        modes: SimModes | None = None,
    ) -> None:
        super().__init__(link, baud=baud)
        self.sam_id = sam_id
        self._modes = modes or SimModes()
        if rearm_find:
            self._modes = replace(self._modes, rearm_find=True)
        self._select_blocked = False  # select_needs_fresh_find: the next select fails
        self.commands: Counter[str] = Counter()
        #: perf_counter() when the last find that answered 9F arrived (benchmarks measure from it).
        self.last_find_hit: float | None = None
        self._arrived = 0.0
        self._lock = threading.Lock()
        self._card: CardSpec | None = None
        self._read_done = False
        self._faults: dict[Fault, dict[str, float]] = {}
        self._parser = CommandParser()
        self._rng = random.Random(seed)
        self._cache: tuple[CardSpec, bytes, bytes] | None = None
        if card is not None:
            self.place(card)

    # ---- simulator base hooks --------------------------------------------------------------------
    def _workers(self) -> Sequence[tuple[str, Callable[[], None]]]:
        return [("sam", self._run)]

    def _on_unplug(self) -> None:
        with self._lock:
            self._read_done = False
            self._select_blocked = False
        self._parser.clear()

    # ---- modes ------------------------------------------------------------------------------------
    @property
    def modes(self) -> SimModes:
        return self._modes

    def set_modes(self, modes: SimModes | None = None, /, **params: str) -> SimModes:
        """Replace the modes (or change some of them by ``key="value"`` texts); returns the new ones."""
        new = (modes or self._modes).with_params(params)
        with self._lock:
            old, self._modes = self._modes, new
        log.info("modes from %s to %s (set)", old.describe(), new.describe())
        return new

    @property
    def rearm_find(self) -> bool:
        """Emulate readers that answer find with 9F again for a card already read."""
        return self._modes.rearm_find

    @rearm_find.setter
    def rearm_find(self, value: bool) -> None:
        self.set_modes(replace(self._modes, rearm_find=value))

    def _control_commands(self) -> dict[str, ControlCommand]:
        faults = ", ".join(f.value for f in Fault)
        return {
            "place": ControlCommand("place FILE|SAMPLE", "put a card on the reader", self._control_place, 1, 1),
            "lift": ControlCommand("lift", "take the card away", self._control_lift),
            "fault": ControlCommand(
                "fault NAME [key=value ...]", f"turn a fault on ({faults})", self._control_fault, 1, None
            ),
            "clear": ControlCommand("clear [NAME]", "turn one fault or all faults off", self._control_clear, 0, 1),
            "status": ControlCommand("status", "card, faults and cable", self._control_status),
            "mode": ControlCommand(
                "mode [key=value ...]", f"show or set reader modes ({', '.join(f.name for f in fields(SimModes))})",
                self._control_mode, 0, None,
            ),
        }

    def _control_place(self, args: list[str]) -> str:
        return f"placed {self.place(args[0]).card_type.value} card"

    def _control_lift(self, args: list[str]) -> str:
        self.lift()
        return "lifted"

    def _control_fault(self, args: list[str]) -> str:
        self.inject(args[0], **parse_params(args[1:]))
        return f"fault {args[0]} on"

    def _control_clear(self, args: list[str]) -> str:
        self.clear(args[0] if args else None)
        return "cleared"

    def _control_mode(self, args: list[str]) -> str:
        if args:
            self.set_modes(**parse_modes(args))
        return self._modes.describe()

    def _control_status(self, args: list[str]) -> str:
        faults = ",".join(f.value for f in self.faults) or "none"
        card = "present" if self.card is not None else "absent"
        return f"card={card} faults={faults} connected={self.connected}"

    # ---- control API (outside the protocol bytes) -----------------------------------------------
    def place(self, card: CardSpec | str | Path) -> CardSpec:
        """Put a card on the reader (a CardSpec, a description file, or a sample's name)."""
        if not isinstance(card, CardSpec):
            from devices.idcard.samples import load_card

            card = load_card(card)
        card.text_block()  # refuse a description that cannot be a card before it reaches the wire
        with self._lock:
            self._card = card
            self._read_done = False
            self._select_blocked = False
        log.info("card from absent to present (placed %s)", Path(card.source).name or "card")
        return card

    def lift(self) -> None:
        with self._lock:
            was = self._card is not None
            self._card = None
            self._read_done = False
            self._select_blocked = False
        if was:
            log.info("card from present to absent (lifted)")

    @property
    def card(self) -> CardSpec | None:
        return self._card

    def inject(self, fault: Fault | str, **params: float) -> None:
        """Turn a fault on until ``clear``; params: split delay, slow_sam delay, garbage size."""
        fault = Fault(fault)
        merged = {**_DEFAULT_PARAMS.get(fault, {}), **params}
        with self._lock:
            self._faults[fault] = merged
        log.info("fault %s from off to on (%s)", fault.value, merged or "no parameters")

    def clear(self, fault: Fault | str | None = None) -> None:
        with self._lock:
            if fault is None:
                self._faults.clear()
            else:
                self._faults.pop(Fault(fault), None)
        log.info("fault %s from on to off (cleared)", fault or "all")

    @property
    def faults(self) -> dict[Fault, dict[str, float]]:
        with self._lock:
            return dict(self._faults)

    # ---- device end of the protocol --------------------------------------------------------------
    def _run(self) -> None:
        link = self.link
        while not self._stopping.is_set():
            if not link.connected:
                self._stopping.wait(0.05)
                continue
            data = link.read(4096, timeout=0.1)
            if not data:
                continue
            self._arrived = time.perf_counter()
            if self.baud:  # the command's own wire time
                time.sleep(len(data) * 10 / self.baud)
            bad_before = self._parser.checksum_errors
            frames = self._parser.feed(data)
            if self._parser.checksum_errors > bad_before and not self._has(Fault.NO_REPLY):
                self._reply(SW3.CHECKSUM_ERROR)
            for frame in frames:
                try:
                    self._handle(frame)
                except Exception:  # a simulator bug must not look like a silent reader
                    log.exception("simulator failed on a command")

    def _has(self, fault: Fault) -> bool:
        return fault in self._faults

    def _handle(self, frame: CommandFrame) -> None:
        command = frame.command
        self.commands[command.name if command else f"{frame.cmd:02X}{frame.para:02X}"] += 1
        with self._lock:
            card, faults = self._card, dict(self._faults)
        if Fault.NO_REPLY in faults:
            return
        if Fault.SAM_FAILURE in faults:
            self._reply(SW3.SAM_SELF_TEST_FAILED)
            return
        modes = self._modes
        if command is Command.RESET:
            if modes.reset is Reply.SILENT:
                return
            with self._lock:
                self._read_done = False
                self._select_blocked = False
            self._reply(SW3.SUCCESS if modes.reset is Reply.OK else SW3.BAD_COMMAND)
        elif command is Command.STATUS:
            if modes.status is not Reply.SILENT:
                self._reply(SW3.SUCCESS if modes.status is Reply.OK else SW3.BAD_COMMAND)
        elif command is Command.SAM_ID:
            self._reply(SW3.SUCCESS, self.sam_id[: modes.sam_id_len])
        elif command is Command.FIND:
            if card is not None and (modes.rearm_find or not self._read_done):
                self.last_find_hit = self._arrived
                self._reply(SW3.FIND_SUCCESS, b"\x00\x00\x00\x00")
            else:
                self._reply(SW3.FIND_FAILED)
        elif command is Command.SELECT:
            blocked = self._select_blocked
            if blocked:
                with self._lock:
                    self._select_blocked = False  # the next find is the fresh find it wants
            if card is None or blocked:
                self._reply(SW3.SELECT_FAILED)
            else:
                self._reply(SW3.SUCCESS, bytes(8))  # real readers send 8 zero bytes (clients compare them)
        elif command in (Command.READ, Command.READ_FINGERPRINT):
            self._read(command, card, faults)
        elif command is Command.SET_MAX_RF:
            self._reply(SW3.SUCCESS)
        elif command is Command.READ_ADDRESS:
            self._reply(SW3.NO_SUCH_ITEM if card is not None else SW3.READ_FAILED)
        else:
            self._reply(SW3.BAD_COMMAND)

    def _read(self, command: Command, card: CardSpec | None, faults: dict[Fault, dict[str, float]]) -> None:
        if card is None or Fault.READ_FAILURE in faults:
            self._reply(SW3.READ_FAILED)
            return
        delay = faults[Fault.SLOW_SAM]["delay"] if Fault.SLOW_SAM in faults else self._modes.sam_delay
        if delay and self._stopping.wait(delay):
            return
        text, photo = self._blocks(card)
        fingerprint = b"" if command is Command.READ_FINGERPRINT else None
        if self._card is not card:  # lifted while the SAM was working: the reply breaks off
            frame = encode_response(SW3.SUCCESS, build_read_data(text, photo, fingerprint))
            self._write(frame[: len(frame) // 2])
            return
        if self._reply(SW3.SUCCESS, build_read_data(text, photo, fingerprint)):
            with self._lock:
                if self._card is card:
                    self._read_done = True
                    self._select_blocked = self._modes.select_needs_fresh_find

    def _blocks(self, card: CardSpec) -> tuple[bytes, bytes]:
        if self._cache is None or self._cache[0] is not card:
            self._cache = (card, card.text_block(), card.photo())
        return self._cache[1], self._cache[2]

    def _reply(self, sw3: int, data: bytes = b"") -> bool:
        frame = bytearray(encode_response(sw3, data))
        faults = self.faults
        if Fault.CHECKSUM in faults:
            frame[-1] ^= 0x5A
        if Fault.GARBAGE in faults:
            frame[:0] = self._garbage(int(faults[Fault.GARBAGE]["size"]))
        if Fault.SPLIT in faults:
            p = faults[Fault.SPLIT]
            return self._write_split(bytes(frame), p["delay"])
        return self._write(bytes(frame))

    def _garbage(self, size: int) -> bytes:
        noise = bytes(self._rng.randrange(0x00, 0xAA) for _ in range(size))
        impossible = b"\xaa\xaa\xaa\x96\x69\xff\xff"  # a preamble announcing an impossible length
        bad_frame = bytearray(encode_response(SW3.SUCCESS, b"\x01\x02"))
        bad_frame[-1] ^= 0xFF  # a whole frame with a wrong checksum
        return noise + impossible + noise[: size // 2] + bytes(bad_frame) + b"\xaa\xaa"

    def _write_split(self, frame: bytes, delay: float) -> bool:
        cuts = sorted({0, 3, 8, len(frame) // 2, len(frame)})
        for a, b in itertools.pairwise(cuts):
            if b <= a:
                continue
            if not self._write(frame[a:b]):
                return False
            if b < len(frame) and self._stopping.wait(delay):
                return False
        return True

    def _write(self, frame: bytes) -> bool:
        if not self.baud:
            return self.link.write(frame) == len(frame)
        rate = self.baud / 10  # bytes per second: 8N1 is 10 bits a byte
        start = time.monotonic()
        sent = 0
        for i in range(0, len(frame), 16):
            piece = frame[i : i + 16]
            sent += len(piece)
            wait = start + sent / rate - time.monotonic()
            if wait > 0:
                time.sleep(wait)  # the last byte leaves no sooner than the wire allows
            if self.link.write(piece) != len(piece):
                return False
        return True


__all__ = ["DEFAULT_SAM_ID", "REALISTIC_SAM_DELAY", "Fault", "IdCardSimulator", "Reply", "SimModes", "parse_modes"]
