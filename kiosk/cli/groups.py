"""The top-level ``kiosk`` group and its sub-groups.

Command modules attach to these groups with decorators (``@device.command("read-card")``);
``kiosk.cli.main`` imports every command module once so the commands are registered.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kiosk import __version__
from kiosk.errors import KioskError

F = TypeVar("F", bound=Callable[..., Any])


class KioskGroup(click.Group):
    """A click group that turns the kiosk's own errors into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KioskError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:
            # The backstop for a file-system fault (a directory that is missing, a file, read-only).
            where = f": {exc.filename}" if exc.filename else ""
            click.echo(f"error: {exc.strerror or exc.__class__.__name__}{where}", err=True)
            sys.exit(1)
        except Exception as exc:
            # The backstop for a database fault no layer converted (a server that does not answer, a
            # file that is not a database): the driver's first line, never the bound values. Looked
            # up, not imported: importing SQLAlchemy here cost `kiosk run` ~190 ms before the attract
            # screen, and an exception can only be SQLAlchemy's once SQLAlchemy has been imported.
            sa_exc = sys.modules.get("sqlalchemy.exc")
            if sa_exc is None or not isinstance(exc, sa_exc.SQLAlchemyError):
                raise
            orig = getattr(exc, "orig", None) or exc
            first = (str(orig).strip().splitlines() or [exc.__class__.__name__])[0]
            click.echo(f"error: the database cannot be used: {first}", err=True)
            sys.exit(1)


def pass_config(func: F) -> F:
    """Give a command the validated configuration (loaded once from --config / KIOSK_CONFIG)."""

    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        from kiosk.config import load_config

        root = ctx.find_root()
        obj = root.ensure_object(dict)
        if "config" not in obj:
            obj["config"] = load_config(obj.get("config_path"))
        return ctx.invoke(func, obj["config"], *args, **kwargs)

    return wrapper  # type: ignore[return-value]


@click.group(cls=KioskGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kiosk")
@click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    envvar="KIOSK_CONFIG",
    help="Configuration file (TOML). Default: $KIOSK_CONFIG, else built-in defaults.",
)
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """Self-service tax kiosk (自助办税终端): services, devices, documents and maintenance."""
    ctx.ensure_object(dict)["config_path"] = config_path


@cli.group(cls=KioskGroup)
def db() -> None:
    """Create, migrate and seed the database."""


@cli.group(name="config", cls=KioskGroup)
def config_group() -> None:
    """Check and show the configuration."""


@cli.group(cls=KioskGroup)
def device() -> None:
    """Talk to a real (or simulated) device: read a card, printer status, test print."""


@cli.group(cls=KioskGroup)
def sim() -> None:
    """Run a device simulator behind a pseudo-terminal, for tests and demos."""


@cli.group(cls=KioskGroup)
def calc() -> None:
    """Tax calculators: amounts in capitals, IIT annual reconciliation."""


@cli.group(cls=KioskGroup)
def slip() -> None:
    """Render slips and certificates."""


@cli.group(cls=KioskGroup)
def audit() -> None:
    """Check the hash-chained audit log."""


@cli.group(cls=KioskGroup)
def fleet() -> None:
    """Many kiosks on one database: load simulation."""
