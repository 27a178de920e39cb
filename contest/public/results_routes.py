"""The public results of a published contest, and its printable view."""

from flask import abort, render_template

from contest.models import Contest
from contest.public.routes import bp
from contest.services import contests, results


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
    return render_template("public/results.html", contest=contest, rounds=_rounds(contest))


@bp.get("/c/<slug>/results/print")
def results_print(slug: str):  # type: ignore[no-untyped-def]
    contest = _published(slug)
    return render_template("public/results_print.html", contest=contest, rounds=_rounds(contest))
