#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""gen_bench.py - the benchmark case of `make bench`, and the baseline.

  gen_bench.py case --out DIR [--signs N] [--jobs N] [--tlog N] [--seed N]
  gen_bench.py baseline --db FILE DIR
  gen_bench.py run OUT -- CMD...

case: a year of one organisation's release signing, in the formats of
tests/tools/gen_case.py (whose record builders it uses), at scale:
  * CloudTrail S3 delivery files of the signing region, 1000 records per
    .json.gz, in time order: N successful KMS Sign calls (default
    1,000,000) made by N/10 release-pipeline sessions, each opened by an
    AssumeRoleWithWebIdentity (OIDC subject repo:<org>/<repo>:ref:refs/
    tags/<tag>, role session gha-<run id>) and a GetPublicKey; an attacker
    (a leaked IAM user's sts:AssumeRole sessions) signing 60 times; five
    hijacked branch runs signing twice each; and out-of-scope noise (KMS
    Decrypt of application sessions, 20 % of the signatures) with the
    sessions that issue it;
  * GitHub Actions, per repository (N/10 runs over --repos repositories,
    at most 1000 runs each, so one `created=` query per repository stays
    under the API's search cap): the release workflow's runs pages
    (gh api -X GET repos/<o>/<r>/actions/workflows/release.yml/runs
    --paginate, 100 per page) and the job pages of every run (gh api
    .../runs/<id>/jobs, one after the other), --jobs jobs in all (default
    100,000: one signing job of nine steps per run), gzipped;
  * scaled down: Rekor entries (JSON Lines of GET /api/v1/log/entries/
    <uuid> answers, gzipped) for the signatures of every k-th release run,
    --tlog in all (default 10,000), with real ECDSA signatures by a P-256
    stand-in of the KMS key and inclusion proofs that verify (the signed
    entry timestamps are placeholders), and the GitHub releases of those
    runs, whose asset digests are the signed digests.
  DIR/manifest.json lists the counts and sizes.  The same arguments give
  the same bytes.

baseline: a plain Python standard-library ingest of DIR's CloudTrail
.json.gz files into SQLite (gzip + json + sqlite3): the in-scope records
(sigtrail's default scope table) with sigtrail's event columns, unique on
(source, native_id), with the same indexes; with --all every record, the
others with action "other" (what sigtrail ingest --all-events stores).
Prints records read/stored.

run: runs CMD, writes "<wall seconds> <peak RSS KiB>" to OUT (the peak
RSS of CMD and its children, from wait4) - for shells without GNU time.
"""

import argparse
import calendar
import gzip
import hashlib
import json
import multiprocessing
import os
import random
import sqlite3
import sys
import time

sys.dont_write_bytecode = True      # no __pycache__ in the source tree
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "tools"))
import gen_case as G    # noqa: E402

DAY = 86400
YEAR0 = 1767225600          # 2026-01-01T00:00:00Z
ACCOUNT = "512907346188"
REGION = "eu-north-1"
ORG = "quarrylight"


def skey(seed, *parts):
    """A stable 20-character access key id from its parts."""
    h = hashlib.sha256(("%d " % seed + " ".join(map(str, parts)))
                       .encode()).digest()
    return "ASIA" + "".join(G.UPPER_ALNUM[b % 32] for b in h[:16])


class Plan:
    """Who signs when: computed once, cheap, shared by the workers."""

    def __init__(self, a):
        self.seed, self.n_signs, self.n_jobs = a.seed, a.signs, a.jobs
        self.sessions = max(1, a.signs // 10)
        self.days = max(1, min(365, self.sessions // 20))
        self.n_repos = max(1, min(a.repos, self.sessions, 1000))
        rng = random.Random("bench plan %d" % a.seed)
        self.repos = ["svc-%03d" % i for i in range(self.n_repos)]
        self.key_id = G.uuid4(rng)
        self.key_arn = "arn:aws:kms:%s:%s:key/%s" % (REGION, ACCOUNT,
                                                      self.key_id)
        self.alias = "alias/%s-release-signing" % ORG
        self.tlog_every = max(1, self.sessions // max(1, a.tlog // 10)) \
            if a.tlog else 0
        base, rem = divmod(a.signs, self.sessions)
        jb, jr = divmod(a.jobs, self.sessions)
        # (t, repo index, signatures, jobs, run id) per session, by time
        sess, used = [], set()
        per_day, pr = divmod(self.sessions, self.days)
        i = 0
        for d in range(self.days):
            for k in range(per_day + (1 if d < pr else 0)):
                t = YEAR0 + d * DAY + rng.randint(0, DAY - 900)
                sess.append(t)
        sess.sort()
        self.plan = []
        for i, t in enumerate(sess):
            run = 14000000000 + (t - YEAR0) * 38 + i % 37
            while run in used:
                run += 1
            used.add(run)
            self.plan.append((t, i % self.n_repos, base + (i < rem),
                              jb + (i < jr), run))
        # day -> [session index], repo -> [session index]
        self.by_day = [[] for _ in range(self.days)]
        self.by_repo = [[] for _ in range(self.n_repos)]
        for i, p in enumerate(self.plan):
            self.by_day[(p[0] - YEAR0) // DAY].append(i)
            self.by_repo[p[1]].append(i)
        # the tag of each session: its rank among its repository's runs
        self.tag = {}
        for r, idx in enumerate(self.by_repo):
            for n, i in enumerate(idx):
                self.tag[i] = "v%d.%d.%d" % (1 + n // 400, n // 20 % 20,
                                             n % 20)
        self.attack_days = sorted(rng.sample(range(self.days),
                                             min(6, self.days)))
        self.hijack_days = sorted(rng.sample(range(self.days),
                                             min(5, self.days)))

    def logged(self, i):
        return self.tlog_every and i % self.tlog_every == 0

    def digest(self, i, k):
        return G.sha256hex("bench %d %d %d" % (self.seed, i, k))


def _setup(plan):
    global P, CASE
    P = plan
    c = G.Case(plan.seed)
    c.acct, c.region, c.full = ACCOUNT, REGION, ORG + "/" + plan.repos[0]
    c.org, c.repo = ORG, plan.repos[0]
    c.key_arn, c.key_id, c.alias = plan.key_arn, plan.key_id, plan.alias
    c.oidc = "arn:aws:iam::%s:oidc-provider/token.actions." \
        "githubusercontent.com" % ACCOUNT
    r = random.Random("bench cast %d" % plan.seed)
    c.signer = G.Principal(ACCOUNT, "role", "%s-release-signer" % ORG, r,
                           "AROA")
    c.app_role = G.Principal(ACCOUNT, "role", "%s-api" % ORG, r, "AROA")
    c.leaked = G.Principal(ACCOUNT, "user", "legacy-deployer", r, "AIDA")
    c.leaked.key = "AKIA" + G.rstr(r, 16, G.UPPER_ALNUM)
    c.kms_key = G.EcKey("bench kms %s" % plan.key_arn)
    c.data_key = "arn:aws:kms:%s:%s:key/%s" % (REGION, ACCOUNT, G.uuid4(r))
    CASE = c


def _ct_day(d):
    """Day d's CloudTrail: files written; returns counts and tlog rows."""
    c, p = CASE, P
    c.rng = random.Random("bench day %d %d" % (p.seed, d))
    c.ct = []
    c.tlog = []
    rng = c.rng
    cac, cos = c.cac_ua(), c.cosign_ua()
    for i in p.by_day[d]:
        t, repo, n, _, run = p.plan[i]
        full = "%s/%s" % (ORG, p.repos[repo])
        ip = "%s.%d.%d" % (G.HOSTED_PREFIXES[i % 12], i % 251 + 1,
                           i // 251 % 251 + 1)
        sess = G.Session(c.signer, "gha-%d" % run, t, skey(p.seed, i),
                         web=True)
        sub = "repo:%s:ref:refs/tags/%s" % (full, p.tag[i])
        web = {"type": "WebIdentityUser",
               "principalId": "%s:sts.amazonaws.com:%s" % (c.oidc, sub),
               "userName": sub, "identityProvider": c.oidc}
        c.rec(t, "sts.amazonaws.com", "AssumeRoleWithWebIdentity", REGION,
              web, ip, cac, {"roleArn": c.signer.arn,
                             "roleSessionName": sess.name,
                             "durationSeconds": 3600},
              {"credentials": {"accessKeyId": sess.key,
                               "sessionToken": G.session_token(rng, 120),
                               "expiration": G.human(t + 3600)},
               "subjectFromWebIdentityToken": sub,
               "audience": "sts.amazonaws.com", "provider": c.oidc,
               "assumedRoleUser": {"assumedRoleId": "%s:%s" % (
                   c.signer.pid, sess.name), "arn": sess.arn}}, True,
              resources=c.role_resources(c.signer),
              tls_host="sts.%s.amazonaws.com" % REGION)
        ident = sess.identity(c.oidc)
        ts = t + 60
        c.kms_call(ts, "GetPublicKey", ident, ip, cos, {"keyId": c.alias})
        logged = p.logged(i)
        for k in range(n):
            ts += 3
            r = c.kms_call(ts, "Sign", ident, ip, cos,
                           c.sign_req(c.alias))
            if logged:
                c.tlog.append((ts + 1, p.digest(i, k), i, k))
    # the attacker: sts:AssumeRole with the leaked key, ten signatures
    if d in p.attack_days:
        t = YEAR0 + d * DAY + rng.randint(0, DAY - 3600)
        uid = G.iam_user_identity(c.leaked, c.leaked.key)
        s = G.Session(c.signer, "maintenance", t, skey(p.seed, "atk", d))
        c.rec(t, "sts.amazonaws.com", "AssumeRole", "us-east-1", uid,
              "185.220.100.%d" % (d % 200 + 2), c.cli_ua("sts.assume-role"),
              {"roleArn": c.signer.arn, "roleSessionName": s.name},
              {"credentials": {"accessKeyId": s.key,
                               "sessionToken": G.session_token(rng, 120),
                               "expiration": G.human(t + 3600)},
               "assumedRoleUser": {"assumedRoleId": "%s:%s" % (
                   c.signer.pid, s.name), "arn": s.arn}}, False,
              resources=c.role_resources(c.signer))
        for k in range(10):
            c.kms_call(t + 60 + 30 * k, "Sign", s.identity(),
                       "185.220.100.%d" % (d % 200 + 2),
                       c.cli_ua("kms.sign"), c.sign_req(c.key_id))
    # a hijacked run of a branch: two signatures, nothing published
    if d in p.hijack_days:
        t = YEAR0 + d * DAY + rng.randint(0, DAY - 3600)
        run = 14000000000 + (t - YEAR0) * 38 + 37
        full = "%s/%s" % (ORG, p.repos[d % p.n_repos])
        sub = "repo:%s:ref:refs/heads/ci-test-%d" % (full, d)
        s = c.assume_web(t, sub, c.signer, "gha-%d" % run, "52.176.1.%d" %
                         (d % 250 + 1), cac)
        for k in range(2):
            c.kms_call(t + 40 + 4 * k, "Sign", s.identity(c.oidc),
                       "52.176.1.%d" % (d % 250 + 1), cos,
                       c.sign_req(c.alias))
    # noise: the API's data-key calls (out of scope) and their sessions
    n_noise = int(p.n_signs * NOISE) // p.days
    inst = []
    for h in range(0, 24, 6):
        tc = YEAR0 + d * DAY + h * 3600 + rng.randint(0, 300)
        for k in range(4):
            name = "i-0%016x" % (hash_int(p.seed, d, h, k))
            s = G.Session(c.app_role, name, tc, skey(p.seed, "ec2", d, h, k),
                          ec2=True)
            inst.append(s)
            c.rec(tc, "sts.amazonaws.com", "AssumeRole", REGION,
                  {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"},
                  "ec2.amazonaws.com", "ec2.amazonaws.com",
                  {"roleArn": c.app_role.arn, "roleSessionName": name},
                  {"credentials": {"accessKeyId": s.key,
                                   "sessionToken": G.session_token(rng, 120),
                                   "expiration": G.human(tc + 21600)},
                   "assumedRoleUser": {"assumedRoleId": "%s:%s" % (
                       c.app_role.pid, name), "arn": s.arn}}, True,
                  resources=c.role_resources(c.app_role), shared=True)
    boto = "Boto3/1.35.%d md/Botocore#1.35.%d ua/2.0 os/linux#5.10.225-213." \
        "amzn2.x86_64 md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython " \
        "cfg/retry-mode#legacy Botocore/1.35.%d" % (d % 90, d % 90, d % 90)
    for k in range(n_noise):
        tc = YEAR0 + d * DAY + 1800 + rng.randint(0, DAY - 1801)
        s = inst[min(len(inst) - 1, (tc - YEAR0 - d * DAY) // 21600 * 4 +
                     k % 4)]
        c.rec(tc, "kms.amazonaws.com", "Decrypt", REGION, s.identity(),
              "10.0.%d.%d" % (k % 250, k // 250 % 250 + 1), boto,
              {"encryptionAlgorithm": "SYMMETRIC_DEFAULT",
               "encryptionContext": {"tenant": "t-%d" % (k % 97)}}, None,
              True, resources=[{"accountId": ACCOUNT,
                                "type": "AWS::KMS::Key",
                                "ARN": c.data_key}],
              tls_host="kms.%s.amazonaws.com" % REGION)
    # 1000 records per file, in time order, delivered 5 minutes after
    c.ct.sort(key=lambda x: (x[0], x[2]["eventID"]))
    files = raw = comp = 0
    base = os.path.join(OUT, "cloudtrail", "AWSLogs", ACCOUNT, "CloudTrail",
                        REGION)
    for j in range(0, len(c.ct), 1000):
        chunk = c.ct[j:j + 1000]
        dl = chunk[-1][0] + 300
        dl -= dl % 60
        path = os.path.join(base, time.strftime("%Y/%m/%d", time.gmtime(dl)),
                            "%s_CloudTrail_%s_%s_%s.json.gz" % (
                                ACCOUNT, REGION, time.strftime(
                                    "%Y%m%dT%H%MZ", time.gmtime(dl)),
                                G.rstr(rng, 16)))
        body = G.compact({"Records": [r for (_, _, r) in chunk]}).encode()
        z = G.gz(body)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(z)
        files += 1
        raw += len(body)
        comp += len(z)
    # the Rekor bodies of the day's logged signatures
    pub = G.b64(G.pem("PUBLIC KEY", c.kms_key.spki).encode())
    tl = []
    for (t, dg, i, k) in c.tlog:
        sig = c.kms_key.sign_digest(bytes.fromhex(dg))
        body = G.canon({"apiVersion": "0.0.1", "kind": "hashedrekord",
                        "spec": {"data": {"hash": {"algorithm": "sha256",
                                                   "value": dg}},
                                 "signature": {"content": G.b64(sig),
                                               "publicKey": {
                                                   "content": pub}}}})
        tl.append((t, body))
    in_scope = sum(1 for (_, _, r) in c.ct if r["eventName"] != "Decrypt")
    return {"files": files, "records": len(c.ct), "in_scope": in_scope,
            "signs": sum(1 for (_, _, r) in c.ct
                         if r["eventName"] == "Sign"),
            "raw": raw, "gz": comp}, tl


def hash_int(*parts):
    return int.from_bytes(hashlib.sha256(" ".join(map(str, parts))
                                         .encode()).digest()[:8], "big")


def _gh_repo(r):
    """One repository's runs pages, jobs pages and releases."""
    c, p = CASE, P
    c.rng = random.Random("bench repo %d %d" % (p.seed, r))
    name = p.repos[r]
    c.full, c.repo = "%s/%s" % (ORG, name), name
    c.repo_obj = G.gh_repo(ORG, 91234567, name, 700000000 + r,
                           "%s service" % name)
    c.gh_ids = {"release-manager": 61000001}
    c.people = [("Release", "Manager")]
    # ids unique across the workers: the repository is the low digits
    seq = iter(range(1, 1 << 40))
    c.job_id_at = lambda t: 40000000000 + next(seq) * 1000 + r
    c.unique = lambda lo, hi: lo + next(seq) * 1000 + r
    runs, jobs, rels = [], [], []
    for n, i in enumerate(p.by_repo[r]):
        t, _, k, nj, run = p.plan[i]
        tag, sha = p.tag[i], "%040x" % hash_int(p.seed, "sha", i)
        end = t + 60 + 3 * k + 40
        runs.append(c.make_run("release.yml", "Release", 88000001, run,
                               n + 1, tag, sha, "push", "release-manager",
                               t - 20, t - 20, end + 2, "success",
                               "Release " + tag))
        for j in range(nj):
            runner = {"name": "GitHub Actions %d" % (hash_int(i, j) % 1000 +
                                                      1),
                      "id": 1, "labels": ["ubuntu-24.04"],
                      "group": ("GitHub Actions", 2)}
            t0 = t - 10 + j * 5
            steps = [("Set up job", t0, t0 + 2, "success"),
                     ("Run actions/checkout@v4", t0 + 2, t0 + 4, "success"),
                     ("Configure AWS credentials", t0 + 4, t0 + 12,
                      "success"),
                     ("Build", t0 + 12, t + 55, "success"),
                     ("Install cosign", t + 55, t + 59, "success"),
                     ("Sign artifacts (cosign)", t + 59, t + 62 + 3 * k,
                      "success"),
                     ("Upload release assets", t + 62 + 3 * k, end - 2,
                      "success"),
                     ("Post Run actions/checkout@v4", end - 2, end - 1,
                      "success"),
                     ("Complete job", end - 1, end, "success")]
            jobs.append(c.make_job(run, 1, "sign-and-publish" if j == 0 else
                                   "build-%d" % j, tag, sha, "Release",
                                   runner, t0 - 2, steps))
        if p.logged(i):
            assets = [({"name": "%s-%d.tar.gz" % (name, a),
                        "digest": "sha256:" + p.digest(i, a)},
                       t + 64 + 3 * k + a) for a in range(k)]
            c.releases = []
            c.trigger = "push"
            c.release_object(tag, sha, False, t, end, assets)
            rels.extend(c.releases)
    out = os.path.join(OUT, "github", name)
    os.makedirs(out, exist_ok=True)
    runs.sort(key=lambda x: (x["created_at"], x["id"]), reverse=True)
    with open(os.path.join(out, "release-runs.json.gz"), "wb") as f:
        f.write(G.gz("".join(
            G.compact({"total_count": len(runs),
                       "workflow_runs": runs[j:j + 100]}) + "\n"
            for j in range(0, len(runs), 100)).encode()))
    by_run = {}
    for jb in jobs:
        by_run.setdefault(jb["run_id"], []).append(jb)
    with open(os.path.join(out, "release-jobs.json.gz"), "wb") as f:
        f.write(G.gz("".join(
            G.compact({"total_count": len(v), "jobs": v}) + "\n"
            for _, v in sorted(by_run.items())).encode()))
    if rels:
        rels.sort(key=lambda x: (x["published_at"], x["id"]), reverse=True)
        with open(os.path.join(out, "releases.json"), "w") as f:
            for j in range(0, len(rels), 30):
                f.write(json.dumps(rels[j:j + 30]) + "\n")
    return len(runs), len(jobs), len(rels), sum(len(x["assets"])
                                                for x in rels)


def gen_case(a):
    global OUT, NOISE
    OUT, NOISE = a.out, a.noise
    if os.path.exists(a.out):
        sys.exit("gen_bench.py: %s exists" % a.out)
    t0 = time.time()
    plan = Plan(a)
    with multiprocessing.Pool(a.procs, initializer=_init,
                              initargs=(plan, a.out, a.noise)) as pool:
        ct = pool.map(_ct_day, range(plan.days), chunksize=4)
        gh = pool.map(_gh_repo, range(plan.n_repos), chunksize=2)
    # Rekor: one log, proofs against the tree head of the download
    tlog = sorted((t, body) for _, tl in ct for (t, body) in tl)
    n_tlog = len(tlog)
    if tlog:
        write_rekor(plan, tlog, a.out)
    m = {"seed": a.seed, "signs_requested": a.signs, "jobs_requested": a.jobs,
         "sessions": plan.sessions, "repos": plan.n_repos,
         "days": plan.days,
         "cloudtrail": {k: sum(x[0][k] for x in ct)
                        for k in ("files", "records", "in_scope", "signs",
                                  "raw", "gz")},
         "github": {"runs": sum(x[0] for x in gh),
                    "jobs": sum(x[1] for x in gh),
                    "releases": sum(x[2] for x in gh),
                    "assets": sum(x[3] for x in gh)},
         "rekor_entries": n_tlog, "key_arn": plan.key_arn,
         "seconds": round(time.time() - t0, 1)}
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(m, f, indent=1)
        f.write("\n")
    print(json.dumps(m))


def _init(plan, out, noise):
    global OUT, NOISE
    OUT, NOISE = out, noise
    _setup(plan)


def write_rekor(plan, tlog, out):
    rng = random.Random("bench rekor %d" % plan.seed)
    log_key = G.EcKey("bench rekor log %d" % plan.seed)
    log_id = hashlib.sha256(log_key.spki).hexdigest()
    tree_id = rng.getrandbits(62) | (1 << 61)
    shard0 = 1100000000
    tree = G.VirtualTree(b"bench %d" % plan.seed)
    ents, last = [], 0
    for t, body in tlog:
        body = body.encode()
        leaf = hashlib.sha256(b"\x00" + body).digest()
        idx = max(1500000000 + (t - YEAR0) * 21 + rng.randint(0, 20),
                  last + 1)
        last = idx
        ents.append((t, body, leaf, idx))
    # all the leaves at once (add() would clear the memo each time)
    tree.idx = sorted(e[3] - shard0 for e in ents)
    tree.leaf = {e[3] - shard0: e[2] for e in ents}
    tree.memo = {}
    size = last - shard0 + 86400 * 21
    root = tree.mth(0, size)
    note = "rekor.sigstore.dev - %d\n%d\n%s\n" % (tree_id, size,
                                                  G.b64(root))
    cp = note + "\n\u2014 rekor.sigstore.dev %s\n" % G.b64(
        bytes.fromhex(log_id)[:4] + log_key.sign_digest(
            hashlib.sha256(note.encode()).digest()))
    set_placeholder = G.b64(log_key.sign_digest(b"\x00" * 32))
    d = os.path.join(out, "rekor")
    os.makedirs(d, exist_ok=True)
    for j in range(0, len(ents), 1000):
        lines = []
        for t, body, leaf, idx in ents[j:j + 1000]:
            path = tree.path(idx - shard0, 0, size)
            lines.append(G.compact({"%016x%s" % (tree_id, leaf.hex()): {
                "body": G.b64(body), "integratedTime": t, "logID": log_id,
                "logIndex": idx, "verification": {
                    "inclusionProof": {
                        "checkpoint": cp, "hashes": [h.hex() for h in path],
                        "logIndex": idx - shard0, "rootHash": root.hex(),
                        "treeSize": size},
                    "signedEntryTimestamp": set_placeholder}}}))
        with open(os.path.join(d, "entries-%04d.jsonl.gz" % (j // 1000)),
                  "wb") as f:
            f.write(G.gz(("\n".join(lines) + "\n").encode()))


# ---------------------------------------------------------------------------
# the baseline: a plain Python ingest of the CloudTrail files

SCOPE = {
    "kms": {"Sign": "sign", "Verify": "verify", "GetPublicKey": "key.read",
            "DescribeKey": "key.read", "CreateKey": "key.create",
            "ReplicateKey": "key.create", "EnableKey": "key.enable",
            "DisableKey": "key.disable", "ScheduleKeyDeletion": "key.delete",
            "CancelKeyDeletion": "key.delete", "PutKeyPolicy": "key.policy",
            "CreateGrant": "key.grant", "RevokeGrant": "key.grant",
            "RetireGrant": "key.grant", "CreateAlias": "key.alias",
            "UpdateAlias": "key.alias", "DeleteAlias": "key.alias",
            "ImportKeyMaterial": "key.import",
            "DeleteImportedKeyMaterial": "key.import",
            "GetParametersForImport": "key.import"},
    "sts": dict.fromkeys(["AssumeRole", "AssumeRoleWithWebIdentity",
                          "AssumeRoleWithSAML", "GetSessionToken",
                          "GetFederationToken", "AssumeRoot"],
                         "session.assume"),
    "signin": {"ConsoleLogin": "session.login"},
    "cloudtrail": dict.fromkeys(["StopLogging", "StartLogging",
                                 "DeleteTrail", "UpdateTrail",
                                 "PutEventSelectors", "PutInsightSelectors"],
                                "audit.config"),
}

BASELINE_SCHEMA = """
CREATE TABLE events (id INTEGER PRIMARY KEY, ts_us INTEGER, ts TEXT,
 source TEXT, action TEXT, operation TEXT, outcome TEXT, error_code TEXT,
 error_message TEXT, actor TEXT, session TEXT, key_ref TEXT, key_raw TEXT,
 repo TEXT, ref TEXT, src_ip TEXT, user_agent TEXT, native_id TEXT,
 evidence TEXT, attrs TEXT, raw BLOB, UNIQUE (source, native_id));
CREATE INDEX events_ts ON events(ts_us);
CREATE INDEX events_action_ts ON events(action, ts_us);
CREATE INDEX events_key ON events(key_ref, ts_us);
CREATE INDEX events_session ON events(session);
"""


def baseline_row(rec, path, everything=False):
    src = rec.get("eventSource", "")
    name = rec.get("eventName", "")
    action = SCOPE.get(src.split(".")[0], {}).get(name)
    if action is None and not everything:
        return None
    if action is None:
        action = "other"
    ui = rec.get("userIdentity") or {}
    req = rec.get("requestParameters") or {}
    resp = rec.get("responseElements") or {}
    actor = ui.get("arn")
    sname = None
    if ui.get("type") == "AssumedRole":
        actor = ui.get("sessionContext", {}).get("sessionIssuer", {}).get(
            "arn", actor)
        sname = (ui.get("arn") or "").rsplit("/", 1)[-1]
    elif ui.get("type") == "WebIdentityUser":
        actor = ui.get("userName")
    key = ui.get("accessKeyId")
    session = "%s/%s" % (key, sname) if key and sname else key
    repo = ref = None
    if action == "session.assume":
        issued = (resp.get("credentials") or {}).get("accessKeyId")
        name2 = req.get("roleSessionName")
        session = "%s/%s" % (issued, name2) if issued and name2 else issued
        sub = resp.get("subjectFromWebIdentityToken") or ""
        if sub.startswith("repo:"):
            parts = sub.split(":")
            repo = parts[1]
            if ":ref:" in sub:
                ref = sub.split(":ref:", 1)[1].split(":")[0]
    key_ref = None
    for r in rec.get("resources") or []:
        if r.get("type") == "AWS::KMS::Key" and ":key/" in r.get("ARN", ""):
            key_ref = r["ARN"]
            break
    t = rec["eventTime"]
    ts_us = calendar.timegm(time.strptime(t, "%Y-%m-%dT%H:%M:%SZ")) * \
        1000000
    attrs = json.dumps({"request": req, "response": resp,
                        "region": rec.get("awsRegion")},
                       separators=(",", ":"))
    return (ts_us, t, "cloudtrail", action, src.split(".")[0] + ":" + name,
            "failure" if rec.get("errorCode") else "success",
            rec.get("errorCode"), rec.get("errorMessage"), actor, session,
            key_ref, req.get("keyId"), repo, ref,
            rec.get("sourceIPAddress"), rec.get("userAgent"),
            rec.get("eventID"), path, attrs,
            json.dumps(rec, separators=(",", ":")).encode())


def baseline(a):
    if os.path.exists(a.db):
        os.unlink(a.db)
    db = sqlite3.connect(a.db)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(BASELINE_SCHEMA)
    paths = []
    for root, dirs, files in os.walk(a.dir):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files)
                  if f.endswith(".json.gz")]
    read = stored = 0
    sql = "INSERT OR IGNORE INTO events (ts_us, ts, source, action, " \
        "operation, outcome, error_code, error_message, actor, session, " \
        "key_ref, key_raw, repo, ref, src_ip, user_agent, native_id, " \
        "evidence, attrs, raw) VALUES (%s)" % ",".join("?" * 20)
    for p in paths:
        with gzip.open(p, "rb") as f:
            doc = json.load(f)
        rows = []
        for rec in doc.get("Records", []):
            read += 1
            row = baseline_row(rec, p, a.all)
            if row:
                rows.append(row)
        with db:
            db.executemany(sql, rows)
        stored += len(rows)
    db.close()
    print("baseline: %d files, %d records read, %d %s" % (
        len(paths), read, stored, "stored" if a.all else "in scope"))


def run_timed(a):
    t0 = time.monotonic()
    pid = os.fork() if a.cmd else 0
    if pid == 0:
        os.execvp(a.cmd[0], a.cmd)
    _, status, ru = os.wait4(pid, 0)
    wall = time.monotonic() - t0
    with open(a.out, "w") as f:
        f.write("%.2f %d\n" % (wall, ru.ru_maxrss))
    sys.exit(os.waitstatus_to_exitcode(status))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="what", required=True)
    c = sub.add_parser("case")
    c.add_argument("--out", required=True)
    c.add_argument("--signs", type=int, default=1000000)
    c.add_argument("--jobs", type=int, default=100000)
    c.add_argument("--tlog", type=int, default=10000)
    c.add_argument("--repos", type=int, default=200)
    c.add_argument("--noise", type=float, default=0.2,
                   help="out-of-scope records per signature")
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--procs", type=int, default=os.cpu_count() or 2)
    b = sub.add_parser("baseline")
    b.add_argument("--db", required=True)
    b.add_argument("--all", action="store_true",
                   help="store every record, as sigtrail's --all-events")
    b.add_argument("dir")
    r = sub.add_parser("run")
    r.add_argument("out")
    r.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    if a.what == "case":
        gen_case(a)
    elif a.what == "baseline":
        baseline(a)
    else:
        if a.cmd and a.cmd[0] == "--":
            a.cmd = a.cmd[1:]
        run_timed(a)


if __name__ == "__main__":
    main()
