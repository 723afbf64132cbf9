"""Re-extract the on-screen strings and compile the Chinese catalogue.

    python -m ui.i18n.build          # lupdate ui/texts.py -> kiosk_zh_CN.ts, lrelease -> kiosk_zh_CN.qm

Translators edit kiosk_zh_CN.ts with Qt Linguist (pyside6-linguist); lupdate keeps their work and
marks new strings "unfinished". tests/ui/test_i18n.py fails while any string is untranslated.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ui.i18n import HERE, QM_FILE, TS_FILE

SOURCES = [HERE.parent / "texts.py"]


def tool(name: str) -> str:
    """The pyside6 tool next to the running interpreter (the venv), else on PATH."""
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def lupdate(ts_file: Path = TS_FILE) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            "-locations",
            "none",
            "-no-obsolete",
            *map(str, SOURCES),
            "-ts",
            str(ts_file),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )


def lrelease(ts_file: Path = TS_FILE, qm_file: Path = QM_FILE) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def main() -> int:
    lupdate()
    lrelease()
    print(f"updated {TS_FILE.name} and {QM_FILE.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
