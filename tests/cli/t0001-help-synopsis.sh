# The README's synopsis block is exactly what `sigtrail --help` prints,
# and every command answers --help.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

st --help >help.txt || fail "--help exited non-zero"
sed -n '/<!-- synopsis:begin -->/,/<!-- synopsis:end -->/p' "$SRC/README.md" |
	sed '1,2d;$d' | sed '$d' >readme.txt
[ -s readme.txt ] || fail "README has no synopsis block"
diff -u readme.txt help.txt >&2 || fail "README synopsis differs from sigtrail --help"

for c in ingest formats evidence query; do
	st "$c" --help >out 2>err || fail "$c --help exited non-zero"
	contains out "usage: sigtrail $c"
	[ ! -s err ] || fail "$c --help wrote to stderr"
done
st --version >out || fail "--version"
contains out "sigtrail "
exit 0
