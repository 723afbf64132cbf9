"""Chinese input on a text field that takes it: pinyin letters compose, candidates page, a pick types
its characters and keeps the letters it did not stand for (kiosk.flow.ime), walked without Qt."""

from __future__ import annotations

from kiosk.domain.pinyin import PinyinEngine
from kiosk.flow import CardPlaced, CardRead, Intent
from kiosk.flow.forms import MAX_TEXT, Form
from kiosk.flow.ime import MAX_LETTERS, PAGE, Composer
from kiosk.flow.views import FieldKind, FormBlock, FormField, ImeView, KeypadBlock, PageView, Txt
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver

SMALL = PinyinEngine(
    {"wang": ["王", "往", "望", "网", "忘", "亡", "汪", "旺"], "fang": ["方", "放", "房", "芳"], "lu": ["路"]},
    {"wangfang": ["王芳"]},
)


def form(*, chinese: bool = True) -> Form:
    f = Form([FormField("name", FieldKind.TEXT, Txt("rental.tenant"), "", chinese=chinese),
              FormField("other", FieldKind.TEXT, Txt("rental.tenant"), "")])
    f.composer = Composer(lambda: SMALL)
    return f


def press(f: Form, keys: str) -> None:
    for k in keys:
        assert f.handle(Intent("key", "space" if k == " " else k))


def ime(f: Form) -> ImeView:
    pad = f.block()[-1]
    assert isinstance(pad, KeypadBlock) and pad.ime is not None
    return pad.ime


def test_letters_compose_and_the_whole_word_comes_first() -> None:
    f = form()
    press(f, "WANGFANG")
    assert f.text("name") == ""
    v = ime(f)
    assert (v.chinese, v.composing, v.candidates[:2], v.pages) == (True, "wang fang", ("王芳", "王"), 2)
    f.handle(Intent("ime.pick", 0))
    assert f.text("name") == "王芳" and ime(f).composing == ""


def test_one_character_at_a_time_keeps_the_rest_composing() -> None:
    f = form()
    press(f, "WANGFANG")
    f.handle(Intent("ime.pick", 1))  # 王
    assert f.text("name") == "王" and ime(f).composing == "fang"
    assert ime(f).candidates == ("方", "放", "房", "芳")
    f.handle(Intent("ime.pick", 3))
    assert f.text("name") == "王芳"


def test_candidates_page_forward_and_back_within_bounds() -> None:
    f = form()
    press(f, "WANG")
    assert len(ime(f).candidates) == PAGE and ime(f).pages == 2
    f.handle(Intent("ime.page", 1))
    assert ime(f).page == 1
    assert ime(f).candidates == tuple(SMALL.candidates("wang")[i].text for i in range(PAGE, 8))
    f.handle(Intent("ime.page", 1))  # no page three
    assert ime(f).page == 1
    f.handle(Intent("ime.pick", 1))
    assert f.text("name") == "旺"
    f.handle(Intent("ime.page", -1))
    assert ime(f).page == 0


def test_space_takes_the_first_candidate_and_backspace_edits_the_letters_first() -> None:
    f = form()
    press(f, "FANX")
    f.handle(Intent("key", "backspace"))
    assert ime(f).composing == "fan"
    press(f, "G ")
    assert f.text("name") == "方"
    f.handle(Intent("key", "backspace"))  # nothing composing: deletes a character
    assert f.text("name") == ""
    press(f, " ")  # a leading space is not typed
    assert f.text("name") == ""


def test_digits_type_at_once_and_clear_drops_everything() -> None:
    f = form()
    press(f, "LU")
    f.handle(Intent("ime.pick", 0))
    press(f, "88")
    assert f.text("name") == "路88"
    press(f, "WANG")
    f.handle(Intent("key", "clear"))
    assert f.text("name") == "" and ime(f).composing == ""


def test_the_mode_key_switches_to_latin_letters_and_gives_back_the_letters() -> None:
    f = form()
    press(f, "LI")
    f.handle(Intent("ime.mode"))
    assert f.text("name") == "LI" and ime(f).chinese is False
    press(f, " SI")
    assert f.text("name") == "LI SI"
    f.handle(Intent("ime.mode"))
    assert ime(f).chinese is True


def test_a_pick_out_of_range_or_of_a_bad_value_types_nothing() -> None:
    f = form()
    press(f, "LU")
    f.handle(Intent("ime.pick", 5))
    f.handle(Intent("ime.pick", "路"))
    assert f.text("name") == "" and ime(f).composing == "lu"


def test_composing_is_bounded_and_the_field_too() -> None:
    f = form()
    press(f, "W" * (MAX_LETTERS + 5))
    assert len(f.composer.letters) == MAX_LETTERS
    f.values["name"] = "王" * MAX_TEXT
    f.handle(Intent("key", "clear"))
    f.values["name"] = "王" * (MAX_TEXT - 1)
    press(f, "LU")
    f.handle(Intent("ime.pick", 0))
    press(f, "WANGFANG")
    f.handle(Intent("ime.pick", 0))
    assert len(f.text("name")) == MAX_TEXT


def test_another_field_drops_the_letters_and_a_plain_field_has_no_input_method() -> None:
    f = form()
    press(f, "WANG")
    f.handle(Intent("field.focus", "other"))
    pad = f.block()[-1]
    assert isinstance(pad, KeypadBlock) and pad.ime is None
    press(f, "AB")
    assert f.text("other") == "AB"
    f.handle(Intent("field.focus", "name"))
    assert ime(f).composing == ""
    f.handle(Intent("field.focus", "name"))  # the same field again keeps what is composing
    press(f, "LU")
    f.handle(Intent("field.focus", "name"))
    assert ime(f).composing == "lu"


def tenant(view: PageView) -> str:
    for block in view.blocks:
        if isinstance(block, FormBlock):
            return str(block.fields[0].value)
    raise AssertionError(view.screen)


def test_the_rental_tenant_typed_in_pinyin_with_the_real_dictionaries() -> None:
    """GIVEN the rental wizard's tenant step WHEN the person types wangfang and taps 王 then 芳
    THEN the field holds 王芳 and Next is enabled."""
    d = FlowDriver(services=FakeServices())
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.tap("menu.open", "rental")
    d.tap("rental.property", 31)
    assert d.view.screen == "rental.tenant"
    for k in "WANGFANG":
        d.tap("key", k)
    pad = next(b for b in d.view.blocks if isinstance(b, KeypadBlock))
    assert pad.ime is not None and pad.ime.composing == "wang fang"
    d.tap("ime.pick", pad.ime.candidates.index("王"))
    for _ in range(5):
        pad = next(b for b in d.view.blocks if isinstance(b, KeypadBlock))
        assert pad.ime is not None
        if "芳" in pad.ime.candidates:
            break
        d.tap("ime.page", 1)
    d.tap("ime.pick", pad.ime.candidates.index("芳"))
    assert tenant(d.view) == "王芳"
    d.tap("wizard.next")
    assert d.view.screen == "rental.terms"
