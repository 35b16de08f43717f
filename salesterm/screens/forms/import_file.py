"""The import screen (palette: 导入 / Import; f8 anywhere): pick what the file holds
(customers, contacts, receivables, payments), type or complete its path, and see the dry run's
report: rows good, every bad row as `line N, column C: why`, the possible duplicates. Then
ctrl+s imports every row (refused, writing nothing, while any row is bad), ctrl+g imports only
the good rows, escape cancels. The check and the import run `import_text.run_importer`, the
code `salesterm import` runs (GBK, BOM and .xlsx read the same way), in a database worker; a
progress line follows large files."""
from __future__ import annotations

import os
import time
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.suggester import Suggester
from textual.widgets import Input, Select, Static

from salesterm.i18n import _, counted
from salesterm.import_text import IMPORTERS, bad_rows, row_error, run_importer, summary
from salesterm.screens.forms.base import FormScreen, form_row
from salesterm.widgets.db_worker import run_in_db

KIND_TITLES = {"customers": "Customers", "contacts": "Contacts", "receivables": "Receivables",
               "payments": "Payments", "products": "Catalogue", "prices": "Price lists"}
SHOWN_ROWS = 200  # bad rows and possible duplicates listed on screen (the command line lists all)
PROGRESS_EVERY = 0.1  # seconds between progress lines


class PathSuggester(Suggester):
    """Completes a typed path with the first matching file or folder (right arrow takes it)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def complete_path(value: str) -> str | None:
    """VALUE completed to the first (sorted) entry of its folder it starts: a folder gets a
    trailing `/`; spreadsheets (.csv, .xlsx) come before other files; None when nothing does."""
    if not value:
        return None
    folder, _sep, start = value.rpartition("/")
    where = Path(os.path.expanduser(folder or ".") if folder or value.startswith("/") else ".")
    if value.startswith("/") and not folder:
        where = Path("/")
    try:
        names = sorted(os.listdir(where))
    except OSError:
        return None
    found = [n for n in names if n.startswith(start) and not (n.startswith(".") and not start.startswith("."))]
    found.sort(key=lambda n: (not (where / n).is_dir() and not n.lower().endswith((".csv", ".xlsx")), n))
    if not found:
        return None
    name = found[0] + ("/" if (where / found[0]).is_dir() else "")
    return value[: len(value) - len(start)] + name


class ImportScreen(FormScreen):
    """Check a file, then import it whole or only its good rows; dismisses with True after an import."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Import all rows", priority=True, id="import.all"),
        Binding("ctrl+g", "good_rows", "Import good rows only", priority=True, id="import.good"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    TITLE_TEXT = "Import from a file (.csv or .xlsx)"
    FRAME = "-tall"
    CANCELLED = False
    KEEPS_TYPED = False  # nothing typed here is lost work: escape closes at once

    def __init__(self, kind: str = "customers", path: str = "") -> None:
        super().__init__()
        self.kind = kind if kind in IMPORTERS else "customers"
        self.path = path
        self.report = None  # the last dry run's report
        self.checked_for: tuple[str, str] | None = None  # (kind, path) the report is about
        self._busy = False
        self._last_progress = 0.0

    def compose_fields(self) -> ComposeResult:
        kinds = [(_(KIND_TITLES[k]), k) for k in IMPORTERS]
        yield form_row(_("What the file holds"), Select(kinds, value=self.kind, allow_blank=False, id="import-kind"))
        yield form_row(_("File"), Input(value=self.path, placeholder=_("for example ~/客户资料.xlsx"),
                                        suggester=PathSuggester(), id="import-path"))
        yield Static(_("enter checks the file (nothing is written); → completes the path"),
                     id="import-help", markup=False)
        yield Static("", id="import-report", markup=False)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    # ---- what is asked ------------------------------------------------------------------
    def _asked(self) -> tuple[str, str]:
        kind = self.query_one("#import-kind", Select).value
        path = self.query_one("#import-path", Input).value.strip()
        return str(kind), str(Path(path).expanduser()) if path else ""

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self.report is not None and self._asked() != self.checked_for:
            self._show_report(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_check()

    # ---- the worker ---------------------------------------------------------------------
    def _run(self, *, dry_run: bool, good_rows_only: bool = False) -> None:
        kind, path = self._asked()
        if not path:
            self.set_status(_("Type the file's path first"))
            self.query_one("#import-path", Input).focus()
            return
        if self._busy:
            return
        self._busy = True
        self.set_status(_("Checking {path}…", path=path) if dry_run else _("Importing {path}…", path=path))
        pattern = self.app.settings.get("customers.code_pattern") if hasattr(self.app, "settings") else None

        def work():
            from salesterm.store.team.audit import set_source

            if not dry_run:
                set_source("import")
            try:
                return run_importer(kind, path, dry_run=dry_run, progress=self._progress_from_worker,
                                    good_rows_only=good_rows_only, code_pattern=pattern)
            finally:
                if not dry_run:
                    set_source("app")

        def done(report) -> None:
            self._busy = False
            if dry_run:
                self.checked_for = (kind, path)
                self._show_report(report)
                return
            if report.errors and not good_rows_only:  # refused: nothing was written
                self.checked_for = (kind, path)
                self._show_report(report)
                return
            self.app.notify(summary(report, kind), markup=False, timeout=10)
            self.dismiss(True)

        def failed(text: str) -> None:
            self._busy = False
            self.set_status(text)

        run_in_db(self, work, then=done, on_error=failed, group="import")

    def _progress_from_worker(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_EVERY and done < total:
            return
        self._last_progress = now
        self.app.call_from_thread(self.set_status, _("{step}: {done} of {total}", step=_(step),
                                                     done=f"{done:,}", total=f"{total:,}"))

    # ---- actions ------------------------------------------------------------------------
    def action_check(self) -> None:
        self._run(dry_run=True)

    def action_save(self) -> None:
        """Import every row: refused (nothing written) while the check found bad rows."""
        if self.report is not None and self.checked_for == self._asked() and self.report.errors:
            self.set_status(_("Not imported: {bad} bad row(s). ctrl+g imports only the good rows.",
                              bad=f"{bad_rows(self.report):,}"))
            return
        self._run(dry_run=False)

    def action_good_rows(self) -> None:
        self._run(dry_run=False, good_rows_only=True)

    # ---- the report ---------------------------------------------------------------------
    def _show_report(self, report) -> None:
        self.report = report
        shown = self.query_one("#import-report", Static)
        if report is None:
            shown.update("")
            self.set_status("")
            return
        shown.update(report_text(report, self.checked_for[0] if self.checked_for else "customers"))
        if report.errors:
            self.set_status(_("{bad} bad row(s) of {rows}: ctrl+g imports only the good rows, escape cancels",
                              bad=f"{bad_rows(report):,}", rows=f"{report.rows:,}"))
        else:
            self.set_status(_("All {rows} rows are good: ctrl+s imports them", rows=f"{report.rows:,}"))


def report_text(report, kind: str) -> Text:
    """What a check (or a refused import) found, as lines for the report area."""
    text = Text()
    bad = bad_rows(report)
    text.append(_("Rows: {rows}, good: {good}, bad: {bad}", rows=f"{report.rows:,}",
                  good=f"{report.rows - bad:,}", bad=f"{bad:,}") + "\n", style="bold")
    if not report.errors:
        text.append(summary(report, kind) + "\n")
    else:
        text.append(_("Bad rows (nothing is written while any is left, unless only the good rows are imported):")
                    + "\n", style="bold")
        for error in report.errors[:SHOWN_ROWS]:
            text.append("  " + row_error(error) + "\n", style="red")
        if len(report.errors) > SHOWN_ROWS:
            text.append("  " + _("… and {n} more (salesterm import {kind} FILE --dry-run lists every one)",
                                 n=f"{len(report.errors) - SHOWN_ROWS:,}", kind=kind) + "\n")
    if report.possible_duplicates:
        text.append(counted(len(report.possible_duplicates), "{n} possible duplicate (same name, another city):",
                            "{n} possible duplicates (same name, another city):") + "\n", style="bold")
        for found in report.possible_duplicates[:SHOWN_ROWS]:
            text.append("  " + row_error(found) + "\n")
    if report.ignored_columns:
        text.append(_("columns not imported: {columns}", columns=", ".join(report.ignored_columns)) + "\n")
    return text
