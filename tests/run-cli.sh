#!/bin/sh
# Runs the CLI end-to-end tests (tests/cli/t*.sh), each in its own shell
# and temporary directory.  A test exits 0 (pass), 77 (skipped, with the
# reason on its last line) or anything else (fail).  Prints one closing
# line "N passed, N failed, N skipped".
: "${SIGTRAIL:?set SIGTRAIL to the binary}"
: "${SIGTRAIL_SRCDIR:?set SIGTRAIL_SRCDIR to the source tree}"
export SIGTRAIL SIGTRAIL_SRCDIR
pass=0
fail=0
skip=0
failed=""
for t in "$SIGTRAIL_SRCDIR"/tests/cli/t[0-9]*.sh; do
	name=$(basename "$t" .sh)
	out=$(sh "$t" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
		echo "ok    $name"
	elif [ $rc -eq 77 ]; then
		skip=$((skip + 1))
		echo "skip  $name: $(printf '%s\n' "$out" | tail -n 1)"
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL  $name"
		printf '%s\n' "$out" | sed 's/^/      /'
	fi
done
echo "cli: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ] || { echo "cli: failed:$failed" >&2; exit 1; }
