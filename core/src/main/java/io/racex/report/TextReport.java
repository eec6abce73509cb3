package io.racex.report;

import io.racex.Allowed;
import io.racex.Scenario;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * The report a person reads: a verdict line, a key/value block where every value explains
 * itself, the interleaving as a table with a column per thread and a row per step, the observed
 * outcome beside every allowed one, the anomaly, and the exact command that replays it.
 */
public final class TextReport {
    private static final int MAX_CELL = 60;

    private TextReport() {}

    /** Renders a result of a scenario defined in Java: the replay line is the {@code @Replay("v1:…")} annotation. */
    public static String render(ExplorationResult r) {
        return render(r, ReplayHint.annotation());
    }

    /**
     * Renders a result.
     *
     * @param hint how the reader replays the counterexample (the caller knows how its scenario is found)
     */
    /**
     * Renders the result of a test (a {@code @RacexTest} or an assertion in a JUnit test): the last
     * lines give the {@code @Replay} annotation to paste onto the test method.
     */
    public static String renderForTest(ExplorationResult r) {
        return render(r, ReplayHint.annotation());
    }

    public static String render(ExplorationResult r, ReplayHint hint) {
        StringBuilder out = new StringBuilder();
        Scenario<?> s = r.scenario();
        if (r.counterexample().isEmpty()) {
            out.append("racex: PASS ").append(s.name()).append(": no violation in ")
                    .append(Render.count(r.schedules(), "execution")).append('\n');
        } else {
            Counterexample c = r.counterexample().get();
            out.append("racex: VIOLATION in ").append(s.name()).append(": ").append(c.violation().kind().id().replace('-', ' '));
            // a deadlock's anomaly is named deadlock too: "deadlock (deadlock)" says nothing twice
            c.anomaly().filter(a -> !a.fullName().equals(c.violation().kind().id().replace('-', ' ')))
                    .ifPresent(a -> out.append(" (").append(a.fullName()).append(')'));
            out.append('\n').append("  ").append(c.violation().message()).append('\n');
        }
        out.append('\n');
        List<String[]> kv = new ArrayList<>();
        kv.add(new String[] {"scenario", s.name(), s.description()});
        if (!r.where().isEmpty()) {
            kv.add(new String[] {"ran on", r.where(), ""});
        }
        kv.add(new String[] {"strategy", r.strategy(), "how schedules were chosen"});
        kv.add(new String[] {"schedules", Long.toString(r.schedules()), "executions run"});
        kv.add(new String[] {"complete", r.complete() ? "yes" : "no", r.completeness()});
        r.seed().ifPresent(seed -> kv.add(new String[] {"seed", Long.toString(seed), "same seed, same schedules"}));
        kv.add(new String[] {"time", (r.elapsedNanos() / 1_000_000) + " ms", "wall time, minimization included"});
        table(out, kv, "  ");
        if (r.counterexample().isPresent()) {
            counterexample(out, r, r.counterexample().get(), hint);
        } else {
            r.replayed().ifPresent(e -> passed(out, s, e));
        }
        return out.toString();
    }

    /** A replayed schedule that passed: what happened, step by step, and the state it left. */
    private static void passed(StringBuilder out, Scenario<?> s, Execution e) {
        out.append("\nReplayed schedule: ").append(Render.count(e.preemptions(), "preemption")).append(", ")
                .append(Render.count(e.steps().size(), "step")).append("\n\n");
        interleaving(out, s, e);
        out.append('\n');
        List<String[]> kv = new ArrayList<>();
        StringBuilder state = new StringBuilder();
        e.finalState().forEach((k, v) -> state.append(state.length() == 0 ? "" : " ").append(k).append('=').append(Render.value(v)));
        kv.add(new String[] {"final", state.toString(), "the state it left"});
        kv.add(new String[] {"schedule", e.schedule().token(), "replay token: the thread that moves at each step"});
        table(out, kv, "  ");
    }

    private static void counterexample(StringBuilder out, ExplorationResult r, Counterexample c, ReplayHint hint) {
        Execution e = c.execution();
        Scenario<?> s = r.scenario();
        String heading = r.replayed().isPresent() ? "Replayed schedule: "
                : c.minimal() ? "Minimal failing schedule: " : "Failing schedule (not minimized): ";
        out.append('\n').append(heading)
                .append(Render.count(c.preemptions(), "preemption")).append(", ")
                .append(Render.count(e.steps().size(), "step")).append("\n\n");
        interleaving(out, s, e);
        out.append('\n');
        List<String[]> kv = new ArrayList<>();
        if (c.observed() != null && s.spec() != io.racex.Spec.ASSERTIONS) {
            kv.add(new String[] {"observed", outcome(c.observed().stateText(), c.observed().resultsText()), ""});
            boolean first = true;
            for (Allowed a : c.allowed()) {
                kv.add(new String[] {first ? "allowed" : "", outcome(a.outcome().stateText(), a.outcome().resultsText()),
                        "serial order: " + String.join(", then ", shortLabels(a.order()))});
                first = false;
            }
            if (c.allowed().isEmpty()) {
                kv.add(new String[] {"allowed", "(only the invariants are checked)", ""});
            }
        }
        c.anomaly().ifPresent(a -> kv.add(new String[] {"anomaly", a.fullName(), a.explanation()}));
        if (!c.violation().brokenInvariants().isEmpty()) {
            kv.add(new String[] {"invariants", "broken", String.join("; ", c.violation().brokenInvariants())});
        }
        kv.add(new String[] {"schedule", c.token(), "replay token: the thread that moves at each step"});
        table(out, kv, "  ");
        out.append('\n').append(hint.heading()).append("\n  ").append(hint.line(c.token())).append('\n');
    }

    private static List<String> shortLabels(List<String> order) {
        List<String> out = new ArrayList<>();
        for (String l : order) {
            int colon = l.indexOf(':');
            out.add(colon > 0 ? l.substring(0, colon) : l);
        }
        return out;
    }

    private static String outcome(String state, String results) {
        return results.isEmpty() ? state : state + "  [" + results + "]";
    }

    /**
     * The interleaving: a column per thread, a row per step, operation calls and returns shown in
     * place; a cycle an execution went round until the step bound is shown once.
     */
    static void interleaving(StringBuilder out, Scenario<?> s, Execution e) {
        Render.Shown shown = Render.shown(e);
        int n = s.threads().size();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n + 1];
        header[0] = "step";
        for (int t = 0; t < n; t++) {
            header[t + 1] = "T" + (t + 1) + (s.threads().get(t).name().equals("T" + (t + 1)) ? "" : " " + s.threads().get(t).name());
        }
        for (Step st : e.steps().subList(0, shown.steps())) {
            int[] span = e.spans().get(st.thread()).get(st.operation());
            if (span[0] == st.index()) {
                String[] call = new String[n + 1];
                call[0] = "";
                call[st.thread() + 1] = "> " + s.threads().get(st.thread()).operations().get(st.operation()).name();
                rows.add(call);
            }
            String[] row = new String[n + 1];
            row[0] = Integer.toString(st.index() + 1);
            row[st.thread() + 1] = Render.step(st);
            rows.add(row);
            if (span[1] == st.index()) {
                OpResult res = e.results().get(st.thread()).get(st.operation());
                if (res != null && (res.value() != null || res.isException())) {
                    String[] ret = new String[n + 1];
                    ret[0] = "";
                    ret[st.thread() + 1] = "< " + (res.isException() ? res.toString() : "returns " + Render.value(res.value()));
                    rows.add(ret);
                }
            }
        }
        int[] width = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            width[i] = Math.min(MAX_CELL, header[i].length());
        }
        for (String[] row : rows) {
            for (int i = 0; i <= n; i++) {
                if (row[i] != null) {
                    width[i] = Math.min(MAX_CELL, Math.max(width[i], row[i].length()));
                }
            }
        }
        line(out, header, width);
        String[] rule = new String[n + 1];
        for (int i = 0; i <= n; i++) {
            rule[i] = "-".repeat(width[i]);
        }
        line(out, rule, width);
        for (String[] row : rows) {
            line(out, row, width);
        }
        if (shown.folded()) {
            out.append("  (").append(shown.note()).append(")\n");
        }
    }

    /** One table row; a cell longer than its column wraps onto further lines (at spaces where it can). */
    private static void line(StringBuilder out, String[] cells, int[] width) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < cells.length; i++) {
            List<String> parts = wrap(cells[i] == null ? "" : cells[i], width[i]);
            wrapped.add(parts);
            height = Math.max(height, parts.size());
        }
        for (int l = 0; l < height; l++) {
            StringBuilder sb = new StringBuilder("  ");
            for (int i = 0; i < cells.length; i++) {
                List<String> parts = wrapped.get(i);
                String c = l < parts.size() ? parts.get(l) : "";
                sb.append(c);
                if (i < cells.length - 1) {
                    sb.append(" ".repeat(width[i] - c.length() + 2));
                }
            }
            out.append(sb.toString().stripTrailing()).append('\n');
        }
    }

    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        String rest = text;
        while (rest.length() > width) {
            int cut = rest.lastIndexOf(' ', width);
            if (cut < width / 2) {
                cut = width;
            }
            out.add(rest.substring(0, cut).stripTrailing());
            rest = "  " + rest.substring(cut).strip();
        }
        out.add(rest);
        return out;
    }

    /** A key/value block: key, value, and a few words of meaning, in aligned columns. */
    static void table(StringBuilder out, List<String[]> rows, String indent) {
        int k = 0;
        int v = 0;
        for (String[] r : rows) {
            k = Math.max(k, r[0].length());
            if (r[0].equals("ran on")) {
                continue; // says it all by itself: no meaning column to align with
            }
            v = Math.max(v, Math.min(40, r[1].length()));
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder(indent);
            sb.append(r[0]).append(" ".repeat(k - r[0].length() + 2)).append(r[1]);
            if (r[2] != null && !r[2].isEmpty()) {
                sb.append(" ".repeat(Math.max(2, v - r[1].length() + 2))).append(r[2]);
            }
            out.append(sb.toString().stripTrailing()).append('\n');
        }
    }
}
