"""Every wizard's navigation table walked without Qt.

The tables (kiosk/flow/navigation.py) are data; these tests explore each wizard the way a person
would - tapping every choice each step offers - and check the table against what really happens:
every step reachable, every declared move taken and no other, Back returns to the step it came
from, Cancel always ends the wizard.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

import pytest

from kiosk.flow import CardPlaced, CardRead, Intent, Mode
from kiosk.flow.effects import Effect, RunService
from kiosk.flow.navigation import Nav, NavigationError, NavMap
from kiosk.flow.wizards import WIZARDS
from kiosk.flow.wizards.base import NO_PRINTER, START
from kiosk.flow.wizards.staff_entry import StaffEntryWizard
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver

# Taps that are not navigation choices: the frame of every screen.
FRAME = {"wizard.back", "wizard.cancel", "call_staff", "language", "large_text", "idle.extend"}

# What a person types before a step's "Next" is enabled (text fields cannot be explored by tapping).
FILL: dict[tuple[str, str], list[Intent]] = {
    ("rental", "tenant"): [Intent("ime.mode"), *(Intent("key", k) for k in "WANG FANG")],  # Latin letters
    ("rental", "terms"): [Intent("key", k) for k in "3000"],
    ("rental", "commit"): [Intent("rental.agree")],
    ("reconciliation", "bonus_amount"): [Intent("key", k) for k in "36000"],
    ("reconciliation", "refund"): [Intent("rec.refund.account", 7)],
    ("reconciliation", "commit"): [Intent("rec.agree")],
    ("staff_entry", "form"): [
        *(Intent("key", k) for k in "S001"),
        Intent("field.focus", "pin"),
        *(Intent("key", k) for k in "246810"),
        Intent("field.focus", "id_number"),
        *(Intent("key", k) for k in SAMPLE_ID),
    ],
}


class WalkDriver(FlowDriver):
    """Runs service calls at once, except payment polls (they have a delay): the QR step stays."""

    def _do(self, effect: Effect) -> None:
        if isinstance(effect, RunService) and effect.delay > 0:
            self.held.append(effect)
            return
        super()._do(effect)


@dataclass(frozen=True)
class Where:
    wizard: str | None  # None: the wizard is over (menu, result, attract)
    step: str


def where(d: FlowDriver) -> Where:
    w = d.flow.wizard
    if d.flow.mode == Mode.WIZARD and w is not None:
        return Where(w.name, w.step_id)
    return Where(None, d.flow.mode.value)


def open_wizard(name: str) -> WalkDriver:
    d = WalkDriver(services=FakeServices(polls_until_outcome=10**9))
    if name == "staff_entry":
        d.tap("call_staff")
        d.tap("staff.entry")
    else:
        d.send(CardPlaced())
        d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
        d.tap("menu.open", name)
    return d


def replay(name: str, path: tuple[Intent, ...]) -> WalkDriver:
    d = open_wizard(name)
    for intent in path:
        d.send(intent)
    return d


def choices(d: FlowDriver) -> list[Intent]:
    """Every navigation choice on screen: tiles, tappable rows, enabled actions."""
    out: list[Intent] = []
    for a in d.view.actions:
        if a.enabled and a.intent not in FRAME:
            out.append(Intent(a.intent, a.value))
    for b in d.view.blocks:
        for t in getattr(b, "tiles", ()):
            if t.enabled:
                out.append(Intent(t.intent, t.value))
        for r in getattr(b, "rows", ()):
            if r.intent:
                out.append(Intent(r.intent, r.value))
    return out


def fill(name: str, d: WalkDriver, path: tuple[Intent, ...]) -> tuple[Intent, ...]:
    extra = FILL.get((name, where(d).step), [])
    for intent in extra:
        d.send(intent)
    return path + tuple(extra)


@dataclass
class Walk:
    edges: dict[tuple[str, str], tuple[Intent, ...]]  # (from, to) -> a path that takes it
    arrived: dict[str, tuple[Intent, ...]]  # step -> the shortest path that reaches it


def state(d: FlowDriver) -> str:
    """A screen and the answers behind it: the reconciliation's later screens look the same whatever
    was answered before (a bonus, an elderly parent), yet lead elsewhere, so its answers count too."""
    answers = getattr(d.flow.wizard, "answers", None)
    return repr(d.view.structure()) + (repr(answers()) if callable(answers) else "")


def explore(name: str) -> Walk:
    d = open_wizard(name)
    first = where(d)
    assert first.wizard == name, f"{name} did not open: {first}"
    walk = Walk({}, {first.step: ()})
    seen = {state(d)}  # a step seen with other data (an IIT record's period) is explored too
    todo: deque[tuple[Intent, ...]] = deque([()])
    while todo:
        path = todo.popleft()
        d = replay(name, path)
        here = where(d).step
        path = fill(name, d, path)
        for choice in choices(d):
            after = replay(name, path)
            after.send(choice)
            there = where(after)
            if there.wizard == name and there.step == here:
                continue  # a toggle or a typed key: the same step
            target = there.step if there.wizard == name else f"<{there.step}>"
            walk.edges.setdefault((here, target), (*path, choice))
            if there.wizard != name:
                continue
            walk.arrived.setdefault(there.step, (*path, choice))
            key = state(after)
            if key not in seen:
                seen.add(key)
                todo.append((*path, choice))
    return walk


ALL = {**{n: f for n, f in WIZARDS.items()}, "staff_entry": StaffEntryWizard}


def nav_of(name: str) -> NavMap[Any]:
    return ALL[name].nav  # type: ignore[attr-defined, no-any-return]


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_step_of_the_table_is_reachable_and_in_the_enum(name: str) -> None:
    nav = nav_of(name)
    step_enum = type(nav.first)
    assert set(nav.steps) == set(step_enum), "every Step member has a row in the table"
    assert nav.reachable() == set(nav.steps), "every step can be reached from the first"


@pytest.mark.parametrize("name", sorted(ALL))
def test_walking_the_wizard_takes_exactly_the_declared_moves(name: str) -> None:
    """GIVEN a wizard WHEN every choice on every step is tapped THEN the moves seen are the table's."""
    nav = nav_of(name)
    walk = explore(name)
    assert set(walk.arrived) == {s.value for s in nav.steps}, "every step is reached by tapping"
    inside = {(a, b) for a, b in walk.edges if not b.startswith("<")}
    declared = {(a.value, b.value) for a, n in nav.steps.items() for b in n.next}
    assert inside == declared
    # a step with no next is where the wizard ends: tapping on there leaves it (result) or stays
    for step, spec in nav.steps.items():
        if not spec.next:
            assert all(a != step.value or b.startswith("<") for a, b in walk.edges)


@pytest.mark.parametrize("name", sorted(ALL))
def test_back_returns_to_the_step_it_came_from(name: str) -> None:
    walk = explore(name)
    checked = 0
    for (a, b), path in walk.edges.items():
        if b.startswith("<"):
            continue
        d = replay(name, path)
        assert where(d).step == b
        d.tap("wizard.back")
        assert where(d) == Where(name, a), f"Back on {b} (reached from {a}) went to {where(d)}"
        checked += 1
    assert checked == sum(len(n.next) for n in nav_of(name).steps.values())


@pytest.mark.parametrize("name", sorted(ALL))
def test_back_on_the_first_step_and_cancel_on_every_step_end_the_wizard(name: str) -> None:
    walk = explore(name)
    for step, path in walk.arrived.items():
        d = replay(name, path)
        d.tap("wizard.cancel")
        assert d.flow.wizard is None, f"Cancel on {name}.{step} left the wizard open"
        assert d.flow.mode in (Mode.MENU, Mode.ATTRACT), (step, d.flow.mode)
    d = replay(name, ())
    d.tap("wizard.back")
    if name == "staff_entry":
        assert d.flow.mode == Mode.STAFF  # back to the hand-over code screen
    else:
        assert d.flow.mode == Mode.MENU
    assert d.flow.wizard is None


def test_a_move_the_table_does_not_list_is_refused() -> None:
    """The table is enforced: a wizard that jumps where its table does not lead raises."""
    d = open_wizard("certificates")
    wizard = d.flow.wizard
    assert wizard is not None and wizard.step_id == "kind"
    from kiosk.flow.wizards.certificates import Step

    with pytest.raises(NavigationError):
        wizard.goto(Step.CONFIRM)  # kind -> confirm skips the period
    with pytest.raises(NavigationError):
        wizard.advance()  # fine from kind (one next) ... so go to period, which has two
        wizard.advance()


def test_a_table_naming_an_unknown_step_is_refused_when_built() -> None:
    from kiosk.flow.wizards.certificates import Step

    with pytest.raises(NavigationError):
        NavMap(Step.KIND, {Step.KIND: Nav("x", (Step.PERIOD,))})
    with pytest.raises(NavigationError):
        NavMap(Step.PERIOD, {Step.KIND: Nav("x")})


def test_the_printer_notice_and_start_are_not_steps() -> None:
    """The no-printer notice comes before the first step; the state names keep their ids."""
    assert START == "start" and NO_PRINTER == "no_printer"
    for name in ALL:
        assert START not in {s.value for s in nav_of(name).steps}
        assert NO_PRINTER not in {s.value for s in nav_of(name).steps}
