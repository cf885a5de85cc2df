# The command line: every --help prints its usage on stdout and exits 0;
# malformed --gpr and --dump values are refused (exit 2); each ELF fault
# gets its own message.
. "$HERE/lib.sh"
hello=$BUILD/programs/bare/hello.elf

for cmd in "run" "disk" "disk put" "disk get" "directory" "directory compile" "directory show" ""; do
    run "$CREASY" $cmd --help
    expect_rc 0 "creasy $cmd --help exits 0"
    check "creasy $cmd --help prints the usage on stdout" bash -c '[[ "$0" == *usage* ]]' "$out"
done

for v in "=5" "1=" "x=1" "16=1" "1=-1" "-1=5" "1=123456789"; do
    run "$CREASY" run "$hello" --gpr "$v"
    expect_rc 2 "--gpr '$v' is refused"
done
run "$CREASY" run "$hello" --gpr 15=DEADBEEF
expect_rc 0 "--gpr 15=DEADBEEF is taken"
for v in ":10" "-1:10" "10:" "10:-1" "+10:10" "10:0" "x:10" "100000000:10"; do
    run "$CREASY" run "$hello" --dump "$v"
    expect_rc 2 "--dump '$v' is refused"
done
run "$CREASY" run "$hello" --dump 10000:10
expect_rc 0 "--dump 10000:10 is taken"
check "and dumps" bash -c '[[ "$0" == *"MEM 00010000"* ]]' "$out"

# ELF faults, each made from hello.elf: phnum 0, phentsize 8, filesz > memsz
elf_variant() {   # NAME OFFSET BYTES(hex): a copy of hello.elf patched
    python3 - "$hello" "$1" "$2" "$3" <<'PY'
import sys
src, name, off, data = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
d = bytearray(open(src, 'rb').read())
off = eval(off, {'d': d, 'be32': lambda o: int.from_bytes(d[o:o + 4], 'big')})
d[off:off + len(bytes.fromhex(data))] = bytes.fromhex(data)
open(name, 'wb').write(d)
PY
}
elf_variant phnum0.elf 44 0000
elf_variant phent8.elf 42 0008
# the first program header's p_filesz (+16) made larger than p_memsz (+20)
python3 - "$hello" <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
ph = int.from_bytes(d[28:32], 'big')
memsz = int.from_bytes(d[ph + 20:ph + 24], 'big')
d[ph + 16:ph + 20] = (memsz + 4).to_bytes(4, 'big')
open('filesz.elf', 'wb').write(d)
PY
run "$CREASY" run phnum0.elf
expect_rc 2 "an ELF with no program headers is refused"
expect_err "no program headers" "and says so"
run "$CREASY" run phent8.elf
expect_rc 2 "an ELF with 8-byte program headers is refused"
expect_err "program header size 8" "and says so"
run "$CREASY" run filesz.elf
expect_rc 2 "an ELF segment with filesz > memsz is refused"
expect_err "larger than its memory size" "and says so"
