"""Results desk pages: the overview with every download, the papers, the exports, publishing."""

import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.auth.guards import staff_required
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.localtime import file_stamp
from contest.models import Round
from contest.organizer.common import run_write
from contest.results import bp
from contest.services import audit, backup_schedule, contests, exports, papers, results

PDF, XLSX, CSV = "application/pdf", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"


def download(data: bytes, name: str, mimetype: str, inline: bool = False):  # type: ignore[no-untyped-def]
    response = send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=not inline, download_name=name)
    response.headers["Cache-Control"] = "no-store"  # papers change with every score
    return response


@bp.get("/<slug>/")
@staff_required()
def index(slug: str):  # type: ignore[no-untyped-def]
    schedule = backup_schedule.schedule_from(current_app.config, current_app.instance_path)
    last = backup_schedule.latest(schedule.folder)
    backups = {"schedule": schedule, "last": last, "overdue": backup_schedule.is_overdue(last, schedule)}
    contest = contests.get_contest(slug)
    rounds = [(rnd, results.round_results(rnd), results.judge_panels(rnd)) for rnd in contest.rounds]
    return render_template("results/index.html", contest=contest, rounds=rounds, backups=backups)


def _cluster_arg(rnd: Round) -> int | None:
    """``?cluster=<id>``: a cluster of this round (404 otherwise); absent for a round without clusters."""
    value = request.args.get("cluster", "")
    if not value:
        if rnd.clusters:
            abort(404)
        return None
    if not value.isdigit() or int(value) not in {c.id for c in rnd.clusters}:
        abort(404)
    return int(value)


@bp.get("/<slug>/<round_slug>/bien-ban.pdf")
@staff_required()
def minutes_pdf(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    contest, rnd = contests.get_contest_round(slug, round_slug)
    if request.args.get("cluster") == "all":
        data = papers.minutes_pdf(rnd, every_cluster=True)
        return download(data, f"bien-ban-{contest.slug}-{rnd.slug}-tat-ca-{file_stamp()}.pdf", PDF)
    cluster_id = _cluster_arg(rnd)
    suffix = f"-cum-{_position(rnd, cluster_id)}" if cluster_id else ""
    name = f"bien-ban-{contest.slug}-{rnd.slug}{suffix}-{file_stamp()}.pdf"
    return download(papers.minutes_pdf(rnd, cluster_id), name, PDF)


def _position(rnd: Round, cluster_id: int | None) -> int:
    return next(i for i, c in enumerate(rnd.clusters, start=1) if c.id == cluster_id)


@bp.get("/<slug>/<round_slug>/phieu-cham.pdf")
@staff_required()
def judge_sheets_pdf(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    contest, rnd = contests.get_contest_round(slug, round_slug)
    cluster_id = _cluster_arg(rnd)
    cluster = next((c for c in rnd.clusters if c.id == cluster_id), None)
    judge_id = request.args.get("judge", type=int)
    if judge_id is not None and judge_id not in {j.id for j in results.judge_panels(rnd).get(cluster_id, [])}:
        abort(404)
    suffix = f"-cum-{_position(rnd, cluster_id)}" if cluster_id else ""
    name = f"phieu-cham-{contest.slug}-{rnd.slug}{suffix}-{file_stamp()}.pdf"
    return download(papers.judge_sheets_pdf(rnd, cluster, judge_id), name, PDF)


@bp.get("/<slug>/<round_slug>/xep-hang.csv")
@staff_required()
def standings_csv(slug: str, round_slug: str):  # type: ignore[no-untyped-def]
    contest, rnd = contests.get_contest_round(slug, round_slug)
    return download(exports.standings_csv(rnd), f"xep-hang-{contest.slug}-{rnd.slug}-{file_stamp()}.csv",
                    f"{CSV}; charset=utf-8")


@bp.get("/<slug>/ket-qua.xlsx")
@staff_required()
def workbook(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    return download(exports.contest_workbook(contest), f"hoi-thi-{contest.slug}-{file_stamp()}.xlsx", XLSX)


@bp.post("/<slug>/backup")
@staff_required("organizer")
def backup_now(slug: str):  # type: ignore[no-untyped-def]
    """"Sao lưu ngay": the same consistent copy as ``contest backup``, into the configured folder."""
    contest = contests.get_contest(slug)
    schedule = backup_schedule.schedule_from(current_app.config, current_app.instance_path)
    db.session.rollback()  # no transaction of ours open while the copy reads (SQLite's lock)
    try:
        made = backup_schedule.make_backup(current_app.config["SQLALCHEMY_DATABASE_URI"], schedule)
    except (OSError, DomainError, RuntimeError) as error:
        flash(_("The backup failed: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("results.index", slug=contest.slug))
    run_write(None, lambda: audit.record(current_user._get_current_object(), "backup.made", str(made.path),
                                         new={"size": made.size}, contest_id=contest.id))
    flash(_("Backup written: %(path)s (%(size)s bytes).", path=str(made.path), size=f"{made.size:,}"), "success")
    return redirect(url_for("results.index", slug=contest.slug))


@bp.post("/<slug>/publish")
@staff_required("organizer")
def publish(slug: str):  # type: ignore[no-untyped-def]
    wanted = request.form.get("published") == "1"
    run_write(None, lambda: results.publish(slug, current_user._get_current_object(), wanted))
    flash(_("The results are now public.") if wanted else _("The results are no longer public."), "success")
    return redirect(url_for("results.index", slug=slug))
