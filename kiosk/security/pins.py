"""Staff PINs: a slow salted hash (PBKDF2), so a copied database does not give the PINs away."""

from __future__ import annotations

import hashlib
import secrets

from kiosk.errors import UserInputError

PBKDF2_ITERATIONS = 120_000  # about 50 ms on a kiosk box: cheap for a person, slow for guessing


def hash_pin(pin: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), PBKDF2_ITERATIONS).hex()


def new_credentials(pin: str, salt: str | None = None) -> tuple[str, str]:
    """(pin_hash, pin_salt) for a new staff account; a PIN has 4 to 12 digits. ``salt`` (32 hex
    characters) only for deterministic demo data; real accounts get a random one."""
    if not (pin.isdigit() and 4 <= len(pin) <= 12):
        raise UserInputError("a staff PIN has 4 to 12 digits", message_key="error.staff_pin_form")
    salt = salt or secrets.token_hex(16)
    return hash_pin(pin, salt), salt
