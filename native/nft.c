/* nft.c - the plan's nft tables: assembled into one script and loaded by the plan's nft binary
 * in one transaction (all of it or nothing); dropped again the same way. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "netplan.h"
#include "nft.h"
#include "prog.h"
#include "util.h"

/* Appends to a fixed buffer; a script that does not fit is refused by the caller. */
struct text {
	char *buf;
	size_t cap, len;
	int overflow;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= t->cap - t->len)
		t->overflow = 1;
	else
		t->len += (size_t)n;
}

/* Runs an nft script (one transaction: all of it or nothing). */
static int nft_run(const struct net_plan *np, const char *script, const char *what)
{
	char out[400];
	char *argv[] = {(char *)np->nft_bin, "-f", "-", NULL};
	if (!np->nft_bin[0])
		return fail("%s: the plan names no nft-binary", what);
	int r = prog_run(argv, script, out, sizeof out);
	if (r < 0)
		return fail_errno("%s: run %s", what, np->nft_bin);
	if (r != 0)
		return fail("%s: %s exited with %d: %s", what, np->nft_bin, r,
			    out[0] ? out : "(no message)");
	return 0;
}

/* "add" then "delete": removes the table whether or not it exists. */
static void nft_drop(struct text *t, const struct net_nft *n)
{
	text_add(t, "add table %s %s\ndelete table %s %s\n", n->family, n->table, n->family, n->table);
}

/* Loads every table of the plan, each replacing its previous version, in one transaction. */
int nft_load(const struct net_plan *np)
{
	if (np->nnft == 0)
		return 0;
	static char buf[NET_POOL + 8192];
	struct text t = {buf, sizeof buf, 0, 0};
	for (int i = 0; i < np->nnft; i++) {
		const struct net_nft *n = &np->nft[i];
		if (n->scope[0] && !net_plan_has_bridge(np, n->scope))
			return fail("nft-table %s: scope %s is not a bridge of the plan",
				    n->table, n->scope);
		nft_drop(&t, n);
		text_add(&t, "table %s %s {\n%s}\n", n->family, n->table, np->pool + n->rules);
	}
	if (t.overflow)
		return fail("nft-table: the script is too long");
	return nft_run(np, buf, "nft-table");
}

int nft_drop_tables(const struct net_plan *np, const int gone[])
{
	static char buf[8192];
	struct text t = {buf, sizeof buf, 0, 0};
	for (int i = 0; i < np->nnft; i++) {
		int drop = !np->nft[i].scope[0];
		for (int b = 0; b < np->nbr && !drop; b++)
			drop = gone[b] && !strcmp(np->br[b].name, np->nft[i].scope);
		if (drop)
			nft_drop(&t, &np->nft[i]);
	}
	if (t.len == 0)
		return 0;
	if (t.overflow)
		return fail("nft-table: the script is too long");
	return nft_run(np, buf, "nft-table");
}
