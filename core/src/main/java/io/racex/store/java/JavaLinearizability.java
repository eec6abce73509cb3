package io.racex.store.java;

import io.racex.ExplorationResult;
import io.racex.Linearizability;
import io.racex.Options;
import io.racex.Schedule;
import io.racex.store.java.instrument.InstrumentingClassLoader;
import io.racex.strategy.Dpor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the scenarios of a {@link Linearizability} check on the real class: loads the class under
 * test through racex's instrumenting class loader (the packages of the test, of the methods the
 * lambdas name, and those the user added), resolves each lambda to the method it calls there (see
 * {@link Lambdas}) and explores each scenario as a {@link JavaStore}.
 */
public final class JavaLinearizability implements Linearizability.Runner {
    private static final Map<String, InstrumentingClassLoader> LOADERS = new ConcurrentHashMap<>();

    private final InstrumentingClassLoader loader;
    private final Lambdas.Invocable make;
    private final Map<Linearizability.OpDef, Lambdas.Invocable> resolved = new ConcurrentHashMap<>();
    private final String name;
    private final long maxSchedules;

    /** A runner for the object {@code factory} makes and the operations {@code operations}. */
    public JavaLinearizability(Serializable factory, List<Linearizability.OpDef> operations, List<String> instrument,
                               long maxSchedules) {
        Class<?> capturing = Lambdas.capturingClass(factory);
        Set<String> packages = new LinkedHashSet<>(instrument);
        packages.add(Lambdas.implementationPackage(factory));
        for (Linearizability.OpDef d : operations) {
            packages.add(Lambdas.implementationPackage(d.lambda()));
        }
        String[] extra = packages.toArray(new String[0]);
        loader = LOADERS.computeIfAbsent(capturing.getName() + "|" + String.join(",", extra),
                k -> InstrumentingClassLoader.forClass(capturing, extra));
        make = Lambdas.resolve(factory, loader);
        // named after the class under test, which the report is about, not the test that checks it
        name = Lambdas.madeClass(factory).orElse(capturing.getSimpleName()) + " linearizability";
        this.maxSchedules = maxSchedules;
    }

    @Override
    public String name() {
        return name;
    }

    private Lambdas.Invocable invocable(Linearizability.OpDef d) {
        return resolved.computeIfAbsent(d, x -> Lambdas.resolve(x.lambda(), loader));
    }

    @Override
    public ExplorationResult explore(List<List<Linearizability.Call>> scenario, String description, Schedule replay,
                                     boolean quick) {
        List<List<JavaStore.NamedCode>> codes = new ArrayList<>();
        for (List<Linearizability.Call> t : scenario) {
            List<JavaStore.NamedCode> list = new ArrayList<>();
            for (Linearizability.Call c : t) {
                Lambdas.Invocable inv = invocable(c.def());
                list.add(new JavaStore.NamedCode(c.label(), target -> c.def().gen() == null ? inv.invoke(target)
                        : inv.invoke(target, c.argument())));
            }
            codes.add(list);
        }
        JavaStore.Setup setup = () -> {
            try {
                return make.invoke();
            } catch (Exception | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
        Options options = Options.defaults().withMaxSchedules(maxSchedules);
        if (quick) {
            options = options.withStopAtFirstViolation(true).withMinimize(false);
        }
        return JavaExplorer.explore(slots -> {
            JavaStore.Slots flag = new JavaStore.Slots();
            return new JavaExplorer.Attempt(JavaStore.operations(name, description, setup, loader::resetStatics, codes, slots,
                    flag), flag, Collections.synchronizedList(new ArrayList<>()));
        }, 0, options, Dpor::new, replay).result();
    }
}
