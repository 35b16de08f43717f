#!/bin/sh
# Launch to a painted customer list at N customers vs a minimal Textual app (medians, ratio).
#   benchmarks/startup.sh [N] [--runs R]
set -e
N=${1:-100000}
[ $# -gt 0 ] && shift
exec salesterm bench startup --customers "$N" --json "$@"
