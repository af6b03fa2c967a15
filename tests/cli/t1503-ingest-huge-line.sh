# A 2 GiB line without a newline (reliability matrix row 6), made on the
# fly and piped into 'sigtrail ingest -', in a JSON record and in a text
# record: it is streamed with bounded memory, its first bytes are
# quarantined with the reason, the record after it is kept, and the hash
# covers every byte.  Memory is asserted (peak RSS from wait4), time is
# not.  SIGTRAIL_BIG_LINE sets the size in MiB (2048; 256 under ASan).
# Covered elsewhere: a record over --max-record in a file:
# t1003-ingest-bad-input.sh; reading stopped at --max-member: t1502.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need python3 sha256sum mkfifo tee

mib=${SIGTRAIL_BIG_LINE:-2048}
limit_kib=$((256 * 1024))
if sanitized; then
	mib=${SIGTRAIL_BIG_LINE:-256}
	# ASan's shadow memory and quarantine come on top
	limit_kib=$((768 * 1024))
fi

after='{"eventVersion":"1.08","eventTime":"2026-01-10T12:00:07Z","eventSource":"kms.amazonaws.com","eventName":"Sign","eventID":"after-the-line","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dev","accessKeyId":"AKIAEXAMPLEEXAMPLE01"},"requestParameters":{"keyId":"alias/rel"}}'
# json_line: a Sign record whose "pad" string is MiB mebibytes, then a
# good record
start='{"eventVersion":"1.08","eventSource":"kms.amazonaws.com","eventName":"Sign","pad":"'
json_line() {
	printf '%s' "$start"
	head -c "${mib}M" /dev/zero | tr '\0' a
	printf '"}\n%s\n' "$after"
}

# one pass: the stream goes to sigtrail and, through a FIFO, to sha256sum
mkfifo copy
sha256sum <copy >sha &
json_line | tee copy | peak_rss rss "$SIGTRAIL" ingest --max-member 4G - >out 2>err
rc=$?
wait
want_sha=$(cut -c1-64 sha)
[ $rc -eq 1 ] || { cat err >&2; fail "ingest exited $rc"; }
contains err "'-': line 1, byte 0: record quarantined: record of"
contains err "exceeds the limit of 16777216 bytes (first 65536 kept)"
[ "$(q "SELECT sha256 FROM evidence")" = "$want_sha" ] ||
	fail "the hash does not cover the stream"
[ "$(q "SELECT size FROM evidence")" = $((${#start} + mib * 1048576 + 3 + ${#after} + 1)) ] ||
	fail "size: $(q "SELECT size FROM evidence")"
[ "$(q "SELECT length(raw) FROM quarantine WHERE line = 1")" = 65536 ] ||
	fail "the first bytes of the line are not kept"
kept after-the-line
[ "$(cat rss)" -lt $limit_kib ] ||
	fail "peak RSS $(cat rss) KiB for a ${mib} MiB line (limit $limit_kib KiB)"

# a text record (git log) with a long line: cut at --max-record, the rest
# of the line skipped and counted, the next commit kept
rm -f case.db
commit() {
	printf '\036%s\037%s\037Mallory\037m@x.example\0372026-11-17T14:53:31+01:00\037Author\037c@x.example\0372026-11-17T14:53:31+01:00\037N\037\037\037\037\037' \
	    "$1" bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
}
{
	echo '# repo: acme/widget'
	commit aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
	head -c "$((mib / 8))M" /dev/zero | tr '\0' s
	printf '\n\nM\tsign.sh\n'
	commit cccccccccccccccccccccccccccccccccccccccc
	printf 'after\n\nM\tx\n'
} | peak_rss rss "$SIGTRAIL" ingest --all-events - >out 2>err
[ $? -eq 1 ] || { cat err >&2; fail "text ingest"; }
contains err "'-': line 2, byte 20: record quarantined: record exceeds the limit of 16777216 bytes (first 65536 kept; skipped to the next line)"
[ "$(q "SELECT native_id FROM events")" = cccccccccccccccccccccccccccccccccccccccc ] ||
	fail "the commit after the long line was lost"
[ "$(cat rss)" -lt $limit_kib ] || fail "peak RSS $(cat rss) KiB (text)"
case_ok
exit 0
