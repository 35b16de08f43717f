#!/bin/sh
# What a user sees at N customers, in a real terminal (tmux 140x40), vs a minimal Textual app
# measured the same way (medians of R runs, ratios; the goal is under 1.5 for both):
#   launch -> a usable Today (today_p50_ms, today_ratio)
#   launch -> `2` at the first paint -> the customers list painted (p50_ms, ratio)
#   benchmarks/startup.sh [N] [--runs R]      (needs tmux)
set -e
N=${1:-100000}
[ $# -gt 0 ] && shift
command -v tmux >/dev/null || { echo "startup.sh: needs tmux" >&2; exit 1; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec salesterm bench startup --customers "$N" --json "$@"
