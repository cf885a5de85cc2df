#!/bin/bash
# tests/cp/terminals.sh CREASY BUILD_DIR: the 3215s beside a user's
# console (the directory's `terminals`), and the operator's console across
# levels of CP under CP.
#
# First level (terminals.yaml, terminals.in): CPL1 IPLs a bare kernel
# (programs/kernels/vterms.c) that writes on its 020, 021 and 022 and reads
# from 020 and 021. Its lines must reach the console tagged with their
# path (CPL1/020:, CPL1/021:; its console's CPL1:), a line typed with
# `console CPL1/020` must complete its read, and one typed with
# `console CPL1/021` while nobody reads must come as attention, then as
# the read's line. FAKE IPLs programs/kernels/fakevmt.c, whose storage
# holds a VM table that names itself and a user far outside storage: the
# console lists a bounded tree and goes on.
#
# Two levels (terminals.nested.yaml, terminals.l2.yaml,
# terminals.nested.in): CPL1 IPLs CP, whose KERNEL is the same kernel; its
# lines are tagged CPL1/KERNEL:, CPL1/KERNEL/020:, its CP's own CPL1:, and
# `vms` shows KERNEL indented under CPL1. The second level's CP runs its
# users by trap and emulate; the first runs CPL1 as CP_MODE says.
#
# Each run's tagged lines must equal the expected ones below, in order.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-terminals.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
fail=0
. "$here/cpdisk.sh"

ipl_disk() {   # ipl_disk DISK PROGRAM.elf
    "$creasy" disk format "$1" --blocks 1024 --label KERNEL --nucleus-blocks 512 >/dev/null &&
        "$creasy" disk ipl "$1" "$2"
}
ipl_disk "$work/vterms.disk" "$build/programs/kernels/vterms.elf" &&
    ipl_disk "$work/fakevmt.disk" "$build/programs/kernels/fakevmt.elf" &&
    cp_disk "$creasy" "$build" "$here/terminals.yaml" "$work/l1.disk" &&
    cp_disk "$creasy" "$build" "$here/terminals.nested.yaml" "$work/n1.disk" &&
    CP_MODE=trap cp_disk "$creasy" "$build" "$here/terminals.l2.yaml" "$work/n2.disk" ||
    { echo "FAIL  terminals: cannot make the disks"; exit 1; }

system() {   # system CPDISK [L2DISK]
    cat <<YAML
storage: 64M
ipl: 1A0
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 021, type: 3215}
  - {address: 030, type: 3215}
  - {address: 031, type: 3215}
  - {address: 032, type: 3215}
  - {address: 1A0, type: FBA, file: $1, readonly: true}
  - {address: 100, type: FBA, file: vterms.disk, readonly: true}
  - {address: 101, type: FBA, file: fakevmt.disk, readonly: true}
YAML
    [ -z "${2:-}" ] || echo "  - {address: 1A1, type: FBA, file: $2, readonly: true}"
}

# by_user: lines grouped by their first-level user (stably: each user's
# in the order they came; users run side by side, so their lines mix)
by_user() { awk '{ k = $0; sub(/[\/:].*/, "", k); print k " " $0 }' | sort -s -k1,1 | cut -d' ' -f2-; }

# check NAME: the run's tagged lines (and the console's errors) in
# $work/NAME.log must be exactly those in $work/NAME.want, user by user
check() {
    local name=$1
    grep -E '^(CPL1|FAKE|LOOP)[/:A-Z0-9]*: |\.in:[0-9]+: ' "$work/$name.log" | sed 's/^.*\.in:/in:/' | by_user > "$work/$name.got"
    by_user < "$work/$name.want" > "$work/$name.want.sorted" && mv "$work/$name.want.sorted" "$work/$name.want"
    if diff -u "$work/$name.want" "$work/$name.got" > "$work/$name.diff"; then
        echo "pass  terminals $name: $(wc -l < "$work/$name.want") tagged lines and errors as expected"
    else
        echo "FAIL  terminals $name: the tagged lines differ"; sed 's/^/      /' "$work/$name.diff" | head -40; fail=1
    fi
}

# the first level
system l1.disk > "$work/system.yaml"
(cd "$work" && timeout 300 "$creasy" --config system.yaml --script "$here/terminals.in" > flat.log 2>&1)
cat > "$work/flat.want" <<'WANT'
CPL1: VTERMS: START
CPL1/020: VTERMS: A LINE ON 020
CPL1/021: VTERMS: A LINE ON 021
CPL1: VTERMS: 022 WRITE STATUS 0C
CPL1: VTERMS: 020 SENSE ID FF321500
CPL1/020: hello twenty
CPL1/020: VTERMS: 020 READ 'HELLO TWENTY'
CPL1/021: from twenty-one
CPL1/021: VTERMS: 021 ATTENTION, THEN READ 'FROM TWENTY-ONE'
CPL1: VTERMS: DONE
CPL1: DMKDSP450W CP ENTERED; DISABLED WAIT PSW '000A0000 8000600D'
in:12: CPL1's 022 is connected to no terminal
FAKE/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP: FAKEVMT: A TABLE THAT NAMES ITSELF
FAKE/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP: DMKDSP450W CP ENTERED; DISABLED WAIT PSW '000A0000 8000600D'
FAKE/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP: a line for fake
FAKE/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP/LOOP: DMKCFM001E UNKNOWN CP COMMAND
WANT
check flat
# the tree: FAKE's table (whose lines are tagged by what it says: its
# console is LOOP's, LOOP's LOOP's, ...), followed to the depth bound and
# no further; FAR is listed at each level, its storage (outside) not read
loops=$(grep -cE '^ +LOOP +trap wait' "$work/flat.log") fars=$(grep -cE '^ +FAR +trap ready' "$work/flat.log")
if [ "$loops" != 14 ] || [ "$fars" != 14 ] || grep -qE '^ {16}' "$work/flat.log" ||
    ! grep -qE '^CPL1 +(trap|sie) +stopped' "$work/flat.log"; then
    echo "FAIL  terminals: vms did not show FAKE's tree bounded at 8 levels (LOOP rows: $loops, FAR rows: $fars, want 2 x 7 each)"
    fail=1
else
    echo "pass  terminals: vms follows a table that names itself 8 levels deep and no further"
fi

# two levels
system n1.disk n2.disk > "$work/system.yaml"
(cd "$work" && timeout 300 "$creasy" --config system.yaml --script "$here/terminals.nested.in" > nested.log 2>&1)
cat > "$work/nested.want" <<'WANT'
CPL1: CP/CREASY VERSION 1.0: IPL FROM 1A0, 16M OF STORAGE
CPL1: OPERATOR LOGON (AUTOLOG)
CPL1: KERNEL LOGON (AUTOLOG)
CPL1/KERNEL: VTERMS: START
CPL1/KERNEL/020: VTERMS: A LINE ON 020
CPL1/KERNEL/021: VTERMS: A LINE ON 021
CPL1/KERNEL: VTERMS: 022 WRITE STATUS 0C
CPL1/KERNEL: VTERMS: 020 SENSE ID FF321500
CPL1/KERNEL/020: hello twenty
CPL1/KERNEL/020: VTERMS: 020 READ 'HELLO TWENTY'
CPL1/KERNEL/021: from twenty-one
CPL1/KERNEL/021: VTERMS: 021 ATTENTION, THEN READ 'FROM TWENTY-ONE'
CPL1/KERNEL: VTERMS: DONE
CPL1/KERNEL: DMKDSP450W CP ENTERED; DISABLED WAIT PSW '000A0000 8000600D'
in:12: KERNEL's 022 is connected to no terminal
in:13: no user NOBODY is logged on under CPL1
WANT
check nested
if grep -qE '^  KERNEL +trap +stopped +000A0000 8000600D' "$work/nested.log" &&
    grep -qE '^CPL1 +(trap|sie) ' "$work/nested.log"; then
    echo "pass  terminals: vms shows KERNEL under CPL1"
else
    echo "FAIL  terminals: vms does not show KERNEL under CPL1"; grep -A4 '^USERID' "$work/nested.log" | sed 's/^/      /'; fail=1
fi
exit $fail
