/* SPDX-License-Identifier: MIT */
/*
 * records.c - one data stream of evidence into the case: probe the first
 * bytes for the format, cut the stream into records (jsplit.c for JSON,
 * tsplit.c for text, the whole item for DER and the like), drop
 * out-of-scope records before parsing when the parser can tell, parse the
 * rest with jansson and the parser, store the events, quarantine what
 * cannot be used, and keep the per-item counts of the chain of custody
 * (read = stored + duplicate + out of scope + non-event + quarantined).
 *
 * Two sides meet in a pipe (pipe.c): the reading side (read_item: read,
 * decompress, hash, the limits, split; prescan: the prefilter, jansson)
 * posts records and warnings; the parsing side (deliver: parse, store,
 * count) takes them in order.  With --jobs 2 the reading side runs on a
 * thread of its own and touches nothing of the case, the counts or the
 * parser's state: only the parsing side, on the calling thread, does.
 */
#include <archive.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "digest.h"
#include "err.h"
#include "event.h"
#include "ingest.h"
#include "jsonutil.h"
#include "jsplit.h"
#include "pipe.h"
#include "tsplit.h"
#include "xalloc.h"

struct rctx {
	struct ingest		*ig;
	struct item		*it;
	const struct parser	*p;
	struct parse_ctx	 pc;
	int64_t			 line, offset;	/* of the current record */
	int			 rec_new, rec_seen;
	int			 fatal;
};

int
item_warn(struct ingest *ig, struct item *it, const char *kind,
    const char *locator, const char *fmt, ...)
{
	struct buf msg = BUF_INIT;
	va_list ap;
	int ret;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	it->e.warnings++;
	ig->s.warnings++;
	if (it->printed < ig->o->warn_limit)
		warning("'%s'%s%s: %s", it->label, locator ? ": " : "",
		    locator ? locator : "", msg.s);
	else if (it->printed == ig->o->warn_limit)
		warning("'%s': more warnings not shown (see the warnings "
		    "and quarantine tables)", it->label);
	it->printed++;
	ret = store_warning(ig->st, it->e.id, ig->run_id, kind, locator,
	    msg.s);
	buf_release(&msg);
	return ret;
}

/* Keeps a bad record and says why. */
static int
quarantine(struct rctx *x, const char *rec, size_t len, const char *why)
{
	struct item *it = x->it;
	char loc[64];

	it->e.records_quarantined++;
	x->ig->s.quarantined++;
	store_locator(x->line, x->offset, loc, sizeof(loc));
	if (it->printed < x->ig->o->warn_limit)
		warning("'%s': %s: record quarantined: %s", it->label, loc,
		    why);
	else if (it->printed == x->ig->o->warn_limit)
		warning("'%s': more warnings not shown (see the warnings "
		    "and quarantine tables)", it->label);
	it->printed++;
	return store_quarantine(x->ig->st, it->e.id, x->line, x->offset, why,
	    rec, len);
}

static int
emit_event(void *arg, struct event *ev)
{
	struct rctx *x = arg;
	int is_new;
	int64_t owner;

	if (store_event_insert(x->ig->st, ev, x->it->e.id, x->line,
	    x->offset, &is_new, &owner) < 0)
		return -1;
	if (is_new) {
		x->rec_new++;
		x->ig->s.events++;
	} else {
		x->rec_seen++;
	}
	return 0;
}

/*
 * Runs the parser on one record, the way its kind reads records: a JSON
 * record comes decoded by the reading side (prescan()), or skipped there
 * by the prefilter before jansson saw it.
 */
static enum parse_rc
parse_one(struct rctx *x, const struct pipe_entry *e, struct event *ev,
    struct diag *d)
{
	json_t *root = e->payload;

	switch (x->p->kind) {
	case INPUT_JSON:
		if (e->skip)
			return PARSE_SKIP;
		if (root == NULL)	/* prescan() never lets this happen */
			return diag_set(d, "record not decoded");
		/* root is the pipe's: it drops it on the reading side */
		return x->p->parse_json(root, &x->pc, ev, d);
	case INPUT_TEXT:
		return x->p->parse_text(e->data, e->len, &x->pc, ev, d);
	case INPUT_BLOB:
		return x->p->parse_blob((const unsigned char *)e->data,
		    e->len, &x->pc, ev, d);
	}
	return diag_set(d, "parser '%s' has no reader", x->p->name);
}

/*
 * One record from the reading side: parse it, store its events, and
 * count it exactly once as stored, duplicate, out of scope, non-event or
 * quarantined.  A record without bytes that is not skipped is a note
 * about the structure (err says what).
 */
static int
on_record(struct rctx *x, const struct pipe_entry *e)
{
	struct item *it = x->it;
	struct event ev;
	struct diag d;
	enum parse_rc rc;
	char loc[64];

	x->line = x->pc.line = e->line;
	x->offset = x->pc.offset = e->offset;
	if (e->data == NULL && !e->skip) {
		store_locator(e->line, e->offset, loc, sizeof(loc));
		return item_warn(x->ig, it, "structure", loc, "%s", e->err);
	}
	it->e.records_read++;
	x->ig->s.records++;
	if (e->err)
		return quarantine(x, e->data, e->len, e->err);
	event_init(&ev);
	ev.raw = e->data;
	ev.raw_len = e->len;
	diag_clear(&d);
	x->rec_new = x->rec_seen = 0;
	rc = parse_one(x, e, &ev, &d);
	event_clear(&ev);
	switch (rc) {
	case PARSE_OK:
		if (x->rec_new > 0) {
			it->e.records_stored++;
		} else {
			it->e.records_duplicate++;
			x->ig->s.duplicate++;
		}
		return 0;
	case PARSE_SKIP:
		it->e.records_out_of_scope++;
		x->ig->s.out_of_scope++;
		return 0;
	case PARSE_NONEVENT:
		it->e.records_nonevent++;
		x->ig->s.nonevent++;
		return 0;
	case PARSE_ERR:
		return quarantine(x, e->data, e->len, d.msg[0] ? d.msg :
		    "record not understood");
	case PARSE_FATAL:
		break;
	}
	x->fatal = 1;
	return -1;
}

struct reader;
static int prescan(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err);

/*
 * The record source for one item: the parser's kind decides how the
 * stream is cut (JSON values, text records, or the whole item).  Runs on
 * the reading side; records go into the pipe pp.
 */
struct feeder {
	struct jsplit	*js;
	struct tsplit	*ts;
	struct buf	 blob;
	int		 blob_over;	/* the item exceeded max_record */
};

static void
feeder_open(struct feeder *f, const struct parser *p, size_t max_record,
    struct reader *r)
{
	memset(f, 0, sizeof(*f));
	buf_init(&f->blob);
	if (p->kind == INPUT_JSON)
		f->js = jsplit_new(p->container_keys, max_record, prescan, r);
	else if (p->kind == INPUT_TEXT)
		f->ts = tsplit_new(p->split, max_record, prescan, r);
}

static int
feeder_feed(struct feeder *f, const char *p, size_t n, size_t max_record)
{
	size_t room;

	if (f->js)
		return jsplit_feed(f->js, p, n);
	if (f->ts)
		return tsplit_feed(f->ts, p, n);
	if (f->blob.len + n > max_record) {
		room = f->blob.len < JSPLIT_KEEP ? JSPLIT_KEEP - f->blob.len : 0;
		buf_add(&f->blob, p, n < room ? n : room);
		f->blob_over = 1;
		return 0;
	}
	if (!f->blob_over)
		buf_add(&f->blob, p, n);
	return 0;
}

static int
feeder_finish(struct feeder *f, struct pipe *pp, size_t max_record)
{
	char why[128];

	if (f->js)
		return jsplit_finish(f->js);
	if (f->ts)
		return tsplit_finish(f->ts);
	if (f->blob_over) {
		snprintf(why, sizeof(why), "item exceeds the record limit of "
		    "%zu bytes (first %zu kept)", max_record, f->blob.len);
		return pipe_record(pp, f->blob.s, f->blob.len, 0, 0, why);
	}
	if (f->blob.len == 0)
		return 0;
	return pipe_record(pp, f->blob.s, f->blob.len, 0, 0, NULL);
}

static void
feeder_close(struct feeder *f)
{
	jsplit_free(f->js);
	tsplit_free(f->ts);
	buf_release(&f->blob);
}

/* The parsing side: one record or warning from the reading side. */
static int
deliver(void *arg, const struct pipe_entry *e)
{
	struct rctx *x = arg;

	if (e->kind == PIPE_WARN)
		return item_warn(x->ig, x->it, e->wkind, e->locator, "%s",
		    e->err);
	return on_record(x, e);
}

static void
drop_json(void *payload)
{
	json_decref(payload);
}

/* The parser's end-of-item hook: derived events, then its state. */
static int
parser_finish(struct rctx *x)
{
	struct event ev;
	struct diag d;
	int ret = 0;

	if (x->p->finish) {
		event_init(&ev);
		diag_clear(&d);
		x->line = x->offset = 0;
		ret = x->p->finish(&x->pc, &ev, &d);
		event_clear(&ev);
		if (ret < 0)
			x->fatal = 1;
	}
	if (x->p->state_free && x->pc.state)
		x->p->state_free(x->pc.state);
	x->pc.state = NULL;
	return ret;
}

/*
 * Reads up to cap bytes from a into b (the probe head).  Returns 0 at
 * end of data, 1 when more may follow, -1 on a read error (message in a).
 */
static int
read_head(struct archive *a, struct buf *b, size_t cap)
{
	la_ssize_t n;

	buf_grow(b, cap);
	while (b->len < cap) {
		n = archive_read_data(a, b->s + b->len, cap - b->len);
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		b->len += (size_t)n;
		b->s[b->len] = '\0';
	}
	return 1;
}

/* Shows the first bytes of unrecognized data, escaped. */
static void
describe_head(const char *p, size_t n, char *out, size_t outsz)
{
	size_t i, o = 0;

	for (i = 0; i < n && i < 24 && o + 5 < outsz; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			out[o++] = (char)c;
		else
			o += (size_t)snprintf(out + o, outsz - o, "\\x%02x", c);
	}
	out[o] = '\0';
}

/*
 * Checks the decompression limits; returns 1 when reading must stop, with
 * the warning in why.
 */
static int
over_limits(const struct ingest_opts *o, struct archive *a, uint64_t content,
    char *why, size_t whysz)
{
	int64_t packed = archive_filter_bytes(a, -1);

	if (content > o->max_member) {
		snprintf(why, whysz, "decompressed size limit reached (%"
		    PRIu64 " bytes, --max-member): the rest is not read",
		    o->max_member);
		return 1;
	}
	if (content > o->ratio_after && packed > 0 &&
	    content / (uint64_t)packed > o->max_ratio) {
		snprintf(why, whysz, "decompression ratio over %u:1 after %"
		    PRIu64 " bytes (a decompression bomb?): the rest is not "
		    "read", o->max_ratio, content);
		return 1;
	}
	return 0;
}

/*
 * The reading side of one item (a pipe_produce_fn): the bytes after the
 * probe head, hashed, counted, checked against the limits and cut into
 * records by the feeder.  Owns a, h and f while it runs.
 */
struct reader {
	const struct ingest_opts *o;
	const struct parser *p;		/* NULL: not recognized */
	struct archive	*a;
	struct pipe	*pp;
	struct feeder	 f;
	int		 feeding;	/* a parser was found: f is open */
	struct sha256	 h;
	int		 hashing;	/* h takes the content (no prehash) */
	const struct buf *head;
	int		 more;		/* read_head(): more may follow */
	int64_t		 content_size;
	int		 partial;	/* cut by a limit */
};

/*
 * The splitters' callback (jsplit_cb): a JSON record the prefilter puts
 * out of scope goes on as skipped, without its bytes; any other is
 * decoded here, on the reading side, so that jansson's work is shared
 * between the two sides: the parsing side gets the tree (or the error
 * that puts the record in quarantine, worded as the parser would).
 */
static int
prescan(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct reader *r = arg;
	struct pipe_entry e = { .kind = PIPE_RECORD, .data = rec, .len = len,
	    .line = line, .offset = offset, .err = err };
	json_error_t jerr;
	struct diag d;

	if (rec && !err && r->p->kind == INPUT_JSON) {
		if (!r->o->all_events && r->p->prefilter &&
		    r->p->prefilter(rec, len) == SCOPE_OUT) {
			e.skip = 1;
			e.data = NULL;
			e.len = 0;
		} else {
			e.payload = json_load_record(rec, len, &jerr);
			if (e.payload == NULL) {
				diag_set(&d, "invalid JSON: %s (record line "
				    "%d, column %d)", jerr.text, jerr.line,
				    jerr.column);
				e.err = d.msg;
			}
		}
	}
	return pipe_post(r->pp, &e);
}

static int
read_item(void *arg)
{
	struct reader *r = arg;
	struct buf chunk = BUF_INIT;
	char why[192], loc[64];
	la_ssize_t n;
	int ret = -1;

	if (r->hashing)
		sha256_update(&r->h, r->head->s, r->head->len);
	r->content_size = (int64_t)r->head->len;
	if (r->feeding && feeder_feed(&r->f, r->head->s, r->head->len,
	    r->o->max_record) < 0)
		goto out;
	buf_grow(&chunk, 1 << 16);
	while (r->more > 0) {
		n = archive_read_data(r->a, chunk.s, 1 << 16);
		if (n == 0)
			break;
		if (n < 0) {
			snprintf(loc, sizeof(loc), "byte %" PRId64,
			    r->content_size);
			snprintf(why, sizeof(why), "read error: %s; the rest "
			    "of this item is lost", archive_error_string(r->a));
			if (pipe_warn(r->pp, "read", loc, why) < 0)
				goto out;
			break;
		}
		if (r->hashing)
			sha256_update(&r->h, chunk.s, (size_t)n);
		r->content_size += n;
		if (r->feeding && feeder_feed(&r->f, chunk.s, (size_t)n,
		    r->o->max_record) < 0)
			goto out;
		if (over_limits(r->o, r->a, (uint64_t)r->content_size, why,
		    sizeof(why))) {
			/* not "done": larger limits must read it again */
			r->partial = 1;
			if (pipe_warn(r->pp, "limit", NULL, why) < 0)
				goto out;
			break;
		}
	}
	if (r->feeding && feeder_finish(&r->f, r->pp, r->o->max_record) < 0)
		goto out;
	ret = 0;
out:
	buf_release(&chunk);
	return ret;
}

/*
 * Opens the reading side r of an item: the probe head read from a into
 * head (kept by the caller), the format detected (or forced), the
 * records to go into pp (taken over).  hashing: the content is hashed as
 * it is read (no prehash).  Returns 0, or -1 when SHA-256 cannot start.
 */
static int
reader_open(struct reader *r, const struct ingest_opts *o, struct archive *a,
    struct buf *head, const char *name, int hashing, struct pipe *pp)
{
	int score = 0;

	memset(r, 0, sizeof(*r));
	r->o = o;
	r->a = a;
	r->head = head;
	r->pp = pp;
	r->hashing = hashing;
	if (hashing && sha256_init(&r->h) < 0)
		return -1;
	r->more = read_head(a, head, PROBE_HEAD);
	r->p = o->forced;
	if (r->p == NULL && head->len > 0)
		r->p = parser_detect(head->s, head->len, name, &score);
	if (r->p) {
		feeder_open(&r->f, r->p, o->max_record, r);
		r->feeding = 1;
	}
	return 0;
}

static void
reader_close(struct reader *r)
{
	sha256_release(&r->h);
	if (r->feeding)
		feeder_close(&r->f);
	pipe_free(r->pp);
	r->pp = NULL;
}

/* See ingest.h. */
struct early {
	struct reader	 r;
	struct buf	 head;
	int		 ready;		/* r is open and its head was read */
};

struct early *
early_new(void)
{
	struct early *er = xcalloc(1, sizeof(*er));

	buf_init(&er->head);
	er->r.pp = pipe_new(1, deliver, drop_json, NULL);
	return er;
}

int
early_open(struct early *er, const struct ingest_opts *o, struct archive *a,
    const char *name)
{
	/* no hashing: nothing in reader_open() can fail */
	reader_open(&er->r, o, a, &er->head, name, 0, er->r.pp);
	er->ready = er->r.more >= 0;
	return er->ready ? 0 : -1;
}

void
early_read(struct early *er)
{
	pipe_produce(er->r.pp, read_item, &er->r);
}

void
early_cancel(struct early *er)
{
	if (er)
		pipe_cancel(er->r.pp);
}

int
early_ready(const struct early *er)
{
	return er && er->ready;
}

void
early_free(struct early *er)
{
	if (er == NULL)
		return;
	reader_close(&er->r);	/* opened or not: only the pipe then */
	buf_release(&er->head);
	free(er);
}

int
ingest_data(struct ingest *ig, struct item *it, struct archive *a)
{
	struct buf head = BUF_INIT;
	struct rctx x;
	struct reader own, *r = &own;
	const struct parser *p;
	const char *name = it->e.member ? it->e.member : it->e.path;
	char shown[160];
	int ret = -1;

	memset(&x, 0, sizeof(x));
	if (it->early) {
		/* read ahead (source.c): that reading side is still at it,
		 * on its own thread; only its pipe is shared with this one */
		r = &it->early->r;
	} else if (reader_open(r, ig->o, a, &head, name,
	    /* the content's hash is known already when the file was
	     * inflated whole ahead and libarchive applies no filter of
	     * its own: then what it reads is those bytes */
	    it->prehash == NULL || it->e.compression != it->inflated,
	    pipe_new(ig->o->jobs > 1, deliver, drop_json, NULL)) < 0) {
		reader_close(r);
		buf_release(&head);
		return error("cannot initialise SHA-256");
	}
	p = r->p;
	it->e.parser = p ? p->name : NULL;
	it->e.scope = ingest_scope(ig->o);
	if (store_evidence_insert(ig->st, &it->e) < 0)
		goto out;
	if (r->more < 0) {
		/* nothing at all could be read: that item failed */
		if (r->head->len == 0) {
			ig->s.failed++;
			it->e.status = "failed";
		}
		if (item_warn(ig, it, "read", NULL, "cannot read: %s",
		    archive_error_string(a)) < 0)
			goto out;
	} else if (p == NULL && r->head->len > 0) {
		describe_head(r->head->s, r->head->len, shown, sizeof(shown));
		ig->s.unrecognized++;
		it->e.status = "unrecognized";
		if (item_warn(ig, it, "format", NULL, "format not recognized "
		    "(starts with \"%s\"); use --format to choose one",
		    shown) < 0)
			goto out;
	}
	x.ig = ig;
	x.it = it;
	x.p = p;
	pipe_consumer(r->pp, deliver, &x);
	if (p) {
		x.pc.all_events = ig->o->all_events;
		x.pc.name = name;
		x.pc.opts = &ig->o->parse;
		x.pc.emit = emit_event;
		x.pc.emit_arg = &x;
		if (p->state_new)
			x.pc.state = p->state_new(&x.pc);
	}
	if ((it->early ? pipe_deliver(r->pp) : pipe_run(r->pp, read_item,
	    r)) < 0)
		goto out;
	it->e.content_size = r->content_size;
	if (r->partial)
		it->e.status = "partial";
	if (p && parser_finish(&x) < 0)
		goto out;
	if (r->hashing) {
		if (sha256_final_hex(&r->h, it->e.content_sha256) < 0)
			goto out;
	} else {
		if (it->prehash->ok && (uint64_t)r->content_size ==
		    it->prehash->n)
			memcpy(it->e.content_sha256, it->prehash->hex,
			    SHA256_HEXLEN);
		else if (sha256_hex(it->prehash->p, (size_t)r->content_size,
		    it->e.content_sha256) < 0)	/* cut short: what was read */
			goto out;
	}
	ig->s.bytes += (uint64_t)it->e.content_size;
	if (p && it->e.content_size > 0 && it->e.records_read == 0)
		item_warn(ig, it, "empty", NULL, "no records found in %" PRId64
		    " bytes", it->e.content_size);
	ret = 0;
out:
	if (x.fatal)
		ret = -1;
	if (p && x.pc.state && p->state_free)
		p->state_free(x.pc.state);
	if (!it->early)
		reader_close(r);
	buf_release(&head);
	return ret;
}
