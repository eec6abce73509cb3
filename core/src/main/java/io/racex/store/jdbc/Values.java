package io.racex.store.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Clob;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.StringJoiner;

/**
 * Database values as plain comparable data, so the same rows compare equal in every execution
 * and read the same in every report: integral numbers become {@code Long}, exact decimals lose
 * trailing zeros, date-times become {@code yyyy-MM-dd HH:mm:ss} text.
 */
final class Values {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Values() {}

    static Object plain(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Long || v instanceof String || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        }
        if (v instanceof BigDecimal d) {
            BigDecimal s = d.stripTrailingZeros();
            if (s.scale() <= 0 && s.precision() - s.scale() < 19) {
                return s.longValueExact();
            }
            return s.toPlainString();
        }
        if (v instanceof java.util.Date || v instanceof LocalDateTime || v instanceof LocalDate || v instanceof LocalTime
                || v instanceof OffsetDateTime || v instanceof java.time.temporal.Temporal) {
            return text(v);
        }
        if (v instanceof byte[] b) {
            return hex(b);
        }
        if (v instanceof Clob c) {
            try {
                return c.getSubString(1, (int) Math.min(Integer.MAX_VALUE, c.length()));
            } catch (SQLException e) {
                return "(clob)";
            }
        }
        if (v instanceof java.sql.Array a) {
            try {
                Object[] arr = (Object[]) a.getArray();
                List<Object> out = new java.util.ArrayList<>();
                for (Object o : arr) {
                    out.add(plain(o));
                }
                return out;
            } catch (SQLException | ClassCastException e) {
                return String.valueOf(a);
            }
        }
        return v.toString();
    }

    /** Date and time values as text without the noise of {@code toString()} ({@code T}, trailing {@code .0}). */
    static String text(Object v) {
        if (v instanceof java.sql.Timestamp t) {
            return text(t.toLocalDateTime());
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (v instanceof LocalDateTime t) {
            String s = t.format(DATE_TIME);
            return t.getNano() == 0 ? s : s + "." + String.format("%09d", t.getNano()).replaceAll("0+$", "");
        }
        if (v instanceof OffsetDateTime t) {
            return text(t.toLocalDateTime()) + t.getOffset();
        }
        if (v instanceof java.util.Date d) {
            return text(new java.sql.Timestamp(d.getTime()));
        }
        return String.valueOf(v);
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x));
        }
        return sb.toString();
    }

    /** A plain value as it reads in a row: strings quoted. */
    static String show(Object plain) {
        if (plain instanceof String s) {
            return "'" + s + "'";
        }
        if (plain instanceof List<?> l) {
            StringJoiner j = new StringJoiner(", ", "(", ")");
            l.forEach(x -> j.add(show(x)));
            return j.toString();
        }
        return String.valueOf(plain);
    }
}
