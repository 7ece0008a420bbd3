/* nft.h - loading and dropping the plan's nft tables (nft.c). 0 or -1 with g_err set. */
#ifndef CLOISTER_NFT_H
#define CLOISTER_NFT_H

#include "netplan.h"

/* Loads every table of the plan, each replacing its previous version, in one transaction. */
int nft_load(const struct net_plan *np);
/* Drops the sandbox's own tables ("-" scope) and those of the bridges b with gone[b] set. */
int nft_drop_tables(const struct net_plan *np, const int gone[]);

#endif
