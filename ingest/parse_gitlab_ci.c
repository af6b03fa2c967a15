/* SPDX-License-Identifier: MIT */
/*
 * parse_gitlab_ci.c - GitLab CI pipelines and jobs (formats.md F.5): REST
 * API job lists and pipeline lists, and the job ("build") and pipeline
 * webhook bodies.
 *
 * Shapes:
 *   - GET /projects/:id/jobs, /projects/:id/pipelines/:pid/jobs: a JSON
 *     array of jobs (pages of `glab api --paginate` or curl, one after the
 *     other, or JSON Lines);
 *   - GET /projects/:id/pipelines (and one pipeline, .../pipelines/:pid):
 *     pipeline objects;
 *   - webhook bodies {"object_kind":"build", ...} (one job) and
 *     {"object_kind":"pipeline","object_attributes":{...},"builds":[...]}
 *     (the pipeline and its jobs).  Other object kinds (push, tag_push,
 *     merge_request, ...) are out of scope.
 *
 * A REST job (formats.md F.7):
 *   {"id":555001,"name":"sign","stage":"release","status":"success",
 *    "ref":"v2.4.0","tag":true,"created_at":"2026-01-10T11:58:30.120Z",
 *    "started_at":"2026-01-10T11:59:02.004Z","finished_at":
 *    "2026-01-10T12:00:15.870Z","duration":73.866,"user":{"id":7,
 *    "username":"alice"},"commit":{"id":"4b825dc6...",...},"pipeline":
 *    {"id":90001,"project_id":12,"ref":"v2.4.0","sha":"4b825dc6...",
 *    "status":"success"},"runner":{"id":3,"description":"hsm-runner",
 *    "is_shared":false,"runner_type":"project_type"},"web_url":
 *    "https://gitlab.example.com/acme/widget/-/jobs/555001",...}
 * A job webhook (real, gitlab.com): {"object_kind":"build","ref":"main",
 *    "tag":false,"sha":"95d49d1e...","build_id":3580121225,"build_name":
 *    "auto_deploy:start","build_stage":"coordinated:tag","build_status":
 *    "success","build_created_at":"2023-01-10 13:50:02 UTC",
 *    "build_started_at":"2023-01-10 13:50:05 UTC","build_finished_at":
 *    "2023-01-10 13:50:54 UTC","pipeline_id":743121198,"project_id":
 *    31537070,"runner":{"id":12270837,"description":"4-blue.shared.runners-
 *    manager.gitlab.com/default","tags":["linux","docker"],...},"user":
 *    {"username":"jsmithy2",...},"commit":{"id":743121198,"sha":...},
 *    "repository":{"homepage":"https://gitlab.com/jsmithy2/release-tools-
 *    fake",...}}
 *
 * Mapping.  A job is a ci.job (native_id "<project id>/job/<id>", job_ref
 * "<id>", run_ref the pipeline id, operation "gitlab:job"); a pipeline is
 * a ci.run (native_id "<project id>/pipeline/<id>", run_ref "<id>",
 * operation "gitlab:pipeline[:<source>]").  The project id is the numeric
 * one (stable across renames; the path when no id is given); repo is the
 * project path ("group/sub/project") from path_with_namespace, web_url
 * (before "/-/") or the repository homepage.  actor = user.username; ref
 * = "refs/tags/<ref>" when tag is true, else "refs/heads/<ref>" ("refs/..."
 * refs such as merge-request refs are kept); commit_sha = the job's sha,
 * pipeline.sha, or commit.id when it is a SHA (the webhook's commit.id is
 * the pipeline id); runner = runner.description (else runner.name), its
 * id, type and tags in attrs; ts = started_at (created_at for a job that
 * never started), end_us = finished_at; status failed and canceled are
 * failures (error_code failure_reason, else the status), the others not.
 *
 * A job list names its pipelines but holds no pipeline records: one ci.run
 * per pipeline id is derived at the end of the item (finish), from the
 * jobs seen: the earliest job start, the latest finish when every job is
 * done, pipeline.status and ref, the users (attrs.time_source "jobs").  A
 * pipeline record in the same item (webhook, pipeline list) is used
 * instead.  A pipeline already stored from another item keeps the first
 * version (same native_id).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define GLC_IDSZ 24

/* A pipeline known from its jobs, for the ci.run emitted by finish. */
struct glc_pipe {
	char	 id[GLC_IDSZ];
	char	*project, *repo, *ref, *sha, *status, *actor;
	int	 tag;
	int	 direct;	/* a pipeline record was seen */
	int64_t	 start, end;
	char	*start_raw;
	unsigned start_flags;
	int	 jobs, open;	/* jobs seen, jobs not finished */
};

struct glc_state {
	struct glc_pipe	*pipes;
	size_t		 n, alloc;
};

/* Time member: 1 (set), 0 (absent/null), PARSE_ERR (named in d). */
static int
glc_time(const json_t *obj, const char *key, int64_t *us, unsigned *flags,
    const char **raw, struct diag *d)
{
	const json_t *v = json_object_get(obj, key);
	const char *s;
	struct diag why;
	unsigned f = 0;

	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v))
		return diag_set(d, "%s is not a string", key);
	s = json_string_value(v);
	diag_clear(&why);
	if (ts_parse_iso(s, strlen(s), us, &f, &why) < 0)
		return diag_set(d, "bad %s '%s': %s", key, s, why.msg);
	if (flags)
		*flags = f;
	if (raw)
		*raw = s;
	return 1;
}

/* The project path of a web URL: "https://h/g/p/-/jobs/1" -> "g/p". */
static char *
glc_path_from_url(const char *url)
{
	const char *p, *end;

	if (url == NULL || (p = strstr(url, "://")) == NULL)
		return NULL;
	if ((p = strchr(p + 3, '/')) == NULL)
		return NULL;
	p++;
	end = strstr(p, "/-/");
	if (end == NULL) {
		end = p + strlen(p);
		while (end > p && end[-1] == '/')
			end--;
		if (end - p > 4 && memcmp(end - 4, ".git", 4) == 0)
			end -= 4;
	}
	if (end <= p || memchr(p, '/', (size_t)(end - p)) == NULL)
		return NULL;
	return xstrndup(p, (size_t)(end - p));
}

/* Full ref from a GitLab ref and its tag flag. */
static char *
glc_ref(const char *ref, int tag)
{
	if (ref == NULL || *ref == '\0')
		return NULL;
	if (strncmp(ref, "refs/", 5) == 0)
		return xstrdup(ref);
	return xasprintf("refs/%s/%s", tag ? "tags" : "heads", ref);
}

static int
glc_is_sha(const char *s)
{
	return s != NULL && is_git_sha(s, strlen(s));
}

/* status -> outcome (status and failure_reason in attrs). */
static void
glc_outcome(const char *status, const char *reason, struct event *ev)
{
	event_attr_str(ev, "status", status);
	if (status && (strcmp(status, "failed") == 0 ||
	    strcmp(status, "canceled") == 0 ||
	    strcmp(status, "cancelled") == 0)) {
		ev->failed = 1;
		event_set(&ev->error_code, strcmp(status, "failed") == 0 &&
		    reason ? reason : status);
	}
	if (reason && ev->failed)
		event_attr_str(ev, "failure_reason", reason);
}

static int
glc_finished(const char *status)
{
	static const char *const done[] = { "success", "failed", "canceled",
	    "cancelled", "skipped", "manual", NULL };
	size_t i;

	for (i = 0; status && done[i]; i++)
		if (strcmp(status, done[i]) == 0)
			return 1;
	return 0;
}

/* The runner object into runner and attrs. */
static void
glc_runner(const json_t *r, struct event *ev)
{
	const char *desc;
	char id[GLC_IDSZ];
	const json_t *tags;

	if (!json_is_object(r))
		return;
	desc = jstr(r, "description");
	if (desc == NULL || *desc == '\0')
		desc = jstr(r, "name");
	if (jid(r, "id", id, sizeof(id)) == 1) {
		event_attr_str(ev, "runner_id", id);
		if (desc == NULL || *desc == '\0')
			desc = id;
	}
	event_set(&ev->runner, desc);
	event_attr_str(ev, "runner_type", jstr(r, "runner_type"));
	event_attr_bool(ev, "runner_shared", json_object_get(r, "is_shared"));
	tags = json_object_get(r, "tags");
	if (json_is_array(tags))
		event_attr(ev, "runner_tags", json_deep_copy(tags));
}

static void *
glc_state_new(const struct parse_ctx *pc)
{
	(void)pc;
	return xcalloc(1, sizeof(struct glc_state));
}

static void
glc_state_free(void *arg)
{
	struct glc_state *s = arg;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		struct glc_pipe *p = &s->pipes[i];

		free(p->project);
		free(p->repo);
		free(p->ref);
		free(p->sha);
		free(p->status);
		free(p->actor);
		free(p->start_raw);
	}
	free(s->pipes);
	free(s);
}

/* The pipeline of that project and id, added when new (NULL: no state). */
static struct glc_pipe *
glc_pipe(struct parse_ctx *pc, const char *project, const char *id)
{
	struct glc_state *s = pc->state;
	struct glc_pipe *p;
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->pipes[i].id, id) == 0 &&
		    strcmp(s->pipes[i].project, project) == 0)
			return &s->pipes[i];
	ALLOC_GROW(s->pipes, s->n + 1, s->alloc);
	p = &s->pipes[s->n++];
	memset(p, 0, sizeof(*p));
	snprintf(p->id, sizeof(p->id), "%s", id);
	p->project = xstrdup(project);
	p->start = EVENT_NO_TIME;
	p->end = EVENT_NO_TIME;
	return p;
}

static void
glc_keep(char **field, const char *s)
{
	if (*field == NULL && s && *s)
		*field = xstrdup(s);
}

/*
 * What a job record says, in one shape for REST jobs, webhook jobs and
 * the builds[] of a pipeline webhook.
 */
struct glc_job {
	char		 id[GLC_IDSZ], pipe[GLC_IDSZ];
	char		 project[GLC_IDSZ + 8];
	const char	*name, *stage, *status, *reason, *ref, *sha, *user;
	const char	*created, *started, *finished, *web_url;
	const json_t	*runner, *duration;
	char		*repo;
	int		 tag;
};

static enum parse_rc
glc_job_event(const struct glc_job *j, const char *kind, struct event *ev,
    struct diag *d)
{
	const char *raw = NULL;
	int64_t end;
	unsigned flags = 0;
	char *ref;

	if (j->started) {
		if (ts_parse_iso(j->started, strlen(j->started), &ev->ts_us,
		    &flags, NULL) < 0)
			return diag_set(d, "job %s: bad started_at '%s'", j->id,
			    j->started);
		raw = j->started;
	} else if (j->created) {
		if (ts_parse_iso(j->created, strlen(j->created), &ev->ts_us,
		    &flags, NULL) < 0)
			return diag_set(d, "job %s: bad created_at '%s'", j->id,
			    j->created);
		raw = j->created;
	} else {
		return diag_set(d, "job %s has no started_at or created_at",
		    j->id);
	}
	if (j->finished) {
		if (ts_parse_iso(j->finished, strlen(j->finished), &end, NULL,
		    NULL) < 0)
			return diag_set(d, "job %s: bad finished_at '%s'",
			    j->id, j->finished);
		ev->end_us = end;
	}
	ev->ts_flags = flags;
	event_set(&ev->ts_raw, raw);
	ev->source = "gitlab_ci";
	ev->action = "ci.job";
	ev->operation = xstrdup("gitlab:job");
	ev->native_id = xasprintf("%s/job/%s", j->project, j->id);
	event_set(&ev->job_ref, j->id);
	event_set(&ev->run_ref, j->pipe[0] ? j->pipe : NULL);
	event_set(&ev->actor, j->user);
	event_set(&ev->repo, j->repo);
	ref = glc_ref(j->ref, j->tag);
	event_set(&ev->ref, ref);
	free(ref);
	event_set(&ev->commit_sha, j->sha);
	glc_outcome(j->status, j->reason, ev);
	glc_runner(j->runner, ev);
	event_attr_str(ev, "job_name", j->name);
	event_attr_str(ev, "stage", j->stage);
	event_attr_str(ev, "project_id", j->project);
	event_attr_str(ev, "created_at", j->created);
	event_attr_str(ev, "web_url", j->web_url);
	if (json_is_number(j->duration))
		event_attr(ev, "duration", json_deep_copy(j->duration));
	event_attr_str(ev, "export", kind);
	return PARSE_OK;
}

/* Records a job in its pipeline's summary (for finish). */
static void
glc_note_job(struct parse_ctx *pc, const struct glc_job *j,
    const struct event *ev, const json_t *pipeline)
{
	struct glc_pipe *p;
	const char *pst = jstr(pipeline, "status");

	if (j->pipe[0] == '\0' || (p = glc_pipe(pc, j->project, j->pipe)) ==
	    NULL)
		return;
	p->jobs++;
	glc_keep(&p->repo, j->repo);
	glc_keep(&p->ref, jstr(pipeline, "ref") ? jstr(pipeline, "ref") :
	    j->ref);
	if (j->tag)
		p->tag = 1;
	glc_keep(&p->sha, glc_is_sha(jstr(pipeline, "sha")) ?
	    jstr(pipeline, "sha") : j->sha);
	glc_keep(&p->status, pst);
	glc_keep(&p->actor, j->user);
	if (ev->ts_us != EVENT_NO_TIME && (p->start == EVENT_NO_TIME ||
	    ev->ts_us < p->start)) {
		p->start = ev->ts_us;
		p->start_flags = ev->ts_flags;
		free(p->start_raw);
		p->start_raw = xstrdup(ev->ts_raw ? ev->ts_raw : "");
	}
	if (!glc_finished(j->status) || j->finished == NULL)
		p->open++;
	else if (ev->end_us != EVENT_NO_TIME && (p->end == EVENT_NO_TIME ||
	    ev->end_us > p->end))
		p->end = ev->end_us;
}

/* A REST API job. */
static enum parse_rc
glc_rest_job(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *pl = jobj(rec, "pipeline"), *commit = jobj(rec, "commit");
	struct glc_job j;
	enum parse_rc rc;
	int r;

	memset(&j, 0, sizeof(j));
	if ((r = jid(rec, "id", j.id, sizeof(j.id))) <= 0)
		return diag_set(d, r == 0 ? "job has no id" :
		    "job id is not an integer");
	if (jid(pl, "id", j.pipe, sizeof(j.pipe)) < 0)
		return diag_set(d, "job %s: pipeline.id is not an integer",
		    j.id);
	if (jid(pl, "project_id", j.project, sizeof(j.project)) != 1 &&
	    jid(jobj(rec, "project"), "id", j.project,
	    sizeof(j.project)) != 1)
		j.project[0] = '\0';
	j.name = jstr(rec, "name");
	j.stage = jstr(rec, "stage");
	j.status = jstr(rec, "status");
	j.reason = jstr(rec, "failure_reason");
	j.ref = jstr(rec, "ref");
	j.tag = json_is_true(json_object_get(rec, "tag"));
	j.sha = glc_is_sha(jstr(commit, "id")) ? jstr(commit, "id") :
	    jstr(pl, "sha");
	j.user = jpath_str(jobj(rec, "user"), "username");
	j.created = jstr(rec, "created_at");
	j.started = jstr(rec, "started_at");
	j.finished = jstr(rec, "finished_at");
	j.web_url = jstr(rec, "web_url");
	j.runner = json_object_get(rec, "runner");
	j.duration = json_object_get(rec, "duration");
	j.repo = glc_path_from_url(j.web_url);
	if (j.repo == NULL)
		j.repo = glc_path_from_url(jpath_str(jobj(rec, "project"),
		    "web_url"));
	if (j.project[0] == '\0')
		snprintf(j.project, sizeof(j.project), "%s",
		    j.repo ? j.repo : "?");
	rc = glc_job_event(&j, NULL, ev, d);
	if (rc == PARSE_OK) {
		event_attr_str(ev, "pipeline_status", jstr(pl, "status"));
		if (json_is_array(json_object_get(rec, "tag_list")))
			event_attr(ev, "tag_list", json_deep_copy(
			    json_object_get(rec, "tag_list")));
		glc_note_job(pc, &j, ev, pl);
		if (pc->emit(pc->emit_arg, ev) < 0)
			rc = PARSE_FATAL;
	}
	free(j.repo);
	return rc;
}

/* The project path of a webhook body. */
static char *
glc_hook_repo(const json_t *rec)
{
	const json_t *proj = jobj(rec, "project"), *repo = jobj(rec,
	    "repository");
	const char *p = jstr(proj, "path_with_namespace");
	char *s;

	if (p && *p)
		return xstrdup(p);
	if ((s = glc_path_from_url(jstr(proj, "web_url"))) != NULL)
		return s;
	if ((s = glc_path_from_url(jstr(repo, "homepage"))) != NULL)
		return s;
	return glc_path_from_url(jstr(repo, "git_http_url"));
}

/* object_kind "build": one job. */
static enum parse_rc
glc_hook_job(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	struct glc_job j;
	enum parse_rc rc;
	int r;

	memset(&j, 0, sizeof(j));
	if ((r = jid(rec, "build_id", j.id, sizeof(j.id))) <= 0)
		return diag_set(d, r == 0 ? "build webhook has no build_id" :
		    "build_id is not an integer");
	if (jid(rec, "pipeline_id", j.pipe, sizeof(j.pipe)) < 0)
		return diag_set(d, "pipeline_id is not an integer");
	j.repo = glc_hook_repo(rec);
	if (jid(rec, "project_id", j.project, sizeof(j.project)) != 1)
		snprintf(j.project, sizeof(j.project), "%s",
		    j.repo ? j.repo : "?");
	j.name = jstr(rec, "build_name");
	j.stage = jstr(rec, "build_stage");
	j.status = jstr(rec, "build_status");
	j.reason = jstr(rec, "build_failure_reason");
	j.ref = jstr(rec, "ref");
	j.tag = json_is_true(json_object_get(rec, "tag"));
	j.sha = jstr(rec, "sha");
	if (j.sha == NULL)
		j.sha = jpath_str(jobj(rec, "commit"), "sha");
	j.user = jpath_str(jobj(rec, "user"), "username");
	j.created = jstr(rec, "build_created_at");
	j.started = jstr(rec, "build_started_at");
	j.finished = jstr(rec, "build_finished_at");
	j.runner = json_object_get(rec, "runner");
	j.duration = json_object_get(rec, "build_duration");
	rc = glc_job_event(&j, "webhook", ev, d);
	if (rc == PARSE_OK) {
		event_attr_str(ev, "environment", jpath_str(jobj(rec,
		    "environment"), "name"));
		if (pc->emit(pc->emit_arg, ev) < 0)
			rc = PARSE_FATAL;
	}
	free(j.repo);
	return rc;
}

/*
 * A pipeline object (REST, or a webhook's object_attributes): fills ev.
 * project and repo as known from around it.
 */
static enum parse_rc
glc_pipeline_event(const json_t *pl, const char *project, const char *repo,
    const char *user, const char *kind, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	char id[GLC_IDSZ], *ref;
	const char *raw = NULL, *src = jstr(pl, "source");
	struct glc_pipe *p;
	int64_t end;
	int r;

	if ((r = jid(pl, "id", id, sizeof(id))) <= 0)
		return diag_set(d, r == 0 ? "pipeline has no id" :
		    "pipeline id is not an integer");
	r = glc_time(pl, "started_at", &ev->ts_us, &ev->ts_flags, &raw, d);
	if (r == 0)
		r = glc_time(pl, "created_at", &ev->ts_us, &ev->ts_flags, &raw,
		    d);
	if (r < 0)
		return PARSE_ERR;
	if (r == 0)
		return diag_set(d, "pipeline %s has no created_at", id);
	if ((r = glc_time(pl, "finished_at", &end, NULL, NULL, d)) < 0)
		return PARSE_ERR;
	if (r == 1)
		ev->end_us = end;
	else if (glc_finished(jstr(pl, "status")) &&
	    glc_time(pl, "updated_at", &end, NULL, NULL, d) == 1)
		ev->end_us = end;
	event_set(&ev->ts_raw, raw);
	ev->source = "gitlab_ci";
	ev->action = "ci.run";
	ev->operation = src ? xasprintf("gitlab:pipeline:%s", src) :
	    xstrdup("gitlab:pipeline");
	ev->native_id = xasprintf("%s/pipeline/%s", project, id);
	event_set(&ev->run_ref, id);
	event_set(&ev->repo, repo);
	event_set(&ev->actor, user);
	ref = glc_ref(jstr(pl, "ref"), json_is_true(json_object_get(pl,
	    "tag")));
	event_set(&ev->ref, ref);
	free(ref);
	event_set(&ev->commit_sha, jstr(pl, "sha"));
	glc_outcome(jstr(pl, "status"), NULL, ev);
	event_attr_str(ev, "detailed_status", jstr(pl, "detailed_status"));
	event_attr_str(ev, "source", src);
	event_attr_str(ev, "project_id", project);
	event_attr_str(ev, "name", jstr(pl, "name"));
	if (json_is_integer(json_object_get(pl, "iid")))
		event_attr(ev, "iid", json_deep_copy(json_object_get(pl,
		    "iid")));
	event_attr_str(ev, "created_at", jstr(pl, "created_at"));
	event_attr_str(ev, "web_url", jstr(pl, "web_url") ? jstr(pl,
	    "web_url") : jstr(pl, "url"));
	event_attr_str(ev, "export", kind);
	if ((p = glc_pipe(pc, project, id)) != NULL)
		p->direct = 1;
	return PARSE_OK;
}

/* A REST pipeline object. */
static enum parse_rc
glc_rest_pipeline(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	char project[GLC_IDSZ + 8], *repo = glc_path_from_url(jstr(rec,
	    "web_url"));
	enum parse_rc rc;

	if (jid(rec, "project_id", project, sizeof(project)) != 1)
		snprintf(project, sizeof(project), "%s", repo ? repo : "?");
	rc = glc_pipeline_event(rec, project, repo, jpath_str(jobj(rec,
	    "user"), "username"), NULL, pc, ev, d);
	free(repo);
	if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return rc;
}

/* object_kind "pipeline": the pipeline, then each of builds[]. */
static enum parse_rc
glc_hook_pipeline(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *oa = jobj(rec, "object_attributes"), *b, *builds;
	char project[GLC_IDSZ + 8], *repo = glc_hook_repo(rec);
	const char *user = jpath_str(jobj(rec, "user"), "username");
	struct glc_job j;
	struct event scratch;
	enum parse_rc rc;
	size_t i;

	if (oa == NULL) {
		free(repo);
		return diag_set(d, "pipeline webhook has no object_attributes");
	}
	builds = json_object_get(rec, "builds");
	if (builds && !json_is_null(builds) && !json_is_array(builds)) {
		free(repo);
		return diag_set(d, "builds is not an array");
	}
	if (jid(jobj(rec, "project"), "id", project, sizeof(project)) != 1)
		snprintf(project, sizeof(project), "%s", repo ? repo : "?");
	/* check every job first: nothing is emitted from a bad record */
	json_array_foreach(builds, i, b) {
		memset(&j, 0, sizeof(j));
		event_init(&scratch);
		if (!json_is_object(b) || jid(b, "id", j.id,
		    sizeof(j.id)) != 1) {
			free(repo);
			return diag_set(d, "builds[%zu] has no integer id", i);
		}
		j.started = jstr(b, "started_at");
		j.created = jstr(b, "created_at");
		j.finished = jstr(b, "finished_at");
		rc = glc_job_event(&j, NULL, &scratch, d);
		event_clear(&scratch);
		if (rc != PARSE_OK) {
			free(repo);
			return rc;
		}
	}
	rc = glc_pipeline_event(oa, project, repo, user, "webhook", pc, ev, d);
	if (rc != PARSE_OK)
		goto out;
	event_attr_str(ev, "merge_request", jpath_str(jobj(rec,
	    "merge_request"), "url"));
	if (parse_emit_next(pc, ev) < 0) {
		rc = PARSE_FATAL;
		goto out;
	}
	json_array_foreach(builds, i, b) {
		memset(&j, 0, sizeof(j));
		jid(b, "id", j.id, sizeof(j.id));
		if (jid(oa, "id", j.pipe, sizeof(j.pipe)) != 1)
			j.pipe[0] = '\0';
		snprintf(j.project, sizeof(j.project), "%s", project);
		j.repo = repo;
		j.name = jstr(b, "name");
		j.stage = jstr(b, "stage");
		j.status = jstr(b, "status");
		j.reason = jstr(b, "failure_reason");
		j.ref = jstr(oa, "ref");
		j.tag = json_is_true(json_object_get(oa, "tag"));
		j.sha = jstr(oa, "sha");
		j.user = jpath_str(jobj(b, "user"), "username");
		j.created = jstr(b, "created_at");
		j.started = jstr(b, "started_at");
		j.finished = jstr(b, "finished_at");
		j.runner = json_object_get(b, "runner");
		j.duration = json_object_get(b, "duration");
		if ((rc = glc_job_event(&j, "webhook", ev, d)) != PARSE_OK)
			goto out;
		event_attr_str(ev, "when", jstr(b, "when"));
		if (parse_emit_next(pc, ev) < 0) {
			rc = PARSE_FATAL;
			goto out;
		}
	}
	rc = PARSE_OK;
out:
	free(repo);
	return rc;
}

static enum parse_rc
glc_other(const json_t *rec, const char *kind, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const json_t *oa = jobj(rec, "object_attributes");
	const char *raw = NULL;
	char *repo;

	if (!pc->all_events)
		return PARSE_SKIP;
	if (glc_time(oa, "updated_at", &ev->ts_us, &ev->ts_flags, &raw,
	    d) <= 0 && glc_time(oa, "created_at", &ev->ts_us, &ev->ts_flags,
	    &raw, d) <= 0)
		ev->ts_us = EVENT_NO_TIME;
	diag_clear(d);
	event_set(&ev->ts_raw, raw);
	ev->source = "gitlab_ci";
	ev->action = "other";
	ev->operation = xasprintf("gitlab:%s", kind);
	repo = glc_hook_repo(rec);
	event_set(&ev->repo, repo);
	free(repo);
	event_set(&ev->actor, jpath_str(jobj(rec, "user"), "username"));
	if (ev->actor == NULL)
		event_set(&ev->actor, jstr(rec, "user_username"));
	event_set(&ev->commit_sha, jstr(rec, "checkout_sha"));
	event_set(&ev->ref, jstr(rec, "ref"));
	if (pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return PARSE_OK;
}

static enum parse_rc
glc_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *kindv;
	const char *kind;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if ((kindv = json_object_get(rec, "object_kind")) != NULL) {
		if (!json_is_string(kindv))
			return diag_set(d, "object_kind is not a string");
		kind = json_string_value(kindv);
		if (strcmp(kind, "build") == 0)
			return glc_hook_job(rec, pc, ev, d);
		if (strcmp(kind, "pipeline") == 0)
			return glc_hook_pipeline(rec, pc, ev, d);
		return glc_other(rec, kind, pc, ev, d);
	}
	if (json_object_get(rec, "stage") || jobj(rec, "pipeline"))
		return glc_rest_job(rec, pc, ev, d);
	if (json_object_get(rec, "iid") || json_object_get(rec, "source") ||
	    (json_object_get(rec, "sha") && json_object_get(rec, "ref")))
		return glc_rest_pipeline(rec, pc, ev, d);
	return diag_set(d, "neither a GitLab job (stage, pipeline) nor a "
	    "pipeline (iid, sha, ref) nor a webhook (object_kind)");
}

/* Pipelines known only from their jobs become ci.run events. */
static int
glc_finish(struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	struct glc_state *s = pc->state;
	struct glc_pipe *p;
	char *ref;
	size_t i;

	(void)d;
	for (i = 0; s && i < s->n; i++) {
		p = &s->pipes[i];
		if (p->direct || p->start == EVENT_NO_TIME)
			continue;
		event_init(ev);
		ev->ts_us = p->start;
		ev->ts_flags = p->start_flags;
		event_set(&ev->ts_raw, p->start_raw);
		if (p->open == 0)
			ev->end_us = p->end;
		ev->source = "gitlab_ci";
		ev->action = "ci.run";
		ev->operation = xstrdup("gitlab:pipeline");
		ev->native_id = xasprintf("%s/pipeline/%s", p->project, p->id);
		event_set(&ev->run_ref, p->id);
		event_set(&ev->repo, p->repo);
		event_set(&ev->actor, p->actor);
		ref = glc_ref(p->ref, p->tag);
		event_set(&ev->ref, ref);
		free(ref);
		event_set(&ev->commit_sha, p->sha);
		glc_outcome(p->status, NULL, ev);
		event_attr_str(ev, "project_id", p->project);
		event_attr_str(ev, "time_source", "jobs");
		event_attr(ev, "jobs_seen", json_integer(p->jobs));
		if (parse_emit_clear(pc, ev) < 0)
			return -1;
	}
	return 0;
}

/* Whether head has "key" followed by ':' and the string "val". */
static int
glc_has_kv(const char *head, size_t len, const char *key, const char *val)
{
	size_t kl = strlen(key), vl = strlen(val);
	const char *p = head, *end = head + len, *q;

	while ((q = memmem(p, (size_t)(end - p), key, kl)) != NULL) {
		p = q + kl;
		if (q == head || q[-1] != '"' || p >= end || *p != '"')
			continue;
		q = p + 1;
		while (q < end && strchr(" \t\r\n", *q) && *q)
			q++;
		if (q >= end || *q != ':')
			continue;
		q++;
		while (q < end && strchr(" \t\r\n", *q) && *q)
			q++;
		if ((size_t)(end - q) >= vl + 2 && q[0] == '"' &&
		    memcmp(q + 1, val, vl) == 0 && q[vl + 1] == '"')
			return 1;
	}
	return 0;
}

#define HAS(s)	(memmem(head, len, s, sizeof(s) - 1) != NULL)

static int
glc_probe(const char *head, size_t len, const char *name)
{
	if (glc_has_kv(head, len, "object_kind", "build") ||
	    glc_has_kv(head, len, "object_kind", "pipeline"))
		return HAS("\"build_id\"") || HAS("\"object_attributes\"") ?
		    90 : 80;
	if (HAS("\"stage\"") && HAS("\"pipeline\"") &&
	    (HAS("\"runner\"") || HAS("\"tag_list\"") ||
	    HAS("\"artifacts_expire_at\"")) && HAS("\"started_at\"") &&
	    HAS("/-/jobs/"))
		return 90;
	if (HAS("\"stage\"") && HAS("\"pipeline\"") && HAS("\"project_id\"") &&
	    HAS("\"finished_at\""))
		return 80;
	if (HAS("\"iid\"") && HAS("\"sha\"") && HAS("\"source\"") &&
	    HAS("/-/pipelines/"))
		return 85;
	return 0;
}

#undef HAS

const struct parser parser_gitlab_ci = {
	.name = "gitlab_ci",
	.desc = "GitLab CI: job and pipeline lists of the REST API, job "
	    "(build) and pipeline webhook bodies",
	.howto = "glab api --paginate 'projects/<id>/jobs?per_page=100' "
	    ">jobs.json; glab api --paginate 'projects/<id>/pipelines?"
	    "updated_after=<from>' >pipelines.json",
	.kind = INPUT_JSON,
	.probe = glc_probe,
	.parse_json = glc_parse_json,
	.state_new = glc_state_new,
	.state_free = glc_state_free,
	.finish = glc_finish,
};
