"""Receipt printer commands: ``kiosk sim printer``, ``kiosk device printer-status``, ``kiosk device test-print``."""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import FrameType

import click

from devices.escpos import (
    JobState,
    PrinterError,
    PrinterSimulator,
    print_once,
)
from devices.escpos.driver import read_report_once
from devices.escpos.simulator import ASB_MODES, TRANSPORTS
from kiosk.cli.groups import device, pass_config, sim
from kiosk.clock import LOCAL_TZ
from kiosk.config import KioskConfig
from kiosk.errors import KioskError, UserInputError
from receipts.qrmatrix import qr_matrix


class PrinterNotReadyError(KioskError):
    """The printer answered but cannot print, or did not answer."""

    message_key = "error.printer_not_ready"


@sim.command("printer")
@click.option(
    "--link", "link", required=True, type=click.Path(dir_okay=False),
    help="Symlink to create for the tty (pty), or the FIFO path (usblp).",
)
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Directory for NNNN.txt/.png."
)
@click.option(
    "--width", type=click.Choice(["58", "80"]), default="80", show_default=True, help="Paper width, mm."
)
@click.option(
    "--paper",
    type=click.Choice(["ok", "near_end", "out"]),
    default="ok",
    show_default=True,
    help="Paper at start.",
)
@click.option(
    "--baud", type=int, default=None, help="Take bytes no faster than this baud rate would carry them."
)
@click.option(
    "--transport", type=click.Choice(TRANSPORTS), default="pty", show_default=True,
    help="pty (a serial tty), usblp (a FIFO pair standing in for /dev/usb/lp0) or tcp (loopback).",
)
@click.option("--tcp-port", type=click.IntRange(0, 65535), default=0, help="TCP port (0: any free one).")
@click.option("--no-gs-r", is_flag=True, help="Never answer GS r (print-out cannot be confirmed).")
@click.option("--asb", type=click.Choice(ASB_MODES), default="off", show_default=True,
              help="Automatic status back at power-up (stuck: ignores GS a 0).")
@click.option("--no-chinese-font", is_flag=True, help="A printer without the GB18030 font.")
@click.option("--no-native-qr", is_flag=True, help="A printer without GS ( k QR codes.")
def sim_printer(
    link: str, out_dir: str, width: str, paper: str, baud: int | None, transport: str, tcp_port: int,
    no_gs_r: bool, asb: str, no_chinese_font: bool, no_native_qr: bool,
) -> None:
    """Run a simulated ESC/POS receipt printer behind a pseudo-terminal, a FIFO pair or a TCP port.

    Every cut receipt is written to OUT as NNNN.txt and NNNN.png. Control it with lines on stdin
    (type 'help'); it runs until 'quit', Ctrl-C or SIGTERM.
    """
    if baud is not None and baud <= 0:
        raise UserInputError(f"--baud must be positive, got {baud}")
    simulator = PrinterSimulator(
        int(width), out_dir=Path(out_dir), baud=baud, link=link, transport=transport, tcp_port=tcp_port,
        gs_r=not no_gs_r, asb=asb, chinese_font=not no_chinese_font, native_qr=not no_native_qr,
    )
    simulator.set_paper(paper)
    try:
        port = simulator.start()
    except OSError as exc:
        raise KioskError(f"cannot create the printer {transport} at {link}: {exc}") from exc
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    old_term = signal.signal(signal.SIGTERM, on_signal)

    def announce() -> None:
        n = 1
        while not stop.is_set():
            receipt = simulator.wait_for_receipt(n, timeout=0.2)
            if receipt is not None:
                click.echo(f"receipt {receipt.index:04d} -> {Path(out_dir) / f'{receipt.index:04d}.txt'}")
                n += 1

    watcher = threading.Thread(target=announce, name="sim-printer-announce", daemon=True)
    watcher.start()
    click.echo(f"printer simulator ({width} mm) on {port}; receipts in {out_dir}; type 'help' for commands")
    try:

        def read_stdin() -> None:
            if simulator.serve_control(sys.stdin, click.echo):
                stop.set()  # quit; at EOF the printer keeps running

        threading.Thread(target=read_stdin, name="sim-printer-stdin", daemon=True).start()
        while not stop.wait(0.2):
            pass  # stdin at EOF keeps the printer running until quit, Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        watcher.join(timeout=1.0)
        simulator.stop()
        signal.signal(signal.SIGTERM, old_term)
    click.echo(f"printer simulator stopped after {simulator.receipt_count} receipt(s)")


def _port_or_config(port: str | None, config: KioskConfig) -> str:
    port = port or config.devices.printer.port
    if port == "simulated":
        raise UserInputError("no printer port: pass --port PATH (the configuration says 'simulated')")
    return port


@device.command("printer-status")
@click.option(
    "--port", default=None,
    help="Serial tty, /dev/usb/lpN, or socket://HOST:PORT (default: configuration).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@pass_config
def printer_status(config: KioskConfig, port: str | None, as_json: bool) -> None:
    """Show the printer's real-time status (DLE EOT 1-4), identity (GS I) and how print-out is
    confirmed. Exits 1 when it cannot print."""
    cfg = config.devices.printer
    port = _port_or_config(port, config)
    try:
        report = read_report_once(port, baud=cfg.baud, status_timeout=cfg.status_timeout, confirm=cfg.confirm)
    except PrinterError as exc:
        raise PrinterNotReadyError(f"printer status unavailable: {exc}") from exc
    st = report.status
    confirmation = {
        None: "unknown (printer not ready at start-up)",
        "gs_r": "GS r 1 (print-out confirmed)",
        "drain": "DLE EOT after drain (jobs end 'sent, not confirmed')",
    }[report.confirmation.value if report.confirmation else None]
    if as_json:
        out = dict(st.to_json_dict())
        out["transport"] = report.transport
        out["identity"] = report.identity.to_json_dict()
        out["confirmation"] = report.confirmation.value if report.confirmation else None
        click.echo(json.dumps(out, sort_keys=False))
    else:
        click.echo(f"printer {port}: {st.summary()}")
        click.echo(f"  transport: {report.transport}")
        click.echo(f"  identity: {report.identity.summary()}")
        click.echo(f"  confirmation: {confirmation}")
        for key, value in st.to_json_dict().items():
            click.echo(f"  {key}: {value}")
    if not st.ready:
        sys.exit(1)


def test_slip_parts(config: KioskConfig, port: str, width_mm: int) -> tuple[list[bytes], str]:
    """The technicians' test slip from receipts/ (the one place documents are laid out): kiosk id,
    time, Chinese and Latin samples, the verification QR, a CODE128 barcode, a cut. Registered (so
    ``kiosk verify`` knows it) when this kiosk's database exists; printed unregistered otherwise, so
    a printer can be tested on a kiosk whose database is down."""
    from kiosk.cli.cmd_receipts import _issuer
    from kiosk.persistence.db import transaction
    from receipts import documents as builders
    from receipts.escpos import render_parts
    from receipts.model import IssueContext

    p = config.printing
    ctx = IssueContext(
        kiosk_id=config.kiosk.id, tax_office=config.kiosk.tax_office, issued_at=datetime.now(LOCAL_TZ),
        demo=config.is_demo, bilingual=p.bilingual, id_mask=p.id_mask, verify_url_prefix=p.verify_url_prefix,
    )
    doc = builders.test_slip(ctx, "technician", port, width_mm)
    embedded_db = config.data_dir / "kiosk.db"
    if config.database.url or embedded_db.exists():
        try:
            issuer, factory = _issuer(config, create_key=True)
            with transaction(factory) as db:
                doc = issuer.issue(db, doc, taxpayer_id=None)
        except KioskError:
            doc = doc.with_number(f"TEST-{ctx.issued_at:%Y%m%d%H%M%S}")
    else:
        doc = doc.with_number(f"TEST-{ctx.issued_at:%Y%m%d%H%M%S}")
    return render_parts(doc, width_mm), doc.number


@device.command("test-print")
@click.option(
    "--port", default=None,
    help="Serial tty, /dev/usb/lpN, or socket://HOST:PORT (default: configuration).",
)
@click.option(
    "--width", type=click.Choice(["58", "80"]), default=None, help="Paper width, mm (default: configuration)."
)
@pass_config
def test_print(config: KioskConfig, port: str | None, width: str | None) -> None:
    """Print a test slip; exits non-zero with the reason when the printer is not ready."""
    cfg = config.devices.printer
    port = _port_or_config(port, config)
    parts, number = test_slip_parts(config, port, int(width) if width else cfg.paper_width)
    result = print_once(
        port,
        parts,
        timeout=max(30.0, cfg.write_timeout * 4),
        baud=cfg.baud,
        flow_control=cfg.flow_control,
        write_timeout=cfg.write_timeout,
        status_timeout=cfg.status_timeout,
        confirm=cfg.confirm,
        native_qr=cfg.native_qr,
        qr_encoder=qr_matrix,
    )
    if not result.state.counts_as_printed:
        what = "printer not ready" if result.state == JobState.FAILED else "test slip incomplete"
        raise PrinterNotReadyError(f"{what}: {result.reason}")
    if result.state == JobState.SENT_UNCONFIRMED:
        click.echo(
            f"test slip {number} sent, not confirmed on {port} ({result.parts_done} parts; "
            "this printer cannot confirm print-out: look at the paper)"
        )
        return
    click.echo(f"test slip {number} printed on {port} ({result.parts_done} parts)")
