# Evidence from stdin, and inside archives (tar.gz, zip, nested), is read
# as a stream, hashed per member and never written to disk.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

ev="$SRC/samples/evidence/cloudtrail"
one=$(find "$ev/AWSLogs" -name '*20261106T22*.json.gz' | sort | head -n 1)
[ -n "$one" ] || fail "sample file not found"

# stdin, compressed
expect_exit 0 st ingest - <"$one"
[ "$(q "SELECT kind || ' ' || compression FROM evidence")" = "stdin gzip" ] ||
	fail "stdin evidence row"
[ "$(q "SELECT sha256 FROM evidence")" = "$(sha256sum <"$one" | cut -c1-64)" ] ||
	fail "stdin hash is not the hash of the bytes read"
n=$(q "SELECT count(*) FROM events")
expect_exit 0 st ingest "$one"
[ "$(q "SELECT count(*) FROM events")" = "$n" ] || fail "same content via a path added events"

# archives: tar.gz with a nested zip, members hashed, nothing extracted
rm -f case.db
mkdir -p pack/inner
cp "$ev/lookup-events-kms-2026-11-13.json" pack/
find "$ev/AWSLogs" -path '*2026/11/06*' -name '*.json.gz' | sort | head -n 3 |
	while read -r f; do cp "$f" pack/inner/; done
if command -v zip >/dev/null 2>&1; then
	(cd pack && zip -qr inner.zip inner && rm -rf inner)
fi
tar -czf pack.tar.gz pack
before=$(find . ! -name 'case.db*' | sort)
expect_exit 0 st ingest pack.tar.gz
[ "$(find . ! -name 'case.db*' | sort)" = "$before" ] || fail "ingest wrote files next to the archive"
[ "$(q "SELECT count(*) FROM evidence WHERE kind = 'archive'")" -ge 1 ] || fail "no archive row"
[ "$(q "SELECT count(*) FROM evidence WHERE kind = 'member' AND parser = 'cloudtrail'")" = 4 ] ||
	fail "members not read"
member=$(q "SELECT member FROM evidence WHERE member LIKE '%lookup-events%'")
[ "$member" = "pack/lookup-events-kms-2026-11-13.json" ] || fail "member path: $member"
[ "$(q "SELECT sha256 FROM evidence WHERE member = '$member'")" = \
    "$(sha256sum <"$ev/lookup-events-kms-2026-11-13.json" | cut -c1-64)" ] ||
	fail "member hash"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined AND kind != 'archive'")" = 0 ] || fail "accounting"

# path tricks in member names are only names
mkdir -p trick
cp "$one" trick/x.json.gz
tar -czf trick.tar.gz --transform 's|trick/x|../../escape|' trick/x.json.gz
expect_exit 0 st ingest trick.tar.gz
[ ! -e ../escape.json.gz ] && [ ! -e ../../escape.json.gz ] || fail "member written to disk"
# (its content is in the case already, so it is noted as seen again)
[ "$(q "SELECT count(*) FROM evidence_seen WHERE member = '../../escape.json.gz'")" = 1 ] ||
	fail "traversal member not recorded by name"
exit 0
