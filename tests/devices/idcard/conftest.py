"""Fixtures for the ID card reader tests: a simulator on a real pty and a reader with an event log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from devices.idcard.driver import IdCardReader
from devices.idcard.simulator import IdCardSimulator
from devices.status import DeviceState
from tests.devices.idcard.support import FAST, EventLog


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[IdCardSimulator]:
    simulator = IdCardSimulator(tmp_path / "idcard")
    simulator.start()
    yield simulator
    simulator.stop()


@pytest.fixture
def make_reader() -> Iterator[Callable[..., tuple[IdCardReader, EventLog]]]:
    readers: list[IdCardReader] = []

    def factory(port: str, **kwargs: object) -> tuple[IdCardReader, EventLog]:
        log = EventLog()
        options: dict[str, object] = dict(timeouts=FAST, poll_interval=0.05, backoff_min=0.05, backoff_max=0.2)
        options.update(kwargs)
        reader = IdCardReader(port, listener=log, **options)  # type: ignore[arg-type]
        readers.append(reader)
        reader.start()
        return reader, log

    yield factory
    for reader in readers:
        assert reader.stop(2.0)


@pytest.fixture
def online(sim: IdCardSimulator, make_reader: Callable[..., tuple[IdCardReader, EventLog]]) -> tuple[IdCardSimulator, IdCardReader, EventLog]:
    reader, log = make_reader(sim.port)
    log.wait_device(DeviceState.ONLINE)
    return sim, reader, log
