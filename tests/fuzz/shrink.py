#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""shrink.py LIMIT PATH... - cuts fuzz seeds (files, or the files under
directories) down to LIMIT bytes, in place.

A seed much larger than what the fuzzer mutates makes every run slow and
is truncated by libFuzzer's -max_len anyway, which leaves broken JSON.  So
each larger seed is made smaller while keeping its shape:

  - a JSON document: the largest array or object loses its second half,
    again and again, until the text fits (every container keeps at least
    one member, so the records and their nesting stay);
  - JSON Lines and other text: the lines that fit;
  - anything else (DER, archives) is kept: its head still reaches the
    decoders, and the ingest target needs its archives.
"""
import json
import os
import sys


def size(v):
    return len(json.dumps(v, separators=(",", ":")).encode())


def largest(v, best=None):
    """The container holding the most bytes that can still lose members."""
    if isinstance(v, (list, dict)) and len(v) > 1:
        n = size(v)
        if best is None or n > best[0]:
            best = (n, v)
    children = v.values() if isinstance(v, dict) else v if isinstance(
        v, list) else ()
    for c in children:
        best = largest(c, best)
    return best


def halve(v):
    keep = (len(v) + 1) // 2
    if isinstance(v, list):
        del v[keep:]
    else:
        for k in list(v)[keep:]:
            del v[k]


def shrink_json(doc, limit):
    while size(doc) > limit:
        best = largest(doc)
        if best is None:
            return None
        halve(best[1])
    return json.dumps(doc, separators=(",", ":")).encode()


def shrink_lines(data, limit):
    out = b""
    for line in data.splitlines(keepends=True):
        if len(out) + len(line) > limit:
            break
        out += line
    return out or None


def shrink(data, limit):
    text = data.lstrip(b"\xef\xbb\xbf")
    try:
        return shrink_json(json.loads(text), limit)
    except ValueError:
        pass
    try:
        text.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return shrink_lines(data, limit)


def files(paths):
    for p in paths:
        if os.path.isdir(p):
            for top, _, names in os.walk(p):
                for n in sorted(names):
                    yield os.path.join(top, n)
        else:
            yield p


def main():
    limit = int(sys.argv[1])
    for path in files(sys.argv[2:]):
        with open(path, "rb") as f:
            data = f.read()
        if len(data) <= limit:
            continue
        small = shrink(data, limit)
        if small is not None:
            os.chmod(path, 0o644)
            with open(path, "wb") as f:
                f.write(small)


if __name__ == "__main__":
    main()
