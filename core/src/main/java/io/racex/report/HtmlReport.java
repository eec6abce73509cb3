package io.racex.report;

import io.racex.Allowed;
import io.racex.Scenario;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Execution;
import io.racex.Step;

/**
 * A self-contained HTML page: the verdict, the key/value block, and the counterexample as an SVG
 * timeline — a lane per thread, a box per step in the order they ran, a mark at each preemption —
 * with the observed outcome beside the allowed ones and the replay command. No scripts, no
 * external resources: it opens from a file or a CI artifact.
 */
public final class HtmlReport {
    private static final String[] COLORS = {"#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#4a5568"};
    private static final int LANE = 260;
    private static final int ROW = 34;

    private HtmlReport() {}

    /** Renders a result of a scenario defined in Java: the replay line is the {@code @Replay("v1:…")} annotation. */
    public static String render(ExplorationResult r) {
        return render(r, ReplayHint.annotation());
    }

    /** Renders a result; {@code hint} says how to replay the counterexample. */
    public static String render(ExplorationResult r, ReplayHint hint) {
        Scenario<?> s = r.scenario();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>racex: ")
                .append(esc(s.name())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#1a202c}\n")
                .append("h1{font-size:1.3em}.pass{color:#2f855a}.violation{color:#c53030}\n")
                .append("table.kv td{padding:2px 12px 2px 0;vertical-align:top}table.kv td:first-child{font-weight:600}\n")
                .append("code,pre,text{font-family:ui-monospace,monospace}\n")
                .append("</style>\n</head>\n<body>\n");
        boolean failed = r.failed();
        h.append("<h1 class=\"").append(failed ? "violation" : "pass").append("\">")
                .append(failed ? "VIOLATION in " : "PASS ").append(esc(s.name()));
        r.counterexample().ifPresent(c -> h.append(": ").append(esc(c.violation().kind().id().replace('-', ' ')))
                .append(c.anomaly().map(a -> " (" + esc(a.fullName()) + ")").orElse("")));
        h.append("</h1>\n");
        h.append("<table class=\"kv\">\n");
        kv(h, "scenario", s.name(), s.description());
        kv(h, "strategy", r.strategy(), "how schedules were chosen");
        kv(h, "schedules", Long.toString(r.schedules()), "executions run");
        kv(h, "complete", r.complete() ? "yes" : "no", r.completeness());
        h.append("</table>\n");
        r.counterexample().ifPresent(c -> counterexample(h, r, c, hint));
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static void counterexample(StringBuilder h, ExplorationResult r, Counterexample c, ReplayHint hint) {
        Scenario<?> s = r.scenario();
        Execution e = c.execution();
        int n = s.threads().size();
        Render.Shown shown = Render.shown(e);
        String heading = r.replayed().isPresent() ? "Replayed schedule: "
                : c.minimal() ? "Minimal failing schedule: " : "Failing schedule (not minimized): ";
        h.append("<h2>").append(heading).append(Render.count(c.preemptions(), "preemption")).append(", ")
                .append(Render.count(e.steps().size(), "step")).append("</h2>\n");
        h.append("<p>").append(esc(c.violation().message())).append("</p>\n");
        int width = 60 + n * LANE;
        int height = 50 + shown.steps() * ROW + 10;
        h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\">\n");
        for (int t = 0; t < n; t++) {
            int x = 60 + t * LANE;
            h.append("  <line x1=\"").append(x + LANE / 2).append("\" y1=\"36\" x2=\"").append(x + LANE / 2).append("\" y2=\"")
                    .append(height - 5).append("\" stroke=\"#cbd5e0\" stroke-dasharray=\"4 4\"/>\n");
            h.append("  <text x=\"").append(x + 6).append("\" y=\"24\" font-size=\"14\" font-weight=\"bold\" fill=\"")
                    .append(color(t)).append("\">T").append(t + 1).append(' ')
                    .append(esc(s.threads().get(t).operations().get(0).name())).append("</text>\n");
        }
        int prev = -1;
        for (Step st : e.steps().subList(0, shown.steps())) {
            int x = 60 + st.thread() * LANE;
            int y = 40 + st.index() * ROW;
            if (prev >= 0 && prev != st.thread()) {
                h.append("  <line x1=\"0\" y1=\"").append(y - 3).append("\" x2=\"").append(width).append("\" y2=\"").append(y - 3)
                        .append("\" stroke=\"#e53e3e\" stroke-width=\"1\"/>\n");
            }
            h.append("  <text x=\"8\" y=\"").append(y + 19).append("\" font-size=\"12\" fill=\"#718096\">").append(st.index() + 1)
                    .append("</text>\n");
            h.append("  <rect x=\"").append(x + 4).append("\" y=\"").append(y).append("\" width=\"").append(LANE - 8)
                    .append("\" height=\"").append(ROW - 6).append("\" rx=\"5\" fill=\"#ffffff\"/>\n");
            h.append("  <rect x=\"").append(x + 4).append("\" y=\"").append(y).append("\" width=\"").append(LANE - 8)
                    .append("\" height=\"").append(ROW - 6).append("\" rx=\"5\" fill=\"").append(color(st.thread()))
                    .append("\" fill-opacity=\"0.12\" stroke=\"").append(color(st.thread())).append("\"/>\n");
            h.append("  <text x=\"").append(x + 12).append("\" y=\"").append(y + 19).append("\" font-size=\"12\">")
                    .append(esc(truncate(Render.step(st), 36))).append("</text>\n");
            prev = st.thread();
        }
        h.append("</svg>\n");
        if (shown.folded()) {
            h.append("<p>(").append(esc(shown.note())).append(")</p>\n");
        }
        h.append("<p style=\"font-size:0.85em;color:#718096\">Red lines mark a switch to another thread.</p>\n");
        h.append("<table class=\"kv\">\n");
        if (c.observed() != null) {
            kv(h, "observed", c.observed().stateText(), c.observed().resultsText());
            for (Allowed a : c.allowed()) {
                kv(h, "allowed", a.outcome().stateText(), "serial order: " + String.join(", then ", a.order()));
            }
        }
        c.anomaly().ifPresent(a -> kv(h, "anomaly", a.fullName(), a.explanation()));
        if (!c.violation().brokenInvariants().isEmpty()) {
            kv(h, "invariants", "broken", String.join("; ", c.violation().brokenInvariants()));
        }
        kv(h, "schedule", c.token(), "replay token: the thread that moves at each step");
        h.append("</table>\n<p>").append(esc(hint.heading())).append("</p>\n<pre>").append(esc(hint.line(c.token()))).append("</pre>\n");
    }

    private static void kv(StringBuilder h, String k, String v, String meaning) {
        h.append("<tr><td>").append(esc(k)).append("</td><td><code>").append(esc(v)).append("</code></td><td>")
                .append(esc(meaning == null ? "" : meaning)).append("</td></tr>\n");
    }

    private static String color(int t) {
        return COLORS[t % COLORS.length];
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
