"""The hall's test set-up: a migrated database (SQLite file or the throwaway PostgreSQL) with staff
accounts, the hall store over it and a console served by waitress on a free loopback port."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from kiosk.config import KioskConfig, parse_config
from kiosk.persistence.db import make_engine, session_factory
from kiosk.persistence.migrate import upgrade
from kiosk.services.staff import add_technician

TECH, TECH_PIN = "T001", "135790"
STAFF, STAFF_PIN = "S001", "246810"


@dataclass
class HallDb:
    config: KioskConfig
    url: str
    backend: str


def hall_db(tmp_path: Path, backend: str, kiosk_id: str = "KIOSK-HALL-01", *, demo: bool = False) -> Iterator[HallDb]:
    """A migrated database with T001 (technician) and S001 (staff); PostgreSQL is wiped first.
    ``demo``: the demo seed instead (a few taxpayers, and the same two accounts and PINs)."""
    if backend == "postgres":
        url = os.environ.get("KIOSK_TEST_PG_URL")
        if not url:
            pytest.skip("set KIOSK_TEST_PG_URL to run PostgreSQL tests")
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        url = f"sqlite:///{tmp_path / 'data' / 'kiosk.db'}"
        engine = make_engine(url)
    config = parse_config({"kiosk": {"data_dir": str(tmp_path / "data"), "id": kiosk_id},
                           "database": {"url": url}}, source="test")
    upgrade(engine)
    if demo:
        from kiosk.persistence.seed import seed_demo

        seed_demo(engine, taxpayers=3)
    else:
        with session_factory(engine)() as db:
            add_technician(db, TECH, "Test Technician", TECH_PIN, role="technician")
            add_technician(db, STAFF, "Test Staff", STAFF_PIN, role="staff")
            db.commit()
    engine.dispose()
    yield HallDb(config, url, backend)


BACKENDS = [pytest.param("sqlite", id="sqlite"), pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]
