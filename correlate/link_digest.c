/* SPDX-License-Identifier: MIT */
/*
 * link_digest.c - strong: the digest that was signed (from the signing
 * record, or from its paired transparency-log entry) was published: a
 * release asset, a package version or an image with that digest.
 */
#include "correlate.h"

static const char sql[] =
"INSERT INTO links (sign_id, kind, strength, target_id, publish_id, detail)"
" SELECT o.id, 'digest', 'strong', p.id, p.id,"
"  'digest ' || o.digest || ' published as ' || coalesce(p.artifact, '?') ||"
"  coalesce(' ' || p.version, '') || coalesce(' by ' || p.actor, '')"
" FROM sops o JOIN events p ON p.digest = o.digest AND p.action = 'publish'"
" WHERE o.digest IS NOT NULL";

static int64_t
digest_run(struct corr *c)
{
	return corr_exec(c, sql, 0);
}

const struct link_strategy link_digest = {
	.name = "digest",
	.strength = "strong",
	.desc = "the signed digest was published",
	.run = digest_run,
};
