# kill -9 at random points while ingesting the samples (453 files), over
# and over (reliability matrix row 19): after every kill the case passes
# integrity_check, holds no orphan or half-counted rows, and read commands
# work; re-runs resume, and the case they complete has the same figures as
# a clean run.  A hot journal left by a killed writer does not stop read
# commands (they used to fail with "attempt to write a readonly database").
# Rounds alternate --jobs 1 and 2.  SIGTRAIL_KILL_ROUNDS sets the number
# of kills (50; 20 under ASan) and SIGTRAIL_SEED the kill points (printed
# on failure).
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need python3

ev="$SRC/samples/evidence"
rounds=${SIGTRAIL_KILL_ROUNDS:-50}
if sanitized; then
	rounds=${SIGTRAIL_KILL_ROUNDS:-20}
fi
seed=${SIGTRAIL_SEED:-$(date +%s)}

# a clean run: its figures, and how long it takes (kill points spread
# over that time)
t0=$(date +%s%N)
expect_exit 0 st -C clean.db ingest "$ev"
ms=$((($(date +%s%N) - t0) / 1000000))
clean=$(case_counts clean.db)

# reads see the last committed state: a writer killed in a transaction
# that spilled pages into the file leaves a hot journal
cp clean.db hot.db
python3 - hot.db <<'EOF'
import os, signal, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA cache_size = 1")
db.execute("BEGIN")
db.execute("UPDATE events SET ts_raw = 'half-written'")
os.kill(os.getpid(), signal.SIGKILL)
EOF
[ -s hot.db-journal ] || fail "the killed writer left no journal"
expect_exit 0 st -C hot.db query --format csv \
    "SELECT count(*) FROM events WHERE ts_raw = 'half-written'"
[ "$(sed 1d out)" = 0 ] || fail "a read saw uncommitted changes"
[ ! -e hot.db-journal ] || fail "hot journal not rolled back"
case_ok hot.db
[ "$(case_counts hot.db)" = "$clean" ] || fail "rolled-back case differs"

# rounds of kills, each run resuming what the one before left; a kill
# point is a random part of the time the work left should take (from the
# clean run), and every fifth run is let finish and compared
total=$(echo "$clean" | cut -d' ' -f1)
done=0
i=0
hit=0
for r in $(rand_list "$seed" "$rounds" 1); do
	i=$((i + 1))
	d=$(echo "$r $ms $done $total" |
	    awk '{ f = 1 - $3 / $4; if (f < 0.1) f = 0.1; printf "%.3f", $1 * $2 * 1.1 * f / 1000 }')
	# one thread or two (files read ahead), whatever the load
	jobs=$((i % 2 + 1))
	where="round $i, --jobs $jobs, killed after ${d}s; SIGTRAIL_SEED=$seed"
	"$SIGTRAIL" ingest --jobs $jobs "$ev" >/dev/null 2>&1 &
	pid=$!
	sleep "$d"
	kill -9 $pid 2>/dev/null
	wait $pid
	[ $? -eq 137 ] && hit=$((hit + 1))
	done=0
	if [ -e case.db ]; then
		# a read command works, or (killed while the first run was
		# creating the schema) says to run ingest
		if st query --format csv "SELECT count(*) FROM evidence" \
		    >out 2>err; then
			done=$(sed 1d out)
		else
			grep -q "run 'sigtrail ingest'" err ||
				{ cat err >&2; fail "read command ($where)"; }
		fi
		case_ok case.db "$where"
	fi
	if [ $((i % 5)) -eq 0 ]; then
		expect_exit 0 st ingest --jobs $jobs "$ev"
		got=$(case_counts)
		[ "$got" = "$clean" ] ||
			fail "resumed case differs ($where): '$got', clean '$clean'"
		rm -f case.db case.db-*
		done=0
	fi
done
# the kill points reach past the time a run should take, so that its
# last steps (derivations, the closing sync) are hit too, and some runs
# finish first by design, more of them on a busy machine: 31 to 42 of 50
# were killed in runs beside two fuzzers, so the 2/3 once required here
# failed now and then.  This only checks that the rounds really kill.
[ $hit -ge $((rounds / 2)) ] ||
	fail "only $hit of $rounds runs were killed before they finished" \
	    "(a clean run took $ms ms)"
exit 0
