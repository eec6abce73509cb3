package io.racex.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes a history as racex's JSON Lines (the schema in {@code docs/histories.md}): a
 * {@code call} event and, unless the operation is pending, a {@code return} event per operation,
 * in order of time, each with its {@code time}.
 */
public final class HistoryWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private HistoryWriter() {}

    /** Writes {@code h} to {@code out}, one event per line. */
    public static void write(History h, Writer out) throws IOException {
        // (time, kind, op): calls before returns at the same instant, as the reader orders them
        List<long[]> events = new ArrayList<>();
        for (Operation op : h.operations()) {
            events.add(new long[] {op.call(), 0, op.id()});
            if (!op.pending()) {
                events.add(new long[] {op.ret(), 1, op.id()});
            }
        }
        events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]).thenComparingLong(e -> e[2]));
        for (long[] e : events) {
            Operation op = h.operations().get((int) e[2]);
            ObjectNode n = MAPPER.createObjectNode();
            if (e[1] == 0) {
                n.put("type", "call");
                n.put("id", op.id());
                n.put("client", op.client());
                n.put("op", op.name());
                ArrayNode args = n.putArray("args");
                for (Object a : op.args()) {
                    args.add(MAPPER.valueToTree(json(a)));
                }
            } else {
                n.put("type", "return");
                n.put("id", op.id());
                n.set("result", MAPPER.valueToTree(json(op.result())));
            }
            n.put("time", e[0]);
            try {
                out.write(MAPPER.writeValueAsString(n));
            } catch (JsonProcessingException ex) {
                throw new IOException("cannot write operation " + op, ex);
            }
            out.write('\n');
        }
        out.flush();
    }

    /** A value JSON can hold: plain values as they are, anything else as its string. */
    private static Object json(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
            return v;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                out.add(json(x));
            }
            return out;
        }
        if (v instanceof java.util.Map<?, ?> m) {
            java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), json(x)));
            return out;
        }
        if (v instanceof java.util.Set<?> s) {
            return json(new ArrayList<>(s));
        }
        return String.valueOf(v);
    }
}
