"""``kiosk db``: upgrade (Alembic), seed demo data, show status."""

from __future__ import annotations

import click

from kiosk.cli.groups import db, pass_config
from kiosk.config import KioskConfig
from kiosk.persistence.db import make_engine


@db.command("upgrade")
@click.option("--revision", default="head", show_default=True, help="Target Alembic revision.")
@pass_config
def upgrade_cmd(config: KioskConfig, revision: str) -> None:
    """Create the database if needed and migrate it to the latest schema (safe to re-run)."""
    from kiosk.persistence.migrate import upgrade
    from kiosk.security.at_rest import secure_data_dir

    secure_data_dir(config)
    engine = make_engine(config.database_url)
    before, after = upgrade(engine, revision)
    url = engine.url.render_as_string(hide_password=True)
    if before == after:
        click.echo(f"database {url} already at {after}")
    else:
        click.echo(f"database {url} migrated from {before or 'empty'} to {after}")


@db.command("seed")
@click.option("--demo", is_flag=True, required=True, help="Fill with fictional demo taxpayers (required).")
@click.option("--taxpayers", type=click.IntRange(1, 10_000_000), default=200, show_default=True)
@click.option("--seed", "seed_value", type=int, default=2024, show_default=True, help="Random seed.")
@click.option("--replace", is_flag=True, help="Delete all existing rows first.")
@click.option("--if-empty", is_flag=True, help="Do nothing (exit 0) when the database already has taxpayers.")
@pass_config
def seed_cmd(config: KioskConfig, demo: bool, taxpayers: int, seed_value: int, replace: bool, if_empty: bool) -> None:
    """Fill the database deterministically with demo data (same --seed, same data)."""
    from kiosk.errors import DatabaseError
    from kiosk.persistence.migrate import is_current
    from kiosk.persistence.seed import seed_demo

    engine = make_engine(config.database_url)
    if not is_current(engine):
        raise DatabaseError("the database is not migrated to the latest schema; run `kiosk db upgrade` first")

    def progress(done: int, total: int) -> None:
        if total >= 50_000 and done % 50_000 < 2_000:
            click.echo(f"  {done:,} / {total:,} taxpayers", err=True)

    report = seed_demo(engine, taxpayers=taxpayers, seed=seed_value, replace=replace,
                       tax_office=config.kiosk.tax_office.removesuffix("第一税务所"), progress=progress)
    if report.skipped:
        if if_empty:
            click.echo(f"demo data already present ({report.taxpayers} taxpayers); nothing done")
            return
        raise click.ClickException(
            f"the database already has {report.taxpayers} taxpayers; use --replace to reseed"
        )
    click.echo(
        f"seeded {report.taxpayers:,} taxpayers, {report.records:,} payment records, "
        f"{report.income_records:,} income records, {report.dues:,} taxes due in {report.seconds:.1f} s"
    )


@db.command("status")
@pass_config
def status_cmd(config: KioskConfig) -> None:
    """Show the database URL (password hidden), schema revision and row counts."""
    from kiosk.persistence.migrate import current_revision, head_revision
    from kiosk.persistence.seed import count_rows

    engine = make_engine(config.database_url)
    rev = current_revision(engine)
    click.echo(f"database: {engine.url.render_as_string(hide_password=True)}")
    click.echo(f"schema: {rev or 'empty'} (latest {head_revision()})")
    if rev:
        for table, n in count_rows(engine).items():
            click.echo(f"  {table:<24} {n:>10,}")
