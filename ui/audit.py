"""A layout audit over the live widgets of the screen on show (numbers from kiosk-ux.md).

What a person would see wrong, measured on the real widgets after Qt has laid them out:

* ``clipped``: a text wider (or taller) than the room its widget gives it - measured with the
  widget's own font (``QFontMetrics``) against its contents rect (a button's: the style's contents
  rect, inside border and padding);
* ``off-screen``: a visible control or text partly outside the panel or outside its parent (cut off);
* ``scroll``: a primary action (primary/back/cancel, the payment QR code, the field being typed
  with its label) that needs scrolling to be seen whole;
* ``line-spacing``: a text shown on more than one line with a line pitch under 1.3x its size;
* ``gap``: two touch targets (keypad and keyboard keys included) closer than 10 px, or overlapping;
* ``target``: a touch target under 48 px either way, a primary action under 80 px high;
* ``contrast``: a text under 7:1 against what is painted behind it.

Each :class:`Violation` names the screen, the widget (its intent, else its words or object name)
and the numbers. The tour records them per screen (summary.json) and tests/ui/test_layout_audit.py
fails on any.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontInfo, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QFrame,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from ui import theme

MIN_LINE_SPACING = 1.3  # kiosk-ux.md: line spacing >= 1.3x
MIN_GAP = 10  # px between touch targets (2.5 mm at 0.25 mm/px)
MIN_CONTRAST = 7.0
TEXT_LIMIT = 40  # characters of a widget's words quoted in a violation


@dataclass(frozen=True)
class Violation:
    screen: str
    rule: str
    widget: str
    detail: str

    def __str__(self) -> str:
        return f"{self.screen}: {self.rule}: {self.widget}: {self.detail}"


def name_of(w: QWidget) -> str:
    """The widget as a violation names it: its intent (or its button's), else its words, else its object name."""
    from ui.automation import describe_widget

    words = ""
    if isinstance(w, QLabel | QAbstractButton) and w.text():
        words = w.text().replace("\n", " ")
        words = repr(words if len(words) <= TEXT_LIMIT else words[: TEXT_LIMIT - 1] + "…")
    node: QWidget | None = w
    while node is not None:
        if node.property("intent"):
            return describe_widget(node) + (f" {words}" if words else "")
        node = node.parentWidget()
    if words:
        return f"{type(w).__name__} {words}"
    return describe_widget(w)


# ---- measuring ------------------------------------------------------------------------------------
def pixel_size(w: QWidget) -> int:
    size = w.font().pixelSize()
    return size if size > 0 else QFontInfo(w.font()).pixelSize()


def line_pitch(w: QWidget) -> float:
    """The distance between two lines of ``w``'s text as it paints it."""
    pitch = getattr(w, "line_pitch", None)
    if callable(pitch):
        return float(pitch())
    return float(QFontMetrics(w.font()).lineSpacing())


def text_rect(w: QWidget) -> QRect:
    """The room a widget gives its text: a button's contents rect (inside border and padding), a label's
    contents rect less its margin and indent."""
    if isinstance(w, QPushButton):
        opt = QStyleOptionButton()
        w.initStyleOption(opt)
        return w.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, w)
    rect = w.contentsRect()
    if isinstance(w, QLabel):
        m = w.margin()
        rect = rect.adjusted(m, m, -m, -m)
        indent = w.indent()
        if indent > 0:
            rect = rect.adjusted(indent, 0, 0, 0)
    return rect


def needed(w: QWidget, width: int) -> tuple[int, int, int]:
    """(width, height, lines) the text of ``w`` needs when it may use ``width`` px."""
    measure = getattr(w, "text_needs", None)
    if callable(measure):
        nw, nh, lines = measure(width)
        return int(nw), int(nh), int(lines)
    text = w.text() if isinstance(w, QLabel | QAbstractButton) else ""
    fm = QFontMetrics(w.font())
    wraps = isinstance(w, QLabel) and w.wordWrap()
    if wraps:
        box = fm.boundingRect(QRect(0, 0, max(1, width), 100_000), int(Qt.TextFlag.TextWordWrap), text)
        lines = max(1, round(box.height() / fm.lineSpacing()))
        return box.width(), box.height(), lines
    parts = text.split("\n")
    return max(fm.horizontalAdvance(p) for p in parts), fm.height() + fm.lineSpacing() * (len(parts) - 1), len(parts)


# ---- the rules ------------------------------------------------------------------------------------
def _shown(w: QWidget, root: QWidget) -> bool:
    return w.isVisibleTo(root) and w.width() > 0 and w.height() > 0


def _in_window(w: QWidget, top: QWidget) -> QRect:
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def _clip_chain(w: QWidget, top: QWidget) -> tuple[QRect, bool]:
    """The part of ``w`` not cut off by an ancestor (window coordinates), and whether a scroll area's
    viewport is one of the cutters (then the rest is reached by scrolling, not lost)."""
    rect = _in_window(w, top)
    scrolled = False
    node = w.parentWidget()
    while node is not None:
        outer = _in_window(node, top)
        if not outer.contains(rect):
            parent = node.parentWidget()
            if parent is not None and isinstance(parent, QAbstractScrollArea) and parent.viewport() is node:
                sideways = rect.left() < outer.left() or rect.right() > outer.right()
                if sideways and parent.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
                    return rect.intersected(outer), False  # cut at the side (by a scrollbar): no scrolling reaches it
                scrolled = True
        rect = rect.intersected(outer)
        if node is top:
            break
        node = node.parentWidget()
    return rect, scrolled


def _is_primary(w: QWidget) -> bool:
    if isinstance(w, QAbstractButton) and w.property("role") in ("primary", "back", "cancel"):
        return True
    if w.accessibleName() == "QR" or w.objectName() in ("QrCode", "Countdown", "Pager"):
        return True
    return isinstance(w, QAbstractButton) and w.objectName() == "Input" and w.property("active") == "true"


def _field_of(w: QWidget) -> QWidget | None:
    node = w.parentWidget()
    while node is not None and node.objectName() != "Field":
        node = node.parentWidget()
    return node


def painted_background(w: QWidget) -> str:
    """The colour behind ``w`` as the style sheet paints it (nearest ancestor that paints one)."""
    node: QWidget | None = w
    while node is not None:
        parent = node.parentWidget()
        if parent is not None and parent.objectName() == "Steps":
            return theme.SELECTED_BG if node.property("current") == "true" else theme.SOFT
        if isinstance(node, QAbstractButton):
            if node.objectName() == "Input":
                return theme.INFO_BG if node.property("active") == "true" else theme.PAPER
            if not node.isEnabled():
                return theme.DISABLED_BG
            if node.property("selected") == "true":
                return theme.SELECTED_BG
            role = node.property("role")
            if role == "primary":
                return theme.BRAND
            if role in ("cancel", "back", "header"):
                return theme.PAPER
            return theme.SOFT
        if isinstance(node, QFrame) and node.property("level"):
            return {"warning": theme.WARN_BG, "error": theme.ERROR_BG}.get(node.property("level"), theme.INFO_BG)
        if node.objectName() in ("Header", "AccessBar"):
            return theme.BRAND
        if node.objectName() == "MaintHeader":
            return theme.MAINT_BG
        node = parent
    return theme.PAPER


def _gap(a: QRect, b: QRect) -> float:
    """The free distance between two rectangles (0 when they touch or overlap)."""
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
    return math.hypot(dx, dy) if dx and dy else float(dx or dy)


def audit_tree(
    root: QWidget, screen: str, *, large: bool = False, top: QWidget | None = None
) -> list[Violation]:
    """Every violation on the widgets under ``root`` (shown ones only), in window coordinates of ``top``."""
    top = top or root.window()
    panel = top.rect()
    out: list[Violation] = []

    def add(rule: str, w: QWidget, detail: str) -> None:
        out.append(Violation(screen, rule, name_of(w), detail))

    widgets = [w for w in [root, *root.findChildren(QWidget)] if _shown(w, root)]
    targets: list[tuple[QAbstractButton, QRect]] = []
    primary_min = theme.LARGE_PRIMARY_TARGET if large else theme.PRIMARY_TARGET
    for w in widgets:
        rect = _in_window(w, top)
        visible, scrolled = _clip_chain(w, top)
        has_text = isinstance(w, QLabel | QAbstractButton) and bool(w.text())
        control = isinstance(w, QAbstractButton) or has_text or _is_primary(w)
        # -- outside the screen or cut off by a parent (not by a scroll area: that is scrolling) --
        if control and not panel.contains(rect) and not scrolled:
            add("off-screen", w, f"at {rect.x()},{rect.y()} {rect.width()}x{rect.height()} on a "
                f"{panel.width()}x{panel.height()} panel")
        elif control and visible != rect and not scrolled:
            add("off-screen", w, f"{rect.width()}x{rect.height()} cut to {visible.width()}x{visible.height()} "
                "by its parent")
        # -- primary actions, the QR code, the field being typed: whole without scrolling --
        if _is_primary(w) and scrolled and visible != rect:
            add("scroll", w, f"only {visible.width()}x{visible.height()} of {rect.width()}x{rect.height()} "
                "in sight without scrolling")
            field = _field_of(w)
            if field is not None:
                fvisible, _ = _clip_chain(field, top)
                if fvisible != _in_window(field, top):
                    add("scroll", field, "the label of the field being typed is out of sight")
        if has_text:
            room = text_rect(w)
            nw, nh, lines = needed(w, room.width())
            if nw > room.width() + 1 or nh > room.height() + 1:
                add("clipped", w, f"the text needs {nw}x{nh} px, the widget gives it {room.width()}x{room.height()}")
            if lines > 1:
                ratio = line_pitch(w) / max(1, pixel_size(w))
                if ratio < MIN_LINE_SPACING - 0.005:
                    add("line-spacing", w, f"{lines} lines at {ratio:.2f}x (needs {MIN_LINE_SPACING}x)")
            fg = w.palette().color(w.foregroundRole()).name()
            bg = painted_background(w)
            ratio = theme.contrast_ratio(fg, bg)
            if ratio < MIN_CONTRAST:
                add("contrast", w, f"{fg} on {bg} is {ratio:.1f}:1")
        if isinstance(w, QAbstractButton):
            if not isinstance(w.parentWidget(), QAbstractButton) and not visible.isEmpty():
                targets.append((w, visible))
            if w.width() < theme.MIN_TARGET or w.height() < theme.MIN_TARGET:
                add("target", w, f"{w.width()}x{w.height()} px (needs {theme.MIN_TARGET})")
            elif w.property("role") == "primary" and w.height() < primary_min:
                add("target", w, f"a primary action only {w.height()} px high (needs {primary_min})")
    out += _gaps(targets, screen)
    return out


def _gaps(targets: Iterable[tuple[QAbstractButton, QRect]], screen: str) -> list[Violation]:
    out: list[Violation] = []
    items = list(targets)
    for i, (a, ra) in enumerate(items):
        for b, rb in items[i + 1 :]:
            if a.isAncestorOf(b) or b.isAncestorOf(a):
                continue
            if ra.intersects(rb):
                out.append(Violation(screen, "gap", name_of(a), f"overlaps {name_of(b)}"))
                continue
            d = _gap(ra, rb)
            if d < MIN_GAP:
                out.append(Violation(screen, "gap", name_of(a), f"{d:.0f} px from {name_of(b)} (needs {MIN_GAP})"))
    return out


def audit_window(window: QWidget) -> list[Violation]:
    """The audit of what a :class:`~ui.window.KioskWindow` shows now: its page, or the idle overlay when it
    is up (it covers the page)."""
    from ui.window import KioskWindow

    if not isinstance(window, KioskWindow) or window.page is None:
        return audit_tree(window, window.objectName() or type(window).__name__)
    view = window.view
    screen = view.screen if view is not None else "(nothing)"
    large = bool(view is not None and view.large_text)
    if window.overlay.isVisible():
        return audit_tree(window.overlay.panel, screen + "+idle", large=large, top=window)
    return audit_tree(window.page, screen, large=large, top=window)
