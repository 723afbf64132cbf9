"""The console's JSON API over HTTP (Flask's test client on the real app and a real database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from kiosk.hall.auth import ConsoleAuth
from kiosk.hall.console import COOKIE, create_app
from kiosk.hall.live import LiveFeed
from kiosk.hall.store import DeviceLine, HallStore, KioskReport
from kiosk.persistence.models import StaffCall
from tests.helpers.hall import BACKENDS, STAFF, STAFF_PIN, TECH, TECH_PIN, HallDb, hall_db

KIOSK = "KIOSK-HALL-01"


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HallDb]:
    yield from hall_db(tmp_path, request.param)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 12, 3, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def hall(db: HallDb) -> Iterator[tuple[FlaskClient, HallStore, Clock]]:
    store = HallStore.at(db.url)
    clock = Clock()
    auth = ConsoleAuth(store.session_factory, None, clock=clock)
    app = create_app(store, auth, LiveFeed(store, db.url))
    yield app.test_client(), store, clock
    store.engine.dispose()


def sign_in(client: FlaskClient, login: str = STAFF, pin: str = STAFF_PIN) -> dict[str, str]:
    r = client.post("/api/login", json={"login": login, "pin": pin})
    assert r.status_code == 200, r.get_json()
    return {"X-CSRF-Token": r.get_json()["csrf"]}


def beat(store: HallStore, **kw: Any) -> None:
    report = KioskReport(KIOSK, kw.pop("state", "in_service"), "attract",
                         [DeviceLine("printer", "online", kw.pop("problem", ""), kw.pop("paper", "full")),
                          DeviceLine("idcard", "online")], kw.pop("paper_level", "full"), "0.1.0")
    store.beat(report, changed=True, started_at=dt.datetime.now(dt.UTC))


@pytest.mark.parametrize("method,path", [
    ("GET", "/api/kiosks"), ("GET", "/api/calls"), ("GET", "/api/session"), ("GET", "/api/events"),
    ("GET", f"/api/kiosks/{KIOSK}/readiness"), ("POST", "/api/calls/1/ack"),
    ("POST", f"/api/kiosks/{KIOSK}/out-of-service"), ("POST", f"/api/kiosks/{KIOSK}/return-to-service"),
    ("POST", "/api/logout"),
])
def test_no_session_is_refused(hall: tuple[FlaskClient, HallStore, Clock], method: str, path: str) -> None:
    client, _store, _clock = hall
    r = client.open(path, method=method, json={})
    assert r.status_code == 401 and r.get_json() == {"error": "not signed in"}
    client.set_cookie(COOKIE, "forged-token")
    assert client.open(path, method=method, json={}).status_code == 401


def test_cookie_is_httponly_and_samesite_strict(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    client, _store, _clock = hall
    r = client.post("/api/login", json={"login": "s001", "pin": STAFF_PIN})  # codes are case-blind
    cookie = r.headers["Set-Cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert STAFF_PIN not in cookie
    assert client.get("/api/session").get_json()["login"] == STAFF
    assert "frame-ancestors 'none'" in client.get("/").headers["Content-Security-Policy"]


def test_lockout_after_five_wrong_pins(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    """GIVEN a staff code WHEN five wrong PINs are tried THEN the right PIN is refused too, locked (423),
    AND after the 15 s lock it opens again (the kiosk's own lockout rule, shared)."""
    client, _store, clock = hall
    for _ in range(5):
        r = client.post("/api/login", json={"login": TECH, "pin": "000000"})
        assert r.status_code == 401 and COOKIE not in r.headers.get("Set-Cookie", "")
    r = client.post("/api/login", json={"login": TECH, "pin": TECH_PIN})
    assert r.status_code == 423 and r.get_json()["locked"] is True
    assert client.get("/api/kiosks").status_code == 401
    from kiosk.persistence.models import Technician

    with _store.session_factory() as s:  # the kiosk's own counter, shared with its maintenance mode
        t = s.query(Technician).filter_by(login=TECH).one()
        assert t.failed_attempts == 5 and t.locked_until is not None
    clock.now += dt.timedelta(seconds=14)
    assert client.post("/api/login", json={"login": TECH, "pin": TECH_PIN}).status_code == 423
    clock.now += dt.timedelta(seconds=2)
    assert client.post("/api/login", json={"login": TECH, "pin": TECH_PIN}).status_code == 200


def test_unknown_login_and_bad_body(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    client, _store, _clock = hall
    assert client.post("/api/login", json={"login": "NOBODY", "pin": "1234"}).status_code == 401
    assert client.post("/api/login", data="login=S001&pin=246810",
                       content_type="application/x-www-form-urlencoded").status_code == 400


def test_session_ends_after_idle(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    client, _store, clock = hall
    sign_in(client)
    clock.now += dt.timedelta(minutes=14)
    assert client.get("/api/kiosks").status_code == 200
    clock.now += dt.timedelta(minutes=16)
    assert client.get("/api/kiosks").status_code == 401


def test_post_needs_csrf_token_and_same_origin(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    client, store, _clock = hall
    beat(store)
    csrf = sign_in(client)
    path = f"/api/kiosks/{KIOSK}/out-of-service"
    assert client.post(path, json={"reason": "x"}).status_code == 403
    assert client.post(path, json={"reason": "x"}, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.post(path, data="reason=x", headers=csrf).status_code == 403  # a form post cannot
    assert client.post(path, json={}, headers={**csrf, "Origin": "http://evil.example"}).status_code == 403
    assert client.post(path, json={"reason": "paper"}, headers=csrf).status_code == 200


def test_kiosk_tiles_calls_ack_and_commands(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    """GIVEN a kiosk beating with paper low and a staff call WHEN staff read, acknowledge and take it out
    of service THEN the API shows it all and the kiosk's next beat collects the answers."""
    client, store, _clock = hall
    beat(store, paper_level="low", problem="printer.paper_low", paper="low")
    with store.session_factory() as s:
        s.add(StaffCall(kiosk_id=KIOSK, code="K7Q4AC", service="certificate", step="certificate.confirm",
                        masked_id="110105********002X", called_at=dt.datetime.now(dt.UTC).replace(tzinfo=None)))
        s.commit()
    csrf = sign_in(client)
    kiosks = client.get("/api/kiosks").get_json()["kiosks"]
    assert [k["kiosk_id"] for k in kiosks] == [KIOSK]
    k = kiosks[0]
    assert k["service_state"] == "in_service" and k["paper"] == "low" and k["open_calls"] == 1
    assert "paper low" in k["problems"] and "printer: printer.paper_low" in k["problems"]
    calls = client.get("/api/calls").get_json()["calls"]
    assert calls[0]["code"] == "K7Q4AC" and calls[0]["masked_id"] == "110105********002X"
    assert calls[0]["acknowledged_at"] is None
    r = client.post(f"/api/calls/{calls[0]['id']}/ack", json={}, headers=csrf)
    assert r.status_code == 200 and r.get_json()["acknowledged_by"] == STAFF
    assert client.post("/api/calls/99999/ack", json={}, headers=csrf).status_code == 400
    assert client.post(f"/api/kiosks/{KIOSK}/out-of-service", json={"reason": "paper roll"},
                       headers=csrf).status_code == 200
    assert client.post("/api/kiosks/NO-SUCH/out-of-service", json={}, headers=csrf).status_code == 400
    inbox = store.beat(KioskReport(KIOSK, "in_service"), changed=False, started_at=dt.datetime.now(dt.UTC),
                       waiting_codes=["K7Q4AC"])
    assert inbox.acknowledged == [("K7Q4AC", STAFF)]
    assert [(c.command.value, c.reason, c.requested_by) for c in inbox.commands] == [
        ("out_of_service", "paper roll", STAFF)]
    again = store.beat(KioskReport(KIOSK, "out_of_service"), changed=True, started_at=dt.datetime.now(dt.UTC))
    assert again.commands == []  # applied once
    text = client.get(f"/api/kiosks/{KIOSK}/readiness").get_json()["text"]
    assert KIOSK in text and "就绪报告" in text


def test_a_silent_kiosk_turns_offline(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    client, store, _clock = hall
    beat(store)
    store._clock = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)  # 30 s without a beat
    sign_in(client)
    k = client.get("/api/kiosks").get_json()["kiosks"][0]
    assert k["service_state"] == "offline" and k["online"] is False and k["problems"][0] == "offline"


def test_logout_ends_the_session(hall: tuple[FlaskClient, HallStore, Clock]) -> None:
    client, _store, _clock = hall
    csrf = sign_in(client)
    assert client.post("/api/logout", json={}, headers=csrf).status_code == 200
    assert client.get("/api/kiosks").status_code == 401
