/* SPDX-License-Identifier: MIT */
/*
 * cmd_ingest.c - "sigtrail ingest": options, the run record, one
 * ingest_path() per operand, the derived key tables, and the summary on
 * stderr.  Bad input is counted and reported, never fatal: the exit code
 * is 1 when anything was quarantined, unreadable or unrecognized.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "derive.h"
#include "err.h"
#include "ingest.h"
#include "store.h"
#include "timeutil.h"

/* "16M" -> 16777216.  Returns 0, or -1 when s is not a size. */
static int
parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mul = 1;

	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -1;
	switch (*end) {
	case 'k': case 'K': mul = 1ull << 10; end++; break;
	case 'm': case 'M': mul = 1ull << 20; end++; break;
	case 'g': case 'G': mul = 1ull << 30; end++; break;
	default: break;
	}
	if (*end != '\0' || v == 0 || v > UINT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

enum {
	OPT_MAX_RECORD = 256, OPT_MAX_MEMBER, OPT_MAX_RATIO, OPT_MAX_DEPTH,
	OPT_MAX_ENTRIES, OPT_MAX_TOTAL, OPT_ANCHOR, OPT_TSA_CA, OPT_VAULT_HMAC,
};

/*
 * Threads an ingest uses: one reads, decompresses, hashes, splits and
 * decodes an item while the other parses and stores its records
 * (records.c).  More would have nothing to do.
 */
#define MAX_JOBS 2

/*
 * The default --jobs: two threads when a second CPU is free for them.
 * On a machine already busy (a load average within half a CPU of all of
 * them) each hand-over between the threads waits for the scheduler, at
 * every item, and one thread was measured faster (bench/README.md).
 */
static int
default_jobs(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	double load;

	if (ncpu < 2)
		return 1;
	if (getloadavg(&load, 1) == 1 && load > (double)ncpu - 0.5)
		return 1;
	return MAX_JOBS;
}

#define MAX_TSA_CA 64

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "all-events", no_argument, NULL, 'a' },
	{ "max-record", required_argument, NULL, OPT_MAX_RECORD },
	{ "max-member", required_argument, NULL, OPT_MAX_MEMBER },
	{ "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
	{ "max-depth", required_argument, NULL, OPT_MAX_DEPTH },
	{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
	{ "max-total", required_argument, NULL, OPT_MAX_TOTAL },
	{ "anchor", required_argument, NULL, OPT_ANCHOR },
	{ "tsa-ca", required_argument, NULL, OPT_TSA_CA },
	{ "vault-hmac", required_argument, NULL, OPT_VAULT_HMAC },
	{ "jobs", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

static void
summary(const struct ingest *ig)
{
	const struct ingest_stats *s = &ig->s;

	info("%" PRIu64 " item%s read (%" PRIu64 " archive%s, %.1f MB): %"
	    PRIu64 " records, %" PRIu64 " new events, %" PRIu64
	    " duplicates, %" PRIu64 " out of scope, %" PRIu64
	    " not events, %" PRIu64 " quarantined", s->items,
	    s->items == 1 ? "" : "s", s->archives,
	    s->archives == 1 ? "" : "s", (double)s->bytes / 1e6, s->records,
	    s->events, s->duplicate, s->out_of_scope, s->nonevent,
	    s->quarantined);
	if (s->known)
		info("%" PRIu64 " item%s already in the case (same SHA-256): "
		    "skipped", s->known, s->known == 1 ? "" : "s");
	if (s->unrecognized || s->failed || s->warnings)
		info("%" PRIu64 " unrecognized, %" PRIu64 " unreadable, %"
		    PRIu64 " warning%s (see 'sigtrail query \"SELECT * FROM "
		    "warnings\"')", s->unrecognized, s->failed, s->warnings,
		    s->warnings == 1 ? "" : "s");
}

int
cmd_ingest(int argc, char **argv, struct ctx *ctx)
{
	struct ingest_opts o;
	struct ingest ig;
	struct diag d;
	const char *tsa_ca[MAX_TSA_CA + 1];
	size_t ntsa = 0;
	uint64_t v;
	unsigned flags;
	int ch, i, stdin_seen = 0, ret = SIGTRAIL_EXIT_OK;

	ingest_opts_init(&o);
	o.jobs = default_jobs();
	while ((ch = getopt_long(argc, argv, "f:aj:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			o.forced = parser_find(optarg);
			if (o.forced == NULL)
				return cmd_usage_error("ingest", "unknown "
				    "format '%s' (see 'sigtrail formats')",
				    optarg);
			break;
		case 'a':
			o.all_events = 1;
			break;
		case 'j':
			if (parse_size(optarg, &v) < 0 || v > 1024)
				return cmd_usage_error("ingest", "bad value "
				    "'%s' for --jobs", optarg);
			/* more are accepted, and have nothing to do */
			o.jobs = v > MAX_JOBS ? MAX_JOBS : (int)v;
			break;
		case OPT_MAX_RECORD:
		case OPT_MAX_MEMBER:
		case OPT_MAX_RATIO:
		case OPT_MAX_DEPTH:
		case OPT_MAX_ENTRIES:
		case OPT_MAX_TOTAL:
			if (parse_size(optarg, &v) < 0 ||
			    (ch != OPT_MAX_MEMBER && ch != OPT_MAX_ENTRIES &&
			    ch != OPT_MAX_TOTAL && v > 1ull << 31))
				return cmd_usage_error("ingest", "bad value "
				    "'%s' for --%s", optarg,
				    longopts[ch - OPT_MAX_RECORD + 2].name);
			if (ch == OPT_MAX_RECORD)
				o.max_record = (size_t)v;
			else if (ch == OPT_MAX_MEMBER)
				o.max_member = v;
			else if (ch == OPT_MAX_RATIO)
				o.max_ratio = (unsigned)v;
			else if (ch == OPT_MAX_DEPTH)
				o.max_depth = (int)v;
			else if (ch == OPT_MAX_ENTRIES)
				o.max_entries = v;
			else
				o.max_total = v;
			break;
		case OPT_ANCHOR:
			if (ts_parse_any(optarg, strlen(optarg),
			    &o.parse.anchor_us, &flags, &d) < 0)
				return cmd_usage_error("ingest", "bad --anchor "
				    "time '%s': %s", optarg, d.msg);
			break;
		case OPT_TSA_CA:
			if (ntsa >= MAX_TSA_CA)
				return cmd_usage_error("ingest", "more than %d "
				    "--tsa-ca files", MAX_TSA_CA);
			if (access(optarg, R_OK) != 0)
				return cmd_usage_error("ingest", "cannot read "
				    "--tsa-ca file '%s': %s", optarg,
				    strerror(errno));
			tsa_ca[ntsa++] = optarg;
			break;
		case OPT_VAULT_HMAC:
			if (access(optarg, R_OK) != 0)
				return cmd_usage_error("ingest", "cannot read "
				    "--vault-hmac file '%s': %s", optarg,
				    strerror(errno));
			o.parse.vault_hmac = optarg;
			break;
		case 'h':
			cmd_help("ingest", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("ingest", "bad option");
		}
	}
	tsa_ca[ntsa] = NULL;
	o.parse.tsa_ca = tsa_ca;
	if (optind >= argc)
		return cmd_usage_error("ingest", "no evidence given");
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0 && stdin_seen++)
			return cmd_usage_error("ingest", "'-' given twice");
	}
	memset(&ig, 0, sizeof(ig));
	ig.st = ctx->store;
	ig.o = &o;
	ig.started_us = ctx->now_us;
	ig.progress = !ctx->quiet && isatty(STDERR_FILENO);
	ig.verbose = ctx->verbose;
	/* jansson's hash seed, set before a second thread may decode */
	json_object_seed(0);
	if (store_ingest_mode(ig.st) < 0)
		return SIGTRAIL_EXIT_FATAL;
	ig.run_id = store_run_begin(ig.st, "ingest", ctx->cmdline,
	    ctx->now_us);
	if (ig.run_id < 0)
		return SIGTRAIL_EXIT_FATAL;
	for (i = optind; i < argc; i++) {
		if (ingest_path(&ig, argv[i]) < 0) {
			ret = SIGTRAIL_EXIT_FATAL;
			break;
		}
	}
	if (ig.progress)
		fputs("\r\033[K", stderr);
	if (ret == SIGTRAIL_EXIT_OK && derive_all(ig.st, &o.parse) < 0)
		ret = SIGTRAIL_EXIT_FATAL;
	if (store_finish(ig.st) < 0)
		ret = SIGTRAIL_EXIT_FATAL;
	summary(&ig);
	if (ret == SIGTRAIL_EXIT_OK && (ig.s.quarantined || ig.s.failed ||
	    ig.s.unrecognized || ig.s.warnings))
		ret = SIGTRAIL_EXIT_PARTIAL;
	return ret;
}
