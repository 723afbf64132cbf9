"""An in-memory KioskServicesPort for flow and UI tests: fast, deterministic, with knobs for error paths."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal

from devices.printjob import JobState
from kiosk.domain.idnumber import validate as validate_id_number
from kiosk.errors import KioskError, NotFoundError, UserInputError
from kiosk.privacy import mask_id, mask_name
from kiosk.services.api import (
    BankAccountView,
    Commitment,
    ComputationStep,
    DeductionAnswers,
    DueView,
    IncomeSource,
    PaymentOrderView,
    PaymentState,
    PrintableDocument,
    PropertyView,
    QueueService,
    QueueTicketView,
    QuoteLine,
    ReconciliationPrefill,
    ReconciliationPreview,
    RecordView,
    RentalQuoteView,
    RentalRequest,
    TaxpayerView,
)
from kiosk.services.staff import StaffLocked, normalise_login


class PaymentDeclined(KioskError):
    message_key = "payment.declined"


@dataclass
class FakeServices:
    """Knobs: ``payment_outcome`` ("paid", "declined", "expired"), ``polls_until_outcome``, ``delay`` (s per call)."""

    payment_outcome: str = "paid"
    polls_until_outcome: int = 1
    delay: float = 0.0
    known_ids: set[str] | None = None  # None: everybody is known
    staff_pins: dict[str, str] = field(default_factory=lambda: {"S001": "246810"})  # active logins -> PIN
    staff_locked: bool = False  # True: every staff start is refused with StaffLocked (error.staff_locked)
    staff_entry_name: str = "王小明"  # the name on file for whoever staff sign in
    calls: list[str] = field(default_factory=list)
    # shared registry data: the accounts on file for a refund and the properties the registry lists
    accounts: list[BankAccountView] = field(default_factory=lambda: [
        BankAccountView(7, "中国工商银行", "ICBC", "**** 0123"),
        BankAccountView(8, "招商银行", "China Merchants Bank", "**** 5678"),
    ])
    properties: list[PropertyView] = field(default_factory=lambda: [
        PropertyView(31, "北京市朝阳区朝阳路12号院5号楼1单元302室", "京(2019)朝阳区不动产权第0012345号", True, "city",
                     Decimal("89.50")),
        PropertyView(32, "北京市朝阳区建国路99号1层105商铺", "京(2021)朝阳区不动产权第0067890号", False, "city",
                     Decimal("46.20")),
    ])
    submitted: list[tuple[DeductionAnswers, int | None]] = field(default_factory=list)
    rental_requests: list[RentalRequest] = field(default_factory=list)
    session: TaxpayerView | None = None
    documents: dict[str, PrintableDocument] = field(default_factory=dict)
    printed: set[str] = field(default_factory=set)
    ended: list[str] = field(default_factory=list)
    _orders: dict[str, list[object]] = field(default_factory=dict)
    _seq: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _call(self, name: str) -> None:
        self.calls.append(name)
        if self.delay:
            time.sleep(self.delay)

    def _doc(self, kind: str, text: str, reprint: bool = False) -> PrintableDocument:
        with self._lock:
            self._seq += 1
            number = f"{kind[:2].upper()}{self._seq:06d}"
        body = f"{'REPRINT ' if reprint else ''}{kind} {number}\n{text}\n"
        doc = PrintableDocument(number, kind, (body.encode("gb18030"), b"\x1dV\x00"), body, None, reprint)
        self.documents[number] = doc
        return doc

    # ---- identity and session ----------------------------------------------------------------
    def start_session_from_card(self, id_number: str, name: str, card_type: str) -> TaxpayerView:
        self._call("start_session_from_card")
        if self.known_ids is not None and id_number not in self.known_ids:
            raise NotFoundError("No taxpayer with this ID number.", message_key="error.taxpayer_not_found")
        self.session = TaxpayerView(mask_name(name), mask_id(id_number), "S-1", "card")
        return self.session

    def start_session_staff(self, id_number: str, staff_code: str, pin: str) -> TaxpayerView:
        """Like kiosk/services/sessions.py: the ID number first (error.id_shape / id_birth / id_check,
        lenient normalisation), then the staff login and PIN (login case-insensitive, spaces ignored;
        error.staff_locked while ``staff_locked``, error.staff_code for a wrong code or PIN), then the
        taxpayer. The PIN is neither kept nor put in any message."""
        self._call("start_session_staff")
        number = validate_id_number(id_number)
        if self.staff_locked:
            raise StaffLocked("this staff code is locked for 15 more seconds after wrong PINs")
        if self.staff_pins.get(normalise_login(staff_code)) != pin:
            raise UserInputError("the staff code or PIN is not right", message_key="error.staff_code")
        if self.known_ids is not None and number not in self.known_ids:
            raise NotFoundError(
                "no taxpayer with this ID number is registered at this tax office",
                message_key="error.unknown_taxpayer",
            )
        self.session = TaxpayerView(mask_name(self.staff_entry_name), mask_id(number), "S-2", "staff")
        return self.session

    def end_session(self, reason: str) -> None:
        self._call("end_session")
        self.ended.append(reason)
        self.session = None

    # ---- records ------------------------------------------------------------------------------
    def list_records(
        self, date_from: dt.date, date_to: dt.date, tax_type: str | None = None
    ) -> list[RecordView]:
        self._call("list_records")
        paid = date_to - dt.timedelta(days=20)
        return [
            RecordView(
                1,
                "320250101000001",
                "iit",
                "个人所得税",
                "Individual income tax",
                "工资薪金所得",
                paid.replace(day=1),
                paid,
                paid,
                Decimal("1234.56"),
                "示范区税务局",
            ),
            RecordView(
                2,
                "320250101000002",
                "vehicle_vessel",
                "车船税",
                "Vehicle and vessel tax",
                "乘用车",
                paid.replace(day=1),
                paid,
                paid,
                Decimal("360.00"),
                "示范区税务局",
            ),
        ]

    def issue_certificate(self, record_ids: list[int]) -> PrintableDocument:
        self._call("issue_certificate")
        return self._doc("certificate", f"records {record_ids}")

    def issue_iit_record(self, month_from: dt.date, month_to: dt.date) -> PrintableDocument:
        self._call("issue_iit_record")
        return self._doc("iit_record", f"{month_from}..{month_to}")

    def reprint(self, number: str) -> PrintableDocument:
        self._call("reprint")
        old = self.documents[number]
        doc = PrintableDocument(
            number, old.kind, (b"REPRINT\n", *old.escpos_parts), "REPRINT\n" + old.text, None, True
        )
        return doc

    def begin_print(self, number: str) -> str:
        self._call("begin_print")
        return f"J-{number}"

    def finish_print(self, job_id: str, state: JobState, parts_done: int, reason: str = "") -> None:
        self._call("finish_print")
        if state == "printed":
            self.printed.add(job_id[2:])

    # ---- reconciliation -----------------------------------------------------------------------
    def reconciliation_years(self) -> list[int]:
        self._call("reconciliation_years")
        return [2025, 2024]

    def reconciliation_prefill(self, year: int) -> ReconciliationPrefill:
        self._call("reconciliation_prefill")
        return ReconciliationPrefill(
            year,
            Decimal("180000"),
            Decimal("10000"),
            Decimal("0"),
            Decimal("0"),
            Decimal("24000"),
            Decimal("8000"),
            (IncomeSource("示范科技有限公司", "wages", Decimal("180000"), Decimal("7000")),),
        )

    def _preview(self, year: int, answers: DeductionAnswers) -> ReconciliationPreview:
        deductions = Decimal(2000 * 12 * len(answers.children_ages)) + (
            Decimal("36000") if answers.supports_elderly else 0
        )
        taxable = Decimal("190000") - Decimal("60000") - Decimal("24000") - deductions
        tax = max(Decimal("0"), taxable * Decimal("0.10") - Decimal("2520")).quantize(Decimal("0.01"))
        # a bonus: separate 10% of it - 210, combined 20% of it (made-up figures, the shape is what counts)
        separate = tax + (answers.bonus * Decimal("0.10") - 210 if answers.bonus else 0)
        combined = tax + answers.bonus * Decimal("0.20")
        method = answers.bonus_method if answers.bonus_method != "best" else (
            "separate" if separate <= combined else "combined")
        if answers.bonus:
            tax = separate if method == "separate" else combined
        balance = tax - Decimal("8000")
        result = "pay" if balance > 0 else ("refund" if balance < 0 else "none")
        steps = (
            ComputationStep("收入合计", "Total income", Decimal("190000")),
            ComputationStep("减除费用", "Basic deduction", Decimal("60000")),
            ComputationStep("专项附加扣除", "Special additional deductions", deductions),
            ComputationStep("税率", "Rate", None, "10% - 2,520"),
            ComputationStep("应纳税额", "Tax", tax),
        )
        from kiosk.domain.reconciliation import BonusMethod

        return ReconciliationPreview(
            year, steps, tax, Decimal("8000"), balance, result, result == "pay", None,
            bonus=answers.bonus,
            bonus_method=BonusMethod(method) if answers.bonus else None,
            separate_total=separate if answers.bonus else None,
            combined_total=combined if answers.bonus else None,
        )

    def reconciliation_preview(self, year: int, answers: DeductionAnswers) -> ReconciliationPreview:
        self._call("reconciliation_preview")
        return self._preview(year, answers)

    def commitment(self) -> Commitment:
        self._call("commitment")
        return Commitment(
            "2024-1",
            "我承诺所填报内容真实、准确、完整。",
            "I declare that what I report is true, accurate and complete.",
        )

    def refund_accounts(self) -> list[BankAccountView]:
        self._call("refund_accounts")
        return list(self.accounts)

    def reconciliation_submit(
        self, year: int, answers: DeductionAnswers, commitment_version: str, refund_account_id: int | None = None
    ) -> tuple[ReconciliationPreview, PrintableDocument]:
        self._call("reconciliation_submit")
        self.submitted.append((answers, refund_account_id))
        return self._preview(year, answers), self._doc("reconciliation", f"year {year}")

    # ---- dues and payment ---------------------------------------------------------------------
    def list_dues(self) -> list[DueView]:
        self._call("list_dues")
        return [
            DueView(
                11,
                "property",
                "房产税",
                "Property tax",
                "从租计征",
                dt.date(2026, 7, 1),
                dt.date(2026, 9, 30),
                dt.date(2026, 12, 15),
                Decimal("1200.00"),
            ),
            DueView(
                12,
                "vehicle_vessel",
                "车船税",
                "Vehicle and vessel tax",
                "乘用车",
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                dt.date(2026, 12, 31),
                Decimal("360.00"),
            ),
        ]

    def _new_order(self, amount: Decimal) -> PaymentOrderView:
        with self._lock:
            self._seq += 1
            tx = f"TX{self._seq:06d}"
        order = PaymentOrderView(tx, amount, PaymentState.PENDING, f"https://pay.example.invalid/{tx}")
        self._orders[tx] = [order, 0]
        return order

    def create_payment(self, due_ids: list[int]) -> PaymentOrderView:
        self._call("create_payment")
        total = sum((d.amount for d in self.list_dues() if d.due_id in due_ids), start=Decimal("0"))
        return self._new_order(total)

    def poll_payment(self, transaction_id: str) -> PaymentOrderView:
        self._call("poll_payment")
        entry = self._orders[transaction_id]
        order: PaymentOrderView = entry[0]  # type: ignore[assignment]
        if order.state != PaymentState.PENDING:
            return order
        entry[1] = int(entry[1]) + 1  # type: ignore[call-overload]
        if int(entry[1]) >= self.polls_until_outcome:  # type: ignore[call-overload]
            order = PaymentOrderView(
                order.transaction_id, order.amount, PaymentState(self.payment_outcome), order.qr_payload
            )
            entry[0] = order
        return order

    def cancel_payment(self, transaction_id: str) -> PaymentOrderView:
        self._call("cancel_payment")
        entry = self._orders[transaction_id]
        order: PaymentOrderView = entry[0]  # type: ignore[assignment]
        if order.state == PaymentState.PENDING:
            order = PaymentOrderView(order.transaction_id, order.amount, PaymentState.CANCELLED)
            entry[0] = order
        return order

    def issue_payment_voucher(self, transaction_id: str) -> PrintableDocument:
        self._call("issue_payment_voucher")
        return self._doc("payment_voucher", transaction_id)

    def unprinted_documents(self) -> list[str]:
        self._call("unprinted_documents")
        return [n for n in self.documents if n not in self.printed]

    # ---- rental -------------------------------------------------------------------------------
    def rental_properties(self) -> list[PropertyView]:
        self._call("rental_properties")
        return list(self.properties)

    def rental_commitment(self) -> Commitment:
        self._call("rental_commitment")
        return Commitment("rental-test-1", "本人承诺租赁关系真实。", "I declare the lease is real.")

    def rental_quote(self, request: RentalRequest) -> RentalQuoteView:
        self._call("rental_quote")
        vat = (request.rent_total / Decimal("1.05") * Decimal("0.015")).quantize(Decimal("0.01"))
        return RentalQuoteView(
            (
                QuoteLine("增值税", "VAT", vat),
                QuoteLine(
                    "城市维护建设税",
                    "City maintenance tax",
                    (vat * Decimal("0.07")).quantize(Decimal("0.01")),
                ),
            ),
            vat + (vat * Decimal("0.07")).quantize(Decimal("0.01")),
            1,
            "test",
        )

    def rental_create_payment(self, request: RentalRequest) -> PaymentOrderView:
        self._call("rental_create_payment")
        self.rental_requests.append(request)
        return self._new_order(self.rental_quote(request).total_tax)

    def issue_rental_invoice(self, transaction_id: str) -> PrintableDocument:
        self._call("issue_rental_invoice")
        return self._doc("rental_invoice", transaction_id)

    # ---- queue --------------------------------------------------------------------------------
    def queue_services(self) -> list[QueueService]:
        self._call("queue_services")
        return [QueueService("A", "综合业务", "General services"), QueueService("B", "发票业务", "Invoices")]

    def take_queue_ticket(self, service_code: str) -> tuple[QueueTicketView, PrintableDocument]:
        self._call("take_queue_ticket")
        svc = {s.code: s for s in self.queue_services()}[service_code]
        return QueueTicketView(svc, f"{service_code}023", 3, 12), self._doc(
            "queue_ticket", f"{service_code}023"
        )
