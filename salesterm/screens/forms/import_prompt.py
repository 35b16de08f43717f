"""Import customers from the TUI: ask for the file, import it in a database worker (every row
or none, as `salesterm import customers FILE` does), and say what happened."""
from __future__ import annotations

from pathlib import Path

from salesterm.i18n import _, counted, error_text
from salesterm.screens.forms.prompt import TextPrompt
from salesterm.widgets.db_worker import run_in_db

SHOWN_ERRORS = 3  # bad rows named in the notification; the command line lists them all


def _import(path: str):
    from salesterm.store.io.importing import import_customers

    return import_customers(path)


def row_error(error) -> str:
    why = error_text(error.message)
    if error.column:
        return _("line {line}, column {column}: {why}", line=error.line, column=error.column, why=why)
    return _("line {line}: {why}", line=error.line, why=why)


def report_text(report) -> tuple[str, str]:
    """(severity, text) of an import report."""
    if report.errors:
        bad = len({e.line for e in report.errors})
        lines = [_("{bad} bad row(s) of {rows}: nothing was imported.", bad=bad, rows=report.rows)]
        lines += [row_error(e) for e in report.errors[:SHOWN_ERRORS]]
        if len(report.errors) > SHOWN_ERRORS:
            lines.append(_("salesterm import customers FILE --dry-run lists every one."))
        return "error", "\n".join(lines)
    text = counted(report.created, "Imported {n} new customer", "Imported {n} new customers")
    if report.updated:
        text += _(", ") + _("updated {n}", n=report.updated)
    return "information", text


def ask_and_import(app, after=None) -> None:
    def chosen(path: str | None) -> None:
        if not path:
            return
        full = str(Path(path).expanduser())
        app.notify(_("Importing {path}…", path=full), markup=False, timeout=5)

        def done(report) -> None:
            if report is None:
                return
            severity, text = report_text(report)
            app.notify(text, severity=severity, markup=False, timeout=15)
            if severity != "error" and after is not None:
                app.database_empty = False
                after()

        run_in_db(app.screen, _import, full, then=done, group="import")

    app.push_screen(TextPrompt(_("Import customers from a file (.csv or .xlsx)"), required=True,
                               placeholder=_("for example ~/客户资料.xlsx")), chosen)
