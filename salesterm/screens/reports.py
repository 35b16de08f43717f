"""The Reports section (`6`): charts where a chart reads better than a table — aging by
bucket, the pipeline funnel, sales and collections against target by month, visit coverage
by grade — and the week's feedback digest; each with its table, exportable to CSV or XLSX.
`w` opens the weekly work report, `t` the targets, `s` what sold (sales by product, category,
customer or rep against target)."""
from __future__ import annotations

import datetime as _dt

from rich.text import Text
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from salesterm import clock
from salesterm.domain.dates import monday_of
from salesterm.i18n import _, language
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.widgets.charts import BarChart, MonthChart
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.session import current_rep

TABS = (("aging", "Aging"), ("funnel", "Funnel"), ("targets", "Targets"), ("coverage", "Coverage"),
        ("feedback", "Feedback"))


def build_all(rep: str | None, lang: str, week: _dt.date, year: int) -> dict:
    from salesterm.store import reports

    out = {}
    for key, _title in TABS:
        extra = {"week": week} if key == "feedback" else {"year": year} if key == "targets" else {}
        out[key] = reports.build(key, rep=rep, lang=lang, **extra)
    return out


def _who(rep_name: str | None) -> tuple[bool, list[str]]:
    from salesterm.store.reps import rep_names
    from salesterm.store.sales.notes import is_manager

    return is_manager(rep_name), rep_names()


class ReportsScreen(SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    ReportsScreen #reports-head { height: 1; padding: 0 1; color: $text-muted; }
    ReportsScreen #reports-tabs { height: 1fr; }
    ReportsScreen TabPane { padding: 0; height: 1fr; }
    ReportsScreen .report-pane { height: 1fr; }
    ReportsScreen BarChart { max-height: 60%; }
    ReportsScreen .report-note { height: 1; padding: 0 1; color: $text-muted; }
    ReportsScreen DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("right_square_bracket", "tab(1)", "Next chart", id="reports.next"),
        Binding("left_square_bracket", "tab(-1)", "Previous chart", id="reports.previous"),
        Binding("m", "cycle_rep", "Rep", id="reports.rep"),
        Binding("comma", "shift(-1)", "Earlier", show=False, id="reports.earlier"),
        Binding("full_stop", "shift(1)", "Later", show=False, id="reports.later"),
        Binding("w", "weekly", "Weekly report", id="reports.weekly"),
        Binding("t", "targets", "Targets", id="reports.targets"),
        Binding("dollar_sign", "price_system", "Price system", id="reports.price_system"),
        Binding("s", "sales", "Sales", id="reports.sales"),
        Binding("r", "refresh", "Refresh", show=False, id="reports.refresh"),
        Binding("x", "export", "Export", id="reports.export"),
        Binding("y", "team_sync", "Who is in sync", id="reports.team_sync"),
        Binding("p", "products", "Catalogue", id="reports.products"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rep: str | None = None
        self.reps: list[str] = []
        self.week = monday_of(clock.today())
        self.year = clock.today().year
        self.reports: dict = {}
        self.ready = False

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "team_sync":  # who is in sync: a team server's logins
            from salesterm.store.models import is_sqlite

            return not is_sqlite(self.app.database)
        return super().check_action(action, parameters)

    def compose_body(self):
        yield Static("", id="reports-head")
        with TabbedContent(id="reports-tabs"):
            for key, title in TABS:
                with TabPane(_(title), id=f"tab-{key}"), Vertical(classes="report-pane"):
                    yield MonthChart(id=f"chart-{key}") if key == "targets" else BarChart(id=f"chart-{key}")
                    yield Static("", classes="report-note", id=f"note-{key}")
                    yield DataTable(id=f"table-{key}", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.db(_who, current_rep(self), then=self._reps)

    def _reps(self, who) -> None:
        manager, names = who
        self.reps = names or []
        if not manager and current_rep(self):  # a rep opens on their own figures, as in notes
            self.rep = " ".join(current_rep(self).split())
        self.ready = True
        self.reload()

    def on_screen_resume(self) -> None:
        if self.ready:
            self.reload()

    def reload(self) -> None:
        self._head()
        self.db(build_all, self.rep, language(), self.week, self.year, then=self._show)

    def _head(self) -> None:
        end = self.week + _dt.timedelta(days=6)
        text = " · ".join([_("rep: {r}", r=self.rep or _("all reps")),
                           _("feedback of {a} ~ {b}", a=self.week.isoformat(), b=end.isoformat()),
                           _("targets of {y}", y=self.year)])
        self.query_one("#reports-head", Static).update(Text(text))

    def _show(self, reports: dict) -> None:
        self.reports = reports
        for key, report in reports.items():
            self.query_one(f"#chart-{key}").show(report.labels, report.series)
            self.query_one(f"#note-{key}", Static).update(Text(report.note))
            table = self.query_one(f"#table-{key}", DataTable)
            table.clear(columns=True)
            for h in report.headers:
                table.add_column(h)
            for row in report.rows:
                table.add_row(*(Text(str(c)) for c in row))

    def current_key(self) -> str:
        active = self.query_one("#reports-tabs", TabbedContent).active or "tab-aging"
        return active.removeprefix("tab-")

    def action_tab(self, step: int) -> None:
        keys = [k for k, _t in TABS]
        i = (keys.index(self.current_key()) + step) % len(keys)
        self.query_one("#reports-tabs", TabbedContent).active = f"tab-{keys[i]}"

    def action_cycle_rep(self) -> None:
        self.rep = next_choice(self.rep, self.reps)
        self.reload()

    def action_shift(self, step: int) -> None:
        if self.current_key() == "targets":
            self.year += step
        else:
            self.week += _dt.timedelta(days=7 * step)
        self.reload()

    def action_refresh(self) -> None:
        self.reload()

    def action_weekly(self) -> None:
        from salesterm.screens.weekly import WeeklyReportScreen

        self.app.push_screen(WeeklyReportScreen(rep=self.rep, week=self.week, reps=self.reps))

    def action_sales(self) -> None:
        from salesterm.screens.sales_report import SalesReportScreen

        self.app.push_screen(SalesReportScreen(rep=self.rep, reps=self.reps))

    def action_team_sync(self) -> None:
        """Who is in sync, on a team server (store/team): each login's last sync, pushes, conflicts."""
        from salesterm.screens.team_sync import TeamSyncScreen

        self.app.push_screen(TeamSyncScreen())

    def action_products(self) -> None:
        from salesterm.screens.products import ProductsScreen

        self.app.push_screen(ProductsScreen())

    def action_targets(self) -> None:
        from salesterm.screens.targets import TargetsScreen

        self.app.push_screen(TargetsScreen(rep=self.rep, year=self.year, reps=self.reps))

    def action_price_system(self) -> None:
        from salesterm.screens.price_system import PriceSystemScreen

        self.app.push_screen(PriceSystemScreen())

    def export_snapshot(self):
        """The table of the chart shown (the tab's table), every row as shown."""
        from salesterm.widgets.table_export import from_data_table

        key = self.current_key()
        if key not in self.reports:
            return None
        return from_data_table(self.query_one(f"#table-{key}", DataTable), name=key)

    def action_export(self) -> None:
        export_view(self, self.current_key())
