# Nothing the tools did not create is destroyed: `creasy directory
# compile` and `creasy disk get` aimed at a device node or a symbolic
# link write through it and leave it a node or a link; a failed get
# leaves an existing file as it was and a node in place; an OUT.tmp that
# is not the tool's own is left alone; a refused configuration truncates
# nothing and removes only what it created.
. "$HERE/lib.sh"
dir_yaml=$HERE/../../cp/directory.yaml

null_node null
run "$CREASY" directory compile "$dir_yaml" null
expect_rc 0 "directory compile to a /dev/null node"
check "the null node is still a node" node_ok null 1 3
echo old > target
ln -s target link
run "$CREASY" directory compile "$dir_yaml" link
expect_rc 0 "directory compile to a symbolic link"
check "the link is still a link" test -L link
check "its target holds the directory" test "$(stat -c %s target)" -gt 100
echo "not the tool's" > out.tmp
run "$CREASY" directory compile "$dir_yaml" out
expect_rc nz "directory compile refuses when OUT.tmp is not its own"
check "that OUT.tmp is untouched" test "$(cat out.tmp)" = "not the tool's"
check "and no OUT was made" test ! -e out
rm out.tmp
run "$CREASY" directory compile "$dir_yaml" out
expect_rc 0 "directory compile to a regular file"
check "OUT is a regular file" test -f out

# a disk with a file whose second record is damaged: `get` fails after
# the first line
"$CREASY" disk format img.disk --blocks 256 2>/dev/null
printf 'HELLO\nWORLD\nAGAIN\n' > h.txt
"$CREASY" disk put img.disk h.txt H TXT
python3 - <<'PY'
d = bytearray(open('img.disk', 'rb').read())
i = d.find(bytes([0, 5, 0xC8, 0xC5, 0xD3, 0xD3, 0xD6, 0, 5]))   # HELLO, then WORLD's length
d[i + 7:i + 9] = b'\xff\xff'
open('img.disk', 'wb').write(d)
PY
echo "keep me" > old.txt
run "$CREASY" disk get img.disk H TXT old.txt
expect_rc 1 "get of a damaged file fails"
check "an existing host file is kept as it was" test "$(cat old.txt)" = "keep me"
run "$CREASY" disk get img.disk H TXT null
expect_rc 1 "get of a damaged file to a node fails"
check "the node is not removed" node_ok null 1 3
run "$CREASY" disk get img.disk H TXT new.txt
check "a new host file is not left half-written" test ! -e new.txt
check "nor a temporary file" test ! -e new.txt.tmp

printf 'one\ntwo\n' > a.txt
"$CREASY" disk put img.disk a.txt A TXT
run "$CREASY" disk get img.disk A TXT null
expect_rc 0 "get to a /dev/null node"
check "the null node is still a node" node_ok null 1 3
echo old > target2
ln -s target2 link2
run "$CREASY" disk get img.disk A TXT link2
expect_rc 0 "get to a symbolic link"
check "the link is still a link" test -L link2
check "its target holds the file" test "$(cat target2)" = $'one\ntwo'
run "$CREASY" disk get img.disk A TXT old.txt
check "get replaces a regular file" test "$(cat old.txt)" = $'one\ntwo'

# a configuration that is refused changes no file (docs/config.md)
echo "keep me" > b.txt
cat > bad.yaml <<YAML
storage: 16M
devices:
  - {address: 009, type: 3215, input: missing.txt, output: b.txt}
YAML
run "$CREASY" --config bad.yaml --script /dev/null
expect_rc nz "a 3215 with a missing input is refused"
check "its output file is not truncated" test "$(cat b.txt)" = "keep me"
cat > bad2.yaml <<YAML
storage: 16M
devices:
  - {address: 009, type: 3215, output: b.txt}
  - {address: 00E, type: 1403, file: made.txt}
  - {address: 300, type: FBA, file: made.disk, create: 64}
  - {address: 00D, type: 2540P, file: no/such/dir/punch.txt}
YAML
run "$CREASY" --config bad2.yaml --script /dev/null
expect_rc nz "a configuration with a bad last device is refused"
check "an earlier device's output is not truncated" test "$(cat b.txt)" = "keep me"
check "the files it created are removed" test ! -e made.txt -a ! -e made.disk
