/* SPDX-License-Identifier: MIT */
/*
 * jsplit.h - a streaming splitter that cuts a byte stream of JSON into
 * records without parsing them, so that only records worth parsing reach
 * jansson and no file is ever held whole in memory.
 *
 * It understands the containers evidence comes in:
 *   - JSON Lines / concatenated values: each top-level value is a record;
 *   - a top-level array: each element is a record;
 *   - a wrapper object whose key is one of the container keys (CloudTrail
 *     {"Records":[...]}, lookup-events {"Events":[...]}): each element of
 *     that array is a record, the rest of the wrapper is ignored.
 * It tracks strings and nesting only; validation is jansson's job.  Bad
 * input never stops it: a line of garbage, a truncated JSON Lines record,
 * a record over the size limit or a record cut by the end of the input is
 * handed to the callback with an error text and the splitter carries on.
 * A UTF-8 BOM at the start is skipped (offsets count it).  The callbacks
 * are the same however the input is cut into feeds.
 */
#ifndef JSPLIT_H
#define JSPLIT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Called once per record.  rec/len: the record's bytes (borrowed, valid
 * during the call; for a bad record at most JSPLIT_KEEP bytes of it);
 * line: 1-based line where it starts; offset: its byte offset.  err is
 * NULL for a record to parse, else why it is bad.  A structural problem
 * outside any record (input ends inside the wrapper) comes with rec NULL.
 * Returns 0 to go on, -1 to stop (the feed then returns -1).
 */
typedef int (*jsplit_cb)(void *arg, const char *rec, size_t len,
    int64_t line, int64_t offset, const char *err);

#define JSPLIT_KEEP 65536	/* bytes of an oversized record kept */

struct jsplit;

/* keys: container keys (NULL-terminated, may be NULL); borrowed. */
struct jsplit *jsplit_new(const char *const *keys, size_t max_record,
    jsplit_cb cb, void *arg);
void	jsplit_free(struct jsplit *js);
int	jsplit_feed(struct jsplit *js, const char *p, size_t n);
/* Ends the input: flushes or reports a record cut short. */
int	jsplit_finish(struct jsplit *js);
/* Records handed to the callback so far (good and bad). */
uint64_t jsplit_count(const struct jsplit *js);

#endif
