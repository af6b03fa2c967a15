/* SPDX-License-Identifier: MIT */
/*
 * utf8.h - UTF-8 decoding for the writers that must show untrusted text
 * safely (escaping controls and invalid bytes) and measure its width.
 */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Length of the well-formed UTF-8 sequence at p (at most n > 0 bytes),
 * with its code point in *cp; 0 when it is not one (overlong forms,
 * surrogates and values past U+10FFFF are not well-formed).
 */
size_t	utf8_seq(const unsigned char *p, size_t n, uint32_t *cp);

#endif
