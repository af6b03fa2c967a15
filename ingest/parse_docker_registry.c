/* SPDX-License-Identifier: MIT */
/*
 * parse_docker_registry.c - Docker / OCI Distribution registry
 * notifications (formats.md G.1), two descriptors:
 *
 *   docker_registry       the JSON the registry POSTs to its notification
 *                         endpoints, {"events":[event, ...]} (one event per
 *                         record through the JSON splitter), or JSON Lines
 *                         / arrays of such envelopes or of bare events;
 *   docker_registry_http  the same envelopes as captured at the endpoint:
 *                         a raw HTTP request (request line, headers, a
 *                         blank line, the body), one capture file being
 *                         one record; several requests may follow each
 *                         other in one file (each body is Content-Length
 *                         bytes long).
 *
 * A real event (registry:2, imagespy/api e2e fixture):
 *   {"id":"c405c239-0e47-436e-8677-ad138e14e224",
 *    "timestamp":"2019-06-05T13:37:28.612683317Z","action":"push",
 *    "target":{"mediaType":"application/vnd.docker.distribution.manifest.
 *    v2+json","size":1796,"digest":"sha256:85032fa9...","length":1796,
 *    "repository":"golang","url":"https://127.0.0.1:52854/v2/golang/
 *    manifests/sha256:85032fa9...","tag":"1.12.4"},
 *    "request":{"id":"94800262-...","addr":"172.18.0.1:49682",
 *    "host":"127.0.0.1:52854","method":"PUT","useragent":"docker/18.09.2
 *    ..."},"actor":{},"source":{"addr":"1d00f94acd2d:5000",
 *    "instanceID":"85893ec2-..."}}
 *
 * Mapping: id -> native_id; timestamp (RFC 3339, nanoseconds) -> ts;
 * "registry:<action>" -> operation; target.repository -> artifact;
 * target.tag -> version; target.digest -> digest; actor.name -> actor
 * (empty when anonymous); request.addr without its port -> src_ip;
 * request.useragent -> user_agent; the rest (media and artifact type,
 * size, url, request id/host/method, source) -> attrs.
 *
 * Scope: a manifest push is "publish"; a manifest (or tag) delete is
 * "publish.delete"; a push whose tag is cosign's "sha256-<hex>.sig" or
 * ".att", or whose mediaType/artifactType names a cosign or sigstore
 * signature, is "publish.signature", with the signed image's digest in
 * attrs.subject_digest (".sbom" pushes stay "publish", also with
 * subject_digest).  Blob pushes and deletes (every layer and config of an
 * image produces one), pulls and cross-repository mounts are out of scope
 * ("other" with --all-events).  A manifest is told from a blob by its url
 * (".../manifests/..."), its mediaType (manifest, index, manifest list) or
 * a tag.
 *
 * In a capture, one record may hold several events: each in-scope event is
 * emitted on its own (native ids keep them apart); a malformed event does
 * not hide the others, but the capture is then quarantined with the first
 * problem (its good events stay stored).  The HTTP request line, the
 * Content-Type and the sender's User-Agent go to attrs (http_*); an
 * Authorization header is never copied.  Chunked bodies are not
 * supported (the registry sends Content-Length).
 *
 * Not supported: the registry's own storage or logs; the references[]
 * of newer registries are kept in attrs only.  OCI 1.1 referrers name
 * the signed manifest in the pushed manifest's "subject", which the
 * notification does not carry: such signatures are recognized by their
 * artifactType only, without subject_digest.
 */
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

/* A capture's HTTP attributes, copied into every event of its body. */
struct dr_http {
	char	*method, *target, *content_type, *user_agent;
};

/*
 * "algorithm:hex" with a known length for sha256/384/512, lowercased; any
 * other algorithm is kept when it is "name:hex".  NULL when malformed.
 */
static char *
dr_digest(const char *s)
{
	const char *colon = s ? strchr(s, ':') : NULL;
	size_t alen, hlen, i;

	if (colon == NULL || colon == s)
		return NULL;
	alen = (size_t)(colon - s);
	hlen = strlen(colon + 1);
	if (hlen == 0 || !is_hex(colon + 1, hlen))
		return NULL;
	if ((alen == 6 && strncmp(s, "sha256", 6) == 0 && hlen != 64) ||
	    (alen == 6 && strncmp(s, "sha384", 6) == 0 && hlen != 96) ||
	    (alen == 6 && strncmp(s, "sha512", 6) == 0 && hlen != 128))
		return NULL;
	for (i = 0; i < alen; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789+._-", s[i]) ||
		    s[i] == '\0')
			return NULL;
	return ascii_lower(xstrdup(s));	/* the algorithm has no capitals */
}

/* A cosign/sigstore signature by its media or artifact type. */
static int
dr_signature_type(const char *t)
{
	if (t == NULL)
		return 0;
	if (strstr(t, "sbom") || strstr(t, "spdx") || strstr(t, "cyclonedx"))
		return 0;
	return strstr(t, "cosign") != NULL || strstr(t, "sigstore") != NULL;
}

/* Whether the target is a manifest (not a layer or config blob). */
static int
dr_is_manifest(const json_t *target)
{
	const char *mt = jstr(target, "mediaType"), *url = jstr(target, "url");

	if (url && strstr(url, "/blobs/"))
		return 0;
	if (url && strstr(url, "/manifests/"))
		return 1;
	if (jstr(target, "tag"))
		return 1;
	return mt && (strstr(mt, "manifest") || strstr(mt, "image.index") ||
	    strstr(mt, "artifact.manifest"));
}

/* "ip:port", "[v6]:port" or a bare address -> the address (new). */
static char *
dr_addr_ip(const char *addr)
{
	const char *colon, *end;

	if (addr == NULL || *addr == '\0')
		return NULL;
	if (addr[0] == '[') {
		end = strchr(addr, ']');
		return end ? xstrndup(addr + 1, (size_t)(end - addr - 1)) :
		    xstrdup(addr);
	}
	colon = strchr(addr, ':');
	if (colon && strchr(colon + 1, ':') == NULL)
		return xstrndup(addr, (size_t)(colon - addr));
	return xstrdup(addr);	/* bare IPv4, or IPv6 without a port */
}

static void
dr_http_attrs(struct event *ev, const struct dr_http *h)
{
	if (h == NULL)
		return;
	event_attr_str(ev, "http_method", h->method);
	event_attr_str(ev, "http_target", h->target);
	event_attr_str(ev, "http_content_type", h->content_type);
	event_attr_str(ev, "http_user_agent", h->user_agent);
}

/*
 * One notification event: fills ev and emits it.  where names the event
 * in messages ("events[2]: ...", or "" for a record of its own).
 */
static enum parse_rc
dr_event(const json_t *e, const char *source, const char *where,
    const struct dr_http *http, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *target, *req, *src;
	const char *act, *ts, *tag, *mt, *at, *kind = NULL, *dig;
	const char *action = NULL;
	char *digest, *subject = NULL, *ip;
	struct diag why;

	if (!json_is_object(e))
		return diag_set(d, "%sevent is not a JSON object", where);
	act = jstr(e, "action");
	if (act == NULL)
		return diag_set(d, "%sevent has no action%s", where,
		    json_object_get(e, "action") ? " string" : "");
	target = jobj(e, "target");
	if (target == NULL)
		return diag_set(d, "%sevent has no target object", where);
	tag = jstr(target, "tag");
	mt = jstr(target, "mediaType");
	at = jstr(target, "artifactType");
	if (strcmp(act, "push") == 0 && dr_is_manifest(target)) {
		subject = cosign_tag_subject(tag, &kind);
		if ((subject && strcmp(kind, "sbom") != 0) ||
		    dr_signature_type(at) || dr_signature_type(mt))
			action = "publish.signature";
		else
			action = "publish";
	} else if (strcmp(act, "delete") == 0) {
		const char *url = jstr(target, "url");

		if (url == NULL || strstr(url, "/blobs/") == NULL) {
			action = "publish.delete";
			subject = cosign_tag_subject(tag, &kind);
		}
	}
	if (action == NULL && !pc->all_events)
		return PARSE_SKIP;
	ts = jstr(e, "timestamp");
	if (ts == NULL) {
		free(subject);
		return diag_set(d, "%sevent has no timestamp%s", where,
		    json_object_get(e, "timestamp") ? " string" : "");
	}
	diag_clear(&why);
	if (ts_parse_iso(ts, strlen(ts), &ev->ts_us, &ev->ts_flags,
	    &why) < 0) {
		free(subject);
		return diag_set(d, "%sbad timestamp '%s': %s", where, ts,
		    why.msg);
	}
	dig = jstr(target, "digest");
	if (action && dig == NULL) {
		free(subject);
		return diag_set(d, "%s%s event has no target.digest", where,
		    act);
	}
	if (action && jstr(target, "repository") == NULL) {
		free(subject);
		return diag_set(d, "%s%s event has no target.repository",
		    where, act);
	}
	event_set(&ev->ts_raw, ts);
	ev->source = source;
	ev->action = action ? action : "other";
	ev->operation = xasprintf("registry:%s", act);
	event_set(&ev->native_id, jstr(e, "id"));
	event_set(&ev->artifact, jstr(target, "repository"));
	event_set(&ev->version, tag);
	digest = dr_digest(dig);
	ev->digest = digest;
	if (dig && digest == NULL)
		event_attr_str(ev, "digest_raw", dig);
	event_set(&ev->actor, jpath_str(e, "actor.name"));
	req = jobj(e, "request");
	ip = dr_addr_ip(jstr(req, "addr"));
	event_set(&ev->src_ip, ip);
	free(ip);
	event_set(&ev->user_agent, jstr(req, "useragent"));
	event_attr_str(ev, "media_type", mt);
	event_attr_str(ev, "artifact_type", at);
	event_attr_int(ev, "size", json_object_get(target, "size"));
	event_attr_str(ev, "url", jstr(target, "url"));
	if (json_is_array(json_object_get(target, "references")))
		event_attr(ev, "references", json_deep_copy(
		    json_object_get(target, "references")));
	event_attr_str(ev, "cosign", kind);
	event_attr_str(ev, "subject_digest", subject);
	free(subject);
	event_attr_str(ev, "request_id", jstr(req, "id"));
	event_attr_str(ev, "registry_host", jstr(req, "host"));
	event_attr_str(ev, "request_method", jstr(req, "method"));
	src = jobj(e, "source");
	event_attr_str(ev, "source_addr", jstr(src, "addr"));
	event_attr_str(ev, "source_instance", jstr(src, "instanceID"));
	dr_http_attrs(ev, http);
	if (pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return PARSE_OK;
}

/*
 * The events of an envelope {"events":[...]}: each emitted on its own.
 * OK if any was emitted, SKIP if all were out of scope; a bad event makes
 * the whole ERR after the others are emitted.
 */
static enum parse_rc
dr_envelope(const json_t *env, const char *source, const char *where,
    const struct dr_http *http, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const json_t *arr = json_object_get(env, "events"), *e;
	struct diag first;
	enum parse_rc rc, out = PARSE_SKIP;
	char at[96];
	size_t i;
	int bad = 0;

	if (!json_is_array(arr))
		return diag_set(d, "%s%s", where, arr ? "events is not an "
		    "array" : "no events array (not a registry notification)");
	if (json_array_size(arr) == 0)
		return PARSE_NONEVENT;
	diag_clear(&first);
	json_array_foreach(arr, i, e) {
		snprintf(at, sizeof(at), "%sevents[%zu]: ", where, i);
		event_reset_keep_raw(ev);
		rc = dr_event(e, source, at, http, pc, ev, d);
		if (rc == PARSE_FATAL)
			return rc;
		if (rc == PARSE_ERR) {
			if (!bad++)
				first = *d;
			diag_clear(d);
		} else if (rc == PARSE_OK) {
			out = PARSE_OK;
		}
	}
	if (bad) {
		*d = first;
		return PARSE_ERR;
	}
	return out;
}

static enum parse_rc
dr_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	enum parse_rc rc;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	/* JSON Lines of whole envelopes (a receiver's log) */
	if (json_object_get(rec, "events") && !json_object_get(rec, "target"))
		return dr_envelope(rec, "docker_registry", "", NULL, pc, ev, d);
	rc = dr_event(rec, "docker_registry", "", NULL, pc, ev, d);
	return rc;
}

static int
dr_probe(const char *head, size_t len, const char *name)
{
	int target = memmem(head, len, "\"target\"", 8) != NULL;
	int action = memmem(head, len, "\"action\"", 8) != NULL;

	if (!target || !action)
		return 0;
	if (memmem(head, len, "\"events\"", 8) &&
	    (memmem(head, len, "\"mediaType\"", 11) ||
	    memmem(head, len, "\"repository\"", 12)))
		return 90;
	if (memmem(head, len, "\"instanceID\"", 12) &&
	    memmem(head, len, "\"repository\"", 12))
		return 85;
	return 0;
}

/* ------------------------------------------------------------------ */
/* HTTP captures                                                       */

/* The end of the line at p (before CR LF or LF) and the next line. */
static const char *
dr_line(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *eol;

	if (nl == NULL) {
		*next = end;
		return end;
	}
	eol = nl > p && nl[-1] == '\r' ? nl - 1 : nl;
	*next = nl + 1;
	return eol;
}

/* Whether p[0..n) is an HTTP request line "METHOD target HTTP/x.y". */
static int
dr_request_line(const char *p, size_t n)
{
	size_t i = 0;
	const char *sp;

	while (i < n && p[i] >= 'A' && p[i] <= 'Z')
		i++;
	if (i == 0 || i >= n || p[i] != ' ')
		return 0;
	sp = memchr(p + i + 1, ' ', n - i - 1);
	return sp != NULL && (size_t)(p + n - sp) >= 9 &&
	    memcmp(sp + 1, "HTTP/", 5) == 0;
}

static int
dr_header_is(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);

	return n > k && p[k] == ':' && strncasecmp(p, name, k) == 0;
}

/* The header's value, trimmed (new). */
static char *
dr_header_value(const char *p, size_t n, size_t namelen)
{
	const char *v = p + namelen + 1, *e = p + n;

	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return xstrndup(v, (size_t)(e - v));
}

static void
dr_http_free(struct dr_http *h)
{
	free(h->method);
	free(h->target);
	free(h->content_type);
	free(h->user_agent);
	memset(h, 0, sizeof(*h));
}

/*
 * One request at *pp: its body through dr_envelope.  *pp moves past it.
 * n: the request's number in the file, for messages.
 */
static enum parse_rc
dr_request(const char **pp, const char *end, int n, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const char *p = *pp, *eol, *next, *sp, *body;
	struct dr_http h;
	char where[48], *cl_text = NULL, *stop;
	unsigned long long cl = 0;
	int have_cl = 0, chunked = 0;
	size_t blen;
	json_error_t jerr;
	json_t *root;
	enum parse_rc rc;

	memset(&h, 0, sizeof(h));
	snprintf(where, sizeof(where), n > 1 ? "request %d: " : "", n);
	eol = dr_line(p, end, &next);
	if (!dr_request_line(p, (size_t)(eol - p)))
		return diag_set(d, "%snot an HTTP request: no request line "
		    "\"METHOD target HTTP/x.y\"", where);
	sp = memchr(p, ' ', (size_t)(eol - p));
	h.method = xstrndup(p, (size_t)(sp - p));
	h.target = xstrndup(sp + 1, (size_t)((const char *)memchr(sp + 1,
	    ' ', (size_t)(eol - sp - 1)) - sp - 1));
	for (p = next; p < end; p = next) {
		eol = dr_line(p, end, &next);
		if (eol == p)
			break;		/* the blank line */
		if (next == end && eol == end) {
			p = end;
			break;
		}
		if (dr_header_is(p, (size_t)(eol - p), "Content-Type")) {
			free(h.content_type);
			h.content_type = dr_header_value(p,
			    (size_t)(eol - p), 12);
		} else if (dr_header_is(p, (size_t)(eol - p), "User-Agent")) {
			free(h.user_agent);
			h.user_agent = dr_header_value(p, (size_t)(eol - p),
			    10);
		} else if (dr_header_is(p, (size_t)(eol - p),
		    "Content-Length")) {
			free(cl_text);
			cl_text = dr_header_value(p, (size_t)(eol - p), 14);
		} else if (dr_header_is(p, (size_t)(eol - p),
		    "Transfer-Encoding")) {
			chunked = memmem(p, (size_t)(eol - p), "chunked", 7) !=
			    NULL;
		}
	}
	if (p >= end) {
		free(cl_text);
		dr_http_free(&h);
		return diag_set(d, "%sno blank line after the HTTP headers "
		    "(truncated capture?)", where);
	}
	if (chunked) {
		free(cl_text);
		dr_http_free(&h);
		return diag_set(d, "%schunked request bodies are not "
		    "supported", where);
	}
	if (cl_text) {
		if (cl_text[0] < '0' || cl_text[0] > '9' ||
		    (cl = strtoull(cl_text, &stop, 10), *stop != '\0') ||
		    strlen(cl_text) > 15) {
			rc = diag_set(d, "%sbad Content-Length '%s'", where,
			    cl_text);
			free(cl_text);
			dr_http_free(&h);
			return rc;
		}
		have_cl = 1;
		free(cl_text);
	}
	body = next;
	blen = (size_t)(end - body);
	if (have_cl) {
		if (cl > blen) {
			dr_http_free(&h);
			return diag_set(d, "%sbody has %zu bytes, "
			    "Content-Length says %llu (truncated capture?)",
			    where, blen, cl);
		}
		blen = (size_t)cl;
	}
	*pp = body + blen;
	root = json_load_record(body, blen, &jerr);
	if (root == NULL) {
		dr_http_free(&h);
		return diag_set(d, "%sbody is not valid JSON: %s (body line "
		    "%d, column %d)", where, jerr.text, jerr.line,
		    jerr.column);
	}
	if (!json_is_object(root))
		rc = diag_set(d, "%sbody is not a JSON object", where);
	else
		rc = dr_envelope(root, "docker_registry_http", where, &h, pc,
		    ev, d);
	json_decref(root);
	dr_http_free(&h);
	return rc;
}

static enum parse_rc
dr_parse_blob(const unsigned char *data, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const char *p = (const char *)data, *end = p + len;
	enum parse_rc rc, out = PARSE_SKIP;
	int n = 0, nonevent = 0;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && strchr(" \t\r\n", *p) && *p != '\0')
		p++;
	if (p == end)
		return diag_set(d, "empty capture");
	while (p < end) {
		rc = dr_request(&p, end, ++n, pc, ev, d);
		if (rc == PARSE_FATAL || rc == PARSE_ERR)
			return rc;	/* events already emitted stay */
		if (rc == PARSE_OK)
			out = PARSE_OK;
		else if (rc == PARSE_NONEVENT)
			nonevent++;
		while (p < end && strchr(" \t\r\n", *p) && *p != '\0')
			p++;
	}
	if (out == PARSE_SKIP && nonevent == n)
		return PARSE_NONEVENT;
	return out;
}

static int
dr_http_probe(const char *head, size_t len, const char *name)
{
	const char *nl = memchr(head, '\n', len);
	size_t n = nl ? (size_t)(nl - head) : len;

	if (n > 0 && head[n - 1] == '\r')
		n--;
	if (!dr_request_line(head, n))
		return 0;
	if (memmem(head, len, "application/vnd.docker.distribution.events",
	    42))
		return 95;
	if (memmem(head, len, "\"events\"", 8) &&
	    memmem(head, len, "\"target\"", 8) &&
	    (memmem(head, len, "\"instanceID\"", 12) ||
	    memmem(head, len, "\"mediaType\"", 11)))
		return 85;
	return 0;
}

static const char *const dr_containers[] = { "events", NULL };

const struct parser parser_docker_registry = {
	.name = "docker_registry",
	.desc = "Docker/OCI Distribution registry notifications "
	    "({\"events\":[...]} envelopes, JSON Lines): manifest pushes, "
	    "deletes, cosign signature pushes",
	.howto = "configure a notification endpoint (notifications.endpoints "
	    "in the registry's config.yml) and keep the bodies it receives, "
	    "one envelope per line",
	.kind = INPUT_JSON,
	.container_keys = dr_containers,
	.probe = dr_probe,
	.parse_json = dr_parse_json,
};

const struct parser parser_docker_registry_http = {
	.name = "docker_registry_http",
	.desc = "Docker/OCI Distribution registry notifications captured as "
	    "raw HTTP requests (.http: request line, headers, blank line, "
	    "JSON envelope)",
	.howto = "save each POST the registry makes to its notification "
	    "endpoint verbatim (e.g. a receiver that writes the request to "
	    "<id>.http)",
	.kind = INPUT_BLOB,
	.probe = dr_http_probe,
	.parse_blob = dr_parse_blob,
};
