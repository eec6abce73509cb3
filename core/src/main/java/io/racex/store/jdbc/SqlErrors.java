package io.racex.store.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.util.regex.Pattern;

/**
 * SQL errors as operations see them under racex: the standard {@code java.sql} exception class
 * for the SQLSTATE class (so the same failure has the same type on every database), a one-line
 * message without per-run noise (connection ids, process ids, driver build numbers, the scratch
 * schema's name), ending in {@code (SQLSTATE xxxxx)}. The driver's exception is the cause.
 */
final class SqlErrors {
    private static final Pattern CONN_PREFIX = Pattern.compile("^\\(conn=\\d+\\)\\s*");
    private static final Pattern H2_SUFFIX = Pattern.compile("\\s*\\[\\d+-\\d+]\\s*$");
    private static final Pattern SEVERITY = Pattern.compile("^(ERROR|FATAL|PANIC):\\s+");
    private static final Pattern H2_SQL = Pattern.compile(";?\\s*SQL statement:\\s*$");

    private SqlErrors() {}

    /** The driver's message on one line, without severity prefix, connection id or H2 build suffix. */
    static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.strip();
        int nl = m.indexOf('\n');
        if (nl >= 0) {
            m = m.substring(0, nl).strip();
        }
        m = CONN_PREFIX.matcher(m).replaceFirst("");
        m = SEVERITY.matcher(m).replaceFirst("");
        m = H2_SUFFIX.matcher(m).replaceFirst("");
        m = H2_SQL.matcher(m).replaceFirst("");
        return m.isEmpty() ? "unknown error" : m;
    }

    /** The normalized exception operations receive; {@code scratch} is removed from the message. */
    static SQLException normalize(SQLException e, String scratch) {
        return normalize(e, scratch, "");
    }

    /** The message without the codes {@link #normalize} appends. */
    static String withoutCodes(String message) {
        return message.replaceFirst(" \\(SQLSTATE [^)]*\\)$", "");
    }

    /**
     * The normalized exception operations receive; {@code scratch} is removed from the message,
     * and the database's own error code {@code vendorCode} (if not empty) is shown beside the SQLSTATE.
     */
    static SQLException normalize(SQLException e, String scratch, String vendorCode) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String msg = clean(e.getMessage());
        if (scratch != null && !scratch.isEmpty()) {
            msg = msg.replaceAll("(?i)[\"`]?" + Pattern.quote(scratch) + "[\"`]?\\.", "");
        }
        if (!state.isEmpty()) {
            msg = msg + " (SQLSTATE " + state + (vendorCode.isEmpty() ? "" : ", error " + vendorCode) + ")";
        }
        int code = e.getErrorCode();
        SQLException out;
        String cls = state.length() >= 2 ? state.substring(0, 2) : "";
        switch (cls) {
            case "40":
                out = new SQLTransactionRollbackException(msg, state, code, e);
                break;
            case "23":
                out = new SQLIntegrityConstraintViolationException(msg, state, code, e);
                break;
            case "42":
                out = new SQLSyntaxErrorException(msg, state, code, e);
                break;
            case "22":
                out = new SQLDataException(msg, state, code, e);
                break;
            case "28":
                out = new SQLInvalidAuthorizationSpecException(msg, state, code, e);
                break;
            case "08":
                out = new SQLNonTransientConnectionException(msg, state, code, e);
                break;
            case "0A":
                out = new SQLFeatureNotSupportedException(msg, state, code, e);
                break;
            default:
                out = new SQLException(msg, state.isEmpty() ? null : state, code, e);
        }
        return out;
    }
}
