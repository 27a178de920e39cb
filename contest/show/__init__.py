"""The show: the screens console (staff, ``/show``) and the public screens it drives.

In the code "show" names only this: the screens console, its settings (``services.show_settings``)
and the ``show`` push. The stage console (team on stage, timer) is ``desk.stage`` over
``services.stage_state``.

``bp`` holds the staff-only screens console (freeze, reveal, voting, overlay, ties, advancement);
``screens_bp`` the public pages: projector, phones, TV overlay, the audience vote.
Route modules attach themselves on import; ``contest.app.create_app`` registers both blueprints.
"""

from flask import Blueprint

from contest.auth.guards import guard_staff

bp = Blueprint("show", __name__, url_prefix="/show")
guard_staff(bp)
screens_bp = Blueprint("screens", __name__)

from contest.show import controls, day, pictures, screens, vote_routes  # noqa: E402, F401  (attach their views)
