/* SPDX-License-Identifier: MIT */
/*
 * event.c - life cycle of struct event and the action vocabulary.
 */
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "xalloc.h"

/*
 * The vocabulary of DESIGN.md section 4, plus "other" for records outside
 * the signing scope that --all-events keeps.  Stable: rules and reports
 * match on these words.
 */
const char *const event_actions[] = {
	"sign", "verify", "key.read", "key.create", "key.enable",
	"key.disable", "key.delete", "key.policy", "key.grant", "key.alias",
	"key.import", "session.assume", "session.login", "session.logout",
	"iam.policy", "iam.trust", "iam.credential", "audit.config",
	"ci.run", "ci.job", "ci.step", "publish", "publish.delete",
	"publish.signature", "tlog.entry", "vcs.commit", "vcs.tag",
	"pki.cert", "pki.revoke", "pki.timestamp", "audit.integrity",
	"other", NULL
};

const char *
event_action(const char *word)
{
	size_t i;

	for (i = 0; event_actions[i]; i++)
		if (strcmp(event_actions[i], word) == 0)
			return event_actions[i];
	return NULL;
}

void
event_init(struct event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->ts_us = EVENT_NO_TIME;
	ev->end_us = EVENT_NO_TIME;
}

void
event_clear(struct event *ev)
{
	char **strs[] = {
		&ev->ts_raw, &ev->operation, &ev->error_code,
		&ev->error_message, &ev->actor, &ev->session, &ev->key_ref,
		&ev->key_raw, &ev->digest, &ev->artifact, &ev->version,
		&ev->repo, &ev->ref, &ev->commit_sha, &ev->run_ref,
		&ev->job_ref, &ev->runner, &ev->src_ip, &ev->user_agent,
		&ev->native_id,
	};
	size_t i;

	for (i = 0; i < sizeof(strs) / sizeof(strs[0]); i++)
		free(*strs[i]);
	json_decref(ev->attrs);
	event_init(ev);
}

void
event_reset_keep_raw(struct event *ev)
{
	const void *raw = ev->raw;
	size_t raw_len = ev->raw_len;

	event_clear(ev);
	ev->raw = raw;
	ev->raw_len = raw_len;
}

void
event_set(char **field, const char *s)
{
	free(*field);
	*field = (s && *s) ? xstrdup(s) : NULL;
}

void
event_attr(struct event *ev, const char *key, json_t *value)
{
	if (value == NULL)
		return;
	if (ev->attrs == NULL)
		ev->attrs = json_object();
	json_object_set_new(ev->attrs, key, value);
}

void
event_attr_str(struct event *ev, const char *key, const char *s)
{
	if (s)
		event_attr(ev, key, json_string(s));
}

void
event_attr_int(struct event *ev, const char *key, const json_t *v)
{
	if (json_is_integer(v))
		event_attr(ev, key, json_integer(json_integer_value(v)));
}

void
event_attr_bool(struct event *ev, const char *key, const json_t *v)
{
	if (json_is_boolean(v))
		event_attr(ev, key, json_boolean(json_is_true(v)));
}

void
event_attr_copy(struct event *ev, const char *key, const json_t *v)
{
	if (v && !json_is_null(v))
		event_attr(ev, key, json_deep_copy(v));
}
