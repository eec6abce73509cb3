package io.racex.store.memory.file;

import io.racex.RacexException;
import io.racex.scenariofile.YamlTree;
import io.racex.scenariofile.YamlTree.MapNode;
import io.racex.scenariofile.YamlTree.Node;
import io.racex.scenariofile.YamlTree.ScalarNode;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Walks the YAML tree of an in-memory scenario file into a {@link MemoryFile}, failing at the first problem with its line. */
final class MemoryFileParser {
    /** The name every thread has bound from its start: its number, 1-based. */
    static final String THREAD = "thread";
    static final int MAX_COPIES = 20;
    private static final List<String> TOP_KEYS = List.of("name", "store", "description", "cells", "maps", "threads", "serializable",
            "invariants");
    private static final List<String> THREAD_KEYS = List.of("name", "copies", "steps", "returns");
    private static final List<String> IF_KEYS = List.of("if", "then", "else");
    private static final List<String> INVARIANT_KEYS = List.of("name", "expr", "expect");
    private static final String NAME_RE = "[A-Za-z_][A-Za-z0-9_]*";
    private static final Pattern NAME = Pattern.compile(NAME_RE);
    private static final Pattern LOCATION = Pattern.compile("(" + NAME_RE + ")(?:\\[(.+)\\])?");
    private static final Pattern READ = Pattern.compile("read\\s+(\\S+?)\\s+into\\s+(\\S+)\\s*");
    private static final Pattern WRITE = Pattern.compile("write\\s+(" + NAME_RE + "(?:\\[[^\\]]+\\])?)\\s+(.+)");
    private static final Pattern CAS = Pattern.compile("cas\\s+(" + NAME_RE + ")\\s+from\\s+(.+?)\\s+to\\s+(.+?)(?:\\s+into\\s+(\\S+))?\\s*");
    private static final Pattern LOCK = Pattern.compile("(lock|unlock)\\s+(" + NAME_RE + ")\\s*");
    private static final String FORMS = "read CELL into NAME, write CELL EXPRESSION, cas CELL from EXPECTED to NEW [into NAME],"
            + " lock NAME, unlock NAME, or an 'if:' with 'then:' (and 'else:') lists";

    private final String source;
    private final io.racex.scenariofile.FileFields fields;
    private Map<String, Object> cells = Map.of();
    private Map<String, Map<Object, Object>> maps = Map.of();

    MemoryFileParser(String source) {
        this.source = source;
        this.fields = new io.racex.scenariofile.FileFields(source);
    }

    MemoryFile parse(String text) {
        MapNode top = fields.top(text, TOP_KEYS, MemoryFileParser::sqlKeyHint);
        String name = optionalText(top, "name").orElse(io.racex.scenariofile.FileFields.defaultName(source));
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw fail(lineOf(top, "name"), "the name '" + name + "' may hold only letters, digits, '.', '_' and '-'");
        }
        String description = optionalText(top, "description").orElse("").strip();
        cells = cells(top);
        maps = maps(top);
        if (cells.isEmpty() && maps.isEmpty()) {
            throw fail(top.line(), "the file declares no shared state: give 'cells' (e.g. cells: {a: 100, b: 200}) or 'maps'");
        }
        List<ThreadDef> threads = threads(top);
        boolean serializable = bool(top, "serializable");
        List<InvariantDef> invariants = invariants(top);
        if (!serializable && invariants.isEmpty()) {
            throw fail(top.line(), "the scenario checks nothing: add 'serializable: true' or a list of 'invariants'");
        }
        return new MemoryFile(name, description, source, cells, maps, threads, serializable, invariants);
    }

    private Map<String, Object> cells(MapNode top) {
        Node n = top.entries().get("cells");
        if (n == null) {
            return Map.of();
        }
        MapNode m = anyMap(n, "'cells'", "one cell per key, with its initial value: a: 100");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            int line = m.keyLines().get(e.getKey());
            out.put(checkedName(e.getKey(), line, "a cell"), value(e.getValue(), "cell " + e.getKey()));
        }
        return out;
    }

    private Map<String, Map<Object, Object>> maps(MapNode top) {
        Node n = top.entries().get("maps");
        if (n == null) {
            return Map.of();
        }
        MapNode m = anyMap(n, "'maps'", "one map per key, with its initial entries: sessions: {}");
        Map<String, Map<Object, Object>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            String name = checkedName(e.getKey(), m.keyLines().get(e.getKey()), "a map");
            if (cells.containsKey(name)) {
                throw fail(m.keyLines().get(name), "'" + name + "' is both a cell and a map: give them different names");
            }
            Map<Object, Object> entries = new TreeMap<>();
            Node v = e.getValue();
            if (!(v instanceof ScalarNode s && s.value() == null)) {
                MapNode em = anyMap(v, "map '" + name + "'", "its initial entries, key: value; {} for an empty map");
                em.entries().forEach((k, val) -> entries.put(k, value(val, "map " + name + "[" + k + "]")));
            }
            out.put(name, entries);
        }
        return out;
    }

    private Object value(Node n, String what) {
        if (n instanceof ScalarNode s && (s.value() == null || s.value() instanceof String || s.value() instanceof Boolean)) {
            return s.value();
        }
        if (n instanceof ScalarNode s && (s.value() instanceof Integer || s.value() instanceof Long)) {
            return Expr.narrow(((Number) s.value()).longValue());
        }
        throw fail(n.line(), what + " must be a whole number, a text, true, false or null, not " + n.what());
    }

    private List<ThreadDef> threads(MapNode top) {
        Node n = top.entries().get("threads");
        if (n == null) {
            throw fail(top.line(), "'threads' is missing: give at least two threads, each a list of steps");
        }
        List<ThreadDef> out = new ArrayList<>();
        for (Node t : list(n, "'threads'", "one item per thread")) {
            MapNode m = map(t, "a thread", THREAD_KEYS, "thread");
            String name = optionalText(m, "name").orElse("thread").strip();
            int copies = copies(m);
            Node steps = m.entries().get("steps");
            if (steps == null) {
                throw fail(m.line(), "thread '" + name + "' has no 'steps': give its steps as a list (" + FORMS + ")");
            }
            Set<String> bound = new HashSet<>(Set.of(THREAD));
            List<StepDef> defs = steps(steps, name, bound);
            if (defs.isEmpty()) {
                throw fail(steps.line(), "thread '" + name + "' has no steps");
            }
            Optional<Expr> returns = Optional.empty();
            Node r = m.entries().get("returns");
            if (r != null) {
                returns = Optional.of(expression(scalarText(r, "'returns'"), r.line(), bound));
            }
            for (int k = 0; k < copies; k++) {
                out.add(new ThreadDef(name, defs, returns, m.line()));
            }
        }
        if (out.size() < 2) {
            throw fail(n.line(), "a scenario needs at least two threads, this one has " + out.size()
                    + ": add a thread, or 'copies: 2' to run the same steps twice");
        }
        return out;
    }

    private int copies(MapNode m) {
        Node n = m.entries().get("copies");
        if (n == null) {
            return 1;
        }
        if (n instanceof ScalarNode s && (s.value() instanceof Integer i) && i >= 1 && i <= MAX_COPIES) {
            return i;
        }
        throw fail(n.line(), "'copies' must be a whole number from 1 to " + MAX_COPIES);
    }

    private List<StepDef> steps(Node n, String thread, Set<String> bound) {
        List<StepDef> out = new ArrayList<>();
        for (Node s : list(n, "the steps of thread '" + thread + "'", "one step per item: " + FORMS)) {
            out.add(step(s, bound));
        }
        return out;
    }

    private StepDef step(Node s, Set<String> bound) {
        int line = s.line();
        if (s instanceof MapNode m) {
            map(m, "an if step", IF_KEYS, "if step");
            Node c = m.entries().get("if");
            if (c == null) {
                throw fail(line, "a step given as a mapping must be an 'if:' with 'then:' (one of: " + FORMS + ")");
            }
            Expr cond = expression(scalarText(c, "'if'"), c.line(), bound);
            Node then = m.entries().get("then");
            if (then == null) {
                throw fail(line, "'if' needs 'then': the steps to run when the condition holds");
            }
            Set<String> thenBound = new HashSet<>(bound);
            List<StepDef> t = steps(then, "if", thenBound);
            Node otherwise = m.entries().get("else");
            Set<String> elseBound = new HashSet<>(bound);
            List<StepDef> e = otherwise == null ? List.of() : steps(otherwise, "else", elseBound);
            // a name bound in either branch may be used after the if (null when its branch was not taken)
            bound.addAll(thenBound);
            bound.addAll(elseBound);
            return new If(cond, t, e, line);
        }
        String text = scalarText(s, "a step").strip();
        Matcher r = READ.matcher(text);
        if (r.matches()) {
            Location from = location(r.group(1), line, bound);
            String into = local(r.group(2), line);
            bound.add(into);
            return new Read(from, into, line);
        }
        Matcher w = WRITE.matcher(text);
        if (w.matches()) {
            Location to = location(w.group(1), line, bound);
            return new Write(to, expression(w.group(2), line, bound), line);
        }
        Matcher c = CAS.matcher(text);
        if (c.matches()) {
            String cell = c.group(1);
            if (!cells.containsKey(cell)) {
                throw fail(line, unknownCell(cell));
            }
            Expr expected = expression(c.group(2), line, bound);
            Expr update = expression(c.group(3), line, bound);
            Optional<String> into = Optional.ofNullable(c.group(4)).map(v -> local(v, line));
            into.ifPresent(bound::add);
            return new Cas(cell, expected, update, into, line);
        }
        Matcher l = LOCK.matcher(text);
        if (l.matches()) {
            return l.group(1).equals("lock") ? new Lock(l.group(2), line) : new Unlock(l.group(2), line);
        }
        String word = text.split("\\s+", 2)[0];
        String hint = switch (word) {
            case "read" -> "write it as: read CELL into NAME";
            case "write" -> "write it as: write CELL EXPRESSION";
            case "cas" -> "write it as: cas CELL from EXPECTED to NEW (into NAME to keep whether it was set)";
            case "lock", "unlock" -> "write it as: " + word + " NAME";
            case "if" -> "write an if as a mapping: '- if: CONDITION' with 'then:' below it";
            default -> "a step is one of: " + FORMS;
        };
        throw fail(line, "cannot read the step '" + text + "': " + hint);
    }

    private Location location(String text, int line, Set<String> bound) {
        Matcher m = LOCATION.matcher(text);
        if (!m.matches()) {
            throw fail(line, "'" + text + "' is not a cell or a map entry (a cell is a name; a map entry is map[key])");
        }
        String name = m.group(1);
        if (m.group(2) == null) {
            if (maps.containsKey(name)) {
                throw fail(line, "'" + name + "' is a map: give the key, as " + name + "[key]");
            }
            if (!cells.containsKey(name)) {
                throw fail(line, unknownCell(name));
            }
            return new Location(name, Optional.empty());
        }
        if (!maps.containsKey(name)) {
            throw fail(line, "'" + name + "' is not a map: declare it under 'maps' (declared maps: " + list(maps.keySet()) + ")");
        }
        return new Location(name, Optional.of(expression(m.group(2), line, bound)));
    }

    private String unknownCell(String name) {
        return "no cell named '" + name + "': declare it under 'cells' (declared cells: " + list(cells.keySet()) + ")";
    }

    private static String list(Set<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    private String local(String name, int line) {
        if (!NAME.matcher(name).matches()) {
            throw fail(line, "'" + name + "' cannot be bound: a name is letters, digits and '_', starting with a letter");
        }
        if (name.equals(THREAD)) {
            throw fail(line, "'thread' is the thread's own number and cannot be bound: choose another name");
        }
        if (cells.containsKey(name) || maps.containsKey(name)) {
            throw fail(line, "'" + name + "' is a shared " + (cells.containsKey(name) ? "cell" : "map")
                    + ": bind the value to a name of its own (read " + name + " into my_" + name + ")");
        }
        return name;
    }

    /** An expression a thread computes: only names it bound (shared state is read by a step). */
    private Expr expression(String text, int line, Set<String> bound) {
        Expr e;
        try {
            e = Expr.parse(text);
        } catch (Expr.Problem p) {
            throw fail(line, p.getMessage());
        }
        checkLocal(e, line, bound);
        return e;
    }

    private void checkLocal(Expr e, int line, Set<String> bound) {
        for (String used : Expr.namesOf(e)) {
            if (bound.contains(used)) {
                continue;
            }
            if (cells.containsKey(used) || maps.containsKey(used)) {
                throw fail(line, "'" + used + "' is shared: read it into a name first (read " + used
                        + (maps.containsKey(used) ? "[key]" : "") + " into x), each read is a step");
            }
            throw fail(line, "'" + used + "' is not bound by an earlier step of this thread: bind it with 'read ... into "
                    + used + "' (bound so far: " + String.join(", ", new TreeSet<>(bound)) + ")");
        }
    }

    private List<InvariantDef> invariants(MapNode top) {
        Node n = top.entries().get("invariants");
        if (n == null) {
            return List.of();
        }
        List<InvariantDef> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node i : list(n, "'invariants'", "one check per item, each with name, expr and (optionally) expect")) {
            MapNode m = map(i, "an invariant", INVARIANT_KEYS, "invariant");
            String name = fields.invariantName(m, names);
            Node q = m.entries().get("expr");
            if (q == null) {
                throw fail(m.line(), "invariant '" + name + "' needs 'expr': an expression over the cells, e.g. a + b + c");
            }
            String text = q instanceof ScalarNode s && s.value() != null ? s.text() : scalarText(q, "'expr'");
            Expr e;
            try {
                e = Expr.parse(text);
            } catch (Expr.Problem p) {
                throw fail(q.line(), p.getMessage());
            }
            for (String used : Expr.namesOf(e)) {
                if (!cells.containsKey(used) && !maps.containsKey(used)) {
                    throw fail(q.line(), "invariant '" + name + "' uses '" + used + "', which is no cell or map (declared: "
                            + list(new TreeSet<>(cells.keySet())) + (maps.isEmpty() ? "" : ", " + list(maps.keySet())) + ")");
                }
            }
            Object expect = Boolean.TRUE;
            Node x = m.entries().get("expect");
            if (x != null) {
                expect = value(x, "'expect'");
            }
            out.add(new InvariantDef(name, e, expect, m.line()));
        }
        return out;
    }

    // --- generic accessors -------------------------------------------------------------------

    private String checkedName(String name, int line, String what) {
        if (!NAME.matcher(name).matches() || name.equals(THREAD)) {
            throw fail(line, "'" + name + "' cannot name " + what + ": a name is letters, digits and '_', starting with a letter"
                    + (name.equals(THREAD) ? ", and 'thread' is taken" : ""));
        }
        return name;
    }

    private MapNode anyMap(Node n, String what, String hint) {
        if (n instanceof MapNode m) {
            return m;
        }
        throw fail(n.line(), what + " must be a mapping (" + hint + "), not " + n.what());
    }

    private MapNode map(Node n, String what, List<String> known, String kind) {
        return fields.map(n, what, known, kind, key -> "");
    }

    /** What to add when the top level has a key of SQL files. */
    private static String sqlKeyHint(String key) {
        return List.of("setup", "state", "isolation", "transaction", "retry").contains(key)
                ? " ('" + key + "' is for SQL files; this one has 'store: memory')" : "";
    }

    private List<Node> list(Node n, String what, String hint) {
        return fields.list(n, what, hint);
    }

    private Optional<String> optionalText(MapNode m, String key) {
        return fields.optionalText(m, key);
    }

    private String scalarText(Node n, String what) {
        return fields.scalarText(n, what);
    }

    private boolean bool(MapNode m, String key) {
        return fields.bool(m, key, false);
    }

    private int lineOf(MapNode m, String key) {
        return fields.lineOf(m, key);
    }

    private RacexException fail(int line, String message) {
        return fields.fail(line, message);
    }
}
