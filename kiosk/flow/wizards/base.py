"""A wizard: enum steps, a navigation table, Back and Cancel on every step, a step indicator.

A subclass declares ``name``, ``title_key``, its ``Step`` enum and ``nav`` (a :class:`NavMap`), and
implements ``view_step(step)`` and ``on_step(step, intent)`` with a ``match`` over its steps (no
method looked up by name). It moves with :meth:`goto` / :meth:`advance`, which the table checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from kiosk.flow.context import WizardContext
from kiosk.flow.events import Intent
from kiosk.flow.navigation import NavigationError, NavMap
from kiosk.flow.views import Action, Block, NoticeBlock, PageKind, PageView, ParagraphBlock, Role, Text, Txt

S = TypeVar("S", bound=StrEnum)

START = "start"  # the step id before the first step is shown (the first service call is running)
NO_PRINTER = "no_printer"  # the notice a printing service shows first when the printer is down


@dataclass(frozen=True)
class StepContent:
    """What one step shows: its prompt, its blocks and its primary action (Back and Cancel are added)."""

    prompt: Text
    blocks: tuple[Block, ...] = ()
    primary: Action | None = None


class Wizard(Generic[S]):
    name: ClassVar[str] = "wizard"
    title_key: ClassVar[str] = ""
    nav: NavMap[S]  # set by each subclass (a class attribute)

    def __init__(self, ctx: WizardContext) -> None:
        self.ctx = ctx
        self.step: S | None = None
        self.history: list[S] = []
        self.printer_notice = False

    # ---- where it is ---------------------------------------------------------------------------
    @property
    def step_id(self) -> str:
        """The step as screen ids and state names spell it ("payment.confirm")."""
        if self.printer_notice:
            return NO_PRINTER
        return START if self.step is None else self.step.value

    @property
    def busy(self) -> bool:
        """A device, the payment or the host is working for this wizard (no idle timeout)."""
        return False

    @property
    def lang_en(self) -> bool:
        return self.ctx.language == "en"

    def label(self, zh: str, en: str) -> str:
        return en if self.lang_en else zh

    # ---- navigation ------------------------------------------------------------------------------
    def begin(self, *, printer_down: bool = False) -> None:
        """Opened from the menu: a printing service with the printer down says so first."""
        if printer_down:
            self.printer_notice = True
            self.ctx.show_wizard()
            return
        self.start()

    def start(self) -> None:
        """Show the first step (a wizard that needs data first asks for it, then goes there)."""
        self.goto(self.nav.first)

    def goto(self, step: S) -> None:
        current = self.step
        if step in self.history:  # back to an earlier step: the later ones are forgotten
            del self.history[self.history.index(step) :]
        elif current is None:
            if step != self.nav.first:
                raise NavigationError(f"{self.name} must start at {self.nav.first}, not {step}")
        elif step != current:
            if step not in self.nav.next_of(current):
                raise NavigationError(f"{self.name}: {current} does not lead to {step}")
            self.history.append(current)
        self.step = step
        self.ctx.show_wizard()

    def advance(self) -> None:
        """Go on to the one step the table lists after this one."""
        if self.step is None:
            raise NavigationError(f"{self.name} has not started")
        after = self.nav.next_of(self.step)
        if len(after) != 1:
            raise NavigationError(f"{self.name}: {self.step} leads to {len(after)} steps; say which")
        self.goto(after[0])

    def back(self) -> None:
        if self.history:
            self.step = self.history.pop()
            self.ctx.show_wizard()
        else:
            self.ctx.to_menu()

    def cancel(self) -> None:
        self.ctx.to_menu()

    def abandon(self) -> None:
        """The session ended under this wizard (idle timeout, finish): drop what it holds."""

    def tick(self, seconds: float) -> None:
        """Time passed (the adapter's Tick); a wizard with a clock of its own counts it down."""
        del seconds

    def countdown(self) -> int | None:
        """Seconds shown counting down on this step (the payment code's expiry), if any."""
        return None

    # ---- the steps (each subclass) -------------------------------------------------------------
    def view_step(self, step: S) -> StepContent:
        raise NotImplementedError

    def on_step(self, step: S, intent: Intent) -> None:
        raise NotImplementedError

    def indicator(self) -> tuple[tuple[S, str], ...]:
        """The steps on the step indicator (a subclass may leave out ones that do not apply)."""
        return self.nav.indicator()

    def indicator_index(self) -> int:
        """Where the indicator marks this step (-1: nowhere); a wizard may mark a phase instead."""
        ids = [s for s, _ in self.indicator()]
        return ids.index(self.step) if self.step in ids else -1

    # ---- events --------------------------------------------------------------------------------
    def on_intent(self, intent: Intent) -> None:
        if self.printer_notice:
            if intent.name == "wizard.next":
                self.printer_notice = False
                self.start()
            return
        if self.step is not None:
            self.on_step(self.step, intent)

    # ---- view ----------------------------------------------------------------------------------
    def page(self, common: dict[str, Any]) -> PageView:
        if self.step is None and not self.printer_notice:
            content = StepContent(Txt("wait.please"))
        elif self.printer_notice or self.step is None:
            content = StepContent(
                Txt("noprinter.prompt"),
                (
                    NoticeBlock(Txt("notice.printer_unavailable"), "warning"),
                    ParagraphBlock(Txt("noprinter.explain")),
                ),
                Action("wizard.next", Txt("action.continue_without_printing"), Role.PRIMARY),
            )
        else:
            content = self.view_step(self.step)
        steps = self.indicator()
        index = -1 if self.printer_notice else self.indicator_index()
        if index < 0 or len(steps) < 2:  # never "step 0", never "step 1 of 1": no indicator then
            steps, index = (), -1
        actions = [
            Action("wizard.back", Txt("action.back"), Role.BACK),
            Action("wizard.cancel", Txt("action.cancel"), Role.CANCEL),
        ]
        if content.primary is not None:
            actions.append(content.primary)
        return PageView(
            f"{self.name}.{self.step_id}",
            PageKind.STEP,
            Txt(self.title_key),
            content.prompt,
            steps=tuple(Txt(k) for _, k in steps),
            step_index=index,
            blocks=content.blocks,
            actions=tuple(actions),
            countdown=self.countdown(),
            **common,
        )


def notice_blocks(key: str, help_key: str) -> tuple[Block, ...]:
    """An error notice and a line of help under it (the blocks most error screens carry)."""
    return (NoticeBlock(Txt(key), "error"), ParagraphBlock(Txt(help_key)))


__all__ = ["NO_PRINTER", "START", "StepContent", "Text", "Wizard", "notice_blocks"]
