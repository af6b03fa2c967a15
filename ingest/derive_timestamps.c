/* SPDX-License-Identifier: MIT */
/*
 * derive_timestamps.c - checks the RFC 3161 tokens of the case, after
 * every ingest (part of the PKI derivation, derive_pki.c).  Parsers load
 * nothing, so parse_rfc3161.c stores each token unverified; here each
 * token not yet verified is read back from events.raw and checked with
 * OpenSSL:
 *
 *   1. integrity: CMS_verify without chain checks, with the token's own
 *      certificates and every certificate of the case: a changed
 *      TSTInfo (imprint, time, serial) or signature fails here, and then
 *      the token is never marked verified, whatever the trust;
 *   2. trust: TS_RESP_verify_token with TS_VFY_VERSION, TS_VFY_SIGNATURE
 *      and TS_VFY_SIGNER (signature, ESS signing-certificate binding, the
 *      TSA name against the signer, a chain to an anchor for the
 *      time-stamping purpose), at genTime (X509_VERIFY_PARAM_set_time:
 *      the TSA certificate must have been valid when it stamped, not
 *      today), first against the --tsa-ca certificates (any of them may
 *      be the anchor: partial chains allowed), then against the
 *      self-signed CA certificates ingested as evidence (pki.cert events;
 *      the other certificates of the case only help build chains).
 *
 * The result goes to the event's attrs with json_set(): verified
 * (true/false), verified_with ("tsa-ca" or "case-ca": which anchors made
 * it trusted; a case CA is evidence, not an analyst's choice, so reports
 * should say so), signature_valid (true/false/null when the signer
 * certificate is nowhere to be found) and verify_error (the reason, when
 * not verified).  A verified token stays verified on later runs (they
 * may lack the --tsa-ca that verified it); the others are tried again on
 * every ingest.  The message imprint is not compared with data: the
 * time-stamped bytes are not in the case (the digest column lets
 * correlation compare it with artifact and signature digests).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <sqlite3.h>

#include "buf.h"
#include "err.h"
#include "jsonutil.h"
#include "pki_util.h"
#include "store.h"
#include "xalloc.h"

struct tsv {
	X509_STORE	*ca;		/* --tsa-ca anchors */
	X509_STORE	*evidence;	/* self-signed CAs of the case */
	STACK_OF(X509)	*pool;		/* all certificates known */
	int		 nca, nev;
};

static void
tsv_free(struct tsv *v)
{
	X509_STORE_free(v->ca);
	X509_STORE_free(v->evidence);
	sk_X509_pop_free(v->pool, X509_free);
}

/* Adds x (reference taken) to the pool, and to store when not NULL. */
static void
tsv_add(struct tsv *v, X509 *x, X509_STORE *store, int *n)
{
	if (store && X509_STORE_add_cert(store, x) == 1)
		(*n)++;
	if (!sk_X509_push(v->pool, x))
		X509_free(x);
	ERR_clear_error();
}

/* Every certificate of one --tsa-ca file (PEM, or one DER). */
static void
tsv_load_file(struct tsv *v, const char *path)
{
	BIO *bio = BIO_new_file(path, "rb");
	X509 *x;
	int n = 0;

	if (bio == NULL) {
		warning("--tsa-ca '%s': cannot read it", path);
		ERR_clear_error();
		return;
	}
	while ((x = PEM_read_bio_X509_AUX(bio, NULL, NULL, NULL)) != NULL) {
		tsv_add(v, x, v->ca, &v->nca);
		n++;
	}
	ERR_clear_error();
	if (n == 0 && BIO_reset(bio) == 0 &&
	    (x = d2i_X509_bio(bio, NULL)) != NULL) {
		tsv_add(v, x, v->ca, &v->nca);
		n++;
	}
	ERR_clear_error();
	BIO_free(bio);
	if (n == 0)
		warning("--tsa-ca '%s': no certificate in it (PEM or DER "
		    "expected)", path);
}

/* A certificate from events.raw: DER, or the PEM block as found. */
static X509 *
tsv_cert_of(const void *raw, int n)
{
	const unsigned char *p = raw;
	BIO *bio;
	X509 *x;

	if (n <= 0)
		return NULL;
	if (p[0] == 0x30)
		return d2i_X509(NULL, &p, n);
	if ((bio = BIO_new_mem_buf(raw, n)) == NULL)
		return NULL;
	x = PEM_read_bio_X509_AUX(bio, NULL, NULL, NULL);
	BIO_free(bio);
	return x;
}

static int
tsv_load_case(struct tsv *v, sqlite3 *db)
{
	sqlite3_stmt *s = NULL;
	X509 *x;
	int rc, anchor;

	if (sqlite3_prepare_v2(db, "SELECT raw, coalesce(json_extract(attrs,"
	    " '$.is_ca'), 0) AND coalesce(json_extract(attrs,"
	    " '$.self_signed'), 0) FROM events WHERE action = 'pki.cert'"
	    " AND source = 'x509' AND raw IS NOT NULL ORDER BY id", -1, &s,
	    NULL) != SQLITE_OK)
		return error("case file: %s", sqlite3_errmsg(db));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		x = tsv_cert_of(sqlite3_column_blob(s, 0),
		    sqlite3_column_bytes(s, 0));
		ERR_clear_error();
		if (x == NULL)
			continue;
		anchor = sqlite3_column_int(s, 1);
		tsv_add(v, x, anchor ? v->evidence : NULL, &v->nev);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return error("case file: %s", sqlite3_errmsg(db));
	return 0;
}

/*
 * The token in raw (a TimeStampResp or a bare token, DER or PEM).
 * Returns a new PKCS7, or NULL.
 */
static PKCS7 *
tsv_token_of(const void *raw, int n)
{
	const unsigned char *p = raw, *q;
	unsigned char *der = NULL;
	char *name = NULL, *hdr = NULL;
	long len = n;
	BIO *bio;
	TS_RESP *resp;
	PKCS7 *tok = NULL;

	if (n <= 0)
		return NULL;
	if (p[0] != 0x30) {
		if ((bio = BIO_new_mem_buf(raw, n)) == NULL)
			return NULL;
		if (!PEM_read_bio(bio, &name, &hdr, &der, &len))
			der = NULL;
		BIO_free(bio);
		OPENSSL_free(name);
		OPENSSL_free(hdr);
		if (der == NULL)
			return NULL;
		p = der;
	}
	q = p;
	if (pki_sniff(p, (size_t)len) == PKI_TS_RESP) {
		if ((resp = d2i_TS_RESP(NULL, &q, len)) != NULL) {
			if (TS_RESP_get_token(resp))
				tok = PKCS7_dup(TS_RESP_get_token(resp));
			TS_RESP_free(resp);
		}
	} else {
		tok = d2i_PKCS7(NULL, &q, len);
	}
	OPENSSL_free(der);
	return tok;
}

/* The pool plus the token's own certificates (new stack, new refs). */
static STACK_OF(X509) *
tsv_certs_for(const struct tsv *v, PKCS7 *tok)
{
	STACK_OF(X509) *c = X509_chain_up_ref(v->pool), *own = NULL;
	int i;

	if (c == NULL)
		c = sk_X509_new_null();
	if (PKCS7_type_is_signed(tok) && tok->d.sign)
		own = tok->d.sign->cert;
	for (i = 0; own && i < sk_X509_num(own); i++) {
		X509 *x = sk_X509_value(own, i);

		if (X509_up_ref(x) && !sk_X509_push(c, x))
			X509_free(x);
	}
	return c;
}

/*
 * Integrity of the signature alone: 1 valid, 0 invalid, -1 unknown (no
 * signer certificate anywhere).  why gets the reason.
 */
static int
tsv_integrity(PKCS7 *tok, STACK_OF(X509) *certs, char *why, size_t whysz)
{
	unsigned char *der = NULL;
	const unsigned char *p;
	CMS_ContentInfo *cms;
	unsigned long e;
	int n, ok;

	if ((n = i2d_PKCS7(tok, &der)) <= 0) {
		pki_ssl_error(why, whysz, "cannot encode the token");
		return 0;
	}
	p = der;
	cms = d2i_CMS_ContentInfo(NULL, &p, n);
	OPENSSL_free(der);
	if (cms == NULL) {
		pki_ssl_error(why, whysz, "not a CMS SignedData");
		return 0;
	}
	ok = CMS_verify(cms, certs, NULL, NULL, NULL,
	    CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY);
	CMS_ContentInfo_free(cms);
	if (ok == 1) {
		ERR_clear_error();
		return 1;
	}
	e = ERR_peek_error();
	pki_ssl_error(why, whysz, "signature check failed");
	if (ERR_GET_LIB(e) == ERR_LIB_CMS &&
	    ERR_GET_REASON(e) == CMS_R_SIGNER_CERTIFICATE_NOT_FOUND)
		return -1;
	return 0;
}

/* Full TS verification against one store at time t; 1 or 0 (why). */
static int
tsv_trust(X509_STORE *store, int partial, STACK_OF(X509) *certs,
    PKCS7 *tok, time_t t, char *why, size_t whysz)
{
	TS_VERIFY_CTX *ctx = TS_VERIFY_CTX_new();
	X509_VERIFY_PARAM *vp = X509_STORE_get0_param(store);
	STACK_OF(X509) *c;
	int ok;

	if (ctx == NULL) {
		snprintf(why, whysz, "out of memory");
		return 0;
	}
	X509_VERIFY_PARAM_set_time(vp, t);
	X509_VERIFY_PARAM_clear_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
	if (partial)
		X509_VERIFY_PARAM_set_flags(vp, X509_V_FLAG_PARTIAL_CHAIN);
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE |
	    TS_VFY_SIGNER);
	/* the context frees what it is given: give it references */
	X509_STORE_up_ref(store);
	TS_VERIFY_CTX_set_store(ctx, store);
	c = X509_chain_up_ref(certs);
	TS_VERIFY_CTX_set_certs(ctx, c);
	ok = TS_RESP_verify_token(ctx, tok);
	if (ok == 1)
		ERR_clear_error();
	else
		pki_ssl_error(why, whysz, "verification failed");
	TS_VERIFY_CTX_free(ctx);
	return ok == 1;
}

static int
tsv_record(sqlite3 *db, int64_t id, int verified, const char *with,
    int sigok, const char *why)
{
	static const char sql_ok[] =
	    "UPDATE events SET attrs = json_remove(json_set(coalesce(attrs,"
	    " '{}'), '$.verified', json('true'), '$.verified_with', json(?2),"
	    " '$.signature_valid', json('true')), '$.verify_error')"
	    " WHERE id = ?1";
	static const char sql_bad[] =
	    "UPDATE events SET attrs = json_remove(json_set(coalesce(attrs,"
	    " '{}'), '$.verified', json('false'), '$.verify_error', json(?2),"
	    " '$.signature_valid', json(?3)), '$.verified_with')"
	    " WHERE id = ?1";
	sqlite3_stmt *s = NULL;
	struct buf text = BUF_INIT;
	int rc;

	if (sqlite3_prepare_v2(db, verified ? sql_ok : sql_bad, -1, &s,
	    NULL) != SQLITE_OK)
		return error("case file: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(s, 1, id);
	/*
	 * The text goes in as JSON that jansson would write (json() keeps
	 * it as it is): attrs stays jansson's compact text, which the
	 * timeline copies without parsing it again (timeline.c).
	 */
	if ((verified ? with : why) != NULL) {
		json_add_str(&text, verified ? with : why);
		sqlite3_bind_text(s, 2, text.s, (int)text.len,
		    SQLITE_TRANSIENT);
		buf_release(&text);
	}
	if (!verified)
		sqlite3_bind_text(s, 3, sigok > 0 ? "true" : sigok == 0 ?
		    "false" : "null", -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return error("case file: %s", sqlite3_errmsg(db));
	return 0;
}

/* Checks one token (event id): integrity, then trust. */
static int
tsv_check(struct tsv *v, sqlite3 *db, int64_t id, const void *raw, int n,
    int64_t gen_us)
{
	PKCS7 *tok = tsv_token_of(raw, n);
	STACK_OF(X509) *certs;
	char why[768], why2[512];
	const char *with = NULL;
	time_t t = (time_t)(gen_us / 1000000);
	int sigok, ret;

	ERR_clear_error();
	if (tok == NULL)
		return tsv_record(db, id, 0, NULL, 0, "the stored token "
		    "cannot be read back");
	certs = tsv_certs_for(v, tok);
	sigok = tsv_integrity(tok, certs, why2, sizeof(why2));
	if (sigok == 0) {
		snprintf(why, sizeof(why), "signature check failed: the "
		    "token was altered or is corrupt (%s)", why2);
	} else if (sigok < 0) {
		snprintf(why, sizeof(why), "the TSA certificate is neither "
		    "in the token nor in the case: give it with --tsa-ca");
	} else if (v->nca == 0 && v->nev == 0) {
		snprintf(why, sizeof(why), "no trusted TSA certificate: give "
		    "the TSA's CA certificate with --tsa-ca, or ingest it");
	} else {
		if (v->nca > 0 && tsv_trust(v->ca, 1, certs, tok, t, why,
		    sizeof(why)))
			with = "tsa-ca";
		else if (v->nev > 0 && tsv_trust(v->evidence, 0, certs, tok,
		    t, v->nca > 0 ? why2 : why, sizeof(why)))
			with = "case-ca";
	}
	ret = tsv_record(db, id, with != NULL, with, sigok, why);
	sk_X509_pop_free(certs, X509_free);
	PKCS7_free(tok);
	ERR_clear_error();
	return ret;
}

int
pki_verify_timestamps(struct store *st, const struct parse_opts *o)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *ids = NULL, *get = NULL;
	struct tsv v;
	int64_t *list = NULL;
	size_t n = 0, alloc = 0, i;
	int rc, ret = -1;
	const char *const *f;

	memset(&v, 0, sizeof(v));
	if (sqlite3_prepare_v2(db, "SELECT id FROM events"
	    " WHERE action = 'pki.timestamp' AND source = 'rfc3161'"
	    " AND raw IS NOT NULL AND ts_us IS NOT NULL"
	    " AND json_extract(attrs, '$.gen_time') IS NOT NULL"
	    " AND json_extract(attrs, '$.verified') IS NOT 1 ORDER BY id", -1,
	    &ids, NULL) != SQLITE_OK) {
		error("case file: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(ids)) == SQLITE_ROW) {
		ALLOC_GROW(list, n + 1, alloc);
		list[n++] = sqlite3_column_int64(ids, 0);
	}
	if (rc != SQLITE_DONE) {
		error("case file: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (n == 0) {
		ret = 0;
		goto out;
	}
	v.ca = X509_STORE_new();
	v.evidence = X509_STORE_new();
	v.pool = sk_X509_new_null();
	if (v.ca == NULL || v.evidence == NULL || v.pool == NULL) {
		error("out of memory");
		goto out;
	}
	for (f = o && o->tsa_ca ? o->tsa_ca : NULL; f && *f; f++)
		tsv_load_file(&v, *f);
	if (tsv_load_case(&v, db) < 0)
		goto out;
	if (sqlite3_prepare_v2(db, "SELECT raw, ts_us FROM events"
	    " WHERE id = ?1", -1, &get, NULL) != SQLITE_OK) {
		error("case file: %s", sqlite3_errmsg(db));
		goto out;
	}
	for (i = 0; i < n; i++) {
		sqlite3_reset(get);
		sqlite3_bind_int64(get, 1, list[i]);
		if (sqlite3_step(get) != SQLITE_ROW)
			continue;
		if (tsv_check(&v, db, list[i], sqlite3_column_blob(get, 0),
		    sqlite3_column_bytes(get, 0),
		    sqlite3_column_int64(get, 1)) < 0)
			goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(ids);
	sqlite3_finalize(get);
	free(list);
	tsv_free(&v);
	ERR_clear_error();
	return ret;
}
