/* SPDX-License-Identifier: MIT */
/*
 * test_parse_cloudtrail.c - unit tests of the CloudTrail parser
 * (ingest/parse_cloudtrail.c): one table of records (KMS, STS, IAM,
 * sign-in, CloudTrail changes, every userIdentity variant, lookup-events
 * wrappers, digests, Insights, malformed input) with the event each must
 * give, each row run with --all-events off and on and through the scope
 * prefilter; tables of prefilter and probe inputs; the emit failure path;
 * and a walk over the real corpus in ../shared/corpus/cloudtrail.
 *
 * Record texts in the tables use ' for " so that they stay readable; a
 * JSON string inside a JSON string (lookup-events' CloudTrailEvent) is
 * written \\' and becomes \".  Prefilter and probe inputs are passed as
 * exact-size heap copies so that ASan catches a read past the end.
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

static const struct parser *const P = &parser_cloudtrail;

/* a session token never reaches attrs */
static void
no_session_token(const char *row, const struct evcopy *e)
{
	const char *tok = jpath_str(e->attrs,
	    "response.credentials.sessionToken");

	if (tok && strcmp(tok, "(omitted; see raw record)") != 0)
		bad("%s: session token in attrs", row);
}

static const struct suite S = { .p = &parser_cloudtrail,
    .flags = S_STRICT | S_FLIP | S_TIMED | S_ONE,
    .strict = COLBIT(C_ACTION) | COLBIT(C_OPERATION) | COLBIT(C_ERROR_CODE) |
    COLBIT(C_ACTOR) | COLBIT(C_SESSION) | COLBIT(C_KEY_REF) |
    COLBIT(C_KEY_REF_SRC) | COLBIT(C_KEY_RAW) | COLBIT(C_REPO) |
    COLBIT(C_REF) | COLBIT(C_NATIVE) | COLBIT(C_SRC_IP),
    .ts_flags = TS_COARSE, .check = no_session_token };

/*
 * Failed checks are counted and printed, not fatal, so that one run shows
 * every row that fails; each test fails at its end if any did.
 */
/* Building blocks of realistic records. */
#define ACCT		"210987654321"
#define KEY_ID		"4f1e2d3c-0a0b-4c0d-9e0f-112233445566"
#define KEY_ARN		"arn:aws:kms:eu-west-1:" ACCT ":key/" KEY_ID
#define KEY2_ID		"9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
#define KEY2_ARN	"arn:aws:kms:eu-west-1:" ACCT ":key/" KEY2_ID
#define ALIAS_ARN	"arn:aws:kms:eu-west-1:" ACCT ":alias/widget-release"
#define ROLE_ARN	"arn:aws:iam::" ACCT ":role/release-signer"
#define OIDC_ARN	"arn:aws:iam::" ACCT \
			":oidc-provider/token.actions.githubusercontent.com"
#define SESS_KEY	"ASIA2RQZ7WJ5KXN3LF4M"
#define SESS_NAME	"gha-9876543210"
#define ADMIN_ARN	"arn:aws:iam::" ACCT ":user/ops-admin"
#define ADMIN_KEY	"AKIA5KQ2XNRZ3HWB7T6P"
#define ISSUED_KEY	"ASIA7HDM4QWX2ZP5RT8C"

#define UI_ROLE \
	"'userIdentity':{'type':'AssumedRole'," \
	"'principalId':'AROATQ3ZRD5XKQ7OPN4MW:" SESS_NAME "'," \
	"'arn':'arn:aws:sts::" ACCT ":assumed-role/release-signer/" \
	SESS_NAME "','accountId':'" ACCT "','accessKeyId':'" SESS_KEY "'," \
	"'sessionContext':{'sessionIssuer':{'type':'Role'," \
	"'principalId':'AROATQ3ZRD5XKQ7OPN4MW','arn':'" ROLE_ARN "'," \
	"'accountId':'" ACCT "','userName':'release-signer'}," \
	"'webIdFederationData':{'federatedProvider':'" OIDC_ARN "'," \
	"'attributes':{}},'attributes':{'creationDate':" \
	"'2026-01-10T12:00:01Z','mfaAuthenticated':'false'}}}"
#define UI_ADMIN \
	"'userIdentity':{'type':'IAMUser','principalId':" \
	"'AIDA4Q7YFFAR2EXMPL5KQ','arn':'" ADMIN_ARN "','accountId':'" ACCT \
	"','accessKeyId':'" ADMIN_KEY "','userName':'ops-admin'}"
#define KMS_HEAD(t, name) \
	"{'eventVersion':'1.08'," UI_ROLE ",'eventTime':'" t "'," \
	"'eventSource':'kms.amazonaws.com','eventName':'" name "'," \
	"'awsRegion':'eu-west-1','sourceIPAddress':'203.0.113.40'," \
	"'userAgent':'aws-sdk-go-v2/1.30.0 os/linux lang/go#1.22.5 " \
	"api/kms#1.35.3',"
#define ADMIN_HEAD(t, src, name, region) \
	"{'eventVersion':'1.09'," UI_ADMIN ",'eventTime':'" t "'," \
	"'eventSource':'" src "','eventName':'" name "','awsRegion':'" \
	region "','sourceIPAddress':'198.51.100.23','userAgent':" \
	"'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux#6.5.0'," \
	"'requestID':'5d2c1b0a-3e4f-4a5b-9c6d-7e8f9a0b1c2d',"
#define RES_KEY \
	"'resources':[{'accountId':'" ACCT "','type':'AWS::KMS::Key'," \
	"'ARN':'" KEY_ARN "'}],"
#define TAIL \
	"'eventType':'AwsApiCall','managementEvent':true," \
	"'recipientAccountId':'" ACCT "','eventCategory':'Management'}"
#define SIGN_REQ(k) \
	"'requestParameters':{'keyId':'" k "','signingAlgorithm':" \
	"'ECDSA_SHA_256','messageType':'DIGEST'},'responseElements':null,"

/* The record of A.8: a KMS Sign by a GitHub-OIDC role session. */
#define REC_SIGN \
	KMS_HEAD("2026-01-10T12:00:07Z", "Sign") \
	SIGN_REQ("alias/widget-release") \
	"'requestID':'7e8f9a0b-2222-4333-8444-955566667777'," \
	"'eventID':'b1c2d3e4-5555-4666-8777-888899990000','readOnly':true," \
	RES_KEY TAIL

/* AssumeRoleWithWebIdentity from GitHub Actions, subject sub. */
#define REC_WEBID(sub, eid) \
	"{'eventVersion':'1.08','userIdentity':{'type':'WebIdentityUser'," \
	"'principalId':'" OIDC_ARN ":sts.amazonaws.com:" sub "'," \
	"'userName':'" sub "','identityProvider':'" OIDC_ARN "'}," \
	"'eventTime':'2026-01-10T12:00:01Z','eventSource':" \
	"'sts.amazonaws.com','eventName':'AssumeRoleWithWebIdentity'," \
	"'awsRegion':'us-east-1','sourceIPAddress':'20.42.73.131'," \
	"'userAgent':'configure-aws-credentials-for-github-actions'," \
	"'requestParameters':{'roleArn':'" ROLE_ARN "','roleSessionName':'" \
	SESS_NAME "','durationSeconds':900},'responseElements':{" \
	"'subjectFromWebIdentityToken':'" sub "','audience':" \
	"'sts.amazonaws.com','provider':'" OIDC_ARN "','credentials':{" \
	"'accessKeyId':'" SESS_KEY "','sessionToken':'IQoJb3JpZ2luX2VjEOH" \
	"//////////wEaCXVzLWVhc3QtMSJHMEUCIQD','expiration':" \
	"'Jan 10, 2026, 12:15:01 PM'},'assumedRoleUser':{'assumedRoleId':" \
	"'AROATQ3ZRD5XKQ7OPN4MW:" SESS_NAME "','arn':'arn:aws:sts::" ACCT \
	":assumed-role/release-signer/" SESS_NAME "'}}," \
	"'requestID':'0f6c1d2e-1111-4222-8333-944455556666'," \
	"'eventID':'" eid "','readOnly':true,'resources':[{'accountId':'" \
	ACCT "','type':'AWS::IAM::Role','ARN':'" ROLE_ARN "'}]," TAIL

/* Insights record about kms:Sign (no top-level eventSource/eventName). */
#define REC_INSIGHT \
	"{'eventVersion':'1.07','eventTime':'2026-01-10T13:01:00Z'," \
	"'awsRegion':'eu-west-1','eventID':" \
	"'4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0','eventType':" \
	"'AwsCloudTrailInsight','recipientAccountId':'" ACCT "'," \
	"'sharedEventID':'7c6d5e4f-3a2b-4c1d-8e0f-9a8b7c6d5e4f'," \
	"'insightDetails':{'state':'Start','eventSource':" \
	"'kms.amazonaws.com','eventName':'Sign','insightType':" \
	"'ApiCallRateInsight','insightContext':{'statistics':{'baseline':" \
	"{'average':0.0125},'insight':{'average':41.5}}}}," \
	"'eventCategory':'Insight'}"

/* A lookup-events element around an inner record text (\\' quotes). */
#define LOOKUP(ename, etime, inner) \
	"{'EventId':'b1c2d3e4-5555-4666-8777-888899990000','EventName':'" \
	ename "','ReadOnly':'true','AccessKeyId':'" SESS_KEY "'," \
	"'EventTime':" etime ",'EventSource':'kms.amazonaws.com'," \
	"'Username':'" SESS_NAME "','Resources':[{'ResourceType':" \
	"'AWS::KMS::Key','ResourceName':'" KEY_ARN "'}]," \
	"'CloudTrailEvent':" inner "}"
#define INNER_SIGN(time_member) \
	"'{\\'eventVersion\\':\\'1.08\\',\\'userIdentity\\':{\\'type\\':" \
	"\\'AssumedRole\\',\\'arn\\':\\'arn:aws:sts::" ACCT \
	":assumed-role/release-signer/" SESS_NAME "\\',\\'accountId\\':\\'" \
	ACCT "\\',\\'accessKeyId\\':\\'" SESS_KEY "\\',\\'sessionContext\\':" \
	"{\\'sessionIssuer\\':{\\'type\\':\\'Role\\',\\'arn\\':\\'" ROLE_ARN \
	"\\'}}}," time_member "\\'eventSource\\':\\'kms.amazonaws.com\\'," \
	"\\'eventName\\':\\'Sign\\',\\'awsRegion\\':\\'eu-west-1\\'," \
	"\\'sourceIPAddress\\':\\'203.0.113.40\\',\\'requestParameters\\':" \
	"{\\'keyId\\':\\'alias/widget-release\\',\\'signingAlgorithm\\':" \
	"\\'ECDSA_SHA_256\\',\\'messageType\\':\\'DIGEST\\'}," \
	"\\'responseElements\\':null,\\'eventID\\':" \
	"\\'0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b\\',\\'resources\\':[{" \
	"\\'type\\':\\'AWS::KMS::Key\\',\\'ARN\\':\\'" KEY_ARN "\\'}]," \
	"\\'eventType\\':\\'AwsApiCall\\',\\'recipientAccountId\\':\\'" ACCT \
	"\\'}'"

/* A digest file (CloudTrail-Digest/...). */
#define REC_DIGEST \
	"{'awsAccountId':'" ACCT "','digestStartTime':" \
	"'2026-01-10T11:00:00Z','digestEndTime':'2026-01-10T12:00:00Z'," \
	"'digestS3Bucket':'acme-cloudtrail','digestS3Object':'AWSLogs/" ACCT \
	"/CloudTrail-Digest/eu-west-1/2026/01/10/" ACCT "_CloudTrail-Digest_" \
	"eu-west-1_acme-org-trail_us-east-1_20260110T120000Z.json.gz'," \
	"'digestPublicKeyFingerprint':'6c7a9e4a2b1f0d3c5e8b7a6f4d2c1b0a'," \
	"'digestSignatureAlgorithm':'SHA256withRSA','newestEventTime':" \
	"'2026-01-10T11:59:58Z','oldestEventTime':'2026-01-10T11:00:03Z'," \
	"'previousDigestS3Bucket':'acme-cloudtrail','previousDigestS3Object':" \
	"'AWSLogs/" ACCT "/CloudTrail-Digest/eu-west-1/2026/01/10/x.json.gz'," \
	"'previousDigestHashValue':'3f9a1c0b8e7d6a5f4c3b2a1908f7e6d5'," \
	"'previousDigestHashAlgorithm':'SHA-256','previousDigestSignature':" \
	"'8b2e0c4d','logFiles':[{'s3Bucket':'acme-cloudtrail','s3Object':" \
	"'AWSLogs/" ACCT "/CloudTrail/eu-west-1/2026/01/10/" ACCT \
	"_CloudTrail_eu-west-1_20260110T1205Z_gV6YRMmqAi1t3RWQ.json.gz'," \
	"'hashValue':'9e107d9d372bb6826bd81d3542a419d6','hashAlgorithm':" \
	"'SHA-256','newestEventTime':'2026-01-10T12:04:59Z'," \
	"'oldestEventTime':'2026-01-10T12:00:01Z'}]}"

static const struct row rows[] = {
	/* ---- KMS ---------------------------------------------------- */
	{ .name = "kms Sign by an AssumedRole (GitHub OIDC session)",
	    .text = REC_SIGN, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "sign", .w.operation = "kms:Sign", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:07Z",
	    .w.ts_raw = "2026-01-10T12:00:07Z",
	    .w.native_id = "b1c2d3e4-5555-4666-8777-888899990000",
	    .w.src_ip = "203.0.113.40",
	    .w.attrs = { { "identity_type", "AssumedRole" },
		{ "access_key_id", SESS_KEY },
		{ "federated_provider", OIDC_ARN },
		{ "request.signingAlgorithm", "ECDSA_SHA_256" },
		{ "read_only", "true" }, { "response", ABSENT },
		{ "caller_session", ABSENT }, { "region", "eu-west-1" } } },
	{ .name = "kms Sign with --all-events gives the same event",
	    .text = REC_SIGN, .all = 1, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "sign", .w.operation = "kms:Sign", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:07Z",
	    .w.native_id = "b1c2d3e4-5555-4666-8777-888899990000",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with a bare key id and no resources",
	    .text = KMS_HEAD("2026-01-10T12:00:09Z", "Sign")
	    SIGN_REQ(KEY_ID)
	    "'eventID':'c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f','readOnly':true,"
	    TAIL, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "sign", .w.operation = "kms:Sign", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_ref_src = "key-id+region", .w.key_raw = KEY_ID,
	    .w.ts = "2026-01-10T12:00:09Z",
	    .w.native_id = "c7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with a multi-Region key id and no resources",
	    .text = KMS_HEAD("2026-01-10T12:00:10Z", "Sign")
	    SIGN_REQ("mrk-1234abcd12ab34cd56ef1234567890ab")
	    "'eventID':'d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a','readOnly':true,"
	    TAIL, .rc = PARSE_OK, .nev = 1,
	    .w.action = "sign", .w.operation = "kms:Sign", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = "arn:aws:kms:eu-west-1:" ACCT
	    ":key/mrk-1234abcd12ab34cd56ef1234567890ab",
	    .w.key_ref_src = "key-id+region",
	    .w.key_raw = "mrk-1234abcd12ab34cd56ef1234567890ab",
	    .w.ts = "2026-01-10T12:00:10Z",
	    .w.native_id = "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with a bare key id in the China partition",
	    .text = "{'eventVersion':'1.08'," UI_ROLE ",'eventTime':"
	    "'2026-01-10T12:00:11Z','eventSource':'kms.amazonaws.com',"
	    "'eventName':'Sign','awsRegion':'cn-north-1',"
	    "'sourceIPAddress':'203.0.113.40'," SIGN_REQ(KEY_ID)
	    "'eventID':'e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = "arn:aws-cn:kms:cn-north-1:" ACCT ":key/" KEY_ID,
	    .w.key_ref_src = "key-id+region", .w.key_raw = KEY_ID,
	    .w.ts = "2026-01-10T12:00:11Z",
	    .w.native_id = "e2f3a4b5-c6d7-4e8f-9a0b-1c2d3e4f5a6b",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with a key ARN and no resources",
	    .text = KMS_HEAD("2026-01-10T12:00:12Z", "Sign")
	    SIGN_REQ(KEY2_ARN)
	    "'eventID':'f3a4b5c6-d7e8-4f9a-8b1c-2d3e4f5a6b7c'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY2_ARN, .w.key_raw = KEY2_ARN,
	    .w.ts = "2026-01-10T12:00:12Z",
	    .w.native_id = "f3a4b5c6-d7e8-4f9a-8b1c-2d3e4f5a6b7c",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with a GovCloud key ARN and no resources",
	    .text = KMS_HEAD("2026-01-10T12:00:13Z", "Sign")
	    SIGN_REQ("arn:aws-us-gov:kms:us-gov-west-1:" ACCT ":key/" KEY2_ID)
	    "'eventID':'a4b5c6d7-e8f9-4a0b-9c2d-3e4f5a6b7c8d'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = "arn:aws-us-gov:kms:us-gov-west-1:" ACCT ":key"
	    "/" KEY2_ID,
	    .w.key_raw = "arn:aws-us-gov:kms:us-gov-west-1:" ACCT ":key"
	    "/" KEY2_ID,
	    .w.ts = "2026-01-10T12:00:13Z",
	    .w.native_id = "a4b5c6d7-e8f9-4a0b-9c2d-3e4f5a6b7c8d",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with an alias ARN, no resources: no key_ref",
	    .text = KMS_HEAD("2026-01-10T12:00:14Z", "Sign")
	    SIGN_REQ(ALIAS_ARN)
	    "'eventID':'b5c6d7e8-f9a0-4b1c-8d3e-4f5a6b7c8d9e'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_raw = ALIAS_ARN, .w.ts = "2026-01-10T12:00:14Z",
	    .w.native_id = "b5c6d7e8-f9a0-4b1c-8d3e-4f5a6b7c8d9e",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign AccessDeniedException: key from errorMessage",
	    .text = KMS_HEAD("2026-01-10T12:00:15Z", "Sign")
	    "'errorCode':'AccessDeniedException','errorMessage':'User: "
	    "arn:aws:sts::" ACCT ":assumed-role/release-signer/" SESS_NAME
	    " is not authorized to perform: kms:Sign on resource: " KEY_ARN
	    " because no identity-based policy allows the kms:Sign action',"
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'c6d7e8f9-a0b1-4c2d-9e4f-5a6b7c8d9e0f','readOnly':true,"
	    TAIL, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "sign", .w.operation = "kms:Sign", .w.failed = 1,
	    .w.error_code = "AccessDeniedException", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_ref_src = "error-message",
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:15Z",
	    .w.native_id = "c6d7e8f9-a0b1-4c2d-9e4f-5a6b7c8d9e0f",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign AccessDenied: an alias ARN before the key ARN",
	    .text = KMS_HEAD("2026-01-10T12:00:16Z", "Sign")
	    "'errorCode':'AccessDeniedException','errorMessage':'User: "
	    "arn:aws:sts::" ACCT ":assumed-role/release-signer/" SESS_NAME
	    " is not authorized to perform: kms:Sign on resource: " ALIAS_ARN
	    " (target " KEY_ARN ")',"
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'d7e8f9a0-b1c2-4d3e-8f5a-6b7c8d9e0f1a'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.failed = 1, .w.error_code = "AccessDeniedException",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_ref_src = "error-message",
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:16Z",
	    .w.native_id = "d7e8f9a0-b1c2-4d3e-8f5a-6b7c8d9e0f1a",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign DisabledException (message 'ARN is disabled.')",
	    .text = KMS_HEAD("2026-01-11T08:30:00Z", "Sign")
	    "'errorCode':'DisabledException','errorMessage':'" KEY_ARN
	    " is disabled.'," SIGN_REQ("alias/widget-release")
	    "'eventID':'c0ffee00-1234-4abc-8def-001122334455'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.failed = 1, .w.error_code = "DisabledException",
	    .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_ref_src = "error-message",
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-11T08:30:00Z",
	    .w.native_id = "c0ffee00-1234-4abc-8def-001122334455",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign KMSInvalidStateException, bare key id",
	    .text = KMS_HEAD("2026-01-11T08:31:00Z", "Sign")
	    "'errorCode':'KMSInvalidStateException','errorMessage':'" KEY_ARN
	    " is pending deletion.'," SIGN_REQ(KEY_ID)
	    "'eventID':'c0ffee01-1234-4abc-8def-001122334455'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.failed = 1, .w.error_code = "KMSInvalidStateException",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_ref_src = "key-id+region",
	    .w.key_raw = KEY_ID, .w.ts = "2026-01-11T08:31:00Z",
	    .w.native_id = "c0ffee01-1234-4abc-8def-001122334455",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Verify",
	    .text = KMS_HEAD("2026-01-10T12:00:20Z", "Verify")
	    "'requestParameters':{'keyId':'alias/widget-release',"
	    "'signingAlgorithm':'ECDSA_SHA_256','messageType':'DIGEST'},"
	    "'responseElements':null,'eventID':"
	    "'e8f9a0b1-c2d3-4e4f-9a6b-7c8d9e0f1a2b','readOnly':true,"
	    RES_KEY TAIL, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "verify", .w.operation = "kms:Verify",
	    .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:20Z",
	    .w.native_id = "e8f9a0b1-c2d3-4e4f-9a6b-7c8d9e0f1a2b",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms GetPublicKey (cosign)",
	    .text = "{'eventVersion':'1.08'," UI_ROLE ",'eventTime':"
	    "'2026-01-10T12:00:05Z','eventSource':'kms.amazonaws.com',"
	    "'eventName':'GetPublicKey','awsRegion':'eu-west-1',"
	    "'sourceIPAddress':'203.0.113.40','userAgent':"
	    "'aws-sdk-go-v2/1.30.0 cosign/v2.4.1','requestParameters':"
	    "{'keyId':'alias/widget-release'},'responseElements':null,"
	    "'eventID':'f9a0b1c2-d3e4-4f5a-8b7c-8d9e0f1a2b3c','readOnly':true,"
	    RES_KEY TAIL, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "key.read", .w.operation = "kms:GetPublicKey",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:05Z",
	    .w.native_id = "f9a0b1c2-d3e4-4f5a-8b7c-8d9e0f1a2b3c",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms DescribeKey",
	    .text = ADMIN_HEAD("2026-01-09T16:20:00Z", "kms.amazonaws.com",
	    "DescribeKey", "eu-west-1")
	    "'requestParameters':{'keyId':'" KEY_ID "'},"
	    "'responseElements':null,'eventID':"
	    "'0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d','readOnly':true,"
	    RES_KEY TAIL, .rc = PARSE_OK, .nev = 1,
	    .w.action = "key.read", .w.operation = "kms:DescribeKey",
	    .w.actor = ADMIN_ARN, .w.session = ADMIN_KEY, .w.key_ref = KEY_ARN,
	    .w.key_raw = KEY_ID, .w.ts = "2026-01-09T16:20:00Z",
	    .w.native_id = "0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "identity_type", "IAMUser" },
		{ "access_key_id", ADMIN_KEY },
		{ "principal_id", "AIDA4Q7YFFAR2EXMPL5KQ" } } },
	{ .name = "kms CreateKey: key from responseElements.keyMetadata",
	    .text = ADMIN_HEAD("2026-01-09T16:00:00Z", "kms.amazonaws.com",
	    "CreateKey", "eu-west-1")
	    "'requestParameters':{'keyUsage':'SIGN_VERIFY','keySpec':"
	    "'ECC_NIST_P256','origin':'AWS_KMS','description':"
	    "'widget release signing','bypassPolicyLockoutSafetyCheck':false,"
	    "'policy':'{\\'Version\\':\\'2012-10-17\\'}'},"
	    "'responseElements':{'keyMetadata':{'AWSAccountId':'" ACCT "',"
	    "'keyId':'" KEY_ID "','arn':'" KEY_ARN "','creationDate':"
	    "'Jan 9, 2026, 4:00:00 PM','enabled':true,'keyUsage':"
	    "'SIGN_VERIFY','keyState':'Enabled','origin':'AWS_KMS',"
	    "'keyManager':'CUSTOMER','keySpec':'ECC_NIST_P256',"
	    "'signingAlgorithms':['ECDSA_SHA_256'],'multiRegion':false}},"
	    "'eventID':'1b2c3d4e-5f6a-4b7c-8d8e-9f0a1b2c3d4e','readOnly':false,"
	    TAIL, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "key.create", .w.operation = "kms:CreateKey",
	    .w.actor = ADMIN_ARN, .w.session = ADMIN_KEY, .w.key_ref = KEY_ARN,
	    .w.ts = "2026-01-09T16:00:00Z",
	    .w.native_id = "1b2c3d4e-5f6a-4b7c-8d8e-9f0a1b2c3d4e",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "response.keyMetadata.keySpec", "ECC_NIST_P256" },
		{ "read_only", "false" } } },
	{ .name = "kms CreateAlias: resources list the key, then the alias",
	    .text = ADMIN_HEAD("2026-01-09T16:01:00Z", "kms.amazonaws.com",
	    "CreateAlias", "eu-west-1")
	    "'requestParameters':{'aliasName':'alias/widget-release',"
	    "'targetKeyId':'" KEY_ID "'},'responseElements':{'keyId':'"
	    KEY_ARN "'},'eventID':'2c3d4e5f-6a7b-4c8d-9e9f-0a1b2c3d4e5f',"
	    "'readOnly':false,'resources':[{'accountId':'" ACCT "','type':"
	    "'AWS::KMS::Key','ARN':'" KEY_ARN "'},{'accountId':'" ACCT "',"
	    "'type':'AWS::KMS::Key','ARN':'" ALIAS_ARN "'}]," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.alias",
	    .w.operation = "kms:CreateAlias", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.key_ref = KEY_ARN, .w.key_raw = KEY_ID,
	    .w.ts = "2026-01-09T16:01:00Z",
	    .w.native_id = "2c3d4e5f-6a7b-4c8d-9e9f-0a1b2c3d4e5f",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "alias", "alias/widget-release" } } },
	{ .name = "kms UpdateAlias: the alias ARN comes first in resources",
	    .text = ADMIN_HEAD("2026-01-10T11:58:00Z", "kms.amazonaws.com",
	    "UpdateAlias", "eu-west-1")
	    "'requestParameters':{'aliasName':'alias/widget-release',"
	    "'targetKeyId':'" KEY2_ID "'},'responseElements':{'keyId':'"
	    KEY2_ARN "'},'eventID':'3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a',"
	    "'readOnly':false,'resources':[{'accountId':'" ACCT "','type':"
	    "'AWS::KMS::Key','ARN':'" ALIAS_ARN "'},{'accountId':'" ACCT "',"
	    "'type':'AWS::KMS::Key','ARN':'" KEY2_ARN "'}]," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN, .w.action = "key.alias",
	    .w.operation = "kms:UpdateAlias", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.key_ref = KEY2_ARN,
	    .w.key_raw = KEY2_ID,
	    .w.ts = "2026-01-10T11:58:00Z",
	    .w.native_id = "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "alias", "alias/widget-release" } } },
	{ .name = "kms DeleteAlias: only the alias in resources",
	    .text = ADMIN_HEAD("2026-01-12T09:00:00Z", "kms.amazonaws.com",
	    "DeleteAlias", "eu-west-1")
	    "'requestParameters':{'aliasName':'alias/widget-release'},"
	    "'responseElements':{'keyId':'" KEY2_ARN "'},'eventID':"
	    "'4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b','readOnly':false,"
	    "'resources':[{'ARN':'" ALIAS_ARN "','accountId':'" ACCT "'}],"
	    TAIL, .rc = PARSE_OK, .nev = 1, .w.action = "key.alias",
	    .w.operation = "kms:DeleteAlias", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.key_ref = KEY2_ARN,
	    .w.ts = "2026-01-12T09:00:00Z",
	    .w.native_id = "4e5f6a7b-8c9d-4e0f-9a1b-2c3d4e5f6a7b",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "alias", "alias/widget-release" } } },
	{ .name = "kms CreateGrant",
	    .text = ADMIN_HEAD("2026-01-10T11:50:00Z", "kms.amazonaws.com",
	    "CreateGrant", "eu-west-1")
	    "'requestParameters':{'keyId':'" KEY_ARN "','granteePrincipal':"
	    "'arn:aws:iam::" ACCT ":role/ci-deployer','operations':['Sign',"
	    "'GetPublicKey'],'name':'ci-sign'},'responseElements':"
	    "{'grantId':'0c237476b39f8bc44e45212e08498fbe3151305030726c0590dd8"
	    "d3e9f3d6a60'},'eventID':'5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c',"
	    "'readOnly':false," RES_KEY TAIL, .rc = PARSE_OK, .nev = 1,
	    .pf = PF_IN,
	    .w.action = "key.grant", .w.operation = "kms:CreateGrant",
	    .w.actor = ADMIN_ARN, .w.session = ADMIN_KEY, .w.key_ref = KEY_ARN,
	    .w.key_raw = KEY_ARN, .w.ts = "2026-01-10T11:50:00Z",
	    .w.native_id = "5f6a7b8c-9d0e-4f1a-8b2c-3d4e5f6a7b8c",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "request.operations",
	    "[\"Sign\",\"GetPublicKey\"]" },
		{ "request.granteePrincipal", "arn:aws:iam::" ACCT
		":role/ci-deployer" } } },
	{ .name = "kms PutKeyPolicy",
	    .text = ADMIN_HEAD("2026-01-10T11:52:00Z", "kms.amazonaws.com",
	    "PutKeyPolicy", "eu-west-1")
	    "'requestParameters':{'keyId':'" KEY_ID "','policyName':"
	    "'default','policy':'{\\n  \\'Version\\': \\'2012-10-17\\'\\n}',"
	    "'bypassPolicyLockoutSafetyCheck':false},'responseElements':null,"
	    "'eventID':'6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d','readOnly':false,"
	    RES_KEY TAIL, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "key.policy", .w.operation = "kms:PutKeyPolicy",
	    .w.actor = ADMIN_ARN, .w.session = ADMIN_KEY, .w.key_ref = KEY_ARN,
	    .w.key_raw = KEY_ID, .w.ts = "2026-01-10T11:52:00Z",
	    .w.native_id = "6a7b8c9d-0e1f-4a2b-9c3d-4e5f6a7b8c9d",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "request.policyName", "default" } } },
	{ .name = "kms ScheduleKeyDeletion, key from responseElements.keyId",
	    .text = ADMIN_HEAD("2026-01-12T09:05:00Z", "kms.amazonaws.com",
	    "ScheduleKeyDeletion", "eu-west-1")
	    "'requestParameters':{'keyId':'" KEY_ID "',"
	    "'pendingWindowInDays':7},'responseElements':{'keyId':'" KEY_ARN
	    "','keyState':'PendingDeletion','deletionDate':"
	    "'Jan 19, 2026, 9:05:00 AM'},'eventID':"
	    "'7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e','readOnly':false," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.delete",
	    .w.operation = "kms:ScheduleKeyDeletion", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.key_ref = KEY_ARN, .w.key_raw = KEY_ID,
	    .w.ts = "2026-01-12T09:05:00Z",
	    .w.native_id = "7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "response.deletionDate",
	    "Jan 19, 2026, 9:05:00 AM" },
		{ "request.pendingWindowInDays", "7" } } },
	{ .name = "kms DisableKey",
	    .text = ADMIN_HEAD("2026-01-11T08:00:00Z", "kms.amazonaws.com",
	    "DisableKey", "eu-west-1")
	    "'requestParameters':{'keyId':'" KEY_ID "'},"
	    "'responseElements':null,'eventID':"
	    "'8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f','readOnly':false,"
	    RES_KEY TAIL, .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "key.disable", .w.operation = "kms:DisableKey",
	    .w.actor = ADMIN_ARN, .w.session = ADMIN_KEY, .w.key_ref = KEY_ARN,
	    .w.key_raw = KEY_ID, .w.ts = "2026-01-11T08:00:00Z",
	    .w.native_id = "8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f",
	    .w.src_ip = "198.51.100.23" },
	{ .name = "kms Sign by AWS Signer (AWSService, invokedBy)",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':"
	    "'AWSService','invokedBy':'signer.amazonaws.com'},'eventTime':"
	    "'2026-01-10T12:30:00Z','eventSource':'kms.amazonaws.com',"
	    "'eventName':'Sign','awsRegion':'eu-west-1','sourceIPAddress':"
	    "'signer.amazonaws.com','userAgent':'signer.amazonaws.com',"
	    SIGN_REQ(KEY_ARN)
	    "'eventID':'9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a','readOnly':true,"
	    RES_KEY "'sharedEventID':'1e2f3a4b-5c6d-4e7f-9a8b-9c0d1e2f3a4b',"
	    TAIL, .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = "signer.amazonaws.com", .w.key_ref = KEY_ARN,
	    .w.key_raw = KEY_ARN, .w.ts = "2026-01-10T12:30:00Z",
	    .w.native_id = "9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a",
	    .w.src_ip = "signer.amazonaws.com",
	    .w.attrs = { { "identity_type", "AWSService" },
		{ "invoked_by", "signer.amazonaws.com" },
		{ "shared_event_id", "1e2f3a4b-5c6d-4e7f-9a8b-9c0d1e2f3a4b" },
		{ "access_key_id", ABSENT } } },
	{ .name = "kms Sign from another account (AWSAccount)",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':"
	    "'AWSAccount','principalId':'AROA3XFRBF535PLBIFPI4:build',"
	    "'accountId':'111122223333'},'eventTime':'2026-01-10T12:40:00Z',"
	    "'eventSource':'kms.amazonaws.com','eventName':'Sign',"
	    "'awsRegion':'eu-west-1','sourceIPAddress':'198.51.100.77',"
	    SIGN_REQ(KEY_ARN)
	    "'eventID':'0e1f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b','readOnly':true,"
	    RES_KEY TAIL, .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign", .w.actor = "111122223333",
	    .w.key_ref = KEY_ARN, .w.key_raw = KEY_ARN,
	    .w.ts = "2026-01-10T12:40:00Z",
	    .w.native_id = "0e1f2a3b-4c5d-4e6f-9a7b-8c9d0e1f2a3b",
	    .w.src_ip = "198.51.100.77",
	    .w.attrs = { { "identity_type", "AWSAccount" },
		{ "principal_id", "AROA3XFRBF535PLBIFPI4:build" } } },
	{ .name = "kms Sign with an escaped eventName (Si\\u0067n)",
	    .text = KMS_HEAD("2026-01-10T12:00:17Z", "Si\\u0067n")
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'1f2a3b4c-5d6e-4f7a-8b9c-0d1e2f3a4b5c'," RES_KEY TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_UNKNOWN, .w.action = "sign",
	    .w.operation = "kms:Sign", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:17Z",
	    .w.native_id = "1f2a3b4c-5d6e-4f7a-8b9c-0d1e2f3a4b5c",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with an escaped key (\\u0065ventSource)",
	    .text = "{'eventVersion':'1.08','eventTime':"
	    "'2026-01-10T12:00:18Z','\\u0065ventSource':'kms.amazonaws.com',"
	    "'eventName':'Sign','awsRegion':'eu-west-1'," SIGN_REQ(KEY_ARN)
	    "'eventID':'2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_UNKNOWN, .w.action = "sign",
	    .w.operation = "kms:Sign", .w.key_ref = KEY_ARN,
	    .w.key_raw = KEY_ARN,
	    .w.ts = "2026-01-10T12:00:18Z",
	    .w.native_id = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d" },
	{ .name = "kms Sign with a fractional eventTime",
	    .text = KMS_HEAD("2026-01-10T12:00:07.250Z", "Sign")
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d6e'," RES_KEY TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:07.250000Z", .w.ts_flags = TSF_NONE,
	    .w.ts_raw = "2026-01-10T12:00:07.250Z",
	    .w.native_id = "3b4c5d6e-7f8a-4b9c-8d0e-1f2a3b4c5d6e",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "kms Sign with an eventTime offset: converted to UTC",
	    .text = KMS_HEAD("2026-01-10T13:00:07+01:00", "Sign")
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f'," RES_KEY TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:07Z",
	    .w.ts_raw = "2026-01-10T13:00:07+01:00",
	    .w.native_id = "4c5d6e7f-8a9b-4c0d-9e1f-2a3b4c5d6e7f",
	    .w.src_ip = "203.0.113.40" },

	{ .name = "kms Sign with an eventTime without a zone",
	    .text = KMS_HEAD("2026-01-10T12:00:28", "Sign")
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'," RES_KEY TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:28Z",
	    .w.ts_flags = TS_COARSE | TS_ASSUMED_UTC,
	    .w.native_id = "7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
	    .w.src_ip = "203.0.113.40" },

	/* ---- scope -------------------------------------------------- */
	{ .name = "kms Decrypt is out of scope",
	    .text = KMS_HEAD("2026-01-10T12:01:00Z", "Decrypt")
	    "'requestParameters':{'encryptionAlgorithm':'SYMMETRIC_DEFAULT'},"
	    "'responseElements':null,'eventID':"
	    "'5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a','readOnly':true,"
	    RES_KEY TAIL, .rc = PARSE_SKIP, .pf = PF_OUT },
	{ .name = "kms Decrypt with --all-events: other",
	    .text = KMS_HEAD("2026-01-10T12:01:00Z", "Decrypt")
	    "'requestParameters':{'encryptionAlgorithm':'SYMMETRIC_DEFAULT'},"
	    "'responseElements':null,'eventID':"
	    "'5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a','readOnly':true,"
	    RES_KEY TAIL, .all = 1, .rc = PARSE_OK, .nev = 1, .pf = PF_OUT,
	    .w.action = "other", .w.operation = "kms:Decrypt",
	    .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.ts = "2026-01-10T12:01:00Z",
	    .w.native_id = "5d6e7f8a-9b0c-4d1e-8f2a-3b4c5d6e7f8a",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "ec2 DescribeInstances is out of scope",
	    .text = ADMIN_HEAD("2026-01-10T12:02:00Z", "ec2.amazonaws.com",
	    "DescribeInstances", "eu-west-1")
	    "'requestParameters':{'instancesSet':{},'filterSet':{}},"
	    "'responseElements':null,'eventID':"
	    "'6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b','readOnly':true," TAIL,
	    .rc = PARSE_SKIP, .pf = PF_OUT },
	{ .name = "ec2 DescribeInstances with --all-events: other",
	    .text = ADMIN_HEAD("2026-01-10T12:02:00Z", "ec2.amazonaws.com",
	    "DescribeInstances", "eu-west-1")
	    "'requestParameters':{'instancesSet':{},'filterSet':{}},"
	    "'responseElements':null,'eventID':"
	    "'6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b','readOnly':true," TAIL,
	    .all = 1, .rc = PARSE_OK, .nev = 1, .pf = PF_OUT,
	    .w.action = "other",
	    .w.operation = "ec2:DescribeInstances", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.ts = "2026-01-10T12:02:00Z",
	    .w.native_id = "6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b",
	    .w.src_ip = "198.51.100.23" },
	{ .name = "Insights record is out of scope",
	    .text = REC_INSIGHT, .rc = PARSE_SKIP, .pf = PF_UNKNOWN },
	{ .name = "Insights record with --all-events: other, never sign",
	    .text = REC_INSIGHT, .all = 1, .rc = PARSE_OK, .nev = 1,
	    .pf = PF_UNKNOWN,
	    .w.action = "other",
	    .w.operation = "cloudtrail:ApiCallRateInsight",
	    .w.ts = "2026-01-10T13:01:00Z",
	    .w.native_id = "4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0",
	    .w.attrs = { { "insight_event_source", "kms.amazonaws.com" },
		{ "insight_event_name", "Sign" },
		{ "insight_state", "Start" },
		{ "event_type", "AwsCloudTrailInsight" } } },
	{ .name = "Insights record without insightDetails, --all-events",
	    .text = "{'eventVersion':'1.07','eventTime':'2026-01-10T13:02:00"
	    "Z',"
	    "'eventID':'5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e','eventType':"
	    "'AwsCloudTrailInsight','recipientAccountId':'" ACCT "'}",
	    .all = 1, .rc = PARSE_OK, .nev = 1, .w.action = "other",
	    .w.operation = "cloudtrail:Insight",
	    .w.ts = "2026-01-10T13:02:00Z",
	    .w.native_id = "5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d1e" },

	/* ---- STS ---------------------------------------------------- */
	{ .name = "sts AssumeRoleWithWebIdentity from GitHub (tag)",
	    .text = REC_WEBID("repo:acme/widget:ref:refs/tags/v2.4.0",
	    "6a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff"),
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoleWithWebIdentity",
	    .w.actor = "repo:acme/widget:ref:refs/tags/v2.4.0",
	    .w.session = SESS_KEY "/" SESS_NAME, .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v2.4.0", .w.ts = "2026-01-10T12:00:01Z",
	    .w.native_id = "6a1b2c3d-aaaa-4bbb-8ccc-ddddeeeeffff",
	    .w.src_ip = "20.42.73.131",
	    .w.attrs = { { "issued_access_key_id", SESS_KEY },
		{ "identity_type", "WebIdentityUser" },
		{ "identity_provider", OIDC_ARN },
		{ "role_arn", ROLE_ARN }, { "role_session_name", SESS_NAME },
		{ "caller_session", ABSENT },
		{ "response.credentials.sessionToken",
		"(omitted; see raw record)" },
		{ "oidc_subject", "repo:acme/widget:ref:refs/tags/v2.4.0" } } },
	{ .name = "sts AssumeRoleWithWebIdentity, customized subject",
	    .text = REC_WEBID("repo:acme/widget:ref:refs/tags/v2.4.0:"
	    "job_workflow_ref:acme/widget/.github/workflows/release.yml@"
	    "refs/tags/v2.4.0", "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoleWithWebIdentity",
	    .w.actor = "repo:acme/widget:ref:refs/tags/"
	    "v2.4.0:job_workflow_ref:"
	    "acme/widget/.github/workflows/release.yml@refs/tags/v2.4.0",
	    .w.session = SESS_KEY "/" SESS_NAME, .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v2.4.0", .w.ts = "2026-01-10T12:00:01Z",
	    .w.native_id = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
	    .w.src_ip = "20.42.73.131",
	    .w.attrs = { { "job_workflow_ref", "acme/widget/.github/workflows/"
		"release.yml@refs/tags/v2.4.0" } } },
	{ .name = "sts AssumeRoleWithWebIdentity, environment subject",
	    .text = REC_WEBID("repo:acme/widget:environment:release",
	    "7b2c3d4e-bbbb-4ccc-9ddd-eeeeffff0000"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoleWithWebIdentity",
	    .w.actor = "repo:acme/widget:environment:release",
	    .w.session = SESS_KEY "/" SESS_NAME, .w.repo = "acme/widget",
	    .w.ts = "2026-01-10T12:00:01Z",
	    .w.native_id = "7b2c3d4e-bbbb-4ccc-9ddd-eeeeffff0000",
	    .w.src_ip = "20.42.73.131",
	    .w.attrs = { { "environment", "release" },
		{ "issued_access_key_id", SESS_KEY } } },
	{ .name = "sts AssumeRoleWithWebIdentity, pull_request subject",
	    .text = REC_WEBID("repo:acme/widget:pull_request",
	    "8c3d4e5f-cccc-4ddd-8eee-ffff00001111"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoleWithWebIdentity",
	    .w.actor = "repo:acme/widget:pull_request",
	    .w.session = SESS_KEY "/" SESS_NAME, .w.repo = "acme/widget",
	    .w.ts = "2026-01-10T12:00:01Z",
	    .w.native_id = "8c3d4e5f-cccc-4ddd-8eee-ffff00001111",
	    .w.src_ip = "20.42.73.131",
	    .w.attrs = { { "oidc_context", "pull_request" },
		{ "environment", ABSENT } } },
	{ .name = "sts AssumeRoleWithWebIdentity from GitLab (tag)",
	    .text = REC_WEBID("project_path:grp/proj:ref_type:tag:ref:v1.0",
	    "9d4e5f6a-dddd-4eee-9fff-000011112222"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoleWithWebIdentity",
	    .w.actor = "project_path:grp/proj:ref_type:tag:ref:v1.0",
	    .w.session = SESS_KEY "/" SESS_NAME, .w.repo = "grp/proj",
	    .w.ref = "refs/tags/v1.0", .w.ts = "2026-01-10T12:00:01Z",
	    .w.native_id = "9d4e5f6a-dddd-4eee-9fff-000011112222",
	    .w.src_ip = "20.42.73.131" },
	{ .name = "sts AssumeRoleWithWebIdentity from GitLab (branch)",
	    .text = REC_WEBID("project_path:grp/sub/proj:ref_type:branch:"
	    "ref:main", "0e5f6a7b-eeee-4fff-8000-111122223333"),
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoleWithWebIdentity",
	    .w.actor = "project_path:grp/sub/proj:ref_type:branch:ref:main",
	    .w.session = SESS_KEY "/" SESS_NAME, .w.repo = "grp/sub/proj",
	    .w.ref = "refs/heads/main", .w.ts = "2026-01-10T12:00:01Z",
	    .w.native_id = "0e5f6a7b-eeee-4fff-8000-111122223333",
	    .w.src_ip = "20.42.73.131" },
	{ .name = "sts AssumeRoleWithWebIdentity denied (no response)",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':"
	    "'WebIdentityUser','principalId':'" OIDC_ARN ":sts.amazonaws.com:"
	    "repo:evil/fork:ref:refs/heads/main','userName':"
	    "'repo:evil/fork:ref:refs/heads/main','identityProvider':'"
	    OIDC_ARN "'},'eventTime':'2026-01-10T12:05:00Z','eventSource':"
	    "'sts.amazonaws.com','eventName':'AssumeRoleWithWebIdentity',"
	    "'awsRegion':'us-east-1','sourceIPAddress':'52.0.0.9',"
	    "'userAgent':'configure-aws-credentials-for-github-actions',"
	    "'errorCode':'AccessDenied','errorMessage':'Not authorized to "
	    "perform sts:AssumeRoleWithWebIdentity','requestParameters':"
	    "{'roleArn':'" ROLE_ARN "','roleSessionName':'GitHubActions'},"
	    "'responseElements':null,'eventID':"
	    "'1f6a7b8c-ffff-4000-9111-222233334444'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoleWithWebIdentity", .w.failed = 1,
	    .w.error_code = "AccessDenied",
	    .w.actor = "repo:evil/fork:ref:refs/heads/main",
	    .w.repo = "evil/fork", .w.ref = "refs/heads/main",
	    .w.ts = "2026-01-10T12:05:00Z",
	    .w.native_id = "1f6a7b8c-ffff-4000-9111-222233334444",
	    .w.src_ip = "52.0.0.9",
	    .w.attrs = { { "issued_access_key_id", ABSENT },
		{ "role_session_name", "GitHubActions" } } },
	{ .name = "sts AssumeRole by an IAMUser",
	    .text = ADMIN_HEAD("2026-01-10T11:40:00Z", "sts.amazonaws.com",
	    "AssumeRole", "us-east-1")
	    "'requestParameters':{'roleArn':'" ROLE_ARN "','roleSessionName':"
	    "'ops-admin-debug','durationSeconds':3600},'responseElements':{"
	    "'credentials':{'accessKeyId':'" ISSUED_KEY "','sessionToken':"
	    "'FwoGZXIvYXdzEBYaDFAKETOKEN','expiration':"
	    "'Jan 10, 2026, 12:40:00 PM'},'assumedRoleUser':{'assumedRoleId':"
	    "'AROATQ3ZRD5XKQ7OPN4MW:ops-admin-debug','arn':'arn:aws:sts::" ACCT
	    ":assumed-role/release-signer/ops-admin-debug'}},'eventID':"
	    "'2a7b8c9d-0000-4111-8222-333344445555','readOnly':true,"
	    "'resources':[{'accountId':'" ACCT "','type':'AWS::IAM::Role',"
	    "'ARN':'" ROLE_ARN "'}]," TAIL, .rc = PARSE_OK, .nev = 1,
	    .pf = PF_IN,
	    .w.action = "session.assume", .w.operation = "sts:AssumeRole",
	    .w.actor = ADMIN_ARN, .w.session = ISSUED_KEY "/ops-admin-debug",
	    .w.ts = "2026-01-10T11:40:00Z",
	    .w.native_id = "2a7b8c9d-0000-4111-8222-333344445555",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "caller_session", ADMIN_KEY },
		{ "issued_access_key_id", ISSUED_KEY },
		{ "assumed_role_arn", "arn:aws:sts::" ACCT
		":assumed-role/release-signer/ops-admin-debug" },
		{ "response.credentials.sessionToken",
		"(omitted; see raw record)" } } },
	{ .name = "sts AssumeRole role chaining (caller is a role session)",
	    .text = "{'eventVersion':'1.08'," UI_ROLE ",'eventTime':"
	    "'2026-01-10T12:00:30Z','eventSource':'sts.amazonaws.com',"
	    "'eventName':'AssumeRole','awsRegion':'eu-west-1',"
	    "'sourceIPAddress':'203.0.113.40','requestParameters':{'roleArn':"
	    "'arn:aws:iam::" ACCT ":role/prod-deployer','roleSessionName':"
	    "'chained'},'responseElements':{'credentials':{'accessKeyId':"
	    "'ASIA3N8B2V7C4X6Z9M1Q','expiration':'Jan 10, 2026, 1:00:30 PM'},"
	    "'assumedRoleUser':{'assumedRoleId':'AROA6P2N4M8B3V7C5X1Z:chained',"
	    "'arn':'arn:aws:sts::" ACCT
	    ":assumed-role/prod-deployer/chained'}},"
	    "'eventID':'3b8c9d0e-1111-4222-9333-444455556666'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRole", .w.actor = ROLE_ARN,
	    .w.session = "ASIA3N8B2V7C4X6Z9M1Q/chained",
	    .w.ts = "2026-01-10T12:00:30Z",
	    .w.native_id = "3b8c9d0e-1111-4222-9333-444455556666",
	    .w.src_ip = "203.0.113.40",
	    .w.attrs = { { "caller_session", SESS_KEY "/" SESS_NAME } } },
	{ .name = "sts AssumeRole denied (no responseElements)",
	    .text = ADMIN_HEAD("2026-01-10T11:41:00Z", "sts.amazonaws.com",
	    "AssumeRole", "us-east-1")
	    "'errorCode':'AccessDenied','errorMessage':'User: " ADMIN_ARN
	    " is not authorized to perform: sts:AssumeRole on resource: "
	    ROLE_ARN "','requestParameters':{'roleArn':'" ROLE_ARN "',"
	    "'roleSessionName':'ops-admin-debug'},'responseElements':null,"
	    "'eventID':'4c9d0e1f-2222-4333-8444-555566667777'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRole", .w.failed = 1,
	    .w.error_code = "AccessDenied", .w.actor = ADMIN_ARN,
	    .w.ts = "2026-01-10T11:41:00Z",
	    .w.native_id = "4c9d0e1f-2222-4333-8444-555566667777",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "caller_session", ADMIN_KEY },
		{ "issued_access_key_id", ABSENT },
		{ "role_session_name", "ops-admin-debug" } } },
	{ .name = "sts GetSessionToken",
	    .text = ADMIN_HEAD("2026-01-10T11:30:00Z", "sts.amazonaws.com",
	    "GetSessionToken", "us-east-1")
	    "'requestParameters':{'durationSeconds':43200,'serialNumber':"
	    "'arn:aws:iam::" ACCT ":mfa/ops-admin'},'responseElements':{"
	    "'credentials':{'accessKeyId':'ASIA9F4D6S2A8G1H3J5K',"
	    "'sessionToken':'IQoJb3JpZ2luX2VjEPAKE','expiration':"
	    "'Jan 10, 2026, 11:30:00 PM'}},'eventID':"
	    "'5d0e1f2a-3333-4444-9555-666677778888','readOnly':true," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "session.assume",
	    .w.operation = "sts:GetSessionToken", .w.actor = ADMIN_ARN,
	    .w.session = "ASIA9F4D6S2A8G1H3J5K",
	    .w.ts = "2026-01-10T11:30:00Z",
	    .w.native_id = "5d0e1f2a-3333-4444-9555-666677778888",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "caller_session", ADMIN_KEY },
		{ "issued_access_key_id", "ASIA9F4D6S2A8G1H3J5K" },
		{ "response.credentials.sessionToken",
		"(omitted; see raw record)" } } },
	{ .name = "sts GetFederationToken",
	    .text = ADMIN_HEAD("2026-01-10T11:31:00Z", "sts.amazonaws.com",
	    "GetFederationToken", "us-east-1")
	    "'requestParameters':{'name':'backdoor','durationSeconds':129600,"
	    "'policy':'{\\'Version\\':\\'2012-10-17\\'}'},"
	    "'responseElements':{'credentials':{'accessKeyId':"
	    "'ASIA4L7K1J9H2G5F8D3S','sessionToken':'IQoJb3JpZ2luFAKE',"
	    "'expiration':'Jan 11, 2026, 11:31:00 PM'},'federatedUser':{"
	    "'federatedUserId':'" ACCT ":backdoor','arn':'arn:aws:sts::" ACCT
	    ":federated-user/backdoor'},'packedPolicySize':6},'eventID':"
	    "'6e1f2a3b-4444-4555-8666-777788889999'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:GetFederationToken", .w.actor = ADMIN_ARN,
	    .w.session = "ASIA4L7K1J9H2G5F8D3S/backdoor",
	    .w.ts = "2026-01-10T11:31:00Z",
	    .w.native_id = "6e1f2a3b-4444-4555-8666-777788889999",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "caller_session", ADMIN_KEY },
		{ "issued_access_key_id", "ASIA4L7K1J9H2G5F8D3S" } } },
	{ .name = "sts AssumeRoot (centralized root access)",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':"
	    "'AssumedRole','principalId':'AROA5TZ3KX7QW2EXMPL9:admin','arn':"
	    "'arn:aws:sts::111122223333:assumed-role/OrgAdmin/admin',"
	    "'accountId':'111122223333','accessKeyId':'ASIA6Y2T8R4E1W7Q3Z5X',"
	    "'sessionContext':{'sessionIssuer':{'type':'Role','arn':"
	    "'arn:aws:iam::111122223333:role/OrgAdmin','accountId':"
	    "'111122223333','userName':'OrgAdmin'}}},'eventTime':"
	    "'2026-01-10T10:30:00Z','eventSource':'sts.amazonaws.com',"
	    "'eventName':'AssumeRoot','awsRegion':'us-east-1',"
	    "'sourceIPAddress':'198.51.100.5','requestParameters':{"
	    "'targetPrincipal':'" ACCT "','taskPolicyArn':{'arn':"
	    "'arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials'"
	    "}},'responseElements':{'credentials':{'accessKeyId':"
	    "'ASIA1Q9W8E7R6T5Y4U3I','sessionToken':'IQoJFAKE','expiration':"
	    "'Jan 10, 2026, 10:45:00 AM'}},'eventID':"
	    "'6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "session.assume",
	    .w.operation = "sts:AssumeRoot",
	    .w.actor = "arn:aws:iam::111122223333:role/OrgAdmin",
	    .w.session = "ASIA1Q9W8E7R6T5Y4U3I",
	    .w.ts = "2026-01-10T10:30:00Z",
	    .w.native_id = "6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e",
	    .w.src_ip = "198.51.100.5",
	    .w.attrs = { { "caller_session", "ASIA6Y2T8R4E1W7Q3Z5X/admin" },
		{ "issued_access_key_id", "ASIA1Q9W8E7R6T5Y4U3I" } } },
	{ .name = "kms Sign by a FederatedUser joins GetFederationToken",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':"
	    "'FederatedUser','principalId':'" ACCT ":backdoor','arn':"
	    "'arn:aws:sts::" ACCT ":federated-user/backdoor','accountId':'"
	    ACCT "','accessKeyId':'ASIA4L7K1J9H2G5F8D3S','sessionContext':{"
	    "'sessionIssuer':{'type':'IAMUser','principalId':"
	    "'AIDA4Q7YFFAR2EXMPL5KQ','arn':'" ADMIN_ARN "','accountId':'" ACCT
	    "','userName':'ops-admin'},'attributes':{'creationDate':"
	    "'2026-01-10T11:31:00Z','mfaAuthenticated':'false'}}},"
	    "'eventTime':'2026-01-10T13:10:00Z','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign','awsRegion':'eu-west-1',"
	    "'sourceIPAddress':'198.51.100.99'," SIGN_REQ(KEY_ID)
	    "'eventID':'7f2a3b4c-5555-4666-9777-88889999aaaa'," RES_KEY TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ADMIN_ARN, .w.session = "ASIA4L7K1J9H2G5F8D3S/backdoor",
	    .w.key_ref = KEY_ARN, .w.key_raw = KEY_ID,
	    .w.ts = "2026-01-10T13:10:00Z",
	    .w.native_id = "7f2a3b4c-5555-4666-9777-88889999aaaa",
	    .w.src_ip = "198.51.100.99",
	    .w.attrs = { { "identity_type", "FederatedUser" },
		{ "identity_arn", "arn:aws:sts::" ACCT
		":federated-user/backdoor" } } },
	{ .name = "sts AssumeRole by an AWS service (no caller session)",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':"
	    "'AWSService','invokedBy':'inspector2.amazonaws.com'},"
	    "'eventTime':'2026-01-10T10:00:00Z','eventSource':"
	    "'sts.amazonaws.com','eventName':'AssumeRole','awsRegion':"
	    "'eu-west-1','sourceIPAddress':'inspector2.amazonaws.com',"
	    "'userAgent':'inspector2.amazonaws.com','requestParameters':{"
	    "'roleArn':'arn:aws:iam::" ACCT ":role/aws-service-role/"
	    "inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2',"
	    "'roleSessionName':'AmazonInspector2'},'responseElements':{"
	    "'credentials':{'accessKeyId':'ASIA8S5D2F7G4H1J6K3L',"
	    "'sessionToken':'IQoJFAKE','expiration':"
	    "'Jan 10, 2026, 11:00:00 AM'}},'eventID':"
	    "'8a3b4c5d-6666-4777-8888-9999aaaabbbb'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRole",
	    .w.actor = "inspector2.amazonaws.com",
	    .w.session = "ASIA8S5D2F7G4H1J6K3L/AmazonInspector2",
	    .w.ts = "2026-01-10T10:00:00Z",
	    .w.native_id = "8a3b4c5d-6666-4777-8888-9999aaaabbbb",
	    .w.src_ip = "inspector2.amazonaws.com",
	    .w.attrs = { { "caller_session", ABSENT } } },

	/* ---- IAM, CloudTrail, sign-in -------------------------------- */
	{ .name = "iam UpdateAssumeRolePolicy",
	    .text = ADMIN_HEAD("2026-01-10T11:45:00Z", "iam.amazonaws.com",
	    "UpdateAssumeRolePolicy", "us-east-1")
	    "'requestParameters':{'roleName':'release-signer',"
	    "'policyDocument':'{\\'Version\\':\\'2012-10-17\\',"
	    "\\'Statement\\':[{\\'Effect\\':\\'Allow\\',\\'Principal\\':"
	    "{\\'Federated\\':\\'" OIDC_ARN "\\'},\\'Action\\':"
	    "\\'sts:AssumeRoleWithWebIdentity\\',\\'Condition\\':"
	    "{\\'StringLike\\':{\\'token.actions.githubusercontent.com:sub\\':"
	    "\\'repo:acme/*\\'}}}]}'},'responseElements':null,'eventID':"
	    "'9b4c5d6e-7777-4888-9999-aaaabbbbcccc','readOnly':false," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN, .w.action = "iam.trust",
	    .w.operation = "iam:UpdateAssumeRolePolicy", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.ts = "2026-01-10T11:45:00Z",
	    .w.native_id = "9b4c5d6e-7777-4888-9999-aaaabbbbcccc",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "request.roleName", "release-signer" },
		{ "region", "us-east-1" } } },
	{ .name = "iam PutRolePolicy",
	    .text = ADMIN_HEAD("2026-01-10T11:46:00Z", "iam.amazonaws.com",
	    "PutRolePolicy", "us-east-1")
	    "'requestParameters':{'roleName':'release-signer','policyName':"
	    "'sign-anything','policyDocument':'{\\'Version\\':\\'2012-10-17\\',"
	    "\\'Statement\\':[{\\'Effect\\':\\'Allow\\',\\'Action\\':"
	    "\\'kms:Sign\\',\\'Resource\\':\\'*\\'}]}'},"
	    "'responseElements':null,"
	    "'eventID':'0c5d6e7f-8888-4999-8aaa-bbbbccccdddd'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN, .w.action = "iam.policy",
	    .w.operation = "iam:PutRolePolicy", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.ts = "2026-01-10T11:46:00Z",
	    .w.native_id = "0c5d6e7f-8888-4999-8aaa-bbbbccccdddd",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "request.policyName", "sign-anything" } } },
	{ .name = "iam CreateAccessKey",
	    .text = ADMIN_HEAD("2026-01-10T11:47:00Z", "iam.amazonaws.com",
	    "CreateAccessKey", "us-east-1")
	    "'requestParameters':{'userName':'ci-bot'},'responseElements':{"
	    "'accessKey':{'userName':'ci-bot','accessKeyId':"
	    "'AKIA2B4D6F8H0J2L4N6P','status':'Active','createDate':"
	    "'Jan 10, 2026, 11:47:00 AM'}},'eventID':"
	    "'1d6e7f8a-9999-4aaa-9bbb-ccccddddeeee','readOnly':false," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "iam.credential",
	    .w.operation = "iam:CreateAccessKey", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.ts = "2026-01-10T11:47:00Z",
	    .w.native_id = "1d6e7f8a-9999-4aaa-9bbb-ccccddddeeee",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "issued_access_key_id", "AKIA2B4D6F8H0J2L4N6P" },
		{ "request.userName", "ci-bot" } } },
	{ .name = "cloudtrail StopLogging",
	    .text = ADMIN_HEAD("2026-01-10T11:48:00Z",
	    "cloudtrail.amazonaws.com", "StopLogging", "eu-west-1")
	    "'requestParameters':{'name':'arn:aws:cloudtrail:eu-west-1:" ACCT
	    ":trail/acme-org-trail'},'responseElements':null,'eventID':"
	    "'2e7f8a9b-aaaa-4bbb-8ccc-ddddeeeeffff','readOnly':false," TAIL,
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN, .w.action = "audit.config",
	    .w.operation = "cloudtrail:StopLogging", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.ts = "2026-01-10T11:48:00Z",
	    .w.native_id = "2e7f8a9b-aaaa-4bbb-8ccc-ddddeeeeffff",
	    .w.src_ip = "198.51.100.23" },
	{ .name = "signin ConsoleLogin success (root)",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':'Root',"
	    "'principalId':'" ACCT "','arn':'arn:aws:iam::" ACCT ":root',"
	    "'accountId':'" ACCT "','accessKeyId':''},'eventTime':"
	    "'2026-01-10T09:00:00Z','eventSource':'signin.amazonaws.com',"
	    "'eventName':'ConsoleLogin','awsRegion':'us-east-1',"
	    "'sourceIPAddress':'192.0.2.10','userAgent':'Mozilla/5.0 (X11; "
	    "Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0',"
	    "'requestParameters':null,'responseElements':{'ConsoleLogin':"
	    "'Success'},'additionalEventData':{'LoginTo':"
	    "'https://console.aws.amazon.com/console/home','MobileVersion':"
	    "'No','MFAUsed':'Yes'},'eventID':"
	    "'3f8a9b0c-bbbb-4ccc-9ddd-eeeeffff0000','readOnly':false,"
	    "'eventType':'AwsConsoleSignIn','managementEvent':true,"
	    "'recipientAccountId':'" ACCT "','eventCategory':'Management'}",
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN, .w.action = "session.login",
	    .w.operation = "signin:ConsoleLogin",
	    .w.actor = "arn:aws:iam::" ACCT ":root",
	    .w.ts = "2026-01-10T09:00:00Z",
	    .w.native_id = "3f8a9b0c-bbbb-4ccc-9ddd-eeeeffff0000",
	    .w.src_ip = "192.0.2.10",
	    .w.attrs = { { "identity_type", "Root" },
		{ "additional.MFAUsed", "Yes" },
		{ "access_key_id", ABSENT },
		{ "event_type", "AwsConsoleSignIn" } } },
	{ .name = "signin ConsoleLogin failure",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':'IAMUser',"
	    "'principalId':'AIDA4Q7YFFAR2EXMPL5KQ','accountId':'" ACCT "',"
	    "'accessKeyId':'','userName':'ops-admin'},'eventTime':"
	    "'2026-01-10T08:59:00Z','eventSource':'signin.amazonaws.com',"
	    "'eventName':'ConsoleLogin','awsRegion':'us-east-1',"
	    "'sourceIPAddress':'203.0.113.66','userAgent':'Mozilla/5.0',"
	    "'errorMessage':'Failed authentication','requestParameters':null,"
	    "'responseElements':{'ConsoleLogin':'Failure'},"
	    "'additionalEventData':{'LoginTo':"
	    "'https://console.aws.amazon.com/console/home','MobileVersion':"
	    "'No','MFAUsed':'No'},'eventID':"
	    "'4a9b0c1d-cccc-4ddd-8eee-ffff00001111','readOnly':false,"
	    "'eventType':'AwsConsoleSignIn','managementEvent':true,"
	    "'recipientAccountId':'" ACCT "','eventCategory':'Management'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.login",
	    .w.operation = "signin:ConsoleLogin", .w.failed = 1,
	    .w.error_code = "Failure", .w.actor = "AIDA4Q7YFFAR2EXMPL5KQ",
	    .w.ts = "2026-01-10T08:59:00Z",
	    .w.native_id = "4a9b0c1d-cccc-4ddd-8eee-ffff00001111",
	    .w.src_ip = "203.0.113.66" },

	/* ---- userIdentity variants --------------------------------- */
	{ .name = "userIdentity missing",
	    .text = "{'eventVersion':'1.08','eventTime':"
	    "'2026-01-10T12:00:21Z','eventSource':'kms.amazonaws.com',"
	    "'eventName':'Sign','awsRegion':'eu-west-1'," SIGN_REQ(KEY_ID)
	    "'eventID':'5b0c1d2e-dddd-4eee-9fff-000011112222'," RES_KEY TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.key_ref = KEY_ARN, .w.key_raw = KEY_ID,
	    .w.ts = "2026-01-10T12:00:21Z",
	    .w.native_id = "5b0c1d2e-dddd-4eee-9fff-000011112222",
	    .w.attrs = { { "identity_type", ABSENT } } },
	{ .name = "userIdentity without type (service event)",
	    .text = "{'eventVersion':'1.08','userIdentity':{'accountId':'"
	    ACCT "','invokedBy':'kms.amazonaws.com'},'eventTime':"
	    "'2026-01-19T09:05:00Z','eventSource':'kms.amazonaws.com',"
	    "'eventName':'DeleteKey','awsRegion':'eu-west-1',"
	    "'sourceIPAddress':'kms.amazonaws.com','requestParameters':null,"
	    "'responseElements':null,'eventID':"
	    "'6c1d2e3f-eeee-4fff-8000-111122223333','readOnly':false,"
	    RES_KEY "'eventType':'AwsServiceEvent','managementEvent':true,"
	    "'recipientAccountId':'" ACCT "','eventCategory':'Management'}",
	    .all = 1, .rc = PARSE_OK, .nev = 1, .pf = PF_OUT,
	    .w.action = "other",
	    .w.operation = "kms:DeleteKey", .w.actor = "kms.amazonaws.com",
	    .w.key_ref = KEY_ARN, .w.ts = "2026-01-19T09:05:00Z",
	    .w.native_id = "6c1d2e3f-eeee-4fff-8000-111122223333",
	    .w.src_ip = "kms.amazonaws.com" },

	/* ---- lookup-events ----------------------------------------- */
	{ .name = "lookup-events: the inner record is used",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07+00:00'",
	    INNER_SIGN("\\'eventTime\\':\\'2026-01-10T12:00:07Z\\',")),
	    .rc = PARSE_OK, .nev = 1, .pf = PF_IN, .w.action = "sign",
	    .w.operation = "kms:Sign", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:07Z",
	    .w.ts_raw = "2026-01-10T12:00:07Z",
	    .w.native_id = "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
	    .w.src_ip = "203.0.113.40",
	    .w.attrs = { { "export", "lookup-events" } } },
	{ .name = "lookup-events: EventTime when eventTime is missing",
	    .text = LOOKUP("Sign", "'2026-01-10T13:00:08+01:00'",
	    INNER_SIGN("")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:08Z",
	    .w.ts_raw = "2026-01-10T13:00:08+01:00",
	    .w.native_id = "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "lookup-events: EventTime as epoch seconds (CLI v1)",
	    .text = LOOKUP("Sign", "1768046409.0", INNER_SIGN("")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:09Z",
	    .w.native_id = "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "lookup-events: EventTime with fractional epoch seconds",
	    .text = LOOKUP("Sign", "1768046409.5", INNER_SIGN("")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:09.500000Z", .w.ts_flags = TSF_NONE,
	    .w.native_id = "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "lookup-events: EventTime with a space (plaso export)",
	    .text = LOOKUP("Sign", "'2026-01-10 23:00:09+11:00'",
	    INNER_SIGN("")),
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_ref = KEY_ARN, .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:09Z",
	    .w.ts_raw = "2026-01-10 23:00:09+11:00",
	    .w.native_id = "0e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "lookup-events: EventTime out of range",
	    .text = LOOKUP("Sign", "1e300", INNER_SIGN("")),
	    .rc = PARSE_ERR, .errmsg = "bad EventTime" },
	{ .name = "lookup-events: EventTime not a time",
	    .text = LOOKUP("Sign", "'last Tuesday'", INNER_SIGN("")),
	    .rc = PARSE_ERR, .errmsg = "bad EventTime 'last Tuesday'" },
	{ .name = "lookup-events: EventTime a boolean",
	    .text = LOOKUP("Sign", "true", INNER_SIGN("")),
	    .rc = PARSE_ERR, .errmsg = "EventTime is not a string" },
	{ .name = "lookup-events: no time at all",
	    .text = "{'EventId':'5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',"
	    "'CloudTrailEvent':'{\\'eventSource\\':"
	    "\\'cloudtrail.amazonaws.com\\',\\'eventName\\':"
	    "\\'StopLogging\\'}'}",
	    .rc = PARSE_ERR, .errmsg = "no eventTime" },
	{ .name = "lookup-events: out-of-scope wrapper",
	    .text = "{'EventId':'0828c0d2-3589-4390-b954-c78b4a7df44b',"
	    "'EventName':'DescribeInstances','ReadOnly':'true','EventTime':"
	    "'2026-01-10T12:02:00Z','EventSource':'ec2.amazonaws.com',"
	    "'CloudTrailEvent':'{\\'eventVersion\\':\\'1.08\\',"
	    "\\'eventTime\\':\\'2026-01-10T12:02:00Z\\',\\'eventSource\\':"
	    "\\'ec2.amazonaws.com\\',\\'eventName\\':\\'DescribeInstances\\',"
	    "\\'eventID\\':\\'0828c0d2-3589-4390-b954-c78b4a7df44b\\'}'}",
	    .rc = PARSE_SKIP, .pf = PF_UNKNOWN },
	{ .name = "lookup-events: no inner eventID, EventId is used",
	    .text = "{'EventId':'5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',"
	    "'EventName':'StopLogging','EventTime':'2026-01-10T11:48:00Z',"
	    "'EventSource':'cloudtrail.amazonaws.com','CloudTrailEvent':"
	    "'{\\'eventVersion\\':\\'1.08\\',\\'eventTime\\':"
	    "\\'2026-01-10T11:48:00Z\\',\\'eventSource\\':"
	    "\\'cloudtrail.amazonaws.com\\',\\'eventName\\':"
	    "\\'StopLogging\\'}'}", .rc = PARSE_OK, .nev = 1, .pf = PF_IN,
	    .w.action = "audit.config",
	    .w.operation = "cloudtrail:StopLogging",
	    .w.ts = "2026-01-10T11:48:00Z",
	    .w.native_id = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b" },
	{ .name = "lookup-events: CloudTrailEvent is a number",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'", "42"),
	    .rc = PARSE_ERR, .errmsg = "CloudTrailEvent is not a string" },
	{ .name = "lookup-events: CloudTrailEvent is an object",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'",
	    "{'eventName':'Sign'}"),
	    .rc = PARSE_ERR, .errmsg = "CloudTrailEvent is not a string" },
	{ .name = "lookup-events: CloudTrailEvent is null",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'", "null"),
	    .rc = PARSE_ERR, .errmsg = "CloudTrailEvent is not a string" },
	{ .name = "lookup-events: CloudTrailEvent is not valid JSON",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'",
	    "'{\\'eventVersion\\':\\'1.08\\','"),
	    .rc = PARSE_ERR, .errmsg = "CloudTrailEvent is not valid JSON" },
	{ .name = "lookup-events: CloudTrailEvent is empty",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'", "''"),
	    .rc = PARSE_ERR, .errmsg = "CloudTrailEvent is not valid JSON" },
	{ .name = "lookup-events: CloudTrailEvent has a duplicate key",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'",
	    "'{\\'eventName\\':\\'Sign\\',\\'eventName\\':\\'Decrypt\\'}'"),
	    .rc = PARSE_ERR, .errmsg = "CloudTrailEvent is not valid JSON" },
	{ .name = "lookup-events: CloudTrailEvent is an array",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'", "'[1,2]'"),
	    .rc = PARSE_ERR,
	    .errmsg = "CloudTrailEvent is not a JSON object" },
	{ .name = "lookup-events: CloudTrailEvent is a JSON string",
	    .text = LOOKUP("Sign", "'2026-01-10T12:00:07Z'",
	    "'\\'Sign\\''"),
	    .rc = PARSE_ERR,
	    .errmsg = "CloudTrailEvent is not a JSON object" },

	/* ---- EventBridge ------------------------------------------- */
	{ .name = "EventBridge envelope: the detail record is used",
	    .text = "{'version':'0','id':"
	    "'7d8e9f0a-1b2c-3d4e-5f6a-7b8c9d0e1f2a',"
	    "'detail-type':'AWS API Call via CloudTrail','source':'aws.kms',"
	    "'account':'" ACCT "','time':'2026-01-10T12:00:07Z','region':"
	    "'eu-west-1','resources':[],'detail':" REC_SIGN "}",
	    .rc = PARSE_OK, .nev = 1, .pf = PF_UNKNOWN, .w.action = "sign",
	    .w.operation = "kms:Sign", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:07Z",
	    .w.native_id = "b1c2d3e4-5555-4666-8777-888899990000",
	    .w.src_ip = "203.0.113.40",
	    .w.attrs = { { "export", "eventbridge" } } },

	{ .name = "EventBridge event that is not from CloudTrail",
	    .text = "{'version':'0','id':"
	    "'8e9f0a1b-2c3d-4e5f-6a7b-8c9d0e1f2a3b',"
	    "'detail-type':'EC2 Instance State-change Notification','source':"
	    "'aws.ec2','account':'" ACCT "','time':'2026-01-10T12:00:07Z',"
	    "'region':'eu-west-1','resources':[],'detail':{'instance-id':"
	    "'i-0abcd1234efgh5678','state':'running'}}",
	    .rc = PARSE_ERR, .pf = PF_UNKNOWN, .errmsg = "no eventSource" },

	/* ---- digests ------------------------------------------------- */
	{ .name = "digest file", .text = REC_DIGEST, .rc = PARSE_NONEVENT,
	    .pf = PF_UNKNOWN },
	{ .name = "digest file with --all-events", .text = REC_DIGEST,
	    .all = 1, .rc = PARSE_NONEVENT },
	{ .name = "digest without digestPublicKeyFingerprint",
	    .text = "{'awsAccountId':'" ACCT "','digestStartTime':"
	    "'2026-01-10T11:00:00Z','digestEndTime':'2026-01-10T12:00:00Z',"
	    "'logFiles':[]}", .rc = PARSE_NONEVENT },

	/* ---- malformed ---------------------------------------------- */
	{ .name = "record is an array", .text = "[" REC_SIGN "]",
	    .rc = PARSE_ERR, .pf = PF_UNKNOWN,
	    .errmsg = "not a JSON object" },
	{ .name = "record is a string", .text = "'Sign'", .rc = PARSE_ERR,
	    .pf = PF_UNKNOWN, .errmsg = "not a JSON object" },
	{ .name = "record is a number", .text = "1768046407",
	    .rc = PARSE_ERR, .errmsg = "not a JSON object" },
	{ .name = "record is null", .text = "null", .rc = PARSE_ERR,
	    .errmsg = "not a JSON object" },
	{ .name = "record is an empty object", .text = "{}",
	    .rc = PARSE_ERR, .pf = PF_UNKNOWN, .errmsg = "eventSource" },
	{ .name = "missing eventTime",
	    .text = "{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign','eventID':"
	    "'8e3f4a5b-0000-4111-9222-333344445555'}",
	    .rc = PARSE_ERR, .pf = PF_IN, .errmsg = "no eventTime" },
	{ .name = "missing eventTime, out of scope: skipped unparsed",
	    .text = "{'eventVersion':'1.08','eventSource':"
	    "'ec2.amazonaws.com','eventName':'RunInstances'}",
	    .rc = PARSE_SKIP, .pf = PF_OUT },
	{ .name = "missing eventTime, out of scope, --all-events",
	    .text = "{'eventVersion':'1.08','eventSource':"
	    "'ec2.amazonaws.com','eventName':'RunInstances'}",
	    .all = 1, .rc = PARSE_ERR, .errmsg = "no eventTime" },
	{ .name = "eventTime is a number",
	    .text = "{'eventTime':1768046407,'eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign'}",
	    .rc = PARSE_ERR, .errmsg = "eventTime" },
	{ .name = "bad eventTime (month 13)",
	    .text = "{'eventTime':'2026-13-45T00:00:00Z','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign'}",
	    .rc = PARSE_ERR,
	    .errmsg = "bad eventTime '2026-13-45T00:00:00Z'" },
	{ .name = "bad eventTime (not a time)",
	    .text = "{'eventTime':'yesterday','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign'}",
	    .rc = PARSE_ERR, .errmsg = "bad eventTime 'yesterday'" },
	{ .name = "bad eventTime (empty)",
	    .text = "{'eventTime':'','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign'}",
	    .rc = PARSE_ERR, .errmsg = "bad eventTime" },
	{ .name = "missing eventSource",
	    .text = "{'eventTime':'2026-01-10T12:00:07Z','eventName':'Sign',"
	    "'eventID':'9f4a5b6c-1111-4222-8333-444455556666'}",
	    .rc = PARSE_ERR, .pf = PF_UNKNOWN, .errmsg = "eventSource" },
	{ .name = "missing eventName",
	    .text = "{'eventTime':'2026-01-10T12:00:07Z','eventSource':"
	    "'kms.amazonaws.com'}", .rc = PARSE_ERR, .pf = PF_UNKNOWN,
	    .errmsg = "eventName" },
	{ .name = "eventName is a number",
	    .text = "{'eventTime':'2026-01-10T12:00:07Z','eventSource':"
	    "'kms.amazonaws.com','eventName':7}", .rc = PARSE_ERR,
	    .pf = PF_UNKNOWN, .errmsg = "eventName" },
	{ .name = "eventSource is null",
	    .text = "{'eventTime':'2026-01-10T12:00:07Z','eventSource':null,"
	    "'eventName':'Sign'}", .rc = PARSE_ERR, .pf = PF_UNKNOWN,
	    .errmsg = "eventSource" },
	{ .name = "null requestParameters and responseElements",
	    .text = ADMIN_HEAD("2026-01-10T11:49:00Z", "kms.amazonaws.com",
	    "DisableKey", "eu-west-1")
	    "'requestParameters':null,'responseElements':null,'eventID':"
	    "'0a5b6c7d-2222-4333-9444-555566667777'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "key.disable",
	    .w.operation = "kms:DisableKey", .w.actor = ADMIN_ARN,
	    .w.session = ADMIN_KEY, .w.ts = "2026-01-10T11:49:00Z",
	    .w.native_id = "0a5b6c7d-2222-4333-9444-555566667777",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "request", ABSENT }, { "response", ABSENT } } },
	{ .name = "resources is not an array",
	    .text = KMS_HEAD("2026-01-10T12:00:22Z", "Sign")
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'1b6c7d8e-3333-4444-8555-666677778888','resources':"
	    "{'ARN':'" KEY_ARN "','type':'AWS::KMS::Key'}," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:22Z",
	    .w.native_id = "1b6c7d8e-3333-4444-8555-666677778888",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "resources elements are strings and numbers",
	    .text = KMS_HEAD("2026-01-10T12:00:23Z", "Sign")
	    SIGN_REQ("alias/widget-release")
	    "'eventID':'2c7d8e9f-4444-4555-9666-777788889999','resources':"
	    "['" KEY_ARN "',42,null,{'ARN':7,'type':'AWS::KMS::Key'},"
	    "{'ARN':'" KEY_ARN "','type':['AWS::KMS::Key']}]," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:23Z",
	    .w.native_id = "2c7d8e9f-4444-4555-9666-777788889999",
	    .w.src_ip = "203.0.113.40" },
	{ .name = "userIdentity is a string",
	    .text = "{'eventVersion':'1.08','userIdentity':'" ADMIN_ARN "',"
	    "'eventTime':'2026-01-10T12:00:24Z','eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign','awsRegion':'eu-west-1',"
	    SIGN_REQ(KEY_ID) "'eventID':"
	    "'3d8e9f0a-5555-4666-8777-88889999aaaa'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.key_ref = KEY_ARN, .w.key_ref_src = "key-id+region",
	    .w.key_raw = KEY_ID, .w.ts = "2026-01-10T12:00:24Z",
	    .w.native_id = "3d8e9f0a-5555-4666-8777-88889999aaaa",
	    .w.attrs = { { "identity_type", ABSENT } } },
	{ .name = "userIdentity members of the wrong type",
	    .text = "{'eventVersion':'1.08','userIdentity':{'type':7,'arn':"
	    "['x'],'accessKeyId':{},'sessionContext':'none'},'eventTime':"
	    "'2026-01-10T12:00:25Z','eventSource':'kms.amazonaws.com',"
	    "'eventName':'Sign','awsRegion':7,'recipientAccountId':null,"
	    SIGN_REQ(KEY_ID) "'eventID':"
	    "'4e9f0a1b-6666-4777-9888-9999aaaabbbb'}",
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.key_raw = KEY_ID, .w.ts = "2026-01-10T12:00:25Z",
	    .w.native_id = "4e9f0a1b-6666-4777-9888-9999aaaabbbb" },
	{ .name = "AssumeRole with credentials a number",
	    .text = ADMIN_HEAD("2026-01-10T11:42:00Z", "sts.amazonaws.com",
	    "AssumeRole", "us-east-1")
	    "'requestParameters':{'roleArn':'" ROLE_ARN "','roleSessionName':"
	    "'x'},'responseElements':{'credentials':12,'assumedRoleUser':"
	    "'nope'},'eventID':'5f0a1b2c-7777-4888-8999-aaaabbbbcccc'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "session.assume",
	    .w.operation = "sts:AssumeRole", .w.actor = ADMIN_ARN,
	    .w.ts = "2026-01-10T11:42:00Z",
	    .w.native_id = "5f0a1b2c-7777-4888-8999-aaaabbbbcccc",
	    .w.src_ip = "198.51.100.23",
	    .w.attrs = { { "issued_access_key_id", ABSENT },
		{ "caller_session", ADMIN_KEY } } },
	{ .name = "requestParameters a string, keyId a number",
	    .text = KMS_HEAD("2026-01-10T12:00:26Z", "Sign")
	    "'requestParameters':'keyId=alias/widget-release',"
	    "'responseElements':'null','eventID':"
	    "'6a1b2c3d-8888-4999-9aaa-bbbbccccdddd'," TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.actor = ROLE_ARN, .w.session = SESS_KEY "/" SESS_NAME,
	    .w.ts = "2026-01-10T12:00:26Z",
	    .w.native_id = "6a1b2c3d-8888-4999-9aaa-bbbbccccdddd",
	    .w.src_ip = "203.0.113.40",
	    .w.attrs = { { "request", ABSENT }, { "response", ABSENT } } },
	{ .name = "errorCode that is not a string still means failure",
	    .text = KMS_HEAD("2026-01-10T12:00:27Z", "Sign")
	    "'errorCode':403," SIGN_REQ("alias/widget-release")
	    "'eventID':'7b2c3d4e-9999-4aaa-8bbb-ccccddddeeee'," RES_KEY TAIL,
	    .rc = PARSE_OK, .nev = 1, .w.action = "sign",
	    .w.operation = "kms:Sign",
	    .w.failed = 1, .w.error_code = "403", .w.actor = ROLE_ARN,
	    .w.session = SESS_KEY "/" SESS_NAME, .w.key_ref = KEY_ARN,
	    .w.key_raw = "alias/widget-release",
	    .w.ts = "2026-01-10T12:00:27Z",
	    .w.native_id = "7b2c3d4e-9999-4aaa-8bbb-ccccddddeeee",
	    .w.src_ip = "203.0.113.40" },
};

/*
 * The same record with --all-events flipped must agree: turning it on
 * only adds "other" events (or, for a record too broken to be kept,
 * PARSE_ERR where it was skipped unread); turning it off only drops them.
 */
static void
test_rows(void **state)
{
	(void)state;
	run_rows(&S, rows, NELEM(rows), "rows");
}

/* ------------------------------------------------------------------ */
/* Prefilter                                                           */

static const struct pf_row pf_rows[] = {
	{ "Sign", "{'eventSource':'kms.amazonaws.com','eventName':'Sign'}",
	    SCOPE_IN },
	{ "Sign, names reversed, spaces",
	    " {\n 'eventName' : 'Sign' ,\n 'eventSource' : "
	    "'kms.amazonaws.com' }\n", SCOPE_IN },
	{ "Decrypt", "{'eventSource':'kms.amazonaws.com','eventName':"
	    "'Decrypt'}", SCOPE_OUT },
	{ "DescribeInstances", "{'eventSource':'ec2.amazonaws.com',"
	    "'eventName':'DescribeInstances'}", SCOPE_OUT },
	{ "Sign of another service", "{'eventSource':'signer.amazonaws.com',"
	    "'eventName':'Sign'}", SCOPE_OUT },
	{ "nested names do not count", "{'eventSource':'ec2.amazonaws.com',"
	    "'eventName':'RunInstances','requestParameters':{'eventSource':"
	    "'kms.amazonaws.com','eventName':'Sign'}}", SCOPE_OUT },
	{ "escaped value", "{'eventSource':'kms.amazonaws.com','eventName':"
	    "'Si\\u0067n'}", SCOPE_UNKNOWN },
	{ "escaped key", "{'eventSource':'kms.amazonaws.com','event\\u004eame':"
	    "'Sign'}", SCOPE_UNKNOWN },
	{ "escaped key of an out-of-scope record",
	    "{'eventSource':'ec2.amazonaws.com','eventName':'RunInstances',"
	    "'\\u0065ventName':'Sign'}", SCOPE_UNKNOWN },
	{ "duplicated eventName", "{'eventSource':'kms.amazonaws.com',"
	    "'eventName':'Decrypt','eventName':'Sign'}", SCOPE_UNKNOWN },
	{ "duplicated eventSource", "{'eventSource':'ec2.amazonaws.com',"
	    "'eventName':'Sign','eventSource':'kms.amazonaws.com'}",
	    SCOPE_UNKNOWN },
	{ "no eventSource", "{'eventName':'Sign'}", SCOPE_UNKNOWN },
	{ "eventName null", "{'eventSource':'kms.amazonaws.com','eventName':"
	    "null}", SCOPE_UNKNOWN },
	{ "Insights", REC_INSIGHT, SCOPE_UNKNOWN },
	{ "digest", REC_DIGEST, SCOPE_UNKNOWN },
	{ "lookup-events Sign", LOOKUP("Sign", "'2026-01-10T12:00:07Z'",
	    INNER_SIGN("")), SCOPE_IN },
	{ "lookup-events Decrypt is parsed anyway",
	    "{'EventName':'Decrypt','EventSource':'kms.amazonaws.com',"
	    "'CloudTrailEvent':'{}'}", SCOPE_UNKNOWN },
	{ "array", "[{'eventSource':'kms.amazonaws.com','eventName':'Sign'}]",
	    SCOPE_UNKNOWN },
	{ "truncated", "{'eventSource':'kms.amazonaws.com','eventName':'Si",
	    SCOPE_UNKNOWN },
	{ "empty", "", SCOPE_UNKNOWN },
	{ "blank", "  \n", SCOPE_UNKNOWN },
	{ "not JSON", "eventSource kms eventName Sign", SCOPE_UNKNOWN },
};

static void
test_prefilter(void **state)
{
	(void)state;
	run_prefilters(&S, pf_rows, NELEM(pf_rows), REC_SIGN);
}

/* ------------------------------------------------------------------ */
/* Probe                                                               */

static const struct probe_row probe_rows[] = {
	{ "S3 log file", NULL, "{'Records':[" REC_SIGN "]}",
	    ACCT "_CloudTrail_eu-west-1_20260110T1205Z_gV6YRMmqAi1t3RWQ.json",
	    90, 90, DETECT_IF_CLAIMED },
	{ "S3 log file cut at 200 bytes", NULL,
	    "{'Records':[{'eventVersion':'1.08','userIdentity':{'type':"
	    "'AssumedRole','principalId':'AROATQ3ZRD5XKQ7OPN4MW:gha'",
	    "x.json", 90, 90, DETECT_IF_CLAIMED },
	{ "JSON Lines of bare records", NULL, REC_SIGN "\n" REC_SIGN "\n",
	    "export.jsonl", 90, 90, DETECT_IF_CLAIMED },
	{ "lookup-events output", NULL, "{'Events':[" LOOKUP("Sign",
	    "'2026-01-10T12:00:07Z'", INNER_SIGN("")) "]}",
	    "lookup.json", 95, 95, DETECT_IF_CLAIMED },
	{ "digest file", NULL, REC_DIGEST, ACCT "_CloudTrail-Digest_eu-west-1_"
	    "acme-org-trail_us-east-1_20260110T120000Z.json", 95, 95,
	    DETECT_IF_CLAIMED },
	{ "digest file by its name", NULL,
	    "{'awsAccountId':'" ACCT "','digestStartTime':"
	    "'2026-01-10T11:00:00Z','logFiles':[]}",
	    "AWSLogs/" ACCT "/CloudTrail-Digest/eu-west-1/2026/01/10/"
	    ACCT "_CloudTrail-Digest_eu-west-1_t_us-east-1_"
	    "20260110T120000Z.json.gz", 95, 95, DETECT_IF_CLAIMED },
	{ "logFiles alone is not a digest", NULL,
	    "{'logFiles':[]}", "other.json", 0, 0, DETECT_IF_CLAIMED },
	{ "unrelated JSON", NULL, "{'name':'widget','version':'2.4.0'}",
	    "package.json", 0, 0, DETECT_IF_CLAIMED },
	{ "GitHub audit log", NULL, "{'@timestamp':1768046407000,'action':"
	    "'workflows.completed_workflow_run','actor':'octocat'}",
	    "audit.json", 0, 0, DETECT_IF_CLAIMED },
	{ "eventVersion alone", NULL, "{'eventVersion':'1.0'}", "x.json", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "empty", NULL, "", "empty.json", 0, 0, DETECT_IF_CLAIMED },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("cloudtrail"), P);
	assert_string_equal(P->name, "cloudtrail");
	assert_int_equal(P->kind, INPUT_JSON);
	assert_non_null(P->container_keys);
	assert_string_equal(P->container_keys[0], "Records");
	assert_string_equal(P->container_keys[1], "Events");
	assert_null(P->container_keys[2]);
}

/* ------------------------------------------------------------------ */
/* Emit failure                                                        */

static void
test_emit_failure(void **state)
{
	char *text = unquote(REC_SIGN);
	json_error_t jerr;
	json_t *rec = json_load_record(text, strlen(text), &jerr);
	struct capture c;
	struct diag d;

	(void)state;
	assert_non_null(rec);
	memset(&c, 0, sizeof(c));
	c.fail = 1;
	assert_int_equal(run_parser(P, text, strlen(text), 0, NULL, &c, &d),
	    PARSE_FATAL);
	/* a skipped record never calls emit: no store error to report */
	json_decref(rec);
	free(text);
	text = unquote(REC_INSIGHT);
	rec = json_load_record(text, strlen(text), &jerr);
	assert_non_null(rec);
	assert_int_equal(run_parser(P, text, strlen(text), 0, NULL, &c, &d),
	    PARSE_SKIP);
	assert_int_equal(run_parser(P, text, strlen(text), 1, NULL, &c, &d),
	    PARSE_FATAL);
	json_decref(rec);
	free(text);
	end_test("emit failure");
}

static void
test_record_unchanged(void **state)
{
	size_t i;

	(void)state;
	/* run_parser() compares the record before and after the parser */
	for (i = 0; i < NELEM(rows); i++) {
		char *text = unquote(rows[i].text);
		struct capture c;
		struct diag d;

		memset(&c, 0, sizeof(c));
		(void)run_parser(P, text, strlen(text), 1, NULL, &c, &d);
		capture_free(&c);
		free(text);
	}
	end_test("record unchanged");
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

/*
 * Records that give no native_id: the 2014 documentation examples in
 * plaso's test file predate eventID (4 and 5 are in scope, the others
 * only with --all-events).  (file, index in it)
 */
static const struct {
	const char	*file;
	int		 index;
} no_native_id[] = {
	{ "plaso/aws_cloudtrail_records.json", 0 },	/* StartInstances */
	{ "plaso/aws_cloudtrail_records.json", 1 },	/* StopInstances */
	{ "plaso/aws_cloudtrail_records.json", 2 },	/* CreateKeyPair */
	{ "plaso/aws_cloudtrail_records.json", 3 },	/* CreateUser */
	{ "plaso/aws_cloudtrail_records.json", 4 },	/* AddUserToGroup */
	{ "plaso/aws_cloudtrail_records.json", 5 },	/* CreateRole */
};

/* Records expected to be PARSE_ERR; none so far. (file, index, why) */
static const struct {
	const char	*file;
	int		 index;
	const char	*why;
} corpus_errors[] = {
	{ NULL, -1, NULL },
};

/* Known facts: the event with this native_id in this file. */
struct fact {
	const char	*file;
	const char	*native_id;
	int		 all;		/* only with --all-events */
	const char	*action, *operation;
	int		 failed;
	const char	*actor, *session;
	const char	*attr, *attr_val;
	int		 seen;
};

static struct fact facts[] = {
	{ "stratus-red-team/aws.defense-evasion.cloudtrail-stop.json",
	    "10163ed2-2253-469d-a5ee-cbc6651f8934", 0, "audit.config",
	    "cloudtrail:StopLogging", 0,
	    "arn:aws:iam::143434273843:user/christophe",
	    "AKIAGGWFBBHBE7D3M9WI", "identity_type", "IAMUser", 0 },
	{ "stratus-red-team/aws.persistence.iam-backdoor-role.json",
	    "62e290e2-ee95-4a7c-a9f8-db4ef462b12d", 0, "iam.trust",
	    "iam:UpdateAssumeRolePolicy", 0,
	    "arn:aws:iam::751203476945:user/christophe",
	    "AKIAMUV7B57OZM0RV05D", "request.roleName", NULL, 0 },
	{ "stratus-red-team/aws.persistence.iam-create-admin-user.json",
	    "94faedcc-0fa4-46e6-9322-022e8e934f04", 0, "iam.credential",
	    "iam:CreateAccessKey", 0,
	    "arn:aws:iam::229654561268:user/christophe",
	    "AKIAOZUDECYXYM4ONAN4", "issued_access_key_id", NULL, 0 },
	{ "stratus-red-team/aws.persistence.iam-create-admin-user.json",
	    "083dc4ad-e264-46bc-a407-d0dd31b58bdc", 0, "iam.policy",
	    "iam:AttachUserPolicy", 0, NULL, NULL, NULL, NULL, 0 },
	{ "stratus-red-team/aws.persistence.iam-create-admin-user.json",
	    "3346344c-5a3e-429e-8405-420f98f75d6e", 1, "other",
	    "iam:CreateUser", 0, NULL, NULL, NULL, NULL, 0 },
	{ "stratus-red-team/aws.initial-access.console-login-without-mfa.json",
	    "865d9377-9c6b-4fd7-8aad-725e95f6a140", 0, "session.login",
	    "signin:ConsoleLogin", 0,
	    "arn:aws:iam::562283505220:user/stratus-red-team-nmfalu-jfzdtsvchl",
	    NULL, "additional.MFAUsed", "No", 0 },
	/* GetFederationToken and the federated session it created */
	{ "stratus-red-team/aws.persistence.sts-federation-token.json",
	    "6e882b9d-2af8-4c67-b91f-aeac6a0e5e70", 0, "session.assume",
	    "sts:GetFederationToken", 0, NULL,
	    "ASIASTJKC5GCM7ZE6LUP/stratus_red_team",
	    "issued_access_key_id", "ASIASTJKC5GCM7ZE6LUP", 0 },
	{ "stratus-red-team/aws.persistence.sts-federation-token.json",
	    "91529247-c4c4-4793-afc8-d70bbcfe9d19", 1, "other",
	    "sts:GetCallerIdentity", 0,
	    "arn:aws:iam::742491224508:user/"
	    "stratus-red-team-user-federation-user",
	    "ASIASTJKC5GCM7ZE6LUP/stratus_red_team", "identity_type",
	    "FederatedUser", 0 },
	/* a denied AssumeRole creates no session */
	{ "stratus-red-team/aws.credential-access.ec2-get-password-data.json",
	    "46558847-8b84-43de-8c96-302aa4744763", 0, "session.assume",
	    "sts:AssumeRole", 1, "arn:aws:iam::457448411975:user/christophe",
	    NULL, "caller_session", "AKIAWOGXN38MFN92ING5", 0 },
	{ "stratus-red-team/aws.credential-access.ec2-get-password-data.json",
	    "450230d4-b39e-4a18-a6a0-d07a6e2105cb", 1, "other",
	    "ec2:GetPasswordData", 1,
	    "arn:aws:iam::457448411975:role/"
	    "stratus-red-team-ec2-get-password-data-role",
	    "ASIANQQHHS551LWULIWD/aws-go-sdk-1722375070115152000", NULL,
	    NULL, 0 },
	{ "suzaku/test.json", "2286b54d-5e43-4a11-b161-5bf98de4422c", 0,
	    "session.assume", "sts:AssumeRole", 0, NULL, NULL,
	    "identity_type", "AWSService", 0 },
	{ "plaso/aws_cloudtrail_lookup_events.jsonl",
	    "0828c0d2-3589-4390-b954-c78b4a7df44b", 1, "other",
	    "ec2:DescribeInstances", 0,
	    "arn:aws:iam::012345678901:user/fakeusername", NULL, "export",
	    "lookup-events", 0 },
	{ "plaso/aws_cloudtrail_records.json",
	    "EXAMPLE8-9621-4d00-b913-beca2EXAMPLE", 1, "other",
	    "cloudtrail:ApiCallRateInsight", 0, NULL, NULL,
	    "insight_event_name", "UpdateInstanceInformation", 0 },
};

/* The session that an AssumeRole issued and later calls carry. */
static const char *const join_session =
    "ASIANQQHHS551LWULIWD/aws-go-sdk-1722375070115152000";

struct corpus_stats {
	int	 files, records, events_all, events_scope, skipped, nonevent;
	int	 errors;	/* listed in corpus_errors */
	int	 join_issued;	/* AssumeRole events with join_session */
};

static void
check_fact(const char *file, const struct evcopy *e, int all)
{
	size_t i;

	for (i = 0; i < NELEM(facts); i++) {
		struct fact *f = &facts[i];
		char name[256];

		if (strcmp(f->file, file) != 0 || e->native_id == NULL ||
		    strcmp(f->native_id, e->native_id) != 0 || f->all != all)
			continue;
		snprintf(name, sizeof(name), "%s %s", file, f->native_id);
		f->seen++;
		check_str(name, "action", f->action, e->action);
		check_str(name, "operation", f->operation, e->operation);
		if (e->failed != f->failed)
			bad("%s: failed %d", name, e->failed);
		if (f->actor)
			check_str(name, "actor", f->actor, e->actor);
		/* a failed call's session is checked even when NULL */
		if (f->session || f->failed)
			check_str(name, "session", f->session, e->session);
		if (f->attr) {
			char *got = attr_text(e->attrs, f->attr);

			if (got == NULL)
				bad("%s: no attrs.%s", name, f->attr);
			if (f->attr_val)
				check_str(name, f->attr, f->attr_val, got);
			free(got);
		}
	}
}

static int
listed(const char *file, int index, int errors)
{
	size_t i;

	if (errors) {
		for (i = 0; i < NELEM(corpus_errors); i++)
			if (corpus_errors[i].file &&
			    strcmp(corpus_errors[i].file, file) == 0 &&
			    corpus_errors[i].index == index)
				return 1;
		return 0;
	}
	for (i = 0; i < NELEM(no_native_id); i++)
		if (strcmp(no_native_id[i].file, file) == 0 &&
		    no_native_id[i].index == index)
			return 1;
	return 0;
}

static void
corpus_record(const char *file, int index, json_t *rec,
    struct corpus_stats *st)
{
	char *text = json_dumps(rec, JSON_COMPACT | JSON_ENCODE_ANY);
	enum scope_rc sc;
	int all;

	assert_non_null(text);
	st->records++;
	sc = run_prefilter(P, text, strlen(text));
	for (all = 0; all <= 1; all++) {
		struct capture c;
		struct diag d;
		enum parse_rc rc;
		const struct evcopy *e;

		memset(&c, 0, sizeof(c));
		rc = run_parser(P, text, strlen(text), all, NULL, &c, &d);
		if (rc == PARSE_ERR) {
			if (!listed(file, index, 1))
				bad("%s record %d: PARSE_ERR: %s", file,
				    index, d.msg);
			st->errors += !all;
			capture_free(&c);
			continue;
		}
		if (rc == PARSE_FATAL) {
			bad("%s record %d: PARSE_FATAL", file, index);
			capture_free(&c);
			continue;
		}
		if (!all && sc == SCOPE_OUT && rc != PARSE_SKIP)
			bad("%s record %d: prefilter OUT, parser %s",
			    file, index, rc_name(rc));
		if (!all && sc == SCOPE_IN && rc == PARSE_SKIP)
			bad("%s record %d: prefilter IN, parser skips",
			    file, index);
		if (rc == PARSE_SKIP) {
			if (all)
				bad("%s record %d: skipped with "
				    "--all-events", file, index);
			st->skipped++;
			capture_free(&c);
			continue;
		}
		if (rc == PARSE_NONEVENT) {
			st->nonevent += !all;
			capture_free(&c);
			continue;
		}
		if (c.n != 1)
			bad("%s record %d: %d events", file, index, c.n);
		e = &c.ev[0];
		if (c.n < 1 || e->ts_raw == NULL ||
		    e->ts_us == EVENT_NO_TIME || e->action == NULL ||
		    e->operation == NULL || strchr(e->operation, ':') == NULL) {
			bad("%s record %d: incomplete event", file, index);
			capture_free(&c);
			continue;
		}
		if (!all && strcmp(e->action, "other") == 0)
			bad("%s record %d: 'other' without "
			    "--all-events", file, index);
		if (e->native_id == NULL && !listed(file, index, 0))
			bad("%s record %d: no native_id", file, index);
		if (e->native_id && listed(file, index, 0))
			bad("%s record %d: listed without native_id "
			    "but has one", file, index);
		if (e->error_code && !e->failed)
			bad("%s record %d: error_code, not failed",
			    file, index);
		if (all)
			st->events_all++;
		else
			st->events_scope++;
		if (!all && e->session && strcmp(e->session,
		    join_session) == 0 && strcmp(e->operation,
		    "sts:AssumeRole") == 0)
			st->join_issued++;
		check_fact(file, e, all);
		capture_free(&c);
	}
	free(text);
}

static void
corpus_one(void *arg, const char *rel, int index, json_t *rec)
{
	corpus_record(rel, index, rec, arg);
}

/* Walks the records of one file: Records/Events, an array, JSON Lines. */
static void
corpus_file(const char *path, const char *rel, struct corpus_stats *st)
{
	static const char *const containers[] = { "Records", "Events", NULL };

	st->files++;
	json_records(path, rel, containers, corpus_one, st);
}

/* The .json and .jsonl files of the corpus. */
static void
corpus_json(void *arg, const char *path, const char *rel)
{
	size_t len = strlen(rel);

	if ((len > 5 && strcmp(rel + len - 5, ".json") == 0) ||
	    (len > 6 && strcmp(rel + len - 6, ".jsonl") == 0))
		corpus_file(path, rel, arg);
}

static void
test_corpus(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	struct corpus_stats st;
	char dir[4096];
	struct stat sb;
	size_t i;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/../shared/corpus/cloudtrail",
	    root && *root ? root : ".");
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		print_message("corpus %s absent: test skipped\n", dir);
		skip();
	}
	memset(&st, 0, sizeof(st));
	(void)walk_files(dir, "", corpus_json, &st);
	print_message("corpus: %d files, %d records: %d in scope, %d with "
	    "--all-events, %d skipped, %d non-event\n", st.files, st.records,
	    st.events_scope, st.events_all, st.skipped, st.nonevent);
	assert_true(st.files > 0);
	assert_int_equal(st.events_scope + st.skipped + st.nonevent +
	    st.errors, st.records);
	for (i = 0; i < NELEM(facts); i++) {
		if (facts[i].seen != 1)
			bad("fact %s %s seen %d times", facts[i].file,
			    facts[i].native_id, facts[i].seen);
		facts[i].seen = 0;
	}
	/* the role session of GetPasswordData was issued by an AssumeRole */
	if (st.join_issued < 1)
		bad("no AssumeRole issued %s", join_session);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_prefilter),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_record_unchanged), cmocka_unit_test(test_corpus))
