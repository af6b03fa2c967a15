# formats lists every parser with how to export its evidence.
. "$SIGTRAIL_SRCDIR/tests/cli/lib.sh"

expect_exit 0 st formats --format csv
contains out "name,reads,how to export"
contains out "cloudtrail,"
contains out "lookup-events"
expect_exit 0 st formats --format json
contains out '"name":"cloudtrail"'
exit 0
