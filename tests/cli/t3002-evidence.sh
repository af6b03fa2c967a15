# evidence list shows the chain of custody; evidence verify re-hashes the
# files and reports changed and vanished ones with exit 1.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

mkdir ev
cp "$SRC/samples/evidence/cloudtrail/lookup-events-kms-2026-11-13.json" ev/a.json
find "$SRC/samples/evidence/cloudtrail/AWSLogs" -name '*.json.gz' | sort | head -n 2 |
	while read -r f; do cp "$f" ev/; done
expect_exit 0 st ingest ev
expect_exit 0 st evidence list --format csv
contains out "id,path,member,kind,parser,sha256,size"
contains out "ev/a.json,,file,cloudtrail,$(sha256sum <ev/a.json | cut -c1-64)"
expect_exit 0 st evidence --format json
contains out '"parser":"cloudtrail"'

expect_exit 0 st evidence verify --format csv
[ "$(grep -c ',ok,' out)" = 3 ] || fail "verify: not all ok"
echo ' ' >>ev/a.json
rm "$(ls ev/*.json.gz | head -n 1)"
expect_exit 1 st evidence verify --format csv
contains out ",changed,"
contains out ",missing,"
expect_exit 2 st evidence frobnicate
exit 0
