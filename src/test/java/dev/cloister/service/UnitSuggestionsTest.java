package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.list;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnitSuggestionsTest {
    @TempDir
    Path tmp;
    private UnitLocator locator;

    @BeforeEach
    void setUp() {
        // The status fixture: apache2 provides httpd; nginx also does but is only config-files.
        FakeHost host = new FakeHost(tmp).write("/usr/lib/systemd/system/apache2.service", FakeHost.fixture("apache2.service"))
                .write("/usr/lib/systemd/system/apache-htcacheclean.service", "[Service]\n")
                .write("/usr/lib/systemd/system/postgresql.service", "[Service]\n")
                .write("/var/lib/dpkg/status", FakeHost.fixture("dpkg-status.txt"));
        locator = new UnitLocator(tmp, host.dpkg());
    }

    @Test
    void httpdSuggestsTheUnitOfThePackageThatProvidesIt() {
        assertThatThrownBy(() -> locator.load("httpd.service", SandboxFacts.of("box", tmp)))
                .isInstanceOf(UnitNotFoundException.class)
                .hasMessageEndingWith("did you mean apache2.service?")
                .asInstanceOf(type(UnitNotFoundException.class))
                .extracting(UnitNotFoundException::suggestions, list(String.class)).containsExactly("apache2.service");
    }

    @Test
    void nearNamesBySubstringAndEditDistance() {
        assertThatThrownBy(() -> locator.load("apache", SandboxFacts.of("box", tmp)))
                .hasMessageEndingWith("did you mean apache2.service or apache-htcacheclean.service?");
        assertThatThrownBy(() -> locator.load("postgresq", SandboxFacts.of("box", tmp)))
                .hasMessageEndingWith("did you mean postgresql.service?");
    }

    @Test
    void nothingNearSaysHowToFindTheName() {
        assertThatThrownBy(() -> locator.load("zzz", SandboxFacts.of("box", tmp)))
                .hasMessageContaining("systemctl list-unit-files");
    }

    @Test
    void editDistance() {
        assertThat(UnitSuggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(UnitSuggestions.distance("", "abc")).isEqualTo(3);
    }
}
