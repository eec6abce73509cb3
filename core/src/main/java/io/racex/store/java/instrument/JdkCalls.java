package io.racex.store.java.instrument;

import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Which JDK calls the {@link Transformer} replaces by a {@link Hooks} method, and which it wraps in
 * {@link Hooks#call} / {@link Hooks#returned}. A replacement hook takes the receiver (typed as the
 * hook's first parameter), the call's own arguments, then the site id; so its descriptor follows
 * from the call's and is not written twice.
 */
final class JdkCalls {
    private JdkCalls() {}

    /** A static method of {@link Hooks} that replaces a call; {@code descriptor} is the hook's. */
    record Replacement(String name, String descriptor) {}

    static final String HOOKS = Type.getInternalName(Hooks.class);
    private static final String THREAD = "java/lang/Thread";
    private static final String LOCKS = "java/util/concurrent/locks/";

    /** Instance methods of Object that are final, replaced on whatever class names them. */
    private static final Map<String, String> OBJECT_METHODS = Map.of(
            "wait()V", "waitOn", "wait(J)V", "waitOn", "wait(JI)V", "waitOn",
            "notify()V", "notify", "notifyAll()V", "notifyAll");

    private static final Map<String, String> THREAD_METHODS = Map.of(
            "start()V", "threadStart", "join()V", "threadJoin", "join(J)V", "threadJoin", "join(JI)V", "threadJoin",
            "interrupt()V", "threadInterrupt", "isInterrupted()Z", "threadIsInterrupted", "isAlive()Z", "threadIsAlive");

    private static final Map<String, String> THREAD_STATICS = Map.of(
            "yield()V", "threadYield", "sleep(J)V", "threadSleep", "sleep(JI)V", "threadSleep",
            "interrupted()Z", "threadInterrupted");

    private static final Map<String, String> LOCK_SUPPORT_STATICS = Map.of(
            "park()V", "park", "park(Ljava/lang/Object;)V", "park", "parkNanos(J)V", "parkNanos",
            "parkNanos(Ljava/lang/Object;J)V", "parkNanos", "unpark(Ljava/lang/Thread;)V", "unpark");

    /** Receiver classes (internal names) whose listed instance methods are replaced, by hook receiver type. */
    private static final Map<String, Group> GROUPS = new HashMap<>();

    private record Group(String receiverType, Map<String, String> methods) {}

    static {
        Group lock = new Group(LOCKS + "Lock", Map.of(
                "lock()V", "lock", "lockInterruptibly()V", "lockInterruptibly", "tryLock()Z", "tryLock",
                "tryLock(JLjava/util/concurrent/TimeUnit;)Z", "tryLock", "unlock()V", "unlock",
                "newCondition()Ljava/util/concurrent/locks/Condition;", "newCondition"));
        for (String owner : new String[] {"Lock", "ReentrantLock", "ReentrantReadWriteLock$ReadLock",
                "ReentrantReadWriteLock$WriteLock"}) {
            GROUPS.put(LOCKS + owner, lock);
        }
        Group condition = new Group(LOCKS + "Condition", Map.of(
                "await()V", "await", "await(JLjava/util/concurrent/TimeUnit;)Z", "await", "awaitNanos(J)J", "awaitNanos",
                "awaitUninterruptibly()V", "awaitUninterruptibly", "signal()V", "signal", "signalAll()V", "signalAll"));
        for (String owner : new String[] {"Condition", "AbstractQueuedSynchronizer$ConditionObject",
                "AbstractQueuedLongSynchronizer$ConditionObject"}) {
            GROUPS.put(LOCKS + owner, condition);
        }
        GROUPS.put("java/util/concurrent/Semaphore", new Group("java/util/concurrent/Semaphore", Map.of(
                "acquire()V", "acquire", "acquire(I)V", "acquire",
                "acquireUninterruptibly()V", "acquireUninterruptibly", "acquireUninterruptibly(I)V", "acquireUninterruptibly",
                "tryAcquire()Z", "tryAcquire", "tryAcquire(I)Z", "tryAcquire",
                "tryAcquire(JLjava/util/concurrent/TimeUnit;)Z", "tryAcquire",
                "tryAcquire(IJLjava/util/concurrent/TimeUnit;)Z", "tryAcquire",
                "release()V", "release", "release(I)V", "release")));
        GROUPS.put("java/util/concurrent/CountDownLatch", new Group("java/util/concurrent/CountDownLatch", Map.of(
                "await()V", "await", "await(JLjava/util/concurrent/TimeUnit;)Z", "await", "countDown()V", "countDown")));
    }

    /** java.util.concurrent classes (simple names) whose calls are one step each: the collections and queues. */
    private static final Set<String> CONCURRENT_COLLECTIONS = Set.of(
            "ConcurrentMap", "ConcurrentNavigableMap", "ConcurrentHashMap", "ConcurrentHashMap$KeySetView",
            "ConcurrentSkipListMap", "ConcurrentSkipListSet", "ConcurrentLinkedQueue", "ConcurrentLinkedDeque",
            "CopyOnWriteArrayList", "CopyOnWriteArraySet", "BlockingQueue", "BlockingDeque", "TransferQueue",
            "ArrayBlockingQueue", "LinkedBlockingQueue", "LinkedBlockingDeque", "LinkedTransferQueue",
            "PriorityBlockingQueue", "DelayQueue", "SynchronousQueue");

    /** java.util collection types whose calls are one step each (iterators are not: their collection call is). */
    private static final Set<String> UTIL_COLLECTIONS = Set.of(
            "Collection", "List", "ArrayList", "LinkedList", "Vector", "Stack",
            "Set", "HashSet", "LinkedHashSet", "TreeSet", "SortedSet", "NavigableSet",
            "Map", "HashMap", "LinkedHashMap", "TreeMap", "SortedMap", "NavigableMap", "Hashtable",
            "IdentityHashMap", "WeakHashMap", "EnumMap", "Queue", "Deque", "ArrayDeque", "PriorityQueue");

    /** The access-mode methods of VarHandle (get, set, compareAndSet, getAndAdd, ...): signature polymorphic. */
    private static final Set<String> VAR_HANDLE_ACCESS = new HashSet<>();

    static {
        for (VarHandle.AccessMode mode : VarHandle.AccessMode.values()) {
            VAR_HANDLE_ACCESS.add(mode.methodName());
        }
    }

    /**
     * The hook replacing this call, or null. {@code opcode}: INVOKEVIRTUAL, INVOKEINTERFACE,
     * INVOKESTATIC or INVOKESPECIAL; the last only for Object's final wait/notify methods
     * ({@code super.start()} in a Thread subclass must stay the real call).
     */
    static Replacement replacement(Hierarchy hierarchy, int opcode, String owner, String name, String descriptor) {
        String key = name + descriptor;
        if (opcode == Opcodes.INVOKESPECIAL) {
            String hook = OBJECT_METHODS.get(key);
            return hook == null || name.equals("<init>") ? null : hook(hook, "java/lang/Object", descriptor);
        }
        if (opcode == Opcodes.INVOKESTATIC) {
            if (owner.equals(LOCKS + "LockSupport")) {
                return hook(LOCK_SUPPORT_STATICS.get(key), null, descriptor);
            }
            if (key.equals("currentThread()Ljava/lang/Thread;") && isThread(hierarchy, owner)) {
                return new Replacement("currentThread", descriptor);
            }
            String hook = THREAD_STATICS.get(key);
            return hook != null && isThread(hierarchy, owner) ? hook(hook, null, descriptor) : null;
        }
        String hook = OBJECT_METHODS.get(key);
        if (hook != null) {
            return hook(hook, "java/lang/Object", descriptor);
        }
        Group group = GROUPS.get(owner);
        if (group != null) {
            return hook(group.methods().get(key), group.receiverType(), descriptor);
        }
        hook = THREAD_METHODS.get(key);
        if (hook != null && isThread(hierarchy, owner)) {
            return hook(hook, THREAD, descriptor);
        }
        return null;
    }

    private static boolean isThread(Hierarchy hierarchy, String owner) {
        return owner.equals(THREAD) || (!owner.startsWith("java/") && hierarchy.isSubclass(owner, THREAD));
    }

    private static Replacement hook(String name, String receiverType, String descriptor) {
        if (name == null) {
            return null;
        }
        Type call = Type.getMethodType(descriptor);
        StringBuilder d = new StringBuilder("(");
        if (receiverType != null) {
            d.append('L').append(receiverType).append(';');
        }
        for (Type a : call.getArgumentTypes()) {
            d.append(a.getDescriptor());
        }
        d.append("I)").append(call.getReturnType().getDescriptor());
        return new Replacement(name, d.toString());
    }

    /**
     * Whether an instance call (not a constructor) on {@code owner} is announced with
     * {@link Hooks#call}: atomics and field updaters, java.util.concurrent collections, plain
     * java.util collections, and VarHandle access modes. Static methods (factories, fences) are not
     * shared accesses and are left alone.
     */
    static boolean announced(String owner, String name) {
        if (name.equals("<init>")) {
            return false;
        }
        if (owner.startsWith("java/util/concurrent/atomic/")) {
            return true;
        }
        if (owner.equals("java/util/concurrent/locks/ReentrantReadWriteLock")) {
            // no step: the Java store pairs the read and write lock it hands out
            return name.equals("readLock") || name.equals("writeLock");
        }
        if (owner.startsWith("java/util/concurrent/")) {
            return CONCURRENT_COLLECTIONS.contains(owner.substring("java/util/concurrent/".length()));
        }
        if (owner.startsWith("java/util/")) {
            return UTIL_COLLECTIONS.contains(owner.substring("java/util/".length()));
        }
        return owner.equals("java/lang/invoke/VarHandle") && VAR_HANDLE_ACCESS.contains(name);
    }
}
