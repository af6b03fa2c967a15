/* SPDX-License-Identifier: MIT */
/*
 * test_err.c - unit tests of core/err.c: what error(), warning() and
 * info() write to stderr (captured in a temporary file), one table of
 * messages: control bytes shown as \xNN, the prefixes, messages longer
 * than the 512-byte first try and than the 1 KiB line buffer (with an
 * escape at each of the buffer's last places), the quiet switch, and
 * diag_set's truncation.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"

enum { E_ERROR, E_WARNING, E_INFO };

/*
 * Runs one message function with stderr sent to a temporary file and
 * returns what was written (the caller frees it).
 */
static char *
capture(int which, const char *msg)
{
	FILE *tmp = tmpfile();
	int saved = dup(2);
	char *out;
	long n;

	assert_non_null(tmp);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(tmp), 2) == 2);
	if (which == E_ERROR)
		assert_int_equal(error("%s", msg), -1);
	else if (which == E_WARNING)
		warning("%s", msg);
	else
		info("%s", msg);
	fflush(stderr);
	assert_true(dup2(saved, 2) == 2);
	close(saved);
	n = (long)lseek(fileno(tmp), 0, SEEK_END);
	assert_true(n >= 0);
	out = calloc(1, (size_t)n + 1);
	assert_non_null(out);
	assert_int_equal(pread(fileno(tmp), out, (size_t)n, 0), n);
	fclose(tmp);
	return out;
}

static const struct row {
	int		 which;
	const char	*msg;
	const char	*want;
} rows[] = {
	{ E_ERROR, "plain", "sigtrail: error: plain\n" },
	{ E_WARNING, "plain", "sigtrail: warning: plain\n" },
	{ E_INFO, "plain", "sigtrail: plain\n" },
	{ E_INFO, "", "sigtrail: \n" },
	/* a member named to drive a terminal or fake a line */
	{ E_WARNING, "'a\033[31mred\rcr\nnl'",
	    "sigtrail: warning: 'a\\x1b[31mred\\x0dcr\\x0anl'\n" },
	{ E_ERROR, "tab\there del\177 end\x1f",
	    "sigtrail: error: tab\\x09here del\\x7f end\\x1f\n" },
	/* bytes above 0x7f (UTF-8) pass as they are */
	{ E_INFO, "caf\xc3\xa9", "sigtrail: caf\xc3\xa9\n" },
};

static void
test_table(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *got = capture(rows[i].which, rows[i].msg);

		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, got,
			    rows[i].want);
		free(got);
	}
}

/*
 * Long messages: n bytes of 'a' then a control byte then "z", for n
 * around the places where the first try (512) and the line buffer (1024,
 * less the prefix) run out, so that an escape falls at each last place.
 */
static void
test_long(void **state)
{
	size_t n;

	(void)state;
	for (n = 480; n < 3200; n += n < 1100 ? 1 : 97) {
		struct buf msg = BUF_INIT, want = BUF_INIT;
		char *got;
		size_t k;

		for (k = 0; k < n; k++)
			buf_addch(&msg, 'a');
		buf_addstr(&msg, "\001z");
		buf_addstr(&want, "sigtrail: error: ");
		buf_add(&want, msg.s, n);
		buf_addstr(&want, "\\x01z\n");
		got = capture(E_ERROR, msg.s);
		if (strcmp(got, want.s) != 0)
			fail_msg("length %zu: got %zu bytes, want %zu", n,
			    strlen(got), want.len);
		free(got);
		buf_release(&msg);
		buf_release(&want);
	}
}

static void
test_quiet(void **state)
{
	char *got;

	(void)state;
	err_set_quiet(1);
	got = capture(E_WARNING, "hidden");
	assert_string_equal(got, "");
	free(got);
	got = capture(E_INFO, "hidden");
	assert_string_equal(got, "");
	free(got);
	/* errors are never quiet */
	got = capture(E_ERROR, "shown");
	assert_string_equal(got, "sigtrail: error: shown\n");
	free(got);
	err_set_quiet(0);
}

static void
test_diag(void **state)
{
	struct diag d;
	char big[2000];

	(void)state;
	diag_clear(&d);
	assert_string_equal(d.msg, "");
	assert_int_equal(diag_set(&d, "case %d: %s", 7, "bad"), -1);
	assert_string_equal(d.msg, "case 7: bad");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(diag_set(&d, "%s", big), -1);
	assert_int_equal(strlen(d.msg), sizeof(d.msg) - 1);
	assert_int_equal(diag_set(NULL, "ignored"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_long),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_diag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
