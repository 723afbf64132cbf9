"""``kiosk audit``: check the hash-chained audit log and show its last entries."""

from __future__ import annotations

import json
import sys

import click

from kiosk.cli.groups import audit, pass_config
from kiosk.config import KioskConfig


def _audit_log(config: KioskConfig):  # type: ignore[no-untyped-def]
    from kiosk.errors import DatabaseError
    from kiosk.persistence.db import has_schema, make_engine, session_factory
    from kiosk.services.anchors import hall_anchors_for
    from kiosk.services.audit import AuditLog

    engine = make_engine(config.database_url)
    if not has_schema(engine):
        raise DatabaseError("the database has no schema yet; run `kiosk db upgrade` first")
    return AuditLog(session_factory(engine), secrets_dir=config.secrets_dir, chain=config.kiosk.id,
                    hall=hall_anchors_for(config, engine))


@audit.command("verify")
@pass_config
def verify_cmd(config: KioskConfig) -> None:
    """Walk the chain against the anchored head (secrets directory, and the hall database when there
    is one); exit 1 and name the first broken entry when something was changed."""
    result = _audit_log(config).verify()
    if result.ok:
        click.echo(result.message)
        return
    click.echo(f"audit chain BROKEN at entry {result.first_broken_id}: {result.message}", err=True)
    sys.exit(1)


@audit.command("show")
@click.option("--last", "last_n", type=click.IntRange(1, 10_000), default=20, show_default=True,
              help="How many of the newest entries to show.")
@pass_config
def show_cmd(config: KioskConfig, last_n: int) -> None:
    """Show the newest entries (details hold masked data only)."""
    for e in _audit_log(config).last(last_n):
        detail = json.dumps(e.detail, ensure_ascii=False, sort_keys=True)
        click.echo(f"{e.id:>6}  {e.at:%Y-%m-%d %H:%M:%S}  {e.actor:<10} {e.action:<28} {detail}  {e.hash[:12]}")
