#!/bin/bash
# tests/cp/path.sh CREASY BUILD_DIR: the console across levels of CP
# under CP: `path`, `step vm PATH`, `break trap PATH`, in the four
# combinations of the two levels' modes (tests/cp/nest.sh builds them).
#
# KERNEL, at level 2 (CPL1's CP runs it), is programs/kernels/pathloop.c:
# an SSM and a DIAGNOSE X'60' in a loop, then the pass wait. Each
# combination runs twice. First alone, to the end: its instruction count
# T. Then stopped at 60% of T for `path CPL1/KERNEL` twice (one event
# each, shown),
# `path CPL1/KERNEL 20` (averages), `step vm CPL1/KERNEL`, `break trap
# CPL1/KERNEL`, and run to the end again. Checked:
#  - the chains of these two events have an entry into the level-2 CP, and
#    (but in sie/trap, where the machine interprets the level-2 CP's
#    privileged instructions and delivers KERNEL's traps to it directly)
#    one into the level-1 CP;
#  - its totals add up: each level's CP instructions (and other users')
#    sum to the instructions between KERNEL's two instructions, which is
#    what the machine counted; the averages too;
#  - in sie/sie the second event, the DIAGNOSE, a level-2 interception
#    that the second-level CP handles alone, costs at most 2 first-level
#    entries (its
#    interception and that CP's next SIE);
#  - `step vm CPL1/KERNEL` stops with KERNEL running, and `psw` says so;
#  - `break trap CPL1/KERNEL` stops the machine (`expect stop BREAK`);
#  - the second run ends at T, as the first: observing changed nothing.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-path.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
fail=0
. "$here/cpdisk.sh"
. "$here/nest.sh"

kernel="$build/programs/kernels/pathloop.elf"
"$creasy" disk format "$work/kernel.disk" --blocks 1024 --label KERNEL --nucleus-blocks 512 >/dev/null &&
    "$creasy" disk ipl "$work/kernel.disk" "$kernel" || { echo "FAIL  path: cannot make the kernel's disk"; exit 1; }

bad() { echo "FAIL  path ($modes): $1"; sed 's/^/      /' "$2" | head -${3:-30}; fail=1; }

# sum_ok LINE: "CP instructions: level 1 A, level 2 B; other users C; in all D of E ..." with A+B+C = D = E
sum_ok() {
    awk '{ gsub(/[,;]/, " "); s = 0; for (i = 1; i < NF; i++) { if ($i == "level") s += $(i + 2);
           if ($i == "users") s += $(i + 1); if ($i == "all") { d = $(i + 1); e = $(i + 3) } }
           exit !(s - d < 0.01 && d - s < 0.01 && d == e && d > 0) }' <<< "$1"
}

for modes in "trap trap" "trap sie" "sie trap" "sie sie"; do
    dir="$work/$(echo "$modes" | tr ' ' -)"
    mkdir -p "$dir"
    CP_NEST="$modes" nest_disks "$creasy" "$build" "$here/kernels.yaml" "$dir" 3 "100:1024:R" "" || { fail=1; continue; }
    cat > "$dir/system.yaml" <<YAML
storage: ${NEST_STORAGE}M
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
$NEST_DEVICES  - {address: 100, type: FBA, file: $work/kernel.disk, readonly: true}
YAML
    printf 'ipl 1A0 stop\ngo\ncounters\n' > "$dir/alone.in"
    (cd "$dir" && timeout 300 "$creasy" --config system.yaml --script alone.in > alone.log 2>&1)
    total=$(sed -n 's/^instructions: \([0-9]*\) .*/\1/p' "$dir/alone.log")
    if ! grep -q "CPL1/KERNEL: DMKDSP450W CP ENTERED; DISABLED WAIT PSW '000A0000 8000600D'" "$dir/alone.log" || [ -z "$total" ]; then
        bad "the kernel does not pass alone" "$dir/alone.log"; continue
    fi
    cat > "$dir/path.in" <<EOF2
ipl 1A0 stop
go $((total * 6 / 10))
path CPL1/KERNEL
path CPL1/KERNEL
path CPL1/KERNEL 20
step vm CPL1/KERNEL
expect stop STEP
psw
break trap CPL1/KERNEL
go
expect stop BREAK
delete all
go
counters
EOF2
    [ "${modes#* }" = sie ] && echo "sie CPL1" >> "$dir/path.in"   # its own SIEs: the shadow cache
    (cd "$dir" && timeout 300 "$creasy" --config system.yaml --script path.in > path.log 2>&1)
    rc=$?
    log="$dir/path.log"
    # the two events shown (the first may be CP filling in its shadow tables), then the averages
    chain=$(awk '/^path CPL1\/KERNEL/ { n++ } n >= 1 && n <= 2' "$log" | grep -v '^averages')
    first=$(grep '^CP instructions:' "$log" | sed -n 2p); avg=$(grep '^CP instructions:' "$log" | sed -n 4p)
    entries=$(grep '^entries into CP:' "$log" | sed -n 2p)
    l1=$(sed -n 's/^entries into CP: level 1 \([0-9.]*\),.*/\1/p' <<< "$entries")
    after=$(sed -n 's/^instructions: \([0-9]*\) .*/\1/p' "$log")
    if [ $rc -ne 0 ]; then
        bad "the script failed (rc $rc)" "$log" 60
    elif ! grep -q -- '-> level-2 CP ' <<< "$chain" || { [ "$modes" != "sie trap" ] && ! grep -q -- '-> level-1 CP ' <<< "$chain"; }; then
        bad "the chain lacks an entry into a level's CP" <(echo "$chain")
    elif ! sum_ok "$(grep -m1 '^CP instructions:' "$log")" || ! sum_ok "$first" || ! sum_ok "$avg"; then
        bad "the totals do not add up" <(grep -E '^(entries|CP instructions)' "$log")
    elif [ "$modes" = "sie sie" ] && ! { grep -q 'DIAG' <<< "$chain" && [ "${l1:-9}" -le 2 ]; }; then
        bad "a level-2 interception costs more than 2 first-level entries" <(echo "$chain")
    elif ! grep -q '^CPL1/KERNEL is running: its next instruction is' "$log" ||
         ! grep -q '^RUN  CPL1/KERNEL is running, a level-2 guest' "$log"; then
        bad "step vm CPL1/KERNEL did not stop with KERNEL running" "$log" 60
    elif ! grep -q '^breakpoint: ' "$log"; then
        bad "break trap CPL1/KERNEL did not stop" "$log" 60
    elif [ "${modes#* }" = sie ] && ! awk '/^its own SIE/ { found = 1; ok = $8 >= 1 && $8 <= 8 && $11 > 100 * $8 }
                                               END { exit !(found && ok) }' "$log"; then
        bad "the virtual SIE's shadows were not built once and reused (sie CPL1)" <(grep -A1 '^its own SIE' "$log")
    elif [ "$after" != "$total" ]; then
        bad "observing changed the run: $after instructions, $total alone" <(grep '^instructions' "$log")
    else
        echo "pass  path ($modes): entries at each level, totals that add up ($(sed 's/.*in all \([0-9]*\).*/\1/' <<< "$first") instructions, $l1 first-level entries), step vm and break trap across levels, $total instructions with and without"
    fi
done
exit $fail
