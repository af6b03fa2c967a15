/* SPDX-License-Identifier: MIT */
/*
 * sigstore_util.h - what the transparency-log parsers (parse_rekor.c,
 * parse_sigstore_bundle.c) share (formats.md section H): hex decoding,
 * digest normalisation, RFC 6962 Merkle inclusion proofs and checkpoints,
 * the kinds of Rekor entry bodies, signing keys and Fulcio certificates
 * read with OpenSSL, in-toto statements and RFC 3161 timestamp tokens.
 * Pure like the parsers: bytes in, event columns and attributes out.
 */
#ifndef SIGSTORE_UTIL_H
#define SIGSTORE_UTIL_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "event.h"

#define SG_HASHLEN	32	/* SHA-256: leaves, nodes, roots */
#define SG_MAXPATH	64	/* audit path hashes of a 2^64-leaf tree */

/*
 * Exactly 2 * n hex digits (either case) into out; 0, or -1.  (Base64
 * and hex strings: b64_decode() and hex_string() of codec.h.)
 */
int	sg_hex_decode(const char *s, size_t len, unsigned char *out, size_t n);

/*
 * "<alg>:<lowercase hex>" from an algorithm name as the sources spell it
 * ("sha256", "SHA2_256", "SHA256", "sha-512", ...) and a hex value or raw
 * bytes; NULL when the algorithm is unknown or the length does not fit
 * it.
 */
char	*sg_digest_hex(const char *alg, const char *hex);
char	*sg_digest_raw(const char *alg, const unsigned char *p, size_t n);

/*
 * Unsigned integer from a JSON integer or a decimal string (proto3 JSON
 * writes int64 as strings).  Returns 0, or -1 when v is neither, is
 * negative, or does not fit.
 */
int	sg_json_u64(const json_t *v, uint64_t *out);
/* v as a JSON integer, or a decimal string above INT64_MAX. */
json_t	*sg_json_uint(uint64_t v);

/* RFC 6962 leaf hash: SHA-256(0x00 || p[0..n)). */
void	sg_leaf_hash(const void *p, size_t n, unsigned char out[SG_HASHLEN]);
/*
 * RFC 9162 section 2.1.3.2: whether path (npath hashes, leaf to root)
 * proves leaf at index in a tree of size leaves with that root.  Returns
 * 1, or 0 with *why (static text).
 */
int	sg_merkle_verify(const unsigned char leaf[SG_HASHLEN], uint64_t index,
	    uint64_t size, const unsigned char (*path)[SG_HASHLEN],
	    size_t npath, const unsigned char root[SG_HASHLEN],
	    const char **why);

/*
 * Starts checking an inclusionProof object: logIndex and treeSize into
 * *index and *size (and attrs proof_log_index and tree_size), the length
 * of its hashes array into *n.  root_why is why the caller could not
 * read its rootHash, or NULL.  Returns 0, or -1 after
 * sg_inclusion_failed() with what makes the proof unusable.
 */
int	sg_proof_start(struct event *ev, const json_t *ip,
	    const char *root_why, uint64_t *index, uint64_t *size, size_t *n);
/* attrs.inclusion "failed" and attrs.inclusion_error why (borrowed). */
void	sg_inclusion_failed(struct event *ev, const char *why);

/*
 * A checkpoint (signed note): "<origin>\n<size>\n<base64 root>\n[other
 * lines]\n\n— <signer> <base64 signature>\n".  Adds attrs checkpoint_origin
 * and checkpoint_signer and compares its size and root with the proof's:
 * attrs.checkpoint is "consistent" or "inconsistent" (the signature needs
 * the log's key and is not checked), or "malformed".
 */
void	sg_checkpoint(struct event *ev, const char *text, uint64_t size,
	    const unsigned char root[SG_HASHLEN]);

/*
 * One signing key or certificate (PEM text, or DER) into ev: key_ref
 * "spki-sha256:<hex>" (SHA-256 of the DER SubjectPublicKeyInfo, the
 * canonical key id shared with the PKI parsers) unless already set, and
 * attrs.public_key or attrs.certificate (fingerprints, subject, issuer,
 * validity, SAN); for a Fulcio certificate attrs.fulcio and the columns
 * actor (SAN), repo, ref, commit_sha, run_ref, runner when still empty.
 * Returns 0, or -1 with *why (static text) when the bytes hold neither.
 */
int	sg_map_key(struct event *ev, const unsigned char *p, size_t n,
	    const char **why);
/* The same from base64 (of PEM or DER), as bodies and bundles carry it. */
int	sg_map_key_b64(struct event *ev, const char *b64, const char **why);

/*
 * A decoded Rekor entry body (formats.md H.2) into ev: attrs kind and
 * kind_version, the artifact digest (hashedrekord, rekord, jar, ...),
 * payload and envelope hashes (dsse, intoto), the signature and the key
 * or certificate.  A key that cannot be read is attrs.key_error, not a
 * failure.  Returns PARSE_OK, or PARSE_ERR with d when the body is not an
 * entry (no kind, no spec, a digest that is not hex of its algorithm).
 */
int	sg_map_body(struct event *ev, const json_t *body, struct diag *d);

/*
 * An in-toto statement (DSSE payload, Rekor attestation): the first
 * subject gives digest and artifact when ev has none; attrs.subjects and
 * attrs.predicate_type.  Returns 0, or -1 when p is no statement.
 */
int	sg_map_statement(struct event *ev, const unsigned char *p, size_t n);

/*
 * An RFC 3161 TimeStampResp or bare token (DER): genTime as UTC µs with
 * TS_* flags (TS_COARSE without a fraction) and, in *info (new object),
 * gen_time, serial, policy and hash_algorithm.  Returns 0, or -1.
 */
int	sg_rfc3161(const unsigned char *der, size_t n, int64_t *us,
	    unsigned *flags, json_t **info);

#endif
