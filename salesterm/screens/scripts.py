"""The pitch-script library (规范说法): scripts with their versions and revision notes, and a
log of each use with the customer's reaction. Opened from the notes section (`p`)."""
from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Input, Static

from salesterm.domain.notes_rules import reaction_label
from salesterm.i18n import _, counted, language
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.export_prompt import export_view
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.selection import saved_index

VIEWS = ("text", "versions", "uses")
VIEW_NAMES = {"text": "Current text", "versions": "Versions", "uses": "Uses"}


class ScriptsScreen(SectionScreen):
    SECTION = "notes"
    DEFAULT_CSS = """
    ScriptsScreen #scripts-head { height: 1; padding: 0 1; color: $text-muted; }
    ScriptsScreen #scripts-search { display: none; }
    ScriptsScreen #scripts-search.searching { display: block; }
    ScriptsScreen #scripts-table { width: 66; }
    ScriptsScreen #scripts-side { width: 1fr; border-left: solid $panel; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="scripts.back"),
        Binding("slash", "search", "Search", id="scripts.search"),
        Binding("n", "new", "New", id="scripts.new"),
        Binding("r", "revise", "Revise", id="scripts.revise"),
        Binding("v", "cycle_view", "Versions/uses", id="scripts.view"),
        Binding("l", "log_use", "Log use", id="scripts.log_use"),
        Binding("x", "export", "Export", id="scripts.export"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list = []
        self.view = "text"
        self.query_text = ""
        self.detail = None  # (script_id, text, revisions, uses)

    def compose_body(self):
        yield Static("", id="scripts-head")
        yield Input(placeholder=_("Search scripts"), id="scripts-search")
        with Horizontal():
            yield DataTable(id="scripts-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="scripts-side"):
                yield Static("", id="scripts-detail")

    def on_mount(self) -> None:
        table = self.query_one("#scripts-table", DataTable)
        for title, width in ((_("Title"), 22), (_("Category"), 10), (_("Version"), 4), (_("Uses"), 4),
                             (_("Liked"), 4), (_("Last used"), 10)):
            table.add_column(title, width=width)
        self.reload()
        table.focus()

    def reload(self) -> None:
        from salesterm.store.sales.scripts import list_scripts

        self.db(list_scripts, self.query_text, then=self._show)

    def _show(self, rows) -> None:
        table = self.query_one("#scripts-table", DataTable)
        keep = self.current().id if self.current() else None
        self.rows = rows
        table.clear()
        for r in rows:
            table.add_row(Text(r.title), Text(r.category), f"v{r.version}", str(r.uses), str(r.positive),
                          r.last_used.isoformat() if r.last_used else "", key=r.id)
        found = saved_index(self.app, [r.id for r in rows])  # a script just written or revised
        if found is not None:
            keep = rows[found].id
        for i, r in enumerate(rows):
            if r.id == keep:
                table.move_cursor(row=i)
        head = counted(len(rows), "{n} pitch script (规范说法)", "{n} pitch scripts (规范说法)")
        if self.query_text:
            head += " · " + _("search: {q}", q=self.query_text)
        self.query_one("#scripts-head", Static).update(Text(head + " · " + _(VIEW_NAMES[self.view])))
        self.load_detail()

    def current(self):
        table = self.query_one("#scripts-table", DataTable)
        if not self.rows or table.cursor_row is None or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_highlighted(self, event) -> None:
        self.load_detail()

    def load_detail(self) -> None:
        from salesterm.store.sales import scripts

        s = self.current()
        if s is None:
            self.query_one("#scripts-detail", Static).update(
                Text(_("No pitch scripts yet. Press n to write one."), style="dim"))
            return

        def load():
            return s.id, scripts.current_text(s.id), scripts.revisions(s.id), scripts.uses(s.id)

        self.db(load, then=self._detail, group="scripts-detail")

    def _detail(self, detail) -> None:
        self.detail = detail
        script_id, text, revisions, uses = detail
        s = next((r for r in self.rows if r.id == script_id), None)
        out = Text()
        if s is not None:
            out.append(f"{s.title}  v{s.version}\n", style="bold")
        if self.view == "text":
            out.append(text + "\n")
            if revisions and revisions[0].note:
                out.append(f"\n{_('Last change')}: {revisions[0].note}\n", style="dim")
        elif self.view == "versions":
            for r in revisions:
                out.append(f"v{r.version}  {r.day.isoformat()}  {r.rep}\n", style="bold")
                if r.note:
                    out.append(f"{_('What changed')}: {r.note}\n", style="italic")
                out.append(r.body + "\n\n")
        else:
            if not uses:
                out.append(_("Not used yet. Press l to log a use.") + "\n", style="dim")
            for u in uses:
                style = {"positive": "green", "negative": "red"}.get(u.reaction, "")
                out.append(f"{u.day.isoformat()}  v{u.version}  ")
                out.append(reaction_label(u.reaction, language()), style=style)
                out.append(f"  {u.customer}  {u.rep}  {u.note}\n")
        self.query_one("#scripts-detail", Static).update(out)

    def action_back(self) -> None:
        box = self.query_one("#scripts-search", Input)
        if box.has_focus or self.query_text:
            box.value = ""
            self.query_text = ""
            box.remove_class("searching")
            self.query_one("#scripts-table", DataTable).focus()
            self.reload()
            return
        self.app.pop_screen()

    def action_search(self) -> None:
        box = self.query_one("#scripts-search", Input)
        box.add_class("searching")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "scripts-search":
            self.query_text = event.value.strip()
            self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#scripts-table", DataTable).focus()

    def action_cycle_view(self) -> None:
        self.view = next_choice(self.view, VIEWS, with_all=False)
        self._show(self.rows)

    def _after(self, saved) -> None:
        if saved:
            self.reload()

    def action_new(self) -> None:
        from salesterm.screens.forms.script import ScriptFormScreen

        self.app.push_screen(ScriptFormScreen(), self._after)

    def action_revise(self) -> None:
        from salesterm.screens.forms.script import ScriptFormScreen

        s = self.current()
        if s is not None:
            self.app.push_screen(ScriptFormScreen(s.id, s.title, s.category), self._after)

    def action_log_use(self) -> None:
        from salesterm.screens.forms.script import ScriptUseScreen

        s = self.current()
        if s is None:
            return
        use_id = None
        if self.view == "uses" and self.detail and self.detail[0] == s.id:
            pending = [u for u in self.detail[3] if not u.reaction]
            use_id = pending[0].id if pending else None  # a visit logged it: record the reaction
        self.app.push_screen(ScriptUseScreen(s.id, s.title, use_id), self._after)

    def export_snapshot(self):
        """The uses of the script shown when its uses are on screen; else the list (None: the table)."""
        if self.view == "uses" and self.detail:
            from salesterm.widgets.table_export import Snapshot

            headers = [_("Day"), _("Version"), _("Customer"), _("Rep"), _("Reaction"), _("Note")]
            rows = [[u.day.isoformat(), f"v{u.version}", u.customer, u.rep, reaction_label(u.reaction, language()),
                     u.note] for u in self.detail[3]]
            return Snapshot(headers, rows=rows, name="script-uses")
        return None

    def action_export(self) -> None:
        export_view(self, "scripts")
