/* SPDX-License-Identifier: MIT */
/*
 * cmd.h - the command table's descriptor and every cmd_* entry point.
 * Each command lives in its own cmd_<name>.c, parses its own options with
 * getopt_long (argv[0] is the command name) and returns an exit code.
 * main() opens the case as the flags say before calling it.
 */
#ifndef CMD_H
#define CMD_H

#include <stdio.h>

#include "sigtrail.h"

#define CMD_STORE_RO	0x01	/* main opens the case read-only */
#define CMD_STORE_RW	0x02	/* read-write, migrations applied */

struct cmd {
	const char	*name;
	int		(*fn)(int argc, char **argv, struct ctx *ctx);
	unsigned int	 flags;
	const char	*usage;		/* synopsis line(s) after "sigtrail " */
	const char	*help;		/* options, shown by --help */
};

extern const struct cmd commands[];	/* NULL-name terminated */

int	cmd_ingest(int argc, char **argv, struct ctx *ctx);
int	cmd_formats(int argc, char **argv, struct ctx *ctx);
int	cmd_evidence(int argc, char **argv, struct ctx *ctx);
int	cmd_query(int argc, char **argv, struct ctx *ctx);
int	cmd_correlate(int argc, char **argv, struct ctx *ctx);
int	cmd_findings(int argc, char **argv, struct ctx *ctx);
int	cmd_report(int argc, char **argv, struct ctx *ctx);
int	cmd_timeline(int argc, char **argv, struct ctx *ctx);
int	cmd_rules(int argc, char **argv, struct ctx *ctx);

/* Prints the usage and help of command name to fp. */
void	cmd_help(const char *name, FILE *fp);
/* For cmd_*: "sigtrail <name>: <msg>" and the usage on stderr; returns 2. */
int	cmd_usage_error(const char *name, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * Opens -o FILE (or stdout for NULL or "-") for results; returns the
 * stream or NULL (message printed).
 */
FILE	*cmd_output(const char *path);
/* Closes what cmd_output opened; -1 when the write failed. */
int	cmd_output_close(FILE *fp, const char *path);
/*
 * Runs stmt to its end through the writer called format (else the
 * default for the output) into -o out (cmd_output), then finalizes it;
 * returns SIGTRAIL_EXIT_OK or SIGTRAIL_EXIT_FATAL (message printed).
 * In report/cmd_query.c.
 */
struct sqlite3_stmt;
int	cmd_write_stmt(struct sqlite3_stmt *stmt, const char *format,
	    const char *out);

#endif
