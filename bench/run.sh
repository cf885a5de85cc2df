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
#   bench/nest_bench.py what nesting costs: the same workloads under CP
#                       under CP in the four combinations of the two
#                       levels' modes, beside one level and bare;
#                       first-level entries per second-level event, CP
#                       instructions per level, the virtual-SIE shadows;
#                       writes BUILD_DIR/bench-nest.md, appended likewise
#   bench/flawed_bench.py the flawed machine's three remedies side by
#                       side (binary translation, paravirtualization,
#                       SIE) with trap mode on the sound machine, on six
#                       guest kernels (compute, SVC, the interrupt-mask
#                       dance, I/O, forkwait), in instructions: throughput
#                       against bare, entries into CP and their cost by
#                       cause; writes BUILD_DIR/bench-flawed.md, appended
#                       likewise
#
# BENCH_PARTS (default "hercules,cp,nest,flawed") selects the parts.
set -euo pipefail
if [ $# -ne 1 ]; then
    echo "usage: bench/run.sh BUILD_DIR" >&2
    exit 2
fi
here=$(dirname "$0")
parts=",${BENCH_PARTS:-hercules,cp,nest,flawed},"
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
case $parts in
*,nest,*)
    echo
    python3 -B "$here/nest_bench.py" "$1"
    cat "$1/bench-nest.md" >> "$md"
    echo "appended $1/bench-nest.md to $md"
    ;;
esac
case $parts in
*,flawed,*)
    echo
    python3 -B "$here/flawed_bench.py" "$1"
    cat "$1/bench-flawed.md" >> "$md"
    echo "appended $1/bench-flawed.md to $md"
    ;;
esac
