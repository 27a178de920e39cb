"""Organizer pages: the rounds of a contest and the clusters of its preliminary round."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.organizer.common import acting_user, load_contest, save
from contest.organizer.forms import ClusterForm, RoundForm
from contest.organizer.routes import bp
from contest.organizer.team_forms import ActionForm
from contest.services import contest_setup


@bp.get("/contests/<slug>/rounds")
@staff_required("organizer")
def rounds(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    return render_template("organizer/rounds.html", contest=contest, action_form=ActionForm())


@bp.route("/contests/<slug>/rounds/new", methods=["GET", "POST"])
@staff_required("organizer")
def round_new(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = RoundForm()
    if not form.is_submitted():
        has_preliminary = any(r.kind == "preliminary" for r in contest.rounds)
        form.kind.data = "final" if has_preliminary else "preliminary"
        form.name.data = _("Final round") if has_preliminary else _("Preliminary round")
    written = save(form, lambda: contest_setup.create_round(contest, form.to_spec(), acting_user()),
                   _("The round was added."))
    if written:
        return redirect(url_for("organizer.round_edit", slug=slug, round_id=written.value.id))
    return render_template("organizer/round_form.html", form=form, contest=contest, rnd=None)


@bp.route("/contests/<slug>/rounds/<int:round_id>", methods=["GET", "POST"])
@staff_required("organizer")
def round_edit(slug: str, round_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    rnd = contest_setup.round_by_id(contest, round_id)
    form = RoundForm(obj=rnd)
    if save(form, lambda: contest_setup.update_round(rnd, form.to_spec(), acting_user()), _("Saved.")):
        return redirect(url_for("organizer.round_edit", slug=slug, round_id=rnd.id))
    return render_template("organizer/round_form.html", form=form, contest=contest, rnd=rnd,
                           cluster_form=ClusterForm(formdata=None), action_form=ActionForm())


@bp.post("/contests/<slug>/rounds/<int:round_id>/delete")
@staff_required("organizer")
def round_delete(slug: str, round_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    rnd = contest_setup.round_by_id(contest, round_id)
    if save(ActionForm(), lambda: contest_setup.delete_round(rnd, acting_user()), _("The round was deleted.")):
        return redirect(url_for("organizer.rounds", slug=slug))
    return redirect(url_for("organizer.round_edit", slug=slug, round_id=round_id))


@bp.post("/contests/<slug>/rounds/<int:round_id>/clusters")
@staff_required("organizer")
def cluster_add(slug: str, round_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    rnd = contest_setup.round_by_id(contest, round_id)
    cluster_form = ClusterForm()
    if save(cluster_form, lambda: contest_setup.add_cluster(rnd, cluster_form.to_spec(), acting_user()),
            _("The cluster was added.")):
        return redirect(url_for("organizer.round_edit", slug=slug, round_id=rnd.id) + "#clusters")
    return render_template("organizer/round_form.html", form=RoundForm(obj=rnd, formdata=None), contest=contest,
                           rnd=rnd, cluster_form=cluster_form, action_form=ActionForm())


@bp.route("/contests/<slug>/clusters/<int:cluster_id>", methods=["GET", "POST"])
@staff_required("organizer")
def cluster_edit(slug: str, cluster_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    cluster = contest_setup.get_cluster(contest, cluster_id)
    form = ClusterForm(obj=cluster)
    if save(form, lambda: contest_setup.update_cluster(cluster, form.to_spec(), acting_user()), _("Saved.")):
        return redirect(url_for("organizer.round_edit", slug=slug, round_id=cluster.round_id) + "#clusters")
    return render_template("organizer/cluster_form.html", form=form, contest=contest, cluster=cluster,
                           action_form=ActionForm())


@bp.post("/contests/<slug>/clusters/<int:cluster_id>/delete")
@staff_required("organizer")
def cluster_delete(slug: str, cluster_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    cluster = contest_setup.get_cluster(contest, cluster_id)
    round_id = cluster.round_id
    save(ActionForm(), lambda: contest_setup.delete_cluster(cluster, acting_user()), _("The cluster was deleted."))
    return redirect(url_for("organizer.round_edit", slug=slug, round_id=round_id) + "#clusters")
