"""Certificates: the organizer's templates, who receives one, and the bulk PDF.

Collectives (teams) get one certificate per prize won (cluster and contest prizes, part prizes,
the audience favourite). Individuals are the members of the teams (all teams, or only those
with a prize; chosen roles) or a list the organizer imported.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from contest.documents.certificates import render_certificates
from contest.documents.data import CertificateLayout, Recipient
from contest.domain.errors import DomainError
from contest.domain.names import clean_name, nfc, sort_key
from contest.domain.paperwork import unknown_placeholders
from contest.domain.recipients import RecipientList, parse_recipients
from contest.extensions import db
from contest.models import Contest, Team, User
from contest.models.base import utcnow
from contest.models.results import CERTIFICATE_KINDS, CertificateTemplate
from contest.services import audit, results, uploads

MAX_BACKGROUND_BYTES = 5 * 1024 * 1024
BACKGROUND_TYPES = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpg"}
TEXT_FIELDS = ("title", "body", "issuer", "signer_prefix", "signer_title", "signer_name", "city", "number_prefix")
DEFAULTS = {
    "team": {"title": "Giấy khen", "body": "Đã đạt {prize}\ntại {contest}", "number_prefix": "GK-BTC"},
    "individual": {"title": "Giấy chứng nhận",
                   "body": "Thành viên đội thi {team}\nđã tham gia {contest}", "number_prefix": "CN-BTC"},
}
MEMBER_ROLES = ("official", "reserve", "supporting")


@dataclass(frozen=True)
class Award:
    team_id: int
    team: str
    prize: str
    round_name: str


def template_for(contest: Contest, kind: str) -> CertificateTemplate:
    """The stored template, or an unsaved one with the defaults."""
    if kind not in CERTIFICATE_KINDS:
        raise DomainError("certificate_kind", "Unknown certificate kind.", kind=kind)
    found = db.session.scalar(select(CertificateTemplate).filter_by(contest_id=contest.id, kind=kind))
    if found is not None:
        return found
    defaults = DEFAULTS[kind]
    return CertificateTemplate(
        contest_id=contest.id, kind=kind, title=defaults["title"], body=defaults["body"],
        issuer=contest.organizer_body, signer_prefix="TM. Ban Tổ chức", signer_title="Trưởng ban",
        signer_name="", city=contest.place, issued_on=_last_day(contest), number_prefix=defaults["number_prefix"],
        background=None, background_name="", imported=None, updated_by="",
    )


def _last_day(contest: Contest) -> date | None:
    days = [r.held_on for r in contest.rounds if r.held_on]
    return max(days) if days else None


def save_template(contest: Contest, kind: str, actor: User, fields: dict[str, str], issued_on: date | None,
                  background: tuple[str, bytes] | None = None, drop_background: bool = False) -> list[str]:
    """Store the organizer's template (audited; the caller commits). Returns unknown placeholders."""
    checked = _check_background(*background) if background is not None else None  # before any change
    template = template_for(contest, kind)
    old = _snapshot(template) if template.id else None
    for name in TEXT_FIELDS:
        if name in fields:
            setattr(template, name, nfc(fields[name] or "").strip())
    if not template.title:
        raise DomainError("certificate_title_required", "A title is required.", field="title")
    template.issued_on = issued_on
    if drop_background:
        template.background, template.background_name = None, ""
    if checked is not None:
        template.background_name, template.background = checked
    template.updated_at, template.updated_by = utcnow(), audit.actor_label(actor)
    db.session.add(template)
    db.session.flush()
    audit.record(actor, "certificate.template", f"certificate_template:{template.id}", old=old,
                 new=_snapshot(template), contest_id=contest.id)
    return unknown_placeholders(template.body)


def _check_background(filename: str, data: bytes) -> tuple[str, bytes]:
    if len(data) > MAX_BACKGROUND_BYTES:
        raise DomainError("certificate_background_large", "The image is too large.", field="background")
    if not any(data.startswith(magic) for magic in BACKGROUND_TYPES):
        raise DomainError("certificate_background_type", "Use a PNG or JPEG image.", field="background")
    uploads.check_image_upload(data)  # a few KB of PNG can declare gigapixels, decoded when the PDF is made
    return nfc(filename)[-200:], data


def _snapshot(template: CertificateTemplate) -> dict:
    data = {name: getattr(template, name) for name in TEXT_FIELDS}
    data["issued_on"] = template.issued_on.isoformat() if template.issued_on else None
    data["background"] = template.background_name or None
    data["imported"] = len(template.imported or [])
    return data


def import_recipients(contest: Contest, actor: User, filename: str, data: bytes) -> RecipientList:
    """Read a .xlsx/.csv list of people into the individual template (all rows or none; audited)."""
    table = uploads.read_upload(filename, data)
    parsed = uploads.off_loop(parse_recipients, table.header, table.rows)  # 5,000 names: off the loop too
    if parsed.errors:
        return parsed
    template = template_for(contest, "individual")
    template.imported = parsed.people
    template.updated_at, template.updated_by = utcnow(), audit.actor_label(actor)
    db.session.add(template)
    db.session.flush()
    audit.record(actor, "certificate.recipients_imported", f"certificate_template:{template.id}",
                 new={"file": nfc(filename)[-200:], "people": len(parsed.people)}, contest_id=contest.id)
    return parsed


def layout(template: CertificateTemplate, contest: Contest) -> CertificateLayout:
    return CertificateLayout(
        issuer=template.issuer or contest.organizer_body, title=template.title, body=template.body,
        signer_name=template.signer_name, signer_title=template.signer_title, city=template.city or contest.place,
        issued_on=template.issued_on, signer_prefix=template.signer_prefix, background=template.background,
        number_prefix=template.number_prefix,
    )


def awards(contest: Contest) -> list[Award]:
    """Every prize won in the contest, rounds in programme order, best rank first."""
    found = []
    for rnd in contest.rounds:
        for scope in results.round_results(rnd):
            for placing in scope.placings:
                found += [Award(placing.team_id, placing.team, prize, rnd.name) for prize in placing.prizes]
    return found


def prize_names(contest: Contest) -> list[str]:
    return list(dict.fromkeys(a.prize for a in awards(contest)))


def team_recipients(contest: Contest, prizes: list[str] | None = None) -> list[Recipient]:
    return [Recipient(a.team, _values(contest, name=a.team, team=a.team, prize=a.prize, round=a.round_name))
            for a in awards(contest) if not prizes or a.prize in prizes]


def member_recipients(contest: Contest, roles: tuple[str, ...] = MEMBER_ROLES,
                      prize_teams_only: bool = False) -> list[Recipient]:
    """Members of the contest's teams by team name (Vietnamese order), in the team's order."""
    best: dict[int, str] = {}
    for award in awards(contest):
        best.setdefault(award.team_id, award.prize)
    teams = db.session.scalars(select(Team).filter_by(contest_id=contest.id)).all()
    people = []
    for team in sorted(teams, key=lambda t: sort_key(t.name)):
        if prize_teams_only and team.id not in best:
            continue
        people += [Recipient(m.full_name, _values(contest, name=m.full_name, team=team.name, unit=team.name,
                                                  prize=best.get(team.id, "")))
                   for m in team.members if m.role in roles]
    return people


def imported_recipients(contest: Contest) -> list[Recipient]:
    template = template_for(contest, "individual")
    return [Recipient(p["name"], _values(contest, name=p["name"], team=p.get("unit", ""), unit=p.get("unit", ""),
                                         prize=p.get("prize", "")))
            for p in template.imported or []]


def _values(contest: Contest, **values: str) -> dict[str, str]:
    base = {"contest": contest.name, "year": str(contest.year), "name": "", "team": "", "unit": "", "prize": "",
            "round": ""}
    base.update({k: clean_name(v, k, 300) if v else "" for k, v in values.items()})
    return base


def render(contest: Contest, kind: str, recipients: list[Recipient]) -> bytes:
    return render_certificates(layout(template_for(contest, kind), contest), recipients)
