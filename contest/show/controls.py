"""The organizer's screens console (``/show/<slug>``): what the screens follow, freeze and hide,
the ceremony reveal with a preview of each step, the audience vote, the TV overlay, head-judge
tie decisions, advancement to the final and the prizes. Staff only; changes are organizer-only
(tie decisions: the head judge too). Every change goes through ``console_write`` (commit and say so,
or roll back and say why, via ``organizer.common.run_write``), and the standings task pushes it.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Response, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import staff_may, staff_required
from contest.extensions import db
from contest.models import Contest, Round, User
from contest.organizer.common import run_write
from contest.services import (
    audience,
    ceremony,
    contests,
    finalists,
    show_settings,
    standings,
    standings_feed,
    tie_decisions,
    vote_codes,
)
from contest.show import bp
from contest.show.texts import MODE_LABELS, REASON_LABELS

T = TypeVar("T")


def _actor() -> User:
    return current_user._get_current_object()


def _round(contest: Contest, slug: str | None) -> Round:
    if slug:
        return contests.round_by_slug(contest, slug)
    found = show_settings.current_round(contest)
    if found is None:
        abort(404)
    return found


def _posted_cluster() -> int | None:
    """The form's cluster id; none (the whole round) when empty or not a number."""
    cluster = request.form.get("cluster", "")
    return int(cluster) if cluster.isdigit() else None


def _back(contest: Contest, rnd: Round | None = None, anchor: str = "") -> Response:
    args = {"slug": contest.slug, "round": rnd.slug} if rnd else {"slug": contest.slug}
    return redirect(url_for("show.console", **args) + (f"#{anchor}" if anchor else ""))


def console_write(contest: Contest, rnd: Round | None, anchor: str, action: Callable[[], T],
                  said: Callable[[T], str]) -> Response:
    """One console change: commit and say ``said(result)``, or roll back and say why; back to the card."""
    written = run_write(None, action)
    if written:
        flash(said(written.value), "success")  # type: ignore[arg-type]
    return _back(contest, rnd, anchor)


@bp.get("/<slug>")
@staff_required()
def console(slug: str) -> str:
    contest = contests.get_contest(slug)
    rnd = _round(contest, request.args.get("round"))
    return render_template("show/console.html", **console_context(contest, rnd))


def console_context(contest: Contest, rnd: Round) -> dict[str, Any]:
    """What the console's cards read; the show-day view lays out some of the same cards."""
    board = standings.round_board(rnd)
    state = ceremony.state_of(rnd.id)
    settings = show_settings.settings_of(contest.id)
    return dict(
        contest=contest, rnd=rnd, board=board, state=state,
        mode_labels=MODE_LABELS, settings=settings, codes_tally=vote_codes.tally(contest.id),
        addresses=audience.by_address(contest.id, settings.vote_mode), max_codes=vote_codes.MAX_BATCH,
        sheet_cards=vote_codes.SHEET_CARDS,
        preview=ceremony.preview(state), stale=ceremony.plan_stale(state, board),
        names={t.team_id: t.name for t in board.teams.values()}, tiers={t.code: t.name for t in contest.prize_tiers},
        clusters={c.id: c.name for c in rnd.clusters}, votes=audience.counts(contest.id, settings.vote_mode),
        decisions=tie_decisions.of_round(rnd.id), ties=tie_decisions.to_decide(rnd, board),
        staff_config=_staff_config(contest, rnd, board),
    )


def _staff_config(contest: Contest, rnd: Round, board: standings.Board) -> dict[str, Any]:
    return {"slug": contest.slug, "round": rnd.id, "parts": [p.code for p in rnd.parts],
            "teams": {t.team_id: [t.name, t.cluster_id or 0] for t in board.teams.values()},
            "board": url_for("show.staff_board", slug=contest.slug, round_slug=rnd.slug)}


@bp.get("/<slug>/rounds/<round_slug>/board.json")
@staff_required()
def staff_board(slug: str, round_slug: str) -> Response:
    """The live (staff) board as last published; organizers and the head judge see it even when frozen."""
    _contest, rnd = contests.get_contest_round(slug, round_slug)
    feed = standings_feed.stored_feed(rnd.id)
    body = feed.staff_snapshot if feed else "{}"
    db.session.rollback()
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<slug>/follow")
@staff_required("organizer")
def follow(slug: str) -> Response:
    contest = contests.get_contest(slug)
    rnd = contests.round_by_slug(contest, request.form.get("round", ""))
    cluster_id = _posted_cluster()
    return console_write(contest, rnd, "screens", lambda: show_settings.follow(_actor(), contest, rnd, cluster_id),
                         lambda _done: _("The screens now follow this round."))


@bp.post("/<slug>/rounds/<round_slug>/mode")
@staff_required("organizer")
def set_mode(slug: str, round_slug: str) -> Response:
    contest, rnd = contests.get_contest_round(slug, round_slug)
    return console_write(contest, rnd, "board", lambda: ceremony.set_mode(_actor(), rnd, request.form.get("mode", "")),
                         lambda done: _("Public board: %(mode)s.", mode=MODE_LABELS[done.mode]))


@bp.post("/<slug>/rounds/<round_slug>/reveal")
@staff_required("organizer")
def prepare_reveal(slug: str, round_slug: str) -> Response:
    contest, rnd = contests.get_contest_round(slug, round_slug)
    by = ceremony.BY_TIER if request.form.get("by") == ceremony.BY_TIER else ceremony.BY_TEAM
    cluster_id = _posted_cluster()
    return console_write(contest, rnd, "ceremony", lambda: ceremony.prepare_reveal(_actor(), rnd, cluster_id, by),
                         lambda _done: _("The reveal is ready: check the first step, then send it."))


@bp.post("/<slug>/rounds/<round_slug>/reveal/next")
@staff_required("organizer")
def reveal_next(slug: str, round_slug: str) -> Response:
    contest, rnd = contests.get_contest_round(slug, round_slug)
    expected = request.form.get("step", "")
    state = ceremony.state_of(rnd.id)
    if expected != str(state.revealed_steps):
        # A second click, or another organizer's screen: never send a step nobody previewed.
        flash(_("This step was already sent; here is the next one."), "warning")
        return _back(contest, rnd, "ceremony")
    return console_write(contest, rnd, "ceremony", lambda: ceremony.reveal_next(_actor(), rnd),
                         lambda _done: _("Step sent to every screen."))


@bp.post("/<slug>/voting")
@staff_required("organizer")
def voting(slug: str) -> Response:
    contest = contests.get_contest(slug)
    target = request.form.get("round", "")
    rnd = contests.round_by_slug(contest, target) if target else None
    message = _("Audience voting is open.") if rnd else _("Audience voting is closed.")
    return console_write(contest, rnd, "voting", lambda: show_settings.set_voting(_actor(), contest, rnd),
                         lambda _done: message)


@bp.post("/<slug>/overlay")
@staff_required("organizer")
def overlay(slug: str) -> Response:
    contest = contests.get_contest(slug)
    return console_write(contest, None, "overlay",
                         lambda: show_settings.set_overlay(_actor(), contest, request.form.get("view", "")),
                         lambda _done: _("TV overlay changed."))


@bp.post("/<slug>/rounds/<round_slug>/ties")
@staff_required("head_judge")
def record_tie(slug: str, round_slug: str) -> Response:
    contest, rnd = contests.get_contest_round(slug, round_slug)
    order = _ordered_teams(request.form)
    return console_write(contest, rnd, "ties",
                         lambda: tie_decisions.record(_actor(), rnd, order, request.form.get("note", "")),
                         lambda _done: _("The head judge's decision is recorded."))


def _ordered_teams(form: Any) -> list[int]:
    """Fields ``place-<team id>`` = 1, 2, ...: the teams sorted by the place given to each."""
    places = []
    for key, value in form.items():
        if key.startswith("place-") and key[6:].isdigit() and value.strip().isdigit():
            places.append((int(value), int(key[6:])))
    return [team for _, team in sorted(places)]


@bp.post("/<slug>/rounds/<round_slug>/ties/<int:decision_id>/delete")
@staff_required("head_judge")
def delete_tie(slug: str, round_slug: str, decision_id: int) -> Response:
    contest, rnd = contests.get_contest_round(slug, round_slug)
    return console_write(contest, rnd, "ties", lambda: tie_decisions.remove(_actor(), rnd, decision_id),
                         lambda _done: _("The decision is removed."))


@bp.route("/<slug>/rounds/<round_slug>/advancement", methods=["GET", "POST"])
@staff_required()
def advancement(slug: str, round_slug: str) -> Response | str:
    contest, rnd = contests.get_contest_round(slug, round_slug)
    if request.method == "POST":
        if not staff_may("organizer"):
            abort(403)
        if run_write(None, lambda: finalists.apply(_actor(), rnd)):
            flash(_("The teams are entered in the next round."), "success")
        return redirect(url_for("show.advancement", slug=slug, round_slug=round_slug))
    found = finalists.preview(rnd)
    return render_template("show/advancement.html", contest=contest, rnd=rnd, found=found,
                           names={t.team_id: t.name for t in found.board.teams.values()},
                           clusters={c.id: c.name for c in rnd.clusters}, reasons=REASON_LABELS,
                           prizes=finalists.round_prizes(rnd, found.board))


@bp.get("/<slug>/votes.json")
@staff_required()
def vote_counts(slug: str) -> Response:
    contest = contests.get_contest(slug)
    mode = show_settings.settings_of(contest.id).vote_mode
    return jsonify(mode=mode, votes={str(k): v for k, v in audience.counts(contest.id, mode).items()},
                   addresses=audience.by_address(contest.id, mode))
