"""View guards: who may open a page. Identity always comes from the session."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import abort
from flask_login import current_user, login_required

from contest.models import Judge, User


def staff_required(*roles: str) -> Callable:
    """Logged-in desk staff; with ``roles``, only those roles (organizers may do everything)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user._get_current_object()
            if not isinstance(user, User):
                abort(403)
            if roles and user.role != "organizer" and user.role not in roles:
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
