package io.racex.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads recorded histories: racex's JSON Lines of call and return events (documented in
 * {@code docs/histories.md}), Jepsen histories in EDN (one map per line, {@code :process},
 * {@code :type}, {@code :f}, {@code :value} and an optional {@code :key}) and Jepsen log lines
 * ({@code INFO jepsen.util - 3 :invoke :cas [1 2]}). Anything malformed is a
 * {@link HistoryException} naming the file and line.
 *
 * <p>Jepsen's types map to racex's events: {@code :invoke} is a call, {@code :ok} a return,
 * {@code :info} leaves the operation pending (it may have taken effect or not), and {@code :fail}
 * means it did not take effect, so it is left out — except a failed {@code :cas}, which in
 * Jepsen's register tests is a compare that found another value: it is read as {@code cas}
 * returning {@code false}, as Porcupine and Knossos's etcd checks read it.
 */
public final class HistoryReader {
    /** The formats racex reads. */
    public enum Format {
        /** Decided from the first line that is not blank. */
        AUTO("auto"),
        /** racex's JSON Lines of call/return events. */
        JSONL("jsonl"),
        /** Jepsen's history, one EDN map per line. */
        JEPSEN_EDN("jepsen-edn"),
        /** Jepsen's log, one {@code jepsen.util} line per event. */
        JEPSEN_LOG("jepsen-log");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        /** The name used on the command line and in reports. */
        public String id() {
            return id;
        }

        /** The format named {@code id}, e.g. {@code jsonl}. */
        public static Format of(String id) {
            for (Format f : values()) {
                if (f.id.equalsIgnoreCase(id)) {
                    return f;
                }
            }
            throw new HistoryException("unknown history format '" + id + "' (known: auto, jsonl, jepsen-edn, jepsen-log)");
        }
    }

    /** Jackson, loaded only when JSON is read (Jepsen files never need it). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final String LOG_MARK = "jepsen.util";

    private HistoryReader() {}

    /** Reads {@code file}, telling its format from its first line. */
    public static History read(Path file) {
        return read(file, Format.AUTO);
    }

    /** Reads {@code file} in {@code format}. */
    public static History read(Path file, Format format) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new HistoryException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new HistoryException(file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new HistoryException(file + ": cannot read: " + e.getMessage());
        }
        return read(file.toString(), new StringReader(text), format);
    }

    /** Reads a history from {@code in}; {@code source} names it in messages. */
    public static History read(String source, Reader in, Format format) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(in)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                lines.add(l);
            }
        } catch (IOException e) {
            throw new HistoryException(source + ": cannot read: " + e.getMessage());
        }
        Format f = format == Format.AUTO ? detect(source, lines) : format;
        return switch (f) {
            case JSONL -> jsonLines(source, lines);
            case JEPSEN_EDN, JEPSEN_LOG -> jepsen(source, lines, f);
            case AUTO -> new History(source, "empty", List.of(), 0);
        };
    }

    /** The format of the first line that is not blank; AUTO for a file with none (an empty history). */
    static Format detect(String source, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("{")) {
                String rest = l.substring(1).stripLeading();
                if (rest.startsWith(":")) {
                    return Format.JEPSEN_EDN;
                }
                if (rest.startsWith("\"") || rest.startsWith("}")) {
                    return Format.JSONL;
                }
            }
            // a Jepsen log may start with other output; its operations are jepsen.util lines
            for (String later : lines) {
                if (later.contains(LOG_MARK)) {
                    return Format.JEPSEN_LOG;
                }
            }
            throw new HistoryException(source, i + 1, "cannot tell the history format from this line "
                    + "(expected a JSON object, a Jepsen EDN map or a jepsen.util log line; see docs/histories.md)");
        }
        return Format.AUTO;
    }

    // ---- JSON Lines ----

    private static History jsonLines(String source, List<String> lines) {
        Builder b = new Builder(source, "jsonl");
        Boolean timed = null;
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new HistoryException(source, line, "not a JSON object: " + jsonProblem(e));
            }
            if (node == null || !node.isObject()) {
                throw new HistoryException(source, line, "not a JSON object");
            }
            String type = text(node, "type", source, line);
            if (type == null) {
                throw new HistoryException(source, line, "no \"type\" (call, return, fail or info)");
            }
            JsonNode time = node.get("time");
            boolean hasTime = time != null && !time.isNull();
            if (hasTime && !time.isNumber()) {
                throw new HistoryException(source, line, "\"time\" must be a number");
            }
            if (timed == null) {
                timed = hasTime;
                b.timestamps = hasTime;
            } else if (timed != hasTime) {
                throw new HistoryException(source, line, hasTime ? "this event has a \"time\" but the first did not: give every event a time, or none"
                        : "this event has no \"time\" but the first had one: give every event a time, or none");
            }
            long t = hasTime ? time.asLong() : line;
            String id = text(node, "id", source, line);
            String client = text(node, "client", source, line);
            switch (type.toLowerCase(Locale.ROOT)) {
                case "call", "invoke" -> {
                    String op = text(node, "op", source, line);
                    if (op == null || op.isEmpty()) {
                        throw new HistoryException(source, line, "a call needs \"op\", the operation's name");
                    }
                    if (client == null) {
                        throw new HistoryException(source, line, "a call needs \"client\": who called it (one client calls one operation at a time)");
                    }
                    JsonNode args = node.get("args");
                    List<Object> list = new ArrayList<>();
                    if (args != null && !args.isNull()) {
                        if (!args.isArray()) {
                            throw new HistoryException(source, line, "\"args\" must be an array");
                        }
                        for (JsonNode a : args) {
                            list.add(java(a));
                        }
                    }
                    b.call(id, client, op, list, t, line);
                }
                case "return", "ok" -> b.complete(id, client, Builder.Kind.RETURN, java(node.get("result")), t, line);
                case "fail" -> b.complete(id, client, Builder.Kind.FAIL, null, t, line);
                case "info" -> b.complete(id, client, Builder.Kind.INFO, null, t, line);
                default -> throw new HistoryException(source, line, "unknown \"type\": \"" + type + "\" (call, return, fail or info)");
            }
        }
        return b.build();
    }

    private static String jsonProblem(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) {
            return "malformed";
        }
        m = m.split("\n")[0];
        if (m.contains("end-of-input") || m.contains("end of input")) {
            return "the line ends too early (truncated?)";
        }
        return m.length() > 120 ? m.substring(0, 120) + "..." : m;
    }

    private static String text(JsonNode node, String field, String source, int line) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isIntegralNumber()) {
            return v.asText();
        }
        throw new HistoryException(source, line, "\"" + field + "\" must be a string or an integer");
    }

    /** The plain Java value of JSON text (an initial state given on the command line); {@code what} names it in the message. */
    public static Object parseJson(String text, String what) {
        try {
            return java(Json.MAPPER.readTree(text));
        } catch (JsonProcessingException e) {
            throw new HistoryException(what + " is not JSON: " + jsonProblem(e));
        }
    }

    /** The plain Java value of a JSON value. */
    static Object java(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            for (JsonNode x : n) {
                out.add(java(x));
            }
            return Collections.unmodifiableList(out);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), java(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    // ---- Jepsen ----

    private static History jepsen(String source, List<String> lines, Format format) {
        Builder b = new Builder(source, format.id());
        for (int i = 0; i < lines.size(); i++) {
            int line = i + 1;
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            try {
                if (format == Format.JEPSEN_LOG) {
                    logLine(b, text, line);
                } else {
                    ednLine(b, text, line);
                }
            } catch (Edn.SyntaxError e) {
                throw new HistoryException(source, line, "column " + e.column() + ": " + e.getMessage());
            }
        }
        return b.build();
    }

    private static void ednLine(Builder b, String text, int line) {
        Object v = Edn.readOne(text);
        if (!(v instanceof Map<?, ?> m)) {
            throw new HistoryException(b.source, line, "not an EDN map: a Jepsen history has one {:process … :type … :f … :value …} per line");
        }
        Object process = m.get(new Edn.Keyword("process"));
        if (process instanceof Edn.Keyword) {
            return; // the nemesis and other non-client processes: not operations on the object checked
        }
        if (!(process instanceof Long)) {
            throw new HistoryException(b.source, line, ":process must be an integer, not " + Values.format(process));
        }
        Object type = m.get(new Edn.Keyword("type"));
        Object f = m.get(new Edn.Keyword("f"));
        Edn.Keyword keyKw = new Edn.Keyword("key");
        Object key = m.get(keyKw);
        jepsenEvent(b, (Long) process, type, f, m.containsKey(keyKw), key, m.get(new Edn.Keyword("value")), true, line);
    }

    private static void logLine(Builder b, String text, int line) {
        int at = text.indexOf(LOG_MARK);
        if (at < 0) {
            return; // other log output
        }
        int p = at + LOG_MARK.length();
        while (p < text.length() && (Character.isWhitespace(text.charAt(p)) || text.charAt(p) == '-' || text.charAt(p) == ':')
                && !(text.charAt(p) == ':' && p + 1 < text.length() && Character.isLetter(text.charAt(p + 1)))) {
            p++;
        }
        if (p >= text.length()) {
            throw new HistoryException(b.source, line, "the line ends after 'jepsen.util' (truncated?)");
        }
        char c = text.charAt(p);
        if (!Character.isDigit(c) && c != ':') {
            return; // a message of jepsen.util that is not an operation
        }
        Edn r = new Edn(text, p);
        Object process = r.read();
        if (process instanceof Edn.Keyword) {
            return; // :nemesis
        }
        if (!(process instanceof Long)) {
            throw new HistoryException(b.source, line, "the process must be an integer, not " + Values.format(process));
        }
        Object type = r.read();
        Object f = r.read();
        boolean outcomeOnly = type instanceof Edn.Keyword k && (k.name().equals("info") || k.name().equals("fail"));
        Object value = null;
        if (outcomeOnly) {
            // :info and :fail lines may end with an error message that is not EDN; their value says nothing
            try {
                value = r.atEnd() ? null : r.read();
            } catch (Edn.SyntaxError e) {
                value = null;
            }
        } else {
            value = r.read();
            if (!r.atEnd()) {
                throw new HistoryException(b.source, line, "column " + (r.position() + 1) + ": unexpected text after the value");
            }
        }
        jepsenEvent(b, (Long) process, type, f, false, null, value, false, line);
    }

    private static void jepsenEvent(Builder b, long process, Object type, Object f, boolean hasKey, Object key, Object value,
            boolean edn, int line) {
        if (!(type instanceof Edn.Keyword t)) {
            throw new HistoryException(b.source, line, (edn ? ":type" : "the type") + " must be :invoke, :ok, :fail or :info, not "
                    + Values.format(type));
        }
        if (!(f instanceof Edn.Keyword) && !(f instanceof String) && !(f instanceof Edn.Symbol)) {
            throw new HistoryException(b.source, line, (edn ? ":f" : "the operation") + " must be a keyword such as :read, not " + Values.format(f));
        }
        String name = f instanceof Edn.Keyword k ? k.name() : f.toString();
        String client = Long.toString(process);
        switch (t.name()) {
            case "invoke" -> {
                List<Object> args = new ArrayList<>();
                if (hasKey) {
                    args.add(plain(key));
                }
                if (name.equals("cas") && value instanceof List<?> l && l.size() == 2) {
                    args.add(plain(l.get(0)));
                    args.add(plain(l.get(1)));
                } else if (value != null) {
                    args.add(plain(value));
                }
                b.call(null, client, name, args, line, line);
            }
            case "ok" -> {
                b.checkSameOperation(client, name, line);
                b.complete(null, client, Builder.Kind.RETURN, name.equals("cas") ? Boolean.TRUE : plain(value), line, line);
            }
            case "fail" -> {
                b.checkSameOperation(client, name, line);
                if (name.equals("cas")) {
                    b.complete(null, client, Builder.Kind.RETURN, Boolean.FALSE, line, line);
                } else {
                    b.complete(null, client, Builder.Kind.FAIL, null, line, line);
                }
            }
            case "info" -> b.complete(null, client, Builder.Kind.INFO, null, line, line);
            default -> throw new HistoryException(b.source, line, "unknown type :" + t.name() + " (:invoke, :ok, :fail or :info)");
        }
    }

    /** Keywords and symbols as strings: models compare plain values. */
    private static Object plain(Object v) {
        if (v instanceof Edn.Keyword k) {
            return k.toString();
        }
        if (v instanceof Edn.Symbol s) {
            return s.name();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                out.add(plain(x));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(plain(k), plain(x)));
            return out;
        }
        return v;
    }

    /** Pairs calls with their returns and builds the history. */
    static final class Builder {
        enum Kind { RETURN, FAIL, INFO }

        private static final class Open {
            final String id;
            final String client;
            final String name;
            final List<Object> args;
            final long call;
            final int line;
            Object result;
            long ret = Operation.PENDING;
            int returnLine;
            boolean failed;

            Open(String id, String client, String name, List<Object> args, long call, int line) {
                this.id = id;
                this.client = client;
                this.name = name;
                this.args = args;
                this.call = call;
                this.line = line;
            }
        }

        final String source;
        final String format;
        boolean timestamps;
        private final List<Open> calls = new ArrayList<>();
        private final Map<String, Open> openByClient = new HashMap<>();
        private final Map<String, Open> byId = new HashMap<>();

        Builder(String source, String format) {
            this.source = source;
            this.format = format;
        }

        void call(String id, String client, String name, List<Object> args, long time, int line) {
            Open busy = openByClient.get(client);
            if (busy != null) {
                throw new HistoryException(source, line, "client " + client + " calls " + name + " before its call of " + busy.name
                        + " on line " + busy.line + " returned (a client calls one operation at a time; give concurrent callers their own client names)");
            }
            Open o = new Open(id, client, name, args, time, line);
            if (id != null) {
                Open dup = byId.putIfAbsent(id, o);
                if (dup != null) {
                    throw new HistoryException(source, line, "id " + id + " is used already by the call on line " + dup.line);
                }
            }
            calls.add(o);
            openByClient.put(client, o);
        }

        void checkSameOperation(String client, String name, int line) {
            Open o = openByClient.get(client);
            if (o != null && !o.name.equals(name)) {
                throw new HistoryException(source, line, "process " + client + " completes " + name + " but invoked " + o.name + " on line " + o.line);
            }
        }

        void complete(String id, String client, Kind kind, Object result, long time, int line) {
            Open o;
            if (id != null) {
                o = byId.get(id);
                if (o == null) {
                    throw new HistoryException(source, line, "a return with no call: no call has id " + id);
                }
                if (o.returnLine != 0) {
                    throw new HistoryException(source, line, "call " + id + " (line " + o.line + ") returned already, on line " + o.returnLine);
                }
                if (client != null && !client.equals(o.client)) {
                    throw new HistoryException(source, line, "call " + id + " was made by client " + o.client + ", not " + client);
                }
            } else {
                if (client == null) {
                    throw new HistoryException(source, line, "a return needs \"id\" or \"client\" to find its call");
                }
                o = openByClient.get(client);
                if (o == null) {
                    throw new HistoryException(source, line, "a return with no call: client " + client + " has no call open");
                }
            }
            if (time < o.call) {
                throw new HistoryException(source, line, "returns at time " + time + ", before its call on line " + o.line + " at " + o.call);
            }
            openByClient.remove(o.client);
            o.returnLine = line;
            switch (kind) {
                case RETURN -> {
                    o.result = result;
                    o.ret = time;
                }
                case FAIL -> o.failed = true;
                case INFO -> o.ret = Operation.PENDING;
            }
        }

        History build() {
            List<Open> kept = new ArrayList<>(calls.size());
            int failed = 0;
            for (Open o : calls) {
                if (o.failed) {
                    failed++;
                } else {
                    kept.add(o);
                }
            }
            if (timestamps) {
                kept.sort((a, b) -> Long.compare(a.call, b.call)); // stable: file order among equal times
            }
            List<Operation> ops = new ArrayList<>(kept.size());
            for (Open o : kept) {
                int retLine = o.ret == Operation.PENDING ? 0 : o.returnLine;
                ops.add(new Operation(ops.size(), o.client, o.name, o.args, o.result, o.call, o.ret, o.line, retLine));
            }
            return new History(source, format, ops, failed);
        }
    }
}
