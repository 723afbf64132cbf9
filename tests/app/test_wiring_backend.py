"""The composition root settles what a crash left in the middle before the first taxpayer comes."""

from __future__ import annotations

import dataclasses

from app.wiring import build_backend
from devices.idcard.samples import load_card
from kiosk.config import KioskConfig


def test_restart_after_a_crash_mid_payment_settles_the_journal(kiosk_config: KioskConfig) -> None:
    """GIVEN a payment requested when the kiosk process dies
    WHEN the kiosk starts again on the same database
    THEN start-up recovery leaves no transaction in the middle, and the dues can be paid anew once."""
    config = dataclasses.replace(kiosk_config, payment=dataclasses.replace(kiosk_config.payment, simulated_delay=60))
    card = load_card("resident_zhang_wei")
    services, dlog = build_backend(config, seed_demo_data=True)
    services.start_session_from_card(card.id_number, card.name, "resident")
    dues = services.list_dues()
    assert dues, "the demo story for this card has taxes due"
    order = services.create_payment([d.due_id for d in dues])
    assert services.journal.open_transactions()  # type: ignore[attr-defined]
    dlog.close()
    del services  # the process "dies" here: no end_session, no cancel

    services, dlog = build_backend(config, seed_demo_data=True)
    try:
        assert services.journal.open_transactions() == []  # type: ignore[attr-defined]
        services.start_session_from_card(card.id_number, card.name, "resident")
        again = services.create_payment([d.due_id for d in services.list_dues()])
        assert again.transaction_id != order.transaction_id
        assert again.amount == order.amount
    finally:
        dlog.close()


def test_demo_database_has_the_documented_staff_account(kiosk_config: KioskConfig) -> None:
    """The README's demo staff code and PIN start a staff-assisted session on the real services."""
    from kiosk.persistence.seed import DEMO_STAFF_LOGIN, DEMO_STAFF_PIN

    services, dlog = build_backend(kiosk_config, seed_demo_data=True)
    try:
        card = load_card("resident_li_na")
        view = services.start_session_staff(card.id_number, DEMO_STAFF_LOGIN.lower(), DEMO_STAFF_PIN)
        assert view.via == "staff" and card.id_number not in view.masked_id
        services.end_session("logout")
    finally:
        dlog.close()
