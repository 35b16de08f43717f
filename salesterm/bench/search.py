"""salesterm bench search [--customers N] [--queries FILE] --json

Builds (or reuses, from a cache folder keyed by N and seed) a database of N demo customers,
builds the search index from the database (index_build_s, saving its snapshot included), loads
it back from the snapshot as the next start does (index_load_s), times a one-shot
`salesterm search QUERY --json` process on the saved index (oneshot_ms, median of a few), then
replays each query typed one character at a time and, in a second pass, erased one character
at a time (backspace), timing every keystroke's search on the loaded index.

Each query's typed pass starts from a cold cache (no remembered results, no compiled
patterns), so it measures the real work of a new query; the backspace pass finds the states
the typed pass left behind, as the jump box does.

`fallback` times the typed keystrokes that reached the fuzzy fallback (store/search/fuzzy.py:
a query of 4 characters or more that nothing else found), whole search included, and
`fallback_fuzzy` the fallback's own part of them (rapidfuzz and its candidates).
"""
from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from salesterm.bench import summary

KINDS = ("chinese", "pinyin", "initials", "phone", "contact", "code", "gapped", "typo")


def add_arguments(parser) -> None:
    parser.add_argument("--queries", metavar="FILE", help="one query per line (default: a generated mix)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--count", type=int, default=120, help="generated queries (default 120)")
    parser.add_argument("--limit", type=int, default=20, help="hits asked for per keystroke")
    parser.add_argument("--oneshot", type=int, default=5, help="one-shot search processes timed (0: none)")


def rss_mb() -> float:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(args, ctx) -> dict:
    from salesterm.bench import search_data
    from salesterm.store import search
    from salesterm.store.db import open_database
    from salesterm.store.search import fuzzy as search_fuzzy
    from salesterm.store.search import snapshot as search_snapshot

    n = args.customers
    started = time.perf_counter()
    path = search_data.database_for(n, args.seed)
    prepare_s = time.perf_counter() - started
    db = open_database(str(path))
    try:
        search.forget()
        search_snapshot.discard()
        started = time.perf_counter()
        count = search.warm()  # from the database, and saved
        build_s = time.perf_counter() - started
        rss_built = rss_mb()
        search.forget()
        started = time.perf_counter()
        search.warm()  # from the snapshot, as the next start does
        load_s = time.perf_counter() - started
        rss_index = rss_mb()
        snapshot = search_snapshot.path_for(search_snapshot.identity())
        snapshot_mb = round(snapshot.stat().st_size / 2**20, 1) if snapshot.exists() else None
        oneshot = _oneshot(path, args.oneshot)
        if args.queries:
            queries = [("file", q.strip()) for q in Path(args.queries).read_text(encoding="utf-8").splitlines()
                       if q.strip()]
        else:
            queries = generate_queries(args.seed, args.count)
        typed: list[float] = []
        erased: list[float] = []
        by_kind: dict[str, list[float]] = {}
        fuzzy_spent: list[float] = []  # this keystroke's time in the fallback (its corpora)
        fallback: list[float] = []
        fallback_own: list[float] = []
        real_fuzzy = search_fuzzy.run

        def timed_fuzzy(*a, **kw):
            t = time.perf_counter()
            try:
                return real_fuzzy(*a, **kw)
            finally:
                fuzzy_spent.append((time.perf_counter() - t) * 1000)

        search_fuzzy.run = timed_fuzzy
        found = fuzzy_found = 0
        try:
            for kind, query in queries:
                search.clear_caches()
                for i in range(1, len(query) + 1):
                    fuzzy_spent.clear()
                    t = time.perf_counter()
                    hits = search.search(query[:i], limit=args.limit)
                    ms = (time.perf_counter() - t) * 1000
                    typed.append(ms)
                    by_kind.setdefault(kind, []).append(ms)
                    if fuzzy_spent:
                        fallback.append(ms)
                        fallback_own.append(sum(fuzzy_spent))
                found += bool(hits)
                fuzzy_found += bool(hits) and hits[0].matched == "fuzzy"
                for i in range(len(query) - 1, 0, -1):
                    t = time.perf_counter()
                    search.search(query[:i], limit=args.limit)
                    erased.append((time.perf_counter() - t) * 1000)
        finally:
            search_fuzzy.run = real_fuzzy
    finally:
        db.close()
    kinds = {k: summary(k, len(v), v) for k, v in by_kind.items()}
    for value in kinds.values():
        value.pop("name")
    return summary(
        "search", count, typed + erased,
        queries=len(queries), queries_with_hits=found, queries_found_fuzzy=fuzzy_found,
        fallback=_short(summary("fallback", count, fallback)),
        fallback_fuzzy=_short(summary("fallback_fuzzy", count, fallback_own)),
        typed=_short(summary("typed", count, typed)), backspace=_short(summary("backspace", count, erased)),
        by_kind=kinds, index_build_s=round(build_s, 2), index_load_s=round(load_s, 3),
        snapshot_mb=snapshot_mb, oneshot_ms=oneshot, prepare_s=round(prepare_s, 2),
        rss_mb=rss_index, rss_after_build_mb=rss_built, database=str(path),
    )


def _oneshot(path, runs: int) -> float | None:
    """Median wall time of `salesterm --db PATH search QUERY --json` as a fresh process."""
    if runs <= 0:
        return None
    times = []
    for query in ("bjhd", "重庆", "zhongqing")[:runs] * runs:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "salesterm", "--db", str(path), "search", query, "--json"],
                       capture_output=True, check=True, timeout=120)
        times.append((time.perf_counter() - started) * 1000)
        if len(times) >= runs:
            break
    return round(statistics.median(times), 1)


def _short(result: dict) -> dict:
    return {k: v for k, v in result.items() if k not in ("name", "n")}


def generate_queries(seed: int, count: int) -> list[tuple[str, str]]:
    """A mix of what reps type, drawn from the customers in the database."""
    from salesterm.domain import textkeys
    from salesterm.store.models import Contact, Customer

    rng = random.Random(seed)
    rows = list(Customer.live(Customer.name, Customer.code, Customer.phone_digits)
                .order_by(Customer.id).limit(5000).tuples())
    people = [r[0] for r in Contact.live(Contact.name).order_by(Contact.id).limit(2000).tuples()]
    rng.shuffle(rows)
    out: list[tuple[str, str]] = []
    i = 0
    while len(out) < count and rows:
        name, code, digits = rows[i % len(rows)]
        i += 1
        kind = KINDS[len(out) % len(KINDS)]
        key = textkeys.normalise_name(name)
        chars = [c for c in key if not c.isascii()]
        if len(chars) < 4:
            continue
        if kind == "chinese":
            start = rng.randrange(0, len(chars) - 1)
            query = "".join(chars[start:start + 2])
        elif kind == "pinyin":
            query = "".join(textkeys.readings(c)[0] for c in chars[:rng.choice((2, 3, 4))])
        elif kind == "initials":
            query = "".join(textkeys.readings(c)[0][0] for c in chars[:rng.choice((3, 4, 5))])
        elif kind == "phone":
            if len(digits or "") < 7:
                continue
            start = rng.randrange(0, len(digits) - 5)
            query = digits[start:start + rng.choice((4, 5, 6))]
        elif kind == "contact":
            if not people:
                continue
            person = rng.choice(people)
            query = person if rng.random() < 0.5 else "".join(textkeys.readings(c)[0] for c in person)
        elif kind == "code":
            query = (code or "").lower()
            if not query:
                continue
        elif kind == "gapped":
            picks = sorted(rng.sample(range(len(chars)), 4))
            query = "".join(chars[p] for p in picks)
        else:  # typo: one character of the name or its spelling wrong
            if rng.random() < 0.5:
                part = chars[:4]
                part[rng.randrange(1, 4)] = "的"
                query = "".join(part)
            else:
                spelled = "".join(textkeys.readings(c)[0] for c in chars[:3])
                pos = rng.randrange(2, len(spelled))
                query = spelled[:pos] + "aeiou"[rng.randrange(5)] + spelled[pos + 1:]
        out.append((kind, query))
    return out
