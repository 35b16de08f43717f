"""The Textual application: six sections as modes, keys 1-6, jump box, help, quit."""
from __future__ import annotations

import inspect
from datetime import date
from importlib import import_module

from textual.app import App
from textual.binding import Binding

from salesterm import clock, css_cache, early_read, i18n, paths, themes
from salesterm import config as config_mod
from salesterm.i18n import _
from salesterm.screens.sync_control import SYNC, SYNC_STATE, SyncControl
from salesterm.sections import SECTIONS
from salesterm.widgets import (
    safe_render,  # noqa: F401 (no control character of user text reaches the terminal)
    table_widths,  # noqa: F401 (tables redraw at the column widths they grow to)
)

css_cache.install(paths.cache_dir() / "styles")  # parsed stylesheets kept between starts

SEARCH_INDEX = "search-index"  # worker groups of the two big background jobs
SUMMARY_REFRESH = "summary-refresh"


def _commands():
    from salesterm import commands

    return commands


def _screen_factory(module: str, cls: str, _title: str):
    def make():
        screen = getattr(import_module(f"salesterm.screens.{module}"), cls)()
        # A new screen gets its styles as it mounts. Marked as styled with the current CSS, it
        # spares Textual two full re-parses of every stylesheet when its mode is first set up
        # (tens of ms each, before the first paint and again at each section's first showing).
        screen._css_update_count = screen.app._css_update_count
        return screen

    return make


# the sections built in the background after the first paint, the likeliest next one first. Not
# the others: built at 100k they hold their data (the deal board, the report's figures), and the
# resident memory then passed the 200 MB budget (225 MB settled, 254 MB high-water)
BUILD_ORDER = ("customers", "today")


class SalesTermApp(SyncControl, App):
    TITLE = "salesterm"
    # Textual's own commands (theme, keys, quit ...) come through SalesCommands, matched in pinyin too
    COMMANDS = {lambda: _commands().SalesCommands, lambda: _commands().CustomerCommands}
    CSS_PATH = themes.stylesheets()
    MODES = {name: _screen_factory(*where) for name, where in SECTIONS.items()}
    BINDINGS = [
        *(
            # the section bar already shows these keys: the footer keeps its room for the screen's own
            Binding(str(i), f"section('{name}')", title, show=False, id=f"section.{name}")
            for i, (name, (_module, _cls, title)) in enumerate(SECTIONS.items(), start=1)
        ),
        Binding("ctrl+k", "jump", "Jump to customer", id="jump"),
        Binding("question_mark", "keys", "Keys", id="help"),
        Binding("q", "quit", "Quit", id="quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit salesterm",
                id="quit.ctrl"),
        # team sync (screens/sync_control): on a replica, or with a server in the config
        Binding("f5", "sync_now", "Sync now", show=False, id="sync.now"),
        Binding("f6", "sync_outbox", "Outbox", show=False, id="sync.outbox"),
        Binding("f7", "sync_conflicts", "Conflicts", show=False, id="sync.conflicts"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="palette"),
        Binding("f8", "import_file", "Import", show=False, id="import"),
    ]

    def __init__(
        self,
        db: str | None = None,
        today: date | None = None,
        *,
        rep: str | None = None,
        lang: str | None = None,
        theme: str | None = None,
        start: str = "today",
        config: config_mod.Config | None = None,
    ):
        self.settings = config if config is not None else config_mod.load()
        i18n.set_language(i18n.detect(lang, self.settings.get("lang")))
        if today is not None:
            clock.set_today(today)
        from salesterm.store.db import open_database

        self.db_url = config_mod.resolve_db(db, self.settings)
        self.database = open_database(self.db_url)
        from salesterm.store.sync.capture import after_open
        from salesterm.store.team.identity import identity

        after_open(self.database)  # a team-sync replica's capture follows an upgraded schema
        # on a team server the user is the login's rep (store/team/identity), whatever --rep says
        me = identity(self.database)
        self.login_name = me.login if me else None
        self.rep_name = me.rep if me else rep or self.settings.get("rep")
        self.start_mode = start
        # the first section is the app's default mode: Textual sets its screen up as the app
        # composes, instead of a blank default screen first and then this one (two screens set
        # up, the stylesheet applied twice, and two ScreenResume events: two reloads)
        self.DEFAULT_MODE = start if start in SECTIONS else self.DEFAULT_MODE
        super().__init__()
        self.sync_signal_setup()
        for t in themes.load_themes():
            self.register_theme(t)
        wanted = theme or self.settings.get("theme") or themes.DEFAULT
        self.theme = wanted if wanted in self.available_themes else themes.DEFAULT
        keymap = self.settings.section("keys")
        if keymap:
            self.set_keymap({str(k): str(v) for k, v in keymap.items()})

    def on_load(self) -> None:
        self._styles_ahead(self.start_mode)
        if self.start_mode == "today":  # the agenda is read while Textual sets the screen up
            from salesterm.widgets.session import current_rep

            early_read.today_first(self.database, current_rep(self))

    def _styles_ahead(self, mode: str) -> None:
        """MODE's screen CSS joins the stylesheet before it is first parsed, as Textual would add
        it when the screen is first set up (same source, same scope). Added then, it makes
        Textual parse every stylesheet again: 30-80 ms before the first paint."""
        if mode not in SECTIONS:
            return
        module, cls, _title = SECTIONS[mode]
        screen = getattr(import_module(f"salesterm.screens.{module}"), cls)
        if screen.CSS:
            self.stylesheet.add_source(screen.CSS, read_from=(inspect.getfile(screen), f"{cls}.CSS"),
                                       scope=screen._css_type_name if screen.SCOPED_CSS else "")

    def early_result(self, fn, *args):
        """FN(*ARGS) as read early (salesterm/early_read.py), once; else read now. In a worker."""
        return early_read.result(self.database, fn, *args)

    def on_mount(self) -> None:
        self.switch_mode(self.start_mode)  # already the default mode (set up as the app composed)
        self.sync_setup()
        self.call_after_refresh(self._first_painted)

    def _first_painted(self) -> None:
        """After the first paint, once the screen shown has its data, the customers list and
        Today are built in the background (BUILD_ORDER), one at a time whenever no screen is
        reading its data, so that switching to them is immediate; then the search index is
        loaded (until it is ready, searches answer from SQL). Loaded at the first paint, its
        thread shared the machine with a switch to the list made at once (Today now paints
        with its data: nothing held the load back any more)."""
        self._to_build = [m for m in BUILD_ORDER if m != self.start_mode]
        self._when_quiet(self._build_next)

    def _loading(self) -> bool:
        """A screen's data is being read (the two long background jobs aside)."""
        return any(not w.is_finished and w.group not in (SEARCH_INDEX, SUMMARY_REFRESH, SYNC, SYNC_STATE)
                   for w in self.workers)

    def _when_quiet(self, then, delay: float = 0.05) -> None:
        if self._loading():
            self.set_timer(delay, lambda: self._when_quiet(then, delay))
        else:
            then()

    def _build_next(self) -> None:
        if self._to_build:
            self._build_section(self._to_build.pop(0))
            self.set_timer(0.1, lambda: self._when_quiet(self._build_next))
        else:
            self._warm_search()

    def _build_section(self, mode: str) -> None:
        """Set up MODE's screen now, hidden (as Textual does when it is first switched to)."""
        if mode not in self._screen_stacks and self.is_running:
            self._init_mode(mode)

    def background_busy(self, *groups: str) -> bool:
        """True while a worker of one of GROUPS runs. The two big background jobs (the search
        index build, the daily summary refresh) wait for each other: at 100k customers each
        alone stays near 140 MB resident, both at once reach about 210 MB."""
        return any(w.group in groups and not w.is_finished for w in self.workers)

    def _warm_search(self) -> None:
        if self.background_busy(SUMMARY_REFRESH):
            self.set_timer(0.5, self._warm_search)
            return

        def build() -> None:
            from salesterm.store import search

            with self.database.connection_context():
                search.warm()

        self.run_worker(build, thread=True, group=SEARCH_INDEX, exit_on_error=False)

    def action_section(self, name: str) -> None:
        if name in SECTIONS and self.current_mode != name:
            self.switch_mode(name)

    def action_jump(self) -> None:
        from salesterm.screens.forms.jump import JumpScreen

        if not isinstance(self.screen, JumpScreen):
            self.push_screen(JumpScreen())

    def action_import_file(self) -> None:
        """The import screen; after an import the screen under it shows the new data."""
        from salesterm.screens.forms.import_file import ImportScreen

        def imported(done) -> None:
            if done:
                self.database_empty = False
                reload = getattr(self.screen, "reload", None)
                if callable(reload):
                    reload()

        if not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(), imported)

    def action_keys(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen):
        """Textual's own palette commands (theme, quit, keys, screenshot...) in the user's language."""
        for command in super().get_system_commands(screen):
            yield command._replace(title=_(command.title), help=_(command.help))

    def open_customer(self, customer_id: str, *, deal_id: str | None = None) -> None:
        """Open a customer's file from anywhere (jump box, queue, agenda...); with DEAL_ID on
        its Deals tab, that deal chosen (a pipeline card's `enter`)."""
        from salesterm.screens.customer_file import CustomerFileScreen

        self.push_screen(CustomerFileScreen(customer_id, deal_id=deal_id))

    def action_sync_outbox(self) -> None:
        from salesterm.screens.sync_outbox import OutboxScreen

        if not isinstance(self.screen, OutboxScreen):
            self.push_screen(OutboxScreen())

    def action_sync_conflicts(self) -> None:
        from salesterm.screens.sync_conflicts import ConflictsScreen

        if not isinstance(self.screen, ConflictsScreen):
            self.push_screen(ConflictsScreen())
