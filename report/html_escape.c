/* SPDX-License-Identifier: MIT */
/*
 * html_escape.c - html_escape() of html_escape.h: the escaping of every
 * evidence value the HTML report shows.  The shapes of the escapes of
 * control characters and bad bytes are those of the table writer
 * (write_table.c), so a value reads the same in a terminal and a page.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "html_escape.h"
#include "utf8.h"

static const char hex[] = "0123456789abcdef";

static void
add_hex(struct buf *out, const char *prefix, uint32_t v, int digits)
{
	buf_addstr(out, prefix);
	while (digits-- > 0)
		buf_addch(out, hex[(v >> (4 * digits)) & 0x0f]);
}

/* Code points that change or hide what is displayed around them. */
static int
is_invisible(uint32_t cp)
{
	return (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202e) ||
	    (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

void
html_escape(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, k;
	uint32_t cp;

	for (i = 0; i < n; i += k) {
		k = utf8_seq(p + i, n - i, &cp);
		if (k == 0) {
			k = 1;
			add_hex(out, "\\x", p[i], 2);
			continue;
		}
		switch (cp) {
		case '&':
			buf_addstr(out, "&amp;");
			continue;
		case '<':
			buf_addstr(out, "&lt;");
			continue;
		case '>':
			buf_addstr(out, "&gt;");
			continue;
		case '"':
			buf_addstr(out, "&quot;");
			continue;
		case '\'':
			buf_addstr(out, "&#39;");
			continue;
		case '\t':
			buf_addstr(out, "\\t");
			continue;
		case '\n':
			buf_addstr(out, "\\n");
			continue;
		case '\r':
			buf_addstr(out, "\\r");
			continue;
		}
		if (cp < 0x20 || cp == 0x7f)
			add_hex(out, "\\x", cp, 2);
		else if (cp >= 0x80 && cp <= 0x9f)
			add_hex(out, "\\u", cp, 4);
		else if (is_invisible(cp))
			add_hex(out, "\\u", cp, 4);
		else
			buf_add(out, s + i, k);
	}
}

void
html_escape_str(struct buf *out, const char *s)
{
	if (s != NULL)
		html_escape(out, s, strlen(s));
}
