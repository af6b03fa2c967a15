/* SPDX-License-Identifier: MIT */
/*
 * err.h - messages on stderr in one shape ("sigtrail: warning: ...") and
 * the diagnostic buffer that pure code (parsers, the time parser, the JSON
 * splitter) fills instead of printing.  Only main() and cmd_* call die().
 */
#ifndef ERR_H
#define ERR_H

#include <stddef.h>

struct diag {
	char	msg[512];	/* empty when nothing to say */
};

void	diag_clear(struct diag *d);
/* Formats into d->msg (truncated, never overflows).  Returns -1. */
int	diag_set(struct diag *d, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

void	err_set_quiet(int quiet);
void	die(const char *fmt, ...)
	    __attribute__((noreturn, format(printf, 1, 2)));
/* Prints "sigtrail: error: ..." and returns -1. */
int	error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "sigtrail: warning: ..." unless quiet. */
void	warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "sigtrail: ..." unless quiet (progress and summaries). */
void	info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
