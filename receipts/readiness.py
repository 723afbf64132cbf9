"""The kiosk readiness report (终端就绪报告): one document for the receipt slip and the A4 PDF.

A technician prints it before handing the kiosk back to service. It holds what an inspector asks
for at a glance: kiosk id, tax office, software version, database schema revision, time (the issue
context), every device with its state and error count, the counters and the paper level, the last
errors, the journal items needing attention, the self-test results and the technician's *code*
(never a name). Like every other kiosk document it is numbered and signed by the issuer, so its
verification code checks on ``kiosk verify`` and its PDF on ``kiosk verify --pdf``.

The A4 PDF is drawn by the same platypus form as the other documents (:mod:`receipts.pdf`):
one renderer means ``verify_pdf`` can re-render it and compare the visible text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from receipts.documents import ReadinessCheck
from receipts.model import Column, Document, DocumentKind, Field, IssueContext, Label, Table
from receipts.pdf import render_pdf, write_pdf

TITLE = Label("终端就绪报告", "Kiosk Readiness Report")
NONE = "无 none"


@dataclass(frozen=True)
class DeviceLine:
    device: str  # idcard, printer
    state: str  # online, offline ...
    detail: str  # paper level, last change and its reason
    errors_since_start: int = 0


@dataclass(frozen=True)
class CounterLine:
    label_zh: str
    label_en: str
    since_roll_change: int
    total: int


@dataclass(frozen=True)
class ReadinessData:
    technician_code: str
    version: str
    schema_revision: str
    checks: Sequence[ReadinessCheck]
    devices: Sequence[DeviceLine] = ()
    counters: Sequence[CounterLine] = ()
    paper_level: str = ""  # e.g. "62,000 mm left of 80,000 mm"
    last_errors: Sequence[str] = ()  # masked already: "03-02 10:15 WARNING kiosk.flow: ..."
    attention: Sequence[str] = ()  # journal items needing attention (unprinted, payment unknown ...)
    audit_head: str = ""  # the audit chain's anchored head: secrets directory and hall database

    @property
    def ready(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)


def _list_table(key: str, title: Label, label: Label, items: Sequence[str]) -> Table:
    rows = tuple((str(i + 1), text) for i, text in enumerate(items)) or (("-", NONE),)
    return Table(key, (Column("n", Label("序号", "No."), weight=1), Column("item", label, weight=10)), rows, title)


def readiness_document(ctx: IssueContext, data: ReadinessData, number: str = "") -> Document:
    """The report as a document (number and code are set by the issuer)."""
    failed = sum(not c.ok for c in data.checks)
    verdict = "就绪 READY" if data.ready else f"未就绪 NOT READY ({failed} 项 failed)"
    fields = (
        Field("kiosk", Label("终端编号", "Kiosk"), ctx.kiosk_id),
        Field("office", Label("税务机关", "Tax office"), ctx.tax_office),
        Field("version", Label("软件版本", "Software version"), data.version),
        Field("schema", Label("数据库版本", "Schema revision"), data.schema_revision or "-"),
        Field("time", Label("报告时间", "Report time"), f"{ctx.issued_at:%Y-%m-%d %H:%M:%S}"),
        Field("technician", Label("技术人员代码", "Technician code"), data.technician_code),
        Field("paper", Label("纸量", "Paper level"), data.paper_level or "-"),
        Field("verdict", Label("结论", "Verdict"), verdict),
        Field("audit", Label("审计链头", "Audit chain head"), data.audit_head or "-"),
    )
    tables = (
        Table(
            "devices",
            (
                Column("device", Label("设备", "Device"), weight=2),
                Column("state", Label("状态", "State"), weight=2),
                Column("errors", Label("故障次数", "Errors"), numeric=True, weight=1),
                Column("detail", Label("说明", "Detail"), weight=6),
            ),
            tuple((d.device, d.state, str(d.errors_since_start), d.detail or "-") for d in data.devices)
            or (("-", "-", "0", NONE),),
            Label("设备", "Devices"),
        ),
        Table(
            "counters",
            (
                Column("counter", Label("计数", "Counter"), weight=5),
                Column("since", Label("换纸后", "Since roll change"), numeric=True, weight=2),
                Column("total", Label("累计", "Total"), numeric=True, weight=2),
            ),
            tuple((f"{c.label_zh} {c.label_en}", str(c.since_roll_change), str(c.total)) for c in data.counters)
            or (("-", "0", "0"),),
            Label("计数与耗材", "Counters and consumables"),
        ),
        _list_table("errors", Label("最近错误", "Last errors"), Label("错误", "Error"), data.last_errors),
        _list_table(
            "attention", Label("待处理事项", "Journal items needing attention"), Label("事项", "Item"),
            data.attention,
        ),
        Table(
            "checks",
            (
                Column("check", Label("检查项", "Check"), weight=4),
                Column("state", Label("状态", "State"), weight=2),
                Column("detail", Label("说明", "Detail"), weight=5),
            ),
            tuple(
                (f"{c.name_zh} {c.name_en}".strip(), "正常 OK" if c.ok else "异常 FAIL", c.detail or "-")
                for c in data.checks
            )
            or (("-", "-", NONE),),
            Label("自检", "Self-test"),
        ),
    )
    return Document(
        kind=DocumentKind.READINESS_REPORT, title=TITLE, context=ctx, number=number, fields=fields, tables=tables
    )


def readiness_pdf(doc: Document) -> bytes:
    """The A4 PDF of an issued report (with its embedded signed content, as every kiosk PDF)."""
    if doc.kind is not DocumentKind.READINESS_REPORT:
        raise ValueError(f"not a readiness report: {doc.kind.value}")
    return render_pdf(doc)


def write_readiness_pdf(doc: Document, path: str | Path) -> Path:
    if doc.kind is not DocumentKind.READINESS_REPORT:
        raise ValueError(f"not a readiness report: {doc.kind.value}")
    return write_pdf(doc, path)
