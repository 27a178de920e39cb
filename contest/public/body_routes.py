"""Organizing bodies in public: the tree of every body, and one body's page (its parent, the bodies
under it, its contests by year)."""

from itertools import groupby

from flask import render_template

from contest.public.routes import bp
from contest.services import bodies, portal


@bp.get("/bodies")
def body_tree():  # type: ignore[no-untyped-def]
    return render_template("public/bodies.html", tree=portal.body_tree())


@bp.get("/bodies/<body_slug>")
def body_page(body_slug: str):  # type: ignore[no-untyped-def]
    body = bodies.get_body(body_slug)
    children = portal.children_of(body)
    by_year = [(year, list(items)) for year, items in groupby(portal.contests_of(body), key=lambda c: c.year)]
    return render_template("public/body.html", body=body, children=children, by_year=by_year,
                           counts=portal.contest_counts([child.id for child in children]))
