/* SPDX-License-Identifier: MIT */
/*
 * parse_luna.c - Thales Luna Cloud HSM (Data Protection on Demand) audit
 * log exports (formats.md E.3).  The DPoD Audit Query API delivers a .zip
 * holding a JSON array of records; the intake opens the zip, the JSON
 * splitter hands over each element.  A record (the action name and the
 * meta contents are not documented by Thales: UNCONFIRMED):
 *
 *   {"time":"2026-01-10 12:00:07 UTC","source":"thales/cloudhsm/1234567890123",
 *    "resourceID":"3f2e1d0c-aaaa-4bbb-8ccc-0123456789ab",
 *    "actorID":"9a8b7c6d-1111-4222-8333-444455556666",
 *    "tenantID":"0c0d0e0f-5555-4666-8777-888899990000",
 *    "action":"LUNA_SIGN","status":"LUNA_RET_OK",
 *    "meta":{"clientIP":"198.51.100.9","role":"Crypto User","ouid":"1a2b3c0000000000"}}
 *
 * Keys are matched without regard to case (resourceID, resourceid,
 * ResourceId ...), inside meta too; two keys of one object that differ
 * only in case make the record a PARSE_ERR (which one is meant?).
 *
 * Mapping: time "YYYY-MM-DD HH:MM:SS UTC" (ISO 8601 is accepted too),
 * flagged TS_COARSE: DPoD logs with 1-second resolution, so the parts of
 * one operation in the same second may be out of order; operation
 * "luna:<action>"; actor the actorID (the client id of chrystoki.conf);
 * key_raw the OUID in meta, key_ref "luna:<partition>/<OUID>" with the
 * partition from source "thales/cloudhsm/<partition>" (else the
 * resourceID); src_ip meta.clientIP; session meta's session handle when
 * there is one; status: LUNA_RET_OK, OK, SUCCESS or 0 is success,
 * anything else a failure with the status as error_code (the status
 * vocabulary is UNCONFIRMED).  No native id is documented: events are
 * de-duplicated on the record's bytes and the parsed fields.  With
 * 1-second times, two signatures by one client with one key in the same
 * second are byte-identical records; so that they are not merged, the
 * n-th repeat of a record inside one evidence item gets attrs.repeat = n
 * (the same export ingested twice, or two overlapping exports, still
 * give the same events).
 *
 * Scope: LUNA_SIGN, LUNA_SIGN_SINGLE -> sign; LUNA_VERIFY,
 * LUNA_VERIFY_SINGLE -> verify; LUNA_LOGIN, LUNA_HA_LOGIN ->
 * session.login; LUNA_LOGOUT, LUNA_LOGOUT_OTHER -> session.logout;
 * LUNA_CREATE_OBJECT, LUNA_GENERATE_KEY, LUNA_GENERATE_KEY_PAIR,
 * LUNA_DERIVE_KEY, LUNA_COPY_OBJECT -> key.create; LUNA_DESTROY_OBJECT ->
 * key.delete; LUNA_MODIFY_OBJECT (C_SetAttributeValue) -> key.policy;
 * LUNA_UNWRAP_KEY -> key.import; LUNA_WRAP_KEY -> key.read; LUNA_INIT_PIN,
 * LUNA_SET_PIN, LUNA_INIT_TOKEN -> iam.credential.  Other actions
 * (sessions opened and closed, object searches, encryption) are out of
 * scope.  The on-premises Luna 7 HSM event log (text lines validated by
 * the HSM) is not read here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

static const struct action_map lu_actions[] = {
	{ "LUNA_SIGN", "sign" },
	{ "LUNA_SIGN_SINGLE", "sign" },
	{ "LUNA_VERIFY", "verify" },
	{ "LUNA_VERIFY_SINGLE", "verify" },
	{ "LUNA_LOGIN", "session.login" },
	{ "LUNA_HA_LOGIN", "session.login" },
	{ "LUNA_LOGOUT", "session.logout" },
	{ "LUNA_LOGOUT_OTHER", "session.logout" },
	{ "LUNA_CREATE_OBJECT", "key.create" },
	{ "LUNA_GENERATE_KEY", "key.create" },
	{ "LUNA_GENERATE_KEY_PAIR", "key.create" },
	{ "LUNA_DERIVE_KEY", "key.create" },
	{ "LUNA_COPY_OBJECT", "key.create" },
	{ "LUNA_DESTROY_OBJECT", "key.delete" },
	{ "LUNA_MODIFY_OBJECT", "key.policy" },
	{ "LUNA_UNWRAP_KEY", "key.import" },
	{ "LUNA_WRAP_KEY", "key.read" },
	{ "LUNA_INIT_PIN", "iam.credential" },
	{ "LUNA_SET_PIN", "iam.credential" },
	{ "LUNA_INIT_TOKEN", "iam.credential" },
	{ NULL, NULL }
};

/* Records seen in this evidence item: SHA-256 of the bytes, and count. */
struct lu_seen {
	char		 hex[SHA256_HEXLEN];
	long		 count;
};

struct lu_state {
	struct lu_seen	*s;
	size_t		 n, alloc;
};

static void *
lu_state_new(const struct parse_ctx *pc)
{
	return xcalloc(1, sizeof(struct lu_state));
}

static void
lu_state_free(void *arg)
{
	struct lu_state *st = arg;

	if (st) {
		free(st->s);
		free(st);
	}
}

/* How many times these exact bytes came before in this item (0: new). */
static long
lu_repeat(struct lu_state *st, const void *raw, size_t len)
{
	char hex[SHA256_HEXLEN];
	size_t i;

	if (st == NULL || raw == NULL || sha256_hex(raw, len, hex) < 0)
		return 0;
	for (i = 0; i < st->n; i++)
		if (strcmp(st->s[i].hex, hex) == 0)
			return st->s[i].count++;
	ALLOC_GROW(st->s, st->n + 1, st->alloc);
	memcpy(st->s[st->n].hex, hex, sizeof(hex));
	st->s[st->n++].count = 1;
	return 0;
}

/*
 * obj[key] with the key matched without regard to case.  Returns 0 (and
 * *out, NULL when absent), or -1 when two keys match (named in d).
 */
static int
lu_get(const json_t *obj, const char *key, const json_t **out,
    struct diag *d)
{
	const char *k, *found = NULL;
	json_t *v;

	*out = NULL;
	if (!json_is_object(obj))
		return 0;
	json_object_foreach((json_t *)obj, k, v) {
		if (strcasecmp(k, key) != 0)
			continue;
		if (found)
			return diag_set(d, "keys '%s' and '%s' differ only in "
			    "case", found, k);
		found = k;
		*out = v;
	}
	return 0;
}

/*
 * The string value of key (any case), or NULL; -1 when ambiguous or not
 * a string (a number is accepted for ids and shown as text).
 */
static int
lu_str(const json_t *obj, const char *key, char **out, struct diag *d)
{
	const json_t *v;

	*out = NULL;
	if (lu_get(obj, key, &v, d) < 0)
		return -1;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = xstrdup(json_string_value(v));
		return 0;
	}
	if (json_is_integer(v)) {
		*out = xasprintf("%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return 0;
	}
	return diag_set(d, "field '%s' is not a string", key);
}

static int
lu_status_ok(const char *s)
{
	return s == NULL || strcasecmp(s, "LUNA_RET_OK") == 0 ||
	    strcasecmp(s, "OK") == 0 || strcasecmp(s, "SUCCESS") == 0 ||
	    strcmp(s, "0") == 0;
}

/* Every field the record uses, as new strings (NULL when absent). */
struct lu_rec {
	char	*time, *source, *resource, *actor, *tenant, *action, *status;
	char	*ouid, *ip, *role, *session, *partition;
};

static void
lu_rec_free(struct lu_rec *r)
{
	free(r->time);
	free(r->source);
	free(r->resource);
	free(r->actor);
	free(r->tenant);
	free(r->action);
	free(r->status);
	free(r->ouid);
	free(r->ip);
	free(r->role);
	free(r->session);
	free(r->partition);
}

static int
lu_read(const json_t *rec, struct lu_rec *r, const json_t **meta,
    struct diag *d)
{
	static const char *const sess_keys[] = {
		"sessionHandle", "session", "sessionId", NULL
	};
	const char *p;
	size_t i;

	memset(r, 0, sizeof(*r));
	if (lu_str(rec, "time", &r->time, d) < 0 ||
	    lu_str(rec, "source", &r->source, d) < 0 ||
	    lu_str(rec, "resourceID", &r->resource, d) < 0 ||
	    lu_str(rec, "actorID", &r->actor, d) < 0 ||
	    lu_str(rec, "tenantID", &r->tenant, d) < 0 ||
	    lu_str(rec, "action", &r->action, d) < 0 ||
	    lu_str(rec, "status", &r->status, d) < 0 ||
	    lu_get(rec, "meta", meta, d) < 0)
		return -1;
	if (*meta && !json_is_object(*meta) && !json_is_null(*meta))
		return diag_set(d, "field 'meta' is not an object");
	if (lu_str(*meta, "ouid", &r->ouid, d) < 0 ||
	    lu_str(*meta, "clientIP", &r->ip, d) < 0 ||
	    lu_str(*meta, "role", &r->role, d) < 0)
		return -1;
	for (i = 0; sess_keys[i] && r->session == NULL; i++)
		if (lu_str(*meta, sess_keys[i], &r->session, d) < 0)
			return -1;
	if (r->source && strncasecmp(r->source, "thales/cloudhsm/", 16) == 0 &&
	    r->source[16] != '\0') {
		p = r->source + 16;
		r->partition = xstrndup(p, strcspn(p, "/"));
	}
	return 0;
}

static enum parse_rc
lu_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *meta = NULL;
	const char *action;
	struct lu_rec r;
	struct diag why;
	enum parse_rc rc = PARSE_ERR;
	long repeat;
	char *t;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (lu_read(rec, &r, &meta, d) < 0)
		goto out;
	if (r.action == NULL) {
		diag_set(d, "record has no 'action'");
		goto out;
	}
	action = action_lookup(lu_actions, r.action, 1);
	if (action == NULL && !pc->all_events) {
		rc = PARSE_SKIP;
		goto out;
	}
	if (r.time == NULL) {
		diag_set(d, "record has no 'time'");
		goto out;
	}
	diag_clear(&why);
	if (ts_parse_iso(r.time, strlen(r.time), &ev->ts_us, &ev->ts_flags,
	    &why) < 0) {
		diag_set(d, "bad 'time' '%s': %s", r.time, why.msg);
		goto out;
	}
	ev->ts_flags |= TS_COARSE;
	event_set(&ev->ts_raw, r.time);
	ev->source = "luna";
	ev->action = action ? action : "other";
	ev->operation = xasprintf("luna:%s", r.action);
	event_set(&ev->actor, r.actor);
	event_set(&ev->session, r.session);
	event_set(&ev->src_ip, r.ip);
	if (!lu_status_ok(r.status)) {
		ev->failed = 1;
		event_set(&ev->error_code, r.status);
	}
	if (r.ouid && *r.ouid) {
		event_set(&ev->key_raw, r.ouid);
		t = xasprintf("luna:%s/%s", r.partition ? r.partition :
		    r.resource ? r.resource : "unknown", r.ouid);
		event_set(&ev->key_ref, t);
		free(t);
	}
	event_attr_str(ev, "status", r.status);
	event_attr_str(ev, "source", r.source);
	event_attr_str(ev, "partition", r.partition);
	event_attr_str(ev, "resource_id", r.resource);
	event_attr_str(ev, "tenant_id", r.tenant);
	event_attr_str(ev, "role", r.role);
	if (json_is_object(meta) && json_object_size(meta) > 0)
		event_attr(ev, "meta", json_deep_copy(meta));
	repeat = lu_repeat(pc->state, ev->raw, ev->raw_len);
	if (repeat > 0)
		event_attr(ev, "repeat", json_integer(repeat + 1));
	if (pc->emit(pc->emit_arg, ev) < 0) {
		rc = PARSE_FATAL;
		goto out;
	}
	rc = PARSE_OK;
out:
	lu_rec_free(&r);
	return rc;
}

/*
 * memmem without regard to ASCII case, for needles that start with a
 * quote: only the quotes of h are tried (a probe reads 64 KiB of every
 * item; a comparison at every byte was most of its time).
 */
static int
lu_has(const char *h, size_t n, const char *needle)
{
	size_t nl = strlen(needle);
	const char *p = h, *end = h + n;

	while ((size_t)(end - p) >= nl && (p = memchr(p, needle[0],
	    (size_t)(end - p) - nl + 1)) != NULL) {
		if (strncasecmp(p + 1, needle + 1, nl - 1) == 0)
			return 1;
		p++;
	}
	return 0;
}

static int
lu_probe(const char *head, size_t len, const char *name)
{
	if (!lu_has(head, len, "\"action\"") || !memmem(head, len, "LUNA_", 5))
		return 0;
	if (lu_has(head, len, "\"thales/cloudhsm/"))
		return 92;
	if (lu_has(head, len, "\"actorid\"") &&
	    lu_has(head, len, "\"resourceid\""))
		return 88;
	return 0;
}

const struct parser parser_luna = {
	.name = "luna",
	.desc = "Thales Luna Cloud HSM (DPoD) audit log export: the JSON "
	    "array in the .zip from the Audit Query API",
	.howto = "DPoD Audit Query API: POST /v1/audit-log-exports, then "
	    "download the signed URL's .zip as it is",
	.kind = INPUT_JSON,
	.probe = lu_probe,
	.parse_json = lu_parse_json,
	.state_new = lu_state_new,
	.state_free = lu_state_free,
};
