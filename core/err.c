/* SPDX-License-Identifier: MIT */
/*
 * err.c - the message functions of err.h.  Everything goes to stderr with
 * the "sigtrail: " prefix; stdout is reserved for results.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "sigtrail.h"

static int quiet;

void
err_set_quiet(int q)
{
	quiet = q;
}

void
diag_clear(struct diag *d)
{
	d->msg[0] = '\0';
}

int
diag_set(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (d == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * Writes one message line.  Messages quote evidence (file and member
 * names, record fields, library errors about them), so control bytes
 * (below 0x20, and DEL) are shown as \xNN: a member named with ESC or CR
 * must not drive the terminal or fake a line of output.
 */
static void
vreport(const char *prefix, const char *fmt, va_list ap)
{
	char small[512], *msg = small, out[1024];
	va_list aq;
	size_t i, len, o;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	len = n < 0 ? 0 : (size_t)n;
	if (len >= sizeof(small)) {
		msg = malloc(len + 1);
		if (msg != NULL) {
			vsnprintf(msg, len + 1, fmt, ap);
		} else {
			msg = small;
			len = sizeof(small) - 1;
		}
	}
	fflush(stdout);
	/* stderr is unbuffered: the line is put together in out first, so
	 * that a message is one write, not one per byte */
	o = (size_t)snprintf(out, sizeof(out), "sigtrail: %s", prefix);
	if (o >= sizeof(out))
		o = sizeof(out) - 1;
	for (i = 0; i <= len; i++) {
		unsigned char c = i < len ? (unsigned char)msg[i] : '\n';

		if (o + 5 > sizeof(out)) {
			fwrite(out, 1, o, stderr);
			o = 0;
		}
		if (i < len && (c < 0x20 || c == 0x7f))
			o += (size_t)snprintf(out + o, 5, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	fwrite(out, 1, o, stderr);
	if (msg != small)
		free(msg);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("fatal: ", fmt, ap);
	va_end(ap);
	exit(SIGTRAIL_EXIT_FATAL);
}

int
error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void
info(const char *fmt, ...)
{
	va_list ap;

	if (quiet)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}
