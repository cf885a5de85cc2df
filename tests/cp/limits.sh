#!/bin/bash
# tests/cp/limits.sh CREASY BUILD_DIR: the limits agree, and nothing is
# dropped on the way to a terminal (issue 11, section 5 and section 9's
# small storage).
#
# 1. The user limit is one number (cp/directory.h DIR_MAX_USERS, 256): the
#    directory compiler takes 256 users and refuses 257, and CP logs on
#    all 256 autologged ones.
# 2. The operator's terminal gets every line: 256 LOGON lines at IPL and
#    QUERY NAMES's 256 lines, far more than its queue holds (CP's lines
#    go on in the overflow, not into the void).
# 3. CMS in too little storage says so (DMSINI001T), under CP (a 256K
#    user) and bare (128K and 256K), instead of check-stopping.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-limits.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
. "$here/cpdisk.sh"
fail=0
pass() { echo "pass  $*"; }
failed() { echo "FAIL  $*"; fail=1; }

# the directory: OPERATOR, SMALL (CMS in 256K), and U001.. disconnected users
users() {   # users N: a directory of OPERATOR, SMALL and N - 2 more
    echo "users:"
    echo "  - {userid: OPERATOR, class: ABCDEFG, storage: 1M, console: {vaddr: 009, terminal: 009}, autolog: true}"
    echo "  - {userid: SMALL, storage: 256K, console: {vaddr: 009, terminal: 020}, autolog: true,"
    echo "     mdisks: [{vaddr: 190, rdev: 190, start: 0, blocks: 4096, mode: R}], ipl: 190}"
    for i in $(seq 3 "$1"); do
        printf '  - {userid: U%03d, storage: 64K, console: {vaddr: 009}, autolog: true}\n' "$i"
    done
}
users 257 > "$work/dir257.yaml"
if "$creasy" directory compile "$work/dir257.yaml" "$work/d257" > "$work/c257.txt" 2>&1; then
    failed "the directory compiler took 257 users"
elif grep -q "more than 256 users" "$work/c257.txt"; then
    pass "the directory compiler refuses 257 users: $(head -1 "$work/c257.txt")"
else
    failed "257 users refused, but not for the limit: $(head -1 "$work/c257.txt")"
fi
users 256 > "$work/dir.yaml"
cp_disk "$creasy" "$build" "$work/dir.yaml" "$work/cp1a0.disk" || { echo "FAIL  no CP disk for 256 users"; exit 1; }
cat > "$work/system.yaml" <<YAML
storage: 64M
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 1A0, type: FBA, file: cp1a0.disk, readonly: true}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
YAML
printf 'ipl 1a0\n.query names\n' > "$work/script.cmd"
(cd "$work" && "$creasy" --config system.yaml --script script.cmd > out.txt 2>&1)
logons=$(grep -c '^009: [A-Z0-9]* LOGON (AUTOLOG)' "$work/out.txt")
names=$(grep -cE '^009: (OPERATOR|SMALL|U[0-9]{3}) +- ' "$work/out.txt")
if [ "$logons" = 256 ]; then
    pass "CP logs on 256 users, and the operator sees all 256 LOGON lines"
else
    failed "the operator saw $logons LOGON lines of 256"; grep -v LOGON "$work/out.txt" | head -5 | sed 's/^/      /'
fi
if [ "$names" = 256 ]; then
    pass "QUERY NAMES gives the operator all 256 users"
else
    failed "QUERY NAMES gave the operator $names lines of 256"
fi
if grep -q '^SMALL: DMSINI001T CMS NEEDS AT LEAST 576K OF STORAGE' "$work/out.txt" &&
   grep -qE '^SMALL +(trap|sie) +stopped' <(cd "$work" && printf 'ipl 1a0\nvms\n' > s2.cmd &&
                                            "$creasy" --config system.yaml --script s2.cmd 2>&1); then
    pass "CMS in a 256K virtual machine says it needs 576K, and stops"
else
    failed "CMS in 256K under CP: $(grep '^SMALL:' "$work/out.txt" | head -2 | tr '\n' ' ')"
fi

# bare CMS in small storage
for size in 128K 256K; do
    cat > "$work/bare.yaml" <<YAML
storage: $size
ipl: 190
devices:
  - {address: 009, type: 3215}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
YAML
    out=$(cd "$work" && printf 'go 1000000\n' > b.cmd && "$creasy" --config bare.yaml --script b.cmd 2>&1)
    if grep -q '^009: DMSINI001T CMS NEEDS AT LEAST 576K OF STORAGE' <<<"$out" && grep -q 'disabled wait, code 000C0001' <<<"$out" &&
       ! grep -q 'check-stop' <<<"$out"; then
        pass "bare CMS in $size says it needs 576K, and waits disabled"
    else
        failed "bare CMS in $size: $(head -2 <<<"$out" | tr '\n' ' ')"
    fi
done
exit $fail
