"""One builder per printed document, from plain dataclasses (never ORM objects) to a :class:`Document`.

Every builder takes the :class:`IssueContext` first and masks ID numbers with ``ctx.id_mask``, so a
full ID number never reaches a renderer, the signed content or the database copy. The ``number`` is
usually left empty: :class:`kiosk.documents.issuer.DocumentIssuer` assigns it when it issues the
document. Money is Decimal; totals are computed here from the lines, never passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from kiosk.domain.taxes import TaxType
from kiosk.privacy import mask_id
from receipts.model import (
    Column,
    Document,
    DocumentKind,
    Field,
    IssueContext,
    Label,
    Paragraph,
    Table,
    Total,
)
from receipts.rmb import figures, to_amount

NOT_A_VOUCHER = Label("本证明不作纳税人记账、抵扣凭证", "Not an accounting or deduction voucher")
NO_SEAL = Label("电子验证，不加盖印章", "Verified electronically, no seal")


# ---- inputs -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CertificateLine:
    """One tax paid into the treasury: a row of the 税收完税证明."""

    voucher_no: str  # 原凭证号
    tax_type: str  # kiosk.domain.taxes.TaxType value (or a label for a type the kiosk does not know)
    item: str  # 品目名称
    period_from: dt.date
    period_to: dt.date
    paid_on: dt.date  # 入(退)库日期
    amount: Decimal  # 实缴(退)金额
    item_en: str = ""  # the item's English name, printed beside it on bilingual slips


@dataclass(frozen=True)
class IitRecordLine:
    """One row of the 个人所得税纳税记录."""

    income_item: str  # 所得项目, e.g. 工资薪金所得
    period: str  # 税款所属期, "2026-01" or "2026-01 至 2026-03"
    paid_on: dt.date  # 入库日期
    office: str  # 征收税务机关 (or the withholding agent's office)
    amount: Decimal
    income_item_en: str = ""  # English names, printed on bilingual slips ("" when none is known)
    office_en: str = ""


@dataclass(frozen=True)
class VoucherLine:
    tax_type: str
    item: str
    period_from: dt.date
    period_to: dt.date
    amount: Decimal
    item_en: str = ""  # the item's English name, printed beside it on bilingual slips


@dataclass(frozen=True)
class ReconciliationStep:
    label_zh: str
    label_en: str
    amount: Decimal | None = None
    text: str = ""  # shown instead of / next to an amount, e.g. "10% - 2,520"
    text_en: str = ""  # the text in English when it holds words (printed only on bilingual slips)


@dataclass(frozen=True)
class RentalTaxLine:
    label_zh: str
    label_en: str
    amount: Decimal


@dataclass(frozen=True)
class ReadinessCheck:
    name_zh: str
    name_en: str
    ok: bool
    detail: str = ""


# ---- helpers ------------------------------------------------------------------------------------
def _tax_label(tax_type: str, bilingual: bool = False) -> str:
    try:
        t = TaxType(tax_type)
    except ValueError:
        return tax_type
    return Label(t.label_zh, t.label_en).render(bilingual)


def _period(a: dt.date, b: dt.date) -> str:
    return f"{a:%Y-%m-%d} 至 {b:%Y-%m-%d}"


def _sum(amounts: Sequence[Decimal]) -> Decimal:
    return sum((to_amount(a) for a in amounts), Decimal("0.00"))


def _taxpayer_fields(
    ctx: IssueContext, name: str, id_number: str, *, name_label: Label | None = None
) -> list[Field]:
    return [
        Field("taxpayer_id", Label("纳税人识别号", "Taxpayer ID"), mask_id(id_number, ctx.id_mask)),
        Field("taxpayer_name", name_label or Label("纳税人名称", "Taxpayer name"), name),
    ]


def _issuer_fields(ctx: IssueContext) -> list[Field]:
    return [
        Field(
            "seal",
            Label("税务机关(盖章)", "Tax office (seal)"),
            NO_SEAL.render(ctx.bilingual, " / "),
            foot=True,
        ),
        Field("issuer", Label("填票人", "Issued by"), f"自助办税终端 {ctx.kiosk_id}", foot=True),
    ]


# ---- taxpayers' documents -------------------------------------------------------------------------
def certificate(
    ctx: IssueContext,
    taxpayer_name: str,
    id_number: str,
    lines: Sequence[CertificateLine],
    number: str = "",
    remarks: Sequence[str] = (),
) -> Document:
    """税收完税证明 (table form): every field of tax-rules.md, the total in figures and capitals."""
    if not lines:
        raise ValueError("a tax payment certificate needs at least one payment")
    columns = (
        Column("voucher_no", Label("原凭证号", "Voucher no."), weight=4),
        Column("tax_type", Label("税种", "Tax type"), weight=3),
        Column("item", Label("品目名称", "Item"), weight=3),
        Column("period", Label("税款所属时期", "Tax period"), weight=4),
        Column("paid_on", Label("入(退)库日期", "Date paid in"), weight=3),
        Column("amount", Label("实缴(退)金额", "Amount paid"), numeric=True, weight=3),
    )
    rows = tuple(
        (
            ln.voucher_no,
            _tax_label(ln.tax_type, ctx.bilingual),
            Label(ln.item, ln.item_en).render(ctx.bilingual),
            _period(ln.period_from, ln.period_to),
            f"{ln.paid_on:%Y-%m-%d}",
            figures(ln.amount),
        )
        for ln in lines
    )
    return Document(
        kind=DocumentKind.CERTIFICATE,
        title=Label("税收完税证明", "Tax Payment Certificate"),
        context=ctx,
        number=number,
        fields=(
            *_taxpayer_fields(ctx, taxpayer_name, id_number),
            *_issuer_fields(ctx),
            Field("remarks", Label("备注", "Remarks"), "；".join(remarks) if remarks else "", foot=True),
        ),
        tables=(Table("payments", columns, rows),),
        totals=(Total("total", Label("金额合计", "Total"), _sum([ln.amount for ln in lines])),),
        notice=NOT_A_VOUCHER,
    )


def iit_record(
    ctx: IssueContext,
    taxpayer_name: str,
    id_number: str,
    month_from: dt.date,
    month_to: dt.date,
    lines: Sequence[IitRecordLine],
    number: str = "",
) -> Document:
    """个人所得税纳税记录 for the months ``month_from`` .. ``month_to`` (an empty record is valid)."""
    columns = (
        Column("income_item", Label("所得项目", "Income item"), weight=3),
        Column("period", Label("税款所属期", "Tax period"), weight=3),
        Column("paid_on", Label("入库日期", "Date paid in"), weight=2),
        Column("office", Label("征收税务机关", "Collecting office"), weight=5),
        Column("amount", Label("实缴(退)金额", "Amount paid"), numeric=True, weight=2),
    )
    rows = tuple(
        (Label(ln.income_item, ln.income_item_en).render(ctx.bilingual), ln.period, f"{ln.paid_on:%Y-%m-%d}",
         Label(ln.office, ln.office_en).render(ctx.bilingual), figures(ln.amount))
        for ln in lines
    )
    return Document(
        kind=DocumentKind.IIT_RECORD,
        title=Label("个人所得税纳税记录", "Individual Income Tax Record"),
        context=ctx,
        number=number,
        fields=(
            *_taxpayer_fields(ctx, taxpayer_name, id_number, name_label=Label("纳税人姓名", "Name")),
            Field("period", Label("记录期间", "Period"), f"{month_from:%Y-%m} 至 {month_to:%Y-%m}"),
            *_issuer_fields(ctx),
        ),
        tables=(Table("records", columns, rows),),
        totals=(Total("total", Label("金额合计", "Total"), _sum([ln.amount for ln in lines])),),
        notice=NOT_A_VOUCHER,
    )


def payment_voucher(
    ctx: IssueContext,
    taxpayer_name: str,
    id_number: str,
    transaction_id: str,
    payment_method: str,
    payment_reference: str,
    paid_at: dt.datetime,
    lines: Sequence[VoucherLine],
    number: str = "",
) -> Document:
    """缴款凭证: what was paid at this kiosk, in one transaction."""
    if not lines:
        raise ValueError("a payment voucher needs at least one line")
    columns = (
        Column("tax_type", Label("税(费)种", "Tax or fee"), weight=3),
        Column("item", Label("品目名称", "Item"), weight=3),
        Column("period", Label("所属时期", "Period"), weight=4),
        Column("amount", Label("金额", "Amount"), numeric=True, weight=2),
    )
    rows = tuple(
        (_tax_label(ln.tax_type, ctx.bilingual), Label(ln.item, ln.item_en).render(ctx.bilingual),
         _period(ln.period_from, ln.period_to), figures(ln.amount))
        for ln in lines
    )
    return Document(
        kind=DocumentKind.PAYMENT_VOUCHER,
        title=Label("缴款凭证", "Payment Voucher"),
        context=ctx,
        number=number,
        fields=(
            *_taxpayer_fields(ctx, taxpayer_name, id_number),
            Field("transaction", Label("交易流水号", "Transaction"), transaction_id),
            Field("method", Label("支付方式", "Paid with"), payment_method),
            Field("reference", Label("支付订单号", "Payment reference"), payment_reference),
            Field("paid_at", Label("支付时间", "Paid at"), f"{paid_at:%Y-%m-%d %H:%M:%S}"),
            *_issuer_fields(ctx),
        ),
        tables=(Table("lines", columns, rows),),
        totals=(Total("total", Label("缴款合计", "Total paid"), _sum([ln.amount for ln in lines])),),
        notice=Label("完税证明可在本终端打印", "The tax payment certificate can be printed at this kiosk"),
    )


_RESULT_LABELS = {
    "pay": Label("应补税", "Tax to pay"),
    "refund": Label("应退税", "Refund due"),
    "none": Label("无需补退税", "Nothing to pay or refund"),
}


def reconciliation(
    ctx: IssueContext,
    taxpayer_name: str,
    id_number: str,
    year: int,
    steps: Sequence[ReconciliationStep],
    tax: Decimal,
    prepaid_tax: Decimal,
    balance: Decimal,
    result: str,
    rule_version: str,
    commitment_version: str,
    commitment_zh: str,
    commitment_en: str,
    signed_at: dt.datetime,
    number: str = "",
) -> Document:
    """个人所得税年度汇算结果 with the taxpayer's signed commitment (个人承诺) text.

    ``balance`` is positive to pay and negative for a refund; ``result`` is pay, refund or none.
    """
    if result not in _RESULT_LABELS:
        raise ValueError(f"result must be pay, refund or none, got {result!r}")
    rows = tuple(
        (
            Label(s.label_zh, s.label_en).render(ctx.bilingual),
            (figures(s.amount) if s.amount is not None else "")
            + (f" ({_step_text(ctx, s)})" if s.text and s.amount is not None else _step_text(ctx, s)),
        )
        for s in steps
    )
    balance_label = {
        "pay": Label("应补税额", "Tax to pay"),
        "refund": Label("应退税额", "Refund due"),
        "none": Label("应补(退)税额", "Balance"),
    }[result]
    return Document(
        kind=DocumentKind.RECONCILIATION,
        title=Label("个人所得税年度汇算结果", "IIT Annual Reconciliation Result"),
        context=ctx,
        number=number,
        fields=(
            *_taxpayer_fields(ctx, taxpayer_name, id_number, name_label=Label("纳税人姓名", "Name")),
            Field("year", Label("汇算年度", "Tax year"), str(year)),
            Field("result", Label("汇算结果", "Result"), _RESULT_LABELS[result].render(ctx.bilingual, " / ")),
            Field("rule_version", Label("计算规则", "Rules"), rule_version),
            Field(
                "commitment_version",
                Label("承诺文本版本", "Commitment version"),
                commitment_version,
                foot=True,
            ),
            Field(
                "signed_at",
                Label("承诺确认时间", "Commitment signed at"),
                f"{signed_at:%Y-%m-%d %H:%M:%S}",
                foot=True,
            ),
            Field(
                "signature",
                Label("纳税人签名", "Signature"),
                f"{taxpayer_name}（{Label('终端屏幕确认', 'confirmed on screen').render(ctx.bilingual)}）",
                foot=True,
            ),
        ),
        tables=(
            Table(
                "computation",
                (
                    Column("step", Label("项目", "Item"), weight=5),
                    Column("amount", Label("金额", "Amount"), True, 3),
                ),
                rows,
                title=Label("计算过程", "Computation"),
            ),
        ),
        totals=(
            Total("tax", Label("应纳税额", "Tax for the year"), tax),
            Total("prepaid", Label("已缴税额", "Tax prepaid"), prepaid_tax),
            Total("balance", balance_label, abs(to_amount(balance))),
        ),
        paragraphs=(Paragraph("commitment", Label("个人承诺", "Commitment"), commitment_zh, commitment_en),),
    )


def _step_text(ctx: IssueContext, s: ReconciliationStep) -> str:
    return Label(s.text, s.text_en).render(ctx.bilingual, " / ") if s.text_en else s.text


def rental_invoice(
    ctx: IssueContext,
    landlord_name: str,
    landlord_id_number: str,
    tenant_name: str,
    tenant_tax_id: str,
    property_address: str,
    period_from: dt.date,
    period_to: dt.date,
    rent_total: Decimal,
    tax_lines: Sequence[RentalTaxLine],
    rule_version: str,
    number: str = "",
) -> Document:
    """代开发票 for renting out a home: rent, the taxes paid on it and the totals in capitals."""
    return Document(
        kind=DocumentKind.RENTAL_INVOICE,
        title=Label("个人出租住房代开发票", "Invoice Issued on Behalf: Home Rental"),
        context=ctx,
        number=number,
        fields=(
            Field("taxpayer_name", Label("出租人(销售方)", "Landlord (seller)"), landlord_name),
            Field(
                "taxpayer_id",
                Label("出租人证件号码", "Landlord ID"),
                mask_id(landlord_id_number, ctx.id_mask),
            ),
            Field("tenant_name", Label("承租人(购买方)", "Tenant (buyer)"), tenant_name),
            Field(
                "tenant_tax_id",
                Label("承租人识别号", "Tenant tax ID"),
                mask_id(tenant_tax_id, ctx.id_mask) if tenant_tax_id else "",
            ),
            Field("address", Label("房屋地址", "Property"), property_address),
            Field("period", Label("租赁期间", "Lease period"), _period(period_from, period_to)),
            Field("rule_version", Label("计税规则", "Tax rules"), rule_version),
            *_issuer_fields(ctx),
        ),
        tables=(
            Table(
                "taxes",
                (
                    Column("tax", Label("税(费)种", "Tax or fee"), weight=5),
                    Column("amount", Label("金额", "Amount"), True, 3),
                ),
                tuple((Label(t.label_zh, t.label_en).render(ctx.bilingual), figures(t.amount)) for t in tax_lines),
                title=Label("代征税费", "Taxes collected"),
            ),
        ),
        totals=(
            Total("rent", Label("租金合计(价税合计)", "Rent (tax included)"), rent_total),
            Total("tax_total", Label("税费合计", "Taxes total"), _sum([t.amount for t in tax_lines])),
        ),
        notice=Label(
            "本发票由税务机关代开，凭验证码查验",
            "Issued by the tax office on the landlord's behalf; check it with the code",
        ),
    )


def queue_ticket(
    ctx: IssueContext,
    service_code: str,
    service_zh: str,
    service_en: str,
    ticket: str,
    waiting_ahead: int,
    estimated_wait_minutes: int,
    number: str = "",
) -> Document:
    """排队号: the ticket number printed very large, no personal data."""
    return Document(
        kind=DocumentKind.QUEUE_TICKET,
        title=Label("排队号", "Queue Ticket"),
        context=ctx,
        number=number,
        fields=(
            Field(
                "service", Label("业务类型", "Service"),
                f"{service_code} {Label(service_zh, service_en).render(ctx.bilingual)}".strip(),
            ),
            Field("waiting_ahead", Label("前面等候", "People ahead"), f"{waiting_ahead} 人"),
            Field(
                "estimated_wait",
                Label("预计等候", "Estimated wait"),
                f"约 {estimated_wait_minutes} 分钟" + (" / min" if ctx.bilingual else ""),
            ),
        ),
        highlight=ticket,
        notice=Label("请留意叫号，过号请重新取号", "Watch the screen; a missed number needs a new ticket"),
    )


# ---- technicians' documents -------------------------------------------------------------------------
def test_slip(
    ctx: IssueContext,
    technician: str,
    printer_port: str,
    paper_width: int,
    firmware: str = "",
    number: str = "",
) -> Document:
    """打印测试页: paper width, a ruler, a sample of every script the slips use, the verification QR
    and a CODE128 barcode of the kiosk id (so a technician sees text, QR and barcode all print)."""
    columns = 32 if paper_width == 58 else 48
    ruler = ("1234567890" * 5)[:columns]
    return Document(
        kind=DocumentKind.TEST_SLIP,
        title=Label("打印测试页", "Printer Test Slip"),
        context=ctx,
        number=number,
        fields=(
            Field("technician", Label("技术人员", "Technician"), technician),
            Field("printer", Label("打印机端口", "Printer port"), printer_port),
            Field("paper", Label("纸宽", "Paper width"), f"{paper_width} mm / {columns} 列 columns"),
            Field("firmware", Label("固件", "Firmware"), firmware or "-"),
        ),
        paragraphs=(
            Paragraph("ruler", Label("标尺", "Ruler"), ruler),
            Paragraph(
                "sample",
                Label("字符样例", "Sample"),
                "中文：税收完税证明 个人所得税 ￥1,409.50 壹仟肆佰零玖元伍角整",
                "ASCII: ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789",
            ),
        ),
        barcode=ctx.kiosk_id if ctx.kiosk_id.isascii() and ctx.kiosk_id.isprintable() else "KIOSK-TEST",
    )


def readiness_report(
    ctx: IssueContext,
    technician: str,
    checks: Sequence[ReadinessCheck],
    number: str = "",
) -> Document:
    """终端就绪报告: every check with its outcome and the overall verdict."""
    ready = all(c.ok for c in checks)
    return Document(
        kind=DocumentKind.READINESS_REPORT,
        title=Label("终端就绪报告", "Kiosk Readiness Report"),
        context=ctx,
        number=number,
        fields=(
            Field("technician", Label("技术人员", "Technician"), technician),
            Field(
                "verdict",
                Label("结论", "Verdict"),
                "就绪 READY" if ready else f"未就绪 NOT READY ({sum(not c.ok for c in checks)} 项 failed)",
            ),
        ),
        tables=(
            Table(
                "checks",
                (
                    Column("check", Label("检查项", "Check"), weight=4),
                    Column("state", Label("状态", "State"), weight=2),
                    Column("detail", Label("说明", "Detail"), weight=5),
                ),
                tuple(
                    (f"{c.name_zh} {c.name_en}".strip(), "正常 OK" if c.ok else "异常 FAIL", c.detail or "-")
                    for c in checks
                ),
            ),
        ),
    )


def paper_change(
    ctx: IssueContext,
    technician: str,
    paper_width: int,
    slips_since_last_change: int,
    note: str = "",
    number: str = "",
) -> Document:
    """换纸记录: who changed the roll, when, and how much the last roll printed."""
    return Document(
        kind=DocumentKind.PAPER_CHANGE,
        title=Label("换纸记录", "Paper Change Note"),
        context=ctx,
        number=number,
        fields=(
            Field("technician", Label("技术人员", "Technician"), technician),
            Field("paper", Label("纸卷规格", "Paper roll"), f"{paper_width} mm"),
            Field("slips", Label("上卷打印张数", "Slips on last roll"), str(slips_since_last_change)),
            Field("note", Label("备注", "Note"), note or "-"),
        ),
    )


test_slip.__test__ = False  # type: ignore[attr-defined]  # not a pytest test, despite its name
