package io.racex.store.memory.file;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * An expression of an in-memory scenario file: whole numbers, texts, {@code true}, {@code false},
 * {@code null}, names, {@code m[key]} on a map, {@code + - * / %} (a {@code +} with a text joins
 * texts, as in JavaScript), comparisons {@code == != < <= > >=} and {@code and or not} (also
 * {@code && || !}), with parentheses. Evaluating one is never a step: it computes with values
 * already read.
 */
public sealed interface Expr {
    /** The value of this expression, names looked up by {@code names}. */
    Object eval(Function<String, Object> names);

    /** The names it reads, in order. */
    void names(Set<String> out);

    /** A problem with an expression's text or its value; the caller adds the file and line. */
    final class Problem extends RuntimeException {
        Problem(String message) {
            super(message);
        }
    }

    /** Every name an expression reads. */
    static Set<String> namesOf(Expr e) {
        Set<String> out = new LinkedHashSet<>();
        e.names(out);
        return out;
    }

    record Literal(Object value) implements Expr {
        @Override
        public Object eval(Function<String, Object> names) {
            return value;
        }

        @Override
        public void names(Set<String> out) {}
    }

    record Name(String name) implements Expr {
        @Override
        public Object eval(Function<String, Object> names) {
            return names.apply(name);
        }

        @Override
        public void names(Set<String> out) {
            out.add(name);
        }
    }

    /** {@code m[key]} in an invariant, on the final state's map {@code m}. */
    record Index(String map, Expr key) implements Expr {
        @Override
        public Object eval(Function<String, Object> names) {
            Object m = names.apply(map);
            if (!(m instanceof Map<?, ?> entries)) {
                throw new Problem("'" + map + "' is not a map");
            }
            return entries.get(key.eval(names));
        }

        @Override
        public void names(Set<String> out) {
            out.add(map);
            key.names(out);
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Object eval(Function<String, Object> names) {
            return !truth(operand.eval(names), "not");
        }

        @Override
        public void names(Set<String> out) {
            operand.names(out);
        }
    }

    record Negate(Expr operand) implements Expr {
        @Override
        public Object eval(Function<String, Object> names) {
            return narrow(-number(operand.eval(names), "-"));
        }

        @Override
        public void names(Set<String> out) {
            operand.names(out);
        }
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Function<String, Object> names) {
            if (op.equals("and")) {
                return truth(left.eval(names), op) && truth(right.eval(names), op);
            }
            if (op.equals("or")) {
                return truth(left.eval(names), op) || truth(right.eval(names), op);
            }
            Object a = left.eval(names);
            Object b = right.eval(names);
            switch (op) {
                case "==":
                    return same(a, b);
                case "!=":
                    return !same(a, b);
                case "+":
                    if (a instanceof String || b instanceof String) {
                        return text(a) + text(b);
                    }
                    return narrow(Math.addExact(number(a, op), number(b, op)));
                case "-":
                    return narrow(Math.subtractExact(number(a, op), number(b, op)));
                case "*":
                    return narrow(Math.multiplyExact(number(a, op), number(b, op)));
                case "/":
                case "%": {
                    long d = number(b, op);
                    if (d == 0) {
                        throw new Problem("division by zero in '" + op + "'");
                    }
                    return narrow(op.equals("/") ? number(a, op) / d : number(a, op) % d);
                }
                default: {
                    int c;
                    if (a instanceof String x && b instanceof String y) {
                        c = x.compareTo(y);
                    } else {
                        c = Long.compare(number(a, op), number(b, op));
                    }
                    return switch (op) {
                        case "<" -> c < 0;
                        case "<=" -> c <= 0;
                        case ">" -> c > 0;
                        default -> c >= 0;
                    };
                }
            }
        }

        @Override
        public void names(Set<String> out) {
            left.names(out);
            right.names(out);
        }
    }

    /** Equality as a person means it: numbers by value whatever their Java type. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue();
        }
        return Objects.equals(a, b);
    }

    static boolean truth(Object v, String op) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new Problem("'" + op + "' needs true or false, not " + show(v));
    }

    static long number(Object v, String op) {
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        throw new Problem("'" + op + "' needs whole numbers, not " + show(v));
    }

    private static String text(Object v) {
        return v instanceof String s ? s : String.valueOf(v);
    }

    /** An Integer when the value fits one (as cells declared with small numbers hold), else a Long. */
    static Object narrow(long v) {
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    static String show(Object v) {
        return v instanceof String s ? "the text '" + s + "'" : v == null ? "null" : String.valueOf(v);
    }

    /** Parses {@code text}; a {@link Problem} says what is wrong. */
    static Expr parse(String text) {
        Parser p = new Parser(tokens(text), text);
        Expr e = p.or();
        if (p.at < p.tokens.size()) {
            throw new Problem("cannot read '" + text.strip() + "': unexpected '" + p.tokens.get(p.at) + "'");
        }
        return e;
    }

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < text.length() && Character.isDigit(text.charAt(j))) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
                    j++;
                }
                out.add(text.substring(i, j));
                i = j;
            } else if (c == '\'' || c == '"') {
                int j = text.indexOf(c, i + 1);
                if (j < 0) {
                    throw new Problem("a text starting with " + c + " is not closed in '" + text.strip() + "'");
                }
                out.add(text.substring(i, j + 1));
                i = j + 1;
            } else {
                String[] ops = {"===", "!==", "==", "!=", "<=", ">=", "&&", "||", "<", ">", "+", "-", "*", "/", "%", "(", ")", "[", "]",
                    "!", "="};
                String found = null;
                for (String op : ops) {
                    if (text.startsWith(op, i)) {
                        found = op;
                        break;
                    }
                }
                if (found == null) {
                    throw new Problem("cannot read '" + text.strip() + "': unexpected '" + c + "'");
                }
                out.add(found);
                i += found.length();
            }
        }
        return out;
    }

    /** Precedence climbing: or, and, not, comparison, sum, product, unary, primary. */
    final class Parser {
        final List<String> tokens;
        final String text;
        int at;

        Parser(List<String> tokens, String text) {
            this.tokens = tokens;
            this.text = text;
        }

        private String peek() {
            return at < tokens.size() ? tokens.get(at) : null;
        }

        private boolean take(String... options) {
            String t = peek();
            for (String o : options) {
                if (o.equals(t)) {
                    at++;
                    return true;
                }
            }
            return false;
        }

        Expr or() {
            Expr e = and();
            while (take("or", "||")) {
                e = new Binary("or", e, and());
            }
            return e;
        }

        Expr and() {
            Expr e = not();
            while (take("and", "&&")) {
                e = new Binary("and", e, not());
            }
            return e;
        }

        Expr not() {
            if (take("not", "!")) {
                return new Not(not());
            }
            return comparison();
        }

        Expr comparison() {
            Expr e = sum();
            String t = peek();
            if (t != null && List.of("==", "===", "!=", "!==", "<", "<=", ">", ">=", "=").contains(t)) {
                at++;
                String op = switch (t) {
                    case "===", "=" -> "==";
                    case "!==" -> "!=";
                    default -> t;
                };
                e = new Binary(op, e, sum());
            }
            return e;
        }

        Expr sum() {
            Expr e = product();
            for (String t = peek(); "+".equals(t) || "-".equals(t); t = peek()) {
                at++;
                e = new Binary(t, e, product());
            }
            return e;
        }

        Expr product() {
            Expr e = unary();
            for (String t = peek(); "*".equals(t) || "/".equals(t) || "%".equals(t); t = peek()) {
                at++;
                e = new Binary(t, e, unary());
            }
            return e;
        }

        Expr unary() {
            if (take("-")) {
                return new Negate(unary());
            }
            return primary();
        }

        Expr primary() {
            String t = peek();
            if (t == null) {
                throw new Problem(text.isBlank() ? "an expression is missing" : "'" + text.strip() + "' ends too early");
            }
            at++;
            if (t.equals("(")) {
                Expr e = or();
                if (!take(")")) {
                    throw new Problem("a '(' is not closed in '" + text.strip() + "'");
                }
                return e;
            }
            char c = t.charAt(0);
            if (Character.isDigit(c)) {
                try {
                    return new Literal(narrow(Long.parseLong(t)));
                } catch (NumberFormatException e) {
                    throw new Problem("the number " + t + " is too large");
                }
            }
            if (c == '\'' || c == '"') {
                return new Literal(t.substring(1, t.length() - 1));
            }
            if (Character.isLetter(c) || c == '_') {
                switch (t) {
                    case "true":
                        return new Literal(Boolean.TRUE);
                    case "false":
                        return new Literal(Boolean.FALSE);
                    case "null":
                        return new Literal(null);
                    default:
                        break;
                }
                if (take("[")) {
                    Expr key = or();
                    if (!take("]")) {
                        throw new Problem("a '[' is not closed in '" + text.strip() + "'");
                    }
                    return new Index(t, key);
                }
                return new Name(t);
            }
            throw new Problem("cannot read '" + text.strip() + "': unexpected '" + t + "'");
        }
    }
}
