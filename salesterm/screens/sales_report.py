"""What sold (销售分析): sales by product, category, customer or rep (against target) for a month,
a quarter or a year, from the orders not cancelled, net of returns: a chart of the biggest groups
(万元 in Chinese) and the whole table, exportable. Opened from the reports section (`s`).

`b` groups by product, category, customer or rep; `p` switches month, quarter and year; `,` and
`.` go a period earlier or later; `m` picks a rep; `x` exports the table shown."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Static

from salesterm import clock
from salesterm.domain import sales as rules
from salesterm.i18n import _, language
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.widgets.charts import BarChart
from salesterm.widgets.cycle import next_choice

BY_TITLES = {"product": "by product", "category": "by category", "customer": "by customer", "rep": "by rep"}


def _load(by: str, period: rules.Period, rep: str | None, lang: str):
    from salesterm.store.reports.sales import period_label, sales_report
    from salesterm.store.reps import rep_names

    return sales_report(by, period, rep=rep, lang=lang), period_label(period, lang), rep_names()


class SalesReportScreen(SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    SalesReportScreen #sales-head { height: 1; padding: 0 1; color: $text-muted; }
    SalesReportScreen #sales-chart { max-height: 50%; }
    SalesReportScreen #sales-note { height: auto; max-height: 2; padding: 0 1; color: $text-muted; }
    SalesReportScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="sales.back"),
        Binding("b", "cycle_by", "Group by", id="sales.by"),
        Binding("p", "cycle_period", "Month/quarter/year", id="sales.period"),
        Binding("comma", "shift(-1)", "Earlier", id="sales.earlier"),
        Binding("full_stop", "shift(1)", "Later", id="sales.later"),
        Binding("m", "cycle_rep", "Rep", id="sales.rep"),
        Binding("x", "export", "Export", id="sales.export"),
    ]

    def __init__(self, rep: str | None = None, reps: list[str] | None = None, by: str = "product",
                 period: rules.Period | None = None) -> None:
        super().__init__()
        self.rep = rep
        self.reps = list(reps or [])
        self.by = by
        self.period = period or rules.period_of("month", clock.today())
        self.report = None

    def compose_body(self):
        yield Static("", id="sales-head")
        yield BarChart(id="sales-chart")
        yield Static("", id="sales-note")
        yield DataTable(id="sales-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#sales-table", DataTable).focus()

    def reload(self) -> None:
        self.db(_load, self.by, self.period, self.rep, language(), then=self._show)

    def _show(self, result) -> None:
        self.report, label, names = result
        self.reps = names or self.reps
        r = self.report
        self.query_one("#sales-head", Static).update(Text(" · ".join([
            _("Sales {by}", by=_(BY_TITLES[self.by])), label, _("rep: {r}", r=self.rep or _("all reps"))])))
        self.query_one("#sales-chart", BarChart).show(r.labels, r.series)
        self.query_one("#sales-note", Static).update(Text(r.note if r.rows[:-1] else _(
            "No orders in this period. Press , or . for an earlier or later one.") + "\n" + r.note))
        table = self.query_one("#sales-table", DataTable)
        table.clear(columns=True)
        for h in r.headers:
            table.add_column(h)
        for row in r.rows:
            table.add_row(*(Text(str(c)) for c in row))

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_cycle_by(self) -> None:
        self.by = next_choice(self.by, rules.BY, with_all=False)
        self.reload()

    def action_cycle_period(self) -> None:
        kind = next_choice(self.period.kind, rules.KINDS, with_all=False)
        self.period = self.period.of_kind(kind)
        self.reload()

    def action_shift(self, step: int) -> None:
        self.period = self.period.shifted(step)
        self.reload()

    def action_cycle_rep(self) -> None:
        self.rep = next_choice(self.rep, self.reps)
        self.reload()

    def export_snapshot(self):
        """The table shown, every row as shown."""
        from salesterm.widgets.table_export import from_data_table

        if self.report is None:
            return None
        return from_data_table(self.query_one("#sales-table", DataTable), name=f"sales-{self.by}-{self.period.name}")

    def action_export(self) -> None:
        export_view(self, f"sales-{self.by}")
