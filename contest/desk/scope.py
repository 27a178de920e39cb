"""Which contest, round and cluster (the "stage") a desk page is about, and the way back to it.

The stage comes from ``?round=<slug>&cluster=<id>`` (forms repeat them as hidden fields);
by default the first round and its first cluster.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from contest import realtime
from contest.domain.errors import DomainError
from contest.error_messages import message_for
from contest.extensions import db
from contest.models import Cluster, Contest, Round, User
from contest.services import contests

# What the audience may follow live even while the board is frozen: who is on stage and the clock.
# A lock says a team's sheets are all in (judging progress), so it stays with judges and staff.
PUBLIC_EVENTS = frozenset({"stage", "timer"})


@dataclass
class Scope:
    contest: Contest
    round: Round
    cluster: Cluster | None

    @property
    def cluster_id(self) -> int | None:
        return self.cluster.id if self.cluster else None

    def args(self) -> dict[str, str | int]:
        args: dict[str, str | int] = {"slug": self.contest.slug, "round": self.round.slug}
        if self.cluster:
            args["cluster"] = self.cluster.id
        return args


def current_scope(slug: str) -> Scope:
    contest = contests.get_contest(slug)
    if not contest.rounds:
        abort(404)
    values = request.values
    rnd = next((r for r in contest.rounds if r.slug == values.get("round")), contest.rounds[0])
    cluster = None
    if rnd.clusters:
        wanted = values.get("cluster", type=int)
        cluster = next((c for c in rnd.clusters if c.id == wanted), rnd.clusters[0])
    return Scope(contest, rnd, cluster)


def back(endpoint: str, scope: Scope, **extra: object) -> Response:
    return redirect(url_for(endpoint, **scope.args(), **extra))


def flash_error(error: DomainError) -> None:
    flash(message_for(error), "error")


def staff() -> User:
    return current_user._get_current_object()


def finish(target: str, event: str | None = None, payload: dict | None = None,
           contest_id: int | None = None) -> Response:
    """Commit, then push (never inside the transaction), then go back to ``target``.

    ``target`` and ``payload`` are built before the commit, so nothing reads the database
    again between the commit and the push.
    """
    db.session.commit()
    if event and payload is not None and contest_id is not None:
        rooms = [realtime.room_judges(contest_id), realtime.room_staff(contest_id)]
        if event in PUBLIC_EVENTS:
            rooms.append(realtime.room_public(contest_id))
        for room in rooms:
            realtime.push(event, payload, room)
    return redirect(target)


def refuse(error: DomainError, target: str) -> Response:
    """Undo the attempt, keep what must be kept (nothing here), say why."""
    db.session.rollback()
    flash_error(error)
    return redirect(target)
