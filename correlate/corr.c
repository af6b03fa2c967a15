/* SPDX-License-Identifier: MIT */
/*
 * corr.c - small helpers shared by the correlation steps: notes about
 * what was inferred, SQL execution with one bound value, new temp tables,
 * severities, and the time each step took (with -v).
 */
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "correlate.h"
#include "err.h"

const char *const severities[] = {
	"info", "low", "medium", "high", "critical", NULL
};

int
severity_rank(const char *word)
{
	int i;

	for (i = 0; word && severities[i]; i++)
		if (strcmp(severities[i], word) == 0)
			return i;
	return -1;
}

void
corr_note(struct corr *c, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	json_array_append_new(c->inferred, json_string(b.s));
	buf_release(&b);
}

int
corr_temp_table(struct corr *c, const char *create, const char *insert,
    sqlite3_stmt **ins)
{
	*ins = NULL;
	if (sqlite3_exec(c->db, create, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db, insert, -1, ins, NULL) != SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	return 0;
}

int64_t
corr_exec(struct corr *c, const char *sql, int64_t arg)
{
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sqlite3_prepare_v2(c->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	if (sqlite3_bind_parameter_count(stmt) >= 1)
		sqlite3_bind_int64(stmt, 1, arg);
	rc = sqlite3_step(stmt);
	while (rc == SQLITE_ROW)
		rc = sqlite3_step(stmt);
	sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE) {
		error("correlate: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	return sqlite3_changes64(c->db);
}

static int64_t
clock_us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
corr_lap(struct corr *c, const char *step)
{
	int64_t wall = clock_us(CLOCK_MONOTONIC);
	int64_t cpu = clock_us(CLOCK_PROCESS_CPUTIME_ID);

	if (c->verbose && step)
		info("correlate: %-24s %7.2f s (cpu %.2f s)", step,
		    (wall - c->lap_wall) / 1e6, (cpu - c->lap_cpu) / 1e6);
	c->lap_wall = wall;
	c->lap_cpu = cpu;
}

/*
 * temp.ci_jobs: the CI jobs, narrow and indexed by run.  The runner
 * inference and the unexpected-runner detector look up the jobs of each
 * signing run; through events they would read every step of the run too
 * (steps share the run's run_ref) and the wide rows of each.
 * temp.ci_runs: the CI runs, narrow (read from the events_runs index
 * alone, store.c), by run id, by repository and time and by time, for the
 * credential and window links, the verdicts and the detectors that name a
 * signature's run.  The jobs are also indexed by time, for the window
 * links.
 */
static const char sql_ci[] =
"DROP TABLE IF EXISTS temp.ci_runs;"
"CREATE TEMP TABLE ci_runs (id INTEGER PRIMARY KEY, run_ref TEXT, repo TEXT,"
" ref TEXT, wf TEXT, ts_us INTEGER, end_us INTEGER, actor TEXT);"
"INSERT INTO ci_runs SELECT id, run_ref, repo, ref, workflow, ts_us, end_us,"
" actor FROM events WHERE action = 'ci.run' ORDER BY id;"
"CREATE INDEX temp.ci_runs_run ON ci_runs(run_ref);"
"CREATE INDEX temp.ci_runs_repo ON ci_runs(repo, ts_us);"
"CREATE INDEX temp.ci_runs_ts ON ci_runs(ts_us);"
"DROP TABLE IF EXISTS temp.ci_jobs;"
"CREATE TEMP TABLE ci_jobs (id INTEGER PRIMARY KEY, ts_us INTEGER,"
" end_us INTEGER, run_ref TEXT, repo TEXT, runner TEXT, job_ref TEXT);"
"INSERT INTO ci_jobs SELECT id, ts_us, end_us, run_ref, repo, runner,"
" job_ref FROM events WHERE action = 'ci.job' ORDER BY id;"
"CREATE INDEX temp.ci_jobs_run ON ci_jobs(run_ref);"
"CREATE INDEX temp.ci_jobs_ts ON ci_jobs(ts_us);";

int
corr_ci_jobs(struct corr *c)
{
	if (sqlite3_exec(c->db, sql_ci, NULL, NULL, NULL) != SQLITE_OK)
		return error("correlate: %s", sqlite3_errmsg(c->db));
	return 0;
}

/*
 * One pass over the strong links (a million at bench scale) for what
 * needs the runs and sessions behind them, a few per run: the inferred
 * pipelines, runners and signers (infer.c) and the window link's
 * pipeline principals (link_window.c).  The integers come first: most
 * signatures have the same signer, whose name would otherwise be
 * compared in full for each of them.
 */
int
corr_strong_actors(struct corr *c)
{
	if (c->have_strong_actors)
		return 0;
	if (corr_exec(c, "DROP TABLE IF EXISTS temp.strong_actors", 0) < 0 ||
	    corr_exec(c, "CREATE TEMP TABLE strong_actors AS"
	    " SELECT DISTINCT l.ci_run_id AS run,"
	    " CASE l.kind WHEN 'credential' THEN l.target_id END AS cred,"
	    " o.actor AS actor"
	    " FROM sops o JOIN links l ON l.sign_id = o.id"
	    " WHERE l.kind IN ('credential', 'run')",
	    0) < 0)
		return -1;
	c->have_strong_actors = 1;
	return 0;
}
