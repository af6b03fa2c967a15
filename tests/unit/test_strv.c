/* SPDX-License-Identifier: MIT */
/*
 * test_strv.c - unit tests of core/strv.c: copies owned by the list,
 * add_new's NULL and duplicate rules, sorting, the JSON array (with a
 * string that is not UTF-8 left out) and reuse after strv_free().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"

static void
test_add_has(void **state)
{
	struct strv s = STRV_INIT;
	char word[8];
	int i;

	(void)state;
	assert_int_equal(strv_has(&s, "a"), 0);
	/* The list keeps copies: the caller's buffer is reused. */
	for (i = 0; i < 100; i++) {
		snprintf(word, sizeof(word), "w%d", i);
		strv_add(&s, word);
	}
	memset(word, 'x', sizeof(word) - 1);
	assert_int_equal(s.n, 100);
	assert_true(s.alloc >= 100);
	assert_string_equal(s.v[0], "w0");
	assert_string_equal(s.v[99], "w99");
	assert_int_equal(strv_has(&s, "w42"), 1);
	assert_int_equal(strv_has(&s, "w4"), 1);
	assert_int_equal(strv_has(&s, "w100"), 0);
	assert_int_equal(strv_has(&s, ""), 0);
	/* strv_add keeps duplicates; strv_add_new does not, nor NULL. */
	strv_add(&s, "w0");
	assert_int_equal(s.n, 101);
	strv_add_new(&s, "w1");
	strv_add_new(&s, NULL);
	assert_int_equal(s.n, 101);
	strv_add_new(&s, "");
	assert_int_equal(s.n, 102);
	assert_string_equal(s.v[101], "");
	strv_free(&s);
	assert_null(s.v);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.alloc, 0);
	/* Reusable after strv_free, and freeing twice is harmless. */
	strv_add(&s, "again");
	assert_int_equal(s.n, 1);
	strv_free(&s);
	strv_free(&s);
}

static void
test_sort(void **state)
{
	static const struct {
		const char	*in[5];
		const char	*out[5];
	} t[] = {
		{ { NULL }, { NULL } },
		{ { "one" }, { "one" } },
		{ { "b", "a" }, { "a", "b" } },
		{ { "b", "B", "a", "b", "" }, { "", "B", "a", "b", "b" } },
		{ { "\xc3\xa9", "z", "e" }, { "e", "z", "\xc3\xa9" } },
	};
	struct strv s = STRV_INIT;
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		for (j = 0; j < 5 && t[i].in[j] != NULL; j++)
			strv_add(&s, t[i].in[j]);
		strv_sort(&s);
		for (j = 0; j < 5 && t[i].out[j] != NULL; j++)
			assert_string_equal(s.v[j], t[i].out[j]);
		assert_int_equal(s.n, j);
		strv_free(&s);
	}
}

static void
test_json(void **state)
{
	static const struct {
		const char	*in[4];
		const char	*json;
	} t[] = {
		{ { NULL }, "[]" },
		{ { "a" }, "[\"a\"]" },
		{ { "a\"b", "c\\d", "\n" }, "[\"a\\\"b\",\"c\\\\d\",\"\\n\"]" },
		{ { "k1", "bad\xff", "k2" }, "[\"k1\",\"k2\"]" },
		{ { "x'; DROP TABLE events; --" },
		    "[\"x'; DROP TABLE events; --\"]" },
	};
	struct strv s = STRV_INIT;
	size_t i, j;
	char *text;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		for (j = 0; j < 4 && t[i].in[j] != NULL; j++)
			strv_add(&s, t[i].in[j]);
		text = strv_json(&s);
		assert_string_equal(text, t[i].json);
		free(text);
		strv_free(&s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_has),
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
