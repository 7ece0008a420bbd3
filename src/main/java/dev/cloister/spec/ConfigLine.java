package dev.cloister.spec;

/** One meaningful line of a config file (blank lines and comments are dropped by the lexer). */
sealed interface ConfigLine {
    int number();

    /** {@code [Title]}. */
    record Header(int number, String title) implements ConfigLine {
    }

    /** {@code Key=value}, both trimmed. */
    record Entry(int number, String key, String value) implements ConfigLine {
    }
}
