package io.racex.report;

import io.racex.Allowed;
import io.racex.Scenario;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Execution;
import io.racex.Step;

/**
 * The counterexample as a Mermaid sequence diagram: a participant per thread and one for the
 * store, an arrow per step carrying what it read or wrote, a note at each preemption, and the
 * observed outcome beside the allowed ones. Paste it into any Markdown that renders Mermaid.
 */
public final class MermaidReport {
    private MermaidReport() {}

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
            prev = st.thread();
        }
        if (shown.folded()) {
            out.append("    Note over T1,S: ").append(clean(shown.note())).append('\n');
        }
        String anomaly = c.anomaly().map(a -> " (" + a.fullName() + ")").orElse("");
        out.append("    Note over T1,S: ").append(clean(c.violation().kind().id().replace('-', ' ') + anomaly)).append('\n');
        if (c.observed() != null) {
            out.append("    Note over T1,S: observed ").append(clean(c.observed().stateText())).append('\n');
            for (Allowed a : c.allowed()) {
                out.append("    Note over T1,S: allowed ").append(clean(a.outcome().stateText())).append('\n');
            }
        }
        out.append("    Note over T1,S: replay ").append(clean(c.token())).append('\n');
        return out.toString();
    }

    /** Mermaid ends a statement at ';' and reads '#' as an entity: keep text to what it shows literally. */
    static String clean(String s) {
        return s.replace(';', ',').replace("#", "no.").replace('\n', ' ').strip();
    }
}
