/* SPDX-License-Identifier: MIT */
/*
 * html_escape.h - the one escaping function of the HTML report: every
 * value that comes from evidence goes through it, for HTML text and for
 * double-quoted attribute values alike.
 */
#ifndef HTML_ESCAPE_H
#define HTML_ESCAPE_H

#include <stddef.h>

struct buf;

/*
 * Appends the n bytes of s to out, safe as HTML text and as the value of
 * a double- or single-quoted attribute:
 *   &  <  >  "  '        &amp; &lt; &gt; &quot; &#39;
 *   TAB, LF, CR          \t, \n, \r (shown, never interpreted)
 *   other C0, DEL        \xHH
 *   C1 (U+0080-U+009F)   \u00HH
 *   invisible and bidi   \uHHHH: U+200B-U+200F, U+2028-U+202E,
 *   format characters    U+2060-U+206F, U+FEFF (a "Trojan source"
 *                        label cannot reorder or hide what is shown)
 *   not UTF-8            each byte that is not part of a well-formed
 *                        sequence as \xHH
 * Everything else (well-formed UTF-8, backslash included) is copied as
 * it is.  s may hold NUL bytes (shown as \x00).
 */
void	html_escape(struct buf *out, const char *s, size_t n);
/* html_escape() of a NUL-terminated string; NULL appends nothing. */
void	html_escape_str(struct buf *out, const char *s);

#endif
