"""The system administrator's pages (/admin): the tree of organizing bodies, each body's accounts
and roles, a body's first organizer. Only administrators; the blueprint is guarded as a whole."""

from flask import Blueprint

from contest.auth.guards import guard_staff

bp = Blueprint("admin", __name__, url_prefix="/admin")
guard_staff(bp, admin=True)

from contest.admin import routes  # noqa: E402,F401  (attach the pages to bp)
