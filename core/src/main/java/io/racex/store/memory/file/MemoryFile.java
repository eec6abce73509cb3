package io.racex.store.memory.file;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory scenario file ({@code store: memory}), parsed and validated: named cells and maps
 * to start from, two or more threads of steps on them, and what must hold afterwards. The format
 * is documented for students in {@code docs/scenario-files.md}; {@link MemoryFiles} loads one.
 *
 * <pre>{@code
 * name: transfer-js
 * store: memory
 * cells: {a: 100, b: 200, c: 150}
 * threads:
 *   - name: transfer(b, a, 100)
 *     steps:
 *       - read b into src_bal
 *       - read a into dst_bal
 *       - if: src_bal > 100
 *         then:
 *           - write a dst_bal + 100
 *           - write b src_bal - 100
 *   - ...
 * serializable: true
 * }</pre>
 *
 * @param name the scenario's name
 * @param description one or two sentences, possibly empty
 * @param source the file name used in messages
 * @param cells the cells and their initial values, in file order
 * @param maps the maps and their initial entries
 * @param threads the threads, with {@code copies:} expanded
 * @param serializable whether results and final state must equal those of some serial order of the threads
 * @param invariants expressions on the final state that must hold
 */
public record MemoryFile(String name, String description, String source, Map<String, Object> cells,
                         Map<String, Map<Object, Object>> maps, List<ThreadDef> threads, boolean serializable,
                         List<InvariantDef> invariants) {
    /**
     * One thread.
     *
     * @param name what reports call its operation
     * @param steps its steps, in order
     * @param returns what its operation returns (the {@code returns:} expression over its bound names); empty: nothing
     * @param line where it is defined
     */
    public record ThreadDef(String name, List<StepDef> steps, Optional<Expr> returns, int line) {
        public ThreadDef {
            steps = List.copyOf(steps);
        }
    }

    /** Where a step reads or writes: a cell, or one key of a map. */
    public record Location(String name, Optional<Expr> key) {
        String show(Object keyValue) {
            return key.isEmpty() ? name : name + "[" + keyValue + "]";
        }
    }

    /** One step of a thread, with the line it is on. */
    public sealed interface StepDef permits Read, Write, Cas, Lock, Unlock, If {
        /** Where it is defined. */
        int line();
    }

    /** {@code read LOCATION into NAME}: one step. */
    public record Read(Location from, String into, int line) implements StepDef {}

    /** {@code write LOCATION EXPRESSION}: one step. */
    public record Write(Location to, Expr value, int line) implements StepDef {}

    /** {@code cas CELL from EXPECTED to UPDATE [into NAME]}: one step that sets the cell only if it holds EXPECTED. */
    public record Cas(String cell, Expr expected, Expr update, Optional<String> into, int line) implements StepDef {}

    /** {@code lock NAME}: one step, enabled only while the lock is free or held by this thread. */
    public record Lock(String lock, int line) implements StepDef {}

    /** {@code unlock NAME}: one step. */
    public record Unlock(String lock, int line) implements StepDef {}

    /** {@code if: CONDITION, then: [...], else: [...]}: no step itself; the branch taken runs its steps. */
    public record If(Expr condition, List<StepDef> then, List<StepDef> otherwise, int line) implements StepDef {
        public If {
            then = List.copyOf(then);
            otherwise = List.copyOf(otherwise);
        }
    }

    /**
     * An expression on the final state that must give {@code expect} ({@code true} when the file gives none).
     *
     * @param name what it checks, as reports show it
     * @param expr the expression, over the cells and maps
     * @param expect the value it must give
     * @param line where it is defined
     */
    public record InvariantDef(String name, Expr expr, Object expect, int line) {}
}
