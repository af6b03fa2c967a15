/* SPDX-License-Identifier: MIT */
/*
 * parse_yubihsm.c - YubiHSM 2 audit logs as printed by `yubihsm-shell
 * -a get-logs` / `audit get <session>` (formats.md E.2), with the hash
 * chain recomputed and checked.
 *
 * The output of one read (real device output has this shape; the item
 * line is printed with "item: %5u -- cmd: 0x%02x -- length: %4u --
 * session key: 0x%04x -- target key: 0x%04x -- second key: 0x%04x --
 * result: 0x%02x -- tick: %lu -- hash: %s"):
 *
 *   0 unlogged boots found
 *   0 unlogged authentications found
 *   Found 3 items
 *   item:     1 -- cmd: 0xff -- length: 65535 -- session key: 0xffff -- target key: 0xffff -- second key: 0xffff -- result: 0xff -- tick: 4294967295 -- hash: 6830a758581287b99c4de5172126daf6
 *   item:     2 -- cmd: 0x00 -- length:    0 -- session key: 0xffff -- target key: 0x0000 -- second key: 0x0000 -- result: 0x00 -- tick: 0 -- hash: 838cc6336033da7208ef696638ba7dd9
 *   item:     3 -- cmd: 0x03 -- length:   10 -- session key: 0xffff -- target key: 0x0001 -- second key: 0xffff -- result: 0x83 -- tick: 547 -- hash: 7c81f977ea698b6d5b50d59332323308
 *
 * Record: the whole item (one or more reads) is one record (INPUT_BLOB):
 * an entry's wall time depends on the tick of the LAST entry, which is
 * only known at the end, and the device answers GET_LOG_ENTRIES with its
 * whole log anyway.  Each entry still gets its own event, whose raw bytes
 * are its own line (attrs.line says which).  Lines that are not audit
 * output make the record a PARSE_ERR (quarantined, the first bad line
 * named) after the good entries have been stored; shell chatter
 * ("Using default connector URL", "Session keepalive ...", "Created
 * session N", "yubihsm> ..." prompts, "No logs to extract") is passed
 * over.  A line repeated verbatim (the same item number and hash, as when
 * two reads are appended to one file) is used once.
 *
 * Mapping: operation "yubihsm:<COMMAND>"; the authentication key of the
 * session is the actor, "yubihsm:authkey:0x0005" (CREATE_SESSION and
 * AUTHENTICATE_SESSION carry no session key yet: their target key is the
 * authentication key); the object used is the key, key_ref
 * "yubihsm:<serial>/0x0102", key_raw "0x0102", where the serial comes
 * from the evidence name ("yubihsm-0012345678-audit.txt") or is
 * "unknown"; session "yubihsm:<serial>/session/<item of its
 * CREATE_SESSION>" while the entries of that authentication key follow it
 * (the device logs no session id, so two concurrent sessions of one key
 * cannot be told apart); result 0x7f (YHC_ERROR) is a failure, any other
 * result than command | 0x80 too; native_id "<serial>/<item>/<hash>"
 * (item numbers wrap at 65536 and the log is circular: the number alone
 * is not unique).
 *
 * Scope: SIGN_PKCS1/PSS/ECDSA/EDDSA/HMAC/SSH_CERTIFICATE/
 * ATTESTATION_CERTIFICATE -> sign; CREATE_SESSION, AUTHENTICATE_SESSION
 * -> session.login; CLOSE_SESSION -> session.logout;
 * GENERATE/PUT_ASYMMETRIC_KEY, GENERATE/PUT_HMAC_KEY, GENERATE/PUT_WRAP_KEY
 * -> key.create; DELETE_OBJECT -> key.delete; IMPORT_WRAPPED ->
 * key.import; EXPORT_WRAPPED and GET_PUBLIC_KEY -> key.read (an export
 * under wrap is a read of the key; for both wrap commands the target key
 * is taken as the wrap key and the second key as the object, when set);
 * PUT/CHANGE_AUTHENTICATION_KEY -> iam.credential; RESET_DEVICE,
 * SET_OPTION (command-audit, force-audit) and SET_LOG_INDEX ->
 * audit.config.  Everything else (power-up entries, the initial cmd 0x00
 * entries, GET_LOG_ENTRIES, object listing ...) is only kept with
 * --all-events (action "other"), but always takes part in the checks.
 *
 * Time: the device has no clock.  The tick is taken to be milliseconds
 * since power-up (YH_TICK_US below; an assumption from Yubico's
 * documentation that an analyst can check against two reads made at
 * known times).  --anchor gives the wall time of the LAST entry (when the
 * log was read); an entry after the last power-up entry (cmd 0xff, whose
 * tick is the 4294967295 sentinel) is placed at anchor - (tick_last -
 * tick) with the 32-bit tick differences taken modulo 2^32 between
 * neighbours (a tick that wrapped after 49.7 days is still placed), and
 * flagged TS_DERIVED; ts_raw is the tick as written.  Entries before
 * (and including) a power-up cannot be placed from the anchor: they, and
 * every entry when no anchor was given, have no time (attrs.time_unplaced
 * says why) and keep their tick in attrs.
 *
 * Checks (each finding is an "audit.integrity" event with its own
 * native_id, stored with the entry concerned as raw bytes):
 *   - the hash chain, recomputed with OpenSSL EVP:
 *     digest_i = SHA-256(BE16 number || cmd || BE16 length || BE16 session
 *     key || BE16 target key || BE16 second key || result || BE32 tick ||
 *     digest_{i-1})[0:16]; the first entry is the anchor; after a break
 *     the check goes on from the breaking entry's stated digest, so one
 *     altered entry is one break ("<serial>/chain-break/<item>/<hash>");
 *   - item numbers must follow each other modulo 65536; each
 *     discontinuity is a gap ("<serial>/gap/<prev>-<next>/<next hash>");
 *     removing entries without recomputing the chain shows as a gap AND a
 *     break at the entry after the hole;
 *   - non-zero "unlogged boots" / "unlogged authentications" counters;
 *   - a "Found N items" header that does not match the item lines of
 *     its read (a cut or edited copy).
 * Lines that cannot be read are reported by the quarantine, not as
 * integrity findings: the chain and numbering checks start afresh after
 * them.
 *
 * Unsupported: the `-F hex` and `-F binary` output formats, and
 * verification against an entry saved from an earlier read (the first
 * entry of the file is trusted as the chain's anchor).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "digest.h"
#include "event.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define YH_TICK_US	INT64_C(1000)	/* assumed: 1 tick = 1 ms */
#define YH_DIGEST_LEN	16
#define YH_ERROR	0x7f
#define YH_POWERUP	0xff
#define YH_NO_KEY	0xffffu
#define YH_LINE_MAX	512

struct yh_cmd {
	unsigned	 code;
	const char	*name;
	const char	*action;	/* NULL: out of scope */
};

static const struct yh_cmd yh_cmds[] = {
	{ 0x00, "INITIAL_ENTRY", NULL },
	{ 0x01, "ECHO", NULL },
	{ 0x03, "CREATE_SESSION", "session.login" },
	{ 0x04, "AUTHENTICATE_SESSION", "session.login" },
	{ 0x05, "SESSION_MESSAGE", NULL },
	{ 0x06, "GET_DEVICE_INFO", NULL },
	{ 0x08, "RESET_DEVICE", "audit.config" },
	{ 0x0a, "GET_DEVICE_PUBLIC_KEY", NULL },
	{ 0x40, "CLOSE_SESSION", "session.logout" },
	{ 0x41, "GET_STORAGE_INFO", NULL },
	{ 0x42, "PUT_OPAQUE", NULL },
	{ 0x43, "GET_OPAQUE", NULL },
	{ 0x44, "PUT_AUTHENTICATION_KEY", "iam.credential" },
	{ 0x45, "PUT_ASYMMETRIC_KEY", "key.create" },
	{ 0x46, "GENERATE_ASYMMETRIC_KEY", "key.create" },
	{ 0x47, "SIGN_PKCS1", "sign" },
	{ 0x48, "LIST_OBJECTS", NULL },
	{ 0x49, "DECRYPT_PKCS1", NULL },
	{ 0x4a, "EXPORT_WRAPPED", "key.read" },
	{ 0x4b, "IMPORT_WRAPPED", "key.import" },
	{ 0x4c, "PUT_WRAP_KEY", "key.create" },
	{ 0x4d, "GET_LOG_ENTRIES", NULL },
	{ 0x4e, "GET_OBJECT_INFO", NULL },
	{ 0x4f, "SET_OPTION", "audit.config" },
	{ 0x50, "GET_OPTION", NULL },
	{ 0x51, "GET_PSEUDO_RANDOM", NULL },
	{ 0x52, "PUT_HMAC_KEY", "key.create" },
	{ 0x53, "SIGN_HMAC", "sign" },
	{ 0x54, "GET_PUBLIC_KEY", "key.read" },
	{ 0x55, "SIGN_PSS", "sign" },
	{ 0x56, "SIGN_ECDSA", "sign" },
	{ 0x57, "DERIVE_ECDH", NULL },
	{ 0x58, "DELETE_OBJECT", "key.delete" },
	{ 0x59, "DECRYPT_OAEP", NULL },
	{ 0x5a, "GENERATE_HMAC_KEY", "key.create" },
	{ 0x5b, "GENERATE_WRAP_KEY", "key.create" },
	{ 0x5c, "VERIFY_HMAC", NULL },
	{ 0x5d, "SIGN_SSH_CERTIFICATE", "sign" },
	{ 0x5e, "PUT_TEMPLATE", NULL },
	{ 0x5f, "GET_TEMPLATE", NULL },
	{ 0x60, "DECRYPT_OTP", NULL },
	{ 0x61, "CREATE_OTP_AEAD", NULL },
	{ 0x62, "RANDOMIZE_OTP_AEAD", NULL },
	{ 0x63, "REWRAP_OTP_AEAD", NULL },
	{ 0x64, "SIGN_ATTESTATION_CERTIFICATE", "sign" },
	{ 0x65, "PUT_OTP_AEAD_KEY", NULL },
	{ 0x66, "GENERATE_OTP_AEAD_KEY", NULL },
	{ 0x67, "SET_LOG_INDEX", "audit.config" },
	{ 0x68, "WRAP_DATA", NULL },
	{ 0x69, "UNWRAP_DATA", NULL },
	{ 0x6a, "SIGN_EDDSA", "sign" },
	{ 0x6b, "BLINK_DEVICE", NULL },
	{ 0x6c, "CHANGE_AUTHENTICATION_KEY", "iam.credential" },
	{ 0xff, "POWER_UP", NULL },
};

/* One item line. */
struct yh_entry {
	unsigned	 number, cmd, length, session_key, target_key;
	unsigned	 second_key, result;
	uint32_t	 tick;
	unsigned char	 digest[YH_DIGEST_LEN];
	char		 hash[2 * YH_DIGEST_LEN + 1];
	const char	*line;		/* into the record */
	size_t		 line_len;
	int64_t		 lineno;
	int		 after_bad;	/* the line before it was unreadable */
	int64_t		 ts_us;		/* derived, or EVENT_NO_TIME */
};

/* The header lines of one read. */
struct yh_read {
	long		 boots, auths;	/* -1: no such line */
	long		 declared;	/* "Found N items"; -1: none */
	long		 found;		/* item lines that followed */
	int64_t		 lineno;	/* of its first header line */
	const char	*line;
	size_t		 line_len;
	int64_t		 cline[2];	/* the unlogged boots, auths lines */
	const char	*cptr[2];
	size_t		 clen[2];
	char		 first[48];	/* "<item>/<hash>" of its first and */
	char		 last[48];	/* last entries, or "" */
};

struct yh_log {
	char		 serial[32];
	struct yh_entry	*e;
	size_t		 n, alloc;
	struct yh_read	*r;
	size_t		 nr, ralloc;
	int64_t		 bad_line;	/* first unreadable line, or 0 */
	char		 bad_why[200];
	long		 nbad;
	int		 pending_bad;	/* an unreadable line since the last
					   entry */
};

static const struct yh_cmd *
yh_cmd_find(unsigned code)
{
	size_t i;

	for (i = 0; i < sizeof(yh_cmds) / sizeof(yh_cmds[0]); i++)
		if (yh_cmds[i].code == code)
			return &yh_cmds[i];
	return NULL;
}

/*
 * The device serial from the evidence name: digits after "yubihsm-" or
 * "yubihsm_" (any case), at least 6 of them; else "unknown".
 */
static void
yh_serial(const char *name, char *out, size_t outsz)
{
	const char *p = name;
	size_t n;

	snprintf(out, outsz, "unknown");
	while (p && (p = strcasestr(p, "yubihsm")) != NULL) {
		p += 7;
		if (*p != '-' && *p != '_')
			continue;
		n = strspn(p + 1, "0123456789");
		if (n >= 6 && n < outsz) {
			memcpy(out, p + 1, n);
			out[n] = '\0';
			return;
		}
	}
}

/* Unsigned number in base 10 or 16 from s[0..n), at most max. */
static int
yh_num(const char *s, size_t n, int base, uint64_t max, uint64_t *out)
{
	uint64_t v = 0, d;
	size_t i;
	char c;

	if (n == 0 || n > 20)
		return -1;
	for (i = 0; i < n; i++) {
		c = s[i];
		if (c >= '0' && c <= '9')
			d = (uint64_t)(c - '0');
		else if (base == 16 && c >= 'a' && c <= 'f')
			d = (uint64_t)(c - 'a' + 10);
		else if (base == 16 && c >= 'A' && c <= 'F')
			d = (uint64_t)(c - 'A' + 10);
		else
			return -1;
		if (v > (max - d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + d;
	}
	*out = v;
	return 0;
}

/*
 * One "label: value" part of an item line; sets *out.  hex: the value
 * is "0x" and hex digits.  Returns 0, or -1 with why.
 */
static int
yh_part(const char *part, const char *label, int hex, uint64_t max,
    uint64_t *out, char *why, size_t whysz)
{
	size_t ll = strlen(label);
	const char *v;

	if (strncmp(part, label, ll) != 0 || part[ll] != ':') {
		snprintf(why, whysz, "expected '%s:'", label);
		return -1;
	}
	v = part + ll + 1;
	v += strspn(v, " ");
	if (hex) {
		if (v[0] != '0' || (v[1] != 'x' && v[1] != 'X')) {
			snprintf(why, whysz, "field '%s' is not 0x<hex>",
			    label);
			return -1;
		}
		v += 2;
	}
	if (yh_num(v, strlen(v), hex ? 16 : 10, max, out) < 0) {
		snprintf(why, whysz, "field '%s' is not a number up to "
		    "%" PRIu64, label, max);
		return -1;
	}
	return 0;
}

/* Parses "item: ..." (NUL-terminated, no newline) into e. */
static int
yh_parse_item(char *line, struct yh_entry *e, char *why, size_t whysz)
{
	static const struct {
		const char	*label;
		int		 hex;
		uint64_t	 max;
	} f[] = {
		{ "item", 0, 0xffff },
		{ "cmd", 1, 0xff },
		{ "length", 0, 0xffff },
		{ "session key", 1, 0xffff },
		{ "target key", 1, 0xffff },
		{ "second key", 1, 0xffff },
		{ "result", 1, 0xff },
		{ "tick", 0, 0xffffffffu },
	};
	uint64_t v[8], b = 0;
	char *part = line, *sep, *h;
	size_t i, j, hl;

	for (i = 0; i < 8; i++) {
		sep = strstr(part, " -- ");
		if (sep == NULL) {
			snprintf(why, whysz, "item line ends before field "
			    "'%s'", i + 1 < 8 ? f[i + 1].label : "hash");
			return -1;
		}
		*sep = '\0';
		if (yh_part(part, f[i].label, f[i].hex, f[i].max, &v[i], why,
		    whysz) < 0)
			return -1;
		part = sep + 4;
	}
	if (strncmp(part, "hash:", 5) != 0) {
		snprintf(why, whysz, "expected 'hash:'");
		return -1;
	}
	h = part + 5 + strspn(part + 5, " ");
	hl = strlen(h);
	if (hl != 2 * YH_DIGEST_LEN ||
	    strspn(h, "0123456789abcdefABCDEF") != hl) {
		snprintf(why, whysz, "field 'hash' is not %d hex digits",
		    2 * YH_DIGEST_LEN);
		return -1;
	}
	for (j = 0; j < YH_DIGEST_LEN; j++) {
		(void)yh_num(h + 2 * j, 2, 16, 0xff, &b);
		e->digest[j] = (unsigned char)b;
	}
	hex_encode(e->digest, YH_DIGEST_LEN, e->hash);
	e->number = (unsigned)v[0];
	e->cmd = (unsigned)v[1];
	e->length = (unsigned)v[2];
	e->session_key = (unsigned)v[3];
	e->target_key = (unsigned)v[4];
	e->second_key = (unsigned)v[5];
	e->result = (unsigned)v[6];
	e->tick = (uint32_t)v[7];
	return 0;
}

/* "<N> <suffix>" with N a decimal count; -1 if not that shape. */
static long
yh_count_line(const char *line, const char *prefix, const char *suffix)
{
	size_t pl = strlen(prefix), n;
	uint64_t v;

	if (strncmp(line, prefix, pl) != 0)
		return -1;
	line += pl;
	n = strspn(line, "0123456789");
	if (n == 0 || strcmp(line + n, suffix) != 0 ||
	    yh_num(line, n, 10, 0xffff, &v) < 0)
		return -1;
	return (long)v;
}

static int
yh_chatter(const char *line)
{
	static const char *const prefixes[] = {
		"Using default connector URL", "Session keepalive",
		"Created session ", "yubihsm>", "No logs to extract",
		"Closed session", NULL
	};
	size_t i;

	for (i = 0; prefixes[i]; i++)
		if (strncmp(line, prefixes[i], strlen(prefixes[i])) == 0)
			return 1;
	return 0;
}

static struct yh_read *
yh_new_read(struct yh_log *log, int64_t lineno, const char *line,
    size_t len)
{
	struct yh_read *r;

	ALLOC_GROW(log->r, log->nr + 1, log->ralloc);
	r = &log->r[log->nr++];
	memset(r, 0, sizeof(*r));
	r->boots = r->auths = r->declared = -1;
	r->lineno = lineno;
	r->line = line;
	r->line_len = len;
	return r;
}

static void
yh_bad(struct yh_log *log, int64_t lineno, const char *why)
{
	if (log->bad_line == 0) {
		log->bad_line = lineno;
		snprintf(log->bad_why, sizeof(log->bad_why), "%s", why);
	}
	log->nbad++;
	log->pending_bad = 1;
}

/* Splits the record into lines and reads each. */
static void
yh_read_lines(const char *p, size_t len, struct yh_log *log)
{
	const char *end = p + len, *nl, *s;
	char buf[YH_LINE_MAX], why[160];
	struct yh_read *cur = NULL;
	struct yh_entry e;
	int64_t lineno = 0;
	size_t n, i;
	long v;

	for (s = p; s < end; s = nl ? nl + 1 : end) {
		lineno++;
		nl = memchr(s, '\n', (size_t)(end - s));
		n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
		    s[n - 1] == '\t'))
			n--;
		i = 0;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i == n)
			continue;
		if (n - i >= sizeof(buf)) {
			yh_bad(log, lineno, "line too long for audit output");
			continue;
		}
		if (memchr(s + i, '\0', n - i)) {
			yh_bad(log, lineno, "NUL byte in the line");
			continue;
		}
		memcpy(buf, s + i, n - i);
		buf[n - i] = '\0';
		if ((v = yh_count_line(buf, "", " unlogged boots found")) >= 0) {
			cur = yh_new_read(log, lineno, s + i, n - i);
			cur->boots = v;
			cur->cline[0] = lineno;
			cur->cptr[0] = s + i;
			cur->clen[0] = n - i;
		} else if ((v = yh_count_line(buf, "",
		    " unlogged authentications found")) >= 0) {
			if (cur == NULL || cur->auths >= 0)
				cur = yh_new_read(log, lineno, s + i, n - i);
			cur->auths = v;
			cur->cline[1] = lineno;
			cur->cptr[1] = s + i;
			cur->clen[1] = n - i;
		} else if ((v = yh_count_line(buf, "Found ", " items")) >= 0 ||
		    (v = yh_count_line(buf, "Found ", " item")) >= 0) {
			if (cur == NULL || cur->declared >= 0)
				cur = yh_new_read(log, lineno, s + i, n - i);
			cur->declared = v;
		} else if (strncmp(buf, "No logs to extract", 18) == 0) {
			if (cur == NULL || cur->declared >= 0)
				cur = yh_new_read(log, lineno, s + i, n - i);
			cur->declared = 0;
		} else if (strncmp(buf, "item:", 5) == 0) {
			memset(&e, 0, sizeof(e));
			if (yh_parse_item(buf, &e, why, sizeof(why)) < 0) {
				/* still an item line for the header's count */
				if (cur)
					cur->found++;
				yh_bad(log, lineno, why);
				continue;
			}
			e.line = s + i;
			e.line_len = n - i;
			e.lineno = lineno;
			e.after_bad = log->pending_bad;
			e.ts_us = EVENT_NO_TIME;
			log->pending_bad = 0;
			ALLOC_GROW(log->e, log->n + 1, log->alloc);
			log->e[log->n++] = e;
			if (cur) {
				if (cur->found++ == 0)
					snprintf(cur->first, sizeof(cur->first),
					    "%u/%s", e.number, e.hash);
				snprintf(cur->last, sizeof(cur->last), "%u/%s",
				    e.number, e.hash);
			}
		} else if (!yh_chatter(buf)) {
			yh_bad(log, lineno, "not a line of yubihsm-shell audit "
			    "output");
		}
	}
}

/* digest = SHA-256(entry fields || prev)[0:16], via EVP. */
static int
yh_chain_digest(const struct yh_entry *e, const unsigned char *prev,
    unsigned char *out)
{
	unsigned char buf[16 + YH_DIGEST_LEN], md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	buf[0] = (unsigned char)(e->number >> 8);
	buf[1] = (unsigned char)e->number;
	buf[2] = (unsigned char)e->cmd;
	buf[3] = (unsigned char)(e->length >> 8);
	buf[4] = (unsigned char)e->length;
	buf[5] = (unsigned char)(e->session_key >> 8);
	buf[6] = (unsigned char)e->session_key;
	buf[7] = (unsigned char)(e->target_key >> 8);
	buf[8] = (unsigned char)e->target_key;
	buf[9] = (unsigned char)(e->second_key >> 8);
	buf[10] = (unsigned char)e->second_key;
	buf[11] = (unsigned char)e->result;
	buf[12] = (unsigned char)(e->tick >> 24);
	buf[13] = (unsigned char)(e->tick >> 16);
	buf[14] = (unsigned char)(e->tick >> 8);
	buf[15] = (unsigned char)e->tick;
	memcpy(buf + 16, prev, YH_DIGEST_LEN);
	if (EVP_Digest(buf, sizeof(buf), md, &mdlen, EVP_sha256(), NULL) != 1 ||
	    mdlen < YH_DIGEST_LEN)
		return -1;
	memcpy(out, md, YH_DIGEST_LEN);
	return 0;
}

/* Drops entries repeated verbatim (same number and hash), keeping order. */
static void
yh_dedup(struct yh_log *log)
{
	size_t i, j, k = 0;
	int dup;

	for (i = 0; i < log->n; i++) {
		dup = 0;
		for (j = 0; j < k && !dup; j++)
			dup = log->e[j].number == log->e[i].number &&
			    strcmp(log->e[j].hash, log->e[i].hash) == 0;
		if (!dup)
			log->e[k++] = log->e[i];
	}
	log->n = k;
}

/* Places entries after the last power-up from the anchor (see top). */
static void
yh_place(struct yh_log *log, int64_t anchor)
{
	size_t i, last, start = 0;
	uint64_t off = 0;
	int64_t off_us;

	if (log->n == 0 || anchor == EVENT_NO_TIME)
		return;
	for (i = 0; i < log->n; i++)
		if (log->e[i].cmd == YH_POWERUP)
			start = i + 1;
	last = log->n - 1;
	if (start > last)
		return;
	log->e[last].ts_us = anchor;
	for (i = last; i-- > start;) {
		off += (uint32_t)(log->e[i + 1].tick - log->e[i].tick);
		if (off > (uint64_t)(INT64_MAX / YH_TICK_US))
			return;
		off_us = (int64_t)off * YH_TICK_US;
		if (anchor < INT64_MIN + 1 + off_us)
			return;
		log->e[i].ts_us = anchor - off_us;
	}
}

static char *
yh_key(const char *serial, unsigned id)
{
	return xasprintf("yubihsm:%s/0x%04x", serial, id);
}

static char *
yh_hex4(unsigned v)
{
	return xasprintf("0x%04x", v);
}

/* The time attributes of entry e at index i. */
static void
yh_time(struct event *ev, const struct yh_log *log, size_t i,
    int64_t anchor, long powerup_item)
{
	const struct yh_entry *e = &log->e[i];
	char num[24];

	snprintf(num, sizeof(num), "%" PRIu32, e->tick);
	event_set(&ev->ts_raw, num);
	event_attr(ev, "tick", json_integer((json_int_t)e->tick));
	if (e->ts_us != EVENT_NO_TIME) {
		ev->ts_us = e->ts_us;
		ev->ts_flags = TS_DERIVED;
		event_attr(ev, "tick_offset_ms", json_integer((json_int_t)
		    ((log->e[log->n - 1].ts_us - e->ts_us) / YH_TICK_US)));
	} else if (anchor == EVENT_NO_TIME) {
		event_attr_str(ev, "time_unplaced", "no --anchor given");
	} else {
		char why[80];

		snprintf(why, sizeof(why), "at or before the power-up entry "
		    "(item %ld)", powerup_item);
		event_attr_str(ev, "time_unplaced", why);
	}
}

static void
yh_entry_attrs(struct event *ev, const struct yh_entry *e)
{
	char hex[8];

	event_attr(ev, "item", json_integer(e->number));
	snprintf(hex, sizeof(hex), "0x%02x", e->cmd);
	event_attr_str(ev, "cmd", hex);
	event_attr(ev, "length", json_integer(e->length));
	snprintf(hex, sizeof(hex), "0x%04x", e->session_key);
	event_attr_str(ev, "session_key", hex);
	snprintf(hex, sizeof(hex), "0x%04x", e->target_key);
	event_attr_str(ev, "target_key", hex);
	snprintf(hex, sizeof(hex), "0x%04x", e->second_key);
	event_attr_str(ev, "second_key", hex);
	snprintf(hex, sizeof(hex), "0x%02x", e->result);
	event_attr_str(ev, "result", hex);
	event_attr_str(ev, "hash", e->hash);
	event_attr(ev, "line", json_integer((json_int_t)e->lineno));
}

struct yh_emit {
	struct parse_ctx	*pc;
	struct event		*ev;
	const struct yh_log	*log;
	int64_t			 anchor;
	long			 powerup_item;
	int			 emitted;
};

static int
yh_send(struct yh_emit *x)
{
	if (parse_emit_clear(x->pc, x->ev) < 0)
		return -1;
	x->emitted++;
	return 0;
}

/*
 * The open session of each authentication key (a 16-bit id).  A log names
 * a few keys: up to YH_FEW they are looked up in a short list; past that
 * (a hostile log), in 65,536 slots, and the ids whose slot was ever filled
 * are listed so that only those are freed.
 */
#define YH_FEW 16

struct yh_open {
	char		**name;		/* the slots, NULL while few ids */
	char		 *few[YH_FEW];	/* few[i]: the session of set[i] */
	unsigned	 *set;		/* the ids filled, each at least once */
	size_t		  nset, aset;
};

static void
yh_open_list(struct yh_open *o, unsigned auth)
{
	if (o->nset == o->aset) {
		o->aset = o->aset ? o->aset * 2 : YH_FEW;
		o->set = xreallocarray(o->set, o->aset, sizeof(*o->set));
	}
	o->set[o->nset++] = auth;
}

/* The slot of auth's open session; made when make is set, else NULL. */
static char **
yh_open_slot(struct yh_open *o, unsigned auth, int make)
{
	size_t i;

	if (o->name == NULL) {
		for (i = 0; i < o->nset; i++)
			if (o->set[i] == auth)
				return &o->few[i];
		if (!make)
			return NULL;
		if (o->nset < YH_FEW) {
			yh_open_list(o, auth);
			return &o->few[o->nset - 1];
		}
		o->name = xcalloc(0x10000, sizeof(*o->name));
		for (i = 0; i < o->nset; i++)
			o->name[o->set[i]] = o->few[i];
	}
	if (make && o->name[auth] == NULL)
		yh_open_list(o, auth);
	return &o->name[auth];
}

static void
yh_open_set(struct yh_open *o, unsigned auth, char *name)
{
	char **slot = yh_open_slot(o, auth, 1);

	free(*slot);
	*slot = name;
}

static void
yh_open_free(struct yh_open *o)
{
	size_t i;

	for (i = 0; i < o->nset; i++) {
		char **slot = o->name ? &o->name[o->set[i]] : &o->few[i];

		free(*slot);
		*slot = NULL;
	}
	free(o->name);
	free(o->set);
}

/* The event of one entry; 0, or -1 when emit failed. */
static int
yh_emit_entry(struct yh_emit *x, size_t i, struct yh_open *open)
{
	const struct yh_entry *e = &x->log->e[i];
	const struct yh_cmd *c = yh_cmd_find(e->cmd);
	const char *serial = x->log->serial;
	struct event *ev = x->ev;
	unsigned auth = e->session_key, key = YH_NO_KEY;
	char *s, **slot;
	int session_cmd = e->cmd == 0x03 || e->cmd == 0x04;

	if ((c == NULL || c->action == NULL) && !x->pc->all_events)
		return 0;
	if (session_cmd && auth == YH_NO_KEY)
		auth = e->target_key;
	ev->source = "yubihsm";
	ev->action = c && c->action ? c->action : "other";
	if (c)
		ev->operation = xasprintf("yubihsm:%s", c->name);
	else
		ev->operation = xasprintf("yubihsm:cmd_0x%02x", e->cmd);
	ev->raw = e->line;
	ev->raw_len = e->line_len;
	yh_time(ev, x->log, i, x->anchor, x->powerup_item);
	if (auth != YH_NO_KEY && e->cmd != YH_POWERUP && e->cmd != 0x00) {
		s = xasprintf("yubihsm:authkey:0x%04x", auth);
		event_set(&ev->actor, s);
		free(s);
		if (e->cmd == 0x03 && e->result != YH_ERROR)
			yh_open_set(open, auth, xasprintf(
			    "yubihsm:%s/session/%u", serial, e->number));
		slot = yh_open_slot(open, auth, 0);
		event_set(&ev->session, slot ? *slot : NULL);
		if (slot && e->cmd == 0x40 && e->result != YH_ERROR) {
			free(*slot);
			*slot = NULL;
		}
	}
	if (!session_cmd && e->cmd != 0x40 && c && c->action) {
		key = e->target_key;
		if ((e->cmd == 0x4a || e->cmd == 0x4b) &&
		    e->second_key != YH_NO_KEY) {
			key = e->second_key;
			s = yh_hex4(e->target_key);
			event_attr_str(ev, "wrap_key", s);
			free(s);
		}
	}
	if (key != YH_NO_KEY) {
		s = yh_key(serial, key);
		event_set(&ev->key_ref, s);
		free(s);
		s = yh_hex4(key);
		event_set(&ev->key_raw, s);
		free(s);
	}
	if (e->result == YH_ERROR) {
		ev->failed = 1;
		event_set(&ev->error_code, "0x7f");
		event_set(&ev->error_message, "the device answered YHC_ERROR");
	} else if (e->cmd != YH_POWERUP && e->cmd != 0x00 &&
	    e->result != (e->cmd | 0x80)) {
		ev->failed = 1;
		s = xasprintf("0x%02x", e->result);
		event_set(&ev->error_code, s);
		free(s);
		event_set(&ev->error_message, "result is neither command|0x80 "
		    "nor 0x7f");
	}
	ev->native_id = xasprintf("%s/%u/%s", serial, e->number, e->hash);
	yh_entry_attrs(ev, e);
	event_attr_str(ev, "device_serial", serial);
	return yh_send(x);
}

/* Common part of the integrity events about entry e (raw = its line). */
static void
yh_integrity(struct yh_emit *x, const struct yh_entry *e, const char *what)
{
	struct event *ev = x->ev;

	ev->source = "yubihsm";
	ev->action = "audit.integrity";
	ev->operation = xasprintf("yubihsm:%s", what);
	ev->failed = 1;
	event_set(&ev->error_code, what);
	if (e) {
		ev->raw = e->line;
		ev->raw_len = e->line_len;
	}
	event_attr_str(ev, "check", what);
	event_attr_str(ev, "device_serial", x->log->serial);
}

static int
yh_emit_gap(struct yh_emit *x, size_t i)
{
	const struct yh_entry *p = &x->log->e[i - 1], *e = &x->log->e[i];
	unsigned expected = (p->number + 1) & 0xffff;
	unsigned missing = (e->number - expected) & 0xffff;
	struct event *ev = x->ev;
	char t[TS_BUFSZ];

	yh_integrity(x, e, "item_gap");
	ev->ts_us = p->ts_us;
	ev->end_us = e->ts_us;
	if (p->ts_us != EVENT_NO_TIME)
		ev->ts_flags = TS_DERIVED;
	ev->error_message = xasprintf("item numbers jump from %u to %u: %u "
	    "entr%s missing (or the numbering went back)", p->number,
	    e->number, missing, missing == 1 ? "y" : "ies");
	ev->native_id = xasprintf("%s/gap/%u-%u/%s", x->log->serial,
	    p->number, e->number, e->hash);
	event_attr(ev, "expected_item", json_integer(expected));
	event_attr(ev, "found_item", json_integer(e->number));
	event_attr(ev, "missing", json_integer(missing));
	event_attr(ev, "previous_item", json_integer(p->number));
	event_attr(ev, "previous_tick", json_integer((json_int_t)p->tick));
	event_attr(ev, "next_tick", json_integer((json_int_t)e->tick));
	if (p->ts_us != EVENT_NO_TIME)
		event_attr_str(ev, "previous_time", ts_format(p->ts_us, t));
	if (e->ts_us != EVENT_NO_TIME)
		event_attr_str(ev, "next_time", ts_format(e->ts_us, t));
	event_attr(ev, "line", json_integer((json_int_t)e->lineno));
	return yh_send(x);
}

static int
yh_emit_break(struct yh_emit *x, size_t i, const unsigned char *computed)
{
	const struct yh_entry *p = &x->log->e[i - 1], *e = &x->log->e[i];
	char hex[2 * YH_DIGEST_LEN + 1], t[TS_BUFSZ];
	struct event *ev = x->ev;

	hex_encode(computed, YH_DIGEST_LEN, hex);
	yh_integrity(x, e, "chain_break");
	ev->ts_us = e->ts_us;
	if (e->ts_us != EVENT_NO_TIME)
		ev->ts_flags = TS_DERIVED;
	ev->error_message = xasprintf("item %u does not chain from item %u: "
	    "its hash is %s, the chain gives %s", e->number, p->number,
	    e->hash, hex);
	ev->native_id = xasprintf("%s/chain-break/%u/%s", x->log->serial,
	    e->number, e->hash);
	event_attr(ev, "item", json_integer(e->number));
	event_attr_str(ev, "found_hash", e->hash);
	event_attr_str(ev, "expected_hash", hex);
	event_attr(ev, "previous_item", json_integer(p->number));
	event_attr_str(ev, "previous_hash", p->hash);
	if (p->ts_us != EVENT_NO_TIME)
		event_attr_str(ev, "previous_time", ts_format(p->ts_us, t));
	event_attr(ev, "line", json_integer((json_int_t)e->lineno));
	return yh_send(x);
}

/* Findings about the header lines of one read. */
static int
yh_emit_read(struct yh_emit *x, const struct yh_read *r)
{
	const struct yh_log *log = x->log;
	struct event *ev = x->ev;
	const char *tag;
	long v;
	int k;

	for (k = 0; k < 2; k++) {
		v = k == 0 ? r->boots : r->auths;
		tag = k == 0 ? "unlogged_boots" : "unlogged_authentications";
		if (v <= 0)
			continue;
		yh_integrity(x, NULL, tag);
		ev->raw = r->cptr[k];
		ev->raw_len = r->clen[k];
		ev->ts_us = x->anchor;
		if (x->anchor != EVENT_NO_TIME)
			ev->ts_flags = TS_DERIVED;
		ev->error_message = xasprintf("the device reports %ld %s that "
		    "could not be logged (log full with force-audit on)", v,
		    k == 0 ? "power-ups" : "authentications");
		ev->native_id = xasprintf("%s/%s/%ld/%s", log->serial, tag, v,
		    r->first[0] ? r->first : "none");
		event_attr(ev, "count", json_integer(v));
		event_attr(ev, "line", json_integer((json_int_t)r->cline[k]));
		if (yh_send(x) < 0)
			return -1;
	}
	if (r->declared >= 0 && r->declared != r->found) {
		yh_integrity(x, NULL, "item_count");
		ev->raw = r->line;
		ev->raw_len = r->line_len;
		ev->ts_us = x->anchor;
		if (x->anchor != EVENT_NO_TIME)
			ev->ts_flags = TS_DERIVED;
		ev->error_message = xasprintf("the output announces %ld item%s "
		    "but lists %ld", r->declared, r->declared == 1 ? "" : "s",
		    r->found);
		ev->native_id = xasprintf("%s/count/%ld-%ld/%s", log->serial,
		    r->declared, r->found, r->last[0] ? r->last : "none");
		event_attr(ev, "declared", json_integer(r->declared));
		event_attr(ev, "listed", json_integer(r->found));
		event_attr(ev, "line", json_integer((json_int_t)r->lineno));
		if (yh_send(x) < 0)
			return -1;
	}
	return 0;
}

/* Verifies, places and emits everything; 0 or -1 (emit failed). */
static int
yh_emit_all(struct yh_emit *x)
{
	const struct yh_log *log = x->log;
	unsigned char computed[YH_DIGEST_LEN];
	struct yh_open open;
	size_t i;
	int ret = -1;

	memset(&open, 0, sizeof(open));
	for (i = 0; i < log->n; i++) {
		const struct yh_entry *e = &log->e[i];

		if (yh_emit_entry(x, i, &open) < 0)
			goto out;
		if (i == 0 || e->after_bad)
			continue;
		if (e->number != ((log->e[i - 1].number + 1) & 0xffff) &&
		    yh_emit_gap(x, i) < 0)
			goto out;
		if (yh_chain_digest(e, log->e[i - 1].digest, computed) < 0)
			goto out;
		if (memcmp(computed, e->digest, YH_DIGEST_LEN) != 0 &&
		    yh_emit_break(x, i, computed) < 0)
			goto out;
	}
	for (i = 0; i < log->nr; i++)
		if (yh_emit_read(x, &log->r[i]) < 0)
			goto out;
	ret = 0;
out:
	yh_open_free(&open);
	return ret;
}

static enum parse_rc
yh_parse_blob(const unsigned char *p, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	struct yh_log log;
	struct yh_emit x;
	enum parse_rc rc;
	size_t i;

	memset(&log, 0, sizeof(log));
	yh_serial(pc->name, log.serial, sizeof(log.serial));
	yh_read_lines((const char *)p, len, &log);
	yh_dedup(&log);
	memset(&x, 0, sizeof(x));
	x.pc = pc;
	x.ev = ev;
	x.log = &log;
	x.anchor = pc->opts ? pc->opts->anchor_us : EVENT_NO_TIME;
	x.powerup_item = -1;
	for (i = 0; i < log.n; i++)
		if (log.e[i].cmd == YH_POWERUP)
			x.powerup_item = (long)log.e[i].number;
	yh_place(&log, x.anchor);
	event_clear(ev);
	if (yh_emit_all(&x) < 0) {
		rc = PARSE_FATAL;
		goto out;
	}
	if (log.bad_line > 0) {
		rc = diag_set(d, "line %" PRId64 ": %s%s", log.bad_line,
		    log.bad_why, log.nbad > 1 ? " (and more unreadable lines; "
		    "the readable entries are stored)" : "");
	} else if (log.n == 0 && log.nr == 0) {
		rc = diag_set(d, "no yubihsm-shell audit lines found");
	} else if (x.emitted > 0) {
		rc = PARSE_OK;
	} else {
		rc = log.n == 0 ? PARSE_NONEVENT : PARSE_SKIP;
	}
out:
	free(log.e);
	free(log.r);
	return rc;
}

static int
yh_probe(const char *head, size_t len, const char *name)
{
	if (memmem(head, len, " unlogged boots found", 21) &&
	    memmem(head, len, " unlogged authentications found", 31))
		return 90;
	if (memmem(head, len, "item:", 5) &&
	    memmem(head, len, " -- cmd: 0x", 11) &&
	    memmem(head, len, " -- session key: 0x", 19) &&
	    memmem(head, len, " -- hash: ", 10))
		return 90;
	return 0;
}

const struct parser parser_yubihsm = {
	.name = "yubihsm",
	.desc = "YubiHSM 2 audit log (yubihsm-shell audit get): hash chain "
	    "and item numbers checked, times from --anchor and ticks",
	.howto = "yubihsm-shell -a get-logs > yubihsm-<serial>-audit.txt "
	    "(note the UTC time; ingest with --anchor TIME)",
	.kind = INPUT_BLOB,
	.probe = yh_probe,
	.parse_blob = yh_parse_blob,
};
