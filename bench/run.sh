#!/bin/sh
# bench/run.sh - what `make bench` runs: speed and memory of ingest,
# correlate and report on a large generated case, side by side with the
# decompression floor (zcat) and a plain Python ingest (the baseline).
# Prints figures; asserts nothing.  See bench/README.md.
#
#   BENCH_SIGNS    KMS Sign records (default 1000000; sessions = signs/10)
#   BENCH_JOBS     GitHub Actions jobs (default 100000)
#   BENCH_TLOG     Rekor entries, with releases (default 10000)
#   BENCH_SEED     seed of the case (default 1)
#   BENCH_NOISE    out-of-scope KMS Decrypt records per Sign (default 0.2;
#                  58 with BENCH_SIGNS=10000 makes 2.2 % of the records
#                  in scope, the mix of a real account: bench/README.md)
#   BENCH_TIMEOUT  seconds allowed to each timed step (default 300)
#   BENCH_DATA     where the generated case is kept (default bench/data)
#   BENCH_KEEP     1: keep the case files made by the run (bench/data/work)
#   BENCH_ALL      0: leave out the --all-events pair (sigtrail ingest
#                  --all-events and the baseline storing every record)
#   BENCH_THREADS  sigtrail ingest --jobs (default 2)
#   SIGTRAIL       the binary (default ./sigtrail)
set -u
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
SIGTRAIL=${SIGTRAIL:-$src/sigtrail}
BENCH_SIGNS=${BENCH_SIGNS:-1000000}
BENCH_JOBS=${BENCH_JOBS:-100000}
BENCH_TLOG=${BENCH_TLOG:-10000}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_NOISE=${BENCH_NOISE:-0.2}
BENCH_TIMEOUT=${BENCH_TIMEOUT:-300}
BENCH_DATA=${BENCH_DATA:-$here/data}

die() {
	echo "bench: $*" >&2
	exit 2
}

[ -x "$SIGTRAIL" ] || die "no binary at $SIGTRAIL (make sigtrail)"
command -v python3 >/dev/null 2>&1 ||
	die "python3 is needed to generate the case and run the baseline"

# --- the case, generated once and kept (bench/data is git-ignored)
# the generators' checksum is part of the name: a changed generator makes
# a new case (delete the old ones in $BENCH_DATA to reclaim the space)
gen=$(cat "$here/gen_bench.py" "$src/tests/tools/gen_case.py" | cksum |
    cut -d' ' -f1)
name=signs$BENCH_SIGNS-jobs$BENCH_JOBS-tlog$BENCH_TLOG-seed$BENCH_SEED-g$gen
# (the default mix keeps the name cases had before the knob existed)
[ "$BENCH_NOISE" = 0.2 ] || name=$name-noise$BENCH_NOISE
case=$BENCH_DATA/$name
if [ ! -f "$case/manifest.json" ]; then
	echo "bench: generating $case (once; later runs reuse it)"
	mkdir -p "$BENCH_DATA" || die "cannot create $BENCH_DATA"
	rm -rf "$case.tmp"
	python3 "$here/gen_bench.py" case --out "$case.tmp" \
	    --signs "$BENCH_SIGNS" --jobs "$BENCH_JOBS" --tlog "$BENCH_TLOG" \
	    --seed "$BENCH_SEED" --noise "$BENCH_NOISE" >/dev/null || die "generating the case failed"
	mv "$case.tmp" "$case" || die "cannot move $case.tmp"
fi
work=$BENCH_DATA/work
rm -rf "$work"
mkdir -p "$work" || die "cannot create $work"

# manifest VALUE-PATH: one figure of the case's manifest.json
manifest() {
	python3 -c 'import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[k]
print(v)' "$case/manifest.json" "$1"
}
ct_records=$(manifest cloudtrail.records)
ct_in_scope=$(manifest cloudtrail.in_scope)
ct_signs=$(manifest cloudtrail.signs)
ct_files=$(manifest cloudtrail.files)
ct_raw=$(manifest cloudtrail.raw)
ct_gz=$(manifest cloudtrail.gz)
gh_runs=$(manifest github.runs)
gh_jobs=$(manifest github.jobs)
rk=$(manifest rekor_entries)
sessions=$(manifest sessions)

# --- timing: GNU time when present, else Python's wait4 (both give the
# peak RSS); `timeout` bounds each step when present
if [ -n "${BENCH_TIMER:-}" ]; then
	timer=$BENCH_TIMER
elif /usr/bin/time -f %e -o /dev/null true 2>/dev/null; then
	timer=gnu
else
	timer=python
fi
if command -v timeout >/dev/null 2>&1; then
	limit="timeout $BENCH_TIMEOUT"
else
	limit=
fi

# timed NAME CMD...: runs CMD (stdout and stderr to $work/NAME.log) and
# leaves "<wall s> <peak RSS KiB> <exit status>" in $work/NAME.time
timed() {
	n=$1
	shift
	if [ $timer = gnu ]; then
		/usr/bin/time -f "%e %M" -o "$work/$n.t" $limit "$@" \
		    >"$work/$n.log" 2>&1
	else
		python3 "$here/gen_bench.py" run "$work/$n.t" -- $limit "$@" \
		    >"$work/$n.log" 2>&1
	fi
	rc=$?
	if [ -s "$work/$n.t" ]; then
		echo "$(tail -n 1 "$work/$n.t") $rc" >"$work/$n.time"
	else
		echo "- - $rc" >"$work/$n.time"
	fi
	return 0
}

echo "bench: $ct_signs KMS Sign records by $sessions pipeline sessions" \
    "(+ attacker and hijacked-run signatures) in $ct_records CloudTrail" \
    "records ($ct_in_scope in scope), $ct_files .json.gz files;" \
    "$gh_runs runs and $gh_jobs jobs; $rk Rekor entries"
echo "bench: $(nproc 2>/dev/null || echo ?) CPUs; timer: $timer;" \
    "case in $case"

gzlist=$work/gz.list
find "$case/cloudtrail" -name '*.json.gz' | sort >"$gzlist"

timed zcat sh -c 'xargs cat <"$1" | gzip -dc >/dev/null' sh "$gzlist"
timed baseline python3 "$here/gen_bench.py" baseline --db "$work/baseline.db" \
    "$case/cloudtrail"
# --jobs given: the default counts the one-minute load average, which the
# baseline that has just finished keeps high for a minute
jobs="--jobs ${BENCH_THREADS:-2}"
timed ingest-ct "$SIGTRAIL" -C "$work/case.db" ingest $jobs "$case/cloudtrail"
timed ingest-gh "$SIGTRAIL" -C "$work/case.db" ingest $jobs "$case/github" \
    "$case/rekor"
timed correlate "$SIGTRAIL" -C "$work/case.db" correlate
if [ "$(cut -d' ' -f3 "$work/correlate.time")" = 0 ]; then
	timed report "$SIGTRAIL" -C "$work/case.db" report provenance \
	    --format csv -o /dev/null
	timed timeline "$SIGTRAIL" -C "$work/case.db" timeline \
	    --format jsonl -o /dev/null
else
	# an interrupted correlate leaves a hot journal: nothing to report
	echo "- - skipped" >"$work/report.time"
	echo "- - skipped" >"$work/timeline.time"
fi
# every record stored: sigtrail's --all-events and the baseline doing the
# same, each into a case of its own, deleted at once (they are large).
# Last, so that the 24 GB they write and delete do not push the case out
# of the page cache between its ingest and its correlate and reports.
if [ "${BENCH_ALL:-1}" != 0 ]; then
	timed baseline-all python3 "$here/gen_bench.py" baseline --all \
	    --db "$work/baseline-all.db" "$case/cloudtrail"
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$work/baseline-all.db"*
	timed ingest-all "$SIGTRAIL" -C "$work/all.db" ingest $jobs \
	    --all-events "$case/cloudtrail"
	[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$work/all.db"*
fi

# --- the table
python3 - "$work" "$ct_records" "$ct_raw" "$ct_gz" "$ct_signs" \
    "$BENCH_TIMEOUT" <<'PY'
import os, sys

work, records, raw, gz, signs, limit = sys.argv[1], int(sys.argv[2]), \
    int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]


def t(name):
    w, m, rc = open(os.path.join(work, name + ".time")).read().split()
    return (float(w) if w != "-" else None,
            int(m) // 1024 if m != "-" else None,
            int(rc) if rc.isdigit() else rc)


rows = []


def row(label, name, rate=None, unit=""):
    w, m, rc = t(name)
    note = ""
    if rc == 124:
        note = "stopped after %s s (BENCH_TIMEOUT)" % limit
    elif rc == "skipped":
        note = "skipped: correlate did not finish"
    elif rc != 0:
        note = "exit %d (see %s.log)" % (rc, name)
    per = ""
    if w and rate and rc == 0:
        per = "%.0f %s" % (rate / w, unit)
    rows.append((label, "%.1f" % w if w is not None else "-",
                 "%d" % m if m is not None else "-", per, note))
    return w if rc == 0 else None


z = row("zcat of the CloudTrail .json.gz (floor)", "zcat", records,
        "records/s")
b = row("Python baseline ingest (gzip+json+sqlite3)", "baseline", records,
        "records/s")
s = row("sigtrail ingest, CloudTrail", "ingest-ct", records, "records/s")
ba = sa = None
if os.path.exists(os.path.join(work, "ingest-all.time")):
    ba = row("Python baseline storing every record", "baseline-all",
             records, "records/s")
    sa = row("sigtrail ingest --all-events, CloudTrail", "ingest-all",
             records, "records/s")
row("sigtrail ingest, GitHub Actions + Rekor", "ingest-gh")
row("sigtrail correlate", "correlate", signs, "signing ops/s")
row("sigtrail report provenance --format csv", "report")
row("sigtrail timeline --format jsonl (every event)", "timeline")
w = max(len(r[0]) for r in rows)
print("%-*s  %8s  %9s  %-20s" % (w, "step", "wall s", "peak MiB",
                                 "throughput"))
for r in rows:
    print("%-*s  %8s  %9s  %-20s %s" % ((w,) + r))
mb = raw / 1e6
if s:
    print("sigtrail ingest: %.1f MB/s of decompressed JSON (%.0f MB, %.0f MB "
          "gzipped); records/s sigtrail/baseline = %s; time over the zcat "
          "floor = %s" % (mb / s, mb, gz / 1e6,
                          "%.2f" % (b / s) if b else "-",
                          "%.1fx" % (s / z) if z else "-"))
if sa:
    print("sigtrail ingest --all-events: %.1f MB/s; records/s "
          "sigtrail/baseline (both storing every record) = %s" % (
              mb / sa, "%.2f" % (ba / sa) if ba else "-"))
db = os.path.join(work, "case.db")
if os.path.exists(db):
    print("case file: %.0f MB" % (os.path.getsize(db) / 1e6))
for name in ("ingest-ct", "ingest-all", "correlate", "timeline"):
    p = os.path.join(work, name + ".log")
    lines = [l.rstrip() for l in open(p) if "signing operations:" in l or
             "items read" in l or "events written" in l] \
        if os.path.exists(p) else []
    for l in lines:
        print("  " + l)
PY
[ "${BENCH_KEEP:-0}" = 1 ] || rm -f "$work"/*.db "$work"/*.db-*
