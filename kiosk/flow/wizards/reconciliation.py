"""IIT annual reconciliation (个税年度汇算): year, income on file, simple questions, preview, commitment."""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

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
    Tile,
    TilesBlock,
    Txt,
)
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import (
    Commitment,
    DeductionAnswers,
    PrintableDocument,
    ReconciliationPrefill,
    ReconciliationPreview,
)

HOUSING = ("none", "loan", "rent_tier1", "rent_tier2", "rent_tier3")


class Step(StrEnum):
    YEAR = "year"
    INCOME = "income"
    DEDUCTIONS = "deductions"
    PREVIEW = "preview"
    COMMIT = "commit"


class ReconciliationWizard(Wizard[Step]):
    name = "reconciliation"
    title_key = "menu.reconciliation"
    nav = NavMap(
        Step.YEAR,
        {
            Step.YEAR: Nav("step.year", (Step.INCOME,)),
            Step.INCOME: Nav("step.income", (Step.DEDUCTIONS,)),
            Step.DEDUCTIONS: Nav("step.deductions", (Step.PREVIEW,)),
            Step.PREVIEW: Nav("step.preview", (Step.COMMIT,)),
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
        self.form = Form(
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
                FormField("elderly", FieldKind.TOGGLE, Txt("rec.elderly"), False),
                FormField("only_child", FieldKind.TOGGLE, Txt("rec.only_child"), True),
                FormField(
                    "housing",
                    FieldKind.CHOICE,
                    Txt("rec.housing"),
                    "none",
                    options=tuple((h, Txt(f"rec.housing.{h}")) for h in HOUSING),
                ),
                FormField("vocational", FieldKind.TOGGLE, Txt("rec.vocational"), False),
                FormField(
                    "education_months",
                    FieldKind.NUMBER,
                    Txt("rec.education_months"),
                    "0",
                    maximum=48,
                    hint=Txt("rec.education_hint"),
                ),
                FormField("illness", FieldKind.MONEY, Txt("rec.illness"), "0", hint=Txt("rec.illness_hint")),
            ]
        )

    def start(self) -> None:
        self.ctx.call(lambda s: s.reconciliation_years(), then=self._got_years, wait=Txt("wait.host"))

    def _got_years(self, years: list[int]) -> None:
        self.years = list(years)
        self.goto(Step.YEAR)

    # ---- steps ---------------------------------------------------------------------------------
    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.YEAR:
                return self._view_year()
            case Step.INCOME:
                return self._view_income()
            case Step.DEDUCTIONS:
                return self._view_deductions()
            case Step.PREVIEW:
                return self._view_preview()
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
            case Step.DEDUCTIONS:
                self._on_deductions(intent)
            case Step.PREVIEW:
                if intent.name == "wizard.next":
                    self.ctx.call(lambda s: s.commitment(), then=self._got_commitment, wait=Txt("wait.host"))
            case Step.COMMIT:
                self._on_commit(intent)
            case _:
                assert_never(step)

    def answers(self) -> DeductionAnswers:
        f = self.form
        ages = (1,) * f.integer("children_under3") + (8,) * f.integer("children")
        return DeductionAnswers(
            children_ages=ages,
            child_share_percent=int(f["child_share"]),
            supports_elderly=bool(f["elderly"]),
            only_child=bool(f["only_child"]),
            housing=str(f["housing"]),
            continuing_education_months=f.integer("education_months"),
            vocational_certificate=bool(f["vocational"]),
            illness_self_paid=f.decimal("illness"),
        )

    # ---- year ----------------------------------------------------------------------------------
    def _view_year(self) -> StepContent:
        tiles = tuple(
            Tile("rec.year", y, Txt.of("rec.year_label", year=str(y)), "calendar") for y in self.years
        )
        return StepContent(
            Txt("rec.year.prompt"), (TilesBlock(tiles),) if tiles else (ParagraphBlock(Txt("rec.no_years")),)
        )

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
        rows = tuple(Row((s.payer,), fmt.money(s.gross)) for s in p.sources)
        blocks: list[Block] = [KeyValueBlock(lines, (Txt("rec.prepaid"), fmt.money(p.prepaid_tax)))]
        if rows:
            blocks.append(ListBlock(rows))
        blocks.append(ParagraphBlock(Txt("rec.income.wrong")))
        return StepContent(
            Txt.of("rec.income.prompt", year=str(p.year)),
            tuple(blocks),
            Action("wizard.next", Txt("action.correct"), Role.PRIMARY),
        )

    # ---- deductions ----------------------------------------------------------------------------
    def _view_deductions(self) -> StepContent:
        visible = ["children_under3", "children"]
        if self.form.integer("children_under3") + self.form.integer("children"):
            visible.append("child_share")
        visible.append("elderly")
        if self.form["elderly"]:
            visible.append("only_child")
        visible += ["housing", "vocational", "education_months", "illness"]
        return StepContent(
            Txt("rec.deductions.prompt"),
            self.form.block(visible),
            Action("wizard.next", Txt("action.calculate"), Role.PRIMARY),
        )

    def _on_deductions(self, intent: Intent) -> None:
        if self.form.handle(intent):
            return
        if intent.name == "wizard.next":
            year, answers = self.year, self.answers()
            self.ctx.call(
                lambda s: s.reconciliation_preview(year, answers), then=self._got_preview, wait=Txt("wait.calculating")
            )

    def _got_preview(self, preview: ReconciliationPreview) -> None:
        self.preview = preview
        self.advance()

    # ---- preview -------------------------------------------------------------------------------
    def _view_preview(self) -> StepContent:
        pv = self.preview
        assert pv is not None
        lines = tuple(
            (self.label(s.label_zh, s.label_en), fmt.money(s.amount) if s.amount is not None else s.text)
            for s in pv.steps
        )
        if pv.result == "refund":
            verdict = Txt.of("rec.verdict.refund", amount=fmt.money(-pv.balance))
        elif pv.result == "pay":
            verdict = Txt.of("rec.verdict.pay", amount=fmt.money(pv.balance))
        else:
            verdict = Txt("rec.verdict.none")
        blocks: list[Block] = [
            KeyValueBlock(lines, (Txt("rec.balance"), fmt.money(pv.balance))),
            ParagraphBlock(verdict, emphasis=True),
        ]
        if pv.exemption:
            blocks.append(NoticeBlock(Txt(f"rec.exemption.{pv.exemption}"), "info"))
        return StepContent(
            Txt("rec.preview.prompt"), tuple(blocks), Action("wizard.next", Txt("action.next"), Role.PRIMARY)
        )

    def _got_commitment(self, commitment: Commitment) -> None:
        self.commitment = commitment
        self.agreed = False
        self.advance()

    # ---- commitment and submit -----------------------------------------------------------------
    def _view_commit(self) -> StepContent:
        c = self.commitment
        assert c is not None
        return StepContent(
            Txt("rec.commit.prompt"),
            (
                ParagraphBlock(self.label(c.text_zh, c.text_en)),
                TilesBlock(
                    (
                        Tile(
                            "rec.agree",
                            None,
                            Txt("rec.agree_on" if self.agreed else "rec.agree_off"),
                            "check-on" if self.agreed else "check-off",
                        ),
                    )
                ),
            ),
            Action("wizard.next", Txt("action.submit"), Role.PRIMARY, enabled=self.agreed),
        )

    def _on_commit(self, intent: Intent) -> None:
        if intent.name == "rec.agree":
            self.agreed = not self.agreed
        elif intent.name == "wizard.next" and self.agreed and self.commitment is not None:
            year, answers, version = self.year, self.answers(), self.commitment.version
            self.ctx.call(
                lambda s: s.reconciliation_submit(year, answers, version),
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
            next_step = Txt.of("rec.done.refund", amount=fmt.money(-preview.balance))
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
