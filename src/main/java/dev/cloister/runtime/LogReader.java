package dev.cloister.runtime;

import dev.cloister.store.SandboxFiles;
import dev.cloister.store.SandboxStatus;
import dev.cloister.tree.SafeDelete;
import dev.cloister.tree.TreePaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code logs}: a running sandbox's journal is read inside it (journalctl runs confined, like
 * any execute); a stopped one's journal files are copied out of the tree first, each opened
 * relative to its directory without following links, so a link planted in the tree cannot make
 * the host read anything else. A generic sandbox has no journal: its console log is shown.
 */
public final class LogReader {
    private final Context context;

    public LogReader(Context context) {
        this.context = context;
    }

    public int show(String name, boolean follow, int lines) throws IOException {
        SandboxFiles files = context.store().files(name);
        boolean service = context.store().load(name).isService();
        SandboxStatus status = context.store().status(name);
        if (!service) {
            return consoleLog(files, lines);
        }
        List<String> args = new ArrayList<>(List.of("--no-pager", "-n", Integer.toString(lines)));
        if (follow) {
            args.add("-f");
        }
        if (status instanceof SandboxStatus.Running) {
            List<String> cmd = new ArrayList<>(List.of("journalctl"));
            cmd.addAll(args);
            return new Executor(context).execute(name, false, Executor.Terminal.NO_TTY, cmd);
        }
        if (follow) {
            throw new IllegalStateException("sandbox '" + name + "' is not running: -f follows a running sandbox only");
        }
        Path copy = Files.createTempDirectory("cloister-journal-");
        try {
            copyJournal(files.tree(), copy);
            List<String> cmd = new ArrayList<>(List.of("journalctl", "--directory=" + copy));
            cmd.addAll(args);
            return new ProcessBuilder(cmd).inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            SafeDelete.deleteTree(copy);
        }
    }

    /**
     * The last LINES lines of the console log (and of its rotated predecessor), read from the end:
     * a large log costs only what is shown; bytes that are not UTF-8 are shown as U+FFFD.
     */
    private static int consoleLog(SandboxFiles files, int lines) throws IOException {
        Path log = files.consoleLog();
        List<String> shown = new ArrayList<>(tail(log, lines));
        if (shown.size() < lines) {
            List<String> older = tail(log.resolveSibling(log.getFileName() + ".1"), lines - shown.size());
            shown.addAll(0, older);
        }
        shown.forEach(System.out::println);
        return 0;
    }

    static List<String> tail(Path file, int lines) throws IOException {
        if (lines <= 0 || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)) {
            long end = ch.size();
            long start = 0;
            int seen = 0;
            java.nio.ByteBuffer chunk = java.nio.ByteBuffer.allocate(1 << 16);
            scan:
            for (long pos = end; pos > 0; ) {
                int n = (int) Math.min(chunk.capacity(), pos);
                pos -= n;
                readFully(ch, chunk.clear().limit(n), pos);
                for (int i = n - 1; i >= 0; i--) {
                    // the line end that ends the file closes the last line; each earlier one starts a line
                    if (chunk.get(i) == '\n' && pos + i != end - 1 && ++seen == lines) {
                        start = pos + i + 1;
                        break scan;
                    }
                }
            }
            java.nio.ByteBuffer text = java.nio.ByteBuffer.allocate((int) Math.min(end - start, 64L << 20));
            readFully(ch, text, end - text.capacity());
            return new String(text.array(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static void readFully(java.nio.channels.FileChannel ch, java.nio.ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
            // until full or at the end
        }
    }

    /**
     * Copies the regular *.journal files of each machine directory; anything else is skipped.
     * The journal directory is reached from the tree one component at a time without following
     * links, so a /var/log planted as a link cannot send the host reading elsewhere.
     */
    private static void copyJournal(Path tree, Path into) throws IOException {
        SecureDirectoryStream<Path> secureTop;
        try {
            secureTop = TreePaths.openBeneath(tree, "var/log/journal");
        } catch (java.nio.file.FileSystemException e) {
            return; // missing, or not a real directory: no journal to show
        }
        try (secureTop) {
            for (Path machine : secureTop) {
                Path machineName = machine.getFileName();
                if (!attrs(secureTop, machineName).isDirectory()) {
                    continue;
                }
                Path target = Files.createDirectories(into.resolve(machineName.toString()));
                try (SecureDirectoryStream<Path> dir = secureTop.newDirectoryStream(machineName, LinkOption.NOFOLLOW_LINKS)) {
                    for (Path file : dir) {
                        Path fileName = file.getFileName();
                        if (!fileName.toString().endsWith(".journal") || !attrs(dir, fileName).isRegularFile()) {
                            continue;
                        }
                        try (var in = dir.newByteChannel(fileName, java.util.Set.of(StandardOpenOption.READ,
                                LinkOption.NOFOLLOW_LINKS));
                             var out = Files.newByteChannel(target.resolve(fileName.toString()),
                                     StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                            copySparse(in, out);
                        }
                    }
                }
            }
        }
    }

    /**
     * Copies a journal file leaving out its zero blocks (holes stay holes, zeros become holes): a
     * sparse file in the tree costs the host's temporary directory only the data in it.
     */
    static void copySparse(java.nio.channels.SeekableByteChannel in, java.nio.channels.SeekableByteChannel out)
            throws IOException {
        byte[] zeros = new byte[1 << 20];
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 20);
        long size = in.size();
        long pos = 0;
        while (pos < size) {
            buffer.clear();
            int n = in.read(buffer);
            if (n <= 0) {
                break;
            }
            if (java.util.Arrays.mismatch(buffer.array(), 0, n, zeros, 0, n) >= 0) {
                buffer.flip();
                out.position(pos);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
            pos += n;
        }
        if (out.size() < pos) {
            out.position(pos - 1);
            out.write(java.nio.ByteBuffer.wrap(new byte[1])); // the length, ending in a hole but for one byte
        }
    }

    private static BasicFileAttributes attrs(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
    }
}
