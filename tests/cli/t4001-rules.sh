# rules: the pack lists and passes its own fixtures; run against the
# bundled incident it finds the planted attack (golden file of rule, time,
# principal, summary) and leaves routine releases alone; a second run
# replaces what the first found; broken and hostile rules are reported
# with file and line while the others still run, and the evidence in the
# case is unchanged; --fail-on gates; the pack is found from the binary,
# from SIGTRAIL_RULES, and usage errors exit 2.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

command -v python3 >/dev/null || skip "no python3"

# the pack: at least 20 rules, every one with fixtures that fire and stay
# quiet (no case needed)
expect_exit 0 st rules list --format csv
golden rules-list.csv out
[ "$(sed 1d out | wc -l)" -ge 20 ] || fail "fewer than 20 rules in the pack"
[ ! -e case.db ] || fail "rules list created a case"
expect_exit 0 st rules test
contains out "rules: $(sed 1d "$GOLDEN/rules-list.csv" | wc -l) passed, 0 failed"
lacks out "FAIL"
SIGTRAIL_RULES=$SRC/rules/pack expect_exit 0 st rules list --format csv
golden rules-list.csv out

# usage and a missing case
expect_exit 2 st rules
contains err "name a verb"
expect_exit 2 st rules frob
contains err "unknown verb 'frob'"
expect_exit 2 st rules list --fail-on high
expect_exit 2 st rules run --fail-on severe
expect_exit 2 st rules run --format xml
st rules --help >out 2>err || fail "rules --help"
contains out "usage: sigtrail rules"
expect_exit 3 st -C missing.db rules run
contains err "no case file 'missing.db'"
[ ! -e missing.db ] || fail "rules run created a case file"

# the bundled incident (other sources may still be partial: 0 or 1)
st ingest "$SRC/samples/evidence" >/dev/null 2>ingest.err
rc=$?
[ $rc -le 1 ] || { cat ingest.err >&2; fail "ingest exited $rc"; }
! grep -q "Sanitizer" ingest.err || { cat ingest.err >&2; fail "ingest crashed"; }
q "SELECT * FROM events ORDER BY id" | sha256sum >events.before

expect_exit 0 st rules run --format json
cp out run1.json
python3 - run1.json >found.txt <<'PY' || fail "rules run output is not JSON"
import json, sys
rows = json.load(open(sys.argv[1]))
out = sorted("%s\t%s\t%s\t%s" % (r["kind"], r["time"] or "",
             r["principal"] or "", r["summary"]) for r in rows)
print("\n".join(out))
PY
golden rules-samples.txt found.txt

# the planted attack
contains found.txt "trust-policy-wildcard-subject	2026-11-06T21:56:47Z	arn:aws:iam::210987654321:user/ci-legacy	"
contains found.txt "long-term-key-signing	2026-11-12T16:40:18Z	arn:aws:iam::210987654321:user/m.chen	"
contains found.txt "long-term-key-signing	2026-11-06T21:48:31Z	arn:aws:iam::210987654321:user/ci-legacy	"
contains found.txt "audit-logging-stopped	2026-11-06T22:09:44Z	"
contains found.txt "kms-grant-on-signing-key	2026-11-06T22:06:20Z	"
contains found.txt "sign-after-key-disabled	2026-11-13T11:20:07Z	arn:aws:iam::210987654321:user/ci-legacy	"
grep "^sign-new-user-agent	2026-11-06T22:01:05Z	" found.txt |
	grep -F "aws-cli" | grep -qF "185.220.101.47" ||
	fail "signing from 185.220.101.47 with aws-cli not found"
contains found.txt "kms-sign-session-not-from-pipeline	2026-11-06T22:01:05Z	"
contains found.txt "assume-signing-role-by-user	2026-11-06T21:58:40Z	"
# routine releases are not "outside the pipelines"
[ "$(grep -c '^kms-sign-outside-pipeline	' found.txt)" = 1 ] ||
	fail "kms-sign-outside-pipeline should fire for m.chen only"
lacks found.txt "kms-sign-outside-pipeline	2026-10-"
[ "$(q "SELECT count(*) FROM findings f, json_each(f.event_ids) j
    JOIN events e ON e.id = j.value
    WHERE f.kind = 'kms-sign-outside-pipeline'
      AND e.session LIKE '%/gha-%'")" = 0 ] ||
	fail "a release signature is 'outside the pipelines'"

# stored as findings, origin rule:<id>; a second run replaces them
n1=$(q "SELECT count(*) FROM findings WHERE origin LIKE 'rule:%'")
[ "$n1" -ge 20 ] || fail "only $n1 rule findings stored"
[ "$(q "SELECT count(*) FROM findings WHERE origin != 'rule:' || kind
    AND origin LIKE 'rule:%'")" = 0 ] || fail "origin is not rule:<kind>"
expect_exit 0 st rules run --format csv
[ "$(q "SELECT count(*) FROM findings WHERE origin LIKE 'rule:%'")" = "$n1" ] ||
	fail "a second run duplicated the findings"
[ "$(q "SELECT count(*) FROM findings WHERE origin =
    'rule:trust-policy-wildcard-subject' AND severity = 'critical'")" = 1 ] ||
	fail "trust-policy-wildcard-subject finding not stored"
# one rule alone replaces only its own findings
expect_exit 0 st rules run --format csv "$SRC/rules/pack/audit-logging-stopped.sql"
[ "$(sed 1d out | wc -l)" = 1 ] || fail "one rule, one finding expected"
[ "$(q "SELECT count(*) FROM findings WHERE origin LIKE 'rule:%'")" = "$n1" ] ||
	fail "running one rule changed the other rules' findings"

# the gate
expect_exit 4 st rules run --fail-on critical
expect_exit 0 st rules run --fail-on critical "$SRC/rules/pack/audit-config-changed.sql"

# broken and hostile rules: reported with file and line, the others run,
# exit 1, the evidence untouched
mkdir bad
hdr() {
	printf -- '-- id: %s\n-- title: %s\n-- severity: low\n' "$1" "$1"
}
{ hdr good; echo "SELECT id AS event_id FROM events WHERE action = 'audit.config'"; } >bad/a-good.sql
{ hdr syntax; printf 'SELECT id AS event_id\nFROM events\nWHERE action = =\n'; } >bad/b-syntax.sql
{ hdr column; printf 'SELECT id AS event_id FROM events\nWHERE nosuch = 1\n'; } >bad/c-column.sql
{ hdr regex; printf "SELECT id AS event_id FROM events\nWHERE actor REGEXP '(unclosed'\n"; } >bad/d-regex.sql
{ hdr two; echo "SELECT 1 AS event_id; DROP TABLE events"; } >bad/e-two.sql
{ hdr delete; echo "DELETE FROM events"; } >bad/f-delete.sql
{ hdr attach; echo "ATTACH 'evil.db' AS evil"; } >bad/g-attach.sql
printf -- '-- title: no id\n-- severity: low\nSELECT 1 AS event_id\n' >bad/h-noid.sql
{ hdr good; echo "SELECT 1 AS event_id"; } >bad/i-dupe.sql
{ hdr slow; echo "SELECT id AS event_id FROM events WHERE (SELECT group_concat('a', '') FROM events) || 'b' REGEXP '^(a+)+\$'"; } >bad/j-slow.sql
{ hdr evil; echo "SELECT id AS event_id, 'x''); DROP TABLE events; --' AS summary FROM events WHERE action = 'audit.config'"; } >bad/k-evil.sql
expect_exit 1 st rules run --format csv bad
contains err "bad/b-syntax.sql:6: "
contains err "bad/c-column.sql:5: no such column: nosuch"
contains err "bad/d-regex.sql:5: bad regular expression '(unclosed': missing closing parenthesis at offset 9"
contains err "bad/e-two.sql:4: more than one statement"
contains err "bad/f-delete.sql:4: not a SELECT statement"
contains err "bad/g-attach.sql:4: not a SELECT statement"
contains err "bad/h-noid.sql:1: missing header field 'id'"
contains err "bad/i-dupe.sql:1: rule id 'good' is already used by"
contains err "rule slow:"
contains err "hit the match or depth limit"
contains out "x'); DROP TABLE events; --"
[ "$(q "SELECT count(*) FROM findings WHERE origin = 'rule:good'")" = \
    "$(q "SELECT count(*) FROM events WHERE action = 'audit.config'")" ] ||
	fail "the good rule did not run next to the bad ones"
[ ! -e evil.db ] || fail "ATTACH created a file"
# a rule that would run for ever is stopped; a rule without fixtures
# fails its test
{ hdr forever; echo "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS event_id FROM c WHERE x < 0"; } >forever.sql
expect_exit 1 st rules run --timeout 1 forever.sql
contains err "rule forever stopped: it ran longer than 1 s"
expect_exit 1 st rules test forever.sql
contains out "FAIL  forever: no fixtures"
contains out "rules: 0 passed, 1 failed"
q "SELECT * FROM events ORDER BY id" | sha256sum >events.after
cmp -s events.before events.after || fail "the rules changed the events"
exit 0
