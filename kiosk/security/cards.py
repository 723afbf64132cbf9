"""Staff members' own ID cards: stored as a keyed hash, so the database never holds the number.

``card_hash = HMAC-SHA256(K, normalised ID number)`` where ``K = HMAC-SHA256(kiosk key, "staff-card")``:
a key of its own derived from the kiosk's signing key (domain separation), so the hash is useless
without the key file, and a guess of the (small) ID-number space cannot be checked offline.
"""

from __future__ import annotations

import hashlib
import hmac

_PURPOSE = b"staff-card"


def card_hash(key: bytes, id_number: str) -> str:
    derived = hmac.new(key, _PURPOSE, hashlib.sha256).digest()
    normalised = "".join(id_number.split()).upper()
    return hmac.new(derived, normalised.encode("ascii", "replace"), hashlib.sha256).hexdigest()
