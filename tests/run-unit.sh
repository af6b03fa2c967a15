#!/bin/sh
# Runs every cmocka unit-test binary given as arguments, each in its own
# process (a crash cannot hide the other modules), and prints one closing
# line "N passed, N failed" counting binaries.
pass=0
fail=0
failed=""
for t in "$@"; do
	if "$t"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $(basename "$t")"
	fi
done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "unit: failed:$failed" >&2; exit 1; }
