"""salesterm bench startup [--customers N] [--runs R] --json

Launch to a painted customer list (SalesTermApp on the customers section, over a database of
N demo customers) versus a minimal Textual app measured the same way: each start is a fresh
subprocess, timed from just before it is launched to the moment its screen is painted (the
child reports it; see startup_child.py). The two kinds alternate, R runs each; the figures
are the medians and their ratio (goal: under 2).
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from salesterm.bench import summary


def add_arguments(parser) -> None:
    parser.add_argument("--runs", type=int, default=7, help="starts of each kind (default 7)")
    parser.add_argument("--seed", type=int, default=7)


def _start(args: list[str]) -> float:
    env = dict(os.environ)
    env.pop("SALESTERM_DB", None)
    launched = time.time()
    proc = subprocess.run([sys.executable, "-m", "salesterm.bench.startup_child", *args],
                          capture_output=True, text=True, env=env, timeout=300)
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        from salesterm.domain.errors import UserError

        raise UserError(f"the start-up run failed: {proc.stderr.strip().splitlines()[-1:]}")
    return (float(lines[-1]) - launched) * 1000


def run(args, ctx) -> dict:
    from salesterm.bench import search_data

    path = search_data.database_for(args.customers, args.seed)
    today = ctx.today.isoformat()
    _start(["customers", str(path), today])  # warm the file cache and compiled bytecode once
    _start(["minimal"])
    app_ms, minimal_ms = [], []
    for _ in range(max(1, args.runs)):
        app_ms.append(_start(["customers", str(path), today]))
        minimal_ms.append(_start(["minimal"]))
    app_median = statistics.median(app_ms)
    minimal_median = statistics.median(minimal_ms)
    return summary("startup", args.customers, app_ms,
                   minimal_p50_ms=round(minimal_median, 1), ratio=round(app_median / minimal_median, 2),
                   runs=len(app_ms), app_ms=[round(x, 1) for x in app_ms],
                   minimal_ms=[round(x, 1) for x in minimal_ms], database=str(path))
