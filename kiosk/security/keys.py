"""The kiosk's document signing key: created on first start, kept in a private file, never shown.

The key is 32 random bytes stored hex-encoded in ``<secrets_dir>/signing.key``. The directory must be
mode 0700 and the file 0600, both owned by the kiosk's user; looser permissions are refused with a
message saying how to fix them, because a key others can read lets them forge certificates. The key
lives outside the database so a database dump or backup cannot be used to forge documents.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
import tempfile
from pathlib import Path

from kiosk.errors import KioskError

log = logging.getLogger("kiosk.security")

KEY_FILE = "signing.key"
AUDIT_KEY_FILE = "audit.key"  # the audit chain's HMAC key (kiosk.services.audit)
KEY_BYTES = 32


class SigningKeyError(KioskError):
    """The signing key is missing, unreadable, malformed or not private enough."""

    message_key = "error.signing_key"


def _check_private(path: Path, allowed: int, what: str) -> None:
    try:
        st = path.stat()
    except OSError as exc:
        raise SigningKeyError(f"the {what} {path} cannot be read: {exc.strerror or exc}") from None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        raise SigningKeyError(
            f"the {what} {path} belongs to another user; it must belong to the kiosk's user"
        )
    loose = stat.S_IMODE(st.st_mode) & ~allowed
    if loose:
        raise SigningKeyError(
            f"the {what} {path} has mode {stat.S_IMODE(st.st_mode):04o}; others may read it. "
            f"Run: chmod {allowed:04o} {path}"
        )


def key_path(secrets_dir: str | os.PathLike[str]) -> Path:
    return Path(secrets_dir) / KEY_FILE


def load_key(secrets_dir: str | os.PathLike[str], name: str = KEY_FILE) -> bytes:
    """Read the key; raises SigningKeyError when it is missing or its permissions are too loose."""
    directory = Path(secrets_dir)
    path = directory / name
    if not path.exists():
        what = "signing key" if name == KEY_FILE else f"key {name}"
        raise SigningKeyError(f"no {what} at {path}: this kiosk has not created it yet")
    _check_private(directory, 0o700, "secrets directory")
    _check_private(path, 0o600, "signing key file")
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SigningKeyError(f"the signing key file {path} cannot be read or is damaged") from exc
    if len(key) != KEY_BYTES:
        raise SigningKeyError(f"the signing key file {path} is damaged (wrong length)")
    return key


def ensure_secrets_dir(secrets_dir: str | os.PathLike[str]) -> Path:
    """The secrets directory, created 0700 if absent; SigningKeyError when it cannot be or is too open."""
    directory = Path(secrets_dir)
    if not directory.exists():
        try:
            directory.mkdir(mode=0o700, parents=True)
            os.chmod(directory, 0o700)  # mkdir's mode is filtered by the umask
        except OSError as exc:
            raise SigningKeyError(
                f"the secrets directory {directory} cannot be created: {exc.strerror or exc}"
            ) from None
        log.info("secrets directory from absent to created at %s (first start)", directory)
    if not directory.is_dir():
        raise SigningKeyError(f"the secrets directory {directory} is not a directory")
    _check_private(directory, 0o700, "secrets directory")
    return directory


def publish_private(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write ``data`` to ``path`` (0600) so that the file appears whole or not at all.

    The bytes go to a temporary file in the same directory, are fsynced, and are then linked to
    ``path`` (which fails with FileExistsError when ``path`` exists, so two processes creating the
    same secret cannot both win) or, with ``replace``, renamed over it. Created in place with
    O_EXCL instead, a kill -9 between the create and the write left an empty key file that stopped
    every later start ("damaged").
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)  # 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # the new name itself is on disk
    finally:
        os.close(dir_fd)


def load_or_create_key(secrets_dir: str | os.PathLike[str], name: str = KEY_FILE) -> bytes:
    """Return the kiosk's key, creating the directory (0700) and key file (0600) on first start."""
    directory = Path(secrets_dir)
    path = directory / name
    try:
        exists = path.exists()
    except OSError as exc:
        raise SigningKeyError(f"the secrets directory {directory} cannot be read: {exc.strerror or exc}") from None
    if exists:
        return load_key(directory, name)
    ensure_secrets_dir(directory)
    _check_private(directory, 0o700, "secrets directory")
    key = secrets.token_bytes(KEY_BYTES)
    try:
        publish_private(path, key.hex().encode("ascii") + b"\n")
    except FileExistsError:  # another process created it between our check and now
        return load_key(directory, name)
    except OSError as exc:
        raise SigningKeyError(f"the key file {path} cannot be created: {exc.strerror or exc}") from None
    log.info("key %s from absent to created at %s (first start)", name, path)
    return key
