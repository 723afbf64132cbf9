"""Every taxpayer flow end to end through the real widgets (taps on the actual buttons), on fake services.

Each screen on the way is checked for touch-target sizes and for fitting the panel (tests/helpers/ui_driver).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from kiosk.flow import CardPlaced, CardRead, JobState, PrintOutcome
from tests.helpers.fake_services import FakeServices
from tests.helpers.flow_driver import SAMPLE_ID, SAMPLE_NAME
from tests.helpers.ui_driver import FakeKiosk, FakePrinter
from ui.window import LANDSCAPE

pytestmark = pytest.mark.gui


def sign_in(d: FakeKiosk) -> None:
    d.controller.post(CardPlaced())
    d.controller.post(CardRead(SAMPLE_ID, SAMPLE_NAME, "resident"))
    d.wait_screen("menu")


def test_attract_language_and_large_text(ui: FakeKiosk) -> None:
    ui.wait_screen("attract")
    ui.tap("language", "en")
    assert ui.view.language == "en"
    ui.tap("large_text")
    ui.wait_screen("attract")
    assert ui.view.large_text
    ui.tap("large_text")
    ui.tap("language", "zh_CN")
    assert ui.view.language == "zh_CN"


def test_certificate(ui: FakeKiosk) -> None:
    sign_in(ui)
    ui.tap("menu.open", "certificates")
    ui.wait_screen("certificates.kind")
    ui.tap("cert.kind", "certificate")
    ui.tap("cert.period", "last_12_months")
    ui.wait_screen("certificates.records")
    ui.tap("cert.toggle", 2)
    ui.tap("wizard.next")
    ui.wait_screen("certificates.confirm")
    ui.tap("wizard.next")
    ui.wait_screen("result")
    assert [d.kind for d in ui.printer.printed] == ["certificate"]
    ui.tap("result.again")
    ui.wait_screen("menu")


def test_reconciliation_with_keypad(ui: FakeKiosk) -> None:
    sign_in(ui)
    ui.tap("menu.open", "reconciliation")
    ui.wait_screen("reconciliation.year")
    ui.tap("rec.year", 2025)
    ui.wait_screen("reconciliation.income")
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.bonus")
    ui.tap("rec.bonus.choose", "no")
    ui.wait_screen("reconciliation.children")
    ui.tap("field.inc", "children")
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.elderly")
    ui.tap("rec.elderly.choose", "only_child")
    ui.wait_screen("reconciliation.housing")
    ui.tap("rec.housing.choose", "loan")
    ui.wait_screen("reconciliation.housing_check")
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.education")
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.illness")
    ui.type_keys("20000")
    ui.tap("key", "backspace")
    ui.wait_until("the typed amount", lambda: "'2000'" in str(ui.view.blocks))
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.others")
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.donations")
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.preview")
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.refund")
    ui.tap("rec.refund.account", 7)
    ui.tap("wizard.next")
    ui.wait_screen("reconciliation.commit")
    ui.tap("rec.agree")
    ui.tap("wizard.next")
    ui.wait_screen("result")


def test_payment_shows_the_qr_code_then_the_voucher(ui: FakeKiosk) -> None:
    ui.services.polls_until_outcome = 3
    sign_in(ui)
    ui.tap("menu.open", "payment")
    ui.wait_screen("payment.dues")
    ui.tap("wizard.next")
    ui.wait_screen("payment.confirm")
    assert "create_payment" not in ui.services.calls
    ui.tap("wizard.next")
    ui.wait_screen("payment.pay")
    from ui.widgets import QrCode

    codes = ui.window.page.findChildren(QrCode)
    assert len(codes) == 1 and codes[0].payload.startswith("https://pay.example.invalid/")
    ui.wait_screen("result")
    assert [d.kind for d in ui.printer.printed] == ["payment_voucher"]


def test_rental_invoice_on_the_onscreen_keyboard(ui: FakeKiosk) -> None:
    sign_in(ui)
    ui.tap("menu.open", "rental")
    ui.wait_screen("rental.property")
    ui.tap("rental.property", 31)
    ui.wait_screen("rental.tenant")
    ui.tap("ime.mode")  # Latin letters (pinyin input: tests/ui/test_pinyin_ui.py)
    ui.type_keys("WANG FANG")
    ui.tap("wizard.next")
    ui.wait_screen("rental.terms")
    ui.type_keys("6000")
    ui.tap("field.inc", "months")
    ui.tap("wizard.next")
    ui.wait_screen("rental.commit")
    ui.tap("rental.agree")
    ui.tap("wizard.next")
    ui.wait_screen("rental.quote")
    shown = [w.text() for w in ui.window.page.findChildren(QLabel)]
    assert "北京市朝阳区朝阳路12号院5号楼1单元302室" in shown  # the confirm screen shows the property
    ui.tap("wizard.next")
    ui.wait_screen("rental.pay")
    ui.wait_screen("result")
    assert [d.kind for d in ui.printer.printed] == ["rental_invoice"]


def test_queue_ticket_without_card_and_queries(ui: FakeKiosk) -> None:
    ui.tap("attract.queue")
    ui.wait_screen("queue.service")
    ui.tap("queue.take", "A")
    ui.wait_screen("result")
    ui.tap("result.finish")
    ui.wait_screen("attract")
    sign_in(ui)
    ui.tap("menu.open", "queries")
    for topic in ("records", "dues", "reprints"):
        ui.wait_screen("queries.topic")
        ui.tap("query.topic", topic)
        ui.wait_screen("queries.answer")
        ui.tap("wizard.back")


def test_paper_out_mid_print_offers_free_reprint(qtbot) -> None:  # type: ignore[no-untyped-def]
    printer = FakePrinter(outcomes=[PrintOutcome(JobState.INCOMPLETE, 1, "printer.paper_out")])
    d = FakeKiosk(FakeServices(), printer=printer)
    try:
        sign_in(d)
        d.tap("menu.open", "certificates")
        d.tap("cert.kind", "iit")
        d.tap("cert.period", "last_year")
        d.wait_screen("certificates.confirm")
        d.tap("wizard.next")
        d.wait_screen("error.printer.paper_out")
        d.tap("error.retry")
        d.wait_screen("result")
        assert printer.printed[-1].is_reprint
    finally:
        d.close()


def test_landscape_and_large_text_layouts_fit(qtbot) -> None:  # type: ignore[no-untyped-def]
    d = FakeKiosk(FakeServices(), size=LANDSCAPE)
    try:
        d.tap("large_text")
        sign_in(d)
        d.tap("menu.open", "reconciliation")
        d.tap("rec.year", 2025)
        d.wait_screen("reconciliation.income")
        d.tap("wizard.next")
        d.tap("rec.bonus.choose", "no")
        d.wait_screen("reconciliation.children")
        d.tap("wizard.next")
        d.tap("rec.elderly.choose", "none")
        d.tap("rec.housing.choose", "none")
        d.wait_screen("reconciliation.education")
        d.tap("field.focus", "education_months")
        d.wait_screen("reconciliation.education")
        d.tap("wizard.cancel")
        d.tap("menu.open", "rental")
        d.wait_screen("rental.property")
    finally:
        d.close()
