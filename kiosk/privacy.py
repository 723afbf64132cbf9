"""Masking of personal data for screens, slips and logs (PIPL Art. 28: ID numbers are sensitive)."""

from __future__ import annotations

import re

_PATTERN = re.compile(r"^(\d{1,2})\*(\d{1,2})$")


def parse_mask_pattern(pattern: str) -> tuple[int, int]:
    """Parse ``"6*4"`` into (keep first 6, keep last 4). Raises ValueError for anything else."""
    m = _PATTERN.match(pattern.strip())
    if not m:
        raise ValueError(f"bad mask pattern {pattern!r}")
    return int(m.group(1)), int(m.group(2))


def mask_id(id_number: str, pattern: str = "6*4") -> str:
    """Mask an ID number, keeping the configured head and tail: 110105********002X."""
    front, back = parse_mask_pattern(pattern)
    s = id_number.strip()
    if len(s) <= front + back:
        return "*" * len(s)
    return s[:front] + "*" * (len(s) - front - back) + (s[-back:] if back else "")


_LATIN_TAIL = re.compile(r"(?<=[A-Za-z])[A-Za-z'-]+")


def mask_name(name: str) -> str:
    """Mask a name for screens and logs: first character kept, 张** / 欧阳**; a name in Latin letters as
    printed on a foreigner's card keeps each word's initial and its punctuation: S****, J*** A********."""
    name = name.strip()
    if not name:
        return ""
    if name.isascii() and " " in name:
        return _LATIN_TAIL.sub(lambda m: "*" * len(m.group()), name)
    return name[0] + "*" * max(1, len(name) - 1)


def mask_account(number: str) -> str:
    """A bank account for screens, slips and logs: only the last four digits, **** 0123."""
    digits = "".join(ch for ch in number if ch.isdigit())
    return "**** " + digits[-4:] if len(digits) > 4 else "****"
