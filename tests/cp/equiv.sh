#!/bin/bash
# tests/cp/equiv.sh CREASY BUILD_DIR NAME.cmd...: Popek and Goldberg's
# equivalence, measured: each CMS console script runs on CMS on the bare
# machine and on CMS under CP, and the two must give the same console
# output, the same printer and punch output, and the same files on the
# minidisks (as `creasy disk list` sees them).
#
# Under CP the user (CMSUSER, tests/cp/equiv.yaml) has the bare system's
# own devices: whole real disks as minidisks, the reader, punch and printer
# dedicated. Only the guest's console lines are compared (CP's messages to
# the operator are not the guest's). The scripts' console commands that
# reach into the real machine (breakpoints, stepping, IPL from the console)
# and the expects are left out of both runs, and so are the CMS commands whose answers
# differ by design under CP: QUERY DIAG and SET DIAG (CMS is told it runs
# under CP), CP (there is a CP to answer), and unknown commands (CMS passes
# them to CP, as VM/370's CMS does).
set -u
creasy=$(realpath "$1"); build=$(realpath "$2"); shift 2
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$here/../cms/data" && pwd)
fail=0
work=$(mktemp -d /tmp/creasy-equiv.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# CP's system disk for these runs: its nucleus and the test directory;
# with CP_NEST, CMSUSER's CP runs under CP (nest.sh)
. "$here/cpdisk.sh"
. "$here/nest.sh"
nest_disks "$creasy" "$build" "$here/equiv.yaml" "$work" 16 "190:4096:R 191:2048:W 192:256:W" "00C 00D 00E" || exit 1

keep_line() {   # the script lines both runs get
    grep -E '^\.|^cards ' | grep -viE '^\.(q|query) +diag|^\.set +diag|^\.cp( |$)|^\.frobnicate'
}

devices() {   # the devices both systems have
    cat <<YAML
  - {address: 00C, type: 2540R}
  - {address: 00D, type: 2540P, file: punch.txt}
  - {address: 00E, type: 1403, file: print.txt}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
  - {address: 191, type: FBA, file: user191.disk, create: 2048}
  - {address: 192, type: FBA, file: user192.disk, create: 256}
YAML
}

run() {   # run MODE DIR SCRIPT: the guest's side of the run, normalized
    local mode=$1 dir=$2 script=$3 tag
    if [ "$mode" = bare ]; then
        { variant_yaml; echo "storage: 16M"; echo "ipl: 190"; echo "devices:"; echo "  - {address: 009, type: 3215}"; devices; } > "$dir/system.yaml"
        tag="009: "
        cp "$script" "$dir/script.cmd"
    else
        { variant_yaml; echo "storage: ${NEST_STORAGE}M"; echo "ipl: 1A0"; echo "devices:"; echo "  - {address: 009, type: 3215}";
          echo "  - {address: 020, type: 3215}"; printf '%s' "$NEST_DEVICES"; devices; } > "$dir/system.yaml"
        tag="${NEST_TAG}CMSUSER: "
        { echo "console 020"; cat "$script"; } > "$dir/script.cmd"
    fi
    (cd "$dir" && "$creasy" --config system.yaml --script script.cmd > console.txt 2>&1; echo "exit $?" >> console.txt)
    {
        grep -F "$tag" "$dir/console.txt" | sed "s|^$tag||"
        grep '^stdin\|^script\|exit ' "$dir/console.txt"
        for f in print.txt punch.txt; do [ -s "$dir/$f" ] && { echo "---- $f"; cat "$dir/$f"; }; done
        for d in user191.disk user192.disk; do
            "$creasy" disk list "$dir/$d" > /dev/null 2>&1 && { echo "---- $d"; "$creasy" disk list "$dir/$d" 2>&1 | sed "s|$dir/||"; }
        done
    } > "$dir/guest.txt"
}

for s in "$@"; do
    name=$(basename "$s" .cmd)
    for mode in bare cp; do
        mkdir -p "$work/$name/$mode"
        cp "$data"/* "$work/$name/$mode"/
        if [ -x "$here/../cms/$name.setup" ]; then
            (cd "$work/$name/$mode" && CREASY="$creasy" "$here/../cms/$name.setup") > /dev/null 2>&1 ||
                { echo "FAIL  $s: $name.setup failed"; fail=1; continue 2; }
        fi
    done
    keep_line < "$s" > "$work/$name/script.cmd"
    run bare "$work/$name/bare" "$work/$name/script.cmd"
    run cp "$work/$name/cp" "$work/$name/script.cmd"
    lines=$(grep -c . "$work/$name/bare/guest.txt")
    if diff -u "$work/$name/bare/guest.txt" "$work/$name/cp/guest.txt" > "$work/$name/diff"; then
        echo "pass  $s: bare and under CP${CP_NEST:+ under CP ($CP_NEST)} agree ($lines lines of console, printer, punch and disk listings)"
    else
        echo "FAIL  $s: CMS under CP differs from CMS on the bare machine"
        sed 's/^/      /' "$work/$name/diff" | head -40
        fail=1
    fi
done
exit $fail
