#!/usr/bin/env bash
# Fuzzes every cargo-fuzz target of fuzz/ and reports what it found.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# SECONDS per target (default 600); TARGET... restricts the run to those targets (default: every
# target `cargo fuzz list` names, so a new file in fuzz/fuzz_targets is picked up by itself).
#
# For each target, as the fuzz step of .ci/run does (same commands, same flags):
#   1. replays fuzz/regressions/<target>/* (inputs that once found a bug);
#   2. fuzzes for SECONDS with libFuzzer (`-max_total_time=SECONDS -print_final_stats=1`),
#      growing fuzz/corpus/<target>/; crashes, leaks, timeouts and out-of-memory inputs are
#      written to fuzz/artifacts/<target>/ by libFuzzer.
# Then prints a Markdown table (executions from libFuzzer's final `stat::` lines, corpus size,
# time, findings) and writes it to target/fuzz/report.md; each run's full output is in
# target/fuzz/<target>.log. A finding is a regression input that fails again, or a crash-,
# leak-, timeout- or oom- file this run added to fuzz/artifacts/<target>/ (older files there
# are not counted). Exits 1 if there is any finding, 2 on a setup or build error.
#
# Needs a nightly toolchain (installed with rustup if missing) and cargo-fuzz (installed with
# `cargo install cargo-fuzz --locked` if missing). cargo fuzz builds in fuzz/target, with
# AddressSanitizer, whatever CARGO_TARGET_DIR says.
set -euo pipefail

usage() {
    sed -n '2,22p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
-h | --help)
    usage
    exit 0
    ;;
esac

seconds="${1:-600}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
    echo "fuzz.sh: SECONDS must be a positive integer, not '$seconds'" >&2
    usage >&2
    exit 2
fi
shift $(($# > 0 ? 1 : 0))
only=("$@")

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
root=$(git -C "$script_dir" rev-parse --show-toplevel 2>/dev/null || (cd "$script_dir/.." && pwd -P))
# The commit the targets are built from (HEAD may move while a long run goes on).
built_from="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- 2>/dev/null || echo ' with uncommitted changes')"
cd "$root"

# rustup's default install location, in case the shell profile was not sourced.
if ! command -v cargo >/dev/null 2>&1 && [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export RUST_BACKTRACE="${RUST_BACKTRACE:-1}"
# As in .ci/run: flags from the caller's environment would change what is built. cargo fuzz
# keeps its own target dir (fuzz/target).
unset RUSTFLAGS RUSTDOCFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS CARGO_TARGET_DIR

# --- tools --------------------------------------------------------------------------------
has_nightly() {
    # Not `grep -q`: an early exit of grep could kill rustup with SIGPIPE under pipefail.
    command -v rustup >/dev/null 2>&1 && rustup toolchain list 2>/dev/null | grep nightly >/dev/null
}

if ! has_nightly; then
    if ! command -v rustup >/dev/null 2>&1; then
        echo "fuzz.sh: cargo fuzz needs a nightly toolchain, and rustup is not installed" >&2
        exit 2
    fi
    echo "==> no nightly toolchain: installing one (rustup toolchain install nightly)"
    if ! rustup toolchain install nightly --profile minimal </dev/null; then
        echo "fuzz.sh: could not install a nightly toolchain, which cargo fuzz needs" >&2
        exit 2
    fi
fi
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    echo "==> cargo-fuzz not found: installing it (cargo install cargo-fuzz --locked)"
    cargo install cargo-fuzz --locked </dev/null
fi

out="$root/target/fuzz"
mkdir -p "$out"
report="$out/report.md"

cd fuzz
echo "==> $(cargo +nightly --version); $(cargo +nightly fuzz --version)"

listed=$(cargo +nightly fuzz list </dev/null)
mapfile -t all_targets <<<"$listed"
if [ -z "$listed" ] || [ "${#all_targets[@]}" -eq 0 ]; then
    echo "fuzz.sh: cargo fuzz list names no target" >&2
    exit 2
fi
if [ "${#only[@]}" -gt 0 ]; then
    for t in "${only[@]}"; do
        if ! printf '%s\n' "${all_targets[@]}" | grep -Fx -- "$t" >/dev/null; then
            echo "fuzz.sh: no fuzz target '$t' (targets: ${all_targets[*]})" >&2
            exit 2
        fi
    done
    targets=("${only[@]}")
else
    targets=("${all_targets[@]}")
fi
echo "==> targets: ${targets[*]}; $seconds s each"

# Build every target first (`cargo fuzz build` with no flags uses the same defaults as
# `cargo fuzz run`, so the runs below do not rebuild), so the times below are fuzzing only.
t0=$(date +%s)
build_targets=()
[ "${#only[@]}" -gt 0 ] && build_targets=("${only[@]}")
if [ "${#build_targets[@]}" -gt 0 ]; then
    for t in "${build_targets[@]}"; do
        echo "==> building $t"
        cargo +nightly fuzz build "$t" </dev/null || {
            echo "fuzz.sh: build of fuzz target $t failed" >&2
            exit 2
        }
    done
else
    echo "==> building every target"
    cargo +nightly fuzz build </dev/null || {
        echo "fuzz.sh: build of the fuzz targets failed" >&2
        exit 2
    }
fi
echo "==> built in $(($(date +%s) - t0)) s"

# Files libFuzzer writes when it finds something (not `minimized-from-*` of `cargo fuzz tmin`,
# nor `slow-unit-*`, which are not failures).
findings_in() {
    [ -d "$1" ] || return 0
    find "$1" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
        -o -name 'oom-*' \) -printf '%f\n' | sort
}

# Joins the remaining arguments with the first.
join_by() {
    local sep=$1 out=${2-}
    shift 2 || return 0
    for item in "$@"; do out+="$sep$item"; done
    printf '%s' "$out"
}

# The value of libFuzzer's last `stat::NAME:` line in a log, or "?".
stat_of() {
    local value
    value=$(sed -n "s/^stat::$1:[[:space:]]*\([0-9][0-9]*\).*/\1/p" "$2" | tail -n 1)
    printf '%s' "${value:-?}"
}

count_files() {
    if [ -d "$1" ]; then find "$1" -maxdepth 1 -type f | wc -l | tr -d ' '; else echo 0; fi
}

rows=()
total_findings=0
new_artifacts=() # "target file" pairs

for target in "${targets[@]}"; do
    artifacts="artifacts/$target"
    corpus="corpus/$target"
    log="$out/$target.log"
    : >"$log"
    before=$(findings_in "$artifacts")
    corpus_before=$(count_files "$corpus")
    findings=0
    notes=()

    # 1. Regressions, exactly as .ci/run replays them.
    regressions="-"
    if [ -d "regressions/$target" ] && [ -n "$(ls -A "regressions/$target")" ]; then
        n=$(count_files "regressions/$target")
        echo
        echo "--- fuzz target $target: replaying regressions/$target ($n inputs)"
        set +e
        cargo +nightly fuzz run "$target" "regressions/$target"/* </dev/null 2>&1 | tee -a "$log"
        rc=${PIPESTATUS[0]}
        set -e
        if [ "$rc" -eq 0 ]; then
            regressions="$n passed"
        else
            regressions="**FAILED**"
            findings=$((findings + 1))
            notes+=("regression input fails again")
            echo "FUZZ REGRESSION in target $target (an input in fuzz/regressions/$target fails again)"
        fi
    fi

    # 2. Fuzzing (skipped after a failed regression, as .ci/run does).
    execs="-" rate="-" new_units="-" elapsed="-"
    if [ "$regressions" != "**FAILED**" ]; then
        echo
        echo "--- fuzz target $target for $seconds s"
        run_log="$out/$target.run.log"
        t0=$(date +%s)
        set +e
        cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=1 </dev/null 2>&1 |
            tee "$run_log"
        rc=${PIPESTATUS[0]}
        set -e
        elapsed=$(($(date +%s) - t0))
        cat "$run_log" >>"$log"
        execs=$(stat_of number_of_executed_units "$run_log")
        rate=$(stat_of average_exec_per_sec "$run_log")
        new_units=$(stat_of new_units_added "$run_log")
        rm -f "$run_log"
        if [ "$rc" -ne 0 ]; then
            notes+=("libFuzzer exited with status $rc")
        fi
    fi

    # 3. What this run added to the artifacts.
    after=$(findings_in "$artifacts")
    added=()
    if [ -n "$after" ]; then
        mapfile -t added < <(comm -13 <(printf '%s\n' "$before" | sed '/^$/d') <(printf '%s\n' "$after"))
    fi
    for file in "${added[@]}"; do
        new_artifacts+=("$target $file")
        findings=$((findings + 1))
    done
    if [ "${rc:-0}" -ne 0 ] && [ "${#added[@]}" -eq 0 ] && [ "$regressions" != "**FAILED**" ]; then
        # A failure without an input to show for it (a build error, a crash outside an input).
        findings=$((findings + 1))
    fi
    total_findings=$((total_findings + findings))

    corpus_after=$(count_files "$corpus")
    if [ "$findings" -eq 0 ]; then
        found="none"
    else
        [ "${#added[@]}" -gt 0 ] && notes+=("$(join_by ', ' "${added[@]}")")
        found="**$findings** ($(join_by '; ' "${notes[@]}"))"
    fi
    rows+=("| \`$target\` | $regressions | $execs | $rate | $corpus_after (+$((corpus_after - corpus_before))) | $new_units | $elapsed | $found |")
    rc=0
done

# --- report ---------------------------------------------------------------------------------
{
    echo "# Fuzz run"
    echo
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $seconds s per target, $(cargo +nightly --version),"
    echo "commit $built_from (the tree the targets were built from)."
    echo
    echo "| target | regressions replayed | executions | exec/s | corpus files (+ this run) | new units | fuzz time (s) | findings |"
    echo "|---|---|---:|---:|---:|---:|---:|---|"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Executions, exec/s and new units are libFuzzer's final \`stat::\` lines. Fuzz time is the"
    echo "wall time of the run, replaying the whole corpus first included (libFuzzer finishes that"
    echo "even past \`-max_total_time\`, so a large corpus can take longer than the budget)."
    echo
    if [ "$total_findings" -eq 0 ]; then
        echo "No findings."
    else
        echo "**$total_findings finding(s).** Full output: \`target/fuzz/<target>.log\`."
    fi
} >"$report"

echo
echo "============================================================="
cat "$report"
echo "============================================================="
echo "(written to target/fuzz/report.md)"

if [ "${#new_artifacts[@]}" -gt 0 ]; then
    echo
    echo "New inputs that make a target fail. Reproduce one with"
    echo "  (cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/<file>)"
    echo "minimize it with \`cargo +nightly fuzz tmin <target> artifacts/<target>/<file>\`, fix the bug,"
    echo "then keep the input as a regression (replayed by cargo test, so by every CI run, and by this script),"
    echo "renamed after the bug it found:"
    for entry in "${new_artifacts[@]}"; do
        target=${entry%% *}
        file=${entry#* }
        echo "  mkdir -p fuzz/regressions/$target && cp fuzz/artifacts/$target/$file fuzz/regressions/$target/"
    done
fi

if [ "$total_findings" -gt 0 ]; then
    echo "FUZZING FOUND $total_findings PROBLEM(S)"
    exit 1
fi
echo "fuzzing found nothing"
