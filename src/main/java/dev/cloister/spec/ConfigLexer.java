package dev.cloister.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits config text into section headers and entries. It knows the syntax and the size limits, not the keys: a
 * config is small and edited by hand, so anything bigger or stranger is refused before any value is looked at.
 */
final class ConfigLexer {
    private ConfigLexer() {
    }

    static List<ConfigLine> lex(String text, String file) {
        // Chars never exceed UTF-8 bytes, so the cheap test keeps a huge string from being scanned.
        if (text.length() > ConfigFile.MAX_FILE_BYTES || Utf8.length(text) > ConfigFile.MAX_FILE_BYTES) {
            throw new ConfigException(file, 0, "the file is larger than 1 MiB — a sandbox config is a few lines; "
                    + "check that this is the right file");
        }
        List<ConfigLine> lines = new ArrayList<>();
        int start = text.startsWith("\uFEFF") ? 1 : 0; // byte-order mark some editors add
        int number = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            number++;
            int contentEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end; // CRLF files
            String line = checkedLine(text, start, contentEnd, file, number);
            ConfigLine parsed = parse(line.strip(), file, number);
            if (parsed != null) {
                lines.add(parsed);
            }
            start = end + 1;
        }
        return lines;
    }

    private static String checkedLine(String text, int start, int end, String file, int number) {
        if (Utf8.length(text, start, end) > ConfigFile.MAX_LINE_BYTES) {
            throw new ConfigException(file, number, "the line is longer than 64 KiB — shorten it");
        }
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '\t' && Character.isISOControl(c)) {
                throw new ConfigException(file, number, String.format("control character U+%04X at column %d — "
                        + "remove it (in Exec= write it as an escape such as \\n)", (int) c, i - start + 1));
            }
            if (Utf8.isUnpairedSurrogate(text, i)) {
                throw new ConfigException(file, number, "invalid text (unpaired UTF-16 surrogate) at column "
                        + (i - start + 1) + " — save the file as UTF-8");
            }
        }
        return text.substring(start, end);
    }

    /** The header or entry on a trimmed line, or null for a blank line or comment. */
    private static ConfigLine parse(String line, String file, int number) {
        if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
            return null;
        }
        if (line.startsWith("[")) {
            int close = line.indexOf(']');
            if (close < 0) {
                throw new ConfigException(file, number, "section header without a closing ] — write it as [Name]");
            }
            if (close != line.length() - 1) {
                throw new ConfigException(file, number, "text after the section header's ] — "
                        + "put comments on a line of their own, starting with #");
            }
            return new ConfigLine.Header(number, line.substring(1, close));
        }
        int eq = line.indexOf('=');
        if (eq < 0) {
            throw new ConfigException(file, number, "expected Key=value, a [Section] header or a # comment — "
                    + "add the missing '=' or start the line with # to comment it out");
        }
        String key = line.substring(0, eq).strip();
        if (key.isEmpty()) {
            throw new ConfigException(file, number, "no key before '=' — write Key=value");
        }
        return new ConfigLine.Entry(number, key, line.substring(eq + 1).strip());
    }
}
