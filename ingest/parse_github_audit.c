/* SPDX-License-Identifier: MIT */
/*
 * parse_github_audit.c - the GitHub organisation / enterprise audit log
 * (formats.md F.4): the JSON array of GET /orgs/{org}/audit-log (and
 * /enterprises/{e}/audit-log), JSON exports and JSON Lines from audit-log
 * streaming.
 *
 * An entry (shape of the REST API, as in go-github's tests):
 *   {"@timestamp":1615077308538,"_document_id":"beeZYapIUe-wKg5-beadb33",
 *    "action":"workflows.completed_workflow_run","actor":"testactor",
 *    "actor_ip":"10.0.0.1","actor_location":{"country_code":"US"},
 *    "completed_at":"2021-03-07T00:35:08.000Z","conclusion":"success",
 *    "created_at":1615077308538,"event":"schedule","head_branch":"master",
 *    "head_sha":"5acdeadb...","name":"Code scanning - action","org":"o",
 *    "repo":"o/blue-crayon-1","run_attempt":1,"run_number":1,
 *    "started_at":"2021-03-07T00:33:04.000Z","workflow_id":123456,
 *    "workflow_run_id":628312345,...}
 * workflows.prepared_workflow_job (REST API and streaming only) adds
 * job_name, runner_name, runner_labels, runner_group_name,
 * job_workflow_ref ("o/r/.github/workflows/w.yml@refs/heads/b"),
 * secrets_passed (names only) and permissions.
 *
 * Mapping: ts = @timestamp (epoch ms), else created_at (epoch ms, or ISO
 * 8601 in some exports); native_id = _document_id (the dedup key; entries
 * without one fall back to the raw-record hash); operation
 * "github:<action>"; actor, actor_ip -> src_ip, user_agent; repo; for the
 * workflows.* actions workflow_run_id -> run_ref, head_sha -> commit_sha,
 * runner_name -> runner, and the ref from job_workflow_ref's "@refs/..."
 * suffix, else from head_branch as parse_github_actions.c decides it
 * (event "release" or a version-shaped name: a tag; attrs.ref_source).
 * conclusion failure/cancelled/timed_out/startup_failure/action_required
 * is a failure.  Every other member of the entry is kept in attrs (the log
 * holds no secret values: secrets_passed lists names, hashed_token is a
 * hash).  "org" and "org_id" may be arrays in enterprise logs.
 *
 * Scope (the rest is out of scope, "other" with --all-events):
 *   workflows.prepared_workflow_job, approve_ / reject_workflow_job  ci.job
 *   every other workflows.* action (created, completed, rerun, cancel and
 *     delete of runs; enable/disable of a workflow)             ci.run
 *   *.create_ / update_ / remove_actions_secret (org, repo, environment),
 *     personal_access_token.*, public_key.* (deploy keys)        iam.credential
 *   environment.* (protection rules), protected_branch.*,
 *     repository_ruleset.*, org.runner_group_*, the Actions permission
 *     settings (update_actions_settings, set_default_workflow_permissions,
 *     set_actions_fork_pr_approvals_policy, ...)                iam.policy
 *   org./repo.register_self_hosted_runner, remove_self_hosted_runner
 *                                                              iam.trust
 * The CSV export is not read (it lacks prepared_workflow_job anyway).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

/* How an action name is matched: whole, by prefix, or by suffix. */
enum gau_match { GAU_EXACT, GAU_PREFIX, GAU_SUFFIX };

struct gau_scope {
	enum gau_match	 how;
	const char	*text;
	const char	*action;
};

/* First match wins. */
static const struct gau_scope gau_table[] = {
	{ GAU_EXACT, "workflows.prepared_workflow_job", "ci.job" },
	{ GAU_EXACT, "workflows.approve_workflow_job", "ci.job" },
	{ GAU_EXACT, "workflows.reject_workflow_job", "ci.job" },
	{ GAU_PREFIX, "workflows.", "ci.run" },
	{ GAU_SUFFIX, ".create_actions_secret", "iam.credential" },
	{ GAU_SUFFIX, ".update_actions_secret", "iam.credential" },
	{ GAU_SUFFIX, ".remove_actions_secret", "iam.credential" },
	{ GAU_PREFIX, "personal_access_token.", "iam.credential" },
	{ GAU_PREFIX, "public_key.", "iam.credential" },
	{ GAU_PREFIX, "environment.", "iam.policy" },
	{ GAU_PREFIX, "protected_branch.", "iam.policy" },
	{ GAU_PREFIX, "repository_ruleset.", "iam.policy" },
	{ GAU_PREFIX, "org.runner_group_", "iam.policy" },
	{ GAU_SUFFIX, ".update_actions_settings", "iam.policy" },
	{ GAU_SUFFIX, ".set_default_workflow_permissions", "iam.policy" },
	{ GAU_SUFFIX, ".set_workflow_permission_can_approve_pr",
	    "iam.policy" },
	{ GAU_SUFFIX, ".set_actions_fork_pr_approvals_policy", "iam.policy" },
	{ GAU_SUFFIX, ".set_actions_private_fork_pr_approvals_policy",
	    "iam.policy" },
	{ GAU_SUFFIX, ".register_self_hosted_runner", "iam.trust" },
	{ GAU_SUFFIX, ".remove_self_hosted_runner", "iam.trust" },
	{ GAU_EXACT, NULL, NULL }
};

static const char *
gau_classify(const char *a, size_t n)
{
	const struct gau_scope *e;
	size_t tl;

	for (e = gau_table; e->text; e++) {
		tl = strlen(e->text);
		switch (e->how) {
		case GAU_EXACT:
			if (n == tl && memcmp(a, e->text, n) == 0)
				return e->action;
			break;
		case GAU_PREFIX:
			if (n > tl && memcmp(a, e->text, tl) == 0)
				return e->action;
			break;
		case GAU_SUFFIX:
			if (n > tl && memcmp(a + n - tl, e->text, tl) == 0)
				return e->action;
			break;
		}
	}
	return NULL;
}

static enum scope_rc
gau_prefilter(const char *rec, size_t len)
{
	const char *a;
	size_t n;

	if (json_scan_top_str(rec, len, "action", &a, &n) != 1)
		return SCOPE_UNKNOWN;
	return gau_classify(a, n) ? SCOPE_IN : SCOPE_OUT;
}

/*
 * The entry's time: @timestamp, else created_at; epoch milliseconds (a
 * JSON integer, or a real from some exporters) or ISO 8601 text.
 */
static enum parse_rc
gau_time(const json_t *rec, struct event *ev, struct diag *d)
{
	static const char *const keys[] = { "@timestamp", "created_at", NULL };
	const json_t *v = NULL;
	const char *key = NULL, *s;
	struct diag why;
	char buf[32];
	size_t i;
	double ms;

	for (i = 0; keys[i] && (v == NULL || json_is_null(v)); i++)
		v = json_object_get(rec, key = keys[i]);
	if (v == NULL || json_is_null(v))
		return diag_set(d, "entry has no @timestamp or created_at");
	if (json_is_integer(v)) {
		if (ts_from_epoch_int((int64_t)json_integer_value(v), TS_MSEC,
		    &ev->ts_us) < 0)
			return diag_set(d, "%s %" PRId64 " is out of range",
			    key, (int64_t)json_integer_value(v));
		snprintf(buf, sizeof(buf), "%" PRId64,
		    (int64_t)json_integer_value(v));
		event_set(&ev->ts_raw, buf);
		return PARSE_OK;
	}
	if (json_is_real(v)) {
		ms = json_real_value(v);
		if (ts_from_epoch(ms, TS_MSEC, &ev->ts_us) < 0)
			return diag_set(d, "%s %g is out of range", key, ms);
		snprintf(buf, sizeof(buf), "%.17g", ms);
		event_set(&ev->ts_raw, buf);
		return PARSE_OK;
	}
	if (!json_is_string(v))
		return diag_set(d, "%s is not a number or a string", key);
	s = json_string_value(v);
	diag_clear(&why);
	if (ts_parse_any(s, strlen(s), &ev->ts_us, &ev->ts_flags, &why) < 0)
		return diag_set(d, "bad %s '%s': %s", key, s, why.msg);
	event_set(&ev->ts_raw, s);
	return PARSE_OK;
}

/* A string member, or the members of a string array joined with ", ". */
static char *
gau_text(const json_t *rec, const char *key)
{
	const json_t *v = json_object_get(rec, key), *e;
	char *s = NULL, *t;
	size_t i;

	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			continue;
		t = s ? xasprintf("%s, %s", s, json_string_value(e)) :
		    xstrdup(json_string_value(e));
		free(s);
		s = t;
	}
	return s;
}

/* An integer or digit-string member as decimal text (NULL otherwise). */
static char *
gau_id(const json_t *rec, const char *key)
{
	const json_t *v = json_object_get(rec, key);
	const char *s;

	if (json_is_integer(v))
		return xasprintf("%" PRId64, (int64_t)json_integer_value(v));
	s = json_is_string(v) ? json_string_value(v) : NULL;
	if (s && *s && strspn(s, "0123456789") == strlen(s))
		return xstrdup(s);
	return NULL;
}

static int
gau_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Version-tag shaped: v?<digits>.<digits>[0-9a-zA-Z.+_-]* */
static int
gau_tag_like(const char *s)
{
	const char *p = s;

	if (*p == 'v' || *p == 'V')
		p++;
	if (!gau_digit(*p))
		return 0;
	while (gau_digit(*p))
		p++;
	if (*p++ != '.' || !gau_digit(*p))
		return 0;
	for (; *p; p++)
		if (!gau_digit(*p) && !(*p >= 'a' && *p <= 'z') &&
		    !(*p >= 'A' && *p <= 'Z') && !strchr(".+_-", *p))
			return 0;
	return 1;
}

/* The ref of a workflows.* entry; *how says where it came from. */
static char *
gau_ref(const json_t *rec, const char **how)
{
	const char *wf = jstr(rec, "job_workflow_ref"), *at;
	const char *b = jstr(rec, "head_branch"), *event = jstr(rec, "event");

	*how = NULL;
	if (wf && (at = strrchr(wf, '@')) && strncmp(at + 1, "refs/", 5) == 0) {
		*how = "job_workflow_ref";
		return xstrdup(at + 1);
	}
	if (b == NULL || *b == '\0')
		return NULL;
	if (strncmp(b, "refs/", 5) == 0) {
		*how = "ref";
		return xstrdup(b);
	}
	if (event && strcmp(event, "release") == 0) {
		*how = "event";
		return xasprintf("refs/tags/%s", b);
	}
	if (gau_tag_like(b)) {
		*how = "tag-name";
		return xasprintf("refs/tags/%s", b);
	}
	*how = "branch";
	return xasprintf("refs/heads/%s", b);
}

/* Members that became columns; the rest of the entry goes to attrs. */
static const char *const gau_mapped[] = {
	"@timestamp", "_document_id", "action", "actor", "actor_ip",
	"user_agent", "repo", NULL
};

static const char *const gau_mapped_ci[] = {
	"workflow_run_id", "head_sha", "runner_name", NULL
};

static int
gau_listed(const char *const *list, const char *key)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strcmp(list[i], key) == 0)
			return 1;
	return 0;
}

static enum parse_rc
gau_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	static const char *const failures[] = { "failure", "cancelled",
	    "timed_out", "startup_failure", "action_required", NULL };
	const json_t *av = json_object_get(rec, "action"), *v;
	const char *action, *key, *how, *conclusion, *word;
	char *s;
	int ci;
	size_t i;
	enum parse_rc rc;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (av == NULL)
		return diag_set(d, "entry has no action");
	if (!json_is_string(av))
		return diag_set(d, "action is not a string");
	action = json_string_value(av);
	word = gau_classify(action, strlen(action));
	if (word == NULL && !pc->all_events)
		return PARSE_SKIP;
	if ((rc = gau_time(rec, ev, d)) != PARSE_OK)
		return rc;
	ci = strncmp(action, "workflows.", 10) == 0;
	ev->source = "github_audit";
	ev->action = word ? word : "other";
	ev->operation = xasprintf("github:%s", action);
	event_set(&ev->native_id, jstr(rec, "_document_id"));
	event_set(&ev->actor, jstr(rec, "actor"));
	event_set(&ev->src_ip, jstr(rec, "actor_ip"));
	event_set(&ev->user_agent, jstr(rec, "user_agent"));
	s = gau_text(rec, "repo");
	event_set(&ev->repo, s);
	free(s);
	if (ci) {
		ev->run_ref = gau_id(rec, "workflow_run_id");
		event_set(&ev->commit_sha, jstr(rec, "head_sha"));
		event_set(&ev->runner, jstr(rec, "runner_name"));
		ev->ref = gau_ref(rec, &how);
		event_attr_str(ev, "ref_source", how);
	}
	conclusion = jstr(rec, "conclusion");
	for (i = 0; conclusion && failures[i]; i++)
		if (strcmp(conclusion, failures[i]) == 0) {
			ev->failed = 1;
			event_set(&ev->error_code, conclusion);
		}
	json_object_foreach(rec, key, v) {
		if (json_is_null(v) || gau_listed(gau_mapped, key) ||
		    (ci && gau_listed(gau_mapped_ci, key)))
			continue;
		if ((strcmp(key, "org") == 0 || strcmp(key, "repo") == 0) &&
		    json_is_array(v)) {
			s = gau_text(rec, key);
			event_attr_str(ev, key, s);
			free(s);
			continue;
		}
		event_attr(ev, key, json_deep_copy(v));
	}
	if (pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return PARSE_OK;
}

#define HAS(s)	(memmem(head, len, s, sizeof(s) - 1) != NULL)

static int
gau_probe(const char *head, size_t len, const char *name)
{
	if (!HAS("\"action\""))
		return 0;
	if (HAS("\"_document_id\"") && (HAS("\"@timestamp\"") ||
	    HAS("\"created_at\"")))
		return 95;
	/* entries without the document id (some stream exports) */
	if (HAS("\"@timestamp\"") && HAS("\"actor\"") &&
	    (HAS("\"workflows.") || HAS("_actions_secret\"") ||
	    HAS("\"protected_branch.") || HAS("\"environment.")) &&
	    (HAS("\"org\"") || HAS("\"business\"")))
		return 80;
	return 0;
}

#undef HAS

const struct parser parser_github_audit = {
	.name = "github_audit",
	.desc = "GitHub organisation/enterprise audit log (REST API JSON, "
	    "JSON export, streaming JSON Lines): workflow runs and jobs, "
	    "Actions secrets, environments, branch protection, runners",
	.howto = "gh api -X GET orgs/<org>/audit-log -f include=all "
	    "-f phrase='repo:<o>/<r> created:<from>..<to>' -f per_page=100 "
	    "--paginate >audit-log.json",
	.kind = INPUT_JSON,
	.probe = gau_probe,
	.prefilter = gau_prefilter,
	.parse_json = gau_parse_json,
};
