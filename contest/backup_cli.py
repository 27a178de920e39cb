"""``contest backup`` and ``contest restore``: keep a copy of the contest off the laptop.

Also ``contest demo-archive``: a scored past contest (2023), so the home page shows the archive.
Attached to the ``contest`` group on import (``contest.cli`` imports this module).
"""

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select

from contest.cli import main
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import AuditEvent
from contest.services import archive_demo, audit, backup


@main.command("backup")
@click.argument("target", type=click.Path(dir_okay=True, file_okay=True, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write a consistent copy of the database to TARGET (a file, or a folder such as a USB stick).

    Safe while the server runs and judges submit: the copy is one snapshot.
    """
    try:
        result = backup.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except DomainError as error:
        raise click.ClickException(f"{error.message} {_detail(error)}") from error
    click.echo(f"Backup written: {result.path} ({result.size:,} bytes, {result.kind}).")


@main.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database with the backup in SOURCE (stop the server first).

    The current data is saved in the instance folder before it is replaced.
    """
    if not yes:
        click.confirm(f"Replace the current database with {source}? Stop the server first.", abort=True)
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the old file or schema open
    try:
        saved = backup.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source, current_app.instance_path)
    except DomainError as error:
        raise click.ClickException(f"{error.message} {_detail(error)}") from error
    if saved:
        click.echo(f"The replaced data was saved to {saved}.")
    _report_restored()


@main.command("demo-archive")
@with_appcontext
def demo_archive_command() -> None:
    """Add a past contest (2023, scored and published) so the home page shows the archive."""
    contest, created = archive_demo.load_archive()
    click.echo(f"{'Loaded' if created else 'Found'} archived contest: {contest.name} ({contest.slug}), "
               f"results at /c/{contest.slug}/results")


def _report_restored() -> None:
    events = db.session.scalar(select(func.count()).select_from(AuditEvent))
    broken = audit.verify_chain()
    click.echo(f"Restored. {events} audit events; chain {'OK' if broken is None else f'BROKEN at #{broken.id}'}.")
    if broken is not None:
        raise SystemExit(1)


def _detail(error: DomainError) -> str:
    return " ".join(f"{k}={v}" for k, v in error.params.items())
