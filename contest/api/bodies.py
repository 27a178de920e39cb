"""Organizing bodies, public: ``GET /api/v1/bodies`` (the tree) and ``GET /api/v1/bodies/<slug>``
(the body, its parent, its children and its contests)."""

from flask import jsonify

from contest.api import serializers
from contest.api.routes import bp
from contest.services import bodies, portal


@bp.get("/bodies")
def body_tree():  # type: ignore[no-untyped-def]
    return jsonify(bodies=[serializers.body_node(node) for node in portal.body_tree()])


@bp.get("/bodies/<body_slug>")
def body_detail(body_slug: str):  # type: ignore[no-untyped-def]
    body = bodies.get_body(body_slug)
    return jsonify(serializers.body_detail(body, portal.children_of(body), portal.contests_of(body)))
