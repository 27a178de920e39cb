"""Plain values the document builders print. Points are centipoints (int or exact Fraction)."""

from collections import namedtuple
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction


@dataclass(frozen=True)
class Heading:
    """Who issues the paper and for which contest, round and cluster, when and where."""

    organizer_body: str
    contest_name: str
    round_name: str = ""
    cluster_name: str | None = None
    city: str = ""  # the place in the date line: "Hà Nội, ngày ..."
    venue: str = ""
    held_on: date | None = None
    board: str = "Ban Tổ chức Hội thi"


@dataclass(frozen=True)
class ChainHead:
    """The newest audit event when the paper was made: with it the printout can be checked later."""

    event_id: int
    hash: str
    at: datetime


@dataclass(frozen=True)
class Signer:
    role: str  # "TRƯỞNG BAN GIÁM KHẢO"
    name: str = ""
    prefix: str = ""  # "TM. BAN TỔ CHỨC" above the role, as administrative papers sign for a board


@dataclass(frozen=True)
class StandingRow:
    rank: int | None
    team: str
    parts: tuple[Fraction | int | None, ...]  # part scores before penalties, in column order; None: pending
    penalty: int
    total: Fraction | int | None
    prize: str = ""
    note: str = ""  # "Vào chung khảo", "Dự bị 1", "Bằng điểm: BGK quyết định"


@dataclass(frozen=True)
class PrizeLine:
    prize: str
    teams: tuple[str, ...]
    points: Fraction | int | None = None


@dataclass(frozen=True)
class ResultsSheet:
    """The biên bản of one cluster or one round."""

    heading: Heading
    part_names: tuple[str, ...]
    rows: tuple[StandingRow, ...]
    prizes: tuple[PrizeLine, ...]
    judges: tuple[tuple[str, str], ...]  # (name, title)
    method: str
    signers: tuple[Signer, ...]
    chain: ChainHead | None
    generated_at: datetime
    notes: tuple[str, ...] = ()
    draft: bool = False


@dataclass(frozen=True)
class SheetColumn:
    part: str  # part name, the upper header
    label: str  # criterion name or "Điểm"
    maximum: int


# A judge's cell: centipoints, or a note such as "Không chấm (cùng đơn vị)"; None: never sent.
Cell = int | str | None


@dataclass(frozen=True)
class JudgeSheetRow:
    order: int | None
    team: str
    cells: tuple[Cell, ...]
    total: int | None  # sum of the judge's part scores on this row (None when a cell is missing)


@dataclass(frozen=True)
class Correction:
    team: str
    part: str
    version: int
    total: int
    received_at: datetime
    status: str


@dataclass(frozen=True)
class JudgeSheet:
    """A phiếu chấm điểm: every score one judge gave in one cluster (or final round)."""

    heading: Heading
    judge_name: str
    judge_title: str
    judge_code: str
    columns: tuple[SheetColumn, ...]
    rows: tuple[JudgeSheetRow, ...]
    corrections: tuple[Correction, ...]
    chain: ChainHead | None
    generated_at: datetime


@dataclass(frozen=True)
class CertificateLayout:
    """What the organizer adjusts: the template (placeholders in ``body``) and the signature."""

    issuer: str  # the organizing body, top left
    title: str  # "GIẤY KHEN" / "GIẤY CHỨNG NHẬN"
    body: str
    signer_name: str
    signer_title: str
    city: str
    issued_on: date | None
    board: str = "Ban Tổ chức Hội thi"
    signer_prefix: str = "TM. BAN TỔ CHỨC"
    background: bytes | None = None
    number_prefix: str = ""  # "GK-BTC": certificates numbered "Số: 001/GK-BTC"


@dataclass(frozen=True)
class Recipient:
    """One certificate: the name printed large and the values of the body's placeholders."""

    name: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DrawRow:
    order: str  # running order, "—" before it is drawn
    team: str
    unit: str  # unit type in Vietnamese
    packages: tuple[str, ...]  # what the team drew in each package draw, "—" for none


@dataclass(frozen=True)
class DrawGroup:
    """One cluster (or the whole round when it has none) with its place, date and teams."""

    title: str
    venue: str
    held_on: date | None
    rows: tuple[DrawRow, ...]


# A team moved after the cluster draw was confirmed, and why (the values as the audit event kept them).
DrawMove = namedtuple("DrawMove", "team old_cluster new_cluster reason")


@dataclass(frozen=True)
class DrawRecord:
    """How one confirmed draw was made, so anyone holding the paper can re-run and check it."""

    draw_id: int
    what: str  # "Bốc thăm chia cụm", "Bốc thăm Gói câu hỏi"
    seed: str
    algorithm_version: object
    confirmed_at: datetime | None  # local time
    moves: tuple[DrawMove, ...] = ()


@dataclass(frozen=True)
class DrawSheet:
    """The printable draw result of a round."""

    heading: Heading  # its round and contest names head the title
    package_labels: tuple[str, ...]
    groups: tuple[DrawGroup, ...]
    records: tuple[DrawRecord, ...]
    chain: ChainHead | None
    generated_at: datetime  # local time
