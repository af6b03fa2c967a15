# Transparency-log and version-control evidence (Rekor API responses and
# rekor-cli output, a Sigstore bundle, git history): the bundled evidence
# ingests cleanly with every record accounted for, its key columns match
# the golden file, the story's joins hold (log entries to tags and CI runs,
# the bundle to its log entry, the hijack commit), a tampered entry fails
# its inclusion proof, the shared corpus ingests without quarantine, and
# a malformed record of each format is quarantined with its file and line
# while its neighbours stay.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

REKOR=$SRC/samples/evidence/rekor
GIT=$SRC/samples/evidence/git
OLD_KEY=spki-sha256:a98889079b54b6e9647fae66008b563376e4bf78b8637b66d38395ab3740d2b2
NEW_KEY=spki-sha256:c64de18df32dd2fb67ce2b6d158561888d8ce29dead5113f62c851f7cbc0bd1f

expect_exit 0 st ingest "$REKOR" "$GIT"
contains err "8 items read"
contains err "0 quarantined"
lacks err "warning"

# chain of custody: every record of every item is accounted for
[ "$(q "SELECT count(*) FROM evidence WHERE records_read !=
    records_stored + records_duplicate + records_out_of_scope +
    records_nonevent + records_quarantined")" = 0 ] ||
	fail "an evidence item does not account for all its records"
[ "$(q "SELECT group_concat(parser || ':' || n, ' ') FROM (SELECT parser,
    count(*) AS n FROM evidence GROUP BY parser ORDER BY parser)")" = \
    "git_log:1 rekor:6 sigstore_bundle:1" ] || fail "items per parser"
# rekor-cli output of an entry the retrieve call returned: a duplicate
[ "$(q "SELECT records_read || ' ' || records_duplicate FROM evidence
    WHERE path LIKE '%/rekor-cli-get-%'")" = "1 1" ] ||
	fail "the rekor-cli entry was not counted as a duplicate"
# the "# repo:" line is a non-event record
[ "$(q "SELECT records_read || ' ' || records_stored || ' ' ||
    records_nonevent AS v FROM evidence WHERE parser = 'git_log'")" = "29 28 1" ] ||
	fail "git log record counts"
[ "$(q "SELECT group_concat(source || ':' || n, ' ') FROM (SELECT source,
    count(*) AS n FROM events GROUP BY source ORDER BY source)")" = \
    "git_log:33 rekor:22" ] || fail "events per source"
# the bundle's log entry is the same entry as the API's: one event
[ "$(q "SELECT records_read || ' ' || records_duplicate FROM evidence
    WHERE parser = 'sigstore_bundle'")" = "1 1" ] ||
	fail "the bundle's log entry was stored twice"

st query --format json "SELECT ts, source, action, operation, actor,
    key_ref, digest, artifact, repo, ref, commit_sha, run_ref, runner,
    version, json_extract(attrs, '$.inclusion') AS inclusion, native_id
    FROM events ORDER BY ts_us, native_id" >events.json
golden tlog-events.json events.json

# every log entry is Merkle-consistent with its root, its UUID is its
# body's leaf hash, and its SET is recorded as present but unverified
[ "$(q "SELECT count(*) FROM events WHERE action = 'tlog.entry' AND
    (json_extract(attrs, '$.inclusion') != 'verified' OR
    json_extract(attrs, '$.checkpoint') != 'consistent' OR
    json_extract(attrs, '$.set') != 'set_unverified')")" = 0 ] ||
	fail "a sample entry is not verified"
[ "$(q "SELECT count(*) FROM events WHERE source = 'rekor' AND
    json_extract(attrs, '$.uuid_matches_body') IS NOT 1")" = 0 ] ||
	fail "a UUID is not the leaf hash of its body"
# the old KMS key: 9 release signatures, 4 by the attacker, 1 by the
# hijacked run, 1 the hotfix (the bundle repeats one); the new key: v2.5.0
[ "$(q "SELECT count(*) FROM events WHERE source = 'rekor' AND
    key_ref = '$OLD_KEY'")" = 15 ] || fail "entries of the old key"
[ "$(q "SELECT count(*) FROM events WHERE key_ref = '$NEW_KEY'")" = 3 ] ||
	fail "entries of the new key"
[ "$(q "SELECT count(*) FROM events WHERE key_ref = '$OLD_KEY' AND
    ts BETWEEN '2026-11-06T22:01:00Z' AND '2026-11-06T22:05:00Z'")" = 4 ] ||
	fail "the attacker's four entries"
[ "$(q "SELECT count(*) FROM events WHERE key_ref = '$OLD_KEY' AND
    ts > '2026-11-06T21:58:40Z'")" = 6 ] ||
	fail "six entries of the old key after the attacker's assume"
# keyless image signatures: the Fulcio run identity joins the git tag
[ "$(q "SELECT group_concat(t.run_ref || '=' || g.version, ' ') FROM
    events t JOIN events g ON g.action = 'vcs.tag' AND
    g.commit_sha = t.commit_sha AND g.ref = t.ref AND g.repo = t.repo
    WHERE t.source = 'rekor' AND t.run_ref IS NOT NULL")" = \
    "11652093318=v2.3.0 11768420157=v2.4.0 11873645201=v2.4.1 12061877492=v2.5.0" ] ||
	fail "Fulcio run identities and tags"
# the bundle is the log entry of v2.4.1's linux archive: the same event
[ "$(q "SELECT count(*) FROM events WHERE source = 'rekor' AND
    digest = 'sha256:bfa7a7e4f77550077f8d09078b3f94a860b6694eb1c8326500d0e14c4267cd4c'")" = 1 ] ||
	fail "the bundle and its Rekor entry"
# git: the ci-test commit that changed the release workflow
[ "$(q "SELECT ref || ' ' || actor || ' ' || ts FROM events WHERE
    action = 'vcs.commit' AND json_extract(attrs, '$.ci_paths') LIKE
    '%release.yml%' AND ts BETWEEN '2026-11-01' AND '2026-11-10'")" = \
    "refs/heads/ci-test jlindqvist@acme.example 2026-11-09T09:58:41Z" ] ||
	fail "the hijack commit"
[ "$(q "SELECT group_concat(version, ' ') FROM (SELECT version FROM events
    WHERE action = 'vcs.tag' ORDER BY ts_us)")" = \
    "v2.3.0 v2.4.0 v2.4.1 v2.4.2 v2.5.0" ] || fail "release tags"

# the same evidence again adds nothing
n=$(q "SELECT count(*) FROM events")
expect_exit 0 st ingest "$REKOR" "$GIT"
[ "$(q "SELECT count(*) FROM events")" = "$n" ] || fail "re-ingest added events"

# a tampered entry (another entry's body under its UUID and proof) is kept
# and fails its inclusion proof
rm -f "$SIGTRAIL_CASE"
mkdir tamper
set -- "$REKOR"/api-entry-logindex-*.json
other=$(sed -n 's/.*"body":"\([^"]*\)".*/\1/p' "$2")
sed "s|\"body\":\"[^\"]*\"|\"body\":\"$other\"|" "$1" >tamper/entry.json
expect_exit 0 st ingest tamper
[ "$(q "SELECT json_extract(attrs, '$.inclusion') || ' ' ||
    json_extract(attrs, '$.uuid_matches_body') AS v FROM events")" = "failed 0" ] ||
	fail "a tampered body passed"

# the shared corpus: no quarantine, every entry accounted for
if [ -d "$CORPUS/rekor" ]; then
	rm -f "$SIGTRAIL_CASE"
	expect_exit 0 st ingest "$CORPUS/rekor"
	contains err "0 quarantined"
	[ "$(q "SELECT count(*) FROM evidence WHERE records_read !=
	    records_stored + records_duplicate + records_out_of_scope +
	    records_nonevent")" = 0 ] || fail "corpus records not accounted for"
	[ "$(q "SELECT group_concat(parser || ':' || n, ' ') FROM (SELECT
	    parser, count(*) AS n FROM evidence GROUP BY parser
	    ORDER BY parser)")" = "rekor:3 sigstore_bundle:9" ] ||
		fail "corpus files per parser"
	[ "$(q "SELECT count(*) FROM events WHERE json_extract(attrs,
	    '$.inclusion') = 'failed'")" = 0 ] ||
		fail "a real entry failed its inclusion proof"
	[ "$(q "SELECT count(*) FROM events WHERE action != 'pki.timestamp'")" = 12 ] ||
		fail "corpus events"
	# bundles' RFC 3161 tokens become timestamp events like .tsr files
	[ "$(q "SELECT count(*) FROM events WHERE action = 'pki.timestamp'
	    AND source = 'rfc3161' AND evidence_id IN (SELECT id FROM
	    evidence WHERE parser = 'sigstore_bundle')")" -ge 1 ] ||
		fail "no timestamp event from a bundle's RFC 3161 token"
fi

# ---- bad input: one malformed record of each format ---------------------
rm -f "$SIGTRAIL_CASE"
mkdir ev
set -- "$REKOR"/api-entry-logindex-*.json
{
	cat "$1"
	sed 's|"body":"[^"]*"|"body":"not base64!"|' "$2"
	cat "$3"
} >ev/entries.jsonl
bundle=$REKOR/widget-linux-amd64.tar.gz.sigstore.json
{
	cat "$bundle"
	sed 's|"logIndex":"[0-9]*"|"logIndex":"x"|' "$bundle"
	cat "$bundle"
} >ev/bundles.jsonl
rec() {	# hash, parent, date, subject
	printf '\036%s\037%s\037Mei Chen\037mchen@acme.example\037%s\037Mei Chen\037mchen@acme.example\037%s\037N\037\037\037\037\037%s\n\nM\tREADME.md\n' \
	    "$1" "$2" "$3" "$3" "$4"
}
{
	echo '# repo: acme/widget'
	rec 1111111111111111111111111111111111111111 \
	    2222222222222222222222222222222222222222 2026-11-02T10:00:00+01:00 one
	rec 33333333333333333333333333333333333333zz \
	    1111111111111111111111111111111111111111 2026-11-03T10:00:00+01:00 two
	rec 4444444444444444444444444444444444444444 \
	    1111111111111111111111111111111111111111 2026-11-04T10:00:00+01:00 three
} >ev/widget.gitlog

expect_exit 1 st ingest ev
contains err "'ev/entries.jsonl': line 2, byte"
contains err "body is not base64"
contains err "'ev/bundles.jsonl': line 2, byte"
contains err "tlogEntries[0]: logIndex is missing or not a number"
contains err "'ev/widget.gitlog': line 5, byte"
contains err "commit hash '33333333333333333333333333333333333333zz'"
contains err "3 quarantined"
for f in entries.jsonl:rekor bundles.jsonl:sigstore_bundle \
    widget.gitlog:git_log; do
	[ "$(q "SELECT parser || ' ' || records_quarantined FROM evidence
	    WHERE path = 'ev/${f%%:*}'")" = "${f#*:} 1" ] ||
		fail "ev/${f%%:*}: parser or quarantine count"
done
[ "$(q "SELECT count(*) FROM quarantine WHERE length(raw) > 0 AND
    reason != ''")" = 3 ] || fail "quarantine rows"
# the good neighbours are kept
[ "$(q "SELECT count(*) FROM events WHERE source = 'rekor' AND evidence_id IN (SELECT id FROM evidence WHERE path = 'ev/entries.jsonl')")" = 2 ] ||
	fail "good Rekor entries lost"
[ "$(q "SELECT records_stored || ' ' || records_duplicate FROM evidence
    WHERE path = 'ev/bundles.jsonl'")" = "1 1" ] || fail "good bundles lost"
for id in 1111111111111111111111111111111111111111 \
    4444444444444444444444444444444444444444; do
	[ "$(q "SELECT repo FROM events WHERE native_id = '$id'")" = acme/widget ] ||
		fail "good commit $id lost"
done
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined")" = 0 ] || fail "records not accounted for"
exit 0
