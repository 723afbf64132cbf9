"""``kiosk calc iit-annual`` (the new fields), ``withholding``, ``prepay``, ``rental`` and ``vehicle``:
JSON on stdin -> one line of JSON; every bad input -> exit 2 and one ``error:`` line."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from kiosk.cli.main import cli


def run(command: str, stdin: str | bytes) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["calc", command], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def ok(command: str, data: Any) -> Any:
    code, out, err = run(command, json.dumps(data))
    assert (code, err) == (0, ""), err
    assert out.count("\n") == 1
    return json.loads(out)


# ---- iit-annual: the bonus comparison and the new deductions -------------------------------------


@pytest.mark.parametrize(
    ("data", "method", "bonus_tax", "separate", "combined", "tax"),
    [
        ({"wages": "260000", "bonus": "36000"}, "separate", "1080.00", "24160.00", "30280.00", "24160.00"),
        ({"wages": "50000", "bonus": "20000"}, "combined", "600.00", "600.00", "300.00", "300.00"),
        ({"bonus": "36000", "bonus_method": "separate"}, "separate", "1080.00", "1080.00", "0.00", "1080.00"),
        ({"bonus": "36001", "bonus_method": "separate"}, "separate", "3390.10", "3390.10", "0.00", "3390.10"),
    ],
)
def test_the_bonus_examples(data: dict, method: str, bonus_tax: str, separate: str, combined: str, tax: str) -> None:
    out = ok("iit-annual", {"year": 2024, **data})
    assert (out["bonus_method"], out["bonus_tax"], out["separate_total"], out["combined_total"], out["tax"]) == (
        method,
        bonus_tax,
        separate,
        combined,
        tax,
    )


def test_the_receipts_example_must_file() -> None:
    out = ok(
        "iit-annual",
        {"year": 2024, "wages": "100000", "labor_remuneration": "25000", "special_deductions": "10000",
         "prepaid_tax": "1900"},
    )
    assert (out["comprehensive_income"], out["receipts_total"], out["balance"]) == ("120000.00", "125000.00", "580.00")
    assert (out["result"], out["filing_required"], out["exemption"]) == ("pay", True, None)


def test_new_deductions_through_the_command() -> None:
    """160,000 wages: - 2,400 health - 12,000 pension - 1,000 x 12 elderly share - 20,000 full
    donation = 53,600 taxable; the 30% cap on 53,600 + 20,000 = 73,600 before donations is 22,080,
    so 5,000 ordinary count in full: 48,600 x 10% - 2,520 = 2,340."""
    out = ok(
        "iit-annual",
        {
            "year": 2024,
            "wages": "160000",
            "health_insurance": "3000",
            "personal_pension": "12000",
            "elderly_support_share_monthly": "1000",
            "donations": [{"amount": "20000", "full": True}, {"amount": "5000"}],
            "agent_failed_to_withhold": False,
        },
    )
    assert out["other_deductions"]["health_insurance"] == "2400.00"
    assert out["donations_allowed"] == "25000.00"
    assert (out["taxable_income"], out["tax"]) == ("48600.00", "2340.00")


def test_agent_failed_to_withhold_through_the_command() -> None:
    out = ok("iit-annual", {"year": 2024, "wages": "100000", "agent_failed_to_withhold": True})
    assert (out["exemption"], out["filing_required"]) == (None, True)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"bonus_method": "cheapest"}, "bonus_method must be one of best, separate, combined"),
        ({"bonus": "-1"}, "bonus must not be negative"),
        ({"donations": [{"amount": "1", "full": "yes"}]}, "full must be true or false"),
        ({"donations": [{"full": True}]}, r"donations[0] must be an object such as"),
        ({"donations": [{"amount": "1", "kind": "x"}]}, "Unknown key donations[0].kind"),
        ({"donations": ["1"]}, "donations[0] must be an object"),
        ({"donations": {"amount": "1"}}, "donations must be an amount"),
        ({"personal_pension": "1", "year": 2021}, "personal_pension cannot be deducted for 2021"),
        ({"tax_deferred_pension": "1"}, "tax_deferred_pension cannot be deducted for 2024"),
        ({"health_insurance": 1.005}, "health_insurance has more than two decimal places"),
        ({"elderly_support_share_monthly": "1600"}, "elderly_support_share_monthly of 1600.00 is above"),
        ({"elderly_support_share_monthly": None}, None),  # null means not given: accepted
        ({"agent_failed_to_withhold": "no"}, "agent_failed_to_withhold must be true or false"),
        ({"special_additional_deductions": {"infant_care": "1"}, "year": 2020}, "infant_care cannot be claimed for 2020"),
    ],
)
def test_iit_annual_bad_new_fields(data: dict, message: str | None) -> None:
    code, out, err = run("iit-annual", json.dumps({"year": 2024, **data}))
    if message is None:
        assert code == 0
        return
    assert (code, out) == (2, "")
    assert err.startswith("error: ") and err.count("\n") == 1 and message in err


# ---- withholding -----------------------------------------------------------------------------------


def test_withholding_reference_example() -> None:
    """The STA's example: 30,000 a month, 4,500 social insurance, 2,000 special additional."""
    month = {"wage": "30000", "special_deductions": "4500", "special_additional_deductions": "2000"}
    out = ok("withholding", {"year": 2024, "months": [month] * 12})
    assert [m["withheld"] for m in out[:3]] == ["555.00", "625.00", "1850.00"]
    assert sum(float(m["withheld"]) for m in out) == 27480
    assert out[0] == {
        "month": 1,
        "cumulative_income": "30000.00",
        "cumulative_basic_deduction": "5000.00",
        "cumulative_taxable": "18500.00",
        "cumulative_tax": "555.00",
        "withheld": "555.00",
    }


def test_withholding_start_month_and_the_60000_rule() -> None:
    late = ok("withholding", {"year": 2024, "start_month": 7, "months": [{"wage": "10000"}] * 6})
    assert [m["month"] for m in late] == [7, 8, 9, 10, 11, 12]
    assert late[0]["cumulative_basic_deduction"] == "35000.00"
    low = ok("withholding", {"year": 2024, "prior_year_income_le_60000": True, "months": [{"wage": "8000"}] * 12})
    assert low[6]["withheld"] == "0.00" and low[7]["withheld"] == "120.00"  # 64,000 - 60,000 = 4,000 x 3%


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"year": 2024}', "months must be a list of months"),
        ('{"year": 2024, "months": []}', "months must be a list of months"),
        ('{"year": 2024, "months": ["30000"]}', "months[0] must be an object"),
        ('{"year": 2024, "months": [{"salary": "1"}]}', "Unknown key months[0].salary"),
        ('{"year": 2024, "months": [{"wage": "-1"}]}', "months[0].wage must not be negative"),
        ('{"year": 2024, "start_month": 13, "months": [{"wage": "1"}]}', "start_month must be a month from 1 to 12"),
        ('{"year": 2024, "start_month": "7", "months": [{"wage": "1"}]}', "start_month must be a month"),
        ('{"year": 2020, "prior_year_income_le_60000": true, "months": [{"wage": "1"}]}', "applies from 2021"),
        ('{"year": 2024, "prior_year_income_le_60000": 1, "months": [{"wage": "1"}]}', "must be true or false"),
        ('{"year": 2024, "start_month": 12, "months": [{"wage": "1"}, {"wage": "1"}]}', "run past December"),
        ('{"year": 2018, "months": [{"wage": "1"}]}', "no income tax rules for the tax year 2018"),
        ('{"months": [{"wage": "1"}]}', 'The input has no "year"'),
        ('{"year": 2024, "months": [{"wage": "1"}], "bonus": "1"}', "Unknown key 'bonus'"),
        ("[]", "The input must be one JSON object"),
    ],
)
def test_withholding_bad_input(stdin: str, message: str) -> None:
    _bad("withholding", stdin, message)


# ---- prepay ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "amount", "expected"),
    [
        ("labour", "2000", {"expenses": "800.00", "taxable": "1200.00", "rate": "0.20", "quick_deduction": "0.00", "tax": "240.00"}),
        ("labour", "40000", {"expenses": "8000.00", "taxable": "32000.00", "rate": "0.30", "quick_deduction": "2000.00", "tax": "7600.00"}),
        ("author", "40000", {"expenses": "8000.00", "taxable": "22400.00", "rate": "0.20", "quick_deduction": "0.00", "tax": "4480.00"}),
        ("royalty", "10000", {"expenses": "2000.00", "taxable": "8000.00", "rate": "0.20", "quick_deduction": "0.00", "tax": "1600.00"}),
    ],
)
def test_prepay(kind: str, amount: str, expected: dict) -> None:
    assert ok("prepay", {"kind": kind, "amount": amount, "year": 2024}) == expected


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"kind": "salary", "amount": "1", "year": 2024}', "kind must be one of labour, author, royalty"),
        ('{"kind": 1, "amount": "1", "year": 2024}', "kind must be one of"),
        ('{"amount": "1", "year": 2024}', 'The input has no "kind"'),
        ('{"kind": "author", "year": 2024}', 'The input has no "amount"'),
        ('{"kind": "author", "amount": "-1", "year": 2024}', "amount must not be negative"),
        ('{"kind": "author", "amount": "x", "year": 2024}', "amount must be an amount"),
        ('{"kind": "author", "amount": "1"}', 'The input has no "year"'),
        ('{"kind": "author", "amount": "1", "year": 2031}', "no income tax rules for the tax year 2031"),
        ('{"kind": "author", "amount": "1", "year": 2024, "times": 2}', "Unknown key 'times'"),
    ],
)
def test_prepay_bad_input(stdin: str, message: str) -> None:
    _bad("prepay", stdin, message)


# ---- rental ------------------------------------------------------------------------------------------


def test_rental_shop_for_one_month() -> None:
    """The issue's example: 120,000 for one month of a shop -> VAT 5,714.29 (5%, 公告2016年第16号)."""
    out = ok(
        "rental",
        {"rent": "120000", "from": "2024-05-01", "to": "2024-05-31", "residential": False, "office_code": None},
    )
    vat = out["lines"][0]
    assert vat == {
        "tax_type": "vat",
        "label_zh": "增值税",
        "label_en": "VAT",
        "base": "114285.71",
        "rate": "0.05",
        "amount": "5714.29",
        "note": "120000.00 / 1.05 × 5%",
    }
    city = out["lines"][1]
    assert (city["tax_type"], city["base"], city["rate"], city["amount"]) == (
        "city_maintenance", "5714.29", "0.035", "200.00"
    )
    assert [line["tax_type"] for line in out["lines"]] == [
        "vat", "city_maintenance", "education_surcharge", "local_education_surcharge", "property", "iit"
    ]
    assert out["total_tax"] == f"{sum(float(line['amount']) for line in out['lines']):.2f}"
    assert (out["months"], out["rule_version"]) == (1, "rental-2023.2")


def test_rental_home_and_a_combined_office() -> None:
    home = ok("rental", {"rent": "36000", "from": "2024-01-01", "to": "2024-12-31", "residential": True,
                         "office_code": None, "repairs": "1000"})
    assert home["total_tax"] == "3188.00"
    combined = ok("rental", {"rent": "36000", "from": "2024-01-01", "to": "2024-12-31", "residential": True,
                             "office_code": "13199000001"})
    assert combined["lines"] == [
        {"tax_type": "rental_combined", "label_zh": "综合征收", "label_en": "Combined rate", "base": "36000.00",
         "rate": "0.025", "amount": "900.00", "note": "36000.00 × 2.5%"}
    ]


_LEASE = '"from": "2024-01-01", "to": "2024-12-31"'


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{' + _LEASE + ', "residential": true}', 'The input has no "rent"'),
        ('{"rent": "1", ' + _LEASE + '}', 'The input has no "residential"'),
        ('{"rent": "1", "to": "2024-12-31", "residential": true}', 'The input has no "from"'),
        ('{"rent": "0", ' + _LEASE + ', "residential": true}', "rent must be more than 0"),
        ('{"rent": "-5", ' + _LEASE + ', "residential": true}', "rent must not be negative"),
        ('{"rent": "1", "from": "2024-13-01", "to": "2024-12-31", "residential": true}', "from must be a date"),
        ('{"rent": "1", "from": 20240101, "to": "2024-12-31", "residential": true}', "from must be a date"),
        ('{"rent": "1", "from": "2024-02-01", "to": "2024-01-31", "residential": true}', "ends (2024-01-31) before it starts"),
        ('{"rent": "1", ' + _LEASE + ', "residential": "yes"}', "residential must be true or false"),
        ('{"rent": "1", ' + _LEASE + ', "residential": true, "office_code": 131}', "office_code must be a tax office code"),
        ('{"rent": "1", ' + _LEASE + ', "residential": true, "office_code": "abc"}', "office_code must be"),
        ('{"rent": "1", ' + _LEASE + ', "residential": true, "location_class": "village"}', "location_class must be one of"),
        ('{"rent": "1", ' + _LEASE + ', "residential": true, "location_class": 7}', "location_class must be city"),
        ('{"rent": "1", ' + _LEASE + ', "residential": true, "repairs": "-1"}', "repairs must not be negative"),
        ('{"rent": "1", "from": "2022-01-01", "to": "2022-12-31", "residential": true}', "no rental rules for the tax year 2022"),
        ('{"rent": "1", ' + _LEASE + ', "residential": true, "tenant": "x"}', "Unknown key 'tenant'"),
    ],
)
def test_rental_bad_input(stdin: str, message: str) -> None:
    _bad("rental", stdin, message)


# ---- vehicle -----------------------------------------------------------------------------------------


def test_vehicle() -> None:
    assert ok("vehicle", {"displacement": "1.6", "year": 2024, "office_code": None}) == {
        "band": "le_1_6", "annual": "360.00", "amount": "360.00", "months": 12, "rule_version": "vehicle-2023.1"
    }
    bought = ok("vehicle", {"displacement": "1.6", "year": 2024, "from_month": 10, "office_code": None})
    assert (bought["amount"], bought["months"]) == ("90.00", 3)  # 360 / 12 x 3
    province = ok("vehicle", {"displacement": 2.4, "year": 2025, "office_code": "13101"})
    assert (province["band"], province["annual"]) == ("le_2_5", "660.00")


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"year": 2024}', 'The input has no "displacement"'),
        ('{"displacement": "1.6"}', 'The input has no "year"'),
        ('{"displacement": "0", "year": 2024}', "displacement must be above 0 and at most 20"),
        ('{"displacement": "big", "year": 2024}', "displacement must be a size in litres"),
        ('{"displacement": true, "year": 2024}', "displacement must be a size in litres"),
        ('{"displacement": "1.6", "year": 2024, "from_month": 0}', "from_month must be a month from 1 to 12"),
        ('{"displacement": "1.6", "year": 99999, "from_month": 3}', "no vehicle and vessel tax rules for the tax year 99999"),
        ('{"displacement": "1.6", "year": 2024, "office_code": 1}', "office_code must be"),
        ('{"displacement": "1.6", "year": 2024, "colour": "red"}', "Unknown key 'colour'"),
    ],
)
def test_vehicle_bad_input(stdin: str, message: str) -> None:
    _bad("vehicle", stdin, message)


# ---- every command -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["iit-annual", "withholding", "prepay", "rental", "vehicle"])
@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("not json", "The input is not valid JSON"),
        ("", "The input is not valid JSON"),
        (b"\xff\xfe", "The input is not UTF-8 text"),
        ('"text"', "The input must be one JSON object"),
        ('{"year": NaN}', "The input holds NaN, which is not an amount"),
        ('{"year": ' + "9" * 5000 + "}", "holds a huge number"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
)
def test_every_command_refuses_what_is_not_an_object(command: str, stdin: str | bytes, message: str) -> None:
    _bad(command, stdin, message)


@pytest.mark.parametrize("command", ["iit-annual", "withholding", "prepay", "rental", "vehicle"])
def test_every_command_documents_its_input_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, ["calc", command, "--help"])
    assert result.exit_code == 0
    assert "Input:" in result.stdout and "Output:" in result.stdout
    assert "Example" in result.stdout and f"kiosk calc {command}" in result.stdout


def _bad(command: str, stdin: str | bytes, message: str) -> None:
    code, out, err = run(command, stdin)
    assert (code, out) == (2, ""), err
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err
