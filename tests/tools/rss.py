#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""rss.py FILE CMD...: runs CMD with this process's stdin, stdout and
stderr, writes its peak resident set size in KiB (getrusage ru_maxrss of
the child, from os.wait4) to FILE, and exits with CMD's status (128+N when
a signal N ended it)."""
import os
import sys

if len(sys.argv) < 3:
    sys.stderr.write("usage: rss.py FILE CMD...\n")
    sys.exit(2)
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as f:
    f.write("%d\n" % usage.ru_maxrss)
if os.WIFSIGNALED(status):
    sys.exit(128 + os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
