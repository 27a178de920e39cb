"""SVG pictures drawn on the server from ``contest.domain.charts`` data: no script, no internet.

Text and axes use ``currentColor``, so one drawing reads on the light desk, the white results page
and the dark projector. Lines and dots use the Okabe-Ito palette (readable with the common colour
blindnesses). The drawings scale with their box (``viewBox``, no fixed size). ElementTree escapes
every name.
"""

from collections.abc import Callable, Mapping
from fractions import Fraction
from xml.etree import ElementTree as ET

from markupsafe import Markup

from contest.domain.charts import JudgePanelChart, Movement

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#C9B400", "#8C8C8C",
           "#7B3294", "#A6611A")
WIDTH = 960  # the judges' chart; the movement chart is narrower, to stay readable on a phone
FONT = "system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif"

Points = Callable[[int | Fraction], str]


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _svg(width: float, height: float, label: str, font_size: int = 14) -> ET.Element:
    return ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width:.0f} {height:.0f}",
                              "role": "img", "aria-label": label, "class": "chart",
                              "font-family": FONT, "font-size": str(font_size), "fill": "currentColor"})


def _text(parent: ET.Element, x: float, y: float, value: str, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, "text", {"x": f"{x:.1f}", "y": f"{y:.1f}", **attrs})
    node.text = value
    return node


def _fitted(parent: ET.Element, x: float, y: float, value: str, room: float, font: int, **attrs: str) -> None:
    """Text squeezed into ``room`` when it would overflow (estimated at 0.6 em a letter): a long name
    stays whole, a little narrower, rather than cut. Bold unless ``attrs`` say otherwise."""
    attrs = {"font-weight": "600", **attrs}
    if len(value) * font * 0.6 > room:
        attrs.update(textLength=f"{room:.0f}", lengthAdjust="spacingAndGlyphs")
    _text(parent, x, y, value, **attrs)


def _line(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, **attrs: str) -> None:
    ET.SubElement(parent, "line", {"x1": f"{x1:.1f}", "y1": f"{y1:.1f}", "x2": f"{x2:.1f}", "y2": f"{y2:.1f}",
                                   "stroke": "currentColor", **attrs})


def _markup(svg: ET.Element) -> Markup:
    return Markup(ET.tostring(svg, encoding="unicode"))


def _ticks(low: int, high: int) -> list[int]:
    """Round tick values (centipoints) covering ``low..high``, at most about eight."""
    span = max(high - low, 1)
    step = next(s for s in (25, 50, 100, 200, 500, 1000, 2000, 2500, 5000, 10000, 10**9) if span / s <= 8)
    first = low - low % step
    return list(range(first, high + step, step))


LABEL_W, RIGHT, ROW_H, LEAN_H = 270.0, WIDTH - 40.0, 30.0, 26.0  # the judges' chart's layout


def judge_panel_svg(chart: JudgePanelChart, teams: Mapping[int, str], judges: Mapping[int, str],
                    points: Points, texts: Mapping[str, str]) -> Markup:
    """One part: how each judge leans against the rest of the panel (bars), then each team's spread
    (a bar from the lowest to the highest score, a dot per judge, a tick at the mean)."""
    top_spread = 34 + LEAN_H * len(chart.judges) + 70
    svg = _svg(WIDTH, top_spread + ROW_H * len(chart.teams) + 50, texts["label"])
    colours = {judge: colour(index) for index, judge in enumerate(judges)}
    _text(svg, 0, 18, texts["lean"], **{"font-weight": "700"})
    _leans(svg, chart, judges, colours, points, top=34)
    _text(svg, 0, top_spread - 34, texts["spread"], **{"font-weight": "700"})
    if chart.teams:
        _spreads(svg, chart, teams, judges, colours, points, top=top_spread)
        _legend(svg, judges, colours, texts["mean"], y=top_spread + ROW_H * len(chart.teams) + 30)
    return _markup(svg)


def _leans(svg: ET.Element, chart: JudgePanelChart, judges: Mapping[int, str], colours: Mapping[int, str],
           points: Points, top: float) -> None:
    """Who scores high or low: a bar from zero, in points against the other judges' mean."""
    biggest = max([abs(j.lean) for j in chart.judges if j.lean is not None] + [Fraction(50)])
    zero = (LABEL_W + RIGHT) / 2
    scale = (RIGHT - zero - 70) / biggest
    _line(svg, zero, top - 6, zero, top + LEAN_H * len(chart.judges), **{"stroke-opacity": ".5"})
    for row, lean in enumerate(chart.judges):
        y = top + row * LEAN_H
        _text(svg, LABEL_W - 10, y + 15, judges.get(lean.judge_id, "?"), **{"text-anchor": "end"})
        if lean.lean is None:
            _text(svg, zero + 8, y + 15, "—", **{"fill-opacity": ".6"})
            continue
        width = float(abs(lean.lean) * scale)
        x = zero if lean.lean >= 0 else zero - width
        ET.SubElement(svg, "rect", {"x": f"{x:.1f}", "y": f"{y + 3:.1f}", "width": f"{max(width, 1):.1f}",
                                    "height": f"{LEAN_H - 8:.1f}", "rx": "3",
                                    "fill": colours.get(lean.judge_id, colour(row))})
        sign = "+" if lean.lean > 0 else ("−" if lean.lean < 0 else "±")
        _text(svg, x + width + 6 if lean.lean >= 0 else x - 6, y + 15, sign + points(abs(lean.lean)),
              **{"text-anchor": "start" if lean.lean >= 0 else "end", "font-variant-numeric": "tabular-nums"})


def _spreads(svg: ET.Element, chart: JudgePanelChart, teams: Mapping[int, str], judges: Mapping[int, str],
             colours: Mapping[int, str], points: Points, top: float) -> None:
    """Spread per team, on a scale of the scores actually given."""
    ticks = _ticks(chart.low or 0, chart.high or 0)
    lo, hi = ticks[0], max(ticks[-1], ticks[0] + 1)

    def x_of(value: int | Fraction) -> float:
        return LABEL_W + (RIGHT - LABEL_W) * float(value - lo) / (hi - lo)

    for tick in ticks:
        _line(svg, x_of(tick), top - 8, x_of(tick), top + ROW_H * len(chart.teams), **{"stroke-opacity": ".15"})
        _text(svg, x_of(tick), top - 14, points(tick), **{"text-anchor": "middle", "font-size": "12"})
    for row, team in enumerate(chart.teams):
        y = top + row * ROW_H + ROW_H / 2
        _fitted(svg, LABEL_W - 10, y + 5, teams.get(team.team_id, "?"), LABEL_W - 14, 14,
                **{"text-anchor": "end", "font-weight": "400"})
        _line(svg, x_of(team.low), y, x_of(team.high), y,
              **{"stroke-width": "10", "stroke-linecap": "round", "stroke-opacity": ".18"})
        _line(svg, x_of(team.mean), y - 11, x_of(team.mean), y + 11, **{"stroke-width": "2"})
        for index, (judge, value) in enumerate(team.scores):
            nudge = (index - (len(team.scores) - 1) / 2) * 2.2  # equal scores stay visible side by side
            dot = ET.SubElement(svg, "circle", {"cx": f"{x_of(value):.1f}", "cy": f"{y + nudge:.1f}", "r": "6",
                                                "fill": colours.get(judge, colour(index)), "stroke": "#fff",
                                                "stroke-width": "1.5"})
            ET.SubElement(dot, "title").text = f"{judges.get(judge, '?')} · {points(value)}"


def _legend(svg: ET.Element, judges: Mapping[int, str], colours: Mapping[int, str], mean: str, y: float) -> None:
    """A judge's colour and code; the mean's tick."""
    x = LABEL_W
    for judge, code in judges.items():
        ET.SubElement(svg, "circle", {"cx": f"{x:.1f}", "cy": f"{y - 5:.1f}", "r": "6", "fill": colours[judge]})
        _text(svg, x + 10, y, code)
        x += 24 + 9 * len(code)
    _line(svg, x + 6, y - 13, x + 6, y + 3, **{"stroke-width": "2"})
    _text(svg, x + 14, y, mean)


def movement_svg(movement: Movement, teams: Mapping[int, str], orders: Mapping[int, int | None],
                 texts: Mapping[str, str]) -> Markup:
    """The standings as they moved: one column per performance (running order), one line per team
    from its own performance on, its final place and name at the right."""
    n = len(movement.order)
    # Narrow and large-lettered: the same drawing reads in a projector's side panel and, at the
    # width of a phone, with letters of about 14 px.
    width, left, label_w, top, row_h, font = 420.0, 30.0, 232.0, 62.0, 44.0, 17
    right = width - label_w
    height = top + row_h * max(n, 1) + 4
    svg = _svg(width, height, texts["label"], font_size=font)
    _text(svg, 0, 20, texts["title"], **{"font-weight": "700"})

    def x_of(step: int) -> float:
        return left + (right - left) * (step / (n - 1) if n > 1 else 0.5)

    def y_of(rank: int) -> float:
        return top + (rank - 1) * row_h + row_h / 2

    for rank in range(1, n + 1):
        _text(svg, left - 14, y_of(rank) + 6, str(rank), **{"text-anchor": "end", "fill-opacity": ".7"})
    for step, team in enumerate(movement.order):
        _line(svg, x_of(step), top - 8, x_of(step), top + row_h * n, **{"stroke-opacity": ".12"})
        number = orders.get(team)
        _text(svg, x_of(step), top - 16, str(number) if number is not None else "·",
              **{"text-anchor": "middle", "font-size": "14", "fill-opacity": ".8"})
    for index, team in enumerate(movement.order):
        hue = colour(index)
        path = [(x_of(step), y_of(rank)) for step, rank in enumerate(movement.ranks[team]) if rank is not None]
        if len(path) > 1:
            ET.SubElement(svg, "polyline", {"points": " ".join(f"{x:.1f},{y:.1f}" for x, y in path),
                                            "fill": "none", "stroke": hue, "stroke-width": "4",
                                            "stroke-linejoin": "round", "stroke-linecap": "round"})
        for step, (x, y) in enumerate(path):
            ET.SubElement(svg, "circle", {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": "8" if step == 0 else "5",
                                          "fill": hue})
        final = movement.ranks[team][-1]
        if final is not None:
            _fitted(svg, right + 16, y_of(final) + 6, f"{final}. {teams.get(team, '?')}", width - right - 18, font)
    return _markup(svg)
