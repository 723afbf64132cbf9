"""The document a paid or submitted transaction is owed: payment voucher, rental invoice, reconciliation.

Each is built from what the transaction stored (the payment and its dues, the quoted invoice, the
signed filing), never from what the screen last showed, so the kiosk can issue it just the same
after a restart (start-up recovery) as while the person waits.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import LOCAL_TZ, from_db
from kiosk.persistence.models import BankAccount, Payment, Reconciliation, TaxDue, Taxpayer, Transaction
from kiosk.privacy import mask_account
from kiosk.rules.names import item_en
from kiosk.services import commitment as commitment_texts
from kiosk.services import rental
from kiosk.services.errors import NotFoundError
from kiosk.services.journal import TransactionKind
from kiosk.services.print_book import Builder
from receipts import documents as builders
from receipts.model import Document, IssueContext


def owed_document(tx_id: str) -> Builder:
    """The builder of the document transaction ``tx_id`` is owed (its kind says which)."""

    def build(db: Session, tp: Taxpayer | None, ctx: IssueContext) -> Document:
        tx = db.get(Transaction, tx_id)
        if tx is None or tp is None:
            raise NotFoundError(f"transaction {tx_id} does not exist or has no taxpayer")
        kind = TransactionKind(tx.kind)
        if kind is TransactionKind.PAYMENT:
            return _payment_voucher(db, tp, ctx, tx_id)
        if kind is TransactionKind.RENTAL_INVOICE:
            return _rental_invoice(db, tp, ctx, tx_id)
        if kind is TransactionKind.RECONCILIATION:
            return _reconciliation(db, tp, ctx, tx_id)
        raise NotFoundError(f"a {kind.value} transaction is owed no document")

    return build


def _payment_voucher(db: Session, tp: Taxpayer, ctx: IssueContext, tx_id: str) -> Document:
    payment = db.execute(select(Payment).where(Payment.transaction_id == tx_id)
                         .order_by(Payment.id.desc()).limit(1)).scalar_one()
    lines = [builders.VoucherLine(d.tax_type, d.item, d.period_from, d.period_to, d.amount, item_en(d.item))
             for d in db.execute(select(TaxDue).where(TaxDue.payment_id == payment.id).order_by(TaxDue.id)).scalars()]
    paid_at = from_db(payment.paid_at or payment.updated_at).astimezone(LOCAL_TZ).replace(tzinfo=None)
    return builders.payment_voucher(ctx, tp.name, tp.id_number, tx_id, _qr_method(ctx, payment.provider),
                                    payment.provider_order_id or payment.idempotency_key, paid_at, lines)


def _qr_method(ctx: IssueContext, provider: str) -> str:
    """How it was paid: 扫码支付, with the provider's own name (Latin letters) only on bilingual slips."""
    return f"扫码支付 QR ({provider})" if ctx.bilingual else "扫码支付"


def _rental_invoice(db: Session, tp: Taxpayer, ctx: IssueContext, tx_id: str) -> Document:
    inv = rental.invoice_of(db, tx_id)
    lines = [builders.RentalTaxLine(zh, en, amount) for zh, en, amount, _type in rental.stored_lines(inv)]
    return builders.rental_invoice(ctx, tp.name, tp.id_number, inv.tenant_name, inv.tenant_tax_id,
                                   inv.property_address, inv.period_from, inv.period_to, inv.rent_total,
                                   lines, inv.rule_version)


def _reconciliation(db: Session, tp: Taxpayer, ctx: IssueContext, tx_id: str) -> Document:
    rec = db.execute(select(Reconciliation).where(Reconciliation.transaction_id == tx_id)).scalar_one()
    result = rec.result
    steps = [builders.ReconciliationStep(s["label_zh"], s["label_en"],
                                         Decimal(s["amount"]) if s["amount"] is not None else None,
                                         s.get("text", ""), s.get("text_en", "")) for s in result["steps"]]
    account = db.get(BankAccount, rec.refund_account_id) if rec.refund_account_id is not None else None
    if account is not None:  # where the refund goes, the number masked
        steps.append(builders.ReconciliationStep("退税账户", "Refund to", None,
                                                 f"{account.bank_name} {mask_account(account.account_number)}"))
    text = commitment_texts.by_version(rec.commitment_version)
    signed = from_db(rec.signed_at).astimezone(LOCAL_TZ).replace(tzinfo=None)
    return builders.reconciliation(ctx, tp.name, tp.id_number, rec.year, steps, Decimal(result["tax"]),
                                   Decimal(result["prepaid_tax"]), Decimal(result["balance"]), result["result"],
                                   rec.rule_version, rec.commitment_version, text.text_zh, text.text_en, signed)


__all__ = ["owed_document"]
