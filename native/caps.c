/* caps.c - capability bounding set and process capability sets. */
#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "caps.h"
#include "plan.h"
#include "util.h"

/* Bits of the capabilities this kernel knows (0..CAP_LAST_CAP). */
static uint64_t known_caps(void)
{
	uint64_t m = 0;
	for (int c = 0; c < 64; c++) {
		if (prctl(PR_CAPBSET_READ, c, 0, 0, 0) < 0)
			break;
		m |= 1ULL << c;
	}
	return m;
}

int caps_bound(const struct op *op)
{
	for (int c = 0; c < 64; c++) {
		int r = prctl(PR_CAPBSET_READ, c, 0, 0, 0);
		if (r < 0)
			break; /* past CAP_LAST_CAP */
		if (r == 1 && !(op->num[0] & (1ULL << c)) &&
		    prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
			return fail_op_errno(op, "drop capability %d from the bounding set", c);
	}
	return 0;
}

int caps_set(const struct op *op)
{
	uint64_t v = op->num[0] & known_caps();
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	for (int i = 0; i < 2; i++) {
		uint32_t w = (uint32_t)(v >> (32 * i));
		d[i].effective = d[i].permitted = d[i].inheritable = w;
	}
	if (syscall(SYS_capset, &h, d) < 0)
		return fail_op_errno(op, "capset 0x%llx", (unsigned long long)v);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return fail_op_errno(op, "clear ambient capabilities");
	return 0;
}
