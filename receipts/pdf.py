"""Document -> A4 PDF (ReportLab platypus): a ruled form like the printed 税收完税证明, CJK font embedded.

Page one, top to bottom: the red demo banner (demo documents), then a three-column heading - the
reprint mark on the left; the title, its English name (bilingual) and the number, each on a line of
its own, in the middle; the QR code, the verification code and (test slip) the barcode with its text
on the right - then the issue date and tax office. The ruled form follows: the header fields in
label/value pairs, each data table under its column heads, the totals in figures and in capitals,
paragraphs (the signed commitment), the foot fields (seal, issuer, remarks) side by side, and under
the form the notice ("not an accounting voucher"), remarks and the verification URL.

Platypus breaks the form across pages: the column heads repeat at the top of every page a table
runs onto, a page never ends on heading rows alone, and the totals, signature boxes and notice stay
on one page with at least the last detail row. Later pages carry a band with the title (续 continued)
and the number; every page the demo banner and a diagonal 演示 DEMO watermark (demo documents) and a
footer with 第 n 页 / 共 N 页. Never a national emblem or anything that imitates a seal.

The PDF embeds the document's canonical content and code as an attached file
(``kiosk-document.json``) so ``kiosk verify --pdf`` can check the signature and re-render the
visible text for comparison.
"""

from __future__ import annotations

import functools
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode import code128
from reportlab.lib.colors import Color, black
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Spacer

from receipts.fonts import cjk_font
from receipts.model import (
    DEMO_MARK,
    DEMO_NOTICE,
    ISSUED_LABEL,
    KIOSK_LABEL,
    NUMBER_LABEL,
    OFFICE_LABEL,
    REPRINT_MARK,
    VERIFY_LABEL,
    Document,
    Label,
    Table,
    format_code,
    verification_url,
)
from receipts.pdfparts import BoldParagraph, Cell, CJKParagraph, FormGrid, QrCode

ATTACHMENT_NAME = "kiosk-document.json"
PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
TABLE_W = PAGE_W - 2 * MARGIN
BOTTOM = 22 * mm  # the frame ends here; the footer lines sit below
BANNER_H = 9 * mm
BAND_H = 9 * mm  # the "(续 continued)" band on later pages
BODY = 9.0
SMALL = 6.8
LEADING = 1.35  # line height / font size, for every paragraph
TITLE = 21.0
QR_SIZE = 26 * mm
SIDE = 44 * mm  # the heading's left and right columns; the title's width is what remains
DEMO_RED = Color(0.80, 0.10, 0.10)
WATERMARK = Color(0.85, 0.15, 0.15, alpha=0.13)
CAPITALS_LABEL = Label("(大写)", "In words")
NO_RECORDS = "（无记录 / no records）"

# Where the form's cells start and end, as fractions of its width (the old hand layout's proportions).
LABEL_END = 0.17  # a label column
PAIR_END = 0.50  # the first label/value pair of the header fields
FIGURES_START = 0.78  # the total in figures
SNAP = 0.035  # an edge this close to a table column's edge uses that edge (no sliver columns)


# ---- styles -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Styles:
    body: ParagraphStyle
    body_center: ParagraphStyle
    body_right: ParagraphStyle
    small: ParagraphStyle
    small_center: ParagraphStyle
    small_right: ParagraphStyle
    english: ParagraphStyle  # English text of a bilingual paragraph
    title: ParagraphStyle
    title_en: ParagraphStyle
    number: ParagraphStyle
    reprint: ParagraphStyle
    highlight: ParagraphStyle
    url: ParagraphStyle


@functools.cache
def _styles(font: str) -> _Styles:
    def style(name: str, size: float, align: int = TA_LEFT, **kw: Any) -> ParagraphStyle:
        # wordWrap='CJK': Han text breaks between characters; CJKParagraph applies the punctuation rules.
        kw.setdefault("leading", size * LEADING)
        return ParagraphStyle(name, fontName=font, fontSize=size, alignment=align, wordWrap="CJK", **kw)

    return _Styles(
        body=style("body", BODY),
        body_center=style("body-center", BODY, TA_CENTER),
        body_right=style("body-right", BODY, TA_RIGHT),
        small=style("small", SMALL),
        small_center=style("small-center", SMALL, TA_CENTER),
        small_right=style("small-right", SMALL, TA_RIGHT),
        english=style("english", SMALL + 1),
        title=style("title", TITLE, TA_CENTER, leading=TITLE * 1.3),
        title_en=style("title-en", 10, TA_CENTER),
        number=style("number", 10, TA_CENTER),
        reprint=style("reprint", 11, textColor=DEMO_RED),  # red text, no frame: nothing like a seal
        highlight=style("highlight", 44, TA_CENTER, leading=44 * 1.3),
        url=style("url", SMALL),
    )


# ---- page furniture -----------------------------------------------------------------------------
class _Furniture:
    """What every page carries outside the frame: watermark, demo banner, continuation band, footer."""

    def __init__(self, doc: Document, font: str) -> None:
        self.doc = doc
        self.font = font

    @property
    def frame_top(self) -> float:
        return float(PAGE_H - MARGIN - (BANNER_H + 3 * mm if self.doc.demo else 0))

    def first_page(self, c: Canvas, _template: BaseDocTemplate) -> None:
        self._watermark(c)
        self._banner(c)

    def later_page(self, c: Canvas, _template: BaseDocTemplate) -> None:
        self._watermark(c)
        self._banner(c)
        doc = self.doc
        base = self.frame_top - BAND_H + 3 * mm
        c.setFillColor(black)
        c.setFont(self.font, BODY)
        title = f"{doc.title.zh}（续）"
        if doc.context.bilingual:
            title = f"{doc.title.zh}（续） {doc.title.en} (continued)"
        c.drawString(MARGIN, base, title)
        c.drawRightString(PAGE_W - MARGIN, base, f"{_number_mark(doc.context.bilingual)} {doc.number}")
        c.setLineWidth(0.6)
        c.setStrokeColor(black)
        c.line(MARGIN, base - 1.8 * mm, PAGE_W - MARGIN, base - 1.8 * mm)

    def footer(self, c: Canvas, page: int, pages: int) -> None:
        doc = self.doc
        count = f"第 {page} 页 / 共 {pages} 页"
        if doc.context.bilingual:
            count += f" (page {page} of {pages})"
        c.setFillColor(black)
        c.setFont(self.font, SMALL)
        c.drawCentredString(
            PAGE_W / 2,
            10 * mm,
            f"{KIOSK_LABEL.zh} {doc.context.kiosk_id}  ·  {_number_mark(doc.context.bilingual)} {doc.number}"
            f"  ·  {count}",
        )
        if doc.demo:
            c.setFillColor(DEMO_RED)
            c.drawCentredString(
                PAGE_W / 2, 14 * mm, f"{DEMO_MARK.zh} / {DEMO_MARK.en}: {DEMO_NOTICE.zh} {DEMO_NOTICE.en}"
            )

    def _watermark(self, c: Canvas) -> None:
        if not self.doc.demo:
            return
        c.saveState()
        c.setFillColor(WATERMARK)
        c.setFont(self.font, 96)
        c.translate(PAGE_W / 2, PAGE_H / 2 - 40)
        c.rotate(35)
        c.drawCentredString(0, 0, f"{DEMO_MARK.zh} {DEMO_MARK.en}")
        c.restoreState()

    def _banner(self, c: Canvas) -> None:
        if not self.doc.demo:
            return
        top = PAGE_H - MARGIN
        c.saveState()
        c.setStrokeColor(DEMO_RED)
        c.setLineWidth(1.2)
        c.rect(MARGIN, top - BANNER_H, TABLE_W, BANNER_H, stroke=1, fill=0)
        c.setFillColor(DEMO_RED)
        c.setFont(self.font, 10)
        c.drawCentredString(
            PAGE_W / 2,
            top - BANNER_H + 3 * mm,
            f"{DEMO_MARK.zh} / {DEMO_MARK.en}  ·  {DEMO_NOTICE.zh}  ·  {DEMO_NOTICE.en}",
        )
        c.restoreState()


class _PagedCanvas(Canvas):
    """Holds every page back until the end, so each footer can say 第 n 页 / 共 N 页 in one pass.

    Platypus knows the page count only when the story is laid out; the alternative, building twice
    (multiBuild), would double the render time. This is ReportLab's well-known numbered-canvas recipe.
    """

    def __init__(self, *args: Any, furniture: _Furniture, payload: bytes, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._held: list[dict[str, Any]] = []
        self._furniture = furniture
        _attach(self, ATTACHMENT_NAME, payload)

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        pages = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._furniture.footer(self, self.getPageNumber(), pages)
            super().showPage()
        super().save()


# ---- the story ----------------------------------------------------------------------------------
def _number_mark(bilingual: bool) -> str:
    """"No." on a bilingual page, 编号 on a Chinese one (no English there)."""
    return NUMBER_LABEL.en if bilingual else NUMBER_LABEL.zh


def _snap(x: float, edges: list[float]) -> float:
    near = min(edges, key=lambda e: abs(e - x), default=x)
    return near if abs(near - x) <= SNAP else x


@dataclass
class _Part:
    """A piece of the ruled form: its grid, the data table's column edges, how many heading rows
    repeat on each page, and the first row that must stay on one page with everything after it."""

    grid: FormGrid
    edges: list[float]
    heads: int
    keep_from: int


class _Story:
    """The flowables of one document."""

    def __init__(self, doc: Document, font: str) -> None:
        self.doc = doc
        self.bi = doc.context.bilingual
        self.s = _styles(font)

    def p(self, text: str, style: ParagraphStyle | None = None) -> CJKParagraph:
        return CJKParagraph(escape(text), style or self.s.body)

    def label(self, label: Label, style: ParagraphStyle | None = None) -> list[Flowable]:
        """The Chinese label, and the English one under it in small type when bilingual."""
        out: list[Flowable] = [self.p(label.zh, style or self.s.body)]
        if self.bi and label.en:
            small = self.s.small_center if style is self.s.body_center else self.s.small
            out.append(self.p(label.en, small))
        return out

    def flowables(self) -> list[Flowable]:
        doc = self.doc
        out: list[Flowable] = [self.heading()]
        if doc.highlight:
            out += [Spacer(1, 4 * mm), self.p(doc.highlight, self.s.highlight), Spacer(1, 4 * mm)]
        out += [Spacer(1, 2 * mm), self.issued(), Spacer(1, 2.5 * mm)]
        if doc.head_fields():
            out.append(self.head_fields().table())
        for table in doc.tables[:-1]:
            part = self.detail(table)
            out.append(part.grid.table(repeat_rows=part.heads))
        body = self.detail(doc.tables[-1]) if doc.tables else _Part(FormGrid(TABLE_W), [0.0, 1.0], 0, 0)
        self.tail(body)
        out.append(body.grid.table(repeat_rows=body.heads, keep_from=body.keep_from))
        return out

    # ---- heading ----------------------------------------------------------------------------------
    def heading(self) -> Flowable:
        doc = self.doc
        s = self.s
        side = SIDE / TABLE_W
        # Title, English title and number each on a line of their own, in the middle column only:
        # the number can never run into the title, however long either is.
        middle: list[Flowable] = [BoldParagraph(escape(doc.title.zh), s.title), Spacer(1, 1.5 * mm)]
        if self.bi:
            middle.append(self.p(doc.title.en, s.title_en))
        middle += [Spacer(1, 1.5 * mm), self.p(f"{_number_mark(self.bi)} {doc.number}", s.number)]
        left: list[Flowable] = []
        if doc.is_reprint:
            left = [
                Spacer(1, 2 * mm),
                self.p(f"{REPRINT_MARK.zh} / {REPRINT_MARK.en} {doc.reprint_count}", s.reprint),
            ]
        url = verification_url(doc.context.verify_url_prefix, doc.verification_code)
        qr = QrCode(url, QR_SIZE)
        qr.hAlign = "RIGHT"
        right: list[Flowable] = [
            qr,
            self.p(VERIFY_LABEL.render(self.bi), s.small_right),
            self.p(format_code(doc.verification_code), s.body_right),
        ]
        if doc.barcode:
            bar = code128.Code128(doc.barcode, barHeight=7 * mm, barWidth=0.3 * mm, quiet=False)
            bar.hAlign = "RIGHT"
            right += [Spacer(1, 1.5 * mm), bar, self.p(doc.barcode, s.small_right)]
        grid = FormGrid(TABLE_W, pad=0)
        grid.add(
            Cell(0, side, left),
            Cell(side, 1 - side, middle),
            Cell(1 - side, 1, right, align="RIGHT"),
            ruled=False,
        )
        return grid.table()

    def issued(self) -> Flowable:
        ctx = self.doc.context
        grid = FormGrid(TABLE_W, pad=0)
        grid.add(
            Cell(0, 0.42, self.p(f"{ISSUED_LABEL.render(self.bi)}: {ctx.issued_at:%Y-%m-%d %H:%M:%S}")),
            Cell(0.42, 1, self.p(f"{OFFICE_LABEL.render(self.bi)}: {ctx.tax_office}", self.s.body_right)),
            ruled=False,
        )
        return grid.table()

    # ---- the ruled form -----------------------------------------------------------------------------
    def head_fields(self) -> FormGrid:
        grid = FormGrid(TABLE_W)
        fields = self.doc.head_fields()
        for i in range(0, len(fields), 2):
            pair = fields[i : i + 2]
            if len(pair) == 2:
                spans = [(0.0, LABEL_END, PAIR_END), (PAIR_END, PAIR_END + LABEL_END, 1.0)]
            else:
                spans = [(0.0, LABEL_END, 1.0)]
            cells: list[Cell] = []
            for f, (a, b, c) in zip(pair, spans, strict=True):
                cells += [
                    Cell(a, b, self.label(f.label), shade=True, middle=True),
                    Cell(b, c, self.p(f.value), middle=True),
                ]
            grid.add(*cells)
        return grid

    @staticmethod
    def column_edges(table: Table) -> list[float]:
        total = sum(c.weight for c in table.columns)
        edges, x = [0.0], 0
        for col in table.columns:
            x += col.weight
            edges.append(x / total)
        return edges

    def detail(self, table: Table) -> _Part:
        """A data table: its title row, column heads and rows."""
        grid = FormGrid(TABLE_W)
        edges = self.column_edges(table)
        heads = 0
        if table.title:
            grid.add(Cell(0, 1, self.label(table.title, self.s.body_center), shade=True, middle=True))
            heads += 1
        cols = list(zip(table.columns, edges, edges[1:], strict=False))
        grid.add(
            *(
                Cell(a, b, self.label(c.label, self.s.body_center), shade=True, middle=True)
                for c, a, b in cols
            )
        )
        heads += 1
        for row in table.rows:
            grid.add(
                *(
                    Cell(a, b, self.p(v, self.s.body_right if c.numeric else self.s.body))
                    for v, (c, a, b) in zip(row, cols, strict=True)
                )
            )
        if not table.rows:
            grid.add(Cell(0, 1, self.p(NO_RECORDS, self.s.body_center)))
        return _Part(grid, edges, heads, len(grid) - 1)

    def tail(self, body: _Part) -> None:
        """Totals, paragraphs, foot fields and the notes under the form, added to the last part."""
        doc, s = self.doc, self.s
        grid, edges = body.grid, body.edges
        label_end = _snap(LABEL_END, edges)
        figures = _snap(FIGURES_START, edges)
        for t in doc.totals:
            cap = f"{CAPITALS_LABEL.render(self.bi)} {t.capitals}"
            grid.add(
                Cell(0, label_end, self.label(t.label), shade=True, middle=True),
                Cell(label_end, figures, self.p(cap), middle=True),
                Cell(figures, 1, self.p(t.figures, s.body_right), middle=True),
            )
        for para in doc.paragraphs:
            text: list[Flowable] = [self.p(para.text_zh)] if para.text_zh else []
            if para.text_en and (self.bi or not para.text_zh):
                text.append(self.p(para.text_en, s.english))
            label = self.label(para.title) if para.title else []
            grid.add(Cell(0, label_end, label, shade=True, middle=True), Cell(label_end, 1, text))
        foot = doc.foot_fields()
        for i in range(0, len(foot), 3):
            group = foot[i : i + 3]
            cuts = [_snap(k / len(group), edges) for k in range(len(group) + 1)]
            grid.add(
                *(
                    Cell(a, b, [*self.label(f.label), self.p(f.value or " "), Spacer(1, BODY * LEADING)])
                    for f, a, b in zip(group, cuts, cuts[1:], strict=False)
                )
            )
        notes: list[Flowable] = []
        if doc.notice:
            notes.append(self.p(doc.notice.render(self.bi, " / ")))
        notes += [self.p(r) for r in doc.remarks]
        url = verification_url(doc.context.verify_url_prefix, doc.verification_code)
        notes.append(self.p(f"{VERIFY_LABEL.zh}{' Verify' if self.bi else ''}: {url}", s.url))
        grid.add(Cell(0, 1, [Spacer(1, 2 * mm), *notes]), ruled=False)


# ---- the file -----------------------------------------------------------------------------------
def _attach(canvas: Canvas, name: str, data: bytes) -> None:
    """Attach ``data`` as an embedded file (/Names /EmbeddedFiles), readable by pypdf and viewers."""
    doc = canvas._doc
    stream = PDFStream(PDFDictionary({"Type": PDFName("EmbeddedFile")}), data)
    stream.dictionary["Params"] = PDFDictionary({"Size": len(data)})
    ef = doc.Reference(stream)
    spec = PDFDictionary(
        {
            "Type": PDFName("Filespec"),
            "F": PDFString(name),
            "UF": PDFString(name),
            "EF": PDFDictionary({"F": ef}),
            "Desc": PDFString("kiosk document content and verification code"),
        }
    )
    spec_ref = doc.Reference(spec)
    names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(name), spec_ref])})})
    canvas.setCatalogEntry("Names", names)


def attachment_payload(doc: Document) -> dict[str, Any]:
    """What the PDF carries for verification: the signed content, the code and the presentation."""
    return {
        "content": doc.content(),
        "code": doc.verification_code,
        "presentation": {
            "bilingual": doc.context.bilingual,
            "reprint_count": doc.reprint_count,
            "id_mask": doc.context.id_mask,
            "verify_url_prefix": doc.context.verify_url_prefix,
        },
    }


def render_pdf(doc: Document) -> bytes:
    """The A4 PDF of ``doc`` as bytes. Raises FontNotFoundError when no CJK font is installed."""
    font = cjk_font()
    furniture = _Furniture(doc, font)
    buf = io.BytesIO()
    template = BaseDocTemplate(
        buf,
        pagesize=A4,
        pageCompression=1,
        title=f"{doc.title.zh} {doc.number}",
        subject=doc.title.en,
        author=f"{doc.context.tax_office} / {doc.context.kiosk_id}",
        creator="tax-kiosk receipts",
        keywords=f"verification:{format_code(doc.verification_code)}" + (" DEMO" if doc.demo else ""),
    )

    def frame(top: float, ident: str) -> Frame:
        return Frame(
            MARGIN,
            BOTTOM,
            TABLE_W,
            top - BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=ident,
        )

    template.addPageTemplates(
        [
            PageTemplate(
                "first",
                [frame(furniture.frame_top, "first")],
                onPage=furniture.first_page,
                autoNextPageTemplate="later",
            ),
            PageTemplate(
                "later", [frame(furniture.frame_top - BAND_H, "later")], onPage=furniture.later_page
            ),
        ]
    )
    payload = json.dumps(attachment_payload(doc), ensure_ascii=False, sort_keys=True).encode("utf-8")
    template.build(
        _Story(doc, font).flowables(),
        canvasmaker=functools.partial(_PagedCanvas, furniture=furniture, payload=payload),
    )
    return buf.getvalue()


def write_pdf(doc: Document, path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(render_pdf(doc))
    return p


def read_attachment(pdf: bytes) -> dict[str, Any] | None:
    """The embedded document payload of a kiosk PDF, or None when it has none (or is not a PDF)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(pdf))
        data = reader.attachments.get(ATTACHMENT_NAME)
    except (PyPdfError, ValueError, KeyError, OSError):
        return None
    if not data:
        return None
    try:
        payload = json.loads(data[0].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def extract_text(pdf: bytes) -> str:
    """All visible text of the PDF (pypdf), pages joined by newlines."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
