#!/bin/bash
# Run bare-machine test programs: each must end in the pass wait (0000600D).
# A family program (programs/bare/check.h) that fails ends in 00BADnnn,
# nnn the number of the first check that failed: shown below its name.
set -u
creasy=$1; shift
fail=0
for elf in "$@"; do
    out=$("$creasy" run "$elf" --console /dev/null 2>&1)
    if grep -q '^WAITCODE=0000600D$' <<<"$out"; then
        echo "pass  $(basename "$elf" .elf)"
    else
        echo "FAIL  $(basename "$elf" .elf)"; echo "$out" | sed 's/^/      /' | head -8
        fail=1
    fi
done
exit $fail
