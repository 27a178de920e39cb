"""Organizer pages: create a contest, edit its general information and its ranking rules."""

from datetime import date

from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.models import Body
from contest.organizer.common import acting_user, load_contest, save
from contest.organizer.form_base import choices
from contest.organizer.forms import ContestForm, NewContestForm, RulesForm
from contest.organizer.routes import bp
from contest.services import bodies, contest_setup


@bp.route("/contests/new", methods=["GET", "POST"])
@staff_required("organizer")
def contest_new():  # type: ignore[no-untyped-def]
    form = NewContestForm()
    homes = bodies.organizer_bodies(acting_user())
    form.owner.choices = choices([(body.slug, body.name) for body in homes])
    if not form.is_submitted():
        form.year.data = date.today().year
    written = save(form,
                   lambda: contest_setup.create_contest(form.to_spec(), acting_user(), _owner(homes, form.owner.data)),
                   _("The contest was created. Next: add its rounds and parts."))
    if written:
        return redirect(url_for("organizer.rounds", slug=written.value.slug))
    return render_template("organizer/contest_form.html", form=form, contest=None)


def _owner(homes: list[Body], chosen: str | None) -> Body:
    """A new contest belongs to the chosen body among those its creator organizes, else the first."""
    return next((body for body in homes if body.slug == chosen), homes[0])


@bp.route("/contests/<slug>/edit", methods=["GET", "POST"])
@staff_required("organizer")
def contest_edit(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = ContestForm(obj=contest)
    if save(form, lambda: contest_setup.update_contest(contest, form.to_spec(), acting_user()), _("Saved.")):
        return redirect(url_for("organizer.contest_edit", slug=contest.slug))
    return render_template("organizer/contest_form.html", form=form, contest=contest)


@bp.route("/contests/<slug>/rules", methods=["GET", "POST"])
@staff_required("organizer")
def contest_rules(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = RulesForm(obj=contest)
    if not form.is_submitted():
        form.tie_break.data = ", ".join(contest.tie_break or [])
    if save(form, lambda: contest_setup.save_rules(contest, form.to_spec(), acting_user()), _("Saved.")):
        return redirect(url_for("organizer.contest_rules", slug=contest.slug))
    parts = sorted({(p.code, p.name) for rnd in contest.rounds for p in rnd.parts})
    return render_template("organizer/rules.html", form=form, contest=contest, parts=parts)
