"""A kill -9 while a secret is being created must not leave a half-made secret that stops the kiosk.

The signing key and the audit key are created on first start, the PDF signing identity (demo CA,
certificate, key) on the first signed PDF - which is the middle of a paid rental invoice or a
reconciliation. A child process creates them and SIGKILLs itself at a chosen write; the next start
must then find either no secret (and create it) or a whole one, never a file that is there but
empty or a key without its certificate.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kiosk.security.keys import load_or_create_key
from kiosk.security.pdf_signing import load_identity, sign_pdf

ROOT = Path(__file__).resolve().parents[3]

CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    secrets, what, nth = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    calls = {"n": 0}
    def killing(real):
        def wrapper(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == nth:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)
        return wrapper
    # every call that puts bytes or a name on disk, whichever way the code under test writes
    for name in ("write", "fsync", "link", "replace", "rename"):
        setattr(os, name, killing(getattr(os, name)))
    Path.write_bytes = killing(Path.write_bytes)
    if what == "key":
        from kiosk.security.keys import load_or_create_key
        load_or_create_key(secrets)
    else:
        from kiosk.security.pdf_signing import load_identity
        load_identity(secrets, "K-1", demo=True)
    print("finished")
""")


def _killed_while_creating(secrets: Path, what: str, nth: int) -> bool:
    done = subprocess.run([sys.executable, "-c", CHILD, str(secrets), what, str(nth)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode in (0, -9), done.stderr
    return done.returncode == -9


@pytest.mark.parametrize("nth", [1, 2, 3])
def test_a_key_half_written_at_a_kill_is_not_left_behind(tmp_path: Path, nth: int) -> None:
    secrets = tmp_path / "secrets"
    killed = _killed_while_creating(secrets, "key", nth)
    assert killed  # each of the first three writes or renames is the key's
    key = load_or_create_key(secrets)  # the next start: a whole key, old or new
    assert len(key) == 32
    assert load_or_create_key(secrets) == key


@pytest.mark.parametrize("nth", range(1, 10))
def test_a_pdf_identity_half_made_at_a_kill_is_made_again_whole(tmp_path: Path, nth: int) -> None:
    """Killed at any of the identity's writes, the next signed PDF still gets a valid signature."""
    from reportlab.pdfgen.canvas import Canvas

    from kiosk.security.pdf_signing import check_signature

    out = io.BytesIO()
    page = Canvas(out)
    page.drawString(72, 720, "a page to sign")
    page.save()
    secrets = tmp_path / "secrets"
    killed = _killed_while_creating(secrets, "identity", nth)
    assert killed  # the three files make at least nine writes, renames and fsyncs
    identity = load_identity(secrets, "K-1", demo=True)
    signed = sign_pdf(out.getvalue(), identity)
    assert check_signature(signed, identity) == (True, "")
    assert load_identity(secrets, "K-1", demo=True) == identity  # and it stays the same one
