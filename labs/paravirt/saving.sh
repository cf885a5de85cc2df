#!/bin/bash
# labs/paravirt/saving.sh CREASY BUILD_DIR: the paravirtualization lab's
# counted test. On the default system (CP, three CMS users), ALICE's CMS
# reads a file from the system disk twice, with SET DIAG OFF (real
# channel programs: SIO, an I/O interruption and its reflection for each)
# and with SET DIAG ON (DIAGNOSE X'18': one entry into CP for each). The
# output must be the same; the entries into CP (the TRAPS, SVCS, PGMS
# and I/O columns of `vms`, CP's own counters) must fall to at most three fifths.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/creasy-pv.XXXXXX)
[ -n "${KEEP:-}" ] && echo "work directory: $work" || trap 'rm -rf "$work"' EXIT
. "$root/tests/cp/cpdisk.sh"
default_system "$creasy" "$build" "$work" || exit 1
cat > "$work/script.cmd" <<'CMD'
vms
console alice
.set diag off
go
vms
.wc type helpcms s
go
vms
.set diag on
go
vms
.wc type helpcms s
go
vms
CMD
(cd "$work" && "$creasy" --config system.yaml --script script.cmd > out.txt 2>&1)
entries() {   # entries N: ALICE's traps + SVCs + program interruptions + I/O in the Nth vms listing
    awk -v n="$1" '/^USERID/ {k++} k == n && $1 == "ALICE" {print $7 + $8 + $9 + $10}' "$work/out.txt"
}
e2=$(entries 2) e3=$(entries 3) e4=$(entries 4) e5=$(entries 5)
if [ -z "$e5" ]; then
    echo "FAIL  no vms listing to read"; tail -20 "$work/out.txt" | sed 's/^/      /'; exit 1
fi
off=$((e3 - e2)) on=$((e5 - e4))
typed() { awk -v n="$1" '/^USERID/ {k++} k == n && /^ALICE: /' "$work/out.txt"; }
if ! diff <(typed 2) <(typed 4) > "$work/diff.txt"; then
    echo "FAIL  the file reads differently with DIAG ON and OFF"; head -20 "$work/diff.txt" | sed 's/^/      /'; exit 1
fi
if [ "$off" -le 0 ] || [ $((on * 5)) -gt $((off * 3)) ]; then
    echo "FAIL  entries into CP for the same command: $off with SET DIAG OFF, $on with DIAG ON (want at most three fifths)"; exit 1
fi
echo "pass  the same output; entries into CP: $off with SET DIAG OFF, $on with DIAG ON"
