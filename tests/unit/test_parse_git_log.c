/* SPDX-License-Identifier: MIT */
/*
 * test_parse_git_log.c - unit tests of the git history parser
 * (ingest/parse_git_log.c): the split function over every way a stream
 * can be cut; a table of records (full and short decorations, tags,
 * merges, renames and copies, C-quoted paths, --numstat, signature
 * status, SHA-256 repositories, bad UTF-8, the "# repo:" header) with the
 * events each must give, and malformed records; a whole stream through
 * the text splitter (records, lines, accounting); probes; the emit failure
 * path; and the bundled sample, which real git wrote
 * (samples/evidence/git/acme-widget.gitlog).
 *
 * RS and US are git's %x1e and %x1f separators.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "parser.h"
#include "timeutil.h"

#include "helpers.h"
#include "tsplit.h"


static const struct parser *const P = &parser_git_log;
static const struct suite S = { .p = &parser_git_log,
    .flags = S_PLAIN };

/* ------------------------------------------------------------------ */
/* Records                                                             */

#define RS	"\x1e"
#define US	"\x1f"
#define H1	"adf2f01b9e1e09795afdcb4e157e1116a9b67c1e"
#define H2	"b3dcbfb0b3b0b93364ef9fc02d7882315989810f"
#define H3	"04dbc1eea90548aa6ce690049466f7299a471aa6"
#define H256	"5f0e8b1d4c3a29186f7e6d5c4b3a2918" \
	"f7e6d5c4b3a29180f1e2d3c4b5a69788"
#define MC	"Mei Chen" US "mchen@acme.example"
#define JL	"Johan Lindqvist" US "jlindqvist@acme.example"
#define NOSIG	"N" US US US

/* One commit line: hash, parents, author, date, committer, date, sig, %D,
 * subject (author and committer are "name" US "email"). */
#define REC(h, p, a, ad, c, cd, sig, d, s) \
	RS h US p US a US ad US c US cd US sig US d US s

struct evwant {
	const char	*action, *operation, *native_id, *ts, *actor, *repo,
			*ref, *commit_sha, *version;
	struct attr_want attrs[10];
};

struct crow {
	const char	*name;
	const char	*header;	/* parsed first (state), or NULL */
	const char	*rec;
	int		 rc;
	const char	*errmsg;
	int		 nev;
	struct evwant	 ev[3];
};

#define ANY_TS	ANY

#define BAD(nm, r, msg) { .name = nm, .rec = r, .rc = PARSE_ERR, \
	.errmsg = msg }

static const struct crow rows[] = {
	{ "release commit with its tag, full decorations",
	    "# repo: acme/widget",
	    REC(H1, H2, MC, "2026-11-17T14:53:31+01:00", MC,
	    "2026-11-17T14:53:31+01:00", NOSIG, "HEAD -> refs/heads/main, "
	    "tag: refs/tags/v2.5.0, refs/remotes/origin/main, "
	    "refs/remotes/origin/HEAD", "Release v2.5.0") "\n\nM\tCHANGELOG.md",
	    PARSE_OK, NULL, 2, {
	    { "vcs.commit", "git:commit", H1, "2026-11-17T13:53:31Z",
	      "mchen@acme.example", "acme/widget", "refs/heads/main", H1, NULL,
	      { { "author.name", "Mei Chen" },
		{ "committer.date", "2026-11-17T14:53:31+01:00" },
		{ "subject", "Release v2.5.0" }, { "merge", "false" },
		{ "parents", "[\"" H2 "\"]" },
		{ "refs", "[\"refs/heads/main\",\"refs/tags/v2.5.0\","
		  "\"refs/remotes/origin/main\","
		  "\"refs/remotes/origin/HEAD\"]" },
		{ "signature", "{\"meaning\":\"no signature\",\"status\":"
		  "\"N\"}" },
		{ "paths", "[{\"path\":\"CHANGELOG.md\",\"status\":\"M\"}]" },
		{ "path_count", "1" }, { "ci_paths", ABSENT } } },
	    { "vcs.tag", "git:tag", "tag/v2.5.0@" H1, "2026-11-17T13:53:31Z",
	      NULL, "acme/widget", "refs/tags/v2.5.0", H1, "v2.5.0",
	      { { "ts_source", "commit" },
		{ "commit_author", "mchen@acme.example" },
		{ "commit_subject", "Release v2.5.0" } } } } },
	{ "workflow change on a remote-only branch",
	    NULL, REC(H3, H2, JL, "2026-11-09T10:58:41+01:00", JL,
	    "2026-11-09T10:58:41+01:00", NOSIG, "refs/remotes/origin/ci-test",
	    "ci: test release pipeline on a branch")
	    "\n\nM\t.github/workflows/release.yml",
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H3, "2026-11-09T09:58:41Z",
	      "jlindqvist@acme.example", NULL, "refs/heads/ci-test", H3, NULL,
	      { { "ci_paths", "[\".github/workflows/release.yml\"]" },
		{ "refs", "[\"refs/remotes/origin/ci-test\"]" } } } } },
	{ "short decorations", NULL,
	    REC(H1, H2, MC, "2026-01-09T10:00:00+01:00", MC,
	    "2026-01-09T10:00:00+01:00", NOSIG,
	    "HEAD -> main, tag: v1.0.0, origin/main, grafted", "second")
	    "\n\nM\ta.txt",
	    PARSE_OK, NULL, 2, {
	    { "vcs.commit", "git:commit", H1, "2026-01-09T09:00:00Z",
	      "mchen@acme.example", NULL, "refs/heads/main", H1, NULL,
	      { { "refs", "[\"refs/heads/main\",\"refs/tags/v1.0.0\","
		  "\"refs/remotes/origin/main\"]" } } },
	    { "vcs.tag", "git:tag", "tag/v1.0.0@" H1, "2026-01-09T09:00:00Z",
	      NULL, NULL, "refs/tags/v1.0.0", H1, "v1.0.0",
	      { { NULL, NULL } } } } },
	{ "pull-request merge committed by GitHub", NULL,
	    REC(H1, H2 " " H3, MC, "2026-10-13T10:41:09+02:00",
	    "GitHub" US "noreply@github.com", "2026-10-13T10:41:09+02:00",
	    NOSIG, "", "Merge pull request #419 from acme/feature/metrics"),
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, "2026-10-13T08:41:09Z",
	      "mchen@acme.example", NULL, NULL, H1, NULL,
	      { { "merge", "true" },
		{ "parents", "[\"" H2 "\",\"" H3 "\"]" },
		{ "committer.name", "GitHub" }, { "path_count", "0" },
		{ "paths", "[]" }, { "refs", "[]" } } } } },
	{ "renames, copies and a C-quoted path", NULL,
	    REC(H1, H2, MC, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", NOSIG, "", "move")
	    "\n\nR100\told.txt\tnew.txt\nC075\ta.c\tb.c\n"
	    "A\t\"caf\\303\\251 \\\"x\\\"\\t.txt\"\nD\t.gitlab-ci.yml\n"
	    "T\tJenkinsfile",
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS, NULL, NULL, NULL, H1,
	      NULL,
	      { { "paths", "[{\"from\":\"old.txt\",\"path\":\"new.txt\","
		  "\"score\":100,\"status\":\"R\"},{\"from\":\"a.c\",\"path\":"
		  "\"b.c\",\"score\":75,\"status\":\"C\"},{\"path\":"
		  "\"caf\xc3\xa9 \\\"x\\\"\\t.txt\",\"status\":\"A\"},"
		  "{\"path\":"
		  "\".gitlab-ci.yml\",\"status\":\"D\"},{\"path\":"
		  "\"Jenkinsfile\",\"status\":\"T\"}]" },
		{ "path_count", "5" },
		{ "ci_paths", "[\".gitlab-ci.yml\",\"Jenkinsfile\"]" } } } } },
	{ "--numstat lines", NULL,
	    REC(H1, H2, MC, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", NOSIG, "", "stats")
	    "\n\n3\t1\tsrc/a.c\n-\t-\tlogo.png",
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS, NULL, NULL, NULL, H1,
	      NULL,
	      { { "paths", "[{\"added\":\"3\",\"deleted\":\"1\",\"path\":"
		  "\"src/a.c\"},{\"added\":\"-\",\"deleted\":\"-\",\"path\":"
		  "\"logo.png\"}]" } } } } },
	{ "--stat lines are counted, not parsed", NULL,
	    REC(H1, H2, MC, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", NOSIG, "", "stats")
	    "\n\n a.c | 2 +-\n 1 file changed\nM\ta.c",
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS, NULL, NULL, NULL, H1,
	      NULL, { { "unparsed_lines", "2" }, { "path_count", "1" } } } } },
	{ "signed commit", NULL,
	    REC(H1, H2, MC, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", "G" US "Mei Chen <mchen@acme.example>"
	    US "4AEE18F83AFDEB23" US "2B0E4D1C7A9F63E8F1D0C2B5A4E3D2C14AEE18F8",
	    "", "signed"),
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS, NULL, NULL, NULL, H1,
	      NULL,
	      { { "signature", "{\"fingerprint\":\"2B0E4D1C7A9F63E8F1D0C2B5A4E"
		  "3D2C14AEE18F8\",\"key\":\"4AEE18F83AFDEB23\",\"meaning\":"
		  "\"good signature\",\"signer\":\"Mei Chen "
		  "<mchen@acme.example>\",\"status\":\"G\"}" } } } } },
	{ "root commit of a SHA-256 repository", NULL,
	    REC(H256, "", MC, "2025-03-14T10:02:11+01:00", MC,
	    "2025-03-14T10:02:11Z", NOSIG, "tag: refs/tags/v0.1", "Import")
	    "\n\nA\tREADME.md",
	    PARSE_OK, NULL, 2, {
	    { "vcs.commit", "git:commit", H256, "2025-03-14T10:02:11Z",
	      "mchen@acme.example", NULL, NULL, H256, NULL,
	      { { "parents", "[]" }, { "merge", "false" } } },
	    { "vcs.tag", "git:tag", "tag/v0.1@" H256, "2025-03-14T10:02:11Z",
	      NULL, NULL, "refs/tags/v0.1", H256, "v0.1",
	      { { NULL, NULL } } } } },
	{ "bytes that are not UTF-8", NULL,
	    REC(H1, H2, "J\xf6rg" US "j\xf6rg@acme.example",
	    "2026-10-13T10:41:09+02:00", MC, "2026-10-13T10:41:09+02:00",
	    NOSIG, "", "fix\xc3"),
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS,
	      "j\xef\xbf\xbdrg@acme.example", NULL, NULL, H1, NULL,
	      { { "invalid_utf8", "true" },
		{ "author.name", "J\xef\xbf\xbdrg" },
		{ "subject", "fix\xef\xbf\xbd" } } } } },
	{ "no author email: the name is the actor", NULL,
	    REC(H1, H2, "build-bot" US, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", NOSIG, "", "bump"),
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS, "build-bot", NULL, NULL,
	      H1, NULL, { { NULL, NULL } } } } },
	{ "a separator inside the subject", NULL,
	    REC(H1, H2, MC, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", NOSIG, "", "odd" US "subject"),
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS, NULL, NULL, NULL, H1,
	      NULL, { { "subject", "odd\x1fsubject" } } } } },
	{ "the repository from a clone URL", "# repo: git@github.com:acme/"
	    "widget.git",
	    REC(H1, H2, MC, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", NOSIG, "", "x"),
	    PARSE_OK, NULL, 1, {
	    { "vcs.commit", "git:commit", H1, ANY_TS, NULL, "acme/widget",
	      NULL, H1, NULL, { { NULL, NULL } } } } },
	{ .name = "a comment line", .rec = "# git log --all ... (2026-11-18)",
	    .rc = PARSE_NONEVENT },
	{ .name = "an empty record", .rec = "", .rc = PARSE_NONEVENT },
	/* malformed */
	BAD("not a record", "hello, world",
	    "not a git log record: expected 0x1E and a commit hash"),
	BAD("13 fields", RS H1 US H2 US MC US "2026-10-13T10:41:09+02:00" US MC
	    US "2026-10-13T10:41:09+02:00" US NOSIG US "refs/heads/main",
	    "commit record has 13 fields, want 14"),
	BAD("a hash of 39 digits",
	    REC("adf2f01b9e1e09795afdcb4e157e1116a9b67c1", H2, MC,
	    "2026-10-13T10:41:09+02:00", MC, "2026-10-13T10:41:09+02:00",
	    NOSIG, "", "x"),
	    "commit hash 'adf2f01b9e1e09795afdcb4e157e1116a9b67c1' is not 40 "
	    "or 64 lowercase hex digits"),
	BAD("an uppercase hash", REC("ADF2F01B9E1E09795AFDCB4E157E1116A9B67C1E",
	    H2, MC, "2026-10-13T10:41:09+02:00", MC,
	    "2026-10-13T10:41:09+02:00", NOSIG, "", "x"),
	    "is not 40 or 64 lowercase hex digits"),
	BAD("a parent that is no hash", REC(H1, H2 " HEAD~1", MC,
	    "2026-10-13T10:41:09+02:00", MC, "2026-10-13T10:41:09+02:00",
	    NOSIG, "", "x"), "parent 'HEAD~1' of " H1 " is not a commit hash"),
	BAD("a committer date that does not parse", REC(H1, H2, MC,
	    "2026-10-13T10:41:09+02:00", MC, "yesterday", NOSIG, "", "x"),
	    "committer date 'yesterday' of " H1),
};

/* ------------------------------------------------------------------ */
/* Capturing and checking                                              */


static void
check_commit(const char *name, const struct evwant *w, const struct evcopy *e)
{
	char when[TS_BUFSZ];
	size_t i;

	check_str(name, "source", "git_log", e->source);
	check_str(name, "action", w->action, e->action);
	check_str(name, "operation", w->operation, e->operation);
	check_str(name, "native_id", w->native_id, e->native_id);
	if (strcmp(w->ts, ANY_TS) != 0)
		check_str(name, "ts", w->ts, ts_format(e->ts_us, when));
	if (e->ts_us == EVENT_NO_TIME || e->ts_raw == NULL)
		bad("%s: no time", name);
	if ((e->ts_flags & TS_COARSE) == 0)
		bad("%s: ts_flags 0x%x", name, e->ts_flags);
	if (w->actor || strcmp(w->action, "vcs.tag") == 0)
		check_str(name, "actor", w->actor, e->actor);
	check_str(name, "repo", w->repo, e->repo);
	check_str(name, "ref", w->ref, e->ref);
	check_str(name, "commit_sha", w->commit_sha, e->commit_sha);
	check_str(name, "version", w->version, e->version);
	for (i = 0; i < NELEM(w->attrs) && w->attrs[i].path; i++) {
		char *got = attr_text(e->attrs, w->attrs[i].path), what[96];

		snprintf(what, sizeof(what), "attrs.%s", w->attrs[i].path);
		check_str(name, what, strcmp(w->attrs[i].val, ABSENT) == 0 ?
		    NULL : w->attrs[i].val, got);
		free(got);
	}
}

static void
test_rows(void **state)
{
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		const struct crow *r = &rows[i];
		struct drive dr;
		struct diag d;
		enum parse_rc rc;

		drive_begin(&dr, P, "acme-widget.gitlog", NULL, 0);
		if (r->header && drive_one(&dr, r->header, strlen(r->header),
		    &d) != PARSE_NONEVENT)
			bad("%s: header not a non-event", r->name);
		rc = drive_one(&dr, r->rec, strlen(r->rec), &d);
		if ((int)rc != r->rc) {
			bad("%s: want %s, got %s (%s)", r->name, rc_name(r->rc),
			    rc_name(rc), d.msg);
		} else if (rc == PARSE_ERR) {
			if (r->errmsg && strstr(d.msg, r->errmsg) == NULL)
				bad("%s: message \"%s\" lacks \"%s\"", r->name,
				    d.msg, r->errmsg);
			if (dr.c.n)
				bad("%s: PARSE_ERR after events", r->name);
		} else {
			if (rc == PARSE_OK && d.msg[0])
				bad("%s: message %s", r->name, d.msg);
			if (dr.c.n != r->nev)
				bad("%s: %d events, want %d", r->name, dr.c.n,
				    r->nev);
			for (k = 0; k < dr.c.n && k < r->nev && k < 3; k++)
				check_commit(r->name, &r->ev[k], &dr.c.ev[k]);
		}
		drive_free(&dr);
	}
	end_test("rows");
}

/* ------------------------------------------------------------------ */
/* Splitting                                                           */

static const struct {
	const char	*name, *buf;
	int		 eof;
	size_t		 want;
} split_rows[] = {
	{ "a record up to the next", RS "ab" US "c\n\nM\ta\n" RS "d", 0, 11 },
	{ "a record waits for the next RS", RS "ab" US "c\n\nM\ta\n", 0, 0 },
	{ "the last record at the end", RS "ab" US "c\n\nM\ta\n", 1, 11 },
	{ "a header line", "# repo: acme/widget\n" RS "ab", 0, 20 },
	{ "a header cut by a record", "# repo: x" RS "ab", 0, 9 },
	{ "a header line waits for its end", "# repo: acme", 0, 0 },
	{ "garbage, line by line", "hello\nworld\n", 0, 6 },
	{ "an empty buffer at the end", "", 1, 0 },
	{ "a lone RS", RS, 0, 0 },
	{ "a lone RS at the end", RS, 1, 1 },
};

static void
test_split(void **state)
{
	size_t i, len, got;
	char *copy;

	(void)state;
	for (i = 0; i < NELEM(split_rows); i++) {
		len = strlen(split_rows[i].buf);
		copy = malloc(len ? len : 1);
		assert_non_null(copy);
		memcpy(copy, split_rows[i].buf, len);
		got = P->split(copy, len, split_rows[i].eof);
		if (got != split_rows[i].want)
			bad("split %s: %zu, want %zu", split_rows[i].name, got,
			    split_rows[i].want);
		free(copy);
	}
	end_test("split");
}

/* A whole export through tsplit: records, line numbers, events. */
struct stream {
	struct drive		*dr;
	int			 records, ok, nonevent, err;
	int64_t			 lines[16];
	char			 msg[16][512];
};

static int
on_record(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct stream *s = arg;
	struct diag d;
	enum parse_rc rc;

	assert_null(err);
	if (s->records < 16)
		s->lines[s->records] = line;
	s->dr->pc.line = line;
	s->dr->pc.offset = offset;
	rc = drive_one(s->dr, rec, len, &d);
	if (s->records < 16)
		snprintf(s->msg[s->records], sizeof(s->msg[0]), "%s", d.msg);
	s->records++;
	if (rc == PARSE_OK)
		s->ok++;
	else if (rc == PARSE_NONEVENT)
		s->nonevent++;
	else if (rc == PARSE_ERR)
		s->err++;
	return 0;
}

static const char STREAM[] =
    "# repo: https://github.com/acme/widget\n"
    "this line is not git log output\n"
    REC(H1, H2, MC, "2026-11-17T14:53:31+01:00", MC,
    "2026-11-17T14:53:31+01:00", NOSIG, "HEAD -> refs/heads/main, tag: "
    "refs/tags/v2.5.0", "Release v2.5.0") "\n\nM\tCHANGELOG.md\n"
    REC(H2, H3, MC, "2026-11-16T11:26:59+05:30", MC,
    "2026-11-16T11:26:59+05:30", NOSIG, "", "server: request IDs")
    "\n\nM\tinternal/server/server.go\nA\tinternal/server/id.go\n"
    REC(H3, "", MC, "2025-03-14T10:02:11+01:00", MC,
    "2025-03-14T10:02:11+01:00", NOSIG, "", "Import widget") "\n";

static void
test_stream(void **state)
{
	struct drive dr;
	struct stream s;
	struct tsplit *ts;
	size_t i;

	(void)state;
	memset(&s, 0, sizeof(s));
	drive_begin(&dr, P, "acme-widget.gitlog", NULL, 0);
	s.dr = &dr;
	ts = tsplit_new(P->split, 1 << 20, on_record, &s);
	/* fed a byte at a time: the cut must not depend on the feeds */
	for (i = 0; i < sizeof(STREAM) - 1; i++)
		assert_int_equal(tsplit_feed(ts, STREAM + i, 1), 0);
	assert_int_equal(tsplit_finish(ts), 0);
	tsplit_free(ts);
	assert_int_equal(s.records, 5);
	assert_int_equal(s.nonevent, 1);
	assert_int_equal(s.ok, 3);
	assert_int_equal(s.err, 1);
	/* the header, the bad line, the three commits */
	assert_int_equal(s.lines[0], 1);
	assert_int_equal(s.lines[1], 2);
	assert_int_equal(s.lines[2], 3);
	assert_int_equal(s.lines[3], 6);
	assert_int_equal(s.lines[4], 10);
	assert_non_null(strstr(s.msg[1], "not a git log record"));
	assert_int_equal(dr.c.n, 4);
	check_str("stream", "repo", "acme/widget", dr.c.ev[0].repo);
	check_str("stream", "tag", "tag/v2.5.0@" H1, dr.c.ev[1].native_id);
	check_str("stream", "second commit", H2, dr.c.ev[2].native_id);
	{
		char *got = attr_text(dr.c.ev[2].attrs, "path_count");

		check_str("stream", "path_count", "2", got);
		free(got);
	}
	drive_free(&dr);
	end_test("stream");
}

static void
test_emit_failure(void **state)
{
	struct drive dr;
	struct diag d;

	(void)state;
	drive_begin(&dr, P, "acme-widget.gitlog", NULL, 0);
	dr.c.fail = 1;
	assert_int_equal(drive_one(&dr, rows[0].rec, strlen(rows[0].rec), &d),
	    PARSE_FATAL);
	/* the commit went through; its tag fails */
	dr.c.fail = 0;
	drive_free(&dr);
}

/* ------------------------------------------------------------------ */
/* Probe                                                               */

static const struct probe_row probe_rows[] = {
	{ "a record", NULL, RS H1 US H2 US "x", "repo.gitlog", 95, 95,
	    DETECT_IF_CLAIMED },
	{ "a header, then a record", NULL, "# repo: acme/widget\n# more\n"
	    RS H256 US, "repo.gitlog", 95, 95, DETECT_IF_CLAIMED },
	{ "a 39-digit hash", NULL,
	    RS "adf2f01b9e1e09795afdcb4e157e1116a9b67c1" US, "repo.gitlog",
	    0, 0, DETECT_IF_CLAIMED },
	{ "no separator after the hash", NULL, RS H1 "\n", "repo.gitlog", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "plain git log", NULL, "commit " H1 "\nAuthor: Mei Chen\n",
	    "repo.gitlog", 0, 0, DETECT_IF_CLAIMED },
	{ "a comment without end", NULL, "# repo: acme", "repo.gitlog", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "JSON", NULL, "{\"mediaType\":\"x\"}", "repo.gitlog", 0, 0,
	    DETECT_IF_CLAIMED },
	{ "empty", NULL, "", "repo.gitlog", 0, 0, DETECT_IF_CLAIMED },
};

static void
test_probe(void **state)
{
	(void)state;
	run_probes(&S, probe_rows, NELEM(probe_rows));
	assert_ptr_equal(parser_find("git_log"), P);
	assert_int_equal(P->kind, INPUT_TEXT);
	assert_non_null(strstr(P->howto, "%x1e%H%x1f%P"));
}

/* ------------------------------------------------------------------ */
/* The sample, written by real git                                     */

static void
test_sample(void **state)
{
	const char *root = getenv("SIGTRAIL_SRCDIR");
	struct drive dr;
	struct stream s;
	struct tsplit *ts;
	char path[4096], buf[4096];
	FILE *fp;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/samples/evidence/git/"
	    "acme-widget.gitlog", root && *root ? root : ".");
	if ((fp = fopen(path, "rb")) == NULL) {
		print_message("sample %s absent: test skipped\n", path);
		skip();
	}
	memset(&s, 0, sizeof(s));
	drive_begin(&dr, P, "acme-widget.gitlog", NULL, 0);
	s.dr = &dr;
	ts = tsplit_new(P->split, 1 << 20, on_record, &s);
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		assert_int_equal(tsplit_feed(ts, buf, n), 0);
	fclose(fp);
	assert_int_equal(tsplit_finish(ts), 0);
	tsplit_free(ts);
	print_message("sample: %d records, %d commits, %d errors\n",
	    s.records, s.ok, s.err);
	assert_int_equal(s.err, 0);
	assert_int_equal(s.nonevent, 1);	/* the "# repo:" line */
	assert_true(s.ok >= 20);
	drive_free(&dr);
}

RUN_TESTS(cmocka_unit_test(test_rows), cmocka_unit_test(test_split),
    cmocka_unit_test(test_stream), cmocka_unit_test(test_emit_failure),
    cmocka_unit_test(test_probe), cmocka_unit_test(test_sample))
