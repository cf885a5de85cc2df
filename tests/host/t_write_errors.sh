# Every host output, aimed at a full device (a node like /dev/full's,
# made here), gives a one-line "write error" and a nonzero exit, and the
# node is still there, still a node.
. "$HERE/lib.sh"
hello=$BUILD/programs/bare/hello.elf
full_node full

run_to full "$CREASY" run "$hello"
expect_rc nz "creasy run > full"
expect_err "write error" "creasy run > full says so"
run "$CREASY" run "$hello" --console full
expect_rc nz "creasy run --console full"
expect_err "full: write error" "creasy run --console full names the file"
run "$CREASY" run "$hello" --trace full
expect_rc nz "creasy run --trace full"
expect_err "full: write error" "creasy run --trace full names the file"

# the console: its stdout, `trace FILE` (left on, and turned off), a 3215's output
run_to full "$CREASY" --script /dev/stdin "$hello" <<< 'go'
expect_rc nz "console > full"
run "$CREASY" --script /dev/stdin "$hello" <<< $'trace full\ngo'
expect_rc nz "console: trace full"
run "$CREASY" --script /dev/stdin "$hello" <<< $'trace full\ngo\ntrace off'
expect_rc nz "console: trace full, then trace off"
cat > out.yaml <<YAML
storage: 16M
devices:
  - {address: 009, type: 3215, output: full}
YAML
run "$CREASY" --config out.yaml --script /dev/stdin <<< "load $hello
go"
expect_rc nz "a 3215's output: full"
expect_err "full: write error" "a 3215's output: full names the file"

# the printer and the punch: the guest gets an equipment check (unit
# check in the CSW), the host a message and a nonzero exit
unit_record() {   # DEVICE (2 hex digits) TYPE CCW-COMMAND: one write, status in the CSW
    cat > ur.cmd <<CMD
attach 0$1 $2 full
alter 48 00001000
alter 1000 ${3}200005 00003000
alter 3000 C8C5D3D3D6
alter 78 000A0000 8000A0A0
alter 2000 9C0000$1 82000800
alter 800 020A0000 80002200
psw 00080000 80002000
go 1000
expect ia == A0A0
expect byte 44 == 0E
CMD
    run "$CREASY" --config "$HERE/../scripts/bare.yaml" --script ur.cmd
}
unit_record 0E 1403 09
expect_rc nz "a printer's file: full"
expect_err "full: write error" "a printer's file: full names it"
check "the guest saw the printer's unit check" bash -c '! grep -q "expect.*failed\|FAIL" stderr.txt'
unit_record 0D 2540P 01
expect_rc nz "a punch's file: full"
expect_err "full: write error" "a punch's file: full names it"

# the tools
"$CREASY" disk format img.disk --blocks 256 2>/dev/null
printf 'one\ntwo\n' > a.txt
"$CREASY" disk put img.disk a.txt A TXT
run "$CREASY" disk get img.disk A TXT full
expect_rc nz "creasy disk get ... full"
expect_err "write error" "creasy disk get ... full says so"
run_to full "$CREASY" disk get img.disk A TXT
expect_rc nz "creasy disk get > full"
run_to full "$CREASY" disk list img.disk
expect_rc nz "creasy disk list > full"
run "$CREASY" directory compile "$HERE/../../cp/directory.yaml" full
expect_rc nz "creasy directory compile ... full"
expect_err "write error" "creasy directory compile ... full says so"
"$CREASY" directory compile "$HERE/../../cp/directory.yaml" dir.bin
run_to full "$CREASY" directory show dir.bin
expect_rc nz "creasy directory show > full"

check "the full node is still a node" node_ok full 1 7
check "no temporary file is left" bash -c '! ls *.tmp 2>/dev/null | grep -q .'
