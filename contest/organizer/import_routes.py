"""Organizer pages: bulk team import (upload -> preview with every bad row -> confirm, all or none)."""

from pathlib import Path

from flask import abort, current_app, flash, redirect, render_template, send_from_directory, url_for
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.domain.errors import DomainError
from contest.domain.team_import import COLUMNS, REQUIRED, UNIT_TYPE_LABELS, ImportCheck
from contest.error_messages import attach, message_for
from contest.models import Contest
from contest.organizer.common import acting_user, load_contest, run_write
from contest.organizer.routes import bp
from contest.organizer.team_forms import ActionForm, ImportForm
from contest.resources import resource_dir
from contest.services import team_import

SAMPLES = {"csv": "sample-teams.csv", "xlsx": "sample-teams.xlsx"}
PREVIEW_ROWS = 200


def _imports() -> Path:
    """Where uploads wait for confirmation: the instance's ``imports`` folder."""
    return Path(current_app.instance_path) / "imports"


def _upload_page(contest: Contest, form: ImportForm):  # type: ignore[no-untyped-def]
    return render_template("organizer/import.html", contest=contest, form=form, columns=COLUMNS,
                           required=REQUIRED, unit_types=UNIT_TYPE_LABELS)


@bp.route("/contests/<slug>/teams/import", methods=["GET", "POST"])
@staff_required("organizer")
def team_import_upload(slug: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    form = ImportForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            token = team_import.stage(_imports(), contest, acting_user(), upload.filename or "", upload.read())
        except DomainError as error:
            attach(form, [error])
        else:
            return redirect(url_for("organizer.team_import_preview", slug=slug, token=token))
    return _upload_page(contest, form)


@bp.get("/contests/<slug>/teams/import/sample.<ext>")
@staff_required("organizer")
def team_import_sample(slug: str, ext: str):  # type: ignore[no-untyped-def]
    load_contest(slug)
    if ext not in SAMPLES:
        abort(404)
    return send_from_directory(resource_dir("seeds"), SAMPLES[ext], as_attachment=True)


def _preview(contest: Contest, pending: team_import.Pending, result: ImportCheck):  # type: ignore[no-untyped-def]
    return render_template(
        "organizer/import_preview.html", contest=contest, pending=pending, result=result,
        file_errors=[message_for(e) for e in result.file_errors],
        row_errors=[(e.row, e.column, message_for(e.error)) for e in result.errors],
        preview=result.teams[:PREVIEW_ROWS], form=ActionForm())


@bp.get("/contests/<slug>/teams/import/<token>")
@staff_required("organizer")
def team_import_preview(slug: str, token: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    try:
        pending = team_import.load(_imports(), contest, acting_user(), token)
    except DomainError as error:
        flash(message_for(error), "error")
        return redirect(url_for("organizer.team_import_upload", slug=slug))
    return _preview(contest, pending, team_import.check(contest, pending))


@bp.post("/contests/<slug>/teams/import/<token>")
@staff_required("organizer")
def team_import_confirm(slug: str, token: str):  # type: ignore[no-untyped-def]
    contest = load_contest(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    # A file with a bad row saves nothing: the commit then has nothing to write.
    written = run_write(None, lambda: team_import.confirm(_imports(), contest, acting_user(), token))
    if not written:
        return redirect(url_for("organizer.team_import_upload", slug=slug))
    result, saved = written.value
    if not saved:
        flash(_("Nothing was saved: the file has problems. Correct them and upload it again."), "error")
        return _preview(contest, team_import.load(_imports(), contest, acting_user(), token), result)
    team_import.discard(_imports(), token)
    flash(_("%(count)s teams were imported.", count=len(saved)), "success")
    return redirect(url_for("organizer.teams_list", slug=slug))
