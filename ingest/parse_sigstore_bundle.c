/* SPDX-License-Identifier: MIT */
/*
 * parse_sigstore_bundle.c - Sigstore bundles (formats.md H.3): the
 * protobuf dev.sigstore.bundle.v1.Bundle in proto3 JSON (*.sigstore.json,
 * *.sigstore, cosign sign-blob --bundle with the new bundle format, gh
 * attestation download, npm/PyPI provenance), media types
 * "application/vnd.dev.sigstore.bundle+json;version=0.1" / 0.2 and
 * "application/vnd.dev.sigstore.bundle.v0.3+json", and cosign's older
 * bundle {"base64Signature","cert","rekorBundle":{"SignedEntryTimestamp",
 * "Payload":{"body","integratedTime","logIndex","logID"}}}.
 *
 * A real bundle (sigstore-java's bundle-with-timestamp.sigstore, shortened):
 *   {"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json",
 *    "verificationMaterial":{"tlogEntries":[{"logIndex":"42526129",
 *     "logId":{"keyId":"0y8wo8MtY5wrdiIFohx7sHeI5oKDpK5vQhGHI6G+pJY="},
 *     "kindVersion":{"kind":"hashedrekord","version":"0.0.1"},
 *     "integratedTime":"1747928754","inclusionPromise":{
 *     "signedEntryTimestamp":"MEUCIQDb..."},"inclusionProof":{"logIndex":
 *     "10843717","rootHash":"RHR6sLAc...","treeSize":"10843718","hashes":
 *     ["7detk7zc...",...],"checkpoint":{"envelope":"rekor.sigstage.dev -
 *     8202293616175992157\n10843718\nRHR6..."}},"canonicalizedBody":
 *     "eyJhcGlWZXJzaW9uIjoiMC4wLjEi..."}],"timestampVerificationData":{
 *     "rfc3161Timestamps":[{"signedTimestamp":"MIIC1DADAgEAMIIC..."}]},
 *     "certificate":{"rawBytes":"MIICzjCCAlOgAwIBAgIU..."}},
 *    "messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":
 *     "oM/HEnHW4njlfNMy/5V8P3BD/do1TEy7GQow1W76Ab8="},"signature":"MEUC..."}}
 *
 * Mapping: one event per tlogEntries[] element, action tlog.entry,
 * operation "rekor:<kind>", source "rekor" and native_id the RFC 6962
 * leaf hash of canonicalizedBody, which is the Rekor v1 UUID and so the
 * rekor parser's native_id: an entry seen in a bundle and in an API
 * response is one event (attrs.log_entry keeps "<logId hex>#<logIndex>",
 * attrs.from "sigstore bundle").  ts = integratedTime (coarse); Rekor v2 entries have
 * none, and then the first RFC 3161 genTime is used (attrs.ts_source).
 * The canonicalized body gives kind, digest, signature and key as in
 * parse_rekor.c; then the bundle's own material: messageDigest (base64,
 * normalised to "sha256:<hex>"; attrs.digest_matches_log when the body
 * has one too), the DSSE payload's in-toto subjects (digest, artifact),
 * the certificate (v0.3 certificate, v0.1/0.2 x509CertificateChain: its
 * leaf) or public-key hint (attrs.key_hint; cosign's hint is base64 of
 * the SHA-256 of the key's DER SubjectPublicKeyInfo, compared with the
 * logged key as attrs.key_hint_matches_log), with attrs.bundle_key_
 * matches_log when the bundle's certificate is not the logged key.  A
 * certificate's Fulcio extensions and SAN give actor, repo, ref,
 * commit_sha, run_ref, runner.  inclusion = "verified" / "failed" /
 * "absent" from inclusionProof (base64 hashes and rootHash, its own
 * shard-local logIndex) over canonicalizedBody; checkpoint as in
 * sigstore_util.h; set = "set_unverified" with an inclusionPromise (the
 * log's key is not in the bundle) or "absent".  attrs.rfc3161_count and
 * attrs.rfc3161 (genTime, serial, policy of each token, read with the
 * OpenSSL TS API; their signatures are not checked here).  The artifact,
 * when the bundle names none, is the file name without .sigstore.json,
 * .sigstore or .bundle (cosign's naming; attrs.artifact_src).
 *
 * A bundle without tlog entries (GitHub's private-repository
 * attestations, cosign --tlog-upload=false) proves a signature was
 * published but logs nothing: it gives one event, action
 * publish.signature, operation "sigstore:bundle", native_id
 * "bundle:<SHA-256 of the signature bytes>", ts the RFC 3161 genTime if
 * any.  Correlation treats it as a published signature that needs a
 * signing record.
 *
 * Scope: all in scope.  Quarantined: no mediaType of a bundle, no
 * verificationMaterial, neither messageSignature nor dsseEnvelope, a tlog
 * entry without logId, logIndex or a body that decodes to an entry.
 * Unsupported: checking signatures, the SET, checkpoint signatures and
 * the RFC 3161 token signatures (no trust roots in a bundle).
 */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "digest.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "sigstore_util.h"
#include "timeutil.h"
#include "xalloc.h"

#define SB_MAXENTRIES 1024

/* What the bundle says besides its tlog entries, shared by its events. */
struct sb_bundle {
	const char	*media_type;
	char		*version;		/* "0.1" ... */
	const char	*format;		/* "bundle", "cosign-bundle" */
	const json_t	*material;		/* verificationMaterial */
	const char	*cert_b64;		/* leaf certificate, DER b64 */
	const char	*cert_pem_b64;		/* cosign: base64 of PEM */
	int		 chain;			/* certificates in the chain */
	const char	*key_hint;
	char		*msg_digest;		/* messageDigest, normalised */
	const char	*signature;
	const char	*dsse_payload;		/* base64 in-toto statement */
	const char	*payload_type;
	json_t		*tsa;			/* rfc3161 info objects */
	int64_t		 tsa_us;		/* first genTime */
	unsigned	 tsa_flags;
	char		*artifact;		/* from the file name */
};

static void
sb_release(struct sb_bundle *b)
{
	free(b->version);
	free(b->msg_digest);
	free(b->artifact);
	json_decref(b->tsa);
}

/* "x.tar.gz.sigstore.json" -> "x.tar.gz" (cosign's naming), or NULL. */
static char *
sb_artifact_from_name(const char *name)
{
	static const char *const sfx[] = { ".sigstore.json", ".sigstore",
	    ".bundle", NULL };
	const char *base;
	size_t n, i, s;

	if (name == NULL)
		return NULL;
	base = strrchr(name, '/');
	base = base ? base + 1 : name;
	n = strlen(base);
	for (i = 0; sfx[i]; i++) {
		s = strlen(sfx[i]);
		if (n > s && strcmp(base + n - s, sfx[i]) == 0)
			return xstrndup(base, n - s);
	}
	return NULL;
}

/* "...+json;version=0.2" -> "0.2", "...bundle.v0.3+json" -> "0.3". */
static char *
sb_version(const char *mt)
{
	const char *p = strstr(mt, "version=");
	size_t n;

	if (p)
		return xstrdup(p + 8);
	if ((p = strstr(mt, "bundle.v")) != NULL) {
		p += 8;
		n = strcspn(p, "+;");
		return n ? xstrndup(p, n) : NULL;
	}
	return NULL;
}

/* timestampVerificationData.rfc3161Timestamps[] */
static void
sb_timestamps(struct sb_bundle *b)
{
	const json_t *arr = jpath(b->material,
	    "timestampVerificationData.rfc3161Timestamps"), *t;
	unsigned char *der;
	const char *s;
	json_t *info;
	int64_t us;
	unsigned flags;
	size_t i, n;

	b->tsa_us = EVENT_NO_TIME;
	if (!json_is_array(arr))
		return;
	b->tsa = json_array();
	json_array_foreach(arr, i, t) {
		s = jstr(t, "signedTimestamp");
		der = s ? b64_decode(s, strlen(s), &n) : NULL;
		if (der && sg_rfc3161(der, n, &us, &flags, &info) == 0) {
			if (b->tsa_us == EVENT_NO_TIME) {
				b->tsa_us = us;
				b->tsa_flags = flags;
			}
		} else {
			info = json_pack("{s:s}", "error", "signedTimestamp "
			    "is not an RFC 3161 response or token");
		}
		json_array_append_new(b->tsa, info);
		free(der);
	}
}

/* The key material, the content and the timestamps of a v0.x bundle. */
static enum parse_rc
sb_read_bundle(const json_t *rec, const char *name, struct sb_bundle *b,
    struct diag *d)
{
	const json_t *ms = jobj(rec, "messageSignature");
	const json_t *dsse = jobj(rec, "dsseEnvelope"), *certs;
	const char *alg, *dg;
	unsigned char *raw;
	size_t n;

	b->format = "bundle";
	b->version = sb_version(b->media_type);
	if ((b->material = jobj(rec, "verificationMaterial")) == NULL)
		return diag_set(d, "bundle has no verificationMaterial object");
	b->cert_b64 = jpath_str(b->material, "certificate.rawBytes");
	certs = jpath(b->material, "x509CertificateChain.certificates");
	if (b->cert_b64 == NULL && json_is_array(certs)) {
		b->cert_b64 = jstr(json_array_get(certs, 0), "rawBytes");
		b->chain = (int)json_array_size(certs);
	}
	b->key_hint = jpath_str(b->material, "publicKey.hint");
	if (ms) {
		b->signature = jstr(ms, "signature");
		alg = jpath_str(ms, "messageDigest.algorithm");
		dg = jpath_str(ms, "messageDigest.digest");
		if (dg) {
			raw = b64_decode(dg, strlen(dg), &n);
			b->msg_digest = raw ? sg_digest_raw(alg, raw, n) : NULL;
			free(raw);
			if (b->msg_digest == NULL)
				return diag_set(d, "messageSignature."
				    "messageDigest: '%.80s' is not a base64 "
				    "%.20s digest", dg, alg ? alg : "(none)");
		}
	} else if (dsse) {
		b->dsse_payload = jstr(dsse, "payload");
		b->payload_type = jstr(dsse, "payloadType");
		b->signature = jstr(json_array_get(json_object_get(dsse,
		    "signatures"), 0), "sig");
	} else {
		return diag_set(d, "bundle has neither messageSignature nor "
		    "dsseEnvelope");
	}
	sb_timestamps(b);
	b->artifact = sb_artifact_from_name(name);
	return PARSE_OK;
}

/* The bundle's own key material, compared with what the log holds. */
static void
sb_material(struct event *ev, const struct sb_bundle *b)
{
	struct event tmp;
	const char *why, *logged = ev->key_ref;
	unsigned char *raw, *h;
	size_t n, hn;
	char *hex;

	event_init(&tmp);
	if (b->cert_b64 || b->cert_pem_b64) {
		if (sg_map_key_b64(logged ? &tmp : ev, b->cert_b64 ?
		    b->cert_b64 : b->cert_pem_b64, &why) < 0)
			event_attr_str(ev, "bundle_key_error", why);
		else if (logged && tmp.key_ref)
			event_attr(ev, "bundle_key_matches_log", json_boolean(
			    strcmp(tmp.key_ref, logged) == 0));
		if (b->chain > 1)
			event_attr(ev, "chain_length", json_integer(b->chain));
	}
	event_clear(&tmp);
	if (b->key_hint == NULL)
		return;
	event_attr_str(ev, "key_hint", b->key_hint);
	/* cosign: base64(SHA-256(DER SPKI)); some clients: that in hex */
	h = b64_decode(b->key_hint, strlen(b->key_hint), &hn);
	raw = NULL;
	if (h && hn == SG_HASHLEN) {
		raw = h;
		h = NULL;
	} else if (strlen(b->key_hint) == 2 * SG_HASHLEN) {
		raw = xmalloc(SG_HASHLEN);
		if (sg_hex_decode(b->key_hint, 2 * SG_HASHLEN, raw,
		    SG_HASHLEN) < 0) {
			free(raw);
			raw = NULL;
		}
	}
	free(h);
	if (raw == NULL)
		return;
	hex = hex_string(raw, SG_HASHLEN);
	n = strlen("spki-sha256:");
	if (ev->key_ref && strncmp(ev->key_ref, "spki-sha256:", n) == 0)
		event_attr(ev, "key_hint_matches_log", json_boolean(
		    strcmp(ev->key_ref + n, hex) == 0));
	free(hex);
	free(raw);
}

/* What every event of the bundle carries; the digest from the bundle. */
static void
sb_common(struct event *ev, const struct sb_bundle *b)
{
	unsigned char *p;
	size_t n;

	if (b->msg_digest) {
		if (ev->digest)
			event_attr(ev, "digest_matches_log", json_boolean(
			    strcmp(ev->digest, b->msg_digest) == 0));
		else
			event_set(&ev->digest, b->msg_digest);
	}
	if (b->dsse_payload &&
	    (p = b64_decode(b->dsse_payload, strlen(b->dsse_payload),
	    &n)) != NULL) {
		sg_map_statement(ev, p, n);
		free(p);
	}
	event_attr_str(ev, "payload_type", b->payload_type);
	if (ev->artifact == NULL && b->artifact) {
		event_set(&ev->artifact, b->artifact);
		event_attr_str(ev, "artifact_src", "file-name");
	}
	if (jstr(ev->attrs, "signature") == NULL)
		event_attr_str(ev, "signature", b->signature);
	event_attr_str(ev, "media_type", b->media_type);
	event_attr_str(ev, "bundle_version", b->version);
	event_attr_str(ev, "format", b->format);
	if (b->tsa) {
		event_attr(ev, "rfc3161_count",
		    json_integer((json_int_t)json_array_size(b->tsa)));
		event_attr(ev, "rfc3161", json_deep_copy(b->tsa));
	}
}

static void
sb_time(struct event *ev, uint64_t t, const struct sb_bundle *b)
{
	char raw[32];

	if (t > 0 && t <= (uint64_t)INT64_MAX &&
	    ts_from_epoch_int((int64_t)t, TS_SEC, &ev->ts_us) == 0) {
		ev->ts_flags = TS_COARSE;
		snprintf(raw, sizeof(raw), "%llu", (unsigned long long)t);
		event_set(&ev->ts_raw, raw);
		event_attr_str(ev, "ts_source", "integratedTime");
	} else if (b->tsa_us != EVENT_NO_TIME) {
		ev->ts_us = b->tsa_us;
		ev->ts_flags = b->tsa_flags;
		event_set(&ev->ts_raw, jstr(json_array_get(b->tsa, 0),
		    "gen_time"));
		event_attr_str(ev, "ts_source", "rfc3161");
	}
}

/* inclusionProof (base64 hashes) over the leaf hash. */
static void
sb_proof(struct event *ev, const json_t *ip,
    const unsigned char leaf[SG_HASHLEN])
{
	unsigned char root[SG_HASHLEN], (*path)[SG_HASHLEN] = NULL, *r;
	const json_t *hashes = json_object_get(ip, "hashes"), *h;
	const char *rh = jstr(ip, "rootHash"), *why = NULL;
	uint64_t index = 0, size = 0;
	size_t i, n = 0, rn = 0;
	char *hex;

	if (ip == NULL) {
		event_attr_str(ev, "inclusion", "absent");
		return;
	}
	r = rh ? b64_decode(rh, strlen(rh), &rn) : NULL;
	if (r && rn == SG_HASHLEN)
		memcpy(root, r, SG_HASHLEN);
	free(r);
	if (sg_proof_start(ev, ip, rn != SG_HASHLEN ? "inclusionProof.rootHash "
	    "is not a base64 SHA-256" : NULL, &index, &size, &n) < 0)
		return;
	hex = hex_string(root, SG_HASHLEN);
	event_attr_str(ev, "root_hash", hex);
	free(hex);
	path = xcalloc(n ? n : 1, sizeof(*path));
	json_array_foreach(hashes, i, h) {
		const char *s = json_string_value(h);

		r = s ? b64_decode(s, strlen(s), &rn) : NULL;
		if (r && rn == SG_HASHLEN)
			memcpy(path[i], r, SG_HASHLEN);
		else
			why = "inclusionProof.hashes holds a value that is "
			    "not a base64 SHA-256";
		free(r);
	}
	if (why == NULL && sg_merkle_verify(leaf, index, size,
	    (const unsigned char (*)[SG_HASHLEN])path, n, root, &why))
		event_attr_str(ev, "inclusion", "verified");
	else
		sg_inclusion_failed(ev, why);
	free(path);
	sg_checkpoint(ev, jpath_str(ip, "checkpoint.envelope"), size, root);
}

/* The body bytes into ev: kind, digest, key; leaf hash into leaf. */
static enum parse_rc
sb_body(struct event *ev, const char *b64, const char *where,
    unsigned char leaf[SG_HASHLEN], struct diag *d)
{
	unsigned char *body;
	json_error_t jerr;
	json_t *bj;
	size_t n;
	char *hex;
	int rc;

	if (b64 == NULL)
		return diag_set(d, "%s has no body", where);
	if ((body = b64_decode(b64, strlen(b64), &n)) == NULL)
		return diag_set(d, "%s: body is not base64", where);
	sg_leaf_hash(body, n, leaf);
	bj = json_loadb((const char *)body, n, JSON_REJECT_DUPLICATES, &jerr);
	free(body);
	if (bj == NULL)
		return diag_set(d, "%s: body is not JSON: %s", where,
		    jerr.text);
	rc = sg_map_body(ev, bj, d);
	if (rc == PARSE_OK)
		ev->operation = xasprintf("rekor:%s", jstr(bj, "kind"));
	json_decref(bj);
	if (rc != PARSE_OK) {
		/* name the entry: sg_map_body's message lacks it */
		char msg[sizeof(d->msg)];

		memcpy(msg, d->msg, sizeof(msg));
		return diag_set(d, "%s: %s", where, msg);
	}
	hex = hex_string(leaf, SG_HASHLEN);
	event_attr_str(ev, "leaf_hash", hex);
	free(hex);
	return PARSE_OK;
}

/* tlogEntries[i] into ev. */
static enum parse_rc
sb_entry(const json_t *te, size_t i, const struct sb_bundle *b,
    struct event *ev, struct diag *d)
{
	const char *kid = jpath_str(te, "logId.keyId");
	unsigned char leaf[SG_HASHLEN], *raw;
	char where[48], *logid, *nid;
	uint64_t idx, t = 0;
	size_t n;

	snprintf(where, sizeof(where), "tlogEntries[%zu]", i);
	if (!json_is_object(te))
		return diag_set(d, "%s is not an object", where);
	n = 0;
	raw = kid ? b64_decode(kid, strlen(kid), &n) : NULL;
	if (raw == NULL || n == 0) {
		free(raw);
		return diag_set(d, "%s: logId.keyId is missing or not base64",
		    where);
	}
	logid = hex_string(raw, n);
	free(raw);
	if (sg_json_u64(json_object_get(te, "logIndex"), &idx) < 0) {
		free(logid);
		return diag_set(d, "%s: logIndex is missing or not a number",
		    where);
	}
	if (json_object_get(te, "integratedTime") &&
	    sg_json_u64(json_object_get(te, "integratedTime"), &t) < 0) {
		free(logid);
		return diag_set(d, "%s: integratedTime is not a number",
		    where);
	}
	/*
	 * The same log entry as the Rekor API gives it: source "rekor" and
	 * the Rekor UUID (the leaf hash) as id, so that an entry seen both
	 * in a bundle and in an API response is one event.
	 */
	ev->source = "rekor";
	ev->action = "tlog.entry";
	nid = xasprintf("%s#%llu", logid, (unsigned long long)idx);
	event_attr_str(ev, "log_entry", nid);
	free(nid);
	event_attr_str(ev, "log_id", logid);
	event_attr_str(ev, "from", "sigstore bundle");
	free(logid);
	if (sb_body(ev, jstr(te, "canonicalizedBody"), where, leaf, d) !=
	    PARSE_OK)
		return PARSE_ERR;
	nid = hex_string(leaf, SG_HASHLEN);
	event_set(&ev->native_id, nid);
	free(nid);
	event_attr(ev, "log_index", sg_json_uint(idx));
	event_attr(ev, "integrated_time", sg_json_uint(t));
	sb_time(ev, t, b);
	sb_proof(ev, json_object_get(te, "inclusionProof"), leaf);
	event_attr_str(ev, "set", jpath_str(te,
	    "inclusionPromise.signedEntryTimestamp") ? "set_unverified" :
	    "absent");
	sb_material(ev, b);
	sb_common(ev, b);
	return PARSE_OK;
}

/* A bundle with no log entry: a published signature (see the top). */
static enum parse_rc
sb_unlogged(const struct sb_bundle *b, struct event *ev, struct diag *d)
{
	unsigned char *sig;
	char hex[SHA256_HEXLEN], *nid;
	size_t n;
	int ok;

	n = 0;
	sig = b->signature ? b64_decode(b->signature,
	    strlen(b->signature), &n) : NULL;
	if (sig == NULL || n == 0) {
		free(sig);
		return diag_set(d, "bundle has no tlog entry and no base64 "
		    "signature");
	}
	ok = sha256_hex(sig, n, hex) == 0;
	free(sig);
	if (!ok)
		return diag_set(d, "SHA-256 unavailable");
	nid = xasprintf("bundle:%s", hex);
	ev->source = "sigstore_bundle";
	ev->action = "publish.signature";
	ev->operation = xstrdup("sigstore:bundle");
	event_set(&ev->native_id, nid);
	free(nid);
	sb_time(ev, 0, b);
	event_attr(ev, "tlog_entries", json_integer(0));
	sb_material(ev, b);
	sb_common(ev, b);
	return PARSE_OK;
}

static enum parse_rc
sb_emit_all(struct event *evs, size_t n, struct parse_ctx *pc)
{
	enum parse_rc rc = PARSE_OK;
	size_t i;

	for (i = 0; i < n; i++) {
		if (rc == PARSE_OK && pc->emit(pc->emit_arg, &evs[i]) < 0)
			rc = PARSE_FATAL;
		event_clear(&evs[i]);
	}
	free(evs);
	return rc;
}

/*
 * The bundle's RFC 3161 tokens go the way standalone tokens go: each is
 * parsed by the rfc3161 parser into its own pki.timestamp event, whose
 * raw record is the token's DER (so derive_timestamps verifies it like
 * any other token, and the same token from a .tsr file is one event).
 */
static enum parse_rc
sb_emit_tokens(const struct sb_bundle *b, struct parse_ctx *pc)
{
	const json_t *arr = jpath(b->material,
	    "timestampVerificationData.rfc3161Timestamps"), *t;
	struct event tev;
	struct diag d;
	unsigned char *der;
	const char *s;
	enum parse_rc rc;
	size_t i, n;

	json_array_foreach(arr, i, t) {
		s = jstr(t, "signedTimestamp");
		der = s ? b64_decode(s, strlen(s), &n) : NULL;
		if (der == NULL)
			continue;	/* noted in attrs.rfc3161 */
		event_init(&tev);
		tev.raw = der;
		tev.raw_len = n;
		diag_clear(&d);
		rc = parser_rfc3161.parse_blob(der, n, pc, &tev, &d);
		event_clear(&tev);
		free(der);
		if (rc == PARSE_FATAL)
			return PARSE_FATAL;
	}
	return PARSE_OK;
}

static enum parse_rc
sb_bundle(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	struct sb_bundle b;
	const json_t *tl, *te;
	struct event *evs;
	size_t n, i;
	enum parse_rc rc;

	memset(&b, 0, sizeof(b));
	b.media_type = jstr(rec, "mediaType");
	if (strstr(b.media_type, "application/vnd.dev.sigstore.bundle") ==
	    NULL)
		return diag_set(d, "mediaType '%.100s' is not a Sigstore "
		    "bundle", b.media_type);
	if ((rc = sb_read_bundle(rec, pc->name, &b, d)) != PARSE_OK)
		goto out;
	tl = json_object_get(b.material, "tlogEntries");
	if (tl && !json_is_array(tl)) {
		rc = diag_set(d, "verificationMaterial.tlogEntries is not an "
		    "array");
		goto out;
	}
	n = json_array_size(tl);
	if (n == 0) {
		rc = sb_unlogged(&b, ev, d);
		if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
			rc = PARSE_FATAL;
		if (rc == PARSE_OK)
			rc = sb_emit_tokens(&b, pc);
		goto out;
	}
	if (n > SB_MAXENTRIES) {
		rc = diag_set(d, "bundle holds %zu tlog entries (at most %d)",
		    n, SB_MAXENTRIES);
		goto out;
	}
	evs = xcalloc(n, sizeof(*evs));
	for (i = 0; i < n; i++)
		event_init(&evs[i]);
	json_array_foreach(tl, i, te) {
		evs[i].raw = ev->raw;
		evs[i].raw_len = ev->raw_len;
		if ((rc = sb_entry(te, i, &b, &evs[i], d)) != PARSE_OK) {
			for (i = 0; i < n; i++)
				event_clear(&evs[i]);
			free(evs);
			goto out;
		}
	}
	rc = sb_emit_all(evs, n, pc);
	if (rc == PARSE_OK)
		rc = sb_emit_tokens(&b, pc);
out:
	sb_release(&b);
	return rc;
}

/* cosign's own bundle format (cosign sign-blob --bundle before v3). */
static enum parse_rc
sb_cosign(const json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *rb = jobj(rec, "rekorBundle");
	const json_t *pl = jobj(rb, "Payload");
	const char *logid = jstr(pl, "logID");
	unsigned char leaf[SG_HASHLEN];
	struct sb_bundle b;
	uint64_t idx, t;
	char *nid;
	enum parse_rc rc;

	memset(&b, 0, sizeof(b));
	b.format = "cosign-bundle";
	b.signature = jstr(rec, "base64Signature");
	b.cert_pem_b64 = jstr(rec, "cert");
	b.tsa_us = EVENT_NO_TIME;
	b.artifact = sb_artifact_from_name(pc->name);
	if (rb == NULL) {
		rc = sb_unlogged(&b, ev, d);
		goto emit;
	}
	if (pl == NULL || logid == NULL ||
	    sg_json_u64(json_object_get(pl, "logIndex"), &idx) < 0 ||
	    sg_json_u64(json_object_get(pl, "integratedTime"), &t) < 0) {
		rc = diag_set(d, "rekorBundle.Payload lacks logID, logIndex "
		    "or integratedTime");
		goto out;
	}
	ev->source = "rekor";	/* the log's entry: see sb_entry() */
	ev->action = "tlog.entry";
	nid = xasprintf("%s#%llu", logid, (unsigned long long)idx);
	event_attr_str(ev, "log_entry", nid);
	free(nid);
	event_attr_str(ev, "from", "cosign bundle");
	if ((rc = sb_body(ev, jstr(pl, "body"), "rekorBundle.Payload", leaf,
	    d)) != PARSE_OK)
		goto out;
	nid = hex_string(leaf, SG_HASHLEN);
	event_set(&ev->native_id, nid);
	free(nid);
	event_attr_str(ev, "log_id", logid);
	event_attr(ev, "log_index", sg_json_uint(idx));
	event_attr(ev, "integrated_time", sg_json_uint(t));
	sb_time(ev, t, &b);
	event_attr_str(ev, "inclusion", "absent");
	event_attr_str(ev, "set", jstr(rb, "SignedEntryTimestamp") ?
	    "set_unverified" : "absent");
	sb_material(ev, &b);
	sb_common(ev, &b);
emit:
	if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
		rc = PARSE_FATAL;
out:
	sb_release(&b);
	return rc;
}

static enum parse_rc
sb_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (jstr(rec, "mediaType"))
		return sb_bundle(rec, pc, ev, d);
	if (json_object_get(rec, "rekorBundle") ||
	    jstr(rec, "base64Signature"))
		return sb_cosign(rec, pc, ev, d);
	return diag_set(d, "not a Sigstore bundle: no mediaType string");
}

static int
sb_probe(const char *head, size_t len, const char *name)
{
	if (memmem(head, len, "application/vnd.dev.sigstore.bundle", 35) &&
	    memmem(head, len, "\"mediaType\"", 11))
		return 95;
	if (memmem(head, len, "\"rekorBundle\"", 13) &&
	    memmem(head, len, "\"base64Signature\"", 17))
		return 90;
	if (memmem(head, len, "\"verificationMaterial\"", 22) &&
	    (memmem(head, len, "\"messageSignature\"", 18) ||
	    memmem(head, len, "\"dsseEnvelope\"", 14)))
		return 85;
	return 0;
}

const struct parser parser_sigstore_bundle = {
	.name = "sigstore_bundle",
	.desc = "Sigstore bundles v0.1-v0.3 (*.sigstore.json, *.sigstore) "
	    "and cosign --bundle files: tlog entries, certificates, "
	    "RFC 3161 timestamps",
	.howto = "the bundle next to the artifact (cosign sign-blob "
	    "--bundle x.sigstore.json, a release asset), or: gh attestation "
	    "download <artifact> -R <owner/repo>",
	.kind = INPUT_JSON,
	.probe = sb_probe,
	.parse_json = sb_parse_json,
};
