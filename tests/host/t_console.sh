# Console commands check first, then change: `alter` past the end of
# storage alters nothing, a failed `load` leaves storage, the PSW and the
# symbols as they were (so `go` still runs the program loaded before);
# `help foo` says there is no such command; `step vm` without a user
# says what it wants.
. "$HERE/lib.sh"
hello=$BUILD/programs/bare/hello.elf
cp "$hello" good.elf
python3 - "$hello" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
d[42:44] = (8).to_bytes(2, 'big')   # e_phentsize 8: refused
open('bad.elf', 'wb').write(d)
ph = int.from_bytes(d[28:32], 'big')
d[42:44] = (32).to_bytes(2, 'big')
d[ph + 12:ph + 16] = (0x7FFFF000).to_bytes(4, 'big')   # the first segment far past 16M; the rest fit
open('far.elf', 'wb').write(d)
PY
cat > s.cmd <<CMD
alter FFFFFC 11223344 5566
expect byte FFFFFC == 00
expect byte FFFFFF == 00
load good.elf
alter 20000 AB
load bad.elf
load far.elf
expect byte 20000 == AB
disasm main 1
go
expect stop WAIT
CMD
run "$CREASY" --config "$HERE/../scripts/bare.yaml" --script s.cmd
check "alter past the end of storage alters nothing" bash -c '! grep -q "expect failed: byte 00FFFF" stderr.txt'
expect_err "s.cmd:1: 01000000 is outside storage" "alter names the first byte outside"
expect_err "s.cmd:6: bad.elf: program header size 8" "load names the fault"
expect_err "s.cmd:7: far.elf: segment 0" "load names the segment that does not fit"
check "a failed load changes no storage" bash -c '! grep -q "expect failed: byte 00020000" stderr.txt'
check "nor the symbols" bash -c '[[ "$0" == *"main"* ]] && ! grep -q "s.cmd:9" stderr.txt' "$out"
check "nor the PSW: go runs the program loaded before" bash -c '! grep -q "s.cmd:11" stderr.txt'

cat > h.cmd <<CMD
help foo
help alter
step vm
CMD
run "$CREASY" --config "$HERE/../scripts/bare.yaml" --script h.cmd
expect_rc 1 "help foo and step vm are errors in a script"
expect_err "h.cmd:1: there is no command 'foo'" "help foo says there is no such command"
check "help alter still helps" bash -c '[[ "$0" == *"alter [v] ADDR"* ]]' "$out"
expect_err "h.cmd:3: step vm wants the user" "step vm says it wants a user"
