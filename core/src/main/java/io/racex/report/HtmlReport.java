package io.racex.report;

import io.racex.Allowed;
import io.racex.Anomaly;
import io.racex.Counterexample;
import io.racex.Execution;
import io.racex.ExplorationResult;
import io.racex.OpResult;
import io.racex.Outcome;
import io.racex.Scenario;
import io.racex.Step;
import io.racex.store.CompareAndSet;
import io.racex.store.StepKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A self-contained HTML page: the verdict and where it ran (database and isolation level), the
 * key/value block, and the counterexample as a timeline across the page's width — a column per
 * thread and one for the state, a row per step with the whole statement, the value it read or
 * wrote and the state after it — with the steps the anomaly names highlighted and linked (for a
 * lost update: read, overwritten write, overwriting write), the observed outcome beside the
 * allowed ones, and the replay command.
 *
 * <p>A step-through control (previous/next buttons, the arrow keys, Home and End) replays the
 * schedule on the picture one step at a time. Its script and style are inline: the page uses no
 * network and opens from a file or a CI artifact; without scripts it shows every step.
 */
public final class HtmlReport {
    private static final String[] COLORS = {"#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b83280", "#4a5568"};

    private HtmlReport() {}

    /** Renders a result of a scenario defined in Java: the replay line is the {@code @Replay("v1:…")} annotation. */
    public static String render(ExplorationResult r) {
        return render(r, ReplayHint.annotation());
    }

    /** Renders a result; {@code hint} says how to replay the counterexample. */
    public static String render(ExplorationResult r, ReplayHint hint) {
        Scenario<?> s = r.scenario();
        int n = s.threads().size();
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>racex: ")
                .append(esc(s.name())).append("</title>\n<style>\n").append(style(n)).append("</style>\n</head>\n<body>\n");
        boolean failed = r.failed();
        h.append("<h1 class=\"").append(failed ? "violation" : "pass").append("\">")
                .append(failed ? "VIOLATION in " : "PASS ").append(esc(s.name()));
        r.counterexample().ifPresent(c -> h.append(": ").append(esc(c.violation().kind().id().replace('-', ' ')))
                .append(c.anomaly().map(a -> " (" + esc(a.fullName()) + ")").orElse("")));
        h.append("</h1>\n");
        if (!r.where().isEmpty()) {
            h.append("<p class=\"where\" id=\"where\">ran on <b>").append(esc(r.where())).append("</b></p>\n");
        }
        h.append("<table class=\"kv\">\n");
        kv(h, "scenario", s.name(), s.description());
        kv(h, "strategy", r.strategy(), "how schedules were chosen");
        kv(h, "schedules", Long.toString(r.schedules()), "executions run");
        kv(h, "complete", r.complete() ? "yes" : "no", r.completeness());
        h.append("</table>\n");
        if (r.counterexample().isPresent()) {
            counterexample(h, r, r.counterexample().get(), hint);
        } else {
            r.replayed().ifPresent(e -> {
                h.append("<h2>Replayed schedule: ").append(Render.count(e.preemptions(), "preemption")).append(", ")
                        .append(Render.count(e.steps().size(), "step")).append("</h2>\n");
                timeline(h, s, e, List.of(), null);
                h.append("<table class=\"kv\">\n");
                kv(h, "final", state(e.finalState()), "the state it left");
                kv(h, "schedule", e.schedule().token(), "replay token: the thread that moves at each step");
                h.append("</table>\n");
            });
        }
        h.append("</body>\n</html>\n");
        return h.toString();
    }

    private static String style(int threads) {
        return "body{font-family:system-ui,sans-serif;margin:1.5em 2em;color:#1a202c;max-width:none}\n"
                + "h1{font-size:1.3em}.pass{color:#2f855a}.violation{color:#c53030}.where{margin:0 0 .8em;color:#4a5568}\n"
                + "table.kv{border-collapse:collapse}table.kv td{padding:2px 12px 2px 0;vertical-align:top}"
                + "table.kv td:first-child{font-weight:600}\n"
                + "code,pre,.text,.value,.state{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}\n"
                + ".stepper{position:sticky;top:0;background:#fff;padding:.5em 0;z-index:2;display:flex;gap:.6em;align-items:center}\n"
                + ".stepper button{font-size:1em;padding:.25em .9em}\n"
                + "#now{font-size:.95em;color:#2d3748;white-space:pre-wrap}\n"
                + ".timeline{display:grid;grid-template-columns:3em repeat(" + threads + ",minmax(0,1fr)) minmax(0,1.1fr);"
                + "gap:4px 8px;width:100%;position:relative}\n"
                + ".head{font-weight:700;padding:4px 6px;border-bottom:2px solid #cbd5e0}\n"
                + ".num{color:#718096;text-align:right;padding:6px 4px;font-size:.9em}\n"
                + ".cell{border:1px solid;border-radius:6px;padding:5px 8px;overflow-wrap:anywhere;white-space:pre-wrap;"
                + "font-size:.9em}\n"
                + ".empty{min-height:1em}\n"
                + ".op{font-size:.8em;color:#4a5568;font-family:system-ui,sans-serif;margin-bottom:2px}\n"
                + ".value{display:block;margin-top:3px;font-weight:600}\n"
                + ".state{font-size:.85em;color:#2d3748;padding:5px 8px;background:#f7fafc;border-radius:6px;"
                + "overflow-wrap:anywhere;white-space:pre-wrap}\n"
                + ".state b{background:#fefcbf}\n"
                + ".switch{border-top:2px solid #e53e3e}\n"
                + ".named{box-shadow:0 0 0 3px #e53e3e}\n"
                + ".role{display:inline-block;background:#e53e3e;color:#fff;border-radius:4px;padding:0 5px;"
                + "font-family:system-ui,sans-serif;font-size:.8em;margin-bottom:3px}\n"
                + ".future{opacity:.15}\n.current{outline:3px solid #2b6cb0;outline-offset:1px}\n"
                + ".chain a{font-weight:600}\n#links{position:absolute;left:0;top:0;pointer-events:none;overflow:visible}\n"
                + ".note{font-size:.85em;color:#718096}\n";
    }

    private static void counterexample(StringBuilder h, ExplorationResult r, Counterexample c, ReplayHint hint) {
        Scenario<?> s = r.scenario();
        Execution e = c.execution();
        String heading = r.replayed().isPresent() ? "Replayed schedule: "
                : c.minimal() ? "Minimal failing schedule: " : "Failing schedule (not minimized): ";
        h.append("<h2>").append(heading).append(Render.count(c.preemptions(), "preemption")).append(", ")
                .append(Render.count(e.steps().size(), "step")).append("</h2>\n");
        h.append("<p>").append(esc(c.violation().message())).append("</p>\n");
        timeline(h, s, e, c.states(), c.anomaly().orElse(null));
        h.append("<table class=\"kv\">\n");
        if (c.observed() != null) {
            kv(h, "observed", outcome(c.observed()), "");
            for (Outcome o : distinct(c.allowed())) {
                List<String> orders = new ArrayList<>();
                for (Allowed a : c.allowed()) {
                    if (a.outcome().equals(o)) {
                        orders.add(String.join(", then ", a.order()));
                    }
                }
                kv(h, "allowed", outcome(o), "serial order: " + String.join("; or ", orders));
            }
        }
        c.anomaly().ifPresent(a -> {
            h.append("<tr><td>anomaly</td><td><code>").append(esc(a.fullName())).append("</code></td><td>").append(esc(a.explanation()));
            if (!a.steps().isEmpty()) {
                h.append("<div class=\"chain\" id=\"chain\">");
                List<String> roles = roles(a);
                for (int i = 0; i < a.steps().size(); i++) {
                    int k = a.steps().get(i);
                    h.append(i == 0 ? "" : " &rarr; ").append("<a href=\"#step-").append(k + 1).append("\">")
                            .append(esc(roles.get(i))).append(" (step ").append(k + 1).append(", T")
                            .append(e.steps().get(k).thread() + 1).append(")</a>");
                }
                h.append("</div>");
            }
            h.append("</td></tr>\n");
        });
        if (!c.violation().brokenInvariants().isEmpty()) {
            kv(h, "invariants", "broken", String.join("; ", c.violation().brokenInvariants()));
        }
        kv(h, "schedule", c.token(), "replay token: the thread that moves at each step");
        h.append("</table>\n<p>").append(esc(hint.heading())).append("</p>\n<pre>").append(esc(hint.line(c.token()))).append("</pre>\n");
    }

    /** The timeline: a row per step, a column per thread, the state after each step in the last column; and the stepper. */
    private static void timeline(StringBuilder h, Scenario<?> s, Execution e, List<Map<String, Object>> states, Anomaly anomaly) {
        int n = s.threads().size();
        Render.Shown shown = Render.shown(e);
        boolean withStates = states.size() == e.steps().size() + 1;
        List<Integer> named = anomaly == null ? List.of() : anomaly.steps();
        List<String> roles = anomaly == null ? List.of() : roles(anomaly);
        h.append("<div class=\"stepper\"><button type=\"button\" id=\"prev\" title=\"previous step (left arrow)\">&#9664; previous</button>")
                .append("<button type=\"button\" id=\"next\" title=\"next step (right arrow)\">next &#9654;</button>")
                .append("<button type=\"button\" id=\"all\" title=\"every step (End)\">all steps</button>")
                .append("<span id=\"pos\">all ").append(Render.count(shown.steps(), "step")).append("</span></div>\n");
        h.append("<div id=\"now\" aria-live=\"polite\">");
        if (withStates) {
            h.append("before step 1: ").append(esc(state(states.get(0))));
        }
        h.append("</div>\n");
        h.append("<div class=\"timeline\" id=\"timeline\">\n<div class=\"head\">step</div>");
        for (int t = 0; t < n; t++) {
            String name = s.threads().get(t).name();
            h.append("<div class=\"head\" style=\"color:").append(color(t)).append("\">T").append(t + 1)
                    .append(name.equals("T" + (t + 1)) ? "" : " " + esc(name)).append("</div>");
        }
        h.append("<div class=\"head\">").append(withStates ? "state after the step" : "").append("</div>\n");
        if (withStates) {
            h.append("<div class=\"num\"></div>");
            for (int t = 0; t < n; t++) {
                h.append("<div class=\"empty\"></div>");
            }
            h.append("<div class=\"state\" id=\"state-0\">before: ").append(esc(state(states.get(0)))).append("</div>\n");
        }
        int prev = -1;
        for (Step st : e.steps().subList(0, shown.steps())) {
            int k = st.index();
            boolean sw = prev >= 0 && prev != st.thread();
            int role = named.indexOf(k);
            String[] parts = parts(st);
            StringBuilder text = new StringBuilder();
            h.append("<div class=\"num").append(sw ? " switch" : "").append("\" data-step=\"").append(k + 1).append("\">")
                    .append(k + 1).append("</div>");
            for (int t = 0; t < n; t++) {
                if (t != st.thread()) {
                    h.append("<div class=\"empty").append(sw ? " switch" : "").append("\" data-step=\"").append(k + 1).append("\"></div>");
                    continue;
                }
                h.append("<div class=\"cell").append(role >= 0 ? " named" : "").append("\" id=\"step-").append(k + 1)
                        .append("\" data-step=\"").append(k + 1).append("\" data-thread=\"").append(t + 1).append("\"");
                if (role >= 0) {
                    h.append(" data-role=\"").append(role + 1).append("\"");
                }
                h.append(" style=\"border-color:").append(color(t)).append(";background:").append(tint(t)).append("\">");
                if (role >= 0) {
                    h.append("<span class=\"role\">").append(role + 1).append(". ").append(esc(roles.get(role))).append("</span>\n");
                }
                int[] span = e.spans().get(t).get(st.operation());
                String op = s.threads().get(t).operations().get(st.operation()).name();
                if (span[0] == k) {
                    h.append("<div class=\"op\">&#9656; ").append(esc(op)).append("</div>");
                }
                h.append("<span class=\"text\">").append(esc(parts[0])).append("</span>");
                if (!parts[1].isEmpty()) {
                    h.append("<span class=\"value\">").append(esc(parts[1])).append("</span>");
                }
                text.append("step ").append(k + 1).append(", T").append(t + 1).append(": ").append(parts[0])
                        .append(parts[1].isEmpty() ? "" : " " + parts[1]);
                if (span[1] == k) {
                    OpResult res = e.results().get(t).get(st.operation());
                    if (res != null && (res.value() != null || res.isException())) {
                        String ret = res.isException() ? res.toString() : "returns " + Render.value(res.value());
                        h.append("<div class=\"op\">&#9666; ").append(esc(op)).append(' ').append(esc(ret)).append("</div>");
                        text.append("; ").append(op).append(' ').append(ret);
                    }
                }
                h.append("</div>");
            }
            h.append("<div class=\"state").append(sw ? " switch" : "").append("\" id=\"state-").append(k + 1).append("\" data-step=\"")
                    .append(k + 1).append("\" data-text=\"").append(esc(text.toString())).append("\">");
            if (withStates) {
                h.append(changed(states.get(k), states.get(k + 1)));
            }
            h.append("</div>\n");
            prev = st.thread();
        }
        h.append("</div>\n");
        if (shown.folded()) {
            h.append("<p>(").append(esc(shown.note())).append(")</p>\n");
        }
        h.append("<p class=\"note\">A red line marks a switch to another thread")
                .append(named.isEmpty() ? "" : "; the steps the anomaly names are ringed in red, numbered and linked in order")
                .append(withStates ? "; the state column shows the store after each step (a database's committed rows), what"
                        + " changed in yellow" : "")
                .append(". Step through with the buttons or the arrow keys.</p>\n");
        h.append("<script>\n").append(SCRIPT.replace("$STEPS", Integer.toString(shown.steps()))).append("</script>\n");
    }

    /** The inline step-through: rows after the current step fade, the current one is outlined and described above. */
    private static final String SCRIPT = """
            (function () {
              var total = $STEPS, pos = total;
              var now = document.getElementById('now'), label = document.getElementById('pos');
              var before = now.textContent;
              function show(p) {
                pos = Math.max(0, Math.min(total, p));
                document.querySelectorAll('#timeline [data-step]').forEach(function (el) {
                  var k = +el.getAttribute('data-step');
                  el.classList.toggle('future', k > pos);
                  el.classList.toggle('current', k === pos && el.classList.contains('cell') && pos < total);
                });
                label.textContent = pos === total ? 'all ' + total + (total === 1 ? ' step' : ' steps')
                  : 'step ' + pos + ' of ' + total;
                if (pos === 0) {
                  now.textContent = before || 'before step 1';
                } else {
                  var st = document.getElementById('state-' + pos);
                  now.textContent = st.getAttribute('data-text') + (st.textContent ? '\\nstate after: ' + st.textContent : '');
                }
                links();
              }
              function links() {
                var chain = Array.prototype.slice.call(document.querySelectorAll('#timeline .cell[data-role]'))
                  .sort(function (a, b) { return a.getAttribute('data-role') - b.getAttribute('data-role'); });
                var grid = document.getElementById('timeline'), old = document.getElementById('links');
                if (old) old.remove();
                if (chain.length < 2) return;
                var ns = 'http:' + '//www.w3.org/2000/svg', svg = document.createElementNS(ns, 'svg'), box = grid.getBoundingClientRect();
                svg.setAttribute('id', 'links'); svg.setAttribute('width', box.width); svg.setAttribute('height', box.height);
                svg.innerHTML = '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"'
                  + ' orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#e53e3e"/></marker></defs>';
                for (var i = 1; i < chain.length; i++) {
                  if (+chain[i].getAttribute('data-step') > pos) break;
                  var a = chain[i - 1].getBoundingClientRect(), b = chain[i].getBoundingClientRect();
                  var line = document.createElementNS(ns, 'path');
                  var x1 = a.left + a.width / 2 - box.left, y1 = a.bottom - box.top, x2 = b.left + b.width / 2 - box.left, y2 = b.top - box.top;
                  line.setAttribute('d', 'M' + x1 + ',' + y1 + ' C' + x1 + ',' + (y1 + 30) + ' ' + x2 + ',' + (y2 - 30) + ' ' + x2 + ',' + y2);
                  line.setAttribute('class', 'link'); line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#e53e3e'); line.setAttribute('stroke-width', '2');
                  line.setAttribute('marker-end', 'url(#arrow)');
                  svg.appendChild(line);
                }
                grid.appendChild(svg);
              }
              document.getElementById('prev').onclick = function () { show(pos === total ? total - 1 : pos - 1); };
              document.getElementById('next').onclick = function () { show(pos + 1); };
              document.getElementById('all').onclick = function () { show(total); };
              document.addEventListener('keydown', function (ev) {
                if (ev.key === 'ArrowRight') { show(pos + 1); ev.preventDefault(); }
                else if (ev.key === 'ArrowLeft') { show(pos === total ? total - 1 : pos - 1); ev.preventDefault(); }
                else if (ev.key === 'Home') { show(0); ev.preventDefault(); }
                else if (ev.key === 'End') { show(total); ev.preventDefault(); }
              });
              window.addEventListener('resize', links);
              show(total);
            })();
            """;

    /** What each step the anomaly names does in it, in the order its explanation tells them. */
    static List<String> roles(Anomaly a) {
        List<String> known = switch (a.name()) {
            case Anomaly.LOST_UPDATE -> List.of("read", "overwritten write", "overwriting write", "commit of the overwritten write");
            case Anomaly.WRITE_SKEW -> List.of("read", "read", "write", "write");
            case Anomaly.READ_SKEW -> List.of("read", "write", "write", "read");
            default -> List.of();
        };
        List<String> out = new ArrayList<>();
        for (int i = 0; i < a.steps().size(); i++) {
            out.add(i < known.size() ? known.get(i) : "named step");
        }
        return out;
    }

    /** A step as the statement (or access) it made and the value it read or wrote, apart. */
    static String[] parts(Step s) {
        String what;
        String value;
        if (s.value() instanceof CompareAndSet cas) {
            what = "cas " + s.target() + " " + Render.value(cas.expected()) + " -> " + Render.value(cas.update());
            value = cas.succeeded() ? "set" : "failed: found " + Render.value(cas.found());
        } else if (s.kind() == StepKind.READ) {
            what = "read " + s.target();
            value = "-> " + Render.value(s.value());
        } else if (s.kind() == StepKind.WRITE) {
            what = "write " + s.target();
            value = "<- " + Render.value(s.value());
        } else if (s.kind().named()) {
            what = s.kind().label() + (s.target().isEmpty() ? "" : " " + s.target());
            boolean lock = s.kind() == StepKind.LOCK || s.kind() == StepKind.UNLOCK;
            value = s.value() == null || s.kind() == StepKind.BEGIN || lock && !(s.value() instanceof Boolean) ? ""
                    : "-> " + Render.value(s.value());
        } else {
            what = s.target();
            value = s.value() == null ? "" : "-> " + Render.value(s.value());
        }
        if (s.waited()) {
            value = (value.isEmpty() ? "" : value + " ") + "(after waiting for a lock)";
        }
        return new String[] {what, value};
    }

    /** The state after a step, what the step changed in bold. */
    private static String changed(Map<String, Object> before, Map<String, Object> after) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> en : after.entrySet()) {
            String one = en.getKey() + "=" + Render.value(en.getValue());
            boolean diff = !before.containsKey(en.getKey()) || !Objects.deepEquals(before.get(en.getKey()), en.getValue());
            b.append(b.length() == 0 ? "" : " ").append(diff ? "<b>" + esc(one) + "</b>" : esc(one));
        }
        return b.toString();
    }

    private static String state(Map<String, Object> state) {
        StringBuilder b = new StringBuilder();
        state.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(Render.value(v)));
        return b.toString();
    }

    private static String outcome(Outcome o) {
        String results = o.resultsText();
        return results.isEmpty() ? o.stateText() : o.stateText() + "  [" + results + "]";
    }

    /** The allowed outcomes, each once, in the order first met. */
    static List<Outcome> distinct(List<Allowed> allowed) {
        Set<Outcome> seen = new LinkedHashSet<>();
        allowed.forEach(a -> seen.add(a.outcome()));
        return new ArrayList<>(seen);
    }

    private static void kv(StringBuilder h, String k, String v, String meaning) {
        h.append("<tr><td>").append(esc(k)).append("</td><td><code>").append(esc(v)).append("</code></td><td>")
                .append(esc(meaning == null ? "" : meaning)).append("</td></tr>\n");
    }

    private static String color(int t) {
        return COLORS[t % COLORS.length];
    }

    private static String tint(int t) {
        return color(t) + "1f";
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
