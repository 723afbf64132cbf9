"""Receipt printer benchmarks against the simulator on a real pty.

* Status round trip (DLE EOT 1-4 through the driver thread), target under 5 ms, side by side with
  python-escpos's ``paper_status()`` (its Serial printer on the same simulator's tty), which reads
  until its timeout (1 s by default) instead of until the reply is there.
* Time to print a typical certificate slip (~40 lines of Chinese + a QR code) with the simulator
  taking bytes no faster than the wire at 115200 baud would carry them, as a ratio to that wire
  time (target within 1.1x): the driver's status checks and per-part confirmations cost little.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import warnings
from pathlib import Path

from bench.harness import Figure, median_ms, p95_ms, timed
from devices.escpos import Align, EscPosBuilder, JobState, PrinterSimulator, ReceiptPrinter

BAUD = 115200


def certificate_slip(width_mm: int = 80) -> EscPosBuilder:
    """About 40 lines of Chinese text and a QR code, in 4 parts, like a tax payment certificate."""
    b = EscPosBuilder(width_mm).init()
    b.align(Align.CENTER).bold(True).size(2, 2).line("中华人民共和国").line("税收完税证明").size(1, 1).bold(
        False
    )
    b.line("（文书式）").align(Align.LEFT).rule("=").mark_part()
    b.columns("填发日期", "2026年11月26日").columns("税务机关", "国家税务总局示范市示范区税务局第一税务所")
    b.columns("纳税人识别号", "1101**********1234").columns("纳税人名称", "张*")
    b.rule()
    for i in range(12):
        b.columns(f"{i + 1:02d} 个人所得税 工资薪金", f"￥{1000 + 37 * i:,}.{i:02d}")
        b.wrapped(
            f"税款所属期 2026-{(i % 12) + 1:02d}-01 至 2026-{(i % 12) + 1:02d}-28 入库日期 2026-11-{i + 1:02d}",
            2,
        )
    b.mark_part().rule()
    b.columns("金额合计（小写）", "￥13,554.66").wrapped("金额合计（大写）壹万叁仟伍佰伍拾肆元陆角陆分")
    b.wrapped("妥善保管：本证明仅作为纳税人已缴税款的证明，不作为纳税人记账、抵扣凭证。")
    b.columns("打印终端", "KIOSK-DEMO-01").columns("验证码", "A1B2-C3D4-E5F6").rule().mark_part()
    b.align(Align.CENTER).qr("https://verify.example.invalid/v/A1B2C3D4E5F6", module_size=6)
    b.line("扫码验证").align(Align.LEFT).cut()
    return b


def _status_figures(tmp: Path) -> list[Figure]:
    sim = PrinterSimulator(80, render_png=False, link=tmp / "status-tty")
    port = sim.start()
    printer = ReceiptPrinter(port, poll_interval=3600)
    printer.start()
    try:
        ours = timed(lambda: printer.query_status(2.0), repeat=200, warmup=10)
    finally:
        printer.stop()
    peer_ms: float | None = None
    note = ""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from escpos.printer import Serial as EscposSerial

            peer = EscposSerial(devfile=port, baudrate=BAUD, timeout=1, dsrdtr=False)
            peer.open()
            try:
                samples = timed(peer.paper_status, repeat=5, warmup=1)
                peer_ms = median_ms(samples)
            finally:
                peer.close()
    except Exception as exc:  # python-escpos is a dev dependency; report instead of failing the run
        note = f"python-escpos not measured: {exc}"
    finally:
        sim.stop()
    med = median_ms(ours)
    return [
        Figure(
            "escpos status round trip (DLE EOT 1-4, driver thread)",
            med,
            "ms",
            reference=peer_ms,
            reference_name="python-escpos paper_status() on the same tty",
            target="median < 5 ms",
            ok=med < 5.0,
            note=note or f"p95 {p95_ms(ours):.2f} ms; python-escpos reads until its 1 s timeout",
        )
    ]


def _slip_figures(tmp: Path) -> list[Figure]:
    slip = certificate_slip(80)
    parts = slip.parts()
    nbytes = sum(len(p) for p in parts)
    wire_s = nbytes / (BAUD / 10)
    sim = PrinterSimulator(80, baud=BAUD, render_png=False, link=tmp / "slip-tty")
    port = sim.start()
    printer = ReceiptPrinter(port, baud=BAUD, poll_interval=3600)
    printer.start()
    times: list[float] = []
    try:
        printer.query_status(2.0)
        for i in range(5):
            t0 = time.perf_counter()
            result = printer.submit(parts, f"bench-{i}").wait(30)
            elapsed = time.perf_counter() - t0
            if result is None or result.state != JobState.PRINTED:
                raise RuntimeError(f"benchmark slip did not print: {result}")
            times.append(elapsed)
        receipt = sim.wait_for_receipt(5, 5)
        lines = len(receipt.text.splitlines()) if receipt else 0
    finally:
        printer.stop()
        sim.stop()
    med = statistics.median(times)
    build = timed(lambda: certificate_slip(80).build(), repeat=50, warmup=3)
    return [
        Figure(
            "escpos certificate slip send+confirm at 115200 baud",
            med * 1000,
            "ms",
            reference=wire_s * 1000,
            reference_name=f"wire time of {nbytes} bytes at {BAUD} baud",
            target="ratio < 1.1",
            ok=med / wire_s < 1.1,
            note=f"{len(parts)} parts, {lines} printed lines incl. QR and cut; GS r 1 confirms each part",
        ),
        Figure(
            "escpos build certificate slip (pure builder)", median_ms(build), "ms", note=f"{nbytes} bytes"
        ),
    ]


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-escpos-") as d:
        tmp = Path(d)
        return _status_figures(tmp) + _slip_figures(tmp)


if __name__ == "__main__":
    for fig in run():
        print(fig.as_dict())
