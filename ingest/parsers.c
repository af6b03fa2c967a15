/* SPDX-License-Identifier: MIT */
/*
 * parsers.c - the one table of input formats.  Adding a format is one new
 * parse_<format>.c and one line here.  Order matters only for equal probe
 * scores: the earlier parser wins.
 */
#include <string.h>

#include "parser.h"

const struct parser *const parsers[] = {
	/* cloud audit logs */
	&parser_cloudtrail,
	/* key services: GCP KMS, Azure Key Vault, Vault */
	&parser_gcp_audit,
	&parser_azure_keyvault,
	&parser_vault_audit,
	/* HSM audit trails and PKCS#11 traces */
	&parser_cloudhsm,
	&parser_cloudhsm_cwl,
	&parser_yubihsm,
	&parser_luna,
	&parser_pkcs11_spy,
	/* PKI: certificates, CRLs, RFC 3161 timestamps */
	&parser_x509,
	&parser_crl,
	&parser_rfc3161,
	/* CI history: GitHub Actions, GitLab, Jenkins */
	&parser_github_actions,
	&parser_github_audit,
	&parser_gitlab_ci,
	&parser_jenkins,
	/* registries and releases */
	&parser_docker_registry,
	&parser_docker_registry_http,
	&parser_harbor,
	&parser_npm,
	&parser_pypi,
	&parser_github_releases,
	&parser_artifactory,
	/* transparency logs and version control */
	&parser_rekor,
	&parser_sigstore_bundle,
	&parser_git_log,
	NULL
};

const struct parser *
parser_find(const char *name)
{
	size_t i;

	for (i = 0; parsers[i]; i++)
		if (strcmp(parsers[i]->name, name) == 0)
			return parsers[i];
	return NULL;
}

/* Whether head starts (after white space and a BOM) like JSON text. */
static int
looks_like_json(const char *head, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && strchr(" \t\r\n", head[i]) && head[i] != '\0')
		i++;
	return i < len && (head[i] == '{' || head[i] == '[');
}

const struct parser *
parser_detect(const char *head, size_t len, const char *name, int *score)
{
	const struct parser *best = NULL;
	int best_score = 0, s, json = looks_like_json(head, len);
	size_t i;

	for (i = 0; parsers[i]; i++) {
		if (parsers[i]->kind == INPUT_JSON && !json)
			continue;
		s = parsers[i]->probe(head, len, name);
		if (s > best_score) {
			best_score = s;
			best = parsers[i];
		}
	}
	if (score)
		*score = best_score;
	return best;
}
