package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SpecifiersTest {
    // foo-bar@web\x2d1.service: the template foo-bar@.service instantiated for sandbox "web-1.example".
    private static final UnitName UNIT = UnitName.parse("foo-bar@.service").withInstance("web\\x2d1");
    private static final Specifiers SPECIFIERS = new Specifiers(UNIT,
            new SandboxFacts("web-1.example", Optional.of("0123456789abcdef0123456789abcdef"), "6.1.0-9", "x86-64"));

    @ParameterizedTest(name = "%{0}")
    @CsvSource(delimiter = '|', textBlock = """
            n | foo-bar@web\\x2d1.service
            N | foo-bar@web\\x2d1
            p | foo-bar
            P | foo/bar
            i | web\\x2d1
            I | web-1
            f | /web-1
            j | bar
            J | bar
            t | /run
            S | /var/lib
            C | /var/cache
            L | /var/log
            E | /etc
            T | /tmp
            V | /var/tmp
            h | /root
            u | root
            U | 0
            g | root
            G | 0
            H | web-1.example
            l | web-1
            m | 0123456789abcdef0123456789abcdef
            v | 6.1.0-9
            a | x86-64
            % | %
            """)
    void resolvesEverySpecifierForTheSandbox(char specifier, String expected) {
        assertThat(SPECIFIERS.resolve("%" + specifier)).isEqualTo(expected);
    }

    @Test
    void resolvesInsideValues() {
        assertThat(SPECIFIERS.resolve("/etc/postgresql/%I/postgresql.conf")).isEqualTo("/etc/postgresql/web-1/postgresql.conf");
        assertThat(SPECIFIERS.resolve("100%% %p")).isEqualTo("100% foo-bar");
    }

    @Test
    void bootIdAndAMissingMachineIdCannotBePlanned() {
        Specifiers noMachineId = new Specifiers(UNIT, new SandboxFacts("box", Optional.empty(), "6.1", "x86-64"));

        assertThatThrownBy(() -> SPECIFIERS.resolve("/run/%b")).isInstanceOf(Specifiers.UnresolvableException.class)
                .hasMessageContaining("boot id");
        assertThatThrownBy(() -> noMachineId.resolve("%m")).hasMessageContaining("machine id");
        assertThatThrownBy(() -> SPECIFIERS.resolve("%q")).hasMessageContaining("%q");
    }

    @Test
    void withoutAnInstanceTheFileNameComesFromThePrefix() {
        Specifiers plain = new Specifiers(UnitName.parse("apache2"), new SandboxFacts("box", Optional.empty(), "6.1", "x86-64"));

        assertThat(plain.resolve("%f %i|%j")).isEqualTo("/apache2 |apache2");
    }
}
