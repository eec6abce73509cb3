package io.racex.store.jdbc.file;

import io.racex.RacexException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A declarative SQL scenario, as read from a {@code *.race.yaml} file: the setup SQL, two or more
 * threads of SQL steps, and what must hold afterwards. Immutable; {@link #parse} validates
 * everything that can be checked without a database, and every problem is a
 * {@link RacexException} of one line naming the file and line.
 *
 * <pre>{@code
 * name: find-and-update
 * setup:
 *   - CREATE TABLE message (msg VARCHAR(100), time TIMESTAMP)
 *   - INSERT INTO message VALUES ('msg a', TIMESTAMP '2009-01-01 00:00:00')
 * threads:
 *   - name: append
 *     copies: 2
 *     steps:
 *       - sql: SELECT msg FROM message WHERE time = TIMESTAMP '2009-01-01 00:00:00'
 *         into: msg
 *       - sql: UPDATE message SET msg = CONCAT(:msg, 'a') WHERE time = TIMESTAMP '2009-01-01 00:00:00'
 * serializable: true
 * state:
 *   message: SELECT msg FROM message
 * }</pre>
 *
 * The format is documented for students in {@code docs/scenario-files.md}.
 *
 * @param name the scenario's name (the {@code name:} key, else the file name without {@code .race.yaml})
 * @param description one or two sentences, possibly empty
 * @param source the file name used in messages
 * @param setup SQL statements that build the initial state, in order
 * @param threads the threads, with {@code copies:} already expanded
 * @param serializable whether results and final state must equal those of some serial order of the threads
 * @param invariants queries on the final state that must give their expected value
 * @param state named queries whose results make up the final state shown and compared
 */
public record ScenarioFile(String name, String description, String source, List<String> setup, List<ThreadDef> threads,
                           boolean serializable, List<InvariantQuery> invariants, List<StateQuery> state) {
    public ScenarioFile {
        setup = List.copyOf(setup);
        threads = List.copyOf(threads);
        invariants = List.copyOf(invariants);
        state = List.copyOf(state);
    }

    /** The file name suffix racex recognizes. */
    public static final String SUFFIX = ".race.yaml";

    /** Names of the isolation levels a file may give, as the constants of {@code io.racex.store.jdbc.Isolation}. */
    public static final List<String> ISOLATION_LEVELS =
            List.of("DEFAULT", "READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE");

    /**
     * One thread: a list of SQL steps, run in one transaction or statement by statement.
     *
     * @param name display name (operation name in reports)
     * @param transaction whether the steps run in transactions (auto-commit off, commit at the end,
     *     rollback on any error); a {@code COMMIT} or {@code ROLLBACK} step ends one and the next step begins another
     * @param isolation the level to set before the steps (an {@link #ISOLATION_LEVELS} name), if the thread or file gives one
     * @param retry when to run the failed transaction (the whole thread, when it has no COMMIT step) again after an error
     * @param readOnly whether every transaction of the thread is declared read-only ({@code read only: true})
     * @param steps the steps, in order
     * @param line where the thread is defined
     */
    public record ThreadDef(String name, boolean transaction, Optional<String> isolation, Optional<RetryPolicy> retry,
                            boolean readOnly, List<StepDef> steps, int line) {
        public ThreadDef {
            steps = List.copyOf(steps);
        }

        /** The names this thread binds with {@code into:} and {@code rows:}, in step order: what the thread's operation returns. */
        public List<String> boundNames() {
            return steps.stream().flatMap(s -> java.util.stream.Stream.concat(s.into().stream(), s.rows().stream()))
                    .distinct().toList();
        }
    }

    /**
     * One SQL statement of a thread.
     *
     * @param sql the statement, with its {@code :name} references as JDBC parameters
     * @param into names bound to the first row's columns (a query), or to the update count (other statements)
     * @param rows a name bound to the list of the first column's values of every row (a query only)
     * @param when the condition under which the step runs; it is skipped otherwise
     * @param expect what the step must give in every execution (a value, rows, or an error), if the file says
     * @param line where the step is defined
     */
    public record StepDef(BoundSql sql, List<String> into, Optional<String> rows, Optional<Condition> when,
                          Optional<Expect> expect, int line) {
        public StepDef {
            into = List.copyOf(into);
        }

        /** A step without {@code rows:} and {@code expect:}. */
        public StepDef(BoundSql sql, List<String> into, Optional<Condition> when, int line) {
            this(sql, into, Optional.empty(), when, Optional.empty(), line);
        }
    }

    /**
     * What a step's {@code expect:} says it must give in every execution; an execution where it
     * gives anything else is a violation, like a broken invariant.
     */
    public sealed interface Expect permits Expect.Value, Expect.Rows, Expect.Same, Expect.OneOf, Expect.Error {
        /** How the file wrote it, for reports: {@code 10}, {@code [10, 20]}, {@code error 23505}. */
        String text();

        /**
         * One value: a query's only row's first column (no row matches {@code null}); another
         * statement's update count.
         */
        record Value(Object value, String text) implements Expect {}

        /**
         * Every row of a query: each item is the first column of one row, or a list of the row's
         * columns; in row order when the query has ORDER BY (unless {@code anyOrder}), in any order otherwise.
         */
        record Rows(List<Object> rows, String text, boolean anyOrder) implements Expect {
            public Rows {
                rows = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rows));
            }

            /** Rows as the file lists them: in order when the query has ORDER BY. */
            public Rows(List<Object> rows, String text) {
                this(rows, text, false);
            }
        }

        /**
         * What an earlier step bound to {@code name} ({@code expect: :first}): one value as
         * {@link Value}, a list bound by {@code rows:} as {@link Rows} of one column; "reads the
         * same again".
         */
        record Same(String name, String text) implements Expect {}

        /**
         * Any of several values or row lists ({@code one of: [10, 11]}): for a read whose value
         * depends on the schedule, every value a correct schedule may give.
         */
        record OneOf(List<Expect> options, String text) implements Expect {
            public OneOf {
                options = List.copyOf(options);
            }
        }

        /** The statement must fail, with one of these SQLSTATEs (any error when empty, except a mistake in the SQL). */
        record Error(Set<String> sqlStates, String text) implements Expect {
            public Error {
                sqlStates = Set.copyOf(sqlStates);
            }
        }
    }

    /**
     * Run the failed transaction again (after a rollback, without sleeping) when a statement fails with one of
     * these SQLSTATEs, at most {@code maxAttempts} times in all; a thread without COMMIT steps is one transaction.
     */
    public record RetryPolicy(Set<String> onSqlStates, int maxAttempts) {
        public RetryPolicy {
            onSqlStates = Set.copyOf(onSqlStates);
        }
    }

    /**
     * A query on the final state that must return one value equal to {@code expect} (numbers by
     * value, a boolean also as 1 or 0).
     *
     * @param name what it checks, as reports show it
     * @param sql a query returning one row with one column
     * @param expect the value it must return; {@code true} when the file gives none (the query is a condition)
     * @param line where it is defined
     */
    public record InvariantQuery(String name, String sql, Object expect, int line) {}

    /** A named query whose result is part of the final state. */
    public record StateQuery(String name, String sql, int line) {}

    /**
     * Parses and validates a scenario file's text.
     *
     * @param text the YAML
     * @param source the file name, for messages and the default scenario name
     * @throws RacexException naming the file and line of the first problem
     */
    public static ScenarioFile parse(String text, String source) {
        return new ScenarioFileParser(source).parse(text);
    }

    /** Reads and parses a file. */
    public static ScenarioFile read(Path path) {
        String text = io.racex.scenariofile.SourceText.read(path);
        return parse(text, path.getFileName() == null ? path.toString() : path.getFileName().toString());
    }

    /** Reads and parses a file from the class path (e.g. a sample shipped in a jar). */
    public static ScenarioFile readResource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new RacexException("no scenario file " + resource + " on the class path");
            }
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new RacexException("cannot read the scenario file " + resource + ": " + e.getMessage());
        }
    }
}
