#!/bin/bash
# labs/tool/units.sh FILTER TEST.c...: some of the project's Criterion unit
# tests, for a lab's grader: TEST.c (tests/unit/test_*.c, or a hidden
# test file) with the harness (tests/unit/harness.c, insn_checks.c),
# compiled with the Makefile's own flags and linked against the
# simulator's objects as `make build/creasy` left them (build/obj: no
# sanitizer, so a lab that changes the instruction tables rebuilds the
# core once, not twice), then run with --filter FILTER. Run it in the
# workspace, after make build/creasy. Exit status: Criterion's.
set -eu
filter=$1; shift
out=build/labs/units
mkdir -p "$out"
vars=$(make -s --no-print-directory --eval='labs-units-vars: ; @echo "$(HOST_CFLAGS)"; echo "$(CORE_OBJS) $(call OBJS,$(B)/obj,$(UNIT_HOST_SRCS))"' labs-units-vars)
cflags=$(sed -n 1p <<<"$vars"); objs=$(sed -n 2p <<<"$vars")
mine=()
for src in tests/unit/harness.c tests/unit/insn_checks.c "$@"; do
    o=$out/$(basename "$src" .c).o
    clang $cflags -Itests/unit -c -o "$o" "$src"
    mine+=("$o")
done
clang -o "$out/units" "${mine[@]}" $objs -lcriterion -lyaml -lreadline -lm
exec "$out/units" --filter "$filter" --short-filename -j2
