#!/bin/bash
# tests/property/cpsys.sh CREASY BUILD_DIR WORK: makes WORK/system.yaml
# and its CP disks, for prop.py to run the case-runner kernel as the only
# user of CP, IPLed from WORK/kernel.disk at 100, as tests/cp/kernels.sh
# does (its directory, tests/cp/kernels.yaml). CP_NEST="MODE MODE" in the
# environment: CP under CP (tests/cp/nest.sh); CP_MODE=trap|sie: one
# level. Prints the console's tag before the kernel's lines.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2"); work=$3
cp_tests=$(cd "$(dirname "$0")/../cp" && pwd)
. "$cp_tests/cpdisk.sh"
. "$cp_tests/nest.sh"
nest_disks "$creasy" "$build" "$cp_tests/kernels.yaml" "$work" 3 "100:1024:R" "" || exit 1
cat > "$work/system.yaml" <<YAML
storage: ${NEST_STORAGE}M
ipl: 1A0
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
$NEST_DEVICES  - {address: 100, type: FBA, file: kernel.disk, readonly: true}
YAML
echo "${NEST_TAG}KERNEL"
