"""Journal exports for technicians: JSON lines and a signed digest file next to them.

The digest file holds one line, ``HMAC-SHA256 <hex> <file name>``: the HMAC of the exported file's
bytes under a key derived from the kiosk's signing key (purpose "journal-export"). Anyone with the
kiosk key (the district's technicians, ``kiosk maint verify-export``) can tell whether a file came
from this kiosk unchanged; a changed byte, a truncated file or a swapped digest fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import UserInputError

DIGEST_SUFFIX = ".sig"
ALGORITHM = "HMAC-SHA256"
_PURPOSE = b"journal-export"


def export_key(kiosk_key: bytes) -> bytes:
    return hmac.new(kiosk_key, _PURPOSE, hashlib.sha256).digest()


def digest_of(kiosk_key: bytes, data: bytes) -> str:
    return hmac.new(export_key(kiosk_key), data, hashlib.sha256).hexdigest()


def write_export(path: Path, records: list[dict[str, Any]], kiosk_key: bytes) -> tuple[Path, str]:
    """Write the JSON lines and the digest file (each written whole, then renamed into place)."""
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records).encode()
    digest = digest_of(kiosk_key, data)
    sig = path.with_name(path.name + DIGEST_SUFFIX)
    for target, body in ((path, data), (sig, f"{ALGORITHM} {digest} {path.name}\n".encode())):
        tmp = target.with_name(target.name + ".part")
        with open(tmp, "wb") as fh:
            fh.write(body)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    return sig, digest


@dataclass(frozen=True)
class ExportCheck:
    ok: bool
    message: str
    lines: int = 0


def verify_export(path: str | os.PathLike[str], kiosk_key: bytes, digest_path: str | None = None) -> ExportCheck:
    """Does the file match its digest file under this kiosk's key?"""
    p = Path(path)
    sig = Path(digest_path) if digest_path else p.with_name(p.name + DIGEST_SUFFIX)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UserInputError(f"cannot read the export {p}: {exc.strerror or exc}") from None
    try:
        parts = sig.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        raise UserInputError(f"no readable digest file {sig} next to the export") from None
    if len(parts) < 2 or parts[0] != ALGORITHM:
        return ExportCheck(False, f"the digest file {sig.name} is not a kiosk export digest")
    if not hmac.compare_digest(parts[1], digest_of(kiosk_key, data)):
        return ExportCheck(False, "altered or not from this kiosk: the file does not match its digest")
    return ExportCheck(True, "genuine: the file matches its digest under this kiosk's key", data.count(b"\n"))
