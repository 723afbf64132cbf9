"""`kiosk tour --out DIR`: the real application, offscreen, on simulated devices, driven through
every taxpayer flow and the error paths by tapping the real buttons.

Writes NN-name.png for every screen, the printed receipts (receipts/NNNN.txt and .png, from the
printer simulator), the PDFs the services produced (pdf/), and summary.json with pass/fail per
step. Exits non-zero when any step fails. Every wait is bounded (no bare sleeps).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from kiosk.cli.groups import pass_config
from kiosk.config import KioskConfig
from kiosk.flow import EndSession, FlowTimeouts
from kiosk.services.api import PrintableDocument

log = logging.getLogger("app.tour")

# Cards (simulator samples) whose demo stories suit each flow (kiosk/persistence/seed.py stories).
CARD_RECORDS = "resident_zhang_wei"
CARD_RECONCILIATION = "resident_chen_zihao"
CARD_OTHER = "resident_li_na"

# Long idle figures for the flows (a slow step must not time out); the idle step shortens them.
TOUR_TIMEOUTS = FlowTimeouts(
    idle_warning=60.0,
    idle_countdown=20.0,
    result_return=4.0,
    payment_poll_interval=0.3,
    reminder_interval=1.0,
)
IDLE_STEP_TIMEOUTS = dataclasses.replace(TOUR_TIMEOUTS, idle_warning=2.0, idle_countdown=2.0)


class TourFailure(Exception):
    pass


class RecordingServices:
    """Passes every call to the real services and remembers the documents they issue (for the PDFs)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.documents: list[PrintableDocument] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            result = attr(*args, **kwargs)
            for item in result if isinstance(result, tuple) else (result,):
                if isinstance(item, PrintableDocument):
                    self.documents.append(item)
            return result

        return call


@dataclass
class Step:
    name: str
    status: str = "pass"
    detail: str = ""
    screens: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Tour:
    def __init__(self, kiosk: Any, out: Path) -> None:
        from PySide6.QtWidgets import QApplication

        self.app = QApplication.instance()
        self.kiosk = kiosk
        self.window = kiosk.window
        self.controller = kiosk.controller
        self.out = out
        self.n = 0
        self.steps: list[Step] = []
        self.current: Step | None = None

    # ---- waiting and looking ---------------------------------------------------------------------
    def pump(self, ms: int = 20) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop

        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            time.sleep(0.002)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def wait_for(self, what: str, predicate: Callable[[], bool], timeout: float = 10.0) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return
            self.pump(20)
        raise TourFailure(f"timed out after {timeout:.0f} s waiting for {what} (screen {self.screen})")

    @property
    def screen(self) -> str:
        return self.controller.view.screen

    def wait_screen(self, screen: str, timeout: float = 10.0) -> None:
        self.wait_for(
            f"screen {screen}", lambda: self.screen == screen or self.screen.startswith(screen + "@"), timeout
        )

    def shot(self, name: str) -> Path:
        self.pump(30)
        self.n += 1
        path = self.out / f"{self.n:02d}-{name}.png"
        self.window.grab().save(str(path))
        if self.current is not None:
            self.current.screens.append(path.name)
        return path

    # ---- tapping real widgets ----------------------------------------------------------------------
    def find(self, intent: str, value: Any = None, *, any_value: bool = False):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QAbstractButton

        roots = [self.window.overlay] if self.window.overlay.isVisible() else [self.window.page]
        for root in roots:
            for b in root.findChildren(QAbstractButton):
                if b.property("intent") != intent or not b.isVisible():
                    continue
                if any_value or b.property("intent_value") == repr(value):
                    return b
        return None

    def tap(self, intent: str, value: Any = None, *, any_value: bool = False, timeout: float = 5.0) -> None:
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtTest import QTest

        found: list[Any] = []
        self.wait_for(
            f"a button for {intent} {value!r}",
            lambda: bool(
                found.append(self.find(intent, value, any_value=any_value)) or found[-1] is not None
            ),
            timeout,
        )
        button = found[-1]
        if not button.isEnabled():
            raise TourFailure(f"the button for {intent} {value!r} is disabled on {self.screen}")
        QTest.mouseClick(
            button,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
            QPoint(button.width() // 2, button.height() // 2),
        )
        self.pump(20)

    def type_keys(self, text: str) -> None:
        for ch in text:
            self.tap("key", "space" if ch == " " else ch)

    # ---- devices -----------------------------------------------------------------------------------
    @property
    def reader(self) -> Any:
        return self.kiosk.devices.reader_sim

    @property
    def printer(self) -> Any:
        return self.kiosk.devices.printer_sim

    def place(self, card: str) -> None:
        self.reader.place(card)
        self.wait_screen("menu", 15)

    def finish(self) -> None:
        """End the session through the screen, lift the card, wait for the attract screen."""
        if self.screen != "attract":
            for intent in ("result.finish", "menu.finish", "error.finish"):
                if self.find(intent) is not None:
                    self.tap(intent)
                    break
            else:
                self.controller.handle(EndSession("tour reset"))
        self.reader.lift()
        self.wait_screen("attract", 10)
        self.wait_for("the card to be off the reader", lambda: not self.controller.flow.card_present, 10)

    # ---- steps -------------------------------------------------------------------------------------
    def step(self, name: str, fn: Callable[[], None]) -> None:
        step = Step(name)
        self.current = step
        t0 = time.monotonic()
        log.info("tour step %s", name)
        try:
            fn()
        except Exception as exc:
            step.status = "fail"
            step.detail = f"{type(exc).__name__}: {exc}"
            log.error("tour step %s failed: %s\n%s", name, exc, traceback.format_exc())
            try:
                self.shot(f"FAIL-{name}")
                self.recover()
            except Exception as again:  # the tour goes on with the next step whatever happened
                log.error("could not recover after %s: %s", name, again)
        step.seconds = round(time.monotonic() - t0, 2)
        self.steps.append(step)
        self.current = None

    def recover(self) -> None:
        if self.printer is not None:
            self.printer.set_paper("ok")
            self.printer.cover(False)
            self.printer.clear()
        self.reader.clear()
        self.reader.lift()
        self.controller.flow.timeouts = TOUR_TIMEOUTS
        self.controller.handle(EndSession("tour recovery"))
        self.wait_screen("attract", 10)


# ==== the flows ==========================================================================================
def tour_steps(t: Tour) -> None:
    def attract() -> None:
        t.wait_for(
            "the printer and reader to be ready",
            lambda: t.controller.flow.printer_ok and t.kiosk.devices.reader.status.device.value == "online",
            15,
        )
        t.wait_screen("attract")
        t.shot("attract")
        t.tap("language", "en")
        t.wait_for("English", lambda: t.controller.view.language == "en")
        t.shot("attract-en")
        t.tap("large_text")
        t.wait_for("large text", lambda: t.controller.view.large_text)
        t.shot("attract-large-en")
        t.tap("large_text")
        t.tap("language", "zh_CN")
        t.wait_for("Chinese", lambda: t.controller.view.language == "zh_CN")

    def certificate() -> None:
        t.reader.place(CARD_RECORDS)
        t.wait_screen("menu", 15)
        t.shot("menu")
        t.tap("menu.open", "certificates")
        t.wait_screen("certificates.kind")
        t.shot("certificates-kind")
        t.tap("cert.kind", "certificate")
        t.wait_screen("certificates.period")
        t.shot("certificates-period")
        t.tap("cert.period", "last_year")
        t.wait_screen("certificates.records")
        # Every record of last year stays selected: a long certificate, as a taxpayer would print it.
        t.shot("certificates-records")
        t.tap("wizard.next")
        t.wait_screen("certificates.confirm")
        t.shot("certificates-confirm")
        t.tap("wizard.next")
        t.wait_screen("result", 30)
        t.shot("certificates-result")
        t.finish()

    def iit_record() -> None:
        t.place(CARD_RECORDS)
        t.tap("menu.open", "certificates")
        t.tap("cert.kind", "iit")
        t.tap("cert.period", "last_year")
        t.wait_screen("certificates.confirm")
        t.shot("iit-record-confirm")
        t.tap("wizard.next")
        t.wait_screen("result", 30)
        t.shot("iit-record-result")
        t.tap("result.again")
        t.wait_screen("menu")
        t.finish()

    def queries() -> None:
        t.place(CARD_RECORDS)
        t.tap("menu.open", "queries")
        t.wait_screen("queries.topic")
        t.shot("queries-topic")
        for topic in ("records", "dues", "reprints"):
            t.tap("query.topic", topic)
            t.wait_screen("queries.answer")
            t.shot(f"queries-{topic}")
            t.tap("wizard.back")
            t.wait_screen("queries.topic")
        t.tap("wizard.cancel")
        t.wait_screen("menu")
        t.finish()

    def staff() -> None:
        t.place(CARD_RECORDS)
        t.tap("call_staff")
        t.wait_screen("staff")
        t.shot("call-staff")
        t.tap("staff.close")
        t.wait_screen("menu")
        t.finish()

    def payment() -> None:
        t.place(CARD_RECORDS)
        t.tap("menu.open", "payment")
        t.wait_screen("payment.dues")
        t.shot("payment-dues")
        t.tap("wizard.next")
        t.wait_screen("payment.confirm")
        t.shot("payment-confirm")
        t.tap("wizard.next")
        t.wait_screen("payment.pay", 15)
        t.shot("payment-qr")
        t.wait_screen("result", 30)
        t.shot("payment-result")
        t.finish()

    def reconciliation() -> None:
        t.place(CARD_RECONCILIATION)
        t.tap("menu.open", "reconciliation")
        t.wait_screen("reconciliation.year", 15)
        t.shot("reconciliation-year")
        t.tap("rec.year", any_value=True)
        t.wait_screen("reconciliation.income", 15)
        t.shot("reconciliation-income")
        t.tap("wizard.next")
        t.wait_screen("reconciliation.deductions")
        t.tap("field.inc", "children")
        t.tap("field.toggle", "elderly")
        t.tap("field.choose", ("housing", "rent_tier1"))
        t.tap("field.focus", "illness")
        t.type_keys("0")
        t.shot("reconciliation-deductions")
        t.tap("wizard.next")
        t.wait_screen("reconciliation.preview", 15)
        t.shot("reconciliation-preview")
        t.tap("wizard.next")
        t.wait_screen("reconciliation.commit", 15)
        t.tap("rec.agree")
        t.shot("reconciliation-commit")
        t.tap("wizard.next")
        t.wait_screen("result", 30)
        t.shot("reconciliation-result")
        t.finish()

    def rental() -> None:
        t.place(CARD_RECORDS)
        t.tap("menu.open", "rental")
        t.wait_screen("rental.tenant")
        t.type_keys("WANG FANG")
        t.shot("rental-tenant")
        t.tap("wizard.next")
        t.wait_screen("rental.property")
        t.type_keys("NO 8 HEPING ST 3-201")
        t.shot("rental-property")
        t.tap("wizard.next")
        t.wait_screen("rental.terms")
        for _ in range(2):
            t.tap("field.inc", "months")
        t.type_keys("9000")
        t.shot("rental-terms")
        t.tap("wizard.next")
        t.wait_screen("rental.quote", 15)
        t.shot("rental-quote")
        t.tap("wizard.next")
        t.wait_screen("rental.pay", 15)
        t.shot("rental-qr")
        t.wait_screen("result", 30)
        t.shot("rental-result")
        t.finish()

    def queue() -> None:
        t.tap("attract.queue")
        t.wait_screen("queue.service", 10)
        t.shot("queue-service")
        t.tap("queue.take", any_value=True)
        t.wait_screen("result", 30)
        t.shot("queue-result")
        t.tap("result.finish")
        t.wait_screen("attract")

    def paper_out_mid_print() -> None:
        t.place(CARD_OTHER)
        t.tap("menu.open", "certificates")
        t.tap("cert.kind", "iit")
        t.tap("cert.period", "last_year")
        t.wait_screen("certificates.confirm")
        t.printer.run_out_after(3)
        t.tap("wizard.next")
        t.wait_for("the paper-out message", lambda: t.screen.startswith("error.printer"), 30)
        t.shot("paper-out-mid-print")
        if t.screen != "error.printer.paper_out":
            raise TourFailure(f"expected error.printer.paper_out, got {t.screen}")
        t.printer.set_paper("ok")
        t.wait_for("the printer to be back", lambda: t.controller.flow.printer_ok, 10)
        t.tap("error.retry", timeout=10)  # the screen is rebuilt when the printer comes back
        t.wait_screen("result", 30)
        t.shot("paper-out-reprinted")
        t.finish()

    def printer_down_notice() -> None:
        t.printer.cover(True)
        t.wait_for("the cover-open notice", lambda: not t.controller.flow.printer_ok, 10)
        t.shot("attract-printer-unavailable")
        t.place(CARD_OTHER)
        t.shot("menu-printer-unavailable")
        t.tap("menu.open", "certificates")
        t.wait_screen("certificates.no_printer")
        t.shot("certificates-no-printer")
        t.tap("wizard.cancel")
        t.finish()
        t.printer.cover(False)
        t.wait_for("the printer to be back", lambda: t.controller.flow.printer_ok, 10)

    def reader_unplugged() -> None:
        t.reader.unplug()
        t.wait_for(
            "the reader-down notice", lambda: "notice.reader_unavailable" in str(t.controller.view.blocks), 15
        )
        t.shot("attract-reader-unplugged")
        t.reader.replug()
        t.wait_for(
            "the reader back", lambda: "notice.reader_unavailable" not in str(t.controller.view.blocks), 20
        )

    def card_lifted_early() -> None:
        t.reader.inject("slow_sam", delay=2.0)
        t.reader.place(CARD_OTHER)
        t.wait_screen("reading", 10)
        t.shot("card-reading")
        t.reader.lift()
        t.wait_screen("error.card.lifted_early", 15)
        t.shot("card-lifted-early")
        t.reader.clear()
        t.tap("error.finish")
        t.wait_screen("attract")

    def payment_declined() -> None:
        t.place(CARD_RECORDS)
        t.kiosk.services._inner.provider.script_next("declined", 0.3)
        t.tap("menu.open", "payment")
        t.wait_screen("payment.dues")
        t.tap("wizard.next")
        t.tap("wizard.next")
        t.wait_for("the declined message", lambda: t.screen.startswith("error.payment"), 30)
        t.shot("payment-declined")
        t.tap("error.retry")
        t.wait_screen("payment.confirm")
        t.tap("wizard.cancel")
        t.wait_screen("menu")
        t.finish()

    def idle_timeout() -> None:
        t.controller.flow.timeouts = IDLE_STEP_TIMEOUTS
        t.place(CARD_RECORDS)
        t.tap("menu.open", "queries")
        t.wait_for("the idle warning", lambda: t.controller.view.idle_warning is not None, 10)
        t.shot("idle-warning")
        t.tap("idle.extend")
        t.wait_for("the warning to go", lambda: t.controller.view.idle_warning is None, 5)
        t.wait_for("the idle warning again", lambda: t.controller.view.idle_warning is not None, 10)
        t.wait_screen("attract", 10)
        t.shot("idle-timeout-take-card")
        if not t.controller.view.card_reminder:
            raise TourFailure("no 'take your card' reminder after the timeout with the card on the reader")
        leftovers = personal_text_left(t.window, ["张", "110105", "*"])
        if leftovers:
            raise TourFailure(f"personal data left in widgets after the session: {leftovers[:3]}")
        t.reader.lift()
        t.wait_for("the reminder to go", lambda: not t.controller.view.card_reminder, 10)
        t.controller.flow.timeouts = TOUR_TIMEOUTS

    def landscape() -> None:
        from ui.window import LANDSCAPE, PORTRAIT

        t.window.resize(*LANDSCAPE)
        t.pump(50)
        t.shot("landscape-attract")
        t.place(CARD_RECORDS)
        t.shot("landscape-menu")
        t.tap("menu.open", "rental")
        t.wait_screen("rental.tenant")
        t.type_keys("LI")
        t.shot("landscape-rental-keyboard")
        t.tap("wizard.cancel")
        t.tap("menu.open", "reconciliation")
        t.wait_screen("reconciliation.year", 15)
        t.tap("rec.year", any_value=True)
        t.wait_screen("reconciliation.income", 15)
        t.tap("wizard.next")
        t.shot("landscape-deductions")
        t.tap("wizard.cancel")
        t.tap("menu.open", "rental")
        t.wait_screen("rental.tenant")
        t.type_keys("LI")
        t.tap("wizard.next")
        t.type_keys("NO 1 MAIN ST")
        t.tap("wizard.next")
        t.type_keys("3000")
        t.tap("wizard.next")
        t.wait_screen("rental.quote", 15)
        t.tap("wizard.next")
        t.wait_screen("rental.pay", 15)
        t.shot("landscape-qr")
        t.wait_screen("result", 30)
        t.shot("landscape-result")
        t.finish()
        t.window.resize(*PORTRAIT)
        t.pump(50)

    for name, fn in [
        ("attract", attract),
        ("certificate", certificate),
        ("iit-record", iit_record),
        ("queries", queries),
        ("call-staff", staff),
        ("payment-declined", payment_declined),
        ("payment", payment),
        ("reconciliation", reconciliation),
        ("rental-invoice", rental),
        ("queue-ticket", queue),
        ("paper-out-mid-print", paper_out_mid_print),
        ("printer-unavailable", printer_down_notice),
        ("reader-unplugged", reader_unplugged),
        ("card-lifted-early", card_lifted_early),
        ("idle-timeout", idle_timeout),
        ("landscape", landscape),
    ]:
        t.step(name, fn)


def personal_text_left(root: Any, fragments: list[str]) -> list[str]:
    """Texts of live widgets (labels, buttons, tooltips, titles) that contain any of ``fragments``."""
    from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit

    found = []
    for w in QApplication.allWidgets():
        texts = [w.toolTip(), w.windowTitle(), w.accessibleName()]
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append(w.text())
        for text in texts:
            if text and any(f in text for f in fragments):
                found.append(f"{type(w).__name__}: {text}")
    return found


def _dispose(app: Any, kiosk: Any) -> None:
    """Delete the Qt objects while Qt is still up (PySide can crash if the GC meets them at exit)."""
    import gc

    import shiboken6

    kiosk.controller.stop()
    for obj in (kiosk.controller, kiosk.window):
        if shiboken6.isValid(obj):
            shiboken6.delete(obj)
    app.processEvents()
    gc.collect()


# ==== running it =========================================================================================
def run_tour(config: KioskConfig, out: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from app.wiring import build_app, build_backend
    from ui.window import PORTRAIT

    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.png"), out / "summary.json"]:
        old.unlink(missing_ok=True)
    for sub in ("receipts", "pdf"):
        shutil.rmtree(out / sub, ignore_errors=True)
    data = Path(tempfile.mkdtemp(prefix="kiosk-tour-"))
    config = dataclasses.replace(
        config,
        kiosk=dataclasses.replace(config.kiosk, data_dir=str(data), demo=True),
        database=dataclasses.replace(config.database, url=""),
        secrets=dataclasses.replace(config.secrets, dir=""),
        payment=dataclasses.replace(config.payment, simulated_delay=1.0, simulated_outcome="paid"),
        printing=dataclasses.replace(config.printing, a4_output_dir=str(data / "a4")),
    )
    app = QApplication.instance() or QApplication([sys.argv[0]])
    real_services, device_log = build_backend(config, seed_demo_data=True)
    services = RecordingServices(real_services)
    kiosk = build_app(
        config,
        simulate=True,
        size=PORTRAIT,
        kiosk_mode=False,
        services=services,  # type: ignore[arg-type]
        timeouts=TOUR_TIMEOUTS,
        receipts_dir=out / "receipts",
        tick_interval=0.1,
        device_log=device_log,
    )
    kiosk.start()
    kiosk.window.show()
    tour = Tour(kiosk, out)
    started = time.monotonic()
    try:
        tour_steps(tour)
    finally:
        kiosk.stop()
        _dispose(app, kiosk)
    pdf_dir = out / "pdf"
    pdfs = []
    for doc in services.documents:
        if doc.pdf_path and Path(doc.pdf_path).exists():
            pdf_dir.mkdir(exist_ok=True)
            target = pdf_dir / Path(doc.pdf_path).name
            shutil.copy2(doc.pdf_path, target)
            pdfs.append(str(target.relative_to(out)))
    receipts = sorted(
        str(p.relative_to(out)) for p in (out / "receipts").glob("*") if p.suffix in (".txt", ".png")
    )
    shutil.rmtree(data, ignore_errors=True)
    summary = {
        "ok": all(s.status == "pass" for s in tour.steps),
        "seconds": round(time.monotonic() - started, 1),
        "steps": [dataclasses.asdict(s) for s in tour.steps],
        "screenshots": sorted(p.name for p in out.glob("*.png")),
        "receipts": receipts,
        "pdfs": sorted(set(pdfs)),
        "documents": [
            {"number": d.number, "kind": d.kind, "reprint": d.is_reprint} for d in services.documents
        ],
    }
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    return summary


@click.command("tour")
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Where screenshots, receipts, PDFs and summary.json go.",
)
@click.option("--verbose", is_flag=True, help="Log every state change and device event.")
@pass_config
def tour_command(config: KioskConfig, out_dir: str, verbose: bool) -> None:
    """Drive the real app offscreen through every flow and error path; exit 1 if any step fails."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from kiosk.logs import setup_logging

    # The tour's own log files next to its screenshots, so a failed step can be read afterwards.
    setup_logging(dataclasses.replace(config, kiosk=dataclasses.replace(config.kiosk, data_dir=out_dir)),
                  console=verbose)
    summary = run_tour(config, Path(out_dir))
    for s in summary["steps"]:
        click.echo(f"{s['status']:4}  {s['name']:<22} {s['seconds']:6.1f} s  {s['detail']}")
    click.echo(
        f"{len(summary['screenshots'])} screenshots, {len(summary['receipts'])} receipt files, "
        f"{len(summary['pdfs'])} PDFs -> {out_dir}"
    )
    if not summary["ok"]:
        raise SystemExit(1)
