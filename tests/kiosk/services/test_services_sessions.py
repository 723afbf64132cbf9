"""Sessions: start from a card or staff entry, end on log-out / timeout / card removal, forget the person."""

from __future__ import annotations

import datetime as dt
import gc
import linecache
import logging
import weakref

import pytest
from sqlalchemy import select

from devices.printjob import JobState
from kiosk.persistence.models import AuditEntry, KioskSession, Technician
from kiosk.services.api import DeductionAnswers
from kiosk.services.errors import NoSessionError, SessionActiveError, UnknownTaxpayer, UserInputError

from .conftest import ID_NUMBER, NAME, STAFF_PIN, World


def test_card_session_shows_masked_data_only(world: World, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        view = world.services.start_session_from_card(ID_NUMBER, NAME, "resident")
    assert view.masked_name == "欧***" and view.via == "card"
    assert view.masked_id == ID_NUMBER[:6] + "********" + ID_NUMBER[-4:]
    assert ID_NUMBER not in caplog.text and NAME not in caplog.text
    with world.factory() as db:
        row = db.get(KioskSession, view.session_id)
        details = [str(e.detail) for e in db.execute(select(AuditEntry)).scalars()]
    assert row is not None and row.state == "active" and row.taxpayer_id == world.taxpayer_id
    assert not any(ID_NUMBER in d or NAME in d for d in details)


def test_staff_session_needs_a_known_staff_code_and_its_pin(world: World) -> None:
    with pytest.raises(UserInputError, match="staff code"):
        world.services.start_session_staff(ID_NUMBER, "NOPE", STAFF_PIN)
    with pytest.raises(UserInputError, match="PIN"):
        world.services.start_session_staff(ID_NUMBER, "S001", "000000")  # a login alone is not enough
    view = world.services.start_session_staff(" " + ID_NUMBER.lower() + " ", " s001 ", STAFF_PIN)
    assert view.via == "staff"


def test_wrong_pins_lock_the_staff_code_and_every_attempt_is_audited(world: World) -> None:
    """GIVEN a staff code WHEN the PIN is wrong 5 times THEN the code is locked for 15 s (even for the
    right PIN), doubling with the next failure; after 10 failures it is locked for 30 minutes."""
    from kiosk.services.staff import StaffLocked

    for _ in range(5):
        with pytest.raises(UserInputError, match="not right"):
            world.services.start_session_staff(ID_NUMBER, "S001", "111111")
    with pytest.raises(StaffLocked, match=r"locked for 1[56] more seconds"):
        world.services.start_session_staff(ID_NUMBER, "S001", STAFF_PIN)
    world.clock.advance(16)
    with pytest.raises(UserInputError, match="not right"):
        world.services.start_session_staff(ID_NUMBER, "S001", "222222")  # 6th failure: 30 s
    world.clock.advance(20)
    with pytest.raises(StaffLocked):
        world.services.start_session_staff(ID_NUMBER, "S001", STAFF_PIN)
    world.clock.advance(11)
    assert world.services.start_session_staff(ID_NUMBER, "S001", STAFF_PIN).via == "staff"
    world.services.end_session("logout")
    with world.factory() as db:
        tech = db.scalar(select(Technician).where(Technician.login == "S001"))
        assert tech is not None and tech.failed_attempts == 0 and tech.locked_until is None
        actions = [e.action for e in db.scalars(select(AuditEntry))]
    assert actions.count("staff.login_failed") == 8  # 6 wrong PINs + 2 attempts while locked
    for _ in range(10):
        world.clock.advance(3600)
        with pytest.raises(UserInputError):
            world.services.start_session_staff(ID_NUMBER, "S001", "333333")
    world.clock.advance(29 * 60)
    with pytest.raises(StaffLocked):
        world.services.start_session_staff(ID_NUMBER, "S001", STAFF_PIN)


def test_bad_or_unknown_id_number(world: World) -> None:
    with pytest.raises(UserInputError):
        world.services.start_session_from_card("123", NAME, "resident")
    from kiosk.domain.idnumber import with_check_digit

    with pytest.raises(UnknownTaxpayer):
        world.services.start_session_from_card(with_check_digit("11010519700101009"), "x", "resident")
    assert not world.services.has_session


def test_one_session_at_a_time_and_calls_need_a_session(world: World) -> None:
    s = world.services
    with pytest.raises(NoSessionError):
        s.list_dues()
    s.start_session_from_card(ID_NUMBER, NAME, "resident")
    with pytest.raises(SessionActiveError):
        s.start_session_from_card(ID_NUMBER, NAME, "resident")
    s.end_session("card_removed")
    s.end_session("card_removed")  # idempotent
    with pytest.raises(NoSessionError):
        s.list_records(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


@pytest.mark.parametrize("reason", ["logout", "timeout", "card_removed"])
def test_end_is_journaled_with_reason(world: World, reason: str) -> None:
    view = world.services.start_session_from_card(ID_NUMBER, NAME, "resident")
    world.services.end_session(reason)
    with world.factory() as db:
        row = db.get(KioskSession, view.session_id)
    assert row is not None and (row.state, row.end_reason) == ("ended", reason)
    assert row.ended_at is not None


def _holders(needles: tuple[str, ...]) -> list[object]:
    """Every live container (dict, list, tuple, set, object) that holds a string containing a needle."""
    found = []
    gc.collect()
    for obj in gc.get_objects():
        if obj is needles:
            continue
        try:
            if isinstance(obj, dict):
                values = list(obj.values()) + list(obj.keys())
            elif isinstance(obj, list | tuple | set | frozenset):
                values = list(obj)
            else:
                continue
        except Exception:  # an object that cannot be listed holds nothing we look for
            continue
        for v in values:
            if isinstance(v, str) and any(n in v for n in needles):
                found.append(obj)
                break
    return found


def test_nothing_of_the_person_survives_the_end_of_the_session(world: World) -> None:
    """GIVEN a session in which the person used records, certificates, dues, payment and reconciliation
    WHEN the session ends
    THEN no live object holds the person's name or ID number, and the session object is gone."""
    number = ID_NUMBER[:6] + "".join(ID_NUMBER[6:])  # a fresh string equal to the ID number
    name = NAME[:1] + NAME[1:]
    s = world.services
    s.start_session_from_card(number, name, "resident")
    current = weakref.ref(s.sessions.current)
    recs = s.list_records(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    doc = s.issue_certificate([r.record_id for r in recs])
    s.finish_print(s.begin_print(doc.number), JobState.PRINTED, len(doc.escpos_parts))
    s.reconciliation_preview(2024, DeductionAnswers())
    order = s.create_payment([d.due_id for d in s.list_dues()])
    world.clock.advance(31)
    s.poll_payment(order.transaction_id)
    s.issue_payment_voucher(order.transaction_id)
    del recs, doc, order
    s.end_session("logout")
    gc.collect()
    assert current() is None
    needles = (ID_NUMBER, NAME, number, name)
    # The conftest module's constants, this test's own locals and the test helpers' source text that
    # linecache holds for tracebacks (a crash-campaign helper seeds the same demo name) are not the
    # kiosk's memory.
    source_lines = {id(entry[2]) for entry in linecache.cache.values() if len(entry) > 2}
    leaks = [h for h in _holders(needles)
             if not (isinstance(h, dict) and h.get("ID_NUMBER") == ID_NUMBER)  # conftest module globals
             and not (isinstance(h, dict) and h.get("number") == number and "needles" in h)  # this frame
             and id(h) not in source_lines]
    assert leaks == [], [type(h).__name__ for h in leaks]
