"""IIT annual reconciliation (综合所得年度汇算): comprehensive income -> tax -> pay or refund.

Decisions (the sources leave them open; docs/tax-rules.md has the sources):

- Annual one-off bonus: ``wages`` excludes the bonus. Both methods are computed: separate (bonus
  / 12 on the monthly table, the comprehensive income without it) and combined (added to the
  wages). ``best`` applies the cheaper; a tie goes to separate. ``tax`` is the year's total under
  the method applied (the bonus tax included when separate) and ``prepaid_tax`` is everything
  withheld in the year, on the bonus too, so the balance is the same as the return's. A bonus
  taxed separately is not comprehensive income (财税〔2018〕164号: 不并入当年综合所得), so it is
  left out of the receipts the filing exemption looks at; combined, it counts.
- Other deductions (health insurance, personal pension, tax-deferred pension, annuity) are the
  amounts paid; each is deducted up to its cap (the annuity and tax-deferred pension caps are
  shares of the year's wages, bonus included). One claimed for a year the deduction did not
  exist is refused. ``other_deductions`` stays for any other deduction the person has.
- Donations: ordinary ones are deducted up to ``donation_cap_rate`` (30%) of the taxable income
  before donations; those the law deducts in full come first. Neither takes taxable income below
  0; the excess is ignored (shown in the steps). Donations are deducted from the comprehensive
  income only, never from a separately taxed bonus (公告2019年第99号 would allow that; not asked).
- Caps: an amount the law cannot allow whatever the family is refused (see
  :meth:`kiosk.rules.iit.SpecialAdditionalRules.annual_caps`); children_education and infant_care
  are capped at 12 months x the monthly amount a child for at most ``max_children`` (10)
  children, together. Loan interest and rent together are refused. Amounts must be non-negative
  with at most two decimals. ``elderly_support_share_monthly`` (a person with siblings) caps the
  elderly support at 12 x the share, itself at most the year's sibling maximum.
- Filing exemption: by the table of the year (2019-2027). Receipts (gross) are tested first,
  then the balance. An exempt payment keeps ``result == "pay"`` and its balance (the person
  *may* still pay) with ``filing_required`` False. ``agent_failed_to_withhold`` removes the
  exemption. A refund needs a filing (``filing_required`` True); a zero balance needs none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kiosk.domain.reconciliation import (
    BonusMethod,
    ComputationStep,
    DeductionAnswers,
    Donation,
    ReconciliationPreview,
)
from kiosk.errors import UserInputError
from kiosk.rules import OTHER_DEDUCTION_KEYS, SPECIAL_ADDITIONAL_KEYS, IitRules, NoRuleTable, iit_rules
from kiosk.rules.brackets import Bracket
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
OTHER_DEDUCTION_LABELS: Mapping[str, tuple[str, str]] = {
    "health_insurance": ("商业健康保险", "Commercial health insurance"),
    "personal_pension": ("个人养老金", "Personal pension"),
    "tax_deferred_pension": ("税延养老保险", "Tax-deferred commercial pension"),
    "annuity": ("企业年金、职业年金", "Enterprise or occupational annuity"),
}
_INCOME_LABELS: Mapping[str, tuple[str, str]] = {
    "wages": ("工资薪金", "Wages and salaries"),
    "labor_remuneration": ("劳务报酬", "Labour remuneration"),
    "author_remuneration": ("稿酬", "Author's remuneration"),
    "royalties": ("特许权使用费", "Royalties"),
}
_METHOD_LABELS: Mapping[BonusMethod, tuple[str, str]] = {
    BonusMethod.SEPARATE: ("单独计税", "separate"),
    BonusMethod.COMBINED: ("并入综合所得", "combined"),
}
MONTHS = 12


class ReconciliationResult(StrEnum):
    PAY = "pay"
    REFUND = "refund"
    NONE = "none"


class Exemption(StrEnum):
    INCOME_LE_120000 = "income_le_120000"  # receipts (收入) at most 120,000
    BALANCE_LE_400 = "balance_le_400"


@dataclass(frozen=True)
class AnnualInput:
    """One person's year. Amounts are annual, Decimal (int and decimal strings are accepted too)."""

    year: int
    wages: Decimal = ZERO  # wages and salaries, the annual one-off bonus not included
    labor_remuneration: Decimal = ZERO
    author_remuneration: Decimal = ZERO
    royalties: Decimal = ZERO
    special_deductions: Decimal = ZERO  # 三险一金
    # keys: children_education, infant_care, elderly_support, continuing_education,
    # serious_illness, housing_loan_interest, housing_rent; a missing key means 0
    special_additional_deductions: Mapping[str, Decimal] = field(default_factory=dict)
    other_deductions: Decimal = ZERO  # any other deduction not asked about below
    # An amount (ordinary donations, as before) or a list of Donation entries; capped by compute_annual
    donations: Decimal | Sequence[Donation] = ZERO
    prepaid_tax: Decimal = ZERO  # everything withheld or prepaid in the year, on the bonus too
    bonus: Decimal = ZERO  # the annual one-off bonus (全年一次性奖金)
    bonus_method: BonusMethod | str = BonusMethod.BEST
    health_insurance: Decimal = ZERO  # amounts paid; deducted up to each cap
    personal_pension: Decimal = ZERO
    tax_deferred_pension: Decimal = ZERO
    annuity: Decimal = ZERO
    elderly_support_share_monthly: Decimal | None = None  # a sibling's monthly share, if not an only child
    agent_failed_to_withhold: bool = False  # a withholding agent failed to withhold: no exemption


@dataclass(frozen=True)
class AnnualResult:
    year: int
    rule_version: str
    comprehensive_income: Decimal  # 收入额 under the method applied
    receipts_total: Decimal  # 收入合计: gross receipts of comprehensive income (the bonus when combined)
    special_additional: Mapping[str, Decimal]  # every key, validated
    other_deductions: Mapping[str, Decimal]  # every OTHER_DEDUCTION_KEYS key: the part allowed
    donations_allowed: Decimal
    total_deductions: Decimal  # everything subtracted from comprehensive income, donations included
    taxable_income: Decimal  # never below 0
    rate: Decimal
    quick_deduction: Decimal
    tax: Decimal  # the year's tax under the method applied (bonus_tax included when separate)
    prepaid_tax: Decimal
    balance: Decimal  # tax - prepaid: positive to pay, negative to refund
    result: ReconciliationResult
    filing_required: bool
    exemption: Exemption | None
    steps: tuple[ComputationStep, ...]
    bonus: Decimal = ZERO
    bonus_method: BonusMethod | None = None  # the method applied; None without a bonus
    bonus_tax: Decimal = ZERO  # tax on the bonus by the separate method
    bonus_rate: Decimal = ZERO
    bonus_quick_deduction: Decimal = ZERO
    separate_total: Decimal = ZERO  # the year's tax, bonus taxed separately
    combined_total: Decimal = ZERO  # the year's tax, bonus added to the wages

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
            other_deductions=dict(self.other_deductions),
            donations_allowed=self.donations_allowed,
            receipts_total=self.receipts_total,
            bonus=self.bonus,
            bonus_method=self.bonus_method,
            bonus_tax=self.bonus_tax,
            separate_total=self.separate_total if self.bonus > 0 else None,
            combined_total=self.combined_total if self.bonus > 0 else None,
        )


def rules_for_year(year: int, rules: IitRules | None = None) -> IitRules:
    """``rules`` when given and covering ``year``, else the shipped table for ``year``."""
    if rules is None:
        return iit_rules(year)
    if isinstance(year, bool) or not isinstance(year, int) or not rules.covers(year):
        raise NoRuleTable(f"The rule table {rules.version} does not cover the tax year {year}.")
    return rules


def validate_special_additional(
    claims: Mapping[str, object],
    rules: IitRules,
    year: int | None = None,
    elderly_share_monthly: Decimal | None = None,
) -> dict[str, Decimal]:
    """Every special additional deduction key with a checked annual amount (missing -> 0).

    Raises :class:`UserInputError` naming the field for an unknown key, a bad amount, an amount
    above its legal annual maximum, a deduction that did not exist in ``year`` (infant care before
    2022), or housing loan interest together with housing rent. ``elderly_share_monthly`` (already
    checked against the sibling maximum) caps elderly_support at 12 x the share and is the amount
    when elderly_support is not given.
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
    year = rules.from_year if year is None else year
    sad = rules.special_additional
    if amounts["infant_care"] > 0 and not sad.infant_care_exists(year):
        raise UserInputError(
            f"infant_care cannot be claimed for {year}: the deduction began in {sad.infant_care_from_year}."
        )
    caps = sad.annual_caps()
    if elderly_share_monthly is not None:
        sibling_cap = elderly_share_monthly * MONTHS
        if "elderly_support" not in claims:
            amounts["elderly_support"] = round_cents(sibling_cap)
        elif amounts["elderly_support"] > sibling_cap:
            raise UserInputError(
                f"elderly_support of {amounts['elderly_support']} is above 12 months of the share "
                f"elderly_support_share_monthly ({sibling_cap:.2f})."
            )
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


def _step(zh: str, en: str, amount: Decimal | None = None, text: str = "", text_en: str = "") -> ComputationStep:
    return ComputationStep(label_zh=zh, label_en=en, amount=amount, text=text, text_en=text_en)


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def _grouped(amount: Decimal) -> str:
    return f"{amount:,.2f}".removesuffix(".00")


def _bonus_method(value: object) -> BonusMethod:
    if isinstance(value, str) and value in BonusMethod.__members__.values():
        return BonusMethod(value)
    choices = ", ".join(m.value for m in BonusMethod)
    raise UserInputError(f"bonus_method must be one of {choices}, got {value!r}.")


def _donations(value: object) -> tuple[Decimal, Decimal]:
    """(ordinary, full) donation totals from an amount or a list of :class:`Donation` entries."""
    if not isinstance(value, list | tuple):
        return parse_amount(value, "donations"), ZERO
    ordinary = full = ZERO
    for i, entry in enumerate(value):
        if not isinstance(entry, Donation):
            raise UserInputError(f"donations[{i}] must be a donation (an amount and whether it is full).")
        if not isinstance(entry.full, bool):
            raise UserInputError(f"donations[{i}].full must be true or false, got {entry.full!r}.")
        amount = parse_amount(entry.amount, f"donations[{i}].amount")
        if entry.full:
            full += amount
        else:
            ordinary += amount
    return ordinary, full


@dataclass(frozen=True)
class _Deductions:
    special: Decimal  # 三险一金
    special_additional: Mapping[str, Decimal]
    others: Mapping[str, Decimal]  # allowed part of each other deduction
    others_paid: Mapping[str, Decimal]
    other: Decimal  # the free "other deductions" amount
    ordinary_donations: Decimal
    full_donations: Decimal

    @property
    def before_donations(self) -> Decimal:
        return (
            self.special
            + sum(self.special_additional.values(), ZERO)
            + sum(self.others.values(), ZERO)
            + self.other
        )


@dataclass(frozen=True)
class _Comprehensive:
    """Comprehensive income -> tax, for one way of treating the bonus."""

    incomes: Mapping[str, Decimal]  # gross, wages with the bonus when combined
    comprehensive: Decimal
    before_donations: Decimal
    donation_cap: Decimal
    ordinary_allowed: Decimal
    full_allowed: Decimal
    taxable: Decimal
    bracket: Bracket
    tax: Decimal

    @property
    def donations_allowed(self) -> Decimal:
        return self.ordinary_allowed + self.full_allowed


def _comprehensive(incomes: Mapping[str, Decimal], ded: _Deductions, rules: IitRules) -> _Comprehensive:
    comprehensive = round_cents(sum((a * rules.income_factors[k] for k, a in incomes.items()), ZERO))
    before = comprehensive - rules.basic_deduction - ded.before_donations
    room = max(before, ZERO)
    full_allowed = min(ded.full_donations, room)
    cap = round_cents(room * rules.donation_cap_rate)
    ordinary_allowed = min(ded.ordinary_donations, cap, room - full_allowed)
    taxable = max(before - full_allowed - ordinary_allowed, ZERO)
    bracket = rules.annual_table.find(taxable)
    tax = round_cents(taxable * bracket.rate - bracket.quick_deduction)
    return _Comprehensive(
        incomes, comprehensive, before, cap, ordinary_allowed, full_allowed, taxable, bracket, tax
    )


def _other_deductions(inp: AnnualInput, rules: IitRules, wage_income: Decimal) -> tuple[dict, dict]:
    """(allowed, paid) by key for the other deductions, each capped; refused for a year without it."""
    allowed: dict[str, Decimal] = {}
    paid: dict[str, Decimal] = {}
    for key in OTHER_DEDUCTION_KEYS:
        amount = parse_amount(getattr(inp, key), key)
        rule = rules.other_deductions[key]
        if amount > 0 and not rule.applies_to(inp.year):
            span = f"from {rule.from_year}" if rule.to_year is None else f"{rule.from_year}-{rule.to_year}"
            raise UserInputError(f"{key} cannot be deducted for {inp.year}: the deduction applies {span}.")
        cap = rule.cap(wage_income)
        paid[key] = amount
        allowed[key] = amount if cap is None else min(amount, round_cents(cap))
    return allowed, paid


def _elderly_share(inp: AnnualInput, rules: IitRules) -> Decimal | None:
    if inp.elderly_support_share_monthly is None:
        return None
    share = parse_amount(inp.elderly_support_share_monthly, "elderly_support_share_monthly")
    most = rules.special_additional.elderly_sibling_share_max_monthly
    if share > most:
        raise UserInputError(
            f"elderly_support_share_monthly of {share} is above the most a person with siblings may "
            f"claim in {inp.year} ({most:.2f} a month)."
        )
    return share


def compute_annual(inp: AnnualInput, rules: IitRules | None = None) -> AnnualResult:
    """Compute the annual reconciliation of ``inp`` with the rules of its year (or ``rules``).

    Raises :class:`kiosk.errors.UserInputError` (one sentence naming the field) for a bad amount or
    claim, :class:`kiosk.rules.NoRuleTable` for a year no table covers.
    """
    rules = rules_for_year(inp.year, rules)
    incomes = {key: parse_amount(getattr(inp, key), key) for key in rules.income_factors}
    bonus = parse_amount(inp.bonus, "bonus")
    method = _bonus_method(inp.bonus_method)
    if bonus > 0 and method is BonusMethod.SEPARATE and not rules.bonus_separate_taxation:
        raise UserInputError(f"The bonus cannot be taxed separately in {inp.year}; use combined.")
    if not isinstance(inp.agent_failed_to_withhold, bool):
        raise UserInputError("agent_failed_to_withhold must be true or false.")
    ordinary, full = _donations(inp.donations)
    others, others_paid = _other_deductions(inp, rules, incomes["wages"] + bonus)
    ded = _Deductions(
        special=parse_amount(inp.special_deductions, "special_deductions"),
        special_additional=validate_special_additional(
            inp.special_additional_deductions, rules, inp.year, _elderly_share(inp, rules)
        ),
        others=others,
        others_paid=others_paid,
        other=parse_amount(inp.other_deductions, "other_deductions"),
        ordinary_donations=ordinary,
        full_donations=full,
    )
    prepaid = parse_amount(inp.prepaid_tax, "prepaid_tax")

    combined = _comprehensive({**incomes, "wages": incomes["wages"] + bonus}, ded, rules)
    separate = _comprehensive(incomes, ded, rules)
    bonus_bracket = rules.monthly_table.find(bonus / MONTHS)
    bonus_tax = round_cents(bonus * bonus_bracket.rate - bonus_bracket.quick_deduction)
    separate_total = separate.tax + bonus_tax
    if bonus == 0:
        applied_method: BonusMethod | None = None
    elif method is BonusMethod.BEST:
        cheaper = rules.bonus_separate_taxation and separate_total <= combined.tax
        applied_method = BonusMethod.SEPARATE if cheaper else BonusMethod.COMBINED
    else:
        applied_method = method
    is_separate = applied_method is BonusMethod.SEPARATE
    applied = separate if is_separate else combined
    tax = separate_total if is_separate else combined.tax
    receipts = sum(applied.incomes.values(), ZERO)

    steps = _income_steps(incomes, bonus, applied_method, applied, rules)
    steps += _deduction_steps(ded, applied, rules)
    steps.append(_step("应纳税所得额", "Taxable income", applied.taxable))
    bracket = applied.bracket
    rate_text = f"{_percent(bracket.rate)} - {_grouped(bracket.quick_deduction)}"
    steps.append(_step("税率 - 速算扣除数", "Rate - quick deduction", None, rate_text))
    if is_separate:
        steps.append(_step("综合所得应纳税额", "Tax on comprehensive income", applied.tax))
        steps.append(_step("全年一次性奖金(单独计税)", "Annual one-off bonus (taxed separately)", bonus))
        bonus_text = (
            f"{_grouped(bonus)} ÷ 12 → {_percent(bonus_bracket.rate)} - {_grouped(bonus_bracket.quick_deduction)}"
        )
        steps.append(_step("奖金税率 - 速算扣除数", "Bonus rate - quick deduction", None, bonus_text))
        steps.append(_step("奖金应纳税额", "Tax on the bonus", bonus_tax))
    steps.append(_step("应纳税额", "Tax due for the year", tax))
    if applied_method is not None:
        sep_zh, sep_en = _METHOD_LABELS[BonusMethod.SEPARATE]
        comb_zh, comb_en = _METHOD_LABELS[BonusMethod.COMBINED]
        chosen_zh, chosen_en = _METHOD_LABELS[applied_method]
        comparison = f"{sep_zh} {_grouped(separate_total)} · {comb_zh} {_grouped(combined.tax)} → {chosen_zh}"
        comparison_en = f"{sep_en} {_grouped(separate_total)} · {comb_en} {_grouped(combined.tax)} → {chosen_en}"
        steps.append(_step("奖金计税方式", "Bonus taxation", None, comparison, comparison_en))
    steps.append(_step("已缴(预扣)税额", "Tax prepaid (withheld)", prepaid))
    balance = tax - prepaid

    exemption: Exemption | None = None
    if balance > 0:
        result = ReconciliationResult.PAY
        rule = rules.filing_exemption
        if inp.agent_failed_to_withhold or not rule.applies_to(inp.year):
            exemption = None
        elif receipts <= rule.receipts_max:
            exemption = Exemption.INCOME_LE_120000
        elif balance <= rule.balance_max:
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
        comprehensive_income=applied.comprehensive,
        receipts_total=receipts,
        special_additional=ded.special_additional,
        other_deductions=ded.others,
        donations_allowed=applied.donations_allowed,
        total_deductions=rules.basic_deduction + ded.before_donations + applied.donations_allowed,
        taxable_income=applied.taxable,
        rate=bracket.rate,
        quick_deduction=bracket.quick_deduction + ZERO,
        tax=tax,
        prepaid_tax=prepaid,
        balance=balance,
        result=result,
        filing_required=filing_required,
        exemption=exemption,
        steps=tuple(steps),
        bonus=bonus,
        bonus_method=applied_method,
        bonus_tax=bonus_tax,
        bonus_rate=bonus_bracket.rate if bonus > 0 else ZERO,
        bonus_quick_deduction=bonus_bracket.quick_deduction + ZERO if bonus > 0 else ZERO,
        separate_total=separate_total,
        combined_total=combined.tax,
    )


def _income_steps(
    incomes: Mapping[str, Decimal],
    bonus: Decimal,
    method: BonusMethod | None,
    applied: _Comprehensive,
    rules: IitRules,
) -> list[ComputationStep]:
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
        if key == "wages" and method is BonusMethod.COMBINED:
            steps.append(_step("全年一次性奖金(并入综合所得)", "Annual one-off bonus (added to wages)", bonus))
    steps.append(_step("收入额合计", "Comprehensive income", applied.comprehensive))
    return steps


def _deduction_steps(ded: _Deductions, applied: _Comprehensive, rules: IitRules) -> list[ComputationStep]:
    steps = [
        _step("减除费用", "Basic deduction", rules.basic_deduction + ZERO),
        _step("专项扣除(三险一金)", "Special deductions (social insurance, housing fund)", ded.special),
    ]
    for key in SPECIAL_ADDITIONAL_KEYS:
        if ded.special_additional[key] > 0:
            zh, en = SPECIAL_ADDITIONAL_LABELS[key]
            steps.append(
                _step(f"专项附加扣除:{zh}", f"Special additional deduction: {en}", ded.special_additional[key])
            )
    special_additional_total = sum(ded.special_additional.values(), ZERO)
    steps.append(_step("专项附加扣除合计", "Special additional deductions, total", special_additional_total))
    for key in OTHER_DEDUCTION_KEYS:
        paid, allowed = ded.others_paid[key], ded.others[key]
        if paid > 0:
            zh, en = OTHER_DEDUCTION_LABELS[key]
            note = "" if allowed == paid else f"{_grouped(paid)} → cap {_grouped(allowed)}"
            steps.append(_step(f"其他扣除:{zh}", f"Other deduction: {en}", allowed, note))
    if ded.other > 0:
        steps.append(_step("其他扣除", "Other deductions", ded.other))
    if ded.full_donations > 0:
        note = "" if applied.full_allowed == ded.full_donations else f"{_grouped(ded.full_donations)} → taxable income"
        steps.append(_step("全额扣除的捐赠额", "Donations deducted in full", applied.full_allowed, note))
    if ded.ordinary_donations > 0:
        note = (
            ""
            if applied.ordinary_allowed == ded.ordinary_donations
            else (
                f"{_grouped(ded.ordinary_donations)} → {_percent(rules.donation_cap_rate)} cap "
                f"{_grouped(applied.donation_cap)}"
            )
        )
        steps.append(_step("准予扣除的捐赠额", "Eligible donations", applied.ordinary_allowed, note))
    return steps


_RESULT_LABELS: Mapping[ReconciliationResult, tuple[str, str]] = {
    ReconciliationResult.PAY: ("应补税额", "Tax to pay"),
    ReconciliationResult.REFUND: ("应退税额(负数)", "Refund due (negative)"),
    ReconciliationResult.NONE: ("无需补退税", "Nothing to pay or refund"),
}
_EXEMPTION_TEXT: Mapping[Exemption | None, str] = {
    Exemption.INCOME_LE_120000: "收入不超过12万元,免于办理 / receipts at most 120,000: no filing needed",
    Exemption.BALANCE_LE_400: "补税不超过400元,免于办理 / at most 400 to pay: no filing needed",
}


def _whole(value: object, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise UserInputError(f"{name} must be a whole number from {low} to {high}, got {value!r}.")
    return value


def deductions_from_answers(answers: DeductionAnswers, year: int) -> dict[str, Decimal]:
    """Annual special additional deduction amounts from the kiosk's simple questions.

    - children_ages: each child's age at the end of ``year``; under 3 -> infant care (from 2022;
      nothing before), else children's education (the month a child turns 3 is not asked; the
      whole year goes to one), the year's monthly amount x ``child_share_percent`` (100 or 50);
    - supports_elderly: an only child the year's only-child amount a month (3,000 from 2023, 2,000
      before), else ``elderly_share`` a month (at most 1,500 from 2023, 1,000 before); without a
      share, an equal split of the only-child amount among ``elderly_sharers`` (three siblings:
      1,000 each from 2023), at most the maximum share;
    - housing: ``none``, ``loan`` (1,000 a month x ``housing_loan_share_percent``: 100, 0 when
      the spouse claims it, 50 only for spouses who each bought a home before the marriage; not
      with ``spouse_claims_rent``) or ``rent_tier1/2/3`` (1,500 / 1,100 / 800);
    - continuing_education_months (0-12) x 400, plus 3,600 with ``vocational_certificate``;
    - illness_self_paid: the part above 15,000, at most 80,000;
    - months_employed (0-12): the months in which the monthly conditions (children, elderly,
      housing) held; continuing education has its own month count.
    Every key of :data:`kiosk.rules.SPECIAL_ADDITIONAL_KEYS` is in the result, rounded to cents.
    """
    rules = iit_rules(year).special_additional
    months = _whole(answers.months_employed, "months_employed", 0, 12)
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
            if rules.infant_care_exists(year):
                infant += rules.infant_care_monthly * months * share
        else:
            education += rules.children_education_monthly * months * share

    elderly = ZERO
    if answers.supports_elderly:
        if answers.only_child:
            elderly = rules.elderly_only_child_monthly * months
        else:
            most = rules.elderly_sibling_share_max_monthly
            sharers = _whole(answers.elderly_sharers, "elderly_sharers", 0, 20)
            if answers.elderly_share is not None:
                monthly = parse_amount(answers.elderly_share, "elderly_share")
                if monthly > most:
                    raise UserInputError(
                        f"elderly_share of {monthly} a month is above the sibling maximum of {most} a month."
                    )
            elif sharers >= 2:
                monthly = min(rules.elderly_only_child_monthly / sharers, most)
            else:
                monthly = most
            elderly = monthly * months

    loan = rent = ZERO
    loan_share = answers.housing_loan_share_percent
    if loan_share not in (100, 50, 0):
        raise UserInputError(f"housing_loan_share_percent must be 100, 50 or 0, got {loan_share!r}.")
    if answers.housing == "loan":
        if loan_share == 50 and not answers.loan_homes_bought_before_marriage:
            raise UserInputError(
                "Spouses share housing loan interest 50/50 only when each bought a home before the "
                "marriage; otherwise one of them claims 100%."
            )
        if answers.spouse_claims_rent:
            raise UserInputError(
                "A couple cannot claim housing loan interest and housing rent in the same year."
            )
        loan = rules.housing_loan_monthly * months * loan_share / 100
    elif answers.housing.startswith("rent_") and answers.housing[5:] in rules.housing_rent_monthly:
        rent = rules.housing_rent_monthly[answers.housing[5:]] * months
    elif answers.housing != "none":
        tiers = ", ".join(f"rent_{t}" for t in rules.housing_rent_monthly)
        raise UserInputError(f"housing must be one of none, loan, {tiers}; got {answers.housing!r}.")

    ce_months = _whole(answers.continuing_education_months, "continuing_education_months", 0, 12)
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


def input_from_answers(
    year: int,
    *,
    wages: Decimal,
    labor_remuneration: Decimal = ZERO,
    author_remuneration: Decimal = ZERO,
    royalties: Decimal = ZERO,
    special_deductions: Decimal = ZERO,
    prepaid_tax: Decimal = ZERO,
    answers: DeductionAnswers,
    agent_failed_to_withhold: bool = False,
) -> tuple[AnnualInput, dict[str, Decimal]]:
    """(the calculator's input, the special additional amounts) for a person's answers.

    ``wages`` are the wages on record, the bonus included; ``answers.bonus`` says how much of them
    was the annual one-off bonus, and is taken out of the wages for the calculator.
    """
    deductions = deductions_from_answers(answers, year)
    on_record = parse_amount(wages, "wages")
    bonus = parse_amount(answers.bonus, "bonus")
    if bonus > on_record:
        raise UserInputError(
            f"The bonus of {bonus} is more than the wages on record ({on_record}); the bonus is part of them."
        )
    inp = AnnualInput(
        year=year,
        wages=on_record - bonus,
        labor_remuneration=labor_remuneration,
        author_remuneration=author_remuneration,
        royalties=royalties,
        special_deductions=special_deductions,
        special_additional_deductions=deductions,
        donations=tuple(answers.donations),
        prepaid_tax=prepaid_tax,
        bonus=bonus,
        bonus_method=answers.bonus_method,
        health_insurance=answers.health_insurance,
        personal_pension=answers.personal_pension,
        tax_deferred_pension=answers.tax_deferred_pension,
        annuity=answers.annuity,
        agent_failed_to_withhold=agent_failed_to_withhold,
    )
    return inp, deductions
