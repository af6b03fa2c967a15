/* SPDX-License-Identifier: MIT */
/*
 * parse_artifactory.c - JFrog Artifactory deploys from its server logs
 * (formats.md G.6), one line per record:
 *   - artifactory-request.log, 7.x: "Timestamp|Trace ID|Remote Address|
 *     Username|Request method|Request URL|Return Status|Request Content
 *     Length|Response Content Length|Request Duration|Request User Agent",
 *     e.g.
 *       2026-01-10T12:04:58.120Z|7c1d2e3f4a5b6c7d|203.0.113.40|ci-deployer|
 *       PUT|/libs-release-local/com/acme/widget/2.4.0/widget-2.4.0.jar|
 *       201|7340032|0|812|Apache-Maven/3.9.6
 *     and 6.x request.log: "yyyyMMddHHmmss|duration|REQUEST|ip|user|
 *     method|url|protocol|status|size" (server local time, no zone);
 *   - artifactory-access.log: "2026-01-10 12:04:58,120 [<trace>]
 *     [ACCEPTED DEPLOY] libs-release-local:com/acme/.../widget-2.4.0.jar
 *     for client : ci-deployer / 203.0.113.40." (6.x: no trace, "for
 *     ci-deployer/203.0.113.40."); read tolerantly from "[ACCEPTED " or
 *     "[DENIED " on.  Its time has no zone: flag assumed-utc.
 *
 * Why the logs and not the Platform Webhooks: the webhook payloads carry
 * the artifact's sha256 but no event time, the receiver may be down, and
 * they exist only if someone subscribed beforehand; the request and
 * access logs are written by the server for every request, with time,
 * user, client address (and user agent).  They carry no checksum, so
 * these events have no digest: join them on repository path, name and
 * time; the checksum of a deployed file is in Artifactory's storage
 * (GET /api/storage/<repo>/<path>).
 *
 * Scope: a deploy (PUT of a file into a repository; access-log DEPLOY) is
 * "publish"; a DELETE (access-log DELETE) is "publish.delete"; a deploy
 * of a detached signature (".asc", ".sig", ".sigstore", ".sigstore.json")
 * or a Docker manifest whose tag is cosign's "sha256-<hex>.sig"/".att" is
 * "publish.signature".  Refused requests keep their action with outcome
 * failure (status 4xx/5xx as error_code, or "DENIED").  Checksum side
 * files (.md5, .sha1, .sha256, .sha512) and maven-metadata.xml, reads,
 * blob uploads, other REST calls and other access-log actions are out of
 * scope.
 *
 * Mapping: time -> ts; user -> actor; address -> src_ip; user agent ->
 * user_agent; "artifactory:<METHOD>" or "artifactory:<ACTION>" ->
 * operation; the file name (Docker: the image, npm: the package) ->
 * artifact; the version from a Maven layout (".../<artifactId>/<version>/
 * <artifactId>-<version>...") or an npm tarball path, or the Docker tag ->
 * version; repository key, path, status, trace id, sizes and duration ->
 * attrs.  native_id "<trace id>:<deploy|delete>:<repo>/<path>": the
 * request log and the access log line of the same request share it and
 * are stored once (lines without a trace id are identified by their
 * bytes).
 */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "digest.h"
#include "event.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define AF_MAXF 12

/* One parsed line, before it becomes an event. */
struct af_line {
	const char	*log;		/* "request" or "access" */
	const char	*verb;		/* PUT, ..., or DEPLOY, ... */
	int		 deploy, remove, denied;
	char		*trace, *ip, *user, *ua;
	char		*repo_key, *path;	/* path inside the repo */
	long		 status;	/* request log; 0 if none */
	char		*req_len, *resp_len, *duration;
};

static void
af_line_free(struct af_line *l)
{
	free(l->trace);
	free(l->ip);
	free(l->user);
	free(l->ua);
	free(l->repo_key);
	free(l->path);
	free(l->req_len);
	free(l->resp_len);
	free(l->duration);
}

static int
af_ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/*
 * Splits the request URL into repository key and path: "/artifactory"
 * (the context path) and a query are dropped.
 */
static void
af_split_url(const char *url, size_t n, struct af_line *l)
{
	const char *q = memchr(url, '?', n), *slash;
	char *u;

	if (q)
		n = (size_t)(q - url);
	u = pct_decode(url, n);
	q = u;
	if (strncmp(q, "/artifactory/", 13) == 0)
		q += 12;
	while (*q == '/')
		q++;
	slash = strchr(q, '/');
	if (slash) {
		l->repo_key = xstrndup(q, (size_t)(slash - q));
		l->path = xstrdup(slash + 1);
	} else {
		l->repo_key = xstrdup(q);
		l->path = xstrdup("");
	}
	free(u);
}

/* s[0..n) as a new string with blanks trimmed. */
static char *
af_field(const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return xstrndup(s, n);
}

static int
af_num(const char *s, size_t n, long *v)
{
	size_t i;

	*v = 0;
	if (n == 0 || n > 9)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* "yyyyMMddHHmmss" (6.x request log). */
static int
af_compact_time(const char *s, size_t n, int64_t *us)
{
	long y, mo, d, h, mi, se;

	if (n != 14 || af_num(s, 4, &y) < 0 || af_num(s + 4, 2, &mo) < 0 ||
	    af_num(s + 6, 2, &d) < 0 || af_num(s + 8, 2, &h) < 0 ||
	    af_num(s + 10, 2, &mi) < 0 || af_num(s + 12, 2, &se) < 0)
		return -1;
	return ts_from_civil((int)y, (int)mo, (int)d, (int)h, (int)mi,
	    (int)se, 0, us);
}

/*
 * A request-log line.  Returns 1 when it is one (filled or with an
 * error in d), 0 when it is not shaped like one.
 */
static int
af_request(const char *rec, size_t len, struct af_line *l, struct event *ev,
    struct diag *d, int *err)
{
	const char *f[AF_MAXF];
	size_t fl[AF_MAXF], nf = 0, i, start = 0;
	struct diag why;
	char *t;

	for (i = 0; i <= len && nf < AF_MAXF; i++) {
		if (i == len || rec[i] == '|') {
			/* the user agent (last field) may contain '|' */
			if (nf == 10 && i < len)
				continue;
			f[nf] = rec + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	}
	if (nf == 11 && fl[0] >= 20 && rec[4] == '-' && rec[10] == 'T') {
		/* 7.x */
		t = xstrndup(f[0], fl[0]);
		diag_clear(&why);
		if (ts_parse_iso(t, fl[0], &ev->ts_us, &ev->ts_flags,
		    &why) < 0) {
			*err = diag_set(d, "bad timestamp '%s': %s", t,
			    why.msg);
			free(t);
			return 1;
		}
		ev->ts_raw = t;
		l->trace = af_field(f[1], fl[1]);
		l->ip = af_field(f[2], fl[2]);
		l->user = af_field(f[3], fl[3]);
		l->verb = NULL;
		af_split_url(f[5], fl[5], l);
		l->req_len = af_field(f[7], fl[7]);
		l->resp_len = af_field(f[8], fl[8]);
		l->duration = af_field(f[9], fl[9]);
		l->ua = af_field(f[10], fl[10]);
		if (af_num(f[6], fl[6], &l->status) < 0) {
			*err = diag_set(d, "bad return status '%.*s'",
			    (int)(fl[6] > 16 ? 16 : fl[6]), f[6]);
			return 1;
		}
		ev->operation = xasprintf("artifactory:%.*s", (int)(fl[4] > 16 ?
		    16 : fl[4]), f[4]);
	} else if (nf >= 10 && fl[0] == 14 && fl[2] == 7 &&
	    memcmp(f[2], "REQUEST", 7) == 0) {
		/*
		 * 6.x: yyyyMMddHHmmss|ms|REQUEST|ip|user|method|url|
		 * protocol|status|size
		 */
		if (af_compact_time(f[0], fl[0], &ev->ts_us) < 0) {
			*err = diag_set(d, "bad timestamp '%.14s'", f[0]);
			return 1;
		}
		ev->ts_flags = TS_COARSE | TS_ASSUMED_UTC;
		ev->ts_raw = xstrndup(f[0], fl[0]);
		l->duration = af_field(f[1], fl[1]);
		l->ip = af_field(f[3], fl[3]);
		l->user = af_field(f[4], fl[4]);
		af_split_url(f[6], fl[6], l);
		if (af_num(f[8], fl[8], &l->status) < 0) {
			*err = diag_set(d, "bad return status '%.*s'",
			    (int)(fl[8] > 16 ? 16 : fl[8]), f[8]);
			return 1;
		}
		/* with a '|' in the URL the size may be lost: not needed */
		l->resp_len = af_field(f[9], fl[9]);
		ev->operation = xasprintf("artifactory:%.*s", (int)(fl[5] > 16 ?
		    16 : fl[5]), f[5]);
	} else {
		return 0;
	}
	l->log = "request";
	l->verb = ev->operation + 12;
	l->deploy = strcmp(l->verb, "PUT") == 0;
	l->remove = strcmp(l->verb, "DELETE") == 0;
	l->denied = l->status >= 400;
	return 1;
}

/* An access-log line; same contract as af_request(). */
static int
af_access(const char *rec, size_t len, struct af_line *l, struct event *ev,
    struct diag *d, int *err)
{
	const char *p, *e, *br, *act, *tgt, *forp, *who, *end = rec + len;
	struct diag why;
	char *t;
	size_t n;

	p = memmem(rec, len, "[ACCEPTED ", 10);
	if (p == NULL)
		p = memmem(rec, len, "[DENIED ", 8);
	if (p == NULL || p - rec < 19 || rec[4] != '-' || rec[13] != ':')
		return 0;
	/* the time: up to the first " [" (at the latest the one at p) */
	br = memmem(rec, (size_t)(p - rec) + 1, " [", 2);
	if (br == NULL)
		return 0;
	n = (size_t)(br - rec);
	t = xstrndup(rec, n);
	diag_clear(&why);
	if (ts_parse_any(t, n, &ev->ts_us, &ev->ts_flags, &why) < 0) {
		*err = diag_set(d, "bad timestamp '%s': %s", t, why.msg);
		free(t);
		return 1;
	}
	ev->ts_raw = t;
	if (br + 1 != p) {		/* "[<trace id>] " */
		e = memchr(br + 2, ']', (size_t)(p - br - 2));
		if (e)
			l->trace = af_field(br + 2, (size_t)(e - br - 2));
	}
	l->denied = p[1] == 'D';
	act = p + (l->denied ? 8 : 10);
	e = memchr(act, ']', (size_t)(end - act));
	if (e == NULL) {
		*err = diag_set(d, "access-log line without ']' after the "
		    "action");
		return 1;
	}
	ev->operation = xasprintf("artifactory:%.*s", (int)(e - act > 32 ?
	    32 : e - act), act);
	l->verb = ev->operation + 12;
	l->deploy = strcmp(l->verb, "DEPLOY") == 0;
	l->remove = strcmp(l->verb, "DELETE") == 0;
	/* " for " may follow the action at once (LOGIN has no target) */
	forp = memmem(e + 1, (size_t)(end - e - 1), " for ", 5);
	tgt = e + 1;
	while (tgt < end && *tgt == ' ')
		tgt++;
	if (forp && tgt > forp)
		tgt = forp;
	if (forp == NULL) {
		forp = end;
	} else {
		/* "client : user / ip." or "user/ip." */
		who = forp + 5;
		if (end - who > 9 && memcmp(who, "client : ", 9) == 0)
			who += 9;
		e = end;
		if (e > who && e[-1] == '.')
			e--;
		p = NULL;
		for (br = who; br < e; br++)
			if (*br == '/')
				p = br;
		if (p) {
			l->user = af_field(who, (size_t)(p - who));
			l->ip = af_field(p + 1, (size_t)(e - p - 1));
		} else {
			l->user = af_field(who, (size_t)(e - who));
		}
	}
	/* "repo:path" */
	e = memchr(tgt, ':', (size_t)(forp - tgt));
	if (e) {
		l->repo_key = af_field(tgt, (size_t)(e - tgt));
		l->path = af_field(e + 1, (size_t)(forp - e - 1));
	} else {
		l->repo_key = af_field(tgt, (size_t)(forp - tgt));
		l->path = xstrdup("");
	}
	l->log = "access";
	return 1;
}

/* The last path segment (borrowed). */
static const char *
af_base(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/*
 * artifact and version from the path; returns the action for a deploy
 * (NULL: out of scope).
 */
static const char *
af_classify(const struct af_line *l, struct event *ev)
{
	static const char *const side[] = {
		".md5", ".sha1", ".sha256", ".sha512", "maven-metadata.xml",
		NULL
	};
	static const char *const sig[] = {
		".asc", ".sig", ".sigstore", ".sigstore.json", NULL
	};
	const char *path = l->path, *base, *m, *tag, *p;
	size_t i, n;

	/* Docker: [api/docker/<repo>/]v2/<image>/manifests/<ref> */
	if (strcmp(l->repo_key, "api") == 0 && strncmp(path, "docker/", 7) ==
	    0 && (p = strchr(path + 7, '/')) != NULL)
		path = p + 1;
	if (strncmp(path, "v2/", 3) == 0 || strcmp(l->repo_key, "v2") == 0) {
		if (strncmp(path, "v2/", 3) == 0)
			path += 3;
		m = strstr(path, "/manifests/");
		if (m == NULL)
			return NULL;	/* blobs, uploads, catalog */
		ev->artifact = xstrndup(path, (size_t)(m - path));
		tag = m + 11;
		event_set(&ev->version, tag);
		if (strncmp(tag, "sha256-", 7) == 0 && strlen(tag) >= 72 &&
		    is_hex(tag + 7, 64) && tag[71] == '.') {
			char *subj = digest_hex("sha256", tag + 7, 64);

			event_attr_str(ev, "subject_digest", subj);
			free(subj);
			if (strcmp(tag + 72, "sig") == 0 ||
			    strcmp(tag + 72, "att") == 0)
				return "publish.signature";
		}
		return "publish";
	}
	/* npm: api/npm/<repo>/<package> */
	if (strcmp(l->repo_key, "api") == 0 && strncmp(path, "npm/", 4) == 0 &&
	    (p = strchr(path + 4, '/')) != NULL && p[1]) {
		event_set(&ev->artifact, p + 1);
		return "publish";
	}
	if (strcmp(l->repo_key, "api") == 0 || *path == '\0' ||
	    path[strlen(path) - 1] == '/')
		return NULL;		/* REST calls, folders */
	base = af_base(path);
	for (i = 0; side[i]; i++)
		if (af_ends(base, side[i]))
			return NULL;
	event_set(&ev->artifact, base);
	/* Maven: .../<artifactId>/<version>/<artifactId>-<version>... */
	{
		const char *vend = base - 1, *vstart, *astart;

		if (vend > path) {
			for (vstart = vend; vstart > path && vstart[-1] != '/';
			    vstart--)
				;
			if (vstart > path + 1) {
				for (astart = vstart - 1; astart > path &&
				    astart[-1] != '/'; astart--)
					;
				n = (size_t)(vstart - 1 - astart);
				if (n > 0 && strncmp(base, astart, n) == 0 &&
				    base[n] == '-' && strncmp(base + n + 1,
				    vstart, (size_t)(vend - vstart)) == 0)
					ev->version = xstrndup(vstart,
					    (size_t)(vend - vstart));
			}
		}
	}
	/* npm tarball: <package>/-/<name>-<version>.tgz */
	if (ev->version == NULL && strstr(path, "/-/") != NULL &&
	    af_ends(base, ".tgz")) {
		const char *dash;

		/* the version starts at the first '-' followed by a digit */
		for (dash = base; (dash = strchr(dash, '-')) != NULL; dash++)
			if (dash[1] >= '0' && dash[1] <= '9')
				break;
		if (dash)
			ev->version = xstrndup(dash + 1, strlen(dash + 1) - 4);
	}
	for (i = 0; sig[i]; i++)
		if (af_ends(base, sig[i]))
			return "publish.signature";
	return "publish";
}

static enum parse_rc
af_parse_text(const char *rec, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	struct af_line l;
	const char *action = NULL;
	int err = 0, is;

	memset(&l, 0, sizeof(l));
	is = af_request(rec, len, &l, ev, d, &err);
	if (!is && !err)
		is = af_access(rec, len, &l, ev, d, &err);
	if (err) {
		af_line_free(&l);
		return PARSE_ERR;
	}
	if (!is) {
		af_line_free(&l);
		return diag_set(d, "line is neither a request-log nor an "
		    "access-log entry");
	}
	if (l.deploy || l.remove)
		action = af_classify(&l, ev);
	if (action && l.remove)
		action = "publish.delete";
	if (action == NULL && !pc->all_events) {
		af_line_free(&l);
		return PARSE_SKIP;
	}
	ev->source = "artifactory";
	ev->action = action ? action : "other";
	if (l.denied) {
		ev->failed = 1;
		ev->error_code = l.status ? xasprintf("%ld", l.status) :
		    xstrdup("DENIED");
	}
	if (ev->artifact == NULL && l.path && *l.path)
		event_set(&ev->artifact, af_base(l.path));
	if (l.user && strcmp(l.user, "-") != 0)
		event_set(&ev->actor, l.user);
	if (l.ip && strcmp(l.ip, "-") != 0)
		event_set(&ev->src_ip, l.ip);
	if (l.ua && strcmp(l.ua, "-") != 0)
		event_set(&ev->user_agent, l.ua);
	if (l.trace && *l.trace && strcmp(l.trace, "-") != 0 &&
	    (l.deploy || l.remove))
		ev->native_id = xasprintf("%s:%s:%s/%s", l.trace, l.deploy ?
		    "deploy" : "delete", l.repo_key, l.path);
	event_attr_str(ev, "log", l.log);
	event_attr_str(ev, "repo_key", l.repo_key);
	event_attr_str(ev, "path", l.path);
	event_attr_str(ev, "trace_id", l.trace);
	if (l.status)
		event_attr(ev, "status", json_integer(l.status));
	event_attr_str(ev, "request_length", l.req_len);
	event_attr_str(ev, "response_length", l.resp_len);
	event_attr_str(ev, "duration_ms", l.duration);
	af_line_free(&l);
	return pc->emit(pc->emit_arg, ev) < 0 ? PARSE_FATAL : PARSE_OK;
}

/* A line shaped like either log, at the start of head. */
static int
af_probe(const char *head, size_t len, const char *name)
{
	const char *nl = memchr(head, '\n', len);
	size_t n = nl ? (size_t)(nl - head) : len, pipes = 0, i;
	int named = name && (strstr(name, "request") ||
	    strstr(name, "access")) && strstr(name, ".log");

	if (n < 20)
		return 0;
	for (i = 0; i < n; i++)
		pipes += head[i] == '|';
	if (head[4] == '-' && head[10] == 'T' && pipes >= 10 &&
	    (memmem(head, n, "|PUT|", 5) || memmem(head, n, "|GET|", 5) ||
	    memmem(head, n, "|HEAD|", 6) || memmem(head, n, "|POST|", 6) ||
	    memmem(head, n, "|DELETE|", 8)))
		return named ? 95 : 85;
	if (pipes >= 9 && memmem(head, n, "|REQUEST|", 9) && head[8] != '-')
		return named ? 95 : 85;
	if (head[4] == '-' && head[13] == ':' && (memmem(head, n,
	    "] [ACCEPTED ", 12) || memmem(head, n, "] [DENIED ", 10) ||
	    memmem(head, n, " [ACCEPTED ", 11) || memmem(head, n,
	    " [DENIED ", 9)))
		return named ? 95 : 85;
	return 0;
}

const struct parser parser_artifactory = {
	.name = "artifactory",
	.desc = "JFrog Artifactory request and access logs (deploys, "
	    "deletes, signature uploads, denied deploys)",
	.howto = "copy $JFROG_HOME/artifactory/var/log/artifactory-request"
	    ".log* and artifactory-access.log* (6.x: $ARTIFACTORY_HOME/logs/"
	    "request.log, access.log)",
	.kind = INPUT_TEXT,
	.probe = af_probe,
	.parse_text = af_parse_text,
};
