/* SPDX-License-Identifier: MIT */
/*
 * parse_crl.c - X.509 certificate revocation lists (RFC 5280 section 5;
 * formats.md section I.3), DER or PEM ("-----BEGIN X509 CRL-----"), and
 * the recognition of OCSP responses.
 *
 * A real one (shared corpus, asn1crypto.eid2011.crl, 1.18 MB, 15,752
 * entries), as `openssl crl -inform DER -noout -text` shows it:
 *   Issuer: emailAddress=pki@sk.ee,CN=EID-SK 2011,
 *           O=AS Sertifitseerimiskeskus,C=EE
 *   Last Update: May 22 11:44:11 2015 GMT
 *   Next Update: May 22 23:44:11 2015 GMT
 *   X509v3 CRL Number: 3465
 *   Revoked Certificates:
 *     Serial Number: 16E4B94EA2EAADD74DCD4070FC5EC340
 *       Revocation Date: May 16 23:10:32 2011 GMT
 *       X509v3 CRL Reason Code: Superseded
 *       Invalidity Date: May 16 13:34:35 2011 GMT
 *
 * Mapping, one event per revoked entry (action pki.revoke, operation
 * "x509:crl-entry"):
 *   ts = revocationDate (1-second resolution, flag coarse);
 *   actor = the CRL issuer (RFC 2253 DN);
 *   key_raw = "cert-serial:<certificate issuer DN>#<serial>", the
 *   spelling of the revoked certificate that the certificate parser
 *   records as attrs issuer + serial (and the PKI derivation as key_refs
 *   kind "cert-serial"); key_ref is left empty here, and the PKI
 *   derivation (derive_pki.c) sets it to that certificate's key
 *   ("spki-sha256:...", key_ref_src "certificate") when exactly one
 *   certificate in the case matches, so a revocation joins the key it
 *   ends.  A revoked certificate the case does not hold is not a key:
 *   one key per serial of a public CRL (15,000 in the corpus one) would
 *   flood the keys table.  The certificate issuer is the CRL issuer, or
 *   the certificateIssuer entry extension of an indirect CRL (which
 *   holds for the entries after it too);
 *   native_id = "<CRL issuer>#<serial>#<crlNumber>" (crlNumber in
 *   decimal; the thisUpdate time in ISO UTC when the CRL has none), so
 *   the same entry in the next CRL is a new event of that CRL;
 *   attrs: serial (lowercase hex, as the certificate parser writes it),
 *   revocation_date, reason (keyCompromise, ... as named in RFC 5280
 *   5.3.1) and reason_code, invalidity_date (ISO UTC: when the key is
 *   known or suspected to have been compromised, which may be before
 *   the revocation), certificate_issuer, issuer, crl_number, this_update,
 *   next_update, crl_sha256 (of the CRL's DER), crl_entries, entry_index,
 *   authority_key_id, crl_signature_algorithm, delta_crl (base CRL
 *   number of a delta CRL), encoding.  The raw record of each event is
 *   the entry's DER (OpenSSL's encoding of it), not the whole CRL.
 * A CRL without entries is valid but revokes nothing: one non-event
 * record.  Work is linear in the entries: the CRL is decoded once and
 * every entry read in order.
 *
 * OCSP responses (RFC 6960) are recognized so that they never end up
 * "unrecognized": their per-certificate status is not modelled yet, so
 * they are counted out of scope, and --all-events keeps each as one
 * "other" event (operation "ocsp:response", ts = producedAt, attrs with
 * the status of every certificate it answers for).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/ocsp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "digest.h"
#include "event.h"
#include "parser.h"
#include "pki_util.h"
#include "timeutil.h"
#include "xalloc.h"

static const char *const crl_reasons[] = {
	"unspecified", "keyCompromise", "cACompromise", "affiliationChanged",
	"superseded", "cessationOfOperation", "certificateHold", NULL,
	"removeFromCRL", "privilegeWithdrawn", "aACompromise",
};

static void
crl_reason(struct event *ev, const ASN1_ENUMERATED *e)
{
	int64_t v;

	if (e == NULL || ASN1_ENUMERATED_get_int64(&v, e) != 1) {
		event_attr_str(ev, "reason", "invalid");
		return;
	}
	event_attr(ev, "reason_code", json_integer(v));
	if (v >= 0 && (size_t)v < sizeof(crl_reasons) /
	    sizeof(crl_reasons[0]) && crl_reasons[v])
		event_attr_str(ev, "reason", crl_reasons[v]);
	else
		event_attr_str(ev, "reason", "unknown");
}

/* The directoryName of a certificateIssuer extension, or NULL. */
static char *
crl_cert_issuer(X509_REVOKED *rev)
{
	GENERAL_NAMES *g;
	char *s = NULL;
	int i;

	g = X509_REVOKED_get_ext_d2i(rev, NID_certificate_issuer, NULL, NULL);
	if (g == NULL)
		return NULL;
	for (i = 0; i < sk_GENERAL_NAME_num(g) && s == NULL; i++)
		if (sk_GENERAL_NAME_value(g, i)->type == GEN_DIRNAME)
			s = pki_gname(sk_GENERAL_NAME_value(g, i), 1);
	GENERAL_NAMES_free(g);
	return s;
}

/* What every entry of one CRL shares. */
struct crl_info {
	char		*issuer;
	char		*number;	/* decimal, or NULL */
	char		*version;	/* number, else thisUpdate ISO */
	char		 sha[SHA256_HEXLEN];
	int64_t		 this_us, next_us;
	char		*aki, *sigalg, *delta;
	int		 entries;
};

static void
crl_info_free(struct crl_info *ci)
{
	free(ci->issuer);
	free(ci->number);
	free(ci->version);
	free(ci->aki);
	free(ci->sigalg);
	free(ci->delta);
}

static int
crl_info(X509_CRL *crl, const unsigned char *der, size_t n,
    struct crl_info *ci, struct diag *d)
{
	ASN1_INTEGER *num;
	AUTHORITY_KEYID *akid;
	const X509_ALGOR *alg = NULL;
	const ASN1_OBJECT *obj;
	char *raw = NULL, b[TS_BUFSZ];
	unsigned fl;
	int rc = 0;

	memset(ci, 0, sizeof(*ci));
	ci->next_us = EVENT_NO_TIME;
	ci->issuer = pki_name(X509_CRL_get_issuer(crl));
	if (pki_time(X509_CRL_get0_lastUpdate(crl), &ci->this_us, &raw,
	    &fl) < 0)
		rc = diag_set(d, "CRL thisUpdate: invalid time \"%s\"",
		    raw ? raw : "");
	free(raw);
	raw = NULL;
	if (X509_CRL_get0_nextUpdate(crl) && pki_time(
	    X509_CRL_get0_nextUpdate(crl), &ci->next_us, &raw, &fl) < 0)
		rc = diag_set(d, "CRL nextUpdate: invalid time \"%s\"",
		    raw ? raw : "");
	free(raw);
	num = X509_CRL_get_ext_d2i(crl, NID_crl_number, NULL, NULL);
	if (num) {
		ci->number = pki_int_dec(num);
		ASN1_INTEGER_free(num);
	}
	num = X509_CRL_get_ext_d2i(crl, NID_delta_crl, NULL, NULL);
	if (num) {
		ci->delta = pki_int_dec(num);
		ASN1_INTEGER_free(num);
	}
	ci->version = ci->number ? xstrdup(ci->number) :
	    xstrdup(ts_format(ci->this_us, b));
	akid = X509_CRL_get_ext_d2i(crl, NID_authority_key_identifier, NULL,
	    NULL);
	if (akid && akid->keyid) {
		ci->aki = xmalloc(2 * (size_t)ASN1_STRING_length(akid->keyid) +
		    1);
		hex_encode(ASN1_STRING_get0_data(akid->keyid),
		    (size_t)ASN1_STRING_length(akid->keyid), ci->aki);
	}
	AUTHORITY_KEYID_free(akid);
	X509_CRL_get0_signature(crl, NULL, &alg);
	if (alg) {
		X509_ALGOR_get0(&obj, NULL, NULL, alg);
		ci->sigalg = pki_oid_name(obj);
	}
	sha256_hex(der, n, ci->sha);
	ERR_clear_error();
	return rc;
}

/* One revoked entry: its event.  Returns a parse_rc. */
static enum parse_rc
crl_entry(X509_REVOKED *rev, int idx, const char *cert_issuer,
    const struct crl_info *ci, const struct pki_obj *o,
    struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	unsigned char *der = NULL;
	ASN1_ENUMERATED *reason;
	ASN1_GENERALIZEDTIME *inv;
	char *serial, *raw = NULL, *iraw = NULL;
	int64_t ts, its;
	unsigned fl = 0, ifl;
	int n, crit = -1;
	enum parse_rc rc = PARSE_OK;

	serial = pki_int_hex(X509_REVOKED_get0_serialNumber(rev));
	if (pki_time(X509_REVOKED_get0_revocationDate(rev), &ts, &raw,
	    &fl) < 0) {
		rc = diag_set(d, "entry %d (serial %s): invalid "
		    "revocationDate \"%s\"", idx, serial, raw ? raw : "");
		goto out;
	}
	if ((n = i2d_X509_REVOKED(rev, &der)) <= 0) {
		rc = diag_set(d, "entry %d (serial %s): cannot encode", idx,
		    serial);
		goto out;
	}
	pki_event_start(ev, der, (size_t)n);
	ev->source = "crl";
	ev->action = "pki.revoke";
	event_set(&ev->operation, "x509:crl-entry");
	ev->ts_us = ts;
	ev->ts_raw = raw;
	raw = NULL;
	ev->ts_flags = fl;
	event_set(&ev->actor, ci->issuer);
	ev->key_raw = xasprintf("cert-serial:%s#%s", cert_issuer, serial);
	ev->native_id = xasprintf("%s#%s#%s", ci->issuer, serial,
	    ci->version);
	event_attr_str(ev, "serial", serial);
	pki_attr_time(ev, "revocation_date", ts);
	reason = X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, &crit, NULL);
	if (reason || crit >= 0)
		crl_reason(ev, reason);
	ASN1_ENUMERATED_free(reason);
	inv = X509_REVOKED_get_ext_d2i(rev, NID_invalidity_date, &crit, NULL);
	if (inv && pki_time(inv, &its, &iraw, &ifl) == 0)
		pki_attr_time(ev, "invalidity_date", its);
	else if (inv || crit >= 0)
		event_attr_str(ev, "invalidity_date_invalid", iraw ? iraw :
		    "");
	ASN1_GENERALIZEDTIME_free(inv);
	free(iraw);
	event_attr_str(ev, "certificate_issuer", cert_issuer);
	event_attr_str(ev, "issuer", ci->issuer);
	event_attr_str(ev, "crl_number", ci->number);
	pki_attr_time(ev, "this_update", ci->this_us);
	if (ci->next_us != EVENT_NO_TIME)
		pki_attr_time(ev, "next_update", ci->next_us);
	event_attr_str(ev, "crl_sha256", ci->sha);
	event_attr(ev, "crl_entries", json_integer(ci->entries));
	event_attr(ev, "entry_index", json_integer(idx));
	event_attr_str(ev, "authority_key_id", ci->aki);
	event_attr_str(ev, "crl_signature_algorithm", ci->sigalg);
	event_attr_str(ev, "delta_crl", ci->delta);
	event_attr_str(ev, "encoding", o->encoding);
	if (pc->emit(pc->emit_arg, ev) < 0)
		rc = PARSE_FATAL;
	ev->raw = NULL;
out:
	ERR_clear_error();
	OPENSSL_free(der);
	free(serial);
	free(raw);
	return rc;
}

static enum parse_rc
crl_crl(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const unsigned char *q = o->der;
	STACK_OF(X509_REVOKED) *revs;
	struct crl_info ci;
	struct diag ed;
	X509_CRL *crl;
	char why[256], *cert_issuer = NULL, *ext;
	enum parse_rc rc = PARSE_OK, r;
	int i, bad = 0;

	crl = d2i_X509_CRL(NULL, &q, o->len > LONG_MAX ? LONG_MAX :
	    (long)o->len);
	if (crl == NULL)
		return diag_set(d, "not a valid CRL: %s", pki_ssl_error(why,
		    sizeof(why), "DER decoding failed"));
	*used = (size_t)(q - o->der);
	if (crl_info(crl, o->der, *used, &ci, d) < 0) {
		rc = PARSE_ERR;
		goto out;
	}
	revs = X509_CRL_get_REVOKED(crl);
	ci.entries = revs ? sk_X509_REVOKED_num(revs) : 0;
	if (ci.entries == 0) {
		rc = PARSE_NONEVENT;
		goto out;
	}
	cert_issuer = xstrdup(ci.issuer);
	diag_clear(&ed);
	for (i = 0; i < ci.entries; i++) {
		X509_REVOKED *rev = sk_X509_REVOKED_value(revs, i);

		/* indirect CRL: holds for this entry and those after it */
		if ((ext = crl_cert_issuer(rev)) != NULL) {
			free(cert_issuer);
			cert_issuer = ext;
		}
		r = crl_entry(rev, i, cert_issuer, &ci, o, pc, ev,
		    bad ? &ed : d);
		if (r == PARSE_FATAL) {
			rc = PARSE_FATAL;
			break;
		}
		if (r == PARSE_ERR)
			bad++;
	}
	if (bad && rc != PARSE_FATAL) {
		if (bad > 1)
			diag_set(d, "%.400s (and %d more bad entries; the "
			    "other %d are kept)", d->msg, bad - 1,
			    ci.entries - bad);
		rc = PARSE_ERR;
	}
out:
	ERR_clear_error();
	free(cert_issuer);
	crl_info_free(&ci);
	X509_CRL_free(crl);
	return rc;
}

static void
crl_ocsp_attrs(OCSP_BASICRESP *bs, struct event *ev)
{
	json_t *a = json_array(), *o;
	OCSP_SINGLERESP *sr;
	ASN1_GENERALIZEDTIME *rt = NULL, *tu = NULL, *nu = NULL;
	ASN1_INTEGER *serial = NULL;
	int i, st, reason = -1;
	int64_t us;
	unsigned fl;
	char *s, *raw, b[TS_BUFSZ];

	for (i = 0; i < OCSP_resp_count(bs); i++) {
		sr = OCSP_resp_get0(bs, i);
		st = OCSP_single_get0_status(sr, &reason, &rt, &tu, &nu);
		o = json_object();
		serial = NULL;
		OCSP_id_get0_info(NULL, NULL, NULL, &serial,
		    (OCSP_CERTID *)OCSP_SINGLERESP_get0_id(sr));
		s = pki_int_hex(serial);
		json_object_set_new(o, "serial", json_string(s));
		free(s);
		json_object_set_new(o, "status",
		    json_string(OCSP_cert_status_str(st)));
		if (st == V_OCSP_CERTSTATUS_REVOKED && rt &&
		    pki_time(rt, &us, &raw, &fl) == 0)
			json_object_set_new(o, "revocation_time",
			    json_string(ts_format(us, b)));
		else
			raw = NULL;
		free(raw);
		if (st == V_OCSP_CERTSTATUS_REVOKED && reason >= 0)
			json_object_set_new(o, "reason",
			    json_string(OCSP_crl_reason_str(reason)));
		if (tu && pki_time(tu, &us, &raw, &fl) == 0)
			json_object_set_new(o, "this_update",
			    json_string(ts_format(us, b)));
		free(raw);
		raw = NULL;
		if (nu && pki_time(nu, &us, &raw, &fl) == 0)
			json_object_set_new(o, "next_update",
			    json_string(ts_format(us, b)));
		free(raw);
		json_array_append_new(a, o);
	}
	event_attr(ev, "responses", a);
}

static enum parse_rc
crl_ocsp(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const unsigned char *q = o->der;
	OCSP_RESPONSE *resp;
	OCSP_BASICRESP *bs = NULL;
	char why[256], *raw = NULL;
	int64_t us;
	unsigned fl = 0;
	enum parse_rc rc = PARSE_OK;

	resp = d2i_OCSP_RESPONSE(NULL, &q, o->len > LONG_MAX ? LONG_MAX :
	    (long)o->len);
	if (resp == NULL)
		return diag_set(d, "not a valid OCSP response: %s",
		    pki_ssl_error(why, sizeof(why), "DER decoding failed"));
	*used = (size_t)(q - o->der);
	if (!pc->all_events) {
		rc = PARSE_SKIP;
		goto out;
	}
	pki_event_start(ev, o->raw ? o->raw : (const void *)o->der, o->raw ?
	    o->raw_len : *used);
	ev->source = "crl";
	ev->action = "other";
	event_set(&ev->operation, "ocsp:response");
	event_attr_str(ev, "response_status", OCSP_response_status_str(
	    OCSP_response_status(resp)));
	if ((bs = OCSP_response_get1_basic(resp)) != NULL) {
		if (pki_time(OCSP_resp_get0_produced_at(bs), &us, &raw,
		    &fl) == 0) {
			ev->ts_us = us;
			ev->ts_raw = raw;
			ev->ts_flags = fl;
			raw = NULL;
		}
		crl_ocsp_attrs(bs, ev);
	}
	event_attr_str(ev, "encoding", o->encoding);
	if (pc->emit(pc->emit_arg, ev) < 0)
		rc = PARSE_FATAL;
out:
	ERR_clear_error();
	free(raw);
	OCSP_BASICRESP_free(bs);
	OCSP_RESPONSE_free(resp);
	return rc;
}

enum parse_rc
pki_crl_emit(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	if (o->kind == PKI_OCSP_RESP)
		return crl_ocsp(o, used, pc, ev, d);
	return crl_crl(o, used, pc, ev, d);
}

static int
crl_probe(const char *head, size_t len, const char *name)
{
	int pem, at_start;

	switch (pki_first_kind(head, len, &pem, &at_start)) {
	case PKI_CRL:
		return at_start ? 90 : 85;
	case PKI_OCSP_RESP:
		return 80;
	default:
		return 0;
	}
}

static enum parse_rc
crl_parse_blob(const unsigned char *p, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	return pki_parse_item(p, len, PKI_FAM_CRL, pc, ev, d);
}

const struct parser parser_crl = {
	.name = "crl",
	.desc = "X.509 CRLs, DER or PEM: one event per revoked certificate "
	    "(reason, invalidity date); OCSP responses are recognized and "
	    "counted out of scope",
	.howto = "the CA's CRL from the certificate's CRL distribution point "
	    "(curl -o ca.crl <URL>), or openssl ca -gencrl",
	.kind = INPUT_BLOB,
	.probe = crl_probe,
	.parse_blob = crl_parse_blob,
};
