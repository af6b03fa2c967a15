/* SPDX-License-Identifier: MIT */
/*
 * timeline_jsonl.c - the "jsonl" timeline format: one compact JSON object
 * per event and line, with the columns of the "csv" format as keys, always
 * all of them and always in that order.  event_id and ts_us are numbers,
 * a missing value is null, tags is an array of strings and attrs the
 * nested object.  Untimed events come last with ts and ts_us null.
 */
#include <stdio.h>

#include <jansson.h>

#include "err.h"
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
	json_t *obj, *v;
	const char *key;
	size_t i;
	int rc = 0;

	if ((obj = json_object()) == NULL)
		return error("out of memory");
	for (i = 0; i < NCOLS && rc == 0; i++) {
		key = tl_field_names[cols[i]];
		if (cols[i] == TL_TAGS || (cols[i] == TL_ATTRS &&
		    ev->f[TL_ATTRS] != NULL)) {
			v = cols[i] == TL_TAGS ? tl_json_tags(ev) :
			    tl_json_attrs(ev->f[TL_ATTRS]);
			if (v == NULL ||
			    json_object_set_new_nocheck(obj, key, v) < 0)
				rc = -1;
		} else {
			rc = tl_json_set_field(obj, key, ev, cols[i], 0);
		}
	}
	if (rc < 0) {
		json_decref(obj);
		return error("out of memory");
	}
	rc = tl_json_line(o->fp, obj);
	json_decref(obj);
	return rc;
}

static int
jsonl_end(struct tl_out *o)
{
	return ferror(o->fp) ? -1 : 0;
}

const struct tl_format tl_format_jsonl = {
	.name = "jsonl",
	.desc = "the normalized columns, one JSON object per line",
	.timed_only = 0,
	.begin = jsonl_begin,
	.row = jsonl_row,
	.end = jsonl_end,
};
