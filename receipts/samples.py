"""Sample documents of every kind (demo data), for the tour, benchmarks and tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from receipts import documents as d
from receipts.model import Document, DocumentKind, IssueContext

SAMPLE_ID = "110105199001011234"
SAMPLE_NAME = "张三"
SAMPLE_OFFICE = "国家税务总局示范市示范区税务局第一税务所"


def sample_context(
    *, demo: bool = True, bilingual: bool = False, when: dt.datetime | None = None
) -> IssueContext:
    return IssueContext(
        kiosk_id="KIOSK-DEMO-01",
        tax_office=SAMPLE_OFFICE,
        issued_at=when or dt.datetime(2026, 11, 26, 15, 30, 5),
        demo=demo,
        bilingual=bilingual,
    )


def certificate_lines() -> list[d.CertificateLine]:
    return [
        d.CertificateLine(
            "331016260100012345",
            "iit",
            "工资薪金所得",
            dt.date(2026, 1, 1),
            dt.date(2026, 1, 31),
            dt.date(2026, 2, 10),
            Decimal("1409.50"),
        ),
        d.CertificateLine(
            "331016260300012346",
            "vehicle_vessel",
            "1.6升以上至2.0升(含)的乘用车",
            dt.date(2026, 1, 1),
            dt.date(2026, 12, 31),
            dt.date(2026, 3, 2),
            Decimal("480.00"),
        ),
        d.CertificateLine(
            "331016260400012347",
            "property",
            "住房出租",
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 31),
            dt.date(2026, 4, 15),
            Decimal("14519.52"),
        ),
    ]


def sample(kind: DocumentKind, ctx: IssueContext) -> Document:
    """One realistic document of ``kind`` (number left empty: the issuer assigns it)."""
    if kind is DocumentKind.CERTIFICATE:
        return d.certificate(ctx, SAMPLE_NAME, SAMPLE_ID, certificate_lines(), remarks=["示范数据"])
    if kind is DocumentKind.IIT_RECORD:
        lines = [
            d.IitRecordLine(
                "工资薪金所得", f"2026-{m:02d}", dt.date(2026, m + 1, 15), SAMPLE_OFFICE, Decimal(v)
            )
            for m, v in ((1, "555.00"), (2, "625.00"), (3, "1850.00"))
        ]
        return d.iit_record(ctx, SAMPLE_NAME, SAMPLE_ID, dt.date(2026, 1, 1), dt.date(2026, 3, 1), lines)
    if kind is DocumentKind.PAYMENT_VOUCHER:
        paid = [
            d.VoucherLine(
                "vehicle_vessel",
                "1.6升以上至2.0升(含)的乘用车",
                dt.date(2026, 1, 1),
                dt.date(2026, 12, 31),
                Decimal("480.00"),
            )
        ]
        return d.payment_voucher(
            ctx,
            SAMPLE_NAME,
            SAMPLE_ID,
            "7f1c2a90-0001",
            "模拟支付 simulated",
            "SIM-000123",
            dt.datetime(2026, 11, 26, 15, 29, 40),
            paid,
        )
    if kind is DocumentKind.RECONCILIATION:
        steps = [
            d.ReconciliationStep("工资薪金", "Wages", Decimal("120000.00")),
            d.ReconciliationStep("减除费用", "Basic deduction", Decimal("60000.00")),
            d.ReconciliationStep("专项扣除", "Social insurance", Decimal("24000.00")),
            d.ReconciliationStep("专项附加扣除", "Special additional", Decimal("24000.00")),
            d.ReconciliationStep("应纳税所得额", "Taxable income", Decimal("12000.00")),
            d.ReconciliationStep("税率", "Rate", None, "3% - 0"),
        ]
        return d.reconciliation(
            ctx,
            SAMPLE_NAME,
            SAMPLE_ID,
            2025,
            steps,
            Decimal("360.00"),
            Decimal("1080.00"),
            Decimal("-720.00"),
            "refund",
            "iit-2025.1",
            "commit-2025.1",
            "我承诺：本次年度汇算申报信息真实、准确、完整，符合国家税收法律法规的规定，并承担相应法律责任。",
            "I declare that this annual reconciliation is true, accurate and complete under the tax laws.",
            dt.datetime(2026, 11, 26, 15, 28, 0),
        )
    if kind is DocumentKind.RENTAL_INVOICE:
        taxes = [
            d.RentalTaxLine("增值税", "VAT", Decimal("0.00")),
            d.RentalTaxLine("房产税", "Property tax", Decimal("480.00")),
            d.RentalTaxLine("个人所得税", "IIT", Decimal("864.00")),
        ]
        return d.rental_invoice(
            ctx,
            SAMPLE_NAME,
            SAMPLE_ID,
            "李四",
            "110101198502023456",
            "示范市示范区幸福路88号3栋2单元501室",
            dt.date(2026, 1, 1),
            dt.date(2026, 3, 31),
            Decimal("12000.00"),
            taxes,
            "rent-2026.1",
        )
    if kind is DocumentKind.QUEUE_TICKET:
        return d.queue_ticket(ctx, "A", "综合业务", "General services", "A023", 4, 12)
    if kind is DocumentKind.TEST_SLIP:
        return d.test_slip(ctx, "tech01", "/dev/ttyUSB0", 80, "V2.1")
    if kind is DocumentKind.READINESS_REPORT:
        checks = [
            d.ReadinessCheck("身份证阅读器", "ID card reader", True, "SAM 05.01"),
            d.ReadinessCheck("打印机", "Printer", True, "paper OK"),
            d.ReadinessCheck("数据库", "Database", True, "schema current"),
            d.ReadinessCheck("网络", "Network", False, "payment host not reachable"),
        ]
        return d.readiness_report(ctx, "tech01", checks)
    if kind is DocumentKind.PAPER_CHANGE:
        return d.paper_change(ctx, "tech01", 80, 412, "新纸卷 new roll")
    raise ValueError(f"no sample for {kind}")  # pragma: no cover - every kind is listed above
