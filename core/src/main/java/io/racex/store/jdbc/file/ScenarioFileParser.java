package io.racex.store.jdbc.file;

import io.racex.RacexException;
import io.racex.scenariofile.FileStore;
import io.racex.scenariofile.YamlTree;
import io.racex.store.jdbc.file.ScenarioFile.InvariantQuery;
import io.racex.store.jdbc.file.ScenarioFile.RetryPolicy;
import io.racex.store.jdbc.file.ScenarioFile.StateQuery;
import io.racex.store.jdbc.file.ScenarioFile.StepDef;
import io.racex.store.jdbc.file.ScenarioFile.ThreadDef;
import io.racex.scenariofile.YamlTree.ListNode;
import io.racex.scenariofile.YamlTree.MapNode;
import io.racex.scenariofile.YamlTree.Node;
import io.racex.scenariofile.YamlTree.ScalarNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Walks the YAML tree of a scenario file into a {@link ScenarioFile}, failing at the first problem with its line. */
final class ScenarioFileParser {
    /** The name every thread has bound from its start: its number, 1-based. */
    static final String THREAD = "thread";
    static final int MAX_COPIES = 20;
    static final int MAX_ATTEMPTS = 20;

    private static final List<String> TOP_KEYS = List.of("name", "store", "description", "setup", "isolation", "transaction", "retry",
            "threads", "serializable", "invariants", "state");
    private static final List<String> THREAD_KEYS = List.of("name", "copies", "transaction", "isolation", "retry", "read only",
            "readOnly", "steps");
    private static final List<String> STEP_KEYS = List.of("sql", "into", "rows", "when", "expect");
    private static final List<String> RETRY_KEYS = List.of("on", "attempts");
    private static final List<String> INVARIANT_KEYS = List.of("name", "sql", "expect");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");

    private final String source;
    private final io.racex.scenariofile.FileFields fields;

    ScenarioFileParser(String source) {
        this.source = source;
        this.fields = new io.racex.scenariofile.FileFields(source);
    }

    ScenarioFile parse(String text) {
        MapNode top = fields.top(text, TOP_KEYS, key -> "");
        if (FileStore.of(text, source) == FileStore.MEMORY) {
            throw fail(lineOf(top, "store"), "this file runs in memory ('store: memory'), not on a database: "
                    + "it has no SQL to run here (racex explore, replay and step read it)");
        }
        String name = optionalText(top, "name").orElse(io.racex.scenariofile.FileFields.defaultName(source));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw fail(lineOf(top, "name"), "the name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
        }
        String description = optionalText(top, "description").orElse("").strip();
        List<String> setup = setup(top);
        Optional<String> isolation = isolation(top);
        boolean transaction = bool(top, "transaction", false);
        Optional<RetryPolicy> retry = retry(top);
        List<ThreadDef> threads = threads(top, transaction, isolation, retry);
        boolean serializable = bool(top, "serializable", false);
        List<InvariantQuery> invariants = invariants(top);
        List<StateQuery> state = state(top);
        boolean expects = threads.stream().anyMatch(t -> t.steps().stream().anyMatch(s -> s.expect().isPresent()));
        if (!serializable && invariants.isEmpty() && !expects) {
            throw fail(top.line(), "the scenario checks nothing: add 'serializable: true', a list of 'invariants' or an 'expect:' on a step");
        }
        return new ScenarioFile(name, description, source, setup, threads, serializable, invariants, state);
    }

    private List<String> setup(MapNode top) {
        Node n = top.entries().get("setup");
        if (n == null) {
            throw fail(top.line(), "'setup' is missing: give the SQL that creates and fills the tables, one statement per item");
        }
        List<String> out = new ArrayList<>();
        for (Node item : list(n, "'setup'", "one SQL statement per item")) {
            out.add(sqlText(item, "a setup statement"));
        }
        if (out.isEmpty()) {
            throw fail(n.line(), "'setup' is empty: give the SQL that creates and fills the tables");
        }
        return out;
    }

    private Optional<String> isolation(MapNode m) {
        Optional<String> given = optionalText(m, "isolation");
        if (given.isEmpty()) {
            return Optional.empty();
        }
        String level = given.get().strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
        if (!ScenarioFile.ISOLATION_LEVELS.contains(level)) {
            throw fail(lineOf(m, "isolation"), "unknown isolation level '" + given.get() + "': use read uncommitted, "
                    + "read committed, repeatable read, serializable or default");
        }
        return Optional.of(level);
    }

    private Optional<RetryPolicy> retry(MapNode m) {
        Node n = m.entries().get("retry");
        if (n == null) {
            return Optional.empty();
        }
        MapNode r = map(n, "'retry'", RETRY_KEYS, "retry");
        Node on = r.entries().get("on");
        if (on == null) {
            throw fail(r.line(), "'retry' needs 'on': the SQLSTATEs that trigger a retry, e.g. on: [40001, 40P01]");
        }
        Set<String> states = new LinkedHashSet<>();
        List<Node> codes = on instanceof ListNode l ? l.items() : List.of(on);
        for (Node c : codes) {
            if (!(c instanceof ScalarNode s) || s.value() == null || s.value() instanceof Boolean) {
                throw fail(c.line(), "a retry code must be a SQLSTATE such as 40001 or 40P01, not " + c.what());
            }
            String code = s.text().strip().toUpperCase(Locale.ROOT);
            if (!SQLSTATE.matcher(code).matches()) {
                String hint = code.matches("[0-9]{1,4}") ? " (a code that starts with 0 keeps it: write '0" + code + "')" : "";
                throw fail(c.line(), "bad retry code '" + s.text().strip() + "': a SQLSTATE is five letters or digits, "
                        + "e.g. 40001 (serialization failure) or 40P01 (PostgreSQL deadlock)" + hint);
            }
            states.add(code);
        }
        if (states.isEmpty()) {
            throw fail(on.line(), "'retry: on' lists no SQLSTATE: give at least one, e.g. [40001]");
        }
        int attempts = integer(r, "attempts", 3, 1, MAX_ATTEMPTS);
        return Optional.of(new RetryPolicy(states, attempts));
    }

    private List<ThreadDef> threads(MapNode top, boolean transaction, Optional<String> isolation, Optional<RetryPolicy> retry) {
        Node n = top.entries().get("threads");
        if (n == null) {
            throw fail(top.line(), "'threads' is missing: give at least two threads, each a list of SQL steps");
        }
        List<ThreadDef> out = new ArrayList<>();
        for (Node t : list(n, "'threads'", "one item per thread")) {
            int copies = 1;
            String name = "thread";
            boolean tx = transaction;
            Optional<String> iso = isolation;
            Optional<RetryPolicy> rt = retry;
            boolean readOnly = false;
            int readOnlyLine = t.line();
            Node steps;
            if (t instanceof ListNode) {
                steps = t;
            } else {
                MapNode m = map(t, "a thread", THREAD_KEYS, "thread");
                name = optionalText(m, "name").orElse(name).strip();
                copies = integer(m, "copies", 1, 1, MAX_COPIES);
                tx = bool(m, "transaction", tx);
                Optional<String> own = isolation(m);
                iso = own.isPresent() ? own : iso;
                Optional<RetryPolicy> ownRetry = retry(m);
                rt = ownRetry.isPresent() ? ownRetry : rt;
                if (m.entries().containsKey("read only") && m.entries().containsKey("readOnly")) {
                    throw fail(lineOf(m, "readOnly"), "'read only' and 'readOnly' are the same option: give one of them");
                }
                String ro = m.entries().containsKey("readOnly") ? "readOnly" : "read only";
                readOnly = bool(m, ro, false);
                if (readOnly) {
                    readOnlyLine = lineOf(m, ro);
                }
                steps = m.entries().get("steps");
                if (steps == null) {
                    throw fail(m.line(), "thread '" + name + "' has no 'steps': give its SQL statements as a list");
                }
            }
            if (readOnly && !tx) {
                throw fail(readOnlyLine, "'read only: true' declares the thread's transactions read-only: it needs "
                        + "'transaction: true' (on the thread or the file)");
            }
            List<StepDef> defs = steps(steps, name, tx);
            for (int k = 0; k < copies; k++) {
                out.add(new ThreadDef(name, tx, iso, rt, readOnly, defs, t.line()));
            }
        }
        if (out.size() < 2) {
            throw fail(n.line(), "a scenario needs at least two threads, this one has " + out.size()
                    + ": add a thread, or 'copies: 2' to run the same steps twice");
        }
        return out;
    }

    private List<StepDef> steps(Node n, String thread, boolean transaction) {
        List<StepDef> out = new ArrayList<>();
        Set<String> bound = new HashSet<>(Set.of(THREAD));
        // names bound by 'rows:' hold lists: a condition may only ask whether they are empty
        Set<String> lists = new HashSet<>();
        for (Node s : list(n, "the steps of thread '" + thread + "'", "one SQL step per item")) {
            BoundSql sql;
            List<String> into = List.of();
            Optional<String> rows = Optional.empty();
            Optional<Condition> when = Optional.empty();
            Optional<ScenarioFile.Expect> expect = Optional.empty();
            if (s instanceof ScalarNode) {
                sql = boundSql(s);
            } else {
                MapNode m = map(s, "a step", STEP_KEYS, "step");
                Node q = m.entries().get("sql");
                if (q == null) {
                    throw fail(m.line(), "a step needs 'sql': the statement to run");
                }
                sql = boundSql(q);
                into = into(m);
                Node r = m.entries().get("rows");
                if (r != null) {
                    if (!sql.returnsRows()) {
                        throw fail(r.line(), "'rows' binds the rows a query returns, and this statement returns none: "
                                + "use 'into' for its update count");
                    }
                    String name = name(r, "'rows'");
                    if (into.contains(name)) {
                        throw fail(r.line(), "'" + name + "' is bound by both 'into' and 'rows' of this step: give them different names");
                    }
                    rows = Optional.of(name);
                }
                Node w = m.entries().get("when");
                if (w != null) {
                    String text = scalarText(w, "'when'");
                    try {
                        when = Optional.of(Condition.parse(text));
                    } catch (BoundSql.Problem e) {
                        throw fail(w.line(), e.getMessage());
                    }
                    for (String used : when.get().names()) {
                        if (!bound.contains(used)) {
                            throw fail(w.line(), unbound(used, bound));
                        }
                        boolean list = lists.contains(used);
                        if (list != when.get().testsEmptiness()) {
                            throw fail(w.line(), list
                                    ? "'" + used + "' holds the list a 'rows:' bound: test it with '" + used + " is empty' or '"
                                            + used + " is not empty' (compare values in the SQL, or with 'expect')"
                                    : "'is empty' tests a list bound by 'rows:', and '" + used + "' is one value: use 'is null'");
                        }
                    }
                }
                Node e = m.entries().get("expect");
                if (e != null) {
                    expect = Optional.of(expect(e, sql, bound));
                }
            }
            for (String used : sql.parameters()) {
                if (!bound.contains(used)) {
                    throw fail(s.line(), unbound(used, bound));
                }
            }
            if (!sql.returnsRows() && into.size() > 1) {
                throw fail(s.line(), "a statement that returns no rows binds only its update count: give one name in 'into'");
            }
            if (transaction && sql.beginsTransaction()) {
                // PostgreSQL would only warn about a BEGIN inside the open transaction and ignore its isolation level
                throw fail(s.line(), "with 'transaction: true' racex begins each transaction itself (at the start and after each "
                        + "COMMIT or ROLLBACK step): remove '" + sql.text().strip() + "' and give the level with 'isolation:' "
                        + "(and 'read only: true' for a read-only transaction)");
            }
            if (sql.endsTransaction() && !into.isEmpty()) {
                throw fail(s.line(), "a COMMIT or ROLLBACK binds nothing: remove 'into'");
            }
            bound.addAll(into);
            lists.removeAll(into);
            rows.ifPresent(name -> {
                bound.add(name);
                lists.add(name);
            });
            out.add(new StepDef(sql, into, rows, when, expect, s.line()));
        }
        if (out.isEmpty()) {
            throw fail(n.line(), "thread '" + thread + "' has no steps");
        }
        return out;
    }

    /**
     * A step's {@code expect}: {@code error} or {@code error 23505} (or several codes), one value,
     * or a list of rows, each a value (the first column) or a list of the row's columns.
     */
    private static boolean isError(Node e) {
        return e instanceof ScalarNode s && s.value() instanceof String text && text.strip().toLowerCase(Locale.ROOT).matches("error\\b.*");
    }

    private ScenarioFile.Expect expect(Node e, BoundSql sql, Set<String> bound) {
        if (isError(e)) {
            String text = ((ScalarNode) e).text();
            Set<String> codes = new LinkedHashSet<>();
            String rest = text.strip().substring("error".length()).strip();
            for (String c : rest.isEmpty() ? new String[0] : rest.split("[\\s,]+(?:or\\s+)?")) {
                String code = c.toUpperCase(Locale.ROOT);
                if (!SQLSTATE.matcher(code).matches() && !code.matches("[0-9A-Z]{2}")) {
                    throw fail(e.line(), "bad SQLSTATE '" + c + "' in 'expect: " + text.strip() + "': a SQLSTATE is five letters or "
                            + "digits, e.g. 'expect: error 23505' (unique violation) or 'expect: error 40001' (serialization "
                            + "failure), or a class of two, e.g. 'error 23' (any integrity constraint violation)");
                }
                codes.add(code);
            }
            return new ScenarioFile.Expect.Error(codes, codes.isEmpty() ? "error" : "error " + String.join(" or ", codes));
        }
        if (sql.endsTransaction()) {
            throw fail(e.line(), "a COMMIT or ROLLBACK returns nothing to compare: only 'expect: error' (or 'error 40001') fits it");
        }
        if (e instanceof MapNode m) {
            MapNode one = map(m, "'expect'", List.of("one of"), "mapping under 'expect'");
            Node options = one.entries().get("one of");
            if (options == null) {
                throw fail(m.line(), "'expect' as a mapping takes 'one of': a list of the values a correct schedule may give");
            }
            List<ScenarioFile.Expect> out = new ArrayList<>();
            List<String> shown = new ArrayList<>();
            for (Node o : list(options, "'one of'", "the values a correct schedule may give, e.g. [10, 11]")) {
                ScenarioFile.Expect x = isError(o) ? expect(o, sql, bound) : expectOne(o, sql, bound);
                out.add(x);
                shown.add(x.text());
            }
            if (out.isEmpty()) {
                throw fail(options.line(), "'one of' is empty: give the values a correct schedule may give, e.g. [10, 11]");
            }
            return new ScenarioFile.Expect.OneOf(out, "one of [" + String.join(", ", shown) + "]");
        }
        return expectOne(e, sql, bound);
    }

    /** One value or one list of rows, as {@code expect:} or an item of its {@code one of:}. */
    private ScenarioFile.Expect expectOne(Node e, BoundSql sql, Set<String> bound) {
        if (e instanceof ScalarNode s && s.value() instanceof String ref && ref.strip().matches(":[A-Za-z_][A-Za-z0-9_]*")) {
            String name = ref.strip().substring(1);
            if (!bound.contains(name)) {
                throw fail(e.line(), unbound(name, bound));
            }
            return new ScenarioFile.Expect.Same(name, ref.strip());
        }
        if (e instanceof ScalarNode s) {
            Object v = expectValue(s);
            if (!sql.returnsRows() && !(v instanceof java.math.BigDecimal d && d.signum() >= 0 && d.stripTrailingZeros().scale() <= 0)) {
                throw fail(e.line(), "this statement returns no rows: 'expect' is its update count, a whole number (or 'error')");
            }
            return new ScenarioFile.Expect.Value(v, s.value() == null ? "null" : s.text().strip());
        }
        if (!(e instanceof ListNode l)) {
            throw fail(e.line(), "'expect' must be a value, a list of rows, 'one of', 'error' or 'error SQLSTATE', not " + e.what());
        }
        if (!sql.returnsRows()) {
            throw fail(e.line(), "this statement returns no rows: 'expect' is its update count, a whole number (or 'error')");
        }
        List<Object> rows = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        Boolean lists = null;
        for (Node item : l.items()) {
            boolean isList = item instanceof ListNode;
            if (lists != null && lists != isList) {
                throw fail(item.line(), "the rows in 'expect' must all be values (one column) or all be lists (columns), not both");
            }
            lists = isList;
            if (item instanceof ListNode row) {
                List<Object> cols = new ArrayList<>();
                List<String> cs = new ArrayList<>();
                for (Node c : row.items()) {
                    if (!(c instanceof ScalarNode cv)) {
                        throw fail(c.line(), "a column in 'expect' must be one value, not " + c.what());
                    }
                    cols.add(expectValue(cv));
                    cs.add(cv.value() == null ? "null" : cv.text().strip());
                }
                rows.add(java.util.Collections.unmodifiableList(cols));
                shown.add("[" + String.join(", ", cs) + "]");
            } else if (item instanceof ScalarNode v) {
                rows.add(expectValue(v));
                shown.add(v.value() == null ? "null" : v.text().strip());
            } else {
                throw fail(item.line(), "a row in 'expect' must be a value or a list of values, not " + item.what());
            }
        }
        return new ScenarioFile.Expect.Rows(rows, "[" + String.join(", ", shown) + "]");
    }

    private static Object expectValue(ScalarNode s) {
        return s.value() instanceof Number num ? Condition.number(num) : s.value();
    }

    private static String unbound(String name, Set<String> bound) {
        Set<String> earlier = new java.util.TreeSet<>(bound);
        return ":" + name + " is not bound by an earlier step of this thread: bind it with 'into: " + name
                + "' on a query before it (bound so far: " + String.join(", ", earlier) + ")";
    }

    private List<String> into(MapNode m) {
        Node n = m.entries().get("into");
        if (n == null) {
            return List.of();
        }
        List<Node> items = n instanceof ListNode l ? l.items() : List.of(n);
        List<String> names = new ArrayList<>();
        for (Node i : items) {
            String name = name(i, "'into'");
            if (names.contains(name)) {
                throw fail(i.line(), "'" + name + "' appears twice in the same 'into'");
            }
            names.add(name);
        }
        if (names.isEmpty()) {
            throw fail(n.line(), "'into' is empty: give the name to bind");
        }
        return names;
    }

    /** A name to bind, given in {@code key} ({@code 'into'} or {@code 'rows'}); a leading {@code :} is allowed. */
    private String name(Node i, String key) {
        String name = scalarText(i, "a name in " + key).strip();
        if (name.startsWith(":")) {
            name = name.substring(1);
        }
        if (!NAME.matcher(name).matches()) {
            throw fail(i.line(), "'" + name + "' cannot be bound: a name is letters, digits and '_', starting with a letter");
        }
        if (name.equals(THREAD)) {
            throw fail(i.line(), "'thread' is the thread's own number and cannot be bound: choose another name");
        }
        return name;
    }

    private List<InvariantQuery> invariants(MapNode top) {
        Node n = top.entries().get("invariants");
        if (n == null) {
            return List.of();
        }
        List<InvariantQuery> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node i : list(n, "'invariants'", "one query per item, each with name, sql and expect")) {
            MapNode m = map(i, "an invariant", INVARIANT_KEYS, "invariant");
            String name = fields.invariantName(m, names);
            Node q = m.entries().get("sql");
            if (q == null) {
                throw fail(m.line(), "invariant '" + name + "' needs 'sql': a query returning one value");
            }
            String sql = sqlText(q, "an invariant query");
            refuseParameters(sql, q.line(), "an invariant query runs on the final state and cannot use bound names");
            Object expect = Boolean.TRUE;
            Node e = m.entries().get("expect");
            if (e != null) {
                if (!(e instanceof ScalarNode s)) {
                    throw fail(e.line(), "'expect' must be one value (a number, a text, true, false or null), not " + e.what());
                }
                expect = s.value() instanceof Number num ? Condition.number(num) : s.value();
            }
            out.add(new InvariantQuery(name, sql, expect, m.line()));
        }
        return out;
    }

    private List<StateQuery> state(MapNode top) {
        Node n = top.entries().get("state");
        if (n == null) {
            return List.of();
        }
        List<StateQuery> out = new ArrayList<>();
        if (n instanceof MapNode m) {
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                String sql = sqlText(e.getValue(), "a state query");
                refuseParameters(sql, e.getValue().line(), "a state query runs on the final state and cannot use bound names");
                out.add(new StateQuery(e.getKey(), sql, m.keyLines().get(e.getKey())));
            }
        } else {
            for (Node q : list(n, "'state'", "queries whose results show the final state")) {
                String sql = sqlText(q, "a state query");
                refuseParameters(sql, q.line(), "a state query runs on the final state and cannot use bound names");
                out.add(new StateQuery(sql.strip(), sql, q.line()));
            }
        }
        return out;
    }

    private void refuseParameters(String sql, int line, String why) {
        try {
            BoundSql b = BoundSql.parse(sql);
            if (!b.parameters().isEmpty()) {
                throw fail(line, why + " (:" + b.parameters().get(0) + ")");
            }
        } catch (BoundSql.Problem p) {
            throw fail(line, p.getMessage());
        }
    }

    private BoundSql boundSql(Node n) {
        String text = sqlText(n, "a step's SQL");
        try {
            return BoundSql.parse(text);
        } catch (BoundSql.Problem p) {
            throw fail(n.line(), p.getMessage());
        }
    }

    private String sqlText(Node n, String what) {
        if (!(n instanceof ScalarNode s) || s.value() == null || !(s.value() instanceof String)) {
            throw fail(n.line(), what + " must be SQL text, not " + n.what());
        }
        String sql = s.text().strip();
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        if (sql.isEmpty()) {
            throw fail(n.line(), what + " is empty");
        }
        return sql;
    }

    // --- generic accessors -------------------------------------------------------------------

    private MapNode map(Node n, String what, List<String> known, String kind) {
        return fields.map(n, what, known, kind, key -> "");
    }

    private List<Node> list(Node n, String what, String hint) {
        return fields.list(n, what, hint);
    }

    private Optional<String> optionalText(MapNode m, String key) {
        return fields.optionalText(m, key);
    }

    private String scalarText(Node n, String what) {
        return fields.scalarText(n, what);
    }

    private boolean bool(MapNode m, String key, boolean dflt) {
        return fields.bool(m, key, dflt);
    }

    private int integer(MapNode m, String key, int dflt, int min, int max) {
        Node n = m.entries().get(key);
        if (n == null) {
            return dflt;
        }
        if (n instanceof ScalarNode s && (s.value() instanceof Integer || s.value() instanceof Long)) {
            long v = ((Number) s.value()).longValue();
            if (v >= min && v <= max) {
                return (int) v;
            }
        }
        throw fail(n.line(), "'" + key + "' must be a whole number from " + min + " to " + max);
    }

    private int lineOf(MapNode m, String key) {
        return fields.lineOf(m, key);
    }

    private RacexException fail(int line, String message) {
        return fields.fail(line, message);
    }
}
