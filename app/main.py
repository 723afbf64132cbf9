"""The ``kiosk`` console script: the core's commands plus those that need the whole application."""

from __future__ import annotations

import sys

import click


def _command_name(args: list[str]) -> str:
    """The sub-command asked for: the first word that is not the group's ``--config FILE``."""
    it = iter(args)
    for arg in it:
        if arg == "--config":
            next(it, None)
        elif not arg.startswith("-"):
            return arg
    return ""


def _group(args: list[str]) -> click.Group:
    # `kiosk run` starts the kiosk: load only the group, not every command module (and the database,
    # PDF and migration libraries they import), so the attract screen comes up sooner.
    if _command_name(args) == "run":
        from kiosk.cli.groups import cli
    else:
        from kiosk.cli.main import cli
    # `run` and `tour` start Qt, so they live here in the composition root, not in the Qt-free core.
    from app.run import run_command

    cli.add_command(run_command, "run")
    if _command_name(args) != "run":
        from app.tour import tour_command

        cli.add_command(tour_command, "tour")
    return cli


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    _group(args).main(args=args, prog_name="kiosk")


if __name__ == "__main__":
    main()
