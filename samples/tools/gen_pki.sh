#!/bin/sh
# SPDX-License-Identifier: MIT
#
# gen_pki.sh - the PKI evidence of the sample incident (samples/README.md,
# "PKI evidence"), made by the real tools: the openssl CLI (req, x509, ca
# -gencrl, ts -query/-reply) under faketime, so that every date is the
# story's date and not today's.
#
# Writes samples/evidence/pki/:
#   acme-code-signing-ca.crt          the "Acme Code Signing CA" root (DER)
#   widget-release-signing-chain.pem  the code-signing certificate
#                                     "Acme Corp widget release signing"
#                                     (EKU codeSigning, 2026-09-01T11:00Z
#                                     to 2027-09-01T11:00Z) and its root
#   acme-code-signing-ca.crl          CRL number 11 of 2026-11-13T12:05Z:
#                                     the code-signing certificate revoked
#                                     2026-11-13T12:00Z, keyCompromise,
#                                     invalidityDate 2026-11-06T21:47:12Z;
#                                     an older nightly-signing certificate
#                                     (not shipped) revoked as superseded
#   acme-timestamping-ca.pem          the TSA's root "Acme Timestamping CA"
#                                     (what --tsa-ca is given in the tests)
#   timestamps/<tag>/<asset>.tsr      TimeStampResp of the "Acme TSA 1" for
#                                     every release signature of v2.3.0,
#                                     v2.4.0, v2.4.1 (genTime = the KMS Sign
#                                     time of CloudTrail + 1 s)
#   timestamps/recovered/attacker-blob-1.tst
#                                     the bare token found in the attacker's
#                                     signature bundle (genTime
#                                     2026-11-06T22:01:06Z)
#
# The message imprints are the SHA-256 of the artifacts: the stand-in
# content every sample generator uses for them ("sigtrail-sample:" + text,
# see gen_registry.py and gen_tlog.py), so they equal the release assets'
# digests and the digests of the Rekor entries.
#
# Keys: the KMS key's private half is not available (it never leaves
# KMS), so the code-signing certificate certifies a P-256 key made here.
# Every private key is made in a temporary directory and deleted at the
# end; none is written under samples/.  New keys mean new fingerprints and
# signatures on every run: the committed files are the reference, and
# tests/golden/pki-events.json must be regenerated after a run.
#
# Needs: openssl (3.x), faketime (apt-get install faketime), python3.
# Run from the repository root:  sh samples/tools/gen_pki.sh
set -eu

OUT=samples/evidence/pki
command -v faketime >/dev/null 2>&1 ||
	{ echo "gen_pki.sh: needs faketime (apt-get install faketime)" >&2; exit 2; }
[ -d samples/evidence ] ||
	{ echo "gen_pki.sh: run from the repository root" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/gen_pki.XXXXXX")
trap 'rm -rf "$TMP"' EXIT INT TERM
export TZ=UTC

# at TIME CMD...: runs CMD with the clock frozen at TIME (UTC)
at() {
	t=$1
	shift
	faketime -f "$t" "$@"
}

# The stand-in content of a named artifact (gen_registry.py's h() hashes
# exactly these bytes), in a file.
content() {
	printf 'sigtrail-sample:%s' "$1" >"$TMP/data"
}

cat >"$TMP/ext.cnf" <<'EOF'
[ req ]
distinguished_name = dn
[ dn ]
[ cs_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ codesign ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints = URI:http://pki.acme.example/crl/acme-code-signing-ca.crl
authorityInfoAccess = caIssuers;URI:http://pki.acme.example/ca/acme-code-signing-ca.crt
certificatePolicies = 2.999.3161.10
[ ts_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ tsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
EOF

# --- the code-signing hierarchy ---------------------------------------
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 \
	-out "$TMP/csca.key" 2>/dev/null
at "2026-08-24 09:00:00" openssl req -x509 -new -key "$TMP/csca.key" \
	-subj "/C=US/O=Acme Corp/CN=Acme Code Signing CA" -sha384 \
	-days 3652 -set_serial 0x3a7c11e5b05a2f94c6d1 \
	-config "$TMP/ext.cnf" -extensions cs_ca -out "$TMP/csca.pem"

# leaf NAME SERIAL WHEN CN: a code-signing certificate for a new P-256 key
leaf() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 \
		-out "$TMP/$1.key" 2>/dev/null
	openssl req -new -key "$TMP/$1.key" -config "$TMP/ext.cnf" \
		-subj "/C=US/O=Acme Corp/OU=Release Engineering/CN=$4" \
		-out "$TMP/$1.csr"
	at "$3" openssl x509 -req -in "$TMP/$1.csr" -CA "$TMP/csca.pem" \
		-CAkey "$TMP/csca.key" -set_serial "$2" -days 365 -sha384 \
		-extfile "$TMP/ext.cnf" -extensions codesign \
		-out "$TMP/$1.pem" 2>/dev/null
}
leaf nightly 0x4c1f7a22d9e03b71 "2026-08-25 10:00:00" \
	"Acme Corp widget nightly signing"
leaf release 0x4c1f7a22d9e03b85 "2026-09-01 11:00:00" \
	"Acme Corp widget release signing"

# --- the CRL of 2026-11-13 ---------------------------------------------
mkdir "$TMP/ca"
printf '0b\n' >"$TMP/ca/crlnumber"
subj_rel="/C=US/O=Acme Corp/OU=Release Engineering/CN=Acme Corp widget release signing"
subj_nig="/C=US/O=Acme Corp/OU=Release Engineering/CN=Acme Corp widget nightly signing"
printf 'R\t270825100000Z\t261001093000Z,superseded\t4C1F7A22D9E03B71\tunknown\t%s\n' \
	"$subj_nig" >"$TMP/ca/index.txt"
printf 'R\t270901110000Z\t261113120000Z,keyTime,20261106214712Z\t4C1F7A22D9E03B85\tunknown\t%s\n' \
	"$subj_rel" >>"$TMP/ca/index.txt"
cat >"$TMP/ca.cnf" <<EOF
[ ca ]
default_ca = acme
[ acme ]
database = $TMP/ca/index.txt
crlnumber = $TMP/ca/crlnumber
certificate = $TMP/csca.pem
private_key = $TMP/csca.key
default_md = sha384
default_crl_days = 7
crl_extensions = crl_ext
[ crl_ext ]
authorityKeyIdentifier = keyid:always
EOF
at "2026-11-13 12:05:00" openssl ca -batch -gencrl -config "$TMP/ca.cnf" \
	-out "$TMP/crl.pem" 2>/dev/null

# --- the time-stamping authority ----------------------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 \
	-out "$TMP/tsca.key" 2>/dev/null
at "2026-08-24 09:20:00" openssl req -x509 -new -key "$TMP/tsca.key" \
	-subj "/C=US/O=Acme Corp/CN=Acme Timestamping CA" -sha256 \
	-days 3652 -set_serial 0x5d0e6b7a31c2 \
	-config "$TMP/ext.cnf" -extensions ts_ca -out "$TMP/tsca.pem"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 \
	-out "$TMP/tsa.key" 2>/dev/null
openssl req -new -key "$TMP/tsa.key" -config "$TMP/ext.cnf" \
	-subj "/C=US/O=Acme Corp/OU=Timestamping/CN=Acme TSA 1" \
	-out "$TMP/tsa.csr"
at "2026-08-24 09:30:00" openssl x509 -req -in "$TMP/tsa.csr" \
	-CA "$TMP/tsca.pem" -CAkey "$TMP/tsca.key" -set_serial 0x5d0e6b7a31d7 \
	-days 1826 -sha256 -extfile "$TMP/ext.cnf" -extensions tsa \
	-out "$TMP/tsa.pem" 2>/dev/null
printf '01a2f0\n' >"$TMP/tsaserial"
cat >"$TMP/tsa.cnf" <<EOF
[ tsa ]
default_tsa = acme_tsa
[ acme_tsa ]
serial = $TMP/tsaserial
crypto_device = builtin
signer_cert = $TMP/tsa.pem
certs = $TMP/tsca.pem
signer_key = $TMP/tsa.key
signer_digest = sha256
default_policy = 2.999.3161.1
digests = sha256, sha384, sha512
accuracy = secs:1
clock_precision_digits = 0
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
EOF

# stamp WHEN OUT [-token_out]: a time-stamp of $TMP/data at WHEN, checked
# against the TSA root before it is kept
stamp() {
	openssl ts -query -data "$TMP/data" -sha256 -cert \
		-out "$TMP/q.tsq" 2>/dev/null
	at "$1" openssl ts -reply -config "$TMP/tsa.cnf" \
		-queryfile "$TMP/q.tsq" -out "$TMP/r.out" $3 2>/dev/null
	openssl ts -verify ${3:+-token_in} -in "$TMP/r.out" \
		-data "$TMP/data" -CAfile "$TMP/tsca.pem" >/dev/null 2>&1 ||
		{ echo "gen_pki.sh: $2 does not verify" >&2; exit 1; }
	mv "$TMP/r.out" "$2"
}

mkdir -p "$TMP/out/timestamps/v2.3.0" "$TMP/out/timestamps/v2.4.0" \
	"$TMP/out/timestamps/v2.4.1" "$TMP/out/timestamps/recovered"
# release, asset, the KMS Sign time of CloudTrail (+1 s: the TSA's answer)
while read -r tag asset when; do
	content "acme/widget $tag $asset"
	stamp "$when" "$TMP/out/timestamps/$tag/$asset.tsr" ""
done <<'EOF'
v2.3.0 widget-linux-amd64.tar.gz 2026-10-06 14:04:10
v2.3.0 widget-darwin-arm64.tar.gz 2026-10-06 14:04:14
v2.3.0 widget-windows-amd64.zip 2026-10-06 14:04:18
v2.4.0 widget-linux-amd64.tar.gz 2026-10-20 13:32:04
v2.4.0 widget-darwin-arm64.tar.gz 2026-10-20 13:32:07
v2.4.0 widget-windows-amd64.zip 2026-10-20 13:32:16
v2.4.1 widget-linux-amd64.tar.gz 2026-11-03 15:12:09
v2.4.1 widget-darwin-arm64.tar.gz 2026-11-03 15:12:18
v2.4.1 widget-windows-amd64.zip 2026-11-03 15:12:23
EOF
# the attacker's first signature (KMS Sign 2026-11-06T22:01:05Z)
content "blob signed by the attacker 1"
stamp "2026-11-06 22:01:06" \
	"$TMP/out/timestamps/recovered/attacker-blob-1.tst" -token_out

openssl x509 -in "$TMP/csca.pem" -outform DER \
	-out "$TMP/out/acme-code-signing-ca.crt"
cat "$TMP/release.pem" "$TMP/csca.pem" \
	>"$TMP/out/widget-release-signing-chain.pem"
openssl crl -in "$TMP/crl.pem" -outform DER \
	-out "$TMP/out/acme-code-signing-ca.crl"
cp "$TMP/tsca.pem" "$TMP/out/acme-timestamping-ca.pem"

rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
cp -R "$TMP/out" "$OUT"
find "$OUT" -type f | sort
