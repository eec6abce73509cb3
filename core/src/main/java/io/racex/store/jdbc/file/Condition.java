package io.racex.store.jdbc.file;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A step's {@code when:} condition: one comparison of a bound name with a literal or another bound
 * name ({@code balance >= 100}, {@code existing is null}, {@code :a = :b}). Kept this small on
 * purpose: anything richer belongs in the SQL itself.
 *
 * <p>A list bound by {@code rows:} is tested with {@code ids is empty} or {@code ids is not empty}.
 *
 * <p>Comparisons follow SQL: a comparison with a null value is false; {@code is null} tests for it.
 * Numbers compare by value whatever their Java type (a COUNT may come back as a Long on one
 * database and an Integer on another); a boolean compares equal to 1 or 0, as MariaDB returns them.
 *
 * @param text the condition as written
 * @param left the left operand
 * @param op the comparison
 * @param right the right operand ({@code null} literal for {@code is null} / {@code is not null})
 */
public record Condition(String text, Operand left, Op op, Operand right) {
    /** A comparison operator. */
    public enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="), IS_NULL("is null"), IS_NOT_NULL("is not null"),
        IS_EMPTY("is empty"), IS_NOT_EMPTY("is not empty");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    /** A bound name or a literal value. */
    public sealed interface Operand permits Name, Literal {}

    /** A reference to a value bound by an earlier step's {@code into:}. */
    public record Name(String name) implements Operand {}

    /** A literal: a number (BigDecimal), a text, a boolean or null. */
    public record Literal(Object value) implements Operand {}

    private static final String OPERAND = ":?[A-Za-z_][A-Za-z0-9_]*|[-+]?[0-9]+(?:\\.[0-9]+)?|'(?:[^']|'')*'";
    private static final Pattern COMPARISON = Pattern.compile(
            "\\s*(" + OPERAND + ")\\s*(==|=|!=|<>|<=|>=|<|>)\\s*(" + OPERAND + ")\\s*");
    private static final Pattern NULL_TEST = Pattern.compile(
            "\\s*(" + OPERAND + ")\\s+(?i:is)\\s+((?i:not)\\s+)?(?i:null)\\s*");
    private static final Pattern EMPTY_TEST = Pattern.compile(
            "\\s*(:?[A-Za-z_][A-Za-z0-9_]*)\\s+(?i:is)\\s+((?i:not)\\s+)?(?i:empty)\\s*");

    /** Parses a condition; the message of the exception says what form is expected. */
    static Condition parse(String text) throws BoundSql.Problem {
        Matcher m = NULL_TEST.matcher(text);
        if (m.matches()) {
            return new Condition(text.strip(), operand(m.group(1)), m.group(2) == null ? Op.IS_NULL : Op.IS_NOT_NULL,
                    new Literal(null));
        }
        m = EMPTY_TEST.matcher(text);
        if (m.matches()) {
            return new Condition(text.strip(), operand(m.group(1)), m.group(2) == null ? Op.IS_EMPTY : Op.IS_NOT_EMPTY,
                    new Literal(null));
        }
        m = COMPARISON.matcher(text);
        if (!m.matches()) {
            throw new BoundSql.Problem("cannot read the condition '" + text.strip() + "': write NAME OP VALUE, e.g. "
                    + "'balance >= 100', 'n = 0', 'existing is null', 'ids is empty' (OP is one of = <> < <= > >=)");
        }
        Op op = switch (m.group(2)) {
            case "=", "==" -> Op.EQ;
            case "!=", "<>" -> Op.NE;
            case "<" -> Op.LT;
            case "<=" -> Op.LE;
            case ">" -> Op.GT;
            default -> Op.GE;
        };
        return new Condition(text.strip(), operand(m.group(1)), op, operand(m.group(3)));
    }

    private static Operand operand(String s) {
        char c = s.charAt(0);
        if (c == '\'') {
            return new Literal(s.substring(1, s.length() - 1).replace("''", "'"));
        }
        if (c == '-' || c == '+' || Character.isDigit(c)) {
            return new Literal(new BigDecimal(s));
        }
        String word = s.startsWith(":") ? s.substring(1) : s;
        switch (word.toLowerCase(Locale.ROOT)) {
            case "true":
                return new Literal(Boolean.TRUE);
            case "false":
                return new Literal(Boolean.FALSE);
            case "null":
                return new Literal(null);
            default:
                return new Name(word);
        }
    }

    /** The bound names this condition reads. */
    public List<String> names() {
        return java.util.stream.Stream.of(left, right)
                .filter(o -> o instanceof Name).map(o -> ((Name) o).name()).toList();
    }

    /** Whether this is {@code is empty} or {@code is not empty}: a test of a list bound by {@code rows:}. */
    public boolean testsEmptiness() {
        return op == Op.IS_EMPTY || op == Op.IS_NOT_EMPTY;
    }

    /** Evaluates the condition on the values bound so far. */
    public boolean holds(Map<String, Object> bound) {
        Object a = value(left, bound);
        if (testsEmptiness()) {
            // a step that was skipped left its list unbound: no rows were read, so it is empty
            boolean empty = a == null || (a instanceof List<?> l && l.isEmpty());
            return op == Op.IS_EMPTY ? empty : !empty;
        }
        if (op == Op.IS_NULL) {
            return a == null;
        }
        if (op == Op.IS_NOT_NULL) {
            return a != null;
        }
        Object b = value(right, bound);
        if (a == null || b == null) {
            return false;
        }
        int cmp;
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            cmp = x.compareTo(y);
        } else if (op == Op.EQ || op == Op.NE) {
            boolean eq = Objects.equals(String.valueOf(a), String.valueOf(b));
            return op == Op.EQ ? eq : !eq;
        } else {
            cmp = String.valueOf(a).compareTo(String.valueOf(b));
        }
        return switch (op) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            default -> cmp >= 0;
        };
    }

    private static Object value(Operand o, Map<String, Object> bound) {
        return o instanceof Name n ? bound.get(n.name()) : ((Literal) o).value();
    }

    /** The value as a number when it is one (a boolean counts as 1 or 0; a numeric text as its number). */
    static BigDecimal number(Object v) {
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Number n) {
            return n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : new BigDecimal(n.toString());
        }
        if (v instanceof Boolean b) {
            return b ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        if (v instanceof String s && s.matches("[-+]?[0-9]+(\\.[0-9]+)?")) {
            return new BigDecimal(s);
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
