package io.racex.store.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * The rows of a query, read completely inside its step so the step can show them and no later
 * call touches the database: a read-only, scrollable {@link ResultSet} over memory. Its
 * {@code toString()} is the compact rendering shown as the step's value.
 */
final class CachedRows implements InvocationHandler {
    private static final int SHOWN_ROWS = 5;

    final String[] labels;
    final String[] names;
    final int[] types;
    final String[] typeNames;
    final String[] classNames;
    final List<Object[]> rows;
    private final Statement statement;
    private int cursor = -1;
    private boolean wasNull;
    private boolean closed;

    private CachedRows(ResultSet rs, Statement statement) throws SQLException {
        this.statement = statement;
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        labels = new String[n];
        names = new String[n];
        types = new int[n];
        typeNames = new String[n];
        classNames = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = md.getColumnLabel(i + 1);
            names[i] = md.getColumnName(i + 1);
            types[i] = md.getColumnType(i + 1);
            typeNames[i] = md.getColumnTypeName(i + 1);
            String cn;
            try {
                cn = md.getColumnClassName(i + 1);
            } catch (SQLException e) {
                cn = Object.class.getName();
            }
            classNames[i] = cn;
        }
        rows = new ArrayList<>();
        while (rs.next()) {
            Object[] row = new Object[n];
            for (int i = 0; i < n; i++) {
                row[i] = rs.getObject(i + 1);
            }
            rows.add(row);
        }
    }

    /** Reads {@code rs} to the end and closes it; returns the in-memory copy. */
    static ResultSet copy(ResultSet rs, Statement owner) throws SQLException {
        try (rs) {
            CachedRows h = new CachedRows(rs, owner);
            return (ResultSet) Proxy.newProxyInstance(CachedRows.class.getClassLoader(), new Class<?>[] {ResultSet.class}, h);
        }
    }

    static CachedRows of(ResultSet proxy) {
        return (CachedRows) Proxy.getInvocationHandler(proxy);
    }

    /** The rows as plain values: a list of rows, each a list of plain values. */
    List<List<Object>> plainRows() {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            List<Object> row = new ArrayList<>(r.length);
            for (Object v : r) {
                row.add(Values.plain(v));
            }
            out.add(row);
        }
        return out;
    }

    /** {@code no rows}, {@code 'msg a'}, {@code ('msg a', 2009-01-01 00:00:00)}, {@code 3 rows: (…), (…), (…)}. */
    String render() {
        if (rows.isEmpty()) {
            return "no rows";
        }
        List<List<Object>> plain = plainRows();
        if (plain.size() == 1) {
            List<Object> r = plain.get(0);
            return r.size() == 1 ? Values.show(r.get(0)) : Values.show(r);
        }
        StringJoiner j = new StringJoiner(", ", rows.size() + " rows: ", "");
        for (int i = 0; i < Math.min(SHOWN_ROWS, plain.size()); i++) {
            List<Object> r = plain.get(i);
            j.add(r.size() == 1 ? Values.show(r.get(0)) : Values.show(r));
        }
        if (plain.size() > SHOWN_ROWS) {
            j.add("…");
        }
        return j.toString();
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] a) throws Throwable {
        String name = m.getName();
        switch (name) {
            case "toString":
                return render();
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == a[0];
            case "close":
                closed = true;
                return null;
            case "isClosed":
                return closed;
            case "unwrap":
                if (((Class<?>) a[0]).isInstance(proxy)) {
                    return proxy;
                }
                throw new SQLException("not a wrapper for " + a[0]);
            case "isWrapperFor":
                return ((Class<?>) a[0]).isInstance(proxy);
            default:
                break;
        }
        if (closed) {
            throw new SQLException("the result set is closed");
        }
        switch (name) {
            case "next":
                if (cursor < rows.size()) {
                    cursor++;
                }
                return cursor < rows.size();
            case "previous":
                if (cursor >= 0) {
                    cursor--;
                }
                return cursor >= 0 && cursor < rows.size();
            case "first":
                cursor = 0;
                return !rows.isEmpty();
            case "last":
                cursor = rows.size() - 1;
                return !rows.isEmpty();
            case "beforeFirst":
                cursor = -1;
                return null;
            case "afterLast":
                cursor = rows.size();
                return null;
            case "absolute": {
                int r = (Integer) a[0];
                cursor = r >= 0 ? r - 1 : rows.size() + r;
                cursor = Math.max(-1, Math.min(rows.size(), cursor));
                return cursor >= 0 && cursor < rows.size();
            }
            case "relative":
                cursor = Math.max(-1, Math.min(rows.size(), cursor + (Integer) a[0]));
                return cursor >= 0 && cursor < rows.size();
            case "isBeforeFirst":
                return cursor < 0 && !rows.isEmpty();
            case "isAfterLast":
                return cursor >= rows.size() && !rows.isEmpty();
            case "isFirst":
                return cursor == 0 && !rows.isEmpty();
            case "isLast":
                return cursor == rows.size() - 1 && !rows.isEmpty();
            case "getRow":
                return cursor >= 0 && cursor < rows.size() ? cursor + 1 : 0;
            case "wasNull":
                return wasNull;
            case "findColumn":
                return column(a[0]);
            case "getMetaData":
                return metaData();
            case "getStatement":
                return statement;
            case "getType":
                return ResultSet.TYPE_SCROLL_INSENSITIVE;
            case "getConcurrency":
                return ResultSet.CONCUR_READ_ONLY;
            case "getHoldability":
                return ResultSet.HOLD_CURSORS_OVER_COMMIT;
            case "getFetchDirection":
                return ResultSet.FETCH_FORWARD;
            case "getFetchSize":
                return rows.size();
            case "setFetchSize":
            case "setFetchDirection":
            case "clearWarnings":
                return null;
            case "getWarnings":
                return null;
            default:
                break;
        }
        if (name.startsWith("get") && a != null && a.length >= 1 && (a[0] instanceof Integer || a[0] instanceof String)) {
            Object v = value(column(a[0]));
            wasNull = v == null;
            return convert(name, m.getReturnType(), v, a);
        }
        throw new SQLFeatureNotSupportedException("racex's in-memory result set does not support " + name
                + " (the rows were read inside the query's step)");
    }

    private int column(Object key) throws SQLException {
        if (key instanceof Integer i) {
            if (i < 1 || i > labels.length) {
                throw new SQLException("column index " + i + " out of range 1.." + labels.length);
            }
            return i;
        }
        String k = ((String) key).toLowerCase(Locale.ROOT);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != null && labels[i].toLowerCase(Locale.ROOT).equals(k)) {
                return i + 1;
            }
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null && names[i].toLowerCase(Locale.ROOT).equals(k)) {
                return i + 1;
            }
        }
        throw new SQLException("no column named '" + key + "'", "42S22");
    }

    private Object value(int column) throws SQLException {
        if (cursor < 0 || cursor >= rows.size()) {
            throw new SQLException("no current row (call next() first)", "24000");
        }
        return rows.get(cursor)[column - 1];
    }

    private static Object convert(String getter, Class<?> returns, Object v, Object[] a) throws SQLException {
        if (getter.equals("getObject")) {
            if (a.length >= 2 && a[1] instanceof Class<?> target) {
                return as(target, v);
            }
            return v;
        }
        if (returns.isPrimitive()) {
            if (v == null) {
                return returns == boolean.class ? (Object) false : as(returns, 0);
            }
            return as(returns, v);
        }
        if (getter.equals("getBigDecimal") && a.length >= 2 && a[1] instanceof Integer scale && v != null) {
            return ((BigDecimal) as(BigDecimal.class, v)).setScale(scale, java.math.RoundingMode.HALF_UP);
        }
        if (returns == String.class && (getter.equals("getString") || getter.equals("getNString"))) {
            return v == null ? null : text(v);
        }
        return v == null ? null : as(returns, v);
    }

    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof java.util.Date || v instanceof java.time.temporal.Temporal) {
            return Values.text(v);
        }
        if (v instanceof byte[] b) {
            return Values.hex(b);
        }
        return String.valueOf(v);
    }

    private static Object as(Class<?> t, Object v) throws SQLException {
        if (v == null) {
            return null;
        }
        if (t.isInstance(v)) {
            return v;
        }
        try {
            if (t == int.class || t == Integer.class) {
                return number(v).intValue();
            }
            if (t == long.class || t == Long.class) {
                return number(v).longValue();
            }
            if (t == short.class || t == Short.class) {
                return number(v).shortValue();
            }
            if (t == byte.class || t == Byte.class) {
                return number(v).byteValue();
            }
            if (t == double.class || t == Double.class) {
                return number(v).doubleValue();
            }
            if (t == float.class || t == Float.class) {
                return number(v).floatValue();
            }
            if (t == boolean.class || t == Boolean.class) {
                if (v instanceof Boolean b) {
                    return b;
                }
                if (v instanceof Number n) {
                    return n.doubleValue() != 0;
                }
                String s = v.toString().trim().toLowerCase(Locale.ROOT);
                return s.equals("true") || s.equals("t") || s.equals("1") || s.equals("yes") || s.equals("y");
            }
            if (t == BigDecimal.class) {
                return v instanceof BigDecimal d ? d : new BigDecimal(v.toString().trim());
            }
            if (t == String.class) {
                return text(v);
            }
            if (t == Timestamp.class) {
                return timestamp(v);
            }
            if (t == LocalDateTime.class) {
                return timestamp(v).toLocalDateTime();
            }
            if (t == java.sql.Date.class) {
                if (v instanceof LocalDate d) {
                    return java.sql.Date.valueOf(d);
                }
                return java.sql.Date.valueOf(timestamp(v).toLocalDateTime().toLocalDate());
            }
            if (t == LocalDate.class) {
                if (v instanceof java.sql.Date d) {
                    return d.toLocalDate();
                }
                return timestamp(v).toLocalDateTime().toLocalDate();
            }
            if (t == java.sql.Time.class) {
                if (v instanceof LocalTime lt) {
                    return java.sql.Time.valueOf(lt);
                }
                return java.sql.Time.valueOf(timestamp(v).toLocalDateTime().toLocalTime());
            }
            if (t == LocalTime.class) {
                if (v instanceof java.sql.Time tm) {
                    return tm.toLocalTime();
                }
                return timestamp(v).toLocalDateTime().toLocalTime();
            }
            if (t == OffsetDateTime.class && v instanceof Timestamp ts) {
                return ts.toInstant().atOffset(java.time.ZoneOffset.UTC);
            }
            if (t == byte[].class && v instanceof String s) {
                return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            if (t == Object.class) {
                return v;
            }
        } catch (RuntimeException e) {
            throw new SQLException("cannot read " + v.getClass().getSimpleName() + " value '" + v + "' as "
                    + t.getSimpleName(), "22018", e);
        }
        throw new SQLException("cannot read " + v.getClass().getSimpleName() + " value as " + t.getSimpleName(), "22018");
    }

    private static Number number(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return new BigDecimal(v.toString().trim());
    }

    private static Timestamp timestamp(Object v) {
        if (v instanceof Timestamp t) {
            return t;
        }
        if (v instanceof LocalDateTime t) {
            return Timestamp.valueOf(t);
        }
        if (v instanceof OffsetDateTime t) {
            return Timestamp.from(t.toInstant());
        }
        if (v instanceof LocalDate d) {
            return Timestamp.valueOf(d.atStartOfDay());
        }
        if (v instanceof java.util.Date d) {
            return new Timestamp(d.getTime());
        }
        return Timestamp.valueOf(v.toString().trim());
    }

    private ResultSetMetaData metaData() {
        return (ResultSetMetaData) Proxy.newProxyInstance(CachedRows.class.getClassLoader(), new Class<?>[] {ResultSetMetaData.class},
                (p, m, a) -> {
                    switch (m.getName()) {
                        case "getColumnCount":
                            return labels.length;
                        case "getColumnLabel":
                            return labels[(Integer) a[0] - 1];
                        case "getColumnName":
                            return names[(Integer) a[0] - 1];
                        case "getColumnType":
                            return types[(Integer) a[0] - 1];
                        case "getColumnTypeName":
                            return typeNames[(Integer) a[0] - 1];
                        case "getColumnClassName":
                            return classNames[(Integer) a[0] - 1];
                        case "isNullable":
                            return ResultSetMetaData.columnNullableUnknown;
                        case "isReadOnly":
                            return true;
                        case "isAutoIncrement":
                        case "isCaseSensitive":
                        case "isCurrency":
                        case "isDefinitelyWritable":
                        case "isWritable":
                            return false;
                        case "isSearchable":
                        case "isSigned":
                            return true;
                        case "getPrecision":
                        case "getScale":
                        case "getColumnDisplaySize":
                            return 0;
                        case "getTableName":
                        case "getSchemaName":
                        case "getCatalogName":
                            return "";
                        case "toString":
                            return "ResultSetMetaData" + java.util.Arrays.toString(labels);
                        case "hashCode":
                            return System.identityHashCode(p);
                        case "equals":
                            return p == a[0];
                        case "isWrapperFor":
                            return false;
                        default:
                            throw new SQLFeatureNotSupportedException(m.getName());
                    }
                });
    }
}
