#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generate the registry and release evidence of the sample incident.

Writes, under samples/evidence/registry/ (deleted and rewritten on every
run):

  github/acme-widget-releases.json
      what `gh api repos/acme/widget/releases --paginate
      > acme-widget-releases.json` printed on 2026-11-18: one page, the
      five releases newest first, each with its three assets and their
      sha256 digests.
  ghcr/<YYYYMMDDTHHMMSSZ>-<request id>.http
      the notification POSTs the ghcr.io/acme/widget registry made to
      Acme's webhook receiver, saved verbatim by the receiver (request
      line, headers, blank line, the JSON envelope).

Deterministic: a fixed seed, no clock; two runs give identical bytes.
Python 3 standard library only.  Run from the repository root:

    python3 samples/tools/gen_registry.py

The digests printed at the end are the ones listed in samples/README.md
(section "Registries and releases evidence"); other generators that need
them (Rekor entries, bundles) must use the same values.
"""

import base64
import hashlib
import json
import os
import random
import shutil
import uuid

SEED = 20261118
OUT = os.path.join("samples", "evidence", "registry")
REPO = "acme/widget"
API = "https://api.github.com/repos/" + REPO

rng = random.Random(SEED)


def h(text):
    """A plausible, stable SHA-256 hex digest for a named object."""
    return hashlib.sha256(("sigtrail-sample:" + text).encode()).hexdigest()


def uid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def nanos(base):
    """base "YYYY-MM-DDTHH:MM:SS" + a random nanosecond fraction + Z."""
    return "%s.%09dZ" % (base, rng.randrange(10 ** 9))


def shift(ts, seconds):
    """Add seconds to "YYYY-MM-DDTHH:MM:SS" (same day; no rollover here)."""
    d, t = ts.split("T")
    hh, mm, ss = (int(x) for x in t.split(":"))
    s = hh * 3600 + mm * 60 + ss + seconds
    assert 0 <= s < 86400, ts
    return "%sT%02d:%02d:%02d" % (d, s // 3600, s % 3600 // 60, s % 60)


ASSETS = [
    ("widget-linux-amd64.tar.gz", "application/gzip", 7341270),
    ("widget-darwin-arm64.tar.gz", "application/gzip", 7012885),
    ("widget-windows-amd64.zip", "application/zip", 7604117),
]

# The releases.  sign: the last KMS Sign of the release run (CloudTrail,
# truth.json); runner: the run's GitHub-hosted runner address.
RELEASES = [
    {"tag": "v2.3.0", "id": 254301877, "run": "11652093318",
     "commit_date": "2026-10-06T13:55:12", "sign": "2026-10-06T14:04:17",
     "runner": "20.57.99.215", "downloads": (412, 188, 96)},
    {"tag": "v2.4.0", "id": 256920413, "run": "11768420157",
     "commit_date": "2026-10-20T13:24:40", "sign": "2026-10-20T13:32:15",
     "runner": "20.102.169.165", "downloads": (389, 201, 117)},
    {"tag": "v2.4.1", "id": 259877102, "run": "11873645201",
     "commit_date": "2026-11-03T15:06:03", "sign": "2026-11-03T15:12:22",
     "runner": "40.84.223.96", "downloads": (305, 144, 88)},
    # the manual hotfix: no CI run, no image; m.chen built the three
    # archives on a workstation and uploaded them with `gh release upload`
    {"tag": "v2.4.2", "id": 261334519, "run": None,
     "commit_date": "2026-11-12T16:21:47", "sign": "2026-11-12T16:40:18",
     "runner": None, "downloads": (97, 41, 23),
     "uploads": ("2026-11-12T17:03:12", "2026-11-12T17:03:40",
                 "2026-11-12T17:04:05"),
     "published": "2026-11-12T17:05:09"},
    {"tag": "v2.5.0", "id": 262041886, "run": "12061877492",
     "commit_date": "2026-11-17T13:53:31", "sign": "2026-11-17T14:02:20",
     "runner": "20.57.58.242", "downloads": (36, 12, 7)},
]

BOT = {"login": "github-actions[bot]", "id": 41898282,
       "node_id": "MDM6Qm90NDE4OTgyODI=", "type": "Bot"}
# GitHub accounts as in gen_ci.py (node ids made the same way)
MCHEN = {"login": "mchen", "id": 5123401, "type": "User",
         "node_id": "MDQ6VXNlcj" + base64.b64encode(hashlib.sha256(
             b"mchen").digest()[:6]).decode().rstrip("=").replace(
             "+", "A").replace("/", "B")}


def user(u):
    login = u["login"]
    base = "https://api.github.com/users/" + login.replace("[", "%5B").replace("]", "%5D")
    return {
        "login": login, "id": u["id"], "node_id": u["node_id"],
        "avatar_url": ("https://avatars.githubusercontent.com/in/15368?v=4"
                       if u["type"] == "Bot" else
                       "https://avatars.githubusercontent.com/u/%d?v=4" % u["id"]),
        "gravatar_id": "", "url": base,
        "html_url": ("https://github.com/apps/github-actions"
                     if u["type"] == "Bot" else "https://github.com/" + login),
        "followers_url": base + "/followers",
        "following_url": base + "/following{/other_user}",
        "gists_url": base + "/gists{/gist_id}",
        "starred_url": base + "/starred{/owner}{/repo}",
        "subscriptions_url": base + "/subscriptions",
        "organizations_url": base + "/orgs",
        "repos_url": base + "/repos",
        "events_url": base + "/events{/privacy}",
        "received_events_url": base + "/received_events",
        "type": u["type"], "user_view_type": "public", "site_admin": False,
    }


def node(prefix, n):
    return prefix + base64.b64encode(n.to_bytes(8, "big")).decode().rstrip("=")


def asset_digest(tag, name):
    return "sha256:" + h("%s %s %s" % (REPO, tag, name))


def image_digest(tag):
    return "sha256:" + h("ghcr.io/%s:%s image index" % (REPO, tag))


ATTACK_SUBJECT = "sha256:" + h("image staged by the attacker")


def gen_releases():
    out = []
    asset_id = 301447210
    for i, r in enumerate(RELEASES):
        manual = r["run"] is None
        uploader = MCHEN if manual else BOT
        if manual:
            created = list(r["uploads"])
            published = r["published"]
        else:
            # `gh release create "$TAG" dist/*` in the job's "Upload
            # release assets" step (last Sign + 3 s to + 10 s, gen_ci.py):
            # a draft, the three uploads, then the release is published
            created = [shift(r["sign"], s) for s in (4, 6, 8)]
            published = shift(r["sign"], 10)
        r["published_at"] = published + "Z"
        assets = []
        for j, (name, ctype, size) in enumerate(ASSETS):
            aid = asset_id + i * 1000 + j * 7
            assets.append({
                "url": "%s/releases/assets/%d" % (API, aid),
                "id": aid,
                "node_id": node("RA_kwDOL2bXZM4", aid),
                "name": name,
                "label": "",
                "uploader": user(uploader),
                "content_type": ctype,
                "state": "uploaded",
                "size": size + 1013 * i,
                "digest": asset_digest(r["tag"], name),
                "download_count": r["downloads"][j],
                "created_at": created[j] + "Z",
                "updated_at": shift(created[j], 1 + j % 2) + "Z",
                "browser_download_url":
                    "https://github.com/%s/releases/download/%s/%s" % (REPO, r["tag"], name),
            })
        ver = r["tag"][1:]
        if manual:
            body = ("Hotfix for #412 (config reload crashes on Linux when the "
                    "config file is a symlink).\n\nBuilt and uploaded manually; "
                    "see the incident channel.")
        else:
            body = ("## What's Changed\n* Release %s by @github-actions in "
                    "https://github.com/%s/actions/runs/%s\n\n**Full Changelog**: "
                    "https://github.com/%s/commits/%s" % (ver, REPO, r["run"], REPO, r["tag"]))
        out.append({
            "url": "%s/releases/%d" % (API, r["id"]),
            "assets_url": "%s/releases/%d/assets" % (API, r["id"]),
            "upload_url": "https://uploads.github.com/repos/%s/releases/%d/assets{?name,label}" % (REPO, r["id"]),
            "html_url": "https://github.com/%s/releases/tag/%s" % (REPO, r["tag"]),
            "id": r["id"],
            "author": user(uploader),
            "node_id": node("RE_kwDOL2bXZM4", r["id"]),
            "tag_name": r["tag"],
            "target_commitish": "main",
            "name": "Widget %s" % ver,
            "draft": False,
            "immutable": False,
            "prerelease": False,
            "created_at": r["commit_date"] + "Z",
            "published_at": published + "Z",
            "assets": assets,
            "tarball_url": "%s/tarball/%s" % (API, r["tag"]),
            "zipball_url": "%s/zipball/%s" % (API, r["tag"]),
            "body": body,
        })
    out.reverse()			# the API lists the newest first
    path = os.path.join(OUT, "github", "acme-widget-releases.json")
    with open(path, "w") as f:
        f.write(json.dumps(out, separators=(",", ":")) + "\n")
    return path


# ------------------------------------------------------------------
# ghcr.io registry notifications

INSTANCES = [uid() for _ in range(3)]
SOURCES = ["ghcr-registry-%d:5000" % n for n in (2, 5, 7)]
RECEIVER = "hooks.acme.example"


def blob_event(ts, digest, size, req, actor):
    return {
        "id": uid(), "timestamp": nanos(ts), "action": "push",
        "target": {
            "mediaType": "application/octet-stream", "size": size,
            "digest": digest, "length": size, "repository": REPO,
            "url": "https://ghcr.io/v2/%s/blobs/%s" % (REPO, digest),
        },
        "request": req, "actor": {"name": actor} if actor else {},
        "source": req["_source"],
    }


def manifest_event(ts, action, digest, size, tag, req, actor,
                   media="application/vnd.oci.image.manifest.v1+json"):
    target = {"mediaType": media, "size": size, "digest": digest,
              "length": size, "repository": REPO,
              "url": "https://ghcr.io/v2/%s/manifests/%s" % (REPO, digest)}
    if tag:
        target["tag"] = tag
    return {"id": uid(), "timestamp": nanos(ts), "action": action,
            "target": target, "request": req,
            "actor": {"name": actor} if actor else {},
            "source": req["_source"]}


def delete_event(ts, digest, req, actor):
    return {"id": uid(), "timestamp": nanos(ts), "action": "delete",
            "target": {"digest": digest, "repository": REPO},
            "request": req, "actor": {"name": actor},
            "source": req["_source"]}


def request(ip, method, ua):
    k = rng.randrange(3)
    return {"id": uid(), "addr": "%s:%d" % (ip, rng.randrange(32768, 60999)),
            "host": "ghcr.io", "method": method, "useragent": ua,
            "_source": {"addr": SOURCES[k], "instanceID": INSTANCES[k]}}


def strip(events):
    for e in events:
        e["request"] = {k: v for k, v in e["request"].items() if k != "_source"}
    return events


def write_capture(ts, events):
    body = json.dumps({"events": strip(events)}, indent=2) + "\n"
    raw = body.encode()
    head = ("POST /registry/events HTTP/1.1\r\n"
            "Host: %s\r\n"
            "User-Agent: Go-http-client/1.1\r\n"
            "Content-Length: %d\r\n"
            "Content-Type: application/vnd.docker.distribution.events.v2+json\r\n"
            "Accept-Encoding: gzip\r\n"
            "X-Forwarded-For: 140.82.115.%d\r\n"
            "\r\n" % (RECEIVER, len(raw), rng.randrange(2, 250)))
    name = "%s-%s.http" % (ts.replace("-", "").replace(":", ""), events[0]["id"][:8])
    with open(os.path.join(OUT, "ghcr", name), "wb") as f:
        f.write(head.encode() + raw)
    return name


BUILDKIT = "buildkit/v0.17.2"
COSIGN = "cosign/v2.4.1 (linux; amd64) go-containerregistry/v0.20.2"
ATTACKER_UA = "cosign/v2.4.1 (linux; amd64) go-containerregistry/v0.20.2"


def gen_registry():
    files = []
    images = {}
    for r in RELEASES:
        if r["run"] is None:
            continue		# the hotfix published no image
        tag = r["tag"]
        t_img = shift(r["sign"], 14)
        req = request(r["runner"], "PUT", BUILDKIT)
        layers = [("sha256:" + h("%s layer %d" % (tag, n)), s)
                  for n, s in ((1, 3624187), (2, 8812044))]
        config = ("sha256:" + h("%s config" % tag), 1473)
        ev = [blob_event(shift(t_img, -6 + n), d, s, req, "github-actions[bot]")
              for n, (d, s) in enumerate(layers + [config])]
        img = image_digest(tag)
        images[tag] = img
        ev.append(manifest_event(t_img, "push", img, 1052, tag, req,
                                 "github-actions[bot]"))
        files.append(write_capture(t_img + "Z", ev))
        # keyless cosign signature (Fulcio certificate, no KMS call)
        t_sig = shift(r["sign"], 27)
        req = request(r["runner"], "PUT", COSIGN)
        payload = ("sha256:" + h("%s simplesigning payload" % tag), 233)
        sconf = ("sha256:" + h("%s signature config" % tag), 248)
        ev = [blob_event(shift(t_sig, -2), payload[0], payload[1], req,
                         "github-actions[bot]"),
              blob_event(shift(t_sig, -1), sconf[0], sconf[1], req,
                         "github-actions[bot]")]
        sig = "sha256:" + h("%s cosign signature manifest" % tag)
        r["image_digest"] = img
        r["signature_manifest"] = sig
        ev.append(manifest_event(t_sig, "push", sig, 2641,
                                 "sha256-%s.sig" % img[7:], req,
                                 "github-actions[bot]"))
        files.append(write_capture(t_sig + "Z", ev))
    # routine pulls by the deployment (out of scope)
    for day, tag in (("2026-10-07T08:12:40", "v2.3.0"),
                     ("2026-10-21T08:15:02", "v2.4.0"),
                     ("2026-11-04T08:11:57", "v2.4.1"),
                     ("2026-11-18T08:13:26", "v2.5.0")):
        req = request("34.89.112.7", "GET", "containerd/1.7.24")
        files.append(write_capture(day + "Z", [
            manifest_event(day, "pull", images[tag], 1052, tag, req,
                           "acme-deploy")]))
    # the attacker: a signature made with the KMS key (cosign sign
    # --key awskms:///alias/widget-release) for an image no release
    # produced, pushed with the compromised GitHub account of Johan
    # Lindqvist (the account that pushes ci-test on 2026-11-09 and is
    # removed from the organisation at containment, gen_ci.py)
    t = "2026-11-06T22:05:37"
    req = request("185.220.101.47", "PUT", ATTACKER_UA)
    payload = ("sha256:" + h("attacker simplesigning payload"), 236)
    sconf = ("sha256:" + h("attacker signature config"), 248)
    ev = [blob_event(shift(t, -2), payload[0], payload[1], req, "jlindqvist"),
          blob_event(shift(t, -1), sconf[0], sconf[1], req, "jlindqvist")]
    attack_sig = "sha256:" + h("attacker cosign signature manifest")
    ev.append(manifest_event(t, "push", attack_sig, 1340,
                             "sha256-%s.sig" % ATTACK_SUBJECT[7:], req,
                             "jlindqvist"))
    files.append(write_capture(t + "Z", ev))
    # containment: the security team deletes that signature manifest
    t = "2026-11-13T10:20:44"
    req = request("198.51.100.10", "DELETE", "gh/2.62.0 (linux; amd64)")
    files.append(write_capture(t + "Z", [delete_event(t, attack_sig, req,
                                                      "acme-secadmin")]))
    return files, attack_sig


def main():
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    for sub in ("github", "ghcr"):
        os.makedirs(os.path.join(OUT, sub))
    gen_releases()
    files, attack_sig = gen_registry()
    print("wrote %s (%d registry captures)" % (OUT, len(files)))
    print("| release | published | asset | sha256 |")
    for r in RELEASES:
        for name, _, _ in ASSETS:
            print("| %s | %s | %s | %s |" % (r["tag"], r["published_at"], name,
                                             asset_digest(r["tag"], name)))
    print("| image | tag | manifest digest | signature manifest |")
    for r in RELEASES:
        if "image_digest" in r:
            print("| ghcr.io/%s | %s | %s | %s |" % (REPO, r["tag"], r["image_digest"],
                                                     r["signature_manifest"]))
    print("attacker: signed subject %s, signature manifest %s" % (ATTACK_SUBJECT, attack_sig))


if __name__ == "__main__":
    main()
