package io.racex.store.jdbc.file;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
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
 * | isolation level  | h2                                     | postgresql                                           |
 * |------------------|----------------------------------------|------------------------------------------------------|
 * | READ COMMITTED   | violation (lost update)                | violation (lost update)                              |
 * | REPEATABLE READ  | prevented: blocked in 2 of 2 schedules | prevented: serialization failure in 1 of 2 schedules |
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

    /**
     * No schedule broke the check, and the database stepped in: each mechanism seen, with how many
     * of the schedules run showed it. Which of them kept the check from failing is not known (a
     * statement may wait in a schedule that would be correct anyway), so the cell names them all,
     * most frequent first, rather than one picked by a fixed priority:
     * {@code prevented: blocked in 12 of 36 schedules, serialization failure in 4}. Ties keep the
     * order deadlock, serialization failure, blocked (a refusal before a wait: it is the stronger
     * step in).
     *
     * @param seen for each mechanism seen, the schedules (at least 1, at most {@code schedules}) that showed it
     * @param schedules the schedules run (for a search that runs one per class of equivalent
     *     schedules, the classes)
     * @param refusedToTheEnd schedules whose only fault was a transaction still refused after its
     *     last attempt: the data stayed correct, the retry budget ran out
     */
    public record Prevented(Map<Mechanism, Long> seen, long schedules, long refusedToTheEnd) implements Outcome {
        /** The tie order, most decisive first. */
        private static final List<Mechanism> TIES = List.of(Mechanism.DEADLOCK, Mechanism.SERIALIZATION_FAILURE, Mechanism.BLOCKED);

        /** Checks the counts and keeps a copy of {@code seen}. */
        public Prevented {
            if (seen.isEmpty()) {
                throw new IllegalArgumentException("prevented needs a mechanism seen");
            }
            for (Map.Entry<Mechanism, Long> e : seen.entrySet()) {
                if (e.getValue() < 1 || e.getValue() > schedules) {
                    throw new IllegalArgumentException(e.getKey().label() + " in " + e.getValue() + " of " + schedules + " schedules");
                }
            }
            if (refusedToTheEnd < 0 || refusedToTheEnd > schedules) {
                throw new IllegalArgumentException(refusedToTheEnd + " refused at every attempt of " + schedules + " schedules");
            }
            seen = Collections.unmodifiableMap(new EnumMap<>(seen));
        }

        /** One mechanism seen in every one of {@code schedules} schedules. */
        public static Prevented always(Mechanism how, long schedules) {
            return new Prevented(Map.of(how, schedules), schedules, 0);
        }

        /** The mechanisms seen, most frequent first, ties in the order deadlock, serialization failure, blocked. */
        public List<Mechanism> order() {
            List<Mechanism> out = new ArrayList<>(TIES);
            out.retainAll(seen.keySet());
            out.sort(Comparator.comparing((Mechanism m) -> seen.get(m)).reversed());
            return out;
        }

        @Override
        public String text() {
            StringBuilder b = new StringBuilder("prevented: ");
            List<Mechanism> order = order();
            for (int i = 0; i < order.size(); i++) {
                Mechanism m = order.get(i);
                b.append(i == 0 ? "" : ", ").append(m.label()).append(" in ").append(seen.get(m));
                if (i == 0) {
                    b.append(" of ").append(schedules).append(schedules == 1 ? " schedule" : " schedules");
                }
            }
            if (refusedToTheEnd > 0) {
                b.append("; ").append(refusedToTheEnd).append(" refused at every attempt");
            }
            return b.toString();
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
