package dev.cloister.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Property: every valid config survives render → parse unchanged, and its canonical form is a fixed point. */
class ConfigFileRoundTripTest {
    @Test
    void twoThousandRandomConfigsRoundTrip() {
        RandomConfigs configs = new RandomConfigs(20_250_101);
        for (int i = 0; i < 2000; i++) {
            SandboxConfig config = configs.next();
            String text = ConfigFile.render(config);
            SandboxConfig back = ConfigFile.parse(text, "/etc/cloister/" + config.name() + ".conf");
            assertThat(back).as("config #%d:%n%s", i, text).isEqualTo(config);
            assertThat(ConfigFile.render(back)).isEqualTo(text);
        }
    }
}
