"""The tablet's JSON endpoints: GET /judge/api/state and POST /judge/api/sheets.

An expired or missing session answers 401 JSON, never a redirect: the tablet keeps the
sheet queued and asks the judge to log in again. The session is checked before the CSRF
token, so a lost session reads as "log in again", not as a stale page.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, current_app, jsonify, request
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from contest import error_messages, metrics, realtime
from contest.domain.points import format_plain
from contest.extensions import csrf
from contest.judge import bp
from contest.models import Judge
from contest.models.base import utcnow
from contest.services import judge_clock, judge_state, judging
from contest.services.judging import FieldError, Receipt, SheetRefused, iso_utc


def judge_api(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        # Read the body before the session's user is loaded: under gevent a socket read inside
        # an open SQLite write transaction would stall every other request.
        request.get_data(cache=True)
        if not current_user.is_authenticated:
            return jsonify(error="login_required",
                           message=_("Your session has ended. Log in again to send your sheets.")), 401
        if not isinstance(current_user._get_current_object(), Judge):
            return jsonify(error="forbidden", message=_("You are not allowed to do this.")), 403
        if request.method == "POST":
            csrf.protect()
        return view(*args, **kwargs)

    return wrapped


@bp.get("/api/state")
@csrf.exempt
@judge_api
def api_state() -> Response:
    judge = current_user._get_current_object()
    return jsonify({**judge_state.judge_state(judge), "clock": clock_token(judge)})


def clock_token(judge: Judge) -> str:
    """The server's time now, signed for this judge: what the tablet attaches to its next sheets."""
    return judge_clock.issue(current_app.secret_key, judge.id, utcnow())


@bp.post("/api/sheets")
@csrf.exempt
@judge_api
def api_post_sheet() -> tuple[Response, int]:
    payload = request.get_json(force=True, silent=True)
    judge = current_user._get_current_object()
    clock = payload.get("clock") if isinstance(payload, dict) else None
    try:
        receipt = judging.submit_sheet(judge, payload, judge_clock.read(current_app.secret_key, judge.id, clock))
    except SheetRefused as refusal:
        metrics.sheet("refused", refusal.reason or refusal.error)
        return _refusal(refusal)
    metrics.sheet("stored" if receipt.created else "replayed")
    if receipt.created:
        # After the commit: no network I/O while a transaction is open.
        realtime.push("sheet", _staff_event(receipt), realtime.room_staff(receipt.contest_id))
    return jsonify(_receipt_json(receipt)), 201 if receipt.created else 200


def _receipt_json(receipt: Receipt) -> dict[str, Any]:
    return {"key": receipt.key, "sheet_id": receipt.sheet_id, "version": receipt.version,
            "status": receipt.status, "total": format_plain(receipt.total),
            "received_at": iso_utc(receipt.received_at)}


def _staff_event(receipt: Receipt) -> dict[str, Any]:
    return {**_receipt_json(receipt), "judge_id": receipt.judge_id, "entry_id": receipt.entry_id,
            "part_code": receipt.part_code}


def _refusal(refusal: SheetRefused) -> tuple[Response, int]:
    if refusal.status == 403:
        message = (_("You do not score this team (conflict of interest).") if refusal.reason == "conflict"
                   else _("This team is not in your panel's round and cluster."))
        return jsonify(error="forbidden", message=message), 403
    if refusal.status == 409:
        when = format_datetime(refusal.locked_at, format="HH:mm:ss dd/MM/yyyy")
        message = _("Scores for this team were locked at %(time)s: the sheet was not stored.", time=when)
        return jsonify(error="locked", message=message, locked_at=iso_utc(refusal.locked_at)), 409
    fields = {name: field_message(error) for name, error in refusal.fields.items()}
    if refusal.error == "key_reused":
        message = _("This sheet key was already used for a different sheet.")
    else:
        message = _("Some values are not valid: nothing was stored.")
    return jsonify(error=refusal.error, message=message, fields=fields), 422


def field_message(error: FieldError) -> str:
    """One field's reason, in the reader's language (worded in ``contest.error_messages``)."""
    return error_messages.field_message(error.code, error.params)
