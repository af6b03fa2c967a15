/* SPDX-License-Identifier: MIT */
/*
 * timeline_csv.c - the "csv" timeline format: the normalized columns of
 * every event, RFC 4180 (a header line, fields quoted only when they hold
 * a comma, a quote, CR or LF, quotes doubled, LF line ends).  Values are
 * written as stored: no value is an empty field, tags are separated by
 * spaces, attrs is its JSON text.  Untimed events come last with empty
 * ts and ts_us.
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
csv_begin(struct tl_out *o)
{
	size_t i;

	for (i = 0; i < NCOLS; i++) {
		if (i > 0)
			buf_addch(o->line, ',');
		tl_add_csv(o->line, tl_field_names[cols[i]]);
	}
	return writer_put_line(o->fp, o->line);
}

static int
csv_row(struct tl_out *o, const struct tl_event *ev)
{
	size_t i;

	for (i = 0; i < NCOLS; i++) {
		if (i > 0)
			buf_addch(o->line, ',');
		tl_add_csv(o->line, ev->f[cols[i]]);
	}
	return writer_put_line(o->fp, o->line);
}

const struct tl_format tl_format_csv = {
	.name = "csv",
	.desc = "the normalized columns, RFC 4180",
	.timed_only = 0,
	.begin = csv_begin,
	.row = csv_row,
	.end = tl_end_plain,
};
