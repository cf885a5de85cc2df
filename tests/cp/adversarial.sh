#!/bin/bash
# tests/cp/adversarial.sh CREASY BUILD_DIR: resource control, proven. Each
# adversary of programs/adversarial/ runs under CP beside the victims of
# tests/cp/adversarial.yaml (two bare kernels, programs/kernels/victim.c,
# and a CMS user typing tests/cp/adversarial.in), then all of them at once;
# a first run has the victims alone. Every run must show:
#
#   (a) the adversary contained: its own checks passed (its console ends in
#       the pass wait and has no FAIL line), or, for the attacks a guest
#       cannot see (a disabled loop, timer games, spool floods), that CP
#       still ran everyone: the victims finished, and the adversary used
#       no more CPU than its share while they ran;
#   (b) the victims unchanged: each one's console lines, the printer's
#       output and the files they wrote on their minidisks (raw blocks for
#       the kernels, `creasy disk list` and every file's contents for the
#       CMS user) are the same as in the run without adversaries. CP's
#       notices that a file arrived in a victim's reader are not the
#       victim's output (anyone may send a user files, as on VM/370) and
#       are left out;
#   (c) the host unharmed: creasy (give it the sanitizer build) exits 0,
#       within its time limit, with no sanitizer report, CP did not
#       abend, and the real machine did not check-stop.
#
# Prints "pass  NAME" or "FAIL  NAME: reason" for each run; exits 1 if any
# failed. KEEP=1 keeps the work directory; ONLY=USERID runs the baseline
# and that adversary alone.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/cpdisk.sh"
fail=0
work=$(mktemp -d /tmp/creasy-adv.XXXXXX)
[ -n "${KEEP:-}" ] && echo "work directory: $work" || trap 'rm -rf "$work"' EXIT

victims="VICTIM1 VICTIM2 CMSUSER"
# The adversaries, one a line: userid, program (programs/adversarial/),
# what (a) checks, its read-write and read-only minidisks on the shared
# DASD 300 (vaddr@start+blocks:mode, or -), and extras (spool: a reader,
# punch and printer; link190: MAINT's CMS system disk, read-only, at 190;
# input: its terminal types it tests/cp/PROGRAM.in; or -). What (a) checks: "self" (its own checks), "share" (its own
# checks, and its CPU share: the CPU time CP charged it over its lifetime,
# from 'vms', and in each phase of its attack, as it reports in SHARE
# lines, at most SHARE_MAX_PERCENT; with the two victim kernels always
# ready to run while it attacks, its fair share is a third), "gone" (it
# logs itself off: the operator console says so), "stopped" (its own
# checks, then a loop that CP ends by stopping it: its terminal shows CP's
# "CP ENTERED; ... LOOP" message). Each gets terminal 030 on and IPL disk
# 101 on in table order; LEAVER must come first (adversarial.yaml says
# why).
adversaries=(
    "LEAVER   leaver   gone    191@768+64:W   -"
    "STORAGE  storage  self    -              -"
    "CCW      ccw      self    191@0+64:W     -"
    "EXTENT   extent   self    191@704+32:W,192@736+16:R -"
    "LOOPER   looper   share   -              -"
    "TIMERS   timers   share   -              -"
    "KEYS     keys     self    191@896+64:W   -"
    "DAT      dat      self    -              -"
    "DIAG     diag     self    191@832+64:W   -"
    "SPOOLER  spool    self    -              spool"
    "TICDC    ticdc    self    191@960+64:W   -"
    "DECHAIN  dechain  self    191@1024+64:W,192@1088+16:R link190"
    "SELFMOD  selfmod  self    191@1280+64:W  -"
    "CCWFLAGS ccwflags self    191@1152+64:W  -"
    "RDCLEAK  rdcleak  self    191@1216+64:W  -"
    "DIAG18X  diag18x  self    191@1472+64:W  -"
    "IOSTORM  iostorm  self    191@1344+64:W  -"
    "EXTLOOP  extloop  stopped -              -"
    "CPTLOOP  cptloop  stopped -              -"
    "PGMLOOP  pgmloop  stopped -              -"
    "NEWPSW   newpsw   self    -              -"
    "SIEOP    sieop    self    -              -"
    "SIETLB   sietlb   self    -              -"
    "MSGFLOOD msgflood self    -              input"
    "RDRMID   rdrmid   self    -              spool"
    "CPCMDS   cpcmds   self    -              spool"
    "SPOOLX   spoolx   self    -              spool"
    "VCONS    vcons    self    -              -"
    "KEYRACE  keyrace  self    191@1408+64:W  -"
    "DATTHRSH datthrsh self    -              -"
    "SIECP    siecp    share   191@1536+64:W  -"
    "SIECPCS  siecpcs  self    -              -"
)
SHARE_MAX_PERCENT=50

# The IPL disks: the victim kernel and each adversary, read-only.
ipl_disk() {   # ipl_disk FILE ELF
    "$creasy" disk format "$1" --blocks 256 --label KERNEL --nucleus-blocks 160 > /dev/null &&
        "$creasy" disk ipl "$1" "$2"
}
ipl_disk "$work/d100.disk" "$build/programs/kernels/victim.elf" || exit 1
n=0
for a in "${adversaries[@]}"; do
    set -- $a
    if [ -f "$build/programs/adversarial/$2.elf" ]; then
        ipl_disk "$work/d$(printf %X $((0x101 + n))).disk" "$build/programs/adversarial/$2.elf" || exit 1
    else   # an empty IPL disk: its run fails, the others go on
        "$creasy" disk format "$work/d$(printf %X $((0x101 + n))).disk" --blocks 256 --label KERNEL > /dev/null
    fi
    n=$((n + 1))
done

# The directory with only these adversaries logged on at IPL: the
# adversaries' entries from the table, then adversarial.yaml's users.
directory() {   # directory "USERID..." > yaml
    local on=" $1 " n=0 a m vaddr rest start blocks mode
    echo "users:"
    for a in "${adversaries[@]}"; do
        set -- $a
        echo "  - userid: $1"
        echo "    storage: 1M"
        printf '    console: {vaddr: 009, terminal: %03X}\n' $((0x30 + n))
        echo "    mdisks:"
        printf '      - {vaddr: 100, rdev: %03X, start: 0, blocks: 256, mode: R}\n' $((0x101 + n))
        if [ "$4" != - ]; then
            for m in ${4//,/ }; do
                vaddr=${m%%@*} rest=${m#*@}
                start=${rest%%+*} rest=${rest#*+}
                blocks=${rest%%:*} mode=${rest#*:}
                echo "      - {vaddr: $vaddr, rdev: 300, start: $start, blocks: $blocks, mode: $mode}"
            done
        fi
        case " ${5//,/ } " in *" spool "*) echo "    spool: {reader: 00C, punch: 00D, printer: 00E}" ;; esac
        case " ${5//,/ } " in *" link190 "*)
            echo "    links:"
            echo "      - {vaddr: 190, user: MAINT, target: 190, mode: R}" ;;
        esac
        echo "    ipl: 100"
        case "$on" in *" $1 "*) echo "    autolog: true" ;; *) echo "    autolog: false" ;; esac
        n=$((n + 1))
    done
    sed '/^users:/d' "$here/adversarial.yaml"
}

system_yaml() {
    echo "storage: 64M"
    echo "ipl: 1A0"
    echo "devices:"
    echo "  - {address: 009, type: 3215}"
    echo "  - {address: 020, type: 3215}"
    echo "  - {address: 021, type: 3215}"
    echo "  - {address: 022, type: 3215, input: cmsuser.in}"
    local t
    local a t=0x30
    for a in "${adversaries[@]}"; do
        set -- $a
        case " ${5//,/ } " in
            *" input "*) printf '  - {address: %03X, type: 3215, input: %s}\n' $t "$here/$2.in" ;;
            *) printf '  - {address: %03X, type: 3215}\n' $t ;;
        esac
        t=$((t + 1))
    done
    echo "  - {address: 00D, type: 2540P, file: punch.txt}"
    echo "  - {address: 00E, type: 1403, file: print.txt}"
    echo "  - {address: 1A0, type: FBA, file: cp1a0.disk, readonly: true}"
    echo "  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}"
    echo "  - {address: 300, type: FBA, file: dasd300.disk, create: 2048}"
    for d in "$work"/d1*.disk; do
        local n=$(basename "$d" .disk)
        echo "  - {address: ${n#d}, type: FBA, file: $d, readonly: true}"
    done
}

# run NAME "USERID...": CP with the victims and these adversaries; leaves
# NAME/console.txt, NAME/rc, NAME/stderr.txt and NAME/victims/ (what (b)
# compares).
run() {
    local name=$1 on=$2 dir="$work/$1"
    mkdir -p "$dir/victims"
    directory "$on" > "$dir/directory.yaml"
    system_yaml > "$dir/system.yaml"
    cp "$here/adversarial.in" "$dir/cmsuser.in"
    echo "vms" > "$dir/script.cmd"
    cp_disk "$creasy" "$build" "$dir/directory.yaml" "$dir/cp1a0.disk" > "$dir/setup.txt" 2>&1 ||
        { echo "setup failed" > "$dir/rc"; return; }
    (cd "$dir" && timeout 60 "$creasy" --config system.yaml --script script.cmd > console.txt 2> stderr.txt
        echo $? > rc)
    local v
    for v in $victims; do
        grep "^$v: " "$dir/console.txt" | sed "s/^$v: //" | grep -v '^RDR FILE [0-9]* SENT FROM \|^MSG FROM [A-Z0-9]*: ' \
            > "$dir/victims/$v.console"
    done
    [ -f "$dir/print.txt" ] && cp "$dir/print.txt" "$dir/victims/printer"
    dd if="$dir/dasd300.disk" of="$dir/victim1.disk" bs=512 skip=64 count=64 status=none
    dd if="$dir/dasd300.disk" of="$dir/victim2.disk" bs=512 skip=128 count=64 status=none
    dd if="$dir/dasd300.disk" of="$dir/cmsuser.disk" bs=512 skip=192 count=512 status=none
    od -A x -t x1 "$dir/victim1.disk" > "$dir/victims/VICTIM1.191"
    od -A x -t x1 "$dir/victim2.disk" > "$dir/victims/VICTIM2.191"
    "$creasy" disk list "$dir/cmsuser.disk" 2>&1 | sed "s|$dir/||" > "$dir/victims/CMSUSER.191"
    "$creasy" disk list "$dir/cmsuser.disk" 2>/dev/null | awk 'NR > 2 { print $1, $2 }' | while read -r fn ft; do
        echo "---- $fn $ft"
        "$creasy" disk get "$dir/cmsuser.disk" "$fn" "$ft" - --binary | od -A x -t x1
    done >> "$dir/victims/CMSUSER.191"
}

# The host's side, (c): empty if all is well, else why not.
host_trouble() {
    local dir="$work/$1" rc
    rc=$(cat "$dir/rc")
    if [ "$rc" = 124 ]; then echo "the host did not finish in 60 s (CP or the machine hung)"
    elif [ "$rc" != 0 ]; then echo "creasy exited with status $rc"
    elif grep -q 'Sanitizer\|runtime error' "$dir/stderr.txt"; then
        echo "a sanitizer report: $(grep -m1 'Sanitizer\|runtime error' "$dir/stderr.txt")"
    elif grep -q 'DMKABN' "$dir/console.txt"; then echo "CP abended: $(grep -m1 DMKABN "$dir/console.txt")"
    elif grep -q '^check-stop:' "$dir/console.txt"; then
        echo "the real machine check-stopped, CP and everyone with it: $(grep -A2 '^check-stop:' "$dir/console.txt" | tr '\n' ' ' | cut -c1-160)"
    fi
}

# The victims' side, (b): empty if they are as in the baseline run, else
# which results changed and how the first one did.
victims_changed() {
    local dir="$work/$1" f why="" first=""
    for f in "$work/baseline/victims"/*; do
        if ! diff -q "$f" "$dir/victims/$(basename "$f")" > /dev/null 2>&1; then
            why="$why $(basename "$f")"
            [ -z "$first" ] && first=$f
        fi
    done
    if [ -n "$why" ]; then
        echo "the victims' results changed:$why"
        diff "$first" "$dir/victims/$(basename "$first")" 2>&1 | head -8 | sed 's/^/      /'
    fi
}

# The adversary's side, (a).
adversary_trouble() {   # adversary_trouble RUN USERID CHECK
    local dir="$work/$1" user=$2 how=$3 out
    out=$(grep "^$user: " "$dir/console.txt")
    case $how in
    self|share)
        if grep -q " FAIL " <<< "$out"; then
            echo "its own check failed: $(grep -m1 " FAIL " <<< "$out" | sed "s/^$user: //")"; return
        fi
        if ! grep -q "DISABLED WAIT PSW '000A0000 8000600D'" <<< "$out"; then
            echo "it did not end in the pass wait: $(tail -1 <<< "$out")"; return
        fi ;;
    gone)
        grep -q "^009: $user LOGOFF" "$dir/console.txt" || echo "it did not log off"
        return ;;
    stopped)
        if grep -q " FAIL " <<< "$out"; then
            echo "its own check failed: $(grep -m1 " FAIL " <<< "$out" | sed "s/^$user: //")"; return
        fi
        if ! grep -q "^$user: $user: [0-9]* CHECKS, 0 FAILED" <<< "$out"; then
            echo "it did not finish its checks before its loop: $(tail -1 <<< "$out")"; return
        fi
        grep -q "^$user: DMKDSP45[23]W CP ENTERED; [A-Z]* INTERRUPT LOOP" <<< "$out" ||
            echo "CP did not stop its interruption loop: $(tail -1 <<< "$out")"
        return ;;
    esac
    if [ "$how" = share ]; then
        local elapsed cpu phase most=0
        elapsed=$(sed -n "s/^$user: .*ELAPSED \([0-9]*\) MS.*/\1/p" <<< "$out" | tail -1)
        cpu=$(awk -v u="$user" '$1 == u && NF >= 11 { print $NF }' "$dir/console.txt" | tail -1)
        if [ -z "$elapsed" ] || [ -z "$cpu" ] || [ "$elapsed" -eq 0 ]; then
            echo "no ELAPSED line or no CPU time for it in 'vms'"; return
        elif [ $((cpu * 100)) -gt $((elapsed * SHARE_MAX_PERCENT)) ]; then
            echo "it had $cpu ms of CPU in its $elapsed ms: more than its share (${SHARE_MAX_PERCENT}%)"; return
        fi
        while read -r phase cpu elapsed; do
            [ "$elapsed" -gt 0 ] || continue
            if [ $((cpu * 100)) -gt $((elapsed * SHARE_MAX_PERCENT)) ]; then
                echo "in its $phase it had $cpu ms of CPU in $elapsed ms: more than its share (${SHARE_MAX_PERCENT}%)"
                return
            fi
            [ $((cpu * 100 / elapsed)) -gt $most ] && most=$((cpu * 100 / elapsed))
        done < <(sed -n "s/^$user: .*SHARE \([^ ]*\) \([0-9]*\) OF \([0-9]*\) MS.*/\1 \2 \3/p" <<< "$out")
        summary="at most $most% of the CPU in any phase of its attack; "
    fi
}

# What (a) saw, for the pass line.
checked() {   # checked RUN USERID
    sed -n "s/^$2: $2: \([0-9]*\) CHECKS, 0 FAILED/its \1 checks passed; /p" "$work/$1/console.txt" | tail -1
}

run baseline ""
why=$(host_trouble baseline)
for v in VICTIM1 VICTIM2; do
    grep -q "DISABLED WAIT PSW '000A0000 8000600D'" "$work/baseline/victims/$v.console" || why="$why $v did not pass"
done
grep -q "^CMS191 *191 *A *R/W" "$work/baseline/victims/CMSUSER.console" || why="$why CMSUSER did not finish its work"
if [ -n "$why" ]; then
    echo "FAIL  baseline: $why"
    exit 1
fi
echo "pass  baseline: the victims alone ($(cat "$work/baseline/victims/"*.console | wc -l) console lines)"

all=""
for a in "${adversaries[@]}"; do
    set -- $a
    [ -n "${ONLY:-}" ] && [ "$ONLY" != "$1" ] && continue
    all="$all $1"
    run "$1" "$1"
    summary=""
    why=$(host_trouble "$1")
    [ -z "$why" ] && { adversary_trouble "$1" "$1" "$3" > "$work/why"; why=$(cat "$work/why"); }
    [ -z "$why" ] && why=$(victims_changed "$1")
    if [ -n "$why" ]; then
        echo "FAIL  $1: $why"
        fail=1
    else
        [ "$3" = gone ] && summary="it logged off with its I/O running; "
        [ "$3" = stopped ] && summary="CP stopped its loop; "
        echo "pass  $1: $(checked "$1" "$1")${summary}the victims' results are unchanged"
    fi
done

[ -n "${ONLY:-}" ] && exit $fail
run all "$all"
why=$(host_trouble all)
if [ -z "$why" ]; then
    for a in "${adversaries[@]}"; do
        set -- $a
        [ "$3" = share ] && set -- "$1" "$2" self   # shares are measured alone
        why=$(adversary_trouble all "$1" "$3")
        [ -n "$why" ] && { why="$1: $why"; break; }
    done
fi
[ -z "$why" ] && why=$(victims_changed all)
if [ -n "$why" ]; then
    echo "FAIL  all at once: $why"
    fail=1
else
    echo "pass  all at once: ${#adversaries[@]} adversaries together; the victims' results are unchanged"
fi
exit $fail
