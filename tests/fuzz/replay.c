/* SPDX-License-Identifier: MIT */
/*
 * replay.c - runs a fuzz target over files without libFuzzer: each
 * argument is a file or a directory of files (the target's corpus and
 * every past crasher), so that `make check` replays them all under the
 * normal and the sanitized build.  Prints one line per target.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, r;

	if (fp == NULL) {
		fprintf(stderr, "replay: cannot open '%s'\n", path);
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		r = fread(buf + n, 1, cap - n, fp);
		n += r;
	} while (r > 0);
	fclose(fp);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	struct stat sb;
	struct dirent *de;
	char **names, path[4096];
	size_t nr, i, total = 0;
	DIR *dir;
	int k;

	for (k = 1; k < argc; k++) {
		if (stat(argv[k], &sb) < 0)
			continue;
		if (!S_ISDIR(sb.st_mode)) {
			if (run_file(argv[k]) == 0)
				total++;
			continue;
		}
		if ((dir = opendir(argv[k])) == NULL)
			continue;
		names = NULL;
		nr = 0;
		while ((de = readdir(dir)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			names = realloc(names, (nr + 1) * sizeof(*names));
			if (names == NULL)
				abort();
			names[nr++] = strdup(de->d_name);
		}
		closedir(dir);
		if (nr)
			qsort(names, nr, sizeof(*names), cmp);
		for (i = 0; i < nr; i++) {
			snprintf(path, sizeof(path), "%s/%s", argv[k],
			    names[i]);
			if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
			    run_file(path) == 0)
				total++;
			free(names[i]);
		}
		free(names);
	}
	printf("replay: %zu inputs\n", total);
	return 0;
}
