"""The kiosk's services in a child process that kills itself (SIGKILL) at a chosen commit.

``python -m tests.helpers.crash_child DATA_DIR SCENARIO KILL`` runs one taxpayer task on the SQLite
file in DATA_DIR with the file-backed payment host next to it. KILL is ``none`` (print how many
commits the task makes), ``before:N`` / ``after:N`` (SIGKILL just before / after the N-th commit) or
``at:SECONDS`` (the parent kills it on a timer; the child only runs). Used by the crash campaign
(tests/kiosk/persistence/test_crash_campaign.py).
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import signal
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

from sqlalchemy import event

from kiosk.services.payments import ProviderOrder, SimulatedPaymentProvider

ID_NUMBER_17 = "44030519761224513"
# A fixed moment inside the 2024 reconciliation window (2025-03-01 to 2025-06-30), tax hall time.
NOW = dt.datetime(2025, 5, 12, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


class FileBackedProvider(SimulatedPaymentProvider):
    """The simulated payment host whose orders outlive the kiosk's process (a file, replaced atomically)."""

    def __init__(self, path: Path) -> None:
        super().__init__(delay=0.0, outcome="paid")
        self._path = path
        if path.exists():
            self._orders = pickle.loads(path.read_bytes())

    def create_order(self, idempotency_key: str, amount: Decimal, description: str) -> ProviderOrder:
        order = super().create_order(idempotency_key, amount, description)
        fd, tmp = tempfile.mkstemp(dir=self._path.parent)
        with os.fdopen(fd, "wb") as f:
            f.write(pickle.dumps(self._orders))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self._path)
        return order


def services(data_dir: Path):  # type: ignore[no-untyped-def]
    from kiosk.config import parse_config
    from kiosk.documents.issuer import DocumentIssuer
    from kiosk.persistence.db import make_engine, session_factory
    from kiosk.security.keys import load_or_create_key
    from kiosk.services.facade import KioskServices

    config = parse_config({"kiosk": {"data_dir": str(data_dir)}})
    factory = session_factory(make_engine(config.database_url))
    issuer = DocumentIssuer(factory, config, load_or_create_key(config.secrets_dir))
    provider = FileBackedProvider(data_dir / "payment-host.pickle")
    return KioskServices(config, factory, provider, issuer, clock=lambda: NOW), factory, provider


def run(data_dir: Path, scenario: str) -> None:
    from devices.printjob import JobState
    from kiosk.domain.idnumber import with_check_digit

    svc, _factory, _provider = services(data_dir)
    svc.start_session_from_card(with_check_digit(ID_NUMBER_17), "", "resident")
    if scenario == "certificate":
        records = svc.list_records(dt.date(2024, 1, 1), dt.date(2025, 12, 31))
        doc = svc.issue_certificate([r.record_id for r in records])
    elif scenario == "payment":
        view = svc.create_payment([d.due_id for d in svc.list_dues()])
        view = svc.poll_payment(view.transaction_id)
        doc = svc.issue_payment_voucher(view.transaction_id)
    elif scenario == "rental":
        from kiosk.services.api import RentalRequest

        request = RentalRequest(tenant_name="赵租户", property_address="示范路 8 号 3-501",
                                period_from=dt.date(2025, 1, 1), period_to=dt.date(2025, 12, 31),
                                rent_total=Decimal("36000.00"),
                                property_id=svc.rental_properties()[0].property_id,
                                commitment_version=svc.rental_commitment().version)
        view = svc.rental_create_payment(request)
        view = svc.poll_payment(view.transaction_id)
        doc = svc.issue_rental_invoice(view.transaction_id)
    else:
        from kiosk.services.api import DeductionAnswers

        accounts = svc.refund_accounts()
        _preview, doc = svc.reconciliation_submit(2024, DeductionAnswers(children_ages=(8,)),
                                                  svc.commitment().version,
                                                  accounts[0].account_id if accounts else None)
    job = svc.begin_print(doc.number)
    svc.finish_print(job, JobState.PRINTED, len(doc.escpos_parts))
    svc.end_session("done")


def main() -> None:
    data_dir, scenario, kill = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    svc_factory_hook: dict[str, int] = {"n": 0}
    mode, _, arg = kill.partition(":")
    from sqlalchemy.orm import Session

    def count(when: str):  # type: ignore[no-untyped-def]
        def hook(session: Session) -> None:
            if when == "before":
                svc_factory_hook["n"] += 1
            if mode == when and svc_factory_hook["n"] == int(arg):
                os.kill(os.getpid(), signal.SIGKILL)
        return hook

    event.listen(Session, "before_commit", count("before"))
    event.listen(Session, "after_commit", count("after"))
    run(data_dir, scenario)
    print(svc_factory_hook["n"], flush=True)


if __name__ == "__main__":
    main()
