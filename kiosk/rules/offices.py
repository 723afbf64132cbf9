"""Per-tax-office overrides: the longest code prefix that matches wins."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

T = TypeVar("T")


def match_office(overrides: Mapping[str, T], office_code: str | None) -> tuple[str | None, T | None]:
    """(prefix, value) of the longest key of ``overrides`` that ``office_code`` starts with."""
    if not office_code:
        return None, None
    best: str | None = None
    for prefix in overrides:
        if office_code.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return (best, overrides[best]) if best is not None else (None, None)
