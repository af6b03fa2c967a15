/* SPDX-License-Identifier: MIT */
/*
 * test_parse_azure_keyvault.c - unit tests of the Azure Key Vault parser
 * (ingest/parse_azure_keyvault.c): a table of records (Key Vault
 * AuditEvent in its storage, AZKVAuditLogs and AzureDiagnostics shapes,
 * Trusted Signing, the activity log in its three forms, malformed input)
 * with the event each must give, each row run with --all-events off and on
 * and through the prefilter; tables of prefilter and probe inputs; the emit
 * failure path; and a replay of ../shared/corpus/azure_keyvault.
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

static const struct parser *const P = &parser_azure_keyvault;

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
	pc.name = "PT1H.json";
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

#define SUB		"6F1C2B3A-9D4E-4F5A-8B6C-7D8E9F0A1B2C"
#define RID		"/SUBSCRIPTIONS/" SUB "/RESOURCEGROUPS/RG-DOCS-NOTARY/" \
			"PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/ACME-DOCS-NOTARY"
#define VURI		"https://acme-docs-notary.vault.azure.net/"
#define KVER		"4b7e9d2c1f0a48e6b3c5d7e9f1a2b3c4"
#define KURI		VURI "keys/docs-image-signing/" KVER
#define MI_APP		"9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
#define MI_OID		"2f3e4d5c-6b7a-4890-91a2-b3c4d5e6f7a8"
#define OIDC		"http://schemas.microsoft.com/identity/claims/" \
			"objectidentifier"
#define UPNC		"http://schemas.xmlsoap.org/ws/2005/05/identity/" \
			"claims/upn"
#define TIDC		"http://schemas.microsoft.com/identity/claims/tenantid"
#define MIRID		"/subscriptions/x/resourcegroups/rg/providers/" \
			"Microsoft.ManagedIdentity/userAssignedIdentities/id-n"
#define ID_MI		"'identity':{'claim':{'" OIDC "':'" MI_OID "','appid':'" \
			MI_APP "','" TIDC "':'2a7d','idtyp':'app','xms_mirid':'" \
			MIRID "'}},"
#define ID_USER		"'identity':{'claim':{'" OIDC "':'1d2c','" UPNC \
			"':'a.novak@acme.example','appid':'04b07795'}},"
#define UA		"azsdk-go-azkeys/v1.1.0 (go1.22.5; linux)"
#define T1		"2026-11-06T22:12:48.9653921Z"

/* A Key Vault AuditEvent record. */
#define KV(op, sig, desc, ident, props) \
	"{'time':'" T1 "','resourceId':'" RID "','operationName':'" op "'," \
	"'operationVersion':'7.5','category':'AuditEvent','resultType':" \
	"'Success','resultSignature':'" sig "','resultDescription':'" desc \
	"','durationMs':'11','callerIpAddress':'185.220.101.47'," \
	"'correlationId':'0c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff'," ident \
	"'properties':{" props "}}"
#define P_KEY(uri, st, op) \
	"'id':'" uri "','clientInfo':'" UA "','httpStatusCode':" st "," \
	"'requestUri':'" uri op "?api-version=7.5'"

/* Activity log, REST/CLI form. */
#define ACT(op, status, scope, extra) \
	"{'authorization':{'action':'" op "','scope':'" scope "'},'caller':" \
	"'sec-admin@acme.example','claims':{'" UPNC "':'sec-admin@acme." \
	"example','appid':'c44b4083'},'correlationId':'5e6f','eventDataId':" \
	"'7a8b9c0d-1111-4222-8333-944455556666','eventName':{'value':" \
	"'EndRequest','localizedValue':'End request'},'eventTimestamp':" \
	"'2026-11-13T10:31:05.418Z','httpRequest':{'clientIpAddress':" \
	"'198.51.100.10','method':'PUT'},'level':'Informational'," \
	"'operationName':{'value':'" op "','localizedValue':'x'}," \
	"'resourceId':'" scope "','status':{'value':'" status "'," \
	"'localizedValue':'x'},'subStatus':{'value':'" extra "'}," \
	"'subscriptionId':'" SUB "'}"
#define VSCOPE		"/subscriptions/" SUB "/resourceGroups/rg-docs-notary/" \
			"providers/Microsoft.KeyVault/vaults/acme-docs-notary"

static const struct row rows[] = {
	{ .name = "KeySign by a managed identity",
	    .json = KV("KeySign", "OK", "", ID_MI,
	    P_KEY(KURI, "200", "/sign")),
	    .rc = PARSE_OK, .action = "sign", .operation = "keyvault:KeySign",
	    .error_code = NONE, .actor = MI_APP, .session = NONE,
	    .key_ref = KURI, .key_ref_src = "record", .key_raw = KURI,
	    .ts = "2026-11-06T22:12:48.965392Z", .native_id = NONE,
	    .src_ip = "185.220.101.47", .user_agent = UA,
	    .attrs = { { "object_id", MI_OID }, { "managed_identity", MIRID },
	    { "vault", "acme-docs-notary" }, { "http_status", "200" },
	    { "correlation_id", "0c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff" },
	    { "export", "diagnostic" } } },
	{ .name = "denied KeySign",
	    .json = KV("KeySign", "Forbidden", "The user, group or "
	    "application does not have keys sign permission", ID_MI,
	    P_KEY(KURI, "403", "/sign")),
	    .rc = PARSE_OK, .action = "sign", .failed = 1,
	    .error_code = "Forbidden", .error_message = "The user, group or "
	    "application does not have keys sign permission",
	    .attrs = { { "http_status", "403" },
	    { "unauthenticated", NONE } } },
	{ .name = "the SDK's 401 challenge",
	    .json = KV("KeySign", "Unauthorized", "", "",
	    "'clientInfo':'" UA "','httpStatusCode':401,'requestUri':'" KURI
	    "/sign?api-version=7.5'"),
	    .rc = PARSE_OK, .action = "sign", .failed = 1,
	    .error_code = "Unauthorized", .actor = NONE, .key_raw = NONE,
	    .key_ref = KURI, .key_ref_src = "request-uri",
	    .attrs = { { "unauthenticated", "true" } } },
	{ .name = "KeyVerify by a user",
	    .json = KV("KeyVerify", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/verify")),
	    .rc = PARSE_OK, .action = "verify",
	    .actor = "a.novak@acme.example",
	    .attrs = { { "app_id", "04b07795" }, { "upn",
	    "a.novak@acme.example" } } },
	{ .name = "KeyGet without an id: the key from the request URI",
	    .json = KV("KeyGet", "OK", "", ID_MI, "'httpStatusCode':200,"
	    "'requestUri':'https://ACME-DOCS-NOTARY.vault.azure.net:443/keys/"
	    "docs-image-signing/?api-version=7.5'"),
	    .rc = PARSE_OK, .action = "key.read",
	    .key_ref = VURI "keys/docs-image-signing",
	    .key_ref_src = "request-uri", .key_raw = NONE },
	{ .name = "key URI: host case and default port",
	    .json = KV("KeySign", "OK", "", ID_MI, "'id':'HTTPS://Acme-Docs-"
	    "Notary.Vault.Azure.Net:443/keys/docs-image-signing/" KVER "',"
	    "'httpStatusCode':200"),
	    .rc = PARSE_OK, .key_ref = KURI,
	    .key_raw = "HTTPS://Acme-Docs-Notary.Vault.Azure.Net:443/keys/"
	    "docs-image-signing/" KVER },
	{ .name = "KeyCreate", .json = KV("KeyCreate", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/create")),
	    .rc = PARSE_OK, .action = "key.create", .key_ref = KURI },
	{ .name = "KeyRotate", .json = KV("KeyRotate", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/rotate")),
	    .rc = PARSE_OK, .action = "key.create" },
	{ .name = "KeyImport", .json = KV("KeyImport", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "")),
	    .rc = PARSE_OK, .action = "key.import" },
	{ .name = "KeyUpdate (a disable is an update)",
	    .json = KV("KeyUpdate", "OK", "", ID_USER, P_KEY(KURI, "200", "")),
	    .rc = PARSE_OK, .action = "key.policy" },
	{ .name = "KeyDelete", .json = KV("KeyDelete", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "")),
	    .rc = PARSE_OK, .action = "key.delete" },
	{ .name = "KeyBackup", .json = KV("KeyBackup", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/backup")),
	    .rc = PARSE_OK, .action = "key.read" },
	{ .name = "KeyRotationPolicySet",
	    .json = KV("KeyRotationPolicySet", "OK", "", ID_USER,
	    "'id':'" VURI "keys/docs-image-signing/rotationpolicy',"
	    "'httpStatusCode':200"),
	    .rc = PARSE_OK, .action = "key.policy",
	    .key_ref = VURI "keys/docs-image-signing" },
	{ .name = "CertificateImport",
	    .json = KV("CertificateImport", "OK", "", ID_USER, "'id':'" VURI
	    "certificates/docs-image-signing/" KVER "','httpStatusCode':200"),
	    .rc = PARSE_OK, .action = "key.import",
	    .key_ref = VURI "certificates/docs-image-signing/" KVER },
	{ .name = "VaultPatch: an access policy change on the vault",
	    .json = KV("VaultPatch", "OK", "", ID_USER, "'clientInfo':"
	    "'azure-resource-manager/2.0','requestUri':'https://control-prod-"
	    "weu.vaultcore.azure.net/subscriptions/x/vaults/acme-docs-notary"
	    "?api-version=2023-07-01','id':'" VURI "','httpStatusCode':200"),
	    .rc = PARSE_OK, .action = "key.policy", .key_ref = NONE,
	    .key_raw = VURI, .attrs = { { "vault", "acme-docs-notary" } } },
	{ .name = "SecretGet is out of scope",
	    .json = KV("SecretGet", "OK", "", ID_MI, "'id':'" VURI
	    "secrets/s/1','httpStatusCode':200"),
	    .rc = PARSE_SKIP },
	{ .name = "SecretGet with --all-events",
	    .json = KV("SecretGet", "OK", "", ID_MI, "'id':'" VURI
	    "secrets/s/1','httpStatusCode':200"),
	    .all = 1, .rc = PARSE_OK, .action = "other",
	    .operation = "keyvault:SecretGet", .key_ref = NONE,
	    .key_raw = VURI "secrets/s/1" },
	{ .name = "status code as text",
	    .json = KV("KeySign", "Forbidden", "", ID_MI, "'id':'" KURI "',"
	    "'httpStatusCode':'403'"),
	    .rc = PARSE_OK, .failed = 1, .error_code = "Forbidden" },
	{ .name = "no status code: resultSignature",
	    .json = KV("KeySign", "TooManyRequests", "", ID_MI,
	    "'id':'" KURI "'"),
	    .rc = PARSE_OK, .failed = 1, .error_code = "TooManyRequests",
	    .attrs = { { "http_status", "429" } } },
	{ .name = "no status at all: success",
	    .json = KV("KeySign", "", "", ID_MI, "'id':'" KURI "'"),
	    .rc = PARSE_OK, .failed = 0, .error_code = NONE },
	{ .name = "wrong types are tolerated",
	    .json = "{'time':'" T1 "','category':'AuditEvent','operationName':"
	    "'KeySign','identity':{'claim':[]},'properties':{'id':5,"
	    "'httpStatusCode':true,'requestUri':7},'callerIpAddress':{},"
	    "'resultSignature':9,'durationMs':12.5}",
	    .rc = PARSE_OK, .action = "sign", .actor = NONE, .key_ref = NONE,
	    .failed = 0, .src_ip = NONE, .attrs = { { "duration_ms", "12.5" } }
	    },
	{ .name = "Log Analytics AZKVAuditLogs, Identity as text",
	    .json = "{'TimeGenerated':'2026-11-06T22:12:48.965Z','OperationName':"
	    "'KeySign','ResultSignature':'Forbidden','CallerIpAddress':"
	    "'185.220.101.47','Id':'" KURI "','RequestUri':'" KURI "/sign',"
	    "'HttpStatusCode':403,'Identity':'{\\'claim\\':{\\'appid\\':"
	    "\\'c4d3\\'}}','ClientInfo':'" UA "','_ResourceId':'" RID "',"
	    "'Type':'AZKVAuditLogs'}",
	    .rc = PARSE_OK, .action = "sign", .failed = 1,
	    .error_code = "Forbidden", .actor = "c4d3", .key_ref = KURI,
	    .src_ip = "185.220.101.47", .user_agent = UA,
	    .attrs = { { "export", "AZKVAuditLogs" },
	    { "vault", "acme-docs-notary" } } },
	{ .name = "AZKVAuditLogs, Identity as an object, no Type",
	    .json = "{'TimeGenerated':'2026-11-06T22:12:48Z','OperationName':"
	    "'KeyVerify','Id':'" KURI "','HttpStatusCode':200,'Identity':{"
	    "'claim':{'" UPNC "':'a.novak@acme.example'}}}",
	    .rc = PARSE_OK, .action = "verify",
	    .actor = "a.novak@acme.example" },
	{ .name = "AZKVAuditLogs, broken Identity text",
	    .json = "{'TimeGenerated':'2026-11-06T22:12:48Z','OperationName':"
	    "'KeySign','Identity':'{oops','Type':'AZKVAuditLogs'}",
	    .rc = PARSE_OK, .action = "sign", .actor = NONE },
	{ .name = "Log Analytics AzureDiagnostics",
	    .json = "{'TimeGenerated':'2026-11-06T22:12:48.965Z','Category':"
	    "'AuditEvent','OperationName':'KeySign','ResultSignature':'OK',"
	    "'CallerIPAddress':'10.240.0.35','id_s':'" KURI "',"
	    "'httpStatusCode_d':200.0,'identity_claim_appid_g':'" MI_APP "',"
	    "'identity_claim_oid_g':'" MI_OID "','clientInfo_s':'" UA "',"
	    "'ResourceProvider':'MICROSOFT.KEYVAULT','Type':"
	    "'AzureDiagnostics'}",
	    .rc = PARSE_OK, .action = "sign", .failed = 0, .actor = MI_APP,
	    .key_ref = KURI, .src_ip = "10.240.0.35",
	    .attrs = { { "export", "AzureDiagnostics" },
	    { "object_id", MI_OID } } },
	{ .name = "AzureDiagnostics SecretGet is out of scope",
	    .json = "{'TimeGenerated':'2026-11-06T22:12:48Z','Category':"
	    "'AuditEvent','OperationName':'SecretGet'}",
	    .rc = PARSE_SKIP },
	{ .name = "Trusted Signing transaction",
	    .json = "{'time':'2026-11-06T22:20:01.1234567Z','resourceId':"
	    "'/SUBSCRIPTIONS/" SUB "/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT."
	    "CODESIGNING/CODESIGNINGACCOUNTS/ACME','operationName':'Sign',"
	    "'category':'SignTransactions','resultType':'Succeeded',"
	    "'callerIpAddress':'20.1.2.3','identity':{'claim':{'appid':"
	    "'77aa'}},'properties':{'certificateProfileName':'widget'}}",
	    .rc = PARSE_OK, .action = "sign", .operation = "trustedsigning:Sign",
	    .actor = "77aa", .key_ref = NONE,
	    .key_raw = "/SUBSCRIPTIONS/" SUB "/RESOURCEGROUPS/RG/PROVIDERS/"
	    "MICROSOFT.CODESIGNING/CODESIGNINGACCOUNTS/ACME",
	    .attrs = { { "properties.certificateProfileName", "widget" },
	    { "identity.claim.appid", "77aa" } } },
	{ .name = "failed Trusted Signing transaction",
	    .json = "{'time':'2026-11-06T22:20:01Z','category':"
	    "'SignTransactions','resultType':'Failed'}",
	    .rc = PARSE_OK, .action = "sign",
	    .operation = "trustedsigning:SignTransaction", .failed = 1,
	    .error_code = "Failed" },
	{ .name = "activity: access policy change",
	    .json = ACT("Microsoft.KeyVault/vaults/accessPolicies/write",
	    "Succeeded", VSCOPE, "OK"),
	    .rc = PARSE_OK, .action = "key.policy",
	    .operation = "arm:Microsoft.KeyVault/vaults/accessPolicies/write",
	    .actor = "sec-admin@acme.example",
	    .native_id = "7a8b9c0d-1111-4222-8333-944455556666",
	    .src_ip = "198.51.100.10", .key_raw = VSCOPE,
	    .ts = "2026-11-13T10:31:05.418000Z",
	    .attrs = { { "vault", "acme-docs-notary" },
	    { "event_name", "EndRequest" }, { "status", "Succeeded" },
	    { "export", "activity-log" } } },
	{ .name = "activity: role assignment on a vault is a grant",
	    .json = ACT("Microsoft.Authorization/roleAssignments/write",
	    "Succeeded", VSCOPE "/providers/Microsoft.Authorization/"
	    "roleAssignments/9f8e", ""),
	    .rc = PARSE_OK, .action = "key.grant" },
	{ .name = "activity: role assignment elsewhere",
	    .json = ACT("Microsoft.Authorization/roleAssignments/write",
	    "Succeeded", "/subscriptions/" SUB "/providers/Microsoft."
	    "Authorization/roleAssignments/9f8e", ""),
	    .rc = PARSE_OK, .action = "iam.policy" },
	{ .name = "activity: failed diagnostic-setting delete",
	    .json = ACT("microsoft.insights/diagnosticSettings/delete",
	    "Failed", VSCOPE "/providers/microsoft.insights/"
	    "diagnosticSettings/to-storage", "Forbidden"),
	    .rc = PARSE_OK, .action = "audit.config", .failed = 1,
	    .error_code = "Forbidden" },
	{ .name = "activity: compute is out of scope",
	    .json = ACT("Microsoft.Compute/disks/delete", "Started",
	    "/subscriptions/x/disks/d", ""),
	    .rc = PARSE_SKIP },
	{ .name = "activity, SDK form, with --all-events",
	    .json = "{'caller':'12345678','claims':{'appid':'12345678'},"
	    "'event_data_id':'587eda65','event_timestamp':"
	    "'2022-02-09T03:04:54.297853Z','http_request':{"
	    "'client_ip_address':'1.2.3.4'},'operation_name':{'value':"
	    "'Microsoft.Compute/disks/delete','localized_value':'x'},"
	    "'status':{'value':'Started'},'resource_id':'/subscriptions/s/"
	    "resourceGroups/g/providers/Microsoft.Compute/disks/d'}",
	    .all = 1, .rc = PARSE_OK, .action = "other",
	    .operation = "arm:Microsoft.Compute/disks/delete",
	    .actor = "12345678", .native_id = "587eda65",
	    .src_ip = "1.2.3.4", .failed = 0,
	    .attrs = { { "status", "Started" }, { "caller", NONE } } },
	{ .name = "activity, resource-log form",
	    .json = "{'time':'2026-11-13T10:31:05.4180000Z','resourceId':'"
	    VSCOPE "','operationName':'MICROSOFT.KEYVAULT/VAULTS/WRITE',"
	    "'category':'Administrative','resultType':'Failure',"
	    "'resultSignature':'Failed.Conflict','callerIpAddress':"
	    "'198.51.100.10','identity':{'claim':{'" UPNC "':'sec-admin@acme."
	    "example'}}}",
	    .rc = PARSE_OK, .action = "key.policy",
	    .operation = "arm:MICROSOFT.KEYVAULT/VAULTS/WRITE", .failed = 1,
	    .error_code = "Failed.Conflict", .actor = "sec-admin@acme.example",
	    .attrs = { { "category", "Administrative" } } },
	{ .name = "another resource-log category is out of scope",
	    .json = "{'time':'2026-11-13T10:31:05Z','category':"
	    "'AzurePolicyEvaluationDetails','operationName':'Evaluate'}",
	    .rc = PARSE_SKIP },
	{ .name = "another resource-log category, --all-events",
	    .json = "{'time':'2026-11-13T10:31:05Z','category':"
	    "'AzurePolicyEvaluationDetails','operationName':'Evaluate'}",
	    .all = 1, .rc = PARSE_OK, .action = "other",
	    .operation = "azure:Evaluate" },
	/* malformed */
	{ .name = "not an object", .json = "'x'", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "unknown record", .json = "{'a':1}", .rc = PARSE_ERR,
	    .errmsg = "not an Azure Key Vault" },
	{ .name = "category of the wrong type", .json = "{'category':[]}",
	    .rc = PARSE_ERR, .errmsg = "category is not a string" },
	{ .name = "operationName not a string",
	    .json = "{'time':'" T1 "','category':'AuditEvent',"
	    "'operationName':5}",
	    .rc = PARSE_ERR, .errmsg = "operationName is not a string" },
	{ .name = "no operationName",
	    .json = "{'time':'" T1 "','category':'AuditEvent'}",
	    .rc = PARSE_ERR, .errmsg = "no operationName" },
	{ .name = "OperationName not a string",
	    .json = "{'TimeGenerated':'" T1 "','Type':'AZKVAuditLogs',"
	    "'OperationName':[]}",
	    .rc = PARSE_ERR, .errmsg = "OperationName is not a string" },
	{ .name = "activity operation without value",
	    .json = "{'eventDataId':'x','operationName':{'localizedValue':"
	    "'y'}}",
	    .rc = PARSE_ERR, .errmsg = "operationName has no value" },
	{ .name = "no time",
	    .json = "{'category':'AuditEvent','operationName':'KeySign'}",
	    .rc = PARSE_ERR, .errmsg = "record has no time" },
	{ .name = "time not a string",
	    .json = "{'time':1,'category':'AuditEvent','operationName':"
	    "'KeySign'}",
	    .rc = PARSE_ERR, .errmsg = "time is not a string" },
	{ .name = "bad time",
	    .json = "{'time':'2026-13-45T99:00:00Z','category':'AuditEvent',"
	    "'operationName':'KeySign'}",
	    .rc = PARSE_ERR, .errmsg = "bad time" },
	{ .name = "no time, out of scope",
	    .json = "{'category':'AuditEvent','operationName':'SecretGet'}",
	    .rc = PARSE_SKIP },
	{ .name = "activity without eventTimestamp",
	    .json = "{'eventDataId':'x','operationName':{'value':"
	    "'Microsoft.KeyVault/vaults/write'}}",
	    .rc = PARSE_ERR, .errmsg = "record has no eventTimestamp" },
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
	check_str(r->name, "source", "azure_keyvault", e->s[F_SOURCE]);
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
	{ "KeySign", "{'category':'AuditEvent','operationName':'KeySign'}",
	    SCOPE_IN },
	{ "SecretGet", "{ 'operationName' : 'SecretGet', 'category' : "
	    "'AuditEvent' }", SCOPE_OUT },
	{ "AZKVAuditLogs KeySign", "{'Type':'AZKVAuditLogs','OperationName':"
	    "'KeySign'}", SCOPE_IN },
	{ "AZKVAuditLogs SecretGet", "{'OperationName':'SecretGet','Type':"
	    "'AZKVAuditLogs'}", SCOPE_OUT },
	{ "AzureDiagnostics SecretList", "{'Category':'AuditEvent',"
	    "'OperationName':'SecretList'}", SCOPE_OUT },
	{ "native names win", "{'category':'AuditEvent','Type':"
	    "'AZKVAuditLogs','OperationName':'KeySign'}", SCOPE_UNKNOWN },
	{ "Trusted Signing", "{'category':'SignTransactions',"
	    "'operationName':'Sign'}", SCOPE_UNKNOWN },
	{ "activity", "{'eventDataId':'x','operationName':{'value':'y'}}",
	    SCOPE_UNKNOWN },
	{ "escaped", "{'category':'AuditEvent','operationName':"
	    "'Secret\\u0047et'}", SCOPE_UNKNOWN },
	{ "duplicate", "{'category':'AuditEvent','operationName':'SecretGet',"
	    "'operationName':'KeySign'}", SCOPE_UNKNOWN },
	{ "truncated", "{'category':'AuditEvent','operationName':'Secr",
	    SCOPE_UNKNOWN },
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
	{ "PT1H.json line", KV("KeySign", "OK", "", ID_MI,
	    P_KEY(KURI, "200", "/sign")) "\n", "PT1H.json", 95, 95 },
	{ "records wrapper", "{\n  'records': [\n    {\n      'time': "
	    "'2016-01-05T01:32:01.2691226Z',\n      'resourceId': '/SUBSCRIPTIONS"
	    "/X/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/V',\n      'operationName': "
	    "'VaultGet',\n      'category': 'AuditEvent',", "PT1H.json", 95, 95 },
	{ "AZKVAuditLogs export", "[{'TimeGenerated':'2026-11-06T22:12:48Z',"
	    "'OperationName':'KeySign','Type':'AZKVAuditLogs'}]", "kv.json",
	    95, 95 },
	{ "Trusted Signing", "{'time':'x','category':'SignTransactions',"
	    "'operationName':'Sign'}", "PT1H.json", 90, 90 },
	{ "activity log, CLI", "[{'caller':'a','eventDataId':'x',"
	    "'operationName':{'value':'y'}}]", "activity.json", 85, 85 },
	{ "activity log, SDK", "{'event_data_id':'x','operation_name':{"
	    "'value':'y'}}", "azure_activity_log.jsonl", 85, 85 },
	{ "activity log, storage", "{'time':'x','resourceId':'/S','operationName'"
	    ":'MICROSOFT.KEYVAULT/VAULTS/WRITE','category':'Administrative'}",
	    "PT1H.json", 80, 80 },
	{ "CloudTrail", "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','userIdentity':{}}]}", "ct.json", 0, 0 },
	{ "GCP", "{'insertId':'a','logName':'projects/p/logs/x',"
	    "'protoPayload':{}}", "g.json", 0, 0 },
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
	assert_ptr_equal(parser_find("azure_keyvault"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_string_equal(P->container_keys[0], "records");
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
	int	files, records, in_scope, all, skipped, errors, facts;
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
			/* a user's VM deletion: the name claim, the IP */
			if (e->s[F_NATIVE_ID] && strcmp(e->s[F_NATIVE_ID],
			    "648230f9-fba4-4def-8a83-118b158b748a") == 0) {
				check_str(file, "actor",
				    "fakeemail@fakedomain.com", e->s[F_ACTOR]);
				check_str(file, "operation", "arm:Microsoft."
				    "Compute/virtualMachines/delete",
				    e->s[F_OPERATION]);
				check_str(file, "src_ip", "1.2.3.4",
				    e->s[F_SRC_IP]);
				check_str(file, "ts",
				    "2022-02-09T03:04:26.49265Z",
				    e->s[F_TS_RAW]);
				st->facts++;
			}
		}
		capture_free(&c);
	}
	free(text);
}

static void
corpus_file(const char *path, const char *rel, struct corpus_stats *st)
{
	json_error_t jerr;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	st->files++;
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
	snprintf(dir, sizeof(dir), "%s/../shared/corpus/azure_keyvault",
	    root && *root ? root : ".");
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		print_message("corpus %s absent: test skipped\n", dir);
		skip();
	}
	memset(&st, 0, sizeof(st));
	corpus_dir(dir, "", &st);
	print_message("corpus: %d files, %d records: %d in scope, %d with "
	    "--all-events\n", st.files, st.records, st.in_scope, st.all);
	assert_int_equal(st.files, 1);
	assert_int_equal(st.records, 4);
	/* an activity log of Compute operations: nothing in scope */
	assert_int_equal(st.in_scope, 0);
	assert_int_equal(st.all, 4);
	assert_int_equal(st.errors, 0);
	assert_int_equal(st.facts, 1);
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
