"""Device history: state changes (not repeats) and paper used reach the database, off the caller's thread."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.persistence.models import ConsumableCounter, DeviceEvent
from kiosk.services.devicelog import MM_PER_LINE, PAPER_ROLL, DeviceLog


def test_changes_recorded_once_each(world) -> None:  # type: ignore[no-untyped-def]
    dlog = DeviceLog(world.factory)
    try:
        dlog.status("printer", "online", "opened")
        dlog.status("printer", "online", "poll")  # a repeat is not a change
        dlog.status("printer", "paper_out", "DLE EOT 4 = 0x72")
        dlog.status("idcard", "offline", "unplugged")
        dlog.paper_used(30)
        dlog.paper_used(10)
        dlog.flush()
    finally:
        dlog.close()
    with world.factory() as db:
        events = [(e.device, e.from_state, e.to_state, e.reason) for e in db.scalars(select(DeviceEvent).order_by(DeviceEvent.id))]
        paper = db.scalar(select(ConsumableCounter).where(ConsumableCounter.name == PAPER_ROLL))
    assert events == [
        ("printer", None, "online", "opened"),
        ("printer", "online", "paper_out", "DLE EOT 4 = 0x72"),
        ("idcard", None, "offline", "unplugged"),
    ]
    assert paper is not None and paper.used == 40 * MM_PER_LINE
