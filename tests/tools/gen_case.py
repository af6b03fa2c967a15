#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_case.py - a seeded signing-key incident in the evidence formats
sigtrail reads, with its ground truth.

usage: python3 tests/tools/gen_case.py --seed N --out DIR

Writes DIR/evidence/ (what a responder would have collected) and
DIR/truth.json (what a correct correlation must conclude).  Everything is
drawn from the seed and from nothing else: the same seed gives the same
bytes, a different seed a different incident, and none of it is the
bundled sample's (samples/): another account, region, key, alias, org,
repository, workflow file, people, addresses and dates.

The story
  An organisation signs the release artifacts of one repository with
  cosign and an AWS KMS key (ECC_NIST_P256, ECDSA_SHA_256, DIGEST).  Only
  the release workflow may sign: on a version tag it obtains a session
  with AssumeRoleWithWebIdentity (role session "gha-<run id>", OIDC
  subject repo:<org>/<repo>:ref:refs/tags/<tag>), reads the public key,
  signs one digest per artifact, cosign uploads each signature to Rekor a
  second or three later, and the job uploads the artifacts to the GitHub
  release (asset digest = the signed digest).
  An attacker holds the long-term access key of a retired IAM user.  At a
  seeded moment (before the first release, between two, or after the last)
  they look around, may try to sign as the user (AccessDenied), may widen
  the signing role's trust policy, take a session of the signing role with
  sts:AssumeRole and sign 1-6 digests that no release publishes (all,
  none or some of them uploaded to Rekor), sometimes while a long job of
  the CI workflow happens to run, may give the user a KMS grant and may
  stop CloudTrail, then sign again inside the blind window (only Rekor
  sees those).
  Maybe (seeded) a compromised developer account later pushes a branch
  whose run of the release workflow signs 1-3 files through the widened
  trust and publishes nothing, on a hosted or a self-hosted runner; the
  account may delete that run afterwards (then only CloudTrail's OIDC
  subject names the branch).
  Days later the security team contains it (key disabled or not, grant
  revoked, trust restored), and the attacker may try the grant again.
  Also seeded: the number of releases (3-8) and of artifacts in each
  (1-5), tag style and release candidates, push- or release-triggered
  runs, a release rerun after a failed first attempt, GitHub-hosted or
  self-hosted release runners, the key's creation in the window or not.
  Noise: data-key KMS calls of EC2 and Lambda roles, service AssumeRoles,
  console sign-ins, read-only calls, a CI role used by the CI workflow,
  CI workflow runs (and their jobs, when exported), duplicate deliveries
  and a lookup-events export.

Evidence (all in real formats, as the tools write them):
  evidence/cloudtrail/AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/
      <acct>_CloudTrail_<region>_<YYYYMMDDTHHMMZ>_<16 alnum>.json.gz
      S3 delivery files {"Records":[...]}, 5-minute windows per region,
      records shuffled, gzip with mtime 0;
  evidence/cloudtrail/lookup-events-kms-<date>.json   (some seeds)
  evidence/github_actions/<workflow>-runs.json, <ci>-runs.json
      gh api -X GET repos/<o>/<r>/actions/workflows/<file>/runs
      -f created=<from>..<to> -f per_page=100 --paginate
  evidence/github_actions/jobs-<run id>.json      gh api .../runs/<id>/jobs
  evidence/github_actions/run-<id>-attempt-1.json (a rerun release)
  evidence/github_releases/<org>-<repo>-releases.json
      gh api repos/<o>/<r>/releases --paginate
  evidence/rekor/index-retrieve-publickey.json   POST /api/v1/index/retrieve
  evidence/rekor/entries-retrieve-<date>.json    POST /api/v1/log/entries/
      retrieve: hashedrekord v0.0.1 entries whose public key is the KMS
      key's (a P-256 key derived from the seed, its SubjectPublicKeyInfo
      made by `openssl pkey`), real ECDSA signatures over the digests
      (RFC 6979 nonces, so they are stable; one is checked with `openssl
      pkeyutl -verify`), and inclusion proofs that verify (RFC 6962 leaf
      hash SHA-256(0x00 || canonical body), in a virtual tree of the
      log's size whose subtrees without an entry get pseudo-random hashes).

truth.json
  verdicts        {eventID: accounted | partial | unaccounted} for every
                  successful KMS Sign (release / hijacked run / attacker)
  failed_signs    eventIDs of failed Sign calls (no verdict expected)
  tlog_verdicts   {uuid: unaccounted} for Rekor entries that no CloudTrail
                  record explains (signed inside the blind window)
  digests         {eventID: sha256:<hex>} the digest each Sign with a Rekor
                  entry signed (the pairing's expected result)
  findings_expected / findings_absent   finding kinds that must / must not
                  appear
  story, cast, releases, attacker, hijack, counts: what was generated

Python 3 standard library, plus the openssl CLI.
"""

import argparse
import base64
import bisect
import calendar
import gzip
import hashlib
import hmac
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

# ---------------------------------------------------------------------------
# small helpers

UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
HOUR = 3600
DAY = 86400
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
          "Oct", "Nov", "Dec"]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def iso_ms(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t))


def human(t):
    """AWS's human-readable time in STS responses: Mar 3, 2026, 4:12:09 PM"""
    g = time.gmtime(t)
    h12 = g.tm_hour % 12 or 12
    return "%s %d, %d, %d:%02d:%02d %s" % (
        MONTHS[g.tm_mon - 1], g.tm_mday, g.tm_year, h12, g.tm_min, g.tm_sec,
        "AM" if g.tm_hour < 12 else "PM")


def epoch(y, mo, d, h=0, mi=0, s=0):
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0))


def weekday(t):
    return time.gmtime(t).tm_wday      # 0 Monday .. 6 Sunday


def day_start(t):
    return t - t % DAY


def uuid4(rng):
    v = rng.getrandbits(128)
    v = (v & ~(0xF << 76)) | (0x4 << 76)
    v = (v & ~(0x3 << 62)) | (0x2 << 62)
    h = "%032x" % v
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def rstr(rng, n, alphabet=ALNUM):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rhex(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def sha256hex(text):
    return hashlib.sha256(text.encode()).hexdigest()


def b64(b):
    return base64.b64encode(b).decode()


def canon(obj):
    """Rekor's canonical JSON for these bodies: sorted keys, no spaces."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


def gz(data):
    return gzip.compress(data, compresslevel=6, mtime=0)


# ---------------------------------------------------------------------------
# ECDSA P-256 (FIPS 186-4, Jacobian coordinates) with RFC 6979 nonces

P = 2**256 - 2**224 + 2**192 + 2**96 - 1
N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
GX = 0x6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296
GY = 0x4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5


def _jdbl(p):
    x, y, z = p
    if z == 0 or y == 0:
        return (0, 1, 0)
    delta = z * z % P
    gamma = y * y % P
    beta = x * gamma % P
    alpha = 3 * (x - delta) * (x + delta) % P
    x3 = (alpha * alpha - 8 * beta) % P
    z3 = ((y + z) * (y + z) - gamma - delta) % P
    y3 = (alpha * (4 * beta - x3) - 8 * gamma * gamma) % P
    return (x3, y3, z3)


def _jadd(p, q):
    if p[2] == 0:
        return q
    if q[2] == 0:
        return p
    x1, y1, z1 = p
    x2, y2, z2 = q
    z1z1, z2z2 = z1 * z1 % P, z2 * z2 % P
    u1, u2 = x1 * z2z2 % P, x2 * z1z1 % P
    s1, s2 = y1 * z2 * z2z2 % P, y2 * z1 * z1z1 % P
    if u1 == u2:
        return _jdbl(p) if s1 == s2 else (0, 1, 0)
    h = (u2 - u1) % P
    i = 4 * h * h % P
    j = h * i % P
    r = 2 * (s2 - s1) % P
    v = u1 * i % P
    x3 = (r * r - j - 2 * v) % P
    y3 = (r * (v - x3) - 2 * s1 * j) % P
    z3 = ((z1 + z2) * (z1 + z2) - z1z1 - z2z2) * h % P
    return (x3, y3, z3)


def ec_mul(k, pt=(GX, GY)):
    acc, base = (0, 1, 0), (pt[0], pt[1], 1)
    for bit in bin(k)[2:]:
        acc = _jdbl(acc)
        if bit == "1":
            acc = _jadd(acc, base)
    x, y, z = acc
    zi = pow(z, -1, P)
    return (x * zi * zi % P, y * zi * zi * zi % P)


def _nonce(d, h1):
    """RFC 6979 section 3.2 with HMAC-SHA-256 (qlen = hlen = 256)."""
    x = d.to_bytes(32, "big")
    h = (int.from_bytes(h1, "big") % N).to_bytes(32, "big")
    v, k = b"\x01" * 32, b"\x00" * 32
    k = hmac.new(k, v + b"\x00" + x + h, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    k = hmac.new(k, v + b"\x01" + x + h, hashlib.sha256).digest()
    v = hmac.new(k, v, hashlib.sha256).digest()
    while True:
        v = hmac.new(k, v, hashlib.sha256).digest()
        t = int.from_bytes(v, "big")
        if 0 < t < N:
            return t
        k = hmac.new(k, v + b"\x00", hashlib.sha256).digest()
        v = hmac.new(k, v, hashlib.sha256).digest()


def _der_uint(v):
    b = v.to_bytes(v.bit_length() // 8 + 1, "big")
    return b"\x02" + bytes([len(b)]) + b


SPKI_P256_PREFIX = bytes.fromhex(
    "3059301306072a8648ce3d020106082a8648ce3d030107034200")


class EcKey:
    """A P-256 key whose private scalar is derived from a label."""

    def __init__(self, label):
        d = hashlib.sha256(b"gen_case.py key " + label.encode()).digest()
        self.d = int.from_bytes(d, "big") % (N - 1) + 1
        self.q = ec_mul(self.d)
        self.spki = SPKI_P256_PREFIX + b"\x04" + \
            self.q[0].to_bytes(32, "big") + self.q[1].to_bytes(32, "big")

    def sec1_der(self):
        """ECPrivateKey (RFC 5915) without the public key, for openssl."""
        return bytes.fromhex("30310201010420") + self.d.to_bytes(32, "big") \
            + bytes.fromhex("a00a06082a8648ce3d030107")

    def sign_digest(self, digest):
        e = int.from_bytes(digest, "big")
        k = _nonce(self.d, digest)
        r = ec_mul(k)[0] % N
        s = pow(k, -1, N) * (e + r * self.d) % N
        body = _der_uint(r) + _der_uint(s)
        return b"\x30" + bytes([len(body)]) + body


def pem(tag, der):
    t = b64(der)
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (
        tag, "\n".join(t[i:i + 64] for i in range(0, len(t), 64)), tag)


def openssl_public_key(key, check_digest, check_sig):
    """The key's SubjectPublicKeyInfo as `openssl pkey -pubout` makes it
    from the private key; checks one signature with `openssl pkeyutl`."""
    with tempfile.TemporaryDirectory() as tmp:
        kf = os.path.join(tmp, "key.der")
        with open(kf, "wb") as f:
            f.write(key.sec1_der())
        try:
            spki = subprocess.run(
                ["openssl", "pkey", "-inform", "DER", "-in", kf, "-pubout",
                 "-outform", "DER"], check=True, capture_output=True).stdout
        except (OSError, subprocess.CalledProcessError) as e:
            sys.exit("gen_case.py: openssl pkey failed: %s" % e)
        if spki != key.spki:
            sys.exit("gen_case.py: openssl and the generator disagree on "
                     "the public key")
        pf, df, sf = (os.path.join(tmp, n) for n in ("pub.pem", "dg", "sig"))
        with open(pf, "w") as f:
            f.write(pem("PUBLIC KEY", spki))
        with open(df, "wb") as f:
            f.write(check_digest)
        with open(sf, "wb") as f:
            f.write(check_sig)
        r = subprocess.run(["openssl", "pkeyutl", "-verify", "-pubin",
                            "-inkey", pf, "-in", df, "-sigfile", sf],
                           capture_output=True)
        if r.returncode != 0:
            sys.exit("gen_case.py: openssl rejects a generated signature")
    return spki


# ---------------------------------------------------------------------------
# RFC 6962 Merkle tree with a few known leaves among many unknown ones

def node_hash(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


class VirtualTree:
    def __init__(self, salt):
        self.idx = []
        self.leaf = {}
        self.salt = salt
        self.memo = {}

    def add(self, index, leaf_hash):
        bisect.insort(self.idx, index)
        self.leaf[index] = leaf_hash
        self.memo.clear()

    def _has(self, lo, hi):
        i = bisect.bisect_left(self.idx, lo)
        return i < len(self.idx) and self.idx[i] < hi

    def mth(self, lo, n):
        """MTH(D[lo:lo+n]); subtrees without a known leaf are stand-ins."""
        if not self._has(lo, lo + n):
            return hashlib.sha256(b"virtual subtree %s %d %d" % (
                self.salt, lo, n)).digest()
        if n == 1:
            return self.leaf[lo]
        h = self.memo.get((lo, n))
        if h is None:
            k = 1 << ((n - 1).bit_length() - 1)
            h = node_hash(self.mth(lo, k), self.mth(lo + k, n - k))
            self.memo[(lo, n)] = h
        return h

    def path(self, m, lo, n):
        """PATH(m, D[lo:lo+n]) of RFC 6962 section 2.1.1, leaf first."""
        if n == 1:
            return []
        k = 1 << ((n - 1).bit_length() - 1)
        if m < k:
            return self.path(m, lo, k) + [self.mth(lo + k, n - k)]
        return self.path(m - k, lo + k, n - k) + [self.mth(lo, k)]


def verify_inclusion(leaf, index, size, path, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


# ---------------------------------------------------------------------------
# word lists (none of them is the sample's acme / widget / ci-legacy)

ORG_A = ["north", "blue", "iron", "silver", "quiet", "bright", "stone",
         "cedar", "polar", "amber", "swift", "lumen", "terra", "vector",
         "orbit", "pine", "echo", "nova", "harbor", "granite", "copper",
         "maple", "falcon", "river"]
ORG_B = ["wind", "forge", "labs", "works", "field", "peak", "bridge", "grid",
         "line", "soft", "systems", "cloud", "stack", "scale", "point", "gate",
         "craft", "yard"]
REPOS = ["ledger", "relay", "beacon", "quarry", "lantern", "compass", "anvil",
         "tessera", "kestrel", "manifold", "sprocket", "parcel", "zephyr",
         "halyard", "cobalt", "finch", "tarn", "mosaic", "ripple", "gantry",
         "pylon", "sextant", "trellis", "cinder"]
WORKFLOWS = [("publish.yml", "Publish"), ("cd.yaml", "CD"),
             ("build-release.yml", "Build and release"), ("ship.yml", "Ship"),
             ("goreleaser.yml", "goreleaser"),
             ("sign-and-release.yml", "Sign and release"),
             ("release-artifacts.yaml", "Release artifacts"),
             ("tag-release.yml", "Tag release")]
CI_WORKFLOWS = [("ci.yml", "CI"), ("test.yml", "Tests"),
                ("checks.yaml", "Checks"), ("pr.yml", "Pull request")]
SIGN_JOBS = ["sign-and-publish", "sign", "release", "publish", "sign-upload"]
FIRST = ["Ana", "Bilal", "Chiara", "Dmitri", "Elif", "Femi", "Greta", "Hiro",
         "Ines", "Jonas", "Kavya", "Lukas", "Maren", "Nikhil", "Olga",
         "Pedro", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen",
         "Yara"]
LAST = ["Almeida", "Brandt", "Castillo", "Dubois", "Eriksen", "Fischer",
        "Gallo", "Hansen", "Ibrahim", "Jovanovic", "Kowal", "Lindgren",
        "Moreau", "Novak", "Okafor", "Petrov", "Quist", "Rossi", "Sato",
        "Tanaka", "Varga", "Weber", "Young", "Zhou"]
LEAKED_USERS = ["deploy-legacy", "jenkins-builder", "svc-packer",
                "terraform-old", "buildbot", "artifact-sync", "release-bot-v1",
                "bamboo-agent", "teamcity-ci", "ops-automation"]
ATTACKER_SESSIONS = ["maintenance", "terraform", "ops-audit", "sync-task",
                     "aws-go-sdk-%d", "botocore-session-%d", "i-0%s",
                     "prod-hotfix", "backup-verify", "admin"]
BRANCHES = ["ci-debug", "fix/release-cache", "test-signing", "feature/sbom",
            "tmp-build", "chore/bump-cosign", "experiment/arm64",
            "dependabot/github_actions/sigstore/cosign-installer-3.7.0"]
REGIONS = ["us-east-1", "us-east-2", "us-west-2", "eu-central-1",
           "eu-west-2", "eu-north-1", "ap-southeast-2", "ap-northeast-1",
           "ca-central-1", "sa-east-1", "ap-south-1"]
HOSTED_PREFIXES = ["20.57", "20.102", "4.175", "13.64", "40.84", "52.234",
                   "20.168", "172.200", "4.227", "20.14", "52.173", "20.9"]
ATTACKER_NETS = ["185.220.100", "185.220.102", "45.153.160", "193.189.100",
                 "104.244.76", "91.219.236", "23.129.64", "179.43.182",
                 "198.98.51", "5.255.99"]
AWS_CLI = "aws-cli/2.%d.%d md/awscrt#0.%d.%d ua/2.0 os/linux#%s md/arch#x86_64 " \
    "lang/python#3.12.%d md/pyimpl#CPython cfg/retry-mode#standard " \
    "md/installer#exe md/distrib#%s prompt/off command/%s"
COSIGN_UA = "aws-sdk-go-v2/1.%d.%d os/linux lang/go#1.%d.%d md/GOOS#linux " \
    "md/GOARCH#amd64 api/kms#1.%d.%d"
CAC_UA = "aws-sdk-js/3.%d.0 ua/2.1 os/linux#6.%d.0-1%03d-azure lang/js " \
    "md/nodejs#20.%d.0 api/sts#3.%d.0 m/E configure-aws-credentials-for-" \
    "github-actions"
BOTO_UA = "Boto3/1.%d.%d md/Botocore#1.%d.%d ua/2.0 os/linux#5.10.%d-%d." \
    "amzn2.x86_64 md/arch#x86_64 lang/python#3.11.%d md/pyimpl#CPython " \
    "cfg/retry-mode#legacy Botocore/1.%d.%d"
CONSOLE_UA = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) " \
    "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.%d Safari/605.1.15"


# ---------------------------------------------------------------------------
# AWS principals and CloudTrail records

class Principal:
    def __init__(self, acct, kind, name, rng, prefix):
        self.kind, self.name = kind, name
        self.pid = prefix + rstr(rng, 17, UPPER_ALNUM)
        self.arn = "arn:aws:iam::%s:%s/%s" % (acct, kind, name)
        self.acct = acct


class Session:
    """Temporary credentials of an assumed role."""

    def __init__(self, role, name, created, key, web=False, ec2=False):
        self.role, self.name, self.created = role, name, created
        self.key, self.web, self.ec2 = key, web, ec2

    @property
    def arn(self):
        return "arn:aws:sts::%s:assumed-role/%s/%s" % (
            self.role.acct, self.role.name, self.name)

    def identity(self, oidc_arn=None):
        ctx = {"sessionIssuer": {"type": "Role", "principalId": self.role.pid,
                                 "arn": self.role.arn,
                                 "accountId": self.role.acct,
                                 "userName": self.role.name},
               "webIdFederationData": ({"federatedProvider": oidc_arn,
                                        "attributes": {}}
                                       if self.web and oidc_arn else {}),
               "attributes": {"creationDate": iso(self.created),
                              "mfaAuthenticated": "false"}}
        if self.ec2:
            ctx["ec2RoleDelivery"] = "2.0"
        return {"type": "AssumedRole",
                "principalId": "%s:%s" % (self.role.pid, self.name),
                "arn": self.arn, "accountId": self.role.acct,
                "accessKeyId": self.key, "sessionContext": ctx}


def iam_user_identity(user, key, console_since=None):
    ident = {"type": "IAMUser", "principalId": user.pid, "arn": user.arn,
             "accountId": user.acct}
    if key:
        ident["accessKeyId"] = key
    ident["userName"] = user.name
    if console_since is not None:
        ident["sessionContext"] = {
            "sessionIssuer": {}, "webIdFederationData": {},
            "attributes": {"creationDate": iso(console_since),
                           "mfaAuthenticated": "true"}}
    return ident


EVENT_VERSION = {"kms.amazonaws.com": "1.09", "sts.amazonaws.com": "1.08",
                 "iam.amazonaws.com": "1.09", "signin.amazonaws.com": "1.09",
                 "cloudtrail.amazonaws.com": "1.09"}


def ct_record(rng, acct, t, source, name, region, ident, ip, ua, req, resp,
              read_only, error=None, resources=None, extra=None,
              event_type="AwsApiCall", request_id=True, shared=False,
              tls_host=None, console=False, vpce=None):
    """One CloudTrail record, keys in the order CloudTrail writes them."""
    r = {"eventVersion": EVENT_VERSION.get(source, "1.08"),
         "userIdentity": ident, "eventTime": iso(t), "eventSource": source,
         "eventName": name, "awsRegion": region, "sourceIPAddress": ip,
         "userAgent": ua}
    if error:
        r["errorCode"], r["errorMessage"] = error
    r["requestParameters"] = req
    r["responseElements"] = resp
    if extra is not None:
        r["additionalEventData"] = extra
    if request_id:
        r["requestID"] = uuid4(rng)
    r["eventID"] = uuid4(rng)
    r["readOnly"] = read_only
    if resources:
        r["resources"] = resources
    r["eventType"] = event_type
    r["managementEvent"] = True
    r["recipientAccountId"] = acct
    if shared:
        r["sharedEventID"] = uuid4(rng)
    if vpce:
        r["vpcEndpointId"] = vpce
    r["eventCategory"] = "Management"
    if tls_host:
        r["tlsDetails"] = {"tlsVersion": "TLSv1.3",
                           "cipherSuite": "TLS_AES_128_GCM_SHA256",
                           "clientProvidedHostHeader": tls_host}
    if console:
        r["sessionCredentialFromConsole"] = "true"
    return r


def session_token(rng, n=356):
    return "IQoJb3JpZ2luX2VjE" + b64(rng.randbytes(n * 3 // 4))


# ---------------------------------------------------------------------------
# GitHub objects

API = "https://api.github.com"


_USERS = {}


def gh_user(login, uid, kind="User"):
    """A user object as the API embeds it (shared: never modified)."""
    u = _USERS.get((login, uid, kind))
    if u is None:
        u = _USERS[(login, uid, kind)] = _gh_user(login, uid, kind)
    return u


def _gh_user(login, uid, kind):
    enc = login.replace("[", "%5B").replace("]", "%5D")
    base = "%s/users/%s" % (API, enc)
    return {"login": login, "id": uid,
            "node_id": b64(("04:%s%d" % (kind, uid)).encode()).rstrip("="),
            "avatar_url": ("https://avatars.githubusercontent.com/in/15368?v=4"
                           if kind == "Bot" else
                           "https://avatars.githubusercontent.com/u/%d?v=4"
                           % uid),
            "gravatar_id": "", "url": base,
            "html_url": ("https://github.com/apps/github-actions"
                         if kind == "Bot" else "https://github.com/" + login),
            "followers_url": base + "/followers",
            "following_url": base + "/following{/other_user}",
            "gists_url": base + "/gists{/gist_id}",
            "starred_url": base + "/starred{/owner}{/repo}",
            "subscriptions_url": base + "/subscriptions",
            "organizations_url": base + "/orgs",
            "repos_url": base + "/repos",
            "events_url": base + "/events{/privacy}",
            "received_events_url": base + "/received_events",
            "type": kind, "user_view_type": "public", "site_admin": False}


BOT = ("github-actions[bot]", 41898282)

REPO_URLS = [("forks_url", "/forks"), ("keys_url", "/keys{/key_id}"),
             ("collaborators_url", "/collaborators{/collaborator}"),
             ("teams_url", "/teams"), ("hooks_url", "/hooks"),
             ("issue_events_url", "/issues/events{/number}"),
             ("events_url", "/events"), ("assignees_url", "/assignees{/user}"),
             ("branches_url", "/branches{/branch}"), ("tags_url", "/tags"),
             ("blobs_url", "/git/blobs{/sha}"),
             ("git_tags_url", "/git/tags{/sha}"),
             ("git_refs_url", "/git/refs{/sha}"),
             ("trees_url", "/git/trees{/sha}"),
             ("statuses_url", "/statuses/{sha}"),
             ("languages_url", "/languages"),
             ("stargazers_url", "/stargazers"),
             ("contributors_url", "/contributors"),
             ("subscribers_url", "/subscribers"),
             ("subscription_url", "/subscription"),
             ("commits_url", "/commits{/sha}"),
             ("git_commits_url", "/git/commits{/sha}"),
             ("comments_url", "/comments{/number}"),
             ("issue_comment_url", "/issues/comments{/number}"),
             ("contents_url", "/contents/{+path}"),
             ("compare_url", "/compare/{base}...{head}"),
             ("merges_url", "/merges"),
             ("archive_url", "/{archive_format}{/ref}"),
             ("downloads_url", "/downloads"),
             ("issues_url", "/issues{/number}"),
             ("pulls_url", "/pulls{/number}"),
             ("milestones_url", "/milestones{/number}"),
             ("notifications_url",
              "/notifications{?since,all,participating}"),
             ("labels_url", "/labels{/name}"),
             ("releases_url", "/releases{/id}"),
             ("deployments_url", "/deployments")]


def gh_repo(org, org_id, repo, repo_id, desc):
    full = "%s/%s" % (org, repo)
    base = "%s/repos/%s" % (API, full)
    r = {"id": repo_id,
         "node_id": "R_kgDO" + b64(repo_id.to_bytes(5, "big")).rstrip("="),
         "name": repo, "full_name": full, "private": True,
         "owner": gh_user(org, org_id, "Organization"),
         "html_url": "https://github.com/" + full, "description": desc,
         "fork": False, "url": base}
    for k, suffix in REPO_URLS:
        r[k] = base + suffix
    return r


def node_id(rng, prefix, n=16):
    return prefix + rstr(rng, n, ALNUM)


# ---------------------------------------------------------------------------
# the case

class Case:
    """Everything of one seeded incident."""

    def __init__(self, seed):
        self.seed = seed
        self.rng = random.Random("gen_case.py %d" % seed)
        self.ct = []              # (t, region, record)
        self.runs = {}            # workflow file -> [run dict]
        self.jobs = {}            # (run id, attempt or None) -> [job dict]
        self.extra_runs = []      # (file name, run dict)
        self.releases = []        # release dicts (GitHub shape)
        self.tlog = []            # signatures logged in Rekor
        self.verdicts = {}
        self.digests = {}
        self.failed_signs = []
        self.tlog_verdicts = {}
        self.story = []
        self.admin_events = 0
        self.failures = []        # (time, actor) of failed Sign calls
        self.hijack_info = None
        self.public_key = None
        self.rekor_entries = []
        self.ids = set()              # GitHub ids handed out
        self.release_first_sign = []  # when each release's first Sign is

    # -- random helpers
    def ri(self, a, b):
        return self.rng.randint(a, b)

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p):
        return self.rng.random() < p

    def note(self, t, text):
        self.story.append((t, text))

    # -- CloudTrail
    def rec(self, t, source, name, region, ident, ip, ua, req, resp,
            read_only, **kw):
        r = ct_record(self.rng, self.acct, t, source, name, region, ident,
                      ip, ua, req, resp, read_only, **kw)
        self.ct.append((t, region, r))
        return r

    def key_resources(self):
        return [{"accountId": self.acct, "type": "AWS::KMS::Key",
                 "ARN": self.key_arn}]

    def role_resources(self, role):
        return [{"accountId": self.acct, "type": "AWS::IAM::Role",
                 "ARN": role.arn}]

    def new_session_key(self):
        return "ASIA" + rstr(self.rng, 16, UPPER_ALNUM)

    def cli_ua(self, command):
        return AWS_CLI % (self.ri(13, 22), self.ri(0, 40), self.ri(19, 23),
                          self.ri(0, 9), "6.%d.0-%d-generic" % (
                              self.ri(1, 11), self.ri(10, 60)),
                          self.ri(1, 9), self.pick(["ubuntu.24", "debian.12",
                                                    "kali.2025"]), command)

    # -----------------------------------------------------------------------
    def build(self):
        self.cast()
        self.timeline()
        self.releases_and_runs()
        self.attack()
        if self.hijack:
            self.hijacked_run()
        self.containment()
        self.key_history()
        self.ci_noise()
        self.aws_noise()
        self.apply_gap()
        self.rekor()
        self.findings()

    # -----------------------------------------------------------------------
    def cast(self):
        rng = self.rng
        while True:
            self.acct = "%d" % self.ri(100000000000, 999999999999)
            if self.acct != "210987654321":
                break
        self.region = self.pick(REGIONS)
        self.org = self.pick(ORG_A) + self.pick(ORG_B)
        if self.chance(0.3):
            self.org += "-" + self.pick(["io", "hq", "oss", "dev"])
        self.repo = self.pick(REPOS)
        self.full = "%s/%s" % (self.org, self.repo)
        self.org_id = self.ri(20000000, 190000000)
        self.repo_id = self.ri(300000000, 990000000)
        self.repo_obj = gh_repo(self.org, self.org_id, self.repo,
                                self.repo_id, "%s: %s" % (
                                    self.repo, self.pick([
                                        "command-line tool and SDK",
                                        "release tooling and packages",
                                        "the %s agent" % self.repo,
                                        "server and client binaries"])))
        self.workflow, self.workflow_name = self.pick(WORKFLOWS)
        self.workflow_path = ".github/workflows/" + self.workflow
        self.workflow_id = self.ri(60000000, 160000000)
        self.ci_workflow, self.ci_workflow_name = self.pick(CI_WORKFLOWS)
        self.ci_workflow_id = self.workflow_id + self.ri(1, 40)
        self.sign_job = self.pick(SIGN_JOBS)
        self.key_id = uuid4(rng)
        self.key_arn = "arn:aws:kms:%s:%s:key/%s" % (self.region, self.acct,
                                                      self.key_id)
        self.alias = "alias/" + self.pick([
            "%s-release", "%s-signing", "%s-cosign", "release-signing-%s",
            "%s-artifacts"]) % self.repo
        self.alias_arn = "arn:aws:kms:%s:%s:%s" % (self.region, self.acct,
                                                    self.alias)
        self.data_key_arn = "arn:aws:kms:%s:%s:key/%s" % (
            self.region, self.acct, uuid4(rng))
        self.oidc = "arn:aws:iam::%s:oidc-provider/token.actions." \
            "githubusercontent.com" % self.acct
        a = self.acct
        self.signer = Principal(a, "role", self.pick([
            "%s-release-signer", "%s-cosign", "gha-%s-signing",
            "%s-kms-sign"]) % self.repo, rng, "AROA")
        self.ci_role = Principal(a, "role", "%s-ci" % self.repo, rng, "AROA")
        self.app_role = Principal(a, "role", "%s-app" % self.repo, rng,
                                  "AROA")
        self.lambda_role = Principal(a, "role", "%s-events-fn" % self.repo,
                                     rng, "AROA")
        self.auto_role = Principal(a, "role", "security-remediation", rng,
                                   "AROA")
        self.leaked = Principal(a, "user", self.pick(LEAKED_USERS), rng,
                                "AIDA")
        self.leaked.key = "AKIA" + rstr(rng, 16, UPPER_ALNUM)
        people = rng.sample(range(len(FIRST)), 5)
        self.people = [(FIRST[i], self.pick(LAST)) for i in people]
        mk = lambda fl: (fl[0][0] + fl[1]).lower()
        self.maintainer = mk(self.people[0])
        self.secadmin = Principal(a, "user", "%s.%s" % (
            self.people[1][0].lower(), self.people[1][1].lower()), rng,
            "AIDA")
        self.secadmin.key = "AKIA" + rstr(rng, 16, UPPER_ALNUM)
        self.devs = [mk(p) for p in self.people[2:]]
        self.gh_ids = {u: self.ri(1000000, 99000000)
                       for u in [self.maintainer] + self.devs}
        self.office_ip = "%s.%d" % (self.pick(["198.51.100", "203.0.113",
                                               "192.0.2"]), self.ri(2, 250))
        self.jenkins_ip = "%s.%d" % (self.pick(["198.51.100", "203.0.113"]),
                                     self.ri(2, 250))
        while True:
            self.attacker_ip = "%s.%d" % (self.pick(ATTACKER_NETS),
                                          self.ri(2, 254))
            if self.attacker_ip != "185.220.101.47":
                break
        self.attacker_distro = "kali.2025" if self.chance(0.5) else \
            "ubuntu.22"
        self.trail = "%s-%s" % (self.org, self.pick(["org-trail",
                                                     "management-events",
                                                     "audit"]))
        self.trail_region = self.pick(["us-east-1", self.region])
        self.trail_arn = "arn:aws:cloudtrail:%s:%s:trail/%s" % (
            self.trail_region, self.acct, self.trail)
        # the release pipeline's runners
        self.self_hosted = self.chance(0.3)
        if self.self_hosted:
            n = self.ri(2, 3)
            base = self.pick(["rel-runner", "signing-runner", "gh-release"])
            self.pool = ["%s-%02d" % (base, i + 1) for i in range(n)]
            self.pool_ip = "%s.%d" % (self.pick(["203.0.113", "198.51.100"]),
                                      self.ri(2, 250))
            self.pool_ids = {p: self.ri(3, 60) for p in self.pool}
        self.product_artifacts()
        # the Rekor log
        self.log_key = EcKey("rekor stand-in log key %d" % self.seed)
        self.log_id = hashlib.sha256(self.log_key.spki).hexdigest()
        self.tree_id = self.rng.getrandbits(62) | (1 << 61)
        self.kms_key = EcKey("kms %s" % self.key_arn)

    def product_artifacts(self):
        r = self.repo
        pool = ["%s-linux-amd64.tar.gz" % r, "%s-linux-arm64.tar.gz" % r,
                "%s-darwin-arm64.tar.gz" % r, "%s-darwin-amd64.tar.gz" % r,
                "%s-windows-amd64.zip" % r, "%s_{V}_amd64.deb" % r,
                "%s-{V}-1.x86_64.rpm" % r, "%s-{V}.spdx.json" % r,
                "SHA256SUMS"]
        self.rng.shuffle(pool)
        self.artifact_pool = pool

    # -----------------------------------------------------------------------
    def timeline(self):
        y = self.ri(2025, 2027)
        mo = self.ri(1, 12) if y < 2027 else self.ri(1, 6)
        self.t_begin = epoch(y, mo, self.ri(1, 28))
        self.n_releases = self.ri(3, 8)
        t = self.t_begin + self.ri(6, 15) * DAY
        rel = []
        for i in range(self.n_releases):
            if i:
                t = day_start(t) + self.ri(4, 30) * DAY
            while weekday(t) >= 5:
                t += DAY
            t = day_start(t) + self.ri(7, 17) * HOUR + self.ri(0, 3599)
            rel.append(t)
        self.release_times = rel
        self.attack_mode = self.pick(["before", "between", "after"])
        if self.attack_mode == "before":
            ta = day_start(rel[0]) - self.ri(1, 4) * DAY
            ta += self.ri(0, 23) * HOUR + self.ri(0, 3599)
            ta = min(ta, rel[0] - 8 * HOUR)
        elif self.attack_mode == "between":
            i = self.ri(0, len(rel) - 2)
            lo, hi = rel[i] + 6 * HOUR, rel[i + 1] - 20 * HOUR
            ta = self.ri(lo, hi)
        else:
            ta = rel[-1] + self.ri(6 * HOUR, 10 * DAY)
        self.t_attack = ta
        # or right before a release's signatures, without Rekor uploads
        if self.chance(0.12):
            self.attack_mode = "during"
        self.hijack = self.chance(0.5)
        self.n_attack_signs = self.ri(1, 6)
        # cosign uploads to Rekor unless told not to: always, never, or
        # for some of the signatures (--tlog-upload=false on the others)
        x = self.rng.random()
        self.attacker_tlog = "all" if x < 0.5 else "none" if x < 0.8 \
            else "some"
        self.stop_logging = self.chance(0.35)
        if self.attack_mode == "during":
            self.attacker_tlog, self.stop_logging = "none", False
        self.grant = self.chance(0.45)
        self.trust_change = self.hijack or self.chance(0.7)
        self.denied_before = self.pick([0, 0, 1, 2, 3, 4])
        self.key_creation = self.chance(0.5)
        self.all_jobs = self.chance(0.5)
        # the attacker signs while a CI job of the other workflow runs
        self.ci_overlap = self.chance(0.25) and self.attack_mode != "during"
        if self.ci_overlap:
            self.all_jobs = True
        self.trigger = "release" if self.chance(0.25) else "push"
        self.rerun = self.ri(0, self.n_releases - 1) if self.chance(0.25) \
            else None

    # -----------------------------------------------------------------------
    def unique(self, lo, hi):
        """An id in [lo, hi] (the next free one after a collision)."""
        v = self.ri(lo, hi)
        while v in self.ids:
            v += 1
        self.ids.add(v)
        return v

    def run_id_at(self, t):
        base = 9300000000 + (t - 1735689600) * 38
        return self.unique(base, base + 37)

    def job_id_at(self, t):
        base = 33000000000 + (t - 1735689600) * 104
        return self.unique(base, base + 99)

    def hosted_runner(self):
        n = self.ri(1, 1000)
        return {"name": "GitHub Actions %d" % n, "id": n,
                "labels": [self.pick(["ubuntu-latest", "ubuntu-24.04",
                                      "ubuntu-22.04"])],
                "group": ("GitHub Actions", 2), "ip": "%s.%d.%d" % (
                    self.pick(HOSTED_PREFIXES), self.ri(1, 254),
                    self.ri(1, 254))}

    def pool_runner(self, name=None):
        name = name or self.pick(self.pool)
        return {"name": name, "id": self.pool_ids[name],
                "labels": ["self-hosted", "linux", "x64", "release"],
                "group": ("release", 3), "ip": self.pool_ip}

    def commit(self):
        return rhex(self.rng, 40)

    def make_run(self, wf, wf_name, wf_id, run_id, number, branch, sha,
                 event, actor, t_created, t_started, t_updated, conclusion,
                 title, attempt=1):
        rng = self.rng
        base = "%s/repos/%s/actions/runs/%d" % (API, self.full, run_id)
        actor_obj = gh_user(actor, self.gh_ids[actor])
        return {
            "id": run_id, "name": wf_name,
            "node_id": node_id(rng, "WFR_kwLO", 20),
            "head_branch": branch, "head_sha": sha,
            "path": ".github/workflows/" + wf, "display_title": title,
            "run_number": number, "event": event, "status": "completed",
            "conclusion": conclusion, "workflow_id": wf_id,
            "check_suite_id": run_id * 2 + self.ri(0, 999),
            "check_suite_node_id": node_id(rng, "CS_kwDO", 20),
            "url": base, "html_url": "https://github.com/%s/actions/runs/%d"
            % (self.full, run_id),
            "pull_requests": [], "created_at": iso(t_created),
            "updated_at": iso(t_updated), "actor": actor_obj,
            "run_attempt": attempt, "referenced_workflows": [],
            "run_started_at": iso(t_started),
            "triggering_actor": actor_obj,
            "jobs_url": base + "/jobs", "logs_url": base + "/logs",
            "check_suite_url": "%s/repos/%s/check-suites/%d" % (
                API, self.full, run_id * 2),
            "artifacts_url": base + "/artifacts",
            "cancel_url": base + "/cancel", "rerun_url": base + "/rerun",
            "previous_attempt_url": (base + "/attempts/%d" % (attempt - 1)
                                     if attempt > 1 else None),
            "workflow_url": "%s/repos/%s/actions/workflows/%d" % (
                API, self.full, wf_id),
            "head_commit": {"id": sha, "tree_id": self.commit(),
                            "message": title, "timestamp": iso(
                                t_created - self.ri(30, 4000)),
                            "author": self.author(actor),
                            "committer": self.author(actor)},
            "repository": self.repo_obj, "head_repository": self.repo_obj}

    def author(self, login):
        if login.endswith("[bot]"):
            return {"name": login, "email": "49699333+%s@users.noreply."
                    "github.com" % login}
        for f, l in self.people:
            if (f[0] + l).lower() == login:
                return {"name": "%s %s" % (f, l),
                        "email": "%s@%s.example" % (login, self.org)}
        return {"name": login, "email": "%s@%s.example" % (login, self.org)}

    def make_job(self, run_id, attempt, name, branch, sha, wf_name, runner,
                 t_created, steps, conclusion="success"):
        """steps: [(name, start, end, conclusion)]; the job spans them."""
        jid = self.job_id_at(t_created)
        st = []
        for i, (sn, a, b, c) in enumerate(steps):
            st.append({"name": sn, "status": "completed", "conclusion": c,
                       "number": i + 1, "started_at": iso_ms(a),
                       "completed_at": iso_ms(b)})
        return {"id": jid, "run_id": run_id, "workflow_name": wf_name,
                "head_branch": branch,
                "run_url": "%s/repos/%s/actions/runs/%d" % (API, self.full,
                                                            run_id),
                "run_attempt": attempt,
                "node_id": node_id(self.rng, "CR_kwDO", 20), "head_sha": sha,
                "url": "%s/repos/%s/actions/jobs/%d" % (API, self.full, jid),
                "html_url": "https://github.com/%s/actions/runs/%d/job/%d" % (
                    self.full, run_id, jid),
                "status": "completed", "conclusion": conclusion,
                "created_at": iso(t_created),
                "started_at": iso(steps[0][1]),
                "completed_at": iso(steps[-1][2]), "name": name,
                "steps": st,
                "check_run_url": "%s/repos/%s/check-runs/%d" % (
                    API, self.full, jid),
                "labels": runner["labels"], "runner_id": runner["id"],
                "runner_name": runner["name"],
                "runner_group_id": runner["group"][1],
                "runner_group_name": runner["group"][0]}

    def build_job(self, run_id, attempt, branch, sha, wf_name, runner, t0,
                  fail=False):
        """The build job of a release-workflow run, from t0; its end."""
        steps, t = [], t0
        names = ["Set up job", "Run actions/checkout@v4",
                 "Run actions/setup-go@v5", "Build", "Test",
                 "Run actions/upload-artifact@v4",
                 "Post Run actions/checkout@v4", "Complete job"]
        for i, sn in enumerate(names):
            d = self.ri(1, 3) if sn not in ("Build", "Test") else \
                self.ri(30, 200)
            c = "success"
            if fail and sn == "Test":
                c = "failure"
            elif fail and i > names.index("Test") and not sn.startswith(
                    ("Post", "Complete")):
                c, d = "skipped", 0
            steps.append((sn, t, t + d, c))
            t += d
        job = self.make_job(run_id, attempt, "build", branch, sha, wf_name,
                            runner, t0 - self.ri(1, 4), steps,
                            "failure" if fail else "success")
        return job, t

    # -----------------------------------------------------------------------
    def version_tags(self):
        prefix = "v" if self.chance(0.85) else ""
        ma, mi, pa = self.ri(0, 6), self.ri(0, 30), self.ri(0, 4)
        tags, pre = [], []
        for i in range(self.n_releases):
            if i:
                x = self.rng.random()
                if x < 0.6:
                    pa += 1
                elif x < 0.92:
                    mi, pa = mi + 1, 0
                else:
                    ma, mi, pa = ma + 1, 0, 0
            v = "%d.%d.%d" % (ma, mi, pa)
            is_pre = i < self.n_releases - 1 and self.chance(0.12)
            if is_pre:
                v += "-rc.%d" % self.ri(1, 3)
            tags.append(prefix + v)
            pre.append(is_pre)
        return tags, pre

    def assume_web(self, t, sub, role, name, ip, ua, duration=3600):
        sess = Session(role, name, t, self.new_session_key(), web=True)
        resp = {"credentials": {"accessKeyId": sess.key,
                                "sessionToken": session_token(self.rng),
                                "expiration": human(t + duration)},
                "subjectFromWebIdentityToken": sub,
                "audience": "sts.amazonaws.com", "provider": self.oidc,
                "assumedRoleUser": {"assumedRoleId": "%s:%s" % (role.pid,
                                                                 name),
                                    "arn": sess.arn}}
        ident = {"type": "WebIdentityUser",
                 "principalId": "%s:sts.amazonaws.com:%s" % (self.oidc, sub),
                 "userName": sub, "identityProvider": self.oidc}
        self.rec(t, "sts.amazonaws.com", "AssumeRoleWithWebIdentity",
                 self.region, ident, ip, ua,
                 {"roleArn": role.arn, "roleSessionName": name,
                  "durationSeconds": duration}, resp, True,
                 extra={"identityProviderConnectionVerificationMethod":
                        "IAMTrustStore"},
                 resources=self.role_resources(role),
                 tls_host="sts.%s.amazonaws.com" % self.region)
        return sess

    def kms_call(self, t, name, ident, ip, ua, req, resp=None, error=None,
                 resources=True, read_only=True):
        return self.rec(t, "kms.amazonaws.com", name, self.region, ident, ip,
                        ua, req, resp, read_only, error=error,
                        resources=self.key_resources() if resources else None,
                        tls_host="kms.%s.amazonaws.com" % self.region)

    def sign_req(self, key, mtype="DIGEST"):
        return {"keyId": key, "signingAlgorithm": "ECDSA_SHA_256",
                "messageType": mtype}

    def cosign_ua(self):
        return COSIGN_UA % (self.ri(24, 36), self.ri(0, 9), self.ri(21, 24),
                            self.ri(0, 9), self.ri(30, 40), self.ri(0, 9))

    def cac_ua(self):
        return CAC_UA % (self.ri(600, 800), self.ri(5, 11), self.ri(10, 99),
                         self.ri(10, 18), self.ri(600, 800))

    def sign_and_log(self, t, ident, ip, ua, key_raw, digest, verdict,
                     tlog=True, who=None):
        """A successful KMS Sign of digest at t, and its Rekor entry."""
        r = self.kms_call(t, "Sign", ident, ip, ua, self.sign_req(key_raw),
                          read_only=True)
        eid = r["eventID"]
        self.verdicts[eid] = verdict
        self.logged_at = t
        if tlog:
            lag = self.ri(1, 3)
            self.logged_at = t + lag
            self.tlog.append({"t": t + lag, "digest": digest,
                              "event_id": eid, "who": who})
            self.digests[eid] = "sha256:" + digest
        return eid

    # -----------------------------------------------------------------------
    def releases_and_runs(self):
        tags, pre = self.version_tags()
        self.tags = tags
        rel_runs = []
        self.release_info = []
        number = self.ri(20, 400)
        for i, (t0, tag, is_pre) in enumerate(zip(self.release_times, tags,
                                                  pre)):
            number += self.ri(1, 6)
            sha = self.commit()
            v = tag.lstrip("v")
            n_art = self.ri(1, 5)
            names = [a.replace("{V}", v) for a in self.artifact_pool[:n_art]]
            # the run (and, for a rerun, its failed first attempt)
            run_id = self.run_id_at(t0)
            created = t0 + self.ri(1, 3)
            attempt = 1
            runner_b = self.pool_runner() if self.self_hosted else \
                self.hosted_runner()
            if self.rerun == i:
                j1, end1 = self.build_job(run_id, 1, tag, sha,
                                          self.workflow_name, runner_b,
                                          created + self.ri(3, 12),
                                          fail=True)
                first = self.make_run(self.workflow, self.workflow_name,
                                      self.workflow_id, run_id, number, tag,
                                      sha, self.trigger, self.maintainer,
                                      created, created, end1 + 2, "failure",
                                      self.title(tag))
                self.extra_runs.append(("run-%d-attempt-1.json" % run_id,
                                        first))
                self.jobs[(run_id, 1)] = [j1]
                attempt = 2
                started = end1 + self.ri(300, 2400)
                runner_b = self.pool_runner() if self.self_hosted else \
                    self.hosted_runner()
            else:
                started = created
            jb, tb = self.build_job(run_id, attempt, tag, sha,
                                    self.workflow_name, runner_b,
                                    started + self.ri(3, 12))
            runner = self.pool_runner() if self.self_hosted else \
                self.hosted_runner()
            js, t_end, signed = self.release_sign_job(
                run_id, attempt, tag, sha, runner, tb + self.ri(3, 10),
                names, is_pre, t0)
            run = self.make_run(self.workflow, self.workflow_name,
                                self.workflow_id, run_id, number, tag, sha,
                                self.trigger, self.maintainer, created,
                                started, t_end + self.ri(1, 3), "success",
                                self.title(tag), attempt)
            rel_runs.append(run)
            self.jobs[(run_id, None)] = [jb, js]
            self.release_info.append({
                "tag": tag, "run_id": str(run_id), "attempt": attempt,
                "session": signed["session"], "runner": runner["name"],
                "artifacts": signed["artifacts"],
                "sign_event_ids": [a["sign_event_id"]
                                   for a in signed["artifacts"]]})
            self.note(t0, "release %s: run %d, %d signature(s)" % (
                tag, run_id, len(names)))
        self.runs[self.workflow] = rel_runs
        self.release_run_numbers = number

    def title(self, tag):
        return self.pick(["Release %s", "%s", "chore(release): %s",
                          "Bump version to %s"]) % tag

    def release_sign_job(self, run_id, attempt, tag, sha, runner, t0, names,
                         is_pre, t_tag):
        """The signing job of a release run: AWS session, GetPublicKey, one
        Sign per artifact, Rekor entries, release assets."""
        steps, t = [], t0

        def step(name, d, c="success"):
            nonlocal t
            steps.append((name, t, t + d, c))
            t += d

        step("Set up job", self.ri(1, 3))
        step("Run actions/checkout@v4", self.ri(1, 3))
        t_cfg = t
        step("Configure AWS credentials", self.ri(3, 6))
        sub = "repo:%s:ref:refs/tags/%s" % (self.full, tag)
        sess = self.assume_web(t_cfg + self.ri(1, 2), sub, self.signer,
                               "gha-%d" % run_id, runner["ip"],
                               self.cac_ua())
        step("Download build artifacts", self.ri(3, 12))
        step("Install cosign", self.ri(4, 15))
        t_sign0 = t
        ident = sess.identity(self.oidc)
        ua = self.cosign_ua()
        ts = t_sign0 + self.ri(1, 2)
        self.kms_call(ts, "GetPublicKey", ident, runner["ip"], ua,
                      {"keyId": self.alias})
        arts = []
        self.logged_at = ts
        for name in names:
            # cosign signs one file after the other: Sign, then the
            # upload to Rekor, then the next file
            ts = max(ts + self.ri(2, 6), self.logged_at + self.ri(0, 3))
            digest = sha256hex("%d %s %s %s" % (self.seed, self.full, tag,
                                                name))
            eid = self.sign_and_log(ts, ident, runner["ip"], ua, self.alias,
                                    digest, "accounted", who="release")
            if not arts:
                self.release_first_sign.append(ts)
            arts.append({"name": name, "digest": "sha256:" + digest,
                         "sign_event_id": eid, "signed_at": iso(ts)})
        t = max(t, ts + self.ri(2, 4))
        steps.append(("Sign artifacts (cosign)", t_sign0, t, "success"))
        t_up = t
        up = t_up + self.ri(1, 3)
        assets = []
        for a in arts:
            up += self.ri(1, 4)
            assets.append((a, up))
        t = up + self.ri(2, 5)
        steps.append(("Upload release assets", t_up, t, "success"))
        published = t - self.ri(0, 1)
        step("Post Configure AWS credentials", self.ri(0, 1))
        step("Post Run actions/checkout@v4", self.ri(0, 1))
        step("Complete job", self.ri(0, 1))
        job = self.make_job(run_id, attempt, self.sign_job, tag, sha,
                            self.workflow_name, runner, t0 - self.ri(1, 4),
                            steps)
        self.release_object(tag, sha, is_pre, t_tag, published, assets)
        return job, t, {"session": "%s/%s" % (sess.key, sess.name),
                        "artifacts": arts}

    def release_object(self, tag, sha, is_pre, t_tag, published, assets):
        rid = self.unique(150000000, 290000000)
        base = "%s/repos/%s/releases" % (API, self.full)
        if self.trigger == "release":
            author = gh_user(self.maintainer, self.gh_ids[self.maintainer])
            published = t_tag
        else:
            author = gh_user(*BOT, kind="Bot")
        bot = gh_user(*BOT, kind="Bot")
        al = []
        for a, t in assets:
            aid = self.unique(200000000, 400000000)
            name = a["name"]
            ctype = ("application/gzip" if name.endswith(".tar.gz") else
                     "application/zip" if name.endswith(".zip") else
                     "application/vnd.debian.binary-package"
                     if name.endswith(".deb") else "application/x-rpm"
                     if name.endswith(".rpm") else "application/json"
                     if name.endswith(".json") else "text/plain")
            al.append({"url": "%s/assets/%d" % (base, aid), "id": aid,
                       "node_id": node_id(self.rng, "RA_kwDO", 18),
                       "name": name, "label": "", "uploader": bot,
                       "content_type": ctype, "state": "uploaded",
                       "size": (self.ri(300, 9000) if name == "SHA256SUMS"
                                else self.ri(2000000, 40000000)),
                       "digest": a["digest"],
                       "download_count": self.ri(0, 900),
                       "created_at": iso(t), "updated_at": iso(t + 1),
                       "browser_download_url":
                       "https://github.com/%s/releases/download/%s/%s" % (
                           self.full, tag, name)})
        self.releases.append({
            "url": "%s/%d" % (base, rid),
            "assets_url": "%s/%d/assets" % (base, rid),
            "upload_url": "https://uploads.github.com/repos/%s/releases/%d/"
            "assets{?name,label}" % (self.full, rid),
            "html_url": "https://github.com/%s/releases/tag/%s" % (self.full,
                                                                    tag),
            "id": rid, "author": author,
            "node_id": node_id(self.rng, "RE_kwDO", 18), "tag_name": tag,
            "target_commitish": self.pick(["main", sha]),
            "name": "%s %s" % (self.repo, tag.lstrip("v")),
            "draft": False, "immutable": False, "prerelease": is_pre,
            "created_at": iso(t_tag - self.ri(60, 3000)),
            "published_at": iso(published), "assets": al,
            "tarball_url": "%s/repos/%s/tarball/%s" % (API, self.full, tag),
            "zipball_url": "%s/repos/%s/zipball/%s" % (API, self.full, tag),
            "body": "## What's Changed\n* %s\n\n**Full Changelog**: "
            "https://github.com/%s/commits/%s" % (
                self.pick(["Fix flaky retries", "Add arm64 builds",
                           "Update dependencies", "Faster start-up"]),
                self.full, tag)})

    # -----------------------------------------------------------------------
    def attack(self):
        if self.attack_mode == "during":
            # the signatures come seconds before a release's first one
            i = self.ri(0, len(self.release_first_sign) - 1)
            target = self.release_first_sign[i] - self.ri(3, 20)
            self.t_attack = target - 20 * self.n_attack_signs - 1500
            self.during = (self.release_info[i]["tag"], target)
        t = self.t_attack
        u, key = self.leaked, self.leaked.key
        ip = self.attacker_ip
        uid = iam_user_identity(u, key)

        def ua(cmd):
            return self.cli_ua(cmd)

        glob = "us-east-1"
        # reconnaissance (out of scope, but real)
        self.rec(t, "sts.amazonaws.com", "GetCallerIdentity", glob, uid, ip,
                 ua("sts.get-caller-identity"), None, None, True,
                 tls_host="sts.amazonaws.com")
        t += self.ri(15, 90)
        for name in ("ListKeys", "ListAliases"):
            self.rec(t, "kms.amazonaws.com", name, self.region, uid, ip,
                     ua("kms.%s" % ("list-keys" if name == "ListKeys" else
                                    "list-aliases")),
                     {"limit": 100} if name == "ListKeys" else None, None,
                     True, tls_host="kms.%s.amazonaws.com" % self.region)
            t += self.ri(5, 30)
        self.kms_call(t, "DescribeKey", uid, ip, ua("kms.describe-key"),
                      {"keyId": self.alias})
        key_raw = self.pick([self.alias, self.key_id, self.key_arn])
        for i in range(self.denied_before):
            t += self.ri(2, 20)
            r = self.kms_call(
                t, "Sign", uid, ip, ua("kms.sign"), self.sign_req(key_raw),
                error=("AccessDeniedException",
                       "User: %s is not authorized to perform: kms:Sign on "
                       "resource: %s because no identity-based policy allows "
                       "the kms:Sign action" % (u.arn, self.key_arn)),
                resources=False)
            self.failed_signs.append(r["eventID"])
            self.failures.append((t, u.arn))
        t += self.ri(60, 600)
        self.rec(t, "iam.amazonaws.com", "GetRole", glob, uid, ip,
                 ua("iam.get-role"), {"roleName": self.signer.name}, None,
                 True, tls_host="iam.amazonaws.com")
        if self.trust_change:
            t += self.ri(30, 240)
            doc = self.trust_policy("repo:%s/*" % self.org, extra=u.arn)
            self.rec(t, "iam.amazonaws.com", "UpdateAssumeRolePolicy", glob,
                     uid, ip, ua("iam.update-assume-role-policy"),
                     {"roleName": self.signer.name, "policyDocument": doc},
                     None, False, tls_host="iam.amazonaws.com")
            self.note(t, "attacker widens the trust of %s" % self.signer.name)
        t += self.ri(20, 200)
        sname = self.pick(ATTACKER_SESSIONS)
        if "%d" in sname:
            sname = sname % (t * 1000 + self.ri(0, 999) if "aws-go" in sname
                             else t)
        elif "%s" in sname:
            sname = sname % rhex(self.rng, 16)
        sess = Session(self.signer, sname, t, self.new_session_key())
        self.rec(t, "sts.amazonaws.com", "AssumeRole", glob, uid, ip,
                 ua("sts.assume-role"),
                 {"roleArn": self.signer.arn, "roleSessionName": sname},
                 {"credentials": {"accessKeyId": sess.key,
                                  "sessionToken": session_token(self.rng),
                                  "expiration": human(t + 3600)},
                  "assumedRoleUser": {"assumedRoleId": "%s:%s" % (
                      self.signer.pid, sname), "arn": sess.arn}},
                 False, resources=self.role_resources(self.signer),
                 tls_host="sts.amazonaws.com")
        self.attacker_session = sess
        self.note(t, "attacker assumes %s as %s" % (self.signer.name, sname))
        ident = sess.identity()
        sua = ua("kms.sign") if self.chance(0.5) else self.cosign_ua()
        t += self.ri(20, 120)
        self.kms_call(t, "GetPublicKey", ident, ip, sua, {"keyId": key_raw})
        self.attack_signs = []
        self.attack_sign_times = []
        for i in range(self.n_attack_signs):
            if self.attack_mode == "during":
                t = max(t + 1, self.during[1] - (self.n_attack_signs - 1 -
                                                 i) * self.ri(8, 20))
            else:
                t += self.ri(8, 90)
            digest = sha256hex("%d attacker blob %d" % (self.seed, i))
            up = self.attacker_tlog == "all" or (
                self.attacker_tlog == "some" and self.chance(0.5))
            eid = self.sign_and_log(t, ident, ip, sua, key_raw, digest,
                                    "unaccounted", tlog=up, who="attacker")
            self.attack_signs.append(eid)
            self.attack_sign_times.append(t)
        self.note(t, "attacker made %d signature(s)" % self.n_attack_signs)
        if self.grant:
            t += self.ri(30, 200)
            self.grant_id = rhex(self.rng, 64)
            self.kms_call(t, "CreateGrant", ident, ip, ua("kms.create-grant"),
                          {"keyId": key_raw, "granteePrincipal": u.arn,
                           "operations": ["Sign", "GetPublicKey"]},
                          resp={"grantId": self.grant_id,
                                "keyId": self.key_arn}, read_only=False)
            self.admin_events += 1
        self.t_stop = self.t_restart = None
        self.gap_signs = []
        if self.stop_logging:
            t += self.ri(20, 120)
            self.rec(t, "cloudtrail.amazonaws.com", "StopLogging",
                     self.trail_region, ident, ip, ua("cloudtrail.stop-logging"),
                     {"name": self.trail_arn}, None, False,
                     resources=[{"accountId": self.acct,
                                 "type": "AWS::CloudTrail::Trail",
                                 "ARN": self.trail_arn}],
                     tls_host="cloudtrail.%s.amazonaws.com" %
                     self.trail_region)
            self.t_stop = t
            # inside the blind window: more signatures, seen only by Rekor
            tg = t + self.ri(300, 900)
            if self.attacker_tlog != "none":
                for i in range(self.ri(1, 3)):
                    if tg > sess.created + 3500:
                        break
                    d = sha256hex("%d attacker blob in the gap %d" % (
                        self.seed, i))
                    self.tlog.append({"t": tg + self.ri(1, 3), "digest": d,
                                      "event_id": None, "who": "gap"})
                    self.gap_signs.append(d)
                    tg += self.ri(20, 200)
            nxt = [x for x in self.release_times if x > t]
            limit = (nxt[0] - HOUR - t) if nxt else 14 * HOUR
            length = min(self.ri(HOUR, 14 * HOUR), limit)
            length = max(length, tg - t + 600)
            self.t_restart = t + length
            self.note(t, "attacker stops CloudTrail for %d min" % (
                length // 60))
        self.t_attack_end = t

    def trust_policy(self, sub, extra=None):
        st = [{"Effect": "Allow",
               "Principal": {"Federated": self.oidc},
               "Action": "sts:AssumeRoleWithWebIdentity",
               "Condition": {"StringEquals": {
                   "token.actions.githubusercontent.com:aud":
                   "sts.amazonaws.com"},
                   "StringLike": {
                       "token.actions.githubusercontent.com:sub": sub}}}]
        if extra:
            st.append({"Effect": "Allow", "Principal": {"AWS": extra},
                       "Action": "sts:AssumeRole"})
        return json.dumps({"Version": "2012-10-17", "Statement": st})

    # -----------------------------------------------------------------------
    def hijacked_run(self):
        t = self.t_attack_end + self.ri(1, 5) * DAY
        t = day_start(t) + self.ri(8, 20) * HOUR + self.ri(0, 3599)

        def clash(x):
            return any(abs(x - r) < 3 * HOUR for r in self.release_times) or \
                (self.t_stop and self.t_stop - HOUR < x < self.t_restart +
                 HOUR)
        while clash(t):
            t += DAY
        self.hijack_dev = self.pick(self.devs)
        branch = self.pick(BRANCHES)
        sha = self.commit()
        run_id = self.run_id_at(t)
        created = t + self.ri(1, 3)
        if self.self_hosted:
            if self.chance(0.5):
                used = sorted({r["runner"] for r in self.release_info})
                runner = self.pool_runner(self.pick(used))
                unexpected = False
            else:
                runner = self.hosted_runner()
                unexpected = True
        else:
            if self.chance(0.5):
                runner = {"name": "build-%02d" % self.ri(2, 30),
                          "id": self.ri(5, 90),
                          "labels": ["self-hosted", "linux", "x64"],
                          "group": ("Default", 1),
                          "ip": "%s.%d.%d" % (self.pick(["52.176", "20.83",
                                                         "40.76"]),
                                              self.ri(1, 254),
                                              self.ri(1, 254))}
                unexpected = True
            else:
                runner = self.hosted_runner()
                unexpected = False
        jb, tb = self.build_job(run_id, 1, branch, sha, self.workflow_name,
                                runner, created + self.ri(3, 12))
        steps, tt = [], tb + self.ri(3, 10)
        t0 = tt

        def step(name, d, c="success"):
            nonlocal tt
            steps.append((name, tt, tt + d, c))
            tt += d
        step("Set up job", self.ri(1, 3))
        step("Run actions/checkout@v4", self.ri(1, 3))
        tc = tt
        step("Configure AWS credentials", self.ri(3, 6))
        sub = "repo:%s:ref:refs/heads/%s" % (self.full, branch)
        sess = self.assume_web(tc + self.ri(1, 2), sub, self.signer,
                               "gha-%d" % run_id, runner["ip"],
                               self.cac_ua())
        step("Download build artifacts", self.ri(3, 12))
        step("Install cosign", self.ri(4, 15))
        ts0 = tt
        ident = sess.identity(self.oidc)
        ua = self.cosign_ua()
        ts = ts0 + self.ri(1, 2)
        self.kms_call(ts, "GetPublicKey", ident, runner["ip"], ua,
                      {"keyId": self.alias})
        self.hijack_tlog = self.chance(0.8)
        signs = []
        self.logged_at = ts
        for i in range(self.ri(1, 3)):
            ts = max(ts + self.ri(2, 6), self.logged_at + self.ri(0, 3))
            d = sha256hex("%d hijacked build %s %d" % (self.seed, branch, i))
            signs.append(self.sign_and_log(ts, ident, runner["ip"], ua,
                                           self.alias, d, "partial",
                                           tlog=self.hijack_tlog,
                                           who="hijack"))
        tt = max(tt, ts + self.ri(2, 4))
        steps.append(("Sign artifacts (cosign)", ts0, tt, "success"))
        step("Upload release assets", 0, "skipped")
        step("Run actions/upload-artifact@v4", self.ri(2, 6))
        step("Post Configure AWS credentials", self.ri(0, 1))
        step("Complete job", self.ri(0, 1))
        js = self.make_job(run_id, 1, self.sign_job, branch, sha,
                           self.workflow_name, runner, t0 - 2, steps)
        self.release_run_numbers += 1
        run = self.make_run(self.workflow, self.workflow_name,
                            self.workflow_id, run_id,
                            self.release_run_numbers, branch, sha, "push",
                            self.hijack_dev, created, created,
                            tt + self.ri(1, 3), "success",
                            self.pick(["ci: try the release pipeline",
                                       "test signing on a branch",
                                       "wip"]))
        # a user with write access can delete a workflow run (and its
        # jobs): then only CloudTrail's OIDC subject tells the branch
        deleted = self.chance(0.3)
        if not deleted:
            self.runs[self.workflow].append(run)
            self.jobs[(run_id, None)] = [jb, js]
        self.hijack_info = {"run_id": str(run_id), "branch": branch,
                            "actor": self.hijack_dev,
                            "runner": runner["name"],
                            "run_deleted": deleted,
                            "unexpected_runner": unexpected and not deleted,
                            "session": "%s/%s" % (sess.key, sess.name),
                            "sign_event_ids": signs,
                            "rekor": self.hijack_tlog}
        self.t_hijack_end = tt
        self.note(t, "hijacked run %d on %s signs %d file(s) on %s%s" % (
            run_id, branch, len(signs), runner["name"],
            "; the run is deleted afterwards" if deleted else ""))

    # -----------------------------------------------------------------------
    def containment(self):
        last = max(self.release_times + [self.t_attack_end] +
                   ([self.t_hijack_end] if self.hijack else []) +
                   ([self.t_restart] if self.t_restart else []))
        t = day_start(last) + self.ri(1, 5) * DAY
        while weekday(t) >= 5:
            t += DAY
        t += self.ri(8, 11) * HOUR + self.ri(0, 3599)
        self.t_detect = t
        admin = self.secadmin
        cons = iam_user_identity(admin, "ASIA" + rstr(self.rng, 16,
                                                      UPPER_ALNUM), t)
        self.rec(t, "signin.amazonaws.com", "ConsoleLogin", "us-east-1",
                 iam_user_identity(admin, None), self.office_ip,
                 CONSOLE_UA % self.ri(1, 6), None,
                 {"ConsoleLogin": "Success"}, False,
                 extra={"LoginTo": "https://console.aws.amazon.com/console/"
                        "home", "MobileVersion": "No", "MFAUsed": "Yes"},
                 event_type="AwsConsoleSignIn", request_id=False)
        self.disabled = self.chance(0.7)
        self.t_disable = None
        t += self.ri(120, 900)
        if self.disabled:
            self.kms_call(t, "DisableKey", cons, "AWS Internal",
                          "AWS Internal", {"keyId": self.key_id},
                          read_only=False)
            self.t_disable = t
            self.admin_events += 1
            self.note(t, "key disabled")
        if self.grant:
            t += self.ri(60, 600)
            self.kms_call(t, "RevokeGrant", cons, "AWS Internal",
                          "AWS Internal", {"keyId": self.key_arn,
                                           "grantId": self.grant_id},
                          read_only=False)
            self.admin_events += 1
        if self.trust_change:
            t += self.ri(60, 900)
            self.rec(t, "iam.amazonaws.com", "UpdateAssumeRolePolicy",
                     "us-east-1", cons, "AWS Internal", "AWS Internal",
                     {"roleName": self.signer.name, "policyDocument":
                      self.trust_policy("repo:%s:ref:refs/tags/*" %
                                        self.full)},
                     None, False, console=True)
        if self.chance(0.3):
            t += self.ri(60, 900)
            pol = {"Version": "2012-10-17", "Id": "key-consolepolicy-3",
                   "Statement": [{"Sid": "Deny signing", "Effect": "Deny",
                                  "Principal": {"AWS": "*"},
                                  "Action": ["kms:Sign", "kms:CreateGrant"],
                                  "Resource": "*",
                                  "Condition": {"ArnNotEquals": {
                                      "aws:PrincipalArn": admin.arn}}}]}
            self.kms_call(t, "PutKeyPolicy", cons, "AWS Internal",
                          "AWS Internal", {"keyId": self.key_id,
                                           "policyName": "default",
                                           "policy": json.dumps(pol)},
                          read_only=False)
            self.admin_events += 1
        # the attacker tries the grant again, not knowing the key is off
        self.post_attempts = 0
        if self.grant and self.disabled and self.chance(0.6):
            ta = t + self.ri(1, 6) * HOUR
            uid = iam_user_identity(self.leaked, self.leaked.key)
            for i in range(self.ri(1, 4)):
                ta += self.ri(2, 60)
                r = self.kms_call(
                    ta, "Sign", uid, self.attacker_ip,
                    self.cli_ua("kms.sign"),
                    self.sign_req(self.key_arn),
                    error=("DisabledException", "%s is disabled." %
                           self.key_arn))
                self.failed_signs.append(r["eventID"])
                self.failures.append((ta, self.leaked.arn))
                self.post_attempts += 1
            t = ta
        self.t_end = day_start(t) + 2 * DAY - 1
        self.t_fetch = t + self.ri(1, 5) * HOUR

    def key_history(self):
        """Key creation and its alias, when the export reaches back."""
        if not self.key_creation:
            return
        t = self.t_begin + self.ri(9, 17) * HOUR + self.ri(0, 3599)
        admin = self.secadmin
        uid = iam_user_identity(admin, admin.key)
        ua = self.cli_ua("kms.create-key")
        meta = {"AWSAccountId": self.acct, "keyId": self.key_id,
                "arn": self.key_arn, "creationDate": human(t),
                "enabled": True, "description": "cosign release signing "
                "for %s" % self.full, "keyUsage": "SIGN_VERIFY",
                "keyState": "Enabled", "origin": "AWS_KMS",
                "keyManager": "CUSTOMER", "customerMasterKeySpec":
                "ECC_NIST_P256", "keySpec": "ECC_NIST_P256",
                "signingAlgorithms": ["ECDSA_SHA_256"],
                "multiRegion": False}
        self.rec(t, "kms.amazonaws.com", "CreateKey", self.region, uid,
                 self.office_ip, ua,
                 {"description": meta["description"],
                  "keyUsage": "SIGN_VERIFY", "keySpec": "ECC_NIST_P256"},
                 {"keyMetadata": meta}, False,
                 resources=self.key_resources(),
                 tls_host="kms.%s.amazonaws.com" % self.region)
        t += self.ri(20, 200)
        self.rec(t, "kms.amazonaws.com", "CreateAlias", self.region, uid,
                 self.office_ip, self.cli_ua("kms.create-alias"),
                 {"aliasName": self.alias, "targetKeyId": self.key_id}, None,
                 False, resources=[
                     {"accountId": self.acct, "type": "AWS::KMS::Key",
                      "ARN": self.alias_arn},
                     {"accountId": self.acct, "type": "AWS::KMS::Key",
                      "ARN": self.key_arn}],
                 tls_host="kms.%s.amazonaws.com" % self.region)
        self.admin_events += 1

    # -----------------------------------------------------------------------
    def ci_noise(self):
        """Runs of the CI workflow (push to the default branch and pull
        requests); pushes log in to ECR through the CI role."""
        runs = []
        number = self.ri(800, 4000)
        t = day_start(self.t_begin)
        while t < self.t_end:
            n = self.ri(2, 6) if weekday(t) < 5 else self.ri(0, 1)
            starts = sorted(t + self.ri(7 * HOUR, 19 * HOUR)
                            for _ in range(n))
            long_run = {}
            if self.ci_overlap and day_start(
                    self.attack_sign_times[0]) == t:
                # a long integration-test job spans the signatures
                s0 = self.attack_sign_times[0] - self.ri(120, 600)
                long_run[s0] = self.attack_sign_times[-1] - s0 + \
                    self.ri(300, 900)
                starts = sorted(starts + [s0])
            for s in starts:
                number += 1
                pr = self.chance(0.4)
                dev = self.pick(self.devs + [self.maintainer])
                branch = ("feature/%s" % self.pick(["metrics", "retry",
                                                    "cache", "docs",
                                                    "arm64", "logging"])
                          if pr else "main")
                sha = self.commit()
                run_id = self.run_id_at(s)
                jobs, tj = [], s + self.ri(3, 10)
                end = tj
                for jn in ("test", "lint") if pr else ("test", "image"):
                    r = self.hosted_runner()
                    steps, tt = [], tj + self.ri(1, 8)
                    for sn in ("Set up job", "Run actions/checkout@v4",
                               "Run " + jn, "Complete job"):
                        d = self.ri(60, 420) if sn.startswith("Run " + jn) \
                            else self.ri(1, 3)
                        if s in long_run and sn == "Run test":
                            d = long_run[s]
                        steps.append((sn, tt, tt + d, "success"))
                        tt += d
                    jobs.append(self.make_job(run_id, 1, jn, branch, sha,
                                              self.ci_workflow_name, r,
                                              tj, steps))
                    if jn == "image":
                        self.assume_web(steps[1][2] + 1,
                                        "repo:%s:ref:refs/heads/main" %
                                        self.full, self.ci_role,
                                        "GitHubActions", r["ip"],
                                        self.cac_ua())
                        self.ci_ecr(steps[1][2] + self.ri(3, 9), r["ip"])
                    end = max(end, tt)
                run = self.make_run(self.ci_workflow, self.ci_workflow_name,
                                    self.ci_workflow_id, run_id, number,
                                    branch, sha,
                                    "pull_request" if pr else "push", dev, s,
                                    s, end + self.ri(1, 4), "success",
                                    self.pick(["Fix typo", "Refactor config",
                                               "Add tests", "Bump deps",
                                               "Merge pull request #%d" %
                                               self.ri(100, 999)]))
                runs.append(run)
                if self.all_jobs:
                    self.jobs[(run_id, None)] = jobs
            t += DAY
        self.runs[self.ci_workflow] = runs

    def ci_ecr(self, t, ip):
        s = Session(self.ci_role, "GitHubActions", t, "ASIA" + rstr(
            self.rng, 16, UPPER_ALNUM), web=True)
        self.rec(t, "ecr.amazonaws.com", "GetAuthorizationToken", self.region,
                 s.identity(self.oidc), ip, self.cac_ua(), {"registryIds":
                                                            [self.acct]},
                 None, True, tls_host="api.ecr.%s.amazonaws.com" % self.region)

    # -----------------------------------------------------------------------
    def aws_noise(self):
        rng = self.rng
        t = day_start(self.t_begin)
        n_inst = self.ri(2, 4)
        inst = ["i-0%s" % rhex(rng, 16) for _ in range(n_inst)]
        sessions = {}
        vpce = "vpce-0%s" % rhex(rng, 16)
        lam = None
        boto = BOTO_UA % (self.ri(30, 35), self.ri(0, 99), self.ri(30, 35),
                          self.ri(0, 99), self.ri(200, 230), self.ri(200, 230),
                          self.ri(1, 9), self.ri(30, 35), self.ri(0, 99))
        while t < self.t_end:
            for h in range(24):
                th = t + h * HOUR
                busy = weekday(th) < 5 and 7 <= h <= 18
                # instance credentials, refreshed every 6 hours
                for i in inst:
                    s = sessions.get(i)
                    if s is None or th - s.created >= 6 * HOUR:
                        tc = th + self.ri(0, 600)
                        s = Session(self.app_role, i, tc, "ASIA" + rstr(
                            rng, 16, UPPER_ALNUM), ec2=True)
                        sessions[i] = s
                        self.rec(tc, "sts.amazonaws.com", "AssumeRole",
                                 self.region, {"type": "AWSService",
                                               "invokedBy":
                                               "ec2.amazonaws.com"},
                                 "ec2.amazonaws.com", "ec2.amazonaws.com",
                                 {"roleArn": self.app_role.arn,
                                  "roleSessionName": i},
                                 {"credentials": {
                                     "accessKeyId": s.key,
                                     "sessionToken": session_token(rng, 120),
                                     "expiration": human(tc + 6 * HOUR)},
                                  "assumedRoleUser": {
                                      "assumedRoleId": "%s:%s" % (
                                          self.app_role.pid, i),
                                      "arn": s.arn}}, True,
                                 resources=self.role_resources(self.app_role),
                                 shared=True)
                for _ in range(self.ri(3, 8) if busy else self.ri(0, 2)):
                    i = self.pick(inst)
                    s = sessions[i]
                    tc = max(th + self.ri(0, 3599), s.created + 1)
                    name = self.pick(["Decrypt", "Decrypt",
                                      "GenerateDataKey"])
                    req = {"encryptionAlgorithm": "SYMMETRIC_DEFAULT"} \
                        if name == "Decrypt" else {
                            "keyId": "alias/%s-data" % self.repo,
                            "keySpec": "AES_256"}
                    req["encryptionContext"] = {"service": self.repo,
                                                "tenant": "t-%d" %
                                                self.ri(1, 40)}
                    self.rec(tc, "kms.amazonaws.com", name, self.region,
                             s.identity(), "10.%d.%d.%d" % (
                                 self.ri(0, 3), self.ri(0, 255),
                                 self.ri(1, 254)), boto, req, None, True,
                             resources=[{"accountId": self.acct,
                                         "type": "AWS::KMS::Key",
                                         "ARN": self.data_key_arn}],
                             vpce=vpce,
                             tls_host="kms.%s.amazonaws.com" % self.region)
                # a Lambda that runs every 3 hours
                if h % 3 == 0:
                    tc = th + self.ri(0, 120)
                    lam = Session(self.lambda_role, "%s-events-fn" %
                                  self.repo, tc, "ASIA" + rstr(
                                      rng, 16, UPPER_ALNUM))
                    self.rec(tc, "sts.amazonaws.com", "AssumeRole",
                             self.region, {"type": "AWSService",
                                           "invokedBy":
                                           "lambda.amazonaws.com"},
                             "lambda.amazonaws.com", "lambda.amazonaws.com",
                             {"roleArn": self.lambda_role.arn,
                              "roleSessionName": lam.name},
                             {"credentials": {
                                 "accessKeyId": lam.key,
                                 "sessionToken": session_token(rng, 120),
                                 "expiration": human(tc + 12 * HOUR)},
                              "assumedRoleUser": {
                                  "assumedRoleId": "%s:%s" % (
                                      self.lambda_role.pid, lam.name),
                                  "arn": lam.arn}}, True,
                             resources=self.role_resources(self.lambda_role),
                             shared=True)
                    self.rec(tc + self.ri(1, 20), "ssm.amazonaws.com",
                             "GetParameter", self.region, lam.identity(),
                             "%s.%d.%d.%d" % (self.pick(["3", "18", "52"]),
                                              self.ri(0, 255),
                                              self.ri(0, 255),
                                              self.ri(1, 254)),
                             boto, {"name": "/%s/prod/db-url" % self.repo,
                                    "withDecryption": True}, None, True,
                             tls_host="ssm.%s.amazonaws.com" % self.region)
                # read-only API chatter
                for _ in range(self.ri(1, 4) if busy else self.ri(0, 1)):
                    tc = th + self.ri(0, 3599)
                    s = sessions[self.pick(inst)]
                    if tc <= s.created:
                        continue
                    src, name, req = self.pick([
                        ("ec2.amazonaws.com", "DescribeInstances",
                         {"instancesSet": {}, "filterSet": {}}),
                        ("logs.amazonaws.com", "DescribeLogGroups",
                         {"limit": 50}),
                        ("monitoring.amazonaws.com", "GetMetricData",
                         {"startTime": iso(tc - 3600), "endTime": iso(tc)}),
                        ("sts.amazonaws.com", "GetCallerIdentity", None),
                        ("s3.amazonaws.com", "ListBuckets", {"Host":
                                                             "s3.amazonaws.com"}),
                    ])
                    self.rec(tc, src, name, self.region, s.identity(),
                             "10.%d.%d.%d" % (self.ri(0, 3), self.ri(0, 255),
                                              self.ri(1, 254)),
                             boto, req, None, True)
            # console sign-in on weekdays
            if weekday(t) < 5 and self.chance(0.6):
                tc = t + self.ri(8, 10) * HOUR + self.ri(0, 3599)
                self.rec(tc, "signin.amazonaws.com", "ConsoleLogin",
                         "us-east-1", iam_user_identity(self.secadmin, None),
                         self.office_ip, CONSOLE_UA % self.ri(1, 6), None,
                         {"ConsoleLogin": "Success"}, False,
                         extra={"LoginTo": "https://console.aws.amazon.com/"
                                "console/home", "MobileVersion": "No",
                                "MFAUsed": "Yes"},
                         event_type="AwsConsoleSignIn", request_id=False)
            t += DAY
        # the retired user's last legitimate calls, from the old build host
        if self.chance(0.6):
            tl = self.t_begin + self.ri(1, 4) * DAY + 9 * HOUR
            for _ in range(self.ri(2, 6)):
                tl += self.ri(1, 2) * DAY + self.ri(0, 4000)
                if tl >= self.t_attack - DAY:
                    break
                self.rec(tl, "ecr.amazonaws.com", "GetAuthorizationToken",
                         self.region, iam_user_identity(self.leaked,
                                                        self.leaked.key),
                         self.jenkins_ip, self.cli_ua(
                             "ecr.get-authorization-token"),
                         {"registryIds": [self.acct]}, None, True)

    def apply_gap(self):
        """Nothing is logged while the trail is stopped."""
        if not self.t_stop:
            return
        self.ct = [(t, rg, r) for (t, rg, r) in self.ct
                   if not self.t_stop < t < self.t_restart]
        role = self.auto_role
        s = Session(role, "guardduty-remediation", self.t_restart - 2,
                    "ASIA" + rstr(self.rng, 16, UPPER_ALNUM))
        self.rec(self.t_restart, "cloudtrail.amazonaws.com", "StartLogging",
                 self.trail_region, s.identity(), "lambda.amazonaws.com",
                 "lambda.amazonaws.com", {"name": self.trail_arn}, None,
                 False, resources=[{"accountId": self.acct,
                                    "type": "AWS::CloudTrail::Trail",
                                    "ARN": self.trail_arn}])

    # -----------------------------------------------------------------------
    def rekor(self):
        """Rekor entries (hashedrekord) for every logged signature."""
        pub = None
        t_ref = 1735689600
        index_base = self.ri(1500000000, 1700000000)
        shard_start = index_base - self.ri(200000000, 400000000)
        rate = 21
        self.tlog.sort(key=lambda e: (e["t"], e["digest"]))
        tree = VirtualTree(b"%d" % self.seed)
        last = 0
        for e in self.tlog:
            d = bytes.fromhex(e["digest"])
            sig = self.kms_key.sign_digest(d)
            if pub is None:
                pub = openssl_public_key(self.kms_key, d, sig)
            body = {"apiVersion": "0.0.1", "kind": "hashedrekord",
                    "spec": {"data": {"hash": {"algorithm": "sha256",
                                               "value": e["digest"]}},
                             "signature": {"content": b64(sig),
                                           "publicKey": {"content": b64(
                                               pem("PUBLIC KEY",
                                                   pub).encode())}}}}
            e["body"] = canon(body).encode()
            e["leaf"] = hashlib.sha256(b"\x00" + e["body"]).digest()
            e["uuid"] = e["leaf"].hex()
            idx = index_base + (e["t"] - t_ref) * rate + self.ri(0, rate - 1)
            idx = max(idx, last + 1)
            last = idx
            e["log_index"] = idx
            e["shard_index"] = idx - shard_start
            tree.add(e["shard_index"], e["leaf"])
            payload = canon({"body": b64(e["body"]),
                             "integratedTime": e["t"], "logID": self.log_id,
                             "logIndex": idx}).encode()
            e["set"] = b64(self.log_key.sign_digest(
                hashlib.sha256(payload).digest()))
            if e["who"] == "gap":
                self.tlog_verdicts[e["uuid"]] = "unaccounted"
        size = index_base + (self.t_fetch - t_ref) * rate - shard_start
        assert not self.tlog or size > self.tlog[-1]["shard_index"]
        root = tree.mth(0, size)
        note = "rekor.sigstore.dev - %d\n%d\n%s\n" % (self.tree_id, size,
                                                      b64(root))
        csig = self.log_key.sign_digest(hashlib.sha256(note.encode()).digest())
        cp = note + "\n\u2014 rekor.sigstore.dev %s\n" % b64(
            bytes.fromhex(self.log_id)[:4] + csig)
        out = []
        for e in sorted(self.tlog, key=lambda x: x["uuid"]):
            path = tree.path(e["shard_index"], 0, size)
            assert verify_inclusion(e["leaf"], e["shard_index"], size, path,
                                    root)
            out.append({"%016x%s" % (self.tree_id, e["uuid"]): {
                "body": b64(e["body"]), "integratedTime": e["t"],
                "logID": self.log_id, "logIndex": e["log_index"],
                "verification": {
                    "inclusionProof": {
                        "checkpoint": cp,
                        "hashes": [h.hex() for h in path],
                        "logIndex": e["shard_index"], "rootHash": root.hex(),
                        "treeSize": size},
                    "signedEntryTimestamp": e["set"]}}})
        self.rekor_entries = out
        self.public_key = pub

    # -----------------------------------------------------------------------
    def findings(self):
        exp, absent = ["unaccounted-signature"], []

        def both(kind, cond):
            (exp if cond else absent).append(kind)
        both("partial-signature", self.hijack)
        both("non-release-ref", self.hijack)
        both("unexpected-runner", self.hijack and
             self.hijack_info["unexpected_runner"])
        both("key-admin-change", self.admin_events > 0)
        both("audit-trail-break", bool(self.t_stop))
        both("log-gap", bool(self.gap_signs))
        burst = False
        for i, (t, who) in enumerate(self.failures):
            n = sum(1 for (u, w) in self.failures
                    if w == who and t <= u <= t + 600)
            burst = burst or n >= 3
        both("denied-signing-burst", burst)
        both("sign-after-disable", self.post_attempts > 0)
        absent += ["unauthorized-signer", "excess-signatures-in-run",
                   "publish-without-ci", "unexpected-network",
                   "signing-path-change"]
        self.findings_expected = sorted(exp)
        self.findings_absent = sorted(absent)

    # -----------------------------------------------------------------------
    # writing

    def write(self, out):
        ev = os.path.join(out, "evidence")
        if os.path.isdir(ev):
            shutil.rmtree(ev)
        files = {}
        self.write_cloudtrail(files)
        self.write_github(files)
        self.write_rekor(files)
        for path in sorted(files):
            full = os.path.join(ev, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "wb") as f:
                f.write(files[path])
        truth = self.truth(files)
        with open(os.path.join(out, "truth.json"), "w",
                  encoding="utf-8") as f:
            json.dump(truth, f, indent=1)
            f.write("\n")
        return truth

    def write_cloudtrail(self, files):
        self.ct.sort(key=lambda x: (x[0], x[2]["eventID"]))
        groups = {}
        for t, region, r in self.ct:
            groups.setdefault((region, t - t % 300), []).append(r)
        # a few records delivered twice (same eventID, a later object)
        dups = []
        if self.chance(0.6):
            signs = [r for (t, rg, r) in self.ct
                     if r["eventName"] in ("Sign", "AssumeRole",
                                           "GetPublicKey")]
            dups = self.rng.sample(signs, min(len(signs), self.ri(1, 5)))
        base = "cloudtrail/AWSLogs/%s/CloudTrail" % self.acct
        n_files = 0
        for (region, w) in sorted(groups):
            recs = groups[(region, w)]
            self.rng.shuffle(recs)
            chunks = [recs] if len(recs) <= 150 else [recs[:len(recs) // 2],
                                                      recs[len(recs) // 2:]]
            delivered = w + 300 + self.ri(60, 600)
            delivered -= delivered % 60
            for ch in chunks:
                name = "%s_CloudTrail_%s_%s_%s.json.gz" % (
                    self.acct, region, time.strftime(
                        "%Y%m%dT%H%MZ", time.gmtime(delivered)),
                    rstr(self.rng, 16))
                path = "%s/%s/%s/%s" % (base, region, time.strftime(
                    "%Y/%m/%d", time.gmtime(delivered)), name)
                files[path] = gz(compact({"Records": ch}).encode())
                n_files += 1
        if dups:
            by_region = {}
            for r in dups:
                by_region.setdefault(r["awsRegion"], []).append(r)
            for region in sorted(by_region):
                last = max(w for (rg, w) in groups if rg == region)
                d = last + 900
                name = "%s_CloudTrail_%s_%s_%s.json.gz" % (
                    self.acct, region, time.strftime(
                        "%Y%m%dT%H%MZ", time.gmtime(d)), rstr(self.rng, 16))
                path = "%s/%s/%s/%s" % (base, region, time.strftime(
                    "%Y/%m/%d", time.gmtime(d)), name)
                files[path] = gz(compact({"Records": by_region[region]})
                                 .encode())
                n_files += 1
        self.dup_ids = [r["eventID"] for r in dups]
        # lookup-events of the key's region on the day of containment
        self.lookup = 0
        if self.chance(0.5):
            d0 = day_start(self.t_detect)
            evs = []
            for t, rg, r in reversed(self.ct):
                if rg == self.region and d0 <= t < d0 + DAY and \
                        r["eventSource"] == "kms.amazonaws.com":
                    res = [{"ResourceType": x["type"],
                            "ResourceName": x["ARN"]}
                           for x in r.get("resources", [])]
                    ui = r["userIdentity"]
                    e = {"EventId": r["eventID"],
                         "EventName": r["eventName"],
                         "ReadOnly": "true" if r["readOnly"] else "false"}
                    if ui.get("accessKeyId"):
                        e["AccessKeyId"] = ui["accessKeyId"]
                    e["EventTime"] = iso(t)
                    e["EventSource"] = r["eventSource"]
                    e["Username"] = ui.get("userName") or \
                        ui.get("arn", "").split("/")[-1]
                    e["Resources"] = res
                    e["CloudTrailEvent"] = compact(r)
                    evs.append(e)
            if evs:
                files["cloudtrail/lookup-events-kms-%s.json" % time.strftime(
                    "%Y-%m-%d", time.gmtime(d0))] = (json.dumps(
                        {"Events": evs}, indent=4) + "\n").encode()
                self.lookup = len(evs)
        self.ct_files = n_files

    def runs_pages(self, runs):
        runs = sorted(runs, key=lambda r: (r["created_at"], r["id"]),
                      reverse=True)
        pages = [runs[i:i + 100] for i in range(0, len(runs), 100)] or [[]]
        return "".join(json.dumps({"total_count": len(runs),
                                   "workflow_runs": p}, indent=2) + "\n"
                       for p in pages).encode()

    def write_github(self, files):
        gh = "github_actions/"
        for wf in (self.workflow, self.ci_workflow):
            stem = wf.rsplit(".", 1)[0]
            files[gh + "%s-runs.json" % stem] = self.runs_pages(
                self.runs[wf])
        for name, run in self.extra_runs:
            files[gh + name] = (json.dumps(run, indent=2) + "\n").encode()
        for (run_id, attempt) in sorted(self.jobs, key=lambda k: (
                k[0], k[1] or 0)):
            jobs = self.jobs[(run_id, attempt)]
            name = "jobs-%d.json" % run_id if attempt is None else \
                "jobs-%d-attempt-%d.json" % (run_id, attempt)
            files[gh + name] = (json.dumps({"total_count": len(jobs),
                                            "jobs": jobs}, indent=2) +
                                "\n").encode()
        rel = sorted(self.releases, key=lambda r: (r["published_at"],
                                                   r["id"]), reverse=True)
        files["github_releases/%s-%s-releases.json" % (self.org, self.repo)] = \
            (json.dumps(rel, indent=2) + "\n").encode()

    def write_rekor(self, files):
        if not self.rekor_entries:
            return
        ids = [next(iter(e)) for e in self.rekor_entries]
        files["rekor/index-retrieve-publickey.json"] = (json.dumps(
            ids) + "\n").encode()
        files["rekor/entries-retrieve-%s.json" % time.strftime(
            "%Y-%m-%d", time.gmtime(self.t_fetch))] = (json.dumps(
                self.rekor_entries, indent=2) + "\n").encode()

    def truth(self, files):
        return {
            "generator": "tests/tools/gen_case.py",
            "seed": self.seed,
            "account": self.acct,
            "region": self.region,
            "key_arn": self.key_arn,
            "alias": self.alias,
            "public_key_spki_sha256": hashlib.sha256(
                self.public_key).hexdigest() if self.public_key else None,
            "repo": self.full,
            "workflow": self.workflow_path,
            "signing_role": self.signer.arn,
            "release_runners": ("self-hosted " + ", ".join(self.pool)
                                if self.self_hosted else "GitHub-hosted"),
            "trigger": self.trigger,
            "releases": self.release_info,
            "attacker": {
                "timing": self.attack_mode + (
                    " release %s" % self.during[0]
                    if self.attack_mode == "during" else ""),
                "leaked_user": self.leaked.arn,
                "access_key_id": self.leaked.key,
                "source_ip": self.attacker_ip,
                "session": "%s/%s" % (self.attacker_session.key,
                                      self.attacker_session.name),
                "sign_event_ids": self.attack_signs,
                "rekor": self.attacker_tlog,
                "denied_signs_before": self.denied_before,
                "trust_change": self.trust_change,
                "grant": self.grant,
                "stop_logging": ({"start": iso(self.t_stop),
                                  "end": iso(self.t_restart),
                                  "signatures_in_gap": len(self.gap_signs)}
                                 if self.t_stop else None),
                "attempts_after_disable": self.post_attempts},
            "hijack": self.hijack_info if self.hijack else None,
            "containment": {"detected": iso(self.t_detect),
                            "key_disabled": iso(self.t_disable)
                            if self.t_disable else None},
            "verdicts": self.verdicts,
            "failed_signs": self.failed_signs,
            "tlog_verdicts": self.tlog_verdicts,
            "digests": self.digests,
            "findings_expected": self.findings_expected,
            "findings_absent": self.findings_absent,
            "story": ["%s %s" % (iso(t), s) for t, s in sorted(self.story)],
            "counts": {
                "cloudtrail_records": len(self.ct),
                "cloudtrail_files": self.ct_files,
                "duplicate_deliveries": len(self.dup_ids),
                "lookup_events": self.lookup,
                "kms_sign_success": len(self.verdicts),
                "kms_sign_failed": len(self.failed_signs),
                "release_runs": len(self.release_info),
                "ci_runs": len(self.runs[self.ci_workflow]),
                "jobs_files": len(self.jobs),
                "releases": len(self.releases),
                "assets": sum(len(r["assets"]) for r in self.releases),
                "rekor_entries": len(self.rekor_entries),
                "files": len(files)},
        }


def generate(seed, out):
    c = Case(seed)
    c.build()
    return c.write(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()
    if os.path.isdir(a.out) and os.listdir(a.out) and not os.path.exists(
            os.path.join(a.out, "truth.json")):
        sys.exit("gen_case.py: %s is not empty and holds no truth.json" %
                 a.out)
    os.makedirs(a.out, exist_ok=True)
    truth = generate(a.seed, a.out)
    if not a.quiet:
        c = truth["counts"]
        print("seed %d: %s, %d release(s), attack %s, %s; %d files, %d "
              "CloudTrail records, %d Sign (%s), %d Rekor entries" % (
                  a.seed, truth["repo"], c["release_runs"],
                  truth["attacker"]["timing"],
                  "hijacked run" if truth["hijack"] else "no hijack",
                  c["files"], c["cloudtrail_records"], c["kms_sign_success"],
                  ", ".join("%d %s" % (list(truth["verdicts"].values())
                                       .count(v), v)
                            for v in ("accounted", "partial", "unaccounted")),
                  c["rekor_entries"]))


if __name__ == "__main__":
    main()
