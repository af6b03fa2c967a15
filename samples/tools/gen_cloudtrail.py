#!/usr/bin/env python3
"""Generate the AWS CloudTrail evidence of sigtrail's bundled sample incident.

Usage (from the repository root):

    python3 samples/tools/gen_cloudtrail.py

The script deletes samples/evidence/cloudtrail/ and writes it again, together with
samples/truth.json.  Everything comes from one seeded random.Random, so two
runs produce byte-identical files (gzip members carry mtime 0 and no file
name; JSON keys keep insertion order).

Output:
  samples/evidence/cloudtrail/AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz
      S3 delivery files, gzip of {"Records":[...]} on one line, records
      shuffled inside each file, file name time = delivery time.
  samples/evidence/cloudtrail/AWSLogs/<acct>/CloudTrail-Digest/<region>/2026/11/06/*.json.gz
      hourly digest files (log file validation) for 2026-11-06 20:00-23:00.
  samples/evidence/cloudtrail/lookup-events-kms-2026-11-13.json
      `aws cloudtrail lookup-events` (CLI v2) output for KMS in eu-west-1 on
      2026-11-13; it repeats records that are also in the S3 files.
  samples/truth.json
      ground truth: every planted record's eventID with a label, and counts.

The story is told in samples/README.md.  Python 3 standard library only.
"""

import gzip
import hashlib
import io
import json
import math
import os
import random
import shutil
import sys
import uuid
from datetime import datetime, timedelta, timezone

SEED = 20261106

ACCOUNT = "210987654321"
EU = "eu-west-1"
US = "us-east-1"
BUCKET = "acme-cloudtrail-logs"
TRAIL_NAME = "acme-org-trail"
TRAIL_ARN = "arn:aws:cloudtrail:us-east-1:%s:trail/%s" % (ACCOUNT, TRAIL_NAME)

SIGN_KEY = "4f1e2d3c-0a0b-4c0d-9e0f-112233445566"
NEW_KEY = "7c6b5a49-3d2e-4f10-8a9b-c0d1e2f3a4b5"
DATA_KEY = "0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a"
ALIAS = "alias/widget-release"
DATA_ALIAS = "alias/app-data"
OIDC = "arn:aws:iam::%s:oidc-provider/token.actions.githubusercontent.com" % ACCOUNT


def key_arn(key_id):
    return "arn:aws:kms:%s:%s:key/%s" % (EU, ACCOUNT, key_id)


def alias_arn(alias):
    return "arn:aws:kms:%s:%s:%s" % (EU, ACCOUNT, alias)


SIGN_KEY_ARN = key_arn(SIGN_KEY)
NEW_KEY_ARN = key_arn(NEW_KEY)
DATA_KEY_ARN = key_arn(DATA_KEY)

ATTACKER_IP = "185.220.101.47"
ATTACKER_UA = ("aws-cli/2.15.30 Python/3.11.8 Linux/6.5.0-kali3-amd64 "
               "exe/x86_64.kali.2023 prompt/off command/%s")
LEGACY_KEY = "AKIAQX4EXAMPLELEGACY"
ATTACK_SESSION_KEY = "ASIAQX4EXAMPLEATTACK"
MCHEN_KEY = "AKIAQX4EXAMPLEMCHEN0"
SECADM_KEY = "AKIAQX4EXAMPLESECADM"
OFFICE_SEC = "198.51.100.10"
OFFICE_MCHEN = "198.51.100.14"
JENKINS_IP = "203.0.113.50"

SECADM_CLI_UA = ("aws-cli/2.17.4 Python/3.11.9 Linux/6.8.0-45-generic "
                 "exe/x86_64.ubuntu.24 prompt/off command/%s")
MCHEN_CLI_UA = "aws-cli/2.17.4 Python/3.11.9 Darwin/23.5.0 exe/arm64 prompt/off command/%s"
MCHEN_COSIGN_UA = ("aws-sdk-go-v2/1.30.3 os/macos lang/go#1.22.5 md/GOOS#darwin "
                   "md/GOARCH#arm64 api/kms#1.35.3 ft/cosign")
COSIGN_UA = ("aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5 md/GOOS#linux "
             "md/GOARCH#amd64 api/kms#1.35.3 ft/cosign")
GHA_UA = "configure-aws-credentials-for-github-actions"
GHA_CLI_UA = ("aws-cli/2.22.0 Python/3.12.6 Linux/6.5.0-1025-azure "
              "exe/x86_64.ubuntu.22 prompt/off command/%s")
APP_UA = ("aws-sdk-java/2.25.16 Linux/6.1.79-99.164.amzn2023.x86_64 "
          "OpenJDK_64-Bit_Server_VM/17.0.10+7-LTS Java/17.0.10 vendor/Amazon.com_Inc. "
          "md/internal io/sync http/Apache cfg/retry-mode/legacy")
LAMBDA_UA = ("Boto3/1.34.34 md/Botocore#1.34.34 ua/2.0 os/linux#5.10.214-223.837.amzn2.x86_64 "
             "md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython "
             "exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.34")
SECAUTO_UA = ("Boto3/1.34.10 md/Botocore#1.34.10 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 "
              "md/arch#x86_64 lang/python#3.12.7 md/pyimpl#CPython "
              "exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.10 aws-lambda")
JENKINS_UA = ("aws-sdk-java/1.11.1034 Linux/4.14.336-257.562.amzn2.x86_64 "
              "OpenJDK_64-Bit_Server_VM/25.402-b08 java/1.8.0_402 vendor/Oracle_Corporation "
              "cfg/retry-mode/standard")
BROWSER = {
    "sec-admin": "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0",
    "m.chen": ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
               "(KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36"),
}

# GitHub-hosted runners run in Azure; these prefixes are used for runner IPs.
RUNNER_PREFIXES = ["20.57", "20.102", "4.227", "52.176", "40.84", "172.183", "135.232", "20.161"]
LAMBDA_IPS = ["3.250.12.87", "54.170.203.14", "34.245.91.160", "52.49.118.201", "3.249.40.19"]
NAT_IPS = ["34.248.61.17", "52.208.143.90"]
VPCE_KMS = "vpce-0a4c1f9e2b7d35a61"
VPCE_SSM = "vpce-0c27d8e4f1a9b3c05"

NOISE_START = "2026-10-01T00:00:00Z"
NOISE_END = "2026-11-18T00:00:00Z"
GAP_START = "2026-11-06T22:09:44Z"
GAP_END = "2026-11-07T06:30:02Z"

RELEASES = [
    # version, tag time, run id
    ("v2.3.0", "2026-10-06T14:02:00Z", "11652093318"),
    ("v2.4.0", "2026-10-20T13:30:00Z", "11768420157"),
    ("v2.4.1", "2026-11-03T15:10:00Z", "11873645201"),
    ("v2.5.0", "2026-11-17T14:00:00Z", "12061877492"),
]
HIJACK_RUN = "11990233417"

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
UPPER_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


# --------------------------------------------------------------------------
# time helpers (all times are integer Unix seconds, UTC)

def ts(text):
    return int(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=timezone.utc).timestamp())


def dtm(t):
    return datetime.fromtimestamp(t, timezone.utc)


def iso(t):
    return dtm(t).strftime("%Y-%m-%dT%H:%M:%SZ")


def human(t):
    """AWS responseElements style: 'Nov 6, 2026, 10:58:40 PM'."""
    d = dtm(t)
    hour = d.hour % 12 or 12
    return "%s %d, %d, %d:%02d:%02d %s" % (MONTHS[d.month - 1], d.day, d.year, hour,
                                           d.minute, d.second, "AM" if d.hour < 12 else "PM")


T_NOISE_START = ts(NOISE_START)
T_NOISE_END = ts(NOISE_END)
T_GAP_START = ts(GAP_START)
T_GAP_END = ts(GAP_END)


def in_gap(t):
    return T_GAP_START <= t <= T_GAP_END


# --------------------------------------------------------------------------
# randomness

rng = random.Random(SEED)


def new_uuid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def rand_str(n, alphabet=ALNUM):
    return "".join(rng.choice(alphabet) for _ in range(n))


def rand_hex(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def session_key():
    return "ASIAQX4E" + rand_str(12, UPPER_ALNUM)


def session_token():
    body = rand_str(4 * rng.randint(70, 80), B64)
    return "IQoJb3JpZ2luX2VjE" + body[17:]


def s3_request_id():
    return rand_str(16, UPPER_ALNUM)


def runner_ip():
    return "%s.%d.%d" % (rng.choice(RUNNER_PREFIXES), rng.randint(1, 254), rng.randint(1, 254))


# --------------------------------------------------------------------------
# principals

class Principal:
    def __init__(self, kind, name, prefix):
        self.kind = kind
        self.name = name
        self.pid = prefix + "QX4E" + rand_str(13, UPPER_ALNUM)
        self.arn = "arn:aws:iam::%s:%s/%s" % (ACCOUNT, kind, name)


SEC_ADMIN = Principal("user", "sec-admin", "AIDA")
M_CHEN = Principal("user", "m.chen", "AIDA")
CI_LEGACY = Principal("user", "ci-legacy", "AIDA")
SIGNER = Principal("role", "widget-release-signer", "AROA")
WIDGET_CI = Principal("role", "widget-ci", "AROA")
APP_SERVER = Principal("role", "app-server", "AROA")
INGEST = Principal("role", "ingest-lambda", "AROA")
SECAUTO = Principal("role", "security-automation", "AROA")


class Session:
    """Temporary credentials of an assumed role."""

    def __init__(self, role, name, created, key=None, web=False, ec2=False):
        self.role = role
        self.name = name
        self.created = created
        self.key = key or session_key()
        self.web = web
        self.ec2 = ec2

    @property
    def arn(self):
        return "arn:aws:sts::%s:assumed-role/%s/%s" % (ACCOUNT, self.role.name, self.name)

    def identity(self, invoked_by=None):
        ctx = {
            "sessionIssuer": {
                "type": "Role",
                "principalId": self.role.pid,
                "arn": self.role.arn,
                "accountId": ACCOUNT,
                "userName": self.role.name,
            },
            "webIdFederationData": ({"federatedProvider": OIDC, "attributes": {}}
                                    if self.web else {}),
            "attributes": {"creationDate": iso(self.created), "mfaAuthenticated": "false"},
        }
        if self.ec2:
            ctx["ec2RoleDelivery"] = "2.0"
        ident = {
            "type": "AssumedRole",
            "principalId": "%s:%s" % (self.role.pid, self.name),
            "arn": self.arn,
            "accountId": ACCOUNT,
            "accessKeyId": self.key,
            "sessionContext": ctx,
        }
        if invoked_by:
            ident["invokedBy"] = invoked_by
        return ident

    def credentials(self, duration):
        return {"accessKeyId": self.key, "sessionToken": session_token(),
                "expiration": human(self.created + duration)}

    def assumed_role_user(self):
        return {"assumedRoleId": "%s:%s" % (self.role.pid, self.name), "arn": self.arn}


def user_identity(user, key=None, console_since=None):
    ident = {"type": "IAMUser", "principalId": user.pid, "arn": user.arn, "accountId": ACCOUNT}
    if key:
        ident["accessKeyId"] = key
    ident["userName"] = user.name
    if console_since is not None:
        ident["sessionContext"] = {
            "sessionIssuer": {},
            "webIdFederationData": {},
            "attributes": {"creationDate": iso(console_since), "mfaAuthenticated": "true"},
        }
    return ident


def web_identity(sub):
    return {"type": "WebIdentityUser",
            "principalId": "%s:sts.amazonaws.com:%s" % (OIDC, sub),
            "userName": sub,
            "identityProvider": OIDC}


def service_identity(service):
    return {"type": "AWSService", "invokedBy": service}


# --------------------------------------------------------------------------
# records

def tls(host, modern=True):
    if modern:
        return {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                "clientProvidedHostHeader": host}
    return {"tlsVersion": "TLSv1.2", "cipherSuite": "ECDHE-RSA-AES128-GCM-SHA256",
            "clientProvidedHostHeader": host}


def kms_resources(*arns):
    return [{"accountId": ACCOUNT, "type": "AWS::KMS::Key", "ARN": a} for a in arns]


def role_resources(role):
    return [{"accountId": ACCOUNT, "type": "AWS::IAM::Role", "ARN": role.arn}]


def record(t, source, name, region, identity, ip, ua, req, resp, read_only,
           error=None, extra=None, resources=None, event_type="AwsApiCall",
           request_id="uuid", api_version=None, shared=False, vpce=None,
           tls_details=None, console=False):
    """Build one CloudTrail record with the key order of real records."""
    r = {}
    r["eventVersion"] = "1.09"
    r["userIdentity"] = identity
    r["eventTime"] = iso(t)
    r["eventSource"] = source
    r["eventName"] = name
    r["awsRegion"] = region
    r["sourceIPAddress"] = ip
    r["userAgent"] = ua
    if error:
        r["errorCode"], r["errorMessage"] = error
    r["requestParameters"] = req
    r["responseElements"] = resp
    if extra is not None:
        r["additionalEventData"] = extra
    if request_id == "uuid":
        r["requestID"] = new_uuid()
    elif request_id == "s3":
        r["requestID"] = s3_request_id()
    r["eventID"] = new_uuid()
    r["readOnly"] = read_only
    if resources:
        r["resources"] = resources
    r["eventType"] = event_type
    if api_version:
        r["apiVersion"] = api_version
    r["managementEvent"] = True
    r["recipientAccountId"] = ACCOUNT
    if shared:
        r["sharedEventID"] = new_uuid()
    if vpce:
        r["vpcEndpointId"] = vpce
    r["eventCategory"] = "Management"
    if tls_details:
        r["tlsDetails"] = tls_details
    if console:
        r["sessionCredentialFromConsole"] = "true"
    return r


class Event:
    __slots__ = ("t", "region", "rec", "label")

    def __init__(self, t, region, rec, label):
        self.t = t
        self.region = region
        self.rec = rec
        self.label = label


EVENTS = []


def emit(rec, label=None):
    t = ts(rec["eventTime"])
    EVENTS.append(Event(t, rec["awsRegion"], rec, label))
    return rec


def plant(rec, label):
    return emit(rec, label)


# --------------------------------------------------------------------------
# common event shapes

def kms_host(region=EU):
    return "kms.%s.amazonaws.com" % region


def sign_params(key_id, message_type="DIGEST"):
    return {"keyId": key_id, "signingAlgorithm": "ECDSA_SHA_256", "messageType": message_type}


def assume_role_with_web_identity(t, sub, role, session_name, ip, duration=3600):
    sess = Session(role, session_name, t, web=True)
    resp = {
        "credentials": sess.credentials(duration),
        "subjectFromWebIdentityToken": sub,
        "audience": "sts.amazonaws.com",
        "provider": OIDC,
        "assumedRoleUser": sess.assumed_role_user(),
    }
    rec = record(t, "sts.amazonaws.com", "AssumeRoleWithWebIdentity", EU, web_identity(sub), ip,
                 GHA_UA,
                 {"roleArn": role.arn, "roleSessionName": session_name,
                  "durationSeconds": duration},
                 resp, True,
                 extra={"identityProviderConnectionVerificationMethod": "IAMTrustStore"},
                 resources=role_resources(role),
                 tls_details=tls("sts.%s.amazonaws.com" % EU))
    return sess, rec


def service_assume_role(t, service, region, sess, duration):
    """AWSService-invoked AssumeRole (EC2 instance profile, Lambda execution role)."""
    return record(t, "sts.amazonaws.com", "AssumeRole", region, service_identity(service),
                  service, service,
                  {"roleArn": sess.role.arn, "roleSessionName": sess.name},
                  {"credentials": sess.credentials(duration),
                   "assumedRoleUser": sess.assumed_role_user()},
                  True, resources=role_resources(sess.role), shared=True)


def gha_kms(t, sess, name, key_id, resolved, ip, req=None):
    return record(t, "kms.amazonaws.com", name, EU, sess.identity(), ip, COSIGN_UA,
                  req or {"keyId": key_id}, None, True,
                  resources=kms_resources(resolved), tls_details=tls(kms_host()))


# --------------------------------------------------------------------------
# planted events: the incident

def trust_policy(sub_pattern, extra_statement=None, pretty=False):
    doc = {
        "Version": "2012-10-17",
        "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": OIDC},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": {
                "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                "StringLike": {"token.actions.githubusercontent.com:sub": sub_pattern},
            },
        }],
    }
    if extra_statement:
        doc["Statement"].append(extra_statement)
    if pretty:
        return json.dumps(doc, indent=4)
    return json.dumps(doc, separators=(",", ":"))


def key_metadata(key_id, t, description):
    return {"keyMetadata": {
        "aWSAccountId": ACCOUNT,
        "keyId": key_id,
        "arn": key_arn(key_id),
        "creationDate": human(t),
        "enabled": True,
        "description": description,
        "keyUsage": "SIGN_VERIFY",
        "keyState": "Enabled",
        "origin": "AWS_KMS",
        "keyManager": "CUSTOMER",
        "customerMasterKeySpec": "ECC_NIST_P256",
        "keySpec": "ECC_NIST_P256",
        "signingAlgorithms": ["ECDSA_SHA_256"],
        "multiRegion": False,
    }}


def create_signing_key(t, key_id, description, label):
    req = {
        "description": description,
        "keyUsage": "SIGN_VERIFY",
        "keySpec": "ECC_NIST_P256",
        "origin": "AWS_KMS",
        "bypassPolicyLockoutSafetyCheck": False,
        "tags": [{"tagKey": "project", "tagValue": "widget"},
                 {"tagKey": "purpose", "tagValue": "release-signing"}],
    }
    plant(record(t, "kms.amazonaws.com", "CreateKey", EU, user_identity(SEC_ADMIN, SECADM_KEY),
                 OFFICE_SEC, SECADM_CLI_UA % "kms.create-key", req,
                 key_metadata(key_id, t, description), False,
                 resources=kms_resources(key_arn(key_id)), tls_details=tls(kms_host())), label)


def release(version, tag_time, run_id, signing_key_arn, sign_label):
    t = ts(tag_time) + rng.randint(25, 55)
    ip = runner_ip()
    sub = "repo:acme/widget:ref:refs/tags/%s" % version
    sess, rec = assume_role_with_web_identity(t, sub, SIGNER, "gha-%s" % run_id, ip)
    plant(rec, "release-assume")
    t += rng.randint(55, 95)
    plant(gha_kms(t, sess, "GetPublicKey", ALIAS, signing_key_arn, ip), "release-getpublickey")
    sign_ids = []
    for _ in range(3):  # widget-linux-amd64.tar.gz, widget-darwin-arm64.tar.gz, widget-windows-amd64.zip
        t += rng.randint(3, 9)
        r = plant(gha_kms(t, sess, "Sign", ALIAS, signing_key_arn, ip, sign_params(ALIAS)),
                  sign_label)
        sign_ids.append(r["eventID"])
    return {"version": version, "tag_time": tag_time, "run_id": run_id,
            "role_session": sess.arn, "access_key_id": sess.key, "source_ip": ip,
            "key_arn": signing_key_arn, "sign_event_ids": sign_ids}


def attacker_user_call(t, source, name, region, host, command, req, read_only,
                       error=None, resources=None, resp=None):
    return record(t, source, name, region, user_identity(CI_LEGACY, LEGACY_KEY), ATTACKER_IP,
                  ATTACKER_UA % command, req, resp, read_only, error=error,
                  resources=resources, tls_details=tls(host))


def plant_incident(secauto_sessions, console_sessions):
    info = {}

    # 2026-09-01: the signing key and its alias are created.
    create_signing_key(ts("2026-09-01T10:15:22Z"), SIGN_KEY,
                       "widget release signing (cosign)", "key-create")
    plant(record(ts("2026-09-01T10:16:05Z"), "kms.amazonaws.com", "CreateAlias", EU,
                 user_identity(SEC_ADMIN, SECADM_KEY), OFFICE_SEC,
                 SECADM_CLI_UA % "kms.create-alias",
                 {"aliasName": ALIAS, "targetKeyId": SIGN_KEY}, None, False,
                 resources=kms_resources(alias_arn(ALIAS), SIGN_KEY_ARN),
                 tls_details=tls(kms_host())), "alias-create")

    releases = []
    for version, tag_time, run_id in RELEASES[:3]:
        releases.append(release(version, tag_time, run_id, SIGN_KEY_ARN, "release-sign"))

    # 2026-11-06: leaked ci-legacy key, recon, denied signing, trust change,
    # assume, signing, grant, StopLogging.
    kms_eu = kms_host()
    plant(attacker_user_call(ts("2026-11-06T21:47:12Z"), "sts.amazonaws.com", "GetCallerIdentity",
                             US, "sts.amazonaws.com", "sts.get-caller-identity", None, True),
          "attacker-recon")
    plant(attacker_user_call(ts("2026-11-06T21:47:40Z"), "kms.amazonaws.com", "ListKeys", EU,
                             kms_eu, "kms.list-keys", None, True), "attacker-recon")
    plant(attacker_user_call(ts("2026-11-06T21:47:52Z"), "kms.amazonaws.com", "ListAliases", EU,
                             kms_eu, "kms.list-aliases", None, True), "attacker-recon")
    dup = []
    dup.append(plant(attacker_user_call(ts("2026-11-06T21:48:10Z"), "kms.amazonaws.com",
                                        "DescribeKey", EU, kms_eu, "kms.describe-key",
                                        {"keyId": ALIAS}, True,
                                        resources=kms_resources(SIGN_KEY_ARN)),
                     "attacker-recon"))
    denied = ("AccessDeniedException",
              "User: arn:aws:iam::%s:user/ci-legacy is not authorized to perform: kms:Sign on "
              "resource: %s because no identity-based policy allows the kms:Sign action"
              % (ACCOUNT, SIGN_KEY_ARN))
    for i, when in enumerate(["21:48:31", "21:48:33", "21:48:36"]):
        r = plant(attacker_user_call(ts("2026-11-06T%sZ" % when), "kms.amazonaws.com", "Sign", EU,
                                     kms_eu, "kms.sign", sign_params(ALIAS, "RAW"), True,
                                     error=denied), "attacker-denied-sign")
        if i == 1:
            dup.append(r)
    plant(attacker_user_call(ts("2026-11-06T21:55:03Z"), "iam.amazonaws.com", "GetRole", US,
                             "iam.amazonaws.com", "iam.get-role",
                             {"roleName": SIGNER.name}, True), "attacker-recon")
    widened = trust_policy("repo:acme/*", {
        "Effect": "Allow",
        "Principal": {"AWS": CI_LEGACY.arn},
        "Action": "sts:AssumeRole",
    })
    plant(attacker_user_call(ts("2026-11-06T21:56:47Z"), "iam.amazonaws.com",
                             "UpdateAssumeRolePolicy", US, "iam.amazonaws.com",
                             "iam.update-assume-role-policy",
                             {"policyDocument": widened, "roleName": SIGNER.name}, False),
          "attacker-trust-change")

    t_assume = ts("2026-11-06T21:58:40Z")
    attack = Session(SIGNER, "backup-job", t_assume, key=ATTACK_SESSION_KEY)
    plant(attacker_user_call(t_assume, "sts.amazonaws.com", "AssumeRole", US, "sts.amazonaws.com",
                             "sts.assume-role",
                             {"roleArn": SIGNER.arn, "roleSessionName": "backup-job"}, True,
                             resources=role_resources(SIGNER),
                             resp={"credentials": attack.credentials(3600),
                                   "assumedRoleUser": attack.assumed_role_user()}),
          "attacker-assume")

    def attack_call(t, source, name, region, host, command, req, read_only, resources=None,
                    resp=None):
        return record(t, source, name, region, attack.identity(), ATTACKER_IP,
                      ATTACKER_UA % command, req, resp, read_only, resources=resources,
                      tls_details=tls(host))

    attacker_signs = []
    for when, mtype in [("22:01:05", "RAW"), ("22:01:49", "RAW"),
                        ("22:02:30", "DIGEST"), ("22:04:12", "DIGEST")]:
        r = plant(attack_call(ts("2026-11-06T%sZ" % when), "kms.amazonaws.com", "Sign", EU, kms_eu,
                              "kms.sign", sign_params(SIGN_KEY, mtype), True,
                              resources=kms_resources(SIGN_KEY_ARN)), "attacker-sign")
        attacker_signs.append(r)
    dup.extend([attacker_signs[0], attacker_signs[2]])
    grant_id = rand_hex(64)
    dup.append(plant(attack_call(ts("2026-11-06T22:06:20Z"), "kms.amazonaws.com", "CreateGrant",
                                 EU, kms_eu, "kms.create-grant",
                                 {"keyId": SIGN_KEY, "granteePrincipal": CI_LEGACY.arn,
                                  "operations": ["Sign", "GetPublicKey"]}, False,
                                 resources=kms_resources(SIGN_KEY_ARN),
                                 resp={"grantId": grant_id}), "attacker-grant"))
    plant(attack_call(T_GAP_START, "cloudtrail.amazonaws.com", "StopLogging", US,
                      "cloudtrail.us-east-1.amazonaws.com", "cloudtrail.stop-logging",
                      {"name": TRAIL_ARN}, False), "attacker-stoplogging")

    # 2026-11-07 06:30:02: the security automation Lambda turns logging back on.
    sa = secauto_sessions["2026-11-07"]
    plant(record(T_GAP_END, "cloudtrail.amazonaws.com", "StartLogging", US, sa.identity(),
                 SECAUTO_IP, SECAUTO_UA, {"name": TRAIL_ARN}, None, False,
                 tls_details=tls("cloudtrail.us-east-1.amazonaws.com")), "logging-restored")

    # 2026-11-09: a ci-test branch run assumes the signing role (possible only
    # because of the widened trust policy) and signs once.
    t = ts("2026-11-09T10:12:31Z")
    ip = runner_ip()
    hijack, rec = assume_role_with_web_identity(
        t, "repo:acme/widget:ref:refs/heads/ci-test", SIGNER, "gha-%s" % HIJACK_RUN, ip)
    plant(rec, "ci-hijack-assume")
    plant(gha_kms(ts("2026-11-09T10:13:02Z"), hijack, "GetPublicKey", ALIAS, SIGN_KEY_ARN, ip),
          "ci-hijack-getpublickey")
    plant(gha_kms(ts("2026-11-09T10:13:05Z"), hijack, "Sign", ALIAS, SIGN_KEY_ARN, ip,
                  sign_params(ALIAS)), "ci-hijack-sign")

    # 2026-11-12: maintainer's manual hotfix signature (v2.4.2), outside CI:
    # cosign sign-blob --key awskms:///alias/widget-release on his laptop,
    # with his long-term key (cosign uploads the signature to Rekor).
    plant(record(ts("2026-11-12T16:40:18Z"), "kms.amazonaws.com", "Sign", EU,
                 user_identity(M_CHEN, MCHEN_KEY), OFFICE_MCHEN, MCHEN_COSIGN_UA,
                 sign_params(ALIAS), None, True, resources=kms_resources(SIGN_KEY_ARN),
                 tls_details=tls(kms_host())), "hotfix-sign")

    # 2026-11-13: detection and containment from the console.
    con = console_sessions[("sec-admin", "2026-11-13")]

    def console_call(t, source, name, region, req, resources=None):
        return record(t, source, name, region,
                      user_identity(SEC_ADMIN, con["key"], console_since=con["login"]),
                      OFFICE_SEC, "AWS Internal", req, None, False, resources=resources,
                      console=True)

    plant(console_call(ts("2026-11-13T09:41:10Z"), "kms.amazonaws.com", "DisableKey", EU,
                       {"keyId": SIGN_KEY}, kms_resources(SIGN_KEY_ARN)), "containment-disable")
    plant(console_call(ts("2026-11-13T09:43:02Z"), "kms.amazonaws.com", "RevokeGrant", EU,
                       {"keyId": SIGN_KEY_ARN, "grantId": grant_id},
                       kms_resources(SIGN_KEY_ARN)), "containment-revoke-grant")
    restored = trust_policy("repo:acme/widget:ref:refs/tags/v*", pretty=True)
    plant(console_call(ts("2026-11-13T09:50:30Z"), "iam.amazonaws.com", "UpdateAssumeRolePolicy",
                       US, {"policyDocument": restored, "roleName": SIGNER.name}),
          "containment-trust-restore")
    lockdown = json.dumps({
        "Version": "2012-10-17",
        "Id": "widget-release-lockdown",
        "Statement": [
            {"Sid": "Enable IAM User Permissions", "Effect": "Allow",
             "Principal": {"AWS": "arn:aws:iam::%s:root" % ACCOUNT},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "DenySignExceptSecAdmin", "Effect": "Deny",
             "Principal": {"AWS": "*"},
             "Action": ["kms:Sign", "kms:CreateGrant"], "Resource": "*",
             "Condition": {"StringNotEquals": {"aws:PrincipalArn": SEC_ADMIN.arn}}},
        ],
    }, indent=4)
    plant(console_call(ts("2026-11-13T10:05:11Z"), "kms.amazonaws.com", "PutKeyPolicy", EU,
                       {"keyId": SIGN_KEY, "policyName": "default", "policy": lockdown,
                        "bypassPolicyLockoutSafetyCheck": False},
                       kms_resources(SIGN_KEY_ARN)), "containment-key-policy")

    disabled = ("DisabledException", "%s is disabled." % SIGN_KEY_ARN)
    for when in ["11:20:07", "11:20:09"]:
        plant(attacker_user_call(ts("2026-11-13T%sZ" % when), "kms.amazonaws.com", "Sign", EU,
                                 kms_eu, "kms.sign", sign_params(SIGN_KEY_ARN, "RAW"), True,
                                 error=disabled, resources=kms_resources(SIGN_KEY_ARN)),
              "post-containment-denied-sign")

    # 2026-11-14: rotation to a new key; the alias now points at it.
    create_signing_key(ts("2026-11-14T08:02:44Z"), NEW_KEY,
                       "widget release signing (cosign), rotated 2026-11-14 (IR-2026-031)",
                       "rotation-createkey")
    plant(record(ts("2026-11-14T08:04:10Z"), "kms.amazonaws.com", "UpdateAlias", EU,
                 user_identity(SEC_ADMIN, SECADM_KEY), OFFICE_SEC,
                 SECADM_CLI_UA % "kms.update-alias",
                 {"aliasName": ALIAS, "targetKeyId": NEW_KEY}, None, False,
                 resources=kms_resources(alias_arn(ALIAS), NEW_KEY_ARN),
                 tls_details=tls(kms_host())), "rotation-alias")

    # 2026-11-17: v2.5.0 signs with the new key through the alias.
    version, tag_time, run_id = RELEASES[3]
    releases.append(release(version, tag_time, run_id, NEW_KEY_ARN, "release-v2.5.0-sign"))

    info["releases"] = releases
    info["grant_id"] = grant_id
    info["duplicates"] = dup
    info["attacker_session"] = attack.arn
    info["hijack_session"] = {"arn": hijack.arn, "access_key_id": hijack.key, "source_ip": ip}
    return info


# --------------------------------------------------------------------------
# routine noise

SECAUTO_IP = "3.91.147.22"

TENANTS = ["t-%04d" % n for n in (17, 42, 108, 233, 301, 377, 512, 640, 818, 902)]
SSM_PARAMS = ["/widget/prod/db-password", "/widget/prod/stripe-api-key",
              "/widget/prod/redis-url", "/widget/prod/session-secret"]
INGEST_PARAMS = ["/ingest/prod/source-token", "/ingest/prod/db-password"]
ROLES_SEEN_IN_CONSOLE = ["app-server", "ingest-lambda", "widget-ci", "security-automation",
                         "widget-release-signer"]


class Fleet:
    """EC2 instances of the app-server role and the ingest Lambda's sessions."""

    BLOCK = 12 * 3600

    def __init__(self):
        first = ["i-0" + rand_hex(16) for _ in range(3)]
        second = ["i-0" + rand_hex(16) for _ in range(3)]
        self.refresh = ts("2026-10-27T11:40:00Z")  # ASG instance refresh
        self.generations = [first, second]
        self.private_ip = {i: "10.20.%d.%d" % (rng.randint(1, 3) * 16 + rng.randint(0, 15),
                                               rng.randint(4, 250))
                           for i in first + second}
        self.nat = {i: NAT_IPS[n % 2] for n, i in enumerate(first + second)}
        self.sessions = {}

    def instances(self, t):
        return self.generations[0 if t < self.refresh else 1]

    def app_session(self, t, instance):
        k = (instance, t // self.BLOCK)
        sess = self.sessions.get(k)
        if sess is None:
            created = max(t - rng.randint(3, 40), t - t % 300)
            sess = Session(APP_SERVER, instance, created, ec2=True)
            self.sessions[k] = sess
            if not in_gap(created) and created >= T_NOISE_START:
                emit(service_assume_role(created, "ec2.amazonaws.com", EU, sess, 12 * 3600))
        return sess

    def lambda_session(self, t):
        k = ("lambda", t // self.BLOCK)
        sess = self.sessions.get(k)
        if sess is None:
            created = max(t - rng.randint(1, 5), t - t % 300)
            sess = Session(INGEST, INGEST.name, created)
            sess.ip = rng.choice(LAMBDA_IPS)
            self.sessions[k] = sess
            if not in_gap(created) and created >= T_NOISE_START:
                emit(service_assume_role(created, "lambda.amazonaws.com", EU, sess, 12 * 3600))
        return sess


def encryption_context(principal):
    if principal is APP_SERVER:
        return {"service": "widget-api", "tenant": rng.choice(TENANTS)}
    return {"pipeline": "ingest", "stage": rng.choice(["raw", "normalised", "archive"])}


def app_event(fleet, t):
    """One routine call from the app-server fleet or the ingest Lambda."""
    if rng.random() < 0.64:
        inst = rng.choice(fleet.instances(t))
        sess = fleet.app_session(t, inst)
        who, priv, nat, ua = APP_SERVER, fleet.private_ip[inst], fleet.nat[inst], APP_UA
        kms_ip, kms_vpce, ssm_vpce, params = priv, VPCE_KMS, VPCE_SSM, SSM_PARAMS
    else:
        sess = fleet.lambda_session(t)
        who, nat, ua = INGEST, sess.ip, LAMBDA_UA
        kms_ip, kms_vpce, ssm_vpce, params = sess.ip, None, None, INGEST_PARAMS
    ident = sess.identity()
    kms_tls = tls(kms_host(), modern=(who is INGEST))
    roll = rng.random() * 100

    def kms(name, req):
        emit(record(t, "kms.amazonaws.com", name, EU, ident, kms_ip, ua, req, None,
                    name == "Decrypt" or name == "GenerateDataKey" or name == "Encrypt",
                    resources=kms_resources(DATA_KEY_ARN), vpce=kms_vpce, tls_details=kms_tls))

    def ssm_decrypt(name):
        # SecureString parameters are encrypted under the customer key; SSM
        # calls KMS on the caller's behalf.
        emit(record(t + rng.randint(0, 1), "kms.amazonaws.com", "Decrypt", EU,
                    sess.identity(invoked_by="AWS Internal"), "AWS Internal", "AWS Internal",
                    {"encryptionAlgorithm": "SYMMETRIC_DEFAULT",
                     "encryptionContext": {"PARAMETER_ARN": "arn:aws:ssm:%s:%s:parameter%s"
                                           % (EU, ACCOUNT, name)}},
                    None, True, resources=kms_resources(DATA_KEY_ARN)))

    if roll < 41:
        kms("Decrypt", {"encryptionContext": encryption_context(who),
                        "encryptionAlgorithm": "SYMMETRIC_DEFAULT"})
    elif roll < 64:
        kms("GenerateDataKey", {"keyId": DATA_ALIAS, "encryptionContext": encryption_context(who),
                                "keySpec": "AES_256"})
    elif roll < 72:
        kms("Encrypt", {"keyId": DATA_ALIAS, "encryptionContext": encryption_context(who),
                        "encryptionAlgorithm": "SYMMETRIC_DEFAULT"})
    elif roll < 78:
        name = rng.choice(params)
        emit(record(t, "ssm.amazonaws.com", "GetParameter", EU, ident, kms_ip, ua,
                    {"name": name, "withDecryption": True}, None, True,
                    resources=[{"accountId": ACCOUNT,
                                "ARN": "arn:aws:ssm:%s:%s:parameter%s" % (EU, ACCOUNT, name)}],
                    vpce=ssm_vpce, tls_details=tls("ssm.%s.amazonaws.com" % EU)))
        ssm_decrypt(name)
    elif roll < 81:
        names = sorted(rng.sample(params, 2))
        emit(record(t, "ssm.amazonaws.com", "GetParameters", EU, ident, kms_ip, ua,
                    {"names": names, "withDecryption": True}, None, True,
                    resources=[{"accountId": ACCOUNT,
                                "ARN": "arn:aws:ssm:%s:%s:parameter%s" % (EU, ACCOUNT, n)}
                               for n in names],
                    vpce=ssm_vpce, tls_details=tls("ssm.%s.amazonaws.com" % EU)))
        for n in names:
            ssm_decrypt(n)
    elif roll < 84:
        emit(record(t, "ec2.amazonaws.com", "DescribeInstances", EU, ident, nat, ua,
                    {"instancesSet": {},
                     "filterSet": {"items": [{"name": "tag:aws:autoscaling:groupName",
                                              "valueSet": {"items": [{"value": "widget-api-asg"}]}}]}},
                    None, True, tls_details=tls("ec2.%s.amazonaws.com" % EU)))
    elif roll < 87:
        emit(record(t, "sts.amazonaws.com", "GetCallerIdentity", EU, ident, nat, ua, None, None,
                    True, tls_details=tls("sts.%s.amazonaws.com" % EU)))
    elif roll < 90:
        emit(record(t, "ecr.amazonaws.com", "GetAuthorizationToken", EU, ident, nat, ua, None,
                    None, True, tls_details=tls("api.ecr.%s.amazonaws.com" % EU)))
    elif roll < 92:
        emit(record(t, "logs.amazonaws.com", "DescribeLogGroups", EU, ident, nat, ua,
                    {"logGroupNamePrefix": "/aws/lambda/ingest" if who is INGEST
                     else "/widget/api"}, None, True, api_version="20140328",
                    tls_details=tls("logs.%s.amazonaws.com" % EU)))
    elif roll < 96:
        bucket = "acme-ingest-eu" if who is INGEST else "acme-widget-uploads-eu"
        emit(record(t, "s3.amazonaws.com", "GetBucketLocation", EU, ident, nat, "[%s]" % ua,
                    {"bucketName": bucket, "location": "",
                     "Host": "%s.s3.%s.amazonaws.com" % (bucket, EU)}, None, True,
                    extra=s3_extra(),
                    resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket",
                                "ARN": "arn:aws:s3:::%s" % bucket}],
                    request_id="s3", tls_details=tls("%s.s3.%s.amazonaws.com" % (bucket, EU))))
    else:
        end = t - t % 60
        emit(record(t, "monitoring.amazonaws.com", "GetMetricData", EU, ident, nat, ua,
                    metric_query(end), None, True,
                    tls_details=tls("monitoring.%s.amazonaws.com" % EU)))


def s3_extra():
    return {"SignatureVersion": "SigV4", "CipherSuite": "TLS_AES_128_GCM_SHA256",
            "bytesTransferredIn": 0, "AuthenticationMethod": "AuthHeader",
            "x-amz-id-2": rand_str(76, B64),
            "bytesTransferredOut": rng.randint(100, 140)}


def metric_query(end):
    return {"metricDataQueries": [{
        "id": "m1",
        "metricStat": {"metric": {"namespace": "AWS/EC2", "metricName": "CPUUtilization",
                                  "dimensions": [{"name": "AutoScalingGroupName",
                                                  "value": "widget-api-asg"}]},
                       "period": 300, "stat": "Average"},
        "returnData": True}],
        "startTime": human(end - 3 * 3600), "endTime": human(end)}


def app_burst(fleet, t0, n, ci_legacy_jenkins=False):
    span = rng.randint(40, 150)
    times = sorted(t0 + rng.randint(0, span) for _ in range(n))
    for t in times:
        if in_gap(t) or t >= T_NOISE_END:
            continue
        app_event(fleet, t)
    if ci_legacy_jenkins and not in_gap(t0):
        # The old Jenkins still pulls images with the ci-legacy key.
        emit(record(t0 + rng.randint(0, span), "ecr.amazonaws.com", "GetAuthorizationToken", EU,
                    user_identity(CI_LEGACY, LEGACY_KEY), JENKINS_IP, JENKINS_UA, None, None,
                    True, tls_details=tls("api.ecr.%s.amazonaws.com" % EU, modern=False)))


def console_session(user, t_login, ip, reads=True):
    """ConsoleLogin plus a few console page loads; returns the session."""
    emit(record(t_login, "signin.amazonaws.com", "ConsoleLogin", US, user_identity(user), ip,
                BROWSER[user.name], None, {"ConsoleLogin": "Success"}, False,
                extra={"LoginTo": "https://console.aws.amazon.com/console/home?"
                                  "hashArgs=%23&isauthcode=true&state=hashArgsFromTB_eu-west-1",
                       "MobileVersion": "No",
                       "MFAIdentifier": "arn:aws:iam::%s:mfa/%s" % (ACCOUNT, user.name),
                       "MFAUsed": "Yes"},
                request_id=None, event_type="AwsConsoleSignIn",
                tls_details=tls("signin.aws.amazon.com")))
    sess = {"key": session_key(), "login": t_login}
    if not reads:
        return sess
    ident = lambda: user_identity(user, sess["key"], console_since=t_login)  # noqa: E731

    t = t_login + rng.randint(10, 40)
    for _ in range(rng.randint(2, 4)):
        kind = rng.random()
        if kind < 0.4:
            emit(record(t, "iam.amazonaws.com", "ListRoles", US, ident(), ip, "AWS Internal",
                        {"maxItems": 1000}, None, True, console=True))
        elif kind < 0.75:
            emit(record(t, "iam.amazonaws.com", "GetRole", US, ident(), ip, "AWS Internal",
                        {"roleName": rng.choice(ROLES_SEEN_IN_CONSOLE)}, None, True,
                        console=True))
        else:
            emit(record(t, "s3.amazonaws.com", "ListBuckets", US, ident(), ip,
                        "[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.750 "
                        "Linux/5.10.226-192.879.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/"
                        "25.422-b05 java/1.8.0_422 vendor/Oracle_Corporation "
                        "cfg/retry-mode/standard]",
                        {"Host": "s3.amazonaws.com"}, None, True, extra=s3_extra(),
                        request_id="s3", tls_details=tls("s3.amazonaws.com"), console=True))
        t += rng.randint(5, 40)

    t = t_login + rng.randint(60, 150)
    for _ in range(rng.randint(3, 8)):
        kind = rng.random()
        if kind < 0.4:
            emit(record(t, "ec2.amazonaws.com", "DescribeInstances", EU, ident(), ip,
                        "AWS Internal", {"instancesSet": {}, "filterSet": {},
                                         "maxResults": 50}, None, True, console=True))
        elif kind < 0.75:
            emit(record(t, "monitoring.amazonaws.com", "GetMetricData", EU, ident(), ip,
                        "AWS Internal", metric_query(t - t % 60), None, True, console=True))
        else:
            emit(record(t, "logs.amazonaws.com", "DescribeLogGroups", EU, ident(), ip,
                        "AWS Internal", {"limit": 50}, None, True, api_version="20140328",
                        console=True))
        t += rng.randint(4, 30)
    return sess


def widget_ci_run(t):
    """Push to main: widget-ci role via OIDC, then an ECR login."""
    ip = runner_ip()
    sess, rec = assume_role_with_web_identity(t, "repo:acme/widget:ref:refs/heads/main",
                                              WIDGET_CI, "GitHubActions", ip)
    emit(rec)
    t += rng.randint(8, 30)
    for _ in range(rng.randint(1, 2)):
        emit(record(t, "ecr.amazonaws.com", "GetAuthorizationToken", EU, sess.identity(), ip,
                    GHA_CLI_UA % "ecr.get-login-password", None, None, True,
                    tls_details=tls("api.ecr.%s.amazonaws.com" % EU)))
        t += rng.randint(20, 90)


def daily_trail_check(day_key, t):
    """security-automation Lambda: daily GetTrailStatus (and CloudTrail's ACL check)."""
    sess = Session(SECAUTO, "guardduty-remediation", t - rng.randint(2, 6))
    if not in_gap(t):
        emit(record(t, "cloudtrail.amazonaws.com", "GetTrailStatus", US, sess.identity(),
                    SECAUTO_IP, SECAUTO_UA, {"name": TRAIL_ARN}, None, True,
                    tls_details=tls("cloudtrail.us-east-1.amazonaws.com")))
    t2 = t + rng.randint(20, 90)
    emit(record(t2, "s3.amazonaws.com", "GetBucketAcl", US,
                service_identity("cloudtrail.amazonaws.com"), "cloudtrail.amazonaws.com",
                "cloudtrail.amazonaws.com",
                {"bucketName": BUCKET, "Host": "%s.s3.us-east-1.amazonaws.com" % BUCKET, "acl": ""},
                None, True, extra=s3_extra(),
                resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket",
                            "ARN": "arn:aws:s3:::%s" % BUCKET}],
                request_id="s3", shared=True))
    return sess


def gen_noise():
    fleet = Fleet()
    secauto_sessions = {}
    console_sessions = {}
    day = T_NOISE_START
    while day < T_NOISE_END:
        d = dtm(day)
        day_key = d.strftime("%Y-%m-%d")
        weekday = d.weekday() < 5

        # Nightly batch, always.
        app_burst(fleet, day + rng.randint(2 * 3600, 3 * 3600), rng.randint(14, 28))
        busy = []
        if weekday:
            for i in range(3):
                lo = 8 * 3600 + i * 3 * 3600 + 1800
                t0 = day + rng.randint(lo, lo + 2 * 3600)
                busy.append(t0)
                app_burst(fleet, t0, rng.randint(42, 72),
                          ci_legacy_jenkins=(i == 1 and day < ts("2026-10-16T00:00:00Z")))
        else:
            app_burst(fleet, day + rng.randint(10 * 3600, 20 * 3600), rng.randint(14, 28))
        # Evening report job (cron 20:15), small.
        app_burst(fleet, day + 20 * 3600 + 900 + rng.randint(0, 40), rng.randint(8, 16))

        # Security automation: daily trail check at 06:30.  On 2026-11-07 the
        # check finds logging stopped, calls StartLogging at 06:30:02 (planted)
        # and confirms at 06:30:04.
        if day_key == "2026-11-07":
            sess = Session(SECAUTO, "guardduty-remediation", T_GAP_END - 4)
            secauto_sessions[day_key] = sess
            emit(record(T_GAP_END + 2, "cloudtrail.amazonaws.com", "GetTrailStatus", US,
                        sess.identity(), SECAUTO_IP, SECAUTO_UA, {"name": TRAIL_ARN}, None, True,
                        tls_details=tls("cloudtrail.us-east-1.amazonaws.com")))
            emit(record(T_GAP_END + 75, "s3.amazonaws.com", "GetBucketAcl", US,
                        service_identity("cloudtrail.amazonaws.com"), "cloudtrail.amazonaws.com",
                        "cloudtrail.amazonaws.com",
                        {"bucketName": BUCKET, "Host": "%s.s3.us-east-1.amazonaws.com" % BUCKET,
                         "acl": ""},
                        None, True, extra=s3_extra(),
                        resources=[{"accountId": ACCOUNT, "type": "AWS::S3::Bucket",
                                    "ARN": "arn:aws:s3:::%s" % BUCKET}],
                        request_id="s3", shared=True))
        else:
            secauto_sessions[day_key] = daily_trail_check(
                day_key, day + 6 * 3600 + 1800 + rng.randint(0, 8))

        if weekday:
            # Console work by the two humans; they tend to look at the console
            # when the application is busy.
            if day_key == "2026-11-13":
                console_sessions[("sec-admin", day_key)] = console_session(
                    SEC_ADMIN, ts("2026-11-13T09:36:44Z"), OFFICE_SEC)
            elif rng.random() < 0.6:
                console_sessions[("sec-admin", day_key)] = console_session(
                    SEC_ADMIN, busy[0] - rng.randint(60, 100), OFFICE_SEC)
            if rng.random() < 0.45:
                console_sessions[("m.chen", day_key)] = console_session(
                    M_CHEN, busy[rng.randint(1, 2)] - rng.randint(60, 100), OFFICE_MCHEN)
            # m.chen's everyday CLI use of his long-term key (eu-west-1 profile).
            if rng.random() < 0.3 or day_key == "2026-11-12":
                t = (ts("2026-11-12T16:39:47Z") if day_key == "2026-11-12"
                     else rng.choice(busy) + rng.randint(0, 60))
                emit(record(t, "sts.amazonaws.com", "GetCallerIdentity", EU,
                            user_identity(M_CHEN, MCHEN_KEY), OFFICE_MCHEN,
                            MCHEN_CLI_UA % "sts.get-caller-identity", None, None, True,
                            tls_details=tls("sts.%s.amazonaws.com" % EU)))
                if day_key != "2026-11-12":
                    name = rng.choice(SSM_PARAMS)
                    emit(record(t + rng.randint(10, 60), "ssm.amazonaws.com", "GetParameter",
                                EU, user_identity(M_CHEN, MCHEN_KEY), OFFICE_MCHEN,
                                MCHEN_CLI_UA % "ssm.get-parameter",
                                {"name": name, "withDecryption": False}, None, True,
                                resources=[{"accountId": ACCOUNT,
                                            "ARN": "arn:aws:ssm:%s:%s:parameter%s"
                                            % (EU, ACCOUNT, name)}],
                                tls_details=tls("ssm.%s.amazonaws.com" % EU)))
            # Pushes to main build and push an image (CI runs during busy hours).
            for _ in range(rng.choice([0, 1, 1, 2])):
                widget_ci_run(rng.choice(busy) + rng.randint(0, 90))
        day += 86400
    return secauto_sessions, console_sessions


def investigator_lookup_calls(n_events):
    """sec-admin's `aws cloudtrail lookup-events` run on 2026-11-14 (50 per page)."""
    t = ts("2026-11-14T07:31:12Z")
    token = None
    for _ in range(max(1, math.ceil(n_events / 50))):
        req = {"lookupAttributes": [{"attributeKey": "EventSource",
                                     "attributeValue": "kms.amazonaws.com"}],
               "startTime": "Nov 13, 2026, 12:00:00 AM", "endTime": "Nov 14, 2026, 12:00:00 AM"}
        if token:
            req["nextToken"] = token
        emit(record(t, "cloudtrail.amazonaws.com", "LookupEvents", EU,
                    user_identity(SEC_ADMIN, SECADM_KEY), OFFICE_SEC,
                    SECADM_CLI_UA % "cloudtrail.lookup-events", req, None, True,
                    tls_details=tls("cloudtrail.%s.amazonaws.com" % EU)))
        token = rand_str(120, B64)
        t += rng.randint(1, 2)


# --------------------------------------------------------------------------
# delivery

def gzip_bytes(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as gz:
        gz.write(data)
    return buf.getvalue()


def ceil5(t):
    return int(math.ceil(t / 300.0) * 300)


def log_key(region, delivered):
    d = dtm(delivered)
    return "AWSLogs/%s/CloudTrail/%s/%s/%s_CloudTrail_%s_%s_%s.json.gz" % (
        ACCOUNT, region, d.strftime("%Y/%m/%d"), ACCOUNT, region,
        d.strftime("%Y%m%dT%H%MZ"), rand_str(16))


class LogFile:
    def __init__(self, region, delivered, events):
        self.region = region
        self.delivered = delivered
        self.events = list(events)
        rng.shuffle(self.events)
        self.key = log_key(region, delivered)
        self.content = json.dumps({"Records": [e.rec for e in self.events]},
                                  separators=(",", ":")).encode("utf-8")
        self.oldest = min(e.t for e in self.events)
        self.newest = max(e.t for e in self.events)


def deliver(events):
    buckets = {}
    for e in events:
        buckets.setdefault((e.t // 300, e.region), []).append(e)
    files = []
    for k in sorted(buckets):
        evs = sorted(buckets[k], key=lambda e: (e.t, e.rec["eventID"]))
        newest = evs[-1].t
        delivered = ceil5(newest + rng.randint(100, 420))
        parts = [evs]
        if len(evs) > 90:  # busy windows arrive as two objects
            cut = rng.randint(len(evs) // 3, 2 * len(evs) // 3)
            parts = [evs[:cut], evs[cut:]]
        for part in parts:
            files.append(LogFile(k[1], delivered, part))
    return files


def digest_key(region, end):
    d = dtm(end)
    return "AWSLogs/%s/CloudTrail-Digest/%s/%s/%s_CloudTrail-Digest_%s_%s_us-east-1_%s.json.gz" % (
        ACCOUNT, region, d.strftime("%Y/%m/%d"), ACCOUNT, region, TRAIL_NAME,
        d.strftime("%Y%m%dT%H%M%SZ"))


def build_digests(files):
    digests = []
    for region in (EU, US):
        fingerprint = rand_hex(32)
        prev_key = digest_key(region, ts("2026-11-06T19:00:00Z"))
        prev_hash = rand_hex(64)
        prev_sig = rand_hex(512)
        for hour in (20, 21, 22, 23):
            end = ts("2026-11-06T%02d:00:00Z" % hour)
            start = end - 3600
            covered = sorted((f for f in files
                              if f.region == region and start <= f.delivered < end),
                             key=lambda f: (f.delivered, f.key))
            doc = {
                "awsAccountId": ACCOUNT,
                "digestStartTime": iso(start),
                "digestEndTime": iso(end),
                "digestS3Bucket": BUCKET,
                "digestS3Object": digest_key(region, end),
                "digestPublicKeyFingerprint": fingerprint,
                "digestSignatureAlgorithm": "SHA256withRSA",
                "newestEventTime": iso(max(f.newest for f in covered)) if covered else None,
                "oldestEventTime": iso(min(f.oldest for f in covered)) if covered else None,
                "previousDigestS3Bucket": BUCKET,
                "previousDigestS3Object": prev_key,
                "previousDigestHashValue": prev_hash,
                "previousDigestHashAlgorithm": "SHA-256",
                "previousDigestSignature": prev_sig,
                "logFiles": [{
                    "s3Bucket": BUCKET,
                    "s3Object": f.key,
                    "hashValue": hashlib.sha256(f.content).hexdigest(),
                    "hashAlgorithm": "SHA-256",
                    "newestEventTime": iso(f.newest),
                    "oldestEventTime": iso(f.oldest),
                } for f in covered],
            }
            content = json.dumps(doc, separators=(",", ":")).encode("utf-8")
            digests.append((doc["digestS3Object"], content))
            prev_key = doc["digestS3Object"]
            prev_hash = hashlib.sha256(content).hexdigest()
            prev_sig = rand_hex(512)  # signature lives in S3 metadata (x-amz-meta-signature)
    return digests


def lookup_events(events):
    start, end = ts("2026-11-13T00:00:00Z"), ts("2026-11-14T00:00:00Z")
    sel = [e for e in events if e.region == EU and e.rec["eventSource"] == "kms.amazonaws.com"
           and start <= e.t < end]
    sel.sort(key=lambda e: (-e.t, e.rec["eventID"]))
    out = []
    for e in sel:
        r = e.rec
        ui = r["userIdentity"]
        item = {"EventId": r["eventID"], "EventName": r["eventName"],
                "ReadOnly": "true" if r["readOnly"] else "false"}
        if ui.get("accessKeyId"):
            item["AccessKeyId"] = ui["accessKeyId"]
        item["EventTime"] = dtm(e.t).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        item["EventSource"] = r["eventSource"]
        if ui.get("type") == "AssumedRole":
            item["Username"] = ui["arn"].rsplit("/", 1)[1]
        elif ui.get("userName"):
            item["Username"] = ui["userName"]
        item["Resources"] = [{"ResourceType": res.get("type"), "ResourceName": res["ARN"]}
                             for res in r.get("resources", [])]
        item["CloudTrailEvent"] = json.dumps(r, separators=(",", ":"))
        out.append(item)
    return {"Events": out}


# --------------------------------------------------------------------------
# main

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    samples = os.path.dirname(here)
    out = os.path.join(samples, "evidence", "cloudtrail")

    secauto_sessions, console_sessions = gen_noise()
    info = plant_incident(secauto_sessions, console_sessions)

    n_kms_1113 = sum(1 for e in EVENTS if e.region == EU
                     and e.rec["eventSource"] == "kms.amazonaws.com"
                     and ts("2026-11-13T00:00:00Z") <= e.t < ts("2026-11-14T00:00:00Z"))
    investigator_lookup_calls(n_kms_1113)

    # Sanity: nothing may fall inside the logging gap except its two edges.
    for e in EVENTS:
        if T_GAP_START < e.t < T_GAP_END:
            raise SystemExit("event inside the logging gap: %s" % e.rec["eventName"])

    events = sorted(EVENTS, key=lambda e: (e.t, e.rec["eventID"]))
    files = deliver(events)

    # Duplicate delivery: five attack-window records arrive a second time in a
    # later eu-west-1 object.
    dup_ids = [r["eventID"] for r in info["duplicates"]]
    by_id = {e.rec["eventID"]: e for e in events}
    dup_file = LogFile(EU, ts("2026-11-06T22:40:00Z"), [by_id[i] for i in dup_ids])
    files.append(dup_file)
    files.sort(key=lambda f: (f.delivered, f.region, f.key))

    digests = build_digests(files)
    lookup = lookup_events(events)

    if os.path.isdir(out):
        shutil.rmtree(out)
    for f in files:
        write(os.path.join(out, f.key), gzip_bytes(f.content))
    for key, content in digests:
        write(os.path.join(out, key), gzip_bytes(content))
    write(os.path.join(out, "lookup-events-kms-2026-11-13.json"),
          (json.dumps(lookup, indent=4, ensure_ascii=False) + "\n").encode("utf-8"))

    by_source = {}
    for e in events:
        s = e.rec["eventSource"]
        by_source[s] = by_source.get(s, 0) + 1
    planted = [e for e in events if e.label]
    truth = {
        "account": ACCOUNT,
        "signing_key_arn": SIGN_KEY_ARN,
        "new_key_arn": NEW_KEY_ARN,
        "alias": ALIAS,
        "alias_arn": alias_arn(ALIAS),
        "noise_key_arn": DATA_KEY_ARN,
        "signing_role_arn": SIGNER.arn,
        "oidc_provider_arn": OIDC,
        "trail_arn": TRAIL_ARN,
        "log_gap": {"start": GAP_START, "end": GAP_END},
        "attacker": {
            "user_arn": CI_LEGACY.arn,
            "access_key_id": LEGACY_KEY,
            "source_ip": ATTACKER_IP,
            "role_session_arn": info["attacker_session"],
            "session_access_key_id": ATTACK_SESSION_KEY,
            "grant_id": info["grant_id"],
        },
        "ci_hijack": info["hijack_session"],
        "releases": info["releases"],
        "events": [{"eventID": e.rec["eventID"], "eventName": e.rec["eventName"],
                    "eventTime": e.rec["eventTime"], "label": e.label} for e in planted],
        "counts": {
            "log_files": len(files),
            "digest_files": len(digests),
            "records": sum(len(f.events) for f in files),
            "unique_events": len(events),
            "by_event_source": dict(sorted(by_source.items())),
            "duplicate_deliveries": len(dup_ids),
            "duplicate_event_ids": dup_ids,
            "duplicate_file": dup_file.key,
            "planted_events": len(planted),
            "lookup_events": len(lookup["Events"]),
        },
    }
    write(os.path.join(samples, "truth.json"),
          (json.dumps(truth, indent=2) + "\n").encode("utf-8"))

    size = sum(os.path.getsize(os.path.join(dp, fn))
               for dp, _, fns in os.walk(out) for fn in fns)
    print("log files %d, digest files %d, records %d (unique %d), planted %d, "
          "lookup events %d, %.2f MB" % (len(files), len(digests), truth["counts"]["records"],
                                         len(events), len(planted), len(lookup["Events"]),
                                         size / 1e6))
    return 0


if __name__ == "__main__":
    sys.exit(main())
