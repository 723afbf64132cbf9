"""Voice guidance without Qt or audio: what every page says (the view-model's speech) and when it is
said (the VoiceGuide over a recording engine). Texts stay message keys here; the UI tests check the
translated words (tests/ui/test_voice_ui.py)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from kiosk.flow import CardPlaced, CardRead, CardReadFailed, CardRemoved, FlowTimeouts, Intent, Tick
from kiosk.flow.speech import (
    DEFAULT_VOLUME,
    SLOW_RATE,
    RecordingSpeech,
    VoiceGuide,
    speakable,
    volume_percent,
)
from kiosk.flow.views import PageKind, PageView, Text, Txt
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver
from tests.kiosk.flow.test_navigation import ALL, explore, open_wizard

ID_LIKE = re.compile(r"[0-9]{15,}|[0-9]{17}[Xx]")


def words(t: Text) -> Iterator[str]:
    """Every string inside a text: the key, and each argument (data) all the way down."""
    if isinstance(t, str):
        yield t
        return
    yield t.key
    for _, v in t.args:
        yield from words(v)


def keys(t: Text, language: str) -> str:
    """A translator that shows message keys and arguments (what the UI would translate)."""
    if isinstance(t, str):
        return t
    args = ",".join(f"{k}={keys(v, language)}" for k, v in t.args)
    return f"{t.key}[{args}]" if args else t.key


def check_speech(view: PageView) -> None:
    if view.kind == PageKind.MAINTENANCE:
        return
    assert view.speech, f"{view.screen} says nothing"
    for t in (*view.speech, view.echo, view.alert):
        for s in words(t):
            assert SAMPLE_ID not in s and not ID_LIKE.search(s), f"{view.screen} would say an ID number: {s!r}"


@pytest.mark.parametrize("name", sorted(ALL))
def test_every_page_of_every_flow_has_speech_and_no_id_number(name: str) -> None:
    """GIVEN every wizard walked by tapping every choice (tests/kiosk/flow/test_navigation.py), typing
    a full ID number where the staff form asks for one WHEN each page appears THEN it has words to say,
    and none of them (nor the input echo) holds an ID number."""
    walk = explore(name)
    paths = set(walk.edges.values()) | set(walk.arrived.values())
    checked = 0
    for path in paths:
        d = open_wizard(name)
        check_speech(d.view)
        for intent in path:
            d.send(intent)
            check_speech(d.view)
            checked += 1
    assert checked > 0


def test_the_controllers_own_pages_have_speech() -> None:
    d = FlowDriver()
    check_speech(d.view)  # attract
    assert Txt("attract.place_card") in d.view.speech
    d.send(CardPlaced())
    check_speech(d.view)  # reading
    d.send(CardReadFailed())
    check_speech(d.view)  # error
    assert Txt("card.read_failed") in d.view.speech  # the error is said
    d.tap("call_staff")
    check_speech(d.view)  # staff
    assert " ".join("K7Q4AC") in d.view.speech  # the hand-over code, letter by letter


def test_an_id_number_is_echoed_as_a_count_only() -> None:
    d = FlowDriver()
    d.tap("call_staff")
    d.tap("staff.entry")
    d.tap("field.focus", "id_number")
    for k in SAMPLE_ID[:12]:
        d.tap("key", k)
    assert d.view.echo == Txt.of("speech.echo.digits", count="12")
    for k in SAMPLE_ID[12:]:
        d.tap("key", k)
    assert d.view.echo == Txt.of("speech.echo.digits", count="18")
    check_speech(d.view)


def test_amounts_and_masks_are_made_speakable() -> None:
    assert speakable("应缴 ¥1,234.50", "zh_CN") == "应缴 1234.50元"
    assert speakable("Pay ¥7,283.00", "en") == "Pay 7283.00 yuan"
    assert SAMPLE_ID not in speakable(f"x {SAMPLE_ID} y", "en")
    assert "*" not in speakable("您好，张*", "zh_CN")


# ---- when it is said: the guide over a recording engine ---------------------------------------------
class VoiceDriver(FlowDriver):
    """The flow, its effects run synchronously, and a guide speaking into a recorder."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.speech = RecordingSpeech()
        self.guide = VoiceGuide(self.speech, keys)
        self.guide.show(self.view)

    def send(self, event: Any) -> PageView:
        t = self.flow.handle(event)
        self.view = t.view
        self.states.append(t.state)
        # said before the effects run: here they answer at once (nested sends), on the kiosk later
        self.guide.show(t.view, t.effects)
        for effect in t.effects:
            self._do(effect)
        return self.view

    def sign_in(self, birth: dt.date | None = None) -> None:
        self.send(CardPlaced())
        self.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident", birth))


def last(d: VoiceDriver) -> str:
    return d.speech.texts[-1].rstrip("。.")


def test_the_next_screen_interrupts_what_is_being_said() -> None:
    d = VoiceDriver()
    assert d.speech.texts[0].startswith("attract.title")
    assert d.speech.volume == volume_percent(DEFAULT_VOLUME) == 60  # on, at a moderate volume
    d.sign_in()
    assert "menu.prompt" in d.speech.texts[-1] and d.speech.events[-2:] == ["stop", "say"]
    d.tap("menu.open", "payment")
    assert "dues.prompt" in d.speech.texts[-1]
    assert d.speech.events[-2:] == ["stop", "say"]  # stopped first: the menu's words are cut off
    assert all(SAMPLE_ID not in t for t in d.speech.texts)


def test_the_card_reminder_is_said_in_the_sessions_language_until_the_card_is_taken() -> None:
    """GIVEN a session in English WHEN it ends with the card on the reader THEN "take your card" is
    said in English (the attract screen is Chinese again), every 2 s, until the card is lifted."""
    d = VoiceDriver(timeouts=FlowTimeouts(reminder_interval=2.0))
    d.sign_in()
    d.tap("language", "en")
    d.tap("menu.finish")
    assert d.view.language == "zh_CN"
    reminders = [u for u in d.speech.said if u.text.rstrip("。.") == "remind.take_card"]
    assert [u.language for u in reminders] == ["en"]
    for _ in range(6):
        d.send(Tick(2.0))
    reminders = [u for u in d.speech.said if u.text.rstrip("。.") == "remind.take_card"]
    assert len(reminders) == 7 and {u.language for u in reminders} == {"en"}  # not 4 and done
    d.send(CardRemoved())
    for _ in range(3):
        d.send(Tick(2.0))
    assert len([u for u in d.speech.said if u.text.rstrip("。.") == "remind.take_card"]) == 7


def test_the_idle_countdown_is_said_every_ten_seconds() -> None:
    d = VoiceDriver(timeouts=FlowTimeouts(idle_warning=5, idle_countdown=30))
    d.sign_in()
    d.send(Tick(5.0))
    assert last(d) == "speech.idle[seconds=30]"
    for _ in range(10):
        d.send(Tick(1.0))
    assert last(d) == "speech.idle[seconds=20]"
    spoken = [t.rstrip("。.") for t in d.speech.texts if t.startswith("speech.idle")]
    assert spoken == ["speech.idle[seconds=30]", "speech.idle[seconds=20]"]  # not every second
    for _ in range(10):
        d.send(Tick(1.0))
    assert last(d) == "speech.idle[seconds=10]"


def test_errors_are_said() -> None:
    d = VoiceDriver()
    d.send(CardPlaced())
    d.send(CardReadFailed())
    assert "card.read_failed" in d.speech.texts[-1] and "card.place_again" in d.speech.texts[-1]


def test_typing_is_echoed_and_repeat_says_the_page_again() -> None:
    d = VoiceDriver()
    d.tap("call_staff")
    d.tap("staff.entry")
    d.tap("field.focus", "id_number")
    for k in SAMPLE_ID:
        d.tap("key", k)
    assert last(d) == "speech.echo.digits[count=18]"
    page = [t for t in d.speech.texts if "staff_entry" in t or "staff." in t]
    assert page
    before = len(d.speech.said)
    d.tap("speech.repeat")
    assert len(d.speech.said) == before + 1 and "speech.echo.digits[count=18]" in d.speech.texts[-1]
    assert all(SAMPLE_ID not in t and SAMPLE_ID[:12] not in t for t in d.speech.texts)


def test_voice_off_volume_and_reset_after_the_session() -> None:
    d = VoiceDriver()
    d.sign_in()
    d.tap("volume", 1)
    d.tap("volume", 1)
    d.tap("volume", 1)
    assert d.view.volume == 5 and d.speech.volume == 100
    assert last(d) == "speech.volume[level=5,levels=5]"
    d.tap("voice")
    assert not d.view.voice and d.speech.events[-1] == "stop"
    said = len(d.speech.said)
    d.tap("menu.open", "payment")
    assert len(d.speech.said) == said  # voice off: nothing said
    d.tap("wizard.cancel")
    d.tap("menu.finish")
    assert d.view.voice and d.view.volume == DEFAULT_VOLUME and d.view.speech_rate == 1.0
    assert not d.view.large_text and d.view.language == "zh_CN"


def test_a_card_holder_of_65_or_more_is_offered_large_text_and_slow_speech_in_one_tap() -> None:
    """GIVEN a card whose holder was born in 1949 (76 on the test day) WHEN the menu greets them
    THEN it offers large text and slower speech; one tap switches both on, the offer goes away."""
    d = VoiceDriver()
    d.sign_in(dt.date(1949, 12, 31))
    assert "access.senior" in d.intents()
    assert any("senior.offer" in words(t) for t in d.view.speech)
    d.tap("access.senior")
    assert d.view.large_text and d.view.speech_rate == SLOW_RATE
    assert "access.senior" not in d.intents()
    d.tap("menu.open", "payment")
    assert d.speech.said[-1].rate == SLOW_RATE
    d.tap("wizard.cancel")
    d.tap("menu.finish")
    assert d.view.speech_rate == 1.0 and not d.view.large_text


@pytest.mark.parametrize("birth", [dt.date(1961, 11, 27), None])
def test_no_offer_below_65_or_without_a_birth_date(birth: dt.date | None) -> None:
    d = VoiceDriver()  # 1961-11-27: 64 on 2026-11-26, one day short
    d.sign_in(birth)
    assert d.view.screen == "menu" and "access.senior" not in d.intents()
    d.tap("access.senior")
    assert not d.view.large_text


def test_switching_language_or_large_text_mid_wizard_keeps_the_step_and_the_input() -> None:
    d = VoiceDriver()
    d.tap("call_staff")
    d.tap("staff.entry")
    for k in "S001":
        d.tap("key", k)
    screen = d.view.screen
    for intent in (Intent("large_text"), Intent("language", "en"), Intent("voice"), Intent("volume", -1)):
        d.send(intent)
        assert d.view.screen == screen
        form = next(b for b in d.view.blocks if hasattr(b, "fields"))
        assert form.fields[0].value == "S001"
    assert d.view.language == "en" and d.view.large_text


def test_a_card_left_on_the_reader_is_all_the_attract_screen_says() -> None:
    """GIVEN an English session ending with the card on the reader WHEN the attract screen comes back
    THEN the one thing said is the reminder, in English (never "place your card" in Chinese first)."""
    d = VoiceDriver()
    d.sign_in()
    d.tap("language", "en")
    said = len(d.speech.said)
    d.tap("menu.finish")
    assert [(u.text, u.language) for u in d.speech.said[said:]] == [("remind.take_card.", "en")]
    assert d.view.speech == (Txt("remind.take_card"),)
    d.send(CardRemoved())
    assert "attract.place_card" in last(d)
