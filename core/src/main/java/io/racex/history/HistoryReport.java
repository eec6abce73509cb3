package io.racex.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders a {@link CheckResult}: text for a terminal, JSON for tools (schema in
 * {@code docs/histories.md}, versioned by {@code schemaVersion}, fields only ever added), and a
 * self-contained HTML page with an SVG timeline per part (a row per client, an operation as a bar
 * from its call to its return) where the operations that cannot be placed are marked.
 */
public final class HistoryReport {
    /** Bumped only when a JSON field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Longest state shown in a text table; JSON has them whole. */
    private static final int STATE_WIDTH = 60;

    private HistoryReport() {}

    static String version() {
        String v = HistoryReport.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    // ---- text ----

    /** The report for a terminal. */
    public static String text(CheckResult r) {
        StringBuilder sb = new StringBuilder();
        History h = r.history();
        sb.append("racex: ").append(headline(r)).append('\n');
        sb.append("  ").append(meaning(r)).append("\n\n");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"history", h.source(), historyLine(h)});
        rows.add(new String[] {"model", r.modelName(), r.split() ? "split into " + r.parts().size() + " parts, checked independently (P-compositionality)"
                : "the whole history at once"});
        rows.add(new String[] {"searched", String.format(Locale.ROOT, "%,d", r.configurations()),
            "configurations entered (operations placed, model state)"});
        rows.add(new String[] {"time", (r.elapsedNanos() / 1_000_000) + " ms", "wall time of the check"});
        table(sb, "  ", rows);
        for (PartResult p : r.parts()) {
            if (p.verdict() == Verdict.NOT_LINEARIZABLE || p.verdict() == Verdict.UNKNOWN) {
                sb.append('\n');
                part(sb, r, p);
            }
        }
        summary(sb, r);
        return sb.toString();
    }

    private static String headline(CheckResult r) {
        String what = r.history().source() + " against the " + r.modelName() + " model";
        return switch (r.verdict()) {
            case LINEARIZABLE -> "LINEARIZABLE: " + what;
            case NOT_LINEARIZABLE -> "NOT LINEARIZABLE: " + what;
            default -> "UNKNOWN: " + what;
        };
    }

    private static String meaning(CheckResult r) {
        return switch (r.verdict()) {
            case LINEARIZABLE -> "some order of the operations respects real time and gives each its recorded result";
            case NOT_LINEARIZABLE -> r.split()
                    ? r.violations().size() + " of " + r.parts().size() + " parts " + (r.violations().size() == 1 ? "has" : "have") + " no order that respects real time and gives each operation its recorded result"
                    : "no order of the operations respects real time and gives each its recorded result";
            default -> "the search stopped at the time limit (--timeout) before it could tell";
        };
    }

    private static String historyLine(History h) {
        StringBuilder sb = new StringBuilder(h.format()).append(": ").append(count(h.size(), "operation"));
        sb.append(", ").append(h.pending()).append(" pending");
        if (h.leftOut() > 0) {
            sb.append(", ").append(h.leftOut()).append(" failed (left out)");
        }
        return sb.append(", ").append(count(h.clients().size(), "client")).toString();
    }

    private static void part(StringBuilder sb, CheckResult r, PartResult p) {
        String name = p.key().isEmpty() ? "The history" : "Part " + p.key();
        sb.append(name).append(": ").append(p.verdict() == Verdict.UNKNOWN ? "unknown" : "not linearizable").append(" (")
                .append(count(p.operations().size(), "operation")).append(")\n");
        sb.append("  Longest linearizable prefix found: ").append(p.order().size()).append(" of ")
                .append(p.operations().size()).append(" operations, from the state ").append(clip(p.initialState())).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#", "lines", "client", "operation", "state after"});
        int i = 1;
        for (PartResult.Placed pl : p.order()) {
            rows.add(new String[] {Integer.toString(i++), lines(pl.op()), pl.op().client(), r.describe(pl.op()), clip(pl.stateAfter())});
        }
        table(sb, "    ", rows);
        if (p.verdict() == Verdict.UNKNOWN) {
            return;
        }
        Operation first = p.earliestReturn().orElse(null);
        if (first != null) {
            sb.append("  Cannot place next: ").append(r.describe(first)).append(" (lines ").append(lines(first))
                    .append(") is the first to return of the operations left,\n  so one of these, called before it returned, must come next, and none can:\n");
        } else {
            sb.append("  Cannot place next:\n");
        }
        rows = new ArrayList<>();
        rows.add(new String[] {"lines", "client", "operation", "why not"});
        for (PartResult.Blocked b : p.cannotPlace()) {
            rows.add(new String[] {lines(b.op()), b.op().client(), r.describe(b.op()), b.reason()});
        }
        table(sb, "    ", rows);
    }

    private static void summary(StringBuilder sb, CheckResult r) {
        if (!r.split()) {
            return;
        }
        Map<Verdict, List<String>> by = new LinkedHashMap<>();
        for (PartResult p : r.parts()) {
            by.computeIfAbsent(p.verdict(), v -> new ArrayList<>()).add(p.key());
        }
        sb.append('\n').append("Parts:");
        for (Map.Entry<Verdict, List<String>> e : by.entrySet()) {
            sb.append("\n  ").append(e.getValue().size()).append(' ').append(e.getKey().id()).append(": ").append(String.join(", ", e.getValue()));
        }
        sb.append('\n');
        if (by.containsKey(Verdict.NOT_CHECKED)) {
            sb.append("  (not checked: the check stopped at the first part found not linearizable; --all-parts checks every part)\n");
        }
    }

    static String lines(Operation op) {
        if (op.line() == 0) {
            return "-";
        }
        return op.line() + "-" + (op.pending() ? "?" : Integer.toString(op.returnLine()));
    }

    private static String clip(String s) {
        return s.length() <= STATE_WIDTH ? s : "..." + s.substring(s.length() - (STATE_WIDTH - 3));
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Columns padded to the widest cell; the last column is not padded. */
    private static void table(StringBuilder sb, String indent, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] row : rows) {
            for (int c = 0; c < cols; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < cols; c++) {
                line.append(row[c]);
                if (c < cols - 1) {
                    line.append(" ".repeat(width[c] - row[c].length() + 2));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
    }

    // ---- JSON ----

    /** The JSON report. */
    public static String json(CheckResult r) {
        try {
            return MAPPER.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("racex could not write its JSON report (please report this)", e);
        }
    }

    /** The JSON report as a tree. */
    public static ObjectNode tree(CheckResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        History h = r.history();
        root.put("racex", version());
        root.put("schemaVersion", SCHEMA_VERSION);
        ObjectNode hist = root.putObject("history");
        hist.put("source", h.source());
        hist.put("format", h.format());
        hist.put("operations", h.size());
        hist.put("pending", h.pending());
        hist.put("leftOut", h.leftOut());
        ArrayNode clients = hist.putArray("clients");
        h.clients().forEach(clients::add);
        root.put("model", r.modelName());
        root.put("split", r.split());
        root.put("verdict", r.verdict().id());
        root.put("linearizable", r.linearizable());
        root.put("configurations", r.configurations());
        root.put("elapsedMillis", r.elapsedNanos() / 1_000_000);
        ArrayNode parts = root.putArray("parts");
        for (PartResult p : r.parts()) {
            ObjectNode n = parts.addObject();
            n.put("key", p.key());
            n.put("operations", p.operations().size());
            n.put("verdict", p.verdict().id());
            n.put("configurations", p.configurations());
            if (p.verdict() == Verdict.NOT_LINEARIZABLE || p.verdict() == Verdict.UNKNOWN) {
                n.put("initialState", p.initialState());
                ArrayNode prefix = n.putArray("longestPrefix");
                for (PartResult.Placed pl : p.order()) {
                    op(r, prefix.addObject(), pl.op()).put("stateAfter", pl.stateAfter());
                }
            }
            if (p.verdict() == Verdict.NOT_LINEARIZABLE) {
                ArrayNode blocked = n.putArray("cannotPlace");
                for (PartResult.Blocked b : p.cannotPlace()) {
                    op(r, blocked.addObject(), b.op()).put("allowed", b.allowed()).put("reason", b.reason());
                }
                p.earliestReturn().ifPresent(e -> op(r, n.putObject("earliestReturn"), e));
            }
        }
        return root;
    }

    private static ObjectNode op(CheckResult r, ObjectNode n, Operation op) {
        n.put("id", op.id());
        n.put("client", op.client());
        n.put("operation", r.describe(op));
        n.put("name", op.name());
        n.set("args", MAPPER.valueToTree(op.args()));
        n.set("result", MAPPER.valueToTree(op.result()));
        n.put("pending", op.pending());
        n.put("line", op.line());
        n.put("returnLine", op.returnLine());
        return n;
    }

    // ---- HTML ----

    private static final int LEFT = 120;
    private static final int STEP = 26;
    private static final int ROW = 34;

    /** A self-contained HTML page: no scripts, no external resources. */
    public static String html(CheckResult r) {
        History h = r.history();
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>racex: ").append(esc(h.source()))
                .append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#1a202c}\n")
                .append("h1{font-size:1.3em}h2{font-size:1.1em;margin-top:1.6em}.pass{color:#2f855a}.violation{color:#c53030}.unknown{color:#b7791f}\n")
                .append("table{border-collapse:collapse}td,th{padding:2px 12px 2px 0;vertical-align:top;text-align:left}\n")
                .append("table.kv td:first-child{font-weight:600}\n")
                .append("code,pre,text{font-family:ui-monospace,monospace}.scroll{overflow-x:auto;border:1px solid #e2e8f0}\n")
                .append("</style>\n</head>\n<body>\n");
        String cls = switch (r.verdict()) {
            case LINEARIZABLE -> "pass";
            case NOT_LINEARIZABLE -> "violation";
            default -> "unknown";
        };
        sb.append("<h1 class=\"").append(cls).append("\">").append(esc(headline(r))).append("</h1>\n");
        sb.append("<p>").append(esc(meaning(r))).append("</p>\n<table class=\"kv\">\n");
        kv(sb, "history", h.source(), historyLine(h));
        kv(sb, "model", r.modelName(), r.split() ? "split into " + r.parts().size() + " parts, checked independently" : "the whole history at once");
        kv(sb, "searched", String.format(Locale.ROOT, "%,d", r.configurations()), "configurations entered (operations placed, model state)");
        kv(sb, "time", (r.elapsedNanos() / 1_000_000) + " ms", "wall time of the check");
        sb.append("</table>\n");
        sb.append("<p style=\"font-size:0.85em;color:#4a5568\">Each row is a client; each bar an operation from its call to its return "
                + "(a dashed bar never returned). Green: in the longest linearizable prefix (numbered in its order); red: cannot be placed next; "
                + "thick red outline: the first operation left to return; grey: not reached.</p>\n");
        for (PartResult p : r.parts()) {
            htmlPart(sb, r, p);
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void htmlPart(StringBuilder sb, CheckResult r, PartResult p) {
        String title = p.key().isEmpty() ? "The history" : "Part " + p.key();
        String cls = switch (p.verdict()) {
            case LINEARIZABLE -> "pass";
            case NOT_LINEARIZABLE -> "violation";
            default -> "unknown";
        };
        sb.append("<h2 class=\"").append(cls).append("\">").append(esc(title)).append(": ").append(p.verdict().id().replace('-', ' '))
                .append(" (").append(count(p.operations().size(), "operation")).append(")</h2>\n");
        sb.append("<div class=\"scroll\">\n");
        svg(sb, r, p);
        sb.append("</div>\n");
        if (p.verdict() == Verdict.NOT_LINEARIZABLE) {
            sb.append("<p>Cannot place next");
            p.earliestReturn().ifPresent(e -> sb.append(": <code>").append(esc(r.describe(e))).append("</code> (lines ").append(esc(lines(e)))
                    .append(") is the first to return of the operations left, so one of these, called before it returned, must come next, and none can"));
            sb.append(":</p>\n<table>\n<tr><th>lines</th><th>client</th><th>operation</th><th>why not</th></tr>\n");
            for (PartResult.Blocked b : p.cannotPlace()) {
                sb.append("<tr><td>").append(esc(lines(b.op()))).append("</td><td>").append(esc(b.op().client())).append("</td><td><code>")
                        .append(esc(r.describe(b.op()))).append("</code></td><td>").append(esc(b.reason())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        if (!p.order().isEmpty()) {
            sb.append("<details><summary>Longest linearizable prefix found: ").append(p.order().size()).append(" of ")
                    .append(p.operations().size()).append(" operations, from the state <code>").append(esc(clip(p.initialState())))
                    .append("</code></summary>\n<table>\n<tr><th>#</th><th>lines</th><th>client</th><th>operation</th><th>state after</th></tr>\n");
            int i = 1;
            for (PartResult.Placed pl : p.order()) {
                sb.append("<tr><td>").append(i++).append("</td><td>").append(esc(lines(pl.op()))).append("</td><td>").append(esc(pl.op().client()))
                        .append("</td><td><code>").append(esc(r.describe(pl.op()))).append("</code></td><td><code>").append(esc(clip(pl.stateAfter())))
                        .append("</code></td></tr>\n");
            }
            sb.append("</table>\n</details>\n");
        }
    }

    private static void svg(StringBuilder sb, CheckResult r, PartResult p) {
        List<Operation> ops = p.operations();
        List<String> clients = new ArrayList<>();
        Map<String, Integer> row = new HashMap<>();
        for (Operation op : ops) {
            if (row.putIfAbsent(op.client(), clients.size()) == null) {
                clients.add(op.client());
            }
        }
        // x: the rank of each instant among the part's calls and returns, so every bar is readable
        TreeSet<Long> instants = new TreeSet<>();
        for (Operation op : ops) {
            instants.add(op.call());
            if (!op.pending()) {
                instants.add(op.ret());
            }
        }
        Map<Long, Integer> rank = new HashMap<>();
        int k = 0;
        for (long t : instants) {
            rank.put(t, k++);
        }
        int end = k;
        Map<Operation, Integer> placed = new HashMap<>();
        int n = 1;
        for (PartResult.Placed pl : p.order()) {
            placed.put(pl.op(), n++);
        }
        Map<Operation, String> blocked = new HashMap<>();
        for (PartResult.Blocked b : p.cannotPlace()) {
            blocked.put(b.op(), b.reason());
        }
        Set<Operation> first = new HashSet<>();
        p.earliestReturn().ifPresent(first::add);
        int width = LEFT + (end + 1) * STEP + 20;
        int height = 30 + clients.size() * ROW + 10;
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\">\n");
        for (int c = 0; c < clients.size(); c++) {
            int y = 30 + c * ROW;
            sb.append("  <line x1=\"").append(LEFT).append("\" y1=\"").append(y + 11).append("\" x2=\"").append(width - 10).append("\" y2=\"")
                    .append(y + 11).append("\" stroke=\"#edf2f7\"/>\n");
            sb.append("  <text x=\"8\" y=\"").append(y + 15).append("\" font-size=\"12\" font-weight=\"bold\">")
                    .append(esc(truncate("client " + clients.get(c), 16))).append("</text>\n");
        }
        // a label may run past its bar up to the next bar of the same client
        Map<Operation, Integer> room = new HashMap<>();
        Map<String, Operation> lastOf = new HashMap<>();
        for (Operation op : ops) {
            Operation before = lastOf.put(op.client(), op);
            if (before != null) {
                room.put(before, (rank.get(op.call()) - rank.get(before.call())) * STEP - 6);
            }
        }
        p.earliestReturn().ifPresent(e -> {
            int x = LEFT + rank.get(e.ret()) * STEP + STEP - 6;
            sb.append("  <line x1=\"").append(x).append("\" y1=\"22\" x2=\"").append(x).append("\" y2=\"").append(height - 4)
                    .append("\" stroke=\"#c53030\" stroke-dasharray=\"3 3\"><title>").append(esc("the first operation left to return returns here: "
                            + r.describe(e))).append("</title></line>\n");
        });
        for (Operation op : ops) {
            int x1 = LEFT + rank.get(op.call()) * STEP;
            int x2 = op.pending() ? LEFT + end * STEP + 10 : LEFT + rank.get(op.ret()) * STEP + STEP - 6;
            int y = 30 + row.get(op.client()) * ROW;
            String fill;
            String stroke;
            String tip;
            Integer order = placed.get(op);
            String why = blocked.get(op);
            if (why != null) {
                fill = "#fed7d7";
                stroke = "#c53030";
                tip = "cannot be placed next: " + why;
            } else if (order != null) {
                fill = "#c6f6d5";
                stroke = "#2f855a";
                tip = "#" + order + " in the longest linearizable prefix";
            } else {
                fill = "#edf2f7";
                stroke = "#a0aec0";
                tip = p.verdict() == Verdict.LINEARIZABLE ? "linearizable" : "not reached";
            }
            boolean firstToReturn = first.contains(op);
            sb.append("  <g><title>").append(esc(op.client() + ": " + r.describe(op) + " (lines " + lines(op) + ")\n" + tip
                    + (firstToReturn ? "\nthe first operation left to return" : ""))).append("</title>");
            sb.append("<rect x=\"").append(x1).append("\" y=\"").append(y).append("\" width=\"").append(Math.max(8, x2 - x1))
                    .append("\" height=\"22\" rx=\"4\" fill=\"").append(fill).append("\" stroke=\"").append(firstToReturn ? "#9b2c2c" : stroke)
                    .append("\" stroke-width=\"").append(firstToReturn ? 3 : why != null ? 2 : 1).append('"')
                    .append(op.pending() ? " stroke-dasharray=\"5 3\"" : "").append("/>");
            String label = (order != null ? order + ": " : "") + r.describe(op);
            int chars = Math.max(0, (room.getOrDefault(op, Math.max(x2 - x1, width - 10 - x1)) - 8) / 7);
            if (chars >= 3) {
                sb.append("<text x=\"").append(x1 + 4).append("\" y=\"").append(y + 15).append("\" font-size=\"11\">")
                        .append(esc(truncate(label, chars))).append("</text>");
            }
            sb.append("</g>\n");
        }
        sb.append("</svg>\n");
    }

    private static void kv(StringBuilder sb, String k, String v, String meaning) {
        sb.append("<tr><td>").append(esc(k)).append("</td><td><code>").append(esc(v)).append("</code></td><td>").append(esc(meaning))
                .append("</td></tr>\n");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Math.max(0, max - 3)) + "...";
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
