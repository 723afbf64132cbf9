"""Rental taxes for an invoice issued on a person's behalf, checked against hand computations."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from kiosk.errors import UserInputError
from kiosk.rules import NoRuleTable, RentalMode, rental_rules
from kiosk.services.api import RentalQuoteView
from kiosk.tax.rental import lease_months, rental_quote

D = Decimal
YEAR_2024 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


def amounts(quote) -> dict[str, Decimal]:  # type: ignore[no-untyped-def]
    return {line.label_en: line.amount for line in quote.lines}


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), 12),
        (dt.date(2024, 1, 31), dt.date(2024, 2, 1), 2),
        (dt.date(2024, 12, 15), dt.date(2025, 1, 14), 2),
        (dt.date(2024, 5, 5), dt.date(2024, 5, 5), 1),
        (dt.date(2023, 7, 1), dt.date(2025, 6, 30), 24),
    ],
)
def test_months_are_counted_by_calendar_month_inclusive(start: dt.date, end: dt.date, months: int) -> None:
    assert lease_months(start, end) == months


def test_small_home_rent_with_repairs() -> None:
    """GIVEN a home in a city let for 36,000 a year (3,000 a month) with 1,000 of repairs
    THEN no VAT (at most 100,000 a month), property tax 3,000 x 4% halved (公告2023年第12号)
    = 60 a month = 720, IIT per month (3,000 - 60 - repairs - 800) x 10%: January repairs 800
    -> 134, February the remaining 200 -> 194, then 2,140 x 10% = 214 for ten months -> 2,468."""
    quote = rental_quote(D(36000), *YEAR_2024, repairs=D(1000))
    assert amounts(quote) == {
        "VAT": D("0.00"),
        "City maintenance tax": D("0.00"),
        "Education surcharge": D("0.00"),
        "Local education surcharge": D("0.00"),
        "Property tax": D("720.00"),
        "Individual income tax": D("2468.00"),
        "Total": D("3188.00"),
    }
    assert quote.total_tax == D("3188.00")
    assert (quote.months, quote.monthly_rent, quote.rule_version) == (12, D("3000.00"), "rental-2023.2")
    assert quote.mode is RentalMode.ITEMISED and quote.office_prefix is None
    assert quote.lines[-1].label_zh == "合计"
    assert len(quote.tax_lines) == 6
    assert quote.lines[0].note.startswith("exempt")


def test_rent_above_4000_a_month_deducts_20_percent() -> None:
    """GIVEN 60,000 for 15 March - 14 August (6 calendar months: 10,000 a month)
    THEN property tax 10,000 x 4% x 50% = 200 a month (1,200);
    IIT (10,000 - 200) x 80% x 10% = 784 a month (4,704)."""
    quote = rental_quote(D(60000), dt.date(2024, 3, 15), dt.date(2024, 8, 14), location_class="county_town")
    assert amounts(quote)["Property tax"] == D(1200)
    assert amounts(quote)["Individual income tax"] == D(4704)
    assert quote.total_tax == D(5904)


def test_rent_below_800_a_month_pays_no_iit() -> None:
    quote = rental_quote(D(1500), dt.date(2024, 1, 1), dt.date(2024, 3, 31))  # 500 a month
    assert amounts(quote)["Individual income tax"] == 0
    assert amounts(quote)["Property tax"] == D(30)  # 1,500 x 4% x 50%


def test_repairs_beyond_800_a_month_carry_forward_and_lapse_at_the_end() -> None:
    """2,000 a month for 3 months, 5,000 of repairs: 800 a month is used, 2,600 lapses.
    IIT per month: 2,000 - 40 property tax - 800 - 800 = 360 x 10% = 36 -> 108."""
    quote = rental_quote(D(6000), dt.date(2024, 1, 1), dt.date(2024, 3, 31), repairs=D(5000))
    assert amounts(quote)["Individual income tax"] == D(108)


def test_lump_sum_is_spread_over_the_months_for_the_vat_exemption() -> None:
    """600,000 for 6 months is 100,000 a month: exempt. One more cent a month is not:
    600,000.06 / 1.05 x 1.5% = 8,571.4294 -> 8,571.43."""
    exempt = rental_quote(D(600000), dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert amounts(exempt)["VAT"] == 0
    taxed = rental_quote(D("600000.06"), dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert amounts(taxed)["VAT"] == D("8571.43")


def test_large_home_rent_in_a_county_town_pays_vat_and_surcharges() -> None:
    """GIVEN 1,260,000 for a year (105,000 a month) for a home in a county town
    THEN VAT 1,260,000 / 1.05 x 1.5% = 18,000; surcharges halved (公告2023年第12号): 5% x 50%
    450, 3% x 50% 270, 2% x 50% 180; property tax (1,260,000 - 18,000) x 4% x 50% = 24,840;
    IIT per month: (105,000 - 1,500 VAT - 75 surcharges - 2,070 property tax) x 80% x 10%
    = 8,108.40 -> 97,300.80."""
    quote = rental_quote(D(1260000), *YEAR_2024, location_class="county_town")
    assert amounts(quote) == {
        "VAT": D("18000.00"),
        "City maintenance tax": D("450.00"),
        "Education surcharge": D("270.00"),
        "Local education surcharge": D("180.00"),
        "Property tax": D("24840.00"),
        "Individual income tax": D("97300.80"),
        "Total": D("141040.80"),
    }


def test_non_residential_rent_uses_5_12_and_20_percent() -> None:
    """GIVEN a shop in a city let for 1,320,000 a year (110,000 a month)
    THEN VAT at 5% (国家税务总局公告2016年第16号 第四条: the 1.5% is for housing only):
    110,000 / 1.05 x 5% = 5,238.095238 a month -> 62,857.14 a year; halved surcharges
    (公告2023年第12号): 3.5% 2,200.00, 1.5% 942.86, 1% 628.57; property tax 12% x 50% of
    104,761.904762 a month -> 75,428.57; IIT (104,761.904762 - 6,600 other taxes) x 80% x 20%
    = 15,705.904762 a month -> 188,470.86."""
    quote = rental_quote(D(1320000), *YEAR_2024, residential=False)
    assert amounts(quote) == {
        "VAT": D("62857.14"),
        "City maintenance tax": D("2200.00"),
        "Education surcharge": D("942.86"),
        "Local education surcharge": D("628.57"),
        "Property tax": D("75428.57"),
        "Individual income tax": D("188470.86"),
        "Total": D("330528.00"),
    }


def test_one_month_of_a_shop_pays_5_percent_vat() -> None:
    """The issue's worked example: 120,000 for one month of a shop (above the 100,000 a month
    exemption) -> VAT 120,000 / 1.05 x 5% = 5,714.2857 -> 5,714.29, not the 1,714.29 of the
    housing rate (国家税务总局公告2016年第16号 第四条). The home pays the reduced rate."""
    shop = rental_quote(D(120000), dt.date(2024, 5, 1), dt.date(2024, 5, 31), residential=False)
    assert amounts(shop)["VAT"] == D("5714.29")
    vat = shop.lines[0]
    assert (vat.base, vat.rate) == (D("114285.71"), D("0.05"))
    home = rental_quote(D(120000), dt.date(2024, 5, 1), dt.date(2024, 5, 31), residential=True)
    assert amounts(home)["VAT"] == D("1714.29")


def test_each_line_carries_its_base_and_the_rate_charged() -> None:
    """Surcharges are on the VAT, property tax on the rent net of VAT, each at the halved rate."""
    quote = rental_quote(D(1260000), *YEAR_2024, location_class="county_town")
    by_type = {line.tax_type: line for line in quote.tax_lines}
    assert (by_type["vat"].base, by_type["vat"].rate) == (D("1200000.00"), D("0.015"))
    assert (by_type["city_maintenance"].base, by_type["city_maintenance"].rate) == (D("18000.00"), D("0.025"))
    assert by_type["education_surcharge"].rate == D("0.015")
    assert by_type["local_education_surcharge"].rate == D("0.010")
    assert (by_type["property"].base, by_type["property"].rate) == (D("1242000.00"), D("0.020"))
    assert (by_type["iit"].base, by_type["iit"].rate) == (D("973008.00"), D("0.10"))  # 12 x 81,084
    assert "small-scale relief" in by_type["property"].note
    assert quote.lines[-1].base is None


def test_without_the_relief_the_full_rates_apply() -> None:
    """A table with no small-scale relief (share 1) charges 7%, 3%, 2% and 4% in full."""
    rules = dataclasses.replace(rental_rules(2024), small_scale_charged_share=D(1))
    quote = rental_quote(D(1260000), *YEAR_2024, location_class="county_town", rules=rules)
    assert amounts(quote)["City maintenance tax"] == D(900)
    assert amounts(quote)["Property tax"] == D(49680)
    assert "relief" not in quote.tax_lines[4].note


def test_other_location_uses_1_percent() -> None:
    quote = rental_quote(D(1260000), *YEAR_2024, location_class="other")
    assert amounts(quote)["City maintenance tax"] == D(90)  # 18,000 x 1% x 50%


def test_an_office_with_a_combined_rate() -> None:
    """The demonstration office 13199... charges 2.5% on home rent and 8% on other rent."""
    home = rental_quote(D(36000), *YEAR_2024, office_code="13199000001")
    assert [(line.label_en, line.amount) for line in home.lines] == [
        ("Combined rate", D(900)),
        ("Total", D(900)),
    ]
    assert home.mode is RentalMode.COMBINED and home.office_prefix == "13199"
    shop = rental_quote(D(36000), *YEAR_2024, residential=False, office_code="13199000001")
    assert shop.total_tax == D(2880)


def test_view_for_the_screen() -> None:
    view = rental_quote(D(36000), *YEAR_2024).to_view()
    assert isinstance(view, RentalQuoteView)
    assert (view.total_tax, view.months, view.rule_version) == (
        D(3288),
        12,
        "rental-2023.2",
    )  # 720 + 12 x 214


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rent_total": D(0)}, "rent_total must be more than 0"),
        ({"rent_total": D(-1)}, "rent_total must not be negative"),
        ({"repairs": "lots"}, "repairs must be an amount"),
        (
            {"location_class": "village"},
            "location_class must be one of city, county_town, other, got 'village'",
        ),
        ({"period_to": dt.date(2023, 12, 31)}, r"ends \(2023-12-31\) before it starts \(2024-01-01\)"),
    ],
)
def test_bad_rental_input(kwargs: dict, message: str) -> None:
    args = {"rent_total": D(36000), "period_from": YEAR_2024[0], "period_to": YEAR_2024[1], **kwargs}
    with pytest.raises(UserInputError, match=message):
        rental_quote(**args)


def test_rental_rules_must_cover_the_lease_start() -> None:
    with pytest.raises(NoRuleTable):
        rental_quote(D(1000), dt.date(2031, 1, 1), dt.date(2031, 1, 31))
    rules = dataclasses.replace(rental_rules(2024), to_year=2024)
    with pytest.raises(NoRuleTable, match="tax year 2025"):
        rental_quote(D(1000), dt.date(2025, 1, 1), dt.date(2025, 1, 31), rules=rules)
    assert rental_quote(D(1000), dt.date(2024, 1, 1), dt.date(2024, 1, 31), rules=rules).months == 1


def test_every_tax_line_says_which_tax_it_is() -> None:
    """Payment records are filed under the line's tax type, never guessed from its label."""
    import datetime as dt
    from decimal import Decimal

    from kiosk.domain.taxes import TaxType
    from kiosk.tax.rental import rental_quote

    quote = rental_quote(Decimal("240000"), dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [TaxType(line.tax_type) for line in quote.tax_lines] == [
        TaxType.VAT, TaxType.CITY_MAINTENANCE, TaxType.EDUCATION_SURCHARGE, TaxType.LOCAL_EDUCATION_SURCHARGE,
        TaxType.PROPERTY, TaxType.IIT,
    ]
    assert quote.lines[-1].tax_type == ""  # the total
