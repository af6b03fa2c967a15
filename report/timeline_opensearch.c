/* SPDX-License-Identifier: MIT */
/*
 * timeline_opensearch.c - the "opensearch" timeline format: a _bulk body
 * for OpenSearch and Elasticsearch (application/x-ndjson), per event an
 * action line {"index":{"_index":NAME,"_id":ID}} and the document line,
 * every line ending in LF (the last one too, as _bulk requires).
 *
 * _id is the SHA-256 hex of "sigtrail:" + the event's dedup key (its
 * identity in every case: "<source>:<native id>" or "raw:<hash of the
 * record>"), so exporting the same evidence again, from this case or
 * from a fresh one, gives the same ids and indexing it again replaces
 * documents instead of adding copies.
 *
 * The document: @timestamp (ISO 8601, UTC), timestamp (µs, exact where
 * a date field keeps milliseconds), end_ts, ts_flags, message,
 * timestamp_desc, event_id (case-local), the normalized fields, evidence
 * and locator, tags (array) and attrs (object); fields without a value
 * are left out.  tl_opensearch_template is the index template for them,
 * the same bytes as report/opensearch-template.json.  Untimed events are
 * left out.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "digest.h"
#include "err.h"
#include "jsonutil.h"
#include "timeline.h"

#define DEFAULT_INDEX	"sigtrail-events"

const char tl_opensearch_template[] =
    "{\n"
    "  \"index_patterns\": [ \"sigtrail-*\" ],\n"
    "  \"priority\": 100,\n"
    "  \"template\": {\n"
    "    \"mappings\": {\n"
    "      \"_meta\": {\n"
    "        \"description\": \"sigtrail timeline events ('sigtrail "
    "timeline --format opensearch')\",\n"
    "        \"schema\": 1\n"
    "      },\n"
    "      \"dynamic\": false,\n"
    "      \"properties\": {\n"
    "        \"@timestamp\": { \"type\": \"date\" },\n"
    "        \"timestamp\": { \"type\": \"long\" },\n"
    "        \"end_ts\": { \"type\": \"date\" },\n"
    "        \"ts_flags\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"message\": { \"type\": \"text\" },\n"
    "        \"timestamp_desc\": { \"type\": \"keyword\", "
    "\"ignore_above\": 8191 },\n"
    "        \"event_id\": { \"type\": \"long\" },\n"
    "        \"source\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"action\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"operation\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"outcome\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"error_code\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"error_message\": { \"type\": \"text\" },\n"
    "        \"actor\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"session\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"key_ref\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"key_raw\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"digest\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"artifact\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"version\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"repo\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"ref\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"commit_sha\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"run_ref\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"job_ref\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"runner\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"src_ip\": { \"type\": \"keyword\", \"ignore_above\": 8191,\n"
    "          \"fields\": { \"ip\": { \"type\": \"ip\", "
    "\"ignore_malformed\": true } } },\n"
    "        \"user_agent\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"native_id\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"evidence\": { \"type\": \"keyword\", \"ignore_above\": "
    "8191 },\n"
    "        \"locator\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"tags\": { \"type\": \"keyword\", \"ignore_above\": 8191 },\n"
    "        \"attrs\": { \"type\": \"object\", \"enabled\": false }\n"
    "      }\n"
    "    }\n"
    "  }\n"
    "}\n";

static const struct {
	const char	*name;
	enum tl_field	 fld;
} cols[] = {
	{ "@timestamp", TL_TS },
	{ "timestamp", TL_TS_US },
	{ "end_ts", TL_END_TS },
	{ "ts_flags", TL_TS_FLAGS },
	{ "message", TL_MESSAGE },
	{ "timestamp_desc", TL_TIMESTAMP_DESC },
	{ "event_id", TL_EVENT_ID },
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
	{ "tags", TL_TAGS },
	{ "attrs", TL_ATTRS },
};
#define NCOLS (sizeof(cols) / sizeof(cols[0]))

int
tl_bulk_id(const char *dedup, char hex[SHA256_HEXLEN])
{
	struct sha256 h;

	if (sha256_init(&h) < 0)
		return -1;
	sha256_update(&h, "sigtrail:", 9);
	sha256_update(&h, dedup, strlen(dedup));
	return sha256_final_hex(&h, hex);
}

/*
 * The rules both OpenSearch and Elasticsearch apply: not empty, at most
 * 255 bytes, lowercase, none of \ / * ? " < > | , # : or a space, not
 * starting with - _ +, not "." or "..".  Control characters are refused
 * as well.
 */
int
tl_index_name_ok(const char *name)
{
	const unsigned char *p;
	size_t n = strlen(name);
	json_t *j;

	if (n == 0 || n > 255 || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0 || strchr("-_+", name[0]) != NULL)
		return 0;
	for (p = (const unsigned char *)name; *p; p++)
		if (*p < 0x21 || *p == 0x7f || (*p >= 'A' && *p <= 'Z') ||
		    strchr("\\/*?\"<>|,#:", *p) != NULL)
			return 0;
	if ((j = json_string(name)) == NULL)	/* not UTF-8 */
		return 0;
	json_decref(j);
	return 1;
}

static int
os_begin(struct tl_out *o)
{
	if (o->index == NULL)
		o->index = DEFAULT_INDEX;
	return 0;
}

static int
os_row(struct tl_out *o, const struct tl_event *ev)
{
	struct buf *b = o->line;
	char id[SHA256_HEXLEN];
	size_t i;

	if (tl_bulk_id(ev->dedup ? ev->dedup : "", id) < 0)
		return error("SHA-256 is not available");
	buf_addstr(b, "{\"index\":{");
	tl_jl_key(b, "_index");
	json_add_str(b, o->index);
	tl_jl_key(b, "_id");
	json_add_str(b, id);
	buf_add(b, "}}", 2);
	if (writer_put_line(o->fp, b) < 0)
		return -1;
	buf_addch(b, '{');
	for (i = 0; i < NCOLS; i++) {
		if (cols[i].fld == TL_TAGS) {
			if (ev->ntags == 0)
				continue;
			tl_jl_key(b, cols[i].name);
			tl_jl_tags(b, ev);
		} else if (cols[i].fld == TL_ATTRS) {
			if (ev->f[TL_ATTRS] == NULL)
				continue;
			tl_jl_key(b, cols[i].name);
			tl_jl_attrs(b, ev->f[TL_ATTRS]);
		} else {
			tl_jl_field(b, cols[i].name, ev, cols[i].fld, 1);
		}
	}
	buf_addch(b, '}');
	return writer_put_line(o->fp, b);
}

const struct tl_format tl_format_opensearch = {
	.name = "opensearch",
	.desc = "OpenSearch/Elasticsearch _bulk NDJSON",
	.timed_only = 1,
	.begin = os_begin,
	.row = os_row,
	.end = tl_end_plain,
};
