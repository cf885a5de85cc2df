#!/bin/bash
# tests/diff/run.sh BUILD_DIR: the differential test of creasy against the
# real Hercules 3.13 (`make test-diff`; part of `make test`).
#
# Builds the random-image generator (tests/diff/randgen*.c) into
# BUILD_DIR/diff/randgen, then runs tests/diff/diffrun.py, which runs every
# program in BUILD_DIR/programs/diff and DIFF_SEEDS (default 100) random
# images of DIFF_BLOCKS (default 250) blocks on both machines and compares
# them. Options after BUILD_DIR go to diffrun.py (--seeds, --blocks,
# --first-seed, --jobs, --only programs|random).
#
# The Hercules harness is tests/diff/herc-run (a copy of
# /work/shared/tools/hercules/herc-run; HERC_RUN=path overrides it).
set -u
build=${1:?usage: tests/diff/run.sh BUILD_DIR [diffrun.py options]}
shift
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v hercules >/dev/null 2>&1; then
    echo "diff: ERROR: 'hercules' is not installed (Debian package hercules; 'make deps' installs it)." >&2
    echo "diff: the differential test needs the real Hercules emulator as its oracle." >&2
    exit 1
fi
for tool in s390x-linux-gnu-objdump s390x-linux-gnu-nm python3 cc; do
    command -v "$tool" >/dev/null 2>&1 || { echo "diff: ERROR: $tool not found (make deps)" >&2; exit 1; }
done
[ -x "$build/creasy" ] || { echo "diff: ERROR: $build/creasy not built (make)" >&2; exit 1; }

mkdir -p "$build/diff"
cc -std=gnu11 -O2 -Wall -Wextra -Werror -o "$build/diff/randgen" "$here"/randgen*.c || {
    echo "diff: ERROR: cannot build the random generator" >&2
    exit 1
}
exec python3 "$here/diffrun.py" "$build" "$@"
