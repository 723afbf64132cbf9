"""Print confirmation that does not lie: ASB off at bring-up and ASB blocks set aside wherever they
arrive; GS r 1 where the printer answers it, else "DLE EOT after drain" and SENT_UNCONFIRMED."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from devices.escpos import JobState, PrinterSimulator, ReceiptPrinter
from devices.escpos.status import AsbBlock, ConfirmMethod, PaperState, encode_asb, is_asb_header
from kiosk.cli.main import cli
from tests.devices.escpos.slips import certificate_parts

pytestmark = pytest.mark.pty


def slip(lines: int = 6) -> list[bytes]:
    body = b"".join(b"line %d\n" % i for i in range(lines))
    return [b"\x1b@" + body, b"\x1bd\x03\x1dV\x00"]


def make_sim(tmp_path: Path, **kw: object) -> PrinterSimulator:
    sim = PrinterSimulator(80, out_dir=tmp_path / "r", render_png=False, link=tmp_path / "tty", **kw)  # type: ignore[arg-type]
    sim.start()
    return sim


@pytest.fixture
def stop_list() -> Iterator[list[PrinterSimulator]]:
    sims: list[PrinterSimulator] = []
    yield sims
    for s in sims:
        s.stop()


def printer(sim: PrinterSimulator, **kw: object) -> ReceiptPrinter:
    kw.setdefault("confirm_timeout", 5.0)
    return ReceiptPrinter(sim.port, poll_interval=3600, **kw)  # type: ignore[arg-type]


def test_asb_blocks_are_told_apart_from_every_reply() -> None:
    for paper in PaperState:
        block = encode_asb(paper=paper, cover_open=paper == PaperState.OUT)
        assert is_asb_header(block[0]) and AsbBlock(block).paper == paper
        assert not any(is_asb_header(b) for b in block[1:])
    assert not is_asb_header(0x12)  # DLE EOT idle reply: 0xx1xx10
    assert not is_asb_header(0x5F)  # GS I text header


def test_a_printer_without_gs_r_ends_jobs_sent_not_confirmed(tmp_path: Path, stop_list: list[PrinterSimulator]) -> None:
    """GIVEN a printer that never answers GS r WHEN a certificate prints THEN the probe at start-up
    chose DLE EOT after drain, and the job ends SENT_UNCONFIRMED with every part sent, in seconds
    (not FAILED after 30 s)."""
    sim = make_sim(tmp_path, gs_r=False)
    stop_list.append(sim)
    with printer(sim, confirm_timeout=30.0) as p:
        assert p.query_status(3).ready
        assert p.confirmation == ConfirmMethod.DRAIN
        start = time.monotonic()
        result = p.submit(certificate_parts(), "cert-u").wait(15)
        assert result is not None and result.state == JobState.SENT_UNCONFIRMED
        assert result.parts_done == result.parts_total and "sent, not confirmed" in result.reason
        assert time.monotonic() - start < 5
        assert sim.wait_for_receipt(1, 5) is not None
        again = p.submit(certificate_parts(), "cert-u").wait(5)  # counts as printed: never twice
        assert again is not None and again.state == JobState.FAILED and "already printed" in again.reason


def test_without_gs_r_a_fault_still_makes_the_job_incomplete(tmp_path: Path, stop_list: list[PrinterSimulator]) -> None:
    """GIVEN no GS r, at 9600 baud WHEN the cover opens while the job is still being sent THEN the
    DLE EOT after a part sees it: INCOMPLETE, never "sent". (Once every byte is out, a fault can
    no longer be pinned to the job: that is what "sent, not confirmed" says.)"""
    sim = make_sim(tmp_path, gs_r=False, baud=9600)
    stop_list.append(sim)
    with printer(sim, baud=9600) as p:
        assert p.query_status(3).ready
        sim.cover(True)
        result = p.submit(slip()).wait(5)
        assert result is not None and result.state == JobState.FAILED
        sim.cover(False)
        job = p.submit([b"\x1b@" + b"x" * 400 + b"\n"] * 4)  # 4 parts, ~1.7 s on the wire
        time.sleep(0.3)
        sim.cover(True)
        result = job.wait(10)
        assert result is not None and result.state == JobState.INCOMPLETE, result
        assert result.parts_done < 4


def test_asb_on_at_power_up_is_turned_off_and_its_blocks_never_confirm(
    tmp_path: Path, stop_list: list[PrinterSimulator]
) -> None:
    """GIVEN a printer with ASB on and no GS r (the case that was reported printed in 0.7 s)
    THEN the driver sends GS a 0, sets the greeting block aside, and the job is SENT_UNCONFIRMED."""
    sim = make_sim(tmp_path, gs_r=False, asb="on")
    stop_list.append(sim)
    with printer(sim) as p:
        assert p.query_status(3).ready
        assert sim.asb_blocks_sent >= 1 and not sim._asb_on
        result = p.submit(slip()).wait(10)
        assert result is not None and result.state == JobState.SENT_UNCONFIRMED
        assert p.asb_blocks >= 1


def test_a_printer_that_keeps_asb_on_still_confirms_only_with_gs_r(
    tmp_path: Path, stop_list: list[PrinterSimulator]
) -> None:
    """GIVEN ASB stuck on and blocks arriving in the middle of a job (paper near end while it
    prints) THEN the job is PRINTED only once the printer has really printed it."""
    sim = make_sim(tmp_path, asb="stuck")
    stop_list.append(sim)
    with printer(sim) as p:
        assert p.query_status(3).ready and p.confirmation == ConfirmMethod.GS_R
        sim.fault("slow")
        job = p.submit(slip(20))
        time.sleep(0.2)
        sim.set_paper("near_end")  # an ASB block while GS r 1 is awaited
        result = job.wait(10)
        assert result is not None and result.state == JobState.PRINTED
        assert sim.wait_for_receipt(1, 0.5) is not None  # on paper when the driver said so
        assert sim.asb_blocks_sent >= 2 and p.asb_blocks >= 2


def test_confirmation_can_be_configured(tmp_path: Path, stop_list: list[PrinterSimulator]) -> None:
    sim = make_sim(tmp_path)
    stop_list.append(sim)
    with printer(sim, confirm="drain") as p:
        assert p.query_status(3).ready
        result = p.submit(slip()).wait(5)
        assert result is not None and result.state == JobState.SENT_UNCONFIRMED


def test_test_print_on_a_printer_without_gs_r_exits_0_sent_not_confirmed(
    tmp_path: Path, stop_list: list[PrinterSimulator], monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(cfg))
    sim = make_sim(tmp_path, gs_r=False)
    stop_list.append(sim)
    out = CliRunner().invoke(cli, ["device", "test-print", "--port", sim.port])
    assert out.exit_code == 0, out.output
    assert "sent, not confirmed" in out.output
    status = CliRunner().invoke(cli, ["device", "printer-status", "--port", sim.port])
    assert "DLE EOT after drain" in status.output
