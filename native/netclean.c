/* netclean.c - `net-release LOCK RUN-DIR NFT BRIDGE ADDR/PREFIX TABLE`: what `cloister gc` runs
 * for each network of the instance, whether or not any sandbox is left to name it: a bridge
 * without ports is deleted with its nft table and its DHCP server (net_teardown's rule), so
 * nothing of a network outlives the last sandbox on it. NFT and TABLE may be "-" (no nft). */
#include <stdio.h>
#include <string.h>
#include "net.h"
#include "netclean.h"
#include "netplan.h"
#include "util.h"

int cmd_net_release(int argc, char **argv)
{
	if (argc != 6)
		return 2;
	struct net_plan np;
	net_plan_init(&np);
	char *lock[] = {argv[0]}, *run_dir[] = {argv[1]}, *nft[] = {argv[2]};
	char *bridge[] = {argv[3], argv[4]}, *table[] = {argv[3], argv[5], "ip"};
	int ok = net_plan_add(&np, "net-lock", lock, 1) == 1 &&
		 net_plan_add(&np, "net-run-dir", run_dir, 1) == 1 &&
		 net_plan_add(&np, "bridge", bridge, 2) == 1;
	if (ok && strcmp(argv[2], "-") != 0)
		ok = net_plan_add(&np, "nft-binary", nft, 1) == 1;
	if (ok && strcmp(argv[5], "-") != 0)
		ok = net_plan_add(&np, "nft-table", table, 3) == 1;
	if (ok && net_teardown(&np) < 0)
		ok = 0;
	net_plan_free(&np);
	if (!ok) {
		fail_wrap("net-release %s", argv[3]);
		print_err();
		return 1;
	}
	return 0;
}
