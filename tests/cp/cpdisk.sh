# tests/cp/cpdisk.sh: sourced by the CP tests. cp_disk CREASY BUILD_DIR
# DIR.yaml DISK makes a CP system disk: CP's nucleus and that directory,
# compiled. CP_MODE=sie in the environment runs every user under SIE (the
# directory gets `mode: sie`); the default, or CP_MODE=trap, by trap and
# emulate: `make test` runs the CP tests both ways.
cp_disk() {
    local creasy=$1 build=$2 dir=$3 disk=$4 yaml
    yaml=$(mktemp /tmp/creasy-dir.XXXXXX.yaml)
    case "${CP_MODE:-trap}" in
        trap) cp "$dir" "$yaml" ;;
        sie) { echo "mode: sie"; cat "$dir"; } > "$yaml" ;;
        *) echo "CP_MODE is trap or sie, not '$CP_MODE'" >&2; rm -f "$yaml"; return 1 ;;
    esac
    "$creasy" directory compile "$yaml" "$disk.direct" >/dev/null &&
        "$creasy" disk format "$disk" --blocks 2048 --label CPTEST --nucleus-blocks 1024 >/dev/null &&
        "$creasy" disk ipl "$disk" "$build/cp/cp.elf" &&
        "$creasy" disk put "$disk" "$disk.direct" USER DIRECT --binary
    local rc=$?
    rm -f "$yaml" "$disk.direct"
    return $rc
}
