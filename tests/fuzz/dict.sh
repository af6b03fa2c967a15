#!/bin/sh
# Prints the libFuzzer -dict= option of one fuzz target, or nothing when
# it has no dictionary: rule.dict for the rule header parser, json.dict
# for the intake (JSON is what most evidence is), and for a parser of a
# JSON format json.dict with that format's key names (<target>.dict)
# appended, written to OUT/dict/<target>.dict.  Shared by `make fuzz`
# and tests/fuzz/campaign.sh.  Usage: dict.sh TARGET OUT
set -eu
t=$1 out=$2 d=tests/fuzz/dict
case $t in
rule)	echo "-dict=$d/rule.dict" ;;
ingest)	echo "-dict=$d/json.dict" ;;
*)	if [ -f "$d/$t.dict" ]; then
		mkdir -p "$out/dict"
		cat "$d/json.dict" "$d/$t.dict" >"$out/dict/$t.dict"
		echo "-dict=$out/dict/$t.dict"
	fi ;;
esac
