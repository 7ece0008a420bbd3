package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UnitFileParserTest {
    private static final Path SOURCE = Path.of("/usr/lib/systemd/system/x.service");

    private static UnitFile unit(String text) {
        UnitName name = UnitName.parse("x.service");
        return new UnitFile(name, SOURCE, List.of(), UnitFileParser.parse(text, SOURCE),
                new Specifiers(name, new SandboxFacts("box", Optional.empty(), "6.1.0", "x86-64")));
    }

    @Test
    void readsSectionsAndTrimsKeysAndValues() {
        UnitFile unit = unit("[Unit]\nDescription = A  service \n\n[Service]\nType=forking\n");

        assertThat(unit.value("Unit", "Description")).contains("A  service");
        assertThat(unit.value("Service", "Type")).contains("forking");
        assertThat(unit.hasSection("Install")).isFalse();
    }

    @Test
    void skipsCommentsAndLinesItCannotUnderstand() {
        UnitFile unit = unit("Orphan=1\n[Service]\n# a comment\n; another\nnot an assignment\n  #Type=simple\nType=notify\n");

        assertThat(unit.entries()).extracting(UnitEntry::key).containsExactly("Type");
    }

    @Test
    void joinsBackslashContinuationsWithASpaceAndIgnoresCommentsInside() {
        UnitFile unit = unit("[Service]\nExecStart=/bin/sh -c \\\n  \"echo a\" \\\n# ignored\n  b\nType=simple\n");

        assertThat(unit.value("Service", "ExecStart")).contains("/bin/sh -c  \"echo a\"  b");
        assertThat(unit.value("Service", "Type")).contains("simple");
    }

    @Test
    void keepsRepeatedKeysInOrderAndAnEmptyAssignmentResetsTheList() {
        UnitFile unit = unit("[Service]\nReadWritePaths=/a\nReadWritePaths=/b /c\nReadWritePaths=\nReadWritePaths=/d\n"
                + "ReadWriteDirectories=/e\nUser=one\nUser=two\n");

        assertThat(unit.values("Service", "ReadWritePaths")).containsExactly("/d");
        assertThat(unit.words("Service", UnitDirectives.READ_WRITE)).containsExactly("/d", "/e");
        assertThat(unit.value("Service", "User")).contains("two");
    }

    @Test
    void splitsQuotedWords() {
        UnitFile unit = unit("[Service]\nStateDirectory=a \"b c\" 'd'\n");

        assertThat(unit.words("Service", "StateDirectory")).containsExactly("a", "b c", "d");
    }

    @Test
    void readsTheRealDebianApache2Unit() {
        UnitFile unit = unit(FakeHost.fixture("apache2.service"));

        assertThat(unit.value("Service", "ExecStart")).contains("/usr/sbin/apachectl start");
        assertThat(unit.words("Unit", "After")).contains("network.target", "nss-lookup.target");
        assertThat(unit.words("Install", "WantedBy")).containsExactly("multi-user.target");
    }
}
