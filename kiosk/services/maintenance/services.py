"""MaintenanceServices: the real :class:`kiosk.services.maintenance_api.MaintenancePort`.

It shares the kiosk services' database, journal, audit log, print book and session manager (built
with :meth:`MaintenanceServices.over`), and runs on the same service worker. Sign-in uses the staff
accounts and their lockout (:mod:`kiosk.services.staff`); every attempt and every action goes to the
audit log under the staff code. Documents it issues (test slip, readiness report, reprints) are
printed with :meth:`begin_print` / :meth:`finish_print`, which need no taxpayer session.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from devices.printjob import JobState
from kiosk import __version__
from kiosk.clock import LOCAL_TZ, Clock, from_db, system_clock, to_db
from kiosk.config import KioskConfig
from kiosk.documents.render import pdf_dir, pdf_path_for, printable
from kiosk.domain.documents import PrintableDocument
from kiosk.errors import DatabaseError, KioskError, NotFoundError, UserInputError
from kiosk.persistence.models import IssuedDocument, JournalStep, PrintJob, StaffCall, Technician, Transaction
from kiosk.privacy import mask_name
from kiosk.security.cards import card_hash
from kiosk.services import staff as staff_auth
from kiosk.services.audit import AuditLog, anchored_head
from kiosk.services.journal import Journal, TransactionKind, TransactionState
from kiosk.services.maintenance import counters as cnt
from kiosk.services.maintenance import logview
from kiosk.services.maintenance import settings as site
from kiosk.services.maintenance.export import ExportCheck, verify_export, write_export
from kiosk.services.maintenance.texts import mask_text
from kiosk.services.maintenance_api import (
    ROLE_FUNCTIONS,
    AboutView,
    CountersView,
    DeviceReportLine,
    ExportResult,
    JournalEntryView,
    JournalFilter,
    LogLineView,
    MaintenanceFunction,
    OwedReprintView,
    SelfTestCheck,
    SettingsChange,
    SettingsView,
    StaffCallView,
    StaffRole,
    TechnicianCardView,
    TechnicianView,
)
from receipts import documents as builders
from receipts.documents import ReadinessCheck
from receipts.model import Document
from receipts.readiness import CounterLine, DeviceLine, ReadinessData, readiness_document, write_readiness_pdf

if TYPE_CHECKING:
    from kiosk.documents.issuer import DocumentIssuer
    from kiosk.services.facade import KioskServices
    from kiosk.services.print_book import PrintBook
    from kiosk.services.sessions import SessionManager

log = logging.getLogger("kiosk.maintenance")
S = TransactionState

ERROR_STATES = frozenset({S.FAILED.value, S.UNPRINTED.value, S.PAYMENT_UNKNOWN.value})
ATTENTION_STATES = frozenset(
    {S.UNPRINTED.value, S.PAYMENT_UNKNOWN.value, S.PAYMENT_REQUESTED.value, S.PRINT_REQUESTED.value}
)
OWED_STATES = frozenset({S.ISSUED.value, S.UNPRINTED.value})
TECHNICIAN_KINDS = frozenset({"test_slip", "readiness_report", "paper_change"})
CLI_ACTOR = "cli:"
SERVICE_PREFIXES = frozenset({"certificates", "reconciliation", "payment", "rental", "queue", "queries"})


@dataclass(frozen=True)
class ReadinessOutcome:
    """The report as issued: the printable slip (its ``pdf_path`` the A4 PDF) and its data."""

    document: PrintableDocument
    verification_code: str
    data: ReadinessData

    def to_json_dict(self) -> dict[str, Any]:
        d = asdict(self.data)
        return {"number": self.document.number, "verification_code": self.verification_code,
                "pdf": self.document.pdf_path, "ready": self.data.ready, **d}


class MaintenanceServices:
    """Implements :class:`kiosk.services.maintenance_api.MaintenancePort` over the real database."""

    def __init__(
        self,
        config: KioskConfig,
        session_factory: sessionmaker[Session],
        issuer: DocumentIssuer,
        key: bytes,
        *,
        audit: AuditLog | None = None,
        journal: Journal | None = None,
        print_book: PrintBook | None = None,
        sessions: SessionManager | None = None,
        clock: Clock = system_clock,
        started_at: dt.datetime | None = None,
    ) -> None:
        self.config = config
        self._factory = session_factory
        self._issuer = issuer
        self._key = key
        self._clock = clock
        self.audit = audit or AuditLog(session_factory, clock, secrets_dir=config.secrets_dir,
                                       chain=config.kiosk.id)
        self._journal = journal or Journal(session_factory, clock, kiosk_id=config.kiosk.id)
        self._print_book = print_book
        self._sessions = sessions
        self.started_at = started_at or clock()
        self._prints: dict[str, str | None] = {}  # document number -> transaction to print under

    @classmethod
    def over(cls, services: KioskServices, issuer: DocumentIssuer, key: bytes, *,
             clock: Clock = system_clock) -> MaintenanceServices:
        """Share the kiosk services' database, journal, audit log, print book and session."""
        return cls(services.config, services.session_factory, issuer, key, audit=services.audit,
                   journal=services.journal, print_book=services.print_book, sessions=services.sessions,
                   clock=clock)

    # ---- helpers -----------------------------------------------------------------------------
    def _db(self) -> Session:
        return self._factory()

    def _now_db(self) -> dt.datetime:
        return to_db(self._clock())

    def _role_of(self, code: str, needed: MaintenanceFunction) -> None:
        """Refuse an action the staff code's role may not do (the screens hide it too).

        ``cli:<user>`` is the command line: it runs as the machine's user, who can read the database
        and the key anyway; its actions are audited under that name."""
        if code.startswith(CLI_ACTOR):
            return
        with self._db() as db:
            tech = db.scalar(select(Technician).where(func.upper(Technician.login) == staff_auth.normalise_login(code),
                                                      Technician.active.is_(True)))
            role = StaffRole(tech.role) if tech is not None and tech.role in StaffRole._value2member_map_ else None
        if role is None or needed not in ROLE_FUNCTIONS[role]:
            self.audit.append(code or "unknown", "maint.refused", {"function": needed.value})
            raise UserInputError(f"staff code {code} may not use {needed.value}", message_key="error.staff_code")

    # ---- signing in ----------------------------------------------------------------------------
    def staff_by_card(self, id_number: str) -> TechnicianCardView | None:
        digest = card_hash(self._key, id_number)
        with self._db() as db:
            tech = db.scalar(select(Technician).where(Technician.card_hash == digest, Technician.active.is_(True)))
            if tech is None:
                return None  # a taxpayer's card: nothing recorded here, the session start audits it
            view = TechnicianCardView(tech.login, mask_name(tech.name), StaffRole(tech.role))
        self.audit.append(view.code, "maint.card", {"role": view.role.value})
        return view

    def register_demo_card(self, code: str, id_number: str) -> bool:
        """Give a demo staff account its sample card (the hash needs the key, which the seeder lacks)."""
        digest = card_hash(self._key, id_number)
        with self._db() as db:
            tech = db.scalar(select(Technician).where(Technician.login == code))
            taken = db.scalar(select(Technician.id).where(Technician.card_hash == digest))
            if tech is None or tech.card_hash is not None or taken is not None:
                return False
            tech.card_hash = digest
            db.commit()
        return True

    def sign_in(self, code: str, pin: str) -> TechnicianView:
        who = staff_auth.normalise_login(code)
        with self._db() as db:
            try:
                login = staff_auth.check(db, who, pin, self._now_db())
            except UserInputError as exc:
                db.commit()  # the failed attempt counts towards the lockout
                self.audit.append(who or "unknown", "maint.sign_in_failed", {"reason": exc.message_key})
                raise
            tech = db.scalar(select(Technician).where(Technician.login == login))
            assert tech is not None
            view = TechnicianView(tech.login, mask_name(tech.name), StaffRole(tech.role))
            db.commit()
        log.info("maintenance sign-in of %s from signed out to signed in (%s)", view.code, view.role.value)
        self.audit.append(view.code, "maint.sign_in", {"role": view.role.value})
        return view

    def sign_out(self, code: str, reason: str) -> None:
        log.info("maintenance sign-in of %s from signed in to signed out (%s)", code, reason)
        self.audit.append(code, "maint.sign_out", {"reason": reason[:80]})

    # ---- counters ------------------------------------------------------------------------------
    def counters(self) -> CountersView:
        with self._db() as db:
            view = cnt.read_counters(db, capacity=self.config.maintenance.roll_capacity_mm, pdf_dir=pdf_dir(self.config))
            db.commit()
        return view

    def paper_roll_changed(self, code: str) -> CountersView:
        self._role_of(code, MaintenanceFunction.COUNTERS)
        with self._db() as db:
            used = cnt.change_roll(db, by=code, capacity=self.config.maintenance.roll_capacity_mm, at=self._now_db())
            db.commit()
        log.info("paper roll from %d mm used to 0 mm used (new roll by %s)", used, code)
        self.audit.append(code, "maint.paper_roll_changed", {"old_roll_mm": used})
        return self.counters()

    def count_card_read(self) -> None:
        """One card read by the reader (the app calls this from the device log worker)."""
        with self._db() as db:
            cnt.bump(db, cnt.CARD_READS)
            db.commit()

    # ---- journal, log, export -------------------------------------------------------------------
    def journal(self, flt: JournalFilter) -> list[JournalEntryView]:
        stmt = (
            select(JournalStep, Transaction.kind)
            .join(Transaction, Transaction.id == JournalStep.transaction_id)
            .where(Transaction.kiosk_id.in_((self.config.kiosk.id, "")))  # this kiosk's (and pre-fleet rows)
            .order_by(JournalStep.at.desc(), JournalStep.id.desc())
        )
        if flt.since is not None:
            stmt = stmt.where(JournalStep.at >= to_db(flt.since))
        if flt.until is not None:
            stmt = stmt.where(JournalStep.at <= to_db(flt.until))
        if flt.errors_only:
            stmt = stmt.where(JournalStep.to_state.in_(ERROR_STATES))
        stmt = stmt.limit(max(0, flt.limit))
        mask = self.config.printing.id_mask
        try:
            with self._db() as db:
                return [
                    JournalEntryView(from_db(step.at), step.transaction_id, kind, step.from_state, step.to_state,
                                     mask_text(step.reason, mask), step.to_state in ERROR_STATES)
                    for step, kind in db.execute(stmt)
                ]
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the journal cannot be read: {exc.__class__.__name__}") from exc

    def log_lines(self, flt: JournalFilter) -> list[LogLineView]:
        return logview.read(self.config.data_dir / "logs", flt, self.config.printing.id_mask)

    def export(self, code: str, flt: JournalFilter) -> ExportResult:
        target = self.config.export_dir
        if not target.is_dir():
            if self.config.maintenance.export_dir:
                raise UserInputError(f"the export folder {target} is not there (is the USB stick mounted?)",
                                     message_key="maint.export.no_folder")
            target.mkdir(parents=True, exist_ok=True)
        stamp = self._clock().astimezone(LOCAL_TZ)
        return self.export_to(code, flt, target / f"kiosk-{self.config.kiosk.id}-{stamp:%Y%m%d-%H%M%S}.jsonl")

    def export_to(self, code: str, flt: JournalFilter, path: Path) -> ExportResult:
        """The journal and the kiosk log of the filter's range into ``path`` (JSON lines) and its digest."""
        self._role_of(code, MaintenanceFunction.JOURNAL)
        target = path.parent
        if not target.is_dir():
            raise UserInputError(f"the folder {target} does not exist", message_key="maint.export.no_folder")
        big = JournalFilter(flt.errors_only, flt.since, flt.until, limit=1_000_000)
        records: list[dict[str, Any]] = [
            {"type": "journal", "at": e.at.isoformat(), "transaction": e.transaction_id, "kind": e.kind,
             "from": e.from_state, "to": e.to_state, "reason": e.reason, "error": e.is_error}
            for e in reversed(self.journal(big))
        ]
        records += [
            {"type": "log", "at": e.at.isoformat(), "level": e.level, "logger": e.logger, "message": e.message}
            for e in reversed(self.log_lines(big))
        ]
        try:
            sig, digest = write_export(path, records, self._key)
        except OSError as exc:
            raise UserInputError(f"the export could not be written to {target}: {exc.strerror or exc}",
                                 message_key="maint.export.no_folder") from None
        self.audit.append(code, "maint.export", {"file": path.name, "lines": len(records), "digest": digest,
                                                 "since": flt.since, "errors_only": flt.errors_only})
        log.info("journal export from none to written (%s, %d lines, by %s)", path, len(records), code)
        return ExportResult(str(path), str(sig), len(records), digest)

    def verify_export(self, path: str) -> ExportCheck:
        return verify_export(path, self._key)

    # ---- reprints ------------------------------------------------------------------------------
    def reprint_last(self, code: str) -> PrintableDocument:
        self._role_of(code, MaintenanceFunction.REPRINTS)
        with self._db() as db:
            number = db.scalar(
                select(IssuedDocument.number).where(IssuedDocument.kind.not_in(TECHNICIAN_KINDS))
                .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc()).limit(1)
            )
        if number is None:
            raise NotFoundError("no slip has been printed yet", message_key="maint.reprint.none")
        return self._reprint(code, number)

    def owed_reprints(self) -> list[OwedReprintView]:
        with self._db() as db:
            rows = db.execute(
                select(IssuedDocument).where(IssuedDocument.free_reprint.is_(True))
                .order_by(IssuedDocument.issued_at.desc(), IssuedDocument.id.desc())
            ).scalars()
            return [OwedReprintView(r.number, r.kind, from_db(r.issued_at), _masked_id_of(r.content)) for r in rows]

    def reprint_owed(self, code: str, number: str) -> PrintableDocument:
        self._role_of(code, MaintenanceFunction.REPRINTS)
        with self._db() as db:
            owed = db.scalar(select(IssuedDocument.id).where(IssuedDocument.number == number,
                                                             IssuedDocument.free_reprint.is_(True)))
        if owed is None:
            raise NotFoundError(f"document {number} is not owed a reprint", message_key="error.document_not_found")
        return self._reprint(code, number)

    def _reprint(self, code: str, number: str) -> PrintableDocument:
        """Marked 补打 / REPRINT, under the document's own transaction while it is still owed, else a
        new reprint transaction; printed with :meth:`begin_print`."""
        with self._db() as db:
            doc = db.scalar(select(IssuedDocument).where(IssuedDocument.number == number))
            if doc is None:
                raise NotFoundError(f"no document numbered {number}", message_key="error.document_not_found")
            owner = db.get(Transaction, doc.transaction_id) if doc.transaction_id else None
            owner_id = owner.id if owner is not None and owner.state in OWED_STATES else None
            taxpayer_id = doc.taxpayer_id
        tx_id = owner_id or self._journal.begin_confirmed(
            TransactionKind.REPRINT, session_id=None, taxpayer_id=taxpayer_id,
            detail={"number": number, "staff": code}, reason=f"reprint of {number} by staff {code}",
        )
        with self._db() as db:
            issued = self._issuer.reprint(db, number)
            if owner_id is None:
                self._journal.advance_in(db, tx_id, S.ISSUED, f"reprint of {number} issued")
            db.commit()
        self._prints[number] = tx_id
        self.audit.append(code, "maint.reprint", {"number": number, "transaction": tx_id})
        return printable(issued, self.config, pdf=False)

    # ---- printing what maintenance issued -------------------------------------------------------------
    def owns_print(self, number: str) -> bool:
        return number in self._prints

    def begin_print(self, number: str) -> str:
        tx_id = self._prints.get(number)
        job_id = str(uuid.uuid4())
        with self._db() as db:
            doc = db.scalar(select(IssuedDocument).where(IssuedDocument.number == number))
            if doc is None:
                raise NotFoundError(f"no document numbered {number}")
            db.add(PrintJob(id=job_id, document_id=doc.id, transaction_id=tx_id, state=JobState.PRINTING.value,
                            is_reprint=doc.reprint_count > 0, created_at=self._now_db()))
            if tx_id is not None:
                self._journal.advance_in(db, tx_id, S.PRINT_REQUESTED, f"print job {job_id} for {number}",
                                        expect=frozenset({S.ISSUED, S.UNPRINTED}))
            db.commit()
        log.info("print job %s from none to %s (%s)", job_id, JobState.PRINTING.value, number)
        return job_id

    def finish_print(self, job_id: str, state: JobState, parts_done: int, reason: str = "") -> None:
        with self._db() as db:
            job = db.get(PrintJob, job_id)
            if job is None:
                raise NotFoundError(f"print job {job_id} does not exist")
            under_tx = job.transaction_id is not None
            if not under_tx:
                doc = db.get(IssuedDocument, job.document_id)
                log.info("print job %s from %s to %s (%s)", job_id, job.state, JobState(state).value, reason or "printer")
                job.state, job.parts_done, job.error = JobState(state).value, parts_done, reason[:200] or None
                job.finished_at = self._now_db()
                if doc is not None:
                    doc.print_state = "printed" if state == JobState.PRINTED else "unprinted"
                db.commit()
        if under_tx:
            if self._print_book is None:  # pragma: no cover - built with over() in the kiosk
                raise KioskError("no print book to record the reprint")
            self._print_book.finish_print(job_id, state, parts_done, reason)

    # ---- settings and facts ----------------------------------------------------------------------------
    def settings(self) -> SettingsView:
        return site.settings_view(self.config, str(site.config_file(self.config)))

    def update_settings(self, code: str, change: SettingsChange) -> SettingsView:
        self._role_of(code, MaintenanceFunction.SETTINGS)
        diff = site.changes(self.config, change)
        if diff:
            self.config = site.save(self.config, diff)
            for key, (old, new) in diff.items():
                log.info("setting %s from %s to %s (on site by %s)", key, old, new, code)
            self.audit.append(code, "maint.settings", {k: {"old": o, "new": n} for k, (o, n) in diff.items()})
        return self.settings()

    def schema_revision(self) -> str:
        try:
            with self._db() as db:
                return MigrationContext.configure(db.connection()).get_current_revision() or ""
        except SQLAlchemyError as exc:
            raise DatabaseError(f"the database cannot be read: {exc.__class__.__name__}") from exc

    def about(self) -> AboutView:
        now = self._clock()
        source = self.config.source
        return AboutView(
            version=__version__,
            schema_revision=self.schema_revision(),
            config_path="" if source == "built-in defaults" else source,
            kiosk_id=self.config.kiosk.id,
            tax_office=self.config.kiosk.tax_office,
            started_at=self.started_at,
            uptime_seconds=max(0.0, (now - self.started_at).total_seconds()),
        )

    # ---- self-test and report ------------------------------------------------------------------------
    def database_check(self) -> SelfTestCheck:
        from kiosk.persistence.migrate import head_revision

        try:
            with self._db() as db:
                db.execute(text("SELECT 1"))
                revision = MigrationContext.configure(db.connection()).get_current_revision() or ""
        except SQLAlchemyError as exc:
            return SelfTestCheck("database", "数据库", "Database", False, f"not reachable: {exc.__class__.__name__}")
        head = head_revision()
        if revision != head:
            return SelfTestCheck("database", "数据库", "Database", False,
                                 f"schema {revision or 'empty'}, expected {head}: run kiosk db upgrade")
        return SelfTestCheck("database", "数据库", "Database", True, f"reachable, schema {revision}")

    def _issue(self, doc: Document) -> Document:
        with self._db() as db:
            issued = self._issuer.issue(db, doc, taxpayer_id=None)
            db.commit()
        self._prints[issued.number] = None
        return issued

    def test_slip(self, code: str) -> PrintableDocument:
        self._role_of(code, MaintenanceFunction.DEVICES)
        p = self.config.devices.printer
        issued = self._issue(builders.test_slip(self._issuer.context(now=self._clock().astimezone(LOCAL_TZ)),
                                                code, p.port, p.paper_width))
        self.audit.append(code, "maint.test_slip", {"number": issued.number})
        return printable(issued, self.config, pdf=False)

    def readiness_report(
        self, code: str, checks: list[SelfTestCheck], devices: list[DeviceReportLine]
    ) -> PrintableDocument:
        return self.readiness(code, checks, devices).document

    def readiness(self, code: str, checks: Sequence[SelfTestCheck], devices: Sequence[DeviceReportLine]) -> ReadinessOutcome:
        """Issue the readiness report: the slip, and the A4 PDF next to the other documents' PDFs."""
        self._role_of(code, MaintenanceFunction.REPORT)
        c = self.counters()
        left = c.paper_left_mm
        paper = (f"{left} mm left of {c.roll_capacity_mm} mm" if left is not None
                 else f"{c.paper_used_mm.since_roll_change} mm used on this roll")
        lines = [
            CounterLine("小票", "Slips printed", c.slips_printed.since_roll_change, c.slips_printed.total),
            CounterLine("A4页", "A4 pages", c.pages_printed.since_roll_change, c.pages_printed.total),
            CounterLine("用纸(毫米)", "Paper used (mm)", c.paper_used_mm.since_roll_change, c.paper_used_mm.total),
            CounterLine("读卡", "Card reads", c.card_reads.since_roll_change, c.card_reads.total),
            *(CounterLine("业务", f"Sessions: {k}", v.since_roll_change, v.total)
              for k, v in c.sessions_by_service.items()),
            *(CounterLine("缴款", f"Payments: {k}", v.since_roll_change, v.total)
              for k, v in c.payments_by_outcome.items() if v.total),
        ]
        errors = [f"{e.at.astimezone(LOCAL_TZ):%m-%d %H:%M} {e.level} {e.logger}: {e.message}"[:160]
                  for e in self.log_lines(JournalFilter(errors_only=True, limit=5))]
        data = ReadinessData(
            technician_code=code,
            version=__version__,
            schema_revision=self.schema_revision(),
            checks=[ReadinessCheck(k.label_zh, k.label_en, k.ok, k.detail) for k in checks],
            devices=[DeviceLine(d.device, d.state, d.detail, d.errors_since_start) for d in devices],
            counters=lines,
            paper_level=paper,
            last_errors=errors,
            attention=self._attention(),
            audit_head=self.audit_head(),
        )
        issued = self._issue(readiness_document(self._issuer.context(now=self._clock().astimezone(LOCAL_TZ)), data))
        slip = printable(issued, self.config, pdf=False)
        try:
            pdf = write_readiness_pdf(issued, pdf_path_for(issued, self.config))
        except OSError as exc:
            raise KioskError(f"the report's PDF could not be written: {exc.strerror or exc}") from exc
        doc = PrintableDocument(slip.number, slip.kind, slip.escpos_parts, slip.text, str(pdf), False)
        self.audit.append(code, "maint.readiness_report", {"number": doc.number, "ready": data.ready})
        log.info("readiness report %s from none to issued (%s, by %s)", doc.number,
                 "ready" if data.ready else "not ready", code)
        return ReadinessOutcome(doc, issued.verification_code, data)

    def audit_head(self) -> str:
        """The audit chain's anchored head as the secrets directory and the hall database hold it."""
        hall = self.audit.hall
        return f"{anchored_head(self.config.secrets_dir, self.audit.chain)}; " + (
            hall.describe() if hall is not None else "hall database: none configured")

    def _attention(self) -> list[str]:
        with self._db() as db:
            rows = db.execute(
                select(Transaction.id, Transaction.kind, Transaction.state, Transaction.updated_at)
                .where(Transaction.state.in_(ATTENTION_STATES), Transaction.kiosk_id.in_((self.config.kiosk.id, "")))
                .order_by(Transaction.updated_at.desc()).limit(10)
            ).all()
        return [f"{from_db(r.updated_at).astimezone(LOCAL_TZ):%m-%d %H:%M} {r.kind} {r.id[:8]} {r.state}" for r in rows]

    # ---- staff calls ---------------------------------------------------------------------------------
    def record_staff_call(self, code: str, step: str, error_key: str) -> None:
        head = step.split(".", 1)[0]
        service = head if head in SERVICE_PREFIXES else ""
        current = self._sessions.current_or_none if self._sessions is not None else None
        masked = current.masked_id if current is not None else ""
        with self._db() as db:
            db.add(StaffCall(kiosk_id=self.config.kiosk.id, code=code.upper()[:16], service=service,
                             step=step[:64], error_key=error_key[:64], masked_id=masked, called_at=self._now_db()))
            db.commit()
        log.info("staff call %s from none to waiting (%s %s)", code, step, error_key or "no error")
        self.audit.append("kiosk", "staff.called", {"code": code, "step": step, "error": error_key})

    def staff_call(self, code: str) -> StaffCallView | None:
        wanted = "".join(code.split()).upper()
        with self._db() as db:
            row = db.scalar(select(StaffCall).where(StaffCall.code == wanted)
                            .order_by(StaffCall.called_at.desc(), StaffCall.id.desc()).limit(1))
            if row is None:
                return None
            return StaffCallView(row.code, row.kiosk_id, from_db(row.called_at), row.service, row.step,
                                 row.error_key, row.masked_id,
                                 from_db(row.acknowledged_at) if row.acknowledged_at else None)


def _masked_id_of(content: dict[str, Any]) -> str:
    for f in content.get("fields", []):
        if isinstance(f, list) and f and f[0] == "taxpayer_id" and len(f) > 3:
            return str(f[3])
    return ""
