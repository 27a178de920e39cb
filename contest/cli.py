"""The ``contest`` command: a Flask CLI group, so ``contest run``, ``contest db upgrade``
and the project's own commands live under one name."""

import os
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from contest import instance, operations
from contest.app import create_app
from contest.config import ConfigError, check_secret_key
from contest.domain.errors import DomainError, NotFound
from contest.extensions import db, socketio
from contest.models.users import STAFF_ROLES
from contest.network import is_loopback, reachable_base_url
from contest.server import WorkersRefused, check_workers, serve_workers, start_background_tasks
from contest.server import serve as run_server
from contest.services import accounts, archive_demo, audit, bodies, demo, demo_districts, schema


def _create_app() -> Flask:
    # Command-line tools need no session secret; serving checks it (see serve_command).
    return create_app({"CLI_TOOL": True}, instance_path=_instance_path())


def _instance_path() -> str:
    """The user's data folder; a database still inside the program's folder is used, and said so."""
    folder = instance.locate()
    if folder.at_old_place:
        click.echo(instance.move_notice(folder), err=True)
    return str(folder.path)


def _serving_on(app: Flask, host: str, port: int) -> None:
    """Record the listening host (links and QR codes depend on it), then say where the contest's data
    is and, when the hall's network is served, the address its tablets and phones open."""
    app.config["LISTEN_HOST"] = host
    click.echo(f"Database: {instance.describe_database(app.config['SQLALCHEMY_DATABASE_URI'])}")
    if not is_loopback(host) and port:
        click.echo(f"Tablets and phones open: {_base_url(app, host, port)}")


def _base_url(app: Flask, host: str, port: int) -> str:
    """What printed links start with: the public URL, else the address the hall's devices reach."""
    return reachable_base_url(f"http://{host}:{port}", host, app.config.get("PUBLIC_BASE_URL"))


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Contest manager for Hội thi Dân vận khéo."""


@main.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Load the demo and print the logins, then exit.")
@click.option("--no-archive", is_flag=True,
              help="Leave out the published contests (2023 archive, the districts' 2024 contests).")
def demo_command(host: str, port: int, no_serve: bool, no_archive: bool) -> None:
    """Create the database, load the Hà Nội 2024 demo under the city's bodies (and published 2023 and
    district contests), print logins, serve."""
    app = _demo_app()
    _serving_on(app, host, port)
    with app.app_context():
        if not app.config.get("TESTING"):  # tests build their schema from the models
            schema.upgrade()
        result = demo.load_demo()
        district = demo_districts.ensure_district_organizers()
        db.session.commit()
        base = _base_url(app, host, port)
        demo.print_logins(result, base, click.echo, district)
        if not no_archive:
            # A past, published contest so the home page shows the archive of earlier years.
            archived, _created = archive_demo.load_archive()
            click.echo(f"Archived contest: {archived.name}: {base}/c/{archived.slug}/results")
            for loaded in demo_districts.load_district_contests(result.contest):
                sent = f" (winner sent up to {result.contest.slug})" if loaded.sent_up else ""
                click.echo(f"District contest: {loaded.contest.name}: {base}/c/{loaded.contest.slug}/results{sent}")
    if not no_serve:
        run_server(app, host, port)


def _demo_app() -> Flask:
    """The test runner passes its own app; from the shell, build one in demo mode."""
    ctx = click.get_current_context()
    info = ctx.ensure_object(ScriptInfo)
    if info.create_app is not _create_app:
        return info.load_app()
    os.environ["CONTEST_DEMO"] = "1"
    return create_app(instance_path=_instance_path())


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--reload/--no-reload", default=None, help="Restart on code changes (default: with --debug).")
def run_command(host: str, port: int, reload: bool | None) -> None:
    """Development server (Werkzeug, threads) with live pushes; halls use `contest serve`."""
    app = _demo_app()  # a development key kept in the instance folder, as for the demo
    app.config["LISTEN_HOST"] = host
    reload = app.debug if reload is None else reload
    # With the reloader the first process only watches files; the child it starts serves and pushes.
    if not reload or os.environ.get("WERKZEUG_RUN_MAIN") == "true":
        with app.app_context():
            schema.upgrade()
        start_background_tasks(app)
    # Flask refuses app.run() under its CLI (it expects its own `run`); this command is that `run`.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    socketio.run(app, host=host, port=port, debug=app.debug, use_reloader=reload, allow_unsafe_werkzeug=True)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--access-log", is_flag=True, help="Log every request as text (gevent's format).")
@click.option("--access-log-json", is_flag=True,
              help="Log every request as one JSON object per line (also CONTEST_ACCESS_LOG_JSON=1).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Single-worker processes on ports PORT, PORT+1, ... (needs PostgreSQL and Redis).")
@click.option("--no-upgrade", is_flag=True, hidden=True)
@with_appcontext
def serve_command(host: str, port: int, access_log: bool, access_log_json: bool, workers: int,
                  no_upgrade: bool) -> None:
    """Upgrade the database schema and serve the app (gevent)."""
    app = current_app._get_current_object()
    if access_log_json:
        os.environ["CONTEST_ACCESS_LOG_JSON"] = "1"  # the worker processes read it too
        app.config["ACCESS_LOG_JSON"] = True
        operations.enable_json_access_log()
    try:
        check_secret_key({**app.config, "CLI_TOOL": False})
        check_workers(app, workers)
    except (ConfigError, WorkersRefused) as error:
        raise click.ClickException(str(error)) from error
    _serving_on(app, host, port)
    if not no_upgrade:
        schema.upgrade()
    if workers > 1:
        serve_workers(host, port, workers, access_log)
    else:
        run_server(app, host, port, access_log)


@main.command("create-organizer")
@click.argument("username")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--body", "body_slug", default=None, help="The organizing body's SLUG (default: the home body).")
@click.option("--role", "roles", multiple=True, type=click.Choice(list(STAFF_ROLES)),
              help="A role in that body; repeat for several (default: organizer).")
@click.option("--admin", "is_admin", is_flag=True, help="Also a system administrator (manages bodies).")
@click.option("--name", "display_name", default="")
@with_appcontext
def create_organizer_command(username: str, password: str, body_slug: str | None, roles: tuple[str, ...],
                             is_admin: bool, display_name: str) -> None:
    """Create a desk account with roles in one organizing body (organizer, head judge, secretary).

    The install's first account is always a system administrator."""
    try:
        body = bodies.get_body(body_slug) if body_slug else None
        user = accounts.create_user(username, password, role=roles or "organizer", body=body, is_admin=is_admin,
                                    display_name=display_name)
    except NotFound as error:
        raise click.ClickException(f"No organizing body '{body_slug}'.") from error
    except DomainError as error:
        raise click.ClickException(f"{error.message} ({error.code})") from error
    db.session.commit()
    held = ", ".join(role.role for role in user.body_roles)
    admin = " (system administrator)" if user.is_admin else ""
    click.echo(f"Created {held} '{user.username}' in body '{user.body_roles[0].body.slug}'{admin}.")


@main.command("create-body")
@click.argument("slug")
@click.option("--name", required=True, help="The body's name, e.g. 'Ban Dân vận Quận ủy Tây Hồ'.")
@click.option("--parent", "parent_slug", default=None, help="The parent body's SLUG (none: a top-level body).")
@click.option("--level", default="", help="A label of its level, e.g. 'Quận/huyện'.")
@with_appcontext
def create_body_command(slug: str, name: str, parent_slug: str | None, level: str) -> None:
    """Create an organizing body, under --parent when given."""
    try:
        parent = bodies.get_body(parent_slug) if parent_slug else None
        body = bodies.create_body(slug, name, parent=parent, level=level, actor="cli")
    except NotFound as error:
        raise click.ClickException(f"No organizing body '{parent_slug}'.") from error
    except DomainError as error:
        raise click.ClickException(f"{error.message} ({error.code})") from error
    db.session.commit()
    under = f" under '{parent.slug}'" if parent else ""
    click.echo(f"Created body '{body.slug}' ({body.name}){under}.")


@main.group("audit")
def audit_group() -> None:
    """The hash-chained audit log."""


@audit_group.command("verify")
@with_appcontext
def audit_verify_command() -> None:
    """Check the audit chain; name the first broken entry."""
    broken = audit.verify_chain()
    if broken is not None:
        click.echo(f"BROKEN at audit event #{broken.id} ({broken.action}, {broken.at.isoformat()}Z)", err=True)
        sys.exit(1)
    click.echo("Audit chain OK.")


import contest.draw_cli  # noqa: E402,F401  (attaches the draw group to main)
from contest import backup_cli  # noqa: E402,F401  (attaches backup/restore to main)
