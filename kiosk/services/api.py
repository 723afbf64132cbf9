"""The contract between the kiosk's services and its screen flows (no Qt, no SQLAlchemy types here).

The flow state machines (kiosk/flow) and the UI only ever see these view types: masked personal
data, Decimal money, plain dates. ``KioskServicesPort`` is implemented by
:class:`kiosk.services.facade.KioskServices`; every method may block on the database or the payment
host, so callers must run it off the GUI thread. Every method that needs a taxpayer works on the
*current session*; there is at most one session at a time on a kiosk.

Errors: methods raise :class:`kiosk.errors.KioskError` subclasses whose ``message_key`` the UI
translates (NotFoundError, UserInputError, ServiceUnavailable, PaymentError ...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Protocol

from devices.printjob import JobState
from kiosk.domain.documents import PrintableDocument
from kiosk.domain.reconciliation import ComputationStep, DeductionAnswers, ReconciliationPreview
from kiosk.domain.rental import QuoteLine, RentalQuoteView


@dataclass(frozen=True)
class TaxpayerView:
    masked_name: str  # 张*
    masked_id: str  # 110105********002X (the configured mask)
    session_id: str
    via: str  # "card" or "staff"


@dataclass(frozen=True)
class RecordView:
    record_id: int
    voucher_no: str
    tax_type: str  # kiosk.domain.taxes.TaxType value
    label_zh: str
    label_en: str
    item: str
    period_from: dt.date
    period_to: dt.date
    paid_on: dt.date
    amount: Decimal
    tax_office: str
    item_en: str = ""  # the item's English name (kiosk.rules.names), "" when it has none


@dataclass(frozen=True)
class DueView:
    due_id: int
    tax_type: str
    label_zh: str
    label_en: str
    item: str
    period_from: dt.date
    period_to: dt.date
    due_date: dt.date
    amount: Decimal
    item_en: str = ""  # the item's English name (kiosk.rules.names), "" when it has none



class PaymentState(StrEnum):
    REQUESTED = "requested"  # key committed, provider not yet answered
    PENDING = "pending"  # QR shown, waiting for the payer
    PAID = "paid"
    DECLINED = "declined"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"  # outcome not known yet (timeout); never charge again, ask the provider


@dataclass(frozen=True)
class PaymentOrderView:
    transaction_id: str
    amount: Decimal
    state: PaymentState
    qr_payload: str | None = None
    expires_at: dt.datetime | None = None
    message: str = ""


@dataclass(frozen=True)
class IncomeSource:
    payer: str
    income_type: str  # kiosk.domain.taxes.IncomeType value
    gross: Decimal
    tax_withheld: Decimal
    payer_en: str = ""  # the payer's English name where one is known (kiosk.rules.names), else ""


@dataclass(frozen=True)
class ReconciliationPrefill:
    """What shared data already says about the year (certificate-free: no papers asked for)."""

    year: int
    wages: Decimal
    labor_remuneration: Decimal
    author_remuneration: Decimal
    royalties: Decimal
    special_deductions: Decimal  # 三险一金 withheld by employers
    prepaid_tax: Decimal
    sources: tuple[IncomeSource, ...] = ()
    # The year's rules the questions need (from the rule table of the year):
    elderly_total_monthly: Decimal = Decimal("3000")  # what siblings share (2,000 before 2023)
    elderly_share_max_monthly: Decimal = Decimal("1500")  # the most one sibling claims (1,000 before)
    other_deductions_open: tuple[str, ...] = ("health_insurance", "personal_pension", "annuity")





@dataclass(frozen=True)
class Commitment:
    version: str
    text_zh: str
    text_en: str


@dataclass(frozen=True)
class BankAccountView:
    """An account on file for refunds, as a screen may show it (the number masked)."""

    account_id: int
    bank_zh: str
    bank_en: str
    masked_number: str  # **** 0123


@dataclass(frozen=True)
class PropertyView:
    """A property the shared registry (不动产登记) lists for the person: the ownership check is done."""

    property_id: int
    address: str  # the owner's own property: shown on the confirm screen, never logged
    certificate_no: str  # 不动产权证书号
    residential: bool
    location_class: str  # city, county_town, other
    area_m2: Decimal


@dataclass(frozen=True)
class RentalRequest:
    tenant_name: str
    property_address: str
    period_from: dt.date
    period_to: dt.date
    rent_total: Decimal
    residential: bool = True
    location_class: str = "city"  # city (7%), county_town (5%), other (1%)
    repairs: Decimal = Decimal("0")
    # The registry record the invoice is for: its address, use and location replace the fields
    # above. Creating the payment needs it, and the signed commitment that replaces the lease.
    property_id: int | None = None
    commitment_version: str = ""




@dataclass(frozen=True)
class QueueService:
    code: str  # "A"
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class QueueTicketView:
    service: QueueService
    ticket: str  # "A023"
    waiting_ahead: int
    estimated_wait_minutes: int


class KioskServicesPort(Protocol):
    """What the screen flows may ask of the core. Every call may block: run it off the GUI thread."""

    # ---- identity and session ----------------------------------------------------------------
    def start_session_from_card(self, id_number: str, name: str, card_type: str) -> TaxpayerView: ...
    def start_session_staff(self, id_number: str, staff_code: str, pin: str) -> TaxpayerView: ...
    def end_session(self, reason: str) -> None: ...

    # ---- records and certificates ----------------------------------------------------------
    def list_records(
        self, date_from: dt.date, date_to: dt.date, tax_type: str | None = None
    ) -> list[RecordView]: ...
    def issue_certificate(self, record_ids: list[int]) -> PrintableDocument: ...
    def issue_iit_record(self, month_from: dt.date, month_to: dt.date) -> PrintableDocument: ...
    def reprint(self, number: str) -> PrintableDocument: ...

    # ---- printing bookkeeping (print_jobs table; unprinted documents get a free reprint) --------
    def begin_print(self, number: str) -> str: ...  # returns the print job id
    def finish_print(self, job_id: str, state: JobState, parts_done: int, reason: str = "") -> None: ...

    # ---- IIT annual reconciliation -------------------------------------------------------------
    def reconciliation_years(self) -> list[int]: ...
    def reconciliation_prefill(self, year: int) -> ReconciliationPrefill: ...
    def reconciliation_preview(self, year: int, answers: DeductionAnswers) -> ReconciliationPreview: ...
    def commitment(self) -> Commitment: ...
    def refund_accounts(self) -> list[BankAccountView]: ...  # accounts on file for a refund (masked)
    def reconciliation_submit(
        self, year: int, answers: DeductionAnswers, commitment_version: str, refund_account_id: int | None = None
    ) -> tuple[ReconciliationPreview, PrintableDocument]: ...

    # ---- taxes due and payment -----------------------------------------------------------------
    def list_dues(self) -> list[DueView]: ...
    def create_payment(self, due_ids: list[int]) -> PaymentOrderView: ...
    def poll_payment(self, transaction_id: str) -> PaymentOrderView: ...
    def cancel_payment(self, transaction_id: str) -> PaymentOrderView: ...
    def issue_payment_voucher(self, transaction_id: str) -> PrintableDocument: ...
    def unprinted_documents(self) -> list[str]: ...  # numbers owed a free reprint to this taxpayer

    # ---- rental invoice on a person's behalf ----------------------------------------------------
    def rental_properties(self) -> list[PropertyView]: ...  # the registry's records for this owner
    def rental_commitment(self) -> Commitment: ...  # the text that replaces the lease
    def rental_quote(self, request: RentalRequest) -> RentalQuoteView: ...
    def rental_create_payment(self, request: RentalRequest) -> PaymentOrderView: ...
    def issue_rental_invoice(self, transaction_id: str) -> PrintableDocument: ...

    # ---- queue ticket (works without a session too) ------------------------------------------
    def queue_services(self) -> list[QueueService]: ...
    def take_queue_ticket(self, service_code: str) -> tuple[QueueTicketView, PrintableDocument]: ...


__all__ = [
    "BankAccountView",
    "Commitment",
    "ComputationStep",
    "DeductionAnswers",
    "DueView",
    "IncomeSource",
    "KioskServicesPort",
    "PaymentOrderView",
    "PaymentState",
    "PrintableDocument",
    "PropertyView",
    "QueueService",
    "QueueTicketView",
    "QuoteLine",
    "ReconciliationPrefill",
    "ReconciliationPreview",
    "RecordView",
    "RentalQuoteView",
    "RentalRequest",
    "TaxpayerView",
]
