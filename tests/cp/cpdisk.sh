# tests/cp/cpdisk.sh: sourced by the CP tests. cp_disk CREASY BUILD_DIR
# DIR.yaml DISK makes a CP system disk: CP's nucleus and that directory,
# compiled. CP_MODE=sie in the environment runs every user under SIE (the
# directory gets `mode: sie`), CP_MODE=bt by binary translation (`mode:
# bt`); the default, or CP_MODE=trap, by trap and emulate: `make test`
# runs the CP tests every way.
# CP_VARIANT=flawed in the environment runs the systems of these tests on
# spec.yaml's flawed variant (docs/flawed-isa.md): variant_yaml prints the
# system YAML's line for it, variant_option creasy run's option.
variant_yaml() { [ -z "${CP_VARIANT:-}" ] || echo "machine: {variant: $CP_VARIANT}"; }
variant_option() { [ -z "${CP_VARIANT:-}" ] || echo "--variant $CP_VARIANT"; }

cp_disk() {
    local creasy=$1 build=$2 dir=$3 disk=$4 yaml
    yaml=$(mktemp /tmp/creasy-dir.XXXXXX.yaml)
    case "${CP_MODE:-trap}" in
        trap) cp "$dir" "$yaml" ;;
        sie|bt) { echo "mode: $CP_MODE"; cat "$dir"; } > "$yaml" ;;
        *) echo "CP_MODE is trap, sie or bt, not '$CP_MODE'" >&2; rm -f "$yaml"; return 1 ;;
    esac
    "$creasy" directory compile "$yaml" "$disk.direct" >/dev/null &&
        "$creasy" disk format "$disk" --blocks 2048 --label CPTEST --nucleus-blocks 1024 >/dev/null &&
        "$creasy" disk ipl "$disk" "$build/cp/cp.elf" &&
        "$creasy" disk put "$disk" "$disk.direct" USER DIRECT --binary
    local rc=$?
    rm -f "$yaml" "$disk.direct"
    return $rc
}

# default_system CREASY BUILD_DIR WORK: WORK/system.yaml, the default
# system (cp/directory.yaml) with its disks from the build, CP's in the
# mode CP_MODE says (made in WORK unless it is the build's own, trap).
default_system() {
    local creasy=$1 build=$2 work=$3 cpdisk=$2/cp1a0.disk
    if [ "${CP_MODE:-trap}" != trap ]; then
        cpdisk=$work/cp1a0.disk
        cp_disk "$creasy" "$build" "$(dirname "${BASH_SOURCE[0]}")/../../cp/directory.yaml" "$cpdisk" || return 1
    fi
    "$creasy" --show-system cp | sed -e "s|file: cp1a0.disk|file: $cpdisk|" \
        -e "s|file: cms190.disk|file: $build/cms190.disk|" > "$work/system.yaml"
}
