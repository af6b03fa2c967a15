#!/bin/sh
# Regenerates the per-format libFuzzer dictionaries of the JSON parsers
# from the key names their sources look up: every identifier-like string
# literal of ingest/parse_<name>.c, dotted paths cut into their members,
# written as a quoted JSON member name.  `make fuzz` prepends json.dict.
# Usage (from the top of the tree): sh tests/fuzz/dict/keys.sh
set -eu
out=tests/fuzz/dict
gen() {	# descriptor source
	{
		echo "# $1: key names looked up by $2 (tests/fuzz/dict/keys.sh)"
		grep -o '"[A-Za-z_@$][A-Za-z0-9_.@$:-]*"' "$2" | tr -d '"' |
		    tr '.' '\n' | grep -E '^[A-Za-z_@$][A-Za-z0-9_@$:-]{1,39}$' |
		    LC_ALL=C sort -u |
		    awk '{ printf "k%d=\"\\\"%s\\\"\"\n", NR, $0 }'
	} >"$out/$1.dict"
}
for src in ingest/parse_*.c; do
	for sym in $(sed -n 's/^const struct parser \(parser_[a-z0-9_]*\) = {.*/\1/p' "$src"); do
		kind=$(awk -v s="$sym" '$0 ~ "^const struct parser " s " = \\{" { p = 1 }
		    p && /\.kind = INPUT_/ { sub(/.*INPUT_/, ""); sub(/,.*/, ""); print; exit }' "$src")
		# vault_audit: JSON lines read as text
		case "$kind:$sym" in JSON:*|TEXT:parser_vault_audit) gen "$sym" "$src" ;; esac
	done
done
gen policy correlate/policy.c
