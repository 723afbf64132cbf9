"""One document model for everything the kiosk prints; renderers turn it into ESC/POS, text and PDF.

A :class:`Document` is plain data: a title, header fields, tables, totals (with capitals),
paragraphs (such as the signed commitment), remarks and a notice, plus the :class:`IssueContext`
(kiosk, tax office, time, demo) and the number and verification code the issuer assigns.

The *canonical content* (:meth:`Document.content`) is what the verification code signs and what the
database keeps. It holds everything a reader is told the document certifies: labels, values, totals,
number, kiosk, tax office, issue time and the demo flag. It deliberately leaves out presentation:
the reprint marker (补打 / REPRINT and its count), the bilingual switch, the verification URL prefix
and the code itself, so a reprint keeps the original's code and a document verifies the same in any
layout. Personal data in the content is already masked (the builders mask ID numbers), so neither the
database copy nor anything printed holds a full ID number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum
from typing import Any

from receipts.rmb import capitals, to_amount, yuan

CONTENT_VERSION = 1


class DocumentKind(StrEnum):
    CERTIFICATE = "certificate"  # 税收完税证明
    IIT_RECORD = "iit_record"  # 个人所得税纳税记录
    PAYMENT_VOUCHER = "payment_voucher"  # 缴款凭证 for taxes paid at the kiosk
    RECONCILIATION = "reconciliation"  # 个人所得税年度汇算结果 with the commitment
    RENTAL_INVOICE = "rental_invoice"  # 代开发票 for renting out a home
    QUEUE_TICKET = "queue_ticket"  # 排队号
    TEST_SLIP = "test_slip"  # technicians: printer test slip
    READINESS_REPORT = "readiness_report"  # technicians: kiosk readiness report
    PAPER_CHANGE = "paper_change"  # technicians: paper-change note

    @property
    def cli_name(self) -> str:
        """The name on the command line: iit-record, test-slip ..."""
        return self.value.replace("_", "-")


@dataclass(frozen=True)
class Label:
    """A label in Chinese and English; Chinese is always printed, English when bilingual."""

    zh: str
    en: str

    def render(self, bilingual: bool, sep: str = " ") -> str:
        return f"{self.zh}{sep}{self.en}" if bilingual and self.en else self.zh

    def as_list(self) -> list[str]:
        return [self.zh, self.en]


DEMO_MARK = Label("演示", "DEMO")
DEMO_NOTICE = Label("演示文件，不是有效凭证", "DEMO - not a valid certificate")
REPRINT_MARK = Label("补打", "REPRINT")
VERIFY_LABEL = Label("验证码", "Verification code")
NUMBER_LABEL = Label("编号", "No.")
ISSUED_LABEL = Label("填发日期", "Issue date")
OFFICE_LABEL = Label("税务机关", "Tax office")
KIOSK_LABEL = Label("终端编号", "Kiosk")


@dataclass(frozen=True)
class IssueContext:
    """Where, when and how a document is issued; the presentation switches are not signed."""

    kiosk_id: str
    tax_office: str
    issued_at: dt.datetime
    demo: bool
    bilingual: bool = False
    id_mask: str = "6*4"
    verify_url_prefix: str = "https://verify.example.invalid/v/"

    def __post_init__(self) -> None:
        # The signed time is kept to the second; a naive local time is what the slip shows.
        object.__setattr__(self, "issued_at", self.issued_at.replace(microsecond=0, tzinfo=None))


@dataclass(frozen=True)
class Field:
    """A labelled value. ``foot`` fields go below the tables (填票人, 备注 ... on the certificate)."""

    key: str
    label: Label
    value: str
    foot: bool = False


@dataclass(frozen=True)
class Column:
    key: str
    label: Label
    numeric: bool = False  # right-aligned money
    weight: int = 2  # relative width in the A4 table


@dataclass(frozen=True)
class Table:
    key: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    title: Label | None = None

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.key}: row {row!r} has {len(row)} cells, expected {len(self.columns)}"
                )


@dataclass(frozen=True)
class Total:
    """An amount in figures and in capitals (the capitals are computed here, never passed in)."""

    key: str
    label: Label
    amount: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", to_amount(self.amount))

    @property
    def capitals(self) -> str:
        return capitals(self.amount)

    @property
    def figures(self) -> str:
        return yuan(self.amount)


@dataclass(frozen=True)
class Paragraph:
    key: str
    title: Label | None
    text_zh: str
    text_en: str = ""


@dataclass(frozen=True)
class Document:
    kind: DocumentKind
    title: Label
    context: IssueContext
    number: str = ""
    fields: tuple[Field, ...] = ()
    tables: tuple[Table, ...] = ()
    totals: tuple[Total, ...] = ()
    paragraphs: tuple[Paragraph, ...] = ()
    remarks: tuple[str, ...] = ()
    notice: Label | None = None  # e.g. "not an accounting or deduction voucher"
    highlight: str = ""  # printed very large: the queue number
    verification_code: str = ""  # 16 characters, set by the issuer
    reprint_count: int = 0  # 0 for the original; shown as 补打 / REPRINT n
    barcode: str = ""  # CODE128 data printed under the verification QR (ASCII), e.g. on the test slip

    @property
    def demo(self) -> bool:
        return self.context.demo

    @property
    def is_reprint(self) -> bool:
        return self.reprint_count > 0

    def head_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.foot)

    def foot_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.foot)

    def field_value(self, key: str) -> str | None:
        return next((f.value for f in self.fields if f.key == key), None)

    def with_number(self, number: str) -> Document:
        return replace(self, number=number)

    # ---- canonical content -------------------------------------------------------------------
    def content(self) -> dict[str, Any]:
        """The canonical content: JSON-ready, only str/bool/int/None/list/dict, no floats."""
        ctx = self.context
        return {
            "v": CONTENT_VERSION,
            "kind": self.kind.value,
            "title": self.title.as_list(),
            "number": self.number,
            "kiosk_id": ctx.kiosk_id,
            "tax_office": ctx.tax_office,
            "issued_at": ctx.issued_at.isoformat(timespec="seconds"),
            "demo": ctx.demo,
            "fields": [[f.key, *f.label.as_list(), f.value, f.foot] for f in self.fields],
            "tables": [
                {
                    "key": t.key,
                    "title": t.title.as_list() if t.title else None,
                    "columns": [[c.key, *c.label.as_list(), c.numeric, c.weight] for c in t.columns],
                    "rows": [list(r) for r in t.rows],
                }
                for t in self.tables
            ],
            "totals": [[t.key, *t.label.as_list(), f"{t.amount:.2f}", t.capitals] for t in self.totals],
            "paragraphs": [
                [p.key, p.title.as_list() if p.title else None, p.text_zh, p.text_en] for p in self.paragraphs
            ],
            "remarks": list(self.remarks),
            "notice": self.notice.as_list() if self.notice else None,
            "highlight": self.highlight,
            # Only when set, so the canonical content (and code) of documents without one is unchanged.
            **({"barcode": self.barcode} if self.barcode else {}),
        }

    @classmethod
    def from_content(
        cls,
        content: dict[str, Any],
        *,
        bilingual: bool = False,
        id_mask: str = "6*4",
        verify_url_prefix: str = "https://verify.example.invalid/v/",
        verification_code: str = "",
        reprint_count: int = 0,
    ) -> Document:
        """Rebuild a document from its canonical content (for reprints and verification).

        Raises ValueError when the content is not a document of this version.
        """
        if content.get("v") != CONTENT_VERSION:
            raise ValueError(f"unknown document content version {content.get('v')!r}")
        try:
            ctx = IssueContext(
                kiosk_id=content["kiosk_id"],
                tax_office=content["tax_office"],
                issued_at=dt.datetime.fromisoformat(content["issued_at"]),
                demo=bool(content["demo"]),
                bilingual=bilingual,
                id_mask=id_mask,
                verify_url_prefix=verify_url_prefix,
            )
            doc = cls(
                kind=DocumentKind(content["kind"]),
                title=Label(*content["title"]),
                context=ctx,
                number=content["number"],
                fields=tuple(
                    Field(k, Label(zh, en), v, bool(foot)) for k, zh, en, v, foot in content["fields"]
                ),
                tables=tuple(
                    Table(
                        key=t["key"],
                        title=Label(*t["title"]) if t["title"] else None,
                        columns=tuple(
                            Column(k, Label(zh, en), bool(n), int(w)) for k, zh, en, n, w in t["columns"]
                        ),
                        rows=tuple(tuple(r) for r in t["rows"]),
                    )
                    for t in content["tables"]
                ),
                totals=tuple(Total(k, Label(zh, en), Decimal(a)) for k, zh, en, a, _cap in content["totals"]),
                paragraphs=tuple(
                    Paragraph(k, Label(*title) if title else None, tz, te)
                    for k, title, tz, te in content["paragraphs"]
                ),
                remarks=tuple(content["remarks"]),
                notice=Label(*content["notice"]) if content["notice"] else None,
                highlight=content["highlight"],
                barcode=content.get("barcode", ""),
                verification_code=verification_code,
                reprint_count=reprint_count,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"document content is malformed: {exc}") from exc
        if doc.content() != content:
            raise ValueError(
                "document content is not canonical (a total's capitals or a field does not match)"
            )
        return doc

    # ---- what it certifies ------------------------------------------------------------------------
    def summary(self) -> str:
        """One line saying what the document certifies, for ``kiosk verify``."""
        parts = [f"{self.title.zh} / {self.title.en}", f"No. {self.number}"]
        for key in ("taxpayer_name", "taxpayer_id"):
            value = self.field_value(key)
            if value:
                parts.append(value)
        period = self.field_value("period")
        if period:
            parts.append(period)
        for table in self.tables:
            parts.append(f"{len(table.rows)} line(s)")
            break
        for total in self.totals:
            parts.append(f"{total.label.zh} {total.figures} ({total.capitals})")
        if self.highlight:
            parts.append(self.highlight)
        parts.append(f"issued {self.context.issued_at:%Y-%m-%d %H:%M:%S} by {self.context.kiosk_id}")
        if self.demo:
            parts.append(f"{DEMO_MARK.zh} / {DEMO_MARK.en}: {DEMO_NOTICE.en}")
        return "; ".join(parts)


def format_code(code: str) -> str:
    """XXXX-XXXX-XXXX-XXXX (the printed form of a 16-character verification code)."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(prefix: str, code: str) -> str:
    return f"{prefix}{code}"
