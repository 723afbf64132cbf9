"""``kiosk maint ...``: the technicians' functions for remote technicians, on the same services.

They read the kiosk's database and configuration. Device checks open the configured ports (a
simulated port starts a healthy simulator for the check), so run them while the kiosk app is
stopped or on a kiosk whose ports are free. Actions are audited as ``cli:<user>``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import getpass
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kiosk.cli.groups import KioskGroup, cli, pass_config
from kiosk.clock import LOCAL_TZ
from kiosk.config import SIMULATED, KioskConfig
from kiosk.errors import DatabaseError, UserInputError
from kiosk.services.maintenance_api import DeviceReportLine, JournalFilter, SelfTestCheck

if TYPE_CHECKING:  # without importing SQLAlchemy when the command line starts
    from kiosk.services.maintenance import MaintenanceServices

_RELATIVE = re.compile(r"^(\d+)\s*([mhd])$")


@cli.group(name="maint", cls=KioskGroup)
def maint() -> None:
    """Maintenance for technicians: report, counters, paper change, journal, self-test, export."""


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name on this machine (a container): still audited
        return "cli:unknown"


def parse_since(value: str, now: dt.datetime | None = None) -> dt.datetime:
    """``24h``, ``7d``, ``30m``, ``2026-11-26`` or ``2026-11-26T10:00`` (the hall's local time)."""
    now = now or dt.datetime.now(dt.UTC)
    m = _RELATIVE.match(value.strip().lower())
    if m:
        n, unit = int(m.group(1)), m.group(2)
        return now - {"m": dt.timedelta(minutes=n), "h": dt.timedelta(hours=n), "d": dt.timedelta(days=n)}[unit]
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise UserInputError(
            f"--since: expected a time such as 24h, 7d, 2026-11-26 or 2026-11-26T10:00, got {value!r}"
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=LOCAL_TZ)


def open_services(config: KioskConfig) -> MaintenanceServices:
    from kiosk.documents.issuer import DocumentIssuer
    from kiosk.persistence.db import make_engine, session_factory
    from kiosk.persistence.migrate import is_current
    from kiosk.security.keys import load_or_create_key
    from kiosk.services.maintenance import MaintenanceServices

    engine = make_engine(config.database_url)
    try:
        current = is_current(engine)
    except Exception as exc:
        raise DatabaseError(f"the kiosk database cannot be read: {exc.__class__.__name__}") from None
    if not current:
        raise DatabaseError("the kiosk database is not at the current schema: run kiosk db upgrade")
    factory = session_factory(engine)
    key = load_or_create_key(config.secrets_dir)
    return MaintenanceServices(config, factory, DocumentIssuer(factory, config, key), key)


# ---- devices, as the command line sees them ----------------------------------------------------
def device_checks(config: KioskConfig) -> tuple[list[SelfTestCheck], list[DeviceReportLine]]:
    """Ask the reader and the printer on their configured ports (a simulator for "simulated")."""
    from devices.escpos.driver import read_status_once
    from devices.escpos.simulator import PrinterSimulator
    from devices.idcard.driver import probe_status
    from devices.idcard.simulator import IdCardSimulator
    from devices.status import DeviceState
    from kiosk.services.maintenance.selftest import printer_check, reader_check

    rc, pc = config.devices.idcard, config.devices.printer
    sims: list[Any] = []
    try:
        reader_port, printer_port = rc.port, pc.port
        if reader_port == SIMULATED:
            sims.append(IdCardSimulator())
            reader_port = sims[-1].start()
        if printer_port == SIMULATED:
            sims.append(PrinterSimulator(width_mm=pc.paper_width))
            printer_port = sims[-1].start()
        status, why = probe_status(reader_port, rc.baud, rc.timeouts)
        printer = read_status_once(printer_port, baud=pc.baud, status_timeout=pc.status_timeout)
    finally:
        for sim in sims:
            sim.stop()
    reader_ok = status.device is DeviceState.ONLINE
    reader_detail = f"answers, SAM {status.sam_id}" if reader_ok else (status.problem or why)
    checks = [reader_check(reader_ok, reader_detail), printer_check(printer.ready, printer.summary())]
    lines = [
        DeviceReportLine("idcard", status.device.value, reader_detail, 0),
        DeviceReportLine("printer", printer.device.value, f"paper: {printer.paper.value}; {printer.summary()}", 0),
    ]
    return checks, lines


def self_test(config: KioskConfig, svc: MaintenanceServices) -> tuple[list[SelfTestCheck], list[DeviceReportLine]]:
    from kiosk.services.maintenance.selftest import clock_check

    checks, lines = device_checks(config)
    return [*checks, svc.database_check(), clock_check(dt.datetime.now(dt.UTC))], lines


def _json(value: Any) -> str:
    def default(v: Any) -> Any:
        if isinstance(v, dt.datetime):
            return v.isoformat()
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return dataclasses.asdict(v)
        raise TypeError(type(v).__name__)

    return json.dumps(value, ensure_ascii=False, default=default, indent=None)


def _check_line(c: SelfTestCheck) -> str:
    return f"{'ok  ' if c.ok else 'FAIL'} {c.name:<9} {c.detail}"


# ---- commands ---------------------------------------------------------------------------------
@maint.command("selftest")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@pass_config
def selftest_cmd(config: KioskConfig, as_json: bool) -> None:
    """Reader answers, printer online with paper, database reachable, clock sane (exit 1 if any fails)."""
    checks, _lines = self_test(config, open_services(config))
    ok = all(c.ok for c in checks)
    if as_json:
        click.echo(_json({"ok": ok, "checks": [dataclasses.asdict(c) for c in checks]}))
    else:
        for c in checks:
            click.echo(_check_line(c))
        click.echo("ready for service" if ok else "NOT ready for service")
    if not ok:
        sys.exit(1)


@maint.command("counters")
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@pass_config
def counters_cmd(config: KioskConfig, as_json: bool) -> None:
    """Slips, A4 pages, paper, card reads, sessions and payments: since the roll change and in total."""
    c = open_services(config).counters()
    if as_json:
        click.echo(_json({**dataclasses.asdict(c), "paper_left_mm": c.paper_left_mm}))
        return
    for label, pair in (("slips printed", c.slips_printed), ("A4 pages", c.pages_printed),
                        ("paper used (mm)", c.paper_used_mm), ("card reads", c.card_reads)):
        click.echo(f"{label:<22} {pair.since_roll_change:>8} since roll change {pair.total:>10} total")
    for k, v in c.sessions_by_service.items():
        click.echo(f"{'sessions: ' + k:<22} {v.since_roll_change:>8} since roll change {v.total:>10} total")
    for k, v in c.payments_by_outcome.items():
        click.echo(f"{'payments: ' + k:<22} {v.since_roll_change:>8} since roll change {v.total:>10} total")
    left = c.paper_left_mm
    click.echo(f"paper left: {'unknown' if left is None else f'{left} mm of {c.roll_capacity_mm} mm'}")


@maint.command("paper-changed")
@pass_config
def paper_changed_cmd(config: KioskConfig) -> None:
    """A new paper roll is in: the roll counter restarts at 0 (audited)."""
    c = open_services(config).paper_roll_changed(actor())
    click.echo(f"paper roll changed; {c.paper_used_mm.total} mm printed in total")


@maint.command("journal")
@click.option("--errors", is_flag=True, help="Only failures, unprinted documents and unknown payments.")
@click.option("--since", default=None, help="24h, 7d, 30m, 2026-11-26 or 2026-11-26T10:00.")
@click.option("--limit", type=int, default=200, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_config
def journal_cmd(config: KioskConfig, errors: bool, since: str | None, limit: int, as_json: bool) -> None:
    """The transaction journal, newest first (ID numbers masked)."""
    if limit < 1:
        raise UserInputError(f"--limit: expected 1 or more, got {limit}")
    flt = JournalFilter(errors_only=errors, since=parse_since(since) if since else None, limit=limit)
    for e in open_services(config).journal(flt):
        if as_json:
            click.echo(_json(dataclasses.asdict(e)))
        else:
            at = e.at.astimezone(LOCAL_TZ)
            click.echo(f"{at:%Y-%m-%d %H:%M:%S} {'!' if e.is_error else ' '} {e.kind:<15} {e.transaction_id[:8]} "
                       f"{e.from_state or '-'} -> {e.to_state}  {e.reason}")


@maint.command("export")
@click.option("--since", required=True, help="24h, 7d, 30m, 2026-11-26 or 2026-11-26T10:00.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="The JSON lines file to write.")
@click.option("--errors", is_flag=True, help="Only the errors.")
@pass_config
def export_cmd(config: KioskConfig, since: str, out: str, errors: bool) -> None:
    """Journal and log of a range as JSON lines, with a digest file (OUT.sig) signed with the kiosk key."""
    flt = JournalFilter(errors_only=errors, since=parse_since(since))
    r = open_services(config).export_to(actor(), flt, Path(out))
    click.echo(f"{r.lines} lines written to {r.path}; digest in {r.digest_path}")


@maint.command("verify-export")
@click.argument("file", type=click.Path(dir_okay=False))
@pass_config
def verify_export_cmd(config: KioskConfig, file: str) -> None:
    """Does FILE match its digest (FILE.sig) under this kiosk's key? Exit 1 if not."""
    from kiosk.security.keys import load_key
    from kiosk.services.maintenance.export import verify_export

    if not Path(file).is_file():
        raise UserInputError(f"no export file {file}")
    result = verify_export(file, load_key(config.secrets_dir))
    click.echo(result.message + (f" ({result.lines} lines)" if result.ok else ""))
    if not result.ok:
        sys.exit(1)


@maint.command("report")
@click.option("--json", "as_json", is_flag=True, help="The report's content as one JSON object.")
@click.option("--pdf", "pdf", default=None, type=click.Path(dir_okay=False), help="Also copy the A4 PDF here.")
@pass_config
def report_cmd(config: KioskConfig, as_json: bool, pdf: str | None) -> None:
    """Run the self-test and issue the readiness report (slip text and A4 PDF, with its verification code)."""
    if pdf is not None and not Path(pdf).expanduser().parent.is_dir():
        raise UserInputError(f"--pdf: the folder {Path(pdf).parent} does not exist")
    svc = open_services(config)
    checks, lines = self_test(config, svc)
    outcome = svc.readiness(actor(), checks, lines)
    if pdf is not None and outcome.document.pdf_path:
        Path(pdf).expanduser().write_bytes(Path(outcome.document.pdf_path).read_bytes())
    if as_json:
        click.echo(_json(outcome.to_json_dict()))
    else:
        click.echo(outcome.document.text)
        click.echo(f"PDF: {pdf or outcome.document.pdf_path}")
