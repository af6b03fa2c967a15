# sigtrail - non-recursive Makefile.
#
#   make                 build ./sigtrail
#   make check           unit tests, CLI end-to-end tests, corpus checks
#   make demo            build, ingest samples/ into a fresh case, show it
#   make deps            install the Debian packages (as root) or print how
#   make install         PREFIX=/usr/local DESTDIR=
#   DEVELOPER=1          adds -Werror
#   SANITIZE=address,undefined   builds everything sanitized
#
# Objects of a sanitized build go to a separate directory so that switching
# between plain and sanitized builds never mixes the two.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config
CC ?= cc

DEPS := sqlite3 jansson libpcre2-8 libcrypto libarchive libdeflate
DEBIAN_PKGS := build-essential pkg-config libsqlite3-dev libjansson-dev \
	libpcre2-dev libssl-dev libarchive-dev libdeflate-dev libcmocka-dev \
	python3

# pkg-config module -> the Debian package that provides it
pkg_sqlite3 := libsqlite3-dev
pkg_jansson := libjansson-dev
pkg_libpcre2-8 := libpcre2-dev
pkg_libcrypto := libssl-dev
pkg_libarchive := libarchive-dev
pkg_libdeflate := libdeflate-dev

ifeq ($(filter deps clean,$(MAKECMDGOALS)),)
ifeq ($(shell command -v $(PKG_CONFIG) 2>/dev/null),)
$(error pkg-config is missing: apt-get install -y pkg-config (or run 'make deps' as root))
endif
MISSING := $(strip $(foreach m,$(DEPS),$(if $(shell $(PKG_CONFIG) --exists $(m) && echo y),,$(m))))
ifneq ($(MISSING),)
$(error missing libraries: $(MISSING); install them with: apt-get install -y $(foreach m,$(MISSING),$(pkg_$(m))) (or run 'make deps' as root))
endif
endif

CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wvla -Wwrite-strings \
	-Wno-unused-parameter
ifeq ($(DEVELOPER),1)
WARN += -Werror
endif
ifneq ($(SANITIZE),)
SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
OUT := build/san
else
OUT := build/plain
endif

INCLUDES := -Icore -Iingest -Ireport -Icorrelate -Irules
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(INCLUDES) \
	$(shell $(PKG_CONFIG) --cflags $(DEPS)) $(SANFLAGS) $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS = $(shell $(PKG_CONFIG) --libs $(DEPS)) -lm -lpthread

LIB_SRC := $(filter-out core/main.c,$(wildcard core/*.c)) \
	$(wildcard ingest/*.c) $(wildcard correlate/*.c) \
	$(wildcard report/*.c) $(wildcard rules/*.c)
LIB_OBJ := $(patsubst %.c,$(OUT)/%.o,$(LIB_SRC))
MAIN_OBJ := $(OUT)/core/main.o
LIB := $(OUT)/libsigtrail.a

UNIT_SRC := $(filter-out tests/unit/helpers.c,$(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(OUT)/tests/%,$(UNIT_SRC))
HELPER_OBJ := $(if $(wildcard tests/unit/helpers.c),$(OUT)/tests/unit/helpers.o)

# Fuzz targets: one per parser descriptor (tests/fuzz/fuzz_parser.c built
# with -DFUZZ_PARSER=...), the whole intake, the time parser, the policy,
# the rule header parser.
FUZZ_PARSERS := $(shell sed -n 's/^[[:space:]]*&\(parser_[a-z0-9_]*\),.*/\1/p' ingest/parsers.c)
FUZZ_OTHERS := ingest time policy rule
FUZZ_TARGETS := $(FUZZ_PARSERS) $(FUZZ_OTHERS)
REPLAY_BIN := $(patsubst %,$(OUT)/fuzz/replay_%,$(FUZZ_TARGETS))
FUZZ_SECONDS ?= 60
# FUZZ_RUNS=N stops each target after N executions instead (the time limit
# still applies when it comes first; set FUZZ_SECONDS=0 for none).
FUZZ_RUNS ?=
FUZZ_MAX_LEN ?= 32768
FUZZ_SEED_MAX ?= 16384
FUZZ_CC ?= clang-14
FUZZ_OUT := build/fuzz

.PHONY: all check test unit cli demo deps install uninstall clean golden \
	check-cmocka sigtrail fuzz fuzz-corpus fuzz-campaign fuzz-replay

all: sigtrail

# ./sigtrail is always a copy of the current flavour's build (phony, so
# that switching between plain and sanitized builds refreshes it).
sigtrail: $(OUT)/sigtrail
	@cp $< $@.tmp && mv -f $@.tmp $@

$(OUT)/sigtrail: $(MAIN_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(LIB) $(LIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(OUT)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(OUT)/tests/%: tests/unit/%.c $(LIB) $(HELPER_OBJ) $(wildcard tests/unit/helpers.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(shell $(PKG_CONFIG) --cflags cmocka) -Itests/unit \
		-o $@ $< $(HELPER_OBJ) $(LIB) $(LIBS) $(ALL_LDFLAGS) \
		$(shell $(PKG_CONFIG) --libs cmocka)

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(HELPER_OBJ:.o=.d)

check-cmocka:
	@$(PKG_CONFIG) --exists cmocka || { echo "make check needs cmocka: apt-get install -y libcmocka-dev" >&2; exit 2; }

unit: check-cmocka $(UNIT_BIN)
	@SIGTRAIL_SRCDIR=$(CURDIR) sh tests/run-unit.sh $(UNIT_BIN)

cli: sigtrail
	@SIGTRAIL=$(CURDIR)/sigtrail SIGTRAIL_SRCDIR=$(CURDIR) sh tests/run-cli.sh

$(OUT)/fuzz/replay_parser_%: tests/fuzz/fuzz_parser.c tests/fuzz/replay.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Wno-missing-prototypes -DFUZZ_PARSER=parser_$* \
		-o $@ $^ $(LIBS) $(ALL_LDFLAGS)

$(OUT)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(LIB)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LIBS) $(ALL_LDFLAGS)

# Replays the seed corpus (from samples/) and every past crasher through
# every fuzz target, with the flavour's build (plain or sanitized).
fuzz-replay: sigtrail $(REPLAY_BIN)
	@sh tests/fuzz/seed.sh ./sigtrail $(CURDIR) $(OUT)/fuzz-seeds
	@fail=0; for t in $(FUZZ_TARGETS); do \
		$(OUT)/fuzz/replay_$$t $(OUT)/fuzz-seeds/$$t tests/fuzz/crashers/$$t \
			>/dev/null || { echo "replay: $$t FAILED"; fail=1; }; \
	done; n=$$(echo $(FUZZ_TARGETS) | wc -w); \
	[ $$fail = 0 ] && echo "fuzz-replay: $$n passed, 0 failed" || \
		{ echo "fuzz-replay: failures" >&2; exit 1; }

check: unit cli fuzz-replay
test: check

# libFuzzer runs (clang-14 and libclang-rt-14-dev): FUZZ_SECONDS each,
# corpora in build/fuzz/corpus/<target>, crashes in build/fuzz/crashes.
# Seeds larger than FUZZ_SEED_MAX are cut down (tests/fuzz/shrink.py) and
# inputs are at most FUZZ_MAX_LEN bytes: a run over megabyte documents
# manages a few executions a second, one over kilobytes thousands.
# The library is built once with the fuzzing instrumentation.
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 $(INCLUDES) \
	$(shell $(PKG_CONFIG) --cflags $(DEPS)) \
	-fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_OBJ := $(patsubst %.c,$(FUZZ_OUT)/obj/%.o,$(LIB_SRC))
FUZZ_LIB := $(FUZZ_OUT)/libsigtrail.a

$(FUZZ_OUT)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_OUT)/fuzz_parser_%: tests/fuzz/fuzz_parser.c $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -DFUZZ_PARSER=parser_$* \
		-o $@ $^ $(LIBS)

$(FUZZ_OUT)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_LIB)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS)

FUZZ_BIN := $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_TARGETS))

# The seeds, copied into each target's corpus (kept from run to run).
fuzz-corpus: sigtrail
	@command -v $(FUZZ_CC) >/dev/null || { echo "make fuzz needs $(FUZZ_CC): apt-get install -y clang-14 libclang-rt-14-dev" >&2; exit 2; }
	@sh tests/fuzz/seed.sh ./sigtrail $(CURDIR) $(FUZZ_OUT)/seeds
	@python3 tests/fuzz/shrink.py $(FUZZ_SEED_MAX) $(FUZZ_OUT)/seeds
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_OUT)/corpus/$$t $(FUZZ_OUT)/crashes/$$t; \
		cp -n $(FUZZ_OUT)/seeds/$$t/* $(FUZZ_OUT)/corpus/$$t/ 2>/dev/null; \
	done; true

# Each target's dictionary comes from tests/fuzz/dict.sh.
fuzz: fuzz-corpus $(FUZZ_BIN)
	@fail=0; for t in $(FUZZ_TARGETS); do \
		dict=$$(sh tests/fuzz/dict.sh $$t $(FUZZ_OUT)); \
		$(FUZZ_OUT)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=25 \
			$(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS)) \
			-rss_limit_mb=2560 -max_len=$(FUZZ_MAX_LEN) $$dict \
			-print_final_stats=1 \
			-artifact_prefix=$(FUZZ_OUT)/crashes/$$t/ \
			$(FUZZ_OUT)/corpus/$$t $$([ -d tests/fuzz/crashers/$$t ] && \
			echo tests/fuzz/crashers/$$t) \
			>$(FUZZ_OUT)/$$t.log 2>&1 && \
		echo "fuzz: $$t: $$(grep -o 'Done [0-9]* runs in [0-9]* second' $(FUZZ_OUT)/$$t.log | tail -1), $$(sed -n 's/^stat::average_exec_per_sec: *//p' $(FUZZ_OUT)/$$t.log) exec/s" || \
		{ echo "fuzz: $$t FAILED (see $(FUZZ_OUT)/$$t.log)"; fail=1; }; \
	done; [ $$fail = 0 ] || { echo "fuzz: crashes in $(FUZZ_OUT)/crashes" >&2; exit 1; }

# The long runs (tests/fuzz/campaign.sh): FUZZ_CAMPAIGN_RUNS executions
# per target by FUZZ_WORKERS libFuzzer processes at a time on one corpus,
# each process a fresh one after FUZZ_CHUNK executions;
# FUZZ_CAMPAIGN_SECONDS=N stops it after N seconds (0: no limit).  The
# ledger in build/fuzz/campaign/<target>/ carries the count over to the
# next run of the same fuzz binary.
FUZZ_CAMPAIGN_RUNS ?= 10000000
FUZZ_WORKERS ?= 2
FUZZ_CHUNK ?= 1000000
FUZZ_CAMPAIGN_SECONDS ?= 0
fuzz-campaign: fuzz-corpus $(FUZZ_BIN)
	@for t in $(FUZZ_TARGETS); do \
		sh tests/fuzz/campaign.sh $(FUZZ_OUT) $$t $(FUZZ_CAMPAIGN_RUNS) \
			$(FUZZ_WORKERS) $(FUZZ_CHUNK) $(FUZZ_MAX_LEN) \
			$(FUZZ_CAMPAIGN_SECONDS) || exit 1; \
	done

golden: sigtrail
	@SIGTRAIL=$(CURDIR)/sigtrail SIGTRAIL_SRCDIR=$(CURDIR) SIGTRAIL_GOLDEN_UPDATE=1 sh tests/run-cli.sh

# samples -> HTML report -> docs/report.png (the README's picture);
# needs chromium (apt-get install -y chromium)
SHOT := build/screenshot
.PHONY: report-screenshot
report-screenshot: $(OUT)/sigtrail
	@command -v chromium >/dev/null || { echo "make report-screenshot needs chromium: apt-get install -y chromium" >&2; exit 2; }
	@rm -rf $(SHOT) && mkdir -p $(SHOT)/profile docs
	$(OUT)/sigtrail -q -C $(SHOT)/case.db ingest samples/evidence
	$(OUT)/sigtrail -q -C $(SHOT)/case.db correlate --policy samples/policy.json
	$(OUT)/sigtrail -q -C $(SHOT)/case.db rules run >/dev/null
	$(OUT)/sigtrail -C $(SHOT)/case.db report html -o $(SHOT)/report.html
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir=$(CURDIR)/$(SHOT)/profile --hide-scrollbars \
		--screenshot=$(CURDIR)/docs/report.png --window-size=1400,2400 \
		file://$(CURDIR)/$(SHOT)/report.html 2>/dev/null
	@echo "docs/report.png"

# figures only (bench/README.md); BENCH_SIGNS, BENCH_JOBS scale it
.PHONY: bench
bench: sigtrail
	sh bench/run.sh

demo: sigtrail
	@rm -f demo.db demo.db-journal demo.db-wal demo.db-shm
	./sigtrail -C demo.db ingest samples/evidence
	./sigtrail -C demo.db correlate --policy samples/policy.json
	./sigtrail -C demo.db report provenance --format table
	./sigtrail -C demo.db findings --min-severity high --format table
	./sigtrail -C demo.db rules run --format table

deps:
	@if [ "$$(id -u)" = 0 ]; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y $(DEBIAN_PKGS); \
	else \
		echo "run as root: apt-get install -y $(DEBIAN_PKGS)"; \
	fi

install: sigtrail
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 sigtrail $(DESTDIR)$(BINDIR)/sigtrail
	install -m 644 docs/sigtrail.1 $(DESTDIR)$(MANDIR)/man1/sigtrail.1
	install -d $(DESTDIR)$(PREFIX)/share/sigtrail/rules && install -m 644 rules/pack/*.sql $(DESTDIR)$(PREFIX)/share/sigtrail/rules/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sigtrail $(DESTDIR)$(MANDIR)/man1/sigtrail.1
	rm -rf $(DESTDIR)$(PREFIX)/share/sigtrail/rules

clean:
	rm -rf build sigtrail sigtrail.tmp demo.db demo.db-journal demo.db-wal demo.db-shm
