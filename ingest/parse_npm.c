/* SPDX-License-Identifier: MIT */
/*
 * parse_npm.c - npm registry packuments (formats.md G.3): the full
 * document GET https://registry.npmjs.org/<name> returns (Accept:
 * application/json), one document per record (a file, JSON Lines or an
 * array of documents).
 *
 * A real document (npm/cli arborist fixture, abridged):
 *   {"_id":"@angular/animation","name":"@angular/animation",
 *    "dist-tags":{"latest":"4.0.0-beta.8"},
 *    "versions":{"4.0.0-beta.8":{"name":"@angular/animation",
 *      "version":"4.0.0-beta.8","repository":{"type":"git",
 *      "url":"git+https://github.com/angular/angular.git"},
 *      "_id":"@angular/animation@4.0.0-beta.8","_npmUser":{"name":
 *      "angular","email":"angular-core+npm@google.com"},"dist":{"shasum":
 *      "9f61b4ee...","tarball":"https://registry.npmjs.org/@angular/
 *      animation/-/animation-4.0.0-beta.8.tgz","integrity":
 *      "sha512-FYElJm/G...==","signatures":[{"keyid":"SHA256:jl3bwswu...",
 *      "sig":"MEQCIF0v..."}]}}},
 *    "time":{"modified":"2022-06-13T04:17:36.417Z","created":
 *      "2017-02-22T21:28:11.263Z","4.0.0-beta.8":"2017-02-22T21:28:11.263Z"}}
 *
 * One document gives one "publish" event per version (operation
 * "npm:publish"): name -> artifact; the version -> version; time[version]
 * -> ts; "<name>@<version>" -> native_id; _npmUser.name (the account that
 * published) -> actor; dist.integrity, the strongest of its SRI hashes,
 * -> digest as "<alg>:<hex>" ("sha512-<base64>" becomes "sha512:<hex>";
 * the SRI text stays in attrs.integrity), else dist.shasum as
 * "sha1:<hex>"; gitHead -> commit_sha; repository (of the version, else of
 * the document) -> repo as "owner/name" when it is on GitHub (npm's
 * "owner/name" shorthand included).  attrs: tarball, shasum, integrity,
 * the registry signatures' key ids, the provenance attestation (url,
 * predicateType), dist-tags pointing at the version, deprecated (the
 * message), the publisher's e-mail, npm and node versions.
 *
 * Unpublished versions: a time entry without a version object is a
 * version that was published at that time and later unpublished: it gives
 * a "publish" event with attrs.unpublished true (no digest, no actor).  A
 * whole-package unpublish, time.unpublished {time, versions[], name},
 * gives one "publish.delete" per listed version (native_id
 * "<name>@<version>/unpublished", actor = name when given).
 *
 * The abbreviated document (Accept: application/vnd.npm.install-v1+json,
 * what npm install and its cache use) has no time map and no _npmUser: it
 * cannot say when or by whom anything was published, so it is counted as
 * a non-event record; fetch the full document.
 *
 * Each event's raw record is the excerpt of the document it comes from
 * ({"name", "time":{<version>}, "versions":{<version>}}), not the whole
 * packument (which can hold thousands of versions): the whole document is
 * in the evidence file, by SHA-256 and locator.  A version that cannot be
 * read (not an object, a time that is not a date) does not hide the
 * others; the document is then quarantined with the first problem, its
 * good versions stay stored.
 */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "digest.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

/*
 * The strongest hash of an SRI string ("sha512-<b64> sha1-<b64>") as
 * "<alg>:<hex>" (new), or NULL when none is usable.
 */
static char *
npm_sri(const char *sri)
{
	static const struct {
		const char	*alg;
		size_t		 len;
	} algs[] = {
		{ "sha512", 64 }, { "sha384", 48 }, { "sha256", 32 },
		{ "sha1", 20 },
	};
	const char *p, *tok, *dash;
	unsigned char *buf;
	size_t i, n, tl, got;
	char *d;

	if (sri == NULL)
		return NULL;
	for (i = 0; i < sizeof(algs) / sizeof(algs[0]); i++) {
		for (p = sri; *p; p = tok + tl) {
			tok = p + strspn(p, " \t\r\n");
			tl = strcspn(tok, " \t\r\n");
			if (tl == 0)
				break;
			dash = memchr(tok, '-', tl);
			if (dash == NULL ||
			    (size_t)(dash - tok) != strlen(algs[i].alg) ||
			    strncmp(tok, algs[i].alg, (size_t)(dash - tok)))
				continue;
			n = tl - (size_t)(dash + 1 - tok);
			/* options after '?' are not part of the hash */
			if (memchr(dash + 1, '?', n))
				n = (size_t)((const char *)memchr(dash + 1, '?',
				    n) - (dash + 1));
			/* any number of '=' at the end, as npm itself takes */
			while (n > 0 && dash[n] == '=')
				n--;
			buf = b64_decode(dash + 1, n, &got);
			if (buf && got == algs[i].len) {
				d = digest_bytes(algs[i].alg, buf, got);
				free(buf);
				return d;
			}
			free(buf);
		}
	}
	return NULL;
}

/*
 * The GitHub repository a package.json "repository" names, as
 * "owner/name": git+https://github.com/o/r.git, git://github.com/o/r,
 * git@github.com:o/r.git, github:o/r, or npm's shorthand "o/r".
 */
static char *
npm_github(const char *url)
{
	const char *h;

	if (url == NULL)
		return NULL;
	if (strncmp(url, "github:", 7) == 0)
		return github_owner_name(url + 7);
	if (strchr(url, ':') == NULL && strchr(url, '@') == NULL &&
	    url[0] != '/' && url[0] != '.')
		return github_owner_name(url);
	for (h = strstr(url, "github.com"); h; h = strstr(h + 1,
	    "github.com")) {
		if (h != url && !strchr("/@.", h[-1]))
			continue;
		if (h[10] == '/' || h[10] == ':')
			return github_owner_name(h + 11);
	}
	return NULL;
}

static const char *
npm_repo_url(const json_t *v)
{
	const json_t *r = json_object_get(v, "repository");

	if (json_is_string(r))
		return json_string_value(r);
	return jstr(r, "url");
}

/* The dist-tags that point at version, as an array (or NULL). */
static json_t *
npm_tags_of(const json_t *tags, const char *version)
{
	const char *k;
	json_t *v, *out = NULL;

	json_object_foreach((json_t *)tags, k, v) {
		if (json_is_string(v) && strcmp(json_string_value(v),
		    version) == 0) {
			if (out == NULL)
				out = json_array();
			json_array_append_new(out, json_string(k));
		}
	}
	return out;
}

/* The document's excerpt for one version (new). */
static json_t *
npm_excerpt(const char *name, const char *version, const json_t *t,
    const json_t *vobj)
{
	json_t *x = json_object(), *o;

	json_object_set_new(x, "name", json_string(name));
	if (t) {
		o = json_object();
		json_object_set(o, version, (json_t *)t);
		json_object_set_new(x, "time", o);
	}
	if (vobj) {
		o = json_object();
		json_object_set(o, version, (json_t *)vobj);
		json_object_set_new(x, "versions", o);
	}
	return x;
}

/* ts from a time text; -1 with a message naming the version. */
static int
npm_time(const json_t *t, const char *what, struct event *ev,
    struct diag *d)
{
	const char *s = json_string_value(t);
	struct diag why;

	if (s == NULL)
		return diag_set(d, "%s is not a string", what);
	diag_clear(&why);
	if (ts_parse_iso(s, strlen(s), &ev->ts_us, &ev->ts_flags, &why) < 0)
		return diag_set(d, "bad %s '%s': %s", what, s, why.msg);
	event_set(&ev->ts_raw, s);
	return 0;
}

/* One version object: fills ev (after ts). */
static void
npm_version(const json_t *doc, const char *version,
    const json_t *vobj, struct event *ev)
{
	const json_t *dist = jobj(vobj, "dist"), *sigs, *s;
	const char *integ = jstr(dist, "integrity");
	const char *sha1 = jstr(dist, "shasum"), *head = jstr(vobj, "gitHead");
	const char *url = npm_repo_url(vobj);
	char *repo, *digest;
	json_t *keyids = NULL, *tags;
	size_t i;

	event_set(&ev->actor, jpath_str(vobj, "_npmUser.name"));
	digest = npm_sri(integ);
	if (digest == NULL && sha1 && strlen(sha1) == 40)
		digest = digest_hex("sha1", sha1, 40);
	ev->digest = digest;
	if (head && strlen(head) == 40 && is_hex(head, 40)) {
		ev->commit_sha = ascii_lower(xstrdup(head));
	} else if (head) {
		event_attr_str(ev, "git_head", head);
	}
	repo = npm_github(url ? url : npm_repo_url(doc));
	ev->repo = repo;
	event_attr_str(ev, "repository_url", url ? url : npm_repo_url(doc));
	event_attr_str(ev, "tarball", jstr(dist, "tarball"));
	event_attr_str(ev, "integrity", integ);
	event_attr_str(ev, "shasum", sha1);
	event_attr_int(ev, "file_count", json_object_get(dist, "fileCount"));
	event_attr_int(ev, "unpacked_size", json_object_get(dist,
	    "unpackedSize"));
	sigs = json_object_get(dist, "signatures");
	json_array_foreach(sigs, i, s) {
		if (jstr(s, "keyid") == NULL)
			continue;
		if (keyids == NULL)
			keyids = json_array();
		json_array_append_new(keyids, json_string(jstr(s, "keyid")));
	}
	event_attr(ev, "registry_signature_keyids", keyids);
	event_attr_str(ev, "provenance_url", jpath_str(dist,
	    "attestations.url"));
	event_attr_str(ev, "provenance_predicate", jpath_str(dist,
	    "attestations.provenance.predicateType"));
	tags = npm_tags_of(jobj(doc, "dist-tags"), version);
	event_attr(ev, "dist_tags", tags);
	if (json_is_string(json_object_get(vobj, "deprecated")))
		event_attr_str(ev, "deprecated", jstr(vobj, "deprecated"));
	event_attr_str(ev, "npm_user_email", jpath_str(vobj,
	    "_npmUser.email"));
	event_attr_str(ev, "npm_version", jstr(vobj, "_npmVersion"));
	event_attr_str(ev, "node_version", jstr(vobj, "_nodeVersion"));
	if (json_is_true(json_object_get(vobj, "hasInstallScript")))
		event_attr(ev, "has_install_script", json_true());
}

static void
npm_common(struct event *ev, const char *name, const char *version,
    const char *action)
{
	ev->source = "npm";
	ev->action = action;
	ev->operation = xstrdup(strcmp(action, "publish") == 0 ?
	    "npm:publish" : "npm:unpublish");
	event_set(&ev->artifact, name);
	event_set(&ev->version, version);
}

static enum parse_rc
npm_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *versions, *time, *vobj, *t, *unp, *uv;
	const char *name, *version;
	struct diag first, why;
	enum parse_rc rc;
	int bad = 0, emitted = 0;
	char what[160];
	size_t i;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	name = jstr(rec, "name");
	if (name == NULL)
		name = jstr(rec, "_id");
	if (name == NULL)
		return diag_set(d, "packument has no name");
	versions = json_object_get(rec, "versions");
	time = json_object_get(rec, "time");
	if (versions && !json_is_object(versions))
		return diag_set(d, "versions is not an object");
	if (time && !json_is_object(time))
		return diag_set(d, "time is not an object");
	if (time == NULL)
		return PARSE_NONEVENT;	/* abbreviated document */
	diag_clear(&first);
	json_object_foreach((json_t *)versions, version, vobj) {
		event_reset_keep_raw(ev);
		diag_clear(&why);
		snprintf(what, sizeof(what), "time[\"%.100s\"]", version);
		t = json_object_get(time, version);
		if (!json_is_object(vobj))
			diag_set(&why, "versions[\"%.100s\"] is not an object",
			    version);
		else if (t)
			(void)npm_time(t, what, ev, &why);
		if (why.msg[0]) {
			if (!bad++)
				first = why;
			continue;
		}
		npm_common(ev, name, version, "publish");
		ev->native_id = xasprintf("%s@%s", name, version);
		if (t == NULL)
			event_attr(ev, "time_missing", json_true());
		npm_version(rec, version, vobj, ev);
		rc = parse_emit_excerpt(pc, ev, npm_excerpt(name, version, t,
		    vobj));
		if (rc == PARSE_FATAL)
			return rc;
		emitted++;
	}
	/* published, then unpublished: a time without a version */
	json_object_foreach((json_t *)time, version, t) {
		if (strcmp(version, "created") == 0 ||
		    strcmp(version, "modified") == 0 ||
		    strcmp(version, "unpublished") == 0 ||
		    json_object_get(versions, version))
			continue;
		event_reset_keep_raw(ev);
		snprintf(what, sizeof(what), "time[\"%.100s\"]", version);
		diag_clear(&why);
		if (npm_time(t, what, ev, &why) < 0) {
			if (!bad++)
				first = why;
			continue;
		}
		npm_common(ev, name, version, "publish");
		ev->native_id = xasprintf("%s@%s", name, version);
		event_attr(ev, "unpublished", json_true());
		rc = parse_emit_excerpt(pc, ev, npm_excerpt(name, version, t,
		    NULL));
		if (rc == PARSE_FATAL)
			return rc;
		emitted++;
	}
	/* the whole package unpublished */
	unp = json_object_get(time, "unpublished");
	if (unp && !json_is_object(unp)) {
		if (!bad++)
			diag_set(&first, "time.unpublished is not an object");
	} else if (unp) {
		json_array_foreach(json_object_get(unp, "versions"), i, uv) {
			if (!json_is_string(uv))
				continue;
			version = json_string_value(uv);
			event_reset_keep_raw(ev);
			diag_clear(&why);
			if (npm_time(json_object_get(unp, "time"),
			    "time.unpublished.time", ev, &why) < 0) {
				if (!bad++)
					first = why;
				break;
			}
			npm_common(ev, name, version, "publish.delete");
			ev->native_id = xasprintf("%s@%s/unpublished", name,
			    version);
			event_set(&ev->actor, jstr(unp, "name"));
			rc = parse_emit_excerpt(pc, ev, npm_excerpt(name,
			    "unpublished", unp, NULL));
			if (rc == PARSE_FATAL)
				return rc;
			emitted++;
		}
	}
	if (bad) {
		*d = first;
		return PARSE_ERR;
	}
	return emitted ? PARSE_OK : PARSE_NONEVENT;
}

static int
npm_probe(const char *head, size_t len, const char *name)
{
	if (!memmem(head, len, "\"dist-tags\"", 11) ||
	    !memmem(head, len, "\"versions\"", 10))
		return 0;
	if (memmem(head, len, "\"time\"", 6) ||
	    memmem(head, len, "\"_rev\"", 6) ||
	    memmem(head, len, "\"maintainers\"", 13))
		return 95;
	return 90;	/* abbreviated, or the time map beyond 64 KiB */
}

const struct parser parser_npm = {
	.name = "npm",
	.desc = "npm registry packuments (full document of a package: "
	    "every version's publish time, publisher and tarball digests)",
	.howto = "curl -s https://registry.npmjs.org/<name> (scoped: "
	    "@scope%2fname; the full document, not the install-v1 one) "
	    "> <name>.packument.json",
	.kind = INPUT_JSON,
	.probe = npm_probe,
	.parse_json = npm_parse_json,
};
