"""Colours, type sizes, touch-target sizes and the Qt style sheet (numbers from kiosk-ux.md).

Every text/background pair used on screen is listed in ``CONTRAST_PAIRS`` and checked by a test
against 7:1 (WCAG 1.4.6). Sizes are pixels on a 1080x1920 panel at about 0.25 mm per pixel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase

log = logging.getLogger("ui.theme")

CJK_FONT_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FALLBACK_FAMILY = "WenQuanYi Micro Hei"

# ---- colours ----------------------------------------------------------------------------------
INK = "#1a1a1a"
PAPER = "#ffffff"
BRAND = "#0b3d91"  # header, primary buttons
ON_BRAND = "#ffffff"
SOFT = "#e8eef7"  # secondary buttons, tiles
ON_SOFT = "#0b2a5b"
CANCEL_INK = "#7a0e0e"
DISABLED_BG = "#e0e0e0"
DISABLED_INK = "#404040"
WARN_BG = "#fff4d6"
WARN_INK = "#4a3000"
ERROR_BG = "#fde8e8"
ERROR_INK = "#6b0000"
INFO_BG = "#e6f0ff"
INFO_INK = "#0b2a5b"
SELECTED_BG = "#0b3d91"
OVERLAY_BG = "#ffffff"
MAINT_BG = "#33312e"  # maintenance screens: a dark band that says at a glance "not for the public"
ON_MAINT = "#ffffff"

CONTRAST_PAIRS: dict[str, tuple[str, str]] = {
    "body": (INK, PAPER),
    "header": (ON_BRAND, BRAND),
    "primary": (ON_BRAND, BRAND),
    "secondary": (ON_SOFT, SOFT),
    "cancel": (CANCEL_INK, PAPER),
    "disabled": (DISABLED_INK, DISABLED_BG),
    "warning": (WARN_INK, WARN_BG),
    "error": (ERROR_INK, ERROR_BG),
    "info": (INFO_INK, INFO_BG),
    "selected": (ON_BRAND, SELECTED_BG),
    "maintenance": (ON_MAINT, MAINT_BG),
}


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def lum(hex_colour: str) -> float:
        rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    a, b = sorted((lum(fg), lum(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# ---- sizes ------------------------------------------------------------------------------------
MIN_TARGET = 48  # any tappable element (12 mm)
PRIMARY_TARGET = 80  # primary actions (20 mm)
LARGE_PRIMARY_TARGET = 100  # large-text mode (25 mm)
GAP = 20  # between targets (5 mm)
BODY_PX = 28
LARGE_BODY_PX = 48


@dataclass(frozen=True)
class Metrics:
    small: int  # notes, step indicator (never below body size: the ADA floor is 19 px)
    body: int
    button: int
    title: int
    prompt: int
    big: int  # the queue number, the hand-over code
    target: int  # primary touch target height
    key: int  # keypad key side
    gap: int

    @classmethod
    def for_mode(cls, large: bool) -> Metrics:
        if large:
            return cls(48, 50, 52, 64, 56, 160, LARGE_PRIMARY_TARGET + 10, 90, 20)
        return cls(28, 30, 32, 44, 38, 120, PRIMARY_TARGET + 16, 88, GAP)


def load_cjk_font() -> str:
    """Register the CJK font file explicitly (no reliance on fontconfig fallback); return its family."""
    for path in CJK_FONT_FILES:
        if Path(path).exists():
            font_id = QFontDatabase.addApplicationFont(path)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                log.info("CJK font %s from %s", families[0], path)
                return families[0]
    log.warning("no CJK font file found; falling back to %s by name", FALLBACK_FAMILY)
    return FALLBACK_FAMILY


def app_font(family: str, large: bool = False) -> QFont:
    font = QFont(family)
    font.setPixelSize(Metrics.for_mode(large).body)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def style_sheet(family: str, large: bool) -> str:
    m = Metrics.for_mode(large)
    return f"""
* {{ font-family: "{family}"; color: {INK}; }}
QWidget#KioskWindow, QWidget#Page, QWidget#Body {{ background: {PAPER}; }}
QLabel {{ font-size: {m.body}px; }}
QLabel[kind="title"] {{ font-size: {m.title}px; font-weight: bold; }}
QLabel[kind="prompt"] {{ font-size: {m.prompt}px; font-weight: bold; }}
QLabel[kind="small"] {{ font-size: {m.small}px; }}
QLabel[kind="emphasis"] {{ font-size: {m.prompt}px; font-weight: bold; }}
QLabel[kind="big"] {{ font-size: {m.big}px; font-weight: bold; color: {BRAND}; }}
QLabel[kind="amount"] {{ font-size: {m.body}px; font-weight: bold; }}
QWidget#Header {{ background: {BRAND}; }}
QWidget#Header QLabel {{ color: {ON_BRAND}; }}
QWidget#MaintHeader {{ background: {MAINT_BG}; }}
QWidget#MaintHeader QLabel {{ color: {ON_MAINT}; }}
QWidget#Steps QLabel {{ font-size: {m.small}px; background: {SOFT}; color: {ON_SOFT};
    border-radius: 8px; padding: 6px 10px; }}
QWidget#Steps QLabel[current="true"] {{ background: {SELECTED_BG}; color: {ON_BRAND}; font-weight: bold; }}
QPushButton {{ font-size: {m.button}px; border-radius: 12px; padding: 8px 18px;
    background: {SOFT}; color: {ON_SOFT}; border: 2px solid {ON_SOFT}; }}
QPushButton[role="primary"] {{ background: {BRAND}; color: {ON_BRAND}; border: 2px solid {BRAND}; font-weight: bold; }}
QPushButton[role="cancel"] {{ background: {PAPER}; color: {CANCEL_INK}; border: 3px solid {CANCEL_INK}; }}
QPushButton[role="back"] {{ background: {PAPER}; color: {ON_SOFT}; border: 3px solid {ON_SOFT}; }}
QPushButton[role="header"] {{ background: {PAPER}; color: {BRAND}; border: 2px solid {PAPER}; }}
QPushButton:disabled {{ background: {DISABLED_BG}; color: {DISABLED_INK}; border: 2px dashed {DISABLED_INK}; }}
QPushButton:pressed {{ background: {ON_SOFT}; color: {ON_BRAND}; }}
QPushButton[candidate="true"] {{ font-size: {m.prompt}px; padding: 4px 10px; }}
QPushButton[glyph="true"] {{ font-size: {m.big}px; font-weight: bold; padding: 0px; }}
QPushButton[selected="true"] {{ background: {SELECTED_BG}; color: {ON_BRAND}; border: 3px solid {SELECTED_BG}; }}
QPushButton QLabel {{ color: {ON_SOFT}; background: transparent; }}
QPushButton QLabel[inverse="true"] {{ color: {ON_BRAND}; }}
QPushButton QLabel[dim="true"] {{ color: {DISABLED_INK}; }}
QFrame[level="warning"] {{ background: {WARN_BG}; border: 3px solid {WARN_INK}; border-radius: 10px; }}
QFrame[level="warning"] QLabel {{ color: {WARN_INK}; }}
QFrame[level="error"] {{ background: {ERROR_BG}; border: 3px solid {ERROR_INK}; border-radius: 10px; }}
QFrame[level="error"] QLabel {{ color: {ERROR_INK}; }}
QFrame[level="info"] {{ background: {INFO_BG}; border: 3px solid {INFO_INK}; border-radius: 10px; }}
QFrame[level="info"] QLabel {{ color: {INFO_INK}; }}
QFrame#Field {{ border-bottom: 2px solid {SOFT}; }}
QPushButton#Input {{ background: {PAPER}; border: 3px solid {ON_SOFT}; border-radius: 8px; text-align: left; }}
QPushButton#Input[active="true"] {{ border: 6px solid {BRAND}; background: {INFO_BG}; }}
QPushButton#Input QLabel {{ color: {INK}; }}
QFrame#Total {{ border-top: 3px solid {INK}; }}
QWidget#Overlay {{ background: rgba(0, 0, 0, 150); }}
QFrame#OverlayPanel {{ background: {OVERLAY_BG}; border: 4px solid {BRAND}; border-radius: 16px; }}
QScrollArea {{ border: none; background: {PAPER}; }}
QScrollBar:vertical {{ width: {MIN_TARGET}px; background: {SOFT}; }}
QScrollBar::handle:vertical {{ background: {ON_SOFT}; min-height: {MIN_TARGET * 2}px; border-radius: 8px; }}
QProgressBar {{ border: 2px solid {ON_SOFT}; border-radius: 8px; height: 24px; background: {SOFT}; }}
QProgressBar::chunk {{ background: {BRAND}; }}
"""
