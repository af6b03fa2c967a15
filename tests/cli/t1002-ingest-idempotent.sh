# Ingesting the same evidence again adds nothing, under any name, and
# --all-events later adds exactly what was out of scope.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

ev="$SRC/samples/evidence/cloudtrail"
expect_exit 0 st ingest "$ev"
n1=$(q "SELECT count(*) FROM events")
oos=$(q "SELECT sum(records_out_of_scope) FROM evidence")
expect_exit 0 st ingest "$ev"
contains err "0 new events"
contains err "already in the case"
[ "$(q "SELECT count(*) FROM events")" = "$n1" ] || fail "re-ingest added events"

mkdir copy && cp -r "$ev/AWSLogs" copy/
expect_exit 0 st ingest copy
[ "$(q "SELECT count(*) FROM events")" = "$n1" ] || fail "copy added events"
[ "$(q "SELECT count(*) FROM evidence_seen WHERE path LIKE 'copy/%'")" -gt 0 ] ||
	fail "copies not noted in evidence_seen"

expect_exit 0 st ingest --all-events "$ev"
n2=$(q "SELECT count(*) FROM events")
# every out-of-scope record becomes an event, minus duplicate deliveries
other=$(q "SELECT count(*) FROM events WHERE action = 'other'")
[ "$other" -gt 9000 ] || fail "--all-events kept only $other other events"
[ "$((n2 - n1))" = "$other" ] || fail "--all-events added $((n2 - n1)), other=$other"
[ "$oos" -ge "$other" ] || fail "more other events ($other) than out-of-scope records ($oos)"
exit 0
