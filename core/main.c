/* SPDX-License-Identifier: MIT */
/*
 * main.c - the command line: global options, the command table, dispatch
 * and the exit code.  Commands are matched by exact name; main opens the
 * case file as a command's flags ask, runs it, and fails if the results
 * could not be written completely (a full disk must not truncate a report
 * silently).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "cmd.h"
#include "err.h"
#include "sigtrail.h"
#include "store.h"
#include "xalloc.h"

const struct cmd commands[] = {
	{ "ingest", cmd_ingest, CMD_STORE_RW,
	  "ingest [--format NAME] [--all-events] [LIMITS] PATH...",
	  "Reads evidence files, directories, archives and '-' (stdin) into\n"
	  "the case.  Files already in the case (same SHA-256) are skipped.\n"
	  "\n"
	  "  -f, --format NAME     use this parser instead of detecting one\n"
	  "                        (see 'sigtrail formats')\n"
	  "  -a, --all-events      keep events outside the signing scope too\n"
	  "  -j, --jobs N          threads: 1 reads and parses in turn, 2\n"
	  "                        reads and decompresses on one while parsing\n"
	  "                        on the other, and without --all-events\n"
	  "                        reads a directory's next file ahead\n"
	  "                        (default when a second CPU is idle); the\n"
	  "                        case is the same either way\n"
	  "      --max-record N    largest record, bytes (default 16M)\n"
	  "      --max-member N    most decompressed bytes per item (1G)\n"
	  "      --max-ratio N     largest decompression ratio (200)\n"
	  "      --max-depth N     deepest archive nesting (4)\n"
	  "      --max-entries N   most entries per archive (1000000)\n"
	  "      --max-total N     most decompressed bytes per evidence file,\n"
	  "                        at least --max-ratio times its size (1G)\n"
	  "      --anchor TIME     when a clockless HSM log (YubiHSM) was read\n"
	  "      --tsa-ca FILE     a trusted TSA certificate for RFC 3161 tokens\n"
	  "                        (repeatable)\n"
	  "      --vault-hmac FILE known Vault audit HMACs (JSON) to match\n"
	  "                        digests against the log\n"
	  "Sizes take K, M and G suffixes.  Exit 1 when records were\n"
	  "quarantined, items were unreadable or unrecognized.\n" },
	{ "formats", cmd_formats, 0,
	  "formats [--format F]",
	  "Lists every input format: its name, what it reads and how to\n"
	  "export that evidence.\n"
	  "\n"
	  "  --format F            table, csv, json or md\n" },
	{ "evidence", cmd_evidence, CMD_STORE_RO,
	  "evidence [list|verify] [--format F]",
	  "Chain of custody.  'list' (the default) shows every evidence item\n"
	  "with its SHA-256, size, parser and record counts; 'verify'\n"
	  "re-hashes the files still present and reports any that changed\n"
	  "or vanished (exit 1).\n"
	  "\n"
	  "  --format F            table, csv, json or md\n" },
	{ "correlate", cmd_correlate, CMD_STORE_RW,
	  "correlate [--policy FILE] [--skew SECONDS] [--fail-on SEVERITY]",
	  "Links every signing operation to the CI runs and publishes that\n"
	  "explain it, gives each a verdict (accounted, partial, unaccounted)\n"
	  "with reasons, and records findings.  Replaces what an earlier\n"
	  "correlate wrote.  What the policy does not say is inferred from\n"
	  "the case and printed.\n"
	  "\n"
	  "  -p, --policy FILE     the JSON policy (keys, signers, pipelines,\n"
	  "                        networks, signing_paths, skew)\n"
	  "  -s, --skew SECONDS    clock skew allowed between sources (120)\n"
	  "      --fail-on SEV     exit 4 when a finding of severity SEV or\n"
	  "                        worse exists (info low medium high critical)\n" },
	{ "findings", cmd_findings, CMD_STORE_RO,
	  "findings [--min-severity SEV] [--fail-on SEV] [--format F] [-o FILE]",
	  "Lists the findings of the last correlate, in time order.\n"
	  "\n"
	  "  --min-severity SEV    only findings at least this severe\n"
	  "  --fail-on SEV         exit 4 when one at least this severe exists\n"
	  "  --format F            table, csv, json or md\n"
	  "  -o, --output FILE     write to FILE\n" },
	{ "report", cmd_report, CMD_STORE_RO,
	  "report provenance [--from T] [--to T] [--key K] [--format F] [-o FILE]\n"
	  "  sigtrail report keys [--key K] [--format F] [-o FILE]\n"
	  "  sigtrail report revocation --key K [--revoke-at T|auto]\n"
	  "      [--from-crl revocation|invalidity]\n"
	  "      [--model timestamp|strict|both] [--format F] [-o FILE]\n"
	  "  sigtrail report review [--detected-at T] [--key K] [--format F] "
	  "[-o FILE]\n"
	  "  sigtrail report html [--detected-at T] [--key K] -o FILE",
	  "provenance: the artifact-provenance table, one row per signing\n"
	  "operation with its key, signer, session, CI run, release, digest,\n"
	  "trusted time, links, verdict and reasons, sorted by time.\n"
	  "keys: every key the case knows, with its other spellings (aliases\n"
	  "with their time ranges, key ids, certificate serial and\n"
	  "fingerprint), first and last use, signature counts and, after\n"
	  "correlate, how many are accounted for and which keys it treated\n"
	  "as the same key; needs no correlate.\n"
	  "revocation: for one key or certificate and a revocation time T,\n"
	  "every signature it made with its trusted time (verified RFC 3161\n"
	  "token or transparency-log entry) and whether it survives under\n"
	  "timestamp-respecting and strict verification, a what-if table over\n"
	  "candidate times with the releases to re-sign, and a conclusion.\n"
	  "review: the post-incident figures: first and last unaccounted\n"
	  "signature, detection latency, time to containment (the first key\n"
	  "disable, deletion, key-policy change, grant revocation, trust or\n"
	  "credential change after detection), signing attempts after\n"
	  "containment, the identities involved and what else they touched.\n"
	  "html: all of it in one self-contained page (no script, nothing\n"
	  "fetched) with an SVG timeline; -o FILE is required.\n"
	  "\n"
	  "  --from T, --to T      the window (ISO 8601, UTC; provenance)\n"
	  "  --key K               one key, by any of its names (label, ARN,\n"
	  "                        alias, key id, fingerprint; revocation:\n"
	  "                        also a certificate serial)\n"
	  "  --revoke-at T|auto    revocation time; auto (the default): the\n"
	  "                        first unaccounted signature less the skew\n"
	  "  --from-crl WHICH      T from the key's CRL entry: revocation\n"
	  "                        (revocationDate) or invalidity\n"
	  "                        (invalidityDate)\n"
	  "  --model M             timestamp, strict or both (the default)\n"
	  "  --detected-at T       review, html: when the compromise was\n"
	  "                        detected (default: the first containment\n"
	  "                        action)\n"
	  "  --format F            table, csv, json or md\n"
	  "  -o, --output FILE     write to FILE\n" },
	{ "rules", cmd_rules, 0,
	  "rules list|run|test [--format F] [--fail-on SEV] [PATH...]",
	  "SQL rules (the pack in rules/pack, or the .sql files and\n"
	  "directories named): 'list' shows and checks them, 'run' runs them\n"
	  "read-only on the case and stores their rows as findings (replacing\n"
	  "what the same rules found before) and prints the new ones, 'test'\n"
	  "runs each rule on its fire and quiet fixtures (no case needed).\n"
	  "The pack is $SIGTRAIL_RULES, else rules/pack by the binary, else\n"
	  "the installed share/sigtrail/rules.\n"
	  "\n"
	  "  --format F            table, csv, json or md (list, run)\n"
	  "  -o, --output FILE     write to FILE (list, run)\n"
	  "  --fail-on SEV         run: exit 4 when a new finding is at least\n"
	  "                        this severe (info low medium high critical)\n"
	  "  --timeout SECONDS     run: stop a rule after this long (600; 0:\n"
	  "                        none)\n"
	  "Exit 1 when a rule could not be loaded or run, or lost rows.\n" },
	{ "query", cmd_query, CMD_STORE_RO,
	  "query [--format F] [-o FILE] SQL",
	  "Runs one read-only SQL statement against the case (tables:\n"
	  "events, evidence, evidence_seen, warnings, quarantine, keys,\n"
	  "key_refs, runs).  Writes and ATTACH are refused.\n"
	  "\n"
	  "  --format F            table, csv, json or md\n"
	  "  -o, --output FILE     write results to FILE\n" },
	{ "timeline", cmd_timeline, CMD_STORE_RO,
	  "timeline [--from T] [--to T] [FILTERS] [--format F] [-o FILE]\n"
	  "  sigtrail timeline --template [-o FILE]",
	  "Every event in the window, in time order (ties by event id), for\n"
	  "Timesketch, Plaso, OpenSearch/Elasticsearch or a spreadsheet, with\n"
	  "the verdict and the findings of each event as tags.  Filters\n"
	  "combine (AND).  Events without a time are listed last by csv and\n"
	  "jsonl when no window is given, else left out (and counted).\n"
	  "\n"
	  "  --from T, --to T      the window (ISO 8601, UTC; inclusive)\n"
	  "  --format F            csv (default), jsonl, timesketch,\n"
	  "                        timesketch-jsonl, l2tcsv, opensearch\n"
	  "  --index NAME          opensearch: the _index (sigtrail-events)\n"
	  "  --template            print the OpenSearch/Elasticsearch index\n"
	  "                        template for the opensearch documents\n"
	  "  -o, --output FILE     write to FILE\n"
	  "FILTERS, each given at most once:\n"
	  "  --actor A             one principal (a GLOB when A has * ? [)\n"
	  "  --key K               one key, by any of its names\n"
	  "  --action X            X and the actions below it (key: key.*)\n"
	  "  --source S            one source (parser), e.g. cloudtrail\n" },
	{ NULL, NULL, 0, NULL, NULL }
};

static const struct cmd *
find_cmd(const char *name)
{
	size_t i;

	for (i = 0; commands[i].name; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* The synopsis printed by "sigtrail --help" (README shows the same). */
static void
print_synopsis(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: sigtrail [-C CASE] [-q] [-v] COMMAND [OPTIONS]\n"
	    "       sigtrail --version | --help | help COMMAND\n\n");
	for (i = 0; commands[i].name; i++)
		fprintf(fp, "  sigtrail %s\n", commands[i].usage);
	fprintf(fp, "\nThe case file is -C CASE, else $SIGTRAIL_CASE, else "
	    "./sigtrail.db.\n"
	    "Exit status: 0 ok, 1 finished with records or files skipped, "
	    "2 usage,\n3 fatal error.\n");
}

void
cmd_help(const char *name, FILE *fp)
{
	const struct cmd *c = find_cmd(name);

	if (c == NULL)
		return;
	fprintf(fp, "usage: sigtrail %s\n\n%s", c->usage, c->help);
}

int
cmd_usage_error(const char *name, const char *fmt, ...)
{
	const struct cmd *c = find_cmd(name);
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "sigtrail %s: ", name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c)
		fprintf(stderr, "usage: sigtrail %s\n", c->usage);
	return SIGTRAIL_EXIT_USAGE;
}

FILE *
cmd_output(const char *path)
{
	FILE *fp;

	if (path == NULL || strcmp(path, "-") == 0)
		return stdout;
	fp = fopen(path, "w");
	if (fp == NULL)
		error("cannot write '%s': %m", path);
	return fp;
}

int
cmd_output_close(FILE *fp, const char *path)
{
	int bad;

	if (fp == NULL || fp == stdout)
		return 0;
	bad = ferror(fp);
	if (fclose(fp) != 0 || bad)
		return error("cannot write '%s': %m", path);
	return 0;
}

/* The command line as one shell-quoted string, for chain of custody. */
static char *
join_cmdline(int argc, char **argv)
{
	struct buf b = BUF_INIT;
	const char *p;
	int i;

	for (i = 0; i < argc; i++) {
		if (i)
			buf_addch(&b, ' ');
		if (argv[i][0] != '\0' && strspn(argv[i], "abcdefghijklmnopq"
		    "rstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:,+@%")
		    == strlen(argv[i])) {
			buf_addstr(&b, argv[i]);
			continue;
		}
		buf_addch(&b, '\'');
		for (p = argv[i]; *p; p++) {
			if (*p == '\'')
				buf_addstr(&b, "'\\''");
			else
				buf_addch(&b, *p);
		}
		buf_addch(&b, '\'');
	}
	return buf_detach(&b, NULL);
}

int
main(int argc, char **argv)
{
	struct ctx ctx;
	const struct cmd *c;
	struct diag d;
	char *cmdline;
	int i, ret;

	memset(&ctx, 0, sizeof(ctx));
	ctx.case_path = getenv("SIGTRAIL_CASE");
	if (ctx.case_path == NULL || *ctx.case_path == '\0')
		ctx.case_path = "sigtrail.db";
	ctx.color = isatty(STDERR_FILENO) && getenv("NO_COLOR") == NULL;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-C") == 0 || strcmp(a, "--case") == 0) {
			if (++i >= argc) {
				fprintf(stderr, "sigtrail: %s needs a file\n", a);
				return SIGTRAIL_EXIT_USAGE;
			}
			ctx.case_path = argv[i];
		} else if (strncmp(a, "--case=", 7) == 0) {
			ctx.case_path = a + 7;
		} else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
			ctx.quiet = 1;
		} else if (strcmp(a, "-v") == 0 ||
		    strcmp(a, "--verbose") == 0) {
			ctx.verbose++;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_synopsis(stdout);
			return fflush(stdout) == 0 ? 0 : SIGTRAIL_EXIT_FATAL;
		} else if (strcmp(a, "--version") == 0) {
			printf("sigtrail %s\n", SIGTRAIL_VERSION);
			return 0;
		} else {
			fprintf(stderr, "sigtrail: unknown option '%s'\n", a);
			print_synopsis(stderr);
			return SIGTRAIL_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		print_synopsis(stderr);
		return SIGTRAIL_EXIT_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 < argc && find_cmd(argv[i + 1])) {
			cmd_help(argv[i + 1], stdout);
			return 0;
		}
		print_synopsis(stdout);
		return 0;
	}
	c = find_cmd(argv[i]);
	if (c == NULL) {
		fprintf(stderr, "sigtrail: '%s' is not a command\n", argv[i]);
		print_synopsis(stderr);
		return SIGTRAIL_EXIT_USAGE;
	}
	err_set_quiet(ctx.quiet);
	ctx.now_us = clock_now_us();
	cmdline = join_cmdline(argc, argv);
	ctx.cmdline = cmdline;
	if (c->flags & (CMD_STORE_RO | CMD_STORE_RW)) {
		int wants_help = 0, k;

		for (k = i + 1; k < argc; k++)
			if (strcmp(argv[k], "-h") == 0 ||
			    strcmp(argv[k], "--help") == 0)
				wants_help = 1;
		if (!wants_help) {
			if ((c->flags & CMD_STORE_RO) &&
			    access(ctx.case_path, F_OK) != 0) {
				error("no case file '%s' (create one with "
				    "'sigtrail ingest', or name it with -C)",
				    ctx.case_path);
				free(cmdline);
				return SIGTRAIL_EXIT_FATAL;
			}
			if (store_open(ctx.case_path, (c->flags & CMD_STORE_RW)
			    ? STORE_RW : STORE_RO, &ctx.store, &d) < 0) {
				error("%s", d.msg);
				free(cmdline);
				return SIGTRAIL_EXIT_FATAL;
			}
		}
	}
	optind = 1;
	ret = c->fn(argc - i, argv + i, &ctx);
	store_close(ctx.store);
	free(cmdline);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sigtrail: error: cannot write results: %m\n");
		return SIGTRAIL_EXIT_FATAL;
	}
	return ret;
}
