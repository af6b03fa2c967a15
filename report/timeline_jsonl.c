/* SPDX-License-Identifier: MIT */
/*
 * timeline_jsonl.c - the "jsonl" timeline format: one compact JSON object
 * per event and line, with the columns of the "csv" format as keys, always
 * all of them and always in that order.  event_id and ts_us are numbers,
 * a missing value is null, tags is an array of strings and attrs the
 * nested object.  Untimed events come last with ts and ts_us null.
 */
#include <stdio.h>

#include "buf.h"
#include "timeline.h"

static const enum tl_field cols[] = {
	TL_EVENT_ID, TL_TS, TL_TS_US, TL_END_TS, TL_TS_FLAGS, TL_SOURCE,
	TL_ACTION, TL_OPERATION, TL_OUTCOME, TL_ERROR_CODE, TL_ERROR_MESSAGE,
	TL_ACTOR, TL_SESSION, TL_KEY_REF, TL_KEY_RAW, TL_DIGEST, TL_ARTIFACT,
	TL_VERSION, TL_REPO, TL_REF, TL_COMMIT_SHA, TL_RUN_REF, TL_JOB_REF,
	TL_RUNNER, TL_SRC_IP, TL_USER_AGENT, TL_NATIVE_ID, TL_EVIDENCE,
	TL_LOCATOR, TL_TAGS, TL_ATTRS
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

static int
jsonl_begin(struct tl_out *o)
{
	return 0;
}

static int
jsonl_row(struct tl_out *o, const struct tl_event *ev)
{
	struct buf *b = o->line;
	size_t i;

	buf_addch(b, '{');
	for (i = 0; i < NCOLS; i++) {
		if (cols[i] == TL_TAGS) {
			tl_jl_key(b, tl_field_names[cols[i]]);
			tl_jl_tags(b, ev);
		} else if (cols[i] == TL_ATTRS && ev->f[TL_ATTRS] != NULL) {
			tl_jl_key(b, tl_field_names[cols[i]]);
			tl_jl_attrs(b, ev->f[TL_ATTRS]);
		} else {
			tl_jl_field(b, tl_field_names[cols[i]], ev, cols[i], 0);
		}
	}
	buf_addch(b, '}');
	return writer_put_line(o->fp, b);
}

const struct tl_format tl_format_jsonl = {
	.name = "jsonl",
	.desc = "the normalized columns, one JSON object per line",
	.timed_only = 0,
	.begin = jsonl_begin,
	.row = jsonl_row,
	.end = tl_end_plain,
};
