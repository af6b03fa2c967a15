/* SPDX-License-Identifier: MIT */
/*
 * digest.c - SHA-256 with OpenSSL 3's EVP interface (digest.h).
 */
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "digest.h"
#include "xalloc.h"

int
sha256_init(struct sha256 *h)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	h->mdctx = NULL;
	h->bytes = 0;
	if (ctx == NULL)
		return -1;
	if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(ctx);
		return -1;
	}
	h->mdctx = ctx;
	return 0;
}

void
sha256_update(struct sha256 *h, const void *p, size_t n)
{
	if (h->mdctx == NULL || n == 0)
		return;
	EVP_DigestUpdate(h->mdctx, p, n);
	h->bytes += n;
}

int
sha256_final_hex(struct sha256 *h, char *hex)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	int ret = -1;

	hex[0] = '\0';
	if (h->mdctx && EVP_DigestFinal_ex(h->mdctx, md, &n) == 1 &&
	    n == SHA256_LEN) {
		hex_encode(md, n, hex);
		ret = 0;
	}
	sha256_release(h);
	return ret;
}

void
sha256_release(struct sha256 *h)
{
	EVP_MD_CTX_free(h->mdctx);
	h->mdctx = NULL;
}

int
sha256_hex(const void *p, size_t n, char *hex)
{
	struct sha256 h;

	if (sha256_init(&h) < 0)
		return -1;
	sha256_update(&h, p, n);
	return sha256_final_hex(&h, hex);
}

void
hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

char *
digest_bytes(const char *alg, const unsigned char *p, size_t n)
{
	size_t a = strlen(alg);
	char *s = xmalloc(a + 1 + 2 * n + 1);

	memcpy(s, alg, a);
	s[a] = ':';
	hex_encode(p, n, s + a + 1);
	return s;
}

char *
digest_hex(const char *alg, const char *hex, size_t n)
{
	char *s;

	if (hex == NULL || !is_hex(hex, n))
		return NULL;
	s = xasprintf("%s:%.*s", alg, (int)n, hex);
	ascii_lower(s + strlen(alg) + 1);
	return s;
}

char *
digest_sha256(const char *s)
{
	if (s == NULL || strncmp(s, "sha256:", 7) != 0 || strlen(s) != 71)
		return NULL;
	return digest_hex("sha256", s + 7, 64);
}

int
sha256_fd(int fd, char *hex, int64_t *size)
{
	struct sha256 h;
	char *b;
	ssize_t n;
	int ret = -1, saved;

	if (sha256_init(&h) < 0)
		return -1;
	b = malloc(65536);
	if (b == NULL) {
		sha256_release(&h);
		return -1;
	}
	while ((n = read(fd, b, 65536)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		sha256_update(&h, b, (size_t)n);
	}
	*size = (int64_t)h.bytes;
	ret = sha256_final_hex(&h, hex);
out:
	saved = errno;
	sha256_release(&h);
	free(b);
	errno = saved;
	return ret;
}
