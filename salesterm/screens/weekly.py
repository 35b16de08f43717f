"""The weekly work report (个人工作周报) in the terminal: the same Markdown that
`salesterm report weekly` writes, week by week, per rep or for the whole team. `e` writes the
rep's own sections (problems, support needed, next week's focus), kept with the report; `s`
saves it as a Markdown file and says the full path it wrote."""
from __future__ import annotations

import datetime as _dt

from rich.text import Text
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from salesterm import clock
from salesterm.domain.dates import monday_of
from salesterm.i18n import _, language
from salesterm.screens.base import SectionScreen
from salesterm.screens.forms.prompt import TextPrompt
from salesterm.widgets.cycle import next_choice
from salesterm.widgets.db_worker import run_in_db


def render_markdown(text: str, width: int) -> Text:
    """The Markdown laid out by Rich into styled lines, off the UI thread: a team digest runs to
    thousands of lines, which Textual's Markdown widget takes many seconds to build on the UI
    thread (a blank, frozen screen)."""
    import io

    from rich.console import Console
    from rich.markdown import Markdown as RichMarkdown

    console = Console(width=max(20, width), file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", legacy_windows=False)
    with console.capture() as captured:
        console.print(RichMarkdown(text))
    return Text.from_ansi(captured.get().rstrip("\n"))


def _report(week, rep, lang, width):
    from salesterm.store.reports.weekly import weekly_markdown

    text = weekly_markdown(week, rep=rep, lang=lang)
    return text, render_markdown(text, width)


class WeeklyReportScreen(SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    WeeklyReportScreen #weekly-head { height: 1; padding: 0 1; color: $text-muted; }
    WeeklyReportScreen #weekly-scroll { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="weekly.back"),
        Binding("comma,left", "shift(-1)", "Previous week", id="weekly.previous"),
        Binding("full_stop,right", "shift(1)", "Next week", id="weekly.next"),
        Binding("m", "cycle_rep", "Rep", id="weekly.rep"),
        Binding("e", "write", "Write", id="weekly.write"),
        Binding("s", "save", "Save as file", id="weekly.save"),
    ]

    def __init__(self, rep: str | None = None, week: _dt.date | None = None, reps: list[str] | None = None) -> None:
        super().__init__()
        self.rep = rep
        self.week = monday_of(week or clock.today())
        self.reps = list(reps or [])
        self.text = ""

    def compose_body(self):
        yield Static("", id="weekly-head")
        with VerticalScroll(id="weekly-scroll"):
            yield Static(_("Loading…"), id="weekly-md")

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#weekly-scroll").focus()

    def reload(self) -> None:
        end = self.week + _dt.timedelta(days=6)
        self.query_one("#weekly-head", Static).update(Text(" · ".join([
            _("rep: {r}", r=self.rep or _("team digest")), f"{self.week.isoformat()} ~ {end.isoformat()}",
            _(", . previous/next week · m rep · e write · s save")])))
        width = (self.size.width or self.app.size.width) - 2
        self.db(_report, self.week, self.rep, language(), width, then=self._show)

    def _show(self, report: tuple[str, Text]) -> None:
        self.text, shown = report
        self.query_one("#weekly-md", Static).update(shown)

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_shift(self, step: int) -> None:
        self.week += _dt.timedelta(days=7 * step)
        self.reload()

    def action_cycle_rep(self) -> None:
        self.rep = next_choice(self.rep, self.reps)
        self.reload()

    def action_write(self) -> None:
        """The rep's own sections of this week's report (the rep shown, else the one using the app)."""
        from salesterm.screens.forms.weekly_notes import WeeklyNotesScreen
        from salesterm.widgets.session import current_rep

        rep = self.rep or current_rep(self)
        if not rep:
            self.app.notify(_("Choose a rep with m first: each rep writes their own report"),
                            severity="warning")
            return
        if not self.rep:
            self.rep = rep
        self.app.push_screen(WeeklyNotesScreen(rep, self.week), lambda saved: saved and self.reload())

    def action_save(self) -> None:
        from salesterm.store.reports.weekly import save_markdown

        who = self.rep or "team"
        text = self.text

        def chosen(path):
            if not path:
                return

            def saved(dest):
                if dest is not None:
                    self.app.notify(_("Weekly report saved to {path}", path=str(dest)), markup=False)

            run_in_db(self, save_markdown, path, text, then=saved, group="weekly-save")

        self.app.push_screen(TextPrompt(_("Save the weekly report as (Markdown)"),
                                        value=f"weekly-{who}-{self.week.isoformat()}.md", required=True), chosen)
