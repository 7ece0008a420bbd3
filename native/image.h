/* image.h - the ext4 image of --storage, mounted on the tree. */
#ifndef CLOISTER_IMAGE_H
#define CLOISTER_IMAGE_H

int image_mount(const char *image, const char *dir);
int image_unmount(const char *dir);

#endif
