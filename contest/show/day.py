"""The organizer's show-day view (``/show/<slug>/day``): the stage console's parts (team on stage,
timer, running order) beside the screens console's cards (screens, public board, ceremony, TV overlay) on
one page, with keyboard shortcuts. It renders the same macros and blocks as those two pages and
posts to the same endpoints; ``static/js/show-day.js`` sends the forms in the background and the
page redraws itself from pushes (``static/js/live-region.js``).
"""

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from contest.auth.guards import staff_required
from contest.desk.scope import Scope, current_scope
from contest.services import contests, panel, show_settings, stage_state
from contest.show import bp
from contest.show.controls import console_context

LIVE_EVENTS = ["stage", "timer", "lock", "show", "staff_standings"]
# Of the staff board, only the mode, the reveal and the stages change this page; scores do not.
BOARD_FIELDS = ["m", "reveal", "s"]


@bp.get("/<slug>/day")
@staff_required("organizer")
def day(slug: str) -> Response | str:
    if "round" not in request.args:
        return redirect(_followed_stage(slug))
    scope = current_scope(slug)
    stage = stage_state.stage_of(scope.round.id, scope.cluster_id)
    entries = panel.stage_entries(scope.round, scope.cluster_id)
    return render_template(
        "show/day.html", scope=scope, stage=stage, entries=entries, timer=stage_state.timer_payload(stage),
        next_entry=panel.next_on_stage(entries, stage.entry_id if stage else None), live_config=_live_config(scope),
        **console_context(scope.contest, scope.round),
    )


def _followed_stage(slug: str) -> str:
    """Without a stage in the address, open the round and cluster the screens follow."""
    contest = contests.get_contest(slug)
    rnd = show_settings.current_round(contest) or (contest.rounds[0] if contest.rounds else None)
    if rnd is None:
        return url_for("show.console", slug=slug)
    cluster = show_settings.settings_of(contest.id).cluster_id
    args: dict[str, Any] = {"slug": slug, "round": rnd.slug}
    if cluster in {c.id for c in rnd.clusters}:
        args["cluster"] = cluster
    return url_for("show.day", **args)


def _live_config(scope: Scope) -> dict[str, Any]:
    return {"slug": scope.contest.slug, "round": scope.round.id, "events": LIVE_EVENTS, "watch": BOARD_FIELDS,
            "revealNext": url_for("show.reveal_next", slug=scope.contest.slug, round_slug=scope.round.slug),
            "offline": _("Not sent: the server cannot be reached. Check the network and press again.")}
