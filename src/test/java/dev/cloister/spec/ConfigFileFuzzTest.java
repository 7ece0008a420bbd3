package dev.cloister.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Any text either parses into a config that round-trips, or is refused with a ConfigException; nothing else may
 * escape. Under plain {@code mvn test} this runs the seeds in ConfigFileFuzzTestInputs/; with JAZZER_FUZZ=1 it fuzzes.
 */
class ConfigFileFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void parseAcceptsOrExplains(FuzzedDataProvider data) {
        // The last byte picks the decoding: a file's bytes as UTF-8 (what the CLI reads; the seeds end in '\n',
        // an even byte), or Jazzer's own strings, which also reach control characters and unpaired surrogates.
        boolean anyUtf16 = data.consumeBoolean();
        String text = anyUtf16 ? data.consumeRemainingAsString()
                : new String(data.consumeRemainingAsBytes(), StandardCharsets.UTF_8);
        check(text, "web1.conf"); // Name= must match
        check(text, "<stdin>");  // any valid Name=
    }

    private static void check(String text, String fileName) {
        SandboxConfig config;
        try {
            config = ConfigFile.parse(text, fileName);
        } catch (ConfigException refused) {
            assertThat(refused.getMessage()).startsWith(fileName + ":").contains(" — ");
            return;
        }
        String canonical = ConfigFile.render(config);
        assertThat(ConfigFile.parse(canonical, fileName)).isEqualTo(config);
        assertThat(ConfigFile.render(ConfigFile.parse(canonical, fileName))).isEqualTo(canonical);
    }
}
