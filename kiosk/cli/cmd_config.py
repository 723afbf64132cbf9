"""``kiosk config check``: validate a configuration file and print the effective configuration."""

from __future__ import annotations

import json

import click

from kiosk.cli.groups import config_group
from kiosk.config import load_config


@config_group.command("check")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the effective configuration as JSON.")
@click.pass_context
def check(ctx: click.Context, file: str | None, as_json: bool) -> None:
    """Validate FILE (default: --config / $KIOSK_CONFIG / built-in) and print the effective values."""
    path = file or ctx.find_root().obj.get("config_path")
    cfg = load_config(path)
    shown = cfg.to_display_dict()
    if as_json:
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    click.echo(f"# configuration OK ({cfg.source})")
    for section, values in shown.items():
        _print_section(section, values)


def _print_section(name: str, values: dict) -> None:
    scalars = {k: v for k, v in values.items() if not isinstance(v, dict)}
    click.echo(f"\n[{name}]")
    for key, value in scalars.items():
        click.echo(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    for key, value in values.items():
        if isinstance(value, dict):
            _print_section(f"{name}.{key}", value)
