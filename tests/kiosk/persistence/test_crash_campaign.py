"""Issue 14, Build 7: kill -9 the kiosk at every commit of a task and at timed instants, restart, check.

A child process (tests/helpers/crash_child.py) runs a certificate, or a payment with its voucher,
on a real SQLite file with a payment host whose orders outlive the child. It is killed with SIGKILL
just before or just after each of its commits (every journal step, every audit entry commits with
one), or at a timed instant. The parent then starts the services again on the same files, runs
start-up recovery and checks: every provider-side payment recorded once, every due paid once, every
document numbered once and referenced by its transaction's ``issued`` step, nothing left half-way,
and the audit chain intact with one entry per payment and per document.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.documents.render import A4_KINDS
from kiosk.persistence import models as m
from kiosk.services.journal import TERMINAL, TransactionState
from receipts.model import DocumentKind
from tests.helpers.crash_child import make_template, services

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A migrated data directory with one taxpayer holding records and dues (copied for each kill)."""
    return make_template(tmp_path_factory.mktemp("crash") / "data")


def _child(data: Path, scenario: str, kill: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "tests.helpers.crash_child", str(data), scenario, kill],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _commits(template: Path, tmp_path: Path, scenario: str) -> int:
    data = tmp_path / "count"
    shutil.copytree(template, data)
    proc = _child(data, scenario, "none")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    return int(out.strip())


def _restart_and_check(data: Path, scenario: str, label: str) -> None:
    svc, factory, provider = services(data)
    report = svc.recover_on_startup()
    # the provider answers at once here, so nothing may stay open; an error names its cause
    assert report.clean, (label, [(u.kind, u.from_state, u.action) for u in report.unresolved])
    with factory() as db:
        txs = db.scalars(select(m.Transaction)).all()
        for tx in txs:
            assert TransactionState(tx.state) in TERMINAL | {TransactionState.UNPRINTED}, (label, tx.kind, tx.state)
        docs = db.scalars(select(m.IssuedDocument)).all()
        for doc in docs:
            steps = db.scalars(select(m.JournalStep).where(m.JournalStep.transaction_id == doc.transaction_id,
                                                           m.JournalStep.to_state == "issued")).all()
            assert len(steps) == 1, (label, doc.number, "document not referenced by an issued step")
        assert len({d.transaction_id for d in docs}) == len(docs), (label, "a transaction numbered twice")
        payments = db.scalars(select(m.Payment)).all()
        paid = [p for p in payments if p.state == "paid"]
        assert provider.charged_count() == len(paid), (label, "a provider-side payment not recorded once")
        dues = db.scalars(select(m.TaxDue)).all()
        assert all((d.status == "paid") == (d.payment_id in {p.id for p in paid}) for d in dues), label
        assert len(paid) <= 1 and sum(d.status == "paid" for d in dues) <= len(paid), (label, "a due paid twice")
        invoices = db.scalars(select(m.RentalInvoice)).all()
        assert all(i.state != "issued" or any(d.kind == "rental_invoice" for d in docs) for i in invoices), label
        recons = db.scalars(select(m.Reconciliation)).all()
        assert len(recons) <= 1 and len(recons) == sum(d.kind == "reconciliation" for d in docs), (label, "filed, no document")
        printed_twice = [j for j in db.scalars(select(m.PrintJob)).all() if j.state == "printed" and not j.is_reprint]
        assert len(printed_twice) <= 1, (label, "printed twice without REPRINT")
    svc.close()  # the A4 PDFs recovery queued again are written
    with factory() as db:
        rendered = {r.document_id for r in db.scalars(select(m.DocumentRendering)).all() if r.reprint_count == 0}
        a4 = [d for d in docs if DocumentKind(d.kind) in A4_KINDS]
        assert all(d.id in rendered for d in a4), (label, "an A4 document without its signed PDF")
        assert all((data / "documents" / f"{d.number}.pdf").stat().st_mode & 0o077 == 0 for d in a4), label
    result = svc.audit.verify()
    assert result.ok, (label, result.message)
    actions = [e.action for e in svc.audit.last(10_000)]
    assert actions.count("document.issued") == len(docs), (label, actions)
    assert actions.count("payment.paid") == len(paid), (label, actions)


SCENARIOS = ["certificate", "payment", "rental", "reconciliation"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_kill_after_every_commit(template: Path, tmp_path: Path, scenario: str) -> None:
    total = _commits(template, tmp_path, scenario)
    assert total >= 6
    for n in range(1, total + 1):
        data = tmp_path / f"after-{n}"
        shutil.copytree(template, data)
        proc = _child(data, scenario, f"after:{n}")
        proc.communicate(timeout=60)
        assert proc.returncode == -9, f"commit {n} of {total}: the child was not killed"
        _restart_and_check(data, scenario, f"{scenario} killed after commit {n}/{total}")


@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_kill_before_every_commit_and_at_timed_instants(template: Path, tmp_path: Path, scenario: str) -> None:
    total = _commits(template, tmp_path, scenario)
    for n in range(1, total + 1):
        data = tmp_path / f"before-{n}"
        shutil.copytree(template, data)
        proc = _child(data, scenario, f"before:{n}")
        proc.communicate(timeout=60)
        assert proc.returncode == -9
        _restart_and_check(data, scenario, f"{scenario} killed before commit {n}/{total}")
    for i, delay in enumerate([0.6 + 0.1 * k for k in range(6)]):
        data = tmp_path / f"timed-{i}"
        shutil.copytree(template, data)
        proc = _child(data, scenario, "none")
        time.sleep(delay)
        proc.kill()
        proc.communicate(timeout=60)
        _restart_and_check(data, scenario, f"{scenario} killed at {delay:.2f} s")
