/* SPDX-License-Identifier: MIT */
/*
 * digest.h - SHA-256 through OpenSSL's EVP interface, streamed (evidence is
 * hashed while it is read) or in one call, with lowercase hex output; and
 * the one spelling of a digest in the case, "<alg>:<lowercase hex>", from
 * the ways evidence writes it (raw bytes, hex of either case).
 */
#ifndef DIGEST_H
#define DIGEST_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_LEN 32
#define SHA256_HEXLEN 65	/* 64 hex digits + NUL */

struct sha256 {
	void	*mdctx;		/* EVP_MD_CTX, owned */
	uint64_t bytes;		/* bytes hashed so far */
};

/* Returns 0, or -1 if OpenSSL cannot provide SHA-256. */
int	sha256_init(struct sha256 *h);
void	sha256_update(struct sha256 *h, const void *p, size_t n);
/* Writes the hex digest into hex (SHA256_HEXLEN bytes) and releases. */
int	sha256_final_hex(struct sha256 *h, char *hex);
/* Releases without a result (NULL-safe, idempotent). */
void	sha256_release(struct sha256 *h);
/* One-shot: hex digest of p[0..n). */
int	sha256_hex(const void *p, size_t n, char *hex);
/*
 * Hashes fd from its current position to the end; *size gets the bytes
 * read.  Returns 0, or -1 with errno set.
 */
int	sha256_fd(int fd, char *hex, int64_t *size);
/* Lowercase hex of n bytes into out (2n+1 bytes). */
void	hex_encode(const unsigned char *p, size_t n, char *out);

/* "<alg>:<lowercase hex of p[0..n)>", new. */
char	*digest_bytes(const char *alg, const unsigned char *p, size_t n);
/*
 * "<alg>:<hex[0..n) lowercased>" (new), or NULL when hex is NULL or its
 * first n characters are not all hex digits (what follows is not looked
 * at: callers check the length when it matters).
 */
char	*digest_hex(const char *alg, const char *hex, size_t n);
/*
 * s when it is exactly "sha256:<64 hex digits>", as a new copy with the
 * hex lowercased; NULL otherwise (also for NULL).
 */
char	*digest_sha256(const char *s);

#endif
