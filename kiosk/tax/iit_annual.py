"""IIT annual reconciliation (综合所得年度汇算): comprehensive income -> tax -> pay or refund.

Decisions (the reference leaves them open):

- Donations: eligible donations are deducted up to ``donation_cap_rate`` (30%) of the taxable
  income before donations; the rest is ignored (shown in the steps). Full-deduction donations are
  not asked about.
- Caps: an amount the law cannot allow whatever the family is refused (see
  :meth:`kiosk.rules.iit.SpecialAdditionalRules.annual_caps`); children_education and infant_care
  are capped at 24,000 a child for at most ``max_children`` (10) children, together. Loan interest
  and rent together are refused. Amounts must be non-negative with at most two decimals.
- Filing exemption: applies to the years of the table's ``filing_exemption`` (2023-2027, see the
  data file for why 2023 is included). The income test is checked first. An exempt payment keeps
  ``result == "pay"`` and its balance (the person *may* still pay) with ``filing_required`` False.
  A refund needs a filing (``filing_required`` True); a zero balance needs none. The "withholding
  agent failed to withhold" exception to the exemption is not known to the calculator.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kiosk.domain.reconciliation import ComputationStep, DeductionAnswers, ReconciliationPreview
from kiosk.errors import UserInputError
from kiosk.rules import SPECIAL_ADDITIONAL_KEYS, IitRules, NoRuleTable, iit_rules
from kiosk.tax.money import ZERO, parse_amount, round_cents

SPECIAL_ADDITIONAL_LABELS: Mapping[str, tuple[str, str]] = {
    "children_education": ("子女教育", "Children's education"),
    "infant_care": ("3岁以下婴幼儿照护", "Infant care (under 3)"),
    "elderly_support": ("赡养老人", "Elderly support"),
    "continuing_education": ("继续教育", "Continuing education"),
    "serious_illness": ("大病医疗", "Serious illness"),
    "housing_loan_interest": ("住房贷款利息", "Housing loan interest"),
    "housing_rent": ("住房租金", "Housing rent"),
}
_INCOME_LABELS: Mapping[str, tuple[str, str]] = {
    "wages": ("工资薪金", "Wages and salaries"),
    "labor_remuneration": ("劳务报酬", "Labour remuneration"),
    "author_remuneration": ("稿酬", "Author's remuneration"),
    "royalties": ("特许权使用费", "Royalties"),
}


class ReconciliationResult(StrEnum):
    PAY = "pay"
    REFUND = "refund"
    NONE = "none"


class Exemption(StrEnum):
    INCOME_LE_120000 = "income_le_120000"
    BALANCE_LE_400 = "balance_le_400"


@dataclass(frozen=True)
class AnnualInput:
    """One person's year. Amounts are annual, Decimal (int and decimal strings are accepted too)."""

    year: int
    wages: Decimal = ZERO
    labor_remuneration: Decimal = ZERO
    author_remuneration: Decimal = ZERO
    royalties: Decimal = ZERO
    special_deductions: Decimal = ZERO  # 三险一金
    # keys: children_education, infant_care, elderly_support, continuing_education,
    # serious_illness, housing_loan_interest, housing_rent; a missing key means 0
    special_additional_deductions: Mapping[str, Decimal] = field(default_factory=dict)
    other_deductions: Decimal = ZERO
    donations: Decimal = ZERO  # eligible donations made; capped by compute_annual
    prepaid_tax: Decimal = ZERO


@dataclass(frozen=True)
class AnnualResult:
    year: int
    rule_version: str
    comprehensive_income: Decimal
    special_additional: Mapping[str, Decimal]  # every key, validated
    donations_allowed: Decimal
    total_deductions: Decimal  # everything subtracted from comprehensive income, donations included
    taxable_income: Decimal  # never below 0
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal
    prepaid_tax: Decimal
    balance: Decimal  # tax - prepaid: positive to pay, negative to refund
    result: ReconciliationResult
    filing_required: bool
    exemption: Exemption | None
    steps: tuple[ComputationStep, ...]

    def to_preview(self) -> ReconciliationPreview:
        """The screen's view of this result (deductions = the special additional amounts)."""
        return ReconciliationPreview(
            year=self.year,
            steps=self.steps,
            tax=self.tax,
            prepaid_tax=self.prepaid_tax,
            balance=self.balance,
            result=self.result.value,
            filing_required=self.filing_required,
            exemption=None if self.exemption is None else self.exemption.value,
            deductions=dict(self.special_additional),
        )


def rules_for_year(year: int, rules: IitRules | None = None) -> IitRules:
    """``rules`` when given and covering ``year``, else the shipped table for ``year``."""
    if rules is None:
        return iit_rules(year)
    if isinstance(year, bool) or not isinstance(year, int) or not rules.covers(year):
        raise NoRuleTable(f"The rule table {rules.version} does not cover the tax year {year}.")
    return rules


def validate_special_additional(claims: Mapping[str, object], rules: IitRules) -> dict[str, Decimal]:
    """Every special additional deduction key with a checked annual amount (missing -> 0).

    Raises :class:`UserInputError` naming the field for an unknown key, a bad amount, an amount
    above its legal annual maximum, or housing loan interest together with housing rent.
    """
    if not isinstance(claims, Mapping):
        raise UserInputError("special_additional_deductions must be a table of amounts by deduction.")
    for key in claims:
        if key not in SPECIAL_ADDITIONAL_KEYS:
            raise UserInputError(
                f"special_additional_deductions has an unknown deduction {str(key)!r}; "
                f"expected one of {', '.join(SPECIAL_ADDITIONAL_KEYS)}."
            )
    amounts = {key: parse_amount(claims.get(key, ZERO), key) for key in SPECIAL_ADDITIONAL_KEYS}
    caps = rules.special_additional.annual_caps()
    for key in SPECIAL_ADDITIONAL_KEYS:
        if amounts[key] > caps[key]:
            raise UserInputError(
                f"{key} of {amounts[key]} is above the largest annual amount allowed ({caps[key]:.2f})."
            )
    children_cap = caps["children_education"]
    if amounts["children_education"] + amounts["infant_care"] > children_cap:
        raise UserInputError(
            f"children_education and infant_care together are above the largest annual amount "
            f"allowed ({children_cap:.2f})."
        )
    if amounts["housing_loan_interest"] > 0 and amounts["housing_rent"] > 0:
        raise UserInputError(
            "housing_loan_interest and housing_rent cannot both be claimed in one year; choose one."
        )
    return amounts


def _step(zh: str, en: str, amount: Decimal | None = None, text: str = "") -> ComputationStep:
    return ComputationStep(label_zh=zh, label_en=en, amount=amount, text=text)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _grouped(amount: Decimal) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def compute_annual(inp: AnnualInput, rules: IitRules | None = None) -> AnnualResult:
    """Compute the annual reconciliation of ``inp`` with the rules of its year (or ``rules``).

    Raises :class:`kiosk.errors.UserInputError` (one sentence naming the field) for a bad amount or
    claim, :class:`kiosk.rules.NoRuleTable` for a year no table covers.
    """
    rules = rules_for_year(inp.year, rules)
    incomes = {key: parse_amount(getattr(inp, key), key) for key in rules.income_factors}
    special_deductions = parse_amount(inp.special_deductions, "special_deductions")
    other_deductions = parse_amount(inp.other_deductions, "other_deductions")
    donations = parse_amount(inp.donations, "donations")
    prepaid = parse_amount(inp.prepaid_tax, "prepaid_tax")
    special_additional = validate_special_additional(inp.special_additional_deductions, rules)

    steps: list[ComputationStep] = []
    for key, amount in incomes.items():
        factor = rules.income_factors[key]
        if amount == 0 and key != "wages":
            continue
        zh, en = _INCOME_LABELS[key]
        if factor == 1:
            steps.append(_step(zh, en, amount))
        else:
            steps.append(
                _step(
                    f"{zh} × {_percent(factor)}", f"{en} × {_percent(factor)}", round_cents(amount * factor)
                )
            )
    comprehensive = round_cents(sum((a * rules.income_factors[k] for k, a in incomes.items()), ZERO))
    steps.append(_step("收入额合计", "Comprehensive income", comprehensive))

    steps.append(_step("减除费用", "Basic deduction", rules.basic_deduction + ZERO))
    steps.append(
        _step("专项扣除(三险一金)", "Special deductions (social insurance, housing fund)", special_deductions)
    )
    for key in SPECIAL_ADDITIONAL_KEYS:
        if special_additional[key] > 0:
            zh, en = SPECIAL_ADDITIONAL_LABELS[key]
            steps.append(
                _step(f"专项附加扣除:{zh}", f"Special additional deduction: {en}", special_additional[key])
            )
    special_additional_total = sum(special_additional.values(), ZERO)
    steps.append(_step("专项附加扣除合计", "Special additional deductions, total", special_additional_total))
    if other_deductions > 0:
        steps.append(_step("其他扣除", "Other deductions", other_deductions))

    before_donations = comprehensive - rules.basic_deduction - special_deductions
    before_donations -= special_additional_total + other_deductions
    donation_cap = round_cents(max(before_donations, ZERO) * rules.donation_cap_rate)
    donations_allowed = min(donations, donation_cap)
    if donations > 0:
        note = (
            ""
            if donations_allowed == donations
            else (f"{_grouped(donations)} → {_percent(rules.donation_cap_rate)} cap {_grouped(donation_cap)}")
        )
        steps.append(_step("准予扣除的捐赠额", "Eligible donations", donations_allowed, note))

    taxable = max(before_donations - donations_allowed, ZERO)
    steps.append(_step("应纳税所得额", "Taxable income", taxable))
    bracket = rules.annual_table.find(taxable)
    rate_text = f"{_percent(bracket.rate)} - {_grouped(bracket.quick_deduction)}"
    steps.append(_step("税率 - 速算扣除数", "Rate - quick deduction", None, rate_text))
    tax = round_cents(taxable * bracket.rate - bracket.quick_deduction)
    steps.append(_step("应纳税额", "Tax due for the year", tax))
    steps.append(_step("已缴(预扣)税额", "Tax prepaid (withheld)", prepaid))
    balance = tax - prepaid

    exemption: Exemption | None = None
    if balance > 0:
        result = ReconciliationResult.PAY
        rule = rules.filing_exemption
        if rule.applies_to(inp.year) and comprehensive <= rule.income_max:
            exemption = Exemption.INCOME_LE_120000
        elif rule.applies_to(inp.year) and balance <= rule.balance_max:
            exemption = Exemption.BALANCE_LE_400
        filing_required = exemption is None
    elif balance < 0:
        result, filing_required = ReconciliationResult.REFUND, True
    else:
        result, filing_required = ReconciliationResult.NONE, False
    steps.append(_step(*_RESULT_LABELS[result], balance, _EXEMPTION_TEXT.get(exemption, "")))

    return AnnualResult(
        year=inp.year,
        rule_version=rules.version,
        comprehensive_income=comprehensive,
        special_additional=special_additional,
        donations_allowed=donations_allowed,
        total_deductions=comprehensive - before_donations + donations_allowed,
        taxable_income=taxable,
        rate=bracket.rate,
        quick_deduction=bracket.quick_deduction + ZERO,
        tax=tax,
        prepaid_tax=prepaid,
        balance=balance,
        result=result,
        filing_required=filing_required,
        exemption=exemption,
        steps=tuple(steps),
    )


_RESULT_LABELS: Mapping[ReconciliationResult, tuple[str, str]] = {
    ReconciliationResult.PAY: ("应补税额", "Tax to pay"),
    ReconciliationResult.REFUND: ("应退税额(负数)", "Refund due (negative)"),
    ReconciliationResult.NONE: ("无需补退税", "Nothing to pay or refund"),
}
_EXEMPTION_TEXT: Mapping[Exemption | None, str] = {
    Exemption.INCOME_LE_120000: "收入不超过12万元,免于办理 / income at most 120,000: no filing needed",
    Exemption.BALANCE_LE_400: "补税不超过400元,免于办理 / at most 400 to pay: no filing needed",
}


def deductions_from_answers(answers: DeductionAnswers, year: int) -> dict[str, Decimal]:
    """Annual special additional deduction amounts from the kiosk's simple questions.

    - children_ages: each child's age at the end of ``year``; under 3 -> infant care, else
      children's education (the month a child turns 3 is not asked; the whole year goes to one),
      2,000 a month x ``child_share_percent`` (100 or 50);
    - supports_elderly: an only child 3,000 a month, else ``elderly_share`` a month (at most 1,500);
    - housing: ``none``, ``loan`` (1,000 a month) or ``rent_tier1/2/3`` (1,500 / 1,100 / 800);
    - continuing_education_months (0-12) x 400, plus 3,600 with ``vocational_certificate``;
    - illness_self_paid: the part above 15,000, at most 80,000;
    - months_employed (0-12): the months in which the monthly conditions (children, elderly,
      housing) held; continuing education has its own month count.
    Every key of :data:`kiosk.rules.SPECIAL_ADDITIONAL_KEYS` is in the result, rounded to cents.
    """
    rules = iit_rules(year).special_additional
    months = answers.months_employed
    if isinstance(months, bool) or not isinstance(months, int) or not 0 <= months <= 12:
        raise UserInputError(f"months_employed must be a whole number from 0 to 12, got {months!r}.")
    if answers.child_share_percent not in (100, 50):
        raise UserInputError(f"child_share_percent must be 100 or 50, got {answers.child_share_percent!r}.")
    if len(answers.children_ages) > rules.max_children:
        raise UserInputError(f"children_ages lists more than {rules.max_children} children.")
    share = Decimal(answers.child_share_percent) / 100
    infant = education = ZERO
    for age in answers.children_ages:
        if isinstance(age, bool) or not isinstance(age, int) or age < 0:
            raise UserInputError(f"children_ages must hold whole ages of 0 or more, got {age!r}.")
        if age < rules.infant_care_age_below:
            infant += rules.infant_care_monthly * months * share
        else:
            education += rules.children_education_monthly * months * share

    elderly = ZERO
    if answers.supports_elderly:
        if answers.only_child:
            elderly = rules.elderly_only_child_monthly * months
        else:
            monthly = parse_amount(answers.elderly_share, "elderly_share")
            if monthly > rules.elderly_sibling_share_max_monthly:
                raise UserInputError(
                    f"elderly_share of {monthly} a month is above the sibling maximum of "
                    f"{rules.elderly_sibling_share_max_monthly} a month."
                )
            elderly = monthly * months

    loan = rent = ZERO
    if answers.housing == "loan":
        loan = rules.housing_loan_monthly * months
    elif answers.housing.startswith("rent_") and answers.housing[5:] in rules.housing_rent_monthly:
        rent = rules.housing_rent_monthly[answers.housing[5:]] * months
    elif answers.housing != "none":
        tiers = ", ".join(f"rent_{t}" for t in rules.housing_rent_monthly)
        raise UserInputError(f"housing must be one of none, loan, {tiers}; got {answers.housing!r}.")

    ce_months = answers.continuing_education_months
    if isinstance(ce_months, bool) or not isinstance(ce_months, int) or not 0 <= ce_months <= 12:
        raise UserInputError(
            f"continuing_education_months must be a whole number from 0 to 12, got {ce_months!r}."
        )
    continuing = rules.continuing_education_monthly * ce_months
    if answers.vocational_certificate:
        continuing += rules.vocational_certificate

    self_paid = parse_amount(answers.illness_self_paid, "illness_self_paid")
    illness = min(max(self_paid - rules.illness_threshold, ZERO), rules.illness_cap)

    amounts = {
        "children_education": education,
        "infant_care": infant,
        "elderly_support": elderly,
        "continuing_education": continuing,
        "serious_illness": illness,
        "housing_loan_interest": loan,
        "housing_rent": rent,
    }
    return {key: round_cents(amounts[key]) for key in SPECIAL_ADDITIONAL_KEYS}
