"""`kiosk tour` drives the real application through every taxpayer flow and error path."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.pty, pytest.mark.slow]

FLOWS = {
    "certificate", "iit-record", "queries", "payment", "reconciliation", "rental-invoice", "queue-ticket",
}
ERROR_PATHS = {"paper-out-mid-print", "card-lifted-early", "payment-declined", "idle-timeout"}


def test_tour_completes_every_flow(tmp_path: Path) -> None:
    out = tmp_path / "tour"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("KIOSK_CONFIG", None)
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    result = subprocess.run(
        [str(Path(sys.executable).with_name("kiosk")), "--config", str(cfg), "tour", "--out", str(out)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    steps = {s["name"]: s["status"] for s in summary["steps"]}
    assert summary["ok"] and set(steps.values()) == {"pass"}
    assert set(steps) >= FLOWS | ERROR_PATHS
    shots = sorted(p.name for p in out.glob("[0-9][0-9]-*.png"))
    assert len(shots) >= 40 and shots[0].startswith("01-")
    for shot in shots:  # what would be spoken, per screen (issue 12 item 8)
        speech = (out / shot).with_suffix(".speech.txt").read_text(encoding="utf-8")
        assert speech.startswith("page (") and len(speech) > 12, shot
        assert not re.search(r"[0-9]{15,}|[0-9]{17}X", speech), shot
    spoken = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.speech.txt")}
    assert any("请取走您的身份证和凭条" in t for t in spoken.values())
    kinds = {d["kind"] for d in summary["documents"]}
    assert {"certificate", "iit_record", "payment_voucher", "reconciliation", "rental_invoice", "queue_ticket"} <= kinds
    for receipt in summary["receipts"]:
        assert (out / receipt).stat().st_size > 0
    assert summary["pdfs"] and all((out / p).read_bytes().startswith(b"%PDF") for p in summary["pdfs"])
    texts = [(out / r).read_text(encoding="utf-8") for r in summary["receipts"] if r.endswith(".txt")]
    assert any("补打" in t or "REPRINT" in t.upper() for t in texts)  # the free reprint after paper out


@pytest.fixture
def tour(qtbot, kiosk_config, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The tour's machinery in this process, on the real application and simulated devices."""
    from app.tour import TOUR_TIMEOUTS, RecordingServices, Tour
    from app.wiring import build_app, build_backend
    from kiosk.flow.speech import RecordingSpeech
    from ui.automation import pump

    services, device_log = build_backend(kiosk_config, seed_demo_data=True)
    recording = RecordingServices(services)
    app = build_app(
        kiosk_config,
        simulate=True,
        kiosk_mode=False,
        services=recording,
        timeouts=TOUR_TIMEOUTS,
        receipts_dir=tmp_path / "receipts",
        tick_interval=0.1,
        device_log=device_log,
        speech=RecordingSpeech(),
    )
    app.start()
    app.window.show()
    yield Tour(app, recording, tmp_path)
    app.stop()
    pump(20)


def test_a_failing_step_says_why_and_the_tour_goes_on(tour) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the tour on the real application WHEN a step taps a button that is not on the screen
    THEN the step fails with the driver's words (what, on which screen), a FAIL screenshot is taken,
    the kiosk is back on the attract screen, and the next step passes."""
    from app.tour import CARD_RECORDS, Finish, See, Shot, SignIn, Tap, TourStep

    tour.walk(TourStep("broken", (SignIn(CARD_RECORDS), Tap("no.such.button", timeout=0.3))))
    tour.walk(TourStep("menu", (SignIn(CARD_RECORDS), See("menu"), Shot("menu"), Finish())))
    broken, menu = tour.steps
    assert broken.status == "fail" and broken.screens == ["01-FAIL-broken.png"]
    assert broken.detail.startswith("TargetNotFound: no button with intent 'no.such.button' on screen menu")
    assert (menu.status, menu.screens) == ("pass", ["02-menu.png"])
    assert tour.screen == "attract"
    assert (tour.out / "01-FAIL-broken.png").read_bytes().startswith(b"\x89PNG")


def test_a_mode_is_chosen_on_the_attract_screen_and_every_shot_is_audited(tour) -> None:  # type: ignore[no-untyped-def]
    """GIVEN the tour in mode large-en WHEN a step signs in and shoots the menu THEN the person chose
    English and large text by tapping on the attract screen, the menu is shown so, the layout audit ran
    on the shot (recorded per screenshot) and the hooks were called with the screen's name."""
    from app.tour import CARD_RECORDS, MODES, Finish, Shot, SignIn, TourStep, steps_for

    tour.mode = MODES["large-en"]
    seen: list[str] = []
    tour.screen_hooks.append(lambda t, name, path: seen.append(f"{name}:{path.name}"))
    tour.walk(TourStep("menu", (SignIn(CARD_RECORDS), Shot("menu"), Finish())))
    (step,) = tour.steps
    assert step.status == "pass", step.detail
    assert step.screens == ["01-menu.png"] and set(step.audit) == {"01-menu.png"}
    assert isinstance(step.audit["01-menu.png"], list) and tour.violations == len(step.audit["01-menu.png"])
    assert seen == ["menu:01-menu.png"]
    # the attract step of another mode only shows the attract screen (no switching to and fro)
    assert [s.name for s in steps_for(MODES["en"])] == [s.name for s in steps_for(MODES["zh"])]
    assert len(steps_for(MODES["en"])[0].actions) < len(steps_for(MODES["zh"])[0].actions)


def test_the_menu_in_large_english_is_shown_so(tour) -> None:  # type: ignore[no-untyped-def]
    from app.tour import CARD_RECORDS, MODES, Shot, SignIn, TourStep

    tour.mode = MODES["large-en"]
    tour.walk(TourStep("menu", (SignIn(CARD_RECORDS), Shot("menu"))))
    assert tour.view.language == "en" and tour.view.large_text and tour.screen == "menu"
