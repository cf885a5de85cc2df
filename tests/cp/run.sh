#!/bin/bash
# tests/cp/run.sh CREASY BUILD_DIR NAME.cmd...: the default system (CP,
# cp/directory.yaml: OPERATOR, MAINT and three CMS users) driven from the
# operator console.
#
# Each script gets a fresh system in a temporary directory: CP's system
# disk and the CMS system disk from BUILD_DIR (read-only), a new user
# volume at 300 (so every user's 191 starts unformatted), and the real
# punch and printer writing punch.txt and print.txt there. The transcript
# is the console's output, then the printer's and the punch's files; it
# must equal NAME.out (UPDATE_GOLDEN=1 rewrites it: tests/golden.sh).
set -u
creasy=$(realpath "$1"); build=$(realpath "$2"); shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../golden.sh"
fail=0
for s in "$@"; do
    name=$(basename "$s" .cmd)
    tmp=$(mktemp -d /tmp/creasy-cp.XXXXXX)
    # the embedded default system (creasy --system cp), with these paths
    "$creasy" --show-system cp | sed -e "s|file: cp1a0.disk|file: $build/cp1a0.disk|" \
        -e "s|file: cms190.disk|file: $build/cms190.disk|" > "$tmp/system.yaml"
    out=$(cd "$tmp" && "$creasy" --config system.yaml --script "$here/$name.cmd" 2>&1; echo "(exit $?)"
          for f in print.txt punch.txt; do
              [ -s "$f" ] && { echo "---- $f"; cat "$f"; }
          done)
    out=${out//$tmp/TMP}
    out=${out//$build/BUILD}
    out=${out//$here/tests\/cp}
    golden "$s" "$here/$name.out" "$out" || fail=1
    rm -rf "$tmp"
done
exit $fail
