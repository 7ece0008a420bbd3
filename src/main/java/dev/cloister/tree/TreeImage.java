package dev.cloister.tree;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The storage limit of a sandbox: its tree lives in an ext4 image of that size (sparse, so
 * it takes only what is written), which the helper mounts on the tree's directory. Writing
 * past the size fails inside with ENOSPC; the host's filesystem and the other sandboxes are
 * untouched. Without a limit a sandbox can fill the filesystem of /var/lib/cloister.
 */
public final class TreeImage {
    private TreeImage() {
    }

    /** Whether an image is mounted on {@code tree}: its device is not its parent's (only images are mounted there). */
    public static boolean isMounted(Path tree) throws IOException {
        if (!Files.isDirectory(tree, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        return !Files.getAttribute(tree, "unix:dev", LinkOption.NOFOLLOW_LINKS)
                .equals(Files.getAttribute(tree.getParent(), "unix:dev", LinkOption.NOFOLLOW_LINKS));
    }

    public static void create(Path image, long bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(bytes);
        }
        // No reserved blocks: the whole size is the sandbox's. The root directory is host root's
        // (root inside, through the id-mapped binds), as a plain tree's is.
        Process mkfs = new ProcessBuilder("mkfs.ext4", "-q", "-F", "-m", "0", "-E", "root_owner=0:0", "-L", "cloister",
                image.toString()).redirectErrorStream(true).start();
        String said = new String(mkfs.getInputStream().readAllBytes());
        try {
            if (mkfs.waitFor() != 0) {
                throw new IOException("mkfs.ext4 failed for the tree image " + image + ": " + said.strip()
                        + " (install e2fsprogs; the size must be at least 1M)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making " + image, e);
        }
    }
}
