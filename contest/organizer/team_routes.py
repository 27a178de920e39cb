"""Organizer pages: the teams of a contest, one team's form (new and edit), deleting or withdrawing one."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.domain.teams import check_team
from contest.error_messages import attach
from contest.models import Contest, Team
from contest.organizer.common import acting_user, load_contest, run_write
from contest.organizer.routes import bp
from contest.organizer.team_forms import TeamForm
from contest.services import team_removal, teams


@bp.get("/contests/<slug>/teams")
@staff_required("organizer")
def teams_list(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    rows = teams.list_teams(contest)
    counts = {t.id: _role_counts(t) for t in rows}
    return render_template("organizer/teams.html", contest=contest, teams=rows, counts=counts)


def _role_counts(team: Team) -> dict[str, int]:
    counts = {"official": 0, "reserve": 0, "supporting": 0}
    for member in team.members:
        counts[member.role] = counts.get(member.role, 0) + 1
    return counts


def _save(form: TeamForm, contest: Contest, team: Team | None) -> Team | None:
    """Check the form against the domain and save; problems go under their fields."""
    spec, problems = check_team(form.raw(), teams.cluster_names(contest))
    if spec is None:
        for message in attach(form, problems):
            flash(message, "error")
        return None
    return run_write(form, lambda: (teams.update_team(team, spec, acting_user()) if team
                                    else teams.create_team(contest, spec, acting_user()))).value


@bp.route("/contests/<slug>/teams/new", methods=["GET", "POST"])
@staff_required("organizer")
def team_new(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = TeamForm()
    if form.validate_on_submit() and _save(form, contest, None):
        flash(_("The team was registered."), "success")
        return redirect(url_for("organizer.teams_list", slug=slug))
    return render_template("organizer/team_form.html", form=form, contest=contest, team=None,
                           clusters=teams.cluster_names(contest))


@bp.route("/contests/<slug>/teams/<int:team_id>", methods=["GET", "POST"])
@staff_required("organizer")
def team_edit(slug: str, team_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    team = teams.get_team(contest, team_id)
    form = TeamForm(obj=team)
    if not form.is_submitted():
        form.fill({"members": [{"full_name": m.full_name, "role": m.role} for m in team.members]})
    if form.validate_on_submit() and _save(form, contest, team):
        flash(_("Saved."), "success")
        return redirect(url_for("organizer.teams_list", slug=slug))
    return render_template("organizer/team_form.html", form=form, contest=contest, team=team,
                           clusters=teams.cluster_names(contest), deletable=team_removal.deletable(team))


@bp.post("/contests/<slug>/teams/<int:team_id>/delete")
@staff_required("organizer")
def team_delete(slug: str, team_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    team = teams.get_team(contest, team_id)
    name = team.name
    if not run_write(None, lambda: team_removal.delete_team(team, acting_user())):
        return redirect(url_for("organizer.team_edit", slug=slug, team_id=team_id))
    flash(_("%(team)s is deleted.", team=name), "success")
    return redirect(url_for("organizer.teams_list", slug=slug))


@bp.post("/contests/<slug>/teams/<int:team_id>/withdraw")
@staff_required("organizer")
def team_withdraw(slug: str, team_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    team = teams.get_team(contest, team_id)
    reason = request.form.get("reason", "")
    if run_write(None, lambda: team_removal.withdraw_team(team, acting_user(), reason)):
        flash(_("%(team)s has withdrawn: it leaves the standings, the draws and the judges' tablets.",
                team=team.name), "success")
    return redirect(url_for("organizer.team_edit", slug=slug, team_id=team_id))


@bp.post("/contests/<slug>/teams/<int:team_id>/reinstate")
@staff_required("organizer")
def team_reinstate(slug: str, team_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    team = teams.get_team(contest, team_id)
    if run_write(None, lambda: team_removal.reinstate_team(team, acting_user())):
        flash(_("%(team)s takes part again.", team=team.name), "success")
    return redirect(url_for("organizer.team_edit", slug=slug, team_id=team_id))
