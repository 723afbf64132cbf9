"""Wizard navigation as data: each step's indicator label and the steps it may lead to.

As Electrum's wizard keeps its navmap, a wizard declares ``NavMap(first, {step: Nav(label, next)})``;
``Wizard.goto`` refuses a move the table does not list (a programming error, caught by the
navigation tests that walk every wizard without Qt). Going back to a step already visited is
always allowed: that is what Back and "Try again" do.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

S = TypeVar("S", bound=StrEnum)


class NavigationError(RuntimeError):
    """A wizard tried a move its navigation table does not allow."""


@dataclass(frozen=True)
class Nav(Generic[S]):
    label: str = ""  # step-indicator message key; "" keeps the step off the indicator
    next: tuple[S, ...] = ()  # where this step may lead; () : the wizard ends here (a result)


@dataclass(frozen=True)
class NavMap(Generic[S]):
    first: S
    steps: Mapping[S, Nav[S]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.first not in self.steps:
            raise NavigationError(f"first step {self.first} is not in the table")
        for step, nav in self.steps.items():
            for target in nav.next:
                if target not in self.steps:
                    raise NavigationError(f"{step} leads to {target}, which is not in the table")

    def next_of(self, step: S) -> tuple[S, ...]:
        return self.steps[step].next

    def reachable(self) -> set[S]:
        seen = {self.first}
        todo = [self.first]
        while todo:
            for target in self.next_of(todo.pop()):
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return seen

    def indicator(self) -> tuple[tuple[S, str], ...]:
        """(step, label key) in table order, for the steps that appear on the indicator."""
        return tuple((s, nav.label) for s, nav in self.steps.items() if nav.label)
