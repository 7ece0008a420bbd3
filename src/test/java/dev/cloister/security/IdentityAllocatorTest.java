package dev.cloister.security;

import dev.cloister.security.IdentityAllocator.Identity;
import dev.cloister.spec.SecurityLevel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentityAllocatorTest {
    private final IdentityAllocator allocator = new IdentityAllocator(new Random(42));

    @Test
    void requestedLevelIsKeptAndClashIsRefused() {
        SecurityLevel level = SecurityLevel.parse("s0:c1,c2");
        Identity first = allocator.allocate(Optional.of(level), List.of());
        assertThat(first.level()).isEqualTo(level);
        assertThat(first.uidBase()).isEqualTo(IdentityAllocator.FIRST_UID_BASE);
        assertThatThrownBy(() -> allocator.allocate(Optional.of(level), List.of(first)))
                .hasMessageContaining("already used");
    }

    @Test
    void manyAllocationsAreAllDistinct() {
        List<Identity> inUse = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            inUse.add(allocator.allocate(Optional.empty(), inUse));
        }
        assertThat(new HashSet<>(inUse.stream().map(Identity::level).toList())).hasSize(500);
        assertThat(new HashSet<>(inUse.stream().map(Identity::uidBase).toList())).hasSize(500);
        assertThat(inUse).allSatisfy(id -> {
            assertThat(id.uidBase() % 65536).isZero();
            assertThat(id.uidBase() + 65536).isLessThanOrEqualTo(0xFFFF_0000L);
            assertThat(id.level().first()).isLessThan(id.level().second());
        });
    }

    @Test
    void freedRangesAreReused() {
        Identity a = allocator.allocate(Optional.empty(), List.of());
        Identity b = allocator.allocate(Optional.empty(), List.of(a));
        Identity c = allocator.allocate(Optional.empty(), List.of(b));
        assertThat(c.uidBase()).isEqualTo(a.uidBase());
    }

    @Test
    void levelSyntaxIsValidated() {
        assertThat(SecurityLevel.parse("s0:c5").toString()).isEqualTo("s0:c5");
        assertThat(SecurityLevel.parse("s0:c0,c1023").toString()).isEqualTo("s0:c0,c1023");
        for (String bad : List.of("s0:c2,c1", "s0:c1,c1", "s0:c1024", "s1:c1", "c1,c2", "s0:c1,c2,c3", "")) {
            assertThatThrownBy(() -> SecurityLevel.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
