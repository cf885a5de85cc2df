# creasy disk check: an fsck. A sound image passes (exit 0, "0 problems");
# one whose directory block or a file's data is damaged exits nonzero
# and says what it found.
. "$HERE/lib.sh"
"$CREASY" disk format a.disk --blocks 128 > /dev/null
printf 'line %d\n' $(seq 1 400) > notes.txt
"$CREASY" disk put a.disk notes.txt > /dev/null
run "$CREASY" disk check a.disk
expect_rc 0 "a sound image: exit 0"
check "a sound image: 1 file read, 0 problems" grep -q "1 file read, 0 problems" <<< "$out"
cp a.disk b.disk
dd if=/dev/urandom of=b.disk bs=512 seek=2 count=1 conv=notrunc status=none   # the first directory block
run "$CREASY" disk check b.disk
expect_rc nz "a damaged directory block: nonzero"
check "a damaged directory block: it says what it found" test -n "$err"
cp a.disk c.disk
blocks=$(stat -c %s c.disk); blocks=$((blocks / 512))
for b in $(seq 8 $((blocks - 1))); do   # every block past the directory: the file's index and data
    dd if=/dev/zero of=c.disk bs=512 seek=$b count=1 conv=notrunc status=none
done
run "$CREASY" disk check c.disk
expect_rc nz "a file whose blocks are gone: nonzero"
check "a file whose blocks are gone: it says so" test -n "$err"
