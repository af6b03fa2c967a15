#!/bin/sh
# The long fuzzing run of one target (make fuzz-campaign): TOTAL
# executions by WORKERS libFuzzer processes at a time, all on the
# target's corpus (libFuzzer reads the directory again every second, so
# each process sees what the others found).  A process ends after CHUNK
# executions and a fresh one takes over: a long-lived process slows down
# as ASan's heap ages (x509 fell from 4,600 to 680 executions a second
# in 40 minutes), a fresh one on the same corpus does not.  ASan keeps
# 16 MB of freed memory in quarantine instead of 256 MB, still far more
# than one input frees, so a use after free within an input is caught.
#
# Every process that ends adds a line to the ledger,
# OUT/campaign/TARGET/ledger, with its executions and the SHA-256 of the
# fuzz binary; the count goes on from there on the next run, for the same
# binary only (a rebuild from other code starts again from zero).  It
# stops at TOTAL, after SECONDS (0: no limit), on a crash, or when
# OUT/campaign/TARGET/stop exists (an interrupt creates it); the figures
# are printed at the end.  Exit status: 0 when TOTAL is reached without a
# crash, 1 on a crash, a hang or a leak, 2 for bad usage, 3 when stopped
# before TOTAL.
#
# Usage: campaign.sh OUT TARGET TOTAL WORKERS CHUNK MAX_LEN SECONDS
set -u
[ $# -eq 7 ] || {
	echo "usage: campaign.sh OUT TARGET TOTAL WORKERS CHUNK MAX_LEN SECONDS" >&2
	exit 2
}
out=$1 t=$2 total=$3 workers=$4 chunk=$5 maxlen=$6 seconds=$7
bin=$out/fuzz_$t
dir=$out/campaign/$t
ledger=$dir/ledger
[ -x "$bin" ] || { echo "campaign: $bin is not built" >&2; exit 2; }
[ -d "$out/corpus/$t" ] || {
	echo "campaign: no corpus in $out/corpus/$t (make fuzz-corpus)" >&2
	exit 2
}
mkdir -p "$dir" "$out/crashes/$t"
rm -f "$dir/stop" "$dir/failed" "$dir"/*.pid "$dir"/*.runs
rmdir "$dir/lock" 2>/dev/null	# left by a campaign killed with -9
touch "$ledger" "$dir/started"
sum=$(sha256sum "$bin" | cut -c1-16)
dict=$(sh tests/fuzz/dict.sh "$t" "$out") || exit 2
crashers=
[ -d "tests/fuzz/crashers/$t" ] && crashers=tests/fuzz/crashers/$t
end=0
[ "$seconds" -gt 0 ] && end=$(($(date +%s) + seconds))
: "${ASAN_OPTIONS:=malloc_context_size=0:quarantine_size_mb=16}"
export ASAN_OPTIONS

# executions so far with this binary (ledger field 5; field 9 the binary)
done_runs() {
	awk -v b="$sum" '$9 == b { n += $5 } END { print n + 0 }' "$ledger"
}

# the ledger and the *.runs files change under this lock only
lock() {
	until mkdir "$dir/lock" 2>/dev/null; do
		sleep 1
	done
}
unlock() {
	rmdir "$dir/lock"
}

# a figure of libFuzzer's final statistics in log $2 (0 when missing)
final_stat() {
	v=$(sed -n "s/^stat::$1: *//p" "$2" | tail -1)
	echo "${v:-0}"
}

# the sanitizers' and libFuzzer's reports of a finding
finding='^==[0-9]+== ?ERROR|^SUMMARY: '

worker() {
	w=$1
	while [ ! -e "$dir/stop" ]; do
		limit=
		if [ "$end" -gt 0 ]; then
			s=$((end - $(date +%s)))
			[ "$s" -ge 30 ] || return 0
			limit=-max_total_time=$s
		fi
		# what the other workers' running processes leave to do
		lock
		left=$((total - $(done_runs) - $(cat "$dir"/*.runs 2>/dev/null |
		    awk '{ n += $1 } END { print n + 0 }')))
		runs=$chunk
		[ "$runs" -gt "$left" ] && runs=$left
		[ "$runs" -gt 0 ] && echo "$runs" >"$dir/$w.runs"
		unlock
		[ "$runs" -gt 0 ] || return 0
		start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
		log=$dir/$w.$(date -u +%Y%m%dT%H%M%S).log
		# shellcheck disable=SC2086
		"$bin" -runs="$runs" $limit -timeout=25 -rss_limit_mb=2560 \
		    -max_len="$maxlen" $dict -print_final_stats=1 \
		    -artifact_prefix="$out/crashes/$t/" \
		    "$out/corpus/$t" $crashers >"$log" 2>&1 &
		echo $! >"$dir/$w.pid"
		wait $!
		rc=$?
		line="$start $(date -u +%Y-%m-%dT%H:%M:%SZ) $w $rc"
		line="$line $(final_stat number_of_executed_units "$log")"
		line="$line $(final_stat average_exec_per_sec "$log")"
		line="$line $(final_stat peak_rss_mb "$log")"
		line="$line $(final_stat slowest_unit_time_sec "$log") $sum $log"
		lock
		echo "$line" >>"$ledger"
		rm -f "$dir/$w.pid" "$dir/$w.runs"
		unlock
		grep -Eq "$finding" "$log" || case $rc in
		0)	continue ;;
		72)	touch "$dir/stop"	# interrupted (SIGINT)
			return 0 ;;
		esac
		echo "campaign: $t: $w: libFuzzer exited with $rc, see $log" >&2
		touch "$dir/stop" "$dir/failed"
		return 1
	done
}

interrupt() {
	touch "$dir/stop"
	for p in "$dir"/*.pid; do
		[ -f "$p" ] && kill -INT "$(cat "$p")" 2>/dev/null
	done
}
trap interrupt INT TERM

echo "campaign: $t: $(done_runs) of $total executions done with this" \
    "binary ($sum), $workers workers of $chunk executions"
i=1
pids=
while [ "$i" -le "$workers" ]; do
	worker "w$i" &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	# wait returns early when the trap runs: wait again until it is gone
	while kill -0 "$p" 2>/dev/null; do
		wait "$p"
	done
done

n=$(done_runs)
awk -v b="$sum" '$9 == b { p++; if ($8 > slow) slow = $8;
	if ($7 > rss) rss = $7 }
	END { printf "campaign: %d processes with this binary, peak RSS" \
	    " %d MB, slowest input %d s\n", p, rss, slow }' "$ledger"
found=$(find "$out/crashes/$t" -type f -newer "$dir/started" | wc -l)
if [ -e "$dir/failed" ] || [ "$found" -gt 0 ]; then
	echo "campaign: $t: FAILED after $n executions: see $out/crashes/$t" >&2
	exit 1
fi
if [ "$n" -lt "$total" ]; then
	echo "campaign: $t: stopped at $n of $total executions, no crash"
	exit 3
fi
echo "campaign: $t: $n executions, no crash, hang or leak"
