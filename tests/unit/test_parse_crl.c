/* SPDX-License-Identifier: MIT */
/*
 * test_parse_crl.c - unit tests of the CRL parser (ingest/parse_crl.c):
 * a table of CRLs built here with OpenSSL's API and signed with a key
 * made for the run (reason codes, invalidity dates, CRL numbers or none,
 * an indirect CRL, an empty CRL, an invalid revocation date, 20,000
 * entries), PEM and malformed input, OCSP responses (out of scope, kept
 * with --all-events), probe scores, the emit failure path, and the real
 * corpus (../shared/corpus/x509: a 15,752-entry CRL and an OCSP
 * response).
 *
 * Expectations are "path=value" strings over a JSON copy of each event
 * (see test_parse_x509.c): a column, or attrs/<key>; "~" contains, "!"
 * absent, "N:" event N.
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
#include <time.h>

#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "event.h"
#include "parser.h"
#include "timeutil.h"

#include "helpers.h"


static const struct parser *const P = &parser_crl;

/* Counts the events with a raw record and those revoked for key compromise. */
struct counts {
	int	with_raw, key_compromise;
};

static void
count_event(void *arg, const struct evcopy *e)
{
	struct counts *k = arg;
	const char *reason = json_string_value(json_object_get(e->attrs,
	    "reason"));

	if (reason && strcmp(reason, "keyCompromise") == 0)
		k->key_compromise++;
	if (e->has_raw && e->raw_len > 0)
		k->with_raw++;
}

/* A capture keeping the first 8 events, counting all. */
static void
capture_init(struct capture *c, struct counts *k)
{
	memset(c, 0, sizeof(*c));
	memset(k, 0, sizeof(*k));
	c->keep = 8;
	c->fact = count_event;
	c->fact_arg = k;
}


/* ------------------------------------------------------------------ */
/* CRLs made here                                                      */

static EVP_PKEY *ca_key;

struct entry {
	const char	*serial;	/* hex */
	const char	*when;		/* revocationDate (UTCTime text) */
	int		 reason;	/* -1: none */
	const char	*invalid;	/* invalidityDate (Generalized), or NULL */
	const char	*cert_issuer;	/* CN of a certificateIssuer, or NULL */
};

struct crl_spec {
	const char	*this_update, *next_update;	/* UTCTime text */
	long		 number;			/* -1: none */
	int		 n;				/* entries */
	struct entry	 e[4];
	int		 many;		/* > 0: that many generated entries */
};

static X509_NAME *
name_cn(const char *cn)
{
	X509_NAME *n = X509_NAME_new();

	X509_NAME_add_entry_by_txt(n, "C", MBSTRING_ASC,
	    (const unsigned char *)"US", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "O", MBSTRING_UTF8,
	    (const unsigned char *)"Acme Corp", -1, -1, 0);
	X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_UTF8,
	    (const unsigned char *)cn, -1, -1, 0);
	return n;
}

/* A UTCTime taken as it is, valid or not. */
static ASN1_TIME *
raw_time(const char *s, int type)
{
	ASN1_TIME *t = ASN1_STRING_type_new(type);

	ASN1_STRING_set(t, s, -1);
	return t;
}

static void
add_entry(X509_CRL *crl, const struct entry *e)
{
	X509_REVOKED *r = X509_REVOKED_new();
	BIGNUM *bn = NULL;
	ASN1_INTEGER *sn;
	ASN1_TIME *t = raw_time(e->when, V_ASN1_UTCTIME);

	BN_hex2bn(&bn, e->serial);
	sn = BN_to_ASN1_INTEGER(bn, NULL);
	X509_REVOKED_set_serialNumber(r, sn);
	X509_REVOKED_set_revocationDate(r, t);
	if (e->reason >= 0) {
		ASN1_ENUMERATED *en = ASN1_ENUMERATED_new();

		ASN1_ENUMERATED_set(en, e->reason);
		X509_REVOKED_add1_ext_i2d(r, NID_crl_reason, en, 0, 0);
		ASN1_ENUMERATED_free(en);
	}
	if (e->invalid) {
		ASN1_GENERALIZEDTIME *g = raw_time(e->invalid,
		    V_ASN1_GENERALIZEDTIME);

		X509_REVOKED_add1_ext_i2d(r, NID_invalidity_date, g, 0, 0);
		ASN1_GENERALIZEDTIME_free(g);
	}
	if (e->cert_issuer) {
		GENERAL_NAMES *gens = GENERAL_NAMES_new();
		GENERAL_NAME *g = GENERAL_NAME_new();

		g->type = GEN_DIRNAME;
		g->d.directoryName = name_cn(e->cert_issuer);
		sk_GENERAL_NAME_push(gens, g);
		X509_REVOKED_add1_ext_i2d(r, NID_certificate_issuer, gens, 1,
		    0);
		GENERAL_NAMES_free(gens);
	}
	X509_CRL_add0_revoked(crl, r);
	ASN1_INTEGER_free(sn);
	ASN1_TIME_free(t);
	BN_free(bn);
}

/* The DER of the CRL of spec (new, *len). */
static unsigned char *
make_crl(const struct crl_spec *s, size_t *len)
{
	X509_CRL *crl = X509_CRL_new();
	X509_NAME *iss = name_cn("Acme Code Signing CA");
	ASN1_TIME *t;
	unsigned char *der = NULL;
	char serial[32], when[16];
	struct entry e;
	int i, n;

	X509_CRL_set_version(crl, X509_CRL_VERSION_2);
	X509_CRL_set_issuer_name(crl, iss);
	t = raw_time(s->this_update, V_ASN1_UTCTIME);
	X509_CRL_set1_lastUpdate(crl, t);
	ASN1_TIME_free(t);
	if (s->next_update) {
		t = raw_time(s->next_update, V_ASN1_UTCTIME);
		X509_CRL_set1_nextUpdate(crl, t);
		ASN1_TIME_free(t);
	}
	for (i = 0; i < s->n; i++)
		add_entry(crl, &s->e[i]);
	for (i = 0; i < s->many; i++) {
		snprintf(serial, sizeof(serial), "%08x", 0x10000000 + i);
		snprintf(when, sizeof(when), "2610%02d%02d%02d00Z",
		    1 + i % 28, i / 60 % 24, i % 60);
		e.serial = serial;
		e.when = when;
		e.reason = i % 97 == 0 ? 1 : 0;
		e.invalid = NULL;
		e.cert_issuer = NULL;
		add_entry(crl, &e);
	}
	if (s->number >= 0) {
		ASN1_INTEGER *num = ASN1_INTEGER_new();

		ASN1_INTEGER_set(num, s->number);
		X509_CRL_add1_ext_i2d(crl, NID_crl_number, num, 0, 0);
		ASN1_INTEGER_free(num);
	}
	X509_CRL_sign(crl, ca_key, EVP_sha256());
	n = i2d_X509_CRL(crl, &der);
	assert_true(n > 0);
	*len = (size_t)n;
	X509_NAME_free(iss);
	X509_CRL_free(crl);
	return der;
}

#define ISS "CN=Acme Code Signing CA,O=Acme Corp,C=US"
#define OTHER "CN=Acme Old CA,O=Acme Corp,C=US"

struct crlrow {
	const char	*name;
	struct crl_spec	 crl;
	int		 pem;		/* give it as PEM */
	int		 all_events;
	enum parse_rc	 rc;
	int		 nev;
	const char	*msg;
	const char	*x[32];
};

static const struct crlrow rows[] = {
	{ .name = "keyCompromise with invalidityDate, and superseded",
	  .crl = { "261113120500Z", "261120120500Z", 11, 2, {
	    { "4C1F7A22D9E03B71", "261001093000Z", 4, NULL, NULL },
	    { "4C1F7A22D9E03B85", "261113120000Z", 1, "20261106214712Z",
	      NULL } } },
	  .rc = PARSE_OK, .nev = 2,
	  .x = { "0:source=crl", "0:action=pki.revoke",
	    "0:operation=x509:crl-entry", "0:ts=2026-10-01T09:30:00Z",
	    "0:ts_raw=261001093000Z", "0:ts_flags=coarse", "0:actor=" ISS,
	    "0:!key_ref", "0:key_raw=cert-serial:" ISS "#4c1f7a22d9e03b71",
	    "0:native_id=" ISS "#4c1f7a22d9e03b71#11",
	    "0:attrs/reason=superseded", "0:attrs/reason_code=4",
	    "0:!attrs/invalidity_date", "0:attrs/entry_index=0",
	    "1:ts=2026-11-13T12:00:00Z", "1:attrs/reason=keyCompromise",
	    "1:attrs/reason_code=1",
	    "1:attrs/invalidity_date=2026-11-06T21:47:12Z",
	    "1:attrs/revocation_date=2026-11-13T12:00:00Z",
	    "1:attrs/serial=4c1f7a22d9e03b85", "1:attrs/issuer=" ISS,
	    "1:attrs/certificate_issuer=" ISS, "1:attrs/crl_number=11",
	    "1:attrs/this_update=2026-11-13T12:05:00Z",
	    "1:attrs/next_update=2026-11-20T12:05:00Z",
	    "1:attrs/crl_entries=2", "1:attrs/entry_index=1",
	    "1:attrs/crl_signature_algorithm~SHA256",
	    "1:attrs/encoding=der", "1:native_id=" ISS "#4c1f7a22d9e03b85#11" } },
	{ .name = "no CRL number, no nextUpdate, no reason",
	  .crl = { "261113120500Z", NULL, -1, 1, {
	    { "01", "261113120000Z", -1, NULL, NULL } } },
	  .rc = PARSE_OK, .nev = 1,
	  .x = { "native_id=" ISS "#01#2026-11-13T12:05:00Z",
	    "!attrs/crl_number", "!attrs/next_update", "!attrs/reason",
	    "attrs/serial=01" } },
	{ .name = "indirect CRL: certificateIssuer holds for what follows",
	  .crl = { "261113120500Z", NULL, 3, 3, {
	    { "0A", "261101000000Z", 0, NULL, NULL },
	    { "0B", "261102000000Z", 5, NULL, "Acme Old CA" },
	    { "0C", "261103000000Z", 9, NULL, NULL } } },
	  .rc = PARSE_OK, .nev = 3,
	  .x = { "0:key_raw=cert-serial:" ISS "#0a",
	    "1:key_raw=cert-serial:" OTHER "#0b",
	    "1:attrs/certificate_issuer=" OTHER, "1:actor=" ISS,
	    "1:attrs/reason=cessationOfOperation",
	    "2:key_raw=cert-serial:" OTHER "#0c",
	    "2:attrs/reason=privilegeWithdrawn",
	    "2:native_id=" ISS "#0c#3" } },
	{ .name = "unknown reason code",
	  .crl = { "261113120500Z", NULL, 1, 1, {
	    { "02", "261113120000Z", 7, NULL, NULL } } },
	  .rc = PARSE_OK, .nev = 1,
	  .x = { "attrs/reason=unknown", "attrs/reason_code=7" } },
	{ .name = "invalid invalidityDate: kept as text",
	  .crl = { "261113120500Z", NULL, 1, 1, {
	    { "03", "261113120000Z", 1, "2026110621Z", NULL } } },
	  .rc = PARSE_OK, .nev = 1,
	  .x = { "!attrs/invalidity_date",
	    "attrs/invalidity_date_invalid=2026110621Z" } },
	{ .name = "empty CRL: one non-event record",
	  .crl = { "261113120500Z", "261120120500Z", 12, 0 },
	  .rc = PARSE_NONEVENT, .nev = 0 },
	{ .name = "an invalid revocationDate: the other entries are kept",
	  .crl = { "261113120500Z", NULL, 4, 3, {
	    { "0A", "261101000000Z", 1, NULL, NULL },
	    { "0B", "2611xx000000Z", 1, NULL, NULL },
	    { "0C", "261103000000Z", 1, NULL, NULL } } },
	  .rc = PARSE_ERR, .nev = 2,
	  .msg = "entry 1 (serial 0b): invalid revocationDate \"2611xx000000Z\"",
	  .x = { "0:attrs/serial=0a", "1:attrs/serial=0c" } },
	{ .name = "invalid thisUpdate",
	  .crl = { "26111312Z", NULL, 4, 1, {
	    { "0A", "261101000000Z", 1, NULL, NULL } } },
	  .rc = PARSE_ERR, .nev = 0, .msg = "CRL thisUpdate: invalid time" },
	{ .name = "PEM",
	  .crl = { "261113120500Z", NULL, 5, 1, {
	    { "0D", "261113120000Z", 1, NULL, NULL } } },
	  .pem = 1, .rc = PARSE_OK, .nev = 1,
	  .x = { "attrs/encoding=pem", "ts=2026-11-13T12:00:00Z" } },
	{ .name = "20,000 entries",
	  .crl = { "261113120500Z", NULL, 6, 0, .many = 20000 },
	  .rc = PARSE_OK, .nev = 20000,
	  .x = { "0:attrs/crl_entries=20000", "0:attrs/serial=10000000",
	    "0:attrs/reason=keyCompromise", "1:attrs/reason=unspecified" } },
};

static void
test_rows(void **state)
{
	struct capture c;
	struct counts cnt;
	struct diag d;
	unsigned char *der;
	size_t len, k, i;
	enum parse_rc rc;
	BIO *bio;
	char *pem;
	long n;

	for (i = 0; i < NELEM(rows); i++) {
		const struct crlrow *r = &rows[i];
		clock_t t0 = clock();

		der = make_crl(&r->crl, &len);
		capture_init(&c, &cnt);
		if (r->pem) {
			X509_CRL *x;
			const unsigned char *q = der;

			x = d2i_X509_CRL(NULL, &q, (long)len);
			bio = BIO_new(BIO_s_mem());
			PEM_write_bio_X509_CRL(bio, x);
			n = BIO_get_mem_data(bio, &pem);
			rc = run_parser(P, (const char *)(unsigned char *)pem,
			    (size_t)n,
			    r->all_events, NULL, &c, &d);
			BIO_free(bio);
			X509_CRL_free(x);
		} else {
			rc = run_parser(P, (const char *)der, len,
			    r->all_events, NULL, &c, &d);
		}
		if (rc != r->rc)
			bad("%s: rc %d, want %d (%s)", r->name, rc, r->rc,
			    d.msg);
		if (c.n != r->nev)
			bad("%s: %d events, want %d", r->name, c.n, r->nev);
		if (cnt.with_raw != c.n)
			bad("%s: %d of %d events without raw bytes", r->name,
			    c.n - cnt.with_raw, c.n);
		if (r->msg && strstr(d.msg, r->msg) == NULL)
			bad("%s: message \"%s\" lacks \"%s\"", r->name, d.msg,
			    r->msg);
		for (k = 0; k < NELEM(r->x) && r->x[k]; k++)
			check_expect(r->name, &c, r->x[k]);
		/* linear work: 20,000 entries take well under 10 s */
		if ((double)(clock() - t0) / CLOCKS_PER_SEC > 10)
			bad("%s: too slow", r->name);
		capture_free(&c);
		OPENSSL_free(der);
	}
	end_test("rows");
}

/* ------------------------------------------------------------------ */
/* OCSP and malformed input                                            */

static void
test_ocsp_and_bad(void **state)
{
	static const unsigned char unauthorized[] = {
		0x30, 0x03, 0x0a, 0x01, 0x06
	};
	static const unsigned char garbage[] = {
		0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x09
	};
	struct crl_spec s = { "261113120500Z", NULL, 1, 1, {
	    { "0A", "261101000000Z", 1, NULL, NULL } }, 0 };
	struct capture c;
	struct counts cnt;
	struct diag d;
	unsigned char *der;
	size_t len;

	capture_init(&c, &cnt);
	if (run_parser(P, (const char *)unauthorized, sizeof(unauthorized), 0,
	    NULL, &c, &d) !=
	    PARSE_SKIP || c.n != 0)
		bad("OCSP response in default scope: not skipped");
	capture_free(&c);
	if (run_parser(P, (const char *)unauthorized, sizeof(unauthorized), 1,
	    NULL, &c, &d) !=
	    PARSE_OK || c.n != 1)
		bad("OCSP response with --all-events: no event (%s)", d.msg);
	else {
		check_expect("ocsp", &c, "action=other");
		check_expect("ocsp", &c, "operation=ocsp:response");
		check_expect("ocsp", &c, "attrs/response_status=unauthorized");
		check_expect("ocsp", &c, "!ts");
	}
	capture_free(&c);
	if (run_parser(P, (const char *)garbage, sizeof(garbage), 0, NULL, &c,
	    &d) != PARSE_ERR ||
	    strstr(d.msg, "not a certificate, CRL") == NULL)
		bad("garbage: %s", d.msg);
	capture_free(&c);
	der = make_crl(&s, &len);
	if (run_parser(P, (const char *)der, len / 2, 0, NULL, &c,
	    &d) != PARSE_ERR ||
	    strstr(d.msg, "not a valid CRL") == NULL)
		bad("truncated CRL: \"%s\"", d.msg);
	capture_free(&c);
	c.fail = 1;
	if (run_parser(P, (const char *)der, len, 0, NULL, &c,
	    &d) != PARSE_FATAL)
		bad("emit failure: not PARSE_FATAL");
	capture_free(&c);
	OPENSSL_free(der);
	end_test("ocsp and bad input");
}

static void
test_probe(void **state)
{
	struct crl_spec s = { "261113120500Z", NULL, 1, 0, .many = 3000 };
	static const unsigned char ocsp[] = { 0x30, 0x03, 0x0a, 0x01, 0x06 };
	static const char pem[] = "-----BEGIN X509 CRL-----\nMIIB\n"
	    "-----END X509 CRL-----\n";
	static const char text_pem[] = "CRL of the Acme CA\n"
	    "-----BEGIN X509 CRL-----\nMIIB\n-----END X509 CRL-----\n";
	static const char cert[] = "-----BEGIN CERTIFICATE-----\nMIIB\n"
	    "-----END CERTIFICATE-----\n";
	unsigned char *der, *head;
	size_t len;

	der = make_crl(&s, &len);
	assert_true(len > PROBE_HEAD);
	head = malloc(PROBE_HEAD);
	memcpy(head, der, PROBE_HEAD);
	if (P->probe((const char *)head, PROBE_HEAD, "x.crl") != 90)
		bad("probe: the first 64 KiB of a large CRL");
	if (parser_x509.probe((const char *)head, PROBE_HEAD, "x") != 0 ||
	    parser_rfc3161.probe((const char *)head, PROBE_HEAD, "x") != 0)
		bad("probe: a CRL is claimed by another PKI parser");
	if (P->probe((const char *)ocsp, sizeof(ocsp), "x") != 80)
		bad("probe: OCSP response");
	if (P->probe(pem, strlen(pem), "x") != 90)
		bad("probe: PEM CRL");
	if (P->probe(text_pem, strlen(text_pem), "x") != 85)
		bad("probe: PEM CRL after text");
	if (P->probe(cert, strlen(cert), "x") != 0)
		bad("probe: certificate");
	if (P->probe("", 0, "x") != 0 || P->probe("{\"a\":1}", 7, "x") != 0)
		bad("probe: not PKI");
	free(head);
	OPENSSL_free(der);
	end_test("probe");
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

static void
test_corpus(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	char path[4096];
	struct capture c;
	struct counts cnt;
	struct diag d;
	unsigned char *data;
	size_t len;
	enum parse_rc rc;

	snprintf(path, sizeof(path), "%s/../shared/corpus/x509/"
	    "asn1crypto.eid2011.crl", root ? root : ".");
	if ((data = (unsigned char *)read_file(path, &len)) == NULL) {
		print_message("no corpus file %s: skipped\n", path);
		skip();
		return;
	}
	if (parser_detect((const char *)data, PROBE_HEAD, "eid2011.crl",
	    NULL) != P)
		bad("eid2011.crl: not detected as a CRL");
	capture_init(&c, &cnt);
	rc = run_parser(P, (const char *)data, len, 0, NULL, &c, &d);
	if (rc != PARSE_OK || c.n != 15752)
		bad("eid2011.crl: rc %d, %d events (%s)", rc, c.n, d.msg);
	if (cnt.key_compromise != 18)
		bad("eid2011.crl: %d keyCompromise entries, want 18",
		    cnt.key_compromise);
	check_expect("eid2011", &c, "0:actor=emailAddress=pki@sk.ee,CN=EID-SK "
	    "2011,O=AS Sertifitseerimiskeskus,C=EE");
	check_expect("eid2011", &c, "0:attrs/serial="
	    "16e4b94ea2eaadd74dcd4070fc5ec340");
	check_expect("eid2011", &c, "0:ts=2011-05-16T23:10:32Z");
	check_expect("eid2011", &c, "0:attrs/reason=superseded");
	check_expect("eid2011", &c, "0:attrs/invalidity_date="
	    "2011-05-16T13:34:35Z");
	check_expect("eid2011", &c, "0:attrs/crl_number=3465");
	check_expect("eid2011", &c, "0:attrs/authority_key_id="
	    "b1109702fadd86c67841a4c33288fbfe1fe7c005");
	check_expect("eid2011", &c, "0:native_id~#16e4b94ea2eaadd74dcd4070fc5"
	    "ec340#3465");
	capture_free(&c);
	free(data);

	snprintf(path, sizeof(path), "%s/../shared/corpus/x509/"
	    "asn1crypto.ocsp_response.der", root ? root : ".");
	if ((data = (unsigned char *)read_file(path, &len)) == NULL) {
		bad("%s: cannot read", path);
	} else {
		if (parser_detect((const char *)data, len, "ocsp", NULL) != P)
			bad("ocsp_response.der: not detected");
		if (run_parser(P, (const char *)data, len, 0, NULL, &c,
		    &d) != PARSE_SKIP)
			bad("ocsp_response.der: not out of scope");
		capture_free(&c);
		if (run_parser(P, (const char *)data, len, 1, NULL, &c,
		    &d) != PARSE_OK || c.n != 1)
			bad("ocsp_response.der --all-events: %s", d.msg);
		else {
			check_expect("ocsp", &c, "ts=2015-05-22T16:24:08Z");
			check_expect("ocsp", &c,
			    "attrs/response_status=successful");
			check_expect("ocsp", &c, "attrs/responses/0/status=good");
			check_expect("ocsp", &c, "attrs/responses/0/serial="
			    "620e3a594e866fd1b68dd23ff2a54022");
		}
		capture_free(&c);
		free(data);
	}
	end_test("corpus");
}

static int
setup(void **state)
{
	ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	return ca_key ? 0 : -1;
}

static int
teardown(void **state)
{
	EVP_PKEY_free(ca_key);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_ocsp_and_bad),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
