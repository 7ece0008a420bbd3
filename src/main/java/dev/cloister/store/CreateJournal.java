package dev.cloister.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The first file a create or clone writes, in its staging metadata ({@code .NAME.creating/journal}):
 * which operation is under way, so that {@code list} can say what the staging directories are.
 * Its directory is the journal entry; the file only explains it.
 */
public final class CreateJournal {
    private static final String FILE = "journal";

    private CreateJournal() {
    }

    /** Makes the staging metadata directory with its journal: the create's first step on disk. */
    public static void begin(SandboxFiles files, Optional<String> cloneSource) throws IOException {
        Files.createDirectories(files.stagingMeta());
        AtomicFiles.write(files.stagingMeta().resolve(FILE), cloneSource.map(s -> "operation clone\nsource " + s + "\n")
                .orElse("operation create\n"), "rw-------");
    }

    /** The journal file travels with the staging metadata when it is renamed into place: it goes before the commit. */
    public static void end(SandboxFiles files) throws IOException {
        Files.deleteIfExists(files.meta().resolve(FILE));
    }

    /** What the journal in DIR says; a create when it is missing or unreadable (it is the first thing written). */
    static Leftover read(String name, Path dir, boolean inProgress) {
        try {
            String text = Files.readString(dir.resolve(FILE));
            if (text.startsWith("operation clone\nsource ")) {
                return new Leftover(name, Leftover.Operation.CLONE, text.substring(23).strip(), inProgress);
            }
        } catch (NoSuchFileException e) {
            // a create killed before its journal was written, or after it was removed
        } catch (IOException e) {
            // unreadable: still a create's staging directory
        }
        return new Leftover(name, Leftover.Operation.CREATE, "", inProgress);
    }
}
