package io.racex.history;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reader for the subset of EDN that Jepsen histories use: {@code nil}, booleans, integers,
 * decimals, strings, characters, keywords, symbols, vectors, lists, maps, sets, comments, commas as
 * whitespace, {@code #_} discards and tagged values (read as the value). One instance reads one
 * piece of text, value after value; an error names the column and what was expected.
 */
final class Edn {
    /** A keyword such as {@code :ok} or {@code :timed-out}; {@link #name()} is without the colon. */
    record Keyword(String name) {
        @Override
        public String toString() {
            return ":" + name;
        }
    }

    /** A symbol (a bare word such as {@code foo}). */
    record Symbol(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Malformed text; {@link #column()} is 1-based. */
    static final class SyntaxError extends RuntimeException {
        private final int column;

        SyntaxError(String message, int column) {
            super(message);
            this.column = column;
        }

        int column() {
            return column;
        }
    }

    private final String text;
    private int pos;

    Edn(String text) {
        this(text, 0);
    }

    Edn(String text, int start) {
        this.text = text;
        this.pos = start;
    }

    /** Reads a whole line that holds exactly one value. */
    static Object readOne(String text) {
        Edn r = new Edn(text);
        Object v = r.read();
        if (!r.atEnd()) {
            throw r.error("unexpected '" + r.text.charAt(r.pos) + "' after the value");
        }
        return v;
    }

    /** Whether only whitespace, commas and comments remain. */
    boolean atEnd() {
        skipSpace();
        return pos >= text.length();
    }

    int position() {
        return pos;
    }

    /** Reads the next value. */
    Object read() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("the line ends where a value should be (truncated?)");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '"':
                return string();
            case ':':
                pos++;
                return new Keyword(token("keyword"));
            case '[':
                pos++;
                return Collections.unmodifiableList(seq(']', "vector"));
            case '(':
                pos++;
                return Collections.unmodifiableList(seq(')', "list"));
            case '{':
                return map();
            case '#':
                return dispatch();
            case '\\':
                pos++;
                return character();
            case ']':
            case ')':
            case '}':
                throw error("unexpected '" + c + "'");
            default:
                return atom();
        }
    }

    private Object dispatch() {
        int start = pos;
        pos++;
        if (pos >= text.length()) {
            throw error("the line ends after '#'");
        }
        char c = text.charAt(pos);
        if (c == '{') {
            pos++;
            List<Object> items = seq('}', "set");
            Set<Object> set = new LinkedHashSet<>(items);
            return Collections.unmodifiableSet(set);
        }
        if (c == '_') {
            pos++;
            read();
            return read();
        }
        if (Character.isLetter(c)) {
            token("tag");
            return read();
        }
        pos = start;
        throw error("unsupported '#" + c + "'");
    }

    private List<Object> seq(char close, String what) {
        int open = pos;
        List<Object> out = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw new SyntaxError("the line ends inside the " + what + " opened at column " + open + " (truncated?)", pos + 1);
            }
            if (text.charAt(pos) == close) {
                pos++;
                return out;
            }
            out.add(read());
        }
    }

    private Map<Object, Object> map() {
        int open = pos + 1;
        pos++;
        Map<Object, Object> out = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw new SyntaxError("the line ends inside the map opened at column " + open + " (truncated?)", pos + 1);
            }
            if (text.charAt(pos) == '}') {
                pos++;
                return Collections.unmodifiableMap(out);
            }
            Object key = read();
            skipSpace();
            if (pos >= text.length()) {
                throw new SyntaxError("the line ends inside the map opened at column " + open + " (truncated?)", pos + 1);
            }
            if (text.charAt(pos) == '}') {
                throw error("the map key " + key + " has no value");
            }
            out.put(key, read());
        }
    }

    private String string() {
        int open = pos + 1;
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw error("incomplete \\u escape");
                    }
                    try {
                        sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw error("bad \\u escape");
                    }
                    pos += 4;
                }
                default -> throw error("unknown escape \\" + e);
            }
        }
        throw new SyntaxError("the line ends inside the string opened at column " + open + " (truncated?)", pos + 1);
    }

    private String character() {
        String t = token("character");
        return switch (t) {
            case "newline" -> "\n";
            case "space" -> " ";
            case "tab" -> "\t";
            case "return" -> "\r";
            default -> t;
        };
    }

    private Object atom() {
        int start = pos;
        String t = token("value");
        switch (t) {
            case "nil":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        char c = t.charAt(0);
        boolean numeric = Character.isDigit(c) || ((c == '-' || c == '+') && t.length() > 1 && Character.isDigit(t.charAt(1)));
        if (!numeric) {
            return new Symbol(t);
        }
        String n = t.endsWith("N") || t.endsWith("M") ? t.substring(0, t.length() - 1) : t;
        try {
            if (n.indexOf('.') < 0 && n.indexOf('e') < 0 && n.indexOf('E') < 0 && !t.endsWith("M")) {
                if (n.length() < 18) {
                    return Long.parseLong(n.startsWith("+") ? n.substring(1) : n);
                }
                BigInteger b = new BigInteger(n.startsWith("+") ? n.substring(1) : n);
                return Values.normalize(b);
            }
            return Double.parseDouble(n);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("malformed number '" + t + "'");
        }
    }

    private String token(String what) {
        int start = pos;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c) || c == ',' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}'
                    || c == '"' || c == ';') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            throw error("empty " + what);
        }
        return text.substring(start, pos);
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ';') {
                pos = text.length();
            } else if (Character.isWhitespace(c) || c == ',') {
                pos++;
            } else {
                break;
            }
        }
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message, pos + 1);
    }
}
