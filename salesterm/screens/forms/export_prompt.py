"""Export a list to CSV or XLSX: ask for a file name, write in a database worker, report."""
from __future__ import annotations

from salesterm.i18n import _, counted
from salesterm.screens.forms.prompt import TextPrompt
from salesterm.widgets.db_worker import run_in_db


def export_prompt(node, default_name: str, write) -> None:
    """Ask NODE's user for a file name (.csv or .xlsx), then call WRITE(path) in a database worker
    and report the result. WRITE returns the number of rows written."""
    from pathlib import Path

    def chosen(path: str | None) -> None:
        if not path:
            return
        full = str(Path(path).expanduser())

        def done(count) -> None:
            if count is not None:
                node.app.notify(counted(count, "Exported {n} row to {path}", "Exported {n} rows to {path}",
                                        path=full), markup=False)

        run_in_db(node, write, full, then=done, group="export")

    node.app.push_screen(TextPrompt(_("Export to file (.csv or .xlsx)"), value=default_name,
                                    required=True), chosen)
