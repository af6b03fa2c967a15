/* SPDX-License-Identifier: MIT */
/*
 * gunzip.c - whole-file gzip decompression with libdeflate (gunzip.h).
 *
 * The output buffer starts at the size the last member's trailer gives
 * (ISIZE, exact for the usual single-member file) and doubles, up to cap,
 * whenever a member does not fit; a member is then inflated again from
 * its start.  ISIZE is only a hint: libdeflate never writes past the
 * buffer, so a lying trailer costs a retry or a refusal, never memory.
 */
#include <libdeflate.h>
#include <stdint.h>
#include <stdlib.h>

#include "gunzip.h"
#include "xalloc.h"

#define GZ_MIN	18	/* header (10) + empty deflate block + trailer (8) */

int
gunzip_is_gzip(const unsigned char *p, size_t n)
{
	return n >= GZ_MIN && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

int
gunzip_whole(const unsigned char *in, size_t inlen, size_t cap,
    unsigned char **out, size_t *outlen)
{
	struct libdeflate_decompressor *d;
	enum libdeflate_result r;
	unsigned char *buf = NULL;
	size_t pos = 0, len = 0, alloc, used_in, used_out;
	uint32_t isize;

	if (!gunzip_is_gzip(in, inlen))
		return -1;
	isize = (uint32_t)in[inlen - 4] | (uint32_t)in[inlen - 3] << 8 |
	    (uint32_t)in[inlen - 2] << 16 | (uint32_t)in[inlen - 1] << 24;
	alloc = isize > 0 && isize <= cap ? isize : (cap < 65536 ? cap : 65536);
	d = libdeflate_alloc_decompressor();
	if (d == NULL)
		return -1;
	buf = xmalloc(alloc ? alloc : 1);
	while (pos < inlen) {
		if (!gunzip_is_gzip(in + pos, inlen - pos))
			goto fail;	/* trailing bytes that are no member */
		r = libdeflate_gzip_decompress_ex(d, in + pos, inlen - pos,
		    buf + len, alloc - len, &used_in, &used_out);
		if (r == LIBDEFLATE_INSUFFICIENT_SPACE) {
			if (alloc >= cap)
				goto fail;
			alloc = alloc > cap / 2 ? cap : alloc * 2;
			buf = xrealloc(buf, alloc);
			continue;
		}
		if (r != LIBDEFLATE_SUCCESS || used_in == 0)
			goto fail;
		pos += used_in;
		len += used_out;
	}
	libdeflate_free_decompressor(d);
	*out = buf;
	*outlen = len;
	return 0;
fail:
	libdeflate_free_decompressor(d);
	free(buf);
	return -1;
}
