"""IIT annual reconciliation (个税年度汇算): year, income on file, one question a screen, the bonus
choice, the result, the refund account, the commitment.

One question per screen (issue 12): each screen has at most one field typed on the keypad, so the
field and its label stay above the keypad; a question whose answer decides the next screen is a
list of rows, one tap each. The step indicator shows the phases (year, income, deductions, result,
refund account, declaration), not every question.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import assert_never

from kiosk.domain.reconciliation import BonusMethod as Method
from kiosk.domain.reconciliation import Donation
from kiosk.flow import format as fmt
from kiosk.flow.context import WizardContext
from kiosk.flow.events import Intent
from kiosk.flow.forms import Form
from kiosk.flow.navigation import Nav, NavMap
from kiosk.flow.views import (
    Action,
    Block,
    FieldKind,
    FormField,
    KeyValueBlock,
    ListBlock,
    NoticeBlock,
    ParagraphBlock,
    Role,
    Row,
    Text,
    Tile,
    TilesBlock,
    Txt,
)
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import (
    BankAccountView,
    Commitment,
    DeductionAnswers,
    PrintableDocument,
    ReconciliationPrefill,
    ReconciliationPreview,
)

HOUSING = ("none", "loan", "rent_tier1", "rent_tier2", "rent_tier3")
ELDERLY = ("none", "only_child", "shared")
SHARE_METHODS = ("equal", "agreed", "designated")  # 均摊, 约定分摊, 被赡养人指定分摊
OTHERS = ("health_insurance", "personal_pension", "tax_deferred_pension", "annuity")
LOAN_SHARES = ("100", "0", "50")
ZERO = Decimal("0")


class Step(StrEnum):
    YEAR = "year"
    INCOME = "income"
    BONUS = "bonus"
    BONUS_AMOUNT = "bonus_amount"
    CHILDREN = "children"
    ELDERLY = "elderly"
    ELDERLY_SHARE = "elderly_share"
    HOUSING = "housing"
    HOUSING_CHECK = "housing_check"
    EDUCATION = "education"
    ILLNESS = "illness"
    OTHERS = "others"
    DONATIONS = "donations"
    BONUS_CHOICE = "bonus_choice"
    PREVIEW = "preview"
    REFUND = "refund"
    COMMIT = "commit"


# the phase each step belongs to on the step indicator
_PHASE: dict[Step, Step] = {
    Step.YEAR: Step.YEAR,
    Step.INCOME: Step.INCOME,
    Step.BONUS: Step.INCOME,
    Step.BONUS_AMOUNT: Step.INCOME,
    **{
        s: Step.CHILDREN
        for s in (
            Step.CHILDREN,
            Step.ELDERLY,
            Step.ELDERLY_SHARE,
            Step.HOUSING,
            Step.HOUSING_CHECK,
            Step.EDUCATION,
            Step.ILLNESS,
            Step.OTHERS,
            Step.DONATIONS,
        )
    },
    Step.BONUS_CHOICE: Step.PREVIEW,
    Step.PREVIEW: Step.PREVIEW,
    Step.REFUND: Step.REFUND,
    Step.COMMIT: Step.COMMIT,
}


class ReconciliationWizard(Wizard[Step]):
    name = "reconciliation"
    title_key = "menu.reconciliation"
    nav = NavMap(
        Step.YEAR,
        {
            Step.YEAR: Nav("step.year", (Step.INCOME,)),
            Step.INCOME: Nav("step.income", (Step.BONUS,)),
            Step.BONUS: Nav("", (Step.BONUS_AMOUNT, Step.CHILDREN)),
            Step.BONUS_AMOUNT: Nav("", (Step.CHILDREN,)),
            Step.CHILDREN: Nav("step.deductions", (Step.ELDERLY,)),
            Step.ELDERLY: Nav("", (Step.ELDERLY_SHARE, Step.HOUSING)),
            Step.ELDERLY_SHARE: Nav("", (Step.HOUSING,)),
            Step.HOUSING: Nav("", (Step.HOUSING_CHECK, Step.EDUCATION)),
            Step.HOUSING_CHECK: Nav("", (Step.EDUCATION,)),
            Step.EDUCATION: Nav("", (Step.ILLNESS,)),
            Step.ILLNESS: Nav("", (Step.OTHERS,)),
            Step.OTHERS: Nav("", (Step.DONATIONS,)),
            Step.DONATIONS: Nav("", (Step.BONUS_CHOICE, Step.PREVIEW)),
            Step.BONUS_CHOICE: Nav("", (Step.PREVIEW,)),
            Step.PREVIEW: Nav("step.preview", (Step.REFUND, Step.COMMIT)),
            Step.REFUND: Nav("step.refund", (Step.COMMIT,)),
            Step.COMMIT: Nav("step.commit"),
        },
    )

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.submitted: ReconciliationPreview | None = None
        self.document: PrintableDocument | None = None
        self.years: list[int] = []
        self.year = 0
        self.prefill: ReconciliationPrefill | None = None
        self.preview: ReconciliationPreview | None = None
        self.commitment: Commitment | None = None
        self.agreed = False
        self.has_bonus = False
        self.answered: set[Step] = set()
        self.elderly = "none"
        self.housing = "none"
        self.method: Method = Method.BEST  # the bonus method the person chose (best until asked)
        self.accounts: list[BankAccountView] = []
        self.account_id: int | None = None
        self.bonus = Form([FormField("bonus", FieldKind.MONEY, Txt("rec.bonus"), "", hint=Txt("rec.bonus_hint"))])
        self.children = Form(
            [
                FormField("children_under3", FieldKind.STEPPER, Txt("rec.children_under3"), 0, maximum=6),
                FormField("children", FieldKind.STEPPER, Txt("rec.children"), 0, maximum=6),
                FormField(
                    "child_share",
                    FieldKind.CHOICE,
                    Txt("rec.child_share"),
                    "100",
                    options=(("100", Txt("rec.share.100")), ("50", Txt("rec.share.50"))),
                ),
            ]
        )
        self.share = Form(
            [
                FormField(
                    "method",
                    FieldKind.CHOICE,
                    Txt("rec.share_method"),
                    "equal",
                    options=tuple((m, Txt(f"rec.share_method.{m}")) for m in SHARE_METHODS),
                ),
                FormField("sharers", FieldKind.STEPPER, Txt("rec.sharers"), 2, minimum=2, maximum=10),
                FormField("monthly", FieldKind.MONEY, Txt("rec.share_monthly"), ""),
            ]
        )
        self.loan = Form(
            [
                FormField("first_home", FieldKind.TOGGLE, Txt("rec.loan.first_home"), True),
                FormField(
                    "share",
                    FieldKind.CHOICE,
                    Txt("rec.loan.share"),
                    "100",
                    options=tuple((v, Txt(f"rec.loan.share.{v}")) for v in LOAN_SHARES),
                ),
                FormField("before_marriage", FieldKind.TOGGLE, Txt("rec.loan.before_marriage"), False),
                FormField("spouse_rent", FieldKind.TOGGLE, Txt("rec.loan.spouse_rent"), False),
                FormField("spouse_loan", FieldKind.TOGGLE, Txt("rec.rent.spouse_loan"), False),
            ]
        )
        self.education = Form(
            [
                FormField(
                    "education_months",
                    FieldKind.NUMBER,
                    Txt("rec.education_months"),
                    "0",
                    maximum=12,
                    hint=Txt("rec.education_hint"),
                ),
                FormField("vocational", FieldKind.TOGGLE, Txt("rec.vocational"), False),
            ]
        )
        self.illness = Form(
            [FormField("illness", FieldKind.MONEY, Txt("rec.illness"), "", hint=Txt("rec.illness_hint"))]
        )
        self.others = Form(
            [
                FormField(k, FieldKind.MONEY, Txt(f"rec.other.{k}"), "", hint=Txt(f"rec.other.{k}.hint"))
                for k in OTHERS
            ]
        )
        self.donations = Form(
            [
                FormField("ordinary", FieldKind.MONEY, Txt("rec.donation.ordinary"), "",
                          hint=Txt("rec.donation.ordinary.hint")),
                FormField("full", FieldKind.MONEY, Txt("rec.donation.full"), "", hint=Txt("rec.donation.full.hint")),
            ]
        )

    def start(self) -> None:
        self.ctx.call(lambda s: s.reconciliation_years(), then=self._got_years, wait=Txt("wait.host"))

    def _got_years(self, years: list[int]) -> None:
        self.years = list(years)
        self.goto(Step.YEAR)

    # ---- the step indicator: phases ---------------------------------------------------------------
    def indicator(self) -> tuple[tuple[Step, str], ...]:
        steps = self.nav.indicator()
        refund = self.preview is not None and self.preview.result == "refund"
        return tuple((s, k) for s, k in steps if s != Step.REFUND or refund)

    def indicator_index(self) -> int:
        ids = [s for s, _ in self.indicator()]
        phase = _PHASE.get(self.step) if self.step is not None else None
        return ids.index(phase) if phase in ids else -1

    # ---- steps ---------------------------------------------------------------------------------
    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.YEAR:
                return self._view_year()
            case Step.INCOME:
                return self._view_income()
            case Step.BONUS:
                return self._rows_step(
                    Txt.of("rec.bonus.prompt", year=str(self.year)),
                    (("rec.bonus.choose", "no", Txt("rec.bonus.no")), ("rec.bonus.choose", "yes", Txt("rec.bonus.yes"))),
                    "yes" if self.has_bonus else "no",
                    (ParagraphBlock(Txt("rec.bonus.explain")),),
                )
            case Step.BONUS_AMOUNT:
                return self._form_step(Txt("rec.bonus_amount.prompt"), self.bonus, self._bonus_ok())
            case Step.CHILDREN:
                visible = ["children_under3", "children"]
                if self.children.integer("children_under3") + self.children.integer("children"):
                    visible.append("child_share")
                return StepContent(
                    Txt("rec.children.prompt"),
                    self.children.block(visible),
                    Action("wizard.next", Txt("action.next"), Role.PRIMARY),
                )
            case Step.ELDERLY:
                return self._rows_step(
                    Txt("rec.elderly.prompt"),
                    tuple(("rec.elderly.choose", e, Txt(f"rec.elderly.{e}")) for e in ELDERLY),
                    self.elderly,
                )
            case Step.ELDERLY_SHARE:
                return self._view_elderly_share()
            case Step.HOUSING:
                return self._rows_step(
                    Txt("rec.housing.prompt"),
                    tuple(("rec.housing.choose", h, Txt(f"rec.housing.{h}")) for h in HOUSING),
                    self.housing,
                )
            case Step.HOUSING_CHECK:
                return self._view_housing_check()
            case Step.EDUCATION:
                return self._form_step(Txt("rec.education.prompt"), self.education, True)
            case Step.ILLNESS:
                return self._form_step(Txt("rec.illness.prompt"), self.illness, True)
            case Step.OTHERS:
                return self._view_others()
            case Step.DONATIONS:
                return self._form_step(Txt("rec.donations.prompt"), self.donations, True, calculate=True)
            case Step.BONUS_CHOICE:
                return self._view_bonus_choice()
            case Step.PREVIEW:
                return self._view_preview()
            case Step.REFUND:
                return self._view_refund()
            case Step.COMMIT:
                return self._view_commit()
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.YEAR:
                self._on_year(intent)
            case Step.INCOME:
                if intent.name == "wizard.next":
                    self.advance()
            case Step.BONUS:
                if intent.name == "rec.bonus.choose" and intent.value in ("yes", "no"):
                    self.has_bonus = intent.value == "yes"
                    if not self.has_bonus:
                        self.bonus.clear()
                        self.method = Method.BEST
                    self._chose(Step.BONUS_AMOUNT if self.has_bonus else Step.CHILDREN)
            case Step.BONUS_AMOUNT:
                self._on_form(self.bonus, intent, Step.CHILDREN, self._bonus_ok())
            case Step.CHILDREN:
                self._on_form(self.children, intent, Step.ELDERLY, True)
            case Step.ELDERLY:
                if intent.name == "rec.elderly.choose" and intent.value in ELDERLY:
                    self.elderly = str(intent.value)
                    self._chose(Step.ELDERLY_SHARE if self.elderly == "shared" else Step.HOUSING)
            case Step.ELDERLY_SHARE:
                self._on_form(self.share, intent, Step.HOUSING, self._share_problem() is None)
                # an agreed or designated share is typed; an equal one only counted
                self.share.active = None if self.share["method"] == "equal" else "monthly"
            case Step.HOUSING:
                if intent.name == "rec.housing.choose" and intent.value in HOUSING:
                    self.housing = str(intent.value)
                    self._chose(Step.EDUCATION if self.housing == "none" else Step.HOUSING_CHECK)
            case Step.HOUSING_CHECK:
                self._on_form(self.loan, intent, Step.EDUCATION, self._housing_problem() is None)
            case Step.EDUCATION:
                self._on_form(self.education, intent, Step.ILLNESS, True)
            case Step.ILLNESS:
                self._on_form(self.illness, intent, Step.OTHERS, True)
            case Step.OTHERS:
                self._on_form(self.others, intent, Step.DONATIONS, True)
            case Step.DONATIONS:
                if self.donations.handle(intent):
                    return
                if intent.name == "wizard.next":
                    self.method = Method.BEST  # the comparison first; the person then chooses
                    self._calculate()
            case Step.BONUS_CHOICE:
                if intent.name == "rec.bonus_method" and intent.value in (Method.SEPARATE, Method.COMBINED):
                    self.method = Method(intent.value)
                    self._calculate()
            case Step.PREVIEW:
                self._on_preview(intent)
            case Step.REFUND:
                self._on_refund(intent)
            case Step.COMMIT:
                self._on_commit(intent)
            case _:
                assert_never(step)

    # ---- helpers: a list of rows (one tap decides), a form step ---------------------------------
    def _rows_step(
        self,
        prompt: Txt,
        rows: tuple[tuple[str, str, Txt], ...],
        chosen: str,
        extra: tuple[Block, ...] = (),
    ) -> StepContent:
        # a question answered before (the person came Back to it) shows its answer ticked
        answered = self.step in self.answered
        items = tuple(
            Row((text,), value=value, intent=intent, selected=(value == chosen) if answered else None)
            for intent, value, text in rows
        )
        return StepContent(prompt, (ListBlock(items), *extra))

    def _chose(self, then: Step) -> None:
        assert self.step is not None
        self.answered.add(self.step)
        self.goto(then)

    @staticmethod
    def _form_step(prompt: Txt, form: Form, ok: bool, *, calculate: bool = False) -> StepContent:
        label = Txt("action.calculate") if calculate else Txt("action.next")
        return StepContent(prompt, form.block(), Action("wizard.next", label, Role.PRIMARY, enabled=ok))

    def _on_form(self, form: Form, intent: Intent, then: Step, ok: bool) -> None:
        if form.handle(intent):
            return
        if intent.name == "wizard.next" and ok:
            self.goto(then)

    # ---- the answers -----------------------------------------------------------------------------
    def answers(self) -> DeductionAnswers:
        c, e, o, d = self.children, self.education, self.others, self.donations
        ages = (1,) * c.integer("children_under3") + (8,) * c.integer("children")
        share: Decimal | None = None
        sharers = 0
        if self.elderly == "shared":
            if self.share["method"] == "equal":
                sharers = self.share.integer("sharers")
            else:
                share = self.share.decimal("monthly")
        loan = self.housing == "loan"
        donations = []
        if d.decimal("ordinary") > 0:
            donations.append(Donation(d.decimal("ordinary"), False))
        if d.decimal("full") > 0:
            donations.append(Donation(d.decimal("full"), True))
        return DeductionAnswers(
            children_ages=ages,
            child_share_percent=int(c["child_share"]),
            supports_elderly=self.elderly != "none",
            only_child=self.elderly != "shared",
            elderly_share=share,
            elderly_sharers=sharers,
            housing=self.housing,
            housing_loan_share_percent=int(self.loan["share"]) if loan else 100,
            loan_homes_bought_before_marriage=loan and bool(self.loan["before_marriage"]),
            spouse_claims_rent=loan and bool(self.loan["spouse_rent"]),
            spouse_claims_loan=self.housing.startswith("rent_") and bool(self.loan["spouse_loan"]),
            continuing_education_months=e.integer("education_months"),
            vocational_certificate=bool(e["vocational"]),
            illness_self_paid=self.illness.decimal("illness"),
            bonus=self.bonus.decimal("bonus") if self.has_bonus else ZERO,
            bonus_method=self.method,
            health_insurance=o.decimal("health_insurance"),
            personal_pension=o.decimal("personal_pension"),
            tax_deferred_pension=o.decimal("tax_deferred_pension") if self._deferred_open() else ZERO,
            annuity=o.decimal("annuity"),
            donations=tuple(donations),
        )

    # ---- year ----------------------------------------------------------------------------------
    def _view_year(self) -> StepContent:
        tiles = tuple(
            Tile("rec.year", y, Txt.of("rec.year_label", year=str(y)), "calendar") for y in self.years
        )
        blocks: list[Block] = [NoticeBlock(Txt("noneed.income"), "info")]
        blocks.append(TilesBlock(tiles) if tiles else ParagraphBlock(Txt("rec.no_years")))
        return StepContent(Txt("rec.year.prompt"), tuple(blocks))

    def _on_year(self, intent: Intent) -> None:
        if intent.name == "rec.year" and intent.value in self.years:
            year = self.year = int(intent.value)
            self.ctx.call(lambda s: s.reconciliation_prefill(year), then=self._got_prefill, wait=Txt("wait.host"))

    def _got_prefill(self, prefill: ReconciliationPrefill) -> None:
        self.prefill = prefill
        self.advance()

    # ---- income --------------------------------------------------------------------------------
    def _view_income(self) -> StepContent:
        p = self.prefill
        assert p is not None
        lines = (
            (Txt("rec.wages"), fmt.money(p.wages)),
            (Txt("rec.labor"), fmt.money(p.labor_remuneration)),
            (Txt("rec.author"), fmt.money(p.author_remuneration)),
            (Txt("rec.royalties"), fmt.money(p.royalties)),
            (Txt("rec.special"), fmt.money(p.special_deductions)),
        )
        rows = tuple(Row((self.label(s.payer, s.payer_en or s.payer),), fmt.money(s.gross)) for s in p.sources)
        blocks: list[Block] = [KeyValueBlock(lines, (Txt("rec.prepaid"), fmt.money(p.prepaid_tax)))]
        if rows:
            blocks.append(ListBlock(rows))
        blocks.append(ParagraphBlock(Txt("rec.income.wrong")))
        return StepContent(
            Txt.of("rec.income.prompt", year=str(p.year)),
            tuple(blocks),
            Action("wizard.next", Txt("action.correct"), Role.PRIMARY),
        )

    # ---- the bonus amount ------------------------------------------------------------------------
    def _bonus_ok(self) -> bool:
        amount = self.bonus.decimal("bonus")
        return amount > 0 and (self.prefill is None or amount <= self.prefill.wages)

    # ---- the elderly share (not an only child) ---------------------------------------------------
    def _share_max(self) -> Decimal:
        p = self.prefill
        return p.elderly_share_max_monthly if p is not None else Decimal("1500")

    def _share_monthly(self) -> Decimal:
        if self.share["method"] == "equal":
            total = self.prefill.elderly_total_monthly if self.prefill is not None else Decimal("3000")
            return min((total / self.share.integer("sharers")).quantize(Decimal("0.01")), self._share_max())
        return self.share.decimal("monthly")

    def _share_problem(self) -> str | None:
        monthly = self._share_monthly()
        if monthly <= 0:
            return "rec.share.missing"
        if monthly > self._share_max():
            return "rec.share.too_much"
        return None

    def _view_elderly_share(self) -> StepContent:
        equal = self.share["method"] == "equal"
        fields = ["method", "sharers"] if equal else ["method", "monthly"]
        most = fmt.money(self._share_max())
        blocks: list[Block] = [*self.share.block(fields)]
        problem = self._share_problem()
        if problem is None:
            blocks.insert(1, ParagraphBlock(Txt.of("rec.share.result", amount=fmt.money(self._share_monthly())),
                                            emphasis=True))
        else:
            blocks.insert(1, NoticeBlock(Txt.of(problem, amount=most), "error"))
        blocks.insert(1, ParagraphBlock(Txt.of("rec.share.rule", amount=most)))
        if not equal:
            blocks.insert(1, ParagraphBlock(Txt("rec.share.agreement")))
        return StepContent(
            Txt("rec.elderly_share.prompt"),
            tuple(blocks),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=problem is None),
        )

    # ---- housing: the spouse and the law's checks ------------------------------------------------
    def _housing_problem(self) -> str | None:
        f = self.loan
        if self.housing == "loan":
            if not f["first_home"]:
                return "rec.loan.not_first_home"
            if f["share"] == "50" and not f["before_marriage"]:
                return "rec.loan.half_needs_two_homes"
            if f["spouse_rent"]:
                return "rec.housing.not_both"
        elif f["spouse_loan"]:
            return "rec.housing.not_both"
        return None

    def _view_housing_check(self) -> StepContent:
        if self.housing == "loan":
            fields = ["first_home", "share"]
            if self.loan["share"] == "50":
                fields.append("before_marriage")
            fields.append("spouse_rent")
            prompt = Txt("rec.loan.prompt")
        else:
            fields = ["spouse_loan"]
            prompt = Txt("rec.rent.prompt")
        blocks: list[Block] = [*self.loan.block(fields)]
        problem = self._housing_problem()
        if problem is not None:
            blocks.append(NoticeBlock(Txt(problem), "error"))
        return StepContent(
            prompt, tuple(blocks), Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=problem is None)
        )

    # ---- other deductions ------------------------------------------------------------------------
    def _deferred_open(self) -> bool:
        p = self.prefill
        return p is None or "tax_deferred_pension" in p.other_deductions_open

    def _view_others(self) -> StepContent:
        shown = [k for k in OTHERS if k != "tax_deferred_pension" or self._deferred_open()]
        return StepContent(
            Txt.of("rec.others.prompt", year=str(self.year)),
            self.others.block(shown),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY),
        )

    # ---- calculating: the comparison first -------------------------------------------------------
    def _calculate(self) -> None:
        year, answers = self.year, self.answers()
        self.ctx.call(
            lambda s: s.reconciliation_preview(year, answers), then=self._got_preview, wait=Txt("wait.calculating")
        )

    def _got_preview(self, preview: ReconciliationPreview) -> None:
        self.preview = preview
        asked = self.step == Step.BONUS_CHOICE
        if preview.bonus > 0 and not asked and preview.separate_total is not None:
            self.goto(Step.BONUS_CHOICE)
        else:
            self.goto(Step.PREVIEW)

    def _view_bonus_choice(self) -> StepContent:
        pv = self.preview
        assert pv is not None and pv.separate_total is not None and pv.combined_total is not None
        sep, comb = pv.separate_total, pv.combined_total
        best = Method.SEPARATE if sep <= comb else Method.COMBINED
        saves = abs(comb - sep)

        def tile(method: Method, total: Decimal) -> Tile:
            note = Txt.of("rec.bonus.recommended", amount=fmt.money(saves)) if method == best else None
            if method == best and saves == 0:
                note = Txt("rec.bonus.same")
            return Tile(
                "rec.bonus_method",
                method.value,
                Txt.of(f"rec.bonus.{method.value}", amount=fmt.money(total)),
                "calculator",  # the same on both: a tick would read as already chosen; the note recommends
                note,
            )

        blocks: tuple[Block, ...] = (
            TilesBlock((tile(Method.SEPARATE, sep), tile(Method.COMBINED, comb))),
            ParagraphBlock(
                Txt.of(
                    "rec.bonus.saves" if saves > 0 else "rec.bonus.tie",
                    method=Txt(f"rec.bonus.method.{best.value}"),
                    amount=fmt.money(saves),
                ),
                emphasis=True,
            ),
            ParagraphBlock(Txt.of("rec.bonus.amount_line", amount=fmt.money(pv.bonus))),
        )
        return StepContent(Txt("rec.bonus_choice.prompt"), blocks)

    # ---- preview -------------------------------------------------------------------------------
    def _view_preview(self) -> StepContent:
        pv = self.preview
        assert pv is not None
        lines = tuple(
            (self.label(s.label_zh, s.label_en),
             fmt.money(s.amount) if s.amount is not None else self.label(s.text, s.text_en or s.text))
            for s in pv.steps
        )
        if pv.result == "refund":
            verdict = Txt.of("rec.verdict.refund", amount=fmt.money(-pv.balance))
        elif pv.result == "pay":
            verdict = Txt.of("rec.verdict.pay", amount=fmt.money(pv.balance))
        else:
            verdict = Txt("rec.verdict.none")
        blocks: list[Block] = [ParagraphBlock(verdict, emphasis=True)]
        if pv.bonus_method is not None:
            blocks.append(ParagraphBlock(Txt.of("rec.bonus.applied", method=Txt(f"rec.bonus.method.{pv.bonus_method}"))))
        blocks.append(KeyValueBlock(lines, _total_line(pv.result, pv.balance)))
        if pv.exemption:
            blocks.append(NoticeBlock(Txt(f"rec.exemption.{pv.exemption}"), "info"))
        return StepContent(
            Txt("rec.preview.prompt"), tuple(blocks), Action("wizard.next", Txt("action.next"), Role.PRIMARY)
        )

    def _on_preview(self, intent: Intent) -> None:
        if intent.name != "wizard.next" or self.preview is None:
            return
        if self.preview.result == "refund":
            self.ctx.call(lambda s: s.refund_accounts(), then=self._got_accounts, wait=Txt("wait.host"))
        else:
            self.account_id = None
            self._ask_commitment()

    # ---- the refund account ----------------------------------------------------------------------
    def _got_accounts(self, accounts: list[BankAccountView]) -> None:
        self.accounts = list(accounts)
        ids = [a.account_id for a in self.accounts]
        if self.account_id not in ids:
            self.account_id = ids[0] if len(ids) == 1 else None
        self.goto(Step.REFUND)

    def _view_refund(self) -> StepContent:
        pv = self.preview
        assert pv is not None
        amount = fmt.money(-pv.balance)
        if not self.accounts:
            return StepContent(
                Txt.of("rec.refund.prompt", amount=amount),
                (
                    NoticeBlock(Txt("rec.refund.none"), "warning"),
                    ParagraphBlock(Txt("rec.refund.how_to_add")),
                ),
                Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=False),
            )
        rows = tuple(
            Row(
                (self.label(a.bank_zh, a.bank_en), a.masked_number),
                value=a.account_id,
                intent="rec.refund.account",
                selected=a.account_id == self.account_id,
            )
            for a in self.accounts
        )
        return StepContent(
            Txt.of("rec.refund.prompt", amount=amount),
            (ListBlock(rows), ParagraphBlock(Txt("rec.refund.how_to_add"))),
            Action("wizard.next", Txt("action.next"), Role.PRIMARY, enabled=self.account_id is not None),
        )

    def _on_refund(self, intent: Intent) -> None:
        if intent.name == "rec.refund.account" and intent.value in [a.account_id for a in self.accounts]:
            self.account_id = int(intent.value)
            self.ctx.show_wizard()
        elif intent.name == "wizard.next" and self.account_id is not None:
            self._ask_commitment()

    # ---- commitment and submit -----------------------------------------------------------------
    def _ask_commitment(self) -> None:
        self.ctx.call(lambda s: s.commitment(), then=self._got_commitment, wait=Txt("wait.host"))

    def _got_commitment(self, commitment: Commitment) -> None:
        self.commitment = commitment
        self.agreed = False
        self.goto(Step.COMMIT)

    def _view_commit(self) -> StepContent:
        c = self.commitment
        assert c is not None
        return StepContent(
            Txt("rec.commit.prompt"),
            (
                ParagraphBlock(self.label(c.text_zh, c.text_en)),
                ListBlock(
                    (
                        Row(
                            (Txt("rec.agree_on" if self.agreed else "rec.agree_off"),),
                            intent="rec.agree",
                            selected=self.agreed,
                        ),
                    )
                ),
            ),
            Action("wizard.next", Txt("action.submit"), Role.PRIMARY, enabled=self.agreed),
        )

    def _on_commit(self, intent: Intent) -> None:
        if intent.name == "rec.agree":
            self.agreed = not self.agreed
            self.ctx.show_wizard()
        elif intent.name == "wizard.next" and self.agreed and self.commitment is not None:
            year, answers, version = self.year, self.answers(), self.commitment.version
            account = self.account_id if self.preview is not None and self.preview.result == "refund" else None
            self.ctx.call(
                lambda s: s.reconciliation_submit(year, answers, version, account),
                then=self._submitted,
                wait=Txt("wait.submitting"),
            )

    def _submitted(self, answer: tuple[ReconciliationPreview, PrintableDocument]) -> None:
        self.submitted, self.document = answer
        self.ctx.print_document(self.document, self._printed)

    def _printed(self, ok: bool, reason: str) -> None:
        del reason
        preview, doc = self.submitted, self.document
        assert preview is not None and doc is not None
        if preview.result == "pay":
            next_step = Txt.of("rec.done.pay", amount=fmt.money(preview.balance))
        elif preview.result == "refund":
            account = next((a for a in self.accounts if a.account_id == self.account_id), None)
            where = self.label(account.bank_zh, account.bank_en) + " " + account.masked_number if account else ""
            next_step = Txt.of("rec.done.refund_to", amount=fmt.money(-preview.balance), account=where)
        else:
            next_step = Txt("rec.done.none")
        blocks: list[Block] = [
            ParagraphBlock(Txt("rec.done"), emphasis=True),
            ParagraphBlock(next_step),
            KeyValueBlock(((Txt("doc.number"), doc.number),)),
        ]
        if not ok:
            blocks.append(NoticeBlock(Txt("result.not_printed"), "warning"))
        self.ctx.show_result(Txt("result.title"), tuple(blocks), took_slip=ok)


def _total_line(result: str, balance: Decimal) -> tuple[Text, Text]:
    """The bottom line, never a negative amount: "Refund ¥3,681.60" / "Tax to pay ¥1,200.00"."""
    if result == "refund":
        return Txt("rec.total.refund"), fmt.money(-balance)
    if result == "pay":
        return Txt("rec.total.pay"), fmt.money(balance)
    return Txt("rec.balance"), fmt.money(abs(balance))
