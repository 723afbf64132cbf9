"""``kiosk fleet simulate``: many kiosks' services on one database at once (kiosk.cli.fleet)."""

from __future__ import annotations

import json

import click

from kiosk.cli.groups import fleet, pass_config
from kiosk.config import KioskConfig


@fleet.command("simulate")
@click.option("--kiosks", type=click.IntRange(1, 200), default=4, show_default=True,
              help="How many kiosks (one process each).")
@click.option("--sessions", type=click.IntRange(1, 100_000), default=20, show_default=True,
              help="Sessions of mixed services per kiosk.")
@click.option("--db", "db_url", default="",
              help="SQLAlchemy URL of the shared database; empty: a throwaway SQLite file.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed of the service mix.")
@click.option("--pause", "pause_s", type=click.FloatRange(0, 600), default=0.0, show_default=True,
              help="Mean seconds between a kiosk's sessions (0: back to back, the bench; a few seconds: a hall "
                   "to watch live on `kiosk hall serve`).")
@pass_config
def simulate_cmd(config: KioskConfig, kiosks: int, sessions: int, db_url: str, seed: int, pause_s: float) -> None:
    """Run the kiosks concurrently and print what the database shows afterwards, as JSON."""
    from kiosk.cli.fleet import simulate

    click.echo(json.dumps(simulate(db_url or None, kiosks, sessions, base=config, seed=seed,
                                   pause_s=pause_s), indent=2,
                          ensure_ascii=False))
