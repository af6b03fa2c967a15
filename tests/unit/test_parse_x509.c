/* SPDX-License-Identifier: MIT */
/*
 * test_parse_x509.c - unit tests of the certificate parser
 * (ingest/parse_x509.c) and of the item walk it shares with the CRL and
 * RFC 3161 parsers (ingest/pki_util.c): one table of inputs (PEM and DER
 * certificates, chains, concatenated DER, a Fulcio certificate, a
 * TRUSTED CERTIFICATE, a PEM mixing a certificate and a CRL, keys that
 * must be passed over, and malformed data of every kind) with the events
 * each must give; a table of probe inputs; the emit failure path; and a
 * walk over the real certificates in ../shared/corpus/x509.
 *
 * The fixtures were made once with the openssl CLI (a throw-away "Test
 * Code Signing CA" whose keys were deleted); their fingerprints are those
 * `openssl x509 -outform DER | sha256sum` printed.  Expectations are
 * "path=value" strings over a JSON copy of each event: a column name
 * (ts and end as ISO text), or attrs/<key>/<key> for attributes; "~" means
 * "contains", "!path" means absent.
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

#include "err.h"
#include "event.h"
#include "parser.h"
#include "timeutil.h"

#include "helpers.h"


static const struct parser *const P = &parser_x509;

/* ------------------------------------------------------------------ */
/* Fixtures                                                            */

#define CA_PEM \
"-----BEGIN CERTIFICATE-----\n" \
"MIIBtTCCAVugAwIBAgICAQAwCgYIKoZIzj0EAwIwQDELMAkGA1UEBhMCVVMxEjAQ\n" \
"BgNVBAoMCVRlc3Qgw5ZyZzEdMBsGA1UEAwwUVGVzdCBDb2RlIFNpZ25pbmcgQ0Ew\n" \
"HhcNMjYwODAxMDAwMDAwWhcNMzYwNzI5MDAwMDAwWjBAMQswCQYDVQQGEwJVUzES\n" \
"MBAGA1UECgwJVGVzdCDDlnJnMR0wGwYDVQQDDBRUZXN0IENvZGUgU2lnbmluZyBD\n" \
"QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABM8vqdJLJvKbnhVPj7TQlZZ9aZ6i\n" \
"GA8Plhw2Il8lkNHimJr0QbyNJAt7ilB6to1+Yg+cjihg5r9MXNTRFkU8JGOjRTBD\n" \
"MBIGA1UdEwEB/wQIMAYBAf8CAQEwDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBR9\n" \
"Z2ahH7dGeUL0ZSV97Uu9nkk/cjAKBggqhkjOPQQDAgNIADBFAiEAv9tKd2iJchDq\n" \
"h+gaxDtwwk6W3OxLEvMP78REeLNyGfsCIG4OIm21RQrMc595n2XPywzxxsSOuPqG\n" \
"Q5OhJYCbeNQ7\n" \
"-----END CERTIFICATE-----\n"

#define EE_PEM \
"-----BEGIN CERTIFICATE-----\n" \
"MIICLjCCAdOgAwIBAgIITB96ItngO4UwCgYIKoZIzj0EAwIwQDELMAkGA1UEBhMC\n" \
"VVMxEjAQBgNVBAoMCVRlc3Qgw5ZyZzEdMBsGA1UEAwwUVGVzdCBDb2RlIFNpZ25p\n" \
"bmcgQ0EwHhcNMjYwOTAxMTEwMDAwWhcNMjcwOTAxMTEwMDAwWjBMMQswCQYDVQQG\n" \
"EwJVUzESMBAGA1UECgwJQWNtZSBDb3JwMSkwJwYDVQQDDCBBY21lIENvcnAgd2lk\n" \
"Z2V0IHJlbGVhc2Ugc2lnbmluZzBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABAiE\n" \
"TS7UG02qwan3ISAvjV20bgRwvtbf+AgxAJTtsYOO5Xy8QRnp9UFbhUa07gTSEOER\n" \
"+MmuXBH5+97Mur10RnCjgaowgacwDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMC\n" \
"B4AwFgYDVR0lAQH/BAwwCgYIKwYBBQUHAwMwHQYDVR0OBBYEFJUPHjGu3emj64iv\n" \
"RxN9NBkPfsPYMB8GA1UdIwQYMBaAFH1nZqEft0Z5QvRlJX3tS72eST9yMC8GA1Ud\n" \
"HwQoMCYwJKAioCCGHmh0dHA6Ly9wa2kudGVzdC5leGFtcGxlL2NhLmNybDAKBggq\n" \
"hkjOPQQDAgNJADBGAiEAynd9xFxzcDN1DO4bordhnaogtYO72oRvBBt7EEiXIYUC\n" \
"IQD8LGtVCi7kF56rrQl38ByGhrFhmjrTHpDYc42vbcxxuw==\n" \
"-----END CERTIFICATE-----\n"

#define FULCIO_PEM \
"-----BEGIN CERTIFICATE-----\n" \
"MIID6zCCA5GgAwIBAgIHcrcM0nsndDAKBggqhkjOPQQDAjBAMQswCQYDVQQGEwJV\n" \
"UzESMBAGA1UECgwJVGVzdCDDlnJnMR0wGwYDVQQDDBRUZXN0IENvZGUgU2lnbmlu\n" \
"ZyBDQTAeFw0yNjEwMjAxMzMyMzBaFw0yNjEwMjExMzMyMzBaMAAwWTATBgcqhkjO\n" \
"PQIBBggqhkjOPQMBBwNCAATFtipyiT4TmnxBpXD4GTw67xCH4SlniMKqClwoYVus\n" \
"tOKXzVn5DZRLHMuxXgPHLHtJuxo4kCJFeAA9cVXahNNCo4ICtDCCArAwDgYDVR0P\n" \
"AQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMDMB0GA1UdDgQWBBQeQuA4hj2m\n" \
"FpER+UHvrpLgxaQzXzAfBgNVHSMEGDAWgBR9Z2ahH7dGeUL0ZSV97Uu9nkk/cjBb\n" \
"BgNVHREBAf8EUTBPhk1odHRwczovL2dpdGh1Yi5jb20vYWNtZS93aWRnZXQvLmdp\n" \
"dGh1Yi93b3JrZmxvd3MvcmVsZWFzZS55bWxAcmVmcy90YWdzL3YyLjQuMDA5Bgor\n" \
"BgEEAYO/MAEBBCtodHRwczovL3Rva2VuLmFjdGlvbnMuZ2l0aHVidXNlcmNvbnRl\n" \
"bnQuY29tMDsGCisGAQQBg78wAQgELQwraHR0cHM6Ly90b2tlbi5hY3Rpb25zLmdp\n" \
"dGh1YnVzZXJjb250ZW50LmNvbTBdBgorBgEEAYO/MAEJBE8MTWh0dHBzOi8vZ2l0\n" \
"aHViLmNvbS9hY21lL3dpZGdldC8uZ2l0aHViL3dvcmtmbG93cy9yZWxlYXNlLnlt\n" \
"bEByZWZzL3RhZ3MvdjIuNC4wMB0GCisGAQQBg78wAQsEDwwNZ2l0aHViLWhvc3Rl\n" \
"ZDAuBgorBgEEAYO/MAEMBCAMHmh0dHBzOi8vZ2l0aHViLmNvbS9hY21lL3dpZGdl\n" \
"dDA4BgorBgEEAYO/MAENBCoMKDlmODZkMDgxODg0YzdkNjU5YTJmZWFhMGM1NWFk\n" \
"MDE1YTNiZjRmMWIwIAYKKwYBBAGDvzABDgQSDBByZWZzL3RhZ3MvdjIuNC4wMFIG\n" \
"CisGAQQBg78wARUERAxCaHR0cHM6Ly9naXRodWIuY29tL2FjbWUvd2lkZ2V0L2Fj\n" \
"dGlvbnMvcnVucy8xMTc2ODQyMDE1Ny9hdHRlbXB0cy8xMBYGCisGAQQBg78wAWME\n" \
"CAwGZnV0dXJlMAoGCCqGSM49BAMCA0gAMEUCIBOYp8IWuouL9wCgNQyXnz6BRWT5\n" \
"guBjNxWNBN9DjtGsAiEA+d8AsG4SGtUMyu04NzZLyxG9N6mpiSwTj2Fokfwfbco=\n" \
"-----END CERTIFICATE-----\n"

#define TRUSTED_PEM \
"-----BEGIN TRUSTED CERTIFICATE-----\n" \
"MIIBtTCCAVugAwIBAgICAQAwCgYIKoZIzj0EAwIwQDELMAkGA1UEBhMCVVMxEjAQ\n" \
"BgNVBAoMCVRlc3Qgw5ZyZzEdMBsGA1UEAwwUVGVzdCBDb2RlIFNpZ25pbmcgQ0Ew\n" \
"HhcNMjYwODAxMDAwMDAwWhcNMzYwNzI5MDAwMDAwWjBAMQswCQYDVQQGEwJVUzES\n" \
"MBAGA1UECgwJVGVzdCDDlnJnMR0wGwYDVQQDDBRUZXN0IENvZGUgU2lnbmluZyBD\n" \
"QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABM8vqdJLJvKbnhVPj7TQlZZ9aZ6i\n" \
"GA8Plhw2Il8lkNHimJr0QbyNJAt7ilB6to1+Yg+cjihg5r9MXNTRFkU8JGOjRTBD\n" \
"MBIGA1UdEwEB/wQIMAYBAf8CAQEwDgYDVR0PAQH/BAQDAgEGMB0GA1UdDgQWBBR9\n" \
"Z2ahH7dGeUL0ZSV97Uu9nkk/cjAKBggqhkjOPQQDAgNIADBFAiEAv9tKd2iJchDq\n" \
"h+gaxDtwwk6W3OxLEvMP78REeLNyGfsCIG4OIm21RQrMc595n2XPywzxxsSOuPqG\n" \
"Q5OhJYCbeNQ7MAwwCgYIKwYBBQUHAwM=\n" \
"-----END TRUSTED CERTIFICATE-----\n"

#define CRL_PEM \
"-----BEGIN X509 CRL-----\n" \
"MIIBHDCBxAIBATAKBggqhkjOPQQDAjBAMQswCQYDVQQGEwJVUzESMBAGA1UECgwJ\n" \
"VGVzdCDDlnJnMR0wGwYDVQQDDBRUZXN0IENvZGUgU2lnbmluZyBDQRcNMjYxMTEz\n" \
"MTIwNTAwWhcNMjYxMTIwMTIwNTAwWjBDMEECCEwfeiLZ4DuFFw0yNjExMTMxMjAw\n" \
"MDBaMCYwCgYDVR0VBAMKAQEwGAYDVR0YBBEYDzIwMjYxMTA2MjE0NzEyWqAOMAww\n" \
"CgYDVR0UBAMCAQUwCgYIKoZIzj0EAwIDRwAwRAIgG/CDxfwGeCGakdas4ThmxddV\n" \
"Tf1VZozg7W58NCjI1fgCIAM6L30gNbKRvOJerD5tEajXmzcTjpf5ohJGnJav1SSF\n" \
"-----END X509 CRL-----\n"

/* The CA and the end-entity certificate in DER, as hex. */
#define CA_HEX \
"308201b53082015ba00302010202020100300a06082a8648ce3d0403023040310b3009" \
"06035504061302555331123010060355040a0c095465737420c3967267311d301b0603" \
"5504030c145465737420436f6465205369676e696e67204341301e170d323630383031" \
"3030303030305a170d3336303732393030303030305a3040310b300906035504061302" \
"555331123010060355040a0c095465737420c3967267311d301b06035504030c145465" \
"737420436f6465205369676e696e672043413059301306072a8648ce3d020106082a86" \
"48ce3d03010703420004cf2fa9d24b26f29b9e154f8fb4d095967d699ea2180f0f961c" \
"36225f2590d1e2989af441bc8d240b7b8a507ab68d7e620f9c8e2860e6bf4c5cd4d116" \
"453c2463a345304330120603551d130101ff040830060101ff020101300e0603551d0f" \
"0101ff040403020106301d0603551d0e041604147d6766a11fb7467942f465257ded4b" \
"bd9e493f72300a06082a8648ce3d0403020348003045022100bfdb4a7768897210ea87" \
"e81ac43b70c24e96dcec4b12f30fefc44478b37219fb02206e0e226db5450acc739f79" \
"9f65cfcb0cf1c6c48eb8fa864393a125809b78d43b"

#define EE_HEX \
"3082022e308201d3a00302010202084c1f7a22d9e03b85300a06082a8648ce3d040302" \
"3040310b300906035504061302555331123010060355040a0c095465737420c3967267" \
"311d301b06035504030c145465737420436f6465205369676e696e67204341301e170d" \
"3236303930313131303030305a170d3237303930313131303030305a304c310b300906" \
"035504061302555331123010060355040a0c0941636d6520436f727031293027060355" \
"04030c2041636d6520436f7270207769646765742072656c65617365207369676e696e" \
"673059301306072a8648ce3d020106082a8648ce3d0301070342000408844d2ed41b4d" \
"aac1a9f721202f8d5db46e0470bed6dff808310094edb1838ee57cbc4119e9f5415b85" \
"46b4ee04d210e111f8c9ae5c11f9fbdeccbabd744670a381aa3081a7300c0603551d13" \
"0101ff04023000300e0603551d0f0101ff04040302078030160603551d250101ff040c" \
"300a06082b06010505070303301d0603551d0e04160414950f1e31aedde9a3eb88af47" \
"137d34190f7ec3d8301f0603551d230418301680147d6766a11fb7467942f465257ded" \
"4bbd9e493f72302f0603551d1f042830263024a022a020861e687474703a2f2f706b69" \
"2e746573742e6578616d706c652f63612e63726c300a06082a8648ce3d040302034900" \
"3046022100ca777dc45c737033750cee1ba2b7619daa20b583bbda846f041b7b104897" \
"2185022100fc2c6b550a2ee4179eabad0977f01c8686b1619a3ad31e90d8738daf6dcc" \
"71bb"

/* CRL_PEM in DER */
#define CRL_HEX \
"3082011c3081c4020101300a06082a8648ce3d0403023040310b300906035504061302" \
"555331123010060355040a0c095465737420c3967267311d301b06035504030c145465" \
"737420436f6465205369676e696e67204341170d3236313131333132303530305a170d" \
"3236313132303132303530305a3043304102084c1f7a22d9e03b85170d323631313133" \
"3132303030305a3026300a0603551d1504030a010130180603551d180411180f323032" \
"36313130363231343731325aa00e300c300a0603551d140403020105300a06082a8648" \
"ce3d040302034700304402201bf083c5fc0678219a91d6ace13866c5d7554dfd55668c" \
"e0ed6e7c3428c8d5f80220033a2f7d2035b291bce25eac3e6d11a8d79b37138e97f9a2" \
"12469c96afd52485"

#define CA_FP "8cd9f7d7a570c823cd4aaaf19f16397d4a414a4bab7cd0927fbbd57288e4c9bd"
#define CA_SPKI "3ac89c943c736616899735f55acb377981acca09ac23db48321a88eab98636e1"
#define EE_FP "7b4309378379446ff92414d5f21a8a1e82a69b52932651d8311a9e02b3859e56"
#define EE_SPKI "d562b7b1dbc67a570f4fee3ed48ab5056878ced1011bde4ec79594393e44b530"
#define FU_FP "dba8caa2c8fd3a50dfb1619909742684cbd0bdf0e250e5a18dc5f204a4962d82"
#define FU_SPKI "da90d9f12e9b366458a0d9469de3d6f8fe57d434bfa8c48f3ba2a3441498b906"
#define CA_DN "CN=Test Code Signing CA,O=Test \xc3\x96rg,C=US"
#define EE_DN "CN=Acme Corp widget release signing,O=Acme Corp,C=US"


/* "hex:<digits>" -> bytes (new); anything else is copied as it is. */
static unsigned char *
input_bytes(const char *in, size_t *len)
{
	unsigned char *p;
	size_t i, n;

	if (strncmp(in, "hex:", 4) != 0) {
		*len = strlen(in);
		p = malloc(*len ? *len : 1);
		memcpy(p, in, *len);
		return p;
	}
	in += 4;
	n = strlen(in) / 2;
	p = malloc(n ? n : 1);
	for (i = 0; i < n; i++) {
		unsigned v;

		sscanf(in + 2 * i, "%2x", &v);
		p[i] = (unsigned char)v;
	}
	*len = n;
	return p;
}

/*
 * One expectation: "[N:]path=value", "[N:]path~substring" or
 * "[N:]!path" (absent) about event N (default 0).
 */
/* ------------------------------------------------------------------ */
/* The table                                                           */

struct prow {
	const char	*name;
	const char	*in;
	enum parse_rc	 rc;
	int		 nev;
	const char	*msg;		/* part of d->msg (PARSE_ERR) */
	const char	*x[40];		/* expectations */
};

static const struct prow rows[] = {
	{ .name = "CA certificate, PEM",
	  .in = CA_PEM, .rc = PARSE_OK, .nev = 1,
	  .x = { "source=x509", "action=pki.cert",
	    "operation=x509:certificate", "ts=2026-08-01T00:00:00Z",
	    "ts_raw=260801000000Z", "ts_flags=coarse",
	    "end=2036-07-29T00:00:00Z", "actor=" CA_DN,
	    "native_id=sha256:" CA_FP, "digest=sha256:" CA_FP,
	    "key_ref=spki-sha256:" CA_SPKI, "key_ref_src=spki", "!key_raw",
	    "attrs/subject=" CA_DN, "attrs/issuer=" CA_DN,
	    "attrs/subject_cn=Test Code Signing CA", "attrs/serial=0100",
	    "attrs/not_before=2026-08-01T00:00:00Z",
	    "attrs/not_after=2036-07-29T00:00:00Z", "attrs/version=3",
	    "attrs/is_ca=true", "attrs/path_len=1", "attrs/self_signed=true",
	    "attrs/key_usage=[\"keyCertSign\",\"cRLSign\"]",
	    "attrs/code_signing=false", "!attrs/ext_key_usage",
	    "attrs/key_algorithm=id-ecPublicKey",
	    "attrs/key_curve=prime256v1", "attrs/key_bits=256",
	    "attrs/signature_algorithm=ecdsa-with-SHA256",
	    "attrs/subject_key_id=7d6766a11fb7467942f465257ded4bbd9e493f72",
	    "attrs/cert_sha256=" CA_FP, "attrs/spki_sha256=" CA_SPKI,
	    "attrs/encoding=pem", "attrs/position=0", "!attrs/fulcio",
	    "raw~-----BEGIN CERTIFICATE-----", "!repo", "!run_ref" } },
	{ .name = "code-signing certificate, DER",
	  .in = "hex:" EE_HEX, .rc = PARSE_OK, .nev = 1,
	  .x = { "ts=2026-09-01T11:00:00Z", "end=2027-09-01T11:00:00Z",
	    "actor=" EE_DN, "native_id=sha256:" EE_FP,
	    "key_ref=spki-sha256:" EE_SPKI, "attrs/issuer=" CA_DN,
	    "attrs/serial=4c1f7a22d9e03b85", "attrs/is_ca=false",
	    "!attrs/path_len", "attrs/self_signed=false",
	    "attrs/key_usage=[\"digitalSignature\"]",
	    "attrs/ext_key_usage=[\"codeSigning\"]",
	    "attrs/ext_key_usage_critical=true", "attrs/code_signing=true",
	    "attrs/time_stamping=false",
	    "attrs/crl_urls=[\"http://pki.test.example/ca.crl\"]",
	    "attrs/authority_key_id=7d6766a11fb7467942f465257ded4bbd9e493f72",
	    "attrs/encoding=der", "raw_len=562" } },
	{ .name = "chain: text, end-entity, text, CA (PEM)",
	  .in = "subject=CN = Acme Corp widget release signing\n" EE_PEM
	    "\nissuer=the CA\n" CA_PEM, .rc = PARSE_OK, .nev = 2,
	  .x = { "0:native_id=sha256:" EE_FP, "0:attrs/position=0",
	    "1:native_id=sha256:" CA_FP, "1:attrs/position=1",
	    "0:raw~MIICLjCCAdOgAwIBAgIITB96", "1:raw~Q5OhJYCbeNQ7",
	    "1:raw~-----END CERTIFICATE-----" } },
	{ .name = "concatenated DER: CA then end-entity",
	  .in = "hex:" CA_HEX EE_HEX, .rc = PARSE_OK, .nev = 2,
	  .x = { "0:native_id=sha256:" CA_FP, "0:raw_len=441",
	    "1:native_id=sha256:" EE_FP, "1:attrs/position=1",
	    "1:raw_len=562" } },
	{ .name = "DER followed by new lines",
	  .in = "hex:" EE_HEX "0a0d0a00", .rc = PARSE_OK, .nev = 1,
	  .x = { "native_id=sha256:" EE_FP } },
	{ .name = "Fulcio certificate: extensions, empty subject",
	  .in = FULCIO_PEM, .rc = PARSE_OK, .nev = 1,
	  .x = { "ts=2026-10-20T13:32:30Z", "end=2026-10-21T13:32:30Z",
	    "actor=https://github.com/acme/widget/.github/workflows/"
	    "release.yml@refs/tags/v2.4.0",
	    "native_id=sha256:" FU_FP, "key_ref=spki-sha256:" FU_SPKI,
	    "attrs/subject=", "!attrs/subject_cn",
	    "attrs/san=[\"URI:https://github.com/acme/widget/.github/"
	    "workflows/release.yml@refs/tags/v2.4.0\"]",
	    "attrs/code_signing=true", "repo=acme/widget",
	    "ref=refs/tags/v2.4.0",
	    "commit_sha=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b",
	    "run_ref=11768420157", "attrs/run_attempt=1",
	    "runner=github-hosted",
	    "attrs/fulcio/issuer=https://token.actions.githubusercontent.com",
	    "attrs/fulcio/issuer_v1=https://token.actions."
	    "githubusercontent.com",
	    "attrs/fulcio/build_signer_uri~release.yml@refs/tags/v2.4.0",
	    "attrs/fulcio/source_repository_uri=https://github.com/acme/"
	    "widget",
	    "attrs/fulcio/run_invocation_uri=https://github.com/acme/widget/"
	    "actions/runs/11768420157/attempts/1",
	    "attrs/fulcio/oid_1.3.6.1.4.1.57264.1.99=future" } },
	{ .name = "TRUSTED CERTIFICATE (with trust settings after it)",
	  .in = TRUSTED_PEM, .rc = PARSE_OK, .nev = 1,
	  .x = { "native_id=sha256:" CA_FP,
	    "raw~BEGIN TRUSTED CERTIFICATE" } },
	{ .name = "mixed PEM: certificate and CRL",
	  .in = EE_PEM CRL_PEM, .rc = PARSE_OK, .nev = 2,
	  .x = { "0:source=x509", "1:source=crl", "1:action=pki.revoke",
	    "1:key_raw=cert-serial:" CA_DN "#4c1f7a22d9e03b85",
	    "1:attrs/reason=keyCompromise",
	    "1:attrs/invalidity_date=2026-11-06T21:47:12Z",
	    "1:attrs/encoding=pem" } },
	{ .name = "a private key before the certificate is passed over",
	  .in = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n"
	    "-----END PRIVATE KEY-----\n" EE_PEM, .rc = PARSE_OK, .nev = 1,
	  .x = { "native_id=sha256:" EE_FP, "raw~BEGIN CERTIFICATE",
	    "attrs/position=0" } },
	{ .name = "only a private key",
	  .in = "-----BEGIN EC PRIVATE KEY-----\nc2VjcmV0\n"
	    "-----END EC PRIVATE KEY-----\n", .rc = PARSE_ERR, .nev = 0,
	  .msg = "no certificate, CRL or time-stamp token in 1 PEM block" },
	{ .name = "BEGIN without END",
	  .in = "-----BEGIN CERTIFICATE-----\nMIIBtTCCAVugAwIBAgICAQAwCgYI\n",
	  .rc = PARSE_ERR, .nev = 0,
	  .msg = "PEM block 1 (CERTIFICATE) at byte 0: no \"-----END "
	    "CERTIFICATE-----\" line" },
	{ .name = "bad base64",
	  .in = "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
	  .rc = PARSE_ERR, .nev = 0, .msg = "bad PEM data" },
	{ .name = "base64 of something else",
	  .in = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n"
	    "-----END CERTIFICATE-----\n", .rc = PARSE_ERR, .nev = 0,
	  .msg = "not what the label says" },
	{ .name = "a good and a bad certificate: the good one is kept",
	  .in = CA_PEM "-----BEGIN CERTIFICATE-----\nMIIBtTCCAVugAwIBAgICAQAw\n"
	    "-----END CERTIFICATE-----\n", .rc = PARSE_ERR, .nev = 1,
	  .msg = "PEM block 2 (CERTIFICATE) at byte 652",
	  .x = { "native_id=sha256:" CA_FP } },
	{ .name = "truncated DER",
	  .in = "hex:308201b53082015ba00302010202020100300a06082a8648ce3d04030230"
	    "40310b300906035504061302555331123010060355040a0c09",
	  .rc = PARSE_ERR, .nev = 0, .msg = "not a valid certificate" },
	{ .name = "DER followed by garbage: the certificate is kept",
	  .in = "hex:" EE_HEX "78797a", .rc = PARSE_ERR, .nev = 1,
	  .msg = "unknown object at byte 562",
	  .x = { "native_id=sha256:" EE_FP } },
	{ .name = "a CRL given to the certificate parser (--format x509)",
	  .in = "hex:" CRL_HEX, .rc = PARSE_ERR, .nev = 0,
	  .msg = "this is a CRL, not a certificate" },
	{ .name = "not DER at all",
	  .in = "hex:300302017f", .rc = PARSE_ERR, .nev = 0,
	  .msg = "not a certificate, CRL or time-stamp object" },
	{ .name = "plain text", .in = "hello\n", .rc = PARSE_ERR, .nev = 0,
	  .msg = "in 0 PEM block(s)" },
	{ .name = "empty", .in = "", .rc = PARSE_ERR, .nev = 0,
	  .msg = "empty item" },
};

static void
test_rows(void **state)
{
	struct capture c;
	struct diag d;
	unsigned char *in;
	size_t len, i, k;
	enum parse_rc rc;

	for (i = 0; i < NELEM(rows); i++) {
		const struct prow *r = &rows[i];

		memset(&c, 0, sizeof(c));
		c.other_sources = 1;	/* a CRL in a PEM bundle */
		in = input_bytes(r->in, &len);
		rc = run_parser(P, (const char *)in, len, 0, NULL, &c, &d);
		if (rc != r->rc)
			bad("%s: rc %d, want %d (%s)", r->name, rc, r->rc,
			    d.msg);
		if (c.n != r->nev)
			bad("%s: %d events, want %d", r->name, c.n, r->nev);
		if (r->msg && strstr(d.msg, r->msg) == NULL)
			bad("%s: message \"%s\" lacks \"%s\"", r->name, d.msg,
			    r->msg);
		if (rc != PARSE_ERR && d.msg[0])
			bad("%s: message \"%s\" without an error", r->name,
			    d.msg);
		for (k = 0; k < NELEM(r->x) && r->x[k]; k++)
			check_expect(r->name, &c, r->x[k]);
		capture_free(&c);
		free(in);
	}
	end_test("rows");
}

/* ------------------------------------------------------------------ */
/* Probe                                                               */

static const struct {
	const char	*name;
	const char	*in;
	size_t		 cut;		/* 0: all of it */
	int		 score;
} probes[] = {
	{ "PEM certificate", CA_PEM, 0, 90 },
	{ "PEM with text first", "subject=x\n" CA_PEM, 0, 85 },
	{ "PEM, key first", "-----BEGIN PRIVATE KEY-----\nAA==\n"
	    "-----END PRIVATE KEY-----\n" EE_PEM, 0, 85 },
	{ "PEM cut in the middle", EE_PEM, 100, 90 },
	{ "DER certificate", "hex:" EE_HEX, 0, 90 },
	{ "DER cut after 40 bytes", "hex:" EE_HEX, 40, 90 },
	{ "DER cut after 8 bytes", "hex:" EE_HEX, 8, 0 },
	{ "CRL", CRL_PEM, 0, 0 },
	{ "JSON holding a PEM string", "{\"cert\":\"-----BEGIN CERTIFICATE"
	    "-----\\nMIIB\\n-----END CERTIFICATE-----\\n\"}", 0, 0 },
	{ "PEM after a quote", "x \"-----BEGIN CERTIFICATE-----\n", 0, 0 },
	{ "public key", "-----BEGIN PUBLIC KEY-----\nAA==\n"
	    "-----END PUBLIC KEY-----\n", 0, 0 },
	{ "text", "Certificate:\n    Data:\n", 0, 0 },
	{ "empty", "", 0, 0 },
};

static void
test_probe(void **state)
{
	unsigned char *in, *copy;
	size_t len, i;
	int s;

	for (i = 0; i < NELEM(probes); i++) {
		in = input_bytes(probes[i].in, &len);
		if (probes[i].cut && probes[i].cut < len)
			len = probes[i].cut;
		/* an exact-size copy: ASan sees a read past the end */
		copy = malloc(len ? len : 1);
		memcpy(copy, in, len);
		s = P->probe((const char *)copy, len, "x");
		if (s != probes[i].score)
			bad("probe %s: %d, want %d", probes[i].name, s,
			    probes[i].score);
		free(copy);
		free(in);
	}
	/* the other PKI parsers leave certificates alone */
	in = input_bytes(CA_PEM, &len);
	if (parser_crl.probe((const char *)in, len, "x") != 0 ||
	    parser_rfc3161.probe((const char *)in, len, "x") != 0)
		bad("a certificate is claimed by the CRL or RFC 3161 parser");
	if (parser_detect((const char *)in, len, "x.pem", NULL) != P)
		bad("parser_detect does not choose x509 for a certificate");
	free(in);
	end_test("probe");
}

static void
test_emit_failure(void **state)
{
	struct capture c;
	struct diag d;
	unsigned char *in;
	size_t len;

	memset(&c, 0, sizeof(c));
	c.other_sources = 1;	/* a CRL in a PEM bundle */
	c.fail = 1;
	in = input_bytes(EE_PEM CA_PEM, &len);
	assert_int_equal(run_parser(P, (const char *)in, len, 0, NULL, &c, &d),
	    PARSE_FATAL);
	assert_int_equal(c.n, 0);
	free(in);
}

/* ------------------------------------------------------------------ */
/* The real corpus                                                     */

static const struct {
	const char	*file;
	int		 events;
	const char	*x[6];
} facts[] = {
	{ "certvalidator.mozilla.org.crt", 1, {
	    "attrs/subject_cn=www.mozilla.org",
	    "attrs/serial=0c976e3e4238f420d63ddf86efebba90",
	    "ts=2018-11-05T00:00:00Z", "end=2019-11-13T12:00:00Z",
	    "attrs/san=[\"DNS:www.mozilla.org\",\"DNS:mozilla.org\"]",
	    "native_id=sha256:3023cbec1ba8c2d9e74505d54ae20f73e151c42d4659"
	    "ceb4eee6517b9ecb847b" } },
	{ "certvalidator.digicert-sha2-secure-server-ca.crt", 1, {
	    "attrs/encoding=der", "attrs/is_ca=true", "attrs/path_len=0",
	    "attrs/serial=01fda3eb6eca75c888438b724bcfbc91" } },
	{ "sigstore-java.fulcio-cert-githuboidc.pem", 1, {
	    "repo=sigstore/sigstore-java", "ref=refs/heads/main",
	    "commit_sha=4ffe2674e1e9e268c00a4f4afa5264fdd399d453",
	    "attrs/fulcio/github_workflow_trigger=workflow_dispatch",
	    "attrs/code_signing=true", "actor~generator_generic_slsa3.yml" } },
	{ "sigstore-java.fulcio-certWithSct.pem", 3, {
	    "actor=appu@google.com",
	    "attrs/fulcio/issuer_v1=google-sigstore-production",
	    "1:attrs/subject_cn=sigstore-intermediate",
	    "2:attrs/self_signed=true" } },
	{ "asn1crypto.isrgrootx1.pem", 1, {
	    "attrs/subject=CN=ISRG Root X1,O=Internet Security Research "
	    "Group,C=US", "attrs/key_bits=4096" } },
};

static void
test_corpus(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	char dir[4096], path[8192];
	struct dirent **names;
	struct capture c;
	struct diag d;
	const struct parser *p;
	size_t len, i, k;
	int n, j, certs = 0, matched = 0;
	enum parse_rc rc;
	char *data;

	snprintf(dir, sizeof(dir), "%s/../shared/corpus/x509",
	    root ? root : ".");
	if ((n = scandir(dir, &names, NULL, alphasort)) < 0) {
		print_message("no corpus at %s: skipped\n", dir);
		skip();
		return;
	}
	for (j = 0; j < n; j++) {
		if (names[j]->d_name[0] == '.') {
			free(names[j]);
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, names[j]->d_name);
		data = read_file(path, &len);
		if (data == NULL) {
			bad("%s: cannot read", path);
			free(names[j]);
			continue;
		}
		p = parser_detect(data, len < PROBE_HEAD ? len : PROBE_HEAD,
		    names[j]->d_name, NULL);
		if (p != &parser_x509 && p != &parser_crl) {
			bad("%s: detected as %s", names[j]->d_name, p ? p->name :
			    "nothing");
		} else if (p == &parser_x509) {
			memset(&c, 0, sizeof(c));
			c.other_sources = 1;	/* a CRL in a PEM bundle */
			rc = run_parser(p, (const char *)(unsigned char *)data,
			    len, 0, NULL, &c,
			    &d);
			if (rc != PARSE_OK || c.n < 1)
				bad("%s: rc %d, %d events (%s)",
				    names[j]->d_name, rc, c.n, d.msg);
			certs += c.n;
			for (i = 0; i < NELEM(facts); i++) {
				if (strcmp(facts[i].file, names[j]->d_name))
					continue;
				matched++;
				if (c.n != facts[i].events)
					bad("%s: %d events, want %d",
					    facts[i].file, c.n,
					    facts[i].events);
				for (k = 0; k < NELEM(facts[i].x) &&
				    facts[i].x[k]; k++)
					check_expect(facts[i].file, &c,
					    facts[i].x[k]);
			}
			capture_free(&c);
		}
		free(data);
		free(names[j]);
	}
	free(names);
	if (matched != (int)NELEM(facts))
		bad("corpus: %d of %zu known files found", matched,
		    NELEM(facts));
	if (certs < 14)
		bad("corpus: only %d certificates", certs);
	end_test("corpus");
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_probe),
    cmocka_unit_test(test_emit_failure), cmocka_unit_test(test_corpus))
