"""The receipts layer's exception family (the core converts these to KioskError at its boundary)."""

from __future__ import annotations


class ReceiptsError(Exception):
    """Base of every error raised on purpose by receipts/."""


class FontNotFoundError(ReceiptsError):
    """No usable CJK TrueType font: the PDF would show empty boxes instead of Chinese."""
