"""Fixtures for the services: a real migrated SQLite file, a fake clock, the simulated provider."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kiosk.config import KioskConfig, parse_config
from kiosk.documents.issuer import DocumentIssuer
from kiosk.domain.idnumber import with_check_digit
from kiosk.persistence.db import make_engine, session_factory
from kiosk.persistence.migrate import upgrade
from kiosk.persistence.models import (
    BankAccount,
    IncomeRecord,
    PropertyRecord,
    TaxDue,
    Taxpayer,
    TaxPaymentRecord,
    Technician,
)
from kiosk.security.pins import new_credentials
from kiosk.services.audit import AuditLog
from kiosk.services.documents import DocumentDesk
from kiosk.services.facade import KioskServices
from kiosk.services.journal import Journal
from kiosk.services.ledger import PaymentLedger
from kiosk.services.payment_desk import paid_effects
from kiosk.services.payments import SimulatedPaymentProvider
from kiosk.services.print_book import PrintBook
from kiosk.services.sessions import SessionManager

CST = dt.timezone(dt.timedelta(hours=8))
KEY = bytes(range(32))

# Built at run time so that the test module's constants do not hold them (see test_sessions).
# Unusual values, so no other test module's constants hold the same strings.
ID_NUMBER = with_check_digit("44030519761224" + "513")
NAME = "".join(["欧阳", "试", "纳"])
OTHER_ID = with_check_digit("11010519900202" + "003")
STAFF_PIN = "246810"


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@dataclass
class World:
    config: KioskConfig
    factory: sessionmaker[Session]
    clock: FakeClock
    provider: SimulatedPaymentProvider
    taxpayer_id: int
    other_id: int
    make: Callable[..., KioskServices]

    @property
    def services(self) -> KioskServices:
        return self._services

    def restart(self) -> KioskServices:
        """A new process on the same database and the same (external) payment host."""
        self._services = self.make()
        return self._services


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(dt.datetime(2025, 5, 12, 10, 0, 0, tzinfo=CST))


@pytest.fixture
def config(tmp_path) -> KioskConfig:  # type: ignore[no-untyped-def]
    return parse_config({"kiosk": {"data_dir": str(tmp_path / "data")}})


def seed(factory: sessionmaker[Session]) -> tuple[int, int]:
    with factory() as db:
        tp = Taxpayer(id_number=ID_NUMBER, name=NAME, birth_date=dt.date(1976, 12, 24), tax_office="示范区税务局")
        other = Taxpayer(id_number=OTHER_ID, name="李四", birth_date=dt.date(1990, 2, 2))
        db.add_all([tp, other])
        db.flush()
        for month in range(1, 13):
            db.add(IncomeRecord(taxpayer_id=tp.id, year=2024, month=month, income_type="wages", payer="示范科技有限公司",
                                gross_amount=Decimal("10000.00"), special_deductions=Decimal("2000.00"),
                                tax_withheld=Decimal("90.00")))
        for month in (1, 2, 3):
            db.add(TaxPaymentRecord(taxpayer_id=tp.id, voucher_no=f"V2025{month:02d}01", tax_type="iit", item="wages",
                                    period_from=dt.date(2025, month, 1), period_to=dt.date(2025, month, 28),
                                    paid_on=dt.date(2025, month + 1, 10), amount=Decimal("90.00"),
                                    tax_office="示范区税务局", withholding_agent="示范科技有限公司"))
        db.add(TaxPaymentRecord(taxpayer_id=tp.id, voucher_no="V2024VV01", tax_type="vehicle_vessel", item="1.6-2.0L 乘用车",
                                period_from=dt.date(2024, 1, 1), period_to=dt.date(2024, 12, 31),
                                paid_on=dt.date(2024, 6, 1), amount=Decimal("480.00"), tax_office="示范区税务局"))
        db.add(TaxPaymentRecord(taxpayer_id=other.id, voucher_no="V-OTHER", tax_type="iit", item="wages",
                                period_from=dt.date(2025, 1, 1), period_to=dt.date(2025, 1, 31),
                                paid_on=dt.date(2025, 2, 10), amount=Decimal("10.00"), tax_office="x"))
        db.add_all([
            TaxDue(taxpayer_id=tp.id, tax_type="vehicle_vessel", item="车船税 京A12345", period_from=dt.date(2025, 1, 1),
                   period_to=dt.date(2025, 12, 31), due_date=dt.date(2025, 12, 31), amount=Decimal("480.00")),
            TaxDue(taxpayer_id=tp.id, tax_type="property", item="房产税 示范路1号", period_from=dt.date(2025, 1, 1),
                   period_to=dt.date(2025, 6, 30), due_date=dt.date(2025, 6, 30), amount=Decimal("1209.50")),
        ])
        # shared registry data: a home of this taxpayer's, a shop of the other's; one refund account each
        db.add_all([
            PropertyRecord(owner_id_number=ID_NUMBER, certificate_no="京(2019)示范区不动产权第0000001号",
                           address="示范市示范区示范路8号3-501", usage="residential", location_class="city",
                           area_m2=Decimal("88.00"), registered_on=dt.date(2019, 5, 1)),
            PropertyRecord(owner_id_number=OTHER_ID, certificate_no="京(2020)示范区不动产权第0000002号",
                           address="示范市示范区商业街1号", usage="non_residential", location_class="county_town",
                           area_m2=Decimal("40.00"), registered_on=dt.date(2020, 5, 1)),
            BankAccount(taxpayer_id=tp.id, bank_name="中国工商银行", bank_name_en="ICBC",
                        account_number="6222020402015860123", added_on=dt.date(2024, 1, 1)),
            BankAccount(taxpayer_id=other.id, bank_name="招商银行", bank_name_en="CMB",
                        account_number="6225880112345678", added_on=dt.date(2024, 1, 1)),
        ])
        pin_hash, pin_salt = new_credentials(STAFF_PIN)
        db.add(Technician(login="S001", name="王工", pin_hash=pin_hash, pin_salt=pin_salt))
        db.commit()
        return tp.id, other.id


@pytest.fixture
def world(tmp_path, config, clock) -> World:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'kiosk.db'}")
    upgrade(engine)
    factory = session_factory(engine)
    tp_id, other_id = seed(factory)
    provider = SimulatedPaymentProvider(delay=30, outcome="paid", expiry=300, clock=clock)

    def make(**kw) -> KioskServices:  # type: ignore[no-untyped-def]
        issuer = DocumentIssuer(factory, config, KEY)
        return KioskServices(config, factory, provider, issuer, clock, **kw)

    w = World(config, factory, clock, provider, tp_id, other_id, make)
    w._services = make(subscribe_callbacks=False)  # type: ignore[attr-defined]
    yield w
    engine.dispose()


@pytest.fixture
def services(world: World) -> KioskServices:
    return world.services


@pytest.fixture
def logged_in(world: World) -> KioskServices:
    world.services.start_session_from_card(ID_NUMBER, NAME, "resident")
    return world.services


@dataclass
class Collaborators:
    """The services' parts built by hand, without KioskServices (what recovery and the print book get)."""

    journal: Journal
    ledger: PaymentLedger
    book: PrintBook
    desk: DocumentDesk
    audit: AuditLog
    sessions: SessionManager
    factory: sessionmaker[Session]


def collaborators(world: World) -> Collaborators:
    """Fresh parts on the world's database, payment host and clock (a new process, after a crash)."""
    f, clock, config = world.factory, world.clock, world.config
    audit = AuditLog(f, clock, secrets_dir=config.secrets_dir, chain=config.kiosk.id)
    journal = Journal(f, clock)
    sessions = SessionManager(f, audit, clock, kiosk_id=config.kiosk.id, id_mask=config.printing.id_mask)
    desk = DocumentDesk(config, DocumentIssuer(f, config, KEY), clock)
    book = PrintBook(f, journal, audit, desk, sessions, clock)
    ledger = PaymentLedger(f, journal, audit, world.provider, clock, paid_effects(config.kiosk.tax_office))
    return Collaborators(journal, ledger, book, desk, audit, sessions, f)
