package dev.cloister.it.escape;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack program (src/test/resources/.../escape/escape.c), compiled once per JVM with
 * {@code gcc -static} so it also runs inside a chroot for the controls, and the verdicts the
 * battery checks. Exit codes: 0 the attack SUCCEEDED, 1 BLOCKED, 2 could not be attempted here.
 */
final class Attack {
    static final int SUCCEEDED = 0;
    static final int BLOCKED = 1;
    static final int NOT_APPLICABLE = 2;

    private static Path program;
    /** vector → "result | mechanism", printed at the end of the run for docs/security.md. */
    private static final Map<String, String> REPORT = new ConcurrentSkipListMap<>();

    /** Where the table goes: the build's own directory, which only its owner can write (not a shared /tmp). */
    static final Path REPORT_FILE = Path.of("target", "clst-test-escape-report.txt");

    /** Prints the table so far and writes it to {@link #REPORT_FILE}. */
    static synchronized void writeReport() throws IOException {
        if (REPORT.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("=== escape battery: vector | result | mechanism ===\n");
        REPORT.forEach((k, v) -> sb.append(k).append(" | ").append(v).append('\n'));
        System.out.print(sb);
        write(REPORT_FILE.toAbsolutePath(), sb.toString());
    }

    /**
     * Writes TEXT to FILE without following anything a local user may have planted there: a new
     * file of a random name in the same directory (created exclusively, 0600), renamed over FILE
     * (a planted link is replaced, its target untouched). The directory must not be writable by
     * others (checked).
     */
    static void write(Path file, String text) throws IOException {
        Path dir = Files.createDirectories(file.getParent());
        if (Files.getPosixFilePermissions(dir).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException(dir + " is writable by other users: not a place for the report");
        }
        Path tmp = Files.createTempFile(dir, ".clst-report-", ".tmp");
        try {
            Files.writeString(tmp, text, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private Attack() {
    }

    /** The compiled program (a static binary in a clst-test temporary directory). */
    static synchronized Path program() throws IOException, InterruptedException {
        if (program != null) {
            return program;
        }
        Prerequisites.requireExecutable(Path.of("/usr/bin/gcc"), "gcc");   // builds the attack program
        Path dir = Files.createTempDirectory("clst-test-escape-bin-");
        Path source = dir.resolve("escape.c");
        try (InputStream in = Attack.class.getResourceAsStream("/dev/cloister/it/escape/escape.c")) {
            assertThat(in).as("escape.c on the test classpath").isNotNull();
            Files.copy(in, source);
        }
        Path binary = dir.resolve("escape");
        Process p = new ProcessBuilder("gcc", "-static", "-O1", "-o", binary.toString(), source.toString(), "-lpthread")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("gcc: %s", out).isZero();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(binary);
                Files.deleteIfExists(source);
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // best effort
            }
        }));
        program = binary;
        return program;
    }

    /** Asserts the attack was attempted and blocked; a vector this host cannot offer is skipped with its reason. */
    static Result blocked(String vector, Result r, String mechanism) {
        if (r.exit() == NOT_APPLICABLE) {
            REPORT.put(vector, "NOT ATTEMPTED (" + verdicts(r) + ") | " + mechanism);
        }
        Prerequisites.kernelOffers(r.exit() != NOT_APPLICABLE, vector + " not attempted on this host: " + verdicts(r));
        assertThat(r.exit()).as("%s must be blocked inside the sandbox:\n%s", vector, r).isEqualTo(BLOCKED);
        assertThat(r.out()).as(vector).contains(" BLOCKED ").doesNotContain(" SUCCEEDED ");
        REPORT.put(vector, "blocked: " + last(r) + " | " + mechanism);
        return r;
    }

    /** Asserts the control run observed the attack succeed (so the detector works). */
    static Result control(String vector, Result r) {
        assertThat(r.exit()).as("control for %s must observe success:\n%s", vector, r).isEqualTo(SUCCEEDED);
        assertThat(r.out()).as(vector).contains(" SUCCEEDED ");
        REPORT.merge(vector + " (control)", "succeeded: " + last(r), (a, b) -> b);
        return r;
    }

    /** Records a vector whose outcome was checked by the test itself rather than by one program run. */
    static void note(String vector, String result) {
        REPORT.put(vector, result);
    }

    /** The attack program's verdict lines ("RESULT vector VERDICT detail"). */
    private static List<String> verdicts(Result r) {
        return r.out().lines().filter(l -> l.startsWith("RESULT ")).toList();
    }

    private static String last(Result r) {
        List<String> v = verdicts(r);
        return v.isEmpty() ? r.out().strip() : String.join("; ", v.stream().map(l -> l.replaceFirst("^RESULT \\S+ ", "")).toList());
    }
}
