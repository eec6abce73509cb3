package io.racex.junit;

import io.racex.RacexException;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.report.TextReport;
import io.racex.Schedule;
import io.racex.store.java.JavaExplorer;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs a {@link RacexTest}: instead of calling the test method once, explores it (see
 * {@link RacexTest}, and {@link RacexTests}, which does the work and serves runners without JUnit).
 */
public final class RacexTestExtension implements InvocationInterceptor {
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
        Options options = Options.defaults().withMaxSchedules(config.maxSchedules());
        JavaExplorer.Outcome outcome;
        try {
            outcome = RacexTests.explore(testClass, method, options, replay, config.instrument());
        } catch (RacexException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
        String name = testClass.getSimpleName() + "." + method.getName();
        ExplorationResult result = outcome.result();
        if (!result.sawSharedStep() && !result.failed()) {
            throw new RacexException(name + ": " + ExplorationResult.NO_SHARED_STEP);
        }
        if (result.failed()) {
            throw new AssertionError(TextReport.renderForTest(result), outcome.thrown());
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

}
