"""The organizers' page for judge access: print login cards, revoke, re-issue.

A staff page under the judges' prefix: its own blueprint (``access_bp``), guarded like every staff
blueprint, so the judge's tablet blueprint keeps only what judges and anonymous visitors use.
"""

from urllib.parse import urlsplit

import segno
from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest import realtime
from contest.auth.guards import guard_staff, staff_required
from contest.localtime import file_stamp
from contest.models import Judge
from contest.models.base import utcnow
from contest.network import is_loopback, reachable_base_url
from contest.services import contests, judge_access, judge_cards, judges
from contest.services.lookup import scoped

access_bp = Blueprint("judge_access", __name__, url_prefix="/judge/access")
guard_staff(access_bp)


def _base_url() -> str:
    """The address tablets reach: the configured public one, else the one the desk uses, with the
    laptop's LAN address for 127.0.0.1 when the server listens on the hall network."""
    return reachable_base_url(request.host_url, current_app.config.get("LISTEN_HOST"),
                              current_app.config.get("PUBLIC_BASE_URL"))


def _judge_of(slug: str, judge_id: int) -> Judge:
    return scoped(Judge, judge_id, contest=contests.get_contest(slug))


@access_bp.get("/<slug>")
@staff_required("organizer")
def access(slug: str):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    base_url = _base_url()
    local_only = is_loopback(urlsplit(base_url).hostname or "")
    return render_template("judge/access.html", contest=contest, panels=judge_cards.panels(contest), now=utcnow(),
                           base_url=base_url, local_only=local_only)


@access_bp.post("/<slug>/cards/<int:round_id>/<int:cluster_id>")
@staff_required("organizer")
def cards(slug: str, round_id: int, cluster_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    panel = judge_cards.find_panel(contest, round_id, cluster_id)
    if panel is None:
        abort(404)
    issued = judge_cards.issue_cards(panel, current_user._get_current_object())
    pdf = judge_cards.render_cards(contest, panel, issued, _base_url())
    filename = f"judge-cards-{contest.slug}-{round_id}-{cluster_id}-{file_stamp()}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@access_bp.post("/<slug>/judges/<int:judge_id>/revoke")
@staff_required("organizer")
def revoke(slug: str, judge_id: int):  # type: ignore[no-untyped-def]
    judge = _judge_of(slug, judge_id)
    if judge.revoked_at is None:
        judge_access.revoke(judge, current_user._get_current_object())
        realtime.disconnect_judge(judge.id)
    flash(_("%(name)s (%(code)s) is logged out everywhere; the card no longer works.",
            name=judge.name, code=judge.code), "success")
    return redirect(url_for("judge_access.access", slug=slug))


@access_bp.post("/<slug>/judges/<int:judge_id>/reissue")
@staff_required("organizer")
def reissue(slug: str, judge_id: int):  # type: ignore[no-untyped-def]
    judge = _judge_of(slug, judge_id)
    token, pin = judge_access.reissue(judge, current_user._get_current_object())
    realtime.disconnect_judge(judge.id)
    link = _base_url() + judges.login_path(token)
    qr_svg = segno.make(link, error="m").svg_inline(scale=5, dark="#1d2330")
    return render_template("judge/reissued.html", contest=contests.get_contest(slug), judge=judge, link=link,
                           pin=pin, qr_svg=qr_svg, login_url=_base_url() + url_for("judge.pin_login"))
