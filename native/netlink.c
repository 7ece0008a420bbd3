/* netlink.c - a minimal rtnetlink client. Requests are built in a fixed buffer with bounds
 * checks; replies are read until the kernel's ack, error or DONE for our sequence number. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include "netlink.h"
#include "util.h"

int nl_open(struct nl_sock *s)
{
	s->seq = 0;
	s->ext_msg[0] = '\0';
	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (s->fd < 0)
		return -1;
	/* Extended acks give the kernel's reason ("Invalid prefix…") instead of a bare errno;
	 * capped acks keep our request out of the error reply. Both are best effort. */
	int one = 1;
	(void)setsockopt(s->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	(void)setsockopt(s->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int e = errno;
		(void)close(s->fd);
		s->fd = -1;
		errno = e;
		return -1;
	}
	return 0;
}

void nl_close(struct nl_sock *s)
{
	if (s->fd >= 0)
		(void)close(s->fd);
	s->fd = -1;
}

static struct nlmsghdr *hdr(struct nl_msg *m)
{
	return (struct nlmsghdr *)m->buf;
}

void nl_msg_init(struct nl_msg *m, uint16_t type, uint16_t flags, const void *fam, size_t famlen)
{
	memset(m, 0, sizeof *m);
	if (NLMSG_SPACE(famlen) > NL_MSG_MAX) {
		m->overflow = 1;
		return;
	}
	struct nlmsghdr *h = hdr(m);
	h->nlmsg_len = (uint32_t)NLMSG_LENGTH(NLMSG_ALIGN(famlen));
	h->nlmsg_type = type;
	h->nlmsg_flags = flags;
	memcpy(NLMSG_DATA(h), fam, famlen);
}

/* Reserves len aligned bytes at the end of the message; NULL (and overflow) if they do not fit. */
static void *grow(struct nl_msg *m, size_t len)
{
	struct nlmsghdr *h = hdr(m);
	if (m->overflow || len > NL_MSG_MAX || h->nlmsg_len + NLMSG_ALIGN(len) > NL_MSG_MAX) {
		m->overflow = 1;
		return NULL;
	}
	void *p = (char *)m->buf + h->nlmsg_len;
	h->nlmsg_len += (uint32_t)NLMSG_ALIGN(len);
	return p;   /* already zero: nl_msg_init cleared the whole buffer */
}

void nl_put(struct nl_msg *m, uint16_t type, const void *data, size_t len)
{
	struct rtattr *a = grow(m, RTA_LENGTH(len));
	if (!a)
		return;
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
}

void nl_put_u32(struct nl_msg *m, uint16_t type, uint32_t v)
{
	nl_put(m, type, &v, sizeof v);
}

void nl_put_str(struct nl_msg *m, uint16_t type, const char *s)
{
	nl_put(m, type, s, strlen(s) + 1);
}

void nl_put_raw(struct nl_msg *m, const void *data, size_t len)
{
	void *p = grow(m, len);
	if (p)
		memcpy(p, data, len);
}

size_t nl_nest_begin(struct nl_msg *m, uint16_t type)
{
	size_t off = hdr(m)->nlmsg_len;
	nl_put(m, type, NULL, 0);
	return off;
}

void nl_nest_end(struct nl_msg *m, size_t handle)
{
	if (m->overflow)
		return;
	struct rtattr *a = (struct rtattr *)((char *)m->buf + handle);
	size_t len = hdr(m)->nlmsg_len - handle;
	if (len > 0xffff) {
		m->overflow = 1;
		return;
	}
	a->rta_len = (unsigned short)len;
}

const struct rtattr *nl_attr_find(const void *attrs, size_t len, uint16_t type)
{
	long rem = (long)len;
	for (const struct rtattr *a = attrs; RTA_OK(a, rem); a = RTA_NEXT(a, rem))
		if ((a->rta_type & NLA_TYPE_MASK) == type)
			return a;
	return NULL;
}

/* Copies the kernel's NLMSGERR_ATTR_MSG, when present, into s->ext_msg. */
static void read_ext_ack(struct nl_sock *s, const struct nlmsghdr *h)
{
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	const struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = NLMSG_HDRLEN + sizeof *e;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	if (off >= h->nlmsg_len)
		return;
	const struct rtattr *a = nl_attr_find((const char *)h + off, h->nlmsg_len - off,
					      NLMSGERR_ATTR_MSG);
	if (!a)
		return;
	size_t n = strnlen(RTA_DATA(a), RTA_PAYLOAD(a));
	if (n >= sizeof s->ext_msg)
		n = sizeof s->ext_msg - 1;
	memcpy(s->ext_msg, RTA_DATA(a), n);
	s->ext_msg[n] = '\0';
}

/* Returns 1 when h ends the exchange (result in *done_ret/errno), 0 otherwise. */
static int finished(struct nl_sock *s, const struct nlmsghdr *h, int ret, int *done_ret)
{
	if (h->nlmsg_type == NLMSG_DONE) {
		int err = 0;
		if (h->nlmsg_len >= NLMSG_LENGTH(sizeof err))
			memcpy(&err, NLMSG_DATA(h), sizeof err);
		*done_ret = err < 0 ? (errno = -err, -1) : ret;
		return 1;
	}
	if (h->nlmsg_type != NLMSG_ERROR)
		return 0;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		errno = EBADMSG;
		*done_ret = -1;
		return 1;
	}
	const struct nlmsgerr *e = NLMSG_DATA(h);
	if (e->error < 0) {
		read_ext_ack(s, h);
		errno = -e->error;
		*done_ret = -1;
	} else {
		*done_ret = ret;
	}
	return 1;
}

int nl_transact(struct nl_sock *s, struct nl_msg *m, nl_reply_fn fn, void *arg)
{
	struct nlmsghdr *h = hdr(m);
	if (m->overflow) {
		errno = EMSGSIZE;
		return -1;
	}
	if ((h->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		h->nlmsg_flags |= NLM_F_ACK;
	h->nlmsg_flags |= NLM_F_REQUEST;
	h->nlmsg_seq = ++s->seq;
	s->ext_msg[0] = '\0';
	const uint32_t seq = h->nlmsg_seq;

	struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
	ssize_t sent = sendto(s->fd, h, h->nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel);
	if (sent < 0)
		return -1;
	if ((size_t)sent != h->nlmsg_len) {
		errno = EIO;
		return -1;
	}

	static uint32_t rbuf[16384];   /* 64 KiB: larger than any single rtnetlink skb */
	int ret = 0;
	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = {.iov_base = rbuf, .iov_len = sizeof rbuf};
		struct msghdr mh = {.msg_name = &from, .msg_namelen = sizeof from,
				    .msg_iov = &iov, .msg_iovlen = 1};
		ssize_t n = recvmsg(s->fd, &mh, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (mh.msg_flags & MSG_TRUNC) {
			errno = EMSGSIZE;
			return -1;
		}
		if (mh.msg_namelen != sizeof from || from.nl_pid != 0)
			continue;   /* only the kernel talks to us */
		long rem = (long)n;
		for (const struct nlmsghdr *r = (const struct nlmsghdr *)rbuf; NLMSG_OK(r, rem);
		     r = NLMSG_NEXT(r, rem)) {
			if (r->nlmsg_seq != seq)
				continue;   /* a stale reply to an earlier, abandoned request */
			int done_ret;
			if (finished(s, r, ret, &done_ret))
				return done_ret;
			if (ret == 0 && fn)
				ret = fn(r, arg);
		}
	}
}

int nl_fail(const struct nl_sock *s, const char *fmt, ...)
{
	int e = errno;
	char what[1024];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	errno = e;
	(void)fail_errno("%s", what);
	size_t n = strlen(g_err);
	if (s && s->ext_msg[0])
		(void)snprintf(g_err + n, sizeof g_err - n, " (%s)", s->ext_msg);
	errno = e;
	return -1;
}
