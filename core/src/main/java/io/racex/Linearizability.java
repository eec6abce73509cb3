package io.racex;


import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A linearizability check of a real Java class (Lincheck's model): threads call operations on one
 * object, racex explores every interleaving of each scenario (optimal DPOR), and each outcome (the
 * operations' results and the object's final fields) must be that of the same operations run one
 * after another on a fresh object, in an order that keeps each thread's order and real-time order.
 *
 * <pre>{@code
 * Racex.linearizability(() -> new BankAccount(100))
 *      .operation("deposit",  BankAccount::deposit,  Gen.ints(1, 100))
 *      .operation("withdraw", BankAccount::withdraw, Gen.ints(1, 150))
 *      .operation("balance",  BankAccount::balance)
 *      .assertLinearizable();      // seeded scenarios: threads x operations per thread x arguments
 *
 * Racex.linearizability(() -> new BankAccount(100))
 *      .thread(a -> a.withdraw(80))
 *      .thread(a -> a.withdraw(50))
 *      .assertLinearizable();      // exactly this scenario
 * }</pre>
 *
 * <p>Generated scenarios come from the seed (the same seed, the same scenarios). A failure is
 * shrunk to the fewest operations (dropping operations, then simplifying arguments, as long as it
 * fails the same way), then to the fewest preemptions and steps; the report names the seed.
 *
 * <p><b>How the code gets instrumented.</b> The object and the operations are the test's lambdas
 * and method references; racex runs the methods they name on classes loaded by its instrumenting
 * class loader (the test class's package, the packages of the methods referenced, and those given
 * to {@link #instrument}). So lambdas must capture only plain values. A
 * method reference's result is the operation's result; a lambda's is not seen (Java makes
 * {@code a -> a.withdraw(80)} a void function here), only its effect on the object.
 *
 * @param <T> the class under test
 */
public final class Linearizability<T> {
    /** Makes the object under test; runs again for every execution. */
    @FunctionalInterface
    public interface Factory<T> extends Serializable {
        T create() throws Exception;
    }

    /** An operation without argument: {@code BankAccount::balance}, {@code a -> a.withdraw(80)}. */
    @FunctionalInterface
    public interface Op<T> extends Serializable {
        void call(T target) throws Exception;
    }

    /** An operation with a generated argument: {@code BankAccount::deposit}. */
    @FunctionalInterface
    public interface Op1<T, A> extends Serializable {
        void call(T target, A argument) throws Exception;
    }

    /**
     * What a check found.
     *
     * @param scenarios scenarios explored
     * @param executions executions run, over all scenarios (minimization not counted)
     * @param complete whether every scenario was explored completely (each pass is then a proof for it)
     * @param seed the seed of the generated scenarios
     * @param failure the minimal failing exploration, if any
     */
    public record Result(int scenarios, long executions, boolean complete, long seed, Optional<ExplorationResult> failure) {
        /** The report of the failure, with the {@code @Replay} line, or a one-line summary of the pass. */
        public String report() {
            return failure.map(f -> Engine.get().textReportForTest(f)).orElse("racex: PASS: " + scenarios + (scenarios == 1 ? " scenario, " : " scenarios, ")
                    + executions + " executions, " + (complete ? "each scenario explored completely" : "not every scenario completely"));
        }
    }

    /**
     * An operation as the user defined it, for the engine: its name, the lambda or method
     * reference (read back with {@link java.lang.invoke.SerializedLambda}) and, when it takes an
     * argument, the generator of its arguments.
     */
    public record OpDef(String name, Serializable lambda, Gen<?> gen) {}

    /** One call of a scenario, for the engine: the operation and its argument (null without one). */
    public record Call(OpDef def, Object argument) {
        /** How the call is shown: {@code withdraw(80)}, {@code balance()}. */
        public String label() {
            return def.gen == null ? def.name + (def.name.contains("(") ? "" : "()")
                    : def.name + "(" + (argument instanceof String s ? "\"" + s + "\"" : argument) + ")";
        }
    }

    /**
     * What the engine does for a check: runs the scenarios of calls on the class under test,
     * loaded instrumented. Made once per check by {@link Engine#linearizability}.
     */
    public interface Runner {
        /** How the check is named in reports: {@code BankAccount linearizability}. */
        String name();

        /**
         * Explores one scenario (a list of calls per thread) exhaustively, or replays {@code replay};
         * {@code quick} stops at the first violation without minimizing (while searching and shrinking).
         */
        ExplorationResult explore(List<List<Call>> scenario, String description, Schedule replay, boolean quick);
    }

    private final Factory<T> factory;
    private final List<OpDef> operations = new ArrayList<>();
    private final List<List<OpDef>> explicit = new ArrayList<>();
    private final List<String> instrument = new ArrayList<>();
    private int threads = 2;
    private int operationsPerThread = 3;
    private int scenarios = 20;
    private long seed = 1;
    private long maxSchedules = 10_000;

    /**
     * Starts a linearizability check of a real Java class: threads call operations on the object
     * {@code factory} makes, and every outcome must be that of the same operations run one after
     * another.
     */
    public static <T> Linearizability<T> of(Factory<T> factory) {
        return new Linearizability<>(factory);
    }

    private Linearizability(Factory<T> factory) {
        this.factory = factory;
    }

    /** Adds an operation without argument to the generated scenarios. */
    public Linearizability<T> operation(String name, Op<T> op) {
        operations.add(new OpDef(name, op, null));
        return this;
    }

    /** Adds an operation whose argument {@code arguments} generates. */
    public <A> Linearizability<T> operation(String name, Op1<T, A> op, Gen<A> arguments) {
        operations.add(new OpDef(name, op, arguments));
        return this;
    }

    /** Adds a thread calling {@code ops} in order; with threads given, exactly that scenario is explored. */
    @SafeVarargs
    public final Linearizability<T> thread(Op<T>... ops) {
        List<OpDef> list = new ArrayList<>();
        for (Op<T> op : ops) {
            list.add(new OpDef(Engine.get().describeLambda(op), op, null));
        }
        explicit.add(list);
        return this;
    }

    /** Threads per generated scenario (default 2). */
    public Linearizability<T> threads(int n) {
        if (n < 2) {
            throw new RacexException("linearizability needs at least 2 threads, was " + n);
        }
        this.threads = n;
        return this;
    }

    /** Operations per thread in generated scenarios (default 3). */
    public Linearizability<T> operationsPerThread(int n) {
        if (n < 1) {
            throw new RacexException("operationsPerThread must be at least 1, was " + n);
        }
        this.operationsPerThread = n;
        return this;
    }

    /** How many scenarios to generate (default 20). */
    public Linearizability<T> scenarios(int n) {
        if (n < 1) {
            throw new RacexException("scenarios must be at least 1, was " + n);
        }
        this.scenarios = n;
        return this;
    }

    /** The seed of the generated scenarios (default 1). */
    public Linearizability<T> seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** At most this many executions per scenario (default 10,000); a scenario cut short is not a proof. */
    public Linearizability<T> maxSchedules(long n) {
        if (n < 1) {
            throw new RacexException("maxSchedules must be at least 1, was " + n);
        }
        this.maxSchedules = n;
        return this;
    }

    /** More packages or classes to instrument (those of the class under test when a lambda hides them). */
    public Linearizability<T> instrument(String... packagesOrClasses) {
        instrument.addAll(List.of(packagesOrClasses));
        return this;
    }

    /** Runs the check and fails with racex's report (and its {@code @Replay} line) if some outcome is not linearizable. */
    public Result assertLinearizable() {
        Result r = check();
        if (r.failure().isPresent()) {
            throw new AssertionError(r.report());
        }
        return r;
    }

    /**
     * Runs the check.
     *
     * @throws RacexException on a set-up problem, including a check in which no operation made a
     *     single shared step (racex then scheduled nothing: the code is probably not instrumented)
     */
    public Result check() {
        if (explicit.isEmpty() && operations.isEmpty()) {
            throw new RacexException("linearizability: add operations (.operation(...)) or threads (.thread(...))");
        }
        if (!explicit.isEmpty() && explicit.size() < 2) {
            throw new RacexException("linearizability: an explicit scenario needs at least 2 threads, has " + explicit.size());
        }
        Run run = new Run();
        Schedule replay = Exploration.replaySchedule();
        if (!explicit.isEmpty()) {
            List<List<Call>> scenario = new ArrayList<>();
            for (List<OpDef> t : explicit) {
                List<Call> calls = new ArrayList<>();
                t.forEach(d -> calls.add(new Call(d, null)));
                scenario.add(calls);
            }
            ExplorationResult o = run.explore(scenario, "the scenario given", replay, false);
            run.count(o);
            return run.result(1, o.failed() ? Optional.of(o) : Optional.empty());
        }
        Random random = new Random(seed);
        for (int k = 1; k <= scenarios; k++) {
            List<List<Call>> scenario = generate(random);
            ExplorationResult o = run.explore(scenario, "", null, true);
            run.count(o);
            if (o.failed()) {
                FailureKind kind = o.counterexample().get().violation().kind();
                int before = size(scenario);
                scenario = run.shrink(scenario, kind);
                String description = "generated scenario " + k + " of " + scenarios + " (seed " + seed + "), minimized from "
                        + before + " to " + size(scenario) + " operations";
                ExplorationResult minimal = run.explore(scenario, description, replay, false);
                return run.result(k, minimal.failed() ? Optional.of(minimal) : Optional.of(o));
            }
        }
        return run.result(scenarios, Optional.empty());
    }

    private List<List<Call>> generate(Random random) {
        List<List<Call>> out = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Call> calls = new ArrayList<>();
            for (int i = 0; i < operationsPerThread; i++) {
                OpDef d = operations.get(random.nextInt(operations.size()));
                calls.add(new Call(d, d.gen == null ? null : d.gen.draw(random)));
            }
            out.add(calls);
        }
        return out;
    }

    private static int size(List<List<Call>> scenario) {
        int n = 0;
        for (List<Call> t : scenario) {
            n += t.size();
        }
        return n;
    }

    /** One check: the engine's runner and the totals. */
    private final class Run {
        final Runner runner;
        final String name;
        long executions;
        boolean complete = true;
        boolean shared;

        Run() {
            List<OpDef> all = new ArrayList<>(operations);
            explicit.forEach(all::addAll);
            runner = Engine.get().linearizability(factory, all, instrument, maxSchedules);
            name = runner.name();
        }

        ExplorationResult explore(List<List<Call>> scenario, String description, Schedule replay, boolean quick) {
            return runner.explore(scenario, description, replay, quick);
        }

        /** Counts an exploration of one of the scenarios checked (not of the minimization). */
        void count(ExplorationResult r) {
            executions += r.schedules();
            complete &= r.complete() || r.failed();
            shared |= r.sawSharedStep();
        }

        /** The failing scenario with the fewest operations and simplest arguments that fails the same way. */
        List<List<Call>> shrink(List<List<Call>> scenario, FailureKind kind) {
            List<List<Call>> best = scenario;
            boolean changed = true;
            while (changed) {
                changed = false;
                for (List<List<Call>> candidate : smaller(best)) {
                    ExplorationResult r = explore(candidate, "", null, true);
                    if (r.failed() && r.counterexample().get().violation().kind() == kind) {
                        best = candidate;
                        changed = true;
                        break;
                    }
                }
            }
            return best;
        }

        /** Scenarios one operation shorter, then with one argument simpler. */
        private List<List<List<Call>>> smaller(List<List<Call>> s) {
            List<List<List<Call>>> out = new ArrayList<>();
            for (int t = 0; t < s.size(); t++) {
                for (int i = 0; i < s.get(t).size(); i++) {
                    List<List<Call>> c = copy(s);
                    c.get(t).remove(i);
                    if (c.get(t).isEmpty()) {
                        c.remove(t);
                    }
                    if (c.size() >= 2) {
                        out.add(c);
                    }
                }
            }
            for (int t = 0; t < s.size(); t++) {
                for (int i = 0; i < s.get(t).size(); i++) {
                    Call call = s.get(t).get(i);
                    if (call.def().gen() == null) {
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    Gen<Object> g = (Gen<Object>) call.def().gen();
                    for (Object simpler : g.shrink(call.argument)) {
                        List<List<Call>> c = copy(s);
                        c.get(t).set(i, new Call(call.def(), simpler));
                        out.add(c);
                    }
                }
            }
            return out;
        }

        private List<List<Call>> copy(List<List<Call>> s) {
            List<List<Call>> c = new ArrayList<>();
            s.forEach(t -> c.add(new ArrayList<>(t)));
            return c;
        }

        Result result(int explored, Optional<ExplorationResult> failure) {
            if (failure.isEmpty() && !shared) {
                throw new RacexException(name + ": " + ExplorationResult.NO_SHARED_STEP);
            }
            return new Result(explored, executions, complete, seed, failure);
        }
    }
}
