#!/bin/bash
# Console-script tests: each script runs in `creasy --script` from the
# repository root and must exit 0 (every `expect` held).
set -u
creasy=$1; shift
fail=0
for s in "$@"; do
    if out=$("$creasy" --script "$s" 2>&1); then
        echo "pass  $s"
    else
        echo "FAIL  $s"; echo "$out" | tail -15 | sed 's/^/      /'
        fail=1
    fi
done
exit $fail
