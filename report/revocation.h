/* SPDX-License-Identifier: MIT */
/*
 * revocation.h - the decisions of "report revocation" (revocation.c) as
 * pure functions over plain structs, so that the time logic can be
 * tested without a case: whether a piece of time evidence gives a
 * signature a trusted time, which one wins, which signature a timestamp
 * token belongs to, whether a signature survives a revocation at T
 * under each model, the automatic T, the what-if counts and the
 * conclusion text.  Times are UTC microseconds.
 */
#ifndef REVOCATION_H
#define REVOCATION_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Verification models (revocation.c explains each). */
enum rv_model { RV_TIMESTAMP, RV_STRICT, RV_NO_TIMESTAMP };
#define RV_MODEL_BIT(m)	(1u << (m))

/* A signature's verdict; uncorrelated (no verdict) counts as unaccounted. */
enum rv_verdict { RV_ACCOUNTED, RV_PARTIAL, RV_UNACCOUNTED,
	RV_UNCORRELATED };

/* Where a time comes from. */
enum rv_kind { RV_RFC3161, RV_REKOR };

/* One piece of time evidence for one signature. */
struct rv_evidence {
	enum rv_kind	 kind;
	int64_t		 id;		/* event id: breaks ties */
	int64_t		 t_us;		/* genTime or integratedTime */
	int64_t		 acc_us;	/* RFC 3161 accuracy; 0: none */
	int		 verified;	/* TSA signature / inclusion proof */
};

/* The latest instant e says the signature existed by: t + accuracy. */
int64_t	rv_bound(const struct rv_evidence *e);
/*
 * Whether e gives a signature made at sign_us a trusted time: e is
 * verified, and its bound is not older than sign_us less the skew (a
 * token older than the signature is about an earlier signature of the
 * same content).
 */
int	rv_trusted(const struct rv_evidence *e, int64_t sign_us,
	    int64_t skew_us);
/* Index of the trusted evidence with the earliest bound, or -1. */
int	rv_pick(const struct rv_evidence *ev, size_t n, int64_t sign_us,
	    int64_t skew_us);
/*
 * Which of n signatures of the same digest (their signing times) a token
 * whose bound is bound_us belongs to: the latest made no later than the
 * bound plus the skew (ties: the first).  -1: every one is later.
 */
int	rv_token_owner(const int64_t *sign_us, size_t n, int64_t bound_us,
	    int64_t skew_us);

/* What the decisions need to know of one signature. */
struct rv_sig {
	int64_t		 sign_us;	/* signing record, else the log entry */
	enum rv_verdict	 verdict;
	int		 trusted;	/* has a trusted time */
	int64_t		 bound_us;	/* its bound, when trusted */
	const char	*release;	/* re-signing group, or NULL */
};

/* Whether s survives a revocation at t_us under model m (1/0). */
int	rv_survives(enum rv_model m, const struct rv_sig *s, int64_t t_us);
/*
 * The automatic T: the earliest unaccounted (or uncorrelated) signing
 * time less the skew.  Returns 0, or -1 when there is none.
 */
int	rv_auto_t(const struct rv_sig *s, size_t n, int64_t skew_us,
	    int64_t *t_us);

/* Signatures per release, in order of their first signature. */
struct rv_group {
	char		*release;	/* "(no release)" for NULL */
	size_t		 count;
};

struct rv_counts {
	size_t		 accounted_surviving, accounted_invalidated;
	size_t		 partial_surviving, partial_invalidated;
	size_t		 unaccounted_surviving, unaccounted_invalidated;
	struct rv_group	*keep;		/* accounted, surviving */
	size_t		 nkeep;
	struct rv_group	*resign;	/* accounted, invalidated */
	size_t		 nresign;
	struct rv_group	*review;	/* partial, invalidated */
	size_t		 nreview;
};

/* Counts the n signatures (in time order) at t_us under model m. */
void	rv_counts_compute(const struct rv_sig *s, size_t n, enum rv_model m,
	    int64_t t_us, struct rv_counts *c);
void	rv_counts_release(struct rv_counts *c);

/* What the conclusion is built from. */
struct rv_facts {
	const char		*key;		/* the key's label */
	int64_t			 t_us;		/* T */
	const char		*t_how;		/* how T was chosen, a phrase */
	unsigned		 models;	/* RV_MODEL_BIT()s */
	const struct rv_sig	*sigs;		/* in time order */
	size_t			 n;
	int			 have_auto;
	int64_t			 auto_us;
	int64_t			 gap_us;	/* log gap before T, or none:
						   INT64_MIN */
};

/*
 * The decision (which case of the decision matrix, with the figures) and
 * the customer-facing consequence, one paragraph each, appended to
 * decision and customer.  Deterministic: the same facts give the same
 * bytes.
 */
void	rv_conclude(const struct rv_facts *f, struct buf *decision,
	    struct buf *customer);

#endif
