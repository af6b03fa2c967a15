/* SPDX-License-Identifier: MIT */
/*
 * test_intake.c - unit tests of the evidence intake (ingest/source.c and
 * ingest/records.c) on real inputs built in a temporary directory: plain
 * and gzipped CloudTrail files, tar.gz and zip archives (nested, with
 * path-traversal names and links), directory walks, unknown, empty,
 * truncated and malformed input, the nesting, entry and decompression
 * limits, standard input, and re-ingesting (same file, same content under
 * another name, --all-events later, a member already in the case).  Each
 * case checks the evidence rows (hashes computed here from the bytes
 * written), their counts, the events, warnings and quarantine rows.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "digest.h"
#include "err.h"
#include "ingest.h"
#include "store.h"
#include "xalloc.h"

#define T0	INT64_C(1768046400000000)	/* 2026-01-10T12:00:00Z */

struct fx {
	char			 dir[256];	/* the temporary directory */
	struct store		*st;
	sqlite3			*db;
	struct ingest_opts	 o;
	struct ingest		 ig;
};

/* ---- CloudTrail records ----------------------------------------------- */

#define ACCOUNT	"111122223333"
#define KEY_ARN	"arn:aws:kms:eu-west-1:" ACCOUNT ":key/" \
		"4f1e2d3c-0a0b-4c0d-9e0f-112233445566"

/* A kms:Sign by the release role (in scope). */
static void
rec_sign(struct buf *b, const char *id, int sec)
{
	buf_addf(b, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
	    "\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:gha-1\",\"arn\":"
	    "\"arn:aws:sts::" ACCOUNT ":assumed-role/signer/gha-1\","
	    "\"accountId\":\"" ACCOUNT "\",\"accessKeyId\":\"ASIAEXAMPLE1\","
	    "\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
	    "\"arn\":\"arn:aws:iam::" ACCOUNT ":role/signer\"}}},"
	    "\"eventTime\":\"2026-01-10T12:00:%02dZ\",\"eventSource\":"
	    "\"kms.amazonaws.com\",\"eventName\":\"Sign\",\"awsRegion\":"
	    "\"eu-west-1\",\"sourceIPAddress\":\"192.0.2.10\",\"userAgent\":"
	    "\"aws-cli/2.15\",\"requestParameters\":{\"keyId\":"
	    "\"alias/release\",\"messageType\":\"DIGEST\","
	    "\"signingAlgorithm\":\"ECDSA_SHA_256\"},\"responseElements\":null,"
	    "\"requestID\":\"req-%s\",\"eventID\":\"%s\",\"readOnly\":true,"
	    "\"resources\":[{\"accountId\":\"" ACCOUNT "\",\"type\":"
	    "\"AWS::KMS::Key\",\"ARN\":\"" KEY_ARN "\"}],\"eventType\":"
	    "\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":"
	    "\"" ACCOUNT "\",\"eventCategory\":\"Management\"}", sec % 60, id,
	    id);
}

/* An sts:AssumeRoleWithWebIdentity by a GitHub workflow (in scope). */
static void
rec_assume(struct buf *b, const char *id, int sec)
{
	buf_addf(b, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
	    "\"WebIdentityUser\",\"principalId\":\"arn:aws:iam::" ACCOUNT
	    ":oidc-provider/token.actions.githubusercontent.com:sts.amazonaws"
	    ".com:repo:acme/widget:ref:refs/tags/v1.0.0\",\"userName\":"
	    "\"repo:acme/widget:ref:refs/tags/v1.0.0\",\"identityProvider\":"
	    "\"token.actions.githubusercontent.com\"},\"eventTime\":"
	    "\"2026-01-10T12:00:%02dZ\",\"eventSource\":\"sts.amazonaws.com\","
	    "\"eventName\":\"AssumeRoleWithWebIdentity\",\"awsRegion\":"
	    "\"eu-west-1\",\"sourceIPAddress\":\"198.51.100.7\",\"userAgent\":"
	    "\"aws-sdk-js\",\"requestParameters\":{\"roleArn\":"
	    "\"arn:aws:iam::" ACCOUNT ":role/signer\",\"roleSessionName\":"
	    "\"gha-1\"},\"responseElements\":{\"credentials\":{"
	    "\"accessKeyId\":\"ASIAEXAMPLE1\",\"sessionToken\":\"secret\","
	    "\"expiration\":\"Jan 10, 2026, 1:00:00 PM\"},"
	    "\"subjectFromWebIdentityToken\":"
	    "\"repo:acme/widget:ref:refs/tags/v1.0.0\",\"assumedRoleUser\":{"
	    "\"assumedRoleId\":\"AROAEXAMPLE:gha-1\",\"arn\":"
	    "\"arn:aws:sts::" ACCOUNT ":assumed-role/signer/gha-1\"},"
	    "\"provider\":\"arn:aws:iam::" ACCOUNT ":oidc-provider/"
	    "token.actions.githubusercontent.com\",\"audience\":"
	    "\"sts.amazonaws.com\"},\"requestID\":\"req-%s\",\"eventID\":"
	    "\"%s\",\"readOnly\":true,\"eventType\":\"AwsApiCall\","
	    "\"managementEvent\":true,\"recipientAccountId\":\"" ACCOUNT "\"}",
	    sec % 60, id, id);
}

/* A kms:Decrypt (out of the signing scope). */
static void
rec_decrypt(struct buf *b, const char *id, int sec)
{
	buf_addf(b, "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":"
	    "\"AWSService\",\"invokedBy\":\"lambda.amazonaws.com\"},"
	    "\"eventTime\":\"2026-01-10T12:00:%02dZ\",\"eventSource\":"
	    "\"kms.amazonaws.com\",\"eventName\":\"Decrypt\",\"awsRegion\":"
	    "\"eu-west-1\",\"sourceIPAddress\":\"lambda.amazonaws.com\","
	    "\"userAgent\":\"lambda.amazonaws.com\",\"requestParameters\":{"
	    "\"encryptionAlgorithm\":\"SYMMETRIC_DEFAULT\"},"
	    "\"responseElements\":null,\"requestID\":\"req-%s\",\"eventID\":"
	    "\"%s\",\"readOnly\":true,\"resources\":[{\"type\":"
	    "\"AWS::KMS::Key\",\"ARN\":\"arn:aws:kms:eu-west-1:" ACCOUNT
	    ":key/0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a\"}],\"eventType\":"
	    "\"AwsApiCall\",\"recipientAccountId\":\"" ACCOUNT "\"}",
	    sec % 60, id, id);
}

/*
 * {"Records":[sign, assume, decrypt]} with eventIDs "<tag>-1".."<tag>-3"
 * (a different tag gives different events).  Caller frees.
 */
static char *
ct_file(const char *tag, size_t *len)
{
	struct buf b = BUF_INIT;
	char id[64];

	buf_addstr(&b, "{\"Records\":[\n");
	snprintf(id, sizeof(id), "%s-1", tag);
	rec_sign(&b, id, 7);
	buf_addstr(&b, ",\n");
	snprintf(id, sizeof(id), "%s-2", tag);
	rec_assume(&b, id, 3);
	buf_addstr(&b, ",\n");
	snprintf(id, sizeof(id), "%s-3", tag);
	rec_decrypt(&b, id, 9);
	buf_addstr(&b, "\n]}\n");
	return buf_detach(&b, len);
}

/* ---- building files ----------------------------------------------------- */

static char *
path_in(struct fx *f, const char *name)
{
	return xasprintf("%s/%s", f->dir, name);
}

static char *
write_file(struct fx *f, const char *name, const void *p, size_t n)
{
	char *path = path_in(f, name);
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
	return path;
}

static la_ssize_t
wr_buf(struct archive *a, void *arg, const void *p, size_t n)
{
	buf_add(arg, p, n);
	return (la_ssize_t)n;
}

enum { M_FILE, M_SYMLINK, M_HARDLINK, M_DIR };

struct member {
	const char	*name;
	const void	*data;
	size_t		 len;
	int		 type;
	const char	*target;	/* links */
};

/*
 * An archive in memory: format ARCHIVE_FORMAT_TAR_PAX_RESTRICTED,
 * _ZIP or _RAW; gzip 1 adds the gzip filter.  Caller releases out.
 */
static void
make_archive(struct buf *out, int format, int gzip,
    const struct member *m, size_t n)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e;
	size_t i;

	assert_non_null(a);
	buf_init(out);
	if (gzip)
		assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_format(a, format), ARCHIVE_OK);
	assert_int_equal(archive_write_set_bytes_in_last_block(a, 1),
	    ARCHIVE_OK);
	assert_int_equal(archive_write_open2(a, out, NULL, wr_buf, NULL, NULL),
	    ARCHIVE_OK);
	for (i = 0; i < n; i++) {
		e = archive_entry_new();
		archive_entry_set_pathname(e, m[i].name);
		archive_entry_set_mtime(e, 1768046400, 0);
		archive_entry_set_perm(e, 0644);
		switch (m[i].type) {
		case M_FILE:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)m[i].len);
			break;
		case M_SYMLINK:
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, m[i].target);
			break;
		case M_HARDLINK:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, m[i].target);
			archive_entry_set_size(e, 0);
			break;
		case M_DIR:
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
			break;
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (m[i].type == M_FILE && m[i].len > 0)
			assert_int_equal(archive_write_data(a, m[i].data,
			    m[i].len), (la_ssize_t)m[i].len);
		archive_entry_free(e);
	}
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
}

/* gzip of p[0..n) into out. */
static void
gzip_mem(struct buf *out, const void *p, size_t n)
{
	struct member m = { "data", p, n, M_FILE, NULL };

	make_archive(out, ARCHIVE_FORMAT_RAW, 1, &m, 1);
}

static void
sha(const void *p, size_t n, char *hex)
{
	assert_int_equal(sha256_hex(p, n, hex), 0);
}

/* ---- reading the case --------------------------------------------------- */

static int64_t
q_int(sqlite3 *db, const char *fmt, ...)
{
	sqlite3_stmt *stmt = NULL;
	va_list ap;
	char *sql;
	int64_t v;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare '%s': %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(stmt) != SQLITE_ROW)
		fail_msg("no row from '%s'", sql);
	v = sqlite3_column_type(stmt, 0) == SQLITE_NULL ? INT64_MIN :
	    sqlite3_column_int64(stmt, 0);
	sqlite3_finalize(stmt);
	sqlite3_free(sql);
	return v;
}

/* Every row as "a|b|c\n" (NULL as "NULL"); %q/%Q formats.  Caller frees. */
static char *
q_rows(sqlite3 *db, const char *fmt, ...)
{
	sqlite3_stmt *stmt = NULL;
	struct buf b = BUF_INIT;
	va_list ap;
	char *sql;
	int i, n, rc;

	va_start(ap, fmt);
	sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		fail_msg("prepare '%s': %s", sql, sqlite3_errmsg(db));
	n = sqlite3_column_count(stmt);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			const char *s = (const char *)sqlite3_column_text(stmt,
			    i);

			if (i)
				buf_addch(&b, '|');
			buf_addstr(&b, s ? s : "NULL");
		}
		buf_addch(&b, '\n');
	}
	assert_int_equal(rc, SQLITE_DONE);
	sqlite3_finalize(stmt);
	sqlite3_free(sql);
	return buf_detach(&b, NULL);
}

#define assert_rows(db, want, ...) do {					\
	char *got_ = q_rows((db), __VA_ARGS__);				\
	if (strcmp(got_, (want)) != 0) {				\
		print_error("want:\n%sgot:\n%s", (want), got_);		\
		free(got_);						\
		fail();							\
	}								\
	free(got_);							\
} while (0)

/* Evidence columns most tests compare. */
#define EV_COLS "kind, coalesce(member, ''), coalesce(parser, ''),"	\
    " coalesce(compression, ''), status, records_read, records_stored,"	\
    " records_duplicate, records_out_of_scope, records_nonevent,"	\
    " records_quarantined, events_stored, warnings"

/* The chain-of-custody sums hold for every row and the events agree. */
static void
check_invariants(struct fx *f)
{
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence WHERE"
	    " kind != 'archive' AND records_read != records_stored +"
	    " records_duplicate + records_out_of_scope + records_nonevent +"
	    " records_quarantined"), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence v WHERE"
	    " events_stored != (SELECT count(*) FROM events e WHERE"
	    " e.evidence_id = v.id) OR (kind != 'archive' AND"
	    " records_stored != events_stored)"), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence v WHERE"
	    " warnings != (SELECT count(*) FROM warnings w WHERE"
	    " w.evidence_id = v.id)"), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence v WHERE"
	    " records_quarantined != (SELECT count(*) FROM quarantine q WHERE"
	    " q.evidence_id = v.id)"), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence WHERE"
	    " status = 'open' OR length(sha256) != 64 OR"
	    " length(content_sha256) != 64"), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence WHERE"
	    " run_id IS NULL"), 0);
}

static void
ingest_ok(struct fx *f, const char *path)
{
	assert_int_equal(ingest_path(&f->ig, path), 0);
	check_invariants(f);
}

/* ---- fixture ------------------------------------------------------------ */

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof(*f));
	const char *t = getenv("TMPDIR");
	struct diag d;

	snprintf(f->dir, sizeof(f->dir), "%s/sigtrail-intake-XXXXXX",
	    t && *t ? t : "/tmp");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	diag_clear(&d);
	if (store_open(":memory:", STORE_RW, &f->st, &d) < 0) {
		fprintf(stderr, "store_open: %s\n", d.msg);
		rmdir(f->dir);
		free(f);
		return -1;
	}
	f->db = store_db(f->st);
	ingest_opts_init(&f->o);
	f->ig.st = f->st;
	f->ig.o = &f->o;
	f->ig.started_us = T0;
	f->ig.run_id = store_run_begin(f->st, "ingest", "sigtrail ingest t",
	    T0);
	*state = f;
	return f->ig.run_id > 0 ? 0 : -1;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	store_close(f->st);
	nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* A second run, as a later "sigtrail ingest" would record it. */
static void
new_run(struct fx *f)
{
	memset(&f->ig.s, 0, sizeof(f->ig.s));
	f->ig.run_id = store_run_begin(f->st, "ingest", "again", T0 + 1);
	assert_true(f->ig.run_id > 0);
}

/* ---- plain and compressed files ----------------------------------------- */

static void
test_plain_file(void **state)
{
	struct fx *f = *state;
	size_t n;
	char *data = ct_file("plain", &n), *path, hex[SHA256_HEXLEN];
	char *want;
	size_t off1, off2;

	path = write_file(f, "ct.json", data, n);
	sha(data, n, hex);
	ingest_ok(f, path);

	want = xasprintf("file|%s|%s|cloudtrail|NULL|done|signing|%s|%zu|%s|"
	    "%zu|3|2|0|1|0|0|2|0|1|NULL\n", path, path, hex, n, hex, n);
	assert_rows(f->db, want, "SELECT kind, path, abs_path, parser,"
	    " compression, status, scope, sha256, size, content_sha256,"
	    " content_size, records_read, records_stored, records_duplicate,"
	    " records_out_of_scope, records_nonevent, records_quarantined,"
	    " events_stored, warnings, run_id, parent_id FROM evidence");
	free(want);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence WHERE"
	    " mtime LIKE '____-__-__T__:__:__%%Z'"), 1);
	/* the two in-scope records, with their locators */
	off1 = (size_t)(strstr(data, "{\"eventVersion") - data);
	off2 = (size_t)(strstr(data + off1 + 1, "{\"eventVersion") - data);
	want = xasprintf("plain-1|sign|kms:Sign|arn:aws:iam::" ACCOUNT
	    ":role/signer|ASIAEXAMPLE1/gha-1|" KEY_ARN "|alias/release|NULL|"
	    "NULL|line 2, byte %zu|2|%zu\n"
	    "plain-2|session.assume|sts:AssumeRoleWithWebIdentity|"
	    "repo:acme/widget:ref:refs/tags/v1.0.0|ASIAEXAMPLE1/gha-1|NULL|"
	    "NULL|acme/widget|refs/tags/v1.0.0|line 3, byte %zu|3|%zu\n",
	    off1, off1, off2, off2);
	assert_rows(f->db, want, "SELECT native_id, action, operation, actor,"
	    " session, coalesce(key_ref, 'NULL'), coalesce(key_raw, 'NULL'),"
	    " coalesce(repo, 'NULL'), coalesce(ref, 'NULL'), locator, line,"
	    " offset FROM events ORDER BY native_id");
	free(want);
	/* raw is the record's bytes exactly */
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events WHERE"
	    " instr(%Q, CAST(raw AS TEXT)) = offset + 1 AND"
	    " substr(CAST(raw AS TEXT), 1, 1) = '{' AND"
	    " substr(CAST(raw AS TEXT), -1, 1) = '}'", data), 2);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings"), 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM quarantine"), 0);
	assert_int_equal(f->ig.s.items, 1);
	assert_int_equal(f->ig.s.records, 3);
	assert_int_equal(f->ig.s.events, 2);
	assert_int_equal(f->ig.s.out_of_scope, 1);
	assert_int_equal(f->ig.s.bytes, n);
	free(path);
	free(data);
}

static void
test_gzip_file(void **state)
{
	struct fx *f = *state;
	struct buf gz;
	size_t n;
	char *data = ct_file("gz", &n), *path, *want;
	char hex[SHA256_HEXLEN], chex[SHA256_HEXLEN];

	gzip_mem(&gz, data, n);
	assert_true(gz.len > 10 && (unsigned char)gz.s[0] == 0x1f);
	path = write_file(f, "ct.json.gz", gz.s, gz.len);
	sha(gz.s, gz.len, hex);
	sha(data, n, chex);
	ingest_ok(f, path);
	want = xasprintf("file|cloudtrail|gzip|done|%s|%zu|%s|%zu|3|2|1|2\n",
	    hex, gz.len, chex, n);
	assert_rows(f->db, want, "SELECT kind, parser, compression, status,"
	    " sha256, size, content_sha256, content_size, records_read,"
	    " records_stored, records_out_of_scope, events_stored FROM"
	    " evidence");
	free(want);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 2);
	buf_release(&gz);
	free(path);
	free(data);
}

static void
test_unknown_and_empty(void **state)
{
	struct fx *f = *state;
	static const char text[] = "Nov 10 12:00:01 host sshd[1]: hello\n";
	char *p1, *p2, *want, hex[SHA256_HEXLEN];

	p1 = write_file(f, "notes.log", text, sizeof(text) - 1);
	p2 = write_file(f, "empty.json", "", 0);
	ingest_ok(f, p1);
	ingest_ok(f, p2);
	sha(text, sizeof(text) - 1, hex);
	want = xasprintf("file|||unrecognized|0|0|0|0|0|0|0|1|%s|%zu\n"
	    "file|||done|0|0|0|0|0|0|0|0|"
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	    "|0\n", hex, sizeof(text) - 1);
	assert_rows(f->db, want, "SELECT kind, coalesce(parser, ''),"
	    " coalesce(compression, ''), status, records_read,"
	    " records_stored, records_duplicate, records_out_of_scope,"
	    " records_nonevent, records_quarantined, events_stored, warnings,"
	    " sha256, size FROM evidence ORDER BY id");
	free(want);
	assert_rows(f->db, "1|format|NULL|1\n", "SELECT evidence_id, kind,"
	    " locator, message LIKE 'format not recognized (starts with"
	    " \"Nov 10 12:00:01 host ssh\")%%' FROM warnings");
	assert_int_equal(f->ig.s.unrecognized, 1);
	/* an unrecognized file is read again next time (it may get a
	 * --format); an empty one is known */
	new_run(f);
	ingest_ok(f, p1);
	ingest_ok(f, p2);
	assert_int_equal(f->ig.s.known, 1);
	assert_int_equal(f->ig.s.unrecognized, 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 3);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence_seen"),
	    1);
	free(p1);
	free(p2);
}

static void
test_truncated_gzip(void **state)
{
	struct fx *f = *state;
	struct buf json = BUF_INIT, gz;
	char id[32], *path, hex[SHA256_HEXLEN];
	size_t cut;
	int i;
	int64_t stored;

	/* enough records that the cut falls well inside the data */
	buf_addstr(&json, "{\"Records\":[");
	for (i = 0; i < 400; i++) {
		snprintf(id, sizeof(id), "trunc-%04d-%08x", i,
		    (unsigned)(i * 2654435761u));
		if (i)
			buf_addch(&json, ',');
		rec_sign(&json, id, i);
	}
	buf_addstr(&json, "]}");
	gzip_mem(&gz, json.s, json.len);
	cut = gz.len / 2;
	path = write_file(f, "cut.json.gz", gz.s, cut);
	sha(gz.s, cut, hex);
	ingest_ok(f, path);

	stored = q_int(f->db, "SELECT count(*) FROM events");
	assert_true(stored > 10);
	assert_true(stored < 400);
	assert_int_equal(q_int(f->db, "SELECT records_stored FROM evidence"),
	    stored);
	assert_int_equal(q_int(f->db, "SELECT sha256 = %Q AND size = %d FROM"
	    " evidence", hex, (int)cut), 1);
	/* a read error warning, and the record cut in two is quarantined */
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'read'"), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'read' AND message LIKE '%%read error%%'"), 1);
	assert_true(q_int(f->db, "SELECT records_quarantined FROM evidence")
	    <= 1);
	assert_int_equal(f->ig.s.failed, 0);
	buf_release(&json);
	buf_release(&gz);
	free(path);
}

static void
test_malformed_record(void **state)
{
	struct fx *f = *state;
	struct buf b = BUF_INIT;
	static const char bad[] = "{\"eventVersion\":\"1.08\","
	    "\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Sign\","
	    "\"eventID\":\"bad-1\",\"eventTime\":\"2026-01-10T12:00:00Z\","
	    "\"oops\": tru}";
	static const char no_time[] = "{\"eventVersion\":\"1.08\","
	    "\"eventSource\":\"kms.amazonaws.com\",\"eventName\":\"Sign\","
	    "\"eventID\":\"bad-2\"}";
	char *path, *want;
	sqlite3_stmt *stmt;
	size_t off;

	buf_addstr(&b, "{\"Records\":[\n");
	rec_sign(&b, "mal-1", 1);
	buf_addstr(&b, ",\n");
	off = b.len;
	buf_addstr(&b, bad);
	buf_addstr(&b, ",\n");
	buf_addstr(&b, no_time);
	buf_addstr(&b, ",\n");
	rec_assume(&b, "mal-2", 2);
	buf_addstr(&b, ",\n");
	rec_decrypt(&b, "mal-3", 3);
	buf_addstr(&b, "\n]}\n");
	path = write_file(f, "mixed.json", b.s, b.len);
	ingest_ok(f, path);

	assert_rows(f->db, "file||cloudtrail||done|5|2|0|1|0|2|2|0\n",
	    "SELECT " EV_COLS " FROM evidence");
	want = xasprintf("line 3, byte %zu|3|%zu|1\nline 4, byte %zu|4|%zu|1\n",
	    off, off, off + sizeof(bad) - 1 + 2, off + sizeof(bad) - 1 + 2);
	assert_rows(f->db, want, "SELECT locator, line, offset, reason LIKE"
	    " CASE line WHEN 3 THEN 'invalid JSON:%%' ELSE"
	    " '%%no eventTime%%' END FROM quarantine ORDER BY id");
	free(want);
	/* the raw bytes of the bad record, exactly */
	assert_int_equal(sqlite3_prepare_v2(f->db, "SELECT raw FROM quarantine"
	    " ORDER BY id", -1, &stmt, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(stmt, 0), sizeof(bad) - 1);
	assert_memory_equal(sqlite3_column_blob(stmt, 0), bad,
	    sizeof(bad) - 1);
	sqlite3_finalize(stmt);
	assert_rows(f->db, "mal-1\nmal-2\n", "SELECT native_id FROM events"
	    " ORDER BY native_id");
	assert_int_equal(f->ig.s.quarantined, 2);
	buf_release(&b);
	free(path);
}

/* ---- archives ----------------------------------------------------------- */

static void
test_tar_gz_nested_zip(void **state)
{
	struct fx *f = *state;
	struct buf zip, tgz;
	size_t n1, n2, n3;
	char *a = ct_file("tar-a", &n1), *b = ct_file("tar-b", &n2);
	char *c = ct_file("zip-c", &n3), *path, *want;
	char ha[SHA256_HEXLEN], hb[SHA256_HEXLEN], hc[SHA256_HEXLEN];
	char hz[SHA256_HEXLEN], ht[SHA256_HEXLEN];
	struct member zm[] = {
		{ "inner/", NULL, 0, M_DIR, NULL },
		{ "inner/c.json", c, n3, M_FILE, NULL },
	};
	struct member tm[3];

	make_archive(&zip, ARCHIVE_FORMAT_ZIP, 0, zm, 2);
	tm[0] = (struct member){ "logs/a.json", a, n1, M_FILE, NULL };
	tm[1] = (struct member){ "logs/b.json", b, n2, M_FILE, NULL };
	tm[2] = (struct member){ "logs/c.zip", zip.s, zip.len, M_FILE, NULL };
	make_archive(&tgz, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 1, tm, 3);
	path = write_file(f, "bundle.tar.gz", tgz.s, tgz.len);
	sha(a, n1, ha);
	sha(b, n2, hb);
	sha(c, n3, hc);
	sha(zip.s, zip.len, hz);
	sha(tgz.s, tgz.len, ht);
	ingest_ok(f, path);

	assert_rows(f->db,
	    "1|NULL|archive|||gzip|done|3|0|0|0|0|0|0|0\n"
	    "2|1|member|logs/a.json|cloudtrail||done|3|2|0|1|0|0|2|0\n"
	    "3|1|member|logs/b.json|cloudtrail||done|3|2|0|1|0|0|2|0\n"
	    "4|1|archive|logs/c.zip|||done|1|0|0|0|0|0|0|0\n"
	    "5|4|member|logs/c.zip!inner/c.json|cloudtrail||done|3|2|0|1|0|0|"
	    "2|0\n",
	    "SELECT id, coalesce(parent_id, 'NULL'), " EV_COLS " FROM evidence"
	    " ORDER BY id");
	want = xasprintf("%s|%zu|%s\n%s|%zu|%s\n%s|%zu|%s\n%s|%zu|%s\n"
	    "%s|%zu|%s\n", ht, tgz.len, ht, ha, n1, ha, hb, n2, hb, hz,
	    zip.len, hz, hc, n3, hc);
	assert_rows(f->db, want, "SELECT sha256, size, content_sha256 FROM"
	    " evidence ORDER BY id");
	free(want);
	/* every row names the operand and where it was found */
	want = xasprintf("%s\n", path);
	assert_rows(f->db, want, "SELECT DISTINCT path FROM evidence");
	free(want);
	assert_int_equal(q_int(f->db, "SELECT count(DISTINCT abs_path) FROM"
	    " evidence WHERE abs_path IS NOT NULL"), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 6);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings"), 0);
	assert_int_equal(f->ig.s.archives, 2);
	assert_int_equal(f->ig.s.items, 3);

	/* the same archive again: known, nothing added */
	new_run(f);
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 5);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 6);
	assert_rows(f->db, "1|2\n", "SELECT evidence_id, run_id FROM"
	    " evidence_seen");
	buf_release(&zip);
	buf_release(&tgz);
	free(a);
	free(b);
	free(c);
	free(path);
}

static void
test_traversal_and_links(void **state)
{
	struct fx *f = *state;
	struct buf tar;
	size_t n;
	char *data = ct_file("trav", &n), *path, *sub, *cwd, *esc;
	struct member m[] = {
		{ "../../etc/x.json", data, n, M_FILE, NULL },
		{ "link", NULL, 0, M_SYMLINK, "/etc/passwd" },
		{ "link/passwd", "root:x:0:0\n", 11, M_FILE, NULL },
		{ "hard", NULL, 0, M_HARDLINK, "../../etc/shadow" },
		{ "/abs/y.json", "", 0, M_FILE, NULL },
	};

	make_archive(&tar, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 0, m, 5);
	path = write_file(f, "evil.tar", tar.s, tar.len);
	/* run from two levels down: "../../etc" is then inside f->dir */
	sub = path_in(f, "a");
	assert_int_equal(mkdir(sub, 0755), 0);
	free(sub);
	sub = path_in(f, "a/b");
	assert_int_equal(mkdir(sub, 0755), 0);
	cwd = getcwd(NULL, 0);
	assert_non_null(cwd);
	assert_int_equal(chdir(sub), 0);
	assert_int_equal(ingest_path(&f->ig, path), 0);
	assert_int_equal(chdir(cwd), 0);
	check_invariants(f);

	/* nothing written anywhere: the directory holds what we made */
	esc = path_in(f, "etc");
	assert_int_equal(access(esc, F_OK), -1);
	free(esc);
	esc = path_in(f, "a/b/link");
	assert_int_equal(access(esc, F_OK), -1);
	free(esc);
	assert_int_equal(access("/abs/y.json", F_OK), -1);

	/* the member is read as data under its name, as a label */
	assert_rows(f->db,
	    "archive||||done|3|0|0|0|0|0|0|2\n"
	    "member|../../etc/x.json|cloudtrail||done|3|2|0|1|0|0|2|0\n"
	    "member|link/passwd|||unrecognized|0|0|0|0|0|0|0|1\n"
	    "member|/abs/y.json|||done|0|0|0|0|0|0|0|0\n",
	    "SELECT " EV_COLS " FROM evidence ORDER BY id");
	assert_rows(f->db,
	    "1|link|link|1\n"
	    "3|format|NULL|0\n"
	    "1|link|hard|1\n",
	    "SELECT evidence_id, kind, coalesce(locator, 'NULL'),"
	    " CASE kind WHEN 'link' THEN message LIKE '%%not followed%%'"
	    " ELSE 0 END FROM warnings ORDER BY id");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " message LIKE '%%/etc/passwd%%'"), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " message LIKE '%%../../etc/shadow%%'"), 1);
	free(cwd);
	free(sub);
	buf_release(&tar);
	free(data);
	free(path);
}

static void
test_directory_sorted(void **state)
{
	struct fx *f = *state;
	static const char *const names[] = {
		"tree/b.json", "tree/a.json", "tree/sub/z.json",
		"tree/sub/c.json", "tree/B.json", "tree/a.json.bak",
	};
	char *p, *want, *link, *target;
	size_t i, n;

	p = path_in(f, "tree");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = path_in(f, "tree/sub");
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *d = ct_file(names[i], &n);

		free(write_file(f, names[i], d, n));
		free(d);
	}
	/* a symbolic link inside the tree is noted, not followed */
	link = path_in(f, "tree/link.json");
	target = path_in(f, "tree/a.json");
	assert_int_equal(symlink(target, link), 0);
	p = path_in(f, "tree");
	ingest_ok(f, p);

	want = xasprintf("%s/B.json\n%s/a.json\n%s/a.json.bak\n%s/b.json\n"
	    "%s/sub/c.json\n%s/sub/z.json\n", p, p, p, p, p, p);
	assert_rows(f->db, want, "SELECT path FROM evidence ORDER BY id");
	free(want);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence WHERE"
	    " kind = 'file' AND status = 'done' AND records_stored = 2"), 6);
	want = xasprintf("NULL|path|%s|1\n", link);
	assert_rows(f->db, want, "SELECT coalesce(evidence_id, 'NULL'), kind,"
	    " locator, message LIKE '%%symbolic link%%' FROM warnings");
	free(want);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 12);
	/* the same tree with a trailing slash: all known */
	new_run(f);
	want = xasprintf("%s/", p);
	ingest_ok(f, want);
	free(want);
	assert_int_equal(f->ig.s.known, 6);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 6);
	free(link);
	free(target);
	free(p);
}

/* tar.gz(zip(tar(json))) */
static void
make_deep(struct buf *out, const char *json, size_t n)
{
	struct buf t1, z;
	struct member m1 = { "deep/d.json", json, n, M_FILE, NULL };
	struct member m2, m3;

	make_archive(&t1, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 0, &m1, 1);
	m2 = (struct member){ "level2.tar", t1.s, t1.len, M_FILE, NULL };
	make_archive(&z, ARCHIVE_FORMAT_ZIP, 0, &m2, 1);
	m3 = (struct member){ "level1.zip", z.s, z.len, M_FILE, NULL };
	make_archive(out, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 1, &m3, 1);
	buf_release(&t1);
	buf_release(&z);
}

static void
test_max_depth(void **state)
{
	struct fx *f = *state;
	struct buf deep;
	size_t n;
	char *data = ct_file("deep", &n), *path, hex[SHA256_HEXLEN];

	sha(data, n, hex);
	make_deep(&deep, data, n);
	path = write_file(f, "deep.tar.gz", deep.s, deep.len);
	/* the file is depth 0, level1.zip 1, level2.tar 2, d.json 3 */
	f->o.max_depth = 2;
	ingest_ok(f, path);
	assert_rows(f->db,
	    "archive|||gzip|partial|1|0|0|0|0|0|0|0\n"
	    "archive|level1.zip|||partial|1|0|0|0|0|0|0|0\n"
	    "archive|level1.zip!level2.tar|||partial|1|0|0|0|0|0|0|0\n"
	    "member|level1.zip!level2.tar!deep/d.json|||skipped|0|0|0|0|0|0|"
	    "0|1\n",
	    "SELECT " EV_COLS " FROM evidence ORDER BY id");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'limit' AND evidence_id = 4 AND message LIKE"
	    " '%%--max-depth%%'"), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 0);
	/* the member not opened is hashed all the same */
	assert_int_equal(q_int(f->db, "SELECT sha256 = %Q AND size = %d FROM"
	    " evidence WHERE id = 4", hex, (int)n), 1);

	/* with a deeper limit the same file is read again, not "known" */
	new_run(f);
	f->o.max_depth = 3;
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 0);
	assert_rows(f->db,
	    "archive|||gzip|done|1|0|0|0|0|0|0|0\n"
	    "archive|level1.zip|||done|1|0|0|0|0|0|0|0\n"
	    "archive|level1.zip!level2.tar|||done|1|0|0|0|0|0|0|0\n"
	    "member|level1.zip!level2.tar!deep/d.json|cloudtrail||done|3|2|0|"
	    "1|0|0|2|0\n",
	    "SELECT " EV_COLS " FROM evidence WHERE run_id = %lld ORDER BY id",
	    (long long)f->ig.run_id);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 2);
	buf_release(&deep);
	free(data);
	free(path);
}

static void
test_max_entries(void **state)
{
	struct fx *f = *state;
	struct member m[6];
	struct buf tar;
	char *d[6], *path, tag[16];
	size_t n[6], i;

	for (i = 0; i < 6; i++) {
		snprintf(tag, sizeof(tag), "ent%zu", i);
		d[i] = ct_file(tag, &n[i]);
		m[i] = (struct member){ NULL, d[i], n[i], M_FILE, NULL };
	}
	m[0].name = "e0.json";
	m[1].name = "e1.json";
	m[2].name = "e2.json";
	m[3].name = "e3.json";
	m[4].name = "e4.json";
	m[5].name = "e5.json";
	make_archive(&tar, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 0, m, 6);
	path = write_file(f, "many.tar", tar.s, tar.len);
	f->o.max_entries = 4;
	ingest_ok(f, path);
	assert_rows(f->db, "archive|partial|4|1\n", "SELECT kind, status,"
	    " records_read, warnings FROM evidence WHERE kind = 'archive'");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence WHERE"
	    " kind = 'member'"), 4);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'limit' AND message LIKE '%%more than 4 entries%%'"), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 8);
	/* exactly at the limit is fine */
	new_run(f);
	f->o.max_entries = 6;
	ingest_ok(f, path);
	assert_rows(f->db, "archive|done|6|0\n", "SELECT kind, status,"
	    " records_read, warnings FROM evidence WHERE kind = 'archive'"
	    " AND run_id = %lld", (long long)f->ig.run_id);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 12);
	/* the four members already in the case became notes */
	assert_int_equal(f->ig.s.known, 4);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence_seen"),
	    4);
	for (i = 0; i < 6; i++)
		free(d[i]);
	buf_release(&tar);
	free(path);
}

/* {"Records":[sign, then pad bytes of spaces]} gzipped, in a file. */
static char *
write_bomb(struct fx *f, const char *name, size_t pad, struct buf *gz)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	struct buf head = BUF_INIT;
	char *spaces = xmalloc(1 << 20), *path;
	size_t left;

	buf_init(gz);
	buf_addstr(&head, "{\"Records\":[");
	rec_sign(&head, "bomb-1", 1);
	buf_addch(&head, ',');
	memset(spaces, ' ', 1 << 20);
	assert_int_equal(archive_write_add_filter_gzip(a), ARCHIVE_OK);
	assert_int_equal(archive_write_set_format_raw(a), ARCHIVE_OK);
	assert_int_equal(archive_write_open2(a, gz, NULL, wr_buf, NULL, NULL),
	    ARCHIVE_OK);
	archive_entry_set_pathname(e, "bomb");
	archive_entry_set_filetype(e, AE_IFREG);
	assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
	archive_write_data(a, head.s, head.len);
	for (left = pad; left > 0; ) {
		size_t k = left < (1 << 20) ? left : (1 << 20);

		assert_int_equal(archive_write_data(a, spaces, k),
		    (la_ssize_t)k);
		left -= k;
	}
	archive_write_data(a, "]}", 2);
	assert_int_equal(archive_write_close(a), ARCHIVE_OK);
	archive_write_free(a);
	archive_entry_free(e);
	path = write_file(f, name, gz->s, gz->len);
	free(spaces);
	buf_release(&head);
	return path;
}

static void
test_bomb_max_member(void **state)
{
	struct fx *f = *state;
	struct buf gz;
	char *path = write_bomb(f, "bomb.json.gz", 80u << 20, &gz);
	char hex[SHA256_HEXLEN];

	assert_true(gz.len < (1u << 20));	/* > 80:1 */
	sha(gz.s, gz.len, hex);
	f->o.max_member = 2u << 20;
	ingest_ok(f, path);
	assert_rows(f->db, "file|cloudtrail|gzip|partial|1|1|1\n",
	    "SELECT kind, parser, compression, status, records_read,"
	    " records_stored, events_stored FROM evidence");
	assert_int_equal(q_int(f->db, "SELECT sha256 = %Q AND size = %d FROM"
	    " evidence", hex, (int)gz.len), 1);
	/* stopped soon after the limit: one more read block at most */
	assert_true(q_int(f->db, "SELECT content_size FROM evidence") <=
	    (2 << 20) + 65536);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'limit' AND message LIKE '%%--max-member%%'"), 1);
	assert_true(f->ig.s.bytes <= (2u << 20) + 65536);

	/* a larger limit reads it again (it was partial), adding nothing */
	new_run(f);
	f->o.max_member = 4u << 20;
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 0);
	assert_int_equal(f->ig.s.duplicate, 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 1);
	buf_release(&gz);
	free(path);
}

static void
test_bomb_ratio(void **state)
{
	struct fx *f = *state;
	struct buf gz;
	char *path = write_bomb(f, "bomb2.json.gz", 80u << 20, &gz);

	f->o.max_ratio = 50;
	f->o.ratio_after = 1u << 20;
	ingest_ok(f, path);
	assert_rows(f->db, "partial|1|1\n", "SELECT status, records_stored,"
	    " warnings - 1 FROM evidence");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'limit' AND message LIKE '%%ratio over 50:1%%'"), 1);
	assert_true(q_int(f->db, "SELECT content_size FROM evidence") <
	    (8 << 20));
	buf_release(&gz);
	free(path);
}

static void
test_bomb_in_tar_gz(void **state)
{
	struct fx *f = *state;
	struct buf gz, tgz, big = BUF_INIT;
	char *bomb = write_bomb(f, "inner.json.gz", 0, &gz), *path;
	size_t n;
	char *ok = ct_file("after-bomb", &n);
	struct member m[3];

	/* an 80 MB member (a record, then spaces) inside a tar.gz */
	buf_addstr(&big, "{\"Records\":[");
	rec_sign(&big, "bomb-1", 1);
	buf_grow(&big, 80u << 20);
	memset(big.s + big.len, ' ', 80u << 20);
	big.len += 80u << 20;
	m[0] = (struct member){ "a-big.json", big.s, big.len, M_FILE, NULL };
	/* a small gzipped member: compressed inside is fine */
	m[1] = (struct member){ "b.json.gz", gz.s, gz.len, M_FILE, NULL };
	m[2] = (struct member){ "z-after.json", ok, n, M_FILE, NULL };
	make_archive(&tgz, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 1, m, 3);
	assert_true(tgz.len < (1u << 20));
	path = write_file(f, "bomb.tar.gz", tgz.s, tgz.len);

	f->o.max_member = 1u << 20;
	ingest_ok(f, path);
	/* the big member is cut, and so is the archive (the rest would
	 * have to be inflated to be skipped) */
	assert_rows(f->db,
	    "archive|||gzip|partial|1|0|0|0|0|0|0|1\n"
	    "member|a-big.json|cloudtrail||partial|1|1|0|0|0|0|1|3\n",
	    "SELECT " EV_COLS " FROM evidence ORDER BY id");
	assert_rows(f->db, "1|limit|1\n2|limit|0\n2|structure|0\n2|limit|0\n",
	    "SELECT evidence_id, kind, message LIKE '%%rest of the archive is"
	    " not read%%' FROM warnings ORDER BY evidence_id, id");
	assert_true(q_int(f->db, "SELECT content_size FROM evidence WHERE"
	    " id = 2") <= (1 << 20) + 65536);
	assert_true(q_int(f->db, "SELECT size FROM evidence WHERE id = 2") <=
	    (1 << 20) + 2 * 65536);
	assert_int_equal(q_int(f->db, "SELECT detail LIKE"
	    " '{\"sha256_of_first_bytes\":%%}' FROM evidence WHERE id = 2"),
	    1);

	/* with the limit raised, all of it is read */
	new_run(f);
	f->o.max_member = 100u << 20;
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 0);
	assert_rows(f->db,
	    "archive|||gzip|done|3|0|0|0|0|0|0|0\n"
	    "member|a-big.json|cloudtrail||done|1|0|1|0|0|0|0|1\n"
	    "member|b.json.gz|cloudtrail|gzip|done|1|0|1|0|0|0|0|0\n"
	    "member|z-after.json|cloudtrail||done|3|2|0|1|0|0|2|0\n",
	    "SELECT " EV_COLS " FROM evidence WHERE run_id = %lld ORDER BY id",
	    (long long)f->ig.run_id);
	assert_int_equal(q_int(f->db, "SELECT size FROM evidence WHERE"
	    " member = 'a-big.json' AND status = 'done'"), big.len);
	free(ok);
	free(bomb);
	buf_release(&big);
	buf_release(&gz);
	buf_release(&tgz);
	free(path);
}

static void
test_zero_yield(void **state)
{
	struct fx *f = *state;
	char *zeros = xcalloc(1, 10240), *path;

	/* NULs read as an empty tar: not a clean success */
	path = write_file(f, "zeros.json", zeros, 10240);
	ingest_ok(f, path);
	assert_rows(f->db, "file|done|0|1\n", "SELECT kind, status,"
	    " records_read, warnings FROM evidence");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'empty' AND message LIKE '%%empty archive%%'"), 1);
	free(zeros);
	free(path);
}

static void
test_unreadable(void **state)
{
	struct fx *f = *state;
	static const unsigned char bad_gz[] = {
		0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	char *path, *zpath;
	struct buf zip;
	struct member m[2];
	unsigned char *p;
	size_t n1, n2, data_at;
	char *a1 = ct_file("zipbad-a", &n1), *b1 = ct_file("zipbad-b", &n2);

	/* a gzip header, then nothing that inflates */
	path = write_file(f, "bad.json.gz", bad_gz, sizeof(bad_gz));
	ingest_ok(f, path);
	assert_rows(f->db, "file|failed|0|1\n", "SELECT kind,"
	    " status, records_read, warnings FROM evidence");
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " kind = 'read' AND message LIKE 'cannot read:%%'"), 1);
	assert_int_equal(f->ig.s.failed, 1);
	/* and it is tried again next time */
	new_run(f);
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 0);
	free(path);

	/* a zip whose first member does not inflate: the other is read */
	m[0] = (struct member){ "a.json", a1, n1, M_FILE, NULL };
	m[1] = (struct member){ "b.json", b1, n2, M_FILE, NULL };
	make_archive(&zip, ARCHIVE_FORMAT_ZIP, 0, m, 2);
	p = (unsigned char *)zip.s;
	assert_true(zip.len > 30 && memcmp(p, "PK\003\004", 4) == 0);
	assert_int_equal(p[8] | p[9] << 8, 8);		/* deflate */
	data_at = 30 + (size_t)(p[26] | p[27] << 8) +
	    (size_t)(p[28] | p[29] << 8);
	memset(p + data_at, 0xff, 16);
	zpath = write_file(f, "bad.zip", zip.s, zip.len);
	new_run(f);
	ingest_ok(f, zpath);
	assert_rows(f->db,
	    "archive||done|2|0\n"
	    "member|a.json|failed|0|1\n"
	    "member|b.json|done|3|0\n",
	    "SELECT kind, coalesce(member, ''), status, records_read, warnings"
	    " FROM evidence WHERE run_id = %lld ORDER BY id",
	    (long long)f->ig.run_id);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " run_id = %lld AND kind = 'read'", (long long)f->ig.run_id), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 2);
	assert_int_equal(f->ig.s.failed, 1);
	buf_release(&zip);
	free(zpath);
	free(a1);
	free(b1);
}

/* ---- re-ingesting ------------------------------------------------------- */

static void
test_twice_and_renamed(void **state)
{
	struct fx *f = *state;
	size_t n;
	char *data = ct_file("twice", &n), *p1, *p2, *want;

	p1 = write_file(f, "one.json", data, n);
	p2 = write_file(f, "copy-of-one.json", data, n);
	ingest_ok(f, p1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 2);

	new_run(f);
	ingest_ok(f, p1);
	ingest_ok(f, p2);
	assert_int_equal(f->ig.s.known, 2);
	assert_int_equal(f->ig.s.records, 0);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 2);
	want = xasprintf("1|2|%s|NULL\n1|2|%s|NULL\n", p1, p2);
	assert_rows(f->db, want, "SELECT evidence_id, run_id, path,"
	    " coalesce(member, 'NULL') FROM evidence_seen ORDER BY id");
	free(want);
	free(p1);
	free(p2);
	free(data);
}

static void
test_all_events_later(void **state)
{
	struct fx *f = *state;
	size_t n;
	char *data = ct_file("later", &n), *path;

	path = write_file(f, "later.json", data, n);
	ingest_ok(f, path);
	assert_rows(f->db, "later-1\nlater-2\n", "SELECT native_id FROM events"
	    " ORDER BY native_id");

	new_run(f);
	f->o.all_events = 1;
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 0);
	assert_int_equal(f->ig.s.events, 1);
	assert_int_equal(f->ig.s.duplicate, 2);
	assert_rows(f->db, "later-1|sign|1\nlater-2|session.assume|1\n"
	    "later-3|other|2\n", "SELECT native_id, action, evidence_id FROM"
	    " events ORDER BY native_id");
	assert_rows(f->db, "signing|3|2|0|1\nall|3|1|2|0\n", "SELECT scope,"
	    " records_read, records_stored, records_duplicate,"
	    " records_out_of_scope FROM evidence ORDER BY id");
	/* now "all" covers both scopes */
	new_run(f);
	ingest_ok(f, path);
	f->o.all_events = 0;
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 2);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 2);
	free(path);
	free(data);
}

static void
test_member_already_known(void **state)
{
	struct fx *f = *state;
	struct buf tar;
	size_t n1, n2;
	char *a = ct_file("known-a", &n1), *b = ct_file("known-b", &n2);
	char *pa, *pt, *want;
	struct member m[3];

	pa = write_file(f, "a.json", a, n1);
	ingest_ok(f, pa);
	m[0] = (struct member){ "x/a.json", a, n1, M_FILE, NULL };
	m[1] = (struct member){ "x/b.json", b, n2, M_FILE, NULL };
	m[2] = (struct member){ "x/b-again.json", b, n2, M_FILE, NULL };
	make_archive(&tar, ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, 1, m, 3);
	pt = write_file(f, "t.tar.gz", tar.s, tar.len);

	new_run(f);
	ingest_ok(f, pt);
	/* a.json's content and b's second copy are notes, b is new */
	assert_rows(f->db,
	    "1|file||cloudtrail|done|3|2\n"
	    "2|archive||NULL|done|3|0\n"
	    "3|member|x/b.json|cloudtrail|done|3|2\n",
	    "SELECT id, kind, coalesce(member, ''), coalesce(parser, 'NULL'),"
	    " status, records_read, events_stored FROM evidence ORDER BY id");
	want = xasprintf("1|%s|x/a.json\n3|%s|x/b-again.json\n", pt, pt);
	assert_rows(f->db, want, "SELECT evidence_id, path, member FROM"
	    " evidence_seen ORDER BY id");
	free(want);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM events"), 4);
	/* counts do not include what was rolled back */
	assert_int_equal(f->ig.s.known, 2);
	assert_int_equal(f->ig.s.items, 1);
	assert_int_equal(f->ig.s.records, 3);
	assert_int_equal(f->ig.s.duplicate, 0);
	assert_int_equal(f->ig.s.events, 2);
	buf_release(&tar);
	free(a);
	free(b);
	free(pa);
	free(pt);
}

static void
test_stdin(void **state)
{
	struct fx *f = *state;
	size_t n;
	char *data = ct_file("stdin", &n), *path, hex[SHA256_HEXLEN];
	struct buf gz;
	int saved, fd;

	gzip_mem(&gz, data, n);
	path = write_file(f, "in.json.gz", gz.s, gz.len);
	sha(gz.s, gz.len, hex);
	saved = dup(STDIN_FILENO);
	assert_true(saved >= 0);

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_int_equal(ingest_path(&f->ig, "-"), 0);
	check_invariants(f);
	assert_rows(f->db, "stdin|-|NULL|gzip|done|3|2|1\n", "SELECT kind,"
	    " path, coalesce(abs_path, 'NULL'), compression, status,"
	    " records_read, records_stored, records_out_of_scope FROM"
	    " evidence");
	assert_int_equal(q_int(f->db, "SELECT sha256 = %Q AND size = %d FROM"
	    " evidence", hex, (int)gz.len), 1);

	/* the same bytes once more on stdin: rolled back to a note */
	new_run(f);
	fd = open(path, O_RDONLY);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_int_equal(ingest_path(&f->ig, "-"), 0);
	check_invariants(f);
	assert_int_equal(f->ig.s.known, 1);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 1);
	assert_rows(f->db, "1|-\n", "SELECT evidence_id, path FROM"
	    " evidence_seen");
	/* and as a file: known as well */
	ingest_ok(f, path);
	assert_int_equal(f->ig.s.known, 2);

	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	buf_release(&gz);
	free(path);
	free(data);
}

static void
test_missing_and_special(void **state)
{
	struct fx *f = *state;
	char *p = path_in(f, "does-not-exist.json"), *want;

	ingest_ok(f, p);
	assert_int_equal(f->ig.s.failed, 1);
	want = xasprintf("NULL|path|%s|1\n", p);
	assert_rows(f->db, want, "SELECT coalesce(evidence_id, 'NULL'), kind,"
	    " locator, message LIKE 'cannot read:%%' FROM warnings");
	free(want);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM evidence"), 0);
	free(p);
	/* a FIFO is not read */
	p = path_in(f, "fifo");
	assert_int_equal(mkfifo(p, 0600), 0);
	ingest_ok(f, p);
	assert_int_equal(q_int(f->db, "SELECT count(*) FROM warnings WHERE"
	    " message LIKE 'not a regular file%%'"), 1);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_gzip_file, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_and_empty, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_truncated_gzip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_malformed_record, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tar_gz_nested_zip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_traversal_and_links,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_directory_sorted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_max_depth, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_max_entries, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bomb_max_member, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bomb_ratio, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bomb_in_tar_gz, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_zero_yield, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_twice_and_renamed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_all_events_later, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_member_already_known,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_stdin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_special,
		    setup, teardown),
	};

	err_set_quiet(1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
