"""Public pictures: the standings as they moved team by team, as an SVG fragment for the screens.

Answered only once the stage's full ranking is public (``services.charts.public_movement``);
before that 404, as if there were no picture, so nothing hidden leaks through it.
"""

from flask import Response, abort, request
from flask_babel import gettext as _
from markupsafe import Markup

from contest.documents.svg_charts import movement_svg
from contest.extensions import db
from contest.services import charts, contests
from contest.show import screens_bp as bp


@bp.get("/c/<slug>/rounds/<round_slug>/movement.svg")
def movement(slug: str, round_slug: str) -> Response:
    contest, rnd = contests.get_contest_round(slug, round_slug)
    cluster = request.args.get("cluster", "")
    found = charts.public_movement(contest, rnd, int(cluster) if cluster.isdigit() and cluster != "0" else None)
    db.session.rollback()
    if found is None or len(found.movement.order) < 2:
        abort(404)
    response = Response(movement_picture(found), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-cache"
    return response


def movement_picture(found: charts.StageMovement) -> Markup:
    """The drawing with its words in the reader's language (also used by the results page)."""
    texts = {"title": _("How the standings moved: rank after each team's performance"),
             "label": _("Rank of each team after each performance, in running order")}
    return movement_svg(found.movement, found.names, found.orders, texts)
