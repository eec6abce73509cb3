package io.racex.store.java.instrument;

import static io.racex.store.java.instrument.HookSequenceTest.FIXTURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.objectweb.asm.Opcodes.*;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.invoke.MethodType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.util.CheckClassAdapter;

/** The rewritten classes verify, behave as the originals when unmanaged, and cover the JDK calls listed. */
class TransformerTest {
    private final ClassLoader plain = getClass().getClassLoader();
    private final InstrumentingClassLoader loader =
            new InstrumentingClassLoader(plain, InstrumentingClassLoader.Filter.of(FIXTURE));

    @AfterEach
    void uninstall() {
        Hooks.interceptor = null;
    }

    static byte[] classFile(String className) throws IOException {
        try (InputStream in = TransformerTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            assertNotNull(in, className);
            return in.readAllBytes();
        }
    }

    /** Every class compiled from the fixture package, nested, synthetic and lambda-holding ones included. */
    static List<String> fixtureClasses() throws IOException, URISyntaxException {
        Path dir = Path.of(TransformerTest.class.getClassLoader().getResource(FIXTURE.replace('.', '/')).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .map(n -> FIXTURE + "." + n.substring(0, n.length() - ".class".length())).sorted().toList();
        }
    }

    /** CheckClassAdapter's data-flow verifier over every method; empty when the class verifies. */
    private String verify(byte[] bytes) {
        StringWriter out = new StringWriter();
        CheckClassAdapter.verify(new ClassReader(bytes), plain, false, new PrintWriter(out));
        return out.toString();
    }

    @Test
    void everyFixtureClassVerifiesAfterTransformation() throws Exception {
        List<String> classes = fixtureClasses();
        // records, enums, nested and inner classes, the enum switch map, a Thread subclass
        assertTrue(classes.containsAll(List.of(FIXTURE + ".Program$Color", FIXTURE + ".Program$Point",
                FIXTURE + ".Program$Circle", FIXTURE + ".Program$Inner", FIXTURE + ".Threads$Worker")), classes.toString());
        Transformer transformer = new Transformer(plain);
        for (String c : classes) {
            byte[] original = classFile(c);
            byte[] transformed = transformer.transform(original);
            assertEquals("", verify(transformed), c);
            assertTrue(transformed.length > 0);
        }
    }

    @Test
    void theVerificationUsedHereRejectsABrokenClass() {
        // control for the test above: a method that stores an int where a String is returned
        ClassWriter w = new ClassWriter(0);
        w.visit(V17, ACC_PUBLIC | ACC_SUPER, "gen/Broken", null, "java/lang/Object", null);
        MethodVisitor m = w.visitMethod(ACC_PUBLIC | ACC_STATIC, "broken", "()Ljava/lang/String;", null, null);
        m.visitCode();
        m.visitInsn(ICONST_1);
        m.visitInsn(ARETURN);
        m.visitMaxs(1, 0);
        m.visitEnd();
        w.visitEnd();
        assertFalse(verify(w.toByteArray()).isEmpty());
    }

    @Test
    void readsJava25ClassFiles() throws Exception {
        byte[] bytes = classFile(FIXTURE + ".Monitors");
        bytes[6] = 0;
        bytes[7] = 69; // major version of Java 25
        byte[] transformed = new Transformer(plain).transform(bytes);
        assertEquals(69, new ClassReader(transformed).readShort(6));
        assertEquals("", verify(transformed));
    }

    @Test
    void withoutAnInterceptorInstrumentedCodeBehavesAsTheOriginal() throws Exception {
        String original = (String) plain.loadClass(FIXTURE + ".Program").getMethod("run").invoke(null);
        Class<?> instrumented = loader.loadClass(FIXTURE + ".Program");
        assertEquals(loader, instrumented.getClassLoader());
        assertEquals(original, instrumented.getMethod("run").invoke(null));
        assertTrue(original.startsWith("12586269025,one,few,few,other,many,A?rgbr"), original);
    }

    @Test
    void anInterceptorOfAnotherThreadChangesNothing() throws Exception {
        String original = (String) plain.loadClass(FIXTURE + ".Program").getMethod("run").invoke(null);
        Thread other = new Thread(() -> {});
        Hooks.interceptor = new Recorder() {
            @Override
            public boolean managed() {
                return Thread.currentThread() == other;
            }
        };
        assertEquals(original, loader.loadClass(FIXTURE + ".Program").getMethod("run").invoke(null));
    }

    @Test
    void synchronizedAndLocksStillExcludeRealThreadsWhenUnmanaged() throws Exception {
        int threads = 4;
        int n = 20_000;
        Object result = loader.loadClass(FIXTURE + ".Counter").getMethod("race", int.class, int.class).invoke(null, threads, n);
        assertEquals((2 * threads * n) + " " + (threads * n) + " " + (threads * n), result);
    }

    // ---- monitors javac would not write: the conditional fallback

    /** {@code static void inc(Object lock) { aload0; monitorenter; count++; aload0; monitorexit; }}: no dup/astore. */
    private static byte[] unusualMonitors() {
        ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        w.visit(V17, ACC_PUBLIC | ACC_SUPER, "gen/Unusual", null, "java/lang/Object", null);
        w.visitField(ACC_PUBLIC | ACC_STATIC, "count", "I", null, null).visitEnd();
        MethodVisitor m = w.visitMethod(ACC_PUBLIC | ACC_STATIC, "inc", "(Ljava/lang/Object;)V", null, null);
        m.visitCode();
        m.visitVarInsn(ALOAD, 0);
        m.visitInsn(MONITORENTER);
        m.visitFieldInsn(GETSTATIC, "gen/Unusual", "count", "I");
        m.visitInsn(ICONST_1);
        m.visitInsn(IADD);
        m.visitFieldInsn(PUTSTATIC, "gen/Unusual", "count", "I");
        m.visitVarInsn(ALOAD, 0);
        m.visitInsn(MONITOREXIT);
        m.visitInsn(RETURN);
        m.visitMaxs(0, 0);
        m.visitEnd();
        w.visitEnd();
        return w.toByteArray();
    }

    private static Class<?> define(byte[] bytes) {
        return new ClassLoader(TransformerTest.class.getClassLoader()) {
            Class<?> define() {
                return defineClass(null, bytes, 0, bytes.length);
            }
        }.define();
    }

    @Test
    void monitorsNotShapedByJavacUseConditionalEnterAndExit() throws Exception {
        byte[] transformed = new Transformer(plain).transform(unusualMonitors());
        assertEquals("", verify(transformed));
        ClassNode node = new ClassNode();
        new ClassReader(transformed).accept(node, 0);
        List<String> hooks = new ArrayList<>();
        for (MethodNode m : node.methods) {
            m.instructions.forEach(i -> {
                if (i instanceof org.objectweb.asm.tree.MethodInsnNode call && call.name.startsWith("monitor")) {
                    hooks.add(call.name);
                }
            });
        }
        assertEquals(List.of("monitorEnter", "monitorExit"), hooks);

        Class<?> c = define(transformed);
        Object lock = new Object();
        try (Recorder r = new Recorder()) {
            c.getMethod("inc", Object.class).invoke(null, lock);
            assertEquals(List.of("enter Object", "read static Unusual.count", "= Integer:0",
                    "write static Unusual.count = Integer:1", "exit Object"), r.events());
        }
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                try {
                    for (int k = 0; k < 20_000; k++) {
                        c.getMethod("inc", Object.class).invoke(null, lock);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(1 + 4 * 20_000, c.getField("count").get(null));
    }

    @Test
    void javacMonitorsStayBalanced() throws Exception {
        // balanced: every path locks and unlocks the object in our local, so HotSpot still JIT-compiles the method
        ClassNode node = new ClassNode();
        new ClassReader(new Transformer(plain).transform(classFile(FIXTURE + ".Monitors"))).accept(node, 0);
        for (MethodNode m : node.methods) {
            assertEquals(0, m.access & ACC_SYNCHRONIZED, m.name);
            m.instructions.forEach(i -> {
                if (i instanceof org.objectweb.asm.tree.MethodInsnNode call) {
                    assertFalse(call.name.equals("monitorEnter"), m.name + " uses the conditional enter");
                }
            });
        }
    }

    // ---- the call table

    /** Every JDK call the brief lists, as (owner, name, descriptor, static). */
    private static final String[][] REPLACED = {
        {"java/lang/Object", "wait", "()V"}, {"java/lang/Object", "wait", "(J)V"}, {"java/lang/Object", "wait", "(JI)V"},
        {"java/lang/Object", "notify", "()V"}, {"java/lang/Object", "notifyAll", "()V"},
        {FIXTURE.replace('.', '/') + "/Monitors", "notify", "()V"},
        {"java/lang/Thread", "start", "()V"}, {"java/lang/Thread", "join", "()V"}, {"java/lang/Thread", "join", "(J)V"},
        {"java/lang/Thread", "join", "(JI)V"}, {"java/lang/Thread", "interrupt", "()V"},
        {"java/lang/Thread", "isInterrupted", "()Z"}, {"java/lang/Thread", "isAlive", "()Z"},
        {FIXTURE.replace('.', '/') + "/Threads$Worker", "start", "()V"},
        {"java/lang/Thread", "yield", "()V", "static"}, {"java/lang/Thread", "sleep", "(J)V", "static"},
        {"java/lang/Thread", "sleep", "(JI)V", "static"}, {"java/lang/Thread", "interrupted", "()Z", "static"},
        {"java/lang/Thread", "currentThread", "()Ljava/lang/Thread;", "static"},
        {"java/util/concurrent/locks/LockSupport", "park", "()V", "static"},
        {"java/util/concurrent/locks/LockSupport", "park", "(Ljava/lang/Object;)V", "static"},
        {"java/util/concurrent/locks/LockSupport", "parkNanos", "(J)V", "static"},
        {"java/util/concurrent/locks/LockSupport", "parkNanos", "(Ljava/lang/Object;J)V", "static"},
        {"java/util/concurrent/locks/LockSupport", "unpark", "(Ljava/lang/Thread;)V", "static"},
        {"java/util/concurrent/locks/ReentrantLock", "lock", "()V"},
        {"java/util/concurrent/locks/Lock", "lockInterruptibly", "()V"},
        {"java/util/concurrent/locks/ReentrantReadWriteLock$ReadLock", "tryLock", "()Z"},
        {"java/util/concurrent/locks/ReentrantReadWriteLock$WriteLock", "tryLock", "(JLjava/util/concurrent/TimeUnit;)Z"},
        {"java/util/concurrent/locks/Lock", "unlock", "()V"},
        {"java/util/concurrent/locks/ReentrantLock", "newCondition", "()Ljava/util/concurrent/locks/Condition;"},
        {"java/util/concurrent/locks/Condition", "await", "()V"},
        {"java/util/concurrent/locks/Condition", "await", "(JLjava/util/concurrent/TimeUnit;)Z"},
        {"java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject", "awaitNanos", "(J)J"},
        {"java/util/concurrent/locks/Condition", "awaitUninterruptibly", "()V"},
        {"java/util/concurrent/locks/Condition", "signal", "()V"},
        {"java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject", "signalAll", "()V"},
        {"java/util/concurrent/Semaphore", "acquire", "()V"}, {"java/util/concurrent/Semaphore", "acquire", "(I)V"},
        {"java/util/concurrent/Semaphore", "acquireUninterruptibly", "()V"},
        {"java/util/concurrent/Semaphore", "acquireUninterruptibly", "(I)V"},
        {"java/util/concurrent/Semaphore", "tryAcquire", "()Z"}, {"java/util/concurrent/Semaphore", "tryAcquire", "(I)Z"},
        {"java/util/concurrent/Semaphore", "tryAcquire", "(JLjava/util/concurrent/TimeUnit;)Z"},
        {"java/util/concurrent/Semaphore", "tryAcquire", "(IJLjava/util/concurrent/TimeUnit;)Z"},
        {"java/util/concurrent/Semaphore", "release", "()V"}, {"java/util/concurrent/Semaphore", "release", "(I)V"},
        {"java/util/concurrent/CountDownLatch", "await", "()V"},
        {"java/util/concurrent/CountDownLatch", "await", "(JLjava/util/concurrent/TimeUnit;)Z"},
        {"java/util/concurrent/CountDownLatch", "countDown", "()V"},
    };

    @Test
    void everyListedJdkCallHasAHookWithTheDerivedDescriptor() throws Exception {
        Hierarchy hierarchy = new Hierarchy(plain);
        for (String[] call : REPLACED) {
            JdkCalls.Replacement r = JdkCalls.replacement(hierarchy, call.length > 3 ? INVOKESTATIC : INVOKEVIRTUAL, call[0], call[1], call[2]);
            assertNotNull(r, String.join(" ", call));
            MethodType type = MethodType.fromMethodDescriptorString(r.descriptor(), plain);
            var hook = Hooks.class.getMethod(r.name(), type.parameterArray());
            assertEquals(type.returnType(), hook.getReturnType(), r.toString());
            assertTrue(java.lang.reflect.Modifier.isStatic(hook.getModifiers()), r.toString());
        }
    }

    @Test
    void callsThatMustStayRealAreNotReplaced() {
        Hierarchy hierarchy = new Hierarchy(plain);
        // super.start() in a Thread subclass stays real; a static call named like a Thread one is not it
        assertEquals(null, JdkCalls.replacement(hierarchy, INVOKESTATIC, FIXTURE.replace('.', '/') + "/Shared", "sleep", "(J)V"));
        assertEquals(null, JdkCalls.replacement(hierarchy, INVOKEVIRTUAL, "java/util/concurrent/locks/ReentrantLock", "isLocked", "()Z"));
        assertEquals(null, JdkCalls.replacement(hierarchy, INVOKESPECIAL, "java/lang/Thread", "start", "()V"));
        assertNotNull(JdkCalls.replacement(hierarchy, INVOKESPECIAL, "java/lang/Object", "notifyAll", "()V"));
        assertFalse(JdkCalls.announced("java/util/HashMap", "<init>"));
        assertFalse(JdkCalls.announced("java/util/Iterator", "next"));
        assertFalse(JdkCalls.announced("java/util/concurrent/Semaphore", "availablePermits"));
        assertFalse(JdkCalls.announced("java/lang/invoke/VarHandle", "varType"));
        assertTrue(JdkCalls.announced("java/lang/invoke/VarHandle", "getAndAdd"));
        assertTrue(JdkCalls.announced("java/util/concurrent/atomic/AtomicReferenceFieldUpdater", "compareAndSet"));
        assertTrue(JdkCalls.announced("java/util/concurrent/ConcurrentLinkedQueue", "poll"));
        assertTrue(JdkCalls.announced("java/util/Deque", "push"));
    }

    @Test
    void classesWithoutCodeToRewriteStillLoad() throws Exception {
        byte[] bytes = new Transformer(plain).transform(classFile(FIXTURE + ".Program$Shape"));
        assertEquals("", verify(bytes));
        assertEquals(Type.getInternalName(Object.class), new ClassReader(bytes).getSuperName());
    }
}
