"""The hall console: one page for the hall's staff and the JSON API under /api/ it reads.

Flask (routing, JSON, streaming responses) served by waitress (``kiosk hall serve``): both small,
long-maintained, pure Python, no build step; waitress's thread pool suits a console used by a few
browsers at once, each holding one Server-Sent Events stream (see :mod:`kiosk.hall.live`).

Security (docs/hall.md):
* every /api/ route but sign-in answers 401 without a valid session (:mod:`kiosk.hall.auth`);
* the session cookie is HttpOnly, SameSite=Strict, Path=/ (Secure when served behind TLS);
* state-changing requests (POST) must carry the session's CSRF token in ``X-CSRF-Token`` and a JSON
  body, and an ``Origin`` header, when sent, must be this host: a cross-site form can do neither;
* a strict Content-Security-Policy (scripts and styles only from this origin), no framing,
  ``Cache-Control: no-store`` on the API;
* personal data: the calls carry the masked ID only, as the kiosk stored it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar, cast

from flask import Flask, Response, g, jsonify, request

from kiosk.clock import LOCAL_TZ
from kiosk.errors import KioskError, UserInputError
from kiosk.hall.auth import ConsoleAuth, StaffSession
from kiosk.hall.live import KEEPALIVE, LiveFeed
from kiosk.hall.store import Command, HallStore, KioskTile
from kiosk.services.staff import StaffLocked
from receipts.documents import ReadinessCheck
from receipts.model import IssueContext
from receipts.readiness import DeviceLine, ReadinessData, readiness_document
from receipts.text import render_text

log = logging.getLogger("kiosk.hall.console")

COOKIE = "hall_session"
STATIC = Path(__file__).with_name("static")
TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css"}
F = TypeVar("F", bound=Callable[..., Any])

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def _error(status: int, message: str, **extra: Any) -> Response:
    resp = jsonify({"error": message, **extra})
    resp.status_code = status
    return resp


def readiness_text(tile: KioskTile, tax_office: str, now: dt.datetime) -> str:
    """The readiness report (receipts/readiness.py) from what the kiosk last reported: a preview for
    the hall, unnumbered; the signed report is printed at the kiosk by a technician."""
    devices = [DeviceLine(name, d.get("state", "?"), " ".join(x for x in (d.get("problem", ""), d.get("paper", "")) if x))
               for name, d in sorted(tile.devices.items())]
    checks = [ReadinessCheck("心跳", "heartbeat", tile.online, f"{tile.beat_at.astimezone(LOCAL_TZ):%H:%M:%S}")]
    checks += [ReadinessCheck(name, name, d.get("state") == "online" and not d.get("problem"), d.get("problem", ""))
               for name, d in sorted(tile.devices.items())]
    data = ReadinessData(technician_code="hall", version=tile.version, schema_revision="", checks=checks,
                         devices=devices, paper_level=tile.paper, last_errors=tile.recent_errors)
    ctx = IssueContext(tile.kiosk_id, tax_office, now.astimezone(LOCAL_TZ), demo=False, bilingual=True)
    return render_text(readiness_document(ctx, data, number="(preview)"))


def create_app(store: HallStore, auth: ConsoleAuth, feed: LiveFeed, *, tax_office: str = "",
               secure_cookie: bool = False) -> Flask:
    app = Flask("kiosk.hall", static_folder=None)
    app.config.update(MAX_CONTENT_LENGTH=16 * 1024, JSON_AS_ASCII=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    def need_session(fn: F) -> F:
        @wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            sess = auth.session(request.cookies.get(COOKIE))
            if sess is None:
                return _error(401, "not signed in")
            if request.method == "POST":
                origin = request.headers.get("Origin")
                if origin is not None and origin != request.host_url.rstrip("/"):
                    return _error(403, "cross-site request refused")
                if not auth.csrf_ok(sess, request.headers.get("X-CSRF-Token")) or not request.is_json:
                    return _error(403, "missing or wrong CSRF token")
            g.staff = sess
            return fn(*args, **kwargs)

        return cast(F, wrapper)

    def body() -> dict[str, Any]:
        data = request.get_json(silent=True)
        return data if isinstance(data, dict) else {}

    @app.errorhandler(KioskError)
    def kiosk_error(exc: KioskError) -> Response:
        return _error(400 if isinstance(exc, UserInputError) else 503, str(exc))

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> Response:
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            return _error(exc.code or 500, exc.description or exc.name)
        log.exception("console request failed")
        return _error(500, "internal error (see the console's log)")

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Content-Security-Policy"] = CSP
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        if request.path.startswith("/api/"):
            resp.headers["Cache-Control"] = "no-store"
        return resp

    # ---- the page ---------------------------------------------------------------------------------
    # three small files, read once: no file handles per request, nothing outside them reachable
    files = {p.name: (p.read_bytes(), TYPES[p.suffix]) for p in STATIC.iterdir() if p.suffix in TYPES}

    @app.get("/")
    def page() -> Response:
        body, mimetype = files["console.html"]
        return Response(body, mimetype=mimetype)

    @app.get("/static/<name>")
    def static(name: str) -> Response:
        if name not in files:
            return _error(404, "not found")
        body, mimetype = files[name]
        return Response(body, mimetype=mimetype)

    # ---- session ----------------------------------------------------------------------------------
    @app.post("/api/login")
    def login() -> Response:
        data = body()
        if not request.is_json:
            return _error(400, "send JSON: {login, pin}")
        origin = request.headers.get("Origin")
        if origin is not None and origin != request.host_url.rstrip("/"):
            return _error(403, "cross-site request refused")
        try:
            token, sess = auth.sign_in(str(data.get("login", "")), str(data.get("pin", "")))
        except StaffLocked as exc:
            return _error(423, str(exc), locked=True)
        except UserInputError as exc:
            return _error(401, str(exc))
        resp = jsonify({"login": sess.login, "csrf": sess.csrf})
        resp.set_cookie(COOKIE, token, httponly=True, samesite="Strict", secure=secure_cookie, path="/")
        return resp

    @app.get("/api/session")
    @need_session
    def session() -> Response:
        sess: StaffSession = g.staff
        return jsonify({"login": sess.login, "csrf": sess.csrf})

    @app.post("/api/logout")
    @need_session
    def logout() -> Response:
        auth.sign_out(request.cookies.get(COOKIE))
        resp = jsonify({"ok": True})
        resp.delete_cookie(COOKIE, path="/", httponly=True, samesite="Strict")
        return resp

    # ---- data ---------------------------------------------------------------------------------------
    @app.get("/api/kiosks")
    @need_session
    def kiosks() -> Response:
        return jsonify({"kiosks": [t.as_json() for t in store.kiosks()], "version": feed.version})

    @app.get("/api/kiosks/<kiosk_id>")
    @need_session
    def kiosk(kiosk_id: str) -> Response:
        return jsonify(store.kiosk(kiosk_id).as_json())

    @app.get("/api/kiosks/<kiosk_id>/readiness")
    @need_session
    def readiness(kiosk_id: str) -> Response:
        text = readiness_text(store.kiosk(kiosk_id), tax_office, dt.datetime.now(dt.UTC))
        return jsonify({"kiosk_id": kiosk_id, "text": text})

    @app.post("/api/kiosks/<kiosk_id>/out-of-service")
    @need_session
    def out_of_service(kiosk_id: str) -> Response:
        reason = str(body().get("reason", ""))[:200]
        cid = store.command(kiosk_id, Command.OUT_OF_SERVICE, reason, g.staff.login)
        return jsonify({"command": cid, "kiosk_id": kiosk_id})

    @app.post("/api/kiosks/<kiosk_id>/return-to-service")
    @need_session
    def return_to_service(kiosk_id: str) -> Response:
        cid = store.command(kiosk_id, Command.RETURN_TO_SERVICE, "", g.staff.login)
        return jsonify({"command": cid, "kiosk_id": kiosk_id})

    @app.get("/api/calls")
    @need_session
    def calls() -> Response:
        open_only = request.args.get("open") == "1"
        return jsonify({"calls": [c.as_json() for c in store.calls(open_only=open_only)]})

    @app.post("/api/calls/<int:call_id>/ack")
    @need_session
    def acknowledge(call_id: int) -> Response:
        return jsonify(store.acknowledge(call_id, g.staff.login).as_json())

    @app.get("/api/events")
    @need_session
    def events() -> Response:
        token = request.cookies.get(COOKIE)

        def stream() -> Iterator[str]:
            seen = feed.version
            yield f"retry: 2000\nevent: changed\ndata: {json.dumps({'version': seen})}\n\n"
            while not feed.stopped:
                if auth.session(token, touch=False) is None:
                    yield "event: signed_out\ndata: {}\n\n"
                    return
                now = feed.wait(seen, KEEPALIVE)
                if now > seen:
                    seen = now
                    yield f"event: changed\ndata: {json.dumps({'version': seen})}\n\n"
                else:
                    yield ": keep-alive\n\n"

        return Response(stream(), mimetype="text/event-stream",
                        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    return app
