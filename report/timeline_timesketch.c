/* SPDX-License-Identifier: MIT */
/*
 * timeline_timesketch.c - the Timesketch import formats, "timesketch"
 * (CSV) and "timesketch-jsonl", which share their columns: the three
 * Timesketch needs, message, datetime (ISO 8601 with "+00:00": the JSONL
 * importer reads a bare timestamp as local time) and timestamp_desc, then
 * timestamp (µs), the normalized columns as searchable attributes, attrs
 * as JSON text (a nested object would fight over field types across
 * sources in the sketch's index) and tag.
 *
 * tag is a JSON array in both: in the CSV it is the array's text, which
 * the importer parses back into a list ("[]" for none: an empty field
 * would become the empty tag).  In the JSONL, attributes without a value
 * are left out.  Untimed events cannot be imported and are not written.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "timeline.h"
#include "xalloc.h"

static const struct {
	const char	*name;
	enum tl_field	 fld;
} cols[] = {
	{ "message", TL_MESSAGE },
	{ "datetime", TL_DATETIME },
	{ "timestamp_desc", TL_TIMESTAMP_DESC },
	{ "timestamp", TL_TS_US },
	{ "event_id", TL_EVENT_ID },
	{ "ts_flags", TL_TS_FLAGS },
	{ "end_ts", TL_END_TS },
	{ "source", TL_SOURCE },
	{ "action", TL_ACTION },
	{ "operation", TL_OPERATION },
	{ "outcome", TL_OUTCOME },
	{ "error_code", TL_ERROR_CODE },
	{ "error_message", TL_ERROR_MESSAGE },
	{ "actor", TL_ACTOR },
	{ "session", TL_SESSION },
	{ "key_ref", TL_KEY_REF },
	{ "key_raw", TL_KEY_RAW },
	{ "digest", TL_DIGEST },
	{ "artifact", TL_ARTIFACT },
	{ "version", TL_VERSION },
	{ "repo", TL_REPO },
	{ "ref", TL_REF },
	{ "commit_sha", TL_COMMIT_SHA },
	{ "run_ref", TL_RUN_REF },
	{ "job_ref", TL_JOB_REF },
	{ "runner", TL_RUNNER },
	{ "src_ip", TL_SRC_IP },
	{ "user_agent", TL_USER_AGENT },
	{ "native_id", TL_NATIVE_ID },
	{ "evidence", TL_EVIDENCE },
	{ "locator", TL_LOCATOR },
	{ "attrs", TL_ATTRS },
	{ "tag", TL_TAGS },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static int
ts_csv_begin(struct tl_out *o)
{
	struct buf *line = xcalloc(1, sizeof(*line));
	size_t i;

	buf_init(line);
	o->priv = line;
	for (i = 0; i < NCOLS; i++) {
		if (i > 0)
			buf_addch(line, ',');
		tl_add_csv(line, cols[i].name);
	}
	return writer_put_line(o->fp, line);
}

static int
ts_csv_row(struct tl_out *o, const struct tl_event *ev)
{
	struct buf *line = o->priv, *tags = o->line;
	size_t i;

	for (i = 0; i < NCOLS; i++) {
		if (i > 0)
			buf_addch(line, ',');
		if (cols[i].fld != TL_TAGS) {
			tl_add_csv(line, ev->f[cols[i].fld]);
			continue;
		}
		tl_jl_tags(tags, ev);
		tl_add_csv(line, tags->s);
		buf_reset(tags);
	}
	return writer_put_line(o->fp, line);
}

static int
ts_csv_end(struct tl_out *o)
{
	struct buf *line = o->priv;

	if (line != NULL) {
		buf_release(line);
		free(line);
		o->priv = NULL;
	}
	return ferror(o->fp) ? -1 : 0;
}

static int
ts_jsonl_begin(struct tl_out *o)
{
	return 0;
}

static int
ts_jsonl_row(struct tl_out *o, const struct tl_event *ev)
{
	struct buf *b = o->line;
	size_t i;

	buf_addch(b, '{');
	for (i = 0; i < NCOLS; i++) {
		if (cols[i].fld != TL_TAGS) {
			tl_jl_field(b, cols[i].name, ev, cols[i].fld, 1);
			continue;
		}
		tl_jl_key(b, cols[i].name);
		tl_jl_tags(b, ev);
	}
	buf_addch(b, '}');
	return writer_put_line(o->fp, b);
}

const struct tl_format tl_format_timesketch = {
	.name = "timesketch",
	.desc = "Timesketch CSV import (message, datetime, timestamp_desc)",
	.timed_only = 1,
	.begin = ts_csv_begin,
	.row = ts_csv_row,
	.end = ts_csv_end,
};

const struct tl_format tl_format_timesketch_jsonl = {
	.name = "timesketch-jsonl",
	.desc = "Timesketch JSONL import",
	.timed_only = 1,
	.begin = ts_jsonl_begin,
	.row = ts_jsonl_row,
	.end = tl_end_plain,
};
