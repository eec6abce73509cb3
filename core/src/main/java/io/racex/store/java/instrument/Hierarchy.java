package io.racex.store.java.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What the transformer needs to know about other classes (super classes, interfaces, field flags),
 * read from class files through a class loader's resources with ASM, never by loading the classes:
 * loading them while transforming would define them in the wrong loader, or recurse into the
 * class being defined.
 */
final class Hierarchy {
    /** One class file's header and fields; {@code fields} maps name + descriptor to access flags. */
    record ClassInfo(String name, int access, String superName, List<String> interfaces, Map<String, Integer> fields) {
        boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }
    }

    /** Where a field reference resolves: the declaring class (internal name) and the field's flags. */
    record FieldInfo(String owner, int access) {
        boolean isFinal() {
            return (access & Opcodes.ACC_FINAL) != 0;
        }

        boolean isVolatile() {
            return (access & Opcodes.ACC_VOLATILE) != 0;
        }
    }

    private static final String OBJECT = "java/lang/Object";

    private final ClassLoader classFiles;
    private final Map<String, Optional<ClassInfo>> cache = new ConcurrentHashMap<>();

    /** {@code classFiles}: whose resources hold the class files; null means the system class loader. */
    Hierarchy(ClassLoader classFiles) {
        this.classFiles = classFiles != null ? classFiles : ClassLoader.getSystemClassLoader();
    }

    /** Makes a class known from its bytes (the class being transformed may not be a resource). */
    void add(ClassReader reader) {
        ClassInfo info = read(reader);
        cache.put(info.name(), Optional.of(info));
    }

    /** The class's header, or null when no class file for it can be found. */
    ClassInfo info(String internalName) {
        return cache.computeIfAbsent(internalName, this::load).orElse(null);
    }

    private Optional<ClassInfo> load(String internalName) {
        if (internalName.startsWith("[")) {
            return Optional.empty();
        }
        try (InputStream in = classFiles.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(read(new ClassReader(in)));
        } catch (IOException | RuntimeException e) {
            // an unreadable class file is treated like a missing one: callers fall back to safe defaults
            return Optional.empty();
        }
    }

    private static ClassInfo read(ClassReader reader) {
        Map<String, Integer> fields = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                fields.put(name + descriptor, access);
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassInfo(reader.getClassName(), reader.getAccess(), reader.getSuperName(),
                List.of(reader.getInterfaces()), Map.copyOf(fields));
    }

    /** Whether {@code name} is {@code ancestor} or a class that extends it (classes only, not interfaces). */
    boolean isSubclass(String name, String ancestor) {
        for (String c = name; c != null; ) {
            if (c.equals(ancestor)) {
                return true;
            }
            ClassInfo info = info(c);
            c = info == null ? null : info.superName();
        }
        return false;
    }

    /**
     * Resolves a field reference as the JVM does (JVMS 5.4.3.2: the class, its super interfaces,
     * then its super class), or null when the declaring class cannot be found.
     */
    FieldInfo field(String owner, String name, String descriptor) {
        return field(owner, name + descriptor, new HashSet<>());
    }

    private FieldInfo field(String owner, String key, Set<String> seen) {
        if (owner == null || !seen.add(owner)) {
            return null;
        }
        ClassInfo info = info(owner);
        if (info == null) {
            return null;
        }
        Integer access = info.fields().get(key);
        if (access != null) {
            return new FieldInfo(owner, access);
        }
        for (String i : info.interfaces()) {
            FieldInfo f = field(i, key, seen);
            if (f != null) {
                return f;
            }
        }
        return field(info.superName(), key, seen);
    }

    /**
     * The most specific common super class, for frame computation. Interfaces and unknown classes
     * merge to {@code java/lang/Object}, which the verifier accepts wherever an interface is expected.
     */
    String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        ClassInfo ia = info(a);
        ClassInfo ib = info(b);
        if (ia == null || ib == null || ia.isInterface() || ib.isInterface()) {
            return OBJECT;
        }
        Set<String> ancestorsOfB = new HashSet<>();
        for (String c = b; c != null; ) {
            ancestorsOfB.add(c);
            ClassInfo info = info(c);
            c = info == null ? null : info.superName();
        }
        for (String c = a; c != null; ) {
            if (ancestorsOfB.contains(c)) {
                return c;
            }
            ClassInfo info = info(c);
            c = info == null ? null : info.superName();
        }
        return OBJECT;
    }
}
