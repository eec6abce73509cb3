package io.racex.cli;

import io.racex.samples.java.Bank;
import io.racex.samples.java.Message;
import java.lang.reflect.Method;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;

/**
 * Lincheck's model checker on exactly racex's two-operation seed scenarios, on the same plain Java
 * classes racex's {@code transfer} and {@code append} explore ({@link Bank}, {@link Message}): the
 * two operations in parallel, then one operation that reads the final state (Lincheck judges operation results, so
 * the state must be returned to be judged, as racex judges the final state). Lincheck checks the
 * results against its sequential runs of the same class, as racex checks against serial orders.
 * Found by {@code racex bench} through {@link java.util.ServiceLoader} when the test classpath is
 * used (the {@code bench} Maven profile); never part of racex.jar.
 */
public final class LincheckRival implements BenchCommand.Rival {
    @Override
    public String name() {
        return "Lincheck 2.39 model checking";
    }

    @Override
    public boolean supports(String sample) {
        return sample.equals("transfer") || sample.equals("append");
    }

    @Override
    public String findBug(String sample) throws Exception {
        if (Runtime.version().feature() > 21) {
            // its bytecode tooling reads class files up to JDK 21
            throw new UnsupportedOperationException("Lincheck 2.39 does not run on JDK " + Runtime.version().feature());
        }
        Class<?> test = sample.equals("transfer") ? Transfer.class : Append.class;
        ExecutionScenario scenario = sample.equals("transfer")
                ? scenario(test, "transferBA", "transferCA", "balances")
                : scenario(test, "update", "update", "read");
        ModelCheckingOptions options = new ModelCheckingOptions().iterations(0).addCustomScenario(scenario);
        try {
            LinChecker.check(test, options);
        } catch (AssertionError e) {
            // LincheckAssertionError: the message starts with the kind of failure, then the interleaving
            for (String line : String.valueOf(e.getMessage()).split("\n")) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
            return e.getClass().getSimpleName();
        }
        return null;
    }

    private static ExecutionScenario scenario(Class<?> test, String first, String second, String post) throws NoSuchMethodException {
        return new ExecutionScenario(List.of(),
                List.of(List.of(actor(test, first)), List.of(actor(test, second))),
                List.of(actor(test, post)), null);
    }

    private static Actor actor(Class<?> test, String method) throws NoSuchMethodException {
        Method m = test.getMethod(method);
        return new Actor(m, List.of());
    }

    /** racex's {@code transfer}: the same {@link Bank} object the sample explores, its operations forwarded. */
    public static final class Transfer {
        private final Bank bank = new Bank(100, 200, 150);

        @Operation
        public void transferBA() {
            bank.transfer("b", "a", 100);
        }

        @Operation
        public void transferCA() {
            bank.transfer("c", "a", 50);
        }

        @Operation
        public String balances() {
            return bank.balances();
        }
    }

    /** racex's {@code append}: the sample's {@link Message}, 'a' appended twice. */
    public static final class Append {
        private final Message message = new Message("msg a");

        @Operation
        public void update() {
            message.update("a");
        }

        @Operation
        public String read() {
            return message.text();
        }
    }
}
