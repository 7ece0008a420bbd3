package dev.cloister.security.seccomp;

import dev.cloister.Prerequisites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyscallTableTest {
    private static final Pattern DEFINE = Pattern.compile("^#define __NR_(\\w+)\\s+(\\d+)\\s*$", Pattern.MULTILINE);

    @Test
    void x86_64AgreesWithTheInstalledHeader() throws IOException {
        checkAgainst(Path.of("/usr/include/x86_64-linux-gnu/asm/unistd_64.h"), Arch.X86_64);
    }

    /** arm64 uses the generic table; its #if blocks only concern 32-bit and optional calls we do not name. */
    @Test
    void aarch64AgreesWithTheGenericHeader() throws IOException {
        checkAgainst(Path.of("/usr/include/asm-generic/unistd.h"), Arch.AARCH64);
    }

    private static void checkAgainst(Path header, Arch arch) throws IOException {
        Prerequisites.require(Files.isReadable(header), header.toString(), "linux-libc-dev");
        Map<String, Integer> defined = new HashMap<>();
        Matcher m = DEFINE.matcher(Files.readString(header));
        while (m.find()) {
            defined.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        assertThat(defined).as("parsed " + header).hasSizeGreaterThan(250);
        for (String name : SyscallTable.names()) {
            var nr = SyscallTable.number(name, arch);
            if (nr.isPresent()) {
                assertThat(defined.get(name)).as(name + " on " + arch).isEqualTo(nr.getAsInt());
            } else {
                assertThat(defined).as(name + " absent on " + arch).doesNotContainKey(name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Arch.class)
    void namesAndNumbersRoundTrip(Arch arch) {
        for (String name : SyscallTable.names()) {
            SyscallTable.number(name, arch).ifPresent(nr ->
                    assertThat(SyscallTable.name(nr, arch)).as(name).contains(name));
        }
        assertThat(SyscallTable.name(-1, arch)).isEmpty();
    }
}
