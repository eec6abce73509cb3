package io.racex.store.jdbc.file;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The table {@code racex matrix} prints: for each isolation level (rows) and database (columns),
 * whether the scenario's violation gets through, and if not, how the database prevented it. A pure
 * function of its rows, so the table in the docs is exactly what the command printed.
 *
 * <p>The table is a Markdown pipe table, readable on a terminal and pasteable into a page as is:
 * <pre>
 * | isolation level  | h2                      | postgresql                       |
 * |------------------|-------------------------|----------------------------------|
 * | READ COMMITTED   | violation (lost update) | violation (lost update)          |
 * | REPEATABLE READ  | prevented: blocked      | prevented: serialization failure |
 * </pre>
 */
public final class IsolationMatrix {
    private IsolationMatrix() {}

    /** What running the scenario at one level on one database showed. */
    public sealed interface Outcome permits Violation, Prevented, Passes, NotSupported, Unfinished {
        /** The cell's text. */
        String text();
    }

    /** Some schedule broke the check; the anomaly is named where one fits. */
    public record Violation(Optional<String> anomaly) implements Outcome {
        @Override
        public String text() {
            return anomaly.map(a -> "violation (" + a + ")").orElse("violation");
        }
    }

    /** How the database kept every schedule correct. */
    public enum Mechanism {
        /** A statement waited for another transaction's lock, so the conflicting steps ran one after the other. */
        BLOCKED("blocked"),
        /** The database refused a transaction it could not serialize (SQLSTATE 40001); a retry then succeeded. */
        SERIALIZATION_FAILURE("serialization failure"),
        /** The database broke a deadlock by aborting one transaction (40P01, MariaDB 1213); a retry then succeeded. */
        DEADLOCK("deadlock");

        private final String label;

        Mechanism(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** No schedule broke the check, and the database had to step in to make it so. */
    public record Prevented(Mechanism how) implements Outcome {
        @Override
        public String text() {
            return "prevented: " + how.label();
        }
    }

    /** No schedule broke the check and no statement waited or was refused: the level was not needed. */
    public record Passes() implements Outcome {
        @Override
        public String text() {
            return "passes";
        }
    }

    /**
     * No violation in the executions run, but the search stopped at {@code --max-schedules} before
     * it covered every schedule: what was seen so far, and that it is not a verdict.
     */
    public record Unfinished(Outcome seen, long executions) implements Outcome {
        @Override
        public String text() {
            return seen.text() + " so far (stopped after " + executions + " executions: not every schedule)";
        }
    }

    /** The database does not offer this level. */
    public record NotSupported() implements Outcome {
        @Override
        public String text() {
            return "not supported";
        }
    }

    /**
     * One cell.
     *
     * @param database the database's display name (h2, postgresql, mariadb)
     * @param level the isolation level (e.g. {@code READ_COMMITTED} or {@code READ COMMITTED})
     * @param outcome what the run showed
     */
    public record Row(String database, String level, Outcome outcome) {}

    /**
     * Renders the rows: a row per level and a column per database, both in order of first
     * appearance; a cell with no row shows "-". Ends with a newline.
     */
    public static String render(List<Row> rows) {
        List<String> levels = new ArrayList<>();
        List<String> databases = new ArrayList<>();
        Map<String, String> cells = new LinkedHashMap<>();
        for (Row r : rows) {
            String level = label(r.level());
            if (!levels.contains(level)) {
                levels.add(level);
            }
            if (!databases.contains(r.database())) {
                databases.add(r.database());
            }
            cells.put(level + "\u0000" + r.database(), r.outcome().text());
        }
        List<List<String>> table = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("isolation level");
        header.addAll(databases);
        table.add(header);
        for (String level : levels) {
            List<String> line = new ArrayList<>();
            line.add(level);
            for (String db : databases) {
                line.add(cells.getOrDefault(level + "\u0000" + db, "-"));
            }
            table.add(line);
        }
        int[] width = new int[header.size()];
        for (List<String> line : table) {
            for (int c = 0; c < line.size(); c++) {
                width[c] = Math.max(width[c], line.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < table.size(); r++) {
            appendLine(out, table.get(r), width);
            if (r == 0) {
                out.append('|');
                for (int w : width) {
                    out.append("-".repeat(w + 2)).append('|');
                }
                out.append('\n');
            }
        }
        return out.toString();
    }

    private static void appendLine(StringBuilder out, List<String> cells, int[] width) {
        out.append('|');
        for (int c = 0; c < cells.size(); c++) {
            String s = cells.get(c);
            out.append(' ').append(s).append(" ".repeat(width[c] - s.length())).append(" |");
        }
        out.append('\n');
    }

    /** {@code READ_COMMITTED} → {@code READ COMMITTED}. */
    static String label(String level) {
        return level.replace('_', ' ').toUpperCase(Locale.ROOT);
    }
}
