package dev.cloister.it.services;

import dev.cloister.Prerequisites;
import dev.cloister.it.CloisterInstance.Result;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service matrix (docs/services.md): each service from its stock Debian unit, created with
 * -C, configured the way an administrator would (by editing the sandbox's own configuration in
 * its tree from the host), and proven by a real client on the host over the sandbox's address.
 * Stateful services are stopped and started once: the data must still be there.
 */
@Tag("root")
class ServiceMatrixIT {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String PASSWORD = "clst-Secret-1";

    @Test
    void apache2ServesAPageWrittenIntoTheTreeFromTheHost() throws Exception {
        Prerequisites.requireUnit("apache2");
        Prerequisites.requireProgram("curl");
        try (Sandboxes s = Sandboxes.create()) {
            s.createAndStart("clst-apache", true, "apache2");
            webPage(s, "clst-apache");
            s.assertOnlyRequestedRun("clst-apache", "apache2");
        }
    }

    @Test
    void nginxServesAPageWrittenIntoTheTreeFromTheHost() throws Exception {
        Prerequisites.requireUnit("nginx");
        Prerequisites.requireProgram("curl");
        try (Sandboxes s = Sandboxes.create()) {
            s.createAndStart("clst-nginx", true, "nginx");
            webPage(s, "clst-nginx");
            s.assertOnlyRequestedRun("clst-nginx", "nginx");
        }
    }

    @Test
    void postgresqlAcceptsPsqlFromTheHostAndKeepsItsData() throws Exception {
        Prerequisites.requireUnit("postgresql");
        Prerequisites.requireProgram("psql");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-pg";
            s.createAndStart(name, true, "postgresql");
            Path cluster;
            try (Stream<Path> versions = Files.list(s.file(name, "/etc/postgresql"))) {
                cluster = versions.map(v -> v.resolve("main")).filter(Files::isDirectory).findFirst().orElseThrow();
            }
            String dir = "/" + s.tree(name).relativize(cluster);
            s.edit(name, dir + "/postgresql.conf", c -> c + "\nlisten_addresses = '*'\n");
            s.edit(name, dir + "/pg_hba.conf", c -> c + "\nhost all all 0.0.0.0/0 scram-sha-256\n");
            s.inside(name, "runuser", "-u", "postgres", "--", "psql", "-c",
                    "ALTER USER postgres PASSWORD '" + PASSWORD + "'").assertOk();
            s.inside(name, "systemctl", "restart", "postgresql").assertOk();
            String ip = s.address(name);
            Map<String, String> env = Map.of("PGPASSWORD", PASSWORD, "PGCONNECT_TIMEOUT", "5");
            Result r = s.client(PATIENCE, env, "psql", "-h", ip, "-U", "postgres", "-Atq", "-c",
                    "CREATE TABLE clst (x text); INSERT INTO clst VALUES ('kept'); SELECT x FROM clst;");
            assertThat(r.exit()).as("psql: %s %s %s", r.out(), r.err(), s.diagnostics(name)).isZero();
            assertThat(r.out().strip()).isEqualTo("kept");
            s.assertOnlyRequestedRun(name, "postgresql");

            s.restart(name);
            r = s.client(PATIENCE, env, "psql", "-h", ip, "-U", "postgres", "-Atq", "-c", "SELECT x FROM clst;");
            assertThat(r.exit()).as("psql after restart: %s %s %s", r.out(), r.err(), s.diagnostics(name)).isZero();
            assertThat(r.out().strip()).isEqualTo("kept");
        }
    }

    @Test
    void mariadbAcceptsTheClientFromTheHostAndKeepsItsData() throws Exception {
        Prerequisites.requireUnit("mariadb");
        Prerequisites.requireProgram("mariadb");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-maria";
            s.createAndStart(name, true, "mariadb");
            mariadbServes(s, name);
            s.assertOnlyRequestedRun(name, "mariadb");

            s.restart(name);
            Result r = mariadb(s, name, "SELECT x FROM clst.t;");
            assertThat(r.exit()).as("mariadb after restart: %s %s %s", r.out(), r.err(), s.diagnostics(name)).isZero();
            assertThat(r.out().strip()).isEqualTo("kept");
        }
    }

    @Test
    void redisAnswersSetAndGetFromTheHostAndPersists() throws Exception {
        Prerequisites.requireUnit("redis-server");
        Prerequisites.requireProgram("redis-cli");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-redis";
            s.createAndStart(name, true, "redis-server");
            s.edit(name, "/etc/redis/redis.conf", c -> c.replaceAll("(?m)^bind .*$", "bind 0.0.0.0")
                    + "\nrequirepass " + PASSWORD + "\nappendonly yes\n");
            s.inside(name, "systemctl", "restart", "redis-server").assertOk();
            String ip = s.address(name);
            Map<String, String> env = Map.of("REDISCLI_AUTH", PASSWORD);
            Result r = s.client(PATIENCE, env, "redis-cli", "-h", ip, "SET", "clst-key", "kept");
            assertThat(r.out().strip()).as("SET: %s %s %s", r.out(), r.err(), s.diagnostics(name)).isEqualTo("OK");
            r = s.client(PATIENCE, env, "redis-cli", "-h", ip, "GET", "clst-key");
            assertThat(r.out().strip()).isEqualTo("kept");
            s.assertOnlyRequestedRun(name, "redis-server");

            s.restart(name);
            r = s.client(PATIENCE, env, "redis-cli", "-h", ip, "GET", "clst-key");
            assertThat(r.out().strip()).as("GET after restart: %s %s %s", r.out(), r.err(), s.diagnostics(name))
                    .isEqualTo("kept");
        }
    }

    @Test
    void memcachedAnswersSetAndGetFromTheHost() throws Exception {
        Prerequisites.requireUnit("memcached");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-memc";
            s.createAndStart(name, true, "memcached");
            s.edit(name, "/etc/memcached.conf", c -> c.replaceAll("(?m)^-l .*$", "-l 0.0.0.0"));
            s.inside(name, "systemctl", "restart", "memcached").assertOk();
            try (LineClient mc = LineClient.connect(s.address(name), 11211, PATIENCE)) {
                mc.send("set clst-key 0 0 4\r\nkept\r\n");
                assertThat(mc.line()).isEqualTo("STORED");
                mc.send("get clst-key\r\n");
                assertThat(mc.until("END"::equals)).containsExactly("VALUE clst-key 0 4", "kept", "END");
            }
            s.assertOnlyRequestedRun(name, "memcached");
        }
    }

    @Test
    void dovecotLogsInAListsAndKeepsMail() throws Exception {
        Prerequisites.requireUnit("dovecot");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-imap";
            s.cloister("create", "-C", "-u", "dovecot", name).assertOk();
            // The administrator's setup: plain IMAP for this test (TLS with the key the sandbox got
            // instead of the host's is OwnKeysIT's), a passwd-file user whose mail lives in its own /home.
            s.edit(name, "/etc/dovecot/conf.d/10-ssl.conf", c -> c.replaceAll("(?m)^ssl = .*$", "ssl = no")
                    .replaceAll("(?m)^(ssl_(cert|key) = .*)$", "#$1"));
            s.edit(name, "/etc/dovecot/conf.d/10-auth.conf", c -> c
                    .replace("\n!include auth-system.conf.ext", "\n#!include auth-system.conf.ext")
                    .replace("#!include auth-passwdfile.conf.ext", "!include auth-passwdfile.conf.ext"));
            Files.writeString(s.file(name, "/etc/dovecot/local.conf"), """
                    listen = *
                    disable_plaintext_auth = no
                    mail_location = maildir:~/Maildir
                    """);
            Path users = s.file(name, "/etc/dovecot/users");
            Files.writeString(users, "clst:{PLAIN}" + PASSWORD + ":5000:5000::/home/clst::\n");
            Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rw-r-----"));
            // Dovecot's auth process reads it as the sandbox's dovecot group (its /etc/group, ids as inside).
            int dovecotGid = Files.readAllLines(s.file(name, "/etc/group")).stream().filter(l -> l.startsWith("dovecot:"))
                    .map(l -> Integer.parseInt(l.split(":")[2])).findFirst().orElseThrow();
            Files.setAttribute(users, "unix:gid", dovecotGid);
            Path home = Files.createDirectories(s.file(name, "/home/clst"));
            Files.setAttribute(home, "unix:uid", 5000);
            Files.setAttribute(home, "unix:gid", 5000);
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
            s.cloister("start", name).assertOk();
            String ip = s.address(name);

            String message = "Subject: clst\r\n\r\nkept\r\n";
            try (LineClient imap = LineClient.connect(ip, 143, PATIENCE)) {
                assertThat(imap.line()).as("greeting; %s", s.diagnostics(name)).startsWith("* OK");
                imap.send("a LOGIN clst " + PASSWORD + "\r\n");
                assertThat(imap.until(l -> l.startsWith("a "))).last().asString().startsWith("a OK");
                imap.send("b CREATE Kept\r\n");
                assertThat(imap.until(l -> l.startsWith("b "))).last().asString().startsWith("b OK");
                imap.send("c APPEND Kept {" + message.length() + "}\r\n");
                assertThat(imap.line()).startsWith("+");
                imap.send(message + "\r\n");
                assertThat(imap.until(l -> l.startsWith("c "))).last().asString().startsWith("c OK");
                imap.send("d LIST \"\" \"*\"\r\n");
                List<String> list = imap.until(l -> l.startsWith("d "));
                assertThat(list).last().asString().startsWith("d OK");
                assertThat(list).anyMatch(l -> l.startsWith("* LIST") && l.contains("Kept"))
                        .anyMatch(l -> l.startsWith("* LIST") && l.contains("INBOX"));
            }
            s.assertOnlyRequestedRun(name, "dovecot");

            s.restart(name);
            try (LineClient imap = LineClient.connect(ip, 143, PATIENCE)) {
                assertThat(imap.line()).startsWith("* OK");
                imap.send("a LOGIN clst " + PASSWORD + "\r\n");
                assertThat(imap.until(l -> l.startsWith("a "))).last().asString().startsWith("a OK");
                imap.send("b SELECT Kept\r\n");
                List<String> select = imap.until(l -> l.startsWith("b "));
                assertThat(select).as("the mailbox after stop/start").contains("* 1 EXISTS")
                        .last().asString().startsWith("b OK");
                imap.send("c LOGOUT\r\n");
            }
        }
    }

    @Test
    void apache2AndMariadbInOneSandboxBothServe() throws Exception {
        Prerequisites.requireUnit("apache2");
        Prerequisites.requireUnit("mariadb");
        Prerequisites.requireProgram("curl");
        Prerequisites.requireProgram("mariadb");
        try (Sandboxes s = Sandboxes.create()) {
            String name = "clst-lamp";
            s.createAndStart(name, true, "apache2", "mariadb");
            webPage(s, name);
            mariadbServes(s, name);
            s.assertOnlyRequestedRun(name, "apache2", "mariadb");
        }
    }

    /** A page written into the tree's var/www/html from the host, fetched by curl over the sandbox's address. */
    static void webPage(Sandboxes s, String name) throws Exception {
        String page = "clst page of " + name + " " + System.nanoTime() + "\n";
        Files.writeString(s.file(name, "/var/www/html/clst.html"), page);
        Result r = s.client(PATIENCE, Map.of(), "curl", "-sSf", "-m", "5",
                "http://" + s.address(name) + "/clst.html");
        assertThat(r.exit()).as("curl: %s %s", r.err(), s.diagnostics(name)).isZero();
        assertThat(r.out()).isEqualTo(page);
    }

    /** Listens on all addresses, has a user with a password; a table made from the host holds a row. */
    private static void mariadbServes(Sandboxes s, String name) throws Exception {
        s.edit(name, "/etc/mysql/mariadb.conf.d/50-server.cnf",
                c -> c.replaceAll("(?m)^bind-address\\s*=.*$", "bind-address = 0.0.0.0\nskip-name-resolve"));
        s.inside(name, "mariadb", "-e", "CREATE USER 'clst'@'%' IDENTIFIED BY '" + PASSWORD + "'; "
                + "GRANT ALL ON clst.* TO 'clst'@'%';").assertOk();
        s.inside(name, "systemctl", "restart", "mariadb").assertOk();
        Result r = mariadb(s, name, "CREATE DATABASE clst; CREATE TABLE clst.t (x TEXT); "
                + "INSERT INTO clst.t VALUES ('kept'); SELECT x FROM clst.t;");
        assertThat(r.exit()).as("mariadb: %s %s %s", r.out(), r.err(), s.diagnostics(name)).isZero();
        assertThat(r.out().strip()).isEqualTo("kept");
    }

    private static Result mariadb(Sandboxes s, String name, String sql) throws Exception {
        return s.client(PATIENCE, Map.of("MYSQL_PWD", PASSWORD), "mariadb", "-h", s.address(name), "-u", "clst",
                "--connect-timeout=5", "-N", "-B", "-e", sql);
    }
}
