/* SPDX-License-Identifier: MIT */
/*
 * test_digest.c - unit tests of core/digest.c: the FIPS 180-2 SHA-256
 * vectors ("", "abc", the two-block message, a million 'a'), streaming in
 * odd chunk sizes against the one-shot digest, sha256_fd on a temporary
 * file (from the start and from an offset, and a bad descriptor),
 * release/final edge cases and hex_encode.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "digest.h"

#define HEX_EMPTY \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define HEX_ABC \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define HEX_TWO_BLOCKS \
	"248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define HEX_MILLION_A \
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"

#define MILLION 1000000

static void
test_vectors_one_shot(void **state)
{
	char hex[SHA256_HEXLEN];
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	(void)state;
	memset(hex, 'x', sizeof(hex));
	assert_int_equal(sha256_hex("", 0, hex), 0);
	assert_string_equal(hex, HEX_EMPTY);
	/* a NULL pointer with no bytes is the empty message */
	assert_int_equal(sha256_hex(NULL, 0, hex), 0);
	assert_string_equal(hex, HEX_EMPTY);
	assert_int_equal(sha256_hex("abc", 3, hex), 0);
	assert_string_equal(hex, HEX_ABC);
	assert_int_equal(sha256_hex(two, strlen(two), hex), 0);
	assert_string_equal(hex, HEX_TWO_BLOCKS);
}

static void
test_million_a(void **state)
{
	char *a = malloc(MILLION), hex[SHA256_HEXLEN];
	struct sha256 h;
	size_t i;

	(void)state;
	assert_non_null(a);
	memset(a, 'a', MILLION);
	assert_int_equal(sha256_hex(a, MILLION, hex), 0);
	assert_string_equal(hex, HEX_MILLION_A);

	/* one byte at a time */
	assert_int_equal(sha256_init(&h), 0);
	for (i = 0; i < MILLION; i++)
		sha256_update(&h, a + i, 1);
	assert_int_equal(h.bytes, MILLION);
	assert_int_equal(sha256_final_hex(&h, hex), 0);
	assert_string_equal(hex, HEX_MILLION_A);
	assert_null(h.mdctx);
	free(a);
}

/* Streams buf in chunks of the sizes in steps (cycled) and compares. */
static void
check_chunks(const unsigned char *buf, size_t n, const size_t *steps,
    size_t nsteps)
{
	char one[SHA256_HEXLEN], streamed[SHA256_HEXLEN];
	struct sha256 h;
	size_t off = 0, k = 0;

	assert_int_equal(sha256_hex(buf, n, one), 0);
	assert_int_equal(sha256_init(&h), 0);
	while (off < n) {
		size_t step = steps[k++ % nsteps];

		if (step > n - off)
			step = n - off;
		sha256_update(&h, buf + off, step);
		off += step;
	}
	assert_int_equal(h.bytes, n);
	assert_int_equal(sha256_final_hex(&h, streamed), 0);
	assert_string_equal(streamed, one);
}

static void
test_streaming_odd_chunks(void **state)
{
	static const size_t s1[] = { 1 };
	static const size_t s2[] = { 3, 7, 0, 63, 64, 65, 127, 1 };
	static const size_t s3[] = { 55, 56, 57 };
	static const size_t s4[] = { 4093 };
	static const size_t s5[] = { 100000 };
	size_t n = 70001, i;
	unsigned char *buf = malloc(n);

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(i * 131u + (i >> 8));
	check_chunks(buf, n, s1, 1);
	check_chunks(buf, n, s2, sizeof(s2) / sizeof(s2[0]));
	check_chunks(buf, n, s3, 3);
	check_chunks(buf, n, s4, 1);
	check_chunks(buf, n, s5, 1);
	/* every length around the 64-byte block and the 55/56 padding edge */
	for (i = 0; i <= 200; i++)
		check_chunks(buf, i, s2, sizeof(s2) / sizeof(s2[0]));
	free(buf);
}

static void
test_release_and_errors(void **state)
{
	struct sha256 h;
	char hex[SHA256_HEXLEN];

	(void)state;
	/* release without final, twice: NULL-safe and idempotent */
	assert_int_equal(sha256_init(&h), 0);
	sha256_update(&h, "abc", 3);
	sha256_release(&h);
	assert_null(h.mdctx);
	sha256_release(&h);
	/* update and final after release: ignored, then an error */
	sha256_update(&h, "abc", 3);
	memset(hex, 'x', sizeof(hex));
	assert_int_equal(sha256_final_hex(&h, hex), -1);
	assert_string_equal(hex, "");
	/* a zero-length update changes nothing */
	assert_int_equal(sha256_init(&h), 0);
	sha256_update(&h, "abc", 0);
	sha256_update(&h, "abc", 3);
	sha256_update(&h, NULL, 0);
	assert_int_equal(h.bytes, 3);
	assert_int_equal(sha256_final_hex(&h, hex), 0);
	assert_string_equal(hex, HEX_ABC);
}

static void
test_fd(void **state)
{
	char path[] = "/tmp/sigtrail-digest-XXXXXX";
	char hex[SHA256_HEXLEN], want[SHA256_HEXLEN];
	int64_t size = -1;
	size_t n = 200000, i;
	unsigned char *buf = malloc(n);
	int fd;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(i ^ (i >> 9));
	buf[10] = '\0';
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);

	/* empty file */
	assert_int_equal(sha256_fd(fd, hex, &size), 0);
	assert_int_equal(size, 0);
	assert_string_equal(hex, HEX_EMPTY);

	/* several read blocks, NUL bytes included */
	assert_int_equal(write(fd, buf, n), (ssize_t)n);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(sha256_fd(fd, hex, &size), 0);
	assert_int_equal(size, (int64_t)n);
	assert_int_equal(sha256_hex(buf, n, want), 0);
	assert_string_equal(hex, want);

	/* from the current position to the end */
	assert_int_equal(lseek(fd, 12345, SEEK_SET), 12345);
	assert_int_equal(sha256_fd(fd, hex, &size), 0);
	assert_int_equal(size, (int64_t)(n - 12345));
	assert_int_equal(sha256_hex(buf + 12345, n - 12345, want), 0);
	assert_string_equal(hex, want);
	close(fd);

	/* a bad descriptor: -1 with errno, *size untouched */
	size = 77;
	errno = 0;
	assert_int_equal(sha256_fd(fd, hex, &size), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(size, 77);
	free(buf);
}

static void
test_hex_encode(void **state)
{
	static const unsigned char in[] = { 0x00, 0x01, 0x0f, 0x10, 0x7f,
	    0x80, 0xab, 0xcd, 0xef, 0xff };
	char out[2 * sizeof(in) + 1];

	(void)state;
	memset(out, 'x', sizeof(out));
	hex_encode(in, sizeof(in), out);
	assert_string_equal(out, "00010f107f80abcdefff");
	hex_encode(in, 0, out);
	assert_string_equal(out, "");
	hex_encode(in + 9, 1, out);
	assert_string_equal(out, "ff");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_one_shot),
		cmocka_unit_test(test_million_a),
		cmocka_unit_test(test_streaming_odd_chunks),
		cmocka_unit_test(test_release_and_errors),
		cmocka_unit_test(test_fd),
		cmocka_unit_test(test_hex_encode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
