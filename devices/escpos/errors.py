"""The printer library's exception family (one base class; callers convert at their boundary)."""

from __future__ import annotations


class PrinterError(Exception):
    """Base of every error the ESC/POS library raises on purpose; the message is plain words."""


class PrinterNotConnectedError(PrinterError):
    """The port cannot be opened or went away (cable pulled, adapter gone)."""


class PrinterTimeoutError(PrinterError):
    """The printer did not answer or take data in time."""


class PrinterNotReadyError(PrinterError):
    """The printer answers but cannot print (paper out, cover open, error)."""


class PrinterStoppedError(PrinterError):
    """The driver is not running or is stopping."""


__all__ = [
    "PrinterError",
    "PrinterNotConnectedError",
    "PrinterNotReadyError",
    "PrinterStoppedError",
    "PrinterTimeoutError",
]
