#!/bin/bash
# tests/cp/kernels.sh CREASY BUILD_DIR KERNEL.elf...: equivalence for
# programs that are their own operating system. Each bare "guest kernel"
# runs on the bare machine (creasy run) and as the only user of CP, IPLed
# from a minidisk; its console lines and the PSW of the wait it ends in
# must be the same. The kernels run privileged instructions themselves
# (programs/kernels/privgen.c: generated sequences of them; dat.c: its
# own DAT, which CP shadows), so this is the trap-and-emulate half of
# Popek and Goldberg's equivalence that CMS scripts cannot reach.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2"); shift 2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-kernels.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
fail=0

. "$here/cpdisk.sh"
. "$here/nest.sh"   # CP_NEST="MODE MODE...": the kernel's CP under CP (nest.sh)
nest_disks "$creasy" "$build" "$here/kernels.yaml" "$work" 3 "100:1024:R" "" || exit 1
tag="${NEST_TAG}KERNEL"
cat > "$work/system.yaml" <<YAML
$(variant_yaml)
storage: ${NEST_STORAGE}M
ipl: 1A0
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
$NEST_DEVICES  - {address: 100, type: FBA, file: kernel.disk, readonly: true}
YAML

for k in "$@"; do
    name=$(basename "$k" .elf)
    # bare: the console's lines, then the wait PSW
    { "$creasy" run "$k" $(variant_option) --console "$work/console.txt" --max-instructions 200000000 > "$work/run.txt" 2>&1
      cat "$work/console.txt"; sed -n 's/^PSW=/WAIT PSW /p' "$work/run.txt"; } > "$work/$name.bare"
    # under CP: the user's terminal lines, then the wait PSW CP reports
    rm -f "$work/kernel.disk"
    "$creasy" disk format "$work/kernel.disk" --blocks 1024 --label KERNEL --nucleus-blocks 512 >/dev/null &&
        "$creasy" disk ipl "$work/kernel.disk" "$k" ||
        { echo "FAIL  $name: cannot make an IPL disk of it"; fail=1; continue; }
    (cd "$work" && printf 'go\n' | "$creasy" --config system.yaml > "$name.log" 2>&1)
    { sed -n "s|^$tag: ||p" "$work/$name.log" | grep -v DMKDSP450W
      sed -n "s|^$tag: DMKDSP450W CP ENTERED; DISABLED WAIT PSW '\(.*\)'|WAIT PSW \1|p" "$work/$name.log"; } > "$work/$name.cp"
    if ! grep -q "WAIT PSW 000A0000 8000600D" "$work/$name.bare"; then
        echo "FAIL  $name: it does not pass on the bare machine"; sed 's/^/      /' "$work/$name.bare" | tail -5; fail=1
    elif diff -u "$work/$name.bare" "$work/$name.cp" > "$work/$name.diff"; then
        echo "pass  $name: $(($(wc -l < "$work/$name.bare") - 1)) console lines and its wait PSW, bare and under CP${CP_NEST:+ under CP ($CP_NEST)}${CP_VARIANT:+ (the $CP_VARIANT machine)}"
    else
        echo "FAIL  $name: under CP it differs from the bare machine"; sed 's/^/      /' "$work/$name.diff" | head -30; fail=1
    fi
done
exit $fail
