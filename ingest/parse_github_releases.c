/* SPDX-License-Identifier: MIT */
/*
 * parse_github_releases.c - GitHub Releases (formats.md G.5): release and
 * release-asset objects of the REST API, the "release" webhook, and
 * octokit/nock recordings of Releases API sessions.  Records (JSON
 * splitter, no container key):
 *   - a release: `gh api repos/<o>/<r>/releases --paginate` (arrays, one
 *     per page, back to back), `.../releases/tags/<tag>`, `.../releases/
 *     <id>`;
 *   - an asset: `.../releases/<id>/assets` (array), `.../releases/assets/
 *     <id>`;
 *   - a webhook delivery {"action":"published", "release":{...},
 *     "repository":{...}, "sender":{...}};
 *   - a nock recording element {"scope","method","path","status",
 *     "response","rawHeaders",...} whose response is one of the above (or
 *     a list of them), or a 204 to DELETE .../releases/<id> or
 *     .../releases/assets/<id>; other recorded calls are out of scope.
 *
 * A real release (octokit/fixtures release-assets scenario, abridged):
 *   {"url":"https://api.github.com/repos/octokit-fixture-org/tmp-.../
 *    releases/72286832","id":72286832,"author":{"login":
 *    "octokit-fixture-user-a",...},"tag_name":"v1.0.0",
 *    "target_commitish":"b8b5...","name":"Version 1.0.0","draft":false,
 *    "prerelease":false,"created_at":"2022-07-19T04:40:16Z",
 *    "published_at":"2022-07-19T04:40:21Z","assets":[],...}
 * and asset:
 *   {"url":".../releases/assets/71989167","id":71989167,"name":
 *    "test-upload.txt","label":"test","uploader":{"login":...},
 *    "content_type":"text/plain","state":"uploaded","size":14,
 *    "download_count":0,"created_at":"2022-07-19T04:40:23Z",
 *    "updated_at":"2022-07-19T04:40:24Z","browser_download_url":
 *    "https://github.com/.../releases/download/v1.0.0/test-upload.txt"}
 *
 * A release is one "publish" event (operation "github:release", or
 * "github:release.<webhook action>"): "release/<id>" -> native_id;
 * tag_name -> version and ref "refs/tags/<tag>"; published_at -> ts (a
 * draft has none: created_at is used, attrs.time_field says which);
 * author.login -> actor; the repository (from url, html_url, or the
 * webhook's repository.full_name) -> repo and artifact; target_commitish
 * -> commit_sha when it is a full SHA; draft, prerelease, immutable,
 * name, created_at, target_commitish in attrs.  Each asset is one
 * more "publish" (operation "github:release_asset"): "asset/<id>" ->
 * native_id; name -> artifact; digest ("sha256:<hex>", null on assets
 * uploaded before June 2025) -> digest; uploader.login -> actor;
 * created_at (when the upload started; updated_at changes with a later
 * rename, so it would not be stable across snapshots) -> ts; the
 * release's tag (or the one in browser_download_url) -> version and ref;
 * size, content_type, label, state, download_count, updated_at in attrs.
 * An asset whose state is not "uploaded" is a failed upload (outcome
 * failure, error_code "state:<state>").
 *
 * Deletes are "publish.delete": webhook action "deleted" (and
 * "unpublished", a release turned back into a draft), native_id
 * "release/<id>/deleted" (or ".../unpublished"), no time (the delivery
 * carries none); a recorded 204 to DELETE, native_id "asset/<id>/deleted"
 * or "release/<id>/deleted", at the response's Date header.  Other webhook
 * actions (edited) are out of scope.  Snapshots of the same release or
 * asset (a list, then a get, then an update) share the native_id and are
 * stored once: the first one ingested is kept.
 *
 * Every event's raw record is the whole record (a release with its
 * assets).  Not supported: GitHub Enterprise audit-log release events,
 * the "registry_package" webhook, GitLab releases (another shape).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "digest.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

/* What the release around an asset tells about it. */
struct gr_ctx {
	const char	*tag;
	const char	*repo;
	json_int_t	 release_id;
	const char	*via;		/* webhook, recording, NULL */
	const char	*request;	/* recorded "METHOD path" */
	const char	*sender;	/* webhook sender.login */
};

/* "owner/name" at p (two path segments), or NULL (new). */
static char *
gr_two(const char *p)
{
	size_t o, n;

	if ((o = owner_name_span(p, &n)) == 0 || n == 0 ||
	    (p[o + 1 + n] != '/' && p[o + 1 + n] != '\0'))
		return NULL;
	return xasprintf("%.*s/%.*s", (int)o, p, (int)n, p + o + 1);
}

/*
 * The repository of an API url (".../repos/<o>/<r>/...", also GitHub
 * Enterprise's /api/v3/repos/) or of a web url ("https://<host>/<o>/<r>/
 * releases/..."), new or NULL.
 */
static char *
gr_repo_of(const char *url)
{
	const char *p, *host;

	if (url == NULL)
		return NULL;
	if ((p = strstr(url, "/repos/")) != NULL)
		return gr_two(p + 7);
	if ((p = strstr(url, "://")) == NULL)
		return NULL;
	host = p + 3;
	if ((p = strchr(host, '/')) == NULL || strstr(p, "/releases/") == NULL)
		return NULL;
	return gr_two(p + 1);
}

/* The tag in ".../releases/download/<tag>/<name>" (new), or NULL. */
static char *
gr_tag_of(const char *url)
{
	const char *p = url ? strstr(url, "/releases/download/") : NULL, *e;

	if (p == NULL)
		return NULL;
	p += 19;
	e = strchr(p, '/');
	if (e == NULL || e == p)
		return NULL;
	return pct_decode(p, (size_t)(e - p));
}

static int
gr_full_sha(const char *s)
{
	size_t i;

	if (s == NULL || strlen(s) != 40)
		return 0;
	for (i = 0; i < 40; i++)
		if (!strchr("0123456789abcdef", s[i]))
			return 0;
	return 1;
}

/* The integer id as text for native ids; 0 when absent or not one. */
static int
gr_id(const json_t *obj, json_int_t *id)
{
	const json_t *v = json_object_get(obj, "id");

	if (!json_is_integer(v) || json_integer_value(v) <= 0)
		return 0;
	*id = json_integer_value(v);
	return 1;
}

/* ts from t; where prefixes the message ("assets[2]: "). */
static int
gr_time(const char *t, const char *where, const char *what,
    struct event *ev, struct diag *d)
{
	struct diag why;

	diag_clear(&why);
	if (ts_parse_iso(t, strlen(t), &ev->ts_us, &ev->ts_flags, &why) < 0)
		return diag_set(d, "%sbad %s '%s': %s", where, what, t,
		    why.msg);
	event_set(&ev->ts_raw, t);
	return 0;
}

static void
gr_ctx_attrs(struct event *ev, const struct gr_ctx *c)
{
	event_attr_str(ev, "via", c->via);
	event_attr_str(ev, "recorded_request", c->request);
	event_attr_str(ev, "sender", c->sender);
}

static enum parse_rc
gr_emit(struct parse_ctx *pc, struct event *ev)
{
	return pc->emit(pc->emit_arg, ev) < 0 ? PARSE_FATAL : PARSE_OK;
}

/* One asset; where names it in messages. */
static enum parse_rc
gr_asset(const json_t *a, const struct gr_ctx *c, const char *where,
    struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	const char *name, *created, *state, *dig, *bdu;
	json_int_t id;
	char *tag = NULL, *repo = NULL;

	event_reset_keep_raw(ev);
	if (!json_is_object(a))
		return diag_set(d, "%sasset is not an object", where);
	if (!gr_id(a, &id))
		return diag_set(d, "%sasset has no integer id", where);
	if ((name = jstr(a, "name")) == NULL)
		return diag_set(d, "%sasset %" JSON_INTEGER_FORMAT " has no "
		    "name", where, id);
	created = jstr(a, "created_at");
	if (created == NULL)
		created = jstr(a, "updated_at");
	if (created == NULL)
		return diag_set(d, "%sasset %" JSON_INTEGER_FORMAT " has no "
		    "created_at", where, id);
	if (gr_time(created, where, "created_at", ev, d) < 0)
		return PARSE_ERR;
	ev->source = "github_releases";
	ev->action = "publish";
	ev->operation = xstrdup("github:release_asset");
	ev->native_id = xasprintf("asset/%" JSON_INTEGER_FORMAT, id);
	event_set(&ev->artifact, name);
	bdu = jstr(a, "browser_download_url");
	if (c->tag == NULL)
		tag = gr_tag_of(bdu);
	event_set(&ev->version, c->tag ? c->tag : tag);
	if (ev->version)
		ev->ref = xasprintf("refs/tags/%s", ev->version);
	if (c->repo == NULL) {
		repo = gr_repo_of(jstr(a, "url"));
		if (repo == NULL)
			repo = gr_repo_of(bdu);
	}
	event_set(&ev->repo, c->repo ? c->repo : repo);
	free(tag);
	free(repo);
	event_set(&ev->actor, jpath_str(a, "uploader.login"));
	dig = jstr(a, "digest");
	ev->digest = digest_sha256(dig);
	if (dig && ev->digest == NULL)
		event_attr_str(ev, "digest_raw", dig);
	state = jstr(a, "state");
	if (state && strcmp(state, "uploaded") != 0) {
		ev->failed = 1;
		ev->error_code = xasprintf("state:%s", state);
	}
	if (c->release_id > 0)
		event_attr(ev, "release_id", json_integer(c->release_id));
	event_attr_str(ev, "label", jstr(a, "label"));
	event_attr_str(ev, "content_type", jstr(a, "content_type"));
	event_attr_str(ev, "state", state);
	event_attr_int(ev, "size", json_object_get(a, "size"));
	event_attr_int(ev, "download_count", json_object_get(a,
	    "download_count"));
	event_attr_str(ev, "updated_at", jstr(a, "updated_at"));
	event_attr_str(ev, "browser_download_url", bdu);
	gr_ctx_attrs(ev, c);
	return gr_emit(pc, ev);
}

/*
 * One release and its assets.  action/op: the event's action and
 * operation; suffix: the native id's suffix for deletes ("/deleted").
 * Bad assets do not stop the others; the first problem is returned.
 */
static enum parse_rc
gr_release(const json_t *r, const char *action, const char *op,
    const char *suffix, struct gr_ctx *c, const char *full_name,
    struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	const char *tag, *pub, *tc;
	const json_t *assets, *a;
	json_int_t id;
	char *repo = NULL, where[64];
	struct diag first, why;
	enum parse_rc rc;
	size_t i;
	int bad = 0;

	event_reset_keep_raw(ev);
	if (!json_is_object(r))
		return diag_set(d, "release is not an object");
	if (!gr_id(r, &id))
		return diag_set(d, "release has no integer id");
	if ((tag = jstr(r, "tag_name")) == NULL)
		return diag_set(d, "release %" JSON_INTEGER_FORMAT " has no "
		    "tag_name", id);
	pub = jstr(r, "published_at");
	if (suffix == NULL) {
		if (pub != NULL) {
			if (gr_time(pub, "", "published_at", ev, d) < 0)
				return PARSE_ERR;
		} else if (jstr(r, "created_at")) {
			if (gr_time(jstr(r, "created_at"), "", "created_at",
			    ev, d) < 0)
				return PARSE_ERR;
			event_attr_str(ev, "time_field", "created_at");
		} else {
			return diag_set(d, "release %" JSON_INTEGER_FORMAT
			    " has neither published_at nor created_at", id);
		}
	}
	if (full_name == NULL) {
		repo = gr_repo_of(jstr(r, "url"));
		if (repo == NULL)
			repo = gr_repo_of(jstr(r, "html_url"));
	}
	ev->source = "github_releases";
	ev->action = action;
	ev->operation = xstrdup(op);
	ev->native_id = xasprintf("release/%" JSON_INTEGER_FORMAT "%s", id,
	    suffix ? suffix : "");
	event_set(&ev->version, tag);
	ev->ref = xasprintf("refs/tags/%s", tag);
	event_set(&ev->repo, full_name ? full_name : repo);
	event_set(&ev->artifact, ev->repo);
	free(repo);
	event_set(&ev->actor, jpath_str(r, "author.login"));
	tc = jstr(r, "target_commitish");
	if (gr_full_sha(tc))
		event_set(&ev->commit_sha, tc);
	event_attr(ev, "release_id", json_integer(id));
	event_attr_str(ev, "name", jstr(r, "name"));
	event_attr_bool(ev, "draft", json_object_get(r, "draft"));
	event_attr_bool(ev, "prerelease", json_object_get(r, "prerelease"));
	event_attr_bool(ev, "immutable", json_object_get(r, "immutable"));
	event_attr_str(ev, "target_commitish", tc);
	event_attr_str(ev, "created_at", jstr(r, "created_at"));
	if (suffix)
		event_attr_str(ev, "published_at", pub);
	event_attr_str(ev, "html_url", jstr(r, "html_url"));
	assets = json_object_get(r, "assets");
	if (json_is_array(assets))
		event_attr(ev, "asset_count", json_integer(
		    (json_int_t)json_array_size(assets)));
	gr_ctx_attrs(ev, c);
	c->tag = tag;
	c->release_id = id;
	c->repo = ev->repo;
	rc = gr_emit(pc, ev);
	if (rc != PARSE_OK || suffix)
		return rc;
	/*
	 * c->repo points into ev, which the assets reuse: keep a copy.
	 */
	repo = ev->repo ? xstrdup(ev->repo) : NULL;
	c->repo = repo;
	diag_clear(&first);
	json_array_foreach(assets, i, a) {
		snprintf(where, sizeof(where), "assets[%zu]: ", i);
		diag_clear(&why);
		rc = gr_asset(a, c, where, pc, ev, &why);
		if (rc == PARSE_FATAL)
			break;
		if (rc == PARSE_ERR && !bad++)
			first = why;
		rc = PARSE_OK;
	}
	c->repo = NULL;
	free(repo);
	if (rc == PARSE_FATAL)
		return rc;
	if (bad) {
		*d = first;
		return PARSE_ERR;
	}
	return PARSE_OK;
}

/* A webhook delivery {"action", "release", "repository", "sender"}. */
static enum parse_rc
gr_webhook(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const char *act = jstr(rec, "action"), *action, *suffix = NULL;
	struct gr_ctx c;
	enum parse_rc rc;
	char *op;

	memset(&c, 0, sizeof(c));
	c.via = "webhook";
	c.sender = jpath_str(rec, "sender.login");
	if (strcmp(act, "published") == 0 || strcmp(act, "released") == 0 ||
	    strcmp(act, "prereleased") == 0 || strcmp(act, "created") == 0) {
		action = "publish";
	} else if (strcmp(act, "deleted") == 0) {
		action = "publish.delete";
		suffix = "/deleted";
	} else if (strcmp(act, "unpublished") == 0) {
		action = "publish.delete";
		suffix = "/unpublished";
	} else if (pc->all_events) {
		action = "other";
		suffix = "/other";
	} else {
		return PARSE_SKIP;
	}
	op = xasprintf("github:release.%s", act);
	rc = gr_release(json_object_get(rec, "release"), action, op, suffix,
	    &c, jpath_str(rec, "repository.full_name"), pc, ev, d);
	free(op);
	return rc;
}

/* Month abbreviation -> 1..12, or 0. */
static int
gr_month(const char *m)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int i;

	for (i = 0; i < 12; i++)
		if (strncmp(m, names + 3 * i, 3) == 0)
			return i + 1;
	return 0;
}

static int
gr_num(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* HTTP date "Tue, 19 Jul 2022 04:40:21 GMT" (RFC 9110 IMF-fixdate). */
static int
gr_http_date(const char *s, int64_t *us)
{
	int day, mon, year, hh, mm, ss;

	if (s == NULL || strlen(s) != 29 || s[3] != ',' || s[4] != ' ' ||
	    s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
	    s[22] != ':' || strcmp(s + 25, " GMT") != 0)
		return -1;
	if (gr_num(s + 5, 2, &day) < 0 || (mon = gr_month(s + 8)) == 0 ||
	    gr_num(s + 12, 4, &year) < 0 || gr_num(s + 17, 2, &hh) < 0 ||
	    gr_num(s + 20, 2, &mm) < 0 || gr_num(s + 23, 2, &ss) < 0)
		return -1;
	return ts_from_civil(year, mon, day, hh, mm, ss, 0, us);
}

/* The Date header of a nock recording's rawHeaders [name, value, ...]. */
static const char *
gr_date_header(const json_t *rec)
{
	const json_t *h = json_object_get(rec, "rawHeaders");
	size_t i;

	for (i = 0; i + 1 < json_array_size(h); i += 2) {
		const char *k = json_string_value(json_array_get(h, i));

		if (k && strcasecmp(k, "Date") == 0)
			return json_string_value(json_array_get(h, i + 1));
	}
	if (json_is_object(json_object_get(rec, "headers")))
		return jpath_str(rec, "headers.date");
	return NULL;
}

/* The id after "/releases/" or "/releases/assets/" ending the path. */
static int
gr_path_id(const char *path, const char *key, json_int_t *id)
{
	const char *p = strstr(path, key), *q;
	json_int_t v = 0;

	if (p == NULL)
		return 0;
	for (q = p + strlen(key); *q >= '0' && *q <= '9'; q++) {
		if (v > (LLONG_MAX - 9) / 10)
			return 0;
		v = v * 10 + (*q - '0');
	}
	if (q == p + strlen(key) || (*q != '\0' && *q != '?'))
		return 0;
	*id = v;
	return v > 0;
}

static int
gr_is_release(const json_t *v)
{
	return json_is_object(v) && json_object_get(v, "tag_name") != NULL;
}

static int
gr_is_asset(const json_t *v)
{
	return json_is_object(v) && json_object_get(v, "tag_name") == NULL &&
	    (json_object_get(v, "browser_download_url") != NULL ||
	    json_object_get(v, "uploader") != NULL);
}

/*
 * A recorded DELETE (2xx) of a release (asset 0) or an asset (asset 1)
 * with this id.
 */
static enum parse_rc
gr_recorded_delete(const json_t *rec, int asset, json_int_t id,
    const char *path, const char *req, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const char *date = gr_date_header(rec);
	char *repo;

	event_reset_keep_raw(ev);
	if (date && gr_http_date(date, &ev->ts_us) == 0) {
		ev->ts_flags = TS_COARSE;
		event_set(&ev->ts_raw, date);
	} else if (date) {
		return diag_set(d, "bad Date header '%s'", date);
	}
	ev->source = "github_releases";
	ev->action = "publish.delete";
	ev->operation = xstrdup(asset ? "github:release_asset.delete" :
	    "github:release.delete");
	ev->native_id = xasprintf("%s/%" JSON_INTEGER_FORMAT "/deleted",
	    asset ? "asset" : "release", id);
	repo = gr_repo_of(path);
	ev->repo = repo;
	event_attr(ev, asset ? "asset_id" : "release_id", json_integer(id));
	event_attr_str(ev, "via", "recording");
	event_attr_str(ev, "recorded_request", req);
	return gr_emit(pc, ev);
}

/* A nock recording element. */
static enum parse_rc
gr_nock(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const char *method = jstr(rec, "method"), *path = jstr(rec, "path");
	const json_t *resp = json_object_get(rec, "response"), *v;
	const json_t *st = json_object_get(rec, "status");
	json_int_t status = json_is_integer(st) ? json_integer_value(st) : 0;
	struct gr_ctx c;
	struct diag first, why;
	enum parse_rc rc = PARSE_SKIP, r;
	char *req, *m, *p, where[64];
	const char *date;
	json_int_t id;
	size_t i;
	int bad = 0, any = 0;

	if (method == NULL || path == NULL)
		return diag_set(d, "recording has no method or path string");
	m = xstrdup(method);
	for (p = m; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	req = xasprintf("%s %s", m, path);
	memset(&c, 0, sizeof(c));
	c.via = "recording";
	c.request = req;
	diag_clear(&first);
	if (status >= 200 && status < 300 && strcmp(m, "DELETE") == 0 &&
	    (gr_path_id(path, "/releases/assets/", &id) ||
	    gr_path_id(path, "/releases/", &id))) {
		rc = gr_recorded_delete(rec, strstr(path,
		    "/releases/assets/") != NULL, id, path, req, pc, ev, d);
		goto out;
	} else if (status >= 200 && status < 300 && gr_is_release(resp)) {
		rc = gr_release(resp, "publish", "github:release", NULL, &c,
		    NULL, pc, ev, d);
		goto out;
	} else if (status >= 200 && status < 300 && gr_is_asset(resp)) {
		rc = gr_asset(resp, &c, "", pc, ev, d);
		goto out;
	} else if (status >= 200 && status < 300 && json_is_array(resp)) {
		json_array_foreach(resp, i, v) {
			memset(&c, 0, sizeof(c));
			c.via = "recording";
			c.request = req;
			snprintf(where, sizeof(where), "response[%zu]: ", i);
			diag_clear(&why);
			if (gr_is_release(v))
				r = gr_release(v, "publish", "github:release",
				    NULL, &c, NULL, pc, ev, &why);
			else if (gr_is_asset(v))
				r = gr_asset(v, &c, where, pc, ev, &why);
			else
				continue;
			any = 1;
			if (r == PARSE_FATAL) {
				rc = r;
				goto out;
			}
			if (r == PARSE_ERR && !bad++)
				first = why;
		}
		if (bad) {
			*d = first;
			rc = PARSE_ERR;
			goto out;
		}
		if (any) {
			rc = PARSE_OK;
			goto out;
		}
	}
	/* any other recorded call: out of scope */
	if (!pc->all_events)
		goto out;
	event_reset_keep_raw(ev);
	date = gr_date_header(rec);
	if (date && gr_http_date(date, &ev->ts_us) == 0) {
		ev->ts_flags = TS_COARSE;
		event_set(&ev->ts_raw, date);
	}
	ev->source = "github_releases";
	ev->action = "other";
	ev->operation = xasprintf("github:%s", req);
	ev->repo = gr_repo_of(path);
	if (status)
		event_attr(ev, "status", json_integer(status));
	event_attr_str(ev, "via", "recording");
	event_attr_str(ev, "scope", jstr(rec, "scope"));
	rc = gr_emit(pc, ev);
out:
	free(req);
	free(m);
	return rc;
}

static enum parse_rc
gr_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	struct gr_ctx c;

	memset(&c, 0, sizeof(c));
	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (json_object_get(rec, "scope") && json_object_get(rec, "method") &&
	    json_object_get(rec, "path"))
		return gr_nock(rec, pc, ev, d);
	if (jstr(rec, "action") && json_object_get(rec, "release"))
		return gr_webhook(rec, pc, ev, d);
	if (gr_is_release(rec))
		return gr_release(rec, "publish", "github:release", NULL, &c,
		    NULL, pc, ev, d);
	if (gr_is_asset(rec))
		return gr_asset(rec, &c, "", pc, ev, d);
	return diag_set(d, "record is not a GitHub release, release asset, "
	    "release webhook or recorded Releases API call");
}

static int
gr_probe(const char *head, size_t len, const char *name)
{
	int tag = memmem(head, len, "\"tag_name\"", 10) != NULL;

	/* GitLab releases have tag_name too, but released_at */
	if (tag && (memmem(head, len, "\"published_at\"", 14) ||
	    memmem(head, len, "\"upload_url\"", 12) ||
	    memmem(head, len, "\"assets_url\"", 12)))
		return 90;
	if (memmem(head, len, "\"browser_download_url\"", 22) &&
	    memmem(head, len, "\"uploader\"", 10))
		return 90;
	if (memmem(head, len, "\"rawHeaders\"", 12) &&
	    memmem(head, len, "\"scope\"", 7) &&
	    memmem(head, len, "/releases", 9))
		return 85;
	return 0;
}

const struct parser parser_github_releases = {
	.name = "github_releases",
	.desc = "GitHub Releases: REST API release and asset objects (with "
	    "asset digests), release webhooks, recorded API sessions",
	.howto = "gh api repos/<owner>/<repo>/releases --paginate > "
	    "releases.json",
	.kind = INPUT_JSON,
	.probe = gr_probe,
	.parse_json = gr_parse_json,
};
