package io.racex.store.jdbc;

import io.racex.store.Footprint;
import io.racex.store.StepKind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What racex needs to know about a SQL text without a real parser: its statements, its first
 * keyword, the tables it reads and writes, and the text with its parameters filled in.
 *
 * <p>The table parse is deliberately conservative: tables after {@code FROM}, {@code JOIN},
 * {@code UPDATE}, {@code INSERT INTO}, {@code DELETE FROM}, {@code MERGE INTO}, {@code REPLACE INTO};
 * {@code SELECT … FOR UPDATE} writes what it reads. A statement it cannot read (DDL, a procedure
 * call) writes {@code *}, meaning "maybe any table".
 */
final class SqlText {
    /** Location written by a statement whose effect on tables cannot be told from its text. */
    static final String ANY_TABLE = Footprint.ANY;

    private SqlText() {}

    /** What kind of statement a text is, from its first keyword. */
    enum Verb {
        QUERY, DML, BEGIN, COMMIT, ROLLBACK, SET, OTHER;

        StepKind stepKind() {
            switch (this) {
                case QUERY:
                    return StepKind.QUERY;
                case DML:
                    return StepKind.UPDATE;
                case COMMIT:
                    return StepKind.COMMIT;
                case ROLLBACK:
                    return StepKind.ROLLBACK;
                default:
                    return StepKind.EXECUTE;
            }
        }
    }

    static Verb verb(String sql) {
        List<String> words = words(sql, 3);
        if (words.isEmpty()) {
            return Verb.OTHER;
        }
        String w = words.get(0);
        switch (w) {
            case "select":
            case "with":
            case "values":
            case "table":
            case "show":
            case "explain":
                return Verb.QUERY;
            case "insert":
            case "update":
            case "delete":
            case "merge":
            case "replace":
            case "upsert":
                return Verb.DML;
            case "begin":
            case "start":
                return Verb.BEGIN;
            case "commit":
            case "end":
                return Verb.COMMIT;
            case "rollback":
            case "abort":
                // ROLLBACK TO SAVEPOINT keeps the transaction open
                return words.size() > 1 && words.get(1).equals("to") ? Verb.OTHER : Verb.ROLLBACK;
            case "set":
                // SET TRANSACTION applies to the next transaction only; anything else changes the session
                return words.size() > 1 && words.get(1).equals("transaction") ? Verb.OTHER : Verb.SET;
            case "savepoint":
            case "release":
                return Verb.OTHER;
            default:
                return Verb.OTHER;
        }
    }

    /** The tables a statement reads and writes (lower case, without schema). */
    static Footprint footprint(String sql) {
        Verb v = verb(sql);
        if (v == Verb.BEGIN || v == Verb.SET) {
            return Footprint.NONE;
        }
        List<String> toks = tokens(sql);
        Set<String> reads = new LinkedHashSet<>();
        Set<String> writes = new LinkedHashSet<>();
        String target = null;
        if (v == Verb.DML && !toks.isEmpty()) {
            target = dmlTarget(toks);
            if (target == null) {
                writes.add(ANY_TABLE);
            } else {
                writes.add(target);
            }
        } else if (v == Verb.OTHER) {
            String first = toks.isEmpty() ? "" : toks.get(0);
            if (first.equals("savepoint") || first.equals("release") || first.equals("rollback")
                    || (first.equals("set") && toks.size() > 1 && toks.get(1).equals("transaction"))) {
                return Footprint.NONE;
            }
            writes.add(ANY_TABLE);
            return new Footprint(reads, writes);
        }
        // a table follows FROM, JOIN, and a comma of a FROM list (at the same parenthesis depth)
        List<Boolean> inFrom = new ArrayList<>();
        inFrom.add(false);
        int depth = 0;
        for (int i = 0; i + 1 < toks.size(); i++) {
            String t = toks.get(i);
            if (t.equals("(")) {
                depth++;
                inFrom.add(false);
                continue;
            }
            if (t.equals(")")) {
                if (depth > 0) {
                    inFrom.remove(depth);
                    depth--;
                }
                continue;
            }
            boolean tableNext;
            if (t.equals("from") || t.equals("join")) {
                inFrom.set(depth, true);
                tableNext = true;
            } else if (t.equals(",")) {
                tableNext = inFrom.get(depth);
            } else {
                if (CLAUSE_ENDS.contains(t)) {
                    inFrom.set(depth, false);
                }
                tableNext = false;
            }
            if (tableNext) {
                String name = tableName(toks.get(i + 1));
                if (name != null) {
                    reads.add(name);
                }
            }
        }
        if (target != null) {
            reads.remove(target);
        }
        if (v == Verb.QUERY && isLockingRead(toks)) {
            writes.addAll(reads);
            reads.clear();
        }
        if (v == Verb.QUERY && reads.isEmpty() && writes.isEmpty()) {
            return Footprint.NONE;
        }
        return new Footprint(reads, writes);
    }

    private static boolean isLockingRead(List<String> toks) {
        for (int i = 0; i + 1 < toks.size(); i++) {
            if (toks.get(i).equals("for") && (toks.get(i + 1).equals("update") || toks.get(i + 1).equals("no"))) {
                return true;
            }
        }
        return false;
    }

    private static String dmlTarget(List<String> toks) {
        String first = toks.get(0);
        int i = 1;
        if (first.equals("update")) {
            while (i < toks.size() && (toks.get(i).equals("only") || toks.get(i).equals("low_priority") || toks.get(i).equals("ignore"))) {
                i++;
            }
            return i < toks.size() ? tableName(toks.get(i)) : null;
        }
        // INSERT [IGNORE] INTO t, DELETE FROM t, MERGE INTO t, REPLACE INTO t, UPSERT INTO t
        for (; i < toks.size(); i++) {
            String t = toks.get(i);
            if (t.equals("into") || t.equals("from")) {
                return i + 1 < toks.size() ? tableName(toks.get(i + 1)) : null;
            }
            if (!t.equals("ignore") && !t.equals("low_priority") && !t.equals("quick") && !t.equals("delayed")
                    && !t.equals("high_priority")) {
                return first.equals("delete") ? tableName(t) : null;
            }
        }
        return null;
    }

    /** Keywords that end a FROM list. */
    private static final Set<String> CLAUSE_ENDS = Set.of("where", "group", "having", "order", "limit", "union", "intersect",
            "except", "returning", "window", "for", "set", "values", "offset", "fetch", "select", "lock");

    private static final Set<String> KEYWORDS = Set.of("where", "join", "left", "right", "inner", "outer", "full", "cross",
            "on", "using", "group", "order", "having", "limit", "for", "union", "set", "values", "select", "natural",
            "lateral", "window", "offset", "fetch", "returning", "straight_join", "as", "lock", "into");

    /** A table name from a token, or null when the token is not one (a subquery, a keyword). */
    private static String tableName(String tok) {
        if (tok.isEmpty() || tok.equals("(") || tok.equals(",") || tok.equals(")") || KEYWORDS.contains(tok)) {
            return null;
        }
        char c = tok.charAt(0);
        if (!(Character.isLetter(c) || c == '_' || c == '"' || c == '`')) {
            return null;
        }
        String name = tok;
        int dot = lastDotOutsideQuotes(name);
        if (dot >= 0) {
            name = name.substring(dot + 1);
        }
        return unquote(name);
    }

    private static int lastDotOutsideQuotes(String s) {
        boolean q = false;
        int last = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '`') {
                q = !q;
            } else if (c == '.' && !q) {
                last = i;
            }
        }
        return last;
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '`')) {
            return s.substring(1, s.length() - 1).toLowerCase(Locale.ROOT);
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** The first {@code n} words, lower case, skipping comments. */
    static List<String> words(String sql, int n) {
        List<String> out = new ArrayList<>();
        for (String t : tokens(sql)) {
            if (out.size() >= n) {
                break;
            }
            if (!t.isEmpty() && Character.isLetter(t.charAt(0))) {
                out.add(t);
            } else {
                break;
            }
        }
        return out;
    }

    /**
     * Tokens outside string literals and comments: words (lower case, dotted names kept together,
     * quoted identifiers kept as written), and single punctuation characters; literals are dropped.
     */
    static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
            } else if (Character.isLetter(c) || c == '_' || c == '"' || c == '`') {
                int start = i;
                while (i < n) {
                    char d = sql.charAt(i);
                    if (d == '"' || d == '`') {
                        i = skipQuoted(sql, i, d);
                    } else if (Character.isLetterOrDigit(d) || d == '_' || d == '$' || d == '.') {
                        i++;
                    } else {
                        break;
                    }
                }
                String w = sql.substring(start, i);
                out.add(w.indexOf('"') >= 0 || w.indexOf('`') >= 0 ? w : w.toLowerCase(Locale.ROOT));
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    private static int skipQuoted(String s, int i, char q) {
        i++;
        while (i < s.length()) {
            if (s.charAt(i) == q) {
                if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return i;
    }

    /**
     * Splits a script into statements at semicolons outside quotes, comments and dollar-quoted
     * bodies; blank statements are dropped.
     */
    static List<String> split(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            int next = i + 1;
            if (c == '\'' || c == '"' || c == '`') {
                next = skipQuoted(script, i, c);
            } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                // a line comment is dropped: it would otherwise open the next statement
                int nl = script.indexOf('\n', i);
                i = nl < 0 ? n : nl;
                continue;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                next = end < 0 ? n : end + 2;
            } else if (c == '$') {
                int close = script.indexOf('$', i + 1);
                if (close > 0 && script.substring(i + 1, close).chars().allMatch(ch -> Character.isLetterOrDigit(ch) || ch == '_')) {
                    String tag = script.substring(i, close + 1);
                    int end = script.indexOf(tag, close + 1);
                    next = end < 0 ? n : end + tag.length();
                }
            } else if (c == ';') {
                add(out, cur);
                cur.setLength(0);
                i++;
                continue;
            }
            cur.append(script, i, next);
            i = next;
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
    }

    /** The text on one line: runs of whitespace (outside literals) become one space. */
    static String oneLine(String sql) {
        StringBuilder sb = new StringBuilder(sql.length());
        boolean space = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = skipQuoted(sql, i, '\'');
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = false;
                sb.append(sql, i, end);
                i = end;
            } else if (Character.isWhitespace(c)) {
                space = true;
                i++;
            } else {
                if (space && sb.length() > 0) {
                    sb.append(' ');
                }
                space = false;
                sb.append(c);
                i++;
            }
        }
        return sb.toString();
    }

    /** The text with each {@code ?} placeholder (outside literals and comments) replaced by its bound value. */
    static String bind(String sql, Map<Integer, Object> params) {
        if (params.isEmpty()) {
            return oneLine(sql);
        }
        StringBuilder sb = new StringBuilder();
        int index = 1;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                sb.append(sql, i, end);
                i = end;
            } else if (c == '?') {
                sb.append(params.containsKey(index) ? literal(params.get(index)) : "?");
                index++;
                i++;
            } else {
                sb.append(c);
                i++;
            }
        }
        return oneLine(sb.toString());
    }

    /** A value as a SQL literal, for display. */
    static String literal(Object v) {
        if (v == null || v == Null.NULL) {
            return "NULL";
        }
        if (v instanceof String s) {
            return "'" + s.replace("'", "''") + "'";
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Number) {
            return v.toString();
        }
        if (v instanceof java.sql.Timestamp || v instanceof LocalDateTime || v instanceof java.util.Date && !(v instanceof java.sql.Date)
                && !(v instanceof java.sql.Time)) {
            return "TIMESTAMP '" + Values.text(v) + "'";
        }
        if (v instanceof java.sql.Date || v instanceof LocalDate) {
            return "DATE '" + Values.text(v) + "'";
        }
        if (v instanceof java.sql.Time || v instanceof LocalTime) {
            return "TIME '" + Values.text(v) + "'";
        }
        if (v instanceof byte[] b) {
            return "X'" + Values.hex(b) + "'";
        }
        return "'" + String.valueOf(Values.plain(v)).replace("'", "''") + "'";
    }

    /** Marker for a parameter bound to SQL NULL. */
    enum Null { NULL }
}
