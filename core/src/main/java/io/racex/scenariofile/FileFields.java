package io.racex.scenariofile;

import io.racex.RacexException;
import io.racex.scenariofile.YamlTree.ListNode;
import io.racex.scenariofile.YamlTree.MapNode;
import io.racex.scenariofile.YamlTree.Node;
import io.racex.scenariofile.YamlTree.ScalarNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reading the fields of one scenario file's YAML tree, for every store's parser: a list, a single
 * value, an optional one, a key's line, and the one-line error that names the file and line.
 */
public final class FileFields {
    private final String source;

    /** Fields of the file named {@code source} in messages. */
    public FileFields(String source) {
        this.source = source;
    }

    /** The error for a mistake at {@code line} (0: the file as a whole): {@code file:line: message}. */
    public RacexException fail(int line, String message) {
        return new RacexException(source + (line > 0 ? ":" + line : "") + ": " + message);
    }

    /** The items of {@code n}, which must be a list ({@code hint} says of what). */
    public List<Node> list(Node n, String what, String hint) {
        if (n instanceof ListNode l) {
            return l.items();
        }
        throw fail(n.line(), what + " must be a list (" + hint + "), not " + n.what());
    }

    /** The single value under {@code key}, if it is there and not null. */
    public Optional<String> optionalText(MapNode m, String key) {
        Node n = m.entries().get(key);
        if (n == null || (n instanceof ScalarNode s && s.value() == null)) {
            return Optional.empty();
        }
        return Optional.of(scalarText(n, "'" + key + "'"));
    }

    /** The text of {@code n}, which must be a single non-null value. */
    public String scalarText(Node n, String what) {
        if (!(n instanceof ScalarNode s) || s.value() == null) {
            throw fail(n.line(), what + " must be a single value, not " + n.what());
        }
        return s.text();
    }

    /** The line of {@code key} in {@code m}, or the mapping's own line if the key is absent. */
    public int lineOf(MapNode m, String key) {
        Integer l = m.keyLines().get(key);
        return l == null ? m.line() : l;
    }

    /**
     * {@code n} as a mapping whose keys are all in {@code known}; an unknown key fails at its line,
     * naming the known ones ({@code kind}: what the mapping is, e.g. {@code invariant}) and then
     * what {@code hint} adds for that key (empty: nothing).
     */
    public MapNode map(Node n, String what, List<String> known, String kind, UnaryOperator<String> hint) {
        if (!(n instanceof MapNode m)) {
            throw fail(n.line(), what + " must be a mapping of keys (" + String.join(", ", known) + "), not " + n.what());
        }
        for (Map.Entry<String, Integer> k : m.keyLines().entrySet()) {
            if (!known.contains(k.getKey())) {
                throw fail(k.getValue(), "unknown key '" + k.getKey() + "' in a " + kind + "; known keys: " + String.join(", ", known)
                        + hint.apply(k.getKey()));
            }
        }
        return m;
    }

    /**
     * The file's top-level mapping: its text parsed as YAML ("not valid YAML" at the line that is
     * not), whose keys must be among {@code keys} ({@code hint} as for {@link #map}).
     */
    public MapNode top(String text, List<String> keys, UnaryOperator<String> hint) {
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.SyntaxError e) {
            throw fail(e.line, "not valid YAML: " + e.getMessage());
        }
        return map(root, "the file", keys, "scenario file", hint);
    }

    /** The boolean under {@code key}, {@code dflt} when absent. */
    public boolean bool(MapNode m, String key, boolean dflt) {
        Node n = m.entries().get(key);
        if (n == null) {
            return dflt;
        }
        if (n instanceof ScalarNode s && s.value() instanceof Boolean b) {
            return b;
        }
        throw fail(n.line(), "'" + key + "' must be true or false");
    }

    /** An invariant's {@code name}, required and not one of {@code taken} (to which it is added). */
    public String invariantName(MapNode m, Set<String> taken) {
        String name = optionalText(m, "name").orElseThrow(() -> fail(m.line(), "an invariant needs a 'name' saying what it checks"))
                .strip();
        if (!taken.add(name)) {
            throw fail(m.line(), "two invariants are named '" + name + "': give each its own name");
        }
        return name;
    }

    /** The scenario's name when the file gives none: the file's name without its directory and suffix. */
    public static String defaultName(String source) {
        String base = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
        for (String suffix : List.of(".race.yaml", ".race.yml", ".yaml", ".yml")) {
            if (base.endsWith(suffix)) {
                return base.substring(0, base.length() - suffix.length());
            }
        }
        return base;
    }
}
