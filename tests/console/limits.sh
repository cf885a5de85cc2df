#!/bin/bash
# tests/console/limits.sh CREASY BUILD_DIR: the console is always in
# control (issue 11). Ctrl-C (SIGINT) ends any run, `step N` too, and ends
# a script; --max-instructions and --timeout end a script that would run
# forever, with a message and exit status 1. Every run here is bounded by
# timeout(1), so a console that does not stop fails the test instead of
# hanging it.
set -u
creasy=$1; build=$2
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/creasy-limits.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
fail=0
svc=$build/programs/bare/svc.elf
pass() { echo "pass  limits: $1"; }
failed() { echo "FAIL  limits: $1"; sed 's/^/      /' "$tmp/out" | tail -8; fail=1; }

# script: the loop, then one more command to show whether the script went on
script() { { cat "$here/loop.cmd"; echo "$1"; echo "echo AFTER"; } > "$tmp/s.cmd"; }

# Ctrl-C while a command runs the machine: it stops, and so does the script
for cmd in "step 99999999999" "go" "go 99999999999"; do
    script "$cmd"
    timeout -s KILL 30 "$creasy" --script "$tmp/s.cmd" "$svc" > "$tmp/out" 2>&1 &
    pid=$!
    sleep 2
    kill -INT $pid 2>/dev/null
    wait $pid; rc=$?
    if [ $rc -eq 1 ] && grep -q "stopped by the operator" "$tmp/out" && grep -q "interrupted (Ctrl-C)" "$tmp/out" &&
       ! grep -q "^AFTER" "$tmp/out"; then
        pass "Ctrl-C stops '$cmd' and the script"
    else
        failed "Ctrl-C did not stop '$cmd' and the script (exit $rc)"
    fi
done

# --max-instructions: the session ends, exit 1
script go
timeout -s KILL 60 "$creasy" --max-instructions 1000000 --script "$tmp/s.cmd" "$svc" > "$tmp/out" 2>&1; rc=$?
if [ $rc -eq 1 ] && grep -q "instruction limit (--max-instructions 1000000) is reached" "$tmp/out" &&
   ! grep -q "^AFTER" "$tmp/out"; then
    pass "--max-instructions ends a script that runs forever"
else
    failed "--max-instructions (exit $rc)"
fi
# ... and `step N` stops at it too
script "step 99999999999"
timeout -s KILL 60 "$creasy" --max-instructions 50 --script "$tmp/s.cmd" "$svc" > "$tmp/out" 2>&1; rc=$?
steps=$(grep -c "BRC" "$tmp/out")
if [ $rc -eq 1 ] && [ "$steps" -le 52 ] && grep -q "instruction limit" "$tmp/out"; then
    pass "--max-instructions ends step N"
else
    failed "--max-instructions with step N (exit $rc, $steps steps)"
fi
# a script within its limit is not touched by it
printf 'go\nexpect stop WAIT\n' > "$tmp/ok.cmd"
if timeout -s KILL 60 "$creasy" --max-instructions 1000000 --timeout 60 --script "$tmp/ok.cmd" \
       "$build/programs/bare/hello.elf" > "$tmp/out" 2>&1; then
    pass "a script within its limits runs as before"
else
    failed "a script within its limits failed"
fi

# --timeout: the session ends after the time, exit 1
script go
start=$(date +%s)
timeout -s KILL 60 "$creasy" --timeout 1.5 --script "$tmp/s.cmd" "$svc" > "$tmp/out" 2>&1; rc=$?
took=$(( $(date +%s) - start ))
if [ $rc -eq 1 ] && [ $took -le 10 ] && grep -q "time limit (--timeout 1.5) is up" "$tmp/out" &&
   ! grep -q "^AFTER" "$tmp/out"; then
    pass "--timeout ends a script that runs forever"
else
    failed "--timeout (exit $rc after ${took}s)"
fi
# ... also with the machine's clocks on the wall clock
timeout -s KILL 60 "$creasy" --wall-clock --timeout 1 --script "$tmp/s.cmd" "$svc" > "$tmp/out" 2>&1; rc=$?
if [ $rc -eq 1 ] && grep -q "time limit" "$tmp/out"; then
    pass "--timeout with --wall-clock"
else
    failed "--timeout with --wall-clock (exit $rc)"
fi

# bad values are refused
for bad in "--timeout 0" "--timeout x" "--max-instructions 0" "--max-instructions -5" "--transcript"; do
    # shellcheck disable=SC2086
    "$creasy" $bad "$svc" < /dev/null > "$tmp/out" 2>&1; rc=$?
    if [ $rc -eq 2 ]; then pass "refused: $bad"; else failed "not refused: $bad (exit $rc)"; fi
done
exit $fail
