/* SPDX-License-Identifier: MIT */
/*
 * parse_harbor.c - Harbor registry artifact events (formats.md G.2):
 *   - webhook deliveries in the "Default" payload format {"type":
 *     "PUSH_ARTIFACT", "occur_at": <unix s>, "operator": "<user or
 *     robot$name>", "event_data": {"resources": [...], "repository":
 *     {...}}};
 *   - webhook deliveries in the CloudEvents format (Harbor 2.8+)
 *     {"specversion":"1.0", "id", "source", "type":
 *     "harbor.artifact.pushed", "time", "operator", "data": {"resources",
 *     "repository"}};
 *   - the audit log (GET /api/v2.0/audit-logs: an array of {"id",
 *     "resource", "resource_type", "operation", "username", "op_time"}).
 * One delivery or audit entry per record (JSON splitter).
 *
 * A real delivery (bluebrown/kobold test data; keys sorted upstream):
 *   {"event_data":{"repository":{"date_created":1707912357,"name":
 *    "myapp","namespace":"mynamespace","repo_full_name":
 *    "mynamespace/myapp","repo_type":"private"},"resources":[{"digest":
 *    "sha256:fd49e9a1...","resource_url":"harbor.mydomain.lan/
 *    mynamespace/myapp:master-491-6bac849","tag":"master-491-6bac849"}]},
 *    "occur_at":1713095086,"operator":"build-myapp","type":
 *    "PUSH_ARTIFACT"}
 *
 * Each resource of PUSH_ARTIFACT / harbor.artifact.pushed is one
 * "publish" event ("publish.signature" when the tag is cosign's
 * "sha256-<hex>.sig" or ".att"; the signed digest goes to
 * attrs.subject_digest), of DELETE_ARTIFACT / harbor.artifact.deleted one
 * "publish.delete": repo_full_name -> artifact; tag -> version; digest ->
 * digest; operator -> actor; occur_at (seconds) or time -> ts;
 * operation "harbor:<type>".  The Default format has no event id:
 * native_id is "<type>/<occur_at>/<repository>/<digest>[/<tag>]" (the
 * fields formats.md names as its identity); CloudEvents use id (with
 * "/<n>" when one event lists several resources).  Audit entries with
 * resource_type "artifact" and operation "create" / "delete" are
 * "publish" / "publish.delete", native_id "audit/<id>"; the resource
 * "<repo>:<tag>" or "<repo>@<digest>" gives artifact, version and digest.
 * Pulls, scans, quotas, replication, retention and every other audit
 * entry are out of scope ("other" with --all-events).
 *
 * A malformed resource does not hide the others of the same delivery;
 * the delivery is then quarantined with the first problem.
 */
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

/* What one delivery says about all its resources. */
struct hb_ctx {
	const char	*type;		/* e.g. PUSH_ARTIFACT */
	const char	*action;	/* vocabulary word, NULL: out */
	const char	*actor;
	const json_t	*repository;
	const char	*ce_id;		/* CloudEvents id */
	const char	*occur;		/* Default: occur_at as text */
	int64_t		 ts_us;
	unsigned	 ts_flags;
	const char	*ts_raw;
	size_t		 nres;
};

static const char *
hb_action(const char *type)
{
	if (strcmp(type, "PUSH_ARTIFACT") == 0 ||
	    strcmp(type, "harbor.artifact.pushed") == 0)
		return "publish";
	if (strcmp(type, "DELETE_ARTIFACT") == 0 ||
	    strcmp(type, "harbor.artifact.deleted") == 0)
		return "publish.delete";
	return NULL;
}

/* The repository's full name from the delivery, or NULL. */
static const char *
hb_repo_name(const json_t *repo)
{
	return jstr(repo, "repo_full_name");
}

/* The repository part of a resource_url "host/ns/name:tag" (new). */
static char *
hb_repo_from_url(const char *url)
{
	const char *slash, *end;

	if (url == NULL || (slash = strchr(url, '/')) == NULL)
		return NULL;
	end = strchr(slash, '@');
	if (end == NULL) {
		end = strrchr(slash, ':');
		if (end == NULL)
			end = slash + strlen(slash);
	}
	return end > slash + 1 ? xstrndup(slash + 1, (size_t)(end - slash -
	    1)) : NULL;
}

/* One resource of a delivery; n is its index. */
static enum parse_rc
hb_resource(const json_t *res, size_t n, const struct hb_ctx *c,
    struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	const char *dig, *tag, *kind = NULL, *repo;
	char *digest, *subject, *repo2 = NULL;

	event_reset_keep_raw(ev);
	if (!json_is_object(res))
		return diag_set(d, "resources[%zu] is not an object", n);
	dig = jstr(res, "digest");
	tag = jstr(res, "tag");
	if (c->action && dig == NULL)
		return diag_set(d, "resources[%zu] has no digest", n);
	repo = hb_repo_name(c->repository);
	if (repo == NULL)
		repo = repo2 = hb_repo_from_url(jstr(res, "resource_url"));
	ev->ts_us = c->ts_us;
	ev->ts_flags = c->ts_flags;
	event_set(&ev->ts_raw, c->ts_raw);
	ev->source = "harbor";
	ev->action = c->action ? c->action : "other";
	ev->operation = xasprintf("harbor:%s", c->type);
	subject = cosign_tag_subject(tag, &kind);
	if (subject && strcmp(ev->action, "publish") == 0 &&
	    strcmp(kind, "sbom") != 0)
		ev->action = "publish.signature";
	if (c->ce_id)
		ev->native_id = c->nres > 1 ? xasprintf("%s/%zu", c->ce_id, n) :
		    xstrdup(c->ce_id);
	else
		ev->native_id = xasprintf("%s/%s/%s/%s%s%s", c->type,
		    c->occur ? c->occur : "", repo ? repo : "",
		    dig ? dig : "", tag ? "/" : "", tag ? tag : "");
	event_set(&ev->artifact, repo);
	free(repo2);
	event_set(&ev->version, tag);
	digest = digest_sha256(dig);
	ev->digest = digest;
	if (dig && digest == NULL)
		event_attr_str(ev, "digest_raw", dig);
	event_set(&ev->actor, c->actor);
	event_attr_str(ev, "resource_url", jstr(res, "resource_url"));
	event_attr_str(ev, "cosign", kind);
	event_attr_str(ev, "subject_digest", subject);
	free(subject);
	event_attr_str(ev, "namespace", jstr(c->repository, "namespace"));
	event_attr_str(ev, "repo_type", jstr(c->repository, "repo_type"));
	event_attr_str(ev, "event_type", c->type);
	return pc->emit(pc->emit_arg, ev) < 0 ? PARSE_FATAL : PARSE_OK;
}

static enum parse_rc
hb_resources(const json_t *data, struct hb_ctx *c, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const json_t *arr = json_object_get(data, "resources"), *r;
	struct diag first, why;
	enum parse_rc rc;
	size_t i;
	int bad = 0, out = 0;

	if (!json_is_array(arr))
		return diag_set(d, "%s has no resources array", c->type);
	c->repository = jobj(data, "repository");
	c->nres = json_array_size(arr);
	if (c->nres == 0)
		return PARSE_NONEVENT;
	diag_clear(&first);
	json_array_foreach(arr, i, r) {
		diag_clear(&why);
		rc = hb_resource(r, i, c, pc, ev, &why);
		if (rc == PARSE_FATAL)
			return rc;
		if (rc == PARSE_ERR && !bad++)
			first = why;
		if (rc == PARSE_OK)
			out = 1;
	}
	if (bad) {
		*d = first;
		return PARSE_ERR;
	}
	return out ? PARSE_OK : PARSE_NONEVENT;
}

/* A Default-format delivery. */
static enum parse_rc
hb_default(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *oa = json_object_get(rec, "occur_at");
	struct hb_ctx c;
	char text[32];

	memset(&c, 0, sizeof(c));
	c.type = jstr(rec, "type");
	if (c.type == NULL)
		return diag_set(d, "delivery has no type");
	c.action = hb_action(c.type);
	if (c.action == NULL && !pc->all_events)
		return PARSE_SKIP;
	if (!json_is_integer(oa) ||
	    ts_from_epoch_int(json_integer_value(oa), TS_SEC, &c.ts_us) < 0)
		return diag_set(d, "occur_at is %s", oa ? "not a usable "
		    "epoch number" : "missing");
	snprintf(text, sizeof(text), "%" JSON_INTEGER_FORMAT,
	    json_integer_value(oa));
	c.ts_flags = TS_COARSE;
	c.ts_raw = text;
	c.occur = text;
	c.actor = jstr(rec, "operator");
	if (!json_is_object(json_object_get(rec, "event_data")))
		return diag_set(d, "event_data is not an object");
	return hb_resources(json_object_get(rec, "event_data"), &c, pc, ev,
	    d);
}

/* A CloudEvents delivery. */
static enum parse_rc
hb_cloudevent(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *data = jobj(rec, "data");
	struct hb_ctx c;
	struct diag why;
	const char *t;

	memset(&c, 0, sizeof(c));
	c.type = jstr(rec, "type");
	if (c.type == NULL)
		return diag_set(d, "CloudEvent has no type");
	c.action = hb_action(c.type);
	if (c.action == NULL && !pc->all_events)
		return PARSE_SKIP;
	t = jstr(rec, "time");
	if (t == NULL)
		return diag_set(d, "CloudEvent has no time");
	diag_clear(&why);
	if (ts_parse_iso(t, strlen(t), &c.ts_us, &c.ts_flags, &why) < 0)
		return diag_set(d, "bad time '%s': %s", t, why.msg);
	c.ts_raw = t;
	c.ce_id = jstr(rec, "id");
	c.actor = jstr(rec, "operator");
	if (c.actor == NULL)
		c.actor = jstr(data, "operator");
	if (data == NULL)
		return diag_set(d, "CloudEvent has no data object");
	return hb_resources(data, &c, pc, ev, d);
}

/* An audit-log entry. */
static enum parse_rc
hb_audit(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const char *rt = jstr(rec, "resource_type"), *op = jstr(rec,
	    "operation"), *res = jstr(rec, "resource"), *t = jstr(rec,
	    "op_time"), *action = NULL, *sep, *kind = NULL;
	const json_t *id = json_object_get(rec, "id");
	char *subject;
	struct diag why;

	if (rt == NULL || op == NULL)
		return diag_set(d, "audit entry has no resource_type or "
		    "operation");
	if (strcmp(rt, "artifact") == 0 && strcmp(op, "create") == 0)
		action = "publish";
	else if (strcmp(rt, "artifact") == 0 && strcmp(op, "delete") == 0)
		action = "publish.delete";
	if (action == NULL && !pc->all_events)
		return PARSE_SKIP;
	if (t == NULL)
		return diag_set(d, "audit entry has no op_time");
	diag_clear(&why);
	if (ts_parse_iso(t, strlen(t), &ev->ts_us, &ev->ts_flags, &why) < 0)
		return diag_set(d, "bad op_time '%s': %s", t, why.msg);
	event_set(&ev->ts_raw, t);
	ev->source = "harbor";
	ev->action = action ? action : "other";
	ev->operation = xasprintf("harbor:audit.%s.%s", rt, op);
	if (json_is_integer(id))
		ev->native_id = xasprintf("audit/%" JSON_INTEGER_FORMAT,
		    json_integer_value(id));
	event_set(&ev->actor, jstr(rec, "username"));
	if (res && (sep = strchr(res, '@')) != NULL) {
		ev->artifact = xstrndup(res, (size_t)(sep - res));
		ev->digest = digest_sha256(sep + 1);
	} else if (res && (sep = strrchr(res, ':')) != NULL &&
	    strchr(sep, '/') == NULL) {
		ev->artifact = xstrndup(res, (size_t)(sep - res));
		event_set(&ev->version, sep + 1);
	} else {
		event_set(&ev->artifact, res);
	}
	subject = cosign_tag_subject(ev->version, &kind);
	if (subject && action && strcmp(action, "publish") == 0 &&
	    strcmp(kind, "sbom") != 0)
		ev->action = "publish.signature";
	event_attr_str(ev, "cosign", kind);
	event_attr_str(ev, "subject_digest", subject);
	free(subject);
	event_attr_str(ev, "resource", res);
	event_attr_str(ev, "resource_type", rt);
	return pc->emit(pc->emit_arg, ev) < 0 ? PARSE_FATAL : PARSE_OK;
}

static enum parse_rc
hb_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (json_object_get(rec, "specversion"))
		return hb_cloudevent(rec, pc, ev, d);
	if (json_object_get(rec, "event_data") ||
	    json_object_get(rec, "occur_at"))
		return hb_default(rec, pc, ev, d);
	if (json_object_get(rec, "resource_type") ||
	    json_object_get(rec, "op_time"))
		return hb_audit(rec, pc, ev, d);
	return diag_set(d, "record is not a Harbor webhook delivery or "
	    "audit-log entry");
}

static int
hb_probe(const char *head, size_t len, const char *name)
{
	if (memmem(head, len, "\"event_data\"", 12) &&
	    memmem(head, len, "\"occur_at\"", 10))
		return 95;
	if (memmem(head, len, "\"specversion\"", 13) &&
	    memmem(head, len, "\"harbor.", 8))
		return 95;
	if (memmem(head, len, "\"resource_type\"", 15) &&
	    memmem(head, len, "\"op_time\"", 9) &&
	    memmem(head, len, "\"operation\"", 11))
		return 85;
	return 0;
}

const struct parser parser_harbor = {
	.name = "harbor",
	.desc = "Harbor registry: webhook deliveries (Default and "
	    "CloudEvents payloads) and the audit log (artifact pushes, "
	    "deletes, cosign signature pushes)",
	.howto = "keep the bodies a Harbor webhook policy (HTTP, Default or "
	    "CloudEvents payload) delivers, one per line; audit log: curl -u "
	    "<admin> 'https://<harbor>/api/v2.0/audit-logs?page_size=100"
	    "&page=N'",
	.kind = INPUT_JSON,
	.probe = hb_probe,
	.parse_json = hb_parse_json,
};
