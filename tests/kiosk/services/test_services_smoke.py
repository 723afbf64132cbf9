"""End-to-end walk through the main services (a smoke test of the wiring)."""

from __future__ import annotations

import datetime as dt

from devices.printjob import JobState
from kiosk.services.api import PaymentState


def test_pay_dues_and_print_voucher(world, logged_in) -> None:
    """GIVEN a taxpayer with two dues WHEN both are paid and the voucher printed THEN all is recorded."""
    s = logged_in
    dues = s.list_dues()
    assert len(dues) == 2
    order = s.create_payment([d.due_id for d in dues])
    assert order.state is PaymentState.PENDING
    assert order.qr_payload and order.qr_payload.startswith("kioskpay://order/")
    world.clock.advance(31)
    paid = s.poll_payment(order.transaction_id)
    assert paid.state is PaymentState.PAID
    voucher = s.issue_payment_voucher(order.transaction_id)
    job = s.begin_print(voucher.number)
    s.finish_print(job, JobState.PRINTED, len(voucher.escpos_parts))
    assert s.list_dues() == []
    recs = s.list_records(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert any(r.voucher_no.startswith("KP") for r in recs)
    assert s.journal.state(order.transaction_id).value == "done"


def test_facade_implements_every_method_of_the_port_with_the_same_parameters() -> None:
    import inspect

    from kiosk.services.api import KioskServicesPort
    from kiosk.services.facade import KioskServices

    names = [n for n, v in vars(KioskServicesPort).items() if callable(v) and not n.startswith("_")]
    assert len(names) >= 25
    for name in names:
        want = list(inspect.signature(getattr(KioskServicesPort, name)).parameters)
        got = list(inspect.signature(getattr(KioskServices, name)).parameters)
        assert got == want, name


def test_make_provider_from_config(config) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    import pytest

    from kiosk.services.errors import ServiceUnavailable
    from kiosk.services.payments import make_provider

    p = make_provider(config)
    assert p.delay == config.payment.simulated_delay and p.expiry == config.timeouts.payment_expiry
    with pytest.raises(ServiceUnavailable):
        make_provider(dataclasses.replace(config, payment=dataclasses.replace(config.payment, provider="bank")))
