package dev.cloister.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigFileTest {
    static final String SERVICE_FILE = """
            # Cloister sandbox "web1". Edit, then run: cloister upgrade web1
            [Sandbox]
            Name=web1
            Level=s0:c1,c2
            Label=system_u:system_r:svirt_lxc_net_t:s0:c1,c2
            UidBase=1073741824

            [Service]
            Unit=apache2.service
            Unit=php-fpm.service
            Package=apache2
            Package=libapache2-mod-php
            Copy=yes

            [Limits]
            Memory=512M
            CPUs=1.5
            CPUWeight=200
            PidsLimit=2048
            IOWeight=100

            [Mount]
            HostBind=/srv/data=/data-on-host
            Ram=/tmp=500M
            HostBind=/var/www=/srv/www

            [Network]
            Network=dhcp
            Network=address=10.0.0.2/24
            Publish=127.0.0.1:8080:80/tcp
            Publish=5353:53/udp
            """;

    static final SandboxConfig SERVICE = new SandboxConfig("web1", List.of(),
            List.of("apache2.service", "php-fpm.service"), List.of("apache2", "libapache2-mod-php"), true,
            new SecurityLevel(1, 2), Optional.of("system_u:system_r:svirt_lxc_net_t:s0:c1,c2"), 1L << 30,
            new Limits(OptionalLong.of(512L << 20), OptionalLong.of(1500), OptionalInt.of(200), OptionalLong.of(2048),
                    OptionalInt.of(100), OptionalLong.empty()),
            List.of(new MountRequest.HostBind("/srv/data", "/data-on-host"), new MountRequest.Ram("/tmp", 500L << 20),
                    new MountRequest.HostBind("/var/www", "/srv/www")),
            List.of("dhcp", "address=10.0.0.2/24"), List.of("127.0.0.1:8080:80/tcp", "5353:53/udp"));

    static final String GENERIC_FILE = """
            ; a generic sandbox, written by hand
              [Sandbox]
            UidBase = 65536
              Name = job-7
            Level=s0:c1023

            [Command]
            Exec=/bin/sh -c "echo hello; sleep 10"  'it''s'   a\\sb ""
            """;

    static final SandboxConfig GENERIC = new SandboxConfig("job-7",
            List.of("/bin/sh", "-c", "echo hello; sleep 10", "its", "a b", ""), List.of(), List.of(), false,
            new SecurityLevel(1023, -1), Optional.empty(), 65536, Limits.NONE, List.of(), List.of(), List.of());

    /** A valid service sandbox in six lines, so that an appended error is on line 7 and onwards. */
    static final String MINIMAL = """
            [Sandbox]
            Name=web1
            Level=s0:c1,c2
            UidBase=1073741824
            [Service]
            Unit=apache2.service
            """;

    @Test
    void readsAServiceSandbox() {
        assertThat(ConfigFile.parse(SERVICE_FILE, "/etc/cloister/web1.conf")).isEqualTo(SERVICE);
    }

    @Test
    void theSystemdSectionSetsTheSliceAndTheRestartPolicyAndRoundTrips() {
        SandboxConfig c = ConfigFile.parse(MINIMAL + "[Systemd]\nSlice=web-sandboxes.slice\nRestart=always\n", "web1.conf");
        assertThat(c.systemd()).isEqualTo(new SystemdSettings(Optional.of("web-sandboxes.slice"), Optional.of("always")));
        assertThat(ConfigFile.render(c)).endsWith("[Systemd]\nSlice=web-sandboxes.slice\nRestart=always\n");
        assertThat(ConfigFile.parse(ConfigFile.render(c), "web1.conf")).isEqualTo(c);
        assertThat(ConfigFile.parse(MINIMAL, "web1.conf").systemd().sliceOrDefault()).isEqualTo("machine.slice");
        assertThat(ConfigFile.render(ConfigFile.parse(MINIMAL, "web1.conf"))).doesNotContain("[Systemd]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Slice=machine", "Slice=../x.slice", "Slice=-.slice", "Restart=sometimes", "Restart="})
    void badSystemdValuesNameTheirLineAndWhatToWrite(String line) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigFile.parse(MINIMAL + "[Systemd]\n" + line + "\n", "web1.conf"));
        assertThat(e.getMessage()).contains("web1.conf:8").containsAnyOf("slice", "one of");
    }

    @Test
    void readsAGenericSandbox() {
        assertThat(ConfigFile.parse(GENERIC_FILE, "/etc/cloister/job-7.conf")).isEqualTo(GENERIC);
    }

    @Test
    void writesTheCanonicalForm() {
        assertThat(ConfigFile.render(SERVICE)).isEqualTo(SERVICE_FILE);
        assertThat(ConfigFile.render(GENERIC)).isEqualTo("""
                # Cloister sandbox "job-7". Edit, then run: cloister upgrade job-7
                [Sandbox]
                Name=job-7
                Level=s0:c1023
                UidBase=65536

                [Command]
                Exec=/bin/sh -c "echo hello; sleep 10" its "a b" ""
                Copy=no
                """);
    }

    @Test
    void theCanonicalFormReadsBackAsTheSameConfig() {
        for (SandboxConfig c : List.of(SERVICE, GENERIC, GENERIC.withLimits(SERVICE.limits()), SERVICE.withName("x"),
                new SandboxConfig("h", List.copyOf(CommandLineQuotingTest.HOSTILE), List.of(), List.of("a"), true,
                        new SecurityLevel(0, 1023), Optional.empty(), 0xFFFF_0000L - 65536, Limits.NONE
                        .withMemoryBytes(Long.MAX_VALUE).withPidsLimit(Long.MAX_VALUE).withCpuMillis(10),
                        List.of(new MountRequest.Ram("/a b/c", Long.MAX_VALUE), new MountRequest.HostBind("/é", "/x=y")),
                        List.of("#x =\t;y"), List.of()),
                GENERIC.withPublish(List.of("8080:80")))) {
            String text = ConfigFile.render(c);
            assertThat(ConfigFile.parse(text, c.name() + ".conf")).isEqualTo(c);
            assertThat(ConfigFile.render(ConfigFile.parse(text, "-"))).isEqualTo(text);
        }
    }

    @Test
    void keepsTheOrderOfRepeatedKeys() {
        SandboxConfig c = ConfigFile.parse(MINIMAL + "Unit=b.service\nUnit=a.service\n", "web1.conf");
        assertThat(c.units()).containsExactly("apache2.service", "b.service", "a.service");
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "true", "1", "on", "YES", "On"})
    void readsTrue(String spelling) {
        assertThat(ConfigFile.parse(MINIMAL + "Copy=" + spelling, "web1.conf").copy()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"no", "false", "0", "off", "No", "FALSE"})
    void readsFalse(String spelling) {
        assertThat(ConfigFile.parse(MINIMAL + "Copy=" + spelling, "web1.conf").copy()).isFalse();
    }

    @Test
    void skipsCommentsAndBlankLinesAndTrimsKeysAndValues() {
        String text = "# top\n\n[Sandbox]\n  ; indented comment\n\t Name \t=\t web1 \nLevel=s0:c1,c2\n"
                + "UidBase=1073741824\n[Service]\n   # Unit=ignored.service\nUnit=  apache2.service  \n\n";
        assertThat(ConfigFile.parse(text, "web1.conf")).isEqualTo(ConfigFile.parse(MINIMAL, "web1.conf"));
    }

    @Test
    void acceptsCrLfLineEndsAndAByteOrderMark() {
        String text = "\uFEFF" + MINIMAL.replace("\n", "\r\n");
        assertThat(ConfigFile.parse(text, "web1.conf")).isEqualTo(ConfigFile.parse(MINIMAL, "web1.conf"));
    }

    @Test
    void checksTheNameOnlyAgainstConfFileNames() {
        assertThat(ConfigFile.parse(MINIMAL, "<stdin>").name()).isEqualTo("web1");
        assertThat(ConfigFile.parse(MINIMAL, "/etc/cloister/web1.conf").name()).isEqualTo("web1");
    }

    @Test
    void errorsNameFileAndLine() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigFile.parse(MINIMAL + "[Limits]\nMemroy=512M\n", "/etc/cloister/web1.conf"));
        assertThat(e.getMessage())
                .isEqualTo("/etc/cloister/web1.conf:8: unknown key Memroy in [Limits] — did you mean Memory?");
        assertThat(e.file()).isEqualTo("/etc/cloister/web1.conf");
        assertThat(e.line()).isEqualTo(8);
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                // syntax
                error("[Limits]\nMemory 512M", 8, "expected Key=value, a [Section] header or a # comment"),
                error("[Limits]\n=512M", 8, "no key before '='"),
                error("[Limits", 7, "without a closing ]"),
                error("[Limits] # limits", 7, "text after the section header"),
                error("[Limits]\nMemory=1G\n[Limits]", 9, "[Limits] appears a second time (first at line 7)"),
                error("[Network]\nNetwork=a\u0001b", 8, "control character U+0001 at column 10"),
                error("[Network]\nNetwork=a\uD800b", 8, "unpaired UTF-16 surrogate"),
                // sections and keys
                error("[Limts]", 7, "unknown section [Limts] — did you mean [Limits]?"),
                error("[limits]", 7, "did you mean [Limits]?"),
                error("[Extra]", 7, "unknown section [Extra] — the sections are [Sandbox], [Service], [Command]"),
                error("[Limits]\nMemroy=512M", 8, "unknown key Memroy in [Limits] — did you mean Memory?"),
                error("[Limits]\nmemory=512M", 8, "did you mean Memory?"),
                error("[Limits]\nColour=blue", 8, "the keys of [Limits] are Memory, CPUs, CPUWeight, PidsLimit"),
                error("[Limits]\nUnit=a.service", 8, "Unit= does not belong in [Limits] — move it to [Service]"),
                error("[Limits]\nUnti=a.service", 8, "did you mean Unit (in [Service])?"),
                error("[Limits]\nMemory=1G\nMemory=2G", 9, "Memory= is already set at line 8 — keep only one"),
                error("Copy=yes\nCopy=no", 8, "Copy= is already set at line 7"),
                error("Unit=", 7, "Unit= has no value"),
                error("Copy=maybe", 7, "invalid Copy= value: 'maybe' is not a boolean — write yes or no"),
                // [Service] and [Command]
                error("[Command]\nExec=/bin/true", 7, "[Command] and [Service] (line 5) exclude each other"),
                error("Unit=apache 2", 7, "'apache 2' is not a systemd unit name"),
                error("Package=a/b", 7, "'a/b' is not a package name"),
                // limits: the records' ranges, at the line of the value
                error("[Limits]\nMemory=1K", 8, "below the 4M minimum"),
                error("[Limits]\nMemory=lots", 8, "'lots' is not a size"),
                error("[Limits]\nMemory=99999999999999999999", 8, "is too large"),
                error("[Limits]\nCPUs=0", 8, "cpus must be between 0.01 and 1024"),
                error("[Limits]\nCPUs=1.2345", 8, "is not a CPU count"),
                error("[Limits]\nCPUWeight=0", 8, "cpu-weight must be between 1 and 10000"),
                error("[Limits]\nCPUWeight=99999999999", 8, "cpu-weight must be between 1 and 10000"),
                error("[Limits]\nPidsLimit=0", 8, "pids-limit must be at least 1"),
                error("[Limits]\nPidsLimit=99999999999999999999", 8, "is too large"),
                error("[Limits]\nIOWeight=-1", 8, "'-1' is not a whole number"),
                // mounts
                error("[Mount]\nHostBind=data=/srv", 8, "sandbox path 'data' is not absolute"),
                error("[Mount]\nHostBind=/a/../b=/srv", 8, "is not normalized"),
                error("[Mount]\nHostBind=/a=/srv/", 8, "host path '/srv/' is not normalized"),
                error("[Mount]\nHostBind=/a=/srv//x", 8, "is not normalized"),
                error("[Mount]\nHostBind=/a=/", 8, "host path cannot be / itself"),
                error("[Mount]\nHostBind=/srv", 8, "has no '=' between the sandbox path and the host path"),
                error("[Mount]\nRam=/tmp=0", 8, "size 0 would have no limit"),
                error("[Mount]\nRam=/tmp", 8, "has no '=' between the sandbox path and the size"),
                error("[Mount]\nRam=/tmp=1G\nHostBind=/tmp=/srv", 9, "already a mount at /tmp (line 8)"),
                // published ports
                error("[Network]\nPublish=80", 8, "'80' is not [HOSTIP:]HOSTPORT:PORT[/tcp|/udp]"),
                error("[Network]\nPublish=8080:70000", 8, "with ports 1-65535"),
                error("[Network]\nPublish=8080:80/sctp", 8, "invalid Publish= value"),
                error("[Network]\nPublish=256.0.0.1:8080:80", 8, "invalid Publish= value"),
                error("[Network]\nPublish=0:80", 8, "invalid Publish= value"),
                error("[Limits]\nPublish=8080:80", 8, "Publish= does not belong in [Limits]"));
    }

    static Stream<Arguments> sandboxErrors() {
        return Stream.of(
                error("Name=web1\n[Sandbox]", 1, "Name= comes before any section header"),
                error("[Sandbox]\nName=-web1", 2, "'-web1' is not a valid sandbox name"),
                error("[Sandbox]\nName=web2", 2, "Name=web2 does not match the file name web1.conf"),
                error("[Sandbox]\nLevel=s0:c5,c2", 2, "categories must satisfy 0 <= A < B <= 1023"),
                error("[Sandbox]\nLevel=s1:c5", 2, "'s1:c5' is not an MCS level"),
                error("[Sandbox]\nLabel=unconfined", 2, "'unconfined' is not an SELinux label"),
                error("[Sandbox]\nUidBase=12345", 2, "uid base 12345 must be a positive multiple of 65536"),
                error("[Sandbox]\nUidBase=0x10000", 2, "'0x10000' is not a whole number"),
                error("[Sandbox]\nName=web1\nLevel=s0:c1\nUidBase=65536\n", 0, "neither a [Service] nor a [Command]"),
                error("[Service]\nUnit=a.service", 0, "there is no [Sandbox] section"),
                error("[Sandbox]\nName=web1\nUidBase=65536\n[Service]\nUnit=a", 1, "[Sandbox] has no Level="),
                error("[Sandbox]\nName=web1\nLevel=s0:c1\n[Service]\nUnit=a", 1, "[Sandbox] has no UidBase="),
                error("[Sandbox]\nLevel=s0:c1\nUidBase=65536\n[Service]\nUnit=a", 1, "[Sandbox] has no Name="),
                error("[Sandbox]\nName=web1\nLevel=s0:c1\nUidBase=65536\n[Service]\nCopy=yes", 5,
                        "[Service] has no Unit= — write one systemd unit name per line"),
                error("[Sandbox]\nName=web1\nLevel=s0:c1\nUidBase=65536\n\n[Command]\nCopy=yes", 6,
                        "[Command] has no Exec="),
                error("[Sandbox]\nName=web1\nLevel=s0:c1\nUidBase=65536\n[Command]\nExec=/bin/echo \"hi", 6,
                        "invalid Exec= value: the quote \" at column 11 is never closed"),
                error("[Sandbox]\nName=web1\nLevel=s0:c1\nUidBase=65536\n[Command]\nExec=/bin/echo \\q", 6,
                        "unknown escape \\q"),
                error("[Sandbox]\nName=web1\nLevel=s0:c1\nUidBase=65536\n[Command]\nExec= \t ", 6,
                        "Exec= has no value"));
    }

    private static Arguments error(String text, int line, String fragment) {
        return Arguments.of(text, line, fragment);
    }

    @ParameterizedTest
    @MethodSource("errors")
    void refusesAfterTheMinimalFile(String appended, int line, String fragment) {
        assertError(MINIMAL + appended, line, fragment);
    }

    @ParameterizedTest
    @MethodSource("sandboxErrors")
    void refuses(String text, int line, String fragment) {
        assertError(text, line, fragment);
    }

    @Test
    void refusesAFileOverOneMebibyte() {
        assertError("#" + "x".repeat(ConfigFile.MAX_FILE_BYTES), 0, "larger than 1 MiB");
        // The limit is in bytes on disk: 600,000 two-byte characters are 1.2 MB.
        assertError("#" + "é".repeat(600_000), 0, "larger than 1 MiB");
    }

    @Test
    void refusesALineOver64KiB() {
        assertError(MINIMAL + "# " + "x".repeat(ConfigFile.MAX_LINE_BYTES), 7, "the line is longer than 64 KiB");
        assertThat(ConfigFile.parse(MINIMAL + "#" + "x".repeat(ConfigFile.MAX_LINE_BYTES - 1), "web1.conf"))
                .isNotNull();
    }

    @Test
    void refusesACommandThatCanonicalQuotingWouldMakeTooLong() {
        String tabs = "\t".repeat(ConfigFile.MAX_LINE_BYTES - 100); // each tab becomes \t when written
        assertError("[Sandbox]\nName=web1\nLevel=s0:c1\nUidBase=65536\n[Command]\nExec=\"" + tabs + "\"", 6,
                "longer than 64 KiB once quoted canonically");
    }

    @Test
    void refusesToWriteWhatCouldNotBeReadBack() {
        assertThatThrownBy(() -> ConfigFile.render(new SandboxConfig("a", List.of(), List.of("bad unit"),
                List.of(), false, new SecurityLevel(1, 2), Optional.empty(), 65536, Limits.NONE, List.of(),
                List.of(), List.of()))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit name");
        assertThatThrownBy(() -> ConfigFile.render(genericWith(List.of(new MountRequest.HostBind("rel", "/x")),
                List.of()))).hasMessageContaining("not absolute");
        assertThatThrownBy(() -> ConfigFile.render(genericWith(List.of(new MountRequest.Ram("/x", 1 << 20),
                new MountRequest.Ram("/x", 1 << 20)), List.of()))).hasMessageContaining("two mounts at /x");
        assertThatThrownBy(() -> ConfigFile.render(genericWith(List.of(), List.of("a\nb"))))
                .hasMessageContaining("cannot be written on one line");
        assertThatThrownBy(() -> ConfigFile.render(genericWith(List.of(), List.of(" dhcp"))))
                .hasMessageContaining("white space");
    }

    private static SandboxConfig genericWith(List<MountRequest> mounts, List<String> networks) {
        return new SandboxConfig(GENERIC.name(), GENERIC.command(), List.of(), List.of(), false, GENERIC.level(),
                Optional.empty(), GENERIC.uidBase(), Limits.NONE, mounts, networks, List.of());
    }

    private static void assertError(String text, int line, String fragment) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigFile.parse(text, "web1.conf"));
        assertThat(e).as("parsing %s", text.length() > 200 ? text.substring(0, 200) + "…" : text).isNotNull();
        assertThat(e.getMessage()).startsWith("web1.conf:" + line + ": ").contains(fragment).contains(" — ");
        assertThat(e.line()).isEqualTo(line);
    }
}
