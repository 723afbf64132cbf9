"""``kiosk calc iit-annual | withholding | prepay | rental | vehicle``: JSON on stdin -> JSON on stdout.

Input: one JSON object; amounts as decimal strings (numbers are accepted and read as Decimal,
never float); a missing amount means 0. Output: one line of JSON, money as strings with two
decimals, rates as decimal strings. Bad input exits with code 2 and one line ``error: ...`` on
stderr (the group prints every UserInputError that way), never a traceback.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import click

from kiosk.cli.groups import calc
from kiosk.domain.reconciliation import Donation
from kiosk.errors import UserInputError
from kiosk.rules import OTHER_DEDUCTION_KEYS, SPECIAL_ADDITIONAL_KEYS, vehicle_rules
from kiosk.tax.iit_annual import AnnualInput, AnnualResult, compute_annual
from kiosk.tax.money import format_amount, format_rate, parse_amount
from kiosk.tax.rental import RentalQuote, rental_quote
from kiosk.tax.vehicle import VehicleTaxQuote, parse_litres, vehicle_tax
from kiosk.tax.withholding import LabourWithholding, MonthInput, WageMonth, prepayment, wage_withholding

# ---- reading the input ---------------------------------------------------------------------------


def _reject_constant(name: str) -> Any:
    raise UserInputError(f"The input holds {name}, which is not an amount.")


def _shown(value: object) -> str:
    text = str(value) if isinstance(value, Decimal) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 32 else text[:29] + "..."


def read_object(text: str, example: str) -> dict[str, Any]:
    """The one JSON object of a command's input (numbers as Decimal), or a UserInputError."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise UserInputError(f"The input is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
    except (RecursionError, ValueError) as exc:  # nesting too deep, an integer of thousands of digits
        raise UserInputError("The input is nested too deeply or holds a huge number.") from exc
    if not isinstance(data, dict):
        raise UserInputError(f"The input must be one JSON object such as {example}.")
    return data


def check_keys(data: dict[str, Any], known: tuple[str, ...], where: str = "") -> None:
    for key in data:
        if key not in known:
            name = f"{where}{key}" if where else repr(key)
            raise UserInputError(f"Unknown key {name}; expected some of {', '.join(known)}.")


def read_year(data: dict[str, Any]) -> int:
    if "year" not in data:
        raise UserInputError('The input has no "year" (the tax year, such as 2024).')
    year = data["year"]
    if isinstance(year, bool) or not isinstance(year, int):
        raise UserInputError(f"year must be a whole number such as 2024, got {_shown(year)}.")
    return year


def read_bool(data: dict[str, Any], key: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise UserInputError(f"{key} must be true or false, got {_shown(value)}.")
    return value


def read_month(data: dict[str, Any], key: str, default: int) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
        raise UserInputError(f"{key} must be a month from 1 to 12, got {_shown(value)}.")
    return value


def read_office(data: dict[str, Any]) -> str | None:
    code = data.get("office_code")
    if code is not None and (not isinstance(code, str) or not code.isdigit() or len(code) > 20):
        raise UserInputError(f"office_code must be a tax office code of digits or null, got {_shown(code)}.")
    return code


def read_date(data: dict[str, Any], key: str) -> dt.date:
    if key not in data:
        raise UserInputError(f'The input has no "{key}" (a date such as "2024-01-01").')
    value = data[key]
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise UserInputError(f'{key} must be a date such as "2024-01-01", got {_shown(value)}.')


def read_stdin() -> str:
    try:
        return click.get_binary_stream("stdin").read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError("The input is not UTF-8 text.") from exc


def run(compute: Callable[[str], Any]) -> None:
    click.echo(json.dumps(compute(read_stdin()), ensure_ascii=False))


# ---- iit-annual ----------------------------------------------------------------------------------

_AMOUNT_KEYS = (
    "wages",
    "labor_remuneration",
    "author_remuneration",
    "royalties",
    "special_deductions",
    "other_deductions",
    "prepaid_tax",
    "bonus",
    *OTHER_DEDUCTION_KEYS,
)
_SAD_KEY = "special_additional_deductions"
_KNOWN_KEYS = (
    "year",
    *_AMOUNT_KEYS,
    _SAD_KEY,
    "donations",
    "bonus_method",
    "elderly_support_share_monthly",
    "agent_failed_to_withhold",
)


def _donations(value: object) -> Any:
    """An amount (ordinary donations) or a list of ``{"amount": "...", "full": true|false}``."""
    if not isinstance(value, list):
        return value
    entries = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or "amount" not in item:
            raise UserInputError(f'donations[{i}] must be an object such as {{"amount": "1000", "full": false}}.')
        check_keys(item, ("amount", "full"), f"donations[{i}].")
        entries.append(Donation(amount=item["amount"], full=read_bool(item, "full", False)))
    return tuple(entries)


def parse_annual_json(text: str) -> AnnualInput:
    """Turn the command's JSON input into an :class:`AnnualInput` (amounts checked later)."""
    data = read_object(text, '{"year": 2024, "wages": "120000"}')
    check_keys(data, _KNOWN_KEYS)
    year = read_year(data)
    special = data.get(_SAD_KEY, {})
    if not isinstance(special, dict):
        raise UserInputError(f'{_SAD_KEY} must be an object of amounts such as {{"housing_rent": "18000"}}.')
    check_keys(special, SPECIAL_ADDITIONAL_KEYS, f"{_SAD_KEY}.")
    amounts = {key: data.get(key, Decimal(0)) for key in _AMOUNT_KEYS}
    return AnnualInput(
        year=year,
        special_additional_deductions=special,
        donations=_donations(data.get("donations", Decimal(0))),
        bonus_method=data.get("bonus_method", "best"),
        elderly_support_share_monthly=data.get("elderly_support_share_monthly"),
        agent_failed_to_withhold=read_bool(data, "agent_failed_to_withhold", False),
        **amounts,
    )


def result_json(result: AnnualResult) -> dict[str, Any]:
    return {
        "comprehensive_income": format_amount(result.comprehensive_income),
        "receipts_total": format_amount(result.receipts_total),
        "taxable_income": format_amount(result.taxable_income),
        "rate": format_rate(result.rate),
        "quick_deduction": format_amount(result.quick_deduction),
        "tax": format_amount(result.tax),
        "prepaid_tax": format_amount(result.prepaid_tax),
        "balance": format_amount(result.balance),
        "result": result.result.value,
        "filing_required": result.filing_required,
        "exemption": None if result.exemption is None else result.exemption.value,
        "bonus_method": None if result.bonus_method is None else result.bonus_method.value,
        "bonus_tax": format_amount(result.bonus_tax),
        "separate_total": format_amount(result.separate_total),
        "combined_total": format_amount(result.combined_total),
        "donations_allowed": format_amount(result.donations_allowed),
        "other_deductions": {k: format_amount(v) for k, v in result.other_deductions.items()},
    }


@calc.command("iit-annual")
def iit_annual_command() -> None:
    """Annual IIT reconciliation: JSON on stdin (amounts as decimal strings) -> JSON on stdout.

    Input: year (required); wages (without the bonus), labor_remuneration, author_remuneration,
    royalties, special_deductions, special_additional_deductions (an object by deduction),
    other_deductions, prepaid_tax (all tax prepaid in the year, on the bonus too); bonus (the
    annual one-off bonus) and bonus_method (best - the cheaper, a tie to separate -, separate or
    combined); health_insurance, personal_pension, tax_deferred_pension, annuity (amounts paid,
    each deducted up to its cap); donations (a list of {"amount", "full"}; an amount means
    ordinary donations); elderly_support_share_monthly (a person with siblings);
    agent_failed_to_withhold (true: no filing exemption). Missing amounts are 0.

    Output: comprehensive_income, receipts_total (收入合计, gross), taxable_income, rate,
    quick_deduction, tax (the year's tax under the method applied), prepaid_tax, balance
    (positive: pay, negative: refund), result (pay/refund/none), filing_required, exemption
    (null, income_le_120000 - receipts at most 120,000 -, balance_le_400), bonus_method (applied;
    null without a bonus), bonus_tax (the bonus taxed separately), separate_total,
    combined_total, donations_allowed, other_deductions (allowed). Bad input exits with 2.

    \b
    Example:
      echo '{"year": 2024, "wages": "260000", "bonus": "36000"}' | kiosk calc iit-annual
      echo '{"year": 2024, "wages": "120000", "special_deductions": "24000",
             "special_additional_deductions": {"children_education": "24000"},
             "prepaid_tax": "1080"}' | kiosk calc iit-annual
    """
    run(lambda text: result_json(compute_annual(parse_annual_json(text))))


# ---- withholding ---------------------------------------------------------------------------------

_MONTH_KEYS = ("wage", "special_deductions", "special_additional_deductions", "other_deductions")
_WITHHOLDING_KEYS = ("year", "start_month", "prior_year_income_le_60000", "first_job_of_year", "months")


def parse_withholding_json(text: str) -> dict[str, Any]:
    data = read_object(text, '{"year": 2024, "months": [{"wage": "30000"}]}')
    check_keys(data, _WITHHOLDING_KEYS)
    year = read_year(data)
    months = data.get("months")
    if not isinstance(months, list) or not months:
        raise UserInputError('months must be a list of months such as [{"wage": "30000"}].')
    entries = []
    for i, item in enumerate(months):
        if not isinstance(item, dict):
            raise UserInputError(f'months[{i}] must be an object such as {{"wage": "30000"}}.')
        check_keys(item, _MONTH_KEYS, f"months[{i}].")
        entries.append(MonthInput(**{key: item.get(key, Decimal(0)) for key in _MONTH_KEYS}))
    return {
        "months": entries,
        "year": year,
        "start_month": read_month(data, "start_month", 1),
        "first_job_of_year": read_bool(data, "first_job_of_year", True),
        "prior_year_income_le_60000": read_bool(data, "prior_year_income_le_60000", False),
    }


def withholding_json(months: list[WageMonth]) -> list[dict[str, Any]]:
    return [
        {
            "month": m.month,
            "cumulative_income": format_amount(m.cumulative_income),
            "cumulative_basic_deduction": format_amount(m.cumulative_basic_deduction),
            "cumulative_taxable": format_amount(m.cumulative_taxable),
            "cumulative_tax": format_amount(m.cumulative_tax),
            "withheld": format_amount(m.withheld),
        }
        for m in months
    ]


@calc.command("withholding")
def withholding_command() -> None:
    """Monthly wage withholding by the cumulative method (累计预扣法): JSON in -> JSON out.

    Input: year; months (a list, one object per month from start_month, each with wage,
    special_deductions, special_additional_deductions, other_deductions; missing amounts 0);
    start_month (1-12, default 1: the month this employment's wages start);
    first_job_of_year (default true: 5,000 x the month number when the year's first employment
    starts after January, 公告2020年第13号); prior_year_income_le_60000 (default false: last
    year's wages, all from this employer, were at most 60,000 -> 60,000 deducted from January,
    公告2020年第19号, from 2021).

    Output: a list of {month, cumulative_income, cumulative_basic_deduction, cumulative_taxable,
    cumulative_tax, withheld}. Bad input exits with 2.

    \b
    Example (the STA's example: 555, 625, 1,850):
      echo '{"year": 2024, "months": [
              {"wage": "30000", "special_deductions": "4500", "special_additional_deductions": "2000"},
              {"wage": "30000", "special_deductions": "4500", "special_additional_deductions": "2000"},
              {"wage": "30000", "special_deductions": "4500", "special_additional_deductions": "2000"}]}' \\
        | kiosk calc withholding
    """
    run(lambda text: withholding_json(wage_withholding(**parse_withholding_json(text))))


# ---- prepay --------------------------------------------------------------------------------------


def prepay_json(result: LabourWithholding) -> dict[str, Any]:
    return {
        "expenses": format_amount(result.expenses),
        "taxable": format_amount(result.taxable),
        "rate": format_rate(result.rate),
        "quick_deduction": format_amount(result.quick_deduction),
        "tax": format_amount(result.tax),
    }


def compute_prepay(text: str) -> dict[str, Any]:
    data = read_object(text, '{"kind": "labour", "amount": "2000", "year": 2024}')
    check_keys(data, ("kind", "amount", "year"))
    year = read_year(data)
    if "kind" not in data:
        raise UserInputError('The input has no "kind" (labour, author or royalty).')
    if "amount" not in data:
        raise UserInputError('The input has no "amount" (the payment, such as "2000").')
    return prepay_json(prepayment(data["kind"], parse_amount(data["amount"], "amount"), year))


@calc.command("prepay")
def prepay_command() -> None:
    """Prepayment (预扣预缴) on one payment of labour, author's remuneration or royalties.

    Input: kind (labour, author, royalty), amount, year. Expenses are 800 for a payment of at
    most 4,000, else 20%; labour then goes on its table (20% / 30% - 2,000 / 40% - 7,000), author's
    remuneration counts at 70% and pays 20%, royalties pay 20% (国家税务总局公告2018年第61号).

    Output: {expenses, taxable, rate, quick_deduction, tax}. Bad input exits with 2.

    \b
    Examples:
      echo '{"kind": "labour", "amount": "2000", "year": 2024}' | kiosk calc prepay     # tax 240.00
      echo '{"kind": "author", "amount": "40000", "year": 2024}' | kiosk calc prepay    # tax 4480.00
      echo '{"kind": "royalty", "amount": "10000", "year": 2024}' | kiosk calc prepay   # tax 1600.00
    """
    run(compute_prepay)


# ---- rental --------------------------------------------------------------------------------------

_RENTAL_KEYS = ("rent", "from", "to", "residential", "office_code", "location_class", "repairs")


def rental_json(quote: RentalQuote) -> dict[str, Any]:
    return {
        "lines": [
            {
                "tax_type": line.tax_type,
                "label_zh": line.label_zh,
                "label_en": line.label_en,
                "base": None if line.base is None else format_amount(line.base),
                "rate": None if line.rate is None else format_rate(line.rate),
                "amount": format_amount(line.amount),
                "note": line.note,
            }
            for line in quote.tax_lines
        ],
        "total_tax": format_amount(quote.total_tax),
        "months": quote.months,
        "rule_version": quote.rule_version,
    }


def compute_rental(text: str) -> dict[str, Any]:
    data = read_object(text, '{"rent": "36000", "from": "2024-01-01", "to": "2024-12-31", "residential": true}')
    check_keys(data, _RENTAL_KEYS)
    if "rent" not in data:
        raise UserInputError('The input has no "rent" (the rent received for the period, such as "36000").')
    if "residential" not in data:
        raise UserInputError('The input has no "residential" (true for a home, false for a shop or office).')
    location = data.get("location_class", "city")
    if not isinstance(location, str):
        raise UserInputError(f"location_class must be city, county_town or other, got {_shown(location)}.")
    rent = parse_amount(data["rent"], "rent")
    if rent == 0:
        raise UserInputError("rent must be more than 0.")
    quote = rental_quote(
        rent,
        read_date(data, "from"),
        read_date(data, "to"),
        residential=read_bool(data, "residential", True),
        location_class=location,
        repairs=data.get("repairs", Decimal(0)),
        office_code=read_office(data),
    )
    return rental_json(quote)


@calc.command("rental")
def rental_command() -> None:
    """Taxes on renting out property, for an invoice issued on a person's behalf (代开发票).

    Input: rent (received for the whole period), from and to (dates, both included; the rules
    are those of the year the lease starts), residential (true for a home), office_code (the tax
    office, null for the default table); optional location_class (city, county_town, other;
    default city) and repairs (borne by the landlord, at most 800 a month deducted for IIT).

    Output: lines of {tax_type, label_zh, label_en, base, rate, amount, note} (rate: the rate
    charged, reliefs included), total_tax, months, rule_version. Bad input exits with 2.

    \b
    Example (one month of a shop: VAT 5% = 5,714.29):
      echo '{"rent": "120000", "from": "2024-05-01", "to": "2024-05-31",
             "residential": false, "office_code": null}' | kiosk calc rental
    """
    run(compute_rental)


# ---- vehicle -------------------------------------------------------------------------------------


def vehicle_json(quote: VehicleTaxQuote) -> dict[str, Any]:
    return {
        "band": quote.band,
        "annual": format_amount(quote.annual),
        "amount": format_amount(quote.amount),
        "months": quote.months,
        "rule_version": quote.rule_version,
    }


def compute_vehicle(text: str) -> dict[str, Any]:
    data = read_object(text, '{"displacement": "1.6", "year": 2024}')
    check_keys(data, ("displacement", "year", "from_month", "office_code"))
    year = read_year(data)
    if "displacement" not in data:
        raise UserInputError('The input has no "displacement" (the engine size in litres, such as "1.6").')
    litres = parse_litres(data["displacement"], "displacement")
    office = read_office(data)
    rules = vehicle_rules(year, office)  # a year without a table fails here, before any date is made
    from_month = read_month(data, "from_month", 1)
    bought = dt.date(year, from_month, 1) if "from_month" in data else None
    return vehicle_json(vehicle_tax(litres, year, purchase_date=bought, rules=rules))


@calc.command("vehicle")
def vehicle_command() -> None:
    """Vehicle and vessel tax (车船税) on a passenger car for one year.

    Input: displacement (litres), year, from_month (1-12: the month a new car was bought; the
    tax is annual / 12 x the months from it; missing: the whole year), office_code (the tax
    office whose province fixed the figures, null for the default figures).

    Output: {band, annual, amount, months, rule_version}. Bad input exits with 2.

    \b
    Example (a 1.6 litre car bought in October: 360 / 12 x 3 = 90.00):
      echo '{"displacement": "1.6", "year": 2024, "from_month": 10, "office_code": null}' \\
        | kiosk calc vehicle
    """
    run(compute_vehicle)
