package dev.cloister.cli;

import picocli.AutoComplete;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** `make` writes the bash completion script from the command definitions: {@code BashCompletion OUTPUT}. */
public final class BashCompletion {
    private BashCompletion() {
    }

    public static void main(String[] args) throws IOException {
        String script = AutoComplete.bash("cloister", CloisterCommand.full())
                + "complete -F _complete_cloister -o default virt-sandbox-service\n";
        Files.writeString(Path.of(args[0]), script);
    }
}
