#!/bin/sh
# Headless-browser check of an HTML report: loads REPORT in headless
# Chromium (no network, a fresh profile) and checks the DOM it builds:
# every section is there, the provenance table has the expected number of
# rows (when ROWS is given), the charts are SVG with marks in them, and
# no script element exists.  Nothing is fetched: the page's own
# Content-Security-Policy forbids it, and the flags turn off Chromium's
# background traffic.
#
#   sh tests/html/check.sh REPORT.html [ROWS]
#
# Exit 0 when the DOM is as expected, 1 when it is not (what differs on
# stderr), 2 on a usage error, 77 when there is no chromium.
set -u
[ $# -ge 1 ] && [ $# -le 2 ] || {
	echo "usage: sh tests/html/check.sh REPORT.html [ROWS]" >&2
	exit 2
}
report=$1
rows=${2:-}
command -v chromium >/dev/null 2>&1 || { echo "check.sh: no chromium" >&2; exit 77; }
case $report in
/*) ;;
*) report=$(pwd)/$report ;;
esac
[ -f "$report" ] || { echo "check.sh: no file '$report'" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigtrail-html.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/profile" || exit 2

limit=
command -v timeout >/dev/null 2>&1 && limit="timeout 120"
# shellcheck disable=SC2086
$limit chromium --headless --no-sandbox --disable-gpu --disable-quic \
	--no-first-run --disable-background-networking \
	--disable-component-update --disable-sync \
	--user-data-dir="$tmp/profile" --dump-dom "file://$report" \
	>"$tmp/dom.html" 2>"$tmp/chromium.err"
rc=$?
if [ $rc -ne 0 ] || [ ! -s "$tmp/dom.html" ]; then
	echo "check.sh: chromium failed (exit $rc):" >&2
	tail -n 5 "$tmp/chromium.err" >&2
	exit 1
fi

bad=0
no() {
	echo "check.sh: $*" >&2
	bad=1
}
has() {
	grep -qF -- "$1" "$tmp/dom.html" || no "the DOM lacks: $1"
}
count() {
	grep -oF -- "$1" "$tmp/dom.html" | wc -l | tr -d ' '
}

has '<title>sigtrail report'
has '<h1>Signing-key incident report</h1>'
for id in summary timeline concern findings provenance revocation review; do
	has "<section id=\"$id\">"
done
has '<h2>Findings</h2>'
has '<h2>Provenance</h2>'
has '<h2>Revocation what-if</h2>'
has '<h2>Post-incident review</h2>'
[ "$(count '<svg')" -ge 1 ] || no "no svg element"
[ "$(count '<circle')" -ge 1 ] || no "no signing operation drawn"
[ "$(count '<script')" -eq 0 ] || no "a script element is in the DOM"
[ "$(count '<img')" -eq 0 ] || no "an img element is in the DOM"
if [ -n "$rows" ]; then
	got=$(count '<tr class="pv">')
	[ "$got" -eq "$rows" ] || no "provenance table: $got rows, expected $rows"
fi
[ $bad -eq 0 ] || exit 1
echo "check.sh: ok ($(count '<tr class="pv">') provenance rows, $(count '<svg') charts)"
exit 0
