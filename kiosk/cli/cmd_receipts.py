"""Document commands: ``kiosk calc rmb``, ``kiosk slip render``, ``kiosk verify``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from kiosk.cli.groups import calc, cli, pass_config, slip
from kiosk.cli.params import id_number_option
from kiosk.config import KioskConfig
from kiosk.errors import DatabaseError, KioskError, UserInputError

KINDS = ("certificate", "iit-record", "rental-invoice", "reconciliation", "test-slip")


@calc.command("rmb")
@click.argument("amount")
def calc_rmb(amount: str) -> None:
    """Print AMOUNT (yuan, at most two decimals) in Chinese capitals: 1409.50 -> 壹仟肆佰零玖元伍角整."""
    from receipts.rmb import AmountError, capitals

    try:
        click.echo(capitals(amount))
    except AmountError as exc:
        raise UserInputError(str(exc)) from exc


def _open(config: KioskConfig):  # type: ignore[no-untyped-def]
    from kiosk.persistence.db import has_schema, make_engine, session_factory

    engine = make_engine(config.database_url)
    if not has_schema(engine):
        raise DatabaseError("the database has no schema yet; run: kiosk db upgrade")
    return session_factory(engine)


def _issuer(config: KioskConfig, *, create_key: bool):  # type: ignore[no-untyped-def]
    from kiosk.documents.issuer import DocumentIssuer
    from kiosk.security.keys import load_key, load_or_create_key

    factory = _open(config)
    key = load_or_create_key(config.secrets_dir) if create_key else load_key(config.secrets_dir)
    return DocumentIssuer(factory, config, key), factory


@slip.command("render")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--taxpayer", "id_number", callback=id_number_option,
              help="The taxpayer's ID number (not needed for test-slip).")
@click.option("--from", "month_from", metavar="YYYY-MM", help="First month (default: January of this year).")
@click.option("--to", "month_to", metavar="YYYY-MM", help="Last month (default: this month).")
@click.option("--year", type=int, help="Tax year (reconciliation).")
@click.option(
    "--format", "fmt", type=click.Choice(["pdf", "escpos", "txt"]), help="Default: from --out's suffix."
)
@click.option("--width", type=click.Choice(["58", "80"]), help="Paper width in mm (default: configuration).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False), help="File to write.")
@pass_config
def slip_render(
    config: KioskConfig,
    kind: str,
    id_number: str | None,
    month_from: str | None,
    month_to: str | None,
    year: int | None,
    fmt: str | None,
    width: str | None,
    out: str,
) -> None:
    """Issue and render a document from the database (it is recorded, so `kiosk verify` knows it)."""
    from kiosk.documents import queries
    from kiosk.documents.issuer import DocumentError
    from kiosk.persistence.db import transaction
    from kiosk.services.audit import audit_for
    from receipts import documents as builders
    from receipts.errors import ReceiptsError
    from receipts.escpos import render_bytes
    from receipts.pdf import write_pdf
    from receipts.text import render_text

    path = Path(out)
    fmt = fmt or {".pdf": "pdf", ".txt": "txt"}.get(path.suffix.lower(), "escpos")
    paper = int(width) if width else config.devices.printer.paper_width
    if kind != "test-slip" and not id_number:
        raise UserInputError(f"{kind} needs --taxpayer ID_NUMBER")
    issuer, factory = _issuer(config, create_key=True)
    ctx = issuer.context()
    with transaction(factory) as db:
        if kind == "certificate":
            start, end = queries.month_range(month_from, month_to)
            taxpayer_id, doc = queries.certificate_for(db, ctx, id_number or "", start, end)
        elif kind == "iit-record":
            start, end = queries.month_range(month_from, month_to)
            taxpayer_id, doc = queries.iit_record_for(db, ctx, id_number or "", start, end)
        elif kind == "rental-invoice":
            taxpayer_id, doc = queries.rental_invoice_for(db, ctx, id_number or "")
        elif kind == "reconciliation":
            taxpayer_id, doc = queries.reconciliation_for(db, ctx, id_number or "", year)
        else:
            taxpayer_id = None
            doc = builders.test_slip(ctx, "cli", config.devices.printer.port, paper)
        doc = issuer.issue(db, doc, taxpayer_id=taxpayer_id)
        audit_for(factory, config.secrets_dir, config.kiosk.id).append_in(
            db, "cli", "document.issued", {"number": doc.number, "kind": doc.kind.value, "via": "kiosk slip render"}
        )
    try:
        if fmt == "pdf":
            write_pdf(doc, path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if fmt == "txt":
                path.write_text(render_text(doc, paper), encoding="utf-8")
            else:
                path.write_bytes(render_bytes(doc, paper))
    except ReceiptsError as exc:
        raise DocumentError(str(exc)) from exc
    except OSError as exc:
        raise DocumentError(f"cannot write {path}: {exc.strerror or exc}") from exc
    click.echo(f"{doc.number} {doc.kind.value} -> {path} ({fmt})")


@cli.command("verify")
@click.argument("code", required=False)
@click.option("--pdf", "pdf_file", type=click.Path(exists=True, dir_okay=False), help="Check a kiosk PDF.")
@pass_config
def verify(config: KioskConfig, code: str | None, pdf_file: str | None) -> None:
    """Say whether a verification CODE (or a PDF) is a genuine, unaltered document of this kiosk.

    Exit status 0 when genuine, 1 when not.
    """
    from kiosk.security.keys import SigningKeyError

    if bool(code) == bool(pdf_file):
        raise UserInputError("give either a verification CODE or --pdf FILE")
    try:
        issuer, _factory = _issuer(config, create_key=False)
    except SigningKeyError as exc:
        raise KioskError(f"cannot verify: {exc}") from exc
    result = issuer.verify_pdf(Path(pdf_file)) if pdf_file else issuer.verify(code or "")
    if result.genuine:
        click.echo(f"GENUINE: {result.summary}")
        click.echo(
            f"({result.reason}; code {result.code}; issued {result.issued_at:%Y-%m-%d %H:%M:%S})"
            if isinstance(result.issued_at, dt.datetime)
            else f"({result.reason})"
        )
        return
    click.echo(f"NOT GENUINE: {result.reason}", err=True)
    sys.exit(1)
