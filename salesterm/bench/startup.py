"""salesterm bench startup [--customers N] [--runs R] [--database PATH] --json

What a user sees, in a real terminal (a tmux pane of 140x40, bench/terminal.py), over a
database of N demo customers (or PATH), against a minimal Textual app measured the same way:

- launch to a usable Today (the default section with its agenda loaded: `today_ms`), against
  launch to the minimal app's first screen (`minimal_first_ms`): `today_ratio`;
- launch, then `2` pressed the moment the section bar first shows, to the customers list
  painted (`app_ms`; p50_ms, p99_ms and max_ms are of these), against launch, then `2` at the
  minimal app's first screen, to its second screen (`minimal_ms`): `ratio` (of the medians).

The goal for both ratios is under 1.5. Each start is a fresh process (`salesterm --lang en`
with an empty config file); the kinds alternate, R runs each, after one warm-up each (file cache,
compiled bytecode, which the warm-up writes even where PYTHONDONTWRITEBYTECODE is set, as an
installed app has it). `first_paint_ms` is launch to the section bar, `switch_ms` the section bar
to the painted list. The resident memory of each program at its last step is read from /proc.

The customers summary is brought up to date for today once before the runs, so every run
measures an ordinary start (the first start of a day refreshes it in the background after the
list is painted; `stats_were_stale` says whether this run had to). One more child then starts
headless and waits until everything has settled (every id of the list, the summary check, the
search index): its resident memory then and its high-water mark are the memory figures (goal:
under 200 MB at 100k). `schema_drift` lists what the database's schema lacks or has beyond what
today's migrations make (a cached database of an older schema is built again).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from salesterm.bench import summary
from salesterm.bench.terminal import SIZE


def add_arguments(parser) -> None:
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (default 7)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--database", metavar="PATH",
                        help="time this SQLite database instead of a generated one of N customers")


def _child(args: list[str]) -> tuple[float, list[float]]:
    env = dict(os.environ)
    env.pop("SALESTERM_DB", None)
    launched = time.time()
    proc = subprocess.run([sys.executable, "-m", "salesterm.bench.startup_child", *args],
                          capture_output=True, text=True, env=env, timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        from salesterm.domain.errors import UserError

        raise UserError("bench.startup.run_failed", detail=proc.stderr.strip().splitlines()[-1:])
    values = [float(x) for x in lines[-1].split()]
    return launched, values


def _terminal_runs(path: Path, today: str, runs: int) -> dict[str, list]:
    """The three kinds of start, alternating, in a tmux pane: samples (ms) and memory (MB)."""
    import tempfile

    from salesterm.bench import terminal
    from salesterm.bench.startup_child import MINIMAL_FIRST, MINIMAL_SECOND

    if not terminal.available():
        from salesterm.domain.errors import UserError

        raise UserError("bench.startup.needs_tmux")
    section_bar = ("2 Customers",)
    kinds = {
        "today": ([sys.executable, "-m", "salesterm", "--db", str(path), "--today", today, "--lang", "en"],
                  [terminal.Step("first_paint", section_bar),
                   terminal.Step("today", ("visits done",))]),
        "switch": ([sys.executable, "-m", "salesterm", "--db", str(path), "--today", today, "--lang", "en"],
                   [terminal.Step("first_paint", section_bar, key="2"),
                    terminal.Step("customers", ("Counting…", " customers  · "))]),
        "minimal": ([sys.executable, "-m", "salesterm.bench.startup_child", "minimal-tty"],
                    [terminal.Step("first_paint", (MINIMAL_FIRST,), key="2"),
                     terminal.Step("switch", (MINIMAL_SECOND,))]),
    }
    samples: dict[str, list] = {k: [] for k in ("today", "first_paint", "customers", "switch",
                                                "minimal_first", "minimal", "app_rss", "minimal_rss")}
    with tempfile.TemporaryDirectory() as tmp, terminal.Terminal() as term:
        config = Path(tmp) / "config.toml"
        config.write_text("")
        env = {"SALESTERM_CONFIG": str(config), "PYTHONDONTWRITEBYTECODE": ""}
        for command, steps in kinds.values():  # warm-up
            term.run(command, steps, env)
        for _ in range(max(1, runs)):
            run = term.run(*kinds["today"], env)
            samples["today"].append(run.ms["today"])
            run = term.run(*kinds["minimal"], env)
            samples["minimal_first"].append(run.ms["first_paint"])
            samples["minimal"].append(run.ms["switch"])
            samples["minimal_rss"].append(run.rss_mb)
            run = term.run(*kinds["switch"], env)
            samples["first_paint"].append(run.ms["first_paint"])
            samples["customers"].append(run.ms["customers"])
            samples["switch"].append(run.ms["customers"] - run.ms["first_paint"])
            samples["app_rss"].append(run.rss_mb)
    return samples


def _bring_stats_up_to_date(path: Path, today) -> tuple[bool, int]:
    """Refresh the customers summary for TODAY if it is stale; (whether it was, customers)."""
    from salesterm.store import stats
    from salesterm.store.db import close_database, open_database
    from salesterm.store.models import Customer

    database = open_database(str(path))
    try:
        with database.connection_context():
            return stats.ensure_fresh(today), Customer.select().where(Customer.deleted_at.is_null()).count()
    finally:
        close_database()


def schema_drift(path: Path) -> list[str]:
    """Tables and indexes a database made by today's migrations has and PATH lacks (or the
    other way round): a cached bench database built before a migration was changed times
    another schema (one without the list's name index paints its first page 50 ms later)."""
    import sqlite3
    import tempfile

    from salesterm.store.db import close_database, open_database

    def names(file: Path) -> set[str]:
        con = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            return {f"{kind} {name}" for kind, name in con.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'index') "
                "AND name NOT LIKE 'sqlite_%'")}
        finally:
            con.close()

    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "fresh.db"
        open_database(str(fresh))
        close_database()
        expected = names(fresh)
    found = names(path)
    return sorted([f"missing {n}" for n in expected - found] + [f"extra {n}" for n in found - expected])


def run(args, ctx) -> dict:
    if args.database:
        path = Path(args.database).expanduser()
        if not path.is_file():
            from salesterm.domain.errors import UserError

            raise UserError("bench.startup.no_database_path", path=path)
    else:
        from salesterm.bench import search_data

        path = search_data.database_for(args.customers, args.seed)
        if schema_drift(path):  # built by an older schema: build it again
            for stale in (path.with_suffix(".ok"), path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
            path = search_data.database_for(args.customers, args.seed)
    drift = schema_drift(path)
    today = ctx.today.isoformat()
    stale, customers = _bring_stats_up_to_date(path, ctx.today)
    measured = _terminal_runs(path, today, args.runs)
    _launched, (settle_s, settled_rss, peak_rss) = _child(["settled", str(path), today])

    def median(name: str) -> float:
        return round(statistics.median(measured[name]), 1)

    def listed(name: str) -> list[float]:
        return [round(x, 1) for x in measured[name]]

    return summary("startup", customers, measured["customers"],
                   minimal_p50_ms=median("minimal"), ratio=round(median("customers") / median("minimal"), 2),
                   today_p50_ms=median("today"), minimal_first_p50_ms=median("minimal_first"),
                   today_ratio=round(median("today") / median("minimal_first"), 2),
                   first_paint_p50_ms=median("first_paint"), switch_p50_ms=median("switch"),
                   terminal=f"tmux {SIZE[0]}x{SIZE[1]}", runs=len(measured["customers"]),
                   app_ms=listed("customers"), minimal_ms=listed("minimal"), today_ms=listed("today"),
                   minimal_first_ms=listed("minimal_first"), first_paint_ms=listed("first_paint"),
                   switch_ms=listed("switch"),
                   app_rss_mb_at_paint=median("app_rss"), minimal_rss_mb_at_paint=median("minimal_rss"),
                   settled_after_s=round(settle_s, 2), settled_rss_mb=round(settled_rss, 1),
                   peak_rss_mb=round(peak_rss, 1), stats_were_stale=stale,
                   load_average=[round(x, 2) for x in os.getloadavg()], schema_drift=drift,
                   database=str(path))
