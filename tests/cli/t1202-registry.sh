# Registries and releases: the bundled registry/release evidence (ghcr.io
# notification captures, the GitHub Releases export) ingests cleanly with every record accounted for, the key columns match
# the golden file, the story's facts are there, a second ingest adds
# nothing; a malformed record of each format (Docker registry JSON and
# .http, Harbor, npm, PyPI, GitHub Releases, Artifactory) is quarantined
# with a warning naming the file and line or byte while the good records
# around it are kept; and the real corpus files of these formats ingest
# with nothing quarantined.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

EV=$SRC/samples/evidence/registry

expect_exit 0 st ingest "$EV"
contains err "15 items read"
contains err "0 quarantined"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read !=
    records_stored + records_duplicate + records_out_of_scope +
    records_nonevent + records_quarantined")" = 0 ] ||
	fail "an evidence item does not account for all its records"
[ "$(q "SELECT count(*) FROM evidence WHERE parser IS NULL")" = 0 ] ||
	fail "an evidence item was not recognized"
[ "$(q "SELECT group_concat(parser || ':' || n, ' ') AS v FROM (SELECT
    parser, count(*) AS n FROM evidence GROUP BY parser ORDER BY parser)")" = \
    "docker_registry_http:14 github_releases:1" ] ||
	fail "evidence parsers: $(q "SELECT group_concat(parser) FROM evidence")"
[ "$(q "SELECT sum(records_out_of_scope) FROM evidence")" = 4 ] ||
	fail "the four pull notifications are not out of scope"
[ "$(q "SELECT count(*) FROM events")" = 30 ] || fail "event count"
[ "$(q "SELECT count(DISTINCT native_id) FROM events")" = 30 ] ||
	fail "events without a unique native_id"

# the story: five releases of three assets, all with digests
[ "$(q "SELECT count(*) FROM events WHERE native_id LIKE 'release/%'")" = 5 ] ||
	fail "release count"
[ "$(q "SELECT count(*) FROM events WHERE native_id LIKE 'asset/%'
    AND digest LIKE 'sha256:%' AND length(digest) = 71")" = 15 ] ||
	fail "asset digests"
# the hotfix: published by mchen (m.chen's GitHub account), and the digest
# of its Linux tarball, the one m.chen signed by hand
[ "$(q "SELECT ts || ' ' || actor FROM events WHERE native_id = 'release/261334519'")" = \
    "2026-11-12T17:05:09Z mchen" ] || fail "hotfix release"
[ "$(q "SELECT digest FROM events WHERE version = 'v2.4.2'
    AND artifact = 'widget-linux-amd64.tar.gz'")" = \
    "sha256:a7d7ddc8c244c78e0356fa4fd8c0d80e479042ad1f209477ef666995e0918f92" ] ||
	fail "hotfix asset digest"
# four keyless signatures by the pipeline, each of an image it pushed
[ "$(q "SELECT count(*) FROM events s WHERE s.action = 'publish.signature'
    AND s.actor = 'github-actions[bot]' AND EXISTS (SELECT 1 FROM events i
    WHERE i.action = 'publish' AND i.source = s.source
    AND i.digest = json_extract(s.attrs, '\$.subject_digest'))")" = 4 ] ||
	fail "pipeline signatures"
# one signature of an image no release produced, in the attack window
[ "$(q "SELECT ts || ' ' || actor || ' ' || src_ip AS v FROM events s
    WHERE s.action = 'publish.signature' AND NOT EXISTS (SELECT 1 FROM
    events i WHERE i.action = 'publish' AND i.digest =
    json_extract(s.attrs, '\$.subject_digest'))")" = \
    "2026-11-06T22:05:37.670123Z jlindqvist 185.220.101.47" ] ||
	fail "the attacker's signature push"
[ "$(q "SELECT count(*) FROM events WHERE action = 'publish.delete'
    AND actor = 'acme-secadmin' AND digest = (SELECT digest FROM events
    WHERE actor = 'jlindqvist' AND action = 'publish.signature')")" = 1 ] ||
	fail "the containment delete of the attacker's signature"
# no release asset is a signature (the attacker's were never attached)
[ "$(q "SELECT count(*) FROM events WHERE source = 'github_releases'
    AND (artifact LIKE '%.sig' OR artifact LIKE '%.sigstore%')")" = 0 ] ||
	fail "a signature among the release assets"
# assets uploaded in the run's "Upload release assets" step, before the
# release is published
[ "$(q "SELECT count(*) FROM events a JOIN events r ON r.native_id =
    'release/' || json_extract(a.attrs, '\$.release_id')
    WHERE a.native_id LIKE 'asset/%' AND a.ts_us < r.ts_us")" = 15 ] ||
	fail "an asset uploaded after its release was published"

st query --format json "SELECT ts, source, action, operation, actor,
    artifact, version, digest, repo, ref, src_ip, native_id,
    json_extract(attrs, '\$.subject_digest') AS subject_digest
    FROM events ORDER BY ts_us, native_id" >events.json
golden registry-events.json events.json

# a second ingest of the same evidence adds nothing
expect_exit 0 st ingest "$EV"
[ "$(q "SELECT count(*) FROM events")" = 30 ] || fail "re-ingest added events"

# ------------------------------------------------------------------
# bad input: one malformed record of each format among good ones

export SIGTRAIL_CASE="$T/bad.db"
mkdir bad
ev() {	# ev ID ACTION TARGET-EXTRA: one registry notification event
	printf '{"id":"%s","timestamp":"2026-11-06T22:05:37.5Z","action":"%s","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":1,"digest":"sha256:%064d","repository":"acme/widget","url":"https://ghcr.io/v2/acme/widget/manifests/x"%s},"request":{"addr":"185.220.101.47:1234","host":"ghcr.io","method":"PUT","useragent":"x"},"actor":{"name":"a"},"source":{"addr":"r:5000","instanceID":"i"}}' "$1" "$2" 1 "$3"
}
{
	ev reg-good-1 push ',"tag":"v1"'; echo
	echo '{"id":"reg-bad","action":"push","target":{"mediaType":"x","digest":"sha256:00","repository":"r","tag":"v"},"request":{},"actor":{},"source":{}}'
	ev reg-good-2 push ',"tag":"v2"'; echo
} >bad/registry-events.jsonl
body=$(ev reg-good-3 push ',"tag":"v3"')
printf 'POST /hook HTTP/1.1\r\nContent-Type: application/vnd.docker.distribution.events.v2+json\r\nContent-Length: %d\r\n\r\n{"events":[%s]}' \
	$(( ${#body} + 13 )) "$body" >bad/good.http
printf 'POST /hook HTTP/1.1\r\nContent-Type: application/vnd.docker.distribution.events.v2+json\r\nContent-Length: 5000\r\n\r\n{"events":[%s]}' \
	"$body" >bad/truncated.http
hb() {
	printf '{"type":"PUSH_ARTIFACT","occur_at":%s,"operator":"robot$ci","event_data":{"resources":[{"digest":"sha256:%064d","tag":"%s","resource_url":"h/acme/widget:%s"}],"repository":{"repo_full_name":"acme/widget"}}}\n' "$1" 2 "$2" "$2"
}
{ hb 1762466737 v1; hb '"yesterday"' v2; hb 1762466799 v3; } >bad/harbor.jsonl
pk() {	# pk NAME TIME
	printf '{"_id":"%s","name":"%s","dist-tags":{"latest":"1.0.0"},"versions":{"1.0.0":{"name":"%s","version":"1.0.0","_npmUser":{"name":"u"},"dist":{"shasum":"%040d"}}},"time":{"created":"%s","1.0.0":"%s"}}\n' "$1" "$1" "$1" 3 "$2" "$2"
}
{ pk npm-good-a 2026-11-06T22:05:37.000Z; pk npm-bad 2026-11-31T22:05:37.000Z; pk npm-good-b 2026-11-07T01:00:00.000Z; } >bad/packuments.jsonl
py() {	# py PROJECT FILENAME-FIELD
	printf '{"info":{"name":"%s","version":"1.0"},"last_serial":7,"releases":{"1.0":[{%s"digests":{"sha256":"%064d"},"upload_time_iso_8601":"2026-11-06T22:05:37.000000Z","packagetype":"sdist"}]},"urls":[]}\n' "$1" "$2" 4
}
{ py py-good-a '"filename":"py-good-a-1.0.tar.gz",'; py py-bad ''; py py-good-b '"filename":"py-good-b-1.0.tar.gz",'; } >bad/pypi.jsonl
rel() {	# rel ID-FIELD TAG
	printf '{"url":"https://api.github.com/repos/acme/widget/releases/1","html_url":"https://github.com/acme/widget/releases/tag/%s",%s"tag_name":"%s","author":{"login":"m-chen"},"draft":false,"prerelease":false,"created_at":"2026-11-06T22:00:00Z","published_at":"2026-11-06T22:06:00Z","assets":[]}' "$2" "$1" "$2"
}
printf '[%s,\n%s,\n%s]\n' "$(rel '"id":9001,' v9.0.1)" "$(rel '' v9.0.2)" \
	"$(rel '"id":9003,' v9.0.3)" >bad/releases.json
{
	echo '2026-11-06T22:07:03.004Z|aa11bb22cc33dd44|185.220.101.47|ci-legacy|PUT|/libs-release-local/com/acme/widget/2.4.1/widget-2.4.1.jar|403|7340032|0|12|curl/8.5.0'
	echo '2026-11-06T22:07:0X.004Z|bad|185.220.101.47|ci-legacy|PUT|/libs-release-local/a.jar|201|0|0|1|curl/8.5.0'
	echo '2026-11-06 22:07:03,004 [aa11bb22cc33dd45] [ACCEPTED DEPLOY] libs-release-local:com/acme/widget/2.4.1/widget-2.4.1.jar.asc for client : ci-legacy / 185.220.101.47.'
} >bad/artifactory-request.log

expect_exit 1 st ingest bad
contains err "'bad/registry-events.jsonl': line 2, byte"
contains err "event has no timestamp"
contains err "'bad/truncated.http': byte 0: record quarantined: body has"
contains err "'bad/harbor.jsonl': line 2, byte"
contains err "occur_at is not a usable epoch number"
contains err "'bad/packuments.jsonl': line 2, byte"
contains err "bad time[\"1.0.0\"]"
contains err "'bad/pypi.jsonl': line 2, byte"
contains err "has no filename"
contains err "'bad/releases.json': line 2, byte"
contains err "release has no integer id"
contains err "'bad/artifactory-request.log': line 2, byte"
contains err "bad timestamp '2026-11-06T22:07:0X.004Z'"
[ "$(q "SELECT group_concat(e.path || ':' || e.parser || ':' ||
    e.records_quarantined, ' ') AS v FROM (SELECT * FROM evidence
    ORDER BY path) e")" = \
    "bad/artifactory-request.log:artifactory:1 bad/good.http:docker_registry_http:0 bad/harbor.jsonl:harbor:1 bad/packuments.jsonl:npm:1 bad/pypi.jsonl:pypi:1 bad/registry-events.jsonl:docker_registry:1 bad/releases.json:github_releases:1 bad/truncated.http:docker_registry_http:1" ] ||
	fail "quarantine per item: $(q "SELECT group_concat(path || ':' || parser || ':' || records_quarantined, ' ') FROM evidence")"
[ "$(q "SELECT count(*) FROM quarantine WHERE length(raw) > 0
    AND length(reason) > 0")" = 7 ] || fail "quarantine rows"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined")" = 0 ] || fail "records not accounted for"
# the good records around the bad ones are kept
for id in reg-good-1 reg-good-2 reg-good-3 npm-good-a@1.0.0 npm-good-b@1.0.0 \
    py-good-a-1.0.tar.gz py-good-b-1.0.tar.gz release/9001 release/9003 \
    'aa11bb22cc33dd44:deploy:libs-release-local/com/acme/widget/2.4.1/widget-2.4.1.jar' \
    'aa11bb22cc33dd45:deploy:libs-release-local/com/acme/widget/2.4.1/widget-2.4.1.jar.asc'; do
	[ "$(q "SELECT count(*) FROM events WHERE native_id = '$id'")" = 1 ] ||
		fail "good record $id lost"
done
[ "$(q "SELECT count(*) FROM events WHERE source = 'harbor'")" = 2 ] ||
	fail "good Harbor deliveries lost"
[ "$(q "SELECT outcome || ' ' || error_code AS v FROM events
    WHERE source = 'artifactory' AND action = 'publish'")" = "failure 403" ] ||
	fail "the refused deploy"

# ------------------------------------------------------------------
# the real corpus files of these formats: nothing quarantined

if [ -d "$CORPUS" ]; then
	export SIGTRAIL_CASE="$T/corpus.db"
	expect_exit 0 st ingest "$CORPUS/docker_registry" "$CORPUS/npm" \
	    "$CORPUS/pypi" "$CORPUS/github_actions/releases" \
	    "$CORPUS/github_actions/webhook_payloads/release.published.payload.json"
	contains err "0 quarantined"
	[ "$(q "SELECT group_concat(parser || ':' || n, ' ') AS v FROM
	    (SELECT parser, count(*) AS n FROM evidence GROUP BY parser
	    ORDER BY parser)")" = \
	    "docker_registry_http:3 github_releases:2 harbor:1 npm:7 pypi:4" ] ||
		fail "corpus parsers: $(q "SELECT group_concat(path || '=' || parser, ' ') FROM evidence")"
	[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
	    records_duplicate + records_out_of_scope + records_nonevent +
	    records_quarantined")" = 0 ] || fail "corpus records not accounted for"
	[ "$(q "SELECT count(*) FROM events WHERE source = 'pypi'")" = 448 ] ||
		fail "PyPI files (asgiref release and project share two)"
	[ "$(q "SELECT count(*) FROM events WHERE source = 'npm'")" = 70 ] ||
		fail "npm versions"
	[ "$(q "SELECT count(*) FROM events WHERE source = 'github_releases'")" = 4 ] ||
		fail "GitHub releases events"
fi
exit 0
