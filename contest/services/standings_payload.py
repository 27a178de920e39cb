"""The JSON documents screens receive: compact board rows, performance cards, stage, static data.

The public update is deliberately small (a 35-team round fits in 512 bytes): team ids in display
order, totals in centipoints, and only the ranks a client cannot infer. Names and other static
data travel once, in the snapshot (``static_doc``), identified by a short hash ``h``.

Row encoding, shared by pushes and the JSON feed:
  ``i``  team ids, best first;  ``t``  their totals (integer centipoints, same order);
  ``k``  {team id: rank} only where the rank is not position + 1 (ties, reveal);
  ``c``  {team id: rank in its cluster} only where it is not the position among the cluster's rows + 1.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from contest.domain import scoring as sc
from contest.domain.ranking import Ranking
from contest.models import Contest, Round
from contest.models.judging import StageState
from contest.services.standings import Board

STATUS_LETTER = {
    sc.COUNTED: "c", sc.DROPPED_HIGH: "h", sc.DROPPED_LOW: "l", sc.CONFLICT: "x", sc.ABSENT: "a", sc.MISSING: "m",
}


def dumps(doc: Any) -> str:
    """Compact JSON, Vietnamese kept readable; the exact text is stored and served."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=False)


def short_hash(doc: Any) -> str:
    return hashlib.sha1(dumps(doc).encode("utf-8")).hexdigest()[:8]


def epoch_ms(moment: datetime | None) -> int:
    """Stored naive UTC -> milliseconds since the epoch (0 for none)."""
    return int(moment.replace(tzinfo=UTC).timestamp() * 1000) if moment else 0


def centi(value: Any) -> int | None:
    return None if value is None else sc.round_half_up(value)


def ranking_rows(ranking: Ranking, board: Board) -> dict[str, Any]:
    """``i``/``t``/``k``/``c`` for a ranking (the overall one, or a cluster's)."""
    ids, totals, ranks, cluster_ranks = [], [], {}, {}
    seen_in_cluster: dict[int | None, int] = {}
    for position, row in enumerate(ranking.rows):
        ids.append(row.team_id)
        totals.append(centi(row.total))
        if row.rank != position + 1:
            ranks[str(row.team_id)] = row.rank
        cluster = board.teams[row.team_id].cluster_id
        seen_in_cluster[cluster] = seen_in_cluster.get(cluster, 0) + 1
        crank = board.cluster_rank(row.team_id)
        if crank is not None and crank != seen_in_cluster[cluster]:
            cluster_ranks[str(row.team_id)] = crank
    return {"i": ids, "t": totals, "k": ranks, "c": cluster_ranks}


def card_doc(board: Board, team_id: int, judge_labels: dict[int, str] | None = None) -> dict[str, Any]:
    """A team's performance card: every judge's score and what became of it, penalty, total.

    Public cards (no ``judge_labels``) show the judges by seat and only the parts already scored;
    staff cards add each judge's code and the pending parts' received sheets.
    """
    score = board.scores[team_id]
    panel = board.panels[team_id]
    seat = {judge.id: i for i, judge in enumerate(panel)}
    parts = []
    for part in score.parts:
        doc: dict[str, Any] = {"code": part.code, "score": centi(part.score), "penalty": part.penalty}
        if part.correct is not None:
            doc["correct"] = part.correct
        if part.judges and (judge_labels is not None or not part.pending):
            doc["judges"] = [_judge_cell(line, seat, judge_labels) for line in part.judges]
        parts.append(doc)
    card = {"team": team_id, "total": centi(score.total), "penalty": score.penalty_total,
            "rank": board.overall.rank_of(team_id) if board.is_ranked(team_id) else None,
            "crank": board.cluster_rank(team_id), "parts": parts}
    return {"key": f"{team_id}.{short_hash(card)}", **card}


def _judge_cell(line: sc.JudgeLine, seat: dict[int, int], labels: dict[int, str] | None) -> list[Any]:
    cell: list[Any] = [line.centipoints, STATUS_LETTER[line.status]]
    if labels is not None:
        cell.append(labels.get(line.judge_id, str(seat.get(line.judge_id, "?"))))
    return cell


def stage_rows(stages: list[StageState], board: Board, parts_by_id: dict[int, str],
               limits: dict[int, int | None]) -> list[list[Any]]:
    """[cluster, team on stage, part, timer team, timer part, started ms, stopped ms, limit s] per stage."""
    team_of_entry = {team.entry_id: team.team_id for team in board.teams.values()}
    rows = []
    for stage in sorted(stages, key=lambda s: s.scope):
        rows.append([
            stage.cluster_id or 0,
            team_of_entry.get(stage.entry_id or 0, 0),
            parts_by_id.get(stage.part_id or 0, ""),
            team_of_entry.get(stage.timer_entry_id or 0, 0),
            parts_by_id.get(stage.timer_part_id or 0, ""),
            epoch_ms(stage.timer_started_at),
            epoch_ms(stage.timer_stopped_at),
            limits.get(stage.timer_part_id or 0) or 0,
        ])
    return rows


def static_doc(contest: Contest, rnd: Round, board: Board, tiers: list[list[Any]]) -> dict[str, Any]:
    """What a screen needs once: names, clusters, parts, running order, prize tiers."""
    teams = sorted(board.teams.values(), key=lambda t: t.team_id)
    return {
        "contest": {"slug": contest.slug, "name": contest.name, "body": contest.organizer_body},
        "round": {"id": rnd.id, "slug": rnd.slug, "name": rnd.name, "kind": rnd.kind},
        "clusters": [[c.id, c.name] for c in rnd.clusters],
        "parts": [[p.code, p.name, p.max_points] for p in rnd.parts],
        "teams": [[t.team_id, t.name, t.cluster_id or 0, t.running_order] for t in teams],
        "tiers": tiers,
    }


def staff_rows(board: Board) -> list[dict[str, Any]]:
    """Every team with its live figures (ranked first, then those not scored yet)."""
    order = list(board.overall.team_ids) + sorted(t for t in board.teams if not board.is_ranked(t))
    rows = []
    for team_id in order:
        score = board.scores[team_id]
        ranked = board.is_ranked(team_id)
        rows.append({
            "team": team_id, "rank": board.overall.rank_of(team_id) if ranked else None,
            "crank": board.cluster_rank(team_id), "total": centi(score.total) if ranked else None,
            "parts": {p.code: centi(p.net) for p in score.parts}, "penalty": score.penalty_total,
            "pending": {p.code: _progress(p) for p in score.parts if p.pending},
        })
    return rows


def _progress(part: sc.PartResult) -> list[int]:
    """[sheets in, sheets expected] of a pending judged part ([0, 0] for a quiz not marked yet)."""
    expected = [line for line in part.judges if line.status in (sc.COUNTED, sc.MISSING)]
    return [sum(1 for line in expected if line.status == sc.COUNTED), len(expected)]
