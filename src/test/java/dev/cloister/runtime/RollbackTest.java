package dev.cloister.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackTest {
    private final List<String> ran = new ArrayList<>();
    private final Rollback rollback = new Rollback("web");

    @Test
    void undosRunLastFirstAndEachFailureIsSuppressedInTheFirstErrorWithoutStoppingTheRest() {
        rollback.add("removing the metadata", () -> ran.add("metadata"));
        rollback.add("removing the tree", () -> {
            ran.add("tree");
            throw new IOException("Device or resource busy");
        });
        rollback.add("removing the host unit", () -> {
            ran.add("host unit");
            throw new IllegalStateException("unit directory gone");
        });
        IOException first = new IOException("No space left on device");

        rollback.undo(first);

        assertThat(ran).containsExactly("host unit", "tree", "metadata");
        assertThat(first).hasMessage("No space left on device");
        assertThat(first.getSuppressed()).extracting(Throwable::getMessage).containsExactly(
                "rolling back 'web', removing the host unit failed: unit directory gone (`cloister delete web` removes "
                        + "what is left)",
                "rolling back 'web', removing the tree failed: Device or resource busy (`cloister delete web` removes "
                        + "what is left)");
    }

    @Test
    void aForgottenUndoDoesNotRunAndAnUndoneListIsEmpty() {
        rollback.add("removing the tree", () -> ran.add("tree"));
        Rollback.Entry mount = rollback.add("unmounting the image", () -> ran.add("unmount"));
        rollback.forget(mount);

        rollback.undo(new IOException("copy failed"));
        rollback.undo(new IOException("again"));

        assertThat(ran).containsExactly("tree");
    }
}
