"""Targets (分解销售指标): a rep's yearly sales and collection targets broken into months
(evenly or by seasonal weights), against actual sales and money collected, month by month.
Opened from the reports section (`t`)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from salesterm import clock
from salesterm.domain.errors import UserError
from salesterm.domain.money import format_money, parse_money
from salesterm.domain.targets import parse_weights
from salesterm.i18n import _, error_text, language
from salesterm.screens.base import SectionScreen
from salesterm.widgets.db_worker import run_in_db
from salesterm.screens.forms.export_prompt import export_prompt
from salesterm.widgets.charts import MonthChart
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.fields import read_box


class TargetFormScreen(ModalScreen):
    """Set a yearly target (month None) or one month's target; dismisses with True when saved."""

    DEFAULT_CSS = """
    TargetFormScreen { align: center middle; }
    TargetFormScreen > Vertical { width: 90; height: auto; border: round $accent; padding: 0 2; background: $surface; }
    TargetFormScreen Horizontal { height: auto; margin-bottom: 1; }
    TargetFormScreen .field-label { width: 18; }
    TargetFormScreen Input { width: 1fr; }
    TargetFormScreen #target-error { color: $error; height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", _("Save"), id="target_form.save"),
        Binding("escape", "cancel", _("Cancel"), id="target_form.cancel"),
    ]

    def __init__(self, rep: str, year: int, month: int | None = None, sales: int = 0, collections: int = 0) -> None:
        super().__init__()
        self.rep, self.year, self.month = rep, year, month
        self.sales, self.collections = sales, collections

    def compose(self) -> ComposeResult:
        what = (_("{rep}: target of {year}", rep=self.rep, year=self.year) if self.month is None
                else _("{rep}: target of {year}-{month:02d}", rep=self.rep, year=self.year, month=self.month))
        with Vertical():
            yield Static(Text(what, style="bold"))
            yield Horizontal(Label(_("Sales (yuan)"), classes="field-label"),
                             Input(format_money(self.sales, grouping=False), compact=True, id="target-sales"))
            yield Horizontal(Label(_("Collections (yuan)"), classes="field-label"),
                             Input(format_money(self.collections, grouping=False), compact=True,
                                   id="target-collections"))
            if self.month is None:
                yield Horizontal(Label(_("Month weights"), classes="field-label"),
                                 Input(placeholder=_("empty: even; or 12 numbers, e.g. 6 6 8 8 8 8 8 8 8 8 10 14"),
                                       compact=True, id="target-weights"))
            yield Label("", id="target-error", markup=False)
            yield Static(Text(_("ctrl+s save · escape cancel"), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#target-sales", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        from salesterm.store import targets

        try:
            sales = read_box(self.query_one("#target-sales", Input), _("Sales (yuan)"), parse_money)
            collections = read_box(self.query_one("#target-collections", Input), _("Collections (yuan)"),
                                   parse_money)
            weights = (read_box(self.query_one("#target-weights", Input), _("Month weights"), parse_weights)
                       if self.month is None else None)
        except UserError as exc:
            self.query_one("#target-error", Label).update(error_text(exc))
            return
        rep, year, month = self.rep, self.year, self.month

        def save():
            try:
                if month is None:
                    targets.set_yearly_target(rep, year, sales=sales, collections=collections, weights=weights)
                else:
                    targets.set_month_target(rep, year, month, sales=sales, collections=collections)
            except UserError as exc:
                return error_text(exc)
            return ""

        run_in_db(self, save, then=self._saved)

    def _saved(self, problem: str) -> None:
        if problem:
            self.query_one("#target-error", Label).update(problem)
        else:
            self.app.notify(_("Target saved"))
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class TargetsScreen(SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    TargetsScreen #targets-head { height: 1; padding: 0 1; color: $text-muted; }
    TargetsScreen DataTable { height: 16; }
    """
    BINDINGS = [
        Binding("escape", "back", _("Back"), id="targets.back"),
        Binding("m", "cycle_rep", _("Rep"), id="targets.rep"),
        Binding("comma", "shift(-1)", _("Previous year"), id="targets.previous"),
        Binding("full_stop", "shift(1)", _("Next year"), id="targets.next"),
        Binding("s", "set_year", _("Set yearly target"), id="targets.set_year"),
        Binding("e", "set_month", _("Edit month"), id="targets.set_month"),
        Binding("x", "export", _("Export"), id="targets.export"),
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
        from salesterm.store import reports, targets

        rep, year, lang = self.rep, self.year, language()

        def load():
            return reports.targets_report(rep=rep, year=year, lang=lang), targets.progress(rep, year), \
                targets.rep_names()

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
        from salesterm.store.reports import export

        r = self.report
        if r is not None:
            export_prompt(self, f"targets-{self.rep or 'team'}-{self.year}.xlsx",
                          lambda path: export(path, r.headers, r.rows))
