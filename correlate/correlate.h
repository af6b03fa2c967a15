/* SPDX-License-Identifier: MIT */
/*
 * correlate.h - linking every signing operation in the case to the CI
 * runs and publishes that should explain it (DESIGN.md section 6).
 *
 * The work is done in SQL over the case's indexes, never pairwise in C:
 * each link strategy (correlate/link_<name>.c, listed once in links.c)
 * inserts rows into the links table; verdict.c turns a signing event's
 * links into a verdict with reasons; findings.c runs the detectors.  All
 * of it is recomputed from scratch in one transaction by every correlate
 * run, so correlate is idempotent.
 *
 * A signing operation is an event with action 'sign' and outcome
 * 'success', or a transparency-log entry that no signing record pairs
 * with (a signature that exists although no log shows it being made).
 */
#ifndef CORRELATE_H
#define CORRELATE_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#include "policy.h"

struct store;

/* The verdicts, in the order summaries list them (verdict_words). */
enum verdict_kind {
	VERDICT_ACCOUNTED, VERDICT_PARTIAL, VERDICT_UNACCOUNTED, NVERDICTS
};
extern const char *const verdict_words[NVERDICTS];

struct corr {
	struct store	*st;		/* borrowed */
	sqlite3		*db;		/* borrowed */
	struct policy	*pol;		/* borrowed; may be empty */
	int64_t		 skew_us;	/* clock skew allowed between sources */
	json_t		*inferred;	/* what was inferred: array of strings */
	int		 verbose;
	int64_t		 lap_wall, lap_cpu;	/* for corr_lap() */
	int		 have_strong_actors;	/* corr_strong_actors() ran */
	/* set by verdicts_compute(): */
	int64_t		 nverdicts[NVERDICTS];	/* by enum verdict_kind */
	struct partials	*partials;	/* partial-signature groups; owned,
					   freed by verdicts_release() */
};

/* One link strategy (one file each, listed in links.c). */
struct link_strategy {
	const char	*name;		/* links.kind */
	const char	*strength;	/* strong, medium, weak */
	const char	*desc;		/* one line for docs */
	int		 late;		/* needs the inferred pipelines */
	/* Inserts its links; returns the number inserted, or -1. */
	int64_t		(*run)(struct corr *c);
};

extern const struct link_strategy link_credential, link_run, link_digest,
    link_tlog, link_window;
extern const struct link_strategy *const link_strategies[];

/*
 * Runs the strategies in order: late 0, those that find the pipelines'
 * runs (before policy_infer_pipelines), or late 1, those that need them
 * (after).  Returns 0, or -1 on error.
 */
int	links_run_all(struct corr *c, int late);
/*
 * Computes the verdicts from the links; -1 on error.  On the way it
 * counts them (c->nverdicts), groups the partial ones for the
 * partial-signature detector (c->partials) and lists the runs that
 * signed more than they published in temp.excess_runs, the unaccounted
 * signatures in temp.unaccounted, the signing records by signers the
 * policy does not allow in temp.unauthorized and the time of the first
 * and the last signature in temp.sops_span (lo, hi).
 */
int	verdicts_compute(struct corr *c);
/*
 * The partial-signature findings: one per group of partial signatures
 * with the same severity, key, signer and explanation (the explanation
 * names the run), in the order of their first signature.  Returns the
 * number inserted, or -1.
 */
int64_t	verdict_partial_findings(struct corr *c);
/* Frees what verdicts_compute() left in c. */
void	verdicts_release(struct corr *c);
/* Runs the finding detectors; returns the number of findings or -1. */
int64_t	findings_compute(struct corr *c);
/*
 * Fills in what the policy does not say, noting it in c->inferred: key
 * identities (before the links), then pipelines, runners, signers and
 * signing paths (after the links, from the strong ones).
 */
int	policy_infer_keys(struct corr *c);
int	policy_infer_pipelines(struct corr *c);

/* Adds a line to c->inferred (printf-style). */
void	corr_note(struct corr *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/*
 * With -v, prints the wall and CPU time since the previous lap, named
 * step (NULL starts the clock).
 */
void	corr_lap(struct corr *c, const char *step);
/* Builds temp.ci_jobs and temp.ci_runs (narrow copies); 0 or -1. */
int	corr_ci_jobs(struct corr *c);
/*
 * Builds temp.strong_actors once per correlate run (after the strong
 * links): the distinct (signer, CI run, credential issuance) of the
 * signatures with a credential or run link; the signer may be NULL.
 * 0 or -1.
 */
int	corr_strong_actors(struct corr *c);
/*
 * Runs create (SQL that drops and makes a temp table) and prepares
 * insert, the statement that fills it, into *ins (the caller finalizes
 * it); 0, or -1 with *ins NULL or to be finalized.
 */
int	corr_temp_table(struct corr *c, const char *create, const char *insert,
	    sqlite3_stmt **ins);
/* Runs SQL with one optional int64 bound as ?1; returns changes or -1. */
int64_t	corr_exec(struct corr *c, const char *sql, int64_t arg);

/* Severity words in order; returns 0..4, or -1 for an unknown word. */
int	severity_rank(const char *word);
extern const char *const severities[];

#endif
