# tests/host/lib.sh: sourced by tests/host/t_*.sh (see run.sh).
#   run CMD...               runs it: $rc, $out (stdout), $err (stderr)
#   run_to FILE CMD...       the same with its stdout to FILE ($out empty)
#   check DESC COND...       pass if the test command COND... succeeds
#   expect_rc WANT DESC      pass if $rc is WANT ("nz": any nonzero)
#   expect_err TEXT DESC     pass if $err holds TEXT
#   full_node / null_node N  make N as /dev/full's or /dev/null's node
#   node_ok N MAJ MIN        N is still that character device
# The script's exit status is 1 if any check failed.
set -u
fails=0
trap 'exit $((fails > 0))' EXIT
pass() { echo "pass  $T: $1"; }
fail() { echo "FAIL  $T: $1"; fails=$((fails + 1)); }
run() {
    out=$("$@" 2>stderr.txt); rc=$?
    err=$(cat stderr.txt)
}
run_to() {
    local to=$1; shift
    "$@" > "$to" 2>stderr.txt; rc=$?
    out= err=$(cat stderr.txt)
}
check() {
    local desc=$1; shift
    if "$@"; then pass "$desc"; else fail "$desc"; fi
}
expect_rc() {
    local want=$1 desc=$2
    local ok=false
    if [ "$want" = nz ]; then [ "$rc" -ne 0 ] && ok=true; else [ "$rc" = "$want" ] && ok=true; fi
    if $ok; then
        pass "$desc"
    else
        fail "$desc: exit $rc, wanted $want; stderr: $(printf '%s' "$err" | head -3)"
    fi
}
expect_err() {
    local text=$1 desc=$2
    case $err in
    *"$text"*) pass "$desc" ;;
    *) fail "$desc: stderr lacks '$text': $(printf '%s' "$err" | head -3)" ;;
    esac
}
full_node() { rm -f "$1"; mknod "$1" c 1 7; }
null_node() { rm -f "$1"; mknod "$1" c 1 3; }
node_ok() { [ -c "$1" ] && [ "$(stat -c '%t:%T' "$1")" = "$(printf '%x:%x' "$2" "$3")" ]; }
