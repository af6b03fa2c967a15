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
