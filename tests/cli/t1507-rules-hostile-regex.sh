# Hostile regular expressions in rules, over hostile data (reliability
# matrix row 17): patterns over raw records holding NUL bytes and invalid
# UTF-8 match without error; a pattern over the 64 KiB limit, and one
# nested deeper than PCRE2 allows, are reported with file and line; a
# pattern cannot raise the match limits with (*LIMIT_MATCH=...); the
# other rules still run, the run exits 1, and the case is unchanged.
# Covered elsewhere: broken SQL, several statements, DELETE, ATTACH,
# catastrophic backtracking, SQL text in results and a rule that runs for
# ever: t4001-rules.sh; writes and hostile SQL through 'query':
# t3001-query.sh.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need python3

# a git log record with a NUL byte and invalid UTF-8 (see t1501)
{
	echo '# repo: acme/widget'
	printf '\036%s\037%s\037Mal\000lory\037m@x.example\0372026-11-17T14:53:31+01:00\037Caf\351 Author\037c@x.example\0372026-11-17T14:53:31+01:00\037N\037\037\037\037\037fix\n\nM\tsign.sh\n' \
	    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
} >hostile.gitlog
expect_exit 0 st ingest --all-events hostile.gitlog
python3 "$SRC/tests/tools/casecheck.py" --counts case.db >before
q "SELECT * FROM events" | sha256sum >events.before

mkdir r
hdr() {
	printf -- '-- id: %s\n-- title: %s\n-- severity: low\n' "$1" "$1"
}
rule() {
	{ hdr "$1"; printf '%s\n' "$2"; } >r/$1.sql
}
rule a-binary "SELECT id AS event_id FROM events WHERE raw REGEXP 'Mal.lory'"
rule b-badutf8 "SELECT id AS event_id FROM events WHERE raw REGEXP '^\\x{1e}a+' AND raw REGEXP '\\x20Author'"
rule c-capture "SELECT id AS event_id FROM events WHERE regexp_capture(raw, '(\\x00|\\xff)', 1) IS NOT NULL"
{
	hdr d-toolong
	printf "SELECT id AS event_id FROM events WHERE actor REGEXP '"
	head -c 70000 /dev/zero | tr '\0' a
	echo "'"
} >r/d-toolong.sql
{
	hdr e-nested
	printf "SELECT id AS event_id FROM events WHERE actor REGEXP '"
	head -c 300 /dev/zero | tr '\0' '('
	printf x
	head -c 300 /dev/zero | tr '\0' ')'
	echo "'"
} >r/e-nested.sql
rule f-raise "SELECT id AS event_id FROM events WHERE (WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 40) SELECT group_concat('a', '') FROM c) || 'b' REGEXP '(*LIMIT_MATCH=999999999)(*LIMIT_DEPTH=999999999)^(a+)+\$'"
expect_exit 1 st rules run --format csv r
contains err "r/d-toolong.sql:4: bad regular expression 'aaaa"
contains err "pattern too long (70000 bytes; the limit is 65536)"
contains err "r/e-nested.sql:4: bad regular expression '(((("
contains err "parentheses are too deeply nested"
contains err "rule f-raise: "
contains err "hit the match or depth limit"
for id in a-binary b-badutf8 c-capture; do
	[ "$(q "SELECT count(*) FROM findings WHERE origin = 'rule:$id'")" = 1 ] ||
		fail "rule $id did not match the hostile record"
done
[ "$(q "SELECT count(*) FROM findings WHERE origin = 'rule:f-raise'")" = 0 ] ||
	fail "a pattern raised its own match limit"
q "SELECT * FROM events" | sha256sum >events.after
cmp -s events.before events.after || fail "the rules changed the events"
python3 "$SRC/tests/tools/casecheck.py" --counts case.db >after
cmp -s before after || fail "the rules changed the case"
case_ok
exit 0
