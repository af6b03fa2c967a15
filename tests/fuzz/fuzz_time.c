/* SPDX-License-Identifier: MIT */
/*
 * fuzz_time.c - libFuzzer target for the timestamp parsers: any bytes,
 * never read past the end, and whatever parses formats back to a time
 * that parses again to the same microsecond.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "timeutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char tb[TS_BUFSZ], fl[128];
	struct diag d;
	unsigned flags;
	int64_t us, again;

	if (ts_parse_iso((const char *)data, size, &us, &flags, &d) == 0) {
		ts_format(us, tb);
		ts_flags_format(flags, fl, sizeof(fl));
		if (tb[strlen(tb) - 1] == 'Z' &&
		    ts_parse_iso(tb, strlen(tb), &again, &flags, &d) == 0 &&
		    again != us)
			abort();
	}
	(void)ts_parse_any((const char *)data, size, &us, &flags, &d);
	return 0;
}
