/* SPDX-License-Identifier: MIT */
/*
 * derive.h - what ingest works out from the case as a whole once the
 * evidence of a run is stored: facts that no single record holds (key
 * identities and alias periods, later: which timestamp token or
 * certificate vouches for what).  One const descriptor per derivation in
 * the table of derive.c, each idempotent: it rebuilds its tables from the
 * events, so the order evidence arrived in never matters.
 */
#ifndef DERIVE_H
#define DERIVE_H

struct store;
struct parse_opts;

struct derive {
	const char	*name;
	/* Returns 0, or -1 (message printed). */
	int		(*run)(struct store *st, const struct parse_opts *o);
};

extern const struct derive *const derivations[];	/* NULL-terminated */
extern const struct derive derive_pki;		/* derive_pki.c */
extern const struct derive derive_vault_hmac;	/* derive_vault_hmac.c */

/* Runs every derivation in one transaction; 0 or -1. */
int	derive_all(struct store *st, const struct parse_opts *o);

#endif
