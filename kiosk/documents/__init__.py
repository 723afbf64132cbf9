"""Issuing the kiosk's printed documents: numbers, verification codes, rendering and lookup queries."""
