"""View guards: who may open a page. Identity always comes from the session.

Every staff blueprint calls ``guard_staff`` once: its ``before_request`` decides, for every URL of
the blueprint, before any view runs:

- nobody logged in: to the login page; a judge's session: 403;
- a URL naming a contest (``slug``) or an organizing body (``body_slug``) the account has no access
  to: 404, the same answer as for a contest that does not exist (its existence is not revealed);
- read access (an ancestor body's organizer, a system administrator): 403 except a GET of one of
  ``READ_ONLY_ENDPOINTS`` (status, standings, results);
- change access: the view runs, and ``staff_required(*roles)`` checks the account's roles in the
  contest's body.

A new route on a guarded blueprint is guarded without anyone remembering to; the authorization
test walks ``app.url_map`` and fails on a staff URL whose blueprint forgot ``guard_staff``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import Blueprint, Flask, abort, current_app, g, request
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.exceptions import Forbidden

from contest.domain.access import Access, may_act_as
from contest.domain.errors import DomainError
from contest.error_messages import message_for
from contest.extensions import db
from contest.models import Body, Contest, Judge, User
from contest.services import bodies

# The pages an account with read access (an ancestor's organizer, an administrator) may open:
# the contest's status, its standings and its results. Everything else, and every write, is 403.
READ_ONLY_ENDPOINTS = frozenset({
    "organizer.body_pipeline",
    "organizer.contest_overview",
    "results.index",
    "results.minutes_pdf",
    "results.standings_csv",
    "results.workbook",
})

SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Place:
    """What a staff URL names (a contest or a body), the account's access to it and its roles there."""

    body_id: int
    access: Access
    roles: frozenset[str]
    contest: Contest | None = None

    @property
    def read_only(self) -> bool:
        return self.access is Access.READ


def guard_staff(scaffold: Flask | Blueprint, *, admin: bool = False) -> None:
    """Put every URL of ``scaffold`` behind the staff guard (see the module docstring).

    ``admin``: the system administrator's pages; every other account gets 403, and the
    administrator manages every body whatever its own roles."""
    scaffold.before_request(_guard_admin if admin else _guard)
    scaffold.context_processor(_template_helpers)


def _guard_admin() -> Any:
    refused = _refuse_visitor()
    if refused is not None:
        return refused
    if not current_user.is_admin:
        abort(403)
    return None


def _refuse_visitor() -> Any:
    """Anonymous: the login page; a judge: 403; staff: None (go on)."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not isinstance(current_user._get_current_object(), User):
        abort(403)
    return None


def _guard() -> Any:
    refused = _refuse_visitor()
    if refused is not None:
        return refused
    place = staff_place()
    if place is None:
        return None
    if place.access is Access.NONE:
        abort(404)
    if place.read_only and not (request.method in SAFE_METHODS and request.endpoint in READ_ONLY_ENDPOINTS):
        _refuse_view_only()
    return None


def _refuse_view_only() -> None:
    """403, saying why: the account may look at this contest, not change it."""
    error = Forbidden()
    error.refusal = message_for(DomainError("view_only", "View only."))  # type: ignore[attr-defined]
    raise error


def staff_place() -> Place | None:
    """The contest or body the current URL names, with the account's standing there (once per request).

    None for a URL that names neither (the desk home, a new contest, the account page). A name that
    matches nothing is a 404.
    """
    if "staff_place" in g:
        return g.staff_place
    args = request.view_args or {}
    place = None
    if isinstance(args.get("slug"), str):
        contest = db.session.scalar(select(Contest).where(Contest.slug == args["slug"]))
        if contest is None:
            abort(404)
        place = Place(contest.body_id, *bodies.standing_in(current_user._get_current_object(), contest.body_id),
                      contest=contest)
    elif isinstance(args.get("body_slug"), str):
        body = db.session.scalar(select(Body).where(Body.slug == args["body_slug"]))
        if body is None:
            abort(404)
        place = Place(body.id, *bodies.standing_in(current_user._get_current_object(), body.id))
    g.staff_place = place
    return place


def staff_may(*roles: str) -> bool:
    """True when the account may act as one of ``roles`` where the current URL points (organizers
    may do everything), or, on a URL naming no contest or body, in at least one of its bodies."""
    user = current_user._get_current_object() if current_user.is_authenticated else None
    if not isinstance(user, User):
        return False
    place = staff_place()
    if place is not None:
        return place.access is Access.CHANGE and may_act_as(place.roles, roles)
    return any(may_act_as(frozenset(held), roles) for held in bodies.roles_by_body(user).values())


def _template_helpers() -> dict[str, Any]:
    place = g.get("staff_place")
    return {"staff_may": staff_may, "read_only": bool(place and place.read_only),
            "read_only_endpoints": READ_ONLY_ENDPOINTS}


def staff_required(*roles: str) -> Callable:
    """Logged-in desk staff; with ``roles``, only accounts holding one of them in the contest's body
    (organizers may do everything). Read access passes only on the guard's read-only pages."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not isinstance(current_user._get_current_object(), User):
                abort(403)
            place = staff_place()
            if place is not None and place.access is Access.NONE:
                abort(404)
            read_page = place is not None and place.read_only and request.endpoint in READ_ONLY_ENDPOINTS
            if place is not None and place.read_only and not read_page:
                _refuse_view_only()
            if roles and not read_page and not staff_may(*roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def judge_required(view: Callable) -> Callable:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not isinstance(current_user._get_current_object(), Judge):
            abort(403)
        return view(*args, **kwargs)

    return wrapped


# What ``guard_staff`` installs: the authorization test checks every staff blueprint has one.
STAFF_GUARDS = frozenset({_guard, _guard_admin})
