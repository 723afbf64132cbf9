"""Find and register a CJK TrueType font for ReportLab, so PDFs embed it and read anywhere.

ReportLab embeds (a subset of) TrueType-outline fonts only; the common Noto CJK files are CFF/OpenType
and cannot be used. We look, in order, at ``$KIOSK_CJK_FONT``, then known TrueType CJK fonts that
Debian packages install (WenQuanYi Micro Hei from fonts-wqy-microhei first), and check the font
really has the Han characters our documents print before using it.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from receipts.errors import FontNotFoundError

log = logging.getLogger("receipts.fonts")

FONT_NAME = "KioskCJK"
PACKAGE_HINT = "fonts-wqy-microhei"
CANDIDATES: tuple[tuple[str, int], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),  # Debian/Ubuntu fonts-wqy-microhei
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),  # Fedora
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # fonts-wqy-zenhei
    ("/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc", 0),  # Arch
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # fonts-arphic-uming
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),  # fonts-droid-fallback
)
PROBE = "税收完税证明壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整演示补打￥"

_lock = threading.Lock()
_registered: str | None = None


def _usable(path: Path, index: int) -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        font = TTFont(FONT_NAME, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError) as exc:
        log.info("font %s not usable: %s", path, exc)
        return False
    cmap = font.face.charToGlyph
    missing = [ch for ch in PROBE if ord(ch) not in cmap]
    if missing:
        log.info("font %s lacks %s", path, "".join(missing))
        return False
    pdfmetrics.registerFont(font)
    return True


def find_font_candidates() -> list[tuple[Path, int]]:
    out: list[tuple[Path, int]] = []
    env = os.environ.get("KIOSK_CJK_FONT")
    if env:
        path, _, index = env.partition(":")  # "/path/font.ttc" or "/path/font.ttc:1"
        out.append((Path(path), int(index) if index.isdigit() else 0))
    out.extend((Path(p), i) for p, i in CANDIDATES)
    return [(p, i) for p, i in out if p.is_file()]


def cjk_font() -> str:
    """Register the CJK font once and return its ReportLab name.

    Raises FontNotFoundError, naming the Debian package to install, when no usable font exists.
    """
    global _registered
    with _lock:
        if _registered is not None:
            return _registered
        for path, index in find_font_candidates():
            if _usable(path, index):
                log.info("PDF font from none to %s (index %d)", path, index)
                _registered = FONT_NAME
                return FONT_NAME
        raise FontNotFoundError(
            "no Chinese TrueType font found for PDF documents; install the Debian package "
            f"{PACKAGE_HINT} (apt-get install {PACKAGE_HINT}) or point KIOSK_CJK_FONT at a TrueType CJK "
            ".ttf/.ttc file (CFF-based Noto CJK fonts cannot be embedded by ReportLab)"
        )


def reset_for_tests() -> None:
    """Forget the registered font (tests of the missing-font error)."""
    global _registered
    with _lock:
        _registered = None
