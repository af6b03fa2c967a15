/* SPDX-License-Identifier: MIT */
/*
 * gunzip.h - whole-file gzip decompression with libdeflate, the fast path
 * source.c takes for small .gz evidence files (a CloudTrail delivery
 * file is tens of kilobytes): libdeflate inflates a member held in memory
 * several times faster than zlib's streaming inflate, which libarchive
 * uses.  Anything unusual (not gzip, a bad or truncated member, trailing
 * bytes, more output than allowed) is refused, and the caller reads the
 * file as a stream instead, with the warnings it has always given.
 */
#ifndef GUNZIP_H
#define GUNZIP_H

#include <stddef.h>

/* Whether p[0..n) starts like a gzip member (magic and deflate). */
int	gunzip_is_gzip(const unsigned char *p, size_t n);

/*
 * Inflates in[0..inlen), one or more whole gzip members, into *out (new,
 * free() it) of *outlen bytes, at most cap.  Returns 0, or -1 (nothing
 * allocated) when the data is not a clean sequence of members that fits.
 */
int	gunzip_whole(const unsigned char *in, size_t inlen, size_t cap,
	    unsigned char **out, size_t *outlen);

#endif
