#!/bin/bash
# tests/console/run.sh CREASY BUILD_DIR: the operator console is always in
# control, and the README's transcripts hold (issue 11):
#   limits.sh    Ctrl-C ends any run (step N too) and a script;
#                --max-instructions and --timeout end a script that would hang
#   terminal.py  on a pseudo-terminal: the console answers while a guest
#                computes, Ctrl-C, completion, history kept between sessions
#   readme.py    every transcript in README.md, run and compared
set -u
creasy=$1; build=$2
here=$(cd "$(dirname "$0")" && pwd)
fail=0
"$here/limits.sh" "$creasy" "$build" || fail=1
python3 "$here/terminal.py" "$creasy" "$build" || fail=1
python3 "$here/readme.py" "$creasy" "$build" || fail=1
exit $fail
