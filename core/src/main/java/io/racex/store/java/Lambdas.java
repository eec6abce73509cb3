package io.racex.store.java;

import io.racex.RacexException;
import io.racex.store.java.instrument.InstrumentingClassLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.IntInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * Runs a test's lambdas and method references on instrumented classes. A lambda written in a test
 * belongs to the test class as the application class loader loaded it, so the objects it makes
 * are not instrumented. Racex's functional interfaces are {@link Serializable}, so the compiler
 * records what each lambda calls ({@link SerializedLambda}: the class and method implementing it
 * and the values it captured); racex calls that same method in the class loaded by its
 * instrumenting loader instead, with the captured values. This works under a plain
 * {@code mvn test} (no agent, no JVM flag).
 *
 * <p>Captured values must be plain values (numbers, strings, enum constants of the JDK) or the
 * test instance itself (a fresh instance of the instrumented test class stands in for it); an
 * object of an instrumented class made outside racex cannot be passed in.
 */
public final class Lambdas {
    private Lambdas() {}

    /** A resolved lambda: call it with the lambda's own parameters. */
    public interface Invocable {
        Object invoke(Object... arguments) throws Throwable;
    }

    /** What the compiler recorded about {@code lambda}. */
    public static SerializedLambda serialized(Serializable lambda) {
        try {
            Method m = lambda.getClass().getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return (SerializedLambda) m.invoke(lambda);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new RacexException("racex cannot see into " + lambda.getClass().getName()
                    + ": pass a lambda or method reference (racex re-loads what it calls with instrumentation)", e);
        }
    }

    /** The class whose code wrote the lambda, as its own class loader loaded it. */
    public static Class<?> capturingClass(Serializable lambda) {
        SerializedLambda s = serialized(lambda);
        try {
            return Class.forName(s.getCapturingClass().replace('/', '.'), false, lambda.getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new RacexException("racex cannot find the class of a lambda: " + s.getCapturingClass(), e);
        }
    }

    /** The package of the class implementing {@code lambda} (a method reference's class). */
    public static String implementationPackage(Serializable lambda) {
        String c = serialized(lambda).getImplClass().replace('/', '.');
        int dot = c.lastIndexOf('.');
        return dot < 0 ? "" : c.substring(0, dot);
    }

    /** {@code lambda}'s implementation, found in {@code loader}. */
    public static Invocable resolve(Serializable lambda, InstrumentingClassLoader loader) {
        SerializedLambda s = serialized(lambda);
        String implClass = s.getImplClass().replace('/', '.');
        Class<?> owner;
        Executable target;
        try {
            owner = Class.forName(implClass, true, loader);
            Class<?>[] params = MethodType.fromMethodDescriptorString(s.getImplMethodSignature(), loader).parameterArray();
            target = s.getImplMethodKind() == MethodHandleInfo.REF_newInvokeSpecial
                    ? owner.getDeclaredConstructor(params) : owner.getDeclaredMethod(s.getImplMethodName(), params);
            target.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new RacexException("racex cannot find " + implClass + "." + s.getImplMethodName() + " through its class loader: "
                    + e, e);
        }
        Object[] captured = new Object[s.getCapturedArgCount()];
        for (int i = 0; i < captured.length; i++) {
            captured[i] = carry(s.getCapturedArg(i), s, loader);
        }
        int kind = s.getImplMethodKind();
        return arguments -> {
            Object[] all = new Object[captured.length + arguments.length];
            System.arraycopy(captured, 0, all, 0, captured.length);
            System.arraycopy(arguments, 0, all, captured.length, arguments.length);
            try {
                if (target instanceof Constructor<?> c) {
                    return c.newInstance(all);
                }
                Method m = (Method) target;
                if (kind == MethodHandleInfo.REF_invokeStatic) {
                    return m.invoke(null, all);
                }
                return m.invoke(all[0], Arrays.copyOfRange(all, 1, all.length));
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
    }

    /** A captured value as the instrumented code may receive it. */
    private static Object carry(Object v, SerializedLambda s, InstrumentingClassLoader loader) {
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof Character) {
            return v;
        }
        String name = v.getClass().getName();
        if (name.equals(s.getCapturingClass().replace('/', '.'))) {
            try {
                Constructor<?> c = Class.forName(name, true, loader).getDeclaredConstructor();
                c.setAccessible(true);
                return c.newInstance(); // the test instance: a fresh one of the instrumented test class
            } catch (ReflectiveOperationException e) {
                throw new RacexException("a lambda uses the test instance, and racex cannot make an instance of " + name
                        + " (it needs a constructor without parameters)", e);
            }
        }
        if (loader.filter().instruments(name)) {
            throw new RacexException("a lambda captures a " + v.getClass().getSimpleName() + " made outside racex; racex runs the"
                    + " lambda on instrumented classes and cannot pass it in: capture only numbers and strings, and make objects"
                    + " inside the lambda");
        }
        return v;
    }

    /**
     * The simple name of the class a factory makes, for naming what is checked: a constructor
     * reference's class ({@code BankAccount::new}), else the declared return type of the lambda's
     * body ({@code () -> new BankAccount(100)} compiles to a method returning {@code BankAccount});
     * empty when only {@code Object} is known.
     */
    public static java.util.Optional<String> madeClass(Serializable factory) {
        SerializedLambda s = serialized(factory);
        String internal = s.getImplMethodKind() == java.lang.invoke.MethodHandleInfo.REF_newInvokeSpecial ? s.getImplClass()
                : org.objectweb.asm.Type.getReturnType(s.getImplMethodSignature()).getSort() == org.objectweb.asm.Type.OBJECT
                        ? org.objectweb.asm.Type.getReturnType(s.getImplMethodSignature()).getInternalName() : null;
        if (internal == null || internal.equals("java/lang/Object")) {
            return java.util.Optional.empty();
        }
        String simple = internal.substring(internal.lastIndexOf('/') + 1);
        return java.util.Optional.of(simple.substring(simple.lastIndexOf('$') + 1));
    }

    /**
     * A name for reports: a method reference's method ({@code withdraw}); for a lambda, the first
     * method it calls with the constants passed to it ({@code withdraw(80)}), else {@code op}.
     */
    public static String describe(Serializable lambda) {
        SerializedLambda s = serialized(lambda);
        if (!s.getImplMethodName().startsWith("lambda$")) {
            return s.getImplMethodName();
        }
        try (InputStream in = lambda.getClass().getClassLoader().getResourceAsStream(s.getImplClass() + ".class")) {
            if (in == null) {
                return "op";
            }
            ClassNode node = new ClassNode();
            new ClassReader(in).accept(node, ClassReader.SKIP_FRAMES);
            for (MethodNode m : node.methods) {
                if (m.name.equals(s.getImplMethodName()) && m.desc.equals(s.getImplMethodSignature())) {
                    return firstCall(m);
                }
            }
        } catch (IOException | RuntimeException e) {
            return "op";
        }
        return "op";
    }

    private static String firstCall(MethodNode m) {
        List<String> constants = new ArrayList<>();
        for (AbstractInsnNode insn : m.instructions) {
            int op = insn.getOpcode();
            if (op >= Opcodes.ICONST_M1 && op <= Opcodes.ICONST_5) {
                constants.add(Integer.toString(op - Opcodes.ICONST_0));
            } else if (insn instanceof IntInsnNode i && (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH)) {
                constants.add(Integer.toString(i.operand));
            } else if (insn instanceof LdcInsnNode l) {
                constants.add(l.cst instanceof String str ? "\"" + str + "\"" : String.valueOf(l.cst));
            } else if (insn instanceof MethodInsnNode call) {
                if (call.name.equals("valueOf") || call.name.equals("<init>")) {
                    continue; // boxing of the arguments
                }
                return call.name + "(" + String.join(", ", constants) + ")";
            }
        }
        return "op";
    }
}
