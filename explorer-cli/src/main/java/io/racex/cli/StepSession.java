package io.racex.cli;

import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.Schedule;
import io.racex.Step;
import io.racex.Termination;
import io.racex.engine.Stepper;
import io.racex.engine.Stepper.Point;
import io.racex.engine.Stepper.Status;
import io.racex.engine.Stepper.ThreadPoint;
import io.racex.report.Render;
import io.racex.report.ReplayHint;
import io.racex.report.TextReport;
import io.racex.store.StepKind;
import io.racex.store.StepRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@code racex step} session: shows where every thread is, takes a choice (a thread number,
 * {@code u} to undo, {@code q} to quit), runs it, and at the end judges the schedule built as
 * {@code racex replay} would. It reads choices from an {@link Input}, so a terminal and a script
 * drive the same session.
 */
final class StepSession {
    /** Where the choices come from. */
    interface Input {
        /** The next line, or null at the end of the input. */
        String next(String prompt) throws IOException;
    }

    private final Stepper<?> stepper;
    private final PrintWriter out;
    private final PrintWriter err;
    private final String replayCommand;
    private final List<Integer> choices = new ArrayList<>();
    /** How many steps of the history were printed. */
    private int shown;

    StepSession(Stepper<?> stepper, PrintWriter out, PrintWriter err, String replayCommand) {
        this.stepper = stepper;
        this.out = out;
        this.err = err;
        this.replayCommand = replayCommand;
    }

    /** Runs the session to its end; returns the exit code (1 when the schedule built violates the spec). */
    int run(Input in) throws IOException {
        var scenario = stepper.scenario();
        out.println("racex step " + scenario.name() + (scenario.description().isEmpty() ? "" : ": " + scenario.description()));
        out.println("You are the scheduler: at each step choose the thread that moves next (its number), u to undo, q to quit.");
        Point p = stepper.at(schedule());
        show(p, false);
        while (!p.finished()) {
            String line = in.next("step " + (choices.size() + 1) + " " + prompt(p) + "> ");
            if (line == null) {
                err.println("racex: the input ended after " + Render.count(choices.size(), "step")
                        + " with threads still able to move (" + names(p.ready()) + "): the schedule is not finished");
                err.flush();
                return RacexCommand.BAD_INPUT;
            }
            String c = line.strip().toLowerCase(Locale.ROOT);
            if (c.isEmpty() || c.startsWith("#")) {
                continue;
            }
            if (c.equals("q") || c.equals("quit")) {
                out.println("Stopped after " + Render.count(choices.size(), "step") + ": " + schedule().token());
                out.flush();
                return RacexCommand.OK;
            }
            if (c.equals("u") || c.equals("undo")) {
                if (choices.isEmpty()) {
                    refuse("nothing to undo: no step was taken yet");
                    continue;
                }
                choices.remove(choices.size() - 1);
                p = stepper.at(schedule());
                out.println("undone: back to step " + (choices.size() + 1));
                show(p, false);
                continue;
            }
            String why = cannotTake(c, p);
            if (why != null) {
                refuse(why);
                continue;
            }
            choices.add(Integer.parseInt(c) - 1);
            p = stepper.at(schedule());
            show(p, true);
        }
        return end(p);
    }

    /** Why choice {@code c} cannot be taken at {@code p}, or null when it can. */
    private static String cannotTake(String c, Point p) {
        int n = p.threads().size();
        if (!c.matches("[0-9]{1,4}")) {
            return "'" + c + "' is not a choice: give a thread number (" + names(p.ready()) + "), u to undo or q to quit";
        }
        int t = Integer.parseInt(c) - 1;
        if (t < 0 || t >= n) {
            return "there is no thread " + c + ": the threads are 1 to " + n + " (" + names(p.ready()) + " can move)";
        }
        ThreadPoint tp = p.threads().get(t);
        return switch (tp.status()) {
            case READY -> null;
            case DONE -> "T" + c + " has finished; " + names(p.ready()) + " can move";
            case WAITING, BLOCKED -> "T" + c + " cannot move: " + waitText(tp) + "; " + names(p.ready()) + " can move";
            case NOT_YET -> "T" + c + " cannot move yet (" + next(tp.next()) + " waits); " + names(p.ready()) + " can move";
        };
    }

    private void refuse(String why) {
        out.flush();
        err.println("racex: " + why);
        err.flush();
    }

    /**
     * Prints what ran since the last point (the step just taken, and any a lock release let
     * finish), the state, and every thread's next step. {@code taken}: whether a step was just chosen.
     */
    private void show(Point p, boolean taken) {
        if (taken) {
            int chosen = choices.get(choices.size() - 1);
            boolean ran = false;
            for (Step s : p.steps().subList(Math.min(shown, p.steps().size()), p.steps().size())) {
                out.println("  " + (s.index() + 1) + ". T" + (s.thread() + 1) + " " + Render.step(s));
                ran |= s.thread() == chosen;
            }
            ThreadPoint t = p.threads().get(chosen);
            if (!ran && t.status() == Status.BLOCKED) {
                out.println("  T" + (chosen + 1) + " started its statement and is blocked: " + waitText(t));
            }
        }
        shown = p.steps().size();
        out.println("  state  " + state(p.state()));
        for (ThreadPoint t : p.threads()) {
            out.println("  " + t.name() + "  " + t.operation() + "  " + threadText(t));
        }
        out.flush();
    }

    private static String threadText(ThreadPoint t) {
        return switch (t.status()) {
            case READY -> "next: " + next(t.next());
            case WAITING -> "waits: " + next(t.next()) + " (" + waitText(t) + ")";
            case BLOCKED -> "blocked in the database (" + waitText(t) + ")";
            case NOT_YET -> "not yet: " + (t.next() == null ? "waiting" : next(t.next()));
            case DONE -> "finished";
        };
    }

    private static String waitText(ThreadPoint t) {
        String what = t.status() == Status.BLOCKED ? "it waits for a lock" : "it waits for " + (t.next() == null ? "a lock"
                : t.next().target());
        if (t.holders().isEmpty()) {
            return what + " another thread holds";
        }
        return what + " held by " + t.holders().stream().sorted()
                .map(h -> h < 0 ? "a session outside racex" : "T" + (h + 1)).collect(Collectors.joining(" and "));
    }

    /** A step a thread waits to run, before it ran: {@code read a}, {@code write a <- 200}, the SQL text. */
    static String next(StepRequest r) {
        if (r == null) {
            return "(nothing)";
        }
        if (r.kind() == StepKind.READ) {
            return "read " + r.target();
        }
        if (r.kind() == StepKind.WRITE) {
            return "write " + r.target() + (r.written() == null ? "" : " <- " + Render.value(r.written()));
        }
        if (r.kind().named()) {
            return r.kind().label() + (r.target().isEmpty() ? "" : " " + r.target());
        }
        return r.target();
    }

    /** The state as {@code a=100 b=200}; a table's rows on lines of their own. */
    static String state(Map<String, Object> state) {
        if (state.isEmpty()) {
            return "(empty)";
        }
        List<String> parts = new ArrayList<>();
        state.forEach((k, v) -> parts.add(k + "=" + Render.value(v)));
        return String.join(" ", parts);
    }

    private String prompt(Point p) {
        return "[" + p.ready().stream().map(t -> String.valueOf(t + 1)).collect(Collectors.joining("/")) + ", u, q]";
    }

    private static String names(List<Integer> threads) {
        return threads.isEmpty() ? "no thread" : threads.stream().map(t -> "T" + (t + 1)).collect(Collectors.joining(", "));
    }

    private Schedule schedule() {
        return new Schedule(choices.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The end of the execution: judged as a replay, with the token of the schedule built. */
    private int end(Point p) {
        Schedule s = schedule();
        out.println();
        if (p.end() == Termination.DEADLOCK) {
            out.println("No thread can move: a deadlock" + (p.detail() == null ? "" : " (" + p.detail() + ")") + ".");
        } else {
            out.println("Every thread has finished after " + Render.count(s.length(), "step") + ".");
        }
        ExplorationResult r = stepper.judge(s);
        out.println();
        out.print(TextReport.render(r, ReplayHint.command(replayCommand)));
        out.println();
        if (r.counterexample().isPresent()) {
            Counterexample cx = r.counterexample().get();
            String anomaly = cx.anomaly().map(a -> a.name()).orElse(null);
            out.println("Verdict: no serial order allows this outcome" + (anomaly == null ? "" : ": " + anomaly)
                    + " (" + cx.violation().message() + ")");
        } else {
            out.println("Verdict: a serial order allows this outcome, and every check holds.");
        }
        out.println("Your schedule: " + s.token() + "   (" + replayCommand + " --schedule " + s.token() + ")");
        out.flush();
        return r.failed() ? RacexCommand.VIOLATION : RacexCommand.OK;
    }
}
