/* SPDX-License-Identifier: MIT */
/*
 * parse_github_actions.c - GitHub Actions workflow runs, jobs and steps
 * from the REST API and from webhook deliveries (formats.md F.1, F.2).
 *
 * Shapes (all through the JSON splitter, container keys workflow_runs and
 * jobs):
 *   - run pages  GET /repos/{o}/{r}/actions/runs (also .../workflows/
 *     {id}/runs): {"total_count":N,"workflow_runs":[run, ...]}; `gh api
 *     --paginate` writes one such object per page, one after the other;
 *   - one run    GET .../actions/runs/{id} and .../runs/{id}/attempts/{n};
 *   - job pages  GET .../actions/runs/{id}/jobs (also .../attempts/{n}/
 *     jobs): {"total_count":N,"jobs":[job, ...]}, and one job
 *     GET .../actions/jobs/{id};
 *   - webhook bodies of the workflow_run and workflow_job events
 *     ({"action":"completed","workflow_run":{run},"repository":{...},
 *     "sender":{...}}); the action goes to attrs.webhook_action.
 *
 * A run (trimmed from a real attempt response):
 *   {"id":2499110858,"name":"Push Metrics CI","head_branch":
 *    "feature/gha-metrics","head_sha":"4b0d5114...","path":
 *    ".github/workflows/push-metrics-ci.yml","run_number":28,"event":
 *    "pull_request","status":"completed","conclusion":"success",
 *    "workflow_id":28123629,"created_at":"2022-06-17T21:19:08Z",
 *    "updated_at":"2022-06-17T21:19:19Z","run_attempt":2,
 *    "run_started_at":"2022-06-17T21:19:07Z","actor":{"login":
 *    "HenryNguyen5",...},"triggering_actor":{"login":...},"repository":
 *    {"full_name":"smartcontractkit/push-gha-metrics-action",...},...}
 * A job:
 *   {"id":6942977557,"run_id":2499110858,"run_url":"https://api.github.com/
 *    repos/<o>/<r>/actions/runs/2499110858","run_attempt":2,"head_sha":
 *    "...","status":"completed","conclusion":"success","started_at":
 *    "2022-06-17T21:19:16Z","completed_at":"2022-06-17T21:19:20Z","name":
 *    "my dummy job","steps":[{"name":"Set up job","status":"completed",
 *    "conclusion":"success","number":1,"started_at":
 *    "2022-06-17T21:19:16.000Z","completed_at":"2022-06-17T21:19:17.000Z"},
 *    ...],"labels":["ubuntu-18.04"],"runner_id":1,"runner_name":
 *    "GitHub Actions 2","runner_group_id":2,"runner_group_name":
 *    "GitHub Actions"}
 *
 * Mapping.  A run is one ci.run event keyed by (id, run_attempt):
 * native_id "<repo>/<id>/<attempt>" (attempt 1 when the field is absent,
 * as in old responses), run_ref "<id>", operation
 * "github:workflow_run:<event>", ts = run_started_at (the start of this
 * attempt; created_at when absent), end_us = updated_at once status is
 * "completed" (runs have no completed_at), actor = actor.login (the user
 * whose action first triggered the run; triggering_actor.login, who
 * started this attempt, is attrs.triggering_actor), repo =
 * repository.full_name (else taken from url/html_url), commit_sha =
 * head_sha.  The workflow file is attrs.workflow_path with any "@<ref>"
 * suffix removed (the suffix, when present, is attrs.workflow_path_ref).
 *
 * A job is one ci.job event (native_id "<job id>", job_ref the same,
 * run_ref "<run id>", runner = runner_name, ts = started_at, else
 * created_at, end_us = completed_at; labels, runner group and whether the
 * runner is self-hosted in attrs) and each step that started one ci.step
 * event (native_id "<job id>/step/<number>", its own window; steps still
 * queued, started_at null, are left out).  Step times may carry an
 * offset ("2019-08-08T08:00:00.000-07:00" in the documentation): they are
 * converted to UTC.  A step that ends before it starts (seen in real
 * responses) is kept as written and flagged attrs.ends_before_start.
 * Jobs carry no repository: it comes from run_url, url or html_url, or the
 * webhook's repository.full_name.
 *
 * Outcome: conclusion failure, cancelled, timed_out, startup_failure,
 * action_required and stale are failures (error_code = the conclusion);
 * success, neutral, skipped, and null (still running) are not.  Status and
 * conclusion are always in attrs.
 *
 * The ref.  The API gives head_branch as a bare name, and for a tag push
 * it is the tag name, so the full ref is decided thus (attrs.ref_source
 * says which rule applied, attrs.head_branch keeps the name):
 *   1. a name that already starts with "refs/" is kept ("ref");
 *   2. a workflow path suffix "@refs/..." is the ref ("path");
 *   3. event "release": refs/tags/<name> ("event");
 *   4. a name shaped like a version tag, v?<digits>.<digits>[.-+_a-z0-9]*
 *      ("v2.4.0", "1.2.3-rc1"): refs/tags/<name> ("tag-name");
 *   5. otherwise refs/heads/<name> ("branch").
 * Rule 4 guesses: a branch literally named "v2.4" is taken for a tag.
 * display_title is no help (it is the commit message for pushes).
 *
 * A later snapshot of the same run attempt, job or step (in_progress, then
 * completed) has the same native_id and is counted as a duplicate: export
 * finished runs.  Unsupported: job logs, artifacts, check suites.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define GHA_IDSZ 24

/*
 * Time member key of obj (ISO 8601, any offset) in *us.  Returns 1, 0 when
 * absent or null, or PARSE_ERR with the member named in d (ctx, then
 * what before the key: "job 7: ", "steps[2].").
 */
static int
gha_time(const json_t *obj, const char *key, const char *ctx,
    const char *what, int64_t *us, unsigned *flags, const char **raw,
    struct diag *d)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;
	struct diag why;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return diag_set(d, "%s%s%s is not a string", ctx, what, key);
	s = json_string_value(v);
	diag_clear(&why);
	if (ts_parse_iso(s, strlen(s), us, flags, &why) < 0)
		return diag_set(d, "%sbad %s%s '%s': %s", ctx, what, key, s,
		    why.msg);
	if (raw)
		*raw = s;
	return 1;
}

/* "owner/name" after "/repos/" or "github.com/" in an API or web URL. */
static char *
gha_repo_from_url(const char *url)
{
	const char *p, *slash, *end;

	if (url == NULL)
		return NULL;
	if ((p = strstr(url, "/repos/")) != NULL)
		p += 7;
	else if ((p = strstr(url, "github.com/")) != NULL)
		p += 11;
	else
		return NULL;
	slash = p + strcspn(p, "/?#");
	if (*slash != '/' || slash == p)
		return NULL;
	end = slash + 1 + strcspn(slash + 1, "/?#");
	if (end == slash + 1)
		return NULL;
	return xstrndup(p, (size_t)(end - p));
}

static int
gha_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Shaped like a version tag: v?<digits>.<digits>[0-9a-zA-Z.+_-]* */
static int
gha_tag_like(const char *s)
{
	const char *p = s;

	if (*p == 'v' || *p == 'V')
		p++;
	if (!gha_is_digit(*p))
		return 0;
	while (gha_is_digit(*p))
		p++;
	if (*p++ != '.' || !gha_is_digit(*p))
		return 0;
	for (; *p; p++)
		if (!gha_is_digit(*p) && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= 'A' && *p <= 'Z') && !strchr(".+_-", *p))
			return 0;
	return 1;
}

/*
 * The full ref of head_branch (see the top of the file); hint is a
 * "refs/..." taken from the workflow path, or NULL.  Sets *how.
 */
static char *
gha_ref(const char *branch, const char *event, const char *hint,
    const char **how)
{
	*how = NULL;
	if (hint && strncmp(hint, "refs/", 5) == 0) {
		*how = "path";
		return xstrdup(hint);
	}
	if (branch == NULL || *branch == '\0')
		return NULL;
	if (strncmp(branch, "refs/", 5) == 0) {
		*how = "ref";
		return xstrdup(branch);
	}
	if (event && strcmp(event, "release") == 0) {
		*how = "event";
		return xasprintf("refs/tags/%s", branch);
	}
	if (gha_tag_like(branch)) {
		*how = "tag-name";
		return xasprintf("refs/tags/%s", branch);
	}
	*how = "branch";
	return xasprintf("refs/heads/%s", branch);
}

/* conclusion -> outcome; status and conclusion go to attrs. */
static void
gha_outcome(const json_t *obj, struct event *ev)
{
	static const char *const failures[] = { "failure", "cancelled",
	    "timed_out", "startup_failure", "action_required", "stale",
	    NULL };
	const char *c = jstr(obj, "conclusion");
	size_t i;

	event_attr_str(ev, "status", jstr(obj, "status"));
	event_attr_str(ev, "conclusion", c);
	if (c == NULL)
		return;
	for (i = 0; failures[i]; i++)
		if (strcmp(c, failures[i]) == 0) {
			ev->failed = 1;
			event_set(&ev->error_code, c);
		}
}

/* A login from obj[key].login (user objects). */
static const char *
gha_login(const json_t *obj, const char *key)
{
	return jpath_str(jobj(obj, key), "login");
}

/*
 * One workflow run.  hook: the webhook body around it, or NULL.
 */
static enum parse_rc
gha_run(const json_t *run, const json_t *hook, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	char id[GHA_IDSZ], attempt[GHA_IDSZ], ctx[48], *repo, *ref;
	char *path = NULL;
	const char *event = jstr(run, "event"), *how, *raw = NULL, *at;
	const char *p, *wpath, *hint = NULL, *wname, *full;
	int64_t end;
	unsigned flags = 0, eflags;
	int r;

	if ((r = jid(run, "id", id, sizeof(id))) <= 0)
		return diag_set(d, r == 0 ? "workflow run has no id" :
		    "workflow run id is %s", id);
	if ((r = jid(run, "run_attempt", attempt, sizeof(attempt))) < 0)
		return diag_set(d, "run_attempt is %s", attempt);
	if (r == 0)
		memcpy(attempt, "1", 2);
	snprintf(ctx, sizeof(ctx), "workflow run %s: ", id);
	r = gha_time(run, "run_started_at", ctx, "", &ev->ts_us, &flags, &raw,
	    d);
	if (r == 0)
		r = gha_time(run, "created_at", ctx, "", &ev->ts_us, &flags,
		    &raw, d);
	if (r < 0)
		return PARSE_ERR;
	if (r == 0)
		return diag_set(d, "workflow run %s has no run_started_at or "
		    "created_at", id);
	ev->ts_flags = flags;
	event_set(&ev->ts_raw, raw);
	if ((r = gha_time(run, "updated_at", ctx, "", &end, &eflags, NULL,
	    d)) < 0)
		return PARSE_ERR;
	if (r == 1 && (at = jstr(run, "status")) &&
	    strcmp(at, "completed") == 0)
		ev->end_us = end;

	full = jpath_str(jobj(run, "repository"), "full_name");
	if ((full == NULL || *full == '\0') && hook)
		full = jpath_str(jobj(hook, "repository"), "full_name");
	if (full && *full)
		repo = xstrdup(full);
	else if ((repo = gha_repo_from_url(jstr(run, "url"))) == NULL)
		repo = gha_repo_from_url(jstr(run, "html_url"));
	wpath = jstr(run, "path");
	if (wpath == NULL && hook)
		wpath = jpath_str(jobj(hook, "workflow"), "path");
	if (wpath) {
		p = strchr(wpath, '@');
		path = p ? xstrndup(wpath, (size_t)(p - wpath)) :
		    xstrdup(wpath);
		hint = p ? p + 1 : NULL;
	}
	ref = gha_ref(jstr(run, "head_branch"), event, hint, &how);

	ev->source = "github_actions";
	ev->action = "ci.run";
	ev->operation = event ? xasprintf("github:workflow_run:%s", event) :
	    xstrdup("github:workflow_run");
	event_set(&ev->actor, gha_login(run, "actor"));
	event_set(&ev->repo, repo);
	event_set(&ev->ref, ref);
	event_set(&ev->commit_sha, jstr(run, "head_sha"));
	event_set(&ev->run_ref, id);
	ev->native_id = repo ? xasprintf("%s/%s/%s", repo, id, attempt) :
	    xasprintf("%s/%s", id, attempt);
	gha_outcome(run, ev);
	event_attr(ev, "run_attempt", json_string(attempt));
	event_attr_copy(ev, "run_number", json_object_get(run, "run_number"));
	wname = jstr(run, "name");
	if ((wname == NULL || *wname == '\0') && hook)
		wname = jpath_str(jobj(hook, "workflow"), "name");
	event_attr_str(ev, "workflow_name", wname);
	event_attr_str(ev, "workflow_path", path);
	event_attr_str(ev, "workflow_path_ref", hint);
	event_attr_copy(ev, "workflow_id", json_object_get(run, "workflow_id"));
	event_attr_str(ev, "event", event);
	event_attr_str(ev, "head_branch", jstr(run, "head_branch"));
	event_attr_str(ev, "ref_source", how);
	event_attr_str(ev, "display_title", jstr(run, "display_title"));
	event_attr_str(ev, "triggering_actor", gha_login(run,
	    "triggering_actor"));
	event_attr_str(ev, "created_at", jstr(run, "created_at"));
	event_attr_str(ev, "updated_at", jstr(run, "updated_at"));
	event_attr_str(ev, "html_url", jstr(run, "html_url"));
	event_attr_copy(ev, "check_suite_id", json_object_get(run,
	    "check_suite_id"));
	if (jpath_str(jobj(run, "head_repository"), "full_name") && repo &&
	    strcmp(jpath_str(jobj(run, "head_repository"), "full_name"),
	    repo) != 0)
		event_attr_str(ev, "head_repository", jpath_str(jobj(run,
		    "head_repository"), "full_name"));
	event_attr_str(ev, "head_commit_message",
	    jpath_str(jobj(run, "head_commit"), "message"));
	event_attr_str(ev, "head_commit_author",
	    jpath_str(jobj(run, "head_commit"), "author.email"));
	if (json_array_size(json_object_get(run, "referenced_workflows")) > 0)
		event_attr_copy(ev, "referenced_workflows",
		    json_object_get(run, "referenced_workflows"));
	if (hook) {
		event_attr_str(ev, "webhook_action", jstr(hook, "action"));
		event_attr_str(ev, "sender", gha_login(hook, "sender"));
	}
	free(repo);
	free(ref);
	free(path);
	if (pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return PARSE_OK;
}

/*
 * Times and outcome of step i of a job into ev.  Returns 1 (filled), 0
 * (the step has not started: no event), or PARSE_ERR.
 */
static int
gha_step_fill(const json_t *step, size_t i, const char *jobid,
    struct event *ev, struct diag *d)
{
	char num[GHA_IDSZ], what[32], ctx[48];
	const char *raw = NULL;
	int64_t end;
	unsigned flags = 0, eflags;
	int r, re;

	if (!json_is_object(step))
		return diag_set(d, "job %s: steps[%zu] is not an object",
		    jobid, i);
	snprintf(ctx, sizeof(ctx), "job %s: ", jobid);
	snprintf(what, sizeof(what), "steps[%zu].", i);
	if ((r = jid(step, "number", num, sizeof(num))) <= 0)
		return diag_set(d, "job %s: steps[%zu].number is %s", jobid,
		    i, r == 0 ? "missing" : num);
	if ((r = gha_time(step, "started_at", ctx, what, &ev->ts_us, &flags,
	    &raw, d)) < 0)
		return PARSE_ERR;
	if ((re = gha_time(step, "completed_at", ctx, what, &end, &eflags, NULL,
	    d)) < 0)
		return PARSE_ERR;
	if (r == 0)
		return 0;
	ev->ts_flags = flags;
	event_set(&ev->ts_raw, raw);
	if (re == 1) {
		ev->end_us = end;
		if (end < ev->ts_us)
			event_attr(ev, "ends_before_start", json_true());
	}
	ev->native_id = xasprintf("%s/step/%s", jobid, num);
	event_attr(ev, "number", json_string(num));
	event_attr_str(ev, "step_name", jstr(step, "name"));
	gha_outcome(step, ev);
	return 1;
}

/* The columns a job shares with its steps. */
struct gha_jobcols {
	char	*repo, *ref, *sha, *run, *runner;
	char	 id[GHA_IDSZ];
	const char *how;
};

static void
gha_cols_set(const struct gha_jobcols *c, struct event *ev)
{
	ev->source = "github_actions";
	event_set(&ev->repo, c->repo);
	event_set(&ev->ref, c->ref);
	event_set(&ev->commit_sha, c->sha);
	event_set(&ev->run_ref, c->run);
	event_set(&ev->job_ref, c->id);
	event_set(&ev->runner, c->runner);
}

/* "self-hosted" / "github-hosted" from labels and the runner group. */
static const char *
gha_runner_env(const json_t *job)
{
	const json_t *labels = json_object_get(job, "labels"), *l;
	const char *g = jstr(job, "runner_group_name");
	const char *n = jstr(job, "runner_name");
	size_t i;

	json_array_foreach(labels, i, l)
		if (json_is_string(l) &&
		    strcasecmp(json_string_value(l), "self-hosted") == 0)
			return "self-hosted";
	if ((g && strcmp(g, "GitHub Actions") == 0) ||
	    (n && strncmp(n, "GitHub Actions ", 15) == 0))
		return "github-hosted";
	return NULL;
}

/* One job and its steps.  hook: the webhook body around it, or NULL. */
static enum parse_rc
gha_job(const json_t *job, const json_t *hook, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	struct gha_jobcols c;
	struct event scratch;
	char ctx[48];
	const json_t *steps = json_object_get(job, "steps"), *s;
	const char *raw = NULL, *st;
	char run[GHA_IDSZ];
	int64_t end;
	unsigned flags = 0, eflags;
	size_t i;
	int r;
	enum parse_rc rc = PARSE_ERR;

	memset(&c, 0, sizeof(c));
	if ((r = jid(job, "id", c.id, sizeof(c.id))) <= 0)
		return diag_set(d, r == 0 ? "job has no id" : "job id is %s",
		    c.id);
	if ((r = jid(job, "run_id", run, sizeof(run))) < 0)
		return diag_set(d, "job %s: run_id is %s", c.id, run);
	snprintf(ctx, sizeof(ctx), "job %s: ", c.id);
	if (steps && !json_is_null(steps) && !json_is_array(steps))
		return diag_set(d, "job %s: steps is not an array", c.id);
	r = gha_time(job, "started_at", ctx, "", &ev->ts_us, &flags, &raw, d);
	if (r == 0)
		r = gha_time(job, "created_at", ctx, "", &ev->ts_us, &flags,
		    &raw, d);
	if (r < 0)
		return PARSE_ERR;
	if (r == 0) {
		st = jstr(job, "status");
		if (st && (strcmp(st, "queued") == 0 ||
		    strcmp(st, "waiting") == 0 || strcmp(st, "pending") == 0 ||
		    strcmp(st, "requested") == 0))
			return PARSE_NONEVENT;	/* nothing happened yet */
		return diag_set(d, "job %s has no started_at or created_at",
		    c.id);
	}
	if ((r = gha_time(job, "completed_at", ctx, "", &end, &eflags, NULL,
	    d)) < 0)
		return PARSE_ERR;
	if (r == 1)
		ev->end_us = end;
	/* every step must be readable before anything is emitted */
	json_array_foreach(steps, i, s) {
		event_init(&scratch);
		r = gha_step_fill(s, i, c.id, &scratch, d);
		event_clear(&scratch);
		if (r < 0)
			return PARSE_ERR;
	}

	c.repo = gha_repo_from_url(jstr(job, "run_url"));
	if (c.repo == NULL)
		c.repo = gha_repo_from_url(jstr(job, "url"));
	if (c.repo == NULL)
		c.repo = gha_repo_from_url(jstr(job, "html_url"));
	if (c.repo == NULL && hook &&
	    jpath_str(jobj(hook, "repository"), "full_name"))
		c.repo = xstrdup(jpath_str(jobj(hook, "repository"),
		    "full_name"));
	c.ref = gha_ref(jstr(job, "head_branch"), NULL, NULL, &c.how);
	c.sha = jstr(job, "head_sha") ? xstrdup(jstr(job, "head_sha")) : NULL;
	if (jid(job, "run_id", run, sizeof(run)) == 1)
		c.run = xstrdup(run);
	if (jstr(job, "runner_name"))
		c.runner = xstrdup(jstr(job, "runner_name"));

	gha_cols_set(&c, ev);
	ev->action = "ci.job";
	ev->operation = xstrdup("github:workflow_job");
	ev->ts_flags = flags;
	event_set(&ev->ts_raw, raw);
	event_set(&ev->native_id, c.id);
	gha_outcome(job, ev);
	event_attr_str(ev, "job_name", jstr(job, "name"));
	event_attr_copy(ev, "run_attempt", json_object_get(job, "run_attempt"));
	event_attr_str(ev, "workflow_name", jstr(job, "workflow_name"));
	event_attr_str(ev, "head_branch", jstr(job, "head_branch"));
	event_attr_str(ev, "ref_source", c.how);
	event_attr_copy(ev, "labels", json_object_get(job, "labels"));
	event_attr_str(ev, "runner_environment", gha_runner_env(job));
	event_attr_copy(ev, "runner_id", json_object_get(job, "runner_id"));
	event_attr_copy(ev, "runner_group_id", json_object_get(job,
	    "runner_group_id"));
	event_attr_str(ev, "runner_group_name", jstr(job, "runner_group_name"));
	event_attr_str(ev, "created_at", jstr(job, "created_at"));
	event_attr_str(ev, "html_url", jstr(job, "html_url"));
	if (hook) {
		event_attr_str(ev, "webhook_action", jstr(hook, "action"));
		event_attr_str(ev, "sender", gha_login(hook, "sender"));
	}
	if (parse_emit_next(pc, ev) < 0)
		goto fatal;
	json_array_foreach(steps, i, s) {
		if (gha_step_fill(s, i, c.id, ev, d) != 1) {
			/* not started (errors were ruled out above) */
			event_reset_keep_raw(ev);
			continue;
		}
		gha_cols_set(&c, ev);
		ev->action = "ci.step";
		ev->operation = xstrdup("github:workflow_step");
		event_attr_str(ev, "job_name", jstr(job, "name"));
		if (parse_emit_next(pc, ev) < 0)
			goto fatal;
	}
	rc = PARSE_OK;
	goto out;
fatal:
	rc = PARSE_FATAL;
out:
	free(c.repo);
	free(c.ref);
	free(c.sha);
	free(c.run);
	free(c.runner);
	return rc;
}

static enum parse_rc
gha_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *o;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if ((o = jobj(rec, "workflow_run")) != NULL &&
	    json_object_get(rec, "workflow_job") == NULL)
		return gha_run(o, rec, pc, ev, d);
	if ((o = jobj(rec, "workflow_job")) != NULL)
		return gha_job(o, rec, pc, ev, d);
	if (json_object_get(rec, "steps") || json_object_get(rec, "run_id") ||
	    json_object_get(rec, "runner_name"))
		return gha_job(rec, NULL, pc, ev, d);
	if (json_object_get(rec, "workflow_id") ||
	    json_object_get(rec, "run_attempt") ||
	    json_object_get(rec, "run_started_at") ||
	    json_object_get(rec, "head_sha"))
		return gha_run(rec, NULL, pc, ev, d);
	return diag_set(d, "neither a workflow run nor a job (no workflow_id, "
	    "run_id, steps or head_sha)");
}

#define HAS(s)	(memmem(head, len, s, sizeof(s) - 1) != NULL)

static int
gha_probe(const char *head, size_t len, const char *name)
{
	/* the organisation audit log shares many field names */
	if (HAS("\"_document_id\""))
		return 0;
	if (HAS("\"workflow_runs\"") && HAS("\"total_count\""))
		return 95;
	if (HAS("\"jobs\"") && HAS("\"run_id\"") &&
	    (HAS("\"steps\"") || HAS("\"runner_name\"")))
		return 95;
	if (HAS("\"workflow_job\"") && HAS("\"run_id\"") && HAS("\"steps\""))
		return 90;
	if (HAS("\"workflow_run\"") && HAS("\"run_started_at\"") &&
	    HAS("\"workflow_id\""))
		return 90;
	if (HAS("\"run_attempt\"") && HAS("\"workflow_id\"") &&
	    HAS("\"head_sha\"") && (HAS("\"jobs_url\"") ||
	    HAS("\"run_started_at\"")))
		return 88;
	if (HAS("\"run_id\"") && HAS("\"run_url\"") && HAS("\"steps\"") &&
	    HAS("\"check_run_url\""))
		return 88;
	return 0;
}

#undef HAS

static const char *const gha_containers[] = { "workflow_runs", "jobs", NULL };

const struct parser parser_github_actions = {
	.name = "github_actions",
	.desc = "GitHub Actions: workflow runs, jobs and steps (REST API "
	    "pages, single runs/attempts/jobs, workflow_run and workflow_job "
	    "webhook bodies)",
	.howto = "gh api -X GET repos/<o>/<r>/actions/workflows/<file>/runs "
	    "-f created=<from>..<to> -f per_page=100 >runs.json; gh api "
	    "repos/<o>/<r>/actions/runs/<id>/jobs >jobs-<id>.json",
	.kind = INPUT_JSON,
	.container_keys = gha_containers,
	.probe = gha_probe,
	.parse_json = gha_parse_json,
};
