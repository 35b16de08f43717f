"""The Pipeline section (商机): the stage board of the chosen template, keyboard moves with the
lost reason and the M-A-N confirmation, conversion and median days per stage, filters."""
from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import Input, Static

from salesterm.domain import stages
from salesterm.i18n import _, counted, label
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.base import FormResult, Outcome, guarded
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.selection import saved_index
from salesterm.widgets.session import current_rep
from salesterm.widgets.stage_board import Column, StageBoard

FILTERS = ("rep", "grade", "city")


def load_board(template: str, filters: dict, with_choices: bool, own_rep: str | None = None):
    """The board, its per-stage figures and (when asked) the filter choices. OWN_REP, on the
    first load: a rep who is not a manager starts on their own deals (the rep filter set)."""
    from salesterm.store.sales import deals
    from salesterm.store.sales.notes import is_manager

    if own_rep and not filters.get("rep") and not is_manager(own_rep):
        filters = {**filters, "rep": " ".join(own_rep.split())}
    board = deals.board(template=template, **filters)
    stats = {row["stage"]: row for row in deals.funnel_stats(template=template, **filters)}
    choices = deals.filter_choices(template) if with_choices else None
    return board, stats, choices, filters.get("rep")


def do_move(deal_id: str, to_stage: str, lost_reason: str | None, override: bool,
            rep: str | None) -> FormResult:
    """Move a deal: SAVED with the deal, MAN_OVERRIDE with the badge, or ERROR with the message."""
    from salesterm.store.sales import deals

    return guarded(deals.move_deal, deal_id, to_stage, lost_reason=lost_reason,
                   confirm_override=override, rep=rep)


def neighbour(deal_id: str, step: int):
    from salesterm.store.sales import deals

    return deals.neighbour_stage(deal_id, step)


class PipelineScreen(SectionScreen):
    SECTION = "pipeline"
    BINDINGS = [
        Binding("left", "cursor(-1, 0)", "Column", show=False, id="pipeline.left"),
        Binding("right", "cursor(1, 0)", "Column", show=False, id="pipeline.right"),
        Binding("up", "cursor(0, -1)", "Card", show=False, id="pipeline.up"),
        Binding("down", "cursor(0, 1)", "Card", show=False, id="pipeline.down"),
        Binding("l,shift+right", "move(1)", "Next stage", id="pipeline.next"),
        Binding("h,shift+left", "move(-1)", "Previous stage", id="pipeline.prev"),
        Binding("d", "lost", "Lost", id="pipeline.lost"),
        Binding("u", "undo_lost", "Undo", id="pipeline.undo"),
        Binding("x", "export", "Export", id="pipeline.export", show=False),
        Binding("enter", "open", "Open deal", id="pipeline.open"),
        Binding("n", "new", "New deal", id="pipeline.new"),
        Binding("e", "edit", "Edit", id="pipeline.edit", show=False),
        Binding("v", "visit", "Plan visit", id="pipeline.visit"),
        Binding("o", "orders", "Orders", id="pipeline.orders"),
        Binding("r", "filter('rep')", "Rep", id="pipeline.filter_rep", show=False),
        Binding("g", "filter('grade')", "Grade", id="pipeline.filter_grade", show=False),
        Binding("c", "filter('city')", "City", id="pipeline.filter_city", show=False),
        Binding("0", "clear_filters", "All", id="pipeline.clear", show=False),
        Binding("t", "template", "Template", id="pipeline.template", show=False),
        Binding("slash", "search", "Search", id="pipeline.search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.template = "handbook"
        self.filters: dict[str, str | None] = {k: None for k in FILTERS}
        self.choices: dict[str, list[str]] = {k: [] for k in FILTERS}
        self._keep: str | None = None
        self._choices_for: str | None = None
        self._rep_defaulted = False
        self._lost: list[tuple[str, str]] = []  # deals marked lost here, newest last: u undoes, until the app closes

    def compose_body(self):
        yield Static("", id="pipeline-head")
        yield Input(placeholder=_("Find deals: customer name, pinyin or title (esc clears)"),
                    id="pipeline-search", compact=True)
        yield StageBoard(id="board")

    def on_mount(self) -> None:
        wanted = str(self.app.settings.get("pipeline.template", "handbook") or "handbook")
        if wanted not in stages.TEMPLATES:
            self.app.notify(_("Unknown stage template {name} in the config; using the handbook's",
                              name=wanted), severity="warning", markup=False)
            wanted = "handbook"
        self.template = wanted
        self.query_one("#pipeline-search", Input).display = False
        self.query_one(StageBoard).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        card = self.query_one(StageBoard).selected()
        self._keep = keep or (card.deal_id if card else None)
        active = {k: v for k, v in self.filters.items() if v}
        search = self.query_one("#pipeline-search", Input).value.strip()
        if search:
            active["text"] = search
        own_rep = None if self._rep_defaulted else current_rep(self)
        self.db(load_board, self.template, active, self._choices_for != self.template, own_rep,
                then=self._show, latest=True)  # a reload read before a move never paints over it

    def _show(self, loaded) -> None:
        board, stats, choices, rep = loaded
        if not self._rep_defaulted:
            self._rep_defaulted = True
            self.filters["rep"] = rep
        if choices is not None:
            self.choices, self._choices_for = choices, self.template
        tpl = stages.get_template(self.template)
        columns = []
        for key, cards in board.items():
            st = stats.get(key, {})
            stage = tpl.get(key)
            columns.append(Column(key, label(stage.zh, stage.en), cards, st.get("count", len(cards)),
                                  st.get("amount", 0), st.get("conversion"), st.get("median_days")))
        found = saved_index(self.app, [card.deal_id for column in columns for card in column.cards])
        if found is not None:  # a deal just written or edited
            self._keep = [card.deal_id for column in columns for card in column.cards][found]
        self.query_one(StageBoard).set_columns(columns, keep=self._keep)
        head = Text(label(tpl.zh, tpl.en), style="bold")
        total = sum(len(c.cards) for c in columns if c.key != stages.LOST)
        head.append("   " + counted(total, "{n} open deal", "{n} open deals"))
        for k in FILTERS:
            if self.filters[k]:
                head.append(f"   {_(k.title())}: ")
                head.append(self.filters[k])
        head.append("   " + _("arrows select · l/h move · d lost · r/g/c filter · 0 all · t template · x export"),
                    style="dim")
        self.query_one("#pipeline-head", Static).update(head)

    # ---- export -----------------------------------------------------------------------------
    def export_snapshot(self):
        """Every deal the board's filters keep (the board shows the 300 biggest of a stage), one
        row each, the stage as the board names it."""
        from salesterm.domain.money import format_money
        from salesterm.widgets.table_export import Snapshot

        tpl = stages.get_template(self.template)
        names = {c.key: c.title for c in self.query_one(StageBoard).columns}
        filters = {k: v for k, v in self.filters.items() if v}
        search = self.query_one("#pipeline-search", Input).value.strip()
        if search:
            filters["text"] = search
        template = self.template

        def fetch():
            from salesterm.store.sales import deals

            board = deals.board(template=template, limit=1_000_000, **filters)
            return [[names.get(key, key), card.customer, card.title, format_money(card.amount),
                     str(card.days_in_stage), card.grade or "", card.city, card.lost_reason or ""]
                    for key, cards in board.items() for card in cards]

        headers = [_("Stage"), _("Customer"), _("Deal"), _("Amount"), _("Days in stage"), _("Grade"),
                   _("City"), _("Lost reason")]
        return Snapshot(headers, fetch=fetch, name=f"pipeline-{tpl.key}")

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, "pipeline")

    def action_cursor(self, dx: int, dy: int) -> None:
        self.query_one(StageBoard).move_cursor(dx, dy)

    def _card(self):
        card = self.query_one(StageBoard).selected()
        if card is None:
            self.app.notify(_("No deal selected"), severity="warning")
        return card

    def action_move(self, step: int) -> None:
        card = self._card()
        if card is None:
            return
        self.db(neighbour, card.deal_id, step, then=lambda to: self._move_to(card, to),
                group="pipeline-write", exclusive=False)

    def _move_to(self, card, to_stage, reason=None, override=False) -> None:
        if to_stage is None:
            self.app.notify(_("No stage that way"), severity="warning")
            return
        self.db(do_move, card.deal_id, to_stage, reason, override, current_rep(self),
                then=lambda result: self._moved(card, to_stage, result),
                group="pipeline-write", exclusive=False)

    def _moved(self, card, to_stage, result) -> None:
        value = result.value
        if result.kind is Outcome.MAN_OVERRIDE:
            from salesterm.screens.forms.deal import ManConfirmScreen

            tpl = stages.get_template(self.template)
            stage = tpl.get(to_stage)

            def answered(yes):
                if yes:
                    self._move_to(card, to_stage, override=True)

            self.app.push_screen(ManConfirmScreen(value, label(stage.zh, stage.en), card.customer),
                                 answered)
            return
        if not result.ok:
            self.app.notify(value, severity="error", markup=False)
            return
        tpl = stages.get_template(self.template)
        stage = tpl.get(to_stage)
        text = Text(f"{card.customer} → {label(stage.zh, stage.en)}").plain
        if to_stage == stages.LOST:
            self._lost.append((card.deal_id, card.customer))
            self.refresh_bindings()
            text += "  " + _("Press u to undo.")
        self.app.notify(text, markup=False, timeout=12 if to_stage == stages.LOST else 5)
        self.reload(keep=card.deal_id)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "undo_lost":
            return bool(self._lost)
        return super().check_action(action, parameters)

    def action_undo_lost(self) -> None:
        if not self._lost:
            return
        deal_id, customer = self._lost.pop()
        self.refresh_bindings()

        def done(deal) -> None:
            if deal is not None:
                stage = stages.get_template(deal.template).get(deal.stage)
                self.app.notify(_("Undone: {customer} is back at {stage}.", customer=customer,
                                  stage=label(stage.zh, stage.en)), markup=False)
                self.reload(keep=deal_id)

        from salesterm.store.sales import deals

        self.db(deals.undo_lost, deal_id, then=done, group="pipeline-write", exclusive=False)

    def action_lost(self) -> None:
        card = self._card()
        if card is None:
            return
        if card.stage == stages.LOST:
            self.app.notify(_("This deal is already lost; h reopens it"), severity="warning")
            return
        from salesterm.screens.forms.deal import LostReasonScreen

        def reason_given(reason):
            if reason:
                self._move_to(card, stages.LOST, reason=reason)

        self.app.push_screen(LostReasonScreen(card.customer), reason_given)

    def action_open(self) -> None:
        card = self._card()
        if card is not None:
            self.app.open_customer(card.customer_id, deal_id=card.deal_id)

    def action_new(self) -> None:
        from salesterm.screens.forms.deal import DealFormScreen

        self.app.push_screen(DealFormScreen(template=self.template),
                             lambda saved: saved and self.reload())

    def action_edit(self) -> None:
        card = self._card()
        if card is None:
            return
        from salesterm.screens.forms.deal import DealFormScreen

        self.app.push_screen(DealFormScreen(deal_id=card.deal_id),
                             lambda saved: saved and self.reload())

    def action_visit(self) -> None:
        card = self._card()
        if card is None:
            return
        from salesterm.screens.forms.visit_plan import PlanVisitScreen

        self.app.push_screen(PlanVisitScreen(deal_id=card.deal_id))

    def action_orders(self) -> None:
        from salesterm.screens.orders import OrdersScreen

        self.app.push_screen(OrdersScreen())

    def action_filter(self, what: str) -> None:
        self.filters[what] = next_choice(self.filters[what], self.choices.get(what, []))
        self.reload()

    def action_clear_filters(self) -> None:
        self.filters = {k: None for k in FILTERS}
        self.reload()

    def action_search(self) -> None:
        box = self.query_one("#pipeline-search", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#pipeline-search")
    def _search_changed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#pipeline-search")
    def _search_done(self) -> None:
        self.query_one(StageBoard).focus()

    def on_key(self, event) -> None:
        box = self.query_one("#pipeline-search", Input)
        if event.key == "escape" and box.has_focus:
            box.value = ""
            box.display = False
            self.query_one(StageBoard).focus()
            event.stop()

    def action_template(self) -> None:
        keys = list(stages.TEMPLATES)
        self.template = keys[(keys.index(self.template) + 1) % len(keys)]
        self.reload()
