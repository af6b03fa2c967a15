#!/usr/bin/env python3
"""Generate the key-service evidence of sigtrail's bundled sample incident.

Usage (from the repository root):

    python3 samples/tools/gen_keyservices.py

The script deletes samples/evidence/gcp_kms/, samples/evidence/azure_keyvault/
and samples/evidence/vault/ and writes them again.  Everything comes from one
seeded random.Random and fixed times, so two runs produce byte-identical files.
Python 3 standard library only.

Output (the story is in samples/README.md, section "Key services evidence"):
  gcp_kms/gcloud-logging-read-20261001-20261118.json
      `gcloud logging read ... --format=json` for project acme-widget-prod:
      a JSON array of LogEntry objects, newest first, sorted keys, indent 2.
  gcp_kms/acme-audit-archive/cloudaudit.googleapis.com/data_access/2026/11/06/
      22:00:00_22:59:59_S0.json
      the Cloud Storage sink object of that hour: one LogEntry per line; every
      entry in it is also in the gcloud export (same insertId).
  azure_keyvault/insights-logs-auditevent/resourceId=/SUBSCRIPTIONS/.../
      VAULTS/ACME-DOCS-NOTARY/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json
      Key Vault diagnostic logs (AuditEvent), JSON Lines, one blob per hour.
  vault/vault_audit.log
      HashiCorp Vault file audit device: request/response pairs, HMAC'd.

With --print-hmacs the script prints, instead of writing files, the
sys/audit-hash answers an analyst would collect for the release manifests
(base64 digest -> "hmac-sha256:..."), as used by tests/cli/t1101-keyservices.sh.
"""

import base64
import hashlib
import hmac
import json
import os
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone

SEED = 20261113

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "evidence")

rng = random.Random(SEED)

# --- shared cast (see samples/README.md) ---------------------------------

RELEASES = [
    # version, run id, GitHub runner IP, AWS signing time (the GCP and Vault
    # steps of the same job follow it), head commit
    ("v2.3.0", "11652093318", "20.57.99.215", "2026-10-06T14:04:17Z",
     "5b2e8f0c1d9a4e7b3c6f8a0d2e4b6c8f1a3d5e7b"),
    ("v2.4.0", "11768420157", "20.102.169.165", "2026-10-20T13:32:15Z",
     "9c4d1e7f2a8b3c5d6e0f1a2b3c4d5e6f7a8b9c0d"),
    ("v2.4.1", "11873645201", "40.84.223.96", "2026-11-03T15:12:22Z",
     "e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4"),
    ("v2.5.0", "12061877492", "20.57.58.242", "2026-11-17T14:02:20Z",
     "0a9b8c7d6e5f40312a3b4c5d6e7f8091a2b3c4d5"),
]
ATTACKER_IP = "185.220.101.47"
HIJACK_RUN = "11990233417"
HIJACK_IP = "52.176.117.190"
SEC_ADMIN_IP = "198.51.100.10"
MCHEN_IP = "198.51.100.14"
KALI_UA_PY = "Python/3.11.8 (Linux-6.5.0-kali3-amd64-x86_64-with-glibc2.37)"


def ts(text):
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=timezone.utc)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def frac(t, digits):
    """RFC 3339 with `digits` fractional digits, random sub-second part."""
    sub = rng.randrange(10 ** digits)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + ("%0*d" % (digits, sub)) + "Z"


def rand_str(n, alphabet="abcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_hex(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def new_uuid():
    h = rand_hex(32)
    return "%s-%s-4%s-%s%s-%s" % (h[0:8], h[8:12], h[13:16],
                                  rng.choice("89ab"), h[17:20], h[20:32])


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


# --- Google Cloud: project acme-widget-prod -------------------------------

PROJECT = "acme-widget-prod"
PROJECT_NUM = "734019285526"
LOCATION = "europe-west1"
KEY_RING = "release-signing"
KEY = "widget-windows-authenticode"
KEY_PATH = "projects/%s/locations/%s/keyRings/%s/cryptoKeys/%s" % (
    PROJECT, LOCATION, KEY_RING, KEY)
APP_KEY_PATH = "projects/%s/locations/%s/keyRings/app/cryptoKeys/app-config" % (
    PROJECT, LOCATION)
CI_SA = "widget-release-ci@%s.iam.gserviceaccount.com" % PROJECT
CI_SA_ID = "104928376615427733512"
API_SA = "widget-api@%s.iam.gserviceaccount.com" % PROJECT
SEC_ADMIN = "sec-admin@acme.example"
POOL_GH = ("principal://iam.googleapis.com/projects/%s/locations/global/"
           "workloadIdentityPools/github-actions/subject/" % PROJECT_NUM)
POOL_AWS = ("principal://iam.googleapis.com/projects/%s/locations/global/"
            "workloadIdentityPools/aws-legacy-ci/subject/" % PROJECT_NUM)
ATTACKER_GCP = POOL_AWS + "arn:aws:iam::210987654321:user/ci-legacy"
GH_AUTH_UA = "google-github-actions:auth/2.1.7"
JSIGN_UA = "Jsign/7.0 (https://ebourg.github.io/jsign) Java/21.0.5"
GCLOUD_UA = ("google-cloud-sdk gcloud/496.0.0 command/%s invocation-id/%s "
             "environment/None environment-version/None client-os/LINUX "
             "client-os-ver/6.5.0 client-pltf-arch/x86_64 interactive/True "
             "from-script/False python/3.11.8 term/xterm-256color "
             "(Linux 6.5.0-kali3-amd64),gzip(gfe)")
CONSOLE_UA = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
              "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
              "Safari/537.36,gzip(gfe)")
API_UA = "grpc-java-netty/1.66.0,gzip(gfe)"

gcp_entries = []


def version_path(v):
    return "%s/cryptoKeyVersions/%d" % (KEY_PATH, v)


def gcp_entry(t, log, service, method, resource_name, auth, ip, ua,
              request=None, response=None, authz=None, status=None,
              resource=None, severity=None, metadata=None, digits=6):
    when = frac(t, digits)
    recv = datetime.strptime(when[:19], "%Y-%m-%dT%H:%M:%S").replace(
        tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(1, 3))
    pp = {
        "@type": "type.googleapis.com/google.cloud.audit.AuditLog",
        "authenticationInfo": auth,
        "methodName": method,
        "requestMetadata": {
            "callerIp": ip,
            "callerSuppliedUserAgent": ua,
            "destinationAttributes": {},
            "requestAttributes": {"auth": {}, "time": when},
        },
        "resourceName": resource_name,
        "serviceName": service,
    }
    if authz is not None:
        pp["authorizationInfo"] = authz
    if request is not None:
        pp["request"] = request
    if response is not None:
        pp["response"] = response
    if status is not None:
        pp["status"] = status
    if metadata is not None:
        pp["metadata"] = metadata
    entry = {
        "insertId": rand_str(12),
        "logName": "projects/%s/logs/cloudaudit.googleapis.com%%2F%s" % (
            PROJECT, log),
        "protoPayload": pp,
        "receiveTimestamp": frac(recv, 9),
        "resource": resource,
        "severity": severity or ("ERROR" if status else
                                 "NOTICE" if log == "activity" else "INFO"),
        "timestamp": when,
    }
    gcp_entries.append((t, entry))
    return entry


def kms_resource(key=KEY, ring=KEY_RING):
    return {"labels": {"crypto_key_id": key, "key_ring_id": ring,
                       "location": LOCATION, "project_id": PROJECT},
            "type": "cloudkms_cryptokey"}


def sa_resource():
    return {"labels": {"email_id": CI_SA, "project_id": PROJECT,
                       "unique_id": CI_SA_ID},
            "type": "service_account"}


def generate_token(t, subject, ip, ua):
    name = "projects/-/serviceAccounts/%s" % CI_SA
    return gcp_entry(
        t, "data_access", "iamcredentials.googleapis.com",
        "GenerateAccessToken", "projects/-/serviceAccounts/%s" % CI_SA_ID,
        {"principalSubject": subject}, ip, ua,
        request={"@type": "type.googleapis.com/google.iam.credentials.v1."
                          "GenerateAccessTokenRequest", "name": name},
        authz=[{"granted": True,
                "permission": "iam.serviceAccounts.getAccessToken",
                "resource": "projects/-/serviceAccounts/%s" % CI_SA_ID,
                "resourceAttributes": {}}],
        metadata={"identityDelegationChain": [name]},
        resource=sa_resource())


def asymmetric_sign(t, version, subject, ip, ua, status=None):
    vp = version_path(version)
    return gcp_entry(
        t, "data_access", "cloudkms.googleapis.com", "AsymmetricSign", vp,
        {"principalEmail": CI_SA,
         "serviceAccountDelegationInfo": [{"principalSubject": subject}]},
        ip, ua,
        request={"@type": "type.googleapis.com/google.cloud.kms.v1."
                          "AsymmetricSignRequest", "name": vp},
        authz=[{"granted": True,
                "permission": "cloudkms.cryptoKeyVersions.useToSign",
                "resource": vp, "resourceAttributes": {}}],
        status=status, resource=kms_resource())


def decrypt_noise(t):
    gcp_entry(
        t, "data_access", "cloudkms.googleapis.com", "Decrypt", APP_KEY_PATH,
        {"principalEmail": API_SA}, "private", API_UA,
        request={"@type": "type.googleapis.com/google.cloud.kms.v1."
                          "DecryptRequest", "name": APP_KEY_PATH},
        authz=[{"granted": True,
                "permission": "cloudkms.cryptoKeyVersions.useToDecrypt",
                "resource": APP_KEY_PATH, "resourceAttributes": {}}],
        resource=kms_resource("app-config", "app"))


def admin_read(t, method, resource_name, perm, ip=SEC_ADMIN_IP):
    gcp_entry(
        t, "data_access", "cloudkms.googleapis.com", method, resource_name,
        {"principalEmail": SEC_ADMIN}, ip, CONSOLE_UA,
        request={"@type": "type.googleapis.com/google.cloud.kms.v1.%sRequest"
                          % method, ("parent" if method.startswith("List")
                                     else "resource" if "Iam" in method
                                     else "name"): resource_name},
        authz=[{"granted": True, "permission": perm,
                "resource": resource_name, "resourceAttributes": {}}],
        resource=kms_resource())


def gen_gcp():
    # routine releases: the Windows executable is signed in the release job
    for ver, run, ip, aws_t, sha in RELEASES:
        t = ts(aws_t) + timedelta(seconds=41)
        subject = POOL_GH + "repo:acme/widget:ref:refs/tags/" + ver
        generate_token(t, subject, ip, GH_AUTH_UA)
        asymmetric_sign(t + timedelta(seconds=3),
                        2 if ver == "v2.5.0" else 1, subject, ip, JSIGN_UA)
    # background: the API decrypts its configuration a few times a day
    day = ts("2026-10-01T06:00:00Z")
    while day < ts("2026-11-18T00:00:00Z"):
        for hour in (6, 14):
            decrypt_noise(day.replace(hour=hour) +
                          timedelta(seconds=rng.randrange(60, 3000)))
        day += timedelta(days=rng.choice((2, 3, 4)))
    for t in ("2026-11-06T22:00:12Z", "2026-11-06T22:31:05Z",
              "2026-11-06T22:47:55Z"):
        decrypt_noise(ts(t))
    # the attack: the leaked AWS identity is trusted by an old pool
    inv = new_uuid()
    generate_token(ts("2026-11-06T22:06:58Z"), ATTACKER_GCP, ATTACKER_IP,
                   GCLOUD_UA % ("gcloud.kms.asymmetric-sign", inv))
    asymmetric_sign(ts("2026-11-06T22:07:31Z"), 1, ATTACKER_GCP, ATTACKER_IP,
                    GCLOUD_UA % ("gcloud.kms.asymmetric-sign", inv))
    # containment: disable, then schedule the destruction of version 1
    admin_read(ts("2026-11-13T09:39:02Z"), "ListCryptoKeyVersions", KEY_PATH,
               "cloudkms.cryptoKeyVersions.list")
    admin_read(ts("2026-11-13T09:39:40Z"), "GetIamPolicy", KEY_PATH,
               "cloudkms.cryptoKeys.getIamPolicy")
    vp = version_path(1)
    gcp_entry(
        ts("2026-11-13T09:44:30Z"), "activity", "cloudkms.googleapis.com",
        "UpdateCryptoKeyVersion", vp, {"principalEmail": SEC_ADMIN},
        SEC_ADMIN_IP, CONSOLE_UA,
        request={"@type": "type.googleapis.com/google.cloud.kms.v1."
                          "UpdateCryptoKeyVersionRequest",
                 "cryptoKeyVersion": {"name": vp, "state": "DISABLED"},
                 "updateMask": "state"},
        response={"@type": "type.googleapis.com/google.cloud.kms.v1."
                           "CryptoKeyVersion",
                  "algorithm": "RSA_SIGN_PKCS1_3072_SHA256",
                  "createTime": "2026-09-01T10:22:41.118412Z",
                  "generateTime": "2026-09-01T10:22:41.118412Z",
                  "name": vp, "protectionLevel": "HSM", "state": "DISABLED"},
        authz=[{"granted": True,
                "permission": "cloudkms.cryptoKeyVersions.update",
                "resource": vp, "resourceAttributes": {}}],
        resource=kms_resource())
    gcp_entry(
        ts("2026-11-13T09:52:10Z"), "activity", "cloudkms.googleapis.com",
        "DestroyCryptoKeyVersion", vp, {"principalEmail": SEC_ADMIN},
        SEC_ADMIN_IP, CONSOLE_UA,
        request={"@type": "type.googleapis.com/google.cloud.kms.v1."
                          "DestroyCryptoKeyVersionRequest", "name": vp},
        response={"@type": "type.googleapis.com/google.cloud.kms.v1."
                           "CryptoKeyVersion",
                  "algorithm": "RSA_SIGN_PKCS1_3072_SHA256",
                  "createTime": "2026-09-01T10:22:41.118412Z",
                  "destroyTime": "2026-12-13T09:52:10.604127Z",
                  "generateTime": "2026-09-01T10:22:41.118412Z",
                  "name": vp, "protectionLevel": "HSM",
                  "state": "DESTROY_SCHEDULED"},
        authz=[{"granted": True,
                "permission": "cloudkms.cryptoKeyVersions.destroy",
                "resource": vp, "resourceAttributes": {}}],
        resource=kms_resource())
    # the attacker comes back: the pool still trusts ci-legacy
    inv = new_uuid()
    generate_token(ts("2026-11-13T11:21:12Z"), ATTACKER_GCP, ATTACKER_IP,
                   GCLOUD_UA % ("gcloud.kms.asymmetric-sign", inv))
    asymmetric_sign(
        ts("2026-11-13T11:21:40Z"), 1, ATTACKER_GCP, ATTACKER_IP,
        GCLOUD_UA % ("gcloud.kms.asymmetric-sign", inv),
        status={"code": 9, "message": "%s is not enabled, current state is: "
                                      "DESTROY_SCHEDULED." % vp})
    # rotation, and the provider that let ci-legacy in is disabled
    vp2 = version_path(2)
    gcp_entry(
        ts("2026-11-14T08:15:22Z"), "activity", "cloudkms.googleapis.com",
        "CreateCryptoKeyVersion", KEY_PATH, {"principalEmail": SEC_ADMIN},
        SEC_ADMIN_IP, CONSOLE_UA,
        request={"@type": "type.googleapis.com/google.cloud.kms.v1."
                          "CreateCryptoKeyVersionRequest",
                 "cryptoKeyVersion": {}, "parent": KEY_PATH},
        response={"@type": "type.googleapis.com/google.cloud.kms.v1."
                           "CryptoKeyVersion",
                  "algorithm": "RSA_SIGN_PKCS1_3072_SHA256",
                  "createTime": "2026-11-14T08:15:22.930561Z",
                  "name": vp2, "protectionLevel": "HSM",
                  "state": "PENDING_GENERATION"},
        authz=[{"granted": True,
                "permission": "cloudkms.cryptoKeyVersions.create",
                "resource": KEY_PATH, "resourceAttributes": {}}],
        resource=kms_resource())
    provider = ("projects/%s/locations/global/workloadIdentityPools/"
                "aws-legacy-ci/providers/acme-aws" % PROJECT_NUM)
    gcp_entry(
        ts("2026-11-14T08:25:03Z"), "activity", "iam.googleapis.com",
        "google.iam.v1.WorkloadIdentityPools."
        "UpdateWorkloadIdentityPoolProvider", provider,
        {"principalEmail": SEC_ADMIN}, SEC_ADMIN_IP, CONSOLE_UA,
        request={"@type": "type.googleapis.com/google.iam.v1."
                          "UpdateWorkloadIdentityPoolProviderRequest",
                 "updateMask": "disabled",
                 "workloadIdentityPoolProvider": {"disabled": True,
                                                  "name": provider}},
        authz=[{"granted": True,
                "permission": "iam.workloadIdentityPoolProviders.update",
                "resource": provider, "resourceAttributes": {}}],
        resource={"labels": {"location": "global",
                             "method": "google.iam.v1.WorkloadIdentityPools."
                                       "UpdateWorkloadIdentityPoolProvider",
                             "project_id": PROJECT,
                             "service": "iam.googleapis.com"},
                  "type": "audited_resource"})

    gcp_entries.sort(key=lambda e: (e[1]["timestamp"], e[1]["insertId"]))
    newest_first = [e for _, e in reversed(gcp_entries)]
    base = os.path.join(ROOT, "gcp_kms")
    write(os.path.join(base, "gcloud-logging-read-20261001-20261118.json"),
          json.dumps(newest_first, indent=2, sort_keys=True) + "\n")
    hour = [e for t, e in gcp_entries
            if e["logName"].endswith("data_access") and
            ts("2026-11-06T22:00:00Z") <= t < ts("2026-11-06T23:00:00Z")]
    write(os.path.join(base, "acme-audit-archive", "cloudaudit.googleapis.com",
                       "data_access", "2026", "11", "06",
                       "22:00:00_22:59:59_S0.json"),
          "".join(json.dumps(e, sort_keys=True, separators=(",", ":")) + "\n"
                  for e in hour))
    return len(gcp_entries), len(hour)


# --- Azure Key Vault: acme-docs-notary (the docs team) --------------------

SUB = "6f1c2b3a-9d4e-4f5a-8b6c-7d8e9f0a1b2c"
TENANT = "2a7d4c9e-1b3f-4e6a-8c5d-9f0e1a2b3c4d"
RG = "RG-DOCS-NOTARY"
VAULT = "acme-docs-notary"
VAULT_RID = ("/SUBSCRIPTIONS/%s/RESOURCEGROUPS/%s/PROVIDERS/MICROSOFT.KEYVAULT/"
             "VAULTS/%s" % (SUB.upper(), RG, VAULT.upper()))
VAULT_URI = "https://%s.vault.azure.net/" % VAULT
AZ_KEY = "docs-image-signing"
AZ_KEY_VER = "4b7e9d2c1f0a48e6b3c5d7e9f1a2b3c4"
AZ_KEY_URI = "%skeys/%s/%s" % (VAULT_URI, AZ_KEY, AZ_KEY_VER)
AZ_CERT_URI = "%scertificates/%s/%s" % (VAULT_URI, AZ_KEY, AZ_KEY_VER)
MI_CLIENT = "9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4"
MI_OID = "2f3e4d5c-6b7a-4890-91a2-b3c4d5e6f7a8"
MI_RID = ("/subscriptions/%s/resourcegroups/rg-docs-aks/providers/"
          "Microsoft.ManagedIdentity/userAssignedIdentities/id-docs-notation"
          % SUB)
WEB_CLIENT = "5c4b3a29-1807-46f5-a4e3-d2c1b0a9f8e7"
WEB_OID = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"
LEGACY_APP = "c4d3b2a1-0f9e-48d7-b6c5-a4b3c2d1e0f9"
LEGACY_OID = "8b9c0d1e-2f3a-4b5c-8d6e-7f8091a2b3c4"
AZ_CLI_APP = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"
PORTAL_APP = "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"
NOVAK_OID = "1d2c3b4a-5e6f-4708-9a1b-2c3d4e5f6a7b"
SECADM_OID = "3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7"
NOTATION_UA = "azsdk-go-azkeys/v1.1.0 (go1.22.5; linux)"
NOTATION_CERT_UA = "azsdk-go-azcertificates/v1.1.0 (go1.22.5; linux)"
WEB_UA = "azsdk-net-Security.KeyVault.Secrets/4.6.0 (.NET 8.0.10; Linux)"
ATTACKER_AZ_UA = "azsdk-python-keyvault-keys/4.9.0 " + KALI_UA_PY
CLI_UA = ("AZURECLI/2.66.0 (DEB) azsdk-python-keyvault-keys/4.9.0 Python/3.11.8 "
          "(Linux-6.8.0-1015-azure-x86_64-with-glibc2.35)")

az_records = []


def claims_mi():
    return {"http://schemas.microsoft.com/identity/claims/objectidentifier":
            MI_OID, "appid": MI_CLIENT,
            "http://schemas.microsoft.com/identity/claims/tenantid": TENANT,
            "idtyp": "app", "xms_mirid": MI_RID}


def claims_app(app, oid):
    return {"http://schemas.microsoft.com/identity/claims/objectidentifier":
            oid, "appid": app,
            "http://schemas.microsoft.com/identity/claims/tenantid": TENANT,
            "idtyp": "app"}


def claims_user(upn, oid, app):
    return {"http://schemas.microsoft.com/identity/claims/objectidentifier":
            oid, "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn":
            upn, "appid": app,
            "http://schemas.microsoft.com/identity/claims/tenantid": TENANT}


def kv(t, op, obj_id, uri, status, claims, ip, ua, desc="", corr=None,
       props=None, version="7.5"):
    texts = {200: "OK", 201: "Created", 401: "Unauthorized", 403: "Forbidden"}
    rec = {
        "time": frac(t, 7),
        "resourceId": VAULT_RID,
        "operationName": op,
        "operationVersion": version,
        "category": "AuditEvent",
        "resultType": "Success",
        "resultSignature": texts[status],
        "resultDescription": desc,
        "durationMs": str(rng.randrange(4, 60)),
        "callerIpAddress": ip,
        "correlationId": corr if corr is not None else new_uuid(),
        "identity": {"claim": claims} if claims else None,
        "properties": {"id": obj_id, "clientInfo": ua,
                       "httpStatusCode": status, "requestUri": uri,
                       "isAccessPolicyMatch": status == 200 and bool(claims),
                       "tlsVersion": "TLS1_2"},
    }
    if rec["identity"] is None:
        del rec["identity"]
    if props:
        rec["properties"].update(props)
    az_records.append((t, rec))


def notation_sign(t, ip="10.240.0.35"):
    """Notation (notation-azure-kv) signs one image: certificate, key."""
    corr = new_uuid()
    cert_uri = "%scertificates/%s/?api-version=7.5" % (VAULT_URI, AZ_KEY)
    kv(t, "CertificateGet", None, cert_uri, 401, None, ip, NOTATION_CERT_UA,
       corr=corr)
    kv(t + timedelta(milliseconds=180), "CertificateGet", AZ_CERT_URI,
       cert_uri, 200, claims_mi(), ip, NOTATION_CERT_UA, corr=corr)
    kv(t + timedelta(milliseconds=420), "KeySign", AZ_KEY_URI,
       "%s/sign?api-version=7.5" % AZ_KEY_URI, 200, claims_mi(), ip,
       NOTATION_UA)


def secret_noise(t):
    uri = "%ssecrets/docs-search-api-key/?api-version=7.5" % VAULT_URI
    kv(t, "SecretGet", "%ssecrets/docs-search-api-key/"
       "d41c8a2e6b9f47c3a5e1f0b2c4d6e8fa" % VAULT_URI, uri, 200,
       claims_app(WEB_CLIENT, WEB_OID), "20.73.218.41", WEB_UA)


def gen_azure():
    # weekly docs release: Tuesdays 09:xx, two images each
    for day in ("2026-10-27", "2026-11-03", "2026-11-10"):
        t = ts(day + "T09:14:07Z") + timedelta(seconds=rng.randrange(0, 900))
        notation_sign(t)
        notation_sign(t + timedelta(seconds=rng.randrange(20, 50)))
        secret_noise(ts(day + "T09:02:41Z"))
        secret_noise(ts(day + "T09:47:19Z"))
    # a docs engineer checks a signature from the CLI
    t = ts("2026-11-05T14:21:36Z")
    kv(t, "KeyVerify", AZ_KEY_URI, "%s/verify?api-version=7.5" % AZ_KEY_URI,
       200, claims_user("a.novak@acme.example", NOVAK_OID, AZ_CLI_APP),
       "198.51.100.31", CLI_UA)
    secret_noise(ts("2026-11-05T14:03:52Z"))
    # the attacker, during the AWS blind window, with the old Jenkins app
    key_get = "%skeys/%s/?api-version=7.5" % (VAULT_URI, AZ_KEY)
    corr = new_uuid()
    kv(ts("2026-11-06T22:12:46Z"), "KeyGet", None, key_get, 401, None,
       ATTACKER_IP, ATTACKER_AZ_UA, corr=corr)
    kv(ts("2026-11-06T22:12:47Z"), "KeyGet", AZ_KEY_URI, key_get, 200,
       claims_app(LEGACY_APP, LEGACY_OID), ATTACKER_IP, ATTACKER_AZ_UA,
       corr=corr)
    caller = "appid=%s;oid=%s;iss=https://sts.windows.net/%s/" % (
        LEGACY_APP, LEGACY_OID, TENANT)
    kv(ts("2026-11-06T22:12:48Z"), "KeySign", AZ_KEY_URI,
       "%s/sign?api-version=7.5" % AZ_KEY_URI, 403,
       claims_app(LEGACY_APP, LEGACY_OID), ATTACKER_IP, ATTACKER_AZ_UA,
       desc=("The user, group or application '%s' does not have keys sign "
             "permission on key vault '%s;location=westeurope'. For help "
             "resolving this issue, please see https://go.microsoft.com/"
             "fwlink/?linkid=2125287" % (caller, VAULT)))
    secret_noise(ts("2026-11-06T22:05:33Z"))
    secret_noise(ts("2026-11-06T22:40:08Z"))
    # containment: the legacy app leaves the access policy
    arm_uri = ("https://control-prod-weu.vaultcore.azure.net/subscriptions/%s/"
               "resourcegroups/%s/providers/Microsoft.KeyVault/vaults/%s"
               "?api-version=2023-07-01" % (SUB, RG.lower(), VAULT))
    kv(ts("2026-11-13T10:30:44Z"), "VaultGet", VAULT_URI, arm_uri, 200,
       claims_user(SEC_ADMIN, SECADM_OID, PORTAL_APP), SEC_ADMIN_IP,
       "azure-resource-manager/2.0", version="2023-07-01")
    kv(ts("2026-11-13T10:31:05Z"), "VaultPatch", VAULT_URI, arm_uri, 200,
       claims_user(SEC_ADMIN, SECADM_OID, PORTAL_APP), SEC_ADMIN_IP,
       "azure-resource-manager/2.0", version="2023-07-01")
    kv(ts("2026-11-13T10:31:06Z"),
       "VaultAccessPolicyChangedEventGridNotification", VAULT_URI, arm_uri,
       200, claims_user(SEC_ADMIN, SECADM_OID, PORTAL_APP), SEC_ADMIN_IP,
       "azure-resource-manager/2.0", version="2023-07-01")
    secret_noise(ts("2026-11-13T10:12:20Z"))

    az_records.sort(key=lambda r: r[1]["time"])
    blobs = {}
    for t, rec in az_records:
        blobs.setdefault((t.year, t.month, t.day, t.hour), []).append(rec)
    base = os.path.join(ROOT, "azure_keyvault", "insights-logs-auditevent",
                        "resourceId=", *VAULT_RID.strip("/").split("/"))
    for (y, m, d, h), recs in sorted(blobs.items()):
        path = os.path.join(base, "y=%04d" % y, "m=%02d" % m, "d=%02d" % d,
                            "h=%02d" % h, "m=00", "PT1H.json")
        write(path, "".join(json.dumps(r) + "\n" for r in recs))
    return len(az_records), len(blobs)


# --- HashiCorp Vault: vault.acme.example, transit key of the pipeline ----

SALT = bytes.fromhex("8f3a61c2d47be905a1c86e2f3b9d0475"
                     "c6e1a83f57b2940d8e61f0a9c3d72b15")
VAULT_VERSION = "v1.20.3+builtin.vault"
TRANSIT_KEY = "widget-release-manifest"
JWT_ACCESSOR = "auth_jwt_5d8c3f21"
OIDC_ACCESSOR = "auth_oidc_9a27e4b0"
APPROLE_ACCESSOR = "auth_approle_c61f8d3e"
TOKEN_ACCESSOR = "auth_token_0b7d2f64"
TRANSIT_ACCESSOR = "transit_4f8e2a11"
KV_ACCESSOR = "kv_2e9c7a05"
SYS_ACCESSOR = "system_8c0d1b3f"
VAULT_ACTION_UA = "vault-action/3.0.0"

vault_lines = []
MANIFESTS = {}


def h(value):
    """What the audit device writes for a string value."""
    return "hmac-sha256:" + hmac.new(SALT, value.encode(), hashlib.sha256
                                     ).hexdigest()


def manifest_digest(ver):
    text = "".join("%s  widget-%s-%s\n" % (hashlib.sha256(
        ("widget %s %s" % (ver, art)).encode()).hexdigest(), ver, art)
        for art in ("linux-amd64.tar.gz", "darwin-arm64.tar.gz",
                    "windows-amd64.zip"))
    d = hashlib.sha256(text.encode()).digest()
    MANIFESTS[ver] = base64.b64encode(d).decode()
    return MANIFESTS[ver]


class Token:
    def __init__(self, display, entity, policies, metadata, ttl, issued,
                 ttype="service"):
        self.token = "hvs.CAESI" + rand_str(
            86, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
        self.accessor = rand_str(24, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        self.display = display
        self.entity = entity
        self.policies = policies
        self.metadata = metadata
        self.ttl = ttl
        self.issued = issued
        self.type = ttype

    def auth(self, granting=None):
        a = {"accessor": h(self.accessor), "client_token": h(self.token),
             "display_name": self.display, "entity_id": self.entity}
        if self.metadata:
            a["metadata"] = self.metadata
        a["policies"] = self.policies
        if granting is not None:
            a["policy_results"] = {"allowed": granting != [],
                                   "granting_policies": [
                                       {"name": p, "namespace_id": "root",
                                        "type": "acl"} for p in granting]}
            if not granting:
                del a["policy_results"]["granting_policies"]
        a["token_policies"] = self.policies
        a["token_issue_time"] = self.issued
        a["token_ttl"] = self.ttl
        a["token_type"] = self.type
        return a


def vault_request(token, path, op, mount, data=None, ip=None, port=None,
                  headers=None):
    mount_point, mount_type, accessor, mclass = mount
    r = {}
    if token is not None:
        r["client_token"] = h(token.token)
        r["client_token_accessor"] = h(token.accessor)
    if data is not None:
        r["data"] = data
    if headers is not None:
        r["headers"] = headers
    r["id"] = new_uuid()
    r["mount_accessor"] = accessor
    if mclass:
        r["mount_class"] = mclass
    r["mount_point"] = mount_point
    r["mount_running_version"] = VAULT_VERSION
    r["mount_type"] = mount_type
    r["namespace"] = {"id": "root"}
    r["operation"] = op
    r["path"] = path
    r["remote_address"] = ip
    r["remote_port"] = port if port is not None else rng.randrange(32768, 61000)
    return r


def ns_time(t, ns):
    """RFC 3339 with nanoseconds: whole-second t plus ns nanoseconds."""
    t = t + timedelta(seconds=ns // 10 ** 9)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%09dZ" % (ns % 10 ** 9)


def vault_pair(t, token, req, granting, resp=None, error=None, resp_auth=None,
               login=False, dt_ms=None):
    start = rng.randrange(10 ** 9)
    took = (dt_ms if dt_ms else rng.randrange(1, 9)) * 10 ** 6 + \
        rng.randrange(10 ** 6)
    t_req = ns_time(t, start)
    t_resp = ns_time(t, start + took)
    if login or token is None:
        auth = {"policy_results": {"allowed": True}, "token_type": "default"}
    else:
        auth = token.auth(granting)
    first = {"time": t_req, "auth": auth}
    if error and not login:
        first["error"] = error
    first["request"] = req
    first["type"] = "request"
    second = {"time": t_resp, "auth": auth}
    if error:
        second["error"] = error
    second["request"] = req
    r = {}
    if resp_auth is not None:
        r["auth"] = resp_auth
    if resp is not None:
        r["data"] = resp
    r["mount_accessor"] = req["mount_accessor"]
    if req.get("mount_class"):
        r["mount_class"] = req["mount_class"]
    r["mount_point"] = req["mount_point"]
    r["mount_running_plugin_version"] = VAULT_VERSION
    r["mount_type"] = req["mount_type"]
    second["response"] = r
    second["type"] = "response"
    for e in (first, second):
        vault_lines.append((e["time"], json.dumps(e, separators=(",", ":"))))


TRANSIT = ("transit/", "transit", TRANSIT_ACCESSOR, "secret")
JWT = ("auth/jwt/", "jwt", JWT_ACCESSOR, "auth")
OIDC = ("auth/oidc/", "oidc", OIDC_ACCESSOR, "auth")
APPROLE = ("auth/approle/", "approle", APPROLE_ACCESSOR, "auth")
TOKEN = ("auth/token/", "token", TOKEN_ACCESSOR, "auth")
KV = ("secret/", "kv", KV_ACCESSOR, "secret")
SYS = ("sys/", "system", SYS_ACCESSOR, None)


def jwt_login(t, ver, run, ip, sha, ref, ok=True):
    jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6IjM4ODI2YjE3In0." + rand_str(180)
    req = vault_request(None, "auth/jwt/login", "update", JWT,
                        data={"jwt": h(jwt), "role": h("widget-release")},
                        ip=ip)
    if not ok:
        vault_pair(t, None, req, None, login=True, error=(
            "error validating claims: claim \"ref\" does not match any "
            "associated bound claim values"))
        return None
    md = {"ref": ref, "repository": "acme/widget", "role": "widget-release",
          "run_id": run, "sha": sha,
          "workflow": ".github/workflows/release.yml"}
    tok = Token("jwt-repo:acme/widget:ref:" + ref,
                "3f6d2a81-7c4e-4b9a-9e15-c0d8a2b64f37",
                ["default", "widget-release"], md, 600,
                iso(t))
    ra = tok.auth()
    vault_pair(t, None, req, None, login=True, resp_auth=ra)
    return tok


def read_key(t, tok, ip, latest):
    req = vault_request(tok, "transit/keys/" + TRANSIT_KEY, "read", TRANSIT,
                        ip=ip)
    keys = {str(v): h("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0"
                      "DAQcDQgAE%s\n-----END PUBLIC KEY-----\n" % rand_str(64))
            for v in range(1, latest + 1)}
    vault_pair(t, tok, req, ["widget-release"], resp={
        "allow_plaintext_backup": False, "auto_rotate_period": 0,
        "deletion_allowed": False, "derived": False, "exportable": False,
        "imported_key": False, "keys": keys, "latest_version": latest,
        "min_available_version": 0, "min_decryption_version": 1,
        "min_encryption_version": 0, "name": h(TRANSIT_KEY),
        "supports_decryption": False, "supports_derivation": False,
        "supports_encryption": False, "supports_signing": True,
        "type": h("ecdsa-p256")})


def sign(t, tok, ip, digest_b64, version, granting):
    req = vault_request(tok, "transit/sign/%s/sha2-256" % TRANSIT_KEY,
                        "update", TRANSIT,
                        data={"input": h(digest_b64), "prehashed": True},
                        ip=ip, headers={"user-agent": [VAULT_ACTION_UA]})
    sig = "vault:v%d:MEUCIQ%s" % (version, rand_str(
        88, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"))
    vault_pair(t, tok, req, granting,
               resp={"key_version": version, "signature": h(sig)})


def human_login(t, upn, entity, policies, ip):
    code = rand_str(32)
    req = vault_request(None, "auth/oidc/oidc/callback", "read", OIDC,
                        data={"code": h(code), "state": h(rand_str(40))},
                        ip=ip)
    tok = Token("oidc-" + upn, entity, policies,
                {"email": upn, "role": "default"}, 3600,
                iso(t))
    vault_pair(t, None, req, None, login=True, resp_auth=tok.auth())
    return tok


def gen_vault():
    # the docs-site app: AppRole login once a day, KV reads (out of scope)
    app_tok = None
    day = ts("2026-10-05T07:00:00Z")
    while day < ts("2026-11-18T00:00:00Z"):
        t = day + timedelta(seconds=rng.randrange(0, 1800))
        req = vault_request(None, "auth/approle/login", "update", APPROLE,
                            data={"role_id": h(new_uuid()),
                                  "secret_id": h(new_uuid())},
                            ip="10.20.4.17")
        app_tok = Token("approle", "c2a9e4d1-6b3f-4e80-a7c5-1d9f3b6e8a20",
                        ["default", "docs-site"], {"role_name": "docs-site"},
                        86400, iso(t))
        vault_pair(t, None, req, None, login=True, resp_auth=app_tok.auth())
        for k in range(2):
            t2 = t + timedelta(seconds=5 + k * rng.randrange(3000, 20000))
            req = vault_request(app_tok, "secret/data/docs-site/search-api",
                                "read", KV, ip="10.20.4.17")
            vault_pair(t2, app_tok, req, ["docs-site"], resp={
                "data": {"api_key": h(rand_str(40))},
                "metadata": {"created_time": h("2026-08-14T09:12:55.4Z"),
                             "custom_metadata": None,
                             "deletion_time": h(""), "destroyed": False,
                             "version": 3}})
        day += timedelta(days=rng.choice((3, 4, 5)))
    # releases: login with GitHub OIDC, read the public key, sign SHA256SUMS
    for ver, run, ip, aws_t, sha in RELEASES:
        t = ts(aws_t) + timedelta(seconds=58)
        tok = jwt_login(t, ver, run, ip, sha, "refs/tags/" + ver)
        latest = 2 if ver == "v2.5.0" else 1
        read_key(t + timedelta(seconds=1), tok, ip, latest)
        sign(t + timedelta(seconds=2), tok, ip, manifest_digest(ver), latest,
             ["widget-release"])
    # the hijacked branch build tries too: the Vault role only takes tags
    jwt_login(ts("2026-11-09T10:13:21Z"), None, HIJACK_RUN, HIJACK_IP,
              "7d3e1f2a9b8c4d5e6f7081928374a5b6c7d8e9f0", "refs/heads/ci-test",
              ok=False)
    # hotfix v2.4.2: the maintainer signs the manifest by hand
    tok = human_login(ts("2026-11-12T16:39:48Z"), "m.chen@acme.example",
                      "91c4e7a2-5d3b-4f68-8a09-b1c2d3e4f5a6",
                      ["default", "release-maintainer"], MCHEN_IP)
    sign(ts("2026-11-12T16:41:02Z"), tok, MCHEN_IP, manifest_digest("v2.4.2"),
         1, ["release-maintainer"])
    # containment: policy, trust and a second audit device
    tok = human_login(ts("2026-11-13T10:02:11Z"), SEC_ADMIN,
                      "d5e6f7a8-9b0c-4d1e-8f2a-3b4c5d6e7f80",
                      ["default", "vault-admin"], SEC_ADMIN_IP)
    policy = ('path "transit/sign/%s/*" {\n  capabilities = ["update"]\n}\n'
              'path "transit/keys/%s" {\n  capabilities = ["read"]\n}\n'
              % (TRANSIT_KEY, TRANSIT_KEY))
    req = vault_request(tok, "sys/policies/acl/widget-release", "update", SYS,
                        data={"policy": h(policy)}, ip=SEC_ADMIN_IP)
    vault_pair(ts("2026-11-13T10:05:40Z"), tok, req, ["vault-admin"])
    req = vault_request(tok, "auth/jwt/role/widget-release", "update", JWT,
                        data={"bound_audiences": [h("https://github.com/acme")],
                              "bound_claims": {"ref": [h("refs/tags/v*")],
                                               "repository": [h("acme/widget")]},
                              "bound_claims_type": h("glob"),
                              "role_type": h("jwt"), "token_ttl": 600,
                              "user_claim": h("sub")},
                        ip=SEC_ADMIN_IP)
    vault_pair(ts("2026-11-13T10:07:02Z"), tok, req, ["vault-admin"])
    req = vault_request(tok, "sys/audit/siem", "update", SYS,
                        data={"description": h("copy to the SIEM"),
                              "options": {"address": h("10.20.9.5:9090"),
                                          "socket_type": h("tcp")},
                              "type": h("socket")}, ip=SEC_ADMIN_IP)
    vault_pair(ts("2026-11-13T10:12:30Z"), tok, req, ["vault-admin"])
    # rotation of the transit key with the AWS key (2026-11-14)
    tok = human_login(ts("2026-11-14T08:38:50Z"), SEC_ADMIN,
                      "d5e6f7a8-9b0c-4d1e-8f2a-3b4c5d6e7f80",
                      ["default", "vault-admin"], SEC_ADMIN_IP)
    req = vault_request(tok, "transit/keys/%s/rotate" % TRANSIT_KEY, "update",
                        TRANSIT, ip=SEC_ADMIN_IP)
    vault_pair(ts("2026-11-14T08:40:15Z"), tok, req, ["vault-admin"], resp={
        "latest_version": 2, "name": h(TRANSIT_KEY), "type": h("ecdsa-p256")})

    vault_lines.sort(key=lambda x: x[0])
    write(os.path.join(ROOT, "vault", "vault_audit.log"),
          "".join(line + "\n" for _, line in vault_lines))
    return len(vault_lines)


def main():
    if sys.argv[1:] == ["--print-hmacs"]:
        out = {}
        for ver in ("v2.3.0", "v2.4.0", "v2.4.1", "v2.4.2", "v2.5.0"):
            b64 = manifest_digest(ver)
            out[b64] = h(b64)
        print(json.dumps(out, indent=2))
        return
    if sys.argv[1:]:
        sys.exit("usage: gen_keyservices.py [--print-hmacs]")
    for d in ("gcp_kms", "azure_keyvault", "vault"):
        shutil.rmtree(os.path.join(ROOT, d), ignore_errors=True)
    n_gcp, n_hour = gen_gcp()
    n_az, n_blobs = gen_azure()
    n_vault = gen_vault()
    print("gcp_kms: %d entries in the gcloud export, %d in the sink object"
          % (n_gcp, n_hour))
    print("azure_keyvault: %d records in %d hourly blobs" % (n_az, n_blobs))
    print("vault: %d audit lines" % n_vault)


if __name__ == "__main__":
    main()
