package io.racex.store.java.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact hooks instrumented code calls, recorded on one managed thread. */
class HookSequenceTest {
    static final String FIXTURE = "io.racex.store.java.instrument.fixture";

    private final InstrumentingClassLoader loader =
            new InstrumentingClassLoader(getClass().getClassLoader(), InstrumentingClassLoader.Filter.of(FIXTURE));

    @AfterEach
    void uninstall() {
        Hooks.interceptor = null;
    }

    /** Calls a public method of an instrumented fixture (static when {@code target} is a class name). */
    Object call(Object target, String method, Object... args) throws Exception {
        Class<?> c = target instanceof String name ? loader.loadClass(FIXTURE + "." + name) : target.getClass();
        for (var m : c.getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target instanceof String ? null : target, args);
                } catch (InvocationTargetException e) {
                    if (e.getCause() instanceof Exception ex) {
                        throw ex;
                    }
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            }
        }
        throw new NoSuchMethodException(method);
    }

    Object newInstance(String name) throws Exception {
        return loader.loadClass(FIXTURE + "." + name).getConstructor().newInstance();
    }

    /** The events of calling {@code method} on a fresh instance (constructed before recording). */
    List<String> eventsOf(String className, String method, Object... args) throws Exception {
        Object target = newInstance(className);
        try (Recorder r = new Recorder()) {
            try {
                call(target, method, args);
            } catch (IllegalStateException expected) {
                // the failing fixtures: the events up to and after the throw are what is checked
            }
            return r.events();
        }
    }

    List<String> staticEvents(String className, String method) throws Exception {
        try (Recorder r = new Recorder()) {
            call(className, method);
            return r.events();
        }
    }

    @Test
    void fieldsOfEveryKindAnnounceReadsAndWritesWithTheirValues() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals("11 four true", call("Shared", "fields"));
            assertEquals(List.of(
                    "write Shared.i = Integer:1",
                    "write Shared.l = Long:2",
                    "write Shared.d = Double:3.5",
                    "write Shared.o = String:four",
                    "write static Shared.s = Integer:5",
                    "write Shared.flag = Boolean:true",
                    "read Shared.i", "= Integer:1",
                    "read Shared.l", "= Long:2",
                    "read Shared.d", "= Double:3.5",
                    "read static Shared.s", "= Integer:5",
                    "read Shared.o", "= String:four",
                    "read Shared.flag", "= Boolean:true"), r.events());
        }
    }

    @Test
    void fieldIdsNameTheDeclaringClassAndFlags() throws Exception {
        try (Recorder r = new Recorder()) {
            call("Shared", "fields");
        }
        int flag = Sites.field(FIXTURE + ".Shared", "flag", "Z", false, true);
        assertEquals(new Sites.Field(FIXTURE + ".Shared", "flag", "Z", false, true), Sites.field(flag));
        int s = Sites.field(FIXTURE + ".Shared", "s", "I", true, false);
        assertEquals("Shared.s", Sites.field(s).toString());
    }

    @Test
    void callsBeforeTheSuperConstructorCallAreAnnounced() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals(4, call("Shared", "fromMap"));
            assertEquals(List.of("call Map.get on HashMap [String:n]", "returned Integer:4"), r.events());
        }
    }

    @Test
    void finalFieldsProduceNoHooks() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals(10, call("Shared", "finals"));
            // the constructor stores three final fields and the method reads two: only the plain field is a step
            assertEquals(List.of("write Shared.i = Integer:10"), r.events());
        }
    }

    @Test
    void arrayElementsOfEveryKindAnnounceReadsAndWrites() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals("56true-7x0.25y", call("Shared", "arrays"));
            assertEquals(List.of(
                    "write int[] [1] = Integer:5",
                    "write long[] [0] = Long:6",
                    "write boolean[] [0] = Boolean:true",
                    "write byte[] [0] = Byte:-7",
                    "write char[] [0] = Character:x",
                    "write double[] [0] = Double:0.25",
                    "write Object[] [0] = String:y",
                    "read int[] [1]", "= Integer:5",
                    "read long[] [0]", "= Long:6",
                    "read boolean[] [0]", "= Boolean:true",
                    "read byte[] [0]", "= Byte:-7",
                    "read char[] [0]", "= Character:x",
                    "read double[] [0]", "= Double:0.25",
                    "read Object[] [0]", "= String:y"), r.events());
        }
    }

    @Test
    void synchronizedBlockEntersAndExitsItsMonitor() throws Exception {
        assertEquals(List.of("enter Object", "read Monitors.count", "= Integer:0",
                "write Monitors.count = Integer:1", "exit Object"), eventsOf("Monitors", "block"));
    }

    @Test
    void nestedBlocksExitInReverseOrder() throws Exception {
        assertEquals(List.of("enter Object", "enter Monitors", "read Monitors.count", "= Integer:0",
                "write Monitors.count = Integer:1", "exit Monitors", "exit Object"), eventsOf("Monitors", "nested"));
    }

    @Test
    void synchronizedMethodsEnterAndExitThisOrTheirClass() throws Exception {
        assertEquals(List.of("enter Monitors", "read Monitors.count", "= Integer:0",
                "write Monitors.count = Integer:1", "exit Monitors"), eventsOf("Monitors", "method"));
        Object before = loader.loadClass(FIXTURE + ".Monitors").getField("total").get(null);
        assertEquals(List.of("enter class Monitors", "read static Monitors.total", "= Integer:" + before,
                "write static Monitors.total = Integer:" + ((int) before + 1), "exit class Monitors"),
                staticEvents("Monitors", "staticMethod"));
    }

    @Test
    void everyReturnOfASynchronizedMethodExits() throws Exception {
        assertEquals(List.of("enter Monitors", "read Monitors.count", "= Integer:0", "exit Monitors"),
                eventsOf("Monitors", "branches", 1));
        assertEquals(List.of("enter Monitors", "write Monitors.count = Integer:0", "exit Monitors"),
                eventsOf("Monitors", "branches", 0));
    }

    @Test
    void anExceptionStillExitsTheMonitorAndPropagates() throws Exception {
        Object m = newInstance("Monitors");
        try (Recorder r = new Recorder()) {
            Exception e = assertThrows(IllegalStateException.class, () -> call(m, "failing"));
            assertEquals("boom", e.getMessage());
            assertEquals(List.of("enter Monitors", "read Monitors.count", "= Integer:0",
                    "write Monitors.count = Integer:1", "exit Monitors"), r.events());
            r.clear();
            assertThrows(IllegalStateException.class, () -> call(m, "blockFailing"));
            assertEquals(List.of("enter Object", "read Monitors.count", "= Integer:1",
                    "write Monitors.count = Integer:2", "read Monitors.count", "= Integer:2", "exit Object"), r.events());
        }
    }

    @Test
    void waitAndNotifyAreReplaced() throws Exception {
        assertEquals(List.of("enter Object", "notify Object", "wait Object 5", "notifyAll Object",
                "wait Object 0", "exit Object"), eventsOf("Monitors", "waitNotify"));
    }

    @Test
    void threadSubclassStartAndJoinAreReplaced() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals(1, call("Threads", "subclass"));
            // the worker runs unmanaged (not recorded); its write is seen after the join
            assertEquals(List.of("start Worker", "join Worker 0", "read Worker.done", "= Integer:1"), r.events());
        }
    }

    @Test
    void plainThreadWithALambdaStartAndJoinAreReplaced() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals(42, call("Threads", "lambda"));
            assertEquals(List.of("start Thread", "join Thread 1000", "read int[] [0]", "= Integer:42"), r.events());
        }
    }

    @Test
    void otherThreadCallsAreReplaced() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals(true, call("Threads", "others"));
            assertEquals(List.of("currentThread", "yield", "sleep 1", "isAlive Thread", "interrupt Thread",
                    "isInterrupted Thread", "currentThread", "interrupted Thread"), r.events());
        }
    }

    @Test
    void reentrantLockAroundAFieldUpdate() throws Exception {
        assertEquals(List.of("lock ReentrantLock", "read Locks.value", "= Integer:0",
                "write Locks.value = Integer:1", "unlock ReentrantLock"), eventsOf("Locks", "increment"));
    }

    @Test
    void conditionsAreReplaced() throws Exception {
        assertEquals(List.of("newCondition ReentrantLock", "lock ReentrantLock", "signal ConditionObject",
                "await ConditionObject -1", "signalAll ConditionObject", "await ConditionObject 1000000",
                "unlock ReentrantLock"), eventsOf("Locks", "condition"));
    }

    @Test
    void readWriteLocksThroughTheLockInterface() throws Exception {
        // readLock()/writeLock() are announced (no step): the Java store pairs a read/write lock's two locks by them
        assertEquals(List.of("call ReentrantReadWriteLock.writeLock on ReentrantReadWriteLock []", "returned WriteLock",
                "tryLock WriteLock 1000000", "unlock WriteLock",
                "call ReentrantReadWriteLock.readLock on ReentrantReadWriteLock []", "returned ReadLock", "lock ReadLock",
                "call ReentrantReadWriteLock.readLock on ReentrantReadWriteLock []", "returned ReadLock", "unlock ReadLock"),
                eventsOf("Locks", "viaInterface"));
    }

    @Test
    void semaphoreLatchAndLockSupportAreReplaced() throws Exception {
        assertEquals(List.of("acquire 1", "release 1", "countDown", "await latch -1", "currentThread", "unpark Thread", "park Locks -1"),
                eventsOf("Locks", "others"));
    }

    @Test
    void atomicCallsAreAnnouncedWithArgumentsAndResult() throws Exception {
        assertEquals(List.of("call AtomicInteger.incrementAndGet on AtomicInteger []", "returned Integer:1"),
                eventsOf("Calls", "atomic"));
        assertEquals(List.of("call AtomicLong.addAndGet on AtomicLong [Long:5]", "returned Long:5"),
                eventsOf("Calls", "atomicLong"));
    }

    @Test
    void collectionCallsAreAnnouncedWithArgumentsAndResult() throws Exception {
        assertEquals(List.of("call Map.put on HashMap [String:k, Integer:1]", "returned null"), eventsOf("Calls", "put"));
        assertEquals(List.of("call ConcurrentHashMap.putIfAbsent on ConcurrentHashMap [String:a, Integer:1]",
                "returned null", "call List.add on ArrayList [String:x]", "returned Boolean:true",
                "call List.size on ArrayList []", "returned Integer:1"), eventsOf("Calls", "collections"));
    }

    @Test
    void varHandleCompareAndSetKeepsItsCallDescriptor() throws Exception {
        Object c = newInstance("Calls");
        try (Recorder r = new Recorder()) {
            assertEquals(true, call(c, "cas"));
            assertEquals(false, call(c, "cas"));
            assertEquals(List.of("call VarHandle.compareAndSet on VarHandle [Calls, Integer:0, Integer:1]",
                    "returned Boolean:true",
                    "call VarHandle.compareAndSet on VarHandle [Calls, Integer:0, Integer:1]",
                    "returned Boolean:false"), r.events());
        }
        Sites.Method m = Sites.method(Sites.method("java.lang.invoke.VarHandle", "compareAndSet",
                "(L" + FIXTURE.replace('.', '/') + "/Calls;II)Z"));
        assertEquals("compareAndSet", m.name());
    }

    @Test
    void sitesCarryClassMethodSourceFileAndLine() throws Exception {
        List<String> source = Files.readAllLines(Path.of("src/test/java", FIXTURE.replace('.', '/'), "Lines.java"));
        try (Recorder r = new Recorder()) {
            assertEquals(1, call("Lines", "run"));
            assertEquals(List.of("write Lines.x = Integer:1", "read Lines.x", "= Integer:1"), r.events());
            assertEquals(List.of(
                    new Sites.Site(FIXTURE + ".Lines", "run", "Lines.java", lineOf(source, "site:write")),
                    new Sites.Site(FIXTURE + ".Lines", "run", "Lines.java", lineOf(source, "site:read"))), r.sites());
            assertEquals("Lines.java:" + lineOf(source, "site:read"), r.sites().get(1).toString());
        }
    }

    private static int lineOf(List<String> source, String marker) {
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).contains("// " + marker)) {
                return i + 1;
            }
        }
        throw new AssertionError("no marker " + marker);
    }

    @Test
    void aHookThatThrowsWhileExitingDoesNotRunTheHandlerAgain() throws Exception {
        Object m = newInstance("Monitors");
        class Abort extends RuntimeException {}
        try (Recorder r = new Recorder() {
            @Override
            public void monitorExit(Object monitor, int site) {
                super.monitorExit(monitor, site);
                throw new Abort();
            }
        }) {
            assertInstanceOf(Abort.class, assertThrows(RuntimeException.class, () -> call(m, "block")));
            assertEquals(List.of("enter Object", "read Monitors.count", "= Integer:0",
                    "write Monitors.count = Integer:1", "exit Object"), r.events());
            r.clear();
            assertThrows(Abort.class, () -> call(m, "method"));
            assertEquals(List.of("enter Monitors", "read Monitors.count", "= Integer:1",
                    "write Monitors.count = Integer:2", "exit Monitors"), r.events());
        }
    }


    @Test
    void superNotifyAllIsReplacedToo() throws Exception {
        assertEquals(List.of("enter Monitors", "notifyAll Monitors", "exit Monitors"), eventsOf("Monitors", "superNotify"));
    }

    @Test
    void methodReferencesToHookedCallsGoThroughInstrumentedBridges() throws Exception {
        List<String> source = Files.readAllLines(Path.of("src/test/java", FIXTURE.replace('.', '/'), "MethodRefs.java"));
        try (Recorder r = new Recorder()) {
            assertEquals(3, call("MethodRefs", "run"));
            assertEquals(List.of(
                    "call List.forEach on List12 [lambda]", "start Thread", "start Thread",
                    "call List.iterator on List12 []", "returned ListItr", // the for-each loop
                    "join Thread 0", "join Thread 0",
                    "call AtomicInteger.incrementAndGet on AtomicInteger []", "returned Integer:1",
                    "call AtomicInteger.incrementAndGet on AtomicInteger []", "returned Integer:2",
                    "call AtomicInteger.incrementAndGet on AtomicInteger []", "returned Integer:3",
                    "call Map.put on HashMap [String:a, Integer:1]", "returned null",
                    "call AtomicInteger.get on AtomicInteger []", "returned Integer:3"), r.events());
            // the bridge's site is the method reference's: the enclosing method and its line
            assertEquals(new Sites.Site(FIXTURE + ".MethodRefs", "run", "MethodRefs.java", lineOf(source, "ref:start")),
                    r.sites().get(1));
        }
    }

    @Test
    void staticInitializersRunUnmanagedAndHooksResumeAfterThem() throws Exception {
        try (Recorder r = new Recorder()) {
            assertEquals(1, call("Init", "holder"));
            // the constructor's write ran inside Holder's static initializer: not a step
            assertEquals(List.of("read Holder.value", "= Integer:1"), r.events());
            r.clear();
            assertThrows(ExceptionInInitializerError.class, () -> call("Init", "failing"));
            // announced before the GETSTATIC that runs the initializer; its write to Holder.value is not a step
            assertEquals(List.of("read static Failing.value"), r.events());
            r.clear();
            assertEquals(1, call("Lines", "run"));
            assertEquals(List.of("write Lines.x = Integer:1", "read Lines.x", "= Integer:1"), r.events());
        }
    }
}
