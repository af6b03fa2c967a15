/* SPDX-License-Identifier: MIT */
/*
 * source.c - where evidence comes from: command-line operands (files,
 * directories walked in sorted order, "-" for stdin) and the archives and
 * compressed files inside them, read as streams through libarchive and
 * never extracted.  Each evidence item is hashed (SHA-256 of the bytes as
 * stored, and of the content after decompression), recorded in the
 * evidence table and handed to records.c.  Evidence is opened read-only.
 *
 * Transactions: one per operand item (a file with all its members), with
 * a savepoint per archive member, so that an interrupted run leaves either
 * a whole item or nothing, and member content already in the case is
 * rolled back and only noted as seen again.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "digest.h"
#include "err.h"
#include "event.h"
#include "gunzip.h"
#include "ingest.h"
#include "timeutil.h"
#include "xalloc.h"

#define READ_BLOCK 65536
/*
 * The fast path (gunzip.c) for gzip files up to GUNZIP_MAX_IN bytes that
 * inflate to at most GUNZIP_MAX_OUT (and within --max-member, and under
 * the size where the ratio is checked, so no limit can differ).
 */
#define GUNZIP_MAX_IN	(8u << 20)
#define GUNZIP_MAX_OUT	(32u << 20)

void
ingest_opts_init(struct ingest_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->max_record = 16u << 20;
	o->max_member = 1ull << 30;
	o->max_ratio = 200;
	o->ratio_after = 64ull << 20;
	o->max_depth = 4;
	o->max_entries = 1000000;
	o->max_total = 1ull << 30;
	o->warn_limit = 10;
	o->jobs = 1;
	o->parse.anchor_us = EVENT_NO_TIME;
}

const char *
ingest_scope(const struct ingest_opts *o)
{
	return o->all_events ? "all" : "signing";
}

/*
 * The bytes behind a libarchive reader: a file descriptor, or the data of
 * a member of an enclosing archive (hashed as it is read).
 */
struct src {
	int		 fd;		/* -1: read from parent */
	struct archive	*parent;
	struct sha256	 h;
	int		 hashing;
	uint64_t	 bytes;
	char		 buf[READ_BLOCK];
};

static la_ssize_t
src_read(struct archive *a, void *arg, const void **out)
{
	struct src *s = arg;
	la_ssize_t n;

	*out = s->buf;
	if (s->fd >= 0) {
		do {
			n = read(s->fd, s->buf, sizeof(s->buf));
		} while (n < 0 && errno == EINTR);
		if (n < 0) {
			archive_set_error(a, errno, "%s", strerror(errno));
			return -1;
		}
	} else {
		n = archive_read_data(s->parent, s->buf, sizeof(s->buf));
		if (n < 0) {
			archive_set_error(a, EIO, "%s",
			    archive_error_string(s->parent));
			return -1;
		}
	}
	if (s->hashing)
		sha256_update(&s->h, s->buf, (size_t)n);
	s->bytes += (uint64_t)n;
	return n;
}

static la_int64_t
src_seek(struct archive *a, void *arg, la_int64_t off, int whence)
{
	struct src *s = arg;
	off_t r = lseek(s->fd, (off_t)off, whence);

	if (r < 0) {
		archive_set_error(a, errno, "%s", strerror(errno));
		return ARCHIVE_FATAL;
	}
	return r;
}

/*
 * Drains what a reader left of its source, so the hash covers it all, but
 * stops once more than limit bytes were read in all: the bytes of a member
 * come decompressed from its archive, and a member of a bomb must not be
 * inflated to its end just to hash it.  Returns 1 when stopped at the
 * limit (the hash then covers a prefix only), else 0.
 */
static int
src_drain(struct src *s, uint64_t limit)
{
	la_ssize_t n;

	while (s->bytes <= limit) {
		if (s->fd >= 0)
			n = read(s->fd, s->buf, sizeof(s->buf));
		else
			n = archive_read_data(s->parent, s->buf,
			    sizeof(s->buf));
		if (n < 0 && s->fd >= 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		if (s->hashing)
			sha256_update(&s->h, s->buf, (size_t)n);
		s->bytes += (uint64_t)n;
	}
	return 1;
}

/* Opens reader a over s; seekable sources get zip's seeking reader. */
static int
src_open(struct archive *a, struct src *s, int seekable)
{
	archive_read_set_callback_data(a, s);
	archive_read_set_read_callback(a, src_read);
	if (seekable)
		archive_read_set_seek_callback(a, src_seek);
	return archive_read_open1(a);
}

/*
 * A reader for tar, zip and plain data, with the decompression filters
 * that libarchive has built in (never an external program).
 */
static struct archive *
reader_new(void)
{
	struct archive *a = archive_read_new();

	if (a == NULL)
		die("out of memory");
	if (archive_zlib_version())
		archive_read_support_filter_gzip(a);
	if (archive_bzlib_version())
		archive_read_support_filter_bzip2(a);
	if (archive_liblzma_version())
		archive_read_support_filter_xz(a);
	if (archive_libzstd_version())
		archive_read_support_filter_zstd(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_gnutar(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_empty(a);
	archive_read_support_format_raw(a);
	return a;
}

static const char *
filter_name(struct archive *a)
{
	int i, n = archive_filter_count(a);

	for (i = 0; i < n; i++)
		if (archive_filter_code(a, i) != ARCHIVE_FILTER_NONE)
			return archive_filter_name(a, i);
	return NULL;
}

static int walk(struct ingest *ig, const char *path, int depth);
static int read_container(struct ingest *ig, struct item *parent,
    struct archive *a, struct archive_entry *first, int depth);

static void
item_init(struct item *it, struct ingest *ig, const char *path,
    const char *member, const char *kind)
{
	memset(it, 0, sizeof(*it));
	it->e.run_id = ig->run_id;
	it->e.path = path;
	it->e.member = member;
	it->e.kind = kind;
	it->e.status = "open";
	it->e.mtime_us = INT64_MIN;
	it->label = member ? xasprintf("%s!%s", path, member) : xstrdup(path);
}

static void
item_release(struct item *it)
{
	free(it->label);
	it->label = NULL;
}

/* Plain data (libarchive's "raw" format): one evidence item. */
static int
read_plain(struct ingest *ig, struct item *it, struct archive *a)
{
	ig->s.items++;
	if (ingest_data(ig, it, a) < 0)
		return -1;
	if (strcmp(it->e.status, "open") == 0)
		it->e.status = "done";
	return 0;
}

/*
 * Reads what reader a holds: plain data (the "raw" format) is one
 * evidence item; an archive records a container row and reads each
 * member.  Fills it->e (hashes of the bytes are the caller's).
 */
static int
read_stream(struct ingest *ig, struct item *it, struct archive *a,
    int depth)
{
	struct archive_entry *entry;
	int r;

	r = archive_read_next_header(a, &entry);
	if (r == ARCHIVE_EOF) {
		/* an empty file: nothing in it, nothing to warn about */
		it->e.status = "done";
		if (store_evidence_insert(ig->st, &it->e) < 0)
			return -1;
		/* but bytes that read as an archive without entries (a tar
		 * end marker, a run of NULs) are no clean success */
		if (archive_format(a) != ARCHIVE_FORMAT_EMPTY)
			return item_warn(ig, it, "empty", NULL, "no records: "
			    "the data reads as an empty archive (%s)",
			    archive_format_name(a) ? archive_format_name(a) :
			    "unknown format");
		return 0;
	}
	it->e.compression = filter_name(a);
	if (it->e.compression == NULL)
		it->e.compression = it->inflated;
	if (r < ARCHIVE_WARN) {
		ig->s.failed++;
		it->e.status = "failed";
		if (store_evidence_insert(ig->st, &it->e) < 0)
			return -1;
		return item_warn(ig, it, "read", NULL, "cannot read: %s",
		    archive_error_string(a));
	}
	if (archive_format(a) == ARCHIVE_FORMAT_RAW)
		return read_plain(ig, it, a);
	it->e.kind = "archive";
	it->e.parser = NULL;
	ig->s.archives++;
	if (store_evidence_insert(ig->st, &it->e) < 0)
		return -1;
	if (read_container(ig, it, a, entry, depth) < 0)
		return -1;
	if (it->e.records_read == 0 &&
	    item_warn(ig, it, "empty", NULL, "archive holds no files") < 0)
		return -1;
	if (strcmp(it->e.status, "open") == 0)
		it->e.status = "done";
	return 0;
}

static char *
entry_name(struct archive_entry *entry, uint64_t index)
{
	const char *name = archive_entry_pathname_utf8(entry);

	if (name == NULL)
		name = archive_entry_pathname(entry);
	if (name == NULL || *name == '\0')
		return xasprintf("(entry %" PRIu64 ")", index);
	return xstrdup(name);
}

/*
 * Reads one member of archive a (positioned at it) as a nested stream.
 * Returns 0, 1 when the member was too large to read to its end (the
 * archive must not be read further), or -1 on a store failure.  A member
 * cut by a limit, or not opened, leaves its archive "partial", so that a
 * later run with larger limits reads it again instead of skipping it as
 * known.
 */
static int
read_member(struct ingest *ig, struct item *parent, struct archive *a,
    const char *name, int depth)
{
	struct item it;
	struct src *s = xcalloc(1, sizeof(*s));
	struct archive *inner = NULL;
	struct ingest_stats before = ig->s;
	char *member, detail[96];
	int64_t known;
	int ret = -1, found, over;

	member = parent->e.member ?
	    xasprintf("%s!%s", parent->e.member, name) : xstrdup(name);
	item_init(&it, ig, parent->e.path, member, "member");
	it.e.abs_path = parent->e.abs_path;
	it.e.parent_id = parent->e.id;
	it.e.scope = parent->e.scope;
	s->fd = -1;
	s->parent = a;
	s->hashing = 1;
	if (sha256_init(&s->h) < 0) {
		error("cannot initialise SHA-256");
		goto out;
	}
	if (store_exec(ig->st, "SAVEPOINT member") < 0)
		goto out;
	if (depth > ig->o->max_depth) {
		it.e.status = "skipped";
		if (store_evidence_insert(ig->st, &it.e) < 0 ||
		    item_warn(ig, &it, "limit", NULL, "archive nesting deeper "
		    "than %d (--max-depth): member not opened",
		    ig->o->max_depth) < 0)
			goto out;
	} else {
		inner = reader_new();
		if (src_open(inner, s, 0) != ARCHIVE_OK) {
			it.e.status = "failed";
			ig->s.failed++;
			if (store_evidence_insert(ig->st, &it.e) < 0 ||
			    item_warn(ig, &it, "read", NULL, "cannot read: %s",
			    archive_error_string(inner)) < 0)
				goto out;
		} else if (read_stream(ig, &it, inner, depth) < 0) {
			goto out;
		}
	}
	over = src_drain(s, ig->o->max_member);
	if (over) {
		it.e.status = "partial";
		snprintf(detail, sizeof(detail), "{\"sha256_of_first_bytes\":%"
		    PRIu64 "}", s->bytes);
		it.e.detail = detail;
		if (item_warn(ig, &it, "limit", NULL, "member larger than %"
		    PRIu64 " bytes (--max-member): hashed over its first %"
		    PRIu64 " bytes only", ig->o->max_member, s->bytes) < 0)
			goto out;
	}
	it.e.size = (int64_t)s->bytes;
	sha256_final_hex(&s->h, it.e.sha256);
	if (it.e.content_sha256[0] == '\0') {
		memcpy(it.e.content_sha256, it.e.sha256, SHA256_HEXLEN);
		it.e.content_size = it.e.size;
	}
	/* what this member inflated to (a nested archive's members count
	 * on their own as well) */
	if (it.e.content_size > 0)
		ig->file_bytes += (uint64_t)it.e.content_size;
	found = store_evidence_find(ig->st, it.e.sha256, it.e.scope ?
	    it.e.scope : "signing", &known);
	if (found < 0)
		goto out;
	if (found && known != it.e.id && strcmp(it.e.status, "done") == 0) {
		/* this content is in the case already: keep only a note */
		if (store_exec(ig->st, "ROLLBACK TO member") < 0 ||
		    store_exec(ig->st, "RELEASE member") < 0 ||
		    store_evidence_seen(ig->st, known, ig->run_id,
		    it.e.path, it.e.member) < 0)
			goto out;
		/* what was counted for it was rolled back as well */
		ig->s = before;
		ig->s.known++;
		ret = 0;
		goto out;
	}
	if (store_evidence_update(ig->st, &it.e) < 0 ||
	    store_exec(ig->st, "RELEASE member") < 0)
		goto out;
	if (strcmp(it.e.status, "partial") == 0 ||
	    strcmp(it.e.status, "skipped") == 0)
		parent->e.status = "partial";
	ret = over;
out:
	if (inner)
		archive_read_free(inner);
	sha256_release(&s->h);
	free(s);
	item_release(&it);
	free(member);
	return ret;
}

/* Reads every member; first is the entry read_stream already saw. */
static int
read_container(struct ingest *ig, struct item *parent, struct archive *a,
    struct archive_entry *first, int depth)
{
	struct archive_entry *entry = first;
	uint64_t n = 0;
	char *name;
	int r = ARCHIVE_OK;

	for (;;) {
		if (n > 0 || entry == NULL)
			r = archive_read_next_header(a, &entry);
		if (r == ARCHIVE_EOF)
			break;
		if (r < ARCHIVE_WARN) {
			return item_warn(ig, parent, "read", NULL, "archive "
			    "unreadable after %" PRIu64 " entries: %s", n,
			    archive_error_string(a));
		}
		if (++n > ig->o->max_entries) {
			parent->e.status = "partial";
			return item_warn(ig, parent, "limit", NULL, "more than "
			    "%" PRIu64 " entries (--max-entries): the rest "
			    "is not read", ig->o->max_entries);
		}
		name = entry_name(entry, n);
		if (r == ARCHIVE_WARN &&
		    item_warn(ig, parent, "read", name, "%s",
		    archive_error_string(a)) < 0) {
			free(name);
			return -1;
		}
		if (archive_entry_filetype(entry) == AE_IFREG &&
		    archive_entry_hardlink(entry) == NULL &&
		    ig->file_bytes >= ig->file_budget) {
			free(name);
			parent->e.status = "partial";
			return item_warn(ig, parent, "limit", NULL, "%" PRIu64
			    " decompressed bytes read from this evidence file "
			    "(--max-total %" PRIu64 "): the rest of the archive "
			    "is not read", ig->file_bytes, ig->file_budget);
		}
		if (archive_entry_filetype(entry) == AE_IFREG &&
		    archive_entry_hardlink(entry) == NULL) {
			parent->e.records_read++;
			/* a name is a label only ("../x" included): nothing
			 * is ever extracted */
			r = read_member(ig, parent, a, name, depth + 1);
			free(name);
			if (r < 0)
				return -1;
			if (r > 0) {
				parent->e.status = "partial";
				return item_warn(ig, parent, "limit", NULL,
				    "a member over --max-member: the rest of "
				    "the archive is not read");
			}
			continue;
		} else if (archive_entry_filetype(entry) != AE_IFDIR) {
			const char *target = archive_entry_symlink(entry);

			if (target == NULL)
				target = archive_entry_hardlink(entry);
			if (item_warn(ig, parent, "link", name, "not a regular "
			    "file%s%s: recorded, not followed",
			    target ? "; points to " : "",
			    target ? target : "") < 0) {
				free(name);
				return -1;
			}
		}
		free(name);
	}
	return 0;
}

/* Fills the common summary fields of the finished item and saves it. */
static int
item_close(struct ingest *ig, struct item *it)
{
	if (it->e.content_sha256[0] == '\0') {
		memcpy(it->e.content_sha256, it->e.sha256, SHA256_HEXLEN);
		it->e.content_size = it->e.size;
	}
	return store_evidence_update(ig->st, &it->e);
}

/* Whether p starts like data of one of libarchive's filters. */
static int
looks_compressed(const unsigned char *p, size_t n)
{
	return gunzip_is_gzip(p, n) || (n >= 3 && memcmp(p, "BZh", 3) == 0) ||
	    (n >= 6 && memcmp(p, "\xfd" "7zXZ\0", 6) == 0) ||
	    (n >= 4 && memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0);
}

/*
 * The fast path for a small gzip file: reads it whole and inflates it
 * with libdeflate (gunzip.c).  Returns 1 with *out and *outlen (new, free())
 * to read from memory, or 0: read it as a stream, as any other file.
 * Skipped when the content is compressed again (the evidence row names
 * the filter libarchive would have found).
 */
static int
inflate_small(const struct ingest_opts *o, int fd, const struct stat *sb,
    unsigned char **out, size_t *outlen)
{
	unsigned char *in;
	size_t size = (size_t)sb->st_size, got = 0, cap = GUNZIP_MAX_OUT;
	ssize_t n;
	int ok = 0;

	if (!S_ISREG(sb->st_mode) || sb->st_size < 18 ||
	    sb->st_size > GUNZIP_MAX_IN)
		return 0;
	if (cap > o->max_member)
		cap = (size_t)o->max_member;
	if (cap > o->ratio_after)
		cap = (size_t)o->ratio_after;
	in = xmalloc(size);
	while (got < size) {
		n = pread(fd, in + got, size - got, (off_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got == size && gunzip_whole(in, size, cap, out, outlen) == 0) {
		ok = !looks_compressed(*out, *outlen);
		if (!ok)
			free(*out);
	}
	free(in);
	return ok;
}

/*
 * Reading ahead (--jobs 2 in the signing scope, files found by
 * ingest_path): a regular file is hashed and looked up in the case when
 * the walk reaches it; then, while
 * the files before it are parsed and stored, a thread of its own inflates
 * it whole (the fast path above), hashes the content and, when it is
 * plain data, runs its reading side (records.c: the format, the records
 * cut, prefiltered and decoded) into a pipe.  Files are still stored one
 * at a time, in the order of the walk, on the calling thread, from the
 * same records in the same order, so the case is what --jobs 1 makes.
 * AHEAD_FILES file is read ahead of the one being stored, whose reading
 * may still run: the reading of two files shares the two CPUs, and the
 * storing, lighter, takes what is left (two files ahead measured no
 * faster).  Each holds at most one inflated content (GUNZIP_MAX_OUT)
 * and a bounded pipe.
 */
#define AHEAD_FILES 1

struct ahead {
	char		*path;
	int		 fd;		/* owned: closed when stored */
	struct stat	 sb;
	const struct ingest_opts *o;	/* borrowed */
	char		 sha256[SHA256_HEXLEN];
	int64_t		 size;
	int		 hash_errno;	/* hashing the file failed */
	int		 tried;		/* the fast path was tried */
	/* set by the thread before `ready`, read by the storing thread
	 * after it */
	unsigned char	*whole;		/* the inflated content, or NULL */
	size_t		 wholelen;
	struct prehash	 ph;		/* its hash */
	struct archive	*a;		/* reading whole, for early */
	struct early	*early;		/* the reading side, or NULL */
	int		 ready;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 running;	/* a thread to join */
	pthread_t	 t;
	struct ahead	*next;		/* in the walk's order */
};

/* The SHA-256 and size of a file, left at its start: 0 or an errno. */
static int
hash_file(int fd, char *hex, int64_t *size)
{
	errno = 0;
	if (sha256_fd(fd, hex, size) < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return errno ? errno : EIO;
	return 0;
}

static void
ahead_set_ready(struct ahead *ah)
{
	pthread_mutex_lock(&ah->mu);
	ah->ready = 1;
	pthread_cond_signal(&ah->cv);
	pthread_mutex_unlock(&ah->mu);
}

/* The reading thread of a file read ahead. */
static void *
ahead_main(void *arg)
{
	struct ahead *ah = arg;
	struct archive_entry *entry;

	if (inflate_small(ah->o, ah->fd, &ah->sb, &ah->whole,
	    &ah->wholelen)) {
		ah->ph.p = ah->whole;
		ah->ph.n = ah->wholelen;
		ah->ph.ok = sha256_hex(ah->whole, ah->wholelen,
		    ah->ph.hex) == 0;
	}
	/* plain data, as read_stream() would find it: read it too */
	if (ah->ph.ok && ah->early) {
		ah->a = reader_new();
		if (archive_read_open_memory(ah->a, ah->whole, ah->wholelen) ==
		    ARCHIVE_OK && archive_read_next_header(ah->a, &entry) ==
		    ARCHIVE_OK && archive_format(ah->a) == ARCHIVE_FORMAT_RAW &&
		    filter_name(ah->a) == NULL &&
		    early_open(ah->early, ah->o, ah->a, ah->path) == 0) {
			ahead_set_ready(ah);
			early_read(ah->early);
			return NULL;
		}
	}
	ahead_set_ready(ah);
	return NULL;
}

static void
ahead_free(struct ahead *ah)
{
	early_cancel(ah->early);
	if (ah->running)
		pthread_join(ah->t, NULL);
	early_free(ah->early);
	if (ah->a)
		archive_read_free(ah->a);
	free(ah->whole);
	close(ah->fd);
	free(ah->path);
	pthread_mutex_destroy(&ah->mu);
	pthread_cond_destroy(&ah->cv);
	free(ah);
}

static int ingest_file(struct ingest *ig, int fd, const char *path,
    const struct stat *sb, struct ahead *ah);
static void draw_progress(struct ingest *ig);

/* Stores the first file read ahead.  Returns as ingest_fd(). */
static int
ahead_store(struct ingest *ig)
{
	struct ahead *ah = ig->ahead;
	int ret;

	ig->ahead = ah->next;
	pthread_mutex_lock(&ah->mu);
	while (!ah->ready)
		pthread_cond_wait(&ah->cv, &ah->mu);
	pthread_mutex_unlock(&ah->mu);
	ret = ingest_file(ig, ah->fd, ah->path, &ah->sb, ah);
	ahead_free(ah);
	draw_progress(ig);
	return ret;
}

/* Stores every file read ahead.  Returns as ingest_fd(). */
static int
ahead_flush(struct ingest *ig)
{
	while (ig->ahead)
		if (ahead_store(ig) < 0)
			return -1;
	return 0;
}

/* Drops the files read ahead, unstored: the run stops. */
static void
ahead_drop(struct ingest *ig)
{
	struct ahead *ah;

	while ((ah = ig->ahead) != NULL) {
		ig->ahead = ah->next;
		ahead_free(ah);
	}
}

/*
 * Takes the open file fd (ownership passes here) as the next one to
 * store, starts reading it ahead, and stores the first one while more
 * than AHEAD_FILES are.
 */
static int
ahead_push(struct ingest *ig, int fd, const char *path,
    const struct stat *sb)
{
	struct ahead *ah = xcalloc(1, sizeof(*ah)), **tail;
	int64_t known;
	int found = 0, n = 0;

	ah->path = xstrdup(path);
	ah->fd = fd;
	ah->sb = *sb;
	ah->o = ig->o;
	pthread_mutex_init(&ah->mu, NULL);
	pthread_cond_init(&ah->cv, NULL);
	for (tail = &ig->ahead; *tail; tail = &(*tail)->next)
		n++;
	*tail = ah;
	ah->hash_errno = hash_file(fd, ah->sha256, &ah->size);
	/* known content is only noted as seen: nothing to read (it is
	 * looked up again when stored, after the files before it, which
	 * may hold the same bytes) */
	if (ah->hash_errno == 0) {
		found = store_evidence_find(ig->st, ah->sha256,
		    ingest_scope(ig->o), &known);
		if (found < 0)
			return -1;
	}
	if (ah->hash_errno == 0 && !found) {
		ah->tried = 1;
		ah->early = early_new();
		ah->running = pthread_create(&ah->t, NULL, ahead_main,
		    ah) == 0;
		if (!ah->running) {	/* no thread: at once, no early */
			early_free(ah->early);
			ah->early = NULL;
			ahead_main(ah);
		}
	} else
		ah->ready = 1;
	while (n-- >= AHEAD_FILES)
		if (ahead_store(ig) < 0)
			return -1;
	return 0;
}

/* One regular file, or stdin (sb NULL); see ingest.h. */
int
ingest_fd(struct ingest *ig, int fd, const char *path, const struct stat *sb)
{
	return ingest_file(ig, fd, path, sb, NULL);
}

/*
 * ingest_fd(), where ah (NULL: none) holds what was done ahead: the
 * file's hash and, when it took the fast path, its inflated content
 * (taken over) and the content's hash.
 */
static int
ingest_file(struct ingest *ig, int fd, const char *path,
    const struct stat *sb, struct ahead *ah)
{
	struct item it;
	struct src *s = xcalloc(1, sizeof(*s));
	struct archive *a = NULL;
	unsigned char *whole = NULL, *own = NULL;
	size_t wholelen = 0;
	int64_t known;
	int found, herr, ret = -1, is_stdin = sb == NULL;
	char *abs = NULL;

	item_init(&it, ig, path, NULL, is_stdin ? "stdin" : "file");
	it.e.scope = ingest_scope(ig->o);
	/* all the members of this file together: --max-total, or the
	 * ratio limit over the whole file when that allows more */
	ig->file_bytes = 0;
	ig->file_budget = ig->o->max_total;
	if (!is_stdin && sb->st_size > 0 && (uint64_t)sb->st_size <=
	    UINT64_MAX / ig->o->max_ratio && (uint64_t)sb->st_size *
	    ig->o->max_ratio > ig->file_budget)
		ig->file_budget = (uint64_t)sb->st_size * ig->o->max_ratio;
	if (!is_stdin)
		it.e.abs_path = abs = realpath(path, NULL);
	s->fd = fd;
	if (!is_stdin) {
		it.e.mtime_us = (int64_t)sb->st_mtim.tv_sec * 1000000 +
		    sb->st_mtim.tv_nsec / 1000;
		if (ah) {
			memcpy(it.e.sha256, ah->sha256, SHA256_HEXLEN);
			it.e.size = ah->size;
			herr = ah->hash_errno;
		} else
			herr = hash_file(fd, it.e.sha256, &it.e.size);
		if (herr) {
			ig->s.failed++;
			error("cannot read '%s': %s", path, strerror(herr));
			ret = 0;
			goto out;
		}
		found = store_evidence_find(ig->st, it.e.sha256, it.e.scope,
		    &known);
		if (found < 0)
			goto out;
		if (found) {
			ig->s.known++;
			if (ig->verbose)
				info("'%s': already in the case (evidence %"
				    PRId64 "), skipped", path, known);
			ret = store_evidence_seen(ig->st, known, ig->run_id,
			    path, NULL);
			goto out;
		}
	} else {
		s->hashing = 1;
		if (sha256_init(&s->h) < 0)
			goto out;
	}
	if (store_begin(ig->st) < 0)
		goto out;
	if (ah && ah->whole) {		/* inflated ahead (borrowed) */
		whole = ah->whole;
		wholelen = ah->wholelen;
		it.inflated = "gzip";
		if (ah->ph.ok)
			it.prehash = &ah->ph;
	} else if (!is_stdin && !(ah && ah->tried) &&
	    inflate_small(ig->o, fd, sb, &whole, &wholelen)) {
		own = whole;
		it.inflated = "gzip";
	}
	if (ah && early_ready(ah->early)) {
		/* read ahead too: plain data, no filter of libarchive's */
		it.early = ah->early;
		it.e.compression = it.inflated;
		if (read_plain(ig, &it, NULL) < 0)
			goto rollback;
	} else {
		a = reader_new();
		if ((it.inflated ? archive_read_open_memory(a, whole,
		    wholelen) : src_open(a, s, !is_stdin)) != ARCHIVE_OK) {
			ig->s.failed++;
			it.e.status = "failed";
			if (store_evidence_insert(ig->st, &it.e) < 0 ||
			    item_warn(ig, &it, "read", NULL, "cannot read: "
			    "%s", archive_error_string(a)) < 0)
				goto rollback;
		} else if (read_stream(ig, &it, a, 0) < 0) {
			goto rollback;
		}
	}
	if (is_stdin) {
		src_drain(s, UINT64_MAX);
		it.e.size = (int64_t)s->bytes;
		sha256_final_hex(&s->h, it.e.sha256);
		found = store_evidence_find(ig->st, it.e.sha256, it.e.scope,
		    &known);
		if (found < 0)
			goto rollback;
		if (found && known != it.e.id) {
			if (store_rollback(ig->st) < 0 || store_begin(ig->st) < 0
			    || store_evidence_seen(ig->st, known, ig->run_id,
			    path, NULL) < 0 || store_commit(ig->st) < 0)
				goto out;
			ig->s.known++;
			info("standard input: already in the case (evidence %"
			    PRId64 ")", known);
			ret = 0;
			goto out;
		}
	}
	if (item_close(ig, &it) < 0 || store_commit(ig->st) < 0)
		goto rollback;
	ret = 0;
	goto out;
rollback:
	store_rollback(ig->st);
out:
	if (a)
		archive_read_free(a);
	free(own);
	sha256_release(&s->h);
	free(s);
	free(abs);
	item_release(&it);
	return ret;
}

/* Notes a problem with an operand that is not an evidence item. */
static int
path_warn(struct ingest *ig, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
path_warn(struct ingest *ig, const char *path, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	int ret;

	/* after the file read ahead, as in a run without it */
	if (ahead_flush(ig) < 0)
		return -1;
	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	warning("'%s': %s", path, msg.s);
	ig->s.warnings++;
	ret = store_warning(ig->st, 0, ig->run_id, "path", path, msg.s);
	buf_release(&msg);
	return ret;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
walk_dir(struct ingest *ig, const char *path, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *de;
	char **names = NULL, *child;
	size_t nr = 0, alloc = 0, i;
	int ret = 0;

	if (dir == NULL) {
		ig->s.failed++;
		return path_warn(ig, path, "cannot open directory: %s",
		    strerror(errno));
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		ALLOC_GROW(names, nr + 1, alloc);
		names[nr++] = xstrdup(de->d_name);
	}
	closedir(dir);
	qsort(names, nr, sizeof(*names), cmp_names);
	for (i = 0; i < nr; i++) {
		if (ret == 0) {
			size_t l = strlen(path);

			child = xasprintf("%s%s%s", path,
			    l && path[l - 1] == '/' ? "" : "/", names[i]);
			ret = walk(ig, child, depth + 1);
			free(child);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}

static void
draw_progress(struct ingest *ig)
{
	double secs;

	if (!ig->progress)
		return;
	secs = (double)(clock_now_us() - ig->started_us) / 1e6;
	if (secs <= 0)
		secs = 1e-6;
	fprintf(stderr, "\r\033[Ksigtrail: %" PRIu64 " items, %.1f MB, "
	    "%.1f MB/s, %" PRIu64 " events (%.0f records/s)", ig->s.items,
	    (double)ig->s.bytes / 1e6, (double)ig->s.bytes / 1e6 / secs,
	    ig->s.events, (double)ig->s.records / secs);
}

/* depth 0: an operand (symlinks followed); deeper: found in a walk. */
static int
walk(struct ingest *ig, const char *path, int depth)
{
	struct stat sb;
	int fd, ret;

	if ((depth == 0 ? stat(path, &sb) : lstat(path, &sb)) < 0) {
		ig->s.failed++;
		return path_warn(ig, path, "cannot read: %s", strerror(errno));
	}
	if (S_ISDIR(sb.st_mode))
		return walk_dir(ig, path, depth);
	if (S_ISLNK(sb.st_mode))
		return path_warn(ig, path, "symbolic link inside a directory: "
		    "not followed");
	if (!S_ISREG(sb.st_mode))
		return path_warn(ig, path, "not a regular file: skipped");
	fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NOATIME);
	if (fd < 0 && errno == EPERM)
		fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		ig->s.failed++;
		return path_warn(ig, path, "cannot open: %s", strerror(errno));
	}
	/* not with --all-events: storing every record, the storing thread
	 * is what bounds the run, and a third thread reading ahead only
	 * took CPU from it (bench/README.md) */
	if (ig->o->jobs > 1 && !ig->o->all_events)
		return ahead_push(ig, fd, path, &sb);
	ret = ingest_fd(ig, fd, path, &sb);
	close(fd);
	draw_progress(ig);
	return ret;
}

int
ingest_path(struct ingest *ig, const char *path)
{
	int ret;

	if (strcmp(path, "-") == 0)
		return ingest_fd(ig, STDIN_FILENO, "-", NULL);
	ret = walk(ig, path, 0);
	if (ret == 0)
		ret = ahead_flush(ig);
	ahead_drop(ig);		/* after a failure: the run stops */
	return ret;
}
