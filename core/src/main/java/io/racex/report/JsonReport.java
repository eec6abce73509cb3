package io.racex.report;

import io.racex.Allowed;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.racex.Racex;
import io.racex.Scenario;
import io.racex.Outcome;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Step;
import io.racex.store.CompareAndSet;
import java.util.Map;

/**
 * The JSON report; its schema is documented in {@code docs/json-report.md} and versioned by
 * {@code schemaVersion}. Fields are only ever added.
 */
public final class JsonReport {
    /** Bumped only when a field changes meaning or disappears. */
    public static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    /** Renders a result of a scenario defined in Java: {@code counterexample.replay} is the {@code @Replay("v1:…")} annotation. */
    public static String render(ExplorationResult r) {
        return render(r, ReplayHint.annotation());
    }

    /** Renders a result; {@code hint} says how to replay the counterexample ({@code counterexample.replay}). */
    public static String render(ExplorationResult r, ReplayHint hint) {
        try {
            return MAPPER.writeValueAsString(tree(r, hint)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("racex could not write its JSON report (please report this)", e);
        }
    }

    public static ObjectNode tree(ExplorationResult r, ReplayHint hint) {
        ObjectNode root = MAPPER.createObjectNode();
        Scenario<?> s = r.scenario();
        root.put("racex", Racex.version());
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("scenario", s.name());
        root.put("description", s.description());
        root.put("where", r.where());
        root.put("verdict", r.verdict());
        root.put("strategy", r.strategy());
        root.put("seed", r.seed().orElse(0));
        root.put("schedules", r.schedules());
        root.put("complete", r.complete());
        root.put("completeness", r.completeness());
        root.put("elapsedMillis", r.elapsedNanos() / 1_000_000);
        ArrayNode threads = root.putArray("threads");
        for (int t = 0; t < s.threads().size(); t++) {
            ObjectNode th = threads.addObject();
            th.put("thread", t + 1);
            th.put("name", s.threads().get(t).name());
            ArrayNode ops = th.putArray("operations");
            s.threads().get(t).operations().forEach(o -> ops.add(o.name()));
        }
        r.counterexample().ifPresent(c -> root.set("counterexample", counterexample(s, c, hint)));
        if (r.counterexample().isEmpty()) {
            r.replayed().ifPresent(e -> {
                ObjectNode replayed = root.putObject("replayed");
                replayed.put("schedule", e.schedule().token());
                replayed.put("preemptions", e.preemptions());
                steps(replayed.putArray("steps"), s, e);
                replayed.set("finalState", MAPPER.valueToTree(plainState(e.finalState())));
            });
        }
        return root;
    }

    private static ObjectNode counterexample(Scenario<?> s, Counterexample c, ReplayHint hint) {
        ObjectNode cx = MAPPER.createObjectNode();
        Execution e = c.execution();
        cx.put("failure", c.violation().kind().id());
        cx.put("message", c.violation().message());
        cx.put("schedule", c.token());
        cx.put("preemptions", c.preemptions());
        cx.put("replay", hint.line(c.token()));
        steps(cx.putArray("steps"), s, e);
        if (c.observed() != null) {
            cx.set("observed", outcome(c.observed()));
            ArrayNode allowed = cx.putArray("allowed");
            for (Allowed a : c.allowed()) {
                ObjectNode o = outcome(a.outcome());
                ArrayNode order = o.putArray("order");
                a.order().forEach(order::add);
                allowed.add(o);
            }
        } else {
            cx.putNull("observed");
            cx.putArray("allowed");
        }
        c.anomaly().ifPresentOrElse(a -> {
            cx.put("anomaly", a.name());
            if (!a.adya().isEmpty()) {
                cx.put("adya", a.adya());
            }
            cx.put("anomalyDetail", a.explanation());
        }, () -> cx.putNull("anomaly"));
        ArrayNode inv = cx.putArray("brokenInvariants");
        c.violation().brokenInvariants().forEach(inv::add);
        c.anomaly().ifPresent(a -> {
            ArrayNode named = cx.putArray("anomalySteps");
            a.steps().forEach(k -> named.add(k + 1));
        });
        ArrayNode states = cx.putArray("states");
        c.states().forEach(st -> states.add(MAPPER.valueToTree(plainState(st))));
        return cx;
    }

    private static void steps(ArrayNode steps, Scenario<?> s, Execution e) {
        for (Step st : e.steps()) {
            ObjectNode o = steps.addObject();
            o.put("index", st.index() + 1);
            o.put("thread", st.thread() + 1);
            o.put("operation", s.threads().get(st.thread()).operations().get(st.operation()).name());
            o.put("kind", st.kind().label());
            o.put("target", st.target());
            o.set("value", MAPPER.valueToTree(plain(st.value())));
            o.put("waited", st.waited());
            o.put("text", Render.step(st));
        }
    }

    private static Map<String, Object> plainState(Map<String, Object> state) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> m.put(k, plain(v)));
        return m;
    }

    private static ObjectNode outcome(Outcome o) {
        ObjectNode n = MAPPER.createObjectNode();
        n.set("state", MAPPER.valueToTree(o.state()));
        ObjectNode results = n.putObject("results");
        for (Map.Entry<String, OpResult> en : o.results().entrySet()) {
            results.set(en.getKey(), MAPPER.valueToTree(plain(en.getValue())));
        }
        return n;
    }

    /**
     * Values as JSON-friendly plain data: exceptions become {"threw": class, "message": text}, a
     * compare-and-set {"expected", "update", "found", "succeeded"}.
     */
    private static Object plain(Object v) {
        if (v instanceof CompareAndSet cas) {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("expected", plain(cas.expected()));
            m.put("update", plain(cas.update()));
            m.put("found", plain(cas.found()));
            m.put("succeeded", cas.succeeded());
            return m;
        }
        if (v instanceof OpResult r) {
            if (r.isException()) {
                java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("threw", r.thrown());
                m.put("message", r.message());
                return m;
            }
            return plain(r.value());
        }
        if (v instanceof Number || v instanceof String || v instanceof Boolean || v == null || v instanceof Map
                || v instanceof java.util.Collection) {
            return v;
        }
        return String.valueOf(v);
    }
}
