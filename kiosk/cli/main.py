"""Assemble the ``kiosk`` command group: importing each command module registers its commands."""

from __future__ import annotations

from kiosk.cli import (  # noqa: F401  (imported for their registration side effect)
    cmd_config,
    cmd_db,
    cmd_fleet,
    cmd_hall,
    cmd_idcard,
    cmd_idle,
    cmd_maint,
    cmd_printer,
    cmd_receipts,
    cmd_services,
    cmd_staff,
    cmd_tax,
)
from kiosk.cli.groups import cli

__all__ = ["cli"]
