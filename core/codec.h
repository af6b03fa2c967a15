/* SPDX-License-Identifier: MIT */
/*
 * codec.h - the small text encodings evidence is written in, decoded and
 * checked one way for every parser: hex digits, base64 (standard and
 * URL-safe), %XX escapes, and ASCII lowercase.  Pure: no I/O, no locale.
 */
#ifndef CODEC_H
#define CODEC_H

#include <stddef.h>

/* The value 0..15 of hex digit c (either case), or -1. */
int	hex_value(int c);
/*
 * Whether s[0..n) are all hex digits (either case).  A NUL among them
 * answers 0, so s may be shorter than n.
 */
int	is_hex(const char *s, size_t n);
/* Lowercase hex of p[0..n) as a new string. */
char	*hex_string(const unsigned char *p, size_t n);

/*
 * Decodes base64 (standard or URL-safe alphabet, padding optional, ASCII
 * white space ignored): a new NUL-terminated buffer of *n bytes, or NULL
 * when s[0..len) is not base64 (a character outside the alphabets, data
 * after the padding, more than two '=', or a lone last character).
 */
unsigned char *b64_decode(const char *s, size_t len, size_t *n);
/*
 * OpenSSL's EVP_DecodeBlock() of s[0..n) (standard alphabet, n a
 * multiple of 4) into out (n / 4 * 3 bytes), less the padding it decodes
 * as zero bytes.  Returns the bytes decoded, or -1 when s ends in more
 * than two '=' or OpenSSL refuses it.  For parsers that take base64 the
 * way OpenSSL does (an '=' inside counts as 'A').
 */
int	b64_decode_block(const char *s, size_t n, unsigned char *out);

/*
 * %XX-decoded copy of s[0..n) (new); a '%' not followed by two hex
 * digits within s[0..n) is kept as it is.
 */
char	*pct_decode(const char *s, size_t n);

/* Lowercases the ASCII letters of s in place; returns s. */
char	*ascii_lower(char *s);

#endif
