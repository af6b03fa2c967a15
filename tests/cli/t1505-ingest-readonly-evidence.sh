# Evidence is only read (reliability matrix row 23, ACPO principle 1):
# ingest of a copy of the samples made read-only works, and leaves every
# byte, size, mode and mtime as it was; no file appears next to the
# evidence; atimes do not move either (sigtrail opens with O_NOATIME,
# which applies because the test owns the copy).  Where user namespaces
# allow it (no root needed), the copy is also ingested through a
# read-only bind mount, which stops root too; chmod alone does not stop
# root, so as root without one only the hashes and times prove it.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"
need python3 sha256sum stat

cp -R "$SRC/samples/evidence" ev
chmod -R a-w ev
# (without root, the copy must be made writable again to be removed)
trap 'chmod -R u+w "$T/ev"; rm -rf "$T"' EXIT
# an old atime, so that any read without O_NOATIME would move it
find ev -type f -exec touch -a -d @946684800 {} +
# stat only: reading the files here would move their atimes
snapshot() {
	find ev -type f -print0 | sort -z | xargs -0 stat -c '%n %s %a %y %x'
	find ev ! -type f -print0 | sort -z | xargs -0 stat -c '%n %a %y'
}
snapshot >before

readonly_mount=no
if command -v unshare >/dev/null 2>&1 && unshare -rm true 2>/dev/null; then
	mkdir ro
	# in a private mount namespace (gone when the command ends)
	unshare -rm sh -c 'mount --bind ev ro && mount -o remount,bind,ro ro &&
	    ! touch ro/probe 2>/dev/null && exec "$SIGTRAIL" -C ro.db ingest ro' \
	    >out 2>err
	rc=$?
	[ $rc -eq 0 ] || { cat err >&2; fail "ingest through a read-only mount exited $rc"; }
	readonly_mount=yes
fi

expect_exit 0 st ingest ev
[ "$(id -u)" = 0 ] && [ $readonly_mount = no ] &&
	echo "note: running as root without a read-only mount: chmod does not stop writes; checking hashes and times only"
snapshot >after
diff -u before after >&2 || fail "ingest changed the evidence's metadata"
(cd "$SRC/samples/evidence" && find . -type f -print0 | xargs -0 sha256sum) | sort >orig.sha
(cd ev && find . -type f -print0 | xargs -0 sha256sum) | sort >now.sha
diff -u orig.sha now.sha >&2 || fail "ingest changed the evidence's bytes"
[ ! -e ro/probe ] || fail "the read-only mount was writable"

# the case holds every file, with the hash of the bytes as they are
expect_exit 0 st evidence verify
find ev -type f -print0 | xargs -0 sha256sum | sort >files.sha
q "SELECT sha256 || '  ' || path FROM evidence WHERE parent_id IS NULL" | sort >case.sha
diff -u files.sha case.sha >&2 || fail "hashes in the case differ from sha256sum"
if [ $readonly_mount = yes ]; then
	[ "$(case_counts ro.db)" = "$(case_counts)" ] ||
		fail "ingest through the read-only mount differs"
fi
exit 0
