"""The head judge's desk: completeness and spread, a judge's sheets, locks, absences, late sheets.

The views parse, load what the URL names through ``services.lookup.scoped`` (a 404 otherwise), call
one service and go back with ``desk.scope.finish`` (commit, then push) or ``refuse`` (roll back, say why).
"""

from collections.abc import Callable

from flask import abort, flash, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from contest.auth.guards import staff_required
from contest.desk import bp
from contest.desk.forms import AbsenceForm, ReviewForm, UnlockForm
from contest.desk.scope import Scope, current_scope, finish, refuse, staff
from contest.domain.errors import DomainError
from contest.models import Entry, Judge, Part
from contest.models.judging import ScoreSheet
from contest.services import contests, locks, panel
from contest.services.judging import iso_utc
from contest.services.lookup import scoped

HEAD_ROLES = ("head_judge",)


@bp.get("/<slug>/head")
@staff_required(*HEAD_ROLES)
def head_view(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    view = panel.build_view(scope.contest, scope.round, scope.cluster_id)
    return render_template("desk/head.html", scope=scope, view=view, states=panel,
                           judges_by_id={j.id: j for j in view.judges})


@bp.get("/<slug>/head/judges/<int:judge_id>")
@staff_required(*HEAD_ROLES)
def judge_sheets(slug: str, judge_id: int):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    judge = scoped(Judge, judge_id, contest=scope.contest)
    return render_template("desk/judge_sheets.html", scope=scope, judge=judge, sheets=panel.judge_sheets(judge))


def _stage_entry(slug: str, entry_id: int) -> tuple[Scope, str, Entry]:
    """The desk's stage, the way back to it, and a team of its round (404 otherwise)."""
    scope = current_scope(slug)
    return scope, url_for("desk.head_view", **scope.args()), scoped(Entry, entry_id, contest=scope.contest,
                                                                     round=scope.round)


@bp.post("/<slug>/head/entries/<int:entry_id>/lock")
@staff_required(*HEAD_ROLES)
def lock_entry(slug: str, entry_id: int):  # type: ignore[no-untyped-def]
    scope, target, entry = _stage_entry(slug, entry_id)
    try:
        lock = locks.lock_entry(staff(), entry)
    except DomainError as error:
        return refuse(error, target)
    flash(_("%(team)s is locked: judges can no longer send or correct its sheets.", team=entry.team.name), "success")
    payload = {"round": scope.round.slug, "entry_id": entry.id, "locked_at": iso_utc(lock.locked_at)}
    return finish(target, "lock", payload, scope.contest.id)


@bp.post("/<slug>/head/lock-round")
@staff_required(*HEAD_ROLES)
def lock_round(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    target = url_for("desk.head_view", **scope.args())
    try:
        gaps = locks.lock_round(staff(), scope.round)
    except DomainError as error:
        return refuse(error, target)
    if gaps:
        sample = ", ".join(f"{g.judge.code} · {g.entry.team.name} · {g.part.name}" for g in gaps[:5])
        flash(_("The round cannot be locked: %(n)d sheets are missing (%(sample)s). "
                "Wait for them or mark each one absent with a reason.", n=len(gaps), sample=sample), "error")
        return finish(target)
    flash(_("The round is locked."), "success")
    payload = {"round": scope.round.slug, "entry_id": None, "locked_at": iso_utc(scope.round.locked_at)}
    return finish(target, "lock", payload, scope.contest.id)


@bp.post("/<slug>/head/entries/<int:entry_id>/unlock")
@staff_required(*HEAD_ROLES)
def unlock_entry(slug: str, entry_id: int):  # type: ignore[no-untyped-def]
    scope, target, entry = _stage_entry(slug, entry_id)
    return _unlock(scope, target, entry.id, lambda reason: locks.unlock_entry(staff(), entry, reason),
                   _("%(team)s is unlocked: its judges can send and correct sheets again.", team=entry.team.name))


def _unlock(scope: Scope, target: str, entry_id: int | None, action: Callable[[str], object], said: str) -> Response:
    """Unlock with the typed reason (the service refuses an empty one), then tell the tablets."""
    form = UnlockForm()
    try:
        action(form.reason.data if form.validate_on_submit() else "")
    except DomainError as error:
        return refuse(error, target)
    flash(said, "success")
    return finish(target, "lock", {"round": scope.round.slug, "entry_id": entry_id, "locked_at": None},
                  scope.contest.id)


@bp.post("/<slug>/head/unlock-round")
@staff_required(*HEAD_ROLES)
def unlock_round(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    target = url_for("desk.head_view", **scope.args())
    return _unlock(scope, target, None, lambda reason: locks.unlock_round(staff(), scope.round, reason),
                   _("The round is unlocked."))


@bp.post("/<slug>/head/absent")
@staff_required(*HEAD_ROLES)
def mark_absent(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    target = url_for("desk.head_view", **scope.args())
    form = AbsenceForm()
    if not form.validate_on_submit():
        flash(_("A reason is required."), "error")
        return finish(target)
    # The judge must be of this contest; a team or part of another stage is refused by the service.
    judge = scoped(Judge, form.judge_id.data, contest=scope.contest)
    entry, part = scoped(Entry, form.entry_id.data), scoped(Part, form.part_id.data)
    try:
        locks.mark_absent(staff(), judge, entry, part, form.reason.data)
    except DomainError as error:
        return refuse(error, target)
    flash(_("Marked absent: %(judge)s for %(team)s, %(part)s.", judge=judge.name, team=entry.team.name,
            part=part.name), "success")
    return finish(target)


@bp.get("/<slug>/review")
@staff_required(*HEAD_ROLES)
def review_queue(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    return render_template("desk/review.html", scope=scope, sheets=locks.pending_sheets(scope.contest.id),
                           form=ReviewForm())


@bp.post("/<slug>/review/<int:sheet_id>")
@staff_required(*HEAD_ROLES)
def review_sheet(slug: str, sheet_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    target = url_for("desk.review_queue", slug=contest.slug)
    sheet = scoped(ScoreSheet, sheet_id, contest=contest)
    form = ReviewForm()
    if not form.validate_on_submit() or form.decision.data not in ("accept", "reject"):
        abort(400)
    try:
        locks.review_sheet(staff(), sheet, form.decision.data == "accept", form.note.data or "")
    except DomainError as error:
        return refuse(error, target)
    flash(_("Sheet accepted: it now counts.") if form.decision.data == "accept"
          else _("Sheet rejected: it will never count."), "success")
    return finish(target)
