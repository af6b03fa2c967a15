#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks a sigtrail case file the way the fault tests need it.

    casecheck.py CASE            prints "ok", or each problem found (exit 1):
                                 PRAGMA integrity_check and foreign_key_check,
                                 events and quarantine rows whose evidence is
                                 missing, finished evidence items whose
                                 records are not all accounted for
    casecheck.py --counts CASE   prints one line of figures that a complete
                                 ingest of the same evidence always gives
                                 (rows per table, records read, statuses)

The case is opened read-only (SQLite URI mode=ro), so a hot journal left by
a killed writer is reported instead of being rolled back here.
"""
import sqlite3
import sys

COUNTS = """SELECT
  (SELECT count(*) FROM evidence),
  (SELECT count(*) FROM events),
  (SELECT count(*) FROM quarantine),
  (SELECT count(*) FROM warnings),
  (SELECT total(records_read) FROM evidence),
  (SELECT total(records_stored) FROM evidence),
  (SELECT count(*) FROM keys),
  (SELECT count(*) FROM key_refs),
  (SELECT group_concat(s, ' ') FROM
     (SELECT status || ':' || count(*) AS s FROM evidence
      GROUP BY status ORDER BY status))"""

CHECKS = [
    ("events without their evidence row",
     "SELECT count(*) FROM events WHERE evidence_id NOT IN "
     "(SELECT id FROM evidence)"),
    ("quarantined records without their evidence row",
     "SELECT count(*) FROM quarantine WHERE evidence_id NOT IN "
     "(SELECT id FROM evidence)"),
    ("evidence items left open",
     "SELECT count(*) FROM evidence WHERE status = 'open'"),
    ("finished items whose records are not all accounted for",
     "SELECT count(*) FROM evidence WHERE kind != 'archive' AND "
     "records_read != records_stored + records_duplicate + "
     "records_out_of_scope + records_nonevent + records_quarantined"),
]


def main(argv):
    counts = len(argv) == 3 and argv[1] == "--counts"
    if len(argv) != 2 and not counts:
        sys.stderr.write("usage: casecheck.py [--counts] CASE\n")
        return 2
    path = argv[-1]
    try:
        db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        if counts:
            print(" ".join(str(v) for v in db.execute(COUNTS).fetchone()))
            return 0
        bad = [r[0] for r in db.execute("PRAGMA integrity_check")]
        if bad != ["ok"]:
            print("integrity_check: " + "; ".join(bad[:10]))
            return 1
        fk = db.execute("PRAGMA foreign_key_check").fetchall()
        problems = ["foreign_key_check: %d rows" % len(fk)] if fk else []
        if db.execute("SELECT count(*) FROM sqlite_master WHERE "
                      "name = 'evidence'").fetchone()[0]:
            for what, sql in CHECKS:
                n = db.execute(sql).fetchone()[0]
                if n:
                    problems.append("%d %s" % (n, what))
    except sqlite3.Error as e:
        print("sqlite: %s" % e)
        return 1
    for p in problems:
        print(p)
    if problems:
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
