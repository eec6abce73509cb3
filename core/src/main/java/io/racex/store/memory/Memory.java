package io.racex.store.memory;

import io.racex.Scenario;
import java.util.function.Consumer;

/**
 * Scenarios on the in-memory store: named cells, maps and locks, every access a step.
 *
 * <pre>{@code
 * Scenario<MemoryAccess> transfer = Memory.scenario("transfer")
 *     .initial(s -> s.cell("a", 100).cell("b", 200).cell("c", 150))
 *     .thread(Operation.action("transfer(b->a,100)", m -> transfer(m, "b", "a", 100)))
 *     .thread(Operation.action("transfer(c->a,50)", m -> transfer(m, "c", "a", 50)))
 *     .build();
 * }</pre>
 */
public final class Memory {
    private Memory() {}

    /** Starts a scenario on an in-memory store of cells, maps and locks. */
    public static Builder scenario(String name) {
        return new Builder(name);
    }

    /** Builder of in-memory scenarios: adds {@link #initial(Consumer)} to what every scenario builder has. */
    public static final class Builder extends Scenario.AbstractBuilder<MemoryAccess, Builder> {
        private final MemoryState state = new MemoryState();

        Builder(String name) {
            super(name);
            useStore(() -> new MemoryStore(state));
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** Declares the initial cells and maps. */
        public Builder initial(Consumer<MemoryState> init) {
            init.accept(state);
            return this;
        }
    }
}
