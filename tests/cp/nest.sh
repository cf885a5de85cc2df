# tests/cp/nest.sh: sourced by the CP tests, to run their users under CP
# under CP. With CP_NEST set to the modes of the levels, from the first
# (e.g. CP_NEST="trap sie": the machine's CP runs CPL1 by trap and
# emulate, and the CP that CPL1 runs, level 2, runs its users under SIE),
# nest_disks builds a system of that many CPs: level k's CP runs one user,
# CPL<k>, who IPLs the CP of level k+1; the last level's CP has the test's
# own directory. Nothing is wired by hand: each CPL<k> has the real
# devices of the level below it as its own, at the same addresses (whole
# disks as minidisks, unit-record devices dedicated), the next levels' CP
# disks at 1A0, 1A1, ..., and its 020 a terminal on its level's 020, so
# the innermost users' terminal 020 is the machine's 020, whose lines the
# console tags CPL1/.../USER.
#
#   nest_disks CREASY BUILD_DIR TEST.yaml WORK STORAGE_MB "FBA..." "DEDICATED..."
#       FBA: ADDR:BLOCKS:R|W for each disk the test's users have;
#       DEDICATED: the unit-record addresses; STORAGE_MB: what the test's
#       users need in all. Makes WORK/cp1a0.disk, cp1a1.disk, ...; sets
#       NEST_DEVICES (system.yaml lines for the CP disks), NEST_TAG (the
#       console's tag before a test user's name: "CPL1/" at two levels)
#       and NEST_STORAGE (the machine's storage, in M).
# Without CP_NEST it makes the one CP disk, as cp_disk does (cpdisk.sh).

nest_cp_mb=6   # what a CP level needs beside its users: its nucleus, tables and shadows

nest_disks() {
    local creasy=$1 build=$2 inner=$3 work=$4 mb=$5 fba=$6 ded=$7
    local -a modes=(${CP_NEST:-${CP_MODE:-trap}})
    local n=${#modes[@]} k
    NEST_TAG="" NEST_DEVICES="" NEST_STORAGE=$((mb + 1 + nest_cp_mb))
    for ((k = n; k >= 1; k--)); do   # level k's directory, innermost first
        local dir="$work/level$k.yaml" disk
        disk=$(printf '%s/cp1a%x.disk' "$work" $((k - 1)))
        if ((k == n)); then
            cp "$inner" "$dir"
        else
            nest_level_yaml "$k" "$NEST_STORAGE" $((n - k)) "$fba" "$ded" > "$dir"
            NEST_STORAGE=$((NEST_STORAGE + 1 + nest_cp_mb))
        fi
        CP_MODE=${modes[k - 1]} cp_disk "$creasy" "$build" "$dir" "$disk" || return 1
        NEST_DEVICES+="  - {address: $(printf '1A%X' $((k - 1))), type: FBA, file: $disk, readonly: true}"$'\n'
    done
    for ((k = 1; k < n; k++)); do NEST_TAG+="CPL$k/"; done
    ((NEST_STORAGE >= 64)) || NEST_STORAGE=64
}

# Level k's directory: the operator and CPL<k>, with STORAGE_MB, who IPLs
# the next CP from its 1A0 and has `deeper` more CP disks after it.
nest_level_yaml() {
    local k=$1 mb=$2 deeper=$3 fba=$4 ded=$5 j spec
    cat <<YAML
# level $k of a nested system (tests/cp/nest.sh)
users:
  - userid: OPERATOR
    class: ABCDEFG
    storage: 1M
    console: {vaddr: 009, terminal: 009}
    autolog: true
  - userid: CPL$k
    storage: ${mb}M
    console: {vaddr: 009}
    terminals:
      - {vaddr: 020, terminal: 020}
    mdisks:
YAML
    for ((j = 0; j < deeper; j++)); do
        printf '      - {vaddr: 1A%X, rdev: 1A%X, start: 0, blocks: 2048, mode: R}\n' "$j" $((j + 1))
    done
    for spec in $fba; do
        IFS=: read -r a b m <<< "$spec"
        echo "      - {vaddr: $a, rdev: $a, start: 0, blocks: $b, mode: $m}"
    done
    if [ -n "$ded" ]; then
        echo "    dedicate:"
        for a in $ded; do echo "      - {vaddr: $a, rdev: $a}"; done
    fi
    echo "    ipl: 1A0"
    echo "    autolog: true"
}
