package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg-query output captured from a Debian 12 host with apache2 installed. */
class DpkgDatabaseTest {
    @TempDir
    Path tmp;

    @Test
    void ownerOfTriesTheMergedUsrAliasThatDpkgRecords() {
        FakeHost host = new FakeHost(tmp).answer(FakeHost.fixture("dpkg-S-apache2-service.txt"),
                "-S", "/lib/systemd/system/apache2.service");

        assertThat(host.dpkg().ownerOf(Path.of("/usr/lib/systemd/system/apache2.service"))).contains("apache2");
        assertThat(host.dpkg().ownerOf(Path.of("/usr/lib/systemd/system/none.service"))).isEmpty();
    }

    @Test
    void ownersAsksDpkgOnceForEveryPathAndItsMergedUsrAlias() {
        FakeHost host = new FakeHost(tmp).answer(FakeHost.fixture("dpkg-S-apache2-service.txt"),
                "-S", "/lib/systemd/system/apache2.service").answer(FakeHost.fixture("dpkg-S-bin-sh.txt"), "-S", "/bin/sh");
        List<List<String>> calls = new ArrayList<>();
        CommandRunner fake = host.runner();
        DpkgDatabase dpkg = new DpkgDatabase(tmp, argv -> {
            calls.add(argv);
            return fake.run(argv);
        });

        Path unit = Path.of("/usr/lib/systemd/system/apache2.service");
        Map<Path, String> owners = dpkg.owners(List.of(unit, Path.of("/bin/sh"), Path.of("/usr/lib/systemd/system/none.service")));

        assertThat(owners).containsOnly(Map.entry(unit, "apache2"), Map.entry(Path.of("/bin/sh"), "dash"));
        assertThat(calls).hasSize(1);
        assertThat(calls.getFirst()).contains("/usr/lib/systemd/system/apache2.service", "/lib/systemd/system/apache2.service", "/bin/sh");
    }

    @Test
    void ownerOfReadsMultipleOwnersDiversionsAndArchitectures() {
        FakeHost host = new FakeHost(tmp).answer(FakeHost.fixture("dpkg-S-etc-apache2.txt"), "-S", "/etc/apache2")
                .answer(FakeHost.fixture("dpkg-S-bin-sh.txt"), "-S", "/bin/sh")
                .answer(FakeHost.fixture("dpkg-S-multiarch.txt"), "-S", "/etc/ld.so.conf.d/x86_64-linux-gnu.conf");

        assertThat(DpkgOutput.owners(FakeHost.fixture("dpkg-S-etc-apache2.txt"), Path.of("/etc/apache2")))
                .containsExactly("apache2", "javascript-common");
        assertThat(host.dpkg().ownerOf(Path.of("/etc/apache2"))).contains("apache2");
        assertThat(host.dpkg().ownerOf(Path.of("/bin/sh"))).contains("dash");
        assertThat(host.dpkg().ownerOf(Path.of("/etc/ld.so.conf.d/x86_64-linux-gnu.conf"))).contains("libc6");
    }

    @Test
    void filesOfListsThePackageAndFollowsDiversions() {
        FakeHost host = new FakeHost(tmp).answer(FakeHost.fixture("dpkg-L-apache2.txt"), "-L", "apache2")
                .answer(FakeHost.fixture("dpkg-L-dash.txt"), "-L", "dash");

        assertThat(host.dpkg().filesOf("apache2")).contains(Path.of("/etc/apache2/apache2.conf"),
                Path.of("/var/log/apache2"), Path.of("/lib/systemd/system/apache2.service"))
                .doesNotContain(Path.of("/."));
        assertThat(host.dpkg().filesOf("dash")).contains(Path.of("/bin/sh"), Path.of("/bin/dash"))
                .doesNotContain(Path.of("/bin/sh.distrib"));
        assertThat(DpkgOutput.files("/.\n/usr/bin/foo\ndiverted by bar to: /usr/bin/foo.real\n/usr/bin/baz\n"))
                .containsExactly(Path.of("/usr/bin/foo.real"), Path.of("/usr/bin/baz"));
    }

    @Test
    void filesOfAnUninstalledPackageIsAnError() {
        assertThatThrownBy(() -> new FakeHost(tmp).dpkg().filesOf("nope"))
                .hasMessageStartingWith("package nope is not installed");
    }

    @Test
    void providersComeFromInstalledPackagesInTheStatusFile() {
        FakeHost host = new FakeHost(tmp).write("/var/lib/dpkg/status", FakeHost.fixture("dpkg-status.txt"));

        assertThat(host.dpkg().providers("httpd")).containsExactly("apache2");
        assertThat(host.dpkg().providers("apache2-api-20120211")).containsExactly("apache2-bin");
        assertThat(host.dpkg().providers("nothing")).isEmpty();
    }

    @Test
    void sourceOfUsesTheSourcePackageField() {
        FakeHost host = new FakeHost(tmp).answer("apache2", "-W", "--showformat=${source:Package}", "apache2-bin");

        assertThat(host.dpkg().sourceOf("apache2-bin")).contains("apache2");
        assertThat(host.dpkg().sourceOf("missing")).isEmpty();
    }

    @Test
    void forHostPicksTheDatabaseThatIsThere(@TempDir Path rpmRoot, @TempDir Path bare) {
        new FakeHost(tmp).write("/var/lib/dpkg/status", "");
        new FakeHost(rpmRoot).mkdir("/usr/lib/sysimage/rpm");

        assertThat(PackageDatabase.forHost(tmp, CommandRunner.system())).isInstanceOf(DpkgDatabase.class);
        assertThat(PackageDatabase.forHost(rpmRoot, CommandRunner.system())).isInstanceOf(RpmDatabase.class);
        assertThat(PackageDatabase.forHost(bare, CommandRunner.system())).isInstanceOf(NoPackageDatabase.class);
    }
}
