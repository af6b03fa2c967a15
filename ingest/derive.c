/* SPDX-License-Identifier: MIT */
/*
 * derive.c - the table of derivations run after every ingest (derive.h).
 */
#include <stddef.h>

#include "derive.h"
#include "store.h"

static int
derive_keys(struct store *st, const struct parse_opts *o)
{
	return store_rebuild_keys(st);
}

static const struct derive derive_keys_desc = {
	.name = "keys",
	.run = derive_keys,
};

const struct derive *const derivations[] = {
	&derive_keys_desc,
	&derive_pki,
	&derive_vault_hmac,
	NULL
};

int
derive_all(struct store *st, const struct parse_opts *o)
{
	size_t i;

	if (store_begin(st) < 0)
		return -1;
	for (i = 0; derivations[i]; i++) {
		if (derivations[i]->run(st, o) < 0) {
			store_rollback(st);
			return -1;
		}
	}
	return store_commit(st);
}
