"""The audit log browser and its CSV export."""

from flask import Response, render_template, request

from contest.auth.guards import staff_required
from contest.desk import bp
from contest.desk.scope import current_scope
from contest.extensions import db
from contest.localtime import file_stamp
from contest.services import audit, audit_log, contests


@bp.get("/<slug>/audit")
@staff_required("head_judge")
def audit_browser(slug: str):  # type: ignore[no-untyped-def]
    scope = current_scope(slug)
    contest = scope.contest
    action = request.args.get("action", "")[:80]
    actor = request.args.get("actor", "")[:120]
    before = request.args.get("before", type=int)
    events = audit_log.page(contest.id, action, actor, before)
    broken = audit.verify_chain() if request.args.get("verify") else None
    return render_template("desk/audit.html", scope=scope, events=events, action=action, actor=actor,
                           actions=audit_log.actions(contest.id), verified=bool(request.args.get("verify")),
                           broken=broken, next_before=events[-1].id if len(events) == 100 else None)


@bp.get("/<slug>/audit.csv")
@staff_required("head_judge")
def audit_csv(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    text = audit_log.csv_text(contest.id, request.args.get("action", "")[:80], request.args.get("actor", "")[:120])
    name = f"audit-{contest.slug}-{file_stamp()}.csv"
    db.session.rollback()  # end the read before the body goes out
    return Response(text, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
