#!/usr/bin/env bash
# Instructions per operation on arenakit's hot paths and its peers', counted by callgrind.
#
# Usage: scripts/instr.sh
#
# Builds `crates/showdown/examples/instr.rs` in release, runs each of its loops under
# `valgrind --tool=callgrind` at two iteration counts, and prints a Markdown table of the
# instructions per operation: (count at the larger - count at the smaller) / (extra iterations
# x operations per iteration), so start-up and the first round are not counted. Counts are
# exact and repeatable on a loaded machine; timings are the showdown's job. Installs valgrind
# with apt-get when missing.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v valgrind >/dev/null 2>&1 || {
    if [ "$(id -u)" = 0 ]; then apt-get install -y valgrind >/dev/null; else sudo apt-get install -y valgrind >/dev/null; fi
}
cargo build --release -q -p showdown --example instr
bin="$root/target/release/examples/instr"

# Instructions of `$1` run `$2` times.
count() {
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

# Instructions per operation of loop `$1`: `$2` operations per iteration, iteration counts
# `$3` and `$4`.
per_op() {
    local a b
    a=$(count "$1" "$3")
    b=$(count "$1" "$4")
    awk -v a="$a" -v b="$b" -v n="$(($4 - $3))" -v k="$2" 'BEGIN { printf "%.1f", (b - a) / (n * k) }'
}

echo "| path | per | arenakit | bumpalo | bump-scope |"
echo "|---|---|---:|---:|---:|"
# path, unit, operations per iteration, iterations (small, large), peers present (bp bs)
while read -r path unit ops lo hi peers; do
    row="| \`$path\` | $unit | $(per_op "ak-$path" "$ops" "$lo" "$hi")"
    for peer in bp bs; do
        case " $peers " in
            *" $peer "*) row="$row | $(per_op "$peer-$path" "$ops" "$lo" "$hi")" ;;
            *) row="$row | -" ;;
        esac
    done
    echo "$row |"
done <<'ROWS'
reset reset 1 1000 11000 bp
small-reset alloc+reset 1 1000 11000 bp
slice-reset alloc+reset 1 1000 11000 bp
slice-cold new+alloc+drop 1 1000 11000 bp
struct alloc 1000 100 1100 bp bs
str alloc_str 1000 100 1100 bp bs
message message 1000 20 220 bp bs
vec push 100000 2 12 bs
pool request 1 1000 11000 bs
ROWS
sy=$(per_op sy-struct 1000 100 1100)
echo
echo "SyncArena, one thread, \`struct\`: $sy instructions per alloc."
