"""Public screens: the hall projector, the audience's phones, the TV overlay, the audience vote.

The pages are light shells: static data and live standings come from the JSON feed and the
Socket.IO pushes (``static/js/standings-client.js``), so every screen shows the same versioned
board. Nothing here reads a hidden score: the feed is the public snapshot.
"""

from typing import Any

import segno
from flask import Response, current_app, jsonify, render_template, request, url_for
from flask_babel import get_locale

from contest.domain.errors import DomainError
from contest.error_messages import message_for
from contest.extensions import db, limiter
from contest.models import Contest
from contest.network import reachable_base_url
from contest.services import audience, contests, show_settings, vote_codes
from contest.show import screens_bp as bp
from contest.show.texts import screen_texts

VOTER_COOKIE = "dvk_voter"
VOTER_MAX_AGE = 400 * 24 * 3600


def _screen(slug: str) -> dict[str, Any]:
    """What every screen starts from: the contest, the round and cluster shown, whether they follow
    the organizer's choice (no ``round`` in the address) and the labels for the scripts."""
    contest = contests.get_contest(slug)
    requested = request.args.get("round")
    rnd = contests.round_by_slug(contest, requested) if requested else show_settings.current_round(contest)
    cluster_arg = request.args.get("cluster", "")
    cluster = int(cluster_arg) if cluster_arg.isdigit() else None
    settings = show_settings.public_doc(contest.id)
    config = {
        "slug": contest.slug, "round": requested or "", "follow": not requested,
        "cluster": cluster if cluster_arg else None, "lang": str(get_locale()),
        "rounds": [[r.id, r.slug, r.name, [[c.id, c.name] for c in r.clusters]] for r in contest.rounds],
        "initialRound": rnd.slug if rnd else "", "show": settings, "texts": screen_texts(),
        "feed": url_for("api.round_standings", slug=contest.slug, round_slug="__round__"),
        "showFeed": url_for("api.show_state", slug=contest.slug),
        "cardFeed": url_for("api.round_card", slug=contest.slug, round_slug="__round__"),
    }
    db.session.rollback()
    return {"contest": contest, "rnd": rnd, "config": config}


@bp.get("/c/<slug>/projector")
def projector(slug: str) -> str:
    screen = _screen(slug)
    theme = "light" if request.args.get("theme") == "light" else "dark"
    link = live_link(screen["contest"])
    # No fixed size (a viewBox instead): the page scales the code to the screen, never crops it.
    qr = segno.make(link, error="m").svg_inline(border=2, dark="#0b1020", light="#ffffff", omitsize=True)
    return render_template("screens/projector.html", theme=theme, live_link=link, qr=qr, **screen)


@bp.get("/c/<slug>/live")
def live(slug: str) -> Response:
    screen = _screen(slug)
    voter = request.cookies.get(VOTER_COOKIE)
    fresh = not audience.valid_voter(voter)
    voter = audience.new_voter_id() if fresh else voter
    # A printed code arrives in the QR link (?code=...); the page sends it with the vote.
    code = vote_codes.normalize(request.args.get("code", ""))
    screen["config"]["voted"] = audience.voted_team(screen["contest"].id, voter, code)
    screen["config"]["voteUrl"] = url_for("screens.vote", slug=slug)
    screen["config"]["voteCode"] = code or ""
    screen["config"]["voteMode"] = show_settings.settings_of(screen["contest"].id).vote_mode
    db.session.rollback()
    response = Response(render_template("screens/live.html", **screen))
    if fresh:
        response.set_cookie(VOTER_COOKIE, voter, max_age=VOTER_MAX_AGE, httponly=True, samesite="Lax",
                            secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


@bp.get("/c/<slug>/overlay")
def overlay(slug: str) -> str:
    screen = _screen(slug)
    view = request.args.get("view", "auto")
    screen["config"]["view"] = view if view in ("lower", "slate", "auto") else "auto"
    return render_template("screens/overlay.html", **screen)


def _voter_key() -> str:
    """Rate-limit a phone by its cookie; a hall's phones often share one public address."""
    voter = request.cookies.get(VOTER_COOKIE, "")
    return voter if audience.valid_voter(voter) else f"ip:{request.remote_addr}"


@bp.post("/c/<slug>/vote")
@limiter.limit("6 per minute", key_func=_voter_key)
@limiter.limit("3000 per minute")
def vote(slug: str) -> tuple[Response, int]:
    contest: Contest = contests.get_contest(slug)
    payload = request.get_json(silent=True)
    payload = payload if isinstance(payload, dict) else {}
    try:
        cast = audience.cast(contest, request.cookies.get(VOTER_COOKIE, ""), payload.get("team"),
                             payload.get("code"), request.remote_addr or "")
    except DomainError as error:
        db.session.rollback()
        status = {"vote_already": 409, "vote_code_used": 409, "vote_closed": 403, "vote_code_required": 403,
                  "vote_no_voter": 400}.get(error.code, 422)
        voted = audience.voted_team(contest.id, request.cookies.get(VOTER_COOKIE),
                                    payload.get("code")) if status == 409 else None
        return jsonify(error=error.code, message=message_for(error), team=voted), status
    team = payload.get("team")
    db.session.rollback()
    return jsonify(team=team, round=cast.round_id), 201


def live_link(contest: Contest) -> str:
    """The phones' address for the QR code: the configured public URL, else this request's host,
    with a loopback host (the projector laptop's own browser) replaced by the laptop's LAN address."""
    base = reachable_base_url(request.host_url, current_app.config.get("LISTEN_HOST"),
                              current_app.config.get("PUBLIC_BASE_URL"))
    return base + url_for("screens.live", slug=contest.slug)

