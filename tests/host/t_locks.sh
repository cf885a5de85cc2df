# A running creasy locks each read-write image it attaches: `creasy
# disk` refuses it with a clear message while it runs and takes it once
# it has gone; two read-write FBA devices on one image, in one
# configuration or by `attach`, are refused; read-only ones share.
. "$HERE/lib.sh"
"$CREASY" disk format user.disk --blocks 256 2>/dev/null
printf 'one\n' > a.txt
cat > sys.yaml <<YAML
storage: 16M
devices:
  - {address: 009, type: 3215}
  - {address: 191, type: FBA, file: user.disk}
YAML
mkfifo ctl
"$CREASY" --config sys.yaml --script ctl > console.txt 2>&1 &
pid=$!
exec 3> ctl   # the console reads its script from here until it closes
echo "echo ready" >&3
for _ in $(seq 50); do grep -q ready console.txt && break; sleep 0.1; done
run "$CREASY" disk put user.disk a.txt A TXT
expect_rc 1 "disk put on an image a running creasy has attached"
expect_err "attached read-write by a running creasy" "the refusal says why"
run "$CREASY" disk list user.disk
expect_rc 1 "disk list of it too (its directory may be changing)"
echo "attach 192 FBA user.disk" >&3
echo "attach 193 FBA user.disk readonly" >&3
echo "echo done" >&3
for _ in $(seq 50); do grep -q done console.txt && break; sleep 0.1; done
check "a second read-write attach is refused" grep -q "user.disk: in use" console.txt
check "a read-only attach is not" bash -c '[ $(grep -c "in use" console.txt) = 1 ]'
exec 3>&-
wait $pid
run "$CREASY" disk put user.disk a.txt A TXT
expect_rc 0 "disk put once that creasy has gone"

cat > two.yaml <<YAML
storage: 16M
devices:
  - {address: 191, type: FBA, file: user.disk}
  - {address: 192, type: FBA, file: user.disk}
YAML
run "$CREASY" --config two.yaml --script /dev/null
expect_rc nz "two read-write FBA devices on one image in a configuration"
expect_err "two.yaml:4: ./user.disk: in use" "the refusal names the second"
cat > ro.yaml <<YAML
storage: 16M
devices:
  - {address: 190, type: FBA, file: user.disk, readonly: true}
  - {address: 191, type: FBA, file: user.disk, readonly: true}
YAML
run "$CREASY" --config ro.yaml --script /dev/null
expect_rc 0 "two read-only FBA devices on one image"
