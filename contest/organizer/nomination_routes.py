"""Sending teams up: the child contest's "send up" page and the parent contest's nominations page.

The blueprint's body guard reads the ``slug`` URL parameter; these views check the finer rule
themselves: the child body's organizer sends up, the parent contest's staff decide.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc

from contest.auth.guards import staff_required
from contest.domain.nominations import DEFAULT_QUOTA, MAX_QUOTA
from contest.error_messages import attach
from contest.models import Contest
from contest.models.nominations import Nomination
from contest.organizer.common import acting_user, load_contest, run_write
from contest.organizer.nomination_forms import CallForm, NominationForm, PickParentForm, PickTeamForm
from contest.organizer.routes import bp
from contest.organizer.team_forms import ActionForm, ReturnForm
from contest.services import nomination_calls, nomination_decisions, nominations


def _child(slug: str) -> Contest:
    contest = load_contest(slug)
    if not nomination_calls.is_child_organizer(acting_user(), contest):
        abort(403)
    return contest


def _parent(slug: str) -> Contest:
    contest = load_contest(slug)
    if not nomination_calls.is_parent_organizer(acting_user(), contest):
        abort(403)
    return contest


# The child side --------------------------------------------------------------------------------

@bp.get("/contests/<slug>/send-up")
@staff_required()
def send_up(slug: str):  # type: ignore[no-untyped-def]
    contest = _child(slug)
    call = nomination_calls.call_for(contest)
    rows = nominations.list_for_child(contest)
    taken = {n.child_team_id for n in rows if n.status != "withdrawn"}
    return render_template(
        "organizer/send_up.html", contest=contest, call=call,
        parent=call.parent_contest if call else None,
        quota=nomination_calls.quotas_of(call).get(contest.body_id, DEFAULT_QUOTA) if call else 0,
        above=[] if call else nomination_calls.open_calls_above(contest),
        candidates=nominations.candidates(contest) if call else [], taken=taken, nominations=rows,
        action_form=ActionForm())


@bp.post("/contests/<slug>/send-up/parent")
@staff_required()
def send_up_parent(slug: str):  # type: ignore[no-untyped-def]
    contest = _child(slug)
    form = PickParentForm()
    if form.validate_on_submit():
        parent = next((c for c in nomination_calls.open_calls_above(contest) if c.id == form.parent_id.data), None)
        choose = lambda: nomination_calls.choose_parent(contest, parent, acting_user())  # noqa: E731
        if parent is not None and run_write(None, choose):
            flash(_("This contest now sends its teams to %(contest)s.", contest=parent.name), "success")
    return redirect(url_for("organizer.send_up", slug=slug))


@bp.post("/contests/<slug>/send-up/nominate")
@staff_required()
def send_up_nominate(slug: str):  # type: ignore[no-untyped-def]
    contest = _child(slug)
    form = PickTeamForm()
    if form.validate_on_submit():
        made = run_write(None, lambda: nominations.nominate(contest, form.team_id.data, acting_user()))
        if made:
            flash(_("Nominated: check the team, then submit it."), "success")
            return redirect(url_for("organizer.send_up_edit", slug=slug, nomination_id=made.value.id))
    return redirect(url_for("organizer.send_up", slug=slug))


def _edit_page(contest: Contest, found: Nomination, form: NominationForm):  # type: ignore[no-untyped-def]
    return render_template("organizer/send_up_edit.html", contest=contest, nomination=found, form=form,
                           action_form=ActionForm())


@bp.route("/contests/<slug>/send-up/<int:nomination_id>", methods=["GET", "POST"])
@staff_required()
def send_up_edit(slug: str, nomination_id: int):  # type: ignore[no-untyped-def]
    contest = _child(slug)
    found = nominations.get_for_child(contest, nomination_id)
    if request.method == "GET":
        form = NominationForm(formdata=None)
        form.fill(nominations.snapshot(found))
        return _edit_page(contest, found, form)
    form = NominationForm()
    if form.validate_on_submit():
        problems: list = []
        saved = run_write(form, lambda: problems.extend(nominations.edit(found, form.raw(), acting_user())))
        if saved and problems:
            for message in attach(form, problems):
                flash(message, "error")
        elif saved:
            flash(_("Saved."), "success")
            return redirect(url_for("organizer.send_up_edit", slug=slug, nomination_id=nomination_id))
    return _edit_page(contest, found, form)


@bp.post("/contests/<slug>/send-up/<int:nomination_id>/submit")
@staff_required()
def send_up_submit(slug: str, nomination_id: int):  # type: ignore[no-untyped-def]
    contest = _child(slug)
    found = nominations.get_for_child(contest, nomination_id)
    if ActionForm().validate_on_submit() and run_write(None, lambda: nominations.submit(found, acting_user())):
        flash(_("Sent to %(contest)s: it waits for their decision.", contest=found.call.parent_contest.name),
              "success")
        return redirect(url_for("organizer.send_up", slug=slug))
    return redirect(url_for("organizer.send_up_edit", slug=slug, nomination_id=nomination_id))


@bp.post("/contests/<slug>/send-up/<int:nomination_id>/withdraw")
@staff_required()
def send_up_withdraw(slug: str, nomination_id: int):  # type: ignore[no-untyped-def]
    contest = _child(slug)
    found = nominations.get_for_child(contest, nomination_id)
    if ActionForm().validate_on_submit() and run_write(None, lambda: nominations.withdraw(found, acting_user())):
        flash(_("The nomination of %(team)s is withdrawn.", team=found.team_name), "success")
    return redirect(url_for("organizer.send_up", slug=slug))


# The parent side -------------------------------------------------------------------------------

def _nominations_page(contest: Contest, form: CallForm | None = None):  # type: ignore[no-untyped-def]
    call = nomination_calls.get_call(contest)
    if form is None:
        form = CallForm(formdata=None, is_open=bool(call and call.is_open))
        if call and call.deadline:
            form.deadline.data = to_user_timezone(call.deadline).replace(tzinfo=None)
    children = nomination_calls.child_bodies(contest)
    rows = nomination_decisions.list_for_parent(contest)
    by_body: dict[int, list[Nomination]] = {b.id: [] for b in children}
    for found in rows:
        by_body.setdefault(found.child_body_id, []).append(found)
    counts = {state: sum(1 for n in rows if n.status == state) for state in ("submitted", "approved", "returned")}
    return render_template("organizer/nominations.html", contest=contest, call=call, form=form,
                           children=children, quotas=nomination_calls.quotas_of(call), by_body=by_body, counts=counts,
                           max_quota=MAX_QUOTA)


@bp.get("/contests/<slug>/nominations")
@staff_required()
def nominations_index(slug: str):  # type: ignore[no-untyped-def]
    return _nominations_page(_parent(slug))


@bp.post("/contests/<slug>/nominations/call")
@staff_required()
def nominations_call(slug: str):  # type: ignore[no-untyped-def]
    contest = _parent(slug)
    form = CallForm()
    if not form.validate_on_submit():
        return _nominations_page(contest, form)
    quotas = {}
    for body in nomination_calls.child_bodies(contest):
        typed = request.form.get(f"quota-{body.id}", "").strip()
        if typed:
            if not typed.isdigit():
                flash(_("The quota of %(body)s is not a whole number.", body=body.name), "error")
                return _nominations_page(contest, form)
            quotas[body.id] = int(typed)
    deadline = to_utc(form.deadline.data) if form.deadline.data else None
    if run_write(form, lambda: nomination_calls.open_call(contest, acting_user(), is_open=form.is_open.data,
                                                     deadline=deadline, quotas=quotas)):
        flash(_("The call for nominations is open.") if form.is_open.data
              else _("The call for nominations is closed."), "success")
        return redirect(url_for("organizer.nominations_index", slug=slug))
    return _nominations_page(contest, form)


def _detail_page(contest: Contest, found: Nomination, return_form: ReturnForm):  # type: ignore[no-untyped-def]
    waiting = found.status == "submitted"
    return render_template("organizer/nomination_detail.html", contest=contest, nomination=found,
                           existing=nomination_decisions.existing_team(contest, found) if waiting else None,
                           return_form=return_form, action_form=ActionForm())


@bp.get("/contests/<slug>/nominations/<int:nomination_id>")
@staff_required()
def nomination_detail(slug: str, nomination_id: int):  # type: ignore[no-untyped-def]
    contest = _parent(slug)
    return _detail_page(contest, nomination_decisions.get_for_parent(contest, nomination_id), ReturnForm(formdata=None))


@bp.post("/contests/<slug>/nominations/<int:nomination_id>/approve")
@staff_required()
def nomination_approve(slug: str, nomination_id: int):  # type: ignore[no-untyped-def]
    contest = _parent(slug)
    found = nomination_decisions.get_for_parent(contest, nomination_id)
    if ActionForm().validate_on_submit():
        made = run_write(None, lambda: nomination_decisions.approve(found, acting_user()))
        if made:
            flash(_("Approved: %(team)s is a team of this contest.", team=made.value.name), "success")
    return redirect(url_for("organizer.nomination_detail", slug=slug, nomination_id=nomination_id))


@bp.post("/contests/<slug>/nominations/<int:nomination_id>/return")
@staff_required()
def nomination_return(slug: str, nomination_id: int):  # type: ignore[no-untyped-def]
    contest = _parent(slug)
    found = nomination_decisions.get_for_parent(contest, nomination_id)
    form = ReturnForm()
    if form.validate_on_submit() and run_write(form, lambda: nomination_decisions.send_back(found, form.reason.data,
                                                                                   acting_user())):
        flash(_("Returned to %(body)s with your reason.", body=found.child_body.name), "success")
        return redirect(url_for("organizer.nominations_index", slug=slug))
    return _detail_page(contest, found, form)
