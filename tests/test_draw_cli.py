"""``contest draw ...`` for scripts: draw, confirm, verify, list (SQLite and PostgreSQL)."""

import json

from sqlalchemy import select, text

from contest.cli import main
from contest.extensions import db
from contest.models import Entry
from contest.models.draws import Draw


def test_clusters_json_record_then_verify_matches(runner, demo_contest):
    result = runner.invoke(main, ["draw", "clusters", demo_contest.slug, "--round", "so-khao", "--seed", "6 6 2 1",
                                  "--separate", "Lực lượng: Công an Thành phố Hà Nội; Bộ Tư lệnh Thủ đô Hà Nội",
                                  "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["status"] == "preview" and record["seed"] == "6 6 2 1" and record["algorithm_version"] == 1
    assert record["inputs"]["separations"][0]["name"] == "Lực lượng"
    assert len(record["result"]["steps"]) == 35 and record["result"]["unmet"] == []
    check = runner.invoke(main, ["draw", "verify", str(record["id"])])
    assert check.exit_code == 0 and "MATCHES" in check.output


def test_text_output_lists_clusters_in_order_and_how_to_check(runner, demo_contest):
    result = runner.invoke(main, ["draw", "clusters", demo_contest.slug, "--round", "so-khao", "--seed", "1"])
    assert result.exit_code == 0, result.output
    headings = [line for line in result.output.splitlines() if line.startswith("Cụm")]
    assert headings == [f"Cụm {i}:" for i in range(1, 7)]
    assert "Check it: contest draw verify" in result.output


def test_without_a_seed_one_is_generated_and_recorded(runner, app, demo_contest):
    result = runner.invoke(main, ["draw", "clusters", demo_contest.slug, "--round", "so-khao", "--json"])
    record = json.loads(result.output)
    assert record["seed_source"] == "generated" and len(record["seed"].replace(" ", "")) == 20


def test_confirm_writes_entries_and_a_tampered_record_fails_verify(runner, app, demo_contest):
    result = runner.invoke(main, ["draw", "clusters", demo_contest.slug, "--round", "so-khao", "--seed", "77",
                                  "--confirm", "--json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    draw_id = json.loads(result.output)["id"]
    with app.app_context():
        record = db.session.get(Draw, draw_id)
        assert record.status == "confirmed"
        placed = db.session.scalars(select(Entry.cluster_id).filter_by(round_id=record.round_id)).all()
        assert None not in placed and len(set(placed)) == 6
        steps = record.result["steps"]
        other = next(s["group"] for s in steps if s["group"] != steps[0]["group"])
        forged = json.dumps({**record.result, "steps": [{**steps[0], "group": other}, *steps[1:]]})
        db.session.execute(text("UPDATE draw SET result = :r WHERE id = :id"), {"r": forged, "id": draw_id})
        db.session.commit()
    check = runner.invoke(main, ["draw", "verify", str(draw_id)])
    assert check.exit_code == 1
    assert "DOES NOT MATCH" in check.output and steps[0]["team"] in check.output


def test_order_and_packages_then_list_shows_every_draw(runner, demo_contest):
    slug = demo_contest.slug
    order = runner.invoke(main, ["draw", "order", slug, "--round", "so-khao", "--seed", "3", "--confirm"])
    assert order.exit_code == 0, order.output
    assert "  1. " in order.output
    packages = [arg for i in range(1, 8) for arg in ("--package", f"Gói {i}")]
    drawn = runner.invoke(main, ["draw", "packages", slug, "--round", "so-khao", "--label", "Tình huống",
                                 *packages, "--seed", "4"])  # fmt: skip
    assert drawn.exit_code == 0, drawn.output
    assert ": Gói " in drawn.output
    listing = runner.invoke(main, ["draw", "list", slug]).output.splitlines()
    assert len(listing) == 2
    assert "running_order" in listing[0] and "confirmed" in listing[0]
    assert "packages Tình huống" in listing[1] and "preview" in listing[1]


def test_refusals_exit_with_the_reason(runner, demo_contest):
    few = runner.invoke(main, ["draw", "packages", demo_contest.slug, "--round", "so-khao", "--label", "Kiến thức",
                               "--package", "Gói 1", "--seed", "1"])  # fmt: skip
    assert few.exit_code == 1 and "draw_not_enough_packages" in few.output
    unknown = runner.invoke(main, ["draw", "clusters", demo_contest.slug, "--round", "vong-3", "--seed", "1"])
    assert unknown.exit_code == 1 and "so-khao" in unknown.output
    missing = runner.invoke(main, ["draw", "verify", "999"])
    assert missing.exit_code == 1 and "No draw #999" in missing.output
