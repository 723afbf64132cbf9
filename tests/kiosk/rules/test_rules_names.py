"""English names of items, payers and offices (kiosk/rules/data/names_en.toml), and that the demo
seed writes only names that have one (so English mode shows no Chinese item or employer)."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.domain.taxes import TaxType
from kiosk.persistence.models import IncomeRecord, TaxDue, Taxpayer, TaxPaymentRecord
from kiosk.persistence.seed import seed_demo
from kiosk.rules.names import item_en, office_en, payer_en


def test_known_names_and_built_names() -> None:
    assert item_en("工资薪金所得") == "Wages and salaries"
    assert item_en("2025年度汇算补税") == "Annual reconciliation balance 2025"
    assert item_en(f"出租住房 {TaxType.PROPERTY.label_zh}") == "Home rental: " + TaxType.PROPERTY.label_en
    assert payer_en("华彩文化传媒有限公司") == "Huacai Culture and Media Co., Ltd."
    assert office_en("国家税务总局示范市示范区税务局第二税务所").startswith("Second Tax Branch, Demo District")


def test_names_without_an_english_form_give_nothing() -> None:
    assert item_en("某某品目") == "" and item_en("出租住房 某税") == "" and item_en("1999年度") == ""
    assert payer_en("某某有限公司") == "" and office_en("某某税务局第一税务所") == ""


def test_every_name_the_demo_seed_writes_has_an_english_name(migrated_engine) -> None:  # type: ignore[no-untyped-def]
    seed_demo(migrated_engine, taxpayers=12)
    with migrated_engine.connect() as db:
        items = set(db.scalars(select(TaxPaymentRecord.item).distinct())) | set(db.scalars(select(TaxDue.item).distinct()))
        payers = set(db.scalars(select(IncomeRecord.payer).distinct()))
        offices = set(db.scalars(select(Taxpayer.tax_office).distinct()))
    assert items and payers and offices
    assert [i for i in items if not item_en(i)] == []
    assert [p for p in payers if not payer_en(p)] == []
    assert [o for o in offices if not office_en(o)] == []
