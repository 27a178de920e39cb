"""The stage console (team and part on stage) and the secretary's desk (quiz, timer, penalties).

The stage console keeps its historical URL ``/desk/<slug>/show`` and endpoint ``desk.show_console``
(URLs and endpoint names are contracts); in the code "show" is the screens console (``contest.show``).
"""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.desk import bp
from contest.desk.forms import PenaltyForm
from contest.desk.scope import Scope, current_scope, finish, refuse, staff
from contest.domain.errors import DomainError
from contest.domain.points import parse_points
from contest.i18n import format_points
from contest.models import Entry, Part
from contest.models.judging import Penalty
from contest.services import locks, panel, secretary, stage_state
from contest.services.lookup import scoped


@bp.get("/<slug>/")
@staff_required()
def index(slug: str):  # type: ignore[no-untyped-def]
    return render_template("desk/index.html", scope=current_scope(slug))


@bp.get("/<slug>/show")
@staff_required("secretary")
def show_console(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    state = stage_state.stage_of(scope.round.id, scope.cluster_id)
    entries = panel.stage_entries(scope.round, scope.cluster_id)
    return render_template("desk/show.html", scope=scope, state=state, entries=entries,
                           next_entry=panel.next_on_stage(entries, state.entry_id if state else None),
                           timer=stage_state.timer_payload(state))


@bp.post("/<slug>/show")
@staff_required("secretary")
def set_stage(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    target = url_for("desk.show_console", **scope.args())
    entry_id = request.form.get("entry_id", type=int)
    part_code = request.form.get("part_code") or None
    try:
        state = stage_state.set_stage(staff(), scope.round, scope.cluster_id, entry_id, part_code)
    except DomainError as error:
        return refuse(error, target)
    return finish(target, "stage", stage_state.stage_payload(scope.round, state, scope.cluster), scope.contest.id)


@bp.get("/<slug>/secretary")
@staff_required("secretary")
def secretary_desk(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    entries = panel.stage_entries(scope.round, scope.cluster_id)
    state = stage_state.stage_of(scope.round.id, scope.cluster_id)
    entry_ids = {e.id for e in entries}
    penalties = [p for p in secretary.penalties_of_round(scope.round.id) if p.entry_id in entry_ids]
    locked = locks.locked_entry_ids(scope.round.id)
    return render_template("desk/secretary.html", scope=scope, entries=entries, state=state,
                           timer=stage_state.timer_payload(state), quiz_parts=secretary.quiz_parts(scope.round),
                           marks=secretary.quiz_marks(scope.round.id), penalties=penalties,
                           teams={e.id: e.team.name for e in entries}, locked=locked,
                           form=_penalty_form(scope, entries))


def _penalty_form(scope: Scope, entries: list[Entry]) -> PenaltyForm:
    form = PenaltyForm()
    form.entry_id.choices = [(e.id, e.team.name) for e in entries]
    form.part_code.choices = [("", _("The team as a whole"))] + [(p.code, p.name) for p in scope.round.parts]
    return form


def _entry_in(scope: Scope, entry_id: int | None) -> Entry:
    return scoped(Entry, entry_id or 0, contest=scope.contest, round=scope.round, cluster=scope.cluster)


def _part_in(scope: Scope, code: str | None) -> Part | None:
    return next((p for p in scope.round.parts if p.code == code), None) if code else None


@bp.post("/<slug>/secretary/quiz")
@staff_required("secretary")
def save_quiz(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    target = url_for("desk.secretary_desk", **scope.args())
    entry = _entry_in(scope, request.form.get("entry_id", type=int))
    part = _part_in(scope, request.form.get("part_code")) or abort(404)
    choices = {"1": True, "0": False, "": None}
    marks = {q: choices.get(request.form.get(f"q{q}", "")) for q in range(1, (part.quiz_questions or 0) + 1)}
    try:
        changed = secretary.set_quiz_marks(staff(), entry, part, marks)
    except DomainError as error:
        return refuse(error, target)
    flash(_("Quiz marks saved for %(team)s (%(n)d changed).", team=entry.team.name, n=changed), "success")
    return finish(target)


@bp.post("/<slug>/secretary/timer/<action>")
@staff_required("secretary")
def timer(slug: str, action: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    endpoint = "desk.show_console" if request.form.get("back") == "show" else "desk.secretary_desk"
    target = url_for(endpoint, **scope.args())
    try:
        if action == "start":
            secretary.start_timer(staff(), scope.round, scope.cluster_id)
        elif action == "stop":
            _flash_stop(secretary.stop_timer(staff(), scope.round, scope.cluster_id))
        else:
            abort(404)
    except DomainError as error:
        return refuse(error, target)
    state = stage_state.stage_of(scope.round.id, scope.cluster_id)
    return finish(target, "timer", stage_state.stage_payload(scope.round, state, scope.cluster), scope.contest.id)


def _flash_stop(result: secretary.TimerStop) -> None:
    minutes, seconds = divmod(result.elapsed_seconds, 60)
    if result.penalty is not None:
        flash(_("Timer stopped at %(m)d:%(s)02d, %(over)d s over the limit: %(points)s points deducted.",
                m=minutes, s=seconds, over=result.over_seconds, points=format_points(result.penalty.amount)),
              "warning")
    elif result.skipped_locked:
        flash(_("Timer stopped at %(m)d:%(s)02d, over the limit, but the team is locked: no penalty recorded.",
                m=minutes, s=seconds), "warning")
    else:
        flash(_("Timer stopped at %(m)d:%(s)02d.", m=minutes, s=seconds), "success")


@bp.post("/<slug>/secretary/penalties")
@staff_required("secretary")
def add_penalty(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    target = url_for("desk.secretary_desk", **scope.args())
    form = _penalty_form(scope, panel.stage_entries(scope.round, scope.cluster_id))
    if not form.validate_on_submit():
        flash(_("Choose a team, enter the points and a reason."), "error")
        return finish(target)
    try:
        amount = parse_points(form.amount.data, "amount")
        entry = _entry_in(scope, form.entry_id.data)
        secretary.add_penalty(staff(), entry, _part_in(scope, form.part_code.data), amount, form.reason.data)
    except DomainError as error:
        return refuse(error, target)
    flash(_("Penalty recorded."), "success")
    return finish(target)


@bp.post("/<slug>/secretary/penalties/<int:penalty_id>/withdraw")
@staff_required("secretary")
def withdraw_penalty(slug: str, penalty_id: int):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    target = url_for("desk.secretary_desk", **scope.args())
    penalty = scoped(Penalty, penalty_id)
    _entry_in(scope, penalty.entry_id)
    try:
        secretary.withdraw_penalty(staff(), penalty, request.form.get("why", ""))
    except DomainError as error:
        return refuse(error, target)
    flash(_("Penalty withdrawn."), "success")
    return finish(target)
