package io.racex.report;

import io.racex.Scenario;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Outcome;
import io.racex.Step;

/**
 * The counterexample as a Mermaid sequence diagram: a participant per thread and one for the
 * store, an arrow per step carrying the value it read or wrote, the value each operation returned,
 * a note at each preemption, and the observed outcome (state and results) beside each distinct
 * allowed one. Text is escaped with Mermaid's entity codes ({@code #59;} for {@code ;}), never
 * rewritten. Paste it into any Markdown that renders Mermaid.
 */
public final class MermaidReport {
    private MermaidReport() {}

    /** Renders {@code r}: a diagram of its counterexample, or one note for a pass. */
    public static String render(ExplorationResult r) {
        StringBuilder out = new StringBuilder("sequenceDiagram\n");
        Scenario<?> s = r.scenario();
        if (r.counterexample().isEmpty()) {
            out.append("    participant R as racex\n");
            out.append("    Note over R: PASS ").append(clean(s.name())).append(": no violation in ")
                    .append(Render.count(r.schedules(), "execution")).append(r.complete() ? " (complete)" : "").append('\n');
            return out.toString();
        }
        Counterexample c = r.counterexample().get();
        Execution e = c.execution();
        int n = s.threads().size();
        for (int t = 0; t < n; t++) {
            String name = s.threads().get(t).name();
            out.append("    participant T").append(t + 1).append(" as T").append(t + 1)
                    .append(name.equals("T" + (t + 1)) ? "" : " " + clean(name)).append('\n');
        }
        out.append("    participant S as store\n");
        int prev = -1;
        Render.Shown shown = Render.shown(e);
        for (Step st : e.steps().subList(0, shown.steps())) {
            int t = st.thread() + 1;
            int[] span = e.spans().get(st.thread()).get(st.operation());
            if (prev >= 0 && prev != st.thread() && span[0] != st.index()) {
                out.append("    Note over T").append(t).append(": resumes\n");
            }
            if (span[0] == st.index()) {
                out.append("    Note over T").append(t).append(": ")
                        .append(clean(s.threads().get(st.thread()).operations().get(st.operation()).name())).append('\n');
            }
            out.append("    T").append(t).append("->>S: ").append(st.index() + 1).append(". ").append(clean(Render.step(st))).append('\n');
            if (span[1] == st.index()) {
                OpResult res = e.results().get(st.thread()).get(st.operation());
                if (res != null && (res.value() != null || res.isException())) {
                    out.append("    Note over T").append(t).append(": ")
                            .append(clean(s.threads().get(st.thread()).operations().get(st.operation()).name() + " "
                                    + (res.isException() ? res.toString() : "returns " + Render.value(res.value())))).append('\n');
                }
            }
            prev = st.thread();
        }
        if (shown.folded()) {
            out.append("    Note over T1,S: ").append(clean(shown.note())).append('\n');
        }
        String anomaly = c.anomaly().map(a -> " (" + a.fullName() + ")").orElse("");
        out.append("    Note over T1,S: ").append(clean(c.violation().kind().id().replace('-', ' ') + anomaly)).append('\n');
        if (c.observed() != null) {
            out.append("    Note over T1,S: observed ").append(clean(outcome(c.observed()))).append('\n');
            for (Outcome o : HtmlReport.distinct(c.allowed())) {
                out.append("    Note over T1,S: allowed ").append(clean(outcome(o))).append('\n');
            }
        }
        out.append("    Note over T1,S: replay ").append(clean(c.token())).append('\n');
        return out.toString();
    }

    private static String outcome(Outcome o) {
        String results = o.resultsText();
        return results.isEmpty() ? o.stateText() : o.stateText() + " [" + results + "]";
    }

    /**
     * Text as Mermaid shows it literally: {@code #} (which starts an entity code) and {@code ;}
     * (which ends a statement) become the entity codes {@code #35;} and {@code #59;}, as Mermaid's
     * documentation says to escape characters; a line break becomes a space.
     */
    static String clean(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.replace('\n', ' ').replace('\r', ' ').strip().toCharArray()) {
            switch (ch) {
                case '#' -> b.append("#35;");
                case ';' -> b.append("#59;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
