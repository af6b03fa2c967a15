# Shared helpers for the CLI tests; sourced by every tests/cli/t*.sh.
# Each test runs in a fresh temporary directory that is removed at exit.
set -u
SRC=$SIGTRAIL_SRCDIR
GOLDEN=$SRC/tests/golden
CORPUS=$(cd "$SRC/.." && pwd)/shared/corpus
T=$(mktemp -d "${TMPDIR:-/tmp}/sigtrail-test.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
export SIGTRAIL_CASE="$T/case.db"
unset NO_COLOR

st() {
	"$SIGTRAIL" "$@"
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

skip() {
	echo "$*"
	exit 77
}

need_corpus() {
	[ -d "$CORPUS" ] || skip "no shared corpus at $CORPUS"
}

# expect_exit CODE CMD...: runs CMD (stdout to out, stderr to err).
expect_exit() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "--- stdout" >&2; cat out >&2
		echo "--- stderr" >&2; cat err >&2
		fail "'$*' exited $got, expected $want"
	fi
}

# contains FILE TEXT: FILE has a line containing TEXT (fixed string).
contains() {
	grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "'$1' lacks: $2"; }
}

lacks() {
	! grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "'$1' has: $2"; }
}

# golden NAME FILE: FILE equals tests/golden/NAME (or rewrites it when
# SIGTRAIL_GOLDEN_UPDATE=1).
golden() {
	if [ "${SIGTRAIL_GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$2" "$GOLDEN/$1"
		return 0
	fi
	[ -f "$GOLDEN/$1" ] || fail "no golden file tests/golden/$1"
	diff -u "$GOLDEN/$1" "$2" >&2 || fail "output differs from tests/golden/$1"
}

# q SQL: one value from the case, as plain text.
q() {
	"$SIGTRAIL" query --format csv "$1" | sed 1d
}

# The Python of the helpers in tests/tools (the system one when there is
# one: a version manager's shim costs a tenth of a second a call).
PYTHON=python3
[ -x /usr/bin/python3 ] && PYTHON=/usr/bin/python3

# need PROGRAM...: skips the test when a program it needs is missing.
need() {
	for prog; do
		command -v "$prog" >/dev/null 2>&1 ||
			skip "needs '$prog', which is not installed"
	done
}

# sanitized: the binary under test is built with AddressSanitizer (tests
# scale their big inputs down then; SIGTRAIL_* knobs still override).
sanitized() {
	grep -q __asan_init "$SIGTRAIL" 2>/dev/null
}

# case_ok [CASE]: the case passes PRAGMA integrity_check and
# foreign_key_check, has no orphan rows and no unaccounted records
# (tests/tools/casecheck.py; needs python3).
case_ok() {
	$PYTHON "$SRC/tests/tools/casecheck.py" "${1:-$SIGTRAIL_CASE}" \
	    >casecheck.out 2>&1 ||
		{ cat casecheck.out >&2; fail "case check failed${2:+ ($2)}"; }
}

# case_counts [CASE]: one line of figures that any complete ingest of the
# same evidence gives (rows per table, records, statuses).
case_counts() {
	$PYTHON "$SRC/tests/tools/casecheck.py" --counts \
	    "${1:-$SIGTRAIL_CASE}"
}

# peak_rss FILE CMD...: runs CMD (stdin, stdout and stderr as given) and
# writes its peak resident set size in KiB to FILE; returns its status.
peak_rss() {
	$PYTHON "$SRC/tests/tools/rss.py" "$@"
}

# rand_list SEED N MAX: N pseudo-random decimals in [0, MAX), one a line,
# the same for the same SEED.
rand_list() {
	awk -v s="$1" -v n="$2" -v m="$3" \
	    'BEGIN { srand(s); for (i = 0; i < n; i++) printf "%.3f\n", rand() * m }'
}

# kept ID...: the case holds one event with each native id ID.
kept() {
	for id; do
		[ "$(q "SELECT count(*) FROM events WHERE native_id = '$id'")" = 1 ] ||
			fail "record $id lost"
	done
}

# traced FILE CALLS CMD...: runs CMD under strace -f, logging the system
# calls CALLS (a strace -e trace= list) to FILE; returns CMD's status.
# LeakSanitizer cannot run under ptrace, so leaks are not checked there.
traced() {
	_file=$1 _calls=$2
	shift 2
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    strace -f -qq -o "$_file" -e trace="$_calls" "$@"
}
