"""``kiosk idle``: is nobody using the kiosk? For the daily restart timer (deploy/kiosk-idle-restart.*).

The running kiosk says it on its metrics endpoint: ``kiosk_idle 1`` (the attract screen, set from the
event loop) and ``kiosk_session_active 0``. ``--wait`` keeps asking until the kiosk has been idle
for ``--quiet-for`` seconds in a row, or the wait is over. Exit 0: idle (restart now); 1: busy the
whole time (do not restart today); 2: the kiosk's metrics cannot be reached (is it running, is
``metrics.listen`` set?). Without metrics configured it falls back to the database: an open session
of this kiosk means busy (it cannot see a person choosing on the screen before a card is read).
"""

from __future__ import annotations

import sys
import time
import urllib.error
import urllib.request

import click

from kiosk.cli.groups import cli, pass_config
from kiosk.config import KioskConfig

BUSY, UNREACHABLE = 1, 2


def idle_now(config: KioskConfig, timeout: float = 5.0) -> bool | None:
    """True idle, False busy, None when the kiosk cannot be asked."""
    address = config.metrics.address
    if address is None:
        return _idle_from_database(config)
    from prometheus_client.parser import text_string_to_metric_families

    host, port = address
    try:
        with urllib.request.urlopen(f"http://{host}:{port}/metrics", timeout=timeout) as resp:
            body = resp.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError):
        return None
    values = {s.name: s.value for f in text_string_to_metric_families(body) for s in f.samples}
    if "kiosk_idle" not in values:
        return None
    return values["kiosk_idle"] == 1 and values.get("kiosk_session_active", 0) == 0


def _idle_from_database(config: KioskConfig) -> bool | None:
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from kiosk.persistence.db import make_engine
    from kiosk.persistence.models import KioskSession

    engine = make_engine(config.database_url)
    try:
        with engine.connect() as conn:
            open_sessions = conn.execute(select(func.count()).select_from(KioskSession).where(
                KioskSession.kiosk_id == config.kiosk.id, KioskSession.state == "active")).scalar_one()
    except SQLAlchemyError:
        return None
    finally:
        engine.dispose()
    return open_sessions == 0


@cli.command("idle")
@click.option("--wait", "wait_s", type=click.FloatRange(0, 86_400), default=0.0, show_default=True,
              help="Keep asking this many seconds until the kiosk is idle.")
@click.option("--quiet-for", type=click.FloatRange(0, 3600), default=120.0, show_default=True,
              help="Idle this many seconds in a row before it counts (nobody just walked up).")
@click.option("--interval", type=click.FloatRange(0.05, 600), default=15.0, show_default=True, hidden=True)
@pass_config
def idle_cmd(config: KioskConfig, wait_s: float, quiet_for: float, interval: float) -> None:
    """Exit 0 when nobody is using the kiosk, 1 when it stayed busy, 2 when it cannot be asked."""
    deadline = time.monotonic() + wait_s + quiet_for
    idle_since: float | None = None
    reached = False
    while True:
        state = idle_now(config)
        now = time.monotonic()
        reached = reached or state is not None
        idle_since = (idle_since or now) if state else None
        if idle_since is not None and now - idle_since >= quiet_for:
            click.echo(f"kiosk idle: idle for {now - idle_since:.0f} s")
            return
        if now >= deadline:
            if not reached:
                click.echo("kiosk idle: the kiosk cannot be asked (not running, or metrics.listen not set)", err=True)
                sys.exit(UNREACHABLE)
            click.echo("kiosk idle: busy; not restarting now")
            sys.exit(BUSY)
        time.sleep(min(interval, max(0.0, deadline - now)) or interval)
