"""Targets (分解销售指标): a rep's yearly sales and collection targets broken into months
(evenly or by seasonal weights), against actual sales and money collected, month by month.
Opened from the reports section (`t`)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Static

from salesterm import clock
from salesterm.i18n import _, language
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.screens.forms.target import TargetFormScreen
from salesterm.widgets.charts import MonthChart
from salesterm.widgets.cycle import next_choice


class TargetsScreen(SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    TargetsScreen #targets-head { height: 1; padding: 0 1; color: $text-muted; }
    TargetsScreen DataTable { height: 16; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="targets.back"),
        Binding("m", "cycle_rep", "Rep", id="targets.rep"),
        Binding("comma", "shift(-1)", "Previous year", id="targets.previous"),
        Binding("full_stop", "shift(1)", "Next year", id="targets.next"),
        Binding("s", "set_year", "Set yearly target", id="targets.set_year"),
        Binding("e", "set_month", "Edit month", id="targets.set_month"),
        Binding("x", "export", "Export", id="targets.export"),
    ]

    def __init__(self, rep: str | None = None, year: int | None = None, reps: list[str] | None = None) -> None:
        super().__init__()
        self.rep = rep
        self.year = year or clock.today().year
        self.reps = list(reps or [])
        self.report = None
        self.months: list = []

    def compose_body(self):
        yield Static("", id="targets-head")
        yield MonthChart(id="targets-chart")
        yield DataTable(id="targets-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#targets-table", DataTable).focus()

    def reload(self) -> None:
        from salesterm.store import reports, reps
        from salesterm.store.sales import targets

        rep, year, lang = self.rep, self.year, language()

        def load():
            return reports.targets_report(rep=rep, year=year, lang=lang), targets.progress(rep, year), \
                reps.rep_names()

        self.db(load, then=self._show)

    def _show(self, result) -> None:
        self.report, self.months, names = result
        self.reps = names
        r = self.report
        self.query_one("#targets-head", Static).update(Text(" · ".join([
            _("rep: {r}", r=self.rep or _("all reps (press m to pick one to edit)")), r.note])))
        self.query_one("#targets-chart", MonthChart).show(r.labels, r.series)
        table = self.query_one("#targets-table", DataTable)
        cursor = table.cursor_row
        table.clear(columns=True)
        for h in r.headers:
            table.add_column(h)
        for row in r.rows:
            table.add_row(*(Text(str(c)) for c in row))
        if cursor is not None and cursor < len(r.rows):
            table.move_cursor(row=cursor)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_cycle_rep(self) -> None:
        self.rep = next_choice(self.rep, self.reps)
        self.reload()

    def action_shift(self, step: int) -> None:
        self.year += step
        self.reload()

    def _need_rep(self) -> bool:
        if not self.rep:
            self.app.notify(_("Pick a rep first (m)"), severity="warning")
            return False
        return True

    def action_set_year(self) -> None:
        if not self._need_rep():
            return
        total = self.months[12] if len(self.months) > 12 else None
        self.app.push_screen(TargetFormScreen(self.rep, self.year, None, total.sales_target if total else 0,
                                              total.collections_target if total else 0), self._after)

    def action_set_month(self) -> None:
        if not self._need_rep():
            return
        row = self.query_one("#targets-table", DataTable).cursor_row
        if row is None or row >= 12:
            self.app.notify(_("Pick a month row to edit"), severity="warning")
            return
        m = self.months[row]
        self.app.push_screen(TargetFormScreen(self.rep, self.year, m.month, m.sales_target, m.collections_target),
                             self._after)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_set_month()

    def _after(self, saved) -> None:
        if saved:
            self.reload()

    def action_export(self) -> None:
        export_view(self, f"targets-{self.rep or 'team'}-{self.year}")
