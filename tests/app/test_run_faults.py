"""Issue 14, defect 6 for `kiosk run` (which lives in the composition root): one `error:` line, never
a traceback, when the data or logs directory cannot be used."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.main import _group
from tests.kiosk.cli.test_cli_faults import (
    _config,
    _data_dir_is_a_file,
    _data_dir_uncreatable,
    _logs_dir_is_a_file,
)

RUN = ["run", "--simulate"]


def _invoke(cfg: Path) -> list[str]:
    argv = ["--config", str(cfg), *RUN]
    result = CliRunner().invoke(_group(argv), argv, input="")
    assert result.exit_code not in (0, None) and isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return [line for line in result.output.splitlines() if line.strip()]


@pytest.mark.parametrize("setup", [_data_dir_is_a_file, _data_dir_uncreatable, _logs_dir_is_a_file],
                         ids=["data-dir-file", "data-dir-uncreatable", "logs-dir-file"])
def test_run_says_one_line(tmp_path: Path, setup: Callable[[Path], Path]) -> None:
    lines = _invoke(setup(tmp_path))
    assert len(lines) == 1 and lines[0].startswith("error: "), lines


def test_run_with_a_read_only_logs_directory(tmp_path: Path) -> None:
    """The logs directory on a read-only file system (a read-only bind mount: root ignores
    permission bits, not a read-only mount)."""
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    root = os.geteuid() == 0
    if not root:
        logs.chmod(0o500)
    elif subprocess.run(["mount", "--bind", str(logs), str(logs)], capture_output=True).returncode != 0:
        pytest.skip("cannot bind-mount here")
    try:
        if root and subprocess.run(["mount", "-o", "remount,ro,bind", str(logs)],
                                   capture_output=True).returncode != 0:
            pytest.skip("cannot remount read-only here")
        lines = _invoke(_config(tmp_path))
    finally:
        if root:
            subprocess.run(["umount", str(logs)], capture_output=True)
        else:
            logs.chmod(0o700)
    assert len(lines) == 1 and lines[0].startswith("error: ") and "logs" in lines[0], lines
