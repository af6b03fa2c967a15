/* SPDX-License-Identifier: MIT */
/*
 * parse_rekor.c - Rekor v1 transparency-log entries as the REST API and
 * rekor-cli return them (formats.md H.1, H.2, H.4, H.5).
 *
 * Shapes (through the JSON splitter, no container keys):
 *   - a LogEntry: a map keyed by entry UUID, as GET /api/v1/log/entries/
 *     {uuid} and GET /api/v1/log/entries?logIndex=<n> answer; the whole
 *     map is one record and every entry in it gives one event (the map
 *     holds one entry in practice; all its entries are checked before any
 *     is stored, so a bad one quarantines the map and never half of it);
 *   - an array of such maps (POST /api/v1/log/entries/retrieve) or JSON
 *     Lines of them (one curl per line): each map is a record;
 *   - the UUID list of POST /api/v1/index/retrieve (search by digest or
 *     key), ["<uuid>", ...]: each UUID is a non-event record (fetch the
 *     entries with .../entries/retrieve);
 *   - `rekor-cli get --format json` output {"Body":{"HashedRekordObj":
 *     {spec}},"LogIndex":n,"IntegratedTime":t,"UUID":"...","LogID":"..."
 *     (newer releases), "Attestation":"..."}: the decoded spec without
 *     the canonical body bytes or the proof, so inclusion is "absent".
 *
 * A real entry (sigstore-java's test data, a staging-log hashedrekord):
 *   {"ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1df340cb8fc9c221af":
 *    {"body":"eyJhcGlWZXJzaW9uIjoiMC4wLjEiLCJraW5kIjoiaGFzaGVkcmVrb3JkIi...",
 *     "integratedTime":1656448131,"logID":"d32f30a3c32d639c2b762205a21c7bb0
 *     7788e68283a4ae6f42118723a1bea496","logIndex":1688,"verification":{
 *     "inclusionProof":{"hashes":["810320ec...",...],"logIndex":1227,
 *     "rootHash":"effa4fa4...","treeSize":14358,"checkpoint":"rekor.
 *     sigstage.dev - 108574341321668964\n14358\n7/pPpFdf...=\n\n— rekor.
 *     sigstage.dev 0y8wozBF...\n"},"signedEntryTimestamp":"MEUCIQ..."}}}
 *   whose body decodes to {"apiVersion":"0.0.1","kind":"hashedrekord",
 *   "spec":{"data":{"hash":{"algorithm":"sha256","value":"47c1db9f..."}},
 *   "signature":{"content":"MEYCIQ...","publicKey":{"content":"LS0tLS1C
 *   RUdJTiBDRVJUSUZJQ0FURS0tLS0t..."}}}}.
 *
 * Mapping: every entry is action tlog.entry, operation "rekor:<kind>";
 * ts = integratedTime (epoch seconds, coarse); native_id = the 64-hex
 * UUID, lowercase (an 80-hex EntryID loses its 16-hex tree id prefix, kept
 * in attrs.entry_id and attrs.tree_id, so the same entry fetched by UUID
 * or by index is stored once).  The body (sigstore_util.c) gives digest
 * ("sha256:<hex>" of spec.data.hash: the artifact, the join key to
 * releases and registries), attrs.signature and the key: a certificate's
 * SAN is the actor and its Fulcio extensions fill repo, ref, commit_sha,
 * run_ref (the GitHub run id of the run invocation URI), runner; a bare
 * public key (cosign with a KMS key) gives key_ref "spki-sha256:<hex>"
 * (SHA-256 of its DER SubjectPublicKeyInfo), and so does a certificate's.
 * attrs: log_index (global), log_id, uuid_matches_body (the UUID is the
 * RFC 6962 leaf hash of the body), inclusion = "verified" when the audit
 * path of verification.inclusionProof (its shard-local logIndex, treeSize,
 * rootHash, hashes) folds the leaf hash of the body up to rootHash,
 * "failed" (with inclusion_error) when it does not, "absent" without a
 * proof; checkpoint = "consistent" when the checkpoint names the same
 * tree size and root; set = "set_unverified" when a signedEntryTimestamp
 * is present (checking it, and the checkpoint signature, needs the log's
 * public key, which no record carries), "absent" otherwise.  An intoto
 * entry's attestation.data (the statement) gives digest, artifact and
 * attrs.subjects.
 *
 * Scope: every entry is in scope.  An empty map and a bare UUID (the
 * index search's list) are non-events; a Rekor
 * error response ({"code":404,"message":...}) and anything that is not an
 * entry map are quarantined.  Unsupported: verifying the SET and the
 * checkpoint signature (no key), consistency proofs, Rekor v2 entries
 * (they come in bundles: parse_sigstore_bundle.c).
 */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "sigstore_util.h"
#include "timeutil.h"
#include "xalloc.h"

#define RK_MAXENTRIES 1024	/* entries in one map (the API gives 1) */

/*
 * An entry UUID (64 hex) or EntryID (16-hex tree id + 64 hex): the
 * lowercase UUID into uuid (65 bytes) and the tree id, if any, into
 * *tree.  Returns 0, or -1.
 */
static int
rk_uuid(const char *key, char *uuid, int *has_tree, uint64_t *tree)
{
	size_t n = strlen(key), i;
	const char *u = key;

	*has_tree = 0;
	if ((n != 64 && n != 80) || !is_hex(key, n))
		return -1;
	if (n == 80) {
		*has_tree = 1;
		*tree = 0;
		for (i = 0; i < 16; i++)
			*tree = *tree << 4 |
			    (uint64_t)hex_value((unsigned char)key[i]);
		u = key + 16;
	}
	for (i = 0; i < 64; i++)
		uuid[i] = (char)(u[i] | 0x20);	/* hex digits: lowercase */
	uuid[64] = '\0';
	return 0;
}

/* integratedTime t (0: none); -1 when out of range. */
static int
rk_ts(struct event *ev, uint64_t t, struct diag *d)
{
	char raw[32];

	event_attr(ev, "integrated_time", sg_json_uint(t));
	if (t == 0)
		return 0;	/* not integrated: an entry without a time */
	if (t > (uint64_t)INT64_MAX ||
	    ts_from_epoch_int((int64_t)t, TS_SEC, &ev->ts_us) < 0) {
		ev->ts_us = EVENT_NO_TIME;
		return diag_set(d, "integratedTime %llu is out of range",
		    (unsigned long long)t);
	}
	ev->ts_flags = TS_COARSE;
	snprintf(raw, sizeof(raw), "%llu", (unsigned long long)t);
	event_set(&ev->ts_raw, raw);
	return 0;
}

/* verification.inclusionProof against the body's leaf hash. */
static void
rk_proof(struct event *ev, const json_t *ip,
    const unsigned char leaf[SG_HASHLEN])
{
	unsigned char root[SG_HASHLEN], (*path)[SG_HASHLEN] = NULL;
	const json_t *hashes = json_object_get(ip, "hashes"), *h;
	const char *rh = jstr(ip, "rootHash"), *why = NULL;
	uint64_t index = 0, size = 0;
	size_t i, n = 0;

	if (ip == NULL || json_is_null(ip)) {
		event_attr_str(ev, "inclusion", "absent");
		return;
	}
	if (sg_proof_start(ev, ip, rh == NULL || sg_hex_decode(rh, strlen(rh),
	    root, SG_HASHLEN) < 0 ? "inclusionProof.rootHash is not 64 hex "
	    "digits" : NULL, &index, &size, &n) < 0)
		return;
	event_attr_str(ev, "root_hash", rh);
	path = xcalloc(n ? n : 1, sizeof(*path));
	json_array_foreach(hashes, i, h) {
		const char *s = json_string_value(h);

		if (s == NULL || sg_hex_decode(s, strlen(s), path[i],
		    SG_HASHLEN) < 0)
			why = "inclusionProof.hashes holds a value that is not "
			    "64 hex digits";
	}
	if (why == NULL && sg_merkle_verify(leaf, index, size,
	    (const unsigned char (*)[SG_HASHLEN])path, n, root, &why))
		event_attr_str(ev, "inclusion", "verified");
	else
		sg_inclusion_failed(ev, why);
	free(path);
	sg_checkpoint(ev, jstr(ip, "checkpoint"), size, root);
}

static void
rk_common(struct event *ev, const char *uuid, const char *kind)
{
	ev->source = "rekor";
	ev->action = "tlog.entry";
	ev->operation = xasprintf("rekor:%s", kind ? kind : "unknown");
	event_set(&ev->native_id, uuid);
}

/*
 * ts from integratedTime t, and for an EntryID key (has_tree) its tree
 * id; -1 when t is out of range.
 */
static int
rk_ts_tree(struct event *ev, uint64_t t, const char *key, int has_tree,
    uint64_t tree, struct diag *d)
{
	if (rk_ts(ev, t, d) < 0)
		return -1;
	if (has_tree) {
		event_attr_str(ev, "entry_id", key);
		event_attr(ev, "tree_id", json_sprintf("%llu",
		    (unsigned long long)tree));
	}
	return 0;
}

/* attestation.data (base64 of an in-toto statement), if any. */
static void
rk_attestation(struct event *ev, const char *b64)
{
	unsigned char *p;
	size_t n;

	if (b64 == NULL || *b64 == '\0' ||
	    (p = b64_decode(b64, strlen(b64), &n)) == NULL)
		return;
	if (sg_map_statement(ev, p, n) == 0)
		event_attr_str(ev, "attestation", "statement");
	free(p);
}

/* One API entry (key: its UUID or EntryID) into ev. */
static enum parse_rc
rk_entry(const char *key, const json_t *e, struct event *ev, struct diag *d)
{
	char uuid[65], *hex;
	const char *b64 = jstr(e, "body"), *logid = jstr(e, "logID");
	const json_t *ver = jobj(e, "verification");
	unsigned char *body, leaf[SG_HASHLEN];
	json_error_t jerr;
	json_t *bj;
	uint64_t tree, t, idx;
	size_t n;
	int has_tree, rc;

	if (rk_uuid(key, uuid, &has_tree, &tree) < 0)
		return diag_set(d, "key '%.100s' is not a Rekor entry UUID "
		    "(64 or 80 hex digits)", key);
	if (!json_is_object(e))
		return diag_set(d, "entry %s is not an object", uuid);
	if (b64 == NULL)
		return diag_set(d, "entry %s has no body string", uuid);
	if ((body = b64_decode(b64, strlen(b64), &n)) == NULL)
		return diag_set(d, "entry %s: body is not base64", uuid);
	if (sg_json_u64(json_object_get(e, "integratedTime"), &t) < 0) {
		free(body);
		return diag_set(d, "entry %s: integratedTime is missing or "
		    "not a number", uuid);
	}
	bj = json_loadb((const char *)body, n, JSON_REJECT_DUPLICATES, &jerr);
	if (bj == NULL) {
		free(body);
		return diag_set(d, "entry %s: body is not JSON: %s", uuid,
		    jerr.text);
	}
	sg_leaf_hash(body, n, leaf);
	free(body);
	rc = sg_map_body(ev, bj, d);
	rk_common(ev, uuid, jstr(bj, "kind"));
	json_decref(bj);
	if (rc != PARSE_OK)
		return PARSE_ERR;
	if (rk_ts_tree(ev, t, key, has_tree, tree, d) < 0)
		return PARSE_ERR;
	hex = hex_string(leaf, SG_HASHLEN);
	event_attr(ev, "uuid_matches_body", json_boolean(strcmp(hex,
	    uuid) == 0));
	free(hex);
	if (sg_json_u64(json_object_get(e, "logIndex"), &idx) == 0)
		event_attr(ev, "log_index", sg_json_uint(idx));
	event_attr_str(ev, "log_id", logid);
	rk_proof(ev, json_object_get(ver, "inclusionProof"), leaf);
	event_attr_str(ev, "set", jstr(ver, "signedEntryTimestamp") ?
	    "set_unverified" : "absent");
	rk_attestation(ev, jpath_str(e, "attestation.data"));
	return PARSE_OK;
}

/* "HashedRekordObj" -> "hashedrekord", "JARModel" -> "jar" (new). */
static char *
rk_cli_kind(const char *member)
{
	size_t n = strlen(member);

	if (n > 3 && strcmp(member + n - 3, "Obj") == 0)
		n -= 3;
	else if (n > 5 && strcmp(member + n - 5, "Model") == 0)
		n -= 5;
	return ascii_lower(xstrndup(member, n));
}

/* `rekor-cli get --format json` output into ev. */
static enum parse_rc
rk_cli(const json_t *rec, struct event *ev, struct diag *d)
{
	const json_t *body = jobj(rec, "Body"), *spec = NULL;
	const char *key = jstr(rec, "UUID"), *member = NULL;
	json_t *pseudo;
	char uuid[65], *kind;
	uint64_t tree, t, idx;
	int has_tree, rc;

	if (key == NULL || rk_uuid(key, uuid, &has_tree, &tree) < 0)
		return diag_set(d, "rekor-cli output: UUID is not 64 or 80 "
		    "hex digits");
	if (body == NULL || json_object_size(body) != 1)
		return diag_set(d, "rekor-cli output: Body is not an object "
		    "with one entry type");
	json_object_foreach((json_t *)body, member, spec)
		break;
	if (!json_is_object(spec))
		return diag_set(d, "rekor-cli output: Body.%.60s is not an "
		    "object", member);
	if (sg_json_u64(json_object_get(rec, "IntegratedTime"), &t) < 0)
		return diag_set(d, "rekor-cli output: IntegratedTime is "
		    "missing or not a number");
	kind = rk_cli_kind(member);
	pseudo = json_pack("{s:s, s:O}", "kind", kind, "spec", spec);
	rc = pseudo ? sg_map_body(ev, pseudo, d) : diag_set(d, "rekor-cli "
	    "output: entry type '%.60s' not understood", member);
	json_decref(pseudo);
	rk_common(ev, uuid, kind);
	free(kind);
	if (rc != PARSE_OK)
		return PARSE_ERR;
	if (rk_ts_tree(ev, t, key, has_tree, tree, d) < 0)
		return PARSE_ERR;
	if (sg_json_u64(json_object_get(rec, "LogIndex"), &idx) == 0)
		event_attr(ev, "log_index", sg_json_uint(idx));
	event_attr_str(ev, "log_id", jstr(rec, "LogID"));
	event_attr_str(ev, "inclusion", "absent");
	event_attr_str(ev, "set", "absent");
	event_attr_str(ev, "export", "rekor-cli");
	rk_attestation(ev, jstr(rec, "Attestation"));
	return PARSE_OK;
}

static void
rk_free_events(struct event *evs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		event_clear(&evs[i]);
	free(evs);
}

static enum parse_rc
rk_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	struct event *evs;
	const char *key;
	json_t *val;
	size_t n, i = 0;
	enum parse_rc rc;
	char uuid[65];
	uint64_t tree;
	int has_tree;

	if (json_is_string(rec) && rk_uuid(json_string_value(rec), uuid,
	    &has_tree, &tree) == 0)
		return PARSE_NONEVENT;	/* a search result: no entry */
	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (json_object_get(rec, "UUID") && json_object_get(rec, "Body")) {
		rc = rk_cli(rec, ev, d);
		if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
			return PARSE_FATAL;
		return rc;
	}
	if (json_is_integer(json_object_get(rec, "code")) &&
	    jstr(rec, "message"))
		return diag_set(d, "Rekor API error response: %lld %.200s",
		    (long long)json_integer_value(json_object_get(rec,
		    "code")), jstr(rec, "message"));
	n = json_object_size(rec);
	if (n == 0)
		return PARSE_NONEVENT;
	if (n > RK_MAXENTRIES)
		return diag_set(d, "map holds %zu entries (at most %d)", n,
		    RK_MAXENTRIES);
	/* every entry first, so that a bad one stores nothing */
	evs = xcalloc(n, sizeof(*evs));
	json_object_foreach(rec, key, val) {
		event_init(&evs[i]);
		evs[i].raw = ev->raw;
		evs[i].raw_len = ev->raw_len;
		if (rk_entry(key, val, &evs[i], d) != PARSE_OK) {
			rk_free_events(evs, i + 1);
			return PARSE_ERR;
		}
		i++;
	}
	rc = PARSE_OK;
	for (i = 0; i < n && rc == PARSE_OK; i++)
		if (pc->emit(pc->emit_arg, &evs[i]) < 0)
			rc = PARSE_FATAL;
	rk_free_events(evs, n);
	return rc;
}

/* Position after white space (and a BOM at the start) from i. */
static size_t
rk_skip_ws(const char *p, size_t len, size_t i)
{
	if (i == 0 && len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", p[i]) && p[i] != '\0')
		i++;
	return i;
}

static int
rk_probe(const char *head, size_t len, const char *name)
{
	size_t i = rk_skip_ws(head, len, 0), n;
	int list = 0;

	if (memmem(head, len, "\"IntegratedTime\"", 16) &&
	    memmem(head, len, "\"UUID\"", 6) &&
	    memmem(head, len, "\"Body\"", 6))
		return 88;
	if (i < len && head[i] == '[') {
		i = rk_skip_ws(head, len, i + 1);
		list = 1;
	}
	if (i < len && head[i] == '"' && list) {
		/* ["<uuid>", ...]: the index search's answer */
		for (n = 0, i++; i < len && n < 81 && is_hex(head + i, 1);
		    i++)
			n++;
		if ((n == 64 || n == 80) && i < len && head[i] == '"')
			return 85;
		return 0;
	}
	if (i >= len || head[i] != '{')
		return 0;
	i = rk_skip_ws(head, len, i + 1);
	if (i >= len || head[i] != '"')
		return 0;
	for (n = 0, i++; i < len && n < 81 && is_hex(head + i, 1); i++)
		n++;
	if ((n != 64 && n != 80) || i >= len || head[i] != '"')
		return 0;
	i = rk_skip_ws(head, len, i + 1);
	if (i >= len || head[i] != ':')
		return 0;
	if (memmem(head, len, "\"integratedTime\"", 16) ||
	    memmem(head, len, "\"logID\"", 7))
		return 92;
	return 80;	/* a UUID-keyed map whose body fills the head */
}

const struct parser parser_rekor = {
	.name = "rekor",
	.desc = "Rekor v1 transparency-log entries: REST API responses "
	    "(by UUID, by log index, retrieve) and rekor-cli get output",
	.howto = "curl https://rekor.sigstore.dev/api/v1/log/entries/<uuid> "
	    "(or ?logIndex=<n>; POST .../entries/retrieve with the UUIDs "
	    "that rekor-cli search --public-key/--sha returns), or: "
	    "rekor-cli get --uuid <uuid> --format json",
	.kind = INPUT_JSON,
	.probe = rk_probe,
	.parse_json = rk_parse_json,
};
