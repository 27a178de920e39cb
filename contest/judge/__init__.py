"""The judge's tablet: login by QR link or code + PIN, the scoring page, the JSON API.

Route modules attach themselves to ``bp`` on import; ``contest.app.create_app`` registers it.
"""

from flask import Blueprint

bp = Blueprint("judge", __name__, url_prefix="/judge")

from contest.judge import access, api, routes  # noqa: E402,F401  (attach their pages to bp)
