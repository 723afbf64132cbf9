"""A SQLite database killed in the middle of a write transaction reopens with no partial rows."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from sqlalchemy import func, select, text

from kiosk.persistence import models as m
from kiosk.persistence.db import make_engine

WRITER = textwrap.dedent(
    """
    import sys, datetime as dt
    from sqlalchemy import insert
    from kiosk.persistence.db import make_engine
    from kiosk.persistence import models as m
    engine = make_engine(sys.argv[1])
    with engine.begin() as conn:
        for i in range(10_000_000):
            conn.execute(insert(m.Taxpayer.__table__), [dict(
                id_number=f"X{i:017d}", name="演示", sex="1", birth_date=dt.date(1990, 1, 1),
                address="", tax_office="", is_demo=True, created_at=dt.datetime(2026, 1, 1))])
            if i == 2000:
                print("mid-transaction", flush=True)
    """
)


def test_kill_mid_transaction_leaves_no_partial_rows(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a writer inserting thousands of rows in one transaction
    WHEN it is killed with SIGKILL half-way
    THEN the database opens cleanly, passes integrity_check and holds none of those rows."""
    url = migrated_engine.url.render_as_string(hide_password=False)
    migrated_engine.dispose()
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    deadline = time.monotonic() + 60
    line = proc.stdout.readline()
    assert line.strip() == "mid-transaction" and time.monotonic() < deadline
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    proc.stdout.close()

    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(select(func.count()).select_from(m.Taxpayer.__table__)).scalar_one() == 0
    engine.dispose()
