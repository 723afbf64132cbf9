"""``kiosk hall serve`` (the staff console) and ``kiosk hall status`` (the same data in a terminal)."""

from __future__ import annotations

import contextlib
import json

import click

from kiosk.cli.groups import KioskGroup, cli, pass_config
from kiosk.config import KioskConfig


@cli.group(name="hall", cls=KioskGroup)
def hall_group() -> None:
    """The hall of kiosks: the staff console and the kiosks' state."""


@hall_group.command("serve")
@click.option("--listen", default="127.0.0.1:8080", show_default=True, help="HOST:PORT to serve the console on.")
@pass_config
def serve_cmd(config: KioskConfig, listen: str) -> None:
    """Serve the hall console (sign in with a staff code and PIN)."""
    from kiosk.hall.server import HallServer
    from kiosk.logs import setup_logging

    setup_logging(config, console=True)
    server = HallServer(config, listen)
    click.echo(f"hall console on {server.url} ({server.feed.mode}); Ctrl+C stops it")
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C: a quiet stop
        server.serve_forever()


@hall_group.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_config
def status_cmd(config: KioskConfig, as_json: bool) -> None:
    """Every kiosk's state, paper and problems, and the open staff calls."""
    from kiosk.hall.store import HallStore

    store = HallStore.at(config.database_url)
    try:
        tiles, calls = store.kiosks(), store.calls(open_only=True)
    finally:
        store.engine.dispose()
    if as_json:
        click.echo(json.dumps({"kiosks": [t.as_json() for t in tiles], "open_calls": [c.as_json() for c in calls]},
                              ensure_ascii=False, indent=2))
        return
    if not tiles:
        click.echo("no kiosk has reported to the hall yet")
    for t in tiles:
        j = t.as_json()
        problems = "; ".join(j["problems"]) or "-"
        click.echo(f"{t.kiosk_id:<16} {j['service_state']:<15} paper {t.paper or '-':<8} calls {t.open_calls:<3} {problems}")
    for c in calls:
        click.echo(f"call {c.code} at {c.kiosk_id}: {c.service or '-'} / {c.step or '-'} {c.masked_id or ''}".rstrip())
