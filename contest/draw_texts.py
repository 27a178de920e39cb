"""Words for draws in the reader's language: kinds, statuses, why a separation is unmet, and the
draw refusals (``DomainError`` codes raised by ``contest.domain.draw`` and ``contest.services.draw``).

Shared by the organizer pages and the public record/projector pages.
"""

import re

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

from contest.domain.errors import DomainError
from contest.error_messages import message_for

_NAMES = re.compile(r"%\((\w+)\)s")

KINDS: dict[str, LazyString] = {
    "clusters": _l("Cluster draw"),
    "running_order": _l("Running order draw"),
    "packages": _l("Package draw"),
}
STATUSES: dict[str, LazyString] = {
    "preview": _l("Preview"),
    "confirmed": _l("Confirmed"),
    "discarded": _l("Discarded"),
}
SEED_SOURCES: dict[str, LazyString] = {"typed": _l("typed in"), "generated": _l("generated")}
UNMET_REASONS: dict[str, LazyString] = {
    "more_teams_than_clusters": _l("More teams must be kept apart than there are clusters."),
    "blocked_by_stratification": _l("Cannot be met while unit types are spread evenly; a draw without "
                                    "stratification would meet it."),
    "blocked_by_pots": _l("Cannot be met while seeded teams go one per cluster; a draw without pots would meet it."),
    "blocked_by_stratification_and_pots": _l("Cannot be met while unit types and seeded teams are both spread; "
                                             "a draw without either would meet it."),
    "blocked_by_other_separations": _l("Clashes with the other separations and balanced cluster sizes."),
}
ERRORS: dict[str, LazyString] = {
    "draw_round_without_clusters": _l("This round has no clusters to draw into."),
    "draw_unknown_team_name": _l("Line %(line)s: no team of this round is named “%(value)s”."),
    "draw_entries_without_cluster": _l("“%(team)s” has no cluster yet: draw or assign the clusters first."),
    "draw_already_confirmed": _l("This draw is already confirmed for the round; move teams one by one instead."),
    "draw_not_preview": _l("Only a preview can be confirmed or discarded."),
    "draw_not_confirmed": _l("Only a confirmed draw is shown on the projector."),
    "draw_unmet_not_accepted": _l("%(count)s separations are not met: tick the box to confirm anyway."),
    "draw_inputs_changed": _l("The round's teams changed since this preview; draw again."),
    "draw_move_not_allowed": _l("Teams move only after a cluster draw is confirmed."),
    "draw_move_needs_reason": _l("Say why the team moves; the reason goes on the audit log."),
    "draw_move_unknown": _l("Unknown team or cluster for this round."),
    "draw_move_same_cluster": _l("The team is already in this cluster."),
    "draw_more_clusters_than_teams": _l("There are %(clusters)s clusters but only %(teams)s teams."),
    "draw_not_enough_packages": _l("%(group)s has %(teams)s teams but there are only %(packages)s packages."),
    "draw_no_teams": _l("There are no teams to draw."),
    "draw_duplicate_package": _l("The package “%(key)s” is listed twice."),
    "draw_duplicate_separation": _l("Two separations have the same name “%(key)s”."),
    "draw_bad_separation": _l("The separation “%(constraint)s” needs at least two different teams."),
}


def message(error: DomainError) -> str:
    """A draw refusal in words; other codes (an empty or garbled name...) read as everywhere else."""
    template = ERRORS.get(error.code)
    if template is None:
        return message_for(error)
    return str(template) % {name: error.params.get(name, "…") for name in _NAMES.findall(str(template))}
