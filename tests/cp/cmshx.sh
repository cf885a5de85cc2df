#!/bin/bash
# tests/cp/cmshx.sh CREASY BUILD_DIR: CMS's HX on the bare machine (issue
# 11, section 4: each user can be interrupted). A line typed while a
# program runs raises attention; CMS reads it at once: HX halts the
# program (return code 256), any other line is kept and runs after it.
# Under CP the same is in tests/cp/interrupt.cmd, with #CP EXTERNAL.
set -u
creasy=$(realpath "$1"); build=$(realpath "$2")
work=$(mktemp -d /tmp/creasy-cmshx.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
cat > "$work/system.yaml" <<YAML
storage: 16M
ipl: 190
devices:
  - {address: 009, type: 3215}
  - {address: 190, type: FBA, file: $build/cms190.disk, readonly: true}
YAML
# HOG 1000 is minutes of work: only HX ends it in time
cat > "$work/script.cmd" <<EOF2
break 80000
.hog 1000
delete 1
go 2000000
.query disk
go 2000000
.hx
go
EOF2
out=$(cd "$work" && timeout 300 "$creasy" --config system.yaml --script script.cmd 2>&1)
if grep -q '^009: DMSABN149T PROGRAM HALTED BY HX' <<<"$out" && grep -q '^009: R(00256);' <<<"$out" &&
   grep -q '^009: CMS190 190  S  R/O' <<<"$out" && ! grep -q 'HOG: 1000 MILLION' <<<"$out"; then
    echo "pass  HX halts a running program on the bare machine; the line typed before it runs after"
    exit 0
fi
echo "FAIL  HX on the bare machine:"; tail -12 <<<"$out" | sed 's/^/      /'
exit 1
