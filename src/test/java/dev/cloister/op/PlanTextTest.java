package dev.cloister.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class PlanTextTest {

    @Test
    void encodesOnlySpacePercentAndControlBytesAndRefusesEmptyFields() {
        Map<String, String> encoded = Map.of("/plain/path", "/plain/path", "150000 100000", "150000%20100000",
                "50%\t\n\u007f", "50%25%09%0A%7F", "/run/a b%c\té", "/run/a%20b%25c%09é", "grüße", "grüße");
        encoded.forEach((field, line) -> assertThat(PlanText.encode(field)).as(field).isEqualTo(line));
        assertThatThrownBy(() -> PlanText.encode("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyOpIsWrittenBelowItsReason() {
        assertThat(PlanText.write(List.of(new NetOp.NetLock(Path.of("/run/a b"), "serialise"),
                new MountOp.RootReadonly("nothing new in /"))))
                .isEqualTo("# why: serialise\nnet-lock /run/a%20b\n# why: nothing new in /\nroot-readonly\n");
        assertThatThrownBy(() -> PlanText.write(List.of(new InitOp.Pivot(" "))))
                .hasMessageContaining("pivot: every op of a plan says why");
    }

    @Test
    void opNamesComeFromTheirRecords() {
        assertThat(List.<Op>of(new MountOp.RootTmpfs("mode=0755", "w"), new CgroupOp.Cgroup1(Path.of("/c"), "pids", "x", "w"),
                new InitOp.NoNewPrivs("w"), new NetOp.NftLine("t", "}", "w"), new GlobalOp.UsernsParent(2, "w"),
                new NetOp.Address("host0", "10.0.0.2/24", Optional.empty(), "w"), new NetOp.Bridge("br0", "10.0.0.1/24", "w")))
                .extracting(Op::name)
                .containsExactly("root-tmpfs", "cgroup1", "no-new-privs", "nft-line", "userns-parent", "address", "bridge");
    }

    @Test
    void anNftLineIsItsWords() {
        assertThat(PlanText.line(new NetOp.NftLine("t", "udp dport { 53, 67 } accept", "w")))
                .isEqualTo("nft-line t udp dport { 53, 67 } accept");
        for (String bad : List.of("", " drop", "a  b", "a\tb")) {
            assertThatThrownBy(() -> new NetOp.NftLine("t", bad, "w")).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
