package io.racex.store.java;

import io.racex.store.Footprint;
import io.racex.store.StepKind;
import io.racex.store.java.Model.ThreadState;
import io.racex.store.java.instrument.Sites;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * Calls of JDK objects as single steps: an atomic variable, a field updater or
 * {@link VarHandle} access, a call on a {@code java.util.concurrent} collection (atomic in the
 * JDK, so one step), a call on a plain {@code java.util} collection (one read or write of the
 * whole object, so unsynchronized use of a shared collection races visibly). Whether a call
 * reads or writes is decided by its name ({@code get}, {@code size}, {@code contains…},
 * {@code is…}, {@code peek}, … read; the rest write). The step runs before the real call, which
 * then runs while no other thread moves.
 *
 * <p>Locations: the object as a whole; an element of an atomic array, or of an array reached
 * through a {@link VarHandle}, is the same location as the array element itself; a field reached
 * through an updater or a {@link VarHandle} is a location of its own (it does not conflict with
 * plain accesses of the field). Blocking queues' {@code take} and {@code put} wait, in the model,
 * until the queue has an element or room. Calls on other JDK objects and static calls are no steps.
 */
final class Calls {
    private static final Set<String> READS = Set.of("get", "getPlain", "getOpaque", "getAcquire", "intValue", "longValue",
            "doubleValue", "floatValue", "shortValue", "byteValue", "toString", "equals", "hashCode", "size", "isEmpty",
            "contains", "containsKey", "containsValue", "containsAll", "getOrDefault", "peek", "peekFirst", "peekLast",
            "element", "getFirst", "getLast", "indexOf", "lastIndexOf", "iterator", "listIterator", "spliterator", "stream",
            "parallelStream", "forEach", "keySet", "values", "entrySet", "toArray", "firstKey", "lastKey", "first", "last",
            "floor", "ceiling", "higher", "lower", "floorKey", "ceilingKey", "higherKey", "lowerKey", "firstEntry", "lastEntry",
            "floorEntry", "ceilingEntry", "higherEntry", "lowerEntry", "headMap", "tailMap", "subMap", "headSet", "tailSet",
            "subSet", "subList", "mappingCount", "keys", "elements", "search", "reduce", "remainingCapacity", "length",
            "comparator", "descendingIterator", "descendingMap", "descendingSet", "navigableKeySet", "descendingKeySet",
            "hasNext", "hasPrevious", "nextIndex", "previousIndex", "getKey", "getValue", "clone");

    private final Model model;

    Calls(Model model) {
        this.model = model;
    }

    void call(ThreadState me, Object receiver, int method, Object[] args, int site) {
        if (receiver == null || me.gate == null) {
            return;
        }
        Sites.Method m = Sites.method(method);
        String cls = receiver.getClass().getName();
        if (receiver instanceof ReentrantReadWriteLock) {
            model.ident(receiver); // pairs its read and write locks; getting them is no step
            return;
        }
        boolean handle = receiver instanceof VarHandle;
        if (!handle && !(cls.startsWith("java.util.") && !cls.startsWith("java.util.concurrent.locks."))) {
            return;
        }
        String name = m.name();
        Object[] a = args == null ? new Object[0] : args;
        String loc = location(receiver, name, a);
        boolean read = READS.contains(name) || (handle && name.startsWith("get") && !name.startsWith("getAnd"));
        String text = model.name(receiver) + "." + name + "(" + arguments(name, a, receiver) + ")" + model.site(site);
        BooleanSupplier enabled = null;
        Object waits = null;
        if (receiver instanceof BlockingQueue<?> q) {
            if (name.equals("take") || name.equals("takeFirst") || name.equals("takeLast")) {
                enabled = () -> !q.isEmpty();
                waits = new Model.WaitsFor("take from " + model.name(receiver) + " (empty)");
            } else if (name.equals("put") || name.equals("putFirst") || name.equals("putLast")) {
                enabled = () -> q.remainingCapacity() > 0;
                waits = new Model.WaitsFor("put into " + model.name(receiver) + " (full)");
            }
        }
        model.step(me, StepKind.CALL, text, read ? Footprint.read(loc) : Footprint.write(loc), null, enabled, enabled, waits,
                () -> null);
        me.callStepped = true;
    }

    /** What a call touches: the object, or one element of an array, or one field of an object. */
    private String location(Object receiver, String name, Object[] a) {
        if (receiver instanceof VarHandle vh) {
            List<Class<?>> coords = vh.coordinateTypes();
            if (coords.size() == 2 && coords.get(0).isArray() && a.length >= 2 && a[0] != null) {
                return model.ident(a[0]).loc + "[" + a[1] + "]";
            }
            if (coords.size() == 1 && a.length >= 1 && a[0] != null) {
                return model.ident(a[0]).loc + "." + model.ident(vh).loc;
            }
            return model.ident(vh).loc;
        }
        if ((receiver instanceof AtomicIntegerFieldUpdater || receiver instanceof AtomicLongFieldUpdater
                || receiver instanceof AtomicReferenceFieldUpdater) && a.length >= 1 && a[0] != null) {
            return model.ident(a[0]).loc + "." + model.ident(receiver).loc;
        }
        if ((receiver instanceof AtomicIntegerArray || receiver instanceof AtomicLongArray
                || receiver instanceof AtomicReferenceArray) && a.length >= 1 && a[0] instanceof Integer i && !name.equals("length")) {
            return model.ident(receiver).loc + "[" + i + "]";
        }
        return model.ident(receiver).loc;
    }

    /** The arguments as reports show them; a compare-and-set shows {@code expected -> new}. */
    private String arguments(String name, Object[] a, Object receiver) {
        List<String> out = new ArrayList<>();
        for (Object o : a) {
            out.add(render(model.shown(o)));
        }
        boolean cas = name.startsWith("compareAndSet") || name.startsWith("weakCompareAndSet") || name.startsWith("compareAndExchange");
        if (cas && out.size() >= 2) {
            int n = out.size();
            String pair = out.get(n - 2) + " -> " + out.get(n - 1);
            out = new ArrayList<>(out.subList(0, n - 2));
            out.add(pair);
        }
        return String.join(", ", out);
    }

    private static String render(Object v) {
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    /** What the call returned: the step's value. */
    void returned(ThreadState me, Object value) {
        if (me.callStepped) {
            me.callStepped = false;
            me.gate.amend(model.shown(value));
        }
    }
}
