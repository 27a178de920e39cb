"""Bodies and their accounts, for the system administrator."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.admin import bp
from contest.admin.forms import AccountForm, BodyForm, GrantForm, role_labels
from contest.models import User
from contest.organizer.common import run_write
from contest.organizer.form_base import choices
from contest.services import accounts, bodies
from contest.services.lookup import scoped


@bp.route("/bodies", methods=["GET", "POST"])
def bodies_page():  # type: ignore[no-untyped-def]
    tree = bodies.all_bodies()
    form = BodyForm()
    form.parent.choices = choices([("", _("(top level)"))] + [(b.slug, b.name) for b in tree])
    if form.validate_on_submit() and run_write(form, lambda: bodies.create_body(
            form.slug.data, form.name.data, parent=bodies.get_body(form.parent.data) if form.parent.data else None,
            level=form.level.data or "", actor=current_user._get_current_object())):
        flash(_("The organizing body is created."), "success")
        return redirect(url_for("admin.body_page", body_slug=form.slug.data.strip()))
    return render_template("admin/bodies.html", tree=tree, depth=bodies.depths(tree), form=form)


@bp.get("/bodies/<body_slug>")
def body_page(body_slug: str):  # type: ignore[no-untyped-def]
    return _render_body(body_slug, AccountForm(), GrantForm())


@bp.post("/bodies/<body_slug>/accounts")
def account_new(body_slug: str):  # type: ignore[no-untyped-def]
    body = bodies.get_body(body_slug)
    form = AccountForm()
    if form.validate_on_submit() and run_write(form, lambda: accounts.create_user(
            form.username.data, form.password.data, role=form.role.data, body=body,
            display_name=form.display_name.data or "", actor=current_user._get_current_object())):
        flash(_("The account is created."), "success")
        return redirect(url_for("admin.body_page", body_slug=body_slug))
    return _render_body(body_slug, form, GrantForm()), 422


@bp.post("/bodies/<body_slug>/roles")
def role_grant(body_slug: str):  # type: ignore[no-untyped-def]
    body = bodies.get_body(body_slug)
    form = GrantForm()
    if form.validate_on_submit() and run_write(form, lambda: accounts.grant_role(
            accounts.find_user(form.username.data), body, form.role.data, actor=current_user._get_current_object())):
        flash(_("The role is granted."), "success")
        return redirect(url_for("admin.body_page", body_slug=body_slug))
    return _render_body(body_slug, AccountForm(), form), 422


@bp.post("/bodies/<body_slug>/roles/revoke")
def role_revoke(body_slug: str):  # type: ignore[no-untyped-def]
    body = bodies.get_body(body_slug)
    user = scoped(User, request.form.get("user_id", type=int) or 0)
    role = request.form.get("role", "")
    if run_write(None, lambda: accounts.revoke_role(user, body, role, actor=current_user._get_current_object())):
        flash(_("The role is taken away."), "success")
    return redirect(url_for("admin.body_page", body_slug=body_slug))


def _render_body(body_slug: str, account_form: AccountForm, grant_form: GrantForm) -> str:
    body = bodies.get_body(body_slug)
    return render_template("admin/body.html", body=body, people=bodies.people_of(body),
                           contests=bodies.contests_of(body), account_form=account_form,
                           grant_form=grant_form, role_labels=role_labels())
