"""The organizer's results desk (/results): official papers, certificates, exports, publishing.

Route modules attach themselves to ``bp`` on import; ``contest.app.create_app`` registers it.
"""

from flask import Blueprint

from contest.auth.guards import guard_staff

bp = Blueprint("results", __name__, url_prefix="/results")
guard_staff(bp)

from contest.results import certificate_routes, routes  # noqa: E402,F401  (attach their pages to bp)
