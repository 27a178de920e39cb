"""The public results of a published contest, and its printable view."""

from flask import abort, render_template
from markupsafe import Markup

from contest.models import Contest
from contest.public.routes import bp
from contest.services import charts, contests, results
from contest.show.pictures import movement_picture


def _published(slug: str) -> Contest:
    contest = contests.get_contest(slug)
    if not contest.published:
        abort(404)  # hidden scores never leak before the organizer publishes
    return contest


def _rounds(contest: Contest) -> list:
    """Rounds in reverse programme order: the final first, as the public reads results."""
    return [(rnd, results.round_results(rnd)) for rnd in reversed(contest.rounds)]


@bp.get("/c/<slug>/results")
def results_page(slug: str):  # type: ignore[no-untyped-def]
    contest = _published(slug)
    rounds = _rounds(contest)
    return render_template("public/results.html", contest=contest, rounds=rounds, movements=_movements(rounds))


def _movements(rounds: list) -> dict[tuple[int, int | None], Markup]:
    """Per stage (round id, cluster id), the standings as they moved; stages with one team have none."""
    drawn = {}
    for rnd, scopes in rounds:
        for scope in scopes:
            found = charts.movement_of(rnd, [(p.team_id, p.rank) for p in scope.placings])
            if len(found.movement.order) > 1:
                drawn[rnd.id, scope.cluster.id if scope.cluster else None] = movement_picture(found)
    return drawn


@bp.get("/c/<slug>/results/print")
def results_print(slug: str):  # type: ignore[no-untyped-def]
    contest = _published(slug)
    return render_template("public/results_print.html", contest=contest, rounds=_rounds(contest))
