/* copy.h - `copy-tree`. */
#ifndef CLOISTER_COPY_H
#define CLOISTER_COPY_H

int cmd_copy_tree(int argc, char **argv);   /* 2 = usage error */

#endif
