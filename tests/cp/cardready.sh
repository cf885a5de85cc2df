#!/bin/bash
# tests/cp/cardready.sh CREASY BUILD_DIR: the real card reader tells CP
# when cards are loaded (issue 11, section 9). Loading a deck into the
# empty reader makes it ready, and the reader presents device end on its
# own, as a 2540 does (machine/io/dev_reader.c); CP, whose read found the
# hopper empty, reads the deck at once (cp/cardrdr.c), with no START
# from the operator: a deck with `ID CAROL` reaches CAROL's reader, a
# second deck loaded after the first ran out reaches it too, and one
# without an ID card is dropped with the operator told.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/creasy-cardready.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
. "$here/cpdisk.sh"
fail=0
pass() { echo "pass  $*"; }
failed() { echo "FAIL  $*"; fail=1; }

default_system "$creasy" "$build" "$work" || { echo "FAIL  no CP disk"; exit 1; }
printf 'ID CAROL\nHELLO FROM THE CARD READER\nTHE SECOND CARD\n' > "$work/carol.deck"
printf 'USERID CAROL\nANOTHER DECK\n' > "$work/again.deck"
printf 'THIS DECK HAS NO ID CARD\nA CARD\n' > "$work/noid.deck"
cat > "$work/s.cmd" <<EOF
cards 00C $work/carol.deck
console carol
.format 191 a
.yes
.carol
.readcard deck text
.type deck text
console 009
cards 00C $work/again.deck
.query names
cards 00C $work/noid.deck
.query names
EOF
out=$(cd "$work" && "$creasy" --config system.yaml --script s.cmd 2>&1)
if grep -qi 'start' "$work/s.cmd"; then
    failed "the script says START"
elif grep -q '^009: RDR 00C INPUT FOR CAROL FILE [0-9]* RECS 000002' <<<"$out" &&
     grep -q '^CAROL: HELLO FROM THE CARD READER' <<<"$out" && grep -q '^CAROL: THE SECOND CARD' <<<"$out"; then
    pass "a deck with an ID card, loaded while CP runs, reaches CAROL's reader with no START"
else
    failed "the deck for CAROL:"; grep -E '^(009|CAROL):' <<<"$out" | tail -12 | sed 's/^/      /'
fi
if grep -q '^009: RDR 00C INPUT FOR CAROL FILE [0-9]* RECS 000001' <<<"$out"; then
    pass "a second deck, loaded once the first ran out, is read too"
else
    failed "the second deck:"; grep '^009:' <<<"$out" | tail -6 | sed 's/^/      /'
fi
if grep -q '^009: DMKRDR001E RDR 00C: A DECK OF 1 CARDS AFTER ITS FIRST WAS NOT SPOOLED: ITS FIRST CARD IS NO ID CARD' <<<"$out"; then
    pass "a deck without an ID card is dropped, and the operator told"
else
    failed "a deck without an ID card:"; grep '^009:' <<<"$out" | tail -4 | sed 's/^/      /'
fi
exit $fail
