"""Typed kiosk configuration: defaults in one place, one TOML file, clear errors naming the bad key.

The file is read once at start. Every key is validated before anything else starts, so a bad file
stops the kiosk with one line such as::

    config error: devices.printer.paper_width: expected 58 or 80, got 76 (in /etc/kiosk.toml)

Unknown keys are errors too: a misspelt key silently falling back to its default is how a kiosk
ends up printing to the wrong port.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
import types
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from devices.idcard.timeouts import StageTimeouts  # the reader's own definition: [devices.idcard.timeouts]
from kiosk.errors import ConfigError

SIMULATED = "simulated"
Language = Literal["zh_CN", "en"]


@dataclass(frozen=True)
class IdCardConfig:
    port: str = SIMULATED
    baud: int = 115200
    poll_interval: float = 0.3
    timeouts: StageTimeouts = field(default_factory=StageTimeouts)


@dataclass(frozen=True)
class PrinterConfig:
    port: str = SIMULATED
    baud: int = 115200
    paper_width: Literal[58, 80] = 80
    flow_control: Literal["none", "xonxoff", "rtscts"] = "none"
    write_timeout: float = 5.0
    status_timeout: float = 0.2  # the printer's own answer time; wire time at the baud is added
    confirm: Literal["auto", "gs_r", "drain"] = "auto"  # auto: GS r 1 if answered at start-up
    native_qr: bool = True  # false: QR codes go out as raster images (printers without GS ( k)


@dataclass(frozen=True)
class DevicesConfig:
    idcard: IdCardConfig = field(default_factory=IdCardConfig)
    printer: PrinterConfig = field(default_factory=PrinterConfig)


@dataclass(frozen=True)
class TimeoutsConfig:
    """Seconds. Idle figures follow kiosk-ux.md (warn after 60-90 s, count down >= 20 s)."""

    idle_warning: float = 75.0
    idle_countdown: float = 30.0
    result_return: float = 30.0
    device_operation: float = 20.0
    payment_poll_interval: float = 1.0
    payment_expiry: float = 300.0
    host_request: float = 10.0
    technician_idle: float = 900.0


@dataclass(frozen=True)
class PrintingConfig:
    bilingual: bool = False
    id_mask: str = "6*4"
    verify_url_prefix: str = "https://verify.example.invalid/v/"
    a4_output_dir: str = ""
    print_logo: bool = False
    # Days an archived A4 PDF is kept for a reprint at the counter; later reprints are rebuilt from
    # the database (kiosk.security.at_rest).
    pdf_retention_days: int = 30


@dataclass(frozen=True)
class PaymentConfig:
    provider: str = SIMULATED
    # Simulated provider behaviour: seconds until the payer "scans", and the outcome it reaches.
    simulated_delay: float = 2.0
    simulated_outcome: Literal["paid", "declined", "expired"] = "paid"


@dataclass(frozen=True)
class KioskSection:
    id: str = "KIOSK-DEMO-01"
    tax_office: str = "国家税务总局示范市示范区税务局第一税务所"
    tax_office_code: str = "13100000000"
    location: str = "示范区办税服务厅"
    # The tax hall this kiosk stands in: every kiosk of one hall draws queue tickets from one queue.
    # Empty: the tax office code (one hall per office).
    hall: str = ""
    data_dir: str = "var"
    demo: bool = True
    languages: tuple[Language, ...] = ("zh_CN", "en")
    default_language: Language = "zh_CN"


@dataclass(frozen=True)
class DatabaseConfig:
    # Empty means the embedded SQLite file <data_dir>/kiosk.db.
    url: str = ""
    echo: bool = False


@dataclass(frozen=True)
class SecretsConfig:
    # Directory holding the kiosk's signing key; empty means <data_dir>/secrets. Kept out of the DB.
    dir: str = ""
    # The PDF signing certificate, its key and the CA that issued it (PEM). Empty on a demo kiosk:
    # a self-signed demo CA is created in the secrets directory (kiosk.security.pdf_signing).
    pdf_certificate: str = ""
    pdf_key: str = ""
    pdf_trust: str = ""


@dataclass(frozen=True)
class LoggingConfig:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    max_bytes: int = 5_000_000
    backups: int = 20


@dataclass(frozen=True)
class AuditConfig:
    # The hall database the audit chain head is pushed to (table audit_anchors, one row per kiosk id;
    # docs/integrity.md). Empty: the kiosk's own database when it is PostgreSQL (a hall's shared
    # database), else none (the secrets directory is then the only anchor).
    anchor_url: str = ""


@dataclass(frozen=True)
class MaintenanceConfig:
    # Where ``export`` writes journal files (a USB stick's mount point); empty: <data_dir>/exports.
    export_dir: str = ""
    # A printer fault takes the kiosk out of service, or leaves it degraded (queries still work).
    printer_fault: Literal["out_of_service", "degraded"] = "degraded"
    # Millimetres of paper on a new roll (0: unknown, no paper-left estimate).
    roll_capacity_mm: int = 80_000


@dataclass(frozen=True)
class MetricsConfig:
    # Prometheus metrics of this kiosk over HTTP ("127.0.0.1:9108"); empty: off. Off by default so a
    # developer's kiosks and the tests do not fight over a port; deploy/kiosk.toml switches it on, on
    # loopback (the hall's Prometheus reaches it through the site's own tunnel or node agent).
    listen: str = ""

    @property
    def address(self) -> tuple[str, int] | None:
        """(host, port), or None when metrics are off."""
        if not self.listen.strip():
            return None
        host, _, port = self.listen.strip().rpartition(":")
        return host.strip("[]") or "127.0.0.1", int(port)


@dataclass(frozen=True)
class KioskConfig:
    kiosk: KioskSection = field(default_factory=KioskSection)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    devices: DevicesConfig = field(default_factory=DevicesConfig)
    timeouts: TimeoutsConfig = field(default_factory=TimeoutsConfig)
    printing: PrintingConfig = field(default_factory=PrintingConfig)
    payment: PaymentConfig = field(default_factory=PaymentConfig)
    secrets: SecretsConfig = field(default_factory=SecretsConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    maintenance: MaintenanceConfig = field(default_factory=MaintenanceConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    audit: AuditConfig = field(default_factory=AuditConfig)
    source: str = "built-in defaults"

    # ---- derived values -------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        return Path(self.kiosk.data_dir).expanduser()

    @property
    def database_url(self) -> str:
        return self.database.url or f"sqlite:///{(self.data_dir / 'kiosk.db').resolve()}"

    @property
    def hall_id(self) -> str:
        """The hall whose queue this kiosk's tickets join (``kiosk.hall``, else the tax office code)."""
        return (self.kiosk.hall.strip() or self.kiosk.tax_office_code.strip())[:40]

    @property
    def secrets_dir(self) -> Path:
        return Path(self.secrets.dir).expanduser() if self.secrets.dir else self.data_dir / "secrets"

    @property
    def export_dir(self) -> Path:
        d = self.maintenance.export_dir
        return Path(d).expanduser() if d else self.data_dir / "exports"

    @property
    def simulated_devices(self) -> bool:
        return SIMULATED in (self.devices.idcard.port, self.devices.printer.port)

    @property
    def is_demo(self) -> bool:
        """Documents carry the 演示 / DEMO mark when data or devices are not real."""
        return self.kiosk.demo or self.simulated_devices

    def to_display_dict(self) -> dict[str, Any]:
        """The effective configuration for ``kiosk config check``, secrets and passwords hidden."""
        out: dict[str, Any] = _to_dict(self)
        out.pop("source", None)
        out["database"]["url"] = _hide_password(self.database_url)
        out["secrets"]["dir"] = str(self.secrets_dir)
        out["audit"]["anchor_url"] = _hide_password(self.audit.anchor_url) if self.audit.anchor_url else ""
        return out


# ---- validation ------------------------------------------------------------------------------


def _hide_password(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # a URL SQLAlchemy cannot parse is shown as-is minus anything after ':' in userinfo
        return url


def _to_dict(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj):
        return {f.name: _to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple):
        return [_to_dict(v) for v in obj]
    return obj


def _describe(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return " or ".join(repr(a) if isinstance(a, str) else str(a) for a in get_args(tp))
    if origin is tuple:
        return f"a list of ({_describe(get_args(tp)[0])})"
    if origin in (Union, types.UnionType):
        return " or ".join(_describe(a) for a in get_args(tp))
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _coerce(key: str, value: Any, tp: Any) -> Any:
    origin = get_origin(tp)
    bad = ConfigError(f"{key}: expected {_describe(tp)}, got {value!r}")
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{key}: expected a table ([{key}]), got {value!r}")
        return _build(tp, value, key)
    if origin is Literal:
        if value in get_args(tp) and type(value) is type(get_args(tp)[0]):
            return value
        raise bad
    if origin is tuple:
        if not isinstance(value, list) or not value:
            raise bad
        return tuple(_coerce(f"{key}[{i}]", v, get_args(tp)[0]) for i, v in enumerate(value))
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise bad
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise bad
    if tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise bad
    if tp is str:
        if isinstance(value, str):
            return value
        raise bad
    if tp is Decimal:
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise bad from None
    raise bad  # pragma: no cover - a field type this module does not know


def _build(cls: type, data: dict[str, Any], prefix: str = "") -> Any:
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.name != "source"}
    unknown = sorted(set(data) - names)
    if unknown:
        where = f"[{prefix}]" if prefix else "the top level"
        raise ConfigError(
            f"{prefix + '.' if prefix else ''}{unknown[0]}: unknown key in {where}; "
            f"known keys: {', '.join(sorted(names))}"
        )
    kwargs = {
        name: _coerce(f"{prefix}.{name}" if prefix else name, value, hints[name]) for name, value in data.items()
    }
    return cls(**kwargs)


# Payment providers this kiosk has an adapter for (kiosk.services.payments.make_provider).
KNOWN_PROVIDERS = (SIMULATED,)
ID_NUMBER_LENGTH = 18
MIN_HIDDEN_ID_CHARACTERS = 8  # the 18th character is a check digit: hiding one or two reveals nothing
DAY = 86_400.0


def _number_in(key: str, value: float, low: float, high: float, *, above: bool = False, unit: str = "") -> None:
    """Finite and within [low, high] (``above``: strictly above ``low``); one line naming the key otherwise."""
    if not math.isfinite(value):
        raise ConfigError(f"{key}: expected a finite number, got {value!r}")
    if above and value <= low:
        raise ConfigError(f"{key}: expected a number above {low:g}{unit}, got {value!r}")
    if value < low:
        raise ConfigError(f"{key}: expected at least {low:g}{unit}, got {value!r}")
    if value > high:
        raise ConfigError(f"{key}: expected at most {high:g}{unit}, got {value!r}")


def _check_anchor_url(url: str) -> None:
    if not url:
        return
    if any(ord(c) < 32 or ord(c) == 127 for c in url):
        raise ConfigError("audit.anchor_url: a database URL cannot hold a control character")
    try:
        from sqlalchemy.engine import make_url

        make_url(url)
    except Exception:  # SQLAlchemy raises ArgumentError or ValueError on a malformed URL
        raise ConfigError("audit.anchor_url: expected a database URL such as "
                          "postgresql+psycopg://user@hall-db/hall") from None


def _check_ranges(cfg: KioskConfig) -> None:
    _check_anchor_url(cfg.audit.anchor_url)

    def positive(key: str, value: float, high: float = DAY) -> None:
        _number_in(key, value, 0, high, above=True, unit=" seconds" if high != DAY else "")

    for dev_name in ("idcard", "printer"):
        dev = getattr(cfg.devices, dev_name)
        if dev.baud not in (9600, 19200, 38400, 57600, 115200):
            raise ConfigError(
                f"devices.{dev_name}.baud: expected one of 9600, 19200, 38400, 57600, 115200, got {dev.baud}"
            )
        if not dev.port.strip():
            raise ConfigError(f"devices.{dev_name}.port: expected a device path or 'simulated', got ''")
        if any(ord(c) < 32 or ord(c) == 127 for c in dev.port):
            raise ConfigError(f"devices.{dev_name}.port: a device path cannot hold a control character, "
                              f"got {dev.port!r}")
    for f in dataclasses.fields(StageTimeouts):
        positive(f"devices.idcard.timeouts.{f.name}", getattr(cfg.devices.idcard.timeouts, f.name), 600.0)
    positive("devices.idcard.poll_interval", cfg.devices.idcard.poll_interval, 60.0)
    positive("devices.printer.write_timeout", cfg.devices.printer.write_timeout, 600.0)
    positive("devices.printer.status_timeout", cfg.devices.printer.status_timeout, 60.0)
    for f in dataclasses.fields(TimeoutsConfig):
        positive(f"timeouts.{f.name}", getattr(cfg.timeouts, f.name))
    _number_in("payment.simulated_delay", cfg.payment.simulated_delay, 0, 3600.0, unit=" seconds")
    if cfg.payment.provider not in KNOWN_PROVIDERS:
        raise ConfigError(f"payment.provider: expected one of the known payment providers "
                          f"({', '.join(KNOWN_PROVIDERS)}), got {cfg.payment.provider!r}")
    _number_in("logging.max_bytes", cfg.logging.max_bytes, 1_000, 1_000_000_000, unit=" bytes")
    _number_in("logging.backups", cfg.logging.backups, 0, 1000)
    _number_in("printing.pdf_retention_days", cfg.printing.pdf_retention_days, 1, 3650, unit=" days")
    if not 60 <= cfg.timeouts.idle_warning <= 300:
        raise ConfigError(f"timeouts.idle_warning: expected 60 to 300 seconds, got {cfg.timeouts.idle_warning}")
    if cfg.timeouts.idle_countdown < 20:
        raise ConfigError(
            f"timeouts.idle_countdown: expected at least 20 seconds, got {cfg.timeouts.idle_countdown}"
        )
    if not 15 <= cfg.timeouts.result_return <= 120:
        raise ConfigError(f"timeouts.result_return: expected 15 to 120 seconds, got {cfg.timeouts.result_return}")
    if cfg.metrics.listen.strip():
        _host, _, port = cfg.metrics.listen.strip().rpartition(":")
        if not port.isdigit() or not 0 <= int(port) <= 65535:  # 0: any free port (tests)
            raise ConfigError(f"metrics.listen: expected HOST:PORT such as '127.0.0.1:9108', got {cfg.metrics.listen!r}")
    if cfg.maintenance.roll_capacity_mm < 0:
        raise ConfigError(
            f"maintenance.roll_capacity_mm: expected 0 or more millimetres, got {cfg.maintenance.roll_capacity_mm}"
        )
    if cfg.kiosk.default_language not in cfg.kiosk.languages:
        raise ConfigError(
            f"kiosk.default_language: expected one of the configured languages "
            f"{list(cfg.kiosk.languages)}, got {cfg.kiosk.default_language!r}"
        )
    if "zh_CN" not in cfg.kiosk.languages:
        raise ConfigError(f"kiosk.languages: Chinese (zh_CN) is always offered, got {list(cfg.kiosk.languages)}")
    if not cfg.kiosk.id.strip():
        raise ConfigError("kiosk.id: expected a non-empty kiosk id such as 'KIOSK-0101'")
    if len(cfg.kiosk.id) > 40:  # the width of every kiosk_id column (and the audit chain's name)
        raise ConfigError(f"kiosk.id: at most 40 characters, got {len(cfg.kiosk.id)}")
    if cfg.kiosk.id.strip().lower() == "hall":  # the hall console's audit chain (kiosk.services.audit)
        raise ConfigError("kiosk.id: 'hall' is reserved for the hall console; choose an id such as 'KIOSK-0101'")
    from kiosk.privacy import parse_mask_pattern

    try:
        front, back = parse_mask_pattern(cfg.printing.id_mask)
    except ValueError:
        raise ConfigError(
            f"printing.id_mask: expected KEEP_FRONT*KEEP_BACK such as '6*4', got {cfg.printing.id_mask!r}"
        ) from None
    if ID_NUMBER_LENGTH - front - back < MIN_HIDDEN_ID_CHARACTERS:
        raise ConfigError(
            f"printing.id_mask: must hide at least {MIN_HIDDEN_ID_CHARACTERS} of the {ID_NUMBER_LENGTH} "
            f"characters of an ID number (such as '6*4'), got {cfg.printing.id_mask!r}"
        )
    if not cfg.printing.verify_url_prefix.startswith(("https://", "http://")):
        raise ConfigError(
            f"printing.verify_url_prefix: expected an http(s) URL, got {cfg.printing.verify_url_prefix!r}"
        )
    if cfg.database.url:
        try:
            from sqlalchemy.engine import make_url

            make_url(cfg.database.url)
        except Exception:
            raise ConfigError(
                "database.url: expected an SQLAlchemy URL such as "
                "'postgresql+psycopg://user:pass@host/kiosk', got an unparsable value"
            ) from None


def parse_config(data: dict[str, Any], source: str = "built-in defaults") -> KioskConfig:
    """Validate a parsed TOML document into a :class:`KioskConfig` (raises :class:`ConfigError`)."""
    try:
        cfg: KioskConfig = _build(KioskConfig, data)
        _check_ranges(cfg)
    except ConfigError as exc:
        raise ConfigError(f"{exc} (in {source})") from None
    return dataclasses.replace(cfg, source=source)


def load_config(path: str | os.PathLike[str] | None = None) -> KioskConfig:
    """Load the configuration from ``path``, else ``$KIOSK_CONFIG``, else the built-in defaults."""
    if path is None:
        path = os.environ.get("KIOSK_CONFIG") or None
    if path is None:
        return parse_config({})
    p = Path(path)
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"configuration file {p} does not exist") from None
    except OSError as exc:
        raise ConfigError(f"configuration file {p} cannot be read: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"configuration file {p} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"configuration file {p} is not valid TOML: {exc}") from None
    return parse_config(data, str(p))
