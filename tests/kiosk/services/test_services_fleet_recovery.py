"""Two kiosks on one database: each one's start-up recovery settles only its own journal."""

from __future__ import annotations

import dataclasses

from kiosk.config import KioskConfig
from kiosk.documents.issuer import DocumentIssuer
from kiosk.persistence.models import DeviceEvent, KioskSession, Transaction
from kiosk.services.devicelog import DeviceLog
from kiosk.services.facade import KioskServices
from kiosk.services.journal import TransactionKind
from kiosk.services.journal import TransactionState as S

from .conftest import ID_NUMBER, KEY, NAME, OTHER_ID, World


def _kiosk(world: World, kiosk_id: str) -> KioskServices:
    cfg: KioskConfig = dataclasses.replace(world.config, kiosk=dataclasses.replace(world.config.kiosk, id=kiosk_id))
    return KioskServices(cfg, world.factory, world.provider, DocumentIssuer(world.factory, cfg, KEY), world.clock)


def test_recovery_of_one_kiosk_never_touches_another_kiosks_journal(world: World) -> None:
    """GIVEN kiosk A with a payment pending and a session open when it lost power, and kiosk B
    with a confirmed certificate in the middle, on one database WHEN kiosk B restarts and recovers
    THEN only B's transaction is settled and A's session stays open; WHEN A recovers THEN A's are."""
    a, b = _kiosk(world, "KIOSK-A"), _kiosk(world, "KIOSK-B")
    a.start_session_from_card(ID_NUMBER, NAME, "resident")
    a_tx = a.create_payment([d.due_id for d in a.list_dues()][:1]).transaction_id
    b.start_session_from_card(OTHER_ID, "李四", "resident")
    b_tx = b.journal.begin_confirmed(TransactionKind.CERTIFICATE, session_id=None, taxpayer_id=None,
                                     reason="test: confirmed before the power cut")
    a_state = a.journal.state(a_tx)
    assert a_state is S.PAYMENT_PENDING
    with world.factory() as db:
        assert {t.id: t.kiosk_id for t in db.query(Transaction)} == {a_tx: "KIOSK-A", b_tx: "KIOSK-B"}

    b_again = _kiosk(world, "KIOSK-B")  # kiosk B's new process
    report = b_again.recover_on_startup()
    assert [r.transaction_id for r in report.resolved + report.unresolved] == [b_tx]
    assert report.sessions_ended == 1  # B's own session only
    assert b_again.journal.state(b_tx) is S.CANCELLED
    assert a.journal.state(a_tx) is a_state  # untouched: kiosk A may still be polling it
    with world.factory() as db:
        states = {s.kiosk_id: s.state for s in db.query(KioskSession)}
    assert states == {"KIOSK-A": "active", "KIOSK-B": "ended"}

    a_again = _kiosk(world, "KIOSK-A")
    report = a_again.recover_on_startup()
    assert [r.transaction_id for r in report.resolved + report.unresolved] == [a_tx]
    assert a_again.journal.state(a_tx) is not a_state


def test_device_history_carries_the_kiosk_id(world: World) -> None:
    dlog = DeviceLog(world.factory, "KIOSK-7")
    dlog.status("printer", "paper_out", "sensor")
    dlog.flush()
    dlog.close()
    with world.factory() as db:
        assert [(e.kiosk_id, e.device, e.to_state) for e in db.query(DeviceEvent)] == [
            ("KIOSK-7", "printer", "paper_out")]
