#!/bin/bash
# bench/run.sh BUILD_DIR: the benchmarks, in one run (python3, standard
# library only; each script's docstring gives its method and the
# environment variables that change it):
#
#   bench/bench.py      creasy against Hercules 3.13 on the same binaries:
#                       MIPS; writes BUILD_DIR/bench.md
#   bench/cp_bench.py   what CP costs, in trap and sie mode: guest
#                       throughput under CP against bare, entries into CP
#                       per million guest instructions and their cost, CP
#                       instructions per trap, aggregate throughput with 1
#                       to 64 users; writes BUILD_DIR/bench-cp.md,
#                       appended here to bench.md
#
# BENCH_PARTS (default "hercules,cp") selects the parts.
set -euo pipefail
if [ $# -ne 1 ]; then
    echo "usage: bench/run.sh BUILD_DIR" >&2
    exit 2
fi
here=$(dirname "$0")
parts=",${BENCH_PARTS:-hercules,cp},"
md="$1/bench.md"
case $parts in
*,hercules,*) python3 -B "$here/bench.py" "$1" ;;
*) echo "# creasy benchmarks" > "$md" ;;
esac
case $parts in
*,cp,*)
    echo
    python3 -B "$here/cp_bench.py" "$1"
    cat "$1/bench-cp.md" >> "$md"
    echo "appended $1/bench-cp.md to $md"
    ;;
esac
