"""The signing key: created once with tight permissions, refused when others can read it."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from kiosk.security.keys import SigningKeyError, key_path, load_key, load_or_create_key


def test_created_once_private_and_stable(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    secrets_dir = tmp_path / "var" / "secrets"
    with caplog.at_level(logging.DEBUG):
        key = load_or_create_key(secrets_dir)
    assert len(key) == 32
    assert stat.S_IMODE(secrets_dir.stat().st_mode) == 0o700
    assert stat.S_IMODE(key_path(secrets_dir).stat().st_mode) == 0o600
    assert load_or_create_key(secrets_dir) == key == load_key(secrets_dir)
    assert key.hex() not in caplog.text  # never logged


def test_loose_permissions_are_refused(tmp_path: Path) -> None:
    secrets_dir = tmp_path / "secrets"
    load_or_create_key(secrets_dir)
    os.chmod(key_path(secrets_dir), 0o644)
    with pytest.raises(SigningKeyError, match="chmod 0600"):
        load_key(secrets_dir)
    os.chmod(key_path(secrets_dir), 0o600)
    os.chmod(secrets_dir, 0o755)
    with pytest.raises(SigningKeyError, match="chmod 0700"):
        load_or_create_key(secrets_dir)


def test_missing_or_damaged(tmp_path: Path) -> None:
    with pytest.raises(SigningKeyError, match="no signing key"):
        load_key(tmp_path)
    d = tmp_path / "s"
    load_or_create_key(d)
    key_path(d).write_text("zz\n")
    with pytest.raises(SigningKeyError, match="damaged"):
        load_key(d)
