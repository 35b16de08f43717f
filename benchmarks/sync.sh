#!/bin/sh
# Push and pull of 10,000 changed fields (2,000 customers x 5 fields) through a team server:
#   benchmarks/sync.sh postgresql://postgres@127.0.0.1:55432/postgres
# creates an empty database salesterm_bench_sync_<pid> on that server, runs
# `salesterm bench sync --json` against it, and drops it.
set -eu
base="${1:?give a PostgreSQL URL whose user may create databases}"
name="salesterm_bench_sync_$$"
psql "$base" -qc "CREATE DATABASE $name"
trap 'psql "$base" -qc "DROP DATABASE IF EXISTS $name"' EXIT
salesterm bench sync --server "${base%/*}/$name" --json
