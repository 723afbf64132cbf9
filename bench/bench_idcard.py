"""ID card reader: read latency against wire time, and CPU while polling for a card.

Method
------
Everything runs in this process: the simulator (device end, on the master side of a real pty,
emulating the wire time of 115200 baud: 10 bits a byte, each reply paced so its last byte leaves no
sooner than the wire allows) and the real driver (pyserial on the slave side, its own thread).

* Latency: for each of N placements the simulator notes (perf_counter) when the find that answers 9F
  arrives; the driver's listener notes when CardRead is delivered with the decoded identity. The
  exchange find -> select -> read moves 1359 bytes (commands 3 x 10, replies 15 + 19 + 1295), whose
  wire time at 115200 baud is 118.0 ms; the figure is measured / wire time (target < 1.10, i.e. driver
  overhead under 10 % of wire time). The time waiting for the next poll is excluded (it is the
  configured poll interval, not overhead); "placed -> decoded" including it is reported on its own.
  The read response alone is 1295 bytes = 112.4 ms of wire time (reference).
* CPU while polling with no card: the driver thread's own CPU clock (pthread_getcpuclockid, Linux)
  over a few seconds of idle polling at the default 0.3 s interval, as a share of one core (target
  < 2 %). The process's CPU (getrusage) minus the simulator thread's CPU clock is reported as a
  cross-check (it also counts the main thread, which only sleeps).
"""

from __future__ import annotations

import random
import resource
import statistics
import threading
import time
from pathlib import Path

from bench.harness import Figure, timed
from devices.idcard.codec import (
    SW3,
    Command,
    FrameParser,
    build_command,
    build_read_data,
    decode_text_block,
    encode_response,
    parse_read_data,
)
from devices.idcard.driver import CardRead, CardRemoved, IdCardReader, ReaderEvent, StatusChanged
from devices.idcard.samples import load_card
from devices.idcard.simulator import IdCardSimulator
from devices.status import DeviceState

BAUD = 115200
PLACEMENTS = 12
IDLE_SECONDS = 4.0


def _wire_ms(n_bytes: int, baud: int = BAUD) -> float:
    return n_bytes * 10 / baud * 1000


class _Events:
    def __init__(self) -> None:
        self.cond = threading.Condition()
        self.events: list[tuple[float, ReaderEvent]] = []

    def __call__(self, event: ReaderEvent) -> None:
        stamp = time.perf_counter()
        with self.cond:
            self.events.append((stamp, event))
            self.cond.notify_all()

    def wait(self, pred, timeout: float = 5.0) -> tuple[float, ReaderEvent]:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for item in self.events:
                    if pred(item[1]):
                        self.events.remove(item)
                        return item
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("event did not come")
                self.cond.wait(left)


def _latency(tmp: Path) -> list[Figure]:
    spec = load_card("resident_zhang_wei")
    exchange_bytes = 3 * 10 + 15 + 19 + 1295
    from_find: list[float] = []
    from_place: list[float] = []
    with IdCardSimulator(tmp / "lat", baud=BAUD) as sim:
        events = _Events()
        reader = IdCardReader(sim.port, poll_interval=0.3, listener=events)
        reader.start()
        try:
            events.wait(lambda e: isinstance(e, StatusChanged) and e.status.device is DeviceState.ONLINE)
            rng = random.Random(7)
            for _ in range(PLACEMENTS):
                time.sleep(rng.uniform(0, 0.3))  # place at a random point of the poll cycle
                placed = time.perf_counter()
                sim.place(spec)
                stamp, _event = events.wait(lambda e: isinstance(e, CardRead))
                assert sim.last_find_hit is not None
                from_find.append((stamp - sim.last_find_hit) * 1000)
                from_place.append((stamp - placed) * 1000)
                sim.lift()
                events.wait(lambda e: isinstance(e, CardRemoved))
        finally:
            reader.stop()
    wire = _wire_ms(exchange_bytes)
    med = statistics.median(from_find)
    return [
        Figure(
            "idcard find->select->read->decoded @115200 (median)",
            med,
            "ms",
            reference=wire,
            reference_name=f"wire time of {exchange_bytes} bytes",
            target="ratio < 1.10",
            ok=med / wire < 1.10,
            note=f"n={PLACEMENTS}, max {max(from_find):.1f} ms",
        ),
        Figure(
            "idcard card placed->decoded incl. poll wait (median)",
            statistics.median(from_place),
            "ms",
            note="poll_interval 0.3 s, placed at random: expect wire time + ~half the interval",
        ),
    ]


def _idle_cpu(tmp: Path) -> list[Figure]:
    with IdCardSimulator(tmp / "idle", baud=BAUD) as sim:
        events = _Events()
        reader = IdCardReader(sim.port, poll_interval=0.3, listener=events)
        reader.start()
        try:
            events.wait(lambda e: isinstance(e, StatusChanged) and e.status.device is DeviceState.ONLINE)
            cycles0 = reader.stats.cycles
            wall0 = time.monotonic()
            drv0 = reader.cpu_time()
            sim0 = sim.cpu_time()
            proc0 = resource.getrusage(resource.RUSAGE_SELF)
            time.sleep(IDLE_SECONDS)
            proc1 = resource.getrusage(resource.RUSAGE_SELF)
            drv = reader.cpu_time() - drv0
            simcpu = sim.cpu_time() - sim0
            wall = time.monotonic() - wall0
            cycles = reader.stats.cycles - cycles0
        finally:
            reader.stop()
    proc = (proc1.ru_utime + proc1.ru_stime) - (proc0.ru_utime + proc0.ru_stime)
    share = drv / wall * 100
    return [
        Figure(
            "idcard CPU while polling, no card (driver thread)",
            share,
            "%core",
            reference=2.0,
            reference_name="target 2 % of one core",
            target="< 2 %",
            ok=share < 2.0,
            note=f"{cycles} polls in {wall:.1f} s, {drv * 1000 / max(cycles, 1):.2f} ms CPU per poll",
        ),
        Figure(
            "idcard CPU while polling, process minus simulator",
            max(proc - simcpu, 0.0) / wall * 100,
            "%core",
            note=f"cross-check via getrusage; simulator thread used {simcpu / wall * 100:.2f} %",
        ),
    ]


def _codec() -> list[Figure]:
    spec = load_card("resident_zhang_wei")
    frame = encode_response(SW3.SUCCESS, build_read_data(spec.text_block(), spec.photo()))

    def parse() -> None:
        resp = FrameParser().feed(frame)[0]
        payload = parse_read_data(resp.data)
        decode_text_block(payload.text, payload.photo)

    samples = timed(parse, repeat=200, warmup=10)
    med = statistics.median(samples) * 1000
    return [
        Figure(
            "idcard codec: parse + decode a 1295-byte read reply",
            med,
            "ms",
            reference=_wire_ms(len(frame)),
            reference_name="wire time of the reply",
            note=f"build_command: {statistics.median(timed(lambda: build_command(Command.FIND), 200)) * 1e6:.1f} us",
        )
    ]


def run() -> list[Figure]:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-idcard-") as tmp:
        return _codec() + _latency(Path(tmp)) + _idle_cpu(Path(tmp))
