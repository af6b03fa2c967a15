/* SPDX-License-Identifier: MIT */
/*
 * test_parse_sigstore_bundle.c - unit tests of the Sigstore bundle parser
 * (ingest/parse_sigstore_bundle.c): bundles of every media type built at
 * run time around a Fulcio-like certificate and an RFC 3161 token made
 * here with OpenSSL (fixed genTime), with an inclusion proof computed by
 * the recursive definitions of RFC 6962; the variants an investigator
 * meets (certificate, chain, public-key hint, DSSE, Rekor v2 entries
 * timed by their TSA token, no tlog entry, cosign's older bundle) and one
 * mutation per way a bundle can be broken; probes; the emit failure path;
 * and the real bundles of ../shared/corpus/rekor/bundles.
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
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"

#include "helpers.h"


static const struct parser *const P = &parser_sigstore_bundle;
static const struct suite S = { .p = &parser_sigstore_bundle,
    .flags = S_PLAIN };

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

static const char PUB_PEM[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOuVHLpPQLEnX2Fx/fy9ZCcivxYO2\n"
    "zuxGtmFrEFhmskh1tv6d51DY6+kG9uatsxqdN1UMkRRl6GRW4M8sGYd4zA==\n"
    "-----END PUBLIC KEY-----\n";
#define PUB_SPKI "a98889079b54b6e9647fae66008b563376e4bf78b8637b66d38395ab" \
    "3740d2b2"
#define PUB_REF "spki-sha256:" PUB_SPKI
#define DIGEST "bfa7a7e4f77550077f8d09078b3f94a860b6694eb1c8326500d0e14c" \
    "4267cd4c"
#define OTHER "0000a7e4f77550077f8d09078b3f94a860b6694eb1c8326500d0e14c" \
    "4267cd4c"
#define LOGID "440e5ba37080da5ced7797c68ca0fc7599054e5bddda59ea97a18fd3" \
    "26f36d5e"
#define NID_A LOGID "#1423345922"
#define WF "https://github.com/acme/widget/.github/workflows/release.yml" \
    "@refs/tags/v2.4.1"
#define COMMIT "6871de16297ac5c9fce0b0e056e8091c1d466686"
#define SIG "MEUCIQDdTx7yhwb0Z8uQ5u5O3v6X3o9ZqB2yFh0jX1v0p5n0UwIgE5q3q7K" \
    "8kQ2mZ2qjQY0m1X4r3Fz5o8r1p6cQ2n8z7Ck="
#define FILE_NAME "dist/widget-linux-amd64.tar.gz.sigstore.json"

static int
hexdec(const char *s, unsigned char *out, size_t n)
{
	size_t i;
	unsigned int v;

	for (i = 0; i < n; i++) {
		if (sscanf(s + 2 * i, "%2x", &v) != 1)
			return -1;
		out[i] = (unsigned char)v;
	}
	return 0;
}

/* The Fulcio-like certificate, PEM and DER (base64), and its key id. */
static char *cert_pem, *cert_der_b64, cert_ref[80];
/* An RFC 3161 TimeStampResp, base64, genTime 2026-11-03T15:12:11.25Z. */
static char *tsa_b64;

static X509 *
new_cert(EVP_PKEY *k, const char *cn)
{
	X509 *x = X509_new();
	X509_NAME *nm;

	assert_non_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 0x5c24db5d);
	ASN1_TIME_set_string_X509(X509_getm_notBefore(x), "20261103151206Z");
	ASN1_TIME_set_string_X509(X509_getm_notAfter(x), "20261103152206Z");
	nm = X509_get_issuer_name(x);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, nm);
	X509_set_pubkey(x, k);
	return x;
}

static void
make_cert(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = new_cert(k, "sigstore-intermediate");
	X509_EXTENSION *e;
	BIO *bio = BIO_new(BIO_s_mem());
	unsigned char *der = NULL, h[32];
	char *data;
	long n;
	int len;

	e = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, "URI:" WF);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	cert_add_ext(x, "1.3.6.1.4.1.57264.1.8",
	    "https://token.actions.githubusercontent.com", 0);
	cert_add_ext(x, "1.3.6.1.4.1.57264.1.12",
	    "https://github.com/acme/widget",
	    0);
	cert_add_ext(x, "1.3.6.1.4.1.57264.1.13", COMMIT, 0);
	cert_add_ext(x, "1.3.6.1.4.1.57264.1.14", "refs/tags/v2.4.1", 0);
	cert_add_ext(x, "1.3.6.1.4.1.57264.1.21",
	    "https://github.com/acme/widget/"
	    "actions/runs/11873645201/attempts/1", 0);
	assert_true(X509_sign(x, k, EVP_sha256()) > 0);
	PEM_write_bio_X509(bio, x);
	n = BIO_get_mem_data(bio, &data);
	cert_pem = strndup(data, (size_t)n);
	len = i2d_X509(x, &der);
	cert_der_b64 = b64enc(der, (size_t)len);
	OPENSSL_free(der);
	der = NULL;
	len = i2d_PUBKEY(k, &der);
	sha256_parts(h, der, (size_t)len, NULL, 0, NULL, 0);
	snprintf(cert_ref, sizeof(cert_ref), "spki-sha256:");
	hexenc(h, 32, cert_ref + 12);
	OPENSSL_free(der);
	BIO_free(bio);
	X509_free(x);
	EVP_PKEY_free(k);
}

static int
tsa_time(TS_RESP_CTX *ctx, void *data, long *sec, long *usec)
{
	*sec = 1793718731;	/* 2026-11-03T15:12:11Z */
	*usec = 250000;
	return 1;
}

static void
make_tsa(void)
{
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = new_cert(k, "Test TSA");
	X509_EXTENSION *e;
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	ASN1_OBJECT *pol = OBJ_txt2obj("1.2.3.4.1", 1);
	unsigned char imprint[32], *der = NULL;
	TS_RESP *resp;
	BIO *in;
	int len;

	e = X509V3_EXT_conf_nid(NULL, NULL, NID_ext_key_usage,
	    "critical,timeStamping");
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	assert_true(X509_sign(x, k, EVP_sha256()) > 0);
	assert_int_equal(hexdec(DIGEST, imprint, 32), 0);
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, alg);
	TS_MSG_IMPRINT_set_msg(mi, imprint, 32);
	TS_REQ_set_version(req, 1);
	TS_REQ_set_msg_imprint(req, mi);
	TS_REQ_set_cert_req(req, 1);
	len = i2d_TS_REQ(req, &der);
	assert_true(len > 0);
	in = BIO_new_mem_buf(der, len);
	TS_RESP_CTX_set_signer_cert(ctx, x);
	TS_RESP_CTX_set_signer_key(ctx, k);
	TS_RESP_CTX_set_def_policy(ctx, pol);
	TS_RESP_CTX_add_md(ctx, EVP_sha256());
	TS_RESP_CTX_set_time_cb(ctx, tsa_time, NULL);
	TS_RESP_CTX_set_clock_precision_digits(ctx, 3);
	resp = TS_RESP_create_response(ctx, in);
	assert_non_null(resp);
	assert_non_null(TS_RESP_get_tst_info(resp));
	OPENSSL_free(der);
	der = NULL;
	len = i2d_TS_RESP(resp, &der);
	tsa_b64 = b64enc(der, (size_t)len);
	OPENSSL_free(der);
	TS_RESP_free(resp);
	BIO_free(in);
	ASN1_OBJECT_free(pol);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
	TS_RESP_CTX_free(ctx);
	X509_free(x);
	EVP_PKEY_free(k);
}

/* ------------------------------------------------------------------ */
/* Capturing events                                                    */


#define CERT_REF "\x03" "cert"
#define SIG_NID	"\x03" "signature id"

/* ------------------------------------------------------------------ */
/* Building bundles                                                    */

enum mt { MT_V03, MT_V01, MT_V02 };
enum mat { M_CERT, M_CHAIN, M_HINT, M_HINT_OTHER, M_NONE };
enum content { C_MSG, C_DSSE };
enum tlog { T_ONE, T_TWO, T_NONE, T_V2, T_LEGACY, T_LEGACY_NOTLOG };
enum proof { P_OK, P_NONE, P_TAMPER };
enum mutation { MU_NONE, MU_NO_VM, MU_NO_CONTENT, MU_TLOG_NOT_ARRAY,
    MU_NO_LOGID, MU_BAD_LOGINDEX, MU_BODY_NOT_B64, MU_BODY_NOT_ENTRY,
    MU_BAD_MSGDIGEST, MU_BAD_ITIME, MU_OTHER_MT, MU_NO_MT, MU_ENTRY_NOT_OBJ,
    MU_NO_SIG, MU_LEGACY_NO_INDEX, MU_OTHER_DIGEST, MU_ZERO_ITIME,
    MU_BAD_TOKEN };

struct brow {
	const char	*name;
	enum mt		 mt;
	enum mat	 mat;
	enum content	 content;
	enum tlog	 tlog;
	enum proof	 proof;
	int		 tsa;		/* RFC 3161 tokens */
	enum mutation	 mu;
	int		 rc;
	const char	*errmsg;
	int		 nev;		/* 0: 1 */
	const char	*action, *operation, *ts, *digest, *key_ref, *actor,
			*repo, *run_ref, *artifact, *native_id;
	struct attr_want attrs[12];
};

static const char STATEMENT[] =
    "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":"
    "\"widget-linux-amd64.tar.gz\",\"digest\":{\"sha256\":\"" DIGEST "\"}}],"
    "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{}}";

static char *
key_b64(enum mat m)
{
	const char *pem = (m == M_CERT || m == M_CHAIN) ? cert_pem : PUB_PEM;

	return b64enc(pem, strlen(pem));
}

/* The canonicalized body of one entry (new JSON text). */
static char *
body_text(const struct brow *r, const char *digest_hex)
{
	unsigned char raw[32], ph[32];
	char *key = key_b64(r->mat), *txt, *db, hex[65];
	json_t *b;

	if (r->tlog == T_V2) {
		assert_int_equal(hexdec(digest_hex, raw, 32), 0);
		db = b64enc(raw, 32);
		b = json_pack("{s:s, s:s, s:{s:{s:{s:s, s:s}, s:{s:s, s:{s:s, "
		    "s:{s:s}}}}}}", "apiVersion", "0.0.2", "kind",
		    "hashedrekord", "spec", "hashedRekordV002", "data",
		    "algorithm", "SHA2_256", "digest", db, "signature",
		    "content", SIG, "verifier", "keyDetails",
		    "PKIX_ECDSA_P256_SHA_256", "x509Certificate", "rawBytes",
		    cert_der_b64);
		free(db);
	} else if (r->content == C_DSSE) {
		sha256_parts(ph, STATEMENT, strlen(STATEMENT), NULL, 0, NULL,
		    0);
		hexenc(ph, 32, hex);
		b = json_pack("{s:s, s:s, s:{s:{s:s, s:s}, s:{s:s, s:s}, "
		    "s:[{s:s, s:s}]}}", "apiVersion", "0.0.1", "kind", "dsse",
		    "spec", "envelopeHash", "algorithm", "sha256", "value",
		    OTHER, "payloadHash", "algorithm", "sha256", "value", hex,
		    "signatures", "signature", SIG, "verifier", key);
	} else {
		b = json_pack("{s:s, s:s, s:{s:{s:{s:s, s:s}}, "
		    "s:{s:s, s:{s:s}}}}",
		    "apiVersion", "0.0.1", "kind", "hashedrekord", "spec",
		    "data", "hash", "algorithm", "sha256", "value", digest_hex,
		    "signature", "content", SIG, "publicKey", "content", key);
	}
	assert_non_null(b);
	txt = json_dumps(b, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(b);
	free(key);
	return txt;
}

/* One tlogEntries element: leaf index 2 of a 6-leaf tree. */
static json_t *
tlog_entry(const struct brow *r, int nth)
{
	unsigned char leaves[6][32], root[32], path[8][32];
	char *body = body_text(r, DIGEST), *bb, *rb, *kid, cp[512], idx[32];
	unsigned char logid[32];
	json_t *e, *hashes, *ip;
	size_t i, np;

	for (i = 0; i < 6; i++)
		sha256_parts(leaves[i], "filler", 6, &i, sizeof(i), NULL, 0);
	sha256_parts(leaves[2], "\x00", 1, body, strlen(body), NULL, 0);
	merkle_root(leaves, 6, root);
	np = merkle_path(2, leaves, 6, path);
	hashes = json_array();
	for (i = 0; i < np; i++) {
		char *h = b64enc(path[i], 32);

		json_array_append_new(hashes, json_string(h));
		free(h);
	}
	if (r->proof == P_TAMPER) {
		char *t = body_text(r, OTHER);

		free(body);
		body = t;
	}
	bb = b64enc(body, strlen(body));
	rb = b64enc(root, 32);
	assert_int_equal(hexdec(LOGID, logid, 32), 0);
	kid = b64enc(logid, 32);
	snprintf(cp, sizeof(cp), "rekor.sigstore.dev - 7829340419325764712\n6"
	    "\n%s\n\n\xe2\x80\x94 rekor.sigstore.dev RA5bo3BEAiA=\n", rb);
	snprintf(idx, sizeof(idx), "%d", 1423345922 + nth);
	ip = json_pack("{s:s, s:s, s:s, s:o, s:{s:s}}", "logIndex", "2",
	    "rootHash", rb, "treeSize", "6", "hashes", hashes, "checkpoint",
	    "envelope", cp);
	e = json_pack("{s:s, s:{s:s}, s:{s:s, s:s}, s:s}", "logIndex", idx,
	    "logId", "keyId", kid, "kindVersion", "kind",
	    r->content == C_DSSE ? "dsse" : "hashedrekord", "version",
	    r->tlog == T_V2 ? "0.0.2" : "0.0.1", "canonicalizedBody", bb);
	if (r->tlog != T_V2) {
		json_object_set_new(e, "integratedTime",
		    json_string("1793718729"));
		json_object_set_new(e, "inclusionPromise", json_pack("{s:s}",
		    "signedEntryTimestamp", "MEUCIQCZMr4LibVmhOnozEWAUVot"));
	}
	if (r->proof != P_NONE)
		json_object_set_new(e, "inclusionProof", ip);
	else
		json_decref(ip);
	free(body);
	free(bb);
	free(rb);
	free(kid);
	return e;
}

static json_t *
legacy_bundle(const struct brow *r)
{
	char *body = body_text(r, DIGEST), *bb = b64enc(body, strlen(body));
	char *pem = key_b64(M_CERT);
	json_t *b;

	b = json_pack("{s:s, s:s}", "base64Signature", SIG, "cert", pem);
	if (r->tlog == T_LEGACY)
		json_object_set_new(b, "rekorBundle", json_pack("{s:s, s:{s:s, "
		    "s:I, s:I, s:s}}", "SignedEntryTimestamp", "MEUCIQ==",
		    "Payload", "body", bb, "integratedTime",
		    (json_int_t)1793718729, "logIndex", (json_int_t)1423345922,
		    "logID", LOGID));
	free(body);
	free(bb);
	free(pem);
	return b;
}

static json_t *
bundle(const struct brow *r)
{
	static const char *const mts[] = {
		"application/vnd.dev.sigstore.bundle.v0.3+json",
		"application/vnd.dev.sigstore.bundle+json;version=0.1",
		"application/vnd.dev.sigstore.bundle+json;version=0.2",
	};
	unsigned char raw[32], h[32], *der = NULL;
	json_t *b, *vm, *tl, *ts;
	char *s;
	int i;

	if (r->tlog == T_LEGACY || r->tlog == T_LEGACY_NOTLOG)
		return legacy_bundle(r);
	vm = json_object();
	if (r->mat == M_CERT)
		json_object_set_new(vm, "certificate", json_pack("{s:s}",
		    "rawBytes", cert_der_b64));
	else if (r->mat == M_CHAIN)
		json_object_set_new(vm, "x509CertificateChain", json_pack(
		    "{s:[{s:s}, {s:s}]}", "certificates", "rawBytes",
		    cert_der_b64, "rawBytes", cert_der_b64));
	else if (r->mat == M_HINT || r->mat == M_HINT_OTHER) {
		BIO *bio = BIO_new_mem_buf(PUB_PEM, -1);
		EVP_PKEY *k = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
		int len = i2d_PUBKEY(k, &der);

		sha256_parts(h, der, (size_t)len, NULL, 0, NULL, 0);
		if (r->mat == M_HINT_OTHER)
			h[0] ^= 1;
		s = b64enc(h, 32);
		json_object_set_new(vm, "publicKey", json_pack("{s:s}",
		    "hint", s));
		free(s);
		OPENSSL_free(der);
		EVP_PKEY_free(k);
		BIO_free(bio);
	}
	if (r->tlog != T_NONE) {
		tl = json_array();
		for (i = 0; i < (r->tlog == T_TWO ? 2 : 1); i++)
			json_array_append_new(tl, tlog_entry(r, i));
		json_object_set_new(vm, "tlogEntries", tl);
	}
	if (r->tsa) {
		ts = json_array();
		for (i = 0; i < r->tsa; i++)
			json_array_append_new(ts, json_pack("{s:s}",
			    "signedTimestamp", r->mu == MU_BAD_TOKEN &&
			    i == 1 ? "MIIBAAAA" : tsa_b64));
		json_object_set_new(vm, "timestampVerificationData",
		    json_pack("{s:o}", "rfc3161Timestamps", ts));
	}
	b = json_pack("{s:s, s:o}", "mediaType", mts[r->mt],
	    "verificationMaterial", vm);
	if (r->content == C_DSSE) {
		s = b64enc(STATEMENT, strlen(STATEMENT));
		json_object_set_new(b, "dsseEnvelope", json_pack("{s:s, s:s, "
		    "s:[{s:s, s:s}]}", "payload", s, "payloadType",
		    "application/vnd.in-toto+json", "signatures", "sig", SIG,
		    "keyid", ""));
		free(s);
	} else {
		assert_int_equal(hexdec(r->mu == MU_OTHER_DIGEST ? OTHER :
		    DIGEST, raw, 32), 0);
		s = b64enc(raw, 32);
		json_object_set_new(b, "messageSignature", json_pack("{s:{s:s, "
		    "s:s}, s:s}", "messageDigest", "algorithm", "SHA2_256",
		    "digest", s, "signature", SIG));
		free(s);
	}
	return b;
}

static json_t *
first_entry(json_t *b)
{
	return json_array_get(jpath(b, "verificationMaterial.tlogEntries"), 0);
}

static void
mutate(const struct brow *r, json_t **bp)
{
	json_t *b = *bp, *e = first_entry(b);

	switch (r->mu) {
	case MU_NONE:
	case MU_OTHER_DIGEST:
	case MU_BAD_TOKEN:
		break;
	case MU_NO_VM:
		json_object_del(b, "verificationMaterial");
		break;
	case MU_NO_CONTENT:
		json_object_del(b, "messageSignature");
		json_object_del(b, "dsseEnvelope");
		break;
	case MU_TLOG_NOT_ARRAY:
		json_object_set_new(json_object_get(b, "verificationMaterial"),
		    "tlogEntries", json_string("x"));
		break;
	case MU_NO_LOGID:
		json_object_del(e, "logId");
		break;
	case MU_BAD_LOGINDEX:
		json_object_set_new(e, "logIndex", json_string("12x"));
		break;
	case MU_BODY_NOT_B64:
		json_object_set_new(e, "canonicalizedBody", json_string("@@"));
		break;
	case MU_BODY_NOT_ENTRY:
		json_object_set_new(e, "canonicalizedBody",
		    json_string("eyJ4IjoxfQ=="));
		break;
	case MU_BAD_MSGDIGEST:
		json_object_set_new(json_object_get(json_object_get(b,
		    "messageSignature"), "messageDigest"), "digest",
		    json_string("AAAA"));
		break;
	case MU_BAD_ITIME:
		json_object_set_new(e, "integratedTime", json_string("later"));
		break;
	case MU_ZERO_ITIME:
		json_object_set_new(e, "integratedTime", json_string("0"));
		break;
	case MU_OTHER_MT:
		json_object_set_new(b, "mediaType",
		    json_string("application/vnd.cncf.notary.signature"));
		break;
	case MU_NO_MT:
		json_decref(b);
		*bp = json_pack("{s:i}", "foo", 1);
		break;
	case MU_ENTRY_NOT_OBJ:
		json_array_set_new(json_object_get(json_object_get(b,
		    "verificationMaterial"), "tlogEntries"), 0,
		    json_integer(3));
		break;
	case MU_NO_SIG:
		json_object_del(json_object_get(b, "messageSignature"),
		    "signature");
		break;
	case MU_LEGACY_NO_INDEX:
		json_object_del(json_object_get(json_object_get(b,
		    "rekorBundle"), "Payload"), "logIndex");
		break;
	}
}

/* The publish.signature id: SHA-256 of the signature bytes. */
static void
sig_nid(char *out, size_t outsz)
{
	unsigned char raw[128], h[32];
	int n = EVP_DecodeBlock(raw, (const unsigned char *)SIG,
	    (int)strlen(SIG));
	char hex[65];

	assert_true(n > 0);
	/* EVP_DecodeBlock counts the padding bytes as data */
	n -= (int)(strlen(SIG) - strcspn(SIG, "="));
	sha256_parts(h, raw, (size_t)n, NULL, 0, NULL, 0);
	hexenc(h, 32, hex);
	snprintf(out, outsz, "bundle:%s", hex);
}

/* ------------------------------------------------------------------ */
/* The table                                                           */

#define BAD(nm, mu_, msg) { .name = nm, .mu = mu_, .rc = PARSE_ERR, \
	.errmsg = msg }

static const struct brow rows[] = {
	{ "v0.3 bundle, Fulcio certificate, message signature", MT_V03,
	    M_CERT, C_MSG, T_ONE, P_OK, 0, MU_NONE, PARSE_OK, NULL, 0,
	    "tlog.entry", "rekor:hashedrekord", "2026-11-03T15:12:09Z",
	    "sha256:" DIGEST, CERT_REF, WF, "acme/widget", "11873645201",
	    "widget-linux-amd64.tar.gz", NID_A,
	    { { "inclusion", "verified" }, { "checkpoint", "consistent" },
	      { "set", "set_unverified" }, { "leaf_hash", ANY },
	      { "digest_matches_log", "true" },
	      { "bundle_key_matches_log", "true" },
	      { "bundle_version", "0.3" }, { "format", "bundle" },
	      { "log_index", "1423345922" }, { "log_id", LOGID },
	      { "artifact_src", "file-name" },
	      { "ts_source", "integratedTime" } } },
	{ "v0.1 bundle with a certificate chain", MT_V01, M_CHAIN, C_MSG,
	    T_ONE, P_OK, 0, MU_NONE, PARSE_OK, NULL, 0, "tlog.entry",
	    "rekor:hashedrekord", "2026-11-03T15:12:09Z", "sha256:" DIGEST,
	    CERT_REF, WF, "acme/widget", "11873645201", ANY, NID_A,
	    { { "bundle_version", "0.1" }, { "chain_length", "2" },
	      { "inclusion", "verified" } } },
	{ "v0.2 bundle", MT_V02, M_CHAIN, C_MSG, T_ONE, P_OK, 0, MU_NONE,
	    PARSE_OK, NULL, 0, "tlog.entry", "rekor:hashedrekord", ANY,
	    "sha256:" DIGEST, CERT_REF, WF, "acme/widget", "11873645201", ANY,
	    NID_A, { { "bundle_version", "0.2" } } },
	{ "public-key hint (cosign with a KMS key)", MT_V03, M_HINT, C_MSG,
	    T_ONE, P_OK, 0, MU_NONE, PARSE_OK, NULL, 0, "tlog.entry",
	    "rekor:hashedrekord", "2026-11-03T15:12:09Z", "sha256:" DIGEST,
	    PUB_REF, NULL, NULL, NULL, ANY, NID_A,
	    { { "key_hint_matches_log", "true" }, { "key_hint", ANY },
	      { "public_key.spki_sha256", PUB_SPKI },
	      { "bundle_key_matches_log", ABSENT } } },
	{ "hint of another key", MT_V03, M_HINT_OTHER, C_MSG, T_ONE, P_OK, 0,
	    MU_NONE, PARSE_OK, NULL, 0, "tlog.entry", ANY, ANY,
	    "sha256:" DIGEST, PUB_REF, NULL, NULL, NULL, ANY, NID_A,
	    { { "key_hint_matches_log", "false" } } },
	{ "tampered canonicalizedBody", MT_V03, M_HINT, C_MSG, T_ONE,
	    P_TAMPER, 0, MU_NONE, PARSE_OK, NULL, 0, "tlog.entry", ANY, ANY,
	    "sha256:" OTHER, PUB_REF, NULL, NULL, NULL, ANY, NID_A,
	    { { "inclusion", "failed" },
	      { "inclusion_error", "computed root differs from rootHash" },
	      { "digest_matches_log", "false" } } },
	{ "message digest of another artifact", MT_V03, M_HINT, C_MSG, T_ONE,
	    P_OK, 0, MU_OTHER_DIGEST, PARSE_OK, NULL, 0, "tlog.entry", ANY,
	    ANY, "sha256:" DIGEST, PUB_REF, NULL, NULL, NULL, ANY, NID_A,
	    { { "digest_matches_log", "false" },
	      { "inclusion", "verified" } } },
	{ "no inclusion proof", MT_V03, M_CERT, C_MSG, T_ONE, P_NONE, 0,
	    MU_NONE, PARSE_OK, NULL, 0, "tlog.entry", ANY, ANY,
	    "sha256:" DIGEST, CERT_REF, WF, ANY, ANY, ANY, NID_A,
	    { { "inclusion", "absent" }, { "set", "set_unverified" } } },
	{ "DSSE envelope: the subject is the artifact", MT_V03, M_CERT,
	    C_DSSE, T_ONE, P_OK, 0, MU_NONE, PARSE_OK, NULL, 0, "tlog.entry",
	    "rekor:dsse", "2026-11-03T15:12:09Z", "sha256:" DIGEST, CERT_REF,
	    WF, "acme/widget", "11873645201", "widget-linux-amd64.tar.gz",
	    NID_A,
	    { { "payload_type", "application/vnd.in-toto+json" },
	      { "payload_hash", ANY }, { "subject_count", "1" },
	      { "predicate_type", "https://slsa.dev/provenance/v1" },
	      { "artifact_src", ABSENT }, { "inclusion", "verified" },
	      { "signature", SIG } } },
	{ "Rekor v2 entry timed by its RFC 3161 token", MT_V03, M_CERT, C_MSG,
	    T_V2, P_OK, 1, MU_NONE, PARSE_OK, NULL, 0, "tlog.entry",
	    "rekor:hashedrekord", "2026-11-03T15:12:11.250000Z",
	    "sha256:" DIGEST, CERT_REF, WF, "acme/widget", "11873645201", ANY,
	    NID_A,
	    { { "ts_source", "rfc3161" }, { "rfc3161_count", "1" },
	      { "rfc3161.0.gen_time", "2026-11-03T15:12:11.250000Z" },
	      { "rfc3161.0.policy", "1.2.3.4.1" },
	      { "rfc3161.0.hash_algorithm", "sha256" },
	      { "set", "absent" }, { "inclusion", "verified" },
	      { "kind_version", "0.0.2" },
	      { "key_details", "PKIX_ECDSA_P256_SHA_256" },
	      { "digest_matches_log", "true" } } },
	{ "integratedTime 0 and a token", MT_V03, M_CERT, C_MSG, T_ONE, P_OK,
	    1, MU_ZERO_ITIME, PARSE_OK, NULL, 0, "tlog.entry", ANY,
	    "2026-11-03T15:12:11.250000Z", ANY, ANY, ANY, ANY, ANY, ANY, NID_A,
	    { { "ts_source", "rfc3161" } } },
	{ "a token that does not parse", MT_V03, M_CERT, C_MSG, T_ONE, P_OK, 2,
	    MU_BAD_TOKEN, PARSE_OK, NULL, 0, "tlog.entry", ANY,
	    "2026-11-03T15:12:09Z", ANY, ANY, ANY, ANY, ANY, ANY, NID_A,
	    { { "rfc3161_count", "2" }, { "rfc3161.1.error", ANY },
	      { "rfc3161.0.serial", ANY } } },
	{ "two tlog entries", MT_V03, M_CERT, C_MSG, T_TWO, P_OK, 0, MU_NONE,
	    PARSE_OK, NULL, 2, "tlog.entry", ANY, ANY, "sha256:" DIGEST,
	    CERT_REF, WF, ANY, ANY, ANY, ANY,
	    { { "inclusion", "verified" } } },
	{ "no tlog entry: a published signature", MT_V03, M_CERT, C_MSG,
	    T_NONE, P_OK, 1, MU_NONE, PARSE_OK, NULL, 0, "publish.signature",
	    "sigstore:bundle", "2026-11-03T15:12:11.250000Z", "sha256:" DIGEST,
	    CERT_REF, WF, "acme/widget", "11873645201", ANY, SIG_NID,
	    { { "tlog_entries", "0" }, { "inclusion", ABSENT },
	      { "rfc3161_count", "1" } } },
	{ "no tlog entry and no time", MT_V03, M_HINT, C_DSSE, T_NONE, P_OK,
	    0, MU_NONE, PARSE_OK, NULL, 0, "publish.signature",
	    "sigstore:bundle", NULL, "sha256:" DIGEST, NULL, NULL, NULL, NULL,
	    "widget-linux-amd64.tar.gz", SIG_NID,
	    { { "key_hint", ANY }, { "payload_type", ANY } } },
	{ "cosign's older bundle", MT_V03, M_CERT, C_MSG, T_LEGACY, P_OK, 0,
	    MU_NONE, PARSE_OK, NULL, 0, "tlog.entry", "rekor:hashedrekord",
	    "2026-11-03T15:12:09Z", "sha256:" DIGEST, CERT_REF, WF,
	    "acme/widget", "11873645201", "widget-linux-amd64.tar.gz", NID_A,
	    { { "format", "cosign-bundle" }, { "inclusion", "absent" },
	      { "set", "set_unverified" }, { "log_id", LOGID },
	      { "signature", SIG } } },
	{ "cosign's older bundle without a log entry", MT_V03, M_CERT, C_MSG,
	    T_LEGACY_NOTLOG, P_OK, 0, MU_NONE, PARSE_OK, NULL, 0,
	    "publish.signature", "sigstore:bundle", NULL, NULL, CERT_REF, WF,
	    "acme/widget", "11873645201", ANY, SIG_NID,
	    { { "format", "cosign-bundle" } } },
	/* malformed */
	BAD("mediaType of something else", MU_OTHER_MT,
	    "mediaType 'application/vnd.cncf.notary.signature' is not a "
	    "Sigstore bundle"),
	BAD("no mediaType", MU_NO_MT, "not a Sigstore bundle: no mediaType"),
	BAD("no verificationMaterial", MU_NO_VM,
	    "bundle has no verificationMaterial object"),
	BAD("no content", MU_NO_CONTENT,
	    "bundle has neither messageSignature nor dsseEnvelope"),
	BAD("tlogEntries not an array", MU_TLOG_NOT_ARRAY,
	    "verificationMaterial.tlogEntries is not an array"),
	BAD("tlog entry not an object", MU_ENTRY_NOT_OBJ,
	    "tlogEntries[0] is not an object"),
	BAD("tlog entry without logId", MU_NO_LOGID,
	    "tlogEntries[0]: logId.keyId is missing or not base64"),
	BAD("logIndex not a number", MU_BAD_LOGINDEX,
	    "tlogEntries[0]: logIndex is missing or not a number"),
	BAD("integratedTime not a number", MU_BAD_ITIME,
	    "tlogEntries[0]: integratedTime is not a number"),
	BAD("canonicalizedBody not base64", MU_BODY_NOT_B64,
	    "tlogEntries[0]: body is not base64"),
	BAD("canonicalizedBody not an entry", MU_BODY_NOT_ENTRY,
	    "tlogEntries[0]: entry body has no kind"),
	BAD("messageDigest not a SHA-256", MU_BAD_MSGDIGEST,
	    "messageSignature.messageDigest: 'AAAA' is not a base64 SHA2_256 "
	    "digest"),
	{ .name = "no tlog entry and no signature", .tlog = T_NONE,
	    .mu = MU_NO_SIG, .rc = PARSE_ERR,
	    .errmsg = "bundle has no tlog entry and no base64 signature" },
	{ .name = "older bundle without logIndex", .tlog = T_LEGACY,
	    .mu = MU_LEGACY_NO_INDEX, .rc = PARSE_ERR,
	    .errmsg = "rekorBundle.Payload lacks logID, logIndex or "
	    "integratedTime" },
};

static const struct brow *
find_row(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	fail_msg("no row '%s'", name);
	return NULL;
}

static void
check_bundle_event(const struct brow *r, const struct evcopy *e, int k)
{
	char when[TS_BUFSZ], nid[80];
	const char *want;
	size_t i;

	/* log entries are the log's: source rekor, id the leaf hash */
	check_str(r->name, "source", r->action && strcmp(r->action,
	    "tlog.entry") == 0 ? "rekor" : "sigstore_bundle", e->source);
	check_str(r->name, "action", r->action, e->action);
	check_str(r->name, "operation", r->operation, e->operation);
	check_str(r->name, "digest", r->digest, e->digest);
	want = r->key_ref && strcmp(r->key_ref, CERT_REF) == 0 ? cert_ref :
	    r->key_ref;
	check_str(r->name, "key_ref", want, e->key_ref);
	check_str(r->name, "actor", r->actor, e->actor);
	check_str(r->name, "repo", r->repo, e->repo);
	check_str(r->name, "run_ref", r->run_ref, e->run_ref);
	check_str(r->name, "artifact", r->artifact, e->artifact);
	if (r->key_ref && strcmp(r->key_ref, CERT_REF) == 0)
		check_str(r->name, "commit_sha", COMMIT, e->commit_sha);
	want = r->native_id;
	if (want && strcmp(want, SIG_NID) == 0) {
		sig_nid(nid, sizeof(nid));
		want = nid;
	} else if (want && strcmp(want, ANY) == 0) {
		snprintf(nid, sizeof(nid), "%s#%d", LOGID, 1423345922 + k);
		want = nid;
	}
	if (want && strchr(want, '#') && r->action &&
	    strcmp(r->action, "tlog.entry") == 0) {
		char *le = attr_text(e->attrs, "log_entry");
		char *lh = attr_text(e->attrs, "leaf_hash");

		check_str(r->name, "attrs.log_entry", want, le);
		check_str(r->name, "native_id (the leaf hash)", lh,
		    e->native_id);
		free(le);
		free(lh);
	} else {
		check_str(r->name, "native_id", want, e->native_id);
	}
	if (r->ts == NULL) {
		if (e->ts_us != EVENT_NO_TIME)
			bad("%s: a time where none was expected", r->name);
	} else if (strcmp(r->ts, ANY) != 0) {
		check_str(r->name, "ts", r->ts, e->ts_us == EVENT_NO_TIME ?
		    NULL : ts_format(e->ts_us, when));
		if (e->ts_raw == NULL)
			bad("%s: no ts_raw", r->name);
	}
	for (i = 0; i < NELEM(r->attrs) && r->attrs[i].path; i++) {
		const struct attr_want *w = &r->attrs[i];
		char *got = attr_text(e->attrs, w->path), what[96];

		snprintf(what, sizeof(what), "attrs.%s", w->path);
		check_str(r->name, what, strcmp(w->val, ABSENT) == 0 ? NULL :
		    w->val, got);
		free(got);
	}
}

static void
test_rows(void **state)
{
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		const struct brow *r = &rows[i];
		json_t *b = bundle(r), *rec, *before;
		char *text;
		json_error_t jerr;
		struct capture c;
		struct diag d;
		enum parse_rc rc;
		int want_n = r->nev ? r->nev : 1;

		mutate(r, &b);
		text = json_dumps(b, JSON_COMPACT);
		json_decref(b);
		rec = json_load_record(text, strlen(text), &jerr);
		assert_non_null(rec);
		before = json_deep_copy(rec);
		memset(&c, 0, sizeof(c));
		c.other_sources = 1;
		rc = run_item(P, text, FILE_NAME, NULL, 0, &c, &d);
		if ((int)rc != r->rc) {
			bad("%s: want %s, got %s (%s)", r->name,
			    rc_name(r->rc), rc_name(rc), d.msg);
		} else if (rc == PARSE_ERR) {
			if (r->errmsg && strstr(d.msg, r->errmsg) == NULL)
				bad("%s: message \"%s\" lacks \"%s\"", r->name,
				    d.msg, r->errmsg);
			if (c.n)
				bad("%s: PARSE_ERR after %d events", r->name,
				    c.n);
		} else {
			/* the bundle's RFC 3161 tokens come as pki.timestamp */
			int nsig = 0, nts = 0;

			for (k = 0; k < c.n; k++) {
				if (c.ev[k].action && strcmp(c.ev[k].action,
				    "pki.timestamp") == 0) {
					nts++;
					continue;
				}
				check_bundle_event(r, &c.ev[k], nsig++);
			}
			if (nsig != want_n)
				bad("%s: %d signature events, want %d",
				    r->name, nsig, want_n);
			if (strstr(r->name, "timed by its RFC 3161 token") &&
			    nts != 1)
				bad("%s: %d pki.timestamp events, want 1",
				    r->name, nts);
		}
		if (!json_equal(rec, before))
			bad("%s: the parser changed the record", r->name);
		capture_free(&c);
		json_decref(before);
		json_decref(rec);
		free(text);
	}
	end_test("rows");
}

static void
test_emit_failure(void **state)
{
	static const char *const names[] = {
		"v0.3 bundle, Fulcio certificate, message signature",
		"two tlog entries",
		"no tlog entry: a published signature",
		"cosign's older bundle",
	};
	struct capture c;
	struct diag d;
	json_error_t jerr;
	json_t *b, *rec;
	char *text;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(names); i++) {
		b = bundle(find_row(names[i]));
		text = json_dumps(b, JSON_COMPACT);
		json_decref(b);
		rec = json_load_record(text, strlen(text), &jerr);
		memset(&c, 0, sizeof(c));
		c.other_sources = 1;
		c.fail = 1;
		assert_int_equal(run_item(P, text, FILE_NAME, NULL, 0, &c, &d),
		    PARSE_FATAL);
		json_decref(rec);
		free(text);
	}
}

/* ------------------------------------------------------------------ */
/* Probe                                                               */

static const struct probe_row probe_rows[] = {
	{ "v0.3", NULL,
	    "{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3"
	    "+json\",\"verificationMaterial\":{}}", "x.sigstore.json", 95, 95,
	    DETECT_IF_CLAIMED },
	{ "v0.1", NULL,
	    "{\n \"mediaType\": \"application/vnd.dev.sigstore.bundle+"
	    "json;version=0.1\"", "x.sigstore.json", 95, 95,
	    DETECT_IF_CLAIMED },
	{ "cosign bundle", NULL,
	    "{\"base64Signature\":\"MEUC\",\"cert\":\"LS0t\","
	    "\"rekorBundle\":{}}", "x.sigstore.json", 90, 90,
	    DETECT_IF_CLAIMED },
	{ "bundle without mediaType", NULL, "{\"verificationMaterial\":{},"
	    "\"messageSignature\":{}}", "x.sigstore.json", 85, 85,
	    DETECT_IF_CLAIMED },
	{ "Rekor API entry", NULL,
	    "{\"ac3650aee1c1b3821211cf07067c1a118d0a7f86867bb"
	    "b1df340cb8fc9c221af\":{\"body\":\"eyJh\",\"logID\":\"d3\"}}",
	    "x.sigstore.json",
	    0, 0, DETECT_IF_CLAIMED },
	{ "mediaType of a notary signature", NULL,
	    "{\"mediaType\":\"application/"
	    "vnd.cncf.notary.signature\"}", "x.sigstore.json", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "empty", NULL, "", "x.sigstore.json", 0, 0, DETECT_IF_CLAIMED },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("sigstore_bundle"), P);
	assert_int_equal(P->kind, INPUT_JSON);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

static struct {
	const char	*file, *what, *want;
	int		 seen;
} facts[] = {
	{ "sigstore-python.Python-3.12.5.tgz.sigstore", "actor",
	    "thomas@python.org", 0 },
	{ "sigstore-python.Python-3.12.5.tgz.sigstore", "bundle_version",
	    "0.1", 0 },
	{ "sigstore-python.Python-3.12.5.tgz.sigstore", "digest",
	    "sha256:38dc4e2c261d49c661196066edbfb70fdb16be4a79cc8220c224dfeb56"
	    "36d405", 0 },
	{ "sigstore-python.bundle_v3_github.whl.sigstore", "run_ref",
	    "8351058501", 0 },
	{ "sigstore-python.bundle_v3_github.whl.sigstore", "repo",
	    "trailofbits/rfc8785.py", 0 },
	{ "sigstore-python.bundle_v3_github.whl.sigstore", "bundle_version",
	    "0.2", 0 },
	{ "sigstore-python.staging-rekor-v2.txt.sigstore.json", "ts_source",
	    "rfc3161", 0 },
	{ "sigstore-python.staging-rekor-v2.txt.sigstore.json", "native_id",
	    "f30d5a999d92e662484244263f174cb8eacbfe8264bc583d32741799e3825dc9"
	    "#645", 0 },
	{ "sigstore-python.tsa-bundle.txt.sigstore", "rfc3161_count", "2",
	    0 },
	{ "sigstore-java.github-private-no-tlog.attestation.sigstore.json",
	    "action", "publish.signature", 0 },
	{ "sigstore-java.github-private-no-tlog.attestation.sigstore.json",
	    "ts_source", "rfc3161", 0 },
	{ "cli.sigstore-js-2.1.0-bundle.json", "digest",
	    "sha512:90f223f992e4c88dd068cd2a5fc57f9d2b30798343dd6e38f29c240e0"
	    "4ba090ef831f84490847c4e82b9232c78e8a258463b1e55c0f7469f730265008f"
	    "a6633f", 0 },
	{ "cli.reusable-workflow-attestation.sigstore.json", "operation",
	    "rekor:dsse", 0 },
	{ "sigstore-java.bundle.dsse.sigstore", "checkpoint", "consistent",
	    0 },
};

static void
check_fact(const char *file, const struct evcopy *e)
{
	size_t i;
	char *got;

	for (i = 0; i < NELEM(facts); i++) {
		if (strcmp(facts[i].file, file) != 0)
			continue;
		facts[i].seen++;
		if (strcmp(facts[i].what, "actor") == 0)
			check_str(file, "actor", facts[i].want, e->actor);
		else if (strcmp(facts[i].what, "digest") == 0)
			check_str(file, "digest", facts[i].want, e->digest);
		else if (strcmp(facts[i].what, "run_ref") == 0)
			check_str(file, "run_ref", facts[i].want, e->run_ref);
		else if (strcmp(facts[i].what, "repo") == 0)
			check_str(file, "repo", facts[i].want, e->repo);
		else if (strcmp(facts[i].what, "native_id") == 0) {
			/* "<log id>#<index>" now lives in attrs.log_entry */
			char *le = attr_text(e->attrs, "log_entry");

			check_str(file, "attrs.log_entry", facts[i].want, le);
			free(le);
		}
		else if (strcmp(facts[i].what, "action") == 0)
			check_str(file, "action", facts[i].want, e->action);
		else if (strcmp(facts[i].what, "operation") == 0)
			check_str(file, "operation", facts[i].want,
			    e->operation);
		else {
			got = attr_text(e->attrs, facts[i].what);
			check_str(file, facts[i].what, strcmp(facts[i].want,
			    ABSENT) == 0 ? NULL : facts[i].want, got);
			free(got);
		}
	}
}

struct corpus_count {
	int	files, events, tokens;
};

/* One bundle of the corpus: its tlog entry, its timestamp tokens. */
static void
corpus_bundle(void *arg, const char *path, const char *nm)
{
	struct corpus_count *cc = arg;
	struct capture c;
	struct diag d;
	char *text;
	json_t *rec;
	int k, rc;

	if ((rec = load_json_doc(path, nm, &text)) == NULL)
		return;
	cc->files++;
	if (P->probe(text, strlen(text), nm) < 85)
		bad("%s: probe %d", nm, P->probe(text, strlen(text), nm));
	memset(&c, 0, sizeof(c));
	c.other_sources = 1;
	rc = run_item(P, text, nm, NULL, 0, &c, &d);
	if (rc != PARSE_OK)
		bad("%s: %s (%s)", nm, rc_name(rc), d.msg);
	for (k = 0; k < c.n; k++) {
		const char *inc = jstr(c.ev[k].attrs, "inclusion");

		/* the bundle's RFC 3161 tokens: their own events */
		if (strcmp(c.ev[k].action, "pki.timestamp") == 0) {
			if (c.ev[k].native_id == NULL ||
			    c.ev[k].digest == NULL)
				bad("%s: incomplete token", nm);
			cc->tokens++;
			continue;
		}
		if (c.ev[k].native_id == NULL || c.ev[k].key_ref == NULL ||
		    c.ev[k].digest == NULL)
			bad("%s: incomplete event", nm);
		if (strcmp(c.ev[k].action, "tlog.entry") == 0 &&
		    (inc == NULL || strcmp(inc, "verified") != 0))
			bad("%s: inclusion %s", nm, inc ? inc : "NULL");
		check_fact(nm, &c.ev[k]);
		cc->events++;
	}
	capture_free(&c);
	free(text);
	json_decref(rec);
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root();
	struct corpus_count cc = { 0, 0, 0 };
	char dir[4096];
	size_t j;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/rekor/bundles", root ? root : ".");
	if (root == NULL || walk_files(dir, "", corpus_bundle, &cc) < 0) {
		print_message("corpus %s absent: test skipped\n", dir);
		skip();
	}
	print_message("corpus: %d bundles, %d events, %d timestamp tokens\n",
	    cc.files, cc.events, cc.tokens);
	assert_true(cc.files >= 9);
	assert_int_equal(cc.events, cc.files);
	assert_true(cc.tokens >= 2);
	for (j = 0; j < NELEM(facts); j++) {
		if (facts[j].seen != 1)
			bad("fact %s %s seen %d times", facts[j].file,
			    facts[j].what, facts[j].seen);
		facts[j].seen = 0;
	}
	end_test("corpus");
}

static int
setup(void **state)
{
	(void)state;
	make_cert();
	make_tsa();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(cert_pem);
	free(cert_der_b64);
	free(tsa_b64);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
