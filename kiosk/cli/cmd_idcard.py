"""ID card reader commands: ``kiosk sim idcard``, ``kiosk device read-card``, ``kiosk device idcard-status``,
``kiosk device watch-card``.

Exit codes of ``read-card``: 0 card read; 3 no card in time; 4 reader missing or not answering;
5 the card's data is invalid; 2 bad arguments.
"""

from __future__ import annotations

import json
import queue
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import click

from devices.idcard.driver import (
    CardPlaced,
    CardRead,
    CardRemoved,
    IdCardReader,
    ReaderEvent,
    ReadFailed,
    StatusChanged,
    probe_status,
    read_one_card,
)
from devices.idcard.errors import DeviceUnavailable, IdCardError, InvalidCardData, NoCardError
from devices.idcard.identity import Identity
from devices.idcard.simulator import REALISTIC_SAM_DELAY, IdCardSimulator, SimModes, parse_modes
from devices.idcard.timeouts import StageTimeouts
from devices.status import DeviceState
from kiosk.cli.groups import device, sim
from kiosk.errors import KioskError, UserInputError
from kiosk.privacy import mask_id, mask_name


class CardReaderError(KioskError):
    """The ID card reader could not deliver a card (kiosk-side wrapper of devices.idcard errors)."""

    message_key = "error.idcard"


class NoCardInTime(CardReaderError):
    message_key = "error.idcard.no_card"
    exit_code = 3


class ReaderMissing(CardReaderError):
    message_key = "error.idcard.unavailable"
    exit_code = 4


class CardDataInvalid(CardReaderError):
    message_key = "error.idcard.invalid_data"
    exit_code = 5


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


# ---- kiosk device read-card --------------------------------------------------------------------------
@device.command("read-card")
@click.option("--port", required=True, help="Serial device or pyserial URL of the reader (or the simulator's link).")
@click.option("--baud", type=int, default=115200, show_default=True)
@click.option("--timeout", type=float, default=10.0, show_default=True, help="Seconds to wait for a card.")
@click.option("--json", "as_json", is_flag=True, help="Print the fields as one JSON object.")
def read_card(port: str, baud: int, timeout: float, as_json: bool) -> None:
    """Read one ID card and print its fields (exit 3: no card, 4: no reader, 5: invalid data)."""
    if timeout <= 0:
        raise click.BadParameter("must be positive", param_hint="--timeout")
    stage = StageTimeouts(read=min(StageTimeouts.read, max(timeout, 0.5)))
    try:
        identity = read_one_card(port, baud, timeout, timeouts=stage)
    except InvalidCardData as exc:
        raise CardDataInvalid(_one_line(f"The card's data is invalid: {exc}")) from exc
    except NoCardError as exc:
        raise NoCardInTime(_one_line(str(exc))) from exc
    except DeviceUnavailable as exc:
        raise ReaderMissing(_one_line(str(exc))) from exc
    except IdCardError as exc:
        raise CardReaderError(_one_line(str(exc))) from exc
    if as_json:
        click.echo(json.dumps(identity.to_json_dict(), ensure_ascii=False))
    else:
        _print_identity(identity)


def _print_identity(identity: Identity) -> None:
    fields = identity.to_json_dict()
    for key, value in fields.items():
        if key == "valid_to" and value is None:
            value = "长期"
        click.echo(f"{key:<18} {value}")
    for key, value in sorted(identity.extra.items()):
        click.echo(f"{key:<18} {value}")
    click.echo(f"{'photo':<18} {len(identity.photo)} bytes (encrypted WLT, not decoded)")


# ---- kiosk device idcard-status --------------------------------------------------------------------------
@device.command("idcard-status")
@click.option("--port", required=True, help="Serial device or pyserial URL of the reader.")
@click.option("--baud", type=int, default=115200, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the status as one JSON object.")
def idcard_status(port: str, baud: int, as_json: bool) -> None:
    """Print the reader's state, card presence and SAM id (exit 1 unless the reader is online)."""
    status, reason = probe_status(port, baud)
    payload: dict[str, Any] = {"port": port, **status.to_json_dict(), "reason": _one_line(reason)}
    if as_json:
        click.echo(json.dumps(payload, ensure_ascii=False))
    else:
        for key, value in payload.items():
            click.echo(f"{key:<8} {'-' if value is None else value}")
    if status.device is not DeviceState.ONLINE:
        sys.exit(1)


# ---- kiosk device watch-card ---------------------------------------------------------------------------
def watch_record(event: ReaderEvent) -> dict[str, Any] | None:
    """One reader event as the fields of a watch-card line (personal data masked), or None to skip."""
    if isinstance(event, CardPlaced):
        return {"event": "placed"}
    if isinstance(event, CardRemoved):
        return {"event": "removed"}
    if isinstance(event, CardRead):
        ident = event.identity
        english = str(ident.extra.get("english_name", ""))
        return {
            "event": "read",
            "ok": True,
            "card_type": ident.card_type.value,
            "name": mask_name(ident.name),
            "english_name": mask_name(english) if english else None,
            "id_number": mask_id(ident.id_number),
        }
    if isinstance(event, ReadFailed):
        return {"event": "read", "ok": False, "error": type(event.error).__name__,
                "message_key": event.error.message_key, "reason": _one_line(str(event.error))}
    if isinstance(event, StatusChanged):
        return {"event": "status", **event.status.to_json_dict(), "reason": _one_line(event.reason)}
    return None  # CardStillPresent: nothing happened


@device.command("watch-card")
@click.option("--port", required=True, help="Serial device or pyserial URL of the reader (or the simulator's link).")
@click.option("--baud", type=int, default=115200, show_default=True)
@click.option("--seconds", type=float, default=60.0, show_default=True, help="How long to watch.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
def watch_card(port: str, baud: int, seconds: float, as_json: bool) -> None:
    """Print the reader's events as they happen: placed, read, removed, status (personal data masked)."""
    if not 0 < seconds <= 86400:
        raise UserInputError("--seconds must be more than 0 and at most 86400")
    events: queue.SimpleQueue[ReaderEvent] = queue.SimpleQueue()
    reader = IdCardReader(port, baud, listener=events.put)
    start = time.monotonic()
    end = start + seconds
    reader.start()
    try:
        while (left := end - time.monotonic()) > 0:
            try:
                event = events.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            record = watch_record(event)
            if record is None:
                continue
            t = round(time.monotonic() - start, 3)
            if as_json:
                click.echo(json.dumps({"t": t, **record}, ensure_ascii=False))
            else:
                rest = " ".join(f"{k}={v}" for k, v in record.items() if k != "event" and v is not None)
                click.echo(f"{t:8.3f} s  {record['event']:<8} {rest}".rstrip())
            sys.stdout.flush()
    except KeyboardInterrupt:
        pass
    finally:
        reader.stop()


# ---- kiosk sim idcard ----------------------------------------------------------------------------------------
@sim.command("idcard")
@click.option("--link", "link_path", required=True, type=click.Path(dir_okay=False), help="Symlink to create for the tty.")
@click.option("--card", "card", default=None, help="Card description file or sample name to place at start.")
@click.option("--baud", type=int, default=None, help="Emulate the wire time of this baud rate.")
@click.option("--sam-delay", type=click.FloatRange(0, 10), default=REALISTIC_SAM_DELAY, show_default=True,
              help="Seconds the simulated SAM works on a read, as real ones do.")
@click.option("--mode", "modes", multiple=True, metavar="KEY=VALUE",
              help="A reader mode (reset, status, sam_id_len, select_needs_fresh_find, rearm_find); repeatable.")
def sim_idcard(link_path: str, card: str | None, baud: int | None, sam_delay: float, modes: tuple[str, ...]) -> None:
    """Run the ID card reader simulator; take line commands on stdin until it closes (type 'help')."""
    try:
        sim_modes = SimModes(sam_delay=sam_delay).with_params(parse_modes(modes))
    except ValueError as exc:
        raise UserInputError(f"--mode: {exc}") from exc
    simulator = IdCardSimulator(link_path, baud=baud, modes=sim_modes)
    if card:
        try:
            simulator.place(card)
        except (IdCardError, OSError) as exc:
            raise KioskError(_one_line(f"Cannot place {card}: {exc}")) from exc
    simulator.start()
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        click.echo(simulator.tty_name)
        click.echo(f"idcard simulator on {simulator.tty_name} (link {simulator.port})", err=True)
        click.echo(simulator.control_help(), err=True)
        sys.stdout.flush()
        simulator.serve_control(_lines(), _reply)
    except KeyboardInterrupt:
        pass
    finally:
        simulator.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM ends the simulator like Ctrl-C: the symlink is removed


def _reply(line: str) -> None:
    click.echo(line)
    sys.stdout.flush()


def _lines() -> Iterator[str]:
    stream = click.get_text_stream("stdin")
    while True:
        line = stream.readline()
        if not line:
            return
        if line.strip():
            yield line.strip()
