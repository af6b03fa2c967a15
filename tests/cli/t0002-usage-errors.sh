# Exit codes of the command-line contract: 2 for usage errors, 3 for a
# missing case file; messages go to stderr and name the problem.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

expect_exit 2 st
expect_exit 2 st frobnicate
contains err "'frobnicate' is not a command"
expect_exit 2 st --bogus
expect_exit 2 st ingest
contains err "no evidence given"
expect_exit 2 st ingest --format nosuch x
contains err "unknown format 'nosuch'"
expect_exit 2 st ingest --max-record 12Q x
expect_exit 3 st -C missing.db query "SELECT 1"
contains err "no case file 'missing.db'"
[ ! -e missing.db ] || fail "a read command created the case file"
expect_exit 2 st formats --format xml
expect_exit 0 st formats --format csv
[ ! -s err ] || fail "formats wrote to stderr"
exit 0
