"""One start-up, timed: `python -m salesterm.bench.startup_child customers|minimal DB TODAY`.

Prints the wall-clock time (time.time()) at which the screen showed its content: for
`customers`, the salesterm app opened on the customers section once the list's first rows are
in the table and a refresh has painted them; for `minimal`, a one-label Textual app once the
label is painted. Both run headless the same way and exit at once.
"""
from __future__ import annotations

import sys
import time


def _customers(db: str, today: str) -> None:
    from datetime import date

    from salesterm.app import SalesTermApp

    app = SalesTermApp(db=db, today=date.fromisoformat(today), start="customers")

    def check() -> None:
        tables = app.screen.query("LazyTable")
        table = tables.first() if tables else None
        if table is not None and table.count > 0 and table.row_at(0) is not None:
            timer.stop()
            app.call_after_refresh(lambda: _done(app))

    def start() -> None:
        nonlocal timer
        timer = app.set_interval(0.002, check)

    timer = None
    app.call_later(start)
    app.run(headless=True, size=(120, 40))


def _minimal() -> None:
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App):
        def compose(self):
            yield Static("客户 customers")

        def on_mount(self) -> None:
            self.timer = self.set_interval(0.002, self.check)

        def check(self) -> None:
            if self.query(Static):
                self.timer.stop()
                self.call_after_refresh(lambda: _done(self))

    Minimal().run(headless=True, size=(120, 40))


def _done(app) -> None:
    sys.stdout.write(f"{time.time():.6f}\n")
    sys.stdout.flush()
    app.exit()


if __name__ == "__main__":
    which = sys.argv[1]
    if which == "customers":
        _customers(sys.argv[2], sys.argv[3])
    else:
        _minimal()
