"""The ``kiosk`` console script: the core's commands plus those that need the whole application."""

from __future__ import annotations

import sys

from kiosk.cli.main import cli


def _register_app_commands() -> None:
    # `run` and `tour` start Qt, so they live here in the composition root, not in the Qt-free core.
    from app.run import run_command
    from app.tour import tour_command

    cli.add_command(run_command, "run")
    cli.add_command(tour_command, "tour")


def main(argv: list[str] | None = None) -> None:
    _register_app_commands()
    cli.main(args=argv if argv is not None else sys.argv[1:], prog_name="kiosk")


if __name__ == "__main__":
    main()
