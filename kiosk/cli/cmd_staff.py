"""``kiosk staff add``: create a staff account for staff-assisted entry (login + PIN)."""

from __future__ import annotations

import click

from kiosk.cli.groups import cli, pass_config
from kiosk.config import KioskConfig


@cli.group(name="staff")
def staff_group() -> None:
    """Staff accounts (for staff-assisted session start)."""


@staff_group.command("add")
@click.argument("login")
@click.option("--name", required=True, help="The staff member's name.")
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True,
              help="4 to 12 digits; asked for (hidden) when not given.")
@pass_config
def add_cmd(config: KioskConfig, login: str, name: str, pin: str) -> None:
    """Create LOGIN (or give it a new PIN and unlock it). The PIN is stored only as a slow hash."""
    from kiosk.persistence.db import make_engine, session_factory, transaction
    from kiosk.services.staff import add_technician

    factory = session_factory(make_engine(config.database_url))
    with transaction(factory) as db:
        tech = add_technician(db, login, name, pin)
        code = tech.login
    click.echo(f"staff account {code} ready")
