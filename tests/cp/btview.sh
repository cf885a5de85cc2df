#!/bin/bash
# tests/cp/btview.sh CREASY BUILD_DIR: the console's view of a bt-mode
# user's translation cache (machine/console/console_bt.c, cp/bt.c). A
# flawed-machine kernel (programs/flawed/critsect.elf) runs as KERNEL in
# bt mode: `bt KERNEL` lists its counters and blocks, `bt KERNEL ADDR`
# shows a block beside the guest's code, with its exit stubs; `bt` of a
# user in another mode, of an address no block holds, and of garbage are
# errors. Looking changes nothing: the run ends after as many
# instructions with the views as without.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-btview.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
fail=0
. "$here/cpdisk.sh"

sed 's/^    ipl: 100$/    ipl: 100\n    mode: bt/' "$here/kernels.yaml" > "$work/dir.yaml"   # KERNEL in bt mode, OPERATOR in trap mode
cp_disk "$creasy" "$build" "$work/dir.yaml" "$work/cp1a0.disk" || exit 1
"$creasy" disk format "$work/kernel.disk" --blocks 1024 --label KERNEL --nucleus-blocks 512 >/dev/null &&
    "$creasy" disk ipl "$work/kernel.disk" "$build/programs/flawed/critsect.elf" || exit 1
cat > "$work/system.yaml" <<YAML
machine: {variant: flawed}
storage: 16M
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 1A0, type: FBA, file: cp1a0.disk}
  - {address: 100, type: FBA, file: kernel.disk, readonly: true}
YAML

session() {   # session SCRIPT-LINES...: the console's output, and the instructions the run took
    printf '%s\n' "ipl 1A0 stop" "go" "$@" "counters" | (cd "$work" && "$creasy" --config system.yaml --script /dev/stdin 2>&1)
}
check() {   # check WHAT PATTERN FILE
    if grep -qE "$2" "$3"; then echo "pass  $1"; else echo "FAIL  $1: no /$2/ in"; sed 's/^/      /' "$3" | tail -20; fail=1; fi
}

session > "$work/plain.txt"
addr=$(session "bt KERNEL" | tee "$work/list.txt" | sed -n 's/^  \([0-9A-F]\{8\}\)  .* at 7F.*/\1/p' | tail -1)
session "bt KERNEL" "bt KERNEL $addr" "bt OPERATOR" "bt KERNEL 7" "bt KERNEL XYZ" "bt NOBODY" > "$work/views.txt"
check "bt KERNEL: the cache's counters" "KERNEL's translation cache: [0-9]+ blocks now; [0-9]+ translated, .* [0-9]+ exits through stubs \([0-9]+ chained\), [0-9]+ instructions emulated by CP" "$work/list.txt"
check "bt KERNEL: its blocks, each at its place in the cache" "^  [0-9A-F]{8} +[0-9]+ bytes  at 7F0[0-9A-F]{5}" "$work/list.txt"
check "bt KERNEL $addr: the block beside the guest's code" "^block $addr, [0-9]+ bytes, at 7F0[0-9A-F]{5} in the cache" "$work/views.txt"
check "... the guest's instructions beside CP's copies" "^  $addr  [0-9A-F]+ +[A-Z]+ .*7F0[0-9A-F]{5}  [0-9A-F]+ +[A-Z]+" "$work/views.txt"
check "... and its stubs: into CP, or chained" "exit stub [0-9]+: into CP|\(chained\)" "$work/views.txt"
check "bt of a user in trap mode is an error" "OPERATOR does not run in bt mode" "$work/views.txt"
check "bt of an address no block holds is an error" "KERNEL has no translated block at 00000007" "$work/views.txt"
check "bt of a bad address is an error" "'XYZ' is not a hex address" "$work/views.txt"
check "bt of no such user is an error" "NOBODY" "$work/views.txt"
n0=$(sed -n 's/^instructions: \([0-9]*\) .*/\1/p' "$work/plain.txt")
n1=$(sed -n 's/^instructions: \([0-9]*\) .*/\1/p' "$work/views.txt")
if [ -n "$n0" ] && [ "$n0" = "$n1" ]; then
    echo "pass  looking changes nothing: $n0 instructions with the views and without"
else
    echo "FAIL  the views changed the run: '$n0' instructions without, '$n1' with"; fail=1
fi
exit $fail
