#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generates the CI evidence of the sample incident (samples/README.md,
section "CI history evidence"):

  samples/evidence/github_actions/   what `gh api` returns for acme/widget:
      release-runs.json, ci-runs.json  workflow-run pages of release.yml and
                                       ci.yml, created 2026-10-01..2026-11-17
      jobs-<run id>.json               the jobs of each release.yml run
      run-11990233417-attempt-1.json   the hijacked run, fetched on its own
      ci-run-<id>-attempt-1.json       a ci.yml run's first (failed) attempt;
                                       the runs page shows its re-run
      audit-log.json                   the organisation audit log of acme for
                                       repo:acme/widget, 2026-11-01..11-17
  samples/evidence/jenkins/
      widget-image-publish-allBuilds.json  the retired Jenkins job's builds

Times fit the CloudTrail samples (samples/tools/gen_cloudtrail.py): each
AssumeRoleWithWebIdentity of a release session gha-<run id> falls in the
"Configure AWS credentials" step of that run's sign-and-publish job, and
its GetPublicKey and Sign calls in the "Sign artifacts (cosign)" step; every
widget-ci OIDC session (pushes to main) has a ci.yml run; every ci-legacy
ECR call from 203.0.113.50 has a Jenkins build.  The release assets, the
image pushes and their signatures of samples/evidence/registry fall in the
"Upload release assets" and "Push and sign the image (keyless)" steps.
Commits, authors and step names are those of samples/evidence/git.  The
CloudTrail times and git commits are copied below (CT_*, GIT), so this
script needs nothing but the standard library.

Run from the repository root: python3 samples/tools/gen_ci.py.  Fixed seed:
two runs give byte-identical files.  Output is compact JSON, as `gh api`
and Jenkins write it to a file.
"""
import base64
import copy
import datetime as dt
import hashlib
import json
import os
import random
import shutil

SEED = 20261109
OUT_GHA = "samples/evidence/github_actions"
OUT_JENKINS = "samples/evidence/jenkins"

ORG = "acme"
ORG_ID = 41873226
REPO = "acme/widget"
REPO_ID = 702113245
API = "https://api.github.com"
WEB = "https://github.com"

WF_RELEASE = {"id": 71234501, "name": "Release",
              "path": ".github/workflows/release.yml"}
WF_CI = {"id": 71234502, "name": "CI", "path": ".github/workflows/ci.yml"}

USERS = {
    "mchen": (5123401, "Mei Chen", "mchen@acme.example"),
    "apatel": (5123402, "Arjun Patel", "apatel@acme.example"),
    "dkowalski": (5123403, "Dorota Kowalski", "dkowalski@acme.example"),
    "jlindqvist": (5123404, "Johan Lindqvist", "jlindqvist@acme.example"),
    "acme-secadmin": (5123405, "Acme Security", "security@acme.example"),
    "dependabot[bot]": (49699333, "dependabot[bot]",
                        "49699333+dependabot[bot]@users.noreply.github.com"),
}
DEVS = ["mchen", "apatel", "dkowalski", "apatel", "dkowalski", "mchen"]

# CloudTrail facts (samples/evidence/cloudtrail, see samples/README.md).
# Release sessions: tag time, AssumeRoleWithWebIdentity, GetPublicKey, Signs.
CT_RELEASES = [
    ("v2.3.0", "11652093318", "2026-10-06T14:02:00Z", "2026-10-06T14:02:50Z",
     "2026-10-06T14:04:05Z",
     ["2026-10-06T14:04:09Z", "2026-10-06T14:04:13Z", "2026-10-06T14:04:17Z"]),
    ("v2.4.0", "11768420157", "2026-10-20T13:30:00Z", "2026-10-20T13:30:27Z",
     "2026-10-20T13:31:57Z",
     ["2026-10-20T13:32:03Z", "2026-10-20T13:32:06Z", "2026-10-20T13:32:15Z"]),
    ("v2.4.1", "11873645201", "2026-11-03T15:10:00Z", "2026-11-03T15:10:41Z",
     "2026-11-03T15:12:03Z",
     ["2026-11-03T15:12:08Z", "2026-11-03T15:12:17Z", "2026-11-03T15:12:22Z"]),
    ("v2.5.0", "12061877492", "2026-11-17T14:00:00Z", "2026-11-17T14:00:25Z",
     "2026-11-17T14:01:56Z",
     ["2026-11-17T14:02:02Z", "2026-11-17T14:02:11Z", "2026-11-17T14:02:20Z"]),
]
# The hijacked run: push to ci-test, then its CloudTrail calls.
CT_HIJACK = ("11990233417", "2026-11-09T10:12:00Z", "2026-11-09T10:12:31Z",
             "2026-11-09T10:13:02Z", ["2026-11-09T10:13:05Z"])
# widget-ci sessions (sub repo:acme/widget:ref:refs/heads/main).
CT_WIDGET_CI = """
2026-10-01T10:26:49Z 2026-10-02T09:26:22Z 2026-10-06T08:39:13Z
2026-10-06T11:56:55Z 2026-10-08T13:04:50Z 2026-10-09T08:39:20Z
2026-10-12T10:14:25Z 2026-10-12T15:44:03Z 2026-10-13T15:19:28Z
2026-10-14T15:17:33Z 2026-10-15T09:51:01Z 2026-10-15T12:42:10Z
2026-10-19T09:05:46Z 2026-10-19T15:48:21Z 2026-10-21T11:53:19Z
2026-10-21T15:27:48Z 2026-10-22T13:18:12Z 2026-10-23T13:06:11Z
2026-10-23T15:18:28Z 2026-10-26T10:07:33Z 2026-10-27T11:35:05Z
2026-10-28T12:36:18Z 2026-10-30T15:09:22Z 2026-11-02T13:14:53Z
2026-11-03T08:46:51Z 2026-11-03T08:47:41Z 2026-11-04T10:10:47Z
2026-11-06T09:44:52Z 2026-11-09T09:23:48Z 2026-11-10T13:10:03Z
2026-11-12T13:09:55Z 2026-11-12T16:13:42Z 2026-11-13T15:00:55Z
2026-11-16T09:27:04Z 2026-11-16T13:00:33Z 2026-11-17T12:07:34Z
""".split()
# ci-legacy's ecr:GetAuthorizationToken from the old Jenkins (203.0.113.50).
CT_JENKINS_ECR = """
2026-10-01T13:11:12Z 2026-10-02T11:40:07Z 2026-10-05T11:57:47Z
2026-10-06T11:56:35Z 2026-10-07T12:39:22Z 2026-10-08T13:04:47Z
2026-10-09T12:17:52Z 2026-10-12T13:00:30Z 2026-10-13T12:06:59Z
2026-10-14T13:22:51Z 2026-10-15T12:41:03Z
""".split()

# The git history of acme/widget as samples/evidence/git/acme-widget.gitlog
# records it (written by samples/tools/gen_tlog.py with the real git CLI):
# commit, committer time (UTC), author login, where (main, a pull-request
# branch, ci-test), tag, subject.  Release runs build the tag commits (the
# Fulcio certificates of the keyless image signatures name the same ones),
# the hijacked run the ci-test commit, pull-request runs the branch
# commits, and a ci.yml push run the head of main when it changed.
GIT = [
    ("c7a6c33f3eec25f8942347520755b8c437fc4300", "2026-09-02T08:14:37Z",
     "mchen", "main", "", "server: add --listen flag"),
    ("eab0564dea181f3c3b4f5432237e247133ce3ada", "2026-09-04T10:51:09Z",
     "apatel", "main", "", "config: read WIDGET_* environment variables"),
    ("f4c15c3bb51fa6c634456214c3548869261c6414", "2026-09-10T07:03:18Z",
     "mchen", "main", "", "Merge pull request #398 from acme/dependabot/"
     "go_modules/golang.org/x/net-0.29.0"),
    ("d3543bc3069ffac3c2d9c228ce417aea189d81e8", "2026-09-15T12:48:30Z",
     "dkowalski", "main", "", "server: add /healthz endpoint"),
    ("01515fddc73f87706f0931c70ce243b51c964a65", "2026-09-22T09:05:52Z",
     "jlindqvist", "main", "", "ci: cache Go modules"),
    ("ccccb722f327e2138a1c497367729c3ae02fd3c6", "2026-09-29T13:03:14Z",
     "apatel", "main", "", "config: fix race in reload"),
    ("af409b080639e68cfb6549da00f26052a3710a23", "2026-10-05T15:20:03Z",
     "dkowalski", "main", "", "docs: document the metrics endpoint"),
    ("27063a9bde7e06515680f33d47d06a4d55ceb9f4", "2026-10-06T13:55:12Z",
     "mchen", "main", "v2.3.0", "Release v2.3.0"),
    ("1c113fd1b5b919c85be72e0269b4ed63c65754b7", "2026-10-09T06:40:44Z",
     "apatel", "feature/metrics", "", "server: expose Prometheus metrics"),
    ("6df3b5ceae89b8d49176eb701dc7a7069b270f46", "2026-10-12T09:32:27Z",
     "apatel", "feature/metrics", "", "server: test the metrics handler"),
    ("e14a0eb91754afbab919fb6e1cdf1569d2b3b9b6", "2026-10-13T08:41:09Z",
     "mchen", "main", "", "Merge pull request #419 from acme/feature/"
     "metrics"),
    ("359853c5bd94ded60ef3cd85aaf38b58d2fde5d4", "2026-10-14T07:37:18Z",
     "dkowalski", "main", "", "scripts: build with -trimpath"),
    ("120e81b10636c223cf232664d144a69aaa553747", "2026-10-16T04:31:02Z",
     "dependabot[bot]", "dependabot/github_actions/actions/checkout-4.2.2",
     "", "Bump actions/checkout from 4.2.0 to 4.2.2"),
    ("e2b5c9ff07d66eff526314370369c5cd3ac36b23", "2026-10-17T09:15:36Z",
     "mchen", "main", "", "Merge pull request #426 from acme/dependabot/"
     "github_actions/actions/checkout-4.2.2"),
    ("a2e4bb26a6b8f06e780e278046b0611b9bf57438", "2026-10-20T13:24:40Z",
     "mchen", "main", "v2.4.0", "Release v2.4.0"),
    ("81ed296ed97857536f16bd91d5f5e3961bf7b9e8", "2026-10-23T08:12:50Z",
     "dkowalski", "main", "", "server: shut down gracefully on SIGTERM"),
    ("2ab3bc08ccbd922f9379d3327ec53f9726caab27", "2026-10-28T08:15:01Z",
     "apatel", "main", "", "config: fix nil dereference when the config "
     "file is missing"),
    ("6871de16297ac5c9fce0b0e056e8091c1d466686", "2026-11-03T15:06:03Z",
     "mchen", "main", "v2.4.1", "Release v2.4.1"),
    ("224906de56d6184b409090f1a1a0187624167cfc", "2026-11-05T10:02:45Z",
     "dkowalski", "main", "", "server: limit request body size to 1 MiB"),
    ("04dbc1eea90548aa6ce690049466f7299a471aa6", "2026-11-09T09:58:41Z",
     "jlindqvist", "ci-test", "", "ci: test release pipeline on a branch"),
    ("46b7e805d745c872f74cd15a90eb942abead7a98", "2026-11-10T08:48:26Z",
     "apatel", "main", "", "config: validate TLS settings at start-up"),
    ("535f371636d2033cf4b1471f5346e724b162828b", "2026-11-12T15:58:02Z",
     "mchen", "main", "", "config: don't crash on reload when the config "
     "file is a symlink (#412)"),
    ("75dc9a5c1a687a9ca013347f08d4d0d90888f7cf", "2026-11-12T16:21:47Z",
     "mchen", "main", "v2.4.2", "Release v2.4.2"),
    ("dbc4f922b37d512d7078793c7034d5f07d7cf678", "2026-11-13T13:12:07Z",
     "mchen", "main", "", "ci: require the release environment to sign"),
    ("dcb05ca406201b5c15e7a11c486370d3980ef6d4", "2026-11-14T08:40:18Z",
     "mchen", "main", "", "release: new signing key (KMS key rotated)"),
    ("103aaad19c7f93d5096fe35cc49cd23aa3c61708", "2026-11-16T05:56:59Z",
     "apatel", "main", "", "server: add request IDs to the access log"),
    ("d100f63f88a569352f4044f39049f1e8bfda61dd", "2026-11-17T13:53:31Z",
     "mchen", "main", "v2.5.0", "Release v2.5.0"),
]
PULLS = {"feature/metrics": 419,
         "dependabot/github_actions/actions/checkout-4.2.2": 426}

# What the GitHub release and the registry record of each version
# (samples/evidence/registry, samples/tools/gen_registry.py), in seconds
# after the last KMS Sign: the release assets from 4 s, the release
# published at 10 s, the image pushed (buildkit) at 14 s, signed keyless at
# 24 s (Rekor 1 s later, samples/tools/gen_tlog.py) and its signature
# pushed (cosign) at 27 s.  The sign job's steps are timed to hold them.
ASSETS_FIRST, PUBLISHED, IMAGE_PUSH, IMAGE_SIG = 4, 10, 14, 27
# Anchors for plausible, increasing run ids between the known ones.
RUN_ID_ANCHORS = [(r[3], int(r[1])) for r in CT_RELEASES] + \
    [(CT_HIJACK[1], int(CT_HIJACK[0]))]

rng = random.Random(SEED)


def t(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=dt.timezone.utc)


def iso(d):
    return d.strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(d):
    return d.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def epoch_ms(d):
    return int(d.timestamp()) * 1000 + rng.randint(0, 999)


def sec(n):
    return dt.timedelta(seconds=n)


def sha1(label):
    return hashlib.sha1(label.encode()).hexdigest()


def b64id(prefix, label, n=12):
    raw = hashlib.sha256(label.encode()).digest()[:n]
    return prefix + base64.b64encode(raw).decode().rstrip("=").replace(
        "+", "A").replace("/", "B")


def doc_id(label):
    raw = hashlib.sha256(("doc " + label).encode()).digest()[:16]
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")[:22]


def run_id_at(when):
    pts = sorted((t(a), i) for a, i in RUN_ID_ANCHORS)
    if when <= pts[0][0]:
        (t0, i0), (t1, i1) = pts[0], pts[1]
    elif when >= pts[-1][0]:
        (t0, i0), (t1, i1) = pts[-2], pts[-1]
    else:
        for k in range(len(pts) - 1):
            if pts[k][0] <= when <= pts[k + 1][0]:
                (t0, i0), (t1, i1) = pts[k], pts[k + 1]
                break
    rate = (i1 - i0) / (t1 - t0).total_seconds()
    return int(i0 + rate * (when - t0).total_seconds()) + rng.randint(-400,
                                                                      400)


def job_id(run_id, k):
    return int(run_id * 2.7841) + 1117 + 9 * k


def user(login):
    uid = USERS[login][0]
    bot = login.endswith("[bot]")
    u = "%s/users/%s" % (API, login.replace("[", "%5B").replace("]", "%5D"))
    return {
        "login": login, "id": uid,
        "node_id": b64id("MDM6Qm90" if bot else "MDQ6VXNlcj", login, 6),
        "avatar_url": "https://avatars.githubusercontent.com/u/%d?v=4" % uid,
        "gravatar_id": "", "url": u,
        "html_url": "%s/%s" % (WEB, "apps/dependabot" if bot else login),
        "followers_url": u + "/followers",
        "following_url": u + "/following{/other_user}",
        "gists_url": u + "/gists{/gist_id}",
        "starred_url": u + "/starred{/owner}{/repo}",
        "subscriptions_url": u + "/subscriptions",
        "organizations_url": u + "/orgs", "repos_url": u + "/repos",
        "events_url": u + "/events{/privacy}",
        "received_events_url": u + "/received_events",
        "type": "Bot" if bot else "User", "user_view_type": "public",
        "site_admin": False,
    }


def org_owner():
    u = "%s/users/%s" % (API, ORG)
    return {
        "login": ORG, "id": ORG_ID, "node_id": "O_kgDOAn7rSg",
        "avatar_url": "https://avatars.githubusercontent.com/u/%d?v=4" %
        ORG_ID, "gravatar_id": "", "url": u, "html_url": "%s/%s" % (WEB, ORG),
        "followers_url": u + "/followers",
        "following_url": u + "/following{/other_user}",
        "gists_url": u + "/gists{/gist_id}",
        "starred_url": u + "/starred{/owner}{/repo}",
        "subscriptions_url": u + "/subscriptions",
        "organizations_url": u + "/orgs", "repos_url": u + "/repos",
        "events_url": u + "/events{/privacy}",
        "received_events_url": u + "/received_events",
        "type": "Organization", "user_view_type": "public",
        "site_admin": False,
    }


def repository():
    r = "%s/repos/%s" % (API, REPO)
    d = {"id": REPO_ID, "node_id": "R_kgDOKdLsHQ", "name": "widget",
         "full_name": REPO, "private": True, "owner": org_owner(),
         "html_url": "%s/%s" % (WEB, REPO),
         "description": "widget CLI and release tooling", "fork": False,
         "url": r}
    for k, v in [
            ("forks_url", "/forks"), ("keys_url", "/keys{/key_id}"),
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
            ("downloads_url", "/downloads"), ("issues_url", "/issues{/number}"),
            ("pulls_url", "/pulls{/number}"),
            ("milestones_url", "/milestones{/number}"),
            ("notifications_url",
             "/notifications{?since,all,participating}"),
            ("labels_url", "/labels{/name}"),
            ("releases_url", "/releases{/id}"),
            ("deployments_url", "/deployments")]:
        d[k] = r + v
    return d


# ---------------------------------------------------------------- commits
class Commit:
    def __init__(self, sha, when, login, message, merge=False):
        self.sha = sha
        self.tree = sha1("tree " + sha)
        self.when = when
        self.login = login
        self.message = message
        self.merge = merge      # a merge made on GitHub (committer GitHub)

    @classmethod
    def synthetic(cls, label, when, login, message):
        return cls(sha1("acme/widget " + label), when, login, message, True)

    def head_commit(self):
        uid, name, email = USERS[self.login]
        if not self.login.endswith("[bot]"):
            email = "%s@acme.example" % self.login
        committer = {"name": "GitHub", "email": "noreply@github.com"} \
            if self.merge else {"name": name, "email": email}
        return {"id": self.sha, "tree_id": self.tree,
                "message": self.message, "timestamp": iso(self.when),
                "author": {"name": name, "email": email},
                "committer": committer}


def git_commits(where):
    return [Commit(sha, t(when), login, subj, subj.startswith("Merge "))
            for sha, when, login, w, tag, subj in GIT if w == where]


def git_tag(tag):
    for sha, when, login, w, tg, subj in GIT:
        if tg == tag:
            return Commit(sha, t(when), login, subj)
    raise KeyError(tag)


TOPICS = ["fix-config-reload", "bump-go-1.23", "cache-http-client",
          "retry-upload", "docs-install", "lint-cleanup", "metrics-labels",
          "refactor-archive", "tls-min-version", "sbom-format",
          "flaky-test-timeout", "arm64-build", "progress-bar", "deps-update",
          "error-wrapping", "ctx-cancel", "yaml-anchors", "release-notes"]


# ---------------------------------------------------------------- runs
def run_obj(run_id, wf, number, event, branch, commit, created, started,
            updated, status, conclusion, actor, title, prs=None):
    rid = str(run_id)
    base = "%s/repos/%s/actions/runs/%s" % (API, REPO, rid)
    csid = int(run_id * 2.6403) + 311
    return {
        "id": run_id, "name": wf["name"],
        "node_id": b64id("WFR_kwLOKdLsHc8AAAAC", rid, 6),
        "head_branch": branch, "head_sha": commit.sha, "path": wf["path"],
        "display_title": title, "run_number": number, "event": event,
        "status": status, "conclusion": conclusion, "workflow_id": wf["id"],
        "check_suite_id": csid,
        "check_suite_node_id": b64id("CS_kwDOKdLsHc8AAAAG", str(csid), 6),
        "url": base, "html_url": "%s/%s/actions/runs/%s" % (WEB, REPO, rid),
        "pull_requests": prs or [], "created_at": iso(created),
        "updated_at": iso(updated), "actor": user(actor), "run_attempt": 1,
        "referenced_workflows": [], "run_started_at": iso(started),
        "triggering_actor": user(actor), "jobs_url": base + "/jobs",
        "logs_url": base + "/logs",
        "check_suite_url": "%s/repos/%s/check-suites/%d" % (API, REPO, csid),
        "artifacts_url": base + "/artifacts", "cancel_url": base + "/cancel",
        "rerun_url": base + "/rerun", "previous_attempt_url": None,
        "workflow_url": "%s/repos/%s/actions/workflows/%d" % (API, REPO,
                                                              wf["id"]),
        "head_commit": commit.head_commit(), "repository": repository(),
        "head_repository": repository(),
    }


def step(n, name, start, end, conclusion="success"):
    return {"name": name, "status": "completed", "conclusion": conclusion,
            "number": n, "started_at": iso_ms(start),
            "completed_at": iso_ms(end)}


HOSTED = {"labels": ["ubuntu-22.04"], "runner_group_id": 2,
          "runner_group_name": "GitHub Actions"}
BUILD07 = {"labels": ["self-hosted", "linux", "x64", "build"],
           "runner_id": 17, "runner_name": "build-07", "runner_group_id": 1,
           "runner_group_name": "Default"}


def job_obj(run, jid, name, branch, created, started, completed, steps,
            runner):
    rid = str(run["id"])
    j = {"id": jid, "run_id": run["id"], "workflow_name": run["name"],
         "head_branch": branch,
         "run_url": "%s/repos/%s/actions/runs/%s" % (API, REPO, rid),
         "run_attempt": 1, "node_id": b64id("CR_kwDOKdLsHc8AAAAH", str(jid),
                                            6),
         "head_sha": run["head_sha"],
         "url": "%s/repos/%s/actions/jobs/%d" % (API, REPO, jid),
         "html_url": "%s/%s/actions/runs/%s/job/%d" % (WEB, REPO, rid, jid),
         "status": "completed", "conclusion": "success",
         "created_at": iso(created), "started_at": iso(started),
         "completed_at": iso(completed), "name": name, "steps": steps,
         "check_run_url": "%s/repos/%s/check-runs/%d" % (API, REPO, jid),
         "labels": runner["labels"], "runner_id": runner["runner_id"],
         "runner_name": runner["runner_name"],
         "runner_group_id": runner["runner_group_id"],
         "runner_group_name": runner["runner_group_name"]}
    return j


def hosted_runner():
    n = rng.randint(2, 40)
    r = dict(HOSTED)
    r["runner_id"] = n
    r["runner_name"] = "GitHub Actions %d" % n
    return r


def checkout_step(when):
    """The checkout action's name: bumped to v4.2.2 on 2026-10-17 (#426)."""
    v = "v4.2.2" if when >= t("2026-10-17T09:15:36Z") else "v4.2.0"
    return "Run actions/checkout@" + v


def build_job(run, branch, b0, b1):
    co = checkout_step(b0)
    steps = [
        step(1, "Set up job", b0, b0 + sec(1)),
        step(2, co, b0 + sec(1), b0 + sec(2)),
        step(3, "Run actions/setup-go@v5", b0 + sec(2), b0 + sec(4)),
        step(4, "Build release archives", b0 + sec(4), b1 - sec(3)),
        step(5, "Run actions/upload-artifact@v4", b1 - sec(3), b1 - sec(1)),
        step(9, "Post Run actions/setup-go@v5", b1 - sec(1), b1 - sec(1)),
        step(10, "Post " + co, b1 - sec(1), b1),
        step(11, "Complete job", b1, b1),
    ]
    return job_obj(run, job_id(run["id"], 0), "build", branch,
                   b0 - sec(2), b0, b1, steps, hosted_runner())


def sign_job(run, branch, a, p, signs, hijack):
    """
    The sign-and-publish job (the steps of release.yml in the git
    evidence): AssumeRoleWithWebIdentity at a falls in "Configure AWS
    credentials", GetPublicKey (p) and the Signs (and their Rekor entries,
    1-2 s later) in "Sign artifacts (cosign)", the release assets and the
    publication in "Upload release assets", the image push, its keyless
    signature and the signature push in "Push and sign the image
    (keyless)".  The hijacked run skips those two (they are for tags only)
    and leaves with the signed archive as a workflow artifact.
    """
    s0 = a - sec(4)
    last = signs[-1]
    co = checkout_step(s0)
    dl = 12 if hijack else 36
    sign1 = last + sec(ASSETS_FIRST - 1)
    up1 = last + sec(PUBLISHED + 1)
    img1 = last + sec(IMAGE_SIG + 2)
    if hijack:
        up1 = img1 = sign1
    steps = [
        step(1, "Set up job", s0, s0 + sec(1)),
        step(2, co, s0 + sec(1), s0 + sec(2)),
        step(3, "Configure AWS credentials", s0 + sec(2), a + sec(2)),
        step(4, "Download build artifacts", a + sec(2), a + sec(dl)),
        step(5, "Install cosign", a + sec(dl), p - sec(2)),
        step(6, "Sign artifacts (cosign)", p - sec(2), sign1),
        step(7, "Upload release assets", sign1, up1,
             "skipped" if hijack else "success"),
        step(8, "Push and sign the image (keyless)", up1, img1,
             "skipped" if hijack else "success"),
        step(9, "Notify release channel", img1, img1 + sec(1)),
        step(10, "Run actions/upload-artifact@v4", img1 + sec(1),
             img1 + sec(6 if hijack else 3)),
    ]
    e = img1 + sec(6 if hijack else 3)
    steps += [
        step(18, "Post Configure AWS credentials", e, e),
        step(19, "Post " + co, e, e + sec(1)),
        step(20, "Complete job", e + sec(1), e + sec(1)),
    ]
    end = e + sec(1)
    return job_obj(run, job_id(run["id"], 1), "sign-and-publish", branch,
                   s0 - sec(2), s0, end, steps,
                   BUILD07 if hijack else hosted_runner()), end


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"


def write(path, obj):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(dumps(obj))


# ---------------------------------------------------------------- main
def main():
    for d in (OUT_GHA, OUT_JENKINS):
        if os.path.isdir(d):
            shutil.rmtree(d)
        os.makedirs(d)

    # Pushes to main: one per widget-ci session.  The push carries the
    # head of main of the git history when that changed since the last
    # push; the other pushes carry merge commits the git export does not
    # show (see samples/README.md).
    ci_times = [t(s) for s in CT_WIDGET_CI]
    git_main = git_commits("main")
    pushes = []         # (commit, pushed, assume time)
    last_head = git_main[0]
    for c in git_main:
        if c.when < ci_times[0]:
            last_head = c
    pr_no = 431
    for k, a in enumerate(ci_times):
        pushed = a - sec(rng.randint(62, 98))
        head = last_head
        for c in git_main:
            if c.when <= pushed - sec(60):
                head = c
        if head.sha != last_head.sha:
            c = head
        else:
            topic = TOPICS[k % len(TOPICS)]
            c = Commit.synthetic(
                "main %d" % k, pushed - sec(40), DEVS[k % len(DEVS)],
                "Merge pull request #%d from acme/%s\n\n%s" % (
                    pr_no, topic, topic.replace("-", " ").capitalize()))
            pr_no += rng.randint(1, 3)
        last_head = head
        pushes.append((c, pushed, a))

    def main_head_at(when):
        head = None
        for c, pushed, _ in pushes:
            if pushed <= when:
                head = c
        return head

    runs_ci = []
    audit_runs = []     # (run, jobs [(name, start, runner)], completed)
    number = 1183
    for c, pushed, a in pushes:
        created = pushed + sec(1)
        rid = run_id_at(created)
        dur = rng.randint(150, 290)
        conclusion = "success"
        if c.sha.startswith(("0", "1")):
            conclusion = "failure"
        updated = a + sec(dur)
        pusher = "mchen" if c.login.endswith("[bot]") else c.login
        run = run_obj(rid, WF_CI, number, "push", "main", c, created, created,
                      updated, "completed", conclusion, pusher,
                      c.message.split("\n")[0])
        number += 1
        runs_ci.append(run)
        audit_runs.append((run, [("test", created + sec(5),
                                  hosted_runner()),
                                 ("image", a - sec(12), hosted_runner())],
                           updated, None))

    # pull request runs of ci.yml (no AWS access): the branch commits
    for sha, when, login, where, tag, subj in GIT:
        if where not in PULLS or t(when) < ci_times[0]:
            continue
        c = Commit(sha, t(when), login, subj)
        created = t(when) + sec(rng.randint(40, 90))
        base = main_head_at(created)
        prn = PULLS[where]
        prs = [{"url": "%s/repos/%s/pulls/%d" % (API, REPO, prn),
                "id": 2100000000 + prn * 37, "number": prn,
                "head": {"ref": where, "sha": c.sha,
                         "repo": {"id": REPO_ID, "url": "%s/repos/%s" % (
                             API, REPO), "name": "widget"}},
                "base": {"ref": "main", "sha": base.sha if base else c.sha,
                         "repo": {"id": REPO_ID, "url": "%s/repos/%s" % (
                             API, REPO), "name": "widget"}}}]
        rid = run_id_at(created)
        updated = created + sec(rng.randint(140, 260))
        run = run_obj(rid, WF_CI, number, "pull_request", where, c, created,
                      created, updated, "completed", "success", login,
                      subj, prs)
        number += 1
        runs_ci.append(run)
        audit_runs.append((run, [("test", created + sec(6),
                                  hosted_runner())], updated, None))

    # The first failed push run was re-run: the runs page shows its
    # second attempt; the first is fetched on its own
    # (gh api repos/acme/widget/actions/runs/<id>/attempts/1).
    for run in runs_ci:
        if run["conclusion"] == "failure" and run["event"] == "push":
            first = copy.deepcopy(run)
            again = t(run["updated_at"]) + sec(180)
            run["run_attempt"] = 2
            run["conclusion"] = "success"
            run["run_started_at"] = iso(again)
            run["updated_at"] = iso(again + sec(211))
            run["previous_attempt_url"] = run["url"] + "/attempts/1"
            write(os.path.join(OUT_GHA, "ci-run-%d-attempt-1.json" %
                               run["id"]), first)
            break

    runs_ci.sort(key=lambda r: r["created_at"], reverse=True)
    write(os.path.join(OUT_GHA, "ci-runs.json"),
          {"total_count": len(runs_ci), "workflow_runs": runs_ci})

    # release.yml runs: four tag pushes and the hijacked ci-test run
    runs_rel = []
    rel_number = 41
    plan = []
    for ver, rid, tag, a, p, signs in CT_RELEASES:
        plan.append(("release", ver, int(rid), t(tag), t(a), t(p),
                     [t(s) for s in signs]))
    hid, hpush, ha, hp, hs = CT_HIJACK
    plan.append(("hijack", "ci-test", int(hid), t(hpush), t(ha), t(hp),
                 [t(s) for s in hs]))
    plan.sort(key=lambda x: x[3])
    for kind, branch, rid, pushed, a, p, signs in plan:
        created = pushed + sec(2)
        if kind == "release":
            c = git_tag(branch)
            actor = "mchen"
        else:
            c = git_commits("ci-test")[0]
            actor = "jlindqvist"
        run = run_obj(rid, WF_RELEASE, rel_number, "push", branch, c,
                      created, created, created, "completed", "success",
                      actor, c.message)
        rel_number += 1
        b0 = created + sec(3)
        b1 = a - sec(6)
        bj = build_job(run, branch, b0, b1)
        sj, end = sign_job(run, branch, a, p, signs, kind == "hijack")
        run["updated_at"] = iso(end + sec(2))
        write(os.path.join(OUT_GHA, "jobs-%d.json" % rid),
              {"total_count": 2, "jobs": [bj, sj]})
        if kind == "hijack":
            write(os.path.join(OUT_GHA, "run-%d-attempt-1.json" % rid), run)
        runs_rel.append(run)
        jobs = [("build", t(bj["started_at"]),
                 {"runner_name": bj["runner_name"], "labels": bj["labels"],
                  "runner_id": bj["runner_id"],
                  "runner_group_name": bj["runner_group_name"]}),
                ("sign-and-publish", t(sj["started_at"]),
                 {"runner_name": sj["runner_name"], "labels": sj["labels"],
                  "runner_id": sj["runner_id"],
                  "runner_group_name": sj["runner_group_name"]})]
        audit_runs.append((run, jobs, end + sec(2), kind))
    runs_rel.sort(key=lambda r: r["created_at"], reverse=True)
    write(os.path.join(OUT_GHA, "release-runs.json"),
          {"total_count": len(runs_rel), "workflow_runs": runs_rel})

    write_audit(audit_runs)
    write_jenkins(pushes)


# ---------------------------------------------------------------- audit log
WINDOW = (t("2026-11-01T00:00:00Z"), t("2026-11-17T23:59:59Z"))
UA_WEB = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/"
          "537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36")
UA_TOR = "Mozilla/5.0 (Windows NT 10.0; rv:128.0) Gecko/20100101 Firefox/128.0"
OFFICE_IP = {"mchen": "198.51.100.14", "apatel": "198.51.100.21",
             "dkowalski": "198.51.100.22", "jlindqvist": "198.51.100.23",
             "acme-secadmin": "198.51.100.10"}
ATTACKER_IP = "185.220.101.52"


def audit_base(label, action, when, actor, extra, ip=None, country="US",
               ua=None, op="modify"):
    ms = epoch_ms(when)
    e = {"@timestamp": ms, "_document_id": doc_id(label), "action": action,
         "actor": actor, "actor_id": USERS[actor][0] if actor in USERS else 0,
         "actor_is_bot": False}
    if ip:
        e["actor_ip"] = ip
    e["actor_location"] = {"country_code": country}
    e["business"] = ""
    e["business_id"] = 0
    e["created_at"] = ms
    e["operation_type"] = op
    e["org"] = ORG
    e["org_id"] = ORG_ID
    e.update(extra)
    if ua:
        e["user_agent"] = ua
    return e


def write_audit(audit_runs):
    entries = []
    for run, jobs, completed, kind in audit_runs:
        created = t(run["created_at"])
        if not (WINDOW[0] <= created <= WINDOW[1]):
            continue
        actor = run["actor"]["login"]
        # the hijacked run was pushed from the attacker's Tor exit
        country = "DE" if kind == "hijack" else "US"
        common = {"event": run["event"], "head_branch": run["head_branch"],
                  "head_sha": run["head_sha"], "name": run["name"],
                  "public_repo": False, "repo": REPO, "repo_id": REPO_ID,
                  "run_attempt": 1, "run_number": run["run_number"],
                  "workflow_id": run["workflow_id"],
                  "workflow_run_id": run["id"]}
        tid = int(run["check_suite_id"])
        e = dict(common)
        e.update({"started_at": iso(created), "trigger_id": tid,
                  "topic": "cp1-iad.ingest.github.actions.v0.WorkflowUpdate"})
        entries.append(audit_base("created %d" % run["id"],
                                  "workflows.created_workflow_run", created,
                                  actor, e, country=country, op="create"))
        wf = "%s/%s@refs/%s/%s" % (REPO, run["path"], "heads",
                                   run["head_branch"])
        if kind == "release":
            wf = "%s/%s@refs/tags/%s" % (REPO, run["path"],
                                         run["head_branch"])
        if run["event"] == "pull_request":
            wf = "%s/%s@refs/pull/%d/merge" % (
                REPO, run["path"], run["pull_requests"][0]["number"])
        for jname, jstart, r in jobs:
            secrets = ["GITHUB_TOKEN"]
            if jname == "sign-and-publish":
                secrets = ["GITHUB_TOKEN", "SLACK_RELEASE_WEBHOOK"]
            e = dict(common)
            e.update({"is_hosted_runner": r["runner_group_name"] ==
                      "GitHub Actions",
                      "job_name": jname, "job_workflow_ref": wf,
                      "permissions": {"contents": "write",
                                      "id-token": "write"}
                      if jname == "sign-and-publish" else
                      {"contents": "read", "id-token": "write"}
                      if jname == "image" else {"contents": "read"},
                      "runner_group_id": 1 if r["runner_group_name"] ==
                      "Default" else 0,
                      "runner_group_name": r["runner_group_name"],
                      "runner_id": r["runner_id"],
                      "runner_labels": r["labels"],
                      "runner_name": r["runner_name"],
                      "secrets_passed": secrets,
                      "started_at": iso(jstart), "trigger_id": tid})
            entries.append(audit_base("prepared %d %s" % (run["id"], jname),
                                      "workflows.prepared_workflow_job",
                                      jstart, actor, e, country=country,
                                      op="create"))
        e = dict(common)
        e.update({"completed_at": iso(completed),
                  "conclusion": run["conclusion"],
                  "started_at": run["run_started_at"], "trigger_id": tid,
                  "topic": "cp1-iad.ingest.github.actions.v0.WorkflowUpdate"})
        entries.append(audit_base("completed %d" % run["id"],
                                  "workflows.completed_workflow_run",
                                  completed, actor, e, country=country))

    # the compromised account before the hijacked run
    rp = {"repo": REPO, "repo_id": REPO_ID, "public_repo": False}
    entries.append(audit_base(
        "secret jl", "repo.update_actions_secret",
        t("2026-11-09T09:57:38Z"), "jlindqvist", dict(rp), ATTACKER_IP,
        "DE", UA_TOR))
    # routine noise, out of scope
    for when, who in [("2026-11-02T10:05:11Z", "apatel"),
                      ("2026-11-05T15:41:27Z", "dkowalski"),
                      ("2026-11-10T09:12:03Z", "mchen"),
                      ("2026-11-16T11:30:48Z", "apatel")]:
        entries.append(audit_base("zip %s" % when, "repo.download_zip",
                                  t(when), who, dict(rp), OFFICE_IP[who],
                                  ua=UA_WEB, op="access"))
    # containment on 2026-11-13 by the security admin
    sa = "acme-secadmin"
    entries.append(audit_base(
        "remove jl", "org.remove_member", t("2026-11-13T10:02:16Z"), sa,
        {"user": "jlindqvist", "user_id": USERS["jlindqvist"][0]},
        OFFICE_IP[sa], ua=UA_WEB, op="remove"))
    entries.append(audit_base(
        "secret restore", "repo.update_actions_secret",
        t("2026-11-13T10:20:11Z"), sa, dict(rp), OFFICE_IP[sa], ua=UA_WEB))
    e = dict(rp)
    e.update({"environment_name": "release"})
    entries.append(audit_base(
        "env rule", "environment.update_protection_rule",
        t("2026-11-13T10:24:37Z"), sa, e, OFFICE_IP[sa], ua=UA_WEB))
    e = dict(rp)
    e.update({"ruleset_name": "protect release tags",
              "ruleset_enforcement": "active", "ruleset_source_type":
              "Repository"})
    entries.append(audit_base(
        "ruleset", "repository_ruleset.create", t("2026-11-13T10:31:02Z"),
        sa, e, OFFICE_IP[sa], ua=UA_WEB, op="create"))
    e = dict(rp)
    e.update({"runner_id": 17, "runner_name": "build-07"})
    entries.append(audit_base(
        "runner", "org.remove_self_hosted_runner", t("2026-11-13T10:36:45Z"),
        sa, e, OFFICE_IP[sa], ua=UA_WEB, op="remove"))

    entries = [dict(sorted(e.items())) for e in entries]
    entries.sort(key=lambda x: (x["@timestamp"], x["_document_id"]),
                 reverse=True)
    write(os.path.join(OUT_GHA, "audit-log.json"), entries)


# ---------------------------------------------------------------- Jenkins
JENKINS = "https://jenkins.acme.internal"


def write_jenkins(pushes):
    """
    The retired Jenkins job that built and pushed the container image with
    ci-legacy's access key: one build per weekday until 2026-10-15 (each
    October build holds one of ci-legacy's ECR calls), of the head of main
    (polled: "Started by an SCM change" when it moved, else the timer).
    """
    starts = []
    day = t("2026-09-14T00:00:00Z")
    while day < t("2026-10-01T00:00:00Z"):
        if day.weekday() < 5:
            starts.append((day + sec(rng.randint(11 * 3600,
                                                 13 * 3600 + 1800)), None))
        day += dt.timedelta(days=1)
    for s in CT_JENKINS_ECR:
        starts.append((t(s) - sec(rng.randint(48, 85)), t(s)))
    # what main held: the git history until the first push of the window
    heads = [(c.when + sec(60), c) for c in git_commits("main")
             if c.when + sec(60) < pushes[0][1]]
    heads += [(pushed, c) for c, pushed, _ in pushes]
    builds = []
    number = 388
    prev = None
    for k, (start, ecr) in enumerate(starts):
        head = None
        for when, c in heads:
            if when <= start:
                head = c
        sha = head.sha
        cause = {"_class": "hudson.triggers.SCMTrigger$SCMTriggerCause",
                 "shortDescription": "Started by an SCM change"}
        if sha == prev:
            cause = {"_class":
                     "hudson.triggers.TimerTrigger$TimerTriggerCause",
                     "shortDescription": "Started by timer"}
        prev = sha
        dur = rng.randint(205000, 335000)
        result = "SUCCESS"
        if ecr is None and k == 6:
            result = "FAILURE"
        url = "%s/job/widget-image-publish/%d/" % (JENKINS, number)
        builds.append({
            "_class": "hudson.model.FreeStyleBuild",
            "actions": [
                {"_class": "hudson.model.CauseAction", "causes": [cause]},
                {},
                {"_class": "hudson.plugins.git.util.BuildData",
                 "lastBuiltRevision": {
                     "_class": "hudson.plugins.git.Revision",
                     "SHA1": sha, "branch": [
                         {"SHA1": sha, "name": "refs/remotes/origin/main"}]},
                 "remoteUrls": ["https://github.com/acme/widget.git"]},
                {"_class": "hudson.plugins.git.GitTagAction"},
                {},
                {"_class": "org.jenkinsci.plugins.displayurlapi.actions."
                 "RunDisplayAction"}],
            "building": False, "builtOn": "legacy-agent-01",
            "duration": dur, "number": number, "result": result,
            "timestamp": int(start.timestamp()) * 1000 +
            rng.randint(0, 999), "url": url})
        number += 1
    builds.reverse()
    doc = {"_class": "hudson.model.FreeStyleProject", "disabled": True,
           "fullName": "widget-image-publish", "allBuilds": builds,
           "url": "%s/job/widget-image-publish/" % JENKINS}
    write(os.path.join(OUT_JENKINS, "widget-image-publish-allBuilds.json"),
          doc)


if __name__ == "__main__":
    main()
