# The case file cannot grow (reliability matrix row 21): ingest stops with
# a clear error naming the case file (exit 3), the case stays usable
# (integrity_check, read commands), and a re-run with room completes with
# the figures of a clean run.  Two ways that need no root: the file size
# limit (ulimit -f with SIGXFSZ ignored, so writes fail with EFBIG), at
# several sizes from inside the first schema to late in the run; and,
# where user namespaces allow, a small tmpfs (ENOSPC).
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need python3

ev="$SRC/samples/evidence"
expect_exit 0 st -C clean.db ingest "$ev"
clean=$(case_counts clean.db)

# after_full WHAT: checks the case after a run that ran out of room, then
# completes it
after_full() {
	[ $rc -eq 3 ] || { cat err >&2; fail "$1: exit $rc, expected 3"; }
	grep -q "^sigtrail: error: \(case file: \|cannot write the case schema\).*\(disk I/O error\|database or disk is full\)" err ||
		{ cat err >&2; fail "$1: no clear error"; }
	! grep -q "Sanitizer\|fatal:" err || { cat err >&2; fail "$1: crashed"; }
	if ! st query "SELECT count(*) FROM evidence" >out 2>qerr; then
		grep -q "run 'sigtrail ingest'" qerr ||
			{ cat qerr >&2; fail "$1: read command failed"; }
	fi
	case_ok case.db "$1"
	expect_exit 0 st ingest "$ev"
	[ "$(case_counts)" = "$clean" ] ||
		fail "$1: completed case '$(case_counts)', clean '$clean'"
	rm -f case.db case.db-*
}

# file size limits in KiB: inside the schema, early, late (the clean
# case is about 5 MiB; a limit it fits in must give the clean figures)
full=0
jobs=1
for kib in 8 64 512 2048 4096; do
	# one thread or two (files read ahead, dropped when the run stops)
	jobs=$((3 - jobs))
	(trap '' XFSZ; ulimit -f $((kib * 2)) &&
	    exec "$SIGTRAIL" ingest --jobs $jobs "$ev") >out 2>err
	rc=$?
	if [ $rc -eq 0 ]; then
		[ "$(case_counts)" = "$clean" ] || fail "ulimit -f ${kib} KiB, --jobs $jobs: exit 0, case differs"
		rm -f case.db case.db-*
		continue
	fi
	full=$((full + 1))
	after_full "ulimit -f ${kib} KiB, --jobs $jobs"
done
[ $full -ge 3 ] || fail "only $full of 5 file size limits stopped the ingest"

# a full file system, in a private mount namespace; the case is copied
# out (with its journal or WAL) before the namespace goes
if command -v unshare >/dev/null 2>&1 && unshare -rm true 2>/dev/null; then
	mkdir small
	unshare -rm sh -c 'mount -t tmpfs -o size=1m tmpfs small || exit 99
	    "$SIGTRAIL" -C small/case.db ingest "$1" >out 2>err
	    rc=$?
	    cp small/case.db* . && exit $rc' sh "$ev"
	rc=$?
	[ $rc -ne 99 ] && after_full "tmpfs of 1 MiB"
	[ $rc -eq 99 ] && echo "note: could not mount a tmpfs in a user namespace"
else
	echo "note: no user namespaces here: ENOSPC not tested, EFBIG only"
fi
exit 0
