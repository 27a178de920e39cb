"""Organizer pages for draws by lot: draw (preview), confirm or discard, step the projector, move
a team with a reason, print the result. Registered on the organizer blueprint by import."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import draw_texts, realtime
from contest.auth.guards import staff_required
from contest.domain import draw as domain
from contest.localtime import file_stamp
from contest.models import Contest, Round
from contest.models.draws import Draw
from contest.organizer.common import run_write
from contest.organizer.draw_forms import (
    ClusterDrawForm,
    ConfirmForm,
    MoveForm,
    OrderDrawForm,
    PackageDrawForm,
    PlainForm,
    RevealForm,
)
from contest.organizer.routes import bp
from contest.services import contests, papers
from contest.services import draw as draws
from contest.services.draw import ClusterRules


def _round(contest: Contest, round_slug: str | None) -> Round:
    if round_slug:
        return contests.round_by_slug(contest, round_slug)
    return contest.rounds[0] if contest.rounds else contests.round_by_slug(contest, "")


def _index(contest: Contest, rnd: Round, status: int = 200, **forms: object) -> tuple[str, int]:
    records = draws.list_draws(contest.id, rnd.id)
    last = next((d for d in reversed(records) if d.kind == "clusters"), None)
    # A confirmed cluster or running-order draw is final for the round: its form gives way to a link.
    confirmed = {d.kind: d for d in records if d.status == "confirmed" and d.kind != "packages"}
    clusters_form = forms.get("clusters") or ClusterDrawForm(
        separations="\n".join(f"{s['name']}: {'; '.join(s['teams'])}" for s in last.inputs["separations"])
        if last else "")  # fmt: skip
    page = render_template(
        "draw/index.html", contest=contest, rnd=rnd, draws=records, confirmed=confirmed,
        grouped=contests.entries_by_cluster(rnd), entries=draws.live_entries(rnd), texts=draw_texts,
        clusters_form=clusters_form, order_form=forms.get("order") or OrderDrawForm(),
        packages_form=forms.get("packages") or PackageDrawForm(), plain=PlainForm(),
    )
    return page, status


@bp.get("/contests/<slug>/draws")
@staff_required("organizer")
def draws_index(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    return _index(contest, _round(contest, request.args.get("round")))


def _drawn(contest: Contest, rnd: Round, form: ClusterDrawForm | OrderDrawForm | PackageDrawForm, key: str,
           make) -> Response | tuple[str, int]:  # type: ignore[no-untyped-def]
    """Validate, draw a preview with the typed or a generated seed, show it; or the page again."""
    if not form.validate_on_submit():
        return _index(contest, rnd, 400, **{key: form})
    generated = bool(form.draw_generated.data) or not (form.seed.data or "").strip()
    seed = domain.generate_seed() if generated else form.seed.data
    written = run_write(form, lambda: make(seed, generated))
    if not written:
        return _index(contest, rnd, 400, **{key: form})
    return redirect(url_for("organizer.draw_detail", slug=contest.slug, draw_id=written.value.id))


@bp.post("/contests/<slug>/draws/<round_slug>/clusters")
@staff_required("organizer")
def draw_clusters(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    rnd, form = contests.round_by_slug(contest, round_slug), ClusterDrawForm()
    rules = ClusterRules(form.stratify.data, form.use_pots.data, form.separations.data or "")
    return _drawn(contest, rnd, form, "clusters",
                  lambda seed, gen: draws.preview_clusters(_actor(), rnd, seed, rules, gen))


@bp.post("/contests/<slug>/draws/<round_slug>/running-order")
@staff_required("organizer")
def draw_running_order(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    contest, rnd = contests.get_contest_round(slug, round_slug)
    return _drawn(contest, rnd, OrderDrawForm(), "order",
                  lambda seed, gen: draws.preview_running_order(_actor(), rnd, seed, gen))


@bp.post("/contests/<slug>/draws/<round_slug>/packages")
@staff_required("organizer")
def draw_packages(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    rnd, form = contests.round_by_slug(contest, round_slug), PackageDrawForm()
    return _drawn(contest, rnd, form, "packages", lambda seed, gen: draws.preview_packages(
        _actor(), rnd, seed, form.label.data or "", form.packages.data or "", gen))


@bp.post("/contests/<slug>/draws/<round_slug>/home-clusters")
@staff_required("organizer")
def draw_home_clusters(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    _contest, rnd = contests.get_contest_round(slug, round_slug)
    if PlainForm().validate_on_submit():
        written = run_write(None, lambda: draws.apply_home_clusters(_actor(), rnd))
        if written:
            unplaced = written.value
            flash(_("Every team is in its home cluster.") if not unplaced else
                  _("Teams without a matching home cluster: %(teams)s", teams=", ".join(unplaced)),
                  "success" if not unplaced else "warning")  # fmt: skip
    return redirect(url_for("organizer.draws_index", slug=slug, round=round_slug))


@bp.get("/contests/<slug>/draws/<int:draw_id>")
@staff_required("organizer")
def draw_detail(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    record = draws.get_draw(contest, draw_id)
    return render_template(
        "draw/detail.html", contest=contest, record=record, result=draws.result_of(record), texts=draw_texts,
        groups=draws.ordered_groups(record), moves=draws.moves(record), confirm_form=ConfirmForm(),
        plain=PlainForm(), reveal_form=RevealForm(), move_form=_move_form(record),
    )


def _move_form(record: Draw) -> MoveForm:
    form = MoveForm()
    entries = draws.live_entries(record.round)
    form.team_id.choices = [(e.team_id, f"{e.team.name} ({e.cluster.name if e.cluster else '—'})") for e in entries]
    form.cluster_id.choices = [(c.id, c.name) for c in record.round.clusters]
    return form


def _act(contest: Contest, record: Draw, action, push: bool = False) -> Response:  # type: ignore[no-untyped-def]
    """Run one write on a draw, commit, push the projector state, back to the draw's page."""

    def act() -> dict | None:
        action()
        return draws.reveal_payload(record) if push else None  # built before the commit, pushed after

    payload = run_write(None, act).value
    if payload is not None:
        realtime.push("draw.reveal", payload, realtime.room_public(contest.id))
    return redirect(url_for("organizer.draw_detail", slug=contest.slug, draw_id=record.id))


@bp.post("/contests/<slug>/draws/<int:draw_id>/confirm")
@staff_required("organizer")
def draw_confirm(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    record, form = draws.get_draw(contest, draw_id), ConfirmForm()
    if not form.validate_on_submit():
        return redirect(url_for("organizer.draw_detail", slug=slug, draw_id=draw_id))
    return _act(contest, record, lambda: draws.confirm(_actor(), record, bool(form.accept_unmet.data)), push=True)


@bp.post("/contests/<slug>/draws/<int:draw_id>/discard")
@staff_required("organizer")
def draw_discard(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    record = draws.get_draw(contest, draw_id)
    if not PlainForm().validate_on_submit():
        return redirect(url_for("organizer.draw_detail", slug=slug, draw_id=draw_id))
    return _act(contest, record, lambda: draws.discard(_actor(), record))


@bp.post("/contests/<slug>/draws/<int:draw_id>/reveal")
@staff_required("organizer")
def draw_reveal(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    record, form = draws.get_draw(contest, draw_id), RevealForm()
    if not form.validate_on_submit():
        return redirect(url_for("organizer.draw_detail", slug=slug, draw_id=draw_id))
    return _act(contest, record, lambda: draws.reveal(record, form.action.data or ""), push=True)


@bp.post("/contests/<slug>/draws/<int:draw_id>/move")
@staff_required("organizer")
def draw_move(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    record = draws.get_draw(contest, draw_id)
    form = _move_form(record)
    if not form.validate_on_submit():
        flash(_("Choose a team and a cluster."), "error")
        return redirect(url_for("organizer.draw_detail", slug=slug, draw_id=draw_id))

    def move() -> None:
        broken = draws.move_team(_actor(), record, form.team_id.data, form.cluster_id.data, form.reason.data or "")
        if broken:
            flash(_("Moved. This breaks the separation: %(names)s.", names="; ".join(broken)), "warning")

    return _act(contest, record, move)


@bp.get("/contests/<slug>/draws/<round_slug>/result.pdf")
@staff_required("organizer")
def draw_sheet(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    contest, rnd = contests.get_contest_round(slug, round_slug)
    filename = f"boc-tham-{contest.slug}-{rnd.slug}-{file_stamp()}.pdf"
    return Response(papers.draw_result_pdf(contest, rnd), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


def _actor():  # type: ignore[no-untyped-def]
    return current_user._get_current_object()
