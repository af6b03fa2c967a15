/* SPDX-License-Identifier: MIT */
/*
 * test_parse_gcp_audit.c - unit tests of the Cloud Audit Logs parser
 * (ingest/parse_gcp_audit.c): a table of LogEntry records (Cloud KMS
 * signing and key administration, IAM, token issuance, log sinks, non-audit
 * entries, malformed input) with the event each must give, each row run
 * with --all-events off and on and through the prefilter; tables of
 * prefilter and probe inputs; the emit failure path; and a replay of the
 * real corpus in ../shared/corpus/gcp_audit.
 *
 * Record texts use ' for " (see unquote()).  Expected strings: NULL is not
 * checked, NONE must be absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define NONE		"\x01(none)"

static const struct parser *const P = &parser_gcp_audit;

static int nbad;

static void bad(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
bad(const char *fmt, ...)
{
	char msg[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	print_error("%s\n", msg);
	nbad++;
}

static void
end_test(const char *what)
{
	int n = nbad;

	nbad = 0;
	if (n)
		fail_msg("%s: %d check(s) failed", what, n);
}

/* ------------------------------------------------------------------ */
/* Capturing events                                                    */

struct evcopy {
	int64_t		 ts_us;
	unsigned	 ts_flags;
	int		 failed;
	char		*s[20];
	json_t		*attrs;
};

enum {
	F_TS_RAW, F_ACTION, F_OPERATION, F_ERROR_CODE, F_ERROR_MESSAGE,
	F_ACTOR, F_SESSION, F_KEY_REF, F_KEY_REF_SRC, F_KEY_RAW, F_DIGEST,
	F_REPO, F_REF, F_SRC_IP, F_USER_AGENT, F_NATIVE_ID, F_SOURCE,
	F_COMMIT
};

#define MAXCAP 4

struct capture {
	int		 n, fail;
	struct evcopy	 ev[MAXCAP];
};

static char *
dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int
capture_emit(void *arg, struct event *ev)
{
	struct capture *c = arg;
	struct evcopy *e;

	if (c->fail)
		return -1;
	if (c->n >= MAXCAP) {
		c->n++;
		return 0;
	}
	e = &c->ev[c->n++];
	memset(e, 0, sizeof(*e));
	e->ts_us = ev->ts_us;
	e->ts_flags = ev->ts_flags;
	e->failed = ev->failed;
	e->s[F_TS_RAW] = dup_or_null(ev->ts_raw);
	e->s[F_ACTION] = dup_or_null(ev->action);
	e->s[F_OPERATION] = dup_or_null(ev->operation);
	e->s[F_ERROR_CODE] = dup_or_null(ev->error_code);
	e->s[F_ERROR_MESSAGE] = dup_or_null(ev->error_message);
	e->s[F_ACTOR] = dup_or_null(ev->actor);
	e->s[F_SESSION] = dup_or_null(ev->session);
	e->s[F_KEY_REF] = dup_or_null(ev->key_ref);
	e->s[F_KEY_REF_SRC] = dup_or_null(ev->key_ref ? (ev->key_ref_src ?
	    ev->key_ref_src : "record") : NULL);
	e->s[F_KEY_RAW] = dup_or_null(ev->key_raw);
	e->s[F_DIGEST] = dup_or_null(ev->digest);
	e->s[F_REPO] = dup_or_null(ev->repo);
	e->s[F_REF] = dup_or_null(ev->ref);
	e->s[F_SRC_IP] = dup_or_null(ev->src_ip);
	e->s[F_USER_AGENT] = dup_or_null(ev->user_agent);
	e->s[F_NATIVE_ID] = dup_or_null(ev->native_id);
	e->s[F_SOURCE] = dup_or_null(ev->source);
	e->s[F_COMMIT] = dup_or_null(ev->commit_sha);
	e->attrs = ev->attrs ? json_deep_copy(ev->attrs) : NULL;
	if (ev->action == NULL || event_action(ev->action) == NULL)
		bad("action \"%s\" is not in the vocabulary",
		    ev->action ? ev->action : "(null)");
	return 0;
}

static void
capture_free(struct capture *c)
{
	int i;
	size_t k;

	for (i = 0; i < c->n && i < MAXCAP; i++) {
		for (k = 0; k < NELEM(c->ev[i].s); k++)
			free(c->ev[i].s[k]);
		json_decref(c->ev[i].attrs);
	}
	memset(c, 0, sizeof(*c));
}

static enum parse_rc
run_parser(json_t *rec, const char *raw, int all, struct capture *c,
    struct diag *d)
{
	struct parse_opts opts;
	struct parse_ctx pc;
	struct event ev;
	enum parse_rc rc;

	memset(&opts, 0, sizeof(opts));
	memset(&pc, 0, sizeof(pc));
	pc.all_events = all;
	pc.name = "kms.json";
	pc.opts = &opts;
	pc.emit = capture_emit;
	pc.emit_arg = c;
	event_init(&ev);
	ev.raw = raw;
	ev.raw_len = raw ? strlen(raw) : 0;
	diag_clear(d);
	rc = P->parse_json(rec, &pc, &ev, d);
	event_clear(&ev);
	return rc;
}

static enum scope_rc
run_prefilter(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	enum scope_rc sc;

	assert_non_null(copy);
	memcpy(copy, text, len);
	sc = P->prefilter(copy, len);
	free(copy);
	return sc;
}

static char *
unquote(const char *s)
{
	char *t = strdup(s), *p;

	assert_non_null(t);
	for (p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

static const char *
rc_name(int rc)
{
	switch (rc) {
	case PARSE_OK:		return "PARSE_OK";
	case PARSE_SKIP:	return "PARSE_SKIP";
	case PARSE_NONEVENT:	return "PARSE_NONEVENT";
	case PARSE_ERR:		return "PARSE_ERR";
	case PARSE_FATAL:	return "PARSE_FATAL";
	}
	return "?";
}

static void
check_str(const char *row, const char *what, const char *want,
    const char *got)
{
	if (want == NULL)
		return;
	if (strcmp(want, NONE) == 0) {
		if (got)
			bad("%s: %s: want none, got \"%s\"", row, what, got);
		return;
	}
	if (got == NULL || strcmp(want, got) != 0)
		bad("%s: %s: want \"%s\", got %s%s%s", row, what, want,
		    got ? "\"" : "", got ? got : "NULL", got ? "\"" : "");
}

/* attrs along a dotted path whose numeric parts index arrays. */
static const json_t *
attr_path(const json_t *v, const char *path)
{
	char part[128];
	const char *dot;
	char *end;
	size_t n;
	long idx;

	for (;;) {
		dot = strchr(path, '.');
		n = dot ? (size_t)(dot - path) : strlen(path);
		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		idx = strtol(part, &end, 10);
		if (json_is_array(v) && *part && *end == '\0')
			v = json_array_get(v, (size_t)idx);
		else
			v = json_object_get(v, part);
		if (v == NULL || dot == NULL)
			return v;
		path = dot + 1;
	}
}

static char *
attr_text(const json_t *attrs, const char *path)
{
	const json_t *v = attr_path(attrs, path);

	if (v == NULL)
		return NULL;
	if (json_is_string(v))
		return strdup(json_string_value(v));
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
}

/* ------------------------------------------------------------------ */
/* The record table                                                    */

struct attr_want {
	const char	*path, *val;	/* val NONE: absent */
};

struct row {
	const char	*name;
	const char	*json;
	int		 all, rc;
	const char	*errmsg;
	const char	*action, *operation;
	int		 failed;
	const char	*error_code, *error_message, *actor, *session;
	const char	*key_ref, *key_ref_src, *key_raw, *digest;
	const char	*repo, *ref, *ts, *native_id, *src_ip, *user_agent;
	struct attr_want attrs[6];
};

#define PROJ		"acme-widget-prod"
#define LOGDA		"projects/" PROJ "/logs/cloudaudit.googleapis.com%2Fdata_access"
#define LOGAA		"projects/" PROJ "/logs/cloudaudit.googleapis.com%2Factivity"
#define KEYP		"projects/" PROJ "/locations/europe-west1/keyRings/" \
			"release-signing/cryptoKeys/widget-windows-authenticode"
#define VER1		KEYP "/cryptoKeyVersions/1"
#define CISA		"widget-release-ci@" PROJ ".iam.gserviceaccount.com"
#define GHSUB		"principal://iam.googleapis.com/projects/734019285526/" \
			"locations/global/workloadIdentityPools/github-actions/" \
			"subject/repo:acme/widget:ref:refs/tags/v2.4.0"
#define AWSSUB		"principal://iam.googleapis.com/projects/734019285526/" \
			"locations/global/workloadIdentityPools/aws-legacy-ci/" \
			"subject/arn:aws:iam::210987654321:user/ci-legacy"
#define TS1		"2026-10-20T13:32:59.693869123Z"
#define UA1		"Jsign/7.0 (https://ebourg.github.io/jsign) Java/21.0.5"

/* A LogEntry: log, method, resourceName, authenticationInfo, extra pp. */
#define ENTRY(log, svc, method, rn, auth, extra) \
	"{'insertId':'1c9x2rfe3k4a','logName':'" log "','protoPayload':{" \
	"'@type':'type.googleapis.com/google.cloud.audit.AuditLog'," \
	"'authenticationInfo':" auth ",'methodName':'" method "'," \
	"'requestMetadata':{'callerIp':'20.102.169.165'," \
	"'callerSuppliedUserAgent':'" UA1 "','destinationAttributes':{}," \
	"'requestAttributes':{'auth':{},'time':'" TS1 "'}},'resourceName':'" \
	rn "','serviceName':'" svc "'" extra "},'receiveTimestamp':" \
	"'2026-10-20T13:33:00.912345678Z','resource':{'labels':{" \
	"'crypto_key_id':'widget-windows-authenticode','key_ring_id':" \
	"'release-signing','location':'europe-west1','project_id':'" PROJ \
	"'},'type':'cloudkms_cryptokey'},'severity':'INFO','timestamp':'" \
	TS1 "'}"
#define AUTH_CI		"{'principalEmail':'" CISA "'," \
			"'serviceAccountDelegationInfo':[{'principalSubject':'" \
			GHSUB "'}]}"
#define AUTH_ADMIN	"{'principalEmail':'sec-admin@acme.example'}"
#define KMS		"cloudkms.googleapis.com"
#define SIGN_REQ	",'request':{'@type':'type.googleapis.com/google.cloud." \
			"kms.v1.AsymmetricSignRequest','name':'" VER1 "'}"
#define NID1		LOGDA "/1c9x2rfe3k4a@2026-10-20T13:32:59.693869Z"

static const struct row rows[] = {
	{ .name = "AsymmetricSign by a CI service account (WIF)",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    SIGN_REQ ",'authorizationInfo':[{'granted':true,'permission':"
	    "'cloudkms.cryptoKeyVersions.useToSign','resource':'" VER1 "'}]"),
	    .rc = PARSE_OK, .action = "sign",
	    .operation = "cloudkms:AsymmetricSign", .error_code = NONE,
	    .actor = CISA, .session = GHSUB, .key_ref = VER1,
	    .key_ref_src = "record", .key_raw = VER1, .digest = NONE,
	    .repo = "acme/widget", .ref = "refs/tags/v2.4.0",
	    .ts = "2026-10-20T13:32:59.693869Z", .native_id = NID1,
	    .src_ip = "20.102.169.165", .user_agent = UA1,
	    .attrs = { { "log_id", "cloudaudit.googleapis.com/data_access" },
	    { "severity", "INFO" }, { "principal_email", CISA },
	    { "federated_subject", "repo:acme/widget:ref:refs/tags/v2.4.0" },
	    { "authorization.0.permission",
	    "cloudkms.cryptoKeyVersions.useToSign" },
	    { "resource_type", "cloudkms_cryptokey" } } },
	{ .name = "fully qualified method name",
	    .json = ENTRY(LOGDA, KMS,
	    "google.cloud.kms.v1.KeyManagementService.AsymmetricSign", VER1,
	    AUTH_CI, ""),
	    .rc = PARSE_OK, .action = "sign", .operation =
	    "cloudkms:google.cloud.kms.v1.KeyManagementService.AsymmetricSign",
	    .key_ref = VER1 },
	{ .name = "denied sign: status 7",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1,
	    "{'principalSubject':'" AWSSUB "'}",
	    ",'status':{'code':7,'message':'Permission \\'cloudkms."
	    "cryptoKeyVersions.useToSign\\' denied'}"),
	    .rc = PARSE_OK, .action = "sign", .failed = 1,
	    .error_code = "PERMISSION_DENIED",
	    .error_message = "Permission \"cloudkms.cryptoKeyVersions."
	    "useToSign\" denied", .actor = AWSSUB, .session = NONE,
	    .repo = NONE, .attrs = { { "status_code", "7" },
	    { "federated_subject", "arn:aws:iam::210987654321:user/"
	    "ci-legacy" } } },
	{ .name = "status code as a string",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':'9','message':'not enabled'}"),
	    .rc = PARSE_OK, .action = "sign", .failed = 1,
	    .error_code = "FAILED_PRECONDITION" },
	{ .name = "empty status is success",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{}"),
	    .rc = PARSE_OK, .action = "sign", .failed = 0,
	    .error_code = NONE },
	{ .name = "status code 0 is success",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':0}"),
	    .rc = PARSE_OK, .failed = 0, .error_code = NONE },
	{ .name = "unknown status code",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':99}"),
	    .rc = PARSE_OK, .failed = 1, .error_code = "99" },
	{ .name = "huge status code",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':1e300}"),
	    .rc = PARSE_OK, .failed = 1,
	    .error_code = "(unreadable status code)" },
	{ .name = "status code of the wrong type",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':true}"),
	    .rc = PARSE_OK, .failed = 1,
	    .error_code = "(unreadable status code)" },
	{ .name = "MacSign",
	    .json = ENTRY(LOGDA, KMS, "MacSign", VER1, AUTH_CI, ""),
	    .rc = PARSE_OK, .action = "sign", .operation = "cloudkms:MacSign" },
	{ .name = "MacVerify",
	    .json = ENTRY(LOGDA, KMS, "MacVerify", VER1, AUTH_CI, ""),
	    .rc = PARSE_OK, .action = "verify" },
	{ .name = "GetPublicKey",
	    .json = ENTRY(LOGDA, KMS, "GetPublicKey", VER1, AUTH_CI,
	    ",'response':{'pem':'-----BEGIN PUBLIC KEY-----\\nMII\\n'}"),
	    .rc = PARSE_OK, .action = "key.read", .key_ref = VER1,
	    .attrs = { { "response.pem", "-----BEGIN PUBLIC KEY-----\nMII\n" }
	    } },
	{ .name = "disable a version",
	    .json = ENTRY(LOGAA, KMS, "UpdateCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersion':{'name':'" VER1 "',"
	    "'state':'DISABLED'},'updateMask':'state'}"),
	    .rc = PARSE_OK, .action = "key.disable",
	    .actor = "sec-admin@acme.example", .session = NONE,
	    .key_ref = VER1, .attrs = { { "new_state", "DISABLED" },
	    { "log_id", "cloudaudit.googleapis.com/activity" } } },
	{ .name = "enable a version",
	    .json = ENTRY(LOGAA, KMS, "UpdateCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersion':{'state':"
	    "'ENABLED'}}"),
	    .rc = PARSE_OK, .action = "key.enable" },
	{ .name = "version update without a state",
	    .json = ENTRY(LOGAA, KMS, "UpdateCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersion':{'externalKeyUri':"
	    "'https://ekm.example/k'}}"),
	    .rc = PARSE_OK, .action = "key.policy",
	    .attrs = { { "new_state", NONE } } },
	{ .name = "DestroyCryptoKeyVersion",
	    .json = ENTRY(LOGAA, KMS, "DestroyCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'response':{'state':'DESTROY_SCHEDULED'}"),
	    .rc = PARSE_OK, .action = "key.delete", .key_ref = VER1,
	    .attrs = { { "response.state", "DESTROY_SCHEDULED" } } },
	{ .name = "RestoreCryptoKeyVersion",
	    .json = ENTRY(LOGAA, KMS, "RestoreCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .action = "key.delete" },
	{ .name = "CreateCryptoKeyVersion: the new version from the response",
	    .json = ENTRY(LOGAA, KMS, "CreateCryptoKeyVersion", KEYP,
	    AUTH_ADMIN, ",'response':{'name':'" KEYP "/cryptoKeyVersions/2',"
	    "'state':'PENDING_GENERATION'}"),
	    .rc = PARSE_OK, .action = "key.create",
	    .key_ref = KEYP "/cryptoKeyVersions/2", .key_ref_src = "response",
	    .key_raw = KEYP },
	{ .name = "CreateCryptoKey: the key from the response",
	    .json = ENTRY(LOGAA, KMS, "CreateCryptoKey", "projects/" PROJ
	    "/locations/europe-west1/keyRings/release-signing", AUTH_ADMIN,
	    ",'response':{'name':'" KEYP "','purpose':'ASYMMETRIC_SIGN'}"),
	    .rc = PARSE_OK, .action = "key.create", .key_ref = KEYP,
	    .key_ref_src = "response" },
	{ .name = "CreateKeyRing: no key",
	    .json = ENTRY(LOGAA, KMS, "CreateKeyRing", "projects/" PROJ
	    "/locations/europe-west1/keyRings/release-signing", AUTH_ADMIN,
	    ""),
	    .rc = PARSE_OK, .action = "key.create", .key_ref = NONE,
	    .key_raw = "projects/" PROJ "/locations/europe-west1/keyRings/"
	    "release-signing" },
	{ .name = "primary version switch: alias-like",
	    .json = ENTRY(LOGAA, KMS, "UpdateCryptoKeyPrimaryVersion", KEYP,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersionId':'3','name':'" KEYP
	    "'}"),
	    .rc = PARSE_OK, .action = "key.alias",
	    .key_ref = KEYP "/cryptoKeyVersions/3",
	    .key_ref_src = "key+version-id", .attrs = { { "alias", KEYP } } },
	{ .name = "SetIamPolicy on a key",
	    .json = ENTRY(LOGAA, KMS, "SetIamPolicy", KEYP, AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .action = "key.policy", .key_ref = KEYP,
	    .key_ref_src = "record" },
	{ .name = "ImportCryptoKeyVersion",
	    .json = ENTRY(LOGAA, KMS, "ImportCryptoKeyVersion", KEYP,
	    AUTH_ADMIN, ",'response':{'name':'" KEYP "/cryptoKeyVersions/4'}"),
	    .rc = PARSE_OK, .action = "key.import",
	    .key_ref = KEYP "/cryptoKeyVersions/4" },
	{ .name = "resource in the //cloudkms.googleapis.com/ form",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign",
	    "//cloudkms.googleapis.com/" VER1, AUTH_CI, ""),
	    .rc = PARSE_OK, .key_ref = VER1,
	    .key_raw = "//cloudkms.googleapis.com/" VER1 },
	{ .name = "Decrypt is out of scope",
	    .json = ENTRY(LOGDA, KMS, "Decrypt", KEYP, AUTH_CI, ""),
	    .rc = PARSE_SKIP },
	{ .name = "Decrypt with --all-events",
	    .json = ENTRY(LOGDA, KMS, "Decrypt", KEYP, AUTH_CI, ""),
	    .all = 1, .rc = PARSE_OK, .action = "other",
	    .operation = "cloudkms:Decrypt", .key_ref = KEYP },
	{ .name = "digest in the request",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':"
	    "'47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='}}"),
	    .rc = PARSE_OK, .digest = "sha256:e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855",
	    .attrs = { { "request.digest.sha256",
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" } } },
	{ .name = "URL-safe unpadded digest",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':"
	    "'47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'}}"),
	    .rc = PARSE_OK, .digest = "sha256:e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855" },
	{ .name = "digest of the wrong size is ignored",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':'AAAA'}}"),
	    .rc = PARSE_OK, .action = "sign", .digest = NONE },
	{ .name = "digest that is not base64 is ignored",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':'!!!!not base64 at all!!!!'}}"),
	    .rc = PARSE_OK, .digest = NONE },
	{ .name = "service-account key: the key is the session",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1,
	    "{'principalEmail':'" CISA "','serviceAccountKeyName':'//iam."
	    "googleapis.com/projects/" PROJ "/serviceAccounts/" CISA
	    "/keys/90f662482321f1ca'}", ""),
	    .rc = PARSE_OK, .actor = CISA, .session = "//iam.googleapis.com/"
	    "projects/" PROJ "/serviceAccounts/" CISA "/keys/90f662482321f1ca",
	    .repo = NONE },
	{ .name = "impersonation by a user",
	    .json = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1,
	    "{'principalEmail':'" CISA "','serviceAccountDelegationInfo':[{"
	    "'firstPartyPrincipal':{'principalEmail':'m.chen@acme.example'}}]}",
	    ""),
	    .rc = PARSE_OK, .actor = CISA, .session = "m.chen@acme.example",
	    .attrs = { { "delegation.0.firstPartyPrincipal.principalEmail",
	    "m.chen@acme.example" } } },
	{ .name = "GenerateAccessToken by a federated principal",
	    .json = ENTRY(LOGDA, "iamcredentials.googleapis.com",
	    "GenerateAccessToken", "projects/-/serviceAccounts/10492837",
	    "{'principalSubject':'" GHSUB "'}", ",'request':{'name':"
	    "'projects/-/serviceAccounts/" CISA "'},'response':{'accessToken':"
	    "'ya29.secret','expireTime':'2026-10-20T14:32:59Z'}"),
	    .rc = PARSE_OK, .action = "session.assume",
	    .operation = "iamcredentials:GenerateAccessToken", .actor = GHSUB,
	    .session = GHSUB, .key_ref = NONE, .repo = "acme/widget",
	    .ref = "refs/tags/v2.4.0",
	    .attrs = { { "target_service_account", "projects/-/"
	    "serviceAccounts/" CISA }, { "response.accessToken",
	    "(omitted; see raw record)" }, { "resource_name",
	    "projects/-/serviceAccounts/10492837" } } },
	{ .name = "STS ExchangeToken",
	    .json = ENTRY(LOGDA, "sts.googleapis.com",
	    "google.identity.sts.v1.SecurityTokenService.ExchangeToken",
	    "locations/global/workloadIdentityPools/github-actions",
	    "{'principalSubject':'" GHSUB "'}",
	    ",'request':{'subjectToken':'eyJhbGciOi.secret'}"),
	    .rc = PARSE_OK, .action = "session.assume",
	    .attrs = { { "request.subjectToken",
	    "(omitted; see raw record)" } } },
	{ .name = "CreateServiceAccountKey: key material scrubbed",
	    .json = ENTRY(LOGAA, "iam.googleapis.com",
	    "google.iam.admin.v1.CreateServiceAccountKey",
	    "projects/-/serviceAccounts/10492837", AUTH_ADMIN,
	    ",'response':{'name':'k1','privateKeyData':'c2VjcmV0'}"),
	    .rc = PARSE_OK, .action = "iam.credential", .key_ref = NONE,
	    .attrs = { { "response.privateKeyData",
	    "(omitted; see raw record)" }, { "response.name", "k1" } } },
	{ .name = "workload identity provider change",
	    .json = ENTRY(LOGAA, "iam.googleapis.com",
	    "google.iam.v1.WorkloadIdentityPools."
	    "UpdateWorkloadIdentityPoolProvider", "projects/734019285526/"
	    "locations/global/workloadIdentityPools/aws-legacy-ci/providers/"
	    "acme-aws", AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .action = "iam.trust" },
	{ .name = "project IAM policy",
	    .json = ENTRY(LOGAA, "cloudresourcemanager.googleapis.com",
	    "SetIamPolicy", "projects/" PROJ, AUTH_ADMIN,
	    ",'serviceData':{'policyDelta':{'bindingDeltas':[{'action':'ADD',"
	    "'member':'user:x@acme.example','role':'roles/cloudkms.signer'}]}}"),
	    .rc = PARSE_OK, .action = "iam.policy",
	    .attrs = { { "service_data.policyDelta.bindingDeltas.0.role",
	    "roles/cloudkms.signer" } } },
	{ .name = "project IAM policy that turns audit logs off",
	    .json = ENTRY(LOGAA, "cloudresourcemanager.googleapis.com",
	    "SetIamPolicy", "projects/" PROJ, AUTH_ADMIN,
	    ",'serviceData':{'policyDelta':{'auditConfigDeltas':[{'action':"
	    "'REMOVE','logType':'DATA_READ','service':'allServices'}]}}"),
	    .rc = PARSE_OK, .action = "audit.config" },
	{ .name = "log sink deleted",
	    .json = ENTRY(LOGAA, "logging.googleapis.com",
	    "google.logging.v2.ConfigServiceV2.DeleteSink",
	    "projects/" PROJ "/sinks/audit-archive", AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .action = "audit.config",
	    .operation = "logging:google.logging.v2.ConfigServiceV2."
	    "DeleteSink" },
	{ .name = "compute is out of scope",
	    .json = ENTRY(LOGAA, "compute.googleapis.com",
	    "v1.compute.instances.insert", "projects/" PROJ "/zones/x/"
	    "instances/y", AUTH_ADMIN, ""),
	    .rc = PARSE_SKIP },
	{ .name = "a text log entry is out of scope",
	    .json = "{'insertId':'1io3yo2fursxdi','logName':'projects/p/logs/"
	    "testlog','receiveTimestamp':'2021-10-19T02:04:00.3Z','resource':"
	    "{'type':'global'},'textPayload':'hello','timestamp':"
	    "'2021-10-19T02:04:00.272384Z'}",
	    .rc = PARSE_SKIP },
	{ .name = "a text log entry with --all-events",
	    .json = "{'insertId':'1io3yo2fursxdi','logName':'projects/p/logs/"
	    "my%2Flog','receiveTimestamp':'2021-10-19T02:04:00.3Z','resource':"
	    "{'type':'global'},'textPayload':'hello','timestamp':"
	    "'2021-10-19T02:04:00.272384Z'}",
	    .all = 1, .rc = PARSE_OK, .action = "other",
	    .operation = "logging:my/log", .actor = NONE,
	    .native_id = "projects/p/logs/my%2Flog/1io3yo2fursxdi@"
	    "2021-10-19T02:04:00.272384Z",
	    .attrs = { { "text_payload", "hello" } } },
	{ .name = "no timestamp: receiveTimestamp",
	    .json = "{'insertId':'a1','logName':'" LOGDA "','protoPayload':{"
	    "'methodName':'AsymmetricSign','serviceName':'" KMS "'},"
	    "'receiveTimestamp':'2026-10-20T13:33:00.5Z'}",
	    .rc = PARSE_OK, .action = "sign", .ts = "2026-10-20T13:33:00.500000Z",
	    .actor = NONE, .key_ref = NONE,
	    .native_id = LOGDA "/a1@2026-10-20T13:33:00.500000Z",
	    .attrs = { { "time_source", "receiveTimestamp" } } },
	{ .name = "no insertId: no native id",
	    .json = "{'logName':'" LOGDA "','protoPayload':{'methodName':"
	    "'AsymmetricSign','serviceName':'" KMS "'},'timestamp':"
	    "'2026-10-20T13:33:00Z'}",
	    .rc = PARSE_OK, .native_id = NONE },
	/* malformed */
	{ .name = "not an object", .json = "['x']", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "not a LogEntry", .json = "{'eventName':'Sign'}",
	    .rc = PARSE_ERR, .errmsg = "no logName" },
	{ .name = "logName not a string",
	    .json = "{'logName':5,'protoPayload':{}}", .rc = PARSE_ERR,
	    .errmsg = "logName is not a string" },
	{ .name = "protoPayload not an object: out of scope",
	    .json = "{'logName':'" LOGDA "','protoPayload':'x'}",
	    .rc = PARSE_SKIP },
	{ .name = "protoPayload not an object, --all-events",
	    .json = "{'logName':'" LOGDA "','protoPayload':'x'}",
	    .all = 1, .rc = PARSE_ERR,
	    .errmsg = "protoPayload is not an object" },
	{ .name = "serviceName not a string",
	    .json = "{'logName':'" LOGDA "','protoPayload':{'serviceName':1,"
	    "'methodName':'AsymmetricSign'}}",
	    .all = 1, .rc = PARSE_ERR,
	    .errmsg = "serviceName is not a string" },
	{ .name = "methodName not a string",
	    .json = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':[]}}",
	    .rc = PARSE_ERR, .errmsg = "methodName is not a string" },
	{ .name = "timestamp not a string",
	    .json = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'AsymmetricSign'},'timestamp':1760966000}",
	    .rc = PARSE_ERR, .errmsg = "timestamp is not a string" },
	{ .name = "bad timestamp",
	    .json = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'AsymmetricSign'},'timestamp':'yesterday'}",
	    .rc = PARSE_ERR, .errmsg = "bad timestamp 'yesterday'" },
	{ .name = "no time at all",
	    .json = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'AsymmetricSign'}}",
	    .rc = PARSE_ERR, .errmsg = "no timestamp" },
	{ .name = "no time, out of scope: skipped",
	    .json = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'Decrypt'}}",
	    .rc = PARSE_SKIP },
	{ .name = "wrong types inside are tolerated",
	    .json = "{'logName':'" LOGDA "','insertId':7,'protoPayload':{"
	    "'serviceName':'" KMS "','methodName':'AsymmetricSign',"
	    "'authenticationInfo':[],'requestMetadata':'x','resourceName':"
	    "{},'request':3,'status':'bad'},'timestamp':'2026-10-20T13:33:00Z'}",
	    .rc = PARSE_OK, .action = "sign", .actor = NONE, .key_ref = NONE,
	    .native_id = NONE, .failed = 0 },
};

static void
check_row(const struct row *r, const char *text, json_t *rec)
{
	struct capture c;
	struct diag d;
	const struct evcopy *e;
	char when[TS_BUFSZ];
	enum parse_rc rc;
	size_t i;

	memset(&c, 0, sizeof(c));
	rc = run_parser(rec, text, r->all, &c, &d);
	if ((int)rc != r->rc) {
		bad("%s: want %s, got %s (%s)", r->name, rc_name(r->rc),
		    rc_name(rc), d.msg);
		capture_free(&c);
		return;
	}
	if (rc == PARSE_ERR) {
		if (d.msg[0] == '\0')
			bad("%s: PARSE_ERR without a message", r->name);
		if (r->errmsg && strstr(d.msg, r->errmsg) == NULL)
			bad("%s: message \"%s\" lacks \"%s\"", r->name, d.msg,
			    r->errmsg);
	}
	if (rc != PARSE_OK) {
		if (c.n != 0)
			bad("%s: %s but %d events", r->name, rc_name(rc), c.n);
		capture_free(&c);
		return;
	}
	if (c.n != 1) {
		bad("%s: %d events, want 1", r->name, c.n);
		capture_free(&c);
		return;
	}
	e = &c.ev[0];
	check_str(r->name, "source", "gcp_audit", e->s[F_SOURCE]);
	check_str(r->name, "action", r->action, e->s[F_ACTION]);
	check_str(r->name, "operation", r->operation, e->s[F_OPERATION]);
	if (e->failed != r->failed)
		bad("%s: failed %d, want %d", r->name, e->failed, r->failed);
	if (e->s[F_ERROR_CODE] && !e->failed)
		bad("%s: error_code without failure", r->name);
	check_str(r->name, "error_code", r->error_code, e->s[F_ERROR_CODE]);
	check_str(r->name, "error_message", r->error_message,
	    e->s[F_ERROR_MESSAGE]);
	check_str(r->name, "actor", r->actor, e->s[F_ACTOR]);
	check_str(r->name, "session", r->session, e->s[F_SESSION]);
	check_str(r->name, "key_ref", r->key_ref, e->s[F_KEY_REF]);
	check_str(r->name, "key_ref_src", r->key_ref_src, e->s[F_KEY_REF_SRC]);
	check_str(r->name, "key_raw", r->key_raw, e->s[F_KEY_RAW]);
	check_str(r->name, "digest", r->digest, e->s[F_DIGEST]);
	check_str(r->name, "repo", r->repo, e->s[F_REPO]);
	check_str(r->name, "ref", r->ref, e->s[F_REF]);
	check_str(r->name, "native_id", r->native_id, e->s[F_NATIVE_ID]);
	check_str(r->name, "src_ip", r->src_ip, e->s[F_SRC_IP]);
	check_str(r->name, "user_agent", r->user_agent, e->s[F_USER_AGENT]);
	if (e->ts_us == EVENT_NO_TIME || e->s[F_TS_RAW] == NULL)
		bad("%s: no time", r->name);
	else
		check_str(r->name, "ts", r->ts, ts_format(e->ts_us, when));
	if (e->s[F_OPERATION] == NULL || strchr(e->s[F_OPERATION], ':') ==
	    NULL)
		bad("%s: operation without a service", r->name);
	for (i = 0; i < NELEM(r->attrs) && r->attrs[i].path; i++) {
		char *got = attr_text(e->attrs, r->attrs[i].path);
		char what[160];

		snprintf(what, sizeof(what), "attrs.%s", r->attrs[i].path);
		check_str(r->name, what, r->attrs[i].val, got);
		free(got);
	}
	capture_free(&c);
}

/* --all-events flipped only adds or drops "other" events. */
static void
check_flipped(const struct row *r, const char *text, json_t *rec)
{
	struct capture c;
	struct diag d;
	enum parse_rc rc;
	int want = r->rc;

	memset(&c, 0, sizeof(c));
	rc = run_parser(rec, text, !r->all, &c, &d);
	if (!r->all && r->rc == PARSE_SKIP) {
		if (rc == PARSE_ERR)
			goto out;	/* too broken to keep */
		want = PARSE_OK;
	} else if (r->all && r->rc == PARSE_OK && r->action &&
	    strcmp(r->action, "other") == 0) {
		want = PARSE_SKIP;
	} else if (r->all && r->rc == PARSE_ERR && rc == PARSE_SKIP) {
		goto out;
	}
	if ((int)rc != want)
		bad("%s (flipped): want %s, got %s (%s)", r->name,
		    rc_name(want), rc_name(rc), d.msg);
	else if (rc == PARSE_OK && !r->all && r->rc == PARSE_SKIP &&
	    strcmp(c.ev[0].s[F_ACTION], "other") != 0)
		bad("%s (flipped): action %s", r->name, c.ev[0].s[F_ACTION]);
out:
	capture_free(&c);
}

static void
test_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		const struct row *r = &rows[i];
		char *text = unquote(r->json);
		json_error_t jerr;
		json_t *rec, *before;
		enum scope_rc sc;

		rec = json_load_record(text, strlen(text), &jerr);
		if (rec == NULL) {
			bad("%s: test record is not JSON: %s (column %d)",
			    r->name, jerr.text, jerr.column);
			free(text);
			continue;
		}
		before = json_deep_copy(rec);
		check_row(r, text, rec);
		check_flipped(r, text, rec);
		if (!json_equal(rec, before))
			bad("%s: the parser changed the record", r->name);
		sc = run_prefilter(text, strlen(text));
		if (!r->all && sc == SCOPE_OUT && r->rc != PARSE_SKIP)
			bad("%s: prefilter drops a record the parser keeps",
			    r->name);
		if (!r->all && sc == SCOPE_IN && r->rc == PARSE_SKIP)
			bad("%s: prefilter keeps a skipped record", r->name);
		json_decref(before);
		json_decref(rec);
		free(text);
	}
	end_test("rows");
}

/* ------------------------------------------------------------------ */
/* Prefilter and probe                                                 */

static const struct {
	const char	*name, *text;
	enum scope_rc	 want;
} pf_rows[] = {
	{ "compute", "{'logName':'" LOGAA "','protoPayload':{'serviceName':"
	    "'compute.googleapis.com','methodName':'v1.compute.instances."
	    "insert'}}", SCOPE_OUT },
	{ "text entry", "{'logName':'projects/p/logs/x','textPayload':'a'}",
	    SCOPE_OUT },
	{ "kms", "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'Decrypt'}}", SCOPE_UNKNOWN },
	{ "iam in a principal", "{'logName':'" LOGAA "','protoPayload':{"
	    "'authenticationInfo':{'principalSubject':'principal://iam."
	    "googleapis.com/x'},'serviceName':'compute.googleapis.com'}}",
	    SCOPE_UNKNOWN },
	{ "escaped", "{'logName':'" LOGAA "','protoPayload':{'serviceName':"
	    "'cloudkms.googleapis.co\\u006d'}}", SCOPE_UNKNOWN },
	{ "escaped in the logName", "{'logName':'projects/p/logs/\\u0061'}",
	    SCOPE_UNKNOWN },
	{ "no logName", "{'protoPayload':{'serviceName':'x'}}",
	    SCOPE_UNKNOWN },
	{ "truncated", "{'logName':'" LOGAA "','protoPayload':{'servi",
	    SCOPE_UNKNOWN },
	{ "array", "[{'logName':'x'}]", SCOPE_UNKNOWN },
	{ "empty", "", SCOPE_UNKNOWN },
};

static void
test_prefilter(void **state)
{
	size_t i, n, len;
	char *text;

	(void)state;
	for (i = 0; i < NELEM(pf_rows); i++) {
		enum scope_rc sc;

		text = unquote(pf_rows[i].text);
		sc = run_prefilter(text, strlen(text));
		if (sc != pf_rows[i].want)
			bad("prefilter %s: got %d, want %d", pf_rows[i].name,
			    sc, pf_rows[i].want);
		free(text);
	}
	/* every prefix of an in-scope record: never OUT, never a crash */
	text = unquote(rows[0].json);
	len = strlen(text);
	for (n = 0; n <= len; n++)
		if (run_prefilter(text, n) == SCOPE_OUT)
			bad("prefix %zu of the sign record: OUT", n);
	free(text);
	end_test("prefilter");
}

static const struct {
	const char	*name, *head, *file;
	int		 min, max;
} probe_rows[] = {
	{ "sink line", ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI, "")
	    "\n", "22:00:00_22:59:59_S0.json", 90, 90 },
	{ "gcloud array", "[\n  {\n    'insertId': 'x',\n    'logName': '"
	    LOGDA "',\n    'protoPayload': {\n", "kms.json", 90, 90 },
	{ "text entries", "{'insertId':'a','logName':'projects/p/logs/t',"
	    "'receiveTimestamp':'x','textPayload':'y'}", "t.json", 80, 80 },
	{ "CloudTrail", "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','userIdentity':{}}]}", "ct.json", 0, 0 },
	{ "Key Vault", "{'time':'2026','category':'AuditEvent',"
	    "'operationName':'KeySign'}", "PT1H.json", 0, 0 },
	{ "Vault", "{'time':'2026','type':'request','request':{'path':'x'}}",
	    "vault_audit.log", 0, 0 },
	{ "empty", "", "x.json", 0, 0 },
};

static void
test_probe(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++) {
		char *text = unquote(probe_rows[i].head);
		size_t len = strlen(text);
		char *copy = malloc(len ? len : 1);
		const struct parser *p;
		int score;

		assert_non_null(copy);
		memcpy(copy, text, len);
		score = P->probe(copy, len, probe_rows[i].file);
		if (score < probe_rows[i].min || score > probe_rows[i].max)
			bad("probe %s: %d", probe_rows[i].name, score);
		p = parser_detect(copy, len, probe_rows[i].file, &score);
		if (probe_rows[i].min > 0 && p != P)
			bad("probe %s: detected as %s", probe_rows[i].name,
			    p ? p->name : "nothing");
		if (probe_rows[i].min == 0 && p == P)
			bad("probe %s: claimed", probe_rows[i].name);
		free(copy);
		free(text);
	}
	assert_ptr_equal(parser_find("gcp_audit"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_string_equal(P->container_keys[0], "entries");
	end_test("probe");
}

static void
test_emit_failure(void **state)
{
	char *text = unquote(rows[0].json);
	json_error_t jerr;
	json_t *rec = json_load_record(text, strlen(text), &jerr);
	struct capture c;
	struct diag d;

	(void)state;
	assert_non_null(rec);
	memset(&c, 0, sizeof(c));
	c.fail = 1;
	assert_int_equal(run_parser(rec, text, 0, &c, &d), PARSE_FATAL);
	json_decref(rec);
	free(text);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

struct corpus_stats {
	int	files, records, in_scope, all, skipped, errors;
	int	failed_create_sa, key_session;
};

static void
corpus_record(const char *file, json_t *rec, struct corpus_stats *st)
{
	char *text = json_dumps(rec, JSON_COMPACT);
	enum scope_rc sc;
	int all;

	assert_non_null(text);
	st->records++;
	sc = run_prefilter(text, strlen(text));
	for (all = 0; all <= 1; all++) {
		struct capture c;
		struct diag d;
		enum parse_rc rc;

		memset(&c, 0, sizeof(c));
		rc = run_parser(rec, text, all, &c, &d);
		if (rc == PARSE_ERR || rc == PARSE_FATAL ||
		    rc == PARSE_NONEVENT) {
			bad("%s: %s: %s", file, rc_name(rc), d.msg);
			st->errors++;
		} else if (rc == PARSE_SKIP) {
			if (all)
				bad("%s: skipped with --all-events", file);
			st->skipped++;
		} else {
			const struct evcopy *e = &c.ev[0];

			if (!all && sc == SCOPE_OUT)
				bad("%s: prefilter OUT, parser keeps", file);
			if (e->s[F_NATIVE_ID] == NULL || e->s[F_TS_RAW] == NULL)
				bad("%s: no native id or time", file);
			if (all)
				st->all++;
			else
				st->in_scope++;
			if (all && e->failed && e->s[F_OPERATION] &&
			    strstr(e->s[F_OPERATION], "CreateServiceAccount") &&
			    e->s[F_ERROR_CODE] && strcmp(e->s[F_ERROR_CODE],
			    "PERMISSION_DENIED") == 0)
				st->failed_create_sa++;
			if (all && e->s[F_SESSION] && strstr(e->s[F_SESSION],
			    "/keys/90f662482321f1ca8e82ea675b1a1c30c1fe681f"))
				st->key_session++;
		}
		capture_free(&c);
	}
	free(text);
}

static void
corpus_file(const char *path, const char *rel, struct corpus_stats *st)
{
	json_error_t jerr;
	json_t *top = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, i;
	ssize_t n;
	json_t *v;

	st->files++;
	if (top) {
		if (json_is_array(top)) {
			json_array_foreach(top, i, v)
				corpus_record(rel, v, st);
		} else {
			corpus_record(rel, top, st);
		}
		json_decref(top);
		return;
	}
	fp = fopen(path, "r");
	assert_non_null(fp);
	while ((n = getline(&line, &cap, fp)) != -1) {
		json_t *rec;

		if (strspn(line, " \t\r\n") == (size_t)n)
			continue;
		rec = json_load_record(line, (size_t)n, &jerr);
		if (rec == NULL) {
			bad("%s: %s", rel, jerr.text);
			continue;
		}
		corpus_record(rel, rec, st);
		json_decref(rec);
	}
	free(line);
	fclose(fp);
}

static void
corpus_dir(const char *dir, const char *rel, struct corpus_stats *st)
{
	struct dirent **names;
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		char path[4096], sub[4096];
		struct stat sb;

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", dir,
			    names[i]->d_name);
			snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" :
			    "", names[i]->d_name);
			if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
				corpus_dir(path, sub, st);
			else
				corpus_file(path, sub, st);
		}
		free(names[i]);
	}
	free(names);
}

static void
test_corpus(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	struct corpus_stats st;
	char dir[4096];
	struct stat sb;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/../shared/corpus/gcp_audit",
	    root && *root ? root : ".");
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		print_message("corpus %s absent: test skipped\n", dir);
		skip();
	}
	memset(&st, 0, sizeof(st));
	corpus_dir(dir, "", &st);
	print_message("corpus: %d files, %d records: %d in scope, %d with "
	    "--all-events, %d skips\n", st.files, st.records, st.in_scope,
	    st.all, st.skipped);
	assert_int_equal(st.files, 4);
	assert_int_equal(st.records, 14);
	/* no Cloud KMS entry in the corpus: nothing in scope */
	assert_int_equal(st.in_scope, 0);
	assert_int_equal(st.all, st.records);
	assert_int_equal(st.errors, 0);
	/* plaso's denied CreateServiceAccount; the pub/sub key session */
	assert_int_equal(st.failed_create_sa, 1);
	assert_int_equal(st.key_session, 1);
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_prefilter),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
