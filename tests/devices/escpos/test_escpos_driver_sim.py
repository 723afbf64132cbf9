"""Driver <-> simulator over a real pseudo-terminal: the stories a kiosk lives through."""

from __future__ import annotations

import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
import serial
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.escpos import (
    EscPosBuilder,
    JobFinished,
    JobState,
    PaperState,
    PrinterEvent,
    PrinterSimulator,
    ReceiptPrinter,
    StatusChanged,
)
from devices.escpos.status import STATUS_QUERY
from devices.ptylink import PtyLink
from devices.status import DeviceState

pytestmark = pytest.mark.pty


def wait_until(cond: Callable[[], bool], timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.01)
    return cond()


def slip(parts: int = 3, lines: int = 4, tag: str = "P") -> list[bytes]:
    b = EscPosBuilder(80).init()
    for p in range(parts):
        if p:
            b.mark_part()
        for i in range(lines):
            b.line(f"{tag}{p + 1} 第{i + 1}行")
    b.cut()
    return b.parts()


def test_status_round_trip_takes_milliseconds(receipt_printer: ReceiptPrinter) -> None:
    receipt_printer.query_status(2.0)
    samples = []
    for _ in range(20):
        t0 = time.perf_counter()
        st_ = receipt_printer.query_status(2.0)
        samples.append(time.perf_counter() - t0)
        assert st_.ready
    assert sorted(samples)[10] < 0.05, samples


def test_job_prints_all_parts_and_a_repeated_id_is_refused(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter, events: list[PrinterEvent]
) -> None:
    """GIVEN a ready printer WHEN a 3-part job is submitted THEN it prints once, and submitting the
    same job id again is refused instead of printing twice."""
    job = receipt_printer.submit(slip(), "cert-1")
    result = job.wait(5)
    assert result is not None and result.state == JobState.PRINTED and result.parts_done == 3
    receipt = printer_sim.wait_for_receipt(1, 2)
    assert receipt is not None and "P1 第1行" in receipt.text and "P3 第4行" in receipt.text
    assert receipt.text.rstrip().endswith("[CUT]")
    assert JobFinished(result) in events
    again = receipt_printer.submit(slip(), "cert-1").wait(1)
    assert again is not None and again.state == JobState.FAILED and "already printed" in again.reason
    time.sleep(0.2)
    assert len(printer_sim.receipts) == 1


def test_paper_near_end_is_an_event_and_still_prints(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter, events: list[PrinterEvent]
) -> None:
    printer_sim.set_paper("near_end")
    assert wait_until(lambda: receipt_printer.status.paper == PaperState.NEAR_END, 2)
    assert any(isinstance(e, StatusChanged) and e.status.paper == PaperState.NEAR_END for e in events)
    result = receipt_printer.submit(slip(parts=1)).wait(5)
    assert result is not None and result.state == JobState.PRINTED


def test_paper_out_before_a_job_fails_it_without_sending(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter
) -> None:
    printer_sim.set_paper("out")
    result = receipt_printer.submit(slip()).wait(5)
    assert result is not None and result.state == JobState.FAILED and result.reason == "paper out"
    assert result.parts_done == 0
    assert printer_sim.lines_printed == 0 and printer_sim.current_text == ""


def test_paper_out_in_the_middle_makes_the_job_incomplete_and_nothing_prints_later(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter, events: list[PrinterEvent]
) -> None:
    """GIVEN paper that runs out after 6 lines WHEN a job of 3 parts x 4 lines prints
    THEN the job is INCOMPLETE after part 1, the rest of it never prints when paper comes back,
    and the caller may print it again on purpose."""
    printer_sim.run_out_after(6)
    result = receipt_printer.submit(slip(), "cert-2").wait(5)
    assert result is not None
    assert (result.state, result.parts_done, result.parts_total) == (JobState.INCOMPLETE, 1, 3)
    assert result.reason == "paper out during part 2 of 3"
    assert 2 in printer_sim.recover_requests  # buffer cleared: the torn rest is gone
    assert any(isinstance(e, StatusChanged) and e.status.paper == PaperState.OUT for e in events)

    printer_sim.set_paper("ok")
    assert wait_until(lambda: receipt_printer.status.ready, 3)
    time.sleep(0.3)
    assert "P3" not in printer_sim.current_text and printer_sim.receipts == []

    reprint = receipt_printer.submit(slip(), "cert-2").wait(5)  # the caller's decision
    assert reprint is not None and reprint.state == JobState.PRINTED
    receipt = printer_sim.wait_for_receipt(1, 2)
    assert receipt is not None and "[PAPER OUT]" in receipt.text and "P3 第4行" in receipt.text


def test_cover_open_before_and_during_a_job(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter
) -> None:
    printer_sim.cover(True)
    result = receipt_printer.submit(slip()).wait(5)
    assert result is not None and result.state == JobState.FAILED and result.reason == "printer cover open"
    printer_sim.cover(False)
    assert wait_until(lambda: receipt_printer.status.ready, 3)

    printer_sim.fault("slow")  # 50 ms a line: time to open the cover while it prints
    job = receipt_printer.submit(slip(parts=3, lines=6))
    assert wait_until(lambda: printer_sim.lines_printed >= 8, 5)
    printer_sim.cover(True)
    result = job.wait(5)
    assert result is not None and result.state == JobState.INCOMPLETE
    assert result.reason.startswith("printer cover open during part")
    assert result.parts_done < 3


def test_unplug_in_the_middle_of_a_job_then_replug(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter, events: list[PrinterEvent]
) -> None:
    """GIVEN a slow job WHEN the cable is pulled THEN the job is INCOMPLETE (not lost, not retried),
    the status goes to NO_DEVICE, and after replugging the driver reopens and prints again."""
    printer_sim.fault("slow")
    job = receipt_printer.submit(slip(parts=3, lines=6), "cert-3")
    assert wait_until(lambda: printer_sim.lines_printed >= 4, 5)
    printer_sim.unplug()
    result = job.wait(5)
    assert result is not None and result.state == JobState.INCOMPLETE
    assert result.reason.startswith("printer disconnected during part")
    assert wait_until(lambda: receipt_printer.status.device == DeviceState.NO_DEVICE, 2)
    assert not receipt_printer.status.ready

    printer_sim.clear()
    printer_sim.replug()
    assert wait_until(lambda: receipt_printer.status.ready, 5)
    devices = [e.status.device for e in events if isinstance(e, StatusChanged)]
    assert DeviceState.NO_DEVICE in devices and devices[-1] == DeviceState.ONLINE
    again = receipt_printer.submit(slip(parts=1, lines=1, tag="R")).wait(5)
    assert again is not None and again.state == JobState.PRINTED


def test_xoff_stall_shorter_than_write_timeout_finishes_the_job(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter
) -> None:
    printer_sim.fault("xoff")
    job = receipt_printer.submit(slip())
    time.sleep(0.5)
    assert not job.done
    printer_sim.clear()
    result = job.wait(5)
    assert result is not None and result.state == JobState.PRINTED
    assert printer_sim.dropped_bytes == 0


def test_xoff_stall_longer_than_write_timeout_makes_the_job_incomplete(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter
) -> None:
    printer_sim.fault("xoff")
    result = receipt_printer.submit(slip()).wait(5)  # write_timeout is 2 s in the fixture
    assert result is not None and result.state == JobState.INCOMPLETE
    assert "XOFF" in result.reason
    printer_sim.clear()


def test_driver_honours_xoff_from_a_full_buffer_and_nothing_is_dropped(tmp_path: Path) -> None:
    sim = PrinterSimulator(80, buffer_size=1024, render_png=False, slow_line_seconds=0.005, link=tmp_path / "tty")
    port = sim.start()
    sim.fault("slow")
    printer = ReceiptPrinter(port, chunk_size=64, write_timeout=5.0, confirm_timeout=10.0)
    printer.start()
    try:
        b = EscPosBuilder(80).init()
        for i in range(150):
            b.line(f"line {i:03d} 中文测试内容")
        result = printer.submit(b.cut().parts()).wait(15)
        assert result is not None and result.state == JobState.PRINTED
        receipt = sim.wait_for_receipt(1, 2)
        assert receipt is not None and "line 149" in receipt.text
        assert sim.xoff_count >= 1  # the buffer did fill up ...
        assert sim.dropped_bytes == 0  # ... and the driver held back in time
    finally:
        printer.stop()
        sim.stop()


def test_cutter_jam_then_recovery_once_cleared(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter
) -> None:
    printer_sim.fault("cutter_jam")
    assert wait_until(lambda: receipt_printer.status.cutter_error, 2)
    result = receipt_printer.submit(slip(parts=1)).wait(5)
    assert result is not None and result.state == JobState.FAILED and result.reason == "paper cutter error"
    printer_sim.clear()  # the jam is gone, the error stays latched until DLE ENQ
    assert wait_until(lambda: receipt_printer.status.ready, 3)
    assert 2 in printer_sim.recover_requests


def test_explicit_recover_and_head_hot_pauses_without_failing(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter
) -> None:
    assert receipt_printer.recover(clear_buffer=False).result(2).ready
    assert printer_sim.recover_requests[-1] == 1
    printer_sim.fault("slow")
    job = receipt_printer.submit(slip(parts=2, lines=6))
    assert wait_until(lambda: printer_sim.lines_printed >= 2, 5)
    printer_sim.fault("head_hot")
    time.sleep(0.4)
    assert not job.done
    printer_sim.clear()
    result = job.wait(5)
    assert result is not None and result.state == JobState.PRINTED


def test_simulator_renders_python_escpos_bytes_sent_over_the_tty(printer_sim: PrinterSimulator) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from escpos.printer import Dummy

        p = Dummy()
        p.hw("INIT")
        p.set(align="center", bold=True)
        p.text("python-escpos here\n")
        p.qr("https://example.com/pe", native=True, size=4)
        p.cut()
    with serial.Serial(printer_sim.port, 115200, timeout=1) as ser:
        ser.write(p.output)
        receipt = printer_sim.wait_for_receipt(1, 3)
    assert receipt is not None
    lines = receipt.text.splitlines()
    assert any(line.strip() == "python-escpos here" for line in lines)
    assert "[QR:https://example.com/pe]" in lines and lines[-1] == "[CUT]"


def test_an_absent_port_gives_no_device_and_jobs_fail(tmp_path: Path) -> None:
    printer = ReceiptPrinter(str(tmp_path / "nothing"), reopen_backoff=(0.05, 0.1))
    printer.start()
    try:
        st_ = printer.query_status(2.0)
        assert st_.device == DeviceState.NO_DEVICE and not st_.ready
        result = printer.submit(slip(parts=1)).wait(2)
        assert result is not None and result.state == JobState.FAILED and result.parts_done == 0
    finally:
        printer.stop()


def test_garbage_from_the_device_never_crashes_the_driver(tmp_path: Path) -> None:
    """A device that answers status queries with random bytes: the driver reports some status
    (or 'does not answer') and keeps running."""
    link = PtyLink(tmp_path / "tty")
    port = link.open()
    reply = {"data": b""}
    stop = threading.Event()

    def device() -> None:
        while not stop.is_set():
            got = link.read(64, timeout=0.02)
            if STATUS_QUERY[:3] in got:
                link.write(reply["data"])

    t = threading.Thread(target=device, daemon=True)
    t.start()
    printer = ReceiptPrinter(port, status_timeout=0.05, poll_interval=3600)
    printer.start()
    try:

        @settings(max_examples=25, deadline=None)
        @given(st.binary(max_size=12))
        def one(garbage: bytes) -> None:
            reply["data"] = garbage
            st_ = printer.query_status(2.0)
            assert isinstance(st_.ready, bool)

        one()
        assert printer._thread is not None and printer._thread.is_alive()
    finally:
        stop.set()
        printer.stop()
        t.join(1)
        link.close()


def test_a_status_look_does_not_recover_the_printer(printer_sim: PrinterSimulator) -> None:
    from devices.escpos import read_status_once

    printer_sim.fault("cutter_jam")
    printer_sim.clear()  # jam gone, error latched
    st_ = read_status_once(printer_sim.port)
    assert st_.cutter_error and printer_sim.recover_requests == []


def test_the_simulator_keeps_only_its_newest_receipts_in_memory(
    printer_sim: PrinterSimulator, receipt_printer: ReceiptPrinter
) -> None:
    """GIVEN a simulator keeping 2 receipts WHEN 4 are cut THEN it counts 4, holds the newest 2 in
    memory (a demo kiosk runs for days: the soak found every receipt's rows kept), and every one is
    still written to its directory."""
    printer_sim.keep_receipts = 2
    for n in range(1, 5):
        result = receipt_printer.submit(slip(), f"job-{n}").wait(5)
        assert result is not None and result.state == JobState.PRINTED
        assert printer_sim.wait_for_receipt(n, 5) is not None
    assert printer_sim.receipt_count == 4
    assert [r.index for r in printer_sim.receipts] == [3, 4]
    assert printer_sim.wait_for_receipt(1, 0.1) is None  # gone from memory
    receipt = printer_sim.wait_for_receipt(4, 0.1)
    assert receipt is not None and receipt.index == 4
    assert printer_sim.out_dir is not None and len(list(printer_sim.out_dir.glob("*.txt"))) == 4
