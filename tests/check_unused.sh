#!/bin/bash
# tests/check_unused.sh NAME [ENTRY...] -- OBJECT... [--users OBJECT...]:
# dead code, found by the linker's own view (nm). Every function the
# first OBJECTs define as external (nm: T) must be called from another
# object (nm: U) among them or among the --users objects (the libraries
# the program links, the other programs that share a file), or be one of
# the program's ENTRY points (called from assembler, the linker script or
# the machine; an ENTRY may be a shell pattern, such as '*_slow' for the
# interpreter's slow twins, which the generated tables reach only when a
# fast handler needs them). A function that only its own file uses is static; one
# that nobody uses is gone. Prints each offender as "NAME: FUNCTION
# (OBJECT) is used by no other object" and exits 1 if there is any.
set -u
name=$1
shift
entries=""
set -f   # the entries are patterns, not file names
while [ $# -gt 0 ] && [ "$1" != -- ]; do entries="$entries $1"; shift; done
[ $# -gt 0 ] && shift
checked=() users=()
while [ $# -gt 0 ] && [ "$1" != --users ]; do checked+=("$1"); shift; done
[ $# -gt 0 ] && shift
users=("$@")
[ ${#checked[@]} -gt 0 ] || { echo "check_unused: $name: no objects" >&2; exit 2; }
used=$(nm "${checked[@]}" "${users[@]}" 2>/dev/null | awk '$1 == "U" { print $2 }' | sort -u)
fail=0
for o in "${checked[@]}"; do
    for f in $(nm "$o" | awk '$2 == "T" { print $3 }'); do
        entry=false
        for e in $entries; do
            # shellcheck disable=SC2053
            [[ $f == $e ]] && entry=true && break
        done
        $entry && continue
        if ! grep -qx -- "$f" <<< "$used"; then
            echo "$name: $f ($o) is used by no other object"
            fail=1
        fi
    done
done
[ $fail = 0 ] && echo "pass  $name: every external function of ${#checked[@]} objects is used"
exit $fail
