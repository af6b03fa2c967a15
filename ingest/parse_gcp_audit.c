/* SPDX-License-Identifier: MIT */
/*
 * parse_gcp_audit.c - Google Cloud Audit Logs, Cloud KMS first (formats.md
 * section B).
 *
 * Shapes (all through the JSON splitter, container key "entries"):
 *   - `gcloud logging read '<filter>' --format=json`: one JSON array of
 *     LogEntry objects, pretty-printed with sorted keys;
 *   - Log Router sinks to Cloud Storage: one LogEntry per line, in hourly
 *     objects (<log id>/YYYY/MM/DD/HH:00:00_HH:59:59_S0.json);
 *   - the entries.list REST answer {"entries":[...],"nextPageToken":...}
 *     and single pretty-printed LogEntry files.
 *
 * A Data Access entry for a signature (one line of a sink file):
 *   {"insertId":"1c9x2rfe3k4a","logName":"projects/acme-widget-prod/logs/
 *    cloudaudit.googleapis.com%2Fdata_access","protoPayload":{"@type":
 *    "type.googleapis.com/google.cloud.audit.AuditLog","authenticationInfo":
 *    {"principalEmail":"widget-release-ci@acme-widget-prod.iam.
 *    gserviceaccount.com","serviceAccountDelegationInfo":[{
 *    "principalSubject":"principal://iam.googleapis.com/projects/
 *    734019285526/locations/global/workloadIdentityPools/github-actions/
 *    subject/repo:acme/widget:ref:refs/tags/v2.4.0"}]},"authorizationInfo":
 *    [{"granted":true,"permission":"cloudkms.cryptoKeyVersions.useToSign",
 *    "resource":"projects/.../cryptoKeyVersions/1",...}],"methodName":
 *    "AsymmetricSign","request":{"@type":"type.googleapis.com/google.cloud.
 *    kms.v1.AsymmetricSignRequest","name":"projects/.../cryptoKeyVersions/
 *    1"},"requestMetadata":{"callerIp":"20.102.169.165",
 *    "callerSuppliedUserAgent":"..."},"resourceName":"projects/acme-widget-
 *    prod/locations/europe-west1/keyRings/release-signing/cryptoKeys/
 *    widget-windows-authenticode/cryptoKeyVersions/1","serviceName":
 *    "cloudkms.googleapis.com"},"receiveTimestamp":"...","resource":{...},
 *    "severity":"INFO","timestamp":"2026-10-20T13:33:12.418306Z"}
 *
 * Mapping: timestamp -> ts (RFC 3339, up to nanoseconds, truncated to µs;
 * receiveTimestamp when an entry has none, attrs.time_source says so);
 * native_id "<logName>/<insertId>@<timestamp as UTC µs>", because Cloud
 * Logging only promises insertId unique among the entries of one project
 * with the same timestamp, and the same entry read from gcloud and from a
 * sink then gets the same id; "<service>:<methodName>" -> operation
 * ("cloudkms:AsymmetricSign"; methodName as written, matched on its last
 * '.'-separated component); protoPayload.status.code other than 0 ->
 * failure, error_code the google.rpc.Code name ("PERMISSION_DENIED"),
 * error_message status.message.  Actor: authenticationInfo.principalEmail,
 * else principalSubject (federated identities).  Session: the first
 * principal of serviceAccountDelegationInfo (who impersonated the service
 * account: a Workload Identity Federation subject or a user), else the
 * serviceAccountKeyName (a long-term key); for session.assume events
 * (GenerateAccessToken, ExchangeToken) the caller itself, so that a
 * token's issuance and the calls made with it share the session.  A
 * GitHub subject (".../subject/repo:o/r:ref:refs/tags/v1") gives repo and
 * ref.  src_ip and user_agent: requestMetadata.callerIp and
 * callerSuppliedUserAgent.  KMS key: the crypto key version path
 * ("projects/P/locations/L/keyRings/R/cryptoKeys/K/cryptoKeyVersions/V",
 * from resourceName, the key path plus request.cryptoKeyVersionId for
 * UpdateCryptoKeyPrimaryVersion, response.name or request.name) is the
 * canonical key_ref, else the crypto key path; key rings and projects are
 * no keys (key_raw only); resourceName as written is key_raw.  A digest in
 * request.digest (sha256/sha384/sha512, base64) becomes digest; the audit
 * log is not known to carry it (formats.md B.2), the original stays in
 * attrs.request.  Secrets a response might hold (private key data, access
 * tokens) are replaced in attrs; the raw record keeps them.
 *
 * Scope: Cloud KMS signing, public-key reads and key administration
 * (UpdateCryptoKeyVersion is key.disable or key.enable from
 * request.cryptoKeyVersion.state, else key.policy; the primary-version
 * switch is key.alias with attrs.alias = the crypto key; Destroy and
 * Restore are key.delete); IAM service-account keys (iam.credential),
 * service-account and project IAM policies (iam.policy; audit.config when
 * the change carries auditConfigDeltas), workload identity pools and
 * providers (iam.trust); token issuance by iamcredentials and STS
 * (session.assume); log sinks, exclusions and buckets (audit.config).
 * Everything else, and LogEntries that are not audit logs (jsonPayload,
 * textPayload), is out of scope (action "other" with --all-events).  The
 * prefilter drops, unparsed, whole-object records that name none of the
 * services above anywhere in their bytes (and have no escapes).
 *
 * Not supported: BigQuery and Pub/Sub sink shapes (snake_case
 * protopayload_auditlog), whose records are not LogEntry JSON.
 */
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

#define GCP_KMS		"cloudkms.googleapis.com"
#define GCP_VERSIONS	"/cryptoKeyVersions/"
#define GCP_KEYS	"/cryptoKeys/"

struct gcp_method {
	const char	*service;	/* serviceName */
	const char	*method;	/* last component of methodName */
	const char	*action;	/* NULL: decided from the request */
};

static const struct gcp_method gcp_scope[] = {
	{ GCP_KMS, "AsymmetricSign", "sign" },
	{ GCP_KMS, "MacSign", "sign" },
	{ GCP_KMS, "MacVerify", "verify" },
	{ GCP_KMS, "GetPublicKey", "key.read" },
	{ GCP_KMS, "GetCryptoKey", "key.read" },
	{ GCP_KMS, "GetCryptoKeyVersion", "key.read" },
	{ GCP_KMS, "CreateKeyRing", "key.create" },
	{ GCP_KMS, "CreateCryptoKey", "key.create" },
	{ GCP_KMS, "CreateCryptoKeyVersion", "key.create" },
	{ GCP_KMS, "ImportCryptoKeyVersion", "key.import" },
	{ GCP_KMS, "CreateImportJob", "key.import" },
	{ GCP_KMS, "UpdateCryptoKey", "key.policy" },
	{ GCP_KMS, "UpdateCryptoKeyPrimaryVersion", "key.alias" },
	{ GCP_KMS, "UpdateCryptoKeyVersion", NULL },
	{ GCP_KMS, "DestroyCryptoKeyVersion", "key.delete" },
	{ GCP_KMS, "RestoreCryptoKeyVersion", "key.delete" },
	{ GCP_KMS, "SetIamPolicy", "key.policy" },
	{ "iam.googleapis.com", "CreateServiceAccountKey", "iam.credential" },
	{ "iam.googleapis.com", "UploadServiceAccountKey", "iam.credential" },
	{ "iam.googleapis.com", "DeleteServiceAccountKey", "iam.credential" },
	{ "iam.googleapis.com", "EnableServiceAccountKey", "iam.credential" },
	{ "iam.googleapis.com", "DisableServiceAccountKey", "iam.credential" },
	{ "iam.googleapis.com", "SetIamPolicy", "iam.policy" },
	{ "iam.googleapis.com", "CreateWorkloadIdentityPool", "iam.trust" },
	{ "iam.googleapis.com", "UpdateWorkloadIdentityPool", "iam.trust" },
	{ "iam.googleapis.com", "UndeleteWorkloadIdentityPool", "iam.trust" },
	{ "iam.googleapis.com", "CreateWorkloadIdentityPoolProvider",
	    "iam.trust" },
	{ "iam.googleapis.com", "UpdateWorkloadIdentityPoolProvider",
	    "iam.trust" },
	{ "iam.googleapis.com", "UndeleteWorkloadIdentityPoolProvider",
	    "iam.trust" },
	{ "iamcredentials.googleapis.com", "GenerateAccessToken",
	    "session.assume" },
	{ "iamcredentials.googleapis.com", "GenerateIdToken",
	    "session.assume" },
	{ "sts.googleapis.com", "ExchangeToken", "session.assume" },
	{ "cloudresourcemanager.googleapis.com", "SetIamPolicy",
	    "iam.policy" },
	{ "logging.googleapis.com", "CreateSink", "audit.config" },
	{ "logging.googleapis.com", "UpdateSink", "audit.config" },
	{ "logging.googleapis.com", "DeleteSink", "audit.config" },
	{ "logging.googleapis.com", "CreateExclusion", "audit.config" },
	{ "logging.googleapis.com", "UpdateExclusion", "audit.config" },
	{ "logging.googleapis.com", "DeleteExclusion", "audit.config" },
	{ "logging.googleapis.com", "UpdateBucket", "audit.config" },
	{ "logging.googleapis.com", "DeleteBucket", "audit.config" },
	{ "logging.googleapis.com", "UpdateSettings", "audit.config" },
	{ NULL, NULL, NULL }
};

/* Services of the scope table, for the byte-level prefilter. */
static const char *const gcp_services[] = {
	GCP_KMS, "iam.googleapis.com", "iamcredentials.googleapis.com",
	"sts.googleapis.com", "cloudresourcemanager.googleapis.com",
	"logging.googleapis.com", NULL
};

/* google.rpc.Code names, by number. */
static const char *const gcp_codes[] = {
	"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
	"DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS",
	"PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
	"ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL",
	"UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED",
};

/* Fields whose values are credentials: never copied into attrs. */
static const char *const gcp_secret_keys[] = {
	"privateKeyData", "accessToken", "access_token", "idToken",
	"id_token", "token", "subjectToken", "subject_token", "signedJwt",
	"signedBlob", NULL
};

/* "google.cloud.kms.v1.KeyManagementService.AsymmetricSign" -> last. */
static const char *
gcp_method_base(const char *method)
{
	const char *dot = strrchr(method, '.');

	return dot ? dot + 1 : method;
}

/*
 * The scope entry of (service, method), or NULL; its action may be NULL
 * (decided from the request).
 */
static const struct gcp_method *
gcp_classify(const char *service, const char *method)
{
	const char *base = gcp_method_base(method);
	size_t i;

	for (i = 0; gcp_scope[i].service; i++)
		if (strcmp(gcp_scope[i].service, service) == 0 &&
		    strcmp(gcp_scope[i].method, base) == 0)
			return &gcp_scope[i];
	return NULL;
}

static enum scope_rc
gcp_prefilter(const char *rec, size_t len)
{
	const char *v;
	size_t vlen, i, n;

	/* a whole object with a plain logName: a LogEntry to judge */
	if (json_scan_top_str(rec, len, "logName", &v, &vlen) != 1)
		return SCOPE_UNKNOWN;
	if (memchr(rec, '\\', len))
		return SCOPE_UNKNOWN;
	for (i = 0; gcp_services[i]; i++) {
		n = strlen(gcp_services[i]);
		if (memmem(rec, len, gcp_services[i], n))
			return SCOPE_UNKNOWN;
	}
	return SCOPE_OUT;
}

static int
gcp_probe(const char *head, size_t len, const char *name)
{
	int log = memmem(head, len, "\"logName\"", 9) != NULL;
	int ins = memmem(head, len, "\"insertId\"", 10) != NULL;

	if (memmem(head, len, "\"protoPayload\"", 14) && (log || ins))
		return 90;
	if (log && ins && (memmem(head, len, "\"receiveTimestamp\"", 18) ||
	    memmem(head, len, "\"resource\"", 10)))
		return 80;
	return 0;
}

/* Replaces credential values in a copied tree (see gcp_secret_keys). */
static void
gcp_scrub(json_t *v)
{
	const char *k;
	json_t *m;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			gcp_scrub(m);
		return;
	}
	if (!json_is_object(v))
		return;
	json_object_foreach(v, k, m) {
		for (i = 0; gcp_secret_keys[i]; i++) {
			if (strcmp(k, gcp_secret_keys[i]) == 0 &&
			    json_is_string(m)) {
				json_object_set_new(v, k, json_string(
				    "(omitted; see raw record)"));
				break;
			}
		}
		if (gcp_secret_keys[i] == NULL)
			gcp_scrub(m);
	}
}

static void
gcp_attr_copy(struct event *ev, const char *key, const json_t *v)
{
	json_t *copy;

	if (v == NULL || json_is_null(v))
		return;
	copy = json_deep_copy(v);
	gcp_scrub(copy);
	event_attr(ev, key, copy);
}

/*
 * "sha256:<hex>" from a protobuf bytes field (standard or URL-safe
 * base64, padded or not) that decodes to a digest of the expected size;
 * NULL otherwise.
 */
static char *
gcp_b64_digest(const char *alg, const char *b64, size_t want)
{
	char in[100];
	unsigned char out[80];
	size_t n = strlen(b64), i;
	int got;

	if (n == 0 || n > 96)
		return NULL;
	for (i = 0; i < n; i++) {
		char c = b64[i];

		if (c == '-')
			c = '+';
		else if (c == '_')
			c = '/';
		in[i] = c;
	}
	while (n % 4 != 0)
		in[n++] = '=';
	got = b64_decode_block(in, n, out);
	if (got < 0 || (size_t)got != want)
		return NULL;
	return digest_bytes(alg, out, want);
}

/* Digest of an AsymmetricSign/MacSign request, when it is logged. */
static void
gcp_map_digest(const json_t *req, struct event *ev)
{
	static const struct {
		const char	*field, *alg;
		size_t		 len;
	} algs[] = {
		{ "sha256", "sha256", 32 },
		{ "sha384", "sha384", 48 },
		{ "sha512", "sha512", 64 },
	};
	const json_t *dg = jobj(req, "digest");
	const char *b64;
	char *d;
	size_t i;

	for (i = 0; dg && i < sizeof(algs) / sizeof(algs[0]); i++) {
		if ((b64 = jstr(dg, algs[i].field)) == NULL)
			continue;
		if ((d = gcp_b64_digest(algs[i].alg, b64, algs[i].len))) {
			event_set(&ev->digest, d);
			free(d);
			return;
		}
	}
}

/* A copy of the crypto key version path in s, or NULL. */
static char *
gcp_version_path(const char *s)
{
	const char *p, *v;
	size_t n;

	if (s == NULL)
		return NULL;
	if (strncmp(s, "//" GCP_KMS "/", sizeof("//" GCP_KMS "/") - 1) == 0)
		s += sizeof("//" GCP_KMS "/") - 1;
	if (strncmp(s, "projects/", 9) != 0 ||
	    (p = strstr(s, GCP_VERSIONS)) == NULL || strstr(s, GCP_KEYS) ==
	    NULL)
		return NULL;
	v = p + sizeof(GCP_VERSIONS) - 1;
	n = strcspn(v, "/:");
	if (n == 0)
		return NULL;
	return xstrndup(s, (size_t)(v - s) + n);
}

/* A copy of the crypto key path in s ("projects/.../cryptoKeys/K"). */
static char *
gcp_key_path(const char *s)
{
	const char *p, *k;

	if (s == NULL)
		return NULL;
	if (strncmp(s, "//" GCP_KMS "/", sizeof("//" GCP_KMS "/") - 1) == 0)
		s += sizeof("//" GCP_KMS "/") - 1;
	if (strncmp(s, "projects/", 9) != 0 ||
	    (p = strstr(s, GCP_KEYS)) == NULL)
		return NULL;
	k = p + sizeof(GCP_KEYS) - 1;
	if (strcspn(k, "/:") == 0)
		return NULL;
	return xstrndup(s, (size_t)(k - s) + strcspn(k, "/:"));
}

/* Canonical Cloud KMS key of the entry (see the top of the file). */
static void
gcp_map_kms_key(const json_t *pp, const char *base, struct event *ev)
{
	const char *rn = jstr(pp, "resourceName");
	const json_t *req = jobj(pp, "request"), *resp = jobj(pp, "response");
	const char *vid = jstr(req, "cryptoKeyVersionId");
	char *ref, *key;

	event_set(&ev->key_raw, rn);
	if ((ref = gcp_version_path(rn)) != NULL)
		goto done;
	if (strcmp(base, "UpdateCryptoKeyPrimaryVersion") == 0 && vid &&
	    *vid && strchr(vid, '/') == NULL &&
	    (key = gcp_key_path(rn ? rn : jstr(req, "name"))) != NULL) {
		ref = xasprintf("%s" GCP_VERSIONS "%s", key, vid);
		event_attr_str(ev, "alias", key);
		free(key);
		ev->key_ref_src = "key+version-id";
		goto done;
	}
	if ((ref = gcp_version_path(jstr(resp, "name"))) != NULL) {
		ev->key_ref_src = "response";
		goto done;
	}
	if ((ref = gcp_version_path(jstr(req, "name"))) != NULL) {
		ev->key_ref_src = "request";
		goto done;
	}
	if ((ref = gcp_key_path(rn)) != NULL)
		goto done;
	if ((ref = gcp_key_path(jstr(resp, "name"))) != NULL) {
		ev->key_ref_src = "response";
		goto done;
	}
	return;
done:
	event_set(&ev->key_ref, ref);
	free(ref);
}

/* Copies the text between tag and the next ':' of sub, or NULL. */
static char *
gcp_sub_field(const char *sub, const char *tag)
{
	const char *p = strstr(sub, tag);

	if (p == NULL)
		return NULL;
	p += strlen(tag);
	return xstrndup(p, strcspn(p, ":"));
}

/*
 * Repository and ref from a Workload Identity Federation principal whose
 * subject is a GitHub OIDC "sub" (repo:o/r:ref:refs/...).
 */
static void
gcp_map_subject(const char *principal, struct event *ev)
{
	const char *sub;
	char *repo, *ref, *env;

	if (principal == NULL || (sub = strstr(principal, "/subject/")) ==
	    NULL)
		return;
	sub += 9;
	event_attr_str(ev, "federated_subject", sub);
	if (strncmp(sub, "repo:", 5) != 0)
		return;
	repo = gcp_sub_field(sub, "repo:");
	ref = gcp_sub_field(sub, ":ref:");
	env = gcp_sub_field(sub, ":environment:");
	event_set(&ev->repo, repo);
	event_set(&ev->ref, ref);
	event_attr_str(ev, "environment", env);
	free(repo);
	free(ref);
	free(env);
}

/* Principal, impersonation chain and session (see the top of the file). */
static void
gcp_map_auth(const json_t *ai, const char *action, struct event *ev)
{
	const char *email = jstr(ai, "principalEmail");
	const char *subj = jstr(ai, "principalSubject");
	const char *key = jstr(ai, "serviceAccountKeyName");
	const json_t *chain = json_object_get(ai, "serviceAccountDelegationInfo");
	const json_t *d0 = json_array_get(chain, 0);
	const char *first = NULL;

	event_set(&ev->actor, email ? email : subj);
	if (d0) {
		first = jstr(d0, "principalSubject");
		if (first == NULL)
			first = jpath_str(d0, "firstPartyPrincipal.principalEmail");
	}
	if (first)
		event_set(&ev->session, first);
	else if (key)
		event_set(&ev->session, key);
	if (ev->session == NULL && action &&
	    strcmp(action, "session.assume") == 0)
		event_set(&ev->session, ev->actor);
	gcp_map_subject(first, ev);
	if (ev->repo == NULL)
		gcp_map_subject(subj, ev);
	event_attr_str(ev, "principal_email", email);
	event_attr_str(ev, "principal_subject", subj);
	event_attr_str(ev, "service_account_key_name", key);
	event_attr_str(ev, "authority_selector", jstr(ai, "authoritySelector"));
	if (json_is_array(chain) && json_array_size(chain) > 0)
		gcp_attr_copy(ev, "delegation", chain);
}

/*
 * protoPayload.status: absent, {} or code 0 is success.  The code is an
 * integer in JSON; a numeric string or an integral real is accepted too.
 */
static void
gcp_map_status(const json_t *st, struct event *ev)
{
	const json_t *c = json_object_get(st, "code");
	const char *msg = jstr(st, "message");
	long long code = 0;
	char *end, num[32];
	int known = 1;

	if (!json_is_object(st) || c == NULL || json_is_null(c))
		return;
	if (json_is_integer(c)) {
		code = json_integer_value(c);
	} else if (json_is_real(c) && json_real_value(c) > -1e15 &&
	    json_real_value(c) < 1e15 && json_real_value(c) ==
	    (double)(long long)json_real_value(c)) {
		code = (long long)json_real_value(c);
	} else if (json_is_string(c)) {
		code = strtoll(json_string_value(c), &end, 10);
		if (*json_string_value(c) == '\0' || *end != '\0')
			known = 0;
	} else {
		known = 0;
	}
	if (known && code == 0)
		return;
	ev->failed = 1;
	if (known && code > 0 && code < (long long)(sizeof(gcp_codes) /
	    sizeof(gcp_codes[0]))) {
		event_set(&ev->error_code, gcp_codes[code]);
	} else if (known) {
		snprintf(num, sizeof(num), "%lld", code);
		event_set(&ev->error_code, num);
	} else {
		event_set(&ev->error_code, "(unreadable status code)");
	}
	event_set(&ev->error_message, msg);
	event_attr(ev, "status_code", json_deep_copy(c));
}

/*
 * "projects/p/logs/cloudaudit.googleapis.com%2Fdata_access" -> the log
 * id, URL-decoded ("cloudaudit.googleapis.com/data_access"), new.
 */
static char *
gcp_log_id(const char *log_name)
{
	const char *p = log_name ? strstr(log_name, "/logs/") : NULL;
	char *out, *o;

	if (p == NULL)
		return NULL;
	p += 6;
	out = o = xmalloc(strlen(p) + 1);
	for (; *p; p++) {
		if (p[0] == '%' && p[1] == '2' && (p[2] == 'F' || p[2] == 'f')) {
			*o++ = '/';
			p += 2;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

static enum parse_rc
gcp_time(const json_t *rec, struct event *ev, struct diag *d)
{
	const char *what = "timestamp", *t;
	const json_t *v = json_object_get(rec, "timestamp");
	struct diag why;

	if (v == NULL || json_is_null(v)) {
		what = "receiveTimestamp";
		v = json_object_get(rec, what);
		if (v == NULL || json_is_null(v))
			return diag_set(d, "entry has no timestamp");
		event_attr_str(ev, "time_source", what);
	}
	if (!json_is_string(v))
		return diag_set(d, "%s is not a string", what);
	t = json_string_value(v);
	diag_clear(&why);
	if (ts_parse_iso(t, strlen(t), &ev->ts_us, &ev->ts_flags, &why) < 0)
		return diag_set(d, "bad %s '%s': %s", what, t, why.msg);
	event_set(&ev->ts_raw, t);
	return PARSE_OK;
}

/* UpdateCryptoKeyVersion: enable or disable, when the request says. */
static const char *
gcp_version_update(const json_t *pp, struct event *ev)
{
	const char *state = jpath_str(pp, "request.cryptoKeyVersion.state");

	if (state == NULL)
		state = jpath_str(pp, "request.crypto_key_version.state");
	event_attr_str(ev, "new_state", state);
	if (state && strcmp(state, "DISABLED") == 0)
		return "key.disable";
	if (state && strcmp(state, "ENABLED") == 0)
		return "key.enable";
	return "key.policy";
}

/* A project or service-account IAM change that touches audit logging. */
static int
gcp_audit_config_delta(const json_t *pp)
{
	const json_t *a = jpath(pp, "serviceData.policyDelta.auditConfigDeltas");

	if (a == NULL)
		a = jpath(pp, "metadata.policyDelta.auditConfigDeltas");
	return json_is_array(a) && json_array_size(a) > 0;
}

/* Whether a serviceName is one of the scope table's. */
static int
gcp_service_in_scope(const char *svc)
{
	size_t i;

	for (i = 0; svc && gcp_services[i]; i++)
		if (strcmp(gcp_services[i], svc) == 0)
			return 1;
	return 0;
}

/* A malformed protoPayload: quarantined, or out of scope (see above). */
static enum parse_rc
gcp_broken(struct parse_ctx *pc, const char *svc, struct diag *d,
    const char *why)
{
	if (!pc->all_events && !gcp_service_in_scope(svc))
		return PARSE_SKIP;
	return diag_set(d, "%s", why);
}

static enum parse_rc
gcp_parse_entry(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *pp = jobj(rec, "protoPayload");
	const char *log_name = jstr(rec, "logName");
	const char *insert_id = jstr(rec, "insertId");
	const char *svc = NULL, *method = NULL, *action = NULL, *base;
	const struct gcp_method *m = NULL;
	char *log_id, when[TS_BUFSZ];
	enum parse_rc rc;
	size_t sl;

	if (log_name == NULL && json_object_get(rec, "logName"))
		return diag_set(d, "logName is not a string");
	if (log_name == NULL && pp == NULL)
		return diag_set(d, "not a Cloud Logging LogEntry: no logName "
		    "and no protoPayload");
	/*
	 * A protoPayload too broken to classify is only worth quarantining
	 * when it names a service of the scope (or everything is kept): the
	 * prefilter drops it unread otherwise.
	 */
	if (json_object_get(rec, "protoPayload") && pp == NULL)
		return gcp_broken(pc, NULL, d, "protoPayload is not an object");
	if (pp) {
		svc = jstr(pp, "serviceName");
		method = jstr(pp, "methodName");
		if (svc == NULL && json_object_get(pp, "serviceName"))
			return gcp_broken(pc, NULL, d, "protoPayload."
			    "serviceName is not a string");
		if (method == NULL && json_object_get(pp, "methodName"))
			return gcp_broken(pc, svc, d, "protoPayload."
			    "methodName is not a string");
	}
	if (svc && method && (m = gcp_classify(svc, method)) != NULL) {
		action = m->action;
		if (action == NULL)
			action = "key.policy";	/* refined below */
	}
	if (action == NULL && !pc->all_events)
		return PARSE_SKIP;
	if ((rc = gcp_time(rec, ev, d)) != PARSE_OK)
		return rc;
	ev->source = "gcp_audit";
	log_id = gcp_log_id(log_name);
	if (svc && method) {
		sl = strcspn(svc, ".");
		ev->operation = xasprintf("%.*s:%s", (int)sl, svc, method);
	} else {
		ev->operation = xasprintf("logging:%s", log_id ? log_id :
		    "entry");
	}
	base = method ? gcp_method_base(method) : "";
	if (m && m->action == NULL)
		action = gcp_version_update(pp, ev);
	if (m && strcmp(base, "SetIamPolicy") == 0 &&
	    gcp_audit_config_delta(pp))
		action = "audit.config";
	ev->action = action ? action : "other";
	if (insert_id && *insert_id && log_name)
		ev->native_id = xasprintf("%s/%s@%s", log_name, insert_id,
		    ts_format(ev->ts_us, when));
	else if (insert_id && *insert_id)
		ev->native_id = xasprintf("%s@%s", insert_id,
		    ts_format(ev->ts_us, when));
	if (pp) {
		const json_t *rm = jobj(pp, "requestMetadata");

		gcp_map_auth(jobj(pp, "authenticationInfo"), action, ev);
		gcp_map_status(json_object_get(pp, "status"), ev);
		event_set(&ev->src_ip, jstr(rm, "callerIp"));
		event_set(&ev->user_agent, jstr(rm,
		    "callerSuppliedUserAgent"));
		event_attr_str(ev, "caller_network", jstr(rm, "callerNetwork"));
		if (svc && strcmp(svc, GCP_KMS) == 0) {
			gcp_map_kms_key(pp, base, ev);
			if (action && strcmp(action, "sign") == 0)
				gcp_map_digest(jobj(pp, "request"), ev);
		} else {
			event_attr_str(ev, "resource_name",
			    jstr(pp, "resourceName"));
		}
		if (action && strcmp(action, "session.assume") == 0) {
			const char *target = jpath_str(pp, "request.name");

			event_attr_str(ev, "target_service_account", target ?
			    target : jstr(pp, "resourceName"));
		}
		event_attr_str(ev, "service", svc);
		event_attr_str(ev, "method", method);
		gcp_attr_copy(ev, "authorization", json_object_get(pp,
		    "authorizationInfo"));
		gcp_attr_copy(ev, "request", json_object_get(pp, "request"));
		gcp_attr_copy(ev, "response", json_object_get(pp, "response"));
		gcp_attr_copy(ev, "metadata", json_object_get(pp, "metadata"));
		gcp_attr_copy(ev, "service_data", json_object_get(pp,
		    "serviceData"));
		gcp_attr_copy(ev, "status", json_object_get(pp, "status"));
	}
	event_attr_str(ev, "log_name", log_name);
	event_attr_str(ev, "log_id", log_id);
	event_attr_str(ev, "insert_id", insert_id);
	event_attr_str(ev, "severity", jstr(rec, "severity"));
	event_attr_str(ev, "receive_timestamp", jstr(rec, "receiveTimestamp"));
	event_attr_str(ev, "resource_type", jpath_str(rec, "resource.type"));
	gcp_attr_copy(ev, "resource_labels", jpath(rec, "resource.labels"));
	gcp_attr_copy(ev, "operation_info", json_object_get(rec, "operation"));
	if (pp == NULL) {
		event_attr_str(ev, "text_payload", jstr(rec, "textPayload"));
		gcp_attr_copy(ev, "json_payload", jobj(rec, "jsonPayload"));
	}
	free(log_id);
	return PARSE_OK;
}

static enum parse_rc
gcp_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	enum parse_rc rc;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	rc = gcp_parse_entry(rec, pc, ev, d);
	if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return rc;
}

static const char *const gcp_containers[] = { "entries", NULL };

const struct parser parser_gcp_audit = {
	.name = "gcp_audit",
	.desc = "Google Cloud Audit Logs (LogEntry JSON): Cloud KMS signing "
	    "and key administration, IAM keys and policies, token issuance, "
	    "log sinks",
	.howto = "gcloud logging read 'protoPayload.serviceName="
	    "\"cloudkms.googleapis.com\"' --format=json > kms.json, or copy "
	    "the Cloud Storage sink objects (cloudaudit.googleapis.com/"
	    "activity and /data_access); enable Data Access logs for Cloud "
	    "KMS first, or AsymmetricSign is not logged",
	.kind = INPUT_JSON,
	.container_keys = gcp_containers,
	.probe = gcp_probe,
	.prefilter = gcp_prefilter,
	.parse_json = gcp_parse_json,
};
