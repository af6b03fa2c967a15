/* SPDX-License-Identifier: MIT */
/*
 * sigstore_util.c - the shared pieces of the transparency-log parsers
 * (sigstore_util.h): encodings, digests, RFC 6962 proofs, checkpoints,
 * entry bodies, keys and Fulcio certificates, in-toto statements and
 * RFC 3161 tokens.  Facts from formats.md H.2-H.5 and the Fulcio OID
 * registry (docs/oid-info.md in sigstore/fulcio).
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "codec.h"
#include "digest.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "sigstore_util.h"
#include "timeutil.h"
#include "xalloc.h"

/* ------------------------------------------------------------------ */
/* Encodings                                                           */

int
sg_hex_decode(const char *s, size_t len, unsigned char *out, size_t n)
{
	size_t i;
	int hi, lo;

	if (len != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = hex_value((unsigned char)s[2 * i]);
		lo = hex_value((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Digests                                                             */

struct sg_alg {
	const char	*spelling;	/* lowercase, without '-' and '_' */
	const char	*name;		/* as printed in digests */
	size_t		 len;
};

static const struct sg_alg sg_algs[] = {
	{ "sha256", "sha256", 32 },
	{ "sha2256", "sha256", 32 },
	{ "sha384", "sha384", 48 },
	{ "sha2384", "sha384", 48 },
	{ "sha512", "sha512", 64 },
	{ "sha2512", "sha512", 64 },
	{ "sha1", "sha1", 20 },
	{ NULL, NULL, 0 }
};

static const struct sg_alg *
sg_alg_find(const char *alg)
{
	char low[16];
	size_t i, o = 0;

	if (alg == NULL)
		return NULL;
	for (i = 0; alg[i]; i++) {
		if (alg[i] == '-' || alg[i] == '_')
			continue;
		if (o + 1 >= sizeof(low))
			return NULL;
		low[o++] = (char)tolower((unsigned char)alg[i]);
	}
	low[o] = '\0';
	for (i = 0; sg_algs[i].spelling; i++)
		if (strcmp(sg_algs[i].spelling, low) == 0)
			return &sg_algs[i];
	return NULL;
}

char *
sg_digest_raw(const char *alg, const unsigned char *p, size_t n)
{
	const struct sg_alg *a = sg_alg_find(alg);

	if (a == NULL || n != a->len)
		return NULL;
	return digest_bytes(a->name, p, n);
}

char *
sg_digest_hex(const char *alg, const char *hex)
{
	unsigned char raw[64];
	const struct sg_alg *a = sg_alg_find(alg);

	if (a == NULL || hex == NULL ||
	    sg_hex_decode(hex, strlen(hex), raw, a->len) < 0)
		return NULL;
	return sg_digest_raw(alg, raw, a->len);
}

int
sg_json_u64(const json_t *v, uint64_t *out)
{
	const char *s;
	unsigned long long u;
	char *end;
	json_int_t i;

	if (json_is_integer(v)) {
		i = json_integer_value(v);
		if (i < 0)
			return -1;
		*out = (uint64_t)i;
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	s = json_string_value(v);
	if (*s == '\0' || strspn(s, "0123456789") != strlen(s) ||
	    strlen(s) > 20)
		return -1;
	errno = 0;
	u = strtoull(s, &end, 10);
	if (errno == ERANGE || *end != '\0')
		return -1;
	*out = (uint64_t)u;
	return 0;
}

json_t *
sg_json_uint(uint64_t v)
{
	if (v > (uint64_t)INT64_MAX)
		return json_sprintf("%llu", (unsigned long long)v);
	return json_integer((json_int_t)v);
}

/* ------------------------------------------------------------------ */
/* RFC 6962 Merkle trees                                               */

/* SHA-256 of prefix || a || b (b may be NULL); 0, or -1. */
static int
sg_hash3(unsigned char prefix, const void *a, size_t alen, const void *b,
    size_t blen, unsigned char out[SG_HASHLEN])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int olen = 0;
	int ok;

	if (ctx == NULL)
		return -1;
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) == 1 &&
	    EVP_DigestUpdate(ctx, &prefix, 1) == 1 &&
	    (alen == 0 || EVP_DigestUpdate(ctx, a, alen) == 1) &&
	    (b == NULL || EVP_DigestUpdate(ctx, b, blen) == 1) &&
	    EVP_DigestFinal_ex(ctx, out, &olen) == 1 && olen == SG_HASHLEN;
	EVP_MD_CTX_free(ctx);
	return ok ? 0 : -1;
}

void
sg_leaf_hash(const void *p, size_t n, unsigned char out[SG_HASHLEN])
{
	if (sg_hash3(0x00, p, n, NULL, 0, out) < 0)
		memset(out, 0, SG_HASHLEN);
}

int
sg_merkle_verify(const unsigned char leaf[SG_HASHLEN], uint64_t index,
    uint64_t size, const unsigned char (*path)[SG_HASHLEN], size_t npath,
    const unsigned char root[SG_HASHLEN], const char **why)
{
	unsigned char r[SG_HASHLEN], t[SG_HASHLEN];
	uint64_t fn = index, sn;
	size_t i;

	if (size == 0 || index >= size) {
		*why = "leaf index outside the tree";
		return 0;
	}
	if (npath > SG_MAXPATH) {
		*why = "audit path longer than any tree";
		return 0;
	}
	sn = size - 1;
	memcpy(r, leaf, SG_HASHLEN);
	for (i = 0; i < npath; i++) {
		if (sn == 0) {
			*why = "audit path longer than the tree is deep";
			return 0;
		}
		if ((fn & 1) == 1 || fn == sn) {
			if (sg_hash3(0x01, path[i], SG_HASHLEN, r, SG_HASHLEN,
			    t) < 0)
				goto nohash;
			if ((fn & 1) == 0)
				while ((fn & 1) == 0 && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
		} else {
			if (sg_hash3(0x01, r, SG_HASHLEN, path[i], SG_HASHLEN,
			    t) < 0)
				goto nohash;
		}
		memcpy(r, t, SG_HASHLEN);
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0) {
		*why = "audit path shorter than the tree is deep";
		return 0;
	}
	if (memcmp(r, root, SG_HASHLEN) != 0) {
		*why = "computed root differs from rootHash";
		return 0;
	}
	*why = NULL;
	return 1;
nohash:
	*why = "SHA-256 unavailable";
	return 0;
}

/* Why an inclusionProof cannot be checked, or NULL (sg_proof_start()). */
static const char *
sg_proof_shape(const json_t *ip, const char *root_why, uint64_t *index,
    uint64_t *size, size_t *n)
{
	const json_t *hashes = json_object_get(ip, "hashes");

	if (!json_is_object(ip))
		return "inclusionProof is not an object";
	if (sg_json_u64(json_object_get(ip, "logIndex"), index) < 0)
		return "inclusionProof.logIndex is not a number";
	if (sg_json_u64(json_object_get(ip, "treeSize"), size) < 0)
		return "inclusionProof.treeSize is not a number";
	if (root_why)
		return root_why;
	if (!json_is_array(hashes) || (*n = json_array_size(hashes)) >
	    SG_MAXPATH)
		return "inclusionProof.hashes is not an array of at most 64 "
		    "hashes";
	return NULL;
}

int
sg_proof_start(struct event *ev, const json_t *ip, const char *root_why,
    uint64_t *index, uint64_t *size, size_t *n)
{
	const char *why = sg_proof_shape(ip, root_why, index, size, n);

	if (why) {
		sg_inclusion_failed(ev, why);
		return -1;
	}
	event_attr(ev, "proof_log_index", sg_json_uint(*index));
	event_attr(ev, "tree_size", sg_json_uint(*size));
	return 0;
}

void
sg_inclusion_failed(struct event *ev, const char *why)
{
	event_attr_str(ev, "inclusion", "failed");
	event_attr_str(ev, "inclusion_error", why);
}

void
sg_checkpoint(struct event *ev, const char *text, uint64_t size,
    const unsigned char root[SG_HASHLEN])
{
	const char *l1, *l2, *l3, *sep, *sig, *end;
	unsigned char *r = NULL;
	uint64_t csize;
	json_t *num;
	size_t rn = 0;
	char *origin, *signer, *size_text;
	int ok;

	if (text == NULL)
		return;
	l1 = strchr(text, '\n');
	l2 = l1 ? strchr(l1 + 1, '\n') : NULL;
	l3 = l2 ? strchr(l2 + 1, '\n') : NULL;
	if (l1 == NULL || l2 == NULL || l3 == NULL || l1 == text) {
		event_attr_str(ev, "checkpoint", "malformed");
		return;
	}
	origin = xstrndup(text, (size_t)(l1 - text));
	event_attr(ev, "checkpoint_origin", json_string(origin));
	free(origin);
	size_text = xstrndup(l1 + 1, (size_t)(l2 - l1 - 1));
	num = json_string(size_text);
	ok = num && sg_json_u64(num, &csize) == 0;
	json_decref(num);
	free(size_text);
	if (ok)
		r = b64_decode(l2 + 1, (size_t)(l3 - l2 - 1), &rn);
	/* the signature lines: "— <name> <base64>" after a blank line */
	sep = strstr(text, "\n\n");
	sig = sep ? strstr(sep, "\xe2\x80\x94 ") : NULL;
	if (sig) {
		sig += 4;
		end = sig + strcspn(sig, " \n");
		signer = xstrndup(sig, (size_t)(end - sig));
		event_attr(ev, "checkpoint_signer", json_string(signer));
		free(signer);
	}
	if (!ok || r == NULL || rn != SG_HASHLEN)
		event_attr_str(ev, "checkpoint", "malformed");
	else if (csize == size && memcmp(r, root, SG_HASHLEN) == 0)
		event_attr_str(ev, "checkpoint", "consistent");
	else
		event_attr_str(ev, "checkpoint", "inconsistent");
	free(r);
}

/* ------------------------------------------------------------------ */
/* Keys and certificates                                               */

/* A JSON string of p[0..n), or NULL when it is not UTF-8 or has a NUL. */
static json_t *
sg_text(const void *p, size_t n)
{
	if (p == NULL || memchr(p, '\0', n))
		return NULL;
	return json_stringn(p, n);
}

static int
sg_nopass(char *buf, int size, int rwflag, void *u)
{
	return 0;	/* never prompt: evidence carries no encrypted PEM */
}

static int
sg_sha256_raw(const void *p, size_t n, unsigned char out[SG_HASHLEN])
{
	unsigned int olen = 0;

	return EVP_Digest(p, n, out, &olen, EVP_sha256(), NULL) == 1 &&
	    olen == SG_HASHLEN ? 0 : -1;
}

/*
 * SHA-256 hex of a DER SubjectPublicKeyInfo as written (never re-encoded:
 * a compressed point or explicit curve parameters keep their bytes), or
 * NULL.
 */
static char *
sg_spki_sha256(const unsigned char *der, size_t n)
{
	unsigned char h[SG_HASHLEN];

	if (der == NULL || n == 0 || sg_sha256_raw(der, n, h) < 0)
		return NULL;
	return hex_string(h, SG_HASHLEN);
}

static json_t *
sg_key_info(EVP_PKEY *k, const char *spki)
{
	json_t *o = json_object();
	const char *type = EVP_PKEY_get0_type_name(k);
	char group[64];
	size_t glen = 0;

	json_object_set_new(o, "spki_sha256", json_string(spki));
	if (type)
		json_object_set_new(o, "key_type", json_string(type));
	json_object_set_new(o, "key_bits",
	    json_integer(EVP_PKEY_get_bits(k)));
	if (EVP_PKEY_get_group_name(k, group, sizeof(group), &glen) == 1 &&
	    glen < sizeof(group))
		json_object_set_new(o, "curve", json_stringn(group, glen));
	return o;
}

static json_t *
sg_asn1_time(const ASN1_TIME *t)
{
	struct tm tm;
	int64_t us;
	char buf[TS_BUFSZ];

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1 ||
	    ts_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec, 0, &us) < 0)
		return NULL;
	return json_string(ts_format(us, buf));
}

static json_t *
sg_asn1_int(const ASN1_INTEGER *i)
{
	BIGNUM *bn = i ? ASN1_INTEGER_to_BN(i, NULL) : NULL;
	char *hex = bn ? BN_bn2hex(bn) : NULL;
	json_t *v = NULL;

	if (hex)
		v = json_string(ascii_lower(hex));
	OPENSSL_free(hex);
	BN_free(bn);
	return v;
}

static json_t *
sg_name(const X509_NAME *nm)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long len;
	json_t *v = NULL;

	if (bio == NULL)
		return NULL;
	if (X509_NAME_print_ex(bio, nm, 0, XN_FLAG_RFC2253) >= 0) {
		len = BIO_get_mem_data(bio, &data);
		if (len > 0)
			v = sg_text(data, (size_t)len);
	}
	BIO_free(bio);
	return v;
}

/* Fulcio extension 1.3.6.1.4.1.57264.1.<n>: attribute names. */
static const char *const sg_fulcio_names[] = {
	NULL,
	"issuer_v1",			/* .1, raw string (deprecated) */
	"github_workflow_trigger",	/* .2 */
	"github_workflow_sha",		/* .3 */
	"github_workflow_name",		/* .4 */
	"github_workflow_repository",	/* .5 */
	"github_workflow_ref",		/* .6 */
	NULL,				/* .7: OtherName SAN type */
	"issuer",			/* .8, DER UTF8String from here on */
	"build_signer_uri",		/* .9 */
	"build_signer_digest",		/* .10 */
	"runner_environment",		/* .11 */
	"source_repository_uri",	/* .12 */
	"source_repository_digest",	/* .13 */
	"source_repository_ref",	/* .14 */
	"source_repository_identifier",	/* .15 */
	"source_repository_owner_uri",	/* .16 */
	"source_repository_owner_identifier", /* .17 */
	"build_config_uri",		/* .18 */
	"build_config_digest",		/* .19 */
	"build_trigger",		/* .20 */
	"run_invocation_uri",		/* .21 */
	"source_repository_visibility",	/* .22 */
};

#define SG_FULCIO_ARC	"1.3.6.1.4.1.57264.1."

static json_t *
sg_fulcio(const X509 *x)
{
	json_t *f = json_object(), *v;
	int i, n = X509_get_ext_count(x);

	for (i = 0; i < n; i++) {
		X509_EXTENSION *e = X509_get_ext(x, i);
		const ASN1_OCTET_STRING *os = X509_EXTENSION_get_data(e);
		const unsigned char *data, *q;
		ASN1_UTF8STRING *u;
		char oid[80], *end, key[32];
		unsigned long arc;
		int len;

		if (OBJ_obj2txt(oid, sizeof(oid), X509_EXTENSION_get_object(e),
		    1) <= 0 || strncmp(oid, SG_FULCIO_ARC,
		    strlen(SG_FULCIO_ARC)) != 0)
			continue;
		errno = 0;
		arc = strtoul(oid + strlen(SG_FULCIO_ARC), &end, 10);
		if (errno || *end != '\0' || arc == 7 || arc > 1000)
			continue;
		data = ASN1_STRING_get0_data(os);
		len = ASN1_STRING_length(os);
		if (len < 0)
			continue;
		if (arc <= 6) {
			v = sg_text(data, (size_t)len);
		} else {
			q = data;
			u = d2i_ASN1_UTF8STRING(NULL, &q, len);
			v = (u && q == data + len) ? sg_text(
			    ASN1_STRING_get0_data(u),
			    (size_t)ASN1_STRING_length(u)) : NULL;
			ASN1_UTF8STRING_free(u);
		}
		if (v == NULL)
			continue;
		if (arc < sizeof(sg_fulcio_names) /
		    sizeof(sg_fulcio_names[0]) && sg_fulcio_names[arc])
			json_object_set_new(f, sg_fulcio_names[arc], v);
		else {
			snprintf(key, sizeof(key), "oid_%lu", arc);
			json_object_set_new(f, key, v);
		}
	}
	if (json_object_size(f) == 0) {
		json_decref(f);
		return NULL;
	}
	return f;
}

/* Digits after tag in s ("/actions/runs/" -> "9876543210"), or NULL. */
static char *
sg_number_after(const char *s, const char *tag)
{
	const char *p = strstr(s, tag);
	size_t n;

	if (p == NULL)
		return NULL;
	p += strlen(tag);
	n = strspn(p, "0123456789");
	return n ? xstrndup(p, n) : NULL;
}

static void
sg_set_if_empty(char **field, const char *s)
{
	if (*field == NULL && s)
		event_set(field, s);
}

/* The columns a Fulcio certificate vouches for (formats.md H.4). */
static void
sg_fulcio_columns(struct event *ev, const json_t *f)
{
	const char *uri = jstr(f, "source_repository_uri");
	const char *run = jstr(f, "run_invocation_uri");
	char *s;

	if (uri && (s = repo_from_uri(uri)) != NULL) {
		sg_set_if_empty(&ev->repo, s);
		free(s);
	}
	sg_set_if_empty(&ev->repo, jstr(f, "github_workflow_repository"));
	sg_set_if_empty(&ev->ref, jstr(f, "source_repository_ref"));
	sg_set_if_empty(&ev->ref, jstr(f, "github_workflow_ref"));
	sg_set_if_empty(&ev->commit_sha, jstr(f, "source_repository_digest"));
	sg_set_if_empty(&ev->commit_sha, jstr(f, "github_workflow_sha"));
	sg_set_if_empty(&ev->runner, jstr(f, "runner_environment"));
	if (run == NULL)
		return;
	if ((s = sg_number_after(run, "/actions/runs/")) != NULL) {
		/* GitHub: .../actions/runs/<run id>/attempts/<attempt> */
		sg_set_if_empty(&ev->run_ref, s);
		free(s);
		if ((s = sg_number_after(run, "/attempts/")) != NULL) {
			event_attr(ev, "run_attempt",
			    json_integer(strtoll(s, NULL, 10)));
			free(s);
		}
	} else if ((s = sg_number_after(run, "/-/jobs/")) != NULL) {
		/* GitLab: .../-/jobs/<job id> */
		sg_set_if_empty(&ev->job_ref, s);
		free(s);
	} else {
		sg_set_if_empty(&ev->run_ref, run);
	}
}

/* SAN entries as "URI:..."/"email:..."; *actor gets the first (new). */
static json_t *
sg_san(const X509 *x, char **actor)
{
	GENERAL_NAMES *gens = X509_get_ext_d2i(x, NID_subject_alt_name, NULL,
	    NULL);
	json_t *arr = json_array(), *v;
	int i;

	*actor = NULL;
	for (i = 0; gens && i < sk_GENERAL_NAME_num(gens); i++) {
		const GENERAL_NAME *g = sk_GENERAL_NAME_value(gens, i);
		const ASN1_STRING *s;
		const char *kind;

		if (g->type == GEN_URI) {
			s = g->d.uniformResourceIdentifier;
			kind = "URI:";
		} else if (g->type == GEN_EMAIL) {
			s = g->d.rfc822Name;
			kind = "email:";
		} else {
			continue;
		}
		v = sg_text(ASN1_STRING_get0_data(s),
		    (size_t)ASN1_STRING_length(s));
		if (v == NULL)
			continue;
		if (*actor == NULL)
			*actor = xstrdup(json_string_value(v));
		json_array_append_new(arr, json_sprintf("%s%s", kind,
		    json_string_value(v)));
		json_decref(v);
	}
	GENERAL_NAMES_free(gens);
	return arr;
}

static void
sg_map_cert(struct event *ev, X509 *x, int chain)
{
	unsigned char *der = NULL, h[SG_HASHLEN];
	EVP_PKEY *k = X509_get0_pubkey(x);
	json_t *c = json_object(), *f;
	char *spki = NULL, *hex, *actor, *ref;
	int len;

	/* the certificate's own SubjectPublicKeyInfo bytes */
	len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(x), &der);
	if (k && len > 0)
		spki = sg_spki_sha256(der, (size_t)len);
	OPENSSL_free(der);
	der = NULL;
	len = i2d_X509(x, &der);
	if (len > 0 && sg_sha256_raw(der, (size_t)len, h) == 0) {
		hex = hex_string(h, SG_HASHLEN);
		json_object_set_new(c, "sha256", json_string(hex));
		free(hex);
	}
	OPENSSL_free(der);
	if (spki) {
		json_t *ki = sg_key_info(k, spki);

		json_object_update(c, ki);
		json_decref(ki);
	}
	json_object_set_new(c, "subject", sg_name(X509_get_subject_name(x)));
	json_object_set_new(c, "issuer", sg_name(X509_get_issuer_name(x)));
	json_object_set_new(c, "serial", sg_asn1_int(
	    X509_get0_serialNumber(x)));
	json_object_set_new(c, "not_before", sg_asn1_time(
	    X509_get0_notBefore(x)));
	json_object_set_new(c, "not_after", sg_asn1_time(
	    X509_get0_notAfter(x)));
	json_object_set_new(c, "san", sg_san(x, &actor));
	if (chain > 1)
		json_object_set_new(c, "chain_length", json_integer(chain));
	event_attr(ev, "certificate", c);
	if (spki && ev->key_ref == NULL) {
		ref = xasprintf("spki-sha256:%s", spki);
		event_set(&ev->key_ref, ref);
		ev->key_ref_src = "spki";
		free(ref);
	}
	sg_set_if_empty(&ev->actor, actor);
	free(actor);
	if ((f = sg_fulcio(x)) != NULL) {
		sg_fulcio_columns(ev, f);
		event_attr(ev, "fulcio", f);
	}
	free(spki);
}

/* A public key k decoded from the DER SubjectPublicKeyInfo der[0..n). */
static void
sg_map_pubkey(struct event *ev, EVP_PKEY *k, const unsigned char *der,
    size_t n)
{
	char *spki = sg_spki_sha256(der, n), *ref;

	if (spki == NULL)
		return;
	event_attr(ev, "public_key", sg_key_info(k, spki));
	if (ev->key_ref == NULL) {
		ref = xasprintf("spki-sha256:%s", spki);
		event_set(&ev->key_ref, ref);
		ev->key_ref_src = "spki";
		free(ref);
	}
	free(spki);
}

/* Certificates in PEM text p[0..n). */
static int
sg_count_pem_certs(const unsigned char *p, size_t n)
{
	static const char tag[] = "-----BEGIN CERTIFICATE-----";
	const unsigned char *q = p, *end = p + n, *hit;
	int count = 0;

	while ((hit = memmem(q, (size_t)(end - q), tag, sizeof(tag) - 1))) {
		count++;
		q = hit + sizeof(tag) - 1;
	}
	return count;
}

/*
 * The first PEM block named PUBLIC KEY in bio: its DER (new, OPENSSL_free)
 * into *der and *n.  Returns 0, or -1.
 */
static int
sg_pem_pubkey(BIO *bio, unsigned char **der, size_t *n)
{
	char *name = NULL, *header = NULL;
	unsigned char *data = NULL;
	long len = 0;

	while (PEM_read_bio(bio, &name, &header, &data, &len) == 1) {
		if (strcmp(name, "PUBLIC KEY") == 0 && len > 0) {
			OPENSSL_free(name);
			OPENSSL_free(header);
			*der = data;
			*n = (size_t)len;
			return 0;
		}
		OPENSSL_free(name);
		OPENSSL_free(header);
		OPENSSL_free(data);
		name = header = NULL;
		data = NULL;
	}
	return -1;
}

int
sg_map_key(struct event *ev, const unsigned char *p, size_t n,
    const char **why)
{
	const unsigned char *q;
	unsigned char *pem_der = NULL;
	const unsigned char *kder = NULL;
	size_t kn = 0;
	X509 *x = NULL;
	EVP_PKEY *k = NULL;
	BIO *bio;
	int chain = 1, ret;

	*why = NULL;
	if (n == 0 || n > INT_MAX) {
		*why = "empty or oversized key material";
		return -1;
	}
	if (memmem(p, n, "-----BEGIN ", 11)) {
		if ((bio = BIO_new_mem_buf(p, (int)n)) == NULL) {
			*why = "out of memory";
			return -1;
		}
		chain = sg_count_pem_certs(p, n);
		if (chain > 0) {
			x = PEM_read_bio_X509(bio, NULL, sg_nopass, NULL);
		} else if (sg_pem_pubkey(bio, &pem_der, &kn) == 0) {
			q = kder = pem_der;
			k = d2i_PUBKEY(NULL, &q, (long)kn);
		}
		BIO_free(bio);
		if (x == NULL && k == NULL)
			*why = chain > 0 ? "PEM certificate does not parse" :
			    "PEM holds no certificate or SubjectPublicKeyInfo "
			    "public key";
	} else {
		q = p;
		x = d2i_X509(NULL, &q, (long)n);
		if (x == NULL) {
			q = p;
			k = d2i_PUBKEY(NULL, &q, (long)n);
			kder = p;
			kn = (size_t)(q - p);
		}
		if (x == NULL && k == NULL)
			*why = "neither a DER certificate nor a DER public key";
	}
	ERR_clear_error();
	if (x) {
		sg_map_cert(ev, x, chain);
		X509_free(x);
		return 0;
	}
	ret = k ? 0 : -1;
	if (k)
		sg_map_pubkey(ev, k, kder, kn);
	EVP_PKEY_free(k);
	OPENSSL_free(pem_der);
	return ret;
}

int
sg_map_key_b64(struct event *ev, const char *b64, const char **why)
{
	unsigned char *p;
	size_t n;
	int ret;

	if (b64 == NULL) {
		*why = "no key material";
		return -1;
	}
	if ((p = b64_decode(b64, strlen(b64), &n)) == NULL) {
		*why = "key material is not base64";
		return -1;
	}
	ret = sg_map_key(ev, p, n, why);
	free(p);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Entry bodies                                                        */

/*
 * A {algorithm, value (hex)} object at path into *out.  Returns 0 when
 * absent, 1 when set, -1 (message in d) when malformed.
 */
static int
sg_hash_hex(const json_t *h, const char *path, char **out,
    struct diag *d)
{
	const char *alg, *val;

	if (h == NULL)
		return 0;
	alg = jstr(h, "algorithm");
	val = jstr(h, "value");
	if (!json_is_object(h) || alg == NULL || val == NULL)
		return diag_set(d, "%s is not an {algorithm, value} object",
		    path);
	if ((*out = sg_digest_hex(alg, val)) == NULL)
		return diag_set(d, "%s: '%.80s' is not a %.20s digest in hex",
		    path, val, alg);
	return 1;
}

/* The same for proto3 JSON {algorithm: "SHA2_256", digest: base64}. */
static int
sg_hash_b64(const json_t *h, const char *path, char **out,
    struct diag *d)
{
	const char *alg, *val;
	unsigned char *raw;
	size_t n;

	if (h == NULL)
		return 0;
	alg = jstr(h, "algorithm");
	val = jstr(h, "digest");
	if (!json_is_object(h) || alg == NULL || val == NULL)
		return diag_set(d, "%s is not an {algorithm, digest} object",
		    path);
	raw = b64_decode(val, strlen(val), &n);
	*out = raw ? sg_digest_raw(alg, raw, n) : NULL;
	free(raw);
	if (*out == NULL)
		return diag_set(d, "%s: '%.80s' is not a base64 %.20s digest",
		    path, val, alg);
	return 1;
}

/*
 * Sets ev->digest (when empty) or attrs[attr] from a hash helper's result
 * rc and value *val (freed, or taken).  Returns 0, or -1 when rc is.
 */
static int
sg_take_hash(struct event *ev, const char *attr, int rc, char **val)
{
	if (rc == 1 && attr) {
		event_attr_str(ev, attr, *val);
	} else if (rc == 1 && ev->digest == NULL) {
		ev->digest = *val;
		*val = NULL;
	}
	free(*val);
	*val = NULL;
	return rc < 0 ? -1 : 0;
}

static void
sg_key_b64(struct event *ev, const char *b64)
{
	const char *why;

	if (b64 && sg_map_key_b64(ev, b64, &why) < 0)
		event_attr_str(ev, "key_error", why);
}

/* A v0.0.2 verifier {publicKey{rawBytes} | x509Certificate{rawBytes}}. */
static void
sg_verifier(struct event *ev, const json_t *v)
{
	const char *b64 = jpath_str(v, "x509Certificate.rawBytes");

	if (b64 == NULL)
		b64 = jpath_str(v, "publicKey.rawBytes");
	sg_key_b64(ev, b64);
	event_attr_str(ev, "key_details", jstr(v, "keyDetails"));
}

static int
sg_body_hashedrekord(struct event *ev, const json_t *spec, struct diag *d)
{
	const json_t *v2 = jobj(spec, "hashedRekordV002");
	char *dg = NULL;

	if (v2) {	/* Rekor v2 (rekor-tiles) */
		if (sg_take_hash(ev, NULL, sg_hash_b64(jobj(v2, "data"),
		    "spec.hashedRekordV002.data", &dg, d), &dg) < 0)
			return -1;
		event_attr_str(ev, "signature",
		    jpath_str(v2, "signature.content"));
		sg_verifier(ev, jpath(v2, "signature.verifier"));
		return 0;
	}
	if (sg_take_hash(ev, NULL, sg_hash_hex(jpath(spec, "data.hash"),
	    "spec.data.hash", &dg, d), &dg) < 0)
		return -1;
	event_attr_str(ev, "signature", jpath_str(spec, "signature.content"));
	sg_key_b64(ev, jpath_str(spec, "signature.publicKey.content"));
	return 0;
}

static int
sg_body_rekord(struct event *ev, const json_t *spec, struct diag *d)
{
	const char *fmt = jpath_str(spec, "signature.format");
	const char *key = jpath_str(spec, "signature.publicKey.content");
	unsigned char *raw, h[SG_HASHLEN];
	char *dg = NULL, *hex;
	size_t n;

	if (sg_take_hash(ev, NULL, sg_hash_hex(jpath(spec, "data.hash"),
	    "spec.data.hash", &dg, d), &dg) < 0)
		return -1;
	event_attr_str(ev, "signature", jpath_str(spec, "signature.content"));
	event_attr_str(ev, "signature_format", fmt);
	if (fmt == NULL || strcmp(fmt, "x509") == 0) {
		sg_key_b64(ev, key);
	} else if (key && (raw = b64_decode(key, strlen(key), &n))) {
		/* PGP, minisign, SSH keys: fingerprint the bytes as given */
		if (sg_sha256_raw(raw, n, h) == 0) {
			hex = hex_string(h, SG_HASHLEN);
			event_attr_str(ev, "public_key_sha256", hex);
			free(hex);
		}
		free(raw);
	}
	return 0;
}

static int
sg_body_dsse(struct event *ev, const json_t *spec, struct diag *d)
{
	const json_t *v2 = jobj(spec, "dsseV002"), *sigs, *s0;
	char *h = NULL;

	if (v2) {
		if (sg_take_hash(ev, "payload_hash", sg_hash_b64(
		    jobj(v2, "payloadHash"), "spec.dsseV002.payloadHash", &h,
		    d), &h) < 0)
			return -1;
		sigs = json_object_get(v2, "signatures");
		s0 = json_array_get(sigs, 0);
		event_attr_str(ev, "signature", jstr(s0, "content"));
		sg_verifier(ev, jobj(s0, "verifier"));
	} else {
		if (sg_take_hash(ev, "envelope_hash", sg_hash_hex(
		    jobj(spec, "envelopeHash"), "spec.envelopeHash", &h, d),
		    &h) < 0)
			return -1;
		if (sg_take_hash(ev, "payload_hash", sg_hash_hex(
		    jobj(spec, "payloadHash"), "spec.payloadHash", &h, d),
		    &h) < 0)
			return -1;
		sigs = json_object_get(spec, "signatures");
		s0 = json_array_get(sigs, 0);
		event_attr_str(ev, "signature", jstr(s0, "signature"));
		sg_key_b64(ev, jstr(s0, "verifier"));
	}
	if (json_is_array(sigs))
		event_attr(ev, "signature_count",
		    json_integer((json_int_t)json_array_size(sigs)));
	return 0;
}

static int
sg_body_intoto(struct event *ev, const json_t *spec, struct diag *d)
{
	const json_t *content = jobj(spec, "content"), *s0;
	char *h = NULL;

	if (sg_take_hash(ev, "envelope_hash", sg_hash_hex(
	    jobj(content, "hash"), "spec.content.hash", &h, d), &h) < 0)
		return -1;
	if (sg_take_hash(ev, "payload_hash", sg_hash_hex(
	    jobj(content, "payloadHash"), "spec.content.payloadHash", &h, d),
	    &h) < 0)
		return -1;
	/* 0.0.2: the envelope's signatures carry the keys; 0.0.1: spec */
	s0 = json_array_get(jpath(content, "envelope.signatures"), 0);
	if (s0) {
		event_attr_str(ev, "signature", jstr(s0, "sig"));
		sg_key_b64(ev, jstr(s0, "publicKey"));
	} else {
		sg_key_b64(ev, jstr(spec, "publicKey"));
	}
	return 0;
}

/* Other kinds: the first spec.<x>.hash, and the usual key place. */
static int
sg_body_other(struct event *ev, const json_t *spec, struct diag *d)
{
	const char *k;
	const json_t *v, *h;
	char path[160], *dg = NULL;

	json_object_foreach((json_t *)spec, k, v) {
		if ((h = jobj(v, "hash")) == NULL || ev->digest)
			continue;
		snprintf(path, sizeof(path), "spec.%.100s.hash", k);
		if (sg_take_hash(ev, NULL, sg_hash_hex(h, path, &dg, d),
		    &dg) < 0)
			return -1;
	}
	sg_key_b64(ev, jpath_str(spec, "signature.publicKey.content"));
	return 0;
}

int
sg_map_body(struct event *ev, const json_t *body, struct diag *d)
{
	const char *kind = jstr(body, "kind");
	const json_t *spec = jobj(body, "spec");
	int rc;

	if (!json_is_object(body))
		return diag_set(d, "entry body is not a JSON object");
	if (kind == NULL || *kind == '\0')
		return diag_set(d, "entry body has no kind");
	if (spec == NULL)
		return diag_set(d, "entry body has no spec object");
	event_attr_str(ev, "kind", kind);
	event_attr_str(ev, "kind_version", jstr(body, "apiVersion"));
	if (strcmp(kind, "hashedrekord") == 0)
		rc = sg_body_hashedrekord(ev, spec, d);
	else if (strcmp(kind, "rekord") == 0)
		rc = sg_body_rekord(ev, spec, d);
	else if (strcmp(kind, "dsse") == 0)
		rc = sg_body_dsse(ev, spec, d);
	else if (strcmp(kind, "intoto") == 0)
		rc = sg_body_intoto(ev, spec, d);
	else
		rc = sg_body_other(ev, spec, d);
	return rc < 0 ? PARSE_ERR : PARSE_OK;
}

/* ------------------------------------------------------------------ */
/* in-toto statements                                                  */

#define SG_MAXSUBJECTS 64

int
sg_map_statement(struct event *ev, const unsigned char *p, size_t n)
{
	static const char *const prefer[] = { "sha256", "sha512", "sha384",
	    "sha1", NULL };
	json_error_t jerr;
	json_t *st = json_loadb((const char *)p, n, JSON_REJECT_DUPLICATES,
	    &jerr), *subs, *list;
	const json_t *s;
	const char *type;
	size_t i, j;

	type = jstr(st, "_type");
	subs = json_object_get(st, "subject");
	if (type == NULL || strstr(type, "in-toto.io/Statement") == NULL ||
	    !json_is_array(subs)) {
		json_decref(st);
		return -1;
	}
	list = json_array();
	json_array_foreach(subs, i, s) {
		const json_t *dg = jobj(s, "digest");
		const char *name = jstr(s, "name");
		char *norm = NULL;
		json_t *o;

		for (j = 0; prefer[j] && norm == NULL; j++)
			norm = sg_digest_hex(prefer[j], jstr(dg, prefer[j]));
		if (i == 0 || ev->digest == NULL) {
			if (ev->digest == NULL && norm)
				event_set(&ev->digest, norm);
			if (ev->artifact == NULL && name)
				event_set(&ev->artifact, name);
		}
		if (i < SG_MAXSUBJECTS) {
			o = json_object();
			if (name)
				json_object_set_new(o, "name",
				    json_string(name));
			if (norm)
				json_object_set_new(o, "digest",
				    json_string(norm));
			json_array_append_new(list, o);
		}
		free(norm);
	}
	event_attr(ev, "subjects", list);
	event_attr(ev, "subject_count",
	    json_integer((json_int_t)json_array_size(subs)));
	event_attr_str(ev, "predicate_type", jstr(st, "predicateType"));
	json_decref(st);
	return 0;
}

/* ------------------------------------------------------------------ */
/* RFC 3161                                                            */

/* "YYYYMMDDHHMMSS[.f*]Z" (DER GeneralizedTime) to µs; 0, or -1. */
static int
sg_gentime(const unsigned char *s, size_t n, int64_t *us, unsigned *flags)
{
	int v[6], i, j, k;
	int64_t frac = 0, scale = 100000;
	size_t p;
	static const int w[6] = { 4, 2, 2, 2, 2, 2 };

	for (p = 0, i = 0; i < 6; i++) {
		v[i] = 0;
		for (j = 0; j < w[i]; j++, p++) {
			if (p >= n || !isdigit(s[p]))
				return -1;
			v[i] = v[i] * 10 + (s[p] - '0');
		}
	}
	*flags = TS_COARSE;
	if (p < n && s[p] == '.') {
		for (p++, k = 0; p < n && isdigit(s[p]); p++, k++)
			if (scale > 0) {
				frac += (s[p] - '0') * scale;
				scale /= 10;
			}
		if (k == 0)
			return -1;
		*flags = 0;
	}
	if (p + 1 != n || s[p] != 'Z')
		return -1;
	return ts_from_civil(v[0], v[1], v[2], v[3], v[4], v[5], frac, us);
}

int
sg_rfc3161(const unsigned char *der, size_t n, int64_t *us,
    unsigned *flags, json_t **info)
{
	const unsigned char *q = der;
	TS_RESP *resp = NULL;
	PKCS7 *p7 = NULL;
	TS_TST_INFO *tst = NULL, *owned = NULL;
	const ASN1_GENERALIZEDTIME *gt;
	X509_ALGOR *alg;
	char oid[80], buf[TS_BUFSZ];
	int ret = -1;

	*info = NULL;
	if (n == 0 || n > LONG_MAX)
		return -1;
	if ((resp = d2i_TS_RESP(NULL, &q, (long)n)) != NULL)
		tst = TS_RESP_get_tst_info(resp);
	if (tst == NULL) {
		q = der;
		if ((p7 = d2i_PKCS7(NULL, &q, (long)n)) != NULL)
			tst = owned = PKCS7_to_TS_TST_INFO(p7);
	}
	if (tst == NULL || (gt = TS_TST_INFO_get_time(tst)) == NULL ||
	    sg_gentime(ASN1_STRING_get0_data(gt),
	    (size_t)ASN1_STRING_length(gt), us, flags) < 0)
		goto out;
	*info = json_object();
	json_object_set_new(*info, "gen_time", json_string(ts_format(*us,
	    buf)));
	json_object_set_new(*info, "serial", sg_asn1_int(
	    TS_TST_INFO_get_serial(tst)));
	if (TS_TST_INFO_get_policy_id(tst) && OBJ_obj2txt(oid, sizeof(oid),
	    TS_TST_INFO_get_policy_id(tst), 1) > 0)
		json_object_set_new(*info, "policy", json_string(oid));
	alg = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(tst));
	if (alg) {
		const ASN1_OBJECT *obj;

		X509_ALGOR_get0(&obj, NULL, NULL, alg);
		if (OBJ_obj2txt(oid, sizeof(oid), obj, 0) > 0)
			json_object_set_new(*info, "hash_algorithm",
			    json_string(oid));
	}
	ret = 0;
out:
	TS_TST_INFO_free(owned);
	PKCS7_free(p7);
	TS_RESP_free(resp);
	ERR_clear_error();
	return ret;
}
