package dev.cloister.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {
    @Test
    void readsBackWhatTheWriterWritesInOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("zeta", List.of());
        inner.put("alpha", Map.of());
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("name", "web \"one\"\\\n\t\u0001é✓");
        doc.put("uid_base", 4026531840L);
        doc.put("negative", -7L);
        doc.put("ratio", 0.25);
        doc.put("on", true);
        doc.put("off", false);
        doc.put("nothing", null);
        doc.put("nested", inner);
        doc.put("list", List.of(1L, "two", List.of(Map.of("k", "v"))));

        Object read = JsonReader.read(Json.write(doc));

        assertThat(read).isEqualTo(doc);
        assertThat(List.copyOf(((Map<?, ?>) read).keySet())).isEqualTo(List.copyOf(doc.keySet()));
        assertThat(List.copyOf(((Map<?, ?>) ((Map<?, ?>) read).get("nested")).keySet())).isEqualTo(List.of("zeta", "alpha"));
    }

    @Test
    void randomDocumentsRoundTrip() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            Object doc = randomValue(random, 0);
            assertThat(JsonReader.read(Json.write(doc))).isEqualTo(doc);
        }
    }

    @Test
    void acceptsOtherWritersSpacingAndEscapes() {
        assertThat(JsonReader.read(" {\"a\":[1,2.5e1,{}],\"b\":\"\\u0041\\/\"} ")).isEqualTo(Map.of(
                "a", List.of(1L, 25.0, Map.of()), "b", "A/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "\"open", "\"bad \\x\"", "\"\\u12\"",
            "tru", "{} x", "-", "{1:2}", "[", "nul"})
    void malformedInputIsAnErrorNamingTheOffset(String text) {
        assertThatThrownBy(() -> JsonReader.read(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON");
    }

    @Test
    void readObjectRefusesOtherDocuments() {
        assertThatThrownBy(() -> JsonReader.readObject("[1]")).hasMessageContaining("not an object");
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong();
            case 3 -> random.nextDouble() * 1000;
            case 4 -> randomString(random);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static String randomString(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i > 0; i--) {
            s.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xD7FF)));
        }
        return s.toString();
    }
}
