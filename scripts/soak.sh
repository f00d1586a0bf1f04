#!/usr/bin/env bash
# Soak test: the log server in arena mode under continuous `hey` load, malformed requests mixed
# in, every response checked and the server's RSS sampled every second.
#
# Usage: scripts/soak.sh [options] <minutes>
#        scripts/soak.sh [options] --seconds N
#
#   <minutes>        length of the load, decimals allowed (0.5 = 30 s); at least 10 s
#   --seconds N      the length in seconds instead (for short test runs)
#   --live N         live heap objects churned in the background, as in stress.sh (default
#                    500,000; 0 for none)
#   --concurrency N  hey's workers (default 100)
#   --bad-rate N     requests per second of the checked stream (default 20)
#   --port N         port on loopback (default 18090)
#
# Installs `hey` from Debian's packages if missing, builds the server in release, starts it in
# arena mode with the live objects (pinned to CPU 1, the clients to CPU 0, when there are two
# CPUs or more), then for the whole length runs, side by side:
#
# - `hey -c 100 -m POST -T application/json -D batch.json` against /ingest, run back to back
#   in segments of at most 10 s (`-z 10s`): Debian's hey (0.1.4) counts the status codes and
#   latencies of its first 1,000,000 answers only, so one `hey -z 10m` could not show that every
#   answer was a 200;
# - a checked stream (a Python client, --bad-rate requests a second): invalid JSON, truncated
#   JSON, invalid UTF-8, wrong types, an empty body, deep nesting, trailing garbage, a body one
#   byte over the server's limit (with a length, and chunked), wrong methods, a wrong path and
#   bytes that are not HTTP, each answer checked (status, JSON error body, Allow header), with
#   a valid batch every cycle whose summary must equal the expected one byte for byte;
# - every second: the server process is alive, is the same process (pid and start time in
#   /proc/<pid>/stat, pid and monotonic uptime in GET /metrics), and its VmRSS goes to
#   target/soak/rss.csv with the requests served so far.
#
# At the end: 5 more summaries are checked, and the server's counters (GET /metrics before and
# after) must equal the clients' totals: 2xx answers, 4xx answers by kind, failed connections,
# requests = responses. It passes when RSS stays flat (the largest sample after the warm-up is
# at most 5% above the median of the warm-up's last 10 s; warm-up: 10% of the length or 30 s,
# whichever is longer, at most half the length), no request is lost or answered wrongly, and
# the server never restarts; the server must then stop cleanly on SIGTERM. Writes a Markdown
# report to target/soak/report.md (raw outputs beside it) and prints it. Exits non-zero when a
# check fails.
set -euo pipefail

seconds=""
live=500000
concurrency=100
bad_rate=20
port=18090

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift ;;
        --live) live="$2"; shift ;;
        --concurrency) concurrency="$2"; shift ;;
        --bad-rate) bad_rate="$2"; shift ;;
        --port) port="$2"; shift ;;
        -h|--help) usage; exit 0 ;;
        -*) echo "soak.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
        *)
            [ -z "$seconds" ] || { echo "soak.sh: give the length once" >&2; exit 2; }
            [[ "$1" =~ ^[0-9]+(\.[0-9]+)?$ ]] || {
                echo "soak.sh: not a number of minutes: $1" >&2; exit 2; }
            seconds=$(awk -v m="$1" 'BEGIN { printf "%d", m * 60 + 0.5 }')
            ;;
    esac
    shift
done
[ -n "$seconds" ] || { usage >&2; exit 2; }
for n in "$seconds" "$live" "$concurrency" "$bad_rate" "$port"; do
    case "$n" in ''|*[!0-9]*) echo "soak.sh: not a number: $n" >&2; exit 2 ;; esac
done
if [ "$seconds" -lt 10 ] || [ "$concurrency" -lt 1 ] || [ "$bad_rate" -lt 1 ]; then
    echo "soak.sh: need at least 10 seconds, --concurrency >= 1 and --bad-rate >= 1" >&2
    exit 2
fi

root=$(cd "$(dirname "$0")/.." && pwd)
me=soak.sh
# shellcheck source=scripts/lib/logserver.sh
. "$root/scripts/lib/logserver.sh"
batch="$root/crates/logserver/data/batch.json"
out="$root/target/soak"
mkdir -p "$out"
# This run's files only.
rm -f "$out"/report.md "$out"/rss.csv "$out"/hey-*.txt "$out"/client.json "$out"/server.log \
    "$out"/metrics-*.json "$out"/events.log "$out"/samples.txt
url="http://127.0.0.1:$port"

# --- tools -------------------------------------------------------------------------------
need_tools

# --- build -------------------------------------------------------------------------------
echo "soak.sh: building the server (release)" >&2
cargo_target=$(cargo_target_dir)
(cd "$root" && cargo build --release --quiet -p logserver --bin logserver)
cp "$cargo_target/release/logserver" "$out/logserver"

# --- pinning -----------------------------------------------------------------------------
setup_pinning "clients"

# The summary the server must answer, computed here from batch.json on its own.
expected=$(expected_summary "$batch")

if curl -s -o /dev/null --max-time 1 "$url/metrics"; then
    echo "soak.sh: something already listens on port $port (use --port)" >&2
    exit 1
fi

# --- processes ---------------------------------------------------------------------------
server_pid=""
hey_pid=""
client_pid=""
stop_pid() { # pid: SIGTERM, then SIGKILL after 30 s
    local pid=$1
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 300); do
            kill -0 "$pid" 2>/dev/null || break
            # A zombie is gone too (its parent, this shell, has not waited for it yet).
            [ "$(proc_state "$pid")" != Z ] || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
# shellcheck disable=SC2317 # called by the trap
cleanup() {
    stop_pid "$hey_pid"
    stop_pid "$client_pid"
    stop_pid "$server_pid"
}
trap cleanup EXIT

# Field 3 of /proc/<pid>/stat (R, S, Z, ...; empty when the process is gone) and field 22,
# the start time in clock ticks since boot (the process's identity with its pid). The command
# name (field 2) has no spaces here.
proc_state() { awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true; }
proc_start() { awk '{ print $22 }' "/proc/$1/stat" 2>/dev/null || true; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || true; }
now_us() { local t=$EPOCHREALTIME; echo "${t/./}"; }
# Microseconds as seconds with 2 decimals.
secs() { printf '%d.%02d' $(( $1 / 1000000 )) $(( $1 % 1000000 / 10000 )); }
event() { echo "$*" | tee -a "$out/events.log" >&2; }
alive() { # whether the server is the process started, still running
    local state
    state=$(proc_state "$server_pid")
    [ -n "$state" ] && [ "$state" != Z ] && [ "$(proc_start "$server_pid")" = "$server_start" ]
}

# --- server ------------------------------------------------------------------------------
"${server_pin[@]}" "$out/logserver" --mode arena --port "$port" --live-objects "$live" \
    2>"$out/server.log" &
server_pid=$!
server_start=$(proc_start "$server_pid")
ready=0
for _ in $(seq 1 1200); do
    if curl -s -o /dev/null --max-time 1 "$url/metrics"; then ready=1; break; fi
    alive || break
    sleep 0.1
done
if [ "$ready" -ne 1 ]; then
    echo "soak.sh: the server did not start; its log:" >&2
    cat "$out/server.log" >&2
    exit 1
fi
body_limit=$(curl -s --max-time 5 "$url/metrics" | python3 -c \
    'import json, sys; print(json.load(sys.stdin)["body_limit"])')

# --- load --------------------------------------------------------------------------------
echo "soak.sh: ${seconds} s of load on pid $server_pid (arena mode, $live live objects," \
    "body limit $body_limit bytes), hey -c $concurrency, checked stream at $bad_rate/s," \
    "pinning: $pinning" >&2
# The counters the clients' totals are checked against; this request is a 2xx the end
# snapshot counts.
curl -s --max-time 5 -o "$out/metrics-start.json" -w '%{http_code}' "$url/metrics" \
    | grep -qx 200 || { echo "soak.sh: GET /metrics failed" >&2; exit 1; }
cpu0=$(cpu_ticks "$server_pid")

# hey in segments of at most 10 s until the length is up (a few milliseconds between two,
# while the next one starts and opens its connections); at 50,000 requests a second, the most
# one hey takes on one CPU here, a segment stays well under hey's 1,000,000 answers counted.
hey_segments() { # end (microseconds, as now_us)
    local end=$1 i=0 left_ms
    seg_pid=""
    trap 'kill -TERM "$seg_pid" 2>/dev/null; exit 143' TERM
    while :; do
        left_ms=$(( (end - $(now_us)) / 1000 ))
        [ "$left_ms" -ge 500 ] || break
        i=$((i + 1))
        "${client_pin[@]}" hey -z "$(( left_ms < 10000 ? left_ms : 10000 ))ms" \
            -c "$concurrency" -m POST -T application/json -D "$batch" "$url/ingest" \
            >"$out/hey-$(printf '%04d' "$i").txt" 2>&1 &
        seg_pid=$!
        wait "$seg_pid" || { event "soak.sh: hey segment $i exited with status $?"; break; }
    done
}
hey_segments $(( $(now_us) + seconds * 1000000 )) &
hey_pid=$!

"${client_pin[@]}" python3 - "$port" "$batch" "$body_limit" "$bad_rate" "$seconds" \
    "$expected" "$out/client.json" <<'EOF' &
# The checked stream: malformed requests of every kind and a valid one, in a cycle, at a fixed
# rate; every answer checked. Writes its totals to a JSON file when the time is up (or on
# SIGTERM).
import http.client, json, signal, socket, sys, time

port, batch_path, limit, rate, seconds, expected, out = sys.argv[1:]
port, limit, rate, seconds = int(port), int(limit), int(rate), int(seconds)
expected = expected.encode("utf-8")
batch = open(batch_path, "rb").read()
assert b"checkout-api" in batch and len(batch) < limit
oversized = batch + b" " * (limit + 1 - len(batch))

def chunks(body, size=64 * 1024):
    return (body[i:i + size] for i in range(0, len(body), size))

# name, method, path, body, chunked, expected status (the summary for "valid")
CASES = [
    ("valid", "POST", "/ingest", batch, False, 200),
    ("invalid JSON", "POST", "/ingest", b'{"service": nope}', False, 400),
    ("truncated JSON", "POST", "/ingest", batch[: len(batch) // 2], False, 400),
    ("invalid UTF-8", "POST", "/ingest", batch.replace(b"checkout-api", b"checkout-\xff\xfe"),
     False, 400),
    ("wrong types", "POST", "/ingest", b'{"service":1,"host":"h","entries":[]}', False, 400),
    ("empty body", "POST", "/ingest", b"", False, 400),
    ("deep nesting", "POST", "/ingest", b"[" * 4096, False, 400),
    ("trailing garbage", "POST", "/ingest", batch + b" trailing", False, 400),
    ("oversized (limit + 1 byte)", "POST", "/ingest", oversized, False, 413),
    ("oversized, chunked", "POST", "/ingest", oversized, True, 413),
    ("GET /ingest", "GET", "/ingest", None, False, 405),
    ("PUT /ingest", "PUT", "/ingest", batch, False, 405),
    ("POST /nowhere", "POST", "/nowhere", batch, False, 404),
    ("not HTTP", None, None, b"NOT HTTP AT ALL\r\n\r\n", False, 400),
]
stats = {name: {"sent": 0, "ok": 0, "wrong": 0, "errors": 0, "expected": status,
                "max_ms": 0.0}
         for name, _, _, _, _, status in CASES}
problems = []

def problem(name, text):
    if len(problems) < 50:
        problems.append(f"{name}: {text}")

def check_error_body(headers, body, status):
    value = json.loads(body)
    assert isinstance(value, dict) and isinstance(value.get("error"), str) and value["error"], \
        f"not a JSON error: {body[:200]!r}"
    assert headers.get("content-type") == "application/json", headers.get("content-type")
    if status == 405:
        assert headers.get("allow"), "no Allow header"

def raw(body):
    # Bytes that are not HTTP: hyper answers 400 itself and closes the connection.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(body)
        answer = b""
        while True:
            data = s.recv(65536)
            if not data:
                break
            answer += data
    assert answer.startswith(b"HTTP/1.1 400 "), f"answer {answer[:200]!r}"
    return 400

conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

def one(name, method, path, body, chunked, status):
    if method is None:
        return raw(body)
    headers = {"Content-Type": "application/json"}
    if chunked:
        conn.request(method, path, body=chunks(body), headers=headers, encode_chunked=True)
    else:
        conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    hdrs = {k.lower(): v for k, v in response.getheaders()}
    assert response.status == status, f"status {response.status}: {data[:200]!r}"
    if status == 200:
        assert data == expected, f"summary {data!r}"
    else:
        check_error_body(hdrs, data, status)
    return response.status

stop = False
def on_term(*_):
    global stop
    stop = True
signal.signal(signal.SIGTERM, on_term)

start = time.monotonic()
deadline = start + seconds
period = 1.0 / rate
next_at = start
i = 0
while not stop:
    now = time.monotonic()
    if now >= deadline:
        break
    if next_at > now:
        time.sleep(min(next_at - now, deadline - now))
        continue
    # Never burst to catch up more than a second.
    next_at = max(next_at + period, now - 1.0)
    name, method, path, body, chunked, status = CASES[i % len(CASES)]
    i += 1
    s = stats[name]
    s["sent"] += 1
    t0 = time.monotonic()
    try:
        one(name, method, path, body, chunked, status)
        s["ok"] += 1
    except AssertionError as e:
        s["wrong"] += 1
        problem(name, str(e))
        conn.close()
    except Exception as e:  # connection refused, reset, timeout: a lost request
        s["errors"] += 1
        problem(name, f"{type(e).__name__}: {e}")
        conn.close()
    s["max_ms"] = max(s["max_ms"], (time.monotonic() - t0) * 1e3)
conn.close()
json.dump({"seconds": time.monotonic() - start, "cases": stats, "problems": problems},
          open(out, "w", encoding="utf-8"), indent=1)
EOF
client_pid=$!

# --- watch, every second -----------------------------------------------------------------
echo "seconds,rss_kib,requests,server_uptime_s" >"$out/rss.csv"
t0=$(now_us)
k=0
metrics_ok=0
metrics_failed=0
restarted=0
last_uptime=""
while :; do
    k=$((k + 1))
    wait_us=$(( t0 + k * 1000000 - $(now_us) ))
    if [ "$wait_us" -gt 0 ]; then
        sleep "$(printf '%d.%06d' $(( wait_us / 1000000 )) $(( wait_us % 1000000 )))"
    fi
    t=$(secs $(( $(now_us) - t0 )))
    if ! alive; then
        event "soak.sh: at $t s the server (pid $server_pid) is gone"
        restarted=1
        break
    fi
    rss=$(rss_kib "$server_pid")
    requests="" uptime=""
    code=$(curl -s --max-time 5 -o "$out/metrics-last.json" -w '%{http_code}' \
        "$url/metrics" || true)
    if [ "$code" = 200 ]; then
        metrics_ok=$((metrics_ok + 1))
        m=$(cat "$out/metrics-last.json")
        [[ "$m" =~ \"requests\":([0-9]+) ]] && requests=${BASH_REMATCH[1]}
        [[ "$m" =~ \"uptime_s\":([0-9.]+) ]] && uptime=${BASH_REMATCH[1]}
        if ! [[ "$m" =~ \"pid\":${server_pid}[,}] ]]; then
            event "soak.sh: at $t s GET /metrics was answered by another process: ${m:0:200}"
            restarted=1
        fi
        if [ -n "$last_uptime" ] && [ -n "$uptime" ] \
            && awk -v a="$uptime" -v b="$last_uptime" 'BEGIN { exit !(a < b) }'; then
            event "soak.sh: at $t s the server's uptime went back: $last_uptime s -> $uptime s"
            restarted=1
        fi
        last_uptime=$uptime
    else
        metrics_failed=$((metrics_failed + 1))
        event "soak.sh: at $t s GET /metrics failed (HTTP status '$code')"
    fi
    echo "$t,$rss,$requests,$uptime" >>"$out/rss.csv"
    if [ $((k % 60)) -eq 0 ]; then
        echo "soak.sh: $t s, RSS $rss KiB, $requests requests" >&2
    fi
    kill -0 "$hey_pid" 2>/dev/null || break
done

if [ "$restarted" -ne 0 ]; then
    stop_pid "$hey_pid"
    stop_pid "$client_pid"
fi
wait "$hey_pid" || true
hey_pid=""
wait "$client_pid" || true
client_pid=""
cpu1=""
alive && cpu1=$(cpu_ticks "$server_pid")

# --- after the load ----------------------------------------------------------------------
# A moment for the last connections' tasks to end (failed connections are counted then).
sleep 1
samples_ok=0
samples_wrong=0
for _ in 1 2 3 4 5; do
    answer=$(curl -s --max-time 5 -H 'Content-Type: application/json' \
        --data-binary @"$batch" "$url/ingest" || true)
    if [ "$answer" = "$expected" ]; then
        samples_ok=$((samples_ok + 1))
    else
        samples_wrong=$((samples_wrong + 1))
        echo "wrong summary: $answer" >>"$out/samples.txt"
    fi
done
end_code=$(curl -s --max-time 5 -o "$out/metrics-end.json" -w '%{http_code}' \
    "$url/metrics" || true)
[ "$end_code" = 200 ] || rm -f "$out/metrics-end.json"
alive_at_end=0
alive && alive_at_end=1
rss_end=$(rss_kib "$server_pid")

# A clean stop on SIGTERM: exit status 0 and the "stopped" line.
stop_status=""
if [ "$alive_at_end" -eq 1 ]; then
    kill -TERM "$server_pid"
    set +e
    wait "$server_pid"
    stop_status=$?
    set -e
fi
server_pid=""

python3 - "$out" "$seconds" "$live" "$concurrency" "$bad_rate" "$pinning" "$cpus" \
    "$server_start" "$restarted" "$metrics_ok" "$metrics_failed" "$samples_ok" \
    "$samples_wrong" "$alive_at_end" "$stop_status" "${cpu0}" "${cpu1}" "$clk_tck" \
    "${rss_end}" <<'EOF' && failed=0 || failed=1
import csv, json, os, re, statistics, sys

(out, seconds, live, conc, bad_rate, pinning, cpus, server_start, restarted, metrics_ok,
 metrics_failed, samples_ok, samples_wrong, alive_at_end, stop_status, cpu0, cpu1, clk_tck,
 rss_end) = sys.argv[1:]
seconds, metrics_ok, metrics_failed = int(seconds), int(metrics_ok), int(metrics_failed)
samples_ok, samples_wrong = int(samples_ok), int(samples_wrong)
checks = []  # (passed, what, detail)

def check(passed, what, detail):
    checks.append((bool(passed), what, detail))

def load(name):
    try:
        return json.load(open(os.path.join(out, name), encoding="utf-8"))
    except (OSError, ValueError):
        return None

# --- hey, every segment ---
import glob
segments = []
stopped = []  # segments stopped before their report (the run was aborted)
for path in sorted(glob.glob(os.path.join(out, "hey-*.txt"))):
    text = open(path, encoding="utf-8", errors="replace").read()
    if "Requests/sec:" not in text:
        stopped.append(os.path.basename(path))
        continue
    def num(pattern, scale=1.0):
        m = re.search(pattern, text)
        return float(m.group(1)) * scale if m else float("nan")
    codes = {int(c): int(n) for c, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", text)}
    err_part = text.split("Error distribution:", 1)[1] if "Error distribution:" in text else ""
    errors = sum(int(n) for n in re.findall(r"^\s*\[(\d+)\]", err_part, re.M))
    total_s, rps = num(r"Total:\s+([\d.]+) secs"), num(r"Requests/sec:\s+([\d.]+)")
    segments.append({
        "file": os.path.basename(path), "codes": codes, "errors": errors,
        "answered": sum(codes.values()), "total_s": total_s,
        # hey's own count of results (answers and errors), from its rate and time.
        "results": rps * total_s,
        "p50": num(r"\b50% in ([\d.]+) secs", 1e3), "p99": num(r"\b99% in ([\d.]+) secs", 1e3),
        "slowest": num(r"Slowest:\s+([\d.]+) secs", 1e3),
    })
codes = {}
for g in segments:
    for c, n in g["codes"].items():
        codes[c] = codes.get(c, 0) + n
hey_answered = sum(g["answered"] for g in segments)
hey_errors = sum(g["errors"] for g in segments)
hey_200 = codes.get(200, 0)
hey_time = sum(g["total_s"] for g in segments)
# A segment whose counted answers fall short of its results was cut at hey's 1,000,000.
truncated = [g["file"] for g in segments
             if not abs(g["answered"] + g["errors"] - g["results"]) <= 2 + 1e-5 * g["results"]]
# The segments cover the length, but for the last half second and the gaps between them
# (a new hey process starts and opens its connections: about 0.2 s here; 0.5 s allowed).
gaps = seconds - hey_time
short = gaps > 0.5 * len(segments) + 1
check(hey_answered > 0 and set(codes) == {200} and hey_errors == 0 and not truncated
      and not stopped and not short,
      "hey: every request answered 200",
      f"{hey_answered + hey_errors:,} sent in {len(segments)} segments ({hey_time:.1f} s"
      + f", gaps between segments {gaps:.1f} s in all"
      + (f", SHORT of {seconds} s" if short else "") + f"), {hey_answered:,} "
      f"answered, status codes { {c: n for c, n in sorted(codes.items())} }, {hey_errors} errors"
      + (f"; counts cut short by hey in {', '.join(truncated)}" if truncated else "")
      + (f"; no report from {', '.join(stopped)} (stopped)" if stopped else ""))

# --- the checked stream ---
client = load("client.json")
if client is None:
    check(False, "checked stream", "no client.json (the client failed)")
    cases, problems = {}, []
else:
    cases, problems = client["cases"], client["problems"]
    sent = sum(c["sent"] for c in cases.values())
    bad = {n: c for n, c in cases.items() if c["ok"] != c["sent"]}
    check(sent > 0 and not bad, "checked stream: every answer as expected",
          f"{sent:,} requests in {client['seconds']:.0f} s, "
          + (", ".join(f"{n}: {c['wrong']} wrong, {c['errors']} errors" for n, c in bad.items())
             or "all right"))
check(samples_wrong == 0 and samples_ok == 5, "summaries after the load",
      f"{samples_ok} of 5 equal to the expected one")

# --- the server's counters against the clients' totals ---
m0, m1 = load("metrics-start.json"), load("metrics-end.json")
if m0 is None or m1 is None:
    check(False, "server counters = clients' totals", "no /metrics snapshot at the end")
else:
    def d(*keys):
        a, b = m0, m1
        for k in keys:
            a, b = a[k], b[k]
        return b - a
    by_status = {}
    for name, c in cases.items():
        if name != "not HTTP":
            by_status[c["expected"]] = by_status.get(c["expected"], 0) + c["ok"]
    not_http = cases.get("not HTTP", {}).get("ok", 0)
    # 2xx: the start snapshot's own answer, the watch loop's /metrics, hey, the checked valid
    # requests and the samples after the load.
    want_2xx = 1 + metrics_ok + hey_200 + by_status.get(200, 0) + samples_ok
    want = {
        ("responses", "2xx"): want_2xx,
        ("responses", "4xx"): sum(n for s, n in by_status.items() if 400 <= s < 500),
        ("responses", "1xx"): 0, ("responses", "3xx"): 0, ("responses", "5xx"): 0,
        ("errors", "bad_request"): by_status.get(400, 0),
        ("errors", "too_large"): by_status.get(413, 0),
        ("errors", "not_found"): by_status.get(404, 0),
        ("errors", "method_not_allowed"): by_status.get(405, 0),
        ("connections", "errors"): not_http,
    }
    got = {k: d(*k) for k in want}
    responses = sum(d("responses", c) for c in ("1xx", "2xx", "3xx", "4xx", "5xx"))
    mismatch = [f"{'.'.join(k)} {got[k]:,} (clients: {want[k]:,})"
                for k in want if got[k] != want[k]]
    if d("requests") != responses:
        mismatch.append(f"requests {d('requests'):,} != responses {responses:,}")
    check(not mismatch, "server counters = clients' totals (no request lost)",
          "; ".join(mismatch) or
          f"{got[('responses', '2xx')]:,} 2xx, {got[('responses', '4xx')]:,} 4xx, 0 other; "
          f"requests = responses = {responses:,}; {not_http:,} failed connections = the "
          "non-HTTP requests")
    check(m1.get("pid") == m0.get("pid") and m1["uptime_s"] > m0["uptime_s"]
          and m1["uptime_s"] >= seconds, "/metrics: same pid, uptime covers the run",
          f"pid {m1.get('pid')}, uptime {m0['uptime_s']:.1f} s -> {m1['uptime_s']:.1f} s")
    if m1.get("pool"):
        check(m1["pool"]["active"] == 0, "arena pool: no arena left out",
              f"active {m1['pool']['active']}, created {m1['pool']['created']}, "
              f"idle {m1['pool']['idle']}, high-water active {m1['pool']['high_water_active']}")

# --- never restarted ---
log = open(os.path.join(out, "server.log"), encoding="utf-8", errors="replace").read()
panics = [line for line in log.splitlines() if "panicked" in line]
check(restarted == "0" and alive_at_end == "1" and not panics,
      "the server never exited or restarted",
      f"alive and the same process (pid, start time {server_start} ticks) at each of the "
      f"{metrics_ok + metrics_failed} checks" if restarted == "0" and alive_at_end == "1"
      else "GONE or replaced (see events.log)")
if panics:
    check(False, "no panic in the server log", panics[0])
check(metrics_failed == 0, "GET /metrics answered every second",
      f"{metrics_ok} answered, {metrics_failed} failed")
check(stop_status == "0" and "logserver: stopped" in log, "clean stop on SIGTERM",
      f"exit status {stop_status or 'n/a'}")

# --- RSS ---
rows = [r for r in csv.DictReader(open(os.path.join(out, "rss.csv"), encoding="utf-8"))
        if r["rss_kib"]]
samples = [(float(r["seconds"]), int(r["rss_kib"])) for r in rows]
warmup = min(max(0.1 * seconds, 30.0), seconds / 2)
before = [s for s in samples if s[0] <= warmup]
after = [s for s in samples if s[0] > warmup]
rss_text = "no samples"
if before and after:
    # The level at the end of the warm-up: the median of its last 10 s (one sample could sit
    # at the bottom of the allocator's normal swing of a few MiB).
    base_t = before[-1][0]
    base = statistics.median(r for t, r in before if t > warmup - 10)
    peak_t, peak = max(after, key=lambda s: s[1])
    limit = base * 1.05
    growth = (peak - base) / base * 100
    # Least-squares slope after the warm-up, for the record.
    n = len(after)
    mt = sum(t for t, _ in after) / n
    mr = sum(r for _, r in after) / n
    var = sum((t - mt) ** 2 for t, _ in after)
    slope = sum((t - mt) * (r - mr) for t, r in after) / var * 60 if var else 0.0
    check(peak <= limit, "RSS flat after the warm-up",
          f"max after the warm-up {peak / 1024:.1f} MiB (at {peak_t:.0f} s) vs "
          f"{base / 1024:.1f} MiB at the end of the warm-up ({base_t:.0f} s): "
          f"{growth:+.2f}% (limit +5%, "
          f"{limit / 1024:.1f} MiB)")
    all_rss = [r for _, r in samples]
    after_rss = [r for _, r in after]
    rss_text = (
        f"| whole run | {len(all_rss)} | {min(all_rss) / 1024:.1f} | "
        f"{statistics.median(all_rss) / 1024:.1f} | {max(all_rss) / 1024:.1f} |\n"
        f"| after the warm-up | {len(after_rss)} | {min(after_rss) / 1024:.1f} | "
        f"{statistics.median(after_rss) / 1024:.1f} | {max(after_rss) / 1024:.1f} |\n\n"
        f"Warm-up: the first {warmup:.0f} s (10% of the run or 30 s, whichever is longer, at "
        f"most half the run). Compared: the largest VmRSS sampled after the warm-up against "
        f"the level at the end of the warm-up, the median of its last 10 s "
        f"({base / 1024:.1f} MiB, up to {base_t:.0f} s); pass if at most 5% above it. Slope "
        f"after the warm-up (least squares): {slope:+.1f} KiB/min; RSS at the end of the run "
        f"{int(rss_end or 0) / 1024:.1f} MiB; median of the run's last 10 s "
        f"{statistics.median(r for t, r in after if t > samples[-1][0] - 10) / 1024:.1f} MiB.")
else:
    check(False, "RSS flat after the warm-up", "not enough samples")

# --- report ---
requests_total = hey_answered + sum(c["sent"] for c in cases.values())
cpu_us = ((int(cpu1) - int(cpu0)) / int(clk_tck) * 1e6 / requests_total
          if cpu1 and requests_total else float("nan"))
passed = all(p for p, _, _ in checks)
def spread(key):
    values = sorted(g[key] for g in segments)
    if not values:
        return "n/a"
    return f"{statistics.median(values):.2f} ({values[0]:.2f}-{values[-1]:.2f})"
lines = [
    f"Soak: log server in arena mode, {seconds} s ({seconds / 60:g} min) of "
    f"`hey -c {conc}` (back-to-back `-z 10s` segments) on `POST /ingest` plus a checked stream of malformed and "
    f"valid requests at {bad_rate}/s; {live} live objects; {cpus} CPUs, pinning: {pinning}.",
    "",
    f"**{'PASS' if passed else 'FAIL'}**",
    "",
    "| check | result | detail |",
    "|---|---|---|",
]
lines += [f"| {what} | {'pass' if p else '**FAIL**'} | {detail} |" for p, what, detail in checks]
lines += [
    "",
    f"hey: {hey_answered / hey_time if hey_time else float('nan'):,.0f} requests/s over "
    f"{len(segments)} segments; latency ms, median over the segments (best-worst): p50 "
    + spread("p50") + ", p99 " + spread("p99")
    + f"; slowest answer {max((g['slowest'] for g in segments), default=float('nan')):.1f} ms. "
    f"Server CPU: {cpu_us:.1f} us per request.",
    "",
    "| checked stream | expected | sent | as expected | wrong | errors | slowest ms |",
    "|---|---:|---:|---:|---:|---:|---:|",
]
lines += [f"| {n} | {c['expected']} | {c['sent']:,} | {c['ok']:,} | {c['wrong']} | "
          f"{c['errors']} | {c['max_ms']:.1f} |" for n, c in cases.items()]
lines += [
    "",
    "| RSS (VmRSS, every second) | samples | min MiB | median MiB | max MiB |",
    "|---|---:|---:|---:|---:|",
    rss_text,
]
if problems:
    lines += ["", "First problems of the checked stream:"] + [f"- `{p}`" for p in problems[:10]]
report = "\n".join(lines) + "\n"
open(os.path.join(out, "report.md"), "w", encoding="utf-8").write(report)
print(report, end="")
sys.exit(0 if passed else 1)
EOF
echo "soak.sh: report written to $out/report.md (rss.csv, hey-*.txt, client.json, server.log," \
    "metrics-*.json beside it)" >&2
if [ "$failed" -ne 0 ]; then
    echo "soak.sh: FAILED" >&2
else
    echo "soak.sh: passed" >&2
fi
exit "$failed"
