"""Standings of a round from the stored score sheets, quiz marks and penalties.

Loads rows, builds the domain's inputs from the contest's rules (``services.scoring_rules``:
aggregation, trimming size, weights; then conflicts of interest, absences, tie-break cascade,
head-judge decisions) and returns a ``Board``: every team's scored parts and total, the overall
ranking and one ranking per cluster.
Nothing is cached as running totals: every board is a full computation (see DESIGN.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from sqlalchemy import case, func, select
from sqlalchemy.orm import selectinload

from contest.domain import ranking as rk
from contest.domain import scoring as sc
from contest.extensions import db
from contest.models import Contest, Entry, Judge, Part, Round
from contest.models.judging import COUNTED_STATES, Absence, Penalty, QuizMark, ScoreSheet, StageState
from contest.models.show_state import TieDecision
from contest.services.scoring_rules import scoring_rules


@dataclass(frozen=True)
class Team:
    """A team in the round: what screens show once (name, cluster, running order)."""

    team_id: int
    entry_id: int
    name: str
    cluster_id: int | None
    running_order: int | None


@dataclass
class Board:
    """A round's standings. Rankings hold only teams with at least one scored part."""

    round_id: int
    contest_id: int
    teams: dict[int, Team]
    scores: dict[int, sc.TeamScore]
    overall: rk.Ranking
    clusters: dict[int, rk.Ranking]
    panels: dict[int, tuple[Judge, ...]]  # team id -> the judges of its panel, in seat order
    activity: dict[int, datetime] = field(default_factory=dict)  # team id -> its latest recorded score
    on_stage: tuple[int, ...] = ()  # teams on a stage of the round (or under its timer), latest change first

    def cluster_rank(self, team_id: int) -> int | None:
        team = self.teams[team_id]
        ranking = self.clusters.get(team.cluster_id) if team.cluster_id is not None else None
        if ranking is None or team_id not in ranking.entries:
            return None
        return ranking.rank_of(team_id)

    def is_ranked(self, team_id: int) -> bool:
        return team_id in self.overall.entries

    @property
    def last_team_id(self) -> int | None:
        """The team whose card is shown: the one on stage once it has a score, else the one scored
        last (a correction to an earlier team, made while the board was frozen, does not take it over)."""
        staged = [tid for tid in self.on_stage if self.is_ranked(tid)]
        if staged:
            return staged[0]
        ranked = [(at, tid) for tid, at in self.activity.items() if self.is_ranked(tid)]
        return max(ranked)[1] if ranked else None

    @property
    def complete(self) -> bool:
        """Every team has every part scored."""
        return self.complete_in(None)

    def complete_in(self, cluster_id: int | None) -> bool:
        """Every team of the cluster (None: of the round) has every part scored: clusters play on
        different days, and each one's ceremony follows its own last team."""
        teams = [tid for tid, team in self.teams.items() if cluster_id is None or team.cluster_id == cluster_id]
        return bool(teams) and all(tid in self.scores and not self.scores[tid].pending_parts for tid in teams)


def round_board(rnd: Round) -> Board:
    """Compute the standings of ``rnd`` from what is stored now."""
    contest = db.session.get(Contest, rnd.contest_id)
    entries = list(db.session.scalars(
        select(Entry).filter_by(round_id=rnd.id, withdrawn=False).options(selectinload(Entry.team))))
    teams = {e.team_id: Team(e.team_id, e.id, e.team.name, e.cluster_id, e.running_order) for e in entries}
    by_entry = {e.id: e for e in entries}
    judges = list(db.session.scalars(select(Judge).filter_by(round_id=rnd.id).order_by(Judge.code)))
    parts = {p.id: p for p in rnd.parts}
    panels = {e.team_id: tuple(j for j in judges if j.cluster_id in (None, e.cluster_id)) for e in entries}
    sheets = _team_sheets(rnd, by_entry, parts, panels)
    scores: dict[int, sc.TeamScore] = {}
    rules: dict[tuple[int, ...], sc.ScoringRules] = {}
    for entry in entries:
        panel = panels[entry.team_id]
        key = tuple(j.id for j in panel)
        if key not in rules:
            rules[key] = scoring_rules(contest, rnd.parts, panel)
        scores[entry.team_id] = sc.score_team(rules[key], sheets[entry.team_id])
    tie_break = _tie_break(contest, rnd)
    ranked = [rk.entry_from_score(s, teams[tid].cluster_id) for tid, s in scores.items() if _has_score(s)]
    overall = rk.rank(ranked, tie_break)
    clusters = rk.rank_by_cluster(ranked, tie_break, [c.id for c in rnd.clusters]) if rnd.clusters else {}
    return Board(rnd.id, rnd.contest_id, teams, scores, overall, clusters, panels, _activity(rnd, by_entry),
                 _on_stage(rnd, by_entry))


def _has_score(score: sc.TeamScore) -> bool:
    return any(not p.pending for p in score.parts)


def _tie_break(contest: Contest, rnd: Round) -> rk.TieBreak:
    codes = {p.code for p in rnd.parts}
    cascade = tuple(code for code in contest.tie_break or () if code in codes)
    if contest.tie_fallback != "head_judge":
        return rk.TieBreak(cascade)
    decisions = db.session.scalars(
        select(TieDecision).filter_by(round_id=rnd.id).order_by(TieDecision.recorded_at.desc(), TieDecision.id.desc()))
    return rk.TieBreak(cascade, tuple(tuple(d.team_ids) for d in decisions))


def _team_sheets(rnd: Round, entries: dict[int, Entry], parts: dict[int, Part],
                 panels: dict[int, tuple[Judge, ...]]) -> dict[int, sc.TeamSheets]:
    """Every team's domain input: latest counted sheet per judge and part, quiz, penalties, exclusions."""
    scores: dict[int, dict[str, list[sc.JudgeScore]]] = defaultdict(lambda: defaultdict(list))
    for judge_id, entry_id, part_id, total in _latest_counted_sheets(rnd):
        entry = entries.get(entry_id)
        if entry is not None and part_id in parts:
            scores[entry.team_id][parts[part_id].code].append(sc.JudgeScore(judge_id, total))
    absent: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for absence in db.session.scalars(select(Absence).where(Absence.entry_id.in_(entries))):
        if absence.part_id in parts:
            absent[entries[absence.entry_id].team_id][parts[absence.part_id].code].add(absence.judge_id)
    quiz = _quiz_correct(entries, parts)
    penalties = _penalties(entries, parts)
    result = {}
    for entry in entries.values():
        team = entry.team_id
        seats = {j.id for j in panels[team]}
        conflicts = frozenset(j.id for j in panels[team] if j.conflict_team_id == team)
        # A sheet from a judge no longer on this panel (moved to another cluster) is not counted.
        judged = {code: tuple(s for s in lines if s.judge_id in seats) for code, lines in scores[team].items()}
        result[team] = sc.TeamSheets(
            team, judged, quiz.get(entry.id, {}), tuple(penalties.get(entry.id, ())), conflicts,
            absent_parts={code: frozenset(ids) for code, ids in absent[team].items()})
    return result


def _latest_counted_sheets(rnd: Round) -> list[tuple[int, int, int, int]]:
    """(judge, entry, part, total) of the highest version per cell among sheets that count."""
    latest = (select(ScoreSheet.judge_id, ScoreSheet.entry_id, ScoreSheet.part_id,
                     func.max(ScoreSheet.version).label("version"))
              .join(Entry, Entry.id == ScoreSheet.entry_id)
              .where(Entry.round_id == rnd.id, ScoreSheet.status.in_(COUNTED_STATES))
              .group_by(ScoreSheet.judge_id, ScoreSheet.entry_id, ScoreSheet.part_id).subquery())
    # Plain tuples, not ORM objects: a full round is hundreds of sheets, rebuilt at every push.
    query = (select(ScoreSheet.judge_id, ScoreSheet.entry_id, ScoreSheet.part_id, ScoreSheet.total)
             .join(latest, (ScoreSheet.judge_id == latest.c.judge_id) & (ScoreSheet.entry_id == latest.c.entry_id)
                   & (ScoreSheet.part_id == latest.c.part_id) & (ScoreSheet.version == latest.c.version)))
    return [tuple(row) for row in db.session.execute(query)]


def _quiz_correct(entries: dict[int, Entry], parts: dict[int, Part]) -> dict[int, dict[str, int]]:
    """Correct answers so far per entry and quiz part (a part with no mark yet stays pending)."""
    rows = db.session.execute(
        select(QuizMark.entry_id, QuizMark.part_id, func.count(), func.sum(case((QuizMark.correct, 1), else_=0)))
        .where(QuizMark.entry_id.in_(entries)).group_by(QuizMark.entry_id, QuizMark.part_id))
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for entry_id, part_id, _marked, correct in rows:
        if part_id in parts:
            found[entry_id][parts[part_id].code] = int(correct or 0)
    return found


def _penalties(entries: dict[int, Entry], parts: dict[int, Part]) -> dict[int, list[sc.Penalty]]:
    found: dict[int, list[sc.Penalty]] = defaultdict(list)
    rows = db.session.scalars(select(Penalty).where(Penalty.entry_id.in_(entries), Penalty.withdrawn_at.is_(None))
                              .order_by(Penalty.id))
    for row in rows:
        code = parts[row.part_id].code if row.part_id in parts else None
        found[row.entry_id].append(sc.Penalty(row.amount, row.reason, code))
    return found


def _activity(rnd: Round, entries: dict[int, Entry]) -> dict[int, datetime]:
    """Latest sheet, quiz mark or penalty per team: the "last team" is the one scored last."""
    queries = (
        select(ScoreSheet.entry_id, func.max(ScoreSheet.received_at)).where(ScoreSheet.entry_id.in_(entries))
        .group_by(ScoreSheet.entry_id),
        select(QuizMark.entry_id, func.max(QuizMark.marked_at)).where(QuizMark.entry_id.in_(entries))
        .group_by(QuizMark.entry_id),
        select(Penalty.entry_id, func.max(Penalty.created_at)).where(Penalty.entry_id.in_(entries))
        .group_by(Penalty.entry_id),
    )
    latest: dict[int, datetime] = {}
    for query in queries:
        for entry_id, at in db.session.execute(query):
            team = entries[entry_id].team_id
            if at is not None and (team not in latest or at > latest[team]):
                latest[team] = at
    return latest


def _on_stage(rnd: Round, entries: dict[int, Entry]) -> tuple[int, ...]:
    stages = db.session.scalars(select(StageState).filter_by(round_id=rnd.id).order_by(StageState.updated_at.desc()))
    found = [entries[e].team_id for s in stages for e in (s.entry_id, s.timer_entry_id) if e in entries]
    return tuple(dict.fromkeys(found))


def part_spread_flags(board: Board, contest: Contest, parts: list[Part]) -> list[tuple[int, str, Fraction]]:
    """(team, part, gap) where the counted judges differ by more than the contest's flag percentage."""
    maxima = {p.code: p.max_points for p in parts}
    flags = []
    for team_id, score in board.scores.items():
        for part in score.parts:
            values = [j.centipoints for j in part.judges
                      if j.centipoints is not None and j.status in (sc.COUNTED, sc.DROPPED_HIGH, sc.DROPPED_LOW)]
            if len(values) >= 2:
                gap = Fraction(max(values) - min(values))
                if gap * 100 > maxima.get(part.code, 0) * contest.spread_flag_percent:
                    flags.append((team_id, part.code, gap))
    return flags
