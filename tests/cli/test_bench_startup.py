"""`salesterm bench startup --json` (subprocess): both kinds of start timed, memory reported."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.ui import seeded_db

needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="bench startup runs in tmux")


@needs_tmux
def test_bench_startup_json(run_cli, tmp_path):
    path = seeded_db(tmp_path, 300)
    proc = run_cli("bench", "startup", "--database", path, "--runs", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["name"] == "startup" and out["n"] == 300 and out["runs"] == 1
    assert out["p50_ms"] > 0 and out["minimal_p50_ms"] > 0
    assert abs(out["ratio"] - out["p50_ms"] / out["minimal_p50_ms"]) < 0.02  # of the medians
    assert len(out["app_ms"]) == len(out["minimal_ms"]) == 1
    # what a user sees in a real terminal: a usable Today, and `2` at first sight to the list
    assert out["terminal"] == "tmux 140x40"
    assert 0 < out["first_paint_p50_ms"] < out["p50_ms"] and out["switch_p50_ms"] > 0
    assert out["today_p50_ms"] > 0 and out["minimal_first_p50_ms"] > 0
    assert abs(out["today_ratio"] - out["today_p50_ms"] / out["minimal_first_p50_ms"]) < 0.02
    assert len(out["today_ms"]) == len(out["minimal_first_ms"]) == len(out["switch_ms"]) == 1
    assert 10 < out["app_rss_mb_at_paint"] <= out["peak_rss_mb"]
    assert out["settled_rss_mb"] > 0 and out["settled_after_s"] >= 0
    assert out["stats_were_stale"] in (True, False) and len(out["load_average"]) == 3


def test_bench_startup_missing_database(run_cli, tmp_path):
    proc = run_cli("bench", "startup", "--database", str(tmp_path / "none.db"), "--json")
    assert proc.returncode == 1 and "no database at" in proc.stderr


START = r"""
import sys
from datetime import date
from salesterm.app import SalesTermApp

app = SalesTermApp(db=sys.argv[1], today=date(2026, 11, 29), start="customers", lang="en")

def check():
    table = app.screen.query("LazyTable")
    if table and table.first().count and table.first().row_at(0) is not None:
        timer.stop()
        app.call_after_refresh(done)

def done():
    print(sorted(m for m in ("pypinyin", "psycopg", "rapidfuzz") if m in sys.modules))
    app.exit()

def start():
    global timer
    timer = app.set_interval(0.005, check)

timer = None
app.call_later(start)
app.run(headless=True, size=(120, 40))
"""


def test_start_up_imports_neither_pypinyin_nor_psycopg(tmp_path):
    import subprocess
    import sys

    path = seeded_db(tmp_path, 300)
    proc = subprocess.run([sys.executable, "-c", START, path], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"  # at the first paint of the customers list


def test_schema_drift_names_what_an_old_database_lacks(tmp_path):
    import sqlite3
    from pathlib import Path

    from salesterm.bench.startup import schema_drift

    path = Path(seeded_db(tmp_path, 300))
    assert schema_drift(path) == []
    con = sqlite3.connect(path)
    con.execute("DROP INDEX customer_sort_name")
    con.execute("CREATE INDEX customer_deleted ON customer(deleted_at)")
    con.commit()
    con.close()
    assert schema_drift(path) == ["extra index customer_deleted", "missing index customer_sort_name"]
