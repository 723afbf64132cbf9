"""The kiosk core's exception family.

Every error meant for a person carries a message in plain words. Lower layers (devices, receipts,
SQLAlchemy) raise their own exceptions; the core converts them at its boundary with ``raise ... from``.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base of every error the kiosk core raises on purpose.

    ``message_key`` lets the UI translate the message; ``str(err)`` is the English sentence for logs
    and the command line.
    """

    message_key = "error.generic"
    exit_code = 1

    def __init__(self, message: str, *, message_key: str | None = None) -> None:
        super().__init__(message)
        if message_key is not None:
            self.message_key = message_key


class ConfigError(KioskError):
    """The configuration file is missing, unreadable or has a bad value."""

    message_key = "error.config"
    exit_code = 2


class UserInputError(KioskError):
    """A person typed or passed something the kiosk cannot use (bad ID number, bad amount, bad JSON)."""

    message_key = "error.input"
    exit_code = 2


class DatabaseError(KioskError):
    """The database cannot be reached, is not migrated, or refused a write."""

    message_key = "error.database"


class NotFoundError(KioskError):
    """A taxpayer, record or document the request names does not exist."""

    message_key = "error.not_found"
