/*
 * Tree images: a sandbox with a storage limit keeps its tree in a size-limited ext4 image,
 * mounted (through an autoclear loop device) on the tree's directory in the host's mount
 * namespace, so host-side edits reach it. `start` mounts it again after a reboot; `mount-image`
 * and `unmount` serve create, clone and delete.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/loop.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>
#include "image.h"
#include "util.h"

/* 1 when dir is a mount point of the host's mount table (field 5 of mountinfo), else 0. */
static int is_mount_point(const char *dir)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return 0;
	char line[4096];
	int found = 0;
	while (!found && fgets(line, sizeof line, f)) {
		char *field = line;
		for (int i = 0; i < 4 && field; i++) {
			field = strchr(field, ' ');
			if (field)
				field++;
		}
		if (!field)
			continue;
		size_t n = strcspn(field, " ");
		found = n == strlen(dir) && strncmp(field, dir, n) == 0;
	}
	fclose(f);
	return found;
}

int image_mount(const char *image, const char *dir)
{
	if (is_mount_point(dir))
		return 0;
	int img = open(image, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
	if (img < 0)
		return fail_errno("open tree image %s", image);
	int ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		close(img);
		return fail_errno("open /dev/loop-control");
	}
	int rc = -1;
	for (int attempt = 0; attempt < 16 && rc < 0; attempt++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			fail_errno("LOOP_CTL_GET_FREE");
			break;
		}
		char dev[32];
		snprintf(dev, sizeof dev, "/dev/loop%d", n);
		int loop = open(dev, O_RDWR | O_CLOEXEC);
		if (loop < 0) {
			fail_errno("open %s", dev);
			break;
		}
		struct loop_config cfg;
		memset(&cfg, 0, sizeof cfg);
		cfg.fd = (unsigned)img;
		cfg.info.lo_flags = LO_FLAGS_AUTOCLEAR; /* the device goes with the last unmount */
		if (ioctl(loop, LOOP_CONFIGURE, &cfg) < 0) {
			int e = errno;
			close(loop);
			if (e == EBUSY)
				continue; /* another process took this device first */
			errno = e;
			fail_errno("LOOP_CONFIGURE %s", dev);
			break;
		}
		if (mount(dev, dir, "ext4", MS_NOSUID | MS_NODEV, "") < 0)
			fail_errno("mount %s on %s", image, dir);
		else
			rc = 0;
		close(loop); /* the mount holds the device; autoclear detaches it after umount */
	}
	close(ctl);
	close(img);
	return rc;
}

int image_unmount(const char *dir)
{
	if (!is_mount_point(dir))
		return 0;
	if (umount2(dir, UMOUNT_NOFOLLOW) < 0)
		return fail_errno("unmount %s", dir);
	return 0;
}
