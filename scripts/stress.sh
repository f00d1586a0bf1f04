#!/usr/bin/env bash
# The log server under `hey`: heap, heap+mimalloc and arena modes, side by side.
#
# Usage: scripts/stress.sh [--quick | --seed] [--requests N] [--live N] [--repeats N]
#                          [--concurrency N] [--port N] [--settle SECONDS]
#
#   --quick   100,000 requests, 500,000 live objects, 2 repeats (the default; a few minutes)
#   --seed    1,000,000 requests, 5,000,000 live objects, 2 repeats (the seed's measurement)
#   --settle  seconds of rest between two servers (default 10; see the loop below)
#
# Installs `hey` from Debian's packages if missing, builds the server in release (with and
# without the `mimalloc` feature), then for each repeat runs the modes in turn (heap,
# heap-mimalloc, arena; the order rotates by one every repeat): starts the server on loopback
# with the live objects (pinned to CPU 1 and `hey` to CPU 0 when there are two CPUs or more),
# waits until it answers, warms it up, runs `hey -n N -c 100 -m POST -T application/json -D batch.json`, checks that
# every answer was a 200 and that a sample of summaries equals the one computed here from
# batch.json, reads the server's CPU time (utime + stime in /proc/<pid>/stat) around the run
# and its RSS after it, and stops it. Prints one Markdown table of the medians over the
# repeats, with ratios against heap mode, and writes it to target/stress/report.md (raw hey
# outputs, server logs and /metrics snapshots are kept beside it). Exits non-zero if a run
# had a non-200 answer or a wrong summary.
set -euo pipefail

requests=100000
live=500000
repeats=2
settle=10
concurrency=100
port=18089

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) requests=100000 live=500000 repeats=2 ;;
        --seed) requests=1000000 live=5000000 repeats=2 ;;
        --requests) requests="$2"; shift ;;
        --live) live="$2"; shift ;;
        --repeats) repeats="$2"; shift ;;
        --settle) settle="$2"; shift ;;
        --concurrency) concurrency="$2"; shift ;;
        --port) port="$2"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "stress.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
for n in "$requests" "$live" "$repeats" "$concurrency" "$port" "$settle"; do
    case "$n" in ''|*[!0-9]*) echo "stress.sh: not a number: $n" >&2; exit 2 ;; esac
done
[ "$repeats" -ge 1 ] && [ "$requests" -ge "$concurrency" ] || {
    echo "stress.sh: need --repeats >= 1 and --requests >= --concurrency" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
me=stress.sh
# shellcheck source=scripts/lib/logserver.sh
. "$root/scripts/lib/logserver.sh"
batch="$root/crates/logserver/data/batch.json"
out="$root/target/stress"
mkdir -p "$out"
# This run's files only.
rm -f "$out"/hey-*.txt "$out"/server-*.log "$out"/metrics-*.json
url="http://127.0.0.1:$port"

# --- tools -------------------------------------------------------------------------------
need_tools

# --- build -------------------------------------------------------------------------------
echo "stress.sh: building the server (release, system allocator and mimalloc)" >&2
cargo_target=$(cargo_target_dir)
(cd "$root" && cargo build --release --quiet -p logserver --bin logserver)
cp "$cargo_target/release/logserver" "$out/logserver-system"
(cd "$root" && cargo build --release --quiet -p logserver --bin logserver --features mimalloc)
cp "$cargo_target/release/logserver" "$out/logserver-mimalloc"

# --- pinning -----------------------------------------------------------------------------
setup_pinning "hey"

# The summary the server must answer, computed here from batch.json on its own.
expected=$(expected_summary "$batch")

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

if curl -s -o /dev/null --max-time 1 "$url/metrics"; then
    echo "stress.sh: something already listens on port $port (use --port)" >&2
    exit 1
fi

server_pid=""
stop_server() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 1 300); do
            kill -0 "$server_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    server_pid=""
}
trap stop_server EXIT

results="$out/results.tsv"
printf 'label\trepeat\they_file\tcpu_ticks\trss_warm_kib\trss_after_kib\tsamples_ok\n' >"$results"
failed=0
warmup=$(( requests / 20 ))
[ "$warmup" -ge 2000 ] || warmup=2000

run() { # label binary mode repeat
    local label=$1 bin=$2 mode=$3 r=$4
    local log="$out/server-$label-$r.log" hey_out="$out/hey-$label-$r.txt"
    "${server_pin[@]}" "$bin" --mode "$mode" --port "$port" --live-objects "$live" 2>"$log" &
    server_pid=$!
    local ready=0
    for _ in $(seq 1 1200); do
        if curl -s -o /dev/null --max-time 1 "$url/metrics"; then ready=1; break; fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ "$ready" -ne 1 ]; then
        echo "stress.sh: $label did not start; its log:" >&2
        cat "$log" >&2
        exit 1
    fi
    "${client_pin[@]}" hey -n "$warmup" -c "$concurrency" -m POST -T application/json \
        -D "$batch" "$url/ingest" >/dev/null
    local rss_warm cpu0 cpu1 rss_after
    rss_warm=$(rss_kib "$server_pid")
    cpu0=$(cpu_ticks "$server_pid")
    "${client_pin[@]}" hey -n "$requests" -c "$concurrency" -m POST -T application/json \
        -D "$batch" "$url/ingest" >"$hey_out"
    cpu1=$(cpu_ticks "$server_pid")
    rss_after=$(rss_kib "$server_pid")
    local samples_ok=1 i answer
    for i in 1 2 3 4 5; do
        answer=$(curl -s --max-time 5 -H 'Content-Type: application/json' \
            --data-binary @"$batch" "$url/ingest" || true)
        if [ "$answer" != "$expected" ]; then
            samples_ok=0
            echo "stress.sh: $label: wrong summary: $answer" >&2
        fi
    done
    curl -s --max-time 5 "$url/metrics" >"$out/metrics-$label-$r.json" || true
    stop_server
    sleep "$settle"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$r" "$hey_out" "$((cpu1 - cpu0))" \
        "$rss_warm" "$rss_after" "$samples_ok" >>"$results"
    echo "stress.sh: $label (repeat $r) done" >&2
}

echo "stress.sh: $requests requests x $repeats repeats, $live live objects, -c $concurrency," \
    "pinning: $pinning" >&2
# The order rotates every repeat (heap, heap-mimalloc, arena; then heap-mimalloc, arena, heap;
# ...), and every server starts `settle` seconds after the last one stopped: a server started
# right after the mimalloc one had its maximum latency raised to 24-120 ms (measured for both
# heap and arena mode: 34-40 ms against 11-17 ms), and 10 seconds of rest removed that.
modes=("heap $out/logserver-system heap" "heap-mimalloc $out/logserver-mimalloc heap"
    "arena $out/logserver-system arena")
for r in $(seq 1 "$repeats"); do
    for k in 0 1 2; do
        # shellcheck disable=SC2086 # each entry is "label binary mode"
        run ${modes[$(( (k + r - 1) % 3 ))]} "$r"
    done
done

python3 - "$results" "$out/report.md" "$requests" "$live" "$repeats" "$concurrency" \
    "$clk_tck" "$pinning" "$cpus" <<'EOF' || failed=1
import csv, re, statistics, sys

results, report, requests, live, repeats, conc, clk_tck, pinning, cpus = sys.argv[1:]
requests, clk_tck = int(requests), int(clk_tck)

def hey(path):
    text = open(path, encoding="utf-8").read()
    def secs(pattern):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else float("nan")
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", text)}
    return {
        "rps": secs(r"Requests/sec:\s+([\d.]+)"),
        "p50": secs(r"50% in ([\d.]+) secs") * 1e3,
        "p99": secs(r"99% in ([\d.]+) secs") * 1e3,
        "max": secs(r"Slowest:\s+([\d.]+) secs") * 1e3,
        "ok": codes.get(200, 0),
    }

runs = {}
bad = []
for row in csv.DictReader(open(results, encoding="utf-8"), delimiter="\t"):
    h = hey(row["hey_file"])
    h["errors"] = requests - h["ok"]
    h["rss"] = int(row["rss_after_kib"]) / 1024
    h["rss_growth"] = (int(row["rss_after_kib"]) - int(row["rss_warm_kib"])) / 1024
    h["cpu_us"] = int(row["cpu_ticks"]) / clk_tck * 1e6 / requests
    if h["errors"] or row["samples_ok"] != "1":
        bad.append(f'{row["label"]} repeat {row["repeat"]}: {h["errors"]} non-200 answers, '
                   f'samples {"ok" if row["samples_ok"] == "1" else "WRONG"}')
    runs.setdefault(row["label"], []).append(h)

med = {label: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for label, rs in runs.items()}
base = med["heap"]
lines = [
    f"Log server under `hey -n {requests} -c {conc}`, {live} live objects, "
    f"medians of {repeats} repeats; {cpus} CPUs, pinning: {pinning}.",
    "",
    "| mode | RPS | p50 ms | p99 ms | max ms | errors | RSS after MiB | RSS growth MiB "
    "| server CPU us/req | RPS vs heap | CPU/req vs heap | p99 vs heap | max vs heap |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]
for label in ["heap", "heap-mimalloc", "arena"]:
    m = med[label]
    lines.append(
        f'| {label} | {m["rps"]:,.0f} | {m["p50"]:.2f} | {m["p99"]:.2f} | {m["max"]:.1f} '
        f'| {m["errors"]:.0f} | {m["rss"]:.1f} | {m["rss_growth"]:+.1f} | {m["cpu_us"]:.1f} '
        f'| {m["rps"] / base["rps"]:.2f}x | {m["cpu_us"] / base["cpu_us"]:.2f}x '
        f'| {m["p99"] / base["p99"]:.2f}x | {m["max"] / base["max"]:.2f}x |'
    )
if bad:
    lines += ["", "FAILED checks:"] + [f"- {b}" for b in bad]
table = "\n".join(lines) + "\n"
open(report, "w", encoding="utf-8").write(table)
print(table, end="")
sys.exit(1 if bad else 0)
EOF
echo "stress.sh: report written to $out/report.md" >&2
exit "$failed"
