#!/usr/bin/env python3
"""Generate the HSM evidence of sigtrail's bundled sample incident.

Usage (from the repository root):

    python3 samples/tools/gen_hsm.py

The script deletes and rewrites samples/evidence/{yubihsm,pkcs11,cloudhsm,luna}/.
Nothing is random: every id, time and byte is fixed below or derived with
SHA-256 from fixed text, so two runs give byte-identical files (gzip members
carry mtime 0 and no file name, the zip entry a fixed date).

Output:
  yubihsm/yubihsm-0012345678-audit.txt
      `yubihsm-shell -a get-logs` output of the widget-firmware YubiHSM 2
      (serial 0012345678), read 2026-11-13T10:30:00Z.  The chain is computed
      as the device does; then four lines (items 1222-1225) are removed and
      the "Found N items" line adjusted, as the tampered shell on the signing
      host printed it: one item-number gap and one chain break, at item 1226.
  pkcs11/fw-signer-01-pkcs11-spy.log
      OpenSC pkcs11-spy trace of the firmware signing host (four signing
      runs, 2026-11-05 to 2026-11-11, host clock in UTC).
  cloudhsm/s3-export/cloudhsm-audit/cluster-5xk2hq7wbnm/<task>/<hsm>/000000.gz
      CloudWatch Logs export to S3 of the cluster's two HSM streams,
      2026-10-01 to 2026-11-18 (each event prefixed with its ISO time).
  cloudhsm/filter-log-events-cluster-5xk2hq7wbnm-20261106-20261115.json
      `aws logs filter-log-events` (CLI v2) output for 2026-11-06..14.
      hsm-6tnc4wbd8rx lacks two records (sequence 0x1b43, 0x1b44): the
      planted gap, in both files.
  luna/dpod-audit-export-20261001-20261118.zip
      Thales DPoD audit export: a zip holding one JSON array.

The story is told in samples/README.md ("HSM evidence").  Opcode numbers
other than those the AWS documentation shows (CN_LOGIN 0xd, CN_LOGOUT 0xe,
CN_GENERATE_KEY_PAIR 0x19) are placeholders; the parser reads the names.
Python 3 standard library only.
"""

import gzip
import hashlib
import io
import json
import os
import shutil
import struct
import zipfile
from datetime import datetime, timedelta, timezone

UTC = timezone.utc


def t(s):
    """ISO text (UTC, optional .fff) -> aware datetime."""
    fmt = "%Y-%m-%dT%H:%M:%S.%f" if "." in s else "%Y-%m-%dT%H:%M:%S"
    return datetime.strptime(s, fmt).replace(tzinfo=UTC)


def ms(dt):
    return int(dt.timestamp() * 1000 + 0.5)


def us(dt):
    return (int(dt.timestamp()) * 1000000) + dt.microsecond


def h(*parts):
    return hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()


# ---------------------------------------------------------------------------
# widget-firmware: YubiHSM 2 0012345678 and the pkcs11-spy trace of its host

SERIAL = "0012345678"
ANCHOR = t("2026-11-13T10:30:00")        # when the log was read
BOOT = t("2026-11-04T07:55:10")          # last power-up of the device
PREV_BOOT = t("2026-11-01T22:05:00")     # the power-up before that
FW_KEY, OLD_FW_KEY = 0x0102, 0x0103
PIPELINE, DEBUG_KEY, MONITOR, ADMIN = 0x0005, 0x0009, 0x0002, 0x0001
BOARDS = ["wf200", "wf210", "wf300", "wf310"]
MODULE = "/usr/lib/x86_64-linux-gnu/pkcs11/yubihsm_pkcs11.so"

CMD = {"CREATE_SESSION": 0x03, "AUTHENTICATE_SESSION": 0x04,
       "CLOSE_SESSION": 0x40, "GET_STORAGE_INFO": 0x41,
       "GET_PUBLIC_KEY": 0x54, "SIGN_ECDSA": 0x56, "DELETE_OBJECT": 0x58,
       "POWER_UP": 0xff}
LENGTH = {"CREATE_SESSION": 10, "AUTHENTICATE_SESSION": 17,
          "CLOSE_SESSION": 0, "GET_STORAGE_INFO": 0, "GET_PUBLIC_KEY": 2,
          "SIGN_ECDSA": 34, "DELETE_OBJECT": 3, "POWER_UP": 65535}


class Entry:
    def __init__(self, when, cmd, session=0xffff, target=0xffff,
                 second=0xffff, ok=True, tick=None):
        self.when, self.cmd = when, cmd
        self.code = CMD[cmd]
        self.length = LENGTH[cmd]
        self.session, self.target, self.second = session, target, second
        self.result = (self.code | 0x80) if ok else 0x7f
        if cmd == "POWER_UP":
            self.result = 0xff
        if tick is not None:
            self.tick = tick
        else:
            self.tick = (ms(when) - ms(BOOT)) & 0xffffffff


def session_entries(when, auth):
    return [Entry(when, "CREATE_SESSION", target=auth),
            Entry(when + timedelta(milliseconds=188),
                  "AUTHENTICATE_SESSION", target=auth)]


def fw_digest(board, version):
    return h("widget-firmware", board, version)


def attacker_digest(n):
    return h("unknown image", n)


class Run:
    """One signing process on fw-signer-01: device entries + spy calls."""

    def __init__(self, start, pid, tid, auth, pin, signs, label):
        self.start, self.pid, self.tid, self.auth = start, pid, tid, auth
        self.pin, self.signs, self.label = pin, signs, label


RUNS = [
    Run(t("2026-11-05T10:02:02.980"), 41873, "0x7f3a9c1e2740", PIPELINE,
        "0005example-pass-05",
        [(FW_KEY, fw_digest(b, "v1.9.0"), True, 0.79) for b in BOARDS],
        "release widget-firmware v1.9.0"),
    Run(t("2026-11-06T22:23:41.090"), 52210, "0x7f0d4b8e1740", DEBUG_KEY,
        "0009example-pass-09",
        [(OLD_FW_KEY, attacker_digest(0), False, 16.4),
         (FW_KEY, attacker_digest(1), True, 12.3),
         (FW_KEY, attacker_digest(2), True, 44.6),
         (FW_KEY, attacker_digest(3), True, 67.6)],
        "auth key 0x0009, no release"),
    Run(t("2026-11-09T10:21:03.300"), 60117, "0x7f5e21a04740", DEBUG_KEY,
        "0009example-pass-09",
        [(FW_KEY, attacker_digest(4), True, 10.6)],
        "auth key 0x0009, entries removed from the audit output"),
    Run(t("2026-11-11T14:30:11.410"), 71544, "0x7f81c03b6740", PIPELINE,
        "0005example-pass-05",
        [(FW_KEY, fw_digest(b, "v1.9.1"), True, 0.81) for b in BOARDS],
        "release widget-firmware v1.9.1"),
]


def run_entries(run):
    """The device entries of a run and the spy-visible times of its calls."""
    e = []
    login = run.start + timedelta(milliseconds=420)
    e += session_entries(login + timedelta(milliseconds=35), run.auth)
    when = login + timedelta(milliseconds=400)
    if run.auth == PIPELINE:
        e.append(Entry(when + timedelta(milliseconds=60), "GET_PUBLIC_KEY",
                       session=run.auth, target=FW_KEY))
    signs = []
    for key, digest, ok, gap in run.signs:
        when = when + timedelta(seconds=gap)
        e.append(Entry(when + timedelta(milliseconds=41), "SIGN_ECDSA",
                       session=run.auth, target=key, ok=ok))
        signs.append((when, key, digest, ok))
    logout = when + timedelta(milliseconds=380)
    e.append(Entry(logout + timedelta(milliseconds=30), "CLOSE_SESSION",
                   session=run.auth))
    return e, login, signs, logout


def device_log():
    """Every entry of the read, in order, before the tampering."""
    entries = []
    # tail of the previous boot: the end of the v1.8.2 release (2026-11-03)
    prev = t("2026-11-03T16:21:43.120")
    for i, gap in enumerate([0, 1.751, 1.532]):
        prev += timedelta(seconds=gap)
        entries.append(Entry(prev, "SIGN_ECDSA", session=PIPELINE,
                             target=FW_KEY,
                             tick=ms(prev) - ms(PREV_BOOT)))
    prev += timedelta(milliseconds=613)
    entries.append(Entry(prev, "CLOSE_SESSION", session=PIPELINE,
                         tick=ms(prev) - ms(PREV_BOOT)))
    entries.append(Entry(BOOT, "POWER_UP", tick=0xffffffff))
    timed = []
    for run in RUNS:
        timed += run_entries(run)[0]
    for day in range(7, 13):
        w = t("2026-11-%02dT06:00:01.104" % day) + timedelta(
            milliseconds=37 * day)
        timed += session_entries(w, MONITOR)
        timed.append(Entry(w + timedelta(milliseconds=402),
                           "GET_STORAGE_INFO", session=MONITOR))
        timed.append(Entry(w + timedelta(milliseconds=519), "CLOSE_SESSION",
                           session=MONITOR))
    w = t("2026-11-13T09:55:20.331")
    timed += session_entries(w, ADMIN)
    timed.append(Entry(w + timedelta(seconds=31.2), "DELETE_OBJECT",
                       session=ADMIN, target=DEBUG_KEY))
    timed.append(Entry(w + timedelta(seconds=33.9), "CLOSE_SESSION",
                       session=ADMIN))
    timed += session_entries(ANCHOR - timedelta(milliseconds=188), MONITOR)
    timed.sort(key=lambda x: x.when)
    entries += timed
    return entries


def chain(entries, first_number, seed):
    prev = seed
    for i, e in enumerate(entries):
        e.number = (first_number + i) & 0xffff
        data = struct.pack(">HBHHHHBI", e.number, e.code, e.length,
                           e.session, e.target, e.second, e.result, e.tick)
        e.digest = prev = hashlib.sha256(data + prev).digest()[:16]


def item_line(e):
    return ("item: %5u -- cmd: 0x%02x -- length: %4u -- session key: "
            "0x%04x -- target key: 0x%04x -- second key: 0x%04x -- "
            "result: 0x%02x -- tick: %u -- hash: %s\n" % (
                e.number, e.code, e.length, e.session, e.target, e.second,
                e.result, e.tick, e.digest.hex()))


def gen_yubihsm():
    entries = device_log()
    assert len(entries) == 62, len(entries)
    chain(entries, 1190, h("entry 1189")[:16])
    removed = [e for e in entries if 1222 <= e.number <= 1225]
    assert [x.cmd for x in removed] == ["CREATE_SESSION",
                                        "AUTHENTICATE_SESSION",
                                        "SIGN_ECDSA", "CLOSE_SESSION"]
    shown = [e for e in entries if e not in removed]
    out = ["Using default connector URL: http://127.0.0.1:12345\n",
           "Session keepalive set up to run every 15 seconds\n",
           "Created session 0\n",
           "0 unlogged boots found\n",
           "0 unlogged authentications found\n",
           "Found %d items\n" % len(shown)]
    out += [item_line(e) for e in shown]
    return "".join(out), entries


def hexdump(data):
    """print_generic() of pkcs11-display.c: 16 bytes a line."""
    lines = []
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        hx = "".join("%02X " % b for b in chunk).ljust(48)
        asc = "".join(chr(b) if 31 < b < 128 else "." for b in chunk)
        lines.append("\n    %08X  %s %s" % (off, hx, asc.ljust(16)))
    return "".join(lines)


class Spy:
    def __init__(self):
        self.out = []
        self.n = 0
        self.addr = 0x7ffc2e5a1c40

    def banner(self):
        self.out.append("\n\n*************** OpenSC PKCS#11 spy "
                        "*****************\nLoaded: \"%s\"\n" % MODULE)
        self.n = 0

    def call(self, run, when, func, lines, rv="0 CKR_OK"):
        stamp = when.strftime("%Y-%m-%d %H:%M:%S") + ".%03d" % (
            when.microsecond // 1000)
        self.out.append("\n%d: %s\nP:%d; T:%s %s\n" % (
            self.n, func, run.pid, run.tid, stamp))
        self.n += 1
        for ln in lines:
            self.out.append(ln + "\n")
        self.out.append("Returned:  %s\n" % rv)

    def data(self, direction, name, blob):
        self.addr += 0x1d0
        return "[%s] %s %016x / %d%s" % (direction, name, self.addr,
                                         len(blob), hexdump(blob))


def gen_spy():
    spy = Spy()
    for run in RUNS:
        _, login, signs, logout = run_entries(run)
        spy.banner()
        w = run.start
        spy.call(run, w, "C_GetFunctionList", [])
        w += timedelta(milliseconds=2)
        spy.call(run, w, "C_Initialize", ["[in] pInitArgs = (nil)"])
        w += timedelta(milliseconds=211)
        spy.call(run, w, "C_GetSlotList", [
            "[in] tokenPresent = 0x1", "[out] pSlotList: ",
            "Slot 0", "[out] *pulCount = 0x1"])
        w += timedelta(milliseconds=97)
        spy.call(run, w, "C_OpenSession", [
            "[in] slotID = 0x0", "[in] flags = 0x6",
            "[in] pApplication = (nil)", "[in] Notify = (nil)",
            "[out] *phSession = 0x1"])
        spy.call(run, login, "C_Login", [
            "[in] hSession = 0x1", "[in] userType = CKU_USER",
            spy.data("in", "pPin[ulPinLen]", run.pin.encode())])
        w = login + timedelta(milliseconds=251)
        spy.call(run, w, "C_FindObjectsInit", [
            "[in] hSession = 0x1", "[in] pTemplate[2]: ",
            "    CKA_CLASS             CKO_PRIVATE_KEY",
            "    CKA_SIGN              True"])
        w += timedelta(milliseconds=60)
        spy.call(run, w, "C_FindObjects", [
            "[in] hSession = 0x1", "[in] ulMaxObjectCount = 0x10",
            "[out] ulObjectCount = 0x2", "Object 0x30102 matches",
            "Object 0x30103 matches"])
        w += timedelta(milliseconds=3)
        spy.call(run, w, "C_FindObjectsFinal", ["[in] hSession = 0x1"])
        for i, (when, key, digest, ok) in enumerate(signs):
            hkey = "0x%x" % (0x30000 | key)
            spy.call(run, when - timedelta(milliseconds=9), "C_SignInit", [
                "[in] hSession = 0x1", "[in] pMechanism->type = CKM_ECDSA",
                "[in] hKey = %s" % hkey])
            if i == 0:
                spy.call(run, when - timedelta(milliseconds=5), "C_Sign", [
                    "[in] hSession = 0x1",
                    spy.data("in", "pData[ulDataLen]", digest),
                    "[out] pSignature[*pulSignatureLen] NULL"])
            sig = h("sig", digest.hex()) + h("sig2", digest.hex())
            lines = ["[in] hSession = 0x1",
                     spy.data("in", "pData[ulDataLen]", digest)]
            if ok:
                lines.append(spy.data("out",
                                      "pSignature[*pulSignatureLen]", sig))
                spy.call(run, when, "C_Sign", lines)
            else:
                spy.call(run, when, "C_Sign", lines,
                         rv="6 CKR_FUNCTION_FAILED")
        spy.call(run, logout, "C_Logout", ["[in] hSession = 0x1"])
        spy.call(run, logout + timedelta(milliseconds=44), "C_CloseSession",
                 ["[in] hSession = 0x1"])
        spy.call(run, logout + timedelta(milliseconds=47), "C_Finalize", [])
    return "".join(spy.out)


# ---------------------------------------------------------------------------
# CloudHSM cluster-5xk2hq7wbnm: the Authenticode signing key

CLUSTER = "cluster-5xk2hq7wbnm"
HSMS = {"hsm-3vq7yk2mzpa": (0x1c, 0x2d41), "hsm-6tnc4wbd8rx": (0xb, 0x1b07)}
CU, CO = "authenticode-signer", "admin"
CU_TYPE, CO_TYPE = "CN_CRYPTO_USER (1)", "CN_CRYPTO_OFFICER (2)"
OPCODE = {"CN_LOGIN": 0xd, "CN_LOGOUT": 0xe, "CN_CHANGE_PSWD": 0x5,
          "CN_GENERATE_KEY_PAIR": 0x19, "CN_INSERT_MASKED_OBJECT_USER": 0x3c}
TASK = "5c0e1f7a-2b3d-4e8f-9a6b-7c1d2e3f4a5b"
REMOVED = ("hsm-6tnc4wbd8rx", t("2026-11-06T22:38:05.212"))


def cluster_events():
    """(time, kind, args) of the whole cluster, in time order."""
    ev = []
    day = t("2026-10-01T00:00:00")
    while day < t("2026-11-18T00:00:00"):
        if day.weekday() < 5:               # nightly builds, Mon-Fri
            k = day.toordinal()
            w = day + timedelta(hours=2, minutes=10, seconds=k % 50,
                                microseconds=(k * 7919) % 1000000)
            ev.append((w, "session", (CU, CU_TYPE, 31 + k % 29, True)))
        day += timedelta(days=1)
    for when, secs in [("2026-10-06T14:03:40.118", 52),
                       ("2026-10-20T13:31:55.640", 49),
                       ("2026-11-03T15:11:20.907", 57),
                       ("2026-11-12T16:44:02.315", 83),
                       ("2026-11-17T14:01:30.052", 55)]:
        ev.append((t(when), "session", (CU, CU_TYPE, secs, True)))
    ev.append((t("2026-11-06T22:38:05.204"), "session",
               (CU, CU_TYPE, 95, True)))
    ev.append((t("2026-11-13T11:02:14.480"), "password", None))
    ev.append((t("2026-11-13T11:25:40.771"), "session",
               (CU, CU_TYPE, 0, False)))
    ev.append((t("2026-11-14T09:20:12.006"), "keygen", None))
    ev.sort(key=lambda x: x[0])
    return ev


def block(when, seq, reboot, op, handle, fields, response=None):
    lines = ["Time: %s, usecs:%d" % (
        when.strftime("%m/%d/%y %H:%M:%S.%f"), us(when)),
        "Sequence No : 0x%x" % seq,
        "Reboot counter : 0x%x" % reboot,
        "Command Type(hex) : CN_MGMT_CMD (0x0)",
        "Opcode : %s (0x%x)" % (op, OPCODE[op]),
        "Session Handle : 0x%x" % handle,
        "Response : %s" % (response or "0:HSM Return: SUCCESS")]
    lines += fields
    return "\n".join(lines)


def user_fields(name, utype):
    return ["Log type : MGMT_USER_DETAILS_LOG (2)", "User Name : %s" % name,
            "User Type : %s" % utype]


def gen_cloudhsm():
    """{hsm: [(datetime, message)]} with the planted gap applied."""
    streams = {k: [] for k in HSMS}
    seqs = {k: v[1] for k, v in HSMS.items()}
    nsess = [0]

    def rec(hsm, when, op, handle, fields, response=None):
        reboot = HSMS[hsm][0]
        msg = block(when, seqs[hsm], reboot, op, handle, fields, response)
        seqs[hsm] += 1
        if hsm == REMOVED[0] and REMOVED[1] <= when < \
                REMOVED[1] + timedelta(minutes=5):
            return                          # the two lost records
        streams[hsm].append((when, msg))

    def handle(hsm, i):
        base = 0x2004001 if hsm.startswith("hsm-3") else 0x3014006
        return base + ((i * 0x10000) & 0xff0000) + ((i * 0x1000) & 0xf000)

    for when, kind, args in cluster_events():
        for n, hsm in enumerate(sorted(HSMS)):
            w = when + timedelta(microseconds=8417 * n)
            nsess[0] += 1
            hd = handle(hsm, nsess[0])
            if kind == "session":
                user, utype, secs, ok = args
                if ok:
                    rec(hsm, w, "CN_LOGIN", hd, user_fields(user, utype))
                    rec(hsm, w + timedelta(seconds=secs,
                                           microseconds=4410 * (n + 1)),
                        "CN_LOGOUT", hd, user_fields(user, utype))
                else:
                    rec(hsm, w, "CN_LOGIN", hd, user_fields(user, utype),
                        "163:HSM Error: RET_USER_LOGIN_FAILURE")
            elif kind == "password":
                rec(hsm, w, "CN_LOGIN", hd, user_fields(CO, CO_TYPE))
                rec(hsm, w + timedelta(seconds=55.6), "CN_CHANGE_PSWD", hd,
                    user_fields(CU, CU_TYPE))
                rec(hsm, w + timedelta(seconds=101.2), "CN_LOGOUT", hd,
                    user_fields(CO, CO_TYPE))
            elif kind == "keygen":
                rec(hsm, w, "CN_LOGIN", hd, user_fields(CU, CU_TYPE))
                k = w + timedelta(seconds=51.3)
                keyf = ["Log type : MGMT_KEY_DETAILS_LOG (1)",
                        "Priv/Secret Key Handle : 2097174",
                        "Public Key Handle : 2097173"]
                if hsm == "hsm-3vq7yk2mzpa":
                    rec(hsm, k, "CN_GENERATE_KEY_PAIR", hd, keyf)
                else:
                    for i, hnd in enumerate(["2097173", "2097174"]):
                        rec(hsm, k + timedelta(milliseconds=870 + 12 * i),
                            "CN_INSERT_MASKED_OBJECT_USER", 0x1,
                            ["Log type : MGMT_KEY_DETAILS_LOG (1)",
                             "Priv/Secret Key Handle : %s" % hnd])
                rec(hsm, w + timedelta(seconds=138), "CN_LOGOUT", hd,
                    user_fields(CU, CU_TYPE))
    for hsm in streams:
        streams[hsm].sort(key=lambda x: x[0])
    return streams


def s3_export(messages):
    text = "".join("%s.%03dZ %s\n" % (w.strftime("%Y-%m-%dT%H:%M:%S"),
                                      w.microsecond // 1000, m)
                   for w, m in messages)
    return text.encode()


def filter_log_events(streams, start, end):
    events = []
    for hsm, msgs in streams.items():
        for w, m in msgs:
            if start <= w < end:
                events.append((ms(w), hsm, m))
    events.sort()
    out = []
    for stamp, hsm, m in events:
        eid = str(int.from_bytes(h("cwl", hsm, stamp), "big"))[:56]
        out.append({"logStreamName": hsm, "timestamp": stamp,
                    "message": m, "ingestionTime": stamp + 1417 +
                    stamp % 613, "eventId": eid})
    return json.dumps({"events": out, "searchedLogStreams": []},
                      indent=4) + "\n"


# ---------------------------------------------------------------------------
# Thales Luna Cloud HSM (DPoD): the apt/yum repository signing key

PARTITION = "1570839201746"
RESOURCE = "8d3f6a1c-4b2e-4f7a-9c5d-0e1f2a3b4c5d"
TENANT = "2b7c9e14-6d3a-4c8b-a1f0-5e6d7c8b9a0f"
CLIENT = "c41e8b2a-7f3d-4a6c-b9e5-1d2c3b4a5f60"
REPO_KEY = "3c1f0a2e00000117"


def luna_records():
    recs = []

    def r(when, action, status="LUNA_RET_OK", ip=None, ouid=None):
        meta = {"clientIP": ip, "role": "Crypto Officer"}
        if ouid:
            meta["ouid"] = ouid
        recs.append({"time": when + " UTC",
                     "source": "thales/cloudhsm/" + PARTITION,
                     "resourceID": RESOURCE, "actorID": CLIENT,
                     "tenantID": TENANT, "action": action, "status": status,
                     "meta": meta})

    def release(day, hh, mm, ss, ip):
        def at(d):
            x = t("%sT%02d:%02d:%02d" % (day, hh, mm, ss)) + \
                timedelta(seconds=d)
            return x.strftime("%Y-%m-%d %H:%M:%S")
        r(at(0), "LUNA_OPEN_SESSION", ip=ip)
        r(at(0), "LUNA_LOGIN", ip=ip)
        r(at(1), "LUNA_FIND_OBJECTS", ip=ip)
        r(at(1), "LUNA_SIGN_SINGLE", ip=ip, ouid=REPO_KEY)   # InRelease
        r(at(1), "LUNA_SIGN_SINGLE", ip=ip, ouid=REPO_KEY)   # Release.gpg
        r(at(2), "LUNA_SIGN_SINGLE", ip=ip, ouid=REPO_KEY)   # repomd.xml.asc
        r(at(2), "LUNA_LOGOUT", ip=ip)
        r(at(2), "LUNA_CLOSE_SESSION", ip=ip)

    release("2026-10-06", 14, 5, 12, "20.57.99.215")
    release("2026-10-20", 13, 33, 40, "20.102.169.165")
    release("2026-11-03", 15, 14, 2, "40.84.223.96")
    r("2026-11-06 22:31:10", "LUNA_OPEN_SESSION", ip="185.220.101.47")
    r("2026-11-06 22:31:10", "LUNA_LOGIN", "LUNA_RET_PIN_INCORRECT",
      ip="185.220.101.47")
    r("2026-11-06 22:31:14", "LUNA_LOGIN", "LUNA_RET_PIN_INCORRECT",
      ip="185.220.101.47")
    r("2026-11-06 22:31:15", "LUNA_CLOSE_SESSION", ip="185.220.101.47")
    release("2026-11-12", 16, 45, 30, "198.51.100.14")
    release("2026-11-17", 14, 4, 10, "20.57.58.242")
    return recs


def gen_luna():
    body = json.dumps(luna_records(), indent=2) + "\n"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("audit-logs-20261001T000000Z-"
                               "20261118T000000Z.json",
                               date_time=(2026, 11, 18, 9, 12, 40))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        z.writestr(info, body)
    return buf.getvalue()


# ---------------------------------------------------------------------------

def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def gz(data):
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    return buf.getvalue()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ev = os.path.join(os.path.dirname(here), "evidence")
    for d in ("yubihsm", "pkcs11", "cloudhsm", "luna"):
        if os.path.isdir(os.path.join(ev, d)):
            shutil.rmtree(os.path.join(ev, d))
    text, entries = gen_yubihsm()
    write(os.path.join(ev, "yubihsm", "yubihsm-%s-audit.txt" % SERIAL), text)
    write(os.path.join(ev, "pkcs11", "fw-signer-01-pkcs11-spy.log"),
          gen_spy())
    streams = gen_cloudhsm()
    for hsm, msgs in streams.items():
        write(os.path.join(ev, "cloudhsm", "s3-export", "cloudhsm-audit",
                           CLUSTER, TASK, hsm, "000000.gz"),
              gz(s3_export(msgs)))
    write(os.path.join(ev, "cloudhsm", "filter-log-events-%s-20261106-"
                       "20261115.json" % CLUSTER),
          filter_log_events(streams, t("2026-11-06T00:00:00"),
                            t("2026-11-15T00:00:00")))
    write(os.path.join(ev, "luna", "dpod-audit-export-20261001-20261118.zip"),
          gen_luna())
    print("yubihsm: %d entries, %d shown, items %d-%d" % (
        len(entries), len(entries) - 4, entries[0].number,
        entries[-1].number))
    for hsm, msgs in sorted(streams.items()):
        print("cloudhsm %s: %d records" % (hsm, len(msgs)))
    print("luna: %d records" % len(luna_records()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
