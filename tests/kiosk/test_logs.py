"""Log files: rotating, in the data directory, device traffic kept in a file of its own."""

from __future__ import annotations

import logging

from kiosk.config import KioskConfig, parse_config
from kiosk.logs import setup_logging


def test_traffic_goes_to_its_own_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg: KioskConfig = parse_config({"kiosk": {"data_dir": str(tmp_path)}, "logging": {"level": "DEBUG"}})
    log_dir = setup_logging(cfg)
    try:
        logging.getLogger("kiosk.flow").info("from attract to menu (card read)")
        logging.getLogger("devices.idcard").info("from offline to online (reopened)")
        logging.getLogger("devices.idcard.traffic").debug("-> AA AA AA 96 69 00 03 20 01 22")
        for h in logging.getLogger().handlers:
            h.flush()
        main = (log_dir / "kiosk.log").read_text(encoding="utf-8")
        traffic = (log_dir / "devices-traffic.log").read_text(encoding="utf-8")
    finally:
        for h in list(logging.getLogger().handlers):
            if getattr(h, "baseFilename", "").startswith(str(tmp_path)):
                logging.getLogger().removeHandler(h)
                h.close()
    assert "from attract to menu (card read)" in main
    assert "from offline to online" in main
    assert "AA AA AA 96 69" not in main
    assert "AA AA AA 96 69" in traffic
    assert "from attract to menu" not in traffic


def test_rotation_keeps_backups(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = parse_config({"kiosk": {"data_dir": str(tmp_path)}, "logging": {"max_bytes": 2000, "backups": 3}})
    log_dir = setup_logging(cfg)
    try:
        log = logging.getLogger("kiosk.test")
        for i in range(200):
            log.warning("line %04d %s", i, "x" * 40)
    finally:
        for h in list(logging.getLogger().handlers):
            if getattr(h, "baseFilename", "").startswith(str(tmp_path)):
                logging.getLogger().removeHandler(h)
                h.close()
    names = sorted(p.name for p in log_dir.iterdir() if p.name.startswith("kiosk.log"))
    assert names == ["kiosk.log", "kiosk.log.1", "kiosk.log.2", "kiosk.log.3"]
