"""Staff-assisted session start: the fallback when a person's ID card cannot be read.

Reached from the "call staff" screen (only while nobody is signed in). A member of staff types their
staff code (their login, on the on-screen keyboard) and the person's 18-character ID number (numeric
keypad plus X); the services check both (``start_session_staff``) and the normal menu follows.

The typed ID number is personal data: it lives only in this wizard's form, is dropped on success,
Back, Cancel and any end of the session (idle timeout), and never appears in a log line or a
state name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.flow.events import Intent, ServiceResult
from kiosk.flow.forms import ID_LENGTH, Form
from kiosk.flow.views import Action, FieldKind, FormField, NoticeBlock, ParagraphBlock, Role, Txt
from kiosk.flow.wizards.base import StepContent, Wizard
from kiosk.services.api import TaxpayerView

if TYPE_CHECKING:
    from kiosk.flow.controller import FlowController

STAFF_CODE = "staff_code"
ID_NUMBER = "id_number"


class StaffEntryWizard(Wizard):
    name = "staff_entry"
    title_key = "staff_entry.title"

    def __init__(self, ctx: FlowController) -> None:
        super().__init__(ctx)
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
                    ID_NUMBER,
                    FieldKind.ID_NUMBER,
                    Txt("staff_entry.id_number"),
                    "",
                    hint=Txt("staff_entry.id_number_hint"),
                ),
            ]
        )

    def steps(self) -> tuple[tuple[str, str], ...]:
        return ()  # one screen: no step indicator

    def start(self) -> None:
        self.goto("form")

    @property
    def ready(self) -> bool:
        return bool(self.form.text(STAFF_CODE).strip()) and len(self.form.text(ID_NUMBER)) == ID_LENGTH

    def clear(self) -> None:
        """Forget what was typed (the ID number above all)."""
        self.form.clear()

    # ---- navigation: leaving the screen always drops the typed values ---------------------------
    def back(self) -> None:
        self.clear()
        self.ctx.leave_staff_entry()

    def cancel(self) -> None:
        self.clear()
        self.ctx.end_session("staff entry cancelled")

    def abandon(self) -> None:
        self.clear()

    # ---- the form ------------------------------------------------------------------------------
    def view_form(self) -> StepContent:
        return StepContent(
            Txt("staff_entry.prompt"),
            self.form.block(),
            Action("wizard.next", Txt("staff_entry.start"), Role.PRIMARY, enabled=self.ready),
        )

    def on_form(self, intent: Intent) -> None:
        if self.form.handle(intent):
            return
        if intent.name == "wizard.next" and self.ready:
            self.ctx.call(
                "start_session_staff",
                self.form.text(ID_NUMBER),
                self.form.text(STAFF_CODE).strip(),
                then=self._started,
                wait=Txt("wait.identity"),
                on_error=self._failed,
            )

    def _started(self, taxpayer: TaxpayerView) -> None:
        self.clear()
        self.ctx.staff_session_started(taxpayer)

    def _failed(self, res: ServiceResult) -> None:
        key = res.error_key or "error.generic"
        # "Try again" comes back to the form with what was typed, the faulty field ready for a fix
        if key == "error.staff_code":
            self.form.active = STAFF_CODE
        elif key.startswith("error.id_") or key in ("error.unknown_taxpayer", "error.taxpayer_not_found"):
            self.form.active = ID_NUMBER
        self.ctx.show_error(
            key,
            title=Txt("error.staff_entry.title"),
            blocks=(NoticeBlock(Txt(key), "error"), ParagraphBlock(Txt("error.staff_entry.help"))),
            actions=[(Action("error.retry", Txt("action.try_again"), Role.PRIMARY), self.start)],
            finish=Txt("action.cancel"),
        )
