#!/bin/sh
# Search per keystroke at N customers (default 100,000): p50/p99/max, typed and backspace.
# The demo database is built once and cached (~/.cache/salesterm/bench/search-N-SEED.db).
#   benchmarks/search.sh [N] [extra args, e.g. --queries benchmarks/queries.txt]
# The customers list's / filter while the index is built: benchmarks/filter_while_indexing.py
set -e
N=${1:-100000}
[ $# -gt 0 ] && shift
exec salesterm bench search --customers "$N" --json "$@"
