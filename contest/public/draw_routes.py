"""Draw pages anyone may open: a draw's public record with its verification, and the projector
(one draw, or the hall screen that follows whichever draw the organizer is revealing)."""

from flask import jsonify, render_template

from contest import draw_texts
from contest.models.draws import Draw
from contest.public.routes import bp
from contest.services import contests
from contest.services import draw as draws


@bp.get("/c/<slug>/draws/<int:draw_id>")
def draw_record(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    record = draws.get_draw(contest, draw_id)
    return render_template("draw/record.html", contest=contest, record=record, result=draws.result_of(record),
                           groups=draws.ordered_groups(record), verification=draws.verify(record),
                           moves=draws.moves(record), texts=draw_texts)  # fmt: skip


@bp.get("/c/<slug>/draws/<int:draw_id>/projector")
def draw_projector(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    contest = contests.get_contest(slug)
    record = draws.get_draw(contest, draw_id)
    return _projector(contest, record, follow=False, draw_id=record.id)


@bp.get("/c/<slug>/draw-screen")
def draw_screen(slug: str):  # type: ignore[no-untyped-def]
    """The hall's screen: the newest confirmed draw, then whichever draw the organizer steps."""
    contest = contests.get_contest(slug)
    return _projector(contest, draws.newest_confirmed(contest.id), follow=True)


@bp.get("/c/<slug>/draw-screen/state")
def draw_screen_state(slug: str):  # type: ignore[no-untyped-def]
    return jsonify(_state(draws.newest_confirmed(contests.get_contest(slug).id)))


@bp.get("/c/<slug>/draws/<int:draw_id>/state")
def draw_state(slug: str, draw_id: int):  # type: ignore[no-untyped-def]
    """The projector's state after a reconnect: what has been revealed so far."""
    record = draws.get_draw(contests.get_contest(slug), draw_id)
    return jsonify(_state(record))


def _state(record: Draw | None) -> dict | None:
    return draws.reveal_payload(record) if record is not None and record.status == "confirmed" else None


def _projector(contest, record: Draw | None, follow: bool, draw_id: int | None = None):  # type: ignore[no-untyped-def]
    kinds = {kind: str(label) for kind, label in draw_texts.KINDS.items()}
    return render_template("draw/projector.html", contest=contest, state=_state(record), follow=follow, kinds=kinds,
                           draw_id=draw_id)  # fmt: skip
