/* SPDX-License-Identifier: MIT */
/*
 * policy.h - what the analyst says is legitimate: the keys in scope, the
 * principals allowed to sign, the release pipelines, the source networks
 * signing may come from, the git paths that matter, the clock skew.  Read
 * from an optional JSON file (correlate --policy); whatever it leaves out
 * is inferred from the case by correlate and printed as inferred.
 *
 * Policy file (every member optional):
 *   {
 *     "keys": [ { "label": "widget-release",
 *                 "refs": ["alias/widget-release", "arn:aws:kms:..."],
 *                 "public_keys": ["spki-sha256:<hex>"] } ],
 *     "signers": [ "arn:aws:iam::1:role/release-signer",
 *                  { "regex": "^arn:aws:iam::[0-9]+:role/.*-signer$" } ],
 *     "pipelines": [ { "repo": "acme/widget",
 *                      "workflow": ".github/workflows/release.yml",
 *                      "refs": ["refs/tags/v?*"],
 *                      "runners": ["GitHub Actions *"] } ],
 *     "networks": ["20.0.0.0/8"],
 *     "signing_paths": [".github/workflows/release.yml", "scripts/sign*"],
 *     "skew": 120
 *   }
 * Patterns in refs, runners and signing_paths are shell globs (fnmatch);
 * signers are exact strings or {"regex": PCRE2}.
 */
#ifndef POLICY_H
#define POLICY_H

#include <jansson.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

struct buf;

struct policy_key {
	char		*label;
	char		**refs;		/* NULL-terminated */
	char		**public_keys;	/* NULL-terminated */
};

struct policy_signer {
	char		*exact;		/* or */
	char		*regex;
	pcre2_code	*re;
};

struct policy_pipeline {
	char		*repo;
	char		*workflow;	/* NULL: any */
	char		**refs;		/* globs; NULL: any */
	char		**runners;	/* globs; NULL: any */
};

struct policy {
	struct policy_key	*keys;
	size_t			 nkeys;
	struct policy_signer	*signers;
	size_t			 nsigners;
	struct policy_pipeline	*pipelines;
	size_t			 npipelines;
	char			**networks;	/* CIDRs, NULL-terminated */
	char			**signing_paths;/* globs, NULL-terminated */
	int64_t			 skew_s;	/* -1: not given */
	int			 from_file;	/* a file was read */
};

void	policy_init(struct policy *p);
void	policy_release(struct policy *p);
/*
 * Reads path into p.  Returns 0, or -1 with the message in err (file,
 * JSON path and what was expected).
 */
int	policy_load(struct policy *p, const char *path, struct buf *err);
/* Loads from a JSON text (tests, fuzzing); name is used in messages. */
int	policy_load_text(struct policy *p, const char *text, size_t len,
	    const char *name, struct buf *err);

/* Whether principal is an authorized signer (1), not (0). */
int	policy_signer_ok(const struct policy *p, const char *principal);
/* Whether ip (text) falls inside one of the networks; -1 if none given. */
int	policy_network_ok(const struct policy *p, const char *ip);
/* The pipeline that repo/workflow/ref match (workflow NULL: unknown,
 * not checked), or NULL. */
const struct policy_pipeline *policy_pipeline_for(const struct policy *p,
	    const char *repo, const char *workflow, const char *ref);
int	policy_runner_ok(const struct policy_pipeline *pl, const char *runner);
int	policy_path_matches(const struct policy *p, const char *path);
/* The policy as JSON (new reference), for the record of a correlation. */
json_t	*policy_to_json(const struct policy *p);

#endif
