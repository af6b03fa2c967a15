# report html: the bundled incident in one self-contained page.  -o is
# required; the page is deterministic (the golden file holds it with the
# time of the case's last run replaced, the only value that differs
# between two ingests); it holds every section, the 18 provenance rows
# and the SVG timeline; it has no script and fetches nothing.  A hostile
# CloudTrail record (a user agent "<script>alert(1)</script>" and a
# principal '"><img src=x onerror=alert(1)>') shows as text.  When a
# chromium binary exists, tests/html/check.sh loads the page headless
# and checks the DOM it builds.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

expect_exit 0 st ingest "$SRC/samples/evidence"
expect_exit 0 st correlate --policy "$SRC/samples/policy.json"

# -o is required
expect_exit 2 st report html
contains err "report html needs -o FILE"
[ ! -s out ] || fail "report html without -o wrote to stdout"
expect_exit 2 st report html --detected-at never -o x.html
contains err "bad --detected-at 'never'"

expect_exit 0 st report html -o report.html
[ ! -s out ] || fail "report html -o wrote to stdout"
[ -s report.html ] || fail "no report.html"
sed 's|<time class="run">[^<]*</time>|<time class="run">RUN</time>|' \
	report.html >normalized.html
golden html-samples.html normalized.html
expect_exit 0 st report html -o again.html
cmp report.html again.html || fail "report html is not deterministic"
expect_exit 0 st report html -o -
cmp report.html out || fail "report html -o - differs from -o FILE"

# sections, rows, charts
for id in summary timeline concern findings provenance revocation review; do
	contains report.html "<section id=\"$id\">"
done
[ "$(grep -o '<tr class="pv">' report.html | wc -l)" -eq 18 ] ||
	fail "the provenance table does not have 18 rows"
[ "$(grep -o '<svg ' report.html | wc -l)" -eq 2 ] ||
	fail "expected 2 timeline charts"
contains report.html "<circle class=\"u\""
contains report.html "<rect class=\"rs\""
contains report.html "<line class=\"pub\""
contains report.html "<line class=\"mk\""
contains report.html '<div class="v">6d 11h 40m 5s</div>'
contains report.html "2 failure DisabledException"
contains report.html "Dated revocation: revoking alias/widget-release (4f1e2d3c) at 2026-11-06T21:59:05Z"
contains report.html "No unaccounted signature: nothing on the evidence calls for revoking this key"

# self-contained: no script, no fetched resource
check_safe() {
	lacks "$1" "<script"
	lacks "$1" "<img"
	lacks "$1" "<iframe"
	lacks "$1" "<link"
	lacks "$1" " src=\""
	lacks "$1" "href=\"http"
	lacks "$1" "href=\"//"
	lacks "$1" "=\"http"
	lacks "$1" "='http"
	lacks "$1" "xmlns"
	lacks "$1" "url("
	lacks "$1" "@import"
	# an attribute named on...: a tag, attributes (a quoted value holds
	# no '"': escaped), then the handler
	! grep -Eq '<[a-zA-Z]+([[:space:]]+[a-zA-Z-]+(="[^"]*"|=[^[:space:]>"]*)?)*[[:space:]]+on[a-zA-Z]+=' "$1" ||
		fail "$1 has an event-handler attribute"
	contains "$1" "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\""
	[ "$(grep -o 'href="[^"#]' "$1" | wc -l)" -eq 0 ] ||
		fail "$1 links outside the page"
}
check_safe report.html

# --detected-at reaches the review figures
expect_exit 0 st report html --detected-at 2026-11-13T09:00:00Z -o detected.html
contains detected.html '<div class="v">41m 10s</div>'
contains detected.html "2026-11-13T09:00:00Z (--detected-at)"

# the headless browser builds the expected DOM
if command -v chromium >/dev/null 2>&1; then
	sh "$SRC/tests/html/check.sh" report.html 18 >check.out 2>&1 || {
		cat check.out >&2
		fail "tests/html/check.sh"
	}
else
	echo "no chromium: the headless-browser check is skipped"
fi

# hostile evidence renders as text
export SIGTRAIL_CASE="$T/hostile.db"
cat >hostile.json <<'EOF2'
{"Records":[{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/\"><img src=x onerror=alert(1)>","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEEXAMPLE01","userName":"\"><img src=x onerror=alert(1)>"},"eventTime":"2026-01-10T12:00:07Z","eventSource":"kms.amazonaws.com","eventName":"Sign","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.7","userAgent":"<script>alert(1)</script>","requestParameters":{"keyId":"alias/rel","signingAlgorithm":"ECDSA_SHA_256","messageType":"DIGEST"},"responseElements":null,"eventID":"4f9c1f8e-0000-4000-8000-000000000001","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::KMS::Key","ARN":"arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-0000-4000-8000-000000000001"}],"eventType":"AwsApiCall","recipientAccountId":"111122223333"}]}
EOF2
expect_exit 0 st ingest hostile.json
expect_exit 0 st correlate
expect_exit 0 st report html -o hostile.html
check_safe hostile.html
lacks hostile.html "onerror=alert(1)>"
contains hostile.html ">&lt;script&gt;alert(1)&lt;/script&gt;</td>"
contains hostile.html "user/&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
[ "$(grep -o '<tr class="pv">' hostile.html | wc -l)" -eq 1 ] ||
	fail "the hostile signature is not in the provenance table"
if command -v chromium >/dev/null 2>&1; then
	sh "$SRC/tests/html/check.sh" hostile.html 1 >check.out 2>&1 || {
		cat check.out >&2
		fail "tests/html/check.sh on the hostile case"
	}
fi
exit 0
