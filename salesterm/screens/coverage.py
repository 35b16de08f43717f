"""Visit coverage for managers (拜访覆盖率): over the last four weeks, visits done against due by
grade, per rep, and the customers who were missed (enter opens one, p plans a visit)."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from salesterm.i18n import _, label
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.keys import TranslatedKeys


def load(weeks, rep):
    from salesterm.store.visits.coverage import coverage

    return coverage(weeks=weeks, rep=rep)


class CoverageScreen(TranslatedKeys, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="coverage.back"),
        Binding("tab", "switch", "Rows/missed", id="coverage.switch"),
        Binding("enter", "open", "Customer", id="coverage.open"),
        Binding("p", "plan_visit", "Plan visit", id="coverage.plan"),
        Binding("plus,equals_sign", "weeks(4)", "More weeks", id="coverage.more"),
        Binding("minus", "weeks(-4)", "Fewer weeks", id="coverage.fewer"),
        Binding("x", "export", "Export", id="coverage.export"),
    ]

    def __init__(self, rep: str | None = None, weeks: int = 4) -> None:
        super().__init__()
        self.rep, self.weeks = rep, weeks
        self.rows: list[dict] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="coverage-head")
        yield DataTable(id="coverage-table", cursor_type="row", zebra_stripes=True)
        yield Static(_("Missed customers"), classes="section-title")
        yield DataTable(id="coverage-missed", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#coverage-table", DataTable).add_columns(
            _("Rep"), _("Grade"), _("Customers"), label("应访", "Due"), _("Done"), _("Coverage"), _("Missed"))
        self.query_one("#coverage-missed", DataTable).add_columns(
            _("Customer"), _("City"), _("Last visit"))
        self.query_one("#coverage-table", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        run_in_db(self, load, self.weeks, self.rep, then=self._show, group="coverage-db")

    def _show(self, rows) -> None:
        self.rows = rows or []
        table = self.query_one("#coverage-table", DataTable)
        table.clear()
        for r in self.rows:
            ratio = "-" if r["ratio"] is None else f"{r['ratio'] * 100:.0f}%"
            style = "red" if r["ratio"] is not None and r["ratio"] < 0.8 else ""
            table.add_row(Text(r["rep"] or _("(no rep)")), Text(r["grade"]), str(r["customers"]),
                          str(r["due"]), str(r["done"]), Text(ratio, style=style),
                          str(r["missed_count"]))
        span = ""
        if self.rows:
            span = f"{self.rows[0]['from']} – {self.rows[0]['to']}"
        due = sum(r["due"] for r in self.rows)
        done = sum(r["done"] for r in self.rows)
        head = Text(_("Visit coverage, last {n} weeks", n=self.weeks), style="bold")
        head.append(f"   {span}   ")
        head.append(_("{done} of {due} visits done", done=done, due=due))
        head.append("   " + _("tab missed list · enter customer · p plan · +/- weeks · esc back"),
                    style="dim")
        self.query_one("#coverage-head", Static).update(head)
        self._missed()

    def on_data_table_row_highlighted(self, event) -> None:
        if event.data_table.id == "coverage-table":
            self._missed()

    def _missed(self) -> None:
        table = self.query_one("#coverage-table", DataTable)
        missed = self.query_one("#coverage-missed", DataTable)
        missed.clear()
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return
        for m in self.rows[table.cursor_row]["missed"]:
            missed.add_row(Text(m["customer"]), Text(m["city"]),
                           Text(m["last_visit"] or _("never")))

    def _missed_customer(self):
        table = self.query_one("#coverage-table", DataTable)
        missed = self.query_one("#coverage-missed", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        people = self.rows[table.cursor_row]["missed"]
        if not people:
            self.app.notify(_("Nobody missed in this group"))
            return None
        row = missed.cursor_row if missed.has_focus else 0
        return people[min(max(row, 0), len(people) - 1)]

    def action_switch(self) -> None:
        a = self.query_one("#coverage-table", DataTable)
        b = self.query_one("#coverage-missed", DataTable)
        (a if b.has_focus else b).focus()

    def action_open(self) -> None:
        m = self._missed_customer()
        if m is not None:
            self.app.open_customer(m["customer_id"])

    def action_plan_visit(self) -> None:
        m = self._missed_customer()
        if m is not None:
            from salesterm.screens.forms.visit_plan import PlanVisitScreen

            self.app.push_screen(PlanVisitScreen(customer_id=m["customer_id"]))

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, "coverage")

    def action_weeks(self, step: int) -> None:
        self.weeks = max(4, self.weeks + step)
        self.reload()
