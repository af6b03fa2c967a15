# query: one read-only statement, every output format, and nothing that
# writes, attaches or changes state gets through.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

expect_exit 0 st ingest "$SRC/samples/evidence/cloudtrail/lookup-events-kms-2026-11-13.json"
sum=$(sha256sum case.db)

sql="SELECT action, count(*) AS n FROM events GROUP BY action ORDER BY action"
expect_exit 0 st query --format csv "$sql"
golden query-actions.csv out
expect_exit 0 st query --format json "$sql"
golden query-actions.json out
expect_exit 0 st query --format md "$sql"
golden query-actions.md out
expect_exit 0 st query --format table "$sql"
golden query-actions.txt out
expect_exit 0 st query -o res.csv --format csv "$sql"
[ ! -s out ] || fail "-o still wrote to stdout"
cmp -s res.csv "$GOLDEN/query-actions.csv" || fail "-o file differs"
expect_exit 0 st query --format json "SELECT json_extract(attrs, '\$.region') AS r
    FROM events WHERE action = 'key.disable'"
contains out '"r":"eu-west-1"'

for bad in "DELETE FROM events" "DROP TABLE events" \
    "INSERT INTO warnings (kind, message) VALUES ('x', 'y')" \
    "UPDATE events SET actor = 'x'" "CREATE TABLE t (x)" \
    "CREATE TEMP TABLE t (x)" "ATTACH 'other.db' AS o" \
    "PRAGMA user_version = 7" "PRAGMA writable_schema = 1" \
    "SELECT 1; DELETE FROM events" "VACUUM" \
    "UPDATE sqlite_master SET sql = 'x'" ; do
	expect_exit 2 st query "$bad"
	[ -s err ] || fail "no message for: $bad"
done
[ ! -e other.db ] || fail "ATTACH created a file"
[ "$(sha256sum case.db)" = "$sum" ] || fail "the case changed"
expect_exit 0 st query "PRAGMA table_info(events)"
expect_exit 0 st query "SELECT count(*) FROM events, json_each(events.attrs)"
expect_exit 0 st query "SELECT 1 -- a trailing comment"
expect_exit 2 st query "SELECT nosuchcolumn FROM events"
contains err "no such column"
exit 0
