"""Start-up recovery run on collaborators given to it explicitly, and its promise to use only public members."""

from __future__ import annotations

import ast
import inspect
from collections.abc import Callable

import pytest
from sqlalchemy import select

from devices.printjob import JobState
from kiosk.persistence.models import AuditEntry, IssuedDocument, PrintJob, Transaction
from kiosk.services import recovery
from kiosk.services.journal import TransactionKind, TransactionState
from kiosk.services.recovery import RecoveryReport, recover

from .conftest import Collaborators, World, collaborators
from .test_services_journal import CASES, _login, _year, assert_settled

S = TransactionState


def run_recovery(c: Collaborators) -> RecoveryReport:
    return recover(journal=c.journal, ledger=c.ledger, print_book=c.book, audit=c.audit, sessions=c.sessions,
                   session_factory=c.factory)


@pytest.mark.parametrize(("drive", "left", "after", "effect"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_recover_with_explicit_collaborators_from_every_intermediate_state(
    world: World, drive: Callable[[World], str], left: S, after: S, effect: str
) -> None:
    """GIVEN a crash left a transaction in an intermediate state
    WHEN recovery runs on a journal, ledger, print book, audit log and session manager built afresh,
         with no KioskServices in the new process at all
    THEN it settles the transaction exactly as the kiosk's own start-up does, and a second run finds nothing."""
    tx = drive(world)
    assert world.services.journal.state(tx) is left
    orders_before = world.provider.order_count()

    parts = collaborators(world)
    report = run_recovery(parts)

    assert_settled(world, parts.journal, report, tx, after, effect, orders_before)
    again = run_recovery(collaborators(world))
    assert again.resolved == [] and again.unresolved == []


def test_recovery_ends_open_sessions_and_writes_one_audit_entry(world: World) -> None:
    _login(world)
    parts = collaborators(world)
    report = run_recovery(parts)
    assert report.sessions_ended == 1 and report.clean
    with world.factory() as db:
        last = db.execute(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).scalar_one()
    assert (last.action, last.detail) == ("recovery", {"resolved": 0, "unresolved": 0, "sessions_ended": 1})
    assert run_recovery(collaborators(world)).sessions_ended == 0


def test_recovery_of_an_interrupted_reprint_owes_the_reprinted_document(world: World) -> None:
    """GIVEN a printed certificate whose reprint (its own transaction) was printing when the kiosk died
    WHEN recovery runs THEN the reprint transaction rests unprinted, the job is incomplete (it may have
    printed) and the certificate it reprinted is owed a free reprint."""
    s = _login(world)
    doc = s.issue_certificate([r.record_id for r in s.list_records(*_year(2025))])
    s.finish_print(s.begin_print(doc.number), JobState.PRINTED, len(doc.escpos_parts))
    s.reprint(doc.number)
    s.begin_print(doc.number)
    with world.factory() as db:
        reprint_tx = db.execute(select(Transaction.id).where(Transaction.kind == TransactionKind.REPRINT)
                                ).scalar_one()

    report = run_recovery(collaborators(world))

    assert [(r.transaction_id, r.to_state) for r in report.resolved] == [(reprint_tx, S.UNPRINTED.value)]
    assert doc.number in report.resolved[0].action
    with world.factory() as db:
        row = db.execute(select(IssuedDocument).where(IssuedDocument.number == doc.number)).scalar_one()
        jobs = [j.state for j in db.execute(select(PrintJob).order_by(PrintJob.created_at)).scalars()]
    assert (row.print_state, row.free_reprint) == ("unprinted", True)
    assert jobs == [JobState.PRINTED, JobState.INCOMPLETE]


# ---- recovery reaches into nobody's private members ------------------------------------------------------


def private_attributes(source: str) -> list[tuple[int, str]]:
    """(line, name) of every ``x._name`` in ``source`` whose ``x`` is not ``self`` (dunders included)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            if isinstance(node.value, ast.Name) and node.value.id == "self":
                continue
            found.append((node.lineno, node.attr))
    return found


def test_the_private_member_check_catches_a_reach_inside() -> None:
    assert private_attributes("services._factory()\nself._own = 1\nwork.book._clock()\n") == [
        (1, "_factory"), (3, "_clock")]


def test_recovery_touches_no_private_member_of_any_other_object() -> None:
    assert private_attributes(inspect.getsource(recovery)) == []


def test_recover_takes_its_collaborators_by_name() -> None:
    params = inspect.signature(recover).parameters
    assert list(params) == ["journal", "ledger", "print_book", "audit", "sessions", "session_factory"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values())
