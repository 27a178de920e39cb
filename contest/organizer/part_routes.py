"""Organizer pages: the parts of a round (points, step, time, penalty, who scores) and their rubric."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.domain.errors import DomainError
from contest.error_messages import message_for
from contest.organizer.common import acting_user, load_contest, run_write, save
from contest.organizer.forms import CriteriaForm, PartForm, plain_points
from contest.organizer.routes import bp
from contest.organizer.team_forms import ActionForm
from contest.services import contest_setup, part_setup

# Domain field names that the form shows under another field.
PART_ALIASES = {"bands": "penalty_kind", "quiz_points_per_question": "quiz_points", "position": "order",
                "time_limit_seconds": "time_limit"}


def _fill(form: PartForm, part) -> None:  # type: ignore[no-untyped-def]
    form.order.data = part.position + 1
    form.max_points.data = plain_points(part.max_points)
    form.step.data = plain_points(part.step)
    form.quiz_points.data = plain_points(part.quiz_points_per_question) if part.quiz_points_per_question else ""
    seconds = part.time_limit_seconds
    form.time_limit.data = f"{seconds // 60}:{seconds % 60:02d}" if seconds else ""
    form.fill_penalty(part.penalty_rule)


@bp.route("/contests/<slug>/rounds/<int:round_id>/parts/new", methods=["GET", "POST"])
@staff_required("organizer")
def part_new(slug: str, round_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    rnd = contest_setup.round_by_id(contest, round_id)
    form = PartForm()
    if not form.is_submitted():
        form.order.data = len(rnd.parts) + 1
    if save(form, lambda: part_setup.create_part(rnd, form.to_spec(), acting_user()), _("The part was added."),
            PART_ALIASES):
        return redirect(url_for("organizer.round_edit", slug=slug, round_id=rnd.id) + "#parts")
    return render_template("organizer/part_form.html", form=form, contest=contest, rnd=rnd, part=None)


@bp.route("/contests/<slug>/parts/<int:part_id>", methods=["GET", "POST"])
@staff_required("organizer")
def part_edit(slug: str, part_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    part = part_setup.get_part(contest, part_id)
    form = PartForm(obj=part)
    if not form.is_submitted():
        _fill(form, part)
    if save(form, lambda: part_setup.update_part(part, form.to_spec(), acting_user()), _("Saved."), PART_ALIASES):
        return redirect(url_for("organizer.round_edit", slug=slug, round_id=part.round_id) + "#parts")
    return render_template("organizer/part_form.html", form=form, contest=contest, rnd=part.round, part=part,
                           action_form=ActionForm())


@bp.post("/contests/<slug>/parts/<int:part_id>/delete")
@staff_required("organizer")
def part_delete(slug: str, part_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    part = part_setup.get_part(contest, part_id)
    round_id = part.round_id
    if save(ActionForm(), lambda: part_setup.delete_part(part, acting_user()), _("The part was deleted.")):
        return redirect(url_for("organizer.round_edit", slug=slug, round_id=round_id) + "#parts")
    return redirect(url_for("organizer.part_edit", slug=slug, part_id=part_id))


@bp.route("/contests/<slug>/parts/<int:part_id>/criteria", methods=["GET", "POST"])
@staff_required("organizer")
def part_criteria(slug: str, part_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    part = part_setup.get_part(contest, part_id)
    form = CriteriaForm()
    if not form.is_submitted():
        for row, criterion in zip(form.rows, part.criteria, strict=False):
            row.form.name.data, row.form.max_points.data = criterion.name, plain_points(criterion.max_points)
    problem = None
    if form.validate_on_submit():
        # A refusal names a row of the rubric: shown above the table, not as a page message.
        written = run_write(None, lambda: part_setup.replace_criteria(part, form.to_rows(), acting_user()), show=False)
        if written:
            flash(_("The rubric was saved."), "success")
            return redirect(url_for("organizer.part_edit", slug=slug, part_id=part.id))
        problem = _row_message(written.error)
    return render_template("organizer/criteria_form.html", form=form, contest=contest, part=part, problem=problem)


def _row_message(error: DomainError) -> str:
    field = str(error.params.get("field", ""))
    if field.startswith("rows-"):
        return _("Row %(row)s: %(message)s", row=int(field[5:]) + 1, message=message_for(error))
    return message_for(error)
