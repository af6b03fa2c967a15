/* SPDX-License-Identifier: MIT */
/*
 * cmd_formats.c - "sigtrail formats": the parser table as a listing, so
 * that the README, the man page and the tool never disagree about what is
 * supported and how to collect it.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "parser.h"
#include "writer.h"

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
text_cell(struct wcell *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	c->type = WCELL_TEXT;
	c->s = s;
	c->len = strlen(s);
}

int
cmd_formats(int argc, char **argv, struct ctx *ctx)
{
	static const char *const cols[] = { "name", "reads", "how to export" };
	const char *format = NULL;
	const struct writer *w;
	struct wctx wc;
	struct wcell cells[3];
	size_t i;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "F:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'F':
			format = optarg;
			break;
		case 'h':
			cmd_help("formats", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("formats", "bad option");
		}
	}
	if (optind != argc)
		return cmd_usage_error("formats", "no operands expected");
	w = writer_find(format ? format : writer_default(stdout));
	if (w == NULL)
		return cmd_usage_error("formats", "unknown format '%s' (%s)",
		    format, writer_names());
	memset(&wc, 0, sizeof(wc));
	wc.fp = stdout;
	wc.cols = cols;
	wc.ncols = 3;
	rc = w->begin(&wc);
	for (i = 0; rc == 0 && parsers[i]; i++) {
		text_cell(&cells[0], parsers[i]->name);
		text_cell(&cells[1], parsers[i]->desc);
		text_cell(&cells[2], parsers[i]->howto);
		rc = w->row(&wc, cells);
	}
	if (w->end(&wc) < 0 || rc < 0)
		return SIGTRAIL_EXIT_FATAL;
	return SIGTRAIL_EXIT_OK;
}
