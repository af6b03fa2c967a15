# Correlation against independent incidents generated from a seed
# (tests/tools/gen_case.py): CloudTrail S3 files, GitHub Actions runs and
# jobs, GitHub releases and Rekor entries.  With no policy (everything
# inferred), every successful KMS Sign gets the verdict truth.json gives
# (release signatures accounted, the attacker's unaccounted, a hijacked
# branch run's partial), every Rekor entry signed while CloudTrail was off
# is unaccounted, the expected finding kinds appear and the absent ones do
# not, and the provenance report is byte-for-byte reproducible: twice from
# one case, and (first seed) from a second case generated from the same
# seed.  SIGTRAIL_SEEDS="N ..." runs other seeds.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

command -v python3 >/dev/null 2>&1 ||
	skip "python3 is missing (it generates the seeded cases)"
command -v openssl >/dev/null 2>&1 ||
	skip "openssl is missing (it makes the seeded cases' public keys)"

GEN=$SRC/tests/tools/gen_case.py
# 54: hijacked branch run on an unexpected runner, attacker signing during
# a CI job, log gap; 80: the hijacked run deleted afterwards; 32: the
# attacker signs seconds before a release's signatures and uploads nothing
# (the release's Rekor entries must pair with the release's records); 914:
# a hijacked branch run signs more often than the release runs (pipeline
# refs are inferred per run, not per signature)
SEEDS=${SIGTRAIL_SEEDS:-7 1234 54 80 32 914}
first=${SEEDS%% *}

# compare TRUTH VERDICTS TLOG_VERDICTS FINDINGS: the case against its truth
compare() {
	python3 - "$@" <<'PY'
import json, sys

truth = json.load(open(sys.argv[1]))
got = {r["native_id"]: r for r in json.load(open(sys.argv[2]))}
tlog = {r["native_id"]: r for r in json.load(open(sys.argv[3]))}
kinds = {r["kind"]: r["n"] for r in json.load(open(sys.argv[4]))}
bad = []


def why(r):
    return "; ".join(json.loads(r["reasons"])) if r else "no verdict"


for eid, want in sorted(truth["verdicts"].items()):
    r = got.get(eid)
    if r is None or r["verdict"] != want:
        bad.append("Sign %s: expected %s, got %s (%s)" % (
            eid, want, r["verdict"] if r else "nothing", why(r)))
for eid in sorted(set(got) - set(truth["verdicts"])):
    bad.append("event %s has a verdict (%s: %s) but is no successful "
               "Sign of the case" % (eid, got[eid]["verdict"],
                                     why(got[eid])))
for uuid, want in sorted(truth["tlog_verdicts"].items()):
    r = tlog.get(uuid)
    if r is None or r["verdict"] != want:
        bad.append("Rekor entry %s (signed while CloudTrail was off): "
                   "expected %s, got %s (%s)" % (
                       uuid, want, r["verdict"] if r else "nothing", why(r)))
for uuid in sorted(set(tlog) - set(truth["tlog_verdicts"])):
    bad.append("Rekor entry %s stands alone (%s: %s) although a Sign "
               "record explains it" % (uuid, tlog[uuid]["verdict"],
                                       why(tlog[uuid])))
for k in truth["findings_expected"]:
    if k not in kinds:
        bad.append("no '%s' finding" % k)
for k in truth["findings_absent"]:
    if k in kinds:
        bad.append("%d unexpected '%s' finding(s)" % (kinds[k], k))
# Which Rekor entry lends its digest to which Sign is reported, not
# asserted: link_tlog pairs nearest first in either direction, so a Sign
# can take the entry of the Sign made just before it (same release, so
# the verdicts hold).
swapped = [eid for eid, d in sorted(truth["digests"].items())
           if eid in got and got[eid]["digest"] != d]
if swapped:
    print("note: seed %d: %d of %d signature(s) paired with another "
          "signature's Rekor entry: %s" % (
              truth["seed"], len(swapped), len(truth["digests"]),
              ", ".join(swapped)), file=sys.stderr)
for b in bad:
    print("seed %d: %s" % (truth["seed"], b), file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}

for seed in $SEEDS; do
	dir=$T/seed-$seed
	python3 "$GEN" -q --seed "$seed" --out "$dir" ||
		fail "gen_case.py --seed $seed failed"
	SIGTRAIL_CASE=$T/seed-$seed.db
	export SIGTRAIL_CASE
	expect_exit 0 st ingest "$dir/evidence"
	contains err "0 quarantined"
	expect_exit 0 st correlate
	st query --format json "SELECT e.native_id, v.verdict, v.digest,
	    v.reasons FROM verdicts v JOIN events e ON e.id = v.sign_id
	    WHERE e.source = 'cloudtrail'" >verdicts.json ||
		fail "seed $seed: query of the verdicts failed"
	st query --format json "SELECT e.native_id, v.verdict, v.reasons
	    FROM verdicts v JOIN events e ON e.id = v.sign_id
	    WHERE e.source = 'rekor'" >tlog.json ||
		fail "seed $seed: query of the Rekor verdicts failed"
	st query --format json "SELECT kind, count(*) AS n FROM findings
	    GROUP BY kind ORDER BY kind" >findings.json ||
		fail "seed $seed: query of the findings failed"
	[ -s verdicts.json ] || fail "seed $seed: no verdicts at all"
	compare "$dir/truth.json" verdicts.json tlog.json findings.json ||
		fail "seed $seed: correlation differs from truth.json"

	# the same case gives the same bytes
	st report provenance --format json >prov-1.json ||
		fail "seed $seed: report provenance failed"
	st report provenance --format json >prov-2.json
	cmp -s prov-1.json prov-2.json ||
		fail "seed $seed: two provenance reports of one case differ"
	[ "$(wc -c <prov-1.json)" -gt 100 ] ||
		fail "seed $seed: provenance report is empty"

	# the same seed gives the same evidence and the same report
	[ "$seed" = "$first" ] || continue
	python3 "$GEN" -q --seed "$seed" --out "$dir-again" ||
		fail "gen_case.py --seed $seed failed the second time"
	diff -r "$dir" "$dir-again" >/dev/null ||
		fail "seed $seed: two generations differ"
	SIGTRAIL_CASE=$T/seed-$seed-again.db
	expect_exit 0 st ingest "$dir-again/evidence"
	expect_exit 0 st correlate
	st report provenance --format json >prov-3.json
	cmp -s prov-1.json prov-3.json ||
		fail "seed $seed: a second case from the same seed reports differently"
done
exit 0
