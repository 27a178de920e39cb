"""The organizer's results desk (/results): official papers, certificates, exports, publishing.

Route modules attach themselves to ``bp`` on import; ``contest.app.create_app`` registers it.
"""

from flask import Blueprint

bp = Blueprint("results", __name__, url_prefix="/results")

from contest.results import certificate_routes, routes  # noqa: E402,F401  (attach their pages to bp)
