package dev.cloister.it.services;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services without -C: the host's configuration shared read-only, state private. Web
 * servers are checked from the host over the sandbox's address (their stock configuration
 * listens everywhere); the others listen on localhost by their stock configuration, which the
 * sandbox cannot change without -C, so a real client runs inside. Databases start from a copy
 * of the state the package initialised on the host, and keep what they are given across stop/start.
 * Dovecot is not here: its stock configuration needs a TLS key that stays on the host
 * (docs/services.md).
 */
@Tag("root")
class WithoutCopyIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void webServersServeWithoutCopy() throws Exception {
        Prerequisites.requireUnit("apache2");
        Prerequisites.requireUnit("nginx");
        Prerequisites.requireProgram("curl");
        try (Sandboxes s = Sandboxes.create()) {
            s.createAndStart("clst-apache-n", false, "apache2");
            ServiceMatrixIT.webPage(s, "clst-apache-n");
            s.createAndStart("clst-nginx-n", false, "nginx");
            ServiceMatrixIT.webPage(s, "clst-nginx-n");
        }
    }

    @Test
    void databasesAndCachesRunWithoutCopyAndKeepTheirData() throws Exception {
        Prerequisites.requireUnit("postgresql");
        Prerequisites.requireUnit("mariadb");
        Prerequisites.requireUnit("redis-server");
        Prerequisites.requireUnit("memcached");
        try (Sandboxes s = Sandboxes.create()) {
            s.createAndStart("clst-pg-n", false, "postgresql");
            s.createAndStart("clst-maria-n", false, "mariadb");
            s.createAndStart("clst-redis-n", false, "redis-server");
            s.createAndStart("clst-memc-n", false, "memcached");

            assertThat(psql(s, "CREATE TABLE clst (x text); INSERT INTO clst VALUES ('kept'); SELECT x FROM clst;"))
                    .isEqualTo("kept");
            assertThat(inside(s, "clst-maria-n", "mariadb", "-N", "-B", "-e", "CREATE DATABASE clst; "
                    + "CREATE TABLE clst.t (x TEXT); INSERT INTO clst.t VALUES ('kept'); SELECT x FROM clst.t;"))
                    .isEqualTo("kept");
            assertThat(inside(s, "clst-redis-n", "redis-cli", "SET", "clst-key", "kept")).isEqualTo("OK");
            assertThat(inside(s, "clst-memc-n", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/11211; "
                    + "printf 'set clst-key 0 0 4\\r\\nkept\\r\\nget clst-key\\r\\nquit\\r\\n' >&3; cat <&3"))
                    .contains("STORED", "VALUE clst-key 0 4", "kept", "END");

            for (String name : new String[] {"clst-pg-n", "clst-maria-n", "clst-redis-n"}) {
                s.restart(name);
            }
            assertThat(psql(s, "SELECT x FROM clst;")).isEqualTo("kept");
            assertThat(inside(s, "clst-maria-n", "mariadb", "-N", "-B", "-e", "SELECT x FROM clst.t;")).isEqualTo("kept");
            assertThat(inside(s, "clst-redis-n", "redis-cli", "GET", "clst-key")).isEqualTo("kept");
        }
    }

    private static String psql(Sandboxes s, String sql) throws Exception {
        return inside(s, "clst-pg-n", "runuser", "-u", "postgres", "--", "psql", "-Atq", "-c", sql);
    }

    /** A client inside the sandbox, retried while its service is still starting. */
    private static String inside(Sandboxes s, String name, String... command) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Result r;
        do {
            r = s.inside(name, command);
            if (r.exit() == 0 && !r.out().isBlank()) {
                return r.out().strip();
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("`" + String.join(" ", command) + "` in " + name + ": " + r + "\n" + s.diagnostics(name));
    }
}
