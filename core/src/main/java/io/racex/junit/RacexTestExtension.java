package io.racex.junit;

import io.racex.RacexException;
import io.racex.explore.ExplorationResult;
import io.racex.explore.Explorer;
import io.racex.explore.Options;
import io.racex.report.TextReport;
import io.racex.schedule.Schedule;
import io.racex.store.java.JavaExplorer;
import io.racex.store.java.JavaStore;
import io.racex.store.java.instrument.InstrumentingClassLoader;
import io.racex.strategy.Dpor;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * Runs a {@link RacexTest}: instead of calling the test method once, explores it (see
 * {@link RacexTest}); the class loader that instruments the test class is made once per test
 * class and kept in the class's extension store.
 */
public final class RacexTestExtension implements InvocationInterceptor {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RacexTestExtension.class);

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext context) throws Throwable {
        invocation.skip();
        Method method = invocationContext.getExecutable();
        RacexTest config = AnnotationSupport.findAnnotation(method, RacexTest.class)
                .orElseThrow(() -> new ExtensionConfigurationException("racex: " + method + " is not a @RacexTest"));
        Class<?> testClass = context.getRequiredTestClass();
        validate(testClass, method, config);
        Schedule replay = null;
        Optional<Replay> r = AnnotationSupport.findAnnotation(method, Replay.class);
        if (r.isPresent()) {
            try {
                replay = Schedule.parse(r.get().value());
            } catch (RuntimeException e) {
                throw new ExtensionConfigurationException("@Replay on " + context.getDisplayName() + ": " + e.getMessage(), e);
            }
        }
        String[] extra = config.instrument();
        InstrumentingClassLoader loader = context.getParent().orElse(context).getStore(NAMESPACE)
                .getOrComputeIfAbsent(String.join(",", extra), k -> InstrumentingClassLoader.forClass(testClass, extra),
                        InstrumentingClassLoader.class);
        Class<?> reloaded = loader.loadClass(testClass.getName());
        Method body = reloaded.getDeclaredMethod(method.getName());
        body.setAccessible(true);
        Constructor<?> constructor = reloaded.getDeclaredConstructor();
        constructor.setAccessible(true);
        List<Method> before = accessible(AnnotationSupport.findAnnotatedMethods(reloaded, BeforeEach.class,
                HierarchyTraversalMode.TOP_DOWN));
        List<Method> after = accessible(AnnotationSupport.findAnnotatedMethods(reloaded, AfterEach.class,
                HierarchyTraversalMode.BOTTOM_UP));
        String name = testClass.getSimpleName() + "." + method.getName();
        JavaStore.Setup setup = () -> {
            Object instance = constructor.newInstance();
            for (Method m : before) {
                invoke(m, instance);
            }
            return instance;
        };
        JavaStore.NamedCode code = new JavaStore.NamedCode(method.getName() + "()", instance -> {
            invoke(body, instance);
            for (Method m : after) {
                invoke(m, instance);
            }
            return null;
        });
        Options options = Options.defaults().withMaxSchedules(config.maxSchedules());
        JavaExplorer.Outcome outcome = JavaExplorer.explore(slots -> {
            JavaStore.Slots flag = new JavaStore.Slots();
            List<JavaStore> stores = Collections.synchronizedList(new ArrayList<>());
            return new JavaExplorer.Attempt(JavaStore.test(name, "@RacexTest " + testClass.getName() + "#" + method.getName(),
                    setup, loader::resetStatics, code, slots, flag, stores::add), flag, stores);
        }, 2, options, Dpor::new, replay);
        ExplorationResult result = outcome.result();
        if (!result.sawSharedStep() && !result.failed()) {
            throw new RacexException(name + ": " + Explorer.NO_SHARED_STEP);
        }
        if (result.failed()) {
            AssertionError failure = new AssertionError(TextReport.renderForTest(result), outcome.thrown());
            throw failure;
        }
        context.publishReportEntry("racex", "PASS " + name + ": " + result.completeness());
    }

    private static void validate(Class<?> testClass, Method method, RacexTest config) {
        if (method.getParameterCount() > 0) {
            throw new ExtensionConfigurationException("@RacexTest " + method.getName() + " must take no parameters");
        }
        if (testClass.getEnclosingClass() != null && !Modifier.isStatic(testClass.getModifiers())) {
            throw new ExtensionConfigurationException("@RacexTest in " + testClass.getName()
                    + ": racex cannot make instances of an inner (@Nested) class; use a top-level or static nested class");
        }
        if (config.maxSchedules() < 1) {
            throw new ExtensionConfigurationException("@RacexTest(maxSchedules) on " + method.getName() + " must be positive");
        }
    }

    private static List<Method> accessible(List<Method> methods) {
        for (Method m : methods) {
            m.setAccessible(true);
        }
        return methods;
    }

    /** Calls {@code m}, throwing what it throws rather than a reflection wrapper. */
    private static void invoke(Method m, Object instance) throws Exception {
        try {
            m.invoke(instance);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception x) {
                throw x;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
