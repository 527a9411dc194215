"""Charts for the reports, drawn with reportlab.graphics.

Each pillar keeps one look everywhere: a fill of its own lightness (dark,
medium, light), so the charts still read when printed in black and white.
Trends are small multiples, one panel per series, never lines laid over
each other. Every value is also printed as a number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from undercover.domain.checklist import Pillar
from undercover.report.fonts import Face, fonts
from undercover.report.layout import INK, MUTED, RULE, clip
from undercover.report.shaping import drawable

PILLAR_FILL = {
    Pillar.EMPATHY: colors.HexColor("#1F4E5F"),
    Pillar.SERVING: colors.HexColor("#5F97A6"),
    Pillar.PRESENCE: colors.HexColor("#C3DCE2"),
}
BELIEF_FILL = colors.HexColor("#D9DEE2")


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose default font is ours, so no base-14 font sneaks into the PDF."""
    drawing = Drawing(width, height)
    drawing.initialFontName = fonts().regular
    return drawing


def _value_axis(axis, length_label: bool = True) -> None:
    f = fonts()
    axis.valueMin, axis.valueMax, axis.valueStep = 0, 100, 25
    axis.labels.fontName = f.regular
    axis.labels.fontSize = 7
    axis.labels.fillColor = MUTED
    axis.strokeColor = RULE
    axis.visibleGrid = True
    axis.gridStrokeColor = RULE
    axis.gridStrokeWidth = 0.4
    axis.visibleTicks = length_label


def _category_axis(axis, names: Sequence[str], size: float = 8) -> None:
    f = fonts()
    axis.categoryNames = list(names)
    axis.labels.fontName = f.regular
    axis.labels.fontSize = size
    axis.labels.fillColor = INK
    axis.strokeColor = RULE
    axis.visibleTicks = False


def _label(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}"


def pillar_bars(
    pillars: Mapping[Pillar, float | None], width: float, height: float = 92
) -> Drawing:
    """The three pillar scores of a visit (or a period) as bars on a 0-100 scale."""
    f = fonts()
    order = list(reversed(list(Pillar)))  # the chart draws bottom-up; empathy reads first
    names = [p.label for p in order]
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 118, 16
    chart.width, chart.height = width - chart.x - 28, height - chart.y - 4
    chart.data = [[pillars.get(p) for p in order]]
    _category_axis(chart.categoryAxis, names, 8.5)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -6
    _value_axis(chart.valueAxis)
    chart.barWidth = 10
    chart.groupSpacing = 8
    chart.bars.strokeColor = INK
    chart.bars.strokeWidth = 0.4
    for i, pillar in enumerate(order):
        chart.bars[(0, i)].fillColor = PILLAR_FILL[pillar]
    chart.barLabelFormat = _label
    chart.barLabels.fontName = f.bold
    chart.barLabels.fontSize = 8.5
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 4
    drawing.add(chart)
    step = chart.height / len(order)
    for i, pillar in enumerate(order):
        if pillars.get(pillar) is None:
            drawing.add(String(chart.x + 4, chart.y + (i + 0.5) * step - 3, "not scored",
                               fontName=f.regular, fontSize=8, fillColor=MUTED))
    return drawing


def _swatch_legend(
    drawing: Drawing, x: float, y: float, items: Sequence[tuple[colors.Color, str]]
) -> None:
    f = fonts()
    for fill, text in items:
        drawing.add(Rect(x, y, 10, 7, fillColor=fill, strokeColor=INK, strokeWidth=0.4))
        drawing.add(String(x + 14, y, text, fontName=f.regular, fontSize=8, fillColor=INK))
        x += 26 + len(text) * 4.6


def grouped_pillar_bars(
    groups: Sequence[tuple[str, Mapping[Pillar, float | None]]],
    width: float,
    extra: tuple[str, Sequence[float | None]] | None = None,
) -> Drawing:
    """Pillar scores side by side for several groups (locations), one bar per pillar."""
    f = fonts()
    rows = list(reversed(groups))
    per_group = 3 * 7 + 8
    height = 30 + per_group * len(rows)
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 120, 26
    chart.width, chart.height = width - chart.x - 28, height - chart.y - 4
    pillars = list(reversed(list(Pillar)))
    chart.data = [[values.get(p) for _, values in rows] for p in pillars]
    # Names in any script, each in the font that has it, shortened to the room left of the bars.
    labels = [drawable(clip(name, Face.REGULAR, 8, chart.x - 12), size=8) for name, _ in rows]
    _category_axis(chart.categoryAxis, [label for label, _ in labels], 8)
    for i, (_, font) in enumerate(labels):
        chart.categoryAxis.labels[i].fontName = font
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -6
    _value_axis(chart.valueAxis)
    chart.barWidth = 7
    chart.groupSpacing = 8
    chart.barSpacing = 0
    chart.bars.strokeColor = INK
    chart.bars.strokeWidth = 0.4
    for i, pillar in enumerate(pillars):
        chart.bars[i].fillColor = PILLAR_FILL[pillar]
    chart.barLabelFormat = _label
    chart.barLabels.fontName = f.regular
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    _swatch_legend(drawing, chart.x, 2, [(PILLAR_FILL[p], p.label) for p in Pillar])
    return drawing


def belief_bars(
    belief: Mapping[Pillar, float | None],
    observed: Mapping[Pillar, float | None],
    width: float,
) -> Drawing:
    """The owner's belief beside what evaluators observed, per pillar."""
    f = fonts()
    pillars = list(reversed(list(Pillar)))
    height = 30 + 3 * 30
    drawing = _drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 118, 26
    chart.width, chart.height = width - chart.x - 28, height - chart.y - 4
    chart.data = [[observed.get(p) for p in pillars], [belief.get(p) for p in pillars]]
    _category_axis(chart.categoryAxis, [p.label for p in pillars], 8.5)
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -6
    _value_axis(chart.valueAxis)
    chart.barWidth = 9
    chart.groupSpacing = 10
    chart.bars.strokeColor = INK
    chart.bars.strokeWidth = 0.4
    chart.bars[0].fillColor = PILLAR_FILL[Pillar.EMPATHY]
    chart.bars[1].fillColor = BELIEF_FILL
    chart.barLabelFormat = _label
    chart.barLabels.fontName = f.regular
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    _swatch_legend(
        drawing, chart.x, 2,
        [(PILLAR_FILL[Pillar.EMPATHY], "Observed by evaluators"),
         (BELIEF_FILL, "Owner's self-assessment")],
    )
    return drawing


def score_bar(value: float | None, width: float = 110, height: float = 9) -> Drawing:
    """A small 0-100 bar for table rows."""
    drawing = _drawing(width, height)
    drawing.add(Rect(0, 1, width, height - 2, fillColor=colors.HexColor("#EEF1F3"),
                     strokeColor=None))
    if value is not None:
        drawing.add(Rect(0, 1, width * max(0.0, min(100.0, value)) / 100, height - 2,
                         fillColor=PILLAR_FILL[Pillar.SERVING], strokeColor=None))
    for tick in (25, 50, 75):
        drawing.add(Line(width * tick / 100, 0, width * tick / 100, height,
                         strokeColor=colors.white, strokeWidth=0.6))
    return drawing


def small_multiples(
    panels: Sequence[tuple[str, Sequence[float | None]]],
    months: Sequence[str],
    width: float,
    per_row: int = 3,
    panel_height: float = 96,
) -> Drawing:
    """One small line chart per series (a pillar, a location), side by side.

    Every panel shares one value range, zoomed to the data (in steps of ten) rather
    than 0-100, so small changes show and panels compare at a glance; the latest
    value is printed at the end of each line.
    """
    f = fonts()
    values = [v for _, series in panels for v in series if v is not None]
    low = max(0, int(min(values, default=0) // 10 * 10) - 10)
    high = min(100, int(-(-max(values, default=100) // 10) * 10) + 10)
    if high - low < 20:
        high = min(100, low + 20)
    rows = -(-len(panels) // per_row)
    gap, title_h = 14, 14
    panel_w = (width - gap * (per_row - 1)) / per_row
    drawing = _drawing(width, rows * (panel_height + title_h + 6))
    for index, (title, series) in enumerate(panels):
        row, col = divmod(index, per_row)
        x = col * (panel_w + gap)
        y = (rows - row - 1) * (panel_height + title_h + 6)
        # A name in any script, in the font that has it, shortened to its panel.
        label, font = drawable(clip(title, Face.BOLD, 8, panel_w), Face.BOLD, size=8)
        drawing.add(String(x, y + panel_height + 4, label, fontName=font, fontSize=8,
                           fillColor=INK))
        chart = HorizontalLineChart()
        chart.x, chart.y = x + 22, y + 14
        chart.width, chart.height = panel_w - 40, panel_height - 18
        chart.data = [[v for v in series]]
        _value_axis(chart.valueAxis)
        chart.valueAxis.valueMin, chart.valueAxis.valueMax = low, high
        chart.valueAxis.valueStep = 10 if high - low <= 40 else 20
        _category_axis(chart.categoryAxis, [m if i in (0, len(months) - 1) else ""
                                            for i, m in enumerate(months)], 6.5)
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.lines[0].strokeColor = PILLAR_FILL[Pillar.EMPATHY]
        chart.lines[0].strokeWidth = 1.4
        chart.lines[0].symbol = makeMarker("FilledCircle", size=3,
                                           fillColor=PILLAR_FILL[Pillar.EMPATHY],
                                           strokeColor=PILLAR_FILL[Pillar.EMPATHY])
        chart.joinedLines = 1
        drawing.add(chart)
        last = next((v for v in reversed(series) if v is not None), None)
        if last is not None:
            drawing.add(String(x + panel_w - 16, y + 14 + (last - low) / (high - low)
                               * (panel_height - 18) - 3, f"{last:.0f}",
                               fontName=f.bold, fontSize=7.5, fillColor=INK))
    return drawing
