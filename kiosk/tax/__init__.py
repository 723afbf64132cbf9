"""Tax calculators: pure functions over :mod:`kiosk.rules` tables (no I/O, no Qt, no database)."""
