# CI pipeline history (GitHub Actions runs/jobs/steps, GitHub audit log,
# GitLab CI, Jenkins): the bundled evidence ingests cleanly with every
# record accounted for, its key columns match the golden file, its step
# windows hold the CloudTrail calls of the story, the shared corpus of
# these formats ingests without quarantine, and a malformed record of each
# format is quarantined with its file and line while its neighbours stay.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

GHA=$SRC/samples/evidence/github_actions
JENKINS=$SRC/samples/evidence/jenkins

expect_exit 0 st ingest "$GHA" "$JENKINS"
contains err "11 items read"
contains err "0 quarantined"
lacks err "warning"

# chain of custody: every record of every item is accounted for
[ "$(q "SELECT count(*) FROM evidence WHERE records_read !=
    records_stored + records_duplicate + records_out_of_scope +
    records_nonevent + records_quarantined")" = 0 ] ||
	fail "an evidence item does not account for all its records"
# each file went to its parser
[ "$(q "SELECT parser FROM evidence WHERE path LIKE '%/audit-log.json'")" = github_audit ] ||
	fail "the audit log was not read as github_audit"
[ "$(q "SELECT count(*) FROM evidence WHERE path LIKE '%github_actions/%'
    AND parser = 'github_actions'")" = 9 ] || fail "run and job files"
[ "$(q "SELECT parser FROM evidence WHERE path LIKE '%jenkins/%'")" = jenkins ] ||
	fail "the Jenkins export was not read as jenkins"
# the single-run export repeats a run of the page: a duplicate
[ "$(q "SELECT records_duplicate FROM evidence WHERE path LIKE '%run-11990233417-attempt-1.json'")" = 1 ] ||
	fail "the repeated run was not counted as a duplicate"
# a re-run keeps both attempts of the run, one event each
[ "$(q "SELECT group_concat(json_extract(attrs, '$.run_attempt') || ':' ||
    outcome, ' ') AS v FROM (SELECT * FROM events WHERE action = 'ci.run' AND
    run_ref = '11617196539' AND source = 'github_actions' ORDER BY native_id)")" = "1:failure 2:success" ] ||
	fail "the re-run's attempts"
# out of scope audit entries (downloads, a member removal) are counted
[ "$(q "SELECT records_out_of_scope FROM evidence WHERE path LIKE '%/audit-log.json'")" = 5 ] ||
	fail "audit-log out-of-scope count"

st query --format json "SELECT ts, end_ts, source, action, operation,
    outcome, error_code, actor, repo, ref, commit_sha, run_ref, job_ref,
    runner, src_ip, coalesce(json_extract(attrs, '$.step_name'),
    json_extract(attrs, '$.job_name'), json_extract(attrs,
    '$.workflow_path')) AS name, native_id FROM events
    ORDER BY ts_us, native_id" >events.json
golden ci-events.json events.json

# the story's facts
[ "$(q "SELECT count(*) FROM events WHERE source = 'github_actions' AND
    action = 'ci.run' AND json_extract(attrs, '$.workflow_path') =
    '.github/workflows/release.yml' AND ref LIKE 'refs/tags/v%'")" = 4 ] ||
	fail "four release runs on tags"
[ "$(q "SELECT ref || ' ' || actor FROM events WHERE native_id =
    'acme/widget/11990233417/1'")" = "refs/heads/ci-test jlindqvist" ] ||
	fail "the hijacked run"
[ "$(q "SELECT group_concat(DISTINCT runner) FROM events WHERE
    source = 'github_actions' AND run_ref = '11990233417' AND
    json_extract(attrs, '$.job_name') = 'sign-and-publish'")" = build-07 ] ||
	fail "the hijacked sign job's runner"
[ "$(q "SELECT count(*) FROM events WHERE source = 'github_actions' AND
    action = 'ci.job' AND json_extract(attrs, '$.runner_environment') =
    'self-hosted'")" = 1 ] || fail "exactly one job on a self-hosted runner"
[ "$(q "SELECT count(*) FROM events WHERE source = 'github_audit' AND
    action = 'iam.credential' AND actor = 'jlindqvist' AND
    ts < '2026-11-09T10:12:00Z'")" = 1 ] ||
	fail "the secret change before the hijacked run"
[ "$(q "SELECT max(ts) FROM events WHERE source = 'jenkins'")" = 2026-10-15T12:39:38.604000Z ] ||
	fail "the last Jenkins build"

# with CloudTrail: every signing call of a gha-<run id> session lies in
# the "Sign artifacts (cosign)" step of that run, every web-identity
# assume of one in its "Configure AWS credentials" step
expect_exit 0 st ingest "$SRC/samples/evidence/cloudtrail"
[ "$(q "SELECT count(*) FROM events k WHERE k.source = 'cloudtrail' AND
    k.operation IN ('kms:Sign', 'kms:GetPublicKey') AND
    k.session LIKE '%/gha-%' AND NOT EXISTS (SELECT 1 FROM events s WHERE
    s.action = 'ci.step' AND k.session LIKE '%/gha-' || s.run_ref AND
    json_extract(s.attrs, '$.step_name') = 'Sign artifacts (cosign)' AND
    k.ts_us BETWEEN s.ts_us AND s.end_us)")" = 0 ] ||
	fail "a CI signing call outside its sign step"
[ "$(q "SELECT count(*) FROM events k JOIN events s ON
    k.session LIKE '%/gha-' || s.run_ref AND k.ts_us BETWEEN s.ts_us AND
    s.end_us WHERE k.operation = 'sts:AssumeRoleWithWebIdentity' AND
    s.action = 'ci.step' AND json_extract(s.attrs, '$.step_name') =
    'Configure AWS credentials'")" = 5 ] ||
	fail "the five release-role assumes in their credential steps"

# the shared corpus of these formats: no quarantine, all accounted for
if [ -d "$CORPUS" ]; then
	rm -f "$SIGTRAIL_CASE"
	# (the GitLab test report and release list are other formats)
	expect_exit 0 st ingest "$CORPUS/jenkins" \
	    "$CORPUS/gitlab_ci/go-gitlab/webhooks_build.json" \
	    "$CORPUS/gitlab_ci/go-gitlab/webhooks_job.json" \
	    "$CORPUS/gitlab_ci/go-gitlab/webhooks_pipeline.json" \
	    "$CORPUS/gitlab_ci/go-scm/webhooks_pipeline_hook.json" \
	    "$CORPUS/github_actions/rest_api" \
	    "$CORPUS/github_actions/webhook_payloads/workflow_job.completed.failure.with-organization.payload.json" \
	    "$CORPUS/github_actions/webhook_payloads/workflow_job.in_progress.with-queued-steps.payload.json" \
	    "$CORPUS/github_actions/webhook_payloads/workflow_run.completed.payload.json"
	contains err "0 quarantined"
	[ "$(q "SELECT count(*) FROM evidence WHERE parser IN
	    ('github_actions', 'gitlab_ci', 'jenkins') AND records_read !=
	    records_stored + records_duplicate + records_out_of_scope +
	    records_nonevent")" = 0 ] || fail "corpus records not accounted for"
	[ "$(q "SELECT count(*) FROM evidence WHERE parser IS NULL OR
	    parser NOT IN ('github_actions', 'gitlab_ci', 'jenkins')")" = 0 ] ||
		fail "a CI corpus file was not read by a CI parser"
	[ "$(q "SELECT count(*) FROM events")" -ge 80 ] ||
		fail "too few corpus events"
fi

# ---- bad input: one malformed record of each format ---------------------
rm -f "$SIGTRAIL_CASE"
mkdir ev
step='{"name":"Sign","status":"completed","conclusion":"success","number":1,"started_at":"STARTED","completed_at":"2026-01-10T12:00:09Z"}'
job() {	# job id, step start
	printf '{"id":%s,"run_id":9876543210,"run_url":"https://api.github.com/repos/acme/widget/actions/runs/9876543210","status":"completed","conclusion":"success","started_at":"2026-01-10T11:58:40Z","completed_at":"2026-01-10T12:04:10Z","name":"sign","runner_name":"r1","labels":["self-hosted"],"check_run_url":"x","steps":[%s]}' \
	    "$1" "$(printf '%s' "$step" | sed "s/STARTED/$2/")"
}
{
	echo '{"total_count":3,"jobs":['
	job 101 2026-01-10T12:00:05Z; echo ','
	job 102 'half past noon'; echo ','
	job 103 2026-01-10T12:00:05Z; echo
	echo ']}'
} >ev/gha-jobs.json
run() {	# run id
	printf '{"id":%s,"run_attempt":1,"event":"push","status":"completed","conclusion":"success","head_branch":"main","head_sha":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","workflow_id":1,"run_started_at":"2026-01-10T11:58:30Z","updated_at":"2026-01-10T12:04:12Z","repository":{"full_name":"acme/widget"}}' "$1"
}
{
	echo '{"total_count":3,"workflow_runs":['
	run 201; echo ','
	run '{"not":"an id"}'; echo ','
	run 203; echo
	echo ']}'
} >ev/gha-runs.json
audit() {	# document id, action
	printf '{"@timestamp":1794218258383,"_document_id":"%s","action":%s,"actor":"a","org":"acme","repo":"acme/widget"}\n' "$1" "$2"
}
{
	audit doc-301 '"repo.update_actions_secret"'
	audit doc-302 '["repo.update_actions_secret"]'
	audit doc-303 '"org.update_actions_secret"'
} >ev/audit.jsonl
gljob() {	# job id, start
	printf '{"id":%s,"name":"sign","stage":"release","status":"success","ref":"v2.4.0","tag":true,"started_at":"%s","finished_at":"2026-01-10T12:00:15Z","runner":{"id":3,"description":"hsm-runner"},"tag_list":[],"pipeline":{"id":90001,"project_id":12,"ref":"v2.4.0","sha":"4b825dc642cb6eb9a060e54bf8d69288fbee4904","status":"success"},"web_url":"https://gitlab.example.com/acme/widget/-/jobs/%s"}' "$1" "$2" "$1"
}
{
	echo '['
	gljob 401 2026-01-10T11:59:02Z; echo ','
	gljob 402 2026-02-30T11:59:02Z; echo ','
	gljob 403 2026-01-10T11:59:30Z; echo
	echo ']'
} >ev/gitlab-jobs.json
build() {	# number, timestamp
	printf '{"_class":"hudson.model.FreeStyleBuild","number":%s,"result":"SUCCESS","building":false,"timestamp":%s,"duration":60000,"builtOn":"agent","url":"https://jenkins.example/job/app/%s/"}' "$1" "$2" "$1"
}
{
	echo '{"_class":"hudson.model.FreeStyleProject","allBuilds":['
	build 503 1768046310000; echo ','
	build 502 '"yesterday"'; echo ','
	build 501 1768046210000; echo
	echo ']}'
} >ev/jenkins-builds.json

expect_exit 1 st ingest ev
contains err "'ev/gha-jobs.json': line 3, byte"
contains err "bad steps[0].started_at 'half past noon'"
contains err "'ev/gha-runs.json': line 3, byte"
contains err "workflow run id is an object"
contains err "'ev/audit.jsonl': line 2, byte"
contains err "action is not a string"
contains err "'ev/gitlab-jobs.json': line 3, byte"
contains err "job 402: bad started_at '2026-02-30T11:59:02Z'"
contains err "'ev/jenkins-builds.json': line 3, byte"
contains err "build 502: timestamp is not a number"
contains err "5 quarantined"
for f in gha-jobs.json:github_actions gha-runs.json:github_actions \
    audit.jsonl:github_audit gitlab-jobs.json:gitlab_ci \
    jenkins-builds.json:jenkins; do
	[ "$(q "SELECT parser || ' ' || records_quarantined FROM evidence
	    WHERE path = 'ev/${f%%:*}'")" = "${f#*:} 1" ] ||
		fail "ev/${f%%:*}: parser or quarantine count"
done
# the quarantined records keep their raw bytes and reason
[ "$(q "SELECT count(*) FROM quarantine WHERE length(raw) > 0 AND
    reason != ''")" = 5 ] || fail "quarantine rows"
# the good neighbours are kept
for id in 101 101/step/1 103 103/step/1 acme/widget/201/1 acme/widget/203/1 \
    doc-301 doc-303 12/job/401 12/job/403 12/pipeline/90001 \
    https://jenkins.example/job/app/501/ https://jenkins.example/job/app/503/; do
	[ "$(q "SELECT count(*) FROM events WHERE native_id = '$id'")" = 1 ] ||
		fail "good record $id lost"
done
[ "$(q "SELECT count(*) FROM events WHERE native_id IN ('102',
    'doc-302', '12/job/402', 'https://jenkins.example/job/app/502/')")" = 0 ] ||
	fail "a quarantined record gave an event"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read != records_stored +
    records_duplicate + records_out_of_scope + records_nonevent +
    records_quarantined")" = 0 ] || fail "records not accounted for"
exit 0
