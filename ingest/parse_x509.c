/* SPDX-License-Identifier: MIT */
/*
 * parse_x509.c - X.509 certificates (RFC 5280; formats.md sections H.4
 * and I), DER or PEM, one or several per item: a chain file, a CA bundle,
 * concatenated DER, and PEM files that mix certificates with CRLs or
 * tokens (those objects go to their own emitters, see pki_util.c).
 *
 * A real one (shared corpus, certvalidator.mozilla.org.crt), as
 * `openssl x509 -noout -subject -issuer -serial -dates -nameopt RFC2253`
 * shows it:
 *   subject=CN=www.mozilla.org,OU=WebOps,O=Mozilla Corporation,
 *           L=Mountain View,ST=California,C=US
 *   issuer=CN=DigiCert SHA2 Secure Server CA,O=DigiCert Inc,C=US
 *   serial=0C976E3E4238F420D63DDF86EFEBBA90
 *   notBefore=Nov  5 00:00:00 2018 GMT
 *   notAfter=Nov 13 12:00:00 2019 GMT
 *   X509v3 Key Usage: critical  Digital Signature, Key Encipherment
 *
 * Mapping, one event per certificate (action pki.cert, operation
 * "x509:certificate"):
 *   ts = notBefore: the event means "this certificate is valid from",
 *   end = notAfter (both also in attrs as ISO UTC: not_before/not_after);
 *   native_id = digest = "sha256:<SHA-256 of the certificate's DER>";
 *   key_ref = "spki-sha256:<SHA-256 of the SubjectPublicKeyInfo DER>"
 *   (key_ref_src "spki"): the identity of the public key, so that a
 *   certificate, its re-issues and the KMS/HSM key holding the private
 *   half (once a policy file or a public-key evidence file names that
 *   SPKI) are one key in the keys table.  The PKI derivation
 *   (derive_pki.c) adds key_refs rows "cert-sha256" (the fingerprint),
 *   "cert-serial" ("<issuer DN>#<serial>", the key a CRL entry names)
 *   and "subject" to that key;
 *   actor = the subject DN (RFC 2253, UTF-8), or the first subject
 *   alternative name when the subject is empty (Fulcio);
 *   attrs: subject, subject_cn, issuer, serial (lowercase hex, as
 *   BN_bn2hex writes it), version, signature_algorithm, key_algorithm,
 *   key_bits, key_curve, is_ca, path_len, self_signed, key_usage[],
 *   ext_key_usage[] (short names, else dotted OIDs), code_signing (EKU
 *   1.3.6.1.5.5.7.3.3 present), time_stamping, san[], subject_key_id,
 *   authority_key_id, crl_urls[], cert_sha256, spki_sha256, encoding
 *   (der/pem), position (0-based place in the item), invalid_extensions.
 * Fulcio certificates (extensions 1.3.6.1.4.1.57264.1.N): attrs.fulcio
 *   holds every one by name (issuer, build_signer_uri, source_repository_
 *   uri, run_invocation_uri, ...; values of .8 and later are DER
 *   UTF8Strings, .1-.6 raw text); repo ("owner/name" from the source
 *   repository URI, else .5), ref (.14, else .6), commit_sha (.13, else
 *   .3), runner (.11) and run_ref (the run id of a GitHub run invocation
 *   URI ".../actions/runs/<id>/attempts/<n>", attempt in attrs.run_attempt;
 *   any other URI as it is) come from them.
 *
 * Scope: every certificate is in scope.  Unsupported: attribute
 * certificates, certificate requests and keys (PEM blocks of those are
 * passed over: a private key in a bundle is never stored in an event),
 * PKCS#7 certificate bundles (.p7b: convert them with `openssl pkcs7
 * -print_certs`); the chain and the signature are not validated here
 * (the PKI derivation does that for TSA certificates only).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "codec.h"
#include "digest.h"
#include "event.h"
#include "parse_util.h"
#include "parser.h"
#include "pki_util.h"
#include "xalloc.h"

/* Names of the Fulcio extensions 1.3.6.1.4.1.57264.1.N, N = index. */
static const char *const x509_fulcio_names[] = {
	NULL, "issuer_v1", "github_workflow_trigger", "github_workflow_sha",
	"github_workflow_name", "github_workflow_repository",
	"github_workflow_ref", "other_name", "issuer", "build_signer_uri",
	"build_signer_digest", "runner_environment", "source_repository_uri",
	"source_repository_digest", "source_repository_ref",
	"source_repository_identifier", "source_repository_owner_uri",
	"source_repository_owner_identifier", "build_config_uri",
	"build_config_digest", "build_trigger", "run_invocation_uri",
	"source_repository_visibility_at_signing",
};

#define FULCIO_ARC	"1.3.6.1.4.1.57264.1."

static const struct {
	unsigned	 bit;
	const char	*name;
} x509_ku[] = {
	{ KU_DIGITAL_SIGNATURE, "digitalSignature" },
	{ KU_NON_REPUDIATION, "nonRepudiation" },
	{ KU_KEY_ENCIPHERMENT, "keyEncipherment" },
	{ KU_DATA_ENCIPHERMENT, "dataEncipherment" },
	{ KU_KEY_AGREEMENT, "keyAgreement" },
	{ KU_KEY_CERT_SIGN, "keyCertSign" },
	{ KU_CRL_SIGN, "cRLSign" },
	{ KU_ENCIPHER_ONLY, "encipherOnly" },
	{ KU_DECIPHER_ONLY, "decipherOnly" },
};

static void
x509_attr_hex(struct event *ev, const char *key, const ASN1_OCTET_STRING *o)
{
	char *s;

	if (o == NULL)
		return;
	s = hex_string(ASN1_STRING_get0_data(o), (size_t)ASN1_STRING_length(o));
	event_attr_str(ev, key, s);
	free(s);
}

/* The value of a Fulcio extension: a UTF8String (.8 on) or raw text. */
static char *
x509_fulcio_value(const ASN1_OCTET_STRING *os, long n)
{
	const unsigned char *p = ASN1_STRING_get0_data(os), *q = p;
	int len = ASN1_STRING_length(os);
	ASN1_UTF8STRING *u;
	char *s = NULL;

	if (n >= 8 && len > 0 && p[0] == V_ASN1_UTF8STRING &&
	    (u = d2i_ASN1_UTF8STRING(NULL, &q, len)) != NULL) {
		if (q == p + len)
			s = pki_text(ASN1_STRING_get0_data(u),
			    (size_t)ASN1_STRING_length(u));
		ASN1_UTF8STRING_free(u);
	}
	ERR_clear_error();
	return s ? s : pki_text(p, (size_t)len);
}

/* ".../actions/runs/<id>/attempts/<n>" -> run id and attempt */
static void
x509_run_ref(struct event *ev, const char *uri)
{
	const char *p = strstr(uri, "/actions/runs/"), *q;
	size_t n;

	if (p == NULL) {
		event_set(&ev->run_ref, uri);
		return;
	}
	p += strlen("/actions/runs/");
	for (q = p; *q >= '0' && *q <= '9'; q++)
		;
	n = (size_t)(q - p);
	if (n == 0 || n > 20) {
		event_set(&ev->run_ref, uri);
		return;
	}
	free(ev->run_ref);
	ev->run_ref = xstrndup(p, n);
	if (strncmp(q, "/attempts/", 10) == 0 && q[10] >= '0' && q[10] <= '9')
		event_attr_str(ev, "run_attempt", q + 10);
}

static void
x509_fulcio(X509 *x, struct event *ev)
{
	json_t *f = NULL;
	const X509_EXTENSION *ext;
	char *oid, *val, *end, key[48];
	const char *name, *repo5 = NULL, *ref6 = NULL, *sha3 = NULL;
	long n;
	int i;

	for (i = 0; i < X509_get_ext_count(x); i++) {
		ext = X509_get_ext(x, i);
		oid = pki_oid(X509_EXTENSION_get_object((X509_EXTENSION *)ext));
		if (strncmp(oid, FULCIO_ARC, strlen(FULCIO_ARC)) != 0) {
			free(oid);
			continue;
		}
		n = strtol(oid + strlen(FULCIO_ARC), &end, 10);
		if (*end != '\0' || n < 0) {
			free(oid);
			continue;
		}
		if (n > 0 && (size_t)n < sizeof(x509_fulcio_names) /
		    sizeof(x509_fulcio_names[0])) {
			name = x509_fulcio_names[n];
		} else {
			snprintf(key, sizeof(key), "oid_%s", oid);
			name = key;
		}
		val = x509_fulcio_value(X509_EXTENSION_get_data(
		    (X509_EXTENSION *)ext), n);
		if (f == NULL)
			f = json_object();
		json_object_set_new(f, name, json_string(val));
		free(val);
		free(oid);
	}
	if (f == NULL)
		return;
	repo5 = json_string_value(json_object_get(f,
	    "github_workflow_repository"));
	ref6 = json_string_value(json_object_get(f, "github_workflow_ref"));
	sha3 = json_string_value(json_object_get(f, "github_workflow_sha"));
	name = json_string_value(json_object_get(f, "source_repository_uri"));
	if (name && (val = repo_from_uri(name)) != NULL) {
		event_set(&ev->repo, val);
		free(val);
	} else if (repo5) {
		event_set(&ev->repo, repo5);
	}
	name = json_string_value(json_object_get(f, "source_repository_ref"));
	event_set(&ev->ref, name ? name : ref6);
	name = json_string_value(json_object_get(f,
	    "source_repository_digest"));
	event_set(&ev->commit_sha, name ? name : sha3);
	event_set(&ev->runner, json_string_value(json_object_get(f,
	    "runner_environment")));
	name = json_string_value(json_object_get(f, "run_invocation_uri"));
	if (name && *name)
		x509_run_ref(ev, name);
	event_attr(ev, "fulcio", f);
}

static void
x509_names(X509 *x, struct event *ev, char **first_san)
{
	GENERAL_NAMES *gens;
	EXTENDED_KEY_USAGE *eku;
	STACK_OF(DIST_POINT) *dps;
	json_t *a;
	char *s;
	int i, j, crit = 0, cs = 0, tsg = 0;

	*first_san = NULL;
	gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL);
	if (gens) {
		a = json_array();
		for (i = 0; i < sk_GENERAL_NAME_num(gens); i++) {
			GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);

			s = pki_gname(g, 0);
			json_array_append_new(a, pki_json_text(s));
			if (*first_san == NULL && strchr(s, ':'))
				*first_san = xstrdup(strchr(s, ':') + 1);
			free(s);
		}
		event_attr(ev, "san", a);
		GENERAL_NAMES_free(gens);
	}
	eku = X509_get_ext_d2i(x, NID_ext_key_usage, &crit, NULL);
	if (eku) {
		a = json_array();
		for (i = 0; i < sk_ASN1_OBJECT_num(eku); i++) {
			ASN1_OBJECT *ob = sk_ASN1_OBJECT_value(eku, i);

			if (OBJ_obj2nid(ob) == NID_code_sign)
				cs = 1;
			if (OBJ_obj2nid(ob) == NID_time_stamp)
				tsg = 1;
			s = pki_oid_name(ob);
			json_array_append_new(a, json_string(s));
			free(s);
		}
		event_attr(ev, "ext_key_usage", a);
		if (crit == 1)
			event_attr(ev, "ext_key_usage_critical", json_true());
		EXTENDED_KEY_USAGE_free(eku);
	}
	event_attr(ev, "code_signing", json_boolean(cs));
	event_attr(ev, "time_stamping", json_boolean(tsg));
	dps = X509_get_ext_d2i(x, NID_crl_distribution_points, NULL, NULL);
	if (dps) {
		a = json_array();
		for (i = 0; i < sk_DIST_POINT_num(dps); i++) {
			DIST_POINT *dp = sk_DIST_POINT_value(dps, i);

			if (dp->distpoint == NULL || dp->distpoint->type != 0)
				continue;
			for (j = 0; j < sk_GENERAL_NAME_num(
			    dp->distpoint->name.fullname); j++) {
				s = pki_gname(sk_GENERAL_NAME_value(
				    dp->distpoint->name.fullname, j), 0);
				json_array_append_new(a, pki_json_text(
				    strncmp(s, "URI:", 4) == 0 ? s + 4 : s));
				free(s);
			}
		}
		if (json_array_size(a) > 0)
			event_attr(ev, "crl_urls", a);
		else
			json_decref(a);
		sk_DIST_POINT_pop_free(dps, DIST_POINT_free);
	}
	ERR_clear_error();
}

static void
x509_key(X509 *x, struct event *ev)
{
	ASN1_OBJECT *alg = NULL;
	X509_ALGOR *palg = NULL;
	const void *pval = NULL;
	int ptype = 0;
	EVP_PKEY *pk;
	char *s;

	if (X509_PUBKEY_get0_param(&alg, NULL, NULL, &palg,
	    X509_get_X509_PUBKEY(x)) == 1) {
		s = pki_oid_name(alg);
		event_attr_str(ev, "key_algorithm", s);
		free(s);
		if (palg) {
			X509_ALGOR_get0(NULL, &ptype, &pval, palg);
			if (ptype == V_ASN1_OBJECT && pval) {
				s = pki_oid_name(pval);
				event_attr_str(ev, "key_curve", s);
				free(s);
			}
		}
	}
	/* X509_get0_pubkey fails on algorithms this OpenSSL lacks */
	if ((pk = X509_get0_pubkey(x)) != NULL && EVP_PKEY_get_bits(pk) > 0)
		event_attr(ev, "key_bits", json_integer(EVP_PKEY_get_bits(pk)));
	ERR_clear_error();
}

static void
x509_usage(X509 *x, struct event *ev)
{
	uint32_t fl = X509_get_extension_flags(x), ku;
	const X509_ALGOR *sigalg;
	const ASN1_OBJECT *obj;
	json_t *a;
	size_t i;
	char *s;

	event_attr(ev, "is_ca", json_boolean((fl & EXFLAG_CA) != 0));
	if ((fl & EXFLAG_CA) && X509_get_pathlen(x) >= 0)
		event_attr(ev, "path_len", json_integer(X509_get_pathlen(x)));
	event_attr(ev, "self_signed", json_boolean(X509_self_signed(x, 0) ==
	    1));
	if (fl & EXFLAG_INVALID)
		event_attr(ev, "invalid_extensions", json_true());
	if (fl & EXFLAG_KUSAGE) {
		ku = X509_get_key_usage(x);
		a = json_array();
		for (i = 0; i < sizeof(x509_ku) / sizeof(x509_ku[0]); i++)
			if (ku & x509_ku[i].bit)
				json_array_append_new(a,
				    json_string(x509_ku[i].name));
		event_attr(ev, "key_usage", a);
	}
	X509_get0_signature(NULL, &sigalg, x);
	if (sigalg) {
		X509_ALGOR_get0(&obj, NULL, NULL, sigalg);
		s = pki_oid_name(obj);
		event_attr_str(ev, "signature_algorithm", s);
		free(s);
	}
	x509_attr_hex(ev, "subject_key_id", X509_get0_subject_key_id(x));
	x509_attr_hex(ev, "authority_key_id", X509_get0_authority_key_id(x));
	ERR_clear_error();
}

enum parse_rc
pki_x509_emit(const struct pki_obj *o, size_t *used, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const unsigned char *q = o->der;
	unsigned char *spki = NULL;
	char fp[SHA256_HEXLEN], kfp[SHA256_HEXLEN], why[256];
	char *subject = NULL, *issuer = NULL, *serial, *cn, *san = NULL;
	char *nb_raw = NULL, *na_raw = NULL;
	int64_t nb, na;
	unsigned nb_fl = 0, na_fl = 0;
	enum parse_rc rc = PARSE_OK;
	X509 *x;
	int n;

	x = d2i_X509(NULL, &q, o->len > LONG_MAX ? LONG_MAX : (long)o->len);
	if (x == NULL)
		return diag_set(d, "not a valid certificate: %s",
		    pki_ssl_error(why, sizeof(why), "DER decoding failed"));
	*used = (size_t)(q - o->der);
	if (pki_time(X509_get0_notBefore(x), &nb, &nb_raw, &nb_fl) < 0 ||
	    pki_time(X509_get0_notAfter(x), &na, &na_raw, &na_fl) < 0) {
		rc = diag_set(d, "certificate validity: invalid time \"%s\"",
		    na_raw ? na_raw : nb_raw ? nb_raw : "");
		goto out;
	}
	n = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &spki);
	if (n <= 0) {
		rc = diag_set(d, "certificate subjectPublicKeyInfo: %s",
		    pki_ssl_error(why, sizeof(why), "cannot encode"));
		goto out;
	}
	sha256_hex(o->der, *used, fp);
	sha256_hex(spki, (size_t)n, kfp);
	if (o->raw)
		pki_event_start(ev, o->raw, o->raw_len);
	else
		pki_event_start(ev, o->der, *used);
	ev->source = "x509";
	ev->action = "pki.cert";
	event_set(&ev->operation, "x509:certificate");
	ev->ts_us = nb;
	ev->ts_raw = nb_raw;
	nb_raw = NULL;
	ev->ts_flags = nb_fl;
	ev->end_us = na;
	subject = pki_name(X509_get_subject_name(x));
	issuer = pki_name(X509_get_issuer_name(x));
	serial = pki_int_hex(X509_get0_serialNumber(x));
	ev->native_id = xasprintf("sha256:%s", fp);
	ev->digest = xasprintf("sha256:%s", fp);
	ev->key_ref = xasprintf("spki-sha256:%s", kfp);
	ev->key_ref_src = "spki";
	event_attr_str(ev, "subject", subject);
	if ((cn = pki_name_cn(X509_get_subject_name(x))) != NULL) {
		event_attr_str(ev, "subject_cn", cn);
		free(cn);
	}
	event_attr_str(ev, "issuer", issuer);
	event_attr_str(ev, "serial", serial);
	free(serial);
	pki_attr_time(ev, "not_before", nb);
	pki_attr_time(ev, "not_after", na);
	event_attr_str(ev, "not_after_raw", na_raw);
	event_attr(ev, "version", json_integer(X509_get_version(x) + 1));
	x509_key(x, ev);
	x509_usage(x, ev);
	x509_names(x, ev, &san);
	x509_fulcio(x, ev);
	event_set(&ev->actor, *subject ? subject : san);
	event_attr_str(ev, "cert_sha256", fp);
	event_attr_str(ev, "spki_sha256", kfp);
	event_attr_str(ev, "encoding", o->encoding);
	event_attr(ev, "position", json_integer(o->index));
	if (pc->emit(pc->emit_arg, ev) < 0)
		rc = PARSE_FATAL;
out:
	ERR_clear_error();
	OPENSSL_free(spki);
	free(subject);
	free(issuer);
	free(san);
	free(nb_raw);
	free(na_raw);
	X509_free(x);
	return rc;
}

static int
x509_probe(const char *head, size_t len, const char *name)
{
	int pem, at_start;

	if (pki_first_kind(head, len, &pem, &at_start) != PKI_CERT)
		return 0;
	return at_start ? 90 : 85;
}

static enum parse_rc
x509_parse_blob(const unsigned char *p, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	return pki_parse_item(p, len, PKI_FAM_X509, pc, ev, d);
}

const struct parser parser_x509 = {
	.name = "x509",
	.desc = "X.509 certificates, DER or PEM (chains and bundles; PEM "
	    "files mixing certificates, CRLs and time-stamp tokens)",
	.howto = "the signing certificate and its chain as issued (.pem, "
	    ".crt, .cer), e.g. openssl s_client -showcerts, or from the "
	    "signature: openssl pkcs7 -print_certs",
	.kind = INPUT_BLOB,
	.probe = x509_probe,
	.parse_blob = x509_parse_blob,
};
