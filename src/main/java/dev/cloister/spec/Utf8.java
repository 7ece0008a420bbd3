package dev.cloister.spec;

/** Sizes of text as it will be stored on disk, so that limits mean bytes and not Java chars. */
final class Utf8 {
    private Utf8() {
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
