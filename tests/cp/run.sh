#!/bin/bash
# tests/cp/run.sh CREASY BUILD_DIR NAME.cmd...: the default system (CP,
# cp/directory.yaml: OPERATOR, MAINT and three CMS users) driven from the
# operator console.
#
# Each script gets a fresh system in a temporary directory: CP's system
# disk and the CMS system disk from BUILD_DIR (read-only), a new user
# volume at 300 (so every user's 191 starts unformatted), and the real
# punch and printer writing punch.txt and print.txt there. The transcript
# is the console's output, then the printer's and the punch's files; it
# must equal NAME.out (UPDATE_GOLDEN=1 rewrites it: tests/golden.sh).
# CPU times and dispatch counts are shown as n, where CP keeps a state
# description as ADDRESS, and a guest's CPU timer not at all: they move
# with every change to CP's path lengths. So does the order in which the
# users' terminals show their IPL lines: those are sorted. With CP_MODE=sie every
# user runs under SIE, and the transcript must
# equal NAME.sie.out: the same but for what CP counts (traps, entries).
set -u
creasy=$(realpath "$1"); build=$(realpath "$2"); shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../golden.sh"
. "$here/cpdisk.sh"
fail=0
for s in "$@"; do
    name=$(basename "$s" .cmd)
    tmp=$(mktemp -d /tmp/creasy-cp.XXXXXX)
    # the embedded default system (creasy --system cp), with these paths;
    # in sie mode with its directory compiled for SIE (tests/cp/cpdisk.sh)
    cpdisk=$build/cp1a0.disk
    if [ "${CP_MODE:-trap}" != trap ]; then
        cpdisk=$tmp/cp1a0.disk
        cp_disk "$creasy" "$build" "$here/../../cp/directory.yaml" "$cpdisk" || { echo "FAIL  $s: no CP disk"; fail=1; continue; }
    fi
    "$creasy" --show-system cp | sed -e "s|file: cp1a0.disk|file: $cpdisk|" \
        -e "s|file: cms190.disk|file: $build/cms190.disk|" > "$tmp/system.yaml"
    out=$(cd "$tmp" && "$creasy" --config system.yaml --script "$here/$name.cmd" 2>&1; echo "(exit $?)"
          for f in print.txt punch.txt; do
              [ -s "$f" ] && { echo "---- $f"; cat "$f"; }
          done)
    # CPU times and dispatch counts move with every change to CP's path
    # lengths: they are not what these transcripts check
    out=$(printf '%s\n' "$out" | sed -E -e 's/CPU [0-9]+ MS/CPU n MS/' \
        -e 's/^([A-Z0-9$#@]+ +(trap|sie|bt) +.*) +[0-9]+ +[0-9]+$/\1     n        n/' \
        -e 's/state description at [0-9A-F]{8}/state description at ADDRESS/' \
        -e 's/^(  CPUTM +\+28 ).{17}/\1(as time went)   /' |
        awk 'boot && /^[A-Z0-9$#@]+: (CP\/CREASY|CMS\/CREASY|DMSACC|[A-Z0-9$#@]+ LOGON)/ { lines[n++] = $0; next }
             boot { boot = 0; for (i = 0; i < n; i++) print lines[i] | "sort"; close("sort") }
             { print }' boot=1)
    out=${out//$tmp/TMP}
    out=${out//$build/BUILD}
    out=${out//$here/tests\/cp}
    suffix=; [ "${CP_MODE:-trap}" = trap ] || suffix=.$CP_MODE
    golden "$s" "$here/$name$suffix.out" "$out" || fail=1
    rm -rf "$tmp"
done
exit $fail
