"""UI test fixtures: the real window and Qt adapter over fake services and a fake printer port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kiosk.flow import FlowTimeouts
from tests.helpers.fake_services import FakeServices
from tests.helpers.ui_driver import FakeKiosk
from ui.tr import MISSING


@pytest.fixture
def ui(qtbot) -> Iterator[FakeKiosk]:  # type: ignore[no-untyped-def]
    """A portrait kiosk on fake services (no devices), result screens returning after 2 s."""
    d = FakeKiosk(FakeServices(), timeouts=FlowTimeouts(result_return=2.0, payment_poll_interval=0.05))
    yield d
    d.close()
    assert not MISSING, f"message keys without a text: {sorted(MISSING)}"
