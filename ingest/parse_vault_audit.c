/* SPDX-License-Identifier: MIT */
/*
 * parse_vault_audit.c - HashiCorp Vault audit device output, file (and
 * socket, syslog) device in the default JSON format (formats.md section D).
 *
 * One JSON object per line (a text format here, so that a line prefix,
 * the device's prefix= option or a syslog header, is skipped: the object
 * starts at the first '{').  Each request gives a "type":"request" line,
 * then a "type":"response" line that repeats the request and adds the
 * response; both carry request.id.  A pair (Vault 1.20, shortened):
 *   {"time":"2026-10-20T13:33:40.517204398Z","auth":{"accessor":
 *    "hmac-sha256:5c0e...","client_token":"hmac-sha256:9b1f...",
 *    "display_name":"jwt-repo:acme/widget:ref:refs/tags/v2.4.0",
 *    "entity_id":"3f6d...","metadata":{"ref":"refs/tags/v2.4.0",
 *    "repository":"acme/widget","role":"widget-release","run_id":
 *    "11768420157","sha":"..."},"policies":["default","widget-release"],
 *    ...},"request":{"client_token":"hmac-sha256:9b1f...",
 *    "client_token_accessor":"hmac-sha256:5c0e...","data":{"input":
 *    "hmac-sha256:61d0...","prehashed":true},"id":"8d3c0b9e-...",
 *    "mount_point":"transit/","mount_type":"transit","namespace":{"id":
 *    "root"},"operation":"update","path":"transit/sign/
 *    widget-release-manifest/sha2-256","remote_address":"20.102.169.165",
 *    ...},"type":"request"}
 *   {"time":"2026-10-20T13:33:40.519847112Z","auth":{...},"request":{...},
 *    "response":{"data":{"key_version":1,"signature":"hmac-sha256:
 *    0e47..."},"mount_point":"transit/","mount_type":"transit"},
 *    "type":"response"}
 *
 * Pairing: one event per request/response pair, emitted on the response
 * line (it holds the request too, the outcome and the signature); the
 * request line of an in-scope pair is a non-event record (PARSE_NONEVENT),
 * that of an out-of-scope one is out of scope.  The parser state keeps the
 * in-scope requests still waiting for their response; a request whose
 * response never came in this item (Vault stopped, the log was cut or
 * rotated in between) is emitted at the end of the item from finish(),
 * with native_id "<request.id>/request", attrs.response_missing true and
 * no outcome (success), so that a later response read from another file
 * is still stored whole: a correlation step must treat an event with
 * response_missing as superseded by an event of the same attrs.request_id.
 * A request without request.id (Vault writes none for some "help" calls)
 * cannot be paired and is an event of its own.
 *
 * Mapping: time -> ts (RFC 3339 with nanoseconds, truncated to µs; the
 * response's time, the request's in attrs.request_time); request.id ->
 * native_id; operation "<mount type>:<verb>" ("transit:sign",
 * "transit:keys.rotate", "system:policy.write", "jwt:login"; else
 * "<mount type>:<request.operation>"); a non-empty top-level error ->
 * failure (error_code the error without Vault's "1 error occurred"
 * wrapping, error_message as written).  Actor: auth.display_name (else
 * auth.entity_id) - for logins the new token's (response.auth); session:
 * the token accessor (HMAC'd unless hmac_accessor=false, but the same for
 * every use of one token, so a login and the calls made with its token
 * share it).  Repository, ref and commit from the auth metadata a JWT role
 * maps from GitHub's claims (repository, ref, sha; run_id to
 * attrs.run_id), else from a display name "jwt-repo:o/r:ref:refs/...".
 * src_ip request.remote_address, user_agent an audited User-Agent header.
 * Transit key: key_ref "<namespace><mount point>keys/<name>"
 * ("transit/keys/widget-release-manifest"), the Vault path of the key;
 * its version is attrs.key_version (response.data.key_version, the "vN"
 * of the signature); request.path is key_raw.
 *
 * HMAC'd values ("hmac-sha256:<hex>", every string of auth, request.data
 * and response.data by default) are kept as they are and never read as
 * plaintext: the transit input is attrs.input_hmac, the signature
 * attrs.signature_hmac, batch items attrs.batch_input_hmac and
 * attrs.batch_signature_hmac, which the vault_hmac derivation (ingest
 * --vault-hmac) matches against hashes the analyst obtained from
 * sys/audit-hash.  Only a clear (log_raw=true) prehashed input becomes
 * digest ("sha256:<hex>" from the base64 input).
 *
 * Scope: transit signing and verification (sign, verify, hmac), key reads
 * and exports (keys/<k> read, export, backup: key.read), key
 * administration (keys/<k> create and delete, rotate, config, trim,
 * import, restore); PKI issuance and revocation (pki.cert, pki.revoke);
 * ACL policy changes (iam.policy), audit devices and audited headers
 * (audit.config), auth methods, roles and configs (iam.trust), AppRole
 * secret IDs and userpass users (iam.credential), logins
 * (session.login), token creation (session.assume) and revocation
 * (session.logout).  Everything else (KV reads, lookups, help) is out of
 * scope (action "other" with --all-events).
 *
 * Not supported: the jsonx (XML) format.  Without request.mount_point
 * (Vault before 1.13) the mount is taken to be the first path component
 * (the first two under auth/).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "digest.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define VT_HMAC		"hmac-sha256:"
#define VT_HMAC_LEN	(sizeof(VT_HMAC) - 1)

/* A request waiting for its response. */
struct vt_pending {
	char		*id;
	char		*time;		/* the request's time text, or NULL */
	char		*line;		/* the request record as read */
	size_t		 len;
	int64_t		 lineno, offset;
	size_t		 next;		/* chain: index + 1, 0 ends it */
	int		 live;
};

struct vt_state {
	struct vt_pending *e;		/* in arrival order */
	size_t		 n, alloc, live;
	size_t		*bucket;	/* chain heads: index + 1 */
	size_t		 nbucket;
};

/* What a request is, from its path and operation. */
struct vt_class {
	const char	*action;	/* NULL: out of scope */
	char		*operation;	/* new */
	char		*key_ref;	/* new, transit keys only */
	char		*hash_alg;	/* new: from the path */
	int		 login;		/* a login: the new token is the actor */
	int		 issue;		/* token creation: it is the session */
};

static uint64_t
vt_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static void *
vt_state_new(const struct parse_ctx *pc)
{
	struct vt_state *st = xcalloc(1, sizeof(*st));

	st->nbucket = 256;
	st->bucket = xcalloc(st->nbucket, sizeof(*st->bucket));
	return st;
}

static void
vt_pending_free(struct vt_pending *p)
{
	free(p->id);
	free(p->time);
	free(p->line);
	p->id = p->time = p->line = NULL;
	p->live = 0;
}

static void
vt_state_free(void *arg)
{
	struct vt_state *st = arg;
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->n; i++)
		vt_pending_free(&st->e[i]);
	free(st->e);
	free(st->bucket);
	free(st);
}

/* Rebuilds the table from the live entries (dropping the dead ones). */
static void
vt_rehash(struct vt_state *st, size_t nbucket)
{
	size_t i, j = 0, b;

	for (i = 0; i < st->n; i++) {
		if (st->e[i].live)
			st->e[j++] = st->e[i];
	}
	st->n = j;
	if (nbucket != st->nbucket) {
		free(st->bucket);
		st->bucket = xcalloc(nbucket, sizeof(*st->bucket));
		st->nbucket = nbucket;
	} else {
		memset(st->bucket, 0, nbucket * sizeof(*st->bucket));
	}
	for (i = 0; i < st->n; i++) {
		b = (size_t)(vt_hash(st->e[i].id) % st->nbucket);
		st->e[i].next = st->bucket[b];
		st->bucket[b] = i + 1;
	}
}

/* The live entry for id, or NULL. */
static struct vt_pending *
vt_find(struct vt_state *st, const char *id)
{
	size_t k = st->bucket[vt_hash(id) % st->nbucket];

	for (; k; k = st->e[k - 1].next)
		if (st->e[k - 1].live && strcmp(st->e[k - 1].id, id) == 0)
			return &st->e[k - 1];
	return NULL;
}

/* Forgets one entry: the chain keeps it, dead, until the next rehash. */
static void
vt_forget(struct vt_state *st, struct vt_pending *p)
{
	vt_pending_free(p);
	st->live--;
	if (st->n > 1024 && st->live < st->n / 4)
		vt_rehash(st, st->nbucket);
}

static void
vt_remember(struct vt_state *st, const char *id, const char *time,
    const char *line, size_t len, int64_t lineno, int64_t offset)
{
	struct vt_pending *p = vt_find(st, id);
	size_t b;

	if (p)			/* the same request logged twice */
		vt_forget(st, p);
	if (st->live + 1 > st->nbucket * 3 / 4)
		vt_rehash(st, st->nbucket * 2);
	ALLOC_GROW(st->e, st->n + 1, st->alloc);
	p = &st->e[st->n];
	memset(p, 0, sizeof(*p));
	p->id = xstrdup(id);
	p->time = time ? xstrdup(time) : NULL;
	p->line = xstrndup(line, len);
	p->len = len;
	p->lineno = lineno;
	p->offset = offset;
	p->live = 1;
	b = (size_t)(vt_hash(id) % st->nbucket);
	p->next = st->bucket[b];
	st->bucket[b] = st->n + 1;
	st->n++;
	st->live++;
}

static int
vt_is_hmac(const char *s)
{
	return s && strncmp(s, VT_HMAC, VT_HMAC_LEN) == 0;
}

/* Up to max '/'-separated components of path, as new strings. */
static size_t
vt_split(const char *path, char **comp, size_t max)
{
	size_t n = 0, len;

	while (*path && n < max) {
		len = strcspn(path, "/");
		comp[n++] = xstrndup(path, len);
		path += len;
		if (*path == '/')
			path++;
	}
	return n;
}

static int
vt_is(const char *s, const char *want)
{
	return s && strcmp(s, want) == 0;
}

static int
vt_write_op(const char *op)
{
	return vt_is(op, "update") || vt_is(op, "create") ||
	    vt_is(op, "patch");
}

/* "<type>:<verb>" into c->operation with the action. */
static void
vt_set(struct vt_class *c, const char *type, const char *verb,
    const char *action)
{
	free(c->operation);
	c->operation = xasprintf("%s:%s", type, verb);
	c->action = action;
}

static void
vt_class_transit(struct vt_class *c, const char *type, const char *op,
    char **k, size_t n, const char *ns, const char *mount)
{
	const char *name = NULL, *c0 = n > 0 ? k[0] : "";
	int w = vt_write_op(op);

	if ((vt_is(c0, "sign") || vt_is(c0, "verify") || vt_is(c0, "hmac")) &&
	    n >= 2 && w) {
		name = k[1];
		vt_set(c, type, c0, vt_is(c0, "verify") ? "verify" : "sign");
		if (n >= 3)
			c->hash_alg = xstrdup(k[2]);
	} else if (vt_is(c0, "keys") && n == 2) {
		name = k[1];
		if (w)
			vt_set(c, type, "keys.create", "key.create");
		else if (vt_is(op, "read"))
			vt_set(c, type, "keys.read", "key.read");
		else if (vt_is(op, "delete"))
			vt_set(c, type, "keys.delete", "key.delete");
	} else if (vt_is(c0, "keys") && n >= 3 && w) {
		name = k[1];
		if (vt_is(k[2], "rotate"))
			vt_set(c, type, "keys.rotate", "key.create");
		else if (vt_is(k[2], "config"))
			vt_set(c, type, "keys.config", "key.policy");
		else if (vt_is(k[2], "trim"))
			vt_set(c, type, "keys.trim", "key.delete");
		else if (vt_is(k[2], "import") || vt_is(k[2], "import_version"))
			vt_set(c, type, "keys.import", "key.import");
	} else if (vt_is(c0, "export") && n >= 3 && vt_is(op, "read")) {
		name = k[2];
		vt_set(c, type, "export", "key.read");
	} else if (vt_is(c0, "backup") && n >= 2 && vt_is(op, "read")) {
		name = k[1];
		vt_set(c, type, "backup", "key.read");
	} else if (vt_is(c0, "restore") && w) {
		name = n >= 2 ? k[1] : NULL;
		vt_set(c, type, "restore", "key.import");
	}
	if (c->action && name && *name)
		c->key_ref = xasprintf("%s%skeys/%s", ns, mount, name);
}

static void
vt_class_pki(struct vt_class *c, const char *type, const char *op,
    char **k, size_t n)
{
	const char *c0 = n > 0 ? k[0] : "";

	if (!vt_write_op(op))
		return;
	if (vt_is(c0, "issuer") && n >= 4)	/* issuer/<ref>/issue/<r> */
		c0 = k[2];
	if (vt_is(c0, "issue"))
		vt_set(c, type, "issue", "pki.cert");
	else if (vt_is(c0, "sign") || vt_is(c0, "sign-verbatim") ||
	    vt_is(c0, "sign-intermediate"))
		vt_set(c, type, "sign", "pki.cert");
	else if (vt_is(c0, "revoke") || vt_is(c0, "revoke-with-key"))
		vt_set(c, type, "revoke", "pki.revoke");
}

static void
vt_class_sys(struct vt_class *c, const char *op, char **k, size_t n)
{
	const char *c0 = n > 0 ? k[0] : "";
	int w = vt_write_op(op), del = vt_is(op, "delete");

	if (!w && !del)
		return;
	if ((vt_is(c0, "policy") && n >= 2) || (vt_is(c0, "policies") &&
	    n >= 3))
		vt_set(c, "system", del ? "policy.delete" : "policy.write",
		    "iam.policy");
	else if (vt_is(c0, "audit") && n >= 2)
		vt_set(c, "system", del ? "audit.disable" : "audit.enable",
		    "audit.config");
	else if (vt_is(c0, "config") && n >= 3 && vt_is(k[1], "auditing"))
		vt_set(c, "system", "audit.headers", "audit.config");
	else if (vt_is(c0, "auth") && n >= 2)
		vt_set(c, "system", del ? "auth.disable" : n >= 3 &&
		    vt_is(k[n - 1], "tune") ? "auth.tune" : "auth.enable",
		    "iam.trust");
}

static void
vt_class_auth(struct vt_class *c, const char *type, const char *op,
    char **k, size_t n)
{
	const char *c0 = n > 0 ? k[0] : "";
	int w = vt_write_op(op), del = vt_is(op, "delete");

	if ((vt_is(c0, "login") && w) || (vt_is(c0, "oidc") && n >= 2 &&
	    vt_is(k[1], "callback"))) {
		vt_set(c, type, "login", "session.login");
		c->login = 1;
	} else if (vt_is(type, "token") && (vt_is(c0, "create") ||
	    vt_is(c0, "create-orphan")) && w) {
		vt_set(c, type, "create", "session.assume");
		c->issue = 1;
	} else if (vt_is(type, "token") && strncmp(c0, "revoke", 6) == 0 &&
	    w) {
		vt_set(c, type, "revoke", "session.logout");
	} else if (vt_is(c0, "role") && n == 2 && (w || del)) {
		vt_set(c, type, del ? "role.delete" : "role.write",
		    "iam.trust");
	} else if (vt_is(c0, "role") && n == 3 && (vt_is(k[2], "secret-id") ||
	    vt_is(k[2], "custom-secret-id")) && w) {
		vt_set(c, type, "secret-id.create", "iam.credential");
	} else if ((vt_is(c0, "config") || vt_is(c0, "certs")) && (w || del)) {
		vt_set(c, type, "config.write", "iam.trust");
	} else if (vt_is(c0, "users") && n >= 2 && (w || del)) {
		vt_set(c, type, "user.write", "iam.credential");
	}
}

/*
 * Classifies a request object.  The mount is request.mount_point when the
 * path starts with it, else sys/, auth/<m>/ or the first component.
 */
static void
vt_classify(const json_t *req, struct vt_class *c)
{
	const char *path = jstr(req, "path"), *op = jstr(req, "operation");
	const char *mtype = jstr(req, "mount_type");
	const char *mpoint = jstr(req, "mount_point");
	const char *ns = jpath_str(req, "namespace.path"), *rel;
	char *mount, *type, *k[6];
	size_t n, i, ml;

	memset(c, 0, sizeof(*c));
	if (path == NULL)
		return;
	if (op == NULL)
		op = "unknown";
	if (ns == NULL)
		ns = "";
	if (mpoint && *mpoint && strncmp(path, mpoint, strlen(mpoint)) == 0) {
		ml = strlen(mpoint);
	} else if (strncmp(path, "auth/", 5) == 0) {
		ml = 5 + strcspn(path + 5, "/");
		ml += path[ml] == '/';
	} else {
		ml = strcspn(path, "/");
		ml += path[ml] == '/';
	}
	mount = xstrndup(path, ml);
	rel = path + ml;
	if (mtype && *mtype && !vt_is(mtype, "ns_system"))
		type = xstrdup(mtype);
	else if (strcmp(mount, "sys/") == 0)
		type = xstrdup("system");
	else if (strncmp(mount, "auth/", 5) == 0)
		type = xstrndup(mount + 5, strcspn(mount + 5, "/"));
	else
		type = xstrndup(mount, strcspn(mount, "/"));
	n = vt_split(rel, k, sizeof(k) / sizeof(k[0]));
	if (vt_is(type, "transit"))
		vt_class_transit(c, type, op, k, n, ns, mount);
	else if (vt_is(type, "pki"))
		vt_class_pki(c, type, op, k, n);
	else if (strcmp(mount, "sys/") == 0)
		vt_class_sys(c, op, k, n);
	else if (strncmp(mount, "auth/", 5) == 0)
		vt_class_auth(c, type, op, k, n);
	if (c->action == NULL)
		vt_set(c, type, op, NULL);
	for (i = 0; i < n; i++)
		free(k[i]);
	free(mount);
	free(type);
}

static void
vt_class_free(struct vt_class *c)
{
	free(c->operation);
	free(c->key_ref);
	free(c->hash_alg);
}

static int
vt_probe(const char *head, size_t len, const char *name)
{
	const char *p, *q;
	size_t rest;

	if (memmem(head, len, "\"request\"", 9) == NULL ||
	    memmem(head, len, "\"time\"", 6) == NULL ||
	    memmem(head, len, "\"path\"", 6) == NULL)
		return 0;
	if (!memmem(head, len, "\"client_token\"", 14) &&
	    !memmem(head, len, "\"mount_type\"", 12) &&
	    !memmem(head, len, "\"remote_address\"", 16) &&
	    !memmem(head, len, VT_HMAC, VT_HMAC_LEN))
		return 0;
	/* "type" followed by "request" or "response" */
	for (p = head; (p = memmem(p, len - (size_t)(p - head), "\"type\"",
	    6)) != NULL; p += 6) {
		rest = len - (size_t)(p - head) - 6;
		q = p + 6;

		while (rest > 0 && (*q == ' ' || *q == '\t' || *q == ':')) {
			q++;
			rest--;
		}
		if ((rest >= 9 && memcmp(q, "\"request\"", 9) == 0) ||
		    (rest >= 10 && memcmp(q, "\"response\"", 10) == 0))
			return 90;
	}
	return 0;
}

/* "1 error occurred:\n\t* permission denied\n\n" -> "permission denied". */
static char *
vt_clean_error(const char *err)
{
	const char *p = err, *star;
	size_t n;

	if (strstr(p, "error occurred:") || strstr(p, "errors occurred:")) {
		star = strstr(p, "* ");
		if (star)
			p = star + 2;
	}
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	n = strcspn(p, "\n");
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	if (n > 200)
		n = 200;
	return xstrndup(p, n);
}

/* A string value unless it is an HMAC (then it tells nothing). */
static const char *
vt_clear(const json_t *obj, const char *key)
{
	const char *s = jstr(obj, key);

	return vt_is_hmac(s) ? NULL : s;
}

/* Copies text between tag and the next ':' in s, or NULL. */
static char *
vt_sub_field(const char *s, const char *tag)
{
	const char *p = strstr(s, tag);

	if (p == NULL)
		return NULL;
	p += strlen(tag);
	return xstrndup(p, strcspn(p, ":"));
}

/* Actor, session, repository and ref from the auth block used. */
static void
vt_map_auth(const json_t *auth, const json_t *req, struct event *ev)
{
	const json_t *md = jobj(auth, "metadata");
	const char *name = jstr(auth, "display_name");
	const char *entity = jstr(auth, "entity_id");
	const char *acc = jstr(auth, "accessor"), *sub;
	char *repo, *ref;

	event_set(&ev->actor, name ? name : entity);
	if (acc == NULL)
		acc = jstr(req, "client_token_accessor");
	event_set(&ev->session, acc);
	event_set(&ev->repo, vt_clear(md, "repository"));
	event_set(&ev->ref, vt_clear(md, "ref"));
	event_set(&ev->commit_sha, vt_clear(md, "sha"));
	event_attr_str(ev, "run_id", vt_clear(md, "run_id"));
	event_attr_str(ev, "workflow_ref", vt_clear(md, "job_workflow_ref"));
	if (ev->repo == NULL && name && (sub = strstr(name, "repo:")) !=
	    NULL) {
		repo = vt_sub_field(sub, "repo:");
		ref = vt_sub_field(sub, ":ref:");
		event_set(&ev->repo, repo);
		if (ev->ref == NULL)
			event_set(&ev->ref, ref);
		free(repo);
		free(ref);
	}
	event_attr_str(ev, "entity_id", entity);
	event_attr_str(ev, "token_type", jstr(auth, "token_type"));
	event_attr_str(ev, "token_issue_time", jstr(auth,
	    "token_issue_time"));
	if (json_is_integer(json_object_get(auth, "token_ttl")))
		event_attr(ev, "token_ttl", json_deep_copy(json_object_get(auth,
		    "token_ttl")));
	if (md)
		event_attr(ev, "metadata", json_deep_copy(md));
	if (json_is_array(json_object_get(auth, "policies")))
		event_attr(ev, "policies", json_deep_copy(json_object_get(auth,
		    "policies")));
	if (json_is_object(json_object_get(auth, "policy_results")))
		event_attr(ev, "policy_results", json_deep_copy(
		    json_object_get(auth, "policy_results")));
}

/* "sha256:<hex>" from a clear base64 prehashed input, or NULL. */
static char *
vt_b64_digest(const char *b64)
{
	unsigned char out[100];
	size_t n = strlen(b64);
	int got;

	if (n == 0 || n > 128 || n % 4 != 0 || strspn(b64,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/=") != n)
		return NULL;
	got = b64_decode_block(b64, n, out);
	if (got != 32 && got != 48 && got != 64)
		return NULL;
	return digest_bytes(got == 32 ? "sha256" : got == 48 ? "sha384" :
	    "sha512", out, (size_t)got);
}

/* The strings of field key in each object of an array, as an array. */
static json_t *
vt_batch(const json_t *arr, const char *key)
{
	json_t *out;
	const json_t *it;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return NULL;
	out = json_array();
	json_array_foreach(arr, i, it) {
		const char *s = jstr(it, key);

		json_array_append_new(out, s ? json_string(s) : json_null());
	}
	return out;
}

/* Transit request and response data: HMACs, versions, algorithms. */
static void
vt_map_transit(const json_t *rd, const json_t *sd, const struct vt_class *c,
    struct event *ev)
{
	const json_t *pre = json_object_get(rd, "prehashed");
	const json_t *kv = json_object_get(sd, "key_version");
	const char *in = jstr(rd, "input"), *sig = jstr(sd, "signature");
	const char *alg = c->hash_alg;
	char *dg;

	if (in && vt_is_hmac(in))
		event_attr_str(ev, "input_hmac", in);
	event_attr_bool(ev, "prehashed", pre);
	if (alg == NULL)
		alg = vt_clear(rd, "hash_algorithm");
	if (alg)
		event_attr_str(ev, "hash_algorithm", alg);
	else if (json_object_get(rd, "hash_algorithm") == NULL && (in ||
	    json_object_get(rd, "batch_input"))) {
		event_attr_str(ev, "hash_algorithm", "sha2-256");
		event_attr_str(ev, "hash_algorithm_src", "default");
	}
	event_attr_str(ev, "signature_algorithm", vt_clear(rd,
	    "signature_algorithm"));
	event_attr_int(ev, "requested_key_version", json_object_get(rd,
	    "key_version"));
	event_attr_int(ev, "key_version", kv);
	event_attr_int(ev, "latest_version", json_object_get(sd,
	    "latest_version"));
	if (sig && vt_is_hmac(sig))
		event_attr_str(ev, "signature_hmac", sig);
	else if (sig)
		event_attr_str(ev, "signature", sig);
	event_attr_bool(ev, "valid", json_object_get(sd, "valid"));
	event_attr(ev, "batch_input_hmac", vt_batch(json_object_get(rd,
	    "batch_input"), "input"));
	event_attr(ev, "batch_signature_hmac", vt_batch(json_object_get(sd,
	    "batch_results"), "signature"));
	if (json_is_array(json_object_get(rd, "batch_input")))
		event_attr(ev, "batch_count", json_integer((json_int_t)
		    json_array_size(json_object_get(rd, "batch_input"))));
	if (in && !vt_is_hmac(in) && json_is_true(pre) &&
	    (dg = vt_b64_digest(in)) != NULL) {
		event_set(&ev->digest, dg);
		event_attr_str(ev, "input_b64", in);
		free(dg);
	}
}

/* The entry's time into ev. */
static enum parse_rc
vt_time(const json_t *ent, struct event *ev, struct diag *d)
{
	const char *t = jstr(ent, "time");
	struct diag why;

	if (t == NULL)
		return diag_set(d, json_object_get(ent, "time") ?
		    "time is not a string" : "entry has no time");
	diag_clear(&why);
	if (ts_parse_iso(t, strlen(t), &ev->ts_us, &ev->ts_flags, &why) < 0)
		return diag_set(d, "bad time '%s': %s", t, why.msg);
	event_set(&ev->ts_raw, t);
	return PARSE_OK;
}

/*
 * The event of one entry: a response (with or without its request seen),
 * or a request that will get no response.
 */
static enum parse_rc
vt_build(const json_t *ent, const struct vt_class *c, const char *req_time,
    struct event *ev, struct diag *d)
{
	const json_t *req = jobj(ent, "request");
	const json_t *resp = jobj(ent, "response");
	const json_t *auth = jobj(ent, "auth"), *hdr, *v;
	const char *err = jstr(ent, "error");
	const char *id = jstr(req, "id");
	enum parse_rc rc;
	char *clean;

	if ((rc = vt_time(ent, ev, d)) != PARSE_OK)
		return rc;
	ev->source = "vault_audit";
	ev->action = c->action ? c->action : "other";
	ev->operation = xstrdup(c->operation);
	event_set(&ev->native_id, id);
	if (err && *err) {
		ev->failed = 1;
		clean = vt_clean_error(err);
		event_set(&ev->error_code, *clean ? clean : err);
		event_set(&ev->error_message, err);
		free(clean);
	} else if (json_object_get(ent, "error") && !json_is_string(
	    json_object_get(ent, "error")) && !json_is_null(
	    json_object_get(ent, "error"))) {
		ev->failed = 1;
		event_set(&ev->error_code, "(error is not a string)");
	}
	if (c->login && jobj(resp, "auth")) {
		vt_map_auth(jobj(resp, "auth"), NULL, ev);
	} else {
		vt_map_auth(auth, req, ev);
		if (c->issue && jpath_str(resp, "auth.accessor")) {
			event_attr_str(ev, "caller_session", ev->session);
			event_set(&ev->session, jpath_str(resp,
			    "auth.accessor"));
		}
	}
	event_set(&ev->src_ip, jstr(req, "remote_address"));
	hdr = jobj(req, "headers");
	if (hdr && (v = json_object_get(hdr, "user-agent")) != NULL)
		event_set(&ev->user_agent, json_is_array(v) ? json_string_value(
		    json_array_get(v, 0)) : jstr(hdr, "user-agent"));
	event_set(&ev->key_ref, c->key_ref);
	if (c->key_ref)
		event_set(&ev->key_raw, jstr(req, "path"));
	if (vt_is(jstr(req, "mount_type"), "transit") || c->key_ref)
		vt_map_transit(jobj(req, "data"), jobj(resp, "data"), c, ev);
	event_attr_str(ev, "request_id", id);
	event_attr_str(ev, "entry_type", jstr(ent, "type"));
	event_attr_str(ev, "request_time", req_time);
	event_attr_str(ev, "path", jstr(req, "path"));
	event_attr_str(ev, "vault_operation", jstr(req, "operation"));
	event_attr_str(ev, "mount_type", jstr(req, "mount_type"));
	event_attr_str(ev, "mount_point", jstr(req, "mount_point"));
	event_attr_str(ev, "mount_accessor", jstr(req, "mount_accessor"));
	event_attr_str(ev, "namespace", jpath_str(req, "namespace.path") ?
	    jpath_str(req, "namespace.path") : jpath_str(req, "namespace.id"));
	event_attr_str(ev, "client_id", jstr(req, "client_id"));
	event_attr_str(ev, "forwarded_from", jstr(ent, "forwarded_from"));
	event_attr_str(ev, "request_uri", jstr(req, "request_uri"));
	if (json_is_integer(v = json_object_get(req, "remote_port")))
		event_attr(ev, "remote_port", json_deep_copy(v));
	if (json_is_array(v = json_object_get(resp, "warnings")))
		event_attr(ev, "warnings", json_deep_copy(v));
	if (c->login && jobj(resp, "auth") && auth)
		event_attr_str(ev, "caller_accessor", jstr(auth, "accessor"));
	if (c->login)
		event_attr_str(ev, "role", vt_clear(jobj(req, "data"),
		    "role"));
	return PARSE_OK;
}

/* The JSON object of a line, after any prefix; NULL with d set. */
static json_t *
vt_load(const char *rec, size_t len, struct event *ev, struct diag *d,
    int *blank)
{
	const char *brace = memchr(rec, '{', len);
	size_t skip, i;
	json_error_t jerr;
	json_t *root;
	char *prefix;

	*blank = 0;
	if (brace == NULL) {
		for (i = 0; i < len && strchr(" \t\r\n\f\v", rec[i]) &&
		    rec[i] != '\0'; i++)
			;
		if (i == len) {
			*blank = 1;
			return NULL;
		}
		if (len >= 5 && memcmp(rec, "<json", 5) == 0)
			diag_set(d, "jsonx (XML) audit format is not "
			    "supported; use format=json");
		else
			diag_set(d, "no JSON object on the line");
		return NULL;
	}
	skip = (size_t)(brace - rec);
	root = json_load_record(brace, len - skip, &jerr);
	if (root == NULL) {
		diag_set(d, "invalid JSON: %s (column %d)", jerr.text,
		    jerr.column + (int)skip);
		return NULL;
	}
	if (!json_is_object(root)) {
		json_decref(root);
		diag_set(d, "record is not a JSON object");
		return NULL;
	}
	if (skip > 0 && ev) {
		prefix = xstrndup(rec, skip);
		for (i = skip; i > 0 && strchr(" \t", prefix[i - 1]); i--)
			prefix[i - 1] = '\0';
		event_attr_str(ev, "line_prefix", prefix);
		free(prefix);
	}
	return root;
}

static enum parse_rc
vt_entry(const char *rec, size_t len, json_t *ent, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	struct vt_state *st = pc->state;
	struct vt_pending *p = NULL;
	const json_t *req;
	const char *type = jstr(ent, "type"), *id;
	struct vt_class c;
	enum parse_rc rc;
	char *req_time = NULL;

	if (type == NULL)
		return diag_set(d, json_object_get(ent, "type") ?
		    "type is not a string" : "entry has no type");
	if (strcmp(type, "request") != 0 && strcmp(type, "response") != 0)
		return diag_set(d, "type '%s' is neither request nor response",
		    type);
	if (json_object_get(ent, "request") == NULL)
		return diag_set(d, "entry has no request");
	if ((req = jobj(ent, "request")) == NULL)
		return diag_set(d, "request is not an object");
	if (jstr(req, "path") == NULL)
		return diag_set(d, json_object_get(req, "path") ?
		    "request.path is not a string" : "request has no path");
	if (json_object_get(req, "id") && !json_is_string(json_object_get(req,
	    "id")))
		return diag_set(d, "request.id is not a string");
	id = jstr(req, "id");
	if (id && *id == '\0')
		id = NULL;
	vt_classify(req, &c);
	if (c.action == NULL && !pc->all_events) {
		/* its request, if kept under --all-events elsewhere */
		if (st && id && strcmp(type, "response") == 0 &&
		    (p = vt_find(st, id)) != NULL)
			vt_forget(st, p);
		vt_class_free(&c);
		return PARSE_SKIP;
	}
	if (strcmp(type, "request") == 0 && id) {
		/* checked now: a pending request must give an event later */
		if ((rc = vt_time(ent, ev, d)) != PARSE_OK) {
			vt_class_free(&c);
			return rc;
		}
		if (st)
			vt_remember(st, id, jstr(ent, "time"), rec, len,
			    pc->line, pc->offset);
		vt_class_free(&c);
		return PARSE_NONEVENT;
	}
	if (st && id && (p = vt_find(st, id)) != NULL) {
		req_time = p->time ? xstrdup(p->time) : NULL;
		vt_forget(st, p);
	}
	rc = vt_build(ent, &c, req_time, ev, d);
	free(req_time);
	vt_class_free(&c);
	if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return rc;
}

static enum parse_rc
vt_parse_text(const char *rec, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	json_t *ent;
	enum parse_rc rc;
	int blank;

	if ((ent = vt_load(rec, len, ev, d, &blank)) == NULL)
		return blank ? PARSE_NONEVENT : PARSE_ERR;
	rc = vt_entry(rec, len, ent, pc, ev, d);
	json_decref(ent);
	return rc;
}

/* Requests still waiting: events of their own (see the top). */
static int
vt_finish(struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	struct vt_state *st = pc->state;
	struct vt_pending *p;
	struct vt_class c;
	json_t *ent;
	size_t i;
	int blank;
	char *nid;

	if (st == NULL)
		return 0;
	for (i = 0; i < st->n; i++) {
		p = &st->e[i];
		if (!p->live)
			continue;
		event_clear(ev);
		diag_clear(d);
		ent = vt_load(p->line, p->len, ev, d, &blank);
		if (ent == NULL)
			continue;	/* it parsed once; cannot happen */
		vt_classify(jobj(ent, "request"), &c);
		if (vt_build(ent, &c, NULL, ev, d) == PARSE_OK) {
			nid = xasprintf("%s/request", p->id);
			event_set(&ev->native_id, nid);
			free(nid);
			event_attr(ev, "response_missing", json_true());
			event_attr(ev, "request_line", json_integer(p->lineno));
			event_attr(ev, "request_offset",
			    json_integer(p->offset));
			ev->raw = p->line;
			ev->raw_len = p->len;
			if (pc->emit(pc->emit_arg, ev) < 0) {
				vt_class_free(&c);
				json_decref(ent);
				return -1;
			}
		}
		vt_class_free(&c);
		json_decref(ent);
		vt_pending_free(p);
	}
	event_clear(ev);
	return 0;
}

const struct parser parser_vault_audit = {
	.name = "vault_audit",
	.desc = "HashiCorp Vault audit log (file/socket/syslog device, JSON): "
	    "transit signing and keys, PKI, policies, audit devices, auth "
	    "methods, logins; request/response pairs joined on request.id",
	.howto = "copy the file device's log (vault audit list -detailed "
	    "shows file_path; rotated files too), e.g. /var/log/vault/"
	    "vault_audit.log*; for digests, hash candidates with vault write "
	    "sys/audit-hash/<path> input=<base64> and pass the table with "
	    "--vault-hmac",
	.kind = INPUT_TEXT,
	.probe = vt_probe,
	.parse_text = vt_parse_text,
	.state_new = vt_state_new,
	.state_free = vt_state_free,
	.finish = vt_finish,
};
