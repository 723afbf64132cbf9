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
    from kiosk.services.archive import PdfArchive

    archive = PdfArchive(config, factory, issuer).start()  # as the kiosk runs: A4 PDFs after the commit
    return KioskServices(config, factory, provider, issuer, clock=lambda: NOW, archive=archive), factory, provider


def make_template(data: Path) -> Path:
    """A migrated data directory with one taxpayer holding records and dues (copied for each kill)."""
    import datetime as dt
    from decimal import Decimal

    from kiosk.config import parse_config
    from kiosk.domain.idnumber import with_check_digit
    from kiosk.persistence import models as m
    from kiosk.persistence.db import make_engine, session_factory
    from kiosk.persistence.migrate import upgrade

    config = parse_config({"kiosk": {"data_dir": str(data)}})
    engine = make_engine(config.database_url)
    upgrade(engine)
    with session_factory(engine)() as db:
        tp = m.Taxpayer(id_number=with_check_digit(ID_NUMBER_17), name="欧阳试纳", birth_date=dt.date(1976, 12, 24))
        db.add(tp)
        db.flush()
        for month in (1, 2, 3):
            db.add(m.TaxPaymentRecord(taxpayer_id=tp.id, voucher_no=f"V2025{month:02d}", tax_type="iit", item="wages",
                                      period_from=dt.date(2025, month, 1), period_to=dt.date(2025, month, 28),
                                      paid_on=dt.date(2025, month + 1, 10), amount=Decimal("90.00"),
                                      tax_office="示范区税务局"))
        for month in range(1, 13):
            db.add(m.IncomeRecord(taxpayer_id=tp.id, year=2024, month=month, income_type="wages",
                                  payer="示范科技有限公司", gross_amount=Decimal("10000.00"),
                                  special_deductions=Decimal("2000.00"), tax_withheld=Decimal("90.00")))
        db.add(m.TaxDue(taxpayer_id=tp.id, tax_type="vehicle_vessel", item="车船税", period_from=dt.date(2025, 1, 1),
                        period_to=dt.date(2025, 12, 31), due_date=dt.date(2025, 12, 31), amount=Decimal("480.00")))
        # shared registry data the rental and the reconciliation need: a home and a refund account on file
        db.add(m.PropertyRecord(owner_id_number=tp.id_number, certificate_no="示(2020)不动产权第0000001号",
                                address="示范路 8 号 3-501", usage="residential", location_class="city",
                                area_m2=Decimal("88.00"), registered_on=dt.date(2020, 5, 1)))
        db.add(m.BankAccount(taxpayer_id=tp.id, bank_name="示范银行", bank_name_en="Demo Bank",
                             account_number="6222000011112222", added_on=dt.date(2021, 1, 1)))
        db.commit()
    engine.dispose()
    return data


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
    svc.close()


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
