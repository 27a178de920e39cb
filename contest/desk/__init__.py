"""The desk at the side of the stage: stage console, secretary, head judge, review, audit log.

Route modules attach themselves to ``bp`` on import; ``contest.app.create_app`` registers it.
"""

from flask import Blueprint

from contest.auth.guards import guard_staff

bp = Blueprint("desk", __name__, url_prefix="/desk")
guard_staff(bp)

from contest.desk import audit_log, charts, head, stage  # noqa: E402,F401  (attach their pages to bp)
