"""One wizard per service on the menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.flow.context import WizardContext
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.flow.wizards.certificates import CertificatesWizard
from kiosk.flow.wizards.payment import PaymentWizard
from kiosk.flow.wizards.queries import QueriesWizard
from kiosk.flow.wizards.queue import QueueWizard
from kiosk.flow.wizards.reconciliation import ReconciliationWizard
from kiosk.flow.wizards.rental import RentalWizard

WIZARDS: dict[str, Callable[[WizardContext], Wizard[Any]]] = {
    "certificates": CertificatesWizard,
    "reconciliation": ReconciliationWizard,
    "payment": PaymentWizard,
    "rental": RentalWizard,
    "queue": QueueWizard,
    "queries": QueriesWizard,
}

__all__ = ["WIZARDS", "StepContent", "Wizard"]
