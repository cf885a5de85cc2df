#!/bin/bash
# tests/cms/run.sh CREASY BUILD_DIR NAME.cmd...: CMS on the bare machine.
#
# Each script gets a fresh system in a temporary directory: the system
# disk BUILD_DIR/cms190.disk (read-only) at 190, new minidisks at 191 and
# 192, a card reader (empty: scripts load decks with `cards`), a punch and
# a printer writing punch.txt and print.txt. The files in tests/cms/data/
# are copied there, creasy runs there, so scripts name them plainly. An
# executable NAME.setup runs there first (with $CREASY set), to prepare
# disks from the host.
#
# The transcript is the console's output, then the printer's and the
# punch's files, then `creasy disk list` of every minidisk that ended up
# formatted: the host tool's view of what CMS wrote. It must equal
# NAME.out; the temporary directory is shown as TMP, BUILD_DIR as BUILD.
# UPDATE_GOLDEN=1 rewrites NAME.out instead (tests/golden.sh).
set -u
creasy=$(realpath "$1"); build=$(realpath "$2"); shift 2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../golden.sh"
fail=0
for s in "$@"; do
    name=$(basename "$s" .cmd)
    tmp=$(mktemp -d /tmp/creasy-cms.XXXXXX)
    cp "$here"/data/* "$tmp"/ 2>/dev/null
    cat > "$tmp/system.yaml" <<YAML
# CMS on the bare machine, for tests/cms/$name.cmd
storage: 16M
ipl: 190
devices:
  - {address: 009, type: 3215}
  - {address: 00C, type: 2540R}
  - {address: 00D, type: 2540P, file: punch.txt}
  - {address: 00E, type: 1403, file: print.txt}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
  - {address: 191, type: FBA, file: user191.disk, create: 2048}
  - {address: 192, type: FBA, file: user192.disk, create: 256}
YAML
    if [ -x "$here/$name.setup" ]; then
        (cd "$tmp" && CREASY="$creasy" "$here/$name.setup") > "$tmp/setup.log" 2>&1 ||
            { echo "FAIL  $s: $name.setup failed"; sed 's/^/      /' "$tmp/setup.log"; fail=1; continue; }
    fi
    out=$(cd "$tmp" && "$creasy" --config system.yaml --script "$here/$name.cmd" 2>&1; echo "(exit $?)"
          for f in print.txt punch.txt; do
              [ -s "$f" ] && { echo "---- $f"; cat "$f"; }
          done
          for d in user191.disk user192.disk; do
              "$creasy" disk list "$d" > /dev/null 2>&1 && { echo "---- creasy disk list $d"; "$creasy" disk list "$d" 2>&1; }
          done)
    out=${out//$tmp/TMP}
    out=${out//$build/BUILD}
    out=${out//$here/tests\/cms}
    golden "$s" "$here/$name.out" "$out" || fail=1
    rm -rf "$tmp"
done
exit $fail
