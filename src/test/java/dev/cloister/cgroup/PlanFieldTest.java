package dev.cloister.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlanFieldTest {

    @Test
    void encodesOnlySpacePercentAndControlBytes() {
        assertThat(PlanField.encode("150000 100000")).isEqualTo("150000%20100000");
        assertThat(PlanField.encode("50%\t\n\u007f")).isEqualTo("50%25%09%0A%7F");
        assertThat(PlanField.encode("/sys/fs/cgroup/cpu,cpuacct")).isEqualTo("/sys/fs/cgroup/cpu,cpuacct");
        assertThat(PlanField.encode("grüße")).isEqualTo("grüße");
    }

    @Test
    void refusesEmptyFields() {
        assertThatThrownBy(() -> PlanField.encode("")).isInstanceOf(IllegalArgumentException.class);
    }
}
