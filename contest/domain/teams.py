"""What a team registration must contain, whoever types it: the organizer's form, a row of an
import file, or a unit filling in its own invitation.

Boundary: pure checks over plain strings; no Flask, no SQLAlchemy. ``check_team`` collects every
problem of one team (an import preview lists them all) instead of stopping at the first.
Duplicates against other teams are the caller's business: it knows which teams exist.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from contest.domain.errors import DomainError
from contest.domain.names import clean_name, name_key

# Mirrors contest/models/teams.py (a test keeps them equal).
UNIT_TYPES = ("urban_district", "rural_district", "town", "city_unit")
MEMBER_ROLES = ("official", "reserve", "supporting")
MAX_MEMBERS = 60

_PHONE = re.compile(r"^\+?[0-9 .()\-]{8,20}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAME_LISTS = re.compile(r"[;\n\r]+")


@dataclass(frozen=True)
class MemberSpec:
    full_name: str
    role: str


@dataclass(frozen=True)
class TeamSpec:
    name: str
    unit_type: str
    home_cluster: str = ""
    leader: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    model_title: str = ""
    members: tuple[MemberSpec, ...] = field(default_factory=tuple)

    @property
    def key(self) -> str:
        return name_key(self.name)

    def as_payload(self) -> dict:
        """A JSON-ready dict (a unit's submission is stored like this until approved)."""
        return {
            "name": self.name, "unit_type": self.unit_type, "home_cluster": self.home_cluster,
            "leader": self.leader, "contact_name": self.contact_name, "contact_phone": self.contact_phone,
            "contact_email": self.contact_email, "model_title": self.model_title,
            "members": [{"full_name": m.full_name, "role": m.role} for m in self.members],
        }

    @classmethod
    def from_payload(cls, data: Mapping) -> "TeamSpec":
        members = tuple(MemberSpec(m["full_name"], m["role"]) for m in data.get("members", ()))
        fields = {k: data.get(k, "") for k in ("name", "unit_type", "home_cluster", "leader", "contact_name",
                                              "contact_phone", "contact_email", "model_title")}
        return cls(**fields, members=members)


def split_names(text: str | None) -> list[str]:
    """Members typed one per line or separated by ";" (as in an import cell)."""
    return [part.strip() for part in _NAME_LISTS.split(text or "") if part.strip()]


def check_team(raw: Mapping[str, str], clusters: Sequence[str] = (), complete: bool = False
               ) -> tuple[TeamSpec | None, list[DomainError]]:
    """Clean one team from text fields; return (spec, []) or (None, every problem found).

    ``raw`` keys: name, unit_type, home_cluster, leader, contact_name, contact_phone, contact_email,
    model_title, and one text per member role (official, reserve, supporting). ``clusters`` are the
    preliminary round's cluster names: when there are any, a home cluster must be one of them.
    ``complete`` is what a unit's own submission needs: leader, contact and official members.
    """
    errors: list[DomainError] = []

    def text(key: str, required: bool = False, max_length: int = 200) -> str:
        value = (raw.get(key) or "").strip()
        if not value and not required:
            return ""
        try:
            return clean_name(value, key, max_length)
        except DomainError as error:
            errors.append(error)
            return ""

    name = text("name", required=True)
    unit_type = _unit_type(raw.get("unit_type") or "", errors)
    home_cluster = _home_cluster(text("home_cluster", max_length=100), clusters, errors)
    leader = text("leader", required=complete)
    contact_name = text("contact_name", required=complete)
    phone = _phone(raw.get("contact_phone") or "", complete, errors)
    email = _email(raw.get("contact_email") or "", errors)
    model_title = text("model_title", required=complete, max_length=400)
    members = _members(raw, errors)
    if complete and not any(m.role == "official" for m in members):
        errors.append(DomainError("team_no_official_member", "Name at least one official member.",
                                  field="official"))
    if errors:
        return None, errors
    return TeamSpec(name, unit_type, home_cluster, leader, contact_name, phone, email, model_title,
                    tuple(members)), []


def _unit_type(value: str, errors: list[DomainError]) -> str:
    if not value.strip():
        errors.append(DomainError("name_empty", "The name is empty.", field="unit_type"))
    elif value not in UNIT_TYPES:
        errors.append(DomainError("team_unknown_unit_type", "Unknown unit type.", field="unit_type",
                                  value=value[:60]))
    return value


def _home_cluster(value: str, clusters: Sequence[str], errors: list[DomainError]) -> str:
    if not value or not clusters:
        return value
    by_key = {name_key(c): c for c in clusters}
    if name_key(value) not in by_key:
        errors.append(DomainError("team_unknown_cluster", "Unknown cluster.", field="home_cluster", value=value,
                                  known=", ".join(clusters)))
        return value
    return by_key[name_key(value)]


def _phone(value: str, required: bool, errors: list[DomainError]) -> str:
    value = " ".join(value.split())
    if not value:
        if required:
            errors.append(DomainError("name_empty", "The name is empty.", field="contact_phone"))
        return ""
    if not _PHONE.match(value) or sum(ch.isdigit() for ch in value) < 8:
        errors.append(DomainError("team_bad_phone", "Not a phone number.", field="contact_phone", value=value[:40]))
    return value


def _email(value: str, errors: list[DomainError]) -> str:
    value = value.strip()
    if value and (len(value) > 200 or not _EMAIL.match(value)):
        errors.append(DomainError("team_bad_email", "Not an e-mail address.", field="contact_email",
                                  value=value[:60]))
    return value


def _members(raw: Mapping[str, str], errors: list[DomainError]) -> list[MemberSpec]:
    members: list[MemberSpec] = []
    seen: dict[str, str] = {}
    for role in MEMBER_ROLES:
        for typed in split_names(raw.get(role)):
            try:
                full_name = clean_name(typed, role)
            except DomainError as error:
                errors.append(error)
                continue
            if name_key(full_name) in seen:
                errors.append(DomainError("team_member_twice", "A person is listed twice.", field=role,
                                          value=seen[name_key(full_name)]))
                continue
            seen[name_key(full_name)] = full_name
            members.append(MemberSpec(full_name, role))
    if len(members) > MAX_MEMBERS:
        errors.append(DomainError("team_too_many_members", "Too many members.", field="official", max=MAX_MEMBERS))
    return members


def members_text(members: Sequence[MemberSpec], role: str) -> str:
    """The members of one role, one per line (how forms show them)."""
    return "\n".join(m.full_name for m in members if m.role == role)
