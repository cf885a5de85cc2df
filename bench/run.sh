#!/bin/bash
# bench/run.sh BUILD_DIR: creasy against Hercules 3.13 on the same binaries.
# The work is in bench/bench.py (python3, standard library only); see there
# for the method and the environment variables that change it.
set -euo pipefail
if [ $# -ne 1 ]; then
    echo "usage: bench/run.sh BUILD_DIR" >&2
    exit 2
fi
exec python3 -B "$(dirname "$0")/bench.py" "$1"
