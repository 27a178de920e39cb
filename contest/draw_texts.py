"""Words for draws in the reader's language: kinds, statuses, why a separation is unmet.

Shared by the organizer pages and the public record/projector pages. The draw refusals read
through ``contest.error_messages`` like every other refusal.
"""

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l

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
