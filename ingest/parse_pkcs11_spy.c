/* SPDX-License-Identifier: MIT */
/*
 * parse_pkcs11_spy.c - PKCS#11 call traces written by OpenSC's
 * pkcs11-spy.so (PKCS11SPY=<real module>, PKCS11SPY_OUTPUT=<file>;
 * formats.md E.5).  Not an audit log and not tamper-evident, but the one
 * source that shows the bytes a key actually signed.  A trace:
 *
 *   *************** OpenSC PKCS#11 spy *****************
 *   Loaded: "/usr/lib/x86_64-linux-gnu/pkcs11/yubihsm_pkcs11.so"
 *
 *   17: C_SignInit
 *   P:4121; T:0x7f1c2a3b4c40 2026-01-10 12:00:07.410
 *   [in] hSession = 0x2
 *   [in] pMechanism->type = CKM_ECDSA
 *   [in] hKey = 0x30102
 *   Returned:  0 CKR_OK
 *
 *   18: C_Sign
 *   P:4121; T:0x7f1c2a3b4c40 2026-01-10 12:00:07.412
 *   [in] hSession = 0x2
 *   [in] pData[ulDataLen] 000055d0c3a1e2f0 / 32
 *       00000000  51 BC 0F C1 ...  (16 bytes a line, then their ASCII)
 *   [out] pSignature[*pulSignatureLen] 000055d0c3a1e400 / 64
 *       ...
 *   Returned:  0 CKR_OK
 *
 * Records are cut at each "<n>: <function>" header line and at each
 * banner line (a process that loads the spy appends its own banner and
 * counts from 0 again); the "P:<pid>; T:<thread>" part of the time line
 * exists in newer versions only.  Banner records are non-events; they
 * give the module and start a new process (its session state is
 * forgotten).
 *
 * Mapping: operation "pkcs11:<function>"; time the local time printed by
 * the spy, which has no zone: taken as UTC and flagged TS_ASSUMED_UTC
 * (check the traced host's time zone); session "<pid>/<hSession>" (or the
 * hSession alone without a P: line); the return value: CKR_OK is success,
 * anything else a failure (error_code the CKR name, attrs.rv the
 * number); a call without a "Returned:" line (a trace cut short) is a
 * failure with error_code "NO_RETURN".  C_SignInit gives key_raw (hKey)
 * and attrs.mechanism, which the session's next C_Sign / C_SignUpdate /
 * C_SignFinal carry too; object handles are not canonical key names, so
 * key_ref stays empty.  The digest signed: C_Sign's pData when every
 * byte was printed, its declared length is 32, 48 or 64 and the
 * mechanism signs what it is given (CKM_ECDSA, CKM_RSA_PKCS,
 * CKM_RSA_PKCS_PSS, CKM_RSA_X_509, or no C_SignInit seen): 32 bytes ->
 * digest "sha256:<hex>", 48/64 bytes -> attrs.digest_sha384 /
 * digest_sha512; a 51-byte SHA-256 DigestInfo under CKM_RSA_PKCS gives
 * its SHA-256; a hash-and-sign SHA-256 mechanism (CKM_ECDSA_SHA256,
 * CKM_SHA256_RSA_PKCS, CKM_SHA256_RSA_PKCS_PSS) gets the SHA-256 of the
 * whole pData computed (attrs.digest_computed).  When the dump is shorter
 * than the declared length the data is partial (attrs.data_partial) and
 * no digest is claimed.  A C_Sign whose signature buffer is NULL only
 * asks for the signature length: it signs nothing and is out of scope.
 * The YubiHSM PKCS#11 module takes as PIN the authentication key id (4
 * hex digits) followed by the password: when the module is yubihsm_pkcs11
 * the actor of C_Login and of the process' later calls is
 * "yubihsm:authkey:0x<id>" (as in the YubiHSM audit log); the PIN itself
 * is never copied into attrs (the raw record keeps what the spy wrote).
 *
 * Scope: C_Sign, C_SignFinal, C_SignRecover -> sign (each is one
 * signature made); C_SignInit, C_SignRecoverInit and C_SignUpdate ->
 * key.read (the key is taken up for a signature; not a signature
 * themselves, so that every "sign" event is one signature);
 * C_Login -> session.login; C_Logout ->
 * session.logout; C_GenerateKey, C_GenerateKeyPair -> key.create;
 * C_DestroyObject -> key.delete; C_UnwrapKey -> key.import; C_WrapKey ->
 * key.read; C_SetAttributeValue -> key.policy; C_InitToken, C_InitPIN,
 * C_SetPIN -> iam.credential; C_Verify, C_VerifyFinal -> verify.  Other
 * calls are out of scope.  No native id: events are de-duplicated on the
 * record's bytes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "codec.h"
#include "digest.h"
#include "event.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define P11_MAX_VALS	32
#define P11_MAX_DUMPS	8

static const struct action_map p11_funcs[] = {
	{ "C_SignInit", "key.read" },
	{ "C_Sign", "sign" },
	{ "C_SignUpdate", "key.read" },
	{ "C_SignFinal", "sign" },
	{ "C_SignRecoverInit", "key.read" },
	{ "C_SignRecover", "sign" },
	{ "C_Login", "session.login" },
	{ "C_Logout", "session.logout" },
	{ "C_GenerateKey", "key.create" },
	{ "C_GenerateKeyPair", "key.create" },
	{ "C_DestroyObject", "key.delete" },
	{ "C_UnwrapKey", "key.import" },
	{ "C_WrapKey", "key.read" },
	{ "C_SetAttributeValue", "key.policy" },
	{ "C_InitToken", "iam.credential" },
	{ "C_InitPIN", "iam.credential" },
	{ "C_SetPIN", "iam.credential" },
	{ "C_Verify", "verify" },
	{ "C_VerifyFinal", "verify" },
	{ NULL, NULL }
};

/* Mechanisms that sign the bytes they are given (a digest, or a block). */
static const char *const p11_raw_mechs[] = {
	"CKM_ECDSA", "CKM_RSA_PKCS", "CKM_RSA_PKCS_PSS", "CKM_RSA_X_509",
	"CKM_DSA", NULL
};

/* Hash-and-sign mechanisms over SHA-256: the digest is SHA-256(pData). */
static const char *const p11_sha256_mechs[] = {
	"CKM_ECDSA_SHA256", "CKM_SHA256_RSA_PKCS", "CKM_SHA256_RSA_PKCS_PSS",
	"CKM_DSA_SHA256", NULL
};

/* DER DigestInfo prefix of a SHA-256 digest (RFC 8017, 9.2 note 1). */
static const unsigned char p11_di_sha256[19] = {
	0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65,
	0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20
};

struct p11_sess {
	char		*key;		/* "<pid>/<hSession>" */
	char		*mech, *hkey;	/* of the last C_SignInit */
};

struct p11_proc {
	char		*pid;		/* "" without P: lines */
	char		*actor;		/* from C_Login (YubiHSM PIN) */
};

struct p11_state {
	char		*module;
	struct p11_sess	*s;
	size_t		 ns, as;
	struct p11_proc	*p;
	size_t		 np, ap;
};

/* "[in] name = value" */
struct p11_val {
	int		 out;
	char		 name[64];
	char		 val[128];
};

/* "[in] name <addr> / <len>" and its hex dump lines. */
struct p11_dump {
	int		 out;
	char		 name[64];	/* without "[...]" */
	int		 is_null;	/* printed as NULL */
	long long	 declared;	/* -1: not printed */
	struct buf	 bytes;
	int		 broken;	/* dump lines missing or out of order */
};

struct p11_call {
	long long	 seq;
	char		 func[64];
	char		 pid[24], tid[40];
	char		 time[40];
	struct p11_val	 v[P11_MAX_VALS];
	size_t		 nv;
	struct p11_dump	 dmp[P11_MAX_DUMPS];
	size_t		 nd;
	int		 returned;
	long long	 rv;
	char		 rv_name[64];
};

static int
p11_in_list(const char *const *list, const char *s)
{
	size_t i;

	for (i = 0; s && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static int
p11_is_digits(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* "<digits>: <identifier>" alone on the line. */
static int
p11_is_header(const char *line, size_t n)
{
	size_t i = 0, j;

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
		n--;
	while (i < n && i < 13 && line[i] >= '0' && line[i] <= '9')
		i++;
	if (i == 0 || i > 12 || i + 2 >= n || line[i] != ':' ||
	    line[i + 1] != ' ')
		return 0;
	for (j = i + 2; j < n; j++)
		if (!((line[j] >= 'A' && line[j] <= 'Z') ||
		    (line[j] >= 'a' && line[j] <= 'z') ||
		    (line[j] >= '0' && line[j] <= '9') || line[j] == '_'))
			return 0;
	return 1;
}

static int
p11_is_banner(const char *line, size_t n)
{
	return n >= 20 && line[0] == '*' &&
	    memmem(line, n, "PKCS#11 spy", 11) != NULL;
}

static int
p11_is_start(const char *line, size_t n)
{
	return p11_is_header(line, n) || p11_is_banner(line, n);
}

/* Split: from one header (or banner) line to the next. */
static size_t
p11_split(const char *buf, size_t len, int eof)
{
	return split_at_start(buf, len, eof, p11_is_start);
}

static void *
p11_state_new(const struct parse_ctx *pc)
{
	return xcalloc(1, sizeof(struct p11_state));
}

static void
p11_forget_procs(struct p11_state *st)
{
	size_t i;

	for (i = 0; i < st->ns; i++) {
		free(st->s[i].key);
		free(st->s[i].mech);
		free(st->s[i].hkey);
	}
	for (i = 0; i < st->np; i++) {
		free(st->p[i].pid);
		free(st->p[i].actor);
	}
	st->ns = st->np = 0;
}

static void
p11_state_free(void *arg)
{
	struct p11_state *st = arg;

	if (st == NULL)
		return;
	p11_forget_procs(st);
	free(st->s);
	free(st->p);
	free(st->module);
	free(st);
}

static struct p11_sess *
p11_sess(struct p11_state *st, const char *key, int create)
{
	size_t i;

	for (i = 0; i < st->ns; i++)
		if (strcmp(st->s[i].key, key) == 0)
			return &st->s[i];
	if (!create)
		return NULL;
	ALLOC_GROW(st->s, st->ns + 1, st->as);
	memset(&st->s[st->ns], 0, sizeof(st->s[0]));
	st->s[st->ns].key = xstrdup(key);
	return &st->s[st->ns++];
}

static struct p11_proc *
p11_proc(struct p11_state *st, const char *pid, int create)
{
	size_t i;

	for (i = 0; i < st->np; i++)
		if (strcmp(st->p[i].pid, pid) == 0)
			return &st->p[i];
	if (!create)
		return NULL;
	ALLOC_GROW(st->p, st->np + 1, st->ap);
	memset(&st->p[st->np], 0, sizeof(st->p[0]));
	st->p[st->np].pid = xstrdup(pid);
	return &st->p[st->np++];
}

static void
p11_copy(char *dst, size_t dstsz, const char *s, size_t n)
{
	if (n >= dstsz)
		n = dstsz - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* The time line: "[P:<pid>; T:<tid> ]YYYY-MM-DD HH:MM:SS.mmm". */
static int
p11_time_line(const char *line, size_t n, struct p11_call *c)
{
	const char *end = line + n, *semi, *sp;

	if (n > 2 && line[0] == 'P' && line[1] == ':') {
		semi = memchr(line, ';', n);
		if (semi == NULL || !p11_is_digits(line + 2,
		    (size_t)(semi - line - 2)))
			return 0;
		p11_copy(c->pid, sizeof(c->pid), line + 2,
		    (size_t)(semi - line - 2));
		line = semi + 1;
		while (line < end && *line == ' ')
			line++;
		if (end - line < 2 || line[0] != 'T' || line[1] != ':')
			return 0;
		sp = memchr(line, ' ', (size_t)(end - line));
		if (sp == NULL)
			return 0;
		p11_copy(c->tid, sizeof(c->tid), line + 2,
		    (size_t)(sp - line - 2));
		line = sp + 1;
		n = (size_t)(end - line);
	}
	if (n < 19 || line[4] != '-' || line[7] != '-' || line[10] != ' ' ||
	    line[13] != ':')
		return 0;
	p11_copy(c->time, sizeof(c->time), line, n);
	return 1;
}

/*
 * A hex dump line "    %08X  XX XX ... ascii" (bytes at fixed columns
 * after the offset).  Returns 1 when it is one (bytes appended to d).
 */
static int
p11_dump_line(const char *line, size_t n, struct p11_dump *d)
{
	size_t i = 0, k, pos, start;
	unsigned long off = 0;
	int hi, lo;

	while (i < n && line[i] == ' ')
		i++;
	if (i == 0 || n - i < 10)
		return 0;
	start = i;
	for (k = 0; k < 8; k++) {
		if ((hi = hex_value((unsigned char)line[i + k])) < 0)
			return 0;
		off = off * 16 + (unsigned long)hi;
	}
	if (line[i + 8] != ' ' || line[i + 9] != ' ')
		return 0;
	if (off != d->bytes.len)
		d->broken = 1;
	pos = start + 10;
	for (k = 0; k < 16; k++, pos += 3) {
		if (pos + 1 >= n || line[pos] == ' ')
			break;
		hi = hex_value((unsigned char)line[pos]);
		lo = hex_value((unsigned char)line[pos + 1]);
		if (hi < 0 || lo < 0 || (pos + 2 < n && line[pos + 2] != ' '))
			break;
		buf_addch(&d->bytes, hi * 16 + lo);
	}
	return 1;
}

/* "[in] name rest" -> dir, name; rest is "= value" or "<addr> / <n>". */
static void
p11_io_line(const char *line, size_t n, struct p11_call *c,
    struct p11_dump **cur)
{
	int out = line[1] == 'o';
	const char *p = line + (out ? 6 : 5), *end = line + n, *sp, *slash;
	struct p11_dump *d;
	size_t nl;

	*cur = NULL;
	sp = memchr(p, ' ', (size_t)(end - p));
	if (sp == NULL)
		return;
	nl = (size_t)(sp - p);
	if (sp + 2 < end && sp[1] == '=' && sp[2] == ' ') {
		if (c->nv == P11_MAX_VALS)
			return;
		c->v[c->nv].out = out;
		p11_copy(c->v[c->nv].name, sizeof(c->v[0].name), p, nl);
		p11_copy(c->v[c->nv].val, sizeof(c->v[0].val), sp + 3,
		    (size_t)(end - sp - 3));
		c->nv++;
		return;
	}
	if (c->nd == P11_MAX_DUMPS)
		return;
	d = &c->dmp[c->nd++];
	d->out = out;
	d->declared = -1;
	buf_init(&d->bytes);
	if (memchr(p, '[', nl))
		nl = (size_t)((const char *)memchr(p, '[', nl) - p);
	p11_copy(d->name, sizeof(d->name), p, nl);
	p = sp + 1;
	if ((size_t)(end - p) >= 4 && memcmp(p, "NULL", 4) == 0) {
		d->is_null = 1;
		return;
	}
	slash = memmem(p, (size_t)(end - p), " / ", 3);
	if (slash && p11_is_digits(slash + 3, (size_t)(end - slash - 3)) &&
	    end - slash - 3 <= 15)
		d->declared = strtoll(slash + 3, NULL, 10);
	*cur = d;
}

static void
p11_call_free(struct p11_call *c)
{
	size_t i;

	for (i = 0; i < c->nd; i++)
		buf_release(&c->dmp[i].bytes);
}

/* Reads one call block.  Returns 0, or -1 with the reason in d. */
static int
p11_call_read(const char *rec, size_t len, struct p11_call *c,
    struct diag *dg)
{
	const char *p = rec, *end = rec + len, *nl, *colon;
	struct p11_dump *cur = NULL;
	size_t n, lineno = 0;
	char num[32];

	memset(c, 0, sizeof(*c));
	c->rv = -1;
	for (; p < end; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		while (n > 0 && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		lineno++;
		if (n == 0)
			continue;
		if (lineno == 1) {
			colon = memchr(p, ':', n);
			p11_copy(num, sizeof(num), p, (size_t)(colon - p));
			c->seq = strtoll(num, NULL, 10);
			p11_copy(c->func, sizeof(c->func), colon + 2,
			    n - (size_t)(colon + 2 - p));
			continue;
		}
		if (lineno == 2 && p11_time_line(p, n, c))
			continue;
		if (cur && p11_dump_line(p, n, cur))
			continue;
		cur = NULL;
		if (n > 5 && (memcmp(p, "[in] ", 5) == 0 ||
		    (n > 6 && memcmp(p, "[out] ", 6) == 0))) {
			p11_io_line(p, n, c, &cur);
		} else if (n > 9 && memcmp(p, "Returned:", 9) == 0) {
			const char *q = p + 9, *e = p + n;

			while (q < e && *q == ' ')
				q++;
			colon = q;
			while (q < e && *q >= '0' && *q <= '9')
				q++;
			if (q == colon || q - colon > 19)
				return diag_set(dg, "line %zu: 'Returned:' "
				    "without a number", lineno);
			p11_copy(num, sizeof(num), colon, (size_t)(q - colon));
			c->rv = strtoll(num, NULL, 10);
			while (q < e && *q == ' ')
				q++;
			p11_copy(c->rv_name, sizeof(c->rv_name), q,
			    (size_t)(e - q));
			c->returned = 1;
		}
	}
	return 0;
}

static const char *
p11_val(const struct p11_call *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nv; i++)
		if (strcmp(c->v[i].name, name) == 0)
			return c->v[i].val;
	return NULL;
}

static struct p11_dump *
p11_dump_find(struct p11_call *c, int out, const char *name)
{
	size_t i;

	for (i = 0; i < c->nd; i++)
		if (c->dmp[i].out == out && strcmp(c->dmp[i].name, name) == 0)
			return &c->dmp[i];
	return NULL;
}

static int
p11_complete(const struct p11_dump *d)
{
	return d && !d->broken && d->declared >= 0 &&
	    (long long)d->bytes.len == d->declared;
}

/* The digest attributes of C_Sign's pData (rules at the top). */
static void
p11_digest(struct event *ev, const struct p11_dump *d, const char *mech)
{
	const unsigned char *b = (const unsigned char *)d->bytes.s;
	char hex[2 * 64 + 1], sha[SHA256_HEXLEN];
	size_t n = d->bytes.len;
	int raw = mech == NULL || p11_in_list(p11_raw_mechs, mech);

	event_attr(ev, "data_len", json_integer(d->declared));
	if (!p11_complete(d)) {
		event_attr(ev, "data_partial", json_true());
		event_attr(ev, "data_shown", json_integer((json_int_t)n));
		return;
	}
	if (raw && n == 32) {
		ev->digest = digest_bytes("sha256", b, n);
	} else if (raw && (n == 48 || n == 64)) {
		hex_encode(b, n, hex);
		event_attr_str(ev, n == 48 ? "digest_sha384" : "digest_sha512",
		    hex);
	} else if (mech && strcmp(mech, "CKM_RSA_PKCS") == 0 && n == 51 &&
	    memcmp(b, p11_di_sha256, sizeof(p11_di_sha256)) == 0) {
		ev->digest = digest_bytes("sha256", b + 19, 32);
		event_attr_str(ev, "digest_from", "DigestInfo");
	} else if (p11_in_list(p11_sha256_mechs, mech) &&
	    sha256_hex(b, n, sha) == 0) {
		ev->digest = xasprintf("sha256:%s", sha);
		event_attr(ev, "digest_computed", json_true());
	}
}

/* The actor from a YubiHSM PKCS#11 PIN ("0005" + password), or NULL. */
static char *
p11_yubihsm_actor(const struct p11_state *st, const struct p11_dump *pin)
{
	const char *mod = st->module ? strrchr(st->module, '/') : NULL;
	size_t i;

	mod = mod ? mod + 1 : st->module;
	if (mod == NULL || strstr(mod, "yubihsm") == NULL || pin == NULL ||
	    pin->bytes.len < 4)
		return NULL;
	for (i = 0; i < 4; i++)
		if (hex_value((unsigned char)pin->bytes.s[i]) < 0)
			return NULL;
	return xasprintf("yubihsm:authkey:0x%c%c%c%c",
	    pin->bytes.s[0] | 0x20, pin->bytes.s[1] | 0x20,
	    pin->bytes.s[2] | 0x20, pin->bytes.s[3] | 0x20);
}

/* The banner record: module name, and a new process begins. */
static enum parse_rc
p11_banner(const char *rec, size_t len, struct p11_state *st)
{
	const char *l = memmem(rec, len, "Loaded: \"", 9), *q;

	if (st == NULL)
		return PARSE_NONEVENT;
	p11_forget_procs(st);
	if (l) {
		l += 9;
		q = memchr(l, '"', len - (size_t)(l - rec));
		if (q) {
			free(st->module);
			st->module = xstrndup(l, (size_t)(q - l));
		}
	}
	return PARSE_NONEVENT;
}

static enum parse_rc
p11_parse_text(const char *rec, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	struct p11_state *st = pc->state;
	struct p11_sess *s = NULL;
	struct p11_proc *pr = NULL;
	struct p11_call c;
	struct p11_dump *data;
	const char *action, *hs, *mech = NULL, *hkey = NULL, *ut;
	char skey[96];
	struct diag why;
	enum parse_rc rc = PARSE_ERR;
	json_t *utf8;
	const char *nl = memchr(rec, '\n', len);
	size_t first = nl ? (size_t)(nl - rec) : len;

	if ((utf8 = json_stringn(rec, len)) == NULL)
		return diag_set(d, "record is not valid UTF-8 text");
	json_decref(utf8);
	if (p11_is_banner(rec, first))
		return p11_banner(rec, len, st);
	if (!p11_is_header(rec, first))
		return diag_set(d, "not a pkcs11-spy call (it does not start "
		    "with a '<n>: C_<function>' line)");
	if (p11_call_read(rec, len, &c, d) < 0)
		goto out;
	action = action_lookup(p11_funcs, c.func, 0);
	hs = p11_val(&c, "hSession");
	if (hs) {
		snprintf(skey, sizeof(skey), "%s%s%s", c.pid, c.pid[0] ? "/" :
		    "", hs);
		if (st)
			s = p11_sess(st, skey, strcmp(c.func, "C_SignInit") ==
			    0);
	}
	if (st)
		pr = p11_proc(st, c.pid, strcmp(c.func, "C_Login") == 0);
	data = p11_dump_find(&c, 1, "pSignature");
	if (strcmp(c.func, "C_Sign") == 0 && data && data->is_null) {
		/* the length query: nothing is signed */
		action = NULL;
	}
	if (action == NULL && !pc->all_events) {
		rc = PARSE_SKIP;
		goto out;
	}
	ev->source = "pkcs11-spy";
	ev->action = action ? action : "other";
	ev->operation = xasprintf("pkcs11:%s", c.func);
	if (c.time[0]) {
		diag_clear(&why);
		if (ts_parse_iso(c.time, strlen(c.time), &ev->ts_us,
		    &ev->ts_flags, &why) < 0) {
			diag_set(d, "bad time '%s': %s", c.time, why.msg);
			goto out;
		}
		event_set(&ev->ts_raw, c.time);
	}
	if (hs) {
		event_set(&ev->session, skey);
	}
	if (!c.returned) {
		ev->failed = 1;
		event_set(&ev->error_code, "NO_RETURN");
		event_set(&ev->error_message, "the trace ends before the call "
		    "returned");
	} else if (c.rv != 0) {
		ev->failed = 1;
		event_set(&ev->error_code, c.rv_name[0] ? c.rv_name : "CKR_?");
	}
	if (c.returned)
		event_attr(ev, "rv", json_integer(c.rv));
	if (strcmp(c.func, "C_SignInit") == 0 ||
	    strcmp(c.func, "C_SignRecoverInit") == 0) {
		mech = p11_val(&c, "pMechanism->type");
		hkey = p11_val(&c, "hKey");
		if (s && !ev->failed) {
			free(s->mech);
			free(s->hkey);
			s->mech = mech ? xstrdup(mech) : NULL;
			s->hkey = hkey ? xstrdup(hkey) : NULL;
		}
	} else if (s && strncmp(c.func, "C_Sign", 6) == 0) {
		mech = s->mech;
		hkey = s->hkey;
	}
	if (strncmp(c.func, "C_Sign", 6) != 0 && p11_val(&c, "hKey"))
		hkey = p11_val(&c, "hKey");
	if (strcmp(c.func, "C_DestroyObject") == 0 ||
	    strcmp(c.func, "C_SetAttributeValue") == 0)
		hkey = p11_val(&c, "hObject");
	if (strcmp(c.func, "C_GenerateKeyPair") == 0)
		hkey = p11_val(&c, "hPrivateKey");
	event_set(&ev->key_raw, hkey);
	event_attr_str(ev, "mechanism", mech);
	if (strncmp(c.func, "C_Sign", 6) == 0 && mech == NULL &&
	    strcmp(c.func, "C_SignInit") != 0)
		event_attr_str(ev, "mechanism", "unknown (no C_SignInit seen)");
	if (strcmp(c.func, "C_Sign") == 0 &&
	    (data = p11_dump_find(&c, 0, "pData")) != NULL)
		p11_digest(ev, data, mech);
	if (strcmp(c.func, "C_SignUpdate") == 0 &&
	    (data = p11_dump_find(&c, 0, "pPart")) != NULL)
		event_attr(ev, "part_len", json_integer(data->declared));
	if (strcmp(c.func, "C_Login") == 0) {
		ut = p11_val(&c, "userType");
		event_attr_str(ev, "user_type", ut);
		data = p11_dump_find(&c, 0, "pPin");
		if (data && data->declared >= 0)
			event_attr(ev, "pin_len", json_integer(data->declared));
		if (pr && st && !ev->failed) {
			free(pr->actor);
			pr->actor = p11_yubihsm_actor(st, data);
		}
	}
	if (pr && pr->actor)
		event_set(&ev->actor, pr->actor);
	if ((strcmp(c.func, "C_Sign") == 0 || strcmp(c.func, "C_SignFinal") ==
	    0) && s && !(c.returned && strstr(c.rv_name,
	    "BUFFER_TOO_SMALL"))) {
		/* the operation is over, whatever its outcome */
		free(s->mech);
		free(s->hkey);
		s->mech = s->hkey = NULL;
	}
	if (strcmp(c.func, "C_Logout") == 0 && pr && !ev->failed) {
		free(pr->actor);
		pr->actor = NULL;
	}
	event_attr(ev, "call", json_integer(c.seq));
	event_attr_str(ev, "pid", c.pid[0] ? c.pid : NULL);
	event_attr_str(ev, "thread", c.tid[0] ? c.tid : NULL);
	if (st && st->module)
		event_attr_str(ev, "module", st->module);
	if (pc->emit(pc->emit_arg, ev) < 0) {
		rc = PARSE_FATAL;
		goto out;
	}
	rc = PARSE_OK;
out:
	p11_call_free(&c);
	return rc;
}

static int
p11_probe(const char *head, size_t len, const char *name)
{
	if (memmem(head, len, "OpenSC PKCS#11 spy", 18))
		return 92;
	if (memmem(head, len, ": C_", 4) && memmem(head, len, "Returned:", 9) &&
	    memmem(head, len, "[in] ", 5))
		return 85;
	return 0;
}

const struct parser parser_pkcs11_spy = {
	.name = "pkcs11-spy",
	.desc = "PKCS#11 call traces of OpenSC pkcs11-spy: signing calls "
	    "with the digest signed, logins",
	.howto = "run the signer with PKCS11SPY=<real module> "
	    "PKCS11SPY_OUTPUT=<file> and pkcs11-spy.so as its module; "
	    "collect the output file",
	.kind = INPUT_TEXT,
	.probe = p11_probe,
	.split = p11_split,
	.parse_text = p11_parse_text,
	.state_new = p11_state_new,
	.state_free = p11_state_free,
};
