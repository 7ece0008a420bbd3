/* netclean.h - `net-release`, what `cloister gc` runs for each network. */
#ifndef CLOISTER_NETCLEAN_H
#define CLOISTER_NETCLEAN_H

int cmd_net_release(int argc, char **argv);

#endif
