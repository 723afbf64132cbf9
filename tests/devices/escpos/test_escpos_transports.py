"""Each printer transport end to end: a serial tty (pty), a USB printer-class device (a FIFO pair
standing in for /dev/usb/lp0, opened without termios) and raw TCP (loopback), with the same job,
status and recovery behaviour; and the command-line tools on all three."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from devices.escpos import JobState, PrinterSimulator, ReceiptPrinter
from devices.escpos.transport import (
    TcpTransport,
    UsbLpTransport,
    open_transport,
    parse_tcp_port,
    transport_kind,
)
from devices.status import DeviceState
from kiosk.cli.main import cli
from tests.devices.escpos.slips import NUMBER, certificate_parts

pytestmark = pytest.mark.pty

TRANSPORTS = ["pty", "usblp", "tcp"]


def wait_until(cond: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return cond()


@pytest.fixture(params=TRANSPORTS)
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[PrinterSimulator]:
    link = tmp_path / ("lp0" if request.param == "usblp" else "printer-tty")
    simulator = PrinterSimulator(
        80, out_dir=tmp_path / "receipts", render_png=False, link=link, transport=request.param
    )
    simulator.start()
    try:
        yield simulator
    finally:
        simulator.stop()


def printer_for(sim: PrinterSimulator) -> ReceiptPrinter:
    return ReceiptPrinter(
        sim.port, poll_interval=0.1, write_timeout=2.0, confirm_timeout=5.0,
        reopen_backoff=(0.05, 0.2), recover_interval=0.2,
    )


def test_the_port_picks_the_transport(tmp_path: Path) -> None:
    assert transport_kind("/dev/ttyUSB0") == "serial"
    assert transport_kind("/dev/usb/lp0") == "usblp"
    assert transport_kind("usblp:/dev/printer-receipt") == "usblp"
    assert transport_kind("socket://10.0.0.7:9100") == "tcp"
    assert transport_kind("tcp://printer.local:9101") == "tcp"
    assert parse_tcp_port("socket://10.0.0.7") == ("10.0.0.7", 9100)
    assert isinstance(open_transport("tcp://printer.local:9101"), TcpTransport)
    assert isinstance(open_transport("/dev/usb/lp3"), UsbLpTransport)
    with pytest.raises(ValueError, match="bad TCP port"):
        parse_tcp_port("socket://host:99999")


def test_a_certificate_prints_on_every_transport(sim: PrinterSimulator) -> None:
    """GIVEN the simulator behind a pty, a FIFO pair or a TCP port WHEN the certificate slip is
    submitted THEN it is PRINTED (GS r confirmed) and comes out whole, QR and all."""
    with printer_for(sim) as printer:
        status = printer.query_status(3.0)
        assert status.ready and status.device == DeviceState.ONLINE
        assert printer.identity.model == "KIOSK-SIM 80" and printer.identity.chinese_font is True
        result = printer.submit(certificate_parts(), "cert-1").wait(20)
        assert result is not None and result.state == JobState.PRINTED, result
        receipt = sim.wait_for_receipt(1, 5)
        assert receipt is not None
        assert "税收完税证明" in receipt.text and NUMBER in receipt.text and "[QR:" in receipt.text
        assert sim.unknown_commands == []


def test_paper_out_unplug_and_replug_on_every_transport(sim: PrinterSimulator) -> None:
    """The same recovery everywhere: paper out fails a job without sending it, a pulled cable
    gives NO_DEVICE, and after the cable is back the driver reopens and prints."""
    with printer_for(sim) as printer:
        assert printer.query_status(3.0).ready
        sim.set_paper("out")
        failed = printer.submit([b"\x1b@hello\n\x1dV\x00"]).wait(5)
        assert failed is not None and failed.state == JobState.FAILED and failed.reason == "paper out"
        sim.set_paper("ok")
        sim.unplug()
        assert wait_until(lambda: printer.status.device == DeviceState.NO_DEVICE, 5)
        sim.replug()
        assert wait_until(lambda: printer.status.ready, 5)
        again = printer.submit([b"\x1b@back again\n\x1dV\x00"]).wait(5)
        assert again is not None and again.state == JobState.PRINTED
        receipt = sim.wait_for_receipt(1, 5)
        assert receipt is not None and "back again" in receipt.text


def test_the_commands_work_on_every_transport(
    sim: PrinterSimulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(f'[kiosk]\ndata_dir = "{tmp_path / "data"}"\n', encoding="utf-8")
    monkeypatch.setenv("KIOSK_CONFIG", str(cfg))
    runner = CliRunner()
    status = runner.invoke(cli, ["device", "printer-status", "--port", sim.port])
    assert status.exit_code == 0, status.output
    assert f"transport: {sim.transport if sim.transport != 'pty' else 'serial'}" in status.output
    assert "KIOSK-SIM 80" in status.output and "GS r 1 (print-out confirmed)" in status.output
    printed = runner.invoke(cli, ["device", "test-print", "--port", sim.port])
    assert printed.exit_code == 0, printed.output
    assert "printed on" in printed.output
    assert sim.wait_for_receipt(1, 5) is not None


def test_a_missing_port_says_not_connected_on_every_transport(tmp_path: Path) -> None:
    for port in (str(tmp_path / "no-tty"), "/dev/usb/lp97", "socket://127.0.0.1:9"):
        with ReceiptPrinter(port, reopen_backoff=(0.05, 0.2)) as printer:
            assert wait_until(lambda p=printer: p.status.device == DeviceState.NO_DEVICE, 3)  # type: ignore[misc]
            result = printer.submit([b"x\n"]).wait(3)
            assert result is not None and result.state == JobState.FAILED
