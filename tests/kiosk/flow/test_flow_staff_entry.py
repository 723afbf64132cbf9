"""Staff-assisted session start (the card cannot be read), walked without Qt on the fake services."""

from __future__ import annotations

import logging

import pytest

from kiosk.flow import CardPlaced, CardRead, FlowTimeouts, Intent, ServiceResult, Tick
from kiosk.flow.controller import redact
from kiosk.flow.forms import Form
from kiosk.flow.views import FieldKind, FormBlock, FormField, KeypadBlock, PageKind, Role, TilesBlock
from kiosk.flow.wizards.staff_entry import StaffEntryWizard
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, texts

BAD_CHECK_DIGIT = SAMPLE_ID[:-1] + "9"
PIN = "246810"  # the fake's PIN for S001
WRONG_PIN = "135790"


def type_keys(d: FlowDriver, text: str) -> None:
    for ch in text:
        d.tap("key", ch)


def fields(d: FlowDriver) -> dict[str, object]:
    form = next(b for b in d.view.blocks if isinstance(b, FormBlock))
    return {f.name: f.value for f in form.fields}


def active_field(d: FlowDriver) -> str:
    form = next(b for b in d.view.blocks if isinstance(b, FormBlock))
    return next(f.name for f in form.fields if f.active)


def open_form(d: FlowDriver) -> None:
    d.tap("call_staff")
    assert d.view.screen == "staff"
    tiles = [t for b in d.view.blocks if isinstance(b, TilesBlock) for t in b.tiles]
    assert [t.intent for t in tiles] == ["staff.entry"]
    d.tap("staff.entry")
    assert d.view.screen == "staff_entry.form"


def fill(d: FlowDriver, staff_code: str, id_number: str, pin: str = PIN) -> None:
    type_keys(d, staff_code)  # the staff code field is active first (on-screen keyboard)
    d.tap("field.focus", "pin")
    type_keys(d, pin)
    d.tap("field.focus", "id_number")
    type_keys(d, id_number)


def pin_typed(d: FlowDriver) -> str:
    wizard = d.flow.wizard
    assert isinstance(wizard, StaffEntryWizard)
    return wizard.form.text("pin")


def no_pin_anywhere(d: FlowDriver, pin: str = PIN) -> None:
    """No text of the view holds the PIN (or its first four digits); the wizard, if any, has forgotten it."""
    assert all(pin[:4] not in t for t in texts(d.view))
    wizard = d.flow.wizard
    if isinstance(wizard, StaffEntryWizard):
        assert wizard.form.text("pin") == ""


def no_id_anywhere(d: FlowDriver, number: str = SAMPLE_ID) -> None:
    """Neither the view nor the flow's own state holds the typed number any more."""
    assert all(number not in t for t in texts(d.view))
    wizard = d.flow.wizard
    if isinstance(wizard, StaffEntryWizard):
        assert number not in str(wizard.form.values)


def test_happy_path_staff_start_the_session_and_the_menu_greets_masked(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """GIVEN a person whose card cannot be read, and a member of staff with code S001
    WHEN staff open the form from the call-staff screen and type their code and the ID number
    THEN the services start a staff session and the normal menu greets the person masked."""
    caplog.set_level(logging.DEBUG)
    d = FlowDriver()
    open_form(d)
    view = d.view
    assert view.kind == PageKind.STEP
    assert {(a.intent, a.role) for a in view.actions} >= {
        ("wizard.back", Role.BACK),
        ("wizard.cancel", Role.CANCEL),
    }
    form = next(b for b in view.blocks if isinstance(b, FormBlock))
    assert [(f.name, f.kind) for f in form.fields] == [
        ("staff_code", FieldKind.TEXT),
        ("pin", FieldKind.PIN),
        ("id_number", FieldKind.ID_NUMBER),
    ]
    assert next(b for b in view.blocks if isinstance(b, KeypadBlock)).kind == FieldKind.TEXT
    fill(d, "S001", SAMPLE_ID)
    assert next(b for b in d.view.blocks if isinstance(b, KeypadBlock)).kind == FieldKind.ID_NUMBER
    assert fields(d) == {"staff_code": "S001", "pin": "●●●●●●", "id_number": SAMPLE_ID}  # the PIN masked
    assert pin_typed(d) == PIN
    start = next(a for a in d.view.actions if a.intent == "wizard.next")
    assert start.enabled and start.role == Role.PRIMARY
    wizard = d.flow.wizard
    assert isinstance(wizard, StaffEntryWizard)
    d.tap("wizard.next")
    assert wizard.form.text("pin") == "" and SAMPLE_ID not in str(wizard.form.values)
    assert d.view.screen == "menu"
    assert d.flow.session is not None and d.flow.session.via == "staff"
    assert d.flow.wizard is None
    assert "start_session_staff" in d.services.calls
    all_text = " ".join(texts(d.view))
    assert "王**" in all_text and "110105********002X" in all_text
    no_id_anywhere(d)
    assert "from staff_entry.form to wait (wizard.next)" in caplog.text
    assert "from wait to menu (service answered)" in caplog.text
    assert SAMPLE_ID not in caplog.text and PIN not in caplog.text
    no_pin_anywhere(d)


def test_the_pin_is_typed_on_the_numeric_keypad_and_only_its_mask_reaches_the_view(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """GIVEN the staff entry form WHEN staff tap the PIN field and type digits (and stray keys)
    THEN the numeric keypad (no X) types up to 12 digits, and the view carries one dot per digit."""
    caplog.set_level(logging.DEBUG)
    d = FlowDriver()
    open_form(d)
    type_keys(d, "S001")
    d.tap("field.focus", "pin")
    assert active_field(d) == "pin"
    assert next(b for b in d.view.blocks if isinstance(b, KeypadBlock)).kind == FieldKind.PIN
    type_keys(d, "X2A4.6")  # no X, no letters, no point
    assert pin_typed(d) == "246" and fields(d)["pin"] == "●●●"
    type_keys(d, "8101234567890")
    assert pin_typed(d) == "246810123456"  # 12 digits at most
    assert fields(d)["pin"] == "●" * 12
    d.tap("key", "backspace")
    assert pin_typed(d) == "24681012345" and fields(d)["pin"] == "●" * 11
    d.tap("key", "clear")
    assert pin_typed(d) == "" and fields(d)["pin"] == ""
    type_keys(d, PIN)
    no_pin_texts = [t for t in texts(d.view) if "2468" in t]
    assert no_pin_texts == []
    assert PIN not in caplog.text and "2468" not in caplog.text


def test_a_pin_field_on_any_form_is_masked_in_its_view() -> None:
    form = Form([FormField("p", FieldKind.PIN, "", "")])
    for k in "0123456789X":
        form.handle(Intent("key", k))
    assert form.text("p") == "0123456789"
    (block, keypad) = form.block()
    assert isinstance(block, FormBlock) and isinstance(keypad, KeypadBlock)
    assert block.fields[0].value == "●" * 10 and keypad.kind == FieldKind.PIN


def start_enabled(d: FlowDriver) -> bool:
    return next(a for a in d.view.actions if a.intent == "wizard.next").enabled


def test_start_stays_disabled_until_all_three_fields_are_complete_and_the_keypad_is_strict() -> None:
    d = FlowDriver()
    open_form(d)
    d.tap("wizard.next")
    assert d.view.screen == "staff_entry.form" and "start_session_staff" not in d.services.calls
    d.tap("field.focus", "pin")
    type_keys(d, "246")
    d.tap("field.focus", "id_number")
    type_keys(d, "X1101")  # no X at the start
    assert fields(d)["id_number"] == "1101"
    type_keys(d, "05194912310029999")  # never more than 18 characters
    assert fields(d)["id_number"] == "110105194912310029"
    assert not next(a for a in d.view.actions if a.intent == "wizard.next").enabled  # no staff code yet
    d.tap("key", "backspace")
    d.tap("key", "X")  # X is fine as the 18th character
    assert fields(d)["id_number"] == "11010519491231002X"
    d.tap("field.focus", "staff_code")
    d.tap("key", "S")
    assert not start_enabled(d)  # a PIN of 3 digits is too short
    d.tap("field.focus", "pin")
    d.tap("key", "8")
    assert start_enabled(d)  # 4 digits: enough
    d.tap("key", "clear")
    assert not start_enabled(d)
    type_keys(d, PIN)
    d.tap("field.focus", "staff_code")
    d.tap("key", "clear")
    assert not start_enabled(d)  # no staff code
    d.tap("key", "S")
    d.tap("wizard.next")  # S is not a staff code: refused, and the PIN is gone
    assert d.view.screen == "error.error.staff_code"


def test_wrong_pin_says_code_or_pin_and_try_again_clears_the_pin() -> None:
    """GIVEN staff S001 mistype their PIN WHEN they start THEN "the staff code or the PIN is not right",
    and Try again comes back with the code and the ID number as typed, the PIN empty and active."""
    d = FlowDriver()
    open_form(d)
    fill(d, "S001", SAMPLE_ID, pin=WRONG_PIN)
    d.tap("wizard.next")
    assert d.view.screen == "error.error.staff_code"
    assert d.flow.session is None
    assert {"error.staff_code", "error.staff_entry.help"} <= set(texts(d.view))
    no_pin_anywhere(d, WRONG_PIN)  # dropped as soon as the services refused
    d.tap("error.retry")
    assert d.view.screen == "staff_entry.form"
    assert fields(d) == {"staff_code": "S001", "pin": "", "id_number": SAMPLE_ID}
    assert active_field(d) == "pin"
    assert not start_enabled(d)
    type_keys(d, PIN)
    d.tap("wizard.next")
    assert d.view.screen == "menu" and d.flow.session is not None
    no_pin_anywhere(d)


def test_a_locked_staff_code_has_its_own_message_and_try_again_returns_to_the_code() -> None:
    d = FlowDriver(services=FakeServices(staff_locked=True))
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    d.tap("wizard.next")
    assert d.view.screen == "error.error.staff_locked"
    keys_on_screen = set(texts(d.view))
    assert {"error.staff_locked", "error.staff_entry.title", "error.staff_entry.help"} <= keys_on_screen
    assert "error.staff_code" not in keys_on_screen
    actions = {a.intent: a for a in d.view.actions}
    assert set(actions) == {"error.retry", "error.finish"}
    assert actions["error.retry"].label.key == "action.try_again"  # type: ignore[union-attr]
    assert actions["error.finish"].label.key == "action.cancel"  # type: ignore[union-attr]
    d.tap("error.retry")
    assert fields(d) == {"staff_code": "S001", "pin": "", "id_number": SAMPLE_ID}
    assert active_field(d) == "staff_code"  # wait, or another member of staff signs in
    d.tap("wizard.cancel")
    assert d.view.kind == PageKind.ATTRACT and d.flow.session is None


def test_the_fake_checks_like_the_services() -> None:
    """The fake accepts the login case-insensitively and without spaces, and only with its PIN."""
    from kiosk.errors import UserInputError
    from kiosk.services.staff import StaffLocked

    services = FakeServices()
    with pytest.raises(UserInputError) as wrong:
        services.start_session_staff(SAMPLE_ID, "S001", WRONG_PIN)
    assert wrong.value.message_key == "error.staff_code" and WRONG_PIN not in str(wrong.value)
    with pytest.raises(UserInputError) as bad_id:
        services.start_session_staff(BAD_CHECK_DIGIT, "S001", WRONG_PIN)  # the ID number is checked first
    assert bad_id.value.message_key == "error.id_check"
    assert services.start_session_staff(SAMPLE_ID, " s 001 ", PIN).via == "staff"
    with pytest.raises(StaffLocked) as locked:
        FakeServices(staff_locked=True).start_session_staff(SAMPLE_ID, "S001", PIN)
    assert locked.value.message_key == "error.staff_locked"


def test_wrong_staff_code_says_so_and_try_again_keeps_the_code_for_a_fix() -> None:
    d = FlowDriver()
    open_form(d)
    fill(d, "S999", SAMPLE_ID)
    d.tap("wizard.next")
    assert d.view.screen == "error.error.staff_code"
    assert d.flow.session is None
    keys_on_screen = set(texts(d.view))
    assert {"error.staff_code", "error.staff_entry.help", "error.staff_entry.title"} <= keys_on_screen
    assert SAMPLE_ID not in keys_on_screen
    actions = {a.intent: a for a in d.view.actions}
    assert set(actions) == {"error.retry", "error.finish"}
    assert actions["error.finish"].label.key == "action.cancel"  # type: ignore[union-attr]
    d.tap("error.retry")
    assert d.view.screen == "staff_entry.form"
    assert fields(d) == {"staff_code": "S999", "pin": "", "id_number": SAMPLE_ID}  # the PIN afresh
    assert active_field(d) == "pin"
    d.tap("field.focus", "staff_code")
    d.tap("key", "clear")
    type_keys(d, "S001")
    d.tap("field.focus", "pin")
    type_keys(d, PIN)
    d.tap("wizard.next")
    assert d.view.screen == "menu" and d.flow.session is not None


def test_invalid_id_number_says_what_is_wrong_and_cancel_goes_back_to_the_start() -> None:
    d = FlowDriver()
    open_form(d)
    fill(d, "S001", BAD_CHECK_DIGIT)
    d.tap("wizard.next")
    assert d.view.screen == "error.error.id_check"
    d.tap("error.retry")
    assert active_field(d) == "id_number"
    assert pin_typed(d) == ""  # the PIN is asked for again after any refusal
    d.tap("wizard.next")
    assert d.view.screen == "staff_entry.form"  # no PIN: nothing to start
    d.tap("field.focus", "pin")
    type_keys(d, PIN)
    d.tap("wizard.next")
    assert d.view.screen == "error.error.id_check"
    d.tap("error.finish")
    assert d.view.kind == PageKind.ATTRACT and d.flow.wizard is None
    assert d.services.ended == []  # no session was ever opened
    assert d.purges >= 1


def test_unknown_taxpayer_is_an_error_in_plain_words() -> None:
    d = FlowDriver(services=FakeServices(known_ids=set()))
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    d.tap("wizard.next")
    assert d.view.screen == "error.error.unknown_taxpayer"
    assert d.flow.session is None


def test_cancel_on_the_form_returns_to_attract_and_forgets_the_number() -> None:
    d = FlowDriver()
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    wizard = d.flow.wizard
    assert isinstance(wizard, StaffEntryWizard)
    d.tap("wizard.cancel")
    assert d.view.kind == PageKind.ATTRACT
    assert d.flow.wizard is None and SAMPLE_ID not in str(wizard.form.values)
    assert wizard.form.text("pin") == ""
    assert d.purges == 1
    no_id_anywhere(d)
    no_pin_anywhere(d)


def test_back_returns_to_the_hand_over_code_and_forgets_the_number() -> None:
    d = FlowDriver()
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    wizard = d.flow.wizard
    assert isinstance(wizard, StaffEntryWizard)
    d.tap("wizard.back")
    assert d.view.screen == "staff" and SAMPLE_ID not in str(wizard.form.values)
    assert wizard.form.text("pin") == ""
    no_pin_anywhere(d)
    d.tap("staff.entry")  # a fresh, empty form
    assert fields(d) == {"staff_code": "", "pin": "", "id_number": ""}
    d.tap("wizard.back")
    d.tap("staff.close")
    assert d.view.kind == PageKind.ATTRACT


def test_idle_timeout_clears_the_typed_number() -> None:
    """GIVEN staff typed an ID number WHEN everybody walks away THEN the idle warning, then the start
    screen, and the number is gone from the flow."""
    d = FlowDriver(timeouts=FlowTimeouts(idle_warning=10, idle_countdown=5))
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    wizard = d.flow.wizard
    assert isinstance(wizard, StaffEntryWizard)
    d.send(Tick(10))
    assert d.view.idle_warning == 5 and d.view.screen == "staff_entry.form"
    d.send(Tick(5))
    assert d.view.kind == PageKind.ATTRACT
    assert d.flow.wizard is None and SAMPLE_ID not in str(wizard.form.values)
    assert wizard.form.text("pin") == ""
    assert "idle timeout" not in d.services.ended  # nobody was signed in: nothing to end
    no_id_anywhere(d)
    no_pin_anywhere(d)


def test_idle_timeout_on_the_error_screen_clears_the_typed_number() -> None:
    d = FlowDriver(timeouts=FlowTimeouts(idle_warning=10, idle_countdown=5))
    open_form(d)
    fill(d, "S999", SAMPLE_ID)
    wizard = d.flow.wizard
    assert isinstance(wizard, StaffEntryWizard)
    d.tap("wizard.next")
    assert d.view.kind == PageKind.ERROR
    d.send(Tick(10))
    d.send(Tick(5))
    assert d.view.kind == PageKind.ATTRACT and SAMPLE_ID not in str(wizard.form.values)
    assert wizard.form.text("pin") == ""


def test_no_idle_timeout_while_the_services_check() -> None:
    d = FlowDriver(auto_run=False, timeouts=FlowTimeouts(idle_warning=10, idle_countdown=5))
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    d.tap("wizard.next")
    assert d.view.screen == "progress"
    d.send(Tick(60))
    assert d.view.screen == "progress" and d.view.idle_warning is None
    d.run_held()
    assert d.view.screen == "menu"


def test_not_offered_while_somebody_is_signed_in() -> None:
    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    assert d.view.screen == "menu"
    d.tap("call_staff")
    assert not any(isinstance(b, TilesBlock) for b in d.view.blocks)
    d.tap("staff.entry")
    assert d.view.screen == "staff"
    assert "start_session_staff" not in d.services.calls


def test_from_a_card_error_via_call_staff() -> None:
    """GIVEN the card reader rejected the card WHEN staff are called and start the session by hand
    THEN the menu follows and Back from the form never leads back to the stale card error."""
    from kiosk.flow import CardReadFailed

    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardReadFailed())
    assert d.view.kind == PageKind.ERROR
    open_form(d)
    d.tap("wizard.back")
    d.tap("staff.close")
    assert d.view.kind == PageKind.ATTRACT
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    d.tap("wizard.next")
    assert d.view.screen == "menu"


def test_a_service_error_text_with_an_id_number_is_logged_masked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="kiosk.flow")
    d = FlowDriver(auto_run=False)
    open_form(d)
    fill(d, "S001", SAMPLE_ID)
    d.tap("wizard.next")
    (effect,) = d.held
    d.send(ServiceResult(effect.request_id, error_key="error.unexpected", error_text=f"no row {SAMPLE_ID}"))  # type: ignore[attr-defined]
    assert d.view.kind == PageKind.ERROR
    assert "110105********002X" in caplog.text and SAMPLE_ID not in caplog.text
    assert redact(f"no row for {SAMPLE_ID} (x)") == "no row for 110105********002X (x)"
    assert redact("order 12345 of 2026") == "order 12345 of 2026"
