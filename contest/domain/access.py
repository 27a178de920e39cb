"""Who may do what in a contest, from the roles a desk account holds in organizing bodies.

Staff of a body change that body's contests; organizers of an ancestor body only look at them
(status, standings, results); a system administrator manages bodies and looks at everything;
anyone else sees nothing, not even that the contest exists.
"""

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum


class Access(Enum):
    NONE = 0
    READ = 1
    CHANGE = 2

    def __ge__(self, other: "Access") -> bool:
        return self.value >= other.value


def access_to(roles_by_body: Mapping[int, Iterable[str]], body_chain: Sequence[int], *,
              is_admin: bool = False) -> Access:
    """The access of an account to a contest whose body is ``body_chain[0]``.

    ``body_chain`` runs from the contest's body up to the root; ``roles_by_body`` maps a body id
    to the account's roles there.
    """
    if not body_chain:
        return Access.READ if is_admin else Access.NONE
    if roles_by_body.get(body_chain[0]):
        return Access.CHANGE
    if any("organizer" in roles_by_body.get(body, ()) for body in body_chain[1:]):
        return Access.READ
    return Access.READ if is_admin else Access.NONE


def roles_here(roles_by_body: Mapping[int, Iterable[str]], body_id: int) -> frozenset[str]:
    """The roles an account holds in one body (an organizer may do what every role does)."""
    return frozenset(roles_by_body.get(body_id, ()))


def may_act_as(roles: frozenset[str], wanted: Iterable[str]) -> bool:
    """True when ``roles`` allow a page meant for ``wanted`` roles (organizers may do everything)."""
    wanted = tuple(wanted)
    return bool(roles) and ("organizer" in roles or not wanted or bool(roles.intersection(wanted)))
