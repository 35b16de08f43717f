#!/bin/sh
# Push and pull of 10,000 changed fields (2,000 customers x 5 fields) through a team server:
#   benchmarks/sync.sh postgresql://postgres@127.0.0.1:55432/postgres [--login owner] [--share N]
# creates an empty database salesterm_bench_sync_<pid> on that server, runs
# `salesterm bench sync --json` against it, and drops it. The bench makes it a team server and
# syncs as a rep's login under row-level security (a login role it creates and drops; the URL's
# user must be allowed to create roles); add `--login owner` to sync as the database's owner.
set -eu
base="${1:?give a PostgreSQL URL whose user may create databases}"
shift  # the rest goes to the bench (--login owner, --share N ...)
name="salesterm_bench_sync_$$"
psql "$base" -qc "CREATE DATABASE $name"
trap 'psql "$base" -qc "DROP DATABASE IF EXISTS $name"' EXIT
salesterm bench sync --server "${base%/*}/$name" --json "$@"
