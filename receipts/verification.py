"""Verification codes: an HMAC of a document's canonical content, printed as XXXX-XXXX-XXXX-XXXX.

code = first 80 bits of HMAC-SHA256(kiosk key, canonical JSON), written in Crockford's base32
(no I, L, O, U: nothing to confuse when a person types it back). Canonical JSON is UTF-8 with sorted
keys and no spaces; money is text ("1409.50"), never a float, so the bytes are the same on every
machine and after a round trip through the database's JSON column.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
# Crockford's reading rules: O is zero, I and L are one; separators and spaces are ignored.
_READ = str.maketrans({"O": "0", "I": "1", "L": "1", "-": None, " ": None})


def canonical_bytes(content: dict[str, Any]) -> bytes:
    """The exact bytes the code signs."""
    return json.dumps(
        content, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def compute_code(key: bytes, content: dict[str, Any]) -> str:
    """16 characters of Crockford base32 from HMAC-SHA256(key, canonical content)."""
    if len(key) < 16:
        raise ValueError("the signing key is too short")
    digest = hmac.new(key, canonical_bytes(content), hashlib.sha256).digest()
    n = int.from_bytes(digest[:10], "big")  # 80 bits = 16 x 5 bits
    return "".join(ALPHABET[(n >> shift) & 31] for shift in range(75, -5, -5))


def normalize_code(text: str) -> str:
    """Read a typed or scanned code (any case, with or without dashes, or a verification URL).

    Raises ValueError when it cannot be a code.
    """
    s = text.strip()
    if "/" in s:  # a URL scanned from the QR: the code is the last path segment
        s = s.rstrip("/").rsplit("/", 1)[-1]
    s = s.upper().translate(_READ)
    if len(s) != CODE_LENGTH or any(ch not in ALPHABET for ch in s):
        raise ValueError(f"a verification code has {CODE_LENGTH} letters and digits (XXXX-XXXX-XXXX-XXXX)")
    return s


def check_code(key: bytes, content: dict[str, Any], code: str) -> bool:
    """True when ``code`` is the code of ``content`` under ``key`` (constant-time comparison)."""
    return hmac.compare_digest(compute_code(key, content), code)
