"""IIT annual reconciliation (个税年度汇算): year, income on file, simple questions, preview, commitment."""

from __future__ import annotations

from kiosk.flow import format as fmt
from kiosk.flow.events import Intent
from kiosk.flow.forms import Form
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


class ReconciliationWizard(Wizard):
    name = "reconciliation"
    title_key = "menu.reconciliation"

    def __init__(self, ctx) -> None:  # type: ignore[no-untyped-def]
        super().__init__(ctx)
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

    def steps(self) -> tuple[tuple[str, str], ...]:
        return (
            ("year", "step.year"),
            ("income", "step.income"),
            ("deductions", "step.deductions"),
            ("preview", "step.preview"),
            ("commit", "step.commit"),
        )

    def start(self) -> None:
        self.ctx.call("reconciliation_years", then=self._got_years, wait=Txt("wait.host"))

    def _got_years(self, years: list[int]) -> None:
        self.years = list(years)
        self.goto("year")

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
    def view_year(self) -> StepContent:
        tiles = tuple(
            Tile("rec.year", y, Txt.of("rec.year_label", year=str(y)), "calendar") for y in self.years
        )
        return StepContent(
            Txt("rec.year.prompt"), (TilesBlock(tiles),) if tiles else (ParagraphBlock(Txt("rec.no_years")),)
        )

    def on_year(self, intent: Intent) -> None:
        if intent.name == "rec.year" and intent.value in self.years:
            self.year = intent.value
            self.ctx.call("reconciliation_prefill", self.year, then=self._got_prefill, wait=Txt("wait.host"))

    def _got_prefill(self, prefill: ReconciliationPrefill) -> None:
        self.prefill = prefill
        self.goto("income")

    # ---- income --------------------------------------------------------------------------------
    def view_income(self) -> StepContent:
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

    def on_income(self, intent: Intent) -> None:
        if intent.name == "wizard.next":
            self.goto("deductions")

    # ---- deductions ----------------------------------------------------------------------------
    def view_deductions(self) -> StepContent:
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

    def on_deductions(self, intent: Intent) -> None:
        if self.form.handle(intent):
            return
        if intent.name == "wizard.next":
            self.ctx.call(
                "reconciliation_preview",
                self.year,
                self.answers(),
                then=self._got_preview,
                wait=Txt("wait.calculating"),
            )

    def _got_preview(self, preview: ReconciliationPreview) -> None:
        self.preview = preview
        self.goto("preview")

    # ---- preview -------------------------------------------------------------------------------
    def view_preview(self) -> StepContent:
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

    def on_preview(self, intent: Intent) -> None:
        if intent.name == "wizard.next":
            self.ctx.call("commitment", then=self._got_commitment, wait=Txt("wait.host"))

    def _got_commitment(self, commitment: Commitment) -> None:
        self.commitment = commitment
        self.agreed = False
        self.goto("commit")

    # ---- commitment and submit -----------------------------------------------------------------
    def view_commit(self) -> StepContent:
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

    def on_commit(self, intent: Intent) -> None:
        if intent.name == "rec.agree":
            self.agreed = not self.agreed
        elif intent.name == "wizard.next" and self.agreed and self.commitment is not None:
            self.ctx.call(
                "reconciliation_submit",
                self.year,
                self.answers(),
                self.commitment.version,
                then=self._submitted,
                wait=Txt("wait.submitting"),
            )

    def _submitted(self, answer: tuple[ReconciliationPreview, PrintableDocument]) -> None:
        preview, doc = answer

        def printed(ok: bool, reason: str) -> None:
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

        self.ctx.print_document(doc, printed)
