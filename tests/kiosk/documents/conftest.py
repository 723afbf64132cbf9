"""A migrated SQLite database with a taxpayer and a few payments, and a DocumentIssuer on it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kiosk.config import KioskConfig
from kiosk.documents.issuer import DocumentIssuer
from kiosk.persistence.db import session_factory, transaction
from kiosk.persistence.models import Taxpayer, TaxPaymentRecord
from kiosk.security.keys import load_or_create_key

ID_NUMBER = "110105199001011232"  # a valid check digit (GB 11643)
OFFICE = "国家税务总局示范市示范区税务局第一税务所"


@pytest.fixture
def factory(migrated_engine):  # type: ignore[no-untyped-def]
    f = session_factory(migrated_engine)
    with transaction(f) as db:
        tp = Taxpayer(
            id_number=ID_NUMBER, name="张三", birth_date=dt.date(1990, 1, 1), tax_office=OFFICE, is_demo=True
        )
        db.add(tp)
        db.flush()
        for i, (tax, item, paid, amount) in enumerate(
            [
                ("iit", "工资薪金所得", dt.date(2026, 2, 10), "1409.50"),
                ("iit", "工资薪金所得", dt.date(2026, 3, 10), "6007.14"),
                ("vehicle_vessel", "1.6升以上至2.0升(含)的乘用车", dt.date(2026, 3, 2), "480.00"),
                ("property", "住房出租", dt.date(2026, 4, 15), "8512.38"),
            ]
        ):
            db.add(
                TaxPaymentRecord(
                    taxpayer_id=tp.id,
                    voucher_no=f"33101626{i:010d}",
                    tax_type=tax,
                    item=item,
                    period_from=paid.replace(day=1) - dt.timedelta(days=20),
                    period_to=paid.replace(day=1) - dt.timedelta(days=1),
                    paid_on=paid,
                    amount=Decimal(amount),
                    tax_office=OFFICE,
                )
            )
    return f


@pytest.fixture
def issuer(factory, kiosk_config: KioskConfig) -> DocumentIssuer:  # type: ignore[no-untyped-def]
    return DocumentIssuer(factory, kiosk_config, load_or_create_key(kiosk_config.secrets_dir))
