/* SPDX-License-Identifier: MIT */
/*
 * parse_pypi.c - PyPI release files (formats.md G.4), from
 *   - the JSON API: GET https://pypi.org/pypi/<project>/json ({info,
 *     last_serial, releases{<version>:[file,...]}, urls[file,...], ...})
 *     or /pypi/<project>/<version>/json (urls only, no releases);
 *   - the JSON Simple API: GET https://pypi.org/simple/<project>/ with
 *     Accept: application/vnd.pypi.simple.v1+json ({meta{api-version},
 *     name, files[{filename, hashes{sha256}, upload-time, yanked, size}],
 *     versions[]}).
 * One document per record (a file, JSON Lines or an array of documents).
 *
 * A real file entry (aboutcode-org/fetchcode fixture, asgiref 3.11.0):
 *   {"comment_text":null,"digests":{"blake2b_256":"91be317c...","md5":
 *    "659fe6bb...","sha256":"1db9021e...846d"},"downloads":-1,
 *    "filename":"asgiref-3.11.0-py3-none-any.whl","has_sig":false,
 *    "md5_digest":"659fe6bb...","packagetype":"bdist_wheel",
 *    "python_version":"py3","requires_python":">=3.9","size":24096,
 *    "upload_time":"2025-11-19T15:32:19","upload_time_iso_8601":
 *    "2025-11-19T15:32:19.004742Z","url":"https://files.pythonhosted.org/
 *    packages/.../asgiref-3.11.0-py3-none-any.whl","yanked":false,
 *    "yanked_reason":null}
 *
 * Each file is one "publish" event (operation "pypi:upload"): info.name
 * -> artifact; the releases key (info.version for urls[]) -> version; the
 * filename (unique on PyPI forever) -> native_id; digests.sha256 ->
 * digest "sha256:<hex>"; upload_time_iso_8601 -> ts (else upload_time,
 * which has no zone: UTC, flag assumed-utc; Simple API: upload-time);
 * the project's source repository (project_urls "Source", "Repository",
 * "Code", "Source Code", "GitHub", then "Homepage", then home_page) ->
 * repo as "owner/name" when it is on GitHub.  attrs: filename,
 * packagetype, python_version, requires_python, size, md5, blake2b_256,
 * url, yanked and yanked_reason (a yanked file is still a publish),
 * last_serial.  The JSON API does not name the uploader: actor stays
 * empty (Trusted Publishing provenance lives in the Integrity API, not
 * read here).  The Simple API gives no version per file: it is taken from
 * the file name (wheel/egg: the second '-' field; sdist: after the last
 * '-'), attrs.version_from = "filename".
 *
 * urls[] repeats the latest version's files: a file already seen under
 * releases is not emitted twice.  Versions with no files (deleted) give
 * nothing; a document without any file is a non-event record.  Each
 * event's raw record is the excerpt {"info":{"name","version"},
 * "releases":{<version>:[file]}} (Simple API: {"name","files":[file]}):
 * a project document can list hundreds of files.  A file entry that
 * cannot be read (no filename, a bad time) does not hide the others; the
 * document is then quarantined with the first problem.
 */
#include <stdlib.h>
#include <string.h>

#include "digest.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

struct py_doc {
	const json_t	*doc;
	const char	*name;
	char		*repo;
	int		 simple;	/* JSON Simple API */
	int		 bad, emitted;
	struct diag	 first;
};

/* "https://github.com/o/r[.git][/...]" -> "o/r" (new), or NULL. */
static char *
py_github(const char *url)
{
	const char *p;

	if (url == NULL)
		return NULL;
	if (strncmp(url, "https://", 8) == 0)
		p = url + 8;
	else if (strncmp(url, "http://", 7) == 0)
		p = url + 7;
	else
		return NULL;
	if (strncmp(p, "www.", 4) == 0)
		p += 4;
	if (strncmp(p, "github.com/", 11) != 0)
		return NULL;
	return github_owner_name(p + 11);
}

/* The GitHub repository the project's metadata points at (new). */
static char *
py_repo(const json_t *info)
{
	static const char *const keys[] = {
		"source", "source code", "repository", "code", "github",
		"homepage", "home", NULL
	};
	const json_t *urls = jobj(info, "project_urls"), *v;
	const char *k;
	char *r;
	size_t i;

	for (i = 0; keys[i]; i++) {
		json_object_foreach((json_t *)urls, k, v) {
			if (strcasecmp(k, keys[i]) == 0 &&
			    (r = py_github(json_string_value(v))) != NULL)
				return r;
		}
	}
	return py_github(jstr(info, "home_page"));
}

/* The version in a distribution's file name (new), or NULL. */
static char *
py_version_of(const char *fn)
{
	static const char *const sdist[] = {
		".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".zip", ".tar",
		NULL
	};
	const char *d1, *d2, *dash;
	size_t n = strlen(fn), e, i;

	if ((n > 4 && strcmp(fn + n - 4, ".whl") == 0) ||
	    (n > 4 && strcmp(fn + n - 4, ".egg") == 0)) {
		d1 = strchr(fn, '-');
		if (d1 == NULL)
			return NULL;
		d2 = strchr(d1 + 1, '-');
		if (d2 == NULL)
			d2 = fn + n - 4;
		return d2 > d1 + 1 ? xstrndup(d1 + 1, (size_t)(d2 - d1 - 1)) :
		    NULL;
	}
	for (i = 0; sdist[i]; i++) {
		e = strlen(sdist[i]);
		if (n > e && strcmp(fn + n - e, sdist[i]) == 0)
			break;
	}
	if (sdist[i] == NULL)
		return NULL;
	n -= e;
	dash = NULL;
	for (i = 0; i < n; i++)
		if (fn[i] == '-')
			dash = fn + i;
	if (dash == NULL || (size_t)(dash - fn) + 1 >= n)
		return NULL;
	return xstrndup(dash + 1, n - (size_t)(dash - fn) - 1);
}

static void
py_fail(struct py_doc *pd, struct diag *why)
{
	if (!pd->bad++)
		pd->first = *why;
}

/* The raw excerpt for one file (new). */
static json_t *
py_excerpt(const struct py_doc *pd, const char *version, const json_t *f)
{
	json_t *x = json_object(), *info, *rel, *arr = json_array();

	json_array_append(arr, (json_t *)f);
	if (pd->simple) {
		json_object_set_new(x, "name", json_string(pd->name));
		json_object_set_new(x, "files", arr);
		return x;
	}
	info = json_object();
	json_object_set_new(info, "name", json_string(pd->name));
	if (jpath_str(pd->doc, "info.version"))
		json_object_set_new(info, "version", json_string(jpath_str(
		    pd->doc, "info.version")));
	json_object_set_new(x, "info", info);
	rel = json_object();
	json_object_set_new(rel, version ? version : "", arr);
	json_object_set_new(x, "releases", rel);
	return x;
}

/*
 * One file entry: fills and emits ev.  where names it in messages.
 * Returns PARSE_OK, PARSE_ERR (noted in pd) or PARSE_FATAL.
 */
static enum parse_rc
py_file(struct py_doc *pd, const char *version, const json_t *f,
    const char *where, struct parse_ctx *pc, struct event *ev)
{
	const char *fn, *t, *sha, *tfield;
	const json_t *yanked;
	char *ver = NULL;
	struct diag why;
	enum parse_rc rc;

	event_reset_keep_raw(ev);
	diag_clear(&why);
	if (!json_is_object(f)) {
		diag_set(&why, "%s is not an object", where);
		py_fail(pd, &why);
		return PARSE_ERR;
	}
	fn = jstr(f, "filename");
	if (fn == NULL) {
		diag_set(&why, "%s has no filename", where);
		py_fail(pd, &why);
		return PARSE_ERR;
	}
	tfield = pd->simple ? "upload-time" : "upload_time_iso_8601";
	t = jstr(f, tfield);
	if (t == NULL && !pd->simple) {
		tfield = "upload_time";
		t = jstr(f, tfield);
	}
	if (t && ts_parse_iso(t, strlen(t), &ev->ts_us, &ev->ts_flags,
	    &why) < 0) {
		char msg[sizeof(why.msg)];

		memcpy(msg, why.msg, sizeof(msg));
		diag_set(&why, "%s (%s): bad %s '%s': %s", where, fn, tfield,
		    t, msg);
		py_fail(pd, &why);
		return PARSE_ERR;
	}
	event_set(&ev->ts_raw, t);
	ev->source = "pypi";
	ev->action = "publish";
	ev->operation = xstrdup("pypi:upload");
	event_set(&ev->artifact, pd->name);
	if (version == NULL) {
		ver = py_version_of(fn);
		event_attr_str(ev, "version_from", ver ? "filename" : NULL);
		version = ver;
	}
	event_set(&ev->version, version);
	event_set(&ev->native_id, fn);
	event_set(&ev->repo, pd->repo);
	sha = pd->simple ? jpath_str(f, "hashes.sha256") :
	    jpath_str(f, "digests.sha256");
	if (sha && strlen(sha) == 64)
		ev->digest = digest_hex("sha256", sha, 64);
	if (sha && ev->digest == NULL)
		event_attr_str(ev, "sha256_raw", sha);
	event_attr_str(ev, "filename", fn);
	event_attr_str(ev, "packagetype", jstr(f, "packagetype"));
	event_attr_str(ev, "python_version", jstr(f, "python_version"));
	event_attr_str(ev, "requires_python", jstr(f, pd->simple ?
	    "requires-python" : "requires_python"));
	event_attr_int(ev, "size", json_object_get(f, "size"));
	event_attr_str(ev, "md5", pd->simple ? jpath_str(f, "hashes.md5") :
	    jpath_str(f, "digests.md5"));
	event_attr_str(ev, "blake2b_256", jpath_str(f, "digests.blake2b_256"));
	event_attr_str(ev, "url", jstr(f, "url"));
	yanked = json_object_get(f, "yanked");
	if (json_is_true(yanked) || json_is_string(yanked)) {
		/* Simple API: the reason string itself means yanked */
		event_attr(ev, "yanked", json_true());
		event_attr_str(ev, "yanked_reason", json_is_string(yanked) ?
		    json_string_value(yanked) : jstr(f, "yanked_reason"));
	}
	event_attr_int(ev, "last_serial", json_object_get(pd->doc,
	    "last_serial"));
	rc = parse_emit_excerpt(pc, ev, py_excerpt(pd, version, f));
	free(ver);
	if (rc == PARSE_FATAL)
		return PARSE_FATAL;
	pd->emitted++;
	return PARSE_OK;
}

/* Whether filename fn appears in releases (urls[] repeats them). */
static int
py_in_releases(const json_t *releases, const char *fn)
{
	const char *k;
	const json_t *files, *f;
	size_t i;

	if (fn == NULL)
		return 0;
	json_object_foreach((json_t *)releases, k, files) {
		json_array_foreach(files, i, f) {
			const char *g = jstr(f, "filename");

			if (g && strcmp(g, fn) == 0)
				return 1;
		}
	}
	return 0;
}

static enum parse_rc
py_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *info, *releases, *urls, *files, *f;
	const char *version;
	struct py_doc pd;
	struct diag why;
	char where[160];
	enum parse_rc rc = PARSE_OK;
	size_t i;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	memset(&pd, 0, sizeof(pd));
	pd.doc = rec;
	info = json_object_get(rec, "info");
	if (info == NULL && json_is_array(json_object_get(rec, "files"))) {
		pd.simple = 1;
		pd.name = jstr(rec, "name");
		if (pd.name == NULL)
			return diag_set(d, "Simple API document has no name");
		json_array_foreach(json_object_get(rec, "files"), i, f) {
			snprintf(where, sizeof(where), "files[%zu]", i);
			rc = py_file(&pd, NULL, f, where, pc, ev);
			if (rc == PARSE_FATAL)
				return rc;
		}
		goto out;
	}
	if (!json_is_object(info))
		return diag_set(d, info ? "info is not an object" :
		    "record has no info object (not a PyPI JSON API "
		    "document)");
	pd.name = jstr(info, "name");
	if (pd.name == NULL)
		return diag_set(d, "info.name missing");
	releases = json_object_get(rec, "releases");
	urls = json_object_get(rec, "urls");
	if (releases && !json_is_object(releases))
		return diag_set(d, "releases is not an object");
	if (urls && !json_is_array(urls))
		return diag_set(d, "urls is not an array");
	pd.repo = py_repo(info);
	json_object_foreach((json_t *)releases, version, files) {
		if (!json_is_array(files)) {
			diag_clear(&why);
			diag_set(&why, "releases[\"%.100s\"] is not an array",
			    version);
			py_fail(&pd, &why);
			continue;
		}
		json_array_foreach(files, i, f) {
			snprintf(where, sizeof(where), "releases[\"%.100s\"]"
			    "[%zu]", version, i);
			rc = py_file(&pd, version, f, where, pc, ev);
			if (rc == PARSE_FATAL)
				goto fatal;
		}
	}
	json_array_foreach(urls, i, f) {
		if (py_in_releases(releases, jstr(f, "filename")))
			continue;
		snprintf(where, sizeof(where), "urls[%zu]", i);
		rc = py_file(&pd, jstr(info, "version"), f, where, pc, ev);
		if (rc == PARSE_FATAL)
			goto fatal;
	}
out:
	free(pd.repo);
	if (pd.bad) {
		*d = pd.first;
		return PARSE_ERR;
	}
	return pd.emitted ? PARSE_OK : PARSE_NONEVENT;
fatal:
	free(pd.repo);
	return PARSE_FATAL;
}

static int
py_probe(const char *head, size_t len, const char *name)
{
	/*
	 * info's keys come sorted, so a long description can push
	 * releases, urls and last_serial past the probe's 64 KiB; the
	 * keys before it (bugtrack_url, always there, null since 2018)
	 * are PyPI's own.
	 */
	if (memmem(head, len, "\"info\"", 6) &&
	    memmem(head, len, "\"bugtrack_url\"", 14) &&
	    memmem(head, len, "\"classifiers\"", 13))
		return 90;
	if (memmem(head, len, "\"info\"", 6) &&
	    (memmem(head, len, "\"releases\"", 10) ||
	    memmem(head, len, "\"urls\"", 6)) &&
	    (memmem(head, len, "\"upload_time", 12) ||
	    memmem(head, len, "\"last_serial\"", 13) ||
	    memmem(head, len, "\"package_url\"", 13)))
		return 90;
	if (memmem(head, len, "\"meta\"", 6) &&
	    memmem(head, len, "\"api-version\"", 13) &&
	    memmem(head, len, "\"files\"", 7))
		return 90;
	return 0;
}

const struct parser parser_pypi = {
	.name = "pypi",
	.desc = "PyPI JSON API project/release documents and JSON Simple "
	    "API pages: every distribution file's upload time and SHA-256",
	.howto = "curl -s https://pypi.org/pypi/<project>/json > "
	    "<project>.json (or the Simple API: curl -sH 'Accept: "
	    "application/vnd.pypi.simple.v1+json' "
	    "https://pypi.org/simple/<project>/)",
	.kind = INPUT_JSON,
	.probe = py_probe,
	.parse_json = py_parse_json,
};
