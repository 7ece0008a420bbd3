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

    private static int consoleLog(SandboxFiles files, int lines) throws IOException {
        if (Files.exists(files.consoleLog())) {
            List<String> all = Files.readAllLines(files.consoleLog());
            all.subList(Math.max(0, all.size() - lines), all.size()).forEach(System.out::println);
        }
        return 0;
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
                            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(1 << 16);
                            while (in.read(buffer) >= 0) {
                                buffer.flip();
                                out.write(buffer);
                                buffer.clear();
                            }
                        }
                    }
                }
            }
        }
    }

    private static BasicFileAttributes attrs(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return dir.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
    }
}
