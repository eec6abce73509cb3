package io.racex.store.jdbc.file;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A step's SQL with its {@code :name} references turned into JDBC {@code ?} parameters, so bound
 * values travel as parameters and are never pasted into the text. {@code :name} inside quoted
 * literals or identifiers and comments is left alone, and so are PostgreSQL casts ({@code ::int})
 * and MariaDB assignments ({@code :=}).
 *
 * @param text the SQL as written in the file
 * @param jdbc the SQL with each reference replaced by {@code ?}
 * @param parameters the referenced names, one per {@code ?}, in order
 */
public record BoundSql(String text, String jdbc, List<String> parameters) {
    public BoundSql {
        parameters = List.copyOf(parameters);
    }

    /** Why a piece of SQL cannot be used. */
    static final class Problem extends Exception {
        Problem(String message) {
            super(message);
        }
    }

    /** Rewrites {@code sql}; a bare {@code ?} is refused because names are the file's way to pass values. */
    static BoundSql parse(String sql) throws Problem {
        StringBuilder out = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = closing(sql, i, c);
                if (end < 0) {
                    throw new Problem("a quote " + c + " is not closed");
                }
                out.append(sql, i, end + 1);
                i = end + 1;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? n : end;
                out.append(sql, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new Problem("a comment /* is not closed");
                }
                out.append(sql, i, end + 2);
                i = end + 2;
            } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
                out.append("::");
                i += 2;
            } else if (c == ':' && i + 1 < n && isNameStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                out.append('?');
                i = end;
            } else if (c == '?') {
                throw new Problem("'?' is not used in scenario files: pass a bound value as :name");
            } else {
                out.append(c);
                i++;
            }
        }
        return new BoundSql(sql, out.toString(), names);
    }

    /** Index of the quote that closes the one at {@code start} (a doubled quote is an escaped one), or -1. */
    private static int closing(String s, int start, char q) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == q) {
                if (i + 1 < s.length() && s.charAt(i + 1) == q) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c < 128 && Character.isLetter(c));
    }

    static boolean isNamePart(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /**
     * Whether the statement returns rows (run with {@code executeQuery}) rather than a count
     * ({@code executeUpdate}): it starts with SELECT, WITH, VALUES, TABLE, SHOW or EXPLAIN, or has RETURNING.
     */
    public boolean returnsRows() {
        String s = withoutLeadingComments(jdbc).toUpperCase(Locale.ROOT);
        String first = s.split("[\\s(]", 2)[0];
        switch (first) {
            case "SELECT": case "WITH": case "VALUES": case "TABLE": case "SHOW": case "EXPLAIN":
                return true;
            default:
                return s.matches("(?s).*\\bRETURNING\\b.*");
        }
    }

    /**
     * Whether the statement ends the transaction: {@code COMMIT}, {@code END}, {@code ROLLBACK} or
     * {@code ABORT} ({@code ROLLBACK TO SAVEPOINT} does not).
     */
    public boolean endsTransaction() {
        return commits() || rollsBack();
    }

    /** Whether the statement begins a transaction: {@code BEGIN} or {@code START TRANSACTION}. */
    public boolean beginsTransaction() {
        String[] w = withoutLeadingComments(jdbc).toUpperCase(Locale.ROOT).split("\\s+");
        return w[0].equals("BEGIN") || (w[0].equals("START") && w.length > 1 && w[1].equals("TRANSACTION"));
    }

    /** Whether the statement is {@code COMMIT} (or {@code END}, {@code COMMIT WORK}). */
    public boolean commits() {
        String[] w = withoutLeadingComments(jdbc).toUpperCase(Locale.ROOT).split("\\s+");
        return w[0].equals("COMMIT") || w[0].equals("END");
    }

    /** Whether the statement is {@code ROLLBACK} (or {@code ABORT}) of the whole transaction, not to a savepoint. */
    public boolean rollsBack() {
        String[] w = withoutLeadingComments(jdbc).toUpperCase(Locale.ROOT).split("\\s+");
        boolean toSavepoint = w.length > 1 && (w[1].equals("TO") || (w.length > 2 && w[1].equals("WORK") && w[2].equals("TO")));
        return (w[0].equals("ROLLBACK") || w[0].equals("ABORT")) && !toSavepoint;
    }

    /**
     * The JDBC text with the parameter at each index {@code i} where {@code sizes[i] >= 0} (a list
     * bound by {@code rows:}) written as that many {@code ?} separated by commas, for
     * {@code IN (:ids)}; an empty list becomes {@code NULL}, which no {@code IN} matches.
     */
    String jdbc(int[] sizes) {
        StringBuilder out = new StringBuilder(jdbc.length() + 8);
        int n = jdbc.length();
        int k = 0;
        int i = 0;
        while (i < n) {
            char c = jdbc.charAt(i);
            int end = i + 1;
            if (c == '\'' || c == '"' || c == '`') {
                end = closing(jdbc, i, c) + 1;
            } else if (c == '-' && i + 1 < n && jdbc.charAt(i + 1) == '-') {
                int nl = jdbc.indexOf('\n', i);
                end = nl < 0 ? n : nl;
            } else if (c == '/' && i + 1 < n && jdbc.charAt(i + 1) == '*') {
                end = jdbc.indexOf("*/", i + 2) + 2;
            } else if (c == '?') {
                int size = sizes[k++];
                out.append(size < 0 ? "?" : size == 0 ? "NULL" : String.join(", ", java.util.Collections.nCopies(size, "?")));
                i++;
                continue;
            }
            out.append(jdbc, i, end);
            i = end;
        }
        return out.toString();
    }

    private static String withoutLeadingComments(String s) {
        String t = s.strip();
        while (true) {
            if (t.startsWith("--")) {
                int nl = t.indexOf('\n');
                t = nl < 0 ? "" : t.substring(nl + 1).strip();
            } else if (t.startsWith("/*")) {
                int end = t.indexOf("*/");
                t = end < 0 ? "" : t.substring(end + 2).strip();
            } else if (t.startsWith("(")) {
                t = t.substring(1).strip();
            } else {
                return t;
            }
        }
    }
}
