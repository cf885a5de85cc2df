#!/bin/bash
# tests/run_scripts.sh CREASY CONFIG SCRIPT...: console-script tests, run
# from the repository root on the system CONFIG describes. A script with
# a NAME.out beside it must print exactly that (stdout and stderr merged);
# one without must exit 0, i.e. every `expect` in it held.
set -u
creasy=$1; config=$2; shift 2
fail=0
for s in "$@"; do
    golden=${s%.cmd}.out
    out=$("$creasy" --config "$config" --script "$s" 2>&1); rc=$?
    if [ -f "$golden" ]; then
        if diff -u "$golden" <(printf '%s\n' "$out") > /tmp/creasy-script-diff.$$; then
            echo "pass  $s"
        else
            echo "FAIL  $s: output differs from $golden"; sed 's/^/      /' /tmp/creasy-script-diff.$$ | head -40
            fail=1
        fi
        rm -f /tmp/creasy-script-diff.$$
    elif [ $rc -eq 0 ]; then
        echo "pass  $s"
    else
        echo "FAIL  $s (exit $rc)"; echo "$out" | tail -15 | sed 's/^/      /'
        fail=1
    fi
done
exit $fail
