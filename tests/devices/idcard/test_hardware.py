"""Opt-in checks against a real reader: set KIOSK_TEST_IDCARD_PORT (e.g. /dev/ttyUSB0) to run them."""

from __future__ import annotations

import os

import pytest

from devices.idcard.driver import probe_status
from devices.status import DeviceState

PORT = os.environ.get("KIOSK_TEST_IDCARD_PORT")

pytestmark = [
    pytest.mark.hardware,
    pytest.mark.skipif(not PORT, reason="set KIOSK_TEST_IDCARD_PORT to test a real reader"),
]


def test_real_reader_answers_status_and_sam_id() -> None:
    assert PORT
    status, reason = probe_status(PORT, int(os.environ.get("KIOSK_TEST_IDCARD_BAUD", "115200")))
    assert status.device is DeviceState.ONLINE, reason
    assert status.sam_id
