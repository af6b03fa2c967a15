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

#include "helpers.h"


static const struct parser *const P = &parser_azure_keyvault;
static const struct suite S = { .p = &parser_azure_keyvault,
    .flags = S_FLIP | S_TIMED };

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
	    .text = KV("KeySign", "OK", "", ID_MI,
	    P_KEY(KURI, "200", "/sign")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "keyvault:KeySign",
	    .w.error_code = NONE, .w.actor = MI_APP, .w.session = NONE,
	    .w.key_ref = KURI, .w.key_ref_src = "record", .w.key_raw = KURI,
	    .w.ts = "2026-11-06T22:12:48.965392Z", .w.native_id = NONE,
	    .w.src_ip = "185.220.101.47", .w.user_agent = UA,
	    .w.attrs = { { "object_id", MI_OID }, { "managed_identity",
	    MIRID },
	    { "vault", "acme-docs-notary" }, { "http_status", "200" },
	    { "correlation_id", "0c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff" },
	    { "export", "diagnostic" } } },
	{ .name = "denied KeySign",
	    .text = KV("KeySign", "Forbidden", "The user, group or "
	    "application does not have keys sign permission", ID_MI,
	    P_KEY(KURI, "403", "/sign")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.failed = 1,
	    .w.error_code = "Forbidden",
	    .w.error_message = "The user, group or "
	    "application does not have keys sign permission",
	    .w.attrs = { { "http_status", "403" },
	    { "unauthenticated", NONE } } },
	{ .name = "the SDK's 401 challenge",
	    .text = KV("KeySign", "Unauthorized", "", "",
	    "'clientInfo':'" UA "','httpStatusCode':401,'requestUri':'" KURI
	    "/sign?api-version=7.5'"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.failed = 1,
	    .w.error_code = "Unauthorized", .w.actor = NONE, .w.key_raw = NONE,
	    .w.key_ref = KURI, .w.key_ref_src = "request-uri",
	    .w.attrs = { { "unauthenticated", "true" } } },
	{ .name = "KeyVerify by a user",
	    .text = KV("KeyVerify", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/verify")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "verify",
	    .w.actor = "a.novak@acme.example",
	    .w.attrs = { { "app_id", "04b07795" }, { "upn",
	    "a.novak@acme.example" } } },
	{ .name = "KeyGet without an id: the key from the request URI",
	    .text = KV("KeyGet", "OK", "", ID_MI, "'httpStatusCode':200,"
	    "'requestUri':'https://ACME-DOCS-NOTARY.vault.azure.net:443/keys/"
	    "docs-image-signing/?api-version=7.5'"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.read",
	    .w.key_ref = VURI "keys/docs-image-signing",
	    .w.key_ref_src = "request-uri", .w.key_raw = NONE },
	{ .name = "key URI: host case and default port",
	    .text = KV("KeySign", "OK", "", ID_MI, "'id':'HTTPS://Acme-Docs-"
	    "Notary.Vault.Azure.Net:443/keys/docs-image-signing/" KVER "',"
	    "'httpStatusCode':200"),
	    .rc = PARSE_OK, .nev = 1, .w.key_ref = KURI,
	    .w.key_raw = "HTTPS://Acme-Docs-Notary.Vault.Azure.Net:443/keys/"
	    "docs-image-signing/" KVER },
	{ .name = "KeyCreate", .text = KV("KeyCreate", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/create")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.create",
	    .w.key_ref = KURI },
	{ .name = "KeyRotate", .text = KV("KeyRotate", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/rotate")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.create" },
	{ .name = "KeyImport", .text = KV("KeyImport", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.import" },
	{ .name = "KeyUpdate (a disable is an update)",
	    .text = KV("KeyUpdate", "OK", "", ID_USER, P_KEY(KURI, "200", "")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.policy" },
	{ .name = "KeyDelete", .text = KV("KeyDelete", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.delete" },
	{ .name = "KeyBackup", .text = KV("KeyBackup", "OK", "", ID_USER,
	    P_KEY(KURI, "200", "/backup")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.read" },
	{ .name = "KeyRotationPolicySet",
	    .text = KV("KeyRotationPolicySet", "OK", "", ID_USER,
	    "'id':'" VURI "keys/docs-image-signing/rotationpolicy',"
	    "'httpStatusCode':200"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.policy",
	    .w.key_ref = VURI "keys/docs-image-signing" },
	{ .name = "CertificateImport",
	    .text = KV("CertificateImport", "OK", "", ID_USER, "'id':'" VURI
	    "certificates/docs-image-signing/" KVER "','httpStatusCode':200"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.import",
	    .w.key_ref = VURI "certificates/docs-image-signing/" KVER },
	{ .name = "VaultPatch: an access policy change on the vault",
	    .text = KV("VaultPatch", "OK", "", ID_USER, "'clientInfo':"
	    "'azure-resource-manager/2.0','requestUri':'https://control-prod-"
	    "weu.vaultcore.azure.net/subscriptions/x/vaults/acme-docs-notary"
	    "?api-version=2023-07-01','id':'" VURI "','httpStatusCode':200"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.policy",
	    .w.key_ref = NONE,
	    .w.key_raw = VURI,
	    .w.attrs = { { "vault", "acme-docs-notary" } } },
	{ .name = "SecretGet is out of scope",
	    .text = KV("SecretGet", "OK", "", ID_MI, "'id':'" VURI
	    "secrets/s/1','httpStatusCode':200"),
	    .rc = PARSE_SKIP },
	{ .name = "SecretGet with --all-events",
	    .text = KV("SecretGet", "OK", "", ID_MI, "'id':'" VURI
	    "secrets/s/1','httpStatusCode':200"),
	    .all = 1, .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "keyvault:SecretGet", .w.key_ref = NONE,
	    .w.key_raw = VURI "secrets/s/1" },
	{ .name = "status code as text",
	    .text = KV("KeySign", "Forbidden", "", ID_MI, "'id':'" KURI "',"
	    "'httpStatusCode':'403'"),
	    .rc = PARSE_OK, .nev = 1, .w.failed = 1,
	    .w.error_code = "Forbidden" },
	{ .name = "no status code: resultSignature",
	    .text = KV("KeySign", "TooManyRequests", "", ID_MI,
	    "'id':'" KURI "'"),
	    .rc = PARSE_OK, .nev = 1, .w.failed = 1,
	    .w.error_code = "TooManyRequests",
	    .w.attrs = { { "http_status", "429" } } },
	{ .name = "no status at all: success",
	    .text = KV("KeySign", "", "", ID_MI, "'id':'" KURI "'"),
	    .rc = PARSE_OK, .nev = 1, .w.failed = 0, .w.error_code = NONE },
	{ .name = "wrong types are tolerated",
	    .text = "{'time':'" T1 "','category':'AuditEvent','operationName':"
	    "'KeySign','identity':{'claim':[]},'properties':{'id':5,"
	    "'httpStatusCode':true,'requestUri':7},'callerIpAddress':{},"
	    "'resultSignature':9,'durationMs':12.5}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.actor = NONE,
	    .w.key_ref = NONE,
	    .w.failed = 0, .w.src_ip = NONE,
	    .w.attrs = { { "duration_ms", "12.5" } }
	    },
	{ .name = "Log Analytics AZKVAuditLogs, Identity as text",
	    .text = "{'TimeGenerated':'2026-11-06T22:12:48.965Z',"
	    "'OperationName':"
	    "'KeySign','ResultSignature':'Forbidden','CallerIpAddress':"
	    "'185.220.101.47','Id':'" KURI "','RequestUri':'" KURI "/sign',"
	    "'HttpStatusCode':403,'Identity':'{\\'claim\\':{\\'appid\\':"
	    "\\'c4d3\\'}}','ClientInfo':'" UA "','_ResourceId':'" RID "',"
	    "'Type':'AZKVAuditLogs'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.failed = 1,
	    .w.error_code = "Forbidden", .w.actor = "c4d3", .w.key_ref = KURI,
	    .w.src_ip = "185.220.101.47", .w.user_agent = UA,
	    .w.attrs = { { "export", "AZKVAuditLogs" },
	    { "vault", "acme-docs-notary" } } },
	{ .name = "AZKVAuditLogs, Identity as an object, no Type",
	    .text = "{'TimeGenerated':'2026-11-06T22:12:48Z','OperationName':"
	    "'KeyVerify','Id':'" KURI "','HttpStatusCode':200,'Identity':{"
	    "'claim':{'" UPNC "':'a.novak@acme.example'}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "verify",
	    .w.actor = "a.novak@acme.example" },
	{ .name = "AZKVAuditLogs, broken Identity text",
	    .text = "{'TimeGenerated':'2026-11-06T22:12:48Z','OperationName':"
	    "'KeySign','Identity':'{oops','Type':'AZKVAuditLogs'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.actor = NONE },
	{ .name = "Log Analytics AzureDiagnostics",
	    .text = "{'TimeGenerated':'2026-11-06T22:12:48.965Z','Category':"
	    "'AuditEvent','OperationName':'KeySign','ResultSignature':'OK',"
	    "'CallerIPAddress':'10.240.0.35','id_s':'" KURI "',"
	    "'httpStatusCode_d':200.0,'identity_claim_appid_g':'" MI_APP "',"
	    "'identity_claim_oid_g':'" MI_OID "','clientInfo_s':'" UA "',"
	    "'ResourceProvider':'MICROSOFT.KEYVAULT','Type':"
	    "'AzureDiagnostics'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.failed = 0,
	    .w.actor = MI_APP,
	    .w.key_ref = KURI, .w.src_ip = "10.240.0.35",
	    .w.attrs = { { "export", "AzureDiagnostics" },
	    { "object_id", MI_OID } } },
	{ .name = "AzureDiagnostics SecretGet is out of scope",
	    .text = "{'TimeGenerated':'2026-11-06T22:12:48Z','Category':"
	    "'AuditEvent','OperationName':'SecretGet'}",
	    .rc = PARSE_SKIP },
	{ .name = "Trusted Signing transaction",
	    .text = "{'time':'2026-11-06T22:20:01.1234567Z','resourceId':"
	    "'/SUBSCRIPTIONS/" SUB "/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT."
	    "CODESIGNING/CODESIGNINGACCOUNTS/ACME','operationName':'Sign',"
	    "'category':'SignTransactions','resultType':'Succeeded',"
	    "'callerIpAddress':'20.1.2.3','identity':{'claim':{'appid':"
	    "'77aa'}},'properties':{'certificateProfileName':'widget'}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "trustedsigning:Sign",
	    .w.actor = "77aa", .w.key_ref = NONE,
	    .w.key_raw = "/SUBSCRIPTIONS/" SUB "/RESOURCEGROUPS/RG/PROVIDERS/"
	    "MICROSOFT.CODESIGNING/CODESIGNINGACCOUNTS/ACME",
	    .w.attrs = { { "properties.certificateProfileName", "widget" },
	    { "identity.claim.appid", "77aa" } } },
	{ .name = "failed Trusted Signing transaction",
	    .text = "{'time':'2026-11-06T22:20:01Z','category':"
	    "'SignTransactions','resultType':'Failed'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "trustedsigning:SignTransaction", .w.failed = 1,
	    .w.error_code = "Failed" },
	{ .name = "activity: access policy change",
	    .text = ACT("Microsoft.KeyVault/vaults/accessPolicies/write",
	    "Succeeded", VSCOPE, "OK"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.policy",
	    .w.operation = "arm:Microsoft.KeyVault/vaults/accessPolicies/"
	    "write",
	    .w.actor = "sec-admin@acme.example",
	    .w.native_id = "7a8b9c0d-1111-4222-8333-944455556666",
	    .w.src_ip = "198.51.100.10", .w.key_raw = VSCOPE,
	    .w.ts = "2026-11-13T10:31:05.418000Z",
	    .w.attrs = { { "vault", "acme-docs-notary" },
	    { "event_name", "EndRequest" }, { "status", "Succeeded" },
	    { "export", "activity-log" } } },
	{ .name = "activity: role assignment on a vault is a grant",
	    .text = ACT("Microsoft.Authorization/roleAssignments/write",
	    "Succeeded", VSCOPE "/providers/Microsoft.Authorization/"
	    "roleAssignments/9f8e", ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.grant" },
	{ .name = "activity: role assignment elsewhere",
	    .text = ACT("Microsoft.Authorization/roleAssignments/write",
	    "Succeeded", "/subscriptions/" SUB "/providers/Microsoft."
	    "Authorization/roleAssignments/9f8e", ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "iam.policy" },
	{ .name = "activity: failed diagnostic-setting delete",
	    .text = ACT("microsoft.insights/diagnosticSettings/delete",
	    "Failed", VSCOPE "/providers/microsoft.insights/"
	    "diagnosticSettings/to-storage", "Forbidden"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "audit.config",
	    .w.failed = 1,
	    .w.error_code = "Forbidden" },
	{ .name = "activity: compute is out of scope",
	    .text = ACT("Microsoft.Compute/disks/delete", "Started",
	    "/subscriptions/x/disks/d", ""),
	    .rc = PARSE_SKIP },
	{ .name = "activity, SDK form, with --all-events",
	    .text = "{'caller':'12345678','claims':{'appid':'12345678'},"
	    "'event_data_id':'587eda65','event_timestamp':"
	    "'2022-02-09T03:04:54.297853Z','http_request':{"
	    "'client_ip_address':'1.2.3.4'},'operation_name':{'value':"
	    "'Microsoft.Compute/disks/delete','localized_value':'x'},"
	    "'status':{'value':'Started'},'resource_id':'/subscriptions/s/"
	    "resourceGroups/g/providers/Microsoft.Compute/disks/d'}",
	    .all = 1, .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "arm:Microsoft.Compute/disks/delete",
	    .w.actor = "12345678", .w.native_id = "587eda65",
	    .w.src_ip = "1.2.3.4", .w.failed = 0,
	    .w.attrs = { { "status", "Started" }, { "caller", NONE } } },
	{ .name = "activity, resource-log form",
	    .text = "{'time':'2026-11-13T10:31:05.4180000Z','resourceId':'"
	    VSCOPE "','operationName':'MICROSOFT.KEYVAULT/VAULTS/WRITE',"
	    "'category':'Administrative','resultType':'Failure',"
	    "'resultSignature':'Failed.Conflict','callerIpAddress':"
	    "'198.51.100.10','identity':{'claim':{'" UPNC "':'sec-admin@acme."
	    "example'}}}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.policy",
	    .w.operation = "arm:MICROSOFT.KEYVAULT/VAULTS/WRITE",
	    .w.failed = 1,
	    .w.error_code = "Failed.Conflict",
	    .w.actor = "sec-admin@acme.example",
	    .w.attrs = { { "category", "Administrative" } } },
	{ .name = "another resource-log category is out of scope",
	    .text = "{'time':'2026-11-13T10:31:05Z','category':"
	    "'AzurePolicyEvaluationDetails','operationName':'Evaluate'}",
	    .rc = PARSE_SKIP },
	{ .name = "another resource-log category, --all-events",
	    .text = "{'time':'2026-11-13T10:31:05Z','category':"
	    "'AzurePolicyEvaluationDetails','operationName':'Evaluate'}",
	    .all = 1, .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "azure:Evaluate" },
	/* malformed */
	{ .name = "not an object", .text = "'x'", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "unknown record", .text = "{'a':1}", .rc = PARSE_ERR,
	    .errmsg = "not an Azure Key Vault" },
	{ .name = "category of the wrong type", .text = "{'category':[]}",
	    .rc = PARSE_ERR, .errmsg = "category is not a string" },
	{ .name = "operationName not a string",
	    .text = "{'time':'" T1 "','category':'AuditEvent',"
	    "'operationName':5}",
	    .rc = PARSE_ERR, .errmsg = "operationName is not a string" },
	{ .name = "no operationName",
	    .text = "{'time':'" T1 "','category':'AuditEvent'}",
	    .rc = PARSE_ERR, .errmsg = "no operationName" },
	{ .name = "OperationName not a string",
	    .text = "{'TimeGenerated':'" T1 "','Type':'AZKVAuditLogs',"
	    "'OperationName':[]}",
	    .rc = PARSE_ERR, .errmsg = "OperationName is not a string" },
	{ .name = "activity operation without value",
	    .text = "{'eventDataId':'x','operationName':{'localizedValue':"
	    "'y'}}",
	    .rc = PARSE_ERR, .errmsg = "operationName has no value" },
	{ .name = "no time",
	    .text = "{'category':'AuditEvent','operationName':'KeySign'}",
	    .rc = PARSE_ERR, .errmsg = "record has no time" },
	{ .name = "time not a string",
	    .text = "{'time':1,'category':'AuditEvent','operationName':"
	    "'KeySign'}",
	    .rc = PARSE_ERR, .errmsg = "time is not a string" },
	{ .name = "bad time",
	    .text = "{'time':'2026-13-45T99:00:00Z','category':'AuditEvent',"
	    "'operationName':'KeySign'}",
	    .rc = PARSE_ERR, .errmsg = "bad time" },
	{ .name = "no time, out of scope",
	    .text = "{'category':'AuditEvent','operationName':'SecretGet'}",
	    .rc = PARSE_SKIP },
	{ .name = "activity without eventTimestamp",
	    .text = "{'eventDataId':'x','operationName':{'value':"
	    "'Microsoft.KeyVault/vaults/write'}}",
	    .rc = PARSE_ERR, .errmsg = "record has no eventTimestamp" },
};

static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

/* ------------------------------------------------------------------ */
/* Prefilter and probe                                                 */

static const struct pf_row pf_rows[] = {
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
	(void)state;
	run_prefilters(&S, pf_rows, NELEM(pf_rows), rows[0].text);
}

static const struct probe_row probe_rows[] = {
	{ "PT1H.json line", NULL, KV("KeySign", "OK", "", ID_MI,
	    P_KEY(KURI, "200", "/sign")) "\n", "PT1H.json", 95, 95,
	    DETECT_BOTH },
	{ "records wrapper", NULL, "{\n  'records': [\n    {\n      'time': "
	    "'2016-01-05T01:32:01.2691226Z',\n      'resourceId': '/SUBSCRIPTIONS"
	    "/X/PROVIDERS/MICROSOFT.KEYVAULT/VAULTS/V',\n      'operationName': "
	    "'VaultGet',\n      'category': 'AuditEvent',", "PT1H.json", 95,
	    95, DETECT_BOTH },
	{ "AZKVAuditLogs export", NULL,
	    "[{'TimeGenerated':'2026-11-06T22:12:48Z',"
	    "'OperationName':'KeySign','Type':'AZKVAuditLogs'}]", "kv.json",
	    95, 95, DETECT_BOTH },
	{ "Trusted Signing", NULL, "{'time':'x','category':'SignTransactions',"
	    "'operationName':'Sign'}", "PT1H.json", 90, 90, DETECT_BOTH },
	{ "activity log, CLI", NULL, "[{'caller':'a','eventDataId':'x',"
	    "'operationName':{'value':'y'}}]", "activity.json", 85, 85,
	    DETECT_BOTH },
	{ "activity log, SDK", NULL, "{'event_data_id':'x','operation_name':{"
	    "'value':'y'}}", "azure_activity_log.jsonl", 85, 85, DETECT_BOTH },
	{ "activity log, storage", NULL,
	    "{'time':'x','resourceId':'/S','operationName'"
	    ":'MICROSOFT.KEYVAULT/VAULTS/WRITE','category':'Administrative'}",
	    "PT1H.json", 80, 80, DETECT_BOTH },
	{ "CloudTrail", NULL,
	    "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','userIdentity':{}}]}", "ct.json", 0, 0,
	    DETECT_BOTH },
	{ "GCP", NULL, "{'insertId':'a','logName':'projects/p/logs/x',"
	    "'protoPayload':{}}", "g.json", 0, 0, DETECT_BOTH },
	{ "Vault", NULL,
	    "{'time':'2026','type':'request','request':{'path':'x'}}",
	    "vault_audit.log", 0, 0, DETECT_BOTH },
	{ "empty", NULL, "", "x.json", 0, 0, DETECT_BOTH },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("azure_keyvault"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_string_equal(P->container_keys[0], "records");
}

static void
test_emit_failure(void **state)
{
	(void)state;
	run_emit_failure(P, rows[0].text);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

/* a user's VM deletion: the name claim, the IP */
static void
corpus_fact(void *arg, const char *file, const struct evcopy *e, int all)
{
	int *facts = arg;

	if (e->native_id && strcmp(e->native_id,
	    "648230f9-fba4-4def-8a83-118b158b748a") == 0) {
		check_str(file, "actor", "fakeemail@fakedomain.com", e->actor);
		check_str(file, "operation", "arm:Microsoft."
		    "Compute/virtualMachines/delete", e->operation);
		check_str(file, "src_ip", "1.2.3.4", e->src_ip);
		check_str(file, "ts", "2022-02-09T03:04:26.49265Z", e->ts_raw);
		(*facts)++;
	}
}

static void
test_corpus(void **state)
{
	struct jcorpus jc;
	int facts = 0;

	(void)state;
	memset(&jc, 0, sizeof(jc));
	jc.p = P;
	jc.fact = corpus_fact;
	jc.arg = &facts;
	if (jcorpus_run(&jc, "azure_keyvault") < 0) {
		print_message("corpus absent: test skipped\n");
		skip();
	}
	assert_int_equal(jc.files, 1);
	assert_int_equal(jc.records, 4);
	/* an activity log of Compute operations: nothing in scope */
	assert_int_equal(jc.in_scope, 0);
	assert_int_equal(jc.all, 4);
	assert_int_equal(jc.errors, 0);
	assert_int_equal(facts, 1);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_prefilter),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_corpus))
