"""The real maintenance services on a real SQLite file: sign-in and lockout, counters, paper change,
journal and log, export and its digest, reprints, settings saved to TOML, the readiness report."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from devices.printjob import JobState
from kiosk.config import load_config, parse_config
from kiosk.documents.issuer import DocumentIssuer
from kiosk.errors import UserInputError
from kiosk.persistence.models import AuditEntry, StaffCall, Technician
from kiosk.security.cards import card_hash
from kiosk.services.devicelog import MM_PER_LINE, DeviceLog
from kiosk.services.maintenance import MaintenanceServices
from kiosk.services.maintenance.export import verify_export
from kiosk.services.maintenance_api import (
    DeviceReportLine,
    JournalFilter,
    PrinterFaultPolicy,
    SelfTestCheck,
    SettingsChange,
    StaffRole,
)
from kiosk.services.staff import StaffLocked, add_technician

from .conftest import ID_NUMBER, KEY, STAFF_PIN, World

TECH_PIN = "135790"
TECH_CARD = "110101198001010038"


@pytest.fixture
def maint(world: World) -> MaintenanceServices:
    with world.factory() as db:
        add_technician(db, "T001", "李建国", TECH_PIN, role="technician", card_hash=card_hash(KEY, TECH_CARD))
        db.commit()
    return MaintenanceServices.over(world.services, DocumentIssuer(world.factory, world.config, KEY), KEY,
                                    clock=world.clock)


def _audit(world: World) -> list[tuple[str, str]]:
    with world.factory() as db:
        return [(e.actor, e.action) for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def _print(svc: object, number: str) -> None:
    job = svc.begin_print(number)  # type: ignore[attr-defined]
    svc.finish_print(job, JobState.PRINTED, 2)  # type: ignore[attr-defined]


# ---- signing in ------------------------------------------------------------------------------------
def test_card_and_pin_sign_in_with_roles(world: World, maint: MaintenanceServices) -> None:
    card = maint.staff_by_card(TECH_CARD)
    assert card is not None and (card.code, card.role, card.masked_name) == ("T001", StaffRole.TECHNICIAN, "李**")
    assert maint.staff_by_card(ID_NUMBER) is None  # a taxpayer's card
    tech = maint.sign_in("t001", TECH_PIN)
    assert tech.role is StaffRole.TECHNICIAN and len(tech.functions) == 8
    staff = maint.sign_in("S001", STAFF_PIN)
    assert staff.role is StaffRole.STAFF
    with pytest.raises(UserInputError):
        maint.paper_roll_changed("S001")  # hall staff may not change the roll
    with world.factory() as db:
        stored = db.scalar(select(Technician.card_hash).where(Technician.login == "T001"))
    assert stored and TECH_CARD not in stored
    actions = _audit(world)
    assert ("T001", "maint.card") in actions and ("T001", "maint.sign_in") in actions
    assert ("S001", "maint.refused") in actions


def test_lockout_sequence_is_audited(world: World, maint: MaintenanceServices) -> None:
    """GIVEN T001 WHEN 5 wrong PINs THEN locked 15 s (even for the right PIN); each further wrong PIN
    doubles it; at 10 wrong PINs 30 minutes. Every attempt is audited."""
    for _ in range(4):
        with pytest.raises(UserInputError) as exc:
            maint.sign_in("T001", "000000")
        assert not isinstance(exc.value, StaffLocked)
    with pytest.raises(UserInputError):
        maint.sign_in("T001", "000000")  # the 5th: now locked
    with pytest.raises(StaffLocked, match="16 more seconds"):
        maint.sign_in("T001", TECH_PIN)
    for expected in (30, 60, 120, 240):
        world.clock.advance(10_000)
        with pytest.raises(UserInputError):
            maint.sign_in("T001", "000000")
        with pytest.raises(StaffLocked, match=f"{expected + 1} more seconds"):
            maint.sign_in("T001", TECH_PIN)
    world.clock.advance(10_000)
    with pytest.raises(UserInputError):
        maint.sign_in("T001", "000000")  # the 10th
    with pytest.raises(StaffLocked, match="1801 more seconds"):
        maint.sign_in("T001", TECH_PIN)
    world.clock.advance(1801)
    assert maint.sign_in("T001", TECH_PIN).code == "T001"
    failed = [a for a in _audit(world) if a == ("T001", "maint.sign_in_failed")]
    assert len(failed) == 10 + 6  # 10 wrong PINs and 6 refused while locked


# ---- counters ------------------------------------------------------------------------------------
def test_counters_match_what_was_printed_and_read(world: World, maint: MaintenanceServices) -> None:
    """GIVEN a certificate printed, a test slip printed, 3 card reads and 50 lines of paper WHEN the
    counters are read THEN each says so; WHEN the roll is changed THEN only the roll counters restart."""
    before = maint.counters()
    svc = world.services
    svc.start_session_from_card(ID_NUMBER, "x", "resident")
    recs = svc.list_records(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    cert = svc.issue_certificate([recs[0].record_id])
    _print(svc, cert.number)
    svc.end_session("logout")
    slip = maint.test_slip("T001")
    _print(maint, slip.number)
    for _ in range(3):
        maint.count_card_read()
    dlog = DeviceLog(world.factory)
    dlog.paper_used(50)
    dlog.flush()
    dlog.close()
    c = maint.counters()
    assert c.slips_printed.total == before.slips_printed.total + 2
    assert c.pages_printed.total == before.pages_printed.total + 1  # the certificate's A4 page
    assert c.card_reads.total == 3 and c.card_reads.since_roll_change == 3
    assert c.paper_used_mm.since_roll_change == 50 * MM_PER_LINE == c.paper_used_mm.total
    assert c.sessions_by_service["certificates"].total == 1
    assert c.paper_left_mm == c.roll_capacity_mm - 200

    world.clock.advance(60)
    after = maint.paper_roll_changed("T001")
    assert after.paper_used_mm.since_roll_change == 0 and after.paper_used_mm.total == 200
    assert after.card_reads.since_roll_change == 0 and after.card_reads.total == 3
    assert after.slips_printed.since_roll_change == 0 and after.slips_printed.total == c.slips_printed.total
    assert after.pages_printed.total == c.pages_printed.total
    assert after.roll_changed_by == "T001" and after.roll_changed_at is not None
    assert ("T001", "maint.paper_roll_changed") in _audit(world)


# ---- journal, log, export ------------------------------------------------------------------------
def test_journal_newest_first_masked_and_errors_only(world: World, maint: MaintenanceServices) -> None:
    svc = world.services
    svc.start_session_from_card(ID_NUMBER, "x", "resident")
    recs = svc.list_records(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    cert = svc.issue_certificate([recs[0].record_id])
    job = svc.begin_print(cert.number)
    world.clock.advance(5)
    svc.finish_print(job, JobState.FAILED, 0, f"paper out {ID_NUMBER}")
    entries = maint.journal(JournalFilter())
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    assert all(ID_NUMBER not in e.reason for e in entries)
    errors = maint.journal(JournalFilter(errors_only=True))
    assert errors and all(e.is_error for e in errors) and errors[0].to_state == "unprinted"
    assert maint.journal(JournalFilter(since=world.clock() + dt.timedelta(hours=1))) == []
    assert [o.number for o in maint.owed_reprints()] == [cert.number]
    assert maint.owed_reprints()[0].masked_id.startswith(ID_NUMBER[:6]) and "*" in maint.owed_reprints()[0].masked_id
    svc.end_session("logout")

    again = maint.reprint_owed("S001", cert.number)  # hall staff may reprint
    assert again.is_reprint and "补打" in again.text
    _print(maint, again.number)
    assert maint.owed_reprints() == []
    last = maint.reprint_last("T001")
    assert last.number == cert.number and last.is_reprint


def test_log_viewer_reads_the_log_newest_first_masked(world: World, maint: MaintenanceServices) -> None:
    logs = world.config.data_dir / "logs"
    logs.mkdir(parents=True)
    (logs / "kiosk.log.1").write_text("2026-11-26 09:00:00,000 INFO    kiosk.flow: older\n", encoding="utf-8")
    (logs / "kiosk.log").write_text(
        "2026-11-26 10:00:00,000 INFO    kiosk.flow: first\n"
        f"2026-11-26 10:00:01,000 ERROR   kiosk.db: failed for {ID_NUMBER}\n"
        "Traceback line\n", encoding="utf-8")
    lines = maint.log_lines(JournalFilter())
    assert [ln.message.split(" |")[0][:6] for ln in lines] == ["failed", "first", "older"]
    assert ID_NUMBER not in lines[0].message and "Traceback line" in lines[0].message
    assert [ln.level for ln in maint.log_lines(JournalFilter(errors_only=True))] == ["ERROR"]


def test_export_digest_verifies_and_a_changed_byte_fails(world: World, maint: MaintenanceServices,
                                                        tmp_path: Path) -> None:
    svc = world.services
    svc.start_session_from_card(ID_NUMBER, "x", "resident")
    recs = svc.list_records(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    svc.issue_certificate([recs[0].record_id])
    svc.end_session("logout")
    result = maint.export("T001", JournalFilter())
    path = Path(result.path)
    assert result.lines >= 3
    assert path.parent == world.config.export_dir and result.lines == len(path.read_text().splitlines())
    for line in path.read_text(encoding="utf-8").splitlines():
        json.loads(line)
    assert ID_NUMBER not in path.read_text(encoding="utf-8")
    assert verify_export(path, KEY).ok
    assert not verify_export(path, bytes(32)).ok  # another kiosk's key
    data = bytearray(path.read_bytes())
    data[10] ^= 0x01
    path.write_bytes(bytes(data))
    assert not verify_export(path, KEY).ok
    assert ("T001", "maint.export") in _audit(world)


def test_export_to_a_missing_usb_stick_is_a_clear_error(world: World, tmp_path: Path) -> None:
    cfg = parse_config({"kiosk": {"data_dir": str(world.config.data_dir)},
                        "maintenance": {"export_dir": str(tmp_path / "usb-not-mounted")}})
    with world.factory() as db:
        add_technician(db, "T001", "李建国", TECH_PIN, role="technician")
        db.commit()
    m = MaintenanceServices(cfg, world.factory, DocumentIssuer(world.factory, cfg, KEY), KEY)
    with pytest.raises(UserInputError, match="USB stick"):
        m.export("T001", JournalFilter())


# ---- settings ------------------------------------------------------------------------------------
def test_settings_saved_to_toml_keep_comments_and_are_audited(world: World, tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(f'# the hall kiosk\n[kiosk]\ndata_dir = "{world.config.data_dir}"  # keep\n\n'
                    "[timeouts]\nidle_warning = 75.0\n", encoding="utf-8")
    cfg = load_config(path)
    with world.factory() as db:
        add_technician(db, "T001", "李建国", TECH_PIN, role="technician")
        db.commit()
    m = MaintenanceServices(cfg, world.factory, DocumentIssuer(world.factory, cfg, KEY), KEY)
    view = m.update_settings("T001", SettingsChange(idle_warning=90.0, languages=("zh_CN",),
                                                    printer_fault=PrinterFaultPolicy.OUT_OF_SERVICE))
    assert (view.idle_warning, view.languages, view.printer_fault) == (90.0, ("zh_CN",), PrinterFaultPolicy.OUT_OF_SERVICE)
    text = path.read_text(encoding="utf-8")
    assert "# the hall kiosk" in text and "# keep" in text
    again = load_config(path)
    assert again.timeouts.idle_warning == 90.0 and again.kiosk.languages == ("zh_CN",)
    assert again.maintenance.printer_fault == "out_of_service"
    with world.factory() as db:
        entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "maint.settings"))
    assert entry is not None and entry.detail["timeouts.idle_warning"] == {"old": 75.0, "new": 90.0}
    for bad in (SettingsChange(idle_warning=30.0), SettingsChange(idle_countdown=5.0), SettingsChange(languages=("en",))):
        with pytest.raises(UserInputError):
            m.update_settings("T001", bad)
    assert load_config(path).timeouts.idle_warning == 90.0


# ---- about, database, report, staff calls ------------------------------------------------------------
def test_about_and_database_check(maint: MaintenanceServices, world: World) -> None:
    about = maint.about()
    assert about.schema_revision and about.kiosk_id == world.config.kiosk.id and about.config_path == ""
    check = maint.database_check()
    assert check.ok and check.name == "database"


def test_readiness_report_pdf_holds_every_field_and_verifies(world: World, maint: MaintenanceServices) -> None:
    checks = [SelfTestCheck("reader", "读卡器", "Card reader", True, "answers"),
              SelfTestCheck("printer", "打印机", "Printer", False, "paper out"),
              maint.database_check()]
    devices = [DeviceReportLine("idcard", "online", "SAM 05.01", 0), DeviceReportLine("printer", "user_error", "paper: out", 2)]
    out = maint.readiness("T001", checks, devices)
    assert out.document.kind == "readiness_report" and out.document.pdf_path
    text = "".join(PdfReader(out.document.pdf_path).pages[i].extract_text() for i in range(len(PdfReader(out.document.pdf_path).pages)))
    flat = re.sub(r"\s+", "", text)
    about = maint.about()
    for expected in (world.config.kiosk.id, about.schema_revision, about.version, "T001", "终端就绪报告",
                     "paper out", "user_error", "SAM05.01", "未就绪", "读卡", "纸量", "待处理事项", "最近错误"):
        assert re.sub(r"\s+", "", expected) in flat, expected
    assert "李建国" not in text
    issuer = DocumentIssuer(world.factory, world.config, KEY)
    assert issuer.verify(out.verification_code).genuine
    assert issuer.verify_pdf(out.document.pdf_path).genuine
    assert "T001" in out.document.text and out.to_json_dict()["ready"] is False


def test_staff_calls_are_recorded_and_looked_up(world: World, maint: MaintenanceServices) -> None:
    world.services.start_session_from_card(ID_NUMBER, "x", "resident")
    maint.record_staff_call("K7Q2", "payment.pay", "error.payment_declined")
    world.services.end_session("logout")
    maint.record_staff_call("A1B2", "attract", "")
    call = maint.staff_call(" k7q2 ")
    assert call is not None and (call.service, call.step, call.error_key) == ("payment", "payment.pay",
                                                                               "error.payment_declined")
    assert call.masked_id and ID_NUMBER not in call.masked_id and call.masked_id.startswith(ID_NUMBER[:6])
    other = maint.staff_call("A1B2")
    assert other is not None and other.service == "" and other.masked_id == ""
    assert maint.staff_call("ZZZZ") is None
    with world.factory() as db:
        assert db.scalar(select(StaffCall.acknowledged_at).where(StaffCall.code == "K7Q2")) is None


def test_readiness_report_prints_the_anchored_audit_head(world: World, maint: MaintenanceServices) -> None:
    """The report carries the audit chain's head as the secrets directory anchors it (and says there
    is no hall database on a lone SQLite kiosk), on the slip and in the PDF."""
    from kiosk.services.audit import read_anchor

    maint.audit.append("kiosk", "test.head", {})
    anchor = read_anchor(world.config.secrets_dir, world.config.kiosk.id)
    assert anchor is not None
    out = maint.readiness("T001", [maint.database_check()], [])
    assert out.data.audit_head.startswith(f"audit head #{anchor.id} {anchor.hash[:16]}")
    assert "hall database: none configured" in out.data.audit_head
    assert f"#{anchor.id}" in out.document.text and anchor.hash[:16] in out.document.text.replace("\n", "")
    assert out.document.pdf_path
    flat = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out.document.pdf_path).pages))
    assert anchor.hash[:16] in flat
