"""Export a list to CSV or XLSX: ask for a file name, write in a database worker, report.

`export_view(screen)` is what the export key (`x` on every list) runs: it takes what the screen
shows (`screen.export_snapshot()`, else the focused list, else the first list on screen: see
widgets/table_export.py), proposes a full path in the user's documents folder (or the folder
of the last export this session), and says the full path written."""
from __future__ import annotations

from pathlib import Path

from salesterm import clock
from salesterm.i18n import _, counted
from salesterm.screens.forms.prompt import TextPrompt
from salesterm.widgets.db_worker import run_in_db


def default_folder(app) -> Path:
    """Where an export goes unless the user says otherwise: the folder of this session's last
    export, else the documents folder when there is one, else the current folder."""
    last = getattr(app, "last_export_folder", None)
    if last is not None and Path(last).is_dir():
        return Path(last)
    try:
        from platformdirs import user_documents_dir

        documents = Path(user_documents_dir())
        if documents.is_dir():
            return documents
    except Exception:  # noqa: BLE001 - no documents folder known: the current folder will do
        pass
    return Path.cwd()


def export_prompt(node, default_name: str, write, *, working: bool = False) -> None:
    """Ask NODE's user for a file name (.csv or .xlsx), then call WRITE(path) in a database worker
    and report the result. WRITE returns the number of rows written. WORKING: say at once that
    the export runs (a whole paged list, 100k customers, takes seconds; an .xlsx longer)."""
    app = node.app

    def chosen(path: str | None) -> None:
        if not path:
            return
        full = Path(path).expanduser()
        if not full.is_absolute():
            full = default_folder(app) / full
        shown = str(full)

        def done(count) -> None:
            if count is not None:
                app.last_export_folder = str(full.parent)
                app.notify(counted(count, "Exported {n} row to {path}", "Exported {n} rows to {path}",
                                   path=shown), markup=False, timeout=10)

        if working:
            app.notify(_("Exporting to {path}…", path=shown), markup=False, timeout=4)
        run_in_db(node, write, shown, then=done, group="export")

    default = default_name if Path(default_name).is_absolute() else str(default_folder(app) / default_name)
    app.push_screen(TextPrompt(_("Export to file (.csv or .xlsx)"), value=default, required=True), chosen)


def _visible_lists(screen):
    from textual.widgets import DataTable

    from salesterm.widgets.lazy_table import LazyTable

    return [w for w in screen.query("*") if isinstance(w, (DataTable, LazyTable)) and w.display
            and all(a.display for a in w.ancestors_with_self if hasattr(a, "display"))]


def current_snapshot(screen):
    """What SCREEN shows as a list: its own export_snapshot(), else the focused list, else the
    first list on screen; None when it shows none."""
    from salesterm.widgets.table_export import snapshot_of

    own = getattr(screen, "export_snapshot", None)
    if callable(own):
        snap = own()
        if snap is not None:
            return snap
    focused = screen.focused
    candidates = _visible_lists(screen)
    if focused in candidates:
        candidates.remove(focused)
        candidates.insert(0, focused)
    for widget in candidates:
        snap = snapshot_of(widget)
        if snap is not None:
            return snap
    return None


def export_view(screen, name: str) -> None:
    """Export what SCREEN shows (every row of its list, its columns, as shown) to a file the
    user names; NAME is the default file name's stem."""
    from salesterm.store.io.tabular_write import write_table

    snap = current_snapshot(screen)
    if snap is None:
        loading = any(getattr(w, "fetch", False) is None for w in _visible_lists(screen))
        screen.app.notify(_("The list is still loading: try again in a moment.") if loading
                          else _("Nothing to export here: this view shows no list."), severity="warning")
        return
    stem = snap.name or name

    def write(path: str) -> int:
        return write_table(path, snap.headers, snap.all_rows(), sheet=stem[:31] or "data")

    export_prompt(screen, f"{stem}-{clock.today().isoformat()}.xlsx", write, working=snap.rows is None)
