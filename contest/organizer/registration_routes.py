"""Organizer pages: open self-registration until a deadline, invite units, decide on submissions."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import to_user_timezone, to_utc

from contest.auth.guards import staff_required
from contest.domain.teams import TeamSpec
from contest.models import Contest, Registration
from contest.organizer.common import acting_user, load_contest, run_write, save
from contest.organizer.routes import bp
from contest.organizer.team_forms import ActionForm, InviteForm, ReturnForm, WindowForm
from contest.services import registration


def _page(contest: Contest, window: WindowForm | None = None, invite: InviteForm | None = None):  # type: ignore[no-untyped-def]
    if window is None:
        window = WindowForm(formdata=None, registration_open=contest.registration_open)
        if contest.registration_deadline:
            window.deadline.data = to_user_timezone(contest.registration_deadline).replace(tzinfo=None)
    rows = registration.list_registrations(contest)
    counts = {state: sum(1 for r in rows if r.status == state) for state in ("invited", "submitted", "returned",
                                                                                "approved")}
    return render_template("organizer/registrations.html", contest=contest, window=window,
                           invite=invite or InviteForm(formdata=None), registrations=rows, counts=counts)


@bp.get("/contests/<slug>/registrations")
@staff_required("organizer")
def registrations(slug: str):  # type: ignore[no-untyped-def]
    return _page(load_contest(slug))


@bp.post("/contests/<slug>/registrations/window")
@staff_required("organizer")
def registration_window(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = WindowForm()
    if form.validate_on_submit():
        # The organizer types Hà Nội time; the database keeps naive UTC.
        deadline = to_utc(form.deadline.data) if form.deadline.data else None
        if run_write(form, lambda: registration.set_window(contest, form.registration_open.data, deadline,
                                                           acting_user())):
            flash(_("Registration is open.") if contest.registration_open else _("Registration is closed."),
                  "success")
            return redirect(url_for("organizer.registrations", slug=slug))
    return _page(contest, window=form)


@bp.post("/contests/<slug>/registrations/invite")
@staff_required("organizer")
def registration_invite(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = InviteForm()
    made: dict = {}

    def invite() -> None:
        made["registration"], made["token"] = registration.invite(
            contest, form.unit_name.data, form.unit_type.data, acting_user())

    if form.validate_on_submit() and run_write(form, invite):
        return _link_page(contest, made["registration"], made["token"])
    return _page(contest, invite=form)


def _link_page(contest: Contest, found: Registration, token: str):  # type: ignore[no-untyped-def]
    """The only time the link is shown: it is not stored anywhere in clear."""
    path = url_for("public.register", token=token)
    base = current_app.config.get("PUBLIC_BASE_URL")
    link = base.rstrip("/") + path if base else url_for("public.register", token=token, _external=True)
    response = render_template("organizer/registration_link.html", contest=contest, registration=found, link=link)
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/contests/<slug>/registrations/<int:registration_id>", methods=["GET"])
@staff_required("organizer")
def registration_detail(slug: str, registration_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    found = registration.get_registration(contest, registration_id)
    spec = TeamSpec.from_payload(found.payload) if found.payload else None
    return render_template("organizer/registration_detail.html", contest=contest, registration=found, spec=spec,
                           return_form=ReturnForm(formdata=None), action_form=ActionForm())


@bp.post("/contests/<slug>/registrations/<int:registration_id>/approve")
@staff_required("organizer")
def registration_approve(slug: str, registration_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    found = registration.get_registration(contest, registration_id)
    save(ActionForm(), lambda: registration.approve(found, acting_user()),
         _("Approved: %(unit)s is now a registered team.", unit=found.unit_name))
    return redirect(url_for("organizer.registration_detail", slug=slug, registration_id=registration_id))


@bp.post("/contests/<slug>/registrations/<int:registration_id>/return")
@staff_required("organizer")
def registration_return(slug: str, registration_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    found = registration.get_registration(contest, registration_id)
    form = ReturnForm()
    if save(form, lambda: registration.send_back(found, form.reason.data, acting_user()),
            _("Returned to the unit for correction.")):
        return redirect(url_for("organizer.registration_detail", slug=slug, registration_id=registration_id))
    spec = TeamSpec.from_payload(found.payload) if found.payload else None
    return render_template("organizer/registration_detail.html", contest=contest, registration=found, spec=spec,
                           return_form=form, action_form=ActionForm())


@bp.post("/contests/<slug>/registrations/<int:registration_id>/withdraw")
@staff_required("organizer")
def registration_withdraw(slug: str, registration_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    found = registration.get_registration(contest, registration_id)
    unit = found.unit_name
    if save(ActionForm(), lambda: registration.withdraw_invitation(found, acting_user()),
            _("The invitation to %(unit)s is withdrawn; its link no longer works.", unit=unit)):
        return redirect(url_for("organizer.registrations", slug=slug))
    return redirect(url_for("organizer.registration_detail", slug=slug, registration_id=registration_id))


@bp.post("/contests/<slug>/registrations/<int:registration_id>/reissue")
@staff_required("organizer")
def registration_reissue(slug: str, registration_id: int):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    found = registration.get_registration(contest, registration_id)
    made: dict = {}
    if ActionForm().validate_on_submit() and run_write(
        None, lambda: made.setdefault("token", registration.reissue(found, acting_user()))
    ):
        return _link_page(contest, found, made["token"])
    return redirect(url_for("organizer.registration_detail", slug=slug, registration_id=registration_id))
