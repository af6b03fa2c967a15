/* SPDX-License-Identifier: MIT */
/*
 * derive_vault_hmac.c - matches HashiCorp Vault audit HMACs against the
 * analyst's table of known values (ingest --vault-hmac FILE).
 *
 * Vault's audit device replaces the strings of a request (the transit
 * input, the signature) by "hmac-sha256:<hex>", keyed with a per-device
 * salt, so the log never says which digest was signed.  The analyst can
 * ask Vault for the HMAC of a candidate (POST sys/audit-hash/<device>
 * {"input": "<value>"}) and collect the answers in a JSON object, plaintext
 * to HMAC:
 *   {"q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=":
 *    "hmac-sha256:61d0...", "vault:v1:MEUCIQ...": "hmac-sha256:0e47..."}
 * (an entry written the other way round, HMAC first, is read too).  The
 * parser stays pure and never opens that file; this derivation does, after
 * the evidence of the run is stored: for every vault_audit event whose
 * attrs carry an HMAC'd input, signature or batch item equal to a known
 * HMAC it adds attrs.hmac_matched ({"input": "<plaintext>", "signature":
 * ..., "batch_input": [...], "digest": ...}) and, when the matched input
 * is a digest, sets the digest column (kept when the event already has
 * one from the record):
 *   - a "sha256:<hex>" (sha384, sha512) or SRI "sha256-<base64>" label, or
 *     64/96/128 hex digits: that digest;
 *   - base64 of 32/48/64 bytes on a prehashed request: those bytes;
 *   - base64 of other data on a request that was not prehashed, with the
 *     sha2-256 hash algorithm (named in the path, or Vault's default): the
 *     SHA-256 of the data, which is what the key signed.
 * Without --vault-hmac nothing changes (earlier matches stay); with it,
 * earlier matches (and the digests they set) are dropped and computed
 * again from the events, so a second run with the same file changes
 * nothing and a corrected file replaces a wrong one.  A file that cannot
 * be read or is not a JSON object of strings is an error (the run's
 * derivations roll back).
 */
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "derive.h"
#include "digest.h"
#include "err.h"
#include "jsonutil.h"
#include "parser.h"
#include "store.h"
#include "xalloc.h"

#define VH_HMAC		"hmac-sha256:"
#define VH_HMAC_LEN	(sizeof(VH_HMAC) - 1)

/* A pending change to one event. */
struct vh_update {
	int64_t		 id;
	char		*matched;	/* JSON text */
	char		*digest;	/* or NULL */
};

static int
vh_is_hmac(const char *s)
{
	return s && strncmp(s, VH_HMAC, VH_HMAC_LEN) == 0 &&
	    s[VH_HMAC_LEN] != '\0';
}

/* "hmac-sha256:<HEX>" -> a new copy with lowercase hex. */
static char *
vh_norm(const char *s)
{
	char *out = xstrdup(s), *p;

	for (p = out + VH_HMAC_LEN; *p; p++)
		if (*p >= 'A' && *p <= 'F')
			*p = (char)(*p - 'A' + 'a');
	return out;
}

/*
 * Loads the analyst's file into an object HMAC -> plaintext.  Returns it,
 * or NULL after printing why.
 */
static json_t *
vh_load(const char *path)
{
	json_error_t jerr;
	json_t *root, *map, *v;
	const char *k, *val, *h, *plain;
	char *norm;

	root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		error("--vault-hmac file '%s': %s (line %d, column %d)", path,
		    jerr.text, jerr.line, jerr.column);
		return NULL;
	}
	if (!json_is_object(root)) {
		error("--vault-hmac file '%s': not a JSON object of plaintext "
		    "to \"hmac-sha256:<hex>\"", path);
		json_decref(root);
		return NULL;
	}
	map = json_object();
	json_object_foreach(root, k, v) {
		val = json_string_value(v);
		if (val == NULL) {
			error("--vault-hmac file '%s': the value of \"%s\" is "
			    "not a string", path, k);
			goto bad;
		}
		if (vh_is_hmac(val)) {
			h = val;
			plain = k;
		} else if (vh_is_hmac(k)) {
			h = k;
			plain = val;
		} else {
			error("--vault-hmac file '%s': neither \"%s\" nor its "
			    "value is an \"hmac-sha256:\" value", path, k);
			goto bad;
		}
		norm = vh_norm(h);
		json_object_set_new(map, norm, json_string(plain));
		free(norm);
	}
	json_decref(root);
	return map;
bad:
	json_decref(map);
	json_decref(root);
	return NULL;
}

static const char *
vh_lookup(const json_t *map, const char *h)
{
	char *norm;
	const char *plain;

	if (!vh_is_hmac(h))
		return NULL;
	norm = vh_norm(h);
	plain = json_string_value(json_object_get(map, norm));
	free(norm);
	return plain;
}

/* Decodes standard base64 into out (max bytes); length or -1. */
static int
vh_b64(const char *s, unsigned char *out, size_t max)
{
	size_t n = strlen(s), pad = 0;
	unsigned char *tmp;
	int got;

	if (n == 0 || n % 4 != 0 || n / 4 * 3 > max + 2 || strspn(s,
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789+/=") != n)
		return -1;
	while (pad < n && s[n - 1 - pad] == '=')
		pad++;
	if (pad > 2 || (strchr(s, '=') && strchr(s, '=') != s + n - pad))
		return -1;
	tmp = xmalloc(n / 4 * 3 + 1);
	got = EVP_DecodeBlock(tmp, (const unsigned char *)s, (int)n);
	if (got < 0 || (size_t)got < pad || (size_t)got - pad > max) {
		free(tmp);
		return -1;
	}
	got -= (int)pad;
	memcpy(out, tmp, (size_t)got);
	free(tmp);
	return got;
}

static const char *
vh_alg(size_t n)
{
	return n == 32 ? "sha256" : n == 48 ? "sha384" : n == 64 ? "sha512" :
	    NULL;
}

/* A digest written as a label: "sha256:<hex>", SRI, or bare hex. */
static char *
vh_label_digest(const char *p)
{
	static const char *const algs[] = { "sha256", "sha384", "sha512" };
	unsigned char raw[64];
	char hex[129], *out;
	size_t i, n;
	int got;

	for (i = 0; i < 3; i++) {
		n = strlen(algs[i]);
		if (strncasecmp(p, algs[i], n) == 0 && p[n] == ':') {
			p += n + 1;
			break;
		}
		if (strncasecmp(p, algs[i], n) == 0 && p[n] == '-') {
			got = vh_b64(p + n + 1, raw, sizeof(raw));
			if (got < 0 || vh_alg((size_t)got) == NULL ||
			    strcmp(vh_alg((size_t)got), algs[i]) != 0)
				return NULL;
			hex_encode(raw, (size_t)got, hex);
			return xasprintf("%s:%s", algs[i], hex);
		}
	}
	n = strlen(p);
	if ((n != 64 && n != 96 && n != 128) ||
	    strspn(p, "0123456789abcdefABCDEF") != n)
		return NULL;
	out = xasprintf("%s:%s", vh_alg(n / 2), p);
	for (i = 0; out[i]; i++)
		if (out[i] >= 'A' && out[i] <= 'F')
			out[i] = (char)(out[i] - 'A' + 'a');
	return out;
}

/* The digest a matched transit input stands for, or NULL (see top). */
static char *
vh_input_digest(const char *plain, int prehashed, const char *alg)
{
	unsigned char raw[4096];
	char hex[129], *d;
	int got;

	if ((d = vh_label_digest(plain)) != NULL)
		return d;
	got = vh_b64(plain, raw, sizeof(raw));
	if (got < 0)
		return NULL;
	if (prehashed) {
		if (vh_alg((size_t)got) == NULL)
			return NULL;
		hex_encode(raw, (size_t)got, hex);
		return xasprintf("%s:%s", vh_alg((size_t)got), hex);
	}
	if (alg == NULL || strcmp(alg, "sha2-256") != 0)
		return NULL;
	if (sha256_hex(raw, (size_t)got, hex) < 0)
		return NULL;
	return xasprintf("sha256:%s", hex);
}

/* Matches of one array of HMACs: an array (null where unknown), or NULL. */
static json_t *
vh_match_array(const json_t *map, const char *text, int *hits)
{
	json_error_t jerr;
	json_t *arr, *out;
	const json_t *it;
	const char *plain;
	size_t i;

	if (text == NULL || (arr = json_loads(text, 0, &jerr)) == NULL)
		return NULL;
	if (!json_is_array(arr)) {
		json_decref(arr);
		return NULL;
	}
	out = json_array();
	json_array_foreach(arr, i, it) {
		plain = vh_lookup(map, json_string_value(it));
		if (plain)
			(*hits)++;
		json_array_append_new(out, plain ? json_string(plain) :
		    json_null());
	}
	json_decref(arr);
	return out;
}

static const char vh_select[] =
"SELECT id, json_extract(attrs, '$.input_hmac'),"
" json_extract(attrs, '$.signature_hmac'),"
" json_extract(attrs, '$.batch_input_hmac'),"
" json_extract(attrs, '$.batch_signature_hmac'),"
" json_extract(attrs, '$.prehashed'),"
" json_extract(attrs, '$.hash_algorithm')"
" FROM events WHERE source = 'vault_audit' AND attrs IS NOT NULL"
" AND (json_extract(attrs, '$.input_hmac') IS NOT NULL"
" OR json_extract(attrs, '$.signature_hmac') IS NOT NULL"
" OR json_extract(attrs, '$.batch_input_hmac') IS NOT NULL"
" OR json_extract(attrs, '$.batch_signature_hmac') IS NOT NULL)"
" ORDER BY id";

static const char vh_update_sql[] =
"UPDATE events SET attrs = json_set(coalesce(attrs, '{}'),"
" '$.hmac_matched', json(?1)), digest = coalesce(digest, ?2)"
" WHERE id = ?3";

/* Forgets earlier matches, and the digests they set. */
static const char vh_clear_sql[] =
"UPDATE events SET digest = CASE WHEN digest IS"
" json_extract(attrs, '$.hmac_matched.digest') THEN NULL ELSE digest END,"
" attrs = json_remove(attrs, '$.hmac_matched')"
" WHERE source = 'vault_audit' AND json_extract(attrs,"
" '$.hmac_matched') IS NOT NULL";

/* The matches of one row into u; 1 when there are any. */
static int
vh_row(sqlite3_stmt *s, const json_t *map, struct vh_update *u)
{
	const char *in = (const char *)sqlite3_column_text(s, 1);
	const char *sig = (const char *)sqlite3_column_text(s, 2);
	const char *alg = (const char *)sqlite3_column_text(s, 6);
	int prehashed = sqlite3_column_int(s, 5), hits = 0;
	const char *p;
	json_t *m = json_object(), *a;

	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(s, 0);
	if ((p = vh_lookup(map, in)) != NULL) {
		json_object_set_new(m, "input", json_string(p));
		u->digest = vh_input_digest(p, prehashed, alg);
		hits++;
	}
	if ((p = vh_lookup(map, sig)) != NULL) {
		json_object_set_new(m, "signature", json_string(p));
		hits++;
	}
	a = vh_match_array(map, (const char *)sqlite3_column_text(s, 3),
	    &hits);
	if (a)
		json_object_set_new(m, "batch_input", a);
	a = vh_match_array(map, (const char *)sqlite3_column_text(s, 4),
	    &hits);
	if (a)
		json_object_set_new(m, "batch_signature", a);
	if (hits > 0 && u->digest)
		json_object_set_new(m, "digest", json_string(u->digest));
	if (hits > 0)
		u->matched = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(m);
	if (u->matched == NULL) {
		free(u->digest);
		u->digest = NULL;
		return 0;
	}
	return 1;
}

static int
vh_run(struct store *st, const struct parse_opts *o)
{
	sqlite3 *db = store_db(st);
	sqlite3_stmt *sel = NULL, *upd = NULL;
	struct vh_update *ups = NULL, u;
	size_t n = 0, alloc = 0, i;
	json_t *map;
	int rc, ret = -1;

	if (o == NULL || o->vault_hmac == NULL)
		return 0;
	if ((map = vh_load(o->vault_hmac)) == NULL)
		return -1;
	if (store_exec(st, vh_clear_sql) < 0)
		goto out;
	if (sqlite3_prepare_v2(db, vh_select, -1, &sel, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, vh_update_sql, -1, &upd, NULL) !=
	    SQLITE_OK) {
		error("case file: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		if (vh_row(sel, map, &u)) {
			ALLOC_GROW(ups, n + 1, alloc);
			ups[n++] = u;
		}
	}
	if (rc != SQLITE_DONE) {
		error("case file: %s", sqlite3_errmsg(db));
		goto out;
	}
	for (i = 0; i < n; i++) {
		sqlite3_bind_text(upd, 1, ups[i].matched, -1, SQLITE_STATIC);
		if (ups[i].digest)
			sqlite3_bind_text(upd, 2, ups[i].digest, -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(upd, 2);
		sqlite3_bind_int64(upd, 3, ups[i].id);
		rc = sqlite3_step(upd);
		sqlite3_reset(upd);
		sqlite3_clear_bindings(upd);
		if (rc != SQLITE_DONE) {
			error("case file: matching Vault HMACs: %s",
			    sqlite3_errmsg(db));
			goto out;
		}
	}
	info("--vault-hmac: %zu known value%s, %zu Vault event%s matched",
	    json_object_size(map), json_object_size(map) == 1 ? "" : "s", n,
	    n == 1 ? "" : "s");
	ret = 0;
out:
	for (i = 0; i < n; i++) {
		free(ups[i].matched);
		free(ups[i].digest);
	}
	free(ups);
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	json_decref(map);
	return ret;
}

const struct derive derive_vault_hmac = {
	.name = "vault_hmac",
	.run = vh_run,
};
