#!/bin/bash
# tests/cms/small.sh CREASY BUILD_DIR: CMS in storage too small for it
# says so in its own words and waits, whatever the size (issue 11,
# section 9), because the system disk's IPL record checks the storage
# before it reads the nucleus (cms/fs_nucleus.c).
#
# 1. Bare, in 64K: the nucleus loads at X'10000', beyond the machine, so
#    the IPL record's loader gives CMS's message (DMSINI001T, from the
#    nucleus's fs_ipl_needs) and CMS's disabled wait, not a unit status
#    or a check-stop. 128K and 256K (the nucleus loads, but CMS needs
#    576K) and 512K give the same; 1M runs CMS.
# 2. Under CP, a 64K user who IPLs 190 gets the message on its terminal,
#    and stops in the wait.
# 3. A nucleus without fs_ipl_needs (CP's) in a 64K machine: the host
#    tool's message, with the storage the nucleus takes, and wait F0001.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-small.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
. "$here/../cp/cpdisk.sh"
fail=0
pass() { echo "pass  $*"; }
failed() { echo "FAIL  $*"; fail=1; }
msg='DMSINI001T CMS NEEDS AT LEAST 576K OF STORAGE'

bare() {   # bare SIZE DEVICE DISK: IPL it in that much storage; the console's transcript
    cat > "$work/bare.yaml" <<YAML
storage: $1
ipl: $2
devices:
  - {address: 009, type: 3215}
  - {address: $2, type: FBA, file: $3, readonly: true}
YAML
    (cd "$work" && printf 'go 1000000\n' > b.cmd && "$creasy" --config bare.yaml --script b.cmd 2>&1)
}
for size in 64K 128K 256K 512K; do
    out=$(bare $size 190 "$build/cms190.disk")
    if grep -q "^009: $msg\$" <<<"$out" && grep -q 'disabled wait, code 000C0001' <<<"$out" &&
       ! grep -qiE 'check-stop|unit status|IPL from' <<<"$out"; then
        pass "bare CMS in $size says it needs 576K, and waits disabled"
    else
        failed "bare CMS in $size:"; head -4 <<<"$out" | sed 's/^/      /'
    fi
done
out=$(bare 1M 190 "$build/cms190.disk")
if grep -q '^009: CMS/CREASY VERSION' <<<"$out" && ! grep -q DMSINI001T <<<"$out"; then
    pass "bare CMS in 1M runs"
else
    failed "bare CMS in 1M:"; head -4 <<<"$out" | sed 's/^/      /'
fi

out=$(bare 64K 1A0 "$build/cp1a0.disk")
if grep -qE '^009: IPL: NUCLEUS NEEDS AT LEAST [0-9]+K OF STORAGE$' <<<"$out" &&
   grep -q 'disabled wait, code 000F0001' <<<"$out" && ! grep -qiE 'check-stop|IPL from' <<<"$out"; then
    pass "CP's disk in 64K: $(grep -o 'NEEDS AT LEAST [0-9]*K' <<<"$out"), and wait F0001"
else
    failed "CP's disk in 64K:"; head -4 <<<"$out" | sed 's/^/      /'
fi

cat > "$work/dir.yaml" <<YAML
users:
  - {userid: OPERATOR, class: ABCDEFG, storage: 1M, console: {vaddr: 009, terminal: 009}, autolog: true}
  - {userid: TINY, storage: 64K, console: {vaddr: 009, terminal: 020}, autolog: true,
     mdisks: [{vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}], ipl: 190}
YAML
cp_disk "$creasy" "$build" "$work/dir.yaml" "$work/cp1a0.disk" || { echo "FAIL  no CP disk"; exit 1; }
cat > "$work/system.yaml" <<YAML
storage: 16M
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 1A0, type: FBA, file: cp1a0.disk, readonly: true}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
YAML
out=$(cd "$work" && printf 'ipl 1a0\nvms\n' > s.cmd && "$creasy" --config system.yaml --script s.cmd 2>&1)
if grep -q "^TINY: $msg\$" <<<"$out" && grep -qE '^TINY +(trap|sie) +stopped +000A0000 800C0001' <<<"$out"; then
    pass "a 64K user who IPLs 190 gets CMS's message on its terminal, and stops in CMS's wait"
else
    failed "a 64K user under CP:"; grep -E '^(TINY|009)' <<<"$out" | head -6 | sed 's/^/      /'
fi
exit $fail
