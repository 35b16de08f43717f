#!/usr/bin/env python3
"""The customers list's `/` filter while the search index is still being built (issue 11).

    .venv/bin/python benchmarks/filter_while_indexing.py [--customers 100000] [--trials 3]

Right after an import the saved index is stale, so the app builds a new one in a background
thread (seconds at 100k) while the rep may already type in the `/` box. This replays that: on
the cached demo database of `salesterm bench search` (built on first use), each trial drops
the index and its saved snapshot, starts the build in a thread as the app does, and at once
types each query one character at a time, timing what the list's first page needs for each
keystroke (store.customers.listing.first_rows: the best matches, and their rows).
Keystrokes answered before the index was ready are reported apart from those after it; once
the build is done, the queries are typed once more (cold caches), on the index.

Prints one JSON object: medians, p90 and max of the keystrokes answered while the index was
being built (`while_building`: SQL answers, store/search/sql_fallback.py), and of those after
(`after_ready`), the build time, the first hit of each query while building, and the load
average.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = ("gxcy", "hazq", "广州", "13800", "zhangwei", "dongguan", "scsm", "鑫源", "c0001")


def _stats(values: list[float]) -> dict:
    if not values:
        return {"samples": 0, "p50_ms": None, "p90_ms": None, "max_ms": None}
    ordered = sorted(values)
    return {"samples": len(values), "p50_ms": round(statistics.median(ordered), 1),
            "p90_ms": round(ordered[int(0.9 * (len(ordered) - 1))], 1), "max_ms": round(ordered[-1], 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--trials", type=int, default=3)
    args = parser.parse_args()
    os.environ["SALESTERM_CACHE_DIR"] = tempfile.mkdtemp(prefix="salesterm-filter-bench-")

    from salesterm.bench import search_data
    from salesterm.domain import list_filters
    from salesterm.store import search
    from salesterm.store.customers import listing
    from salesterm.store.db import open_database
    from salesterm.store.search import snapshot

    path = search_data.database_for(args.customers, args.seed)
    database = open_database(str(path))
    building: list[float] = []
    ready: list[float] = []
    builds: list[float] = []
    first_hits: list[str] = []
    for _trial in range(args.trials):
        search.forget()
        snapshot.discard()
        done = threading.Event()
        started = time.perf_counter()

        def build(started=started, done=done) -> None:
            with database.connection_context():
                search.warm()
            builds.append(time.perf_counter() - started)
            done.set()

        threading.Thread(target=build, name="search-index", daemon=True).start()
        time.sleep(0.05)  # the build is under way (reading customers) when the rep types
        for rerun in (False, True):  # typed while building, then again once the index is ready
            if rerun:
                done.wait(300)
                search.clear_caches()
            with database.connection_context():
                for query in QUERIES:
                    for i in range(1, len(query) + 1):
                        was_ready = search.ready()
                        t = time.perf_counter()
                        rows = listing.first_rows(listing.ListQuery(filters=list_filters.parse(query[:i])), 100)
                        ms = (time.perf_counter() - t) * 1000
                        (ready if was_ready else building).append(ms)
                        if i == len(query) and not was_ready:
                            first_hits.append(f"{query}: {rows[0].name if rows else '-'}")
    database.close()
    print(json.dumps({
        "name": "filter_while_indexing", "n": args.customers, "trials": args.trials,
        "while_building": _stats(building), "after_ready": _stats(ready),
        "index_build_s": round(statistics.median(builds), 2) if builds else None,
        "first_hit_while_building": first_hits[:len(QUERIES)],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
