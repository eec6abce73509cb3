package io.racex;

import io.racex.store.memory.Memory;
import io.racex.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What to explore: a store with its initial state, two or more threads each calling one or more
 * operations, a spec and optional invariants.
 *
 * <pre>{@code
 * Scenario<MemoryAccess> transfer = Memory.scenario("transfer")
 *     .initial(s -> s.cell("a", 100).cell("b", 200).cell("c", 150))
 *     .thread(Operation.action("transfer(b→a,100)", m -> transfer(m, "b", "a", 100)))
 *     .thread(Operation.action("transfer(c→a,50)", m -> transfer(m, "c", "a", 50)))
 *     .build();
 * }</pre>
 *
 * @param <H> the handle type each thread's operations receive
 */
public final class Scenario<H> {
    private final String name;
    private final String description;
    private final Supplier<? extends Store<H>> store;
    private final List<ThreadSpec<H>> threads;
    private final List<Invariant> invariants;
    private final Spec spec;

    /** A thread of the scenario: a display name and the operations it calls in order. */
    public record ThreadSpec<H>(String name, List<Operation<H>> operations) {
        public ThreadSpec {
            operations = List.copyOf(operations);
        }
    }

    private Scenario(AbstractBuilder<H, ?> b) {
        this.name = b.name;
        this.description = b.description;
        this.store = b.store;
        this.threads = List.copyOf(b.threads);
        this.invariants = List.copyOf(b.invariants);
        this.spec = b.spec;
    }


    /** Starts a scenario on any store. */
    public static <H> Builder<H> on(String name, Supplier<? extends Store<H>> store) {
        Builder<H> b = new Builder<>(name);
        b.store = store;
        return b;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** A new store for this scenario (each parallel worker gets its own). */
    public Store<H> newStore() {
        return store.get();
    }

    public List<ThreadSpec<H>> threads() {
        return threads;
    }

    public List<Invariant> invariants() {
        return invariants;
    }

    public Spec spec() {
        return spec;
    }

    /** The same scenario under another name or spec, for variants. */
    public Builder<H> toBuilder() {
        Builder<H> b = new Builder<>(name);
        b.description = description;
        b.store = store;
        b.threads.addAll(threads);
        b.invariants.addAll(invariants);
        b.spec = spec;
        return b;
    }

    /**
     * What every scenario builder has; validates the scenario in {@link #build()}. {@code B} is
     * the builder's own type, so that every call returns it and a chain keeps the methods of a
     * particular builder (such as the in-memory store's {@code initial}) whatever order it calls them in.
     *
     * @param <H> the handle type each thread's operations receive
     * @param <B> the builder's own type
     */
    public abstract static class AbstractBuilder<H, B extends AbstractBuilder<H, B>> {
        String name;
        String description = "";
        Supplier<? extends Store<H>> store;
        final List<ThreadSpec<H>> threads = new ArrayList<>();
        final List<Invariant> invariants = new ArrayList<>();
        Spec spec = Spec.LINEARIZABLE;

        /** A builder of a scenario called {@code name}; a store's builder sets the store with {@link #useStore}. */
        protected AbstractBuilder(String name) {
            this.name = name;
        }

        /** This builder, as its own type. */
        protected abstract B self();

        /** Sets the store the scenario runs on (a new one for each worker that explores it). */
        protected final void useStore(Supplier<? extends Store<H>> store) {
            this.store = store;
        }

        public B name(String name) {
            this.name = name;
            return self();
        }

        /** One or two sentences for {@code racex list} and reports. */
        public B description(String description) {
            this.description = description;
            return self();
        }

        /** Adds a thread calling {@code operations} in order, named T1, T2, … by position. */
        @SafeVarargs
        public final B thread(Operation<H>... operations) {
            return thread("T" + (threads.size() + 1), List.of(operations));
        }

        /** Adds a named thread calling {@code operations} in order. */
        public B thread(String threadName, List<Operation<H>> operations) {
            threads.add(new ThreadSpec<>(threadName, operations));
            return self();
        }

        /** Adds a predicate on the final state that must hold after every execution. */
        public B invariant(String invariantName, Predicate<Map<String, Object>> holds) {
            invariants.add(new Invariant(invariantName, holds));
            return self();
        }

        public B spec(Spec spec) {
            this.spec = Objects.requireNonNull(spec);
            return self();
        }

        public Scenario<H> build() {
            if (name == null || name.isBlank()) {
                throw new RacexException("a scenario needs a name");
            }
            if (store == null) {
                throw new RacexException("scenario " + name + " has no store");
            }
            if (threads.size() < 2) {
                throw new RacexException("scenario " + name + " needs at least two threads, has " + threads.size());
            }
            for (ThreadSpec<H> t : threads) {
                if (t.operations().isEmpty()) {
                    throw new RacexException("scenario " + name + ": thread " + t.name() + " has no operation");
                }
            }
            return new Scenario<>(this);
        }
    }

    /** Builds a {@link Scenario} on any store. */
    public static final class Builder<H> extends AbstractBuilder<H, Builder<H>> {
        Builder(String name) {
            super(name);
        }

        @Override
        protected Builder<H> self() {
            return this;
        }

        /** The store the scenario runs on: a new one for each worker that explores it. */
        public Builder<H> store(Supplier<? extends Store<H>> store) {
            this.store = store;
            return this;
        }
    }
}
