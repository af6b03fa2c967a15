/* SPDX-License-Identifier: MIT */
/*
 * html.c - "sigtrail report html -o FILE": the case in one self-contained
 * HTML page (DESIGN.md section 7) for the post-incident reviewer.
 *
 * The page: the summary figures; an SVG timeline of the signing
 * operations against CI runs and publishes (the whole signing period, and
 * the hours around the unaccounted signatures); the signatures to explain
 * (unaccounted and partial, with source address and user agent); the
 * findings by severity; the provenance table; the revocation what-if of
 * every key in scope; the review figures and tables.  The provenance,
 * revocation and review sections are those reports' own JSON (run into
 * memory and parsed), so the page says exactly what they say.
 *
 * Long tables are cut, with a note naming the command that prints them
 * whole: 500 rows per table (per severity for the findings), 5000 for
 * the provenance table.
 *
 * Keys in scope are the review's (the keys of the verdicts, or those
 * --key names).  A key gets a what-if when it has an unaccounted
 * signature (report revocation --revoke-at auto); a key already covered
 * by an earlier key's what-if (one of its key_refs) is not repeated.
 * --detected-at goes to the review; --from and --to do not apply (a
 * warning); --format is not used.
 *
 * Safety.  Everything taken from the case goes through html_escape()
 * (html_escape.c), in text and in attribute values alike; class names
 * come from fixed lists only.  No script, no external resource: styles
 * are inline, the charts are inline SVG, and a Content-Security-Policy
 * of default-src 'none' forbids fetching anything even if a value
 * escaped.  Internal links (#section) only.
 *
 * Determinism.  No clock is read: the "case as of" line is the time of
 * the case's last run (the runs table).  Charts are laid out in integer
 * tenths of a pixel from the event times.  The same case gives the same
 * bytes.
 *
 * Timeline.  The x axis spans the signing operations and the denied
 * signing attempts of the keys in scope (padded); CI runs and publishes
 * outside it are counted in the caption, not drawn.  Signatures are
 * binned by 4 px columns, one dot per verdict and column (its size grows
 * with the count; its title gives the count and the times), so a few
 * thousand signatures stay readable; CI runs are bars (overlapping ones
 * merged, runs that signed drawn darker); publishes are ticks, binned
 * like the dots.  Vertical lines mark detection (when given) and the
 * first containment action.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "err.h"
#include "html_escape.h"
#include "report.h"
#include "sigtrail.h"
#include "timeutil.h"
#include "writer.h"
#include "xalloc.h"

#define NOTIME		INT64_MIN
/* Rows shown per table (the rest are counted, with the command for all). */
#define ROWS_MAX	500
#define PROV_ROWS_MAX	5000
#define HOUR_US		(3600 * (int64_t)1000000)
#define DAY_US		(24 * HOUR_US)

/* Chart geometry, in px (the SVG's user units). */
#define SVG_W		1200
#define PLOT_X0		150
#define PLOT_X1		1180
#define BIN_PX		4
#define Y_UNACC		30
#define Y_PARTIAL	48
#define Y_ACC		66
#define Y_DENIED	84
#define Y_RUNS		100
#define Y_PUB		122
#define Y_AXIS		148
#define SVG_H		170

enum cls { CL_UNACC, CL_PARTIAL, CL_ACC, CL_DENIED, CL_PUB, CL_N };
static const char *const cls_css[] = { "u", "p", "a", "d", "pub" };
static const char *const cls_what[] = {
	"unaccounted signature", "partial signature", "accounted signature",
	"denied signing attempt", "publish event"
};

static const char *const severities[] = {
	"critical", "high", "medium", "low", "info"
};
static const char *const verdicts[] = {
	"unaccounted", "partial", "accounted"
};

static const char css[] =
":root{--fg:#1f2328;--muted:#59636e;--line:#d8dee4;--soft:#f6f8fa;"
"--red:#cf222e;--orange:#d1561b;--green:#1a7f37;--blue:#0969da;"
"--purple:#8250df;--grey:#6e7781}\n"
"*{box-sizing:border-box}\n"
"body{margin:0;font:14px/1.45 -apple-system,\"Segoe UI\",Roboto,"
"\"Helvetica Neue\",Arial,sans-serif;color:var(--fg);background:#fff}\n"
"main{max-width:1360px;margin:0 auto;padding:22px 28px 48px}\n"
"header{border-bottom:1px solid var(--line);padding-bottom:10px}\n"
"h1{font-size:24px;margin:0 0 4px}\n"
"h2{font-size:19px;margin:34px 0 10px;padding-bottom:6px;"
"border-bottom:1px solid var(--line)}\n"
"h3{font-size:15px;margin:22px 0 8px}\n"
"p{margin:6px 0}\n"
".meta{color:var(--muted);margin:2px 0}\n"
"nav{margin-top:8px}\n"
"nav a{color:var(--blue);text-decoration:none;margin-right:16px}\n"
".cards{display:grid;grid-template-columns:repeat(auto-fill,"
"minmax(160px,1fr));gap:12px;margin-top:14px}\n"
".card{border:1px solid var(--line);border-radius:8px;padding:11px 14px;"
"background:var(--soft)}\n"
".card .k{color:var(--muted);font-size:11.5px;text-transform:uppercase;"
"letter-spacing:.05em}\n"
".card .v{font-size:22px;font-weight:600;margin:1px 0 2px;"
"white-space:nowrap}\n"
".card .n{font-size:12px;color:var(--muted);overflow-wrap:anywhere}\n"
".bar{display:flex;height:8px;border-radius:4px;overflow:hidden;"
"margin:6px 0 4px;background:#e6e9ed}\n"
".bar i{display:block}\n"
".wrap{overflow-x:auto}\n"
"table{border-collapse:collapse;width:100%;font-size:12.5px;"
"margin:6px 0 14px}\n"
"th{text-align:left;background:var(--soft);border-bottom:2px solid "
"var(--line);padding:5px 8px;white-space:nowrap;font-weight:600}\n"
"td{border-bottom:1px solid var(--line);padding:4px 8px;"
"vertical-align:top;overflow-wrap:anywhere}\n"
"tbody tr:hover td{background:#f3f6fa}\n"
"td.t{white-space:nowrap;font-variant-numeric:tabular-nums}\n"
"td.k{min-width:11em}td.x{min-width:22em}td.m{min-width:9em}\n"
"td.r{text-align:right;font-variant-numeric:tabular-nums}\n"
"td.ip{white-space:nowrap}\n"
"td.m,td.ip,code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"
"monospace;font-size:11.5px}\n"
".badge{display:inline-block;padding:1px 8px;border-radius:10px;"
"font-size:11.5px;font-weight:600;color:#fff;white-space:nowrap}\n"
".v-accounted{background:var(--green)}\n"
".v-partial{background:var(--orange)}\n"
".v-unaccounted{background:var(--red)}\n"
".s-critical{background:#82071e}.s-high{background:var(--red)}"
".s-medium{background:var(--orange)}.s-low{background:#9a6700}"
".s-info{background:var(--grey)}\n"
".yes{color:var(--green);font-weight:600;white-space:nowrap}"
".no{color:var(--red);font-weight:600;white-space:nowrap}\n"
"tr.chosen td{background:#fff8c5}\n"
".conclusion{border-left:4px solid var(--blue);background:var(--soft);"
"padding:6px 14px;margin:10px 0}\n"
"dl.fig{display:grid;grid-template-columns:max-content 1fr;"
"gap:4px 20px;margin:8px 0 14px}\n"
"dl.fig dt{color:var(--muted)}dl.fig dd{margin:0}\n"
".empty{color:var(--muted);font-style:italic}\n"
".chart{border:1px solid var(--line);border-radius:8px;padding:8px;"
"margin:8px 0}\n"
".chart svg{width:100%;height:auto;display:block}\n"
".legend{font-size:12px;color:var(--muted);margin:4px 0 0}\n"
".legend span{margin-right:16px;white-space:nowrap}\n"
".legend i{display:inline-block;width:10px;height:10px;"
"border-radius:50%;margin-right:5px;vertical-align:-1px}\n"
"svg text{font-size:11px;fill:#59636e}\n"
"svg .lbl{font-size:11.5px;fill:#1f2328}\n"
"svg .grid{stroke:#eaeef2;stroke-width:1}\n"
"svg .axis{stroke:#8c959f;stroke-width:1}\n"
"svg .u{fill:#cf222e;fill-opacity:.85}\n"
"svg .p{fill:#d1561b;fill-opacity:.85}\n"
"svg .a{fill:#1a7f37;fill-opacity:.8}\n"
"svg .d{fill:none;stroke:#6e7781;stroke-width:1.5}\n"
"svg .run{fill:#b6d4fe}\n"
"svg .rs{fill:#0969da}\n"
"svg .pub{stroke:#8250df;stroke-width:2}\n"
"svg .mk{stroke:#82071e;stroke-width:1.5;stroke-dasharray:4 3}\n"
"svg .mkd{stroke:#9a6700;stroke-width:1.5;stroke-dasharray:4 3}\n"
"svg .mkt{font-size:10.5px;fill:#82071e}\n"
"footer{margin-top:40px;color:var(--muted);font-size:12px;"
"border-top:1px solid var(--line);padding-top:10px}\n";

struct page {
	struct report_args	*ra;
	sqlite3			*db;
	struct buf		 out;		/* the page */
	struct buf		 tmp;
	int			 partial;	/* a part is missing */
	json_t			*review;	/* report review's JSON */
	json_t			*prov;		/* report provenance's JSON */
	char			*keys_json;	/* key refs in scope */
	int64_t			 detected_us, contained_us;
};

/* ---- markup ---- */

/* Literal markup (never a value from the case). */
static void
put(struct page *p, const char *s)
{
	buf_addstr(&p->out, s);
}

/* Markup with numbers; %s only for literals and fixed lists. */
static void
putf(struct page *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
putf(struct page *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&p->out, fmt, ap);
	va_end(ap);
}

/* A value from the case, escaped. */
static void
esc(struct page *p, const char *s)
{
	html_escape_str(&p->out, s);
}

static void
td(struct page *p, const char *cls, const char *s)
{
	if (cls)
		putf(p, "<td class=\"%s\">", cls);
	else
		put(p, "<td>");
	esc(p, s);
	put(p, "</td>");
}

static void
td_int(struct page *p, json_int_t v)
{
	putf(p, "<td class=\"r\">%" JSON_INTEGER_FORMAT "</td>", v);
}

static void
thead(struct page *p, const char *const *cols, size_t n)
{
	size_t i;

	put(p, "<thead><tr>");
	for (i = 0; i < n; i++)
		putf(p, "<th>%s</th>", cols[i]);
	put(p, "</tr></thead>\n<tbody>\n");
}

/* Index of s in list, or -1. */
static int
lookup(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if (strcmp(list[i], s) == 0)
			return (int)i;
	return -1;
}

static void
verdict_badge(struct page *p, const char *v)
{
	int i = lookup(verdicts, 3, v);

	if (i < 0) {
		esc(p, v);
		return;
	}
	putf(p, "<span class=\"badge v-%s\">%s</span>", verdicts[i],
	    verdicts[i]);
}

static void
severity_badge(struct page *p, const char *s)
{
	int i = lookup(severities, 5, s);

	if (i < 0) {
		esc(p, s);
		return;
	}
	putf(p, "<span class=\"badge s-%s\">%s</span>", severities[i],
	    severities[i]);
}

/*
 * A long identifier shortened for a cell, whole in its title: printable
 * ASCII longer than max is cut to max - 1 characters and an ellipsis.
 */
static void
short_value(struct page *p, const char *s, size_t max)
{
	size_t i, n;

	if (s == NULL)
		return;
	n = strlen(s);
	for (i = 0; i < n; i++)
		if (s[i] < 0x20 || s[i] > 0x7e)
			break;
	if (n <= max || i < n) {
		esc(p, s);
		return;
	}
	put(p, "<span title=\"");
	esc(p, s);
	put(p, "\">");
	html_escape(&p->out, s, max - 1);
	put(p, "\xe2\x80\xa6</span>");
}

/* ---- JSON of the other reports ---- */

static const char *
js(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_int_t
ji(const json_t *o, const char *k)
{
	return json_integer_value(json_object_get(o, k));
}

static int64_t
jtime_us(const json_t *o, const char *k)
{
	const char *s = js(o, k);
	unsigned fl;
	int64_t us;

	if (s == NULL || ts_parse_iso(s, strlen(s), &us, &fl, NULL) < 0)
		return NOTIME;
	return us;
}

/*
 * Runs report fn with the json writer into memory and parses what it
 * wrote.  Returns the JSON (new) or NULL with *rc the report's status.
 */
static json_t *
run_json(struct page *p, int (*fn)(struct report_args *),
    const char *key, int *rc)
{
	struct report_args sub;
	json_error_t je;
	char *mem = NULL;
	size_t len = 0;
	json_t *j;

	memset(&sub, 0, sizeof(sub));
	sub.db = p->db;
	sub.w = &writer_json;
	sub.from_us = INT64_MIN;
	sub.to_us = INT64_MAX;
	sub.key = key;
	sub.detected_at = p->ra->detected_at;
	sub.now_us = p->ra->now_us;
	sub.fp = open_memstream(&mem, &len);
	if (sub.fp == NULL) {
		*rc = error("report html: cannot open a memory stream: %m");
		return NULL;
	}
	*rc = fn(&sub);
	if (fclose(sub.fp) != 0 && *rc == 0)
		*rc = error("report html: cannot write to memory: %m");
	if (*rc != 0) {
		free(mem);
		return NULL;
	}
	j = json_loadb(mem, len, 0, &je);
	free(mem);
	if (j == NULL)
		*rc = error("report html: cannot read a report's JSON: %s",
		    je.text);
	return j;
}

static int
dberr(struct page *p)
{
	return error("report html: %s", sqlite3_errmsg(p->db));
}

/* ---- header and summary ---- */

static int
header(struct page *p)
{
	sqlite3_stmt *s = NULL;
	const json_t *k;
	size_t i;

	put(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\""
	    "default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"generator\" content=\"sigtrail "
	    SIGTRAIL_VERSION "\">\n<title>sigtrail report: ");
	json_array_foreach(json_object_get(p->review, "keys"), i, k) {
		if (i)
			put(p, "; ");
		esc(p, js(k, "label"));
	}
	if (i == 0)
		put(p, "no signing key");
	put(p, "</title>\n<style>\n");
	put(p, css);
	put(p, "</style>\n</head>\n<body>\n<main>\n<header>\n"
	    "<h1>Signing-key incident report</h1>\n<p class=\"meta\">Keys in "
	    "scope: ");
	json_array_foreach(json_object_get(p->review, "keys"), i, k) {
		if (i)
			put(p, "; ");
		put(p, "<b>");
		esc(p, js(k, "label"));
		put(p, "</b>");
	}
	if (i == 0)
		put(p, "<span class=\"empty\">none (no signing operation)"
		    "</span>");
	put(p, "</p>\n<p class=\"meta\">Case as of its last run, ");
	if (sqlite3_prepare_v2(p->db, "SELECT started_at, command FROM runs"
	    " ORDER BY id DESC LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return dberr(p);
	if (sqlite3_step(s) == SQLITE_ROW) {
		put(p, "<time class=\"run\">");
		esc(p, (const char *)sqlite3_column_text(s, 0));
		put(p, "</time> (");
		esc(p, (const char *)sqlite3_column_text(s, 1));
		put(p, ")");
	} else {
		put(p, "<time class=\"run\">unknown</time>");
	}
	sqlite3_finalize(s);
	put(p, " &middot; sigtrail " SIGTRAIL_VERSION "</p>\n<nav>"
	    "<a href=\"#summary\">Summary</a><a href=\"#timeline\">Timeline</a>"
	    "<a href=\"#concern\">Signatures to explain</a>"
	    "<a href=\"#findings\">Findings</a>"
	    "<a href=\"#provenance\">Provenance</a>"
	    "<a href=\"#revocation\">Revocation</a>"
	    "<a href=\"#review\">Review</a></nav>\n</header>\n");
	return 0;
}

static void
card_begin(struct page *p, const char *title)
{
	putf(p, "<div class=\"card\"><div class=\"k\">%s</div>", title);
}

static void
duration_card(struct page *p, const char *title, const json_t *v,
    const char *note_lit, const char *note)
{
	struct buf b = BUF_INIT;

	card_begin(p, title);
	put(p, "<div class=\"v\">");
	if (json_is_integer(v)) {
		review_duration_text(json_integer_value(v) * 1000000, &b);
		esc(p, b.s);
		buf_release(&b);
	} else {
		put(p, "&ndash;");
	}
	put(p, "</div><div class=\"n\">");
	if (note_lit)
		put(p, note_lit);
	esc(p, note);
	put(p, "</div></div>\n");
}

static int
summary(struct page *p)
{
	static const char *const vcol[] = { "#cf222e", "#d1561b", "#1a7f37" };
	sqlite3_stmt *s = NULL;
	const json_t *sig = json_object_get(p->review, "signatures");
	const json_t *fu = json_object_get(p->review, "first_unaccounted");
	const json_t *lu = json_object_get(p->review, "last_unaccounted");
	const json_t *fc = json_object_get(p->review, "first_containment");
	const json_t *at = json_object_get(p->review,
	    "attempts_after_containment");
	const json_t *o;
	json_int_t total, n[3], nsev[5], nf = 0, nev = 0, nitems = 0;
	size_t i;
	int k;

	total = ji(sig, "total");
	n[0] = ji(sig, "unaccounted");
	n[1] = ji(sig, "partial");
	n[2] = ji(sig, "accounted");
	memset(nsev, 0, sizeof(nsev));
	if (sqlite3_prepare_v2(p->db, "SELECT severity, count(*) FROM"
	    " findings GROUP BY severity", -1, &s, NULL) != SQLITE_OK)
		return dberr(p);
	while (sqlite3_step(s) == SQLITE_ROW) {
		k = lookup(severities, 5, (const char *)
		    sqlite3_column_text(s, 0));
		nsev[k < 0 ? 4 : k] += sqlite3_column_int64(s, 1);
		nf += sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(p->db, "SELECT (SELECT count(*) FROM"
	    " evidence), (SELECT count(*) FROM events)", -1, &s, NULL) !=
	    SQLITE_OK)
		return dberr(p);
	if (sqlite3_step(s) == SQLITE_ROW) {
		nitems = sqlite3_column_int64(s, 0);
		nev = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);

	put(p, "<section id=\"summary\">\n<h2>Summary</h2>\n"
	    "<div class=\"cards\">\n");
	card_begin(p, "Signing operations");
	putf(p, "<div class=\"v\">%" JSON_INTEGER_FORMAT "</div>"
	    "<div class=\"bar\">", total);
	for (k = 0; k < 3; k++)
		if (n[k] > 0 && total > 0)
			putf(p, "<i style=\"width:%.2f%%;background:%s\"></i>",
			    100.0 * (double)n[k] / (double)total, vcol[k]);
	putf(p, "</div><div class=\"n\">%" JSON_INTEGER_FORMAT " unaccounted"
	    ", %" JSON_INTEGER_FORMAT " partial, %" JSON_INTEGER_FORMAT
	    " accounted</div></div>\n", n[0], n[1], n[2]);

	card_begin(p, "Unaccounted");
	putf(p, "<div class=\"v\">%" JSON_INTEGER_FORMAT "</div>"
	    "<div class=\"n\">", n[0]);
	if (json_is_object(fu)) {
		put(p, "first ");
		esc(p, js(fu, "time"));
		put(p, "<br>last ");
		esc(p, js(lu, "time"));
	} else {
		put(p, "none");
	}
	put(p, "</div></div>\n");

	card_begin(p, "Findings");
	putf(p, "<div class=\"v\">%" JSON_INTEGER_FORMAT "</div>"
	    "<div class=\"n\">", nf);
	for (k = 0, i = 0; k < 5; k++) {
		if (nsev[k] == 0)
			continue;
		putf(p, "%s%" JSON_INTEGER_FORMAT " %s", i++ ? ", " : "",
		    nsev[k], severities[k]);
	}
	if (nf == 0)
		put(p, "none");
	put(p, "</div></div>\n");

	buf_reset(&p->tmp);
	if (js(p->review, "detected_at")) {
		buf_addstr(&p->tmp, js(p->review, "detected_at"));
		if (strcmp(js(p->review, "detected_at_source"), "given") != 0)
			buf_addstr(&p->tmp, " (first containment)");
	}
	duration_card(p, "Detection latency", json_object_get(p->review,
	    "detection_latency_s"), "first unaccounted signature to "
	    "detection at ", p->tmp.len ? p->tmp.s : "? (no detection time)");
	buf_reset(&p->tmp);
	if (json_is_object(fc)) {
		buf_addf(&p->tmp, "%s %s", js(fc, "time"), js(fc, "operation")
		    ? js(fc, "operation") : js(fc, "action"));
		if (js(p->review, "detected_at_source") && strcmp(js(p->review,
		    "detected_at_source"), "given") != 0)
			buf_addstr(&p->tmp, "; no --detected-at");
	}
	duration_card(p, "Time to containment", json_object_get(p->review,
	    "time_to_containment_s"), "first containment action: ",
	    p->tmp.len ? p->tmp.s : "none");

	card_begin(p, "Attempts after containment");
	putf(p, "<div class=\"v\">%" JSON_INTEGER_FORMAT "</div>"
	    "<div class=\"n\">", ji(at, "count"));
	json_array_foreach(json_object_get(at, "outcomes"), i, o) {
		if (i)
			put(p, ", ");
		putf(p, "%" JSON_INTEGER_FORMAT " ", ji(o, "count"));
		esc(p, js(o, "outcome"));
		if (js(o, "error_code")) {
			put(p, " ");
			esc(p, js(o, "error_code"));
		}
	}
	if (i == 0)
		put(p, "on the contained keys");
	put(p, "</div></div>\n");

	card_begin(p, "Evidence");
	putf(p, "<div class=\"v\">%" JSON_INTEGER_FORMAT "</div>"
	    "<div class=\"n\">items, %" JSON_INTEGER_FORMAT " events in the "
	    "case</div></div>\n", nitems, nev);
	put(p, "</div>\n</section>\n");
	return 0;
}

/* ---- timeline ---- */

struct tl_point {
	int64_t		 t;
	enum cls	 cls;
};

struct tl_run {
	int64_t		 t0, t1;
	int		 signing;
};

struct tl {
	struct tl_point	*pts;
	size_t		 npts, apts;
	struct tl_run	*runs;
	size_t		 nruns, aruns;
};

static int
tl_load(struct page *p, struct tl *d)
{
	static const char q_sigs[] =
	    "SELECT e.ts_us, v.verdict FROM verdicts v JOIN events e ON"
	    " e.id = v.sign_id WHERE e.ts_us IS NOT NULL AND v.key_ref IN"
	    " (SELECT value FROM json_each(?1)) ORDER BY e.ts_us, e.id";
	static const char q_denied[] =
	    "SELECT ts_us FROM events WHERE action = 'sign' AND outcome ="
	    " 'failure' AND ts_us IS NOT NULL AND key_ref IN (SELECT value"
	    " FROM json_each(?1)) ORDER BY ts_us, id";
	static const char q_pub[] =
	    "SELECT ts_us FROM events WHERE action IN ('publish',"
	    " 'publish.signature') AND ts_us IS NOT NULL ORDER BY ts_us, id";
	static const char q_runs[] =
	    "SELECT ts_us, max(coalesce(end_us, ts_us), ts_us), id IN (SELECT"
	    " ci_run_id FROM verdicts WHERE ci_run_id IS NOT NULL) FROM events"
	    " WHERE action = 'ci.run' AND ts_us IS NOT NULL"
	    " ORDER BY ts_us, id";
	const char *const qs[] = { q_sigs, q_denied, q_pub };
	sqlite3_stmt *s = NULL;
	struct tl_point *pt;
	struct tl_run *ru;
	int q, v, rc;

	for (q = 0; q < 3; q++) {
		if (sqlite3_prepare_v2(p->db, qs[q], -1, &s, NULL) !=
		    SQLITE_OK)
			return dberr(p);
		if (q < 2)
			sqlite3_bind_text(s, 1, p->keys_json, -1,
			    SQLITE_STATIC);
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			ALLOC_GROW(d->pts, d->npts + 1, d->apts);
			pt = &d->pts[d->npts++];
			pt->t = sqlite3_column_int64(s, 0);
			if (q == 0) {
				v = lookup(verdicts, 3, (const char *)
				    sqlite3_column_text(s, 1));
				pt->cls = v == 0 ? CL_UNACC : v == 1 ?
				    CL_PARTIAL : v == 2 ? CL_ACC : CL_UNACC;
			} else {
				pt->cls = q == 1 ? CL_DENIED : CL_PUB;
			}
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return dberr(p);
	}
	if (sqlite3_prepare_v2(p->db, q_runs, -1, &s, NULL) != SQLITE_OK)
		return dberr(p);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(d->runs, d->nruns + 1, d->aruns);
		ru = &d->runs[d->nruns++];
		ru->t0 = sqlite3_column_int64(s, 0);
		ru->t1 = sqlite3_column_int64(s, 1);
		ru->signing = sqlite3_column_int(s, 2);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : dberr(p);
}

/* A position in tenths of a pixel (integer arithmetic: deterministic). */
static int64_t
x10(int64_t t, int64_t t0, int64_t t1)
{
	int64_t span_ms = (t1 - t0) / 1000, off_ms = (t - t0) / 1000;

	if (span_ms <= 0)
		span_ms = 1;
	return PLOT_X0 * 10 + off_ms * ((PLOT_X1 - PLOT_X0) * 10) / span_ms;
}

static void
put_px(struct page *p, int64_t v10)
{
	if (v10 % 10)
		putf(p, "%" PRId64 ".%" PRId64, v10 / 10, v10 % 10);
	else
		putf(p, "%" PRId64, v10 / 10);
}

/* "<title>N things, first - last</title>" */
static void
svg_title(struct page *p, size_t n, const char *what, int64_t first,
    int64_t last)
{
	char a[TS_BUFSZ], b[TS_BUFSZ];

	putf(p, "<title>%zu %s%s, %s", n, what, n == 1 ? "" : "s",
	    ts_format(first, a));
	if (last != first)
		putf(p, " \xe2\x80\x93 %s", ts_format(last, b));
	put(p, "</title>");
}

/* Tick step: the smallest that gives at most 9 ticks. */
static int64_t
tick_step(int64_t span)
{
	static const int64_t steps[] = {
		60 * (int64_t)1000000, 5 * 60 * (int64_t)1000000,
		15 * 60 * (int64_t)1000000, 30 * 60 * (int64_t)1000000,
		HOUR_US, 3 * HOUR_US, 6 * HOUR_US, 12 * HOUR_US, DAY_US,
		2 * DAY_US, 7 * DAY_US, 14 * DAY_US, 28 * DAY_US,
		91 * DAY_US, 364 * DAY_US, 728 * DAY_US, 1820 * DAY_US
	};
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (span / steps[i] <= 9)
			return steps[i];
	return steps[i - 1] * (span / steps[i - 1] / 9 + 1);
}

static void
svg_axis(struct page *p, int64_t t0, int64_t t1)
{
	char tb[TS_BUFSZ];
	int64_t step = tick_step(t1 - t0), t, x;

	putf(p, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\"/>\n", PLOT_X0, Y_AXIS, PLOT_X1, Y_AXIS);
	/* first multiple of step at or after t0 (floor division) */
	t = t0 / step * step;
	if (t < t0)
		t += step;
	for (; t <= t1; t += step) {
		x = x10(t, t0, t1);
		put(p, "<line class=\"grid\" x1=\"");
		put_px(p, x);
		putf(p, "\" y1=\"%d\" x2=\"", Y_UNACC - 12);
		put_px(p, x);
		putf(p, "\" y2=\"%d\"/><text x=\"", Y_AXIS + 4);
		put_px(p, x);
		putf(p, "\" y=\"%d\" text-anchor=\"middle\">", Y_AXIS + 16);
		ts_format(t, tb);
		if (step >= DAY_US) {
			tb[10] = '\0';
			put(p, tb);
		} else {
			tb[16] = '\0';
			put(p, tb + 5);
		}
		put(p, "</text>\n");
	}
}

static void
svg_marker(struct page *p, int64_t t, int64_t t0, int64_t t1,
    const char *cls, const char *label)
{
	int64_t x;

	if (t == NOTIME || t < t0 || t > t1)
		return;
	x = x10(t, t0, t1);
	putf(p, "<line class=\"%s\" x1=\"", cls);
	put_px(p, x);
	putf(p, "\" y1=\"%d\" x2=\"", Y_UNACC - 16);
	put_px(p, x);
	putf(p, "\" y2=\"%d\"/><text class=\"mkt\" x=\"", Y_AXIS);
	put_px(p, x + 30);
	putf(p, "\" y=\"%d\">%s</text>\n", Y_UNACC - 18, label);
}

struct bin {
	size_t		 n;
	int64_t		 first, last;
};

static void
svg_points(struct page *p, const struct tl *d, int64_t t0, int64_t t1)
{
	static const int rows[] = { Y_UNACC, Y_PARTIAL, Y_ACC, Y_DENIED,
	    Y_PUB };
	size_t nbins = (PLOT_X1 - PLOT_X0) / BIN_PX + 1, i, b;
	struct bin *bins = xcalloc(nbins * CL_N, sizeof(*bins)), *bb;
	int64_t cx, r10;
	int c;

	for (i = 0; i < d->npts; i++) {
		if (d->pts[i].t < t0 || d->pts[i].t > t1)
			continue;
		b = (size_t)((x10(d->pts[i].t, t0, t1) - PLOT_X0 * 10) /
		    (BIN_PX * 10));
		if (b >= nbins)
			b = nbins - 1;
		bb = &bins[d->pts[i].cls * nbins + b];
		if (bb->n++ == 0)
			bb->first = d->pts[i].t;
		bb->last = d->pts[i].t;
	}
	/* accounted first, so that the rarer kinds are drawn on top */
	for (c = CL_N - 1; c >= 0; c--) {
		for (b = 0; b < nbins; b++) {
			bb = &bins[c * nbins + b];
			if (bb->n == 0)
				continue;
			cx = PLOT_X0 * 10 + (int64_t)b * BIN_PX * 10 +
			    BIN_PX * 5;
			if (c == CL_PUB) {
				put(p, "<line class=\"pub\" x1=\"");
				put_px(p, cx);
				putf(p, "\" y1=\"%d\" x2=\"", rows[c] - 8);
				put_px(p, cx);
				putf(p, "\" y2=\"%d\">", rows[c] + 8);
			} else {
				r10 = bb->n == 1 ? 35 : bb->n < 4 ? 45 :
				    bb->n < 10 ? 55 : bb->n < 100 ? 65 : 75;
				putf(p, "<circle class=\"%s\" cx=\"",
				    cls_css[c]);
				put_px(p, cx);
				putf(p, "\" cy=\"%d\" r=\"", rows[c]);
				put_px(p, r10);
				put(p, "\">");
			}
			svg_title(p, bb->n, cls_what[c], bb->first, bb->last);
			put(p, c == CL_PUB ? "</line>\n" : "</circle>\n");
		}
	}
	free(bins);
}

/* CI runs as bars; overlapping ones (to the pixel) merged. */
static void
svg_runs(struct page *p, const struct tl *d, int64_t t0, int64_t t1,
    int signing)
{
	int64_t a, b, ma = 0, mb = 0, f = 0, l = 0;
	size_t i, n = 0;

	for (i = 0; i <= d->nruns; i++) {
		const struct tl_run *r = i < d->nruns ? &d->runs[i] : NULL;

		if (r && (r->signing != signing || r->t1 < t0 || r->t0 > t1))
			continue;
		if (r) {
			a = x10(r->t0 < t0 ? t0 : r->t0, t0, t1);
			b = x10(r->t1 > t1 ? t1 : r->t1, t0, t1);
			if (b < a + 20)
				b = a + 20;	/* at least 2 px */
			if (n > 0 && a <= mb + 10) {
				if (b > mb)
					mb = b;
				if (r->t1 > l)
					l = r->t1;
				n++;
				continue;
			}
		}
		if (n > 0) {
			putf(p, "<rect class=\"%s\" x=\"", signing ? "rs" :
			    "run");
			put_px(p, ma);
			putf(p, "\" y=\"%d\" width=\"", Y_RUNS - 6);
			put_px(p, mb - ma);
			put(p, "\" height=\"12\" rx=\"2\">");
			svg_title(p, n, signing ? "CI run that signed" :
			    "CI run", f, l);
			put(p, "</rect>\n");
		}
		if (r == NULL)
			break;
		ma = a;
		mb = b;
		f = r->t0;
		l = r->t1;
		n = 1;
	}
}

static void
svg_chart(struct page *p, const struct tl *d, int64_t t0, int64_t t1)
{
	static const char *const labels[] = { "unaccounted", "partial",
	    "accounted", "denied attempts" };
	static const int rows[] = { Y_UNACC, Y_PARTIAL, Y_ACC, Y_DENIED };
	int k;

	putf(p, "<div class=\"chart\"><svg viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-label=\"signing timeline\">\n", SVG_W, SVG_H);
	for (k = 0; k < 4; k++)
		putf(p, "<text class=\"lbl\" x=\"%d\" y=\"%d\" "
		    "text-anchor=\"end\">%s</text>\n", PLOT_X0 - 14,
		    rows[k] + 4, labels[k]);
	putf(p, "<text class=\"lbl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">"
	    "CI runs</text>\n<text class=\"lbl\" x=\"%d\" y=\"%d\" "
	    "text-anchor=\"end\">publishes</text>\n", PLOT_X0 - 14, Y_RUNS + 4,
	    PLOT_X0 - 14, Y_PUB + 4);
	svg_axis(p, t0, t1);
	svg_runs(p, d, t0, t1, 0);
	svg_runs(p, d, t0, t1, 1);
	svg_points(p, d, t0, t1);
	if (p->detected_us != p->contained_us)
		svg_marker(p, p->detected_us, t0, t1, "mkd", "detection");
	svg_marker(p, p->contained_us, t0, t1, "mk", "containment");
	put(p, "</svg></div>\n");
}

static int
timeline(struct page *p)
{
	struct tl d;
	int64_t lo = NOTIME, hi = NOTIME, ulo = NOTIME, uhi = NOTIME, pad;
	size_t i, out_runs = 0, out_pub = 0;

	memset(&d, 0, sizeof(d));
	if (tl_load(p, &d) < 0) {
		free(d.pts);
		free(d.runs);
		return -1;
	}
	for (i = 0; i < d.npts; i++) {
		if (d.pts[i].cls == CL_PUB)
			continue;
		if (lo == NOTIME || d.pts[i].t < lo)
			lo = d.pts[i].t;
		if (hi == NOTIME || d.pts[i].t > hi)
			hi = d.pts[i].t;
		if (d.pts[i].cls == CL_UNACC) {
			if (ulo == NOTIME || d.pts[i].t < ulo)
				ulo = d.pts[i].t;
			if (uhi == NOTIME || d.pts[i].t > uhi)
				uhi = d.pts[i].t;
		}
	}
	put(p, "<section id=\"timeline\">\n<h2>Timeline</h2>\n");
	if (lo == NOTIME) {
		put(p, "<p class=\"empty\">No signing operation with a time."
		    "</p>\n</section>\n");
		free(d.pts);
		free(d.runs);
		return 0;
	}
	pad = (hi - lo) / 30;
	if (pad < HOUR_US)
		pad = HOUR_US;
	lo -= pad;
	hi += pad;
	for (i = 0; i < d.nruns; i++)
		out_runs += d.runs[i].t1 < lo || d.runs[i].t0 > hi;
	for (i = 0; i < d.npts; i++)
		out_pub += d.pts[i].cls == CL_PUB && (d.pts[i].t < lo ||
		    d.pts[i].t > hi);
	put(p, "<p>Signing operations of the keys in scope by verdict, "
	    "denied signing attempts, CI runs and publishes over the "
	    "signing period. Hover a mark for its count and times.</p>\n");
	svg_chart(p, &d, lo, hi);
	put(p, "<p class=\"legend\">"
	    "<span><i style=\"background:#cf222e\"></i>unaccounted</span>"
	    "<span><i style=\"background:#d1561b\"></i>partial</span>"
	    "<span><i style=\"background:#1a7f37\"></i>accounted</span>"
	    "<span><i style=\"border:1.5px solid #6e7781\"></i>denied "
	    "attempt</span>"
	    "<span><i style=\"background:#0969da;border-radius:2px\"></i>CI "
	    "run that signed</span>"
	    "<span><i style=\"background:#b6d4fe;border-radius:2px\"></i>other "
	    "CI run</span>"
	    "<span><i style=\"background:#8250df;border-radius:0;width:3px\">"
	    "</i>publish</span>"
	    "<span><i style=\"border-left:2px dashed #82071e;border-radius:0;"
	    "width:2px\"></i>first containment action</span></p>\n");
	if (out_runs || out_pub)
		putf(p, "<p class=\"legend\">Outside this period, not drawn: "
		    "%zu CI run%s, %zu publish event%s.</p>\n", out_runs,
		    out_runs == 1 ? "" : "s", out_pub, out_pub == 1 ? "" : "s");
	if (ulo != NOTIME) {
		pad = (uhi - ulo) / 10;
		if (pad < HOUR_US)
			pad = HOUR_US;
		put(p, "<h3>Around the unaccounted signatures</h3>\n");
		svg_chart(p, &d, ulo - pad, uhi + pad);
	}
	put(p, "</section>\n");
	free(d.pts);
	free(d.runs);
	return 0;
}

/* The note under a table cut at max rows. */
static void
more(struct page *p, size_t n, size_t max, const char *cmd)
{
	if (n <= max)
		return;
	putf(p, "<p class=\"legend\">The first %zu of %zu rows; all of them: "
	    "<code>%s</code>.</p>\n", max, n, cmd);
}

/* ---- signatures to explain, findings ---- */

static int
concern(struct page *p)
{
	static const char q[] =
	    "SELECT e.ts, v.verdict, coalesce(k.label, v.key_ref), e.actor,"
	    " e.session, e.src_ip, e.user_agent,"
	    " (SELECT group_concat(value, '; ') FROM json_each(v.reasons))"
	    " FROM verdicts v JOIN events e ON e.id = v.sign_id"
	    " LEFT JOIN keys k ON k.canonical = v.key_ref"
	    " WHERE v.verdict != 'accounted' AND v.key_ref IN (SELECT value"
	    " FROM json_each(?1))"
	    " ORDER BY e.ts_us, e.source, e.native_id, e.id";
	static const char *const cols[] = { "time", "verdict", "key",
	    "signer", "session", "source address", "user agent", "reasons" };
	sqlite3_stmt *s = NULL;
	int rc, n = 0;

	put(p, "<section id=\"concern\">\n<h2>Signatures to explain</h2>\n");
	if (sqlite3_prepare_v2(p->db, q, -1, &s, NULL) != SQLITE_OK)
		return dberr(p);
	sqlite3_bind_text(s, 1, p->keys_json, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n++ == 0) {
			put(p, "<div class=\"wrap\"><table class=\"data\" "
			    "id=\"concern-table\">");
			thead(p, cols, sizeof(cols) / sizeof(cols[0]));
		}
		if (n > ROWS_MAX)
			continue;
		put(p, "<tr>");
		td(p, "t", (const char *)sqlite3_column_text(s, 0));
		put(p, "<td>");
		verdict_badge(p, (const char *)sqlite3_column_text(s, 1));
		put(p, "</td>");
		td(p, "k", (const char *)sqlite3_column_text(s, 2));
		td(p, "k", (const char *)sqlite3_column_text(s, 3));
		td(p, "m", (const char *)sqlite3_column_text(s, 4));
		td(p, "ip", (const char *)sqlite3_column_text(s, 5));
		td(p, "k", (const char *)sqlite3_column_text(s, 6));
		td(p, "x", (const char *)sqlite3_column_text(s, 7));
		put(p, "</tr>\n");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return dberr(p);
	if (n)
		put(p, "</tbody></table></div>\n");
	else
		put(p, "<p class=\"empty\">Every signing operation is "
		    "accounted for.</p>\n");
	more(p, n, ROWS_MAX, "sigtrail report provenance");
	put(p, "</section>\n");
	return 0;
}

static int
findings(struct page *p)
{
	static const char q[] =
	    "SELECT f.severity, f.ts, f.kind, coalesce(k.label, f.key_ref),"
	    " f.actor, f.summary, f.origin FROM findings f"
	    " LEFT JOIN keys k ON k.canonical = f.key_ref"
	    " ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high'"
	    " THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END,"
	    " f.ts_us IS NULL, f.ts_us, f.id";
	static const char *const cols[] = { "time", "kind", "key",
	    "principal", "summary", "origin" };
	sqlite3_stmt *s = NULL;
	json_int_t nsev[5], shown[5];
	int rc, sev, cur = -1, n = 0;

	memset(nsev, 0, sizeof(nsev));
	memset(shown, 0, sizeof(shown));
	if (sqlite3_prepare_v2(p->db, "SELECT severity, count(*) FROM"
	    " findings GROUP BY severity", -1, &s, NULL) != SQLITE_OK)
		return dberr(p);
	while (sqlite3_step(s) == SQLITE_ROW) {
		sev = lookup(severities, 5, (const char *)
		    sqlite3_column_text(s, 0));
		nsev[sev < 0 ? 4 : sev] += sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	put(p, "<section id=\"findings\">\n<h2>Findings</h2>\n");
	if (sqlite3_prepare_v2(p->db, q, -1, &s, NULL) != SQLITE_OK)
		return dberr(p);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		sev = lookup(severities, 5, (const char *)
		    sqlite3_column_text(s, 0));
		if (sev < 0)
			sev = 4;
		if (sev != cur) {
			if (n) {
				put(p, "</tbody></table></div>\n");
				more(p, (size_t)shown[cur], ROWS_MAX,
				    "sigtrail findings");
			}
			putf(p, "<h3 id=\"findings-%s\">", severities[sev]);
			severity_badge(p, severities[sev]);
			putf(p, " %" JSON_INTEGER_FORMAT " finding%s</h3>\n"
			    "<div class=\"wrap\"><table class=\"data\">",
			    nsev[sev], nsev[sev] == 1 ? "" : "s");
			thead(p, cols, sizeof(cols) / sizeof(cols[0]));
			cur = sev;
		}
		n++;
		if (++shown[sev] > ROWS_MAX)
			continue;
		putf(p, "<tr class=\"f s%d\">", sev);
		td(p, "t", (const char *)sqlite3_column_text(s, 1));
		td(p, "k", (const char *)sqlite3_column_text(s, 2));
		td(p, "k", (const char *)sqlite3_column_text(s, 3));
		td(p, "k", (const char *)sqlite3_column_text(s, 4));
		td(p, "x", (const char *)sqlite3_column_text(s, 5));
		td(p, NULL, (const char *)sqlite3_column_text(s, 6));
		put(p, "</tr>\n");
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return dberr(p);
	if (n) {
		put(p, "</tbody></table></div>\n");
		more(p, (size_t)shown[cur], ROWS_MAX, "sigtrail findings");
	} else
		put(p, "<p class=\"empty\">No findings.</p>\n");
	put(p, "</section>\n");
	return 0;
}

/* "kind:strength,..." with room to break after each comma. */
static void
links_td(struct page *p, const char *s)
{
	size_t n;

	put(p, "<td class=\"k\">");
	while (s != NULL && *s != '\0') {
		n = strcspn(s, ",");
		html_escape(&p->out, s, n);
		s += n;
		if (*s == ',') {
			put(p, ", ");
			s++;
		}
	}
	put(p, "</td>");
}

/* ---- provenance ---- */

static void
provenance(struct page *p)
{
	static const char *const cols[] = { "time", "key", "signer",
	    "session", "CI run", "artifact", "digest", "trusted time",
	    "links", "verdict", "reasons" };
	const json_t *r;
	size_t i;

	put(p, "<section id=\"provenance\">\n<h2>Provenance</h2>\n"
	    "<p>One row per signing operation, in time order "
	    "(<code>sigtrail report provenance</code>).</p>\n");
	if (json_array_size(p->prov) == 0) {
		put(p, "<p class=\"empty\">No signing operation.</p>\n"
		    "</section>\n");
		return;
	}
	put(p, "<div class=\"wrap\"><table class=\"data\" "
	    "id=\"provenance-table\">");
	thead(p, cols, sizeof(cols) / sizeof(cols[0]));
	json_array_foreach(p->prov, i, r) {
		if (i >= PROV_ROWS_MAX)
			break;
		put(p, "<tr class=\"pv\">");
		td(p, "t", js(r, "time"));
		td(p, "k", js(r, "key"));
		td(p, "k", js(r, "signer"));
		td(p, "m", js(r, "session"));
		put(p, "<td class=\"k\">");
		if (js(r, "ci_run")) {
			esc(p, js(r, "ci_repo"));
			put(p, " ");
			esc(p, js(r, "ci_run"));
			if (json_is_integer(json_object_get(r, "ci_attempt")))
				putf(p, "/%" JSON_INTEGER_FORMAT,
				    ji(r, "ci_attempt"));
			else if (js(r, "ci_attempt")) {
				put(p, "/");
				esc(p, js(r, "ci_attempt"));
			}
			put(p, "<br><span class=\"m\">");
			esc(p, js(r, "ci_workflow"));
			put(p, "</span> ");
			esc(p, js(r, "ci_ref"));
		}
		put(p, "</td><td class=\"k\">");
		esc(p, js(r, "artifact"));
		if (js(r, "version")) {
			put(p, " ");
			esc(p, js(r, "version"));
		}
		put(p, "</td><td class=\"m\">");
		short_value(p, js(r, "digest"), 20);
		put(p, "</td><td class=\"t\">");
		esc(p, js(r, "trusted_time"));
		if (js(r, "trusted_by")) {
			put(p, "<br>");
			esc(p, js(r, "trusted_by"));
		}
		put(p, "</td>");
		links_td(p, js(r, "links"));
		put(p, "<td>");
		verdict_badge(p, js(r, "verdict"));
		put(p, "</td>");
		td(p, "x", js(r, "reasons"));
		put(p, "</tr>\n");
	}
	put(p, "</tbody></table></div>\n");
	more(p, json_array_size(p->prov), PROV_ROWS_MAX,
	    "sigtrail report provenance");
	put(p, "</section>\n");
}

/* ---- revocation ---- */

static void
groups_text(struct page *p, const json_t *a)
{
	const json_t *g;
	size_t i;

	json_array_foreach(a, i, g) {
		if (i)
			put(p, ", ");
		esc(p, js(g, "release"));
		putf(p, " (%" JSON_INTEGER_FORMAT ")", ji(g, "count"));
	}
}

static void
whatif(struct page *p, const json_t *rv)
{
	static const char *const cols[] = { "revoke at", "candidate",
	    "model", "safe", "unaccounted surviving", "accounted surviving",
	    "accounted to re-sign", "partial to review", "re-sign" };
	const json_t *c = json_object_get(rv, "counts"), *w;
	size_t i;

	put(p, "<p>Revocation time <b>");
	esc(p, js(rv, "revoke_at"));
	put(p, "</b> (");
	esc(p, js(rv, "revoke_at_detail"));
	putf(p, "). %" JSON_INTEGER_FORMAT " signatures: %"
	    JSON_INTEGER_FORMAT " accounted, %" JSON_INTEGER_FORMAT
	    " partial, %" JSON_INTEGER_FORMAT " unaccounted; %"
	    JSON_INTEGER_FORMAT " with a trusted time.</p>\n",
	    ji(c, "signatures"), ji(c, "accounted"), ji(c, "partial"),
	    ji(c, "unaccounted") + ji(c, "uncorrelated"), ji(c, "trusted"));
	put(p, "<div class=\"wrap\"><table class=\"data whatif\">");
	thead(p, cols, sizeof(cols) / sizeof(cols[0]));
	json_array_foreach(json_object_get(rv, "what_if"), i, w) {
		put(p, json_is_true(json_object_get(w, "chosen")) ?
		    "<tr class=\"chosen\">" : "<tr>");
		td(p, "t", js(w, "t"));
		td(p, NULL, js(w, "source"));
		td(p, "t", js(w, "model"));
		put(p, json_is_true(json_object_get(w, "safe")) ?
		    "<td class=\"yes\">safe</td>" :
		    "<td class=\"no\">not safe</td>");
		td_int(p, ji(w, "unaccounted_surviving"));
		td_int(p, ji(w, "accounted_surviving"));
		td_int(p, ji(w, "accounted_invalidated"));
		td_int(p, ji(w, "partial_invalidated"));
		put(p, "<td>");
		groups_text(p, json_object_get(w, "resign"));
		put(p, "</td></tr>\n");
	}
	put(p, "</tbody></table></div>\n<div class=\"conclusion\"><p>");
	esc(p, js(rv, "conclusion"));
	put(p, "</p><p>");
	esc(p, js(rv, "customer_impact"));
	put(p, "</p></div>\n");
}

static int
revocation(struct page *p)
{
	static const char q[] =
	    "SELECT count(*) FROM verdicts WHERE key_ref = ?1 AND verdict ="
	    " 'unaccounted'";
	const json_t *k, *r;
	json_t *rv, *done = json_array();
	sqlite3_stmt *s = NULL;
	const char *ref;
	size_t i, j;
	int rc, seen, nunacc;

	put(p, "<section id=\"revocation\">\n<h2>Revocation what-if</h2>\n"
	    "<p>For each key in scope with an unaccounted signature, "
	    "<code>sigtrail report revocation --revoke-at auto</code>: what "
	    "survives a revocation at each candidate time under "
	    "timestamp-respecting and strict verification. The chosen time "
	    "is highlighted.</p>\n");
	if (sqlite3_prepare_v2(p->db, q, -1, &s, NULL) != SQLITE_OK) {
		json_decref(done);
		return dberr(p);
	}
	json_array_foreach(json_object_get(p->review, "keys"), i, k) {
		ref = js(k, "key_ref");
		seen = 0;
		json_array_foreach(done, j, r)
			if (ref && strcmp(json_string_value(r), ref) == 0)
				seen = 1;
		if (ref == NULL || seen)
			continue;
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
		nunacc = sqlite3_step(s) == SQLITE_ROW ?
		    sqlite3_column_int(s, 0) : 0;
		put(p, "<h3>");
		esc(p, js(k, "label"));
		put(p, "</h3>\n");
		if (nunacc == 0) {
			put(p, "<p class=\"empty\">No unaccounted signature: "
			    "nothing on the evidence calls for revoking this "
			    "key (<code>sigtrail report revocation --key K "
			    "--revoke-at T</code> for a chosen time).</p>\n");
			continue;
		}
		rv = run_json(p, report_revocation, ref, &rc);
		if (rv == NULL) {
			if (rc < 0 || rc == SIGTRAIL_EXIT_USAGE)
				p->partial = 1;
			put(p, "<p class=\"empty\">The what-if could not be "
			    "made (see the message of sigtrail).</p>\n");
			continue;
		}
		json_array_foreach(json_object_get(rv, "key_refs"), j, r)
			if (js(r, "ref"))
				json_array_append_new(done,
				    json_string(js(r, "ref")));
		whatif(p, rv);
		json_decref(rv);
	}
	sqlite3_finalize(s);
	if (json_array_size(json_object_get(p->review, "keys")) == 0)
		put(p, "<p class=\"empty\">No key in scope.</p>\n");
	put(p, "</section>\n");
	json_decref(done);
	return 0;
}

/* ---- review ---- */

static void
fig(struct page *p, const char *dt)
{
	putf(p, "<dt>%s</dt><dd>", dt);
}

static void
fig_duration(struct page *p, const char *dt, const char *field)
{
	const json_t *v = json_object_get(p->review, field);

	fig(p, dt);
	if (json_is_integer(v)) {
		buf_reset(&p->tmp);
		review_duration_text(json_integer_value(v) * 1000000, &p->tmp);
		esc(p, p->tmp.s);
	} else {
		put(p, "&ndash;");
	}
	put(p, "</dd>\n");
}

static void
fig_sig(struct page *p, const char *dt, const json_t *g)
{
	fig(p, dt);
	if (json_is_object(g)) {
		esc(p, js(g, "time"));
		put(p, " by ");
		esc(p, js(g, "signer"));
		if (js(g, "session")) {
			put(p, " (session <code>");
			esc(p, js(g, "session"));
			put(p, "</code>)");
		}
		if (js(g, "source_ip")) {
			put(p, " from ");
			esc(p, js(g, "source_ip"));
		}
	} else {
		put(p, "&ndash;");
	}
	put(p, "</dd>\n");
}

static void
strings_td(struct page *p, const json_t *a)
{
	const json_t *v;
	size_t i;

	put(p, "<td>");
	json_array_foreach(a, i, v) {
		if (i)
			put(p, ", ");
		esc(p, json_string_value(v));
	}
	put(p, "</td>");
}

static void
review(struct page *p)
{
	static const char *const actcols[] = { "time", "operation",
	    "target", "actor", "source address", "in scope" };
	static const char *const trycols[] = { "time", "key", "actor",
	    "source address", "outcome", "error" };
	static const char *const idcols[] = { "kind", "value", "unaccounted",
	    "partial", "issued", "findings", "max severity", "responder",
	    "first", "last" };
	static const char *const cascols[] = { "target", "action", "events",
	    "failed", "first", "last", "principals" };
	const json_t *rv = p->review, *a, *o;
	const json_t *at = json_object_get(rv, "attempts_after_containment");
	size_t i;

	put(p, "<section id=\"review\">\n<h2>Post-incident review</h2>\n"
	    "<p>The figures of <code>sigtrail report review</code>.</p>\n"
	    "<dl class=\"fig\">\n");
	fig_sig(p, "first unaccounted signature", json_object_get(rv,
	    "first_unaccounted"));
	fig_sig(p, "last unaccounted signature", json_object_get(rv,
	    "last_unaccounted"));
	fig(p, "detected at");
	if (js(rv, "detected_at")) {
		esc(p, js(rv, "detected_at"));
		put(p, strcmp(js(rv, "detected_at_source"), "given") == 0 ?
		    " (--detected-at)" : " (no --detected-at: the first "
		    "containment action)");
	} else {
		put(p, "&ndash;");
	}
	put(p, "</dd>\n");
	fig_duration(p, "detection latency", "detection_latency_s");
	fig(p, "first containment action");
	o = json_object_get(rv, "first_containment");
	if (json_is_object(o)) {
		esc(p, js(o, "time"));
		put(p, " ");
		esc(p, js(o, "operation") ? js(o, "operation") :
		    js(o, "action"));
		put(p, " on ");
		esc(p, js(o, "target"));
		put(p, " by ");
		esc(p, js(o, "actor"));
	} else {
		put(p, "&ndash;");
	}
	put(p, "</dd>\n");
	fig_duration(p, "time to containment", "time_to_containment_s");
	fig_duration(p, "exposure (first unaccounted signature to "
	    "containment)", "exposure_s");
	fig(p, "attempts after containment");
	putf(p, "%" JSON_INTEGER_FORMAT, ji(at, "count"));
	put(p, "</dd>\n</dl>\n");

	put(p, "<h3>Containment actions</h3>\n");
	a = json_object_get(rv, "containment");
	if (json_array_size(a) == 0)
		put(p, "<p class=\"empty\">None.</p>\n");
	else {
		put(p, "<div class=\"wrap\"><table class=\"data\">");
		thead(p, actcols, sizeof(actcols) / sizeof(actcols[0]));
		json_array_foreach(a, i, o) {
			if (i >= ROWS_MAX)
				break;
			put(p, "<tr>");
			td(p, "t", js(o, "time"));
			td(p, NULL, js(o, "operation") ? js(o, "operation") :
			    js(o, "action"));
			td(p, "k", js(o, "target"));
			td(p, "k", js(o, "actor"));
			td(p, "ip", js(o, "source_ip"));
			put(p, json_is_true(json_object_get(o, "in_scope")) ?
			    "<td>yes</td>" : "<td>no</td>");
			put(p, "</tr>\n");
		}
		put(p, "</tbody></table></div>\n");
		more(p, json_array_size(a), ROWS_MAX,
		    "sigtrail report review");
	}

	put(p, "<h3>Attempts after containment</h3>\n");
	a = json_object_get(at, "attempts");
	if (json_array_size(a) == 0)
		put(p, "<p class=\"empty\">None.</p>\n");
	else {
		put(p, "<div class=\"wrap\"><table class=\"data\">");
		thead(p, trycols, sizeof(trycols) / sizeof(trycols[0]));
		json_array_foreach(a, i, o) {
			if (i >= ROWS_MAX)
				break;
			put(p, "<tr>");
			td(p, "t", js(o, "time"));
			td(p, "k", js(o, "key"));
			td(p, "k", js(o, "actor"));
			td(p, "ip", js(o, "source_ip"));
			td(p, NULL, js(o, "outcome"));
			td(p, NULL, js(o, "error_code"));
			put(p, "</tr>\n");
		}
		put(p, "</tbody></table></div>\n");
		more(p, json_array_size(a), ROWS_MAX,
		    "sigtrail report review");
	}

	put(p, "<h3>Involved identities</h3>\n<p>Principals, sessions, "
	    "access keys and source addresses of the unaccounted and "
	    "partial signatures and of the findings.</p>\n");
	a = json_object_get(rv, "involved");
	if (json_array_size(a) == 0)
		put(p, "<p class=\"empty\">None.</p>\n");
	else {
		put(p, "<div class=\"wrap\"><table class=\"data\">");
		thead(p, idcols, sizeof(idcols) / sizeof(idcols[0]));
		json_array_foreach(a, i, o) {
			if (i >= ROWS_MAX)
				break;
			put(p, "<tr>");
			td(p, "t", js(o, "kind"));
			td(p, "m", js(o, "value"));
			td_int(p, ji(o, "unaccounted"));
			td_int(p, ji(o, "partial"));
			td_int(p, ji(o, "issued"));
			strings_td(p, json_object_get(o, "findings"));
			put(p, "<td>");
			if (js(o, "max_severity"))
				severity_badge(p, js(o, "max_severity"));
			put(p, "</td>");
			put(p, json_is_true(json_object_get(o, "responder")) ?
			    "<td>yes</td>" : "<td>no</td>");
			td(p, "t", js(o, "first"));
			td(p, "t", js(o, "last"));
			put(p, "</tr>\n");
		}
		put(p, "</tbody></table></div>\n");
		more(p, json_array_size(a), ROWS_MAX,
		    "sigtrail report review");
	}

	put(p, "<h3>Cascading risk</h3>\n<p>Everything else the involved "
	    "identities (not the responders) did in the case, by target and "
	    "action.</p>\n");
	a = json_object_get(rv, "cascading");
	if (json_array_size(a) == 0)
		put(p, "<p class=\"empty\">None.</p>\n");
	else {
		put(p, "<div class=\"wrap\"><table class=\"data\">");
		thead(p, cascols, sizeof(cascols) / sizeof(cascols[0]));
		json_array_foreach(a, i, o) {
			if (i >= ROWS_MAX)
				break;
			put(p, "<tr><td>");
			esc(p, js(o, "target_kind"));
			put(p, ": ");
			esc(p, js(o, "target"));
			put(p, "</td>");
			td(p, NULL, js(o, "action"));
			td_int(p, ji(o, "events"));
			td_int(p, ji(o, "failed"));
			td(p, "t", js(o, "first"));
			td(p, "t", js(o, "last"));
			strings_td(p, json_object_get(o, "principals"));
			put(p, "</tr>\n");
		}
		put(p, "</tbody></table></div>\n");
		more(p, json_array_size(a), ROWS_MAX,
		    "sigtrail report review");
	}
	put(p, "</section>\n");
}

/* ------------------------------------------------------------------ */

static int
usage_error(const char *msg)
{
	fflush(stdout);
	fprintf(stderr, "sigtrail report: %s\nusage: sigtrail report html "
	    "[--detected-at T] [--key K] -o FILE\n", msg);
	return SIGTRAIL_EXIT_USAGE;
}

static char *
scope_json(const json_t *keys)
{
	json_t *a = json_array();
	const json_t *k;
	char *text;
	size_t i;

	json_array_foreach(keys, i, k)
		if (js(k, "key_ref"))
			json_array_append_new(a, json_string(js(k, "key_ref")));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	return text ? text : xstrdup("[]");
}

int
report_html(struct report_args *ra)
{
	struct page p;
	int rc, ret = -1;

	if (ra->out == NULL)
		return usage_error("report html needs -o FILE (use -o - for "
		    "the standard output)");
	if (ra->from_us != INT64_MIN || ra->to_us != INT64_MAX)
		warning("report html: --from and --to do not apply: the page "
		    "covers the whole case");
	memset(&p, 0, sizeof(p));
	p.ra = ra;
	p.db = ra->db;
	buf_init(&p.out);
	buf_init(&p.tmp);
	p.review = run_json(&p, report_review, ra->key, &rc);
	if (p.review == NULL) {
		ret = rc;
		goto out;
	}
	p.prov = run_json(&p, report_provenance, ra->key, &rc);
	if (p.prov == NULL) {
		ret = rc;
		goto out;
	}
	p.keys_json = scope_json(json_object_get(p.review, "keys"));
	p.detected_us = jtime_us(p.review, "detected_at");
	p.contained_us = jtime_us(json_object_get(p.review,
	    "first_containment"), "time");
	if (header(&p) < 0 || summary(&p) < 0 || timeline(&p) < 0 ||
	    concern(&p) < 0 || findings(&p) < 0)
		goto out;
	provenance(&p);
	if (revocation(&p) < 0)
		goto out;
	review(&p);
	put(&p, "<footer>Made by sigtrail " SIGTRAIL_VERSION " from the case "
	    "file alone: no script, nothing fetched. Times are UTC. The same "
	    "case gives the same page.</footer>\n</main>\n</body>\n</html>\n");
	if (fwrite(p.out.s, 1, p.out.len, ra->fp) != p.out.len ||
	    ferror(ra->fp))
		goto out;
	ret = p.partial ? SIGTRAIL_EXIT_PARTIAL : 0;
out:
	json_decref(p.review);
	json_decref(p.prov);
	free(p.keys_json);
	buf_release(&p.out);
	buf_release(&p.tmp);
	return ret;
}
