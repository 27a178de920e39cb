"""``contest draw ...``: draws by lot from the command line, for scripts and for anyone checking one.

Attached to the ``contest`` group on import (``contest.cli`` imports this module). Commands call
the draw service exactly as the organizer pages do; the acting user is recorded as "cli".
"""

import json
import sys
from collections.abc import Callable

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from contest.cli import main
from contest.domain import draw as domain
from contest.domain.errors import DomainError
from contest.extensions import db
from contest.models import Contest, Round
from contest.models.draws import Draw
from contest.services import draw as draws
from contest.services.draw import ClusterRules

ACTOR = "cli"


@main.group("draw")
def draw_group() -> None:
    """Draws by lot: clusters, running order, packages; verify a recorded draw."""


def _round(slug: str, round_slug: str) -> Round:
    contest = db.session.scalar(select(Contest).filter_by(slug=slug))
    if contest is None:
        raise click.ClickException(f"No contest '{slug}'.")
    rnd = next((r for r in contest.rounds if r.slug == round_slug), None)
    if rnd is None:
        known = ", ".join(r.slug for r in contest.rounds)
        raise click.ClickException(f"No round '{round_slug}' in {slug}; rounds: {known}")
    return rnd


def _seed(seed: str | None) -> tuple[str, bool]:
    return (seed, False) if seed else (domain.generate_seed(), True)


def _finish(make: Callable[[], Draw], confirm: bool, accept_unmet: bool, as_json: bool) -> None:
    """Run one draw (and maybe confirm it) in one transaction; print it; refusals exit 1."""
    try:
        record = make()
        if confirm:
            draws.confirm(ACTOR, record, accept_unmet=accept_unmet)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(f"{error.message} ({error.code}) {error.params or ''}".strip()) from error
    db.session.commit()
    click.echo(json.dumps(record_json(record), ensure_ascii=False, indent=2) if as_json else record_text(record))


@draw_group.command("clusters")
@click.argument("contest")
@click.option("--round", "round_slug", required=True, help="Round slug, e.g. so-khao.")
@click.option("--seed", help="The seed as typed (e.g. dice digits); generated when left out.")
@click.option("--stratify/--no-stratify", default=True, show_default=True, help="Spread unit types evenly.")
@click.option("--pots/--no-pots", default=True, show_default=True, help="Seeded teams one per cluster.")
@click.option("--separate", multiple=True, help='Teams that must not share a cluster: "[name:] A; B; C".')
@click.option("--confirm", is_flag=True, help="Confirm at once: write the clusters to the entries.")
@click.option("--accept-unmet", is_flag=True, help="Confirm even if some separations cannot be met.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole record as JSON.")
@with_appcontext
def clusters_command(contest: str, round_slug: str, seed: str | None, stratify: bool, pots: bool,
                     separate: tuple[str, ...], confirm: bool, accept_unmet: bool, as_json: bool) -> None:
    """Draw the teams of a round into its clusters (a preview unless --confirm)."""
    rnd, (seed, generated) = _round(contest, round_slug), _seed(seed)
    rules = ClusterRules(stratify=stratify, use_pots=pots, separations="\n".join(separate))
    _finish(lambda: draws.preview_clusters(ACTOR, rnd, seed, rules, generated), confirm, accept_unmet, as_json)


@draw_group.command("order")
@click.argument("contest")
@click.option("--round", "round_slug", required=True)
@click.option("--seed")
@click.option("--confirm", is_flag=True, help="Confirm at once: write the running order to the entries.")
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def order_command(contest: str, round_slug: str, seed: str | None, confirm: bool, as_json: bool) -> None:
    """Draw the running order inside each cluster of a round (or of the whole final)."""
    rnd, (seed, generated) = _round(contest, round_slug), _seed(seed)
    _finish(lambda: draws.preview_running_order(ACTOR, rnd, seed, generated), confirm, False, as_json)


@draw_group.command("packages")
@click.argument("contest")
@click.option("--round", "round_slug", required=True)
@click.option("--label", required=True, help="What is drawn, e.g. the part: Kiến thức.")
@click.option("--package", "packages", multiple=True, required=True, help="One package name; repeat.")
@click.option("--seed")
@click.option("--confirm", is_flag=True)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def packages_command(contest: str, round_slug: str, label: str, packages: tuple[str, ...], seed: str | None,
                     confirm: bool, as_json: bool) -> None:
    """Draw a package (question set, situation) for each team, in running order, per cluster."""
    rnd, (seed, generated) = _round(contest, round_slug), _seed(seed)
    text = "\n".join(packages)
    _finish(lambda: draws.preview_packages(ACTOR, rnd, seed, label, text, generated), confirm, False, as_json)


@draw_group.command("verify")
@click.argument("draw_id", type=int)
@click.option("--json", "as_json", is_flag=True)
@with_appcontext
def verify_command(draw_id: int, as_json: bool) -> None:
    """Recompute a recorded draw from its seed, inputs and algorithm version; exit 1 if it differs."""
    record = db.session.get(Draw, draw_id)
    if record is None:
        raise click.ClickException(f"No draw #{draw_id}.")
    try:
        outcome = draws.verify(record)
    except DomainError as error:
        raise click.ClickException(f"{error.message} ({error.code})") from error
    if as_json:
        click.echo(json.dumps({"draw_id": record.id, "matches": outcome.matches,
                               "differences": list(outcome.differences)}, ensure_ascii=False))
    else:
        head = f"Draw #{record.id} ({record.kind}, seed “{record.seed}”, algorithm v{record.algorithm_version})"
        if outcome.matches:
            click.echo(f"{head}: MATCHES the recomputation.")
        else:
            click.echo(f"{head}: DOES NOT MATCH. Teams placed differently: {', '.join(outcome.differences) or '—'}")
    if not outcome.matches:
        sys.exit(1)


@draw_group.command("list")
@click.argument("contest")
@with_appcontext
def list_command(contest: str) -> None:
    """Every recorded draw of a contest, discarded previews included."""
    row = db.session.scalar(select(Contest).filter_by(slug=contest))
    if row is None:
        raise click.ClickException(f"No contest '{contest}'.")
    for record in draws.list_draws(row.id):
        what = f"{record.kind} {record.label}".strip()
        click.echo(f"#{record.id:<4} {record.round.slug:<12} {what:<26} {record.status:<10} "
                   f"seed “{record.seed}” v{record.algorithm_version}")


# -- output ---------------------------------------------------------------------------------------


def record_json(record: Draw) -> dict:
    return {
        "id": record.id, "round": record.round.slug, "kind": record.kind, "label": record.label,
        "status": record.status, "seed": record.seed, "seed_source": record.seed_source,
        "algorithm_version": record.algorithm_version, "inputs": record.inputs, "result": record.result,
    }  # fmt: skip


def record_text(record: Draw) -> str:
    result = draws.result_of(record)
    lines = [f"Draw #{record.id}: {record.kind} of {record.round.name}, {record.status}",
             f"Seed: {record.seed} ({record.seed_source}); algorithm version {record.algorithm_version}"]  # fmt: skip
    values = {step.team: step.value for step in result.steps}
    shapes = {"clusters": "  {team}", "running_order": "  {value}. {team}", "packages": "  {team}: {value}"}
    for group, teams in draws.ordered_groups(record):
        lines.append(f"{group}:")
        lines += [shapes[record.kind].format(team=team, value=values[team]) for team in teams]
    for unmet in result.unmet:
        lines.append(f"NOT MET: {unmet.constraint}: {', '.join(unmet.teams)} share {unmet.cluster} ({unmet.reason})")
    lines.append(f"Check it: contest draw verify {record.id}")
    return "\n".join(lines)
