"""The command palette (ctrl+p): everything the app does, found by name in Chinese, pinyin or
English, each with its key; and any customer by name, pinyin or phone.

`SalesCommands` lists, for the screen the palette was opened on, every action its keys run
(export, log visit, assign ...: the screen's active bindings), then the app-wide ones: go to a
section, new customer/deal/visit/note, week plan, coverage, weekly report, targets, products, import
a file, switch rep, switch language, load the demo (on an empty database), and Textual's own
(theme, keys, screenshot, quit). A command matches its English name and its Chinese name
(fuzzy, as Textual's palette does) and the pinyin of its Chinese name, whole syllables or
initials (`daochu`, `dc`), read by the one pinyin matcher of the customer search
(domain/pinyin_match.py, with domain/textkeys readings).
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from salesterm import i18n
from salesterm.domain.catalogs import catalog
from salesterm.i18n import _
from salesterm.screens.rebuild import rebuild_sections
from salesterm.sections import SECTIONS
from salesterm.widgets.keys import original

# bindings the palette leaves out: moving about, which a palette cannot do better than the key
SKIP_IDS = {"focus.next", "focus.previous", "copy", "palette", "help", "jump", "quit", "quit.ctrl", "import"}
# (the last five are app-wide commands below: Keys, Jump to customer, Quit, Import from a file)
SKIP_PREFIXES = ("table.", "section.")
SKIP_ACTIONS = {"cursor", "page", "edge", "page_left", "page_right", "scroll_up", "scroll_down", "scroll_left",
                "scroll_right",
                "scroll_home", "scroll_end", "page_up", "page_down", "select_cursor", "cursor_up",
                "cursor_down", "cursor_left", "cursor_right", "focus_next", "focus_previous",
                "command_palette", "leave_search", "back", "close"}


@dataclass
class Command:
    title: str  # an English message id
    run: Callable
    keys: str = ""  # the key that runs it, as shown ("x", "2 → n")
    help: str = ""  # an English message id
    translated: bool = True  # False: TITLE is shown as is (Textual's commands come translated)

    def names(self) -> tuple[str, str, str]:
        """(shown, English, Chinese) names of the command."""
        if not self.translated:
            return self.title, self.title, self.title
        zh = catalog("zh").get(self.title, self.title)
        return (zh if i18n.language() == "zh" else self.title), self.title, zh


# ---- matching ------------------------------------------------------------------------------
def _pinyin_span(text: str, query: str) -> tuple[int, int] | None:
    """Where QUERY, read as pinyin (syllables or initials) or Chinese, matches TEXT contiguously:
    (first character, characters used) of TEXT, or None."""
    from salesterm.domain import pinyin_match, textkeys

    key = pinyin_match.query_key(query)
    if not key or text.isascii():
        return None
    found = pinyin_match.matches(text, textkeys.readings, key)
    if found is None:
        return None
    # matches() counts characters of the name's key (no spaces or punctuation): map back
    kept = [i for i, ch in enumerate(text) if pinyin_match.query_key(ch)]
    start, used = found
    if start + used > len(kept):
        return None
    return kept[start], kept[start + used - 1] + 1 - kept[start]


def score(command: Command, query: str, matcher) -> tuple[float, Content | None]:
    """How well QUERY names COMMAND (0: not at all) and its title as shown (in the UI's
    language), the matched part highlighted when the match was on that title."""
    shown, english, chinese = command.names()
    best = max(matcher.match(text) for text in dict.fromkeys((shown, english, chinese)))
    display = _label(shown, command, highlight=matcher.highlight(shown)) if best > 0 else None
    span = _pinyin_span(chinese, query)
    if span is not None:
        value = 1.0 - span[0] / 100  # a pinyin match ranks with a match of the whole name
        if value >= best:
            best = value
            display = _label(shown, command, span=span if shown == chinese else None)
    return best, display


def _label(title: str, command: Command, *, highlight: Content | None = None, span=None) -> Content:
    """The title (the matched part highlighted) and the key that runs the command."""
    text = highlight if highlight is not None else Content(title)
    if span is not None:
        text = text.stylize("bold underline", span[0], span[0] + span[1])
    if command.keys:
        text = text.append_text(f"  {command.keys}", "bold $text-muted")
    return text


def _help(command: Command) -> str:
    shown, english, chinese = command.names()
    other = english if shown != english else chinese
    parts = [p for p in (_(command.help) if command.help else "", other if other != shown else "") if p]
    return " · ".join(parts)


# ---- what the palette offers ----------------------------------------------------------------
def screen_commands(screen) -> list[Command]:
    """Every action a key runs on SCREEN now (its bindings, the focused widget's, the app's)."""
    app = screen.app
    seen: dict[tuple[int, str], Command] = {}
    for active in screen.active_bindings.values():
        binding, node = active.binding, active.node
        if not active.enabled or not binding.description:
            continue
        name = binding.action.split("(", 1)[0].removeprefix("app.").removeprefix("screen.")
        skipped = binding.id in SKIP_IDS or (binding.id or "").startswith(SKIP_PREFIXES) or name in SKIP_ACTIONS
        if skipped and binding.id != "table.select":  # opening the row is an action; moving is not
            continue
        found = (id(node), binding.action)
        shown_key = app.get_key_display(binding)
        if found in seen:
            if shown_key not in seen[found].keys.split("/"):
                seen[found].keys += "/" + shown_key
            continue
        seen[found] = Command(original(binding).description, partial(app.run_action, binding.action, node),
                              shown_key)
    return list(seen.values())


def app_commands(app, screen) -> list[Command]:
    """What the app does from anywhere: sections, the common new-record forms, reports, import,
    rep, language, the demo on an empty database, and Textual's own commands."""
    out = [Command("Go to " + title, partial(app.action_section, name), str(i))
           for i, (name, (_m, _c, title)) in enumerate(SECTIONS.items(), start=1)]
    where = {name: str(i) for i, name in enumerate(SECTIONS, start=1)}
    for title, section, action, key in (
        ("New customer", "customers", "new", "n"), ("New deal", "pipeline", "new", "n"),
        ("New visit", "today", "new_visit", "n"), ("New note", "notes", "new", "n"),
        ("Week plan", "today", "week", "w"), ("Coverage", "today", "coverage", "c"),
        ("Weekly report", "reports", "weekly", "w"), ("Targets", "reports", "targets", "t"),
        ("Sales", "reports", "sales", "s"),
        ("Aging", "collections", "toggle_view", "v"), ("Pitch scripts", "notes", "scripts", "p"),
        ("Orders", "pipeline", "orders", "o"),
        ("Catalogue", "reports", "products", "p"),
        ("Price system", "reports", "price_system", "$"),
    ):
        out.append(Command(title, partial(run_in_section, app, section, action), f"{where[section]} → {key}"))
    out += [
        Command("Jump to customer", app.action_jump, "ctrl+k"),
        Command("Import from a file", partial(import_file, app), "f8"),
        Command("Switch rep", partial(switch_rep, app)),
        Command("切换到中文" if i18n.language() == "en" else "Switch to English", partial(switch_language, app),
                translated=False),
    ]
    if getattr(app, "database_empty", False):
        out.append(Command("Load the demo data", partial(offer_demo, app)))
    from textual.app import App

    for system in App.get_system_commands(app, screen):  # theme, keys, screenshot, quit (English ids)
        out.append(Command(system.title, system.callback, help=system.help))
    return out


class SalesCommands(Provider):
    def _commands(self) -> list[Command]:
        return screen_commands(self.screen) + app_commands(self.app, self.screen)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(_label(command.names()[0], command), command.run, help=_help(command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        commands = self._commands()
        found = await asyncio.to_thread(lambda: [(c, *score(c, query, matcher)) for c in commands])
        for command, value, display in found:
            if value > 0 and display is not None:
                yield Hit(value, display, command.run, text=command.names()[0], help=_help(command))


class CustomerCommands(Provider):
    """Customers found by the same engine as `salesterm search` and the jump box."""

    async def search(self, query: str) -> Hits:
        query = query.strip()
        if not query:
            return
        found = await asyncio.to_thread(self._find, query)
        for rank, hit in enumerate(found):
            label = Text(hit.name)  # user text: never markup
            if hit.city:
                label.append(f"  {hit.city}", style="dim")
            yield Hit(1.0 - rank / 100 - 0.05, label, partial(self.app.open_customer, hit.id),
                      text=hit.name, help=_("Open the customer's file"))

    def _find(self, query: str):
        from salesterm.store import search

        with self.app.database.connection_context():
            return search.search(query, limit=8)


# ---- the app-wide actions ------------------------------------------------------------------
async def run_in_section(app, section: str, action: str) -> None:
    """Go to SECTION (its first screen) and run ACTION there, as its key would."""
    if app.current_mode != section:
        await app.switch_mode(section)
    else:
        while len(app.screen_stack) > 1:
            app.pop_screen()
    await app.screen.run_action(action)


async def switch_language(app) -> None:
    i18n.set_language("en" if i18n.language() == "zh" else "zh")
    await rebuild_sections(app)
    app.notify(_("Language: Chinese") if i18n.language() == "zh" else "Language: English")


def switch_rep(app) -> None:
    from salesterm.screens.forms.choice_prompt import ChoicePrompt
    from salesterm.store.reps import rep_names
    from salesterm.widgets.db_worker import run_in_db

    def chosen(name) -> None:
        if name is None:
            return
        app.rep_name = name or None
        app.notify(_("Working as {rep}", rep=name) if name else _("Working as no particular rep"), markup=False)
        app.call_later(rebuild_sections, app)

    def ask(names) -> None:
        choices = [(_("No particular rep (all)"), "")] + [(n, n) for n in names]
        app.push_screen(ChoicePrompt(_("Work as which rep?"), choices), chosen)

    run_in_db(app.screen, rep_names, then=ask, group="palette")


def import_file(app) -> None:
    """The import screen (screens/forms/import_file.py): check a file, then import it."""
    app.action_import_file()


def offer_demo(app) -> None:
    from salesterm.screens.empty_db import offer_demo as offer

    offer(app, after=lambda: app.call_later(reload_screen, app))


def reload_screen(app) -> None:
    """Show the current screen's data again (after an import or the demo filled the database)."""
    reload = getattr(app.screen, "reload", None)
    if callable(reload):
        reload()
