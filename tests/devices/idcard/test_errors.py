"""Every SW3 status maps to a typed error with a plain message."""

from __future__ import annotations

import pytest

from devices.idcard.errors import (
    SW3,
    SW3_ERRORS,
    IdCardError,
    SamError,
    SamSelfTestFailed,
    UnknownSamStatus,
    error_for_sw3,
)

FAILURES = [s for s in SW3 if s not in (SW3.SUCCESS, SW3.FIND_SUCCESS)]


@pytest.mark.parametrize("sw3", FAILURES, ids=lambda s: f"{s.value:02X}-{s.name}")
def test_every_failure_status_has_its_own_error(sw3: SW3) -> None:
    err = error_for_sw3(sw3, "read")
    assert type(err) is SW3_ERRORS[sw3]
    assert isinstance(err, SamError) and isinstance(err, IdCardError)
    assert err.sw3 == sw3
    assert f"SW3 {sw3.value:02X} during 'read'" in str(err)
    assert err.message_key.startswith("idcard.error.sam.")


def test_classes_are_distinct_and_hardware_ones_are_marked() -> None:
    assert len(set(SW3_ERRORS.values())) == len(FAILURES)
    assert {s for s, cls in SW3_ERRORS.items() if cls.hardware} == {SW3.SAM_SELF_TEST_FAILED, SW3.SAM_NOT_AUTHORISED}
    assert SamSelfTestFailed.hardware


def test_unknown_status_keeps_its_code() -> None:
    err = error_for_sw3(0x55)
    assert isinstance(err, UnknownSamStatus) and err.sw3 == 0x55 and "SW3 55" in str(err)
