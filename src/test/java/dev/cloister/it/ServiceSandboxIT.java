package dev.cloister.it;

import dev.cloister.Prerequisites;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The 2012 walkthrough, for real: apache2 from its stock unit, systemd inside, on this host. */
@Tag("root")
class ServiceSandboxIT {
    private static final Pattern ADDRESS = Pattern.compile("\"(\\d+\\.\\d+\\.\\d+\\.\\d+)/\\d+\"");

    @Test
    void theSeedWalkthrough() throws Exception {
        Prerequisites.requireUnit("apache2");
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "-C", "-l", "s0:c1,c2", "-u", "apache2.service", "container1").assertOk();
            Path tree = c.tree("container1");
            assertThat(tree.resolve("etc/apache2/apache2.conf")).exists();
            assertThat(c.root.resolve("etc/cloister/container1.conf")).exists();
            Path unit = c.root.resolve("etc/systemd/system/container1_sandbox.service");
            assertThat(unit).content().contains("ExecStart=", "Type=notify", "ReloadPropagatedFrom=apache2.service",
                    "WantedBy=multi-user.target");
            Prerequisites.requireProgram("systemd-analyze");
            Process verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString())
                    .redirectErrorStream(true).start();
            String said = new String(verify.getInputStream().readAllBytes());
            assertThat(verify.waitFor()).as("systemd-analyze verify: %s", said).isZero();

            // An administrator's file, written from the host as root, is the sandbox's own inside.
            Files.writeString(tree.resolve("var/log/clst-admin.log"), "from the host\n");
            Files.writeString(tree.resolve("var/www/html/clst.html"), "<p>clst page</p>\n");

            c.run("start", "container1").assertOk();
            assertThat(c.run("execute", "container1", "--", "/bin/ps", "-p", "1", "-o", "comm=").assertOk().out().strip())
                    .isEqualTo("systemd");
            assertThat(c.run("execute", "container1", "--", "systemctl", "is-active", "apache2.service",
                    "systemd-journald.service").assertOk().out().lines().toList()).containsExactly("active", "active");
            assertThat(c.run("execute", "container1", "--", "/bin/sh", "-c",
                    "stat -c %U /var/log/clst-admin.log && echo inside >> /var/log/clst-admin.log").assertOk().out().strip())
                    .isEqualTo("root");
            assertThat(tree.resolve("var/log/clst-admin.log")).hasContent("from the host\ninside");
            assertThat(running(c, "container1")).doesNotContainAnyElementsOf(hostEnabledServices());
            // Host chores are masked in a service sandbox; the requested unit is not.
            assertThat(c.run("execute", "container1", "--", "systemctl", "is-enabled", "systemd-remount-fs.service",
                    "systemd-sysusers.service", "systemd-update-utmp.service", "apache2.service").out().lines().toList())
                    .containsExactly("masked", "masked", "masked", "enabled");

            assertThat(c.run("execute", "container1", "--", "curl", "-s", "http://localhost/clst.html").assertOk().out())
                    .contains("clst page");
            String address = address(c, "container1");
            assertThat(httpGet(address, "/clst.html")).contains("clst page");

            CloisterInstance.Result shell = c.run("hostname; echo shell-ok; exit\n", 60, "connect", "container1");
            assertThat(shell.out()).contains("container1", "shell-ok");

            c.run("stop", "container1").assertOk();
            assertThat(c.run("list", "--json").assertOk().out()).contains("\"state\": \"stopped\"");
            assertThat(Processes.underRoot(c.root)).isEmpty();
            assertThat(c.mountsUnderRoot()).isEmpty();

            c.run("start", "container1").assertOk();
            assertThat(c.run("execute", "container1", "--", "cat", "/var/log/clst-admin.log").assertOk().out())
                    .contains("from the host", "inside");
            c.run("stop", "container1").assertOk();

            c.run("clone", "container1", "container2").assertOk();
            c.run("start", "container1").assertOk();
            c.run("start", "container2").assertOk();
            String list = c.run("list", "--json").assertOk().out();
            assertThat(list).contains("\"label\": \"s0:c1,c2\"");
            assertThat(Stream.of(list.split("\n")).filter(l -> l.contains("\"uid_base\"")).distinct().count()).isEqualTo(2);
            assertThat(Stream.of(list.split("\n")).filter(l -> l.contains("\"label\"")).distinct().count()).isEqualTo(2);
            assertThat(c.run("execute", "container2", "--", "hostname").assertOk().out().strip()).isEqualTo("container2");
            assertThat(httpGet(address(c, "container2"), "/clst.html")).contains("clst page");
            assertThat(c.run("execute", "container2", "--", "cat", "/etc/machine-id").out())
                    .isNotEqualTo(c.run("execute", "container1", "--", "cat", "/etc/machine-id").out());

            c.run("delete", "--force", "container1").assertOk();
            c.run("delete", "--force", "container2").assertOk();
            assertThat(c.tree("container1")).doesNotExist();
            assertThat(c.root.resolve("etc/cloister/container1.conf")).doesNotExist();
            assertThat(unit).doesNotExist();
            assertThat(c.root.resolve("var/log/journal")).isEmptyDirectory();
            assertThat(c.runDir("container1")).doesNotExist();
            assertThat(c.mountsUnderRoot()).isEmpty();
            // this instance's cgroups only (a relocated instance tags them with its root; others may run)
            String tag = String.format("-%08x", c.root.resolve("var/lib/cloister").toString().hashCode());
            assertThat(cgroupsNamed("cloister-container1" + tag)).isEmpty();
            assertThat(cgroupsNamed("cloister-container2" + tag)).isEmpty();
        }
    }

    @Test
    void apacheRunsWithoutCopyAndAFailingUnitFailsStart() throws Exception {
        Prerequisites.requireUnit("apache2");
        try (CloisterInstance c = CloisterInstance.create()) {
            c.run("create", "-u", "apache2", "clst-web").assertOk();
            Path tree = c.tree("clst-web");
            Files.writeString(tree.resolve("var/www/html/index.html"), "<p>no copy</p>\n");
            c.run("start", "clst-web").assertOk();
            assertThat(httpGet(address(c, "clst-web"), "/")).contains("no copy");
            // The host's configuration is shared read-only: root inside cannot change it.
            assertThat(c.run("execute", "clst-web", "--", "/bin/sh", "-c", "echo x >> /etc/apache2/apache2.conf").exit())
                    .isNotZero();
            c.run("stop", "clst-web").assertOk();

            c.run("create", "-C", "-u", "apache2", "clst-broken").assertOk();
            Files.writeString(c.tree("clst-broken").resolve("etc/apache2/apache2.conf"), "NoSuchDirective on\n",
                    java.nio.file.StandardOpenOption.APPEND);
            CloisterInstance.Result r = c.run("start", "clst-broken");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).contains("apache2.service is failed", "NoSuchDirective");
            assertThat(c.run("list", "--json").assertOk().out()).doesNotContain("\"state\": \"running\"");
        }
    }

    static String address(CloisterInstance c, String name) throws Exception {
        String json = c.run("inspect", "--json", name).assertOk().out();
        Matcher m = ADDRESS.matcher(json.substring(json.indexOf("\"addresses\"")));
        assertThat(m.find()).as("an address in inspect --json").isTrue();
        return m.group(1);
    }

    static String httpGet(String address, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://" + address + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static List<String> running(CloisterInstance c, String name) throws Exception {
        return c.run("execute", name, "--", "systemctl", "list-units", "--type=service", "--state=running",
                "--no-legend", "--plain").assertOk().out().lines().map(l -> l.split("\\s+")[0]).toList();
    }

    /** Services the host itself enables: none of them may run in a sandbox that did not ask for it. */
    private static Set<String> hostEnabledServices() throws Exception {
        Path wants = Path.of("/etc/systemd/system/multi-user.target.wants");
        if (!Files.isDirectory(wants)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(wants)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".service"))
                    .filter(n -> !n.equals("apache2.service")).collect(java.util.stream.Collectors.toSet());
        }
    }

    private static List<Path> cgroupsNamed(String prefix) throws Exception {
        try (Stream<Path> s = Files.walk(Path.of("/sys/fs/cgroup"), 4)) {
            return s.filter(p -> p.getFileName() != null && p.getFileName().toString().startsWith(prefix)).toList();
        }
    }
}
