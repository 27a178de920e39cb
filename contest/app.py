"""The application factory.

``create_app`` reads like a table of contents: configuration, extensions, blueprints,
real-time (sockets, then the standings push hooked on the database session), error pages.
The command line lives in ``contest.cli``.
"""

import os
from typing import Any

from flask import Flask

from contest import (
    _boot,  # noqa: F401  (must run before Flask and friends are imported)
    broadcast,
    database,
    errors,
    headers,
    i18n,
    instance,
    operations,
    realtime,
    security,
    web_cache,
)
from contest.admin import bp as admin_bp
from contest.api.routes import bp as api_bp
from contest.auth.routes import bp as auth_bp
from contest.config import build_config
from contest.desk import bp as desk_bp
from contest.extensions import csrf, db, limiter, migrate
from contest.json_provider import AppJSONProvider
from contest.judge import bp as judge_bp
from contest.judge.access import access_bp as judge_access_bp
from contest.organizer.routes import bp as organizer_bp
from contest.proxies import TrustedProxies, parse_networks
from contest.public.routes import bp as public_bp
from contest.resources import resource_dir
from contest.results import bp as results_bp
from contest.show import bp as show_bp
from contest.show import screens_bp


def create_app(config: dict[str, Any] | None = None, instance_path: str | None = None) -> Flask:
    """Build an app; ``config`` overrides settings (tests pass TESTING and a database URL)."""
    app = Flask(
        __name__,
        instance_path=instance_path or str(instance.locate().path),
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(build_config(app.instance_path, config))
    app.json = AppJSONProvider(app)
    _init_extensions(app)
    _register_blueprints(app)
    realtime.init_app(app)
    operations.init_app(app)
    broadcast.init_app(app)  # standings pushed after every commit that changes them
    errors.init_app(app)
    # Outermost, around Socket.IO's middleware too: sockets and requests see the real client address.
    app.wsgi_app = TrustedProxies(app.wsgi_app, parse_networks(app.config["TRUSTED_PROXIES"]))  # type: ignore[method-assign]
    return app


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(app, db, directory=str(resource_dir("migrations")), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)
    headers.init_app(app)
    i18n.init_app(app)
    web_cache.init_app(app)


def _register_blueprints(app: Flask) -> None:
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(organizer_bp, url_prefix="/organizer")
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(judge_bp)
    app.register_blueprint(judge_access_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(desk_bp)
    app.register_blueprint(show_bp)
    app.register_blueprint(screens_bp)
    app.register_blueprint(admin_bp)
