"""The pipeline page of a parent body: its child bodies' contests and what they sent up."""

from flask import render_template, request

from contest.auth.guards import staff_required
from contest.organizer.routes import bp
from contest.services import bodies, pipeline


@bp.get("/bodies/<body_slug>/pipeline")
@staff_required("organizer")
def body_pipeline(body_slug: str):  # type: ignore[no-untyped-def]
    """Its organizers use it; organizers of a body above look at it (the guard's read-only pages)."""
    year = request.args.get("year", type=int)
    return render_template("organizer/pipeline.html", pipe=pipeline.build(bodies.get_body(body_slug), year))
