package io.racex.store.jdbc;

import io.racex.store.Footprint;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.ForMode;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.Update;
import net.sf.jsqlparser.statement.update.UpdateSet;

/**
 * The rows a statement reads and writes, where racex can know them, read with JSqlParser; the
 * whole table ({@link SqlText#footprint}) wherever it cannot.
 *
 * <p>A row is a {@link Footprint#part part} of its table named by a declared key:
 * {@code doctors{name='alice'}}. A statement touches rows, not its table, only when all of these
 * hold (else it touches its tables, as before):
 * <ul>
 *   <li>the connection's isolation level keeps different rows apart in the database
 *       ({@link Dialect#rowsApart}: not at SERIALIZABLE, whose predicate and range locks reach
 *       beyond the rows named), and no thread has changed the schema in this execution;</li>
 *   <li>it is one statement on one table the setup created, with no join, subquery or CTE;</li>
 *   <li>a {@code SELECT}, {@code UPDATE} or {@code DELETE} whose {@code WHERE} is a conjunction
 *       holding {@code column = value} (or {@code column IN (values)}) for every column of a
 *       primary or unique key, each value a literal or a bound parameter, and an {@code UPDATE}
 *       sets no key column;</li>
 *   <li>or an {@code INSERT … VALUES} that gives literal or parameter values for every column of
 *       every key (it writes the row under each of its keys, so two inserts that collide on any
 *       unique key conflict); into a table without keys and without generated columns, an insert
 *       writes a fresh row no other statement can name; on a database whose inserts wait for
 *       range locks ({@link Dialect#insertsWaitForRanges}, MariaDB's gap locks) an insert writes
 *       the table.</li>
 * </ul>
 * A predicate read (any other {@code WHERE}) reads the whole table, which overlaps every row of
 * it: it conflicts with every write of the table, so phantoms and write skew stay visible. Writes
 * to a table with foreign keys also read the tables they reference; deletes and whole-table writes
 * of a referenced table also write the tables that reference it. Keys come from the setup's
 * {@code CREATE TABLE}, {@code CREATE UNIQUE INDEX} and {@code ALTER TABLE} statements; a table
 * altered in a way this class does not read, and every table when a setup statement cannot be
 * parsed, has no known keys. Key values compare loosely (numbers by value, text without case,
 * accents or trailing spaces), so two names of one row never look apart.
 */
final class SqlFootprints {
    /** What the setup declared about each table, by lower-case name. */
    private final Map<String, TableInfo> tables;
    /** The setup made something this class cannot read: no table has known keys. */
    private final boolean opaque;
    /** Parsed statements by text; empty when the parser cannot read one. */
    private final Map<String, Optional<Statement>> parsed = new ConcurrentHashMap<>();

    private static final Pattern SELECT_WORD = Pattern.compile("\\bSELECT\\b");

    /** Keys, generated columns and foreign keys of one table. */
    static final class TableInfo {
        /** Each key's columns (lower case), the primary key first. */
        final List<List<String>> keys = new ArrayList<>();
        final Set<String> parents = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        /** A column gets its value from a sequence or counter: inserts depend on their order. */
        boolean generated;
        /** Something about the table was not understood: no row-level footprints for it. */
        boolean opaque;

        boolean rowLevel() {
            return !opaque;
        }
    }

    private SqlFootprints(Map<String, TableInfo> tables, boolean opaque) {
        this.tables = tables;
        this.opaque = opaque;
    }

    /** Learns the keys of the tables {@code setup} creates. */
    static SqlFootprints learn(List<String> setup) {
        Map<String, TableInfo> tables = new TreeMap<>();
        boolean opaque = false;
        for (String sql : setup) {
            SqlText.Verb verb = SqlText.verb(sql);
            if (verb == SqlText.Verb.DML || verb == SqlText.Verb.QUERY) {
                continue;
            }
            Optional<Statement> st = parse(sql);
            if (st.isEmpty()) {
                List<String> w = SqlText.words(sql, 1);
                if (!w.isEmpty() && (w.get(0).equals("comment") || w.get(0).equals("set"))) {
                    continue;
                }
                opaque = true;
                continue;
            }
            Statement s = st.get();
            if (s instanceof CreateTable ct) {
                learnTable(tables, ct);
            } else if (s instanceof CreateIndex ci) {
                TableInfo t = tables.computeIfAbsent(name(ci.getTable()), k -> new TableInfo());
                Index ix = ci.getIndex();
                if (ix.getType() != null && ix.getType().toUpperCase(Locale.ROOT).contains("UNIQUE")) {
                    List<String> cols = columns(ix.getColumnsNames());
                    if (cols == null || (ci.getTailParameters() != null && !ci.getTailParameters().isEmpty())) {
                        t.opaque = true;
                    } else {
                        t.keys.add(cols);
                    }
                }
            } else if (s instanceof net.sf.jsqlparser.statement.alter.Alter a) {
                tables.computeIfAbsent(name(a.getTable()), k -> new TableInfo()).opaque = true;
            } else if (s instanceof net.sf.jsqlparser.statement.create.view.CreateView
                    || s instanceof net.sf.jsqlparser.statement.create.sequence.CreateSequence) {
                continue; // a view reads its tables by name; a sequence is nobody's key
            } else {
                opaque = true; // a trigger, a rule, a procedure: effects this class cannot see
            }
        }
        for (Map.Entry<String, TableInfo> e : tables.entrySet()) {
            for (String p : e.getValue().parents) {
                tables.computeIfAbsent(p, k -> new TableInfo()).children.add(e.getKey());
            }
        }
        return new SqlFootprints(tables, opaque);
    }

    /** Knows no keys: every statement touches whole tables. */
    static SqlFootprints none() {
        return new SqlFootprints(Map.of(), true);
    }

    private static void learnTable(Map<String, TableInfo> tables, CreateTable ct) {
        TableInfo t = new TableInfo();
        tables.put(name(ct.getTable()), t);
        if (ct.getSelect() != null || ct.getLikeTable() != null || ct.getColumnDefinitions() == null) {
            t.opaque = true;
            return;
        }
        List<List<String>> unique = new ArrayList<>();
        for (ColumnDefinition d : ct.getColumnDefinitions()) {
            String col = unquote(d.getColumnName());
            String type = d.getColDataType() == null ? "" : d.getColDataType().getDataType().toUpperCase(Locale.ROOT);
            List<String> specs = d.getColumnSpecs() == null ? List.of() : d.getColumnSpecs().stream()
                    .map(x -> x.toUpperCase(Locale.ROOT)).toList();
            String joined = String.join(" ", specs);
            if (type.contains("SERIAL") || type.equals("IDENTITY") || joined.contains("AUTO_INCREMENT")
                    || joined.contains("AUTOINCREMENT") || joined.contains("IDENTITY") || joined.contains("NEXTVAL")
                    || joined.contains("NEXT VALUE") || joined.contains("GENERATED")) {
                t.generated = true;
            }
            if (joined.contains("PRIMARY KEY")) {
                t.keys.add(0, List.of(col));
            } else if (specs.contains("UNIQUE")) {
                unique.add(List.of(col));
            }
            int ref = specs.indexOf("REFERENCES");
            if (ref >= 0 && ref + 1 < specs.size()) {
                String parent = specs.get(ref + 1);
                int paren = parent.indexOf('(');
                t.parents.add(unquote(paren >= 0 ? parent.substring(0, paren) : parent));
            }
        }
        if (ct.getIndexes() != null) {
            for (Index ix : ct.getIndexes()) {
                String type = ix.getType() == null ? "" : ix.getType().toUpperCase(Locale.ROOT);
                if (ix instanceof ForeignKeyIndex fk) {
                    t.parents.add(name(fk.getTable()));
                } else if (type.contains("PRIMARY")) {
                    List<String> cols = columns(ix.getColumnsNames());
                    if (cols == null) {
                        t.opaque = true;
                    } else {
                        t.keys.add(0, cols);
                    }
                } else if (type.contains("UNIQUE")) {
                    List<String> cols = columns(ix.getColumnsNames());
                    if (cols == null) {
                        t.opaque = true;
                    } else {
                        unique.add(cols);
                    }
                } else if (type.contains("FOREIGN")) {
                    t.opaque = true; // a foreign key this class could not read
                }
            }
        }
        t.keys.addAll(unique);
    }

    private static List<String> columns(List<String> names) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String c = unquote(n.strip());
            if (!c.matches("[\\p{L}_][\\p{L}\\p{N}_$]*")) {
                return null; // an expression, not a column
            }
            out.add(c);
        }
        return out;
    }

    private static Optional<Statement> parse(String sql) {
        try {
            // the parser itself, on this thread: CCJSqlParserUtil.parse would start a thread per statement
            return Optional.of(CCJSqlParserUtil.newParser(sql).Statement());
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /**
     * The footprint of one statement with its bound parameters.
     *
     * @param rowsApart the connection's isolation keeps rows apart ({@link Dialect#rowsApart})
     * @param insertsWaitForRanges inserts may wait for range locks (they then write the table)
     * @param freshRow names a row only this insert makes (for tables without keys)
     */
    Footprint footprint(String sql, Map<Integer, Object> params, boolean rowsApart, boolean insertsWaitForRanges,
            java.util.function.Supplier<String> freshRow) {
        Footprint tableLevel = SqlText.footprint(sql);
        SqlText.Verb verb = SqlText.verb(sql);
        if (verb != SqlText.Verb.QUERY && verb != SqlText.Verb.DML) {
            return tableLevel;
        }
        Footprint rows = null;
        boolean delete = false;
        if (rowsApart && !opaque) {
            Optional<Statement> st = parsed.computeIfAbsent(sql, SqlFootprints::parse);
            if (st.isPresent() && SELECT_WORD.matcher(st.get().toString().toUpperCase(Locale.ROOT)).results().count()
                    <= (st.get() instanceof PlainSelect ? 1 : 0)) {
                Statement s = st.get();
                delete = s instanceof Delete;
                rows = rows(s, params, insertsWaitForRanges, freshRow);
            }
        }
        Footprint fp = rows != null ? rows : tableLevel;
        return withForeignKeys(fp, delete || rows == null);
    }

    /** Adds what foreign keys make a write touch: the referenced tables (read), and on deletes and whole-table writes the referencing ones. */
    private Footprint withForeignKeys(Footprint fp, boolean reachesChildren) {
        if (fp.writes().isEmpty() || tables.isEmpty()) {
            return fp;
        }
        Set<String> reads = new LinkedHashSet<>(fp.reads());
        Set<String> writes = new LinkedHashSet<>(fp.writes());
        for (String w : fp.writes()) {
            TableInfo t = tables.get(Footprint.whole(w));
            if (t == null) {
                continue;
            }
            reads.addAll(t.parents);
            if (reachesChildren || !Footprint.isPart(w)) {
                writes.addAll(t.children);
            }
        }
        return reads.size() == fp.reads().size() && writes.size() == fp.writes().size() ? fp : new Footprint(reads, writes);
    }

    /** The rows a parsed statement touches, or null when they cannot be told. */
    private Footprint rows(Statement s, Map<Integer, Object> params, boolean insertsWaitForRanges,
            java.util.function.Supplier<String> freshRow) {
        if (s instanceof PlainSelect p) {
            if (!(p.getFromItem() instanceof Table t) || (p.getJoins() != null && !p.getJoins().isEmpty())
                    || p.getIntoTables() != null || p.getWithItemsList() != null) {
                return null;
            }
            List<String> keyed = keyedRows(t, p.getWhere(), params);
            if (keyed == null) {
                return null;
            }
            ForMode mode = p.getForMode();
            boolean locks = mode == ForMode.UPDATE || mode == ForMode.NO_KEY_UPDATE;
            return locks ? new Footprint(Set.of(), Set.copyOf(keyed)) : new Footprint(Set.copyOf(keyed), Set.of());
        }
        if (s instanceof Update u) {
            if (u.getFromItem() != null || (u.getJoins() != null && !u.getJoins().isEmpty())
                    || (u.getStartJoins() != null && !u.getStartJoins().isEmpty()) || u.getWithItemsList() != null) {
                return null;
            }
            TableInfo info = info(u.getTable());
            if (info == null) {
                return null;
            }
            for (UpdateSet set : u.getUpdateSets()) {
                for (Column c : set.getColumns()) {
                    String col = unquote(c.getColumnName());
                    if (info.keys.stream().anyMatch(k -> k.contains(col))) {
                        return null; // moves a row to another key, or checks uniqueness against others
                    }
                }
            }
            List<String> keyed = keyedRows(u.getTable(), u.getWhere(), params);
            return keyed == null ? null : new Footprint(Set.of(), Set.copyOf(keyed));
        }
        if (s instanceof Delete d) {
            if ((d.getJoins() != null && !d.getJoins().isEmpty()) || (d.getUsingList() != null && !d.getUsingList().isEmpty())
                    || (d.getTables() != null && !d.getTables().isEmpty()) || d.getWithItemsList() != null) {
                return null;
            }
            List<String> keyed = keyedRows(d.getTable(), d.getWhere(), params);
            return keyed == null ? null : new Footprint(Set.of(), Set.copyOf(keyed));
        }
        if (s instanceof Insert i) {
            return insertRows(i, params, insertsWaitForRanges, freshRow);
        }
        return null;
    }

    private Footprint insertRows(Insert i, Map<Integer, Object> params, boolean insertsWaitForRanges,
            java.util.function.Supplier<String> freshRow) {
        TableInfo info = info(i.getTable());
        Values values = i.getValues();
        if (info == null || insertsWaitForRanges || values == null || i.getColumns() == null || i.isUseDuplicate()
                || i.getDuplicateUpdateSets() != null || i.getConflictAction() != null || i.isUseSet()
                || i.getWithItemsList() != null || info.generated) {
            return null;
        }
        String table = name(i.getTable());
        if (info.keys.isEmpty()) {
            return new Footprint(Set.of(), Set.of(Footprint.part(table, "new", freshRow.get())));
        }
        List<String> cols = new ArrayList<>();
        for (Column c : i.getColumns()) {
            cols.add(unquote(c.getColumnName()));
        }
        List<List<Expression>> rowsGiven = new ArrayList<>();
        ExpressionList<?> list = values.getExpressions();
        if (list instanceof ParenthesedExpressionList<?> && list.size() == cols.size()
                && list.stream().noneMatch(e -> e instanceof ParenthesedExpressionList<?>)) {
            rowsGiven.add(new ArrayList<>(list));
        } else {
            for (Expression e : list) {
                if (!(e instanceof ExpressionList<?> row) || row.size() != cols.size()) {
                    return null;
                }
                rowsGiven.add(new ArrayList<>(row));
            }
        }
        Set<String> writes = new LinkedHashSet<>();
        for (List<Expression> row : rowsGiven) {
            for (List<String> key : info.keys) {
                List<String> vals = new ArrayList<>();
                for (String k : key) {
                    int at = cols.indexOf(k);
                    String v = at < 0 ? null : value(row.get(at), params);
                    if (v == null) {
                        return null; // a key the database fills in (default, identity), or a value racex cannot tell
                    }
                    vals.add(v);
                }
                writes.add(part(table, key, vals));
            }
        }
        return new Footprint(Set.of(), writes);
    }

    /** The rows of {@code t} that {@code where} limits a statement to, by a key; null when it does not. */
    private List<String> keyedRows(Table t, Expression where, Map<Integer, Object> params) {
        TableInfo info = info(t);
        if (info == null || where == null || info.keys.isEmpty()) {
            return null;
        }
        String table = name(t);
        String alias = t.getAlias() == null ? null : unquote(t.getAlias().getName());
        Map<String, List<String>> given = new LinkedHashMap<>();
        conjuncts(where, table, alias, params, given);
        for (List<String> key : info.keys) {
            if (!given.keySet().containsAll(key)) {
                continue;
            }
            List<List<String>> combos = new ArrayList<>();
            combos.add(List.of());
            for (String k : key) {
                List<List<String>> next = new ArrayList<>();
                for (List<String> c : combos) {
                    for (String v : given.get(k)) {
                        List<String> n = new ArrayList<>(c);
                        n.add(v);
                        next.add(n);
                    }
                }
                combos = next;
                if (combos.size() > 64) {
                    return null;
                }
            }
            List<String> out = new ArrayList<>();
            for (List<String> c : combos) {
                out.add(part(table, key, c));
            }
            return out;
        }
        return null;
    }

    /** Collects {@code column = value} and {@code column IN (values)} from the top-level conjunction of {@code e}. */
    private static void conjuncts(Expression e, String table, String alias, Map<Integer, Object> params,
            Map<String, List<String>> given) {
        if (e instanceof AndExpression and) {
            conjuncts(and.getLeftExpression(), table, alias, params, given);
            conjuncts(and.getRightExpression(), table, alias, params, given);
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            conjuncts(p.get(0), table, alias, params, given);
        } else if (e instanceof EqualsTo eq) {
            Expression l = eq.getLeftExpression();
            Expression r = eq.getRightExpression();
            String col = column(l, table, alias);
            Expression val = r;
            if (col == null) {
                col = column(r, table, alias);
                val = l;
            }
            String v = col == null ? null : value(val, params);
            if (v != null) {
                narrow(given, col, List.of(v));
            }
        } else if (e instanceof InExpression in && !in.isNot() && in.getRightExpression() instanceof ExpressionList<?> list) {
            String col = column(in.getLeftExpression(), table, alias);
            if (col == null || list.isEmpty()) {
                return;
            }
            List<String> vs = new ArrayList<>();
            for (Expression x : list) {
                String v = value(x, params);
                if (v == null) {
                    return;
                }
                vs.add(v);
            }
            narrow(given, col, vs);
        }
    }

    /** Two conditions on one column: the rows must satisfy both, so keep the fewer values (either bounds the rows). */
    private static void narrow(Map<String, List<String>> given, String col, List<String> vs) {
        List<String> had = given.get(col);
        if (had == null || vs.size() < had.size()) {
            given.put(col, List.copyOf(new LinkedHashSet<>(vs)));
        }
    }

    private static String column(Expression e, String table, String alias) {
        if (!(e instanceof Column c)) {
            return null;
        }
        Table q = c.getTable();
        if (q != null && q.getName() != null) {
            String qn = unquote(q.getName());
            if (!qn.equals(table) && !qn.equals(alias)) {
                return null;
            }
        }
        return unquote(c.getColumnName());
    }

    /** A key value in a form that is equal for every spelling of one value, or null when it cannot be told. */
    static String value(Expression e, Map<Integer, Object> params) {
        if (e instanceof LongValue l) {
            return number(l.getStringValue());
        }
        if (e instanceof DoubleValue d) {
            return number(String.valueOf(d.getValue()));
        }
        if (e instanceof SignedExpression s && (s.getExpression() instanceof LongValue || s.getExpression() instanceof DoubleValue)) {
            String v = value(s.getExpression(), params);
            return v == null ? null : s.getSign() == '-' ? number("-" + v) : v;
        }
        if (e instanceof StringValue s) {
            return text(s.getValue().replace("''", "'"));
        }
        if (e instanceof BooleanValue b) {
            return String.valueOf(b.getValue());
        }
        if (e instanceof JdbcParameter j && j.getIndex() != null && !j.isUseFixedIndex()) {
            return object(params.get(j.getIndex()));
        }
        if (e instanceof NullValue) {
            return null;
        }
        return null;
    }

    private static String object(Object v) {
        if (v == null || v == SqlText.Null.NULL) {
            return null; // unbound, or NULL: matches no row by '=', so the statement is a predicate
        }
        if (v instanceof Number n) {
            return number(n.toString());
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof Character c) {
            return text(c.toString());
        }
        return null; // dates, bytes, objects: their spellings are too many to tell apart safely
    }

    private static String number(String s) {
        try {
            return new BigDecimal(s.strip()).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Text as a case- and accent-insensitive, trailing-space-insensitive collation compares it; numbers by value. */
    private static String text(String s) {
        String n = number(s);
        if (n != null) {
            return n;
        }
        String folded = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
                .replaceAll("\\s+$", "");
        return "'" + folded + "'";
    }

    private static String part(String table, List<String> key, List<String> vals) {
        return key.size() == 1 ? Footprint.part(table, key.get(0), vals.get(0))
                : Footprint.part(table, "(" + String.join(",", key) + ")", "(" + String.join(",", vals) + ")");
    }

    private TableInfo info(Table t) {
        if (t == null || t.getName() == null) {
            return null;
        }
        TableInfo info = tables.get(name(t));
        return info == null || !info.rowLevel() ? null : info;
    }

    /** A table's name as {@link SqlText} writes it: lower case, without schema or quotes. */
    private static String name(Table t) {
        return unquote(t.getName());
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '`') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1).toLowerCase(Locale.ROOT);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(opaque ? "opaque " : "");
        tables.forEach((k, v) -> sb.append(k).append(v.opaque ? " opaque" : " keys " + v.keys).append(v.generated ? " generated" : "")
                .append(v.parents.isEmpty() ? "" : " parents " + v.parents).append("; "));
        return sb.toString();
    }
}
