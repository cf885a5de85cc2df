#!/bin/bash
# tests/fuzz/cpfuzz.sh CREASY BUILD_DIR: random code as guests of CP, which
# must survive it (issue 13, section 6). Give it the sanitizer build.
#
# Each seed is one run of programs/kernels/fuzzcp.elf (random bytes as
# code, supervisor and problem state, DAT on and off, its own tables and
# keys, I/O, DIAGNOSE and SIE among them; see the kernel): first on the
# bare machine, then as a user of CP in each mode (trap, sie), a batch
# of users to a boot of CP. Beside them in every boot run a sentinel
# (programs/kernels/victim.elf, with its minidisk) and a referee
# (programs/kernels/fuzzref.elf), which FORCEs the fuzzed users off at a
# deadline in virtual time, as an operator would: random code may loop
# disabled for ever, which CP rightly allows. A first boot in each mode
# has the sentinel alone: its baseline. Every boot must show:
#
#   - the host unharmed: creasy exits 0 within its time limit, with no
#     sanitizer report, and the real machine never check-stopped;
#   - CP alive: no abend (DMKABN, "CP ABEND"), and once all is quiet it
#     answers the operator's QUERY NAMES;
#   - the sentinel unchanged: it ends in the pass wait, and its console
#     lines and minidisk are as in the baseline (CP's notices of messages
#     and files others sent it apart: anyone may send a user those).
#
# A fuzzed machine may end any way CP allows: its budget done (its own
# counts and the pass wait), a disabled wait it loaded, CP stopping an
# interruption loop, a LOGOFF or re-IPL it asked for, or FORCEd by the
# referee. The summary counts each.
#
# Environment: FUZZ_CP_SEEDS (seeds per mode, default 20), FUZZ_CP_FIRST
# (the first seed, default 1), FUZZ_CP_BATCH (users per boot, default
# 10), FUZZ_CP_BUDGET (interruptions per seed, default 1500),
# FUZZ_CP_DEADLINE (the referee's, in ms of virtual time, default 6000),
# FUZZ_CP_MODES (default "trap sie"). Seeds, budget and deadline are at
# most FFFF (four hex digits of an IPL parameter). KEEP=1 keeps the work
# directory; each boot's console.txt ends with 'vms' and 'counters'.
# REPLAY: FUZZ_CP_FIRST=S FUZZ_CP_SEEDS=1 FUZZ_CP_MODES=MODE KEEP=1 tests/fuzz/cpfuzz.sh ...
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../cp/cpdisk.sh"
seeds=${FUZZ_CP_SEEDS:-20} first=${FUZZ_CP_FIRST:-1} batch=${FUZZ_CP_BATCH:-10}
budget=${FUZZ_CP_BUDGET:-1500} deadline=${FUZZ_CP_DEADLINE:-6000} modes=${FUZZ_CP_MODES:-trap sie}
if [ $((first + seeds - 1)) -gt 65535 ] || [ "$budget" -gt 65535 ] || [ "$deadline" -gt 65535 ]; then
    echo "cpfuzz.sh: seeds, FUZZ_CP_BUDGET and FUZZ_CP_DEADLINE are at most 65535" >&2; exit 2
fi
work=$(mktemp -d /tmp/creasy-cpfuzz.XXXXXX)
[ -n "${KEEP:-}" ] && echo "work directory: $work" || trap 'rm -rf "$work"' EXIT
fail=0
start=$SECONDS

ebcdic_hex() {   # ebcdic_hex 0A1F: the EBCDIC of four hex digits, as a hex word
    local s=$1 out="" i c
    for ((i = 0; i < 4; i++)); do
        c=${s:i:1}
        case $c in [0-9]) out+="F$c" ;; *) out+="C$(( 0x$c - 9 ))" ;; esac
    done
    echo "$out"
}

ipl_disk() {   # ipl_disk FILE ELF
    "$creasy" disk format "$1" --blocks 256 --label KERNEL --nucleus-blocks 160 > /dev/null &&
        "$creasy" disk ipl "$1" "$2"
}
ipl_disk "$work/fuzz.disk" "$build/programs/kernels/fuzzcp.elf" &&
    ipl_disk "$work/victim.disk" "$build/programs/kernels/victim.elf" &&
    ipl_disk "$work/referee.disk" "$build/programs/kernels/fuzzref.elf" || exit 1

# ---- bare: each seed on the machine alone ----
bare_fail=0 bare_pass=0 bare_other=0
for ((s = first; s < first + seeds; s++)); do
    hex=$(printf %04X "$s")
    "$creasy" run "$build/programs/kernels/fuzzcp.elf" --gpr 2="$(ebcdic_hex "$hex")" \
        --gpr 3="$(ebcdic_hex "$(printf %04X "$budget")")" --max-instructions 300000000 \
        --console "$work/bare.console" > "$work/bare.out" 2> "$work/bare.err"
    rc=$?
    if grep -q 'Sanitizer\|runtime error' "$work/bare.err" || [ $rc -gt 1 ]; then
        echo "FAIL  bare seed $hex: the host (exit $rc): $(grep -m1 'Sanitizer\|runtime error' "$work/bare.err")"
        bare_fail=$((bare_fail + 1)); fail=1
    elif grep -q '^PSW=000A0000 8000600D' "$work/bare.out"; then
        bare_pass=$((bare_pass + 1))
    else
        bare_other=$((bare_other + 1))
    fi
done
echo "bare: $seeds seeds: $bare_pass spent their budget, $bare_other stopped otherwise (a wait or loop of their own), $bare_fail host faults"

# ---- under CP ----
directory() {   # directory FIRST COUNT > yaml
    local f=$1 n=$2 i
    cat <<YAML
users:
  - userid: OPERATOR
    class: ABCDEFG
    storage: 1M
    console: {vaddr: 009, terminal: 009}
    autolog: true
  - userid: VICTIM
    storage: 1M
    console: {vaddr: 009, terminal: 020}
    mdisks:
      - {vaddr: 100, rdev: 100, start: 0, blocks: 256, mode: R}
      - {vaddr: 191, rdev: 300, start: 64, blocks: 64, mode: W}
    ipl: 100
    ipl_parm: "VICTIM  0001"
    autolog: true
  - userid: REFEREE
    class: ABCDEFG
    storage: 1M
    console: {vaddr: 009, terminal: 021}
    mdisks:
      - {vaddr: 100, rdev: 102, start: 0, blocks: 256, mode: R}
    ipl: 100
    ipl_parm: "REFEREE $(printf %04X $((n ? deadline : 0)))$(printf %04X "$n")"
    autolog: true
YAML
    for ((i = 1; i <= n; i++)); do
        cat <<YAML
  - userid: FUZZ$(printf %02d $i)
    storage: 1M
    console: {vaddr: 009, terminal: $(printf %03X $((0x30 + i)))}
    mdisks:
      - {vaddr: 100, rdev: 101, start: 0, blocks: 256, mode: R}
    ipl: 100
    ipl_parm: "FUZZ    $(printf %04X $((f + i - 1)))$(printf %04X "$budget")"
    autolog: true
YAML
    done
}

system_yaml() {   # system_yaml COUNT > yaml
    local i
    cat <<YAML
storage: 64M
ipl: 1A0
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 021, type: 3215}
YAML
    for ((i = 1; i <= $1; i++)); do printf '  - {address: %03X, type: 3215}\n' $((0x30 + i)); done
    cat <<YAML
  - {address: 1A0, type: FBA, file: cp1a0.disk, readonly: true}
  - {address: 100, type: FBA, file: $work/victim.disk, readonly: true}
  - {address: 101, type: FBA, file: $work/fuzz.disk, readonly: true}
  - {address: 102, type: FBA, file: $work/referee.disk, readonly: true}
  - {address: 300, type: FBA, file: dasd300.disk, create: 2048}
YAML
}

# boot DIR FIRST COUNT: one boot of CP; leaves DIR/console.txt, rc, stderr.txt, victim.*
boot() {
    local dir=$1
    mkdir -p "$dir"
    directory "$2" "$3" > "$dir/directory.yaml"
    system_yaml "$3" > "$dir/system.yaml"
    printf 'echo ---- quiet\n.query names\nvms\ncounters\n' > "$dir/script.cmd"
    cp_disk "$creasy" "$build" "$dir/directory.yaml" "$dir/cp1a0.disk" > "$dir/setup.txt" 2>&1 ||
        { echo 99 > "$dir/rc"; return; }
    (cd "$dir" && timeout 600 "$creasy" --config system.yaml --script script.cmd --timeout 300 \
        > console.txt 2> stderr.txt; echo $? > rc)
    sed -n 's/^VICTIM: //p' "$dir/console.txt" | grep -v '^RDR FILE [0-9]* SENT FROM \|^MSG FROM [A-Z0-9]*: ' \
        > "$dir/victim.console"
    dd if="$dir/dasd300.disk" bs=512 skip=64 count=64 status=none | od -A x -t x1 > "$dir/victim.disk"
}

# What is wrong with a boot, or nothing.
trouble() {
    local dir=$1 rc
    rc=$(cat "$dir/rc")
    if [ "$rc" = 99 ]; then echo "no CP disk: $(tail -1 "$dir/setup.txt")"
    elif [ "$rc" != 0 ]; then echo "creasy exited with status $rc: $(grep -m1 . "$dir/stderr.txt")"
    elif grep -q 'Sanitizer\|runtime error' "$dir/stderr.txt"; then
        echo "a sanitizer report: $(grep -m1 'Sanitizer\|runtime error' "$dir/stderr.txt")"
    elif grep -q 'DMKABN\|CP ABEND' "$dir/console.txt"; then
        echo "CP ABENDED: $(grep -m1 'DMKABN\|CP ABEND' "$dir/console.txt")"
    elif grep -q '^check-stop:' "$dir/console.txt"; then
        echo "the real machine check-stopped: $(grep -m1 -A1 '^check-stop:' "$dir/console.txt" | tr '\n' ' ')"
    elif ! sed -n '/^---- quiet/,$p' "$dir/console.txt" | grep -q 'REFEREE.*LOGGED ON\|VICTIM'; then
        echo "CP did not answer QUERY NAMES"
    elif ! grep -q "DISABLED WAIT PSW '000A0000 8000600D'" "$dir/victim.console"; then
        echo "the sentinel did not finish: $(tail -1 "$dir/victim.console")"
    elif [ -f "${2:-}" ] && ! diff -q "$2" "$dir/victim.console" > /dev/null; then
        echo "the sentinel's console changed: $(diff "$2" "$dir/victim.console" | sed -n 2p)"
    elif [ -f "${3:-}" ] && ! diff -q "$3" "$dir/victim.disk" > /dev/null; then
        echo "the sentinel's minidisk changed"
    fi
}

# How each fuzzed user ended: one word a user (its terminal's last word on the matter).
outcomes() {   # outcomes DIR COUNT
    local dir=$1 n=$2 i u out
    for ((i = 1; i <= n; i++)); do
        u=FUZZ$(printf %02d $i)
        out=$(grep "^$u: " "$dir/console.txt")
        if grep -q "RESUMED, .* PROGRAMS" <<< "$out"; then echo budget
        elif grep -q "INTERRUPT LOOP" <<< "$out"; then echo loop
        elif grep -q "DISABLED WAIT" <<< "$out"; then echo wait
        elif grep -q "^REFEREE: REFEREE: FORCE $u: 0\$" "$dir/console.txt"; then echo forced
        else echo gone
        fi
    done
}

total_boots=0
declare -A ends=()
for mode in $modes; do
    export CP_MODE=$mode
    base="$work/$mode-baseline"
    boot "$base" 0 0
    why=$(trouble "$base")
    if [ -n "$why" ]; then
        echo "FAIL  $mode: baseline (the sentinel alone): $why"; fail=1; continue
    fi
    echo "pass  $mode: baseline: the sentinel alone, $(wc -l < "$base/victim.console") console lines"
    for ((s = first; s < first + seeds; s += batch)); do
        n=$((first + seeds - s < batch ? first + seeds - s : batch))
        dir="$work/$mode-$s"
        boot "$dir" "$s" "$n"
        total_boots=$((total_boots + 1))
        range=$(printf '%04X-%04X' "$s" $((s + n - 1)))
        why=$(trouble "$dir" "$base/victim.console" "$base/victim.disk")
        if [ -n "$why" ]; then
            echo "FAIL  $mode: seeds $range: $why"
            echo "      replay: FUZZ_CP_FIRST=$s FUZZ_CP_SEEDS=$n FUZZ_CP_MODES=$mode KEEP=1 $0 $1 $2"
            fail=1; continue
        fi
        summary=$(outcomes "$dir" "$n" | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')
        for w in $(outcomes "$dir" "$n"); do ends[$mode-$w]=$(( ${ends[$mode-$w]:-0} + 1 )); done
        echo "pass  $mode: seeds $range: CP survived ($summary); the sentinel unchanged"
    done
done
for mode in $modes; do
    line=""
    for w in budget wait loop forced gone; do line+=" ${ends[$mode-$w]:-0} $w,"; done
    echo "under CP ($mode): $seeds seeds:${line%,}"
done
echo "cpfuzz: $seeds seeds, bare and in $(wc -w <<< "$modes") modes of CP, $((SECONDS - start)) s: $([ $fail = 0 ] && echo 'no abend, no host fault' || echo FAILED)"
exit $fail
