#!/bin/sh
# Builds the seed corpus of every fuzz target from the bundled samples
# (and, when present, the shared corpus): one directory per parser
# descriptor (parser_<name>) holding the decompressed content of each
# evidence item that parser read, plus "ingest" holding the sample files
# as they are, "time" the times seen, "policy" the sample policy and
# "rule" the rule pack.  Usage: seed.sh SIGTRAIL SRCDIR OUTDIR
set -eu
bin=$1 src=$2 out=$3
rm -rf "$out"
mkdir -p "$out/ingest" "$out/time" "$out/policy" "$out/rule"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/sigtrail-seed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# parser name -> descriptor symbol, from the parser sources
awk '/^const struct parser parser_[a-z0-9_]* = \{/ { sym = $4 }
    sym && /\.name = "/ { sub(/.*\.name = "/, ""); sub(/".*/, "");
    print $0, sym; sym = "" }' "$src"/ingest/parse_*.c >"$tmp/names"
dirs="$src/samples/evidence"
[ -d "$src/../shared/corpus" ] && dirs="$dirs $src/../shared/corpus"
for d in $dirs; do
	"$bin" -q -C "$tmp/case.db" ingest "$d" >/dev/null 2>&1 || true
done
"$bin" -C "$tmp/case.db" query --format csv "SELECT parser || ' ' ||
    coalesce(abs_path, path) FROM evidence WHERE kind = 'file'
    AND parser IS NOT NULL AND size < 1048576 ORDER BY id" | sed 1d |
while read -r name path; do
	sym=$(awk -v n="$name" '$1 == n { print $2 }' "$tmp/names")
	[ -n "$sym" ] || continue
	mkdir -p "$out/$sym"
	f="$out/$sym/$(basename "$path" | tr -c 'A-Za-z0-9._\n-' _)"
	case "$path" in
	*.gz) gzip -dc "$path" >"$f" 2>/dev/null || cp "$path" "$f" ;;
	*) cp "$path" "$f" ;;
	esac
	[ "$(wc -c <"$path")" -gt 262144 ] || cp "$path" "$out/ingest/"
done
"$bin" -C "$tmp/case.db" query --format csv "SELECT DISTINCT ts_raw FROM
    events WHERE ts_raw IS NOT NULL LIMIT 200" | sed 1d | {
	i=0
	while read -r t; do
		printf '%s' "$t" >"$out/time/$i"
		i=$((i + 1))
	done
}
cp "$src/samples/policy.json" "$out/policy/"
cp "$src"/rules/pack/*.sql "$out/rule/"
