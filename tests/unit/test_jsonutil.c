/* SPDX-License-Identifier: MIT */
/*
 * test_jsonutil.c - unit tests of core/jsonutil.c: json_scan_top_str() over
 * a table of records (found, absent, not a string, escapes, duplicates,
 * nesting, white space, records cut short) run from exact-size heap copies
 * so that a read past len is caught by ASan, every prefix of every record,
 * and random objects checked against jansson; the lookups jstr, jobj,
 * jpath and jpath_str; json_load_record; json_add_str against jansson's
 * dump.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "jsonutil.h"
#include "xalloc.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct scan_row {
	const char	*rec;
	const char	*key;
	int		 rc;
	const char	*val;		/* when rc is 1 */
};

static const struct scan_row scan_rows[] = {
	/* found */
	{ "{\"eventName\":\"Sign\",\"eventSource\":\"kms.amazonaws.com\"}",
	    "eventName", 1, "Sign" },
	{ "{\"eventName\":\"Sign\",\"eventSource\":\"kms.amazonaws.com\"}",
	    "eventSource", 1, "kms.amazonaws.com" },
	{ "{\"k\":\"\"}", "k", 1, "" },
	{ "{\"k\":\"\xc3\xa9\xe2\x82\xac\"}", "k", 1, "\xc3\xa9\xe2\x82\xac" },
	{ "{\"kk\":\"a\",\"k\":\"b\",\"kkk\":\"c\"}", "k", 1, "b" },
	{ "{\"a\":{\"k\":\"x\"},\"b\":[\"k\",\"y\",{\"k\":\"z\"}],\"k\":\"v\"}",
	    "k", 1, "v" },
	{ "{\"a\":\"}{\\\"k\\\":\\\"x\\\"\",\"k\":\"v\"}", "k", 1, "v" },
	{ "{\"a\":\"x\\\\\",\"k\":\"v\"}", "k", 1, "v" },
	{ "{\"a\":{\"\\u006b\":\"x\"},\"k\":\"v\"}", "k", 1, "v" },
	{ "{\"a\":[1,{\"b\":[]}],\"k\":\"v\",\"z\":{}}", "k", 1, "v" },
	{ "{\"\":\"empty\"}", "", 1, "empty" },
	/* white space and pretty printing */
	{ "\n {\n  \"k\" : \t\"v\" ,\r\n  \"z\": 1\n}\n", "k", 1, "v" },
	{ "{\"k\":\"v\"}\r\n \t", "k", 1, "v" },
	{ "{\n    \"a\": {\n        \"k\": \"no\"\n    },\n"
	    "    \"k\": \"yes\"\n}", "k", 1, "yes" },
	/* absent */
	{ "{}", "k", 0, NULL },
	{ " { } ", "k", 0, NULL },
	{ "{\"eventName\":\"Sign\"}", "eventSource", 0, NULL },
	{ "{\"eventNames\":\"Sign\"}", "eventName", 0, NULL },
	{ "{\"event\":\"Sign\"}", "eventName", 0, NULL },
	/* not a string */
	{ "{\"k\":1}", "k", 0, NULL },
	{ "{\"k\":-1.5e3,\"z\":\"v\"}", "k", 0, NULL },
	{ "{\"k\":null}", "k", 0, NULL },
	{ "{\"k\":true}", "k", 0, NULL },
	{ "{\"k\":{\"k\":\"v\"}}", "k", 0, NULL },
	{ "{\"k\":[\"v\"]}", "k", 0, NULL },
	/* the key only nested, or only as a value */
	{ "{\"a\":{\"k\":\"v\"}}", "k", 0, NULL },
	{ "{\"a\":[{\"k\":\"v\"}]}", "k", 0, NULL },
	{ "{\"a\":[\"k\",\"v\"]}", "k", 0, NULL },
	{ "{\"a\":\"k\",\"b\":\"k\"}", "k", 0, NULL },
	{ "{\"a\":{\"b\":{\"k\":\"v\"}},\"c\":[[{\"k\":\"w\"}]]}", "k", 0,
	    NULL },
	/* escapes in the value */
	{ "{\"k\":\"a\\\"b\"}", "k", -1, NULL },
	{ "{\"k\":\"\\u0041\"}", "k", -1, NULL },
	{ "{\"k\":\"a\\\\\"}", "k", -1, NULL },
	{ "{\"k\":\"\\n\"}", "k", -1, NULL },
	/* an escaped key at the top level might spell ours */
	{ "{\"\\u006b\":\"v\"}", "k", -1, NULL },
	{ "{\"a\\\"b\":\"v\",\"k\":\"w\"}", "k", -1, NULL },
	{ "{\"k\":\"w\",\"\\u006b\":\"v\"}", "k", -1, NULL },
	/* the key twice */
	{ "{\"k\":\"a\",\"k\":\"b\"}", "k", -1, NULL },
	{ "{\"k\":\"a\",\"k\":\"a\"}", "k", -1, NULL },
	{ "{\"k\":1,\"k\":\"b\"}", "k", -1, NULL },
	{ "{\"k\":\"a\",\"x\":{},\"k\":null}", "k", -1, NULL },
	/* not an object */
	{ "", "k", -1, NULL },
	{ " \n", "k", -1, NULL },
	{ "[\"k\",\"v\"]", "k", -1, NULL },
	{ "\"k\"", "k", -1, NULL },
	{ "x{\"k\":\"v\"}", "k", -1, NULL },
	/* cut short */
	{ "{", "k", -1, NULL },
	{ "{\"", "k", -1, NULL },
	{ "{\"k", "k", -1, NULL },
	{ "{\"k\"", "k", -1, NULL },
	{ "{\"k\":", "k", -1, NULL },
	{ "{\"k\":\"", "k", -1, NULL },
	{ "{\"k\":\"v", "k", -1, NULL },
	{ "{\"k\":\"v\\\"", "k", -1, NULL },
	{ "{\"k\":\"v\"", "k", -1, NULL },
	{ "{\"k\":\"v\",", "k", -1, NULL },
	{ "{\"a\":{\"b\":1}", "k", -1, NULL },
	{ "{\"a\":\"x\",\"k", "k", -1, NULL },
	{ "{\"a\":\"x\\", "k", -1, NULL },
	/* more than one value */
	{ "{\"k\":\"v\"} x", "k", -1, NULL },
	{ "{\"k\":\"v\"}{\"k\":\"w\"}", "k", -1, NULL },
	{ "{\"k\":\"v\"}\n{\"z\":1}", "k", -1, NULL },
	{ "{}}", "k", -1, NULL },
};

/* Scans rec[0..len) from an exact-size heap copy. */
static int
scan(const char *rec, size_t len, const char *key, char **val)
{
	const char *v = NULL;
	size_t vlen = 0;
	char *copy = xmalloc(len ? len : 1);
	int rc;

	memcpy(copy, rec, len);
	rc = json_scan_top_str(copy, len, key, &v, &vlen);
	*val = NULL;
	if (rc == 1) {
		assert_non_null(v);
		assert_true(v >= copy && vlen <= len &&
		    (size_t)(v - copy) <= len - vlen);
		*val = xstrndup(v, vlen);
	}
	free(copy);
	return rc;
}

static void
test_scan_table(void **state)
{
	const struct scan_row *t;
	json_error_t jerr;
	json_t *root;
	size_t i;
	char *val;
	int rc;

	for (i = 0; i < NELEM(scan_rows); i++) {
		t = &scan_rows[i];
		rc = scan(t->rec, strlen(t->rec), t->key, &val);
		if (rc != t->rc)
			fail_msg("row %zu %s [%s]: %d, want %d", i, t->rec,
			    t->key, rc, t->rc);
		if (rc == 1) {
			assert_non_null(t->val);
			assert_string_equal(val, t->val);
		}
		/* a sure answer agrees with jansson's on valid JSON */
		root = json_loadb(t->rec, strlen(t->rec),
		    JSON_REJECT_DUPLICATES, &jerr);
		if (root != NULL && rc == 1)
			assert_string_equal(json_string_value(
			    json_object_get(root, t->key)), val);
		if (root != NULL && rc == 0)
			assert_false(json_is_string(json_object_get(root,
			    t->key)));
		json_decref(root);
		free(val);
	}
}

/*
 * Every proper prefix of a whole record is cut short: -1, never a value
 * pointing past the bytes given (those would be read from beyond len).
 */
static void
test_scan_prefixes(void **state)
{
	const struct scan_row *t;
	size_t i, n, len, end;
	char *val;
	int rc;

	for (i = 0; i < NELEM(scan_rows); i++) {
		t = &scan_rows[i];
		len = strlen(t->rec);
		if (t->rc == -1)
			continue;
		/* where the object ends: the last '}' */
		end = len;
		while (end > 0 && t->rec[end - 1] != '}')
			end--;
		assert_true(end > 0);
		for (n = 0; n < len; n++) {
			rc = scan(t->rec, n, t->key, &val);
			free(val);
			if (n < end && rc != -1)
				fail_msg("row %zu %s [%s] cut to %zu: %d, "
				    "want -1", i, t->rec, t->key, n, rc);
			if (n >= end)
				assert_int_equal(rc, t->rc);
		}
	}
}

/*
 * *val and *vlen are left alone when the member is absent or the answer
 * unsure; only len bytes are read.
 */
static void
test_scan_outputs(void **state)
{
	const char *v = "untouched";
	size_t vlen = 42;

	assert_int_equal(json_scan_top_str("{}", 2, "k", &v, &vlen), 0);
	assert_string_equal(v, "untouched");
	assert_int_equal(vlen, 42);
	assert_int_equal(json_scan_top_str("[]", 2, "k", &v, &vlen), -1);
	assert_int_equal(vlen, 42);
	assert_int_equal(json_scan_top_str("{\"k\":\"v\"}XYZ", 9, "k", &v,
	    &vlen), 1);
	assert_int_equal(vlen, 1);
	assert_memory_equal(v, "v", 1);
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static json_t *
gen_value(uint64_t *seed, int depth)
{
	static const char *const strs[] = {
		"", "v", "k", "{", "}\"", "a\\b", "\n", "\xc3\xa9", "[\"k\"]",
		"x y",
	};
	static const char *const keys[] = { "k", "kk", "a", "K", "" };
	json_t *v;
	size_t n, i;

	switch (rnd(seed) % (depth < 3 ? 6 : 4)) {
	case 0:
		return json_integer((json_int_t)(rnd(seed) % 100));
	case 1:
		return rnd(seed) % 2 ? json_null() : json_true();
	case 2:
	case 3:
		return json_string(strs[rnd(seed) % NELEM(strs)]);
	case 4:
		v = json_array();
		n = rnd(seed) % 3;
		for (i = 0; i < n; i++)
			json_array_append_new(v, gen_value(seed, depth + 1));
		return v;
	default:
		v = json_object();
		n = rnd(seed) % 4;
		for (i = 0; i < n; i++)
			json_object_set_new(v, keys[rnd(seed) % NELEM(keys)],
			    gen_value(seed, depth + 1));
		return v;
	}
}

/*
 * Random objects as jansson writes them: a sure answer is jansson's, and
 * without a backslash in the text the answer is always sure.
 */
static void
test_scan_random(void **state)
{
	static const char *const keys[] = { "k", "kk", "a", "K", "" };
	static const size_t flags[] = {
		JSON_COMPACT, JSON_INDENT(0), JSON_INDENT(2),
		JSON_INDENT(1) | JSON_ENSURE_ASCII,
	};
	uint64_t seed = 0xfeed;
	size_t iter, i, n;
	json_t *obj, *v;
	char *text, *val;
	const char *key;
	int rc;

	for (iter = 0; iter < 5000; iter++) {
		obj = json_object();
		n = rnd(&seed) % 5;
		for (i = 0; i < n; i++)
			json_object_set_new(obj, keys[rnd(&seed) %
			    NELEM(keys)], gen_value(&seed, 1));
		text = json_dumps(obj, flags[rnd(&seed) % NELEM(flags)]);
		assert_non_null(text);
		key = keys[rnd(&seed) % NELEM(keys)];
		rc = scan(text, strlen(text), key, &val);
		v = json_object_get(obj, key);
		if (rc == 1) {
			assert_true(json_is_string(v));
			assert_string_equal(val, json_string_value(v));
		} else if (rc == 0) {
			assert_false(json_is_string(v));
		} else if (strchr(text, '\\') == NULL) {
			fail_msg("unsure about %s [%s]", text, key);
		}
		free(val);
		free(text);
		json_decref(obj);
	}
}

static json_t *
load(const char *text)
{
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);

	if (root == NULL)
		fail_msg("%s: %s", text, jerr.text);
	return root;
}

static void
test_jstr_jobj(void **state)
{
	json_t *root = load("{\"s\":\"str\",\"e\":\"\",\"n\":1,\"z\":null,"
	    "\"o\":{\"a\":\"b\"},\"l\":[\"x\"]}");
	json_t *arr = load("[\"s\"]"), *str = json_string("s");

	assert_string_equal(jstr(root, "s"), "str");
	assert_string_equal(jstr(root, "e"), "");
	assert_null(jstr(root, "n"));
	assert_null(jstr(root, "z"));
	assert_null(jstr(root, "o"));
	assert_null(jstr(root, "l"));
	assert_null(jstr(root, "missing"));
	assert_null(jstr(root, "S"));
	assert_null(jstr(NULL, "s"));
	assert_null(jstr(arr, "s"));
	assert_null(jstr(str, "s"));

	assert_ptr_equal(jobj(root, "o"), json_object_get(root, "o"));
	assert_string_equal(jstr(jobj(root, "o"), "a"), "b");
	assert_null(jobj(root, "s"));
	assert_null(jobj(root, "l"));
	assert_null(jobj(root, "z"));
	assert_null(jobj(root, "missing"));
	assert_null(jobj(NULL, "o"));
	assert_null(jobj(arr, "o"));
	/* chains through absent members without crashing */
	assert_null(jstr(jobj(jobj(root, "missing"), "x"), "y"));

	json_decref(root);
	json_decref(arr);
	json_decref(str);
}

static void
test_jpath(void **state)
{
	json_t *root = load("{\"userIdentity\":{\"type\":\"AssumedRole\","
	    "\"sessionContext\":{\"sessionIssuer\":{\"arn\":\"arn:aws:iam::1:"
	    "role/r\",\"n\":7},\"attributes\":{\"mfaAuthenticated\":"
	    "\"false\"}},\"list\":[{\"a\":\"b\"}]},\"top\":\"t\","
	    "\"\":{\"\":\"empty\"},\"x.y\":\"dotted\",\"s\":\"str\"}");
	json_t *big = json_object();
	const json_t *v;
	char k127[128], k128[129], path[300];

	assert_string_equal(jpath_str(root,
	    "userIdentity.sessionContext.sessionIssuer.arn"),
	    "arn:aws:iam::1:role/r");
	assert_string_equal(jpath_str(root,
	    "userIdentity.sessionContext.attributes.mfaAuthenticated"),
	    "false");
	assert_string_equal(jpath_str(root, "userIdentity.type"),
	    "AssumedRole");
	assert_string_equal(jpath_str(root, "top"), "t");
	v = jpath(root, "userIdentity.sessionContext.sessionIssuer.n");
	assert_true(json_is_integer(v));
	assert_int_equal(json_integer_value(v), 7);
	assert_null(jpath_str(root,
	    "userIdentity.sessionContext.sessionIssuer.n"));
	v = jpath(root, "userIdentity.sessionContext");
	assert_ptr_equal(v, json_object_get(json_object_get(root,
	    "userIdentity"), "sessionContext"));
	assert_null(jpath_str(root, "userIdentity.sessionContext"));

	/* missing steps */
	assert_null(jpath(root, "missing"));
	assert_null(jpath(root, "missing.arn"));
	assert_null(jpath(root, "userIdentity.missing.arn"));
	assert_null(jpath(root, "userIdentity.sessionContext.sessionIssuer."
	    "arn.more"));
	assert_null(jpath_str(root, "userIdentity.sessionContext.missing"));
	/* intermediate values that are not objects */
	assert_null(jpath(root, "top.x"));
	assert_null(jpath(root, "s.length"));
	assert_null(jpath(root, "userIdentity.list.0"));
	assert_null(jpath(root, "userIdentity.list.a"));
	assert_null(jpath(NULL, "top"));
	assert_null(jpath_str(NULL, "top"));
	/* a dot always separates keys */
	assert_null(jpath(root, "x.y"));
	assert_null(jpath(root, "top."));
	assert_null(jpath(root, "userIdentity..type"));
	assert_string_equal(jpath_str(root, "."), "empty");
	assert_ptr_equal(jpath(root, ""), root);

	/* path parts: 127 bytes are looked up, 128 and more never */
	memset(k127, 'k', 127);
	k127[127] = '\0';
	memset(k128, 'k', 128);
	k128[128] = '\0';
	json_object_set_new(big, k127, json_pack("{s:s}", "a", "v127"));
	json_object_set_new(big, k128, json_pack("{s:s}", "a", "v128"));
	json_object_set_new(big, "short", json_pack("{s:s}", k128, "deep"));
	snprintf(path, sizeof(path), "%s.a", k127);
	assert_string_equal(jpath_str(big, path), "v127");
	assert_non_null(jpath(big, k127));
	snprintf(path, sizeof(path), "%s.a", k128);
	assert_null(jpath_str(big, path));
	assert_null(jpath(big, k128));
	snprintf(path, sizeof(path), "short.%s", k128);
	assert_null(jpath_str(big, path));
	snprintf(path, sizeof(path), "short.%s.x", k128);
	assert_null(jpath(big, path));

	json_decref(big);
	json_decref(root);
}

static void
test_load_record(void **state)
{
	json_error_t jerr;
	json_t *v;

	v = json_load_record("{\"a\":1}", 7, &jerr);
	assert_true(json_is_object(v));
	json_decref(v);
	/* exactly len bytes: what follows is not read */
	v = json_load_record("{\"a\":1}garbage", 7, &jerr);
	assert_true(json_is_object(v));
	json_decref(v);
	v = json_load_record("\"s\"", 3, &jerr);
	assert_true(json_is_string(v));
	json_decref(v);
	assert_null(json_load_record("{\"a\":1,\"a\":2}", 13, &jerr));
	assert_non_null(strstr(jerr.text, "duplicate"));
	assert_null(json_load_record("{\"a\":1", 6, &jerr));
	assert_null(json_load_record("{\"a\":1} {}", 10, &jerr));
}

/*
 * json_add_str writes what jansson's dump writes for every string jansson
 * takes (every byte alone, random mixes of escapes and UTF-8), and U+FFFD
 * for the bytes of a string that is not UTF-8.
 */
static void
test_add_str(void **state)
{
	static const char *const pieces[] = {
		"a", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r", "\x01",
		"\x1f", "\x0b", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xed\x9f\xbf",
		"\xf0\x9f\x94\x91", "\xf4\x8f\xbf\xbf", " ",
	};
	struct buf b = BUF_INIT;
	unsigned seed = 11;
	char s[80], *want, *long_s;
	json_t *j;
	int i, k, n;

	for (i = 1; i < 256; i++) {
		s[0] = (char)i;
		s[1] = '\0';
		json_add_str(&b, s);
		if ((j = json_string(s)) != NULL) {
			want = json_dumps(j, JSON_ENCODE_ANY);
			assert_string_equal(b.s, want);
			free(want);
			json_decref(j);
		} else {
			assert_true(i >= 0x80);
			assert_string_equal(b.s, "\"\xef\xbf\xbd\"");
		}
		buf_reset(&b);
	}
	for (i = 0; i < 5000; i++) {
		s[0] = '\0';
		n = rand_r(&seed) % 8;
		for (k = 0; k < n; k++)
			strcat(s, pieces[rand_r(&seed) % NELEM(pieces)]);
		j = json_string(s);
		assert_non_null(j);
		want = json_dumps(j, JSON_ENCODE_ANY);
		json_add_str(&b, s);
		assert_string_equal(b.s, want);
		free(want);
		json_decref(j);
		buf_reset(&b);
	}
	/* not UTF-8: cut short, overlong, a surrogate, past U+10FFFF */
	json_add_str(&b, "a\xc3(\xe2\x82\"\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80z");
	j = json_loads(b.s, JSON_DECODE_ANY, NULL);
	assert_non_null(j);
	assert_non_null(strstr(json_string_value(j), "a\xef\xbf\xbd("));
	assert_non_null(strstr(json_string_value(j), "\"\xef\xbf\xbd"));
	assert_int_equal(json_string_value(j)[json_string_length(j) - 1], 'z');
	json_decref(j);
	buf_reset(&b);
	/*
	 * A long string that is not ASCII (1 MiB of U+00E9, then a sequence
	 * cut short at the very end) comes out as jansson writes it, in time
	 * linear in its length (1.7 s here when every character measured the
	 * rest of the string: quadratic, minutes for a field of 16 MiB).
	 */
	long_s = xmalloc((1u << 20) + 2);
	for (i = 0; i < (1 << 20); i += 2)
		memcpy(long_s + i, "\xc3\xa9", 2);
	long_s[1 << 20] = '\xe2';
	long_s[(1 << 20) + 1] = '\0';
	json_add_str(&b, long_s);
	long_s[1 << 20] = '\0';
	j = json_string(long_s);
	assert_non_null(j);
	want = json_dumps(j, JSON_ENCODE_ANY);
	assert_int_equal(b.len, strlen(want) + 3);	/* and U+FFFD */
	assert_memory_equal(b.s, want, strlen(want) - 1);
	assert_string_equal(b.s + strlen(want) - 1, "\xef\xbf\xbd\"");
	free(want);
	json_decref(j);
	free(long_s);
	buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_table),
		cmocka_unit_test(test_scan_prefixes),
		cmocka_unit_test(test_scan_outputs),
		cmocka_unit_test(test_scan_random),
		cmocka_unit_test(test_jstr_jobj),
		cmocka_unit_test(test_jpath),
		cmocka_unit_test(test_load_record),
		cmocka_unit_test(test_add_str),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
