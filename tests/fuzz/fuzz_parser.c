/* SPDX-License-Identifier: MIT */
/*
 * fuzz_parser.c - libFuzzer target for one parser, chosen at build time
 * with -DFUZZ_PARSER=parser_<name>: the input is cut into records the way
 * ingest cuts it (jsplit for JSON, the parser's split function for text,
 * the whole input for DER and the like), every record goes through the
 * prefilter and the parser, the parser's state and finish hook run, and
 * every emitted event is checked for the invariants the store relies on
 * (a source, a vocabulary action, valid UTF-8 JSON attributes).  No store:
 * the point is the parser, at full speed.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "event.h"
#include "jsonutil.h"
#include "jsplit.h"
#include "parser.h"
#include "tsplit.h"

#ifndef FUZZ_PARSER
#error "build with -DFUZZ_PARSER=parser_<name>"
#endif

extern const struct parser FUZZ_PARSER;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fz {
	const struct parser	*p;
	struct parse_ctx	 pc;
};

static int
fz_emit(void *arg, struct event *ev)
{
	char *s;

	if (ev->source == NULL || ev->action == NULL ||
	    event_action(ev->action) == NULL)
		abort();
	if (ev->attrs) {
		s = json_dumps(ev->attrs, JSON_COMPACT);
		if (s == NULL)
			abort();
		free(s);
	}
	return 0;
}

static int
fz_record(void *arg, const char *rec, size_t len, int64_t line,
    int64_t offset, const char *err)
{
	struct fz *z = arg;
	struct event ev;
	struct diag d;
	json_error_t jerr;
	json_t *root;

	if (rec == NULL || err)
		return 0;
	event_init(&ev);
	ev.raw = rec;
	ev.raw_len = len;
	diag_clear(&d);
	z->pc.line = line;
	z->pc.offset = offset;
	switch (z->p->kind) {
	case INPUT_JSON:
		if (z->p->prefilter)
			(void)z->p->prefilter(rec, len);
		root = json_load_record(rec, len, &jerr);
		if (root) {
			(void)z->p->parse_json(root, &z->pc, &ev, &d);
			json_decref(root);
		}
		break;
	case INPUT_TEXT:
		(void)z->p->parse_text(rec, len, &z->pc, &ev, &d);
		break;
	case INPUT_BLOB:
		(void)z->p->parse_blob((const unsigned char *)rec, len,
		    &z->pc, &ev, &d);
		break;
	}
	event_clear(&ev);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct parse_opts opts = { 1768046400000000LL, NULL,
	    NULL };
	struct fz z;
	struct event ev;
	struct diag d;
	int all;

	for (all = 0; all < 2; all++) {
		memset(&z, 0, sizeof(z));
		z.p = &FUZZ_PARSER;
		z.pc.all_events = all;
		z.pc.name = "fuzz-input";
		z.pc.opts = &opts;
		z.pc.emit = fz_emit;
		z.pc.emit_arg = &z;
		if (z.p->state_new)
			z.pc.state = z.p->state_new(&z.pc);
		if (z.p->kind == INPUT_JSON) {
			struct jsplit *js = jsplit_new(z.p->container_keys,
			    1 << 20, fz_record, &z);

			jsplit_feed(js, (const char *)data, size);
			jsplit_finish(js);
			jsplit_free(js);
		} else if (z.p->kind == INPUT_TEXT) {
			struct tsplit *ts = tsplit_new(z.p->split, 1 << 20,
			    fz_record, &z);

			tsplit_feed(ts, (const char *)data, size);
			tsplit_finish(ts);
			tsplit_free(ts);
		} else {
			fz_record(&z, (const char *)data, size, 0, 0, NULL);
		}
		if (z.p->finish) {
			event_init(&ev);
			diag_clear(&d);
			(void)z.p->finish(&z.pc, &ev, &d);
			event_clear(&ev);
		}
		if (z.p->state_free && z.pc.state)
			z.p->state_free(z.pc.state);
		(void)z.p->probe((const char *)data, size < PROBE_HEAD ? size :
		    PROBE_HEAD, "fuzz-input");
	}
	return 0;
}
