package io.racex.store.java.instrument;

import static io.racex.store.java.instrument.HookSequenceTest.FIXTURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.store.java.instrument.InstrumentingClassLoader.Filter;
import io.racex.store.java.instrument.fixture.Shared;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InstrumentingClassLoaderTest {
    private final ClassLoader plain = getClass().getClassLoader();
    private final InstrumentingClassLoader loader = new InstrumentingClassLoader(plain, Filter.of(FIXTURE));

    @AfterEach
    void uninstall() {
        Hooks.interceptor = null;
    }

    @Test
    void selectedClassesAreDefinedHereAndEverythingElseComesFromTheParent() throws Exception {
        Class<?> shared = loader.loadClass(FIXTURE + ".Shared");
        assertSame(loader, shared.getClassLoader());
        assertNotSame(Shared.class, shared);
        assertSame(shared, loader.loadClass(FIXTURE + ".Shared"));
        assertSame(String.class, loader.loadClass("java.lang.String"));
        assertSame(Hooks.class, loader.loadClass(Hooks.class.getName()));
        assertSame(getClass(), loader.loadClass(getClass().getName()));
        assertEquals(List.of(shared), loader.instrumentedClasses());
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(FIXTURE + ".Missing"));
        assertTrue(loader.isRegisteredAsParallelCapable());
    }

    @Test
    void classesComeFromTheParentsLocationWithTheirSourceAndLines() throws Exception {
        Class<?> monitors = loader.loadClass(FIXTURE + ".Monitors");
        Class<?> original = plain.loadClass(FIXTURE + ".Monitors");
        assertEquals(original.getProtectionDomain().getCodeSource().getLocation(),
                monitors.getProtectionDomain().getCodeSource().getLocation());
        assertEquals(original.getResource("Monitors.class"), monitors.getResource("Monitors.class"));
        assertEquals(original.getPackageName(), monitors.getPackageName());
        StackTraceElement thrownPlain = firstFrame(original);
        StackTraceElement thrownInstrumented = firstFrame(monitors);
        assertEquals("Monitors.java", thrownInstrumented.getFileName());
        assertEquals(thrownPlain.getLineNumber(), thrownInstrumented.getLineNumber());
        assertEquals("failing", thrownInstrumented.getMethodName());
        assertEquals(thrownPlain.toString(), thrownInstrumented.toString(), "no loader name in front of the frame");
    }

    private static StackTraceElement firstFrame(Class<?> monitors) throws Exception {
        Object m = monitors.getConstructor().newInstance();
        InvocationTargetException e = assertThrows(InvocationTargetException.class,
                () -> monitors.getMethod("failing").invoke(m));
        return e.getCause().getStackTrace()[0];
    }

    @Test
    void forClassInstrumentsThePackageOfTheGivenClass() throws Exception {
        InstrumentingClassLoader l = InstrumentingClassLoader.forClass(Shared.class);
        assertEquals(List.of(FIXTURE), l.filter().includes());
        assertSame(plain, l.getParent());
        assertSame(l, l.loadClass(Shared.class.getName()).getClassLoader());
        InstrumentingClassLoader again = InstrumentingClassLoader.forClass(l.loadClass(Shared.class.getName()), "com.example");
        assertSame(plain, again.getParent());
        assertEquals(List.of(FIXTURE, "com.example"), again.filter().includes());
    }

    @Test
    void filterSelectsPackagesAndClassesButNeverTheJdkTestToolsOrRacex() {
        Filter f = Filter.of("com.example", "org.shop.Cart.", "io.racex.samples", "io.racex.store.java.instrument.fixture")
                .excluding("com.example.generated");
        assertTrue(f.instruments("com.example.Bank"));
        assertTrue(f.instruments("com.example.sub.Account$Entry"));
        assertFalse(f.instruments("com.examples.Bank"));
        assertFalse(f.instruments("com.example.generated.Dto"));
        assertTrue(f.instruments("org.shop.Cart"));
        assertTrue(f.instruments("org.shop.Cart$Line"));
        assertFalse(f.instruments("org.shop.CartTest"));
        assertTrue(f.instruments("io.racex.samples.Transfer"));
        assertTrue(f.instruments("io.racex.store.java.instrument.fixture.Shared"));
        assertFalse(f.instruments("io.racex.store.java.instrument.Hooks"));
        Filter broad = Filter.of("", "java", "io", "org");
        assertFalse(broad.instruments("java.util.HashMap"));
        assertFalse(broad.instruments("io.racex.runtime.Runtime"));
        assertFalse(broad.instruments("org.junit.jupiter.api.Assertions"));
        assertFalse(broad.instruments("org.objectweb.asm.ClassReader"));
        assertTrue(broad.instruments("io.other.Thing"));
        assertTrue(broad.instruments("Toplevel"));
        assertFalse(Filter.of("io.racex.store.java").instruments("io.racex.store.java.JavaStore"));
        assertFalse(Filter.of("com.example").instruments("Toplevel"));
    }

    // ---- statics

    private Object get(Class<?> c, String field) throws Exception {
        return c.getField(field).get(null);
    }

    @Test
    void resetStaticsPutsNonFinalStaticsBackAndKeepsFinalOnes() throws Exception {
        // defined in the opposite order to their initialization: Derived's initializer reads Statics
        Class<?> derived = loader.loadClass(FIXTURE + ".Statics$Derived");
        Class<?> statics = loader.loadClass(FIXTURE + ".Statics");
        loader.loadClass(FIXTURE + ".Statics$Untouched");
        assertEquals(50, get(derived, "copy"));
        String fresh = (String) statics.getMethod("describe").invoke(null);
        assertEquals("5 init 1099511627776 3:0 false 0.5", fresh);
        Object identity = get(statics, "IDENTITY");

        statics.getMethod("mutate").invoke(null);
        derived.getField("copy").set(null, -1);
        assertNotEquals(fresh, statics.getMethod("describe").invoke(null));

        loader.resetStatics();
        assertEquals(fresh, statics.getMethod("describe").invoke(null));
        assertEquals(50, get(derived, "copy"), "Derived is reset after Statics, whose counter it reads");
        assertSame(identity, get(statics, "IDENTITY"), "a final static keeps its object");
        // the initializer ran again on the same final list; Untouched was never initialized, not even by the reset
        assertEquals(List.of("Statics", "Statics"), get(statics, "LOG"));
    }

    @Test
    void resetStaticsTwiceGivesTheSameState() throws Exception {
        Class<?> statics = loader.loadClass(FIXTURE + ".Statics");
        String fresh = (String) statics.getMethod("describe").invoke(null);
        for (int i = 0; i < 3; i++) {
            statics.getMethod("mutate").invoke(null);
            loader.resetStatics();
            assertEquals(fresh, statics.getMethod("describe").invoke(null));
        }
    }

    @Test
    void classesWithoutNonFinalStaticsAndEnumsGetNoReinit() throws Exception {
        for (String name : List.of("Shared", "Statics", "Lines", "Program$Color", "Program$Point")) {
            Class<?> c = loader.loadClass(FIXTURE + "." + name);
            boolean hasReinit = List.of(c.getDeclaredMethods()).stream().anyMatch(m -> m.getName().equals(Transformer.REINIT));
            boolean nonFinalStatics = List.of(c.getDeclaredFields()).stream().anyMatch(fd -> isNonFinalStatic(fd));
            assertEquals(nonFinalStatics && !c.isEnum(), hasReinit, name);
        }
    }

    private static boolean isNonFinalStatic(Field f) {
        int m = f.getModifiers();
        return java.lang.reflect.Modifier.isStatic(m) && !java.lang.reflect.Modifier.isFinal(m);
    }
}
