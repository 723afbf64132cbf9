"""Printer identity (GS I) at start-up: model, firmware, fonts in the status; a printer without a
Chinese font gets no Chinese bytes (a clear status instead of garbage); QR as a raster image where
the printer has no native QR."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from devices.escpos import JobState, PrinterSimulator, ReceiptPrinter
from devices.escpos import parser as p
from devices.escpos.adapt import JobAdapter, qr_raster
from devices.escpos.simulator import NO_IDENTITY, RasterRow
from devices.status import DeviceProblem
from kiosk.cli.main import cli
from receipts.qrmatrix import qr_matrix
from tests.devices.escpos.slips import NUMBER, certificate_parts

pytestmark = pytest.mark.pty


def run(tmp_path: Path, sim_kw: dict[str, object], **printer_kw: object) -> tuple[PrinterSimulator, ReceiptPrinter]:
    sim = PrinterSimulator(80, out_dir=tmp_path / "r", render_png=False, link=tmp_path / "tty", **sim_kw)  # type: ignore[arg-type]
    sim.start()
    printer = ReceiptPrinter(sim.port, poll_interval=3600, confirm_timeout=5.0, **printer_kw)  # type: ignore[arg-type]
    printer.start()
    return sim, printer


def test_identity_is_read_at_start_up_and_shown(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(cfg))
    sim = PrinterSimulator(80, render_png=False, link=tmp_path / "tty")
    sim.start()
    try:
        out = CliRunner().invoke(cli, ["device", "printer-status", "--port", sim.port])
        assert out.exit_code == 0
        assert "identity: KIOSK-SIM 80, firmware 1.00 SIM, Chinese font" in out.output
    finally:
        sim.stop()


def test_a_printer_that_does_not_identify_itself_still_prints(tmp_path: Path) -> None:
    sim, printer = run(tmp_path, {"identity": NO_IDENTITY})
    try:
        assert printer.query_status(3).ready
        assert not printer.identity.answered and printer.chinese_font  # unknown: Chinese is sent
        result = printer.submit(certificate_parts()).wait(10)
        assert result is not None and result.state == JobState.PRINTED
    finally:
        printer.stop()
        sim.stop()


def test_no_chinese_font_gives_a_clear_status_and_no_garbage(tmp_path: Path) -> None:
    """GIVEN a printer whose GS I says it has no Chinese font WHEN the certificate prints THEN the
    status warns "this printer has no Chinese font", the slip carries "?" where Chinese was (Latin
    text, numbers and the QR intact) and no code-page garbage."""
    sim, printer = run(tmp_path, {"chinese_font": False})
    try:
        st = printer.query_status(3)
        assert st.ready and st.warning == DeviceProblem.NO_CHINESE_FONT
        assert "this printer has no Chinese font" in st.summary()
        assert printer.identity.chinese_font is False
        result = printer.submit(certificate_parts()).wait(10)
        assert result is not None and result.state == JobState.PRINTED
        receipt = sim.wait_for_receipt(1, 5)
        assert receipt is not None
        assert NUMBER in receipt.text and "[QR:" in receipt.text and "????" in receipt.text
        assert all(ord(ch) < 0x80 for ch in receipt.text), "code-page garbage on paper"
    finally:
        printer.stop()
        sim.stop()


def test_the_same_printer_without_the_driver_knowing_prints_garbage(tmp_path: Path) -> None:
    """The simulator is faithful: told nothing, Chinese bytes come out as Latin garbage."""
    sim, printer = run(tmp_path, {"chinese_font": False}, identify=False)
    try:
        result = printer.submit(certificate_parts()).wait(10)
        assert result is not None and result.state == JobState.PRINTED
        receipt = sim.wait_for_receipt(1, 5)
        assert receipt is not None and any(ord(ch) >= 0x80 for ch in receipt.text)
    finally:
        printer.stop()
        sim.stop()


def test_without_native_qr_the_code_goes_out_as_a_raster_image(tmp_path: Path) -> None:
    sim, printer = run(tmp_path, {"native_qr": False}, native_qr=False, qr_encoder=qr_matrix)
    try:
        assert printer.query_status(3).ready
        result = printer.submit(certificate_parts()).wait(10)
        assert result is not None and result.state == JobState.PRINTED
        receipt = sim.wait_for_receipt(1, 5)
        assert receipt is not None and "[QR:" not in receipt.text
        images = [r for r in receipt.rows if isinstance(r, RasterRow)]
        assert len(images) == 1 and 0 <= images[0].width - images[0].height < 8  # square, rows padded to bytes
        assert NUMBER in receipt.text
    finally:
        printer.stop()
        sim.stop()


def test_qr_raster_reads_back_as_the_same_matrix() -> None:
    """The raster is the segno matrix at the module size: decode the bits and compare."""
    import segno

    data = b"https://verify.example.invalid/v/ABC"
    raster = qr_raster(data, 4, "M", qr_matrix)
    (img,) = [e for e in p.parse(raster) if isinstance(e, p.Raster)]
    qr = segno.make_qr(data, error="m", boost_error=False)
    matrix = [list(row) for row in qr.matrix_iter(scale=1, border=4)]
    row_bytes = img.width // 8
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            px, py = x * 4 + 1, y * 4 + 1
            bit = img.bits[py * row_bytes + px // 8] & (0x80 >> (px % 8))
            assert bool(bit) == bool(dark), (x, y)


def test_the_adapter_leaves_ascii_and_other_commands_alone() -> None:
    job = [b"\x1b@\x1c&" + "合计 Total 12.00".encode("gb18030") + b"\n\x1dV\x00"]
    out = JobAdapter(chinese=False, native_qr=True).adapt(job)
    assert out == [b"\x1b@???? Total 12.00\n\x1dV\x00"]
    assert JobAdapter(chinese=True, native_qr=True).adapt(job) == job


def test_without_native_qr_and_without_an_encoder_the_job_is_refused(tmp_path: Path) -> None:
    sim, printer = run(tmp_path, {"native_qr": False}, native_qr=False)
    try:
        result = printer.submit(certificate_parts()).wait(10)
        assert result is not None and result.state == JobState.FAILED and "no native QR" in result.reason
        assert sim.bytes_received < 200  # only the bring-up and status queries: nothing printed
    finally:
        printer.stop()
        sim.stop()
