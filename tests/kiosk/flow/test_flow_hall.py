"""The hall console's answers reaching the flow: a staff call acknowledged, out of service and back."""

from __future__ import annotations

from kiosk.flow.controller import ServiceState
from kiosk.flow.events import CardPlaced, CardRead, RemoteService, StaffOnTheWay
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME, FlowDriver, keys


def test_acknowledged_call_shows_staff_on_the_way() -> None:
    """GIVEN a person who called staff WHEN the hall acknowledges that code THEN the screen says staff are coming."""
    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.tap("call_staff")
    assert d.view.screen == "staff" and "staff.on_the_way" not in keys(d.view)
    d.send(StaffOnTheWay("WRONG1", "S001"))  # another kiosk's or an older code: nothing changes
    assert "staff.on_the_way" not in keys(d.view)
    d.send(StaffOnTheWay(d.staff_calls[-1].handover_code, "S001"))
    assert d.view.screen == "staff" and "staff.on_the_way" in keys(d.view)
    d.tap("staff.close")
    d.tap("call_staff")  # a new call, a new code: not acknowledged yet
    assert "staff.on_the_way" not in keys(d.view)


def test_acknowledgement_after_the_session_ended_is_dropped() -> None:
    d = FlowDriver()
    d.tap("call_staff")
    code = d.staff_calls[-1].handover_code
    d.tap("staff.close")
    d.send(RemoteService(True, "paper change", "S001"))
    d.send(RemoteService(False, "", "S001"))
    d.send(StaffOnTheWay(code, "S001"))
    d.tap("call_staff")
    assert "staff.on_the_way" not in keys(d.view)


def test_remote_out_of_service_and_back() -> None:
    """GIVEN an idle kiosk WHEN the hall takes it out of service THEN the public sees the out-of-service
    screen, and WHEN it is returned THEN the attract screen comes back."""
    d = FlowDriver()
    d.send(RemoteService(True, "paper change", "S001"))
    assert d.view.screen == "out_of_service" and "oos.remote" in keys(d.view)
    assert d.flow.service_state is ServiceState.OUT_OF_SERVICE
    d.send(RemoteService(False, "", "S001"))
    assert d.view.screen == "attract" and d.flow.service_state is ServiceState.IN_SERVICE


def test_remote_out_of_service_waits_for_the_person_to_finish() -> None:
    d = FlowDriver()
    d.send(CardPlaced())
    d.send(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.send(RemoteService(True, "", ""))
    assert d.view.screen == "menu"  # nobody is thrown out mid-session
    d.tap("menu.finish")
    assert d.view.screen == "out_of_service"
