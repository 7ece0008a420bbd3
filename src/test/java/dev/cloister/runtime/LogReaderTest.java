package dev.cloister.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class LogReaderTest {
    @TempDir
    Path dir;

    @Test
    void tailReadsTheLastLinesAndShowsBytesThatAreNotUtf8() throws Exception {
        Path log = dir.resolve("console.log");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        Files.writeString(log, sb);
        assertThat(LogReader.tail(log, 3)).containsExactly("line 99997", "line 99998", "line 99999");
        Files.write(log, new byte[] {'a', '\n', (byte) 0xff, 'b', '\n', 'c'});
        assertThat(LogReader.tail(log, 2)).containsExactly("\uFFFDb", "c");
        assertThat(LogReader.tail(log, 10)).containsExactly("a", "\uFFFDb", "c");
        assertThat(LogReader.tail(dir.resolve("missing"), 5)).isEmpty();
    }

    @Test
    void aSparseJournalIsCopiedWithItsHoles() throws Exception {
        Path sparse = dir.resolve("sparse.journal");
        try (SeekableByteChannel ch = Files.newByteChannel(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            ch.position(1L << 30);
            ch.write(ByteBuffer.wrap("data".getBytes()));
        }
        Path copy = dir.resolve("copy.journal");
        try (SeekableByteChannel in = Files.newByteChannel(sparse);
             SeekableByteChannel out = Files.newByteChannel(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            LogReader.copySparse(in, out);
        }
        assertThat(Files.size(copy)).isEqualTo(Files.size(sparse));
        Process du = new ProcessBuilder("stat", "-c", "%b", copy.toString()).start();
        long blocks = Long.parseLong(new String(du.getInputStream().readAllBytes()).strip());
        assertThat(blocks * 512).as("bytes the copy occupies").isLessThan(1L << 20);
        try (SeekableByteChannel in = Files.newByteChannel(copy)) {
            ByteBuffer b = ByteBuffer.allocate(4);
            in.position(1L << 30).read(b);
            assertThat(new String(b.array())).isEqualTo("data");
        }
    }
}
