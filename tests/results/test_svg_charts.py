"""The SVG drawings themselves: well-formed, names escaped, long names squeezed rather than cut."""

from xml.etree import ElementTree as ET

from contest.documents.svg_charts import judge_panel_svg, movement_svg
from contest.domain.charts import judge_panel_chart, standings_movement

TEXTS = {"label": "l", "title": "t", "lean": "lean", "spread": "spread", "mean": "mean"}
LONG = "Đảng bộ Khối các cơ quan Thành phố Hà Nội <và> các đơn vị trực thuộc"


def texts_of(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)  # raises if not well-formed
    return {node.text: node for node in root.iter("{http://www.w3.org/2000/svg}text")}


def test_movement_labels_each_team_with_its_final_place_and_squeezes_a_long_name():
    movement = standings_movement([1, 2, 3], {1: 2, 2: 1, 3: 3})
    drawn = texts_of(str(movement_svg(movement, {1: "Quận Tây Hồ", 2: LONG, 3: "Quận Ba Đình"},
                                      {1: 1, 2: 2, 3: 3}, TEXTS)))
    assert "1. " + LONG in drawn and "2. Quận Tây Hồ" in drawn and "3. Quận Ba Đình" in drawn
    assert drawn["1. " + LONG].get("lengthAdjust") == "spacingAndGlyphs"
    assert drawn["2. Quận Tây Hồ"].get("textLength") is None


def test_the_judges_chart_names_every_team_and_judge():
    chart = judge_panel_chart({(7, 1): 2000, (8, 1): 1800, (7, 2): 1500}, [7, 8], [1, 2])
    drawn = texts_of(str(judge_panel_svg(chart, {1: LONG, 2: "Quận Ba Đình"}, {7: "GK1", 8: "GK2"},
                                         lambda v: f"{float(v) / 100:.2f}", TEXTS)))
    assert {LONG, "Quận Ba Đình", "GK1", "GK2", "+2.00", "−2.00"} <= set(drawn)
