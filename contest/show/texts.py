"""Words the show pages need: domain error codes as sentences, labels the screens' scripts use."""

from typing import Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from contest.domain.errors import DomainError
from contest.models.show_state import MODE_FROZEN, MODE_HIDDEN, MODE_LIVE, MODE_REVEAL

ERRORS: dict[str, LazyString] = {
    "show_bad_mode": _l("Unknown board mode."),
    "show_bad_target": _l("Unknown round or cluster."),
    "show_bad_overlay": _l("Unknown overlay view."),
    "reveal_incomplete": _l("Some scores are still missing: the reveal needs the complete standings."),
    "reveal_not_prepared": _l("Prepare the reveal first."),
    "reveal_finished": _l("Every step has already been revealed."),
    "reveal_unknown_cluster": _l("Unknown cluster."),
    "advancement_no_next_round": _l("There is no later round to send teams to."),
    "advancement_incomplete": _l("Some scores are still missing: advancement needs the complete standings."),
    "advancement_tie": _l("Teams are tied at a cut: the head judge must record a decision first."),
    "advancement_already": _l("The next round already has its teams."),
    "tie_bad_order": _l("List at least two different teams."),
    "tie_unknown_team": _l("A team is not in this round."),
    "tie_unknown_decision": _l("Unknown decision."),
    "vote_closed": _l("Voting is closed."),
    "vote_unknown_team": _l("This team is not in the vote."),
    "vote_already": _l("This phone has already voted."),
    "vote_no_voter": _l("Your browser did not keep our cookie; please reload the page."),
}

MODE_LABELS: dict[str, LazyString] = {
    MODE_LIVE: _l("Live"), MODE_HIDDEN: _l("Scores hidden"), MODE_FROZEN: _l("Frozen"),
    MODE_REVEAL: _l("Ceremony reveal"),
}

REASON_LABELS: dict[str, LazyString] = {
    "cluster_top": _l("Top of cluster"), "best_runner_up": _l("Best runner-up"), "reserve": _l("Reserve"),
}


def error_message(error: DomainError) -> str:
    found = ERRORS.get(error.code)
    return str(found) if found is not None else _("The action could not be completed.")


def screen_texts() -> dict[str, Any]:
    """Labels for the screens' scripts, in the reader's language."""
    return {
        "rank": _("Rank"), "team": _("Team"), "total": _("Total"), "on_stage": _("On stage"),
        "nobody_on_stage": _("Nobody on stage"), "last_card": _("Performance card"), "judge": _("Judge"),
        "penalty": _("Penalty"), "dropped_high": _("highest, dropped"), "dropped_low": _("lowest, dropped"),
        "conflict": _("conflict of interest"), "absent": _("absent"), "not_scored": _("not scored yet"),
        "frozen": _("The board is frozen until the ceremony"), "hidden": _("Scores will be shown later"),
        "reveal": _("Award ceremony"), "live": _("Live"), "reconnecting": _("Reconnecting…"),
        "running_order": _("Running order"), "standings": _("Standings"), "vote": _("Audience vote"),
        "vote_for": _("Vote"), "voted_for": _("You voted for"), "vote_closed": _("Voting is closed."),
        "vote_thanks": _("Thank you, your vote is counted."), "over_time": _("over time"),
        "scan": _("Follow on your phone"), "correct": _("correct"), "overall": _("All clusters"),
        "no_prize": _("Other teams"), "audience": _("Audience favourite"), "points": _("points"),
        "error": _("Something went wrong; please try again."), "all": _("All"),
        **{f"mode_{mode}": str(label) for mode, label in MODE_LABELS.items()},
    }
