"""The organizer's side of the audience vote: its mode, and the printed one-time codes.

``open`` is informal (one vote per phone cookie, which a script can forge); ``codes`` counts one
vote per printed code. Organizer only; every change is audited by the services.
"""

from flask import Response, request
from flask_babel import gettext as _

from contest.auth.guards import staff_required
from contest.documents.vote_sheet import render_vote_sheet
from contest.services import contests, show_settings, vote_codes
from contest.show import bp
from contest.show.controls import _actor, console_write
from contest.show.screens import live_link


@bp.post("/<slug>/voting/mode")
@staff_required("organizer")
def vote_mode(slug: str) -> Response:
    contest = contests.get_contest(slug)
    return console_write(contest, None, "voting",
                         lambda: show_settings.set_vote_mode(_actor(), contest, request.form.get("mode", "")),
                         lambda settings: _("Votes now need a printed code: one vote per code.")
                         if settings.vote_mode == "codes" else _("Votes are now open to every phone (informal)."))


@bp.post("/<slug>/vote-codes")
@staff_required("organizer")
def make_vote_codes(slug: str) -> Response:
    contest = contests.get_contest(slug)
    count = request.form.get("count", "").strip()
    return console_write(contest, None, "voting",
                         lambda: vote_codes.make_codes(_actor(), contest,
                                                       int(count) if count.isascii() and count.isdigit() else None,
                                                       request.form.get("label", "")),
                         lambda made: _("%(num)d vote codes made: print the sheet.", num=len(made)))


@bp.get("/<slug>/vote-codes.pdf")
@staff_required("organizer")
def vote_code_sheet(slug: str) -> Response:
    """The codes not used yet, ``vote_codes.SHEET_CARDS`` a file (``?part=2`` for the next ones): reprinting a lost page
    gives the same codes, still valid once each. A part is bounded because drawing QR codes takes the serving
    process's CPU (about 10 ms a card): a few hundred at once would hold up the judges' requests."""
    contest = contests.get_contest(slug)
    typed = request.args.get("part", "1")
    part = int(typed) if typed.isascii() and typed.isdigit() and len(typed) <= 4 and int(typed) > 0 else 1
    link = live_link(contest)
    cards = [(vote_codes.display(c.code), c.label, f"{link}?code={c.code}")
             for c in vote_codes.unused_codes(contest.id, part)]
    texts = {"title": _("Audience vote code"), "once": _("valid for one vote"),
             "empty": _("No unused vote codes: make some in the screens console.")}
    pdf = render_vote_sheet(contest.name, cards, texts)
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{contest.slug}-vote-codes-{part}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response
