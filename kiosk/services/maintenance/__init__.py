"""Maintenance services: the technicians' functions over the kiosk's database, logs and files."""

from __future__ import annotations

from kiosk.services.maintenance.services import MaintenanceServices, ReadinessOutcome

__all__ = ["MaintenanceServices", "ReadinessOutcome"]
