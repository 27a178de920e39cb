"""Organizer pages: the prize tiers of a contest (by rank, best in a part, audience favourite)."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.models import Contest
from contest.organizer.common import acting_user, load_contest, save
from contest.organizer.form_base import choices
from contest.organizer.forms import PrizeForm
from contest.organizer.routes import bp
from contest.organizer.team_forms import ActionForm
from contest.services import part_setup

PRIZE_ALIASES = {"position": "order"}


def _with_parts(form: PrizeForm, contest: Contest) -> PrizeForm:
    codes = sorted({(p.code, p.name) for rnd in contest.rounds for p in rnd.parts})
    form.part_code.choices = choices([("", "—")] + [(code, f"{name} ({code})") for code, name in codes])
    return form


@bp.route("/contests/<slug>/prizes", methods=["GET", "POST"])
@staff_required("organizer")
def prizes(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = _with_parts(PrizeForm(), contest)
    if not form.is_submitted():
        form.order.data = len(contest.prize_tiers) + 1
        form.round_kind.data = "final"
    if save(form, lambda: part_setup.create_prize(contest, form.to_spec(), acting_user()), _("The prize was added."),
            PRIZE_ALIASES):
        return redirect(url_for("organizer.prizes", slug=slug))
    part_names = {p.code: p.name for rnd in contest.rounds for p in rnd.parts}
    return render_template("organizer/prizes.html", contest=contest, form=form, part_names=part_names)


@bp.route("/contests/<slug>/prizes/<int:tier_id>", methods=["GET", "POST"])
@staff_required("organizer")
def prize_edit(slug: str, tier_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    tier = part_setup.get_prize(contest, tier_id)
    form = _with_parts(PrizeForm(obj=tier), contest)
    if not form.is_submitted():
        form.order.data = tier.position + 1
        form.part_code.data = tier.part_code or ""
    if save(form, lambda: part_setup.update_prize(tier, form.to_spec(), acting_user()), _("Saved."), PRIZE_ALIASES):
        return redirect(url_for("organizer.prizes", slug=slug))
    return render_template("organizer/prize_form.html", contest=contest, form=form, tier=tier,
                           action_form=ActionForm())


@bp.post("/contests/<slug>/prizes/<int:tier_id>/delete")
@staff_required("organizer")
def prize_delete(slug: str, tier_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    tier = part_setup.get_prize(contest, tier_id)
    save(ActionForm(), lambda: part_setup.delete_prize(tier, acting_user()), _("The prize was deleted."))
    return redirect(url_for("organizer.prizes", slug=slug))
