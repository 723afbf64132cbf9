"""Line icons for tiles and notices, drawn from inline SVG (no image files to ship or lose)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ui.theme import BRAND

_S = f'fill="none" stroke="{BRAND}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"'
_PATHS = {
    "certificate": f'<rect x="14" y="8" width="52" height="64" rx="4" {_S}/><path d="M24 24h32M24 36h32M24 48h18" {_S}/>'
    f'<circle cx="58" cy="62" r="10" {_S}/>',
    "record": f'<rect x="14" y="8" width="52" height="64" rx="4" {_S}/><path d="M24 24h32M24 36h32M24 48h32M24 60h20" {_S}/>',
    "calculator": f'<rect x="16" y="6" width="48" height="68" rx="6" {_S}/><rect x="24" y="14" width="32" height="14" {_S}/>'
    f'<path d="M26 40h4M38 40h4M50 40h4M26 52h4M38 52h4M50 52h4M26 64h4M38 64h4M50 64h4" {_S}/>',
    "payment": f'<rect x="6" y="18" width="68" height="44" rx="6" {_S}/><path d="M6 30h68M16 50h16" {_S}/>',
    "house": f'<path d="M8 38L40 10l32 28M16 32v38h48V32" {_S}/><rect x="32" y="48" width="16" height="22" {_S}/>',
    "ticket": f'<path d="M8 22h64v12a6 6 0 0 0 0 12v12H8V46a6 6 0 0 0 0-12z" {_S}/><path d="M30 30v20" {_S}/>',
    "search": f'<circle cx="34" cy="34" r="20" {_S}/><path d="M49 49l20 20" {_S}/>',
    "calendar": f'<rect x="8" y="14" width="64" height="56" rx="6" {_S}/><path d="M8 30h64M24 6v14M56 6v14" {_S}/>',
    "check": f'<rect x="8" y="8" width="64" height="64" rx="8" {_S}/><path d="M22 40l12 12 24-24" {_S}/>',
    "check-on": f'<rect x="8" y="8" width="64" height="64" rx="8" {_S}/><path d="M22 40l12 12 24-24" {_S}/>',
    "check-off": f'<rect x="8" y="8" width="64" height="64" rx="8" {_S}/>',
    "printer": f'<rect x="20" y="8" width="40" height="20" {_S}/><rect x="8" y="28" width="64" height="30" rx="4" {_S}/>'
    f'<rect x="20" y="48" width="40" height="24" {_S}/>',
    "card": f'<rect x="6" y="16" width="68" height="46" rx="6" {_S}/><circle cx="24" cy="36" r="8" {_S}/>'
    f'<path d="M40 30h24M40 42h24M14 54h52" {_S}/>',
    "warning": f'<path d="M40 8L74 70H6z" {_S}/><path d="M40 30v18M40 58v2" {_S}/>',
    "tools": f'<circle cx="26" cy="26" r="14" {_S}/><path d="M36 36l30 30M58 70l12-12" {_S}/>',
    "error": f'<circle cx="40" cy="40" r="32" {_S}/><path d="M28 28l24 24M52 28L28 52" {_S}/>',
    "info": f'<circle cx="40" cy="40" r="32" {_S}/><path d="M40 36v22M40 24v2" {_S}/>',
}


def svg(name: str, colour: str | None = None) -> bytes:
    body = _PATHS.get(name, _PATHS["info"])
    if colour:
        body = body.replace(BRAND, colour)
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 80 80">{body}</svg>'.encode()


@lru_cache(maxsize=128)
def pixmap(name: str, size: int, colour: str | None = None) -> QPixmap:
    renderer = QSvgRenderer(QByteArray(svg(name, colour)))
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return pm
