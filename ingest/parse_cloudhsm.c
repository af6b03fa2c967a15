/* SPDX-License-Identifier: MIT */
/*
 * parse_cloudhsm.c - AWS CloudHSM HSM audit logs (formats.md E.1), as
 * delivered to CloudWatch Logs (group /aws/cloudhsm/<cluster>, one stream
 * per HSM), in two shapes with one block parser:
 *
 *   cloudhsm       raw text blocks, one after the other: a CloudWatch
 *                  Logs export to S3 (<task>/<hsm id>/000000.gz, each
 *                  event prefixed with its ISO time), or the messages
 *                  saved as they are.  Records are cut at each "Time:"
 *                  line (tsplit with ch_split).
 *   cloudhsm-cwl   `aws logs filter-log-events` / `get-log-events`
 *                  output, {"events":[{"logStreamName","timestamp",
 *                  "message","ingestionTime","eventId"}]}: the message is
 *                  the block; the stream name is the HSM.
 *
 * A block (spacing around ':' varies):
 *
 *   Time: 01/10/26 12:00:05.000123, usecs:1768046405000123
 *   Sequence No : 0x2a
 *   Reboot counter : 0x3
 *   Command Type(hex) : CN_MGMT_CMD (0x0)
 *   Opcode : CN_LOGIN (0xd)
 *   Session Handle : 0x2004001
 *   Response : 0:HSM Return: SUCCESS
 *   Log type : MGMT_USER_DETAILS_LOG (2)
 *   User Name : relsigner
 *   User Type : CN_CRYPTO_USER (1)
 *
 * Key management blocks carry "Priv/Secret Key Handle : 262150" and
 * "Public Key Handle : 262149"; failures read "Response : 163:HSM Error:
 * RET_USER_LOGIN_FAILURE".  The certificate-storage stream (named after
 * the cluster) holds JSON messages {"object_handle","op_code",
 * "response","attributes","timestamp"}, read by cloudhsm-cwl too.
 *
 * Mapping: time from usecs (epoch µs; the 2-digit-year text is kept as
 * ts_raw and compared); operation "cloudhsm:<Opcode name>"; session
 * "<hsm id>/<session handle>"; actor: the User Name of CN_LOGIN/CN_LOGOUT
 * (User Type in attrs), for other commands the user logged in on that
 * session earlier in the same evidence item (for user management the User
 * Name is the user managed: attrs.target_user); key_ref
 * "cloudhsm:<cluster or hsm id>/<handle>" of the private/secret key handle
 * (else the key handle, else the public key handle), key_raw the handle
 * as written; a non-zero Response code is a failure (error_code the
 * symbolic error, attrs.response_code the number).  The HSM id is the
 * stream name (cloudhsm-cwl) or an "hsm-<id>" component of the evidence
 * name, else "unknown"; the cluster id comes from a "cluster-<id>" in the
 * evidence name (key handles are cluster-wide: keys are synchronized).
 * native_id "<hsm>/<reboot counter>/<sequence>/<usecs>", and both
 * descriptors store their events with source "cloudhsm", so the same HSM
 * record from the S3 export and from filter-log-events is stored once
 * (CloudWatch's eventId stays in attrs).
 *
 * Scope: CN_LOGIN -> session.login; CN_LOGOUT, CN_APP_FINALIZE,
 * CN_CLOSE_SESSION -> session.logout; user management (CN_CREATE_USER,
 * CN_CREATE_CO, CN_CREATE_APPLIANCE_USER, CN_DELETE_USER, CN_CHANGE_PSWD)
 * -> iam.credential, quorum settings (CN_SET_M_VALUE, CN_APPROVE_TOKEN)
 * -> iam.policy; CN_GENERATE_KEY, CN_GENERATE_KEY_PAIR, CN_CREATE_OBJECT,
 * CN_DERIVE_KEY -> key.create; CN_SHARE_OBJECT (sharing) and
 * CN_MODIFY_OBJECT -> key.policy; CN_UNWRAP_KEY and
 * CN_INSERT_MASKED_OBJECT_USER (a key synchronized in from another HSM)
 * -> key.import; CN_WRAP_KEY and CN_EXTRACT_MASKED_OBJECT_USER -> key.read
 * (an export); CN_DESTROY_OBJECT, CN_TOMBSTONE_OBJECT, CN_ZEROIZE,
 * CN_INIT_TOKEN -> key.delete.  Certificate storage: CreateObject ->
 * pki.cert, SetAttributeValues -> key.policy, DestroyObject -> key.delete.
 * Other opcodes (boot-time key generation, quorum tokens, backups) are
 * out of scope.  CloudHSM does not log signing (C_Sign): signing has to be
 * correlated through the login sessions.
 *
 * Check: Sequence No increments by one per record and resets only when
 * the HSM reboots (Reboot counter changes).  Every record of the item is
 * kept in the parser state (in or out of scope), and finish() sorts them
 * per (HSM, reboot counter) by time and reports each gap in the sequence
 * and each sequence that goes back without a reboot as an
 * "audit.integrity" event: ts the record before, end_us the record after,
 * attrs the expected and found numbers, the HSM and the neighbours'
 * times; native_id "<hsm>/<reboot>/gap/<before>-<after>" or
 * "<hsm>/<reboot>/reset/<before>-<after>/<usecs>".  A stream whose first
 * record is not sequence 0 is not a gap: exports start anywhere.
 *
 * Unsupported: Azure Cloud HSM's Log Analytics tables; records of an
 * unknown HSM (raw text without an HSM id in its name) cannot be matched
 * with the same records read from filter-log-events.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "event.h"
#include "jsonutil.h"
#include "parse_util.h"
#include "parser.h"
#include "timeutil.h"
#include "xalloc.h"

#define CH_MAX_FIELDS	32
#define CH_ID_MAX	64

static const struct action_map ch_ops[] = {
	{ "CN_LOGIN", "session.login" },
	{ "CN_LOGOUT", "session.logout" },
	{ "CN_APP_FINALIZE", "session.logout" },
	{ "CN_CLOSE_SESSION", "session.logout" },
	{ "CN_CREATE_USER", "iam.credential" },
	{ "CN_CREATE_CO", "iam.credential" },
	{ "CN_CREATE_APPLIANCE_USER", "iam.credential" },
	{ "CN_DELETE_USER", "iam.credential" },
	{ "CN_CHANGE_PSWD", "iam.credential" },
	{ "CN_SET_M_VALUE", "iam.policy" },
	{ "CN_APPROVE_TOKEN", "iam.policy" },
	{ "CN_GENERATE_KEY", "key.create" },
	{ "CN_GENERATE_KEY_PAIR", "key.create" },
	{ "CN_CREATE_OBJECT", "key.create" },
	{ "CN_DERIVE_KEY", "key.create" },
	{ "CN_MODIFY_OBJECT", "key.policy" },
	{ "CN_SHARE_OBJECT", "key.policy" },
	{ "CN_UNWRAP_KEY", "key.import" },
	{ "CN_INSERT_MASKED_OBJECT_USER", "key.import" },
	{ "CN_WRAP_KEY", "key.read" },
	{ "CN_EXTRACT_MASKED_OBJECT_USER", "key.read" },
	{ "CN_DESTROY_OBJECT", "key.delete" },
	{ "CN_TOMBSTONE_OBJECT", "key.delete" },
	{ "CN_ZEROIZE", "key.delete" },
	{ "CN_INIT_TOKEN", "key.delete" },
	{ NULL, NULL }
};

/* One record kept for the sequence check. */
struct ch_seq {
	char		*hsm;
	uint64_t	 reboot, seq;
	int64_t		 us;
};

/* Who logged in on a session handle. */
struct ch_sess {
	char		*key;		/* "<hsm>/<handle>" */
	char		*user, *type;
};

struct ch_state {
	char		 name_hsm[CH_ID_MAX];	/* from the evidence name */
	char		 cluster[CH_ID_MAX];
	struct ch_seq	*seq;
	size_t		 nseq, aseq;
	struct ch_sess	*sess;
	size_t		 nsess, asess;
};

/* A "Key : value" line of a block, as views into the record. */
struct ch_field {
	const char	*key, *val;
	size_t		 klen, vlen;
};

struct ch_block {
	struct ch_field	 f[CH_MAX_FIELDS];
	size_t		 n;
	const char	*prefix;	/* text before "Time:" (S3 export) */
	size_t		 prefix_len;
};

/*
 * An id "<prefix><[a-z0-9]{5,}>" in name that is not glued to a letter or
 * digit before it; the last one wins (the nearest path component).
 */
static void
ch_name_id(const char *name, const char *prefix, char *out, size_t outsz)
{
	size_t pl = strlen(prefix), n;
	const char *p;

	out[0] = '\0';
	if (name == NULL)
		return;
	for (p = name; (p = strstr(p, prefix)) != NULL; p++) {
		if (p > name && ((p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z') ||
		    (p[-1] >= '0' && p[-1] <= '9')))
			continue;
		n = strspn(p + pl, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (n >= 5 && pl + n < outsz) {
			memcpy(out, p, pl + n);
			out[pl + n] = '\0';
		}
	}
}

static void *
ch_state_new(const struct parse_ctx *pc)
{
	struct ch_state *st = xcalloc(1, sizeof(*st));

	ch_name_id(pc->name, "hsm-", st->name_hsm, sizeof(st->name_hsm));
	ch_name_id(pc->name, "cluster-", st->cluster, sizeof(st->cluster));
	return st;
}

static void
ch_state_free(void *arg)
{
	struct ch_state *st = arg;
	size_t i;

	if (st == NULL)
		return;
	for (i = 0; i < st->nseq; i++)
		free(st->seq[i].hsm);
	for (i = 0; i < st->nsess; i++) {
		free(st->sess[i].key);
		free(st->sess[i].user);
		free(st->sess[i].type);
	}
	free(st->seq);
	free(st->sess);
	free(st);
}

static struct ch_sess *
ch_sess_find(struct ch_state *st, const char *key)
{
	size_t i;

	for (i = 0; i < st->nsess; i++)
		if (strcmp(st->sess[i].key, key) == 0)
			return &st->sess[i];
	return NULL;
}

/* Whether line[0..n) starts a block: "Time:", or "<token> Time:". */
static int
ch_is_start(const char *line, size_t n)
{
	const char *sp;

	if (n >= 5 && memcmp(line, "Time:", 5) == 0)
		return 1;
	if (n == 0 || line[0] < '0' || line[0] > '9')
		return 0;
	sp = memchr(line, ' ', n);
	if (sp == NULL)
		return 0;
	n -= (size_t)(sp + 1 - line);
	return n >= 5 && memcmp(sp + 1, "Time:", 5) == 0;
}

/*
 * Split: a record runs from a block start to the next one.  Only whole
 * lines are looked at; text before the first block start is a record of
 * its own (it is not a block, the parser says so).
 */
static size_t
ch_split(const char *buf, size_t len, int eof)
{
	return split_at_start(buf, len, eof, ch_is_start);
}

static void
ch_trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' ||
	    (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* Cuts a block into its fields.  Returns 0, or -1 with why in d. */
static int
ch_block_read(const char *rec, size_t len, struct ch_block *b,
    struct diag *d)
{
	const char *p = rec, *end = rec + len, *nl, *colon, *t;
	size_t n, lineno = 0;

	memset(b, 0, sizeof(*b));
	for (; p < end; p = nl ? nl + 1 : end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		lineno++;
		ch_trim(&p, &n);
		if (n == 0)
			continue;
		if (memchr(p, '\0', n))
			return diag_set(d, "line %zu of the block has a NUL "
			    "byte", lineno);
		if (b->n == 0) {
			if (!ch_is_start(p, n))
				return diag_set(d, "not a CloudHSM audit block "
				    "(it does not start with a 'Time:' line)");
			t = memmem(p, n, "Time:", 5);
			b->prefix = p;
			b->prefix_len = (size_t)(t - p);
			while (b->prefix_len > 0 &&
			    b->prefix[b->prefix_len - 1] == ' ')
				b->prefix_len--;
			n -= (size_t)(t - p);
			p = t;
		}
		colon = memchr(p, ':', n);
		if (colon == NULL)
			return diag_set(d, "line %zu of the block is not "
			    "'Key : value'", lineno);
		if (b->n == CH_MAX_FIELDS)
			return diag_set(d, "block has more than %d fields",
			    CH_MAX_FIELDS);
		b->f[b->n].key = p;
		b->f[b->n].klen = (size_t)(colon - p);
		b->f[b->n].val = colon + 1;
		b->f[b->n].vlen = n - (size_t)(colon + 1 - p);
		ch_trim(&b->f[b->n].key, &b->f[b->n].klen);
		ch_trim(&b->f[b->n].val, &b->f[b->n].vlen);
		b->n++;
	}
	if (b->n == 0)
		return diag_set(d, "empty CloudHSM audit block");
	return 0;
}

/* The value of field key (case-insensitive) as a new string, or NULL. */
static char *
ch_get(const struct ch_block *b, const char *key)
{
	size_t i, kl = strlen(key);

	for (i = 0; i < b->n; i++)
		if (b->f[i].klen == kl && strncasecmp(b->f[i].key, key,
		    kl) == 0)
			return xstrndup(b->f[i].val, b->f[i].vlen);
	return NULL;
}

/* "0x2a" -> 42.  Returns 0, or -1. */
static int
ch_hex(const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int d, digits = 0;

	if (s == NULL || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return -1;
	for (s += 2; *s; s++, digits++) {
		if ((d = hex_value((unsigned char)*s)) < 0)
			return -1;
		if (v > (UINT64_MAX >> 4))
			return -1;
		v = (v << 4) | (uint64_t)d;
	}
	if (digits == 0)
		return -1;
	*out = v;
	return 0;
}

/* "CN_LOGIN (0xd)" -> name "CN_LOGIN" (new) and code "0xd" (new). */
static void
ch_name_code(const char *v, char **name, char **code)
{
	const char *open = strchr(v, '('), *close;
	size_t n;

	*code = NULL;
	n = open ? (size_t)(open - v) : strlen(v);
	while (n > 0 && v[n - 1] == ' ')
		n--;
	*name = xstrndup(v, n);
	if (open && (close = strchr(open, ')')) != NULL)
		*code = xstrndup(open + 1, (size_t)(close - open - 1));
}

/*
 * The time: "01/10/26 12:00:05.000123, usecs:1768046405000123".  Sets ts
 * from usecs; notes when the text disagrees by a second or more.
 */
static int
ch_time(const char *v, struct event *ev, struct diag *d)
{
	const char *u = strstr(v, "usecs:");
	struct diag why;
	int64_t us = 0, text_us;
	size_t i;

	if (u == NULL)
		return diag_set(d, "field 'Time' has no 'usecs:' ('%s')", v);
	u += 6;
	u += strspn(u, " ");
	for (i = 0; u[i] >= '0' && u[i] <= '9'; i++) {
		if (us > (INT64_MAX - (u[i] - '0')) / 10)
			return diag_set(d, "field 'Time': usecs out of range");
		us = us * 10 + (u[i] - '0');
	}
	if (i == 0 || (u[i] != '\0' && u[i] != ' '))
		return diag_set(d, "field 'Time': usecs is not a number ('%s')",
		    v);
	if (ts_from_epoch_int(us, TS_USEC, &ev->ts_us) < 0)
		return diag_set(d, "field 'Time': usecs out of range");
	ev->ts_flags = 0;
	event_set(&ev->ts_raw, v);
	diag_clear(&why);
	i = strcspn(v, ",");
	if (ts_parse_any(v, i, &text_us, NULL, &why) == 0 &&
	    (text_us - ev->ts_us >= 1000000 || ev->ts_us - text_us >= 1000000))
		event_attr_str(ev, "time_text_mismatch", v);
	return 0;
}

/* Failure from "163:HSM Error: RET_USER_LOGIN_FAILURE". */
static void
ch_response(const char *v, struct event *ev)
{
	const char *colon = strchr(v, ':'), *last;
	char *endp;
	long code;

	event_attr_str(ev, "response", v);
	code = strtol(v, &endp, 10);
	if (endp == v || endp != colon) {
		if (strstr(v, "SUCCESS") == NULL) {
			ev->failed = 1;
			event_set(&ev->error_message, v);
		}
		return;
	}
	event_attr(ev, "response_code", json_integer(code));
	if (code == 0)
		return;
	ev->failed = 1;
	last = strrchr(v, ':');
	last = last ? last + 1 : v;
	last += strspn(last, " ");
	event_set(&ev->error_code, *last ? last : v);
	event_set(&ev->error_message, colon + 1 + strspn(colon + 1, " "));
}

static void
ch_keep_seq(struct ch_state *st, const char *hsm, uint64_t reboot,
    uint64_t seq, int64_t us)
{
	struct ch_seq *s;

	ALLOC_GROW(st->seq, st->nseq + 1, st->aseq);
	s = &st->seq[st->nseq++];
	s->hsm = xstrdup(hsm);
	s->reboot = reboot;
	s->seq = seq;
	s->us = us;
}

/* Known fields that are mapped; the others go to attrs.other_fields. */
static int
ch_known(const struct ch_field *f)
{
	static const char *const known[] = {
		"Time", "Sequence No", "Reboot counter", "Command Type(hex)",
		"Opcode", "Session Handle", "Response", "Log type",
		"User Name", "User Type", "Priv/Secret Key Handle",
		"Public Key Handle", "Key Handle", NULL
	};
	size_t i;

	for (i = 0; known[i]; i++)
		if (f->klen == strlen(known[i]) &&
		    strncasecmp(f->key, known[i], f->klen) == 0)
			return 1;
	return 0;
}

/*
 * One block: fills ev and keeps the sequence number.  hsm: the HSM id.
 * Returns PARSE_OK (ev ready to emit), PARSE_SKIP or PARSE_ERR.
 */
static enum parse_rc
ch_block_event(const char *rec, size_t len, const char *hsm,
    struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	struct ch_state *st = pc->state;
	struct ch_block b;
	struct ch_sess *s;
	char *time = NULL, *seqt = NULL, *boot = NULL, *opv = NULL;
	char *op = NULL, *opcode = NULL, *handle = NULL, *resp = NULL;
	char *user = NULL, *utype = NULL, *priv = NULL, *pub = NULL;
	char *khandle = NULL, *ctype = NULL, *ltype = NULL, *skey = NULL;
	char *t;
	const char *action, *scope;
	uint64_t seq, reboot;
	enum parse_rc rc = PARSE_ERR;
	json_t *other = NULL;
	size_t i;

	if (ch_block_read(rec, len, &b, d) < 0)
		return PARSE_ERR;
	time = ch_get(&b, "Time");
	seqt = ch_get(&b, "Sequence No");
	boot = ch_get(&b, "Reboot counter");
	opv = ch_get(&b, "Opcode");
	if (time == NULL) {
		diag_set(d, "block has no 'Time'");
		goto out;
	}
	if (seqt == NULL) {
		diag_set(d, "block has no 'Sequence No'");
		goto out;
	}
	if (ch_hex(seqt, &seq) < 0) {
		diag_set(d, "field 'Sequence No' is not 0x<hex> ('%s')", seqt);
		goto out;
	}
	if (boot == NULL) {
		diag_set(d, "block has no 'Reboot counter'");
		goto out;
	}
	if (ch_hex(boot, &reboot) < 0) {
		diag_set(d, "field 'Reboot counter' is not 0x<hex> ('%s')",
		    boot);
		goto out;
	}
	if (opv == NULL || *opv == '\0') {
		diag_set(d, "block has no 'Opcode'");
		goto out;
	}
	if (ch_time(time, ev, d) < 0)
		goto out;
	/* every record counts for the sequence check, in scope or not */
	if (st)
		ch_keep_seq(st, hsm, reboot, seq, ev->ts_us);
	ch_name_code(opv, &op, &opcode);
	action = action_lookup(ch_ops, op, 0);
	if (action == NULL && !pc->all_events) {
		rc = PARSE_SKIP;
		goto out;
	}
	ev->source = "cloudhsm";
	ev->action = action ? action : "other";
	ev->operation = xasprintf("cloudhsm:%s", op);
	ev->native_id = xasprintf("%s/%s/%s/%" PRId64, hsm, boot, seqt,
	    ev->ts_us);
	handle = ch_get(&b, "Session Handle");
	if (handle) {
		t = xasprintf("%s/%s", hsm, handle);
		event_set(&ev->session, t);
		free(t);
	}
	resp = ch_get(&b, "Response");
	if (resp)
		ch_response(resp, ev);
	user = ch_get(&b, "User Name");
	utype = ch_get(&b, "User Type");
	s = ev->session && st ? ch_sess_find(st, ev->session) : NULL;
	if (strcmp(op, "CN_LOGIN") == 0 || strcmp(op, "CN_LOGOUT") == 0) {
		event_set(&ev->actor, user ? user : s ? s->user : NULL);
		event_attr_str(ev, "user_type", utype);
	} else {
		if (s)
			event_set(&ev->actor, s->user);
		event_attr_str(ev, "target_user", user);
		event_attr_str(ev, "target_user_type", utype);
	}
	if (s && s->type && ev->actor && strcmp(op, "CN_LOGIN") != 0 &&
	    strcmp(op, "CN_LOGOUT") != 0)
		event_attr_str(ev, "user_type", s->type);
	if (st && ev->session && strcmp(op, "CN_LOGIN") == 0 && !ev->failed &&
	    user) {
		if (s == NULL) {
			ALLOC_GROW(st->sess, st->nsess + 1, st->asess);
			s = &st->sess[st->nsess++];
			s->key = xstrdup(ev->session);
		} else {
			free(s->user);
			free(s->type);
		}
		s->user = xstrdup(user);
		s->type = utype ? xstrdup(utype) : NULL;
	}
	priv = ch_get(&b, "Priv/Secret Key Handle");
	pub = ch_get(&b, "Public Key Handle");
	khandle = ch_get(&b, "Key Handle");
	skey = priv ? priv : khandle ? khandle : pub;
	if (skey && *skey) {
		scope = st && st->cluster[0] ? st->cluster : hsm;
		t = xasprintf("cloudhsm:%s/%s", scope, skey);
		event_set(&ev->key_ref, t);
		free(t);
		event_set(&ev->key_raw, skey);
	}
	if (pub && skey != pub)
		event_attr_str(ev, "public_key_handle", pub);
	ctype = ch_get(&b, "Command Type(hex)");
	ltype = ch_get(&b, "Log type");
	event_attr_str(ev, "hsm", hsm);
	if (st && st->cluster[0])
		event_attr_str(ev, "cluster", st->cluster);
	event_attr_str(ev, "sequence_no", seqt);
	event_attr_str(ev, "reboot_counter", boot);
	event_attr_str(ev, "opcode_code", opcode);
	event_attr_str(ev, "command_type", ctype);
	event_attr_str(ev, "log_type", ltype);
	for (i = 0; i < b.n; i++) {
		if (ch_known(&b.f[i]))
			continue;
		if (other == NULL)
			other = json_object();
		t = xstrndup(b.f[i].key, b.f[i].klen);
		json_object_set_new(other, t, json_stringn(b.f[i].val,
		    b.f[i].vlen));
		free(t);
	}
	event_attr(ev, "other_fields", other);
	if (b.prefix_len > 0) {
		t = xstrndup(b.prefix, b.prefix_len);
		event_attr_str(ev, "export_timestamp", t);
		free(t);
	}
	if (st && ev->session && strcmp(op, "CN_LOGIN") != 0 &&
	    (strcmp(action ? action : "", "session.logout") == 0) && s) {
		free(s->user);
		s->user = NULL;
		free(s->type);
		s->type = NULL;
		free(s->key);
		*s = st->sess[--st->nsess];
	}
	rc = PARSE_OK;
out:
	free(time);
	free(seqt);
	free(boot);
	free(opv);
	free(op);
	free(opcode);
	free(handle);
	free(resp);
	free(user);
	free(utype);
	free(priv);
	free(pub);
	free(khandle);
	free(ctype);
	free(ltype);
	return rc;
}

static const char *
ch_hsm(const struct parse_ctx *pc)
{
	const struct ch_state *st = pc->state;

	return st && st->name_hsm[0] ? st->name_hsm : "unknown";
}

static enum parse_rc
ch_parse_text(const char *rec, size_t len, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	enum parse_rc rc;
	json_t *utf8;

	/* jansson refuses invalid UTF-8: the cheapest check at hand */
	if ((utf8 = json_stringn(rec, len)) == NULL)
		return diag_set(d, "block is not valid UTF-8 text");
	json_decref(utf8);
	rc = ch_block_event(rec, len, ch_hsm(pc), pc, ev, d);
	if (rc == PARSE_OK && pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return rc;
}

/* Certificate-storage audit record (a JSON message); see the top. */
static enum parse_rc
ch_cert_record(const json_t *m, const char *stream, struct parse_ctx *pc,
    struct event *ev, struct diag *d)
{
	const struct ch_state *st = pc->state;
	const char *op = jstr(m, "op_code"), *resp = jstr(m, "response");
	const char *action = NULL, *scope;
	const json_t *h = json_object_get(m, "object_handle");
	const json_t *ts = json_object_get(m, "timestamp");
	char *t;

	if (op == NULL)
		return diag_set(d, "certificate-storage record has no string "
		    "'op_code'");
	if (!json_is_integer(ts))
		return diag_set(d, "certificate-storage record: 'timestamp' "
		    "is not an integer");
	if (strcmp(op, "CreateObject") == 0)
		action = "pki.cert";
	else if (strcmp(op, "SetAttributeValues") == 0)
		action = "key.policy";
	else if (strcmp(op, "DestroyObject") == 0)
		action = "key.delete";
	if (action == NULL && !pc->all_events)
		return PARSE_SKIP;
	if (ts_from_epoch_int(json_integer_value(ts), TS_MSEC,
	    &ev->ts_us) < 0)
		return diag_set(d, "certificate-storage record: 'timestamp' "
		    "out of range");
	t = json_dumps(ts, JSON_ENCODE_ANY);
	event_set(&ev->ts_raw, t);
	free(t);
	ev->source = "cloudhsm";
	ev->action = action ? action : "other";
	ev->operation = xasprintf("cloudhsm:cert:%s", op);
	if (resp && strcmp(resp, "OK") != 0) {
		ev->failed = 1;
		event_set(&ev->error_code, resp);
	}
	if (json_is_integer(h)) {
		scope = st && st->cluster[0] ? st->cluster : stream;
		t = xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(h));
		event_set(&ev->key_raw, t);
		free(t);
		t = xasprintf("cloudhsm:%s/%s", scope, ev->key_raw);
		event_set(&ev->key_ref, t);
		free(t);
	}
	if (json_is_array(json_object_get(m, "attributes")))
		event_attr(ev, "attributes", json_deep_copy(
		    json_object_get(m, "attributes")));
	event_attr_str(ev, "certificate_storage", "true");
	return PARSE_OK;
}

static enum parse_rc
ch_parse_json(json_t *rec, struct parse_ctx *pc, struct event *ev,
    struct diag *d)
{
	const char *stream = jstr(rec, "logStreamName");
	const char *msg = jstr(rec, "message"), *eid;
	const json_t *ts, *ing;
	json_t *m;
	json_error_t jerr;
	enum parse_rc rc;
	char *t;

	if (!json_is_object(rec))
		return diag_set(d, "record is not a JSON object");
	if (msg == NULL)
		return diag_set(d, json_object_get(rec, "message") ?
		    "'message' is not a string" : "record has no 'message'");
	if (stream == NULL && json_object_get(rec, "logStreamName"))
		return diag_set(d, "'logStreamName' is not a string");
	if (stream == NULL)
		stream = ch_hsm(pc);
	if (msg[strspn(msg, " \t\r\n")] == '{') {
		m = json_load_record(msg, strlen(msg), &jerr);
		if (m == NULL)
			return diag_set(d, "'message' is not valid JSON: %s",
			    jerr.text);
		rc = json_is_object(m) ? ch_cert_record(m, stream, pc, ev, d) :
		    diag_set(d, "'message' is not a JSON object");
		json_decref(m);
	} else {
		rc = ch_block_event(msg, strlen(msg), stream, pc, ev, d);
	}
	if (rc != PARSE_OK)
		return rc;
	eid = jstr(rec, "eventId");
	event_attr_str(ev, "log_stream", stream);
	event_attr_str(ev, "cwl_event_id", eid);
	ts = json_object_get(rec, "timestamp");
	ing = json_object_get(rec, "ingestionTime");
	event_attr_int(ev, "cwl_timestamp_ms", ts);
	event_attr_int(ev, "cwl_ingestion_ms", ing);
	if (ev->native_id == NULL && eid) {
		t = xasprintf("cwl:%s", eid);
		event_set(&ev->native_id, t);
		free(t);
	}
	if (pc->emit(pc->emit_arg, ev) < 0)
		return PARSE_FATAL;
	return PARSE_OK;
}

static int
ch_seq_cmp(const void *a, const void *b)
{
	const struct ch_seq *x = a, *y = b;
	int c = strcmp(x->hsm, y->hsm);

	if (c)
		return c;
	if (x->reboot != y->reboot)
		return x->reboot < y->reboot ? -1 : 1;
	if (x->us != y->us)
		return x->us < y->us ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return 0;
}

/* One finding between records p and q of the same HSM and reboot. */
static int
ch_emit_finding(struct parse_ctx *pc, struct event *ev,
    const struct ch_seq *p, const struct ch_seq *q, int reset)
{
	char t[TS_BUFSZ], n[24];
	uint64_t missing = q->seq - p->seq - 1;

	event_init(ev);
	ev->source = "cloudhsm";
	ev->action = "audit.integrity";
	ev->operation = xstrdup(reset ? "cloudhsm:sequence_reset" :
	    "cloudhsm:sequence_gap");
	ev->failed = 1;
	event_set(&ev->error_code, reset ? "sequence_reset" : "sequence_gap");
	ev->ts_us = p->us;
	ev->end_us = q->us;
	snprintf(n, sizeof(n), "%" PRId64, p->us);
	event_set(&ev->ts_raw, n);
	if (reset) {
		ev->error_message = xasprintf("Sequence No went back from "
		    "0x%" PRIx64 " to 0x%" PRIx64 " on %s without a reboot "
		    "(reboot counter 0x%" PRIx64 ")", p->seq, q->seq, p->hsm,
		    p->reboot);
		ev->native_id = xasprintf("%s/0x%" PRIx64 "/reset/0x%" PRIx64
		    "-0x%" PRIx64 "/%" PRId64, p->hsm, p->reboot, p->seq,
		    q->seq, q->us);
	} else {
		ev->error_message = xasprintf("%" PRIu64 " record%s missing on "
		    "%s: Sequence No jumps from 0x%" PRIx64 " to 0x%" PRIx64
		    " (reboot counter 0x%" PRIx64 ")", missing,
		    missing == 1 ? "" : "s", p->hsm, p->seq, q->seq,
		    p->reboot);
		ev->native_id = xasprintf("%s/0x%" PRIx64 "/gap/0x%" PRIx64
		    "-0x%" PRIx64, p->hsm, p->reboot, p->seq, q->seq);
		event_attr(ev, "missing", json_integer((json_int_t)missing));
	}
	snprintf(n, sizeof(n), "0x%" PRIx64, p->seq + 1);
	event_attr_str(ev, "expected_sequence", n);
	snprintf(n, sizeof(n), "0x%" PRIx64, q->seq);
	event_attr_str(ev, "found_sequence", n);
	snprintf(n, sizeof(n), "0x%" PRIx64, p->seq);
	event_attr_str(ev, "previous_sequence", n);
	snprintf(n, sizeof(n), "0x%" PRIx64, p->reboot);
	event_attr_str(ev, "reboot_counter", n);
	event_attr_str(ev, "hsm", p->hsm);
	event_attr_str(ev, "previous_time", ts_format(p->us, t));
	event_attr_str(ev, "next_time", ts_format(q->us, t));
	event_attr_str(ev, "check", reset ? "sequence_reset" : "sequence_gap");
	return parse_emit_clear(pc, ev);
}

static int
ch_finish(struct parse_ctx *pc, struct event *ev, struct diag *d)
{
	struct ch_state *st = pc->state;
	const struct ch_seq *p, *q;
	size_t i;

	if (st == NULL || st->nseq < 2)
		return 0;
	qsort(st->seq, st->nseq, sizeof(st->seq[0]), ch_seq_cmp);
	for (i = 1; i < st->nseq; i++) {
		p = &st->seq[i - 1];
		q = &st->seq[i];
		if (strcmp(p->hsm, q->hsm) != 0 || p->reboot != q->reboot)
			continue;
		if (q->seq == p->seq && q->us == p->us)
			continue;	/* the same record twice */
		if (q->seq == p->seq + 1)
			continue;
		if (ch_emit_finding(pc, ev, p, q, q->seq <= p->seq) < 0)
			return -1;
	}
	return 0;
}

static int
ch_probe_text(const char *head, size_t len, const char *name)
{
	if (memmem(head, len, "Time:", 5) && memmem(head, len, "usecs:", 6) &&
	    memmem(head, len, "Sequence No", 11) &&
	    memmem(head, len, "Reboot counter", 14))
		return 90;
	return 0;
}

static int
ch_probe_json(const char *head, size_t len, const char *name)
{
	if (!memmem(head, len, "\"logStreamName\"", 15) ||
	    !memmem(head, len, "\"message\"", 9))
		return 0;
	if (memmem(head, len, "Sequence No", 11) &&
	    memmem(head, len, "Reboot counter", 14))
		return 92;
	if (memmem(head, len, "op_code", 7) &&
	    memmem(head, len, "object_handle", 13))
		return 85;
	return 0;
}

static const char *const ch_containers[] = { "events", NULL };

const struct parser parser_cloudhsm = {
	.name = "cloudhsm",
	.desc = "AWS CloudHSM audit log as text blocks (CloudWatch Logs "
	    "export to S3, saved messages); sequence gaps checked",
	.howto = "aws logs create-export-task --log-group-name "
	    "/aws/cloudhsm/<cluster> --destination <bucket> "
	    "--destination-prefix cloudhsm/<cluster> (keep the "
	    "<task>/<hsm id>/ paths)",
	.kind = INPUT_TEXT,
	.probe = ch_probe_text,
	.split = ch_split,
	.parse_text = ch_parse_text,
	.state_new = ch_state_new,
	.state_free = ch_state_free,
	.finish = ch_finish,
};

const struct parser parser_cloudhsm_cwl = {
	.name = "cloudhsm-cwl",
	.desc = "AWS CloudHSM audit log from aws logs filter-log-events / "
	    "get-log-events (JSON); sequence gaps checked",
	.howto = "aws logs filter-log-events --log-group-name "
	    "/aws/cloudhsm/<cluster> --output json > "
	    "cloudhsm-<cluster>-events.json",
	.kind = INPUT_JSON,
	.container_keys = ch_containers,
	.probe = ch_probe_json,
	.parse_json = ch_parse_json,
	.state_new = ch_state_new,
	.state_free = ch_state_free,
	.finish = ch_finish,
};
