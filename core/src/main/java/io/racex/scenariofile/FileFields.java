package io.racex.scenariofile;

import io.racex.RacexException;
import io.racex.scenariofile.YamlTree.ListNode;
import io.racex.scenariofile.YamlTree.MapNode;
import io.racex.scenariofile.YamlTree.Node;
import io.racex.scenariofile.YamlTree.ScalarNode;
import java.util.List;
import java.util.Optional;

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
}
