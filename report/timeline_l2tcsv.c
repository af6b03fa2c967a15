/* SPDX-License-Identifier: MIT */
/*
 * timeline_l2tcsv.c - the "l2tcsv" timeline format: Plaso's (and
 * log2timeline's) 17-column CSV,
 *
 *   date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,
 *   version,filename,inode,notes,format,extra
 *
 * filled as: date MM/DD/YYYY and time HH:MM:SS of the event in UTC (the
 * fraction is in extra's ts), timezone "UTC", MACB "....", source "LOG",
 * sourcetype the sigtrail source (parser), type the timestamp_desc, user
 * the actor, host the CI runner else the source address, short
 * "<operation> <outcome>", desc the message, version "2", filename the
 * evidence (path!member), inode "-", notes the tags separated by spaces,
 * format "sigtrail", extra "key: value" pairs joined by "; " (event_id,
 * ts, ts_flags, end_ts, action, operation, outcome, error_code,
 * error_message, session, key_ref, key_raw, digest, artifact, version,
 * repo, ref, commit_sha, run_ref, job_ref, src_ip, user_agent, native_id,
 * locator), in that order.
 *
 * As Plaso writes it, fields are never quoted: a comma in a value becomes
 * a space, and so do CR, LF and every other control character; a double
 * quote becomes a single one (so that RFC 4180 readers and plain
 * split-on-comma readers see the same 17 fields); an empty field is "-".
 * Untimed events cannot be written and are left out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "timeline.h"
#include "timeutil.h"
#include "xalloc.h"

static const char header[] = "date,time,timezone,MACB,source,sourcetype,"
    "type,user,host,short,desc,version,filename,inode,notes,format,extra";

static const enum tl_field extra[] = {
	TL_EVENT_ID, TL_TS, TL_TS_FLAGS, TL_END_TS, TL_ACTION, TL_OPERATION,
	TL_OUTCOME, TL_ERROR_CODE, TL_ERROR_MESSAGE, TL_SESSION, TL_KEY_REF,
	TL_KEY_RAW, TL_DIGEST, TL_ARTIFACT, TL_VERSION, TL_REPO, TL_REF,
	TL_COMMIT_SHA, TL_RUN_REF, TL_JOB_REF, TL_SRC_IP, TL_USER_AGENT,
	TL_NATIVE_ID, TL_LOCATOR
};

struct l2t {
	struct buf	 line;
	struct buf	 tmp;
};

void
tl_l2t_datetime(int64_t us, char date[11], char tod[9])
{
	char iso[TS_BUFSZ];

	ts_format(us, iso);
	/* "YYYY-MM-DDTHH:MM:SS..." unless out of range ("<n>us"). */
	if (strlen(iso) < 20 || iso[4] != '-' || iso[10] != 'T') {
		memcpy(date, "00/00/0000", 11);
		memcpy(tod, "00:00:00", 9);
		return;
	}
	memcpy(date, iso + 5, 2);
	date[2] = '/';
	memcpy(date + 3, iso + 8, 2);
	date[5] = '/';
	memcpy(date + 6, iso, 4);
	date[10] = '\0';
	memcpy(tod, iso + 11, 8);
	tod[8] = '\0';
}

/* Appends one field: sanitized as above, "-" when empty. */
static void
add_field(struct l2t *l, const char *s)
{
	size_t i;

	buf_reset(&l->tmp);
	tl_add_oneline(&l->tmp, s);
	for (i = 0; i < l->tmp.len; i++) {
		if (l->tmp.s[i] == ',')
			l->tmp.s[i] = ' ';
		else if (l->tmp.s[i] == '"')
			l->tmp.s[i] = '\'';
	}
	if (l->tmp.len == 0)
		buf_addch(&l->line, '-');
	else
		buf_add(&l->line, l->tmp.s, l->tmp.len);
}

static int
l2t_begin(struct tl_out *o)
{
	struct l2t *l = xcalloc(1, sizeof(*l));

	buf_init(&l->line);
	buf_init(&l->tmp);
	o->priv = l;
	buf_addstr(&l->line, header);
	return writer_put_line(o->fp, &l->line);
}

static int
l2t_row(struct tl_out *o, const struct tl_event *ev)
{
	struct l2t *l = o->priv;
	const char *const *f = ev->f;
	struct buf s = BUF_INIT;
	char date[11], tod[9];
	size_t i;
	int rc;

	tl_l2t_datetime(ev->ts_us, date, tod);
	buf_addstr(&l->line, date);
	buf_addch(&l->line, ',');
	buf_addstr(&l->line, tod);
	buf_addstr(&l->line, ",UTC,....,LOG,");
	add_field(l, f[TL_SOURCE]);
	buf_addch(&l->line, ',');
	add_field(l, f[TL_TIMESTAMP_DESC]);
	buf_addch(&l->line, ',');
	add_field(l, f[TL_ACTOR]);
	buf_addch(&l->line, ',');
	add_field(l, f[TL_RUNNER] && *f[TL_RUNNER] ? f[TL_RUNNER] :
	    f[TL_SRC_IP]);
	buf_addch(&l->line, ',');
	buf_addstr(&s, f[TL_OPERATION] && *f[TL_OPERATION] ?
	    f[TL_OPERATION] : f[TL_ACTION] ? f[TL_ACTION] : "");
	if (f[TL_OUTCOME] && *f[TL_OUTCOME])
		buf_addf(&s, " %s", f[TL_OUTCOME]);
	add_field(l, s.s);
	buf_release(&s);
	buf_addch(&l->line, ',');
	add_field(l, f[TL_MESSAGE]);
	buf_addstr(&l->line, ",2,");
	add_field(l, f[TL_EVIDENCE]);
	buf_addstr(&l->line, ",-,");
	add_field(l, f[TL_TAGS]);
	buf_addstr(&l->line, ",sigtrail,");
	for (i = 0; i < sizeof(extra) / sizeof(extra[0]); i++) {
		if (f[extra[i]] == NULL || *f[extra[i]] == '\0')
			continue;
		buf_addf(&s, "%s%s: %s", s.len ? "; " : "",
		    tl_field_names[extra[i]], f[extra[i]]);
	}
	add_field(l, s.s);
	buf_release(&s);
	rc = writer_put_line(o->fp, &l->line);
	return rc;
}

static int
l2t_end(struct tl_out *o)
{
	struct l2t *l = o->priv;

	if (l != NULL) {
		buf_release(&l->line);
		buf_release(&l->tmp);
		free(l);
		o->priv = NULL;
	}
	return ferror(o->fp) ? -1 : 0;
}

const struct tl_format tl_format_l2tcsv = {
	.name = "l2tcsv",
	.desc = "Plaso l2tcsv, 17 columns",
	.timed_only = 1,
	.begin = l2t_begin,
	.row = l2t_row,
	.end = l2t_end,
};
