"""The import directions of the layers (import-linter contracts in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> subprocess.CompletedProcess[str]:
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    return subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_import_contracts_hold() -> None:
    result = _lint_imports()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 5 kept, 0 broken" in result.stdout


def test_contracts_cover_every_layer() -> None:
    """The contract file names each rule of the architecture (a dropped contract would pass silently)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for phrase in (
        'source_modules = ["devices"]',
        'source_modules = ["receipts"]',
        'source_modules = ["kiosk"]',
        'source_modules = ["ui"]',
        'layers = ["cli", "flow | hall", "services", "documents", "persistence", "tax", "rules", "domain"]',
    ):
        assert phrase in text
    # nothing imports the composition root
    assert text.count('"app"') >= 4


def _imported_roots(path: Path) -> set[str]:
    import ast

    roots: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_devices_use_only_stdlib_and_pyserial() -> None:
    """devices/ is a standalone library: stdlib + pyserial; Pillow/segno only for the simulator's PNGs."""
    allowed = set(sys.stdlib_module_names) | {"serial", "devices", "__future__"}
    png_only = {"PIL", "segno"}
    offenders = []
    for path in sorted((ROOT / "devices").rglob("*.py")):
        extra = _imported_roots(path) - allowed
        if path.name == "render_png.py":
            extra -= png_only
        if extra:
            offenders.append(f"{path.relative_to(ROOT)}: {sorted(extra)}")
    assert not offenders, offenders
