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
    THEN no VAT (at most 100,000 a month), property tax 3,000 x 4% = 120 a month = 1,440,
    IIT per month (3,000 - 120 - repairs - 800) x 10%: January repairs 800 -> 128,
    February the remaining 200 -> 188, then 2,080 x 10% = 208 for ten months -> 2,396 in all."""
    quote = rental_quote(D(36000), *YEAR_2024, repairs=D(1000))
    assert amounts(quote) == {
        "VAT": D("0.00"),
        "City maintenance tax": D("0.00"),
        "Education surcharge": D("0.00"),
        "Local education surcharge": D("0.00"),
        "Property tax": D("1440.00"),
        "Individual income tax": D("2396.00"),
        "Total": D("3836.00"),
    }
    assert quote.total_tax == D("3836.00")
    assert (quote.months, quote.monthly_rent, quote.rule_version) == (12, D("3000.00"), "rental-2023.1")
    assert quote.mode is RentalMode.ITEMISED and quote.office_prefix is None
    assert quote.lines[-1].label_zh == "合计"
    assert len(quote.tax_lines) == 6
    assert quote.lines[0].note.startswith("exempt")


def test_rent_above_4000_a_month_deducts_20_percent() -> None:
    """GIVEN 60,000 for 15 March - 14 August (6 calendar months: 10,000 a month)
    THEN property tax 400 a month (2,400); IIT (10,000 - 400) x 80% x 10% = 768 a month (4,608)."""
    quote = rental_quote(D(60000), dt.date(2024, 3, 15), dt.date(2024, 8, 14), location_class="county_town")
    assert amounts(quote)["Property tax"] == D(2400)
    assert amounts(quote)["Individual income tax"] == D(4608)
    assert quote.total_tax == D(7008)


def test_rent_below_800_a_month_pays_no_iit() -> None:
    quote = rental_quote(D(1500), dt.date(2024, 1, 1), dt.date(2024, 3, 31))  # 500 a month
    assert amounts(quote)["Individual income tax"] == 0
    assert amounts(quote)["Property tax"] == D(60)


def test_repairs_beyond_800_a_month_carry_forward_and_lapse_at_the_end() -> None:
    """2,000 a month for 3 months, 5,000 of repairs: 800 a month is used, 2,600 lapses.
    IIT per month: 2,000 - 80 - 800 - 800 = 320 x 10% = 32 -> 96."""
    quote = rental_quote(D(6000), dt.date(2024, 1, 1), dt.date(2024, 3, 31), repairs=D(5000))
    assert amounts(quote)["Individual income tax"] == D(96)


def test_lump_sum_is_spread_over_the_months_for_the_vat_exemption() -> None:
    """600,000 for 6 months is 100,000 a month: exempt. One more cent a month is not:
    600,000.06 / 1.05 x 1.5% = 8,571.4294 -> 8,571.43."""
    exempt = rental_quote(D(600000), dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert amounts(exempt)["VAT"] == 0
    taxed = rental_quote(D("600000.06"), dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert amounts(taxed)["VAT"] == D("8571.43")


def test_large_home_rent_in_a_county_town_pays_vat_and_surcharges() -> None:
    """GIVEN 1,260,000 for a year (105,000 a month) for a home in a county town
    THEN VAT 1,260,000 / 1.05 x 1.5% = 18,000; surcharges 5% 900, 3% 540, 2% 360;
    property tax (1,260,000 - 18,000) x 4% = 49,680;
    IIT per month: (105,000 - 1,500 VAT - 4,290 other taxes) x 80% x 10% = 7,936.80 -> 95,241.60."""
    quote = rental_quote(D(1260000), *YEAR_2024, location_class="county_town")
    assert amounts(quote) == {
        "VAT": D("18000.00"),
        "City maintenance tax": D("900.00"),
        "Education surcharge": D("540.00"),
        "Local education surcharge": D("360.00"),
        "Property tax": D("49680.00"),
        "Individual income tax": D("95241.60"),
        "Total": D("164721.60"),
    }


def test_non_residential_rent_uses_12_and_20_percent() -> None:
    """GIVEN a shop in a city let for 1,320,000 a year (110,000 a month)
    THEN VAT 110,000 / 1.05 x 1.5% = 1,571.428571 a month -> 18,857.14 a year; city tax 7% of it
    = 1,320.00; 3% 565.71; 2% 377.14; property tax 12% of 108,428.571429 a month -> 156,137.14;
    IIT (108,428.571429 - 13,200 other taxes) x 80% x 20% = 15,236.571429 a month -> 182,838.86."""
    quote = rental_quote(D(1320000), *YEAR_2024, residential=False)
    assert amounts(quote) == {
        "VAT": D("18857.14"),
        "City maintenance tax": D("1320.00"),
        "Education surcharge": D("565.71"),
        "Local education surcharge": D("377.14"),
        "Property tax": D("156137.14"),
        "Individual income tax": D("182838.86"),
        "Total": D("360095.99"),
    }


def test_other_location_uses_1_percent() -> None:
    quote = rental_quote(D(1260000), *YEAR_2024, location_class="other")
    assert amounts(quote)["City maintenance tax"] == D(180)  # 18,000 x 1%


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
        D(3936),
        12,
        "rental-2023.1",
    )  # 1,440 + 12 x 208


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
