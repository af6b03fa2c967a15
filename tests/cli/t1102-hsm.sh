# HSM audit trails and PKCS#11 traces: the bundled CloudHSM (S3 export and
# filter-log-events), YubiHSM 2, Luna DPoD and pkcs11-spy evidence ingests
# cleanly with the YubiHSM read time as --anchor; every record is accounted
# for; the integrity checks find exactly the planted breaks; the events
# match the golden file; and a malformed record of each format is
# quarantined with its file and line while the records around it are kept.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

EV=$SRC/samples/evidence
[ -d "$EV/yubihsm" ] || skip "no HSM samples (python3 samples/tools/gen_hsm.py)"

expect_exit 0 st ingest --anchor 2026-11-13T10:30:00Z "$EV/cloudhsm" \
	"$EV/yubihsm" "$EV/luna" "$EV/pkcs11"
contains err "0 quarantined"

# chain of custody: every record of every item is accounted for (an
# archive's row counts its members; the members' rows count the records)
[ "$(q "SELECT count(*) FROM evidence WHERE kind != 'archive' AND
    records_read != records_stored + records_duplicate +
    records_out_of_scope + records_nonevent + records_quarantined")" = 0 ] ||
	fail "an evidence item does not account for all its records"
[ "$(q "SELECT records_read FROM evidence WHERE kind = 'archive'")" = 1 ] ||
	fail "the Luna zip should hold one member"
[ "$(q "SELECT group_concat(parser, ' ') FROM (SELECT DISTINCT parser
    FROM evidence WHERE parser IS NOT NULL ORDER BY parser)")" = \
    "cloudhsm cloudhsm-cwl luna pkcs11-spy yubihsm" ] ||
	fail "not every format was detected"

# exactly the planted breaks: the YubiHSM item gap and chain break at item
# 1226 (four lines removed), the CloudHSM sequence gap on hsm-6tnc4wbd8rx
q "SELECT source || ' ' || native_id FROM events
    WHERE action = 'audit.integrity' ORDER BY source, native_id" >found.txt
cat >want.txt <<'EOF'
cloudhsm hsm-6tnc4wbd8rx/0xb/gap/0x1b42-0x1b45
yubihsm 0012345678/chain-break/1226/b60895dedba1ac634ed17cdbc52ace64
yubihsm 0012345678/gap/1221-1226/b60895dedba1ac634ed17cdbc52ace64
EOF
diff -u want.txt found.txt >&2 || fail "integrity findings differ"

# the S3 export and filter-log-events give the same CloudHSM records once
[ "$(q "SELECT count(*) FROM events WHERE source = 'cloudhsm'")" = 174 ] ||
	fail "CloudHSM event count"
[ "$(q "SELECT sum(records_duplicate) FROM evidence WHERE parser = 'cloudhsm'")" = 45 ] ||
	fail "CloudHSM records in both exports not de-duplicated"
# Luna: identical records in the same second stay distinct
[ "$(q "SELECT count(*) FROM events WHERE source = 'luna' AND action = 'sign'")" = 15 ] ||
	fail "Luna signatures merged"

# the anchor places the auth key 0x0009 signatures inside the attack window;
# the entries before the last power-up have no time
[ "$(q "SELECT count(*) FROM events WHERE source = 'yubihsm' AND action = 'sign'
    AND actor = 'yubihsm:authkey:0x0009' AND ts >= '2026-11-06T21:47:12Z'
    AND ts <= '2026-11-13T09:41:10Z' AND ts_flags = 'derived'")" = 4 ] ||
	fail "0x0009 signatures not placed in the attack window"
[ "$(q "SELECT count(*) FROM events WHERE source = 'yubihsm' AND ts_us IS NULL")" = 4 ] ||
	fail "entries before the power-up"
# the pkcs11-spy trace shows the digests, the one behind the removed entries too
[ "$(q "SELECT count(*) FROM events WHERE source = 'pkcs11-spy'
    AND operation = 'pkcs11:C_Sign' AND digest LIKE 'sha256:%'
    AND actor = 'yubihsm:authkey:0x0009'")" = 5 ] ||
	fail "pkcs11-spy digests of auth key 0x0009"

st query --format json "SELECT ts, ts_flags, source, action, operation,
    outcome, error_code, actor, session, key_ref, key_raw, digest, src_ip,
    native_id FROM events ORDER BY ts_us, native_id, source, evidence_id,
    offset" >events.json
golden hsm-events.json events.json

# ---------------------------------------------------------------------
# bad input: one malformed record of each format, between good ones
mkdir ev
blk() {
	printf 'Time: 11/06/26 22:38:%02d.000000, usecs:17940046%02d000000\n' "$1" "$(($1 + 80))"
	printf 'Sequence No : 0x%x\nReboot counter : 0x1c\n' "$2"
	printf 'Command Type(hex) : CN_MGMT_CMD (0x0)\nOpcode : CN_LOGIN (0xd)\n'
	printf 'Session Handle : 0x1\nResponse : 0:HSM Return: SUCCESS\n'
	printf 'Log type : MGMT_USER_DETAILS_LOG (2)\nUser Name : u\n'
	printf 'User Type : CN_CRYPTO_USER (1)\n'
}
{
	blk 5 16
	printf 'Time: 11/06/26 22:38:06.000000, usecs:1794004686000000\n'
	printf 'Reboot counter : 0x1c\nOpcode : CN_LOGIN (0xd)\n'
	blk 7 18
} >ev/hsm-bad12345.log
cat >ev/cwl-events.json <<'EOF'
{"events":[
{"logStreamName":"hsm-bad12345","timestamp":1794004685000,"message":"Time: 11/06/26 22:38:05.000000, usecs:1794004685000000\nSequence No : 0x20\nReboot counter : 0x1c\nOpcode : CN_LOGIN (0xd)","eventId":"1"},
{"logStreamName":"hsm-bad12345","timestamp":1794004686000,"eventId":"2"},
{"logStreamName":"hsm-bad12345","timestamp":1794004687000,"message":"Time: 11/06/26 22:38:07.000000, usecs:1794004687000000\nSequence No : 0x22\nReboot counter : 0x1c\nOpcode : CN_LOGOUT (0xe)","eventId":"3"}
]}
EOF
{
	printf '0 unlogged boots found\n0 unlogged authentications found\nFound 3 items\n'
	printf 'item:    41 -- cmd: 0x04 -- length:   17 -- session key: 0x0005 -- target key: 0xffff -- second key: 0xffff -- result: 0x84 -- tick: 123000 -- hash: 6d7a286cb4ad1e6f0e4b14fd02c645f7\n'
	printf 'item:    42 -- cmd: 0x56 -- length: 34 -- garbled\n'
	printf 'item:    42 -- cmd: 0x56 -- length:   34 -- session key: 0x0005 -- target key: 0x0102 -- second key: 0xffff -- result: 0xd6 -- tick: 123450 -- hash: 81d6877d07966712fae240af0b8dd674\n'
} >ev/yubihsm-0099887766-audit.txt
cat >ev/dpod-audit.json <<'EOF'
[{"time":"2026-11-06 22:31:10 UTC","source":"thales/cloudhsm/1570839201746","actorID":"c41e","action":"LUNA_LOGIN","status":"LUNA_RET_OK"},
{"time":"the sixth of november","source":"thales/cloudhsm/1570839201746","actorID":"c41e","action":"LUNA_SIGN","status":"LUNA_RET_OK"},
{"time":"2026-11-06 22:31:12 UTC","source":"thales/cloudhsm/1570839201746","actorID":"c41e","action":"LUNA_LOGOUT","status":"LUNA_RET_OK"}]
EOF
{
	printf '\n\n*************** OpenSC PKCS#11 spy *****************\n'
	printf 'Loaded: "/usr/lib/softhsm/libsofthsm2.so"\n'
	printf '\n0: C_Login\nP:1; T:0x1 2026-11-06 22:00:00.000\n[in] hSession = 0x1\nReturned:  0 CKR_OK\n'
	printf '\n1: C_Sign\nP:1; T:0x1 2026-11-06 22:00:00.000\n[in] hSession = 0x1\nReturned:  CKR_OK\n'
	printf '\n2: C_Logout\nP:1; T:0x1 2026-11-06 22:00:01.000\n[in] hSession = 0x1\nReturned:  0 CKR_OK\n'
} >ev/spy.log

expect_exit 1 st ingest ev
contains err "'ev/hsm-bad12345.log': line 11, byte"
contains err "record quarantined: block has no 'Sequence No'"
contains err "'ev/cwl-events.json': line 3, byte"
contains err "record has no 'message'"
contains err "'ev/yubihsm-0099887766-audit.txt': byte 0: record quarantined: line 5: item line ends"
contains err "'ev/dpod-audit.json': line 2, byte"
contains err "bad 'time' 'the sixth of november'"
contains err "'ev/spy.log': line 11, byte"
contains err "'Returned:' without a number"
for f in hsm-bad12345.log cwl-events.json yubihsm-0099887766-audit.txt \
    dpod-audit.json spy.log; do
	[ "$(q "SELECT count(*) FROM quarantine q JOIN evidence e ON
	    e.id = q.evidence_id WHERE e.path = 'ev/$f'")" = 1 ] ||
		fail "$f: no quarantine row"
done
# the good records around the bad ones are kept
[ "$(q "SELECT count(*) FROM events e JOIN evidence v ON v.id = e.evidence_id
    WHERE v.path = 'ev/hsm-bad12345.log' AND e.action = 'session.login'")" = 2 ] ||
	fail "CloudHSM good blocks lost"
[ "$(q "SELECT count(*) FROM events WHERE native_id LIKE 'hsm-bad12345/0x1c/0x2%'")" = 2 ] ||
	fail "filter-log-events good records lost"
[ "$(q "SELECT count(*) FROM events WHERE native_id LIKE '0099887766/4%'")" = 2 ] ||
	fail "YubiHSM good entries lost"
[ "$(q "SELECT count(*) FROM events e JOIN evidence v ON v.id = e.evidence_id
    WHERE v.path = 'ev/dpod-audit.json'")" = 2 ] || fail "Luna good records lost"
[ "$(q "SELECT count(*) FROM events e JOIN evidence v ON v.id = e.evidence_id
    WHERE v.path = 'ev/spy.log'")" = 2 ] || fail "pkcs11-spy good calls lost"
# the quarantined block did not hide a sequence check: the blocks around it
# are 0x10 and 0x12, one record (the bad one) is missing
[ "$(q "SELECT count(*) FROM events WHERE native_id = 'hsm-bad12345/0x1c/gap/0x10-0x12'")" = 1 ] ||
	fail "sequence check around the quarantined block"
[ "$(q "SELECT count(*) FROM evidence WHERE kind != 'archive' AND
    records_read != records_stored + records_duplicate +
    records_out_of_scope + records_nonevent + records_quarantined")" = 0 ] ||
	fail "records not accounted for"
exit 0
