/* SPDX-License-Identifier: MIT */
/*
 * sigtrail.h - what every part of sigtrail shares: the version, the exit
 * codes of the command-line contract (DESIGN.md section 3) and the run
 * context that main() hands to each command.
 */
#ifndef SIGTRAIL_H
#define SIGTRAIL_H

#include <stdint.h>

#define SIGTRAIL_VERSION "0.1.0"

enum sigtrail_exit {
	SIGTRAIL_EXIT_OK = 0,
	SIGTRAIL_EXIT_PARTIAL = 1,	/* finished, something skipped */
	SIGTRAIL_EXIT_USAGE = 2,	/* bad command line */
	SIGTRAIL_EXIT_FATAL = 3,	/* store, I/O or internal error */
	SIGTRAIL_EXIT_GATE = 4,		/* --fail-on threshold reached */
};

struct store;

struct ctx {
	const char	*case_path;	/* -C, $SIGTRAIL_CASE or ./sigtrail.db */
	struct store	*store;		/* opened by main per the cmd flags */
	int		 quiet;		/* -q: no progress, no summary */
	int		 verbose;	/* -v: more detail on stderr */
	int		 color;		/* stderr is a terminal, NO_COLOR unset */
	const char	*cmdline;	/* the whole command line, for custody */
	int64_t		 now_us;	/* wall clock at start (UTC µs) */
};

#endif
