package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitLocatorTest {
    @TempDir
    Path tmp;
    private FakeHost host;
    private UnitLocator locator;
    private SandboxFacts facts;

    @BeforeEach
    void setUp() {
        host = new FakeHost(tmp);
        locator = new UnitLocator(tmp, new NoPackageDatabase());
        facts = SandboxFacts.of("box", tmp);
    }

    @Test
    void searchesEtcBeforeUsrLibAndSeesMergedUsrOnce() {
        host.write("/usr/lib/systemd/system/a.service", "[Service]\nType=simple\n")
                .write("/etc/systemd/system/a.service", "[Service]\nType=notify\n");

        UnitFile unit = locator.load("a", facts);

        assertThat(unit.path()).isEqualTo(Path.of("/etc/systemd/system/a.service"));
        assertThat(unit.value("Service", "Type")).contains("notify");
        assertThat(locator.searchDirs()).containsExactly(Path.of("/etc/systemd/system"), Path.of("/usr/lib/systemd/system"));
    }

    @Test
    void dropInsFromEtcOverrideSameNamedOnesFromUsrLibAndApplyInNameOrder() {
        host.write("/usr/lib/systemd/system/a.service", "[Service]\nUser=base\nReadWritePaths=/x\n")
                .write("/usr/lib/systemd/system/a.service.d/10-vendor.conf", "[Service]\nUser=vendor\n")
                .write("/usr/lib/systemd/system/a.service.d/20-local.conf", "[Service]\nUser=overridden\n")
                .write("/etc/systemd/system/a.service.d/20-local.conf", "[Service]\nReadWritePaths=\nReadWritePaths=/y\n")
                .write("/etc/systemd/system/service.d/05-all.conf", "[Service]\nNice=5\n")
                .symlink("/etc/systemd/system/a.service.d/10-vendor.conf", "/dev/null");

        UnitFile unit = locator.load("a.service", facts);

        assertThat(unit.dropIns()).containsExactly(Path.of("/etc/systemd/system/service.d/05-all.conf"),
                Path.of("/etc/systemd/system/a.service.d/20-local.conf"));
        assertThat(unit.value("Service", "User")).contains("base");
        assertThat(unit.values("Service", "ReadWritePaths")).containsExactly("/y");
        assertThat(unit.value("Service", "Nice")).contains("5");
    }

    @Test
    void instantiatesATemplateForTheSandboxWithTheTemplatesDropIns() {
        host.write("/usr/lib/systemd/system/db@.service", "[Unit]\nAssertPathExists=/etc/db/%I/conf\n")
                .write("/etc/systemd/system/db@.service.d/override.conf", "[Service]\nUser=db\n")
                .write("/etc/systemd/system/db-.service.d/prefix.conf", "[Service]\nGroup=db\n");

        UnitFile unit = locator.load("db@.service", SandboxFacts.of("web-1", tmp));

        assertThat(unit.name().fullName()).isEqualTo("db@web\\x2d1.service");
        assertThat(unit.path()).isEqualTo(Path.of("/usr/lib/systemd/system/db@.service"));
        assertThat(unit.resolve(unit.value("Unit", "AssertPathExists").orElseThrow())).isEqualTo("/etc/db/web-1/conf");
        assertThat(unit.value("Service", "User")).contains("db");
        assertThat(unit.dropIns()).hasSize(1);
    }

    @Test
    void aPrefixDropInAppliesToDashedNames() {
        host.write("/usr/lib/systemd/system/foo-bar.service", "[Service]\n")
                .write("/usr/lib/systemd/system/foo-.service.d/x.conf", "[Service]\nUser=foo\n");

        assertThat(locator.load("foo-bar", facts).value("Service", "User")).contains("foo");
    }

    @Test
    void anExplicitInstanceIsKept() {
        host.write("/usr/lib/systemd/system/db@.service", "[Service]\n");

        assertThat(locator.load("db@15-main.service", facts).name().fullName()).isEqualTo("db@15-main.service");
    }

    @Test
    void anAliasLoadsItsTargetUnderTheTargetsName() {
        host.write("/usr/lib/systemd/system/redis-server.service", "[Service]\nUser=redis\n")
                .symlink("/etc/systemd/system/redis.service", "/lib/systemd/system/redis-server.service");

        UnitFile unit = locator.load("redis", facts);

        assertThat(unit.name().fullName()).isEqualTo("redis-server.service");
        assertThat(unit.path()).isEqualTo(Path.of("/lib/systemd/system/redis-server.service"));
        assertThat(unit.value("Service", "User")).contains("redis");
    }

    @Test
    void aLinkToDevNullOrAnEmptyFileIsAMask() {
        host.write("/usr/lib/systemd/system/a.service", "[Service]\n").symlink("/etc/systemd/system/a.service", "/dev/null")
                .write("/usr/lib/systemd/system/b.service", "");

        assertThatThrownBy(() -> locator.load("a", facts)).isInstanceOf(UnitMaskedException.class)
                .hasMessageContaining("unit a.service is masked");
        assertThatThrownBy(() -> locator.load("b", facts)).isInstanceOf(UnitMaskedException.class);
    }

    @Test
    void anUnknownUnitIsNotFound() {
        assertThatThrownBy(() -> locator.load("nothing", facts)).isInstanceOf(UnitNotFoundException.class)
                .hasMessageStartingWith("unit nothing.service not found in /etc/systemd/system, /run/systemd/system");
    }
}
