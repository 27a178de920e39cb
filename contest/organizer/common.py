"""What every organizer setup view does: find the contest, know who acts, and run one write
that either commits or comes back as messages on the form.

``run_write`` is the views' one commit-or-refuse block: a view calls a service through it rather
than writing its own ``try``/``commit``/``rollback``; ``save`` is the same for a posted form, with
the sentence that says it was saved.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from flask import flash
from flask_login import current_user
from flask_wtf import FlaskForm

from contest.domain.errors import DomainError
from contest.error_messages import attach, message_for
from contest.extensions import db
from contest.models import Contest, User
from contest.services import contests


def load_contest(slug: str) -> Contest:
    return contests.get_contest(slug)


def acting_user() -> User:
    return current_user._get_current_object()


T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """What ``run_write`` did: true when saved; ``value`` is what the action returned (None if refused),
    ``error`` the refusal (None if saved)."""

    saved: bool
    value: T | None = None
    error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.saved


def run_write(form: FlaskForm | None, action: Callable[[], T], aliases: dict[str, str] | None = None,
              *, show: bool = True) -> Written[T]:
    """Run ``action`` and commit; on a refusal roll back and show why (under the field it names,
    else as a message at the top of the page; ``show=False``: the view shows ``error`` its own way).
    True when it was saved."""
    try:
        value = action()
    except DomainError as error:
        db.session.rollback()
        if show:
            leftovers = attach(form, [error], aliases) if form is not None else [message_for(error)]
            for message in leftovers:
                flash(message, "error")
        return Written(False, error=error)
    db.session.commit()
    return Written(True, value)



def save(form: FlaskForm, action: Callable[[], T], done: str, aliases: dict[str, str] | None = None) -> Written[T]:
    """A posted form: validated, written through ``run_write``, and ``done`` said when saved.
    False when the form was not posted, is invalid (its errors show on it) or the write was refused."""
    if not form.validate_on_submit():
        return Written(False)
    written = run_write(form, action, aliases)
    if written:
        flash(done, "success")
    return written
