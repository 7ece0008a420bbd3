package dev.cloister.tree;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;

import static org.assertj.core.api.Assertions.assertThat;

/** The relabel walk, with an unprivileged "user." attribute standing in for security.selinux. */
class TreeLabelTest {
    @TempDir
    Path tree;

    @Test
    void everyFileAndDirectoryGetsTheLabelAndLinksAreNotFollowed() throws Exception {
        Path outside = Files.createTempFile("clst-test-outside", "");
        try {
            Files.createDirectories(tree.resolve("etc/apache2"));
            Files.writeString(tree.resolve("etc/apache2/apache2.conf"), "x");
            Files.createSymbolicLink(tree.resolve("etc/escape"), outside);
            TreeLabel.label(tree, "user.clst-test", "system_u:object_r:container_file_t:s0:c1,c2", false);
            for (Path p : new Path[] {tree, tree.resolve("etc"), tree.resolve("etc/apache2/apache2.conf")}) {
                assertThat(read(p)).as(p.toString()).isEqualTo("system_u:object_r:container_file_t:s0:c1,c2\0");
            }
            assertThat(Files.getFileAttributeView(outside, UserDefinedFileAttributeView.class).list())
                    .doesNotContain("clst-test");
        } finally {
            Files.delete(outside);
        }
    }

    /** Upgrade: files of another type (new, or made with SELinux off) are labelled; a deliberate level stays. */
    @Test
    void onlyEntriesOfAnotherTypeAreRelabelledAtUpgrade() throws Exception {
        Files.createDirectories(tree.resolve("var/www/html"));
        String own = "system_u:object_r:container_file_t:s0:c1,c2";
        TreeLabel.label(tree, "user.clst-test", own, false);
        Path bad = tree.resolve("var/www/html/badcontent");
        Path fresh = tree.resolve("var/www/html/new.html");
        Files.writeString(bad, "Secret");
        Files.writeString(fresh, "new");
        write(bad, "unconfined_u:object_r:container_file_t:s0:c3,c4");
        write(fresh, "system_u:object_r:var_t:s0");
        TreeLabel.label(tree, "user.clst-test", own, true);
        assertThat(read(bad)).as("a level set on purpose").isEqualTo("unconfined_u:object_r:container_file_t:s0:c3,c4");
        assertThat(read(fresh)).as("a file of the host's type").isEqualTo(own + "\0");
        assertThat(read(tree.resolve("var/www"))).isEqualTo(own + "\0");
    }

    private static void write(Path p, String value) throws Exception {
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
                .write("clst-test", ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(Path p) throws Exception {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class);
        ByteBuffer buffer = ByteBuffer.allocate(view.size("clst-test"));
        view.read("clst-test", buffer);
        return new String(buffer.array(), StandardCharsets.UTF_8);
    }
}
