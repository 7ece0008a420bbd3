package dev.cloister.service;

import dev.cloister.Prerequisites;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Plans apache2.service against this machine's real root (a Debian host with apache2, as .ci/setup makes it). */
@Tag("host")
class RealHostPlanTest {

    @Test
    void apache2WithCopyMakesItsConfigurationAndLogsPrivate() {
        assertThat(Path.of("/var/lib/dpkg/status")).as("the planner reads dpkg's database: a Debian host").isRegularFile();
        Prerequisites.requireUnit("apache2");
        ServicePlanner planner = ServicePlanner.forHost(Path.of("/"), CommandRunner.system());

        ServiceLayout copied = planner.plan(new ServiceRequest("web1", List.of("apache2"), List.of(), true));
        ServiceLayout shared = planner.plan(new ServiceRequest("web1", List.of("apache2"), List.of(), false));
        assertThat(copied.privatePaths()).as(Printed.of(copied)).extracting(PrivatePath::path)
                .contains(Path.of("/etc/apache2"), Path.of("/var/log/apache2"), Path.of("/var/www"));
        assertThat(copied.enabledUnits()).startsWith("apache2.service");
        assertThat(shared.sharedPaths()).as(Printed.of(shared)).extracting(SharedPath::path).contains(Path.of("/etc/apache2"));
        assertThat(shared.privatePaths()).filteredOn(p -> p.path().equals(Path.of("/var/log/apache2")))
                .singleElement().extracting(PrivatePath::origin).isEqualTo(Origin.CREATE_EMPTY);
    }
}
