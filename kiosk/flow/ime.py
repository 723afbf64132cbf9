"""Pinyin composition for a text field that takes Chinese (a tenant's name, an address).

The composition lives in the flow, not in the keyboard widget: screens are rebuilt after every tap,
and whatever a person typed belongs to the session (dropped with the form, never left in a widget).
Letters typed in Chinese mode collect here; the view carries the candidates of the current page;
picking one puts its characters into the field and keeps the letters it did not stand for
("wangfang", pick 王 -> 王 in the field, "fang" still composing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.domain.pinyin import Candidate, PinyinEngine, shared_engine
from kiosk.flow.views import ImeView

log = logging.getLogger("kiosk.flow")

PAGE = 6  # candidates per page: six large buttons fit one row of the portrait keyboard
MAX_LETTERS = 24
MAX_CANDIDATES = 60  # ten pages; whoever has not found it by then types a shorter piece


class Composer:
    """The pinyin letters being typed and the candidate page on show."""

    def __init__(self, engine: Callable[[], PinyinEngine] = shared_engine) -> None:
        self._engine = engine
        self.chinese = True  # Chinese mode first: most tenants and addresses are Chinese
        self.letters = ""
        self.page = 0

    def reset(self) -> None:
        self.letters = ""
        self.page = 0

    def toggle(self) -> str:
        """Switch Chinese/Latin; letters still composing are given back as typed (upper case)."""
        given = self.letters.upper()
        self.reset()
        self.chinese = not self.chinese
        log.info("input mode from %s to %s (mode key)", "latin" if self.chinese else "chinese",
                 "chinese" if self.chinese else "latin")
        return given

    def candidates(self) -> list[Candidate]:
        return self._engine().candidates(self.letters, MAX_CANDIDATES) if self.letters else []

    def pages(self) -> int:
        n = len(self.candidates())
        return max(1, -(-n // PAGE))

    def type_letter(self, letter: str) -> bool:
        if len(self.letters) >= MAX_LETTERS:
            return False
        self.letters += letter.lower()
        self.page = 0
        return True

    def backspace(self) -> None:
        self.letters = self.letters[:-1]
        self.page = 0

    def turn(self, step: int) -> None:
        self.page = min(max(0, self.page + step), self.pages() - 1)

    def pick(self, index: int) -> str:
        """The characters of candidate ``index`` on the current page ("" if there is none);
        the letters it stands for leave the composition."""
        shown = self.candidates()[self.page * PAGE : (self.page + 1) * PAGE]
        if not 0 <= index < len(shown):
            return ""
        chosen = shown[index]
        self.letters = self.letters[chosen.consumed :]
        self.page = 0
        return chosen.text

    def view(self) -> ImeView:
        found = self.candidates()
        pieces = " ".join(self._engine().segment(self.letters)) if self.letters else ""
        return ImeView(
            chinese=self.chinese,
            composing=pieces,
            candidates=tuple(c.text for c in found[self.page * PAGE : (self.page + 1) * PAGE]),
            page=self.page,
            pages=max(1, -(-len(found) // PAGE)),
        )


__all__ = ["MAX_LETTERS", "PAGE", "Composer"]
