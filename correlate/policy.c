/* SPDX-License-Identifier: MIT */
/*
 * policy.c - loading and asking the correlation policy (policy.h).
 * Every error names the file, the JSON path and what was expected, e.g.
 * "policy.json: $.pipelines[1].refs[0]: expected a string".
 */
#include <arpa/inet.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "policy.h"
#include "xalloc.h"

void
policy_init(struct policy *p)
{
	memset(p, 0, sizeof(*p));
	p->skew_s = -1;
}

static void
free_strv(char **v)
{
	size_t i;

	for (i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void
policy_release(struct policy *p)
{
	size_t i;

	for (i = 0; i < p->nkeys; i++) {
		free(p->keys[i].label);
		free_strv(p->keys[i].refs);
		free_strv(p->keys[i].public_keys);
	}
	free(p->keys);
	for (i = 0; i < p->nsigners; i++) {
		free(p->signers[i].exact);
		free(p->signers[i].regex);
		pcre2_code_free(p->signers[i].re);
	}
	free(p->signers);
	for (i = 0; i < p->npipelines; i++) {
		free(p->pipelines[i].repo);
		free(p->pipelines[i].workflow);
		free_strv(p->pipelines[i].refs);
		free_strv(p->pipelines[i].runners);
	}
	free(p->pipelines);
	free_strv(p->networks);
	free_strv(p->signing_paths);
	policy_init(p);
}

struct ld {
	const char	*name;
	struct buf	*err;
};

static int
bad(struct ld *l, const char *path, const char *what)
{
	buf_reset(l->err);
	buf_addf(l->err, "%s: %s: %s", l->name, path, what);
	return -1;
}

/* An array of strings at path (NULL or missing: *out stays NULL). */
static int
strv(struct ld *l, const json_t *v, const char *path, char ***out)
{
	char sub[256];
	size_t i, n;
	const json_t *e;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		*out = xcalloc(2, sizeof(char *));
		(*out)[0] = xstrdup(json_string_value(v));
		return 0;
	}
	if (!json_is_array(v))
		return bad(l, path, "expected an array of strings");
	n = json_array_size(v);
	*out = xcalloc(n + 1, sizeof(char *));
	json_array_foreach(v, i, e) {
		if (!json_is_string(e)) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			return bad(l, sub, "expected a string");
		}
		(*out)[i] = xstrdup(json_string_value(e));
	}
	return 0;
}

static int
opt_str(struct ld *l, const json_t *obj, const char *key, const char *path,
    char **out)
{
	const json_t *v = json_object_get(obj, key);
	char sub[256];

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		snprintf(sub, sizeof(sub), "%s.%s", path, key);
		return bad(l, sub, "expected a string");
	}
	*out = xstrdup(json_string_value(v));
	return 0;
}

static int
load_keys(struct ld *l, struct policy *p, const json_t *v)
{
	char path[128], sub[160];
	const json_t *k;
	size_t i;

	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return bad(l, "$.keys", "expected an array of key objects");
	p->keys = xcalloc(json_array_size(v) + 1, sizeof(*p->keys));
	json_array_foreach(v, i, k) {
		struct policy_key *pk = &p->keys[p->nkeys++];

		snprintf(path, sizeof(path), "$.keys[%zu]", i);
		if (!json_is_object(k))
			return bad(l, path, "expected an object");
		if (opt_str(l, k, "label", path, &pk->label) < 0)
			return -1;
		snprintf(sub, sizeof(sub), "%s.refs", path);
		if (strv(l, json_object_get(k, "refs"), sub, &pk->refs) < 0)
			return -1;
		snprintf(sub, sizeof(sub), "%s.public_keys", path);
		if (strv(l, json_object_get(k, "public_keys"), sub,
		    &pk->public_keys) < 0)
			return -1;
		if (pk->refs == NULL && pk->public_keys == NULL)
			return bad(l, path, "a key needs \"refs\" or "
			    "\"public_keys\"");
	}
	return 0;
}

static int
load_signers(struct ld *l, struct policy *p, const json_t *v)
{
	char path[128], msg[256];
	unsigned char emsg[200];
	const json_t *s;
	PCRE2_SIZE eoff;
	size_t i;
	int ecode;

	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return bad(l, "$.signers", "expected an array of strings or "
		    "{\"regex\": ...} objects");
	p->signers = xcalloc(json_array_size(v) + 1, sizeof(*p->signers));
	json_array_foreach(v, i, s) {
		struct policy_signer *ps = &p->signers[p->nsigners++];

		snprintf(path, sizeof(path), "$.signers[%zu]", i);
		if (json_is_string(s)) {
			ps->exact = xstrdup(json_string_value(s));
			continue;
		}
		if (!json_is_object(s) || !json_is_string(
		    json_object_get(s, "regex")))
			return bad(l, path, "expected a string or "
			    "{\"regex\": \"...\"}");
		ps->regex = xstrdup(json_string_value(json_object_get(s,
		    "regex")));
		ps->re = pcre2_compile((PCRE2_SPTR)ps->regex,
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ecode, &eoff, NULL);
		if (ps->re == NULL) {
			pcre2_get_error_message(ecode, emsg, sizeof(emsg));
			snprintf(msg, sizeof(msg), "bad regex at offset %zu: %s",
			    (size_t)eoff, (const char *)emsg);
			snprintf(path, sizeof(path), "$.signers[%zu].regex", i);
			return bad(l, path, msg);
		}
	}
	return 0;
}

static int
load_pipelines(struct ld *l, struct policy *p, const json_t *v)
{
	char path[128], sub[160];
	const json_t *e;
	size_t i;

	if (v == NULL)
		return 0;
	if (!json_is_array(v))
		return bad(l, "$.pipelines", "expected an array of pipeline "
		    "objects");
	p->pipelines = xcalloc(json_array_size(v) + 1, sizeof(*p->pipelines));
	json_array_foreach(v, i, e) {
		struct policy_pipeline *pl = &p->pipelines[p->npipelines++];

		snprintf(path, sizeof(path), "$.pipelines[%zu]", i);
		if (!json_is_object(e))
			return bad(l, path, "expected an object");
		if (opt_str(l, e, "repo", path, &pl->repo) < 0 ||
		    opt_str(l, e, "workflow", path, &pl->workflow) < 0)
			return -1;
		if (pl->repo == NULL)
			return bad(l, path, "a pipeline needs \"repo\"");
		snprintf(sub, sizeof(sub), "%s.refs", path);
		if (strv(l, json_object_get(e, "refs"), sub, &pl->refs) < 0)
			return -1;
		snprintf(sub, sizeof(sub), "%s.runners", path);
		if (strv(l, json_object_get(e, "runners"), sub,
		    &pl->runners) < 0)
			return -1;
	}
	return 0;
}

static int
valid_cidr(const char *s)
{
	char addr[64];
	const char *slash = strchr(s, '/');
	unsigned char tmp[16];
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	char *end;
	long bits;

	if (n == 0 || n >= sizeof(addr))
		return 0;
	memcpy(addr, s, n);
	addr[n] = '\0';
	if (inet_pton(AF_INET, addr, tmp) == 1) {
		if (!slash)
			return 1;
		bits = strtol(slash + 1, &end, 10);
		return *end == '\0' && end != slash + 1 && bits >= 0 &&
		    bits <= 32;
	}
	if (inet_pton(AF_INET6, addr, tmp) == 1) {
		if (!slash)
			return 1;
		bits = strtol(slash + 1, &end, 10);
		return *end == '\0' && end != slash + 1 && bits >= 0 &&
		    bits <= 128;
	}
	return 0;
}

static int
load_root(struct ld *l, struct policy *p, const json_t *root)
{
	static const char *const known[] = { "keys", "signers", "pipelines",
	    "networks", "signing_paths", "skew", NULL };
	const char *key;
	const json_t *v;
	char path[128];
	size_t i;

	if (!json_is_object(root))
		return bad(l, "$", "expected a JSON object");
	json_object_foreach((json_t *)root, key, v) {
		for (i = 0; known[i] && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL) {
			snprintf(path, sizeof(path), "$.%.100s", key);
			return bad(l, path, "unknown member (expected keys, "
			    "signers, pipelines, networks, signing_paths, "
			    "skew)");
		}
	}
	if (load_keys(l, p, json_object_get(root, "keys")) < 0 ||
	    load_signers(l, p, json_object_get(root, "signers")) < 0 ||
	    load_pipelines(l, p, json_object_get(root, "pipelines")) < 0 ||
	    strv(l, json_object_get(root, "networks"), "$.networks",
	    &p->networks) < 0 ||
	    strv(l, json_object_get(root, "signing_paths"),
	    "$.signing_paths", &p->signing_paths) < 0)
		return -1;
	for (i = 0; p->networks && p->networks[i]; i++) {
		if (!valid_cidr(p->networks[i])) {
			snprintf(path, sizeof(path), "$.networks[%zu]", i);
			return bad(l, path, "expected an address or CIDR "
			    "(\"203.0.113.0/24\")");
		}
	}
	v = json_object_get(root, "skew");
	if (v) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 86400)
			return bad(l, "$.skew", "expected whole seconds from 0 "
			    "to 86400");
		p->skew_s = json_integer_value(v);
	}
	return 0;
}

int
policy_load_text(struct policy *p, const char *text, size_t len,
    const char *name, struct buf *err)
{
	struct ld l = { name, err };
	json_error_t jerr;
	json_t *root;
	int ret;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL) {
		buf_reset(err);
		buf_addf(err, "%s:%d:%d: %s", name, jerr.line, jerr.column,
		    jerr.text);
		return -1;
	}
	ret = load_root(&l, p, root);
	json_decref(root);
	if (ret < 0)
		policy_release(p);
	else
		p->from_file = 1;
	return ret;
}

int
policy_load(struct policy *p, const char *path, struct buf *err)
{
	FILE *fp = fopen(path, "rb");
	struct buf text = BUF_INIT;
	char chunk[8192];
	size_t n;
	int ret;

	if (fp == NULL) {
		buf_reset(err);
		buf_addf(err, "%s: cannot open: %m", path);
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		buf_add(&text, chunk, n);
		if (text.len > (1u << 20)) {
			fclose(fp);
			buf_release(&text);
			buf_reset(err);
			buf_addf(err, "%s: larger than 1 MiB: not a policy",
			    path);
			return -1;
		}
	}
	fclose(fp);
	ret = policy_load_text(p, text.s, text.len, path, err);
	buf_release(&text);
	return ret;
}

int
policy_signer_ok(const struct policy *p, const char *principal)
{
	pcre2_match_data *md;
	size_t i;
	int rc;

	if (principal == NULL)
		return 0;
	for (i = 0; i < p->nsigners; i++) {
		const struct policy_signer *s = &p->signers[i];

		if (s->exact && strcmp(s->exact, principal) == 0)
			return 1;
		if (s->re) {
			md = pcre2_match_data_create_from_pattern(s->re, NULL);
			rc = pcre2_match(s->re, (PCRE2_SPTR)principal,
			    strlen(principal), 0, 0, md, NULL);
			pcre2_match_data_free(md);
			if (rc >= 0)
				return 1;
		}
	}
	return 0;
}

/* Whether the address in ip lies in cidr (same family only). */
static int
in_cidr(const char *ip, const char *cidr)
{
	unsigned char a[16], n[16];
	char addr[64];
	const char *slash = strchr(cidr, '/');
	size_t len = slash ? (size_t)(slash - cidr) : strlen(cidr);
	int fam, bits, max, i;

	if (len >= sizeof(addr))
		return 0;
	memcpy(addr, cidr, len);
	addr[len] = '\0';
	fam = strchr(addr, ':') ? AF_INET6 : AF_INET;
	max = fam == AF_INET ? 32 : 128;
	if (inet_pton(fam, addr, n) != 1 || inet_pton(fam, ip, a) != 1)
		return 0;
	bits = slash ? (int)strtol(slash + 1, NULL, 10) : max;
	if (bits < 0 || bits > max)
		return 0;
	for (i = 0; i < bits / 8; i++)
		if (a[i] != n[i])
			return 0;
	if (bits % 8) {
		unsigned char mask = (unsigned char)(0xff << (8 - bits % 8));

		if ((a[i] & mask) != (n[i] & mask))
			return 0;
	}
	return 1;
}

int
policy_network_ok(const struct policy *p, const char *ip)
{
	size_t i;

	if (p->networks == NULL)
		return -1;
	if (ip == NULL)
		return 0;
	for (i = 0; p->networks[i]; i++)
		if (in_cidr(ip, p->networks[i]))
			return 1;
	return 0;
}

static int
glob_any(char **globs, const char *s)
{
	size_t i;

	if (globs == NULL)
		return 1;
	if (s == NULL)
		return 0;
	for (i = 0; globs[i]; i++)
		if (fnmatch(globs[i], s, 0) == 0)
			return 1;
	return 0;
}

const struct policy_pipeline *
policy_pipeline_for(const struct policy *p, const char *repo,
    const char *workflow, const char *ref)
{
	size_t i;

	for (i = 0; i < p->npipelines; i++) {
		const struct policy_pipeline *pl = &p->pipelines[i];

		if (repo == NULL || strcmp(pl->repo, repo) != 0)
			continue;
		/* an unknown workflow (no run record) is not held against */
		if (pl->workflow && workflow &&
		    strcmp(pl->workflow, workflow) != 0)
			continue;
		if (!glob_any(pl->refs, ref))
			continue;
		return pl;
	}
	return NULL;
}

int
policy_runner_ok(const struct policy_pipeline *pl, const char *runner)
{
	return glob_any(pl->runners, runner);
}

int
policy_path_matches(const struct policy *p, const char *path)
{
	size_t i;

	for (i = 0; p->signing_paths && p->signing_paths[i]; i++)
		if (fnmatch(p->signing_paths[i], path, 0) == 0)
			return 1;
	return 0;
}

static json_t *
strv_json(char **v)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; v && v[i]; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

json_t *
policy_to_json(const struct policy *p)
{
	json_t *root = json_object(), *a, *o;
	size_t i;

	a = json_array();
	for (i = 0; i < p->nkeys; i++) {
		o = json_object();
		if (p->keys[i].label)
			json_object_set_new(o, "label",
			    json_string(p->keys[i].label));
		json_object_set_new(o, "refs", strv_json(p->keys[i].refs));
		json_object_set_new(o, "public_keys",
		    strv_json(p->keys[i].public_keys));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "keys", a);
	a = json_array();
	for (i = 0; i < p->nsigners; i++) {
		if (p->signers[i].exact)
			json_array_append_new(a,
			    json_string(p->signers[i].exact));
		else
			json_array_append_new(a, json_pack("{s:s}", "regex",
			    p->signers[i].regex));
	}
	json_object_set_new(root, "signers", a);
	a = json_array();
	for (i = 0; i < p->npipelines; i++) {
		const struct policy_pipeline *pl = &p->pipelines[i];

		o = json_pack("{s:s}", "repo", pl->repo);
		if (pl->workflow)
			json_object_set_new(o, "workflow",
			    json_string(pl->workflow));
		json_object_set_new(o, "refs", strv_json(pl->refs));
		json_object_set_new(o, "runners", strv_json(pl->runners));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "pipelines", a);
	json_object_set_new(root, "networks", strv_json(p->networks));
	json_object_set_new(root, "signing_paths",
	    strv_json(p->signing_paths));
	json_object_set_new(root, "skew", json_integer(p->skew_s));
	return root;
}
