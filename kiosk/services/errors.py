"""Errors of the kiosk services, each with a message key the UI translates (plain words in English)."""

from __future__ import annotations

from kiosk.errors import KioskError, NotFoundError, UserInputError

__all__ = [
    "CommitmentError",
    "IllegalTransition",
    "NoSessionError",
    "NotFoundError",
    "PaymentError",
    "PaymentInProgress",
    "ServiceUnavailable",
    "SessionActiveError",
    "UnknownTaxpayer",
    "UserInputError",
]


class ServiceUnavailable(KioskError):
    """A service this step needs (payment host, document issuer, rule table) cannot be used now."""

    message_key = "error.service_unavailable"


class NoSessionError(KioskError):
    """The step needs an identified taxpayer and no session is open."""

    message_key = "error.no_session"


class SessionActiveError(KioskError):
    """A new session was asked for while another one is still open."""

    message_key = "error.session_active"


class UnknownTaxpayer(NotFoundError):
    """The ID number read or typed belongs to no taxpayer known to this tax office."""

    message_key = "error.unknown_taxpayer"


class PaymentError(KioskError):
    """The payment was declined, expired, cancelled or cannot be made."""

    message_key = "error.payment"


class PaymentInProgress(PaymentError):
    """Some of the chosen dues are already in a payment that is pending, unknown or paid."""

    message_key = "error.payment_in_progress"


class CommitmentError(UserInputError):
    """The personal commitment signed is not the current version of its text."""

    message_key = "error.commitment_version"


class IllegalTransition(KioskError):
    """A journal transaction was asked to move to a state its current state does not allow."""

    message_key = "error.internal_state"
