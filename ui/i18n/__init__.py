"""Translations: English source strings (ui/texts.py) and the compiled zh_CN catalogue (kiosk_zh_CN.qm)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
TS_FILE = HERE / "kiosk_zh_CN.ts"
QM_FILE = HERE / "kiosk_zh_CN.qm"
