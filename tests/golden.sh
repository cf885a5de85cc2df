# tests/golden.sh: sourced by the transcript tests (tests/cms/run.sh,
# tests/cp/run.sh). golden SCRIPT GOLDEN TRANSCRIPT: prints "pass  SCRIPT"
# or "FAIL  SCRIPT: ..." with the difference, and returns 0 or 1. With
# UPDATE_GOLDEN=1 in the environment it writes GOLDEN instead: review the
# diff before committing it.
golden() {
    local script=$1 golden=$2 out=$3 diff
    if [ -n "${UPDATE_GOLDEN:-}" ]; then
        printf '%s\n' "$out" > "$golden"; echo "wrote $golden"
    elif [ ! -f "$golden" ]; then
        echo "FAIL  $script: no $golden; the transcript was:"; printf '%s\n' "$out" | sed 's/^/      /'
        return 1
    elif diff=$(diff -u "$golden" <(printf '%s\n' "$out")); then
        echo "pass  $script"
    else
        echo "FAIL  $script: the transcript differs from $golden"; printf '%s\n' "$diff" | sed 's/^/      /' | head -60
        return 1
    fi
}
