"""A simulated ESC/POS receipt printer on the master side of a pseudo-terminal.

The driver opens the pty's slave with pyserial and cannot tell it from a USB-serial printer.
Two threads, as in a real printer:

* the receive side reads the line (optionally at the wire speed of a baud rate), runs the stream
  through our own ``EscPosParser``, answers real-time commands (DLE EOT, DLE ENQ) at once from the
  current state and puts everything else in the print buffer (bytes beyond its size are dropped,
  as a printer without handshake does);
* the print side takes elements from the buffer and "prints" them: it lays out lines on the paper
  width, consumes paper, stops on paper out / cover open / faults, answers GS r when it gets to it
  (so GS r marks "printed up to here"), and on each cut finishes a ``Receipt`` rendered as plain
  text (and as a PNG when Pillow is available).

Faults are injected through the methods below (the control API, also reachable as control lines
through ``devices.simbase``), never through protocol bytes.
"""

from __future__ import annotations

import collections
import logging
import math
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from devices.escpos import parser as p
from devices.escpos.builder import PAPER_GEOMETRY
from devices.escpos.rows import (  # re-exported: the simulator's public result types
    LINE_DOTS,
    BarcodeRow,
    BlankRow,
    Cell,
    MarkRow,
    Pdf417Row,
    QrRow,
    RasterRow,
    Receipt,
    Row,
    TextRow,
    rows_to_text,
)
from devices.escpos.simlinks import FifoLink, TcpLink
from devices.escpos.status import TEXT_REPLY_HEADER, XOFF, XON, PaperState, encode_asb, encode_status
from devices.ptylink import PtyLink
from devices.simbase import ControlCommand, ControlError, PtySimulator, SimLink

log = logging.getLogger("devices.escpos.sim")

FAULTS = ("cutter_jam", "head_hot", "offline", "xoff", "slow", "unrecoverable")
TRANSPORTS = ("pty", "usblp", "tcp")
ASB_MODES = ("off", "on", "stuck")  # off at power-up; on until GS a 0; on whatever the host says


@dataclass(frozen=True)
class SimIdentity:
    """What the simulated printer answers to GS I (None: no answer to that function)."""

    model: str | None = "KIOSK-SIM 80"
    firmware: str | None = "1.00 SIM"
    maker: str | None = "Kiosk"
    fonts: str | None = "CHINA GB18030"
    model_id: int | None = 0x20
    type_id: int | None = 0x03  # multi-byte characters, autocutter
    rom_id: int | None = 0x01


NO_IDENTITY = SimIdentity(None, None, None, None, None, None, None)


# ---- layout: elements -> rows ---------------------------------------------------------------------------
class _Layout:
    """The print head's view: current modes and the line being composed."""

    def __init__(self, dots: int) -> None:
        self.dots = dots
        self.reset()
        self.rows: list[Row] = []

    def reset(self) -> None:
        self.align = 0
        self.bold = False
        self.underline = 0
        self.wm = 1
        self.hm = 1
        self.font_b = False
        self.invert = False
        self.upside_down = False
        self.tabs: tuple[int, ...] = tuple(range(8, 256, 8))  # power-up: every 8 characters
        self.cells: list[Cell] = []  # x is relative to the line start until flush() aligns it
        self.x = 0

    def add_text(self, text: str) -> int:
        """Lay out characters; returns how many lines were completed by automatic wrapping."""
        done = 0
        for ch in text:
            base = (9 if self.font_b else 12) if ord(ch) < 0x80 else (18 if self.font_b else 24)
            w = base * self.wm
            if self.x + w > self.dots and self.cells:
                self.flush()
                done += 1
            self.cells.append(
                Cell(ch, self.x, w, self.bold, self.underline, self.wm, self.hm, self.font_b, self.invert)
            )
            self.x += w
        return done

    def tab(self) -> None:
        """HT: spaces up to the next tab stop (stops count characters of the current font)."""
        char = (9 if self.font_b else 12) * self.wm
        stop = next((n * char for n in self.tabs if n * char > self.x), None)
        if stop is None or stop > self.dots:
            return  # no stop to the right: HT is ignored
        while self.x < stop:
            self.cells.append(Cell(" ", self.x, min(char, stop - self.x), self.bold, 0, self.wm, self.hm,
                                   self.font_b, self.invert))
            self.x += min(char, stop - self.x)

    def flush(self) -> None:
        """Print the composed line (an empty one feeds one line)."""
        if not self.cells:
            self.rows.append(BlankRow(LINE_DOTS * self.hm))
            return
        used = self.x
        offset = 0 if self.align == 0 else (self.dots - used) // (2 if self.align == 1 else 1)
        offset = max(0, offset)
        cells = [replace(c, x=c.x + offset) for c in self.cells]
        height = max(c.hm * (17 if c.font_b else 24) for c in cells) + 6
        pad = " " * round(offset / 12)
        text = pad + "".join(c.ch for c in cells).rstrip()
        self.rows.append(TextRow(tuple(cells), height, text, self.upside_down))
        self.cells = []
        self.x = 0

    def print_mode(self, n: int) -> None:
        self.font_b = bool(n & 0x01)
        self.bold = bool(n & 0x08)
        self.hm = 2 if n & 0x10 else 1
        self.wm = 2 if n & 0x20 else 1
        self.underline = 1 if n & 0x80 else 0


# ---- the simulator ----------------------------------------------------------------------------------------
class PrinterSimulator(PtySimulator):
    """Printer end of a pty: parses ESC/POS, answers status from its state, renders receipts."""

    kind = "printer"

    def __init__(
        self,
        width_mm: int = 80,
        out_dir: Path | str | None = None,
        baud: int | None = None,
        *,
        link: SimLink | str | os.PathLike[str] | None = None,
        chinese: bool = True,
        buffer_size: int = 8192,
        xonxoff: bool = True,
        slow_line_seconds: float = 0.05,
        render_png: bool = True,
        transport: str = "pty",
        tcp_port: int = 0,
        gs_r: bool = True,
        asb: str = "off",
        chinese_font: bool = True,
        native_qr: bool = True,
        identity: SimIdentity | None = None,
        keep_receipts: int = 20,
    ) -> None:
        if width_mm not in PAPER_GEOMETRY:
            raise ValueError(f"paper width must be 58 or 80 mm, got {width_mm}")
        if transport not in TRANSPORTS:
            raise ValueError(f"transport must be one of {', '.join(TRANSPORTS)}, got {transport!r}")
        if asb not in ASB_MODES:
            raise ValueError(f"asb must be one of {', '.join(ASB_MODES)}, got {asb!r}")
        if transport == "usblp" and not isinstance(link, FifoLink):
            link = FifoLink(None if link is None or isinstance(link, PtyLink) else link)  # type: ignore[arg-type]
        elif transport == "tcp" and not isinstance(link, TcpLink):
            link = TcpLink(tcp_port)
        super().__init__(link, baud=baud)
        self.transport = transport
        self.gs_r = gs_r
        self.asb_mode = asb
        self._asb_on = asb != "off"
        self.chinese_font = chinese_font
        self.native_qr = native_qr
        if identity is None:
            identity = SimIdentity() if chinese_font else SimIdentity(fonts=None, type_id=0x02)
        self.identity = identity
        self.asb_blocks_sent = 0
        self._last_asb = b""
        self._greeted = False
        self.drawer_kicks: list[tuple[int, int, int]] = []
        self.width_mm = width_mm
        self.columns, self.dots = PAPER_GEOMETRY[width_mm]
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.buffer_size = buffer_size
        self.xonxoff = xonxoff
        self.slow_line_seconds = slow_line_seconds
        self.render_png = render_png

        self._parser = p.EscPosParser(chinese=chinese and chinese_font, chinese_font=chinese_font,
                                      native_qr=native_qr)
        self._layout = _Layout(self.dots)
        self._cond = threading.Condition(threading.RLock())
        self._queue: collections.deque[tuple[p.Element, int]] = collections.deque()
        self._queued_bytes = 0
        self._wire_free = 0.0

        # physical state (control API)
        self._paper = PaperState.OK
        self._runout: int | None = None
        self._cover_open = False
        self._faults: set[str] = set()
        self._cutter_error = False
        self._waiting_recovery = False
        self._held = False  # printing stopped in the middle of data
        self._xoff_sent = False
        self._last_xoff = 0.0

        # observations for tests. Only the newest ``keep_receipts`` stay in memory (a demo kiosk on the
        # simulator runs for days: a receipt's rows hold a cell per character, ~200 KB); all are on disk in out_dir.
        self.keep_receipts = max(1, keep_receipts)
        self.receipts: list[Receipt] = []
        self._receipts_dropped = 0
        self._cut_rows: list[tuple[Row, ...]] = []
        self._next_index = 1
        self.dropped_bytes = 0
        self.xoff_count = 0
        self.bytes_received = 0
        self.status_requests = 0
        self.recover_requests: list[int] = []
        self.lines_printed = 0
        self.unknown_commands: list[bytes] = []

    # ---- simulator base hooks ------------------------------------------------------------------------
    def _workers(self) -> Sequence[tuple[str, Callable[[], None]]]:
        return [("rx", self._rx_loop), ("print", self._print_loop)]

    def _prepare(self) -> None:
        if self.out_dir is not None:
            self.out_dir.mkdir(parents=True, exist_ok=True)

    def _wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def _on_replug(self) -> None:
        with self._cond:
            self._parser.reset()
            self._xoff_sent = False
            self._last_asb = b""
            self._greeted = False

    def _control_commands(self) -> dict[str, ControlCommand]:
        return {
            "paper": ControlCommand("paper ok|near_end|out", "set the paper sensor", self._control_paper, 1, 1),
            "runout": ControlCommand("runout N", "paper runs out after N more printed lines", self._control_runout, 1, 1),
            "cover": ControlCommand("cover open|closed", "open or close the cover", self._control_cover, 1, 1),
            "fault": ControlCommand(
                "fault NAME", f"turn a fault on ({', '.join(FAULTS)})", self._control_fault, 1, 1
            ),
            "clear": ControlCommand("clear", "remove every fault (a cutter error then needs DLE ENQ)", self._control_clear),
            "status": ControlCommand("status", "the status bytes the printer would answer", self._control_status),
        }

    def _control_paper(self, args: list[str]) -> str:
        self.set_paper(args[0])
        return f"paper {args[0]}"

    def _control_runout(self, args: list[str]) -> str:
        self.run_out_after(int(args[0]))
        return f"runout {args[0]}"

    def _control_cover(self, args: list[str]) -> str:
        if args[0] not in ("open", "closed"):
            raise ControlError(f"cover: expected open or closed, got {args[0]!r}")
        self.cover(args[0] == "open")
        return f"cover {args[0]}"

    def _control_fault(self, args: list[str]) -> str:
        self.fault(args[0])
        return f"fault {args[0]}"

    def _control_clear(self, args: list[str]) -> str:
        self.clear()
        return "clear"

    def _control_status(self, args: list[str]) -> str:
        return f"status bytes {self.status_bytes().hex(' ')}"

    # ---- control API ---------------------------------------------------------------------------------
    def set_paper(self, state: str | PaperState) -> None:
        new = PaperState(state)
        with self._cond:
            old, self._paper = self._paper, new
            if new != PaperState.OUT:
                self._runout = None
            self._after_condition_change()
        log.info("sim paper from %s to %s (control)", old, new)

    def run_out_after(self, n_lines: int) -> None:
        """Paper runs out after ``n_lines`` more printed lines."""
        with self._cond:
            self._runout = max(0, int(n_lines))
            if self._runout == 0:
                self._paper = PaperState.OUT
            self._cond.notify_all()

    def cover(self, open: bool) -> None:
        with self._cond:
            self._cover_open = open
            self._after_condition_change()
        log.info(
            "sim cover from %s to %s (control)", "closed" if open else "open", "open" if open else "closed"
        )

    def fault(self, name: str) -> None:
        if name not in FAULTS:
            raise ValueError(f"unknown fault {name!r}; known: {', '.join(FAULTS)}")
        with self._cond:
            self._faults.add(name)
            if name == "cutter_jam":
                self._cutter_error = True
                self._stop_printing()
            if name == "xoff":
                self._send_flow(XOFF)
            self._cond.notify_all()
        log.info("sim fault from none to %s (control)", name)

    def clear(self) -> None:
        """Remove every injected fault (a latched cutter error still needs DLE ENQ, as on Epson)."""
        with self._cond:
            had_xoff = "xoff" in self._faults or self._xoff_sent
            self._faults.clear()
            if had_xoff:
                self._send_flow(XON)
            self._after_condition_change()
        log.info("sim faults from set to cleared (control)")

    @property
    def receipt_count(self) -> int:
        """Receipts cut since the simulator started (``receipts`` keeps only the newest of them)."""
        with self._cond:
            return self._receipts_dropped + len(self.receipts)

    def wait_for_receipt(self, n: int, timeout: float) -> Receipt | None:
        """The n-th receipt (1-based) once it is cut, or None after ``timeout`` seconds (or when it is
        older than the ``keep_receipts`` kept in memory)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._receipts_dropped + len(self.receipts) < n:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
            at = n - 1 - self._receipts_dropped
            return self.receipts[at] if at >= 0 else None

    def wait_idle(self, timeout: float) -> bool:
        """True once the print buffer is empty (or printing is stopped by a fault)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._queue and not self._blocked():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    @property
    def current_text(self) -> str:
        """What is on the paper since the last cut (not yet a receipt)."""
        with self._cond:
            return rows_to_text(self._layout.rows) if self._layout.rows else ""

    def status_bytes(self) -> bytes:
        with self._cond:
            return encode_status(
                offline="offline" in self._faults,
                waiting_recovery=self._waiting_recovery,
                cover_open=self._cover_open,
                paper=self._paper,
                cutter_error=self._cutter_error,
                unrecoverable_error="unrecoverable" in self._faults,
                auto_recoverable_error="head_hot" in self._faults,
            )

    # ---- internals: state --------------------------------------------------------------------------
    def _blocked(self) -> bool:
        """Printing cannot go on (caller holds the lock)."""
        return bool(
            self._paper == PaperState.OUT
            or self._cover_open
            or self._cutter_error
            or self._waiting_recovery
            or self._faults & {"offline", "head_hot", "xoff", "unrecoverable"}
        )

    def _stop_printing(self) -> None:
        """Paper out, cover open or an error stopped printing with data in the buffer: that data
        waits for DLE ENQ (a hot head or XOFF only pauses, and goes on by itself)."""
        hard = self._paper == PaperState.OUT or self._cover_open or self._cutter_error
        if self._queue and (hard or "unrecoverable" in self._faults):
            self._held = True

    def _after_condition_change(self) -> None:
        """A physical condition changed: data held by an earlier stop now waits for DLE ENQ."""
        if self._held and self._queue and not self._cover_open and self._paper != PaperState.OUT:
            self._waiting_recovery = True
        self._send_asb()
        self._cond.notify_all()

    def _send_flow(self, byte: int) -> None:
        self._xoff_sent = byte == XOFF
        if byte == XOFF:
            self.xoff_count += 1
            self._last_xoff = time.monotonic()
        if self._link is not None:
            self._link.write(bytes([byte]), timeout=0.2)

    # ---- receive side ----------------------------------------------------------------------------------
    def _rx_loop(self) -> None:
        assert self._link is not None
        rate = self.baud / 10.0 if self.baud else None
        while not self._stopping.is_set():
            try:
                data = self._link.read(256 if rate is None else 64, timeout=0.05)
            except OSError as exc:  # pragma: no cover - pty trouble
                log.warning("sim read failed: %s", exc)
                time.sleep(0.05)
                continue
            if not data:
                continue
            if rate is not None:  # the bytes are not all there before the wire could carry them
                now = time.monotonic()
                self._wire_free = max(self._wire_free, now - 0.002) + len(data) / rate
                delay = self._wire_free - now
                if delay > 0:
                    time.sleep(delay)
            self._receive(data)

    def _receive(self, data: bytes) -> None:
        with self._cond:
            if not self._greeted:
                self._greeted = True
                self._send_asb()  # a printer with ASB on reports as soon as the host talks to it
            self.bytes_received += len(data)
            if self._xoff_sent and time.monotonic() - self._last_xoff > 0.05:
                self._send_flow(XOFF)  # data while "full": say it again (an XOFF may have been missed)
            for element in self._parser.feed(data):
                self._dispatch(element)
            self._cond.notify_all()

    def _dispatch(self, element: p.Element) -> None:
        if isinstance(element, p.StatusRequest):
            self.status_requests += 1
            if 1 <= element.n <= 4 and self._link is not None:
                self._link.write(self.status_bytes()[element.n - 1 : element.n], timeout=0.2)
            return
        if isinstance(element, p.RecoverRequest):
            self._recover(element.n)
            return
        if isinstance(element, p.PrinterIdRequest):
            self._answer_identity(element.n)
            return
        if isinstance(element, p.AutoStatusBack):
            if self.asb_mode != "stuck":
                old, self._asb_on = self._asb_on, element.n != 0
                log.info("sim ASB from %s to %s (GS a %d)", "on" if old else "off",
                         "on" if self._asb_on else "off", element.n)
                if self._asb_on:
                    self._last_asb = b""
                    self._send_asb()
            return
        if isinstance(element, p.DrawerKick):
            self.drawer_kicks.append((element.pin, element.on_ms, element.off_ms))
            log.info("sim drawer kick on pin %d (%d ms on, %d ms off)", element.pin, element.on_ms, element.off_ms)
            return
        if isinstance(element, p.Unknown):
            self.unknown_commands.append(element.data)
            return  # skipped by its length: nothing to print, nothing to buffer
        cost = _element_cost(element)
        if self._queued_bytes + cost > self.buffer_size:
            self.dropped_bytes += cost
            log.warning("sim buffer full: dropped %d bytes", cost)
            return
        self._queue.append((element, cost))
        self._queued_bytes += cost
        if self.xonxoff and not self._xoff_sent and self._queued_bytes > self.buffer_size * 3 // 4:
            self._send_flow(XOFF)

    def _answer_identity(self, n: int) -> None:
        """GS I n: 1-3 (or 49-51) one byte; 65-69 "_", text, NUL; nothing where the identity says None."""
        ident = self.identity
        byte = {1: ident.model_id, 2: ident.type_id, 3: ident.rom_id}.get(n if n < 0x31 else n - 0x30)
        text = {0x41: ident.firmware, 0x42: ident.maker, 0x43: ident.model, 0x45: ident.fonts}.get(n)
        if n in (1, 2, 3, 0x31, 0x32, 0x33):
            reply = bytes([byte]) if byte is not None else b""
        elif n in (0x41, 0x42, 0x43, 0x44, 0x45):
            reply = bytes([TEXT_REPLY_HEADER]) + text.encode("ascii") + b"\x00" if text is not None else b""
        else:
            reply = b""
        if reply and self._link is not None:
            self._link.write(reply, timeout=0.2)

    def asb_block(self) -> bytes:
        """The ASB block the printer's state gives now."""
        with self._cond:
            return encode_asb(
                offline="offline" in self._faults or self._cover_open or self._paper == PaperState.OUT,
                cover_open=self._cover_open,
                paper=self._paper,
                cutter_error=self._cutter_error,
                unrecoverable_error="unrecoverable" in self._faults,
                auto_recoverable_error="head_hot" in self._faults,
            )

    def _send_asb(self) -> None:
        """With ASB on, a block on every change of state (and one when the host first talks)."""
        if not self._asb_on or self._link is None:
            return
        block = self.asb_block()
        if block == self._last_asb:
            return
        self._last_asb = block
        self.asb_blocks_sent += 1
        self._link.write(block, timeout=0.2)

    def _recover(self, n: int) -> None:
        self.recover_requests.append(n)
        if n not in (1, 2):
            return
        if "cutter_jam" not in self._faults:
            self._cutter_error = False
        if n == 2:
            self._queue.clear()
            self._queued_bytes = 0
            self._parser.reset()
            self._layout.cells = []
            self._layout.x = 0
        self._held = False
        self._waiting_recovery = False
        log.info("sim from stopped to recovered (DLE ENQ %d)", n)

    # ---- print side --------------------------------------------------------------------------------------
    def _print_loop(self) -> None:
        while not self._stopping.is_set():
            with self._cond:
                if not self._queue or self._blocked():
                    if self._blocked():
                        self._stop_printing()
                    self._cond.wait(0.05)
                    continue
                element, cost = self._queue[0]
                if _needs_paper(element) and self._runout == 0:
                    self._paper = PaperState.OUT
                    self._runout = None
                    self._held = True
                    self._layout.rows.append(MarkRow("[PAPER OUT]"))
                    self._send_asb()
                    log.info("sim paper from ok to out (ran out while printing)")
                    continue
                self._queue.popleft()
                self._queued_bytes -= cost
                lines = self._print(element)
                if self._runout is not None and lines:
                    self._runout = max(0, self._runout - lines)
                low = self._queued_bytes < self.buffer_size // 4
                if self.xonxoff and self._xoff_sent and "xoff" not in self._faults and low:
                    self._send_flow(XON)
                self._cond.notify_all()
            if self._cut_rows:
                self._publish_receipts()
            if lines and "slow" in self._faults:
                time.sleep(self.slow_line_seconds * lines)

    def _print(self, e: p.Element) -> int:
        """Apply one element; returns the number of paper lines it used (caller holds the lock)."""
        lay = self._layout
        lines = 0
        if isinstance(e, p.Text):
            lines = lay.add_text(e.text)
        elif isinstance(e, p.LineFeed):
            lay.flush()
            lines = 1
        elif isinstance(e, p.Feed):
            if lay.cells:
                lay.flush()
                lines += 1
            if e.lines:
                lay.rows.append(BlankRow(LINE_DOTS * e.lines))
            lines += e.lines
        elif isinstance(e, p.FeedDots):
            if lay.cells:
                lay.flush()
            lay.rows.append(BlankRow(e.dots))
            lines = max(1, e.dots // LINE_DOTS)
        elif isinstance(e, p.Init):
            lay.reset()
        elif isinstance(e, p.SetAlign):
            lay.align = e.align if e.align in (0, 1, 2) else 0
        elif isinstance(e, p.SetBold):
            lay.bold = e.on
        elif isinstance(e, p.SetUnderline):
            lay.underline = e.n if e.n in (0, 1, 2) else 0
        elif isinstance(e, p.SetSize):
            lay.wm, lay.hm = e.width, e.height
        elif isinstance(e, p.SetPrintMode):
            lay.print_mode(e.n)
        elif isinstance(e, p.SetFont):
            lay.font_b = e.font_b
        elif isinstance(e, p.SetInvert):
            lay.invert = e.on
        elif isinstance(e, p.SetUpsideDown):
            lay.upside_down = e.on
        elif isinstance(e, p.SetTabs):
            lay.tabs = e.positions
        elif isinstance(e, p.Tab):
            lay.tab()
        elif isinstance(e, p.Pdf417):
            if lay.cells:
                lay.flush()
            lay.rows.append(Pdf417Row(e.data, lay.align))
            lines = 3
        elif isinstance(e, p.QrCode):
            if lay.cells:
                lay.flush()
            lay.rows.append(QrRow(e.data, e.module_size, e.ec, lay.align))
            lines = 4
        elif isinstance(e, p.Barcode):
            if lay.cells:
                lay.flush()
            lay.rows.append(BarcodeRow(e.data, e.height, e.module_width, e.hri, lay.align))
            lines = max(1, math.ceil(e.height / LINE_DOTS))
        elif isinstance(e, p.Raster):
            if lay.cells:
                lay.flush()
            lay.rows.append(RasterRow(e.width, e.height, e.bits, lay.align))
            lines = max(1, math.ceil(e.height / LINE_DOTS))
        elif isinstance(e, p.Cut):
            if "cutter_jam" in self._faults:  # pragma: no cover - fault() already stopped printing
                self._cutter_error = True
                return 0
            if lay.cells:
                lay.flush()
            lay.rows.append(MarkRow("[PARTIAL CUT]" if e.partial else "[CUT]"))
            self._cut_rows.append(tuple(lay.rows))
            lay.rows = []
        elif isinstance(e, p.PaperSensorRequest):
            if not self.gs_r:
                return 0  # a printer without GS r: silence
            reply = {PaperState.OK: 0x00, PaperState.NEAR_END: 0x03, PaperState.OUT: 0x0F}[self._paper]
            if self._link is not None:
                self._link.write(bytes([reply]), timeout=0.2)
        self.lines_printed += lines
        return lines

    def _publish_receipts(self) -> None:
        """Write out the receipts cut so far. Called without the lock held: drawing a PNG takes
        tens of milliseconds, and DLE EOT must be answered meanwhile."""
        with self._cond:
            batches, self._cut_rows = self._cut_rows, []
        for rows in batches:
            index = self._next_index
            self._next_index += 1
            text = rows_to_text(rows)
            png_path: Path | None = None
            if self.out_dir is not None:
                (self.out_dir / f"{index:04d}.txt").write_text(text, encoding="utf-8")
                if self.render_png:
                    png_path = self.out_dir / f"{index:04d}.png"
                    try:
                        from devices.escpos.render_png import render_receipt

                        render_receipt(rows, self.dots, png_path)
                    except Exception as exc:  # a picture is a nice-to-have; never stop the printer for it
                        log.warning("sim could not render %s: %s", png_path, exc)
                        png_path = None
            with self._cond:
                self.receipts.append(Receipt(index, text, png_path, rows))
                if len(self.receipts) > self.keep_receipts:
                    del self.receipts[0]
                    self._receipts_dropped += 1
                self._cond.notify_all()
            log.info("sim receipt %d from printing to cut (%d rows)", index, len(rows))


def _needs_paper(e: p.Element) -> bool:
    return isinstance(
        e, p.Text | p.LineFeed | p.Feed | p.FeedDots | p.QrCode | p.Barcode | p.Raster | p.Pdf417 | p.Cut
    )


def _element_cost(e: p.Element) -> int:
    """Approximate bytes the element took in the receive buffer."""
    if isinstance(e, p.Text):
        return max(1, len(e.text.encode("gb18030", errors="replace")))
    if isinstance(e, p.Raster):
        return 8 + len(e.bits)
    if isinstance(e, p.QrCode):
        return 30 + len(e.data)
    if isinstance(e, p.Barcode):
        return 4 + len(e.data)
    return 3


__all__ = ["FAULTS", "PrinterSimulator", "Receipt", "rows_to_text"]
