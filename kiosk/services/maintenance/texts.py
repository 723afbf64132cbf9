"""Masking free text for technicians: journal reasons and log lines never show a full ID number."""

from __future__ import annotations

import re

from kiosk.privacy import mask_id

# An 18-character resident ID number (17 digits and a digit or X), not inside a longer run of digits.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def mask_text(text: str, pattern: str = "6*4") -> str:
    return _ID_NUMBER.sub(lambda m: mask_id(m.group(0), pattern), text)
