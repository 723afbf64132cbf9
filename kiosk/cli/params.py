"""Command-line parameters checked the way the kiosk checks them on screen."""

from __future__ import annotations

import click


def id_number_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--taxpayer``: normalised (full-width digits, spaces, a lower-case x) and validated (length,
    birth date, check digit) by :func:`kiosk.domain.idnumber.validate`; a bad one is a one-line
    ``error:`` with the reason and exit 2 (UserInputError through KioskGroup), never "not found"."""
    del ctx, param
    if value is None:
        return None
    from kiosk.domain.idnumber import validate

    return validate(value)
