package io.racex.scenariofile;

import io.racex.RacexException;
import io.racex.scenariofile.YamlTree.MapNode;
import io.racex.scenariofile.YamlTree.Node;
import io.racex.scenariofile.YamlTree.ScalarNode;
import java.util.Locale;

/**
 * Which store a scenario file runs on, from its top-level {@code store:} key: {@code sql} (the
 * default: a database, see {@code io.racex.store.jdbc.file}) or {@code memory} (cells, maps and
 * locks, see {@code io.racex.store.memory.file}). The caller that loads files picks the loader by it,
 * so the stores' loaders need not know each other.
 */
public enum FileStore {
    /** SQL steps on a database. */
    SQL,
    /** Reads, writes, compare-and-sets and locks on in-memory cells and maps. */
    MEMORY;

    /** The value of {@code store:} that selects this store. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The store {@code text} asks for; {@link #SQL} when it has no {@code store:} key (or is not
     * valid YAML: the SQL loader then reports where).
     *
     * @throws RacexException naming the file and line of a {@code store:} that is neither
     */
    public static FileStore of(String text, String source) {
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.SyntaxError e) {
            return SQL;
        }
        if (!(root instanceof MapNode m) || !m.entries().containsKey("store")) {
            return SQL;
        }
        Node n = m.entries().get("store");
        String v = n instanceof ScalarNode s && s.value() instanceof String t ? t.strip().toLowerCase(Locale.ROOT) : "";
        switch (v) {
            case "memory":
                return MEMORY;
            case "sql":
            case "jdbc":
            case "database":
                return SQL;
            default:
                throw new RacexException(source + ":" + m.keyLines().get("store") + ": unknown store '"
                        + (n instanceof ScalarNode s ? s.text() : n.what()) + "': use 'store: memory' (cells, maps, locks) or"
                        + " 'store: sql' (a database; the default)");
        }
    }
}
