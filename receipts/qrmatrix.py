"""A QR code's modules for printers without native QR (``devices.escpos.adapt.QrEncoder``).

segno is the well-kept QR library the rest of receipts/ uses; devices/ stays standard-library only,
so the composition root hands this function to the printer driver.
"""

from __future__ import annotations

import segno

QUIET_ZONE = 4  # modules, as ISO/IEC 18004 asks


def qr_matrix(data: bytes, ec: str) -> list[list[bool]]:
    """Rows of modules (True = dark), quiet zone included, at error correction ``ec`` (L/M/Q/H)."""
    qr = segno.make_qr(data, error=ec.lower(), boost_error=False)
    return [[bool(v) for v in row] for row in qr.matrix_iter(scale=1, border=QUIET_ZONE)]


__all__ = ["qr_matrix"]
