package dev.cloister.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineQuotingTest {
    /** Strings that break naive quoting; join must survive each alone and in any company. */
    static final List<String> HOSTILE = List.of("", " ", "  ", "\"", "'", "\\", "\\\\", "\n", "\t", "\r", "\r\n",
            "a b", "a\"b", "a'b", "\"\"", "''", "\\x41", "\\u0041", "\\s", "ü", "日本", "😀", "\uD83D", "\uDE00",
            "\uDE00\uD83D", "\u2028", "\u2029", "\u202E", "\u0000", "\u0001", "\u007F", "\u0085", "\u00A0", "\u3000",
            "\u200B", "\uFEFF", "$HOME", "${X}", "%n", "#", ";", "=", "[Sandbox]", "-", "--", "a b\tc\nd", "x ",
            " x", "\\\"", "'\"'", "\"\\\"");

    @Test
    void splitsOnWhitespace() {
        assertThat(CommandLineQuoting.split("  /bin/echo   a\tb  ")).containsExactly("/bin/echo", "a", "b");
    }

    @Test
    void doubleAndSingleQuotesGroupWords() {
        assertThat(CommandLineQuoting.split("/bin/sh -c \"echo hello; sleep 10\" 'it''s' \"a'b\" 'a\"b'"))
                .containsExactly("/bin/sh", "-c", "echo hello; sleep 10", "its", "a'b", "a\"b");
    }

    @Test
    void quotesJoinWithAdjacentText() {
        assertThat(CommandLineQuoting.split("a\"b c\"'d e'f")).containsExactly("ab cd ef");
    }

    @Test
    void emptyQuotesAreAnEmptyWord() {
        assertThat(CommandLineQuoting.split("a \"\" ''")).containsExactly("a", "", "");
    }

    @Test
    void escapesWorkInsideAndOutsideQuotes() {
        assertThat(CommandLineQuoting.split("a\\sb \"\\\\ \\\" \\' \\n \\t \\r\" '\\x41\\u00e9' \\\"x"))
                .containsExactly("a b", "\\ \" ' \n \t \r", "Aé", "\"x");
    }

    @Test
    void rawTabInsideQuotesIsKept() {
        assertThat(CommandLineQuoting.split("\"a\tb\"")).containsExactly("a\tb");
    }

    @Test
    void nothingIsExpanded() {
        assertThat(CommandLineQuoting.split("echo $HOME ${X} %n %% ~ *"))
                .containsExactly("echo", "$HOME", "${X}", "%n", "%%", "~", "*");
    }

    @Test
    void emptyLineIsNoWords() {
        assertThat(CommandLineQuoting.split("")).isEmpty();
        assertThat(CommandLineQuoting.split(" \t ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abc", "'abc", "a \"b\\\"", "\\q", "a\\", "\\x4", "\\xZZ", "\\u12", "\\u12G4", "a\u0001b",
            "\"a\u0000\""})
    void malformedLinesAreRefusedWithAReason(String line) {
        assertThatThrownBy(() -> CommandLineQuoting.split(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching(".*(never closed|unknown escape|lone backslash|hex digits|control character).*");
    }

    @Test
    void joinQuotesOnlyWhatNeedsIt() {
        assertThat(CommandLineQuoting.join(List.of("/bin/sh", "-c", "echo hello; sleep 10", "", "a\"b\\c\nd\te")))
                .isEqualTo("/bin/sh -c \"echo hello; sleep 10\" \"\" \"a\\\"b\\\\c\\nd\\te\"");
        assertThat(CommandLineQuoting.join(List.of())).isEmpty();
    }

    @Test
    void joinEscapesInvisibleCharacters() {
        assertThat(CommandLineQuoting.join(List.of("a\u202Eb", "\u0001", "\uD800", "😀")))
                .isEqualTo("\"a\\u202eb\" \"\\x01\" \"\\ud800\" 😀");
    }

    @Test
    void eachHostileStringRoundTrips() {
        for (String s : HOSTILE) {
            assertRoundTrip(List.of(s));
            assertRoundTrip(List.of("cmd", s, s, "x"));
        }
        assertRoundTrip(HOSTILE);
    }

    @Test
    void randomWordListsRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            List<String> words = new ArrayList<>();
            int n = random.nextInt(6);
            for (int j = 0; j < n; j++) {
                words.add(randomWord(random));
            }
            assertRoundTrip(words);
        }
    }

    /** Pieces of hostile strings glued with arbitrary UTF-16 code units, lone surrogates included. */
    static String randomWord(Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (random.nextBoolean()) {
                b.append(HOSTILE.get(random.nextInt(HOSTILE.size())));
            } else {
                b.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0x10000)));
            }
        }
        return b.toString();
    }

    private static void assertRoundTrip(List<String> words) {
        String line = CommandLineQuoting.join(words);
        assertThat(CommandLineQuoting.split(line)).as("split(join(%s)) via %s", words, line).isEqualTo(words);
        // It must also fit on one line of the config file and survive trimming there.
        assertThat(line).isEqualTo(line.strip()).doesNotContain("\n", "\r");
        assertThat(line.chars().noneMatch(c -> c != '\t' && Character.isISOControl(c))).isTrue();
    }
}
