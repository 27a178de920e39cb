"""Certificate pages: adjust the template, import a list of people, print in bulk."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import staff_required
from contest.domain.names import clean_name
from contest.error_messages import message_for
from contest.localtime import file_stamp
from contest.models import Contest
from contest.models.results import CERTIFICATE_KINDS
from contest.organizer.common import run_write
from contest.results import bp
from contest.results.forms import ImportForm, PrintForm, TemplateForm
from contest.results.routes import PDF, download
from contest.services import certificates, contests
from contest.services.certificates import TEXT_FIELDS


def _kind(kind: str) -> str:
    if kind not in CERTIFICATE_KINDS:
        abort(404)
    return kind


@bp.route("/<slug>/certificates/<kind>", methods=["GET", "POST"])
@staff_required()
def certificate_template(slug: str, kind: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    template = certificates.template_for(contest, _kind(kind))
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        upload = form.background.data
        background = (upload.filename or "", upload.read()) if upload and upload.filename else None
        fields = {name: getattr(form, name).data or "" for name in TEXT_FIELDS}
        written = run_write(None, lambda: certificates.save_template(
            contest, kind, current_user._get_current_object(), fields, form.issued_on.data, background,
            form.drop_background.data))
        if written:
            flash(_("The certificate template is saved."), "success")
            if written.value:
                flash(_("Unknown placeholders, printed as written: %(names)s",
                        names=", ".join("{" + u + "}" for u in written.value)), "error")
            return redirect(url_for("results.certificate_template", slug=slug, kind=kind))
    return _page(contest, kind, template, form)


def _page(contest: Contest, kind: str, template, form: TemplateForm, status: int = 200):  # type: ignore[no-untyped-def]
    print_form = PrintForm(formdata=None, source="prizes" if kind == "team" else "members")
    print_form.prizes.choices = [(p, p) for p in certificates.prize_names(contest)]
    return render_template("results/certificates.html", contest=contest, kind=kind, template=template, form=form,
                           import_form=ImportForm(), print_form=print_form), status


@bp.post("/<slug>/certificates/individual/import")
@staff_required()
def certificate_import(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    form = ImportForm()
    upload = form.file.data if form.validate_on_submit() else None
    if not upload or not upload.filename:
        flash(_("Choose a file to import."), "error")
        return redirect(url_for("results.certificate_template", slug=slug, kind="individual"))
    # A list with bad rows stores nothing (the service returns before writing), so committing it is harmless.
    written = run_write(None, lambda: certificates.import_recipients(
        contest, current_user._get_current_object(), upload.filename, upload.read()))
    parsed = written.value
    if parsed is not None and parsed.errors:
        for row, error in parsed.errors[:20]:
            flash(_("Row %(row)s: %(message)s", row=row, message=message_for(error)), "error")
        flash(_("Nothing was imported: correct these rows and import the file again."), "error")
    elif parsed is not None:
        flash(_("%(count)s people imported.", count=len(parsed.people)), "success")
    return redirect(url_for("results.certificate_template", slug=slug, kind="individual"))


@bp.get("/<slug>/certificates/<kind>.pdf")
@staff_required()
def certificates_pdf(slug: str, kind: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    form = PrintForm(request.args)
    form.prizes.choices = [(p, p) for p in request.args.getlist("prizes")]
    source = request.args.get("source") or ("prizes" if _kind(kind) == "team" else "members")
    if source == "prizes":
        people = certificates.team_recipients(contest, [clean_name(p) for p in form.prizes.data or [] if p.strip()])
    elif source == "members":
        roles = tuple(r for r in request.args.getlist("roles") if r in certificates.MEMBER_ROLES)
        people = certificates.member_recipients(contest, roles or certificates.MEMBER_ROLES,
                                                request.args.get("prize_teams_only") == "y")
    elif source == "imported":
        people = certificates.imported_recipients(contest)
    else:
        abort(404)
    if request.args.get("sample") == "1":
        people = people[:1]
    name = f"{'giay-khen' if kind == 'team' else 'giay-chung-nhan'}-{contest.slug}-{source}-{file_stamp()}.pdf"
    return download(certificates.render(contest, kind, people), name, PDF, inline=request.args.get("sample") == "1")
