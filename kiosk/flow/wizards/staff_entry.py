"""Staff-assisted session start: the fallback when a person's ID card cannot be read.

Reached from the "call staff" screen (only while nobody is signed in). A member of staff types their
staff code (their login, on the on-screen keyboard), their PIN (4 to 12 digits, numeric keypad, shown
masked) and the person's 18-character ID number (numeric keypad plus X); the services check all three
(``start_session_staff``: a login alone never opens a session for someone else) and the normal menu
follows.

The typed ID number is personal data and the PIN a secret: both live only in this wizard's form, are
dropped on success, Back, Cancel and any end of the session (idle timeout), and never appear in a log
line or a state name. The PIN never reaches a view either (only its mask) and is also dropped when
the services refuse the start, so "Try again" always asks for it afresh.
"""

from __future__ import annotations

from enum import StrEnum
from typing import assert_never

from kiosk.flow.context import StaffEntryContext
from kiosk.flow.events import Intent, ServiceResult
from kiosk.flow.forms import ID_LENGTH, PIN_MAX, PIN_MIN, Form
from kiosk.flow.navigation import Nav, NavMap
from kiosk.flow.views import Action, FieldKind, FormField, NoticeBlock, ParagraphBlock, Role, Txt
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import TaxpayerView

STAFF_CODE = "staff_code"
PIN = "pin"
ID_NUMBER = "id_number"


class Step(StrEnum):
    FORM = "form"


class StaffEntryWizard(Wizard[Step]):
    name = "staff_entry"
    title_key = "staff_entry.title"
    nav = NavMap(Step.FORM, {Step.FORM: Nav()})  # one screen: no step indicator

    def __init__(self, ctx: StaffEntryContext) -> None:
        super().__init__(ctx)
        self.staff_ctx = ctx
        self.form = Form(
            [
                FormField(
                    STAFF_CODE,
                    FieldKind.TEXT,
                    Txt("staff_entry.staff_code"),
                    "",
                    hint=Txt("staff_entry.staff_code_hint"),
                ),
                FormField(
                    PIN,
                    FieldKind.PIN,
                    Txt("staff_entry.pin"),
                    "",
                    hint=Txt("staff_entry.pin_hint"),
                ),
                FormField(
                    ID_NUMBER,
                    FieldKind.ID_NUMBER,
                    Txt("staff_entry.id_number"),
                    "",
                    hint=Txt("staff_entry.id_number_hint"),
                ),
            ]
        )

    @property
    def ready(self) -> bool:
        return (
            bool(self.form.text(STAFF_CODE).strip())
            and PIN_MIN <= len(self.form.text(PIN)) <= PIN_MAX
            and len(self.form.text(ID_NUMBER)) == ID_LENGTH
        )

    def clear(self) -> None:
        """Forget what was typed (the ID number and the PIN above all)."""
        self.form.clear()

    # ---- navigation: leaving the screen always drops the typed values ---------------------------
    def back(self) -> None:
        self.clear()
        self.staff_ctx.leave_staff_entry()

    def cancel(self) -> None:
        self.clear()
        self.ctx.end_session("staff entry cancelled")

    def abandon(self) -> None:
        self.clear()

    # ---- the form ------------------------------------------------------------------------------
    def view_step(self, step: Step) -> StepContent:
        match step:
            case Step.FORM:
                return self._view_form()
            case _:
                assert_never(step)

    def on_step(self, step: Step, intent: Intent) -> None:
        match step:
            case Step.FORM:
                self._on_form(intent)
            case _:
                assert_never(step)

    def _view_form(self) -> StepContent:
        return StepContent(
            Txt("staff_entry.prompt"),
            self.form.block(),
            Action("wizard.next", Txt("staff_entry.start"), Role.PRIMARY, enabled=self.ready),
        )

    def _on_form(self, intent: Intent) -> None:
        if self.form.handle(intent):
            return
        if intent.name == "wizard.next" and self.ready:
            id_number, code, pin = self.form.text(ID_NUMBER), self.form.text(STAFF_CODE).strip(), self.form.text(PIN)
            self.ctx.call(
                lambda s: s.start_session_staff(id_number, code, pin),
                then=self._started,
                wait=Txt("wait.identity"),
                on_error=self._failed,
            )

    def _started(self, taxpayer: TaxpayerView) -> None:
        self.clear()
        self.staff_ctx.staff_session_started(taxpayer)

    def _failed(self, res: ServiceResult) -> None:
        key = res.error_key or "error.generic"
        # the PIN is never kept past a refusal: "Try again" asks for it afresh
        self.form.reset(PIN)
        # "Try again" comes back to the form with the code and the number as typed, the field to fix active
        if key.startswith("error.id_") or key in ("error.unknown_taxpayer", "error.taxpayer_not_found"):
            self.form.active = ID_NUMBER
        elif key == "error.staff_locked":
            self.form.active = STAFF_CODE  # wait, or another member of staff signs in
        else:
            self.form.active = PIN  # a wrong code or PIN (most often the PIN), or no answer: the PIN again
        self.ctx.show_error(
            key,
            title=Txt("error.staff_entry.title"),
            blocks=(NoticeBlock(Txt(key), "error"), ParagraphBlock(Txt("error.staff_entry.help"))),
            actions=[(Action("error.retry", Txt("action.try_again"), Role.PRIMARY), self.start)],
            finish=Txt("action.cancel"),
        )
