"""The standings feed: ``GET /api/v1/contests/<slug>/rounds/<round>/standings``.

The body is the last published public snapshot, byte for byte: the same fields as the live
``standings`` push (``v``, ``r``, ``m``, ``i``, ``t``, ``k``, ``c``, ``s``, ``cd``, ...) plus the
static data (names, clusters, parts, running order, tiers) and the current performance card. It
never depends on the session or the caller, so a proxy may cache it: a strong ETag per version,
``Cache-Control: public, max-age=1`` (micro-caching), and ``If-None-Match`` answers 304.
"""

import hashlib
import time

from flask import Flask, Response, request, session
from flask.blueprints import BlueprintSetupState

from contest import broadcast
from contest.api.routes import bp
from contest.extensions import db
from contest.services import contests, show_settings, standings_feed
from contest.services.standings_payload import dumps

CACHE_CONTROL = "public, max-age=1"
CACHEABLE = {"api.round_standings", "api.round_card", "api.show_state"}


@bp.get("/contests/<slug>/rounds/<round_slug>/standings")
def round_standings(slug: str, round_slug: str) -> Response:
    contest = contests.get_contest(slug)
    rnd = contests.round_by_slug(contest, round_slug)
    feed = standings_feed.stored_feed(rnd.id)
    if feed is None:  # never published yet (fresh database): publish now, then serve it
        broadcast.flush_keys({("round", rnd.id)})
        feed = standings_feed.stored_feed(rnd.id)
    body = feed.public_snapshot
    etag = f'{feed.public_version}-{hashlib.sha1(body.encode("utf-8")).hexdigest()[:12]}'
    db.session.rollback()
    return _cacheable(body, etag)


@bp.get("/contests/<slug>/rounds/<round_slug>/card")
def round_card(slug: str, round_slug: str) -> Response:
    """The public performance card (the one the last update names in ``cd``), or null."""
    contest = contests.get_contest(slug)
    rnd = contests.round_by_slug(contest, round_slug)
    feed = standings_feed.stored_feed(rnd.id)
    body = (feed.public_card if feed else "") or "null"
    db.session.rollback()
    return _cacheable(body, hashlib.sha1(body.encode("utf-8")).hexdigest()[:12])


@bp.get("/contests/<slug>/show")
def show_state(slug: str) -> Response:
    """Which round/cluster the screens follow, whether the audience vote is open, the overlay view."""
    contest = contests.get_contest(slug)
    body = dumps(show_settings.public_doc(contest.id))
    db.session.rollback()
    return _cacheable(body, hashlib.sha1(body.encode("utf-8")).hexdigest()[:12])


def _cacheable(body: str, etag: str) -> Response:
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = CACHE_CONTROL
    # Clients set their stage timer's clock offset from this (the body is cached, this header less so).
    response.headers["X-Server-Time"] = str(int(time.time() * 1000))
    response.set_etag(etag)
    return response.make_conditional(request)


def _forget_session_read(response: Response) -> Response:
    """A cacheable answer must not say ``Vary: Cookie``: Flask-Login reads the session after every
    request (its remember-cookie check), which alone would make Flask add it and stop proxies from
    sharing the feed. Nothing here depends on the session, so its read is forgotten."""
    if request.endpoint in CACHEABLE and not session.modified:
        session.accessed = False
    return response


@bp.record_once
def _install(state: BlueprintSetupState) -> None:
    app: Flask = state.app
    # After-request functions run last-registered first: at the front, this one runs after Flask-Login's.
    app.after_request_funcs.setdefault(None, []).insert(0, _forget_session_read)
