/* SPDX-License-Identifier: MIT */
/*
 * parse_cloudtrail.c - AWS CloudTrail records (formats.md section A).
 *
 * Shapes (all through the JSON splitter, container keys Records/Events):
 *   - S3 delivery files {"Records":[{record}, ...]} (.json, .json.gz);
 *   - JSON Lines or arrays of bare records (exports);
 *   - EventBridge events {"detail-type":"AWS API Call via CloudTrail",
 *     "detail":{record}, ...}: the detail record is used;
 *   - `aws cloudtrail lookup-events` output {"Events":[{"EventId", ...,
 *     "CloudTrailEvent":"<the record as a JSON string>"}]}: the string is
 *     parsed again and the inner record used (EventTime, ISO 8601 or
 *     epoch seconds, and EventId stand in for missing inner fields);
 *   - digest files (CloudTrail-Digest/...) are recognized and counted as
 *     non-event records: they carry hashes of log files, not events.
 *
 * A record:
 *   {"eventVersion":"1.08","userIdentity":{"type":"AssumedRole",
 *    "arn":"arn:aws:sts::210987654321:assumed-role/release-signer/gha-1",
 *    "accessKeyId":"ASIA...","sessionContext":{"sessionIssuer":{"arn":
 *    "arn:aws:iam::210987654321:role/release-signer",...}}},
 *    "eventTime":"2026-01-10T12:00:07Z","eventSource":"kms.amazonaws.com",
 *    "eventName":"Sign","awsRegion":"eu-west-1","sourceIPAddress":"...",
 *    "userAgent":"...","requestParameters":{"keyId":"alias/x",...},
 *    "responseElements":null,"eventID":"b1c2...","resources":[{"ARN":
 *    "arn:aws:kms:...:key/4f1e...","type":"AWS::KMS::Key"}], ...}
 *
 * Mapping: eventTime -> ts (1-second resolution, flag coarse); eventID ->
 * native_id; "<service>:<eventName>" -> operation; the action from the
 * scope table below; errorCode/errorMessage (or a ConsoleLogin response
 * other than "Success") -> outcome failure.  Actor: the role ARN from
 * sessionIssuer for assumed roles, the IAM user from sessionIssuer for
 * federated users, the IAM user or root ARN, the OIDC/SAML subject for
 * web-identity and SAML users, the service for AWSService.  Session:
 * "<accessKeyId>/<role session or federated user name>" (or the access
 * key alone).  For session.assume events the session is the one
 * the call created (issued access key and session name) and the caller's
 * own goes to attrs.caller_session: that is the join a KMS Sign's session
 * makes with the pipeline that obtained it (CreateAccessKey's new key is
 * attrs.issued_access_key_id too).  KMS key: a key ARN (any partition) in
 * resources[] of type AWS::KMS::Key is canonical (alias ARNs carry that
 * type too and are passed over), then responseElements (keyMetadata.arn,
 * keyId), then a requested key ARN; the requested keyId is key_raw; a bare
 * key id is completed with the record's region, its partition and the
 * account, an error message's key ARN is used when there is nothing
 * else.  OIDC subjects of GitHub ("repo:o/r:ref:refs/tags/v1") and GitLab
 * ("project_path:g/p:ref_type:tag:ref:v1") give repo and ref.
 *
 * Scope: KMS signing and key administration, STS credential issuance,
 * console sign-in, IAM policy/trust/credential changes and CloudTrail
 * configuration changes.  Everything else is out of scope (kept only with
 * --all-events, as action "other"), and so are Insights events, which
 * count calls (operation "cloudtrail:<insightType>") but are none.  The
 * prefilter reads eventSource and eventName from the raw bytes so
 * out-of-scope records are never parsed.
 */
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

struct scope_entry {
	const char	*service;	/* eventSource up to the first dot */
	const char	*name;		/* eventName */
	const char	*action;
};

static const struct scope_entry scope_table[] = {
	{ "kms", "Sign", "sign" },
	{ "kms", "Verify", "verify" },
	{ "kms", "GetPublicKey", "key.read" },
	{ "kms", "DescribeKey", "key.read" },
	{ "kms", "CreateKey", "key.create" },
	{ "kms", "ReplicateKey", "key.create" },
	{ "kms", "EnableKey", "key.enable" },
	{ "kms", "DisableKey", "key.disable" },
	{ "kms", "ScheduleKeyDeletion", "key.delete" },
	{ "kms", "CancelKeyDeletion", "key.delete" },
	{ "kms", "PutKeyPolicy", "key.policy" },
	{ "kms", "CreateGrant", "key.grant" },
	{ "kms", "RevokeGrant", "key.grant" },
	{ "kms", "RetireGrant", "key.grant" },
	{ "kms", "CreateAlias", "key.alias" },
	{ "kms", "UpdateAlias", "key.alias" },
	{ "kms", "DeleteAlias", "key.alias" },
	{ "kms", "ImportKeyMaterial", "key.import" },
	{ "kms", "DeleteImportedKeyMaterial", "key.import" },
	{ "kms", "GetParametersForImport", "key.import" },
	{ "sts", "AssumeRole", "session.assume" },
	{ "sts", "AssumeRoleWithWebIdentity", "session.assume" },
	{ "sts", "AssumeRoleWithSAML", "session.assume" },
	{ "sts", "GetSessionToken", "session.assume" },
	{ "sts", "GetFederationToken", "session.assume" },
	{ "sts", "AssumeRoot", "session.assume" },
	{ "signin", "ConsoleLogin", "session.login" },
	{ "iam", "PutRolePolicy", "iam.policy" },
	{ "iam", "AttachRolePolicy", "iam.policy" },
	{ "iam", "DetachRolePolicy", "iam.policy" },
	{ "iam", "DeleteRolePolicy", "iam.policy" },
	{ "iam", "PutUserPolicy", "iam.policy" },
	{ "iam", "AttachUserPolicy", "iam.policy" },
	{ "iam", "DetachUserPolicy", "iam.policy" },
	{ "iam", "DeleteUserPolicy", "iam.policy" },
	{ "iam", "PutGroupPolicy", "iam.policy" },
	{ "iam", "AttachGroupPolicy", "iam.policy" },
	{ "iam", "AddUserToGroup", "iam.policy" },
	{ "iam", "CreatePolicyVersion", "iam.policy" },
	{ "iam", "SetDefaultPolicyVersion", "iam.policy" },
	{ "iam", "UpdateAssumeRolePolicy", "iam.trust" },
	{ "iam", "CreateRole", "iam.trust" },
	{ "iam", "CreateOpenIDConnectProvider", "iam.trust" },
	{ "iam", "UpdateOpenIDConnectProviderThumbprint", "iam.trust" },
	{ "iam", "AddClientIDToOpenIDConnectProvider", "iam.trust" },
	{ "iam", "CreateSAMLProvider", "iam.trust" },
	{ "iam", "CreateAccessKey", "iam.credential" },
	{ "iam", "UpdateAccessKey", "iam.credential" },
	{ "iam", "DeleteAccessKey", "iam.credential" },
	{ "iam", "CreateLoginProfile", "iam.credential" },
	{ "iam", "UpdateLoginProfile", "iam.credential" },
	{ "iam", "CreateServiceSpecificCredential", "iam.credential" },
	{ "cloudtrail", "StopLogging", "audit.config" },
	{ "cloudtrail", "StartLogging", "audit.config" },
	{ "cloudtrail", "DeleteTrail", "audit.config" },
	{ "cloudtrail", "UpdateTrail", "audit.config" },
	{ "cloudtrail", "PutEventSelectors", "audit.config" },
	{ "cloudtrail", "PutInsightSelectors", "audit.config" },
	{ NULL, NULL, NULL }
};

/* Length of the service part of an eventSource ("kms.amazonaws.com"). */
static size_t
service_len(const char *src, size_t len)
{
	const char *dot = memchr(src, '.', len);

	return dot ? (size_t)(dot - src) : len;
}

static const char *
classify(const char *src, size_t srclen, const char *name, size_t namelen)
{
	size_t sl = service_len(src, srclen), i;

	for (i = 0; scope_table[i].service; i++) {
		const struct scope_entry *e = &scope_table[i];

		if (strlen(e->service) == sl &&
		    memcmp(e->service, src, sl) == 0 &&
		    strlen(e->name) == namelen &&
		    memcmp(e->name, name, namelen) == 0)
			return e->action;
	}
	return NULL;
}

static enum scope_rc
ct_prefilter(const char *rec, size_t len)
{
	static const char *const keys[] = { "eventSource", "eventName" };
	const char *src, *name, *v[2];
	size_t srclen, namelen, vl[2];
	int a, b, r[2];

	/* both names in one pass over the record */
	json_scan_top_strs(rec, len, 2, keys, v, vl, r);
	a = r[0], b = r[1];
	src = v[0], srclen = vl[0];
	name = v[1], namelen = vl[1];
	if (a == 0 && b == 0) {
		/*
		 * lookup-events wrapper: its names are a copy of the inner
		 * record's, made by whoever exported it; the record that is
		 * parsed is the inner one, so they may keep a record but
		 * never drop one.
		 */
		a = json_scan_top_str(rec, len, "EventSource", &src, &srclen);
		b = json_scan_top_str(rec, len, "EventName", &name,
		    &namelen);
		if (a == 1 && b == 1 && classify(src, srclen, name, namelen))
			return SCOPE_IN;
		return SCOPE_UNKNOWN;
	}
	if (a != 1 || b != 1)
		return SCOPE_UNKNOWN;
	return classify(src, srclen, name, namelen) ? SCOPE_IN : SCOPE_OUT;
}

static int
ct_probe(const char *head, size_t len, const char *name)
{
	if (memmem(head, len, "\"digestPublicKeyFingerprint\"", 28) ||
	    (name && strstr(name, "CloudTrail-Digest") &&
	    memmem(head, len, "\"logFiles\"", 10)))
		return 95;
	if (memmem(head, len, "\"CloudTrailEvent\"", 17))
		return 95;
	if (memmem(head, len, "\"eventVersion\"", 14) &&
	    (memmem(head, len, "\"eventSource\"", 13) ||
	    memmem(head, len, "\"userIdentity\"", 14)))
		return 90;
	return 0;
}

/* "arn:...:assumed-role/Role/Session" -> "Session" (borrowed), or NULL. */
static const char *
arn_last(const char *arn)
{
	const char *slash;

	if (arn == NULL || (slash = strrchr(arn, '/')) == NULL)
		return NULL;
	return slash[1] ? slash + 1 : NULL;
}

static void
set_session(char **field, const char *key, const char *name)
{
	char *s;

	if (key && name) {
		s = xasprintf("%s/%s", key, name);
		event_set(field, s);
		free(s);
	} else {
		event_set(field, key ? key : name);
	}
}

/*
 * The principal of userIdentity (formats.md A.3); sets actor, session and
 * identity attributes.
 */
static void
map_identity(const json_t *ui, struct event *ev)
{
	const char *type = jstr(ui, "type"), *arn = jstr(ui, "arn");
	const char *key = jstr(ui, "accessKeyId"), *name = NULL;
	const char *actor = NULL;

	if (ui == NULL)
		return;
	if (type && strcmp(type, "AssumedRole") == 0) {
		actor = jpath_str(ui, "sessionContext.sessionIssuer.arn");
		name = arn_last(arn);
	} else if (type && (strcmp(type, "WebIdentityUser") == 0 ||
	    strcmp(type, "SAMLUser") == 0)) {
		actor = jstr(ui, "userName");
		event_attr_str(ev, "identity_provider",
		    jstr(ui, "identityProvider"));
	} else if (type && strcmp(type, "FederatedUser") == 0) {
		/*
		 * Like a role session: the IAM user that called
		 * GetFederationToken is the principal, the federated user
		 * name is the session name (GetFederationToken's session is
		 * "<issued key>/<name>" too, so the two join).
		 */
		actor = jpath_str(ui, "sessionContext.sessionIssuer.arn");
		name = arn_last(arn);
	} else if (type && strcmp(type, "AWSService") == 0) {
		actor = jstr(ui, "invokedBy");
	} else if (type && strcmp(type, "AWSAccount") == 0) {
		actor = jstr(ui, "accountId");
		if (actor == NULL)
			actor = jstr(ui, "principalId");
	}
	if (actor == NULL)
		actor = arn ? arn : jstr(ui, "principalId");
	if (actor == NULL)	/* service events: {accountId, invokedBy} */
		actor = jstr(ui, "invokedBy");
	event_set(&ev->actor, actor);
	set_session(&ev->session, key && *key ? key : NULL, name);
	event_attr_str(ev, "identity_type", type);
	event_attr_str(ev, "identity_arn", arn);
	event_attr_str(ev, "access_key_id", key && *key ? key : NULL);
	event_attr_str(ev, "principal_id", jstr(ui, "principalId"));
	event_attr_str(ev, "invoked_by", jstr(ui, "invokedBy"));
	event_attr_str(ev, "mfa_authenticated",
	    jpath_str(ui, "sessionContext.attributes.mfaAuthenticated"));
	event_attr_str(ev, "federated_provider",
	    jpath_str(ui, "sessionContext.webIdFederationData.federatedProvider"));
	event_attr_str(ev, "source_identity",
	    jpath_str(ui, "sessionContext.sourceIdentity"));
}

/* Copies the text between the first occurrence of tag and the next ':'. */
static char *
sub_field(const char *sub, const char *tag)
{
	const char *p = strstr(sub, tag), *end;

	if (p == NULL)
		return NULL;
	p += strlen(tag);
	end = strchr(p, ':');
	return xstrndup(p, end ? (size_t)(end - p) : strlen(p));
}

/*
 * Repository and ref from an OIDC subject: GitHub "repo:o/r:ref:refs/x"
 * (also ":environment:e", ":pull_request", and customized subjects that
 * add claims such as ":job_workflow_ref:o/r/.github/workflows/w.yml@ref")
 * and GitLab "project_path:g/p:ref_type:branch|tag:ref:name".  A git ref
 * cannot contain ':' (git check-ref-format), so every field ends at the
 * next ':'.
 */
static void
map_oidc_subject(const char *sub, struct event *ev)
{
	char *repo = NULL, *ref = NULL, *env = NULL, *type = NULL;
	char *wf = NULL, *name;

	if (sub == NULL)
		return;
	if (strncmp(sub, "repo:", 5) == 0) {
		repo = sub_field(sub, "repo:");
		ref = sub_field(sub, ":ref:");
		env = sub_field(sub, ":environment:");
		wf = sub_field(sub, ":job_workflow_ref:");
		if (strstr(sub, ":pull_request"))
			event_attr_str(ev, "oidc_context", "pull_request");
	} else if (strncmp(sub, "project_path:", 13) == 0) {
		repo = sub_field(sub, "project_path:");
		type = sub_field(sub, ":ref_type:");
		name = sub_field(sub, ":ref:");
		if (name && type && strcmp(type, "tag") == 0)
			ref = xasprintf("refs/tags/%s", name);
		else if (name && type && strcmp(type, "branch") == 0)
			ref = xasprintf("refs/heads/%s", name);
		else
			ref = name ? xstrdup(name) : NULL;
		free(name);
	}
	event_set(&ev->repo, repo);
	event_set(&ev->ref, ref);
	event_attr_str(ev, "environment", env);
	event_attr_str(ev, "job_workflow_ref", wf);
	event_attr_str(ev, "oidc_subject", sub);
	free(repo);
	free(ref);
	free(env);
	free(type);
	free(wf);
}

static int
is_key_id(const char *s)
{
	size_t i, n = strlen(s);

	if (strncmp(s, "mrk-", 4) == 0)
		return n == 36 && strspn(s + 4, "0123456789abcdef") == 32;
	if (n != 36)
		return 0;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!strchr("0123456789abcdefABCDEF", s[i])) {
			return 0;
		}
	}
	return 1;
}

/*
 * Whether s is a KMS key ARN, "arn:<partition>:kms:<region>:<account>:
 * key/<id>", in any partition (aws, aws-cn, aws-us-gov, ...).  Alias ARNs
 * ("...:alias/<name>") are not.
 */
static int
is_key_arn(const char *s)
{
	const char *p;

	if (s == NULL || strncmp(s, "arn:", 4) != 0)
		return 0;
	p = strchr(s + 4, ':');			/* after the partition */
	if (p == NULL || p == s + 4 || strncmp(p, ":kms:", 5) != 0)
		return 0;
	p = strchr(p + 5, ':');			/* after the region */
	if (p != NULL)
		p = strchr(p + 1, ':');		/* after the account */
	return p != NULL && strncmp(p, ":key/", 5) == 0 && p[5] != '\0' &&
	    strchr(p + 5, ':') == NULL;
}

/* The partition of a region's ARNs ("cn-north-1" -> "aws-cn"). */
static const char *
region_partition(const char *region)
{
	if (strncmp(region, "cn-", 3) == 0)
		return "aws-cn";
	if (strncmp(region, "us-gov-", 7) == 0)
		return "aws-us-gov";
	if (strncmp(region, "us-isob-", 8) == 0)
		return "aws-iso-b";
	if (strncmp(region, "us-iso-", 7) == 0)
		return "aws-iso";
	return "aws";
}

/*
 * The first key ARN inside an error message ("... on resource: arn:...",
 * "arn:... is disabled."); other ARNs (the caller's, an alias) are passed
 * over.
 */
static char *
key_arn_in(const char *msg)
{
	const char *p = msg ? strstr(msg, "arn:") : NULL;
	char *arn;
	size_t n;

	for (; p; p = strstr(p + 4, "arn:")) {
		n = strcspn(p, " \t\n\"'`,;()[]{}<>");
		while (n > 0 && p[n - 1] == '.')
			n--;
		arn = xstrndup(p, n);
		if (is_key_arn(arn))
			return arn;
		free(arn);
	}
	return NULL;
}

/* Canonical KMS key and the key as requested (formats.md A.4). */
static void
map_kms_key(const json_t *rec, const json_t *req, const json_t *resp,
    struct event *ev)
{
	const json_t *res = json_object_get(rec, "resources"), *r;
	const char *raw = jstr(req, "keyId"), *region, *account;
	char *guess = NULL;
	size_t i;

	if (raw == NULL)
		raw = jstr(req, "targetKeyId");
	event_set(&ev->key_raw, raw);
	event_attr_str(ev, "alias", jstr(req, "aliasName"));
	json_array_foreach(res, i, r) {
		const char *type = jstr(r, "type"), *arn = jstr(r, "ARN");

		/* alias operations list the alias ARN with this type too */
		if (type && strcmp(type, "AWS::KMS::Key") == 0 &&
		    is_key_arn(arn)) {
			event_set(&ev->key_ref, arn);
			return;
		}
	}
	/*
	 * CreateKey's new key; the key of ScheduleKeyDeletion and, since
	 * December 2022, of the alias operations.
	 */
	if (is_key_arn(jpath_str(resp, "keyMetadata.arn"))) {
		event_set(&ev->key_ref, jpath_str(resp, "keyMetadata.arn"));
		return;
	}
	if (is_key_arn(jstr(resp, "keyId"))) {
		event_set(&ev->key_ref, jstr(resp, "keyId"));
		return;
	}
	if (is_key_arn(raw)) {
		event_set(&ev->key_ref, raw);
		return;
	}
	region = jstr(rec, "awsRegion");
	account = jstr(rec, "recipientAccountId");
	if (account == NULL)
		account = jpath_str(rec, "userIdentity.accountId");
	if (raw && is_key_id(raw) && region && account) {
		guess = xasprintf("arn:%s:kms:%s:%s:key/%s",
		    region_partition(region), region, account, raw);
		event_set(&ev->key_ref, guess);
		ev->key_ref_src = "key-id+region";
		free(guess);
		return;
	}
	guess = key_arn_in(jstr(rec, "errorMessage"));
	if (guess) {
		event_set(&ev->key_ref, guess);
		ev->key_ref_src = "error-message";
		free(guess);
	}
}

/* responseElements without the session token (it stays in raw). */
static json_t *
response_attr(const json_t *resp)
{
	json_t *copy;
	json_t *creds;

	if (!json_is_object(resp))
		return NULL;
	copy = json_deep_copy(resp);
	creds = json_object_get(copy, "credentials");
	if (json_is_object(creds) && json_object_get(creds, "sessionToken"))
		json_object_set_new(creds, "sessionToken",
		    json_string("(omitted; see raw record)"));
	return copy;
}

static void
map_session_assume(const json_t *req, const json_t *resp, struct event *ev)
{
	const char *issued = jpath_str(resp, "credentials.accessKeyId");
	const char *name = jstr(req, "roleSessionName");
	const char *sub = jstr(resp, "subjectFromWebIdentityToken");

	if (ev->session)
		event_attr_str(ev, "caller_session", ev->session);
	free(ev->session);
	ev->session = NULL;
	if (name == NULL)
		name = arn_last(jpath_str(resp, "assumedRoleUser.arn"));
	if (name == NULL)
		name = arn_last(jpath_str(resp, "federatedUser.arn"));
	set_session(&ev->session, issued, issued ? name : NULL);
	event_attr_str(ev, "issued_access_key_id", issued);
	event_attr_str(ev, "role_arn", jstr(req, "roleArn"));
	event_attr_str(ev, "role_session_name", name);
	event_attr_str(ev, "assumed_role_arn",
	    jpath_str(resp, "assumedRoleUser.arn"));
	if (sub == NULL && ev->actor && (strncmp(ev->actor, "repo:", 5) == 0 ||
	    strncmp(ev->actor, "project_path:", 13) == 0))
		sub = ev->actor;
	map_oidc_subject(sub, ev);
}

/*
 * The event time: eventTime (CloudTrail writes "YYYY-MM-DDTHH:MM:SSZ");
 * for a lookup-events element whose inner record has none, the wrapper's
 * EventTime, which the AWS CLI prints as ISO 8601 (v2) or as epoch
 * seconds (v1, a JSON number).
 */
static enum parse_rc
record_time(const json_t *rec, const json_t *outer, struct event *ev,
    struct diag *d)
{
	const json_t *v = json_object_get(rec, "eventTime");
	const char *what = "eventTime", *t;
	int wrapper = 0, r;
	struct diag why;
	char *text;
	double sec;

	if (v == NULL && outer) {
		v = json_object_get(outer, "EventTime");
		what = "EventTime";
		wrapper = 1;
	}
	if (v == NULL)
		return diag_set(d, "record has no eventTime");
	diag_clear(&why);
	if (json_is_string(v)) {
		t = json_string_value(v);
		r = wrapper ? ts_parse_any(t, strlen(t), &ev->ts_us,
		    &ev->ts_flags, &why) : ts_parse_iso(t, strlen(t),
		    &ev->ts_us, &ev->ts_flags, &why);
		if (r < 0)
			return diag_set(d, "bad %s '%s': %s", what, t,
			    why.msg);
		event_set(&ev->ts_raw, t);
		return PARSE_OK;
	}
	if (wrapper && json_is_number(v)) {
		sec = json_number_value(v);
		if (ts_from_epoch(sec, TS_SEC, &ev->ts_us) < 0)
			return diag_set(d, "bad %s %g: out of range", what,
			    sec);
		ev->ts_flags = sec == (double)(int64_t)sec ? TS_COARSE : 0;
		text = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		event_set(&ev->ts_raw, text);
		free(text);
		return PARSE_OK;
	}
	return diag_set(d, "%s is not a string", what);
}

/* errorCode: a string normally; anything else but null still a failure. */
static void
map_outcome(const json_t *rec, const char *name, const json_t *resp,
    struct event *ev)
{
	const json_t *err = json_object_get(rec, "errorCode");
	const char *login = jstr(resp, "ConsoleLogin");
	char *text;

	if (err && !json_is_null(err)) {
		ev->failed = 1;
		if (json_is_string(err)) {
			event_set(&ev->error_code, json_string_value(err));
		} else {
			text = json_dumps(err, JSON_ENCODE_ANY | JSON_COMPACT);
			event_set(&ev->error_code, text);
			free(text);
		}
		event_set(&ev->error_message, jstr(rec, "errorMessage"));
	} else if (name && strcmp(name, "ConsoleLogin") == 0 && login &&
	    strcmp(login, "Success") != 0) {
		/* sign-in failures have no errorCode */
		ev->failed = 1;
		event_set(&ev->error_code, login);
		event_set(&ev->error_message, jstr(rec, "errorMessage"));
	}
}

/*
 * One CloudTrail record.  outer: the lookup-events element around it, or
 * NULL; export: how it was wrapped ("lookup-events", "eventbridge"), or
 * NULL.
 */
static enum parse_rc
parse_record(const json_t *rec, const json_t *outer, const char *export,
    struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	const char *src = jstr(rec, "eventSource");
	const char *name = jstr(rec, "eventName"), *action;
	const char *etype = jstr(rec, "eventType");
	const json_t *req = jobj(rec, "requestParameters");
	const json_t *resp = jobj(rec, "responseElements");
	int insight = 0;
	enum parse_rc rc;

	if (src == NULL && name == NULL && etype &&
	    strcmp(etype, "AwsCloudTrailInsight") == 0) {
		/*
		 * An Insights event: a statistic about the rate of some
		 * API call (insightDetails), never the call itself, even
		 * when that call is kms:Sign.
		 */
		if (!pc->all_events)
			return PARSE_SKIP;
		insight = 1;
		action = NULL;
	} else if (src == NULL) {
		if (json_object_get(rec, "eventSource"))
			return diag_set(d, "eventSource is not a string");
		return diag_set(d, "record has no eventSource");
	} else if (name == NULL) {
		if (json_object_get(rec, "eventName"))
			return diag_set(d, "eventName is not a string");
		return diag_set(d, "record has no eventName");
	} else {
		action = classify(src, strlen(src), name, strlen(name));
		if (action == NULL && !pc->all_events)
			return PARSE_SKIP;
	}
	if ((rc = record_time(rec, outer, ev, d)) != PARSE_OK)
		return rc;
	ev->source = "cloudtrail";
	ev->action = action ? action : "other";
	if (insight) {
		const char *type = jpath_str(rec, "insightDetails.insightType");

		ev->operation = xasprintf("cloudtrail:%s",
		    type ? type : "Insight");
		event_attr_str(ev, "insight_event_source",
		    jpath_str(rec, "insightDetails.eventSource"));
		event_attr_str(ev, "insight_event_name",
		    jpath_str(rec, "insightDetails.eventName"));
		event_attr_str(ev, "insight_state",
		    jpath_str(rec, "insightDetails.state"));
		if (json_is_object(jpath(rec, "insightDetails.insightContext")))
			event_attr(ev, "insight_context", json_deep_copy(
			    jpath(rec, "insightDetails.insightContext")));
	} else {
		ev->operation = xasprintf("%.*s:%s",
		    (int)service_len(src, strlen(src)), src, name);
	}
	event_set(&ev->native_id, jstr(rec, "eventID"));
	if (ev->native_id == NULL && outer)
		event_set(&ev->native_id, jstr(outer, "EventId"));
	event_set(&ev->src_ip, jstr(rec, "sourceIPAddress"));
	event_set(&ev->user_agent, jstr(rec, "userAgent"));
	map_outcome(rec, name, resp, ev);
	map_identity(jobj(rec, "userIdentity"), ev);
	if (src && strncmp(src, "kms.", 4) == 0)
		map_kms_key(rec, req, resp, ev);
	if (action && strcmp(action, "session.assume") == 0)
		map_session_assume(req, resp, ev);
	if (action && strcmp(name, "CreateAccessKey") == 0)
		/* the new long-term key, as for the STS calls */
		event_attr_str(ev, "issued_access_key_id",
		    jpath_str(resp, "accessKey.accessKeyId"));
	event_attr_str(ev, "region", jstr(rec, "awsRegion"));
	event_attr_str(ev, "account", jstr(rec, "recipientAccountId"));
	event_attr_str(ev, "event_type", etype);
	event_attr_str(ev, "event_version", jstr(rec, "eventVersion"));
	event_attr_str(ev, "request_id", jstr(rec, "requestID"));
	event_attr_str(ev, "shared_event_id", jstr(rec, "sharedEventID"));
	event_attr_str(ev, "vpc_endpoint_id", jstr(rec, "vpcEndpointId"));
	event_attr_bool(ev, "read_only", json_object_get(rec, "readOnly"));
	if (req)
		event_attr(ev, "request", json_deep_copy(req));
	event_attr(ev, "response", response_attr(resp));
	if (json_is_object(json_object_get(rec, "additionalEventData")))
		event_attr(ev, "additional", json_deep_copy(
		    json_object_get(rec, "additionalEventData")));
	event_attr_str(ev, "export", export);
	return PARSE_OK;
}

/*
 * An EventBridge event carrying a CloudTrail record ({"detail-type":
 * "AWS API Call via CloudTrail", "detail": {record}, ...}), as written by
 * rules that archive to S3 or CloudWatch Logs: the record, or NULL.
 */
static const json_t *
eventbridge_detail(const json_t *rec)
{
	const char *type = jstr(rec, "detail-type");

	if (type == NULL || strstr(type, "CloudTrail") == NULL ||
	    json_object_get(rec, "eventSource"))
		return NULL;
	return jobj(rec, "detail");
}

static enum parse_rc
ct_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *detail;
	const char *inner_text;
	json_t *inner;
	json_error_t jerr;
	enum parse_rc rc;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (json_object_get(rec, "digestPublicKeyFingerprint") ||
	    (json_object_get(rec, "logFiles") &&
	    json_object_get(rec, "digestStartTime")))
		return PARSE_NONEVENT;
	if ((detail = eventbridge_detail(rec)) != NULL) {
		rc = parse_record(detail, NULL, "eventbridge", pc, ev, d);
		goto out;
	}
	if (json_object_get(rec, "CloudTrailEvent") == NULL) {
		rc = parse_record(rec, NULL, NULL, pc, ev, d);
		goto out;
	}
	inner_text = jstr(rec, "CloudTrailEvent");
	if (inner_text == NULL)
		return diag_set(d, "CloudTrailEvent is not a string");
	inner = json_load_record(inner_text,
	    json_string_length(json_object_get(rec, "CloudTrailEvent")),
	    &jerr);
	if (inner == NULL)
		return diag_set(d, "CloudTrailEvent is not valid JSON: %s "
		    "(column %d)", jerr.text, jerr.column);
	if (!json_is_object(inner)) {
		json_decref(inner);
		return diag_set(d, "CloudTrailEvent is not a JSON object");
	}
	rc = parse_record(inner, rec, "lookup-events", pc, ev, d);
	json_decref(inner);
out:
	if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return rc;
}

static const char *const ct_containers[] = { "Records", "Events", NULL };

const struct parser parser_cloudtrail = {
	.name = "cloudtrail",
	.desc = "AWS CloudTrail: S3 log files, JSON Lines, lookup-events "
	    "output (KMS, STS, IAM, sign-in, CloudTrail changes)",
	.howto = "copy s3://<bucket>/AWSLogs/<account>/CloudTrail/ (aws s3 "
	    "sync), or: aws cloudtrail lookup-events --output json",
	.kind = INPUT_JSON,
	.container_keys = ct_containers,
	.probe = ct_probe,
	.prefilter = ct_prefilter,
	.parse_json = ct_parse_json,
};
