"""Login cards for a judge panel: one A4 page of cut-out cards, each with a QR code.

Printing cards issues every judge of the panel a new one-time link and a new PIN (the
old card stops working) but does not end sessions: reprinting mid-contest logs no one
out. Revoked judges get no card; re-issue them first.
"""

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import segno
from flask_babel import gettext as _
from fpdf import FPDF
from sqlalchemy import select

from contest.extensions import db
from contest.models import Cluster, Contest, Judge, Round, User
from contest.resources import resource_dir
from contest.services import audit, judges

FONT = "NotoSans"
COLUMNS, ROWS = 2, 4
MARGIN, CARD_W, CARD_H = 10.0, 95.0, 69.0
QR_SIZE = 40.0
RED, INK, MUTED = (140, 29, 24), (29, 35, 48), (95, 107, 122)


@dataclass
class Panel:
    round: Round
    cluster: Cluster | None
    judges: list[Judge]

    @property
    def key(self) -> tuple[int, int]:
        return self.round.id, self.cluster.id if self.cluster else 0

    @property
    def title(self) -> str:
        return f"{self.round.name} · {self.cluster.name}" if self.cluster else self.round.name


@dataclass
class Card:
    judge: Judge
    token: str
    pin: str


def panels(contest: Contest) -> list[Panel]:
    """The contest's judges grouped by round and cluster, in programme order."""
    rows = db.session.scalars(select(Judge).filter_by(contest_id=contest.id)).all()
    grouped: dict[tuple[int, int], Panel] = {}
    for judge in rows:
        panel = grouped.setdefault((judge.round_id, judge.cluster_id or 0), Panel(judge.round, judge.cluster, []))
        panel.judges.append(judge)
    for panel in grouped.values():
        panel.judges.sort(key=lambda j: (not j.is_head, j.code))
    return sorted(grouped.values(), key=lambda p: (p.round.position, p.cluster.position if p.cluster else -1))


def find_panel(contest: Contest, round_id: int, cluster_id: int) -> Panel | None:
    return next((p for p in panels(contest) if p.key == (round_id, cluster_id)), None)


def issue_cards(panel: Panel, actor: User) -> list[Card]:
    """New link and PIN for each active judge of the panel. Audited; commits."""
    cards = [Card(j, judges.issue_login_token(j), judges.issue_pin(j)) for j in panel.judges if j.revoked_at is None]
    audit.record(actor, "judge.cards_issued", f"panel:{panel.key[0]}:{panel.key[1]}",
                 new={"judges": [card.judge.code for card in cards]}, contest_id=panel.round.contest_id)
    db.session.commit()
    return cards


def render_cards(contest: Contest, panel: Panel, cards: Iterable[Card], base_url: str) -> bytes:
    """The PDF: eight cards a page, cut lines dashed, every string NFC for correct tone marks."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    fonts = resource_dir("static") / "fonts"
    pdf.add_font(FONT, "", str(fonts / "NotoSans-Regular.ttf"))
    pdf.add_font(FONT, "B", str(fonts / "NotoSans-Bold.ttf"))
    pdf.set_title(_nfc(f"{contest.name} — {panel.title}"))
    base_url = base_url.rstrip("/")
    for index, card in enumerate(cards):
        if index % (COLUMNS * ROWS) == 0:
            pdf.add_page()
        column, row = index % COLUMNS, (index // COLUMNS) % ROWS
        _draw_card(pdf, MARGIN + column * CARD_W, MARGIN + row * CARD_H, contest, panel, card, base_url)
    if pdf.page == 0:
        pdf.add_page()
        _text(pdf, MARGIN, MARGIN, 190, _("No active judges on this panel."), 12)
    return bytes(pdf.output())


def _draw_card(pdf: FPDF, x: float, y: float, contest: Contest, panel: Panel, card: Card, base_url: str) -> None:
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    with pdf.local_context():
        pdf.set_dash_pattern(dash=2, gap=1.5)
        pdf.rect(x, y, CARD_W, CARD_H)
    pad, text_w = 5.0, CARD_W - QR_SIZE - 12
    _text(pdf, x + pad, y + 4, CARD_W - 2 * pad, contest.name, 7.5, color=MUTED)
    _text(pdf, x + pad, y + 9.5, CARD_W - 2 * pad, panel.title, 10, bold=True, color=RED)
    _text(pdf, x + pad, y + 17, text_w, card.judge.name, 13, bold=True)
    _text(pdf, x + pad, y + 24, text_w, card.judge.title or _("Judge"), 8.5, color=MUTED)
    _text(pdf, x + pad, y + 32, text_w, _("Judge code"), 8, color=MUTED)
    _text(pdf, x + pad, y + 36, text_w, card.judge.code, 16, bold=True)
    _text(pdf, x + pad, y + 45, text_w, _("PIN"), 8, color=MUTED)
    _text(pdf, x + pad, y + 49, text_w, " ".join((card.pin[:3], card.pin[3:])), 16, bold=True)
    qr = segno.make(base_url + judges.login_path(card.token), error="m")
    image = io.BytesIO()
    qr.save(image, kind="png", scale=8, border=2)
    pdf.image(image, x=x + CARD_W - QR_SIZE - 4, y=y + 16, w=QR_SIZE, h=QR_SIZE)
    _text(pdf, x + CARD_W - QR_SIZE - 4, y + 16 + QR_SIZE, QR_SIZE, _("Scan once to log in"), 7, color=MUTED,
          align="C")
    hint = _("No camera? Open %(url)s and type the code and PIN.", url=base_url + "/judge/login")
    _text(pdf, x + pad, y + CARD_H - 8, CARD_W - 2 * pad, hint, 6.5, color=MUTED)


def _text(pdf: FPDF, x: float, y: float, width: float, text: str, size: float, *, bold: bool = False,
          color: tuple[int, int, int] = INK, align: str = "L") -> None:
    """One line at (x, y); the font shrinks until the text fits the width."""
    text = _nfc(text)
    pdf.set_font(FONT, "B" if bold else "", size)
    while size > 5 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font_size(size)
    pdf.set_text_color(*color)
    pdf.set_xy(x, y)
    pdf.cell(width, size * 0.45, text, align=align)


def _nfc(text: str) -> str:
    # Decomposed tone marks (from Excel, NFD) would be drawn beside their letters.
    return unicodedata.normalize("NFC", text)
