"""One start-up, timed: `python -m salesterm.bench.startup_child customers|settled|minimal [DB TODAY]`,
or the minimal app for a real terminal: `python -m salesterm.bench.startup_child minimal-tty`.

Prints one line: the wall-clock time (time.time()) at which the screen showed its content and
the resident memory then (MB). `customers`: the salesterm app opened on the customers section,
once the list's first rows are in the table and a refresh has painted them; `minimal`: a
one-label Textual app once the label is painted. Both run headless (120x40), poll for their
content every 2 ms from the first moment they can, and exit at once.

`minimal-tty` is the minimal app that `bench startup` runs in a tmux pane (bench/terminal.py):
two one-label screens as modes, like the app's sections; `2` switches to the second.

`settled` starts like `customers`, then waits until the list knows every id, the daily summary
check is done and the search index is built, and prints the seconds that took, the resident
memory then and the high-water mark (MB).
"""
from __future__ import annotations

import resource
import sys
import time


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * resource.getpagesize() / 2**20
    except OSError:
        return peak_mb()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux


def _customers(db: str, today: str, settled: bool) -> None:
    from datetime import date

    from salesterm.app import SalesTermApp

    app = SalesTermApp(db=db, today=date.fromisoformat(today), start="customers")
    painted_at = 0.0

    def check() -> None:
        tables = app.screen.query("LazyTable")
        table = tables.first() if tables else None
        if table is not None and table.count > 0 and table.row_at(0) is not None:
            timer.stop()
            app.call_after_refresh(painted)

    def painted() -> None:
        nonlocal painted_at, timer
        if not settled:
            _done(app, f"{time.time():.6f} {rss_mb():.1f}")
            return
        painted_at = time.time()
        timer = app.set_interval(0.05, check_settled)

    def check_settled() -> None:
        from salesterm.store import search

        screen = app.screen
        busy = [w for w in app.workers if not w.is_finished]
        if getattr(screen, "current", None) is not None and search.ready() and not busy:
            timer.stop()
            _done(app, f"{time.time() - painted_at:.3f} {rss_mb():.1f} {peak_mb():.1f}")

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
                self.call_after_refresh(lambda: _done(self, f"{time.time():.6f} {rss_mb():.1f}"))

    Minimal().run(headless=True, size=(120, 40))


def _minimal_tty() -> None:
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Static

    class One(Screen):
        def compose(self):
            yield Static(MINIMAL_FIRST)

    class Two(Screen):
        def compose(self):
            yield Static(MINIMAL_SECOND)

    class Minimal(App):
        MODES = {"one": One, "two": Two}
        BINDINGS = [("2", "switch_mode('two')", "Two")]

        def on_mount(self) -> None:
            self.switch_mode("one")

    Minimal().run()


MINIMAL_FIRST = "minimal app: first screen"
MINIMAL_SECOND = "minimal app: second screen"


def _done(app, line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
    app.exit()


if __name__ == "__main__":
    which = sys.argv[1]
    if which in ("customers", "settled"):
        _customers(sys.argv[2], sys.argv[3], which == "settled")
    elif which == "minimal-tty":
        _minimal_tty()
    else:
        _minimal()
