"""The maturity radar as a reader sees it: readable, honest about its scale, safe to embed."""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

import pytest

from reports.radar import Series, radar_svg
from reports.radar_plotly import radar_figure

SVG = "{http://www.w3.org/2000/svg}"
DIMENSIONS = [
    "Strategie und Führung", "Kunden, Marketing und Vertrieb", "Prozesse und Organisation", "Daten und KI",
    "IT-Sicherheit und Datenschutz", "Mitarbeitende und Kompetenzen", "Technologie und Infrastruktur",
    "Innovation und Kooperation", "Nachhaltigkeit (grüne Digitalisierung)",
]
CURRENT = Series("Ihr Betrieb", (43.8, 0, 56.5, 35.2, 56.3, 62, 66.8, 23.2, 30.6))
PEERS = Series("Vergleichsgruppe", (52, 41, 48, 30, 61, 50, 58, 35, 28), "peers")
PREVIOUS = Series("Vorher", (30, 0, 40, 20, 45, 55, 60, 20, 22), "previous")
LEVELS = [(20, "Entdecker"), (40, "Anwender"), (60, "Fortgeschritten"), (80, "Vorreiter")]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def points(polygon: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in (pair.split(",") for pair in polygon.get("points", "").split())]


def series_polygons(root: ET.Element, style: str) -> list[ET.Element]:
    return [polygon for group in root.iter(f"{SVG}g") if f"radar-{style}" in group.get("class", "")
            for polygon in group.iter(f"{SVG}polygon")]


def centre_and_radius(root: ET.Element) -> tuple[float, float, float]:
    spoke = next(root.iter(f"{SVG}line"))
    cx, cy = float(spoke.get("x1", "")), float(spoke.get("y1", ""))
    outer = [p for p in root.iter(f"{SVG}polygon") if p.get("class") == "radar-ring"][-1]
    x, y = points(outer)[0]
    return cx, cy, math.hypot(x - cx, y - cy)


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, width, height = map(float, root.get("viewBox", "").split())
    return x, y, x + width, y + height


def label_texts(root: ET.Element) -> list[ET.Element]:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "radar-labels")
    return list(group.iter(f"{SVG}text"))


@pytest.fixture(scope="module")
def measure():  # type: ignore[no-untyped-def]
    """Text width with the real font the PDF uses, independent of the module's own estimate."""
    ttlib = pytest.importorskip("fontTools.ttLib", reason="fontTools (a WeasyPrint dependency) is missing")
    if not DEJAVU.exists():
        pytest.skip(f"DejaVu Sans not installed at {DEJAVU} (Debian: fonts-dejavu-core)")
    font = ttlib.TTFont(str(DEJAVU))
    cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm

    def width(text: str, size: float) -> float:
        return sum(metrics[cmap[ord(c)]][0] for c in text) * size / units

    return width


def label_boxes(root: ET.Element, measure) -> list[tuple[float, float, float, float]]:  # type: ignore[no-untyped-def]
    """Each axis title's box (left, top, right, bottom) as a browser would lay it out."""
    size = float(next(g for g in root.iter(f"{SVG}g") if g.get("class") == "radar-labels").get("font-size", ""))
    boxes = []
    for text in label_texts(root):
        anchor = text.get("text-anchor")
        lefts, rights, tops, bottoms = [], [], [], []
        for span in text.iter(f"{SVG}tspan"):
            x, y, width = float(span.get("x", "")), float(span.get("y", "")), measure(span.text or "", size)
            left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
            lefts.append(left)
            rights.append(left + width)
            tops.append(y - 0.76 * size)
            bottoms.append(y + 0.24 * size)
        boxes.append((min(lefts), min(tops), max(rights), max(bottoms)))
    return boxes


def test_the_svg_is_valid_xml_that_scales_to_its_container() -> None:
    root = parse(radar_svg(DIMENSIONS, [CURRENT], title="Reifegrad je Dimension"))
    assert root.tag == f"{SVG}svg"
    assert root.get("width") == "100%"
    assert root.get("height") is None
    assert len(root.get("viewBox", "").split()) == 4


def test_title_and_description_name_the_chart_for_screen_readers() -> None:
    root = parse(radar_svg(DIMENSIONS, [CURRENT, PEERS], title="Reifegrad je Dimension",
                           description="Ihr Ergebnis im Vergleich."))
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert (title.get("id"), title.text) == (title_id, "Reifegrad je Dimension")
    assert desc.get("id") == desc_id
    text = desc.text or ""
    assert text.startswith("Ihr Ergebnis im Vergleich.")
    for axis, value in zip(DIMENSIONS, CURRENT.values):
        assert f"{axis}: {value:.1f}" in text
    assert "Vergleichsgruppe" in text and "Strategie und Führung: 52.0" in text


def test_values_in_words_use_the_readers_decimal_mark() -> None:
    root = parse(radar_svg(DIMENSIONS, [CURRENT], title="Reifegrad", decimal_mark=","))
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "Strategie und Führung: 43,8" in (desc.text or "")
    dot_titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert "Strategie und Führung: 43,8" in dot_titles
    figure = radar_figure(DIMENSIONS, [CURRENT], title="Reifegrad", decimal_mark=",")
    assert figure["layout"]["separators"] == ",."  # Plotly's hover shows 43,8 too
    assert radar_figure(DIMENSIONS, [CURRENT], title="Maturity")["layout"]["separators"] == ".,"


def test_one_polygon_per_series_with_a_point_per_axis() -> None:
    root = parse(radar_svg(DIMENSIONS, [CURRENT, PEERS, PREVIOUS], title="t"))
    for style in ("current", "peers", "previous"):
        (polygon,) = series_polygons(root, style)
        assert len(points(polygon)) == len(DIMENSIONS)
    current, peers, previous = (series_polygons(root, s)[0] for s in ("current", "peers", "previous"))
    assert current.get("fill") != "none" and current.get("stroke-dasharray") is None
    assert peers.get("fill") == "none" and peers.get("stroke-dasharray")
    assert previous.get("fill") == "none" and previous.get("stroke-dasharray")
    assert len({p.get("stroke") for p in (current, peers, previous)}) == 3


def test_the_scale_is_fixed_100_on_the_outer_ring_and_50_half_way() -> None:
    values = tuple(100.0 if i % 2 == 0 else 50.0 for i in range(len(DIMENSIONS)))
    root = parse(radar_svg(DIMENSIONS, [Series("Ihr Betrieb", values)], title="t"))
    cx, cy, outer = centre_and_radius(root)
    rings = [p for p in root.iter(f"{SVG}polygon") if p.get("class") == "radar-ring"]
    assert len(rings) == 5  # 20, 40, 60, 80, 100
    for index, (x, y) in enumerate(points(series_polygons(root, "current")[0])):
        assert math.hypot(x - cx, y - cy) == pytest.approx(outer * values[index] / 100, abs=0.15)
    # The first axis points straight up, the second clockwise from it.
    (x0, y0), (x1, _) = points(series_polygons(root, "current")[0])[:2]
    assert x0 == pytest.approx(cx, abs=0.1) and y0 < cy and x1 > cx


def test_values_outside_the_scale_are_clamped_and_nan_is_not_assessed() -> None:
    series = Series("Ihr Betrieb", (120, -5, float("nan"), 50))
    assert series.values == (100.0, 0.0, None, 50.0)
    root = parse(radar_svg(["A", "B", "C", "D"], [series], title="t"))
    cx, cy, outer = centre_and_radius(root)
    x, y = points(series_polygons(root, "current")[0])[0]
    assert math.hypot(x - cx, y - cy) == pytest.approx(outer, abs=0.15)


def test_a_dimension_not_assessed_leaves_a_gap_and_a_hollow_marker() -> None:
    values = (43.8, None, 56.5, 35.2, None, 62, 66.8, 23.2, 30.6)
    svg = radar_svg(DIMENSIONS, [Series("Ihr Betrieb", values), PEERS], title="t")
    root = parse(svg)
    (polygon,) = series_polygons(root, "current")
    assert len(points(polygon)) == 7
    cx, cy, _ = centre_and_radius(root)
    hollow = [c for c in root.iter(f"{SVG}circle") if c.get("class") == "radar-missing"]
    assert len(hollow) == 1
    assert (float(hollow[0].get("cx", "")), float(hollow[0].get("cy", ""))) == (cx, cy)
    assert hollow[0].get("fill") == "#ffffff"
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "Kunden, Marketing und Vertrieb: –" in (desc.text or "")


@pytest.mark.parametrize("values", [(None,) * 9, (50, None, None, None, None, None, None, None, 20)])
def test_fewer_than_three_assessed_dimensions_draw_points_but_no_shape(values: tuple[float | None, ...]) -> None:
    root = parse(radar_svg(DIMENSIONS, [Series("Ihr Betrieb", values)], title="t"))
    assert series_polygons(root, "current") == []
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("class") is None]
    assert len(dots) == sum(v is not None for v in values)


def test_long_german_titles_wrap_onto_at_most_three_lines() -> None:
    root = parse(radar_svg(DIMENSIONS, [CURRENT], title="t"))
    texts = label_texts(root)
    assert len(texts) == len(DIMENSIONS)
    lines = {"".join(" " + (s.text or "") for s in t.iter(f"{SVG}tspan")).strip(): len(list(t.iter(f"{SVG}tspan")))
             for t in texts}
    assert set(lines) == set(DIMENSIONS)  # wrapping loses no word
    assert all(1 <= count <= 3 for count in lines.values())
    assert lines["Nachhaltigkeit (grüne Digitalisierung)"] >= 2
    assert lines["Kunden, Marketing und Vertrieb"] >= 2


def label_layout_is_clear(root: ET.Element, measure) -> None:  # type: ignore[no-untyped-def]
    """Every title lies inside the picture, outside the plot, and apart from every other title."""
    left, top, right, bottom = view_box(root)
    cx, cy, outer = centre_and_radius(root)
    boxes = label_boxes(root, measure)
    for x0, y0, x1, y1 in boxes:
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, (x0, y0, x1, y1)
        nearest_x, nearest_y = min(max(cx, x0), x1), min(max(cy, y0), y1)
        assert math.hypot(nearest_x - cx, nearest_y - cy) > outer, "a title reaches into the plot"
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], f"titles overlap: {a} {b}"


@pytest.mark.parametrize("size", [320, 480, 720])
def test_titles_stay_inside_the_picture_and_clear_of_the_plot(measure, size: int) -> None:  # type: ignore[no-untyped-def]
    root = parse(radar_svg(DIMENSIONS, [CURRENT, PEERS, PREVIOUS], title="t", size=size, level_rings=LEVELS))
    label_layout_is_clear(root, measure)


@pytest.mark.parametrize("count", [3, 4, 5, 7, 12])
def test_three_to_twelve_axes(measure, count: int) -> None:  # type: ignore[no-untyped-def]
    axes = [f"Dimension {i} mit einem längeren Namen" for i in range(1, count + 1)]
    series = [Series("Ihr Betrieb", tuple(float(10 + 7 * i) for i in range(count))),
              Series("Vorher", tuple(float(5 + 6 * i) for i in range(count)), "previous")]
    svg = radar_svg(axes, series, title="t")
    root = parse(svg)
    for style in ("current", "previous"):
        assert len(points(series_polygons(root, style)[0])) == count
    label_layout_is_clear(root, measure)
    figure = radar_figure(axes, series, title="t")
    assert figure["layout"]["polar"]["angularaxis"]["categoryarray"] == axes


def test_titles_with_markup_characters_are_escaped() -> None:
    axes = ["Strategie & Führung", "Daten <KI>", "Prozesse \"&\" Abläufe"]
    series = [Series("A & <B>", (10, 20, 30)), Series("Vorher", (5, 5, 5), "previous")]
    svg = radar_svg(axes, series, title="Reife <&> Grad", description="x < y & z")
    assert "<KI>" not in svg and "<B>" not in svg
    root = parse(svg)
    labels = [" ".join(s.text or "" for s in t.iter(f"{SVG}tspan")) for t in label_texts(root)]
    assert "Strategie & Führung" in labels and "Daten <KI>" in labels
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Reife <&> Grad"
    assert desc is not None and "Daten <KI>: 20.0" in (desc.text or "")
    assert "A & <B>" in [t.text for t in root.iter(f"{SVG}text")]


def test_the_same_chart_renders_the_same_string_and_ids_differ_between_charts() -> None:
    first = radar_svg(DIMENSIONS, [CURRENT, PEERS], title="t", level_rings=LEVELS)
    assert first == radar_svg(list(DIMENSIONS), [CURRENT, PEERS], title="t", level_rings=LEVELS)
    other = radar_svg(DIMENSIONS, [PREVIOUS], title="t")
    assert parse(first).get("aria-labelledby") != parse(other).get("aria-labelledby")


def test_nothing_external_nothing_a_strict_csp_would_block() -> None:
    svg = radar_svg(DIMENSIONS, [CURRENT, PEERS, PREVIOUS], title="t", level_rings=LEVELS)
    assert svg.count("http") == 1 and 'xmlns="http://www.w3.org/2000/svg"' in svg
    for forbidden in ("href", "url(", "<script", "style", "<image", "@import", "<foreignObject"):
        assert forbidden not in svg
    assert parse(svg).get("font-family") == "DejaVu Sans, sans-serif"


def test_coordinates_are_compact() -> None:
    svg = radar_svg(DIMENSIONS, [CURRENT, PEERS, PREVIOUS], title="t", level_rings=LEVELS)
    coordinates = re.findall(r' (?:points|viewBox|x|y|x1|y1|x2|y2|cx|cy|r|width|height)="([^"]*)"', svg)
    assert len(coordinates) > 100
    assert not [c for c in coordinates if re.search(r"\d\.\d\d", c)]
    assert len(svg) < 12_000


def segment_hits_box(p: Sequence[float], q: Sequence[float], box: Sequence[float]) -> bool:
    """Does the segment p-q pass through the box (left, top, right, bottom)? Checked by walking
    along it in steps well below a pixel, independently of how the module computes it."""
    steps = max(2, int(math.hypot(q[0] - p[0], q[1] - p[1]) * 4))
    return any(box[0] <= p[0] + (q[0] - p[0]) * k / steps <= box[2] and box[1] <= p[1] + (q[1] - p[1]) * k / steps <= box[3]
               for k in range(steps + 1))


def ring_labels(root: ET.Element) -> list[tuple[str, tuple[float, float, float, float]]]:
    ticks = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "radar-ticks")
    chips = [tuple(float(r.get(k, "")) for k in ("x", "y", "width", "height")) for r in ticks.iter(f"{SVG}rect")]
    return [(t.text or "", (x, y, x + w, y + h)) for t, (x, y, w, h) in zip(ticks.iter(f"{SVG}text"), chips)]


def test_rings_mark_where_each_level_starts_and_carry_its_name() -> None:
    levels = [(25, "Entdecker"), (50, "Anwender"), (75, "Vorreiter")]
    root = parse(radar_svg(DIMENSIONS, [CURRENT], title="t", level_rings=levels))
    cx, cy, outer = centre_and_radius(root)
    rings = [p for p in root.iter(f"{SVG}polygon") if p.get("class") == "radar-ring"]
    reach = [round(100 * math.hypot(points(p)[0][0] - cx, points(p)[0][1] - cy) / outer) for p in rings]
    assert reach == [25, 50, 75, 100]
    labels = ring_labels(root)
    assert [name for name, _box in labels] == ["Entdecker", "Anwender", "Vorreiter"]
    for (name, box), (value, _name) in zip(labels, levels):  # each name right beside its own ring
        middle = ((box[0] + box[2]) / 2 - cx, (box[1] + box[3]) / 2 - cy)
        assert abs(math.hypot(*middle) - outer * value / 100) < 0.2 * outer, name
    plain = parse(radar_svg(DIMENSIONS, [CURRENT], title="t"))
    assert [name for name, _box in ring_labels(plain)] == ["20", "40", "60", "80", "100"]


@pytest.mark.parametrize("values", [
    (90, 95, 100, 85, 90, 95, 100, 90, 85),  # a leader: the line runs outside every name
    (5, 10, 0, 15, 10, 5, 0, 10, 5),  # a beginner: the line runs inside
])
def test_ring_names_stay_clear_of_the_data_where_there_is_room(values: tuple[float, ...]) -> None:
    for size, marks in ((480, None), (280, [str(i) for i in range(1, 10)])):
        root = parse(radar_svg(DIMENSIONS, [Series("Ihr Betrieb", values)], title="t", size=size,
                               level_rings=LEVELS, marks=marks))
        outline = points(series_polygons(root, "current")[0])
        edges = list(zip(outline, outline[1:] + outline[:1]))
        for name, box in ring_labels(root):
            assert not any(segment_hits_box(p, q, box) for p, q in edges), (size, name)
        boxes = [box for _name, box in ring_labels(root)]
        assert not any(a[2] > b[0] and b[2] > a[0] and a[3] > b[1] and b[3] > a[1]
                       for i, a in enumerate(boxes) for b in boxes[i + 1:])


def test_the_phone_chart_numbers_its_axes_and_still_describes_them_by_name() -> None:
    marks = [str(i) for i in range(1, 10)]
    root = parse(radar_svg(DIMENSIONS, [CURRENT], title="t", size=280, level_rings=LEVELS, marks=marks))
    assert [" ".join(s.text or "" for s in t.iter(f"{SVG}tspan")) for t in label_texts(root)] == marks
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "Strategie und Führung: 43.8" in (desc.text or "")
    assert view_box(root)[2] <= 280  # drawn at about a phone's width, so 13 px text stays 13 px
    with pytest.raises(ValueError, match="8 marks for 9 axes"):
        radar_svg(DIMENSIONS, [CURRENT], title="t", marks=marks[:8])


def legend_names(root: ET.Element) -> list[str | None]:
    legends = [g for g in root.iter(f"{SVG}g") if g.get("class") == "radar-legend"]
    return [t.text for g in legends for t in g.iter(f"{SVG}text")]


def test_a_legend_below_the_plot_only_when_there_is_something_to_compare() -> None:
    assert legend_names(parse(radar_svg(DIMENSIONS, [CURRENT], title="t"))) == []
    root = parse(radar_svg(DIMENSIONS, [CURRENT, PEERS, PREVIOUS], title="t"))
    assert legend_names(root) == ["Ihr Betrieb", "Vergleichsgruppe", "Vorher"]
    _, cy, outer = centre_and_radius(root)
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "radar-legend")
    assert all(float(t.get("y", "")) > cy + outer for t in legend.iter(f"{SVG}text"))
    assert all(float(t.get("y", "")) < view_box(root)[3] for t in legend.iter(f"{SVG}text"))


@pytest.mark.parametrize(("axes", "series", "message"), [
    (["A", "B"], [], "at least 3 axes"),
    (["A", "B", "A"], [], "unique"),
    (["A", "B", "C"], [Series("x", (1, 2))], "2 values for 3 axes"),
])
def test_unusable_input_is_refused_with_a_reason(axes: list[str], series: Sequence[Series], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        radar_svg(axes, series, title="t")
    with pytest.raises(ValueError, match=message):
        radar_figure(axes, series, title="t")


def test_an_unknown_style_is_refused() -> None:
    with pytest.raises(ValueError, match="style"):
        Series("x", (1, 2, 3), "dashed")  # type: ignore[arg-type]


def test_the_figure_is_plain_json_with_the_same_fixed_scale_and_axis_order() -> None:
    values = (43.8, None, 56.5, 35.2, float("nan"), 62, 66.8, 23.2, 130)
    figure = radar_figure(DIMENSIONS, [Series("Ihr Betrieb", values), PEERS, PREVIOUS], title="Reifegrad",
                          level_rings=LEVELS)
    data = json.loads(json.dumps(figure, allow_nan=False))
    polar = data["layout"]["polar"]
    assert polar["radialaxis"]["range"] == [0, 100]
    assert polar["radialaxis"]["tickvals"] == [0, 20, 40, 60, 80, 100]  # the rings: where the levels start
    names = [trace for trace in data["data"] if trace.get("subplot") == "polar2"]
    assert [(n["text"], n["r"]) for n in names] == [(["Entdecker", "Anwender", "Fortgeschritten", "Vorreiter"],
                                                     [20, 40, 60, 80])]
    assert data["layout"]["polar2"]["domain"] == polar["domain"]  # the names' disc lies exactly on the chart's
    other = radar_figure(DIMENSIONS, [PEERS], title="t", level_rings=[(30, "A"), (55, "B")])
    assert other["layout"]["polar"]["radialaxis"]["tickvals"] == [0, 30, 55, 100]
    assert polar["angularaxis"]["categoryarray"] == DIMENSIONS
    assert (polar["angularaxis"]["rotation"], polar["angularaxis"]["direction"]) == (90, "clockwise")
    assert data["layout"]["font"]["family"] == "DejaVu Sans, sans-serif"
    traces = {trace["name"]: trace for trace in data["data"] if trace.get("subplot") != "polar2"}
    assert [trace["type"] for trace in data["data"]] == ["scatterpolar"] * 4
    current = traces["Ihr Betrieb"]
    assert current["theta"][: len(DIMENSIONS)] == DIMENSIONS
    assert current["r"][: len(DIMENSIONS)] == [43.8, None, 56.5, 35.2, None, 62.0, 66.8, 23.2, 100.0]
    assert current["fill"] == "toself" and traces["Vergleichsgruppe"]["fill"] == "none"
    assert current["hovertemplate"] == "%{theta}: %{r:.1f}<extra>Ihr Betrieb</extra>"
    assert traces["Vorher"]["line"]["dash"] == "dash" and traces["Vergleichsgruppe"]["line"]["dash"] == "dot"
    assert data["data"][-1]["name"] == "Ihr Betrieb"  # drawn on top, as in the SVG


def test_the_figure_is_one_plotly_accepts() -> None:
    go = pytest.importorskip("plotly.graph_objects")
    figure = radar_figure(DIMENSIONS, [CURRENT, PEERS], title="t", level_rings=LEVELS)
    go.Figure(figure)  # raises on any property Plotly does not know


def test_the_figure_does_not_need_plotly_to_be_built() -> None:
    source = Path(__file__).resolve().parents[2].joinpath("reports", "radar.py").read_text(encoding="utf-8")
    assert "import plotly" not in source and "from plotly" not in source
