"""On-site settings a technician may change, saved into the kiosk's TOML file.

tomlkit edits the file in place, so the site's comments and layout survive; the edited text is
validated by the same typed parser as at start-up (:func:`kiosk.config.parse_config`) before it is
written, and written whole then renamed, so a bad value never reaches the file.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.items import Table

from kiosk.config import KioskConfig, parse_config
from kiosk.errors import ConfigError, UserInputError
from kiosk.services.maintenance_api import PrinterFaultPolicy, SettingsChange, SettingsView

# kiosk-ux.md: warn after 60-90 s without input, count down at least 20 s, back to the start after ~30 s.
LIMITS: dict[str, tuple[float, float]] = {
    "idle_warning": (60.0, 90.0),
    "idle_countdown": (20.0, 60.0),
    "result_return": (15.0, 60.0),
}
LANGUAGES = ("zh_CN", "en")


def settings_view(config: KioskConfig, path: str) -> SettingsView:
    t = config.timeouts
    return SettingsView(
        idle_warning=t.idle_warning,
        idle_countdown=t.idle_countdown,
        result_return=t.result_return,
        languages=tuple(config.kiosk.languages),
        printer_fault=PrinterFaultPolicy(config.maintenance.printer_fault),
        limits=dict(LIMITS),
        config_path=path,
    )


def config_file(config: KioskConfig) -> Path:
    """The file changes go to: the one loaded, else <data_dir>/kiosk.toml (point KIOSK_CONFIG at it)."""
    return Path(config.source) if config.source != "built-in defaults" else config.data_dir / "kiosk.toml"


def _table(doc: tomlkit.TOMLDocument, name: str) -> Table:
    if name not in doc:
        doc.add(name, tomlkit.table())
    item = doc[name]
    if not isinstance(item, Table):
        raise ConfigError(f"{name}: expected a table in the configuration file")
    return item


def changes(config: KioskConfig, change: SettingsChange) -> dict[str, tuple[Any, Any]]:
    """key -> (old, new) for every field that changes; raises UserInputError outside the limits."""
    out: dict[str, tuple[Any, Any]] = {}
    t = config.timeouts
    for name, value in (
        ("idle_warning", change.idle_warning),
        ("idle_countdown", change.idle_countdown),
        ("result_return", change.result_return),
    ):
        if value is None:
            continue
        low, high = LIMITS[name]
        if not low <= value <= high:
            raise UserInputError(f"timeouts.{name}: expected {low:g} to {high:g} seconds, got {value:g}",
                                 message_key="maint.settings.out_of_range")
        if float(value) != getattr(t, name):
            out[f"timeouts.{name}"] = (getattr(t, name), float(value))
    if change.languages is not None:
        langs = tuple(dict.fromkeys(change.languages))
        if "zh_CN" not in langs or any(lang not in LANGUAGES for lang in langs):
            raise UserInputError(f"kiosk.languages: Chinese is always offered; known: {', '.join(LANGUAGES)}",
                                 message_key="maint.settings.out_of_range")
        if langs != tuple(config.kiosk.languages):
            out["kiosk.languages"] = (list(config.kiosk.languages), list(langs))
    if change.printer_fault is not None and change.printer_fault.value != config.maintenance.printer_fault:
        out["maintenance.printer_fault"] = (config.maintenance.printer_fault, change.printer_fault.value)
    return out


def save(config: KioskConfig, diff: dict[str, tuple[Any, Any]]) -> KioskConfig:
    """Write ``diff`` into the configuration file; returns the configuration as now validated."""
    path = config_file(config)
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        doc = tomlkit.parse(text)
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as exc:
        raise ConfigError(f"configuration file {path} cannot be read for saving: {exc}") from None
    for dotted, (_old, new) in diff.items():
        section, key = dotted.split(".", 1)
        _table(doc, section)[key] = new
    new_text = tomlkit.dumps(doc)
    try:
        parse_config(tomllib.loads(new_text), str(path))
    except ConfigError as exc:
        raise UserInputError(str(exc), message_key="maint.settings.out_of_range") from None
    validated = applied(config, diff)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(new_text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return dataclasses.replace(validated, source=str(path))


def applied(config: KioskConfig, diff: dict[str, tuple[Any, Any]]) -> KioskConfig:
    """The running configuration with ``diff`` applied (the rest as it was loaded)."""
    sections: dict[str, dict[str, Any]] = {}
    for dotted, (_old, new) in diff.items():
        section, key = dotted.split(".", 1)
        sections.setdefault(section, {})[key] = tuple(new) if isinstance(new, list) else new
    out = config
    for section, values in sections.items():
        out = dataclasses.replace(out, **{section: dataclasses.replace(getattr(out, section), **values)})
    return out
