"""Document -> A4 PDF (ReportLab): a ruled table like the printed 税收完税证明, CJK font embedded.

Layout, top to bottom: demo banner (when demo), title, number and reprint mark on the left, QR code
and verification code on the right; issue date and tax office; one ruled table with the header
fields in label/value pairs, each data table with its column heads, the totals in figures and in
capitals, paragraphs (e.g. the commitment), and the foot fields (seal, issuer, remarks) side by side;
then the notice and the verification URL. Demo documents get a diagonal 演示 DEMO watermark on every
page. Never a national emblem or anything that imitates a seal.

The PDF embeds the document's canonical content and code as an attached file
(``kiosk-document.json``) so ``kiosk verify --pdf`` can check the signature and re-render the
visible text for comparison.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from reportlab.graphics.barcode import code128
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfgen.canvas import Canvas

from receipts.fonts import cjk_font
from receipts.model import (
    DEMO_MARK,
    DEMO_NOTICE,
    ISSUED_LABEL,
    KIOSK_LABEL,
    OFFICE_LABEL,
    REPRINT_MARK,
    VERIFY_LABEL,
    Document,
    Label,
    format_code,
    verification_url,
)

ATTACHMENT_NAME = "kiosk-document.json"
PAGE_W, PAGE_H = A4
MARGIN = 15 * mm
TABLE_W = PAGE_W - 2 * MARGIN
BOTTOM = 22 * mm
PAD = 1.6 * mm
BODY = 9.0
SMALL = 6.8
LINE = 1.35  # line height factor
SHADE = Color(0.93, 0.93, 0.93)
DEMO_RED = Color(0.80, 0.10, 0.10)
WATERMARK = Color(0.85, 0.15, 0.15, alpha=0.13)
CAPITALS_LABEL = Label("(大写)", "In words")


@dataclass
class _Cell:
    x: float
    w: float
    lines: list[tuple[str, float]]  # (text, font size)
    shade: bool = False
    align: str = "left"  # left, right, center

    def height(self) -> float:
        return sum(size * LINE for _t, size in self.lines) + 2 * PAD


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy wrap by rendered width: Han text breaks anywhere, Latin words stay whole if they fit."""
    out: list[str] = []
    for para in text.split("\n"):
        line = ""
        word = ""

        def w(s: str) -> float:
            return pdfmetrics.stringWidth(s, font, size)

        for ch in para + "\0":
            if ch.isascii() and ch not in " \0":
                word += ch
                continue
            # flush the pending Latin word
            if word:
                if w(line + word) <= width:
                    line += word
                else:
                    if line.strip():
                        out.append(line.rstrip())
                    line = ""
                    while w(word) > width:  # hard split a word longer than the cell
                        cut = len(word)
                        while cut > 1 and w(word[:cut]) > width:
                            cut -= 1
                        out.append(word[:cut])
                        word = word[cut:]
                    line = word
                word = ""
            if ch == "\0":
                break
            if w(line + ch) <= width:
                line += ch
            else:
                out.append(line.rstrip())
                line = "" if ch == " " else ch
        out.append(line.rstrip())
    return out or [""]


class _Writer:
    def __init__(self, doc: Document, canvas: Canvas, font: str) -> None:
        self.doc = doc
        self.c = canvas
        self.font = font
        self.bi = doc.context.bilingual
        self.y = PAGE_H - MARGIN
        self.page = 1

    # ---- primitives ---------------------------------------------------------------------------------
    def text(
        self, x: float, y: float, s: str, size: float, align: str = "left", color: Color = black
    ) -> None:
        c = self.c
        c.setFillColor(color)
        c.setFont(self.font, size)
        if align == "center":
            c.drawCentredString(x, y, s)
        elif align == "right":
            c.drawRightString(x, y, s)
        else:
            c.drawString(x, y, s)

    def label_lines(self, label: Label, width: float, size: float = BODY) -> list[tuple[str, float]]:
        lines = [(t, size) for t in wrap(label.zh, self.font, size, width)]
        if self.bi and label.en:
            lines += [(t, SMALL) for t in wrap(label.en, self.font, SMALL, width)]
        return lines

    def value_lines(self, value: str, width: float, size: float = BODY) -> list[tuple[str, float]]:
        return [(t, size) for t in wrap(value, self.font, size, width)]

    def row(self, cells: list[_Cell], *, repeat_header: list[_Cell] | None = None) -> None:
        h = max(cell.height() for cell in cells)
        if self.y - h < BOTTOM:
            self.new_page()
            if repeat_header:
                self.row(repeat_header)
        c = self.c
        top = self.y
        for cell in cells:
            if cell.shade:
                c.setFillColor(SHADE)
                c.rect(cell.x, top - h, cell.w, h, stroke=0, fill=1)
            c.setStrokeColor(black)
            c.setLineWidth(0.6)
            c.rect(cell.x, top - h, cell.w, h, stroke=1, fill=0)
            ty = top - PAD
            for s, size in cell.lines:
                ty -= size * LINE
                base = ty + size * (LINE - 1) * 0.9
                if cell.align == "right":
                    self.text(cell.x + cell.w - PAD, base, s, size, "right")
                elif cell.align == "center":
                    self.text(cell.x + cell.w / 2, base, s, size, "center")
                else:
                    self.text(cell.x + PAD, base, s, size)
        self.y = top - h

    # ---- page furniture ---------------------------------------------------------------------------------
    def watermark(self) -> None:
        if not self.doc.demo:
            return
        c = self.c
        c.saveState()
        c.setFillColor(WATERMARK)
        c.setFont(self.font, 96)
        c.translate(PAGE_W / 2, PAGE_H / 2 - 40)
        c.rotate(35)
        c.drawCentredString(0, 0, f"{DEMO_MARK.zh} {DEMO_MARK.en}")
        c.restoreState()

    def demo_banner(self) -> None:
        if not self.doc.demo:
            return
        c = self.c
        h = 9 * mm
        c.setStrokeColor(DEMO_RED)
        c.setLineWidth(1.2)
        c.rect(MARGIN, self.y - h, TABLE_W, h, stroke=1, fill=0)
        self.text(
            PAGE_W / 2,
            self.y - h + 3 * mm,
            f"{DEMO_MARK.zh} / {DEMO_MARK.en}  ·  {DEMO_NOTICE.zh}  ·  {DEMO_NOTICE.en}",
            10,
            "center",
            DEMO_RED,
        )
        self.y -= h + 3 * mm

    def footer(self) -> None:
        ctx = self.doc.context
        s = f"{KIOSK_LABEL.zh} {ctx.kiosk_id}  ·  No. {self.doc.number}  ·  {self.page}"
        self.text(PAGE_W / 2, 10 * mm, s, SMALL, "center")
        if self.doc.demo:
            self.text(
                PAGE_W / 2,
                14 * mm,
                f"{DEMO_MARK.zh} / {DEMO_MARK.en}: {DEMO_NOTICE.zh} {DEMO_NOTICE.en}",
                SMALL,
                "center",
                DEMO_RED,
            )

    def new_page(self) -> None:
        self.footer()
        self.c.showPage()
        self.page += 1
        self.y = PAGE_H - MARGIN
        self.watermark()
        self.demo_banner()
        self.text(MARGIN, self.y - BODY, f"{self.doc.title.zh}（续 continued）  No. {self.doc.number}", BODY)
        self.y -= BODY * 2.2

    # ---- sections ---------------------------------------------------------------------------------------
    def heading(self) -> None:
        doc, ctx = self.doc, self.doc.context
        self.watermark()
        self.demo_banner()
        top = self.y
        qr_size = 26 * mm
        self.qr(PAGE_W - MARGIN - qr_size, top - qr_size, qr_size)
        code_y = top - qr_size - 3.2 * mm
        self.text(PAGE_W - MARGIN, code_y, f"{VERIFY_LABEL.render(self.bi)}", SMALL, "right")
        self.text(PAGE_W - MARGIN, code_y - 4.2 * mm, format_code(doc.verification_code), BODY, "right")
        if doc.barcode:
            bar = code128.Code128(doc.barcode, barHeight=7 * mm, barWidth=0.3 * mm, quiet=False)
            bar.drawOn(self.c, PAGE_W - MARGIN - bar.width, code_y - 14 * mm)
            self.text(PAGE_W - MARGIN, code_y - 17.5 * mm, doc.barcode, SMALL, "right")

        title_y = top - 11 * mm
        c = self.c
        tw = pdfmetrics.stringWidth(doc.title.zh, self.font, 22)
        c.saveState()
        c.setLineWidth(0.35)
        c.setFillColor(black)
        c.setStrokeColor(black)
        title = c.beginText(PAGE_W / 2 - tw / 2, title_y)
        title.setFont(self.font, 22)
        title.setTextRenderMode(2)  # fill + stroke: a bold look from a font that has no bold face
        title.textOut(doc.title.zh)
        c.drawText(title)
        c.restoreState()
        if self.bi:
            self.text(PAGE_W / 2, title_y - 6 * mm, doc.title.en, 10, "center")
        c.setLineWidth(0.8)
        c.line(PAGE_W / 2 - tw / 2 - 4, title_y - 2.2 * mm, PAGE_W / 2 + tw / 2 + 4, title_y - 2.2 * mm)
        self.text(MARGIN, top - 5 * mm, f"No. {doc.number}", 10)
        if doc.is_reprint:
            mark = f"{REPRINT_MARK.zh} / {REPRINT_MARK.en} {doc.reprint_count}"
            self.text(MARGIN, top - 10 * mm, mark, 10, color=DEMO_RED)
        if doc.highlight:
            self.text(PAGE_W / 2, title_y - 22 * mm, doc.highlight, 40, "center")
        self.y = min(top - qr_size - (28 * mm if doc.barcode else 14 * mm), title_y - (30 * mm if doc.highlight else 10 * mm))
        issued = f"{ISSUED_LABEL.render(self.bi)}: {ctx.issued_at:%Y-%m-%d %H:%M:%S}"
        office = f"{OFFICE_LABEL.render(self.bi)}: {ctx.tax_office}"
        self.text(MARGIN, self.y, issued, BODY)
        self.text(PAGE_W - MARGIN, self.y, office, BODY, "right")
        self.y -= 3 * mm

    def qr(self, x: float, y: float, size: float) -> None:
        url = verification_url(self.doc.context.verify_url_prefix, self.doc.verification_code)
        matrix = segno.make(url, error="m", micro=False).matrix
        n = len(matrix)
        quiet = 2
        m = size / (n + 2 * quiet)
        c = self.c
        c.setFillColor(white)
        c.rect(x, y, size, size, stroke=0, fill=1)
        path = c.beginPath()
        for r, row in enumerate(matrix):
            run_start = None
            for col in range(n + 1):
                dark = col < n and row[col]
                if dark and run_start is None:
                    run_start = col
                elif not dark and run_start is not None:
                    path.rect(
                        x + (quiet + run_start) * m, y + size - (quiet + r + 1) * m, (col - run_start) * m, m
                    )
                    run_start = None
        c.setFillColor(black)
        c.drawPath(path, stroke=0, fill=1)

    def head_fields(self) -> None:
        fields = self.doc.head_fields()
        lw, vw = TABLE_W * 0.17, TABLE_W * 0.33
        for i in range(0, len(fields), 2):
            pair = fields[i : i + 2]
            cells: list[_Cell] = []
            x = MARGIN
            value_w = vw if len(pair) == 2 else TABLE_W - lw
            for f in pair:
                cells.append(_Cell(x, lw, self.label_lines(f.label, lw - 2 * PAD), shade=True))
                cells.append(_Cell(x + lw, value_w, self.value_lines(f.value, value_w - 2 * PAD)))
                x += lw + value_w
            self.row(cells)

    def tables(self) -> None:
        for table in self.doc.tables:
            if table.title:
                self.row(
                    [
                        _Cell(
                            MARGIN,
                            TABLE_W,
                            self.label_lines(table.title, TABLE_W),
                            shade=True,
                            align="center",
                        )
                    ]
                )
            total = sum(col.weight for col in table.columns)
            xs, x = [], MARGIN
            for col in table.columns:
                w = TABLE_W * col.weight / total
                xs.append((x, w))
                x += w
            header = [
                _Cell(cx, cw, self.label_lines(col.label, cw - 2 * PAD), shade=True, align="center")
                for col, (cx, cw) in zip(table.columns, xs, strict=True)
            ]
            self.row(header)
            for cells in table.rows:
                self.row(
                    [
                        _Cell(
                            cx,
                            cw,
                            self.value_lines(v, cw - 2 * PAD),
                            align="right" if col.numeric else "left",
                        )
                        for v, col, (cx, cw) in zip(cells, table.columns, xs, strict=True)
                    ],
                    repeat_header=header,
                )
            if not table.rows:
                self.row([_Cell(MARGIN, TABLE_W, [("（无记录 / no records）", BODY)], align="center")])

    def totals(self) -> None:
        lw = TABLE_W * 0.17
        fw = TABLE_W * 0.22
        for t in self.doc.totals:
            mid = TABLE_W - lw - fw
            cap = f"{CAPITALS_LABEL.render(self.bi)} {t.capitals}"
            self.row(
                [
                    _Cell(MARGIN, lw, self.label_lines(t.label, lw - 2 * PAD), shade=True),
                    _Cell(MARGIN + lw, mid, self.value_lines(cap, mid - 2 * PAD)),
                    _Cell(MARGIN + lw + mid, fw, self.value_lines(t.figures, fw - 2 * PAD), align="right"),
                ]
            )

    def paragraphs(self) -> None:
        lw = TABLE_W * 0.17
        vw = TABLE_W - lw
        for p in self.doc.paragraphs:
            lines = self.value_lines(p.text_zh, vw - 2 * PAD)
            if p.text_en and (self.bi or not p.text_zh):
                lines += [(t, SMALL + 1) for t in wrap(p.text_en, self.font, SMALL + 1, vw - 2 * PAD)]
            label = self.label_lines(p.title, lw - 2 * PAD) if p.title else [("", BODY)]
            self.row([_Cell(MARGIN, lw, label, shade=True), _Cell(MARGIN + lw, vw, lines)])

    def foot_fields(self) -> None:
        fields = self.doc.foot_fields()
        for i in range(0, len(fields), 3):
            group = fields[i : i + 3]
            w = TABLE_W / len(group)
            cells = []
            for j, f in enumerate(group):
                lines = self.label_lines(f.label, w - 2 * PAD)
                lines += self.value_lines(f.value or " ", w - 2 * PAD)
                lines += [(" ", BODY)]  # room to breathe, as on the paper form
                cells.append(_Cell(MARGIN + j * w, w, lines))
            self.row(cells)

    def closing(self) -> None:
        doc = self.doc
        self.y -= 4 * mm
        if doc.notice:
            for s in wrap(doc.notice.render(self.bi, " / "), self.font, BODY, TABLE_W):
                self.ensure(BODY * 2)
                self.text(MARGIN, self.y, s, BODY)
                self.y -= BODY * LINE
        for r in doc.remarks:
            self.ensure(BODY * 2)
            self.text(MARGIN, self.y, r, BODY)
            self.y -= BODY * LINE
        url = verification_url(doc.context.verify_url_prefix, doc.verification_code)
        self.ensure(BODY * 2)
        self.text(MARGIN, self.y, f"{VERIFY_LABEL.zh} Verify: {url}", SMALL)
        self.y -= BODY * LINE

    def ensure(self, h: float) -> None:
        if self.y - h < BOTTOM:
            self.new_page()


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
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, pageCompression=1)
    c.setTitle(f"{doc.title.zh} {doc.number}")
    c.setSubject(doc.title.en)
    c.setAuthor(f"{doc.context.tax_office} / {doc.context.kiosk_id}")
    c.setCreator("tax-kiosk receipts")
    c.setKeywords(f"verification:{format_code(doc.verification_code)}" + (" DEMO" if doc.demo else ""))
    payload = json.dumps(attachment_payload(doc), ensure_ascii=False, sort_keys=True).encode("utf-8")
    _attach(c, ATTACHMENT_NAME, payload)
    w = _Writer(doc, c, font)
    w.heading()
    w.head_fields()
    w.tables()
    w.totals()
    w.paragraphs()
    w.foot_fields()
    w.closing()
    w.footer()
    c.showPage()
    c.save()
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
