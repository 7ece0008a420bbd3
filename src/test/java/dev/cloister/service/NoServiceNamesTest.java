package dev.cloister.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The planner decides by general rules: no service of the matrix is named in its code (comments
 * may use them as examples). A service nobody tested must get the same treatment.
 */
class NoServiceNamesTest {
    private static final Pattern NAMES = Pattern.compile(
            "(?i)apache|httpd|nginx|postgres|pg_|mariadb|mysql|redis|dovecot|imap|memcache|www-data|/var/www");
    private static final List<Path> PLANNER = List.of(Path.of("src/main/java/dev/cloister/service"),
            Path.of("src/main/java/dev/cloister/tree/ServiceTree.java"));

    @Test
    void plannerCodeNamesNoService() throws Exception {
        List<String> found = new ArrayList<>();
        for (Path root : PLANNER) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = withoutComments(Files.readString(file));
                    code.lines().filter(l -> NAMES.matcher(l).find()).forEach(l -> found.add(file + ": " + l.strip()));
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /** Removes block and line comments (string literals in this code never contain comment markers). */
    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)//.*$", "");
    }
}
