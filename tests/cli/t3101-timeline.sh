# timeline: every export format of the bundled CloudTrail incident against
# golden files, byte-identical re-exports, _bulk ids that survive a
# re-ingest, JSON lines that parse, 17-column l2tcsv, tags, filters,
# untimed events, the index template, usage errors, and a case left as it
# was.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

W="--from 2026-11-06T21:00:00Z --to 2026-11-07T07:00:00Z"
WUS="1794000000000000 AND 1794034800000000"

# Relative evidence paths: the golden files must not depend on where the
# tree is checked out.
(cd "$SRC/samples/evidence" && "$SIGTRAIL" ingest cloudtrail) >/dev/null \
    2>&1 || fail "ingest of the samples"

# not correlated yet: no tags, a note
expect_exit 0 st timeline $W
contains err "not been correlated"
lacks out "verdict:"
[ "$(wc -l <out)" -eq 14 ] || fail "13 events and a header expected"

expect_exit 0 st correlate
sum=$(sha256sum case.db)

expect_exit 0 st timeline $W
lacks err "correlate"
expect_exit 0 st timeline $W -o tl.csv --format csv
[ ! -s out ] || fail "-o still wrote to stdout"
contains err "13 events written (csv)"
golden timeline-window.csv tl.csv
contains tl.csv "verdict:unaccounted finding:critical:unaccounted-signature"
contains tl.csv "finding:medium:denied-signing-burst"
contains tl.csv "finding:high:audit-trail-break"

n=0
for f in jsonl:timeline-window.jsonl \
    timesketch:timeline-window.timesketch.csv \
    timesketch-jsonl:timeline-window.timesketch.jsonl \
    l2tcsv:timeline-window.l2t.csv \
    opensearch:timeline-window.bulk.ndjson; do
	fmt=${f%%:*}
	name=${f#*:}
	expect_exit 0 st timeline $W --format "$fmt" -o "$name"
	golden "$name" "$name"
	# the same case gives the same bytes
	expect_exit 0 st -q timeline $W --format "$fmt"
	cmp -s out "$name" || fail "$fmt: a second export differs"
	[ ! -s err ] || fail "-q: stderr not empty"
	n=$((n + 1))
done
[ "$n" -eq 5 ] || fail "not every format ran"

# shapes: JSON per line, 17 l2tcsv columns, Timesketch's required fields
[ "$(wc -l <timeline-window.jsonl)" -eq 13 ] || fail "jsonl lines"
[ "$(wc -l <timeline-window.bulk.ndjson)" -eq 26 ] || fail "bulk lines"
[ "$(tail -c 1 timeline-window.bulk.ndjson | od -An -c | tr -d ' ')" = '\n' ] ||
	fail "the _bulk body does not end with a newline"
awk -F, 'NF != 17 { bad = 1 } END { exit bad }' timeline-window.l2t.csv ||
	fail "an l2tcsv line without 17 columns"
l2thead=date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc
l2thead=$l2thead,version,filename,inode,notes,format,extra
[ "$(head -n 1 timeline-window.l2t.csv)" = "$l2thead" ] || fail "l2tcsv header"
contains timeline-window.l2t.csv \
    "11/06/2026,22:01:05,UTC,....,LOG,cloudtrail,Signing Time,"
contains timeline-window.timesketch.csv \
    ",2026-11-06T22:01:05+00:00,Signing Time,1794002465000000,"
if command -v python3 >/dev/null 2>&1; then
	python3 - <<'PY' || fail "python3 checks of the exports"
import csv, json
for name in ("timeline-window.jsonl", "timeline-window.timesketch.jsonl",
             "timeline-window.bulk.ndjson"):
    with open(name, encoding="utf-8") as f:
        for line in f:
            json.loads(line)
with open("timeline-window.bulk.ndjson", encoding="utf-8") as f:
    lines = f.read().splitlines()
ids = []
for i in range(0, len(lines), 2):
    act = json.loads(lines[i])["index"]
    assert act["_index"] == "sigtrail-events", act
    assert len(act["_id"]) == 64, act
    ids.append(act["_id"])
    doc = json.loads(lines[i + 1])
    assert doc["@timestamp"].endswith("Z") and "timestamp" in doc, doc
assert len(set(ids)) == len(ids), "duplicate _id"
with open("timeline-window.l2t.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
assert all(len(r) == 17 for r in rows), "l2tcsv: not 17 fields"
with open("timeline-window.timesketch.csv", newline="",
          encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
assert len(rows) == 13
for r in rows:
    assert r["message"] and r["timestamp_desc"], r
    assert r["datetime"].endswith("+00:00"), r
    int(r["timestamp"])
    assert isinstance(json.loads(r["tag"]), list), r
with open("tl.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
assert [int(r["ts_us"]) for r in rows] == sorted(int(r["ts_us"]) for r in rows)
assert json.loads(rows[0]["attrs"])["region"] == "eu-west-1"
PY
fi

# the index template: printed, the shipped file, JSON
expect_exit 0 st timeline --template
cmp -s out "$SRC/report/opensearch-template.json" ||
	fail "--template differs from report/opensearch-template.json"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json, sys
t = json.load(open(sys.argv[1]))["template"]["mappings"]["properties"]
assert t["src_ip"]["type"] == "keyword" and t["@timestamp"]["type"] == "date"
' out || fail "the template is not JSON"
fi
expect_exit 0 st timeline --format opensearch --index case-42 $W
contains out '{"index":{"_index":"case-42","_id":"'

# filters, each against the same question in SQL
expect_exit 0 st timeline $W --action sign
[ "$(($(wc -l <out) - 1))" = "$(q "SELECT count(*) FROM events WHERE
    action = 'sign' AND ts_us BETWEEN $WUS")" ] || fail "--action sign"
expect_exit 0 st timeline --action key.
[ "$(($(wc -l <out) - 1))" = "$(q "SELECT count(*) FROM events WHERE
    action LIKE 'key.%'")" ] || fail "--action key."
expect_exit 0 st timeline --action key
[ "$(($(wc -l <out) - 1))" = "$(q "SELECT count(*) FROM events WHERE
    action LIKE 'key.%'")" ] || fail "--action key"
expect_exit 0 st timeline --key 4f1e2d3c-0a0b-4c0d-9e0f-112233445566 \
    --format jsonl
[ "$(wc -l <out)" = "$(q "SELECT count(*) FROM events WHERE key_ref LIKE
    '%:key/4f1e2d3c-0a0b-4c0d-9e0f-112233445566'")" ] || fail "--key by key id"
lacks out "7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5"
# an alias answers for every key it ever named
expect_exit 0 st timeline --key alias/widget-release --format jsonl
[ "$(wc -l <out)" = "$(q "SELECT count(*) FROM events WHERE key_ref
    LIKE 'arn:aws:kms:%:key/%'")" ] || fail "--key by alias"
contains out "7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5"
expect_exit 0 st timeline --actor 'arn:aws:iam::210987654321:user/ci-legacy' $W
[ "$(($(wc -l <out) - 1))" = 6 ] || fail "--actor"
expect_exit 0 st timeline --actor '*:user/ci-legacy' --source cloudtrail \
    --action sign $W
[ "$(($(wc -l <out) - 1))" = 3 ] || fail "--actor GLOB with --action"
expect_exit 0 st timeline --key no-such-key
contains err "no key answers to 'no-such-key'"
[ "$(wc -l <out)" = 1 ] || fail "unknown key: header only"

# usage errors
expect_exit 2 st timeline --format json
contains err "unknown format 'json'"
expect_exit 2 st timeline --from yesterday
expect_exit 2 st timeline --from 2026-11-07 --to 2026-11-06
expect_exit 2 st timeline --index foo
expect_exit 2 st timeline --format opensearch --index Foo
expect_exit 2 st timeline --action sign --action key
expect_exit 2 st timeline extra
expect_exit 3 st timeline -o "$T/no/such/dir/tl.csv"
contains err "cannot write"
expect_exit 0 st timeline --help
contains out "usage: sigtrail timeline"

# read-only: the case did not change
[ "$(sha256sum case.db)" = "$sum" ] || fail "the case changed"

# _ids survive a re-ingest in another order into a fresh case
expect_exit 0 st timeline --format opensearch -o all1.ndjson
sed -n 'p;n' all1.ndjson | sort >ids1
export SIGTRAIL_CASE="$T/case2.db"
expect_exit 0 st ingest \
    "$SRC/samples/evidence/cloudtrail/lookup-events-kms-2026-11-13.json"
expect_exit 0 st ingest "$SRC/samples/evidence/cloudtrail"
expect_exit 0 st correlate
expect_exit 0 st timeline --format opensearch -o all2.ndjson
sed -n 'p;n' all2.ndjson | sort >ids2
[ "$(q "SELECT count(*) FROM events")" = 501 ] || fail "second case"
[ "$(wc -l <ids1)" -eq 501 ] || fail "not every event exported"
cmp -s ids1 ids2 || fail "_ids differ after a re-ingest"
cmp -s all1.ndjson all2.ndjson && fail "event ids should differ here"

# events without a time (a YubiHSM log without --anchor)
export SIGTRAIL_CASE="$T/case3.db"
expect_exit 0 st ingest "$SRC/samples/evidence/yubihsm"
expect_exit 0 st timeline --format jsonl
[ "$(wc -l <out)" -eq 53 ] || fail "untimed events not listed"
contains out '"ts":null,"ts_us":null'
expect_exit 0 st timeline --format timesketch
[ "$(wc -l <out)" -eq 1 ] || fail "timesketch: untimed events written"
contains err "53 events without a time"
expect_exit 0 st timeline --to 2030-01-01
contains err "outside every window"
exit 0
