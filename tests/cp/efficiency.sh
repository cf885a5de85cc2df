#!/bin/bash
# tests/cp/efficiency.sh CREASY BUILD_DIR: Popek and Goldberg's efficiency,
# counted (not timed) with the machine's counters, under CP in trap mode
# (the default) or, with CP_MODE=sie, under SIE (see the end of this note).
#
# What is counted. Under CP every instruction of a virtual machine (the
# CMS nucleus's as much as the program's) runs in real problem state, and
# everything CP does runs in supervisor state. So, over an interval in
# which one guest works and nothing else does (the other users are idle,
# waiting for their terminals):
#
#   P = problem-state instructions: the guest's instructions that the
#       machine ran directly, without CP;
#   S = supervisor-state instructions: CP's work for that guest: its
#       traps (privileged instructions CP emulates), the SVC, program, I/O
#       and external interruptions CP reflects, its virtual I/O, the ends
#       of time slices, dispatching. Each instruction CP emulates counts
#       here by the CP instructions it took, not as one guest instruction.
#
# 1. Compute-bound: CMSUSER runs HOG (programs/cms/hog.c: no I/O and no
#    SVC until its last line). The counters are reset just before the
#    command is typed and read when the machine next idles, so the
#    interval is the whole command: CMS reading the line, loading HOG
#    MODULE from the minidisk, running it, typing the result. Checked:
#      P / (P + S) >= 0.99   the share of all the machine's instructions
#                            that were the guest's own, run without CP;
#    and the counters' own line, 1 - E / P >= 0.99, where E is the guest's
#    instructions that entered CP (a trap, an SVC, a program
#    interruption): the share of its problem-state instructions that did
#    not. (CP's time-slice ends and I/O interruptions enter CP too, but no
#    guest instruction causes them; they are in S.) Waiting is not
#    counted: it is not instructions.
# 2. Privileged instructions: the operator logs on PRIVLOOP, whose virtual
#    machine IPLs programs/kernels/privloop.c from its minidisk at 200. It
#    runs STNSM, STOSM, SSM, LCTL, STCTL and LPSW 10000 times each, every
#    one a trap into CP. The test prints the counters' table of entries
#    into supervisor state by cause, with the CP instructions each cost
#    (machine/cpu/cpu.c counts them from the entry until problem state again,
#    whatever VM that is; here there is only PRIVLOOP to go back to), and
#    fails if the table or one of the six instructions is missing, or if
#    privloop did not end in its pass wait. No bound is checked on the
#    cost: `make bench` reports it against its target.
#
# Under SIE (CP_MODE=sie) the guest's instructions, in whatever state the
# guest is, are the ones the machine interpreted (G, "interpreted under
# SIE"), and CP's are still S: the share checked is G / (G + S), and E is
# the times interpretation ended (SIE exits, which every entry into CP
# is). For privloop, whose every instruction the machine interprets, the
# test shows the SIE exits by interception code and fails if CP was
# entered more than once per thousand of its privileged instructions.
set -u
if [ $# -ne 2 ]; then
    echo "usage: tests/cp/efficiency.sh CREASY BUILD_DIR" >&2
    exit 2
fi
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-eff.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
HOG_MILLIONS=50
MIN_SHARE=0.99
fail=0

# CP's system disk with the test directory, and PRIVLOOP's IPL minidisk
. "$here/cpdisk.sh"
cp_disk "$creasy" "$build" "$here/efficiency.yaml" "$work/cp1a0.disk" || exit 1
sie=false; [ "${CP_MODE:-trap}" = sie ] && sie=true
"$creasy" disk format "$work/priv200.disk" --blocks 128 --label PRIV --nucleus-blocks 64 >/dev/null || exit 1
"$creasy" disk ipl "$work/priv200.disk" "$build/programs/kernels/privloop.elf" || exit 1

cat > "$work/system.yaml" <<YAML
storage: 16M
ipl: 1A0
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 1A0, type: FBA, file: $work/cp1a0.disk, readonly: true}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
  - {address: 200, type: FBA, file: $work/priv200.disk, readonly: true}
YAML
cat > "$work/script.cmd" <<CMD
console 020
counters reset
.hog $HOG_MILLIONS
echo ==== hog
counters
console 009
counters reset
.logon privloop
echo ==== privloop
counters
vms
CMD
(cd "$work" && "$creasy" --config system.yaml --script script.cmd > console.txt 2>&1)
rc=$?
section() { sed -n "/^==== $1\$/,/^====/p" "$work/console.txt"; }
if [ $rc -ne 0 ] || ! grep -q "^CMSUSER: HOG: $HOG_MILLIONS MILLION ROUNDS" "$work/console.txt"; then
    echo "FAIL  CMS under CP did not run HOG $HOG_MILLIONS (exit $rc):"
    sed 's/^/      /' "$work/console.txt" | tail -30
    exit 1
fi

# ---- 1. compute-bound ----
read -r p s g < <(section hog | sed -n 's/^instructions: [0-9]* (problem state \([0-9]*\), supervisor state \([0-9]*\), interpreted under SIE \([0-9]*\))$/\1 \2 \3/p')
if $sie; then
    p=$g
    read -r entries < <(section hog | sed -n 's/^SIE: [0-9]* entries; interpretation ended \([0-9]*\) times.*/\1/p')
else
    read -r entries < <(section hog | sed -n 's/^problem-state instructions that needed supervisor state[^:]*: \([0-9]*\) of .*/\1/p')
fi
if [ -z "${p:-}" ] || [ -z "${s:-}" ] || [ -z "${entries:-}" ]; then
    echo "FAIL  HOG under CP: the counters have no instruction counts or no entries into supervisor state"
    section hog | sed 's/^/      /'
    exit 1
fi
verdict=$(awk -v p="$p" -v s="$s" -v e="$entries" -v min="$MIN_SHARE" 'BEGIN {
    direct = p / (p + s); quiet = 1 - e / p
    printf "%s %.5f %.5f\n", (direct >= min && quiet >= min) ? "pass" : "FAIL", direct, quiet }')
read -r ok direct quiet <<< "$verdict"
echo "$ok  HOG $HOG_MILLIONS under CP: $p guest instructions ran without CP, CP ran $s:" \
     "P/(P+S) = $direct; $entries of its instructions entered CP, 1 - E/P = $quiet (each must be >= $MIN_SHARE)"
[ "$ok" = pass ] || fail=1

# ---- 2. privileged instructions ----
table=$(section privloop | sed -n '/^entries into supervisor state from problem state, by cause/,/^[^ ]/p' | grep '^  ')
sie_table=$(section privloop | sed -n '/^SIE: [0-9]* entries/,/^[^ ]/p' | grep '^  ')
if ! section privloop | grep -Eq "^PRIVLOOP +(trap|sie) +stopped +000A0000 8000600D"; then
    echo "FAIL  privloop under CP did not end in its pass wait (0000600D):"
    section privloop | sed 's/^/      /'
    fail=1
elif $sie; then
    exits=$(awk '{ n += $(NF - 2) } END { print n + 0 }' <<< "$sie_table")
    if [ -n "$table" ] || [ "$exits" -gt 60 ]; then
        echo "FAIL  privloop under SIE: CP was entered $exits times (SIE exits) for 60000 privileged instructions"
        fail=1
    else
        echo "pass  privloop under SIE: 60000 privileged instructions interpreted, CP entered $exits times:"
    fi
    echo "      interception           count   CP instructions each"
    awk '{ printf "      %-18s %9s   %8s\n", $1 " " $2, $(NF - 2), $NF }' <<< "$sie_table"
elif [ -z "$table" ]; then
    echo "FAIL  privloop under CP: the counters show no entries into supervisor state by cause"
    section privloop | sed 's/^/      /'
    fail=1
else
    missing=""
    for insn in STNSM STOSM SSM LCTL STCTL LPSW; do
        n=$(awk -v i="$insn" '$1 == i { print $2 }' <<< "$table")
        [ -n "$n" ] && [ "$n" -ge 10000 ] || missing="$missing $insn"
    done
    if [ -n "$missing" ]; then
        echo "FAIL  privloop under CP: fewer than 10000 traps counted for$missing"
        fail=1
    else
        echo "pass  privloop under CP: CP instructions per emulated instruction (counters, entries by cause):"
    fi
    echo "      cause          count   CP instructions each"
    awk '{ printf "      %-9s %10s   %8s\n", $1, $2, $4 }' <<< "$table"
fi
exit $fail
