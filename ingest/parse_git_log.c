/* SPDX-License-Identifier: MIT */
/*
 * parse_git_log.c - git history (formats.md section K) as written by one
 * documented, machine-readable git log command, run in a clone of the
 * repository (--all: every branch and tag, remote-tracking ones too):
 *
 *   { echo '# repo: acme/widget'
 *     git log --all --date-order --decorate=full --format='%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%G?%x1f%GS%x1f%GK%x1f%GF%x1f%D%x1f%s' --name-status
 *   } >acme-widget.gitlog
 *
 * Each commit starts with 0x1E (record separator); its first line holds 14
 * fields separated by 0x1F: hash, parents, author name, email, date
 * (strict ISO 8601), committer name, email, date, signature status (%G?),
 * signer, key id, key fingerprint, ref names (%D, full with
 * --decorate=full) and subject; after a blank line come the --name-status
 * lines ("M\tpath", "A", "D", "T", "R100\told\tnew", "C75\told\tnew";
 * --numstat lines "3\t1\tpath" are read too).  Real output (git 2.39,
 * separators shown as ^^ and ^_):
 *   ^^2a6e...f8^_029d...af^_A B^_a@b.c^_2026-11-26T01:18:13+00:00^_A B^_
 *   a@b.c^_2026-11-26T01:18:13+00:00^_N^_^_^_^_HEAD -> refs/heads/ci-test
 *   ^_second: x\n\nR050\ta\tb\n
 * git log does not print the repository: a first line "# repo: owner/name"
 * (or a clone URL) names it; other lines starting with '#' are comments.
 * Such lines count as non-event records.
 *
 * Mapping: each commit is action vcs.commit, operation "git:commit",
 * native_id and commit_sha the hash, ts the committer date (%cI: when the
 * commit was made, as its client claims: both dates are forgeable),
 * actor the author's email (name when empty), repo from the header; ref
 * the first local branch whose tip it is (a remote-tracking
 * refs/remotes/<remote>/<b> gives refs/heads/<b>, the branch CI saw).
 * attrs: author and committer {name, email, date}, parents, merge,
 * subject, refs (full names), signature {status, meaning, signer, key,
 * fingerprint} (%G? is what the analyst's keyring said when the log was
 * written), paths [{status, path, from, score}] (C-quoted paths unquoted),
 * path_count, ci_paths (the changed paths under .github/workflows/,
 * .github/actions/, .gitlab-ci.yml, Jenkinsfile, .circleci/: the workflow
 * changes later rules look for).  Each tag in %D also gives a vcs.tag
 * event: operation "git:tag", ref "refs/tags/<name>", version <name>,
 * commit_sha, ts the tagged commit's committer date (git log prints no
 * tagger date: attrs.ts_source "commit"), native_id "tag/<name>@<hash>"
 * (a tag moved between two exports, or one name in two repositories,
 * stays two events).
 *
 * Scope: all commits and tags.  Quarantined: a record that does not start
 * with 0x1E and a hash, fewer than 14 fields, a hash or parent that is not
 * 40 or 64 hex digits, a committer date that does not parse.  Bytes that
 * are not UTF-8 (and NULs) become U+FFFD (attrs.invalid_utf8).
 * Unsupported: tagger dates and tag signatures (git for-each-ref, git
 * verify-tag), other --format strings.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "utf8.h"
#include "xalloc.h"

#define GL_FIELDS	14
#define GL_MAXPATHS	2000	/* paths kept in attrs (all are counted) */
#define GL_RS		'\x1e'
#define GL_US		'\x1f'

enum { F_HASH, F_PARENTS, F_ANAME, F_AEMAIL, F_ADATE, F_CNAME, F_CEMAIL,
    F_CDATE, F_SIGSTATUS, F_SIGNER, F_SIGKEY, F_SIGFPR, F_REFS, F_SUBJECT };

struct gl_state {
	char	*repo;		/* from "# repo: ...", or NULL */
};

static void *
gl_state_new(const struct parse_ctx *pc)
{
	return xcalloc(1, sizeof(struct gl_state));
}

static void
gl_state_free(void *state)
{
	struct gl_state *st = state;

	if (st == NULL)
		return;
	free(st->repo);
	free(st);
}

/*
 * Commits start at 0x1E; anything before the first (the header lines)
 * is cut line by line.
 */
static size_t
gl_split(const char *buf, size_t len, int eof)
{
	const char *p;
	size_t i;

	if (len > 0 && buf[0] == GL_RS) {
		p = len > 1 ? memchr(buf + 1, GL_RS, len - 1) : NULL;
		if (p)
			return (size_t)(p - buf);
		return eof ? len : 0;
	}
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			return i + 1;
		if (buf[i] == GL_RS)
			return i;
	}
	return eof ? len : 0;
}

/* A NUL-terminated UTF-8 copy of p[0..n); bad bytes become U+FFFD. */
static char *
gl_clean(const char *p, size_t n, int *bad)
{
	struct buf b = BUF_INIT;
	size_t i = 0, k, run;
	uint32_t cp;

	*bad = 0;
	buf_grow(&b, n + 1);
	while (i < n) {
		/* the well-formed run from i, copied at once */
		for (run = i; i < n; i += k) {
			if (p[i] == '\0')
				break;
			k = (unsigned char)p[i] < 0x80 ? 1 : utf8_seq(
			    (const unsigned char *)p + i, n - i, &cp);
			if (k == 0)
				break;
		}
		buf_add(&b, p + run, i - run);
		if (i < n) {
			buf_add(&b, "\xef\xbf\xbd", 3);
			*bad = 1;
			i++;
		}
	}
	return buf_detach(&b, NULL);
}

/* "https://github.com/acme/widget.git" or "acme/widget" -> owner/name. */
static char *
gl_repo_name(const char *s)
{
	const char *p;
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	if ((p = strstr(s, "://")) != NULL) {
		p = strchr(p + 3, '/');
		s = p ? p + 1 : s + strlen(s);
	} else if (strncmp(s, "git@", 4) == 0 && (p = strchr(s, ':'))) {
		s = p + 1;	/* git@github.com:acme/widget.git */
	}
	n = strlen(s);
	while (n > 0 && strchr(" \t/", s[n - 1]))
		n--;
	if (n > 4 && memcmp(s + n - 4, ".git", 4) == 0)
		n -= 4;
	return n ? xstrndup(s, n) : NULL;
}

/* A header or comment line. */
static enum parse_rc
gl_header(const char *line, struct parse_ctx *pc)
{
	struct gl_state *st = pc->state;
	const char *p = line + 1;

	while (*p == ' ' || *p == '\t')
		p++;
	if (st && strncmp(p, "repo:", 5) == 0) {
		free(st->repo);
		st->repo = gl_repo_name(p + 5);
	}
	return PARSE_NONEVENT;
}

/* Undoes git's C quoting of a path ("\"a\\tb\\303\\244\""), new string. */
static char *
gl_unquote(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	size_t i;
	int v, k;

	if (n < 2 || s[0] != '"' || s[n - 1] != '"')
		return xstrndup(s, n);
	for (i = 1; i + 1 < n; i++) {
		if (s[i] != '\\' || i + 2 >= n) {
			buf_addch(&b, s[i]);
			continue;
		}
		i++;
		switch (s[i]) {
		case 'n': buf_addch(&b, '\n'); break;
		case 't': buf_addch(&b, '\t'); break;
		case 'r': buf_addch(&b, '\r'); break;
		case 'a': buf_addch(&b, '\a'); break;
		case 'b': buf_addch(&b, '\b'); break;
		case 'f': buf_addch(&b, '\f'); break;
		case 'v': buf_addch(&b, '\v'); break;
		default:
			if (s[i] >= '0' && s[i] <= '3') {
				for (v = 0, k = 0; k < 3 && i + 1 < n &&
				    s[i] >= '0' && s[i] <= '7'; k++, i++)
					v = v * 8 + (s[i] - '0');
				i--;
				buf_addch(&b, v ? v : '?');
			} else {
				buf_addch(&b, s[i]);
			}
		}
	}
	return buf_detach(&b, NULL);
}

/* A path as a JSON string (invalid UTF-8 after unquoting: replaced). */
static json_t *
gl_path(const char *s, size_t n)
{
	char *raw = gl_unquote(s, n), *clean;
	json_t *v;
	int bad;

	clean = gl_clean(raw, strlen(raw), &bad);
	v = json_string(clean);
	free(raw);
	free(clean);
	return v;
}

static int
gl_is_ci_path(const char *p)
{
	return strncmp(p, ".github/workflows/", 18) == 0 ||
	    strncmp(p, ".github/actions/", 16) == 0 ||
	    strcmp(p, ".gitlab-ci.yml") == 0 ||
	    strncmp(p, ".gitlab/ci/", 11) == 0 ||
	    strcmp(p, "Jenkinsfile") == 0 ||
	    strncmp(p, ".circleci/", 10) == 0;
}

/*
 * The lines after the header: --name-status ("R100\told\tnew") or
 * --numstat ("3\t1\tpath").  Sets attrs paths, path_count, ci_paths.
 */
static void
gl_paths(struct event *ev, char *text)
{
	json_t *paths = json_array(), *ci = json_array(), *o, *pv;
	char *line, *next, *tab, *tab2;
	size_t count = 0, unparsed = 0;

	for (line = text; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (*line == '\0')
			continue;
		tab = strchr(line, '\t');
		if (tab == NULL) {
			unparsed++;
			continue;
		}
		o = json_object();
		tab2 = strchr(tab + 1, '\t');
		if (strchr("ACDMRTUXB", line[0]) && (tab == line + 1 ||
		    strspn(line + 1, "0123456789") ==
		    (size_t)(tab - line - 1))) {
			json_object_set_new(o, "status",
			    json_stringn(line, 1));
			if (tab > line + 1)
				json_object_set_new(o, "score", json_integer(
				    strtol(line + 1, NULL, 10)));
			if (tab2 && (line[0] == 'R' || line[0] == 'C')) {
				json_object_set_new(o, "from", gl_path(tab + 1,
				    (size_t)(tab2 - tab - 1)));
				pv = gl_path(tab2 + 1, strlen(tab2 + 1));
			} else {
				pv = gl_path(tab + 1, strlen(tab + 1));
			}
		} else if (tab2 && strspn(line, "0123456789-") ==
		    (size_t)(tab - line)) {
			/* --numstat: added, deleted ("-" for binary) */
			json_object_set_new(o, "added", json_stringn(line,
			    (size_t)(tab - line)));
			json_object_set_new(o, "deleted", json_stringn(tab + 1,
			    (size_t)(tab2 - tab - 1)));
			pv = gl_path(tab2 + 1, strlen(tab2 + 1));
		} else {
			json_decref(o);
			unparsed++;
			continue;
		}
		if (pv == NULL) {
			json_decref(o);
			unparsed++;
			continue;
		}
		if (gl_is_ci_path(json_string_value(pv)))
			json_array_append(ci, pv);
		json_object_set_new(o, "path", pv);
		if (count++ < GL_MAXPATHS)
			json_array_append_new(paths, o);
		else
			json_decref(o);
	}
	event_attr(ev, "paths", paths);
	event_attr(ev, "path_count", json_integer((json_int_t)count));
	if (json_array_size(ci) > 0)
		event_attr(ev, "ci_paths", ci);
	else
		json_decref(ci);
	if (unparsed)
		event_attr(ev, "unparsed_lines",
		    json_integer((json_int_t)unparsed));
}

static const char *
gl_sig_meaning(const char *code)
{
	static const char *const tab[][2] = {
		{ "G", "good signature" },
		{ "B", "bad signature" },
		{ "U", "good signature, unknown validity" },
		{ "X", "good signature, expired" },
		{ "Y", "good signature, expired key" },
		{ "R", "good signature, revoked key" },
		{ "E", "signature cannot be checked" },
		{ "N", "no signature" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i][0], code) == 0)
			return tab[i][1];
	return NULL;
}

static json_t *
gl_person(const char *name, const char *email, const char *date)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "email", json_string(email));
	json_object_set_new(o, "date", json_string(date));
	return o;
}

/*
 * The full ref name of one %D item ("tag: refs/tags/v1", "HEAD ->
 * refs/heads/main", "refs/remotes/origin/x", or the short forms without
 * --decorate=full), new; NULL for HEAD alone and other pseudo refs.
 */
static char *
gl_ref(const char *item, int *is_tag)
{
	*is_tag = 0;
	if (strncmp(item, "HEAD -> ", 8) == 0)
		item += 8;
	else if (strcmp(item, "HEAD") == 0 || strcmp(item, "grafted") == 0 ||
	    strcmp(item, "refs/stash") == 0)
		return NULL;
	if (strncmp(item, "tag: ", 5) == 0) {
		*is_tag = 1;
		item += 5;
		if (strncmp(item, "refs/tags/", 10) == 0)
			return xstrdup(item);
		return xasprintf("refs/tags/%s", item);
	}
	if (strncmp(item, "refs/", 5) == 0)
		return xstrdup(item);
	if (strncmp(item, "origin/", 7) == 0 ||
	    strncmp(item, "upstream/", 9) == 0)
		return xasprintf("refs/remotes/%s", item);
	return xasprintf("refs/heads/%s", item);
}

/* The branch CI would name: refs/heads/<b> from a local or remote ref. */
static char *
gl_branch(const char *full)
{
	const char *p;

	if (strncmp(full, "refs/heads/", 11) == 0)
		return xstrdup(full);
	if (strncmp(full, "refs/remotes/", 13) == 0 &&
	    (p = strchr(full + 13, '/')) != NULL && strcmp(p + 1, "HEAD"))
		return xasprintf("refs/heads/%s", p + 1);
	return NULL;
}

/* Splits %D into full names; tags into *tags. */
static json_t *
gl_refs(struct event *ev, const char *d, json_t *tags)
{
	json_t *refs = json_array();
	char *copy = xstrdup(d), *item, *next, *full, *local = NULL;
	char *remote = NULL;
	int is_tag;

	for (item = copy; item && *item; item = next) {
		next = strstr(item, ", ");
		if (next) {
			*next = '\0';
			next += 2;
		}
		if ((full = gl_ref(item, &is_tag)) == NULL)
			continue;
		json_array_append_new(refs, json_string(full));
		if (is_tag)
			json_array_append_new(tags, json_string(full + 10));
		else if (strncmp(full, "refs/heads/", 11) == 0 &&
		    local == NULL)
			local = xstrdup(full);
		else if (remote == NULL)
			remote = gl_branch(full);
		free(full);
	}
	event_set(&ev->ref, local ? local : remote);
	free(local);
	free(remote);
	free(copy);
	return refs;
}

/* One commit record, cleaned and NUL-terminated, into ev (and tags). */
static enum parse_rc
gl_commit(char *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d, json_t *tags)
{
	struct gl_state *st = pc->state;
	char *f[GL_FIELDS], *rest, *p, *nl;
	const char *who;
	json_t *parents, *sig;
	size_t nf = 0, n;
	unsigned flags = 0;
	struct diag why;

	nl = strchr(rec, '\n');
	rest = nl ? nl + 1 : NULL;
	if (nl)
		*nl = '\0';
	for (p = rec + 1; nf < GL_FIELDS - 1; nf++) {
		f[nf] = p;
		if ((p = strchr(p, GL_US)) == NULL)
			break;
		*p++ = '\0';
	}
	if (p == NULL)
		return diag_set(d, "commit record has %zu fields, want %d "
		    "(the --format of 'sigtrail formats')", nf + 1,
		    GL_FIELDS);
	f[nf] = p;	/* the subject: the rest of the line */
	if (!is_git_sha(f[F_HASH], strlen(f[F_HASH])))
		return diag_set(d, "commit hash '%.80s' is not 40 or 64 "
		    "lowercase hex digits", f[F_HASH]);
	parents = json_array();
	for (p = f[F_PARENTS]; *p; ) {
		n = strcspn(p, " ");
		if (!is_git_sha(p, n)) {
			json_decref(parents);
			return diag_set(d, "parent '%.*s' of %s is not a "
			    "commit hash", (int)(n > 80 ? 80 : n), p,
			    f[F_HASH]);
		}
		json_array_append_new(parents, json_stringn(p, n));
		p += n;
		p += strspn(p, " ");
	}
	diag_clear(&why);
	if (ts_parse_iso(f[F_CDATE], strlen(f[F_CDATE]), &ev->ts_us, &flags,
	    &why) < 0) {
		json_decref(parents);
		return diag_set(d, "committer date '%.60s' of %s: %s",
		    f[F_CDATE], f[F_HASH], why.msg);
	}
	ev->ts_flags = flags | TS_COARSE;
	event_set(&ev->ts_raw, f[F_CDATE]);
	ev->source = "git_log";
	ev->action = "vcs.commit";
	ev->operation = xstrdup("git:commit");
	event_set(&ev->native_id, f[F_HASH]);
	event_set(&ev->commit_sha, f[F_HASH]);
	who = *f[F_AEMAIL] ? f[F_AEMAIL] : f[F_ANAME];
	event_set(&ev->actor, who);
	if (st && st->repo)
		event_set(&ev->repo, st->repo);
	event_attr(ev, "author", gl_person(f[F_ANAME], f[F_AEMAIL],
	    f[F_ADATE]));
	event_attr(ev, "committer", gl_person(f[F_CNAME], f[F_CEMAIL],
	    f[F_CDATE]));
	event_attr(ev, "merge", json_boolean(json_array_size(parents) > 1));
	event_attr(ev, "parents", parents);
	event_attr_str(ev, "subject", f[F_SUBJECT]);
	sig = json_object();
	json_object_set_new(sig, "status", json_string(f[F_SIGSTATUS]));
	if (gl_sig_meaning(f[F_SIGSTATUS]))
		json_object_set_new(sig, "meaning",
		    json_string(gl_sig_meaning(f[F_SIGSTATUS])));
	if (*f[F_SIGNER])
		json_object_set_new(sig, "signer", json_string(f[F_SIGNER]));
	if (*f[F_SIGKEY])
		json_object_set_new(sig, "key", json_string(f[F_SIGKEY]));
	if (*f[F_SIGFPR])
		json_object_set_new(sig, "fingerprint",
		    json_string(f[F_SIGFPR]));
	event_attr(ev, "signature", sig);
	event_attr(ev, "refs", gl_refs(ev, f[F_REFS], tags));
	gl_paths(ev, rest);
	return PARSE_OK;
}

/* The vcs.tag event of tag name on the commit of c (already emitted). */
static void
gl_tag(struct event *ev, const struct event *c, const char *name)
{
	char *s;

	ev->raw = c->raw;
	ev->raw_len = c->raw_len;
	ev->source = "git_log";
	ev->action = "vcs.tag";
	ev->operation = xstrdup("git:tag");
	ev->ts_us = c->ts_us;
	ev->ts_flags = c->ts_flags;
	event_set(&ev->ts_raw, c->ts_raw);
	event_set(&ev->commit_sha, c->commit_sha);
	event_set(&ev->repo, c->repo);
	event_set(&ev->version, name);
	s = xasprintf("refs/tags/%s", name);
	event_set(&ev->ref, s);
	free(s);
	s = xasprintf("tag/%s@%s", name, c->commit_sha);
	event_set(&ev->native_id, s);
	free(s);
	event_attr_str(ev, "ts_source", "commit");
	event_attr_str(ev, "commit_author", c->actor);
	event_attr_str(ev, "commit_subject", jstr(c->attrs, "subject"));
}

static enum parse_rc
gl_parse_text(const char *rec, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	struct event tag, commit;
	json_t *tags, *t;
	enum parse_rc rc;
	char *text;
	size_t i;
	int bad;

	if (len == 0)
		return PARSE_NONEVENT;
	text = gl_clean(rec, len, &bad);
	if (text[0] == '#') {
		rc = gl_header(text, pc);
		free(text);
		return rc;
	}
	if (text[0] != GL_RS) {
		free(text);
		return diag_set(d, "not a git log record: expected 0x1E and a "
		    "commit hash (the --format of 'sigtrail formats')");
	}
	tags = json_array();
	rc = gl_commit(text, pc, ev, d, tags);
	free(text);
	if (rc != PARSE_OK) {
		json_decref(tags);
		return rc;
	}
	if (bad)
		event_attr(ev, "invalid_utf8", json_true());
	if (pc->emit(pc->emit_arg, ev) < 0) {
		json_decref(tags);
		return PARSE_FATAL;
	}
	/* keep what the tags need from the commit */
	event_init(&commit);
	commit.raw = ev->raw;
	commit.raw_len = ev->raw_len;
	commit.ts_us = ev->ts_us;
	commit.ts_flags = ev->ts_flags;
	event_set(&commit.ts_raw, ev->ts_raw);
	event_set(&commit.commit_sha, ev->commit_sha);
	event_set(&commit.repo, ev->repo);
	event_set(&commit.actor, ev->actor);
	event_attr_str(&commit, "subject", jstr(ev->attrs, "subject"));
	json_array_foreach(tags, i, t) {
		event_init(&tag);
		gl_tag(&tag, &commit, json_string_value(t));
		if (pc->emit(pc->emit_arg, &tag) < 0)
			rc = PARSE_FATAL;
		event_clear(&tag);
		if (rc != PARSE_OK)
			break;
	}
	event_clear(&commit);
	json_decref(tags);
	return rc;
}

static int
gl_probe(const char *head, size_t len, const char *name)
{
	size_t i = 0, n;
	const char *nl;

	/* header and comment lines */
	while (i < len && head[i] == '#') {
		nl = memchr(head + i, '\n', len - i);
		if (nl == NULL)
			return 0;
		i = (size_t)(nl - head) + 1;
	}
	if (i >= len || head[i] != GL_RS)
		return 0;
	for (n = 0, i++; i < len && n < 65 && head[i] != '\0' &&
	    strchr("0123456789abcdef", head[i]); i++)
		n++;
	if ((n == 40 || n == 64) && i < len && head[i] == GL_US)
		return 95;
	return 0;
}

const struct parser parser_git_log = {
	.name = "git_log",
	.desc = "git history: git log --all with sigtrail's record format "
	    "(commits, tags, changed paths, signature status)",
	.howto = "in a clone: { echo '# repo: <owner>/<name>'; git log --all "
	    "--date-order --decorate=full --format='%x1e%H%x1f%P%x1f%an%x1f"
	    "%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%G?%x1f%GS%x1f%GK%x1f%GF%x1f"
	    "%D%x1f%s' --name-status; } >repo.gitlog",
	.kind = INPUT_TEXT,
	.probe = gl_probe,
	.split = gl_split,
	.parse_text = gl_parse_text,
	.state_new = gl_state_new,
	.state_free = gl_state_free,
};
