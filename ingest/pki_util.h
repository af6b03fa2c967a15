/* SPDX-License-Identifier: MIT */
/*
 * pki_util.h - what the three PKI parsers (parse_x509.c, parse_crl.c,
 * parse_rfc3161.c) and the PKI derivation share: recognising DER objects
 * from their first bytes (also cut short, as probes see them), walking an
 * item that holds several objects (concatenated DER, or PEM blocks of
 * mixed types: a chain, a CA bundle with its CRL), and turning OpenSSL
 * values (names, integers, times, general names) into the text the case
 * stores.  Every item goes through pki_parse_item(), whichever of the
 * three parsers claimed it, so a mixed bundle gives the same events as
 * its parts would; each event carries the name of the parser of its own
 * object type (x509, crl, rfc3161) as its source.
 */
#ifndef PKI_UTIL_H
#define PKI_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <openssl/asn1.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "parser.h"

struct store;

enum pki_kind {
	PKI_UNKNOWN = 0,
	PKI_CERT,		/* X.509 Certificate */
	PKI_CRL,		/* X.509 CertificateList */
	PKI_OCSP_RESP,		/* OCSPResponse (RFC 6960) */
	PKI_TS_RESP,		/* TimeStampResp (RFC 3161) */
	PKI_TS_TOKEN,		/* ContentInfo SignedData of a TSTInfo */
	PKI_TS_REQ,		/* TimeStampReq */
};

/* One object of an item, as handed to the emitters below. */
struct pki_obj {
	enum pki_kind	 kind;
	const unsigned char *der;	/* its DER, up to the item's end */
	size_t		 len;
	const void	*raw;		/* PEM block text, or NULL: der */
	size_t		 raw_len;
	const char	*encoding;	/* "der" or "pem" */
	int64_t		 offset;	/* where it starts in the item */
	int		 index;		/* 0-based place in the item */
};

/*
 * The kind of the DER object at p (at most len bytes, which may stop
 * short of its end), from its outer structure only.
 */
enum pki_kind	pki_sniff(const unsigned char *p, size_t len);
/*
 * The kind of the first PKI object in head: DER, or the first PEM block
 * whose label names one.  *pem gets 1 for PEM, *at_start 1 when nothing
 * but white space comes before it.  PKI_UNKNOWN when there is none.
 */
enum pki_kind	pki_first_kind(const char *head, size_t len, int *pem,
		    int *at_start);

/* Kinds each parser may start an item with (--format forces one). */
enum pki_family { PKI_FAM_X509, PKI_FAM_CRL, PKI_FAM_TS };

/*
 * Parses a whole item (INPUT_BLOB) holding PKI objects and emits their
 * events.  Returns PARSE_OK when at least one event was emitted and
 * nothing was wrong, PARSE_NONEVENT / PARSE_SKIP when the objects were
 * valid but gave no event, PARSE_ERR (d says which object, at which
 * byte, and why; events of the good objects are kept), PARSE_FATAL.
 */
enum parse_rc	pki_parse_item(const unsigned char *p, size_t len,
		    enum pki_family fam, struct parse_ctx *pc,
		    struct event *ev, struct diag *d);

/*
 * The emitters, one per parser file.  Each parses the object at o->der,
 * sets *used to the bytes it took, emits its events (restoring ev->raw
 * for each) and returns a parse_rc.
 */
enum parse_rc	pki_x509_emit(const struct pki_obj *o, size_t *used,
		    struct parse_ctx *pc, struct event *ev, struct diag *d);
enum parse_rc	pki_crl_emit(const struct pki_obj *o, size_t *used,
		    struct parse_ctx *pc, struct event *ev, struct diag *d);
enum parse_rc	pki_ts_emit(const struct pki_obj *o, size_t *used,
		    struct parse_ctx *pc, struct event *ev, struct diag *d);

/* Starts the next event of an object: clears ev, raw = p[0..n). */
void	pki_event_start(struct event *ev, const void *p, size_t n);

/* Value formatting: every result is new (free()), never NULL. */

/* RFC 2253 text of a name, UTF-8 kept ("CN=Acme CA,O=Acme Corp,C=US"). */
char	*pki_name(const X509_NAME *n);
/* The first commonName of n, or NULL when it has none. */
char	*pki_name_cn(const X509_NAME *n);
/*
 * An INTEGER as lowercase hex of its bytes, as OpenSSL's BN_bn2hex
 * writes it ("0a1b", "-01", "0"): certificate and token serials.
 */
char	*pki_int_hex(const ASN1_INTEGER *i);
/* An INTEGER in decimal (CRL numbers). */
char	*pki_int_dec(const ASN1_INTEGER *i);
/* Dotted text of an OID. */
char	*pki_oid(const ASN1_OBJECT *o);
/* The OID's short name ("codeSigning") when OpenSSL knows it, else dotted. */
char	*pki_oid_name(const ASN1_OBJECT *o);
/*
 * A GeneralName: a directoryName as its RFC 2253 text when plain_dn,
 * otherwise "<type>:<value>" ("URI:https://...", "email:a@b", "DNS:x").
 */
char	*pki_gname(const GENERAL_NAME *g, int plain_dn);
/*
 * UTCTime or GeneralizedTime to UTC microseconds, with the text as found
 * (*raw, new) and TS_COARSE when it has no fraction of a second.
 * Returns 0, or -1 when the time is not valid.
 */
int	pki_time(const ASN1_TIME *t, int64_t *us, char **raw,
	    unsigned *flags);
/* Adds key = ISO 8601 text of us to ev's attrs. */
void	pki_attr_time(struct event *ev, const char *key, int64_t us);
/* Adds key = s, escaped when it is not valid UTF-8 (never dropped). */
void	pki_attr_text(struct event *ev, const char *key, const char *s);
/* p[0..n) as text: valid UTF-8 kept, NUL, controls and the rest \xNN. */
char	*pki_text(const void *p, size_t n);
/* A JSON string of s, escaped as above. */
json_t	*pki_json_text(const char *s);
/*
 * Takes every error off OpenSSL's queue of this thread and writes the
 * most useful reasons into buf ("certificate verify error (Verify
 * error:unable to get local issuer certificate)"), or what when empty.
 */
char	*pki_ssl_error(char *buf, size_t bufsz, const char *what);

/*
 * The PKI derivation (derive_pki.c, in the table of derive.c) and its
 * part that checks time-stamp tokens (derive_timestamps.c).
 */
int	pki_verify_timestamps(struct store *st, const struct parse_opts *o);

#endif
