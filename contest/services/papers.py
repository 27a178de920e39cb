"""Builds the official papers' data from the database: biên bản per cluster or round, the
judges' score sheets (phiếu chấm điểm) and a round's draw result. The PDF builders in
``contest.documents`` print them; nothing here draws."""

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import select

from contest.documents import draw_result, judge_sheets, minutes
from contest.documents.data import (
    Correction,
    DrawGroup,
    DrawMove,
    DrawRecord,
    DrawRow,
    DrawSheet,
    Heading,
    JudgeSheet,
    JudgeSheetRow,
    PrizeLine,
    ResultsSheet,
    SheetColumn,
    Signer,
    StandingRow,
)
from contest.domain.names import sort_key
from contest.domain.paperwork import vn_points
from contest.extensions import db
from contest.localtime import HANOI as LOCAL
from contest.models import Cluster, Contest, Entry, Judge, Round
from contest.models.base import utcnow
from contest.models.draws import Draw
from contest.models.judging import COUNTED_STATES, Absence, EntryLock, ScoreSheet
from contest.services import contests, results
from contest.services import draw as draws

# Unit types as the papers and spreadsheets print them.
UNIT_VI = {"urban_district": "Quận", "rural_district": "Huyện", "town": "Thị xã", "city_unit": "Đơn vị trực thuộc"}


def local(at: datetime) -> datetime:
    """Stored naive UTC, printed in Vietnam's time."""
    return at.replace(tzinfo=UTC).astimezone(LOCAL).replace(tzinfo=None)


def heading(contest: Contest, rnd: Round, cluster: Cluster | None) -> Heading:
    return Heading(
        organizer_body=contest.organizer_body, contest_name=contest.name, round_name=rnd.name,
        cluster_name=cluster.name if cluster else None, city=contest.place,
        venue=(cluster.venue if cluster and cluster.venue else rnd.venue),
        held_on=(cluster.held_on if cluster and cluster.held_on else rnd.held_on),
    )


def method_text(contest: Contest, rnd: Round) -> str:
    trimmed = (f"bỏ một điểm cao nhất và một điểm thấp nhất khi có từ {contest.trim_min_judges} giám khảo chấm"
               if contest.aggregation == "trimmed" else "không bỏ điểm nào")
    text = (f"điểm mỗi phần thi là trung bình cộng điểm của các giám khảo ({trimmed}); giám khảo cùng đơn vị "
            "với đội thi không chấm đội đó; điểm trừ (vượt thời gian, vi phạm) được trừ vào tổng điểm.")
    quiz = [p.name for p in rnd.parts if p.scoring_mode != "panel"]
    if quiz:
        text += f" Phần {', '.join(quiz)} do thư ký tính theo số câu trả lời đúng."
    names = {p.code: p.name for p in rnd.parts}
    cascade = [names[c] for c in contest.tie_break or () if c in names]
    if cascade:
        text += f" Khi bằng điểm, xét lần lượt điểm phần {', '.join(cascade)}"
        text += ", sau đó Trưởng Ban Giám khảo quyết định." if contest.tie_fallback == "head_judge" else "."
    # The domain rounds each part (scoring.round_parts): the total is the sum of the printed figures.
    text += " Điểm mỗi phần thi được làm tròn đến hai chữ số thập phân trước khi cộng vào tổng điểm."
    return text[0].upper() + text[1:]


def results_sheet(scope: results.ScopeResult, now: datetime | None = None) -> ResultsSheet:
    rnd, cluster = scope.round, scope.cluster
    contest = db.session.get(Contest, rnd.contest_id)
    panel = _panel(rnd, cluster)
    head = next((j.name for j in panel if j.is_head), "")
    rows = tuple(StandingRow(p.rank, p.team, tuple(p.parts.get(part.code) for part in rnd.parts), p.penalty,
                             p.total, ", ".join(p.prizes), p.note) for p in scope.placings)
    prizes = _prize_lines(scope)
    notes = tuple(f"các đội {', '.join(group)} bằng điểm sau mọi tiêu chí phụ, chờ Trưởng Ban Giám khảo quyết định."
                  for group in scope.unresolved)
    pending = [p.team for p in scope.placings if p.pending or p.rank is None]
    if pending:
        notes += (f"chưa đủ điểm: {', '.join(pending)}.",)
    return ResultsSheet(
        heading=heading(contest, rnd, cluster), part_names=tuple(p.name for p in rnd.parts), rows=rows,
        prizes=prizes, judges=tuple((j.name, j.title) for j in panel), method=method_text(contest, rnd),
        signers=(Signer("Thư ký"), Signer("Trưởng Ban Giám khảo", head),
                 Signer("Trưởng ban", prefix="TM. Ban Tổ chức")),
        chain=results.chain_head(), generated_at=now or local(datetime.now(UTC).replace(tzinfo=None)),
        notes=notes, draft=bool(notes) or not _locked(rnd, scope),
    )


def _prize_lines(scope: results.ScopeResult) -> tuple[PrizeLine, ...]:
    lines: dict[str, list] = defaultdict(list)
    for placing in scope.placings:
        for prize in placing.prizes:
            lines[prize].append(placing)
    # Every tier with its points: one team reads "Team (74,65 điểm)", several each carry their own.
    ladder = [PrizeLine(prize, tuple(p.team for p in winners), winners[0].total) if len(winners) == 1 else
              PrizeLine(prize, tuple(f"{p.team} ({vn_points(p.total)} điểm)" for p in winners))
              for prize, winners in lines.items() if prize not in {pp.prize for pp in scope.part_prizes}]
    extra = [PrizeLine(pp.prize, pp.teams, pp.points) for pp in scope.part_prizes]
    return tuple(ladder + extra)


def _locked(rnd: Round, scope: results.ScopeResult) -> bool:
    if rnd.locked_at is not None:
        return True
    entry_ids = set(db.session.scalars(select(Entry.id).where(Entry.round_id == rnd.id,
                                                              Entry.team_id.in_([p.team_id for p in scope.placings]))))
    locked = set(db.session.scalars(select(EntryLock.entry_id).where(EntryLock.entry_id.in_(entry_ids))))
    return bool(entry_ids) and entry_ids <= locked


def _panel(rnd: Round, cluster: Cluster | None) -> list[Judge]:
    query = select(Judge).filter_by(round_id=rnd.id, cluster_id=cluster.id if cluster else None)
    return sorted(db.session.scalars(query), key=lambda j: (not j.is_head, j.code))


def minutes_pdf(rnd: Round, cluster_id: int | None = None, every_cluster: bool = False) -> bytes:
    scopes = results.round_results(rnd)
    if not every_cluster:
        scopes = [s for s in scopes if (s.cluster.id if s.cluster else None) == cluster_id]
    return minutes.render_minutes([results_sheet(s) for s in scopes])


def judge_sheets_pdf(rnd: Round, cluster: Cluster | None, judge_id: int | None = None) -> bytes:
    panel = [j for j in _panel(rnd, cluster) if judge_id is None or j.id == judge_id]
    return judge_sheets.render_judge_sheets([judge_sheet(j, rnd, cluster) for j in panel])


def _columns(rnd: Round) -> list[tuple[object, str | None, SheetColumn]]:
    """(part, criterion id or None for the part total, column) for every panel-scored part."""
    columns = []
    for part in rnd.parts:
        if part.scoring_mode != "panel":
            continue
        if part.criteria:
            columns += [(part, str(c.id), SheetColumn(part.name, c.name, c.max_points)) for c in part.criteria]
        else:
            columns.append((part, "total", SheetColumn(part.name, "Điểm", part.max_points)))
    return columns


def judge_sheet(judge: Judge, rnd: Round, cluster: Cluster | None, now: datetime | None = None) -> JudgeSheet:
    contest = db.session.get(Contest, rnd.contest_id)
    entries = _scope_entries(rnd, cluster)
    versions = _judge_versions(judge, entries)
    absent = {(a.entry_id, a.part_id) for a in db.session.scalars(select(Absence).filter_by(judge_id=judge.id))}
    columns = _columns(rnd)
    parts = list({c[0].id: c[0] for c in columns}.values())
    rows, corrections = [], []
    for entry in entries:
        shown = {}
        for part in parts:
            sheets = versions.get((entry.id, part.id), [])
            counted = [s for s in sheets if s.status in COUNTED_STATES]
            shown[part.id] = counted[-1] if counted else None
            corrections += [_correction(entry, part, s, shown[part.id]) for s in sheets if s is not shown[part.id]]
        cells = tuple(_cell(judge, entry, part, key, shown[part.id], absent) for part, key, _ in columns)
        rows.append(JudgeSheetRow(entry.running_order, entry.team.name, cells, _row_total(judge, entry, shown, absent)))
    return JudgeSheet(heading(contest, rnd, cluster), judge.name, judge.title, judge.code,
                      tuple(c[2] for c in columns), tuple(rows), tuple(corrections), results.chain_head(),
                      now or local(datetime.now(UTC).replace(tzinfo=None)))


def _row_total(judge: Judge, entry: Entry, shown: dict[int, ScoreSheet | None],
               absent: set[tuple[int, int]]) -> int | None:
    """The judge's sum over the team's parts; None while a sheet it owes is missing or none is owed."""
    total = 0
    for part_id, sheet in shown.items():
        if sheet is not None:
            total += sheet.total
        elif not _excused(judge, entry, part_id, absent):
            return None
    return total if any(sheet is not None for sheet in shown.values()) else None


def _excused(judge: Judge, entry: Entry, part_id: int, absent: set[tuple[int, int]]) -> bool:
    return judge.conflict_team_id == entry.team_id or (entry.id, part_id) in absent


def _cell(judge: Judge, entry: Entry, part, key: str, sheet: ScoreSheet | None,  # type: ignore[no-untyped-def]
          absent: set[tuple[int, int]]) -> int | str | None:
    if judge.conflict_team_id == entry.team_id:
        return "Không chấm: giám khảo cùng đơn vị với đội thi"
    if (entry.id, part.id) in absent:
        return "vắng"
    if sheet is None:
        return None
    value = sheet.values.get(key)
    return int(value) if value is not None else (sheet.total if key == "total" else None)


def _correction(entry: Entry, part, sheet: ScoreSheet, shown: ScoreSheet | None) -> Correction:  # type: ignore[no-untyped-def]
    status = sheet.status
    if shown is not None and sheet.version < shown.version and status in COUNTED_STATES:
        status = "superseded"
    return Correction(entry.team.name, part.name, sheet.version, sheet.total, local(sheet.received_at), status)


def _scope_entries(rnd: Round, cluster: Cluster | None) -> list[Entry]:
    query = select(Entry).filter_by(round_id=rnd.id, withdrawn=False)
    if cluster is not None:
        query = query.filter_by(cluster_id=cluster.id)
    entries = list(db.session.scalars(query))
    return sorted(entries, key=lambda e: (e.running_order is None, e.running_order or 0, sort_key(e.team.name)))


def _judge_versions(judge: Judge, entries: list[Entry]) -> dict[tuple[int, int], list[ScoreSheet]]:
    found: dict[tuple[int, int], list[ScoreSheet]] = defaultdict(list)
    rows = db.session.scalars(select(ScoreSheet).where(ScoreSheet.judge_id == judge.id,
                                                       ScoreSheet.entry_id.in_([e.id for e in entries]))
                              .order_by(ScoreSheet.version))
    for sheet in rows:
        found[(sheet.entry_id, sheet.part_id)].append(sheet)
    return found


DRAW_KINDS = {"clusters": "Bốc thăm chia cụm", "running_order": "Bốc thăm thứ tự thi", "packages": "Bốc thăm"}


def draw_result_pdf(contest: Contest, rnd: Round, now: datetime | None = None) -> bytes:
    return draw_result.render_draw_result(draw_sheet(contest, rnd, now))


def draw_sheet(contest: Contest, rnd: Round, now: datetime | None = None) -> DrawSheet:
    """A round's clusters with their teams and drawn packages, and how each confirmed draw was made."""
    confirmed = [d for d in draws.list_draws(contest.id, rnd.id) if d.status == "confirmed"]
    packages = [d for d in confirmed if d.kind == "packages"]
    drawn = [{step.team: str(step.value) for step in draws.result_of(d).steps} for d in packages]
    grouped = contests.entries_by_cluster(rnd)
    groups = tuple(_draw_group(rnd, cluster, grouped.get(cluster.id if cluster else None, []), drawn)
                   for cluster in rnd.clusters or [None])
    return DrawSheet(heading(contest, rnd, None), tuple(d.label for d in packages), groups,
                     tuple(_draw_record(d) for d in confirmed), results.chain_head(), local(now or utcnow()))


def _draw_group(rnd: Round, cluster: Cluster | None, entries: list[Entry], drawn: list[dict[str, str]]) -> DrawGroup:
    rows = tuple(DrawRow(str(e.running_order or "—"), e.team.name, UNIT_VI.get(e.team.unit_type, ""),
                         tuple(d.get(e.team.name, "—") for d in drawn)) for e in entries)
    return DrawGroup(cluster.name if cluster else rnd.name, (cluster.venue if cluster else "") or rnd.venue,
                     (cluster.held_on if cluster else None) or rnd.held_on, rows)


def _draw_record(record: Draw) -> DrawRecord:
    moved = tuple(DrawMove((m.new or {}).get("team"), (m.old or {}).get("cluster"), (m.new or {}).get("cluster"),
                           (m.new or {}).get("reason")) for m in draws.moves(record))
    return DrawRecord(record.id, f"{DRAW_KINDS[record.kind]} {record.label}".strip(), record.seed,
                      record.algorithm_version, local(record.confirmed_at) if record.confirmed_at else None, moved)
