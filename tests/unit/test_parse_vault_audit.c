/* SPDX-License-Identifier: MIT */
/*
 * test_parse_vault_audit.c - unit tests of the HashiCorp Vault audit log
 * parser (ingest/parse_vault_audit.c): a table of line sequences (transit
 * signing and keys, PKI, sys, auth, logins, pairing of requests and
 * responses, orphans, prefixes, malformed lines) run through one parser
 * state and finish() each, with the events they must give; --all-events
 * flipped; probe inputs; emit failures; many pending requests; and a
 * replay of ../shared/corpus/vault_audit.
 *
 * Line texts use ' for " (see unquote()).  Expected strings: NULL is not
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


static const struct parser *const P = &parser_vault_audit;
static const struct suite S = { .p = &parser_vault_audit };

/* ------------------------------------------------------------------ */
/* Capturing events                                                    */


/* ------------------------------------------------------------------ */
/* Running lines through the parser                                    */

/*
 * Feeds the lines (' for ") to one parser state, as one item, and calls
 * finish(): the return codes go to rcs, the events to c.
 */
static void
run_lines(const char *const *lines, size_t n, int all, int fail,
    struct drive *dr, enum parse_rc *rcs, struct diag *d, int *finish_rc)
{
	size_t i;
	int64_t off = 0;

	drive_begin(dr, P, "vault_audit.log", NULL, all);
	dr->c.fail = fail;
	for (i = 0; i < n; i++) {
		char *text = unquote(lines[i]);

		dr->pc.line = (int64_t)i + 1;
		dr->pc.offset = off;
		off += (int64_t)strlen(text) + 1;
		rcs[i] = drive_one(dr, text, strlen(text), &d[i]);
		free(text);
	}
	dr->pc.line = dr->pc.offset = 0;
	diag_clear(&d[n]);
	*finish_rc = drive_end(dr);
}

/* ------------------------------------------------------------------ */
/* The line table                                                      */

#define MAXLINES 5

struct lrow {
	const char	*name;
	const char	*lines[MAXLINES];
	int		 all;
	enum parse_rc	 rcs[MAXLINES];
	const char	*errmsg;
	int		 nev;		/* events, finish() included */
	int		 which;		/* the event checked: nev - 1 - which */
	struct ev_want	 w;
};

#define ID1		"8d3c0b9e-5e7a-4c1f-9b2d-3a4e5f607182"
#define ID2		"1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b"
#define ACC		"hmac-sha256:5c0e8bd31f6e4d9a5c0e8bd31f6e4d9a5c0e8bd31f6e4d9a" \
			"5c0e8bd31f6e4d9a"
#define TOK		"hmac-sha256:9b1f0000000000000000000000000000000000000000" \
			"000000000000000000"
#define IN_H		"hmac-sha256:61d05e4c8a9b2f3e61d05e4c8a9b2f3e61d05e4c8a9b" \
			"2f3e61d05e4c8a9b2f3e"
#define SIG_H		"hmac-sha256:0e47aa11bb22cc33dd44ee55ff6600770e47aa11bb22" \
			"cc33dd44ee55ff660077"
#define DISP		"jwt-repo:acme/widget:ref:refs/tags/v2.4.0"
#define SHA		"9c4d1e7f2a8b3c5d6e0f1a2b3c4d5e6f7a8b9c0d"
#define AUTH \
	"'auth':{'accessor':'" ACC "','client_token':'" TOK "'," \
	"'display_name':'" DISP "','entity_id':'3f6d2a81-7c4e-4b9a-9e15-" \
	"c0d8a2b64f37','metadata':{'ref':'refs/tags/v2.4.0','repository':" \
	"'acme/widget','role':'widget-release','run_id':'11768420157'," \
	"'sha':'" SHA "'},'policies':['default','widget-release']," \
	"'policy_results':{'allowed':true,'granting_policies':[{'name':" \
	"'widget-release','namespace_id':'root','type':'acl'}]}," \
	"'token_policies':['default','widget-release'],'token_issue_time':" \
	"'2026-10-20T13:33:13Z','token_ttl':600,'token_type':'service'}"
#define RQ(id, mp, mt, op, path, data) \
	"'request':{'client_token':'" TOK "','client_token_accessor':'" ACC \
	"'," data "'headers':{'user-agent':['vault-action/3.0.0']},'id':'" \
	id "','mount_accessor':'transit_4f8e2a11','mount_point':'" mp "'," \
	"'mount_type':'" mt "','namespace':{'id':'root'},'operation':'" op \
	"','path':'" path "','remote_address':'20.102.169.165'," \
	"'remote_port':51234}"
#define T_REQ		"2026-10-20T13:33:15.190485112Z"
#define T_RESP		"2026-10-20T13:33:15.193301907Z"
#define REQ(id, mp, mt, op, path, data) \
	"{'time':'" T_REQ "'," AUTH "," RQ(id, mp, mt, op, path, data) \
	",'type':'request'}"
#define RESP(id, mp, mt, op, path, data, err, rdata) \
	"{'time':'" T_RESP "'," AUTH "," err RQ(id, mp, mt, op, path, data) \
	",'response':{" rdata "'mount_point':'" mp "','mount_type':'" mt \
	"'},'type':'response'}"
#define SIGN_DATA	"'data':{'input':'" IN_H "','prehashed':true},"
#define SIGN_PATH	"transit/sign/widget-release-manifest/sha2-256"
#define SIGN_RESP	"'data':{'key_version':1,'signature':'" SIG_H "'},"
#define TKEY		"transit/keys/widget-release-manifest"
#define SIGN_REQ	REQ(ID1, "transit/", "transit", "update", SIGN_PATH, \
			    SIGN_DATA)
#define SIGN_RSP	RESP(ID1, "transit/", "transit", "update", SIGN_PATH, \
			    SIGN_DATA, "", SIGN_RESP)
/* A transit pair on path p with operation op (no data). */
#define TPAIR(p, op, rdata) \
	REQ(ID1, "transit/", "transit", op, p, ""), \
	RESP(ID1, "transit/", "transit", op, p, "", "", rdata)
#define SPAIR(p, op) \
	REQ(ID1, "sys/", "system", op, p, "'data':{'policy':'" IN_H "'},"), \
	RESP(ID1, "sys/", "system", op, p, "'data':{'policy':'" IN_H "'},", \
	    "", "")
#define OK2		{ PARSE_NONEVENT, PARSE_OK }
#define SKIP2		{ PARSE_SKIP, PARSE_SKIP }

/* A login: request without a token, response with the new one. */
#define LOGIN_REQ(id, mp, mt, op, path) \
	"{'time':'" T_REQ "','auth':{'policy_results':{'allowed':true}," \
	"'token_type':'default'},'request':{'data':{'jwt':'" IN_H "','role':" \
	"'" SIG_H "'},'id':'" id "','mount_accessor':'auth_jwt_5d8c3f21'," \
	"'mount_class':'auth','mount_point':'" mp "','mount_type':'" mt "'," \
	"'namespace':{'id':'root'},'operation':'" op "','path':'" path "'," \
	"'remote_address':'52.176.117.190'},'type':'request'}"
#define LOGIN_RESP(id, mp, mt, op, path, err, rauth) \
	"{'time':'" T_RESP "','auth':{'policy_results':{'allowed':true}," \
	"'token_type':'default'}," err "'request':{'data':{'jwt':'" IN_H "'," \
	"'role':'" SIG_H "'},'id':'" id "','mount_accessor':'auth_jwt_5d8c3f21'," \
	"'mount_class':'auth','mount_point':'" mp "','mount_type':'" mt "'," \
	"'namespace':{'id':'root'},'operation':'" op "','path':'" path "'," \
	"'remote_address':'52.176.117.190'},'response':{" rauth \
	"'mount_type':'" mt "'},'type':'response'}"
#define NEW_AUTH \
	"'auth':{'accessor':'hmac-sha256:aaaa','client_token':" \
	"'hmac-sha256:bbbb','display_name':'jwt-repo:acme/widget:ref:" \
	"refs/tags/v2.5.0','entity_id':'e1','metadata':{'repository':" \
	"'acme/widget','ref':'refs/tags/v2.5.0'},'policies':['default']," \
	"'token_ttl':600,'token_type':'service'},"

static const struct lrow rows[] = {
	{ .name = "transit sign: one event for the pair",
	    .lines = { SIGN_REQ, SIGN_RSP }, .rcs = OK2, .nev = 1,
	    .w.action = "sign", .w.operation = "transit:sign",
	    .w.error_code = NONE,
	    .w.actor = DISP, .w.session = ACC, .w.key_ref = TKEY,
	    .w.key_raw = SIGN_PATH, .w.digest = NONE, .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v2.4.0", .w.commit_sha = SHA,
	    .w.ts = "2026-10-20T13:33:15.193301Z", .w.native_id = ID1,
	    .w.src_ip = "20.102.169.165", .w.user_agent = "vault-action/3.0.0",
	    .w.attrs = { { "input_hmac", IN_H }, { "signature_hmac", SIG_H },
	    { "key_version", "1" }, { "prehashed", "true" },
	    { "hash_algorithm", "sha2-256" }, { "request_time", T_REQ },
	    { "run_id", "11768420157" } } },
	{ .name = "a response without its request",
	    .lines = { SIGN_RSP }, .rcs = { PARSE_OK }, .nev = 1,
	    .w.action = "sign", .w.native_id = ID1,
	    .w.attrs = { { "request_time", NONE }, { "entry_type",
	    "response" },
	    { "response_missing", NONE } } },
	{ .name = "a request without its response: emitted at the end",
	    .lines = { SIGN_REQ }, .rcs = { PARSE_NONEVENT }, .nev = 1,
	    .w.action = "sign", .w.failed = 0, .w.native_id = ID1 "/request",
	    .w.ts = "2026-10-20T13:33:15.190485Z", .w.key_ref = TKEY,
	    .w.attrs = { { "response_missing", "true" }, { "request_id", ID1 },
	    { "request_line", "1" }, { "entry_type", "request" },
	    { "signature_hmac", NONE }, { "input_hmac", IN_H } } },
	{ .name = "interleaved pairs",
	    .lines = { SIGN_REQ, REQ(ID2, "transit/", "transit", "read", TKEY,
	    ""), RESP(ID2, "transit/", "transit", "read", TKEY, "", "",
	    "'data':{'latest_version':2},"), SIGN_RSP },
	    .rcs = { PARSE_NONEVENT, PARSE_NONEVENT, PARSE_OK, PARSE_OK },
	    .nev = 2, .w.action = "sign", .w.native_id = ID1 },
	{ .name = "interleaved pairs: the key read",
	    .lines = { SIGN_REQ, REQ(ID2, "transit/", "transit", "read", TKEY,
	    ""), RESP(ID2, "transit/", "transit", "read", TKEY, "", "",
	    "'data':{'latest_version':2},"), SIGN_RSP },
	    .rcs = { PARSE_NONEVENT, PARSE_NONEVENT, PARSE_OK, PARSE_OK },
	    .nev = 2, .which = 1, .w.action = "key.read",
	    .w.operation = "transit:keys.read", .w.native_id = ID2,
	    .w.attrs = { { "latest_version", "2" } } },
	{ .name = "the same request twice, then its response",
	    .lines = { SIGN_REQ, SIGN_REQ, SIGN_RSP },
	    .rcs = { PARSE_NONEVENT, PARSE_NONEVENT, PARSE_OK }, .nev = 1,
	    .w.native_id = ID1 },
	{ .name = "denied sign",
	    .lines = { REQ(ID1, "transit/", "transit", "update", SIGN_PATH,
	    SIGN_DATA), RESP(ID1, "transit/", "transit", "update", SIGN_PATH,
	    SIGN_DATA, "'error':'1 error occurred:\\n\\t* permission denied"
	    "\\n\\n',", "") },
	    .rcs = OK2, .nev = 1, .w.action = "sign", .w.failed = 1,
	    .w.error_code = "permission denied",
	    .w.attrs = { { "signature_hmac", NONE } } },
	{ .name = "error of the wrong type",
	    .lines = { RESP(ID1, "transit/", "transit", "update", SIGN_PATH,
	    SIGN_DATA, "'error':5,", "") },
	    .rcs = { PARSE_OK }, .nev = 1, .w.failed = 1,
	    .w.error_code = "(error is not a string)" },
	{ .name = "log_raw: a clear prehashed input is the digest",
	    .lines = { RESP(ID1, "transit/", "transit", "update",
	    "transit/sign/k", "'data':{'input':"
	    "'47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=','prehashed':true},",
	    "", "'data':{'key_version':3,'signature':'vault:v3:MEUCIQ'},") },
	    .rcs = { PARSE_OK }, .nev = 1, .w.key_ref = "transit/keys/k",
	    .w.digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b"
	    "934c"
	    "a495991b7852b855",
	    .w.attrs = { { "input_hmac", NONE }, { "signature",
	    "vault:v3:MEUCIQ" }, { "hash_algorithm", "sha2-256" },
	    { "hash_algorithm_src", "default" }, { "input_b64",
	    "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" } } },
	{ .name = "log_raw: data that is not prehashed is no digest",
	    .lines = { RESP(ID1, "transit/", "transit", "update",
	    "transit/sign/k", "'data':{'input':'aGVsbG8=','hash_algorithm':"
	    "'sha2-512'},", "", "") },
	    .rcs = { PARSE_OK }, .nev = 1, .w.digest = NONE,
	    .w.attrs = { { "hash_algorithm", "sha2-512" } } },
	{ .name = "an HMAC'd hash algorithm stays unknown",
	    .lines = { RESP(ID1, "transit/", "transit", "update",
	    "transit/sign/k", "'data':{'input':'" IN_H "','hash_algorithm':'"
	    SIG_H "'},", "", "") },
	    .rcs = { PARSE_OK }, .nev = 1,
	    .w.attrs = { { "hash_algorithm", NONE } } },
	{ .name = "batch signing",
	    .lines = { RESP(ID1, "transit/", "transit", "update",
	    "transit/sign/k", "'data':{'batch_input':[{'input':'" IN_H "'},"
	    "{'input':'" SIG_H "'}]},", "", "'data':{'batch_results':[{"
	    "'key_version':1,'signature':'" SIG_H "'},{'key_version':1,"
	    "'signature':'" IN_H "'}]},") },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "sign",
	    .w.attrs = { { "batch_input_hmac",
	    "[\"" IN_H "\",\"" SIG_H "\"]" },
	    { "batch_signature_hmac", "[\"" SIG_H "\",\"" IN_H "\"]" },
	    { "batch_count", "2" } } },
	{ .name = "verify",
	    .lines = { TPAIR("transit/verify/k/sha2-256", "update",
	    "'data':{'valid':false},") },
	    .rcs = OK2, .nev = 1, .w.action = "verify",
	    .w.operation = "transit:verify", .w.failed = 0,
	    .w.attrs = { { "valid", "false" } } },
	{ .name = "hmac", .lines = { TPAIR("transit/hmac/k", "update", "") },
	    .rcs = OK2, .nev = 1, .w.action = "sign",
	    .w.operation = "transit:hmac" },
	{ .name = "key create",
	    .lines = { TPAIR("transit/keys/k", "update", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.create",
	    .w.operation = "transit:keys.create",
	    .w.key_ref = "transit/keys/k",
	    .w.key_raw = "transit/keys/k" },
	{ .name = "key delete",
	    .lines = { TPAIR("transit/keys/k", "delete", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.delete" },
	{ .name = "key list is out of scope",
	    .lines = { TPAIR("transit/keys", "list", "") },
	    .rcs = SKIP2, .nev = 0 },
	{ .name = "rotate",
	    .lines = { TPAIR("transit/keys/k/rotate", "update",
	    "'data':{'latest_version':2},") },
	    .rcs = OK2, .nev = 1, .w.action = "key.create",
	    .w.operation = "transit:keys.rotate",
	    .w.key_ref = "transit/keys/k",
	    .w.attrs = { { "latest_version", "2" } } },
	{ .name = "config",
	    .lines = { TPAIR("transit/keys/k/config", "update", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.policy",
	    .w.operation = "transit:keys.config" },
	{ .name = "trim",
	    .lines = { TPAIR("transit/keys/k/trim", "update", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.delete" },
	{ .name = "import",
	    .lines = { TPAIR("transit/keys/k/import", "update", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.import" },
	{ .name = "export of the signing key",
	    .lines = { TPAIR("transit/export/signing-key/k/1", "read", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.read",
	    .w.operation = "transit:export", .w.key_ref = "transit/keys/k" },
	{ .name = "backup", .lines = { TPAIR("transit/backup/k", "read", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.read",
	    .w.operation = "transit:backup" },
	{ .name = "restore",
	    .lines = { TPAIR("transit/restore/k", "update", "") },
	    .rcs = OK2, .nev = 1, .w.action = "key.import" },
	{ .name = "encrypt is out of scope",
	    .lines = { TPAIR("transit/encrypt/k", "update", "") },
	    .rcs = SKIP2, .nev = 0 },
	{ .name = "encrypt with --all-events",
	    .lines = { TPAIR("transit/encrypt/k", "update", "") },
	    .all = 1, .rcs = OK2, .nev = 1, .w.action = "other",
	    .w.operation = "transit:update", .w.key_ref = NONE },
	{ .name = "a transit mount elsewhere",
	    .lines = { REQ(ID1, "transit-release/", "transit", "update",
	    "transit-release/sign/k", ""), RESP(ID1, "transit-release/",
	    "transit", "update", "transit-release/sign/k", "", "", "") },
	    .rcs = OK2, .nev = 1, .w.action = "sign",
	    .w.key_ref = "transit-release/keys/k" },
	{ .name = "a namespace",
	    .lines = { "{'time':'" T_RESP "','request':{'id':'" ID1 "',"
	    "'mount_point':'transit/','mount_type':'transit','namespace':{"
	    "'id':'Xq1','path':'ci/'},'operation':'update','path':"
	    "'transit/sign/k'},'type':'response'}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.key_ref = "ci/transit/keys/k",
	    .w.actor = NONE, .w.session = NONE,
	    .w.attrs = { { "namespace", "ci/" } } },
	{ .name = "old Vault: no mount point, no mount type",
	    .lines = { "{'time':'" T_RESP "','type':'response','request':{"
	    "'id':'" ID1 "','operation':'update','path':'transit/sign/k'}}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "sign",
	    .w.operation = "transit:sign", .w.key_ref = "transit/keys/k" },
	{ .name = "PKI issue, denied (old Vault)",
	    .lines = { "{'time':'2021-07-19T17:19:00.673898225Z','type':"
	    "'request','auth':{'token_type':'default'},'request':{'id':'" ID2
	    "','operation':'update','mount_type':'pki','path':"
	    "'internal-ca/issue/internal-server','remote_address':"
	    "'10.6.8.34'},'error':'permission denied'}",
	    "{'time':'2021-07-19T17:19:00.674663552Z','type':'response',"
	    "'auth':{'token_type':'default'},'request':{'id':'" ID2 "',"
	    "'operation':'update','mount_type':'pki','path':"
	    "'internal-ca/issue/internal-server','remote_address':"
	    "'10.6.8.34'},'response':{'mount_type':'pki'},'error':"
	    "'1 error occurred:\\n\\t* permission denied\\n\\n'}" },
	    .rcs = OK2, .nev = 1, .w.action = "pki.cert",
	    .w.operation = "pki:issue", .w.failed = 1,
	    .w.error_code = "permission denied", .w.actor = NONE,
	    .w.src_ip = "10.6.8.34", .w.key_ref = NONE },
	{ .name = "PKI revoke",
	    .lines = { "{'time':'" T_RESP "','type':'response','request':{"
	    "'id':'" ID1 "','operation':'update','mount_type':'pki',"
	    "'mount_point':'pki/','path':'pki/revoke'}}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "pki.revoke" },
	{ .name = "ACL policy write",
	    .lines = { SPAIR("sys/policies/acl/widget-release", "update") },
	    .rcs = OK2, .nev = 1, .w.action = "iam.policy",
	    .w.operation = "system:policy.write", .w.key_ref = NONE },
	{ .name = "ACL policy delete (old path)",
	    .lines = { SPAIR("sys/policy/widget-release", "delete") },
	    .rcs = OK2, .nev = 1, .w.action = "iam.policy",
	    .w.operation = "system:policy.delete" },
	{ .name = "ACL policy read is out of scope",
	    .lines = { SPAIR("sys/policies/acl/widget-release", "read") },
	    .rcs = SKIP2, .nev = 0 },
	{ .name = "audit device enabled",
	    .lines = { SPAIR("sys/audit/siem", "update") },
	    .rcs = OK2, .nev = 1, .w.action = "audit.config",
	    .w.operation = "system:audit.enable" },
	{ .name = "audit device disabled",
	    .lines = { SPAIR("sys/audit/file", "delete") },
	    .rcs = OK2, .nev = 1, .w.action = "audit.config",
	    .w.operation = "system:audit.disable" },
	{ .name = "audited headers",
	    .lines = { SPAIR("sys/config/auditing/request-headers/user-agent",
	    "update") },
	    .rcs = OK2, .nev = 1, .w.action = "audit.config" },
	{ .name = "auth method enabled",
	    .lines = { SPAIR("sys/auth/github", "update") },
	    .rcs = OK2, .nev = 1, .w.action = "iam.trust",
	    .w.operation = "system:auth.enable" },
	{ .name = "sys/capabilities-self is out of scope",
	    .lines = { SPAIR("sys/capabilities-self", "update") },
	    .rcs = SKIP2, .nev = 0 },
	{ .name = "JWT login: the new token is actor and session",
	    .lines = { LOGIN_REQ(ID1, "auth/jwt/", "jwt", "update",
	    "auth/jwt/login"), LOGIN_RESP(ID1, "auth/jwt/", "jwt", "update",
	    "auth/jwt/login", "", NEW_AUTH) },
	    .rcs = OK2, .nev = 1, .w.action = "session.login",
	    .w.operation = "jwt:login", .w.failed = 0,
	    .w.actor = "jwt-repo:acme/widget:ref:refs/tags/v2.5.0",
	    .w.session = "hmac-sha256:aaaa", .w.repo = "acme/widget",
	    .w.ref = "refs/tags/v2.5.0", .w.src_ip = "52.176.117.190",
	    .w.attrs = { { "role", NONE }, { "entity_id", "e1" } } },
	{ .name = "JWT login refused",
	    .lines = { LOGIN_REQ(ID1, "auth/jwt/", "jwt", "update",
	    "auth/jwt/login"), LOGIN_RESP(ID1, "auth/jwt/", "jwt", "update",
	    "auth/jwt/login", "'error':'error validating claims: claim "
	    "\\'ref\\' does not match any associated bound claim values',", "")
	    },
	    .rcs = OK2, .nev = 1, .w.action = "session.login", .w.failed = 1,
	    .w.error_code = "error validating claims: claim \"ref\" does not "
	    "match any associated bound claim values", .w.actor = NONE,
	    .w.session = NONE, .w.repo = NONE },
	{ .name = "OIDC callback is a login",
	    .lines = { LOGIN_RESP(ID1, "auth/oidc/", "oidc", "read",
	    "auth/oidc/oidc/callback", "", NEW_AUTH) },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "session.login",
	    .w.operation = "oidc:login" },
	{ .name = "userpass login",
	    .lines = { LOGIN_RESP(ID1, "auth/userpass/", "userpass", "update",
	    "auth/userpass/login/m.chen", "", NEW_AUTH) },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "session.login" },
	{ .name = "token creation: the new token is the session",
	    .lines = { "{'time':'" T_RESP "'," AUTH ",'request':{'id':'" ID1
	    "','mount_point':'auth/token/','mount_type':'token','operation':"
	    "'update','path':'auth/token/create'},'response':{" NEW_AUTH
	    "'mount_type':'token'},'type':'response'}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "session.assume",
	    .w.operation = "token:create", .w.actor = DISP,
	    .w.session = "hmac-sha256:aaaa",
	    .w.attrs = { { "caller_session", ACC } } },
	{ .name = "token revocation",
	    .lines = { "{'time':'" T_RESP "'," AUTH ",'request':{'id':'" ID1
	    "','mount_type':'token','operation':'update','path':"
	    "'auth/token/revoke-self'},'type':'response'}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "session.logout" },
	{ .name = "token lookup is out of scope",
	    .lines = { "{'time':'" T_RESP "'," AUTH ",'request':{'id':'" ID1
	    "','mount_type':'token','operation':'read','path':"
	    "'auth/token/lookup-self'},'type':'response'}" },
	    .rcs = { PARSE_SKIP }, .nev = 0 },
	{ .name = "JWT role change",
	    .lines = { "{'time':'" T_RESP "'," AUTH ",'request':{'id':'" ID1
	    "','mount_point':'auth/jwt/','mount_type':'jwt','operation':"
	    "'update','path':'auth/jwt/role/widget-release'},'type':"
	    "'response'}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "iam.trust",
	    .w.operation = "jwt:role.write" },
	{ .name = "AppRole secret ID",
	    .lines = { "{'time':'" T_RESP "'," AUTH ",'request':{'id':'" ID1
	    "','mount_type':'approle','operation':'update','path':"
	    "'auth/approle/role/jenkins/secret-id'},'type':'response'}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "iam.credential",
	    .w.operation = "approle:secret-id.create" },
	{ .name = "display name gives repo and ref",
	    .lines = { "{'time':'" T_RESP "','auth':{'accessor':'" ACC "',"
	    "'display_name':'jwt-repo:acme/widget:ref:refs/heads/main',"
	    "'metadata':{'repository':'hmac-sha256:77'}},'request':{'id':'"
	    ID1 "','mount_type':'transit','operation':'update','path':"
	    "'transit/sign/k'},'type':'response'}" },
	    .rcs = { PARSE_OK }, .nev = 1, .w.repo = "acme/widget",
	    .w.ref = "refs/heads/main", .w.commit_sha = NONE },
	{ .name = "a request without id is its own event",
	    .lines = { "{'time':'2021-12-30T17:11:12.468537924Z','type':"
	    "'request','auth':{'display_name':'oidc-1234'},'request':{"
	    "'operation':'help','mount_type':'pki','path':'ca/roles/example',"
	    "'remote_address':'10.6.8.34'}}" },
	    .all = 1, .rcs = { PARSE_OK }, .nev = 1, .w.action = "other",
	    .w.operation = "pki:help", .w.native_id = NONE,
	    .w.actor = "oidc-1234" },
	{ .name = "a request without id, out of scope",
	    .lines = { "{'time':'2021-12-30T17:11:12Z','type':'request',"
	    "'request':{'operation':'help','path':'ca/roles/example'}}" },
	    .rcs = { PARSE_SKIP }, .nev = 0 },
	{ .name = "syslog prefix",
	    .lines = { "Nov  6 22:01:05 vault-1 vault[812]: " SIGN_RSP },
	    .rcs = { PARSE_OK }, .nev = 1, .w.action = "sign",
	    .w.attrs = { { "line_prefix", "Nov  6 22:01:05 vault-1 "
	    "vault[812]:" } } },
	{ .name = "a blank line",
	    .lines = { "   \t" }, .rcs = { PARSE_NONEVENT }, .nev = 0 },
	/* malformed */
	{ .name = "garbage", .lines = { "hello" }, .rcs = { PARSE_ERR },
	    .errmsg = "no JSON object" },
	{ .name = "jsonx", .lines = { "<json:object name=\"x\">" },
	    .rcs = { PARSE_ERR }, .errmsg = "jsonx" },
	{ .name = "cut short", .lines = { "{'time':'2026-10-20T13:33:15Z',"
	    "'type':'resp" }, .rcs = { PARSE_ERR }, .errmsg = "invalid JSON" },
	{ .name = "no type", .lines = { "{'time':'x','request':{}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "entry has no type" },
	{ .name = "type not a string", .lines = { "{'type':1}" },
	    .rcs = { PARSE_ERR }, .errmsg = "type is not a string" },
	{ .name = "unknown type", .lines = { "{'type':'event'}" },
	    .rcs = { PARSE_ERR }, .errmsg = "neither request nor response" },
	{ .name = "no request", .lines = { "{'type':'response'}" },
	    .rcs = { PARSE_ERR }, .errmsg = "entry has no request" },
	{ .name = "request not an object",
	    .lines = { "{'type':'response','request':[]}" },
	    .rcs = { PARSE_ERR }, .errmsg = "request is not an object" },
	{ .name = "no path",
	    .lines = { "{'type':'response','request':{'id':'x'}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "request has no path" },
	{ .name = "request.id not a string",
	    .lines = { "{'type':'response','request':{'id':5,'path':"
	    "'transit/sign/k','operation':'update'}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "request.id is not a string" },
	{ .name = "no time",
	    .lines = { "{'type':'response','request':{'id':'x','path':"
	    "'transit/sign/k','operation':'update'}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "entry has no time" },
	{ .name = "request time not a string",
	    .lines = { "{'time':5,'type':'request','request':{'id':'x','path':"
	    "'transit/sign/k','operation':'update'}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "time is not a string" },
	{ .name = "bad time",
	    .lines = { "{'time':'noon','type':'response','request':{'id':'x',"
	    "'path':'transit/sign/k','operation':'update'}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "bad time 'noon'" },
	{ .name = "no time, out of scope",
	    .lines = { "{'type':'response','request':{'id':'x','path':"
	    "'secret/data/x','operation':'read'}}" },
	    .rcs = { PARSE_SKIP }, .nev = 0 },
	{ .name = "a request whose time is bad",
	    .lines = { "{'time':'noon','type':'request','request':{'id':'x',"
	    "'path':'transit/sign/k','operation':'update'}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "bad time 'noon'", .nev = 0 },
	{ .name = "a request without time",
	    .lines = { "{'type':'request','request':{'id':'x','path':"
	    "'transit/sign/k','operation':'update'}}" },
	    .rcs = { PARSE_ERR }, .errmsg = "entry has no time", .nev = 0 },
};

static void
test_rows(void **state)
{
	size_t i, n, k;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		const struct lrow *r = &rows[i];
		enum parse_rc rcs[MAXLINES];
		struct diag d[MAXLINES + 1];
		struct drive dr;
		int frc;

		for (n = 0; n < MAXLINES && r->lines[n]; n++)
			;
		run_lines(r->lines, n, r->all, 0, &dr, rcs, d, &frc);
		if (frc != 0)
			bad("%s: finish returned %d", r->name, frc);
		for (k = 0; k < n; k++) {
			if (rcs[k] != r->rcs[k])
				bad("%s: line %zu: want %s, got %s (%s)",
				    r->name, k + 1, rc_name(r->rcs[k]),
				    rc_name(rcs[k]), d[k].msg);
			if (rcs[k] == PARSE_ERR && (d[k].msg[0] == '\0' ||
			    (r->errmsg && strstr(d[k].msg, r->errmsg) ==
			    NULL)))
				bad("%s: line %zu: message \"%s\"", r->name,
				    k + 1, d[k].msg);
			if (rcs[k] != PARSE_ERR && d[k].msg[0])
				bad("%s: line %zu: %s with message \"%s\"",
				    r->name, k + 1, rc_name(rcs[k]), d[k].msg);
		}
		if (dr.c.n != r->nev) {
			bad("%s: %d events, want %d", r->name, dr.c.n, r->nev);
		} else if (dr.c.n > 0) {
			k = (size_t)(dr.c.n - 1 - r->which);
			check_event(&S, r->name, (int)k, &r->w, &dr.c.ev[k]);
			if (dr.c.ev[k].ts_us == EVENT_NO_TIME ||
			    dr.c.ev[k].ts_raw == NULL)
				bad("%s: no time", r->name);
		}
		drive_free(&dr);
		/* --all-events never loses an event */
		run_lines(r->lines, n, !r->all, 0, &dr, rcs, d, &frc);
		if (r->all ? dr.c.n > r->nev : dr.c.n < r->nev)
			bad("%s (flipped): %d events", r->name, dr.c.n);
		drive_free(&dr);
	}
	end_test("rows");
}

/* ------------------------------------------------------------------ */
/* Probe, emit failure, state                                          */

static const struct probe_row probe_rows[] = {
	{ "audit log", NULL, SIGN_REQ "\n" SIGN_RSP "\n", "vault_audit.log",
	    90,
	    90, DETECT_BOTH },
	{ "spaces after colons", NULL,
	    "{\"time\": \"2020-12-01T20:29:04Z\", \"type\": "
	    "\"request\", \"auth\": {}, \"request\": {\"id\": \"x\", "
	    "\"mount_type\": \"system\", \"path\": \"sys/x\"}}\n", "audit.log",
	    90, 90, DETECT_BOTH },
	{ "syslog lines", NULL,
	    "<134>Nov  6 22:01:05 vault-1 vault[812]: " SIGN_RSP,
	    "messages", 90, 90, DETECT_BOTH },
	{ "HAR file", NULL,
	    "{'log':{'entries':[{'request':{'method':'GET','url':"
	    "'x'},'time':12.5,'path':'y'}]}}", "x.har", 0, 0, DETECT_BOTH },
	{ "GCP", NULL, "{'insertId':'a','logName':'projects/p/logs/x',"
	    "'protoPayload':{}}", "g.json", 0, 0, DETECT_BOTH },
	{ "Key Vault", NULL, "{'time':'2026','category':'AuditEvent',"
	    "'operationName':'KeySign'}", "PT1H.json", 0, 0, DETECT_BOTH },
	{ "CloudTrail", NULL,
	    "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com','userIdentity':{}}]}", "ct.json", 0, 0,
	    DETECT_BOTH },
	{ "text", NULL, "hello world\n", "x.txt", 0, 0, DETECT_BOTH },
	{ "empty", NULL, "", "x", 0, 0, DETECT_BOTH },
};

static void
test_probe(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(probe_rows); i++)
		check_probe(&S, &probe_rows[i]);
	/* a 'type' at the very end of the head: no read past it */
	{
		static const char tail[] = "{\"request\":{},\"time\":1,\"path\":"
		    "\"x\",\"mount_type\":1,\"type\"";
		char *copy = malloc(sizeof(tail) - 1);

		assert_non_null(copy);
		memcpy(copy, tail, sizeof(tail) - 1);
		assert_int_equal(P->probe(copy, sizeof(tail) - 1, "x"), 0);
		free(copy);
	}
	assert_ptr_equal(parser_find("vault_audit"), P);
	assert_int_equal(P->kind, INPUT_TEXT);
	assert_null(P->split);
	end_test("probe");
}

static void
test_emit_failure(void **state)
{
	const char *pair[] = { SIGN_REQ, SIGN_RSP };
	const char *orphan[] = { SIGN_REQ };
	enum parse_rc rcs[MAXLINES];
	struct diag d[MAXLINES + 1];
	struct drive dr;
	int frc;

	(void)state;
	run_lines(pair, 2, 0, 1, &dr, rcs, d, &frc);
	assert_int_equal(rcs[0], PARSE_NONEVENT);
	assert_int_equal(rcs[1], PARSE_FATAL);
	assert_int_equal(frc, 0);
	drive_free(&dr);
	run_lines(orphan, 1, 0, 1, &dr, rcs, d, &frc);
	assert_int_equal(frc, -1);
	drive_free(&dr);
}

/* Many requests without responses, answered in another order. */
static void
test_many_pending(void **state)
{
	struct drive dr;
	struct diag d;
	char line[512];
	int i, n = 5000;

	(void)state;
	drive_begin(&dr, P, NULL, NULL, 0);
	for (i = 0; i < 2 * n; i++) {
		int id = i < n ? i : (i - n) * 7 % n;

		snprintf(line, sizeof(line), "{\"time\":\"2026-10-20T13:33:15Z\","
		    "\"type\":\"%s\",\"request\":{\"id\":\"id-%d\",\"operation\":"
		    "\"update\",\"mount_type\":\"transit\",\"path\":"
		    "\"transit/sign/k\"}}", i < n ? "request" : "response",
		    /* every tenth response never comes */
		    id % 10 == 9 && i >= n ? id + n : id);
		(void)drive_one(&dr, line, strlen(line), &d);
	}
	capture_free(&dr.c);	/* count the orphans only */
	assert_int_equal(drive_end(&dr), 0);
	assert_int_equal(dr.c.n, n / 10);
	drive_free(&dr);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

struct corpus_stats {
	int	lines, events, nonevent, skipped, errors, facts;
};

/* Every line of one file through one state, as ingest does. */
static void
corpus_file(const char *path, int all, struct corpus_stats *st)
{
	struct drive dr;
	struct diag d;
	FILE *fp;
	char *line = NULL;
	size_t cap = 0, len;
	ssize_t n;
	int i;

	drive_begin(&dr, P, NULL, NULL, all);
	fp = fopen(path, "r");
	assert_non_null(fp);
	while ((n = getline(&line, &cap, fp)) != -1) {
		enum parse_rc rc;

		len = (size_t)n;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] ==
		    '\r'))
			len--;
		if (len == 0)
			continue;
		st->lines++;
		dr.pc.line++;
		rc = drive_one(&dr, line, len, &d);
		if (rc == PARSE_NONEVENT)
			st->nonevent++;
		else if (rc == PARSE_SKIP)
			st->skipped++;
		else if (rc != PARSE_OK) {
			bad("%s line %lld: %s: %s", path,
			    (long long)dr.pc.line,
			    rc_name(rc), d.msg);
			st->errors++;
		}
	}
	free(line);
	fclose(fp);
	assert_int_equal(drive_end(&dr), 0);
	st->events = dr.c.n;
	for (i = 0; i < dr.c.n; i++) {
		const struct evcopy *e = &dr.c.ev[i];

		if (e->native_id && strcmp(e->native_id,
		    "24ac580b-805a-d9ee-4d0d-7046932f4e05") == 0) {
			check_str("corpus pki", "action", "pki.cert",
			    e->action);
			check_str("corpus pki", "error_code",
			    "permission denied", e->error_code);
			check_str("corpus pki", "src_ip", "10.6.8.34",
			    e->src_ip);
			if (!e->failed)
				bad("corpus pki: not failed");
			st->facts++;
		}
		if (all && e->native_id && strcmp(e->native_id,
		    "0042ad1b-1400-7eb7-5e25-1dfc898c1998") == 0) {
			check_str("corpus kv", "operation", "kv:read",
			    e->operation);
			check_str("corpus kv", "actor", "token-375f9cb3-4355-"
			    "42c7-eab5-029f8a310ca7-runner", e->actor);
			check_str("corpus kv", "session", "hmac-sha256:8fa4f7f3"
			    "d1fd812064950025cde2b1565829a9dc5075253399e5ede8"
			    "f8a1d98e", e->session);
			st->facts++;
		}
	}
	drive_free(&dr);
}

static void
test_corpus(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	struct corpus_stats st;
	char path[4096];
	struct stat sb;

	(void)state;
	snprintf(path, sizeof(path), "%s/../shared/corpus/vault_audit/"
	    "elastic-integrations.test-audit.log", root && *root ? root : ".");
	if (stat(path, &sb) != 0) {
		print_message("corpus %s absent: test skipped\n", path);
		skip();
	}
	memset(&st, 0, sizeof(st));
	corpus_file(path, 0, &st);
	print_message("corpus: %d lines: %d events, %d non-events, %d out of "
	    "scope\n", st.lines, st.events, st.nonevent, st.skipped);
	assert_int_equal(st.lines, 9);
	assert_int_equal(st.errors, 0);
	/* the denied PKI issue is the only pair in scope */
	assert_int_equal(st.events, 1);
	assert_int_equal(st.nonevent, 1);
	assert_int_equal(st.skipped, 7);
	assert_int_equal(st.facts, 1);
	memset(&st, 0, sizeof(st));
	corpus_file(path, 1, &st);
	/* four pairs and the id-less help request */
	assert_int_equal(st.events, 5);
	assert_int_equal(st.nonevent, 4);
	assert_int_equal(st.skipped, 0);
	assert_int_equal(st.errors, 0);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_emit_failure), cmocka_unit_test(test_many_pending),
    cmocka_unit_test(test_corpus))
