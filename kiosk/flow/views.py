"""View-models: frozen, Qt-free descriptions of one screen. Personal data only ever appears masked.

Text is either a plain ``str`` (data: a masked name, an amount, a label already chosen for the
language) or a :class:`Txt`, a message key with arguments that the UI translates. The UI renders a
view-model with a handful of generic widgets, so a new wizard step needs no new Qt code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Txt:
    key: str
    args: tuple[tuple[str, Text], ...] = ()

    @classmethod
    def of(cls, key: str, **kwargs: Text) -> Txt:
        return cls(key, tuple(sorted(kwargs.items())))


Text = Txt | str


class PageKind(StrEnum):
    ATTRACT = "attract"
    MENU = "menu"
    STEP = "step"
    PROGRESS = "progress"
    RESULT = "result"
    ERROR = "error"
    STAFF = "staff"
    MAINTENANCE = "maintenance"  # a technician's screen (never shown to the public)
    OUT_OF_SERVICE = "out_of_service"  # the public screen while the kiosk cannot serve (both languages)


class Role(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    BACK = "back"
    CANCEL = "cancel"


@dataclass(frozen=True)
class Action:
    intent: str
    label: Text
    role: Role = Role.SECONDARY
    value: Any = None
    enabled: bool = True


# ---- body blocks -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Tile:
    intent: str
    value: Any
    label: Text
    icon: str = ""
    note: Text | None = None
    enabled: bool = True


@dataclass(frozen=True)
class TilesBlock:
    tiles: tuple[Tile, ...]


@dataclass(frozen=True)
class Row:
    cells: tuple[Text, ...]
    amount: Text = ""
    value: Any = None
    intent: str = ""  # empty: not tappable
    selected: bool | None = None  # None: no check box


@dataclass(frozen=True)
class ListBlock:
    rows: tuple[Row, ...]
    empty: Text = ""


@dataclass(frozen=True)
class KeyValueBlock:
    lines: tuple[tuple[Text, Text], ...]
    total: tuple[Text, Text] | None = None


@dataclass(frozen=True)
class ParagraphBlock:
    text: Text
    emphasis: bool = False  # larger and bold: the thing to read first


@dataclass(frozen=True)
class NoticeBlock:
    """Something went wrong or is limited (device trouble, not printed): icon + words, never colour alone."""

    text: Text
    level: str = "warning"  # info, warning, error


class FieldKind(StrEnum):
    STEPPER = "stepper"
    TOGGLE = "toggle"
    CHOICE = "choice"
    NUMBER = "number"  # whole number, numeric keypad
    MONEY = "money"  # decimal, numeric keypad with a point
    TEXT = "text"  # on-screen keyboard
    ID_NUMBER = "id_number"  # resident ID number: numeric keypad plus an X key, 18 characters
    PIN = "pin"  # a secret: digits on the numeric keypad (no X); views carry only its mask, never the digits


@dataclass(frozen=True)
class FormField:
    name: str
    kind: FieldKind
    label: Text
    value: Any = None  # int for steppers, bool for toggles, str for choices and inputs
    options: tuple[tuple[str, Text], ...] = ()  # for CHOICE
    active: bool = False  # the keypad types into this input
    hint: Text = ""
    minimum: int = 0
    maximum: int = 0
    chinese: bool = False  # TEXT only: the keyboard composes Chinese from pinyin (names, addresses)


@dataclass(frozen=True)
class FormBlock:
    fields: tuple[FormField, ...]


@dataclass(frozen=True)
class KeypadBlock:
    """The on-screen keypad (a kiosk has no physical keyboard) typing into the active field."""

    kind: FieldKind  # NUMBER, MONEY, TEXT, ID_NUMBER or PIN
    ime: ImeView | None = None  # a TEXT field that takes Chinese: the pinyin input method's state


@dataclass(frozen=True)
class ImeView:
    """The pinyin input method above the keyboard: mode, letters being composed, candidates of one page."""

    chinese: bool  # letters compose pinyin (else they are typed as Latin letters)
    composing: str = ""  # the letters, split into syllables ("wang fang")
    candidates: tuple[str, ...] = ()
    page: int = 0
    pages: int = 1


@dataclass(frozen=True)
class QrBlock:
    payload: str
    amount: Text
    status: Text
    expires: bool = False  # the page's countdown is the code's expiry: shown under the code


@dataclass(frozen=True)
class BigTextBlock:
    """A large token: the queue number, the hand-over code."""

    text: str
    caption: Text = ""


Block = (
    TilesBlock
    | ListBlock
    | KeyValueBlock
    | ParagraphBlock
    | NoticeBlock
    | FormBlock
    | KeypadBlock
    | QrBlock
    | BigTextBlock
)


@dataclass(frozen=True)
class PageView:
    screen: str  # a stable id, e.g. "certificates.period" (tour file names, tests, logs)
    kind: PageKind
    title: Text
    prompt: Text = ""
    steps: tuple[Text, ...] = ()
    step_index: int = -1
    blocks: tuple[Block, ...] = ()
    actions: tuple[Action, ...] = ()
    greeting: Text = ""
    language: str = "zh_CN"
    large_text: bool = False
    busy: bool = False  # a device, the payment or the host is working: no idle timeout
    countdown: int | None = None  # seconds before the result screen returns to the start
    idle_warning: int | None = None  # seconds left in the "are you still there?" countdown
    card_reminder: bool = False  # "please take your ID card" banner
    extras: tuple[tuple[str, Any], ...] = field(default=())
    # voice guidance (kiosk/flow/speech.py): what is said, written here so it is tested without audio
    speech: tuple[Text, ...] = ()  # the page: said when it appears, and again on "repeat"
    echo: Text = ""  # what was typed, said after each key (an ID number or PIN only as a count)
    alert: Text = ""  # the idle countdown, said when it changes (every 10 s)
    voice: bool = True  # the person's choices for this session (all reset after it)
    volume: int = 3  # 1 .. 5
    speech_rate: float = 1.0  # 1.0 normal, below 1 slower

    def structure(self) -> PageView:
        """The view without its ticking numbers: equal structures can be updated in place."""
        return replace(self, countdown=None, idle_warning=None, alert="")
