"""Voice guidance and the access bar on the real widgets: the words said in both languages, the bar
on every screen, large text and language switched mid-wizard keeping the input, the 65+ offer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from kiosk.flow import CardPlaced, CardRead
from kiosk.flow.speech import SLOW_RATE, RecordingSpeech
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME
from tests.helpers.ui_driver import FakeKiosk
from ui.window import LANDSCAPE

pytestmark = pytest.mark.gui

ID_LIKE = re.compile(r"[0-9]{15,}|[0-9]{17}[Xx]")
BAR = [("language", "zh_CN"), ("language", "en"), ("large_text", None), ("voice", None),
       ("speech.repeat", None), ("volume", 1), ("volume", -1)]


def sign_in(d: FakeKiosk, birth: dt.date | None = None) -> None:
    d.controller.post(CardPlaced())
    d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident", birth))
    d.wait_screen("menu")


def assert_bar(d: FakeKiosk) -> None:
    for intent, value in BAR:
        b = d.find(intent, value)
        assert b is not None and b.isVisible(), f"{d.screen}: no {intent} {value} on the bar"
    chosen = d.find("language", d.view.language)
    assert chosen is not None and chosen.text().startswith("✓ ")  # more than colour marks the language
    other = d.find("language", "en" if d.view.language == "zh_CN" else "zh_CN")
    assert other is not None and not other.text().startswith("✓")


def assert_no_id(speech: RecordingSpeech) -> None:
    """Nothing said holds the ID number (or a run of its digits), nor the name, even masked."""
    for text in speech.texts:
        assert SAMPLE_ID not in text and not ID_LIKE.search(text), text
        assert SAMPLE_ID[:6] not in text and SAMPLE_NAME not in text and "张*" not in text, text


def payment(d: FakeKiosk) -> list[str]:
    """Menu -> dues -> confirm -> QR -> result; what was said on each screen's arrival."""
    d.services.polls_until_outcome = 3
    said: list[str] = []
    sign_in(d)
    assert_bar(d)
    said.append(d.speech.texts[-1])
    d.tap("menu.open", "payment")
    for screen in ("payment.dues", "payment.confirm"):
        d.wait_screen(screen)
        assert_bar(d)
        said.append(d.speech.texts[-1])
        d.tap("wizard.next")
    d.wait_screen("payment.pay")
    assert_bar(d)
    said.append(d.speech.texts[-1])
    d.wait_screen("result")
    assert_bar(d)
    said.append(d.speech.texts[-1])
    return said


def test_payment_is_spoken_in_chinese(ui: FakeKiosk) -> None:
    said = payment(ui)
    menu, dues, confirm, qr, result = said
    assert menu.startswith("您好。请选择业务。") and "完税证明与纳税记录" in menu
    assert "已选" in dues  # each due with its amount and whether it is chosen
    assert "合计应缴：1560.00元" in confirm
    assert "请用手机支付应用扫码" in qr and "1560.00元" in qr
    assert "元" in confirm and "¥" not in confirm  # amounts read as amounts
    assert "请取走您的身份证和凭条" in result
    assert_no_id(ui.speech)
    assert all(u.language == "zh_CN" and u.volume == 60 for u in ui.speech.said)


def test_payment_is_spoken_in_english(ui: FakeKiosk) -> None:
    ui.tap("language", "en")
    said = payment(ui)
    assert said[0].startswith("Hello. Choose a service.")
    assert "Please take your ID card and your slip" in said[-1]
    assert not re.search(r"[\u4e00-\u9fff]", said[0])
    assert_no_id(ui.speech)


def test_the_bar_is_on_every_screen_and_repeat_says_it_again(ui: FakeKiosk) -> None:
    assert_bar(ui)  # attract
    sign_in(ui)
    ui.tap("call_staff")
    ui.wait_screen("staff")
    assert_bar(ui)
    before = len(ui.speech.said)
    ui.tap("speech.repeat")
    assert len(ui.speech.said) == before + 1 and "K 7 Q 4 A C" in ui.speech.texts[-1]
    ui.tap("voice")
    assert not ui.view.voice and ui.speech.events[-1] == "stop"
    assert ui.find("voice") is not None and ui.find("voice").text() == "打开语音"  # type: ignore[union-attr]


@pytest.mark.parametrize("switch", ["large_text", "language"])
def test_switching_mid_wizard_keeps_the_step_and_the_typed_input(qtbot, switch: str) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the rental tenant typed on the on-screen keyboard WHEN large text (or English) is tapped
    on the bar THEN the same step is shown, rebuilt, with "WANG FANG" still in the field; Next goes on."""
    from tests.helpers.fake_services import FakeServices

    d = FakeKiosk(FakeServices(), size=LANDSCAPE)
    try:
        sign_in(d)
        d.tap("menu.open", "rental")
        d.wait_screen("rental.property")
        d.tap("rental.property", 31)
        d.wait_screen("rental.tenant")
        d.tap("ime.mode")  # the tenant field starts in pinyin; Latin letters typed as they are
        d.type_keys("WANG FANG")
        built = d.window.pages_built
        d.tap(switch, "en" if switch == "language" else None)
        d.wait_until("the page rebuilt", lambda: d.window.pages_built > built)
        assert d.screen == "rental.tenant"
        assert d.view.large_text == (switch == "large_text") and d.view.language == ("en" if switch == "language" else "zh_CN")
        page = d.window.page
        assert page is not None
        shown = [w.text() for w in [*page.findChildren(QAbstractButton), *page.findChildren(QLabel)]]
        assert any("WANG FANG" in t for t in shown), shown
        d.tap("wizard.next")
        d.wait_screen("rental.terms")
    finally:
        d.close()


def test_a_card_holder_of_65_is_offered_large_text_and_slow_speech(ui: FakeKiosk) -> None:
    sign_in(ui, dt.date(1949, 12, 31))
    offer = ui.find("access.senior")
    assert offer is not None and offer.isVisible()
    assert "大字体和慢速语音" in ui.speech.texts[-1]
    ui.tap("access.senior")
    ui.wait_until("large text", lambda: ui.view.large_text)
    assert ui.find("access.senior") is None
    ui.tap("menu.open", "payment")
    ui.wait_screen("payment.dues")
    assert ui.speech.said[-1].rate == SLOW_RATE


def test_no_offer_for_a_younger_card_holder(ui: FakeKiosk) -> None:
    sign_in(ui, dt.date(1990, 5, 1))
    assert ui.find("access.senior") is None
