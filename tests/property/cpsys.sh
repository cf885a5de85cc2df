#!/bin/bash
# tests/property/cpsys.sh CREASY BUILD_DIR WORK SENTINEL_ELF: makes WORK/system.yaml
# and its CP disks, for prop.py to run the case-runner kernel under CP
# (tests/property/propdir.yaml: KERNEL IPLs WORK/kernel.disk at 100, as
# tests/cp/kernels.sh does; the SENTINEL IPLs WORK/sentinel.disk at 101,
# made here from SENTINEL_ELF); BUILD_DIR's CP. CP_NEST="MODE
# MODE" in the environment: CP under CP (tests/cp/nest.sh); CP_MODE=trap|sie:
# one level; CP_VARIANT=flawed: the flawed machine (tests/cp/cpdisk.sh). Devices no directory entry has, for resource control: an FBA
# at 200 (WORK/untouched.disk) and a 3215 at 03F (WORK/untouched.txt).
# Prints the console's tag before the users' names.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2"); work=$3 sentinel=$4
cp_tests=$(cd "$(dirname "$0")/../cp" && pwd)
. "$cp_tests/cpdisk.sh"
. "$cp_tests/nest.sh"
# A nested level's user CPL<k> gets terminal 021 too, for the sentinel's
# console: nest.sh chains only 020 through the levels.
eval "nest_level_yaml_020() $(declare -f nest_level_yaml | tail -n +2)"
nest_level_yaml() {
    nest_level_yaml_020 "$@" | sed 's|^\(      - {vaddr: 020, terminal: 020}\)$|\1\n      - {vaddr: 021, terminal: 021}|'
}
rm -f "$work/sentinel.disk"
"$creasy" disk format "$work/sentinel.disk" --blocks 256 --label SENTNL --nucleus-blocks 128 >/dev/null &&
    "$creasy" disk ipl "$work/sentinel.disk" "$sentinel" >/dev/null || exit 1
"$creasy" disk format "$work/untouched.disk" --blocks 64 --label UNTUCH >/dev/null || exit 1
: > "$work/untouched.txt"
nest_disks "$creasy" "$build" "$(dirname "$0")/propdir.yaml" "$work" 4 "100:1024:R 101:256:R" "" || exit 1
cat > "$work/system.yaml" <<YAML
$(variant_yaml)
storage: ${NEST_STORAGE}M
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 021, type: 3215}
  - {address: 03F, type: 3215, output: untouched.txt}
$NEST_DEVICES  - {address: 100, type: FBA, file: kernel.disk, readonly: true}
  - {address: 101, type: FBA, file: sentinel.disk, readonly: true}
  - {address: 200, type: FBA, file: untouched.disk}
YAML
echo "${NEST_TAG}KERNEL"
