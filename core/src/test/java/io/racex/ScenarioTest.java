package io.racex;

import io.racex.store.memory.Memory;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.store.memory.MemoryAccess;
import org.junit.jupiter.api.Test;

class ScenarioTest {
    @Test
    void theMemoryBuilderKeepsItsTypeWhateverTheOrderOfCalls() {
        // description(), thread() and spec() return the memory builder, so initial() can come after them
        Scenario<MemoryAccess> s = Memory.scenario("late-initial")
                .description("initial state declared last")
                .thread(Operation.of("get", m -> m.readInt("x")))
                .thread(Operation.of("get", m -> m.readInt("x")))
                .spec(Spec.LINEARIZABLE)
                .initial(st -> st.cell("x", 7))
                .build();
        ExplorationResult r = Racex.replay(s, "v1:1.2");
        assertEquals(7, r.replayed().orElseThrow().results().get(0).get(0).value());
        assertEquals("initial state declared last", s.description());
    }
}
