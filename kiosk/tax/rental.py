"""Taxes on renting out property, for an invoice issued on a person's behalf (代开发票).

Itemised mode, month by month over the lease (a lump sum is spread evenly over its months):

- VAT: 0 when the monthly rent is at most 100,000, else rent / 1.05 x 1.5% for housing, 5% for
  other property (国家税务总局公告2016年第16号 第四条);
- city maintenance tax (7 / 5 / 1% by location), education surcharge 3%, local education 2%: on VAT;
- property tax: 4% (residential) or 12% of the rent net of VAT;
- the surcharges and property tax x ``small_scale_charged_share`` (halved 2023-2027 for
  small-scale VAT taxpayers, which other individuals always are: 公告2023年第12号);
- IIT: rent net of VAT - the other taxes - repairs (at most 800 a month; the rest carries to the
  next months of the lease and lapses at its end), then - 800 when the monthly rent net of VAT is
  at most 4,000, else x 80%; then 10% (residential) or 20%.
Each line is the exact sum over the months rounded to the cent once; the total is the sum of the
rounded lines. Combined mode (a tax office's 综合征收率): one rate on the whole rent covers every
tax, and the VAT exemption is assumed to be built into the office's rate.

The rules are those of the year the lease starts at ``office_code`` (default table when None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kiosk.domain.rental import QuoteLine, RentalQuoteView
from kiosk.domain.taxes import TaxType
from kiosk.errors import UserInputError
from kiosk.rules import RentalMode, RentalRules, rental_rules
from kiosk.rules.iit import no_table
from kiosk.tax.money import ZERO, format_amount, parse_amount, round_cents


@dataclass(frozen=True)
class RentalQuote:
    lines: tuple[QuoteLine, ...]  # the tax lines, then the total as the last line
    total_tax: Decimal
    months: int
    monthly_rent: Decimal  # rent_total / months, rounded to the cent (for display)
    rule_version: str
    office_prefix: str | None
    mode: RentalMode

    @property
    def tax_lines(self) -> tuple[QuoteLine, ...]:
        """The lines without the closing total."""
        return self.lines[:-1]

    def to_view(self) -> RentalQuoteView:
        return RentalQuoteView(
            lines=self.lines, total_tax=self.total_tax, months=self.months, rule_version=self.rule_version
        )


def lease_months(period_from: dt.date, period_to: dt.date) -> int:
    """Calendar months from ``period_from`` to ``period_to``, both counted (15 Jan - 14 Feb -> 2)."""
    if period_to < period_from:
        raise UserInputError(f"The rental period ends ({period_to}) before it starts ({period_from}).")
    return (period_to.year - period_from.year) * 12 + period_to.month - period_from.month + 1


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def rental_quote(
    rent_total: Decimal,
    period_from: dt.date,
    period_to: dt.date,
    *,
    residential: bool = True,
    location_class: str = "city",
    repairs: Decimal = ZERO,
    office_code: str | None = None,
    rules: RentalRules | None = None,
) -> RentalQuote:
    """Quote every tax on ``rent_total`` received for the lease ``period_from`` - ``period_to``.

    Raises :class:`kiosk.errors.UserInputError` for a bad amount, period or location class and
    :class:`kiosk.rules.NoRuleTable` when no table covers the year the lease starts.
    """
    rent = parse_amount(rent_total, "rent_total")
    if rent == 0:
        raise UserInputError("rent_total must be more than 0.")
    repairs_left = parse_amount(repairs, "repairs")
    months = lease_months(period_from, period_to)
    if rules is None:
        rules = rental_rules(period_from.year, office_code)
    elif not rules.covers(period_from.year):
        raise no_table("rental", period_from.year, (rules,))
    if location_class not in rules.city_maintenance:
        raise UserInputError(
            f"location_class must be one of {', '.join(rules.city_maintenance)}, got {location_class!r}."
        )
    monthly = rent / months

    def done(lines: list[QuoteLine]) -> RentalQuote:
        total = sum((line.amount for line in lines), ZERO)
        lines.append(QuoteLine("合计", "Total", total))
        return RentalQuote(
            tuple(lines), total, months, round_cents(monthly), rules.version, rules.office_prefix, rules.mode
        )

    if rules.mode is RentalMode.COMBINED:
        rate = rules.combined_rate_residential if residential else rules.combined_rate_other
        amount = round_cents(rent * rate)
        return done(
            [QuoteLine("综合征收", "Combined rate", amount, f"{format_amount(rent)} × {_percent(rate)}",
                       TaxType.RENTAL_COMBINED, rent, rate)]
        )

    vat_exempt = monthly <= rules.vat_monthly_exemption
    vat_rate = rules.vat_rate(residential)
    vat_base_m = monthly / rules.vat_divisor
    vat_m = ZERO if vat_exempt else vat_base_m * vat_rate
    share = rules.small_scale_charged_share
    city_rate = rules.city_maintenance[location_class] * share
    edu_rate = rules.education_surcharge * share
    local_rate = rules.local_education_surcharge * share
    property_rate = (rules.property_tax_residential if residential else rules.property_tax_other) * share
    iit_rate = rules.iit_rate_residential if residential else rules.iit_rate_other
    city_m = vat_m * city_rate
    edu_m = vat_m * edu_rate
    local_m = vat_m * local_rate
    net_m = monthly - vat_m
    property_m = net_m * property_rate
    taxable_total = ZERO
    for _ in range(months):
        repairs_m = min(repairs_left, rules.iit_repairs_cap_monthly)
        repairs_left -= repairs_m
        income = net_m - city_m - edu_m - local_m - property_m - repairs_m
        if net_m <= rules.iit_threshold:
            taxable = income - rules.iit_fixed_deduction
        else:
            taxable = income * (1 - rules.iit_percent_deduction)
        taxable_total += max(taxable, ZERO)

    per_month = f"{format_amount(monthly)}/month"
    vat_note = (
        f"exempt: {per_month} ≤ {rules.vat_monthly_exemption}"
        if vat_exempt
        else (f"{format_amount(rent)} / {rules.vat_divisor} × {_percent(vat_rate)}")
    )
    relief = "" if share == 1 else f" × {_percent(share)} (small-scale relief)"
    vat_total = round_cents(vat_m * months)

    def line(zh: str, en: str, tax_type: TaxType, base: Decimal, rate: Decimal, note: str) -> QuoteLine:
        return QuoteLine(zh, en, round_cents(base * rate), note, tax_type, round_cents(base), rate)

    vat_exact = vat_m * months
    lines = [
        QuoteLine("增值税", "VAT", vat_total, vat_note, TaxType.VAT, round_cents(vat_base_m * months),
                  ZERO if vat_exempt else vat_rate),
        line("城市维护建设税", "City maintenance tax", TaxType.CITY_MAINTENANCE, vat_exact, city_rate,
             f"VAT × {_percent(rules.city_maintenance[location_class])}{relief}"),
        line("教育费附加", "Education surcharge", TaxType.EDUCATION_SURCHARGE, vat_exact, edu_rate,
             f"VAT × {_percent(rules.education_surcharge)}{relief}"),
        line("地方教育附加", "Local education surcharge", TaxType.LOCAL_EDUCATION_SURCHARGE, vat_exact,
             local_rate, f"VAT × {_percent(rules.local_education_surcharge)}{relief}"),
        line("房产税", "Property tax", TaxType.PROPERTY, net_m * months, property_rate,
             f"rent net of VAT × {_percent(property_rate / share)}{relief}"),
        line("个人所得税", "Individual income tax", TaxType.IIT, taxable_total, iit_rate,
             f"{_percent(iit_rate)}, {months} months"),
    ]
    return done(lines)
