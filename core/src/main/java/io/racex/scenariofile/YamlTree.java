package io.racex.scenariofile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node remembers its line, read with Jackson's streaming
 * YAML parser. Data binding would lose the lines, and a scenario file's errors must say where they
 * are. Shared by the scenario files of every store (SQL and in-memory), which is why it lives
 * outside the stores.
 */
public final class YamlTree {
    private static final YAMLFactory YAML = new YAMLFactory();

    private YamlTree() {}

    /** A node and the line (1-based) where it starts. */
    public sealed interface Node permits MapNode, ListNode, ScalarNode {
        /** Where the node starts, 1-based. */
        int line();

        /** What kind of value this is, for error messages: "a mapping", "a list", "a text", … */
        String what();
    }

    /** A mapping; keys in file order, each with the line of the key. */
    public record MapNode(int line, Map<String, Node> entries, Map<String, Integer> keyLines) implements Node {
        @Override
        public String what() {
            return "a mapping (key: value lines)";
        }
    }

    /** A list, its items in order. */
    public record ListNode(int line, List<Node> items) implements Node {
        @Override
        public String what() {
            return "a list";
        }
    }

    /**
     * A scalar: {@code value} as YAML typed it (String, Integer/Long/BigInteger, Double/BigDecimal,
     * Boolean, or null) and {@code text} as written (so {@code 08001} keeps its leading zero).
     */
    public record ScalarNode(int line, Object value, String text) implements Node {
        @Override
        public String what() {
            if (value == null) {
                return "empty";
            }
            if (value instanceof Boolean) {
                return "a boolean";
            }
            if (value instanceof Number) {
                return "a number";
            }
            return "a text";
        }
    }

    /** A syntax error: the line and Jackson's first sentence about it. */
    public static final class SyntaxError extends Exception {
        /** The line (1-based), or 0 when unknown. */
        public final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    /** Parses {@code text}; an empty document is an empty mapping at line 1. */
    public static Node parse(String text) throws SyntaxError {
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                return new MapNode(1, Map.of(), Map.of());
            }
            Node root = read(p, t);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                throw new SyntaxError(line(p), "more than one YAML document in the file (a line '---' in the middle?)");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SyntaxError(line, firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new SyntaxError(0, firstLine(e.getMessage()));
        }
    }

    private static Node read(JsonParser p, JsonToken t) throws IOException, SyntaxError {
        int line = line(p);
        switch (t) {
            case START_OBJECT: {
                Map<String, Node> entries = new LinkedHashMap<>();
                Map<String, Integer> keyLines = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String key = p.currentName();
                    int keyLine = line(p);
                    if (entries.containsKey(key)) {
                        throw new SyntaxError(keyLine, "the key '" + key + "' appears twice in the same mapping (first at line "
                                + keyLines.get(key) + ")");
                    }
                    keyLines.put(key, keyLine);
                    entries.put(key, read(p, p.nextToken()));
                }
                return new MapNode(line, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(keyLines));
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                for (JsonToken i = p.nextToken(); i != JsonToken.END_ARRAY; i = p.nextToken()) {
                    items.add(read(p, i));
                }
                return new ListNode(line, List.copyOf(items));
            }
            case VALUE_STRING:
                return new ScalarNode(line, p.getText(), p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new ScalarNode(line, p.getNumberValue(), p.getText());
            case VALUE_TRUE:
                return new ScalarNode(line, Boolean.TRUE, p.getText());
            case VALUE_FALSE:
                return new ScalarNode(line, Boolean.FALSE, p.getText());
            case VALUE_NULL:
                return new ScalarNode(line, null, p.getText());
            default:
                throw new SyntaxError(line, "unexpected YAML content " + t);
        }
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }

    /** The first line of a message, stripped. */
    public static String firstLine(String s) {
        if (s == null) {
            return "unreadable YAML";
        }
        String trimmed = s.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
    }
}
