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

#include "helpers.h"


static const struct parser *const P = &parser_gcp_audit;
static const struct suite S = { .p = &parser_gcp_audit,
    .flags = S_FLIP | S_TIMED };

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
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    SIGN_REQ ",'authorizationInfo':[{'granted':true,'permission':"
	    "'cloudkms.cryptoKeyVersions.useToSign','resource':'" VER1 "'}]"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "cloudkms:AsymmetricSign", .w.error_code = NONE,
	    .w.actor = CISA, .w.session = GHSUB, .w.key_ref = VER1,
	    .w.key_ref_src = "record", .w.key_raw = VER1, .w.digest = NONE,
	    .w.repo = "acme/widget", .w.ref = "refs/tags/v2.4.0",
	    .w.ts = "2026-10-20T13:32:59.693869Z", .w.native_id = NID1,
	    .w.src_ip = "20.102.169.165", .w.user_agent = UA1,
	    .w.attrs = { { "log_id", "cloudaudit.googleapis.com/data_access" },
	    { "severity", "INFO" }, { "principal_email", CISA },
	    { "federated_subject", "repo:acme/widget:ref:refs/tags/v2.4.0" },
	    { "authorization.0.permission",
	    "cloudkms.cryptoKeyVersions.useToSign" },
	    { "resource_type", "cloudkms_cryptokey" } } },
	{ .name = "fully qualified method name",
	    .text = ENTRY(LOGDA, KMS,
	    "google.cloud.kms.v1.KeyManagementService.AsymmetricSign", VER1,
	    AUTH_CI, ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.operation =
	    "cloudkms:google.cloud.kms.v1.KeyManagementService.AsymmetricSign",
	    .w.key_ref = VER1 },
	{ .name = "denied sign: status 7",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1,
	    "{'principalSubject':'" AWSSUB "'}",
	    ",'status':{'code':7,'message':'Permission \\'cloudkms."
	    "cryptoKeyVersions.useToSign\\' denied'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.failed = 1,
	    .w.error_code = "PERMISSION_DENIED",
	    .w.error_message = "Permission \"cloudkms.cryptoKeyVersions."
	    "useToSign\" denied", .w.actor = AWSSUB, .w.session = NONE,
	    .w.repo = NONE, .w.attrs = { { "status_code", "7" },
	    { "federated_subject", "arn:aws:iam::210987654321:user/"
	    "ci-legacy" } } },
	{ .name = "status code as a string",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':'9','message':'not enabled'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.failed = 1,
	    .w.error_code = "FAILED_PRECONDITION" },
	{ .name = "empty status is success",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.failed = 0,
	    .w.error_code = NONE },
	{ .name = "status code 0 is success",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':0}"),
	    .rc = PARSE_OK, .nev = 1, .w.failed = 0, .w.error_code = NONE },
	{ .name = "unknown status code",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':99}"),
	    .rc = PARSE_OK, .nev = 1, .w.failed = 1, .w.error_code = "99" },
	{ .name = "huge status code",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':1e300}"),
	    .rc = PARSE_OK, .nev = 1, .w.failed = 1,
	    .w.error_code = "(unreadable status code)" },
	{ .name = "status code of the wrong type",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'status':{'code':true}"),
	    .rc = PARSE_OK, .nev = 1, .w.failed = 1,
	    .w.error_code = "(unreadable status code)" },
	{ .name = "MacSign",
	    .text = ENTRY(LOGDA, KMS, "MacSign", VER1, AUTH_CI, ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "cloudkms:MacSign" },
	{ .name = "MacVerify",
	    .text = ENTRY(LOGDA, KMS, "MacVerify", VER1, AUTH_CI, ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "verify" },
	{ .name = "GetPublicKey",
	    .text = ENTRY(LOGDA, KMS, "GetPublicKey", VER1, AUTH_CI,
	    ",'response':{'pem':'-----BEGIN PUBLIC KEY-----\\nMII\\n'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.read",
	    .w.key_ref = VER1,
	    .w.attrs = { { "response.pem",
	    "-----BEGIN PUBLIC KEY-----\nMII\n" }
	    } },
	{ .name = "disable a version",
	    .text = ENTRY(LOGAA, KMS, "UpdateCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersion':{'name':'" VER1 "',"
	    "'state':'DISABLED'},'updateMask':'state'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.disable",
	    .w.actor = "sec-admin@acme.example", .w.session = NONE,
	    .w.key_ref = VER1, .w.attrs = { { "new_state", "DISABLED" },
	    { "log_id", "cloudaudit.googleapis.com/activity" } } },
	{ .name = "enable a version",
	    .text = ENTRY(LOGAA, KMS, "UpdateCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersion':{'state':"
	    "'ENABLED'}}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.enable" },
	{ .name = "version update without a state",
	    .text = ENTRY(LOGAA, KMS, "UpdateCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersion':{'externalKeyUri':"
	    "'https://ekm.example/k'}}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.policy",
	    .w.attrs = { { "new_state", NONE } } },
	{ .name = "DestroyCryptoKeyVersion",
	    .text = ENTRY(LOGAA, KMS, "DestroyCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ",'response':{'state':'DESTROY_SCHEDULED'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.delete",
	    .w.key_ref = VER1,
	    .w.attrs = { { "response.state", "DESTROY_SCHEDULED" } } },
	{ .name = "RestoreCryptoKeyVersion",
	    .text = ENTRY(LOGAA, KMS, "RestoreCryptoKeyVersion", VER1,
	    AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.delete" },
	{ .name = "CreateCryptoKeyVersion: the new version from the response",
	    .text = ENTRY(LOGAA, KMS, "CreateCryptoKeyVersion", KEYP,
	    AUTH_ADMIN, ",'response':{'name':'" KEYP "/cryptoKeyVersions/2',"
	    "'state':'PENDING_GENERATION'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.create",
	    .w.key_ref = KEYP "/cryptoKeyVersions/2",
	    .w.key_ref_src = "response",
	    .w.key_raw = KEYP },
	{ .name = "CreateCryptoKey: the key from the response",
	    .text = ENTRY(LOGAA, KMS, "CreateCryptoKey", "projects/" PROJ
	    "/locations/europe-west1/keyRings/release-signing", AUTH_ADMIN,
	    ",'response':{'name':'" KEYP "','purpose':'ASYMMETRIC_SIGN'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.create",
	    .w.key_ref = KEYP,
	    .w.key_ref_src = "response" },
	{ .name = "CreateKeyRing: no key",
	    .text = ENTRY(LOGAA, KMS, "CreateKeyRing", "projects/" PROJ
	    "/locations/europe-west1/keyRings/release-signing", AUTH_ADMIN,
	    ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.create",
	    .w.key_ref = NONE,
	    .w.key_raw = "projects/" PROJ "/locations/europe-west1/keyRings/"
	    "release-signing" },
	{ .name = "primary version switch: alias-like",
	    .text = ENTRY(LOGAA, KMS, "UpdateCryptoKeyPrimaryVersion", KEYP,
	    AUTH_ADMIN, ",'request':{'cryptoKeyVersionId':'3','name':'" KEYP
	    "'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.alias",
	    .w.key_ref = KEYP "/cryptoKeyVersions/3",
	    .w.key_ref_src = "key+version-id",
	    .w.attrs = { { "alias", KEYP } } },
	{ .name = "SetIamPolicy on a key",
	    .text = ENTRY(LOGAA, KMS, "SetIamPolicy", KEYP, AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.policy",
	    .w.key_ref = KEYP,
	    .w.key_ref_src = "record" },
	{ .name = "ImportCryptoKeyVersion",
	    .text = ENTRY(LOGAA, KMS, "ImportCryptoKeyVersion", KEYP,
	    AUTH_ADMIN, ",'response':{'name':'" KEYP "/cryptoKeyVersions/4'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.import",
	    .w.key_ref = KEYP "/cryptoKeyVersions/4" },
	{ .name = "resource in the //cloudkms.googleapis.com/ form",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign",
	    "//cloudkms.googleapis.com/" VER1, AUTH_CI, ""),
	    .rc = PARSE_OK, .nev = 1, .w.key_ref = VER1,
	    .w.key_raw = "//cloudkms.googleapis.com/" VER1 },
	{ .name = "Decrypt is out of scope",
	    .text = ENTRY(LOGDA, KMS, "Decrypt", KEYP, AUTH_CI, ""),
	    .rc = PARSE_SKIP },
	{ .name = "Decrypt with --all-events",
	    .text = ENTRY(LOGDA, KMS, "Decrypt", KEYP, AUTH_CI, ""),
	    .all = 1, .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "cloudkms:Decrypt", .w.key_ref = KEYP },
	{ .name = "digest in the request",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':"
	    "'47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='}}"),
	    .rc = PARSE_OK, .nev = 1,
	    .w.digest = "sha256:e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855",
	    .w.attrs = { { "request.digest.sha256",
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" } } },
	{ .name = "URL-safe unpadded digest",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':"
	    "'47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU'}}"),
	    .rc = PARSE_OK, .nev = 1,
	    .w.digest = "sha256:e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855" },
	{ .name = "digest of the wrong size is ignored",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':'AAAA'}}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.digest = NONE },
	{ .name = "digest that is not base64 is ignored",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    ",'request':{'digest':{'sha256':'!!!!not base64 at all!!!!'}}"),
	    .rc = PARSE_OK, .nev = 1, .w.digest = NONE },
	{ .name = "service-account key: the key is the session",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1,
	    "{'principalEmail':'" CISA "','serviceAccountKeyName':'//iam."
	    "googleapis.com/projects/" PROJ "/serviceAccounts/" CISA
	    "/keys/90f662482321f1ca'}", ""),
	    .rc = PARSE_OK, .nev = 1, .w.actor = CISA,
	    .w.session = "//iam.googleapis.com/"
	    "projects/" PROJ "/serviceAccounts/" CISA "/keys/90f662482321f1ca",
	    .w.repo = NONE },
	{ .name = "impersonation by a user",
	    .text = ENTRY(LOGDA, KMS, "AsymmetricSign", VER1,
	    "{'principalEmail':'" CISA "','serviceAccountDelegationInfo':[{"
	    "'firstPartyPrincipal':{'principalEmail':'m.chen@acme.example'}}]}",
	    ""),
	    .rc = PARSE_OK, .nev = 1, .w.actor = CISA,
	    .w.session = "m.chen@acme.example",
	    .w.attrs = { { "delegation.0.firstPartyPrincipal.principalEmail",
	    "m.chen@acme.example" } } },
	{ .name = "GenerateAccessToken by a federated principal",
	    .text = ENTRY(LOGDA, "iamcredentials.googleapis.com",
	    "GenerateAccessToken", "projects/-/serviceAccounts/10492837",
	    "{'principalSubject':'" GHSUB "'}", ",'request':{'name':"
	    "'projects/-/serviceAccounts/" CISA "'},'response':{'accessToken':"
	    "'ya29.secret','expireTime':'2026-10-20T14:32:59Z'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "iamcredentials:GenerateAccessToken",
	    .w.actor = GHSUB,
	    .w.session = GHSUB, .w.key_ref = NONE, .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v2.4.0",
	    .w.attrs = { { "target_service_account", "projects/-/"
	    "serviceAccounts/" CISA }, { "response.accessToken",
	    "(omitted; see raw record)" }, { "resource_name",
	    "projects/-/serviceAccounts/10492837" } } },
	{ .name = "STS ExchangeToken",
	    .text = ENTRY(LOGDA, "sts.googleapis.com",
	    "google.identity.sts.v1.SecurityTokenService.ExchangeToken",
	    "locations/global/workloadIdentityPools/github-actions",
	    "{'principalSubject':'" GHSUB "'}",
	    ",'request':{'subjectToken':'eyJhbGciOi.secret'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.attrs = { { "request.subjectToken",
	    "(omitted; see raw record)" } } },
	{ .name = "CreateServiceAccountKey: key material scrubbed",
	    .text = ENTRY(LOGAA, "iam.googleapis.com",
	    "google.iam.admin.v1.CreateServiceAccountKey",
	    "projects/-/serviceAccounts/10492837", AUTH_ADMIN,
	    ",'response':{'name':'k1','privateKeyData':'c2VjcmV0'}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "iam.credential",
	    .w.key_ref = NONE,
	    .w.attrs = { { "response.privateKeyData",
	    "(omitted; see raw record)" }, { "response.name", "k1" } } },
	{ .name = "workload identity provider change",
	    .text = ENTRY(LOGAA, "iam.googleapis.com",
	    "google.iam.v1.WorkloadIdentityPools."
	    "UpdateWorkloadIdentityPoolProvider", "projects/734019285526/"
	    "locations/global/workloadIdentityPools/aws-legacy-ci/providers/"
	    "acme-aws", AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "iam.trust" },
	{ .name = "project IAM policy",
	    .text = ENTRY(LOGAA, "cloudresourcemanager.googleapis.com",
	    "SetIamPolicy", "projects/" PROJ, AUTH_ADMIN,
	    ",'serviceData':{'policyDelta':{'bindingDeltas':[{'action':'ADD',"
	    "'member':'user:x@acme.example','role':'roles/cloudkms.signer'}]}}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "iam.policy",
	    .w.attrs = { { "service_data.policyDelta.bindingDeltas.0.role",
	    "roles/cloudkms.signer" } } },
	{ .name = "project IAM policy that turns audit logs off",
	    .text = ENTRY(LOGAA, "cloudresourcemanager.googleapis.com",
	    "SetIamPolicy", "projects/" PROJ, AUTH_ADMIN,
	    ",'serviceData':{'policyDelta':{'auditConfigDeltas':[{'action':"
	    "'REMOVE','logType':'DATA_READ','service':'allServices'}]}}"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "audit.config" },
	{ .name = "log sink deleted",
	    .text = ENTRY(LOGAA, "logging.googleapis.com",
	    "google.logging.v2.ConfigServiceV2.DeleteSink",
	    "projects/" PROJ "/sinks/audit-archive", AUTH_ADMIN, ""),
	    .rc = PARSE_OK, .nev = 1, .w.action = "audit.config",
	    .w.operation = "logging:google.logging.v2.ConfigServiceV2."
	    "DeleteSink" },
	{ .name = "compute is out of scope",
	    .text = ENTRY(LOGAA, "compute.googleapis.com",
	    "v1.compute.instances.insert", "projects/" PROJ "/zones/x/"
	    "instances/y", AUTH_ADMIN, ""),
	    .rc = PARSE_SKIP },
	{ .name = "a text log entry is out of scope",
	    .text = "{'insertId':'1io3yo2fursxdi','logName':'projects/p/logs/"
	    "testlog','receiveTimestamp':'2021-10-19T02:04:00.3Z','resource':"
	    "{'type':'global'},'textPayload':'hello','timestamp':"
	    "'2021-10-19T02:04:00.272384Z'}",
	    .rc = PARSE_SKIP },
	{ .name = "a text log entry with --all-events",
	    .text = "{'insertId':'1io3yo2fursxdi','logName':'projects/p/logs/"
	    "my%2Flog','receiveTimestamp':'2021-10-19T02:04:00.3Z','resource':"
	    "{'type':'global'},'textPayload':'hello','timestamp':"
	    "'2021-10-19T02:04:00.272384Z'}",
	    .all = 1, .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "logging:my/log", .w.actor = NONE,
	    .w.native_id = "projects/p/logs/my%2Flog/1io3yo2fursxdi@"
	    "2021-10-19T02:04:00.272384Z",
	    .w.attrs = { { "text_payload", "hello" } } },
	{ .name = "no timestamp: receiveTimestamp",
	    .text = "{'insertId':'a1','logName':'" LOGDA "','protoPayload':{"
	    "'methodName':'AsymmetricSign','serviceName':'" KMS "'},"
	    "'receiveTimestamp':'2026-10-20T13:33:00.5Z'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.ts = "2026-10-20T13:33:00.500000Z",
	    .w.actor = NONE, .w.key_ref = NONE,
	    .w.native_id = LOGDA "/a1@2026-10-20T13:33:00.500000Z",
	    .w.attrs = { { "time_source", "receiveTimestamp" } } },
	{ .name = "no insertId: no native id",
	    .text = "{'logName':'" LOGDA "','protoPayload':{'methodName':"
	    "'AsymmetricSign','serviceName':'" KMS "'},'timestamp':"
	    "'2026-10-20T13:33:00Z'}",
	    .rc = PARSE_OK, .nev = 1, .w.native_id = NONE },
	/* malformed */
	{ .name = "not an object", .text = "['x']", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "not a LogEntry", .text = "{'eventName':'Sign'}",
	    .rc = PARSE_ERR, .errmsg = "no logName" },
	{ .name = "logName not a string",
	    .text = "{'logName':5,'protoPayload':{}}", .rc = PARSE_ERR,
	    .errmsg = "logName is not a string" },
	{ .name = "protoPayload not an object: out of scope",
	    .text = "{'logName':'" LOGDA "','protoPayload':'x'}",
	    .rc = PARSE_SKIP },
	{ .name = "protoPayload not an object, --all-events",
	    .text = "{'logName':'" LOGDA "','protoPayload':'x'}",
	    .all = 1, .rc = PARSE_ERR,
	    .errmsg = "protoPayload is not an object" },
	{ .name = "serviceName not a string",
	    .text = "{'logName':'" LOGDA "','protoPayload':{'serviceName':1,"
	    "'methodName':'AsymmetricSign'}}",
	    .all = 1, .rc = PARSE_ERR,
	    .errmsg = "serviceName is not a string" },
	{ .name = "methodName not a string",
	    .text = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':[]}}",
	    .rc = PARSE_ERR, .errmsg = "methodName is not a string" },
	{ .name = "timestamp not a string",
	    .text = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'AsymmetricSign'},'timestamp':1760966000}",
	    .rc = PARSE_ERR, .errmsg = "timestamp is not a string" },
	{ .name = "bad timestamp",
	    .text = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'AsymmetricSign'},'timestamp':'yesterday'}",
	    .rc = PARSE_ERR, .errmsg = "bad timestamp 'yesterday'" },
	{ .name = "no time at all",
	    .text = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'AsymmetricSign'}}",
	    .rc = PARSE_ERR, .errmsg = "no timestamp" },
	{ .name = "no time, out of scope: skipped",
	    .text = "{'logName':'" LOGDA "','protoPayload':{'serviceName':'"
	    KMS "','methodName':'Decrypt'}}",
	    .rc = PARSE_SKIP },
	{ .name = "wrong types inside are tolerated",
	    .text = "{'logName':'" LOGDA "','insertId':7,'protoPayload':{"
	    "'serviceName':'" KMS "','methodName':'AsymmetricSign',"
	    "'authenticationInfo':[],'requestMetadata':'x','resourceName':"
	    "{},'request':3,'status':'bad'},'timestamp':'2026-10-20T13:33:00Z'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign", .w.actor = NONE,
	    .w.key_ref = NONE,
	    .w.native_id = NONE, .w.failed = 0 },
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
	(void)state;
	run_prefilters(&S, pf_rows, NELEM(pf_rows), rows[0].text);
}

static const struct probe_row probe_rows[] = {
	{ "sink line", NULL, ENTRY(LOGDA, KMS, "AsymmetricSign", VER1, AUTH_CI,
	    "")
	    "\n", "22:00:00_22:59:59_S0.json", 90, 90, DETECT_BOTH },
	{ "gcloud array", NULL,
	    "[\n  {\n    'insertId': 'x',\n    'logName': '"
	    LOGDA "',\n    'protoPayload': {\n", "kms.json", 90, 90,
	    DETECT_BOTH },
	{ "text entries", NULL,
	    "{'insertId':'a','logName':'projects/p/logs/t',"
	    "'receiveTimestamp':'x','textPayload':'y'}", "t.json", 80, 80,
	    DETECT_BOTH },
	{ "CloudTrail", NULL,
	    "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','userIdentity':{}}]}", "ct.json", 0, 0,
	    DETECT_BOTH },
	{ "Key Vault", NULL, "{'time':'2026','category':'AuditEvent',"
	    "'operationName':'KeySign'}", "PT1H.json", 0, 0, DETECT_BOTH },
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
	assert_ptr_equal(parser_find("gcp_audit"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_string_equal(P->container_keys[0], "entries");
}

static void
test_emit_failure(void **state)
{
	(void)state;
	run_emit_failure(P, rows[0].text);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

struct corpus_stats {
	int	failed_create_sa, key_session;
};

static void
corpus_fact(void *arg, const char *file, const struct evcopy *e, int all)
{
	struct corpus_stats *st = arg;

	if (all && e->failed && e->operation &&
	    strstr(e->operation, "CreateServiceAccount") &&
	    e->error_code && strcmp(e->error_code, "PERMISSION_DENIED") == 0)
		st->failed_create_sa++;
	if (all && e->session && strstr(e->session,
	    "/keys/90f662482321f1ca8e82ea675b1a1c30c1fe681f"))
		st->key_session++;
}

static void
test_corpus(void **state)
{
	struct corpus_stats st;
	struct jcorpus jc;

	(void)state;
	memset(&st, 0, sizeof(st));
	memset(&jc, 0, sizeof(jc));
	jc.p = P;
	jc.fact = corpus_fact;
	jc.arg = &st;
	if (jcorpus_run(&jc, "gcp_audit") < 0) {
		print_message("corpus absent: test skipped\n");
		skip();
	}
	assert_int_equal(jc.files, 4);
	assert_int_equal(jc.records, 14);
	/* no Cloud KMS entry in the corpus: nothing in scope */
	assert_int_equal(jc.in_scope, 0);
	assert_int_equal(jc.all, jc.records);
	assert_int_equal(jc.errors, 0);
	/* plaso's denied CreateServiceAccount; the pub/sub key session */
	assert_int_equal(st.failed_create_sa, 1);
	assert_int_equal(st.key_session, 1);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_prefilter),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_corpus))
