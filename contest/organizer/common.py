"""What every organizer setup view does: find the contest, know who acts, and run one write
that either commits or comes back as messages on the form."""

from collections.abc import Callable
from typing import Any

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


def run_write(form: FlaskForm | None, action: Callable[[], Any], aliases: dict[str, str] | None = None) -> bool:
    """Run ``action`` and commit; on a refusal roll back and show why (under the field it names,
    else as a message at the top of the page). Returns whether it was saved."""
    try:
        action()
    except DomainError as error:
        db.session.rollback()
        leftovers = attach(form, [error], aliases) if form is not None else [message_for(error)]
        for message in leftovers:
            flash(message, "error")
        return False
    db.session.commit()
    return True

