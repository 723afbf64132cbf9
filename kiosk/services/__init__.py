"""Kiosk services: the business logic behind every taxpayer task (no Qt)."""
