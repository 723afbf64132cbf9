"""``kiosk calc iit-annual``: JSON on stdin -> JSON on stdout; bad input -> exit 2 and one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kiosk.cli.main import cli

REFERENCE = {
    "year": 2024,
    "wages": "120000",
    "special_deductions": "24000",
    "special_additional_deductions": {"children_education": "24000"},
    "prepaid_tax": "1080",
}


def run(stdin: str | bytes) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["calc", "iit-annual"], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_reference_example() -> None:
    code, out, err = run(json.dumps(REFERENCE))
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "comprehensive_income": "120000.00",
        "taxable_income": "12000.00",
        "rate": "0.03",
        "quick_deduction": "0.00",
        "tax": "360.00",
        "prepaid_tax": "1080.00",
        "balance": "-720.00",
        "result": "refund",
        "filing_required": True,
        "exemption": None,
        "receipts_total": "120000.00",
        "bonus_method": None,
        "bonus_tax": "0.00",
        "separate_total": "360.00",
        "combined_total": "360.00",
        "donations_allowed": "0.00",
        "other_deductions": {
            "health_insurance": "0.00",
            "personal_pension": "0.00",
            "tax_deferred_pension": "0.00",
            "annuity": "0.00",
        },
    }
    assert out.count("\n") == 1


def test_numbers_are_read_as_decimal_and_missing_keys_are_zero() -> None:
    """0.1 + 0.2 as binary floats would be 0.30000000000000004; read as Decimal it is exact."""
    code, out, _ = run(
        '{"year": 2024, "wages": 200000.10, "other_deductions": 0.1, "donations": 0.2, "prepaid_tax": 11080}'
    )
    assert code == 0
    data = json.loads(out)
    assert data["comprehensive_income"] == "200000.10"
    assert data["taxable_income"] == "139999.80"  # 200,000.10 - 60,000 - 0.10 - 0.20
    assert data["rate"] == "0.10" and data["quick_deduction"] == "2520.00"
    assert data["tax"] == "11479.98"
    assert data["balance"] == "399.98"
    assert (data["result"], data["filing_required"], data["exemption"]) == ("pay", False, "balance_le_400")


def test_income_exemption_and_top_bracket() -> None:
    assert json.loads(run('{"year": 2025, "wages": "100000"}')[1])["exemption"] == "income_le_120000"
    data = json.loads(run('{"year": 2025, "wages": "2000000", "royalties": "0"}')[1])
    assert (data["rate"], data["tax"], data["result"], data["filing_required"]) == (
        "0.45",
        "691080.00",
        "pay",
        True,
    )
    # 1,940,000 taxable x 45% - 181,920 = 691,080


def test_nothing_to_pay() -> None:
    data = json.loads(run('{"year": 2024}')[1])
    assert (data["tax"], data["balance"], data["result"], data["filing_required"]) == (
        "0.00",
        "0.00",
        "none",
        False,
    )


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("not json", "The input is not valid JSON"),
        ("", "The input is not valid JSON"),
        (b"\xff\xfe", "The input is not UTF-8 text"),
        ("[1, 2]", "The input must be one JSON object"),
        ('{"year": 2024, "bonuses": "1"}', "Unknown key 'bonuses'"),
        (
            '{"year": 2024, "special_additional_deductions": {"pets": "1"}}',
            "Unknown key special_additional_deductions.pets",
        ),
        (
            '{"year": 2024, "special_additional_deductions": "24000"}',
            "special_additional_deductions must be an object",
        ),
        ('{"wages": "1"}', 'The input has no "year"'),
        ('{"year": "2024"}', 'year must be a whole number such as 2024, got "2024"'),
        ('{"year": 2024.0}', "year must be a whole number such as 2024, got 2024.0"),
        ('{"year": true}', "year must be a whole number"),
        ('{"year": 2018}', "no income tax rules for the tax year 2018"),
        ('{"year": 2031}', "no income tax rules for the tax year 2031"),
        ('{"year": 2024, "wages": "-1"}', "wages must not be negative"),
        ('{"year": 2024, "wages": -5.5}', "wages must not be negative"),
        ('{"year": 2024, "wages": "abc"}', "wages must be an amount such as 1234.56"),
        ('{"year": 2024, "wages": null}', "wages must be an amount"),
        ('{"year": 2024, "wages": NaN}', "The input holds NaN, which is not an amount"),
        ('{"year": 2024, "wages": "1.005"}', "wages has more than two decimal places"),
        (
            '{"year": 2024, "special_additional_deductions": {"housing_rent": "18001"}}',
            "housing_rent of 18001.00 is above",
        ),
        (
            '{"year": 2024, "special_additional_deductions": {"serious_illness": 80000.01}}',
            "serious_illness of 80000.01",
        ),
        (
            '{"year": 2024, "special_additional_deductions": {"housing_rent": "1", "housing_loan_interest": "1"}}',
            "cannot both be claimed",
        ),
        ('{"year": ' + "9" * 5000 + "}", "holds a huge number"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ],
)
def test_bad_input_exits_2_with_one_line(stdin: str | bytes, message: str) -> None:
    code, out, err = run(stdin)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and err.endswith("\n") and err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def test_through_a_real_process() -> None:
    """The command reads the real stdin of a process (bytes, decoded as UTF-8)."""
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.run(
        [sys.executable, "-c", "from kiosk.cli.main import cli; cli()", "calc", "iit-annual"],
        input=json.dumps(REFERENCE).encode(),
        capture_output=True,
        cwd=root,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["balance"] == "-720.00"
    bad = subprocess.run(
        [sys.executable, "-c", "from kiosk.cli.main import cli; cli()", "calc", "iit-annual"],
        input=b'{"year": 2018}',
        capture_output=True,
        cwd=root,
        timeout=60,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.decode().splitlines() == [
        "error: There are no income tax rules for the tax year 2018; this kiosk knows the years 2019-2027."
    ]
