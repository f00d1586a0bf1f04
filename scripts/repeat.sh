#!/usr/bin/env bash
# Runs the showdown several times and prints every bar's ratio across the runs.
#
# Usage: scripts/repeat.sh [RUNS] [SHOWDOWN ARGS...]
#   RUNS defaults to 3; the showdown arguments default to `--full`.
#   e.g. scripts/repeat.sh 3 --full --only struct,slice
#
# Each run writes its report, results.json and charts to target/showdown/run-K (the last run's
# charts are the ones to publish); then a Markdown table gives, per workload, the headline
# ratio (arenakit against the fastest other arena peer) and every bar's ratio: the median of
# the runs' medians, their min-max, and in how many runs the bar passed. Run it on an
# otherwise idle machine: the showdown is the only timing run then.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
runs=${1:-3}
shift || true
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--full)

cargo build --release -q -p showdown
out="$root/target/showdown"
for k in $(seq 1 "$runs"); do
    echo "run $k of $runs: showdown ${args[*]} (started $(date -u +%H:%M:%S) UTC)" >&2
    "$root/target/release/showdown" "${args[@]}" --out "$out/run-$k" >/dev/null
done

python3 - "$out" "$runs" <<'EOF'
import json, statistics, sys

out, runs = sys.argv[1], int(sys.argv[2])
results = [json.load(open(f"{out}/run-{k}/results.json")) for k in range(1, runs + 1)]
machine = results[0]["machine"]
print(f"{runs} runs, {results[0]['settings']}, CPU: {machine.get('cpu', machine)}")
print()
print("| workload | what | median of the runs | min-max | passed |")
print("|---|---|---:|---|---:|")


def row(workload, what, ratios, passed=None):
    ratios = [r for r in ratios if r is not None]
    if not ratios:
        return
    med = statistics.median(ratios)
    spread = f"{min(ratios):.2f}-{max(ratios):.2f}x"
    verdict = "-" if passed is None else f"{sum(passed)}/{len(passed)}"
    print(f"| `{workload}` | {what} | {med:.2f}x | {spread} | {verdict} |")


names = [w["name"] for w in results[0]["workloads"]]
for name in names:
    runs_of = [next(w for w in r["workloads"] if w["name"] == name) for r in results]
    head = runs_of[0].get("headline") or {}
    if head.get("best_arena_peer"):
        row(
            name,
            f"{head['peer']} / fastest other arena peer ({head['best_arena_peer']})",
            [(w.get("headline") or {}).get("vs_best_arena") for w in runs_of],
        )
    for i, bar in enumerate(runs_of[0].get("bars") or []):
        bars = [w["bars"][i] for w in runs_of]
        row(name, f"bar: {bar['text']} (<= {bar['max_ratio']}x)",
            [b.get("ratio") for b in bars], [bool(b.get("passed")) for b in bars])
EOF
