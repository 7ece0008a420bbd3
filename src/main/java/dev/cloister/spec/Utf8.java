package dev.cloister.spec;

/** Sizes of text as it will be stored on disk, so that limits mean bytes and not Java chars. */
final class Utf8 {
    private Utf8() {
    }

    /** BYTES as UTF-8 text; anything else is a ConfigException at the line and column of the first bad byte. */
    static String decode(byte[] bytes, String file) {
        if (bytes.length > ConfigFile.MAX_FILE_BYTES) {
            throw new ConfigException(file, 0, "the file is larger than 1 MiB — a sandbox config is a few lines; "
                    + "check that this is the right file");
        }
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
        java.nio.charset.CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(file, line, String.format("not UTF-8 text (byte 0x%02X at column %d) — fix the "
                    + "line, or save the file as UTF-8", bytes[bad] & 0xff,
                    bad - lineStart + 1));
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** The number of bytes of {@code text[from, to)} in UTF-8 (a surrogate pair counts 4). */
    static long length(CharSequence text, int from, int to) {
        long bytes = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    static long length(CharSequence text) {
        return length(text, 0, text.length());
    }

    /** Whether {@code text[i]} is half of a surrogate pair whose other half is missing: it has no UTF-8 form. */
    static boolean isUnpairedSurrogate(CharSequence text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    }
}
