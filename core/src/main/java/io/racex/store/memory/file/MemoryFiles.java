package io.racex.store.memory.file;

import io.racex.Operation;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.store.StepGate;
import io.racex.store.memory.Memory;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.memory.MemoryStore;
import io.racex.store.memory.file.MemoryFile.Cas;
import io.racex.store.memory.file.MemoryFile.If;
import io.racex.store.memory.file.MemoryFile.InvariantDef;
import io.racex.store.memory.file.MemoryFile.Location;
import io.racex.store.memory.file.MemoryFile.Lock;
import io.racex.store.memory.file.MemoryFile.Read;
import io.racex.store.memory.file.MemoryFile.StepDef;
import io.racex.store.memory.file.MemoryFile.ThreadDef;
import io.racex.store.memory.file.MemoryFile.Unlock;
import io.racex.store.memory.file.MemoryFile.Write;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads in-memory scenario files ({@code store: memory}) and compiles them to scenarios on the
 * {@link MemoryStore}: a race without writing Java. Each thread becomes one operation that runs its
 * steps through {@link MemoryAccess} (each read, write, compare-and-set, lock and unlock one step;
 * {@code if} and expressions are the thread's own computing) and returns the names it bound;
 * {@code serializable: true} becomes {@link Spec#SERIALIZABLE}, each invariant an
 * {@link io.racex.Invariant} on the final cells and maps.
 *
 * <pre>{@code
 * Scenario<MemoryAccess> s = MemoryFiles.load(Path.of("transfer-js.race.yaml"));
 * Racex.explore(s).assertViolation();
 * }</pre>
 *
 * Every problem is a {@link RacexException} of one line naming the file and line; {@link #load}
 * also runs each thread alone from the initial state first, so that a step that cannot run (text
 * where a number is needed) is reported before any exploration.
 */
public final class MemoryFiles {
    private MemoryFiles() {}

    /** Parses and validates a file's text; {@code source} names it in messages. */
    public static MemoryFile parse(String text, String source) {
        return new MemoryFileParser(source).parse(text);
    }

    /** Reads, validates and compiles a file, with the preflight. */
    public static Scenario<MemoryAccess> load(Path path) {
        String text = io.racex.scenariofile.SourceText.read(path);
        return checked(parse(text, path.getFileName() == null ? path.toString() : path.getFileName().toString()));
    }

    /** Reads a file from the class path (a shipped sample) and compiles it, with the preflight. */
    public static Scenario<MemoryAccess> loadResource(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new RacexException("no scenario file " + resource + " on the class path");
            }
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            return checked(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file));
        } catch (IOException e) {
            throw new RacexException("cannot read the scenario file " + resource + ": " + e.getMessage());
        }
    }

    private static Scenario<MemoryAccess> checked(MemoryFile f) {
        Scenario<MemoryAccess> s = compile(f);
        preflight(s);
        return s;
    }

    /** Compiles a parsed file; runs nothing. */
    public static Scenario<MemoryAccess> compile(MemoryFile f) {
        Memory.Builder b = Memory.scenario(f.name()).description(f.description()).initial(st -> {
            f.cells().forEach(st::cell);
            f.maps().forEach(st::map);
        });
        for (int t = 0; t < f.threads().size(); t++) {
            ThreadDef def = f.threads().get(t);
            int number = t + 1;
            b.thread("T" + number, List.of(Operation.of(def.name(), m -> new Program(f.source(), number, m).run(def))));
        }
        for (InvariantDef i : f.invariants()) {
            b.invariant(i.name(), state -> holds(f, i, state));
        }
        b.spec(f.serializable() ? Spec.SERIALIZABLE : Spec.INVARIANTS_ONLY);
        return b.build();
    }

    private static boolean holds(MemoryFile f, InvariantDef i, Map<String, Object> state) {
        try {
            return Expr.same(i.expr().eval(state::get), i.expect());
        } catch (Expr.Problem | ArithmeticException e) {
            throw new RacexException(f.source() + ":" + i.line() + ": invariant '" + i.name() + "': " + e.getMessage());
        }
    }

    /** Runs each thread alone from the initial state, so that a step that cannot run is reported now, with its line. */
    static void preflight(Scenario<MemoryAccess> s) {
        try (var store = s.newStore()) {
            for (int t = 0; t < s.threads().size(); t++) {
                store.reset();
                try {
                    s.threads().get(t).operations().get(0).body().run(store.handle(t, StepGate.DIRECT));
                } catch (IllegalMonitorStateException e) {
                    throw new RacexException(s.name() + ": " + e.getMessage());
                }
            }
            store.reset();
            Map<String, Object> initial = store.snapshot();
            for (var i : s.invariants()) {
                i.holds().test(initial); // evaluates it once: an expression that cannot be computed is reported now
            }
        } catch (RacexException e) {
            throw e;
        } catch (Exception e) {
            throw new RacexException(s.name() + ": " + e.getMessage(), e);
        }
    }

    /** One thread's run: its bound names and its steps, interpreted. */
    private static final class Program {
        private final String source;
        private final MemoryAccess m;
        private final Map<String, Object> bound = new LinkedHashMap<>();

        Program(String source, int thread, MemoryAccess m) {
            this.source = source;
            this.m = m;
            bound.put(MemoryFileParser.THREAD, thread);
        }

        Object run(ThreadDef def) {
            steps(def.steps());
            try {
                return def.returns().isEmpty() ? null : def.returns().get().eval(this::name);
            } catch (Expr.Problem | ArithmeticException e) {
                throw new RacexException(source + ":" + def.line() + ": 'returns': " + e.getMessage());
            }
        }

        private void steps(List<StepDef> steps) {
            for (StepDef s : steps) {
                try {
                    step(s);
                } catch (Expr.Problem | ArithmeticException | ClassCastException e) {
                    throw new RacexException(source + ":" + s.line() + ": " + e.getMessage());
                }
            }
        }

        private void step(StepDef s) {
            if (s instanceof Read r) {
                Location at = r.from();
                bound.put(r.into(), at.key().isEmpty() ? m.read(at.name()) : m.get(at.name(), key(at)));
            } else if (s instanceof Write w) {
                Location at = w.to();
                Object v = value(w.value().eval(this::name), w.line());
                if (at.key().isEmpty()) {
                    m.write(at.name(), v);
                } else {
                    m.put(at.name(), key(at), v);
                }
            } else if (s instanceof Cas c) {
                Object expected = c.expected().eval(this::name);
                Object update = value(c.update().eval(this::name), c.line());
                boolean set = m.compareAndSet(c.cell(), expected, update);
                c.into().ifPresent(n -> bound.put(n, set));
            } else if (s instanceof Lock l) {
                m.lock(l.lock());
            } else if (s instanceof Unlock u) {
                m.unlock(u.lock());
            } else if (s instanceof If i) {
                steps(Expr.truth(i.condition().eval(this::name), "if") ? i.then() : i.otherwise());
            }
        }

        private Object key(Location at) {
            return at.key().get().eval(this::name);
        }

        private Object name(String n) {
            if (!bound.containsKey(n)) {
                throw new Expr.Problem("'" + n + "' is not bound here: the step that binds it is in a branch that was not taken");
            }
            return bound.get(n);
        }

        private Object value(Object v, int line) {
            if (v == null || v instanceof Integer || v instanceof Long || v instanceof String || v instanceof Boolean) {
                return v;
            }
            throw new RacexException(source + ":" + line + ": a cell holds a whole number, a text, true, false or null, not " + v);
        }
    }
}
