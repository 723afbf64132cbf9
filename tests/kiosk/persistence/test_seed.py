"""Demo data: deterministic for a seed, valid ID numbers, realistic records and stories."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from kiosk.domain import cardnumber
from kiosk.domain.idnumber import birth_date, validate
from kiosk.persistence import models as m
from kiosk.persistence.db import make_engine
from kiosk.persistence.migrate import upgrade
from kiosk.persistence.seed import seed_demo


def _dump(engine) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    out = {}
    with engine.connect() as conn:
        for table in m.Base.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).all()
            out[table.name] = [tuple(r) for r in rows]
    return out


def _fresh(tmp_path, name: str):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade(engine)
    return engine


def test_same_seed_same_data_other_seed_other_data(tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b, c = _fresh(tmp_path, "a.db"), _fresh(tmp_path, "b.db"), _fresh(tmp_path, "c.db")
    seed_demo(a, taxpayers=40, seed=7)
    seed_demo(b, taxpayers=40, seed=7)
    seed_demo(c, taxpayers=40, seed=8)
    assert _dump(a) == _dump(b)
    assert _dump(a)["taxpayers"] != _dump(c)["taxpayers"]


def test_id_numbers_valid_and_match_birth_dates(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = _fresh(tmp_path, "k.db")
    report = seed_demo(engine, taxpayers=300, seed=1)
    assert report.taxpayers == 300
    with engine.connect() as conn:
        people = conn.execute(select(m.Taxpayer.id_number, m.Taxpayer.birth_date, m.Taxpayer.sex)).all()
    assert len({p.id_number for p in people}) == 300
    for number, born, sex in people:
        if number[0].isalpha():  # the 2017 foreigner card's 15 characters (a sample card's taxpayer)
            assert cardnumber.validate(number, "foreign_permanent") == number
            continue
        assert validate(number, today=dt.date(2026, 11, 26)) == number
        assert birth_date(number) == born
        if sex in ("1", "2"):
            assert int(number[16]) % 2 == (1 if sex == "1" else 0)  # odd sequence digit: male


def test_records_cover_three_years_and_tax_types(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = _fresh(tmp_path, "k.db")
    seed_demo(engine, taxpayers=300, seed=3)
    with engine.connect() as conn:
        records = conn.execute(select(m.TaxPaymentRecord)).all()
        dues = conn.execute(select(m.TaxDue)).all()
        income = conn.execute(select(m.IncomeRecord)).all()
    assert {r.tax_type for r in records} >= {"iit", "vehicle_vessel", "property", "social_insurance"}
    assert {r.paid_on.year for r in records} >= {2024, 2025, 2026}
    assert all(isinstance(r.amount, Decimal) and r.amount > 0 for r in records)
    assert {d.tax_type for d in dues} >= {"vehicle_vessel", "property"}
    assert all(d.status == "due" for d in dues)
    assert {i.income_type for i in income} >= {"wages", "labor_remuneration"}
    assert len({r.voucher_no for r in records}) == len(records)


def test_bulk_load_leaves_foreign_keys_on_and_consistent(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The seeder switches SQLite's foreign-key checks off while it loads; they must be on again after,
    and nothing it wrote may point at a missing parent."""
    from sqlalchemy import text

    engine = _fresh(tmp_path, "k.db")
    seed_demo(engine, taxpayers=120, seed=5)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []


def test_reseed_refused_unless_replace(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = _fresh(tmp_path, "k.db")
    seed_demo(engine, taxpayers=5, seed=1)
    assert seed_demo(engine, taxpayers=5, seed=1).skipped
    again = seed_demo(engine, taxpayers=6, seed=2, replace=True)
    assert not again.skipped and again.taxpayers == 6


@pytest.mark.postgres
def test_seed_on_postgresql_matches_sqlite(pg_engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the same seed WHEN seeded into PostgreSQL and SQLite THEN both hold the same rows."""
    upgrade(pg_engine)
    seed_demo(pg_engine, taxpayers=25, seed=11)
    lite = _fresh(tmp_path, "k.db")
    seed_demo(lite, taxpayers=25, seed=11)
    assert _dump(pg_engine) == _dump(lite)


def test_demo_people_have_registry_records_and_refund_accounts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a demo seed WHEN the shared registry is read THEN Zhang Wei owns a home and a shop, Chen Zihao
    (a refund) has two accounts on file, and Li Na has neither (the "no record" answers can be tried)."""
    engine = _fresh(tmp_path, "k.db")
    seed_demo(engine, taxpayers=20, seed=3)
    with engine.connect() as conn:
        props = conn.execute(select(m.PropertyRecord.owner_id_number, m.PropertyRecord.usage)).all()
        accounts = conn.execute(
            select(m.Taxpayer.id_number, m.BankAccount.account_number).join(
                m.BankAccount, m.BankAccount.taxpayer_id == m.Taxpayer.id)
        ).all()
    owners = {}
    for owner, usage in props:
        owners.setdefault(owner, []).append(usage)
    assert sorted(owners["110105198503120119"]) == ["non_residential", "residential"]
    assert len([a for a in accounts if a[0] == "45010320150402011X"]) == 2
    assert "310104199208210109" not in owners and all(a[0] != "310104199208210109" for a in accounts)


def test_seeding_leaves_no_big_page_cache_in_the_pool(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """GIVEN a freshly seeded database WHEN the kiosk takes a pooled connection THEN it has SQLite's
    default page cache and foreign keys on (seeding's bulk settings do not leak into sessions)."""
    engine = _fresh(tmp_path, "pool.db")
    seed_demo(engine, taxpayers=20, seed=3)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()
