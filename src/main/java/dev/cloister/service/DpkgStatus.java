package dev.cloister.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stanzas of /var/lib/dpkg/status that matter for suggestions. Read directly because
 * dpkg-query cannot ask "who provides X" without listing every package.
 */
final class DpkgStatus {
    private DpkgStatus() {
    }

    record Stanza(String name, boolean installed, Set<String> provides) {
    }

    static List<Stanza> read(Path statusFile) {
        try {
            return parse(Files.readString(statusFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dpkg status file " + statusFile, e);
        }
    }

    static List<Stanza> parse(String text) {
        List<Stanza> stanzas = new ArrayList<>();
        for (String block : text.split("\n\\s*\n")) {
            String name = field(block, "Package");
            if (!name.isEmpty()) {
                stanzas.add(new Stanza(name, field(block, "Status").endsWith(" installed"),
                        virtualNames(field(block, "Provides"))));
            }
        }
        return stanzas;
    }

    /** "httpd, httpd-cgi, foo (= 1.0), bar:any" → {httpd, httpd-cgi, foo, bar}. */
    private static Set<String> virtualNames(String provides) {
        return Arrays.stream(provides.split(",")).map(p -> p.replaceAll("\\(.*\\)", "").strip())
                .map(DpkgOutput::withoutArchitecture).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
    }

    /** A single-line field's value, or "" (continuation lines of multi-line fields start with a space). */
    private static String field(String block, String name) {
        return block.lines().filter(l -> l.startsWith(name + ":")).findFirst()
                .map(l -> l.substring(name.length() + 1).strip()).orElse("");
    }
}
