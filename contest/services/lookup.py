"""The one scoped lookup: a row of a given contest, by id or slug, or ``domain.errors.NotFound``.

Services and views load what a URL names through ``scoped`` instead of a ``get`` plus a check of
their own, so "belongs to this contest" is decided in one place and the 404 page is chosen once,
by the error handlers (``contest.errors``). Services stay free of HTTP.
"""

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import select

from contest.domain.errors import NotFound
from contest.extensions import db
from contest.models import Cluster, Contest, Round

T = TypeVar("T")


def scoped(model: type[T], key: int | str, *, contest: Contest | None = None, round: Round | None = None,
           cluster: Cluster | None = None, options: Sequence[Any] = (), lock: bool = False) -> T:
    """The ``model`` row whose id (an int) or slug (a str) is ``key`` and that belongs to ``contest``
    (directly, or through its round) and, when given, to ``round`` and ``cluster``; ``contest=None``
    for the contest itself. ``lock``: hold the row until the transaction ends (``SELECT ... FOR UPDATE``).
    Raises ``NotFound``.

    The scope is keyword-only so it can grow: the organizing-bodies work adds the acting account
    (``scoped(Model, id, contest=..., actor=...)``) and every staff lookup is checked here.
    """
    if isinstance(key, str):
        query = select(model).filter_by(slug=key)
        if contest is not None:
            query = query.filter_by(contest_id=contest.id)
        found = db.session.scalar(query.options(*options).with_for_update() if lock else query.options(*options))
    elif not 0 < key < 2**63:
        found = None  # no row has that id; SQLite cannot even be asked (an integer past 64 bits overflows)
    else:
        found = db.session.get(model, key, options=options, with_for_update=lock or None)
    if (found is None or (contest is not None and _contest_id(found) != contest.id)
            or (round is not None and found.round_id != round.id)
            or (cluster is not None and found.cluster_id != cluster.id)):
        raise NotFound(model.__name__, key)
    return found


def _contest_id(row: Any) -> int:
    """Rows hold their contest, or reach it through their round (parts, clusters)."""
    return row.contest_id if hasattr(row, "contest_id") else row.round.contest_id
