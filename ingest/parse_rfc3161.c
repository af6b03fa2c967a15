/* SPDX-License-Identifier: MIT */
/*
 * parse_rfc3161.c - RFC 3161 time-stamps (formats.md section I.1): DER
 * TimeStampResp (.tsr, what a TSA answers), bare TimeStampTokens (.tst,
 * .p7s: a CMS SignedData whose content is a TSTInfo, as signatures embed
 * them), PEM "PKCS7"/"CMS" blocks holding either, and TimeStampReq
 * (.tsq), which is recognized and counted as a non-event record: a
 * request only says what someone asked to have time-stamped, not that it
 * was.
 *
 * A real one (shared corpus, asn1crypto.geotrust.tsp_response.tsr), as
 * `openssl ts -reply -in <file> -text` shows it:
 *   Status: Granted.
 *   Version: 1
 *   Policy OID: 1.1.2
 *   Hash Algorithm: sha1
 *   Message data: 53 c9 db c1 6d db 34 3b 28 4e ...
 *   Serial number: 0x207ACC6B
 *   Time stamp: Jun  1 18:39:55 2015 GMT
 *   Accuracy: 0x3C seconds, unspecified millis, unspecified micros
 *   Nonce: 0xF79EA48773749B0A
 *   TSA: DirName:/C=US/O=GeoTrust Inc/CN=GeoTrust Timestamping Signer 1
 *
 * Mapping, one event per token (action pki.timestamp, operation
 * "rfc3161:TimeStampResp" or "rfc3161:TimeStampToken"):
 *   ts = genTime (the TSA's trusted time; microseconds kept when the
 *   token has a fraction, else flag coarse);
 *   digest = "<hash>:<hex of hashedMessage>" ("sha256:...", "sha1:...",
 *   a dotted OID for hashes OpenSSL does not name): what was
 *   time-stamped (for CMS and Authenticode, the signature value);
 *   actor = the TSA name (a directoryName as its RFC 2253 DN, other
 *   GeneralNames as "URI:...", "DNS:..."), else the signer's subject;
 *   key_ref = "spki-sha256:<hex>" of the TSA certificate when the token
 *   embeds it (key_ref_src "tsa-cert"), else none;
 *   native_id = "sha256:<TSA certificate fingerprint>#<serial>#<h>" when
 *   the token embeds the signer certificate, else "<TSA name>#<serial>#
 *   <h>", else "<signer issuer DN>#<signer serial>#<serial>#<h>", where
 *   h is the first 16 hex digits of the SHA-256 of the token's DER: the
 *   same token read from a response and from a signature is stored once,
 *   while an altered copy (same TSA and serial, other bytes) is kept
 *   apart instead of being taken for a duplicate of the genuine one;
 *   attrs: status, status_text, failure_info[] (responses), version,
 *   policy (dotted OID), hash_algorithm, message_imprint (hex), serial
 *   (lowercase hex), gen_time (ISO UTC), accuracy_us and the bounds
 *   gen_time_min / gen_time_max (genTime -/+ accuracy), ordering, nonce
 *   (hex), tsa, extensions (count), signer_subject, signer_issuer,
 *   signer_serial, signer_cn, signer_cert_sha256, signer_spki_sha256,
 *   certs_embedded, signature_algorithm, signer_digest_algorithm,
 *   token_sha256 (of the token's DER), encoding; and
 *   verified = false with verify_error "not verified yet".  Parsers load
 *   nothing, so the signature is checked after the ingest by the PKI
 *   derivation (derive_timestamps.c), against the --tsa-ca files and the
 *   CA certificates of the case, which rewrites verified, verify_error,
 *   verified_with and signature_valid.
 * A response whose status is not granted carries no token: one event
 *   with outcome failure, error_code = the status (rejection, waiting),
 *   error_message = its text and failure info, no time.
 *
 * Unsupported: Authenticode's legacy countersignatures (not RFC 3161);
 * extensions of the TSTInfo are only counted.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "buf.h"
#include "codec.h"
#include "digest.h"
#include "event.h"
#include "parser.h"
#include "pki_util.h"
#include "timeutil.h"
#include "xalloc.h"

static const char *const ts_status_names[] = {
	"granted", "grantedWithMods", "rejection", "waiting",
	"revocationWarning", "revocationNotification",
};

static const struct {
	int		 bit;
	const char	*name;
} ts_failures[] = {
	{ TS_INFO_BAD_ALG, "badAlg" },
	{ TS_INFO_BAD_REQUEST, "badRequest" },
	{ TS_INFO_BAD_DATA_FORMAT, "badDataFormat" },
	{ TS_INFO_TIME_NOT_AVAILABLE, "timeNotAvailable" },
	{ TS_INFO_UNACCEPTED_POLICY, "unacceptedPolicy" },
	{ TS_INFO_UNACCEPTED_EXTENSION, "unacceptedExtension" },
	{ TS_INFO_ADD_INFO_NOT_AVAILABLE, "addInfoNotAvailable" },
	{ TS_INFO_SYSTEM_FAILURE, "systemFailure" },
};

/* Status, text and failure info of a response into attrs; *status. */
static void
ts_status(TS_RESP *resp, struct event *ev, long *status, struct buf *msg)
{
	TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
	const STACK_OF(ASN1_UTF8STRING) *text;
	const ASN1_BIT_STRING *fi;
	json_t *a;
	char *s;
	size_t i;
	int k;

	*status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si));
	if (*status >= 0 && (size_t)*status < sizeof(ts_status_names) /
	    sizeof(ts_status_names[0]))
		event_attr_str(ev, "status", ts_status_names[*status]);
	else
		event_attr(ev, "status", json_integer(*status));
	text = TS_STATUS_INFO_get0_text(si);
	for (k = 0; text && k < sk_ASN1_UTF8STRING_num(text); k++) {
		const ASN1_UTF8STRING *u = sk_ASN1_UTF8STRING_value(text, k);

		s = pki_text(ASN1_STRING_get0_data(u),
		    (size_t)ASN1_STRING_length(u));
		buf_addf(msg, "%s%s", msg->len ? "; " : "", s);
		free(s);
	}
	if (msg->len)
		pki_attr_text(ev, "status_text", msg->s);
	if ((fi = TS_STATUS_INFO_get0_failure_info(si)) != NULL) {
		a = json_array();
		for (i = 0; i < sizeof(ts_failures) / sizeof(ts_failures[0]);
		    i++) {
			if (!ASN1_BIT_STRING_get_bit(fi, ts_failures[i].bit))
				continue;
			json_array_append_new(a,
			    json_string(ts_failures[i].name));
			buf_addf(msg, "%s%s", msg->len ? "; " : "",
			    ts_failures[i].name);
		}
		event_attr(ev, "failure_info", a);
	}
}

/* "sha256" for the imprint's hash, else its dotted OID (new). */
static char *
ts_hash_name(const X509_ALGOR *alg)
{
	const ASN1_OBJECT *obj;
	const char *sn;
	int nid;

	X509_ALGOR_get0(&obj, NULL, NULL, alg);
	nid = OBJ_obj2nid(obj);
	if (nid == NID_undef || (sn = OBJ_nid2sn(nid)) == NULL)
		return pki_oid(obj);
	return ascii_lower(xstrdup(sn));
}

static int
ts_int64(const ASN1_INTEGER *i, int64_t *v)
{
	*v = 0;
	return i == NULL || ASN1_INTEGER_get_int64(v, i) == 1 ? 0 : -1;
}

/* Accuracy as microseconds and the bounds of genTime. */
static void
ts_accuracy(TS_TST_INFO *tst, int64_t gen, struct event *ev)
{
	TS_ACCURACY *acc = TS_TST_INFO_get_accuracy(tst);
	int64_t s, ms, us, total;

	if (acc == NULL)
		return;
	if (ts_int64(TS_ACCURACY_get_seconds(acc), &s) < 0 ||
	    ts_int64(TS_ACCURACY_get_millis(acc), &ms) < 0 ||
	    ts_int64(TS_ACCURACY_get_micros(acc), &us) < 0 ||
	    s < 0 || s > INT64_C(1000000000000) || ms < 0 || ms > 999 ||
	    us < 0 || us > 999) {
		event_attr_str(ev, "accuracy", "invalid");
		return;
	}
	total = s * 1000000 + ms * 1000 + us;
	event_attr(ev, "accuracy_us", json_integer(total));
	pki_attr_time(ev, "gen_time_min", gen - total);
	pki_attr_time(ev, "gen_time_max", gen + total);
}

/* The signer of the token and the certificates it carries. */
struct ts_signer {
	X509		*cert;		/* the token's, or NULL */
	char		 fp[SHA256_HEXLEN], kfp[SHA256_HEXLEN];
	char		*subject, *issuer, *serial;
};

static void
ts_signer(PKCS7 *p7, struct event *ev, struct ts_signer *sg)
{
	STACK_OF(PKCS7_SIGNER_INFO) *sis;
	STACK_OF(X509) *certs = NULL;
	PKCS7_SIGNER_INFO *si;
	const ASN1_OBJECT *obj;
	unsigned char *der = NULL;
	char *s;
	int n;

	memset(sg, 0, sizeof(*sg));
	if (PKCS7_type_is_signed(p7) && p7->d.sign)
		certs = p7->d.sign->cert;
	event_attr(ev, "certs_embedded", json_integer(certs ?
	    sk_X509_num(certs) : 0));
	sis = PKCS7_get_signer_info(p7);
	if (sis == NULL || sk_PKCS7_SIGNER_INFO_num(sis) < 1)
		return;
	if (sk_PKCS7_SIGNER_INFO_num(sis) > 1)
		event_attr(ev, "signer_infos",
		    json_integer(sk_PKCS7_SIGNER_INFO_num(sis)));
	si = sk_PKCS7_SIGNER_INFO_value(sis, 0);
	if (si->issuer_and_serial) {
		sg->issuer = pki_name(si->issuer_and_serial->issuer);
		sg->serial = pki_int_hex(si->issuer_and_serial->serial);
		event_attr_str(ev, "signer_issuer", sg->issuer);
		event_attr_str(ev, "signer_serial", sg->serial);
		if (certs)
			sg->cert = X509_find_by_issuer_and_serial(certs,
			    si->issuer_and_serial->issuer,
			    si->issuer_and_serial->serial);
	}
	if (si->digest_alg) {
		X509_ALGOR_get0(&obj, NULL, NULL, si->digest_alg);
		s = pki_oid_name(obj);
		event_attr_str(ev, "signer_digest_algorithm", s);
		free(s);
	}
	if (si->digest_enc_alg) {
		X509_ALGOR_get0(&obj, NULL, NULL, si->digest_enc_alg);
		s = pki_oid_name(obj);
		event_attr_str(ev, "signature_algorithm", s);
		free(s);
	}
	if (sg->cert == NULL)
		return;
	if ((n = i2d_X509(sg->cert, &der)) > 0) {
		sha256_hex(der, (size_t)n, sg->fp);
		event_attr_str(ev, "signer_cert_sha256", sg->fp);
	}
	OPENSSL_free(der);
	der = NULL;
	if ((n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(sg->cert), &der)) > 0) {
		sha256_hex(der, (size_t)n, sg->kfp);
		event_attr_str(ev, "signer_spki_sha256", sg->kfp);
	}
	OPENSSL_free(der);
	sg->subject = pki_name(X509_get_subject_name(sg->cert));
	event_attr_str(ev, "signer_subject", sg->subject);
	if ((s = pki_name_cn(X509_get_subject_name(sg->cert))) != NULL) {
		event_attr_str(ev, "signer_cn", s);
		free(s);
	}
}

static void
ts_signer_free(struct ts_signer *sg)
{
	free(sg->subject);
	free(sg->issuer);
	free(sg->serial);
}

/* The event of one token; tst and p7 are borrowed. */
static enum parse_rc
ts_token(PKCS7 *p7, TS_TST_INFO *tst, const char *op, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	TS_MSG_IMPRINT *mi = TS_TST_INFO_get_msg_imprint(tst);
	const ASN1_OCTET_STRING *msg;
	GENERAL_NAME *tsa;
	struct ts_signer sg;
	char *hash = NULL, *hex = NULL, *serial, *raw = NULL, *s, *tsa_s = NULL;
	char tok[SHA256_HEXLEN];
	unsigned char *der = NULL;
	int64_t gen;
	int n;
	unsigned fl = 0;
	enum parse_rc rc = PARSE_OK;

	serial = pki_int_hex(TS_TST_INFO_get_serial(tst));
	if (pki_time(TS_TST_INFO_get_time(tst), &gen, &raw, &fl) < 0) {
		rc = diag_set(d, "TSTInfo genTime: invalid time \"%s\"",
		    raw ? raw : "");
		free(raw);
		free(serial);
		return rc;
	}
	ev->source = "rfc3161";
	ev->action = "pki.timestamp";
	event_set(&ev->operation, op);
	ev->ts_us = gen;
	ev->ts_raw = raw;
	ev->ts_flags = fl;
	event_attr(ev, "version", json_integer(TS_TST_INFO_get_version(tst)));
	s = pki_oid(TS_TST_INFO_get_policy_id(tst));
	event_attr_str(ev, "policy", s);
	free(s);
	if (mi && (msg = TS_MSG_IMPRINT_get_msg(mi)) != NULL) {
		hash = ts_hash_name(TS_MSG_IMPRINT_get_algo(mi));
		hex = xmalloc(2 * (size_t)ASN1_STRING_length(msg) + 1);
		hex_encode(ASN1_STRING_get0_data(msg),
		    (size_t)ASN1_STRING_length(msg), hex);
		ev->digest = xasprintf("%s:%s", hash, hex);
		event_attr_str(ev, "hash_algorithm", hash);
		event_attr_str(ev, "message_imprint", hex);
	}
	event_attr_str(ev, "serial", serial);
	pki_attr_time(ev, "gen_time", gen);
	ts_accuracy(tst, gen, ev);
	event_attr(ev, "ordering", json_boolean(TS_TST_INFO_get_ordering(tst)));
	if (TS_TST_INFO_get_nonce(tst)) {
		s = pki_int_hex(TS_TST_INFO_get_nonce(tst));
		event_attr_str(ev, "nonce", s);
		free(s);
	}
	if ((tsa = TS_TST_INFO_get_tsa(tst)) != NULL) {
		tsa_s = pki_gname(tsa, 1);
		pki_attr_text(ev, "tsa", tsa_s);
	}
	if (TS_TST_INFO_get_ext_count(tst) > 0)
		event_attr(ev, "extensions",
		    json_integer(TS_TST_INFO_get_ext_count(tst)));
	ts_signer(p7, ev, &sg);
	event_set(&ev->actor, tsa_s && *tsa_s ? tsa_s : sg.subject);
	if (sg.cert && sg.kfp[0]) {
		ev->key_ref = xasprintf("spki-sha256:%s", sg.kfp);
		ev->key_ref_src = "tsa-cert";
	}
	/*
	 * The token's own hash ends the id: two tokens that claim the same
	 * TSA and serial but differ (one altered) are both kept.
	 */
	if ((n = i2d_PKCS7(p7, &der)) > 0)
		sha256_hex(der, (size_t)n, tok);
	else
		snprintf(tok, sizeof(tok), "unknown");
	OPENSSL_free(der);
	event_attr_str(ev, "token_sha256", tok);
	tok[16] = '\0';
	if (sg.cert && sg.fp[0])
		ev->native_id = xasprintf("sha256:%s#%s#%s", sg.fp, serial,
		    tok);
	else if (tsa_s && *tsa_s)
		ev->native_id = xasprintf("%s#%s#%s", tsa_s, serial, tok);
	else
		ev->native_id = xasprintf("%s#%s#%s#%s", sg.issuer ? sg.issuer :
		    "", sg.serial ? sg.serial : "", serial, tok);
	event_attr(ev, "verified", json_false());
	event_attr_str(ev, "verify_error", "not verified yet");
	if (pc->emit(pc->emit_arg, ev) < 0)
		rc = PARSE_FATAL;
	ts_signer_free(&sg);
	free(tsa_s);
	free(hash);
	free(hex);
	free(serial);
	return rc;
}

static enum parse_rc
ts_resp(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const unsigned char *q = o->der;
	struct buf msg = BUF_INIT;
	TS_RESP *resp;
	PKCS7 *token;
	TS_TST_INFO *tst;
	char why[256];
	long status;
	enum parse_rc rc;

	resp = d2i_TS_RESP(NULL, &q, o->len > LONG_MAX ? LONG_MAX :
	    (long)o->len);
	if (resp == NULL)
		return diag_set(d, "not a valid TimeStampResp: %s",
		    pki_ssl_error(why, sizeof(why), "DER decoding failed"));
	*used = (size_t)(q - o->der);
	pki_event_start(ev, o->raw ? o->raw : (const void *)o->der, o->raw ?
	    o->raw_len : *used);
	event_attr_str(ev, "encoding", o->encoding);
	ts_status(resp, ev, &status, &msg);
	token = TS_RESP_get_token(resp);
	tst = TS_RESP_get_tst_info(resp);
	if (token && tst) {
		rc = ts_token(token, tst, "rfc3161:TimeStampResp", pc, ev, d);
	} else if (status == 0 || status == 1) {
		rc = diag_set(d, "TimeStampResp: status granted but no token");
	} else {
		ev->source = "rfc3161";
		ev->action = "pki.timestamp";
		event_set(&ev->operation, "rfc3161:TimeStampResp");
		ev->failed = 1;
		event_set(&ev->error_code, status >= 0 && (size_t)status <
		    sizeof(ts_status_names) / sizeof(ts_status_names[0]) ?
		    ts_status_names[status] : "unknown");
		event_set(&ev->error_message, msg.len ? msg.s : NULL);
		event_attr(ev, "verified", json_false());
		event_attr_str(ev, "verify_error", "no time-stamp token in "
		    "the response");
		rc = pc->emit(pc->emit_arg, ev) < 0 ? PARSE_FATAL : PARSE_OK;
	}
	ERR_clear_error();
	buf_release(&msg);
	TS_RESP_free(resp);
	return rc;
}

static enum parse_rc
ts_bare(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const unsigned char *q = o->der;
	PKCS7 *p7;
	TS_TST_INFO *tst;
	char why[256];
	enum parse_rc rc;

	p7 = d2i_PKCS7(NULL, &q, o->len > LONG_MAX ? LONG_MAX :
	    (long)o->len);
	if (p7 == NULL)
		return diag_set(d, "not a valid TimeStampToken: %s",
		    pki_ssl_error(why, sizeof(why), "DER decoding failed"));
	*used = (size_t)(q - o->der);
	if ((tst = PKCS7_to_TS_TST_INFO(p7)) == NULL) {
		rc = diag_set(d, "TimeStampToken: bad TSTInfo: %s",
		    pki_ssl_error(why, sizeof(why), "cannot decode"));
		PKCS7_free(p7);
		return rc;
	}
	pki_event_start(ev, o->raw ? o->raw : (const void *)o->der, o->raw ?
	    o->raw_len : *used);
	event_attr_str(ev, "encoding", o->encoding);
	event_attr_str(ev, "status", "granted");
	rc = ts_token(p7, tst, "rfc3161:TimeStampToken", pc, ev, d);
	ERR_clear_error();
	TS_TST_INFO_free(tst);
	PKCS7_free(p7);
	return rc;
}

enum parse_rc
pki_ts_emit(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const unsigned char *q = o->der;
	TS_REQ *req;
	char why[256];

	switch (o->kind) {
	case PKI_TS_RESP:
		return ts_resp(o, used, pc, ev, d);
	case PKI_TS_TOKEN:
		return ts_bare(o, used, pc, ev, d);
	default:
		break;
	}
	/* a request: valid, but no event */
	req = d2i_TS_REQ(NULL, &q, o->len > LONG_MAX ? LONG_MAX :
	    (long)o->len);
	if (req == NULL)
		return diag_set(d, "not a valid TimeStampReq: %s",
		    pki_ssl_error(why, sizeof(why), "DER decoding failed"));
	*used = (size_t)(q - o->der);
	TS_REQ_free(req);
	return PARSE_NONEVENT;
}

static int
ts_probe(const char *head, size_t len, const char *name)
{
	int pem, at_start;

	switch (pki_first_kind(head, len, &pem, &at_start)) {
	case PKI_TS_RESP:
	case PKI_TS_TOKEN:
		return at_start ? 90 : 85;
	case PKI_TS_REQ:
		return 85;
	default:
		return 0;
	}
}

static enum parse_rc
ts_parse_blob(const unsigned char *p, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	return pki_parse_item(p, len, PKI_FAM_TS, pc, ev, d);
}

const struct parser parser_rfc3161 = {
	.name = "rfc3161",
	.desc = "RFC 3161 time-stamps: TimeStampResp (.tsr), bare tokens "
	    "(.tst, .p7s), PEM; requests (.tsq) counted as non-events; "
	    "verified against --tsa-ca after the ingest",
	.howto = "the .tsr the TSA returned (openssl ts -reply), or the "
	    "token from the signature (e.g. a Sigstore bundle's "
	    "timestampVerificationData); give the TSA's CA with --tsa-ca",
	.kind = INPUT_BLOB,
	.probe = ts_probe,
	.parse_blob = ts_parse_blob,
};
