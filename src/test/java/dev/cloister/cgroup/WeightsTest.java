package dev.cloister.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeightsTest {

    @Test
    void cpuQuotaIsPerHundredMillisecondPeriod() {
        assertThat(Weights.cpuQuotaMicros(1500)).isEqualTo(150_000);
        assertThat(Weights.cpuQuotaMicros(10)).isEqualTo(1_000);
    }

    @Test
    void cpuWeightMapsToSharesLikeSystemd() {
        assertThat(Weights.cpuShares(100)).isEqualTo(1024);
        assertThat(Weights.cpuShares(200)).isEqualTo(2048);
        assertThat(Weights.cpuShares(1)).isEqualTo(10);
        assertThat(Weights.cpuShares(10_000)).isEqualTo(102_400);
    }

    @Test
    void ioWeightMapsToBlkioWeightLikeSystemd() {
        assertThat(Weights.blkioWeight(100)).isEqualTo(500);
        assertThat(Weights.blkioWeight(1)).isEqualTo(10);
        assertThat(Weights.blkioWeight(150)).isEqualTo(750);
        assertThat(Weights.blkioWeight(10_000)).isEqualTo(1000);
    }
}
