"""The week's plan (周计划) from the four-week cycle: proposed visits, visits already planned or
placed by hand, accept the plan, move or add visits by hand; reached from Today with `w`."""
from __future__ import annotations

from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from salesterm import clock
from salesterm.domain import visit_rules
from salesterm.domain.errors import UserError
from salesterm.i18n import _, counted, error_text, join_list, language
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.keys import TranslatedKeys
from salesterm.widgets.selection import saved_index
from salesterm.widgets.session import current_rep

CYCLE_WHAT = {1: "A customers, mornings", 2: "B customers", 3: "C and D customers",
              4: "service, collections and planning"}
STATUS_MARK = {"proposed": "+", "planned": "•", "done": "✓"}
WEEKDAYS_ZH = "一二三四五六日"


def load_plan(week, rep, days):
    from salesterm.store.reps import rep_names
    from salesterm.store.visits import plan

    try:
        who, p = plan.week_plan(week, rep=rep, days=days)
        return who, p, rep_names(), None
    except UserError as exc:
        return None, None, rep_names(), error_text(exc)


def accept(week, rep, days):
    from salesterm.store.visits import plan

    return plan.accept_plan(week, rep=rep, days=days)


def cancel(visit_id):
    from salesterm.store import visits

    visits.cancel_visit(visit_id)
    return True


def set_cycle(rep, anchor=None, cap=None):
    from salesterm.store.visits import plan

    return plan.set_rep_cycle(rep, anchor=anchor, cap=cap)


def place(visit, day, slot, rep):
    from salesterm.store import visits
    from salesterm.store.visits import plan

    if visit.visit_id:
        return visits.move_visit(visit.visit_id, day, slot).id
    return plan.place_by_hand(visit.customer_id, day, slot, visit.purpose, rep).id


class PlanScreen(TranslatedKeys, Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="plan.back"),
        Binding("left_square_bracket", "week(-1)", "Previous week", id="plan.prev_week"),
        Binding("right_square_bracket", "week(1)", "Next week", id="plan.next_week"),
        Binding("a", "accept", "Accept plan", id="plan.accept"),
        Binding("m", "move", "Move", id="plan.move"),
        Binding("enter", "edit", "Edit/plan", id="plan.edit"),
        Binding("n", "new", "Add visit", id="plan.new"),
        Binding("d", "cancel_visit", "Cancel visit", id="plan.cancel", show=False),
        Binding("x", "export", "Export", id="plan.export", show=False),
        Binding("o", "open", "Customer", id="plan.open"),
        Binding("r", "rep", "Rep", id="plan.rep"),
        Binding("plus,equals_sign", "cap(1)", "More a day", id="plan.cap_up", show=False),
        Binding("minus", "cap(-1)", "Fewer a day", id="plan.cap_down", show=False),
        Binding("s", "start_cycle", "Cycle starts this week", id="plan.anchor", show=False),
    ]

    def __init__(self, week: date | None = None, rep: str | None = None) -> None:
        super().__init__()
        self.week = week or clock.today()
        self.rep = rep
        self.rows: list = []
        self.who = None
        self.plan = None
        self.reps: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="plan-head")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-foot")
        yield Footer()

    def on_mount(self) -> None:
        self.rep = self.rep or current_rep(self)
        try:
            self.days = max(1, min(7, int(self.app.settings.get("plan.working_days", 6))))
        except (TypeError, ValueError):
            self.days = 6
        table = self.query_one("#plan-table", DataTable)
        table.add_columns(_("Day"), _("Slot"), _("Customer"), _("Grade"), _("City"), _("Purpose"),
                          _("Status"))
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        run_in_db(self, load_plan, self.week, self.rep, self.days, then=self._show, group="plan-db")

    def _day_label(self, d: date) -> str:
        if language() == "zh":
            return f"{d.isoformat()[5:]} 周{WEEKDAYS_ZH[d.weekday()]}"
        return f"{d.isoformat()[5:]} {d.strftime('%a')}"

    def _show(self, loaded) -> None:
        who, plan, reps, error = loaded
        self.reps = reps
        table = self.query_one("#plan-table", DataTable)
        keep = table.cursor_row
        table.clear()
        self.rows = []
        head = self.query_one("#plan-head", Static)
        if error:
            self.plan = None
            head.update(Text(error + "   " + _("r chooses a rep"), style="yellow"))
            return
        self.who, self.plan = who, plan
        text = Text(_("Week of {day}", day=plan.week_start.isoformat()), style="bold")
        text.append("   " + _("cycle week {n}", n=plan.cycle_week) + ": " + _(CYCLE_WHAT[plan.cycle_week]))
        if who.name:
            text.append("   ")
            text.append(who.name)
        text.append("   " + _("cap {n} a day", n=plan.cap), style="dim")
        head.update(text)
        lang = language()
        for day in plan.days:
            if day.planning:
                self.rows.append(None)
                table.add_row(Text(self._day_label(day.date), style="bold"), "", Text(
                    _("planning the next cycle"), style="italic"), "", "", "", "")
                continue
            if not day.visits:
                self.rows.append(None)
                table.add_row(Text(self._day_label(day.date), style="bold"), "",
                              Text("—", style="dim"), "", "", "", "")
            for i, v in enumerate(day.visits):
                self.rows.append(v)
                status = Text(STATUS_MARK.get(v.status, "") + " " + _(v.status))
                if v.pinned:
                    status.append(" " + _("(by hand)"), style="dim")
                table.add_row(
                    Text(self._day_label(day.date) if i == 0 else "", style="bold"),
                    Text(visit_rules.labels([v.slot], visit_rules.SLOTS, lang)[0]),
                    Text(v.customer), Text(v.grade or "-"), Text(v.city),
                    Text(join_list(visit_rules.labels(v.purpose, visit_rules.PURPOSES, lang))),
                    status)
        found = saved_index(self.app, [getattr(v, "visit_id", None) or "" for v in self.rows])
        if found is not None:  # a visit just planned or moved
            table.move_cursor(row=found)
        elif self.rows:
            table.move_cursor(row=min(max(keep, 0), len(self.rows) - 1))
        foot = Text()
        proposed = len(plan.proposed())
        if proposed:
            foot.append(counted(proposed, "{n} proposed visit: a saves it to the plan",
                                "{n} proposed visits: a saves them to the plan") + "   ")
        if plan.overflow:
            foot.append(_("Not placed (over the cap of {cap} a day): ", cap=plan.cap), style="yellow")
            foot.append(", ".join(c.name for c in plan.overflow[:10]))
            if len(plan.overflow) > 10:
                foot.append(f" … +{len(plan.overflow) - 10}")
            foot.append("\n")
        foot.append(_("[ ] week · a accept · m move · enter edit · n add · d cancel · o customer · "
                      "r rep · +/- cap · s cycle starts this week · x export · esc back"), style="dim")
        self.query_one("#plan-foot", Static).update(foot)

    def _selected(self, quiet: bool = False):
        table = self.query_one("#plan-table", DataTable)
        row = table.cursor_row
        if 0 <= row < len(self.rows) and self.rows[row] is not None:
            return self.rows[row]
        if not quiet:
            self.app.notify(_("Select a visit first"), severity="warning")
        return None

    def action_week(self, step: int) -> None:
        self.week = self.week + timedelta(weeks=step)
        self.reload()

    def action_accept(self) -> None:
        if self.plan is None:
            return
        run_in_db(self, accept, self.week, self.rep, self.days, then=self._accepted,
                  group="plan-write", exclusive=False)

    def _accepted(self, added) -> None:
        if added is None:
            return
        self.app.notify(counted(added, "{n} visit saved to the plan", "{n} visits saved to the plan"))
        self.reload()

    def action_move(self) -> None:
        v = self._selected()
        if v is None:
            return
        if v.status == "done":
            self.app.notify(_("This visit is already logged"), severity="warning")
            return
        from salesterm.screens.forms.visit_plan import MoveVisitScreen

        def moved(answer):
            if answer:
                day, slot = answer
                run_in_db(self, place, v, day, slot, self.rep, then=lambda _id: self.reload(),
                          group="plan-write", exclusive=False)

        self.app.push_screen(MoveVisitScreen(v.customer, v.date, v.slot), moved)

    def action_edit(self) -> None:
        v = self._selected()
        if v is None:
            return
        from salesterm.screens.forms.visit_plan import PlanVisitScreen

        if v.visit_id and v.status == "planned":
            self.app.push_screen(PlanVisitScreen(visit_id=v.visit_id))
        elif v.status == "proposed":
            self.app.push_screen(PlanVisitScreen(customer_id=v.customer_id, day=v.date, slot=v.slot))
        else:
            self.app.notify(_("This visit is already logged"), severity="warning")

    def action_cancel_visit(self) -> None:
        v = self._selected()
        if v is None:
            return
        if not v.visit_id or v.status != "planned":
            self.app.notify(_("Only a planned visit can be cancelled"), severity="warning")
            return
        run_in_db(self, cancel, v.visit_id, then=lambda _ok: self.reload(), group="plan-write",
                  exclusive=False)

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, "week-plan")

    def action_new(self) -> None:
        from salesterm.screens.forms.visit_plan import PlanVisitScreen

        v = self._selected(quiet=True)
        self.app.push_screen(PlanVisitScreen(day=v.date if v else self.week))

    def action_open(self) -> None:
        v = self._selected()
        if v is not None:
            self.app.open_customer(v.customer_id)

    def action_rep(self) -> None:
        if not self.reps:
            return
        self.rep = next_choice(self.rep, self.reps, with_all=False)
        self.reload()

    def _rep_named(self) -> str | None:
        name = self.who.name if self.who else None
        if not name:
            self.app.notify(_("Choose a rep first (r)"), severity="warning")
        return name

    def action_cap(self, step: int) -> None:
        name = self._rep_named()
        if name and self.plan is not None:
            cap = max(1, self.plan.cap + step)
            run_in_db(self, set_cycle, name, None, cap, then=lambda _who: self.reload(),
                      group="plan-write", exclusive=False)

    def action_start_cycle(self) -> None:
        name = self._rep_named()
        if name:
            run_in_db(self, set_cycle, name, self.week, None, then=lambda _who: self.reload(),
                      group="plan-write", exclusive=False)
