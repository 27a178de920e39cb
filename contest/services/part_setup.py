"""Setup use-cases for the parts of a round, their rubric criteria, and the prize tiers.

Same contract as ``contest.services.contest_setup``: checked by the domain, audited, the caller commits.
"""

from dataclasses import asdict

from contest.domain import contest_rules as rules
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Contest, Criterion, Part, PrizeTier, Round, User
from contest.services import audit
from contest.services.contest_setup import (
    PART_FIELDS,
    PRIZE_FIELDS,
    part_codes,
    record_created,
    record_update,
    referencing_rows,
    require_unlocked,
    snapshot,
)
from contest.services.lookup import scoped


def get_part(contest: Contest, part_id: int) -> Part:
    return scoped(Part, part_id, contest=contest)


def _still_referenced(contest: Contest, part: Part) -> bool:
    """Would the tie-break order or a prize lose its part if this part's code went away?"""
    kept_elsewhere = any(p.code == part.code for r in contest.rounds for p in r.parts if p.id != part.id)
    used = part.code in (contest.tie_break or []) or any(t.part_code == part.code for t in contest.prize_tiers)
    return used and not kept_elsewhere


def create_part(rnd: Round, spec: rules.PartSpec, actor: User) -> Part:
    require_unlocked(rnd)
    spec = rules.check_part(spec, {p.code for p in rnd.parts})
    part = Part(**asdict(spec))
    rnd.parts.append(part)
    record_created(actor, "part.create", part, PART_FIELDS, rnd.contest_id)
    return part


def update_part(part: Part, spec: rules.PartSpec, actor: User) -> Part:
    rnd = require_unlocked(part.round)
    spec = rules.check_part(spec, {p.code for p in rnd.parts if p.id != part.id},
                            [c.max_points for c in part.criteria])
    if spec.code != part.code and _still_referenced(rnd.contest, part):
        raise DomainError("part_in_use", "The tie-break order or a prize uses this part.", field="code",
                          part=part.code)
    record_update(actor, "part.update", part, asdict(spec), PART_FIELDS, rnd.contest_id)
    return part


def delete_part(part: Part, actor: User) -> None:
    rnd = require_unlocked(part.round)
    if _still_referenced(rnd.contest, part):
        raise DomainError("part_in_use", "The tie-break order or a prize uses this part.", part=part.code)
    if referencing_rows("part", part.id, ignore={"criterion"}):
        raise DomainError("part_has_records", "Scores or marks are recorded for this part.")
    audit.record(actor, "part.delete", f"part:{part.id}", old=snapshot(part, PART_FIELDS),
                 contest_id=rnd.contest_id)
    rnd.parts.remove(part)
    db.session.flush()


def replace_criteria(part: Part, rows: list[tuple[str, int]], actor: User) -> Part:
    """The whole rubric at once, so it is never saved half-way with a sum that does not match."""
    rnd = require_unlocked(part.round)
    if part.scoring_mode == "secretary" and rows:
        raise DomainError("quiz_has_criteria", "A part marked by the secretary has no rubric.")
    cleaned = rules.check_criteria(part.max_points, part.step, rows)
    old = [{"name": c.name, "max_points": c.max_points} for c in part.criteria]
    part.criteria.clear()
    db.session.flush()
    for position, (name, maximum) in enumerate(cleaned):
        part.criteria.append(Criterion(name=name, max_points=maximum, position=position))
    db.session.flush()
    audit.record(actor, "part.criteria", f"part:{part.id}", old={"criteria": old},
                 new={"criteria": [{"name": n, "max_points": m} for n, m in cleaned]}, contest_id=rnd.contest_id)
    return part


# Prize tiers -------------------------------------------------------------------------------------

def get_prize(contest: Contest, tier_id: int) -> PrizeTier:
    return scoped(PrizeTier, tier_id, contest=contest)


def create_prize(contest: Contest, spec: rules.PrizeSpec, actor: User) -> PrizeTier:
    spec = rules.check_prize(spec, {t.code for t in contest.prize_tiers}, part_codes(contest))
    tier = PrizeTier(**asdict(spec))
    contest.prize_tiers.append(tier)
    record_created(actor, "prize.create", tier, PRIZE_FIELDS, contest.id)
    return tier


def update_prize(tier: PrizeTier, spec: rules.PrizeSpec, actor: User) -> PrizeTier:
    contest = tier.contest
    spec = rules.check_prize(spec, {t.code for t in contest.prize_tiers if t.id != tier.id}, part_codes(contest))
    record_update(actor, "prize.update", tier, asdict(spec), PRIZE_FIELDS, contest.id)
    return tier


def delete_prize(tier: PrizeTier, actor: User) -> None:
    contest = tier.contest
    audit.record(actor, "prize.delete", f"prize:{tier.id}", old=snapshot(tier, PRIZE_FIELDS), contest_id=contest.id)
    contest.prize_tiers.remove(tier)
    db.session.flush()
