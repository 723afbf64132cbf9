"""The kiosk's heartbeat thread and the console's live feed on real databases."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.hall import HallLink
from kiosk.cli.main import cli
from kiosk.domain.devices import DeviceSnapshot
from kiosk.flow.events import RemoteService, StaffOnTheWay
from kiosk.hall.live import LiveFeed
from kiosk.hall.store import Command, HallStore, KioskReport
from kiosk.persistence.models import StaffCall
from tests.helpers.hall import BACKENDS, HallDb, hall_db

KIOSK = "KIOSK-HALL-01"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HallDb]:
    yield from hall_db(tmp_path, request.param)


@pytest.fixture
def store(db: HallDb) -> Iterator[HallStore]:
    s = HallStore.at(db.url)
    yield s
    s.engine.dispose()


def eventually(check: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        time.sleep(0.05)


def printer(paper: str, problem: str = "") -> list[DeviceSnapshot]:
    return [DeviceSnapshot("printer", "online", problem, None, "", 0, 0, (("maint.detail.paper", paper),)),
            DeviceSnapshot("idcard", "online", "", None, "", 0, 0)]


def test_heartbeat_reports_state_devices_and_masked_errors(store: HallStore) -> None:
    """GIVEN a running link WHEN the flow's state and the paper change and something is logged THEN the
    kiosk's row shows them within a beat, the ID number in the log line masked."""
    paper = ["full"]
    posted: list[object] = []
    link = HallLink(store, KIOSK, devices=lambda: printer(paper[0]), post=posted.append, interval=0.3)
    link.start()
    try:
        eventually(lambda: len(store.kiosks()) == 1, "the first beat")
        link.update("degraded", "attract")
        paper[0] = "low"
        link.poke()
        logging.getLogger("kiosk.flow").warning("card 11010519491231002X refused")
        # the state, the paper and the log line may reach the row in different beats: wait for all three
        eventually(lambda: store.kiosk(KIOSK).service_state == "degraded" and store.kiosk(KIOSK).paper == "low"
                   and "card" in store.kiosk(KIOSK).last_error, "the change")
        tile = store.kiosk(KIOSK)
        assert tile.devices["printer"]["paper"] == "low" and tile.version
        assert "11010519491231002X" not in tile.last_error and "110105" in tile.last_error
        assert "card" in tile.recent_errors[-1]
        beats = link.beats
        eventually(lambda: link.beats >= beats + 2, "beats every interval without changes")
    finally:
        link.stop()
    assert link._thread is not None and not link._thread.is_alive()


def test_commands_and_acknowledgements_are_posted_once(store: HallStore) -> None:
    posted: list[object] = []
    link = HallLink(store, KIOSK, post=posted.append, interval=60)
    link.beat_once()
    with store.session_factory() as s:
        s.add(StaffCall(kiosk_id=KIOSK, code="K7Q4AC", called_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
        s.commit()
    link.staff_called("k7q4ac")
    call_id = store.calls()[0].id
    store.acknowledge(call_id, "S001")
    store.command(KIOSK, Command.OUT_OF_SERVICE, "paper", "S001")
    link.beat_once()
    link.beat_once()
    assert posted == [RemoteService(True, "paper", "S001"), StaffOnTheWay("K7Q4AC", "S001")]


def test_database_away_is_one_log_line_and_retried(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    """GIVEN a database that does not answer WHEN the link beats THEN nothing raises, one warning says
    so, and the worker goes on (every wait bounded by the store's timeouts)."""
    bad = HallStore.at("postgresql+psycopg://kiosk@127.0.0.1:1/nowhere")
    link = HallLink(bad, KIOSK, interval=60)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="app.hall"):
        assert link.beat_once() is None
        assert link.beat_once() is None
    assert time.monotonic() - started < 10
    downs = [r.getMessage() for r in caplog.records if "from up to down" in r.getMessage()]
    assert len(downs) == 1 and "\n" not in downs[0]
    bad.engine.dispose()


def test_live_feed_wakes_on_changes_only(db: HallDb, store: HallStore) -> None:
    """GIVEN a console's feed (LISTEN on PostgreSQL, the change-stamp poll on SQLite) WHEN a kiosk's
    state changes THEN the feed wakes; WHEN a kiosk only beats, unchanged THEN it stays asleep."""
    feed = LiveFeed(store, db.url)
    feed.start()
    try:
        assert feed.listening.wait(10)
        started = dt.datetime.now(dt.UTC)
        store.beat(KioskReport(KIOSK, "in_service"), changed=True, started_at=started)
        v = feed.wait(0, 5.0)
        assert v >= 1
        time.sleep(1.5)  # let the first change settle (the poll's second look, a late notification)
        v = feed.version
        store.beat(KioskReport(KIOSK, "in_service"), changed=False, started_at=started)
        assert feed.wait(v, 2.5) == v, "an unchanged beat woke the console"
        store.beat(KioskReport(KIOSK, "out_of_service"), changed=False, started_at=started)
        assert feed.wait(v, 5.0) > v
        assert feed.mode == ("listen" if db.backend == "postgres" else "poll")
    finally:
        feed.stop()


def test_hall_status_command(db: HallDb, store: HallStore, tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n[database]\nurl = "{db.url}"\n', encoding="utf-8")
    runner = CliRunner()
    r = runner.invoke(cli, ["--config", str(cfg), "hall", "status"])
    assert r.exit_code == 0 and "no kiosk has reported" in r.output
    store.beat(KioskReport(KIOSK, "out_of_service", paper="low"), changed=True, started_at=dt.datetime.now(dt.UTC))
    r = runner.invoke(cli, ["--config", str(cfg), "hall", "status"])
    assert r.exit_code == 0 and KIOSK in r.output and "out_of_service" in r.output and "paper low" in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "hall", "status", "--json"])
    data = json.loads(r.output)
    assert data["kiosks"][0]["kiosk_id"] == KIOSK and data["open_calls"] == []


def test_hall_commands_fail_in_one_line(tmp_path: Path) -> None:
    cfg = tmp_path / "k.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n[database]\n'
                   'url = "postgresql+psycopg://kiosk@127.0.0.1:1/nowhere"\n', encoding="utf-8")
    runner = CliRunner()
    for args in (["hall", "status"], ["hall", "serve", "--listen", "127.0.0.1:0"]):
        r = runner.invoke(cli, ["--config", str(cfg), *args])
        assert r.exit_code == 1, r.output
        assert r.output.startswith("error: ") and r.output.count("\n") == 1 and "Traceback" not in r.output
    r = runner.invoke(cli, ["--config", str(cfg), "hall", "serve", "--listen", "nonsense"])
    assert r.exit_code == 2 and r.output.startswith("error: --listen")
