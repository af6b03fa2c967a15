/* SPDX-License-Identifier: MIT */
/*
 * test_parse_rekor.c - unit tests of the Rekor parser (ingest/parse_rekor.c
 * and the shared ingest/sigstore_util.c): a table of entries built at run
 * time (a canonical body, its RFC 6962 leaf among filler leaves, the root
 * and audit path computed here with the recursive definitions of RFC 6962
 * section 2.1, independent of the parser's iterative check), with the
 * mutations an investigator meets (a tampered body, a wrong root, a short
 * path, no proof, a Fulcio certificate, a bare KMS public key, other
 * kinds, rekor-cli output) and malformed records; probes; the emit
 * failure path; the record is never changed; and a walk over the real
 * corpus in ../shared/corpus/rekor/rekor_api.
 *
 * Texts use ' for " (JSON stays readable).  In raw records, @BODY@ is the
 * base64 of the default hashedrekord body and @UUID@ its leaf hash.
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
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"

#include "helpers.h"


static const struct parser *const P = &parser_rekor;
static const struct suite S = { .p = &parser_rekor };

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

/* The sample incident's stand-in for the KMS key (samples/tools). */
static const char PUB_PEM[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOuVHLpPQLEnX2Fx/fy9ZCcivxYO2\n"
    "zuxGtmFrEFhmskh1tv6d51DY6+kG9uatsxqdN1UMkRRl6GRW4M8sGYd4zA==\n"
    "-----END PUBLIC KEY-----\n";
/* openssl pkey -pubin -outform DER | sha256sum */
#define PUB_REF "spki-sha256:" \
    "a98889079b54b6e9647fae66008b563376e4bf78b8637b66d38395ab3740d2b2"
/* The same key, its point compressed: the id hashes the bytes as given. */
static const char CPUB_PEM[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACOuVHLpPQLEnX2Fx/fy9ZCcivxYO2\n"
    "zuxGtmFrEFhmskg=\n"
    "-----END PUBLIC KEY-----\n";
#define CPUB_REF "spki-sha256:" \
    "da0b356d48112467daea14bd60b16aa3f1ba233ed52e15516c8e22fb3954312b"
#define DIGEST "bfa7a7e4f77550077f8d09078b3f94a860b6694eb1c8326500d0e14c" \
    "4267cd4c"
#define LOGID "440e5ba37080da5ced7797c68ca0fc7599054e5bddda59ea97a18fd326f36d5e"
#define TREEHEX "6ca767a137852468"	/* 7829340419325764712 */
#define WF "https://github.com/acme/widget/.github/workflows/release.yml" \
    "@refs/tags/v2.4.1"
#define COMMIT "6871de16297ac5c9fce0b0e056e8091c1d466686"
#define T_INT 1793718729		/* 2026-11-03T15:12:09Z */
#define TAMPERED "cfa7a7e4f77550077f8d09078b3f94a860b6694eb1c8326500d0e14c" \
    "4267cd4c"
#define SIG "MEUCIQDdTx7yhwb0Z8uQ5u5O3v6X3o9ZqB2yFh0jX1v0p5n0UwIgE5q3q7K" \
    "8kQ2mZ2qjQY0m1X4r3Fz5o8r1p6cQ2n8z7Ck="

/* A GitHub Actions Fulcio certificate (formats.md H.4), made here. */
static char *cert_pem;
static char cert_ref[80];

static void
make_cert(void)
{
	static const struct {
		const char *arc, *val;
		int raw;
	} fx[] = {
		{ "1", "https://token.actions.githubusercontent.com", 1 },
		{ "2", "push", 1 }, { "3", COMMIT, 1 }, { "4", "Release", 1 },
		{ "5", "acme/widget", 1 }, { "6", "refs/tags/v2.4.1", 1 },
		{ "8", "https://token.actions.githubusercontent.com", 0 },
		{ "9", WF, 0 }, { "10", COMMIT, 0 },
		{ "11", "github-hosted", 0 },
		{ "12", "https://github.com/acme/widget", 0 },
		{ "13", COMMIT, 0 }, { "14", "refs/tags/v2.4.1", 0 },
		{ "15", "702113245", 0 }, { "20", "push", 0 },
		{ "21", "https://github.com/acme/widget/actions/runs/"
		    "11873645201/attempts/2", 0 },
		{ "22", "public", 0 }, { "99", "future claim", 0 },
	};
	EVP_PKEY *k = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *nm;
	X509_EXTENSION *e;
	BIO *bio = BIO_new(BIO_s_mem());
	unsigned char *der = NULL, h[32];
	char oid[64], *data;
	long n;
	size_t i;
	int len;

	assert_non_null(k);
	assert_non_null(x);
	X509_set_version(x, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 0x5c24db5d);
	ASN1_TIME_set_string_X509(X509_getm_notBefore(x), "20261103151206Z");
	ASN1_TIME_set_string_X509(X509_getm_notAfter(x), "20261103152206Z");
	nm = X509_get_issuer_name(x);
	X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_ASC,
	    (const unsigned char *)"sigstore.dev", -1, -1, 0);
	X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_ASC,
	    (const unsigned char *)"sigstore-intermediate", -1, -1, 0);
	X509_set_pubkey(x, k);
	e = X509V3_EXT_conf_nid(NULL, NULL, NID_subject_alt_name, "URI:" WF);
	assert_non_null(e);
	X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	for (i = 0; i < NELEM(fx); i++) {
		snprintf(oid, sizeof(oid), "1.3.6.1.4.1.57264.1.%s", fx[i].arc);
		cert_add_ext(x, oid, fx[i].val, fx[i].raw);
	}
	assert_true(X509_sign(x, k, EVP_sha256()) > 0);
	PEM_write_bio_X509(bio, x);
	n = BIO_get_mem_data(bio, &data);
	cert_pem = strndup(data, (size_t)n);
	len = i2d_PUBKEY(k, &der);
	sha256_parts(h, der, (size_t)len, NULL, 0, NULL, 0);
	snprintf(cert_ref, sizeof(cert_ref), "spki-sha256:");
	hexenc(h, 32, cert_ref + 12);
	OPENSSL_free(der);
	BIO_free(bio);
	X509_free(x);
	EVP_PKEY_free(k);
}

/* ------------------------------------------------------------------ */
/* Capturing events                                                    */



/* s with every needle replaced by rep (new). */
static char *
replace_all(const char *s, const char *needle, const char *rep)
{
	size_t nl = strlen(needle), rl = strlen(rep), n = 0;
	const char *p;
	char *out, *o;

	for (p = s; (p = strstr(p, needle)) != NULL; p += nl)
		n++;
	out = malloc(strlen(s) + n * (rl > nl ? rl - nl : 0) + 1);
	assert_non_null(out);
	for (o = out, p = s; *p; ) {
		if (strncmp(p, needle, nl) == 0) {
			memcpy(o, rep, rl);
			o += rl;
			p += nl;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	return out;
}

/* ------------------------------------------------------------------ */
/* The table                                                           */

enum { S_MAP, S_MAP80, S_CLI, S_CLI80, S_RAW };
enum { K_PUB, K_CERT, K_BAD, K_CPUB, K_DER };
enum { P_OK, P_NONE, P_TAMPER, P_BADROOT, P_SHORT, P_BADHEX, P_CPBAD,
    P_NOTARRAY };

struct erow {
	const char	*name;
	int		 shape, key, proof, noset;
	const char	*body;		/* body JSON ('); NULL: hashedrekord */
	const char	*raw;		/* S_RAW: the record (') */
	const char	*attestation;	/* statement JSON (') */
	size_t		 size, index;	/* tree (0: 7 and 5) */
	int		 rc;
	const char	*errmsg;
	int		 nev;		/* 0: 1 */
	const char	*ts, *operation, *digest, *key_ref, *actor, *repo,
			*ref, *commit_sha, *run_ref, *runner, *artifact;
	struct attr_want attrs[10];
};

#define CERT_REF "\x03" "cert"	/* key_ref: the certificate made here */

/* A row that must be refused (or give no event). */
#define BAD(nm, sh, bd, rw, r, msg) { .name = nm, .shape = sh, \
	.key = K_PUB, .proof = P_OK, .body = bd, .raw = rw, .rc = r, \
	.errmsg = msg }

#define BODY_HR(dg, key) \
	"{'apiVersion':'0.0.1','kind':'hashedrekord','spec':{'data':{" \
	"'hash':{'algorithm':'sha256','value':'" dg "'}},'signature':{" \
	"'content':'" SIG "','publicKey':{'content':'" key "'}}}}"

static const struct erow rows[] = {
	{ "hashedrekord with the KMS public key, proof verified",
	    S_MAP, K_PUB, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    "2026-11-03T15:12:09Z", "rekor:hashedrekord", "sha256:" DIGEST,
	    PUB_REF, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "verified" }, { "uuid_matches_body", "true" },
	      { "set", "set_unverified" }, { "log_index", "1423345914" },
	      { "log_id", LOGID }, { "checkpoint", "consistent" },
	      { "proof_log_index", "5" }, { "tree_size", "7" },
	      { "public_key.curve", "prime256v1" },
	      { "signature", SIG } } },
	{ "80-hex EntryID keeps the tree id in attrs",
	    S_MAP80, K_PUB, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL,
	    0, "2026-11-03T15:12:09Z", "rekor:hashedrekord", "sha256:" DIGEST,
	    PUB_REF, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "tree_id", "7829340419325764712" }, { "entry_id", ANY },
	      { "inclusion", "verified" } } },
	{ "Fulcio certificate: identity, repository, run",
	    S_MAP, K_CERT, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    "2026-11-03T15:12:09Z", "rekor:hashedrekord", "sha256:" DIGEST,
	    CERT_REF, WF, "acme/widget", "refs/tags/v2.4.1", COMMIT,
	    "11873645201", "github-hosted", NULL,
	    { { "fulcio.issuer",
		"https://token.actions.githubusercontent.com" },
	      { "fulcio.build_signer_uri", WF },
	      { "fulcio.github_workflow_name", "Release" },
	      { "fulcio.oid_99", "future claim" },
	      { "run_attempt", "2" }, { "certificate.san", "[\"URI:" WF "\"]" },
	      { "certificate.issuer",
		"CN=sigstore-intermediate,O=sigstore.dev" },
	      { "certificate.not_before", "2026-11-03T15:12:06Z" },
	      { "certificate.sha256", ANY }, { "inclusion", "verified" } } },
	{ "tampered body (another digest) fails the inclusion proof",
	    S_MAP, K_PUB, P_TAMPER, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL,
	    0, "2026-11-03T15:12:09Z", "rekor:hashedrekord", "sha256:" TAMPERED,
	    PUB_REF, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "failed" },
	      { "inclusion_error", "computed root differs from rootHash" },
	      { "uuid_matches_body", "false" } } },
	{ "no proof, no SET",
	    S_MAP, K_PUB, P_NONE, 1, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    "2026-11-03T15:12:09Z", "rekor:hashedrekord", "sha256:" DIGEST,
	    PUB_REF, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "absent" }, { "set", "absent" },
	      { "checkpoint", ABSENT }, { "tree_size", ABSENT } } },
	{ "root hash of another tree",
	    S_MAP, K_PUB, P_BADROOT, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL,
	    0, ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "failed" },
	      { "inclusion_error", "computed root differs from rootHash" },
	      { "uuid_matches_body", "true" } } },
	{ "audit path one hash short",
	    S_MAP, K_PUB, P_SHORT, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL,
	    0, ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "failed" },
	      { "inclusion_error", "audit path shorter than the tree is "
		"deep" } } },
	{ "audit path hash that is not hex",
	    S_MAP, K_PUB, P_BADHEX, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL,
	    0, ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "failed" },
	      { "inclusion_error", "inclusionProof.hashes holds a value that "
		"is not 64 hex digits" } } },
	{ "hashes is not an array",
	    S_MAP, K_PUB, P_NOTARRAY, 0, NULL, NULL, NULL, 0, 0, PARSE_OK,
	    NULL, 0, ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL,
	    NULL,
	    { { "inclusion", "failed" }, { "inclusion_error", ANY } } },
	{ "checkpoint names another root",
	    S_MAP, K_PUB, P_CPBAD, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL,
	    0, ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "verified" }, { "checkpoint", "inconsistent" },
	      { "checkpoint_origin", "rekor.sigstore.dev - "
		"7829340419325764712" },
	      { "checkpoint_signer", "rekor.sigstore.dev" } } },
	{ "a one-leaf tree",
	    S_MAP, K_PUB, P_OK, 0, NULL, NULL, NULL, 1, 0, PARSE_OK, NULL, 0,
	    ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "verified" }, { "tree_size", "1" } } },
	{ "the last leaf of a full tree",
	    S_MAP, K_PUB, P_OK, 0, NULL, NULL, NULL, 8, 7, PARSE_OK, NULL, 0,
	    ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "verified" }, { "proof_log_index", "7" } } },
	{ "the first leaf of an odd tree",
	    S_MAP, K_PUB, P_OK, 0, NULL, NULL, NULL, 13, 0, PARSE_OK, NULL, 0,
	    ANY, ANY, ANY, ANY, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "verified" } } },
	{ "compressed point: the id hashes the key as written",
	    S_MAP, K_CPUB, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    ANY, "rekor:hashedrekord", "sha256:" DIGEST, CPUB_REF, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL,
	    { { "public_key.spki_sha256", CPUB_REF + 12 },
	      { "public_key.curve", "prime256v1" } } },
	{ "a DER public key without PEM armour",
	    S_MAP, K_DER, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    ANY, "rekor:hashedrekord", "sha256:" DIGEST, CPUB_REF, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL, { { "key_error", ABSENT } } },
	{ "key material that is no key",
	    S_MAP, K_BAD, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    ANY, "rekor:hashedrekord", "sha256:" DIGEST, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL,
	    { { "key_error", "neither a DER certificate nor a DER public "
		"key" }, { "inclusion", "verified" } } },
	{ "dsse entry: payload and envelope hashes, verifier key",
	    S_MAP, K_PUB, P_OK, 0,
	    "{'apiVersion':'0.0.1','kind':'dsse','spec':{'envelopeHash':{"
	    "'algorithm':'sha256','value':'9EADE91B4B18EB27843A50D31F924536"
	    "E24FC1D4860548DA7BB0934C7E2B3D56'},'payloadHash':{'algorithm':"
	    "'sha256','value':'3c36c4a98fc558187ac6175efd7a76e0f764209fdcec0"
	    "da31a479ca42672c4fa'},'signatures':[{'signature':'" SIG "',"
	    "'verifier':'@PUB@'}]}}", NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    ANY, "rekor:dsse", NULL, PUB_REF, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL,
	    { { "payload_hash", "sha256:3c36c4a98fc558187ac6175efd7a76e0f7642"
		"09fdcec0da31a479ca42672c4fa" },
	      { "envelope_hash", "sha256:9eade91b4b18eb27843a50d31f924536e24f"
		"c1d4860548da7bb0934c7e2b3d56" },
	      { "signature_count", "1" }, { "kind_version", "0.0.1" } } },
	{ "intoto 0.0.2 entry with its attestation",
	    S_MAP, K_PUB, P_OK, 0,
	    "{'apiVersion':'0.0.2','kind':'intoto','spec':{'content':{"
	    "'envelope':{'payloadType':'application/vnd.in-toto+json',"
	    "'signatures':[{'publicKey':'@PUB@','sig':'TUVVQ0lRQz0='}]},"
	    "'hash':{'algorithm':'sha256','value':'1bd88e054f68a7d17393672b0"
	    "3fa18fd64f0dcd5fcc54035c19fe6401cf2cf5e'},'payloadHash':{"
	    "'algorithm':'sha256','value':'8ceb4ab8127731473a9ec81140cb6849c"
	    "f8e970cda32baef099df48ba3264442'}}}}", NULL,
	    "{'_type':'https://in-toto.io/Statement/v1','subject':[{'name':"
	    "'widget-linux-amd64.tar.gz','digest':{'sha512':'" DIGEST DIGEST
	    "','sha256':'" DIGEST "'}},{'name':'widget.sbom.json','digest':{"
	    "'sha256':'" DIGEST "'}}],'predicateType':'https://slsa.dev/"
	    "provenance/v1','predicate':{}}", 0, 0, PARSE_OK, NULL, 0,
	    ANY, "rekor:intoto", "sha256:" DIGEST, PUB_REF, NULL, NULL, NULL,
	    NULL, NULL, NULL, "widget-linux-amd64.tar.gz",
	    { { "attestation", "statement" }, { "subject_count", "2" },
	      { "subjects", "[{\"digest\":\"sha256:" DIGEST "\",\"name\":"
		"\"widget-linux-amd64.tar.gz\"},{\"digest\":\"sha256:" DIGEST
		"\",\"name\":\"widget.sbom.json\"}]" },
	      { "predicate_type", "https://slsa.dev/provenance/v1" },
	      { "signature", "TUVVQ0lRQz0=" } } },
	{ "rekord entry with a PGP key",
	    S_MAP, K_PUB, P_OK, 0,
	    "{'apiVersion':'0.0.1','kind':'rekord','spec':{'data':{'hash':{"
	    "'algorithm':'sha256','value':'" DIGEST "'}},'signature':{"
	    "'format':'pgp','content':'iQIzBAABCAAdFiEE','publicKey':{"
	    "'content':'bVFJTkJHVnpaWEZ1'}}}}", NULL, NULL, 0, 0, PARSE_OK,
	    NULL, 0, ANY, "rekor:rekord", "sha256:" DIGEST, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, NULL,
	    { { "signature_format", "pgp" }, { "public_key_sha256", ANY },
	      { "key_error", ABSENT } } },
	{ "another kind (jar): the first spec.*.hash and the key",
	    S_MAP80, K_PUB, P_OK, 0,
	    "{'apiVersion':'0.0.1','kind':'jar','spec':{'archive':{'hash':{"
	    "'algorithm':'sha256','value':'" DIGEST "'}},'signature':{"
	    "'content':'LS0tLS1CRUdJTiBQS0NTNy0tLS0t','publicKey':{"
	    "'content':'@PUB@'}}}}", NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    ANY, "rekor:jar", "sha256:" DIGEST, PUB_REF, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, { { "kind", "jar" } } },
	{ "sha512 artifact digest",
	    S_MAP, K_PUB, P_OK, 0,
	    "{'apiVersion':'0.0.1','kind':'hashedrekord','spec':{'data':{"
	    "'hash':{'algorithm':'sha512','value':'" DIGEST DIGEST "'}},"
	    "'signature':{'content':'" SIG "','publicKey':{'content':"
	    "'@PUB@'}}}}", NULL, NULL, 0, 0, PARSE_OK, NULL, 0, ANY, ANY,
	    "sha512:" DIGEST DIGEST, PUB_REF, NULL, NULL, NULL, NULL, NULL,
	    NULL, NULL, { { "inclusion", "verified" } } },
	{ "rekor-cli get --format json",
	    S_CLI, K_PUB, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL, 0,
	    "2026-11-03T15:12:09Z", "rekor:hashedrekord", "sha256:" DIGEST,
	    PUB_REF, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	    { { "inclusion", "absent" }, { "set", "absent" },
	      { "export", "rekor-cli" }, { "log_index", "1423345914" },
	      { "log_id", LOGID }, { "uuid_matches_body", ABSENT } } },
	{ "rekor-cli with an 80-hex UUID and a certificate",
	    S_CLI80, K_CERT, P_OK, 0, NULL, NULL, NULL, 0, 0, PARSE_OK, NULL,
	    0, "2026-11-03T15:12:09Z", "rekor:hashedrekord", "sha256:" DIGEST,
	    CERT_REF, WF, "acme/widget", "refs/tags/v2.4.1", COMMIT,
	    "11873645201", "github-hosted", NULL,
	    { { "tree_id", "7829340419325764712" } } },
	{ "two entries in one map",
	    S_RAW, 0, 0, 0, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':1793718729,"
	    "'logID':'" LOGID "','logIndex':1},'" TREEHEX "@UUID@':{'body':"
	    "'@BODY@','integratedTime':1793718730,'logID':'" LOGID "',"
	    "'logIndex':2}}", NULL, 0, 0, PARSE_OK, NULL, 2, ANY,
	    "rekor:hashedrekord", "sha256:" DIGEST, PUB_REF, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, { { "inclusion", "absent" } } },
	{ "integratedTime 0: an entry without a time",
	    S_RAW, 0, 0, 0, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':0,'logID':'" LOGID
	    "','logIndex':1}}", NULL, 0, 0, PARSE_OK, NULL, 0, NULL,
	    "rekor:hashedrekord", "sha256:" DIGEST, PUB_REF, NULL, NULL, NULL,
	    NULL, NULL, NULL, NULL, { { "integrated_time", "0" } } },
	{ "integratedTime as a string",
	    S_RAW, 0, 0, 0, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':'1793718729',"
	    "'logIndex':'1423345914'}}", NULL, 0, 0, PARSE_OK, NULL, 0,
	    "2026-11-03T15:12:09Z", ANY, ANY, ANY, NULL, NULL, NULL, NULL,
	    NULL, NULL, NULL, { { "log_index", "1423345914" },
	      { "log_id", ABSENT } } },
	/* malformed */
	BAD("not an object", S_RAW, NULL,
	    "[1,2]",
	    PARSE_ERR, "not a JSON object"),
	BAD("a UUID of the index search's list", S_RAW, NULL,
	    "'" TREEHEX "@UUID@'",
	    PARSE_NONEVENT, NULL),
	BAD("a string that is no UUID", S_RAW, NULL,
	    "'hello'",
	    PARSE_ERR, "record is not a JSON object"),
	BAD("empty map", S_RAW, NULL,
	    "{}",
	    PARSE_NONEVENT, NULL),
	BAD("Rekor API error", S_RAW, NULL,
	    "{'code':404,'message':'entry not found'}",
	    PARSE_ERR, "Rekor API error response: 404 entry not found"),
	BAD("key is no UUID", S_RAW, NULL,
	    "{'logIndex':{'body':'@BODY@','integratedTime':1}}",
	    PARSE_ERR, "key 'logIndex' is not a Rekor entry UUID"),
	BAD("63 hex digits", S_RAW, NULL,
	    "{'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde'"
	    ":{'body':'@BODY@','integratedTime':1}}",
	    PARSE_ERR, "is not a Rekor entry UUID"),
	BAD("entry is not an object", S_RAW, NULL,
	    "{'@UUID@':5}",
	    PARSE_ERR, "is not an object"),
	BAD("no body", S_RAW, NULL,
	    "{'@UUID@':{'integratedTime':1}}",
	    PARSE_ERR, "has no body string"),
	BAD("body not base64", S_RAW, NULL,
	    "{'@UUID@':{'body':'not base64!','integratedTime':1}}",
	    PARSE_ERR, "body is not base64"),
	BAD("body not JSON", S_RAW, NULL,
	    "{'@UUID@':{'body':'aGVsbG8=','integratedTime':1}}",
	    PARSE_ERR, "body is not JSON"),
	BAD("body without kind", S_RAW, NULL,
	    "{'@UUID@':{'body':'eyJzcGVjIjp7fX0=','integratedTime':1}}",
	    PARSE_ERR, "entry body has no kind"),
	BAD("body without spec", S_MAP,
	    "{'apiVersion':'0.0.1','kind':'hashedrekord'}", NULL,
	    PARSE_ERR, "entry body has no spec object"),
	BAD("digest not hex", S_MAP, BODY_HR("xyz", "@PUB@"), NULL,
	    PARSE_ERR, "spec.data.hash: 'xyz' is not a sha256 digest in hex"),
	BAD("digest of an unknown algorithm", S_MAP,
	    "{'apiVersion':'0.0.1','kind':'hashedrekord','spec':{'data':{"
	    "'hash':{'algorithm':'md5','value':'d41d8cd98f00b204e9800998ecf8"
	    "427e'}}}}", NULL,
	    PARSE_ERR, "is not a md5 digest in hex"),
	BAD("hash without value", S_MAP,
	    "{'apiVersion':'0.0.1','kind':'hashedrekord','spec':{'data':{"
	    "'hash':{'algorithm':'sha256'}}}}", NULL,
	    PARSE_ERR, "spec.data.hash is not an {algorithm, value} object"),
	BAD("no integratedTime", S_RAW, NULL,
	    "{'@UUID@':{'body':'@BODY@'}}",
	    PARSE_ERR, "integratedTime is missing or not a number"),
	BAD("integratedTime not a number", S_RAW, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':'soon'}}",
	    PARSE_ERR, "integratedTime is missing or not a number"),
	BAD("negative integratedTime", S_RAW, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':-5}}",
	    PARSE_ERR, "integratedTime is missing or not a number"),
	BAD("integratedTime out of range", S_RAW, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':9223372036854775807}}",
	    PARSE_ERR, "integratedTime 9223372036854775807 is out of range"),
	BAD("integratedTime over 64 bits", S_RAW, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':"
	    "'99999999999999999999999'}}",
	    PARSE_ERR, "integratedTime is missing or not a number"),
	BAD("second entry bad: nothing stored", S_RAW, NULL,
	    "{'@UUID@':{'body':'@BODY@','integratedTime':1},'" TREEHEX
	    "@UUID@':{'body':'@BODY@'}}",
	    PARSE_ERR, "integratedTime is missing"),
	BAD("rekor-cli without UUID", S_RAW, NULL,
	    "{'UUID':7,'Body':{'HashedRekordObj':{}},'IntegratedTime':1}",
	    PARSE_ERR, "UUID is not 64 or 80 hex digits"),
	BAD("rekor-cli Body with two types", S_RAW, NULL,
	    "{'UUID':'@UUID@','Body':{'A':{},'B':{}},'IntegratedTime':1}",
	    PARSE_ERR, "Body is not an object with one entry type"),
	BAD("rekor-cli Body type not an object", S_RAW, NULL,
	    "{'UUID':'@UUID@','Body':{'HashedRekordObj':3},'IntegratedTime':1}",
	    PARSE_ERR, "Body.HashedRekordObj is not an object"),
	BAD("rekor-cli without IntegratedTime", S_RAW, NULL,
	    "{'UUID':'@UUID@','Body':{'HashedRekordObj':{}}}",
	    PARSE_ERR, "IntegratedTime is missing"),
	BAD("rekor-cli digest not hex", S_RAW, NULL,
	    "{'UUID':'@UUID@','Body':{'HashedRekordObj':{'data':{'hash':{"
	    "'algorithm':'sha256','value':'00'}}}},'IntegratedTime':1}",
	    PARSE_ERR, "spec.data.hash: '00' is not a sha256 digest"),
};

struct built {
	char	*text;		/* the record, JSON */
	char	 uuid[65];
	char	*cert;		/* not owned */
};

/* The body text of row r (new), keys substituted. */
static char *
row_body(const struct erow *r)
{
	char *q, *pub = b64enc(PUB_PEM, strlen(PUB_PEM)), *crt, *bad_key;
	char *t1, *t2, *t3, *key;

	crt = b64enc(cert_pem, strlen(cert_pem));
	bad_key = b64enc("not a key", 9);
	switch (r->key) {
	case K_CERT:
		key = strdup(crt);
		break;
	case K_BAD:
		key = strdup(bad_key);
		break;
	case K_CPUB:
		key = b64enc(CPUB_PEM, strlen(CPUB_PEM));
		break;
	case K_DER:	/* base64 of the DER itself, no PEM */
		key = strdup("MDkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDIgACOuVHLpPQLEnX"
		    "2Fx/fy9ZCcivxYO2zuxGtmFrEFhmskg=");
		break;
	default:
		key = strdup(pub);
	}
	if (r->body) {
		q = unquote(r->body);
	} else {
		q = unquote(BODY_HR(DIGEST, "@KEY@"));
	}
	t1 = replace_all(q, "@KEY@", key);
	free(key);
	t2 = replace_all(t1, "@PUB@", pub);
	t3 = replace_all(t2, "@CERT@", crt);
	free(q);
	free(t1);
	free(t2);
	free(pub);
	free(crt);
	free(bad_key);
	return t3;
}

static json_t *
hexarr(unsigned char (*h)[32], size_t n, int badhex)
{
	json_t *a = json_array();
	char hex[65];
	size_t i;

	for (i = 0; i < n; i++) {
		hexenc(h[i], 32, hex);
		if (badhex && i == 0)
			memcpy(hex, "zz", 2);
		json_array_append_new(a, json_string(hex));
	}
	return a;
}

static void
build(const struct erow *r, struct built *b)
{
	unsigned char leaf[32], root[32], (*leaves)[32], path[64][32];
	size_t size = r->size ? r->size : 7, idx = r->size ? r->index : 5;
	size_t np, i, blen;
	char *body, *sent, *b64, rh[65], cp[512], key[81];
	json_t *rec, *entry, *ip, *ver, *bj;
	json_error_t jerr;

	memset(b, 0, sizeof(*b));
	body = row_body(r);
	blen = strlen(body);
	sha256_parts(leaf, "\x00", 1, body, blen, NULL, 0);
	hexenc(leaf, 32, b->uuid);
	if (r->shape == S_RAW) {
		char *raw = unquote(r->raw), *t1, *bb = b64enc(body, blen);

		t1 = replace_all(raw, "@BODY@", bb);
		b->text = replace_all(t1, "@UUID@", b->uuid);
		free(raw);
		free(t1);
		free(bb);
		free(body);
		return;
	}
	leaves = calloc(size, sizeof(*leaves));
	assert_non_null(leaves);
	for (i = 0; i < size; i++)
		sha256_parts(leaves[i], "filler", 6, &i, sizeof(i), NULL, 0);
	memcpy(leaves[idx], leaf, 32);
	merkle_root(leaves, size, root);
	np = merkle_path(idx, leaves, size, path);
	free(leaves);
	sent = body;
	if (r->proof == P_TAMPER) {
		sent = replace_all(body, DIGEST, TAMPERED);
		assert_string_not_equal(sent, body);
	}
	b64 = b64enc(sent, strlen(sent));
	if (r->proof == P_CPBAD)
		root[0] ^= 1;
	{
		char *rb = b64enc(root, 32);

		snprintf(cp, sizeof(cp), "rekor.sigstore.dev - "
		    "7829340419325764712\n%zu\n%s\n\n\xe2\x80\x94 "
		    "rekor.sigstore.dev RA5bo3BEAiA=\n", size, rb);
		free(rb);
	}
	if (r->proof == P_CPBAD)
		root[0] ^= 1;
	if (r->proof == P_BADROOT)
		root[31] ^= 0x80;
	hexenc(root, 32, rh);
	ip = json_pack("{s:s, s:o, s:I, s:s, s:I}", "checkpoint", cp,
	    "hashes", r->proof == P_NOTARRAY ? json_string("x") :
	    hexarr(path, r->proof == P_SHORT ? np - 1 : np,
	    r->proof == P_BADHEX), "logIndex", (json_int_t)idx, "rootHash", rh,
	    "treeSize", (json_int_t)size);
	ver = json_object();
	if (r->proof != P_NONE)
		json_object_set_new(ver, "inclusionProof", ip);
	else
		json_decref(ip);
	if (!r->noset)
		json_object_set_new(ver, "signedEntryTimestamp",
		    json_string("MEUCIQCZMr4LibVmhOnozEWAUVotFBF+IPJaCvid25CB4"
		    "PRKrwIgXbuwhWqWHWy1LXRtx7Bii2dlTYE0hK4Puc+xv5InuIM="));
	snprintf(key, sizeof(key), "%s%s", r->shape == S_MAP80 ||
	    r->shape == S_CLI80 ? TREEHEX : "", b->uuid);
	if (r->shape == S_CLI || r->shape == S_CLI80) {
		bj = json_loads(body, 0, &jerr);
		assert_non_null(bj);
		rec = json_pack("{s:s, s:s, s:{s:O}, s:I, s:I, s:s, s:s}",
		    "Attestation", "", "AttestationType", "", "Body",
		    "HashedRekordObj", json_object_get(bj, "spec"), "LogIndex",
		    (json_int_t)1423345914, "IntegratedTime", (json_int_t)T_INT,
		    "UUID", key, "LogID", LOGID);
		json_decref(bj);
		json_decref(ver);
	} else {
		entry = json_pack("{s:s, s:I, s:s, s:I, s:o}", "body", b64,
		    "integratedTime", (json_int_t)T_INT, "logID", LOGID,
		    "logIndex", (json_int_t)1423345914, "verification", ver);
		if (r->attestation) {
			char *st = unquote(r->attestation);
			char *sb = b64enc(st, strlen(st));

			json_object_set_new(entry, "attestation",
			    json_pack("{s:s}", "data", sb));
			free(st);
			free(sb);
		}
		rec = json_object();
		json_object_set_new(rec, key, entry);
	}
	assert_non_null(rec);
	b->text = json_dumps(rec, JSON_COMPACT);
	json_decref(rec);
	if (sent != body)
		free(sent);
	free(body);
	free(b64);
}

static void
check_entry(const struct erow *r, const struct built *b,
    const struct evcopy *e)
{
	char when[TS_BUFSZ], name[160];
	const char *want_key = r->key_ref;
	size_t i;

	snprintf(name, sizeof(name), "%s", r->name);
	check_str(name, "source", "rekor", e->source);
	check_str(name, "action", "tlog.entry", e->action);
	check_str(name, "operation", r->operation, e->operation);
	if (want_key && strcmp(want_key, CERT_REF) == 0)
		want_key = cert_ref;
	check_str(name, "key_ref", want_key, e->key_ref);
	if (e->key_ref)
		check_str(name, "key_ref_src", "spki", e->key_ref_src);
	check_str(name, "digest", r->digest, e->digest);
	check_str(name, "actor", r->actor, e->actor);
	check_str(name, "repo", r->repo, e->repo);
	check_str(name, "ref", r->ref, e->ref);
	check_str(name, "commit_sha", r->commit_sha, e->commit_sha);
	check_str(name, "run_ref", r->run_ref, e->run_ref);
	check_str(name, "runner", r->runner, e->runner);
	check_str(name, "artifact", r->artifact, e->artifact);
	if (r->shape != S_RAW || r->nev < 2)
		check_str(name, "native_id", b->uuid, e->native_id);
	if (!e->has_raw)
		bad("%s: event without its raw record", name);
	if (r->ts == NULL) {
		if (e->ts_us != EVENT_NO_TIME)
			bad("%s: a time where none was expected", name);
	} else if (strcmp(r->ts, ANY) != 0) {
		check_str(name, "ts", r->ts, e->ts_us == EVENT_NO_TIME ? NULL :
		    ts_format(e->ts_us, when));
		if (e->ts_flags != TS_COARSE)
			bad("%s: ts_flags 0x%x", name, e->ts_flags);
		check_str(name, "ts_raw", "1793718729", e->ts_raw);
	}
	for (i = 0; i < NELEM(r->attrs) && r->attrs[i].path; i++) {
		const struct attr_want *w = &r->attrs[i];
		char *got = attr_text(e->attrs, w->path), what[96];

		snprintf(what, sizeof(what), "attrs.%s", w->path);
		check_str(name, what, strcmp(w->val, ABSENT) == 0 ? NULL :
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
		const struct erow *r = &rows[i];
		struct built b;
		struct capture c;
		struct diag d;
		json_error_t jerr;
		json_t *rec;
		enum parse_rc rc;
		int want_n = r->nev ? r->nev : 1;

		build(r, &b);
		rec = json_load_record(b.text, strlen(b.text), &jerr);
		if (rec == NULL) {
			bad("%s: the test record is not JSON: %s\n%s", r->name,
			    jerr.text, b.text);
			free(b.text);
			continue;
		}
		memset(&c, 0, sizeof(c));
		rc = run_parser(P, b.text, strlen(b.text), 0, NULL, &c, &d);
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
		} else if (rc != PARSE_OK) {
			if (c.n)
				bad("%s: %s with events", r->name,
				    rc_name(rc));
		} else {
			if (d.msg[0])
				bad("%s: PARSE_OK with message %s", r->name,
				    d.msg);
			if (c.n != want_n)
				bad("%s: %d events, want %d", r->name, c.n,
				    want_n);
			for (k = 0; k < c.n; k++)
				check_entry(r, &b, &c.ev[k]);
			if (c.n == 2 && c.ev[0].native_id &&
			    c.ev[1].native_id && strcmp(c.ev[0].native_id,
			    c.ev[1].native_id) != 0)
				bad("%s: one UUID, two native ids", r->name);
		}
		capture_free(&c);
		json_decref(rec);
		free(b.text);
	}
	end_test("rows");
}

/*
 * The same bytes give the same events (run_parser() checks that the
 * record is not changed).
 */
static void
test_stable(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		struct built b;
		struct capture c1, c2;
		struct diag d;
		char *a1, *a2;
		int k;

		build(&rows[i], &b);
		memset(&c1, 0, sizeof(c1));
		memset(&c2, 0, sizeof(c2));
		(void)run_parser(P, b.text, strlen(b.text), 0, NULL, &c1, &d);
		(void)run_parser(P, b.text, strlen(b.text), 0, NULL, &c2, &d);
		for (k = 0; k < c1.n; k++) {
			a1 = json_dumps(c1.ev[k].attrs, JSON_SORT_KEYS);
			a2 = json_dumps(c2.ev[k].attrs, JSON_SORT_KEYS);
			if ((a1 || a2) && (!a1 || !a2 || strcmp(a1, a2)))
				bad("%s: attrs differ between runs",
				    rows[i].name);
			free(a1);
			free(a2);
		}
		capture_free(&c1);
		capture_free(&c2);
		free(b.text);
	}
	end_test("stable");
}

static const struct erow *
find_row(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		if (strcmp(rows[i].name, name) == 0)
			return &rows[i];
	fail_msg("no row '%s'", name);
	return NULL;
}

/* A store error stops the parser, whatever the shape. */
static void
test_emit_failure(void **state)
{
	static const char *const names[] = {
		"hashedrekord with the KMS public key, proof verified",
		"rekor-cli get --format json",
		"two entries in one map",
	};
	struct built b;
	struct capture c;
	struct diag d;
	json_error_t jerr;
	json_t *rec;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(names); i++) {
		build(find_row(names[i]), &b);
		rec = json_load_record(b.text, strlen(b.text), &jerr);
		assert_non_null(rec);
		memset(&c, 0, sizeof(c));
		c.fail = 1;
		assert_int_equal(run_parser(P, b.text, strlen(b.text), 0, NULL,
		    &c, &d), PARSE_FATAL);
		json_decref(rec);
		free(b.text);
	}
}

/* ------------------------------------------------------------------ */
/* Probe                                                               */

static const struct probe_row probe_rows[] = {
	{ "API map", NULL,
	    "{'ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1df340cb8"
	    "fc9c221af':{'body':'eyJh','integratedTime':1656448131,'logID':"
	    "'d32f'}}", "entry.json", 92, 92, DETECT_IF_CLAIMED },
	{ "pretty API map with a BOM", NULL,
	    "\xef\xbb\xbf{\n  '362f8ecba72f43267ccec0af2bdf601a4772c3af"
	    "6859215d8049583bba5a3f11bf99573109ba7b2a' : {\n"
	    "    'body': 'eyJh',\n    'logID': 'c0d2'", "x.json", 92, 92,
	    DETECT_IF_CLAIMED },
	{ "retrieve array", NULL,
	    "[{'ac3650aee1c1b3821211cf07067c1a118d0a7f86867b"
	    "bb1df340cb8fc9c221af':{'body':'eyJh','integratedTime':1}}]",
	    "retrieve.json", 92, 92, DETECT_IF_CLAIMED },
	{ "map whose body fills the head", NULL,
	    "{'ac3650aee1c1b3821211cf07067c1a"
	    "118d0a7f86867bbb1df340cb8fc9c221af':{'body':'eyJhcGlWZXJz",
	    "x.json", 80, 80, DETECT_IF_CLAIMED },
	{ "index search result", NULL,
	    "[\n  '24296fb24b8ad77a4d23c653c2208982a20f"
	    "ea77430945efe71292049c3a91dbfef8a0f068954bc7'\n]", "uuids.json",
	    85, 85, DETECT_IF_CLAIMED },
	{ "a list of other strings", NULL, "['hello']", "x.json", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "rekor-cli", NULL, "{'Attestation':'','AttestationType':'','Body':{"
	    "'HashedRekordObj':{}},'LogIndex':1,'IntegratedTime':1,'UUID':'a'}",
	    "get.json", 88, 88, DETECT_IF_CLAIMED },
	{ "Sigstore bundle", NULL,
	    "{'mediaType':'application/vnd.dev.sigstore."
	    "bundle.v0.3+json','verificationMaterial':{'tlogEntries':[{"
	    "'logIndex':'1','integratedTime':'1'}]}}", "x.sigstore.json",
	    0, 0, DETECT_IF_CLAIMED },
	{ "CloudTrail", NULL,
	    "{'Records':[{'eventVersion':'1.08','eventSource':"
	    "'kms.amazonaws.com'}]}", "ct.json", 0, 0, DETECT_IF_CLAIMED },
	{ "a 64-hex key without ':'", NULL,
	    "{'ac3650aee1c1b3821211cf07067c1a118d0a"
	    "7f86867bbb1df340cb8fc9c221af' 'logID'}", "x.json", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "65 hex digits", NULL,
	    "{'ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1"
	    "df340cb8fc9c221af0':{'logID':''}}", "x.json", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "git log", NULL, "\x1e" "ab", "x.gitlog", 0, 0, DETECT_IF_CLAIMED },
	{ "empty", NULL, "", "x.json", 0, 0, DETECT_IF_CLAIMED },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("rekor"), P);
	assert_int_equal(P->kind, INPUT_JSON);
	assert_null(P->container_keys);
	assert_non_null(P->howto);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

struct fact {
	const char	*file, *native_id, *what, *want;
	int		 seen;
};

static struct fact facts[] = {
	{ "sigstore-java.entry.json",
	    "ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1df340cb8fc9c221af",
	    "inclusion", "verified", 0 },
	{ "sigstore-java.entry.json",
	    "ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1df340cb8fc9c221af",
	    "digest", "sha256:47c1db9fb5fe7ff66e3d7c15b2ca5d3a046ee8f4aa043dedd"
	    "317e46b321c4390", 0 },
	{ "sigstore-java.entry.json",
	    "ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1df340cb8fc9c221af",
	    "checkpoint", "consistent", 0 },
	{ "sigstore-java.entry.json",
	    "ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1df340cb8fc9c221af",
	    "ts", "2022-06-28T20:28:51Z", 0 },
	{ "sigstore-java.entry.json",
	    "ac3650aee1c1b3821211cf07067c1a118d0a7f86867bbb1df340cb8fc9c221af",
	    "actor", "test@test.com", 0 },
	{ "sigstore-java.entry-no-inclusion-proof.json",
	    "017230556ef6b19c0dcadf4eb09805e75cfbae39d5fb57e97ea4210d5c1f552b",
	    "inclusion", "absent", 0 },
	{ "sigstore-java.entry-no-inclusion-proof.json",
	    "017230556ef6b19c0dcadf4eb09805e75cfbae39d5fb57e97ea4210d5c1f552b",
	    "set", "set_unverified", 0 },
	{ "sigstore-java.jar-entry.json",
	    "7ccec0af2bdf601a4772c3af6859215d8049583bba5a3f11bf99573109ba7b2a",
	    "operation", "rekor:jar", 0 },
	{ "sigstore-java.jar-entry.json",
	    "7ccec0af2bdf601a4772c3af6859215d8049583bba5a3f11bf99573109ba7b2a",
	    "tree_id", "3904496407287907110", 0 },
	{ "sigstore-java.jar-entry.json",
	    "7ccec0af2bdf601a4772c3af6859215d8049583bba5a3f11bf99573109ba7b2a",
	    "inclusion", "verified", 0 },
	{ "sigstore-java.jar-entry.json",
	    "7ccec0af2bdf601a4772c3af6859215d8049583bba5a3f11bf99573109ba7b2a",
	    "digest", "sha256:1124ca085d897e8c05b9d2245946e9237c7fd87ad0e9da29e"
	    "6262c5c3731f958", 0 },
};

static void
check_facts(const char *file, const struct evcopy *e)
{
	char when[TS_BUFSZ], *got;
	size_t i;

	for (i = 0; i < NELEM(facts); i++) {
		struct fact *f = &facts[i];

		if (strcmp(f->file, file) || e->native_id == NULL ||
		    strcmp(f->native_id, e->native_id))
			continue;
		f->seen++;
		if (strcmp(f->what, "digest") == 0)
			check_str(file, "digest", f->want, e->digest);
		else if (strcmp(f->what, "actor") == 0)
			check_str(file, "actor", f->want, e->actor);
		else if (strcmp(f->what, "operation") == 0)
			check_str(file, "operation", f->want, e->operation);
		else if (strcmp(f->what, "ts") == 0)
			check_str(file, "ts", f->want, ts_format(e->ts_us,
			    when));
		else {
			got = attr_text(e->attrs, f->what);
			check_str(file, f->what, f->want, got);
			free(got);
		}
	}
}

struct corpus_count {
	int	files, events;
};

/* One Rekor API response of the corpus: every entry an event. */
static void
corpus_response(void *arg, const char *path, const char *nm)
{
	struct corpus_count *cc = arg;
	json_t *rec;
	struct capture c;
	struct diag d;
	enum parse_rc rc;
	char *text;
	int score, j;

	if (strstr(nm, ".json") == NULL)
		return;
	if ((rec = load_json_doc(path, nm, &text)) == NULL)
		return;
	cc->files++;
	score = P->probe(text, strlen(text), nm);
	if (score < 80)
		bad("%s: probe %d", nm, score);
	memset(&c, 0, sizeof(c));
	rc = run_parser(P, text, strlen(text), 0, NULL, &c, &d);
	if (rc != PARSE_OK)
		bad("%s: %s (%s)", nm, rc_name(rc), d.msg);
	if ((size_t)c.n != json_object_size(rec))
		bad("%s: %d events for %zu entries", nm, c.n,
		    json_object_size(rec));
	for (j = 0; j < c.n; j++) {
		if (c.ev[j].ts_us == EVENT_NO_TIME ||
		    c.ev[j].native_id == NULL || c.ev[j].digest == NULL)
			bad("%s: incomplete event", nm);
		if (!json_is_true(json_object_get(c.ev[j].attrs,
		    "uuid_matches_body")))
			bad("%s: UUID is not the body's leaf hash", nm);
		check_facts(nm, &c.ev[j]);
	}
	cc->events += c.n;
	capture_free(&c);
	free(text);
	json_decref(rec);
}

/* The bundles are not Rekor API responses. */
static void
not_a_response(void *arg, const char *path, const char *nm)
{
	char *head;
	size_t len;

	if ((head = read_file(path, &len)) == NULL)
		return;
	if (P->probe(head, len < PROBE_HEAD ? len : PROBE_HEAD, nm) != 0)
		bad("%s: rekor claims a bundle", nm);
	free(head);
}

static void
test_corpus(void **state)
{
	const char *root = corpus_root();
	struct corpus_count cc = { 0, 0 };
	char dir[4096];
	size_t k;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/rekor/rekor_api", root ? root : ".");
	if (root == NULL || walk_files(dir, "", corpus_response, &cc) < 0) {
		print_message("corpus %s absent: test skipped\n", dir);
		skip();
	}
	print_message("corpus: %d files, %d entries\n", cc.files, cc.events);
	assert_true(cc.files >= 3);
	for (k = 0; k < NELEM(facts); k++) {
		if (facts[k].seen != 1)
			bad("fact %s %s %s seen %d times", facts[k].file,
			    facts[k].native_id, facts[k].what, facts[k].seen);
		facts[k].seen = 0;
	}
	snprintf(dir, sizeof(dir), "%s/rekor/bundles", root);
	(void)walk_files(dir, "", not_a_response, NULL);
	end_test("corpus");
}

static int
setup(void **state)
{
	(void)state;
	make_cert();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(cert_pem);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_stable),
		cmocka_unit_test(test_emit_failure),
		cmocka_unit_test(test_probe),
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
