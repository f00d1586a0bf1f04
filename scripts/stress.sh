#!/usr/bin/env bash
# The log server under load: heap, heap+mimalloc, arena and arena-axum modes, side by side,
# under the seed's `hey` and under `wrk`, which saturates the server.
#
# Usage: scripts/stress.sh [--quick | --seed | --smoke] [--requests N] [--live N]
#                          [--repeats N] [--seconds N] [--concurrency N] [--port N]
#                          [--settle SECONDS]
#
#   --quick    100,000 hey requests, 20 s of wrk, 500,000 live objects, 3 repeats (the default)
#   --seed     1,000,000 hey requests, 60 s of wrk, 5,000,000 live objects, 3 repeats (the
#              seed's size)
#   --smoke    2,000 hey requests, 2 s of wrk, 10,000 live objects, 1 repeat, 1 s of rest: only
#              checks that the script works end to end (its numbers mean nothing)
#   --seconds  how long each wrk run lasts
#   --settle   seconds of rest between two servers (default 10; see the loop below)
#
# Installs `hey` and `wrk` from Debian's packages if missing, builds the server in release
# (with and without the `mimalloc` feature), then for each repeat runs the modes in turn (heap,
# heap-mimalloc, arena, arena-axum; the order rotates by one every repeat): starts the server
# on loopback with the live objects (pinned to CPU 1 with one tokio worker thread, and the load
# generators to CPU 0, when there are two CPUs or more), waits until it answers, warms it up,
# runs `hey -n N -c 100 -m POST -T application/json -D batch.json`, then
# `wrk -t 1 -c 100 -d S --latency` with a Lua script POSTing batch.json; checks that every
# answer was a 200 and that a sample of summaries equals the one computed here from batch.json;
# and around each load reads the server's CPU time, page faults and context switches
# (/proc/<pid>/stat and status), the server CPU's busy time (/proc/stat) and /metrics (requests
# served, arena pool, churn). Prints one Markdown table per load generator (medians and
# min-max over the repeats, ratios against heap and heap+mimalloc, the bars the arena modes are
# held to) and a table of per-run diagnostics, and writes them to target/stress/report.md (raw
# outputs, server logs and /metrics snapshots are kept beside it). Exits non-zero if a run had
# a non-200 answer, a socket error or a wrong summary.
set -euo pipefail

requests=100000
live=500000
repeats=3
seconds=20
settle=10
concurrency=100
port=18089

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) requests=100000 live=500000 repeats=3 seconds=20 ;;
        --seed) requests=1000000 live=5000000 repeats=3 seconds=60 ;;
        --smoke) requests=2000 live=10000 repeats=1 seconds=2 settle=1 ;;
        --requests) requests="$2"; shift ;;
        --live) live="$2"; shift ;;
        --repeats) repeats="$2"; shift ;;
        --seconds) seconds="$2"; shift ;;
        --settle) settle="$2"; shift ;;
        --concurrency) concurrency="$2"; shift ;;
        --port) port="$2"; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "stress.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
for n in "$requests" "$live" "$repeats" "$seconds" "$concurrency" "$port" "$settle"; do
    case "$n" in ''|*[!0-9]*) echo "stress.sh: not a number: $n" >&2; exit 2 ;; esac
done
if [ "$repeats" -lt 1 ] || [ "$seconds" -lt 1 ] || [ "$requests" -lt "$concurrency" ]; then
    echo "stress.sh: need --repeats >= 1, --seconds >= 1 and --requests >= --concurrency" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
me=stress.sh
# shellcheck source=scripts/lib/logserver.sh
. "$root/scripts/lib/logserver.sh"
batch="$root/crates/logserver/data/batch.json"
out="$root/target/stress"
mkdir -p "$out"
# This run's files only.
rm -f "$out"/hey-*.txt "$out"/wrk-*.txt "$out"/server-*.log "$out"/metrics-*.json
url="http://127.0.0.1:$port"

# --- tools -------------------------------------------------------------------------------
need_tools
need_debian_tool wrk

# wrk's request and its result line: wrk.body is read from batch.json when the script loads;
# done() prints the totals and the latency percentiles (microseconds) on one line.
post_lua="$out/post.lua"
cat >"$post_lua" <<EOF
local f = assert(io.open([==[$batch]==], "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "wrk-result requests=%.0f duration_us=%.0f status=%.0f connect=%.0f read=%.0f "
            .. "write=%.0f timeout=%.0f p50_us=%.0f p99_us=%.0f max_us=%.0f\n",
        summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
        latency:percentile(50), latency:percentile(99), latency.max))
end
EOF

# --- build -------------------------------------------------------------------------------
echo "stress.sh: building the server (release, system allocator and mimalloc)" >&2
cargo_target=$(cargo_target_dir)
(cd "$root" && cargo build --release --quiet -p logserver --bin logserver)
cp "$cargo_target/release/logserver" "$out/logserver-system"
(cd "$root" && cargo build --release --quiet -p logserver --bin logserver --features mimalloc)
cp "$cargo_target/release/logserver" "$out/logserver-mimalloc"

# --- pinning -----------------------------------------------------------------------------
setup_pinning "hey and wrk"

# The summary the server must answer, computed here from batch.json on its own.
expected=$(expected_summary "$batch")

rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }

# One tab-separated row of the server's counters: CPU ticks (utime + stime), minor and major
# page faults, voluntary and involuntary context switches, then the server CPU's (or all CPUs')
# /proc/stat ticks: user+nice+system, irq+softirq, steal, total.
proc_counters() {
    local pid=$1 line
    line=$(sed 's/^.*) //' "/proc/$pid/stat") # fields from the 3rd on (after the name)
    # shellcheck disable=SC2086 # split the fields
    set -- $line
    printf '%s\t%s\t%s' "$(( ${12} + ${13} ))" "$8" "${10}"
    awk '/^voluntary_ctxt_switches/ { v = $2 } /^nonvoluntary_ctxt_switches/ { n = $2 }
         END { printf "\t%s\t%s", v, n }' "/proc/$pid/status"
    awk -v cpu="cpu$server_cpu" '$1 == cpu {
        total = 0; for (i = 2; i <= 9; i++) total += $i
        printf "\t%s\t%s\t%s\t%s\n", $2 + $3 + $4, $7 + $8, $9, total }' /proc/stat
}

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
printf 'label\trepeat\tload\twhen\ttime\tload1\trss_kib\tmetrics\tcpu_ticks\tminflt\tmajflt' >"$results"
printf '\tvcsw\tnvcsw\tcpu_busy\tcpu_irq\tcpu_steal\tcpu_total\toutput\n' >>"$results"
samples="$out/samples.tsv"
printf 'label\trepeat\tsamples_ok\n' >"$samples"
warmup=$(( requests / 20 ))
[ "$warmup" -ge 2000 ] || warmup=2000

snapshot() { # label repeat load when output
    local metrics="$out/metrics-$1-$2-$3-$4.json"
    curl -s --max-time 5 "$url/metrics" >"$metrics" || true
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t' "$1" "$2" "$3" "$4" "$(date +%s.%N)" \
        "$(cut -d' ' -f1 /proc/loadavg)" "$(rss_kib "$server_pid")" "$metrics" >>"$results"
    printf '%s\t%s\n' "$(proc_counters "$server_pid")" "$5" >>"$results"
}

run() { # label binary mode repeat
    local label=$1 bin=$2 mode=$3 r=$4
    local log="$out/server-$label-$r.log" hey_out="$out/hey-$label-$r.txt"
    local wrk_out="$out/wrk-$label-$r.txt"
    "${server_pin[@]}" "$bin" --mode "$mode" --port "$port" --threads "$server_threads" \
        --live-objects "$live" 2>"$log" &
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
    snapshot "$label" "$r" hey before "$hey_out"
    "${client_pin[@]}" hey -n "$requests" -c "$concurrency" -m POST -T application/json \
        -D "$batch" "$url/ingest" >"$hey_out"
    snapshot "$label" "$r" hey after "$hey_out"
    snapshot "$label" "$r" wrk before "$wrk_out"
    "${client_pin[@]}" wrk -t 1 -c "$concurrency" -d "${seconds}s" --latency -s "$post_lua" \
        "$url/ingest" >"$wrk_out"
    snapshot "$label" "$r" wrk after "$wrk_out"
    local samples_ok=1 answer
    for _ in 1 2 3 4 5; do
        answer=$(curl -s --max-time 5 -H 'Content-Type: application/json' \
            --data-binary @"$batch" "$url/ingest" || true)
        if [ "$answer" != "$expected" ]; then
            samples_ok=0
            echo "stress.sh: $label: wrong summary: $answer" >&2
        fi
    done
    printf '%s\t%s\t%s\n' "$label" "$r" "$samples_ok" >>"$samples"
    stop_server
    sleep "$settle"
    echo "stress.sh: $label (repeat $r) done" >&2
}

echo "stress.sh: hey $requests requests and wrk ${seconds} s x $repeats repeats, $live live" \
    "objects, -c $concurrency, pinning: $pinning" >&2
# The order rotates every repeat (heap, heap-mimalloc, arena, arena-axum; then heap-mimalloc,
# arena, arena-axum, heap; ...), and every server starts `settle` seconds after the last one
# stopped: a server started right after the mimalloc one had its maximum latency raised to
# 24-120 ms (measured for both heap and arena mode: 34-40 ms against 11-17 ms), and 10 seconds
# of rest removed that.
modes=("heap $out/logserver-system heap" "heap-mimalloc $out/logserver-mimalloc heap"
    "arena $out/logserver-system arena" "arena-axum $out/logserver-system arena-axum")
for r in $(seq 1 "$repeats"); do
    for k in 0 1 2 3; do
        # shellcheck disable=SC2086 # each entry is "label binary mode"
        run ${modes[$(( (k + r - 1) % 4 ))]} "$r"
    done
done

failed=0
python3 - "$results" "$samples" "$out/report.md" "$requests" "$seconds" "$live" "$repeats" \
    "$concurrency" "$clk_tck" "$pinning" "$cpus" <<'EOF' || failed=1
import csv, json, math, re, statistics, sys

(results, samples, report, requests, seconds, live, repeats, conc, clk_tck, pinning,
 cpus) = sys.argv[1:]
requests, clk_tck = int(requests), int(clk_tck)
MODES = ["heap", "heap-mimalloc", "arena", "arena-axum"]
NAN = float("nan")


def hey(path):
    text = open(path, encoding="utf-8").read()
    def secs(pattern):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else NAN
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", text)}
    ok = codes.get(200, 0)
    return {"rps": secs(r"Requests/sec:\s+([\d.]+)"), "p50": secs(r"50% in ([\d.]+) secs") * 1e3,
            "p99": secs(r"99% in ([\d.]+) secs") * 1e3,
            "max": secs(r"Slowest:\s+([\d.]+) secs") * 1e3, "errors": requests - ok}


def wrk(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^wrk-result (.*)$", text, re.M)
    if not m:
        return {"rps": NAN, "p50": NAN, "p99": NAN, "max": NAN, "errors": 1}
    v = {k: float(x) for k, x in (kv.split("=") for kv in m.group(1).split())}
    errors = v["status"] + v["connect"] + v["read"] + v["write"] + v["timeout"]
    return {"rps": v["requests"] / (v["duration_us"] / 1e6), "p50": v["p50_us"] / 1e3,
            "p99": v["p99_us"] / 1e3, "max": v["max_us"] / 1e3, "errors": errors}


snaps = {}
for row in csv.DictReader(open(results, encoding="utf-8"), delimiter="\t"):
    snaps[(row["label"], int(row["repeat"]), row["load"], row["when"])] = row
samples_ok = {(r["label"], int(r["repeat"])): r["samples_ok"] == "1"
              for r in csv.DictReader(open(samples, encoding="utf-8"), delimiter="\t")}

runs = {}   # (load, label) -> [figures of one run]
diag = []   # one row per run and load
bad = []
for (label, rep, load, when), before in sorted(snaps.items()):
    if when != "before":
        continue
    after = snaps[(label, rep, load, "after")]
    d = lambda key: float(after[key]) - float(before[key])
    mb, ma = (json.load(open(s["metrics"], encoding="utf-8")) for s in (before, after))
    h = (hey if load == "hey" else wrk)(before["output"])
    # Requests served, from the server's `ok` counter: the snapshot's own /metrics request
    # (counted once answered) is taken off.
    served = ma["ok"] - mb["ok"] - 1
    wall = d("time")
    total = d("cpu_total") or NAN
    h["cpu_us"] = d("cpu_ticks") / clk_tck * 1e6 / max(served, 1)
    h["rss"] = float(after["rss_kib"]) / 1024
    h["rss_growth"] = d("rss_kib") / 1024
    if h["errors"] or not samples_ok.get((label, rep), False):
        bad.append(f"{label} repeat {rep}, {load}: {h['errors']:.0f} errors (non-200 answers "
                   f"or socket errors), samples "
                   f"{'ok' if samples_ok.get((label, rep)) else 'WRONG'}")
    runs.setdefault((load, label), []).append(h)
    pool_b, pool_a = mb.get("pool") or {}, ma.get("pool") or {}
    churn = ((ma.get("live_churn_ms") or 0) - (mb.get("live_churn_ms") or 0))
    diag.append([
        label, str(rep), load, f"{wall:.1f}", f"{h['rps']:,.0f}", f"{h['cpu_us']:.1f}",
        f"{d('cpu_ticks') / clk_tck / wall * 100:.0f}",
        f"{(d('cpu_busy') - d('cpu_ticks')) / total * 100:.0f}",
        f"{d('cpu_irq') / total * 100:.0f}", f"{d('cpu_steal') / total * 100:.0f}",
        f"{d('nvcsw') / wall:,.0f}", f"{d('vcsw') / wall:,.0f}",
        f"{d('minflt') * 1000 / max(served, 1):.2f}", f"{d('majflt'):.0f}",
        f"{churn / (wall * 1e3) * 100:.1f}", str(ma.get("worker_threads", "?")),
        f"{pool_a['created']} (+{pool_a['created'] - pool_b['created']})" if pool_a else "-",
        f"{pool_a['trimmed_bytes'] - pool_b['trimmed_bytes']:,}" if pool_a else "-",
        f"{pool_a['dropped'] - pool_b['dropped']}" if pool_a else "-",
        f"{pool_a['high_water_active']}" if pool_a else "-", before["load1"],
    ])


def fmt(key, v):
    return f"{v:,.0f}" if key == "rps" else f"{v:.1f}" if key in ("max", "cpu_us") else f"{v:.2f}"


lines = [f"{cpus} CPUs, pinning: {pinning}; {live} live objects; -c {conc}; "
         f"{repeats} repeats, modes in rotating order. Cells: median (min-max).", ""]
for load, title in [("hey", f"`hey -n {requests} -c {conc}` (the seed's load generator)"),
                    ("wrk", f"`wrk -t 1 -c {conc} -d {seconds}s` (saturates the server)")]:
    med = {}
    for label in MODES:
        rs = runs.get((load, label), [])
        med[label] = {k: statistics.median(r[k] for r in rs) for k in rs[0]} if rs else {}
    lines += [f"### {title}", "",
              "| mode | RPS | p50 ms | p99 ms | max ms | errors | RSS after MiB | RSS growth MiB "
              "| server CPU us/req | RPS vs heap | RPS vs mimalloc | CPU/req vs heap "
              "| p99 vs heap | p99 vs mimalloc | max vs heap | max vs mimalloc |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for label in MODES:
        rs, m = runs.get((load, label), []), med[label]
        if not rs:
            continue
        def cell(k):
            lo, hi = fmt(k, min(r[k] for r in rs)), fmt(k, max(r[k] for r in rs))
            return fmt(k, m[k]) if lo == hi else f"{fmt(k, m[k])} ({lo}-{hi})"
        ratio = lambda k, base: (f"{m[k] / med[base][k]:.2f}x"
                                 if med.get(base) and med[base][k] else "-")
        lines.append(
            f"| {label} | {cell('rps')} | {cell('p50')} | {cell('p99')} | {cell('max')} "
            f"| {sum(r['errors'] for r in rs):.0f} | {m['rss']:.1f} | {m['rss_growth']:+.1f} "
            f"| {cell('cpu_us')} | {ratio('rps', 'heap')} | {ratio('rps', 'heap-mimalloc')} "
            f"| {ratio('cpu_us', 'heap')} | {ratio('p99', 'heap')} "
            f"| {ratio('p99', 'heap-mimalloc')} | {ratio('max', 'heap')} "
            f"| {ratio('max', 'heap-mimalloc')} |")
    if med["heap"] and med["heap-mimalloc"]:
        lines.append("")
        for label in ["arena", "arena-axum"]:
            m, h, mi = med[label], med["heap"], med["heap-mimalloc"]
            if not m:
                continue
            checks = [
                (f"RPS {m['rps'] / h['rps']:.2f}x heap (bar 1.3x)", m["rps"] >= 1.3 * h["rps"]),
                (f"{m['rps'] / mi['rps']:.2f}x heap+mimalloc (bar 1.1x)",
                 m["rps"] >= 1.1 * mi["rps"]),
                ("p99 no worse than either", m["p99"] <= min(h["p99"], mi["p99"])),
                ("max no worse than either", m["max"] <= min(h["max"], mi["max"])),
            ]
            lines.append(f"- bars, {label} (medians): " + "; ".join(
                f"{text}: {'met' if ok else 'NOT met'}" for text, ok in checks))
    lines.append("")

lines += [
    "### Per run: where the time went", "",
    "`busy %`: the server's CPU time over the run's wall time (100 = its CPU saturated); "
    "`others %`, `irq %`, `steal %`: the server CPU's time spent in other processes, in "
    "interrupts (loopback networking too) and stolen by a hypervisor; `nvcsw/s`: the "
    "server's involuntary context switches (preempted); `minflt/1k req`: page faults per "
    "thousand requests (memory given back to the OS and faulted in again); `churn %`: the "
    "live objects' churn, share of the wall time; `created`: the pool's arenas (and how "
    "many the run added); `trimmed B`: bytes the pool's arenas gave back during the run; "
    "`load1`: the machine's load average when the run started.", "",
    "| mode | repeat | load | wall s | RPS | CPU us/req | busy % | others % | irq % "
    "| steal % | nvcsw/s | vcsw/s | minflt/1k req | majflt | churn % | workers | created "
    "| trimmed B | dropped | high water | load1 |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
    "|---:|---:|---:|",
]
order = {label: i for i, label in enumerate(MODES)}
for row in sorted(diag, key=lambda r: (r[2], order[r[0]], int(r[1]))):
    lines.append("| " + " | ".join(row) + " |")
if bad:
    lines += ["", "FAILED checks:"] + [f"- {b}" for b in bad]
table = "\n".join(lines) + "\n"
open(report, "w", encoding="utf-8").write(table)
print(table, end="")
sys.exit(1 if bad else 0)
EOF
echo "stress.sh: report written to $out/report.md" >&2
exit "$failed"
