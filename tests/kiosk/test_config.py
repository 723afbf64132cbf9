"""Configuration: every kind of bad value gives one clear error naming the key and the expected form."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import load_config, parse_config
from kiosk.errors import ConfigError


def test_defaults_are_valid_and_simulated() -> None:
    cfg = load_config(None)
    assert cfg.devices.idcard.port == "simulated"
    assert cfg.is_demo
    assert cfg.database_url.startswith("sqlite:///")
    assert cfg.devices.printer.paper_width == 80


def test_full_file_round_trip(tmp_path: Path) -> None:
    f = tmp_path / "kiosk.toml"
    f.write_text(
        """
[kiosk]
id = "KIOSK-0101"
data_dir = "/srv/kiosk"
languages = ["zh_CN"]
default_language = "zh_CN"
demo = false
[database]
url = "postgresql+psycopg://kiosk:s3cret@db.local/kiosk"
[devices.idcard]
port = "/dev/ttyUSB0"
baud = 9600
[devices.idcard.timeouts]
read = 2.5
[devices.printer]
port = "/dev/ttyS1"
paper_width = 58
flow_control = "xonxoff"
[printing]
bilingual = true
id_mask = "1*1"
""",
        encoding="utf-8",
    )
    cfg = load_config(f)
    assert cfg.kiosk.id == "KIOSK-0101"
    assert cfg.devices.idcard.baud == 9600
    assert cfg.devices.idcard.timeouts.read == 2.5
    assert cfg.devices.idcard.timeouts.find == 0.8  # untouched default
    assert cfg.devices.printer.paper_width == 58
    assert not cfg.is_demo
    shown = cfg.to_display_dict()
    assert "s3cret" not in str(shown)
    assert "***" in shown["database"]["url"]


@pytest.mark.parametrize(
    ("data", "key", "expected"),
    [
        ({"kiosk": {"idd": "x"}}, "kiosk.idd", "unknown key"),
        ({"colour": "red"}, "colour", "unknown key"),
        ({"devices": {"printer": {"paper_width": 76}}}, "devices.printer.paper_width", "58 or 80"),
        ({"devices": {"printer": {"paper_width": "80"}}}, "devices.printer.paper_width", "58 or 80"),
        ({"devices": {"idcard": {"baud": 12345}}}, "devices.idcard.baud", "115200"),
        ({"devices": {"idcard": {"baud": "fast"}}}, "devices.idcard.baud", "a whole number"),
        ({"devices": {"idcard": {"port": ""}}}, "devices.idcard.port", "device path"),
        ({"devices": {"idcard": {"timeouts": {"read": -1}}}}, "devices.idcard.timeouts.read", "above 0"),
        ({"devices": {"printer": {"flow_control": "dtr"}}}, "devices.printer.flow_control", "'xonxoff'"),
        ({"timeouts": {"idle_countdown": 5}}, "timeouts.idle_countdown", "at least 20"),
        ({"timeouts": {"idle_warning": 10}}, "timeouts.idle_warning", "60 to 300"),
        ({"timeouts": {"payment_expiry": True}}, "timeouts.payment_expiry", "a number"),
        ({"kiosk": {"languages": ["fr"]}}, "kiosk.languages[0]", "'zh_CN' or 'en'"),
        ({"kiosk": {"languages": ["en"]}}, "kiosk.default_language", "configured languages"),
        ({"kiosk": {"demo": "yes"}}, "kiosk.demo", "true or false"),
        ({"kiosk": {"id": " "}}, "kiosk.id", "non-empty"),
        ({"kiosk": {"id": "HALL"}}, "kiosk.id", "reserved for the hall console"),
        ({"kiosk": {"id": "K" * 41}}, "kiosk.id", "at most 40 characters"),
        ({"kiosk": "KIOSK"}, "kiosk", "a table"),
        ({"printing": {"id_mask": "six"}}, "printing.id_mask", "'6*4'"),
        ({"printing": {"verify_url_prefix": "ftp://x"}}, "printing.verify_url_prefix", "http(s) URL"),
        ({"database": {"url": "not a url"}}, "database.url", "SQLAlchemy URL"),
        ({"payment": {"simulated_outcome": "maybe"}}, "payment.simulated_outcome", "'paid'"),
        # Issue 14, defect 7: non-finite, out-of-range, unknown and revealing values.
        ({"timeouts": {"payment_expiry": float("inf")}}, "timeouts.payment_expiry", "finite"),
        ({"timeouts": {"host_request": float("nan")}}, "timeouts.host_request", "finite"),
        ({"timeouts": {"payment_expiry": 1e12}}, "timeouts.payment_expiry", "at most"),
        ({"devices": {"idcard": {"timeouts": {"read": float("inf")}}}}, "devices.idcard.timeouts.read", "finite"),
        ({"devices": {"printer": {"write_timeout": float("nan")}}}, "devices.printer.write_timeout", "finite"),
        ({"devices": {"idcard": {"poll_interval": 1e9}}}, "devices.idcard.poll_interval", "at most"),
        ({"payment": {"simulated_delay": float("inf")}}, "payment.simulated_delay", "finite"),
        ({"payment": {"simulated_delay": -1}}, "payment.simulated_delay", "at least 0"),
        ({"logging": {"max_bytes": -5}}, "logging.max_bytes", "at least"),
        ({"logging": {"max_bytes": 10**15}}, "logging.max_bytes", "at most"),
        ({"logging": {"backups": -1}}, "logging.backups", "at least"),
        ({"logging": {"backups": 100_000}}, "logging.backups", "at most"),
        ({"payment": {"provider": "alipay-ish"}}, "payment.provider", "known payment providers"),
        ({"devices": {"printer": {"port": "/dev/ttyUSB0\x00"}}}, "devices.printer.port", "control character"),
        ({"devices": {"idcard": {"port": "/dev/tty\nS0"}}}, "devices.idcard.port", "control character"),
        ({"printing": {"id_mask": "17*0"}}, "printing.id_mask", "at least 8"),
        ({"printing": {"id_mask": "6*6"}}, "printing.id_mask", "at least 8"),
    ],
)
def test_bad_values_name_the_key(data: dict, key: str, expected: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_config(data, source="x.toml")
    message = str(err.value)
    assert message.startswith(f"{key}:"), message
    assert expected in message
    assert "(in x.toml)" in message
    assert "\n" not in message


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.toml")


def test_bad_toml(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text("[kiosk\nid = 1", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(f)


def test_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "gbk.toml"
    f.write_bytes('[kiosk]\nid = "自助"\n'.encode("gbk"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(f)


def test_env_variable_is_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "k.toml"
    f.write_text('[kiosk]\nid = "FROM-ENV"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(f))
    assert load_config().kiosk.id == "FROM-ENV"
