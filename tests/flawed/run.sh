#!/bin/bash
# tests/flawed/run.sh CREASY BUILD_DIR [KERNEL.elf...]: equivalence on the
# flawed machine (issue 14, sections 2 and 3), with the guest kernels of
# programs/flawed (critsect, epswstate, privheavy by default), which mask
# interruptions and read their PSW as an operating system does.
#
# This test is meant to show equivalence FAILING. On the flawed machine
# SSM, STOSM and STNSM are unprivileged and in problem state change
# nothing, and EPSW shows the real PSW: CP in trap mode runs a guest's
# supervisor in problem state, so it never sees them (Popek and
# Goldberg's Theorem 1 does not hold). For each kernel:
#
#   1. the sound machine: bare and under CP in trap mode are EQUAL (the
#      reference: the kernels themselves are deterministic);
#   2. the flawed machine: bare and under CP in trap mode must DIFFER; the
#      test prints the first difference and the instruction behind it
#      (the line's instruction and address, disassembled from the ELF),
#      and fails if they are equal;
#   3. the flawed machine, each remedy in FLAWED_REMEDIES (default
#      "sie pv bt"): the same kernel, unchanged, under CP equals bare.
#      sie: the machine's SIE interprets the four against the guest's
#      PSW. pv: trap mode, the kernel IPLed with PARM PV, so psw_ops.h
#      keeps its mask in CP's shared area (cp/pv.c). bt: binary
#      translation of the guest's supervisor. Under pv and bt the guest's
#      problem state still runs natively, in real problem state, where
#      EPSW, STOSM and STNSM see the real PSW: the lines the kernels mark
#      "PROBLEM STATE:" may differ there, and are listed as the residue
#      Theorem 3 allows a hybrid VMM; every other line must be equal;
#   4. (then) cost: privheavy's 10000 critical sections, counted by CP (the TRAPS
#      column of the console's vms), natively under trap mode on the
#      sound machine (two entries each) and paravirtualized on both
#      machines (none: the sections are stores into the shared area). On
#      the sound machine the paravirtual run equals bare but for its EPSW
#      line: paravirtual EPSW answers where the machine has none.
#   5. the paravirtual interface and its guards (pvguard), in trap and
#      sie mode, against tests/flawed/pvguard.{trap,sie}.out.
#
# The systems are tests/cp/kernels.sh's (a CP disk from tests/cp/cpdisk.sh,
# the kernel IPLed from a minidisk, its console lines and the wait PSW
# compared), with `machine: {variant: flawed}` and each user's own mode.
set -u
if [ $# -lt 2 ]; then
    echo "usage: tests/flawed/run.sh CREASY BUILD_DIR [KERNEL.elf...]" >&2
    exit 2
fi
creasy=$(realpath "$1"); build=$(realpath "$2"); shift 2
[ $# -gt 0 ] || set -- "$build"/programs/flawed/{critsect,epswstate,privheavy}.elf
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-flawed.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
FLAWED_REMEDIES=${FLAWED_REMEDIES:-sie pv bt}
TIMEOUT=${FLAWED_TIMEOUT:-300}
RESIDUE="^PROBLEM STATE:"
fail=0

. "$here/../cp/cpdisk.sh"

# The directory: the operator and KERNEL, in MODE, with the IPL PARM.
directory() {
    local mode=$1 parm=$2
    cat <<YAML
users:
  - userid: OPERATOR
    class: ABCDEFG
    storage: 1M
    console: {vaddr: 009, terminal: 009}
    autolog: true
  - userid: KERNEL
    storage: 2M
    mode: $mode
    console: {vaddr: 009, terminal: 020}
    mdisks:
      - {vaddr: 100, rdev: 100, start: 0, blocks: 1024, mode: R}
    ipl: 100
${parm:+    ipl_parm: $parm
}    autolog: true
YAML
}

# A configuration VARIANT:HOW (HOW: trap, sie, bt, or pv: trap mode with
# PARM PV): its CP disk, made once, in WORK/VARIANT-HOW.
config_dir() {
    local variant=${1%%:*} how=${1#*:} dir="$work/${1/:/-}" mode parm=""
    mode=$how
    [ "$how" = pv ] && mode=trap parm=PV
    if [ ! -f "$dir/cp1a0.disk" ]; then
        mkdir -p "$dir"
        directory "$mode" "$parm" > "$dir/dir.yaml"
        CP_MODE=trap cp_disk "$creasy" "$build" "$dir/dir.yaml" "$dir/cp1a0.disk" >/dev/null || return 1
    fi
    echo "$dir"
}

# bare VARIANT K OUT: the console's lines, then the wait PSW.
bare() {
    local variant=$1 k=$2 out=$3
    "$creasy" run "$k" --variant "$variant" --console "$out.console" --max-instructions 400000000 > "$out.run" 2>&1
    { cat "$out.console"; sed -n 's/^PSW=/WAIT PSW /p' "$out.run"; } > "$out"
}

# under_cp CONFIG K OUT: KERNEL's terminal lines and the wait PSW CP
# reports; OUT.traps: its TRAPS in the console's vms.
under_cp() {
    local config=$1 k=$2 out=$3 dir disk
    dir=$(config_dir "$config") || { echo "cannot make a CP disk" > "$out"; return 1; }
    disk="$work/$(basename "$k" .elf).disk"
    cat > "$dir/system.yaml" <<YAML
storage: 16M
ipl: 1A0
machine: {variant: ${config%%:*}}
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 1A0, type: FBA, file: $dir/cp1a0.disk, readonly: true}
  - {address: 100, type: FBA, file: $disk, readonly: true}
YAML
    printf 'go\nvms\n' > "$dir/script.cmd"
    (cd "$dir" && timeout "$TIMEOUT" "$creasy" --config system.yaml --script script.cmd > "$out.log" 2>&1)
    { sed -n 's|^KERNEL: ||p' "$out.log" | grep -v DMKDSP450W
      sed -n "s|^KERNEL: DMKDSP450W CP ENTERED; DISABLED WAIT PSW '\(.*\)'|WAIT PSW \1|p" "$out.log"; } > "$out"
    awk '$1 == "KERNEL" && $2 ~ /^(trap|sie|bt)$/ { print $(NF - 5) }' "$out.log" > "$out.traps"
}

# The instruction a line names ("STNSM X'FC' AT 00010238"), and what the
# ELF has at that address.
behind() {
    local line=$1 k=$2 insn addr dis
    insn=$(grep -oE "[A-Z]+( X'[0-9A-F]{2}')? AT [0-9A-F]{8}" <<< "$line" | head -1)
    [ -n "$insn" ] || { echo "(the line names no instruction)"; return; }
    addr=$(printf '%x' $((16#${insn##* })))
    dis=$(s390x-linux-gnu-objdump -d --start-address=0x$addr --stop-address=$((0x$addr + 6)) "$k" 2>/dev/null |
          grep -E "^ *$addr:" | head -1 | sed 's/^ *[0-9a-f]*:[[:space:]]*//; s/[[:space:]]\+/ /g; s/ $//')
    echo "$insn${dis:+ (in the ELF: $dis)}"
}

first_difference() {   # first_difference A B K: "line N", both lines, the instruction
    local a=$1 b=$2 k=$3 n la lb
    n=$(awk 'NR == FNR { a[FNR] = $0; na = FNR; next }
             !done && (!(FNR in a) || a[FNR] != $0) { print FNR; done = 1 }
             END { if (!done) print (na < FNR ? na : FNR) + 1 }' "$a" "$b")
    la=$(sed -n "${n}p" "$a"); lb=$(sed -n "${n}p" "$b")
    echo "      first difference, line $n:"
    echo "        bare: ${la:-(no line)}"
    echo "        trap: ${lb:-(no line)}"
    echo "      the instruction behind it: $(behind "${la:-$lb}" "$k")"
}

for k in "$@"; do
    name=$(basename "$k" .elf)
    rm -f "$work/$name.disk"
    "$creasy" disk format "$work/$name.disk" --blocks 1024 --label KERNEL --nucleus-blocks 512 >/dev/null &&
        "$creasy" disk ipl "$work/$name.disk" "$k" ||
        { echo "FAIL  $name: cannot make an IPL disk of it"; fail=1; continue; }
    o="$work/$name"

    # 1. the sound machine: the reference
    bare sound "$k" "$o.sound.bare"
    under_cp sound:trap "$k" "$o.sound.trap"
    if ! grep -q "WAIT PSW 000A0000 8000600D" "$o.sound.bare"; then
        echo "FAIL  $name: it does not pass on the bare sound machine"; tail -5 "$o.sound.bare" | sed 's/^/      /'; fail=1
    elif diff -u "$o.sound.bare" "$o.sound.trap" > "$o.diff"; then
        echo "pass  $name: sound machine, trap mode: $(($(wc -l < "$o.sound.bare") - 1)) lines and the wait PSW, as bare (the reference)"
    else
        echo "FAIL  $name: sound machine, trap mode differs from bare:"; head -20 "$o.diff" | sed 's/^/      /'; fail=1
    fi

    # 2. the flawed machine: trap mode must differ
    bare flawed "$k" "$o.flawed.bare"
    under_cp flawed:trap "$k" "$o.flawed.trap"
    if ! grep -q "WAIT PSW 000A0000 8000600D" "$o.flawed.bare"; then
        echo "FAIL  $name: it does not pass on the bare flawed machine"; tail -5 "$o.flawed.bare" | sed 's/^/      /'; fail=1
        continue
    fi
    echo "      expected: trap-and-emulate cannot see SSM/STNSM/STOSM/EPSW on the flawed machine"
    if cmp -s "$o.flawed.bare" "$o.flawed.trap"; then
        echo "FAIL  $name: flawed machine, trap mode EQUALS bare: this test shows equivalence failing, and it did not fail"
        fail=1
    else
        echo "pass  $name: flawed machine, trap mode differs from bare, as it must (equivalence fails)"
        first_difference "$o.flawed.bare" "$o.flawed.trap" "$k"
    fi

    # 3. the remedies: equal to bare, but for the problem-state residue under pv and bt
    for r in $FLAWED_REMEDIES; do
        under_cp "flawed:$r" "$k" "$o.flawed.$r"
        if [ "$r" = sie ]; then
            if diff -u "$o.flawed.bare" "$o.flawed.$r" > "$o.diff"; then
                echo "pass  $name: flawed machine, remedy sie: equal to bare ($(($(wc -l < "$o.flawed.bare") - 1)) lines and the wait PSW)"
            else
                echo "FAIL  $name: flawed machine, remedy sie differs from bare:"; head -20 "$o.diff" | sed 's/^/      /'; fail=1
            fi
            continue
        fi
        grep -vE "$RESIDUE" "$o.flawed.bare" > "$o.b" ; grep -vE "$RESIDUE" "$o.flawed.$r" > "$o.r"
        if ! diff -u "$o.b" "$o.r" > "$o.diff" ||
           [ "$(grep -cE "$RESIDUE" "$o.flawed.bare")" != "$(grep -cE "$RESIDUE" "$o.flawed.$r")" ]; then
            echo "FAIL  $name: flawed machine, remedy $r differs from bare (beyond the problem-state lines):"
            head -20 "$o.diff" | sed 's/^/      /'; fail=1
            continue
        fi
        echo "pass  $name: flawed machine, remedy $r: equal to bare ($(($(wc -l < "$o.b") - 1)) lines beside the problem state's, and the wait PSW)"
        paste -d '\n' <(grep -E "$RESIDUE" "$o.flawed.bare") <(grep -E "$RESIDUE" "$o.flawed.$r") |
            awk 'NR % 2 { b = $0; next } b != $0 { print "        bare: " b; print "        " r ":   " $0 }' r="$r" > "$o.res"
        if [ -s "$o.res" ]; then
            echo "      Theorem 3 residue (the guest's problem state runs natively, and sees the real PSW):"
            cat "$o.res"
        fi
    done
done

# 4. what privheavy's critical sections cost: entries into CP (TRAPS)
for k in "$@"; do
    [ "$(basename "$k" .elf)" = privheavy ] || continue
    o="$work/privheavy"
    under_cp sound:pv "$k" "$o.sound.pv"
    [ -f "$o.flawed.pv.traps" ] || under_cp flawed:pv "$k" "$o.flawed.pv"
    native=$(cat "$o.sound.trap.traps" 2>/dev/null); spv=$(cat "$o.sound.pv.traps"); fpv=$(cat "$o.flawed.pv.traps")
    if ! diff <(grep -v '^EPSW AT' "$o.sound.bare") <(grep -v '^EPSW AT' "$o.sound.pv") > "$o.diff"; then
        echo "FAIL  privheavy: sound machine, paravirtualized, differs from bare (but for EPSW, which it has not):"
        head -10 "$o.diff" | sed 's/^/      /'; fail=1
    elif [ -z "$native" ] || [ -z "$spv" ] || [ -z "$fpv" ] || [ "$native" -lt 20000 ] || [ "$spv" -ge 100 ] || [ "$fpv" -ge 100 ]; then
        echo "FAIL  privheavy: 10000 critical sections should cost 2 entries into CP each natively (trap mode," \
             "sound machine: ${native:-?}) and none paravirtualized (sound: ${spv:-?}, flawed: ${fpv:-?}; under 100 in all)"
        fail=1
    else
        echo "pass  privheavy: 10000 critical sections: $native entries into CP natively in trap mode (sound machine);" \
             "paravirtualized $spv (sound) and $fpv (flawed): boot, console, clocks, none for the sections"
    fi
done
# 5. the interface itself (programs/flawed/pvguard.c): in trap mode every
#    bad area is the architected exception at the DIAG and CP goes on; in
#    sie mode every function says "not available" (tests/flawed/pvguard.*.out)
guard="$build/programs/flawed/pvguard.elf"
rm -f "$work/pvguard.disk"
"$creasy" disk format "$work/pvguard.disk" --blocks 1024 --label KERNEL --nucleus-blocks 512 >/dev/null &&
    "$creasy" disk ipl "$work/pvguard.disk" "$guard" || { echo "FAIL  pvguard: cannot make an IPL disk of $guard"; exit 1; }
for m in trap sie; do
    under_cp "flawed:$m" "$guard" "$work/pvguard.$m"
    if diff -u "$here/pvguard.$m.out" "$work/pvguard.$m" > "$work/pvguard.diff"; then
        echo "pass  pvguard: DIAGNOSE X'0C8' in $m mode: $(($(wc -l < "$work/pvguard.$m") - 1)) calls and checks as pvabi.h says"
    else
        echo "FAIL  pvguard: DIAGNOSE X'0C8' in $m mode is not what pvabi.h says:"; sed 's/^/      /' "$work/pvguard.diff" | head -20
        fail=1
    fi
done
exit $fail
