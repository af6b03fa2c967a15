# Hostile containers (reliability matrix, shared/reference/reliability.md
# section 7): links and path tricks in member names, nothing written to
# disk (rows 8, 9); control characters in names never reach the terminal
# raw (10); a decompression bomb stopped at the ratio and the size budget,
# with a warning, the members and records around it kept (11); containers
# that yield no records (12); nesting past --max-depth and more entries
# than --max-entries (13); formats that are not enabled (7z, RAR, xar,
# cab, cpio, ar; lrzip, lzop, lz4, compress, which libarchive may hand
# to an external program) are unrecognized and start no process (14);
# an overlapping zip bomb (one deflated member that every entry of the
# central directory points at) is read once, in one streaming pass (15).
# Covered elsewhere: "../" member names, a tar.gz holding a zip, a
# zero-file tar.gz and a truncated gzip: t1003-ingest-bad-input.sh and
# t1005-ingest-streams.sh.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need python3 gzip

good=$(find "$SRC/samples/evidence/cloudtrail/AWSLogs" -name '*.json.gz' | sort | head -n 1)
[ -n "$good" ] || fail "sample file not found"
cp "$good" good.json.gz
tag=sigtrail-t1502-$$
"$PYTHON" - "$tag" <<'EOF'
import io, sys, tarfile, zipfile
tag = sys.argv[1]
good = open("good.json.gz", "rb").read()
def add(t, name, data=None, kind=tarfile.REGTYPE, link=""):
    ti = tarfile.TarInfo(name)
    ti.type, ti.linkname = kind, link
    if data is not None:
        ti.size = len(data)
    t.addfile(ti, io.BytesIO(data) if data is not None else None)
with tarfile.open("links.tar", "w", format=tarfile.GNU_FORMAT) as t:
    add(t, "pack/good.json.gz", good)
    add(t, "link", kind=tarfile.SYMTYPE, link="/etc")
    add(t, "link/passwd", b"root:x:0:0\n")
    add(t, "hard", kind=tarfile.LNKTYPE, link="../../../etc/shadow")
    add(t, "/tmp/%s-absolute" % tag, b"evil\n")
    add(t, "../../%s-dotdot" % tag, b"evil\n")
    add(t, "dev", kind=tarfile.CHRTYPE)
    add(t, "fifo", kind=tarfile.FIFOTYPE)
    add(t, "esc\x1b[31mred\rcr\nnl.json", b'{"a":1}\n')
with zipfile.ZipFile("names.zip", "w") as z:
    z.writestr("..\\..\\%s-backslash.txt" % tag, b"evil\n")
    z.writestr("/tmp/%s-zipabs.txt" % tag, b"evil\n")
    z.writestr("ok/good.json.gz", good)
with zipfile.ZipFile("empty.zip", "w") as z:
    pass
# 7 levels: gz(tar(zip(tar(zip(tar(zip(good)))))))
data, name = good, "good.json.gz"
for level in range(6):
    buf = io.BytesIO()
    if level % 2 == 0:
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, data)
        name = "level%d.zip" % level
    else:
        with tarfile.open(fileobj=buf, mode="w") as t:
            add(t, name, data)
        name = "level%d.tar" % level
    data = buf.getvalue()
open("deep.tar", "wb").write(data)
with tarfile.open("many.tar", "w") as t:
    for i in range(30):
        add(t, "f%02d.json" % i, b'{"n":%d}\n' % i)
EOF
gzip -k deep.tar

# 8, 9, 10: links are recorded, never followed; names are labels only;
# nothing is created anywhere; control bytes are escaped on stderr
# listing FILE...: what is in this directory but the case and FILEs
listing() {
	find . ! -name 'case.db*' | sort | grep -vxF "$(printf './%s\n' "$@")"
}
# SQLite keeps the journal of an item's savepoint in a temporary file
# once it outgrows memory (a few 16 KiB pages): it is sent to a directory
# of its own here, and must be left empty
mkdir "$T/sqltmp"
before=$(listing trace writes out err)
if command -v strace >/dev/null 2>&1; then
	SQLITE_TMPDIR=$T/sqltmp traced trace open,openat,creat,mkdir,mkdirat,symlink,symlinkat,link,linkat,rename,renameat,renameat2 \
	    "$SIGTRAIL" ingest links.tar names.zip >out 2>err
	rc=$?
	# the only files opened for writing are the case, its journals and
	# SQLite's temporary files
	grep -E 'O_WRONLY|O_RDWR|O_CREAT|creat\(|mkdir|symlink|link\(|linkat|rename' trace |
		grep -v '/dev/null' | grep -vE "\"$T/case\.db(-journal|-wal|-shm)?\"" |
		grep -vE "\"$T/sqltmp/etilqs_[0-9a-f]+\", O_RDWR\|O_CREAT\|O_EXCL" >writes
	[ ! -s writes ] || { cat writes >&2; fail "ingest wrote outside the case"; }
	[ -z "$(ls -A "$T/sqltmp")" ] || fail "SQLite left a temporary file"
else
	"$SIGTRAIL" ingest links.tar names.zip >out 2>err
	rc=$?
fi
[ $rc -eq 1 ] || { cat err >&2; fail "ingest exited $rc"; }
[ "$(listing trace writes out err)" = "$before" ] ||
	fail "ingest created files next to the archives"
for f in /tmp/$tag-absolute /tmp/$tag-zipabs.txt ../$tag-dotdot ../../$tag-dotdot \
    ../$tag-backslash.txt ../../$tag-backslash.txt; do
	[ ! -e "$f" ] || fail "member written to $f"
done
contains err "'links.tar': link: not a regular file; points to /etc: recorded, not followed"
contains err "'links.tar': hard: not a regular file; points to ../../../etc/shadow: recorded, not followed"
contains err "'links.tar': fifo: not a regular file: recorded, not followed"
contains err "'links.tar!esc\\x1b[31mred\\x0dcr\\x0anl.json': format not recognized"
! grep -q "$(printf '\033')" err || fail "an escape character reached stderr"
[ "$(q "SELECT count(*) FROM warnings WHERE kind = 'link'")" = 4 ] || fail "link warnings"
# the names are stored as they are (data), escaped on a table
[ "$(q "SELECT count(*) FROM evidence WHERE member = '/tmp/$tag-absolute'
    OR member = '../../$tag-dotdot' OR member = '../../$tag-backslash.txt'
    OR member = '/tmp/$tag-zipabs.txt'")" = 4 ] || fail "member names not recorded"
expect_exit 0 st query --format table "SELECT member FROM evidence WHERE member LIKE 'esc%'"
contains out 'esc\x1b[31mred\rcr\nnl.json'
[ "$(q "SELECT count(*) FROM evidence WHERE member LIKE '%good.json.gz' AND status = 'done'")" = 1 ] ||
	fail "the good member next to the tricks was not read"

# 11: a decompression bomb (64 MiB of blanks between two records, ~1000:1)
# stops at the ratio limit, and at --max-member, with a warning; the
# record before it in the member, and the members around it, are kept
rm -f case.db
sign='{"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/dev","accountId":"111122223333","accessKeyId":"AKIAEXAMPLEEXAMPLE01","userName":"dev"},"eventTime":"2026-01-10T12:00:07Z","eventSource":"kms.amazonaws.com","eventName":"Sign","awsRegion":"eu-west-1","requestParameters":{"keyId":"alias/rel"},"eventID":"EVID","eventType":"AwsApiCall"}'
rec() {
	printf '%s\n' "$sign" | sed "s/EVID/$1/"
}
mkdir bomb
rec member-before >bomb/a.jsonl
rec member-after >bomb/c.jsonl
{ rec bomb-first; head -c 68M /dev/zero | tr '\0' ' '; rec bomb-last; } | gzip -9 >bomb/b.jsonl.gz
(cd bomb && tar -cf ../bomb.tar a.jsonl b.jsonl.gz c.jsonl)
expect_exit 1 st ingest bomb.tar
contains err "'bomb.tar!b.jsonl.gz': decompression ratio over 200:1 after"
contains err "(a decompression bomb?): the rest is not read"
kept member-before bomb-first member-after
[ "$(q "SELECT count(*) FROM events WHERE native_id = 'bomb-last'")" = 0 ] ||
	fail "the bomb was read to its end"
[ "$(q "SELECT status FROM evidence WHERE member = 'b.jsonl.gz'")" = partial ] ||
	fail "bomb member not partial"
[ "$(q "SELECT content_size < 80 * 1048576 FROM evidence WHERE member = 'b.jsonl.gz'")" = 1 ] ||
	fail "the bomb was inflated past the ratio check"
rm -f case.db
expect_exit 1 st ingest --max-member 1M bomb/b.jsonl.gz
contains err "'bomb/b.jsonl.gz': decompressed size limit reached (1048576 bytes, --max-member): the rest is not read"
kept bomb-first
# many members, each within every per-member limit, past the budget of the
# whole evidence file (--max-total, at least --max-ratio times the file's
# size): the member that crosses it is finished, the rest is not read
rm -f case.db
mkdir budget
for i in 1 2 3 4; do
	{ rec many-$i; head -c 3M /dev/zero | tr '\0' ' '; } | gzip -9 >budget/m$i.jsonl.gz
done
(cd budget && tar -cf ../budget.tar m1.jsonl.gz m2.jsonl.gz m3.jsonl.gz m4.jsonl.gz)
expect_exit 1 st ingest --max-total 5M budget.tar
contains err "'budget.tar': 62"
contains err "decompressed bytes read from this evidence file (--max-total 5242880): the rest of the archive is not read"
kept many-1 many-2
[ "$(q "SELECT count(*) FROM events WHERE native_id IN ('many-3', 'many-4')")" = 0 ] ||
	fail "members past --max-total were read"
[ "$(q "SELECT status FROM evidence WHERE member IS NULL AND path LIKE '%budget.tar'")" = partial ] ||
	fail "budget.tar not partial"
# the default budget (1G, or 200 times the file) reads it all
rm -f case.db
expect_exit 0 st ingest budget.tar
kept many-1 many-2 many-3 many-4

# 12: containers that yield no records are warned about, never a clean
# success: gzip of zeros (reads as an empty tar), an empty zip, a tar of
# directories only
rm -f case.db
head -c 1048576 /dev/zero | gzip >zeros.gz
mkdir -p dirs/a/b && tar -cf dirs.tar dirs
expect_exit 1 st ingest zeros.gz empty.zip dirs.tar
contains err "'zeros.gz': no records: the data reads as an empty archive"
contains err "'empty.zip': "
contains err "'dirs.tar': archive holds no files"
[ "$(q "SELECT count(*) FROM warnings WHERE kind = 'empty'")" = 3 ] || fail "empty warnings"

# 13: nesting past --max-depth (default 4) is not opened and the archive
# is partial; a larger limit reads it; more entries than --max-entries
rm -f case.db
expect_exit 1 st ingest deep.tar.gz
contains err "archive nesting deeper than 4 (--max-depth): member not opened"
[ "$(q "SELECT count(*) FROM evidence WHERE records_read > 0 AND kind = 'member'")" = 0 ] ||
	fail "read past the depth limit"
[ "$(q "SELECT status FROM evidence WHERE kind = 'archive' AND member IS NULL")" = partial ] ||
	fail "deep archive not partial"
rm -f case.db
expect_exit 0 st ingest --max-depth 8 deep.tar.gz
[ "$(q "SELECT count(*) FROM evidence WHERE member LIKE
    'level4.zip!level3.tar!level2.zip!level1.tar!level0.zip!good.json.gz'
    AND status = 'done' AND records_read > 0")" = 1 ] ||
	fail "--max-depth 8 did not read the innermost member"
rm -f case.db
expect_exit 1 st ingest --max-entries 10 many.tar
contains err "'many.tar': more than 10 entries (--max-entries): the rest is not read"
[ "$(q "SELECT count(*) FROM evidence WHERE kind = 'member'")" = 10 ] ||
	fail "entries read past the limit"

# 14: formats not enabled are only unrecognized, and nothing is spawned
rm -f case.db
mkdir odd
for magic in 7z:'7z\274\257\047\034\000\004' rar:'Rar!\032\007\001\000' \
    xar:'xar!\000\034' cab:'MSCF\000\000\000\000' cpio:'070707' a:'!<arch>\n' \
    lrz:'LRZI\000\006' lzo:'\211LZO\000\015\012\032\012' lz4:'\004\042\115\030' \
    Z:'\037\235\220'; do
	{ printf "${magic#*:}"; head -c 200 /dev/urandom; } >odd/x.${magic%%:*}
done
if command -v strace >/dev/null 2>&1; then
	traced trace execve,fork,vfork "$SIGTRAIL" ingest odd >out 2>err
	rc=$?
	[ "$(grep -c 'execve\|fork' trace)" = 1 ] ||
		{ cat trace >&2; fail "ingest started a process"; }
else
	"$SIGTRAIL" ingest odd >out 2>err
	rc=$?
fi
[ $rc -eq 1 ] || { cat err >&2; fail "odd formats: exit $rc"; }
[ "$(q "SELECT count(*) FROM evidence WHERE status = 'unrecognized'")" = 10 ] ||
	{ cat err >&2; fail "odd formats not all unrecognized"; }

# 15: the overlapping zip bomb (Fifield, "A better zip bomb"): 2000
# central-directory entries all point at one 4 MiB member deflated to
# 15 KB (110 KB with the directory), 8 GiB if each entry were expanded.  libarchive reads the zip in
# one pass over the local headers, so the member is read once: one
# member, its 4 MiB, its one record.
rm -f case.db
"$PYTHON" - <<'EOF'
import struct, zlib
rec = (b'{"eventVersion":"1.08","eventTime":"2026-01-01T00:00:00Z",'
       b'"eventSource":"kms.amazonaws.com","eventName":"Sign",'
       b'"eventID":"overlap-1","awsRegion":"eu-north-1","userIdentity":'
       b'{"type":"IAMUser","arn":"arn:aws:iam::1:user/x"},'
       b'"requestParameters":{"keyId":"k"}}\n')
data = rec + b" " * (4 << 20) + b"\n"
z = zlib.compressobj(9, zlib.DEFLATED, -15)
c = z.compress(data) + z.flush()
crc, name, n = zlib.crc32(data), b"m.jsonl", 2000
local = struct.pack("<IHHHHHIIIHH", 0x04034b50, 20, 0, 8, 0, 0x21, crc,
                    len(c), len(data), len(name), 0) + name + c
cd = (struct.pack("<IHHHHHHIIIHHHHHII", 0x02014b50, 20, 20, 0, 8, 0, 0x21,
                  crc, len(c), len(data), len(name), 0, 0, 0, 0, 0, 0) +
      name) * n
end = struct.pack("<IHHHHIIH", 0x06054b50, 0, 0, n, n, len(cd), len(local), 0)
open("overlap.zip", "wb").write(local + cd + end)
EOF
st ingest overlap.zip >out 2>err || { cat err >&2; fail "overlap.zip: exit $?"; }
[ "$(q "SELECT count(*) FROM evidence WHERE kind = 'member' AND content_size BETWEEN 4194304 AND 4195304")" = 1 ] &&
	[ "$(q "SELECT count(*) FROM evidence WHERE kind = 'member'")" = 1 ] ||
	{ q "SELECT path, member, content_size FROM evidence" >&2; fail "overlap.zip: members read more than once"; }
[ "$(q "SELECT count(*) FROM events WHERE native_id = 'overlap-1'")" = 1 ] ||
	fail "overlap.zip: the record"
case_ok
exit 0
