package dev.cloister.spec;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Command lines in systemd's ExecStart= style: words separated by whitespace, "double" and 'single' quotes, and the
 * backslash escapes <code>\\ \" \' \n \t \r \s \xHH &#92;uHHHH</code> (inside and outside quotes). There is no variable or
 * specifier expansion: what is written is what runs.
 */
public final class CommandLineQuoting {
    private CommandLineQuoting() {
    }

    /**
     * Splits a command line into words.
     *
     * @throws IllegalArgumentException for an unterminated quote, an unknown escape or a raw control character
     */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null; // null between words, so that "" still yields an (empty) word
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                i++;
                continue;
            }
            if (word == null) {
                word = new StringBuilder();
            }
            if (c == '"' || c == '\'') {
                i = quoted(line, i, word);
            } else if (c == '\\') {
                i = escape(line, i, word);
            } else {
                word.append(literal(c, i));
                i++;
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** Joins words so that {@link #split} returns exactly them, quoting only the words that need it. */
    public static String join(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String word : words) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            if (isPlain(word)) {
                out.append(word);
            } else {
                appendQuoted(word, out);
            }
        }
        return out.toString();
    }

    private static int quoted(String line, int open, StringBuilder word) {
        char quote = line.charAt(open);
        int i = open + 1;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == quote) {
                return i + 1;
            }
            if (c == '\\') {
                i = escape(line, i, word);
            } else {
                // A raw tab inside quotes is what a person types; other control characters must be escaped.
                word.append(c == '\t' ? c : literal(c, i));
                i++;
            }
        }
        throw new IllegalArgumentException("the quote " + quote + " at column " + (open + 1) + " is never closed");
    }

    private static int escape(String line, int backslash, StringBuilder word) {
        if (backslash + 1 >= line.length()) {
            throw new IllegalArgumentException("the command line ends with a lone backslash (write \\\\ for one)");
        }
        char c = line.charAt(backslash + 1);
        switch (c) {
            case '\\', '"', '\'' -> word.append(c);
            case 'n' -> word.append('\n');
            case 't' -> word.append('\t');
            case 'r' -> word.append('\r');
            case 's' -> word.append(' ');
            case 'x' -> {
                word.append(hex(line, backslash + 2, 2));
                return backslash + 4;
            }
            case 'u' -> {
                word.append(hex(line, backslash + 2, 4));
                return backslash + 6;
            }
            default -> throw new IllegalArgumentException("unknown escape \\" + c + " at column " + (backslash + 1)
                    + " (known: \\\\ \\\" \\' \\n \\t \\r \\s \\xHH \\uHHHH)");
        }
        return backslash + 2;
    }

    private static char hex(String line, int from, int digits) {
        int to = from + digits;
        boolean ok = to <= line.length();
        for (int i = from; ok && i < to; i++) {
            ok = HexFormat.isHexDigit(line.charAt(i));
        }
        if (!ok) {
            throw new IllegalArgumentException("escape at column " + (from - 1) + " needs " + digits + " hex digits");
        }
        return (char) HexFormat.fromHexDigits(line, from, to);
    }

    private static char literal(char c, int index) {
        if (Character.isISOControl(c)) {
            throw new IllegalArgumentException(String.format("raw control character U+%04X at column %d "
                    + "(write it as an escape such as \\n or \\x%02X)", (int) c, index + 1, c & 0xFF));
        }
        return c;
    }

    private static boolean isPlain(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '"' || c == '\'' || c == '\\' || Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || needsEscape(word, i)) {
                return false;
            }
        }
        return true;
    }

    private static void appendQuoted(String word, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (!needsEscape(word, i)) {
                        out.append(c);
                    } else if (c < 0x100) {
                        out.append("\\x").append(HexFormat.of().toHexDigits((byte) c));
                    } else {
                        out.append("\\u").append(HexFormat.of().toHexDigits(c));
                    }
                }
            }
        }
        out.append('"');
    }

    /**
     * Characters written as escapes: control characters (split refuses them raw), and invisible or line-breaking
     * ones (format, line and paragraph separators, unpaired surrogates) so that the file shows what will run.
     */
    private static boolean needsEscape(String word, int i) {
        return Utf8.isUnpairedSurrogate(word, i) || switch (Character.getType(word.charAt(i))) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
