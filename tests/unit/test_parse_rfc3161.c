/* SPDX-License-Identifier: MIT */
/*
 * test_parse_rfc3161.c - unit tests of the RFC 3161 parser
 * (ingest/parse_rfc3161.c) and of the PKI derivation that checks tokens
 * and links revocations to keys (ingest/derive_pki.c,
 * ingest/derive_timestamps.c).
 *
 * A throw-away TSA is made for the run with OpenSSL's API (a CA, a TSA
 * certificate with the critical timeStamping EKU, TS_RESP_CTX with a
 * fixed clock and serial), so every token's genTime, serial and accuracy
 * are known.  The parser table covers responses, bare tokens, PEM,
 * tokens without certificates or TSA name, a rejection, a request
 * (non-event) and malformed input.  The derivation tests ingest tokens
 * into an in-memory case and run the derivations as ingest does: a
 * token is unverified without trust, verified with --tsa-ca or with the
 * TSA's CA ingested as evidence, stays verified, is checked at genTime
 * (an expired TSA certificate still vouches for its past tokens), and a
 * copy with one byte of its signature or of its imprint flipped is never
 * verified.  A CRL entry is linked to the key of the certificate it
 * revokes.  Last, the real tokens of ../shared/corpus/rfc3161.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sqlite3.h>

#include "derive.h"
#include "digest.h"
#include "err.h"
#include "event.h"
#include "parser.h"
#include "store.h"
#include "timeutil.h"

#include "helpers.h"


static const struct parser *const P = &parser_rfc3161;

/* ------------------------------------------------------------------ */
/* A throw-away PKI                                                    */

struct pki {
	EVP_PKEY	*ca_key, *tsa_key, *old_key, *other_key;
	X509		*ca, *tsa, *old_tsa, *other_ca, *ee;
	char		 ca_file[64], other_file[64];
	char		 tsa_fp[SHA256_HEXLEN], tsa_spki[SHA256_HEXLEN];
};

static struct pki K;

static void
add_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value);
	assert_non_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
}

/* A certificate for key, issued by issuer (itself when NULL). */
static X509 *
make_cert(const char *cn, EVP_PKEY *key, X509 *issuer, EVP_PKEY *ikey,
    long serial, const char *from, const char *to, int tsa)
{
	X509 *x = X509_new();
	X509_NAME *n = X509_NAME_new();
	ASN1_TIME *t = ASN1_TIME_new();

	X509_set_version(x, X509_VERSION_3);
	ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
	    (const unsigned char *)"Test Corp", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0);
	X509_set_subject_name(x, n);
	X509_set_issuer_name(x, issuer ? X509_get_subject_name(issuer) : n);
	ASN1_TIME_set_string(t, from);
	X509_set1_notBefore(x, t);
	ASN1_TIME_set_string(t, to);
	X509_set1_notAfter(x, t);
	X509_set_pubkey(x, key);
	if (issuer == NULL) {
		add_ext(x, x, NID_basic_constraints, "critical,CA:TRUE");
		add_ext(x, x, NID_key_usage, "critical,keyCertSign,cRLSign");
	} else if (tsa) {
		add_ext(x, issuer, NID_basic_constraints, "critical,CA:FALSE");
		add_ext(x, issuer, NID_key_usage, "critical,digitalSignature");
		add_ext(x, issuer, NID_ext_key_usage, "critical,timeStamping");
	} else {
		add_ext(x, issuer, NID_key_usage, "critical,digitalSignature");
		add_ext(x, issuer, NID_ext_key_usage, "codeSigning");
	}
	assert_true(X509_sign(x, ikey ? ikey : key, EVP_sha256()) > 0);
	X509_NAME_free(n);
	ASN1_TIME_free(t);
	return x;
}

static void
write_pem(char *path, X509 *x)
{
	int fd;
	FILE *f;

	snprintf(path, 64, "/tmp/test_rfc3161.XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	PEM_write_X509(f, x);
	fclose(f);
}

static int
setup(void **state)
{
	unsigned char *der = NULL;
	int n;

	K.ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	K.tsa_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	K.old_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	K.other_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!K.ca_key || !K.tsa_key || !K.old_key || !K.other_key)
		return -1;
	K.ca = make_cert("Test TSA CA", K.ca_key, NULL, NULL, 1,
	    "20190101000000Z", "20390101000000Z", 0);
	K.tsa = make_cert("Test TSA", K.tsa_key, K.ca, K.ca_key, 0x51,
	    "20260801000000Z", "20310801000000Z", 1);
	/* a TSA certificate that expired long ago */
	K.old_tsa = make_cert("Old TSA", K.old_key, K.ca, K.ca_key, 0x52,
	    "20200101000000Z", "20210101000000Z", 1);
	K.other_ca = make_cert("Other CA", K.other_key, NULL, NULL, 2,
	    "20190101000000Z", "20390101000000Z", 0);
	K.ee = make_cert("Test code signing", K.other_key, K.ca, K.ca_key,
	    0x4c1f, "20260901110000Z", "20270901110000Z", 0);
	write_pem(K.ca_file, K.ca);
	write_pem(K.other_file, K.other_ca);
	n = i2d_X509(K.tsa, &der);
	sha256_hex(der, (size_t)n, K.tsa_fp);
	OPENSSL_free(der);
	der = NULL;
	n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(K.tsa), &der);
	sha256_hex(der, (size_t)n, K.tsa_spki);
	OPENSSL_free(der);
	return 0;
}

static int
teardown(void **state)
{
	unlink(K.ca_file);
	unlink(K.other_file);
	X509_free(K.ca);
	X509_free(K.tsa);
	X509_free(K.old_tsa);
	X509_free(K.other_ca);
	X509_free(K.ee);
	EVP_PKEY_free(K.ca_key);
	EVP_PKEY_free(K.tsa_key);
	EVP_PKEY_free(K.old_key);
	EVP_PKEY_free(K.other_key);
	return 0;
}

/* What a token is made of. */
struct tok_spec {
	long		 sec, usec;	/* genTime (epoch) */
	int		 digits;	/* clock precision digits */
	int		 acc_s, acc_ms, acc_us;
	long		 serial;
	int		 cert_req, tsa_name, md5, old;
	const char	*data;		/* what is time-stamped */
};

static int
tok_time(struct TS_resp_ctx *ctx, void *arg, long *sec, long *usec)
{
	const struct tok_spec *s = arg;

	*sec = s->sec;
	*usec = s->usec;
	return 1;
}

static ASN1_INTEGER *
tok_serial(struct TS_resp_ctx *ctx, void *arg)
{
	const struct tok_spec *s = arg;
	ASN1_INTEGER *i = ASN1_INTEGER_new();

	ASN1_INTEGER_set(i, s->serial);
	return i;
}

/* A TimeStampResp for spec: DER (OPENSSL_free) and *len. */
static unsigned char *
make_resp(const struct tok_spec *s, size_t *len)
{
	TS_RESP_CTX *ctx = TS_RESP_CTX_new();
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	ASN1_INTEGER *nonce = ASN1_INTEGER_new();
	ASN1_OBJECT *pol = OBJ_txt2obj("2.999.3161.1", 1);
	STACK_OF(X509) *chain = sk_X509_new_null();
	unsigned char md[EVP_MAX_MD_SIZE], *der = NULL;
	unsigned mdlen;
	BIO *bio = BIO_new(BIO_s_mem());
	TS_RESP *resp;
	int n;

	EVP_Digest(s->data, strlen(s->data), md, &mdlen,
	    s->md5 ? EVP_md5() : EVP_sha256(), NULL);
	X509_ALGOR_set0(alg, OBJ_nid2obj(s->md5 ? NID_md5 : NID_sha256),
	    V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, alg);
	TS_MSG_IMPRINT_set_msg(mi, md, (int)mdlen);
	TS_REQ_set_version(req, 1);
	TS_REQ_set_msg_imprint(req, mi);
	ASN1_INTEGER_set(nonce, 0x1234abcd);
	TS_REQ_set_nonce(req, nonce);
	TS_REQ_set_cert_req(req, s->cert_req);
	i2d_TS_REQ_bio(bio, req);

	TS_RESP_CTX_set_signer_cert(ctx, s->old ? K.old_tsa : K.tsa);
	TS_RESP_CTX_set_signer_key(ctx, s->old ? K.old_key : K.tsa_key);
	sk_X509_push(chain, K.ca);
	TS_RESP_CTX_set_certs(ctx, chain);
	TS_RESP_CTX_set_def_policy(ctx, pol);
	TS_RESP_CTX_add_md(ctx, EVP_sha256());
	TS_RESP_CTX_set_accuracy(ctx, s->acc_s, s->acc_ms, s->acc_us);
	TS_RESP_CTX_set_clock_precision_digits(ctx, (unsigned)s->digits);
	TS_RESP_CTX_set_ess_cert_id_digest(ctx, EVP_sha256());
	if (s->tsa_name)
		TS_RESP_CTX_add_flags(ctx, TS_TSA_NAME);
	TS_RESP_CTX_set_time_cb(ctx, tok_time, (void *)s);
	TS_RESP_CTX_set_serial_cb(ctx, tok_serial, (void *)s);
	resp = TS_RESP_create_response(ctx, bio);
	assert_non_null(resp);
	n = i2d_TS_RESP(resp, &der);
	assert_true(n > 0);
	*len = (size_t)n;
	TS_RESP_free(resp);
	TS_RESP_CTX_free(ctx);
	TS_REQ_free(req);
	TS_MSG_IMPRINT_free(mi);
	X509_ALGOR_free(alg);
	ASN1_INTEGER_free(nonce);
	ASN1_OBJECT_free(pol);
	sk_X509_free(chain);
	BIO_free(bio);
	return der;
}

/* The bare token of a response (new DER). */
static unsigned char *
token_of(const unsigned char *resp, size_t len, size_t *out)
{
	const unsigned char *q = resp;
	TS_RESP *r = d2i_TS_RESP(NULL, &q, (long)len);
	unsigned char *der = NULL;
	int n;

	assert_non_null(r);
	n = i2d_PKCS7(TS_RESP_get_token(r), &der);
	assert_true(n > 0);
	*out = (size_t)n;
	TS_RESP_free(r);
	return der;
}

/* 2026-10-06T14:04:10Z */
#define T_REL	1791295450L
#define IMPRINT_OF_WIDGET \
	"d04faaa5208ad4fce4207c68b3cb21b4bb2353b9b7b077f04430aac545bc89e9"

static const struct tok_spec tok_main = {
	T_REL, 123456, 3, 1, 500, 0, 0x01a2f1, 1, 1, 0, 0, "widget v2.3.0"
};


/* ------------------------------------------------------------------ */
/* The parser                                                          */

enum shape { RESP, TOKEN, TOKEN_PEM, REQ };

struct prow {
	const char	*name;
	struct tok_spec	 tok;
	enum shape	 shape;
	enum parse_rc	 rc;
	int		 nev;
	const char	*x[36];
};

#define TSA_DN "CN=Test TSA,O=Test Corp"
#define CA_DN "CN=Test TSA CA,O=Test Corp"

static const struct prow rows[] = {
	{ .name = "response: cert, TSA name, millisecond clock, accuracy",
	  .tok = { T_REL, 123456, 3, 1, 500, 0, 0x01a2f1, 1, 1, 0, 0,
	    "widget v2.3.0" }, .shape = RESP, .rc = PARSE_OK, .nev = 1,
	  .x = { "source=rfc3161", "action=pki.timestamp",
	    "operation=rfc3161:TimeStampResp", "outcome=success",
	    "ts=2026-10-06T14:04:10.123000Z", "ts_raw=20261006140410.123Z",
	    "ts_flags=", "actor=" TSA_DN,
	    "digest=sha256:" IMPRINT_OF_WIDGET, "key_ref_src=tsa-cert",
	    "native_id~#01a2f1#", "attrs/status=granted", "attrs/version=1",
	    "attrs/policy=2.999.3161.1", "attrs/hash_algorithm=sha256",
	    "attrs/message_imprint=" IMPRINT_OF_WIDGET,
	    "attrs/serial=01a2f1", "attrs/gen_time=2026-10-06T14:04:10.123000Z",
	    "attrs/accuracy_us=1500000",
	    "attrs/gen_time_min=2026-10-06T14:04:08.623000Z",
	    "attrs/gen_time_max=2026-10-06T14:04:11.623000Z",
	    "attrs/ordering=false", "attrs/nonce=1234abcd",
	    "attrs/tsa=" TSA_DN, "attrs/signer_subject=" TSA_DN,
	    "attrs/signer_cn=Test TSA", "attrs/signer_issuer=" CA_DN,
	    "attrs/signer_serial=51", "attrs/certs_embedded=2",
	    "attrs/signer_digest_algorithm=SHA256",
	    "attrs/signature_algorithm~ecdsa", "attrs/verified=false",
	    "attrs/verify_error=not verified yet", "attrs/token_sha256~",
	    "!error_code" } },
	{ .name = "bare token of the same response",
	  .tok = { T_REL, 123456, 3, 1, 500, 0, 0x01a2f1, 1, 1, 0, 0,
	    "widget v2.3.0" }, .shape = TOKEN, .rc = PARSE_OK, .nev = 1,
	  .x = { "operation=rfc3161:TimeStampToken", "attrs/status=granted",
	    "attrs/encoding=der", "digest=sha256:" IMPRINT_OF_WIDGET } },
	{ .name = "PEM PKCS7 token, whole seconds, micros accuracy",
	  .tok = { T_REL, 0, 0, 0, 0, 250, 0x01a2f2, 1, 1, 0, 0,
	    "widget v2.3.0" }, .shape = TOKEN_PEM, .rc = PARSE_OK, .nev = 1,
	  .x = { "ts=2026-10-06T14:04:10Z", "ts_raw=20261006140410Z",
	    "ts_flags=coarse", "attrs/encoding=pem", "attrs/accuracy_us=250",
	    "attrs/serial=01a2f2" } },
	{ .name = "no certificate, TSA name: id from the name",
	  .tok = { T_REL, 0, 0, 1, 0, 0, 0x01a2f3, 0, 1, 0, 0, "x" },
	  .shape = RESP, .rc = PARSE_OK, .nev = 1,
	  .x = { "actor=" TSA_DN, "!key_ref", "attrs/certs_embedded=0",
	    "native_id~" TSA_DN "#01a2f3#", "!attrs/signer_subject",
	    "attrs/signer_issuer=" CA_DN } },
	{ .name = "neither certificate nor TSA name",
	  .tok = { T_REL, 0, 0, 1, 0, 0, 0x01a2f4, 0, 0, 0, 0, "x" },
	  .shape = RESP, .rc = PARSE_OK, .nev = 1,
	  .x = { "!actor", "!attrs/tsa", "native_id~" CA_DN "#51#01a2f4#" } },
	{ .name = "rejection: MD5 is not accepted",
	  .tok = { T_REL, 0, 0, 1, 0, 0, 0x01a2f5, 1, 1, 1, 0, "x" },
	  .shape = RESP, .rc = PARSE_OK, .nev = 1,
	  .x = { "outcome=failure", "error_code=rejection",
	    "error_message~badAlg", "attrs/failure_info=[\"badAlg\"]",
	    "attrs/status=rejection", "!ts", "!native_id", "!digest",
	    "attrs/verified=false",
	    "attrs/verify_error=no time-stamp token in the response" } },
	{ .name = "a request is not an event",
	  .tok = { T_REL, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0, "x" },
	  .shape = REQ, .rc = PARSE_NONEVENT, .nev = 0 },
};

/* The request a spec would send (new DER). */
static unsigned char *
make_req(size_t *len)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	unsigned char md[32] = { 1 }, *der = NULL;
	int n;

	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	TS_MSG_IMPRINT_set_algo(mi, alg);
	TS_MSG_IMPRINT_set_msg(mi, md, 32);
	TS_REQ_set_version(req, 1);
	TS_REQ_set_msg_imprint(req, mi);
	n = i2d_TS_REQ(req, &der);
	*len = (size_t)n;
	TS_REQ_free(req);
	TS_MSG_IMPRINT_free(mi);
	X509_ALGOR_free(alg);
	return der;
}

static unsigned char *
make_input(const struct prow *r, size_t *len)
{
	unsigned char *resp, *tok, *out;
	size_t rl, tl;
	BIO *bio;
	PKCS7 *p7;
	const unsigned char *q;
	char *pem;
	long n;

	if (r->shape == REQ)
		return make_req(len);
	resp = make_resp(&r->tok, &rl);
	if (r->shape == RESP) {
		*len = rl;
		return resp;
	}
	tok = token_of(resp, rl, &tl);
	OPENSSL_free(resp);
	if (r->shape == TOKEN) {
		*len = tl;
		return tok;
	}
	q = tok;
	p7 = d2i_PKCS7(NULL, &q, (long)tl);
	bio = BIO_new(BIO_s_mem());
	PEM_write_bio_PKCS7(bio, p7);
	n = BIO_get_mem_data(bio, &pem);
	out = OPENSSL_malloc((size_t)n);
	memcpy(out, pem, (size_t)n);
	*len = (size_t)n;
	BIO_free(bio);
	PKCS7_free(p7);
	OPENSSL_free(tok);
	return out;
}

static void
test_rows(void **state)
{
	struct capture c;
	struct diag d;
	unsigned char *in;
	size_t len, i, k;
	enum parse_rc rc;
	char want[160];

	for (i = 0; i < NELEM(rows); i++) {
		const struct prow *r = &rows[i];

		in = make_input(r, &len);
		memset(&c, 0, sizeof(c));
		rc = run_parser(P, (const char *)in, len, 0, NULL, &c, &d);
		if (rc != r->rc)
			bad("%s: rc %d, want %d (%s)", r->name, rc, r->rc,
			    d.msg);
		if (c.n != r->nev)
			bad("%s: %d events, want %d", r->name, c.n, r->nev);
		for (k = 0; c.n > 0 && k < NELEM(r->x) && r->x[k]; k++)
			check_expect(r->name, &c, r->x[k]);
		if (c.n > 0 && r->tok.cert_req && !r->tok.md5) {
			snprintf(want, sizeof(want), "key_ref=spki-sha256:%s",
			    K.tsa_spki);
			check_expect(r->name, &c, want);
			snprintf(want, sizeof(want), "native_id~sha256:%s#",
			    K.tsa_fp);
			check_expect(r->name, &c, want);
		}
		capture_free(&c);
		OPENSSL_free(in);
	}
	end_test("rows");
}

/* A response and its bare token are the same event. */
static void
test_same_token(void **state)
{
	struct capture a, b;
	struct diag d;
	unsigned char *resp, *tok;
	size_t rl, tl;
	char *x, *y;

	resp = make_resp(&tok_main, &rl);
	tok = token_of(resp, rl, &tl);
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	assert_int_equal(run_parser(P, (const char *)resp, rl, 0, NULL, &a,
	    &d), PARSE_OK);
	assert_int_equal(run_parser(P, (const char *)tok, tl, 0, NULL, &b, &d),
	    PARSE_OK);
	x = ev_value(&a.ev[0], "native_id");
	y = ev_value(&b.ev[0], "native_id");
	assert_non_null(x);
	assert_non_null(y);
	assert_string_equal(x, y);
	free(y);
	capture_free(&a);
	capture_free(&b);
	/* one byte of the signature changed: the same TSA and serial, but
	 * another id, so the altered copy is never taken for the original */
	tok[tl - 1] ^= 1;
	assert_int_equal(run_parser(P, (const char *)tok, tl, 0, NULL, &b, &d),
	    PARSE_OK);
	y = ev_value(&b.ev[0], "native_id");
	if (y == NULL || strcmp(x, y) == 0 || strstr(y, "#01a2f1#") == NULL)
		bad("altered token id \"%s\" (original \"%s\")", y ? y : "",
		    x);
	free(x);
	free(y);
	capture_free(&b);
	OPENSSL_free(resp);
	OPENSSL_free(tok);
	end_test("same token");
}

static void
test_bad_input(void **state)
{
	struct capture c;
	struct diag d;
	unsigned char *resp, *der = NULL;
	size_t rl;
	BIO *in = BIO_new_mem_buf("data", 4);
	PKCS7 *p7;
	int n;

	resp = make_resp(&tok_main, &rl);
	memset(&c, 0, sizeof(c));
	if (run_parser(P, (const char *)resp, rl / 2, 0, NULL, &c,
	    &d) != PARSE_ERR ||
	    strstr(d.msg, "not a valid TimeStampResp") == NULL)
		bad("truncated response: \"%s\"", d.msg);
	capture_free(&c);
	c.fail = 1;
	if (run_parser(P, (const char *)resp, rl, 0, NULL, &c,
	    &d) != PARSE_FATAL)
		bad("emit failure: not PARSE_FATAL");
	capture_free(&c);
	/* a CMS signature of plain data is not a token */
	p7 = PKCS7_sign(K.tsa, K.tsa_key, NULL, in, PKCS7_BINARY);
	n = i2d_PKCS7(p7, &der);
	if (run_parser(P, (const char *)der, (size_t)n, 0, NULL, &c,
	    &d) != PARSE_ERR ||
	    strstr(d.msg, "not a certificate, CRL or time-stamp") == NULL)
		bad("CMS of data: \"%s\"", d.msg);
	capture_free(&c);
	if (P->probe((const char *)der, (size_t)n, "x.p7s") != 0)
		bad("probe claims a CMS signature of data");
	OPENSSL_free(der);
	PKCS7_free(p7);
	BIO_free(in);
	OPENSSL_free(resp);
	end_test("bad input");
}

static void
test_probe(void **state)
{
	struct prow r = rows[0];
	unsigned char *in, *copy;
	size_t len;
	int s, sh;
	static const int want[] = { 90, 90, 90, 85 };

	for (sh = RESP; sh <= REQ; sh++) {
		r.shape = sh;
		in = make_input(&r, &len);
		copy = malloc(len);
		memcpy(copy, in, len);
		s = P->probe((const char *)copy, len, "x");
		if (s != want[sh])
			bad("probe shape %d: %d, want %d", sh, s, want[sh]);
		if (parser_x509.probe((const char *)copy, len, "x") != 0 ||
		    parser_crl.probe((const char *)copy, len, "x") != 0)
			bad("probe shape %d claimed by x509 or crl", sh);
		if (len > 60 && P->probe((const char *)copy, 60, "x") !=
		    want[sh] && sh != TOKEN_PEM)
			bad("probe shape %d cut at 60 bytes", sh);
		free(copy);
		OPENSSL_free(in);
	}
	end_test("probe");
}

/* ------------------------------------------------------------------ */
/* The derivation, on an in-memory case                                */

struct casefx {
	struct store	*st;
	int64_t		 run, evid;
	int		 n;
};

static int
store_emit(void *arg, struct event *ev)
{
	struct casefx *f = arg;
	int is_new;
	int64_t owner;

	if (store_event_insert(f->st, ev, f->evid, 0, 0, &is_new, &owner) < 0)
		return -1;
	f->n += is_new;
	return 0;
}

static void
case_open(struct casefx *f)
{
	struct evidence_rec e;
	struct diag d;

	memset(f, 0, sizeof(*f));
	diag_clear(&d);
	assert_int_equal(store_open(":memory:", STORE_RW, &f->st, &d), 0);
	f->run = store_run_begin(f->st, "ingest", "test", 0);
	assert_true(f->run > 0);
	memset(&e, 0, sizeof(e));
	e.run_id = f->run;
	e.path = e.abs_path = "test";
	e.kind = "file";
	e.status = "done";
	e.scope = "signing";
	e.mtime_us = INT64_MIN;
	snprintf(e.sha256, sizeof(e.sha256), "00");
	assert_int_equal(store_evidence_insert(f->st, &e), 0);
	f->evid = e.id;
}

/* Ingests in[0..len) with parser p. */
static void
case_add(struct casefx *f, const struct parser *p, const void *in,
    size_t len)
{
	struct parse_ctx pc;
	struct parse_opts po;
	struct event ev;
	struct diag d;

	memset(&pc, 0, sizeof(pc));
	memset(&po, 0, sizeof(po));
	pc.opts = &po;
	pc.name = "case";
	pc.emit = store_emit;
	pc.emit_arg = f;
	event_init(&ev);
	ev.raw = in;
	ev.raw_len = len;
	diag_clear(&d);
	if (p->parse_blob(in, len, &pc, &ev, &d) != PARSE_OK)
		bad("case_add %s: %s", p->name, d.msg);
	event_clear(&ev);
}

static void
case_add_cert(struct casefx *f, X509 *x)
{
	unsigned char *der = NULL;
	int n = i2d_X509(x, &der);

	case_add(f, &parser_x509, der, (size_t)n);
	OPENSSL_free(der);
}

static void
case_derive(struct casefx *f, const char *tsa_ca)
{
	const char *files[2] = { tsa_ca, NULL };
	struct parse_opts o;

	memset(&o, 0, sizeof(o));
	o.tsa_ca = files;
	assert_int_equal(derive_all(f->st, &o), 0);
}

/* One text value of the case, or "(null)" (new). */
static char *
case_q(struct casefx *f, const char *sql, const char *arg)
{
	sqlite3_stmt *s;
	const unsigned char *t;
	char *v;

	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), sql, -1, &s,
	    NULL), SQLITE_OK);
	if (arg)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(s) == SQLITE_ROW &&
	    (t = sqlite3_column_text(s, 0)) != NULL)
		v = strdup((const char *)t);
	else
		v = strdup("(null)");
	sqlite3_finalize(s);
	return v;
}

/* The verification attrs of the token whose serial is serial. */
static void
expect_tok(struct casefx *f, const char *what, const char *serial,
    const char *verified, const char *with, const char *sigok,
    const char *err)
{
	char *v = case_q(f, "SELECT json_extract(attrs, '$.verified') || '|'"
	    " || coalesce(json_extract(attrs, '$.verified_with'), '-') || '|'"
	    " || coalesce(json_type(attrs, '$.signature_valid'), '-') || '|'"
	    " || coalesce(json_extract(attrs, '$.verify_error'), '-')"
	    " FROM events WHERE action = 'pki.timestamp'"
	    " AND json_extract(attrs, '$.serial') = ?1 ORDER BY id DESC"
	    " LIMIT 1", serial);
	char want[64];

	snprintf(want, sizeof(want), "%s|%s|%s|", verified, with, sigok);
	if (strncmp(v, want, strlen(want)) != 0 ||
	    (err && strstr(v + strlen(want), err) == NULL))
		bad("%s: \"%s\", want \"%s%s\"", what, v, want,
		    err ? err : "");
	free(v);
}

static void
case_close(struct casefx *f)
{
	store_close(f->st);
}

static void
test_verify(void **state)
{
	struct casefx f;
	struct tok_spec s = tok_main;
	unsigned char *resp, *bad_sig, *bad_imp;
	unsigned char md[32];
	size_t rl, i;
	char *v;

	resp = make_resp(&tok_main, &rl);
	case_open(&f);
	case_add(&f, P, resp, rl);

	/* no trust at all: signature fine, not verified */
	case_derive(&f, NULL);
	expect_tok(&f, "no trust", "01a2f1", "0", "-", "true",
	    "no trusted TSA certificate");
	/* a CA that did not issue the TSA certificate */
	case_derive(&f, K.other_file);
	expect_tok(&f, "wrong --tsa-ca", "01a2f1", "0", "-", "true",
	    "certificate verify error");
	/* the right one */
	case_derive(&f, K.ca_file);
	expect_tok(&f, "--tsa-ca", "01a2f1", "1", "tsa-ca", "true", NULL);
	v = case_q(&f, "SELECT count(*) FROM events WHERE json_extract(attrs,"
	    " '$.verify_error') IS NOT NULL AND json_extract(attrs,"
	    " '$.verified') = 1", NULL);
	if (strcmp(v, "0") != 0)
		bad("a verified token keeps a verify_error");
	free(v);
	/* a later run without --tsa-ca does not undo it */
	case_derive(&f, NULL);
	expect_tok(&f, "later run", "01a2f1", "1", "tsa-ca", "true", NULL);

	/* altered copies: one byte of the signature, one of the imprint */
	bad_sig = malloc(rl);
	memcpy(bad_sig, resp, rl);
	bad_sig[rl - 1] ^= 0x01;
	EVP_Digest("widget v2.3.0", 13, md, NULL, EVP_sha256(), NULL);
	bad_imp = malloc(rl);
	memcpy(bad_imp, resp, rl);
	for (i = 0; i + 32 <= rl; i++)
		if (memcmp(bad_imp + i, md, 32) == 0)
			break;
	assert_true(i + 32 <= rl);
	bad_imp[i + 7] ^= 0x80;
	case_add(&f, P, bad_sig, rl);
	case_add(&f, P, bad_imp, rl);
	assert_int_equal(f.n, 3);
	case_derive(&f, K.ca_file);
	v = case_q(&f, "SELECT group_concat(json_extract(attrs, '$.verified')"
	    " || ':' || json_type(attrs, '$.signature_valid'), ',') FROM"
	    " (SELECT attrs FROM events WHERE action = 'pki.timestamp'"
	    " ORDER BY id)", NULL);
	if (strcmp(v, "1:true,0:false,0:false") != 0)
		bad("altered tokens: %s, want 1:true,0:false,0:false", v);
	free(v);
	v = case_q(&f, "SELECT json_extract(attrs, '$.verify_error') FROM"
	    " events WHERE action = 'pki.timestamp' ORDER BY id DESC LIMIT 1",
	    NULL);
	if (strstr(v, "altered or is corrupt") == NULL)
		bad("altered imprint: \"%s\"", v);
	free(v);
	v = case_q(&f, "SELECT digest FROM events WHERE action ="
	    " 'pki.timestamp' ORDER BY id DESC LIMIT 1", NULL);
	if (strstr(v, IMPRINT_OF_WIDGET) != NULL)
		bad("the altered imprint reads as the original");
	free(v);
	case_close(&f);

	/* the TSA's CA ingested as evidence is an anchor too */
	case_open(&f);
	case_add_cert(&f, K.ca);
	case_add(&f, P, resp, rl);
	case_derive(&f, NULL);
	expect_tok(&f, "case CA", "01a2f1", "1", "case-ca", "true", NULL);
	case_close(&f);

	/* a token without certificates: the TSA certificate of the case */
	s.cert_req = 0;
	s.serial = 0x01a2f7;
	free(bad_sig);
	free(bad_imp);
	OPENSSL_free(resp);
	resp = make_resp(&s, &rl);
	case_open(&f);
	case_add(&f, P, resp, rl);
	case_derive(&f, K.ca_file);
	expect_tok(&f, "no certificate anywhere", "01a2f7", "0", "-", "null",
	    "neither in the token nor in the case");
	case_add_cert(&f, K.tsa);
	case_derive(&f, K.ca_file);
	expect_tok(&f, "TSA certificate in the case", "01a2f7", "1", "tsa-ca",
	    "true", NULL);
	case_close(&f);
	OPENSSL_free(resp);

	/* checked at genTime: an expired TSA vouches for its past */
	s = tok_main;
	s.old = 1;
	s.serial = 0x0a;
	s.sec = 1590969600L;	/* 2020-06-01 */
	resp = make_resp(&s, &rl);
	case_open(&f);
	case_add(&f, P, resp, rl);
	OPENSSL_free(resp);
	s.serial = 0x0b;
	s.sec = 1640995200L;	/* 2022-01-01: after the certificate */
	resp = make_resp(&s, &rl);
	case_add(&f, P, resp, rl);
	case_derive(&f, K.ca_file);
	expect_tok(&f, "TSA valid at genTime", "0a", "1", "tsa-ca", "true",
	    NULL);
	expect_tok(&f, "TSA expired at genTime", "0b", "0", "-", "true",
	    "expired");
	case_close(&f);
	OPENSSL_free(resp);
	end_test("verify");
}

/* A CRL entry points at the key of the certificate it revokes. */
static void
test_revocation_key(void **state)
{
	struct casefx f;
	X509_CRL *crl = X509_CRL_new();
	X509_REVOKED *r;
	ASN1_TIME *t = ASN1_TIME_new();
	ASN1_INTEGER *sn = ASN1_INTEGER_new();
	unsigned char *der = NULL, *spki = NULL;
	char kfp[SHA256_HEXLEN], want[128], *v;
	long serials[2] = { 0x4c1f, 0x4c20 };
	int i, n;

	X509_CRL_set_version(crl, X509_CRL_VERSION_2);
	X509_CRL_set_issuer_name(crl, X509_get_subject_name(K.ca));
	ASN1_TIME_set_string(t, "261113120500Z");
	X509_CRL_set1_lastUpdate(crl, t);
	for (i = 0; i < 2; i++) {
		r = X509_REVOKED_new();
		ASN1_INTEGER_set(sn, serials[i]);
		X509_REVOKED_set_serialNumber(r, sn);
		ASN1_TIME_set_string(t, "261113120000Z");
		X509_REVOKED_set_revocationDate(r, t);
		X509_CRL_add0_revoked(crl, r);
	}
	X509_CRL_sign(crl, K.ca_key, EVP_sha256());
	n = i2d_X509_CRL(crl, &der);

	case_open(&f);
	/* the CRL first, the certificate later: the order does not matter */
	case_add(&f, &parser_crl, der, (size_t)n);
	case_derive(&f, NULL);
	v = case_q(&f, "SELECT count(*) FROM events WHERE action ="
	    " 'pki.revoke' AND key_ref IS NULL", NULL);
	if (strcmp(v, "2") != 0)
		bad("unlinked entries: %s with no key_ref, want 2", v);
	free(v);
	case_add_cert(&f, K.ee);
	case_derive(&f, NULL);
	n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(K.ee), &spki);
	sha256_hex(spki, (size_t)n, kfp);
	OPENSSL_free(spki);
	snprintf(want, sizeof(want), "spki-sha256:%s|certificate", kfp);
	v = case_q(&f, "SELECT key_ref || '|' || key_ref_src FROM events"
	    " WHERE action = 'pki.revoke' AND json_extract(attrs,"
	    " '$.serial') = '4c1f'", NULL);
	if (strcmp(v, want) != 0)
		bad("revoked entry: \"%s\", want \"%s\"", v, want);
	free(v);
	v = case_q(&f, "SELECT coalesce(key_ref, 'none') FROM events"
	    " WHERE action = 'pki.revoke' AND json_extract(attrs,"
	    " '$.serial') = '4c20'", NULL);
	if (strcmp(v, "none") != 0)
		bad("a certificate the case lacks got key \"%s\"", v);
	free(v);
	snprintf(want, sizeof(want), "spki-sha256:%s", kfp);
	v = case_q(&f, "SELECT group_concat(kind || '=' || value, ';') FROM"
	    " (SELECT r.kind, r.value FROM key_refs r JOIN keys k ON k.id ="
	    " r.key_id WHERE k.canonical = ?1 ORDER BY r.kind)", want);
	if (strstr(v, "canonical=spki-sha256:") == NULL ||
	    strstr(v, "cert-serial=CN=Test TSA CA,O=Test Corp#4c1f") == NULL ||
	    strstr(v, "cert-sha256=") == NULL ||
	    strstr(v, "subject=CN=Test code signing,O=Test Corp") == NULL ||
	    strstr(v, "requested") != NULL)
		bad("key_refs of the certificate's key: %s", v);
	free(v);
	v = case_q(&f, "SELECT kind || '|' || label || '|' || events FROM keys"
	    " WHERE canonical = ?1", want);
	snprintf(want, sizeof(want), "public-key|Test code signing (spki "
	    "%.8s)|2", kfp);
	if (strcmp(v, want) != 0)
		bad("key row: \"%s\", want \"%s\"", v, want);
	free(v);
	v = case_q(&f, "SELECT count(*) FROM keys WHERE canonical LIKE"
	    " 'cert-serial:%'", NULL);
	if (strcmp(v, "0") != 0)
		bad("keys made of revoked serials: %s", v);
	free(v);
	case_close(&f);
	OPENSSL_free(der);
	ASN1_TIME_free(t);
	ASN1_INTEGER_free(sn);
	X509_CRL_free(crl);
	end_test("revocation key");
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

static const struct {
	const char	*file;
	enum parse_rc	 rc;
	const char	*x[7];
} facts[] = {
	{ "asn1crypto.geotrust.tsp_request.tsq", PARSE_NONEVENT, { NULL } },
	{ "asn1crypto.geotrust.tsp_response.tsr", PARSE_OK, {
	    "ts=2015-06-01T18:39:55Z",
	    "digest=sha1:53c9dbc16ddb343b284eefa6030e02647931affb",
	    "attrs/accuracy_us=60000000", "attrs/nonce=f79ea48773749b0a",
	    "attrs/serial=207acc6b", "attrs/policy=1.1.2",
	    "actor=CN=GeoTrust Timestamping Signer 1,O=GeoTrust Inc,C=US" } },
	{ "tspclient-go.microsoft.TimeStampTokenNoRoot.p7s", PARSE_OK, {
	    "ts=2024-06-21T07:12:05.884000Z", "attrs/accuracy_us=500000",
	    "operation=rfc3161:TimeStampToken", "ts_flags=",
	    "attrs/policy=1.3.6.1.4.1.601.10.3.1" } },
	{ "tspclient-go.globalsign.TimeStampToken.p7s", PARSE_OK, {
	    "ts=2021-09-17T14:09:10Z",
	    "attrs/serial=59060eee873c26672a9400f24da094747988980e" } },
	{ "tspclient-go.freetsa.validResponseWithSigningCertificateV1.tsr",
	  PARSE_OK, { "digest~sha512:", "attrs/ordering=true", "!attrs/nonce",
	    "actor~CN=www.freetsa.org" } },
	{ "sigstore-java.sigstore_tsa_response_without_embedded_certs.tsr",
	  PARSE_OK, { "actor=CN=sigstore-tsa,O=sigstore.dev",
	    "attrs/certs_embedded=0", "!key_ref",
	    "native_id~CN=sigstore-tsa,O=sigstore.dev#df62c792" } },
};

static void
test_corpus(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	char dir[4096], path[8192];
	struct capture c;
	struct diag d;
	struct casefx f;
	unsigned char *data;
	size_t len, i, k;
	enum parse_rc rc;
	char *v;

	snprintf(dir, sizeof(dir), "%s/../shared/corpus/rfc3161",
	    root ? root : ".");
	snprintf(path, sizeof(path), "%s/%s", dir, facts[0].file);
	if ((data = (unsigned char *)read_file(path, &len)) == NULL) {
		print_message("no corpus at %s: skipped\n", dir);
		skip();
		return;
	}
	free(data);
	case_open(&f);
	for (i = 0; i < NELEM(facts); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, facts[i].file);
		if ((data = (unsigned char *)read_file(path, &len)) == NULL) {
			bad("%s: cannot read", path);
			continue;
		}
		if (parser_detect((const char *)data, len, facts[i].file,
		    NULL) != P)
			bad("%s: not detected as RFC 3161", facts[i].file);
		memset(&c, 0, sizeof(c));
		rc = run_parser(P, (const char *)data, len, 0, NULL, &c, &d);
		if (rc != facts[i].rc)
			bad("%s: rc %d (%s)", facts[i].file, rc, d.msg);
		for (k = 0; c.n > 0 && k < NELEM(facts[i].x) &&
		    facts[i].x[k]; k++)
			check_expect(facts[i].file, &c, facts[i].x[k]);
		if (rc == PARSE_OK)
			case_add(&f, P, data, len);
		capture_free(&c);
		free(data);
	}
	/* GlobalSign's root, from the x509 corpus, vouches for its token */
	snprintf(path, sizeof(path), "%s/../shared/corpus/x509/"
	    "tspclient-go.GlobalSignRootCA.crt", root ? root : ".");
	if ((data = (unsigned char *)read_file(path, &len)) != NULL) {
		case_add(&f, &parser_x509, data, len);
		free(data);
	}
	case_derive(&f, NULL);
	expect_tok(&f, "GlobalSign token", "59060eee873c26672a9400f24da0947479"
	    "88980e", "1", "case-ca", "true", NULL);
	expect_tok(&f, "GeoTrust token (no certificate)", "207acc6b", "0",
	    "-", "null", "neither in the token nor in the case");
	v = case_q(&f, "SELECT count(*) FROM events WHERE action ="
	    " 'pki.timestamp' AND json_extract(attrs, '$.signature_valid') ="
	    " 0", NULL);
	if (strcmp(v, "0") != 0)
		bad("a real token has an invalid signature (%s)", v);
	free(v);
	case_close(&f);
	end_test("corpus");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_same_token),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_revocation_key),
		cmocka_unit_test(test_corpus),
	};

	err_set_quiet(1);
	return cmocka_run_group_tests(tests, setup, teardown);
}
