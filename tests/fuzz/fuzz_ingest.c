/* SPDX-License-Identifier: MIT */
/*
 * fuzz_ingest.c - libFuzzer target for the whole intake of one input:
 * decompression filters and archive formats through libarchive, format
 * detection, splitting, parsing, the case file (in memory) and the
 * derivations, with small limits so that bombs and deep nesting are cut
 * quickly.  The input is handed over as a memory file, like a file given
 * on the command line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "derive.h"
#include "err.h"
#include "ingest.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ingest_opts o;
	struct ingest ig;
	struct store *st = NULL;
	struct diag d;
	struct stat sb;
	int fd;

	err_set_quiet(1);
	if (store_open(":memory:", STORE_RW, &st, &d) < 0)
		abort();
	ingest_opts_init(&o);
	o.max_record = 1 << 20;
	o.max_member = 4 << 20;
	o.ratio_after = 1 << 20;
	o.max_entries = 64;
	o.warn_limit = 0;
	memset(&ig, 0, sizeof(ig));
	ig.st = st;
	ig.o = &o;
	ig.run_id = store_run_begin(st, "fuzz", "fuzz", 0);
	fd = memfd_create("fuzz-input", 0);
	if (fd < 0 || ig.run_id < 0)
		abort();
	if (size && write(fd, data, size) != (ssize_t)size)
		abort();
	if (lseek(fd, 0, SEEK_SET) < 0 || fstat(fd, &sb) < 0)
		abort();
	if (ingest_fd(&ig, fd, "fuzz-input", &sb) < 0)
		abort();	/* only a store failure may fail, never input */
	close(fd);
	if (derive_all(st, &o.parse) < 0)
		abort();
	store_close(st);
	return 0;
}
