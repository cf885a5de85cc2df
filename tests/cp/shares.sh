#!/bin/bash
# tests/cp/shares.sh CREASY BUILD_DIR: CP's dispatcher, counted in
# virtual time (deterministic: no host timing). LIGHT (share 100) and
# HEAVY (share 300) both run HOG 60 from IPL; IDLE only waits. When
# HEAVY finishes (its HOG's first SVC stops the machine), the CPU each
# has had (`vms`, CP's accounting through the VM table) must stand about
# 1 : 3, and IDLE, in an enabled wait all along, must have had none
# beyond its IPL. Then both finish, and CP must idle in an enabled wait
# with every user waiting.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-shares.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
. "$here/cpdisk.sh"
cp_disk "$creasy" "$build" "$here/shares.yaml" "$work/cp1a0.disk" || exit 1
cat > "$work/system.yaml" <<YAML
storage: 16M
devices:
  - {address: 009, type: 3215}
  - {address: 020, type: 3215}
  - {address: 021, type: 3215}
  - {address: 022, type: 3215}
  - {address: 1A0, type: FBA, file: cp1a0.disk, readonly: true}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
YAML
printf 'break svc 2\nipl 1a0\nvms\ndelete all\ngo\nvms\n' > "$work/script.cmd"
(cd "$work" && "$creasy" --config system.yaml --script script.cmd > out.txt 2>&1)
cpu() {   # cpu N USER: USER's CPU(ms) in the Nth vms listing
    awk -v n="$1" -v u="$2" '/^USERID/ {k++} k == n && $1 == u {print $NF}' "$work/out.txt"
}
light=$(cpu 1 LIGHT) heavy=$(cpu 1 HEAVY) idle=$(cpu 1 IDLE) idle2=$(cpu 2 IDLE)
fail=0
if [ -z "$light" ] || [ -z "$heavy" ] || [ -z "$idle" ] || [ -z "$idle2" ]; then
    echo "FAIL  shares: no vms listing to read"; sed 's/^/      /' "$work/out.txt" | tail -20; exit 1
fi
ratio=$(awk -v h="$heavy" -v l="$light" 'BEGIN {printf "%.2f", l ? h / l : 0}')
if awk -v r="$ratio" 'BEGIN {exit !(r >= 2.7 && r <= 3.3)}'; then
    echo "pass  shares: HEAVY (share 300) had $heavy ms when it finished, LIGHT (share 100) $light ms: $ratio to 1"
else
    echo "FAIL  shares: HEAVY $heavy ms, LIGHT $light ms: $ratio to 1, not about 3"; fail=1
fi
if [ "$idle2" -le 10 ]; then
    echo "pass  an enabled-wait guest uses no CPU: IDLE had $idle2 ms, all of it its IPL"
else
    echo "FAIL  IDLE, only waiting, had $idle2 ms of CPU"; fail=1
fi
if grep -q '^enabled wait' "$work/out.txt" && [ "$(awk '/^USERID/ {k++} k == 2 && /^(LIGHT|HEAVY|IDLE) / && $3 != "wait"' "$work/out.txt" | wc -l)" = 0 ] &&
   [ "$(grep -c 'HOG: 60 MILLION ROUNDS' "$work/out.txt")" = 2 ]; then
    echo "pass  both finish, and CP idles in an enabled wait with every user waiting"
else
    echo "FAIL  CP does not idle with every user waiting"; sed 's/^/      /' "$work/out.txt" | tail -12; fail=1
fi
exit $fail
