#!/bin/bash
# tests/host/run.sh CREASY BUILD_DIR: the host side's manners (issue 11):
# nothing of the host's is destroyed, every write error is reported,
# images are locked while attached, console commands are atomic, and the
# command line answers as documented. Each tests/host/t_*.sh runs in a
# fresh temporary directory of its own, with $CREASY, $BUILD and the
# helpers of tests/host/lib.sh; it prints "pass ..." or "FAIL ..." per
# check. Device nodes are made there with mknod (root), never used from
# /dev: until the fixes, a test aimed at /dev/full would replace it.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
fail=0
for t in "$here"/t_*.sh; do
    tmp=$(mktemp -d /tmp/creasy-host.XXXXXX)
    (cd "$tmp" && CREASY=$creasy BUILD=$build HERE=$here T=$(basename "$t" .sh) bash "$t") || fail=1
    rm -rf "$tmp"
done
exit $fail
