"""A wizard: named steps (the step indicator), Back and Cancel on every step, data-only navigation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.flow.events import Intent
from kiosk.flow.views import Action, Block, NoticeBlock, PageKind, PageView, ParagraphBlock, Role, Text, Txt

if TYPE_CHECKING:
    from kiosk.flow.controller import FlowController


@dataclass(frozen=True)
class StepContent:
    prompt: Text
    blocks: tuple[Block, ...] = ()
    primary: Action | None = None


class Wizard:
    """Subclasses define ``name``, ``title_key``, ``steps()`` and, per step S, ``view_S`` and ``on_S``."""

    name = "wizard"
    title_key = ""

    def __init__(self, ctx: FlowController) -> None:
        self.ctx = ctx
        self.step = "start"
        self.history: list[str] = []

    # ---- navigation ------------------------------------------------------------------------------
    def steps(self) -> tuple[tuple[str, str], ...]:
        """(step, label key) in order, for the step indicator."""
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def goto(self, step: str) -> None:
        if step in self.history:  # going back to an earlier step forgets the later ones
            del self.history[self.history.index(step) :]
        elif self.step not in ("start", "no_printer", step):
            self.history.append(self.step)
        self.step = step
        self.ctx.show_wizard()

    def back(self) -> None:
        if self.history:
            self.step = self.history.pop()
            self.ctx.show_wizard()
        else:
            self.ctx.to_menu()

    def cancel(self) -> None:
        self.ctx.to_menu()

    def abandon(self) -> None:
        """The session ended under this wizard (idle timeout, finish)."""

    @property
    def busy(self) -> bool:
        return False

    @property
    def lang_en(self) -> bool:
        return self.ctx.language == "en"

    def label(self, zh: str, en: str) -> str:
        return en if self.lang_en else zh

    # ---- events --------------------------------------------------------------------------------
    def on_intent(self, intent: Intent) -> None:
        if self.step == "no_printer":
            if intent.name == "wizard.next":
                self.step = "start"
                self.start()
            return
        handler = getattr(self, f"on_{self.step}", None)
        if handler is not None:
            handler(intent)

    # ---- view ----------------------------------------------------------------------------------
    def page(self, common: dict[str, Any]) -> PageView:
        if self.step == "no_printer":
            content = StepContent(
                Txt("noprinter.prompt"),
                (
                    NoticeBlock(Txt("notice.printer_unavailable"), "warning"),
                    ParagraphBlock(Txt("noprinter.explain")),
                ),
                Action("wizard.next", Txt("action.continue_without_printing"), Role.PRIMARY),
            )
        else:
            content = getattr(self, f"view_{self.step}")()
        steps = self.steps()
        ids = [s for s, _ in steps]
        index = ids.index(self.step) if self.step in ids else -1
        actions = [
            Action("wizard.back", Txt("action.back"), Role.BACK),
            Action("wizard.cancel", Txt("action.cancel"), Role.CANCEL),
        ]
        if content.primary is not None:
            actions.append(content.primary)
        return PageView(
            f"{self.name}.{self.step}",
            PageKind.STEP,
            Txt(self.title_key),
            content.prompt,
            steps=tuple(Txt(k) for _, k in steps),
            step_index=index,
            blocks=content.blocks,
            actions=tuple(actions),
            **common,
        )
