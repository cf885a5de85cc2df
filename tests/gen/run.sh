#!/bin/bash
# Negative tests for the table generator: each case mutates the real
# spec.yaml in one place and checks that the generator refuses it with the
# expected "FILE:LINE: reason" message, writes nothing, and never crashes.
# Then the real spec must pass, and the virtualizability check must hold
# for it (the sound machine) and fail for its `flawed` variant, naming each
# culprit at its line: EPSW's row, and the change rows of SSM, STOSM and
# STNSM.
set -u
gen=$1
here=$(dirname "$0")
spec=$here/../../spec.yaml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0

# line of the first match of a fixed string in spec.yaml
line_of() { grep -nF -m1 "$1" "$spec" | cut -d: -f1; }

# case NAME EXPECTED-MESSAGE-REGEX SED-EXPRESSION [HANDLERS-FILE]
case_() {
    local name=$1 want=$2 expr=$3 handlers=${4:-}
    local bad=$work/$name.yaml out=$work/$name.out
    sed "$expr" "$spec" > "$bad"
    if cmp -s "$bad" "$spec"; then echo "FAIL  $name: the mutation changed nothing"; fail=1; return; fi
    mkdir -p "$work/out-$name"
    if [ -n "$handlers" ]; then
        "$gen" "$bad" "$work/out-$name" --handlers "$handlers" > "$out" 2>&1; rc=$?
    else
        "$gen" "$bad" "$work/out-$name" > "$out" 2>&1; rc=$?
    fi
    if [ $rc -ne 1 ]; then echo "FAIL  $name: exit status $rc, wanted 1"; cat "$out"; fail=1; return; fi
    if ! grep -qE "$want" "$out"; then echo "FAIL  $name: wanted /$want/, got:"; cat "$out"; fail=1; return; fi
    if [ -n "$(ls -A "$work/out-$name")" ]; then echo "FAIL  $name: wrote output for a bad spec"; fail=1; return; fi
    echo "pass  $name: $(head -1 "$out")"
}

ar=$(line_of 'mnemonic: AR,')
sr=$(line_of 'mnemonic: SR,')
rx=$(line_of '  RX:   {length: 4')
pswkey=$(line_of '{name: KEY,  bits: "8-11"')
pgmid=$(line_of '{name: PGM_INT_ID,')
svcid=$(line_of '{name: SVC_INT_ID,')
sdv=$(line_of '{name: V,      offset: 0x00')
stop=$(line_of '{name: stop,        code: 0x28')
fpo=$(line_of '{code: 0x08, name: fixed-point-overflow,')

case_ duplicate_opcode       ":$sr: SR: opcode 1A duplicates AR \(line $ar\)" \
      "/mnemonic: SR,/s/opcode: \"1B\"/opcode: \"1A\"/"
case_ unknown_format         ":$ar: AR: unknown format 'RZ'" \
      "/mnemonic: AR,/s/format: RR,/format: RZ,/"
case_ opcode_too_long        ":$ar: AR: opcode '1A0' has 12 bits, but format RR has 8 opcode bits" \
      "/mnemonic: AR,/s/opcode: \"1A\"/opcode: \"1A0\"/"
case_ length_from_opcode     ":$ar: AR: opcode 5A means a 4-byte instruction, but format RR is 2 bytes" \
      "/mnemonic: AR,/s/opcode: \"1A\"/opcode: \"5A\"/"
case_ operand_not_in_format  ":$ar: operand 'D2\(X2,B2\)' needs field X2, which format RR does not have" \
      "/mnemonic: AR,/s/operands: \"R1,R2\"/operands: \"R1,D2(X2,B2)\"/"
case_ layout_bits            ":$rx: format RX: fields cover 36 bits, but the length is 4 bytes \(32 bits\)" \
      "/  RX:   {length: 4/s/D2:12/D2:16/"
case_ psw_field_out_of_range ":$pswkey: PSW field bits must be N or N-M within 0-63" \
      "/{name: KEY,  bits: \"8-11\"/s/8-11/8-71/"
case_ unknown_exception      ":$ar: AR: unknown exception 'overflowing'" \
      "/mnemonic: AR,/s/fixed-point-overflow/overflowing/"
case_ unknown_cc_rule        ":$ar: AR: unknown condition-code rule 'arithmetic'" \
      "/mnemonic: AR,/s/cc: arith,/cc: arithmetic,/"
case_ unknown_key            ":$ar: unknown key 'privlege'" \
      "/mnemonic: AR,/s/privilege: unprivileged/privlege: unprivileged/"
case_ semiprivileged_control ":$ar: AR: trap_control is required for, and only for, semiprivileged instructions" \
      "/mnemonic: AR,/s/privilege: unprivileged/privilege: semiprivileged/"
case_ lowcore_overlap        ":$pgmid: low-core entry PGM_INT_ID overlaps SVC_INT_ID \(line $svcid\)" \
      "/{name: PGM_INT_ID,/s/addr: 0x08C/addr: 0x08B/"
case_ sd_bits_shared         ":$((sdv + 1)): state description field V: bit io clashes with stop \(line $((sdv + 1))\)" \
      "/bits: {stop: 0x04, io: 0x02/s/io: 0x02/io: 0x04/"
case_ interception_code      ":$stop: interception code stop: 0x29 is not a multiple of 4" \
      "/{name: stop,        code: 0x28/s/0x28/0x29/"
case_ missing_title          ":$fpo: missing 'title'" \
      "/{code: 0x08, name: fixed-point-overflow,/s/title: \"fixed-point overflow\", //"
# variants and their changes
ssmch=$(line_of '{mnemonic: SSM,   privilege: unprivileged')
stosmch=$(line_of '{mnemonic: STOSM, privilege: unprivileged')
stnsmch=$(line_of '{mnemonic: STNSM, privilege: unprivileged')
epsw=$(line_of 'mnemonic: EPSW,')
flawed=$(line_of '  - name: flawed')
case_ variant_unknown_insn   ":$ssmch: variant flawed: unknown instruction 'SSMX'" \
      "/{mnemonic: SSM,   privilege: unprivileged/s/SSM, /SSMX,/"
case_ variant_unknown_key    ":$stosmch: unknown key 'problemstate'" \
      "/{mnemonic: STOSM, privilege: unprivileged/s/problem_state:/problemstate:/"
case_ variant_key_not_a_class ":$stosmch: unknown key 'opcode'" \
      "/{mnemonic: STOSM, privilege: unprivileged/s/privilege: unprivileged/opcode: \"AE\", privilege: unprivileged/"
case_ variant_mask_privileged ":$stnsmch: variant flawed: STNSM: problem_state mask-unchanged needs an unprivileged instruction" \
      "/{mnemonic: STNSM, privilege: unprivileged/s/privilege: unprivileged/privilege: privileged/"
case_ variant_twice          ":$stnsmch: variant flawed: SSM is changed twice \(line $ssmch\)" \
      "/{mnemonic: STNSM, privilege: unprivileged/s/STNSM,/SSM,  /"
case_ variant_name           ":$flawed: variant name 'Flawed' must be lower-case letters and digits" \
      "s/^  - name: flawed/  - name: Flawed/"
case_ variant_sound          ":$flawed: variant 'sound' is the spec as written: it is implicit" \
      "s/^  - name: flawed/  - name: sound/"
case_ row_unknown_variant    ":$epsw: EPSW: unknown variant 'flowed'" \
      "/mnemonic: EPSW,/s/variants: \[flawed\]/variants: [flowed]/"
# flows: only where the row's shape allows it
bc=$(line_of 'mnemonic: BC,')
brc=$(line_of 'mnemonic: BRC,')
bas=$(line_of 'mnemonic: BAS,')
case_ flow_needs_relative    ":$bc: BC: flow relative needs a relative operand \(RI2\)" \
      "/mnemonic: BC,/s/flow: branch/flow: relative/"
case_ flow_not_relative      ":$brc: BRC: flow branch takes no relative operand" \
      "/mnemonic: BRC,/s/flow: relative/flow: branch/"
case_ flow_missing           ":$brc: BRC: a relative operand needs a flow" \
      "/mnemonic: BRC,/s/, flow: relative//"
case_ flow_link_register     ":$brc: BRC: flow relative-link needs a link register" \
      "/mnemonic: BRC,/s/flow: relative/flow: relative-link/"
case_ flow_unknown           ":$bas: unknown flow 'call'" \
      "/mnemonic: BAS,/s/flow: branch-link/flow: call/"
case_ flow_execute_shape     ":$bas: BAS: flow execute needs operands R1,D2\(X2,B2\)" \
      "/mnemonic: BAS,/s/flow: branch-link/flow: execute/;/mnemonic: BAS,/s/operands: \"R1,D2(X2,B2)\"/operands: \"R1,D2(B2)\"/"

case_ yaml_syntax            "^.*:[0-9]+: .*(flow|expected|did not find)" \
      "/mnemonic: AR,/s/{mnemonic: AR,/{mnemonic: AR, [/"

# missing handler: every handler but AR's
handlers=$work/handlers.txt
grep -Hn '^DEF_INSN(' "$here"/../../isa/exec_*.c | sed -E 's/^([^:]+:[0-9]+):DEF_INSN\(([a-z0-9_]+)\).*/\1 \2/' \
    | grep -v ' ar$' > "$handlers"
case_ missing_handler        ":$ar: AR: no source defines its handler exec_ar \(DEF_INSN\(ar\)\)" \
      "/mnemonic: AR,/s/name: Add Register/name: Add Register /" "$handlers"
# a handler with no instruction
echo "isa/exec_extra.c:7 frobnicate" >> "$handlers"
echo "isa/exec_extra.c:7 ar" >> "$handlers"
case_ unused_handler         "^isa/exec_extra.c:7: handler exec_frobnicate has no instruction" \
      "/mnemonic: AR,/s/name: Add Register/name: Add Register /" "$handlers"

# truncated specs (checked against the real handlers, as the build does):
# refused with a message, never a crash
grep -Hn '^DEF_INSN(' "$here"/../../isa/exec_*.c | sed -E 's/^([^:]+:[0-9]+):DEF_INSN\(([a-z0-9_]+)\).*/\1 \2/' > "$work/all-handlers.txt"
lines=$(wc -l < "$spec")
crashes=0
for k in $(seq 1 40); do
    n=$(( (lines * k) / 41 ))
    head -n "$n" "$spec" > "$work/trunc.yaml"
    mkdir -p "$work/out-trunc"
    "$gen" "$work/trunc.yaml" "$work/out-trunc" --handlers "$work/all-handlers.txt" > "$work/trunc.out" 2>&1; rc=$?
    if [ $rc -ne 1 ] || ! grep -qE '^[^ ]+:[0-9]+: ' "$work/trunc.out"; then
        echo "FAIL  spec truncated to $n lines: exit $rc"; head -3 "$work/trunc.out"; crashes=1
    fi
    rm -rf "$work/out-trunc"
done
[ $crashes -eq 0 ] && echo "pass  40 truncated specs refused with file:line messages" || fail=1

# the real spec is accepted and passes the virtualizability check
mkdir -p "$work/good"
if "$gen" "$spec" "$work/good" > "$work/good.out" 2>&1 && [ -s "$work/good/isa_tables.c" ]; then
    echo "pass  real spec accepted"
else
    echo "FAIL  real spec refused:"; cat "$work/good.out"; fail=1
fi
if "$gen" --check "$spec" > "$work/check.out" 2>&1 && grep -q "Theorem 1 (a VMM can be built): holds" "$work/check.out" \
   && grep -q "Theorem 3 (a hybrid VMM can be built): holds" "$work/check.out"; then
    echo "pass  Theorems 1 and 3 hold for spec.yaml"
else
    echo "FAIL  virtualizability check on spec.yaml:"; cat "$work/check.out"; fail=1
fi

# the flawed variant: --check names every culprit at its line, and still
# exits 0 (the sound machine holds); --variant flawed alone exits 1
"$gen" --check "$spec" > "$work/variants.out" 2>&1; rc=$?
want_lines=(
    "variant flawed:"
    "$spec:$epsw: EPSW is behaviour-sensitive but not privileged: Theorem 1 fails"
    "$spec:$ssmch: SSM is control-sensitive but not privileged: Theorem 1 fails"
    "$spec:$stosmch: STOSM is control-sensitive but not privileged: Theorem 1 fails"
    "$spec:$stnsmch: STNSM is control-sensitive but not privileged: Theorem 1 fails"
    "$spec:$epsw: EPSW is sensitive in problem state: Theorem 3 fails"
    "$spec:$stosmch: STOSM is sensitive in problem state: Theorem 3 fails"
    "$spec:$stnsmch: STNSM is sensitive in problem state: Theorem 3 fails"
    "Theorem 1 (a VMM can be built): FAILS"
    "Theorem 3 (a hybrid VMM can be built): FAILS"
)
missing=""
for w in "${want_lines[@]}"; do grep -qF -- "$w" "$work/variants.out" || missing="$missing
      $w"; done
culprits=$(grep -c ': Theorem 1 fails$' "$work/variants.out")
if [ $rc -eq 0 ] && [ -z "$missing" ] && [ "$culprits" -eq 4 ] && ! grep -q 'SSM is sensitive in problem state' "$work/variants.out"; then
    echo "pass  --check: the sound machine holds; variant flawed fails Theorems 1 and 3, naming EPSW, SSM, STOSM, STNSM"
else
    echo "FAIL  --check with variants (exit $rc, $culprits culprits), missing:$missing"; cat "$work/variants.out"; fail=1
fi
"$gen" --check "$spec" --variant flawed > "$work/flawed.out" 2>&1; rc=$?
if [ $rc -eq 1 ] && grep -qF "$spec:$ssmch: SSM is control-sensitive" "$work/flawed.out" \
   && ! grep -q "Theorem 1 (a VMM can be built): holds" "$work/flawed.out"; then
    echo "pass  --check --variant flawed exits 1"
else
    echo "FAIL  --check --variant flawed (exit $rc):"; cat "$work/flawed.out"; fail=1
fi
"$gen" --check "$spec" --variant sound > "$work/sound.out" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q "Theorem 1 (a VMM can be built): holds" "$work/sound.out" && ! grep -q "^variant" "$work/sound.out"; then
    echo "pass  --check --variant sound holds"
else
    echo "FAIL  --check --variant sound (exit $rc):"; cat "$work/sound.out"; fail=1
fi
"$gen" --check "$spec" --variant nosuch > "$work/nosuch.out" 2>&1; rc=$?
if [ $rc -eq 2 ] && grep -qF "has no variant 'nosuch' (sound, flawed)" "$work/nosuch.out"; then
    echo "pass  --check --variant nosuch is refused"
else
    echo "FAIL  --check --variant nosuch (exit $rc):"; cat "$work/nosuch.out"; fail=1
fi
exit $fail
