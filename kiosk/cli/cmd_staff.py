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
@click.option("--role", type=click.Choice(["staff", "technician"]), default="staff", show_default=True,
              help="staff: assisted sessions and reprints; technician: the whole maintenance mode.")
@click.option("--id-number", default=None,
              help="The person's own ID card number: placing that card opens the PIN keypad "
                   "(only a keyed hash is stored).")
@click.option("--pin", prompt=True, hide_input=True, confirmation_prompt=True,
              help="4 to 12 digits; asked for (hidden) when not given.")
@pass_config
def add_cmd(config: KioskConfig, login: str, name: str, role: str, id_number: str | None, pin: str) -> None:
    """Create LOGIN (or give it a new PIN and unlock it). The PIN is stored only as a slow hash."""
    from kiosk.domain.idnumber import validate
    from kiosk.persistence.db import make_engine, session_factory, transaction
    from kiosk.security.cards import card_hash
    from kiosk.security.keys import load_or_create_key
    from kiosk.services.staff import add_technician

    card = card_hash(load_or_create_key(config.secrets_dir), validate(id_number)) if id_number else None
    factory = session_factory(make_engine(config.database_url))
    with transaction(factory) as db:
        tech = add_technician(db, login, name, pin, role=role, card_hash=card)
        code = tech.login
    click.echo(f"{role} account {code} ready" + (" (with its ID card)" if card else ""))
