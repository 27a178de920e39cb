"""The pipeline page of a parent body: its child bodies' contests and what they sent up."""

from flask import abort, render_template, request

from contest.auth.guards import staff_required
from contest.organizer.common import acting_user
from contest.organizer.routes import bp
from contest.services import bodies, pipeline


@bp.get("/bodies/<body_slug>/pipeline")
@staff_required()
def body_pipeline(body_slug: str):  # type: ignore[no-untyped-def]
    body = bodies.get_body(body_slug)
    if not pipeline.may_view(acting_user(), body):
        abort(403)
    year = request.args.get("year", type=int)
    return render_template("organizer/pipeline.html", pipe=pipeline.build(body, year))
