"""salesterm bench {search|startup|import|queue|sync|products} [--customers N] [--json]

Each benchmark lives in salesterm/bench/<module>.py with `add_arguments(parser)` and
`run(args, ctx) -> dict` (the bench shape of docs/architecture.md#json-shapes: name, n, p50_ms,
p99_ms, max_ms, ...).
"""
from __future__ import annotations

import importlib

from salesterm.cmds.context import print_json
from salesterm.cmds.options import LARGEST, whole_number

# bench name -> module in salesterm.bench (search, startup, import -> importing, queue)
BENCHMARKS: dict[str, str] = {
    "queue": "queue",
    "search": "search",
    "startup": "startup",
    "import": "importing",
    "sync": "sync",
    "products": "products",
}


def add_parser(sub) -> None:
    p = sub.add_parser("bench", help="performance benchmarks (figures as medians and percentiles)")
    which = p.add_subparsers(dest="bench", metavar="BENCH", required=True)
    for name, module in BENCHMARKS.items():
        q = which.add_parser(name)
        q.add_argument("--customers", type=whole_number(1, LARGEST), default=100_000, metavar="N")
        q.add_argument("--json", action="store_true")
        q.set_defaults(run=run, bench_module=module)
        _module(module).add_arguments(q)


def _module(name: str):
    return importlib.import_module(f"salesterm.bench.{name}")


def run(args, ctx) -> int:
    result = _module(args.bench_module).run(args, ctx)
    if args.json:
        print_json(result)
    else:
        for key, value in result.items():
            print(f"{key}: {value}")
    return 0
