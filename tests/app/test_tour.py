"""`kiosk tour` drives the real application through every taxpayer flow and error path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.pty, pytest.mark.slow]

FLOWS = {
    "certificate", "iit-record", "queries", "payment", "reconciliation", "rental-invoice", "queue-ticket",
}
ERROR_PATHS = {"paper-out-mid-print", "card-lifted-early", "payment-declined", "idle-timeout"}


def test_tour_completes_every_flow(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_CONFIG", None)
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("kiosk")), "--config", str(cfg), "tour", "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    steps = {s["name"]: s["status"] for s in summary["steps"]}
    assert summary["ok"] and set(steps.values()) == {"pass"}
    assert set(steps) >= FLOWS | ERROR_PATHS
    shots = sorted(p.name for p in out.glob("[0-9][0-9]-*.png"))
    assert len(shots) >= 40 and shots[0].startswith("01-")
    kinds = {d["kind"] for d in summary["documents"]}
    assert {"certificate", "iit_record", "payment_voucher", "reconciliation", "rental_invoice", "queue_ticket"} <= kinds
    for receipt in summary["receipts"]:
        assert (out / receipt).stat().st_size > 0
    assert summary["pdfs"] and all((out / p).read_bytes().startswith(b"%PDF") for p in summary["pdfs"])
    texts = [(out / r).read_text(encoding="utf-8") for r in summary["receipts"] if r.endswith(".txt")]
    assert any("补打" in t or "REPRINT" in t.upper() for t in texts)  # the free reprint after paper out
