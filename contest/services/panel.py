"""The head judge's view of a stage: who has sent what, the spread per team, part scores.

Part scores come from ``domain.scoring`` over the counted sheets (the latest received or
accepted version per judge), with the rules built by ``services.scoring_rules`` like the public
board's; a part with a missing sheet stays pending.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from contest.domain.errors import DomainError
from contest.domain.names import sort_key
from contest.domain.scoring import JudgeScore, PartResult, TeamSheets, score_team
from contest.extensions import db
from contest.models import Contest, Entry, Judge, Part, Round
from contest.models.judging import COUNTED_STATES, SHEET_PENDING, Absence, ScoreSheet
from contest.services import locks
from contest.services.scoring_rules import scoring_rules

RECEIVED, PENDING, MISSING, ABSENT, CONFLICT = "received", "pending_review", "missing", "absent", "conflict"


@dataclass
class Spread:
    low: int
    high: int
    flagged: bool

    @property
    def gap(self) -> int:
        return self.high - self.low


@dataclass
class PanelView:
    judges: list[Judge]
    entries: list[Entry]
    parts: list[Part]
    cells: dict[tuple[int, int, int], str] = field(default_factory=dict)
    counted: dict[tuple[int, int, int], ScoreSheet] = field(default_factory=dict)
    absences: dict[tuple[int, int, int], Absence] = field(default_factory=dict)
    spreads: dict[tuple[int, int], Spread] = field(default_factory=dict)
    results: dict[tuple[int, int], PartResult | None] = field(default_factory=dict)
    locked: dict[int, object] = field(default_factory=dict)

    def count(self, state: str) -> int:
        return sum(1 for s in self.cells.values() if s == state)


def stage_entries(rnd: Round, cluster_id: int | None) -> list[Entry]:
    """A stage's teams in running order (then alphabetical), withdrawn ones left out."""
    query = select(Entry).filter_by(round_id=rnd.id, withdrawn=False).options(selectinload(Entry.team))
    if cluster_id is not None:
        query = query.filter_by(cluster_id=cluster_id)
    entries = db.session.scalars(query).all()
    return sorted(entries, key=lambda e: (e.running_order is None, e.running_order or 0, sort_key(e.team.name)))


def next_on_stage(entries: list[Entry], on_stage_id: int | None) -> Entry | None:
    """The team after the one on stage in running order; the first when nobody is on stage."""
    ids = [e.id for e in entries]
    if on_stage_id not in ids:
        return entries[0] if entries else None
    following = ids.index(on_stage_id) + 1
    return entries[following] if following < len(entries) else None


def panel_judges(rnd: Round, cluster_id: int | None) -> list[Judge]:
    query = select(Judge).filter_by(round_id=rnd.id).order_by(Judge.code)
    if cluster_id is not None:
        query = query.filter_by(cluster_id=cluster_id)
    return list(db.session.scalars(query))


def panel_parts(rnd: Round) -> list[Part]:
    return [p for p in rnd.parts if p.scoring_mode == "panel"]


def latest_counted(sheets: Iterable[ScoreSheet]) -> dict[tuple[int, int, int], ScoreSheet]:
    """The sheet that counts per (judge, entry, part): the latest received or accepted version."""
    best: dict[tuple[int, int, int], ScoreSheet] = {}
    for sheet in sheets:
        if sheet.status not in COUNTED_STATES:
            continue
        cell = (sheet.judge_id, sheet.entry_id, sheet.part_id)
        if cell not in best or best[cell].version < sheet.version:
            best[cell] = sheet
    return best


def build_view(contest: Contest, rnd: Round, cluster_id: int | None) -> PanelView:
    view = PanelView(panel_judges(rnd, cluster_id), stage_entries(rnd, cluster_id), panel_parts(rnd))
    entry_ids = [e.id for e in view.entries]
    sheets = db.session.scalars(select(ScoreSheet).where(ScoreSheet.entry_id.in_(entry_ids))).all()
    view.counted = latest_counted(sheets)
    pending = {(s.judge_id, s.entry_id, s.part_id) for s in sheets if s.status == SHEET_PENDING}
    view.absences = {(a.judge_id, a.entry_id, a.part_id): a for a in
                     db.session.scalars(select(Absence).where(Absence.entry_id.in_(entry_ids)))}
    view.locked = locks.locked_entry_ids(rnd.id)
    for entry in view.entries:
        for judge in view.judges:
            for part in view.parts:
                view.cells[(judge.id, entry.id, part.id)] = _cell_state(judge, entry, part, view, pending)
        for part in view.parts:
            view.spreads[(entry.id, part.id)] = _spread(view, entry, part, contest.spread_flag_percent)
            view.results[(entry.id, part.id)] = part_result(contest, view, entry, part)
    return view


def _cell_state(judge: Judge, entry: Entry, part: Part, view: PanelView, pending: set) -> str:
    cell = (judge.id, entry.id, part.id)
    if judge.conflict_team_id == entry.team_id:
        return CONFLICT
    if cell in view.counted:
        return RECEIVED
    if cell in view.absences:
        return ABSENT
    return PENDING if cell in pending else MISSING


def _spread(view: PanelView, entry: Entry, part: Part, flag_percent: int) -> Spread | None:
    totals = [view.counted[(j.id, entry.id, part.id)].total for j in view.judges
              if (j.id, entry.id, part.id) in view.counted]
    if len(totals) < 2:
        return None
    low, high = min(totals), max(totals)
    # Flag when the panel disagrees by at least flag_percent of the part's range.
    return Spread(low, high, (high - low) * 100 >= flag_percent * part.max_points)


def part_result(contest: Contest, view: PanelView, entry: Entry, part: Part) -> PartResult | None:
    """The domain's card for one team's part (mean or trimmed mean); None if it cannot be scored."""
    scores = []
    for judge in view.judges:
        sheet = view.counted.get((judge.id, entry.id, part.id))
        if sheet is not None and judge.conflict_team_id != entry.team_id:
            value = {k: v for k, v in sheet.values.items()} if part.criteria else sheet.total
            scores.append(JudgeScore(judge.id, value))
    sheets = TeamSheets(
        team_id=entry.id, judge_scores={part.code: scores},
        conflicts=frozenset(j.id for j in view.judges if j.conflict_team_id == entry.team_id),
        absent_parts={part.code: frozenset(j.id for j in view.judges if (j.id, entry.id, part.id) in view.absences)},
    )
    try:
        # The board's rules for this one part, with its rubric, so each criterion is checked too.
        rules = scoring_rules(contest, [part], view.judges, criteria=True)
        return score_team(rules, sheets).part(part.code)
    except DomainError:
        # A rubric changed after sheets came in, or every judge is excluded: shown as "—".
        return None


def judge_sheets(judge: Judge) -> list[ScoreSheet]:
    """Every version of every sheet of a judge, by team, part and version."""
    return list(db.session.scalars(
        select(ScoreSheet).filter_by(judge_id=judge.id)
        .options(selectinload(ScoreSheet.entry).selectinload(Entry.team), selectinload(ScoreSheet.part))
        .order_by(ScoreSheet.entry_id, ScoreSheet.part_id, ScoreSheet.version)))

