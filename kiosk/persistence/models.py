"""The kiosk's tables (SQLAlchemy 2.x declarative, typed).

Money columns are ``Numeric(14, 2)`` mapped to :class:`~decimal.Decimal`; nothing here is a float.
States are stored as short strings whose values come from the enums in :mod:`kiosk.domain.states`
so that a row stays readable from ``psql`` or ``sqlite3`` during an incident.
Indexes follow the lookups the kiosk makes: a taxpayer by ID number, records of one taxpayer by
period and tax type, documents by number and verification code, open transactions at start-up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Money = Numeric(14, 2, asdecimal=True)

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict] = {Decimal: Money, dt.datetime: DateTime(), dict: JSON}


class Taxpayer(Base):
    __tablename__ = "taxpayers"

    id: Mapped[int] = mapped_column(primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    sex: Mapped[str] = mapped_column(String(1), default="0")
    birth_date: Mapped[dt.date] = mapped_column(Date)
    address: Mapped[str] = mapped_column(String(120), default="")
    tax_office: Mapped[str] = mapped_column(String(120), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    payments: Mapped[list[TaxPaymentRecord]] = relationship(back_populates="taxpayer")


class TaxPaymentRecord(Base):
    """One tax paid into the treasury: a row of the 完税证明 (tax payment certificate)."""

    __tablename__ = "tax_payment_records"
    __table_args__ = (
        Index("ix_records_taxpayer_paid", "taxpayer_id", "paid_on"),
        Index("ix_records_taxpayer_type_period", "taxpayer_id", "tax_type", "period_from"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    voucher_no: Mapped[str] = mapped_column(String(32), unique=True)  # 原凭证号
    tax_type: Mapped[str] = mapped_column(String(32))  # TaxType value
    item: Mapped[str] = mapped_column(String(60))  # 品目名称
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    paid_on: Mapped[dt.date] = mapped_column(Date)  # 入(退)库日期
    amount: Mapped[Decimal]  # 实缴(退)金额
    tax_office: Mapped[str] = mapped_column(String(120))
    withholding_agent: Mapped[str | None] = mapped_column(String(120), default=None)

    taxpayer: Mapped[Taxpayer] = relationship(back_populates="payments")


class IncomeRecord(Base):
    """Income reported by a withholding agent (shared data: replaces the papers people used to bring)."""

    __tablename__ = "income_records"
    __table_args__ = (Index("ix_income_taxpayer_year", "taxpayer_id", "year", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    year: Mapped[int] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    income_type: Mapped[str] = mapped_column(String(32))  # wages, labor_remuneration, ...
    payer: Mapped[str] = mapped_column(String(120))
    gross_amount: Mapped[Decimal]
    special_deductions: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))  # 三险一金
    special_additional_deductions: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    tax_withheld: Mapped[Decimal] = mapped_column(Money, default=Decimal("0.00"))
    not_withheld: Mapped[bool] = mapped_column(Boolean, default=False)  # agent failed to withhold


class TaxDue(Base):
    """A tax or fee the taxpayer still owes (vehicle and vessel tax, property tax, social insurance...)."""

    __tablename__ = "taxes_due"
    __table_args__ = (Index("ix_due_taxpayer_status", "taxpayer_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    tax_type: Mapped[str] = mapped_column(String(32))
    item: Mapped[str] = mapped_column(String(60))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[Decimal]
    status: Mapped[str] = mapped_column(String(16), default="due")  # due, paid, cancelled
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), default=None)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)  # e.g. vehicle plate, engine size


class KioskSession(Base):
    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_started", "started_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(40))
    taxpayer_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), default=None)
    via: Mapped[str] = mapped_column(String(16))  # card, staff
    state: Mapped[str] = mapped_column(String(16), default="active")
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    end_reason: Mapped[str | None] = mapped_column(String(40), default=None)


class Transaction(Base):
    """A journal entry: one taxpayer task moving through explicit states (see kiosk.domain.states)."""

    __tablename__ = "transactions"
    __table_args__ = (Index("ix_transactions_state", "state"), Index("ix_transactions_kiosk_state", "kiosk_id", "state"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    session_id: Mapped[str | None] = mapped_column(ForeignKey("sessions.id"), default=None)
    taxpayer_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), default=None)
    kind: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(32))
    # the kiosk whose journal this is: start-up recovery settles only its own kiosk's transactions
    kiosk_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    amount: Mapped[Decimal | None] = mapped_column(Money, default=None)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    failure_reason: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    steps: Mapped[list[JournalStep]] = relationship(back_populates="transaction", order_by="JournalStep.id")


class JournalStep(Base):
    """Every state change of a transaction, committed before the action it announces."""

    __tablename__ = "journal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200), default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    transaction: Mapped[Transaction] = relationship(back_populates="steps")


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(32))
    provider_order_id: Mapped[str | None] = mapped_column(String(64), index=True, default=None)
    amount: Mapped[Decimal]
    state: Mapped[str] = mapped_column(String(16))  # requested, pending, paid, declined, expired, unknown
    qr_payload: Mapped[str | None] = mapped_column(String(400), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    paid_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class IssuedDocument(Base):
    """Every document the kiosk issued: number, kind, verification code and its canonical content."""

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_taxpayer_kind", "taxpayer_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    taxpayer_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), default=None)
    transaction_id: Mapped[str | None] = mapped_column(ForeignKey("transactions.id"), default=None)
    verification_code: Mapped[str] = mapped_column(String(16), unique=True)
    content: Mapped[dict] = mapped_column(JSON)  # canonical content the code signs
    kiosk_id: Mapped[str] = mapped_column(String(40))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=True)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)
    print_state: Mapped[str] = mapped_column(String(16), default="pending")  # pending, printed, unprinted
    free_reprint: Mapped[bool] = mapped_column(Boolean, default=False)


class DocumentRendering(Base):
    """The exact bytes of one signed A4 PDF of a document (the original or a reprint), by SHA-256,
    recorded in the unit of work that issued it, or (with the A4 archive) in the archive's own unit of
    work once the PDF is written: `kiosk verify --pdf` accepts only these bytes."""

    __tablename__ = "document_renderings"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    reprint_count: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PrintJob(Base):
    __tablename__ = "print_jobs"
    __table_args__ = (Index("ix_print_jobs_state", "state"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), default=None)
    transaction_id: Mapped[str | None] = mapped_column(ForeignKey("transactions.id"), default=None)
    state: Mapped[str] = mapped_column(String(16))  # queued, printing, printed, incomplete, failed
    is_reprint: Mapped[bool] = mapped_column(Boolean, default=False)
    parts_total: Mapped[int] = mapped_column(Integer, default=0)
    parts_done: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Reconciliation(Base):
    """An IIT annual reconciliation (年度汇算) with the signed personal commitment (个人承诺)."""

    __tablename__ = "reconciliations"
    __table_args__ = (Index("ix_reconciliations_taxpayer_year", "taxpayer_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    transaction_id: Mapped[str | None] = mapped_column(ForeignKey("transactions.id"), default=None)
    year: Mapped[int] = mapped_column(Integer)
    rule_version: Mapped[str] = mapped_column(String(32))
    inputs: Mapped[dict] = mapped_column(JSON)
    result: Mapped[dict] = mapped_column(JSON)
    balance: Mapped[Decimal]
    commitment_version: Mapped[str] = mapped_column(String(32))
    commitment_text: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[dt.datetime]
    submitted_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    # where a refund goes (one of the taxpayer's accounts on file); None when nothing is refunded
    refund_account_id: Mapped[int | None] = mapped_column(ForeignKey("bank_accounts.id"), default=None)


class RentalInvoice(Base):
    """An invoice issued on a person's behalf for renting out a home (代开发票)."""

    __tablename__ = "rental_invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), index=True)
    transaction_id: Mapped[str | None] = mapped_column(ForeignKey("transactions.id"), default=None)
    tenant_name: Mapped[str] = mapped_column(String(120))
    tenant_tax_id: Mapped[str] = mapped_column(String(32), default="")
    property_address: Mapped[str] = mapped_column(String(200))
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    rent_total: Mapped[Decimal]
    taxes: Mapped[dict] = mapped_column(JSON)  # tax type -> amount string, from the rule table
    tax_total: Mapped[Decimal]
    rule_version: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), default="quoted")  # quoted, paid, issued, cancelled
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class QueueTicket(Base):
    """A counter ticket: numbered per hall, day and service across every kiosk of the hall."""

    __tablename__ = "queue_tickets"
    __table_args__ = (UniqueConstraint("hall", "day", "service", "number", name="uq_queue_hall_day_service_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall: Mapped[str] = mapped_column(String(40), default="", server_default="")
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    service: Mapped[str] = mapped_column(String(32))
    number: Mapped[int] = mapped_column(Integer)
    kiosk_id: Mapped[str] = mapped_column(String(40))
    taxpayer_id: Mapped[int | None] = mapped_column(ForeignKey("taxpayers.id"), default=None)
    issued_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    called_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    served_at: Mapped[dt.datetime | None] = mapped_column(default=None)


class Technician(Base):
    __tablename__ = "technicians"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    pin_hash: Mapped[str] = mapped_column(String(128))
    pin_salt: Mapped[str] = mapped_column(String(64))
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # staff (hall staff: assisted sessions, reprints) or technician (maintenance mode)
    role: Mapped[str] = mapped_column(String(16), default="staff", server_default="staff")
    # HMAC of the staff member's own ID card number (kiosk.security.cards), never the number itself
    card_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)


class AuditEntry(Base):
    """The keyed audit chains (kiosk.services.audit): one chain per kiosk (``chain`` = its kiosk id,
    ``seq`` 1, 2, ... within it), each entry's hash an HMAC over its content and the previous hash."""

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("chain", "seq", name="uq_audit_log_chain_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    chain: Mapped[str] = mapped_column(String(40), default="", server_default="")
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(60))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditAnchor(Base):
    """The audit chain's head as last pushed by each kiosk (kiosk.services.anchors), kept in the hall's
    database, away from the kiosk's own audit table and secrets directory."""

    __tablename__ = "audit_anchors"

    kiosk_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    entry_id: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DeviceEvent(Base):
    __tablename__ = "device_events"
    __table_args__ = (Index("ix_device_events_device_at", "device", "at"),
                      Index("ix_device_events_kiosk_at", "kiosk_id", "at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(40), default="", server_default="")
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    device: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(String(200), default="")


class ConsumableCounter(Base):
    __tablename__ = "consumable_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)  # paper_roll
    used: Mapped[int] = mapped_column(Integer, default=0)  # e.g. millimetres of paper
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    reset_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    reset_by: Mapped[str | None] = mapped_column(String(40), default=None)


class PropertyRecord(Base):
    """A property as the real-estate registry (不动产登记) shares it: looked up by the owner's ID number,
    so the person renting it out no longer brings the ownership certificate (房产证明)."""

    __tablename__ = "property_registry"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id_number: Mapped[str] = mapped_column(String(18), index=True)
    certificate_no: Mapped[str] = mapped_column(String(60), unique=True)  # 不动产权证书号
    address: Mapped[str] = mapped_column(String(200))
    usage: Mapped[str] = mapped_column(String(16))  # residential, non_residential
    location_class: Mapped[str] = mapped_column(String(16), default="city")  # city, county_town, other
    area_m2: Mapped[Decimal]
    registered_on: Mapped[dt.date] = mapped_column(Date)


class BankAccount(Base):
    """A bank account the taxpayer registered for refunds (on file with the tax authority)."""

    __tablename__ = "bank_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"), index=True)
    bank_name: Mapped[str] = mapped_column(String(60))
    bank_name_en: Mapped[str] = mapped_column(String(80), default="")
    account_number: Mapped[str] = mapped_column(String(32))  # never on a screen, slip or log in full
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    added_on: Mapped[dt.date] = mapped_column(Date)


class RentalCommitment(Base):
    """The signed personal commitment (个人承诺) that replaces the lease for a rental invoice: the
    version, the exact text signed and when, like a reconciliation's."""

    __tablename__ = "rental_commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    rental_invoice_id: Mapped[int] = mapped_column(ForeignKey("rental_invoices.id"), unique=True)
    taxpayer_id: Mapped[int] = mapped_column(ForeignKey("taxpayers.id"))
    property_id: Mapped[int] = mapped_column(ForeignKey("property_registry.id"))
    commitment_version: Mapped[str] = mapped_column(String(32))
    commitment_text: Mapped[str] = mapped_column(Text)
    signed_at: Mapped[dt.datetime]


class StaffCall(Base):
    """A person tapped "call staff": the hand-over code and what they were doing (no personal data
    beyond the masked ID). Kept general: the hall console reads and acknowledges these rows."""

    __tablename__ = "staff_calls"
    __table_args__ = (Index("ix_staff_calls_code", "code"), Index("ix_staff_calls_called_at", "called_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(40))
    code: Mapped[str] = mapped_column(String(16))
    service: Mapped[str] = mapped_column(String(32), default="")
    step: Mapped[str] = mapped_column(String(64), default="")
    error_key: Mapped[str] = mapped_column(String(64), default="")
    masked_id: Mapped[str] = mapped_column(String(24), default="")
    called_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    acknowledged_by: Mapped[str | None] = mapped_column(String(40), default=None)


class KioskCounter(Base):
    """Running totals the other tables do not hold (card reads, paper of earlier rolls).

    ``at_roll_change`` is the total when the paper roll was last changed, so "since the roll change"
    is ``total - at_roll_change``.
    """

    __tablename__ = "kiosk_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    total: Mapped[int] = mapped_column(Integer, default=0)
    at_roll_change: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class NumberCounter(Base):
    """The last number handed out in one numbering scope, shared by every kiosk on the database.

    Scopes: ``doc:<tax office code>:<year>`` (document numbers) and ``queue:<hall>:<day>:<service>``
    (counter tickets). The row is read ``SELECT ... FOR UPDATE`` and bumped inside the issuing
    transaction (:mod:`kiosk.persistence.counters`), so a number is used exactly when the document or
    ticket that carries it commits: no duplicates across kiosks and no gaps from rolled-back issues.
    """

    __tablename__ = "number_counters"

    scope: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class KioskState(Base):
    """The hall's view of one kiosk, written by its heartbeat (app/hall.py) every few seconds and on
    every change; the hall console reads it. ``changed_at`` moves only when the content changed, so
    a quiet kiosk's beats only refresh ``beat_at`` (the console calls a kiosk offline when it stops)."""

    __tablename__ = "kiosk_state"

    kiosk_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    service_state: Mapped[str] = mapped_column(String(20))  # kiosk.flow.ServiceState values
    screen: Mapped[str] = mapped_column(String(64), default="")  # the flow's state name, no personal data
    devices: Mapped[dict] = mapped_column(JSON, default=dict)  # {"printer": {"state", "problem", "paper"}, ...}
    paper: Mapped[str] = mapped_column(String(16), default="")  # full, low, out, unknown
    version: Mapped[str] = mapped_column(String(32), default="")
    last_error: Mapped[str] = mapped_column(String(240), default="")
    errors: Mapped[dict] = mapped_column(JSON, default=dict)  # {"recent": ["10:15 printer paper out", ...]}
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    beat_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class HallCommand(Base):
    """A command from the hall console to one kiosk (out of service, return to service): who asked,
    when, and when the kiosk applied it (its own audit chain records that too)."""

    __tablename__ = "hall_commands"
    __table_args__ = (Index("ix_hall_commands_kiosk_id_applied_at", "kiosk_id", "applied_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kiosk_id: Mapped[str] = mapped_column(String(40))
    command: Mapped[str] = mapped_column(String(24))  # out_of_service, return_to_service
    reason: Mapped[str] = mapped_column(String(200), default="")
    requested_by: Mapped[str] = mapped_column(String(40))
    requested_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    applied_at: Mapped[dt.datetime | None] = mapped_column(default=None)
