package dev.cloister.security;

import dev.cloister.security.UidRanges.Holder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;

import static dev.cloister.security.IdentityAllocator.FIRST_UID_BASE;
import static dev.cloister.security.IdentityAllocator.RANGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UidRangesTest {
    @TempDir
    Path dir;

    private UidRanges ranges() throws Exception {
        return new UidRanges(dir.resolve("registry"), Files.createDirectories(dir.resolve("host")));
    }

    /** An instance root with a config for NAME naming BASE. */
    private Holder sandbox(String instance, String name, long base) throws Exception {
        Path conf = Files.createDirectories(dir.resolve(instance).resolve("etc/cloister")).resolve(name + ".conf");
        Files.writeString(conf, "[Sandbox]\nName = " + name + "\nUidBase = " + base + "\n");
        return new Holder(dir.resolve(instance), name);
    }

    @Test
    void twoInstancesNeverGetTheSameRange() throws Exception {
        UidRanges r = ranges();
        Holder a = new Holder(Files.createDirectories(dir.resolve("one")), "web");
        Holder b = new Holder(Files.createDirectories(dir.resolve("two")), "web");
        long first = r.claim(a, Set.of());
        long second = r.claim(b, Set.of());
        assertThat(first).isEqualTo(FIRST_UID_BASE);
        assertThat(second).isEqualTo(FIRST_UID_BASE + RANGE);
        assertThat(r.claim(b, Set.of(FIRST_UID_BASE + 2 * RANGE))).as("this instance's own bases are skipped too")
                .isEqualTo(FIRST_UID_BASE + 3 * RANGE);
    }

    @Test
    void rangesTheHostUsesAreSkipped() throws Exception {
        Path host = Files.createDirectories(dir.resolve("host/etc"));
        Files.writeString(host.resolve("subuid"), "alice:" + FIRST_UID_BASE + ":65536\n");
        Files.writeString(host.resolve("subgid"), "");
        Files.writeString(host.resolve("passwd"), "odd:x:" + (FIRST_UID_BASE + RANGE + 5) + ":0::/:/bin/sh\n");
        UidRanges r = ranges();
        assertThat(r.hostUse(FIRST_UID_BASE)).hasValueSatisfying(w -> assertThat(w).contains("/etc/subuid").contains("alice"));
        assertThat(r.claim(new Holder(Files.createDirectories(dir.resolve("one")), "web"), Set.of()))
                .isEqualTo(FIRST_UID_BASE + 2 * RANGE);
    }

    @Test
    void aConfigClaimingAnotherSandboxsRangeIsRefusedNamingIt() throws Exception {
        UidRanges r = ranges();
        Holder a = sandbox("one", "web", FIRST_UID_BASE);
        r.confirm(a, FIRST_UID_BASE);
        Holder b = sandbox("two", "db", FIRST_UID_BASE);
        assertThatThrownBy(() -> r.confirm(b, FIRST_UID_BASE)).hasMessageContaining("is the uid range of sandbox 'web'")
                .hasMessageContaining(dir.resolve("one").toString());
        r.confirm(a, FIRST_UID_BASE);
    }

    @Test
    void staleClaimsAreGivenOutAgainAndReleaseOnlyFreesOwnClaims() throws Exception {
        UidRanges r = ranges();
        Holder gone = new Holder(dir.resolve("deleted-instance"), "web");
        Files.createDirectories(gone.instance());
        long base = r.claim(gone, Set.of());
        // a create in progress (no config yet) keeps its claim; a deleted instance does not
        Holder other = new Holder(Files.createDirectories(dir.resolve("two")), "db");
        assertThat(r.claim(other, Set.of())).isEqualTo(base + RANGE);
        Files.delete(gone.instance());
        assertThat(r.claim(other, Set.of())).as("the vanished instance's range").isEqualTo(base);
        // a config that now names another base, or a claim past the create grace without config, is stale
        Holder moved = sandbox("three", "app", base + 7 * RANGE);
        r.confirm(moved, base + 5 * RANGE);
        assertThat(r.holderOf(base + 5 * RANGE)).isEmpty();
        Holder killed = new Holder(Files.createDirectories(dir.resolve("four")), "half");
        long k = r.claim(killed, Set.of());
        Files.setLastModifiedTime(dir.resolve("registry").resolve(String.format("%08x", k)),
                FileTime.from(Instant.now().minus(UidRanges.CREATE_GRACE).minusSeconds(60)));
        assertThat(r.holderOf(k)).as("a create killed before it wrote its config").isEmpty();

        r.release(killed, base);
        assertThat(r.holderOf(base)).as("release by another holder frees nothing").contains(other);
        r.releaseAll(other);
        assertThat(r.holderOf(base)).isEmpty();
        assertThat(r.holderOf(base + RANGE)).isEmpty();
    }
}
