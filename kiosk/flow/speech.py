"""Voice guidance, Qt-free: what each page says (written into the view-model) and when it is said.

:func:`narrate` fills a :class:`PageView`'s ``speech`` (the page: title, prompt, errors, what to
do; a screen may write its own), ``echo`` (what was typed, an ID number or a PIN only as a count
of characters, never the characters) and ``alert`` (the idle countdown, changing every 10 s).
Texts stay message keys (:class:`Txt`) like everything on screen, so the UI's one catalogue gives
them their words in the session's language and the core needs no translations of its own.

:class:`VoiceGuide` decides when to speak, given each new view and the flow's effects: a new page
interrupts whatever is being said; a changed input echo, a new countdown figure or a new volume
interrupts too; the card reminder is queued after the page, in the language of the session that
just ended, as often as the flow repeats it. It talks to a :class:`~kiosk.flow.ports.SpeechPort`
(app/speech.py drives espeak-ng; :class:`RecordingSpeech` records for tests and the tour).

kiosk-ux.md: every prompt, input echo and error can be spoken, repeatable, interruptible, volume
control reset after each session; never speak a full ID number aloud.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from kiosk.flow.effects import Effect, RepeatSpeech, SoundReminder
from kiosk.flow.ports import SpeechPort
from kiosk.flow.views import (
    BigTextBlock,
    Block,
    FieldKind,
    FormBlock,
    FormField,
    KeyValueBlock,
    ListBlock,
    NoticeBlock,
    PageKind,
    PageView,
    ParagraphBlock,
    QrBlock,
    Text,
    TilesBlock,
    Txt,
)
from kiosk.privacy import mask_id

log = logging.getLogger("kiosk.flow.speech")

VOLUME_LEVELS = 5
DEFAULT_VOLUME = 3  # moderate: 60 % of the engine's range
NORMAL_RATE = 1.0
SLOW_RATE = 0.75  # the 65+ offer: three quarters of the normal speed
SENIOR_AGE = 65
MAX_SPOKEN_ROWS = 6  # longer lists are announced by their count, not read out
SILENT_KINDS = (PageKind.MAINTENANCE,)  # technicians' screens are not spoken

Translate = Callable[[Text, str], str]  # (text, language) -> words; the UI gives ui.tr.tr_in


def volume_percent(level: int) -> int:
    """The engine volume (0..100) for a level 1..5: 20 % steps, level 3 = 60 %."""
    return max(0, min(VOLUME_LEVELS, level)) * 100 // VOLUME_LEVELS


# ---- what a page says --------------------------------------------------------------------------
def narrate(view: PageView) -> PageView:
    """The view with its speech, echo and alert filled in (a screen's own ``speech`` is kept)."""
    if view.kind in SILENT_KINDS:
        return view
    speech = view.speech or page_speech(view)
    return replace(view, speech=speech, echo=input_echo(view), alert=idle_alert(view.idle_warning))


def page_speech(view: PageView) -> tuple[Text, ...]:
    """The default words of a page: title, prompt, then its blocks in order (errors first)."""
    if view.kind == PageKind.ATTRACT and view.card_reminder:
        return (Txt("remind.take_card"),)  # the card is still on the reader: nothing else to say
    out: list[Text] = [Txt("speech.hello")] if view.kind == PageKind.MENU else []
    if view.title:
        out.append(view.title)
    if view.prompt and not (view.kind == PageKind.PROGRESS and view.prompt == Txt("wait.please")):
        out.append(view.prompt)  # (a wait's title says what is happening; "please wait" adds nothing)
    blocks = list(view.blocks)
    blocks.sort(key=lambda b: 0 if isinstance(b, NoticeBlock) and b.level == "error" else 1)
    for block in blocks:
        out += block_speech(block)
    return tuple(dict.fromkeys(out))  # each sentence once (a prompt and an empty list may say the same)


def block_speech(block: Block) -> list[Text]:
    if isinstance(block, NoticeBlock | ParagraphBlock):
        return [block.text]
    if isinstance(block, TilesBlock):
        return [t.label if t.note is None else Txt.of("speech.line", label=t.label, value=t.note)
                for t in block.tiles if t.enabled]
    if isinstance(block, KeyValueBlock):
        lines = block.lines if len(block.lines) <= MAX_SPOKEN_ROWS else ()
        out: list[Text] = [Txt.of("speech.line", label=k, value=v) for k, v in lines]
        if block.total is not None:
            out.append(Txt.of("speech.line", label=block.total[0], value=block.total[1]))
        return out
    if isinstance(block, ListBlock):
        if not block.rows:
            return [block.empty] if block.empty else []
        if len(block.rows) > MAX_SPOKEN_ROWS:
            return [Txt.of("speech.rows", count=str(len(block.rows)))]
        out = []
        for row in block.rows:
            words: Text = row.cells[0] if row.cells else ""
            if row.amount:
                words = Txt.of("speech.line", label=words, value=row.amount)
            if row.selected:
                words = Txt.of("speech.selected", item=words)
            out.append(words)
        return out
    if isinstance(block, FormBlock):
        return [_field_speech(f) for f in block.fields]
    if isinstance(block, QrBlock):
        return [block.amount, block.status]
    if isinstance(block, BigTextBlock):
        return [t for t in (block.caption, " ".join(block.text)) if t]
    return []  # the keypad says nothing by itself


def _field_speech(f: FormField) -> Text:
    if f.kind == FieldKind.STEPPER:
        return Txt.of("speech.line", label=f.label, value=str(f.value))
    if f.kind == FieldKind.TOGGLE:
        return Txt.of("speech.line", label=f.label, value=Txt("speech.yes" if f.value else "speech.no"))
    if f.kind == FieldKind.CHOICE:
        chosen = next((label for key, label in f.options if key == f.value), "")
        return Txt.of("speech.line", label=f.label, value=chosen) if chosen else f.label
    if f.active:
        return Txt.of("speech.type_here", label=f.label)
    return f.label


def input_echo(view: PageView) -> Text:
    """What the active input holds, as it may be said: numbers and amounts as typed, an ID number,
    a PIN or free text only as a count (never the characters of an ID number)."""
    for block in view.blocks:
        if not isinstance(block, FormBlock):
            continue
        for f in block.fields:
            if not f.active:
                continue
            value = str(f.value or "")
            if not value:
                return Txt("speech.echo.empty")
            if f.kind in (FieldKind.NUMBER, FieldKind.MONEY):
                return Txt.of("speech.echo.value", value=value)
            if f.kind == FieldKind.TEXT:
                return Txt.of("speech.echo.chars", count=str(len(value)))
            return Txt.of("speech.echo.digits", count=str(len(value)))  # ID number, PIN (its mask)
    return ""


def idle_alert(seconds: int | None) -> Text:
    """The spoken idle countdown: the figure rounded up to 10 s, so it is said at 30, 20 and 10 s."""
    if seconds is None:
        return ""
    return Txt.of("speech.idle", seconds=str(-(-seconds // 10) * 10 if seconds > 10 else seconds))


# ---- words ---------------------------------------------------------------------------------------
_ID_LIKE = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9A-Za-z])|(?<![0-9])[0-9]{15}(?![0-9])")
_MONEY = re.compile(r"(-?)¥\s?([0-9][0-9,]*(?:\.[0-9]+)?)")
_SENTENCE_END = ("。", "！", "？", ".", "!", "?", "…", "：", ":")


def speakable(text: str, language: str) -> str:
    """Words an engine reads well: amounts as "1234.50 元" / "1234.50 yuan"; masks and marks dropped;
    anything shaped like an ID number masked (a last guard: views never carry one)."""
    text = _ID_LIKE.sub(lambda m: mask_id(m.group()), text)
    unit = "元" if language == "zh_CN" else " yuan"
    text = _MONEY.sub(lambda m: f"{'负' if m.group(1) and language == 'zh_CN' else m.group(1)}"
                      f"{m.group(2).replace(',', '')}{unit}", text)
    return re.sub(r"[*●✓▏]+", " ", text).strip()


def join_sentences(parts: Iterable[str], language: str) -> str:
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if not part:
            continue
        if not part.endswith(_SENTENCE_END):
            part += "。" if language == "zh_CN" else "."
        out.append(part)
    return ("" if language == "zh_CN" else " ").join(out)


def render(texts: Iterable[Text], language: str, translate: Translate) -> str:
    """The words of ``texts`` in ``language``, ready for the engine."""
    return speakable(join_sentences((translate(t, language) for t in texts if t), language), language)


def utterance(view: PageView, translate: Translate) -> str:
    """What the page says (and "repeat" says again): its speech, then the input echo."""
    return render((*view.speech, view.echo), view.language, translate)


# ---- when it is said -------------------------------------------------------------------------------
class VoiceGuide:
    """Feed it every view and the effects that came with it; it speaks through ``port``."""

    def __init__(self, port: SpeechPort, translate: Translate) -> None:
        self.port = port
        self.translate = translate
        self._last: PageView | None = None

    def show(self, view: PageView, effects: Iterable[Effect] = ()) -> None:
        last, self._last = self._last, view
        effects = tuple(effects)
        reminders = [e for e in effects if isinstance(e, SoundReminder)]
        repeat = any(isinstance(e, RepeatSpeech) for e in effects)
        silent = view.kind in SILENT_KINDS or not view.voice
        if silent:
            if last is not None and last.voice and last.kind not in SILENT_KINDS:
                self.port.stop()  # switched off (or a technician came): quiet at once
        elif reminders and view.card_reminder and not repeat:
            self.port.stop()  # the reminder below, in the ended session's language, is the page's words
        else:
            self.port.volume = volume_percent(view.volume)
            self._speak_changes(last, view, repeat)
        for r in reminders:  # the card reminder is said whatever the voice setting: the card matters
            self.port.volume = volume_percent(max(view.volume, DEFAULT_VOLUME))
            language = r.language or view.language
            self.port.say(render((Txt(r.reason),), language, self.translate), language, view.speech_rate)

    def _speak_changes(self, last: PageView | None, view: PageView, repeat: bool) -> None:
        page = (view.screen, view.speech, view.language)
        if repeat or last is None or not last.voice or page != (last.screen, last.speech, last.language):
            self._say_now(utterance(view, self.translate), view, "page")
        elif view.alert and view.alert != last.alert:
            self._say_now(render((view.alert,), view.language, self.translate), view, "countdown")
        elif view.echo != last.echo and view.echo:
            self._say_now(render((view.echo,), view.language, self.translate), view, "echo")
        elif view.volume != last.volume:
            words = Txt.of("speech.volume", level=str(view.volume), levels=str(VOLUME_LEVELS))
            self._say_now(render((words,), view.language, self.translate), view, "volume")

    def _say_now(self, text: str, view: PageView, what: str) -> None:
        self.port.stop()
        if text:
            log.debug("speaking the %s of %s (%s)", what, view.screen, view.language)
            self.port.say(text, view.language, view.speech_rate)


# ---- a recording engine (tests, the tour) -----------------------------------------------------------
@dataclass(frozen=True)
class Utterance:
    text: str
    language: str
    rate: float
    volume: int


@dataclass
class RecordingSpeech:
    """SpeechPort that records what would be said; ``events`` holds "say" and "stop" in order."""

    volume: int = 0
    said: list[Utterance] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    def say(self, text: str, language: str, rate: float = NORMAL_RATE) -> None:
        self.said.append(Utterance(text, language, rate, self.volume))
        self.events.append("say")

    def stop(self) -> None:
        self.events.append("stop")

    def close(self) -> None:
        self.events.append("close")

    @property
    def texts(self) -> list[str]:
        return [u.text for u in self.said]

    def clear(self) -> None:
        self.said.clear()
        self.events.clear()
