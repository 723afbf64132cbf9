"""The view-models of the controller's own screens: attract, reading, menu, wait, result, error, staff.

Wizard steps build their own (kiosk/flow/wizards); everything here is a pure function of what the
controller knows, so a screen can be checked without running a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.flow.context import ErrorAction
from kiosk.flow.events import Device, Health
from kiosk.flow.views import (
    Action,
    BigTextBlock,
    Block,
    NoticeBlock,
    PageKind,
    PageView,
    ParagraphBlock,
    Role,
    Text,
    Tile,
    TilesBlock,
    Txt,
)

MENU_ITEMS: tuple[tuple[str, str, str], ...] = (
    # (flow, icon, label key)
    ("certificates", "certificate", "menu.certificates"),
    ("reconciliation", "calculator", "menu.reconciliation"),
    ("payment", "payment", "menu.payment"),
    ("rental", "house", "menu.rental"),
    ("queue", "ticket", "menu.queue"),
    ("queries", "search", "menu.queries"),
)
PRINTING_FLOWS = frozenset({"certificates", "queue"})
#: What the bar on every public screen offers (ui/accessbar.py), handled by the controller in any mode.
ACCESS_INTENTS = frozenset({"language", "large_text", "voice", "volume", "speech.repeat"})

Common = dict[str, Any]  # the PageView fields every screen shares (language, countdowns, greeting ...)


@dataclass
class ResultScreen:
    title: Text
    blocks: tuple[Block, ...]
    took_slip: bool
    session_less: bool  # a queue ticket without a card: no card to take, no "something else"


@dataclass
class ErrorScreen:
    key: str
    title: Text
    blocks: tuple[Block, ...]
    actions: list[ErrorAction]


def notices(health: dict[Device, tuple[Health, str]]) -> tuple[Block, ...]:
    out: list[Block] = []
    reader = health[Device.IDCARD][0]
    printer, printer_why = health[Device.PRINTER]
    if reader == Health.UNAVAILABLE:
        out.append(NoticeBlock(Txt("notice.reader_unavailable"), "error"))
    if printer == Health.UNAVAILABLE:
        out.append(NoticeBlock(Txt("notice.printer_unavailable"), "warning"))
    elif printer == Health.DEGRADED and printer_why:
        out.append(NoticeBlock(Txt("notice.printer_degraded"), "info"))
    return tuple(out)


def attract(
    common: Common,
    *,
    language: str,
    large_text: bool,
    reader_ok: bool,
    printer_ok: bool,
    notice_blocks: tuple[Block, ...],
) -> PageView:
    blocks: list[Block] = list(notice_blocks)
    # The card of the last person is still on the reader: the screen asks for it to be taken (large,
    # as the prompt), never "place your card" at the same time.
    reminder = bool(common["card_reminder"])
    del language, large_text  # language and large text are on the bar of every screen (ui/accessbar.py)
    actions = [
        Action("attract.queue", Txt("action.queue_without_card"), enabled=printer_ok),
        Action("call_staff", Txt("action.call_staff")),
    ]
    return PageView(
        "attract",
        PageKind.ATTRACT,
        Txt("attract.title"),
        Txt("remind.take_card" if reminder else "attract.place_card" if reader_ok else "attract.reader_down"),
        blocks=tuple(blocks),
        actions=tuple(actions),
        **common,
    )


def reading(common: Common) -> PageView:
    return PageView("reading", PageKind.PROGRESS, Txt("reading.title"), Txt("reading.hold"), **common)


def waiting(common: Common, message: Text) -> PageView:
    return PageView("progress", PageKind.PROGRESS, message, Txt("wait.please"), **common)


def menu(
    common: Common, *, printer_ok: bool, notice_blocks: tuple[Block, ...], senior_offer: bool = False
) -> PageView:
    offer: tuple[Block, ...] = ()
    if senior_offer:  # the greeting offers large text and slower speech in one tap (a card holder of 65+)
        offer = (TilesBlock((Tile("access.senior", None, Txt("senior.offer"), "search", Txt("senior.note")),)),)
    tiles = []
    for flow, icon, key in MENU_ITEMS:
        note: Text | None = None
        if flow in PRINTING_FLOWS and not printer_ok:
            note = Txt("menu.no_printout")
        tiles.append(Tile("menu.open", flow, Txt(key), icon, note))
    return PageView(
        "menu",
        PageKind.MENU,
        Txt("menu.title"),
        Txt("menu.prompt"),
        blocks=(*offer, *notice_blocks, TilesBlock(tuple(tiles))),
        actions=(Action("menu.finish", Txt("action.finish"), Role.CANCEL),),
        **common,
    )


def result(common: Common, res: ResultScreen, countdown: int | None) -> PageView:
    take = "take.card_and_slip" if res.took_slip else "take.card"
    if res.session_less:
        take = "take.slip" if res.took_slip else ""
    blocks = list(res.blocks)
    if take:
        blocks.append(ParagraphBlock(Txt(take), emphasis=True))
    actions = []
    if not res.session_less:
        actions.append(Action("result.again", Txt("action.something_else"), Role.SECONDARY))
    actions.append(Action("result.finish", Txt("action.finish"), Role.PRIMARY))
    return PageView(
        "result",
        PageKind.RESULT,
        res.title,
        blocks=tuple(blocks),
        actions=tuple(actions),
        **dict(common, countdown=countdown),
    )


def error(common: Common, err: ErrorScreen) -> PageView:
    return PageView(
        f"error.{err.key}",
        PageKind.ERROR,
        err.title,
        blocks=err.blocks,
        actions=tuple(a for a, _ in err.actions),
        **common,
    )


def staff(common: Common, *, code: str, entry_offered: bool, coming: bool = False) -> PageView:
    blocks: tuple[Block, ...] = (
        BigTextBlock(code, Txt("staff.code_caption")),
        ParagraphBlock(Txt("staff.wait")),
    )
    if coming:  # the hall console acknowledged this code
        blocks = (NoticeBlock(Txt("staff.on_the_way"), "info"), *blocks)
    if entry_offered:  # a tile: long words wrap on it in every layout
        blocks += (TilesBlock((Tile("staff.entry", None, Txt("action.staff_entry"), "card"),)),)
    return PageView(
        "staff",
        PageKind.STAFF,
        Txt("staff.title"),
        Txt("staff.prompt"),
        blocks=blocks,
        actions=(Action("staff.close", Txt("action.back"), Role.BACK),),
        **common,
    )


def out_of_service(common: Common, reason: Text) -> PageView:
    """The public screen while the kiosk cannot serve: in both languages whatever the language is
    (the UI renders this kind bilingual), where to go instead, and the reason in small type for staff."""
    return PageView(
        "out_of_service",
        PageKind.OUT_OF_SERVICE,
        Txt("oos.title"),
        Txt("oos.where"),
        blocks=(ParagraphBlock(Txt("oos.sorry")), NoticeBlock(reason, "info")),
        **common,
    )
