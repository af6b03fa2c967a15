/* SPDX-License-Identifier: MIT */
/*
 * parse_jenkins.c - Jenkins build history (formats.md F.6): the remote
 * access API's build objects, job objects with builds[] / allBuilds[],
 * and the Pipeline Stage View API (wfapi) runs with their stages.
 *
 * Shapes (JSON splitter, container keys builds and allBuilds):
 *   - <JENKINS>/job/<name>/<n>/api/json: one build;
 *   - <JENKINS>/job/<name>/api/json?tree=allBuilds[number,url,result,
 *     timestamp,duration,builtOn,actions[causes[userId,userName,
 *     shortDescription],lastBuiltRevision[SHA1,branch[name]],remoteUrls]]:
 *     a job whose builds are the records (folders nest as /job/a/job/b/);
 *     the plain job object lists builds as {number, url} references only:
 *     those are counted as non-events (no time, no result);
 *   - <JENKINS>/job/<name>/wfapi/runs (an array) and .../<n>/wfapi/
 *     describe: pipeline runs with stages;
 *   - queue (/queue/api/json, /queue/item/<id>/api/json), node
 *     (/computer/api/json) and job objects without builds are valid
 *     Jenkins data but no events: non-events.
 *
 * A build (trimmed from a real api/json response):
 *   {"actions":[{"parameters":[{"name":"fish","value":"salmon"}]},
 *    {"causes":[{"shortDescription":"Started by user anonymous",
 *    "userId":null,"userName":"anonymous"}]},{}],"building":false,
 *    "duration":60750,"fullDisplayName":"fish #10","id":"10","number":10,
 *    "queueId":73,"result":"SUCCESS","timestamp":1461091892486,"url":
 *    "http://localhost:32769/job/fish/10/","builtOn":"","changeSets":[...]}
 * Actions are matched by content (the _class is often absent with tree
 * queries): causes[] (CauseAction), lastBuiltRevision (git BuildData),
 * parameters[] (ParametersAction).
 *
 * Mapping: one ci.run per build; ts = timestamp (epoch ms, the start),
 * end_us = ts + duration (ms) once the build is no longer building;
 * result SUCCESS is a success, FAILURE, UNSTABLE, ABORTED and NOT_BUILT
 * are failures (error_code the result), null while building is not; actor
 * = the userId of the first user cause (userName when userId is null, as
 * for "anonymous"); SCM, timer and upstream causes leave it empty (attrs
 * causes, upstream); commit_sha = lastBuiltRevision.SHA1 of the first git
 * BuildData (all of them in attrs.revisions when there are several, e.g.
 * a shared library checkout), else the last commitId of the change set
 * (attrs.commit_source "changeSet"); ref from its branch name:
 * "refs/remotes/<remote>/<b>" and "<remote>/<b>" (remote "origin") become
 * "refs/heads/<b>", "refs/..." is kept, a bare name is a branch; repo =
 * "owner/name" from remoteUrls[0]; runner = builtOn ("" is the controller:
 * "built-in"); run_ref = the job's full name and number as Jenkins writes
 * them ("folder/job#42", the job path of the URL, %-decoded); native_id =
 * the build URL; operation "jenkins:<build class>" ("jenkins:build" when
 * there is no _class).  Password parameters keep their name only.
 *
 * wfapi: one ci.run per run (ts startTimeMillis, end endTimeMillis once
 * the status is final, native_id its _links.self.href, operation
 * "jenkins:wfapi:run") and one ci.step per stage that started (its own
 * window from startTimeMillis and durationMillis, native_id its
 * _links.self.href).  Statuses FAILED, ABORTED and UNSTABLE are failures.
 * A build and its wfapi run have different native ids; join them on
 * run_ref.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

/*
 * Epoch or duration milliseconds: 1 (set), 0 absent/null, -1 not a number,
 * -2 a number out of the int64 range.
 */
static int
jk_ms(const json_t *obj, const char *key, int64_t *out)
{
	const json_t *v = json_object_get(obj, key);
	double x;

	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_integer(v)) {
		*out = (int64_t)json_integer_value(v);
		return 1;
	}
	if (json_is_real(v)) {
		x = json_real_value(v);
		if (x != x || x < -9.2e18 || x > 9.2e18)
			return -2;
		*out = (int64_t)x;
		return 1;
	}
	return -1;
}

/* Appends s[0..n) to the name being built, %XX-decoded. */
static void
jk_append_decoded(char **name, const char *s, size_t n)
{
	char *out = xmalloc(n + 1), *t;
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = hex_value((unsigned char)s[i + 1])) >= 0 &&
		    (lo = hex_value((unsigned char)s[i + 2])) >= 0 &&
		    (hi || lo)) {
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	t = *name ? xasprintf("%s/%s", *name, out) : xstrdup(out);
	free(*name);
	free(out);
	*name = t;
}

/*
 * The job's full name ("folder/job") and the build number from a build
 * URL or path (".../job/folder/job/job/42/..."); *number is -1 when the
 * URL names no build.  Returns the name, or NULL.
 */
static char *
jk_url_parse(const char *url, int64_t *number)
{
	const char *p, *seg, *end;
	char *name = NULL;
	int64_t n = 0;
	size_t len;

	*number = -1;
	if (url == NULL || (p = strstr(url, "/job/")) == NULL)
		return NULL;
	p += 5;
	for (;;) {
		seg = p;
		end = strchr(seg, '/');
		len = end ? (size_t)(end - seg) : strlen(seg);
		if (len == 0)
			break;
		jk_append_decoded(&name, seg, len);
		if (end == NULL)
			break;
		p = end + 1;
		if (strncmp(p, "job/", 4) == 0) {
			p += 4;
			continue;
		}
		len = strspn(p, "0123456789");
		if (len > 0 && len < 19 && (p[len] == '/' || p[len] == '\0')) {
			while (len-- > 0)
				n = n * 10 + (*p++ - '0');
			*number = n;
		}
		break;
	}
	return name;
}

/* "owner/name" of a git remote URL (https, ssh, scp-like). */
static char *
jk_repo(const char *url)
{
	const char *p, *end;
	size_t n;

	if (url == NULL)
		return NULL;
	if ((p = strstr(url, "://")) != NULL) {
		p = strchr(p + 3, '/');
	} else if ((p = strchr(url, ':')) == NULL) {
		return NULL;
	}
	if (p == NULL)
		return NULL;
	while (*p == '/' || *p == ':')
		p++;
	end = p + strlen(p);
	while (end > p && end[-1] == '/')
		end--;
	n = (size_t)(end - p);
	if (n > 4 && memcmp(end - 4, ".git", 4) == 0)
		n -= 4;
	if (n == 0 || memchr(p, '/', n) == NULL)
		return NULL;
	return xstrndup(p, n);
}

/* Full ref of a git plugin branch name (see the top of the file). */
static char *
jk_ref(const char *b)
{
	const char *slash;

	if (b == NULL || *b == '\0')
		return NULL;
	if (strncmp(b, "refs/remotes/", 13) == 0) {
		slash = strchr(b + 13, '/');
		return slash && slash[1] ? xasprintf("refs/heads/%s",
		    slash + 1) : NULL;
	}
	if (strncmp(b, "refs/", 5) == 0)
		return xstrdup(b);
	if (strncmp(b, "origin/", 7) == 0 && b[7])
		return xasprintf("refs/heads/%s", b + 7);
	return xasprintf("refs/heads/%s", b);
}

/* result / wfapi status -> outcome. */
static void
jk_outcome(const char *st, struct event *ev)
{
	static const char *const failures[] = { "FAILURE", "FAILED",
	    "UNSTABLE", "ABORTED", "NOT_BUILT", NULL };
	size_t i;

	for (i = 0; st && failures[i]; i++)
		if (strcmp(st, failures[i]) == 0) {
			ev->failed = 1;
			event_set(&ev->error_code, st);
		}
}

/* ts and ts_raw from epoch milliseconds. */
static enum parse_rc
jk_set_ts(int64_t ms, const char *key, struct event *ev, struct diag *d)
{
	char buf[32];

	if (ts_from_epoch_int(ms, TS_MSEC, &ev->ts_us) < 0)
		return diag_set(d, "%s %" PRId64 " is out of range", key, ms);
	snprintf(buf, sizeof(buf), "%" PRId64, ms);
	event_set(&ev->ts_raw, buf);
	return PARSE_OK;
}

/* ts + ms, or EVENT_NO_TIME on overflow or a negative duration. */
static int64_t
jk_add_ms(int64_t ts, int64_t ms)
{
	if (ms < 0 || ms > (INT64_MAX - (ts > 0 ? ts : 0)) / 1000)
		return EVENT_NO_TIME;
	return ts + ms * 1000;
}

/* Causes: actor, attrs.causes, attrs.upstream. */
static void
jk_causes(const json_t *causes, struct event *ev, json_t *descs)
{
	const json_t *c;
	const char *cls, *uid, *uname, *up;
	size_t i;

	json_array_foreach(causes, i, c) {
		cls = jstr(c, "_class");
		uid = jstr(c, "userId");
		uname = jstr(c, "userName");
		if (jstr(c, "shortDescription"))
			json_array_append_new(descs, json_string(jstr(c,
			    "shortDescription")));
		if (ev->actor == NULL && uid && *uid)
			event_set(&ev->actor, uid);
		else if (ev->actor == NULL && uname && *uname &&
		    (cls == NULL || strstr(cls, "UserIdCause")))
			event_set(&ev->actor, uname);
		up = jstr(c, "upstreamProject");
		if (up && json_is_integer(json_object_get(c,
		    "upstreamBuild"))) {
			char *s = xasprintf("%s#%" PRId64, up, (int64_t)
			    json_integer_value(json_object_get(c,
			    "upstreamBuild")));

			event_attr_str(ev, "upstream", s);
			free(s);
		}
	}
}

/* The git BuildData entries: commit, ref, repo, attrs.revisions. */
static void
jk_revisions(const json_t *actions, struct event *ev)
{
	const json_t *a, *lbr, *br;
	json_t *revs = json_array(), *r;
	const char *sha, *bname, *remote;
	char *s;
	size_t i;

	json_array_foreach(actions, i, a) {
		if ((lbr = jobj(a, "lastBuiltRevision")) == NULL)
			continue;
		sha = jstr(lbr, "SHA1");
		br = json_array_get(json_object_get(lbr, "branch"), 0);
		bname = jstr(br, "name");
		remote = json_string_value(json_array_get(
		    json_object_get(a, "remoteUrls"), 0));
		r = json_object();
		if (sha)
			json_object_set_new(r, "sha", json_string(sha));
		if (bname)
			json_object_set_new(r, "branch", json_string(bname));
		if (remote)
			json_object_set_new(r, "remote", json_string(remote));
		json_array_append_new(revs, r);
		if (json_array_size(revs) > 1)
			continue;
		event_set(&ev->commit_sha, sha);
		s = jk_ref(bname);
		event_set(&ev->ref, s);
		free(s);
		s = jk_repo(remote);
		event_set(&ev->repo, s);
		free(s);
		event_attr_str(ev, "remote_url", remote);
	}
	if (json_array_size(revs) > 1)
		event_attr(ev, "revisions", revs);
	else
		json_decref(revs);
}

/* The last commit of changeSet / changeSets[] (commit fallback). */
static const char *
jk_changeset_commit(const json_t *rec)
{
	const json_t *sets = json_object_get(rec, "changeSets"), *set;
	const json_t *items;
	const char *last = NULL;
	size_t i, n;

	if (jobj(rec, "changeSet")) {
		items = json_object_get(jobj(rec, "changeSet"), "items");
		n = json_array_size(items);
		if (n > 0)
			last = jstr(json_array_get(items, n - 1), "commitId");
	}
	json_array_foreach(sets, i, set) {
		items = json_object_get(set, "items");
		n = json_array_size(items);
		if (n > 0 && jstr(json_array_get(items, n - 1), "commitId"))
			last = jstr(json_array_get(items, n - 1), "commitId");
	}
	return last;
}

/* The parameters of ParametersAction entries (password values left out). */
static json_t *
jk_parameters(const json_t *actions)
{
	const json_t *a, *p, *v;
	const char *n, *cls;
	json_t *out = NULL;
	size_t i, k;

	json_array_foreach(actions, i, a) {
		json_array_foreach(json_object_get(a, "parameters"), k, p) {
			if ((n = jstr(p, "name")) == NULL)
				continue;
			if (out == NULL)
				out = json_object();
			cls = jstr(p, "_class");
			v = json_object_get(p, "value");
			if ((cls && strstr(cls, "Password")) || v == NULL)
				json_object_set_new(out, n, json_null());
			else
				json_object_set_new(out, n, json_deep_copy(v));
		}
	}
	return out;
}

/* A list of the string member key of each element of arr. */
static json_t *
jk_pluck(const json_t *arr, const char *key)
{
	const json_t *e;
	json_t *out = NULL;
	size_t i;

	json_array_foreach(arr, i, e) {
		if (jstr(e, key) == NULL)
			continue;
		if (out == NULL)
			out = json_array();
		json_array_append_new(out, json_string(jstr(e, key)));
	}
	return out;
}

/* Whether the object has only members of a build reference. */
static int
jk_is_reference(const json_t *rec)
{
	static const char *const ref_keys[] = { "_class", "number", "url",
	    "displayName", "id", NULL };
	const char *key;
	const json_t *v;
	size_t i;

	json_object_foreach((json_t *)rec, key, v) {
		for (i = 0; ref_keys[i]; i++)
			if (strcmp(ref_keys[i], key) == 0)
				break;
		if (ref_keys[i] == NULL)
			return 0;
	}
	return 1;
}

static enum parse_rc
jk_build(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *actions = json_object_get(rec, "actions"), *a, *bo;
	const char *url = jstr(rec, "url"), *cls = jstr(rec, "_class"), *dot;
	const char *result = jstr(rec, "result"), *csha;
	json_t *descs;
	int64_t ts, dur, urlnum, number = -1;
	char *full, *s;
	int building = json_is_true(json_object_get(rec, "building"));
	int r;
	size_t i;
	enum parse_rc rc;

	if (json_is_integer(json_object_get(rec, "number")))
		number = (int64_t)json_integer_value(json_object_get(rec,
		    "number"));
	else if (json_object_get(rec, "number"))
		return diag_set(d, "number is not an integer");
	if ((r = jk_ms(rec, "timestamp", &ts)) < 0)
		return diag_set(d, "build %" PRId64 ": timestamp is %s", number,
		    r == -1 ? "not a number" : "out of range");
	if (r == 0) {
		if (jk_is_reference(rec))
			return PARSE_NONEVENT;	/* {number, url} only */
		return diag_set(d, "build %" PRId64 " has no timestamp",
		    number);
	}
	if ((r = jk_ms(rec, "duration", &dur)) < 0)
		return diag_set(d, "build %" PRId64 ": duration is %s", number,
		    r == -1 ? "not a number" : "out of range");
	if (actions && !json_is_null(actions) && !json_is_array(actions))
		return diag_set(d, "build %" PRId64 ": actions is not an "
		    "array", number);
	if ((rc = jk_set_ts(ts, "timestamp", ev, d)) != PARSE_OK)
		return rc;
	if (r == 1 && !building && (dur > 0 || result))
		ev->end_us = jk_add_ms(ev->ts_us, dur);

	full = jk_url_parse(url, &urlnum);
	if (number < 0)
		number = urlnum;
	ev->source = "jenkins";
	ev->action = "ci.run";
	dot = cls ? strrchr(cls, '.') : NULL;
	ev->operation = xasprintf("jenkins:%s", dot && dot[1] ? dot + 1 :
	    cls ? cls : "build");
	event_set(&ev->native_id, url);
	if (ev->native_id == NULL && full && number >= 0)
		ev->native_id = xasprintf("%s#%" PRId64, full, number);
	if (ev->native_id == NULL)
		event_set(&ev->native_id, jstr(rec, "fullDisplayName"));
	if (full && number >= 0)
		ev->run_ref = xasprintf("%s#%" PRId64, full, number);
	jk_outcome(result, ev);
	descs = json_array();
	json_array_foreach(actions, i, a)
		jk_causes(json_object_get(a, "causes"), ev, descs);
	if (json_array_size(descs) > 0)
		event_attr(ev, "causes", descs);
	else
		json_decref(descs);
	jk_revisions(actions, ev);
	if (ev->commit_sha == NULL && (csha = jk_changeset_commit(rec))) {
		event_set(&ev->commit_sha, csha);
		event_attr_str(ev, "commit_source", "changeSet");
	}
	bo = json_object_get(rec, "builtOn");
	if (json_is_string(bo)) {
		s = json_string_value(bo)[0] ? xstrdup(json_string_value(bo)) :
		    xstrdup("built-in");
		event_set(&ev->runner, s);
		free(s);
		event_attr_str(ev, "built_on", json_string_value(bo));
	}
	if (number >= 0)
		event_attr(ev, "number", json_integer(number));
	event_attr_str(ev, "job_name", full);
	event_attr_str(ev, "result", result);
	if (json_is_boolean(json_object_get(rec, "building")))
		event_attr(ev, "building", json_boolean(building));
	if (r == 1)
		event_attr(ev, "duration_ms", json_integer(dur));
	event_attr_str(ev, "full_display_name", jstr(rec, "fullDisplayName"));
	if (json_is_integer(json_object_get(rec, "queueId")))
		event_attr(ev, "queue_id", json_deep_copy(json_object_get(rec,
		    "queueId")));
	event_attr(ev, "parameters", jk_parameters(actions));
	event_attr(ev, "artifacts", jk_pluck(json_object_get(rec,
	    "artifacts"), "relativePath"));
	event_attr(ev, "culprits", jk_pluck(json_object_get(rec, "culprits"),
	    "fullName"));
	free(full);
	if (pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return PARSE_OK;
}

static int
jk_final(const char *st)
{
	static const char *const fin[] = { "SUCCESS", "FAILED", "ABORTED",
	    "UNSTABLE", "NOT_EXECUTED", NULL };
	size_t i;

	for (i = 0; st && fin[i]; i++)
		if (strcmp(st, fin[i]) == 0)
			return 1;
	return 0;
}

/* A wfapi run and its stages. */
static enum parse_rc
jk_wfapi(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *stages = json_object_get(rec, "stages"), *s;
	const char *self = jpath_str(rec, "_links.self.href");
	const char *st = jstr(rec, "status"), *name = jstr(rec, "name");
	int64_t start, endms, number, dur;
	char *full, *run_ref = NULL, *native = NULL;
	size_t i;
	int r;
	enum parse_rc rc;

	if ((r = jk_ms(rec, "startTimeMillis", &start)) <= 0)
		return diag_set(d, "wfapi run %s", r == 0 ?
		    "has no startTimeMillis" : r == -1 ?
		    "startTimeMillis is not a number" :
		    "startTimeMillis is out of range");
	if (!json_is_array(stages))
		return diag_set(d, "wfapi run: stages is not an array");
	json_array_foreach(stages, i, s) {
		if (!json_is_object(s) || jk_ms(s, "startTimeMillis",
		    &dur) < 0 || jk_ms(s, "durationMillis", &dur) < 0)
			return diag_set(d, "wfapi run: stages[%zu] has bad "
			    "times", i);
	}
	if ((rc = jk_set_ts(start, "startTimeMillis", ev, d)) != PARSE_OK)
		return rc;
	if (jk_final(st) && jk_ms(rec, "endTimeMillis", &endms) == 1 &&
	    endms > 0)
		ts_from_epoch_int(endms, TS_MSEC, &ev->end_us);
	full = jk_url_parse(self, &number);
	if (number < 0 && name && name[0] == '#')
		number = strtoll(name + 1, NULL, 10);
	if (full && number >= 0)
		run_ref = xasprintf("%s#%" PRId64, full, number);
	native = self ? xstrdup(self) : run_ref ? xasprintf("%s/wfapi",
	    run_ref) : NULL;
	ev->source = "jenkins";
	ev->action = "ci.run";
	ev->operation = xstrdup("jenkins:wfapi:run");
	event_set(&ev->native_id, native);
	event_set(&ev->run_ref, run_ref);
	jk_outcome(st, ev);
	event_attr_str(ev, "status", st);
	event_attr_str(ev, "name", name);
	event_attr_str(ev, "id", jstr(rec, "id"));
	event_attr_str(ev, "job_name", full);
	if (jk_ms(rec, "durationMillis", &dur) == 1)
		event_attr(ev, "duration_ms", json_integer(dur));
	if (parse_emit_next(pc, ev) < 0)
		goto fatal;
	json_array_foreach(stages, i, s) {
		if (jk_ms(s, "startTimeMillis", &start) != 1 || start <= 0)
			continue;	/* never started */
		if (jk_set_ts(start, "startTimeMillis", ev, d) != PARSE_OK) {
			rc = PARSE_ERR;
			goto out;
		}
		st = jstr(s, "status");
		if (jk_final(st) && jk_ms(s, "durationMillis", &dur) == 1)
			ev->end_us = jk_add_ms(ev->ts_us, dur);
		ev->source = "jenkins";
		ev->action = "ci.step";
		ev->operation = xstrdup("jenkins:wfapi:stage");
		if (jpath_str(s, "_links.self.href"))
			event_set(&ev->native_id, jpath_str(s,
			    "_links.self.href"));
		else if (native)
			ev->native_id = xasprintf("%s/stage/%s", native,
			    jstr(s, "id") ? jstr(s, "id") : "?");
		event_set(&ev->run_ref, run_ref);
		jk_outcome(st, ev);
		event_attr_str(ev, "stage_name", jstr(s, "name"));
		event_attr_str(ev, "stage_id", jstr(s, "id"));
		event_attr_str(ev, "status", st);
		event_attr_str(ev, "job_name", full);
		if (parse_emit_next(pc, ev) < 0)
			goto fatal;
	}
	rc = PARSE_OK;
	goto out;
fatal:
	rc = PARSE_FATAL;
out:
	free(full);
	free(run_ref);
	free(native);
	return rc;
}

static enum parse_rc
jk_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const char *cls;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	cls = jstr(rec, "_class");
	if ((cls && (strstr(cls, ".Queue") || strstr(cls, "ComputerSet") ||
	    strstr(cls, "Computer"))) ||
	    json_object_get(rec, "inQueueSince") ||
	    json_object_get(rec, "discoverableItems") ||
	    json_object_get(rec, "busyExecutors"))
		return PARSE_NONEVENT;
	if (json_object_get(rec, "stages") &&
	    json_object_get(rec, "startTimeMillis"))
		return jk_wfapi(rec, pc, ev, d);
	if (json_object_get(rec, "timestamp") || json_object_get(rec,
	    "number"))
		return jk_build(rec, pc, ev, d);
	if (json_object_get(rec, "nextBuildNumber") ||
	    json_object_get(rec, "healthReport") || (cls &&
	    (strstr(cls, "Project") || strstr(cls, "WorkflowJob") ||
	    strstr(cls, "Folder"))))
		return PARSE_NONEVENT;	/* a job with no builds listed */
	return diag_set(d, "not a Jenkins build (no number or timestamp)");
}

#define HAS(s)	(memmem(head, len, s, sizeof(s) - 1) != NULL)

static int
jk_probe(const char *head, size_t len, const char *name)
{
	if (HAS("\"_class\"") && (HAS("\"hudson.") ||
	    HAS("\"org.jenkinsci.plugins.workflow.")))
		return 90;
	if (HAS("\"fullDisplayName\"") && HAS("\"timestamp\"") &&
	    (HAS("\"estimatedDuration\"") || HAS("\"builtOn\"") ||
	    HAS("\"queueId\"")))
		return 88;
	if (HAS("\"nextBuildNumber\"") && (HAS("\"builds\"") ||
	    HAS("\"lastBuild\"")))
		return 85;
	if (HAS("\"startTimeMillis\"") && HAS("\"durationMillis\"") &&
	    HAS("\"stages\""))
		return 85;
	if (HAS("\"inQueueSince\"") && HAS("\"task\""))
		return 70;
	if (HAS("\"busyExecutors\"") && HAS("\"computer\""))
		return 60;
	return 0;
}

#undef HAS

static const char *const jk_containers[] = { "builds", "allBuilds", NULL };

const struct parser parser_jenkins = {
	.name = "jenkins",
	.desc = "Jenkins: build objects (api/json of a build, or of a job "
	    "with builds/allBuilds), Pipeline Stage View runs (wfapi)",
	.howto = "curl -u <user>:<token> '<JENKINS>/job/<name>/api/json?"
	    "tree=allBuilds[number,url,result,building,timestamp,duration,"
	    "builtOn,actions[causes[userId,userName,shortDescription],"
	    "lastBuiltRevision[SHA1,branch[name]],remoteUrls]]' >builds.json",
	.kind = INPUT_JSON,
	.container_keys = jk_containers,
	.probe = jk_probe,
	.parse_json = jk_parse_json,
};
