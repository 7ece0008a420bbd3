/* netlink.h - a minimal rtnetlink (NETLINK_ROUTE) client: build, send, read acks. */
#ifndef CLOISTER_NETLINK_H
#define CLOISTER_NETLINK_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#define NL_MSG_MAX 1024        /* our requests are small; anything bigger is a bug */

struct nl_sock {
	int fd;
	uint32_t seq;
	char ext_msg[160];     /* kernel's extended-ack text of the last error, or "" */
};

/* One request being built. Any append that would not fit sets overflow; nl_transact then
 * refuses to send (EMSGSIZE) so no caller has to check every append. */
struct nl_msg {
	uint32_t buf[NL_MSG_MAX / 4];  /* uint32_t: netlink alignment */
	int overflow;
};

int nl_open(struct nl_sock *s);            /* 0, or -1 with errno */
void nl_close(struct nl_sock *s);

/* Starts a message: header, then the family header (ifinfomsg, ifaddrmsg, rtmsg...). */
void nl_msg_init(struct nl_msg *m, uint16_t type, uint16_t flags, const void *fam, size_t famlen);
void nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len);
void nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t v);
void nl_put_str(struct nl_msg *m, uint16_t type, const char *s);
void nl_put_raw(struct nl_msg *m, const void *data, size_t len);   /* aligned, no attr header */
size_t nl_nest_begin(struct nl_msg *m, uint16_t type);              /* returns a handle */
void nl_nest_end(struct nl_msg *m, size_t handle);

/* Called for each reply message that is neither an error/ack nor DONE. Non-zero stops with
 * that value returned by nl_transact (after draining the rest of the reply). */
typedef int (*nl_reply_fn)(const struct nlmsghdr *h, void *arg);

/* Sends m (with NLM_F_REQUEST, and NLM_F_ACK unless it is a dump), reads until the ack,
 * error or DONE. Returns 0, the callback's value, or -1 with errno = the kernel's error
 * (s->ext_msg holds its text when the kernel gave one). */
int nl_transact(struct nl_sock *s, struct nl_msg *m, nl_reply_fn fn, void *arg);

/* fail_errno (util.h) for a failed nl_* call on s, with the kernel's own words appended when
 * it gave some: "WHAT: strerror(errno) (ext-ack text)". Returns -1, keeps errno. */
int nl_fail(const struct nl_sock *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Attribute walking over a received message's payload after the family header. */
const struct rtattr *nl_attr_find(const void *attrs, size_t len, uint16_t type);

#endif
