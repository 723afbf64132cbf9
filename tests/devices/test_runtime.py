"""The device runtime's contract, once for both drivers, each against its simulator on a real pty.

Every test here runs for the ID card reader and for the receipt printer: whatever the runtime
promises (idempotent start, stop() -> bool, the context manager, listeners, status logging, a
back-off that never delays stop) must hold for both, so the two cannot drift apart again.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from devices import escpos, idcard
from devices.escpos import PrinterSimulator, ReceiptPrinter
from devices.idcard import IdCardReader, IdCardSimulator
from devices.runtime import Backoff, DeviceWorker
from devices.simbase import PtySimulator
from devices.status import DeviceState
from tests.devices.idcard.support import FAST

pytestmark = pytest.mark.pty

Driver = DeviceWorker[Any, Any]
FROM_TO = re.compile(r"^(?P<what>\w[\w ]*) from (?P<old>.+) to (?P<new>.+) \((?P<reason>.+)\)$")


class Events:
    """A listener that keeps what it hears and lets a test wait for it."""

    def __init__(self) -> None:
        self.items: list[Any] = []
        self._cond = threading.Condition()

    def __call__(self, event: Any) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    def __len__(self) -> int:
        with self._cond:
            return len(self.items)

    def wait_for(self, pred: Callable[[Any], bool], timeout: float = 3.0, since: int = 0) -> Any:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.items[since:]:
                    if pred(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no matching event within {timeout} s; got {self.items[since:]}")
                self._cond.wait(left)


@dataclass(frozen=True)
class Rig:
    """How to run one kind of device for the contract: its simulator, its driver, a way to make
    its status change, and what 'ready' and 'not connected' look like in its events."""

    name: str
    logger: str
    simulator: Callable[[Path], PtySimulator]
    driver: Callable[..., Driver]  # (port, listener=..., backoff=(first, longest))
    ready: Callable[[Any], bool]
    absent: Callable[[Any], bool]
    toggle: Callable[[Any, int], None]  # (simulator, i): a change of status the driver will see


def _reader(port: str, listener: Any = None, backoff: tuple[float, float] = (0.05, 0.2)) -> Driver:
    return IdCardReader(
        port, timeouts=FAST, poll_interval=0.05, backoff_min=backoff[0], backoff_max=backoff[1], listener=listener
    )


def _printer(port: str, listener: Any = None, backoff: tuple[float, float] = (0.05, 0.2)) -> Driver:
    return ReceiptPrinter(port, listener=listener, poll_interval=0.05, reopen_backoff=backoff)


def _toggle_card(sim: Any, i: int) -> None:
    if i % 2 == 0:
        sim.place("resident_li_na")
    else:
        sim.lift()


def _toggle_paper(sim: Any, i: int) -> None:
    sim.set_paper("near_end" if i % 2 == 0 else "ok")


RIGS = [
    Rig(
        "idcard",
        "devices.idcard",
        lambda tmp: IdCardSimulator(tmp / "idcard-tty"),
        _reader,
        lambda e: isinstance(e, idcard.StatusChanged) and e.status.device is DeviceState.ONLINE,
        lambda e: isinstance(e, idcard.StatusChanged) and e.status.device is DeviceState.NO_DEVICE,
        _toggle_card,
    ),
    Rig(
        "printer",
        "devices.escpos",
        lambda tmp: PrinterSimulator(80, render_png=False, link=tmp / "printer-tty"),
        _printer,
        lambda e: isinstance(e, escpos.StatusChanged) and e.status.ready,
        lambda e: isinstance(e, escpos.StatusChanged) and e.status.device is DeviceState.NO_DEVICE,
        _toggle_paper,
    ),
]


@pytest.fixture(params=RIGS, ids=[r.name for r in RIGS])
def rig(request: pytest.FixtureRequest) -> Rig:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def sim(rig: Rig, tmp_path: Path) -> Iterator[PtySimulator]:
    with rig.simulator(tmp_path) as simulator:
        yield simulator


@pytest.fixture
def drivers() -> Iterator[list[Driver]]:
    made: list[Driver] = []
    yield made
    for driver in made:
        assert driver.stop(3.0), f"{driver.name} did not stop"


@pytest.fixture
def online(rig: Rig, sim: PtySimulator, drivers: list[Driver]) -> tuple[Driver, Events]:
    events = Events()
    driver = rig.driver(sim.port, listener=events)
    drivers.append(driver)
    driver.start()
    events.wait_for(rig.ready)
    return driver, events


def _threads_named(name: str) -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == name]


# ---- lifecycle -----------------------------------------------------------------------------------------
def test_start_twice_is_one_thread(rig: Rig, online: tuple[Driver, Events]) -> None:
    driver, _events = online
    thread = driver._thread
    assert driver.start() is None and driver.start() is None
    assert driver._thread is thread and driver.running
    assert len(_threads_named(driver.name)) == 1


def test_stop_says_whether_the_thread_ended(rig: Rig, sim: PtySimulator) -> None:
    driver = rig.driver(sim.port)
    assert driver.stop() is True  # never started: nothing to wait for
    driver.start()
    assert driver.running
    assert driver.stop(2.0) is True and not driver.running
    assert driver.stop(2.0) is True  # again: still stopped, still True
    assert _threads_named(driver.name) == []


def test_context_manager_starts_and_stops(rig: Rig, sim: PtySimulator) -> None:
    events = Events()
    with rig.driver(sim.port, listener=events) as driver:
        assert driver.running
        events.wait_for(rig.ready)
    assert not driver.running and _threads_named(driver.name) == []


def test_a_stopped_driver_starts_again(rig: Rig, online: tuple[Driver, Events]) -> None:
    driver, events = online
    assert driver.stop(2.0)
    mark = len(events)
    driver.start()
    assert driver.running
    events.wait_for(lambda e: True, since=mark)  # it talks to the device again


def test_stop_from_a_listener_returns_at_once_and_the_thread_ends(rig: Rig, sim: PtySimulator) -> None:
    answers: list[bool] = []
    driver = rig.driver(sim.port)

    def stop_on_first(event: Any) -> None:
        if not answers:
            answers.append(driver.stop(5.0))  # on the driver thread itself: it cannot wait for itself

    driver.add_listener(stop_on_first)
    t0 = time.monotonic()
    driver.start()
    deadline = time.monotonic() + 3
    while driver.running and time.monotonic() < deadline:
        time.sleep(0.01)
    assert answers == [True] and not driver.running
    assert time.monotonic() - t0 < 2.0


def test_stop_interrupts_a_back_off_at_once(rig: Rig, tmp_path: Path) -> None:
    """GIVEN a driver whose device is missing and whose back-off is 30 s WHEN it is stopped
    during that wait THEN stop() returns True well within a second."""
    events = Events()
    driver = rig.driver(str(tmp_path / "nothing-here"), listener=events, backoff=(30.0, 30.0))
    driver.start()
    try:
        events.wait_for(rig.absent)
        time.sleep(0.1)  # now inside the back-off wait
        t0 = time.monotonic()
        assert driver.stop(5.0) is True
        assert time.monotonic() - t0 < 0.5
    finally:
        driver.stop(5.0)


# ---- listeners -------------------------------------------------------------------------------------------
def test_listeners_added_and_removed_while_events_fly(rig: Rig, sim: PtySimulator, online: tuple[Driver, Events]) -> None:
    """GIVEN a running driver WHEN threads add and remove listeners while others emit and the device
    changes state THEN nothing breaks, the steady listener hears every emit, and a removed listener
    hears nothing once removal and a following emit are done."""
    driver, steady = online
    stop = threading.Event()
    errors: list[BaseException] = []
    sentinel = object()

    def churn() -> None:
        try:
            while not stop.is_set():
                passing = Events()
                driver.add_listener(passing)
                driver.remove_listener(passing)
                driver.remove_listener(passing)  # removing twice is harmless
        except BaseException as exc:  # pragma: no cover - only on a broken runtime
            errors.append(exc)

    def emit() -> None:
        try:
            for _ in range(300):
                driver._emit(sentinel)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    churners = [threading.Thread(target=churn) for _ in range(3)]
    emitters = [threading.Thread(target=emit) for _ in range(3)]
    for t in churners + emitters:
        t.start()
    for i in range(4):
        rig.toggle(sim, i)
        time.sleep(0.05)
    for t in emitters:
        t.join(10)
    stop.set()
    for t in churners:
        t.join(10)
    assert errors == [] and driver.running
    assert sum(1 for e in steady.items if e is sentinel) == 900

    gone = Events()
    driver.add_listener(gone)
    driver._emit(sentinel)
    driver.remove_listener(gone)
    heard = len(gone)
    driver._emit(sentinel)
    assert heard == 1 and len(gone) == 1


def test_a_raising_listener_is_logged_and_the_thread_goes_on(
    rig: Rig, sim: PtySimulator, online: tuple[Driver, Events], caplog: pytest.LogCaptureFixture
) -> None:
    driver, events = online

    def broken(event: Any) -> None:
        raise RuntimeError("listener bug")

    driver.add_listener(broken)
    with caplog.at_level(logging.ERROR, logger=rig.logger):
        mark = len(events)
        rig.toggle(sim, 0)
        events.wait_for(lambda e: True, since=mark)
        rig.toggle(sim, 1)
        events.wait_for(lambda e: True, since=mark + 1)  # heard after the broken listener raised
    failures = [r for r in caplog.records if r.name == rig.logger and "listener" in r.getMessage()]
    assert failures and failures[0].exc_info is not None and "listener bug" in caplog.text
    assert driver.running


# ---- status -------------------------------------------------------------------------------------------------
def test_status_changes_are_logged_from_to_with_the_events_reason(
    rig: Rig, sim: PtySimulator, drivers: list[Driver], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=rig.logger)
    events = Events()
    driver = rig.driver(sim.port, listener=events)
    drivers.append(driver)
    driver.start()
    ready = events.wait_for(rig.ready)
    assert driver.status == ready.status
    lines = [FROM_TO.match(r.getMessage()) for r in caplog.records if r.name == rig.logger]
    changes = [m for m in lines if m]
    assert changes, [r.getMessage() for r in caplog.records]
    assert ready.reason and ready.reason in {m["reason"] for m in changes}
    assert all(m["old"] != m["new"] for m in changes)


def test_an_unchanged_status_is_neither_logged_nor_emitted(rig: Rig, online: tuple[Driver, Events]) -> None:
    driver, events = online
    time.sleep(0.3)  # several polls of a device that does not change
    mark = len(events)
    time.sleep(0.3)
    assert events.items[mark:] == []
    assert driver.running


# ---- the back-off itself ---------------------------------------------------------------------------------------
def test_backoff_doubles_up_to_its_longest_and_resets() -> None:
    b = Backoff(0.1, 0.5)
    assert [b.next() for _ in range(5)] == [0.1, 0.2, 0.4, 0.5, 0.5]
    b.reset()
    assert b.next() == 0.1
    assert Backoff(1.0, 0.5).next() == 1.0 and Backoff(1.0, 0.5).longest == 1.0
    with pytest.raises(ValueError):
        Backoff(0, 1)
