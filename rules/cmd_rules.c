/* SPDX-License-Identifier: MIT */
/*
 * cmd_rules.c - "sigtrail rules list|run|test [PATH...]": the SQL rule
 * pack (rule.h).  list shows the rules and checks them; run runs them
 * read-only on a second, guarded connection to the case and stores their
 * rows as findings through the command's read-write connection (replacing
 * what the same rules found before); test runs each rule against its
 * fire and quiet fixtures in a fresh in-memory case.  Without PATH the
 * rule pack is used (rule_pack_dir()).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "err.h"
#include "rule.h"
#include "store.h"
#include "timeutil.h"
#include "writer.h"
#include "xalloc.h"

#define DEFAULT_TIMEOUT_S 600

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	{ "output", required_argument, NULL, 'o' },
	{ "fail-on", required_argument, NULL, 'x' },
	{ "timeout", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};

struct rules_opts {
	const char	*format;
	const char	*out;
	int		 fail_on;	/* severity rank, -1: none */
	int		 timeout_s;
};

/* A loaded rule set: the rules that parsed, and how many did not. */
struct ruleset {
	struct rule	**v;
	size_t		  n, alloc;
	int		  bad;
};

static void
ruleset_release(struct ruleset *rs)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		rule_free(rs->v[i]);
	free(rs->v);
	memset(rs, 0, sizeof(*rs));
}

/*
 * Loads the rules named by paths (the pack when there are none).  Every
 * file that does not parse, and a second rule with an id already seen,
 * is reported and counted in rs->bad.  Returns -1 when no rule could be
 * found at all.
 */
static int
ruleset_load(char *const *paths, int npaths, struct ruleset *rs)
{
	struct buf err = BUF_INIT, why = BUF_INIT;
	char **files = NULL, *pack = NULL, *packv[1];
	size_t nfiles = 0, i, k;
	struct rule *r;

	if (npaths == 0) {
		if ((pack = rule_pack_dir(&why)) == NULL) {
			error("rules: no rule pack found (looked in %s); set "
			    "SIGTRAIL_RULES or name the rules", why.s);
			buf_release(&why);
			return -1;
		}
		packv[0] = pack;
		paths = packv;
		npaths = 1;
	}
	if (rule_collect(paths, npaths, &files, &nfiles) < 0)
		rs->bad++;
	for (i = 0; i < nfiles; i++) {
		buf_reset(&err);
		if (rule_load(files[i], &r, &err) < 0) {
			error("%s", err.s);
			rs->bad++;
			continue;
		}
		for (k = 0; k < rs->n; k++)
			if (strcmp(rs->v[k]->id, r->id) == 0)
				break;
		if (k < rs->n) {
			error("%s:%d: rule id '%s' is already used by %s",
			    r->path, r->id_line, r->id, rs->v[k]->path);
			rule_free(r);
			rs->bad++;
			continue;
		}
		ALLOC_GROW(rs->v, rs->n + 1, rs->alloc);
		rs->v[rs->n++] = r;
	}
	for (i = 0; i < nfiles; i++)
		free(files[i]);
	free(files);
	free(pack);
	buf_release(&err);
	buf_release(&why);
	if (rs->n == 0 && rs->bad == 0) {
		error("rules: no rules found");
		return -1;
	}
	return 0;
}

/* Opens an empty in-memory case with the schema, guarded, with REGEXP. */
static struct store *
scratch_case(struct regexp_ctx *rx, int guard)
{
	struct store *st;
	struct diag d;

	if (store_open(":memory:", STORE_RW, &st, &d) < 0) {
		error("rules: %s", d.msg);
		return NULL;
	}
	if ((guard && store_guard_readonly(st) < 0) ||
	    regexp_register(store_db(st), rx) < 0) {
		error("rules: cannot set up the rule connection");
		store_close(st);
		return NULL;
	}
	return st;
}

/* ---- list --------------------------------------------------------------- */

static void
text_cell(struct wcell *c, const char *s)
{
	memset(c, 0, sizeof(*c));
	if (s == NULL) {
		c->type = WCELL_NULL;
		c->s = "";
		return;
	}
	c->type = WCELL_TEXT;
	c->s = s;
	c->len = strlen(s);
}

static int
rules_list(char *const *paths, int npaths, const struct rules_opts *o,
    struct regexp_ctx *rx)
{
	static const char *const cols[] = { "id", "severity", "attack",
	    "title" };
	struct ruleset rs = { 0 };
	struct buf err = BUF_INIT;
	struct store *st;
	struct wcell cells[4];
	struct wctx wc;
	const struct writer *w;
	FILE *fp;
	size_t i;
	int rc, ret;

	if (ruleset_load(paths, npaths, &rs) < 0)
		return SIGTRAIL_EXIT_FATAL;
	if ((st = scratch_case(rx, 1)) == NULL) {
		ruleset_release(&rs);
		return SIGTRAIL_EXIT_FATAL;
	}
	if ((fp = cmd_output(o->out)) == NULL) {
		store_close(st);
		ruleset_release(&rs);
		return SIGTRAIL_EXIT_FATAL;
	}
	w = writer_find(o->format ? o->format : writer_default(fp));
	memset(&wc, 0, sizeof(wc));
	wc.fp = fp;
	wc.cols = cols;
	wc.ncols = 4;
	rc = w->begin(&wc);
	for (i = 0; i < rs.n && rc == 0; i++) {
		const struct rule *r = rs.v[i];

		buf_reset(&err);
		if (rule_check(store_db(st), r, &err) < 0) {
			error("%s", err.s);
			rs.bad++;
			continue;
		}
		text_cell(&cells[0], r->id);
		text_cell(&cells[1], r->severity);
		text_cell(&cells[2], r->attack);
		text_cell(&cells[3], r->title);
		rc = w->row(&wc, cells);
	}
	if (w->end(&wc) < 0 || rc < 0 || cmd_output_close(fp, o->out) < 0)
		ret = SIGTRAIL_EXIT_FATAL;
	else
		ret = rs.bad ? SIGTRAIL_EXIT_PARTIAL : SIGTRAIL_EXIT_OK;
	store_close(st);
	ruleset_release(&rs);
	buf_release(&err);
	return ret;
}

/* ---- run ---------------------------------------------------------------- */

#define RANK(col) "CASE " col " WHEN 'info' THEN 0 WHEN 'low' THEN 1" \
	" WHEN 'medium' THEN 2 WHEN 'high' THEN 3 WHEN 'critical' THEN 4" \
	" ELSE -1 END"

static const char sql_ins[] =
"INSERT INTO findings (kind, severity, ts_us, ts, key_ref, actor, summary,"
" event_ids, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static const char sql_new[] =
"SELECT f.id, f.ts AS time, f.severity, f.kind, coalesce(k.label,"
" f.key_ref) AS key, f.actor AS principal, f.summary, f.event_ids,"
" f.origin FROM findings f LEFT JOIN keys k ON k.canonical = f.key_ref"
" WHERE f.id > ?1 AND f.origin LIKE 'rule:%'"
" ORDER BY f.ts_us IS NULL, f.ts_us, " RANK("f.severity") " DESC, f.kind,"
" f.id";

/*
 * Replaces the findings of the rules that ran (ok[i]) with res[i], in one
 * transaction.  *base gets the highest finding id before the new ones.
 */
static int
store_findings(struct store *st, struct ruleset *rs, const int *ok,
    struct rule_result *res, const char *cmdline, int64_t now_us,
    int64_t *base)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *del = NULL, *ins = NULL, *mx = NULL;
	char tb[TS_BUFSZ], *origin;
	size_t i, k;

	if (store_begin(st) < 0)
		return -1;
	if (store_run_begin(st, "rules run", cmdline, now_us) < 0)
		goto fail;
	if (sqlite3_prepare_v2(db, "DELETE FROM findings WHERE origin = ?1",
	    -1, &del, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql_ins, -1, &ins, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT coalesce(max(id), 0) FROM findings",
	    -1, &mx, NULL) != SQLITE_OK)
		goto sqlfail;
	for (i = 0; i < rs->n; i++) {
		if (!ok[i])
			continue;
		origin = xasprintf("rule:%s", rs->v[i]->id);
		sqlite3_bind_text(del, 1, origin, -1, SQLITE_TRANSIENT);
		free(origin);
		if (sqlite3_step(del) != SQLITE_DONE)
			goto sqlfail;
		sqlite3_reset(del);
	}
	if (sqlite3_step(mx) != SQLITE_ROW)
		goto sqlfail;
	*base = sqlite3_column_int64(mx, 0);
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = rs->v[i];

		if (!ok[i])
			continue;
		origin = xasprintf("rule:%s", r->id);
		for (k = 0; k < res[i].n; k++) {
			const struct rule_finding *f = &res[i].v[k];

			sqlite3_bind_text(ins, 1, r->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 2, r->severity, -1,
			    SQLITE_STATIC);
			if (f->has_ts) {
				sqlite3_bind_int64(ins, 3, f->ts_us);
				sqlite3_bind_text(ins, 4, ts_format(f->ts_us,
				    tb), -1, SQLITE_TRANSIENT);
			} else {
				sqlite3_bind_null(ins, 3);
				sqlite3_bind_null(ins, 4);
			}
			sqlite3_bind_text(ins, 5, f->key_ref, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(ins, 6, f->actor, -1, SQLITE_STATIC);
			sqlite3_bind_text(ins, 7, f->summary, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(ins, 8, f->event_ids, -1,
			    SQLITE_STATIC);
			sqlite3_bind_text(ins, 9, origin, -1, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				free(origin);
				goto sqlfail;
			}
			sqlite3_reset(ins);
			sqlite3_clear_bindings(ins);
		}
		free(origin);
	}
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	sqlite3_finalize(mx);
	return store_commit(st);
sqlfail:
	error("rules: cannot store the findings: %s", sqlite3_errmsg(db));
fail:
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	sqlite3_finalize(mx);
	store_rollback(st);
	return -1;
}

/* Prints the findings stored after base; *worst gets the top severity. */
static int
print_new(struct store *st, int64_t base, const struct rules_opts *o)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *stmt = NULL;
	const struct writer *w;
	FILE *fp;
	int ret = 0;

	if (sqlite3_prepare_v2(db, sql_new, -1, &stmt, NULL) != SQLITE_OK)
		return error("rules: %s", sqlite3_errmsg(db));
	sqlite3_bind_int64(stmt, 1, base);
	if ((fp = cmd_output(o->out)) == NULL) {
		sqlite3_finalize(stmt);
		return -1;
	}
	w = writer_find(o->format ? o->format : writer_default(fp));
	if (writer_run_stmt(w, fp, stmt, NULL) < 0)
		ret = -1;
	sqlite3_finalize(stmt);
	if (cmd_output_close(fp, o->out) < 0)
		ret = -1;
	return ret;
}

static int
rules_run(char *const *paths, int npaths, const struct rules_opts *o,
    struct ctx *ctx, struct regexp_ctx *rx)
{
	struct ruleset rs = { 0 };
	struct rule_result *res = NULL;
	struct store *rw = NULL, *ro = NULL;
	struct buf err = BUF_INIT, warn = BUF_INIT;
	struct diag d;
	size_t i, total = 0, nrun = 0;
	int64_t base = 0;
	int *ok = NULL, worst = -1, ret = SIGTRAIL_EXIT_FATAL, rank;
	char *line, *nl;

	if (access(ctx->case_path, F_OK) != 0) {
		error("no case file '%s' (create one with 'sigtrail ingest', "
		    "or name it with -C)", ctx->case_path);
		return SIGTRAIL_EXIT_FATAL;
	}
	if (ruleset_load(paths, npaths, &rs) < 0)
		return SIGTRAIL_EXIT_FATAL;
	/* the writer first: it applies pending migrations */
	if (store_open(ctx->case_path, STORE_RW, &rw, &d) < 0 ||
	    store_open(ctx->case_path, STORE_RO, &ro, &d) < 0) {
		error("%s", d.msg);
		goto done;
	}
	if (store_guard_readonly(ro) < 0 ||
	    regexp_register(store_db(ro), rx) < 0) {
		error("rules: cannot set up the read-only connection");
		goto done;
	}
	res = xcalloc(rs.n ? rs.n : 1, sizeof(*res));
	ok = xcalloc(rs.n ? rs.n : 1, sizeof(*ok));
	for (i = 0; i < rs.n; i++) {
		buf_reset(&err);
		buf_reset(&warn);
		if (rule_run(store_db(ro), rx, rs.v[i], o->timeout_s, &res[i],
		    &warn, &err) < 0) {
			error("%s", err.s);
			rs.bad++;
		} else {
			ok[i] = 1;
			nrun++;
			total += res[i].n;
			if (res[i].n > 0 && (rank = rule_severity_rank(
			    rs.v[i]->severity)) > worst)
				worst = rank;
			if (res[i].skipped || res[i].truncated ||
			    res[i].limit_hits)
				rs.bad++;
		}
		for (line = warn.s; *line; line = nl + 1) {
			if ((nl = strchr(line, '\n')) == NULL)
				break;
			*nl = '\0';
			warning("%s", line);
		}
	}
	if (store_findings(rw, &rs, ok, res, ctx->cmdline, ctx->now_us,
	    &base) < 0)
		goto done;
	if (print_new(rw, base, o) < 0)
		goto done;
	info("rules: %zu rule(s) run, %d problem(s), %zu finding(s)", nrun,
	    rs.bad, total);
	if (o->fail_on >= 0 && worst >= o->fail_on)
		ret = SIGTRAIL_EXIT_GATE;
	else
		ret = rs.bad ? SIGTRAIL_EXIT_PARTIAL : SIGTRAIL_EXIT_OK;
done:
	for (i = 0; res && i < rs.n; i++)
		rule_result_release(&res[i]);
	free(res);
	free(ok);
	store_close(ro);
	store_close(rw);
	ruleset_release(&rs);
	buf_release(&err);
	buf_release(&warn);
	return ret;
}

/* ---- test --------------------------------------------------------------- */

/*
 * Runs r against one fixture file.  Returns the number of findings, or -1
 * with the reason in why.
 */
static long
run_fixture(const struct rule *r, const char *file, struct regexp_ctx *rx,
    struct buf *why)
{
	struct rule_result res = { 0 };
	struct buf warn = BUF_INIT;
	struct store *st;
	long n = -1;

	if (access(file, R_OK) != 0) {
		buf_addf(why, "no fixture %s", file);
		return -1;
	}
	if ((st = scratch_case(rx, 0)) == NULL) {
		buf_addstr(why, "cannot create a scratch case");
		return -1;
	}
	if (rule_fixture_load(store_db(st), file, why) < 0)
		goto done;
	if (store_guard_readonly(st) < 0) {
		buf_addstr(why, "cannot guard the scratch case");
		goto done;
	}
	if (rule_run(store_db(st), rx, r, DEFAULT_TIMEOUT_S, &res, &warn,
	    why) < 0)
		goto done;
	if (res.skipped || res.limit_hits || res.truncated) {
		buf_addf(why, "%s: %s", file, warn.s);
		if (why->len && why->s[why->len - 1] == '\n')
			buf_truncate(why, why->len - 1);
		goto done;
	}
	n = (long)res.n;
done:
	rule_result_release(&res);
	buf_release(&warn);
	store_close(st);
	return n;
}

static int
rules_test(char *const *paths, int npaths, struct regexp_ctx *rx)
{
	struct ruleset rs = { 0 };
	struct buf why = BUF_INIT;
	char *dir, *fire, *quiet;
	long nf, nq;
	size_t i, passed = 0, failed;

	if (ruleset_load(paths, npaths, &rs) < 0)
		return SIGTRAIL_EXIT_FATAL;
	failed = (size_t)rs.bad;
	for (i = 0; i < rs.n; i++) {
		const struct rule *r = rs.v[i];

		buf_reset(&why);
		if ((dir = rule_fixture_dir(r)) == NULL) {
			printf("FAIL  %s: no fixtures (%s.fire.jsonl, "
			    "%s.quiet.jsonl in a tests directory next to "
			    "the rule's)\n", r->id, r->id, r->id);
			failed++;
			continue;
		}
		fire = xasprintf("%s/%s.fire.jsonl", dir, r->id);
		quiet = xasprintf("%s/%s.quiet.jsonl", dir, r->id);
		nf = run_fixture(r, fire, rx, &why);
		nq = nf < 0 ? -1 : run_fixture(r, quiet, rx, &why);
		if (nf < 0 || nq < 0) {
			printf("FAIL  %s: %s\n", r->id, why.s);
			failed++;
		} else if (nf == 0) {
			printf("FAIL  %s: does not fire on %s\n", r->id, fire);
			failed++;
		} else if (nq > 0) {
			printf("FAIL  %s: fires %ld time(s) on %s\n", r->id,
			    nq, quiet);
			failed++;
		} else {
			printf("ok    %s (%ld on fire, 0 on quiet)\n", r->id,
			    nf);
			passed++;
		}
		free(fire);
		free(quiet);
		free(dir);
	}
	printf("rules: %zu passed, %zu failed\n", passed, failed);
	ruleset_release(&rs);
	buf_release(&why);
	return failed ? SIGTRAIL_EXIT_PARTIAL : SIGTRAIL_EXIT_OK;
}

/* ---- the command -------------------------------------------------------- */

int
cmd_rules(int argc, char **argv, struct ctx *ctx)
{
	struct rules_opts o = { NULL, NULL, -1, DEFAULT_TIMEOUT_S };
	struct regexp_ctx *rx;
	const char *verb;
	char *end;
	long v;
	int ch, ret;

	while ((ch = getopt_long(argc, argv, "F:o:x:t:h", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'F':
			o.format = optarg;
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'x':
			if ((o.fail_on = rule_severity_rank(optarg)) < 0)
				return cmd_usage_error("rules", "bad severity "
				    "'%s' (info, low, medium, high, critical)",
				    optarg);
			break;
		case 't':
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v < 0 ||
			    v > 86400)
				return cmd_usage_error("rules", "bad --timeout "
				    "'%s' (seconds, 0: none)", optarg);
			o.timeout_s = (int)v;
			break;
		case 'h':
			cmd_help("rules", stdout);
			return SIGTRAIL_EXIT_OK;
		default:
			return cmd_usage_error("rules", "bad option");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("rules", "name a verb: list, run or "
		    "test");
	verb = argv[optind++];
	if (strcmp(verb, "list") != 0 && strcmp(verb, "run") != 0 &&
	    strcmp(verb, "test") != 0)
		return cmd_usage_error("rules", "unknown verb '%s' (list, run, "
		    "test)", verb);
	if (o.format && writer_find(o.format) == NULL)
		return cmd_usage_error("rules", "unknown format '%s' (%s)",
		    o.format, writer_names());
	if (strcmp(verb, "run") != 0 && o.fail_on >= 0)
		return cmd_usage_error("rules", "--fail-on goes with 'rules "
		    "run'");
	if (strcmp(verb, "test") == 0 && (o.format || o.out))
		return cmd_usage_error("rules", "'rules test' prints one line "
		    "per rule (no --format, no -o)");
	if ((rx = regexp_ctx_new()) == NULL) {
		error("rules: cannot set up PCRE2");
		return SIGTRAIL_EXIT_FATAL;
	}
	if (strcmp(verb, "list") == 0)
		ret = rules_list(argv + optind, argc - optind, &o, rx);
	else if (strcmp(verb, "run") == 0)
		ret = rules_run(argv + optind, argc - optind, &o, ctx, rx);
	else
		ret = rules_test(argv + optind, argc - optind, rx);
	regexp_ctx_free(rx);
	return ret;
}
