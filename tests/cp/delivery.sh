#!/bin/bash
# tests/cp/delivery.sh CREASY BUILD_DIR: getting a program or data to a
# user without rebuilding anything (issue 11, section 9).
#
# 1. The real card reader: a deck whose first card is `ID CAROL`, loaded
#    with the console's `cards 00C FILE`, is read by CP (START 00C) into
#    CAROL's reader, and her READCARD gets its cards; a deck without an
#    ID card is dropped with a message to the operator that says so.
# 2. `creasy disk --extent START:BLOCKS`: a host file put on BOB's 191,
#    an extent of the shared user volume, is there when BOB next logs on;
#    an extent outside the volume, or a bad one, is refused.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-delivery.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
. "$here/cpdisk.sh"
fail=0
pass() { echo "pass  $*"; }
failed() { echo "FAIL  $*"; fail=1; }

default_system "$creasy" "$build" "$work" || { echo "FAIL  no CP disk"; exit 1; }
run() {   # run SCRIPT: the default system, on this work directory's user volume
    (cd "$work" && "$creasy" --config system.yaml --script "$1" 2>&1)
}

printf 'ID CAROL\nHELLO FROM THE CARD READER\nTHE SECOND CARD\n' > "$work/carol.deck"
printf 'THIS DECK HAS NO ID CARD\nA CARD\n' > "$work/noid.deck"
cat > "$work/s1.cmd" <<EOF
cards 00C $work/carol.deck
.start 00c
console carol
.format 191 a
.yes
.carol
.readcard deck text
.type deck text
console bob
.format 191 a
.yes
.bob
console 009
cards 00C $work/noid.deck
.start
EOF
out=$(run s1.cmd)
if grep -q '^009: RDR 00C INPUT FOR CAROL FILE [0-9]* RECS 000002' <<<"$out" &&
   grep -q '^CAROL: RDR FILE [0-9]* FROM SYSTEM' <<<"$out" &&
   grep -q '^CAROL: HELLO FROM THE CARD READER' <<<"$out" && grep -q '^CAROL: THE SECOND CARD' <<<"$out"; then
    pass "a deck with an ID card reaches CAROL's reader, and READCARD reads it"
else
    failed "the deck for CAROL:"; grep -E '^(009|CAROL):' <<<"$out" | tail -12 | sed 's/^/      /'
fi
if grep -q '^009: DMKRDR001E RDR 00C: A DECK OF 1 CARDS AFTER ITS FIRST WAS NOT SPOOLED: ITS FIRST CARD IS NO ID CARD' <<<"$out"; then
    pass "a deck without an ID card is dropped, and the operator told"
else
    failed "a deck without an ID card:"; grep '^009:' <<<"$out" | tail -4 | sed 's/^/      /'
fi

# BOB's 191 is blocks 8192.. of the user volume (cp/directory.yaml)
printf 'A FILE FROM THE HOST\nFOR BOB\n' > "$work/note.txt"
if "$creasy" disk put "$work/users300.disk" "$work/note.txt" NOTE TEXT --extent 8192:8192 &&
   "$creasy" disk list "$work/users300.disk" --extent 8192:8192 | grep -q '^NOTE  *TEXT'; then
    pass "creasy disk put --extent puts a host file on BOB's 191"
else
    failed "creasy disk put --extent 8192:8192"
fi
if ! "$creasy" disk list "$work/users300.disk" --extent 0:8192 2>/dev/null | grep -q NOTE; then
    pass "ALICE's 191, the extent before it, does not have it"
else
    failed "the file is on ALICE's 191 too"
fi
printf 'console bob\n.type note text\n' > "$work/s2.cmd"
out=$(run s2.cmd)
if grep -q '^BOB: A FILE FROM THE HOST' <<<"$out" && grep -q '^BOB: FOR BOB' <<<"$out"; then
    pass "BOB types it under CP"
else
    failed "BOB's TYPE NOTE TEXT:"; grep '^BOB:' <<<"$out" | tail -4 | sed 's/^/      /'
fi
blocks=$(( $(stat -c %s "$work/users300.disk") / 512 ))
err=$("$creasy" disk list "$work/users300.disk" --extent $((blocks - 10)):100 2>&1)
if [ $? = 1 ] && grep -q 'is not inside its' <<<"$err"; then
    pass "an extent past the volume's end is refused: $err"
else
    failed "an extent past the end: $err"
fi
err=$("$creasy" disk list "$work/users300.disk" --extent 100 2>&1)
if [ $? = 2 ] && grep -q 'START:BLOCKS' <<<"$err"; then
    pass "a malformed extent is a usage error"
else
    failed "--extent 100: $err"
fi
exit $fail
