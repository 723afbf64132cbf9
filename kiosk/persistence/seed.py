"""Deterministic demo data: fictional taxpayers with valid ID numbers and three years of tax records.

Everything comes from one ``random.Random(seed)``, and every timestamp from fixed dates, so the same
seed gives the same database byte for byte (what the determinism test checks). Rows go in with
SQLAlchemy Core ``executemany`` in batches, which keeps a million taxpayers within minutes.

The first taxpayers are the people on the ID card simulator's sample cards, each given a story
that makes one kind of annual reconciliation (refund, payment, nothing, exempt) and some taxes due,
so every flow can be tried by placing a sample card.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import operator
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import cast

from sqlalchemy import JSON, Connection, Engine, Table, delete, func, insert, select

from kiosk.domain.idnumber import with_check_digit
from kiosk.domain.taxes import IncomeType, TaxType
from kiosk.persistence import models as m

log = logging.getLogger("kiosk.db.seed")
CENT = Decimal("0.01")
FIXED_NOW = dt.datetime(2026, 1, 1, 8, 0, 0)
BATCH = 20_000

# Area codes of real districts (the first six digits of an ID number) with a matching address prefix.
AREAS = [
    ("110105", "北京市朝阳区"), ("110108", "北京市海淀区"), ("310115", "上海市浦东新区"),
    ("310104", "上海市徐汇区"), ("440305", "广东省深圳市南山区"), ("440106", "广东省广州市天河区"),
    ("330106", "浙江省杭州市西湖区"), ("320106", "江苏省南京市鼓楼区"), ("510107", "四川省成都市武侯区"),
    ("420106", "湖北省武汉市武昌区"), ("610113", "陕西省西安市雁塔区"), ("370202", "山东省青岛市市南区"),
    ("500103", "重庆市渝中区"), ("120101", "天津市和平区"), ("350203", "福建省厦门市思明区"),
    ("430104", "湖南省长沙市岳麓区"), ("210102", "辽宁省沈阳市和平区"), ("530102", "云南省昆明市五华区"),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN_M = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林"
GIVEN_F = "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳洁倩晶欣怡佳月梅兰红萍璐瑶"
STREETS = ["建国路", "中山路", "人民路", "解放路", "和平街", "长安街", "文化路", "花园路", "新华路", "学府路"]
EMPLOYERS = [
    "示范科技有限公司", "星河贸易有限公司", "青松建筑工程有限公司", "蓝海软件股份有限公司",
    "晨光教育咨询有限公司", "瑞丰食品有限公司", "远航物流有限公司", "华彩文化传媒有限公司",
]
OFFICE_NAMES = ["第一税务所", "第二税务所", "办税服务厅"]

# The demo staff account for staff-assisted entry (documented in the README; demo databases only).
DEMO_STAFF_LOGIN = "S001"
DEMO_STAFF_PIN = "246810"
# The demo technician (maintenance mode), with the ID card devices/idcard/samples/staff/ describes.
DEMO_TECHNICIAN_LOGIN = "T001"
DEMO_TECHNICIAN_PIN = "135790"
DEMO_TECHNICIAN_CARD = "110101198001010037"

# Shared registry data for the sample cards' people (by ID number): the properties they own
# (不动产登记) and the bank accounts they registered for refunds. Li Na (310104199208210109) and
# Zhaxi Dunzhu (540102197012300111) have neither, so the kiosk's "not on file" answers can be tried.
DEMO_PROPERTIES: tuple[tuple[str, str, str, str, str, str, dt.date], ...] = (
    # owner, certificate, address, usage, location class, area m2, registered
    ("110105198503120119", "京(2019)朝阳区不动产权第0012345号", "北京市朝阳区朝阳路12号院5号楼1单元302室",
     "residential", "city", "89.50", dt.date(2019, 6, 18)),
    ("110105198503120119", "京(2021)朝阳区不动产权第0067890号", "北京市朝阳区建国路99号1层105商铺",
     "non_residential", "city", "46.20", dt.date(2021, 3, 2)),
    ("45010320150402011X", "桂(2020)南宁市不动产权第0203040号", "广西壮族自治区南宁市青秀区金湖路26号3栋1502室",
     "residential", "city", "102.30", dt.date(2020, 9, 9)),
    ("650102200307180102", "新(2022)乌鲁木齐市不动产权第0031415号", "新疆维吾尔自治区乌鲁木齐市天山区团结路8号2单元601室",
     "residential", "city", "75.00", dt.date(2022, 11, 21)),
    ("440106197811050114", "粤(2018)广州市不动产权第0092653号", "广东省广州市天河区体育西路55号1808室",
     "residential", "city", "68.80", dt.date(2018, 4, 27)),
)
DEMO_BANK_ACCOUNTS: tuple[tuple[str, str, str, str], ...] = (
    # owner, bank, bank (English), account number
    ("45010320150402011X", "中国工商银行", "ICBC", "6222020402015860123"),
    ("45010320150402011X", "中国建设银行", "China Construction Bank", "6217000130009876543"),
    ("110105198503120119", "招商银行", "China Merchants Bank", "6225880112345678"),
    ("650102200307180102", "中国农业银行", "Agricultural Bank of China", "6228480402564890018"),
    ("21010219600229014X", "中国银行", "Bank of China", "6216610200016587420"),
)

RECORD_YEARS = (2024, 2025, 2026)
# Income detail (the shared data behind the annual reconciliation) for the years one can reconcile.
INCOME_YEARS = (2024, 2025)
LAST_MONTH = dt.date(2026, 10, 1)  # records run up to October 2026 (today is late November)


@dataclass
class SeedReport:
    taxpayers: int = 0
    records: int = 0
    income_records: int = 0
    dues: int = 0
    seconds: float = 0.0
    skipped: bool = False
    tables: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    id_number: str
    name: str
    sex: str
    birth: dt.date
    address: str
    profile: str  # story that drives records: see _PROFILES


def _money(x: Decimal | float | int) -> Decimal:
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


@functools.cache
def _month_end(d: dt.date) -> dt.date:
    nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@functools.cache
def _months(year: int) -> tuple[dt.date, ...]:
    return tuple(dt.date(year, mo, 1) for mo in range(1, 13) if dt.date(year, mo, 1) <= LAST_MONTH)


def _sample_people() -> list[Person]:
    """People on the simulator's sample resident cards, each with a reconciliation story."""
    from devices.idcard.samples import list_samples, load_card

    stories = ["refund", "pay_file", "none", "exempt_small", "exempt_income", "dues_only"]
    people: list[Person] = []
    for path in list_samples():
        card = load_card(path)
        if card.card_type.value != "resident":
            continue
        people.append(Person(card.id_number, card.name, card.sex.code, card.birth_date, card.address,
                             stories[len(people) % len(stories)]))
    # foreigners' and HK/Macao/Taiwan residents' sample cards: one taxpayer each, keyed by the card's
    # number; a foreigner is registered under the English name as printed on the card
    for path in list_samples():
        card = load_card(path)
        if card.card_type.value == "resident":
            continue
        name = card.extra.get("english_name") or card.name
        people.append(Person(card.id_number, name, card.sex.code, card.birth_date, card.address, "dues_only"))
    return people


def _random_person(rng: random.Random, used: set[str]) -> Person:
    while True:
        code, place = AREAS[rng.randrange(len(AREAS))]
        birth = dt.date(1952, 1, 1) + dt.timedelta(days=rng.randrange(0, 52 * 365))
        male = rng.random() < 0.5
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        number = with_check_digit(f"{code}{birth:%Y%m%d}{seq:03d}")
        if number not in used:
            used.add(number)
            break
    given = GIVEN_M if male else GIVEN_F
    name = SURNAMES[rng.randrange(len(SURNAMES))] + "".join(
        given[rng.randrange(len(given))] for _ in range(rng.choice((1, 2, 2)))
    )
    address = f"{place}{STREETS[rng.randrange(len(STREETS))]}{rng.randrange(1, 300)}号{rng.randrange(1, 30)}栋{rng.randrange(101, 2800)}室"
    r = rng.random()
    profile = (
        "refund" if r < 0.25 else "pay_file" if r < 0.32 else "none" if r < 0.52 else "exempt_small" if r < 0.6
        else "exempt_income" if r < 0.7 else "low_income" if r < 0.9 else "retired"
    )
    return Person(number, name, "1" if male else "2", birth, address, profile)


# ---- records for one person -----------------------------------------------------------------


@dataclass
class _Rows:
    records: list[dict] = field(default_factory=list)
    income: list[dict] = field(default_factory=list)
    dues: list[dict] = field(default_factory=list)


_PROFILES: dict[str, dict[str, object]] = {
    # monthly wage, monthly 三险一金, monthly special additional claimed via employer, extra labour income
    "refund": {"wage": (9000, 16000), "si_rate": 0.2, "sad_employer": 0, "labor": 0},
    "pay_file": {"wage": (18000, 30000), "si_rate": 0.15, "sad_employer": 2000, "labor": 60000},
    "none": {"wage": (7000, 12000), "si_rate": 0.2, "sad_employer": 0, "labor": 0},
    "exempt_small": {"wage": (10000, 14000), "si_rate": 0.2, "sad_employer": 0, "labor": 3000},
    "exempt_income": {"wage": (6000, 8000), "si_rate": 0.1, "sad_employer": 0, "labor": 20000},
    "low_income": {"wage": (3000, 5500), "si_rate": 0.1, "sad_employer": 0, "labor": 0},
    "retired": {"wage": None, "si_rate": 0, "sad_employer": 0, "labor": 0},
    "dues_only": {"wage": (8000, 9000), "si_rate": 0.2, "sad_employer": 0, "labor": 0},
}


_WAGES = IncomeType.WAGES.value
_IIT = TaxType.IIT.value


class _Numbers:
    def __init__(self) -> None:
        self.voucher = 0

    def next_voucher(self, year: int) -> str:
        self.voucher += 1
        return f"3{year % 100:02d}{self.voucher:012d}"


def _rows_for(
    taxpayer_id: int, person: Person, rng: random.Random, office: str, numbers: _Numbers,
    withhold: Callable[..., list[Decimal]], labour_tax: Callable[[Decimal, int], Decimal],
) -> _Rows:
    rows = _Rows()
    prof = _PROFILES[person.profile]
    employer = EMPLOYERS[rng.randrange(len(EMPLOYERS))]
    pay_day = dt.timedelta(days=rng.randrange(5, 15))  # the employer files on the same day each month
    wage_range = prof["wage"]
    if wage_range is not None:
        lo, hi = cast(tuple[int, int], wage_range)
        base = Decimal(rng.randrange(lo // 100, hi // 100 + 1) * 100)
        si = _money(base * Decimal(str(prof["si_rate"])))
        sad = Decimal(str(prof["sad_employer"]))
        for year in RECORD_YEARS:
            months = _months(year)
            n = len(months)
            withheld = withhold([base] * n, [si] * n, [sad] * n, year)
            with_income = year in INCOME_YEARS
            # The hot loop of a million-taxpayer seed: dict literals and hoisted constants on purpose.
            for month, tax in zip(months, withheld, strict=True):
                if with_income:
                    rows.income.append({
                        "taxpayer_id": taxpayer_id, "year": year, "month": month.month, "income_type": _WAGES,
                        "payer": employer, "gross_amount": base, "special_deductions": si,
                        "special_additional_deductions": sad, "tax_withheld": tax, "not_withheld": False,
                    })
                if tax > 0:
                    end = _month_end(month)
                    rows.records.append({
                        "taxpayer_id": taxpayer_id, "voucher_no": numbers.next_voucher(year), "tax_type": _IIT,
                        "item": "工资薪金所得", "period_from": month, "period_to": end, "paid_on": end + pay_day,
                        "amount": tax, "tax_office": office, "withholding_agent": employer,
                    })
            labor = Decimal(str(prof["labor"]))
            if labor:
                # one-off labour payment, withheld at source by the rule table's labour schedule
                mo = dt.date(year, 6, 1)
                if mo <= LAST_MONTH:
                    tax = labour_tax(labor, year)
                    rows.income.append(dict(
                        taxpayer_id=taxpayer_id, year=year, month=6, income_type=IncomeType.LABOR_REMUNERATION.value,
                        payer="华彩文化传媒有限公司", gross_amount=labor, special_deductions=Decimal(0),
                        special_additional_deductions=Decimal(0), tax_withheld=tax, not_withheld=False,
                    ))
                    rows.records.append(dict(
                        taxpayer_id=taxpayer_id, voucher_no=numbers.next_voucher(year), tax_type=TaxType.IIT.value,
                        item="劳务报酬所得", period_from=mo, period_to=_month_end(mo), paid_on=dt.date(year, 7, 12),
                        amount=tax, tax_office=office, withholding_agent="华彩文化传媒有限公司",
                    ))
    # vehicle and vessel tax, paid with the car insurance every year; the current year may still be due
    has_car = person.profile in ("pay_file", "dues_only") or rng.random() < 0.3
    vehicle_tax = Decimal(rng.choice((360, 420, 480, 600, 900)))
    has_home = person.profile in ("pay_file", "dues_only") or rng.random() < 0.15
    property_tax = _money(Decimal(rng.randrange(800, 6000)))
    flexible = person.profile in ("dues_only", "retired") or rng.random() < 0.1
    si_month = Decimal(rng.choice((1020, 1180, 1356)))
    owes = person.profile in ("dues_only", "pay_file") or rng.random() < 0.2
    for year in RECORD_YEARS:
        last = year == RECORD_YEARS[-1]
        if has_car:
            row = dict(taxpayer_id=taxpayer_id, tax_type=TaxType.VEHICLE_VESSEL.value, item="乘用车(1.6-2.0升)",
                       period_from=dt.date(year, 1, 1), period_to=dt.date(year, 12, 31))
            if last and owes:
                rows.dues.append(dict(row, due_date=dt.date(year, 12, 31), amount=vehicle_tax, status="due",
                                      detail={"plate": f"京A·{rng.randrange(10000, 99999)}", "engine_l": "1.8"}))
            else:
                rows.records.append(dict(row, voucher_no=numbers.next_voucher(year), paid_on=dt.date(year, 3, 15),
                                         amount=vehicle_tax, tax_office=office, withholding_agent="示范财产保险公司"))
        if has_home:
            for half, (first_month, last_month) in enumerate(((1, 6), (7, 12))):
                row = dict(taxpayer_id=taxpayer_id, tax_type=TaxType.PROPERTY.value, item="从租计征",
                           period_from=dt.date(year, first_month, 1),
                           period_to=_month_end(dt.date(year, last_month, 1)))
                amount = _money(property_tax / 2)
                if last and half == 1 and owes:
                    rows.dues.append(dict(row, due_date=dt.date(year, 12, 31), amount=amount, status="due", detail={}))
                elif dt.date(year, last_month, 1) <= LAST_MONTH or not last:
                    rows.records.append(dict(row, voucher_no=numbers.next_voucher(year),
                                             paid_on=dt.date(year, last_month, 20), amount=amount, tax_office=office,
                                             withholding_agent=None))
        if flexible:
            for q in range(4):
                start = dt.date(year, q * 3 + 1, 1)
                if start > LAST_MONTH:
                    continue
                row = dict(taxpayer_id=taxpayer_id, tax_type=TaxType.SOCIAL_INSURANCE.value,
                           item="城镇职工基本养老保险(灵活就业)", period_from=start,
                           period_to=_month_end(dt.date(year, q * 3 + 3, 1)))
                if last and q == 3 and owes:
                    rows.dues.append(dict(row, due_date=dt.date(year, 12, 25), amount=si_month * 3, status="due",
                                          detail={}))
                else:
                    rows.records.append(dict(row, voucher_no=numbers.next_voucher(year),
                                             paid_on=_month_end(dt.date(year, q * 3 + 3, 1)), amount=si_month * 3,
                                             tax_office=office, withholding_agent=None))
    return rows


def _register_sqlite_adapters() -> None:
    """Bind Decimal, date and datetime the way SQLAlchemy's SQLite dialect stores them (Numeric as
    float read back quantized to cents, ISO dates, its datetime format). SQLAlchemy converts values
    before they reach sqlite3, so these process-wide adapters only serve the bulk path below."""
    sqlite3.register_adapter(Decimal, float)
    sqlite3.register_adapter(dt.date, dt.date.isoformat)
    sqlite3.register_adapter(dt.datetime, lambda v: v.strftime("%Y-%m-%d %H:%M:%S.%f"))


def _table(model: type[m.Base]) -> Table:
    """The mapped class's Table (``__table__`` is typed as the wider FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _bulk_insert(conn: Connection, table: Table, rows: list[dict]) -> None:
    """Insert many rows. On SQLite straight through the DB-API's executemany: with a million
    taxpayers SQLAlchemy's per-row parameter processing was two thirds of the seeding time.
    Other databases (PostgreSQL) go through SQLAlchemy Core, whose psycopg executemany is fast."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    _register_sqlite_adapters()
    names = [c.name for c in table.columns if c.name in rows[0]]
    json_cols = {c.name for c in table.columns if isinstance(c.type, JSON)}
    if json_cols:
        rows = [{**r, **{k: json.dumps(r[k]) for k in json_cols if k in r}} for r in rows]
    getter = operator.itemgetter(*names)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, map(getter, rows))
    finally:
        cursor.close()


DEFAULT_CACHE_SIZE = -2000  # SQLite's compiled-in default: 2,000 KiB


_BULK_TABLES = ("tax_payment_records", "income_records", "taxes_due")


def _drop_secondary_indexes(engine: Engine) -> None:
    """Bulk-load practice: build the lookup indexes once after the load instead of row by row."""
    with engine.begin() as conn:
        for name in _BULK_TABLES:
            for index in m.Base.metadata.tables[name].indexes:
                if not index.unique:
                    index.drop(conn, checkfirst=True)


def _create_secondary_indexes(engine: Engine) -> None:
    with engine.begin() as conn:
        for name in _BULK_TABLES:
            for index in m.Base.metadata.tables[name].indexes:
                if not index.unique:
                    index.create(conn, checkfirst=True)


def count_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in m.Base.metadata.sorted_tables
        }


def clear(engine: Engine) -> None:
    """Delete every row (children first), for ``kiosk db seed --demo --replace``."""
    with engine.begin() as conn:
        for table in reversed(m.Base.metadata.sorted_tables):
            conn.execute(delete(table))


def _seed_registry(engine: Engine) -> None:
    """The demo people's properties and refund accounts (fixed data: no draw from the generator,
    so the rest of a seed stays the same byte for byte)."""
    with engine.connect() as conn:
        ids = dict(conn.execute(select(m.Taxpayer.id_number, m.Taxpayer.id).where(
            m.Taxpayer.id_number.in_({p[0] for p in DEMO_PROPERTIES} | {a[0] for a in DEMO_BANK_ACCOUNTS})
        )).tuples().all())
    properties = [
        dict(owner_id_number=owner, certificate_no=cert, address=address, usage=usage, location_class=loc,
             area_m2=Decimal(area), registered_on=day)
        for owner, cert, address, usage, loc, area, day in DEMO_PROPERTIES if owner in ids
    ]
    accounts = [
        dict(taxpayer_id=ids[owner], bank_name=bank, bank_name_en=bank_en, account_number=number, active=True,
             added_on=FIXED_NOW.date())
        for owner, bank, bank_en, number in DEMO_BANK_ACCOUNTS if owner in ids
    ]
    with engine.begin() as conn:
        if properties:
            conn.execute(insert(m.PropertyRecord), properties)
        if accounts:
            conn.execute(insert(m.BankAccount), accounts)


def seed_demo(
    engine: Engine, *, taxpayers: int = 200, seed: int = 2024, tax_office: str = "国家税务总局示范市示范区税务局",
    replace: bool = False, progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Fill an (empty, migrated) database with demo data. Returns counts and the time it took."""
    from kiosk.tax.withholding import cumulative_wage_withholding, labour_withholding

    started = time.perf_counter()
    with engine.connect() as conn:
        existing = conn.execute(select(func.count()).select_from(m.Taxpayer.__table__)).scalar_one()
    if existing and not replace:
        return SeedReport(taxpayers=existing, skipped=True)
    if existing:
        clear(engine)

    rng = random.Random(seed)
    people = _sample_people()[:taxpayers]
    used = {p.id_number for p in people}
    numbers = _Numbers()
    report = SeedReport()
    memo: dict[tuple, list[Decimal]] = {}

    def withhold(wages: list[Decimal], si: list[Decimal], sad: list[Decimal], year: int) -> list[Decimal]:
        key = (wages[0], si[0], sad[0], len(wages), year)  # demo wages are flat: memoise the cumulative run
        if key not in memo:
            memo[key] = cumulative_wage_withholding(wages, si, sad, year)
        return memo[key]

    def generate() -> Iterator[tuple[dict, _Rows]]:
        for i in range(taxpayers):
            person = people[i] if i < len(people) else _random_person(rng, used)
            office = f"{tax_office}{OFFICE_NAMES[i % len(OFFICE_NAMES)]}"
            tp = dict(id=i + 1, id_number=person.id_number, name=person.name, sex=person.sex,
                      birth_date=person.birth, address=person.address, tax_office=office, is_demo=True,
                      created_at=FIXED_NOW)
            yield tp, _rows_for(i + 1, person, rng, office, numbers, withhold, labour_withholding)

    big = taxpayers >= 50_000
    if big:
        _drop_secondary_indexes(engine)

    def flush(chunk_tp: list[dict], chunk: _Rows) -> None:
        with engine.connect() as conn:
            bulk = conn.dialect.name == "sqlite"
            raw = conn.connection.driver_connection if bulk else None
            if raw is not None:
                # On the driver's connection, outside any transaction (else SQLite ignores it): the
                # generator only writes rows whose parents it has just written, so per-row foreign-key
                # probes are pure cost here; a 64 MB page cache speeds the bulk load.
                raw.execute("PRAGMA foreign_keys=OFF")
                raw.execute("PRAGMA cache_size=-65536")
            try:
                with conn.begin():
                    _bulk_insert(conn, _table(m.Taxpayer), chunk_tp)
                    _bulk_insert(conn, _table(m.TaxPaymentRecord), chunk.records)
                    _bulk_insert(conn, _table(m.IncomeRecord), chunk.income)
                    _bulk_insert(conn, _table(m.TaxDue), chunk.dues)
            finally:
                if raw is not None:
                    # The connection goes back to the pool and serves the kiosk's sessions next: give it
                    # SQLite's defaults back, or the 64 MB cache stays for the kiosk's lifetime.
                    raw.execute("PRAGMA foreign_keys=ON")
                    raw.execute(f"PRAGMA cache_size={DEFAULT_CACHE_SIZE}")
        report.taxpayers += len(chunk_tp)
        report.records += len(chunk.records)
        report.income_records += len(chunk.income)
        report.dues += len(chunk.dues)
        if progress:
            progress(report.taxpayers, taxpayers)

    chunk_tp: list[dict] = []
    chunk = _Rows()
    for tp, rows in generate():
        chunk_tp.append(tp)
        chunk.records.extend(rows.records)
        chunk.income.extend(rows.income)
        chunk.dues.extend(rows.dues)
        if len(chunk_tp) >= BATCH // 10:
            flush(chunk_tp, chunk)
            chunk_tp, chunk = [], _Rows()
    flush(chunk_tp, chunk)
    if big:
        _create_secondary_indexes(engine)
    _seed_registry(engine)
    from kiosk.security.pins import new_credentials

    pin_hash, pin_salt = new_credentials(DEMO_STAFF_PIN, salt=f"{rng.getrandbits(128):032x}")
    tech_hash, tech_salt = new_credentials(DEMO_TECHNICIAN_PIN, salt=f"{rng.getrandbits(128):032x}")
    with engine.begin() as conn:
        conn.execute(insert(_table(m.ConsumableCounter)), [dict(name="paper_roll", used=0, capacity=80_000)])
        # the technician's card hash needs the kiosk key: app/wiring registers it (register_demo_card)
        conn.execute(insert(_table(m.Technician)), [
            dict(login=DEMO_STAFF_LOGIN, name="演示工作人员", pin_hash=pin_hash, pin_salt=pin_salt, role="staff"),
            dict(login=DEMO_TECHNICIAN_LOGIN, name="李建国", pin_hash=tech_hash, pin_salt=tech_salt,
                 role="technician"),
        ])
    report.seconds = time.perf_counter() - started
    log.info("demo data seeded: %d taxpayers, %d records, %d income rows, %d dues in %.1f s",
             report.taxpayers, report.records, report.income_records, report.dues, report.seconds)
    return report
