"""Personal data never reaches a log or the audit trail in full, across a whole session."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import select

from kiosk.persistence.models import AuditEntry, JournalStep, Transaction
from kiosk.services.api import DeductionAnswers

from .conftest import ID_NUMBER, NAME


def test_a_whole_session_logs_nothing_personal(world, caplog: pytest.LogCaptureFixture) -> None:  # type: ignore[no-untyped-def]
    """GIVEN DEBUG logging everywhere WHEN a taxpayer does every task THEN no log line, audit entry or
    journal step holds the full ID number or the full name."""
    caplog.set_level(logging.DEBUG)
    s = world.services
    s.start_session_from_card(ID_NUMBER, NAME, "resident")
    records = s.list_records(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
    s.issue_certificate([r.record_id for r in records])
    s.issue_iit_record(dt.date(2025, 1, 1), dt.date(2025, 3, 1))
    s.reconciliation_preview(2024, DeductionAnswers(children_ages=(7,)))
    order = s.create_payment([d.due_id for d in s.list_dues()])
    world.clock.advance(60)
    s.poll_payment(order.transaction_id)
    s.end_session("logout")

    assert caplog.records, "expected the services to log their steps"
    for record in caplog.records:
        message = record.getMessage()
        assert ID_NUMBER not in message, message
        assert NAME not in message, message
    with world.factory() as db:
        for entry in db.scalars(select(AuditEntry)):
            assert ID_NUMBER not in str(entry.detail) and NAME not in str(entry.detail)
        for step in db.scalars(select(JournalStep)):
            assert ID_NUMBER not in step.reason and NAME not in step.reason
        for tx in db.scalars(select(Transaction)):
            assert ID_NUMBER not in str(tx.detail) and NAME not in str(tx.detail)
