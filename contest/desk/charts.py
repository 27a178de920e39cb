"""The head judge's charts: per part, how each judge scores against the rest of the panel."""

from flask import render_template
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.desk import bp
from contest.desk.head import HEAD_ROLES
from contest.desk.scope import current_scope
from contest.documents.svg_charts import judge_panel_svg
from contest.i18n import format_points
from contest.services import charts


@bp.get("/<slug>/head/charts")
@staff_required(*HEAD_ROLES)
def head_charts(slug: str) -> str:
    scope = current_scope(slug)
    drawn = []
    for found in charts.judge_charts(scope.contest, scope.round, scope.cluster_id):
        texts = {"label": _("Judges' scores for %(part)s", part=found.part.name),
                 "lean": _("Who scores high or low: mean gap to the other judges, in points"),
                 "spread": _("Spread per team: a dot per judge, the bar from lowest to highest"),
                 "mean": _("panel mean")}
        drawn.append((found, judge_panel_svg(found.chart, found.teams, found.judges, format_points, texts)))
    return render_template("desk/head_charts.html", scope=scope, drawn=drawn)
