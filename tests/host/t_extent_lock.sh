# `creasy disk --extent` on a volume a running creasy has attached: the
# refusal names the holder (its pid) and says what to do instead (put
# the file through the guest, or stop creasy first); another process
# holding it (flock(1) here) is named by its pid.
. "$HERE/lib.sh"
"$CREASY" disk format vol.disk --blocks 512 2>/dev/null
"$CREASY" disk format vol.part --blocks 256 2>/dev/null
dd if=vol.part of=vol.disk bs=512 seek=256 conv=notrunc status=none   # a minidisk at 256:256
printf 'one\n' > a.txt
cat > sys.yaml <<YAML
storage: 16M
devices:
  - {address: 009, type: 3215}
  - {address: 300, type: FBA, file: vol.disk}
YAML
mkfifo ctl
"$CREASY" --config sys.yaml --script ctl > console.txt 2>&1 &
pid=$!
exec 3> ctl
echo "echo ready" >&3
for _ in $(seq 50); do grep -q ready console.txt && break; sleep 0.1; done
run "$CREASY" disk put vol.disk a.txt A TXT --extent 256:256
expect_rc 1 "disk put --extent on a volume a running creasy has attached"
expect_err "attached read-write by a running creasy (pid $pid)" "the refusal names the running creasy's pid"
expect_err "through the guest" "... and says to go through the guest"
expect_err "or stop creasy first" "... or to stop creasy first"
exec 3>&-
wait $pid
run "$CREASY" disk put vol.disk a.txt A TXT --extent 256:256
expect_rc 0 "disk put --extent once that creasy has gone"
exec 4< vol.disk
flock -x 4
run "$CREASY" disk list vol.disk --extent 256:256
expect_rc 1 "an image another process has locked"
expect_err "locked by another process (pid " "is named as that, with its pid"
exec 4<&-
