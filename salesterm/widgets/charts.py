"""Charts drawn in the terminal.

`BarChart`: horizontal bars drawn with Rich, label widths measured in terminal cells so Chinese
labels line up (plotext counts a Chinese character as one cell and breaks its frame).
`MonthChart`: grouped vertical bars over months with textual-plotext; its axes show only
month numbers and amounts on round ticks (`axis_label`: 1.5M in English, 150万 in Chinese,
lined up although plotext counts 万 as one cell), the legend is
drawn under it with Rich.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot

from salesterm.domain.money import short_amount
from salesterm.i18n import language

COLORS = ["cyan", "dark_orange", "green", "magenta", "blue", "red"]
PLOT_COLORS = ["cyan", "orange", "green", "magenta", "blue", "red"]
BLOCKS = " ▏▎▍▌▋▊▉█"


def _fmt(value: float, decimals: bool = False) -> str:
    if not decimals:
        return f"{int(value):,}"
    return f"{value:,.2f}"


def axis_ticks(top: float, most: int = 6) -> list[float]:
    """Round values from 0 to at least TOP for an amount axis: at most MOST+1 ticks, steps of
    1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0]
    rough = top / most
    power = 10 ** (len(str(int(rough))) - 1) if rough >= 1 else 1
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    count = int(-(-top // step))
    return [i * step for i in range(count + 1)]


def axis_label(value: float, lang: str | None = None) -> str:
    """An amount on a chart axis (domain.money.short_amount): 1.5M, 500k in English; 150万,
    1.5亿 in Chinese."""
    return short_amount(value, lang or language())


def _line_up_wide(plot: Text) -> Text:
    """plotext counts 万 and 亿 as one cell each, so an axis label holding one comes out one cell
    wider than the rest: such labels are given one more leading space (`_wide_labels`), taken
    away here from each line that holds a wide character, and every line is as wide again."""
    lines = plot.split("\n", allow_blank=True)
    out = Text("\n").join(line[1:] if line.plain.startswith(" ") and cell_len(line.plain) > len(line.plain)
                          else line for line in lines)
    return out


def _wide_labels(labels: list[str]) -> list[str]:
    return [" " + label if cell_len(label) > len(label) else label for label in labels]


class _AxisPlot(PlotextPlot):
    """A PlotextPlot whose axis labels may hold Chinese units (万, 亿)."""

    def render(self):
        return _line_up_wide(super().render())


def bar_text(labels: list[str], series: dict[str, list[float]], width: int, title: str = "") -> Text:
    """The chart as Rich text: one line per label and series, bars scaled to the largest value."""
    out = Text()
    if title:
        out.append(title + "\n", style="bold")
    if not labels or not series:
        return out
    if len(series) > 1:
        for i, name in enumerate(series):
            out.append("■ ", style=COLORS[i % len(COLORS)])
            out.append(name + "  ")
        out.append("\n")
    label_w = max(cell_len(str(lb)) for lb in labels)
    values = [v for vs in series.values() for v in vs]
    decimals = any(not float(v).is_integer() for v in values)
    value_w = max(cell_len(_fmt(v, decimals)) for v in values)
    top = max((abs(v) for v in values), default=0) or 1
    room = max(4, width - label_w - value_w - 3)
    for li, lb in enumerate(labels):
        for si, (_name, vs) in enumerate(series.items()):
            v = vs[li] if li < len(vs) else 0
            shown = str(lb) if si == 0 else ""
            out.append(shown + " " * (label_w - cell_len(shown)) + " ")
            eighths = int(round(abs(v) / top * room * 8))
            full, part = divmod(eighths, 8)
            bar = "█" * full + (BLOCKS[part] if part else "")
            out.append(bar, style=COLORS[si % len(COLORS)])
            out.append(" " * (room - cell_len(bar)) + " " + _fmt(v, decimals) + "\n")
    return out


class BarChart(Static):
    """Horizontal bars for a few labels and one or more series."""

    DEFAULT_CSS = """
    BarChart { height: auto; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.labels: list[str] = []
        self.series: dict[str, list[float]] = {}
        self.chart_title = ""

    def show(self, labels: list[str], series: dict[str, list[float]], title: str = "") -> None:
        self.labels, self.series, self.chart_title = list(labels), dict(series), title
        self.update(bar_text(self.labels, self.series, max(20, self.size.width - 2), title))

    def on_resize(self) -> None:
        if self.labels:
            self.update(bar_text(self.labels, self.series, max(20, self.size.width - 2), self.chart_title))


class MonthChart(Widget):
    """Grouped bars over twelve months (plotext), with a legend line that shows any language."""

    DEFAULT_CSS = """
    MonthChart { height: 1fr; min-height: 10; }
    MonthChart PlotextPlot { height: 1fr; }
    MonthChart .legend { height: 1; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield _AxisPlot()
            yield Static("", classes="legend")

    def show(self, labels: list[str], series: dict[str, list[float]]) -> None:
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        if series:
            ticks = [str(i + 1) for i in range(len(labels))]
            plt.multiple_bar(ticks, list(series.values()), color=PLOT_COLORS[:len(series)])
            top = max((v for values in series.values() for v in values), default=0)
            marks = axis_ticks(top)
            plt.ylim(0, marks[-1])
            plt.yticks(marks, _wide_labels([axis_label(v) for v in marks]))
        plot.refresh()
        legend = Text()
        for i, name in enumerate(series):
            legend.append("■ ", style=COLORS[i % len(COLORS)])
            legend.append(name + "   ")
        self.query_one(".legend", Static).update(legend)
