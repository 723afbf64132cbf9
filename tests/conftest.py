"""Suite-wide set-up: headless Qt, no developer configuration leaking in, real temporary databases."""

from __future__ import annotations

import os

# Before anything imports Qt: the whole suite runs headless.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("KIOSK_CONFIG", None)
os.environ.setdefault("QT_ACCESSIBILITY", "0")

from pathlib import Path

import pytest

from kiosk.config import KioskConfig, parse_config


@pytest.fixture
def kiosk_config(tmp_path: Path) -> KioskConfig:
    """Default configuration with the data directory (SQLite file, logs, secrets) in tmp_path."""
    return parse_config({"kiosk": {"data_dir": str(tmp_path / "data")}}, source="test")


@pytest.fixture
def migrated_engine(kiosk_config: KioskConfig):  # type: ignore[no-untyped-def]
    """A real SQLite database file, migrated to the latest schema."""
    from kiosk.persistence.db import make_engine
    from kiosk.persistence.migrate import upgrade

    engine = make_engine(kiosk_config.database_url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def pg_engine():  # type: ignore[no-untyped-def]
    """A clean PostgreSQL schema (opt-in: KIOSK_TEST_PG_URL, set by scripts/with-postgres.sh in `make test`)."""
    url = os.environ.get("KIOSK_TEST_PG_URL")
    if not url:
        pytest.skip("set KIOSK_TEST_PG_URL to run PostgreSQL tests")
    from sqlalchemy import text

    from kiosk.persistence.db import make_engine

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    yield engine
    engine.dispose()
