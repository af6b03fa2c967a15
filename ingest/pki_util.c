/* SPDX-License-Identifier: MIT */
/*
 * pki_util.c - shared parts of the PKI parsers (see pki_util.h): the
 * recogniser of DER objects by their outer structure, the walk over the
 * objects of one item (concatenated DER, or PEM blocks of mixed types),
 * and the conversion of OpenSSL values to the text the case stores.
 *
 * Recognition reads DER headers only, so it works on the first 64 KiB
 * of a 1 MB CRL as well as on a whole certificate:
 *   Certificate   SEQ { SEQ tbs { [0] version?, INTEGER serial,
 *                 SEQ sigAlg, SEQ issuer, SEQ validity { Time, Time } ...
 *   CertificateList SEQ { SEQ tbs { INTEGER version?, SEQ sigAlg,
 *                 SEQ issuer, Time thisUpdate ...
 *   TimeStampResp SEQ { SEQ status { INTEGER 0..5, ... },
 *                 SEQ token { OID signedData ... }? }
 *   TimeStampToken SEQ { OID signedData, [0] { SEQ { INTEGER, SET,
 *                 SEQ { OID id-ct-TSTInfo ...
 *   TimeStampReq  SEQ { INTEGER 1, SEQ { SEQ { OID ... }, OCTET STRING }
 *   OCSPResponse  SEQ { ENUMERATED 0..6, [0] ... }
 *
 * PEM blocks are found by their "-----BEGIN <label>-----" lines at the
 * start of a line, so a PEM string inside JSON (a Sigstore bundle) is
 * never mistaken for one.  Blocks whose label is not a certificate, CRL,
 * PKCS#7/CMS object or OCSP response (private keys, requests, public
 * keys) are passed over and never stored.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>

#include "buf.h"
#include "codec.h"
#include "event.h"
#include "pki_util.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* DER headers                                                         */

#define DER_INDEF	((size_t)-1)

/* A run of DER elements; avail may stop short of their real end. */
struct pki_cur {
	const unsigned char *p;
	size_t		 avail;
};

/*
 * Reads the element at c: *tag, and *inner its content as far as it is
 * available.  Advances c past it (to the end when it is cut short or has
 * an indefinite length).  Returns 1, 0 at the end (or a last lone byte),
 * -1 when malformed.
 */
static int
pki_next(struct pki_cur *c, unsigned *tag, struct pki_cur *inner)
{
	size_t hl, cl = 0, n, i;

	/* one byte cannot hold an element: data cut short */
	if (c->avail < 2)
		return 0;
	if ((c->p[0] & 0x1f) == 0x1f)
		return -1;
	*tag = c->p[0];
	if (c->p[1] < 0x80) {
		cl = c->p[1];
		hl = 2;
	} else if (c->p[1] == 0x80) {
		cl = DER_INDEF;
		hl = 2;
	} else {
		n = c->p[1] & 0x7f;
		if (n > sizeof(size_t) || c->avail < 2 + n)
			return -1;
		for (i = 0; i < n; i++) {
			if (cl > (SIZE_MAX >> 8))
				return -1;
			cl = (cl << 8) | c->p[2 + i];
		}
		hl = 2 + n;
	}
	inner->p = c->p + hl;
	if (cl == DER_INDEF || cl > c->avail - hl) {
		inner->avail = c->avail - hl;
		c->p += c->avail;
		c->avail = 0;
	} else {
		inner->avail = cl;
		c->p += hl + cl;
		c->avail -= hl + cl;
	}
	return 1;
}

/* Whether the element content in is exactly the DER of the OID oid. */
static int
pki_is_oid(const struct pki_cur *in, const unsigned char *oid, size_t n)
{
	return in->avail == n && memcmp(in->p, oid, n) == 0;
}

/* 1.2.840.113549.1.7.2 signedData, 1.2.840.113549.1.9.16.1.4 TSTInfo */
static const unsigned char oid_signed_data[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02
};
static const unsigned char oid_tst_info[] = {
	0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x01, 0x04
};

/* ContentInfo content after its OID: [0] { SEQ { INT, SET, SEQ { OID */
static int
pki_sniff_tst(struct pki_cur c)
{
	struct pki_cur a, b, e;
	unsigned tag;

	if (pki_next(&c, &tag, &a) != 1 || tag != 0xa0)
		return 0;
	if (pki_next(&a, &tag, &b) != 1 || tag != 0x30)
		return 0;
	if (pki_next(&b, &tag, &e) != 1 || tag != 0x02)
		return 0;
	if (pki_next(&b, &tag, &e) != 1 || tag != 0x31)
		return 0;
	if (pki_next(&b, &tag, &a) != 1 || tag != 0x30)
		return 0;
	if (pki_next(&a, &tag, &e) != 1 || tag != 0x06)
		return 0;
	return pki_is_oid(&e, oid_tst_info, sizeof(oid_tst_info));
}

static int
pki_is_time(unsigned tag)
{
	return tag == 0x17 || tag == 0x18;
}

/*
 * The children of a tbsCertificate or tbsCertList.  Data cut short after
 * a certificate's [0] version (a probe head, a truncated file) is taken
 * for a certificate: no CRL starts that way.
 */
static enum pki_kind
pki_sniff_tbs(struct pki_cur c)
{
	struct pki_cur e, v;
	enum pki_kind cut = PKI_UNKNOWN;
	unsigned tag;
	int r;

	if (pki_next(&c, &tag, &e) != 1)
		return PKI_UNKNOWN;
	if (tag == 0xa0) {
		cut = PKI_CERT;
		if (pki_next(&c, &tag, &e) != 1)
			return cut;
	}
	if (tag != 0x02)
		return PKI_UNKNOWN;
	/* serial (certificate) or version (CRL): then the algorithm */
	if ((r = pki_next(&c, &tag, &e)) != 1)
		return r == 0 ? cut : PKI_UNKNOWN;
	if (tag != 0x30)
		return PKI_UNKNOWN;
	if ((r = pki_next(&e, &tag, &v)) < 0 || (r == 1 && tag != 0x06))
		return PKI_UNKNOWN;
	if ((r = pki_next(&c, &tag, &e)) != 1)
		return r == 0 ? cut : PKI_UNKNOWN;
	if (tag != 0x30)
		return PKI_UNKNOWN;
	if ((r = pki_next(&c, &tag, &e)) != 1)
		return r == 0 ? cut : PKI_UNKNOWN;
	if (pki_is_time(tag))
		return PKI_CRL;
	if (tag != 0x30)
		return PKI_UNKNOWN;
	if ((r = pki_next(&e, &tag, &v)) == 0 || (r == 1 && pki_is_time(tag)))
		return PKI_CERT;
	return PKI_UNKNOWN;
}

/* A CRL may also start without a version: SEQ sigAlg, SEQ issuer, Time */
static enum pki_kind
pki_sniff_crl_v1(struct pki_cur c)
{
	struct pki_cur e, v;
	unsigned tag;

	if (pki_next(&c, &tag, &e) != 1 || tag != 0x30)
		return PKI_UNKNOWN;
	if (pki_next(&e, &tag, &v) != 1 || tag != 0x06)
		return PKI_UNKNOWN;
	if (pki_next(&c, &tag, &e) != 1 || tag != 0x30)
		return PKI_UNKNOWN;
	if (pki_next(&c, &tag, &e) != 1 || !pki_is_time(tag))
		return PKI_UNKNOWN;
	return PKI_CRL;
}

enum pki_kind
pki_sniff(const unsigned char *p, size_t len)
{
	struct pki_cur top = { p, len }, c, e, f, s;
	unsigned tag;
	enum pki_kind k;

	if (pki_next(&top, &tag, &c) != 1 || tag != 0x30)
		return PKI_UNKNOWN;
	if (pki_next(&c, &tag, &e) != 1)
		return PKI_UNKNOWN;
	switch (tag) {
	case 0x06:		/* ContentInfo: a bare token */
		if (pki_is_oid(&e, oid_signed_data, sizeof(oid_signed_data)) &&
		    pki_sniff_tst(c))
			return PKI_TS_TOKEN;
		return PKI_UNKNOWN;
	case 0x0a:		/* OCSPResponse */
		if (e.avail == 1 && e.p[0] <= 6 &&
		    (c.avail == 0 || c.p[0] == 0xa0))
			return PKI_OCSP_RESP;
		return PKI_UNKNOWN;
	case 0x02:		/* TimeStampReq */
		if (e.avail != 1 || e.p[0] != 1)
			return PKI_UNKNOWN;
		if (pki_next(&c, &tag, &f) != 1 || tag != 0x30)
			return PKI_UNKNOWN;
		if (pki_next(&f, &tag, &s) != 1 || tag != 0x30)
			return PKI_UNKNOWN;
		if (pki_next(&f, &tag, &s) != 1 || tag != 0x04)
			return PKI_UNKNOWN;
		return PKI_TS_REQ;
	case 0x30:
		break;
	default:
		return PKI_UNKNOWN;
	}
	if ((k = pki_sniff_tbs(e)) != PKI_UNKNOWN)
		return k;
	if ((k = pki_sniff_crl_v1(e)) != PKI_UNKNOWN)
		return k;
	/* TimeStampResp: PKIStatusInfo, then the token or nothing */
	if (pki_next(&e, &tag, &f) != 1 || tag != 0x02 || f.avail != 1 ||
	    f.p[0] > 5)
		return PKI_UNKNOWN;
	if (pki_next(&e, &tag, &f) == 1 && tag != 0x30 && tag != 0x03)
		return PKI_UNKNOWN;
	if (c.avail == 0)
		return PKI_TS_RESP;
	if (pki_next(&c, &tag, &f) != 1 || tag != 0x30)
		return PKI_UNKNOWN;
	if (pki_next(&f, &tag, &s) != 1 || tag != 0x06 ||
	    !pki_is_oid(&s, oid_signed_data, sizeof(oid_signed_data)))
		return PKI_UNKNOWN;
	return PKI_TS_RESP;
}

/* ------------------------------------------------------------------ */
/* PEM blocks                                                          */

struct pki_pem {
	const char	*begin;		/* the BEGIN line */
	size_t		 len;		/* to the end of END's line */
	const char	*label;
	size_t		 label_len;
};

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";

static const char *
pki_memmem(const char *p, size_t len, const char *s)
{
	return memmem(p, len, s, strlen(s));
}

/*
 * Finds the next BEGIN line at or after *pos.  Returns 1 with b set and
 * *pos after the block, 0 when there is none, -1 when a BEGIN line has
 * no matching END line (b->begin and the label are set).
 */
static int
pki_pem_next(const char *p, size_t len, size_t *pos, struct pki_pem *b)
{
	const char *q, *lab, *e, *stop = p + len;
	char end_line[96];

	while (*pos < len) {
		q = pki_memmem(p + *pos, len - *pos, pem_begin);
		if (q == NULL)
			return 0;
		*pos = (size_t)(q - p) + 1;
		if (q != p && q[-1] != '\n')
			continue;
		lab = q + sizeof(pem_begin) - 1;
		for (e = lab; e < stop && e - lab < 64 && *e != '-' &&
		    *e != '\n'; e++)
			;
		if (e + 5 > stop || memcmp(e, "-----", 5) != 0 || e == lab)
			continue;
		b->begin = q;
		b->label = lab;
		b->label_len = (size_t)(e - lab);
		snprintf(end_line, sizeof(end_line), "%s%.*s-----", pem_end,
		    (int)b->label_len, lab);
		q = pki_memmem(e, (size_t)(stop - e), end_line);
		if (q == NULL) {
			*pos = len;
			b->len = (size_t)(stop - b->begin);
			return -1;
		}
		q += strlen(end_line);
		while (q < stop && (*q == '\r' || *q == '\n'))
			q++;
		b->len = (size_t)(q - b->begin);
		*pos = (size_t)(q - p);
		return 1;
	}
	return 0;
}

static int
pki_label_is(const struct pki_pem *b, const char *s)
{
	return b->label_len == strlen(s) && memcmp(b->label, s, b->label_len)
	    == 0;
}

/* The kind a PEM label announces; PKI_TS_TOKEN for PKCS#7 and CMS. */
static enum pki_kind
pki_label_kind(const struct pki_pem *b)
{
	if (pki_label_is(b, "CERTIFICATE") ||
	    pki_label_is(b, "X509 CERTIFICATE") ||
	    pki_label_is(b, "TRUSTED CERTIFICATE"))
		return PKI_CERT;
	if (pki_label_is(b, "X509 CRL"))
		return PKI_CRL;
	if (pki_label_is(b, "PKCS7") || pki_label_is(b, "CMS") ||
	    pki_label_is(b, "PKCS #7 SIGNED DATA"))
		return PKI_TS_TOKEN;
	if (pki_label_is(b, "OCSP RESPONSE"))
		return PKI_OCSP_RESP;
	return PKI_UNKNOWN;
}

/*
 * Decodes a block's base64 (OpenSSL's PEM reader: headers allowed).
 * Returns the DER (OPENSSL_free) and *n, or NULL with the reason in d.
 */
static unsigned char *
pki_pem_decode(const struct pki_pem *b, long *n, struct diag *d)
{
	BIO *bio;
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	char why[256];

	if (b->len > INT_MAX) {
		diag_set(d, "PEM block too large");
		return NULL;
	}
	bio = BIO_new_mem_buf(b->begin, (int)b->len);
	if (bio == NULL) {
		diag_set(d, "out of memory");
		return NULL;
	}
	if (!PEM_read_bio(bio, &name, &header, &data, n)) {
		diag_set(d, "bad PEM data: %s", pki_ssl_error(why,
		    sizeof(why), "cannot decode the base64"));
		data = NULL;
	} else if (*n <= 0) {
		diag_set(d, "empty PEM block");
		OPENSSL_free(data);
		data = NULL;
	}
	OPENSSL_free(name);
	OPENSSL_free(header);
	BIO_free(bio);
	return data;
}

static int
pki_looks_json(const char *p, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' ||
	    p[i] == '\n'))
		i++;
	return i < len && (p[i] == '{' || p[i] == '[');
}

enum pki_kind
pki_first_kind(const char *head, size_t len, int *pem, int *at_start)
{
	struct pki_pem b;
	size_t pos = 0, i;
	enum pki_kind k;
	unsigned char *der;
	long n;
	struct diag d;
	int r;

	*pem = 0;
	*at_start = 0;
	if (len > 0 && (unsigned char)head[0] == 0x30) {
		*at_start = 1;
		return pki_sniff((const unsigned char *)head, len);
	}
	if (pki_looks_json(head, len) || memchr(head, '\0', len))
		return PKI_UNKNOWN;
	while ((r = pki_pem_next(head, len, &pos, &b)) != 0) {
		k = pki_label_kind(&b);
		if (k == PKI_UNKNOWN)
			continue;
		if (k == PKI_TS_TOKEN) {
			/* PKCS#7 holds many things: only tokens are ours */
			if (r < 0)
				return PKI_UNKNOWN;
			der = pki_pem_decode(&b, &n, &d);
			ERR_clear_error();
			if (der == NULL)
				continue;
			k = pki_sniff(der, (size_t)n);
			OPENSSL_free(der);
			if (k != PKI_TS_TOKEN && k != PKI_TS_RESP)
				continue;
		}
		*pem = 1;
		for (i = 0; head + i < b.begin && (head[i] == ' ' ||
		    head[i] == '\t' || head[i] == '\r' || head[i] == '\n');
		    i++)
			;
		*at_start = head + i == b.begin;
		return k;
	}
	return PKI_UNKNOWN;
}

/* ------------------------------------------------------------------ */
/* One item: every object in it                                        */

static const char *
pki_kind_name(enum pki_kind k)
{
	switch (k) {
	case PKI_CERT:
		return "certificate";
	case PKI_CRL:
		return "CRL";
	case PKI_OCSP_RESP:
		return "OCSP response";
	case PKI_TS_RESP:
		return "time-stamp response";
	case PKI_TS_TOKEN:
		return "time-stamp token";
	case PKI_TS_REQ:
		return "time-stamp request";
	case PKI_UNKNOWN:
		break;
	}
	return "unknown object";
}

static int
pki_in_family(enum pki_family fam, enum pki_kind k)
{
	switch (fam) {
	case PKI_FAM_X509:
		return k == PKI_CERT;
	case PKI_FAM_CRL:
		return k == PKI_CRL || k == PKI_OCSP_RESP;
	case PKI_FAM_TS:
		return k == PKI_TS_RESP || k == PKI_TS_TOKEN ||
		    k == PKI_TS_REQ;
	}
	return 0;
}

static const char *
pki_family_name(enum pki_family fam)
{
	switch (fam) {
	case PKI_FAM_X509:
		return "a certificate";
	case PKI_FAM_CRL:
		return "a CRL or OCSP response";
	case PKI_FAM_TS:
		return "an RFC 3161 time-stamp object";
	}
	return "?";
}

/* The outcome of the objects of one item so far. */
struct pki_tally {
	int		 ok, nonevent, skip, bad, fatal, objects;
	struct diag	 first;		/* why the first bad one is */
};

static void
pki_tally(struct pki_tally *t, enum parse_rc rc, const struct diag *d,
    const char *where)
{
	t->objects++;
	switch (rc) {
	case PARSE_OK:
		t->ok++;
		break;
	case PARSE_NONEVENT:
		t->nonevent++;
		break;
	case PARSE_SKIP:
		t->skip++;
		break;
	case PARSE_FATAL:
		t->fatal++;
		break;
	case PARSE_ERR:
		if (t->bad++ == 0)
			diag_set(&t->first, "%s: %s", where, d->msg[0] ?
			    d->msg : "not understood");
		break;
	}
}

static enum parse_rc
pki_emit_obj(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	diag_clear(d);
	switch (o->kind) {
	case PKI_CERT:
		return pki_x509_emit(o, used, pc, ev, d);
	case PKI_CRL:
	case PKI_OCSP_RESP:
		return pki_crl_emit(o, used, pc, ev, d);
	case PKI_TS_RESP:
	case PKI_TS_TOKEN:
	case PKI_TS_REQ:
		return pki_ts_emit(o, used, pc, ev, d);
	case PKI_UNKNOWN:
		break;
	}
	return diag_set(d, "not a certificate, CRL or time-stamp object");
}

static int
pki_blank(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n' && p[i] != '\0')
			return 0;
	return 1;
}

static void
pki_items_der(const unsigned char *p, size_t len, enum pki_family fam,
    struct pki_tally *t, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	struct pki_obj o;
	size_t pos = 0, used;
	char where[96];
	enum parse_rc rc;

	while (pos < len && t->fatal == 0) {
		if (pos > 0 && pki_blank(p + pos, len - pos))
			break;
		memset(&o, 0, sizeof(o));
		o.kind = pki_sniff(p + pos, len - pos);
		o.der = p + pos;
		o.len = len - pos;
		o.encoding = "der";
		o.offset = (int64_t)pos;
		o.index = t->objects;
		snprintf(where, sizeof(where), "%s at byte %zu",
		    pki_kind_name(o.kind), pos);
		if (t->objects == 0 && o.kind != PKI_UNKNOWN &&
		    !pki_in_family(fam, o.kind)) {
			diag_set(d, "this is %s %s, not %s (use another "
			    "--format)", o.kind == PKI_OCSP_RESP ? "an" : "a",
			    pki_kind_name(o.kind), pki_family_name(fam));
			pki_tally(t, PARSE_ERR, d, where);
			return;
		}
		if (o.kind == PKI_UNKNOWN) {
			diag_set(d, "not a certificate, CRL or time-stamp "
			    "object (DER)");
			pki_tally(t, PARSE_ERR, d, where);
			return;
		}
		used = 0;
		rc = pki_emit_obj(&o, &used, pc, ev, d);
		pki_tally(t, rc, d, where);
		if (rc == PARSE_ERR || used == 0 || used > len - pos)
			return;
		pos += used;
	}
}

static void
pki_items_pem(const unsigned char *p, size_t len, enum pki_family fam,
    struct pki_tally *t, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const char *text = (const char *)p;
	struct pki_pem b;
	struct pki_obj o;
	unsigned char *der;
	size_t pos = 0, used;
	long n;
	char where[128];
	enum pki_kind k;
	enum parse_rc rc;
	int r, blocks = 0;

	while (t->fatal == 0 && (r = pki_pem_next(text, len, &pos, &b)) != 0) {
		blocks++;
		snprintf(where, sizeof(where), "PEM block %d (%.*s) at byte "
		    "%zu", blocks, (int)b.label_len, b.label,
		    (size_t)(b.begin - text));
		k = pki_label_kind(&b);
		if (k == PKI_UNKNOWN)
			continue;	/* keys, requests: not evidence here */
		if (r < 0) {
			diag_set(d, "no \"-----END %.*s-----\" line (the "
			    "block is cut short)", (int)b.label_len, b.label);
			pki_tally(t, PARSE_ERR, d, where);
			break;
		}
		der = pki_pem_decode(&b, &n, d);
		if (der == NULL) {
			pki_tally(t, PARSE_ERR, d, where);
			continue;
		}
		memset(&o, 0, sizeof(o));
		o.kind = pki_sniff(der, (size_t)n);
		if (k == PKI_TS_TOKEN && o.kind != PKI_TS_TOKEN &&
		    o.kind != PKI_TS_RESP) {
			/* a PKCS#7 that is not a token: not ours */
			OPENSSL_free(der);
			continue;
		}
		if (o.kind != k && !(k == PKI_TS_TOKEN &&
		    o.kind == PKI_TS_RESP)) {
			diag_set(d, "the data is %s %s, not what the label "
			    "says", o.kind == PKI_UNKNOWN ? "an" : "a",
			    pki_kind_name(o.kind));
			pki_tally(t, PARSE_ERR, d, where);
			OPENSSL_free(der);
			continue;
		}
		if (t->objects == 0 && !pki_in_family(fam, o.kind)) {
			diag_set(d, "this is a %s, not %s (use another "
			    "--format)", pki_kind_name(o.kind),
			    pki_family_name(fam));
			pki_tally(t, PARSE_ERR, d, where);
			OPENSSL_free(der);
			return;
		}
		o.der = der;
		o.len = (size_t)n;
		o.raw = b.begin;
		o.raw_len = b.len;
		o.encoding = "pem";
		o.offset = (int64_t)(b.begin - text);
		o.index = t->objects;
		used = 0;
		rc = pki_emit_obj(&o, &used, pc, ev, d);
		if (rc != PARSE_ERR && rc != PARSE_FATAL && used < o.len &&
		    !pki_blank(der + used, o.len - used) &&
		    !pki_label_is(&b, "TRUSTED CERTIFICATE")) {
			/* the block holds more than one object */
			diag_set(d, "%zu bytes after the %s", o.len - used,
			    pki_kind_name(o.kind));
			if (rc == PARSE_OK)
				t->ok++;
			rc = PARSE_ERR;
		}
		pki_tally(t, rc, d, where);
		OPENSSL_free(der);
	}
	if (t->objects == 0 && t->fatal == 0) {
		diag_set(d, "no certificate, CRL or time-stamp token in %d "
		    "PEM block(s)", blocks);
		pki_tally(t, PARSE_ERR, d, "PEM");
	}
}

enum parse_rc
pki_parse_item(const unsigned char *p, size_t len, enum pki_family fam,
    struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	struct pki_tally t;

	memset(&t, 0, sizeof(t));
	diag_clear(&t.first);
	if (len == 0)
		return diag_set(d, "empty item");
	if (p[0] == 0x30)
		pki_items_der(p, len, fam, &t, pc, ev, d);
	else
		pki_items_pem(p, len, fam, &t, pc, ev, d);
	ERR_clear_error();
	if (t.fatal)
		return PARSE_FATAL;
	if (t.bad) {
		if (t.bad > 1)
			diag_set(d, "%s (and %d more bad object(s))",
			    t.first.msg, t.bad - 1);
		else
			diag_set(d, "%s", t.first.msg);
		return PARSE_ERR;
	}
	if (t.ok)
		return PARSE_OK;
	if (t.nonevent)
		return PARSE_NONEVENT;
	return PARSE_SKIP;
}

/* ------------------------------------------------------------------ */
/* Values as text                                                      */

/* p[0..n) as text: valid UTF-8 kept, anything else as \xNN. */
char *
pki_text(const void *vp, size_t n)
{
	const unsigned char *p = vp;
	struct buf b = BUF_INIT;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		/* NUL and the other controls are escaped too */
		k = p[i] < 0x20 || p[i] == 0x7f ? 0 : utf8_seq(p + i, n - i,
		    &cp);
		if (k == 0) {
			buf_addf(&b, "\\x%02x", p[i]);
			i++;
		} else {
			buf_add(&b, p + i, k);
			i += k;
		}
	}
	return buf_detach(&b, NULL);
}

static char *
pki_bio_text(BIO *bio)
{
	char *data = NULL;
	long n = BIO_get_mem_data(bio, &data);

	if (n <= 0 || data == NULL)
		return xstrdup("");
	return pki_text((const unsigned char *)data, (size_t)n);
}

char *
pki_name(const X509_NAME *n)
{
	BIO *bio;
	char *s;

	if (n == NULL)
		return xstrdup("");
	if ((bio = BIO_new(BIO_s_mem())) == NULL)
		return xstrdup("");
	/* RFC 2253 order and escapes, but UTF-8 kept as UTF-8 */
	if (X509_NAME_print_ex(bio, n, 0, XN_FLAG_RFC2253 &
	    ~ASN1_STRFLGS_ESC_MSB) < 0)
		s = xstrdup("");
	else
		s = pki_bio_text(bio);
	BIO_free(bio);
	return s;
}

char *
pki_name_cn(const X509_NAME *n)
{
	const X509_NAME_ENTRY *e;
	unsigned char *u = NULL;
	int i, len;
	char *s;

	if (n == NULL || (i = X509_NAME_get_index_by_NID(n, NID_commonName,
	    -1)) < 0)
		return NULL;
	e = X509_NAME_get_entry(n, i);
	len = ASN1_STRING_to_UTF8(&u, X509_NAME_ENTRY_get_data(e));
	if (len < 0)
		return NULL;
	s = pki_text(u, (size_t)len);
	OPENSSL_free(u);
	return s;
}

char *
pki_int_hex(const ASN1_INTEGER *i)
{
	BIGNUM *bn;
	char *h, *s;

	if (i == NULL || (bn = ASN1_INTEGER_to_BN(i, NULL)) == NULL)
		return xstrdup("");
	h = BN_bn2hex(bn);
	BN_free(bn);
	if (h == NULL)
		return xstrdup("");
	s = ascii_lower(xstrdup(h));
	OPENSSL_free(h);
	return s;
}

char *
pki_int_dec(const ASN1_INTEGER *i)
{
	BIGNUM *bn;
	char *h, *s;

	if (i == NULL || (bn = ASN1_INTEGER_to_BN(i, NULL)) == NULL)
		return xstrdup("");
	h = BN_bn2dec(bn);
	BN_free(bn);
	if (h == NULL)
		return xstrdup("");
	s = xstrdup(h);
	OPENSSL_free(h);
	return s;
}

char *
pki_oid(const ASN1_OBJECT *o)
{
	int n;
	char *s;

	if (o == NULL || (n = OBJ_obj2txt(NULL, 0, o, 1)) <= 0)
		return xstrdup("");
	s = xmalloc((size_t)n + 1);
	OBJ_obj2txt(s, n + 1, o, 1);
	return s;
}

char *
pki_oid_name(const ASN1_OBJECT *o)
{
	int nid = o ? OBJ_obj2nid(o) : NID_undef;
	const char *sn;

	if (nid != NID_undef && (sn = OBJ_nid2sn(nid)) != NULL)
		return xstrdup(sn);
	return pki_oid(o);
}

static char *
pki_str_text(const ASN1_STRING *s)
{
	if (s == NULL)
		return xstrdup("");
	return pki_text(ASN1_STRING_get0_data(s),
	    (size_t)ASN1_STRING_length(s));
}

static char *
pki_ip_text(const ASN1_OCTET_STRING *ip)
{
	const unsigned char *p = ASN1_STRING_get0_data(ip);
	int n = ASN1_STRING_length(ip), i;
	struct buf b = BUF_INIT;

	if (n == 4) {
		buf_addf(&b, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
	} else if (n == 16) {
		for (i = 0; i < 16; i += 2)
			buf_addf(&b, "%s%x", i ? ":" : "",
			    (unsigned)(p[i] << 8 | p[i + 1]));
	} else {
		for (i = 0; i < n; i++)
			buf_addf(&b, "%02x", p[i]);
	}
	return buf_detach(&b, NULL);
}

char *
pki_gname(const GENERAL_NAME *g, int plain_dn)
{
	char *v, *s, *oid;
	const char *type;
	int t;
	const ASN1_TYPE *val;

	if (g == NULL)
		return xstrdup("");
	switch (g->type) {
	case GEN_DIRNAME:
		v = pki_name(g->d.directoryName);
		if (plain_dn)
			return v;
		type = "DirName";
		break;
	case GEN_URI:
		type = "URI";
		v = pki_str_text(g->d.uniformResourceIdentifier);
		break;
	case GEN_EMAIL:
		type = "email";
		v = pki_str_text(g->d.rfc822Name);
		break;
	case GEN_DNS:
		type = "DNS";
		v = pki_str_text(g->d.dNSName);
		break;
	case GEN_IPADD:
		type = "IP";
		v = pki_ip_text(g->d.iPAddress);
		break;
	case GEN_RID:
		type = "RID";
		v = pki_oid(g->d.registeredID);
		break;
	case GEN_OTHERNAME:
		type = "othername";
		oid = pki_oid(g->d.otherName->type_id);
		val = g->d.otherName->value;
		t = val ? val->type : -1;
		if (t == V_ASN1_UTF8STRING || t == V_ASN1_IA5STRING ||
		    t == V_ASN1_PRINTABLESTRING) {
			s = pki_str_text(val->value.asn1_string);
			v = xasprintf("%s:%s", oid, s);
			free(s);
			free(oid);
		} else {
			v = oid;
		}
		break;
	default:
		type = "other";
		v = xstrdup("");
		break;
	}
	s = xasprintf("%s:%s", type, v);
	free(v);
	return s;
}

static int
pki_digits(const unsigned char *p, size_t n, int *out)
{
	size_t i;
	int v = 0;

	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*out = v;
	return 0;
}

int
pki_time(const ASN1_TIME *t, int64_t *us, char **raw, unsigned *flags)
{
	const unsigned char *p;
	size_t n, i, yl;
	int year, mon, day, hh, mm, ss = 0, oh = 0, om = 0, sign = 0;
	int64_t frac = 0, scale = 100000;
	unsigned fl = 0;

	*raw = NULL;
	if (t == NULL)
		return -1;
	p = ASN1_STRING_get0_data(t);
	n = (size_t)ASN1_STRING_length(t);
	if (ASN1_STRING_type(t) == V_ASN1_UTCTIME)
		yl = 2;
	else if (ASN1_STRING_type(t) == V_ASN1_GENERALIZEDTIME)
		yl = 4;
	else
		return -1;
	*raw = pki_text(p, n);
	if (n < yl + 8 || pki_digits(p, yl, &year) < 0 ||
	    pki_digits(p + yl, 2, &mon) < 0 ||
	    pki_digits(p + yl + 2, 2, &day) < 0 ||
	    pki_digits(p + yl + 4, 2, &hh) < 0 ||
	    pki_digits(p + yl + 6, 2, &mm) < 0)
		return -1;
	if (yl == 2)
		year += year >= 50 ? 1900 : 2000;
	i = yl + 8;
	if (i + 2 <= n && pki_digits(p + i, 2, &ss) == 0)
		i += 2;
	if (i < n && (p[i] == '.' || p[i] == ',') && yl == 4) {
		for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++) {
			frac += (p[i] - '0') * scale;
			scale /= 10;
		}
	} else {
		fl |= TS_COARSE;
	}
	if (i < n && p[i] == 'Z') {
		i++;
	} else if (i < n && (p[i] == '+' || p[i] == '-')) {
		sign = p[i] == '+' ? 1 : -1;
		if (i + 5 > n || pki_digits(p + i + 1, 2, &oh) < 0 ||
		    pki_digits(p + i + 3, 2, &om) < 0 || oh > 23 || om > 59)
			return -1;
		i += 5;
	} else {
		fl |= TS_ASSUMED_UTC;
	}
	if (i != n)
		return -1;
	if (ss == 60) {
		ss = 59;
		frac = 999999;
		fl |= TS_LEAP;
	}
	if (ts_from_civil(year, mon, day, hh, mm, ss, frac, us) < 0)
		return -1;
	*us -= (int64_t)sign * ((int64_t)oh * 3600 + om * 60) * 1000000;
	*flags = fl;
	return 0;
}

void
pki_attr_time(struct event *ev, const char *key, int64_t us)
{
	char b[TS_BUFSZ];

	event_attr_str(ev, key, ts_format(us, b));
}

json_t *
pki_json_text(const char *s)
{
	json_t *j;
	char *c;

	if (s == NULL)
		return NULL;
	if ((j = json_string(s)) != NULL)
		return j;
	c = pki_text((const unsigned char *)s, strlen(s));
	j = json_string(c);
	free(c);
	return j;
}

void
pki_attr_text(struct event *ev, const char *key, const char *s)
{
	event_attr(ev, key, pki_json_text(s));
}

char *
pki_ssl_error(char *buf, size_t bufsz, const char *what)
{
	unsigned long e;
	const char *data = NULL, *reason;
	int flags = 0;
	size_t o = 0;
	char num[32];

	buf[0] = '\0';
	while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
		reason = ERR_reason_error_string(e);
		if (reason == NULL) {
			snprintf(num, sizeof(num), "error %08lx", e);
			reason = num;
		}
		if (o + 1 >= bufsz)
			continue;
		/* the same reason twice says nothing new */
		if (strstr(buf, reason) != NULL && !((flags & ERR_TXT_STRING) &&
		    data && *data))
			continue;
		o += (size_t)snprintf(buf + o, bufsz - o, "%s%s", o ? "; " : "",
		    reason);
		if (o < bufsz && (flags & ERR_TXT_STRING) && data && *data)
			o += (size_t)snprintf(buf + o, bufsz - o, " (%s)",
			    data);
		if (o >= bufsz)
			o = bufsz - 1;
	}
	if (buf[0] == '\0')
		snprintf(buf, bufsz, "%s", what);
	return buf;
}

void
pki_event_start(struct event *ev, const void *p, size_t n)
{
	event_clear(ev);
	ev->raw = p;
	ev->raw_len = n;
}
