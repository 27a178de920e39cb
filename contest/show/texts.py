"""Words the show pages need: labels of modes and reasons, and the labels the screens' scripts use."""

from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.models.show_state import MODE_FROZEN, MODE_HIDDEN, MODE_LIVE, MODE_REVEAL

MODE_LABELS: dict[str, LazyString] = {
    MODE_LIVE: _l("Live"), MODE_HIDDEN: _l("Scores hidden"), MODE_FROZEN: _l("Frozen"),
    MODE_REVEAL: _l("Ceremony reveal"),
}

REASON_LABELS: dict[str, LazyString] = {
    "cluster_top": _l("Top of cluster"), "best_runner_up": _l("Best runner-up"), "reserve": _l("Reserve"),
}


def screen_texts() -> dict[str, Any]:
    """Labels for the screens' scripts, in the reader's language."""
    return {
        "rank": _("Rank"), "team": _("Team"), "total": _("Total"), "on_stage": _("On stage now"),
        "nobody_on_stage": _("Nobody on stage"), "last_card": _("Performance card"), "judge": _("Judge"),
        "penalty": _("Penalty"), "dropped_high": _("highest, dropped"), "dropped_low": _("lowest, dropped"),
        "conflict": _("conflict of interest"), "absent": _("absent"), "not_scored": _("not scored yet"),
        "frozen": _("Final results will be announced at the award ceremony"), "hidden": _("Scores will be shown later"),
        "reveal": _("Award ceremony"), "live": _("Live"), "reconnecting": _("Reconnecting…"),
        "running_order": _("Running order"), "standings": _("Standings"), "vote": _("Audience vote"),
        "vote_for": _("Vote"), "voted_for": _("You voted for"), "vote_closed": _("Voting is closed."),
        "vote_thanks": _("Thank you, your vote is counted."), "over_time": _("over time"),
        "scan": _("Follow on your phone"), "correct": _("correct"), "overall": _("All clusters"),
        "no_prize": _("Other teams"), "audience": _("Audience favourite"), "points": _("points"),
        "error": _("Something went wrong; please try again."), "all": _("All"),
        **{f"mode_{mode}": str(label) for mode, label in MODE_LABELS.items()},
    }
