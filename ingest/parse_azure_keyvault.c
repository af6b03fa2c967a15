/* SPDX-License-Identifier: MIT */
/*
 * parse_azure_keyvault.c - Azure Key Vault diagnostic logs (category
 * AuditEvent), Azure Trusted Signing sign transactions and the Azure
 * activity log (formats.md section C).
 *
 * Shapes (all through the JSON splitter, container key "records"):
 *   - storage-account blobs of the diagnostic setting (container
 *     insights-logs-auditevent, .../y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json):
 *     JSON Lines since November 2018, {"records":[...]} before (and in
 *     Event Hubs messages);
 *   - Log Analytics exports (`az monitor log-analytics query` JSON) of the
 *     resource-specific table AZKVAuditLogs (TimeGenerated, OperationName,
 *     Identity, Id, RequestUri, HttpStatusCode, ...) and of the legacy
 *     AzureDiagnostics table (Category "AuditEvent", id_s, requestUri_s,
 *     httpStatusCode_d, identity_claim_*);
 *   - Trusted Signing diagnostic records (category SignTransactions);
 *   - Azure activity log events: the REST/CLI form (`az monitor
 *     activity-log list`: eventDataId, operationName {value}, ...), the
 *     Azure SDK for Python's snake_case form (event_data_id,
 *     operation_name, ...) and the resource-log form archived to storage
 *     (insights-activity-logs: time, operationName, category
 *     "Administrative", ...).
 *
 * A Key Vault record (one line of a PT1H.json blob):
 *   {"time": "2026-11-06T22:12:48.4915502Z", "resourceId": "/SUBSCRIPTIONS/
 *    6F1C2B3A-.../RESOURCEGROUPS/RG-NOTARY/PROVIDERS/MICROSOFT.KEYVAULT/
 *    VAULTS/ACME-NOTARY-KV", "operationName": "KeySign",
 *    "operationVersion": "7.4", "category": "AuditEvent", "resultType":
 *    "Success", "resultSignature": "Forbidden", "resultDescription": "...",
 *    "durationMs": "11", "callerIpAddress": "185.220.101.47",
 *    "correlationId": "...", "identity": {"claim": {"http://schemas.
 *    microsoft.com/identity/claims/objectidentifier": "...", "appid":
 *    "..."}}, "properties": {"id": "https://acme-notary-kv.vault.azure.net/
 *    keys/docs-notation/4b7e.../", "clientInfo": "...", "httpStatusCode":
 *    403, "requestUri": "https://acme-notary-kv.vault.azure.net/keys/
 *    docs-notation/4b7e.../sign?api-version=7.4", ...}}
 *
 * Mapping: time -> ts (7 fractional digits, truncated to µs);
 * "keyvault:<operationName>" -> operation; failure when
 * properties.httpStatusCode is 400 or more (resultType stays "Success" for
 * denied calls), else from resultSignature (the HTTP status text: OK,
 * Forbidden, ...) or resultType; error_code resultSignature, error_message
 * resultDescription.  Actor, from identity.claim: the UPN (users; else
 * the unique_name claim), else appid (the application, or the managed
 * identity's client id, which is what a pipeline is configured with), else
 * the object id; all three stay in attrs (upn, app_id, object_id, with
 * tenant_id, identity_type, managed_identity = xms_mirid).  An
 * unauthenticated request (the SDK's 401 challenge before every first
 * call) has no actor and attrs.unauthenticated.  Key: properties.id, the
 * key URI with its version, is key_raw; for keys and certificates it is
 * also key_ref, with scheme and host lower-cased ("https://<vault>.vault.
 * azure.net/keys/<name>/<version>"); without it, the key URI is taken from
 * properties.requestUri (key_ref_src "request-uri").  Vault-level
 * operations (VaultPut, VaultPatch) name the vault, not a key: key_raw
 * only, attrs.vault.  src_ip callerIpAddress, user_agent
 * properties.clientInfo.
 *
 * Identity of a record: Key Vault records have no unique id, so native_id
 * is left empty and the store de-duplicates on the hash of the record's
 * bytes.  That merges the same blob read twice (re-downloaded hourly
 * blobs: lines are appended, never rewritten) and never merges two
 * distinct calls.  correlationId is not used: it is optional, set by the
 * client, often empty, and reused by SDK retries, so keying on it would
 * drop the retried call; it stays in attrs.correlation_id for joins.  The
 * cost: one record exported both from storage and from Log Analytics is
 * stored twice.  Activity-log events keep their eventDataId as native_id.
 *
 * Scope: Key Vault signing (KeySign, KeyVerify), key reads and exports
 * (KeyGet, KeyBackup, KeyRelease: key.read), key and certificate
 * administration (create, rotate, import, restore, update, rotation
 * policy, delete, purge, recover), vault access-policy changes (VaultPut,
 * VaultPatch, the access-policy notification: key.policy; VaultDelete,
 * VaultPurge: key.delete); every Trusted Signing sign transaction; and in
 * the activity log: Key Vault writes and deletes, role assignments (a
 * key.grant when scoped to a vault or key, iam.policy otherwise),
 * diagnostic-setting changes (audit.config), federated identity
 * credentials (iam.trust) and Trusted Signing certificate profiles.
 * Secret operations (SecretGet, ...) and everything else are out of scope
 * (action "other" with --all-events).  The prefilter reads category and
 * operationName (or Type/Category and OperationName) from the bytes.
 *
 * Unsupported: Managed HSM audit logs (their own schema); the Trusted
 * Signing record schema is not documented (formats.md C.4), so those
 * records are stored generically (time, operation, result, caller,
 * identity, the resource as key_raw, properties copied to attrs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "codec.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define AZ_UPN	"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
#define AZ_NAME	"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
#define AZ_OID	"http://schemas.microsoft.com/identity/claims/objectidentifier"
#define AZ_TID	"http://schemas.microsoft.com/identity/claims/tenantid"

/* Key Vault operationName -> action. */
static const struct action_map az_kv_scope[] = {
	{ "KeySign", "sign" },
	{ "KeyVerify", "verify" },
	{ "KeyGet", "key.read" },
	{ "KeyGetDeleted", "key.read" },
	{ "KeyBackup", "key.read" },
	{ "KeyRelease", "key.read" },
	{ "KeyCreate", "key.create" },
	{ "KeyRotate", "key.create" },
	{ "KeyRotateIfDue", "key.create" },
	{ "KeyImport", "key.import" },
	{ "KeyRestore", "key.import" },
	{ "KeyUpdate", "key.policy" },
	{ "KeyRotationPolicySet", "key.policy" },
	{ "KeyRotationPolicyUpdate", "key.policy" },
	{ "KeyDelete", "key.delete" },
	{ "KeyPurge", "key.delete" },
	{ "KeyRecover", "key.delete" },
	{ "CertificateCreate", "key.create" },
	{ "CertificateImport", "key.import" },
	{ "CertificateRestore", "key.import" },
	{ "CertificatePendingMerge", "pki.cert" },
	{ "CertificateUpdate", "key.policy" },
	{ "CertificatePolicyUpdate", "key.policy" },
	{ "CertificatePolicySet", "key.policy" },
	{ "CertificateDelete", "key.delete" },
	{ "CertificatePurge", "key.delete" },
	{ "CertificateRecover", "key.delete" },
	{ "VaultPut", "key.policy" },
	{ "VaultPatch", "key.policy" },
	{ "VaultAccessPolicyChangedEventGridNotification", "key.policy" },
	{ "VaultDelete", "key.delete" },
	{ "VaultPurge", "key.delete" },
	{ "VaultRecover", "key.delete" },
	{ NULL, NULL }
};

/* Activity-log operations (compared without case) -> action. */
static const struct action_map az_arm_scope[] = {
	{ "Microsoft.KeyVault/vaults/write", "key.policy" },
	{ "Microsoft.KeyVault/vaults/accessPolicies/write", "key.policy" },
	{ "Microsoft.KeyVault/vaults/delete", "key.delete" },
	{ "Microsoft.KeyVault/locations/deletedVaults/purge/action",
	    "key.delete" },
	{ "Microsoft.KeyVault/vaults/keys/write", "key.create" },
	{ "Microsoft.Authorization/roleAssignments/write", "iam.policy" },
	{ "Microsoft.Authorization/roleAssignments/delete", "iam.policy" },
	{ "Microsoft.Authorization/roleDefinitions/write", "iam.policy" },
	{ "Microsoft.Insights/diagnosticSettings/write", "audit.config" },
	{ "Microsoft.Insights/diagnosticSettings/delete", "audit.config" },
	{ "Microsoft.ManagedIdentity/userAssignedIdentities/"
	    "federatedIdentityCredentials/write", "iam.trust" },
	{ "Microsoft.ManagedIdentity/userAssignedIdentities/"
	    "federatedIdentityCredentials/delete", "iam.trust" },
	{ "Microsoft.CodeSigning/codeSigningAccounts/certificateProfiles/"
	    "write", "key.create" },
	{ "Microsoft.CodeSigning/codeSigningAccounts/certificateProfiles/"
	    "delete", "key.delete" },
	{ NULL, NULL }
};

/* HTTP status texts of resultSignature. */
static const struct {
	const char	*text;
	int		 code;
} az_http_texts[] = {
	{ "OK", 200 }, { "Created", 201 }, { "Accepted", 202 },
	{ "NoContent", 204 }, { "BadRequest", 400 }, { "Unauthorized", 401 },
	{ "Forbidden", 403 }, { "NotFound", 404 },
	{ "MethodNotAllowed", 405 }, { "Conflict", 409 },
	{ "PreconditionFailed", 412 }, { "TooManyRequests", 429 },
	{ "InternalServerError", 500 }, { "BadGateway", 502 },
	{ "ServiceUnavailable", 503 }, { "GatewayTimeout", 504 },
};

enum az_shape {
	AZ_DIAG,		/* resource log: time, category, ... */
	AZ_LA_AZKV,		/* Log Analytics AZKVAuditLogs */
	AZ_LA_DIAG,		/* Log Analytics AzureDiagnostics */
	AZ_ACTIVITY,		/* activity log, REST or SDK form */
};

/* One record, whatever its shape, as the fields the mapping needs. */
struct az_view {
	enum az_shape	 shape;
	const char	*category;
	const json_t	*time;
	const char	*time_name;
	const char	*op;
	const char	*result_type, *result_sig, *result_desc;
	const char	*caller_ip, *correlation, *resource_id, *op_version;
	const char	*obj_id, *request_uri, *client_info;
	const json_t	*http_status, *duration, *props;
	const json_t	*claims;	/* object of claims or NULL */
	json_t		*owned;		/* Identity parsed from a string */
	const char	*upn, *app_id, *oid, *tid, *idtyp, *mirid;
};

static const char *
az_kv_classify(const char *op, size_t len)
{
	size_t i;

	for (i = 0; az_kv_scope[i].name; i++)
		if (strlen(az_kv_scope[i].name) == len &&
		    memcmp(az_kv_scope[i].name, op, len) == 0)
			return az_kv_scope[i].action;
	return NULL;
}

/* Whether the top-level string key of rec is exactly want. */
static int
az_scan_is(const char *rec, size_t len, const char *key, const char *want)
{
	const char *v;
	size_t vlen;

	return json_scan_top_str(rec, len, key, &v, &vlen) == 1 &&
	    vlen == strlen(want) && memcmp(v, want, vlen) == 0;
}

static enum scope_rc
az_prefilter(const char *rec, size_t len)
{
	const char *v, *op;
	size_t vlen, oplen;
	int c, o;

	c = json_scan_top_str(rec, len, "category", &v, &vlen);
	o = json_scan_top_str(rec, len, "operationName", &op, &oplen);
	if (c == 1 && o == 1 && vlen == 10 && memcmp(v, "AuditEvent", 10) ==
	    0)
		return az_kv_classify(op, oplen) ? SCOPE_IN : SCOPE_OUT;
	/* Log Analytics rows: no resource-log names at the top level */
	if (c != 0 || o != 0)
		return SCOPE_UNKNOWN;
	if ((az_scan_is(rec, len, "Type", "AZKVAuditLogs") ||
	    az_scan_is(rec, len, "Category", "AuditEvent")) &&
	    json_scan_top_str(rec, len, "OperationName", &op, &oplen) == 1)
		return az_kv_classify(op, oplen) ? SCOPE_IN : SCOPE_OUT;
	return SCOPE_UNKNOWN;
}

static int
az_probe(const char *head, size_t len, const char *name)
{
	if (memmem(head, len, "\"AuditEvent\"", 12) &&
	    (memmem(head, len, "MICROSOFT.KEYVAULT", 18) ||
	    memmem(head, len, "\"operationName\"", 15) ||
	    memmem(head, len, "\"OperationName\"", 15)))
		return 95;
	if (memmem(head, len, "\"AZKVAuditLogs\"", 15))
		return 95;
	if (memmem(head, len, "\"SignTransactions\"", 18) &&
	    memmem(head, len, "\"operationName\"", 15))
		return 90;
	/* activity log: REST/CLI and SDK forms, and the resource-log form */
	if (memmem(head, len, "\"eventDataId\"", 13) &&
	    memmem(head, len, "\"operationName\"", 15))
		return 85;
	if (memmem(head, len, "\"event_data_id\"", 15) &&
	    memmem(head, len, "\"operation_name\"", 16))
		return 85;
	if (memmem(head, len, "\"Administrative\"", 16) &&
	    memmem(head, len, "\"operationName\"", 15) &&
	    memmem(head, len, "\"resourceId\"", 12))
		return 80;
	return 0;
}

/* obj[a], else obj[b] (b may be NULL). */
static const json_t *
az_get(const json_t *obj, const char *a, const char *b)
{
	const json_t *v = json_object_get(obj, a);

	if (v == NULL && b)
		v = json_object_get(obj, b);
	return v;
}

/* A string, or the "value" of a {value, localizedValue} pair. */
static const char *
az_text(const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v))
		return jstr(v, "value");
	return NULL;
}

/* The identity claims of the view, once claims is set. */
static void
az_claims(struct az_view *v)
{
	const json_t *c = v->claims;

	if (c == NULL)
		return;
	v->upn = jstr(c, AZ_UPN);
	if (v->upn == NULL)
		v->upn = jstr(c, "upn");
	if (v->upn == NULL)
		v->upn = jstr(c, "unique_name");
	if (v->upn == NULL)
		v->upn = jstr(c, AZ_NAME);
	v->app_id = jstr(c, "appid");
	if (v->app_id == NULL)
		v->app_id = jstr(c, "azp");
	v->oid = jstr(c, AZ_OID);
	if (v->oid == NULL)
		v->oid = jstr(c, "oid");
	v->tid = jstr(c, AZ_TID);
	if (v->tid == NULL)
		v->tid = jstr(c, "tid");
	v->idtyp = jstr(c, "idtyp");
	v->mirid = jstr(c, "xms_mirid");
}

/* The resource-log shape (native Key Vault, Trusted Signing, activity). */
static void
az_view_diag(const json_t *rec, struct az_view *v)
{
	const json_t *p = jobj(rec, "properties");

	v->shape = AZ_DIAG;
	v->category = jstr(rec, "category");
	v->time = json_object_get(rec, "time");
	v->time_name = "time";
	v->op = jstr(rec, "operationName");
	v->op_version = jstr(rec, "operationVersion");
	v->result_type = jstr(rec, "resultType");
	v->result_sig = jstr(rec, "resultSignature");
	v->result_desc = jstr(rec, "resultDescription");
	v->caller_ip = jstr(rec, "callerIpAddress");
	v->correlation = jstr(rec, "correlationId");
	v->resource_id = jstr(rec, "resourceId");
	v->duration = json_object_get(rec, "durationMs");
	v->props = p;
	v->obj_id = jstr(p, "id");
	v->request_uri = jstr(p, "requestUri");
	v->client_info = jstr(p, "clientInfo");
	v->http_status = json_object_get(p, "httpStatusCode");
	if (v->http_status == NULL)
		v->http_status = json_object_get(p, "statusCode");
	v->claims = jpath(rec, "identity.claim");
	if (!json_is_object(v->claims))
		v->claims = jpath(rec, "identity.claims");
	if (!json_is_object(v->claims))
		v->claims = NULL;
	az_claims(v);
}

/* Log Analytics exports of AZKVAuditLogs and AzureDiagnostics. */
static void
az_view_la(const json_t *rec, struct az_view *v)
{
	const json_t *id;
	json_error_t jerr;

	v->time = json_object_get(rec, "TimeGenerated");
	v->time_name = "TimeGenerated";
	v->op = jstr(rec, "OperationName");
	v->op_version = jstr(rec, "OperationVersion");
	v->result_type = jstr(rec, "ResultType");
	v->result_sig = jstr(rec, "ResultSignature");
	v->result_desc = jstr(rec, "ResultDescription");
	v->correlation = jstr(rec, "CorrelationId");
	v->duration = json_object_get(rec, "DurationMs");
	v->resource_id = jstr(rec, "_ResourceId");
	if (v->resource_id == NULL)
		v->resource_id = jstr(rec, "ResourceId");
	if (v->shape == AZ_LA_AZKV) {
		v->category = "AuditEvent";
		v->caller_ip = jstr(rec, "CallerIpAddress");
		v->obj_id = jstr(rec, "Id");
		v->request_uri = jstr(rec, "RequestUri");
		v->client_info = jstr(rec, "ClientInfo");
		v->http_status = json_object_get(rec, "HttpStatusCode");
		id = json_object_get(rec, "Identity");
		if (json_is_string(id)) {
			v->owned = json_loads(json_string_value(id),
			    JSON_REJECT_DUPLICATES, &jerr);
			id = v->owned;
		}
		v->claims = jobj(id, "claim");
		if (v->claims == NULL)
			v->claims = jobj(id, "claims");
		az_claims(v);
		return;
	}
	v->category = jstr(rec, "Category");
	v->caller_ip = jstr(rec, "CallerIPAddress");
	v->obj_id = jstr(rec, "id_s");
	v->request_uri = jstr(rec, "requestUri_s");
	v->client_info = jstr(rec, "clientInfo_s");
	v->http_status = json_object_get(rec, "httpStatusCode_d");
	v->upn = jstr(rec, "identity_claim_upn_s");
	if (v->upn == NULL)
		v->upn = jstr(rec, "identity_claim_http_schemas_xmlsoap_org_"
		    "ws_2005_05_identity_claims_upn_s");
	v->app_id = jstr(rec, "identity_claim_appid_g");
	v->oid = jstr(rec, "identity_claim_oid_g");
	if (v->oid == NULL)
		v->oid = jstr(rec, "identity_claim_http_schemas_microsoft_com_"
		    "identity_claims_objectidentifier_g");
	v->tid = jstr(rec, "identity_claim_tid_g");
}

/* Activity log, REST/CLI (camelCase) or SDK (snake_case) form. */
static void
az_view_activity(const json_t *rec, struct az_view *v)
{
	const json_t *hr = az_get(rec, "httpRequest", "http_request");

	v->shape = AZ_ACTIVITY;
	v->category = az_text(json_object_get(rec, "category"));
	v->time = az_get(rec, "eventTimestamp", "event_timestamp");
	v->time_name = json_object_get(rec, "event_data_id") ||
	    json_object_get(rec, "operation_name") ? "event_timestamp" :
	    "eventTimestamp";
	v->op = az_text(az_get(rec, "operationName", "operation_name"));
	v->result_type = az_text(json_object_get(rec, "status"));
	v->result_sig = az_text(az_get(rec, "subStatus", "sub_status"));
	v->caller_ip = jstr(hr, "clientIpAddress");
	if (v->caller_ip == NULL)
		v->caller_ip = jstr(hr, "client_ip_address");
	v->correlation = az_text(az_get(rec, "correlationId",
	    "correlation_id"));
	v->resource_id = az_text(az_get(rec, "resourceId", "resource_id"));
	v->props = jobj(rec, "properties");
	v->result_desc = jstr(v->props, "statusMessage");
	v->claims = jobj(rec, "claims");
	az_claims(v);
}

/* HTTP status from a number or numeric string, -1 if none. */
static int
az_http(const json_t *v, const char *text)
{
	double d;
	long n;
	char *end;
	size_t i;

	if (json_is_integer(v) && json_integer_value(v) >= 100 &&
	    json_integer_value(v) <= 999)
		return (int)json_integer_value(v);
	if (json_is_real(v)) {
		d = json_real_value(v);
		if (d >= 100 && d <= 999 && d == (double)(int)d)
			return (int)d;
	}
	if (json_is_string(v) && *json_string_value(v)) {
		n = strtol(json_string_value(v), &end, 10);
		if (*end == '\0' && n >= 100 && n <= 999)
			return (int)n;
	}
	if (text == NULL)
		return -1;
	for (i = 0; i < sizeof(az_http_texts) / sizeof(az_http_texts[0]); i++)
		if (strcasecmp(az_http_texts[i].text, text) == 0)
			return az_http_texts[i].code;
	n = strtol(text, &end, 10);
	if (*text && *end == '\0' && n >= 100 && n <= 999)
		return (int)n;
	return -1;
}

static void
az_outcome(const struct az_view *v, struct event *ev)
{
	int status = az_http(v->http_status, v->result_sig);
	const char *rt = v->result_type;
	char num[16];

	if (status >= 0)
		event_attr(ev, "http_status", json_integer(status));
	if (status >= 400) {
		ev->failed = 1;
	} else if (status < 0 && rt && (strcasecmp(rt, "Failure") == 0 ||
	    strcasecmp(rt, "Failed") == 0)) {
		ev->failed = 1;
	}
	if (!ev->failed)
		return;
	if (v->result_sig && *v->result_sig) {
		event_set(&ev->error_code, v->result_sig);
	} else if (status >= 0) {
		snprintf(num, sizeof(num), "%d", status);
		event_set(&ev->error_code, num);
	} else {
		event_set(&ev->error_code, rt);
	}
	event_set(&ev->error_message, v->result_desc);
}

static int
az_is_version(const char *s, size_t n)
{
	return n == 32 && strspn(s, "0123456789abcdefABCDEF") >= 32;
}

/*
 * "https://<host>/keys|certificates/<name>[/<version>]..." -> the object
 * URI, scheme and host lower-cased, a default port, the query and any
 * trailing operation ("/sign") dropped; NULL for other URIs (vaults).
 * *trailing gets whether an operation segment followed.
 */
static char *
az_key_uri(const char *uri, int *trailing)
{
	const char *host, *path, *seg[4];
	size_t hostlen, seglen[4], i, n = 0;
	char *out, *p;

	*trailing = 0;
	if (uri == NULL || strncasecmp(uri, "https://", 8) != 0)
		return NULL;
	host = uri + 8;
	hostlen = strcspn(host, "/?#");
	path = host + hostlen;
	if (hostlen == 0 || *path != '/')
		return NULL;
	if (hostlen > 4 && strncmp(host + hostlen - 4, ":443", 4) == 0)
		hostlen -= 4;
	while (*path == '/' && n < 4) {
		path++;
		seglen[n] = strcspn(path, "/?#");
		if (seglen[n] == 0)
			break;
		seg[n] = path;
		path += seglen[n];
		n++;
	}
	if (n < 2 || !((seglen[0] == 4 && strncasecmp(seg[0], "keys", 4) ==
	    0) || (seglen[0] == 12 && strncasecmp(seg[0], "certificates",
	    12) == 0)))
		return NULL;
	if (n >= 3 && !az_is_version(seg[2], seglen[2])) {
		*trailing = 1;
		n = 2;
	} else if (n == 4) {
		*trailing = 1;
		n = 3;
	}
	out = xasprintf("https://%.*s/%.*s/%.*s%s%.*s", (int)hostlen, host,
	    (int)seglen[0], seg[0], (int)seglen[1], seg[1], n == 3 ? "/" : "",
	    n == 3 ? (int)seglen[2] : 0, n == 3 ? seg[2] : "");
	for (p = out + 8; *p && *p != '/'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	for (i = 0; out[i] && i < 8; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	return out;
}

/* Key Vault key or certificate of the record (see the top). */
static void
az_map_key(const struct az_view *v, struct event *ev)
{
	char *ref;
	int trailing;

	event_set(&ev->key_raw, v->obj_id);
	if ((ref = az_key_uri(v->obj_id, &trailing)) != NULL) {
		event_set(&ev->key_ref, ref);
		free(ref);
		return;
	}
	if (v->obj_id == NULL &&
	    (ref = az_key_uri(v->request_uri, &trailing)) != NULL) {
		event_set(&ev->key_ref, ref);
		ev->key_ref_src = "request-uri";
		free(ref);
	}
}

/* "/SUBSCRIPTIONS/.../VAULTS/NAME" -> "name" (new), or NULL. */
static char *
az_vault_name(const char *rid)
{
	const char *p = rid;
	const char *hit = NULL;

	for (; p && (p = strchr(p, '/')) != NULL; p++)
		if (strncasecmp(p, "/vaults/", 8) == 0)
			hit = p + 8;
	if (hit == NULL || *hit == '\0')
		return NULL;
	return ascii_lower(xstrndup(hit, strcspn(hit, "/")));
}

static void
az_map_identity(const struct az_view *v, const char *caller,
    struct event *ev)
{
	const char *actor = v->upn ? v->upn : v->app_id ? v->app_id :
	    v->oid ? v->oid : caller;

	event_set(&ev->actor, actor);
	event_attr_str(ev, "upn", v->upn);
	event_attr_str(ev, "app_id", v->app_id);
	event_attr_str(ev, "object_id", v->oid);
	event_attr_str(ev, "tenant_id", v->tid);
	event_attr_str(ev, "identity_type", v->idtyp);
	event_attr_str(ev, "managed_identity", v->mirid);
	if (caller && strcmp(actor, caller) != 0)
		event_attr_str(ev, "caller", caller);
}

static enum parse_rc
az_time(const struct az_view *v, struct event *ev, struct diag *d)
{
	const char *t;
	struct diag why;

	if (v->time == NULL || json_is_null(v->time))
		return diag_set(d, "record has no %s", v->time_name);
	if (!json_is_string(v->time))
		return diag_set(d, "%s is not a string", v->time_name);
	t = json_string_value(v->time);
	diag_clear(&why);
	if (ts_parse_iso(t, strlen(t), &ev->ts_us, &ev->ts_flags, &why) < 0)
		return diag_set(d, "bad %s '%s': %s", v->time_name, t,
		    why.msg);
	event_set(&ev->ts_raw, t);
	return PARSE_OK;
}

/* Role assignments scoped to a vault or a key are grants on keys. */
static const char *
az_role_action(const json_t *rec, const struct az_view *v,
    const char *action)
{
	const char *scope = jpath_str(rec, "authorization.scope");

	if (scope == NULL)
		scope = v->resource_id;
	if (strcmp(action, "iam.policy") == 0 && v->op &&
	    strncasecmp(v->op, "Microsoft.Authorization/roleAssignments/",
	    40) == 0 && scope && strcasestr(scope,
	    "/providers/Microsoft.KeyVault/"))
		return "key.grant";
	return action;
}

/*
 * Which kind of record rec is: fills the view, returns 0, or -1 with the
 * reason in d.
 */
static int
az_detect(const json_t *rec, struct az_view *v, struct diag *d)
{
	const char *cat = jstr(rec, "category"), *type = jstr(rec, "Type");

	if (cat || jstr(rec, "operationName")) {
		az_view_diag(rec, v);
		return 0;
	}
	if ((type && strcmp(type, "AZKVAuditLogs") == 0) ||
	    (type == NULL && json_object_get(rec, "Identity") &&
	    json_object_get(rec, "OperationName"))) {
		v->shape = AZ_LA_AZKV;
		az_view_la(rec, v);
		return 0;
	}
	if ((cat = jstr(rec, "Category")) != NULL &&
	    strcmp(cat, "AuditEvent") == 0) {
		v->shape = AZ_LA_DIAG;
		az_view_la(rec, v);
		return 0;
	}
	if (az_get(rec, "eventDataId", "event_data_id") ||
	    (json_is_object(json_object_get(rec, "operationName")) ||
	    json_is_object(json_object_get(rec, "operation_name")))) {
		az_view_activity(rec, v);
		return 0;
	}
	if (json_object_get(rec, "category"))
		return diag_set(d, "category is not a string");
	return diag_set(d, "not an Azure Key Vault, Trusted Signing or "
	    "activity log record (no category/operationName, no "
	    "OperationName, no eventDataId)");
}

static enum parse_rc
az_parse_record(const json_t *rec, struct parse_ctx *pc, struct az_view *v,
    struct event *ev, struct diag *d)
{
	const char *action = NULL, *kind;
	int kv = 0, ts = 0;
	char *vault;
	enum parse_rc rc;

	if (az_detect(rec, v, d) < 0)
		return PARSE_ERR;
	if (v->op == NULL && !(v->shape == AZ_DIAG && v->category &&
	    strcmp(v->category, "SignTransactions") == 0)) {
		if (v->shape == AZ_ACTIVITY)
			return diag_set(d, "operationName has no value");
		if (json_object_get(rec, v->shape == AZ_DIAG ?
		    "operationName" : "OperationName"))
			return diag_set(d, "%s is not a string", v->shape ==
			    AZ_DIAG ? "operationName" : "OperationName");
		return diag_set(d, "record has no %s", v->shape == AZ_DIAG ?
		    "operationName" : "OperationName");
	}
	if (v->shape != AZ_ACTIVITY && v->category &&
	    strcmp(v->category, "AuditEvent") == 0) {
		kv = 1;
		kind = "keyvault";
		action = az_kv_classify(v->op, strlen(v->op));
	} else if (v->shape == AZ_DIAG && v->category &&
	    strcmp(v->category, "SignTransactions") == 0) {
		ts = 1;
		kind = "trustedsigning";
		action = "sign";
	} else if (v->shape == AZ_ACTIVITY || (v->op && strchr(v->op, '/'))) {
		kind = "arm";
		if (v->op && (action = action_lookup(az_arm_scope, v->op,
		    1)) != NULL)
			action = az_role_action(rec, v, action);
	} else {
		kind = "azure";
	}
	if (action == NULL && !pc->all_events)
		return PARSE_SKIP;
	if ((rc = az_time(v, ev, d)) != PARSE_OK)
		return rc;
	ev->source = "azure_keyvault";
	ev->action = action ? action : "other";
	ev->operation = xasprintf("%s:%s", kind, v->op ? v->op :
	    "SignTransaction");
	event_set(&ev->src_ip, v->caller_ip);
	event_set(&ev->user_agent, v->client_info);
	az_outcome(v, ev);
	if (v->shape == AZ_ACTIVITY) {
		az_map_identity(v, az_text(json_object_get(rec, "caller")), ev);
		event_set(&ev->native_id, az_text(az_get(rec, "eventDataId",
		    "event_data_id")));
		event_attr_str(ev, "event_name", az_text(az_get(rec,
		    "eventName", "event_name")));
		event_attr_str(ev, "status", v->result_type);
		event_attr_str(ev, "sub_status", v->result_sig);
		event_attr_str(ev, "operation_id", az_text(az_get(rec,
		    "operationId", "operation_id")));
		event_attr_str(ev, "level", az_text(json_object_get(rec,
		    "level")));
		event_attr_str(ev, "subscription_id", az_text(az_get(rec,
		    "subscriptionId", "subscription_id")));
		event_attr_copy(ev, "authorization", json_object_get(rec,
		    "authorization"));
		event_attr_str(ev, "export", "activity-log");
	} else {
		az_map_identity(v, NULL, ev);
		event_attr_str(ev, "result_type", v->result_type);
		event_attr_str(ev, "result_signature", v->result_sig);
		event_attr_str(ev, "operation_version", v->op_version);
		event_attr_copy(ev, "duration_ms", v->duration);
		event_attr_str(ev, "export", v->shape == AZ_LA_AZKV ?
		    "AZKVAuditLogs" : v->shape == AZ_LA_DIAG ?
		    "AzureDiagnostics" : "diagnostic");
		if (v->shape == AZ_DIAG && v->category && !kv)
			event_attr_str(ev, "category", v->category);
		if (v->shape == AZ_DIAG && !kv && !ts)
			event_attr_copy(ev, "identity", json_object_get(rec,
			    "identity"));
	}
	if (kv) {
		az_map_key(v, ev);
		event_attr_str(ev, "request_uri", v->request_uri);
		if (ev->failed && v->claims == NULL && v->upn == NULL &&
		    v->app_id == NULL && v->oid == NULL)
			event_attr(ev, "unauthenticated", json_true());
	} else {
		event_set(&ev->key_raw, v->resource_id);
	}
	if (ts)
		event_attr_copy(ev, "identity", json_object_get(rec,
		    "identity"));
	vault = az_vault_name(v->resource_id);
	event_attr_str(ev, "vault", vault);
	free(vault);
	event_attr_str(ev, "resource_id", v->resource_id);
	event_attr_str(ev, "correlation_id", v->correlation &&
	    *v->correlation ? v->correlation : NULL);
	event_attr_copy(ev, "properties", v->props);
	return PARSE_OK;
}

static enum parse_rc
az_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	struct az_view v;
	enum parse_rc rc;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	memset(&v, 0, sizeof(v));
	rc = az_parse_record(rec, pc, &v, ev, d);
	json_decref(v.owned);
	if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return rc;
}

static const char *const az_containers[] = { "records", "value", NULL };

const struct parser parser_azure_keyvault = {
	.name = "azure_keyvault",
	.desc = "Azure Key Vault diagnostic logs (AuditEvent: JSON Lines, "
	    "{\"records\":[...]}, Log Analytics exports), Trusted Signing "
	    "sign transactions, Azure activity log (Key Vault, role "
	    "assignments, diagnostic settings)",
	.howto = "az storage blob download-batch -s insights-logs-auditevent "
	    "-d evidence/ --account-name <account> (PT1H.json blobs), or: az "
	    "monitor log-analytics query -w <workspace> --analytics-query "
	    "'AZKVAuditLogs' -o json; activity log: az monitor activity-log "
	    "list --start-time <T> -o json",
	.kind = INPUT_JSON,
	.container_keys = az_containers,
	.probe = az_probe,
	.prefilter = az_prefilter,
	.parse_json = az_parse_json,
};
