# shellcheck shell=bash disable=SC2034,SC2154
# (the variables are the caller's: set here for it, or set by it: $me, $root)
# Shared setup of the scripts that put the log server under `hey` (stress.sh, soak.sh).
# Sourced, not run. Each function reports errors under the caller's name ($me).

# Installs the Debian package $1 (a command of the same name) if the command is missing.
need_debian_tool() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "$me: installing $1 (Debian package)" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y "$1" >/dev/null 2>&1 \
        || { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$1" >/dev/null; }
    command -v "$1" >/dev/null 2>&1 || { echo "$me: could not install $1" >&2; exit 1; }
}

# Installs `hey` from Debian's packages if missing, and checks for curl and python3.
need_tools() {
    need_debian_tool hey
    command -v curl >/dev/null 2>&1 || { echo "$me: curl is needed" >&2; exit 1; }
    command -v python3 >/dev/null 2>&1 || { echo "$me: python3 is needed" >&2; exit 1; }
}

# Prints cargo's target directory for the workspace at $root.
cargo_target_dir() {
    (cd "$root" && cargo metadata --format-version 1 --no-deps \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
}

# Sets server_pin and client_pin (taskset prefixes: the server on CPU 1, the load on CPU 0
# when there are two CPUs or more), pinning (a description naming the load $1), cpus,
# server_cpu (the CPU the server is pinned to, empty when not pinned), server_threads (tokio
# worker threads to give the server: one per CPU it may run on) and clk_tck.
setup_pinning() {
    server_pin=()
    client_pin=()
    cpus=$(nproc)
    if [ "$cpus" -ge 2 ] && command -v taskset >/dev/null 2>&1; then
        server_pin=(taskset -c 1)
        client_pin=(taskset -c 0)
        server_cpu=1
        server_threads=1
        pinning="server on CPU 1 (1 worker thread), $1 on CPU 0"
    else
        server_cpu=""
        server_threads=$cpus
        pinning="none ($cpus CPU)"
    fi
    clk_tck=$(getconf CLK_TCK)
}

# Prints the summary the server must answer for the batch file $1, computed independently.
expected_summary() {
    python3 - "$1" <<'PY'
import json, sys
b = json.load(open(sys.argv[1], encoding="utf-8"))
levels = dict.fromkeys(["debug", "info", "warn", "error", "other"], 0)
for e in b["entries"]:
    levels[e["level"] if e["level"] in ("debug", "info", "warn", "error") else "other"] += 1
summary = {
    "service": b["service"], "host": b["host"], "entries": len(b["entries"]),
    "levels": levels,
    "msg_bytes": sum(len(e["msg"].encode("utf-8")) for e in b["entries"]),
    "tags": sum(len(e["tags"]) for e in b["entries"]),
    "attrs": sum(len(e["attrs"]) for e in b["entries"]),
}
print(json.dumps(summary, separators=(",", ":"), ensure_ascii=False))
PY
}
