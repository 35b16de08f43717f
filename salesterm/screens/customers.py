"""The Customers section: a virtual list of every customer, sorted, filtered and searched.

`/` focuses the search box, which reads filters mixed with free text (`grade:A city:广州
overdue 鑫源`); quick keys toggle the common filters; `s`/`S` sort; `enter` opens the file.
"""
from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.binding import Binding
from textual.widgets import Input, Static

from salesterm.domain import customer as rules
from salesterm.domain import list_filters
from salesterm.i18n import _, counted, error_text
from salesterm.screens.base import SectionScreen
from salesterm.screens.customer_columns import SORT_TITLES, kind_label, list_columns
from salesterm.store import stats
from salesterm.store.customers.listing import RELEVANCE, SORTS, ListQuery, first_rows, open_list, search_ready
from salesterm.widgets.db_worker import run_in_db
from salesterm.widgets.lazy_table import LazyTable
from salesterm.widgets.selection import take_saved
from salesterm.widgets.session import current_rep

DESCENDING_FIRST = {"open_balance", "overdue_amount"}
IDLE_STEPS = (None, 30, 60, 90, 180)
GRADE_STEPS = ((), ("A",), ("B",), ("C",), ("D",))


def _all_ids(query: ListQuery, page: int, first_ids: list[str]):
    """Every matching id (for the count and paging); the first page again only if it moved."""
    lst = open_list(query)
    return lst, None if first_ids == lst.ids[:page] else lst.rows(0, page)


class CustomersScreen(SectionScreen):
    SECTION = "customers"
    AUTO_FOCUS = "#customer-table"  # not the search box above it (then the guide of an empty file missed the focus)
    DEFAULT_CSS = """
    CustomersScreen #customer-search { border: none; height: 1; padding: 0 1; background: $boost; }
    CustomersScreen #customer-search:focus { border: none; background: $primary 25%; }
    CustomersScreen #customer-status { height: 1; padding: 0 1; color: $text-muted; }
    CustomersScreen #customer-guide { height: auto; padding: 1 2; display: none; }
    CustomersScreen.-empty #customer-guide { display: block; }
    CustomersScreen.-empty #customer-table { display: none; }
    """
    BINDINGS = [
        Binding("slash", "search", "Search", id="customers.search"),
        Binding("escape", "leave_search", "Back", show=False, id="customers.leave_search"),
        Binding("n", "new", "New", id="customers.new"),
        Binding("e", "edit", "Edit", id="customers.edit"),
        Binding("a", "archive", "Archive", id="customers.archive"),
        Binding("r", "restore", "Restore", id="customers.restore"),
        Binding("u", "undo", "Undo", id="customers.undo"),
        Binding("m", "merge", "Merge", id="customers.merge"),
        Binding("s", "sort(1)", "Sort", id="customers.sort"),
        Binding("S", "flip", "Reverse order", id="customers.flip"),
        Binding("o", "toggle_overdue", "Overdue", id="customers.overdue"),
        Binding("g", "cycle_grade", "Grade", id="customers.grade"),
        Binding("k", "cycle_kind", "Kind", show=False, id="customers.kind"),
        Binding("i", "cycle_idle", "Idle", id="customers.idle"),
        Binding("p", "mine", "Mine", show=False, id="customers.mine"),
        Binding("A", "toggle_archived", "Archived", show=False, id="customers.archived"),
        Binding("x", "export", "Export", id="customers.export"),
        Binding("D", "demo", "Load demo data", show=False, id="customers.demo"),
        Binding("c", "clear", "Clear", show=False, id="customers.clear"),
        Binding("t", "type_filter('tag')", "Filter by tag", show=False, id="customers.tag"),
        Binding("w", "type_filter('city')", "Filter by city", show=False, id="customers.city"),
        Binding("h", "handover", "Hand over", show=False, id="customers.handover"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_state = ListQuery()
        self.current = None  # the CustomerList shown
        self._request = 0
        # what u undoes, newest last, until the app is closed: ("archive", id, name) | ("merge", merge id, names)
        self._undo: list[tuple] = []
        self._reselect: str | None = None
        self._stats_checked = False
        self._sort_before_text: tuple[str | None, bool] | None = None  # the sort a typed query set aside

    def compose_body(self):
        yield Input(placeholder=_("/ search: name, pinyin, phone; "
                                  "grade:A city:广州 kind:经销商 rep:王伟 tag:重点 overdue idle:30"),
                    id="customer-search")
        table = LazyTable(list_columns(), id="customer-table")
        table.empty_text = _("Loading…")
        yield table
        yield Static("", id="customer-guide", markup=False)
        yield Static("", id="customer-status", markup=False)

    @property
    def table(self) -> LazyTable:
        return self.query_one("#customer-table", LazyTable)

    @property
    def search_box(self) -> Input:
        return self.query_one("#customer-search", Input)

    def on_mount(self) -> None:
        self.table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        if self.current is not None:
            self.reload(keep_cursor=True)

    def _check_stats(self) -> None:
        """Bring the summary columns up to date for today, in the background (the list shows the
        stored ones meanwhile), once the search index is not being built."""
        busy = getattr(self.app, "background_busy", None)  # SalesTermApp: worker groups in app.py
        if busy is not None and busy("search-index"):
            self.set_timer(0.5, self._check_stats)
            return
        run_in_db(self, stats.ensure_fresh, then=self._stats_refreshed, group="summary-refresh")

    def _stats_refreshed(self, refreshed) -> None:
        if refreshed:
            self.reload(keep_cursor=True)

    # ---- loading --------------------------------------------------------------------------
    def reload(self, *, keep_cursor: bool = False) -> None:
        """Show the list for the current query: the first page as soon as one LIMIT query has
        read it, then (after that page is painted) every id, for the count and paging."""
        self._request += 1
        request = self._request
        cursor = self.table.cursor if keep_cursor else 0
        keep_id = self._reselect  # kept until a list is shown: a later reload (on resume) may supersede this one
        page = LazyTable.PAGE

        def current() -> bool:
            return request == self._request and self.is_attached

        def show_first(first) -> None:
            if first is None or not current():
                return
            table = self.table
            table.sort_key = self.query_state.effective_sort
            table.sort_desc = self.query_state.descending
            if not keep_cursor or table.count == 0:
                table.empty_text = _("No customer matches.") if not first else ""
                table.set_source(len(first), lambda offset, limit, done: None, first_page=first)
            self.query_one("#customer-status", Static).update(_("Counting…"))
            # the rest waits for the first page to be on screen (it would slow that paint)
            self.call_after_refresh(
                run_in_db, self, _all_ids, self.query_state, page, [r.id for r in first],
                then=lambda result: show(result, first), group="customers-list")

        def show(result, first) -> None:
            if result is None or not current():
                return
            lst, moved = result
            self.current = lst
            index = self.table.cursor if not keep_cursor else cursor
            if keep_id:
                self._reselect = None
                found = lst.index_of(keep_id)
                index = found if found is not None else cursor
            self.table.sort_key = lst.query.effective_sort
            self.table.sort_desc = lst.query.descending
            self.table.empty_text = _("No customer matches.") if lst.count == 0 else ""
            self.table.set_source(lst.count, self._loader(lst, request),
                                  first_page=moved if moved is not None else first,
                                  cursor=min(index, max(0, lst.count - 1)), fetch=lst.rows)
            self._show_status()
            if lst.searched_early:  # found while the search index is built: ask again when it is
                self._ask_again_later(request)
            self._show_guide(lst)
            if not self._stats_checked:  # once the list is up: refresh a summary from another day
                self._stats_checked = True
                self._check_stats()

        run_in_db(self, first_rows, self.query_state, page, then=show_first, group="customers-list")

    def _ask_again_later(self, request: int) -> None:
        """The list was found from SQL while the search index is being built (a quick answer,
        ranked roughly, without gapped, typo or contact matches): once the index is ready, find
        it again (the cursor stays on its customer)."""

        def check() -> None:
            if request != self._request or not self.is_attached:
                return
            if not search_ready():
                self.set_timer(0.25, check)
                return
            row = self.table.current_row
            self._reselect = row.id if row is not None else None
            self.reload(keep_cursor=True)

        self.set_timer(0.25, check)

    def _loader(self, lst, request):
        def load(offset, limit, done):
            def deliver(rows):
                if request == self._request and rows is not None:
                    done(rows)

            run_in_db(self, lst.rows, offset, limit, then=deliver, group="customers-page", exclusive=False)

        return load

    def _show_guide(self, lst) -> None:
        """An empty database says how to fill it, instead of "0 of 0 customers"."""
        empty = lst.total == 0 and not self.query_state.filters.archived and not self.query_state.filters.text
        self.app.database_empty = empty
        self.set_class(empty, "-empty")
        guide = self.query_one("#customer-guide", Static)
        guide.can_focus = empty  # the list is hidden: the guide holds the focus (keys stay the screen's)
        if empty and (self.focused is None or self.focused is self.table):
            guide.focus()
        elif not empty and self.focused is guide:
            self.table.focus()
        if empty:
            from salesterm.screens.empty_db import guide_text

            guide.update(guide_text(self.app))
            self.table.empty_text = _("No customers yet.")
            self.query_one("#customer-status", Static).update(_("No customers yet: see above."))
        self.refresh_bindings()

    def action_demo(self) -> None:
        from salesterm.screens.empty_db import offer_demo

        offer_demo(self, after=self.reload)

    def _show_status(self) -> None:
        lst = self.current
        f = self.query_state.filters
        text = Text()
        what = _("archived customers") if f.archived else _("customers")
        if f.text:  # how many match, and how many more only look similar (gapped, a typo)
            found = counted(lst.count - lst.similar, "{n} match", "{n} matches")
            if lst.similar:
                found += " + " + counted(lst.similar, "{n} near match", "{n} near matches")
            of = "{found} (of {total} archived customers)" if f.archived else "{found} (of {total} customers)"
            text.append(_(of, found=found, total=f"{lst.total:,}"))
        else:
            text.append(_("{shown} of {total} {what}", shown=f"{lst.count:,}", total=f"{lst.total:,}", what=what))
        active = list_filters.to_text(f.without_text())
        if active:
            text.append("  ·  " + _("filters: ") + active)
        if f.text:
            text.append("  ·  " + _("text: ") + f.text)
        text.append("  ·  " + _("sort: ") + _(SORT_TITLES[lst.query.effective_sort])
                    + (" ↓" if lst.query.descending else " ↑"))
        for error in f.errors:
            text.append("  ·  " + error_text(error), style="bold red")
        self.query_one("#customer-status", Static).update(text)

    def set_filters(self, filters: list_filters.ListFilters, *, update_box: bool = True) -> None:
        """Show FILTERS. Typing free text ranks the list by relevance (best match first),
        whatever column it was sorted by; clearing the text brings that sort back. A sort
        chosen while the text is there stays until the text is cleared."""
        state = self.query_state
        sort, descending = state.sort, state.descending
        if filters.text and not state.filters.text:
            self._sort_before_text = (sort, descending)
            sort, descending = None, False
        elif not filters.text and state.filters.text:
            sort, descending = self._sort_before_text or (None, False)
            self._sort_before_text = None
        if sort == RELEVANCE and not filters.text:
            sort = None
        self.query_state = replace(state, filters=filters, sort=sort, descending=descending)
        if update_box:
            self.search_box.value = list_filters.to_text(filters)
        self.reload()

    # ---- search box -----------------------------------------------------------------------
    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "customer-search":
            return
        parsed = list_filters.parse(event.value)
        if parsed == self.query_state.filters and parsed.errors == self.query_state.filters.errors:
            return
        self.set_filters(parsed, update_box=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "customer-search":
            self.table.focus()

    def action_search(self) -> None:
        self.search_box.focus()

    def action_leave_search(self) -> None:
        if self.search_box.has_focus:
            self.table.focus()

    # ---- list actions ---------------------------------------------------------------------
    def on_lazy_table_selected(self, event: LazyTable.Selected) -> None:
        self.app.open_customer(event.row.id)

    def _row(self):
        return self.table.current_row

    def check_action(self, action: str, parameters) -> bool | None:
        archived = self.query_state.filters.archived
        if action == "archive":
            return not archived
        if action == "restore":
            return archived
        if action == "undo":
            return bool(self._undo)
        if action == "demo":
            return bool(getattr(self.app, "database_empty", False))
        return True

    def action_new(self) -> None:
        from salesterm.screens.forms.customer import CustomerFormScreen

        self.app.push_screen(CustomerFormScreen(), self._after_form)

    def action_edit(self) -> None:
        row = self._row()
        if row is None or row.archived:
            return
        from salesterm.screens.forms.customer import CustomerFormScreen

        self.app.push_screen(CustomerFormScreen(row.id), self._after_form)

    def _after_form(self, result) -> None:
        saved = take_saved(self.app)  # the customer the form wrote (or merged into) becomes the selection
        if result:
            if saved or isinstance(result, str):
                self._reselect = saved or result
            self.reload(keep_cursor=True)

    def action_archive(self) -> None:
        row = self._row()
        if row is None or row.archived:
            return

        def done(customer) -> None:
            if customer is None:
                return
            self._undo.append(("archive", row.id, row.name))
            self.refresh_bindings()
            self.notify(_("Archived {name}. Press u to undo; A shows archived customers.", name=row.name),
                        title=_("Archived"), markup=False, timeout=12)
            self.reload(keep_cursor=True)

        from salesterm.store.customers import admin as customer_admin  # imported when first used: not at start-up

        run_in_db(self, customer_admin.archive_customer, row.id, then=done, group="customers-write")

    def action_undo(self) -> None:
        if not self._undo:
            return
        what, key, name = self._undo.pop()
        self.refresh_bindings()
        if what == "merge":
            self._unmerge(key, *name)
        else:
            self._restore(key, name)

    def _unmerge(self, merge_id: str, keep: str, lose: str) -> None:
        from salesterm.store.customers import unmerge

        def done(ids) -> None:
            if ids is not None:
                self.notify(_("Merge undone: {keep} and {lose} are two files again.", keep=keep, lose=lose),
                            markup=False)
                self.reload(keep_cursor=True)

        run_in_db(self, unmerge.unmerge, merge_id, then=done, group="customers-write")

    def action_restore(self) -> None:
        row = self._row()
        if row is not None and row.archived:
            self._restore(row.id, row.name)

    def _restore(self, customer_id: str, name: str) -> None:
        def done(customer) -> None:
            if customer is not None:
                self.notify(_("Restored {name}.", name=name), markup=False)
                self.reload(keep_cursor=True)

        from salesterm.store.customers import admin as customer_admin

        run_in_db(self, customer_admin.restore_customer, customer_id, then=done, group="customers-write")

    def action_merge(self) -> None:
        row = self._row()
        if row is None or row.archived:
            return
        from salesterm.screens.forms.merge import MergeScreen

        self.app.push_screen(MergeScreen(row.id), self._after_merge)

    def _after_merge(self, result) -> None:
        if isinstance(result, dict):
            if result.get("merge_id"):
                self._undo.append(("merge", result["merge_id"], result["names"]))
                self.refresh_bindings()
            result = result["merged"]
        self._after_form(result)

    def action_handover(self) -> None:
        """Hand the customer under the cursor, or its rep's customers in this list, to another rep."""
        row = self._row()
        if row is None or row.archived:
            return
        from salesterm.screens.forms.handover import HandoverScreen

        query = list_filters.to_text(self.query_state.filters)
        self.app.push_screen(HandoverScreen(row.id, row.name, row.rep, query), self._after_form)

    # ---- sorting and quick filters --------------------------------------------------------
    def action_sort(self, step: int = 1) -> None:
        options = ([RELEVANCE] if self.query_state.filters.text else []) + list(SORTS)
        current = self.query_state.effective_sort
        nxt = options[(options.index(current) + step) % len(options)] if current in options else options[0]
        self.query_state = replace(self.query_state, sort=nxt, descending=nxt in DESCENDING_FIRST)
        self.reload()

    def on_lazy_table_header_clicked(self, event: LazyTable.HeaderClicked) -> None:
        if event.key == self.query_state.effective_sort:
            self.action_flip()
            return
        self.query_state = replace(self.query_state, sort=event.key, descending=event.key in DESCENDING_FIRST)
        self.reload()

    def action_type_filter(self, key: str) -> None:
        """Start a `tag:` or `city:` filter in the search box: the user types its value."""
        box = self.search_box
        box.value = (box.value.rstrip() + f" {key}:").lstrip()
        box.focus()
        box.cursor_position = len(box.value)

    def action_flip(self) -> None:
        self.query_state = replace(self.query_state, sort=self.query_state.effective_sort,
                                   descending=not self.query_state.descending)
        self.reload()

    def _filters(self) -> list_filters.ListFilters:
        return self.query_state.filters

    def action_toggle_overdue(self) -> None:
        self.set_filters(replace(self._filters(), overdue=not self._filters().overdue))

    def action_cycle_grade(self) -> None:
        now = self._filters().grades
        steps = list(GRADE_STEPS)
        nxt = steps[(steps.index(now) + 1) % len(steps)] if now in steps else ()
        self.set_filters(replace(self._filters(), grades=nxt))

    def action_cycle_kind(self) -> None:
        steps = [()] + [(k,) for k in rules.KINDS]
        now = self._filters().kinds
        nxt = steps[(steps.index(now) + 1) % len(steps)] if now in steps else ()
        self.set_filters(replace(self._filters(), kinds=nxt))
        if nxt:
            self.notify(_("Kind: {kind}", kind=kind_label(nxt[0])), timeout=2)

    def action_cycle_idle(self) -> None:
        now = self._filters().idle_days
        nxt = IDLE_STEPS[(IDLE_STEPS.index(now) + 1) % len(IDLE_STEPS)] if now in IDLE_STEPS else None
        self.set_filters(replace(self._filters(), idle_days=nxt))

    def action_mine(self) -> None:
        me = current_rep(self)
        if not me:
            self.notify(_("No rep is set: start with --rep NAME or set rep in the config."), severity="warning")
            return
        reps = () if self._filters().reps == (me,) else (me,)
        self.set_filters(replace(self._filters(), reps=reps))

    def action_toggle_archived(self) -> None:
        self.set_filters(replace(self._filters(), archived=not self._filters().archived))

    def action_export(self) -> None:
        from salesterm.screens.forms.export_prompt import export_view

        export_view(self, "archived-customers" if self._filters().archived else "customers")

    def action_clear(self) -> None:
        self.set_filters(list_filters.ListFilters())
